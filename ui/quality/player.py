"""The replay's clock, and the recording in step with it where QtMultimedia can play it.

QtMultimedia is imported only when a recording is to be played: a machine without its
system libraries (e.g. no libpulse) still replays the timeline, and says why there is no
sound. The clock is the master; the audio follows it (seek, rate, pause).
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, QUrl, Signal

log = logging.getLogger(__name__)
SPEEDS = (1.0, 2.0, 4.0, 8.0)
TICK_MS = 100


NO_BACKEND = "no_backend"  # QtMultimedia or the system's sound libraries are missing
NO_DEVICE = "no_device"  # no speakers or headset
NO_CODEC = "no_codec"  # the recording's format cannot be decoded here
MISSING = "missing"  # the recording's file is not there
FAILED = "failed"  # anything else


def audio_backend() -> tuple[Any, Any] | tuple[str, str]:
    """(QMediaPlayer, QAudioOutput) classes, or (problem code, developer detail)."""
    try:
        from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer
    except (ImportError, OSError) as exc:  # missing libpulse & co.
        return NO_BACKEND, f"{type(exc).__name__}: {exc}"
    if QMediaDevices.defaultAudioOutput().isNull():
        # No sound device (a server, a CI box, no sound service running): the FFmpeg
        # backend can then hang in QMediaPlayer.stop(), so the timeline plays alone.
        return NO_DEVICE, "no audio output device"
    return QMediaPlayer, QAudioOutput


class ReplayClock(QObject):
    position_changed = Signal(float)
    playing_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.position = 0.0
        self.length = 0.0
        self.speed = 1.0
        self.playing = False
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self.audio: AudioTrack | None = None

    def load(self, length: float) -> None:
        self.pause()
        self.length = max(0.0, length)
        self.seek(0.0)

    def toggle(self) -> None:
        if self.playing:
            self.pause()
        else:
            self.play()

    def play(self) -> None:
        if self.position >= self.length:
            self.seek(0.0)
        self.playing = True
        self._timer.start()
        if self.audio is not None:
            self.audio.play_from(self.position, self.speed)
        self.playing_changed.emit(True)

    def pause(self) -> None:
        was = self.playing
        self.playing = False
        self._timer.stop()
        if self.audio is not None:
            self.audio.pause()
        if was:
            self.playing_changed.emit(False)

    def seek(self, seconds: float) -> None:
        self.position = min(max(0.0, seconds), self.length)
        if self.audio is not None:
            self.audio.seek(self.position, playing=self.playing, speed=self.speed)
        self.position_changed.emit(self.position)

    def set_speed(self, speed: float) -> None:
        self.speed = speed
        if self.audio is not None and self.playing:
            self.audio.play_from(self.position, speed)

    def cycle_speed(self) -> float:
        i = SPEEDS.index(self.speed) if self.speed in SPEEDS else 0
        self.set_speed(SPEEDS[(i + 1) % len(SPEEDS)])
        return self.speed

    def _tick(self) -> None:
        heard = self.audio.position() if self.audio is not None else None
        if heard is not None and self.playing:
            self.position = min(heard, self.length)  # the sound leads while it lasts
        else:
            self.position = min(self.position + self.speed * TICK_MS / 1000, self.length)
        self.position_changed.emit(self.position)
        if self.position >= self.length:
            self.pause()


class AudioTrack:
    """A call recording played with QMediaPlayer. `error` is set when it cannot play."""

    def __init__(self, data: bytes, suffix: str = ".wav",
                 on_problem: Callable[[AudioTrack], None] | None = None) -> None:
        self.error = ""  # developer detail, for the log
        self.problem = ""  # one of the codes above: what the checker is told
        self.duration = 0.0
        self._file: Path | None = None
        self.player: Any = None
        self.output: Any = None
        self._on_problem = on_problem
        backend: tuple[Any, Any] = audio_backend()
        if isinstance(backend[0], str):
            self.problem, self.error = backend
            log.info("recording cannot be played: %s", self.error)
            return
        player_cls, output_cls = backend
        try:
            with tempfile.NamedTemporaryFile(prefix="callsheet-rec-", suffix=suffix,
                                             delete=False) as fh:
                fh.write(data)
                self._file = Path(fh.name)
            self.output = output_cls()
            self.player = player_cls()
            self.player.setAudioOutput(self.output)
            self.player.errorOccurred.connect(self._player_error)
            self.player.setSource(QUrl.fromLocalFile(str(self._file)))
        except Exception as exc:  # noqa: BLE001 - any backend failure means: timeline only
            log.warning("recording cannot be played: %s", exc)
            self.error = str(exc) or type(exc).__name__
            self.problem = FAILED
            self.player = None

    def _player_error(self, error: Any, detail: str = "") -> None:
        """QMediaPlayer found it cannot play the file (after loading, asynchronously)."""
        name = getattr(error, "name", str(error))
        if name == "NoError":
            return
        self.problem = {"FormatError": NO_CODEC, "ResourceError": MISSING}.get(name, FAILED)
        self.error = f"{name}: {detail}"
        log.warning("recording cannot be played: %s", self.error)
        if self._on_problem is not None:
            self._on_problem(self)

    @property
    def ok(self) -> bool:
        return self.player is not None and not self.error

    def position(self) -> float | None:
        if not self.ok:
            return None
        playing = self.player.playbackState() == self.player.PlaybackState.PlayingState
        return self.player.position() / 1000.0 if playing else None

    def play_from(self, seconds: float, speed: float) -> None:
        if not self.ok:
            return
        self.player.setPlaybackRate(speed)
        self.player.setPosition(int(seconds * 1000))
        self.player.play()

    def seek(self, seconds: float, *, playing: bool, speed: float) -> None:
        if self.ok:
            self.player.setPosition(int(seconds * 1000))
            if playing:
                self.play_from(seconds, speed)

    def pause(self) -> None:
        if self.ok:
            self.player.pause()

    def close(self) -> None:
        if self.player is not None:
            self.player.stop()
            self.player = None
        if self._file is not None:
            self._file.unlink(missing_ok=True)
            self._file = None
