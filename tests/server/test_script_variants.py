"""Issue 22: script variants by segment and the profile fields their rules read.

publish-script stores a script's variants (Markdown `# Variant:` sections or YAML
`variants`), each checked like the default steps plus its rule and the default's
mandatory statements, errors on the writer's lines; the import takes age band, district,
community, broadband speed and package history, each bad cell refused with its line."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from server import models as m
from server import serialize
from server.db import make_engine
from server.orm import session_factory
from server.planning import chunks, offers_rules
from server.planning.fields import FIELDS, Mapping, _make, _months
from server.planning.importing import build_customer, import_customers
from server.planning.scripts_io import ScriptInvalid, publish, validate_all
from server.planning.targeting import ensure_campaign

DATA = Path(__file__).resolve().parents[1] / "data" / "planning"
GOOD = DATA / "script_variants.md"
TODAY = date(2026, 11, 23)


@pytest.fixture
def session(db_url: str) -> Iterator[Session]:
    engine = make_engine(db_url)
    with session_factory(engine)() as s:
        ensure_campaign(s, offers_rules.builtin("DATAPK"))
        s.commit()
        yield s
    engine.dispose()


def _md(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "v.md"
    p.write_text(text, encoding="utf-8")
    return p


def _with_variant(variant: str) -> str:
    """The good file's default steps, then `variant`."""
    head = GOOD.read_text(encoding="utf-8").split("# Variant:")[0]
    return head + variant


SENIOR_STEPS = """
## Opening / 开场白 {#open say}

Hello {customer_name}, check this call on our official hotline 10000.

> {customer_name}您好，您可拨打官方热线10000核实本次来电。

Next: #disclose

## Terms / 条款 {#disclose disclosure mandatory}

{offer_price} yuan a month.
"""


def test_publish_stores_the_variants_in_order(session: Session) -> None:
    r = publish(session, GOOD)
    session.commit()
    row = session.get(m.Script, r.script_id)
    assert row is not None and [s["id"] for s in row.steps] == ["open", "pitch", "disclose"]
    assert [v["key"] for v in row.variants] == ["seniors", "young5g"]
    assert row.variants[1]["when"]["network"] == ["5G"]
    assert row.variants[1]["when"]["plan_fit"] == ["C", "D"]
    assert row.variants[1]["when"]["region"] == "广东省"
    assert row.variants[0]["title_zh"] == "老年客户"
    assert "no monthly fee" in row.variants[0]["steps"][1]["text"]
    out = serialize.script_out(row)  # what the desktops pull
    assert [v.key for v in out.variants] == ["seniors", "young5g"]


def test_the_yaml_form_takes_variants_too(session: Session, tmp_path: Path) -> None:
    f = tmp_path / "v.yaml"
    f.write_text("""campaign: DATAPK
title: T
steps:
  - {id: open, kind: say, title: Hi, text: "Hello, check us on the hotline 10000."}
variants:
  - key: seniors
    title: Seniors
    when: {age: 60+, network: [3g]}
    steps:
      - {id: open, kind: say, title: Hi, text: "Good day, the hotline 10000 confirms us."}
""", encoding="utf-8")
    c = validate_all(f)
    assert c.variants[0][0]["when"]["network"] == ["3G"]
    f.write_text(f.read_text(encoding="utf-8").replace("age: 60+", "age: old"),
                 encoding="utf-8")
    with pytest.raises(ScriptInvalid) as exc:
        validate_all(f)
    assert exc.value.errors == [(8, "variant seniors: age 'old' is no range (e.g. 60+ or "
                                    "18-34)")]


def test_variant_errors_carry_their_lines(tmp_path: Path) -> None:
    text = _with_variant("""# Variant: Seniors {#seniors}

When: age sixty
When: colour blue
When: network 6G

## Opening / 开场白 {#open say}

Hello {customer_nam}, hotline 10000.

Next: #gone
""")
    base = len(GOOD.read_text(encoding="utf-8").split("# Variant:")[0].splitlines())
    with pytest.raises(ScriptInvalid) as exc:
        validate_all(_md(tmp_path, text))
    got = [(ln - base, msg) for ln, msg in exc.value.errors]
    assert (4, "variant seniors: unknown When: field 'colour' (known: age, region, district, "
               "network, plan_fit, tier, broadband)") in got
    assert (3, "variant seniors: age 'sixty' is no range (e.g. 60+ or 18-34)") in got
    assert (5, "variant seniors: network 6G (known: 2G, 3G, 4G, 5G)") in got
    lines = {ln for ln, _ in got}
    assert 9 in lines and 11 in lines  # the placeholder, the missing step
    assert (1, "variant seniors: lacks the default's mandatory statement 'disclose' (a step "
               "#disclose marked mandatory)") in got


def test_a_variant_without_conditions_or_steps_is_refused(tmp_path: Path) -> None:
    text = _with_variant("# Variant: Everyone {#all}\n" + SENIOR_STEPS
                         + "\n# Variant: Empty {#empty}\n\nWhen: tier A1\n")
    with pytest.raises(ScriptInvalid) as exc:
        validate_all(_md(tmp_path, text))
    msgs = [msg for _, msg in exc.value.errors]
    assert any(msg.startswith("variant all: no When: conditions") for msg in msgs)
    assert any(msg.startswith("variant empty: no steps") for msg in msgs)


