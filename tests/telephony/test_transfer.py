"""Blind transfer (REFER) against a real far end (SIPp): accepted (202, NOTIFY 200) ends
our leg as "transferred" with the target; refused (603) leaves the agent on the call."""

from __future__ import annotations

from collections.abc import Callable

from app.telephony.events import CallEventKind as K
from tests.support.sipp import Events, FarEnd, make_dialer

NUMBER = "+8613800138000"
StartFarEnd = Callable[[str], FarEnd]


def test_blind_transfer_to_the_verifier_extension(far_end: StartFarEnd) -> None:
    fe = far_end("transfer")
    ev = Events()
    d = make_dialer(fe, ev)
    try:
        d.dial(NUMBER)
        ev.wait_for(K.ANSWERED)
        d.transfer("8001")  # an extension: at the PBX, like a dialled number
        end = ev.wait_final()
    finally:
        d.close()
    assert ev.kinds == [K.DIALLING, K.RINGING, K.ANSWERED, K.TRANSFERRING, K.TRANSFERRED]
    assert end.target == f"sip:8001@127.0.0.1:{fe.port}"
    assert fe.finished_ok(), "SIPp saw the REFER to 8001, its NOTIFY answered, our BYE"


def test_a_refused_transfer_keeps_the_agent_on_the_call(far_end: StartFarEnd) -> None:
    fe = far_end("transfer_refused")
    ev = Events()
    d = make_dialer(fe, ev)
    try:
        d.dial(NUMBER)
        ev.wait_for(K.ANSWERED)
        d.transfer("sip:verify@127.0.0.1")
        failed = ev.wait_for(K.TRANSFER_FAILED)
        assert failed.sip_code == 603 and failed.target == "sip:verify@127.0.0.1"
        assert not any(e.final for _, e in ev.items)
        d.hang_up()
        assert ev.wait_final().kind is K.LOCAL_HANGUP
    finally:
        d.close()
    assert fe.finished_ok()
