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

import dataclasses
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from server import audit, segments
from server.models import Customer
from server.planning import bigcust, chunks, churn_tasks, ownership, parallel, reimport
from server.planning import segmentation as seg
from server.planning.bulk import (
    DeferredIndexes,
    Writer,
    copy_binary,
    copy_formatter,
    insert_rows,
    large_cache,
    time_ids,
)
from server.planning.fields import (
    ALIASES,
    COLUMNS,
    FIELDS,
    USAGE_MONTHS,
    Mapping,
    RowError,
    _months,
    normalise_phone,
)
from server.planning.reading import Cells, decode_check, read_lists
from wire import csvsafe
from wire.phones import _mobile_prefix_ok
from wire.schema import phone_hash

__all__ = ["ALIASES", "COLUMNS", "FIELDS", "USAGE_MONTHS", "ImportResult", "Mapping",
           "RowError", "_mobile_prefix_ok", "build_customer", "import_customers",
           "normalise_phone", "settle_report", "write_report"]

log = logging.getLogger(__name__)
BATCH = 5000  # rows per INSERT/COPY
# SQLite: after this many new customers, if they outnumber those already on file, the
# phone index is dropped and built again at the end (bulk.DeferredIndexes)
DEFER_INDEXES_AFTER = 50_000
CUSTOMERS = cast(Table, Customer.__table__)
INSERT_COLS = ("id", *chunks.ROW_COLS)


@dataclass
class ImportResult:
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    customers_before: int = 0
    customers_after: int = 0
    dnc_closed: int = 0  # open items closed: the customer's new number is on the list
    stale_items: list[str] = field(default_factory=list)  # open items to plan again
    blanked: list[str] = field(default_factory=list)  # columns --replace blanked
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # line, ext id, reason
    report: str | None = None
    owners_set: int = 0  # issue 22: customers given an account manager by the file
    tasks_opened: int = 0  # issue 22: cause-analysis tasks the warnings opened

    @property
    def rejected(self) -> int:
        return len(self.errors)

    def rejected_by_reason(self) -> dict[str, int]:
        """How many rows each kind of reason rejected (the field, or the row's shape)."""
        out: dict[str, int] = {}
        for _, _, reason in self.errors:
            key = reason_key(reason)
            out[key] = out.get(key, 0) + 1
        return dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))

    def summary(self) -> str:
        text = (f"{self.rows} rows read: {self.inserted} new, {self.updated} updated, "
                f"{self.unchanged} unchanged, {self.rejected} rejected")
        if self.errors:
            text += " (" + ", ".join(f"{k} {n}" for k, n in self.rejected_by_reason().items()) \
                + ")"
        text += f"; customers on file: {self.customers_before} before, " \
                f"{self.customers_after} after"
        if self.dnc_closed:
            text += (f"; {self.dnc_closed} open queue items closed: the new number is on the "
                     "do-not-call list")
        if self.stale_items:
            text += (f"; {len(self.stale_items)} open queue items of customers whose segment "
                     "or usage changed: plan the campaign again to refresh their reasons")
        if self.owners_set:
            text += f"; {self.owners_set} customers given an account manager"
        if self.tasks_opened:
            text += f"; {self.tasks_opened} cause-analysis tasks opened"
        return text


def reason_key(reason: str) -> str:
    """The kind of a rejection: the field its first reason names, else the reason."""
    first = reason.split("; ", 1)[0]
    head = first.split(":", 1)[0]
    if head in FIELDS:
        return head
    if first.startswith("expected ") and " fields, found " in first:
        return "number of fields"
    return first


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
        segments.lifecycle_stage(tenure, usage) if usage else "")
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
                                                    v.get("preferred_channel", "")),
        "complaints": complaints, "value_score": score, "value_tier": seg.value_tier(score),
        "plan_fit": seg.plan_fit(usage, plan_mb), "lifecycle_stage": stage,
        "consent_basis": v.get("consent_basis", ""), "churned_on": v.get("churned_on"),
        # issue 22: the profile fields script variants read
        "age_band": v.get("age_band", ""), "district": v.get("district", ""),
        "community": v.get("community", ""), "broadband_mbps": v.get("broadband_mbps"),
        "package_history": v.get("package_history", []),
        # issue 21: where a notice after the sale goes
        "email": v.get("email") or "", "postal_address": v.get("postal_address") or "",
        # issue 22: big customers
        "big_tier": v.get("big_tier") or "", "service_fees": bigcust.fees_of(v),
    }


def _built(rows: Iterator[tuple[int, Cells]]) -> Iterator[chunks.Built]:
    """Rows checked and built in this process, a chunk at a time."""
    chunk: list[tuple[int, Cells]] = []
    append = chunk.append
    for r in rows:
        append(r)
        if len(chunk) >= chunks.CHUNK:
            yield chunks.prepare(chunk)
            chunk = []
            append = chunk.append
    if chunk:
        yield chunks.prepare(chunk)


