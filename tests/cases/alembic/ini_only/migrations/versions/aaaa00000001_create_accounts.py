"""create accounts

Revision ID: aaaa00000001
Revises:
Create Date: 2024-05-01 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = 'aaaa00000001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('accounts',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('email', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )


def downgrade():
    op.drop_table('accounts')
