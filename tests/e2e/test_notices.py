"""The notices after the sale, against the real server on loopback (issue 21): the server
process's own background sender (CALLSHEET_SEND_EVERY_SECONDS) sends the SMS and email
outboxes through the file senders; an unreachable customer who prefers the web gets an
email when an address is known and a letter when not; the mail room's batch exports the
letters due once, marks them sent and is audited; a batch can be read again."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from server.aftersale.models import LetterBatch, Verification, VerificationFallback
from server.models import AuditLog, Customer
from tests.e2e.desktop import wait_until
from tests.e2e.test_after_sale import Desk
from tests.support.live_server import LiveServer, seed_demo


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Desk, Path]]:
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    creds = seed_demo(url, customers=120, seed=7)
    out = tmp_path / "sent"
    monkeypatch.setenv("CALLSHEET_SEND_EVERY_SECONDS", "1")
    monkeypatch.setenv("CALLSHEET_SMS_SENDER", f"file:{out / 'sms.jsonl'}")
    monkeypatch.setenv("CALLSHEET_EMAIL_SENDER", f"file:{out / 'email.jsonl'}")
    with LiveServer(url, start_timeout=90) as srv:
        d = Desk(srv.url, url, creds["accounts"])
        yield d, out
        d.http.close()


def _unreachable(desk: Desk, agent: str, **customer: Any) -> tuple[dict[str, Any], str]:
    """A sale whose customer the verifier cannot reach: (the answer, the item id)."""
    sale = desk.sell(agent)
    item = desk.item_of(sale["id"])
    with desk.session() as s:
        s.execute(update(Customer).where(Customer.id == sale["item"]["customer"]["id"])
                  .values(**customer))
        s.execute(update(Verification).where(Verification.id == item["id"])
                  .values(attempts=item["max_attempts"] - 1,
                          due_at=datetime.now(UTC) - timedelta(minutes=1)))
        s.commit()
    r = desk.verify(item["id"], "unreachable")
    assert r.status_code == 200, r.text
    return dict(r.json()), str(item["id"])


def _lines(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def test_background_sender_and_the_mail_rooms_letters(desk: tuple[Desk, Path]) -> None:
    d, out = desk
    # email: a web customer with an address; the server's own sender sends it
    mailed, _ = _unreachable(d, "agent1", preferred_channel="web", email="wang.wu@example.cn")
    assert mailed["fallback"]["channel"] == "email"
    assert wait_until(lambda: len(_lines(out / "email.jsonl")) == 1, timeout=15)
    (sent,) = _lines(out / "email.jsonl")
    assert (sent["to"], sent["text"]) == ("wang.wu@example.cn", mailed["fallback"]["text"])
    # a confirmed sale's thank-you SMS goes the same way, without any command run
    sale = d.sell("agent2")
    assert d.verify(d.item_of(sale["id"])["id"], "confirmed").status_code == 200
    assert wait_until(lambda: any(x["text"] and "10000" in x["text"]
                                  for x in _lines(out / "sms.jsonl")), timeout=15)

    # letters: a store customer, and a web customer with no address known
    store, store_item = _unreachable(d, "agent3", preferred_channel="store")
    web, web_item = _unreachable(d, "agent3", preferred_channel="web", email="")
    assert store["fallback"]["channel"] == web["fallback"]["channel"] == "letter"
    r = d.http.post("/api/v1/letters/batch", headers=d.h("admin"))
    assert r.status_code == 200, r.text
    batch = r.headers["X-Letter-Batch"]
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert sorted(x["text"] for x in rows) == sorted(
        [store["fallback"]["text"], web["fallback"]["text"]])
    assert {x["batch"] for x in rows} == {batch}
    with d.session() as s:
        letters = list(s.scalars(select(VerificationFallback).where(
            VerificationFallback.verification_id.in_([store_item, web_item]))))
        assert all(x.batch_id == batch and x.sent_at is not None for x in letters)
        assert s.get(LetterBatch, batch).letters == 2
        audit = s.scalars(select(AuditLog).where(AuditLog.action == "letters.batch",
                                                 AuditLog.entity_id == batch)).one()
        assert audit.detail["letters"] == 2
    # exported once: the next batch is empty; the batch can be read again
    again = d.http.post("/api/v1/letters/batch", headers=d.h("admin"))
    assert again.status_code == 200 and again.headers["X-Letter-Batch"] == ""
    assert len(again.content.decode("utf-8-sig").strip().splitlines()) == 1  # the header
    reread = d.http.get(f"/api/v1/letters/batches/{batch}", headers=d.h("admin"))
    assert reread.status_code == 200 and reread.content == r.content
    assert d.http.get("/api/v1/letters/batches/nope", headers=d.h("admin")).status_code == 404
    assert d.http.post("/api/v1/letters/batch", headers=d.h("agent1")).status_code == 403
