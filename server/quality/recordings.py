"""Call recordings: stored once per call (the telephony side or an admin uploads them),
read back as bytes by those who may replay the call. A recording is evidence like the
record: a second upload for the same call is refused, never replacing the first."""

from __future__ import annotations

import hashlib
import io
import math
import struct
import wave
from datetime import datetime

from sqlalchemy.orm import Session

from server import audit
from server import models as m
from server.errors import ApiError
from server.quality.models import QaRecording

MAX_BYTES = 20 * 1024 * 1024
TYPES = {"audio/wav", "audio/x-wav", "audio/wave", "audio/mpeg", "audio/ogg"}


def wav_seconds(data: bytes) -> float | None:
    try:
        with wave.open(io.BytesIO(data)) as w:
            return round(float(w.getnframes()) / float(w.getframerate()), 2)
    except (wave.Error, EOFError, ZeroDivisionError):
        return None


def store(session: Session, user: m.User, outcome: m.CallOutcome, data: bytes,
          content_type: str, now: datetime) -> QaRecording:
    kind = content_type.split(";")[0].strip().lower()
    if kind not in TYPES:
        raise ApiError(415, "unsupported_media", "Send audio/wav, audio/mpeg or audio/ogg.")
    if not data or len(data) > MAX_BYTES:
        raise ApiError(413, "too_large", "A recording must be between 1 byte and 20 MB.")
    duration = None
    if kind in ("audio/wav", "audio/x-wav", "audio/wave"):
        duration = wav_seconds(data)
        if duration is None:
            raise ApiError(422, "invalid_audio", "This is not a readable WAV file.")
    if session.get(QaRecording, outcome.id) is not None:
        audit.record(session, actor_id=user.id, action="recording.replace_refused",
                     entity="call_outcome", entity_id=outcome.id)
        raise ApiError(409, "recording_exists",
                       "This call already has a recording; it is evidence and is kept as is.")
    row = QaRecording(outcome_id=outcome.id, content_type=kind, size_bytes=len(data),
                      duration_seconds=duration, sha256=hashlib.sha256(data).hexdigest(),
                      data=data, uploaded_by=user.id, uploaded_at=now)
    session.add(row)
    audit.record(session, actor_id=user.id, action="recording.upload", entity="call_outcome",
                 entity_id=outcome.id, sha256=row.sha256, size=len(data))
    return row


def demo_wav(seconds: float = 24.0, rate: int = 8000) -> bytes:
    """A made-up 'call': two voices as alternating tone bursts with pauses (8 kHz mono,
    telephone quality), so the replay has something to play in step with the timeline."""
    frames = bytearray()
    n = int(seconds * rate)
    for i in range(n):
        t = i / rate
        turn = int(t // 3) % 2  # the speakers take turns every 3 s
        syllable = (t * 4) % 1.0 < 0.7 and (t % 3) < 2.5
        freq = 220.0 if turn == 0 else 330.0
        amp = 0.25 * (1 + 0.3 * math.sin(2 * math.pi * 3 * t)) if syllable else 0.0
        v = amp * (math.sin(2 * math.pi * freq * t) + 0.4 * math.sin(4 * math.pi * freq * t))
        frames += struct.pack("<h", int(max(-1.0, min(1.0, v)) * 32767 * 0.6))
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(bytes(frames))
    return buf.getvalue()
