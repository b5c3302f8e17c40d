"""`plan-campaign CAMPAIGN [--dry-run]`: the funnel from all customers to ranked targets.

Steps, in order (each reports how many customers it kept and dropped):
    1. customers on file
    2. still in the network (exclusions.churned, default on)
    3. each targeting filter of the rule table, in its order
    4. exclusions: do-not-call list; contacted within N days (default 90, any recorded
       call outcome); under a contract ending more than N days ahead; already holds the
       product; already on an open call list (one channel/agent at a time)
    5. an offer matches (eligible tier + trigger conditions)
The targets are saved (campaign_targets, status planned) unless it is a dry run; a new
plan supersedes the campaign's earlier planned-but-unassigned targets.

Queue priority of a target (higher is called first):
    40 + 5 * tier rank (D=0 ... A1=5) + 10 if the customer prefers the phone
       + top offer's priority // 10
"""

from __future__ import annotations

import json
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import Any, cast

from sqlalchemy import Connection, Table, Text, and_, case, func, select, update
from sqlalchemy import cast as cast_
from sqlalchemy.orm import Session

from server import audit, changes, demo_content, json_text
from server import models as m
from server.db import utcnow
from server.planning import churn, churn_tasks, ownership, plan_parts
from server.planning import offers_rules as rules_mod
from server.planning.bulk import (
    Writer,
    copy_rows,
    insert_rows,
    large_cache,
    new_ids,
    stored_utc,
)
from server.planning.models import CampaignPlan, CampaignTarget
from server.planning.segmentation import CHANNEL_PRIORITY, CUSTOMER_COLS, TIER_ORDER, features
from wire.calltypes import dispositions_for
from wire.schema import CampaignType, QueueStatus

TARGETS = cast(Table, CampaignTarget.__table__)
POOL_PAGE = 10_000  # customers fetched at a time, and between progress reports
_ABSENT = object()  # a feature the customer does not have (a template shows it as {name})


@dataclass
class Step:
    name: str
    kept: int
    dropped: int


@dataclass
class PlanResult:
    campaign_code: str
    funnel: list[Step] = field(default_factory=list)
    targets: list[dict[str, Any]] = field(default_factory=list)
    plan_id: str | None = None
    dry_run: bool = False
    churn_model: str | None = None
    tasks_opened: int = 0  # issue 22: cause-analysis tasks the saved plan opened

    def funnel_text(self) -> str:
        w = max(len(s.name) for s in self.funnel)
        lines = [f"{'step':<{w}}  {'kept':>9}  {'dropped':>9}"]
        lines += [f"{s.name:<{w}}  {s.kept:>9}  {s.dropped:>9}" for s in self.funnel]
        return "\n".join(lines)


