-- migc bundle: revision 0001_users
-- parents: (base)
-- message: create the users table
-- source: migrations/0001_users.mig
-- source sha256: e831f5c82e7ac3010c811f6006ad6486d71832ebcd06a1b7d9045fa8ef81ed71

SET lock_timeout = '5s';

BEGIN;

-- Running downgrade 0001_users -> 

DROP TABLE users;

DELETE FROM alembic_version WHERE alembic_version.version_num = '0001_users';

COMMIT;

