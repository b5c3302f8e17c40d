"""The import's fields and the converters of one cell (text -> value, or RowError).

FIELDS is the field table (docs/planning.md shows it), COLUMNS the default header of
each field, ALIASES the Chinese headers also recognised, Mapping a mapping file's
settings. `_make` builds the converter of one column; the import applies it cell by cell
where a column's quick check (server/planning/chunks.py) does not pass.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import regex
import yaml

from server.planning import bigcust
from server.planning import segmentation as seg
from server.planning.reading import Unreadable, mask
from wire.phones import PhoneError, clean_text
from wire.phones import normalise_phone as _normalise

USAGE_MONTHS = 3

# field -> (kind, required). Kinds: str:N (max length in code points: identifiers),
# text:N (at most N graphemes, as people count characters, and 4N bytes of UTF-8), int,
# float, bool, date, phone, tz, list, channel, gen. The header is the field name unless a
# mapping says otherwise.
FIELDS: dict[str, tuple[str, bool]] = {
    "external_id": ("str:32", True), "name": ("text:100", True), "phone": ("phone", True),
    "region": ("text:100", False), "timezone": ("tz", False), "star_level": ("int:0:5", False),
    "vip": ("bool", False), "tenure_months": ("int:0:1200", False),
    "arpu_yuan": ("float", False), "plan_name": ("text:100", False),
    "plan_minutes": ("int:0:100000", False), "plan_data_mb": ("int:0:10000000", False),
    "contract_end": ("date", False), "handset": ("text:100", False),
    "network_gen": ("gen", False), "value_added_services": ("list", False),
    "arrears_yuan": ("float", False), "credit_class": ("text:16", False),
    "preferred_channel": ("channel", False), "complaints": ("int:0:1000", False),
    "consent_basis": ("text:200", False), "churned_on": ("date", False),
    "contacts_phone": ("int:0:100000", False), "contacts_sms": ("int:0:100000", False),
    "contacts_web": ("int:0:100000", False), "contacts_store": ("int:0:100000", False),
}
for _m in range(1, USAGE_MONTHS + 1):  # m1 = three months ago ... m3 = last month
    FIELDS[f"m{_m}_data_mb"] = ("float", False)
    FIELDS[f"m{_m}_minutes"] = ("int:0:1000000", False)
    FIELDS[f"m{_m}_spend_yuan"] = ("float", False)
# --- issue 22, script variants by segment: the profile fields variants' rules read ---
# age_band "25-34" / "65+"; package_history one cell, "YYYY-MM-DD name" entries
# separated by ";" (e.g. "2021-03-01 4G Smart 38; 2024-07-15 5G Smart 128").
PROFILE_FIELDS: dict[str, tuple[str, bool]] = {
    "age_band": ("ageband", False), "district": ("text:100", False),
    "community": ("text:100", False), "broadband_mbps": ("int:0:100000", False),
    "package_history": ("packages", False),
}
FIELDS.update(PROFILE_FIELDS)
# --- end of issue 22's fields ---
# -- issue 21: where a notice after the sale goes when the verifier cannot reach the
# customer (server/aftersale/verify.py: an email, else a letter to the postal address)
NOTICE_FIELDS: dict[str, tuple[str, bool]] = {
    "email": ("email", False), "postal_address": ("text:200", False),
}
FIELDS.update(NOTICE_FIELDS)
# -- end of issue 21's fields
# -- issue 22: big customers (tier, account manager, per-service fees; server/planning/bigcust.py)
FIELDS.update(bigcust.FIELDS)
# -- end of issue 22's fields
COLUMNS = {f: f for f in FIELDS}
# Headers as Chinese billing exports often name them (accepted without a mapping file).
ALIASES = {"客户编号": "external_id", "姓名": "name", "客户姓名": "name", "手机号码": "phone",
           "号码": "phone", "地区": "region", "星级": "star_level", "在网时长": "tenure_months",
           "套餐": "plan_name", "合约到期": "contract_end",
           # issue 22
           "年龄段": "age_band", "区县": "district", "小区": "community",
           "宽带速率": "broadband_mbps", "套餐历史": "package_history",
           # issue 21
           "电子邮箱": "email", "邮箱": "email", "通信地址": "postal_address",
           "邮寄地址": "postal_address"}


@dataclass
class Mapping:
    columns: dict[str, str] = field(default_factory=lambda: dict(COLUMNS))
    delimiter: str = ","
    list_separator: str = "|"
    phone_region: str = "CN"
    decimal_comma: bool = False  # "58,5" is 58.5 (declared: else a comma must group thousands)
    # issue 22: usernames an account_manager cell may name (None: not checked, a preview)
    managers: frozenset[str] | None = None

    @classmethod
    def load(cls, path: Path | None) -> Mapping:
        if path is None:
            return cls()
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
            raise Unreadable(f"mapping file {path}: {exc}") from exc
        cols = dict(COLUMNS)
        unknown = [k for k in (doc.get("columns") or {}) if k not in FIELDS]
        if unknown:
            raise Unreadable(f"mapping file {path}: unknown fields {', '.join(unknown)}")
        cols.update({k: str(v) for k, v in (doc.get("columns") or {}).items()})
        return cls(cols, str(doc.get("delimiter", ",")), str(doc.get("list_separator", "|")),
                   str(doc.get("phone_region", "CN")), bool(doc.get("decimal_comma", False)))


class RowError(ValueError):
    pass


# Where Unicode puts whitespace and format characters (Cf): the Basic and Supplementary
# Multilingual Planes, and plane 14's tags. The other planes hold ideographs (2, 3),
# nothing yet (4-13) or private use (15, 16). Reading only these planes takes 10 ms
# where all 1.1 million code points took 0.3 s, on the import's critical path (every
# import's first step; tests/server/test_planning_fastpath.py compares the two).
EDGE_PLANES = (range(0, 0x20000), range(0xE0000, 0xF0000))


@cache
def edge_chars() -> str:
    """Every character a cell loses at its ends: all whitespace (tab, no-break space,
    ideographic space...) and every invisible mark (category Cf: ZWSP, BOM, soft hyphen)."""
    return "".join(ch for plane in EDGE_PLANES for ch in map(chr, plane)
                   if ch.isspace() or unicodedata.category(ch) == "Cf")


@cache
def edge_marks() -> frozenset[str]:
    """The characters of edge_chars() that str.strip() leaves (invisible marks)."""
    return frozenset(c for c in edge_chars() if c.strip())


def strip_cell(text: str) -> str:
    return text.strip() if text.isascii() else text.strip(edge_chars())


def clean_id(text: str) -> str:
    """An identifier as the key compares it: NFKC (full-width letters and digits folded),
    no invisible marks anywhere, no whitespace at the ends (`B002\u00a0` is B002)."""
    if text.isascii():
        return text.strip()
    return clean_text(text).strip(edge_chars())


def normalise_phone(raw: str, region: str = "CN") -> str:
    """E.164 via the one normaliser (`wire.phones`); RowError with the masked text."""
    try:
        return _normalise(raw, region)
    except PhoneError as exc:
        raise RowError(f"{exc} ({mask(raw)})") from None


@lru_cache(maxsize=512)
def _tz_ok(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


TRUE = {"1", "true", "yes", "y", "是", "t"}
FALSE = {"0", "false", "no", "n", "否", "f", ""}


def _make(name: str, kind: str, m: Mapping) -> Callable[[str], Any]:
    """A converter of one column's text (built once per import, not per cell)."""
    base, *args = kind.split(":")
    if base == "str":
        limit = int(args[0])

        def to_str(text: str) -> str:
            if len(text) > limit:
                raise RowError(f"{name}: longer than {limit} characters")
            return text

        return to_str
    if base == "text":
        limit = int(args[0])

        def to_text(text: str) -> str:
            if len(text) > limit:  # in code points: count what a reader sees
                if len(text.encode("utf-8")) > 4 * limit:
                    raise RowError(f"{name}: longer than {4 * limit} bytes")
                if graphemes(text) > limit:
                    raise RowError(f"{name}: longer than {limit} characters")
            return text

        return to_text
    if base == "int":
        lo, hi = int(args[0]), int(args[1])

        def to_int(text: str) -> int:
            try:
                v = int(text)
            except ValueError:
                try:
                    f = float(text)
                except ValueError:
                    raise RowError(f"{name}: not a whole number ({text!r})") from None
                if not f.is_integer():
                    raise RowError(f"{name}: not a whole number ({text!r})") from None
                v = int(f)
            if not lo <= v <= hi:
                raise RowError(f"{name}: {v} is outside {lo}..{hi}")
            return v

        return to_int
    if base == "float":

        comma = m.decimal_comma

        def to_float(text: str) -> float:
            try:
                f = float(text)
            except ValueError:
                f = _comma_number(name, text, comma)
            if f != f or f < 0 or f == float("inf"):
                raise RowError(f"{name}: must be a number >= 0")
            return f

        return to_float
    if base == "bool":

        def to_bool(text: str) -> bool:
            low = text.lower()
            if low in TRUE:
                return True
            if low in FALSE:
                return False
            raise RowError(f"{name}: expected yes/no ({text!r})")

        return to_bool
    if base == "date":

        def to_date(text: str) -> date:
            try:
                return date.fromisoformat(text.replace("/", "-")[:10])
            except ValueError:
                raise RowError(f"{name}: not a date YYYY-MM-DD ({text!r})") from None

        return to_date
    if base == "phone":
        return lambda text: normalise_phone(text, m.phone_region)
    if base == "tz":

        def to_tz(text: str) -> str:
            if not _tz_ok(text):
                raise RowError(f"{name}: unknown time zone ({text!r})")
            return text

        return to_tz
    if base == "list":
        sep = m.list_separator
        return lambda text: [p.strip() for p in text.split(sep) if p.strip()]
    if base == "channel":

        def to_channel(text: str) -> str:
            if text not in seg.CHANNELS:
                raise RowError(f"{name}: expected one of {', '.join(seg.CHANNELS)} ({text!r})")
            return text

        return to_channel
    if base == "gen":

        def to_gen(text: str) -> str:
            t = text.upper()
            if t not in ("2G", "3G", "4G", "5G"):
                raise RowError(f"{name}: expected 2G, 3G, 4G or 5G ({text!r})")
            return t

        return to_gen
    if base == "email":

        def to_email(text: str) -> str:
            local, at, domain = text.rpartition("@")
            if not at or not local or "." not in domain.strip(".") or len(text) > 254 \
                    or any(c.isspace() or c in "<>,;\"" for c in text):
                raise RowError(f"{name}: not an email address ({text[:80]!r})")
            return text

        return to_email
    if base == "ageband":
        return lambda text: age_band(name, text)
    if base == "packages":
        return lambda text: package_history(name, text)
    # -- issue 22: a big-customer tier, an account manager's username
    if base == "bigtier":

        def to_tier(text: str) -> str:
            tier = bigcust.tier_of(text)
            if tier is None:
                raise RowError(f"{name}: expected one of {', '.join(bigcust.BIG_TIERS)} or "
                               f"{', '.join(bigcust.BIG_TIER_ZH.values())} ({text!r})")
            return tier

        return to_tier
    if base == "manager":
        known = m.managers

        def to_manager(text: str) -> str:
            if known is not None and text not in known:
                raise RowError(f"{name}: {text!r} is not an active team lead or admin account")
            return text

        return to_manager
    raise AssertionError(kind)


