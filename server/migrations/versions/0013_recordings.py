"""Call recordings (issue 20): a campaign records its calls or not, and keeps a recording
`recording_retention_days` past the customer's contract end (default 730: two years);
`call_recordings` holds each recording's metadata, the audio is a file in the server's
recordings directory.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 09:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (a constant default): SQLite's batch mode would copy the table,
    # which the foreign keys pointing at campaigns refuse.
    op.add_column("campaigns", sa.Column("record_calls", sa.Boolean(), nullable=False,
                                         server_default=sa.text("false")))
    op.add_column("campaigns", sa.Column("recording_retention_days", sa.Integer(),
                                         nullable=False, server_default=sa.text("730")))
    op.create_table(
        "call_recordings",
        sa.Column("outcome_id", sa.String(64), sa.ForeignKey("call_outcomes.id"),
                  primary_key=True),
        sa.Column("agent_id", sa.String(36), nullable=False),
        sa.Column("campaign_id", sa.String(36), nullable=False),
        sa.Column("path", sa.String(200), nullable=False),
        sa.Column("content_type", sa.String(32), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("received_bytes", sa.BigInteger(), nullable=False),
        sa.Column("duration_seconds", sa.Float(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("completed_at", sa.DateTime(), nullable=True),
        sa.Column("retention_until", sa.Date(), nullable=False),
    )
    op.create_index("ix_call_recordings_campaign_id", "call_recordings", ["campaign_id"])
    op.create_index("ix_call_recordings_retention_until", "call_recordings",
                    ["retention_until"])


def downgrade() -> None:
    op.drop_index("ix_call_recordings_retention_until", "call_recordings")
    op.drop_index("ix_call_recordings_campaign_id", "call_recordings")
    op.drop_table("call_recordings")
    # Plain DROP COLUMN (PostgreSQL; SQLite since 3.35): batch mode would copy the table,
    # which the foreign keys pointing at campaigns refuse once it holds rows.
    op.execute("ALTER TABLE campaigns DROP COLUMN recording_retention_days")
    op.execute("ALTER TABLE campaigns DROP COLUMN record_calls")
