"""ORM rows -> wire models. Queue items are built in bulk (customers and history
loaded with one query each) so a pull page of 500 items stays a handful of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, Generic, NamedTuple, TypeVar

from pydantic import BaseModel, TypeAdapter
from pydantic_core import from_json, to_json
from sqlalchemy import JSON, String, bindparam, func, select, type_coerce
from sqlalchemy.orm import Session

from server import models as m
from server import raw_sql
from server.aftersale.models import Order
from wire import schema as w


def campaign_out(c: m.Campaign) -> w.CampaignOut:
    return w.CampaignOut(
        id=c.id, code=c.code, name=c.name, name_zh=c.name_zh, description=c.description,
        window_start=c.window_start, window_end=c.window_end, max_attempts=c.max_attempts,
        retry_spacing_minutes=c.retry_spacing_minutes, max_calls_24h=c.max_calls_24h,
        max_calls_30d=c.max_calls_30d,
        allowed_dispositions=[w.Disposition(d) for d in c.allowed_dispositions],
        active=c.active, record_calls=c.record_calls, dial_mode=w.DialMode(c.dial_mode),
        progressive_delay_s=c.progressive_delay_s, wrap_up_limit_s=c.wrap_up_limit_s,
        ring_timeout_s=c.ring_timeout_s, transfer_target=c.transfer_target,
        campaign_type=w.CampaignType(c.campaign_type),
        windows=[w.CallingWindow.model_validate(x) for x in c.calling_windows or []],
    )


def offer_out(o: m.Offer) -> w.OfferOut:
    return w.OfferOut(
        id=o.id, code=o.code, campaign_id=o.campaign_id, name=o.name, name_zh=o.name_zh,
        price_yuan=o.price_yuan, term_months=o.term_months, selling_points=o.selling_points,
        selling_points_zh=o.selling_points_zh,
        eligible_tiers=[w.ValueTier(t) for t in o.eligible_tiers], priority=o.priority,
    )


def script_out(s: m.Script) -> w.ScriptOut:
    return w.ScriptOut(
        id=s.id, campaign_id=s.campaign_id, version=s.version, title=s.title,
        steps=[w.ScriptStep.model_validate(step) for step in s.steps],
        variants=[w.ScriptVariant.model_validate(v) for v in s.variants or []],
    )


def dnc_out(d: m.DncEntry) -> w.DncEntry:
    return w.DncEntry(phone_hash=d.phone_hash, customer_id=d.customer_id, added_at=d.created_at)


def customer_out(c: m.Customer) -> w.CustomerOut:
    return w.CustomerOut(
        id=c.id, external_id=c.external_id, name=c.name, phone=c.phone, region=c.region,
        timezone=c.timezone, star_level=c.star_level, vip=c.vip, tenure_months=c.tenure_months,
        arpu_yuan=c.arpu_yuan, plan_name=c.plan_name, plan_minutes=c.plan_minutes,
        plan_data_mb=c.plan_data_mb, usage=[w.UsageMonth.model_validate(u) for u in c.usage],
        contract_end=c.contract_end, handset=c.handset, network_gen=c.network_gen,
        value_added_services=list(c.value_added_services), arrears_yuan=c.arrears_yuan,
        credit_class=c.credit_class, preferred_channel=c.preferred_channel,  # type: ignore[arg-type]
        complaints=c.complaints, value_score=c.value_score, value_tier=w.ValueTier(c.value_tier),
        plan_fit=c.plan_fit,  # type: ignore[arg-type]
        lifecycle_stage=c.lifecycle_stage, consent_basis=c.consent_basis,
        # issue 22 (0019): the fields script variants' rules read
        age_band=c.age_band or "", district=c.district or "", community=c.community or "",
        broadband_mbps=c.broadband_mbps,
        package_history=[w.PackageHistoryEntry.model_validate(p)
                         for p in c.package_history or []],
        big_tier=c.big_tier,  # issue 22
    )


# The history's columns only, built once with bound parameters: a pull page of 500 items
# and every push answer read it, and loading whole call records (notes, ticks, steps...)
# as ORM objects cost more than the query.
_o = m.CallOutcome
_HISTORY = (
    select(_o.customer_id, _o.id, _o.call_started_at, _o.created_at, m.User.display_name,
           m.Campaign.code, _o.disposition, _o.objection, _o.notes, m.Offer.code, Order.state,
           Order.confirmed_at.is_not(None))
    .join(m.User, m.User.id == _o.agent_id)
    .join(m.Campaign, m.Campaign.id == _o.campaign_id)
    .outerjoin(m.Offer, m.Offer.id == _o.offer_id)
    .outerjoin(Order, Order.call_id == _o.id)
    .where(_o.customer_id.in_(bindparam("customers", expanding=True)))
)


def _entry(oid: str, at: datetime, agent_name: str, campaign_code: str, disposition: str,
           objection: str | None, notes: str | None, offer_code: str | None,
           order_state: str | None, confirmed: Any) -> dict[str, Any]:
    """One `w.HistoryEntry`'s fields in plain values."""
    return {"id": oid, "at": at, "agent_name": agent_name, "campaign_code": campaign_code,
            "disposition": w.Disposition(disposition),
            "objection": w.Objection(objection) if objection else None, "notes": notes,
            "offer_code": offer_code, "order_state": order_state,
            "order_confirmed": bool(confirmed)}