_BAND = re.compile(r"^(\d{1,3})\s*(?:(\+|岁以上|以上)|(?:-|–|~|至)\s*(\d{1,3})\s*岁?)$")
_ENTRY_SPLIT = re.compile(r"\s*[;；]\s*")
_ENTRY = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2}|\d{4}/\d{1,2}/\d{1,2})\s+(.+)$")


def age_band(name: str, text: str) -> str:
    """An age band as wire.variants reads it: "25-34" or "65+" (also 25~34, 25至34岁,
    65岁以上; full-width digits folded)."""
    m = _BAND.match(unicodedata.normalize("NFKC", text))
    if m is None:
        raise RowError(f"{name}: expected an age band such as 25-34 or 65+ ({text!r})")
    lo = int(m[1])
    if m[2]:
        return f"{lo}+"
    hi = int(m[3])
    if hi < lo or hi > 150:
        raise RowError(f"{name}: {lo}-{hi} is no age band")
    return f"{lo}-{hi}"


def package_history(name: str, text: str) -> list[dict[str, str]]:
    """Previous packages from one cell: "YYYY-MM-DD name" entries separated by ";" (or
    "；"), stored oldest first as [{"since": "YYYY-MM-DD", "name": ...}]."""
    out: list[dict[str, str]] = []
    for n, entry in enumerate((e for e in _ENTRY_SPLIT.split(text) if e), start=1):
        m = _ENTRY.match(entry)
        if m is None:
            raise RowError(f"{name}: entry {n} ({entry[:40]!r}) is not 'YYYY-MM-DD package'")
        try:
            y, mo, d = (int(p) for p in re.split(r"[-/]", m[1]))
            since = date(y, mo, d)
        except ValueError:
            raise RowError(f"{name}: entry {n} has no valid date ({m[1]!r})") from None
        pkg = m[2].strip()
        if len(pkg) > 100:
            raise RowError(f"{name}: entry {n}: a package name is at most 100 characters")
        out.append({"since": since.isoformat(), "name": pkg})
    if len(out) > 50:
        raise RowError(f"{name}: at most 50 entries")
    out.sort(key=lambda e: e["since"])
    return out


