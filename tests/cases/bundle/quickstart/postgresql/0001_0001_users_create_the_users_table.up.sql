-- migc bundle: revision 0001_users
-- parents: (base)
-- message: create the users table
-- source: migrations/0001_users.mig
-- source sha256: f98df190925568d453c49ab96710b0090415f21182975efdff91d9e89a0fe340

SET lock_timeout = '5s';

BEGIN;

CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

-- Running upgrade  -> 0001_users

CREATE TABLE users (
    id BIGINT GENERATED ALWAYS AS IDENTITY, 
    email VARCHAR(255) NOT NULL, 
    name TEXT NOT NULL, 
    created_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL, 
    PRIMARY KEY (id), 
    UNIQUE (email)
);

INSERT INTO alembic_version (version_num) VALUES ('0001_users') RETURNING alembic_version.version_num;

COMMIT;

