"""Wire models of call recordings (issue 20): the desktop uploads a call's recording in
chunks, resumably, keyed by the call's id (the outcome's action id); the server verifies
its SHA-256 at the end and keeps it, unaltered, until its retention date.

Imported by the server (server/recordings/api.py) and the desktop (app/recordings.py).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field

from wire.schema import Model, ScriptStep

# A two-hour call in FLAC at 8 kHz is about 60 MB; a bound that no honest call reaches.
MAX_RECORDING_BYTES = 512 * 1024 * 1024
MAX_CHUNK_BYTES = 4 * 1024 * 1024  # one PATCH; the desktop sends 1 MiB
CHUNK_BYTES = 1024 * 1024
RecordingType = Literal["audio/flac", "audio/wav"]
Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class RecordingStart(Model):
    """What the desktop knows of the file before sending a byte (computed when the file
    was made, after the call; never recomputed)."""

    sha256: Sha256
    size_bytes: Annotated[int, Field(ge=1, le=MAX_RECORDING_BYTES)]
    duration_seconds: Annotated[float, Field(ge=0, le=24 * 3600, allow_inf_nan=False)]
    content_type: RecordingType = "audio/flac"


class RecordingStatus(Model):
    """How far an upload got: the desktop resumes at `received_bytes`."""

    outcome_id: str
    sha256: str
    size_bytes: int
    received_bytes: int
    complete: bool
    duration_seconds: float
    content_type: str
    created_at: datetime
    retention_until: date


# The first step of every call of a campaign that records its calls (the desktop puts it
# before the script's own steps; the quality replay shows it by these titles).
RECORDING_NOTICE = ScriptStep(
    id="recording_notice", kind="disclosure", title="Recording notice", title_zh="录音告知",
    text="Before we begin: this call is recorded, for the quality of our service and as a "
         "record of what we agree. You may ask us for the recording.",
    text_zh="在开始之前告知您：本次通话将被录音，用于提升服务质量并作为双方约定的凭据。"
            "您可以向我们索取录音。",
    mandatory=True)
