"""`make run`: a local sync server with demo data on a stable loopback port, and the desktop.

Everything lives under .run/ in the checkout: the server's SQLite file, the demo
accounts (random passwords, written by the server's `demo` command, mode 0600),
the port in use (.run/port) and the desktop's data directory. The port stays the
same from run to run (8765, or the free one picked the first time 8765 was taken),
so the desktop finds the same local file, keyed by the server's address, and the
day's figures. Delete .run/ to start over.
"""

from __future__ import annotations

import argparse
import json
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUN = ROOT / ".run"
PORT_FILE = RUN / "port"
DEFAULT_PORT = 8765
XCB_HINT = (
    "If Qt said it could not load the 'xcb' platform plugin: a desktop session has these "
    "libraries; a minimal Debian/Ubuntu needs `apt-get install libxcb-cursor0 libxcb-icccm4 "
    "libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 "
    "libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0`."
)


def port_is_free(port: int, *, wait: float = 5.0) -> bool:
    """Whether the server could listen on `port`. SO_REUSEADDR as uvicorn sets it, so the
    closed connections of the last run (TIME_WAIT) do not count as taken; a server of the
    last run still shutting down is waited for a few seconds."""
    deadline = time.monotonic() + wait
    while True:
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind(("127.0.0.1", port))
                return True
            except OSError:
                pass
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.25)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def choose_port(port_file: Path = PORT_FILE, default: int = DEFAULT_PORT, *,
                wait: float = 5.0) -> int:
    """The port remembered in .run/port (or the default) while it is free; a free one,
    remembered from then on, only when it is taken."""
    try:
        wanted = int(port_file.read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        wanted = default
    if not port_is_free(wanted, wait=wait):
        fallback = free_port()
        print(f"port {wanted} is taken; using {fallback} (remembered in {port_file})")
        wanted = fallback
    port_file.parent.mkdir(parents=True, exist_ok=True)
    port_file.write_text(f"{wanted}\n", encoding="utf-8")
    return wanted


def start_server(db_url: str, port: int) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "server", "serve", "--port", str(port), "--database-url", db_url],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        print(line, end="")
        if "listening on" in line:
            return proc, line.rsplit(" ", 1)[-1].strip()
    proc.wait()
    sys.exit(f"the demo server did not start (exit code {proc.returncode})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--user", help="demo account to log in as (default: the first agent)")
    ap.add_argument("--lang", choices=["en", "zh_CN"])
    ap.add_argument("--reset", action="store_true", help="recreate the demo data")
    args = ap.parse_args()

    RUN.mkdir(exist_ok=True)
    db = RUN / "demo-server.sqlite3"
    creds = RUN / "demo-credentials.json"
    db_url = f"sqlite:///{db}"
    if args.reset or not db.exists() or not creds.exists():
        for p in RUN.glob("demo-server.sqlite3*"):
            p.unlink()
        subprocess.run(
            [sys.executable, "-m", "server", "demo", "--database-url", db_url,
             "--credentials-out", str(creds)],
            check=True,
            cwd=ROOT,
        )
    accounts = json.loads(creds.read_text(encoding="utf-8"))["accounts"]
    print("Demo accounts:", ", ".join(f"{a['username']} ({a['role']})" for a in accounts))

    # A kill of this script (SIGTERM, a closed terminal) ends the server and the desktop
    # too: a server left behind would hold the port, and the next run would fall back to
    # another one and look for the desktop's local data under another address.
    for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if sig is not None:
            signal.signal(sig, _exit_on_signal)
    server, url = start_server(db_url, choose_port())
    desktop: subprocess.Popen[bytes] | None = None
    try:
        cmd = [sys.executable, "-m", "ui.main", "--server", url,
               "--data-dir", str(RUN / "desktop"), "--login-file", str(creds)]
        if args.user:
            cmd += ["--user", args.user]
        if args.lang:
            cmd += ["--lang", args.lang]
        desktop = subprocess.Popen(cmd, cwd=ROOT)
        code = desktop.wait()
        if code != 0 and sys.platform.startswith("linux"):
            print(XCB_HINT, file=sys.stderr)
        return code
    finally:
        for proc in (desktop, server):
            if proc is not None and proc.poll() is None:
                proc.terminate()
        for proc in (desktop, server):
            if proc is not None:
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()


def _exit_on_signal(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


if __name__ == "__main__":
    sys.exit(main())
