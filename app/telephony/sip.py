"""The embedded SIP user agent: PJSIP (pjsua2) on one thread of its own.

pjsua2 is the optional `sip` extra (`pip install 'callsheet[sip]'`); it is imported only
when a SipDialer starts, so the desktop installs and runs without it (the tel: hand-off).

Everything pjsua2 is touched on the dialer's own thread, the one that created the library
(`threadCnt = 0`, `mainThreadOnly = True`; events are pumped by `libHandleEvents`). The
public methods only queue commands for it; events come back through `on_event` /
`on_registration`, called on that thread (the UI re-emits them as Qt signals). Teardown
hangs up and drops every Call and the Account before `libDestroy`: destroying the library
while a Call object is alive aborts the process.
"""

from __future__ import annotations

import logging
import queue
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from app.telephony.backoff import Backoff
from app.telephony.events import CallEvent, CallEventKind, Registration
from app.telephony.recorder import CallRecorder

log = logging.getLogger(__name__)

Transport = Literal["udp", "tcp", "tls"]
_END_GRACE = 0.5  # seconds the library keeps running after a call ended, when closing
_NET_CHECK = 5.0  # seconds between looks at the local address (a new one: re-register)
# PJSIP's select() ioqueue has 64 socket slots (PJ_IOQUEUE_MAX_HANDLES) and hands a closed
# socket's slot back only 500 ms later (PJ_IOQUEUE_KEY_FREE_DELAY); a call takes two (RTP
# and RTCP). More than about 30 calls started within half a second would find no slot,
# and the library then aborts the process (an assertion, not an error). Call starts are
# therefore at least this far apart: at most 20 calls, 40 slots, in any half second. No
# person dials that fast; only a burst of calls that fail at once at loopback speed does.
_CALL_SPACING = 0.025
INSTALL_HINT = "pip install 'callsheet[sip]'  (or: pip install pjsua2-python soundfile)"


class SipUnavailable(RuntimeError):
    """The SIP stack is not installed or would not start; use the tel: hand-off."""


def sip_available() -> bool:
    try:
        import pjsua2  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass(frozen=True)
class SipAccount:
    """The agent's SIP account at the centre's PBX. The password is not kept here on disk:
    the caller reads it from the keyring and passes it in."""

    uri: str  # the agent's address of record, e.g. "sip:1001@pbx.example.com"
    registrar: str = ""  # e.g. "sip:pbx.example.com"; empty: no registration (tests)
    proxy: str = ""  # outbound proxy, e.g. "sip:sbc.example.com;lr"
    transport: Transport = "udp"
    username: str = ""  # the digest user; defaults to the URI's user part
    password: str = ""
    realm: str = "*"
    srtp: bool = False  # offer SRTP (SDES); mandatory with TLS in most PBX setups
    # How a dialled number becomes a request URI: {number} is the E.164 number.
    dial_template: str = ""  # default: "sip:{number}@<the URI's host>"
    local_port: int = 0  # 0: any free port

    def target(self, number: str) -> str:
        template = self.dial_template or "sip:{number}@" + _host(self.uri)
        return template.replace("{number}", number)

    def transfer_uri(self, target: str) -> str:
        """A campaign's transfer target as a Refer-To URI: a SIP URI as it is, an extension
        ("8001") at the PBX like a dialled number."""
        if target.startswith(("sip:", "sips:", "tel:")):
            return target
        return self.target(target)


def _host(uri: str) -> str:
    rest = uri.split(":", 1)[1] if ":" in uri else uri
    return rest.split("@", 1)[-1].split(";", 1)[0].strip(">")


def _user(uri: str) -> str:
    rest = uri.split(":", 1)[1] if ":" in uri else uri
    return rest.split("@", 1)[0] if "@" in rest else ""


EventSink = Callable[[CallEvent], None]
RegistrationSink = Callable[[Registration], None]


