"""The agent's queue: listing, a customer's detail, the dial gate, recording outcomes.

Every agent action is committed to the local database together with its outbox
entry in one transaction before anything touches the network.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, tzinfo
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Engine

from app import domain
from app.changes import NOTHING, Changes
from app.clock import JUMP_TOLERANCE, ClockReading, ServerClock
from app.errors import DialBlocked, ValidationFailed
from app.services.live_call import LiveCall
from app.services.outcome_rules import PreparedOutcome, build_outcome, validate_outcome
from app.store import queue_queries as qq
from app.store import recordings, repo
from app.store.writer import writer_for
from app.views import CustomerDetail, DayStats, OutcomeDraft, QueueRow, RejectedAction
from wire.schema import (
    MAX_NOTES_CHARS,
    CampaignOut,
    CustomerOut,
    Disposition,
    DncAction,
    HistoryEntry,
    QueueControl,
    QueueStatus,
    ScriptOut,
    ValueTier,
    phone_hash,
)

Clock = Callable[[], datetime]

# The verdict of a detail read for validating an outcome only (QueueService._detail).
_NOT_READ = domain.DialVerdict(False, "not_read", "The dial verdict was not read.")


@dataclass(frozen=True)
class _Facts:
    """What a customer's detail reads from the store; the verdict is judged from these and
    a reading of the clock (QueueService._judge). `history` None: not read."""

    queue_item_id: str
    status: QueueStatus
    attempts: int
    next_call_at: datetime | None
    callback_at: datetime | None
    tier: str
    customer: CustomerOut
    digest: str
    campaign: CampaignOut | None
    offers: list[domain.RankedOffer]
    script: ScriptOut | None
    steps: list[domain.RenderedStep]
    on_dnc: bool
    history: list[HistoryEntry] | None
    recent_calls: list[datetime]  # the number's calls the caps count (may_dial)


@dataclass(frozen=True)
class Prefetched:
    """The next customer's detail read ahead (QueueService.prefetch)."""

    queue_item_id: str
    facts: _Facts
    writes: int  # the writer's count of commits, the same before and after the read

