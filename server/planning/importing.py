"""`import-customers FILE`: CSV or XLSX into `customers`, updating by external_id.

Each row is checked on its own (types, required fields, a valid phone number); a bad row
goes to the error report with its line number and reason and the good rows are imported.
A file that cannot be read at all (wrong encoding, malformed CSV, missing required
columns) raises Unreadable and the whole import rolls back: nothing changes.

The default column mapping (header names; docs/planning.md has the table) is COLUMNS;
a mapping file (YAML) maps our field names to another layout's headers:

    columns: {external_id: 客户编号, name: 姓名, phone: 手机号码}
    delimiter: ";"          # optional, CSV only
    list_separator: "|"     # optional, value_added_services
    phone_region: CN        # optional, for numbers without a country code
"""

from __future__ import annotations

import csv
import json
import logging
import multiprocessing as mp
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date
from functools import lru_cache
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
import yaml
from sqlalchemy import JSON, Boolean, Date, Table, select, update
from sqlalchemy.orm import Session

from server import audit, changes
from server.models import Customer, QueueItem, UTCDateTime, new_id
from server.planning import segmentation as seg
from server.planning.reading import Unreadable, mask, read_rows
from wire.schema import QueueStatus, phone_hash

log = logging.getLogger(__name__)
BATCH = 5000
CUSTOMERS = cast(Table, Customer.__table__)
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


@dataclass
class ImportResult:
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # line, ext id, reason
    report: str | None = None

    @property
    def rejected(self) -> int:
        return len(self.errors)

    def summary(self) -> str:
        return (f"{self.rows} rows read: {self.inserted} new, {self.updated} updated, "
                f"{self.rejected} rejected")


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
                raise RowError(f"{name}: expected 3G, 4G or 5G ({text!r})")
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


def build_customer(v: dict[str, Any], months: list[str], today: date) -> dict[str, Any]:
    """Customer columns from converted fields, with the segmentation filled in."""
    plan_mb, plan_min = v.get("plan_data_mb", 0), v.get("plan_minutes", 0)
    usage: list[dict[str, Any]] = []
    for i, month in enumerate(months, start=1):
        if f"m{i}_data_mb" not in v and f"m{i}_minutes" not in v and f"m{i}_spend_yuan" not in v:
            continue
        data, mins = v.get(f"m{i}_data_mb", 0.0), v.get(f"m{i}_minutes", 0)
        usage.append({"month": month, "data_mb_in_plan": round(min(data, plan_mb), 1),
                      "data_mb_out_of_plan": round(max(0.0, data - plan_mb), 1),
                      "minutes_in_plan": min(mins, plan_min),
                      "minutes_out_of_plan": max(0, mins - plan_min),
                      "spend_yuan": round(v.get(f"m{i}_spend_yuan", 0.0), 2)})
    arpu = v.get("arpu_yuan")
    if arpu is None:
        arpu = round(sum(u["spend_yuan"] for u in usage) / len(usage), 2) if usage else 0.0
    vas = v.get("value_added_services", [])
    arrears = v.get("arrears_yuan", 0.0)
    gen = v.get("network_gen", "")
    star, tenure, complaints = v.get("star_level", 0), v.get("tenure_months", 0), \
        v.get("complaints", 0)
    score = seg.value_score(arpu=arpu, star=star, tenure=tenure, network_gen=gen,
                            vas=len(vas), arrears=arrears, complaints=complaints)
    counts = {c: v[f"contacts_{c}"] for c in seg.CHANNELS if f"contacts_{c}" in v}
    stage = "churned" if v.get("churned_on") else (
        seg.segments.lifecycle_stage(tenure, usage) if usage else "")
    return {
        "external_id": v["external_id"], "name": v["name"], "phone": v["phone"],
        "phone_hash": phone_hash(v["phone"]), "region": v.get("region", ""),
        "timezone": v.get("timezone", "Asia/Shanghai"), "star_level": star,
        "vip": v.get("vip", False), "tenure_months": tenure, "arpu_yuan": arpu,
        "plan_name": v.get("plan_name", ""), "plan_minutes": plan_min,
        "plan_data_mb": plan_mb, "usage": usage, "contract_end": v.get("contract_end"),
        "handset": v.get("handset", ""), "network_gen": gen, "value_added_services": vas,
        "arrears_yuan": arrears, "credit_class": v.get("credit_class", ""),
        "preferred_channel": seg.channel_preference(counts,
                                                    v.get("preferred_channel", "phone")),
        "complaints": complaints, "value_score": score, "value_tier": seg.value_tier(score),
        "plan_fit": seg.plan_fit(usage, plan_mb), "lifecycle_stage": stage,
        "consent_basis": v.get("consent_basis", ""), "churned_on": v.get("churned_on"),
    }


