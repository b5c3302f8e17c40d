"""Script variants by segment end to end (issue 22), on the real server over loopback:
an admin imports two of an agent's customers' segment fields and publishes a script with
two variants and a default; the agent's desktop pulls, shows each customer the variant
their fields choose (a third, untouched customer the default), and the outcomes it pushes
record the variant on the server's call record."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from app.api_client import ApiClient
from app.services.manager import ManagerService
from server import models as m
from tests.conftest import account
from tests.e2e.desktop import callable_rows, no_answer, open_desktop

SCRIPT = """---
campaign: {code}
title: Segmented / 分群话术
---

## Opening / 开场白 {{#open say}}

DEFAULT-OPENING Hello {{customer_name}}, check this call on the official hotline 10000.

Next: #terms

## Terms / 条款 {{#terms disclosure mandatory}}

{{offer_price}} yuan a month; cancel within 7 days free.

# Variant: Seniors / 老年客户 {{#seniors}}

When: age 60+

## Opening / 开场白 {{#open say}}

SENIOR-OPENING Good day {{customer_name}}; the hotline 10000 confirms this call.

Next: #terms

## Terms / 条款 {{#terms disclosure mandatory}}

No monthly fee beyond {{offer_price}} yuan; cancel within 7 days free.

# Variant: Slow broadband / 低速宽带 {{#slow_bb}}

When: broadband 1-99

## Opening / 开场白 {{#open say}}

BROADBAND-OPENING Hello {{customer_name}}; the hotline 10000 confirms this call.

Next: #terms

## Terms / 条款 {{#terms disclosure mandatory}}

{{offer_price}} yuan a month; cancel within 7 days free.
"""


def _admin(url: str, acct: dict[str, Any], data: Path) -> ManagerService:
    token = ApiClient(url).login(acct["username"], acct["password"]).token
    return ManagerService(ApiClient(url, token=token), data / "maps.json")


def test_each_customer_hears_their_variant_and_the_call_records_it(
        fresh_server: dict[str, Any], tmp_path: Path) -> None:
    accounts = fresh_server["accounts"]
    ws = open_desktop(fresh_server["url"], account(accounts, "agent"), tmp_path / "desk")
    try:
        ws.sync.run_once()
        details = [ws.queue.detail(r.id) for r in callable_rows(ws)]
        sales = [d for d in details if d.campaign is not None
                 and d.campaign.campaign_type == "sales"]
        code = sales[0].campaign.code  # type: ignore[union-attr]
        same = [d for d in sales if d.campaign.code == code]  # type: ignore[union-attr]
        assert len(same) >= 3, "the demo agent has three items of one sales campaign"
        senior, slow, plain = same[:3]

        admin = _admin(fresh_server["url"], account(accounts, "admin"), tmp_path)
        out = io.StringIO()
        w = csv.writer(out)
        w.writerow(["external_id", "name", "phone", "age_band", "broadband_mbps",
                    "package_history"])
        w.writerow([senior.customer.external_id, senior.customer.name, senior.customer.phone,
                    "65+", "", "2019-05-01 3G 28; 2022-01-10 4G Smart 58"])
        w.writerow([slow.customer.external_id, slow.customer.name, slow.customer.phone,
                    "25-34", "50", ""])
        report = admin.import_customers("segments.csv", out.getvalue().encode("utf-8"),
                                        dry_run=False)
        assert report.updated == 2 and report.rejected == 0
        published = admin.publish_script(SCRIPT.format(code=code))
        assert published.campaign_code == code

        ws.sync.run_once()
        shown = {}
        for d in (senior, slow, plain):
            now = ws.queue.detail(d.queue_item_id)
            opening = next(s for s in now.steps if s.id == "open")
            shown[d.queue_item_id] = opening.text.split()[0]
            assert now.script is not None and now.script.id == published.script_id
        assert shown == {senior.queue_item_id: "SENIOR-OPENING",
                         slow.queue_item_id: "BROADBAND-OPENING",
                         plain.queue_item_id: "DEFAULT-OPENING"}
        profile = ws.queue.detail(senior.queue_item_id).customer
        assert profile.age_band == "65+" and profile.package_history[1].name == "4G Smart 58"

        rows = {r.id: r for r in callable_rows(ws)}
        for d in (senior, slow, plain):
            ws.queue.record_outcome(no_answer(rows[d.queue_item_id]))
        assert ws.sync.run_once().pushed == 3
    finally:
        ws.close()

    eng = create_engine(fresh_server["db_url"])
    try:
        with Session(eng) as s:
            got = dict(s.execute(select(m.CallOutcome.queue_item_id, m.CallOutcome.script_variant)
                                 .where(m.CallOutcome.script_id == published.script_id)).all())
    finally:
        eng.dispose()
    assert got == {senior.queue_item_id: "seniors", slow.queue_item_id: "slow_bb",
                   plain.queue_item_id: ""}
