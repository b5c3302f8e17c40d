"""Operations: the database's generation (restores detected), the change feed's
compaction mark, and the last cursor each user pulled (how far compaction may go).

`server_state` holds one row (id=1): `generation`, a random id made here and renewed by
`callsheet-server mark-restored` (and by `demo --reset`, which migrates from scratch);
every pull carries it, and a desktop that sees another generation than the one it stored
pulls again from 0. `compacted_through`: rows of the feed up to this seq may have been
compacted away (`callsheet-server purge`); a desktop whose cursor is below it pulls again
from 0 too. `user_seen.pull_cursor`: the cursor of the user's last pull (written with the
throttled last-seen time, so it is a lower bound of the desktop's own).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 07:40:00
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    state = op.create_table(
        "server_state",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("generation", sa.String(36), nullable=False),
        sa.Column("compacted_through", sa.BigInteger(), nullable=False,
                  server_default=sa.text("0")),
    )
    op.bulk_insert(state, [{"id": 1, "generation": uuid.uuid4().hex, "compacted_through": 0}])
    op.add_column("user_seen", sa.Column("pull_cursor", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    op.drop_column("user_seen", "pull_cursor")
    op.drop_table("server_state")
