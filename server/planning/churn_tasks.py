"""Cause-analysis tasks for account managers (原因分析, issue 22).

Each churn warning on an owned or big customer (an account_owners row, or a big-customer
tier) opens a task for the customer's account manager: cause "spend" (the spend-drop rule,
segmentation.churn_signals) or "fee" (the big customers' fee rule, bigcust.fee_signals).
One open task per customer and cause: an import or a plan that finds the same warning
again opens nothing, and neither does a warning whose figures (the drops) a closed task of
that customer and cause already had: a new task needs new figures (a new month's data).
The due time is the opening time plus the tier's response time (bigcust.RESPONSE_HOURS;
an owned customer without a tier: OWNED_RESPONSE_HOURS).

The task belongs to the customer's current account manager (a new owner takes the open
tasks with the customer); without one, to the admins. The manager closes it with a
finding (the cause and the measures), once; an admin may close any. Opening and closing
are audited (churn_task.open, churn_task.close). Customers who left (churned_on) are not
warned.
"""

from __future__ import annotations

import json
from datetime import timedelta
from operator import itemgetter
from typing import Any

from sqlalchemy import Text, cast, func, insert, select, text
from sqlalchemy.orm import Session

from server import audit, json_text
from server import models as m
from server.db import utcnow
from server.errors import ApiError
from server.models import new_id
from server.planning import bigcust
from server.planning.models import AccountOwner, ChurnTask
from server.planning.segmentation import churn_signals
from wire import churn_tasks as w
from wire.schema import Role

SPEND_KEYS = ("spend_drop", "data_drop", "voice_drop")
FEE_KEYS = ("fee_drop", "fee_drop_service", "fee_total_drop")
_KEYS_AT_ONCE = 500  # owned customers read by id, this many a statement


def response_hours(big_tier: str) -> int:
    return bigcust.RESPONSE_HOURS.get(big_tier, bigcust.OWNED_RESPONSE_HOURS)


def open_for_warnings(session: Session, *, actor_id: str | None) -> int:
    """Open the missing tasks of every owned or big customer on a warning line, in the
    caller's transaction. Returns how many were opened. Only those customers are read:
    the big ones through their partial index, the owned ones by their key."""
    C = m.Customer  # noqa: N806 - the table, as in SQL
    owners: dict[str, str] = {cid: mid for cid, mid in session.execute(
        select(AccountOwner.customer_id, AccountOwner.manager_id))}
    open_now: set[tuple[str, str]] = {(cid, cause) for cid, cause in session.execute(
        select(ChurnTask.customer_id, ChurnTask.cause).where(ChurnTask.status == "open"))}
    seen = {(cid, cause, _key(detail)) for cid, cause, detail in session.execute(
        select(ChurnTask.customer_id, ChurnTask.cause, ChurnTask.detail)
        .where(ChurnTask.status != "open"))}
    now = utcnow()
    tasks: list[dict[str, Any]] = []
    notes: list[tuple[str, dict[str, Any]]] = []  # (task id, the audit entry's detail)
    # The big customers through their partial index (0024; the predicate is the
    # index's, as a literal: a prepared statement's generic plan, which has no value
    # for a parameter, could not prove the index fits), the owned ones by their keys
    # (a join with account_owners was a scan of every customer on SQLite, whose planner
    # put customers first: 0.35 s at a million, with no owner at all); in id order,
    # sorted here (ORDER BY id walked the id index and fetched each row from its own
    # page). The JSON columns are read as text and decoded by json_text (a plan reads
    # about 10,000 big customers at a million: the ORM's JSON type cost 0.25 s).
    cols = (C.id, C.big_tier, cast(C.usage, Text), cast(C.service_fees, Text))
    alive = C.churned_on.is_(None)
    found_rows = {r[0]: tuple(r) for r in session.execute(
        select(*cols).where(text("customers.big_tier <> ''"), alive))}
    owned = sorted(owners)
    for start in range(0, len(owned), _KEYS_AT_ONCE):
        found_rows.update((r[0], tuple(r)) for r in session.execute(
            select(*cols).where(C.id.in_(owned[start:start + _KEYS_AT_ONCE]), alive)))
    for cid, tier, usage_text, fees_text in sorted(found_rows.values(), key=itemgetter(0)):
        usage = None if usage_text is None else json_text.loads(usage_text)
        fees = None if fees_text is None else json_text.loads(fees_text)
        found: dict[str, dict[str, object]] = {}
        if usage:
            sig = churn_signals(usage)
            if sig["churn_warning"]:
                found["spend"] = {k: sig[k] for k in SPEND_KEYS}
        fee = bigcust.fee_signals(fees, tier)
        if fee["fee_warning"]:
            found["fee"] = {k: fee[k] for k in FEE_KEYS}
        for cause, detail in found.items():
            if (cid, cause) in open_now or (cid, cause, _key(detail)) in seen:
                continue
            task_id = new_id()
            tasks.append({"id": task_id, "customer_id": cid, "cause": cause,
                          "manager_id": owners.get(cid), "status": "open", "opened_at": now,
                          "due_at": now + timedelta(hours=response_hours(tier)),
                          "detail": detail, "finding": ""})
            notes.append((task_id, {"customer_id": cid, "cause": cause}))
            open_now.add((cid, cause))
    # One INSERT of many rows each, not an ORM object per task and per audit entry: a
    # million-customer import opens about 4,700, and the objects and their flush were a
    # second at its end, with nothing else running beside it
    if tasks:
        session.execute(insert(ChurnTask), tasks)
        audit.record_many(session, actor_id=actor_id, action="churn_task.open",
                          entity="churn_task", entries=notes)
    return len(tasks)



