"""Helpers of the quality tests: a second checker, today's calls pushed by an agent."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import create_engine, insert

from server import models as m
from server.auth import hash_password
from tests.server.conftest import Api, outcome

SHANGHAI = ZoneInfo("Asia/Shanghai")


def add_user(api: Api, username: str, role: str, team_id: str | None = None) -> dict[str, Any]:
    password = secrets.token_urlsafe(10)
    eng = create_engine(api.db_url)
    with eng.begin() as conn:
        conn.execute(insert(m.User).values(
            id=m.new_id(), username=username, display_name=username.title(), role=role,
            team_id=team_id, password_hash=hash_password(password), active=True,
            created_at=datetime.now(UTC)))
    eng.dispose()
    acct = {"username": username, "password": password, "role": role,
            "display_name": username.title()}
    api.accounts = [*api.accounts, acct]  # the list is shared by every test
    return acct


DAY = (datetime.now(SHANGHAI) - timedelta(days=3)).date()  # a day without demo samples


def at(hour: int, minute: int = 0) -> str:
    """A time on DAY in Shanghai (always past, inside the demo's 09:00-21:00 window)."""
    return datetime.combine(DAY, time(hour, minute), tzinfo=SHANGHAI).isoformat()


def sale(item: dict[str, Any], *, disclosures: list[str] | None = None,
         **kw: Any) -> dict[str, Any]:
    ticked = ["disclose_price", "disclose_term", "disclose_cancel"] \
        if disclosures is None else disclosures
    started = kw.pop("call_started_at", at(11))
    return outcome(item, "accepted", offer_id=item["recommendations"][0]["offer_id"],
                   disclosures_ticked=ticked, steps_taken=["open", "identity", *ticked],
                   talk_seconds=180, wrap_seconds=20, call_started_at=started,
                   notes="Accepted the offer", **kw)


def day_of_calls(api: Api, agent: str) -> dict[str, dict[str, Any]]:
    """Push a sale, a do-not-call and five other calls for `agent`; their bodies by kind."""
    items = list(api.pull_all(agent)["queue_items"].values())
    items = [i for i in items if i["status"] == "open" and i["recommendations"]]
    started = at(14, 30)
    bodies = {"sale": sale(items[0]),
              "dnc": outcome(items[1], "do_not_call", talk_seconds=40,
                             call_started_at=started, notes="Asked never to be called")}
    for n, item in enumerate(items[2:7]):
        disp = "not_interested" if n < 2 else "no_answer"
        bodies[f"other{n}"] = outcome(item, disp, talk_seconds=60 if n < 2 else 0,
                                      objection="price" if n < 2 else None,
                                      call_started_at=started)
    results = api.push(agent, list(bodies.values()))
    assert all(r["status"] == "accepted" for r in results), results
    return bodies
