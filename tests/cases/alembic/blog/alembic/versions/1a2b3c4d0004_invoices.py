"""invoices

Revision ID: 1a2b3c4d0004
Revises: 1a2b3c4d0003
Create Date: 2024-02-01 08:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '1a2b3c4d0004'
down_revision = '1a2b3c4d0003'
branch_labels = ('billing',)
depends_on = None


def upgrade():
    op.create_table(
        "invoices",
        sa.Column("id", postgresql.UUID(as_uuid=True), primary_key=True,
                  server_default=sa.text("gen_random_uuid()")),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("amount", sa.Numeric(10, 2), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False, server_default="EUR"),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
        sa.UniqueConstraint("user_id", "issued_at", name="uq_invoices_user_issued"),
    )


def downgrade():
    op.drop_table("invoices")
