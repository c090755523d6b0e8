"""data fix the reader cannot follow

Revision ID: 5e7a00000004
Revises: 5e7a00000003
Create Date: 2024-03-04 09:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "5e7a00000004"
down_revision = "5e7a00000003"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("customers", sa.Column("vip", sa.Boolean(), server_default=sa.false(), nullable=False))
    inspector = sa.inspect(op.get_bind())
    if "legacy_vips" in inspector.get_table_names():
        op.execute("UPDATE customers SET vip = true WHERE id IN (SELECT id FROM legacy_vips)")
    for row in op.get_bind().execute(sa.text("SELECT id FROM customers")):
        op.execute(f"UPDATE customers SET vip = false WHERE id = {row.id}")
    op.create_index("ix_customers_vip", "customers", ["vip"])


def downgrade():
    raise NotImplementedError("the data fix cannot be undone")
