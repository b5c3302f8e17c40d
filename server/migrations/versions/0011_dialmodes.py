"""Dialling per campaign (issue 20): the mode (preview / progressive), the countdown before
a progressive dial, the wrap-up time limit, the ring timeout before "no answer", and the
extension a call is blind-transferred to (verifier or supervisor). Existing campaigns keep
today's behaviour: preview, no wrap-up limit, 30 s of ringing, no transfer target.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 09:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("campaigns") as batch:
        batch.add_column(sa.Column("dial_mode", sa.String(16), nullable=False,
                                   server_default="preview"))
        batch.add_column(sa.Column("progressive_delay_s", sa.Integer(), nullable=False,
                                   server_default="5"))
        batch.add_column(sa.Column("wrap_up_limit_s", sa.Integer(), nullable=False,
                                   server_default="0"))
        batch.add_column(sa.Column("ring_timeout_s", sa.Integer(), nullable=False,
                                   server_default="30"))
        batch.add_column(sa.Column("transfer_target", sa.String(200), nullable=False,
                                   server_default=""))


def downgrade() -> None:
    # Plain DROP COLUMN (PostgreSQL; SQLite since 3.35): batch mode would copy campaigns,
    # which the foreign keys pointing at it refuse once it holds rows (demo --reset).
    for name in ("transfer_target", "ring_timeout_s", "wrap_up_limit_s",
                 "progressive_delay_s", "dial_mode"):
        op.execute(f"ALTER TABLE campaigns DROP COLUMN {name}")
