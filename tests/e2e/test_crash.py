"""kill -9 at any moment loses no committed action (a subprocess is killed, then checked)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from app.store import tables as t
from app.store.database import check_integrity, open_database
from tests.conftest import account
from tests.e2e.desktop import SHIFT_ENV, midday_shift, open_desktop
from tests.e2e.test_sync_live import server_outcomes

ROOT = Path(__file__).resolve().parents[2]

WORKER = textwrap.dedent(
    """
    import sys, threading
    from pathlib import Path
    from app.services.auth import AuthService
    from app.services.workspace import Workspace
    from app.paths import Paths
    from app.settings import Settings
    from app.tokens import TokenStore
    from tests.e2e.desktop import midday_clock, no_answer

    url, user, password, data_dir, mode = sys.argv[1:6]
    auth = AuthService(url, TokenStore(use_keyring=False))
    info, token = auth.login(user, password)
    ws = Workspace.open(paths=Paths.under(Path(data_dir)), settings=Settings(), server_url=url,
                        user=info, token=token, clock=midday_clock())
    if mode == "sync":
        def loop():
            while True:
                try:
                    ws.sync.run_once()
                except Exception as exc:
                    print("sync error", exc, flush=True)
        threading.Thread(target=loop, daemon=True).start()
    for row in [r for r in ws.queue.list_queue() if r.callable_now]:
        action_id = ws.queue.record_outcome(no_answer(row)).action_id
        print("committed", action_id, flush=True)
    print("done", flush=True)
    import time; time.sleep(60)
    """
)


def run_and_kill(
    url: str, acct: dict[str, Any], data_dir: Path, mode: str, after: int
) -> list[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), **{SHIFT_ENV: repr(midday_shift())})
    proc = subprocess.Popen(
        [sys.executable, "-c", WORKER, url, acct["username"], acct["password"], str(data_dir),
         mode],
        stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env,
    )
    committed: list[str] = []
    assert proc.stdout is not None
    deadline = time.monotonic() + 60
    for line in proc.stdout:
        if line.startswith("committed "):
            committed.append(line.split()[1])
        if len(committed) >= after or line.startswith("done") or time.monotonic() > deadline:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    return committed


def local_counts(db: Path) -> tuple[set[str], set[str]]:
    engine = open_database(db)
    with engine.connect() as conn:
        calls = set(conn.execute(select(t.calls.c.id)).scalars())
        outbox = set(conn.execute(select(t.outbox.c.action_id)).scalars())
        assert conn.execute(select(func.count()).select_from(t.queue_items)).scalar()
    engine.dispose()
    return calls, outbox


def test_kill_mid_transaction_loses_no_committed_action(
    fresh_server: dict[str, Any], tmp_path: Path
) -> None:
    acct = account(fresh_server["accounts"], "agent")
    ws = open_desktop(fresh_server["url"], acct, tmp_path)
    ws.sync.run_once()
    db = Path(str(ws.engine.url.database))
    ws.close()
    committed = run_and_kill(fresh_server["url"], acct, tmp_path, "local", after=15)
    assert len(committed) >= 15
    check_integrity(db)
    calls, outbox = local_counts(db)
    assert set(committed) <= calls, "every action reported committed is on disk"
    assert calls == outbox, "each call has its outbox row, and no row is orphaned"


def test_kill_mid_sync_then_resume_delivers_each_action_once(
    fresh_server: dict[str, Any], tmp_path: Path
) -> None:
    acct = account(fresh_server["accounts"], "agent", 1)
    ws = open_desktop(fresh_server["url"], acct, tmp_path)
    ws.sync.run_once()
    db = Path(str(ws.engine.url.database))
    ws.close()
    committed = run_and_kill(fresh_server["url"], acct, tmp_path, "sync", after=25)
    check_integrity(db)
    calls, _ = local_counts(db)
    assert set(committed) <= calls
    ws = open_desktop(fresh_server["url"], acct, tmp_path)  # the desktop starts again
    try:
        ws.sync.run_once()
        assert ws.queue.pending_count() == 0
    finally:
        ws.close()
    assert server_outcomes(fresh_server["db_url"], sorted(calls)) == {i: 1 for i in calls}
