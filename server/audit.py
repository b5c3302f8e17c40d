"""The append-only audit log: who did what to which record, and when."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from server.db import utcnow
from server.models import AuditLog


def record(
    session: Session,
    *,
    actor_id: str | None,
    action: str,
    entity: str,
    entity_id: str | None,
    **detail: Any,
) -> None:
    session.add(
        AuditLog(at=utcnow(), actor_id=actor_id, action=action, entity=entity,
                 entity_id=entity_id, detail=detail)
    )


def record_many(session: Session, *, actor_id: str | None, action: str, entity: str,
                entries: Sequence[tuple[str | None, dict[str, Any]]]) -> None:
    """As `record` for each (entity_id, detail), in that order, with one INSERT of many
    rows (for thousands of entries at once, where an object each costs seconds)."""
    if entries:
        at = utcnow()
        session.execute(insert(AuditLog), [
            {"at": at, "actor_id": actor_id, "action": action, "entity": entity,
             "entity_id": entity_id, "detail": detail} for entity_id, detail in entries])
