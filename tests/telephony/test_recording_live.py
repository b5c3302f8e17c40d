"""A recorded call, end to end: a campaign that records its calls, the script's first step
announcing it, a call to SIPp answering and speaking (the A-law audio of its g711a.pcap)
for 3 s then hanging up, the recording (both directions mixed, FLAC) travelling through
the outbox to the live server, and the checker fetching it for the replay."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import create_engine, text

from app.api_client import ApiClient
from app.domain import RECORDING_NOTICE_ID
from app.services.quality import QualityService
from app.store import recordings as outbox_recordings
from app.telephony.events import CallEventKind as K
from app.telephony.session import GatedCall
from app.telephony.sip import SipAccount, SipDialer
from app.views import OutcomeDraft
from tests.conftest import account
from tests.e2e.desktop import callable_rows, open_desktop
from tests.support.demo_server import record_calls, serve_demo
from tests.support.sipp import FarEnd
from tests.telephony.test_gated_call_live import Progress
from wire.schema import Disposition

TALK_SECONDS = 3.0  # speak.xml: answer, speak, BYE after 3 s
PCAP = Path("/usr/share/sip-tester/g711a.pcap")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    yield from serve_demo(tmp_path_factory, "rec", customers=60, seed=12,
                          prepare=record_calls)


def test_a_recorded_call_reaches_the_server_and_the_checker_replays_it(
    server: dict[str, Any], far_end: Callable[[str], FarEnd], tmp_path: Path
) -> None:
    if not PCAP.exists():
        pytest.skip(f"SIPp's {PCAP} is missing (apt-get install sip-tester)")
    ws = open_desktop(server["url"], account(server["accounts"], "agent", 0), tmp_path)
    fe = far_end("speak")
    progress = Progress()
    dialer = SipDialer(SipAccount(uri="sip:agent@127.0.0.1", dial_template=fe.uri),
                       no_answer_seconds=5)
    recordings = tmp_path / "recordings"
    gated = GatedCall(ws.queue, dialer, progress, recordings=recordings)
    dialer.start()
    try:
        ws.sync.run_once()
        row = callable_rows(ws)[0]
        steps = ws.queue.detail(row.id).steps
        assert steps[0].id == RECORDING_NOTICE_ID and steps[0].mandatory, \
            "a recorded call starts by announcing it"
        gated.dial(row.id)
        assert progress.answered.wait(10)
        for step in ws.queue.detail(row.id).steps:
            if step.mandatory:
                ws.queue.tick_disclosure(row.id, step.id)
        assert progress.ended.wait(15)
        assert progress.items[-1].event.kind is K.REMOTE_HANGUP
        action_id = ws.queue.record_outcome(OutcomeDraft(
            queue_item_id=row.id, disposition=Disposition.NOT_INTERESTED,
            objection="no_need")).action_id
        with ws.engine.connect() as conn:
            waiting = outbox_recordings.pending(conn)
        assert [w["payload"]["call_id"] for w in waiting] == [action_id], \
            "the recording's outbox row is written with the call"
        ws.sync.run_once()  # the call, then its recording
        with ws.engine.connect() as conn:
            assert outbox_recordings.pending(conn) == []
        assert list(recordings.iterdir()) == [], "the local copy goes once the server has it"
    finally:
        dialer.close()
        ws.close()
    assert fe.finished_ok()

    eng = create_engine(server["db_url"])
    with eng.connect() as conn:
        size, seconds, complete, sha = conn.execute(text(
            "SELECT size_bytes, duration_seconds, complete, sha256 FROM call_recordings "
            "WHERE outcome_id = :i"), {"i": action_id}).one()
    eng.dispose()
    assert complete and abs(seconds - TALK_SECONDS) <= 0.5, seconds

    qa = ApiClient(server["url"])
    qa_acct = account(server["accounts"], "qa")
    qa.login(qa_acct["username"], qa_acct["password"])
    try:
        quality = QualityService(qa)
        replay = quality.replay(action_id)
        assert replay.recording is not None and replay.recording.sha256 == sha
        audio = quality.recording(action_id)
    finally:
        qa.close()
    assert len(audio) == size
    import soundfile  # the sip extra (required by the conftest here)

    data, rate = soundfile.read(io.BytesIO(audio))
    assert abs(len(data) / rate - TALK_SECONDS) <= 0.5
    rms = float(np.sqrt(np.mean(np.square(data))))
    assert rms > 0.01, "the far end's voice is in the recording, not silence"
