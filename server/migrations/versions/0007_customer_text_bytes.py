"""Customers' free-text columns hold their limit in characters as people count them
(graphemes), so up to 4 bytes per grapheme's worth: a name of a few emoji (a family
emoji is 7 code points) must fit. PostgreSQL counts varchar(n) in code points, so the
columns widen to 4 x n; SQLite does not enforce a length and is left alone.

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
    if op.get_bind().dialect.name != "postgresql":
        return
    for col, n in WIDER.items():
        op.alter_column("customers", col, type_=sa.String(4 * n),
                        existing_type=sa.String(n), existing_nullable=False)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for col, n in WIDER.items():
        op.alter_column("customers", col, type_=sa.String(n),
                        existing_type=sa.String(4 * n), existing_nullable=False)
