"""Routes of call recordings under /api/v1/recordings (policy: server/policy.py).

    PUT   /recordings/{outcome_id}            announce (sha256, size, duration) -> status
    PATCH /recordings/{outcome_id}?offset=N   a chunk of bytes at N -> status
    GET   /recordings/{outcome_id}/status     how far the upload got (resume from there)
    GET   /recordings/{outcome_id}            the audio, for those who replay the call

Only the call's own agent uploads; a checker reads the calls of the teams they check.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, Response
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool

from server.db import utcnow
from server.deps import CurrentUser, ReadSession
from server.errors import ApiError
from server.openapi import file_answer, raw_body
from server.quality import scoring
from server.quality.models import QaRecording
from server.recordings import store
from server.recordings.models import CallRecording
from wire.recordings import MAX_CHUNK_BYTES, MAX_RECORDING_BYTES, RecordingStart, RecordingStatus
from wire.schema import ErrorBody

router = APIRouter(prefix="/api/v1")
R = "/recordings/{outcome_id}"
CHUNK = ("application/offset+octet-stream", "application/octet-stream")
PLAYS = ("audio/flac", "audio/wav")


@router.put(R, responses={s: {"model": ErrorBody} for s in (404, 409)})
def announce(outcome_id: str, body: RecordingStart, request: Request,
             user: CurrentUser) -> RecordingStatus:
    """The call's own agent announces its recording; the same announcement again answers
    how far the upload got."""
    for attempt in (1, 2):
        try:
            with request.app.state.writes() as s:
                try:
                    out = store.start(s, user, outcome_id, body, utcnow())
                except ApiError as exc:
                    if exc.code == "recording_exists":
                        s.commit()  # keep the audit row of the refused replacement
                    raise
                s.commit()
                return out
        except IntegrityError:  # the same announcement racing itself: read the winner's
            if attempt == 2:
                raise ApiError(409, "busy", "Try again.") from None
    raise AssertionError("unreachable")


@router.patch(R, openapi_extra=raw_body(*CHUNK),
              responses={s: {"model": ErrorBody} for s in (404, 409, 413, 422)})
async def append(outcome_id: str, request: Request, user: CurrentUser,
                 offset: Annotated[int, Query(ge=0, le=MAX_RECORDING_BYTES)]) -> RecordingStatus:
    """A chunk of the file at `offset` (what the server has so far: see the status)."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_CHUNK_BYTES:
        raise ApiError(413, "too_large", f"A chunk is at most {MAX_CHUNK_BYTES} bytes.")
    data = await request.body()

    def work() -> RecordingStatus:
        with request.app.state.writes() as s:
            out = store.append(s, user, outcome_id, offset, data, utcnow())
            s.commit()
            return out

    return await run_in_threadpool(work)


@router.get(R + "/status", responses={s: {"model": ErrorBody} for s in (404, 409)})
def upload_status(outcome_id: str, user: CurrentUser, s: ReadSession) -> RecordingStatus:
    store.own_outcome(s, user, outcome_id)
    row = s.get(CallRecording, outcome_id)
    if row is None:
        raise ApiError(409, "not_started", "This recording was not announced yet (PUT).")
    return store.status(row)


@router.get(R, response_class=Response,
            responses=file_answer(*PLAYS, "audio/mpeg", "audio/ogg",
                                  description="The recording, as made on the desktop."))
def recording(outcome_id: str, user: CurrentUser, s: ReadSession) -> Response:
    """The checker's replay (the teams they check), an admin any call. A recording the
    desktop made (complete), else one uploaded in the quality workspace."""
    scoring.outcome_in_scope(s, user, outcome_id)
    found = store.complete_file(s, outcome_id)
    if found is not None:
        row, path = found
        return FileResponse(path, media_type=row.content_type,
                            headers={"X-Content-SHA256": row.sha256})
    legacy = s.get(QaRecording, outcome_id)
    if legacy is None:
        raise ApiError(404, "not_found", "This call has no recording.")
    return Response(legacy.data, media_type=legacy.content_type,
                    headers={"X-Content-SHA256": legacy.sha256})