def newest_first(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    entries.sort(key=lambda h: h["at"], reverse=True)
    return entries


def _history_dicts(session: Session, customer_ids: Iterable[str]
                   ) -> dict[str, list[dict[str, Any]]]:
    """Every earlier outcome of these customers by any agent, newest first, as
    `w.HistoryEntry`'s fields (plain values: `queue_item_dicts`)."""
    ids = sorted(set(customer_ids))
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for start in range(0, len(ids), 500):
        rows = raw_sql.rows(session, _HISTORY, {"customers": ids[start : start + 500]})
        for (customer_id, oid, started, created, *rest) in rows:
            out[customer_id].append(_entry(oid, started or created, *rest))
    for entries in out.values():
        newest_first(entries)
    return out


def history_json(customer_id: Any, dialect: str) -> Any:
    """`_HISTORY`'s columns of the outcomes of the customer `customer_id` names (a column
    of the enclosing query) as one JSON array of arrays, or NULL: a push reads its items'
    history in its first statement (server.sync) instead of one more after its writes.
    `dialect`: "postgresql" or "sqlite" (their JSON functions differ). Its own aliases of
    the tables, so that none is correlated with the enclosing query's (which joins
    campaigns)."""
    o, u, c = (t.__table__.alias() for t in (m.CallOutcome, m.User, m.Campaign))
    f, r = m.Offer.__table__.alias(), Order.__table__.alias()
    agg, array = (func.json_agg, func.json_build_array) if dialect == "postgresql" else (
        func.json_group_array, func.json_array)
    return (select(agg(array(
        o.c.id, o.c.call_started_at, o.c.created_at, u.c.display_name, c.c.code,
        o.c.disposition, o.c.objection, o.c.notes, f.c.code, r.c.state,
        r.c.confirmed_at.is_not(None))))
        .select_from(o.join(u, u.c.id == o.c.agent_id).join(c, c.c.id == o.c.campaign_id)
                     .outerjoin(f, f.c.id == o.c.offer_id).outerjoin(r, r.c.call_id == o.c.id))
        .where(o.c.customer_id == customer_id).scalar_subquery())


def history_from_json(found: str | list[list[Any]] | None) -> list[dict[str, Any]]:
    """`history_json`'s array (as text from SQLite) as `_history_dicts` gives one
    customer's entries, unsorted. Its times are stored as naive UTC and written in ISO
    8601 (with a space on SQLite)."""
    return [_entry(oid, datetime.fromisoformat(started or created).replace(tzinfo=UTC), *rest)
            for oid, started, created, *rest in _json(found) or ()]


def new_entry(outcome: dict[str, Any], agent_name: str, campaign_code: str
              ) -> dict[str, Any]:
    """The history entry of a call record a push is storing (its row as
    server.sync.write_outcome builds it), without an offer: so no order either."""
    at = outcome["call_started_at"] or outcome["created_at"]
    return _entry(outcome["id"], at.astimezone(UTC), agent_name, campaign_code,
                  outcome["disposition"], outcome["objection"], outcome["notes"], None,
                  None, False)


def history_by_customer(
    session: Session, customer_ids: Iterable[str]
) -> dict[str, list[w.HistoryEntry]]:
    """Every earlier outcome of these customers by any agent, newest first."""
    return {cid: [w.HistoryEntry(**h) for h in entries]
            for cid, entries in _history_dicts(session, customer_ids).items()}


# A pull page's customers and items as Core rows (no ORM objects: their instances, identity
# map and attribute access were half the CPU of a 500-item page), only the columns the
# wire needs, the JSON columns as their stored text where the driver leaves it text
# (SQLite), parsed by pydantic's parser; then the whole page is validated in one call.
_CUSTOMER_FIELDS = tuple(w.CustomerOut.model_fields)
_c = m.Customer.__table__.c
_JSON_TEXT = {n for n in _CUSTOMER_FIELDS if isinstance(_c[n].type, JSON)}
_CUSTOMERS = select(*(type_coerce(_c[n], String).label(n) if n in _JSON_TEXT else _c[n]
                      for n in _CUSTOMER_FIELDS)
                    ).where(_c.id.in_(bindparam("ids", expanding=True)))
_NOT_NULL = {"age_band": "", "district": "", "community": "", "package_history": []}
_q = m.QueueItem.__table__.c
ITEM_ROWS = select(_q.id, _q.campaign_id, _q.customer_id, _q.agent_id, _q.status, _q.priority,
                   _q.attempts, _q.next_call_at, _q.callback_at,
                   type_coerce(_q.recommendations, String).label("recommendations"))
ITEMS_OUT = TypeAdapter(list[w.QueueItemOut])


def _json(value: Any) -> Any:
    """A JSON column's value: its text parsed (SQLite), or as the driver decoded it."""
    return from_json(value) if isinstance(value, str | bytes) else value


def _customer_fields(values: Iterable[Any]) -> dict[str, Any]:
    d = dict(zip(_CUSTOMER_FIELDS, values, strict=True))
    for n in _JSON_TEXT:
        d[n] = _json(d[n])
    for n, empty in _NOT_NULL.items():
        if d[n] is None:
            d[n] = empty
    return d


def queue_item_dicts(session: Session, items: Sequence[Any],
                     customers: dict[str, m.Customer] | None = None,
                     history: dict[str, list[dict[str, Any]]] | None = None
                     ) -> list[dict[str, Any]]:
    """`items` (queue items as ORM objects or rows of ITEM_ROWS) as `w.QueueItemOut`'s
    fields in plain values: what `queue_items_out` validates, or `items_json` writes
    without building the models (a first pull writes 10,000: validating them again
    was a third of the server's CPU). `customers`: some of the items' customers by id,
    already loaded (the rest are read). `history`: the customers' history entries, newest
    first, when the caller has them for every one of the items' customers (else read)."""
    if not items:
        return []
    cust_ids = sorted({i.customer_id for i in items})
    found = {cid: _customer_fields(getattr(c, n) for n in _CUSTOMER_FIELDS)
             for cid, c in (customers or {}).items()}
    missing = [c for c in cust_ids if c not in found]
    for start in range(0, len(missing), 500):
        for row in session.execute(_CUSTOMERS, {"ids": missing[start : start + 500]}).all():
            found[row[0]] = _customer_fields(row)
    if history is None or not history.keys() >= set(cust_ids):
        history = _history_dicts(session, cust_ids)
    return [
        {"id": i.id, "campaign_id": i.campaign_id, "agent_id": i.agent_id, "status": i.status,
         "priority": i.priority, "attempts": i.attempts, "next_call_at": i.next_call_at,
         "callback_at": i.callback_at, "customer": found[i.customer_id],
         "history": history.get(i.customer_id, []),
         "recommendations": _json(i.recommendations) or []}
        for i in items
    ]


def queue_items_out(session: Session, items: Sequence[Any],
                    customers: dict[str, m.Customer] | None = None) -> list[w.QueueItemOut]:
    """`queue_item_dicts` as validated wire models."""
    return ITEMS_OUT.validate_python(queue_item_dicts(session, items, customers))


def items_json(items: list[dict[str, Any]]) -> bytes:
    """`queue_item_dicts`' answer as the JSON array `ITEMS_OUT.dump_json` writes of the same
    items validated (tests/server/test_pull_json.py holds the two equal), without building
    the models: every value comes from the database through the column's own type, and
    the JSON columns as stored."""
    return to_json(items)


Head = TypeVar("Head", bound=BaseModel)


class WithItems(NamedTuple, Generic[Head]):
    """An answer that carries queue items (a pull page, a push's resulting state):
    everything but its queue items as the wire model, and the queue items as their
    fields in plain values (`queue_item_dicts`), written to JSON without building a model
    for each (`json`) or validated (`model`)."""

    head: Head  # (its queue_items empty)
    items: list[dict[str, Any]]

    def model(self) -> Head:
        return self.head.model_copy(update={"queue_items": ITEMS_OUT.validate_python(self.items)})

    def json(self) -> bytes:
        """The same JSON as `model().model_dump_json()`, the queue items last."""
        head = self.head.model_dump_json(exclude={"queue_items"}).encode()
        return head[:-1] + b',"queue_items":' + items_json(self.items) + b"}"
