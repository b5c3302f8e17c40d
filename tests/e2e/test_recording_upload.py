"""A call's recording through the outbox to the live server, with a faulty network between:
an upload interrupted after its first chunk resumes from the server's offset; the whole
upload replayed (its acknowledgement lost) is stored once; a file changed after it was
made is refused for its checksum and left rejected for the agent to see. (The recording
itself, made by the SIP stack from a real far end: tests/telephony/test_recording_live.py.)"""

from __future__ import annotations

import hashlib
import math
import struct
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from app.errors import ServerUnreachable
from app.services.workspace import Workspace
from app.store import recordings as outbox_recordings
from app.store import repo
from app.views import OutcomeDraft
from tests.conftest import account
from tests.e2e.desktop import callable_rows, midday_shift, open_desktop
from tests.support.fault_proxy import FaultProxy
from tests.support.live_server import LiveServer, seed_demo
from wire.schema import Disposition

SECONDS = 6.0


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    db_url = f"sqlite:///{tmp_path_factory.mktemp('upload') / 'server.sqlite3'}"
    creds = seed_demo(db_url, customers=60, seed=13)
    with LiveServer(db_url, clock_shift=midday_shift()) as srv, FaultProxy(srv.url) as proxy:
        yield {"url": proxy.url, "db_url": db_url, "accounts": creds["accounts"],
               "proxy": proxy}
    proxy.clear()


def _tone(path: Path, seconds: float = SECONDS, rate: int = 16000) -> None:
    """What the SIP stack's recorder leaves: 16-bit mono PCM WAV (noisy, so that FLAC
    cannot squeeze it into one chunk)."""
    frames = bytearray()
    seed = 1
    for i in range(int(seconds * rate)):
        seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
        v = 0.3 * math.sin(2 * math.pi * 440 * i / rate) + 0.2 * (seed / 0x7FFFFFFF - 0.5)
        frames += struct.pack("<h", int(v * 32767))
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(bytes(frames))


def _recorded_call(ws: Workspace, tmp_path: Path) -> str:
    """A call recorded into a WAV (as GatedCall + the SIP recorder do) and saved."""
    ws.sync.run_once()
    row = callable_rows(ws)[0]
    ws.queue.start_call(row.id)
    wav = tmp_path / "recordings" / "call.wav"
    wav.parent.mkdir()
    ws.queue.attach_recording(str(wav))
    _tone(wav)
    ws.queue.end_call()
    action_id = ws.queue.record_outcome(OutcomeDraft(
        queue_item_id=row.id, disposition=Disposition.NOT_INTERESTED,
        objection="no_need")).action_id
    assert action_id is not None
    return action_id


def _server_rows(db_url: str, call_id: str) -> list[Any]:
    eng = create_engine(db_url)
    with eng.connect() as conn:
        rows = list(conn.execute(text(
            "SELECT size_bytes, received_bytes, complete, sha256, duration_seconds "
            "FROM call_recordings WHERE outcome_id = :i"), {"i": call_id}))
    eng.dispose()
    return rows


def test_an_interrupted_upload_resumes_and_a_replay_is_stored_once(
    shared: dict[str, Any], tmp_path: Path
) -> None:
    proxy: FaultProxy = shared["proxy"]
    ws = open_desktop(shared["url"], account(shared["accounts"], "agent", 0), tmp_path)
    try:
        call_id = _recorded_call(ws, tmp_path)
        ws.sync.recordings.chunk = 64 * 1024
        # The first chunk reaches the server, its answer is lost: the run fails there.
        proxy.fault("drop", path="/api/v1/recordings/", method="PATCH", times=1)
        with pytest.raises(ServerUnreachable):
            ws.sync.run_once()
        (_, received, complete, _, _), = _server_rows(shared["db_url"], call_id)
        assert received == 64 * 1024 and not complete
        seen = len(proxy.seen)
        ws.sync.run_once()
        patches = [p for m, p, _ in proxy.seen[seen:] if m == "PATCH"]
        assert patches[0].endswith(f"offset={64 * 1024}"), "resumed at the server's offset"
        (size, received, complete, _sha, seconds), = _server_rows(shared["db_url"], call_id)
        assert complete and received == size and abs(seconds - SECONDS) < 0.01
        with ws.engine.connect() as conn:
            assert outbox_recordings.pending(conn) == []
        assert not list((tmp_path / "recordings").iterdir())
        # The outbox sends it all again (as after a crash before the row was deleted).
        flac = tmp_path / "again.flac"
        _tone(tmp_path / "again.wav")
        with ws.engine.begin() as conn:
            outbox_recordings.enqueue(conn, call_id=call_id, wav=str(tmp_path / "again.wav"),
                                      now=ws.queue.now())
        before = len(proxy.seen)
        ws.sync.run_once()
        again = [m for m, p, _ in proxy.seen[before:] if "/recordings/" in p]
        assert again == ["PUT"], "the server already holds it: nothing is sent twice"
        assert len(_server_rows(shared["db_url"], call_id)) == 1
        assert not flac.exists()
    finally:
        proxy.clear()
        ws.close()


def test_a_file_changed_after_it_was_made_is_refused(shared: dict[str, Any],
                                                     tmp_path: Path) -> None:
    ws = open_desktop(shared["url"], account(shared["accounts"], "agent", 1), tmp_path)
    try:
        call_id = _recorded_call(ws, tmp_path)
        with ws.engine.connect() as conn:
            (row,) = outbox_recordings.pending(conn)
        made = ws.sync.recordings._made(row["action_id"], dict(row["payload"]))
        assert made is not None and made.sha256 == hashlib.sha256(
            made.path.read_bytes()).hexdigest()
        data = bytearray(made.path.read_bytes())
        data[-1] ^= 0xFF  # altered on disk after the call
        made.path.chmod(0o644)
        made.path.write_bytes(bytes(data))
        ws.sync.run_once()
        with ws.engine.connect() as conn:
            rejected = [r for r in repo.rejected_actions(conn) if r["kind"] == "recording"]
        assert [r["error_code"] for r in rejected] == ["checksum_mismatch"]
        assert _server_rows(shared["db_url"], call_id) == []
    finally:
        ws.close()


def test_an_unreadable_recording_is_set_aside_and_sync_goes_on(shared: dict[str, Any],
                                                               tmp_path: Path) -> None:
    ws = open_desktop(shared["url"], account(shared["accounts"], "agent", 2), tmp_path)
    try:
        ws.sync.run_once()
        row = callable_rows(ws)[0]
        ws.queue.start_call(row.id)
        wav = tmp_path / "broken.wav"
        wav.write_bytes(b"RIFF this is not audio")
        ws.queue.attach_recording(str(wav))
        ws.queue.end_call()
        ws.queue.record_outcome(OutcomeDraft(queue_item_id=row.id,
                                             disposition=Disposition.HUNG_UP))
        ws.sync.run_once()  # the call goes up; the recording is set aside, no exception
        with ws.engine.connect() as conn:
            rejected = [r for r in repo.rejected_actions(conn) if r["kind"] == "recording"]
        assert [r["error_code"] for r in rejected] == ["unreadable"]
        ws.sync.run_once()
    finally:
        ws.close()
