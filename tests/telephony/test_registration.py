"""Registration at the centre's registrar (SIPp playing it): digest authentication with
the password the desktop reads from the keyring, the state reported, the unregistration
on close."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from app.telephony.backoff import Backoff
from app.telephony.events import Registration
from app.telephony.sip import SipAccount, SipDialer
from tests.support.sipp import FarEnd

StartFarEnd = Callable[[str], FarEnd]


class States:
    def __init__(self) -> None:
        self.items: list[Registration] = []
        self.seen = threading.Event()
        self._cond = threading.Condition()

    def __call__(self, r: Registration) -> None:
        with self._cond:
            self.items.append(r)
            self.seen.set()
            self._cond.notify_all()

    def wait(self, ok: Callable[[Registration], bool], *, after: int = 0,
             timeout: float = 10) -> Registration:
        with self._cond:
            found = self._cond.wait_for(lambda: any(ok(r) for r in self.items[after:]),
                                        timeout)
            assert found, f"not seen within {timeout} s: {self.items}"
            return next(r for r in self.items[after:] if ok(r))


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


def test_registers_again_after_the_registrar_was_gone(tmp_path: Path) -> None:
    """The registrar dies (its TCP connection drops), comes back on the same port: the
    desktop says "not registered", retries with backoff, and is registered again."""
    first = FarEnd("registrar", tmp_path, tcp=True)
    states = States()
    d = SipDialer(SipAccount(uri="sip:1001@callsheet.test", transport="tcp",
                             registrar=f"sip:127.0.0.1:{first.port};transport=tcp"),
                  on_registration=states, reregister=Backoff(base=0.2, cap=1.0))
    d.start()
    second: FarEnd | None = None
    try:
        assert states.wait(lambda r: r.registered)
        first.stop()  # the registrar is gone
        lost = states.wait(lambda r: not r.registered)
        assert lost.retry_in is not None and lost.retry_in <= 1.0
        time.sleep(1.5)  # a few attempts fail meanwhile (connection refused)
        n = len(states.items)
        second = FarEnd("registrar", tmp_path, port=first.port, tcp=True)
        assert states.wait(lambda r: r.registered, after=n, timeout=15)
        failures = [r for r in states.items if not r.registered]
        assert len(failures) >= 2, "retried more than once while it was down"
    finally:
        d.close()
        first.stop()
    assert second is not None and second.finished_ok(), "re-registered, then unregistered"
