"""Registration at the centre's registrar (SIPp playing it): digest authentication with
the password the desktop reads from the keyring, the state reported, the unregistration
on close."""

from __future__ import annotations

import threading
from collections.abc import Callable

from app.telephony.events import Registration
from app.telephony.sip import SipAccount, SipDialer
from tests.support.sipp import FarEnd

StartFarEnd = Callable[[str], FarEnd]


class States:
    def __init__(self) -> None:
        self.items: list[Registration] = []
        self.seen = threading.Event()

    def __call__(self, r: Registration) -> None:
        self.items.append(r)
        self.seen.set()


def _dialer(fe: FarEnd, password: str, states: States) -> SipDialer:
    return SipDialer(SipAccount(uri="sip:1001@callsheet.test",
                                registrar=f"sip:127.0.0.1:{fe.port}", password=password),
                     on_registration=states)


def test_registers_with_the_keyring_password_and_unregisters_on_close(
    far_end: StartFarEnd
) -> None:
    fe = far_end("register")
    states = States()
    d = _dialer(fe, "s3cret", states)
    d.start()
    try:
        assert states.seen.wait(10)
        assert states.items[0] == Registration(registered=True, sip_code=200, reason="OK")
    finally:
        d.close()
    assert fe.finished_ok(), "the registrar saw the challenge answered and the unregistration"


def test_a_wrong_password_is_reported_not_registered(far_end: StartFarEnd) -> None:
    fe = far_end("register")
    states = States()
    d = _dialer(fe, "wrong", states)
    d.start()
    try:
        assert states.seen.wait(10)
        first = states.items[0]
        assert not first.registered and first.sip_code == 403
    finally:
        d.close()
    assert fe.finished_ok()