def import_customers(session: Session, path: Path, *, encoding: str | None = None,
                     mapping: Mapping | None = None, actor_id: str | None = None,
                     today: date | None = None, report: Path | None = None,
                     workers: int = 1, replace: bool = False,
                     decimal_comma: bool = False,
                     announce: Callable[[list[str]], None] | None = None,
                     progress: Callable[[int], None] | None = None) -> ImportResult:
    """Import into the caller's transaction (the caller commits; on Unreadable it must
    roll back). Writes the error report (CSV: line, external_id, reason) if any row failed,
    and removes an earlier one when none did. Customers already on file get only the
    columns the file has (`replace=True`: every column, the missing ones blanked; see
    server/planning/reimport.py). workers > 1 reads, checks and builds a CSV file's rows
    in that many forked processes (server/planning/parallel.py; workers=0 lets the import
    choose, as the CLI and bench do: one a core for a large CSV); the database is written
    by this process only, in file order (on PostgreSQL from a thread of its own,
    `bulk.Writer`, while the next rows are checked). `progress(rows read so far)` is
    called after every chunk (in workers, every piece of about 8,000 rows); an exception
    it raises (a cancel) ends the import there, and the caller rolls back."""
    m = mapping or Mapping()
    if decimal_comma:
        m = dataclasses.replace(m, decimal_comma=True)
    today = today or date.today()
    months = _months(today)
    res = ImportResult()
    header, rows = read_lists(path, encoding, m.delimiter)
    wanted = chunks.wanted_headers(header, m)  # raises Unreadable for missing columns
    present = {f for f, h in wanted.items() if h in set(header)}
    # issue 22: an account_manager column names active team leads or admins (else a row
    # error); the importer takes each row's manager off the built tuple
    has_owner = "account_manager" in present
    owners: dict[str, str] = {}  # external_id -> username
    managers: dict[str, str] = {}  # username -> user id
    if has_owner:
        managers = ownership.manager_ids(session)
        m = dataclasses.replace(m, managers=frozenset(managers))
    given = reimport.provided_columns(FIELDS if replace else present)
    if replace:
        res.blanked = reimport.blanked_columns(present)
        if announce is not None:  # before anything is written
            announce(res.blanked)
    conn = session.connection()
    sqlite = conn.dialect.name == "sqlite"
    existing: dict[str, str] = dict(
        (str(e), str(i)) for e, i in session.execute(select(Customer.external_id, Customer.id)))
    res.customers_before = len(existing)
    stats = reimport.UpdateStats()
    seen: dict[str, int] = {}
    batch_new: list[tuple[Any, ...]] = []
    batch_upd: list[tuple[Any, ...]] = []
    errors = res.errors
    unsorted = False
    fresh: list[Any] = []  # new customers ready to store, from the workers
    fresh_count = 0
    chunks.init(header, m, months, sqlite)
    if workers == 0:
        workers = parallel.auto_workers(path)
    results: Iterator[chunks.Built]
    if workers > 1 and parallel.splittable(path, enc := decode_check(path, encoding), header):
        rows.close()  # type: ignore[attr-defined]  # the workers read the file themselves
        maker = parallel.Fresh(existing, has_owner,
                                copy_formatter(session, CUSTOMERS.name, INSERT_COLS))
        results = parallel.read_built(path, enc, m.delimiter, len(header), workers, maker)
    else:
        results = _built(rows)
    restore = large_cache(session)
    # PostgreSQL applies a COPY batch in its own process while the next rows are checked;
    # SQLite writes inline (see bulk.Writer). Until drain() the session is the writer's.
    writer = Writer(depth=0 if sqlite else 2)
    deferred = DeferredIndexes(session, CUSTOMERS.name, ("ix_customers_phone",))
    try:
        for n, lines, built, bad, made in results:
            res.rows += n
            if progress is not None:
                progress(res.rows)
            if bad:
                errors += bad
                unsorted = True
            if made is not None:  # new customers ready to store (parallel.Fresh)
                dups = _take_fresh(made, seen, owners, errors)
                unsorted = unsorted or dups > 0
                fresh_count += len(made[0]) - dups
                fresh.append(made[3] if not dups else _without_dups(made, seen))
                if fresh_count >= BATCH:
                    res.inserted += fresh_count
                    if sqlite and res.inserted >= max(DEFER_INDEXES_AFTER,
                                                      res.customers_before):
                        deferred.drop()
                    writer.submit(_store_fresh, session, fresh)
                    fresh, fresh_count = [], 0
            for line, row in zip(lines, built, strict=True):
                if has_owner:  # issue 22
                    row, owner = row[:-1], row[-1]
                ext = row[0]
                first = seen.get(ext)
                if first is None:
                    seen[ext] = line
                    if has_owner and owner:
                        owners[ext] = owner
                    known = existing.get(ext)
                    if known is None:
                        batch_new.append(row)
                    else:
                        batch_upd.append((known, *row))
                    continue
                errors.append((line, ext.strip(), f"external_id: duplicate of line {first}"))
                unsorted = True
            if len(batch_new) >= BATCH:
                res.inserted += len(batch_new)
                if sqlite and res.inserted >= max(DEFER_INDEXES_AFTER, res.customers_before):
                    deferred.drop()  # inline writes on SQLite: the session is ours
                writer.submit(_insert_new, session, batch_new)
                batch_new = []
            if len(batch_upd) >= BATCH:
                writer.submit(reimport.update_customers, session, batch_upd, given, stats,
                              actor_id)
                batch_upd = []
        res.inserted += len(batch_new) + fresh_count
        writer.submit(_insert_new, session, batch_new)
        writer.submit(_store_fresh, session, fresh)
        writer.submit(reimport.update_customers, session, batch_upd, given, stats, actor_id)
        writer.drain()
        deferred.rebuild()
    finally:
        writer.close()
        close = getattr(results, "close", None)
        if close is not None:
            close()  # the worker processes, if any, end here
        restore()
    if unsorted:  # a chunk's bad rows and the duplicates found here: in line order
        errors.sort(key=itemgetter(0))
    res.updated, res.unchanged, res.dnc_closed = stats.updated, stats.unchanged, \
        stats.dnc_closed
    res.stale_items = stats.stale_items
    res.customers_after = res.customers_before + res.inserted
    # -- issue 22: ownership from the file, then a cause-analysis task per new warning
    if owners:
        res.owners_set = ownership.set_owners(session, owners, managers, actor_id=actor_id)
    res.tasks_opened = churn_tasks.open_for_warnings(session, actor_id=actor_id)
    res.report = settle_report(report or path.with_name(path.name + ".errors.csv"),
                               res.errors)
    audit.record(session, actor_id=actor_id, action="customers.import", entity="file",
                 entity_id=path.name[:64], rows=res.rows, inserted=res.inserted,
                 updated=res.updated, unchanged=res.unchanged, rejected=res.rejected,
                 rejected_by_reason=res.rejected_by_reason(), dnc_closed=res.dnc_closed,
                 stale_items=len(res.stale_items), blanked=res.blanked,
                 owners_set=res.owners_set, tasks_opened=res.tasks_opened)
    log.info("customer import %s: %s", path.name, res.summary())
    return res


