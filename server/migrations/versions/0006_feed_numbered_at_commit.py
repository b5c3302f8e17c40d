"""PostgreSQL: change-feed rows are numbered by a deferred trigger at COMMIT.

A writing transaction inserts its `sync_changes` rows with a provisional negative seq
(from the sequence `sync_changes_provisional`, never visible to anyone: the rows are
renumbered before the transaction commits). At COMMIT the deferred constraint trigger
`sync_changes_number` takes the counter row's lock, adds the transaction's row count and
gives the rows their real, contiguous seqs in emission order. The lock is then held from
inside COMMIT to its end, with no round trip to the server process in between, which is
what serialises the writers (server/changes.py explains why they must be).

SQLite is unchanged: there every write transaction is serialised anyway.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 08:20:00
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

NUMBER = """
CREATE OR REPLACE FUNCTION sync_changes_number() RETURNS trigger AS $$
DECLARE
    n bigint;
    base bigint;
BEGIN
    -- One row's trigger numbers all the transaction's provisional rows (the only ones
    -- with seq < 0 it can see: other transactions' are uncommitted and so invisible, and
    -- committed ones were renumbered); the other rows' triggers find theirs gone.
    IF NOT EXISTS (SELECT 1 FROM sync_changes WHERE seq = NEW.seq) THEN
        RETURN NULL;
    END IF;
    SELECT count(*) INTO n FROM sync_changes WHERE seq < 0;
    UPDATE sync_counter SET value = value + n WHERE id = 1 RETURNING value - n INTO base;
    UPDATE sync_changes c SET seq = base + o.rn
      FROM (SELECT seq, row_number() OVER (ORDER BY seq DESC) AS rn
              FROM sync_changes WHERE seq < 0) o
     WHERE c.seq = o.seq;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE SEQUENCE sync_changes_provisional")
    op.execute(NUMBER)
    op.execute("CREATE CONSTRAINT TRIGGER sync_changes_number AFTER INSERT ON sync_changes "
               "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.seq < 0) "
               "EXECUTE FUNCTION sync_changes_number()")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS sync_changes_number ON sync_changes")
    op.execute("DROP FUNCTION IF EXISTS sync_changes_number()")
    op.execute("DROP SEQUENCE IF EXISTS sync_changes_provisional")
