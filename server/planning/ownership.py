"""Customers owned by an account manager (客户经理: big and SME customers) are left out of
outbound lists: `plan-campaign` drops them (a funnel step) until their manager releases
them for outbound calls. Owner and release are audited (`customer.owner`,
`customer.release`). Only the customer's own manager, or an admin, releases."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server import audit
from server import models as m
from server.db import utcnow
from server.errors import ApiError
from server.planning.models import AccountOwner
from wire import campaign_loop as w
from wire.schema import Role

STEP = "not kept by an account manager (unless released)"


def _customer(session: Session, external_id: str) -> m.Customer:
    c = session.scalars(select(m.Customer).where(m.Customer.external_id == external_id)).first()
    if c is None:
        raise ApiError(404, "not_found", f"No customer {external_id!r}.")
    return c


def _out(session: Session, c: m.Customer, row: AccountOwner) -> w.AccountOwnerOut:
    names = {uid: n for uid, n in session.execute(select(m.User.id, m.User.username).where(
        m.User.id.in_([row.manager_id, row.released_by or ""])))}
    return w.AccountOwnerOut(external_id=c.external_id, manager=names.get(row.manager_id, ""),
                             released=row.released_at is not None,
                             released_at=row.released_at,
                             released_by=names.get(row.released_by or "", ""), note=row.note)


def set_owner(session: Session, external_id: str, manager: str, *, actor_id: str
              ) -> w.AccountOwnerOut:
    """The customer's account manager (a new owner keeps them out of lists again)."""
    c = _customer(session, external_id)
    user = session.scalars(select(m.User).where(m.User.username == manager,
                                                m.User.active.is_(True))).first()
    if user is None or user.role == Role.AGENT.value:
        raise ApiError(400, "not_a_manager",
                       f"{manager!r} is not an active team lead or admin account.")
    row = _assign(session, c.id, user.id, user.username, actor_id)
    session.flush()
    return _out(session, c, row)


def _assign(session: Session, customer_id: str, manager_id: str, username: str,
            actor_id: str | None, *, source: str = "") -> AccountOwner:
    row = session.get(AccountOwner, customer_id)
    if row is None:
        row = AccountOwner(customer_id=customer_id, manager_id=manager_id,
                           assigned_at=utcnow(), assigned_by=actor_id, note="")
        session.add(row)
    else:
        row.manager_id, row.assigned_at, row.assigned_by = manager_id, utcnow(), actor_id
        row.released_at = row.released_by = None
        row.note = ""
    extra = {"source": source} if source else {}
    audit.record(session, actor_id=actor_id, action="customer.owner", entity="customer",
                 entity_id=customer_id, manager=username, **extra)
    return row


# -- issue 22: ownership from the import file (an account_manager column)


def manager_ids(session: Session) -> dict[str, str]:
    """Username -> id of every account that may be an account manager (as set_owner
    accepts: active, not an agent)."""
    return {u: i for u, i in session.execute(select(m.User.username, m.User.id).where(
        m.User.active.is_(True), m.User.role != Role.AGENT.value))}


def set_owners(session: Session, owners: dict[str, str], managers: dict[str, str], *,
               actor_id: str | None) -> int:
    """The import's account managers (external_id -> username, every name in
    `managers`), as set_owner sets them (same table, same audit, source "import"). A
    customer already kept by that manager is left as is (a release stays released).
    Returns how many customers got a (new) manager."""
    exts = list(owners)
    changed = 0
    for start in range(0, len(exts), 1000):
        part = exts[start:start + 1000]
        rows = session.execute(select(m.Customer.external_id, m.Customer.id, AccountOwner)
                               .outerjoin(AccountOwner,
                                          AccountOwner.customer_id == m.Customer.id)
                               .where(m.Customer.external_id.in_(part))).all()
        for ext, cid, row in rows:
            username = owners[ext]
            uid = managers[username]
            if row is not None and row.manager_id == uid:
                continue
            _assign(session, cid, uid, username, actor_id, source="import")
            changed += 1
    session.flush()
    return changed


def release(session: Session, external_id: str, *, actor: m.User, note: str
            ) -> w.AccountOwnerOut:
    c = _customer(session, external_id)
    row = session.get(AccountOwner, c.id)
    if row is None:
        raise ApiError(409, "not_owned", "This customer has no account manager to release.")
    if actor.id != row.manager_id and actor.role != Role.ADMIN.value:
        raise ApiError(403, "not_your_customer",
                       "Only the customer's account manager (or an admin) releases them.")
    row.released_at, row.released_by, row.note = utcnow(), actor.id, note
    audit.record(session, actor_id=actor.id, action="customer.release", entity="customer",
                 entity_id=c.id, note=note)
    session.flush()
    return _out(session, c, row)


def kept(session: Session) -> set[str]:
    """Ids of the customers their account manager keeps (owned, not released)."""
    return set(session.scalars(select(AccountOwner.customer_id).where(
        AccountOwner.released_at.is_(None))))
