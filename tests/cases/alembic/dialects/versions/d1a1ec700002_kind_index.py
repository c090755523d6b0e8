"""a partial index where the engine has them

Revision ID: d1a1ec700002
Revises: d1a1ec700001
Create Date: 2024-06-02 08:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "d1a1ec700002"
down_revision = "d1a1ec700001"
branch_labels = None
depends_on = None


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.create_index(
            "ix_events_kind",
            "events",
            ["kind"],
            postgresql_where=sa.text("payload IS NOT NULL"),
        )
    else:
        op.create_index("ix_events_kind", "events", ["kind"])
        op.add_column("events", sa.Column("note", sa.Text(), nullable=True))


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        op.drop_column("events", "note")
    op.drop_index("ix_events_kind", table_name="events")
