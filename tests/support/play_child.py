"""Child process of tests/ui/test_replay_sound.py: plays a recording file through the
quality workspace's replay clock and audio track (ui/quality/player.py), as the replay
does, then prints what the track reported. Run with PULSE_SERVER set to the test's server."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from ui.quality.player import AudioTrack, ReplayClock


def main() -> int:
    path, seconds = Path(sys.argv[1]), float(sys.argv[2])
    app = QApplication(sys.argv[:1])
    clock = ReplayClock()
    track = AudioTrack(path.read_bytes(), path.suffix)
    if not track.ok:
        print(f"problem={track.problem} error={track.error}", flush=True)
        return 3
    clock.audio = track
    clock.load(seconds)
    heard: list[float] = []

    def start() -> None:
        clock.play()

    def sample() -> None:
        p = track.position()
        if p is not None:
            heard.append(p)

    poll = QTimer()
    poll.timeout.connect(sample)
    poll.start(100)
    QTimer.singleShot(300, start)  # the player has loaded the file by then
    QTimer.singleShot(int((seconds + 1.5) * 1000), app.quit)
    app.exec()
    track.close()
    print(f"problem={track.problem} max_position={max(heard, default=-1):.2f}", flush=True)
    return 0 if not track.problem else 4


if __name__ == "__main__":
    sys.exit(main())
