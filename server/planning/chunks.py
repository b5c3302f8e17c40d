"""Checking and building customers a chunk of rows at a time (the import's hot path).

A chunk (a few thousand rows) is turned into columns, and each column is converted with a
quick check that runs in C (`map(int, ...)`, `min`/`max` for the range, one test per
distinct value for time zones, channels and generations). Only a column whose quick check
fails is converted cell by cell with the same converters as ever (`fields._make`), which
give each bad cell its reason. A row's reasons come in field order, as before.

The customer of a good row is then built as one tuple in ROW_COLS order, the way the
database stores it: usage and value-added services as JSON text, and on SQLite dates as
ISO text and booleans as 0/1. `build_rows` computes exactly what
`importing.build_customer` computes (a test compares the two on odd data).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from datetime import date
from operator import itemgetter
from typing import Any

from server import segments
from server.planning import bigcust
from server.planning import segmentation as seg
from server.planning.fields import (
    ALIASES,
    FALSE,
    FIELDS,
    NOTICE_FIELDS,
    PROFILE_FIELDS,
    TRUE,
    Mapping,
    RowError,
    _make,
    _tz_ok,
    clean_id,
    edge_marks,
    strip_cell,
)
from server.planning.reading import Cells, Unreadable
from wire.phones import _mobile_prefix_ok
from wire.schema import e164_hash

# The customers columns the import writes, in this order ("id" is added by the writer).
ROW_COLS = ("external_id", "name", "phone", "phone_hash", "region", "timezone", "star_level",
            "vip", "tenure_months", "arpu_yuan", "plan_name", "plan_minutes",
            "plan_data_mb", "usage", "contract_end", "handset", "network_gen",
            "value_added_services", "arrears_yuan", "credit_class", "preferred_channel",
            "complaints", "value_score", "value_tier", "plan_fit", "lifecycle_stage",
            "consent_basis", "churned_on",
            # --- issue 22 (0019): the profile fields script variants read (PROFILE) ---
            "age_band", "district", "community", "broadband_mbps", "package_history",
            "email", "postal_address",  # issue 21 (0020): where a notice goes (NOTICE)
            *bigcust.ROW_COLS)  # issue 22: big_tier, service_fees (built by _big_customers)
# Issue 22's profile fields: converted like the others, appended to the row as they are
# (package_history as JSON text), outside the unpacking of ORDER below.
PROFILE = tuple(PROFILE_FIELDS)
NOTICE = tuple(NOTICE_FIELDS)
# The fields in the order ChunkChecker.build unpacks them (FIELDS' order; issue 22's
# profile fields and big-customer fields are built apart, the latter by _big_customers).
ORDER = tuple(f for f in FIELDS if f not in PROFILE_FIELDS and f not in bigcust.FIELDS
              and f not in NOTICE_FIELDS)
assert ORDER == (
    "external_id", "name", "phone", "region", "timezone", "star_level", "vip",
    "tenure_months", "arpu_yuan", "plan_name", "plan_minutes", "plan_data_mb", "contract_end",
    "handset", "network_gen", "value_added_services", "arrears_yuan", "credit_class",
    "preferred_channel", "complaints", "consent_basis", "churned_on", "contacts_phone",
    "contacts_sms", "contacts_web", "contacts_store", "m1_data_mb", "m1_minutes",
    "m1_spend_yuan", "m2_data_mb", "m2_minutes", "m2_spend_yuan", "m3_data_mb", "m3_minutes",
    "m3_spend_yuan"), "a field was added: ChunkChecker.build must unpack it"
BOOLS = {**{t: False for t in FALSE if t}, **{t: True for t in TRUE}}
GENS = ("2G", "3G", "4G", "5G")

_FIRST, _LAST = itemgetter(slice(0, 1)), itemgetter(slice(-1, None))
_HEAD = itemgetter(slice(0, 2))
Column = list[Any]  # converted values, None where the cell was empty
Quick = Callable[[list[str]], Column]  # raises (anything) when a cell is not plainly good


def _quick(kind: str) -> Quick | None:
    """The quick check of a kind of column (None: cell by cell always). It returns the
    same values as the kind's converter, or raises when any cell needs the converter."""
    base, *args = kind.split(":")
    if base in ("str", "text"):  # within the limit in code points: within it either way
        limit = int(args[0])

        def q_str(texts: list[str]) -> Column:
            if max(map(len, texts)) > limit:
                raise ValueError
            return list(texts)

        return q_str
    if base == "int":
        lo, hi = int(args[0]), int(args[1])

        def q_int(texts: list[str]) -> Column:
            v = list(map(int, texts))
            if min(v) < lo or max(v) > hi:
                raise ValueError
            return v

        return q_int
    if base == "float":

        def q_float(texts: list[str]) -> Column:
            v = list(map(float, texts))
            total = sum(v)  # nan or inf anywhere makes it nan or inf
            if total != total or total == math.inf or min(v) < 0:
                raise ValueError
            return v

        return q_float
    if base == "bool":
        return lambda texts: list(map(BOOLS.__getitem__, map(str.lower, texts)))
    if base == "date":

        def q_date(texts: list[str]) -> Column:
            if max(map(len, texts)) > 10 or any("/" in t for t in set(texts)):
                raise ValueError
            return list(map(date.fromisoformat, texts))

        return q_date
    if base == "tz":

        def q_tz(texts: list[str]) -> Column:
            if not all(map(_tz_ok, set(texts))):
                raise ValueError
            return list(texts)

        return q_tz
    if base == "channel":

        def q_channel(texts: list[str]) -> Column:
            if not set(texts) <= set(seg.CHANNELS):
                raise ValueError
            return list(texts)

        return q_channel
    if base == "gen":

        def q_gen(texts: list[str]) -> Column:
            up = {t: t.upper() for t in set(texts)}
            if not set(up.values()) <= set(GENS):
                raise ValueError
            return list(map(up.__getitem__, texts))

        return q_gen
    return None  # phone (see _quick_cn_mobile), list (each split)


