"""After the sale (issue 21): verification as its own post, orders and activation, trials.

offers gain `verify_ratio` (the share of sales a verifier confirms, 1.0 = all) and
`trial_days` (a free trial's length, 0 = none). New tables: `orders` (one per sale, made
in the push's transaction), `verifications` (the verifier's items: a sale to confirm, a
trial about to end), `verification_attempts` (each outcome recorded, by the client's
action id) and `verification_fallbacks` (the letter / email / SMS sent to a customer who
could not be reached). call_outcomes is not touched (its guard needs no new column).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 12:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN with a constant default (see 0013: batch mode would copy the table).
    op.add_column("offers", sa.Column("verify_ratio", sa.Float(), nullable=False,
                                      server_default=sa.text("1.0")))
    op.add_column("offers", sa.Column("trial_days", sa.Integer(), nullable=False,
                                      server_default=sa.text("0")))
    op.create_table(
        "orders",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("call_id", sa.String(64), nullable=False, unique=True),
        sa.Column("queue_item_id", sa.String(36), nullable=False),
        sa.Column("customer_id", sa.String(36), sa.ForeignKey("customers.id"),
                  nullable=False),
        sa.Column("offer_id", sa.String(36), sa.ForeignKey("offers.id"), nullable=False),
        sa.Column("campaign_id", sa.String(36), sa.ForeignKey("campaigns.id"),
                  nullable=False),
        sa.Column("seller_id", sa.String(36), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("verifier_id", sa.String(36), nullable=True),
        sa.Column("state", sa.String(24), nullable=False),
        sa.Column("price_yuan", sa.Float(), nullable=False),
        sa.Column("term_months", sa.Integer(), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("trial_days", sa.Integer(), nullable=False),
        sa.Column("trial_ends_on", sa.Date(), nullable=True),
        sa.Column("sold_at", sa.DateTime(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("confirmed_by", sa.String(16), nullable=True),
        sa.Column("activated_at", sa.DateTime(), nullable=True),
        sa.Column("activation_reason", sa.Text(), nullable=False),
        sa.Column("cancel_kind", sa.String(24), nullable=True),
        sa.Column("cancel_reason", sa.Text(), nullable=False),
        sa.Column("cancelled_on", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_orders_customer_id", "orders", ["customer_id"])
    op.create_index("ix_orders_seller_sold", "orders", ["seller_id", "sold_at"])
    op.create_index("ix_orders_campaign_state", "orders", ["campaign_id", "state"])
    op.create_table(
        "verifications",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("order_id", sa.String(36), sa.ForeignKey("orders.id"), nullable=False),
        sa.Column("seller_id", sa.String(36), nullable=False),
        sa.Column("seller_team_id", sa.String(36), nullable=True),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("outcome", sa.String(24), nullable=True),
        sa.Column("verifier_id", sa.String(36), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_verifications_order_id", "verifications", ["order_id"])
    op.create_index("ix_verifications_open_due", "verifications", ["closed", "due_at"])
    op.create_table(
        "verification_attempts",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("verification_id", sa.String(36), sa.ForeignKey("verifications.id"),
                  nullable=False),
        sa.Column("verifier_id", sa.String(36), nullable=False),
        sa.Column("outcome", sa.String(24), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_verification_attempts_verification_id", "verification_attempts",
                    ["verification_id"])
    op.create_table(
        "verification_fallbacks",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("verification_id", sa.String(36), sa.ForeignKey("verifications.id"),
                  nullable=False),
        sa.Column("order_id", sa.String(36), nullable=False),
        sa.Column("customer_id", sa.String(36), nullable=False),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_verification_fallbacks_verification_id", "verification_fallbacks",
                    ["verification_id"])


def downgrade() -> None:
    op.drop_table("verification_fallbacks")
    op.drop_table("verification_attempts")
    op.drop_table("verifications")
    op.drop_table("orders")
    op.execute("ALTER TABLE offers DROP COLUMN trial_days")
    op.execute("ALTER TABLE offers DROP COLUMN verify_ratio")
