-- migc bundle: revision 0002_posts
-- parents: 0001_users
-- message: users write posts
-- source: migrations/0002_posts.mig
-- source sha256: 2678efb24dd5eec988900641971d084697fce437c1b75eda21a65feb703753da

SET lock_timeout = '5s';

BEGIN;

-- Running downgrade 0002_posts -> 0001_users

DROP TABLE posts;

UPDATE alembic_version SET version_num='0001_users' WHERE alembic_version.version_num = '0002_posts';

COMMIT;

