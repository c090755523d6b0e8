"""comments, renames and constraints

Revision ID: 1a2b3c4d0007
Revises: 1a2b3c4d0006
Create Date: 2024-03-01 08:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "1a2b3c4d0007"
down_revision = "1a2b3c4d0006"
branch_labels = None
depends_on = None

TABLE = "post_comments"


def upgrade():
    op.create_table(
        TABLE,
        sa.Column("id", sa.BigInteger, primary_key=True),
        sa.Column("post_id", sa.BigInteger, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("payload", sa.JSON, nullable=True),
    )
    op.create_foreign_key(
        "fk_post_comments_post_id", TABLE, "posts", ["post_id"], ["id"], ondelete="CASCADE"
    )
    op.create_check_constraint("ck_post_comments_body", TABLE, "length(body) < 10000")
    op.rename_table("invoices", "bills")
    op.alter_column("users", "display_name", new_column_name="nickname")
    op.alter_column("posts", "status", server_default=None)
    op.create_unique_constraint("uq_users_nickname", "users", ["nickname"])


def downgrade():
    op.drop_constraint("uq_users_nickname", "users", type_="unique")
    op.alter_column("posts", "status", server_default="draft")
    op.alter_column("users", "nickname", new_column_name="display_name")
    op.rename_table("bills", "invoices")
    op.drop_constraint("ck_post_comments_body", TABLE, type_="check")
    op.drop_constraint("fk_post_comments_post_id", TABLE, type_="foreignkey")
    op.drop_table(TABLE)
