"""per-dialect index and audit columns

Revision ID: 5e7a00000003
Revises: 5e7a00000002
Create Date: 2024-03-03 09:00:00

"""
import sqlalchemy as sa
from alembic import context, op

revision = "5e7a00000003"
down_revision = "5e7a00000002"
branch_labels = None
depends_on = None

AUDITED = ["customers", "shop_orders"]


def upgrade():
    dialect_name = op.get_bind().dialect.name
    if dialect_name == "postgresql":
        op.create_index(
            "ix_customers_email_lower",
            "customers",
            [sa.text("lower(email_address)")],
            postgresql_where=sa.text("email_address IS NOT NULL"),
        )
    elif dialect_name == "mysql":
        op.create_index("ix_customers_email_lower", "customers", ["email_address"])
    else:
        pass

    for table in AUDITED:
        op.add_column(table, sa.Column("updated_by", sa.String(length=50), nullable=True))
        op.create_index(f"ix_{table}_updated_by", table, ["updated_by"])

    for table, column in [("customers", "email_address"), ("shop_orders", "status")]:
        op.create_table_comment(table, "audited")
        op.alter_column(table, column, comment=f"{table}.{column} is audited")

    if context.get_context().dialect.name == "sqlite":
        op.execute("PRAGMA foreign_keys = ON")

    bind = op.get_bind()
    if bind.engine.name == "mysql":
        op.drop_index("ix_customers_email_lower", table_name="customers")


def downgrade():
    for table, column in [("customers", "email_address"), ("shop_orders", "status")]:
        op.alter_column(table, column, comment=None, existing_type=sa.String())
        op.drop_table_comment(table)
    for table in ("shop_orders", "customers"):
        op.drop_index(f"ix_{table}_updated_by", table_name=table)
        op.drop_column(table, "updated_by")
    op.drop_index("ix_customers_email_lower", table_name="customers")
