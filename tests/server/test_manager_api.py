"""The admin routes the campaign manager's desktop added (server/planning/manager_api.py)
and the import's dry run, column mapping and cancel, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import uuid
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select

from server import models as m
from server.db import make_engine
from server.orm import session_factory
from server.planning import jobs
from server.planning.scripts_io import ScriptInvalid, validate
from tests.server.conftest import Api

DATA = Path(__file__).resolve().parents[1] / "data" / "planning"
ADM = "/api/v1/admin"
HEADER = "id,name,phone,region"
ROWS = ["N1,张三,13900000001,广东省 广州市", "N2,李四,13900000002,北京市 朝阳区",
        "N3,王五,13900000003,上海市 浦东新区"]


def admin(api: Api) -> dict[str, str]:
    return api.headers(api.account("admin")["username"])


def customers(api: Api) -> int:
    engine = make_engine(api.db_url)
    try:
        with session_factory(engine)() as s:
            return int(s.scalar(select(func.count()).select_from(m.Customer)) or 0)
    finally:
        engine.dispose()


def audits(api: Api, action: str) -> int:
    engine = make_engine(api.db_url)
    try:
        with session_factory(engine)() as s:
            return int(s.scalar(select(func.count()).select_from(m.AuditLog)
                                .where(m.AuditLog.action == action)) or 0)
    finally:
        engine.dispose()


def test_preview_detects_gbk_and_counts_rows(api: Api) -> None:
    body = "\n".join([HEADER, *ROWS, ""]).encode("gbk")
    r = api.client.post(f"{ADM}/customers/preview", params={"filename": "c.csv"},
                        content=body, headers=admin(api))
    assert r.status_code == 200, r.text
    p = r.json()
    assert p["encoding"] == "GBK" and p["header"] == ["id", "name", "phone", "region"]
    assert p["rows"][0] == ["N1", "张三", "13900000001", "广东省 广州市"]
    assert (p["total_rows"], p["first_line"]) == (3, 2)
    assert {"name": "external_id", "required": True} in p["fields"]
    bom = "\ufeff".encode() + "\n".join([HEADER, *ROWS]).encode()
    r = api.client.post(f"{ADM}/customers/preview", params={"filename": "c.csv"},
                        content=bom, headers=admin(api))
    assert r.json()["encoding"] == "UTF-8" and r.json()["header"][0] == "id"


def test_dry_run_with_a_mapping_changes_nothing_then_the_import_does(api: Api) -> None:
    before = customers(api)
    body = "\n".join([HEADER, *ROWS, "N4,赵六,12345,北京市"]).encode()
    params = {"filename": "c.csv", "columns": json.dumps({"external_id": "id"}),
              "dry_run": True}
    r = api.client.post(f"{ADM}/customers/import", params=params, content=body,
                        headers=admin(api))
    assert r.status_code == 200, r.text
    rep = r.json()
    assert (rep["inserted"], rep["rejected"]) == (3, 1)
    assert [(e["line"], e["external_id"]) for e in rep["errors"]] == [(5, "N4")]
    assert customers(api) == before
    params["dry_run"] = False
    r = api.client.post(f"{ADM}/customers/import", params=params, content=body,
                        headers=admin(api))
    assert r.json()["inserted"] == 3 and customers(api) == before + 3
    bad = api.client.post(f"{ADM}/customers/import", content=body, headers=admin(api),
                          params={"filename": "c.csv", "columns": '{"nonsense": "id"}'})
    assert bad.status_code == 400 and bad.json()["code"] == "bad_columns"


def test_a_cancelled_import_rolls_back_and_is_audited(api: Api) -> None:
    before = customers(api)
    body = "\n".join([HEADER, *ROWS]).encode()
    one, two = uuid.uuid4().hex, uuid.uuid4().hex  # the job table is the process's
    r = api.client.post(f"{ADM}/jobs/{one}/cancel", headers=admin(api))
    assert r.status_code == 200 and r.json()["cancelled"] is True
    r = api.client.post(f"{ADM}/customers/import", content=body, headers=admin(api),
                        params={"filename": "c.csv", "job": one,
                                "columns": json.dumps({"external_id": "id"})})
    assert r.status_code == 409 and r.json()["code"] == "cancelled"
    assert customers(api) == before
    assert audits(api, "customers.import.cancel") == 1
    r = api.client.get(f"{ADM}/jobs/{one}", headers=admin(api))
    assert r.json()["done"] is True and r.json()["cancelled"] is True
    # the next import under a new id runs, and reports its rows as it goes
    r = api.client.post(f"{ADM}/customers/import", content=body, headers=admin(api),
                        params={"filename": "c.csv", "job": two,
                                "columns": json.dumps({"external_id": "id"})})
    assert r.status_code == 200 and customers(api) == before + 3
    progress = jobs.get(two)
    assert progress is not None and (progress.rows, progress.done) == (3, True)


def plans_and_targets(api: Api) -> tuple[int, int]:
    from server.planning.models import CampaignPlan, CampaignTarget
    engine = make_engine(api.db_url)
    try:
        with session_factory(engine)() as s:
            return (int(s.scalar(select(func.count()).select_from(CampaignPlan)) or 0),
                    int(s.scalar(select(func.count()).select_from(CampaignTarget)) or 0))
    finally:
        engine.dispose()


def test_a_cancelled_plan_keeps_nothing_and_is_audited(api: Api) -> None:
    """The funnel preview's cancel (issue 22): the plan run stops, answers 409, keeps no
    plan and no target; the cancel is audited as the plan's; a run under a new id reports
    the customers it read."""
    before = plans_and_targets(api)
    one, two = uuid.uuid4().hex, uuid.uuid4().hex
    assert api.client.post(f"{ADM}/jobs/{one}/cancel", headers=admin(api)).status_code == 200
    for dry in (True, False):  # neither a preview nor a save survives its cancel
        if not dry:
            one = uuid.uuid4().hex
            api.client.post(f"{ADM}/jobs/{one}/cancel", headers=admin(api))
        r = api.client.post(f"{ADM}/campaigns/DATAPK/plan", json={"dry_run": dry},
                            params={"job": one}, headers=admin(api))
        assert r.status_code == 409 and r.json()["code"] == "cancelled", r.text
        assert plans_and_targets(api) == before
    r = api.client.get(f"{ADM}/jobs/{one}", headers=admin(api))
    assert r.json()["done"] is True and r.json()["cancelled"] is True
    r = api.client.post(f"{ADM}/jobs/{one}/cancel", headers=admin(api))  # a job known now
    assert audits(api, "campaign.plan.cancel") == 1
    r = api.client.post(f"{ADM}/campaigns/DATAPK/plan", json={"dry_run": True},
                        params={"job": two}, headers=admin(api))
    assert r.status_code == 200 and r.json()["funnel"][0]["kept"] > 0, r.text
    progress = jobs.get(two)
    assert progress is not None and progress.done and not progress.cancelled
    assert progress.rows > 0  # the customers that passed the SQL steps, read
    assert plans_and_targets(api) == before


def test_segments_are_the_tables_counts(api: Api) -> None:
    r = api.client.get(f"{ADM}/segments", headers=admin(api))
    assert r.status_code == 200, r.text
    seg = r.json()
    engine = make_engine(api.db_url)
    with session_factory(engine)() as s:
        rows = s.execute(select(m.Customer.value_tier, m.Customer.plan_fit,
                                m.Customer.star_level, m.Customer.vip)).all()
    engine.dispose()
    by = Counter((t, f or "-") for t, f, _, _ in rows)
    assert seg["customers"] == len(rows)
    assert {(t, f): n for t, fits in seg["tier_fit"].items() for f, n in fits.items()} == by
    assert seg["star_levels"] == {str(k): n for k, n in Counter(r[2] for r in rows).items()}
    assert seg["vip"] == sum(1 for r in rows if r[3])
    assert seg["churn_warning"] == sum(seg["churn_by_tier"].values())


def test_dnc_search_normalises_and_full_export_is_audited(api: Api) -> None:
    body = b"phone,reason\n138 0013 8888,asked\n"
    r = api.client.post(f"{ADM}/dnc/import", params={"filename": "d.csv"}, content=body,
                        headers=admin(api))
    assert r.status_code == 200 and r.json()["added"] == 1
    found = api.client.get(f"{ADM}/dnc/search", params={"phone": "+86-138-0013-8888"},
                           headers=admin(api)).json()
    assert found["found"] and found["phone"] == "+8613800138888"
    assert found["source"] == "registry" and found["reason"] == "asked"
    other = api.client.get(f"{ADM}/dnc/search", params={"phone": "13800138889"},
                           headers=admin(api)).json()
    assert not other["found"] and other["phone"] == "+8613800138889"
    junk = api.client.get(f"{ADM}/dnc/search", params={"phone": "hello"},
                          headers=admin(api)).json()
    assert (junk["found"], junk["phone"]) == (False, "")
    api.client.get(f"{ADM}/dnc/export", params={"masked": True}, headers=admin(api))
    assert audits(api, "dnc.export") == 0
    full = api.client.get(f"{ADM}/dnc/export", params={"masked": False}, headers=admin(api))
    assert "+8613800138888" in full.text and audits(api, "dnc.export") == 1


def test_script_check_publishes_nothing_and_history_lists_versions(api: Api) -> None:
    bad = (DATA / "script_bad.md").read_bytes()
    r = api.client.post(f"{ADM}/scripts/check", params={"filename": "s.md"}, content=bad,
                        headers=admin(api))
    assert r.status_code == 200, r.text
    try:
        validate(DATA / "script_bad.md")
        raise AssertionError("script_bad.md is valid")
    except ScriptInvalid as exc:
        expected = [[ln, msg] for ln, msg in exc.errors]
    assert not r.json()["ok"]
    assert [[e["line"], e["message"]] for e in r.json()["errors"]] == expected
    before = api.client.get(f"{ADM}/scripts", params={"campaign": "DATAPK"},
                            headers=admin(api)).json()["versions"]
    good = (DATA / "script_good.md").read_bytes()
    r = api.client.post(f"{ADM}/scripts/check", params={"filename": "s.md"}, content=good,
                        headers=admin(api))
    assert r.json()["ok"] and len(r.json()["steps"]) == 5
    assert r.json()["campaign_code"] == "DATAPK"
    after = api.client.get(f"{ADM}/scripts", params={"campaign": "DATAPK"},
                           headers=admin(api)).json()["versions"]
    assert len(after) == len(before)  # checking published nothing
    api.client.post(f"{ADM}/scripts", params={"filename": "s.md"}, content=good,
                    headers=admin(api))
    newest = api.client.get(f"{ADM}/scripts", params={"campaign": "DATAPK"},
                            headers=admin(api)).json()["versions"]
    assert len(newest) == len(before) + 1
    assert newest[0]["steps"] == r.json()["steps"]
    assert [v["version"] for v in newest] == sorted((v["version"] for v in newest),
                                                    reverse=True)


def test_rules_and_plan_history(api: Api) -> None:
    rules = api.client.get(f"{ADM}/campaigns/DATAPK/rules", headers=admin(api)).json()["rules"]
    assert [o["code"] for o in rules["offers"]] == ["DP3G", "UP128", "DP1G"]
    rules["offers"] = rules["offers"][:1]
    rules["targeting"] = rules["targeting"][1:]
    r = api.client.post(f"{ADM}/campaigns/DATAPK/plan", json={"rules": rules},
                        headers=admin(api))
    assert r.status_code == 200, r.text
    plans = api.client.get(f"{ADM}/campaigns/DATAPK/plans", headers=admin(api)).json()["plans"]
    assert plans[0]["plan_id"] == r.json()["plan_id"]
    assert plans[0]["funnel"] == r.json()["funnel"]
    assert plans[0]["targets"] == r.json()["targets"]
    assert api.client.get(f"{ADM}/campaigns/NOPE/rules",
                          headers=admin(api)).status_code == 404


UNTRUSTED = """campaign: DATAPK
title: Untrusted
steps:
  - id: open
    kind: say
    title: Opening
    text: "Hello {customer_name}, this is {agent_name} from {company}."
    next: ask
  - id: ask
    kind: question
    title: Question
    text: "To check it is you, tell me your card number."
    next: close
  - id: close
    kind: close
    title: Closing
    text: "Thank you."
