"""The checker hears the recording (issue 20): the replay's audio track plays a FLAC call
recording through QtMultimedia into a PulseAudio null sink, and what the sink played is
recorded and analysed: a 440 Hz tone of the recording's length comes out. The player runs
in a child process (QtMultimedia picks its sound server once per process).

Skips with the install line where PulseAudio is missing; under CI=true it fails instead.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from tests.support.sound import INSTALL, RATE, Sound, available

CI = os.environ.get("CI", "").lower() == "true"
ROOT = Path(__file__).resolve().parents[2]
TONE_HZ, SECONDS = 440.0, 2.0


@pytest.fixture
def sound(tmp_path: Path) -> Iterator[Sound]:
    if not available():
        why = f"PulseAudio is not installed: {INSTALL}"
        if CI:
            pytest.fail(why + " (CI=true: the replay's sound must be tested)")
        pytest.skip(why)
    s = Sound.start(tmp_path / "pulse")
    yield s
    s.stop()


def _tone_flac(path: Path) -> None:
    sf = pytest.importorskip("soundfile")
    t = np.arange(int(SECONDS * 8000)) / 8000  # recordings are 8 kHz mono, like the calls
    sf.write(str(path), (0.5 * np.sin(2 * np.pi * TONE_HZ * t)).astype(np.float32), 8000,
             format="FLAC", subtype="PCM_16")


def test_the_replay_plays_the_recording_aloud(sound: Sound, tmp_path: Path) -> None:
    flac = tmp_path / "call.flac"
    _tone_flac(flac)
    heard = tmp_path / "heard.raw"
    recorder = sound.record(heard)
    try:
        child = subprocess.run(
            [sys.executable, "-m", "tests.support.play_child", str(flac), str(SECONDS)],
            env={**sound.env, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)},
            cwd=ROOT, capture_output=True, text=True, timeout=60)
    finally:
        recorder.send_signal(signal.SIGINT)  # parec writes out what it holds (TERM loses it)
        recorder.wait(10)
    raw = heard.read_bytes()
    assert child.returncode == 0, child.stdout + child.stderr
    assert child.stdout.startswith("problem= "), child.stdout  # no problem reported

    samples = np.frombuffer(raw, dtype="<i2").astype(np.float64) / 32768
    window = int(RATE * 0.05)
    blocks = samples[: len(samples) // window * window].reshape(-1, window)
    loud = np.sqrt((blocks ** 2).mean(axis=1)) > 0.05
    heard_s = loud.sum() * 0.05
    assert SECONDS - 0.4 <= heard_s <= SECONDS + 0.4, f"heard {heard_s:.2f} s of sound"
    played = blocks[loud].ravel()
    spectrum = np.abs(np.fft.rfft(played * np.hanning(len(played))))
    peak = np.fft.rfftfreq(len(played), 1 / RATE)[spectrum.argmax()]
    assert abs(peak - TONE_HZ) < 5, f"the loudest frequency is {peak:.1f} Hz"
