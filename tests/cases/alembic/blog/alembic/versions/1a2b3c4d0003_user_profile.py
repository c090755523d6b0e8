"""user profile: display name, longer emails

Revision ID: 1a2b3c4d0003
Revises: 1a2b3c4d0002
Create Date: 2024-01-08 14:12:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = '1a2b3c4d0003'
down_revision = '1a2b3c4d0002'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('users', sa.Column('display_name', sa.String(length=100), nullable=True, comment="shown next to posts"))
    op.alter_column('users', 'email',
               existing_type=sa.VARCHAR(length=255),
               type_=sa.String(length=320),
               existing_nullable=False)


def downgrade():
    op.alter_column('users', 'email',
               existing_type=sa.String(length=320),
               type_=sa.VARCHAR(length=255),
               existing_nullable=False)
    op.drop_column('users', 'display_name')
