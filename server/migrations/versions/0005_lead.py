"""Team lead: outcome roll-ups, last sync per user, queue holds, outcome conflicts (issue 5).

The roll-ups are filled from the outcomes already stored (server.lead.stats.rebuild).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 14:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stats_agent_hour",
        sa.Column("hour", sa.DateTime(), nullable=False),
        sa.Column("agent_id", sa.String(36), nullable=False),
        sa.Column("campaign_id", sa.String(36), nullable=False),
        sa.Column("disposition", sa.String(32), nullable=False),
        sa.Column("calls", sa.Integer(), nullable=False),
        sa.Column("talk_seconds", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("hour", "agent_id", "campaign_id", "disposition"),
    )
    op.create_index("ix_stats_agent_hour_hour", "stats_agent_hour", ["hour"])
    op.create_table(
        "stats_campaign",
        sa.Column("campaign_id", sa.String(36), nullable=False),
        sa.Column("agent_id", sa.String(36), nullable=False),
        sa.Column("value_tier", sa.String(4), nullable=False),
        sa.Column("offer_id", sa.String(36), nullable=False),
        sa.Column("disposition", sa.String(32), nullable=False),
        sa.Column("calls", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("campaign_id", "agent_id", "value_tier", "offer_id",
                                "disposition"),
    )
    op.create_table(
        "user_seen",
        sa.Column("user_id", sa.String(36), primary_key=True),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "queue_holds",
        sa.Column("agent_id", sa.String(36), primary_key=True),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("changed_by", sa.String(36), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "outcome_conflicts",
        sa.Column("outcome_id", sa.String(64), primary_key=True),
        sa.Column("earlier_outcome_id", sa.String(64), nullable=False),
        sa.Column("queue_item_id", sa.String(36), nullable=False),
        sa.Column("agent_id", sa.String(36), nullable=False),
        sa.Column("other_agent_id", sa.String(36), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_outcome_conflicts_at", "outcome_conflicts", ["at"])
    op.create_index("ix_outcome_conflicts_agent_id", "outcome_conflicts", ["agent_id"])
    op.create_index("ix_call_outcomes_agent_created", "call_outcomes",
                    ["agent_id", "created_at"])
    op.create_index("ix_dnc_entries_created", "dnc_entries", ["created_at"])

    from server.lead import stats

    session = Session(bind=op.get_bind())
    stats.rebuild(session)
    session.flush()


def downgrade() -> None:
    op.drop_index("ix_dnc_entries_created", "dnc_entries")
    op.drop_index("ix_call_outcomes_agent_created", "call_outcomes")
    for table in ("outcome_conflicts", "queue_holds", "user_seen", "stats_campaign",
                  "stats_agent_hour"):
        op.drop_table(table)
