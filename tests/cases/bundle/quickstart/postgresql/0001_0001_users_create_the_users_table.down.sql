-- migc bundle: revision 0001_users
-- parents: (base)
-- message: create the users table
-- source: migrations/0001_users.mig
-- source sha256: f98df190925568d453c49ab96710b0090415f21182975efdff91d9e89a0fe340

SET lock_timeout = '5s';

BEGIN;

-- Running downgrade 0001_users -> 

DROP TABLE users;

DELETE FROM alembic_version WHERE alembic_version.version_num = '0001_users';

COMMIT;

