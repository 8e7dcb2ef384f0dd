"""Effect measures: accounts get a unit, notes the client's answer, and content-free figures.

Existing accounts get no unit ("Ingen enhet"), existing notes no answer (unanswered) and no
figures (they were approved before figures were taken; they still count as approved).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 04:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("hub_users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unit", sa.String(length=120), nullable=True))
    with op.batch_alter_table("hub_notes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("client_answer", sa.String(length=8), nullable=True))
    note_id = sa.Column("note_id", sa.Integer(), sa.ForeignKey("hub_notes.id"), nullable=False)
    op.create_table(
        "hub_note_figures",
        note_id,
        sa.Column("approval_delay_s", sa.Float(), nullable=False),
        sa.Column("review_s", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("note_id"),
    )
    op.create_table(
        "hub_section_figures",
        sa.Column("note_id", sa.Integer(), sa.ForeignKey("hub_notes.id"), nullable=False),
        sa.Column("section", sa.String(length=32), nullable=False),
        sa.Column("draft_words", sa.Integer(), nullable=False),
        sa.Column("kept_words", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("note_id", "section"),
    )
    op.create_table(
        "hub_flag_figures",
        sa.Column("note_id", sa.Integer(), sa.ForeignKey("hub_notes.id"), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("choice", sa.String(length=16), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("note_id", "kind", "choice"),
    )


def downgrade() -> None:
    op.drop_table("hub_flag_figures")
    op.drop_table("hub_section_figures")
    op.drop_table("hub_note_figures")
    with op.batch_alter_table("hub_notes", schema=None) as batch_op:
        batch_op.drop_column("client_answer")
    with op.batch_alter_table("hub_users", schema=None) as batch_op:
        batch_op.drop_column("unit")
