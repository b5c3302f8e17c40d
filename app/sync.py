"""The sync engine: a background thread that pushes the outbox, then pulls.

Rules (see also DEVELOPERS.md):
- push first, so the server has our actions before we read its state back;
- an outbox row leaves only when the server acknowledged it (accepted), and a
  rejected one stays, with its reason, for the user to see;
- each pull page is applied together with its cursor in one local transaction,
  so a crash between pages repeats at most the page in flight, never skips one; the
  next page is asked for while one is applied, and taken only if it was asked for the
  cursor just committed (pages in order; a failed page drops the answer after it);
- failures back off exponentially with jitter, capped (Electrum's habit);
- an expired token stops the engine in `auth_required` until the user logs in
  again; the outbox is not touched;
- a watcher thread long-polls `/sync/wait` and asks for a cycle as soon as the server
  has a change for us (do-not-call in seconds), never for a cursor already pulled; when
  it fails, the interval polling is the fallback;
- no echo: the desktop names itself (`device_id` in its store) to the server; a push
  answer carries the server's state of what the push changed, applied at once, and the
  pulls and long polls of this desktop leave its own changes out;
- every local write goes through the store's one writer (app/store/writer.py), and each
  cycle reports what it applied as a `Changes` (app/changes.py) in `SyncResult.changes`;
- each pull measures the server's clock against ours (stored with the page); actions
  carry that offset so the server judges times on its own clock;
- a `cursor_ahead` answer (the server's database was restored), a pull carrying another
  database `generation` than the stored one (restored, even past our cursor) or a cursor
  below the feed's `compacted_through` restarts the
  feed at 0, keeping the outbox. Conflict rules: wire/conflict_rules.py (the list in
  DEVELOPERS.md is generated from it), judged by wire/judge.py.

Listeners are called on the engine's thread; the UI re-emits them as signals.
"""

from __future__ import annotations

import enum
import logging
import random
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from sqlalchemy import Connection, Engine

from app.api_client import ApiClient
from app.changes import NOTHING, Changes
from app.clock import boot_id
from app.clock import moved as clock_moved
from app.errors import AuthRequired, BadServerResponse, CallsheetError
from app.recordings import RecordingUploads
from app.store import purge, repo
from app.store.writer import writer_for
from wire.schema import (
    MAX_OUTBOX_AGE_SECONDS,
    MAX_PUSH_BATCH,
    AgentStateAction,
    DncAction,
    OutcomeAction,
    PullResponse,
    PushAction,
    PushResponse,
)

log = logging.getLogger(__name__)


class SyncState(enum.StrEnum):
    IDLE = "idle"  # online, nothing in flight
    SYNCING = "syncing"
    OFFLINE = "offline"
    AUTH_REQUIRED = "auth_required"
    STOPPED = "stopped"


@dataclass(frozen=True)
class SyncStatus:
    state: SyncState = SyncState.IDLE
    last_sync_at: datetime | None = None
    pending: int = 0
    rejected: int = 0
    message: str = ""
    next_retry_in: float = 0.0


@dataclass(frozen=True)
class SyncResult:
    """What one cycle changed, so views redraw only what they must (Anki's OpChanges)."""

    pushed: int = 0
    rejected: int = 0
    queue_changed: bool = False
    dnc_changed: bool = False
    reference_changed: bool = False
    control_changed: bool = False  # the team lead paused or released this agent's queue
    removed_items: tuple[str, ...] = field(default_factory=tuple)
    changes: Changes = NOTHING  # exactly what the push answers and pull pages applied
    # The part of `changes` already reported page by page during a long pull (on_page),
    # which the views have redrawn while the pull went on.
    shown_in_pages: Changes = NOTHING


# After a local write, how long the engine waits before its cycle (see after_local_write).
LOCAL_SETTLE = 0.05


class Backoff:
    """Truncated exponential backoff with full jitter."""

    def __init__(self, base: float = 1.0, cap: float = 60.0, rng: random.Random | None = None):
        self.base, self.cap, self.failures = base, cap, 0
        self._rng = rng or random.Random()

    def next_delay(self) -> float:
        self.failures += 1
        return self._rng.uniform(0, min(self.cap, self.base * 2 ** (self.failures - 1)))

    def reset(self) -> None:
        self.failures = 0


def parse_action(payload: dict[str, object]) -> PushAction:
    if payload.get("kind") == "dnc":
        return DncAction.model_validate(payload)
    if payload.get("kind") == "agent_state":
        return AgentStateAction.model_validate(payload)
    return OutcomeAction.model_validate(payload)


