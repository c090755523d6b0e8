"""batch changes on orders

Revision ID: 5e7a00000002
Revises: 5e7a00000001
Create Date: 2024-03-02 09:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "5e7a00000002"
down_revision = "5e7a00000001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("shop_orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("note", sa.Text(), nullable=True))
        batch_op.alter_column(
            "total",
            existing_type=sa.Numeric(10, 2),
            type_=sa.Numeric(12, 2),
            existing_nullable=False,
        )
        batch_op.create_index(batch_op.f("ix_shop_orders_status"), ["status"], unique=False)
        batch_op.create_unique_constraint("uq_shop_orders_note", ["note"])
        batch_op.create_check_constraint("ck_shop_orders_total", "total >= 0")

    with op.batch_alter_table("customers") as batch_op:
        batch_op.drop_constraint("uq_customers_public_id", type_="unique")
        batch_op.alter_column("email", new_column_name="email_address")


def downgrade():
    with op.batch_alter_table("customers") as batch_op:
        batch_op.alter_column("email_address", new_column_name="email")
        batch_op.create_unique_constraint("uq_customers_public_id", ["public_id"])

    with op.batch_alter_table("shop_orders", schema=None) as batch_op:
        batch_op.drop_constraint("ck_shop_orders_total", type_="check")
        batch_op.drop_constraint("uq_shop_orders_note", type_="unique")
        batch_op.drop_index(batch_op.f("ix_shop_orders_status"))
        batch_op.alter_column(
            "total",
            existing_type=sa.Numeric(12, 2),
            type_=sa.Numeric(10, 2),
            existing_nullable=False,
        )
        batch_op.drop_column("note")
        batch_op.drop_column("status")