_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+(\.\d*)?")
_DECIMAL_COMMA = re.compile(r"\d{1,3}(\.\d{3})+(,\d*)?|\d+(,\d*)?")


def _comma_number(name: str, text: str, decimal_comma: bool) -> float:
    """A number with commas: thousands groups (1,234.5), or with a declared decimal
    comma 58,5 and 1.234,5. Anything else is refused, never guessed (58,5 is not 585)."""
    if decimal_comma and _DECIMAL_COMMA.fullmatch(text):
        return float(text.replace(".", "").replace(",", "."))
    if not decimal_comma and _THOUSANDS.fullmatch(text):
        return float(text.replace(",", ""))
    if not decimal_comma and re.fullmatch(r"\d+,\d+", text):
        dot = text.replace(",", ".")
        raise RowError(f"{name}: {text!r} has a decimal comma; run again with "
                       f"--decimal-comma (or write {dot!r})")
    raise RowError(f"{name}: not a number ({text!r})")


def graphemes(text: str) -> int:
    """Characters as a reader counts them (extended grapheme clusters: an emoji family of
    7 code points is one)."""
    return len(regex.findall(r"\X", text))


def _months(today: date) -> list[str]:
    out, y, mth = [], today.year, today.month
    for _ in range(USAGE_MONTHS):
        mth -= 1
        if mth == 0:
            y, mth = y - 1, 12
        out.append(f"{y:04d}-{mth:02d}")
    return list(reversed(out))
