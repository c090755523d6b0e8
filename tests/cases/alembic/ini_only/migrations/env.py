# Alembic's environment script: never read by migc (it has no `revision`).
from alembic import context

context.configure(url="postgresql://", literal_binds=True)
with context.begin_transaction():
    context.run_migrations()
