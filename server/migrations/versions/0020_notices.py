"""After the sale, the notices that go out (issue 21): the email outbox (`email_outbox`,
server/email_outbox.py, sent like the SMS outbox), the mail room's letter batches
(`letter_batches`; each letter's `verification_fallbacks.batch_id`), and where a notice
is sent to (`customers.email`, `customers.postal_address`; '' = not known).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03 16:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (a constant default), as 0013 does: batch mode would copy the table.
    op.add_column("customers", sa.Column("email", sa.String(254), nullable=False,
                                         server_default=""))
    op.add_column("customers", sa.Column("postal_address", sa.String(800), nullable=False,
                                         server_default=""))
    op.add_column("verification_fallbacks", sa.Column("batch_id", sa.String(36),
                                                      nullable=True))
    op.create_table(
        "email_outbox",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("customer_id", sa.String(36), nullable=False),
        sa.Column("address", sa.String(254), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("sender", sa.String(32), nullable=False),
        sa.Column("provider_ref", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_email_outbox_status_next", "email_outbox",
                    ["status", "next_attempt_at"])
    op.create_index("ix_email_outbox_customer_id", "email_outbox", ["customer_id"])
    op.create_table(
        "letter_batches",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("created_by", sa.String(36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("letters", sa.Integer(), nullable=False),
    )
    op.create_index("ix_verification_fallbacks_batch_id", "verification_fallbacks",
                    ["batch_id"])


def downgrade() -> None:
    op.drop_index("ix_verification_fallbacks_batch_id", table_name="verification_fallbacks")
    op.drop_table("letter_batches")
    op.drop_table("email_outbox")
    op.drop_column("verification_fallbacks", "batch_id")
    op.drop_column("customers", "postal_address")
    op.drop_column("customers", "email")
