"""A partial index of the big customers, for the churn-task check.

After every import and every plan, `churn_tasks.open_for_warnings` looks at the owned
and big customers (about 1 % of them). With no index it read the whole customers table
for them: 0.26-0.35 s at a million customers on PostgreSQL, against 0.025 s through the
index, at the end of the import where nothing else runs beside it. The index holds only
the big customers' rows (`big_tier <> ''`), so the other 99 % cost an import nothing but
the predicate's test.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-04 15:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.create_index("ix_customers_big_tier", ["big_tier"], unique=False,
                              postgresql_where=sa.text("big_tier <> ''"),
                              sqlite_where=sa.text("big_tier <> ''"))


def downgrade() -> None:
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_index("ix_customers_big_tier")
