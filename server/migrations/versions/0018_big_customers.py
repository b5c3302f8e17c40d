"""Big customers (issue 22): the customer's big-customer tier (customers.big_tier, one of
six, "" = none) and per-service monthly fees (customers.service_fees), and the account
managers' cause-analysis tasks (churn_tasks).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (a constant default), as 0013 and 0017 do: batch mode would copy.
    op.add_column("customers", sa.Column("big_tier", sa.String(16), nullable=False,
                                         server_default=""))
    op.add_column("customers", sa.Column("service_fees", sa.JSON(), nullable=False,
                                         server_default=sa.text("'{}'")))
    op.create_table(
        "churn_tasks",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("customer_id", sa.String(36), sa.ForeignKey("customers.id"),
                  nullable=False),
        sa.Column("cause", sa.String(8), nullable=False),
        sa.Column("manager_id", sa.String(36), nullable=True),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("finding", sa.String(4000), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_by", sa.String(36), nullable=True),
    )
    op.create_index("ix_churn_tasks_customer_id", "churn_tasks", ["customer_id"])
    op.create_index("ix_churn_tasks_manager_id", "churn_tasks", ["manager_id"])


def downgrade() -> None:
    op.drop_index("ix_churn_tasks_manager_id", "churn_tasks")
    op.drop_index("ix_churn_tasks_customer_id", "churn_tasks")
    op.drop_table("churn_tasks")
    op.execute("ALTER TABLE customers DROP COLUMN service_fees")
    op.execute("ALTER TABLE customers DROP COLUMN big_tier")
