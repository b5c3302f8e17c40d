"""Issue 22's rule corrections for big customers, against hand-computed figures, on SQLite
and PostgreSQL: the fee churn warning (any one service -20 % or the total -10 % against
the mean of the two months before, big customers only), the six big-customer tiers,
account managers from the import file, and the cause-analysis tasks each warning on an
owned or big customer opens (once), closed with a finding."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from server import models as m
from server.auth import hash_password
from server.db import make_engine, utcnow
from server.errors import ApiError
from server.orm import session_factory
from server.planning import bigcust, churn_tasks, ownership
from server.planning.importing import import_customers
from server.planning.manager_api import segment_counts
from server.planning.models import AccountOwner, ChurnTask
from server.planning.targeting import plan_campaign
from tests.server.conftest import Api
from wire.schema import Role

TODAY = date(2026, 11, 23)


def _fees(**services: tuple[float, float, float]) -> dict[str, list[float]]:
    return {s: list(v) for s, v in services.items()}


# ------------------------------------------------------------------ the rule, by hand


@pytest.mark.parametrize(("last", "drop", "warn"), [
    (80.1, 0.199, False),   # -19.9 %
    (80.0, 0.2, True),      # -20 % exactly (1 - 0.8 = 0.1999..., rounded: 20 %)
    (79.9, 0.201, True),    # -20.1 %
])
def test_one_service_at_and_past_20_percent(last: float, drop: float, warn: bool) -> None:
    # voice 100, 100 -> last; data 300 flat keeps the total's drop under 10 %
    # (400 -> 380.1 is -4.975 %)
    got = bigcust.fee_signals(_fees(voice=(100, 100, last), data=(300, 300, 300)), "gold")
    assert got["fee_drop"] == drop and got["fee_drop_service"] == "voice"
    assert got["fee_total_drop"] < 0.10
    assert got["fee_warning"] == (1.0 if warn else 0.0)


@pytest.mark.parametrize(("data_last", "total", "warn"), [
    (90.0, 0.1, True),     # 200 -> 180: -10 %, each service only -10 %
    (90.2, 0.099, False),  # 200 -> 180.2: -9.9 %
    (89.8, 0.101, True),   # 200 -> 179.8: -10.1 %
])
def test_total_at_and_past_10_percent(data_last: float, total: float, warn: bool) -> None:
    got = bigcust.fee_signals(_fees(voice=(100, 100, 90), data=(100, 100, data_last)), "gem")
    assert got["fee_total_drop"] == total
    assert got["fee_drop"] < 0.20
    assert got["fee_warning"] == (1.0 if warn else 0.0)


def test_reference_is_the_mean_of_the_two_months_before() -> None:
    # 120, 80 -> 80: against the mean (100) -20 %; against the month before alone 0 %
    got = bigcust.fee_signals(_fees(tv=(120, 80, 80)), "crystal")
    assert (got["fee_drop"], got["fee_warning"]) == (0.2, 1.0)
    # 80, 120 -> 96: mean 100, -4 %; against the month before -20 %: no warning
    assert bigcust.fee_signals(_fees(tv=(80, 120, 96)), "crystal")["fee_warning"] == 0.0


def test_only_big_customers_and_only_known_fees() -> None:
    falling = _fees(voice=(100, 100, 50))
    assert bigcust.fee_signals(falling, "")["fee_warning"] == 0.0  # not a big customer
    assert bigcust.fee_signals(falling, "diamond")["fee_warning"] == 1.0
    # a new service (no reference) never warns; growth is a negative drop
    got = bigcust.fee_signals(_fees(broadband=(0, 0, 60), voice=(50, 50, 60)), "diamond")
    assert got["fee_warning"] == 0.0 and got["fee_drop"] == 0.0


def test_tiers() -> None:
    assert [bigcust.tier_of(t) for t in ("Diamond", "翡翠", "白金", "gem", "黄金", "水晶")] \
        == list(bigcust.BIG_TIERS)
    assert bigcust.tier_of("ruby") is None
    assert [bigcust.tier_rank(t) for t in (*bigcust.BIG_TIERS, "")] == [6, 5, 4, 3, 2, 1, 0]


# ------------------------------------------------------------------ import, tasks, plan

HEAD = ("external_id,name,phone,big_tier,account_manager,m1_voice_fee_yuan,"
        "m2_voice_fee_yuan,m3_voice_fee_yuan,m1_data_fee_yuan,m2_data_fee_yuan,"
        "m3_data_fee_yuan,m1_spend_yuan,m2_spend_yuan,m3_spend_yuan,arrears_yuan\n")
ROWS = [
    "B1,甲,13900000101,diamond,km1,100,100,80.1,100,100,100,,,,0",  # -19.9 %, total -9.95 %
    "B2,乙,13900000102,翡翠,km1,100,100,80,300,300,300,,,,0",       # voice -20 %: fee task
    "B4,丙,13900000104,gold,,100,100,90,100,100,90,,,,0",           # total -10 %: fee task
    "B6,丁,13900000106,,km1,100,100,50,,,,,,,0",                    # owned, no tier: no fee
    "X1,戊,13900000107,crystal,ag1,,,,,,,,,,0",                     # line 6: an agent
    "X2,己,13900000108,ruby,km1,,,,,,,,,,0",                        # line 7: no such tier
    "S1,庚,13900000109,,km1,,,,,,,100,100,80,0",                    # spend -20 %: spend task
    "B8,辛,13900000110,gold,,100,100,90,100,100,90,,,,50",          # as B4, owes 50 yuan
]


def _user(s: Session, name: str, role: Role) -> m.User:
    u = m.User(username=name, display_name=name, role=role.value, team_id=None,
               password_hash=hash_password("x"), active=True, created_at=utcnow())
    s.add(u)
    s.flush()
    return u


@pytest.fixture
def world(db_url: str, tmp_path: Path) -> Iterator[tuple[Session, Path, Any]]:
    f = tmp_path / "big.csv"
    f.write_text(HEAD + "\n".join(ROWS) + "\n", encoding="utf-8")
    engine = make_engine(db_url)
    with session_factory(engine)() as s:
        _user(s, "km1", Role.TEAM_LEAD)
        _user(s, "km2", Role.TEAM_LEAD)
        _user(s, "ag1", Role.AGENT)
        _user(s, "boss", Role.ADMIN)
        s.commit()
        res = import_customers(s, f, today=TODAY, report=tmp_path / "e.csv")
        s.commit()
        yield s, f, res
    engine.dispose()


def _tasks(s: Session) -> set[tuple[str, str, str | None, float]]:
    users = {i: u for i, u in s.execute(select(m.User.id, m.User.username))}
    return {(ext, t.cause, users.get(t.manager_id or ""),
             (t.due_at - t.opened_at) / timedelta(hours=1))
            for t, ext in s.execute(select(ChurnTask, m.Customer.external_id).join(
                m.Customer, m.Customer.id == ChurnTask.customer_id))}


def test_import_sets_tiers_fees_owners_and_opens_tasks(world: tuple[Session, Path, Any]
                                                       ) -> None:
    s, f, res = world
    assert res.inserted == 6
    assert [(line, ext, reason.split(":")[0]) for line, ext, reason in res.errors] == [
        (6, "X1", "account_manager"), (7, "X2", "big_tier")]
    assert "'ag1' is not an active team lead or admin account" in res.errors[0][2]
    rows = {e: (t, fees) for e, t, fees in s.execute(
        select(m.Customer.external_id, m.Customer.big_tier, m.Customer.service_fees))}
    assert rows["B2"] == ("emerald", {"voice": [100.0, 100.0, 80.0],
                                      "data": [300.0, 300.0, 300.0]})
    assert rows["B6"] == ("", {"voice": [100.0, 100.0, 50.0]})
    assert rows["S1"] == ("", {})
    # ownership as PUT .../account-manager sets it: same table, same audit
    owned = set(s.scalars(select(m.Customer.external_id).join(
        AccountOwner, AccountOwner.customer_id == m.Customer.id)))
    assert owned == {"B1", "B2", "B6", "S1"} and res.owners_set == 4
    assert s.scalar(select(func.count()).select_from(m.AuditLog).where(
        m.AuditLog.action == "customer.owner")) == 4
    # the tasks: fee rule on big customers, spend rule on owned ones; due = tier's hours
    assert _tasks(s) == {("B2", "fee", "km1", 4.0), ("B4", "fee", None, 48.0),
                         ("B8", "fee", None, 48.0), ("S1", "spend", "km1", 120.0)}
    assert res.tasks_opened == 4
    # each task opened is in the audit log, with its customer and cause
    logged = {(a.entity_id, a.detail["customer_id"], a.detail["cause"]) for a in s.scalars(
        select(m.AuditLog).where(m.AuditLog.action == "churn_task.open"))}
    assert logged == {(t.id, t.customer_id, t.cause) for t in s.scalars(select(ChurnTask))}
    # importing again and planning again open nothing new, own nothing anew
    again = import_customers(s, f, today=TODAY, report=f.with_suffix(".e2"))
    assert (again.tasks_opened, again.owners_set, again.unchanged) == (0, 0, 6)
    assert plan_campaign(s, _rules(), today=TODAY).tasks_opened == 0
    assert len(_tasks(s)) == 4
    # segmentation counts: big tiers, fee warnings, either warning per big tier
    seg = segment_counts(s)
    assert seg.big_tiers == {"diamond": 1, "emerald": 1, "platinum": 0, "gem": 0, "gold": 2,
                             "crystal": 0}
    assert seg.fee_warning == 3
    assert seg.churn_by_big_tier == {"diamond": 0, "emerald": 1, "platinum": 0, "gem": 0,
                                     "gold": 2, "crystal": 0}
    assert seg.churn_warning == 4  # B2, B4, B8 (fee), S1 (spend)


def test_tasks_are_listed_per_manager_and_closed_once(world: tuple[Session, Path, Any]
                                                      ) -> None:
    s, f, _ = world
    km1, km2, boss = (s.scalars(select(m.User).where(m.User.username == n)).one()
                      for n in ("km1", "km2", "boss"))
    mine = churn_tasks.list_tasks(s, km1)
    assert sorted((t.external_id, t.cause, t.big_tier) for t in mine) == [
        ("B2", "fee", "emerald"), ("S1", "spend", "")]
    assert churn_tasks.list_tasks(s, km2) == []
    assert len(churn_tasks.list_tasks(s, boss)) == 4
    b2 = next(t for t in mine if t.external_id == "B2")
    assert b2.detail == {"fee_drop": 0.2, "fee_drop_service": "voice",
                         "fee_total_drop": 0.05}
    with pytest.raises(ApiError) as exc:
        churn_tasks.close(s, b2.id, actor=km2, finding="not mine")
    assert exc.value.status == 403
    out = churn_tasks.close(s, b2.id, actor=km1, finding="moved voice to a rival; offer "
                                                         "a family pack")
    assert (out.status, out.closed_by, out.manager) == ("closed", "km1", "km1")
    with pytest.raises(ApiError) as exc:
        churn_tasks.close(s, b2.id, actor=boss, finding="again")
    assert exc.value.status == 409
    assert s.scalar(select(func.count()).select_from(m.AuditLog).where(
        m.AuditLog.action == "churn_task.close", m.AuditLog.entity_id == b2.id)) == 1
    s.commit()
    # the same figures do not open it again; a new month's figures do
    assert import_customers(s, f, today=TODAY, report=f.with_suffix(".e2")).tasks_opened == 0
    f.write_text(HEAD + ROWS[1].replace(",80,300", ",70,300") + "\n", encoding="utf-8")
    assert import_customers(s, f, today=TODAY, report=f.with_suffix(".e3")).tasks_opened == 1
    assert [t.external_id for t in churn_tasks.list_tasks(s, km1)] == ["B2", "S1"]
    # a new owner takes the open tasks with the customer
    ownership.set_owner(s, "S1", "km2", actor_id=boss.id)
    assert [t.external_id for t in churn_tasks.list_tasks(s, km2)] == ["S1"]


def _rules() -> dict[str, Any]:
    return {
        "campaign": {"code": "BIGRET", "name": "Big customer retention", "name_zh": "大客户挽留"},
        "targeting": [{"when": {"big_tier": ["gold", "emerald"]}},
                      {"when": {"fee_warning": 1}}],
        "exclusions": {},
        "offers": [
            {"code": "BRDISC", "name": "Retention discount", "name_zh": "挽留优惠",
             "price_yuan": 0, "priority": 90, "retention_discount": True, "when": {},
             "reason": "fees down {fee_total_drop}", "reason_zh": "费用下降"},
            {"code": "BRCARE", "name": "Care call", "name_zh": "关怀", "price_yuan": 0,
             "priority": 50, "when": {"big_tier_rank": {"min": 2}}, "reason": "care",
             "reason_zh": "关怀"},
        ],
    }


def test_rule_features_and_no_discount_for_arrears(world: tuple[Session, Path, Any]) -> None:
    s, _, _ = world
    res = plan_campaign(s, _rules(), dry_run=True, today=TODAY)
    steps = [(x.name, x.kept) for x in res.funnel]
    assert steps[2] == ("big_tier in gold/emerald", 3)  # in SQL: B2, B4, B8
    assert steps[3][1] == 3  # all three on the fee line
    assert (ownership.STEP, 2) in steps  # B2 is kept by km1
    ext = {c.id: c.external_id for c in s.scalars(select(m.Customer))}
    offers = {o.id: o.code for o in s.scalars(select(m.Offer))}
    got = {ext[t["customer_id"]]: [offers[r["offer_id"]] for r in t["recommendations"]]
           for t in res.targets}
    # B8 owes 50 yuan (malicious churn): never the retention discount
    assert got == {"B4": ["BRDISC", "BRCARE"], "B8": ["BRCARE"]}
    assert json.dumps(res.targets[0]["recommendations"][0]["reason"]) \
        == '"fees down 0.1"'


# ------------------------------------------------------------------ over HTTP


def test_routes_list_and_close(api: Api, tmp_path: Path) -> None:
    admin = api.headers(api.account("admin")["username"])
    lead = api.account("team_lead")["username"]
    body = (HEAD + f"H1,壬,13900000201,platinum,{lead},200,200,150,,,,,,,0\n"
            "H2,癸,13900000202,platinum,nobody,,,,,,,,,,0\n").encode()
    r = api.client.post("/api/v1/admin/customers/import", params={"filename": "h.csv"},
                        content=body, headers=admin)
    assert r.status_code == 200, r.text
    rep = r.json()
    assert (rep["inserted"], rep["owners_set"], rep["tasks_opened"]) == (1, 1, 1)
    assert rep["errors"][0]["line"] == 3 and "account_manager" in rep["errors"][0]["reason"]
    r = api.client.get("/api/v1/churn-tasks", headers=api.headers(lead))
    assert r.status_code == 200, r.text
    [task] = [t for t in r.json() if t["external_id"] == "H1"]
    assert (task["cause"], task["big_tier"], task["manager"]) == ("fee", "platinum", lead)
    agent = api.headers(api.account("agent")["username"])
    assert api.client.get("/api/v1/churn-tasks", headers=agent).status_code == 403
    url = f"/api/v1/churn-tasks/{task['id']}/close"
    assert api.client.post(url, json={"finding": ""}, headers=admin).status_code == 422
    r = api.client.post(url, json={"finding": "price"}, headers=api.headers(lead))
    assert r.status_code == 200 and r.json()["status"] == "closed"
    r = api.client.get("/api/v1/churn-tasks", params={"status": "closed"}, headers=admin)
    assert [t["finding"] for t in r.json() if t["id"] == task["id"]] == ["price"]


def test_the_task_check_reads_big_customers_through_their_index(
        world: tuple[Session, Path, Any]) -> None:
    """The check after an import or a plan finds the big customers through the partial
    index (0024) rather than a scan of every customer (a second of a million-customer
    import): the query's predicate must imply the index's."""
    s, _, _ = world
    seen: list[tuple[str, Any]] = []

    def keep(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if "FROM customers" in statement:
            seen.append((statement, params))

    engine = s.get_bind()
    event.listen(engine, "before_cursor_execute", keep)
    try:
        churn_tasks.open_for_warnings(s, actor_id=None)
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    # the big ones through the partial index, the owned ones by id (a join with
    # account_owners was a scan of every customer on SQLite, even with no owner)
    owned = s.scalar(select(func.count()).select_from(AccountOwner))
    assert owned and len(seen) == 2
    conn = s.connection()
    plans = []
    for statement, params in seen:
        if conn.dialect.name == "sqlite":
            plans.append(" ".join(str(r[-1]) for r in conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN " + statement, params)))
        else:
            conn.exec_driver_sql("SET LOCAL enable_seqscan = off")  # a few rows: any plan
            plans.append(" ".join(str(r[0]) for r in conn.exec_driver_sql(
                "EXPLAIN " + statement, params)))
    s.rollback()
    assert "ix_customers_big_tier" in plans[0], plans
    assert "SCAN customers" not in plans[1] and "Seq Scan" not in plans[1], plans
