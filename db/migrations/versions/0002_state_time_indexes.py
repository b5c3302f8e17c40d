"""Indexes for the pending-count and day-figure queries: outbox(state), calls(created_at).

The status bar counts pending outbox rows after every commit and the agent bar sums
today's calls; both scanned whole tables that grow all day.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_outbox_state", "outbox", ["state"])
    op.create_index("ix_calls_created_at", "calls", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_calls_created_at", table_name="calls")
    op.drop_index("ix_outbox_state", table_name="outbox")
