"""customers and orders

Revision ID: 5e7a00000001
Revises:
Create Date: 2024-03-01 09:00:00

"""
import sqlalchemy as sa
from alembic import op

from app.models import Customer, Order
from app.types import GUID

revision = "5e7a00000001"
down_revision = None
branch_labels = None
depends_on = None

SCHEMA_PREFIX = "shop"


def _created_at():
    return sa.Column(
        "created_at",
        sa.DateTime(timezone=True),
        server_default=sa.func.now(),
        nullable=False,
    )


def upgrade():
    op.create_table(
        Customer.__tablename__,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", GUID(), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("touched", sa.BigInteger(), default=lambda: 0),
        _created_at(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customers")),
        sa.UniqueConstraint("public_id", name=f"uq_{Customer.__tablename__}_public_id"),
    )
    op.create_table(
        Order.__tablename__,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("total", sa.Numeric(10, 2), server_default="0", nullable=False),
        _created_at(),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name="fk_%s_customer_id" % Order.__tablename__,
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_{}_{}".format(Order.__tablename__, "customer_id"),
        Order.__tablename__,
        ["customer_id"],
    )


def downgrade():
    op.drop_index("ix_shop_orders_customer_id", table_name="shop_orders")
    op.drop_table("shop_orders")
    op.drop_table("customers")
