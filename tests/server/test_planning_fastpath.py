"""The planning fast paths give what the plain per-row code gives: the column-wise check
and build of an import chunk (server/planning/chunks.py) against the cell-by-cell
converters and build_customer, on odd data; the compiled offer conditions against
offers_rules.matches; features without churn signals; the batch ids."""

from __future__ import annotations

import json
import random
import sys
import time
import unicodedata
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from server import models as m
from server.db import make_engine
from server.orm import session_factory
from server.planning import chunks, offers_rules, segmentation
from server.planning.bulk import new_ids, time_ids
from server.planning.fields import FIELDS, Mapping, RowError, _make, _months, clean_id, edge_chars
from server.planning.importing import build_customer, import_customers
from server.planning.synth import header, rows, write_csv
from server.planning.targeting import plan_campaign, priority

TODAY = date(2026, 11, 23)
ODD = ["", " ", "  x ", "abc", "-1", "0", "1e3", "nan", "inf", "-0", "1,234.5", "3.0", "3.5",
       " 7 ", "７", "1_000", "+5", "99999999999", "是", "否", "YES", "No", "t", "F", "\t",
       "x\t", "\u3000y", "B002\u00a0", "\u200bB", "58,5", "Ｂ００２\ufeff",
       "2026-13-01", "2026/02/28", "2026-02-30", "2027-01-01T00:00",
       "20270101", "x" * 40, "y" * 101, "4g", "5G", "2G", "6G", "sms", "web", "Asia/Tokyo",
       "Mars/Base", "UTC", "a|b| |c", "|", "宽带 Broadband", "1.0e2", "0.0", "-0.5"]
PHONES = ["+86 138 1234 0002", "008613812345678", "138-1234-5678", "010-12345678",
          "+1 650 253 0000", "12345", "", " 13812345678 ", "17900001234", "19912345678",
          "14012345678", "+44 20 7946 0958", "1380013800", "11111111111", "+852 9123 4567"]


def _reference(hdr: list[str], cells: list[str], m: Mapping) -> dict[str, Any] | str:
    """The per-row conversion the import did before chunks.py (kept here as the oracle)."""
    row = dict(zip(hdr, cells, strict=True))
    out: dict[str, Any] = {}
    problems: list[str] = []
    for f, h in chunks.wanted_headers(hdr, m).items():
        if h not in row:
            continue
        text = row.get(h) or ""
        # every cell loses whitespace and invisible marks at its ends; an id, all of them
        text = clean_id(text) if f == "external_id" else text.strip(edge_chars())
        if not text:
            if FIELDS[f][1]:
                problems.append(f"{f}: required")
            continue
        try:
            out[f] = _make(f, FIELDS[f][0], m)(text)
        except RowError as exc:
            problems.append(str(exc))
    return "; ".join(problems) if problems else out


def _stored(c: dict[str, Any], sqlite: bool) -> tuple[Any, ...]:
    enc = dict(c, usage=json.dumps(c["usage"]),
               value_added_services=json.dumps(c["value_added_services"]),
               package_history=json.dumps(c["package_history"]),
               service_fees=json.dumps(c["service_fees"]))
    if sqlite:
        enc["vip"] = int(c["vip"])
        for k in ("contract_end", "churned_on"):
            enc[k] = c[k].isoformat() if c[k] is not None else None
    return tuple(enc[k] for k in chunks.ROW_COLS)


def _odd_rows(n: int, seed: int) -> list[list[str]]:
    rng = random.Random(seed)
    out = []
    for r in rows(n, seed=seed):
        for _ in range(rng.choice([0, 0, 1, 3, 6])):
            k = rng.randrange(len(r))
            r[k] = rng.choice(PHONES if k == 2 else ODD)
        if rng.random() < 0.1:  # no usage months at all, or only some
            for k, h in enumerate(header()):
                if h[0] == "m" and h[1].isdigit() and (h[1] == "2" or rng.random() < 0.5):
                    r[k] = ""
        if rng.random() < 0.1:
            for k, h in enumerate(header()):
                if h.startswith("contacts_"):
                    r[k] = str(rng.choice([0, 1, 4]))
        out.append(r)
    return out


