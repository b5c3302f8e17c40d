"""Agent presence: paused (with a reason), on a call, in wrap-up, available.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 12:35:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agent_states",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("agent_id", sa.String(length=36), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["agent_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("agent_states", schema=None) as batch_op:
        batch_op.create_index("ix_agent_states_agent_at", ["agent_id", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("agent_states", schema=None) as batch_op:
        batch_op.drop_index("ix_agent_states_agent_at")
    op.drop_table("agent_states")
