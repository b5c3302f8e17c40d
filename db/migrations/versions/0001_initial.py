"""Initial local store: reference data, queue, calls, do-not-call digests, outbox.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meta",
        sa.Column("key", sa.String, primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "campaigns",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("code", sa.String, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_table(
        "offers",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("campaign_id", sa.String, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_index("ix_offers_campaign_id", "offers", ["campaign_id"])
    op.create_table(
        "scripts",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("campaign_id", sa.String, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_index("ix_scripts_campaign_id", "scripts", ["campaign_id"])
    op.create_table(
        "customers",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("name", sa.String, nullable=False),
        sa.Column("phone", sa.String, nullable=False),
        sa.Column("phone_hash", sa.String, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_index("ix_customers_name", "customers", ["name"])
    op.create_index("ix_customers_phone", "customers", ["phone"])
    op.create_index("ix_customers_phone_hash", "customers", ["phone_hash"])
    op.create_table(
        "queue_items",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("campaign_id", sa.String, nullable=False),
        sa.Column("customer_id", sa.String, nullable=False),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("priority", sa.Integer, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("value_tier", sa.String, nullable=False),
        sa.Column("next_call_at", sa.DateTime(timezone=True)),
        sa.Column("callback_at", sa.DateTime(timezone=True)),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_index("ix_queue_items_campaign_id", "queue_items", ["campaign_id"])
    op.create_index("ix_queue_items_customer_id", "queue_items", ["customer_id"])
    op.create_table(
        "calls",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("queue_item_id", sa.String, nullable=False),
        sa.Column("customer_id", sa.String, nullable=False),
        sa.Column("phone_hash", sa.String, nullable=False),
        sa.Column("disposition", sa.String, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_index("ix_calls_queue_item_id", "calls", ["queue_item_id"])
    op.create_index("ix_calls_customer_id", "calls", ["customer_id"])
    op.create_index("ix_calls_phone_hash", "calls", ["phone_hash"])
    op.create_table(
        "dnc",
        sa.Column("phone_hash", sa.String, primary_key=True),
        sa.Column("customer_id", sa.String),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("local", sa.Boolean, nullable=False),
    )
    op.create_index("ix_dnc_customer_id", "dnc", ["customer_id"])
    op.create_table(
        "outbox",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("action_id", sa.String, nullable=False, unique=True),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("queue_item_id", sa.String),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("error_code", sa.String),
        sa.Column("error_message", sa.Text),
    )
    op.create_index("ix_outbox_queue_item_id", "outbox", ["queue_item_id"])


def downgrade() -> None:
    for name in ("outbox", "dnc", "calls", "queue_items", "customers", "scripts", "offers",
                 "campaigns", "meta"):
        op.drop_table(name)
