"""The agent's queue: listing, a customer's detail, the dial gate, recording outcomes.

Every agent action is committed to the local database together with its outbox
entry in one transaction before anything touches the network.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Text,
    case,
    cast,
    func,
    insert,
    or_,
    select,
    update,
)

from app import domain
from app.errors import DialBlocked, ValidationFailed
from app.store import repo
from app.store import tables as t
from app.views import (
    CustomerDetail,
    DayStats,
    OutcomeDraft,
    QueueRow,
    RankedOffer,
    RejectedAction,
    RenderedStep,
)
from wire.rules import next_state
from wire.schema import (
    MAX_NOTES_CHARS,
    CampaignOut,
    CustomerOut,
    Disposition,
    DncAction,
    HistoryEntry,
    Objection,
    OutcomeAction,
    QueueControl,
    QueueStatus,
    ScriptOut,
    phone_hash,
)

Clock = Callable[[], datetime]

_mask = lru_cache(maxsize=16384)(domain.mask_phone)


@dataclass(frozen=True)
class _ItemFacts:
    """What a queue row needs from an item's and its customer's JSON, decoded once."""

    qraw: str
    craw: str
    tz: str
    region: str
    top_offer_id: str | None
    history_at: tuple[datetime, ...]  # newest contact history from the server


def _facts(qraw: str, craw: str) -> _ItemFacts:
    q, c = json.loads(qraw), json.loads(craw)
    recs = q.get("recommendations", [])
    return _ItemFacts(
        qraw=qraw, craw=craw, tz=c.get("timezone") or "Asia/Shanghai",
        region=c.get("region", ""), top_offer_id=recs[0]["offer_id"] if recs else None,
        history_at=tuple(datetime.fromisoformat(h["at"]) for h in q.get("history", [])),
    )


class QueueService:
    def __init__(
        self,
        engine: Engine,
        *,
        agent_name: str,
        company: str = "China Telecom",
        company_zh: str = "中国电信",
        max_dnc_age: timedelta = timedelta(hours=24),
        clock: Clock = lambda: datetime.now(UTC),
        after_write: Callable[[], None] = lambda: None,
        is_paused: Callable[[], bool] = lambda: False,
    ) -> None:
        self._db = engine
        self._agent_name = agent_name
        self._company = company
        self._company_zh = company_zh  # the brand as the Chinese script says it
        self._max_dnc_age = max_dnc_age
        self._clock = clock
        self._after_write = after_write  # e.g. wake the sync engine
        self._is_paused = is_paused
        # queue item id -> facts decoded from its JSON; re-decoded when the JSON changes
        self._facts: dict[str, _ItemFacts] = {}

    @property
    def max_dnc_age(self) -> timedelta:
        """Past this age of the do-not-call copy the gate stops every dial."""
        return self._max_dnc_age

    # ------------------------------------------------------------------ reads

    def campaigns(self) -> list[CampaignOut]:
        with self._db.connect() as conn:
            return sorted(repo.campaigns(conn).values(), key=lambda c: c.code)

    def pending_count(self) -> int:
        with self._db.connect() as conn:
            return repo.pending_count(conn)

    def now(self) -> datetime:
        """The service's clock (a shifted one in training sessions and tests)."""
        return self._clock()

    def rejected_actions(self) -> list[RejectedAction]:
        """Actions the server refused, oldest first, with the customer's name where known."""
        with self._db.connect() as conn:
            rows = repo.rejected_actions(conn)
            ids = {str(r["payload"].get("customer_id")) for r in rows
                   if r["payload"].get("customer_id")}
            q = select(t.customers.c.id, t.customers.c.name).where(t.customers.c.id.in_(ids))
            names = {r[0]: r[1] for r in conn.execute(q)} if ids else {}
        out = []
        for r in rows:
            p = r["payload"]
            out.append(RejectedAction(
                action_id=r["action_id"], kind=r["kind"], created_at=repo.as_utc(r["created_at"]),
                customer_name=names.get(str(p.get("customer_id")), ""),
                detail=str(p.get("disposition") or p.get("state") or ""),
                code=r["error_code"] or "", message=r["error_message"] or "",
            ))
        return out

    def day_stats(self, tz: tzinfo | None = None) -> DayStats:
        """Today's figures from the local calls table; today = the agent's local day.

        Two aggregate queries over indexed columns; no per-row Python work."""
        now = self._clock()
        local = now.astimezone(tz) if tz is not None else now.astimezone()
        start = local.replace(hour=0, minute=0, second=0, microsecond=0)
        end = start + timedelta(days=1)
        c = t.calls.c
        reached = [d.value for d in Disposition if d.reached]
        talk = func.coalesce(func.json_extract(c.data, "$.action.talk_seconds"), 0)
        q = select(
            func.count(),
            func.coalesce(func.sum(case((c.disposition.in_(reached), 1), else_=0)), 0),
            func.coalesce(func.sum(case((c.disposition == Disposition.ACCEPTED.value, 1),
                                        else_=0)), 0),
            func.coalesce(func.sum(talk), 0),
        ).where(c.created_at >= repo.to_db(start), c.created_at < repo.to_db(end))
        left = (
            select(func.count())
            .select_from(t.queue_items.join(
                t.customers, t.customers.c.id == t.queue_items.c.customer_id))
            .where(t.queue_items.c.status != QueueStatus.CLOSED.value)
            .where(t.customers.c.phone_hash.not_in(select(t.dnc.c.phone_hash)))
        )
        with self._db.connect() as conn:
            n, n_reached, n_sales, talk_s = conn.execute(q).one()
            queue_left = int(conn.execute(left).scalar() or 0)
        return DayStats(calls=int(n), reached=int(n_reached), successes=int(n_sales),
                        talk_seconds=int(talk_s), queue_left=queue_left)

    def list_queue(
        self,
        *,
        campaign_id: str | None = None,
        status: QueueStatus | None = None,
        search: str = "",
    ) -> list[QueueRow]:
        """The queue in calling order, do-not-call customers never included."""
        now = self._clock()
        qi, cu = t.queue_items.c, t.customers.c
        # Only what a row needs, picked out of the JSON by SQLite: decoding every item's
        # history in Python was most of the time of a 1,000-item list.
        q = (
            select(
                qi.id, qi.customer_id, qi.campaign_id, qi.status, qi.priority, qi.attempts,
                qi.value_tier, qi.next_call_at, qi.callback_at,
                cu.name, cu.phone, cu.phone_hash,
                cast(qi.data, Text).label("qraw"), cast(cu.data, Text).label("craw"),
            )
            .join(t.customers, t.customers.c.id == t.queue_items.c.customer_id)
            .where(t.queue_items.c.status != QueueStatus.CLOSED.value)
            .where(t.customers.c.phone_hash.not_in(select(t.dnc.c.phone_hash)))
        )
        if campaign_id:
            q = q.where(t.queue_items.c.campaign_id == campaign_id)
        if status is not None:
            q = q.where(t.queue_items.c.status == status.value)
        needle = search.strip()
        if needle:
            digits = "".join(ch for ch in needle if ch.isdigit())
            conds = [t.customers.c.name.contains(needle, autoescape=True)]
            if len(digits) >= 3:
                conds.append(t.customers.c.phone.contains(digits, autoescape=True))
            q = q.where(or_(*conds))
        with self._db.connect() as conn:
            camps = repo.campaigns(conn)
            offers = repo.offers(conn)
            sync_age = self._sync_age(conn, now)
            rows = conn.execute(q).mappings().all()
            recent = self._recent_calls_by_hash(conn, now)
        out: list[tuple[tuple[Any, ...], QueueRow]] = []
        since = now - timedelta(days=30)  # the longest contact cap may_dial looks at
        cache = self._facts
        opens_memo: dict[tuple[str, str], datetime | None] = {}

        def window_opens(c: CampaignOut, tz: str, at: datetime) -> datetime | None:
            key = (c.id, tz)
            if key not in opens_memo:
                opens_memo[key] = domain.window_opens_at(c, tz, at)
            return opens_memo[key]

        for r in rows:
            f = cache.get(r["id"])
            if f is None or f.qraw != r["qraw"] or f.craw != r["craw"]:
                f = cache[r["id"]] = _facts(r["qraw"], r["craw"])
            st = QueueStatus(r["status"])
            callback_at = repo.as_utc(r["callback_at"])
            camp = camps.get(r["campaign_id"])
            tz = f.tz
            history_calls = [at for at in f.history_at if at >= since]
            verdict = domain.may_dial(
                campaign=camp,
                tz_name=tz,
                now_utc=now,
                on_dnc=False,
                status=st,
                attempts=r["attempts"],
                next_call_at=repo.as_utc(r["next_call_at"]),
                recent_calls=history_calls + recent.get(r["phone_hash"], []),
                sync_age=sync_age,
                max_sync_age=self._max_dnc_age,
                window_opens=window_opens,
            )
            top = offers.get(f.top_offer_id) if f.top_offer_id else None
            # A call-back is worked at the time agreed with the customer, not before.
            early = st is QueueStatus.CALLBACK and callback_at is not None and callback_at > now
            if early and verdict.allowed:
                verdict = domain.DialVerdict(False, "callback_not_due",
                                             "The call-back is not due yet.", callback_at)
            row = QueueRow(
                id=r["id"],
                customer_id=r["customer_id"],
                customer_name=r["name"],
                phone_masked=_mask(r["phone"]),
                region=f.region,
                campaign_id=r["campaign_id"],
                campaign_code=camp.code if camp else "",
                campaign_name=camp.name if camp else "",
                campaign_name_zh=camp.name_zh if camp else "",
                status=st,
                priority=r["priority"],
                value_tier=r["value_tier"],
                attempts=r["attempts"],
                callback_at=callback_at,
                callback_due=bool(
                    st is QueueStatus.CALLBACK and callback_at and callback_at <= now
                ),
                callable_now=verdict.allowed,
                callable_from=verdict.callable_from,
                blocked_code=verdict.code,
                top_offer=top.name if top else "",
                top_offer_zh=top.name_zh if top else "",
                timezone=tz,
            )
            key = domain.queue_sort_key(
                status=st,
                callback_at=callback_at,
                priority=r["priority"],
                value_tier=domain.ValueTier(r["value_tier"]),
                now_utc=now,
            )
            out.append(((0 if verdict.allowed or st is QueueStatus.CALLBACK else 1, *key), row))
        if not (campaign_id or status or needle):
            # An unfiltered listing is the whole open queue: forget items that left it.
            for gone in cache.keys() - {r["id"] for r in rows}:
                del cache[gone]
        out.sort(key=lambda p: p[0])
        return [row for _, row in out]

    def detail(self, queue_item_id: str, *, script_id: str | None = None) -> CustomerDetail:
        """Everything the agent sees of one queue item. `script_id`: the script version a
        call was begun with (kept locally after a newer one arrives), else the latest."""
        now = self._clock()
        with self._db.connect() as conn:
            item = conn.execute(
                select(t.queue_items).where(t.queue_items.c.id == queue_item_id)
            ).mappings().first()
            if item is None:
                raise ValidationFailed("This customer is no longer in your queue.")
            cust_data = conn.execute(
                select(t.customers.c.data).where(t.customers.c.id == item["customer_id"])
            ).scalar_one()
            customer = CustomerOut.model_validate(cust_data)
            camp = repo.campaigns(conn).get(item["campaign_id"])
            offers = repo.offers(conn)
            script = (repo.script_by_id(conn, script_id) if script_id else None) \
                or repo.latest_script(conn, item["campaign_id"])
            digest = phone_hash(customer.phone)
            on_dnc = repo.is_dnc(conn, digest)
            sync_age = self._sync_age(conn, now)
            local_calls = conn.execute(
                select(t.calls.c.data).where(t.calls.c.customer_id == customer.id)
            ).scalars().all()
            recent_local = self._recent_calls_by_hash(conn, now).get(digest, [])
        history = [HistoryEntry.model_validate(h) for h in item["data"].get("history", [])]
        known = {h.id for h in history}
        for d in local_calls:
            entry = HistoryEntry.model_validate(d["history"])
            if entry.id not in known:
                history.append(entry)
        history.sort(key=lambda h: h.at, reverse=True)
        ranked = [
            RankedOffer(offers[r["offer_id"]], r["rank"], r["reason"], r.get("reason_zh", ""))
            for r in item["data"].get("recommendations", [])
            if r["offer_id"] in offers
        ]
        ranked.sort(key=lambda o: o.rank)
        verdict = domain.may_dial(
            campaign=camp,
            tz_name=customer.timezone,
            now_utc=now,
            on_dnc=on_dnc,
            status=QueueStatus(item["status"]),
            attempts=item["attempts"],
            next_call_at=repo.as_utc(item["next_call_at"]),
            recent_calls=[h.at for h in history if h.id not in {c["id"] for c in local_calls}]
            + recent_local,
            sync_age=sync_age,
            max_sync_age=self._max_dnc_age,
        )
        return CustomerDetail(
            queue_item_id=queue_item_id,
            status=QueueStatus(item["status"]),
            attempts=item["attempts"],
            callback_at=repo.as_utc(item["callback_at"]),
            customer=customer,
            campaign=camp,
            history=history,
            offers=ranked,
            script=script,
            steps=self._render(script, customer, ranked[0] if ranked else None),
            verdict=verdict,
            on_dnc=on_dnc,
            local_time=domain.local_now(customer.timezone, now),
            allowed_dispositions=list(camp.allowed_dispositions) if camp else [],
        )

    def queue_control(self) -> QueueControl | None:
        """The team lead's latest hold on this agent's queue, as last pulled (None: never)."""
        with self._db.connect() as conn:
            raw = repo.get_meta(conn, repo.QUEUE_CONTROL)
        return QueueControl.model_validate_json(raw) if raw else None

    def check_dial(self, queue_item_id: str) -> domain.DialVerdict:
        """The compliance gate for every dial path; raises DialBlocked when it says no."""
        if self._is_paused():
            raise DialBlocked("You are paused; resume before dialling.", code="paused")
        control = self.queue_control()
        if control is not None and control.paused:
            raise DialBlocked("Your team lead has paused your queue.", code="queue_paused")
        verdict = self.detail(queue_item_id).verdict
        if not verdict.allowed:
            raise DialBlocked(verdict.reason, code=verdict.code)
        return verdict

    # ----------------------------------------------------------------- writes

    def record_outcome(self, draft: OutcomeDraft) -> str:
        """Validate, then commit the call, the item's new state and the outbox row at once.
        A script that changed mid-call does not change the call: the draft names the
        version the agent was shown, and its disclosures are the ones checked."""
        now = self._clock()
        detail = self.detail(draft.queue_item_id, script_id=draft.script_id)
        self._validate(draft, detail, now)
        camp = detail.campaign
        assert camp is not None  # _validate guarantees it
        action_id = str(uuid.uuid4())
        action = OutcomeAction(
            action_id=action_id,
            created_at=now,
            queue_item_id=draft.queue_item_id,
            customer_id=detail.customer.id,
            campaign_id=camp.id,
            disposition=draft.disposition,
            objection=Objection(draft.objection) if draft.objection else None,
            notes=draft.notes,
            offer_id=draft.offer_id,
            script_id=detail.script.id if detail.script else None,
            script_version=detail.script.version if detail.script else None,
            steps_taken=draft.steps_taken,
            disclosures_ticked=draft.disclosures_ticked,
            call_started_at=draft.call_started_at,
            talk_seconds=draft.talk_seconds,
            wrap_seconds=draft.wrap_seconds,
            callback_at=draft.callback_at,
        )
        state = next_state(
            disposition=draft.disposition,
            attempts_before=detail.attempts,
            max_attempts=camp.max_attempts,
            retry_spacing_minutes=camp.retry_spacing_minutes,
            callback_at=draft.callback_at,
            now=now,
        )
        offer_code = None
        if draft.offer_id:
            codes = {o.offer.id: o.offer.code for o in detail.offers}
            offer_code = codes.get(draft.offer_id)
        history = HistoryEntry(
            id=action_id,
            at=now,
            agent_name=self._agent_name,
            campaign_code=camp.code,
            disposition=draft.disposition,
            objection=action.objection,
            notes=draft.notes,
            offer_code=offer_code,
        )
        digest = phone_hash(detail.customer.phone)
        with self._db.begin() as conn:
            conn.execute(
                insert(t.calls).values(
                    id=action_id,
                    queue_item_id=draft.queue_item_id,
                    customer_id=detail.customer.id,
                    phone_hash=digest,
                    disposition=draft.disposition.value,
                    created_at=repo.to_db(now),
                    data={
                        "action": action.model_dump(mode="json"),
                        "history": history.model_dump(mode="json"),
                    },
                )
            )
            conn.execute(
                update(t.queue_items)
                .where(t.queue_items.c.id == draft.queue_item_id)
                .values(
                    status=state.status.value,
                    attempts=state.attempts,
                    next_call_at=repo.to_db(state.next_call_at),
                    callback_at=repo.to_db(state.callback_at),
                )
            )
            repo.enqueue(
                conn,
                action_id=action_id,
                kind="outcome",
                payload=action.model_dump(mode="json"),
                queue_item_id=draft.queue_item_id,
                now=now,
            )
            if draft.disposition is Disposition.DO_NOT_CALL:
                self._add_local_dnc(conn, digest, detail.customer.id, now)
        self._after_write()
        return action_id

    def flag_dnc(self, queue_item_id: str, reason: str) -> str:
        """Put the customer on the do-not-call list now; no later action undoes it."""
        now = self._clock()
        with self._db.connect() as conn:
            item = conn.execute(
                select(t.queue_items.c.customer_id).where(t.queue_items.c.id == queue_item_id)
            ).scalar_one_or_none()
            if item is None:
                raise ValidationFailed("This customer is no longer in your queue.")
            phone = conn.execute(
                select(t.customers.c.phone).where(t.customers.c.id == item)
            ).scalar_one()
        action_id = str(uuid.uuid4())
        action = DncAction(action_id=action_id, created_at=now, customer_id=item, reason=reason)
        with self._db.begin() as conn:
            self._add_local_dnc(conn, phone_hash(phone), item, now)
            repo.enqueue(
                conn,
                action_id=action_id,
                kind="dnc",
                payload=action.model_dump(mode="json"),
                queue_item_id=None,
                now=now,
            )
        self._after_write()
        return action_id

    # ---------------------------------------------------------------- helpers

    def _validate(self, d: OutcomeDraft, detail: CustomerDetail, now: datetime) -> None:
        camp = detail.campaign
        if camp is None:
            raise ValidationFailed("The campaign of this item is unknown; sync first.")
        if detail.status is QueueStatus.CLOSED:
            raise ValidationFailed("This item is already closed.")
        if d.disposition not in camp.allowed_dispositions:
            raise ValidationFailed(
                "This campaign does not allow that outcome.", field="disposition",
                code="disposition_not_allowed",
            )
        if len(d.notes) > MAX_NOTES_CHARS:
            raise ValidationFailed(
                f"Notes are limited to {MAX_NOTES_CHARS} characters.", field="notes",
                code="notes_too_long",
            )
        if d.disposition is Disposition.ACCEPTED:
            if detail.on_dnc:
                raise ValidationFailed(
                    "The customer is on the do-not-call list; a sale cannot be recorded.",
                    field="disposition", code="do_not_call",
                )
            if not d.offer_id:
                raise ValidationFailed("Choose the offer the customer accepted.", field="offer",
                                       code="offer_required")
            missing = {s.id for s in detail.steps if s.mandatory} - set(d.disclosures_ticked)
            if missing:
                raise ValidationFailed(
                    "Tick every mandatory disclosure before saving a sale.",
                    field="disclosures", code="disclosures_missing",
                )
        if d.disposition is Disposition.NOT_INTERESTED and not d.objection:
            raise ValidationFailed("Choose the customer's objection.", field="objection",
                                   code="objection_required")
        if d.disposition is Disposition.CALLBACK and d.callback_at is None:
            raise ValidationFailed("Choose a call-back time.", field="callback",
                                   code="callback_required")
        if d.callback_at is not None:
            if d.callback_at <= now:
                raise ValidationFailed("The call-back time is in the past.", field="callback",
                                       code="callback_past")
            if not domain.in_window(camp, detail.customer.timezone, d.callback_at):
                raise ValidationFailed(
                    "The call-back time is outside the calling window in the customer's "
                    "local time.", field="callback", code="callback_outside_window",
                )

    @staticmethod
    def _add_local_dnc(conn: Connection, digest: str, customer_id: str, now: datetime) -> None:
        if not repo.is_dnc(conn, digest):
            conn.execute(
                insert(t.dnc).values(
                    phone_hash=digest, customer_id=customer_id, added_at=repo.to_db(now), local=True
                )
            )

    def _sync_age(self, conn: Connection, now: datetime) -> timedelta | None:
        last = repo.last_pull_at(conn)
        return None if last is None else now - last

    @staticmethod
    def _recent_calls_by_hash(conn: Connection, now: datetime) -> dict[str, list[datetime]]:
        since = repo.to_db(now - timedelta(days=30))
        out: dict[str, list[datetime]] = defaultdict(list)
        q = select(t.calls.c.phone_hash, t.calls.c.created_at).where(t.calls.c.created_at >= since)
        for digest, at in conn.execute(q):
            dt = repo.as_utc(at)
            if dt is not None:
                out[digest].append(dt)
        return out

    def _render(
        self, script: ScriptOut | None, c: CustomerOut, top: RankedOffer | None
    ) -> list[RenderedStep]:
        if script is None:
            return []
        values = {
            "customer_name": c.name,
            "agent_name": self._agent_name,
            "company": self._company,
            "offer_name": top.offer.name if top else "",
            "offer_price": f"{top.offer.price_yuan:g}" if top else "",
            "offer_term": str(top.offer.term_months) if top else "",
            "plan_name": c.plan_name,
        }
        values_zh = dict(values, offer_name=top.offer.name_zh if top else "",
                         company=self._company_zh)
        return [
            RenderedStep(
                id=s.id,
                kind=s.kind,
                title=s.title,
                title_zh=s.title_zh or s.title,
                text=domain.render_placeholders(s.text, values),
                text_zh=domain.render_placeholders(s.text_zh or s.text, values_zh),
                mandatory=s.mandatory,
                branches=[(b.label, b.label_zh or b.label, b.goto) for b in s.branches],
                next=s.next,
            )
            for s in script.steps
        ]
