"""Script variants by segment (issue 22): the customer fields the variants' rules read
(customers.age_band, district, community, broadband_mbps, package_history), a script's
variants (scripts.variants), and the variant a call was made with
(call_outcomes.script_variant).

call_outcomes is append-only (0012): the new column joins the guarded columns, so the
`call_outcomes_no_update` trigger is created again over 0012's list plus it.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

MESSAGE = "is append-only: records are evidence and may be annotated, never altered"
# 0012's GUARDED, plus this migration's column.
GUARDED = (
    "id", "queue_item_id", "customer_id", "agent_id", "campaign_id", "disposition",
    "objection", "offer_id", "script_id", "script_version", "steps_taken",
    "disclosures_ticked", "call_started_at", "talk_seconds", "wrap_seconds", "callback_at",
    "created_at", "received_at", "client_created_at", "client_call_started_at",
    "clock_offset_seconds", "disclosure_ticks",
    "script_variant",
)
BEFORE = GUARDED[:-1]


def _pg() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _guard(cols: tuple[str, ...]) -> None:
    names = ", ".join(cols)
    if _pg():
        op.execute("DROP TRIGGER IF EXISTS call_outcomes_no_update ON call_outcomes")
        op.execute(f"CREATE TRIGGER call_outcomes_no_update BEFORE UPDATE OF {names} "
                   "ON call_outcomes FOR EACH ROW EXECUTE FUNCTION callsheet_append_only()")
        return
    op.execute("DROP TRIGGER IF EXISTS call_outcomes_no_update")
    op.execute(f"CREATE TRIGGER call_outcomes_no_update BEFORE UPDATE OF {names} "
               f"ON call_outcomes BEGIN SELECT RAISE(ABORT, 'call_outcomes {MESSAGE}'); END")


def upgrade() -> None:
    # Plain ADD COLUMN with constant defaults (as 0013, 0017): no table copy.
    op.add_column("customers", sa.Column("age_band", sa.String(16), nullable=False,
                                         server_default=sa.text("''")))
    op.add_column("customers", sa.Column("district", sa.String(400), nullable=False,
                                         server_default=sa.text("''")))
    op.add_column("customers", sa.Column("community", sa.String(400), nullable=False,
                                         server_default=sa.text("''")))
    op.add_column("customers", sa.Column("broadband_mbps", sa.Integer(), nullable=True))
    op.add_column("customers", sa.Column("package_history", sa.JSON(), nullable=False,
                                         server_default=sa.text("'[]'")))
    op.add_column("scripts", sa.Column("variants", sa.JSON(), nullable=False,
                                       server_default=sa.text("'[]'")))
    op.add_column("call_outcomes", sa.Column("script_variant", sa.String(64), nullable=True))
    _guard(GUARDED)


def downgrade() -> None:
    _guard(BEFORE)  # first: SQLite drops no column a trigger names
    op.execute("ALTER TABLE call_outcomes DROP COLUMN script_variant")
    op.execute("ALTER TABLE scripts DROP COLUMN variants")
    for col in ("package_history", "broadband_mbps", "community", "district", "age_band"):
        op.execute(f"ALTER TABLE customers DROP COLUMN {col}")
