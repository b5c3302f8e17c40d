"""Through the one dial gate to a real far end and on to the real server: the queue
service's gate before the INVITE, talk time from answer to the far end's BYE, the
no-contact outcome pre-filled, the SIP cause stored on the server."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from app.errors import DialBlocked, ValidationFailed
from app.services.workspace import Workspace
from app.telephony.events import CallEventKind as K
from app.telephony.session import CallProgress, GatedCall
from app.telephony.sip import SipAccount, SipDialer
from app.views import OutcomeDraft
from tests.conftest import account
from tests.e2e.desktop import callable_rows, open_desktop
from tests.support.demo_server import serve_demo
from tests.support.sipp import FarEnd
from wire.schema import Disposition

StartFarEnd = Callable[[str], FarEnd]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    yield from serve_demo(tmp_path_factory, "sip", customers=60, seed=11)


class Progress:
    def __init__(self) -> None:
        self.items: list[CallProgress] = []
        self.ended = threading.Event()
        self.answered = threading.Event()

    def __call__(self, p: CallProgress) -> None:
        self.items.append(p)
        if p.event.kind is K.ANSWERED:
            self.answered.set()
        if p.event.final:
            self.ended.set()


def _gated(ws: Workspace, fe: FarEnd, progress: Progress) -> tuple[GatedCall, SipDialer]:
    dialer = SipDialer(SipAccount(uri="sip:agent@127.0.0.1", dial_template=fe.uri),
                       lambda e: None, no_answer_seconds=5)
    gated = GatedCall(ws.queue, dialer, progress)
    dialer.start()
    return gated, dialer


def _stored(db_url: str, action_id: str) -> tuple[str, int, Any]:
    eng = create_engine(db_url)
    with eng.connect() as conn:
        disp, talk = conn.execute(text(
            "SELECT disposition, talk_seconds FROM call_outcomes WHERE id = :i"),
            {"i": action_id}).one()
        detail = conn.execute(text(
            "SELECT detail FROM audit_log WHERE action = 'outcome.record' AND entity_id = :i"),
            {"i": action_id}).scalar_one()
    eng.dispose()
    return disp, talk, json.loads(detail) if isinstance(detail, str) else detail


def test_dial_answer_far_end_hangs_up_then_the_record_reaches_the_server(
    server: dict[str, Any], far_end: StartFarEnd, tmp_path: Path
) -> None:
    ws = open_desktop(server["url"], account(server["accounts"], "agent", 0), tmp_path)
    fe = far_end("hangup")  # answers, talks 1.5 s, hangs up
    progress = Progress()
    gated, dialer = _gated(ws, fe, progress)
    try:
        ws.sync.run_once()
        row = callable_rows(ws)[0]
        gated.dial(row.id)
        assert progress.answered.wait(10)
        for step in ws.queue.detail(row.id).steps:  # read out while the customer listens
            if step.mandatory:
                ws.queue.tick_disclosure(row.id, step.id)
        assert progress.ended.wait(10)
        last = progress.items[-1]
        assert last.event.kind is K.REMOTE_HANGUP and last.suggested is None
        assert [p.event.kind for p in progress.items] == [
            K.DIALLING, K.RINGING, K.ANSWERED, K.REMOTE_HANGUP]
        call = ws.queue.current_call()
        assert call is not None and not call.on_call, "the far end's BYE started wrap-up"
        action_id = ws.queue.record_outcome(OutcomeDraft(
            queue_item_id=row.id, disposition=Disposition.NOT_INTERESTED,
            objection="no_need")).action_id
        ws.sync.run_once()
    finally:
        dialer.close()
        ws.close()
    assert fe.finished_ok()
    disp, talk, detail = _stored(server["db_url"], action_id)
    assert disp == "not_interested"
    assert 1 <= talk <= 2, "talk time is answer -> BYE (1.5 s), not dial -> wrap-up"
    assert detail["sip_cause"].startswith("200 ")


def test_busy_prefills_busy_and_keeps_the_cause(
    server: dict[str, Any], far_end: StartFarEnd, tmp_path: Path
) -> None:
    ws = open_desktop(server["url"], account(server["accounts"], "agent", 1), tmp_path)
    fe = far_end("busy")
    progress = Progress()
    gated, dialer = _gated(ws, fe, progress)
    try:
        ws.sync.run_once()
        row = callable_rows(ws)[0]
        gated.dial(row.id)
        assert progress.ended.wait(10)
        last = progress.items[-1]
        assert last.suggested is Disposition.BUSY
        with pytest.raises(ValidationFailed) as err:  # never answered: no contact
            ws.queue.record_outcome(OutcomeDraft(queue_item_id=row.id,
                                                 disposition=Disposition.HUNG_UP))
        assert err.value.code == "not_answered"
        action_id = ws.queue.record_outcome(OutcomeDraft(queue_item_id=row.id,
                                                         disposition=last.suggested)).action_id
        ws.sync.run_once()
    finally:
        dialer.close()
        ws.close()
    assert fe.finished_ok()
    assert _stored(server["db_url"], action_id) == ("busy", 0, {
        "queue_item_id": row.id, "disposition": "busy", "sip_cause": "486 Busy Here"})


def test_the_gate_says_no_and_no_invite_is_sent(
    server: dict[str, Any], far_end: StartFarEnd, tmp_path: Path
) -> None:
    ws = open_desktop(server["url"], account(server["accounts"], "agent", 2), tmp_path)
    fe = far_end("busy")
    progress = Progress()
    gated, dialer = _gated(ws, fe, progress)
    try:
        ws.sync.run_once()
        row = callable_rows(ws)[0]
        ws.queue.flag_dnc(row.id, "Asked not to be called.")
        with pytest.raises(DialBlocked):
            gated.dial(row.id)
        assert not progress.ended.wait(1.0)
        assert progress.items == []
    finally:
        dialer.close()
        ws.close()
    fe.stop()
    log = fe.log.read_text() if fe.log.exists() else ""
    assert "INVITE" not in log


def _set_all_campaigns(db_url: str, **values: Any) -> None:
    """As the admin route / `callsheet-server campaign-dialling` does it."""
    from server.db import make_engine
    from server.orm import session_factory
    from server.planning.dialling import set_dialling
    from wire.planning import DiallingEdit

    eng = make_engine(db_url)
    with session_factory(eng)() as s:
        for code in s.execute(text("SELECT code FROM campaigns")).scalars().all():
            set_dialling(s, code, DiallingEdit.model_validate(values))
        s.commit()
    eng.dispose()


def test_the_campaign_ring_timeout_cancels_and_prefills_no_answer(
    server: dict[str, Any], far_end: StartFarEnd, tmp_path: Path
) -> None:
    _set_all_campaigns(server["db_url"], ring_timeout_s=5)
    ws = open_desktop(server["url"], account(server["accounts"], "agent", 3), tmp_path)
    fe = far_end("ringout")  # rings and never answers
    progress = Progress()
    dialer = SipDialer(SipAccount(uri="sip:agent@127.0.0.1", dial_template=fe.uri),
                       no_answer_seconds=60)  # the dialer's own default is not used
    gated = GatedCall(ws.queue, dialer, progress)
    dialer.start()
    try:
        ws.sync.run_once()  # the campaign's 5 s arrive with the pull
        row = callable_rows(ws)[0]
        assert ws.queue.detail(row.id).campaign.ring_timeout_s == 5  # type: ignore[union-attr]
        t0 = time.monotonic()
        gated.dial(row.id)
        assert progress.ended.wait(15)
        took = time.monotonic() - t0
        last = progress.items[-1]
        assert last.event.kind is K.NO_ANSWER and last.suggested is Disposition.NO_ANSWER
        assert 4.8 < took < 8, took
        assert [p.presence for p in progress.items] == [None, None, "wrap_up"]
    finally:
        dialer.close()
        ws.close()
    assert fe.finished_ok(), "SIPp got our CANCEL"


def test_blind_transfer_is_kept_on_the_record(
    server: dict[str, Any], far_end: StartFarEnd, tmp_path: Path
) -> None:
    _set_all_campaigns(server["db_url"], transfer_target="8001")
    ws = open_desktop(server["url"], account(server["accounts"], "agent", 4), tmp_path)
    fe = far_end("transfer")
    progress = Progress()
    gated, dialer = _gated(ws, fe, progress)
    try:
        ws.sync.run_once()
        row = callable_rows(ws)[0]
        gated.dial(row.id)
        assert progress.answered.wait(10)
        assert gated.transfer() == "8001"
        assert progress.ended.wait(10)
        kinds = [p.event.kind for p in progress.items]
        assert kinds == [K.DIALLING, K.RINGING, K.ANSWERED, K.TRANSFERRING, K.TRANSFERRED]
        assert [p.presence for p in progress.items] == [None, None, "on_call", None, "wrap_up"]
        action_id = ws.queue.record_outcome(OutcomeDraft(
            queue_item_id=row.id, disposition=Disposition.CONSIDERING)).action_id
        ws.sync.run_once()
    finally:
        dialer.close()
        ws.close()
    assert fe.finished_ok()
    disp, _talk, detail = _stored(server["db_url"], action_id)
    assert disp == "considering"
    assert detail["transferred_to"] == f"sip:8001@127.0.0.1:{fe.port}"