MOBILE_HEADS = frozenset(f"1{d}" for d in "3456789")


def _quick_cn_mobile(texts: list[str]) -> Column:
    """The quick check of a phone column read in region CN: every cell 11 ASCII digits
    of a mainland mobile number (1[3-9]) whose prefix is valid. That is the first branch
    of `wire.phones.normalise_phone`, which for such a cell gives "+86" and the digits."""
    joined = "".join(texts)
    if not (joined.isascii() and joined.isdigit()) or len(joined) != 11 * len(texts) \
            or not set(map(_HEAD, texts)) <= MOBILE_HEADS \
            or not all(map(_mobile_prefix_ok, texts)):
        raise ValueError
    return ["+86" + t for t in texts]


def _strip(name: str, cells: Sequence[str], problems: list[list[str] | None]) -> list[str]:
    """The cells as the converters see them: without whitespace or invisible marks at
    their ends (a tab, a no-break space, a ZWSP or a BOM). A column of ASCII text, the
    common case, is stripped in C. A cell holding a NUL character rejects its row (no
    database stores one in text)."""
    joined = "".join(cells)
    if "\x00" in joined:
        for i, t in enumerate(cells):
            if "\x00" in t:
                p = problems[i]
                msg = f"{name}: contains a NUL character"
                problems[i] = [msg] if p is None else [*p, msg]
        cells = [t.replace("\x00", "") for t in cells]
    out = list(map(str.strip, cells))
    if joined.isascii():
        return out
    ends = set(map(_FIRST, out))
    ends.update(map(_LAST, out))
    if ends.isdisjoint(edge_marks()):
        return out  # no cell starts or ends with a mark: str.strip (whitespace) did it all
    return list(map(strip_cell, out))


