"""The agent's presence: available, paused (with a reason code), on a call, wrap-up.

Each change is one local transaction of the store's writer: the current state in the
meta table and the outbox row that tells the server (and so the team lead) about it. A
change returns its `Changes` (presence, outbox); no change returns None.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from pydantic import ValidationError
from sqlalchemy import Connection, Engine

from app.api_client import ApiClient
from app.changes import Changes
from app.errors import CallsheetError, ValidationFailed
from app.store import repo
from app.store.writer import writer_for
from app.views import Presence
from wire.schema import PAUSE_REASONS, AgentStateAction, PauseReasonOut, PauseReasonsOut

STATE_KEY = "agent_state"
REASONS_KEY = "pause_reasons"  # the server's list as last fetched (works offline)
REASONS_PATH = "/api/v1/presence/pause-reasons"
STATES = ("available", "paused", "on_call", "wrap_up")
OFFLINE = "offline"  # written only by sign_off(), when the agent's window closes


def default_reasons() -> list[PauseReasonOut]:
    """Before the server's list was ever fetched: the codes every server accepts."""
    return [PauseReasonOut(code=c, label=c.capitalize()) for c in PAUSE_REASONS]


class PresenceService:
    def __init__(
        self,
        engine: Engine,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        after_write: Callable[[], None] = lambda: None,
        client: ApiClient | None = None,
    ) -> None:
        self._db = engine
        self._writer = writer_for(engine)
        self._clock = clock
        self._after_write = after_write
        self._client = client

    def pause_reasons(self) -> list[PauseReasonOut]:
        """The server's pause reasons from the local copy (no network)."""
        with self._db.connect() as conn:
            raw = repo.get_meta(conn, REASONS_KEY)
        if not raw:
            return default_reasons()
        try:
            return PauseReasonsOut.model_validate_json(raw).reasons
        except ValidationError:  # a copy from an older version: fetch again
            return default_reasons()

    def refresh_pause_reasons(self) -> list[PauseReasonOut]:
        """Fetch the server's list and keep it; on any network error, the local copy."""
        if self._client is None:
            return self.pause_reasons()
        try:
            fetched = self._client.get_model(REASONS_PATH, PauseReasonsOut)
        except CallsheetError:  # offline, an older server (404), a lapsed token
            return self.pause_reasons()
        self._writer.write(lambda conn: repo.set_meta(conn, REASONS_KEY,
                                                      fetched.model_dump_json()))
        return fetched.reasons

    def current(self) -> Presence:
        with self._db.connect() as conn:
            raw = repo.get_meta(conn, STATE_KEY)
        if not raw:
            return Presence("available", None, None)
        d = json.loads(raw)
        return Presence(d["state"], d.get("reason"), datetime.fromisoformat(d["since"]))

    def is_paused(self) -> bool:
        return self.current().state == "paused"

    def sign_off(self) -> Changes | None:
        """The agent leaves: "offline" goes to the outbox (the window's last push), so the
        lead's monitor ends the agent's state now rather than after the offline delay."""
        return self._record(OFFLINE, None)

    def resume(self) -> Changes | None:
        """At the start of a session: a state the last one left behind (signed off, or
        ended mid-call) becomes available again; a pause stays."""
        if self.current().state in (OFFLINE, "on_call", "wrap_up"):
            return self._record("available", None)
        return None

    def set_state(self, state: str, reason: str | None = None) -> Changes | None:
        """Record a change; returns what changed (with its action id), or None when
        nothing changed."""
        if state not in STATES:
            raise ValidationFailed(f"Unknown state {state!r}.", field="state")
        if state == "paused":
            if reason not in {r.code for r in self.pause_reasons()}:
                raise ValidationFailed("Choose why you pause.", field="reason",
                                       code="pause_reason_required")
        else:
            reason = None
        return self._record(state, reason)

    def _record(self, state: str, reason: str | None) -> Changes | None:
        def op(conn: Connection) -> Changes | None:
            raw = repo.get_meta(conn, STATE_KEY)  # read and written in one transaction
            cur = json.loads(raw) if raw else {"state": "available", "reason": None}
            if cur["state"] == state and cur.get("reason") == reason:
                return None
            now = self._clock()
            action_id = str(uuid.uuid4())
            action = AgentStateAction(action_id=action_id, created_at=now,
                                      state=state,  # type: ignore[arg-type]
                                      reason=reason)
            repo.set_meta(conn, STATE_KEY, json.dumps(
                {"state": state, "reason": reason, "since": now.isoformat()}))
            repo.enqueue(conn, action_id=action_id, kind="agent_state",
                         payload=action.model_dump(mode="json"), queue_item_id=None, now=now)
            return Changes(presence=True, outbox=True, action_id=action_id)

        changes = self._writer.write(op)
        if changes is not None:
            self._after_write()
        return changes
