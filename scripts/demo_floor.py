"""Bring the demo floor to life for a team lead's demo: agents log in, pull their queue,
record a morning's calls through the ordinary push API, and report a state (on a call,
paused for a break...). Only demo accounts and the public API are used.

    python scripts/demo_floor.py http://127.0.0.1:PORT .run/demo-credentials.json

Then log in as lead1: `make run ARGS="--user lead1"`.
"""

from __future__ import annotations

import argparse
import json
import random
import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

OUTCOMES = (["no_answer"] * 4 + ["busy", "voicemail", "not_interested", "not_interested",
                                  "considering", "accepted", "accepted"])
STATES: list[tuple[str, str | None]] = [("on_call", None), ("paused", "break"),
                                        ("available", None), ("wrap_up", None),
                                        ("paused", "training"), ("available", None),
                                        ("on_call", None)]


def play_agent(c: httpx.Client, acct: dict[str, Any], n: int, rng: random.Random) -> int:
    login = c.post("/api/v1/auth/login",
                   json={"username": acct["username"], "password": acct["password"]})
    login.raise_for_status()
    h = {"Authorization": "Bearer " + login.json()["token"]}
    page = c.get("/api/v1/sync/pull", headers=h, params={"limit": 500}).json()
    items = [q for q in page["queue_items"] if q["status"] == "open"]
    now = datetime.now(UTC)
    actions: list[dict[str, Any]] = []
    for q in items[: rng.randint(12, 30)]:
        at = now - timedelta(minutes=rng.randint(5, 300))
        d = rng.choice(OUTCOMES)
        talk = 0 if d in ("no_answer", "busy", "voicemail") else rng.randint(30, 400)
        body: dict[str, Any] = {
            "kind": "outcome", "action_id": secrets.token_hex(16), "created_at": at.isoformat(),
            "queue_item_id": q["id"], "customer_id": q["customer"]["id"],
            "campaign_id": q["campaign_id"], "disposition": d,
            "call_started_at": (at - timedelta(seconds=talk + 20)).isoformat(),
            "talk_seconds": talk, "wrap_seconds": 25}
        if d == "accepted":
            if not q["recommendations"]:
                continue
            body["offer_id"] = q["recommendations"][0]["offer_id"]
        if d == "not_interested":
            body["objection"] = rng.choice(["price", "no_need", "already_has"])
        actions.append(body)
    state, reason = STATES[n % len(STATES)]
    actions.append({"kind": "agent_state", "action_id": secrets.token_hex(16),
                    "created_at": (now - timedelta(minutes=rng.randint(1, 25))).isoformat(),
                    "state": state, "reason": reason})
    r = c.post("/api/v1/sync/push", headers=h, json={"actions": actions})
    r.raise_for_status()
    return sum(1 for x in r.json()["results"] if x["status"] == "accepted")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("server")
    ap.add_argument("credentials", type=Path)
    ap.add_argument("--agents", type=int, default=7, help="how many demo agents take part")
    args = ap.parse_args(argv)
    accounts = json.loads(args.credentials.read_text(encoding="utf-8"))["accounts"]
    agents = [a for a in accounts if a["role"] == "agent"][: args.agents]
    rng = random.Random(3)
    with httpx.Client(base_url=args.server, timeout=30) as c:
        for n, acct in enumerate(agents):
            print(f"{acct['username']}: {play_agent(c, acct, n, rng)} actions accepted")


if __name__ == "__main__":
    main()
