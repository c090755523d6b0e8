-- migc bundle: revision 0001_users
-- parents: (base)
-- message: create the users table
-- source: migrations/0001_users.mig
-- source sha256: e831f5c82e7ac3010c811f6006ad6486d71832ebcd06a1b7d9045fa8ef81ed71

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

