"""Customers' free-text columns hold their limit in characters as people count them
(graphemes), so up to 4 bytes per grapheme's worth: a name of a few emoji (a family
emoji is 7 code points) must fit. PostgreSQL counts varchar(n) in code points, so the
columns widen to 4 x n; SQLite does not enforce a length and is left alone.

Phones stored before the one normaliser (wire/phones.py) could hold full-width digits
(`+86137１２３４5002`, which matched no do-not-call entry): those customers' and entries'
numbers and digests are normalised again. An entry that becomes a duplicate of another
is dropped (the other stands). Open items of a customer whose corrected number is listed
are closed the next time anything writes that customer (import-dnc or a re-import).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 07:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

WIDER = {"name": 100, "region": 100, "plan_name": 100, "handset": 100, "credit_class": 16,
         "consent_basis": 200}


def upgrade() -> None:
    _renormalise_phones()
    if op.get_bind().dialect.name != "postgresql":
        return
    for col, n in WIDER.items():
        op.alter_column("customers", col, type_=sa.String(4 * n),
                        existing_type=sa.String(n), existing_nullable=False)


def _renormalise_phones() -> None:
    from wire.phones import PhoneError, normalise_phone
    from wire.schema import phone_hash

    conn = op.get_bind()
    odd = "phone GLOB '*[^ -~]*'" if conn.dialect.name == "sqlite" else "phone ~ '[^ -~]'"
    for table in ("customers", "dnc_entries"):
        rows = conn.execute(sa.text(f"SELECT id, phone FROM {table} WHERE {odd}")).all()
        for row_id, phone in rows:
            try:
                e164 = normalise_phone(phone)
            except PhoneError:
                continue
            if table == "dnc_entries" and conn.execute(
                    sa.text("SELECT 1 FROM dnc_entries WHERE phone = :p"), {"p": e164}).first():
                conn.execute(sa.text("DELETE FROM dnc_entries WHERE id = :i"), {"i": row_id})
                continue
            conn.execute(sa.text(f"UPDATE {table} SET phone = :p, phone_hash = :h "
                                 "WHERE id = :i"),
                         {"p": e164, "h": phone_hash(e164), "i": row_id})


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for col, n in WIDER.items():
        op.alter_column("customers", col, type_=sa.String(n),
                        existing_type=sa.String(4 * n), existing_nullable=False)