def test_edge_chars_read_from_their_planes_are_those_of_every_code_point() -> None:
    """fields.EDGE_PLANES skips the planes that hold no whitespace and no format mark:
    on this Python's Unicode tables that loses none."""
    every = "".join(ch for ch in map(chr, range(sys.maxunicode + 1))
                    if ch.isspace() or unicodedata.category(ch) == "Cf")
    assert edge_chars() == every
    assert {"\u3000", "\u200b", "\ufeff", "\U000e0001", "\t"} <= set(every)


@pytest.mark.parametrize("sqlite", [True, False])
def test_chunk_check_and_build_match_the_per_row_code(sqlite: bool) -> None:
    m, months = Mapping(), _months(TODAY)
    for seed, drop in ((1, set()), (2, {"timezone", "vip", "m3_spend_yuan"})):
        hdr = [h for h in header() if h not in drop]
        data = [[c for h, c in zip(header(), r, strict=True) if h not in drop]
                for r in _odd_rows(3000, seed)]
        checker = chunks.ChunkChecker(hdr, m, months, sqlite)
        for start in range(0, len(data), 700):
            part = data[start:start + 700]
            built = checker.build(*checker.convert(part))
            for cells, got in zip(part, built, strict=True):
                ref = _reference(hdr, cells, m)
                want = ref if isinstance(ref, str) else _stored(
                    build_customer(ref, months, TODAY), sqlite)
                assert got == want, cells


@pytest.mark.parametrize("sqlite", [True, False])
def test_clean_chunks_take_the_quick_paths_and_build_the_same(sqlite: bool) -> None:
    """Plain rows pass every column's quick check (mobile numbers, figures); a chunk with
    one number of an invalid prefix falls back to the per-cell check for that column."""
    m, months = Mapping(), _months(TODAY)
    data = rows(1500, seed=5)
    data[700][2] = "14012345678"  # 140: no mainland mobile prefix
    checker = chunks.ChunkChecker(header(), m, months, sqlite)
    for start in (0, 700):
        part = data[start:start + 700]
        built = checker.build(*checker.convert(part))
        for cells, got in zip(part, built, strict=True):
            ref = _reference(header(), cells, m)
            want = ref if isinstance(ref, str) else _stored(
                build_customer(ref, months, TODAY), sqlite)
            assert got == want, cells
    assert isinstance(checker.build(*checker.convert(data[700:701]))[0], str)


def test_mapping_and_duplicate_headers_read_as_before() -> None:
    m = Mapping(columns={**Mapping().columns, "external_id": "Cust No"}, list_separator=",")
    hdr = ["Cust No", "name", "phone", "value_added_services", "name"]
    data = [["A1", "x", "13812345678", "彩铃, 云盘,", "张三"],
            [" A2 ", "y", "13812345679", "", ""]]
    checker = chunks.ChunkChecker(hdr, m, _months(TODAY), True)
    for cells, got in zip(data, checker.build(*checker.convert(data)), strict=True):
        ref = _reference(hdr, cells, m)
        assert got == (ref if isinstance(ref, str) else
                       _stored(build_customer(ref, _months(TODAY), TODAY), True))


def test_compiled_conditions_match_matches() -> None:
    rng = random.Random(5)
    keys = ["a", "b", "c"]
    values: list[Any] = [None, 0, 1, 2.5, -1, "x", "y", True, False, 0.05, 0.0499]

    def cond() -> Any:
        k = rng.randrange(4)
        if k == 0:
            return rng.sample(values, rng.randint(0, 3))
        if k == 1:
            d = {}
            if rng.random() < 0.7:
                d["min"] = rng.choice([0, 1, 0.05, -1])
            if rng.random() < 0.5:
                d["max"] = rng.choice([1, 2, 0.5])
            return d
        return rng.choice(values)

    for _ in range(3000):
        when = {k: cond() for k in rng.sample(keys, rng.randint(0, 3))}
        test = offers_rules.matcher(when)
        for _ in range(10):
            f = {k: rng.choice(values) for k in keys
                 if rng.random() < 0.9 and (k != "c" or rng.random() < 0.5)}
            if any(isinstance(f.get(k), str) and isinstance(c, dict) for k, c in when.items()):
                continue  # str against a number: both raise TypeError
            assert test(f) == offers_rules.matches(when, f), (when, f)


