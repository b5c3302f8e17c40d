"""A call's recording from the SIP stack's WAV to the server: compressed once, checksummed
once, then uploaded in chunks that resume where the server's copy stops.

1. `finalize`: the WAV the SIP stack wrote (both directions mixed, app/telephony/recorder.py)
   becomes FLAC (lossless: the file is what was heard, sample for sample; libsndfile through
   `soundfile`, the `sip` extra), its SHA-256 and duration are computed there and then, and
   the WAV is deleted. The FLAC is never written again: the checksum made at creation is the
   one the server checks.
2. `RecordingUploads.run` (the sync engine's thread, after each push): for each recording
   row in the outbox whose call the server has acknowledged, announce the file (PUT), then
   send it in chunks from the offset the server has (PATCH). A replay (the row sent again
   after a lost answer) finds the recording complete and sends nothing. The row leaves the
   outbox, and the local file is deleted, when the server holds all of it; a refusal (bad
   checksum, no such call) leaves the row rejected for the agent to see.
"""

from __future__ import annotations

import hashlib
import logging
import os
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from app.api_client import ApiClient
from app.errors import CallsheetError, ServerUnreachable
from app.store import recordings as rows
from app.telephony.recorder import writing_path
from wire.recordings import CHUNK_BYTES, RecordingStart, RecordingStatus

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MadeRecording:
    path: Path
    sha256: str
    size_bytes: int
    duration_seconds: float
    content_type: str

    def payload(self) -> dict[str, Any]:
        return {"file": str(self.path), "sha256": self.sha256, "size_bytes": self.size_bytes,
                "duration_seconds": self.duration_seconds, "content_type": self.content_type}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def finalize(wav: Path) -> MadeRecording:
    """Compress `wav` to FLAC beside it (atomically) and checksum it; the caller stores
    the result, then deletes the WAV. Without `soundfile` the WAV itself is sent (larger,
    same content)."""
    try:
        import soundfile
    except ImportError:  # the sip extra without its codec: send the WAV as it is
        with wave.open(str(wav)) as w:
            seconds = w.getnframes() / float(w.getframerate())
        return MadeRecording(wav, sha256_of(wav), wav.stat().st_size, round(seconds, 3),
                             "audio/wav")
    flac = wav.with_suffix(".flac")
    tmp = flac.with_name(flac.stem + ".part.flac")
    # In blocks: a two-hour call never sits in memory whole.
    with soundfile.SoundFile(str(wav)) as src, soundfile.SoundFile(
            str(tmp), "w", samplerate=src.samplerate, channels=src.channels,
            subtype="PCM_16", format="FLAC") as dst:
        for block in src.blocks(blocksize=1 << 16, dtype="int16"):
            dst.write(block)
        frames, rate = src.frames, src.samplerate
    os.replace(tmp, flac)
    return MadeRecording(flac, sha256_of(flac), flac.stat().st_size,
                         round(frames / float(rate), 3), "audio/flac")


class RecordingUploads:
    """Uploads the outbox's recordings (call `run` from the sync engine's thread)."""

    def __init__(self, engine: Engine, client: ApiClient, *, chunk: int = CHUNK_BYTES) -> None:
        self._db = engine
        self._client = client
        self.chunk = chunk

    def run(self) -> int:
        """Upload what can go now; returns how many recordings the server completed.
        Raises ServerUnreachable (and the like) when the network fails: the sync engine
        backs off, and the next run resumes at the server's offset."""
        done = 0
        with self._db.connect() as conn:
            waiting = rows.pending(conn)
        for row in waiting:
            if self._one(row["action_id"], dict(row["payload"])):
                done += 1
        return done

    def _one(self, action_id: str, payload: dict[str, Any]) -> bool:
        call_id = str(payload["call_id"])
        with self._db.connect() as conn:
            call = rows.call_state(conn, call_id)
        if call == "pending":
            return False  # the call itself goes first
        if call == "rejected":
            self._reject(action_id, "call_rejected",
                         "The server refused this call's record, so its recording has "
                         "nowhere to go.")
            return False
        try:
            made = self._made(action_id, payload)
        except (OSError, RuntimeError, ValueError, EOFError, wave.Error) as exc:
            # A damaged or unreadable file must not stop every later sync: it is set aside
            # for the agent to see (the call itself is on the server already).
            log.warning("a call's recording cannot be read: %s", exc)
            self._reject(action_id, "unreadable",
                         "This call's recording could not be read from the disk.")
            return False
        if made is None:
            return False
        try:
            status = self._client.put_model(f"/api/v1/recordings/{call_id}", RecordingStart(
                sha256=made.sha256, size_bytes=made.size_bytes,
                duration_seconds=made.duration_seconds,
                content_type="audio/flac" if made.content_type == "audio/flac"
                else "audio/wav"), RecordingStatus)
            status = self._send(call_id, made, status)
        except ServerUnreachable:
            raise
        except OSError as exc:  # the file went away between the checksum and the upload
            log.warning("a call's recording cannot be read: %s", exc)
            self._reject(action_id, "unreadable",
                         "This call's recording could not be read from the disk.")
            return False
        except CallsheetError as exc:
            if exc.code in ("offset_mismatch", "busy"):
                return False  # another run raced this one; the next resumes
            self._reject(action_id, exc.code or "refused", exc.message)
            return False
        if not status.complete:
            return False
        with self._db.begin() as conn:
            rows.done(conn, action_id)
        made.path.unlink(missing_ok=True)  # the server holds it now, checksum verified
        return True

    def _send(self, call_id: str, made: MadeRecording,
              status: RecordingStatus) -> RecordingStatus:
        with open(made.path, "rb") as f:
            while not status.complete:
                offset = status.received_bytes
                f.seek(offset)
                data = f.read(self.chunk)
                if not data:
                    break
                status = self._client.patch_bytes(f"/api/v1/recordings/{call_id}", data,
                                                  RecordingStatus, offset=offset)
        return status

    def _made(self, action_id: str, payload: dict[str, Any]) -> MadeRecording | None:
        """The finished file, compressed and checksummed on first use; None while the SIP
        stack is still writing the WAV."""
        if payload.get("sha256"):
            return MadeRecording(Path(payload["file"]), str(payload["sha256"]),
                                 int(payload["size_bytes"]), float(payload["duration_seconds"]),
                                 str(payload["content_type"]))
        wav = Path(str(payload["wav"]))
        if not wav.exists():
            if writing_path(wav).exists():
                return None  # the call is still being recorded
            log.warning("a call's recording was never written (no audio); dropped")
            with self._db.begin() as conn:
                rows.done(conn, action_id)
            return None
        made = finalize(wav)
        with self._db.begin() as conn:
            rows.set_payload(conn, action_id, {**payload, **made.payload()})
        if made.path != wav:
            wav.unlink()  # only once the compressed file's checksum is stored
        return made

    def _reject(self, action_id: str, code: str, message: str) -> None:
        with self._db.begin() as conn:
            rows.reject(conn, action_id, code, message)
