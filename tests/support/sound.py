"""A PulseAudio server of a test's own, with a null sink whose monitor the test records:
what a replay plays can then be heard (captured and analysed) on a machine without a
sound card. Debian's `pulseaudio` and `pulseaudio-utils` (`parec`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

INSTALL = "apt-get install pulseaudio pulseaudio-utils"
RATE = 44100


def available() -> bool:
    return shutil.which("pulseaudio") is not None and shutil.which("parec") is not None


@dataclass
class Sound:
    """A running server: `env` points a child process at it (PULSE_SERVER)."""

    proc: subprocess.Popen[bytes]
    socket: Path

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "PULSE_SERVER": f"unix:{self.socket}"}

    @classmethod
    def start(cls, folder: Path) -> Sound:
        folder.mkdir(parents=True, exist_ok=True)
        sock = folder / "native"
        env = {**os.environ, "HOME": str(folder), "XDG_RUNTIME_DIR": str(folder),
               "XDG_CONFIG_HOME": str(folder)}
        proc = subprocess.Popen(
            ["pulseaudio", "--daemonize=no", "--exit-idle-time=-1", "-n", "--use-pid-file=no",
             "--disallow-exit", "--log-target=stderr", "--log-level=error",
             "-L", "module-null-sink sink_name=heard rate=44100",
             "-L", f"module-native-protocol-unix socket={sock} auth-anonymous=1",
             "-L", "module-always-sink"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        sound = cls(proc, sock)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError("pulseaudio stopped: "
                                   + (proc.stderr.read() if proc.stderr else b"").decode())
            if sock.exists() and subprocess.run(["pactl", "info"], env=sound.env,
                                                capture_output=True).returncode == 0:
                return sound
            time.sleep(0.1)
        sound.stop()
        raise RuntimeError("pulseaudio did not start within 15 s")

    def record(self, into: Path) -> subprocess.Popen[bytes]:
        """Start recording what the null sink plays into a file (16-bit mono at 44.1 kHz,
        raw); stop it with SIGINT, which makes parec write out what it holds. A file, not a
        pipe: a full pipe would stall parec and the server would drop what it played."""
        with into.open("wb") as out:
            return subprocess.Popen(
                ["parec", "--device=heard.monitor", "--format=s16le", f"--rate={RATE}",
                 "--channels=1", "--raw", "--latency-msec=20"],
                env=self.env, stdout=out, stderr=subprocess.DEVNULL)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
