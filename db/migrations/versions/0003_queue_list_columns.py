"""The facts the queue list needs as columns: the customer's time zone and region, the
item's top offer and its server contacts ("<at> <id>" lines, UTC, newest first).

Listing 10,000 items read every item's and customer's JSON (history, usage months) to
pick out four values: most of a cold start at 10k items. The columns are filled from
the JSON here and by `repo.apply_pull` from then on.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# The same text app/store/repo.py:contact_lines makes: "%Y-%m-%dT%H:%M:%f" is UTC with
# milliseconds whatever offset the JSON carried, so the lines compare as strings.
CONTACTS = """
(SELECT group_concat(line, char(10)) FROM (
    SELECT strftime('%Y-%m-%dT%H:%M:%f', json_extract(h.value, '$.at')) || ' '
           || json_extract(h.value, '$.id') AS line
    FROM json_each(queue_items.data, '$.history') AS h
    ORDER BY line DESC))
"""


def upgrade() -> None:
    op.add_column("customers", sa.Column("timezone", sa.String(), nullable=True))
    op.add_column("customers", sa.Column("region", sa.String(), nullable=True))
    # Before `data`: SQLite reaches a column after a long JSON value only by reading the
    # value's overflow pages, so the list's columns go in front (the table is rebuilt).
    with op.batch_alter_table("queue_items", recreate="always",
                              partial_reordering=[("top_offer_id", "contacts", "data")]) as batch:
        batch.add_column(sa.Column("top_offer_id", sa.String(), nullable=True))
        batch.add_column(sa.Column("contacts", sa.Text(), nullable=True))
    op.execute("UPDATE customers SET timezone = json_extract(data, '$.timezone'), "
               "region = json_extract(data, '$.region')")
    op.execute("UPDATE queue_items SET "
               "top_offer_id = json_extract(data, '$.recommendations[0].offer_id'), "
               f"contacts = {CONTACTS}")


def downgrade() -> None:
    with op.batch_alter_table("queue_items") as batch:
        batch.drop_column("contacts")
        batch.drop_column("top_offer_id")
    with op.batch_alter_table("customers") as batch:
        batch.drop_column("region")
        batch.drop_column("timezone")
