-- migc bundle: revision 0003_posts_index
-- parents: 0002_posts
-- message: index posts by author
-- source: migrations/0003_posts_index.mig
-- source sha256: f3f9b4b62eb901e3512907b5a4d626bc0059a18cebb5df0973bdf18db451e8bf

SET lock_timeout = '5s';

BEGIN;

-- Running downgrade 0003_posts_index -> 0002_posts

COMMIT;

DROP INDEX CONCURRENTLY ix_posts_author_created;

BEGIN;

UPDATE alembic_version SET version_num='0002_posts' WHERE alembic_version.version_num = '0003_posts_index';

COMMIT;

