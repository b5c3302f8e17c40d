"""`make run`: a local sync server with demo data on a free loopback port, and the desktop.

Everything lives under .run/ in the checkout: the server's SQLite file, the demo
accounts (random passwords, written by the server's `demo` command, mode 0600)
and the desktop's data directory. Delete .run/ to start over.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUN = ROOT / ".run"
XCB_HINT = (
    "If Qt said it could not load the 'xcb' platform plugin: a desktop session has these "
    "libraries; a minimal Debian/Ubuntu needs `apt-get install libxcb-cursor0 libxcb-icccm4 "
    "libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 "
    "libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0`."
)


def start_server(db_url: str) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "server", "serve", "--port", "0", "--database-url", db_url],
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

    server, url = start_server(db_url)
    try:
        cmd = [sys.executable, "-m", "ui.main", "--server", url,
               "--data-dir", str(RUN / "desktop"), "--login-file", str(creds)]
        if args.user:
            cmd += ["--user", args.user]
        if args.lang:
            cmd += ["--lang", args.lang]
        code = subprocess.call(cmd, cwd=ROOT)
        if code != 0 and sys.platform.startswith("linux"):
            print(XCB_HINT, file=sys.stderr)
        return code
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    sys.exit(main())
