"""Issue-20 figures: F5 through the gate to the INVITE, and the 180 to the "ringing"
event, against SIPp on loopback (the customer's side, answering busy); the CPU of this
process during an answered call with the null audio device (no recording yet).

No server: the local store is filled through tests/support/synthetic. Skipped, with the
install line, when sipp or pjsua2 is missing.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

from bench.agent_bench import midday
from bench.util import report, summary_ms


def run(calls: int = 40) -> None:
    from app.telephony.events import CallEvent, CallEventKind
    from app.telephony.session import CallProgress, GatedCall
    from app.telephony.sip import INSTALL_HINT, SipAccount, SipDialer, sip_available

    if shutil.which("sipp") is None or not sip_available():
        report("telephony", "skipped: needs sipp (apt-get install sip-tester) and pjsua2 ("
               + INSTALL_HINT + ")")
        return
    from app.services.queue import QueueService
    from app.store.database import open_database
    from app.views import OutcomeDraft
    from tests.support import synthetic
    from tests.support.sipp import SCENARIOS, free_udp_port
    from wire.schema import Disposition

    clock = midday()
    with tempfile.TemporaryDirectory() as d:
        engine = open_database(Path(d) / "local.sqlite3")
        synthetic.build(engine, items=calls + 50, history=500,
                        now=clock() - timedelta(hours=1))
        queue = QueueService(engine, agent_name="bench", clock=clock)
        port = free_udp_port()
        sipp = subprocess.Popen(
            ["sipp", "-i", "127.0.0.1", "-p", str(port), "-m", str(calls), "-nostdin",
             "-sf", str(SCENARIOS / "busy.xml")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=d)
        seen: dict[CallEventKind, float] = {}
        done = threading.Event()

        def on(p: CallProgress) -> None:
            seen.setdefault(p.event.kind, time.perf_counter())
            if p.event.final:
                done.set()

        dialer = SipDialer(SipAccount(uri="sip:bench@127.0.0.1",
                                      dial_template=f"sip:{{number}}@127.0.0.1:{port}"))
        gated = GatedCall(queue, dialer, on)
        dialer.start()
        invite: list[float] = []
        ringing: list[float] = []
        try:
            time.sleep(0.2)
            for _ in range(calls):
                row = next(r for r in queue.list_queue() if r.callable_now)
                seen.clear()
                done.clear()
                t0 = time.perf_counter()
                gated.dial(row.id)
                if not done.wait(10):
                    raise TimeoutError("the far end did not answer busy")
                invite.append(seen[CallEventKind.DIALLING] - t0)
                ringing.append(seen[CallEventKind.RINGING] - seen[CallEventKind.DIALLING])
                queue.record_outcome(OutcomeDraft(queue_item_id=row.id,
                                                  disposition=Disposition.BUSY))
        finally:
            dialer.close()
            sipp.kill()
            sipp.wait(5)
        report("F5 -> gate -> INVITE sent (DIALLING)", summary_ms(invite), "< 50 ms")
        report("INVITE -> 180 -> ringing event", summary_ms(ringing), "< 50 ms")

        port = free_udp_port()
        sipp = subprocess.Popen(
            ["sipp", "-sn", "uas", "-i", "127.0.0.1", "-p", str(port), "-m", "1",
             "-nostdin"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=d)
        answered = threading.Event()
        ended = threading.Event()

        def on_event(e: CallEvent) -> None:
            if e.kind is CallEventKind.ANSWERED:
                answered.set()
            if e.final:
                ended.set()

        dialer = SipDialer(SipAccount(uri="sip:bench@127.0.0.1",
                                      dial_template=f"sip:{{number}}@127.0.0.1:{port}"),
                           on_event)
        dialer.start()
        try:
            time.sleep(0.2)
            dialer.dial("+8613800138000")
            if not answered.wait(10):
                raise TimeoutError("the far end did not answer")
            c0, w0 = time.process_time(), time.perf_counter()
            time.sleep(5)
            cpu = (time.process_time() - c0) / (time.perf_counter() - w0)
            dialer.hang_up()
            ended.wait(10)
        finally:
            dialer.close()
            sipp.kill()
            sipp.wait(5)
        report("CPU during an answered call (null audio, no recording)",
               f"{cpu * 100:.1f} % of one core", "< 10 % (recorded call: not measured)")
        engine.dispose()


if __name__ == "__main__":
    run()
