"""notes and tags

Revision ID: 4e1b00000001
Revises:
Create Date: 2024-07-01 10:00:00

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import sqlite

revision = "4e1b00000001"
down_revision = None
branch_labels = None
depends_on = None

STATES = ("draft", "live", "archived")


def upgrade():
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=40), nullable=False),
        sa.Column("state", sa.Enum(*STATES, name="publish_state"), nullable=False),
        sa.Column("pinned_note_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_tags"),
        # Created below, once notes exists.
        sa.ForeignKeyConstraint(
            ["pinned_note_id"], ["notes.id"], name="fk_tags_pinned_note", use_alter=True
        ),
    )
    op.create_table(
        "notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("extra", sqlite.JSON(), nullable=True),
        sa.Column("state", sa.Enum(*STATES, name="publish_state"), nullable=False),
        sa.Column(
            "tag_id",
            sa.Integer(),
            sa.ForeignKey("tags.id", name="fk_notes_tag", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_notes"),
    )
    op.create_foreign_key(
        "fk_tags_pinned_note", "tags", "notes", ["pinned_note_id"], ["id"], use_alter=True
    )
    op.create_index("ix_notes_created", "notes", [sa.text("created DESC")])
    op.create_index(
        "ix_notes_tag_created",
        "notes",
        ["tag_id", sa.text("created DESC NULLS LAST")],
    )


def downgrade():
    op.drop_index("ix_notes_tag_created", table_name="notes")
    op.drop_index("ix_notes_created", table_name="notes")
    op.drop_constraint("fk_tags_pinned_note", "tags", type_="foreignkey")
    op.drop_table("notes")
    op.drop_table("tags")
    op.execute("DROP TYPE publish_state")
