"""The agent's presence: available, paused (with a reason code), on a call, wrap-up.

Each change is one local transaction: the current state in the meta table and the
outbox row that tells the server (and so the team lead) about it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Engine

from app.errors import ValidationFailed
from app.store import repo
from app.views import Presence
from wire.schema import PAUSE_REASONS, AgentStateAction

STATE_KEY = "agent_state"
STATES = ("available", "paused", "on_call", "wrap_up")
OFFLINE = "offline"  # written only by sign_off(), when the agent's window closes


class PresenceService:
    def __init__(
        self,
        engine: Engine,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        after_write: Callable[[], None] = lambda: None,
    ) -> None:
        self._db = engine
        self._clock = clock
        self._after_write = after_write

    def current(self) -> Presence:
        with self._db.connect() as conn:
            raw = repo.get_meta(conn, STATE_KEY)
        if not raw:
            return Presence("available", None, None)
        d = json.loads(raw)
        return Presence(d["state"], d.get("reason"), datetime.fromisoformat(d["since"]))

    def is_paused(self) -> bool:
        return self.current().state == "paused"

    def sign_off(self) -> str | None:
        """The agent leaves: "offline" goes to the outbox (the window's last push), so the
        lead's monitor ends the agent's state now rather than after the offline delay."""
        return self._record(OFFLINE, None)

    def resume(self) -> str | None:
        """At the start of a session: a state the last one left behind (signed off, or
        ended mid-call) becomes available again; a pause stays."""
        if self.current().state in (OFFLINE, "on_call", "wrap_up"):
            return self._record("available", None)
        return None

    def set_state(self, state: str, reason: str | None = None) -> str | None:
        """Record a change; returns its action id, or None when nothing changed."""
        if state not in STATES:
            raise ValidationFailed(f"Unknown state {state!r}.", field="state")
        if state == "paused":
            if reason not in PAUSE_REASONS:
                raise ValidationFailed("Choose why you pause.", field="reason",
                                       code="pause_reason_required")
        else:
            reason = None
        return self._record(state, reason)

    def _record(self, state: str, reason: str | None) -> str | None:
        cur = self.current()
        if cur.state == state and cur.reason == reason:
            return None
        now = self._clock()
        action_id = str(uuid.uuid4())
        action = AgentStateAction(action_id=action_id, created_at=now,
                                  state=state,  # type: ignore[arg-type]
                                  reason=reason)
        with self._db.begin() as conn:
            repo.set_meta(conn, STATE_KEY, json.dumps(
                {"state": state, "reason": reason, "since": now.isoformat()}))
            repo.enqueue(conn, action_id=action_id, kind="agent_state",
                         payload=action.model_dump(mode="json"), queue_item_id=None, now=now)
        self._after_write()
        return action_id
