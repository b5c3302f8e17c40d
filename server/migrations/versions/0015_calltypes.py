"""Campaigns that are not sales (issue 21): a campaign's type (`campaign_type`, default
sales; its outcomes: wire/calltypes.py), the answers of satisfaction surveys
(`survey_answers`, append-only like the call records they belong to: the database refuses
an UPDATE or DELETE) and the SMS outbox (`sms_outbox`: what is to be, and what was, sent
after a call; server/sms.py).

No column is added to call_outcomes: a promise to pay's date goes in the outcome's audit
entry, like the SIP cause.

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-03 12:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

MESSAGE = "is append-only: survey answers are evidence like the call records"


def _pg() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    # Plain ADD COLUMN (a constant default): SQLite's batch mode would copy the table,
    # which the foreign keys pointing at campaigns refuse.
    op.add_column("campaigns", sa.Column("campaign_type", sa.String(32), nullable=False,
                                         server_default="sales"))
    op.create_table(
        "survey_answers",
        sa.Column("outcome_id", sa.String(64), primary_key=True),
        sa.Column("question_id", sa.String(64), primary_key=True),
        sa.Column("campaign_id", sa.String(36), nullable=False),
        sa.Column("agent_id", sa.String(36), nullable=False),
        sa.Column("region", sa.String(400), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_survey_answers_campaign_id", "survey_answers", ["campaign_id"])
    if _pg():  # 0004's function raises for any row
        op.execute("CREATE TRIGGER survey_answers_append_only BEFORE UPDATE OR DELETE ON "
                   "survey_answers FOR EACH ROW EXECUTE FUNCTION callsheet_append_only()")
    else:
        op.execute("CREATE TRIGGER survey_answers_no_update BEFORE UPDATE ON survey_answers "
                   f"BEGIN SELECT RAISE(ABORT, 'survey_answers {MESSAGE}'); END")
        op.execute("CREATE TRIGGER survey_answers_no_delete BEFORE DELETE ON survey_answers "
                   f"BEGIN SELECT RAISE(ABORT, 'survey_answers {MESSAGE}'); END")
    op.create_table(
        "sms_outbox",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("customer_id", sa.String(36), nullable=False),
        sa.Column("phone", sa.String(20), nullable=False),
        sa.Column("template", sa.String(32), nullable=False),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("sender", sa.String(32), nullable=False),
        sa.Column("provider_ref", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_sms_outbox_customer_id", "sms_outbox", ["customer_id"])
    op.create_index("ix_sms_outbox_status_next", "sms_outbox", ["status", "next_attempt_at"])


def downgrade() -> None:
    op.drop_index("ix_sms_outbox_status_next", "sms_outbox")
    op.drop_index("ix_sms_outbox_customer_id", "sms_outbox")
    op.drop_table("sms_outbox")
    op.drop_index("ix_survey_answers_campaign_id", "survey_answers")
    op.drop_table("survey_answers")  # its triggers go with it
    op.execute("ALTER TABLE campaigns DROP COLUMN campaign_type")
