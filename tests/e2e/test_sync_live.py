"""The client core against the real server on a loopback port: pull, push, offline, faults."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import column, create_engine, func, select, table

from app.api_client import ApiClient
from app.errors import BadServerResponse, ServerUnreachable
from app.store import repo
from app.store import tables as t
from app.sync import SyncState
from tests.conftest import account
from tests.e2e.desktop import callable_rows, no_answer, open_desktop
from wire.schema import Disposition, DncAction


def server_outcomes(db_url: str, ids: list[str]) -> dict[str, int]:
    """How many times each action id is stored on the server (read straight from its DB)."""
    eng = create_engine(db_url)
    outcomes = table("call_outcomes", column("id"))
    with eng.connect() as conn:
        rows = conn.execute(
            select(outcomes.c.id, func.count())
            .where(outcomes.c.id.in_(ids))
            .group_by(outcomes.c.id)
        ).all()
    eng.dispose()
    return {r[0]: r[1] for r in rows}


def test_agent_pulls_own_queue_and_pull_is_resumable(
    demo_server: dict[str, Any], tmp_path: Path
) -> None:
    ws = open_desktop(demo_server["url"], account(demo_server["accounts"], "agent"), tmp_path)
    try:
        result = ws.sync.run_once()
        assert result.queue_changed and result.reference_changed
        rows = ws.queue.list_queue()
        assert rows, "the demo agent has a queue"
        with ws.engine.connect() as conn:
            datas = conn.execute(select(t.queue_items.c.data)).scalars()
            agent_ids = {d["agent_id"] for d in datas}
            cursor = repo.cursor(conn)
        assert agent_ids == {ws.user.id}, "an agent receives only their own queue"
        assert cursor > 0
        again = ws.sync.run_once()
        assert not again.queue_changed, "nothing changed, nothing re-applied"
        detail = ws.queue.detail(rows[0].id)
        assert detail.offers and detail.offers[0].reason
        assert detail.steps and "{customer_name}" not in detail.steps[0].text
    finally:
        ws.close()


def test_outcomes_recorded_offline_arrive_exactly_once(
    fresh_server: dict[str, Any], tmp_path: Path
) -> None:
    srv = fresh_server["server"]
    ws = open_desktop(fresh_server["url"], account(fresh_server["accounts"], "agent"), tmp_path)
    try:
        ws.sync.run_once()
        rows = callable_rows(ws)[:20]
        assert len(rows) == 20
        srv.stop()  # the server goes down mid-day
        ids = [ws.queue.record_outcome(no_answer(r)).action_id for r in rows]
        with pytest.raises(ServerUnreachable):
            ws.sync.run_once()
        assert ws.queue.pending_count() == 20, "every action waits in the outbox"
        srv.restart()
        ws.sync.run_once()
        assert ws.queue.pending_count() == 0
        assert server_outcomes(fresh_server["db_url"], ids) == {i: 1 for i in ids}
        # Delivering the same actions again (a lost acknowledgement) changes nothing.
        with ws.engine.connect() as conn:
            payloads = [
                d["action"] for d in conn.execute(select(t.calls.c.data)).scalars()
            ]
        from app.sync import parse_action

        replay = ws.client.push([parse_action(p) for p in payloads])
        assert all(r.status == "accepted" and r.duplicate for r in replay.results)
        assert server_outcomes(fresh_server["db_url"], ids) == {i: 1 for i in ids}
    finally:
        ws.close()


def test_do_not_call_reaches_other_desktops_and_blocks_dialling(
    fresh_server: dict[str, Any], tmp_path: Path
) -> None:
    a1 = open_desktop(fresh_server["url"], account(fresh_server["accounts"], "agent", 0),
                      tmp_path / "a1")
    a2 = open_desktop(fresh_server["url"], account(fresh_server["accounts"], "agent", 1),
                      tmp_path / "a2")
    try:
        a1.sync.run_once()
        a2.sync.run_once()
        row = callable_rows(a1)[0]
        phone = a1.queue.detail(row.id).customer.phone
        a1.queue.flag_dnc(row.id, "customer asked not to be called")
        assert row.id not in {r.id for r in a1.queue.list_queue()}, "gone at once, offline"
        a1.sync.run_once()
        a2.sync.run_once()
        from wire.schema import phone_hash

        with a2.engine.connect() as conn:
            assert repo.is_dnc(conn, phone_hash(phone))
        # The server closed the item: a fresh desktop of the same agent never receives it.
        fresh = open_desktop(fresh_server["url"], account(fresh_server["accounts"], "agent", 0),
                             tmp_path / "a1-again")
        try:
            fresh.sync.run_once()
            assert row.id not in {r.id for r in fresh.queue.list_queue()}
        finally:
            fresh.close()
    finally:
        a1.close()
        a2.close()


def test_sale_needs_disclosures_offer_and_is_not_saved_half(
    demo_server: dict[str, Any], tmp_path: Path
) -> None:
    from app.errors import ValidationFailed
    from app.views import OutcomeDraft

    ws = open_desktop(demo_server["url"], account(demo_server["accounts"], "agent", 2), tmp_path)
    try:
        ws.sync.run_once()
        row = callable_rows(ws)[0]
        detail = ws.queue.detail(row.id)
        sale = OutcomeDraft(queue_item_id=row.id, disposition=Disposition.ACCEPTED,
                            offer_id=detail.offers[0].offer.id)
        with pytest.raises(ValidationFailed) as err:
            ws.queue.record_outcome(sale)  # no dial: no contact, let alone a sale
        assert err.value.field == "disposition" and err.value.code == "dial_required"
        ws.queue.start_call(row.id)
        with pytest.raises(ValidationFailed) as err:
            ws.queue.record_outcome(sale)
        assert err.value.field == "disclosures"
        assert ws.queue.pending_count() == 0
        with ws.engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(t.calls)).scalar() == 0
        mandatory = [s.id for s in detail.steps if s.mandatory]
        assert mandatory, "the demo scripts have mandatory disclosures"
        for step in mandatory:
            ws.queue.tick_disclosure(row.id, step)
        ws.queue.end_call()
        ok = OutcomeDraft(queue_item_id=row.id, disposition=Disposition.ACCEPTED,
                          offer_id=detail.offers[0].offer.id)
        ws.queue.record_outcome(ok)
        ws.sync.run_once()
        assert ws.queue.pending_count() == 0
        assert row.id not in {r.id for r in ws.queue.list_queue()}
    finally:
        ws.close()


class _Garbage(BaseHTTPRequestHandler):
    body = b'{"status": "ok", "api_version": 1'  # truncated JSON

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(self.body)

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.do_GET()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def garbage_server() -> Iterator[str]:
    httpd = HTTPServer(("127.0.0.1", 0), _Garbage)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_garbage_answers_are_rejected_and_nothing_applied(
    garbage_server: str, tmp_path: Path
) -> None:
    client = ApiClient(garbage_server, token="x")
    with pytest.raises(BadServerResponse):
        client.health()
    with pytest.raises(BadServerResponse):
        client.pull(0)
    _Garbage.body = json.dumps({"cursor": "not a number", "has_more": False}).encode()
    with pytest.raises(BadServerResponse):
        client.pull(0)
    flag = DncAction(action_id="flag-0000000001", customer_id="c1", reason="asked",
                     created_at=datetime.now(UTC))
    for body in (b'{"results": [{"action_id": "flag-', json.dumps({"results": "none"}).encode()):
        _Garbage.body = body  # (a push's answer is read from its bytes, as a pull's)
        with pytest.raises(BadServerResponse):
            client.push([flag])
    client.close()


def test_expired_token_asks_for_login_and_keeps_outbox(
    fresh_server: dict[str, Any], tmp_path: Path
) -> None:
    ws = open_desktop(fresh_server["url"], account(fresh_server["accounts"], "agent"), tmp_path)
    try:
        ws.sync.run_once()
        ws.queue.record_outcome(no_answer(callable_rows(ws)[0]))
        ws.client.token = "revoked-or-expired"
        ws.sync._cycle()
        assert ws.sync.status.state is SyncState.AUTH_REQUIRED
        assert ws.queue.pending_count() == 1
    finally:
        ws.close()


def test_paused_agent_cannot_dial_through_the_gate(
    demo_server: dict[str, Any], tmp_path: Path
) -> None:
    from app.errors import DialBlocked

    ws = open_desktop(demo_server["url"], account(demo_server["accounts"], "agent", 4), tmp_path)
    try:
        ws.sync.run_once()
        row = callable_rows(ws)[0]
        ws.presence.set_state("paused", "break")
        with pytest.raises(DialBlocked) as err:
            ws.queue.check_dial(row.id)
        assert err.value.code == "paused"
        ws.presence.set_state("available")
        assert ws.queue.check_dial(row.id).allowed
    finally:
        ws.close()
