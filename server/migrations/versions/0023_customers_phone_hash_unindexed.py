"""The server's customers lose their phone_hash index: nothing on the server reads it.

`customers.phone_hash` is stored for the desktops (their local store finds a customer
by the do-not-call digest); every server query that looks up a customer's number goes by
`phone` (its own index) or by id. The phone_hash index, the largest of the table (64
hex characters of a random digest per row), was only ever written: on PostgreSQL it
cost an import of 100,000 customers 0.25 s of the database's 1.25 s of CPU, more at a
million, where its pages no longer fit in the buffer cache (docs/performance.md,
Planning, "Fourth round").

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-04 15:10:00
"""

from __future__ import annotations

from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_index("ix_customers_phone_hash")


def downgrade() -> None:
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.create_index("ix_customers_phone_hash", ["phone_hash"], unique=False)
