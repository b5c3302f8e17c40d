"""`import-dnc FILE` and `export-dnc`: the do-not-call list (营销黑名单) in and out.

Import: a CSV (or XLSX) with a `phone` column and optional `source` (registry /
complaint / admin), `reason` and `date` (when the registry listed it) columns. Every
valid number joins the list at once, in one transaction: the entry is published to every
desktop exactly as an agent's flag is (a `dnc` change), and every open queue item of a
customer with that number is closed for every agent (`server.queue.close_customer_items`),
so the server never hands the number out again. Bad rows go to the error report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from server import audit, changes, queue
from server.db import utcnow
from server.models import Customer, DncEntry, new_id
from server.planning.importing import RowError, normalise_phone, settle_report
from server.planning.reading import Unreadable, mask, read_rows
from wire import csvsafe
from wire.schema import phone_hash

SOURCES = ("registry", "complaint", "admin")
BATCH = 2000


@dataclass
class DncResult:
    rows: int = 0
    added: int = 0
    already: int = 0
    items_closed: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)
    report: str | None = None

    def summary(self) -> str:
        return (f"{self.rows} rows read: {self.added} numbers added, {self.already} already "
                f"listed, {len(self.errors)} rejected; {self.items_closed} open queue items "
                "closed")


def import_dnc(session: Session, path: Path, *, source: str = "registry",
               encoding: str | None = None, actor_id: str | None = None,
               report: Path | None = None) -> DncResult:
    """Into the caller's transaction (the caller commits, or rolls back on Unreadable)."""
    if source not in SOURCES:
        raise ValueError(f"source must be one of {', '.join(SOURCES)}")
    header, rows = read_rows(path, encoding)
    if "phone" not in header:
        raise Unreadable(f"required column missing: phone (the file has: "
                         f"{', '.join(header)[:300]}); nothing was imported")
    res = DncResult()
    batch: list[tuple[str, str, str]] = []  # (e164, source, reason)
    seen: set[str] = set()
    for line, row in rows:
        res.rows += 1
        if "__error__" in row:
            res.errors.append((line, "", row["__error__"]))
            continue
        try:
            e164 = normalise_phone(row.get("phone", ""))
            src = (row.get("source") or source).strip().lower()
            if src not in SOURCES:
                raise RowError(f"source: expected one of {', '.join(SOURCES)} ({src!r})")
            when = (row.get("date") or "").strip()
            if when:
                try:
                    date.fromisoformat(when.replace("/", "-")[:10])
                except ValueError:
                    raise RowError(f"date: not a date YYYY-MM-DD ({when!r})") from None
        except RowError as exc:
            res.errors.append((line, "", str(exc)))
            continue
        if e164 in seen:
            res.already += 1
            continue
        seen.add(e164)
        reason = (row.get("reason") or "").strip() or {
            "registry": "National do-not-call registry (营销黑名单)",
            "complaint": "Complaint list: asked not to be called (投诉)",
            "admin": "Added by an administrator"}[src]
        if when:
            reason += f" [listed {when}]"
        batch.append((e164, src, reason))
        if len(batch) >= BATCH:
            _flush(session, batch, res, actor_id, path.name)
    _flush(session, batch, res, actor_id, path.name)
    res.report = settle_report(report or path.with_name(path.name + ".errors.csv"),
                               res.errors)
    audit.record(session, actor_id=actor_id, action="dnc.import", entity="file",
                 entity_id=path.name[:64], rows=res.rows, added=res.added,
                 rejected=len(res.errors), items_closed=res.items_closed)
    return res


def _flush(session: Session, batch: list[tuple[str, str, str]], res: DncResult,
           actor_id: str | None, filename: str) -> None:
    if not batch:
        return
    phones = [p for p, _, _ in batch]
    listed = set(session.scalars(select(DncEntry.phone).where(DncEntry.phone.in_(phones))))
    custs: dict[str, list[Customer]] = {}
    for c in session.scalars(select(Customer).where(Customer.phone.in_(phones))):
        custs.setdefault(c.phone, []).append(c)
    now = utcnow()
    for phone, src, reason in batch:
        owners = custs.get(phone, [])
        if phone in listed:
            res.already += 1
        else:
            entry = DncEntry(id=new_id(), phone=phone, phone_hash=phone_hash(phone),
                             customer_id=owners[0].id if owners else None, reason=reason,
                             source=src, created_by=actor_id, created_at=now)
            session.add(entry)
            audit.record(session, actor_id=actor_id, action="dnc.add", entity="dnc_entry",
                         entity_id=entry.id, customer_id=entry.customer_id, source=src,
                         reason=reason, file=filename, phone=mask(phone))
            changes.emit(session, "dnc", entry.id)
            res.added += 1
        for c in owners:  # also for numbers listed before: nothing may stay open
            res.items_closed += queue.close_customer_items(session, c.id, actor_id or "",
                                                           "do_not_call")
    session.flush()
    batch.clear()


def export_dnc(session: Session, out: TextIO, *, masked: bool = False,
               bom: bool = False) -> int:
    """CSV: phone, source, reason, added_at, customer external_id. Returns the row count.

    Through the one CSV writer (`wire.csvsafe`): a reason an agent typed, such as
    `=HYPERLINK(...)`, comes out as text. `bom`: start with a UTF-8 byte order mark (for a
    body that is not written through a "utf-8-sig" file, e.g. the HTTP download)."""
    if bom:
        out.write("\ufeff")
    w = csvsafe.writer(out)
    w.writerow(["phone", "source", "reason", "added_at", "external_id"])
    n = 0
    q = (select(DncEntry, Customer.external_id)
         .outerjoin(Customer, Customer.id == DncEntry.customer_id)
         .order_by(DncEntry.created_at, DncEntry.phone))
    for entry, ext in session.execute(q):
        w.writerow([mask(entry.phone) if masked else entry.phone, entry.source, entry.reason,
                    entry.created_at.isoformat(), ext or ""])
        n += 1
    return n