def _convert(name: str, texts: list[str], one: Callable[[str], Any], quick: Quick | None,
             required: bool, problems: list[list[str] | None]) -> Column:
    """One column of a chunk (stripped texts) converted; reasons go to `problems`."""
    n = len(texts)

    def problem(i: int, msg: str) -> None:
        p = problems[i]
        if p is None:
            problems[i] = [msg]
        else:
            p.append(msg)

    if all(texts):
        where: list[int] | None = None
        cells = texts
    else:
        where = [i for i, t in enumerate(texts) if t]
        cells = [texts[i] for i in where]
        if required:
            for i, t in enumerate(texts):
                if not t:
                    problem(i, f"{name}: required")
    if not cells:
        return [None] * n
    values: Column | None = None
    if quick is not None:
        try:
            values = quick(cells)
        except Exception:  # noqa: BLE001 - any failure means: check cell by cell
            values = None
    if values is None:
        values = []
        idx = where or range(n)
        for i, text in zip(idx, cells, strict=True):
            try:
                values.append(one(text))
            except RowError as exc:
                problem(i, str(exc))
                values.append(None)
    if where is None:
        return values
    out: Column = [None] * n
    for i, v in zip(where, values, strict=True):
        out[i] = v
    return out


ROUNDED_KEPT = 400_000  # remembered roundings (a few tens of MB), then forgotten


def _rounded(memo: dict[float, tuple[float, str]], x: float, digits: int) \
        -> tuple[float, str]:
    """round(x, digits) and its JSON text (`repr`), remembered for the next cell with the
    same figure: usage repeats its figures (a plan's fee, whole megabytes), and rounding
    a float to digits and printing it cost more than the rest of a month's entry. A zero
    is never remembered: -0.0 == 0.0 as a key, but its text is "-0.0"."""
    v = round(x, digits)
    out = (v, repr(v))
    if x:
        memo[x] = out
    return out