def ensure_campaign(session: Session, rules: dict[str, Any]) -> tuple[m.Campaign,
                                                                     dict[str, m.Offer]]:
    """The campaign and its offers (by code), created from the rule table where new.
    An existing offer is used as it is: its terms never change silently."""
    spec = rules["campaign"]
    camp = session.scalars(select(m.Campaign).where(m.Campaign.code == spec["code"])).first()
    kind = CampaignType(spec.get("type", CampaignType.SALES.value))
    if camp is not None and camp.campaign_type != kind.value:
        raise rules_mod.RulesError(
            f"campaign {camp.code} is a {camp.campaign_type} campaign, the rule table says "
            f"{kind.value}: a campaign's type is set when it is created")
    if camp is None:
        base = next((c for c in demo_content.CAMPAIGNS if c["code"] == spec["code"]), {})
        camp = m.Campaign(
            code=spec["code"], name=spec.get("name") or base.get("name") or spec["code"],
            name_zh=spec.get("name_zh") or base.get("name_zh") or spec["code"],
            description=spec.get("description") or base.get("description", ""),
            window_start=time.fromisoformat(spec.get("window_start", "09:00")),
            window_end=time.fromisoformat(spec.get("window_end", "21:00")),
            max_attempts=int(spec.get("max_attempts", 3)),
            retry_spacing_minutes=int(spec.get("retry_spacing_minutes", 120)),
            allowed_dispositions=base.get("allowed_dispositions",
                                          demo_content.ALL_DISPOSITIONS)
            if kind is CampaignType.SALES else [d.value for d in dispositions_for(kind)],
            campaign_type=kind.value,
            active=True, record_calls=bool(spec.get("record_calls", False)),
            recording_retention_days=int(spec.get("recording_retention_days", 730)))
        session.add(camp)
        session.flush()
        changes.emit(session, "campaign", camp.id)
    offers = {o.code: o for o in session.scalars(select(m.Offer).where(
        m.Offer.code.in_([r["code"] for r in rules["offers"]])))}
    known = {o["code"]: o for lst in demo_content.OFFERS.values() for o in lst}
    for r in rules["offers"]:
        if r["code"] in offers:
            continue
        base = {**known.get(r["code"], {}), **{k: v for k, v in r.items() if k in _OFFER}}
        missing = [k for k in ("name", "name_zh", "price_yuan") if k not in base]
        if missing:
            raise rules_mod.RulesError(f"offer {r['code']} is new: the rule table must give "
                                       f"{', '.join(missing)}")
        o = m.Offer(code=r["code"], campaign_id=camp.id, name=base["name"],
                    name_zh=base["name_zh"], price_yuan=float(base["price_yuan"]),
                    term_months=int(base.get("term_months", 0)),
                    selling_points=base.get("selling_points", ""),
                    selling_points_zh=base.get("selling_points_zh", ""),
                    eligible_tiers=list(base.get("eligible_tiers", rules_mod.ALL_TIERS)),
                    priority=int(base.get("priority", 0)), active=True,
                    trial_days=int(base.get("trial_days", 0)),
                    verify_ratio=float(base.get("verify_ratio", 1.0)))
        session.add(o)
        session.flush()
        changes.emit(session, "offer", o.id)
        offers[o.code] = o
    return camp, offers


_OFFER = ("name", "name_zh", "price_yuan", "term_months", "selling_points",
          "selling_points_zh", "eligible_tiers", "priority", "trial_days", "verify_ratio")


SQL_FEATURES = {
    "value_score": m.Customer.value_score, "value_tier": m.Customer.value_tier,
    "plan_fit": m.Customer.plan_fit, "arpu_yuan": m.Customer.arpu_yuan,
    "star_level": m.Customer.star_level, "vip": m.Customer.vip,
    "tenure_months": m.Customer.tenure_months, "network_gen": m.Customer.network_gen,
    "plan_name": m.Customer.plan_name, "preferred_channel": m.Customer.preferred_channel,
    "arrears_yuan": m.Customer.arrears_yuan, "complaints": m.Customer.complaints,
    "lifecycle_stage": m.Customer.lifecycle_stage, "region": m.Customer.region,
    "big_tier": m.Customer.big_tier,  # issue 22
}


def sql_condition(when: dict[str, Any]) -> Any:
    """The same test as offers_rules.matches as a WHERE clause, or None when a feature is
    computed (not a plain column). These columns are never NULL."""
    parts: list[Any] = []
    for key, cond in when.items():
        col = SQL_FEATURES.get(key)
        if col is None:
            return None
        if isinstance(cond, list):
            parts.append(col.in_(cond))
        elif isinstance(cond, dict):
            if "min" in cond:
                parts.append(col >= cond["min"])
            if "max" in cond:
                parts.append(col <= cond["max"])
        else:
            parts.append(col == cond)
    return and_(*parts) if parts else None


def priority(f: dict[str, Any], top_offer_priority: int) -> int:
    tier_rank = len(TIER_ORDER) - 1 - TIER_ORDER.index(f["value_tier"]) \
        if f["value_tier"] in TIER_ORDER else 0
    return 40 + 5 * tier_rank + CHANNEL_PRIORITY.get(f["preferred_channel"], 0) \
        + top_offer_priority // 10


