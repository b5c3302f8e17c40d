"""The change feed's `origin`: which desktop's push made a change.

`sync_changes.origin` is "<user id>/<device id>" for the rows a desktop's push wrote
(the device id travels in the `X-Callsheet-Device` header), NULL for every other writer
and for the rows written before this revision. That desktop's pulls and long polls leave
those rows out: the push answer carried their state already (server.push_state), so a
save no longer comes back to the desktop that made it. Nullable, no default: old rows
and old clients behave as before.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 09:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("sync_changes", sa.Column("origin", sa.String(110), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_changes") as batch:
        batch.drop_column("origin")
