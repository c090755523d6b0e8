"""Writes an Alembic project with a linear chain of N revisions, for timing
`alembic upgrade head --sql` against `migc sql` on the very same files:

    python3 benches/support/alembic_chain.py 1000 /tmp/alembic1k
    (cd /tmp/alembic1k && alembic upgrade head --sql > /dev/null)
    migc --config /tmp/alembic1k sql > /dev/null

Each revision creates a table of 6 to 12 columns with a foreign key to
the last table created and an index, or adds a column and an index to an
earlier table: the op.* calls Alembic projects are made of.
"""

import os
import random
import sys

ENV = '''from alembic import context
from sqlalchemy import MetaData

config = context.config
target_metadata = MetaData()


def run_migrations_offline():
    context.configure(url=config.get_main_option("sqlalchemy.url"),
                      target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations_offline()
'''

INI = '''[alembic]
script_location = %(here)s/migrations
sqlalchemy.url = postgresql://localhost/bench
'''

TYPES = ["sa.Text()", "sa.BigInteger()", "sa.Integer()", "sa.Boolean()",
         "sa.DateTime(timezone=True)", "sa.Numeric(12, 2)", "sa.String(length=120)"]


def revision(n, rng, tables):
    rid = f"{n:012x}"
    down = f'"{n - 1:012x}"' if n > 0 else "None"
    body = []
    if not tables or rng.random() < 0.6:
        cols = ['        sa.Column("id", sa.BigInteger(), primary_key=True),']
        for c in range(rng.randint(5, 11)):
            nullable = rng.random() < 0.5
            cols.append(f'        sa.Column("c{c}", {rng.choice(TYPES)}, nullable={nullable}),')
        if tables:
            cols.append(f'        sa.Column("parent_id", sa.BigInteger(), sa.ForeignKey("t{tables[-1]}.id"), nullable=True),')
        body.append(f'    op.create_table(\n        "t{n}",\n' + "\n".join(cols) + "\n    )")
        body.append(f'    op.create_index("ix_t{n}_c0", "t{n}", ["c0"])')
        down_body = [f'    op.drop_index("ix_t{n}_c0", table_name="t{n}")', f'    op.drop_table("t{n}")']
        tables.append(n)
    else:
        t = rng.choice(tables)
        body.append(f'    op.add_column("t{t}", sa.Column("x{n}", sa.Text(), nullable=True))')
        body.append(f'    op.create_index("ix_t{t}_x{n}", "t{t}", ["x{n}"])')
        down_body = [f'    op.drop_index("ix_t{t}_x{n}", table_name="t{t}")', f'    op.drop_column("t{t}", "x{n}")']
    return rid, f'''"""revision {n}

Revision ID: {rid}
"""
from alembic import op
import sqlalchemy as sa

revision = "{rid}"
down_revision = {down}
branch_labels = None
depends_on = None


def upgrade():
{chr(10).join(body)}


def downgrade():
{chr(10).join(down_body)}
'''


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 42)
    versions = os.path.join(out, "migrations", "versions")
    os.makedirs(versions, exist_ok=True)
    with open(os.path.join(out, "alembic.ini"), "w") as f:
        f.write(INI)
    with open(os.path.join(out, "migrations", "env.py"), "w") as f:
        f.write(ENV)
    tables = []
    for i in range(n):
        rid, text = revision(i, rng, tables)
        with open(os.path.join(versions, f"{rid}_r{i}.py"), "w") as f:
            f.write(text)


main()