def _converter(header: list[str], m: Mapping) \
        -> tuple[Callable[[dict[str, str]], dict[str, Any]], dict[str, str]]:
    wanted = {f: h for f, h in m.columns.items()}
    present = set(header)
    for alias, f in ALIASES.items():  # Chinese headers stand in for a missing default
        if wanted[f] == f and f not in present and alias in present:
            wanted[f] = alias
    missing = [h for f, h in wanted.items() if FIELDS[f][1] and h not in present]
    if missing:
        raise Unreadable(f"required columns missing: {', '.join(missing)} "
                         f"(the file has: {', '.join(header)[:300]}); nothing was imported")
    cols = [(f, h, _make(f, FIELDS[f][0], m), FIELDS[f][1])
            for f, h in wanted.items() if h in present]

    def convert(row: dict[str, str]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        problems: list[str] = []
        for f, h, fn, required in cols:
            text = row.get(h) or ""
            if not text or text[0] == " " or text[-1] == " ":
                text = text.strip()
                if not text:
                    if required:
                        problems.append(f"{f}: required")
                    continue
            try:
                out[f] = fn(text)
            except RowError as exc:
                problems.append(str(exc))
        if problems:
            raise RowError("; ".join(problems))
        return out

    return convert, wanted


_W: dict[str, Any] = {}  # per-process state of the row workers


def _init_worker(header: list[str], m: Mapping, months: list[str], today: date) -> None:
    _W["convert"] = _converter(header, m)[0]
    _W["months"], _W["today"] = months, today


Prepared = tuple[int, dict[str, Any] | None, str]  # line, customer or None, error


def _prepare(chunk: list[tuple[int, dict[str, str]]]) -> list[Prepared]:
    """Check and build a chunk of rows (in a worker process for big files)."""
    convert, months, today = _W["convert"], _W["months"], _W["today"]
    out: list[Prepared] = []
    for line, row in chunk:
        if "__error__" in row:
            out.append((line, None, row["__error__"]))
            continue
        try:
            out.append((line, build_customer(convert(row), months, today), ""))
        except RowError as exc:
            out.append((line, None, str(exc)))
    return out


def _chunks(rows: Iterator[tuple[int, dict[str, str]]], size: int) \
        -> Iterator[list[tuple[int, dict[str, str]]]]:
    chunk: list[tuple[int, dict[str, str]]] = []
    for r in rows:
        chunk.append(r)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def import_customers(session: Session, path: Path, *, encoding: str | None = None,
                     mapping: Mapping | None = None, actor_id: str | None = None,
                     today: date | None = None, report: Path | None = None,
                     workers: int = 1) -> ImportResult:
    """Import into the caller's transaction (the caller commits; on Unreadable it must
    roll back). Writes the error report (CSV: line, external_id, reason) if any row failed.
    workers > 1 checks rows in that many forked processes (the CLI and bench do, for
    large files); the database is written by this process only, in file order."""
    m = mapping or Mapping()
    today = today or date.today()
    months = _months(today)
    res = ImportResult()
    header, rows = read_rows(path, encoding, m.delimiter)
    wanted = _converter(header, m)[1]  # raises Unreadable for missing required columns
    existing: dict[str, str] = dict(
        (str(e), str(i)) for e, i in session.execute(select(Customer.external_id, Customer.id)))
    seen: dict[str, int] = {}
    batch_new: list[dict[str, Any]] = []
    batch_upd: list[dict[str, Any]] = []
    ext_header = wanted["external_id"]
    raw_ext: dict[int, str] = {}
    pool = None
    if workers > 1 and "fork" in mp.get_all_start_methods():
        pool = mp.get_context("fork").Pool(workers, _init_worker, (header, m, months, today))
    else:
        _init_worker(header, m, months, today)

    def tagged() -> Iterator[tuple[int, dict[str, str]]]:
        for line, row in rows:  # keep the raw id of bad rows for the report
            res.rows += 1
            raw_ext[line] = (row.get(ext_header) or "").strip()
            yield line, row

    try:
        chunks = _chunks(tagged(), 2000)
        results = pool.imap(_prepare, chunks) if pool else map(_prepare, chunks)
        for prepared in results:
            for line, cust, error in prepared:
                ext = raw_ext.pop(line, "")
                if cust is not None and cust["external_id"] in seen:
                    error = f"external_id: duplicate of line {seen[cust['external_id']]}"
                if error or cust is None:
                    res.errors.append((line, ext, error))
                    continue
                seen[cust["external_id"]] = line
                known = existing.get(cust["external_id"])
                if known is None:
                    cust["id"] = new_id()
                    batch_new.append(cust)
                else:
                    cust["id"] = known
                    batch_upd.append(cust)
            if len(batch_new) >= BATCH:
                _flush_new(session, batch_new, res)
            if len(batch_upd) >= BATCH:
                _flush_upd(session, batch_upd, res)
    finally:
        if pool is not None:
            pool.terminate()
    _flush_new(session, batch_new, res)
    _flush_upd(session, batch_upd, res)
    if res.errors:
        out = report or path.with_name(path.name + ".errors.csv")
        write_report(out, res.errors)
        res.report = str(out)
    audit.record(session, actor_id=actor_id, action="customers.import", entity="file",
                 entity_id=path.name[:64], rows=res.rows, inserted=res.inserted,
                 updated=res.updated, rejected=res.rejected)
    log.info("customer import %s: %s", path.name, res.summary())
    return res


def bulk_insert(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """executemany on the driver through the session's connection (same transaction):
    values are encoded here the way the column types store them (JSON as text, dates and
    booleans as SQLite keeps them), which skips SQLAlchemy's per-row bind processing -
    the larger part of the cost at a million rows."""
    if not rows:
        return
    conn = session.connection()
    dialect = conn.dialect
    sqlite = dialect.name == "sqlite"
    cols = list(rows[0])
    marks = ", ".join(["?"] * len(cols)) if dialect.paramstyle == "qmark" else \
        ", ".join(["%s"] * len(cols))
    sql = f"INSERT INTO {table.name} ({', '.join(cols)}) VALUES ({marks})"
    kinds = []
    for c in cols:
        t = table.c[c].type
        kinds.append("json" if isinstance(t, JSON) else
                     "utc" if isinstance(t, UTCDateTime) else
                     "date" if sqlite and isinstance(t, Date) else
                     "bool" if sqlite and isinstance(t, Boolean) else "")
    enc = [(i, k) for i, k in enumerate(kinds) if k]
    dumps = json.dumps
    params = []
    for r in rows:
        v = [r[c] for c in cols]
        for i, k in enc:
            x = v[i]
            if x is None:
                continue
            if k == "utc":  # naive UTC, as UTCDateTime stores it
                x = x.astimezone(UTC).replace(tzinfo=None)
                v[i] = x.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else x
            else:
                v[i] = dumps(x) if k == "json" else x.isoformat() if k == "date" else int(x)
        params.append(tuple(v))
    conn.exec_driver_sql(sql, params)


def _flush_new(session: Session, batch: list[dict[str, Any]], res: ImportResult) -> None:
    if batch:
        bulk_insert(session, CUSTOMERS, batch)
        res.inserted += len(batch)
        batch.clear()


def _flush_upd(session: Session, batch: list[dict[str, Any]], res: ImportResult) -> None:
    if not batch:
        return
    session.execute(update(Customer), batch)
    # Customers on an agent's list: their desktop shows the new data on the next pull.
    ids = [c["id"] for c in batch]
    for item_id, agent_id in session.execute(
        select(QueueItem.id, QueueItem.agent_id).where(
            QueueItem.customer_id.in_(ids), QueueItem.status != QueueStatus.CLOSED.value)):
        changes.emit(session, "queue_item", item_id, agent_id)
    res.updated += len(batch)
    batch.clear()


def write_report(path: Path, errors: list[tuple[int, str, str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["line", "external_id", "reason"])
        for line, ext, reason in errors:
            w.writerow([line, ext, reason])
