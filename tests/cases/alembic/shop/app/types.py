"""Stand-in for a project type module: Alembic needs it importable."""
import sqlalchemy as sa


class GUID(sa.types.TypeDecorator):
    impl = sa.Uuid
    cache_ok = True
