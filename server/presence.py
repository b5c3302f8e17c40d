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
from wire.judge import judge_agent_state
from wire.lead import OFFLINE_AFTER_SECONDS
from wire.rejection import Rejection
from wire.schema import AgentStateAction, PauseReasonOut, PauseReasonsOut, Role

# The reasons this server offers, in the order the desktop lists them (keys 1-9).
REASONS: tuple[PauseReasonOut, ...] = (
    PauseReasonOut(code="break", label="Break", label_zh="休息"),
    PauseReasonOut(code="lunch", label="Lunch", label_zh="午餐"),
    PauseReasonOut(code="personal", label="Personal", label_zh="个人事务"),
    PauseReasonOut(code="technical", label="Technical problem", label_zh="技术故障"),
    PauseReasonOut(code="training", label="Training", label_zh="培训"),
    PauseReasonOut(code="meeting", label="Meeting", label_zh="会议"),
    PauseReasonOut(code="coaching", label="Coaching", label_zh="辅导"),
)
REASON_CODES = frozenset(r.code for r in REASONS)


def pause_reasons() -> PauseReasonsOut:
    return PauseReasonsOut(reasons=list(REASONS))


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
    def __init__(self, code: Rejection, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def apply_agent_state(session: Session, user: m.User, a: AgentStateAction) -> None:
    verdict = judge_agent_state(Role(user.role), a, REASON_CODES)
    if verdict is Rejection.PAUSE_REASON_REQUIRED:
        raise PresenceRejected(verdict, "A pause needs one of the reason codes: "
                               + ", ".join(r.code for r in REASONS) + ".")
    if verdict is not None:
        raise PresenceRejected(verdict, "Only agents report a presence state.")
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
