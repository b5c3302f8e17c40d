"""The import's fields and the converters of one cell (text -> value, or RowError).

FIELDS is the field table (docs/planning.md shows it), COLUMNS the default header of
each field, ALIASES the Chinese headers also recognised, Mapping a mapping file's
settings. `_make` builds the converter of one column; the import applies it cell by cell
where a column's quick check (server/planning/chunks.py) does not pass.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
import yaml

from server.planning import segmentation as seg
from server.planning.reading import Unreadable, mask

USAGE_MONTHS = 3

# field -> (kind, required). Kinds: str:N (max length), int, float, bool, date, phone,
# tz, list, channel, gen. The header is the field name unless a mapping says otherwise.
FIELDS: dict[str, tuple[str, bool]] = {
    "external_id": ("str:32", True), "name": ("str:100", True), "phone": ("phone", True),
    "region": ("str:100", False), "timezone": ("tz", False), "star_level": ("int:0:5", False),
    "vip": ("bool", False), "tenure_months": ("int:0:1200", False),
    "arpu_yuan": ("float", False), "plan_name": ("str:100", False),
    "plan_minutes": ("int:0:100000", False), "plan_data_mb": ("int:0:10000000", False),
    "contract_end": ("date", False), "handset": ("str:100", False),
    "network_gen": ("gen", False), "value_added_services": ("list", False),
    "arrears_yuan": ("float", False), "credit_class": ("str:16", False),
    "preferred_channel": ("channel", False), "complaints": ("int:0:1000", False),
    "consent_basis": ("str:200", False), "churned_on": ("date", False),
    "contacts_phone": ("int:0:100000", False), "contacts_sms": ("int:0:100000", False),
    "contacts_web": ("int:0:100000", False), "contacts_store": ("int:0:100000", False),
}
for _m in range(1, USAGE_MONTHS + 1):  # m1 = three months ago ... m3 = last month
    FIELDS[f"m{_m}_data_mb"] = ("float", False)
    FIELDS[f"m{_m}_minutes"] = ("int:0:1000000", False)
    FIELDS[f"m{_m}_spend_yuan"] = ("float", False)
COLUMNS = {f: f for f in FIELDS}
# Headers as Chinese billing exports often name them (accepted without a mapping file).
ALIASES = {"客户编号": "external_id", "姓名": "name", "客户姓名": "name", "手机号码": "phone",
           "号码": "phone", "地区": "region", "星级": "star_level", "在网时长": "tenure_months",
           "套餐": "plan_name", "合约到期": "contract_end"}


@dataclass
class Mapping:
    columns: dict[str, str] = field(default_factory=lambda: dict(COLUMNS))
    delimiter: str = ","
    list_separator: str = "|"
    phone_region: str = "CN"

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
                   str(doc.get("phone_region", "CN")))


class RowError(ValueError):
    pass


_PREFIX_OK: dict[str, bool] = {}


def _mobile_prefix_ok(number: str) -> bool:
    """Validity of an 11-digit CN mobile number (1[3-9]...), decided once per prefix: the
    first 5 digits, or 7 for 179 (179xx00 reads as an international dialling prefix)."""
    key = number[:7] if number.startswith("179") else number[:5]
    ok = _PREFIX_OK.get(key)
    if ok is None:
        try:
            ok = phonenumbers.is_valid_number(phonenumbers.parse(number, "CN"))
        except phonenumbers.NumberParseException:
            ok = False  # e.g. 179xx00...: read as an international dialling prefix
        _PREFIX_OK[key] = ok
    return ok


def normalise_phone(raw: str, region: str = "CN") -> str:
    """E.164 via phonenumbers. The common case, an 11-digit mainland mobile number, is
    validated once per prefix: libphonenumber's CN mobile patterns fix at most the first 5
    digits (checked in tests/server/test_planning_import.py), the rest are free, so the
    answer for one number is its prefix's answer. Everything else gets the full parse."""
    s = raw.strip().replace(" ", "").replace("-", "")
    if s.startswith("+86"):
        s = s[3:]
    elif s.startswith("0086"):
        s = s[4:]
    if region == "CN" and len(s) == 11 and s.isdigit() and s[0] == "1" and s[1] in "3456789":
        if not _mobile_prefix_ok(s):
            raise RowError(f"phone: not a valid number ({mask(raw)})")
        return "+86" + s
    try:
        num = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as exc:
        raise RowError(f"phone: cannot be read as a number ({mask(raw)})") from exc
    if not phonenumbers.is_valid_number(num):
        raise RowError(f"phone: not a valid number ({mask(raw)})")
    return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)


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

        def to_float(text: str) -> float:
            try:
                f = float(text)
            except ValueError:
                try:
                    f = float(text.replace(",", ""))
                except ValueError:
                    raise RowError(f"{name}: not a number ({text!r})") from None
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
    raise AssertionError(kind)


def _months(today: date) -> list[str]:
    out, y, mth = [], today.year, today.month
    for _ in range(USAGE_MONTHS):
        mth -= 1
        if mth == 0:
            y, mth = y - 1, 12
        out.append(f"{y:04d}-{mth:02d}")
    return list(reversed(out))