def test_trust_rules_are_checked_in_every_variant(session: Session, tmp_path: Path) -> None:
    bad = SENIOR_STEPS.replace("{offer_price} yuan a month.",
                               "Please tell me your bank card number.")
    text = _with_variant("# Variant: Seniors {#seniors}\n\nWhen: age 60+\n" + bad)
    with pytest.raises(ScriptInvalid) as exc:
        publish(session, _md(tmp_path, text))
    base = len(GOOD.read_text(encoding="utf-8").split("# Variant:")[0].splitlines())
    assert {(ln - base, msg.split(":")[0]) for ln, msg in exc.value.errors} == {
        (15, "variant seniors")}
    assert "asks for card or bank data" in exc.value.errors[0][1]
    assert session.scalar(select(m.Script.id)) is None


# ------------------------------------------------------------------ the import

HEADER = ["external_id", "name", "phone", "region", "age_band", "district", "community",
          "broadband_mbps", "package_history"]


def test_profile_fields_import_and_bad_cells_report_their_line(session: Session,
                                                               tmp_path: Path) -> None:
    f = tmp_path / "c.csv"
    rows = [HEADER,
            ["P1", "老王", "13812345601", "广东省 广州市", "65岁以上", "天河区", "华景新城", "100",
             "2024-07-15 5G Smart 128; 2021-03-01 4G Smart 38"],
            ["P2", "小李", "13812345602", "广东省", "\uff12\uff15-34", "", "", "", ""],
            ["P3", "x", "13812345603", "", "old", "", "", "", ""],
            ["P4", "y", "13812345604", "", "", "", "", "fast", ""],
            ["P5", "z", "13812345605", "", "", "", "", "", "2021-13-01 4G; x"]]
    with f.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    report = tmp_path / "errors.csv"
    res = import_customers(session, f, today=TODAY, report=report)
    session.commit()
    assert (res.inserted, res.rejected) == (2, 3)
    errs = list(csv.reader(report.open(encoding="utf-8-sig")))[1:]
    assert [(e[0], e[1]) for e in errs] == [("4", "P3"), ("5", "P4"), ("6", "P5")]
    assert errs[0][2] == "age_band: expected an age band such as 25-34 or 65+ ('old')"
    assert errs[1][2] == "broadband_mbps: not a whole number ('fast')"
    assert errs[2][2] == "package_history: entry 1 has no valid date ('2021-13-01')"
    p1 = session.scalars(select(m.Customer).where(m.Customer.external_id == "P1")).one()
    assert (p1.age_band, p1.district, p1.community, p1.broadband_mbps) == (
        "65+", "天河区", "华景新城", 100)
    assert p1.package_history == [{"since": "2021-03-01", "name": "4G Smart 38"},
                                  {"since": "2024-07-15", "name": "5G Smart 128"}]
    out = serialize.customer_out(p1)
    assert out.age_band == "65+" and out.package_history[1].name == "5G Smart 128"
    p2 = session.scalars(select(m.Customer).where(m.Customer.external_id == "P2")).one()
    assert (p2.age_band, p2.broadband_mbps, p2.package_history) == ("25-34", None, [])


@pytest.mark.parametrize("sqlite", [True, False])
def test_the_chunked_build_agrees_with_the_per_row_build(sqlite: bool) -> None:
    cells = [["Q1", "a", "13812345611", "", "65+", "天河区", "", "300",
              "2021-03-01 4G Smart 38"],
             ["Q2", "b", "13812345612", "", "", "", "", "", ""]]
    m_, months = Mapping(), _months(TODAY)
    checker = chunks.ChunkChecker(HEADER, m_, months, sqlite)
    built = checker.build(*checker.convert(cells))
    for row, got in zip(cells, built, strict=True):
        v = {f: _make(f, FIELDS[f][0], m_)(t) for f, t in zip(HEADER, row, strict=True) if t}
        want = build_customer(v, months, TODAY)
        assert isinstance(got, tuple)
        got_d = dict(zip(chunks.ROW_COLS, got, strict=True))
        for k in ("age_band", "district", "community", "broadband_mbps"):
            assert got_d[k] == (want[k] if want[k] is not None else None), k
        assert json.loads(got_d["package_history"]) == want["package_history"]


def test_qa_checks_the_mandatory_steps_of_the_variant_read() -> None:
    from server.quality.scoring import variant_steps

    script = m.Script(steps=[{"id": "terms", "mandatory": True}], variants=[
        {"key": "seniors", "steps": [{"id": "terms", "mandatory": True},
                                     {"id": "fee", "mandatory": True}]}])
    assert [s["id"] for s in variant_steps(script, "seniors")] == ["terms", "fee"]
    assert [s["id"] for s in variant_steps(script, "")] == ["terms"]
    assert [s["id"] for s in variant_steps(script, None)] == ["terms"]
    assert [s["id"] for s in variant_steps(script, "gone")] == ["terms"]