def plan_campaign(session: Session, rules: dict[str, Any], *, dry_run: bool = False,
                  today: date | None = None, contacted_within_days: int | None = None,
                  actor_id: str | None = None,
                  progress: Callable[[int], None] | None = None,
                  workers: int | None = None) -> PlanResult:
    """Run the funnel in the caller's transaction (the caller commits). `progress` is
    told the customers read so far (at the start and after each page of POOL_PAGE); it
    may raise (jobs.Cancelled) to stop the run, which then leaves the caller to roll
    back. `workers`: processes working the customers (plan_parts; None: its choice by
    their number, 1: none)."""
    today = today or date.today()
    excl = dict(rules.get("exclusions") or {})
    if contacted_within_days is not None:
        excl["contacted_within_days"] = contacted_within_days
    camp, offers = ensure_campaign(session, rules)
    res = PlanResult(camp.code, dry_run=dry_run)
    predict = churn.predictor(session) if rules_mod.uses_churn(rules) else None
    if predict is not None:
        res.churn_model = predict.model_id

    # Leading steps that test plain columns run in SQL (COUNT per step, then only the rows
    # that pass are loaded): at a million customers that is most of the saving. From the
    # first step that needs a computed feature on, the steps run in Python.
    sql_steps: list[tuple[str, Any]] = []
    py_targeting = list(rules.get("targeting") or [])
    if excl.get("churned", True):
        sql_steps.append(("still in the network", m.Customer.churned_on.is_(None)))
    while py_targeting:
        cond = sql_condition(py_targeting[0]["when"])
        if cond is None:
            break
        t = py_targeting.pop(0)
        sql_steps.append((t.get("label") or rules_mod.describe(t["when"]), cond))
    # One scan counts every SQL step (SUM of a CASE per step), not a COUNT per step.
    conds = [c for _, c in sql_steps]
    counts = session.execute(select(func.count(), *[
        func.sum(case((and_(*conds[: i + 1]), 1), else_=0)) for i in range(len(conds))])
        .select_from(m.Customer)).one()
    total = int(counts[0] or 0)
    res.funnel.append(Step("customers on file", total, 0))
    before = total
    for (name, _), kept_n in zip(sql_steps, counts[1:], strict=True):
        kept = int(kept_n or 0)
        res.funnel.append(Step(name, kept, before - kept))
        before = kept
    signals = predict is not None or rules_mod.uses_signals(rules)
    restore = large_cache(session)  # SQLite: the plan reads and checks 1M rows
    saving: _Saving | None = None
    forked: Generator[plan_parts.Answer, None, None] | None = None  # the workers' answers
    try:
        # The Python steps, in order: (name, test). What they test against is read
        # first; then each page of customers goes through every step and the offers,
        # and its targets are written while the next page is worked (_Saving).
        steps: list[tuple[str, Callable[[dict[str, Any]], bool]]] = [
            (t.get("label") or rules_mod.describe(t["when"]), rules_mod.matcher(t["when"]))
            for t in py_targeting]
        dnc = set(session.scalars(select(m.DncEntry.phone)))
        steps.append(("not on the do-not-call list", lambda f: f["phone"] not in dnc))
        owned = ownership.kept(session)
        if owned:  # big / SME customers go through their account manager
            steps.append((ownership.STEP, lambda f: f["id"] not in owned))
        days = excl.get("contacted_within_days")
        if days:
            since = utcnow() - timedelta(days=int(days))
            called = set(session.scalars(select(m.CallOutcome.customer_id).where(
                m.CallOutcome.received_at >= since)))
            steps.append((f"not contacted in the last {days} days",
                          lambda f: f["id"] not in called))
        lock = excl.get("contract_days_left_over")
        if lock is not None:
            steps.append((f"no contract running more than {lock} days",
                          lambda f: f["contract_days_left"] is None
                          or f["contract_days_left"] <= lock))
        held = [str(h).lower() for h in excl.get("holds_product") or []]
        if held:
            steps.append(("does not hold the product already",
                          lambda f: not any(h in s.lower() for h in held
                                            for s in [f["plan_name"],
                                                      *f["value_added_services"]])))
        busy = set(session.scalars(select(m.QueueItem.customer_id).where(
            m.QueueItem.status != QueueStatus.CLOSED.value)))
        steps.append(("not on an open call list", lambda f: f["id"] not in busy))

        max_offers = int(rules.get("max_offers", 3))
        ranked = sorted(rules["offers"], key=lambda o: -int(o.get("priority",
                                                                   offers[o["code"]].priority)))
        # Per offer rule, resolved once: offer id, tiers, trigger test, priority, templates.
        prepared = [(offers[r["code"]].id,
                     r.get("eligible_tiers") or offers[r["code"]].eligible_tiers,
                     rules_mod.offer_matcher(r),
                     int(r.get("priority", offers[r["code"]].priority)), r["reason"],
                     r.get("reason_zh", "")) for r in ranked]
        fill = rules_mod.fill
        # Equal lists are one list: the memo below keys on the features the templates
        # name (avg_over_gb to 3 decimals), the reasons show fewer (1 decimal), so many
        # memo entries hold the same texts; _Saving encodes each distinct list once (at
        # 100,000 customers: 5,475 encodings became 219).
        same: dict[tuple[tuple[str, str, str], ...], list[dict[str, Any]]] = {}

        def offers_for(f: dict[str, Any], hits: tuple[bool, ...]) \
                -> tuple[list[dict[str, Any]], int]:
            recs = _offers_for(f, hits)
            key = tuple((r["offer_id"], r["reason"], r["reason_zh"]) for r in recs[0])
            return same.setdefault(key, recs[0]), recs[1]

        def _offers_for(f: dict[str, Any], hits: tuple[bool, ...]) \
                -> tuple[list[dict[str, Any]], int]:
            recs: list[dict[str, Any]] = []
            top_prio = 0
            for (offer_id, _, _, prio, reason, reason_zh), hit in zip(prepared, hits,
                                                                      strict=True):
                if not hit:
                    continue
                if not recs:
                    top_prio = prio
                recs.append({"offer_id": offer_id, "rank": len(recs) + 1,
                             "reason": fill(reason, f), "reason_zh": fill(reason_zh, f)})
                if len(recs) >= max_offers:
                    break
            return recs, top_prio

        # Which offers a customer gets depends on the tier and the trigger tests; their
        # reasons on the features the templates name (DATAPK: avg_over_gb, rounded to 3
        # decimals). Customers alike share one answer and its recommendation list
        # (read-only), which _Saving encodes once.
        named = [rules_mod.template_names(r) for r in ranked]
        names = None if any(n is None for n in named) else \
            list(dict.fromkeys(k for ns in named for k in ns or ()))
        memo: dict[tuple[Any, ...], tuple[list[dict[str, Any]], int]] = {}

        def targets_of(pool: list[dict[str, Any]]) -> list[dict[str, Any]]:
            out: list[dict[str, Any]] = []
            for f in pool:
                tier = f["value_tier"]
                hits = tuple([tier in tiers and when(f)
                              for _, tiers, when, _, _, _ in prepared])
                if not prepared:  # a campaign without offers (not a sales one): all kept
                    out.append({"customer_id": f["id"], "priority": priority(f, 0),
                                "recommendations": []})
                    continue
                if not any(hits):
                    continue
                if names is None:
                    recs, top_prio = offers_for(f, hits)
                else:
                    key = (hits, *[f.get(k, _ABSENT) for k in names])
                    try:
                        got = memo.get(key)
                    except TypeError:  # a list-valued feature: no memo for this customer
                        got = offers_for(f, hits)
                    if got is None:
                        got = memo[key] = offers_for(f, hits)
                    recs, top_prio = got
                out.append({"customer_id": f["id"], "priority": priority(f, top_prio),
                            "recommendations": recs})
            return out

        def work(page: list[dict[str, Any]]) -> tuple[list[int], list[dict[str, Any]]]:
            """The steps and the offers over one page of customers."""
            counts: list[int] = []
            for _, keep in steps:
                page = [f for f in page if keep(f)]
                counts.append(len(page))
            return counts, targets_of(page)

        def work_part(conn: Connection, cond: Any) -> Iterator[plan_parts.Answer]:
            for page in _pool_pages(conn, [*conds, cond], today, predict, signals):
                yield len(page), *work(page)

        n_workers = plan_parts.workers_for(before) if workers is None else workers
        cut = plan_parts.parts(session, n_workers) if n_workers > 1 else None
        if not dry_run:
            saving = _Saving(session, camp, rules, actor_id)
            res.plan_id = saving.plan.id
        if cut is not None:  # (the workers are forked before _Saving starts its thread)
            forked = plan_parts.run(session, cut, work_part)
            answers: Iterator[plan_parts.Answer] = forked
        else:
            answers = ((len(page), *work(page)) for page in _pool_pages(
                session.connection(), conds, today, predict, signals))
        kept_by_step = [0] * len(steps)
        done = 0
        targets: list[dict[str, Any]] = []
        if progress is not None:
            progress(0)
        for read, page_kept, found in answers:
            kept_by_step = [a + b for a, b in zip(kept_by_step, page_kept, strict=True)]
            targets += found
            if saving is not None:
                saving.add(found)
            done += read
            if progress is not None:
                progress(done)
        pooled = kept_by_step[-1] if steps else done
        for (name, _), n in zip(steps, kept_by_step, strict=True):
            res.funnel.append(Step(name, n, before - n))
            before = n
        res.funnel.append(Step("an offer matches", len(targets), pooled - len(targets)))
        # highest priority first; among equals by customer id (the order they were read in
        # when the scan was ORDER BY id: an index walk that cost more than this sort)
        res.targets = sorted(targets, key=lambda t: (-t["priority"], t["customer_id"]))
        if saving is not None:
            saving.finish(res)
            saving = None
            # issue 22: a warning on an owned or big customer opens a cause analysis
            res.tasks_opened = churn_tasks.open_for_warnings(session, actor_id=actor_id)
    finally:
        if forked is not None:  # the workers end now, not when the error is let go
            forked.close()
        if saving is not None:  # failed or cancelled: the caller rolls back
            saving.close()
        restore()
    return res


