"""audit columns through helpers

Revision ID: 4e1b00000002
Revises: 4e1b00000001
Create Date: 2024-07-02 10:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "4e1b00000002"
down_revision = "4e1b00000001"
branch_labels = None
depends_on = None

AUDITED = ["notes", "tags"]


def _add_audit(table: str, width: int = 50, *, indexed: bool = True) -> None:
    op.add_column(table, sa.Column("audited_by", sa.String(length=width), nullable=True))
    if indexed:
        op.create_index(f"ix_{table}_audited_by", table, ["audited_by"])


def _drop_audit(table, **options):
    op.drop_index(f"ix_{table}_audited_by", table_name=table, **options)
    op.drop_column(table, "audited_by")


def upgrade():
    def _comment(table, text):
        op.create_table_comment(table, text)

    for table in AUDITED:
        _add_audit(table, indexed=table == "notes")
    _comment("notes", "audited")
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("PRAGMA foreign_keys = ON")


def downgrade():
    op.drop_table_comment("notes")
    op.drop_column("tags", "audited_by")
    _drop_audit("notes")
