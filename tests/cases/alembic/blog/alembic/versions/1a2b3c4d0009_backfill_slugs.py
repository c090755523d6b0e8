"""backfill post slugs

Revision ID: 1a2b3c4d0009
Revises: 1a2b3c4d0008
Create Date: 2024-03-10 08:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

from myapp.migration_helpers import backfill_in_batches

revision = '1a2b3c4d0009'
down_revision = '1a2b3c4d0008'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('posts', sa.Column('slug', sa.String(length=220), nullable=True))
    backfill_in_batches(op.get_bind(), "posts", "slug", batch_size=500)
    op.create_index('ix_posts_slug', 'posts', ['slug'], unique=True)


def downgrade():
    op.drop_index('ix_posts_slug', table_name='posts')
    op.drop_column('posts', 'slug')