class ChunkChecker:
    """Converts and builds chunks of rows (lists of cells) of one file layout."""

    def __init__(self, header: list[str], m: Mapping, months: list[str], sqlite: bool) -> None:
        wanted = wanted_headers(header, m)
        last = {h: i for i, h in enumerate(header)}  # as {header: text}: the last one wins
        self.cols = [(f, last.get(h), _make(f, FIELDS[f][0], m),
                      _quick_cn_mobile if f == "phone" and m.phone_region == "CN"
                      else _quick(FIELDS[f][0]), FIELDS[f][1]) for f, h in wanted.items()]
        self.ext_index = last[wanted["external_id"]]
        self.months = months
        self.sqlite = sqlite
        self.list_sep = m.list_separator
        self._lists: dict[str, tuple[str, ...]] = {}
        self._json: dict[tuple[str, ...], str] = {}
        # round(x, 1) and round(x, 2) of the usage figures with their JSON text, by x
        self._r1: dict[float, tuple[float, str]] = {}
        self._r2: dict[float, tuple[float, str]] = {}

    def _vas(self, texts: list[str]) -> Column:
        cache, sep = self._lists, self.list_sep
        out: Column = []
        for t in texts:
            v = cache.get(t)
            if v is None:
                v = cache[t] = tuple(p.strip() for p in t.split(sep) if p.strip())
            out.append(v)
        return out

    def convert(self, rows: Sequence[list[str]]) \
            -> tuple[dict[str, Column], list[list[str] | None]]:
        """Each field's column (None where empty) and each row's reasons (None: good)."""
        n = len(rows)
        problems: list[list[str] | None] = [None] * n
        by_col = list(zip(*rows, strict=True)) if rows else []
        values: dict[str, Column] = {}
        for f, idx, one, quick, required in self.cols:
            if idx is None:
                continue
            texts = _strip(f, by_col[idx], problems)
            if f == "external_id" and not "".join(texts).isascii():
                texts = list(map(clean_id, texts))
            if f == "value_added_services":
                quick = self._vas
            values[f] = _convert(f, texts, one, quick, required, problems)
        return values, problems

    def build(self, values: dict[str, Column], problems: list[list[str] | None]) \
            -> list[tuple[Any, ...] | str]:
        """The customer tuple (ROW_COLS) of each good row, the reasons of each bad one."""
        n = len(problems)
        none: Column = [None] * n
        cols = [values.get(f, none) for f in ORDER]
        profile = list(zip(*[values.get(f, none) for f in PROFILE], strict=True))
        notice = list(zip(*[values.get(f, none) for f in NOTICE], strict=True))
        sqlite = self.sqlite
        vas_json = self._json
        value_score, value_tier, fit_of = seg.value_score, seg.value_tier, \
            segments.fit_of_mean_use
        stage_of, channel_pref, rnd = segments.stage_of_spend, seg.channel_preference, round
        h1, h2, h3 = (f'{{"month": "{m}", "data_mb_in_plan": ' for m in self.months)
        r1, r2 = self._r1, self._r2
        if len(r1) + len(r2) > ROUNDED_KEPT:
            r1.clear()
            r2.clear()
        out: list[tuple[Any, ...] | str] = []
        for (ext, name, phone, region, tz, star, vip, tenure, arpu, plan, plan_min, plan_mb,
             cend, handset, gen, vas, arrears, credit, pref, complaints, consent, churned,
             c_phone, c_sms, c_web, c_store, d1, n1, s1, d2, n2, s2, d3, n3, s3), prob, \
                (age, district, community, broadband, packages), (email, postal) \
                in zip(zip(*cols, strict=True), problems, profile, notice, strict=True):
            if prob is not None:
                out.append("; ".join(prob))
                continue
            if plan_mb is None:
                plan_mb = 0
            if plan_min is None:
                plan_min = 0
            used: list[float] = []  # each month's MB, in + out of plan
            spends: list[float] = []
            parts: list[str] = []
            for head, d, mins, sp in ((h1, d1, n1, s1), (h2, d2, n2, s2), (h3, d3, n3, s3)):
                if d is None and mins is None and sp is None:
                    continue
                if d is None:
                    d = 0.0
                # a = round(min(d, plan_mb), 1), b = round(max(0.0, d - plan_mb), 1): the
                # plan's MB (an int, which round keeps as it is) or the rounded float
                if plan_mb < d:
                    a, ta = plan_mb, str(plan_mb)
                    b, tb = r1.get(d - plan_mb) or _rounded(r1, d - plan_mb, 1)
                else:
                    a, ta = r1.get(d) or _rounded(r1, d, 1)
                    b, tb = 0.0, "0.0"
                if mins is None:
                    mins = 0
                c, e = (plan_min, mins - plan_min) if plan_min < mins else (mins, 0)
                if sp is None:
                    sp = 0.0
                sp, tsp = r2.get(sp) or _rounded(r2, sp, 2)
                used.append(a + b)
                spends.append(sp)
                # json.dumps' own text (float and int reprs; finite by the checks)
                parts.append(f'{head}{ta}, "data_mb_out_of_plan": {tb}, '
                             f'"minutes_in_plan": {c}, "minutes_out_of_plan": {e}, '
                             f'"spend_yuan": {tsp}}}')
            if arpu is None:
                arpu = rnd(sum(spends) / len(spends), 2) if spends else 0.0
            if vas is None:
                vas = ()
            vj = vas_json.get(vas)
            if vj is None:
                vj = vas_json[vas] = json.dumps(list(vas))
            if arrears is None:
                arrears = 0.0
            if star is None:
                star = 0
            if tenure is None:
                tenure = 0
            if complaints is None:
                complaints = 0
            score = value_score(arpu=arpu, star=star, tenure=tenure, network_gen=gen or "",
                                vas=len(vas), arrears=arrears, complaints=complaints)
            if c_phone is None and c_sms is None and c_web is None and c_store is None:
                channel = channel_pref(None, pref or "")
            else:
                counts = {c: k for c, k in zip(seg.CHANNELS, (c_phone, c_sms, c_web, c_store),
                                               strict=True) if k is not None}
                channel = channel_pref(counts, pref or "")
            stage = "churned" if churned else (
                stage_of(tenure, spends[0], spends[-1]) if spends else "")
            if sqlite:
                vip = 1 if vip else 0
                cend = cend.isoformat() if cend is not None else None
                churned = churned.isoformat() if churned is not None else None
            else:
                vip = bool(vip)
            out.append((
                ext, name, phone, e164_hash(phone), region or "", tz or "Asia/Shanghai",
                star, vip, tenure, arpu, plan or "", plan_min, plan_mb,
                "[" + ", ".join(parts) + "]", cend, handset or "", gen or "", vj, arrears,
                credit or "", channel, complaints, score, value_tier(score),
                fit_of(sum(used) / len(used), plan_mb) if used and plan_mb > 0 else "",
                stage, consent or "", churned,
                age or "", district or "", community or "", broadband,
                json.dumps(packages) if packages else "[]", email or "", postal or ""))
        return self._big_customers(out, values)

    # -- issue 22: big customers (server/planning/bigcust.py)
    def _big_customers(self, out: list[tuple[Any, ...] | str], values: dict[str, Column]
                       ) -> list[tuple[Any, ...] | str]:
        """Each good row's big_tier and service_fees (bigcust.ROW_COLS) appended, and
        its account manager after them when the file has that column (the importer takes
        it off: ownership is not a customers column)."""
        n = len(out)
        none: Column = [None] * n
        tiers = values.get("big_tier", none)
        owners = values.get("account_manager")
        names = [f for f in bigcust.FEE_FIELDS if f in values]
        # each row's fee cells, None where blank (most rows: all None, "{}" without a dict)
        fee_rows = zip(*[values[f] for f in names], strict=True) if names else iter([()] * n)
        blank = len(names)
        for i, (row, fees) in enumerate(zip(out, fee_rows, strict=True)):
            if isinstance(row, str):
                continue
            fj = "{}" if fees.count(None) == blank else \
                bigcust.fees_json(bigcust.fees_of(dict(zip(names, fees, strict=True))))
            extra: tuple[Any, ...] = (tiers[i] or "", fj)
            if owners is not None:
                extra += (owners[i] or "",)
            out[i] = row + extra
        return out


