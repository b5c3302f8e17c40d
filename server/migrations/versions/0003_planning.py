"""Campaign planning: customer import, offer rules, churn model (issue 7).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 14:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("churned_on", sa.Date(), nullable=True))
    op.create_table(
        "campaign_plans",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("campaign_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("funnel", sa.JSON(), nullable=False),
        sa.Column("targets", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaigns.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_campaign_plans_campaign_id", "campaign_plans", ["campaign_id"])
    op.create_table(
        "campaign_targets",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("plan_id", sa.String(length=36), nullable=False),
        sa.Column("campaign_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("recommendations", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("queue_item_id", sa.String(length=36), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaigns.id"]),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"]),
        sa.ForeignKeyConstraint(["plan_id"], ["campaign_plans.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_campaign_targets_plan_id", "campaign_targets", ["plan_id"])
    op.create_index("ix_campaign_targets_customer_id", "campaign_targets", ["customer_id"])
    op.create_index("ix_campaign_targets_campaign_status", "campaign_targets",
                    ["campaign_id", "status"])
    op.create_table(
        "verification_calls",
        sa.Column("outcome_id", sa.String(length=64), nullable=False),
        sa.Column("queue_item_id", sa.String(length=36), nullable=False),
        sa.Column("seller_id", sa.String(length=36), nullable=False),
        sa.Column("verifier_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["outcome_id"], ["call_outcomes.id"]),
        sa.ForeignKeyConstraint(["queue_item_id"], ["queue_items.id"]),
        sa.PrimaryKeyConstraint("outcome_id"),
    )
    op.create_table(
        "churn_models",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("trained_at", sa.DateTime(), nullable=False),
        sa.Column("features", sa.JSON(), nullable=False),
        sa.Column("tree", sa.JSON(), nullable=False),
        sa.Column("metrics", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("churn_models")
    op.drop_table("verification_calls")
    op.drop_index("ix_campaign_targets_campaign_status", table_name="campaign_targets")
    op.drop_index("ix_campaign_targets_customer_id", table_name="campaign_targets")
    op.drop_index("ix_campaign_targets_plan_id", table_name="campaign_targets")
    op.drop_table("campaign_targets")
    op.drop_index("ix_campaign_plans_campaign_id", table_name="campaign_plans")
    op.drop_table("campaign_plans")
    if op.get_bind().dialect.name == "sqlite":
        # Not batch mode: rebuilding customers would break the foreign keys to it.
        op.execute("ALTER TABLE customers DROP COLUMN churned_on")  # SQLite >= 3.35
    else:
        op.drop_column("customers", "churned_on")
