"""Chunked, resumable, checksummed storage of call recordings.

The desktop first says what it will send (`start`: SHA-256, size, duration), then sends
the bytes in chunks at the offset the server has received (`append`). A chunk at another
offset is answered 409 with the offset to resume from; a replay of the whole upload (the
outbox sent it again) finds the recording complete and stores nothing twice. When the last
byte arrives the file's SHA-256 must be the one announced, else the partial file is
deleted and the upload refused (422): a recording is evidence and is kept exactly as made.

The audio is a file under the recordings directory (`CALLSHEET_RECORDINGS_DIR`, default
`recordings/` in the server's data directory), named by a random id (never by anything a
client sent), read-only once complete. The row's lock (SELECT ... FOR UPDATE on
PostgreSQL; SQLite writes one at a time) orders two chunks racing for the same offset.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy import select
from sqlalchemy.orm import Session

from server import audit
from server import models as m
from server.errors import ApiError
from server.recordings.models import CallRecording
from wire.recordings import MAX_CHUNK_BYTES, RecordingStart, RecordingStatus

ENV_DIR = "CALLSHEET_RECORDINGS_DIR"


def recordings_dir() -> Path:
    """Where recordings are kept (the server setting; created on first use)."""
    raw = os.environ.get(ENV_DIR, "")
    path = Path(raw) if raw else Path(user_data_dir("callsheet-server")) / "recordings"
    path.mkdir(parents=True, exist_ok=True)
    return path


def status(r: CallRecording) -> RecordingStatus:
    return RecordingStatus(outcome_id=r.outcome_id, sha256=r.sha256, size_bytes=r.size_bytes,
                           received_bytes=r.received_bytes, complete=r.complete,
                           duration_seconds=r.duration_seconds, content_type=r.content_type,
                           created_at=r.created_at, retention_until=r.retention_until)


def retention_until(campaign: m.Campaign, customer: m.Customer, call_day: date) -> date:
    """The campaign's retention past the customer's contract end, or past the call when
    the contract ended before it (or is not known)."""
    base = max(call_day, customer.contract_end) if customer.contract_end else call_day
    return base + timedelta(days=campaign.recording_retention_days)


def own_outcome(session: Session, user: m.User, outcome_id: str) -> m.CallOutcome:
    """The caller's own call; another agent's is "not found" (its existence must not leak)."""
    o = session.get(m.CallOutcome, outcome_id)
    if o is None or o.agent_id != user.id:
        raise ApiError(404, "not_found", "No such call of yours.")
    return o


def _locked(session: Session, outcome_id: str) -> CallRecording | None:
    return session.scalars(select(CallRecording).where(CallRecording.outcome_id == outcome_id)
                           .with_for_update()).first()


def start(session: Session, user: m.User, outcome_id: str, body: RecordingStart,
          now: datetime) -> RecordingStatus:
    """Begin (or find again) the upload of a call's recording. The same announcement
    again answers the upload's state (resume, or complete: a replay); another file for
    a call that has one is refused."""
    o = own_outcome(session, user, outcome_id)
    row = _locked(session, outcome_id)
    if row is not None:
        if (row.sha256, row.size_bytes) != (body.sha256, body.size_bytes):
            audit.record(session, actor_id=user.id, action="recording.replace_refused",
                         entity="call_outcome", entity_id=outcome_id, sha256=body.sha256)
            raise ApiError(409, "recording_exists",
                           "This call already has another recording; it is evidence and "
                           "is kept as is.")
        return status(row)
    campaign = session.get(m.Campaign, o.campaign_id)
    customer = session.get(m.Customer, o.customer_id)
    assert campaign is not None and customer is not None
    day = (o.call_started_at or o.created_at).date()
    row = CallRecording(
        outcome_id=outcome_id, agent_id=user.id, campaign_id=campaign.id,
        path=f"{uuid.uuid4().hex}.part", content_type=body.content_type,
        size_bytes=body.size_bytes, received_bytes=0, duration_seconds=body.duration_seconds,
        sha256=body.sha256, complete=False, created_at=now, completed_at=None,
        retention_until=retention_until(campaign, customer, day))
    (recordings_dir() / row.path).write_bytes(b"")
    session.add(row)
    session.flush()
    return status(row)


def append(session: Session, user: m.User, outcome_id: str, offset: int, data: bytes,
           now: datetime) -> RecordingStatus:
    """Write `data` at `offset`, which must be what the server has received so far."""
    own_outcome(session, user, outcome_id)
    row = _locked(session, outcome_id)
    if row is None:
        raise ApiError(409, "not_started", "Announce the recording first (PUT).")
    if row.complete:
        return status(row)  # the last chunk's answer was lost: nothing to store again
    if len(data) > MAX_CHUNK_BYTES:
        raise ApiError(413, "too_large", f"A chunk is at most {MAX_CHUNK_BYTES} bytes.")
    if offset != row.received_bytes:
        raise ApiError(409, "offset_mismatch",
                       f"The server has {row.received_bytes} bytes of this recording; "
                       "send from there.")
    if not data or offset + len(data) > row.size_bytes:
        raise ApiError(422, "bad_chunk",
                       f"A chunk holds 1 to {row.size_bytes - offset} more bytes.")
    base = recordings_dir()
    part = base / row.path
    # Bytes past `received_bytes` (a chunk whose commit failed) are written over.
    with open(part, "r+b" if part.exists() else "wb") as f:
        f.seek(offset)
        f.write(data)
        f.truncate()
        f.flush()
        os.fsync(f.fileno())
    row.received_bytes = offset + len(data)
    if row.received_bytes == row.size_bytes:
        _finish(session, user, row, part, now)
    return status(row)


def _finish(session: Session, user: m.User, row: CallRecording, part: Path,
            now: datetime) -> None:
    digest = hashlib.sha256()
    with open(part, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != row.sha256:
        part.unlink(missing_ok=True)
        session.delete(row)
        audit.record(session, actor_id=user.id, action="recording.checksum_refused",
                     entity="call_outcome", entity_id=row.outcome_id, sha256=row.sha256)
        session.commit()  # the refusal and its audit row stand; the upload starts anew
        raise ApiError(422, "checksum_mismatch",
                       "The recording's SHA-256 is not the one announced; nothing was kept.")
    final = row.path.removesuffix(".part") + _suffix(row.content_type)
    os.replace(part, recordings_dir() / final)
    os.chmod(recordings_dir() / final, 0o444)  # never altered
    row.path, row.complete, row.completed_at = final, True, now
    audit.record(session, actor_id=user.id, action="recording.upload", entity="call_outcome",
                 entity_id=row.outcome_id, sha256=row.sha256, size=row.size_bytes)


def _suffix(content_type: str) -> str:
    return ".flac" if content_type == "audio/flac" else ".wav"


def complete_file(session: Session, outcome_id: str) -> tuple[CallRecording, Path] | None:
    row = session.get(CallRecording, outcome_id)
    if row is None or not row.complete:
        return None
    path = recordings_dir() / row.path
    return (row, path) if path.is_file() else None
