"""A desktop reports the age of its oldest unsent action with its pushes and pulls
(wire.schema.OUTBOX_AGE_PARAM); the server exports it (callsheet_desktop_outbox_age_seconds).
The real sync engine against the real server."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families

from app.errors import CallsheetError
from tests.conftest import account
from tests.e2e.desktop import no_answer, open_desktop

AGE = "callsheet_desktop_outbox_age_seconds"


def _ages(url: str) -> dict[str, tuple[float, float]]:
    """via -> (count, sum)."""
    text = httpx.get(url + "/metrics", timeout=5).text
    out: dict[str, list[float]] = {"pull": [0, 0], "push": [0, 0]}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            if s.name == AGE + "_count":
                out[s.labels["via"]][0] = s.value
            elif s.name == AGE + "_sum":
                out[s.labels["via"]][1] = s.value
    return {k: (v[0], v[1]) for k, v in out.items()}


def test_the_desktop_reports_its_oldest_unsent_action(
    fresh_server: dict[str, Any], tmp_path: Path
) -> None:
    srv = fresh_server["server"]
    ws = open_desktop(fresh_server["url"], account(fresh_server["accounts"], "agent"),
                      tmp_path / "desk")
    try:
        ws.sync.run_once()  # empty outbox: nothing reported
        assert _ages(srv.url) == {"pull": (0, 0), "push": (0, 0)}
        rows = ws.queue.list_queue()
        ws.queue.record_outcome(no_answer(rows[0]))
        srv.stop()  # the server is away: the action waits in the outbox
        with contextlib.suppress(CallsheetError):
            ws.sync.run_once()
        srv.restart()  # (a new process: its metrics start from zero)
        ws.queue.record_outcome(no_answer(rows[1]))
        ws.sync.run_once()
        ages = _ages(srv.url)
        assert ages["push"][0] == 1, ages  # one batch, carrying the oldest age
        assert ages["push"][1] >= 1, "the first action waited through the restart"
        assert ages["pull"] == (0, 0), "the push emptied the outbox before the pull"
        assert ws.queue.pending_count() == 0
    finally:
        ws.close()
