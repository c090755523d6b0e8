SET lock_timeout = '5s';

BEGIN;

-- Running downgrade 0003_posts_index -> 0002_posts

COMMIT;

DROP INDEX CONCURRENTLY ix_posts_author_created;

BEGIN;

UPDATE alembic_version SET version_num='0002_posts' WHERE alembic_version.version_num = '0003_posts_index';

-- Running downgrade 0002_posts -> 0001_users

DROP TABLE posts;

UPDATE alembic_version SET version_num='0001_users' WHERE alembic_version.version_num = '0002_posts';

-- Running downgrade 0001_users -> 

DROP TABLE users;

DELETE FROM alembic_version WHERE alembic_version.version_num = '0001_users';

COMMIT;