def test_features_without_signals_are_the_rest() -> None:
    for r in rows(300, seed=4):
        v = _reference(header(), r, Mapping())
        assert not isinstance(v, str)
        c = build_customer(v, _months(TODAY), TODAY)
        full = segmentation.features(c, TODAY)
        part = segmentation.features(c, TODAY, signals=False)
        assert part == {k: x for k, x in full.items() if k not in segmentation.SIGNALS}
    assert not offers_rules.uses_signals(offers_rules.builtin("DATAPK"))
    assert offers_rules.uses_signals(offers_rules.builtin("RETAIN"))


def test_batch_ids_are_uuid4_text() -> None:
    ids = new_ids(5000)
    assert len(set(ids)) == 5000
    for i in ids:
        u = uuid.UUID(i)
        assert u.version == 4 and u.variant == uuid.RFC_4122 and str(u) == i


def test_customer_ids_are_time_ordered_uuid7_text() -> None:
    """New customers' ids rise within a call and from one call to a later one (a B-tree
    keyed by them grows at its end), and are still unique, well-formed UUIDs."""
    first = time_ids(5000)
    time.sleep(0.002)
    later = time_ids(3)
    ids = first + later
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)
    for i in ids:
        u = uuid.UUID(i)
        assert u.version == 7 and u.variant == uuid.RFC_4122 and str(u) == i
    made = uuid.UUID(first[0]).int >> 80  # the millisecond, first
    assert abs(made - time.time() * 1000) < 60_000
    # two calls in the same millisecond (two workers) keep apart by their random starts
    assert len({time_ids(1)[0] for _ in range(1000)}) == 1000


def test_template_names_are_the_fields_a_reason_fills_in() -> None:
    rule = {"when": {"min_over_mb": {"min": 10}}, "reason": "{avg_over_gb:.1f} GB {plan_name}",
            "reason_zh": "{avg_over_gb:.1f}GB {x.real} {y[0]}"}
    assert offers_rules.template_names(rule) == ["avg_over_gb", "plan_name", "x", "y"]
    for odd in ("{} GB", "{a:{w}}", "{a"):
        assert offers_rules.template_names({"reason": odd}) is None


@pytest.mark.parametrize("code", ["DATAPK", "MIG4G"])
def test_planned_offers_match_the_per_customer_rules(db_url: str, tmp_path: Path,
                                                     code: str) -> None:
    """Each target's recommendations and priority are what the offer rules give its own
    features (the plan shares one answer between customers alike)."""
    csv_path = write_csv(tmp_path / "c.csv", 1500, seed=9)
    engine = make_engine(db_url)
    try:
        with session_factory(engine)() as s:
            import_customers(s, csv_path, today=TODAY)
            rules = offers_rules.builtin(code)
            res = plan_campaign(s, rules, today=TODAY)
            s.commit()
            offers = {o.code: o for o in s.scalars(select(m.Offer))}
            by_id = {r["id"]: dict(r) for r in s.execute(
                select(*segmentation.CUSTOMER_COLS)).mappings()}
        assert len(res.targets) > 100
        ranked = sorted(rules["offers"], key=lambda o: -int(o.get("priority", 0)))
        for t in res.targets:
            f = segmentation.features(by_id[t["customer_id"]], TODAY)
            want: list[dict[str, Any]] = []
            for r in ranked:
                tiers = r.get("eligible_tiers") or offers[r["code"]].eligible_tiers
                if f["value_tier"] in tiers and offers_rules.matches(r.get("when"), f):
                    want.append({"offer_id": offers[r["code"]].id, "rank": len(want) + 1,
                                 "reason": offers_rules.fill(r["reason"], f),
                                 "reason_zh": offers_rules.fill(r.get("reason_zh", ""), f)})
            want = want[: int(rules.get("max_offers", 3))]
            assert t["recommendations"] == want
            top = next(int(r.get("priority", 0)) for r in ranked
                       if offers[r["code"]].id == want[0]["offer_id"])
            assert t["priority"] == priority(f, top)
    finally:
        engine.dispose()
