"""Agent presence pushed by the desktop: paused with a reason, on a call, wrap-up, and
"offline" when the agent's window closes (its last push). A desktop that stops talking to
the server counts as offline after offline_after_seconds() without contact.

Stored append-only in agent_states (one row per change, keyed by the client's action
id) and in the audit log, so a team lead can see who is paused, why and for how long.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from server import audit
from server import models as m
from server.db import utcnow
from wire.lead import OFFLINE_AFTER_SECONDS
from wire.schema import PAUSE_REASONS, AgentStateAction, Role


def offline_after_seconds() -> float:
    """How long without contact (pull, push, long poll) before an agent shows Offline:
    CALLSHEET_OFFLINE_AFTER_SECONDS, 60 by default. Read at each use, so the monitor
    decides at read time from the last contact, never from a stored flag."""
    raw = os.environ.get("CALLSHEET_OFFLINE_AFTER_SECONDS", "")
    try:
        value = float(raw) if raw else float(OFFLINE_AFTER_SECONDS)
    except ValueError:
        value = float(OFFLINE_AFTER_SECONDS)
    return max(value, 1.0)


def is_online(last_contact: datetime | None, now: datetime) -> bool:
    return last_contact is not None and \
        (now - last_contact).total_seconds() <= offline_after_seconds()


class PresenceRejected(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def apply_agent_state(session: Session, user: m.User, a: AgentStateAction) -> None:
    if Role(user.role) is not Role.AGENT:
        raise PresenceRejected("forbidden", "Only agents report a presence state.")
    if a.state == "paused" and a.reason not in PAUSE_REASONS:
        raise PresenceRejected("pause_reason_required",
                               "A pause needs one of the reason codes: "
                               + ", ".join(PAUSE_REASONS) + ".")
    at = a.created_at if a.created_at.tzinfo else a.created_at.replace(tzinfo=UTC)
    # On the server's clock (the desktop's measured offset), like every time it compares.
    at += timedelta(seconds=a.clock_offset_seconds)
    session.add(m.AgentState(id=a.action_id, agent_id=user.id, state=a.state,
                             reason=a.reason if a.state == "paused" else None,
                             at=at, received_at=utcnow()))
    audit.record(session, actor_id=user.id, action="agent.state", entity="user",
                 entity_id=user.id, state=a.state, reason=a.reason, action_id=a.action_id)


def current_state(session: Session, agent_id: str) -> tuple[str, str | None, datetime] | None:
    """(state, reason, since) of the agent's latest reported change, or None."""
    row = session.execute(
        select(m.AgentState.state, m.AgentState.reason, m.AgentState.at)
        .where(m.AgentState.agent_id == agent_id)
        .order_by(m.AgentState.at.desc(), m.AgentState.received_at.desc())
        .limit(1)
    ).first()
    return None if row is None else (row[0], row[1], row[2])
