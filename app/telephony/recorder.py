"""Recording a call inside pjsua2: both directions mixed into one WAV by the conference
bridge. Used only on the SIP thread (app/telephony/sip.py calls the three hooks).

The call's audio (what the customer says) and the capture device (what the agent says,
unless muted) are both transmitted to one `AudioMediaRecorder`; the bridge mixes them.
With the null audio device (tests, a desktop without a headset yet) the capture side is
silence and the recording is the far end's audio. pjmedia writes 16-bit PCM WAV at the
bridge's clock rate, to `<name>.part.wav` while the call lasts; when the call ends the
recorder is destroyed (which writes the WAV header's lengths) and the file is renamed to
`<name>.wav`, the sign for app/recordings.py that it is complete.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def writing_path(wav: Path) -> Path:
    """Where the recorder writes while the call lasts (pjmedia wants the .wav ending)."""
    return wav.with_name(wav.stem + ".part.wav")


class CallRecorder:
    """The recording of one call (SIP thread only)."""

    def __init__(self, wav: Path) -> None:
        self.wav = wav
        self._rec: Any = None
        self._mic_on = False

    def connect(self, pj: Any, call_media: Any, mic: Any, *, muted: bool) -> None:
        """The call's audio is active (again): route it, and the agent's microphone unless
        muted, into the recorder (made at the first connect)."""
        if self._rec is None:
            rec = pj.AudioMediaRecorder()
            rec.createRecorder(str(writing_path(self.wav)))
            self._rec = rec
        call_media.startTransmit(self._rec)
        if muted and self._mic_on:
            mic.stopTransmit(self._rec)  # what the customer cannot hear is not recorded
        elif not muted:
            mic.startTransmit(self._rec)
        self._mic_on = not muted

    def finish(self) -> None:
        """The call ended: close the file and mark it complete."""
        if self._rec is None:
            return
        self._rec = None  # pjsua_recorder_destroy: the WAV's header is written now
        try:
            os.replace(writing_path(self.wav), self.wav)
        except OSError as exc:
            log.warning("the call's recording could not be closed: %s", exc)
