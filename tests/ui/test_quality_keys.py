"""The quality workspace's keys: listed in the README, none bound twice, and the timeline
the replay steps through is in the order of the call."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from app.services.quality import build_timeline, duration
from ui.quality.keys import markdown_table, table
from wire.quality import CallRecord, OfferBrief, ReplayOut
from wire.schema import DisclosureTick, Disposition, ScriptStep

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_lists_the_quality_keys_and_none_is_bound_twice() -> None:
    assert markdown_table() in README.read_text(encoding="utf-8")
    keys = [k for s in table() for k in s.keys]
    assert len(keys) == len(set(keys))
    assert {"next", "prev", "play", "step", "submit"} <= {s.action for s in table()}


def test_timeline_follows_the_call_and_marks_estimated_times() -> None:
    steps = [ScriptStep(id="open", kind="say", title="Opening", text=""),
             ScriptStep(id="pitch", kind="pitch", title="Offer", text=""),
             ScriptStep(id="disclose_price", kind="disclosure", title="Price", text="",
                        mandatory=True),
             ScriptStep(id="disclose_cancel", kind="disclosure", title="Cancel", text="",
                        mandatory=True)]
    at = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
    call = CallRecord(
        id="o1", agent_id="a", agent_name="A", customer_name="C", phone="+86138******00",
        campaign_code="DATAPK", campaign_name="Data", window_start=time(9),
        window_end=time(21), disposition=Disposition.ACCEPTED,
        offer=OfferBrief(id="f", code="DP1G", name="1 GB", price_yuan=20),
        steps_taken=["open", "pitch", "disclose_price"], disclosures_ticked=["disclose_price"],
        call_started_at=at, talk_seconds=120, wrap_seconds=30, notes="ok", created_at=at,
        received_at=at)
    events = build_timeline(ReplayOut(call=call, script_steps=steps,
                                      mandatory_missing=["disclose_cancel"]))
    kinds = [e.kind for e in events]
    assert kinds == ["start", "step", "step", "offer", "disclosure", "answer", "hang_up",
                     "missing", "disposition", "notes", "saved"]
    assert [e.at for e in events] == sorted(e.at for e in events)
    assert all(e.estimated for e in events if e.kind in ("step", "disclosure", "offer"))
    assert not any(e.estimated for e in events if e.kind in ("start", "hang_up", "saved"))
    assert duration(events) == 150.0


def test_timed_disclosure_ticks_are_replayed_at_their_exact_times() -> None:
    steps = [ScriptStep(id="open", kind="say", title="Opening", text=""),
             ScriptStep(id="d1", kind="disclosure", title="Price", text="", mandatory=True),
             ScriptStep(id="d2", kind="disclosure", title="Cancel", text="", mandatory=True)]
    at = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
    call = CallRecord(
        id="o1", agent_id="a", agent_name="A", customer_name="C", phone="+86138******00",
        campaign_code="DATAPK", campaign_name="Data", window_start=time(9),
        window_end=time(21), disposition=Disposition.NOT_INTERESTED,
        steps_taken=["open", "d1", "d2"], disclosures_ticked=["d1", "d2"],
        disclosure_ticks=[DisclosureTick(step_id="d1", at=at + timedelta(seconds=12.3)),
                          DisclosureTick(step_id="d2", at=at + timedelta(seconds=95))],
        call_started_at=at, talk_seconds=120, created_at=at, received_at=at)
    events = build_timeline(ReplayOut(call=call, script_steps=steps))
    timed = [(e.ref, e.at, e.estimated) for e in events if e.kind == "disclosure"]
    assert timed == [("d1", 12.3, False), ("d2", 95.0, False)]
    assert [e.at for e in events] == sorted(e.at for e in events)
