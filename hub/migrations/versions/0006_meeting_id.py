"""Meeting id: the note and receipt column note_id is renamed meeting_id.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 10:00:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("hub_notes", schema=None) as batch_op:
        batch_op.drop_constraint("uq_hub_notes_device_note", type_="unique")
        batch_op.alter_column("note_id", new_column_name="meeting_id")
    # A second batch: SQLite's copy-and-move loses a constraint on a column renamed in the
    # same batch.
    with op.batch_alter_table("hub_notes", schema=None) as batch_op:
        batch_op.create_unique_constraint(
            "uq_hub_notes_device_meeting", ["device_id", "meeting_id"]
        )
    with op.batch_alter_table("hub_deletion_receipts", schema=None) as batch_op:
        batch_op.alter_column("note_id", new_column_name="meeting_id")


def downgrade() -> None:
    with op.batch_alter_table("hub_deletion_receipts", schema=None) as batch_op:
        batch_op.alter_column("meeting_id", new_column_name="note_id")
    with op.batch_alter_table("hub_notes", schema=None) as batch_op:
        batch_op.drop_constraint("uq_hub_notes_device_meeting", type_="unique")
        batch_op.alter_column("meeting_id", new_column_name="note_id")
    with op.batch_alter_table("hub_notes", schema=None) as batch_op:
        batch_op.create_unique_constraint("uq_hub_notes_device_note", ["device_id", "note_id"])