def wanted_headers(header: list[str], m: Mapping) -> dict[str, str]:
    """field -> header to read it from; raises Unreadable for missing required columns."""
    wanted = dict(m.columns)
    present = set(header)
    for alias, f in ALIASES.items():  # Chinese headers stand in for a missing default
        if wanted[f] == f and f not in present and alias in present:
            wanted[f] = alias
    missing = [h for f, h in wanted.items() if FIELDS[f][1] and h not in present]
    if missing:
        raise Unreadable(f"required columns missing: {', '.join(missing)} "
                         f"(the file has: {', '.join(header)[:300]}); nothing was imported")
    return wanted


# A checked and built stretch of the file: how many rows were read, the line of each good
# row, its customer tuple (ROW_COLS), the bad rows as (line, raw external_id, reason), and
# new customers already as COPY text (server/planning/parallel.py's Fresh; else None).
Built = tuple[int, list[int], list[tuple[Any, ...]], list[tuple[int, str, str]], Any]

CHUNK = 2000  # rows checked together
_W: dict[str, Any] = {}  # per-process state (the import's worker processes have their own)


def init(header: list[str], m: Mapping, months: list[str], sqlite: bool) -> None:
    _W["checker"] = ChunkChecker(header, m, months, sqlite)


def prepare(chunk: list[tuple[int, Cells]]) -> Built:
    """Check and build a chunk of (line, cells): the good rows' lines and customer
    tuples, and the bad rows with their reasons."""
    checker: ChunkChecker = _W["checker"]
    good = [(line, cells) for line, cells in chunk if not isinstance(cells, str)]
    values, problems = checker.convert([cells for _, cells in good])
    built = checker.build(values, problems)
    ext = checker.ext_index
    lines: list[int] = []
    rows: list[tuple[Any, ...]] = []
    bad: list[tuple[int, str, str]] = []
    if len(good) < len(chunk):
        bad = [(line, "", cells) for line, cells in chunk if isinstance(cells, str)]
    for (line, cells), row in zip(good, built, strict=True):
        if isinstance(row, str):
            bad.append((line, clean_id(cells[ext]), row))
        else:
            lines.append(line)
            rows.append(row)
    if bad and len(good) < len(chunk):
        bad.sort()
    return len(chunk), lines, rows, bad, None