def _pool_pages(conn: Connection, conds: list[Any], today: date,
                predict: churn.Predictor | None, signals: bool
                ) -> Iterator[list[dict[str, Any]]]:
    """Features of the customers passing the SQL steps (`conds`), streamed in table
    order, a page (POOL_PAGE) at a time. The JSON columns are read as text and decoded
    here (json_text; a customer's value-added services are mostly one of a few lists:
    decoded once each)."""
    table = cast(Table, m.Customer.__table__)
    keys = [c.key for c in CUSTOMER_COLS]
    json_keys = ("usage", "value_added_services", "service_fees")
    q = select(*[cast_(table.c[k], Text) if k in json_keys else table.c[k] for k in keys]) \
        .where(*conds).execution_options(yield_per=POOL_PAGE)
    loads = json_text.loads
    vas_cache: dict[str, list[Any]] = {}
    iu, iv = keys.index("usage"), keys.index("value_added_services")
    i_fees = keys.index("service_fees")
    for rows in conn.execute(q).partitions():
        pool: list[dict[str, Any]] = []
        for row in rows:
            r = dict(zip(keys, row, strict=True))
            u, v = row[iu], row[iv]
            r["usage"] = None if u is None else loads(u)
            fees = row[i_fees]  # issue 22: "{}" for nearly everyone
            r["service_fees"] = None if not fees or fees == "{}" else loads(fees)
            if v is not None:
                vas = vas_cache.get(v)
                if vas is None:
                    vas = vas_cache[v] = loads(v)
                r["value_added_services"] = vas
            f = features(r, today, signals=signals)
            f["id"], f["phone"], f["value_added_services"] = r["id"], r["phone"], \
                r["value_added_services"] or []
            if predict is not None:
                predict.annotate(f, r)
            pool.append(f)
        yield pool


