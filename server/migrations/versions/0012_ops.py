"""Retention of call records: the one change the append-only guard of call_outcomes lets
through is erasing a record's notes (setting them to '') once it is past its retention
(`callsheet-server purge`, server/retention_calls.py). Any other UPDATE - another
column, or notes set to anything but '' - and every DELETE are still refused by the
database itself.

0004's single "no update" trigger on call_outcomes becomes two:
- `call_outcomes_no_update`: BEFORE UPDATE OF every column but `notes` - refused even when
  the value does not change (a statement that names the column is refused);
- `call_outcomes_notes_erase_only`: BEFORE UPDATE OF notes WHEN the new notes are not ''.
A later migration that adds a column to call_outcomes adds it to `GUARDED` of its own
copy of this list (tests/server/test_retention_calls.py tries every model column).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 09:30:00
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

MESSAGE = "is append-only: records are evidence and may be annotated, never altered"
GUARDED = (
    "id", "queue_item_id", "customer_id", "agent_id", "campaign_id", "disposition",
    "objection", "offer_id", "script_id", "script_version", "steps_taken",
    "disclosures_ticked", "call_started_at", "talk_seconds", "wrap_seconds", "callback_at",
    "created_at", "received_at", "client_created_at", "client_call_started_at",
    "clock_offset_seconds", "disclosure_ticks",
)


def _pg() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    cols = ", ".join(GUARDED)
    if _pg():
        # 0004's function raises for any row; BEFORE DELETE and TRUNCATE keep using it.
        op.execute("DROP TRIGGER IF EXISTS call_outcomes_append_only ON call_outcomes")
        op.execute("CREATE TRIGGER call_outcomes_no_delete BEFORE DELETE ON call_outcomes "
                   "FOR EACH ROW EXECUTE FUNCTION callsheet_append_only()")
        op.execute(f"CREATE TRIGGER call_outcomes_no_update BEFORE UPDATE OF {cols} "
                   "ON call_outcomes FOR EACH ROW EXECUTE FUNCTION callsheet_append_only()")
        op.execute("CREATE TRIGGER call_outcomes_notes_erase_only BEFORE UPDATE OF notes "
                   "ON call_outcomes FOR EACH ROW WHEN (NEW.notes <> '') "
                   "EXECUTE FUNCTION callsheet_append_only()")
        return
    op.execute("DROP TRIGGER IF EXISTS call_outcomes_no_update")
    op.execute(f"CREATE TRIGGER call_outcomes_no_update BEFORE UPDATE OF {cols} "
               f"ON call_outcomes BEGIN SELECT RAISE(ABORT, 'call_outcomes {MESSAGE}'); END")
    op.execute("CREATE TRIGGER call_outcomes_notes_erase_only BEFORE UPDATE OF notes "
               "ON call_outcomes WHEN NEW.notes <> '' "
               f"BEGIN SELECT RAISE(ABORT, 'call_outcomes {MESSAGE}'); END")


def downgrade() -> None:
    if _pg():
        for name in ("call_outcomes_no_update", "call_outcomes_notes_erase_only",
                     "call_outcomes_no_delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON call_outcomes")
        op.execute("CREATE TRIGGER call_outcomes_append_only BEFORE UPDATE OR DELETE ON "
                   "call_outcomes FOR EACH ROW EXECUTE FUNCTION callsheet_append_only()")
        return
    op.execute("DROP TRIGGER IF EXISTS call_outcomes_notes_erase_only")
    op.execute("DROP TRIGGER IF EXISTS call_outcomes_no_update")
    op.execute("CREATE TRIGGER call_outcomes_no_update BEFORE UPDATE ON call_outcomes "
               f"BEGIN SELECT RAISE(ABORT, 'call_outcomes {MESSAGE}'); END")
