"""post search

Revision ID: 1a2b3c4d0005
Revises: 1a2b3c4d0003
Create Date: 2024-02-02 08:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = '1a2b3c4d0005'
down_revision = '1a2b3c4d0003'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    with op.get_context().autocommit_block():
        op.create_index(
            "ix_posts_published_title",
            "posts",
            ["title"],
            postgresql_concurrently=True,
            postgresql_where=sa.text("status = 'published'"),
        )


def downgrade():
    with op.get_context().autocommit_block():
        op.drop_index(
            "ix_posts_published_title",
            table_name="posts",
            postgresql_concurrently=True,
        )
