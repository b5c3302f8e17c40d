"""How this desktop's sales stand after verification (issue 21): the order state the
server's history carries for each of the agent's own sales, kept when the closed item
itself is dropped, so the day figures count confirmed sales only.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sale_states",
        sa.Column("call_id", sa.String(), primary_key=True),
        sa.Column("order_state", sa.String(), nullable=True),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("sale_states")