class SipDialer:
    """A `Dialer` that is a SIP endpoint. One call at a time."""

    reports_progress = True

    def __init__(self, account: SipAccount, on_event: EventSink | None = None, *,
                 on_registration: RegistrationSink | None = None,
                 no_answer_seconds: float = 30.0, poll_ms: int = 10,
                 reregister: Backoff | None = None) -> None:
        self.account = account
        self.on_event: EventSink = on_event or (lambda e: None)
        self.on_registration = on_registration or (lambda r: None)
        self.no_answer_seconds = no_answer_seconds  # the campaign's ring timeout
        self._poll_ms = poll_ms
        self._commands: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._stop = threading.Event()
        self._start_error: BaseException | None = None
        # Owned by the SIP thread only:
        self._ep: Any = None
        self._acc: Any = None
        self._call: Any = None  # the one live pjsua2 Call
        self._dead_calls: list[Any] = []  # disconnected; dropped outside their callbacks
        self._log_writer: Any = None
        self._last_end = float("-inf")  # when the last call ended (monotonic)
        self._last_start = float("-inf")  # when the last call was placed (monotonic)
        self._record_next: Path | None = None  # the next call is recorded into this WAV
        # Re-registration after a failure (registrar gone, transport lost): our backoff.
        self._backoff = reregister or Backoff()
        self._retry_at: float | None = None  # monotonic time of the next REGISTER
        self._registered = False
        self._local_ip: str | None = None  # towards the registrar, as last seen
        self._registrar_ip: tuple[str, int] | None = None  # resolved once, at start
        self._next_net_check = 0.0

    # ------------------------------------------------------------ the agent's side

    def start(self, timeout: float = 10.0) -> None:
        """Start the library on its own thread; raises SipUnavailable if it cannot."""
        if self._thread is not None:
            return
        if not sip_available():
            raise SipUnavailable("The SIP stack is not installed: " + INSTALL_HINT)
        self._thread = threading.Thread(target=self._run, name="sip", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            raise SipUnavailable("The SIP stack did not start in time.")
        if self._start_error is not None:
            self._thread.join(timeout)
            self._thread = None
            raise SipUnavailable(f"The SIP stack would not start: {self._start_error}")

    def close(self, timeout: float = 10.0) -> None:
        """Hang up, unregister, destroy the library; the thread ends."""
        if self._thread is None:
            return
        self._stop.set()
        self._thread.join(timeout)
        self._thread = None

    def set_listener(self, on_event: EventSink) -> None:
        self.on_event = on_event

    def dial(self, number: str, ring_timeout: float | None = None) -> bool:
        """Call `number`; no answer after `ring_timeout` seconds (the campaign's; default
        the dialer's own) cancels it as "no answer"."""
        if self._thread is None:
            return False
        target = self.account.target(number)
        deadline = self.no_answer_seconds if ring_timeout is None else ring_timeout
        self._commands.put(lambda: self._make_call(target, deadline))
        return True

    def record_next_call(self, wav: Path) -> None:
        """Record the next call placed (both directions mixed) into `wav` (recorder.py)."""
        self._commands.put(lambda: setattr(self, "_record_next", wav))

    def transfer(self, target: str) -> None:
        """Blind transfer (REFER) of the answered call to `target` (an extension or a SIP
        URI). TRANSFERRED when the far end took it (we then hang up), else TRANSFER_FAILED
        and the call goes on."""
        uri = self.account.transfer_uri(target)
        self._commands.put(lambda: self._transfer(uri))

    def hang_up(self) -> None:
        self._commands.put(self._hang_up)

    def hold(self, on: bool) -> None:
        self._commands.put(lambda: self._hold(on))

    def mute(self, on: bool) -> None:
        self._commands.put(lambda: self._mute(on))

    def send_dtmf(self, digits: str) -> None:
        clean = "".join(c for c in digits if c in "0123456789*#ABCD")
        if clean:
            self._commands.put(lambda: self._dtmf(clean))

    # ------------------------------------------------------------- the SIP thread

    def _run(self) -> None:
        try:
            self._create()
        except BaseException as exc:  # noqa: BLE001 - reported to start()
            self._start_error = exc
            self._destroy()
            self._ready.set()
            return
        self._ready.set()
        try:
            while not self._stop.is_set():
                self._ep.libHandleEvents(self._poll_ms)
                self._drain()
                self._check_no_answer()
                self._check_registration()
                self._dead_calls.clear()  # outside any pjsua2 callback: safe to drop
        finally:
            self._destroy()

    def _drain(self) -> None:
        while True:
            try:
                cmd = self._commands.get_nowait()
            except queue.Empty:
                return
            try:
                cmd()
            except Exception as exc:  # noqa: BLE001 - any pjsua2.Error: one command fails, not the thread
                log.warning("SIP command failed: %s", _describe(exc))

    def _create(self) -> None:
        import pjsua2 as pj

        ep = _endpoint_class(pj)(self)
        ep.libCreate()
        self._ep = ep
        cfg = pj.EpConfig()
        cfg.uaConfig.threadCnt = 0
        cfg.uaConfig.mainThreadOnly = True
        cfg.uaConfig.userAgent = "Callsheet"
        # PJSIP's own log goes to ours (whose handlers mask phone numbers), errors only.
        writer = _log_writer(pj)
        self._log_writer = writer  # pjsua2 keeps only a pointer: keep it alive
        cfg.logConfig.writer = writer
        cfg.logConfig.level = 1
        cfg.logConfig.consoleLevel = 1
        cfg.logConfig.decor = 0
        ep.libInit(cfg)
        ep.audDevManager().setNullDev()  # no sound card needed; a headset is a later step
        tcfg = pj.TransportConfig()
        tcfg.port = self.account.local_port
        kind = {"udp": pj.PJSIP_TRANSPORT_UDP, "tcp": pj.PJSIP_TRANSPORT_TCP,
                "tls": pj.PJSIP_TRANSPORT_TLS}[self.account.transport]
        ep.transportCreate(kind, tcfg)
        ep.libStart()

        acfg = pj.AccountConfig()
        acfg.idUri = self.account.uri
        if self.account.registrar:
            acfg.regConfig.registrarUri = self.account.registrar
            # PJSIP's own fixed-interval retry is off: ours backs off (_check_registration).
            acfg.regConfig.retryIntervalSec = 0
            acfg.regConfig.timeoutSec = 300
        if self.account.proxy:
            acfg.sipConfig.proxies.append(self.account.proxy)
        if self.account.password:
            user = self.account.username or _user(self.account.uri)
            acfg.sipConfig.authCreds.append(
                pj.AuthCredInfo("digest", self.account.realm, user, 0, self.account.password))
        if self.account.srtp:
            acfg.mediaConfig.srtpUse = pj.PJMEDIA_SRTP_OPTIONAL
        owner = self

        class _Account(pj.Account):  # type: ignore[misc]
            def onRegState(self, prm: Any) -> None:
                info = self.getInfo()
                owner._reg_state(bool(info.regIsActive), int(prm.code), str(prm.reason))

        acc = _Account()
        acc.create(acfg)
        self._acc = acc
        if self.account.registrar:
            # Resolved here, once (the start may wait for DNS anyway): the loop's look at the
            # local address must never wait for a DNS server that the network loss took away.
            self._registrar_ip = _resolve(self.account.registrar)

    def _destroy(self) -> None:
        ep, self._ep = self._ep, None
        if ep is None:
            return
        import pjsua2 as pj
        try:
            if self._call is not None:
                self._hang_up()
                end = time.monotonic() + 2
                while self._call is not None and time.monotonic() < end:
                    ep.libHandleEvents(self._poll_ms)
            self._call = None
            # The last messages of an ended call (the ACK to a 487, the 200 to our BYE)
            # may still be on their way: a short grace before the network goes.
            while time.monotonic() < self._last_end + _END_GRACE:
                ep.libHandleEvents(self._poll_ms)
            self._dead_calls.clear()
            if self._acc is not None:
                self._acc.shutdown()
                self._acc = None
            # With a registrar the library unregisters (and waits about 1 s for it);
            # without one nothing is left to say on the network (the call was ended above).
            ep.libDestroy(0 if self.account.registrar else pj.PJSUA_DESTROY_NO_NETWORK)
        except Exception as exc:  # noqa: BLE001 - closing; nothing left to tell
            log.warning("SIP teardown: %s", _describe(exc))

    # Commands (on the SIP thread)

    def _make_call(self, target: str, no_answer_seconds: float) -> None:
        import pjsua2 as pj

        if self._call is not None:
            self._emit(CallEvent(CallEventKind.FAILED, reason="another call is in progress"))
            return
        while (wait := self._last_start + _CALL_SPACING - time.monotonic()) > 0:
            self._ep.libHandleEvents(max(1, int(wait * 1000)))  # see _CALL_SPACING
        self._last_start = time.monotonic()
        call = _make_call_class(pj)(self, self._acc)
        call.deadline = time.monotonic() + no_answer_seconds
        if self._record_next is not None:
            call.recorder, self._record_next = CallRecorder(self._record_next), None
        prm = pj.CallOpParam(True)
        try:
            call.makeCall(target, prm)
        except Exception as exc:  # noqa: BLE001 - pjsua2 raises its own Error for any refusal
            self._emit(CallEvent(CallEventKind.FAILED, reason=_describe(exc)[:200]))
            self._dead_calls.append(call)
            return
        self._call = call
        self._emit(CallEvent(CallEventKind.DIALLING))

    def _hang_up(self) -> None:
        import pjsua2 as pj

        call = self._call
        if call is None:
            return
        call.local_hangup = True
        call.hangup(pj.CallOpParam())  # CANCEL before an answer, BYE after

    def _check_no_answer(self) -> None:
        call = self._call
        if call is None or call.answered or call.local_hangup:
            return
        if time.monotonic() >= call.deadline:
            call.timed_out = True
            self._hang_up()

    def _hold(self, on: bool) -> None:
        import pjsua2 as pj

        call = self._call
        if call is None or not call.answered:
            return
        prm = pj.CallOpParam(True)
        if on:
            call.setHold(prm)
        else:
            prm.opt.flag = pj.PJSUA_CALL_UNHOLD
            call.reinvite(prm)

    def _mute(self, on: bool) -> None:
        call = self._call
        if call is None or not call.answered:
            return
        call.muted = on
        self._connect_media(call)

    def _dtmf(self, digits: str) -> None:
        import pjsua2 as pj

        call = self._call
        if call is None or not call.answered:
            return
        try:
            call.dialDtmf(digits)  # RFC 2833 telephone events in the audio stream
        except Exception:  # noqa: BLE001 - no telephone-event offered: SIP INFO instead
            prm = pj.CallSendDtmfParam()
            prm.method = pj.PJSUA_DTMF_METHOD_SIP_INFO
            prm.digits = digits
            call.sendDtmf(prm)

    def _connect_media(self, call: Any) -> None:
        """The agent's microphone to the call unless muted; the call to the speaker."""
        import pjsua2 as pj

        info = call.getInfo()
        mgr = self._ep.audDevManager()
        for i, mi in enumerate(info.media):
            if mi.type != pj.PJMEDIA_TYPE_AUDIO or mi.status != pj.PJSUA_CALL_MEDIA_ACTIVE:
                continue
            med = call.getAudioMedia(i)
            med.startTransmit(mgr.getPlaybackDevMedia())
            mic = mgr.getCaptureDevMedia()
            if call.muted:
                mic.stopTransmit(med)
            else:
                mic.startTransmit(med)
            if call.recorder is not None:
                call.recorder.connect(pj, med, mic, muted=call.muted)

    def _transfer(self, uri: str) -> None:
        import pjsua2 as pj

        call = self._call
        if call is None or not call.answered:
            self._emit(CallEvent(CallEventKind.TRANSFER_FAILED, reason="no answered call",
                                 target=uri))
            return
        try:
            call.xfer(uri, pj.CallOpParam(True))
        except Exception as exc:  # noqa: BLE001 - pjsua2's Error: say so, the call goes on
            self._emit(CallEvent(CallEventKind.TRANSFER_FAILED, reason=_describe(exc)[:200],
                                 target=uri))
            return
        call.transfer_target = uri
        self._emit(CallEvent(CallEventKind.TRANSFERRING, target=uri))

    # Registration (on the SIP thread)

    def _reg_state(self, active: bool, code: int, reason: str) -> None:
        """The registrar's answer (or a transport's failure). A failure while we mean to
        be registered plans the next REGISTER with backoff."""
        if self._stop.is_set():
            return  # closing: this is the unregistration
        self._registered = active
        retry_in: float | None = None
        if active:
            self._backoff.succeeded()
            self._retry_at = None
        elif self.account.registrar:
            retry_in = self._backoff.next_delay(code)
            self._retry_at = time.monotonic() + retry_in
        self.on_registration(Registration(registered=active, sip_code=code, reason=reason,
                                          retry_in=retry_in))

    def _transport_lost(self) -> None:
        """A connection (TCP/TLS) to the registrar or proxy went down: not registered any
        more as far as we can tell; try again with backoff."""
        if self._registered and self.account.registrar and self._retry_at is None:
            self._reg_state(False, 503, "connection to the registrar lost")

    def _check_registration(self) -> None:
        if self._acc is None or not self.account.registrar:
            return
        now = time.monotonic()
        if now >= self._next_net_check:
            self._next_net_check = now + _NET_CHECK
            self._check_network()
        if self._retry_at is not None and now >= self._retry_at:
            self._retry_at = None
            try:
                self._acc.setRegistration(True)
            except Exception as exc:  # noqa: BLE001 - e.g. one still in progress: try later
                self._reg_state(False, 503, _describe(exc)[:100])

    def _check_network(self) -> None:
        """A new local address towards the registrar (another network, a new lease): tell
        PJSIP, which restarts its transports and registers again."""
        if self._registrar_ip is None:
            return
        ip = _local_ip_towards(self._registrar_ip)
        if ip is None:
            return
        if self._local_ip is not None and ip != self._local_ip:
            import pjsua2 as pj

            log.warning("local address changed; SIP registers again")
            self._ep.handleIpChange(pj.IpChangeParam())
        self._local_ip = ip

    # Callbacks (on the SIP thread, from libHandleEvents)

    def _emit(self, event: CallEvent) -> None:
        try:
            self.on_event(event)
        except Exception:  # the listener's bug must not kill the SIP thread
            log.exception("call event listener failed")

    def _state_changed(self, call: Any) -> None:
        import pjsua2 as pj

        info = call.getInfo()
        state, code, reason = info.state, int(info.lastStatusCode), str(info.lastReason)
        if state == pj.PJSIP_INV_STATE_EARLY and code in (180, 183) and not call.rang:
            call.rang = True
            self._emit(CallEvent(CallEventKind.RINGING, code, reason))
        elif state == pj.PJSIP_INV_STATE_CONFIRMED and not call.answered:
            call.answered = True
            self._emit(CallEvent(CallEventKind.ANSWERED, code, reason))
        elif state == pj.PJSIP_INV_STATE_DISCONNECTED:
            if self._call is call:
                self._call = None
            self._last_end = time.monotonic()
            self._dead_calls.append(call)
            if call.recorder is not None:
                call.recorder.finish()
            self._emit(_final_event(call, code, reason))

    def _transfer_status(self, call: Any, code: int, reason: str, final: bool) -> None:
        """The far end's word on our REFER: 202 then NOTIFYs of the new call's progress."""
        if code >= 300:
            call.transfer_target, target = "", call.transfer_target
            call.transfer_accepted = False
            self._emit(CallEvent(CallEventKind.TRANSFER_FAILED, code, reason, target=target))
        elif 200 <= code < 300:
            call.transfer_accepted = True  # 202 to the REFER, or a NOTIFY of the new call
            if final and not call.transferred:
                call.transferred = True  # the verifier answered: our leg is not needed
                self._hang_up()

    def _media_changed(self, call: Any) -> None:
        import pjsua2 as pj

        info = call.getInfo()  # kept alive: its media vector dangles once it is freed
        statuses = {mi.status for mi in info.media if mi.type == pj.PJMEDIA_TYPE_AUDIO}
        held = pj.PJSUA_CALL_MEDIA_LOCAL_HOLD in statuses
        if held != call.held:
            call.held = held
            self._emit(CallEvent(CallEventKind.HELD if held else CallEventKind.RESUMED))
        self._connect_media(call)


def _final_event(call: Any, code: int, reason: str) -> CallEvent:
    if call.transferred or (call.transfer_accepted and not call.local_hangup):
        # (a PBX that takes the REFER may hang up our leg itself, before its last NOTIFY)
        return CallEvent(CallEventKind.TRANSFERRED, code, reason, target=call.transfer_target)
    if call.answered:
        kind = CallEventKind.LOCAL_HANGUP if call.local_hangup else CallEventKind.REMOTE_HANGUP
        return CallEvent(kind, code, reason)
    if call.timed_out and not call.rang:  # not even a 100/180 back: nobody there
        return CallEvent(CallEventKind.FAILED, 408, "No response from the far end")
    if call.timed_out:
        return CallEvent(CallEventKind.NO_ANSWER, code, reason or "no answer")
    if call.local_hangup:
        return CallEvent(CallEventKind.LOCAL_HANGUP, code, reason)
    if code in (486, 600):
        return CallEvent(CallEventKind.BUSY, code, reason)
    if code == 603:
        return CallEvent(CallEventKind.DECLINED, code, reason)
    return CallEvent(CallEventKind.FAILED, code, reason)


def _log_writer(pj: Any) -> Any:
    class _Writer(pj.LogWriter):  # type: ignore[misc]
        def write(self, entry: Any) -> None:
            log.warning("pjsip: %s", str(entry.msg).strip())

    return _Writer()


_call_class: Any = None


def _make_call_class(pj: Any) -> Any:
    """The pjsua2 Call subclass, made once pjsua2 is imported (it is optional)."""
    global _call_class
    if _call_class is not None:
        return _call_class

    class _Call(pj.Call):  # type: ignore[misc]
        def __init__(self, owner: SipDialer, acc: Any) -> None:
            super().__init__(acc)
            self.owner = owner
            self.deadline = 0.0
            self.rang = False
            self.answered = False
            self.local_hangup = False
            self.timed_out = False
            self.muted = False
            self.held = False
            self.recorder: CallRecorder | None = None
            self.transfer_target = ""
            self.transfer_accepted = False
            self.transferred = False

        def onCallTransferStatus(self, prm: Any) -> None:
            self.owner._transfer_status(self, int(prm.statusCode), str(prm.reason),
                                        bool(prm.finalNotify))
            prm.cont = True

        def onCallState(self, prm: Any) -> None:
            self.owner._state_changed(self)

        def onCallMediaState(self, prm: Any) -> None:
            self.owner._media_changed(self)

    _call_class = _Call
    return _call_class


_endpoint_class_made: Any = None


def _endpoint_class(pj: Any) -> Any:
    """The pjsua2 Endpoint subclass that reports lost connections (made once)."""
    global _endpoint_class_made
    if _endpoint_class_made is not None:
        return _endpoint_class_made

    class _Endpoint(pj.Endpoint):  # type: ignore[misc]
        def __init__(self, owner: SipDialer) -> None:
            super().__init__()
            self.owner = owner

        def onTransportState(self, prm: Any) -> None:
            if prm.state == pj.PJSIP_TP_STATE_DISCONNECTED:
                self.owner._transport_lost()

    _endpoint_class_made = _Endpoint
    return _endpoint_class_made


def _resolve(uri: str) -> tuple[str, int] | None:
    """The registrar's IPv4 address and port (5060 unless given); None if it cannot be
    resolved now (then the address check is skipped)."""
    host = _host(uri).split(";", 1)[0]
    host, _, port = host.rpartition(":") if host.count(":") == 1 else (host, "", "")
    try:
        info = socket.getaddrinfo(host, int(port or 5060), socket.AF_INET, socket.SOCK_DGRAM)
    except (OSError, ValueError):
        return None
    addr = info[0][4] if info else None
    return (str(addr[0]), int(addr[1])) if addr else None


def _local_ip_towards(addr: tuple[str, int]) -> str | None:
    """The local address the system would use to reach `addr` (no packet sent)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(addr)
            return str(s.getsockname()[0])
    except OSError:
        return None


def _describe(exc: BaseException) -> str:
    info = getattr(exc, "info", None)
    if callable(info):
        try:
            return str(info())
        except Exception:  # noqa: BLE001
            pass
    return str(exc)
