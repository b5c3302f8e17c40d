"""Re-imports on SQLite and PostgreSQL: only the file's columns change, a new number on the
do-not-call list closes the customer's open items in the same transaction (and the
agent's pull sees it), changed segments flag the open items, and the summary counts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from server import models as m
from server.db import make_engine
from server.orm import session_factory
from server.planning import offers_rules
from server.planning.dnc_io import import_dnc
from server.planning.importing import ImportResult, import_customers
from server.planning.targeting import plan_campaign
from tests.server.conftest import Api
from tests.server.loop_support import assign_approved
from tests.server.test_planning_campaign import _team

DATA = Path(__file__).resolve().parents[1] / "data" / "planning"
SMALL = DATA / "customers_small.csv"
TODAY = date(2026, 11, 23)
KEPT = ("region", "star_level", "tenure_months", "plan_name", "plan_minutes", "plan_data_mb",
        "usage", "network_gen", "arpu_yuan", "value_score", "value_tier", "plan_fit",
        "lifecycle_stage", "preferred_channel", "complaints")


@pytest.fixture
def session(db_url: str, tmp_path: Path) -> Iterator[Session]:
    engine = make_engine(db_url)
    with session_factory(engine)() as s:
        import_customers(s, SMALL, today=TODAY, report=tmp_path / "e.csv")
        s.commit()
        yield s
    engine.dispose()


def _customer(s: Session, ext: str) -> m.Customer:
    return s.scalars(select(m.Customer).where(m.Customer.external_id == ext)).one()


def _items(s: Session, ext: str) -> list[str]:
    return list(s.scalars(select(m.QueueItem.status).join(
        m.Customer, m.Customer.id == m.QueueItem.customer_id).where(
        m.Customer.external_id == ext)))


def _plan_and_assign(s: Session) -> None:
    plan_campaign(s, offers_rules.builtin("DATAPK"), today=TODAY)
    team, _ = _team(s, 2)
    assign_approved(s, "DATAPK", team.name)
    s.commit()


def _reimport(s: Session, tmp_path: Path, text: str, **kw: Any) -> ImportResult:
    f = tmp_path / "again.csv"
    f.write_text(text, encoding="utf-8")
    res = import_customers(s, f, today=TODAY, **kw)
    s.commit()
    s.expire_all()
    return res


def test_reimport_with_a_dnc_number_closes_the_open_item(session: Session,
                                                         tmp_path: Path) -> None:
    _plan_and_assign(session)
    assert _items(session, "C01") == ["open"]
    dnc = tmp_path / "dnc.csv"
    dnc.write_text("phone\n+86 137 1234 5002\n", encoding="utf-8")
    import_dnc(session, dnc)
    session.commit()
    # the number mixes half- and full-width digits: it is the listed number all the same
    res = _reimport(session, tmp_path, "external_id,name,phone\nC01,张伟,137１２３４5002\n")
    assert (res.updated, res.dnc_closed) == (1, 1)
    assert _items(session, "C01") == ["closed"]
    assert _customer(session, "C01").phone == "+8613712345002"
    audit = session.scalars(select(m.AuditLog.action).where(
        m.AuditLog.action == "queue.close")).all()
    assert audit == ["queue.close"]


def test_fewer_columns_keep_the_rest(session: Session, tmp_path: Path) -> None:
    exts = ["C01", "C02", "C03", "C04", "C05"]
    before = {e: {k: getattr(_customer(session, e), k) for k in KEPT} for e in exts}
    rows = "".join(f"{e},New {e},1381234{9000 + i}\n" for i, e in enumerate(exts))
    res = _reimport(session, tmp_path, "external_id,name,phone\n" + rows)
    assert (res.updated, res.unchanged, res.inserted) == (5, 0, 0)
    for i, e in enumerate(exts):
        c = _customer(session, e)
        assert (c.name, c.phone) == (f"New {e}", f"+861381234{9000 + i}")
        assert {k: getattr(c, k) for k in KEPT} == before[e], e
    # the same file again changes nothing, and says so
    res = _reimport(session, tmp_path, "external_id,name,phone\n" + rows)
    assert (res.updated, res.unchanged) == (0, 5)
    assert "0 updated, 5 unchanged" in res.summary()


def test_a_changed_plan_splits_the_kept_usage_again(session: Session, tmp_path: Path) -> None:
    c = _customer(session, "C02")
    total = [u["data_mb_in_plan"] + u["data_mb_out_of_plan"] for u in c.usage]
    _reimport(session, tmp_path, "external_id,name,phone,plan_data_mb\n"
              "C02,王芳,+86 138 1234 0002,10240\n")
    c = _customer(session, "C02")
    assert [u["data_mb_out_of_plan"] for u in c.usage] == [0.0, 0.0, 0.0]
    assert [u["data_mb_in_plan"] for u in c.usage] == total
    assert c.plan_fit == "A"  # far under the bigger plan


def test_replace_blanks_what_the_file_lacks_and_says_so_first(session: Session,
                                                              tmp_path: Path) -> None:
    said: list[list[str]] = []
    res = _reimport(session, tmp_path, "external_id,name,phone\nC01,张伟,13812340001\n",
                    replace=True, announce=said.append)
    assert said and "region" in said[0] and "usage" in said[0] and res.blanked == said[0]
    c = _customer(session, "C01")
    assert (c.region, c.plan_name, c.usage, c.star_level) == ("", "", [], 0)


def test_changed_segment_flags_the_open_items(session: Session, tmp_path: Path) -> None:
    _plan_and_assign(session)
    item = session.scalars(select(m.QueueItem.id).join(
        m.Customer, m.Customer.id == m.QueueItem.customer_id).where(
        m.Customer.external_id == "C01")).one()
    res = _reimport(session, tmp_path,
                    "external_id,name,phone,network_gen\nC01,张伟,13812340001,5G\n")
    assert res.stale_items == [item]
    assert "plan the campaign again" in res.summary()
    assert session.scalars(select(m.AuditLog.entity_id).where(
        m.AuditLog.action == "queue.reasons_stale")).all() == [item]
    assert _items(session, "C01") == ["open"]  # still callable, flagged for the planner


def test_summary_counts_before_after_and_reasons(session: Session, tmp_path: Path) -> None:
    res = _reimport(session, tmp_path, "external_id,name,phone,star_level\n"
                    "C01,张伟,13812340001,4\nN1,新,13912345678,1\nN2,坏,12345,1\n"
                    "N3,坏,13912345679,9\nN4,坏,1391234,x\n")
    assert (res.customers_before, res.customers_after) == (12, 13)
    assert (res.inserted, res.unchanged, res.rejected) == (1, 1, 3)
    assert res.rejected_by_reason() == {"phone": 2, "star_level": 1}
    assert "rejected (phone 2, star_level 1); customers on file: 12 before, 13 after" \
        in res.summary()


# ------------------------------------------------------------------ the admin API


def test_api_reimport_with_a_dnc_number_reaches_the_agents_pull(api: Api,
                                                                tmp_path: Path) -> None:
    admin = api.headers(api.account("admin")["username"])
    agent = api.account("agent", 0)["username"]
    page = api.pull_all(agent)
    item = next(q for q in page["queue_items"].values() if q["status"] == "open")
    ext = item["customer"]["external_id"]
    r = api.client.post("/api/v1/admin/dnc/import", params={"filename": "d.csv"},
                        content=b"phone\n+86 137 1234 5002\n", headers=admin)
    assert r.status_code == 200, r.text
    body = (f"external_id,name,phone\n{ext}\u00a0,{item['customer']['name']},137１２３４5002\n"
            "N9,坏,12345\n")
    r = api.client.post("/api/v1/admin/customers/import", params={"filename": "c.csv"},
                        content=body.encode(), headers=admin)
    assert r.status_code == 200, r.text
    rep = r.json()
    assert (rep["inserted"], rep["updated"], rep["dnc_closed"]) == (0, 1, 1)
    assert (rep["rejected"], rep["rejected_by_reason"]) == (1, {"phone": 1})
    assert rep["customers_before"] == rep["customers_after"] > 0
    assert "1 updated" in rep["summary"]
    after = api.pull_all(agent, since=page["cursor"])
    assert after["queue_items"][item["id"]]["status"] == "closed"
    assert after["queue_items"][item["id"]]["customer"]["phone"] == "+8613712345002"


# ------------------------------------------------------------------ the CLI


def test_cli_replace_says_so_first_and_prints_the_summary(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from server.cli import main

    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    args = ["--database-url", url, "--today", TODAY.isoformat()]
    assert main(["import-customers", str(SMALL), "--errors", str(tmp_path / "e.csv"),
                 *args]) == 0
    out = capsys.readouterr().out
    assert "17 rows read: 12 new, 0 updated, 0 unchanged, 5 rejected (" in out
    assert "customers on file: 0 before, 12 after" in out
    f = tmp_path / "few.csv"
    f.write_text("external_id,name,phone\nC01,张伟,13812340001\n", encoding="utf-8")
    assert main(["import-customers", str(f), "--replace", *args]) == 0
    got = capsys.readouterr()
    assert got.err.startswith("--replace: ") and "region" in got.err
    assert "1 updated" in got.out
    g = tmp_path / "comma.csv"
    g.write_text('external_id,name,phone,arpu_yuan\nC01,张伟,13812340001,"58,5"\n',
                 encoding="utf-8")
    assert main(["import-customers", str(g), "--decimal-comma", *args]) == 0
    assert "1 updated" in capsys.readouterr().out
    engine = make_engine(url)
    with session_factory(engine)() as s:
        assert _customer(s, "C01").arpu_yuan == 58.5
    engine.dispose()


# ------------------------------------------------------------------ the admin edit


def test_admin_edit_to_a_dnc_number_closes_the_item_and_reaches_the_pull(
        api: Api) -> None:
    admin = api.headers(api.account("admin")["username"])
    agent = api.account("agent", 0)["username"]
    page = api.pull_all(agent)
    items = [q for q in page["queue_items"].values() if q["status"] == "open"]
    item, other = items[0], items[1]
    ext = item["customer"]["external_id"]
    r = api.client.post("/api/v1/admin/dnc/import", params={"filename": "d.csv"},
                        content=b"phone\n+86 137 1234 5002\n", headers=admin)
    assert r.status_code == 200, r.text
    url = f"/api/v1/admin/customers/{ext}"
    # an agent may not edit; a bad number is a 422 and changes nothing
    assert api.client.patch(url, json={"name": "x"}, headers=api.headers(agent)) \
        .status_code == 403
    r = api.client.patch(url, json={"phone": "12345"}, headers=admin)
    assert r.status_code == 422 and r.json()["code"] == "invalid_value"
    assert api.client.patch("/api/v1/admin/customers/NOPE", json={"name": "x"},
                            headers=admin).status_code == 404
    # a plain edit: the agent's desktop gets the new name, the item stays open
    r = api.client.patch(f"/api/v1/admin/customers/{other['customer']['external_id']}",
                         json={"name": "新名字"}, headers=admin)
    assert r.status_code == 200 and r.json()["items_closed"] == 0
    # the new number is listed: the item closes in the same transaction
    r = api.client.patch(url, json={"phone": "137１２３４\u200b5002"}, headers=admin)
    assert r.status_code == 200, r.text
    assert r.json() == {"external_id": ext, "phone": "+8613712345002", "do_not_call": True,
                        "items_closed": 1}
    after = api.pull_all(agent, since=page["cursor"])
    assert after["queue_items"][item["id"]]["status"] == "closed"
    assert after["queue_items"][other["id"]]["customer"]["name"] == "新名字"
    assert after["queue_items"][other["id"]]["status"] == "open"
