"""Smoke test of the built bundle: `make package` runs it after PyInstaller.

Starts a demo sync server (as scripts/run_demo.py does), runs the frozen
dist/callsheet/callsheet offscreen against it with a throwaway data directory,
logs in from the demo credentials, saves a screenshot once the queue shows and
quits. Passes when the bundle exits 0 within the timeout, the PNG exists and the log
file landed under the data directory without any demo password in it.
Not part of `make test`: a build takes minutes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXE = ROOT / "dist" / "callsheet" / ("callsheet.exe" if os.name == "nt" else "callsheet")
TIMEOUT_S = 120


def start_server(db_url: str) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "server", "serve", "--port", "0", "--database-url", db_url],
        stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if "listening on" in line:
            return proc, line.rsplit(" ", 1)[-1].strip()
    proc.wait()
    raise SystemExit(f"smoke test: the demo server did not start ({proc.returncode})")


def main() -> int:
    if not EXE.exists():
        print(f"smoke test: {EXE} is missing; run `make package`", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="callsheet-smoke-") as tmp_name:
        tmp = Path(tmp_name)
        db_url = f"sqlite:///{tmp / 'server.sqlite3'}"
        creds = tmp / "creds.json"
        subprocess.run([sys.executable, "-m", "server", "demo", "--database-url", db_url,
                        "--credentials-out", str(creds)],
                       check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        server, url = start_server(db_url)
        shot = tmp / "shot.png"
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
                   PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
        started = time.monotonic()
        try:
            result = subprocess.run(
                [str(EXE), "--server", url, "--data-dir", str(tmp / "desktop"),
                 "--login-file", str(creds), "--screenshot", str(shot)],
                env=env, timeout=TIMEOUT_S, capture_output=True, text=True,
            )
        except subprocess.TimeoutExpired:
            print(f"smoke test FAILED: no exit within {TIMEOUT_S} s", file=sys.stderr)
            return 1
        finally:
            server.terminate()
            server.wait(10)
        took = time.monotonic() - started
        log = tmp / "desktop" / "logs" / "callsheet.log"
        if result.returncode != 0 or not shot.exists() or shot.stat().st_size == 0:
            print(f"smoke test FAILED: exit {result.returncode}, screenshot "
                  f"{'present' if shot.exists() else 'missing'}", file=sys.stderr)
            print(result.stderr[-4000:], file=sys.stderr)
            if log.exists():
                print(log.read_text(encoding="utf-8")[-4000:], file=sys.stderr)
            return 1
        text = log.read_text(encoding="utf-8") if log.exists() else ""
        passwords = [a["password"] for a in json.loads(creds.read_text())["accounts"]]
        if "logged in as" not in text or any(p in text for p in passwords):
            print(f"smoke test FAILED: {log} missing, incomplete or holding a password",
                  file=sys.stderr)
            return 1
        print(f"smoke test passed: bundle logged in, showed the queue and saved a "
              f"{shot.stat().st_size // 1024} KiB screenshot in {took:.1f} s; "
              f"log in {log.parent} without passwords")
        return 0


if __name__ == "__main__":
    sys.exit(main())