class _Ahead:
    """A pull request on a thread of its own, its answer (or its error) taken later."""

    def __init__(self, since: int, fetch: Callable[[], tuple[PullResponse, datetime, datetime,
                                                              float]]) -> None:
        self.since = since
        self._fetch = fetch
        self._done = threading.Event()
        self._answer: tuple[PullResponse, datetime, datetime, float] | None = None
        self._error: BaseException | None = None
        # A daemon: a request still in flight when the desktop exits holds nothing up.
        threading.Thread(target=self._run, name="callsheet-sync-ahead", daemon=True).start()

    def _run(self) -> None:
        try:
            self._answer = self._fetch()
        except BaseException as exc:  # noqa: BLE001 - raised again where the answer is taken
            self._error = exc
        finally:
            self._done.set()

    def result(self) -> tuple[PullResponse, datetime, datetime, float]:
        self._done.wait()
        if self._error is not None:
            raise self._error
        assert self._answer is not None
        return self._answer


class SyncEngine:
    def __init__(
        self,
        engine: Engine,
        client: ApiClient,
        *,
        interval: float = 15.0,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        watch: bool = True,
        watch_timeout: float = 25.0,
        monotonic: Callable[[], float] = time.monotonic,
        page_limit: int | None = None,
    ) -> None:
        self._db = engine
        self._writer = writer_for(engine)
        self._client = client
        self._interval = interval
        self._clock = clock
        self._monotonic = monotonic
        self._wake = threading.Event()
        self._settle = False  # woken by a local write: wait LOCAL_SETTLE first
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._backoff = Backoff()
        # The watcher long-polls /sync/wait so a change (a do-not-call flag above all)
        # arrives in seconds; if it fails, the interval polling above still runs.
        self._watch = watch
        self._watch_timeout = watch_timeout
        self._watcher: threading.Thread | None = None
        self._watch_backoff = Backoff(base=5.0, cap=300.0)
        self._lock = threading.Lock()
        self._status = SyncStatus()
        self._status_listeners: list[Callable[[SyncStatus], None]] = []
        self._change_listeners: list[Callable[[SyncResult], None]] = []
        self._page_listeners: list[Callable[[SyncResult], None]] = []
        self._page_limit = page_limit  # None: the server's page size
        self.recordings = RecordingUploads(engine, client)

    # ----------------------------------------------------------------- public

    def on_status(self, fn: Callable[[SyncStatus], None]) -> None:
        self._status_listeners.append(fn)

    def on_changes(self, fn: Callable[[SyncResult], None]) -> None:
        self._change_listeners.append(fn)

    def on_page(self, fn: Callable[[SyncResult], None]) -> None:
        """`fn(changes of the page)` after each pull page is committed while more pages
        follow: a long pull (the first one: 10,000 items in 20 pages) can show the queue
        from its first page. The last page is reported with the cycle (`on_changes`)."""
        self._page_listeners.append(fn)

    @property
    def status(self) -> SyncStatus:
        with self._lock:
            return self._status

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="callsheet-sync", daemon=True)
        self._thread.start()
        if self._watch:
            self._watcher = threading.Thread(
                target=self._watch_loop, name="callsheet-sync-watch", daemon=True
            )
            self._watcher.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        if self._watcher is not None:
            # It may sit in a long poll; it is a daemon and leaves at its next turn.
            self._watcher.join(0.1)
            self._watcher = None
        self._set_status(state=SyncState.STOPPED)

    def push_before_exit(self, timeout: float = 2.0) -> bool:
        """After stop(): push the outbox once more (the agent's sign-off above all),
        waiting at most `timeout` seconds. True when the server answered in time; what
        it did not take stays in the outbox for the next session, as always."""
        done = threading.Event()
        ok: list[bool] = []

        def run() -> None:
            try:
                self._push_all()
                ok.append(True)
            except Exception as exc:  # noqa: BLE001 - offline at exit (any failure): the outbox keeps it
                log.info("last push before exit failed: %s", type(exc).__name__)
            finally:
                done.set()

        threading.Thread(target=run, name="callsheet-last-push", daemon=True).start()
        return done.wait(timeout) and bool(ok)

    def sync_now(self) -> None:
        """Ask for a cycle as soon as possible (by the user, or the watcher)."""
        self._wake.set()

    def after_local_write(self) -> None:
        """A local action was committed: a cycle pushes it in a moment. The moment
        (LOCAL_SETTLE) lets the window show the next customer first and merges a burst of
        writes (an outcome, then the presence change) into one cycle."""
        self._settle = True
        self._wake.set()

    def resume_with_token(self, token: str) -> None:
        self._client.token = token
        self._backoff.reset()
        self._set_status(state=SyncState.IDLE, message="")
        self.sync_now()

    # ---------------------------------------------------------------- one cycle

    def run_once(self) -> SyncResult:
        """Push everything pending, then pull until the server has nothing more.

        Raises CallsheetError subclasses on failure; safe to repeat at any point.
        """
        if not self._client.token:
            # Started offline with the password only: once the server answers, the
            # user logs in (once); the outbox waits untouched.
            self._client.health()
            raise AuthRequired("Not logged in.")
        self._name_device()
        pushed, rejected, applied = self._push_all()
        result = self._pull_all()
        # Recordings last: a long upload never holds back the calls and the pull. Each
        # waits for its call's acknowledgement (just pushed) and resumes where it stopped.
        self.recordings.run()
        return replace(result, pushed=pushed, rejected=rejected,
                       changes=applied | result.changes)

    def _name_device(self) -> None:
        """This desktop's id, made once per local store and kept in it: the server leaves
        the changes of this desktop's pushes out of its pulls (their state came back in
        the push answer). Another desktop of the same user has its own id."""
        if self._client.device:
            return

        def read_or_make(conn: Connection) -> str:
            known = repo.get_meta(conn, repo.DEVICE_ID)
            if known:
                return known
            made = uuid.uuid4().hex
            repo.set_meta(conn, repo.DEVICE_ID, made)
            return made

        self._client.device = self._writer.write(read_or_make)

    def _push_all(self) -> tuple[int, int, Changes]:
        """Every pending action, in batches of MAX_PUSH_BATCH, in the order queued. An
        answer is stored by the writer while the next batch is on its way (an offline
        day's backlog: the desktop's storing and the server's judging overlap): the next
        batch is taken before the answer is stored, from after the batch in flight, and
        the answers are stored in the order the batches were sent. However the cycle
        ends, the answers received are stored before it returns or raises."""
        pushed = rejected = 0
        applied = NOTHING
        storing: Future[Changes] | None = None  # the previous answer, being stored

        def take(after: int | None) -> tuple[list[dict[str, Any]], float]:
            def read(conn: Connection) -> tuple[list[dict[str, Any]], float]:
                rows = repo.pending_actions(conn, MAX_PUSH_BATCH, after)
                repo.mark_attempted(conn, (r["action_id"] for r in rows))
                return rows, repo.clock_offset(conn)
            return self._writer.write(read)

        def store(conn: Connection, response: PushResponse, at: str) -> Changes:
            done = repo.apply_push_state(conn, response)
            repo.set_meta(conn, repo.LAST_PUSH_AT, at)
            return done

        try:
            rows, offset = take(None)
            while rows:
                # Rows queued before offsets were measured get the latest one (repo.enqueue).
                actions = [parse_action({"clock_offset_seconds": offset, **r["payload"]})
                           for r in rows]
                response = self._client.push(actions, outbox_age=self._outbox_age())
                at = self._clock().isoformat()
                pushed += sum(1 for r in response.results if r.status == "accepted")
                rejected += sum(1 for r in response.results if r.status == "rejected")
                answered = {r.action_id for r in response.results}
                whole = len(answered) >= len(rows)
                following = take(rows[-1]["seq"]) if whole else ([], offset)
                if storing is not None:
                    previous, storing = storing, None
                    applied |= previous.result()
                storing = self._writer.submit(partial(store, response=response, at=at))
                if not whole:
                    # The server skipped some; they stay pending for the next cycle.
                    log.warning("server answered %d of %d actions", len(answered), len(rows))
                rows, offset = following
        finally:
            if storing is not None:  # (also when a push failed: what came back is kept)
                applied |= storing.result()
        return pushed, rejected, applied

    def _outbox_age(self) -> int | None:
        """Seconds since the oldest unanswered action was queued (None: outbox empty),
        reported with every pull and push for the server's metrics."""
        with self._db.connect() as conn:
            oldest = repo.oldest_pending_at(conn)
            offset = repo.clock_offset(conn)
        if oldest is None:
            return None
        # Queued at the server's time (QueueService.now: this clock plus the offset).
        age = (self._clock() + timedelta(seconds=offset) - oldest).total_seconds()
        return int(min(max(age, 0.0), MAX_OUTBOX_AGE_SECONDS))

    def _pull_all(self) -> SyncResult:
        queue_changed = dnc_changed = ref_changed = control_changed = False
        removed: list[str] = []
        applied = shown = NOTHING
        restarted = False
        unconfirmed: set[str] = set()  # after a restart: local items the server must resend
        ahead: _Ahead | None = None  # the next page, asked for while this one is applied
        while True:
            with self._db.connect() as conn:
                since = repo.cursor(conn)
            asked, ahead = ahead, None
            try:
                if asked is not None and asked.since == since:
                    fetched = asked.result()
                else:
                    # Read again from 0 after a restart: this desktop's own changes too, or
                    # an item whose last change it made itself would not be confirmed and
                    # would go.
                    fetched = self._fetch(since, restarted)
            except CallsheetError as exc:
                if exc.code != "cursor_ahead" or restarted:
                    raise
                # The server's feed is shorter than what we applied (its database was
                # reset or restored): start again from 0, keeping the outbox.
                log.warning("server does not know cursor %d; pulling from the start", since)
                unconfirmed = self._restart(None)
                restarted = True
                continue
            page, sent_at, received_at, received_mono = fetched
            with self._db.connect() as conn:
                stale = repo.cursor_is_stale(conn, since, page)
            if stale:
                if restarted:
                    raise BadServerResponse("The server asked twice to start the feed again.")
                # Another database generation (restored from a backup, even one whose
                # counter climbed past our cursor) or a feed compacted past our cursor:
                # this page is not ours; start again from 0, keeping the outbox.
                log.warning("server generation or compaction changed; pulling from the start")
                unconfirmed = self._restart(page)
                restarted = True
                continue
            if page.cursor < since:
                raise BadServerResponse("The server's cursor went backwards; nothing applied.")
            # server_time was read during the request: compare it with the midpoint.
            offset = (page.server_time - (sent_at + (received_at - sent_at) / 2)).total_seconds()
            if page.has_more:
                # Ask for the next page now: the server reads it while this one is applied
                # (the first pull: 20 pages of 500). It is taken only if this page's cursor
                # was committed (the loop reads the cursor back), so pages are still applied
                # in order, each with its cursor; if this one fails, the answer is dropped.
                ahead = _Ahead(page.cursor, partial(self._fetch, page.cursor, restarted))

            def apply(conn: Connection, page: PullResponse = page, offset: float = offset,
                      received_at: datetime = received_at, mono: float = received_mono
                      ) -> Changes:
                before, _ = repo.clock_meta(conn)
                done = repo.apply_pull(conn, page, now=received_at, clock_offset=offset,
                                       monotonic=mono, boot=boot_id())
                if clock_moved(before, offset):
                    done |= Changes.of(clock=True)
                if not page.has_more:  # the local copy is complete: drop what is not needed
                    purge.purge_customers(conn, now=received_at,
                                          retention_days=page.local_retention_days)
                return done

            page_changes = self._writer.write(apply)
            applied |= page_changes
            queue_changed |= bool(page.queue_items or page.removed_queue_items)
            dnc_changed |= bool(page.dnc)
            ref_changed |= bool(page.campaigns or page.offers or page.scripts)
            control_changed |= bool(page.controls)
            removed.extend(page.removed_queue_items)
            unconfirmed -= {qi.id for qi in page.queue_items}
            if not page.has_more:
                # What the last page touched again is redrawn with the cycle's end.
                shown = shown.without(page_changes)
                break
            if self._page_listeners:
                self._page_applied(page, page_changes)
                shown |= page_changes
        if unconfirmed:
            # The restored server does not hand these to us any more (e.g. reassigned
            # after its backup was taken): they leave this desktop too.
            gone = set(unconfirmed)
            self._writer.write(lambda conn: repo.drop_queue_items(conn, gone))
            removed.extend(sorted(unconfirmed))
            applied |= Changes.of(removed=gone, day=True)
            queue_changed = True
        return SyncResult(
            queue_changed=queue_changed,
            dnc_changed=dnc_changed,
            reference_changed=ref_changed,
            control_changed=control_changed,
            removed_items=tuple(removed),
            changes=applied,
            shown_in_pages=shown,
        )

    def _fetch(self, since: int, restarted: bool) -> tuple[PullResponse, datetime, datetime, float]:
        """One pull request: (the page, sent at, received at, received at on the monotonic
        clock), the times for the clock offset the page is stored with."""
        age = self._outbox_age()
        sent_at = self._clock()
        page = self._client.pull(since, self._page_limit, mine_too=restarted, outbox_age=age)
        return page, sent_at, self._clock(), self._monotonic()

    def _page_applied(self, page: PullResponse, changes: Changes) -> None:
        """A page committed while more follow: reported at once, so the first page of a
        long pull (10,000 items) is on screen while the rest arrives."""
        result = SyncResult(
            changes=changes,
            queue_changed=bool(page.queue_items or page.removed_queue_items),
            dnc_changed=bool(page.dnc),
            reference_changed=bool(page.campaigns or page.offers or page.scripts),
            control_changed=bool(page.controls),
            removed_items=tuple(page.removed_queue_items),
        )
        for fn in list(self._page_listeners):
            try:
                fn(result)
            except Exception:
                log.exception("page listener failed")

    def _restart(self, page: PullResponse | None) -> set[str]:
        """Start the feed again from 0 (keeping the outbox); returns the local items the
        server must send again to stay (those with pending actions stay anyway)."""
        def reset(conn: Connection) -> set[str]:
            repo.reset_cursor(conn, page)
            return repo.queue_item_ids(conn) - repo.items_with_pending_actions(conn)

        return self._writer.write(reset)

    # ---------------------------------------------------------------- watcher

    def _watch_loop(self) -> None:
        since: int | None = None
        while not self._stop.is_set():
            if self.status.state is SyncState.AUTH_REQUIRED or not self._client.token:
                self._stop.wait(self._interval)
                continue
            with self._db.connect() as conn:
                local = repo.cursor(conn)
            since = local if since is None else max(since, local)
            try:
                answer = self._client.wait(since, self._watch_timeout)
            except Exception as exc:  # noqa: BLE001 - the fallback is the interval polling
                if self._stop.is_set():
                    break
                if isinstance(exc, CallsheetError) and exc.code == "cursor_ahead":
                    since = None
                    self.sync_now()  # the cycle resets the cursor
                delay = max(1.0, self._watch_backoff.next_delay())
                log.info("change watch failed (%s); again in %.1fs", type(exc).__name__, delay)
                self._stop.wait(delay)
                continue
            self._watch_backoff.reset()
            if answer.changed:
                since = max(since, answer.cursor)  # wait past it even before it is pulled
                with self._db.connect() as conn:
                    pulled = repo.cursor(conn)
                if answer.cursor > pulled:  # a wake for a cursor already pulled: no cycle
                    self.sync_now()

    # ----------------------------------------------------------------- thread

    def _run(self) -> None:
        delay = 0.0
        while not self._stop.is_set():
            self._wake.wait(delay)
            if self._settle:
                self._settle = False
                self._stop.wait(LOCAL_SETTLE)
            self._wake.clear()
            if self._stop.is_set():
                break
            if self.status.state is SyncState.AUTH_REQUIRED:
                delay = self._interval
                continue
            delay = self._cycle()

    def _cycle(self) -> float:
        self._set_status(state=SyncState.SYNCING)
        try:
            result = self.run_once()
        except AuthRequired as exc:
            self._set_status(state=SyncState.AUTH_REQUIRED, message=exc.message)
            return self._interval
        except CallsheetError as exc:
            delay = self._backoff.next_delay()
            log.info("sync failed (%s); retrying in %.1fs", type(exc).__name__, delay)
            self._set_status(state=SyncState.OFFLINE, message=exc.message, next_retry_in=delay)
            return delay
        except Exception:  # the engine must outlive any one bug
            log.exception("unexpected sync failure")
            delay = self._backoff.next_delay()
            self._set_status(
                state=SyncState.OFFLINE, message="Internal sync error (see log).",
                next_retry_in=delay,
            )
            return delay
        self._backoff.reset()
        self._set_status(state=SyncState.IDLE, message="", last_sync_at=self._clock())
        for fn in list(self._change_listeners):
            try:
                fn(result)
            except Exception:
                log.exception("change listener failed")
        return self._interval

    def refresh_counts(self) -> None:
        self._set_status()

    def _set_status(self, **changes: object) -> None:
        with self._db.connect() as conn:
            pending = repo.pending_count(conn)
            rejected = len(repo.rejected_actions(conn))
            last = repo.last_pull_at(conn)
        with self._lock:
            base = replace(self._status, pending=pending, rejected=rejected)
            if base.last_sync_at is None and last is not None:
                base = replace(base, last_sync_at=last)
            self._status = replace(base, **changes)  # type: ignore[arg-type]
            status = self._status
        for fn in list(self._status_listeners):
            try:
                fn(status)
            except Exception:
                log.exception("status listener failed")
