"""Issue-2 figures: cold start to queue visible, pull of a 300-item queue, one local commit."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bench.util import report, summary_ms
from tests.e2e.desktop import no_answer, open_desktop

ROOT = Path(__file__).resolve().parents[1]


def top_up_queue(db_url: str, username: str, size: int) -> None:
    """Move open items to one agent until they hold `size` (through the server's own rules)."""
    from server import models as m
    from server.db import make_engine
    from server.orm import session_factory
    from server.queue import reassign

    engine = make_engine(db_url)
    with session_factory(engine)() as s:
        s: Session  # type: ignore[no-redef]
        agent = s.scalars(select(m.User).where(m.User.username == username)).one()
        mine = s.scalars(
            select(m.QueueItem).where(m.QueueItem.agent_id == agent.id,
                                      m.QueueItem.status != "closed")
        ).all()
        need = size - len(mine)
        if need > 0:
            others = s.scalars(
                select(m.QueueItem)
                .where(m.QueueItem.agent_id != agent.id, m.QueueItem.status != "closed")
                .limit(need)
            ).all()
            for item in others:
                reassign(s, item, agent, actor_id=agent.id)
        s.commit()
    engine.dispose()


def run(server_url: str, db_url: str, accounts: list[dict[str, Any]], creds_file: Path) -> None:
    agent = next(a for a in accounts if a["role"] == "agent")
    top_up_queue(db_url, agent["username"], 300)

    # Pull of a 300-item queue into an empty desktop (with scripts, offers, history).
    pulls = []
    for _ in range(5):
        with tempfile.TemporaryDirectory() as d:
            ws = open_desktop(server_url, agent, Path(d))
            t0 = time.perf_counter()
            ws.sync.run_once()
            pulls.append(time.perf_counter() - t0)
            n = len(ws.queue.list_queue())
            ws.close()
    report(f"pull of a {n}-item queue (empty desktop)", summary_ms(pulls), "< 1 s")

    # Local commit of one outcome: validation + call row + queue state + outbox, one tx.
    with tempfile.TemporaryDirectory() as d:
        ws = open_desktop(server_url, agent, Path(d))
        ws.sync.run_once()
        rows = [r for r in ws.queue.list_queue() if r.callable_now][:200]
        samples = []
        for r in rows:
            t0 = time.perf_counter()
            ws.queue.record_outcome(no_answer(r))
            samples.append(time.perf_counter() - t0)
        ws.close()
    report("local commit of one outcome", summary_ms(samples))

    # Cold start: a new desktop process to the queue listed and a customer shown.
    starts = []
    for _ in range(3):
        with tempfile.TemporaryDirectory() as d:
            shot = Path(d) / "shot.png"
            env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
                       PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
            t0 = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "ui.main", "--server", server_url, "--data-dir", d,
                 "--login-file", str(creds_file), "--user", agent["username"],
                 "--screenshot", str(shot)],
                cwd=ROOT, env=env, check=True, capture_output=True, timeout=120,
            )
            starts.append(time.perf_counter() - t0)
    report("cold start to queue visible (new process)", summary_ms(starts))
