"""The customer's side of a call: SIPp on loopback playing a scenario
(tests/telephony/scenarios/*.xml or SIPp's built-in "uas"), and the SIP dialer's events.

`require_sip_tools()`: locally a test skips (with the install line) when sipp or pjsua2 is
missing; with CI=true it fails instead (.ci/run installs both)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from app.telephony.events import CallEvent, CallEventKind
from app.telephony.sip import INSTALL_HINT, SipAccount, SipDialer, sip_available

SCENARIOS = Path(__file__).resolve().parents[1] / "telephony" / "scenarios"


def _need(ok: bool, what: str, install: str) -> None:
    if ok:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing on CI (.ci/run installs it): {install}")
    pytest.skip(f"{what} is missing; install it: {install}")


def require_sip_tools() -> None:
    _need(shutil.which("sipp") is not None, "sipp", "apt-get install sip-tester")
    _need(sip_available(), "pjsua2", INSTALL_HINT)
    _need(importlib.util.find_spec("soundfile") is not None, "soundfile", INSTALL_HINT)


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def free_tcp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class FarEnd:
    """One SIPp answering one call with a scenario (a file in scenarios/ or "uas")."""

    def __init__(self, scenario: str, tmp: Path, *, port: int | None = None,
                 tcp: bool = False, calls: int = 1) -> None:
        self.port = port or (free_tcp_port() if tcp else free_udp_port())
        self.log = tmp / f"sipp-{scenario}-{time.monotonic_ns()}.log"
        args = ["sipp", "-i", "127.0.0.1", "-p", str(self.port), "-m", str(calls), "-nostdin",
                "-timeout", "20", "-trace_msg", "-message_file", str(self.log)]
        args += ["-t", "t1"] if tcp else []
        args += ["-sn", "uas"] if scenario == "uas" else ["-sf", str(SCENARIOS / f"{scenario}.xml")]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     cwd=tmp)
        time.sleep(0.1)  # bound; an INVITE before that is retransmitted anyway

    @property
    def uri(self) -> str:
        return f"sip:{{number}}@127.0.0.1:{self.port}"

    def finished_ok(self, timeout: float = 10) -> bool:
        """True when the scenario ran to its end as written (sipp exits 0)."""
        try:
            return self.proc.wait(timeout) == 0
        except subprocess.TimeoutExpired:
            return False

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)
        if self.proc.stderr is not None:
            self.proc.stderr.close()


class Events:
    """The dialer's events, collected from its thread."""

    def __init__(self) -> None:
        self.items: list[tuple[float, CallEvent]] = []
        self._cond = threading.Condition()

    def __call__(self, event: CallEvent) -> None:
        with self._cond:
            self.items.append((time.monotonic(), event))
            self._cond.notify_all()

    def clear(self) -> None:
        """Forget what was seen (before the next call)."""
        with self._cond:
            self.items.clear()

    @property
    def kinds(self) -> list[CallEventKind]:
        with self._cond:
            return [e.kind for _, e in self.items]

    def wait_for(self, kind: CallEventKind, timeout: float = 10) -> CallEvent:
        with self._cond:
            ok = self._cond.wait_for(lambda: any(e.kind is kind for _, e in self.items),
                                     timeout)
            assert ok, f"no {kind} within {timeout} s; got {[e.kind for _, e in self.items]}"
            return next(e for _, e in self.items if e.kind is kind)

    def wait_final(self, timeout: float = 10) -> CallEvent:
        with self._cond:
            ok = self._cond.wait_for(lambda: any(e.final for _, e in self.items), timeout)
            assert ok, f"the call did not end within {timeout} s; got {self.kinds}"
            return next(e for _, e in self.items if e.final)


def make_dialer(fe: FarEnd, events: Events, *, no_answer_seconds: float = 30.0
                ) -> SipDialer:
    d = SipDialer(SipAccount(uri="sip:agent@127.0.0.1", dial_template=fe.uri), events,
                  no_answer_seconds=no_answer_seconds)
    d.start()
    return d
