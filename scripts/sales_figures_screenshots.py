"""Pictures of the verified sales figures (issue 21) for docs/screenshots/:
agent-sales-verified-LANG.png (the agent bar: confirmed sales, awaiting, reversed) and
lead-monitor-verified-LANG.png (the lead's monitor: hourly chart and outcome mix).

Run on a real X display, once per language (a fresh demo server each time):
    Xvfb :72 -screen 0 1366x768x24 -nolisten tcp &
    DISPLAY=:72 QT_QPA_PLATFORM=xcb .venv/bin/python \
        scripts/sales_figures_screenshots.py --lang zh_CN
An agent sells four times; the verifier confirms one and denies one, two still wait; the
desktop syncs, then the windows are grabbed.
"""

from __future__ import annotations

import argparse
import secrets
import sys
import tempfile
from pathlib import Path

import httpx
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import create_engine, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.views import OutcomeDraft  # noqa: E402 - after the path
from server.aftersale.models import Order  # noqa: E402
from tests.conftest import account  # noqa: E402
from tests.e2e.desktop import callable_rows, dialled, midday_shift, open_desktop, open_role  # noqa: E402
from tests.support.live_server import LiveServer, seed_demo  # noqa: E402
from ui import i18n  # noqa: E402
from ui.dialer import Dialer  # noqa: E402
from ui.lead.window import LeadWindow  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.resources import style_sheet  # noqa: E402
from ui.screenshot import grab_when_ready  # noqa: E402
from ui.tasks import TaskManager  # noqa: E402
from wire.schema import Disposition  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


class NoDialer(Dialer):
    def dial(self, number: str) -> bool:
        return True


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lang", default="en")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="callsheet-shots-"))
    db_url = f"sqlite:///{tmp / 'server.sqlite3'}"
    creds = seed_demo(db_url, customers=200, seed=5)
    srv = LiveServer(db_url, clock_shift=midday_shift())
    srv.start()
    accounts = creds["accounts"]
    ws = open_desktop(srv.url, account(accounts, "agent"), tmp / "agent")
    ws.sync.run_once()
    calls: list[str] = []
    for row in callable_rows(ws):
        if len(calls) == 4:
            break
        d = ws.queue.detail(row.id)
        if not (d.offers and d.verdict.allowed):
            continue
        dialled(ws, row.id)
        mandatory = [s.id for s in d.steps if s.mandatory]
        done = ws.queue.record_outcome(OutcomeDraft(
            queue_item_id=row.id, disposition=Disposition.ACCEPTED,
            offer_id=d.offers[0].offer.id, notes="Accepted the pack",
            steps_taken=["open", "identity", "needs", "pitch", *mandatory, "close"]))
        assert done.action_id is not None
        calls.append(done.action_id)
    ws.sync.run_once()
    eng = create_engine(db_url)
    with eng.connect() as conn:
        orders = {c: o for c, o in conn.execute(select(Order.call_id, Order.id)
                                                .where(Order.call_id.in_(calls)))}
    eng.dispose()
    http = httpx.Client(base_url=srv.url, timeout=20)
    v = account(accounts, "verifier")
    token = http.post("/api/v1/auth/login", json={"username": v["username"],
                                                  "password": v["password"]}).json()["token"]
    h = {"Authorization": f"Bearer {token}"}
    items = http.get("/api/v1/verification/items", params={"limit": 500}, headers=h).json()
    for call, outcome in zip(calls[:2], ("confirmed", "denied"), strict=True):
        item = next(i for i in items["items"] if i["order_id"] == orders[call])
        r = http.post(f"/api/v1/verification/items/{item['id']}/outcome", headers=h,
                      json={"action_id": secrets.token_hex(16), "outcome": outcome})
        assert r.status_code == 200, r.text
    ws.sync.run_once()
    print("day figures:", ws.queue.day_stats())

    app = QApplication(sys.argv[:1])
    i18n.install(app, args.lang)
    app.setStyleSheet(style_sheet())
    tasks = TaskManager()
    suffix = args.lang
    win = MainWindow(ws, tasks, dialer=NoDialer())
    win.resize(1366, 768)
    win.show()
    win.start()
    lead_ws = open_role(srv.url, account(accounts, "team_lead"), tmp / "lead")
    lead: list[LeadWindow] = []

    def agent_done() -> None:
        win.close()
        lw = LeadWindow(lead_ws, tasks)
        lead.append(lw)
        lw.resize(1366, 768)
        lw.show()
        lw.start()
        grab_when_ready(lw, OUT / f"lead-monitor-verified-{suffix}.png", lead_done)

    def lead_done() -> None:
        lead[0].close()
        app.quit()

    QTimer.singleShot(1500, lambda: grab_when_ready(
        win, OUT / f"agent-sales-verified-{suffix}.png", agent_done))
    code = app.exec()
    tasks.shutdown()
    srv.stop()
    return code


if __name__ == "__main__":
    sys.exit(main())