def _key(detail: dict[str, object] | None) -> str:
    return json.dumps(detail or {}, sort_keys=True)


def list_tasks(session: Session, user: m.User, status: str = "open") -> list[w.ChurnTaskOut]:
    """A manager's own tasks (an admin: every task), open first by due time."""
    manager = func.coalesce(AccountOwner.manager_id, ChurnTask.manager_id)
    q = (select(ChurnTask, m.Customer.external_id, m.Customer.name, m.Customer.big_tier,
                m.Customer.value_tier, manager)
         .join(m.Customer, m.Customer.id == ChurnTask.customer_id)
         .outerjoin(AccountOwner, AccountOwner.customer_id == ChurnTask.customer_id))
    if status in ("open", "closed"):
        q = q.where(ChurnTask.status == status)
    if user.role != Role.ADMIN.value:
        q = q.where(manager == user.id)
    rows = session.execute(q.order_by(ChurnTask.status.desc(), ChurnTask.due_at,
                                      ChurnTask.id)).all()
    ids = {r[5] for r in rows if r[5]} | {r[0].closed_by for r in rows if r[0].closed_by}
    names: dict[str, str] = {i: u for i, u in session.execute(
        select(m.User.id, m.User.username).where(m.User.id.in_(ids)))} if ids else {}
    now = utcnow()
    return [_out(t, ext, name, tier, vtier, names.get(mid or "", ""),
                 names.get(t.closed_by or "", ""), now)
            for t, ext, name, tier, vtier, mid in rows]


def _out(t: ChurnTask, ext: str, name: str, tier: str, vtier: str, manager: str,
         closed_by: str, now: object) -> w.ChurnTaskOut:
    due = t.due_at
    return w.ChurnTaskOut(
        id=t.id, external_id=ext, customer_name=name, big_tier=tier, value_tier=vtier,
        cause=t.cause, manager=manager, status=t.status,  # type: ignore[arg-type]
        opened_at=t.opened_at, due_at=due, overdue=t.status == "open" and due < now,  # type: ignore[operator]
        detail=dict(t.detail or {}), finding=t.finding, closed_at=t.closed_at,
        closed_by=closed_by)


def close(session: Session, task_id: str, *, actor: m.User, finding: str) -> w.ChurnTaskOut:
    """Close with the finding (the cause and the measures), once; audited."""
    t = session.get(ChurnTask, task_id)
    if t is None:
        raise ApiError(404, "not_found", f"No task {task_id!r}.")
    owner = session.get(AccountOwner, t.customer_id)
    manager = owner.manager_id if owner is not None else t.manager_id
    if actor.role != Role.ADMIN.value and actor.id != manager:
        raise ApiError(403, "not_your_task",
                       "Only the customer's account manager (or an admin) closes this task.")
    if t.status != "open":
        raise ApiError(409, "closed", "This task is closed already.")
    t.status, t.finding, t.closed_at, t.closed_by = "closed", finding, utcnow(), actor.id
    audit.record(session, actor_id=actor.id, action="churn_task.close", entity="churn_task",
                 entity_id=t.id, customer_id=t.customer_id, cause=t.cause)
    session.flush()
    c = session.get(m.Customer, t.customer_id)
    assert c is not None
    names: dict[str, str] = {i: u for i, u in session.execute(
        select(m.User.id, m.User.username).where(m.User.id.in_([manager or "", actor.id])))}
    return _out(t, c.external_id, c.name, c.big_tier, c.value_tier,
                names.get(manager or "", ""), names.get(actor.id, ""), utcnow())