def _insert_new(session: Session, batch: list[tuple[Any, ...]]) -> None:
    """Insert new customers (built rows) with fresh ids (on the writer's thread)."""
    if batch:
        insert_rows(session, CUSTOMERS, INSERT_COLS,
                    [(i, *r) for i, r in zip(time_ids(len(batch)), batch, strict=True)])


def _take_fresh(made: Any, seen: dict[str, int], owners: dict[str, str],
                errors: list[tuple[int, str, str]]) -> int:
    """The duplicate check of new customers a worker made ready to store: their lines go
    to `seen` (a later row with the same external id is a duplicate of it), a duplicate
    to the errors. Returns how many were duplicates."""
    lines, exts, managers, _, _ = made
    dups = 0
    for k, (line, ext) in enumerate(zip(lines, exts, strict=True)):
        first = seen.get(ext)
        if first is None:
            seen[ext] = line
            if managers is not None and managers[k]:
                owners[ext] = managers[k]
            continue
        errors.append((line, ext.strip(), f"external_id: duplicate of line {first}"))
        dups += 1
    return dups


def _without_dups(made: Any, seen: dict[str, int]) -> Any:
    """A worker's new customers without the duplicates: the rows whose line is the one
    `seen` holds for their external id (tuples, or binary COPY rows cut at each row's
    end)."""
    lines, exts, _, ready, ends = made
    if not isinstance(ready, bytes):
        return [r for line, ext, r in zip(lines, exts, ready, strict=True)
                if seen[ext] == line]
    keep, start = [], 0
    for line, ext, end in zip(lines, exts, ends, strict=True):
        if seen[ext] == line:
            keep.append(ready[start:end])
        start = end
    return b"".join(keep)


def _store_fresh(session: Session, parts: list[Any]) -> None:
    """Store new customers the workers made ready (on the writer's thread): binary
    COPY rows on PostgreSQL, rows with their ids on SQLite."""
    if not parts:
        return
    if isinstance(parts[0], bytes):
        copy_binary(session, CUSTOMERS.name, INSERT_COLS, parts)
    else:
        insert_rows(session, CUSTOMERS, INSERT_COLS, [r for part in parts for r in part])


def settle_report(path: Path, errors: list[tuple[int, str, str]]) -> str | None:
    """Write the error report when rows failed; else remove an earlier run's report, so
    a stale FILE.errors.csv never describes a clean import. Returns its path or None."""
    if errors:
        write_report(path, errors)
        return str(path)
    path.unlink(missing_ok=True)
    return None


def write_report(path: Path, errors: list[tuple[int, str, str]]) -> None:
    """FILE.errors.csv, for a spreadsheet: the rejected values come from the file, so they
    go through the one CSV writer (`wire.csvsafe`) like every export."""
    csvsafe.write_file(path, ["line", "external_id", "reason"], errors)
