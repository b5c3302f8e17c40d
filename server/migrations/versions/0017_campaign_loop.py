"""The campaign loop's steps (issue 22): approval of a plan (plan_reviews), training
quizzes and their attempts (script_quizzes, quiz_attempts), pilots (pilots), and the
customers an account manager owns (account_owners: out of outbound lists until released),
the teams' daily caps and day / week call targets (team_targets), and calling windows
per region and audience (campaigns.calling_windows).

Revision ID: 0017
Revises: 0013
Create Date: 2026-12-03 12:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (a constant default), as 0013 does: batch mode would copy the table.
    op.add_column("campaigns", sa.Column("calling_windows", sa.JSON(), nullable=False,
                                         server_default=sa.text("'[]'")))
    op.create_table(
        "plan_reviews",
        sa.Column("plan_id", sa.String(36), sa.ForeignKey("campaign_plans.id"),
                  primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("submitted_by", sa.String(36), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.String(2000), nullable=False),
        sa.Column("reviewed_by", sa.String(36), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.Column("comment", sa.String(2000), nullable=False),
    )
    op.create_table(
        "script_quizzes",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("campaign_id", sa.String(36), sa.ForeignKey("campaigns.id"),
                  nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("pass_mark", sa.Integer(), nullable=False),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(36), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_script_quizzes_campaign_id", "script_quizzes", ["campaign_id"])
    op.create_table(
        "quiz_attempts",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("quiz_id", sa.String(36), sa.ForeignKey("script_quizzes.id"),
                  nullable=False),
        sa.Column("campaign_id", sa.String(36), nullable=False),
        sa.Column("agent_id", sa.String(36), nullable=False),
        sa.Column("correct", sa.Integer(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_quiz_attempts_quiz_id", "quiz_attempts", ["quiz_id"])
    op.create_index("ix_quiz_attempts_agent_id", "quiz_attempts", ["agent_id"])
    op.create_table(
        "pilots",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("plan_id", sa.String(36), sa.ForeignKey("campaign_plans.id"),
                  nullable=False),
        sa.Column("campaign_id", sa.String(36), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("agent_ids", sa.JSON(), nullable=False),
        sa.Column("item_ids", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(36), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("decision", sa.String(16), nullable=True),
        sa.Column("decided_by", sa.String(36), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("comment", sa.String(2000), nullable=False),
    )
    op.create_index("ix_pilots_plan_id", "pilots", ["plan_id"])
    op.create_table(
        "account_owners",
        sa.Column("customer_id", sa.String(36), sa.ForeignKey("customers.id"),
                  primary_key=True),
        sa.Column("manager_id", sa.String(36), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("assigned_at", sa.DateTime(), nullable=False),
        sa.Column("assigned_by", sa.String(36), nullable=True),
        sa.Column("released_at", sa.DateTime(), nullable=True),
        sa.Column("released_by", sa.String(36), nullable=True),
        sa.Column("note", sa.String(2000), nullable=False),
    )
    op.create_index("ix_account_owners_manager_id", "account_owners", ["manager_id"])
    op.create_table(
        "team_targets",
        sa.Column("team_id", sa.String(36), sa.ForeignKey("teams.id"), primary_key=True),
        sa.Column("agent_daily_cap", sa.Integer(), nullable=True),
        sa.Column("team_daily_cap", sa.Integer(), nullable=True),
        sa.Column("day_target", sa.Integer(), nullable=True),
        sa.Column("week_target", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(36), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("team_targets")
    op.drop_index("ix_account_owners_manager_id", "account_owners")
    op.drop_table("account_owners")
    op.drop_index("ix_pilots_plan_id", "pilots")
    op.drop_table("pilots")
    op.drop_index("ix_quiz_attempts_agent_id", "quiz_attempts")
    op.drop_index("ix_quiz_attempts_quiz_id", "quiz_attempts")
    op.drop_table("quiz_attempts")
    op.drop_index("ix_script_quizzes_campaign_id", "script_quizzes")
    op.drop_table("script_quizzes")
    op.drop_table("plan_reviews")
    op.execute("ALTER TABLE campaigns DROP COLUMN calling_windows")
