-- migc bundle: revision 0002_posts
-- parents: 0001_users
-- message: users write posts
-- source: migrations/0002_posts.mig
-- source sha256: 71c347b0a119932538d24d9c5b03bcff6834eb6390c34b923edb83598b0f58a0

SET lock_timeout = '5s';

BEGIN;

-- Running downgrade 0002_posts -> 0001_users

DROP TABLE posts;

UPDATE alembic_version SET version_num='0001_users' WHERE alembic_version.version_num = '0002_posts';

COMMIT;

