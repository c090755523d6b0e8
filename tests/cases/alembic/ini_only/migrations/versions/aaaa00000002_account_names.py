"""account names

Revision ID: aaaa00000002
Revises: aaaa00000001
Create Date: 2024-05-02 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = 'aaaa00000002'
down_revision = 'aaaa00000001'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('accounts', sa.Column('name', sa.Text(), nullable=True))


def downgrade():
    op.drop_column('accounts', 'name')
