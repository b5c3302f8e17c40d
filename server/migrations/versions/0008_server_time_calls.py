"""Call records on the server's clock: the desktop's own times are kept beside them.

`call_outcomes.created_at` and `call_started_at` now hold server time (the desktop's clock
plus the offset it measured at its last pull); the raw desktop times, the offset and the
disclosure ticks with their times are new columns. Rows stored before keep their times
(their offset is unknown) and get no ticks.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 07:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


# Plain ADD/DROP COLUMN on both backends, never a batch "move and copy" on SQLite: that
# would rebuild the table without the append-only triggers of 0004.
def upgrade() -> None:
    op.add_column("call_outcomes", sa.Column("client_created_at", sa.DateTime(), nullable=True))
    op.add_column("call_outcomes",
                  sa.Column("client_call_started_at", sa.DateTime(), nullable=True))
    op.add_column("call_outcomes", sa.Column("clock_offset_seconds", sa.Float(), nullable=True))
    op.add_column("call_outcomes", sa.Column("disclosure_ticks", sa.JSON(), nullable=False,
                                             server_default=sa.text("'[]'")))


def downgrade() -> None:
    for name in ("disclosure_ticks", "clock_offset_seconds", "client_call_started_at",
                 "client_created_at"):
        op.drop_column("call_outcomes", name)
