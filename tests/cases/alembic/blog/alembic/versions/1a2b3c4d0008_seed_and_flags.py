"""seed roles, user flags

Revision ID: 1a2b3c4d0008
Revises: 1a2b3c4d0007
Create Date: 2024-03-02 08:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = '1a2b3c4d0008'
down_revision = '1a2b3c4d0007'
branch_labels = None
depends_on = None


def upgrade():
    roles = op.create_table(
        'roles',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('name', sa.String(50), nullable=False, unique=True),
        sa.Column('is_admin', sa.Boolean, nullable=False, server_default=sa.false()),
    )
    roles_table = sa.table(
        'roles',
        sa.column('id', sa.Integer),
        sa.column('name', sa.String),
        sa.column('is_admin', sa.Boolean),
    )
    op.bulk_insert(
        roles_table,
        [
            {'id': 1, 'name': 'admin', 'is_admin': True},
            {'id': 2, 'name': "editor's", 'is_admin': False},
        ],
    )
    op.add_column('users', sa.Column('role_id', sa.Integer(), sa.ForeignKey('roles.id'), nullable=True))
    op.execute(
        """
        ALTER TABLE users ADD COLUMN last_seen_at TIMESTAMP WITH TIME ZONE
        """
    )
    op.alter_column('users', 'is_active', nullable=True, server_default=None)


def downgrade():
    raise NotImplementedError("seed data cannot be removed safely")