class _Saving:
    """A plan's rows, written while it is worked out. Made before the first page: the
    earlier planned-but-unassigned targets of the campaign are superseded and the plan's
    row is added (its count and funnel are set by `finish`). `add` writes a page's
    targets; on PostgreSQL on a thread of its own (bulk.Writer), whose COPY the database
    applies (each target's four index entries and its customer's foreign-key check: about
    20 µs a row, 6 s at a million customers) while this thread reads and works the next
    page.
    The thread uses only psycopg's connection of the session's transaction, which lets
    one command run at a time: the next page's FETCH waits for a COPY still running.

    Targets are written in the order their customers were read (table order), not by
    priority: each target's foreign-key check then visits the customers' pages in order
    (on PostgreSQL it locks the customer row, so this is most of the write's cost). Who
    reads targets orders them (assign: priority, then id)."""

    COLS = ("id", "plan_id", "campaign_id", "customer_id", "priority", "recommendations",
            "status", "queue_item_id", "created_at")

    def __init__(self, session: Session, camp: m.Campaign, rules: dict[str, Any],
                 actor_id: str | None) -> None:
        now = utcnow()
        session.execute(update(CampaignTarget).where(
            CampaignTarget.campaign_id == camp.id, CampaignTarget.status == "planned")
            .values(status="superseded"))
        self.plan = CampaignPlan(campaign_id=camp.id, created_at=now, created_by=actor_id,
                                 rules=rules, targets=0, funnel=[])
        session.add(self.plan)
        session.flush()
        self.session, self.camp, self.actor_id, self.saved = session, camp, actor_id, 0
        # Tuples in the stored form (bulk.insert_rows): the same timestamp for every
        # target, encoded once.
        self.created = stored_utc(session, now)
        self.texts: dict[int, str] = {}  # by id() of a (shared) recommendation list
        conn = session.connection()
        # psycopg's connection (the thread's only handle), None on SQLite: written inline
        self.raw: Any = conn.connection.dbapi_connection \
            if conn.dialect.name == "postgresql" else None
        self.writer = Writer(depth=0 if self.raw is None else 2)

    def _text_of(self, recs: list[dict[str, Any]]) -> str:
        t = self.texts.get(id(recs))
        if t is None:
            t = self.texts[id(recs)] = json.dumps(recs)
        return t

    def add(self, targets: list[dict[str, Any]]) -> None:
        """Write these targets (the lists of recommendations stay alive meanwhile: the
        plan's memo holds them, so their id() keys the encoded text)."""
        if not targets:
            return
        plan_id, camp_id, created, text_of = self.plan.id, self.camp.id, self.created, \
            self._text_of
        rows = [(i, plan_id, camp_id, t["customer_id"], t["priority"],
                 text_of(t["recommendations"]), "planned", None, created)
                for i, t in zip(new_ids(len(targets)), targets, strict=True)]
        self.saved += len(rows)
        if self.raw is not None:
            self.writer.submit(copy_rows, self.raw, TARGETS.name, self.COLS, rows)
        else:
            self.writer.submit(insert_rows, self.session, TARGETS, self.COLS, rows)

    def finish(self, res: PlanResult) -> None:
        """Wait for the last writes; the plan's row gets its count and funnel."""
        self.writer.drain()
        self.writer.close()
        self.plan.targets = len(res.targets)
        self.plan.funnel = [{"step": s.name, "kept": s.kept, "dropped": s.dropped}
                            for s in res.funnel]
        audit.record(self.session, actor_id=self.actor_id, action="campaign.plan",
                     entity="campaign", entity_id=self.camp.id, plan_id=self.plan.id,
                     targets=self.saved)
        self.session.flush()

    def close(self) -> None:
        self.writer.close()
