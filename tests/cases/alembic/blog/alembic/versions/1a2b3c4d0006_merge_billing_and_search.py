"""merge billing and search

Revision ID: 1a2b3c4d0006
Revises: 1a2b3c4d0004, 1a2b3c4d0005
Create Date: 2024-02-03 08:00:00.000000

"""
revision = '1a2b3c4d0006'
down_revision = ('1a2b3c4d0004', '1a2b3c4d0005')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