_mask = lru_cache(maxsize=16384)(domain.mask_phone)


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
        monotonic: Callable[[], float] = time.monotonic,
        clock_tolerance: timedelta = JUMP_TOLERANCE,
        after_write: Callable[[], None] = lambda: None,
        is_paused: Callable[[], bool] = lambda: False,
    ) -> None:
        self._db = engine
        self._writer = writer_for(engine)  # every write of the store goes through it
        self._agent_name = agent_name
        self._company = company
        self._company_zh = company_zh  # the brand as the Chinese script says it
        self._max_dnc_age = max_dnc_age
        # `clock` is the desktop's; every rule asks the server's time (app/clock.py).
        self._time = ServerClock(engine, wall=clock, monotonic=monotonic,
                                 tolerance=clock_tolerance)
        self._call: LiveCall | None = None  # the call in progress (start_call ... record)
        self._call_lock = threading.Lock()
        self._after_write = after_write  # e.g. wake the sync engine
        self._is_paused = is_paused

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
        """The server's time: the desktop's clock (a shifted one in training sessions and
        tests) corrected by the offset measured at the last pull."""
        return self._time.now()

    def desktop_now(self) -> datetime:
        """The desktop's own clock, for ages measured on it (e.g. since the last sync)."""
        return self._time.desktop_now()

    def rejected_actions(self) -> list[RejectedAction]:
        """Actions the server refused, oldest first, with the customer's name where known."""
        with self._db.connect() as conn:
            rows = repo.rejected_actions(conn)
            names = qq.customer_names(conn, {str(r["payload"].get("customer_id")) for r in rows
                                             if r["payload"].get("customer_id")})
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
        now = self._time.now()
        local = now.astimezone(tz) if tz is not None else now.astimezone()
        start = local.replace(hour=0, minute=0, second=0, microsecond=0)
        with self._db.connect() as conn:
            n, reached, _, talk_s, queue_left = qq.day_figures(
                conn, start, start + timedelta(days=1))
            sales, awaiting, reversed_ = qq.day_sales(conn, start, start + timedelta(days=1))
        return DayStats(calls=n, reached=reached, successes=sales, talk_seconds=talk_s,
                        queue_left=queue_left, sales_awaiting=awaiting,
                        sales_reversed=reversed_)

    def list_queue(
        self,
        *,
        campaign_id: str | None = None,
        status: QueueStatus | None = None,
        search: str = "",
    ) -> list[QueueRow]:
        """The queue in calling order, do-not-call customers never included."""
        return self._listing(campaign_id=campaign_id, status=status, search=search, ids=None)

    def rows(
        self,
        ids: Collection[str],
        *,
        campaign_id: str | None = None,
        status: QueueStatus | None = None,
        search: str = "",
    ) -> tuple[list[QueueRow], set[str]]:
        """The rows of these items as `list_queue` with the same filters shows them, and
        the ids it would not show (closed, do-not-call, filtered out, gone): what a change
        naming them redraws, without listing the whole queue."""
        if not ids:
            return [], set()
        found = self._listing(campaign_id=campaign_id, status=status, search=search,
                              ids=set(ids))
        return found, set(ids) - {r.id for r in found}

    def _listing(self, *, campaign_id: str | None, status: QueueStatus | None, search: str,
                 ids: set[str] | None) -> list[QueueRow]:
        needle = search.strip()
        with self._db.connect() as conn:
            clock = self._time.read(conn)
            now, clock_issue, sync_age = clock.now, clock.issue, clock.sync_age
            camps = repo.campaigns(conn)
            offers = repo.offers(conn)
            rows = qq.open_queue(conn, campaign_id=campaign_id, status=status, search=needle,
                                 ids=ids)
            recent = qq.recent_calls_by_hash(
                conn, now, None if ids is None else {r["phone_hash"] for r in rows})
        local_ids = {cid for calls in recent.values() for cid, _ in calls}
        out: list[tuple[tuple[Any, ...], QueueRow]] = []
        # the longest contact cap may_dial looks at
        floor = repo.contact_floor(now - timedelta(days=30))
        opens_memo: dict[tuple[str, str, str, str], datetime | None] = {}

        def window_opens(c: CampaignOut, tz: str, at: datetime, *, region: str = "",
                         tier: str = "") -> datetime | None:
            key = (c.id, tz, region, tier) if c.windows else (c.id, tz, "", "")
            if key not in opens_memo:
                opens_memo[key] = domain.window_opens_at(c, tz, at, region=region, tier=tier)
            return opens_memo[key]

        for r in rows:
            f = qq.item_facts(r, floor)
            st = QueueStatus(r["status"])
            callback_at = repo.as_utc(r["callback_at"])
            camp = camps.get(r["campaign_id"])
            tz = f.tz
            # A call this desktop made is in its local record and, once pulled back, in
            # the server's history too: count it once.
            history_calls = [at for hid, at in f.history if hid not in local_ids]
            verdict = domain.may_dial(
                campaign=camp,
                tz_name=tz,
                now_utc=now,
                on_dnc=False,
                status=st,
                attempts=r["attempts"],
                next_call_at=repo.as_utc(r["next_call_at"]),
                recent_calls=history_calls + [at for _, at in recent.get(r["phone_hash"], [])],
                sync_age=sync_age,
                max_sync_age=self._max_dnc_age,
                window_opens=window_opens,
                clock_issue=clock_issue,
                callback_at=callback_at,
                region=f.region,
                tier=r["value_tier"] or "",
            )
            top = offers.get(f.top_offer_id) if f.top_offer_id else None
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
                value_tier=ValueTier(r["value_tier"]),
                now_utc=now,
            )
            # the id last: equal keys in one order, the same in a listing and a re-read
            order = (0 if verdict.allowed or st is QueueStatus.CALLBACK else 1, *key, r["id"])
            out.append((order, replace(row, order=order)))
        out.sort(key=lambda p: p[0])
        return [row for _, row in out]

    def detail(self, queue_item_id: str, *, script_id: str | None = None) -> CustomerDetail:
        """Everything the agent sees of one queue item. `script_id`: the script version a
        call was begun with (kept locally after a newer one arrives), else the latest."""
        with self._db.connect() as conn:
            return self._detail(conn, queue_item_id, script_id=script_id)

    def _detail(self, conn: Connection, queue_item_id: str, *, script_id: str | None = None,
                verdict: bool = True) -> CustomerDetail:
        """`verdict=False`: what validating and building an outcome reads (outcome_rules),
        without the dial verdict and the history (left empty, `verdict` a refusal that says
        so): the outcome's rules never look at them."""
        clock = self._time.read(conn)
        return self._judge(self._facts(conn, queue_item_id, clock.now, script_id=script_id,
                                       verdict=verdict), clock)

    def _facts(self, conn: Connection, queue_item_id: str, now: datetime, *,
               script_id: str | None, verdict: bool) -> _Facts:
        """What a detail reads from the store (`now`: the server's time of the read)."""
        item = qq.queue_item(conn, queue_item_id)
        if item is None:
            raise ValidationFailed("This customer is no longer in your queue.")
        customer = qq.customer(conn, item["customer_id"])
        camp = repo.campaigns(conn).get(item["campaign_id"])
        offers = repo.offers(conn)
        script = (repo.script_by_id(conn, script_id) if script_id else None) \
            or repo.latest_script(conn, item["campaign_id"])
        digest = phone_hash(customer.phone)
        ranked = domain.ranked_offers(item["data"].get("recommendations", []), offers)
        history: list[HistoryEntry] | None = None
        recent: list[datetime] = []
        if verdict:
            local_calls = qq.local_calls(conn, customer.id)
            recent_local = qq.recent_calls_by_hash(conn, now, {digest}).get(digest, [])
            history = domain.merge_history(item["data"].get("history", []), local_calls)
            local_ids = {cid for cid, _ in local_calls} | {cid for cid, _ in recent_local}
            recent = [h.at for h in history if h.id not in local_ids] \
                + [at for _, at in recent_local]
        return _Facts(
            queue_item_id=queue_item_id, status=QueueStatus(item["status"]),
            attempts=item["attempts"], next_call_at=repo.as_utc(item["next_call_at"]),
            callback_at=repo.as_utc(item["callback_at"]), tier=item["value_tier"] or "",
            customer=customer, digest=digest, campaign=camp, offers=ranked, script=script,
            steps=domain.render_script(script, customer, ranked[0] if ranked else None,
                                       agent_name=self._agent_name, company=self._company,
                                       company_zh=self._company_zh,
                                       recorded=bool(camp and camp.record_calls)),
            on_dnc=repo.is_dnc(conn, digest), history=history, recent_calls=recent)

    def _judge(self, f: _Facts, clock: ClockReading) -> CustomerDetail:
        """The detail of these facts at this reading of the clock: what depends on the time
        (the dial verdict, the customer's local time) is worked out here."""
        now = clock.now
        dial = _NOT_READ if f.history is None else domain.may_dial(
            campaign=f.campaign,
            tz_name=f.customer.timezone,
            now_utc=now,
            on_dnc=f.on_dnc,
            status=f.status,
            attempts=f.attempts,
            next_call_at=f.next_call_at,
            recent_calls=f.recent_calls,
            sync_age=clock.sync_age,
            max_sync_age=self._max_dnc_age,
            clock_issue=clock.issue,
            callback_at=f.callback_at,
            region=f.customer.region,
            tier=f.tier,
        )
        camp = f.campaign
        return CustomerDetail(
            queue_item_id=f.queue_item_id,
            status=f.status,
            attempts=f.attempts,
            callback_at=f.callback_at,
            customer=f.customer,
            campaign=camp,
            history=list(f.history or []),
            offers=list(f.offers),
            script=f.script,
            steps=list(f.steps),
            verdict=dial,
            on_dnc=f.on_dnc,
            local_time=domain.local_now(f.customer.timezone, now),
            allowed_dispositions=list(camp.allowed_dispositions) if camp else [],
            read_at=now,
        )

    # ------------------------------------------------- the next customer, read ahead

    def prefetch(self, queue_item_id: str) -> Prefetched | None:
        """Read the next customer's detail ahead (while the agent is still on a call), for
        `record_and_next`. None when the item is gone or a write came during the read."""
        before = self._writer.writes
        try:
            with self._db.connect() as conn:
                facts = self._facts(conn, queue_item_id, self._time.read(conn).now,
                                    script_id=None, verdict=True)
        except ValidationFailed:
            return None
        if self._writer.writes != before:
            return None  # a commit may have landed between its statements
        return Prefetched(queue_item_id, facts, before)

    def is_current(self, ahead: Prefetched) -> bool:
        """No write was committed since `ahead` was read (else it will not be used)."""
        return ahead.writes == self._writer.writes

    def record_and_next(self, draft: OutcomeDraft, next_id: str | None,
                        ahead: Prefetched | None = None
                        ) -> tuple[Changes, CustomerDetail | None]:
        """record_outcome, then the detail of `next_id` (None when it cannot be read; the
        save's failure raises). `ahead` (`prefetch`) is used only when it is still what a
        read now would give: it is of `next_id`, no write was committed since it was read
        but this save (every write of the store goes through the writer, which counts
        them), and this save did not touch its customer (the same customer or the same
        number: its history and caps changed, a do-not-call outcome hides it). What depends
        on the time is judged again at the clock's reading now. Else it is read afresh."""
        changes, before, saved = self._record(draft)
        if next_id is None:
            return changes, None
        f = ahead.facts if ahead is not None and ahead.queue_item_id == next_id \
            and ahead.writes == before else None
        if f is not None and f.customer.id != saved.action.customer_id \
                and f.digest != saved.digest:
            with self._db.connect() as conn:
                clock = self._time.read(conn)
            if self._writer.writes == before + 1:  # still nothing but this save
                return changes, self._judge(f, clock)
        try:
            return changes, self.detail(next_id)
        except Exception:  # noqa: BLE001 - the window's selection path reports it
            return changes, None

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

    # ------------------------------------------------------------- the live call

    def start_call(self, queue_item_id: str, *, signalled: bool = False) -> domain.DialVerdict:
        """Dial (F5): the gate first (raises DialBlocked), then the call is live. An outcome
        that reached the customer can be recorded only for a call started here.
        `signalled`: a SIP stack reports the call's progress (call_answered, end_call)."""
        with self._call_lock:
            if self._call is not None and self._call.on_call:
                if self._call.queue_item_id == queue_item_id:
                    raise DialBlocked("This call is already in progress.", code="on_call")
                raise DialBlocked("Hang up the current call before dialling another.",
                                  code="on_call")
        verdict = self.check_dial(queue_item_id)
        with self._db.connect() as conn:
            server = self._time.now(conn)
        with self._call_lock:
            self._call = LiveCall(queue_item_id=queue_item_id, started_at=self._time.wall(),
                                  started_server=server, started_mono=self._time.monotonic(),
                                  signalled=signalled)
        return verdict

    def call_answered(self) -> None:
        """The far end answered (SIP 200): talk time of a signalled call starts now."""
        with self._call_lock:
            c = self._call
            if c is not None and c.on_call and c.answered_mono is None:
                c.answered_mono = self._time.monotonic()

    def end_call(self, sip_cause: str | None = None) -> None:
        """Hang up (F6, or the far end's BYE): talk time stops, wrap-up begins; disclosures
        can no longer be ticked. `sip_cause` ("486 Busy Here") is kept on the record."""
        with self._call_lock:
            if self._call is not None and self._call.on_call:
                self._call.ended_mono = self._time.monotonic()
            if self._call is not None and sip_cause and self._call.sip_cause is None:
                self._call.sip_cause = sip_cause

    def attach_recording(self, wav_path: str) -> None:
        """The live call is being recorded into `wav_path` (app/telephony/recorder.py);
        its outcome will carry the recording to the server through the outbox."""
        with self._call_lock:
            if self._call is not None and self._call.on_call:
                self._call.recording = wav_path

    def call_transferred(self, target: str) -> None:
        """The far end took the blind transfer to `target`: kept on the record."""
        with self._call_lock:
            if self._call is not None and target:
                self._call.transferred_to = target[:200]

    def discard_call(self) -> None:
        """Forget the call in progress without recording it (the agent moved on)."""
        with self._call_lock:
            self._call = None

    def current_call(self) -> LiveCall | None:
        with self._call_lock:
            return self._call

    def tick_disclosure(self, queue_item_id: str, step_id: str, ticked: bool = True) -> datetime:
        """Tick (or untick) a disclosure of the live call; only between dial and hang-up.
        Returns the tick's time on the server's clock."""
        now = self._time.now()
        with self._call_lock:
            call = self._call
            if call is None or call.queue_item_id != queue_item_id or not call.on_call:
                raise ValidationFailed(
                    "Disclosures are ticked while on the call (after F5, before hang-up).",
                    field="disclosures", code="not_on_call")
            if ticked:
                call.ticks.setdefault(step_id, now)
            else:
                call.ticks.pop(step_id, None)
        return now

    # ----------------------------------------------------------------- writes

    def record_outcome(self, draft: OutcomeDraft) -> Changes:
        """Validate, then commit the call, the item's new state and the outbox row at once.
        A script that changed mid-call does not change the call: the draft names the
        version the agent was shown, and its disclosures are the ones checked.

        The call's facts are the live call's (start_call ... end_call): its dial time, talk
        time and timed disclosure ticks. Without one only a not-reached outcome is saved.

        Read, validated and written in one transaction of the store's one writer; returns
        what changed (the item, the day's figures, the outbox; a do-not-call outcome hides
        every item of the customer)."""
        return self._record(draft)[0]

    def _record(self, draft: OutcomeDraft) -> tuple[Changes, int, PreparedOutcome]:
        """record_outcome's work; also the writer's count of commits before this one and
        what was stored."""
        with self._call_lock:
            call = self._call if (self._call is not None
                                  and self._call.queue_item_id == draft.queue_item_id) else None

        def op(conn: Connection) -> tuple[Changes, int, PreparedOutcome]:
            before = self._writer.writes  # on the writer's thread: no other write between
            prepared = self._prepare(conn, draft, call)
            self._store(conn, prepared, call)
            return self._stored(conn, prepared), before, prepared

        done = self._writer.write(op)
        with self._call_lock:
            if self._call is call:
                self._call = None
        self._after_write()
        return done

    def flag_dnc(self, queue_item_id: str, reason: str) -> Changes:
        """Put the customer on the do-not-call list now; no later action undoes it.
        During a live call with this customer, the call is recorded too (the do-not-call
        outcome with its talk time), in the same transaction."""
        with self._call_lock:
            call = self._call if (self._call is not None
                                  and self._call.queue_item_id == queue_item_id) else None
        action_id = str(uuid.uuid4())

        def op(conn: Connection) -> Changes:
            now = self._time.now(conn)
            found = qq.item_customer(conn, queue_item_id)
            if found is None:
                raise ValidationFailed("This customer is no longer in your queue.")
            customer_id, phone = found
            done = NOTHING
            if call is not None:
                prepared = self._prepare(conn, OutcomeDraft(
                    queue_item_id=queue_item_id, disposition=Disposition.DO_NOT_CALL,
                    notes=reason[:MAX_NOTES_CHARS]), call, dnc=True)
                self._store(conn, prepared, call)
                done = self._stored(conn, prepared)
            action = DncAction(action_id=action_id, created_at=self._time.wall(),
                               customer_id=customer_id, reason=reason)
            digest = phone_hash(phone)
            qq.add_local_dnc(conn, digest, customer_id, now)
            repo.enqueue(
                conn,
                action_id=action_id,
                kind="dnc",
                payload=action.model_dump(mode="json"),
                queue_item_id=None,
                now=now,
            )
            return done | Changes.of(items=repo.items_of_digests(conn, [digest]),
                                     dnc=[digest], customers=[customer_id], outbox=True,
                                     day=True, action_id=action_id)

        changes = self._writer.write(op)
        if call is not None:
            with self._call_lock:
                if self._call is call:
                    self._call = None
        self._after_write()
        return changes

    @staticmethod
    def _stored(conn: Connection, p: PreparedOutcome) -> Changes:
        """What storing an outcome changed: its item (a do-not-call outcome: every item of
        the customer, now hidden), the day's figures, the outbox."""
        items = {p.action.queue_item_id}
        dnc: list[str] = []
        if p.action.disposition is Disposition.DO_NOT_CALL:
            items |= repo.items_of_digests(conn, [p.digest])
            dnc.append(p.digest)
        return Changes.of(items=items, dnc=dnc, outbox=True, day=True,
                          action_id=p.action.action_id)

    def _prepare(self, conn: Connection, draft: OutcomeDraft, call: LiveCall | None, *,
                 dnc: bool = False) -> PreparedOutcome:
        """Validate a draft against the item, the live call and the server's time, and
        build what is stored (reading in the writer's transaction `conn`). `dnc`: the
        do-not-call flag during a call (always allowed)."""
        mono = self._time.monotonic()
        # The outcome's rules read the item, customer, campaign, script and do-not-call
        # state, not the dial verdict or the history: those are not read here.
        detail = self._detail(conn, draft.queue_item_id, script_id=draft.script_id,
                              verdict=False)
        assert detail.read_at is not None
        now = detail.read_at  # the server's time of this read, in the writer's transaction
        ticks = dict(call.ticks) if call is not None else {}
        if not dnc:
            validate_outcome(draft, detail, now, dialled=call is not None, ticked=set(ticks))
            if call is not None and call.reached is False and draft.disposition.reached:
                raise ValidationFailed(
                    "The customer never answered this call; choose a not-reached outcome.",
                    field="disposition", code="not_answered")
        return build_outcome(draft, detail, call, now=now, wall=self._time.wall(), mono=mono,
                             agent_name=self._agent_name)

    @staticmethod
    def _store(conn: Connection, p: PreparedOutcome, call: LiveCall | None) -> None:
        qq.store_call(conn, p.action, state=p.state, history=p.history, digest=p.digest,
                      now=p.now)
        if call is not None and call.recording and call.reached is not False:
            # The recording travels with the call it belongs to: same transaction.
            recordings.enqueue(conn, call_id=p.action.action_id, wav=call.recording,
                               now=p.now)
