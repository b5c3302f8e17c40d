"""A campaign's dialling settings (issue 20): mode (preview / progressive), the countdown
before a progressive dial, the wrap-up limit, the ring timeout, the transfer target, and
whether its calls are recorded (and how long a recording is kept past the contract's end).
Switching recording on takes effect with the next call each desktop places after its
next pull (a call in progress keeps what it started with); switching it off stops new
recordings, and those made are kept for their retention.
Set by `PATCH /api/v1/admin/campaigns/{code}/dialling` and `callsheet-server
campaign-dialling`; every desktop gets them with the campaign on its next pull (a
`campaign` change row in the same transaction)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from server import audit, changes
from server.errors import ApiError
from server.models import Campaign
from server.recordings.models import CallRecording
from wire.planning import DiallingEdit, DiallingSettings
from wire.schema import CallingWindow, DialMode

FIELDS = ("dial_mode", "progressive_delay_s", "wrap_up_limit_s", "ring_timeout_s",
          "transfer_target", "record_calls", "recording_retention_days")


def settings_of(c: Campaign) -> DiallingSettings:
    return DiallingSettings(code=c.code, dial_mode=DialMode(c.dial_mode),
                            progressive_delay_s=c.progressive_delay_s,
                            wrap_up_limit_s=c.wrap_up_limit_s, ring_timeout_s=c.ring_timeout_s,
                            transfer_target=c.transfer_target, record_calls=c.record_calls,
                            recording_retention_days=c.recording_retention_days)


def _shift_retention(session: Session, campaign_id: str, days: int) -> None:
    """A new retention applies to the campaign's recordings made already too: each is kept
    `days` more (or fewer) than it was (their base, the contract's end, is unchanged). One
    UPDATE; date arithmetic is the backend's own."""
    col = CallRecording.retention_until
    if session.get_bind().dialect.name == "sqlite":
        shifted: Any = func.date(col, f"{days:+d} days")
    else:
        shifted = col + days  # date + integer: a date
    session.execute(update(CallRecording).where(CallRecording.campaign_id == campaign_id)
                    .values(retention_until=shifted))


def set_dialling(session: Session, code: str, edit: DiallingEdit, *,
                 actor_id: str | None = None) -> DiallingSettings:
    """Into the caller's transaction; ApiError 404 when no campaign has this code. Only the
    fields given change; nothing changed writes nothing (no change row, no audit)."""
    c = session.scalars(select(Campaign).where(Campaign.code == code)).first()
    if c is None:
        raise ApiError(404, "not_found", "No campaign has this code.")
    given = edit.model_dump(exclude_none=True, mode="json")
    changed = {k: v for k, v in given.items() if k in FIELDS and getattr(c, k) != v}
    if "recording_retention_days" in changed:
        _shift_retention(session, c.id, changed["recording_retention_days"]
                         - c.recording_retention_days)
    for k, v in changed.items():
        setattr(c, k, v)
    if changed:
        changes.emit(session, "campaign", c.id)
        audit.record(session, actor_id=actor_id, action="campaign.dialling", entity="campaign",
                     entity_id=c.id, **changed)
    return settings_of(c)


def set_windows(session: Session, code: str, windows: list[CallingWindow], *,
                actor_id: str | None = None) -> list[CallingWindow]:
    """A campaign's calling windows per region and audience (issue 22), replacing the old
    list; the desktops' dial gate gets them with the campaign on its next pull."""
    c = session.scalars(select(Campaign).where(Campaign.code == code)).first()
    if c is None:
        raise ApiError(404, "not_found", "No campaign has this code.")
    c.calling_windows = [x.model_dump(mode="json") for x in windows]
    changes.emit(session, "campaign", c.id)
    audit.record(session, actor_id=actor_id, action="campaign.windows", entity="campaign",
                 entity_id=c.id, windows=c.calling_windows)
    return windows
