"""The embedded SIP user agent against a real far end (SIPp on loopback): every way a
call can go, as typed events. No mocks: pjsua2 sends real SIP to a real SIPp."""

from __future__ import annotations

import time
from collections.abc import Callable

from app.telephony.events import CallEventKind as K
from app.telephony.events import no_contact_disposition
from tests.support.sipp import Events, FarEnd, make_dialer
from wire.schema import Disposition

NUMBER = "+8613800138000"
StartFarEnd = Callable[..., FarEnd]


def test_answered_call_rings_then_answers_and_the_agent_hangs_up(far_end: StartFarEnd) -> None:
    fe = far_end("uas")
    ev = Events()
    d = make_dialer(fe, ev)
    try:
        t0 = time.monotonic()
        assert d.dial(NUMBER)
        ev.wait_for(K.ANSWERED)
        assert ev.kinds == [K.DIALLING, K.RINGING, K.ANSWERED]
        ringing_at = next(t for t, e in ev.items if e.kind is K.RINGING)
        assert ringing_at - t0 < 0.5, "the 180 is reported at once on loopback"
        d.hang_up()
        end = ev.wait_final()
        assert end.kind is K.LOCAL_HANGUP and no_contact_disposition(end) is None
    finally:
        d.close()
    assert fe.finished_ok(), "SIPp saw the call answered and our BYE"


def test_busy_486(far_end: StartFarEnd) -> None:
    fe = far_end("busy")
    ev = Events()
    d = make_dialer(fe, ev)
    try:
        d.dial(NUMBER)
        end = ev.wait_final()
    finally:
        d.close()
    assert ev.kinds == [K.DIALLING, K.RINGING, K.BUSY]
    assert (end.sip_code, end.cause) == (486, "486 Busy Here")
    assert no_contact_disposition(end) is Disposition.BUSY
    assert fe.finished_ok()


def test_declined_603(far_end: StartFarEnd) -> None:
    fe = far_end("decline")
    ev = Events()
    d = make_dialer(fe, ev)
    try:
        d.dial(NUMBER)
        end = ev.wait_final()
    finally:
        d.close()
    assert ev.kinds == [K.DIALLING, K.RINGING, K.DECLINED]
    assert end.cause == "603 Decline"
    assert no_contact_disposition(end) is Disposition.NO_ANSWER
    assert fe.finished_ok()


def test_ring_out_ends_as_no_answer_after_the_timeout(far_end: StartFarEnd) -> None:
    fe = far_end("ringout")
    ev = Events()
    d = make_dialer(fe, ev, no_answer_seconds=0.8)
    try:
        t0 = time.monotonic()
        d.dial(NUMBER)
        end = ev.wait_final()
        took = time.monotonic() - t0
    finally:
        d.close()
    assert ev.kinds == [K.DIALLING, K.RINGING, K.NO_ANSWER]
    assert 0.7 < took < 3, took
    assert end.sip_code == 487  # our CANCEL, answered "Request Terminated"
    assert no_contact_disposition(end) is Disposition.NO_ANSWER
    assert fe.finished_ok(), "SIPp received the CANCEL"


def test_far_end_hangs_up(far_end: StartFarEnd) -> None:
    fe = far_end("hangup")
    ev = Events()
    d = make_dialer(fe, ev)
    try:
        d.dial(NUMBER)
        answered = ev.wait_for(K.ANSWERED)
        end = ev.wait_final()
    finally:
        d.close()
    assert answered.sip_code == 200
    assert end.kind is K.REMOTE_HANGUP
    t_ans = next(t for t, e in ev.items if e.kind is K.ANSWERED)
    t_end = next(t for t, e in ev.items if e.final)
    assert 1.3 < t_end - t_ans < 3, "the scenario talks 1.5 s before its BYE"
    assert fe.finished_ok()


def test_nobody_listening_fails_with_a_cause(far_end: StartFarEnd) -> None:
    fe = far_end("busy")
    fe.stop()  # nothing answers on the port: not even a 100 Trying comes back
    ev = Events()
    d = make_dialer(fe, ev, no_answer_seconds=1.0)
    try:
        d.dial(NUMBER)
        end = ev.wait_final()
    finally:
        d.close()
    assert ev.kinds == [K.DIALLING, K.FAILED]
    assert end.cause == "408 No response from the far end"
    assert no_contact_disposition(end) is Disposition.UNREACHABLE


def test_dtmf_hold_resume_mute_reach_the_far_end(far_end: StartFarEnd) -> None:
    fe = far_end("talk")
    ev = Events()
    d = make_dialer(fe, ev)
    try:
        d.dial(NUMBER)
        ev.wait_for(K.ANSWERED)
        d.mute(True)
        d.send_dtmf("5")  # the far end offered no telephone-event: SIP INFO
        time.sleep(0.3)
        d.hold(True)
        ev.wait_for(K.HELD)
        d.hold(False)
        ev.wait_for(K.RESUMED)
        d.mute(False)
        d.hang_up()
        assert ev.wait_final().kind is K.LOCAL_HANGUP
    finally:
        d.close()
    assert fe.finished_ok(), fe.log.read_text()[-2000:] if fe.log.exists() else "no log"


def test_a_second_dial_while_on_a_call_is_refused(far_end: StartFarEnd) -> None:
    fe = far_end("uas")
    ev = Events()
    d = make_dialer(fe, ev)
    try:
        d.dial(NUMBER)
        ev.wait_for(K.ANSWERED)
        d.dial(NUMBER)
        failed = ev.wait_for(K.FAILED)
        assert "another call" in failed.reason
        d.hang_up()
        ev.wait_for(K.LOCAL_HANGUP)
    finally:
        d.close()
    assert fe.finished_ok()


def test_forty_busy_calls_back_to_back_do_not_exhaust_the_socket_table(
        far_end: StartFarEnd) -> None:
    """PJSIP's select() ioqueue has 64 slots and gives a closed socket's slot back only
    500 ms later; each call takes two (RTP, RTCP). Forty calls ending at once at loopback
    speed used to abort the whole process (an assertion in pj_ioqueue_register_sock2);
    the dialer spaces call starts so that no half second can hold more than it has."""
    calls = 40
    fe = far_end("busy", calls=calls)
    ev = Events()
    d = make_dialer(fe, ev)
    t0 = time.monotonic()
    try:
        for _ in range(calls):
            ev.clear()
            d.dial(NUMBER)
            assert ev.wait_final().kind is K.BUSY
    finally:
        d.close()
    assert fe.finished_ok()
    assert time.monotonic() - t0 < calls * 0.25, "spacing is short: no agent would notice"
