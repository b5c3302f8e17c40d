"""A plan's targets keep their customer's foreign key, not their plan's and campaign's.

A million-customer plan writes about 270,000 targets. On PostgreSQL each target's three
foreign-key checks (a lookup and a row lock each) were most of the database's work:
writing them took 8.5 s with the checks, 2.8 s without (docs/performance.md, Planning,
"Fifth round"). The plan's and the campaign's checks protect nothing: every target of a
plan is written by the plan itself (server.planning.targeting._Saving), with the ids of
the plan row it inserted and the campaign it holds in the same transaction, and no plan
or campaign is ever deleted. Dropping them took 4 s off the plan. The customer's key
stays: customers are the records other work could one day remove.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-04 19:20:00
"""

from __future__ import annotations

from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None

# SQLite's constraints have no name: batch mode names them by this convention to find
# them (alembic, "Dropping Unnamed or Named Foreign Key Constraints")
_NAMES = {"fk": "%(table_name)s_%(column_0_name)s_fkey"}  # PostgreSQL's own names


def upgrade() -> None:
    with op.batch_alter_table("campaign_targets", naming_convention=_NAMES) as batch_op:
        batch_op.drop_constraint("campaign_targets_plan_id_fkey", type_="foreignkey")
        batch_op.drop_constraint("campaign_targets_campaign_id_fkey", type_="foreignkey")


def downgrade() -> None:
    with op.batch_alter_table("campaign_targets", naming_convention=_NAMES) as batch_op:
        batch_op.create_foreign_key("campaign_targets_plan_id_fkey", "campaign_plans",
                                    ["plan_id"], ["id"])
        batch_op.create_foreign_key("campaign_targets_campaign_id_fkey", "campaigns",
                                    ["campaign_id"], ["id"])
