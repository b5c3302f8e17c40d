"""The push every desktop sends after each call, served on the event loop when it can be
(PostgreSQL): its two statements run on the loop's own connections (quick_pull.LoopPage),
past the worker thread and SQLAlchemy's Session and transaction.

A batch of plain outcomes (server.sync's `_plain_batch`: no do-not-call, no sale, no
survey) from a cached token costs two statements on the thread path already: the first
reads the token's session, the answered ids and the items with their customers,
campaigns and history (`sync.KNOWN_AND_ROWS`); the last writes the call records, the
audit entries, the stored answers, the items' new state, the lead's roll-ups and the
change feed (server.json_rows). Around them the thread path spent about a millisecond of
CPU of a push's 2.6 on the bench machine: the hop to the worker thread and back, the
Session (its BEGIN and COMMIT round trips and its transaction's bookkeeping), and the
wake-ups of a thread per round trip (docs/performance.md, "The push on the event loop").

Here the same code judges the batch (`sync.begin_batch`, `sync.judge_batch`,
`push_state.answer`) in a `NoDatabase` session: a Session that never reaches the
database. Its writes through server.raw_sql are kept, not run (`raw_sql.DEFERRED`); any
read, flush or other statement raises `raw_sql.NeedsDatabase`. The batch is then served
here only if it wrote exactly one statement and left nothing for the commit hooks
(changes' `_publish`, the lead's roll-ups); that statement runs in autocommit, so it is
its own transaction: all of the batch or none of it, as the thread path's commit.

Anything else returns None before anything was written, and the push is served on a
worker thread as before, from scratch: a batch that needs a read of its own (a sale's
offer, a do-not-call check, a survey, a resent action, an item another agent called
lately), a team lead's token, every loop connection busy, a database error (the write
too: a concurrent request's same action id is then answered by the thread path as a
duplicate).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from server import changes, push_state, raw_sql, serialize, sync
from server import models as m
from server.lead import stats
from server.push_body import InvalidAction
from server.quick_pull import LoopPage
from wire.schema import ActionResult, Disposition, OutcomeAction, PushAction, PushResponse


class NoDatabase(Session):
    """A Session that never reaches the database: its writes through server.raw_sql are
    kept in `raw_sql.DEFERRED`; anything that would run a statement raises
    `raw_sql.NeedsDatabase` (a `get` of an object not in the identity map, `execute`,
    `scalars`, a flush of pending objects). Its bind names the dialect only."""

    def __init__(self, engine: Engine) -> None:
        super().__init__(bind=engine, autoflush=False)
        self.info[raw_sql.DEFERRED] = []

    def connection(self, *args: Any, **kwargs: Any) -> Any:
        raise raw_sql.NeedsDatabase("connection")

    def _execute_internal(self, *args: Any, **kwargs: Any) -> Any:  # (execute, scalars...)
        raise raw_sql.NeedsDatabase("execute")

    def flush(self, objects: Sequence[Any] | None = None) -> None:
        if self.new or self.dirty or self.deleted:
            raise raw_sql.NeedsDatabase("flush")

    def deferred(self) -> list[raw_sql.Prepared]:
        return list(self.info[raw_sql.DEFERRED])


def may_serve(actions: Sequence[PushAction | InvalidAction]) -> bool:
    """Whether the batch is worth trying here: outcomes (or invalid actions) none of which
    needs a read of its own (an offer, a sale's do-not-call check, a survey, a payment
    promise's SMS). The rest is found out by judging it (`NoDatabase`)."""
    return bool(actions) and all(
        isinstance(a, InvalidAction) or (
            isinstance(a, OutcomeAction) and a.offer_id is None and not a.survey_answers
            and a.promised_on is None
            and a.disposition not in (Disposition.DO_NOT_CALL, Disposition.ACCEPTED))
        for a in actions)


Answer = serialize.WithItems[PushResponse]


class LoopPush:
    """Plain batches served on the event loop, on `connections`' connections."""

    def __init__(self, connections: LoopPage, engine: Engine,
                 notify: Callable[[], None]) -> None:
        self._connections, self._engine, self._notify = connections, engine, notify

    async def run(self, user: m.User, digest: str,
                  confirm: Callable[[changes.SessionRow | None], None],
                  actions: Sequence[PushAction | InvalidAction], origin: str | None
                  ) -> tuple[Answer, list[ActionResult]] | None:
        """The batch's answer and results, committed; or None, nothing written (see the
        module). `confirm(row)` checks the cached token's session as the first statement
        read it, raising auth.StaleSession or an ApiError as server.api's push does."""
        if not may_serve(actions):
            return None
        dialect = self._engine.dialect
        bag = NoDatabase(self._engine)
        try:
            audience = sync.queue_audience(bag, user)
            work = sync.begin_batch(bag, user, actions, origin)
            if not work.plain:
                return None
            first_sql = raw_sql.prepare(sync.KNOWN_AND_ROWS, sync.known_and_rows_params(
                work.ids, digest, work.params), dialect)
            got = await self._connections.execute(  # (the columns' types: once)
                first_sql.sql, first_sql.args, describe=not first_sql.compiled.processors)
            if got is None:
                return None
            first = sync.known_from_rows(raw_sql.convert(first_sql, dialect, *got),
                                         (digest, confirm))
            if first.ids:
                return None  # (a batch sent again: its stored answers are read there)
            answers: list[Answer] = []
            results = sync.judge_batch(bag, user, actions, work, first, lambda r: (
                answers.append(push_state.answer(bag, user, audience, actions, r))))
            writes = bag.deferred()
            if len(writes) != 1 or changes.unpublished(bag) or stats.unwritten(bag):
                return None
            if await self._connections.execute(writes[0].sql, writes[0].args) is None:
                return None
        except raw_sql.NeedsDatabase:
            return None
        finally:
            bag.close()
        if changes.take_published(bag):
            self._notify()  # (the long polls, as the thread path's commit hook wakes them)
        return answers[-1], results
