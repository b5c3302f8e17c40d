"""The append-only audit log: who did what to which record, and when."""

from __future__ import annotations

from typing import Any

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
