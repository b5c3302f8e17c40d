"""Updating customers already on file: only what the file says changes, and a changed
phone is checked against the do-not-call list in the same transaction.

A re-import updates the columns the file has. A column the file does not have keeps its
stored value (`--replace` blanks it instead, and says so first). Columns computed from
others (value score and tier, plan fit, lifecycle stage, the in-plan/out-of-plan split of
usage) are computed again from the merged values, the same way a new customer's are.
Usage is one group: a file with any m*_ column gives all of it.

After each batch is written, one join per batch finds the customers with open queue
items whose (new) number is on the do-not-call list and closes those items, which
reach the desktops as any do-not-call closure does. Open items of customers whose
segment or usage changed are flagged for the planner (their reasons may be out of date).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from server import audit, changes, queue, segments
from server.models import Customer, DncEntry, QueueItem
from server.planning import bigcust, chunks
from server.planning import segmentation as seg
from server.planning.bulk import update_rows
from server.planning.fields import FIELDS
from wire.schema import QueueStatus

CUSTOMERS = cast(Table, Customer.__table__)
COLS = chunks.ROW_COLS
USAGE_FIELDS = frozenset(f for f in FIELDS if f.startswith("m") and f[1].isdigit()
                         and f not in bigcust.FIELDS)
FEE_FIELDS = frozenset(bigcust.FEE_FIELDS)  # issue 22: one group, as usage is
CHANNEL_FIELDS = frozenset({"preferred_channel", "contacts_phone", "contacts_sms",
                            "contacts_web", "contacts_store"})
DERIVED = ("value_score", "value_tier", "plan_fit", "lifecycle_stage")
# What an open item's reasons are built from: a change here may make them stale.
SEGMENT = ("value_tier", "plan_fit", "lifecycle_stage", "preferred_channel", "network_gen",
           "plan_name", "plan_data_mb", "plan_minutes", "usage", "arpu_yuan",
           "contract_end", "value_added_services", "churned_on",
           "big_tier", "service_fees")  # issue 22: rule features too
_I = {c: i for i, c in enumerate(COLS)}


def provided_columns(fields: Iterable[str]) -> frozenset[str]:
    """The stored columns a file with these fields gives values for (before the derived
    columns, which are always computed again)."""
    fs = set(fields)
    out: set[str] = set()
    for f in fs:
        if f in USAGE_FIELDS:
            out.update(("usage", "arpu_yuan"))
        elif f in FEE_FIELDS:
            out.add("service_fees")
        elif f in CHANNEL_FIELDS:
            out.add("preferred_channel")
        elif f == "phone":
            out.update(("phone", "phone_hash"))
        elif f in _I:
            out.add(f)
    return frozenset(out)


def blanked_columns(fields: Iterable[str]) -> list[str]:
    """The columns `--replace` blanks: those the file does not give (derived ones aside)."""
    given = provided_columns(fields)
    return [c for c in COLS if c not in given and c not in DERIVED]


@dataclass
class UpdateStats:
    updated: int = 0
    unchanged: int = 0
    dnc_closed: int = 0
    stale_items: list[str] = field(default_factory=list)


def _python(row: Sequence[Any], sqlite: bool) -> list[Any]:
    """A built row (stored forms) as the values SQLAlchemy reads back."""
    v = list(row)
    v[_I["usage"]] = json.loads(v[_I["usage"]])
    v[_I["value_added_services"]] = json.loads(v[_I["value_added_services"]])
    v[_I["package_history"]] = json.loads(v[_I["package_history"]])  # issue 22
    v[_I["service_fees"]] = json.loads(v[_I["service_fees"]])
    if sqlite:
        v[_I["vip"]] = bool(v[_I["vip"]])
        for c in ("contract_end", "churned_on"):
            if v[_I[c]] is not None:
                v[_I[c]] = date.fromisoformat(v[_I[c]])
    return v


def _stored(v: list[Any], sqlite: bool) -> tuple[Any, ...]:
    out = list(v)
    out[_I["usage"]] = json.dumps(v[_I["usage"]])
    out[_I["value_added_services"]] = json.dumps(list(v[_I["value_added_services"]]))
    out[_I["package_history"]] = json.dumps(v[_I["package_history"]] or [])  # issue 22
    out[_I["service_fees"]] = json.dumps(v[_I["service_fees"]])
    if sqlite:
        out[_I["vip"]] = 1 if v[_I["vip"]] else 0
        for c in ("contract_end", "churned_on"):
            if v[_I[c]] is not None:
                out[_I[c]] = v[_I[c]].isoformat()
    else:
        out[_I["vip"]] = bool(v[_I["vip"]])
    return tuple(out)


def _resplit(usage: list[dict[str, Any]], plan_mb: int, plan_min: int) -> list[dict[str, Any]]:
    out = []
    for u in usage:
        d = u["data_mb_in_plan"] + u["data_mb_out_of_plan"]
        mins = u["minutes_in_plan"] + u["minutes_out_of_plan"]
        out.append({"month": u["month"], "data_mb_in_plan": round(min(d, plan_mb), 1),
                    "data_mb_out_of_plan": round(max(0.0, d - plan_mb), 1),
                    "minutes_in_plan": min(mins, plan_min),
                    "minutes_out_of_plan": max(0, mins - plan_min),
                    "spend_yuan": u["spend_yuan"]})
    return out


def merge(new: list[Any], old: list[Any], given: frozenset[str]) -> list[Any]:
    """The stored values after the update: the file's where it has them, else the old,
    and the derived columns computed again from the result."""
    v = [n if c in given else o for c, n, o in zip(COLS, new, old, strict=True)]
    if "usage" not in given and ({"plan_data_mb", "plan_minutes"} & given):
        v[_I["usage"]] = _resplit(v[_I["usage"]], v[_I["plan_data_mb"]], v[_I["plan_minutes"]])
    usage = v[_I["usage"]]
    score = seg.value_score(arpu=v[_I["arpu_yuan"]], star=v[_I["star_level"]],
                            tenure=v[_I["tenure_months"]], network_gen=v[_I["network_gen"]],
                            vas=len(v[_I["value_added_services"]]),
                            arrears=v[_I["arrears_yuan"]], complaints=v[_I["complaints"]])
    v[_I["value_score"]] = score
    v[_I["value_tier"]] = seg.value_tier(score)
    v[_I["plan_fit"]] = seg.plan_fit(usage, v[_I["plan_data_mb"]])
    v[_I["lifecycle_stage"]] = "churned" if v[_I["churned_on"]] else (
        segments.lifecycle_stage(v[_I["tenure_months"]], usage) if usage else "")
    return v


def close_listed(session: Session, customer_ids: Iterable[str], actor_id: str | None) \
        -> tuple[set[str], int]:
    """After a write of these customers' phones (in the same transaction): one join finds
    those whose number is on the do-not-call list, and every open item of theirs is closed
    for every agent (audited; each leaves its desktop at the next pull). Returns (the
    listed customers, the items closed)."""
    ids = list(customer_ids)
    if not ids:
        return set(), 0
    listed = set(session.scalars(
        select(CUSTOMERS.c.id).join(DncEntry, DncEntry.phone == CUSTOMERS.c.phone)
        .where(CUSTOMERS.c.id.in_(ids))))
    closed = 0
    for cid in sorted(listed):
        closed += queue.close_customer_items(session, cid, actor_id or "", "do_not_call")
    return listed, closed


def update_customers(session: Session, batch: list[tuple[Any, ...]], given: frozenset[str],
                     stats: UpdateStats, actor_id: str | None) -> None:
    """Write a batch of (id, *built row) updates; see the module's docstring."""
    if not batch:
        return
    sqlite = session.connection().dialect.name == "sqlite"
    ids = [r[0] for r in batch]
    old_rows = {r[0]: list(r[1:]) for r in session.execute(
        select(CUSTOMERS.c.id, *[CUSTOMERS.c[c] for c in COLS]).where(CUSTOMERS.c.id.in_(ids)))}
    writes: list[tuple[Any, ...]] = []
    before: dict[str, list[Any]] = {}
    for cid, *built in batch:
        old = old_rows[cid]
        merged = merge(_python(built, sqlite), old, given)
        if merged == old:
            stats.unchanged += 1
            continue
        before[cid] = old
        writes.append((cid, *_stored(merged, sqlite)))
        old_rows[cid] = merged
    update_rows(session, CUSTOMERS, COLS, writes)
    stats.updated += len(writes)
    if not before:
        return
    items = session.execute(
        select(QueueItem.id, QueueItem.agent_id, QueueItem.customer_id).where(
            QueueItem.customer_id.in_(list(before)),
            QueueItem.status != QueueStatus.CLOSED.value)).all()
    if not items:
        return
    listed, closed = close_listed(session, {c for _, _, c in items}, actor_id)
    stats.dnc_closed += closed
    seg_idx = [_I[c] for c in SEGMENT]
    for item_id, agent_id, cid in items:
        if cid in listed:
            continue
        # Customers on an agent's list: their desktop shows the new data on the next pull.
        changes.emit(session, "queue_item", item_id, agent_id)
        old, new = before[cid], old_rows[cid]
        if [old[i] for i in seg_idx] != [new[i] for i in seg_idx]:
            stats.stale_items.append(item_id)
            audit.record(session, actor_id=actor_id, action="queue.reasons_stale",
                         entity="queue_item", entity_id=item_id, customer_id=cid,
                         changed=[c for c in SEGMENT if old[_I[c]] != new[_I[c]]])
