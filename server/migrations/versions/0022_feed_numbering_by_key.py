"""PostgreSQL: the change feed's commit-time numbering finds its rows by key.

0006's trigger renumbered a transaction's provisional rows with an `UPDATE ... FROM
(SELECT ... WHERE seq < 0)`; the planner joined that to the whole of `sync_changes` (a
hash join over a sequential scan: the feed's statistics are whatever autovacuum last
left), so every committing writer paid for the feed's length, and paid it while holding
the counter lock that serialises all writers. Measured on a 62,000-row feed: 4.8 ms of
PostgreSQL CPU per push; with the rows looked up by primary key, 0.4 ms per commit
(docs/performance.md, Sync server, "Fourth pass").

The numbering is the same: the transaction's provisional rows (seq < 0, read through the
primary key's index) in emission order (the provisional sequence counts down) get the
counter's next contiguous seqs.

Revision ID: 0022
Revises: 0020
Create Date: 2026-12-03 19:45:00
"""

from __future__ import annotations

from alembic import op

revision = "0022"
down_revision = "0020"
branch_labels = None
depends_on = None

BY_KEY = """
CREATE OR REPLACE FUNCTION sync_changes_number() RETURNS trigger AS $$
DECLARE
    seqs bigint[];
    n bigint;
    base bigint;
BEGIN
    -- One row's trigger numbers all the transaction's provisional rows (the only ones
    -- with seq < 0 it can see); the other rows' triggers find theirs gone.
    IF NOT EXISTS (SELECT 1 FROM sync_changes WHERE seq = NEW.seq) THEN
        RETURN NULL;
    END IF;
    SELECT array_agg(seq ORDER BY seq DESC) INTO seqs FROM sync_changes WHERE seq < 0;
    n := cardinality(seqs);
    UPDATE sync_counter SET value = value + n WHERE id = 1 RETURNING value - n INTO base;
    UPDATE sync_changes c SET seq = base + o.rn
      FROM unnest(seqs) WITH ORDINALITY AS o(seq, rn)
     WHERE c.seq = o.seq;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""

# 0006's function, as it was
BY_JOIN = """
CREATE OR REPLACE FUNCTION sync_changes_number() RETURNS trigger AS $$
DECLARE
    n bigint;
    base bigint;
BEGIN
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
    if op.get_bind().dialect.name == "postgresql":
        op.execute(BY_KEY)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(BY_JOIN)
