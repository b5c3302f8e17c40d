"""Quality: samples, rubrics, scores, annotations, coaching tasks (issue 6).

Also makes the evidence tables append-only in the database itself: triggers refuse
UPDATE and DELETE on call_outcomes, qa_scores, qa_annotations and audit_log (no code
path updates or deletes those rows; see server/sync.py and server/queue.py).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 14:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

APPEND_ONLY = ("call_outcomes", "qa_scores", "qa_annotations", "audit_log")
MESSAGE = "is append-only: records are evidence and may be annotated, never altered"


def _ts(name: str, nullable: bool = False) -> sa.Column[sa.DateTime]:
    return sa.Column(name, sa.DateTime(), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "qa_rubrics",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False, unique=True),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("critical", sa.JSON(), nullable=False),
        sa.Column("pass_mark", sa.Float(), nullable=False),
        sa.Column("scale_max", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(36), nullable=True),
        _ts("created_at"),
    )
    op.create_table(
        "qa_checkers",
        sa.Column("user_id", sa.String(36), sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("may_see_numbers", sa.Boolean(), nullable=False),
        sa.Column("team_ids", sa.JSON(), nullable=False),
        sa.Column("updated_by", sa.String(36), nullable=True),
        _ts("updated_at"),
    )
    op.create_table(
        "qa_samples",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("outcome_id", sa.String(64), sa.ForeignKey("call_outcomes.id"),
                  nullable=False, unique=True),
        sa.Column("agent_id", sa.String(36), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("stratum", sa.String(16), nullable=False),
        sa.Column("created_by", sa.String(36), nullable=True),
        _ts("created_at"),
    )
    op.create_index("ix_qa_samples_day_agent", "qa_samples", ["day", "agent_id"])
    op.create_table(
        "qa_claims",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("sample_id", sa.String(36), sa.ForeignKey("qa_samples.id"), nullable=False),
        sa.Column("checker_id", sa.String(36), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        _ts("claimed_at"),
        _ts("expires_at"),
        _ts("ended_at", nullable=True),
    )
    op.create_index("ix_qa_claims_sample_id", "qa_claims", ["sample_id"])
    op.create_index("ix_qa_claims_checker_state", "qa_claims", ["checker_id", "state"])
    op.create_table(
        "qa_scores",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("sample_id", sa.String(36), sa.ForeignKey("qa_samples.id"), nullable=False),
        sa.Column("outcome_id", sa.String(64), sa.ForeignKey("call_outcomes.id"),
                  nullable=False),
        sa.Column("agent_id", sa.String(36), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("checker_id", sa.String(36), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("rubric_id", sa.String(36), sa.ForeignKey("qa_rubrics.id"), nullable=False),
        sa.Column("total", sa.Float(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("critical", sa.JSON(), nullable=False),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        _ts("submitted_at"),
        sa.UniqueConstraint("sample_id", "checker_id"),
    )
    op.create_index("ix_qa_scores_sample_id", "qa_scores", ["sample_id"])
    op.create_index("ix_qa_scores_outcome_id", "qa_scores", ["outcome_id"])
    op.create_index("ix_qa_scores_agent_id", "qa_scores", ["agent_id"])
    op.create_table(
        "qa_annotations",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("outcome_id", sa.String(64), sa.ForeignKey("call_outcomes.id"),
                  nullable=False),
        sa.Column("author_id", sa.String(36), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        _ts("at"),
    )
    op.create_index("ix_qa_annotations_outcome_id", "qa_annotations", ["outcome_id"])
    op.create_table(
        "qa_coaching_tasks",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("agent_id", sa.String(36), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("outcome_id", sa.String(64), sa.ForeignKey("call_outcomes.id"),
                  nullable=False, unique=True),
        sa.Column("score_id", sa.String(36), sa.ForeignKey("qa_scores.id"), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        _ts("created_at"),
    )
    op.create_index("ix_qa_coaching_tasks_agent_id", "qa_coaching_tasks", ["agent_id"])
    op.create_table(
        "qa_recordings",
        sa.Column("outcome_id", sa.String(64), sa.ForeignKey("call_outcomes.id"),
                  primary_key=True),
        sa.Column("content_type", sa.String(64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("duration_seconds", sa.Float(), nullable=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by", sa.String(36), nullable=True),
        _ts("uploaded_at"),
    )
    _guard()


def _guard() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE OR REPLACE FUNCTION callsheet_append_only() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '% {MESSAGE}', TG_TABLE_NAME "
            "USING ERRCODE = 'integrity_constraint_violation'; END $$ LANGUAGE plpgsql"
        )
        for table in APPEND_ONLY:
            op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION callsheet_append_only()")
            op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                       "FOR EACH STATEMENT EXECUTE FUNCTION callsheet_append_only()")
        return
    for table in APPEND_ONLY:
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                       f"BEGIN SELECT RAISE(ABORT, '{table} {MESSAGE}'); END")


def _unguard() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.execute("DROP FUNCTION IF EXISTS callsheet_append_only()")
        return
    for table in APPEND_ONLY:
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")


def downgrade() -> None:
    _unguard()
    op.drop_table("qa_recordings")
    op.drop_index("ix_qa_coaching_tasks_agent_id", "qa_coaching_tasks")
    op.drop_table("qa_coaching_tasks")
    op.drop_index("ix_qa_annotations_outcome_id", "qa_annotations")
    op.drop_table("qa_annotations")
    for ix in ("ix_qa_scores_agent_id", "ix_qa_scores_outcome_id", "ix_qa_scores_sample_id"):
        op.drop_index(ix, "qa_scores")
    op.drop_table("qa_scores")
    op.drop_index("ix_qa_claims_checker_state", "qa_claims")
    op.drop_index("ix_qa_claims_sample_id", "qa_claims")
    op.drop_table("qa_claims")
    op.drop_index("ix_qa_samples_day_agent", "qa_samples")
    op.drop_table("qa_samples")
    op.drop_table("qa_checkers")
    op.drop_table("qa_rubrics")