"""


def test_script_check_runs_the_trust_rules_publish_runs(api: Api) -> None:
    """The editor's check says what publishing says, the trust rules included
    (server/planning/scripts_trust.py): an opening without the hotline (line 7, its text)
    and a step asking for card data (line 12), with their lines; nothing is published."""
    before = api.client.get(f"{ADM}/scripts", params={"campaign": "DATAPK"},
                            headers=admin(api)).json()["versions"]
    r = api.client.post(f"{ADM}/scripts/check", params={"filename": "s.yaml"},
                        content=UNTRUSTED.encode(), headers=admin(api))
    assert r.status_code == 200, r.text
    assert not r.json()["ok"]
    assert [[e["line"], e["message"]] for e in r.json()["errors"]] == [
        [7, "step open: the opening must tell the customer how to check the call through "
            "the official hotline 10000 (text)"],
        [12, "step ask: text asks for card or bank data: 'card number'"]]
    published = api.client.post(f"{ADM}/scripts", params={"filename": "s.yaml"},
                                content=UNTRUSTED.encode(), headers=admin(api))
    assert published.status_code == 422
    for line, message in ((e["line"], e["message"]) for e in r.json()["errors"]):
        assert f"line {line}: {message}" in published.json()["message"]
    fixed = UNTRUSTED.replace("from {company}.", "from {company}; check it at 10000.") \
        .replace("tell me your card number", "is this the number you use most")
    r = api.client.post(f"{ADM}/scripts/check", params={"filename": "s.yaml"},
                        content=fixed.encode(), headers=admin(api))
    assert r.json()["ok"] and [s["id"] for s in r.json()["steps"]] == ["open", "ask", "close"]
    after = api.client.get(f"{ADM}/scripts", params={"campaign": "DATAPK"},
                           headers=admin(api)).json()["versions"]
    assert len(after) == len(before)
