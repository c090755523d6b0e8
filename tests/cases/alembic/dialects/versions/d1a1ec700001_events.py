"""events, with a payload column per dialect

Revision ID: d1a1ec700001
Revises:
Create Date: 2024-06-01 08:00:00

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "d1a1ec700001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        payload = postgresql.JSONB()
    else:
        payload = sa.JSON()
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("payload", payload, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
    )


def downgrade():
    op.drop_table("events")
