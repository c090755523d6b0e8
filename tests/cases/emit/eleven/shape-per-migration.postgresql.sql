SET lock_timeout = '5s';

SET statement_timeout = '10min';

BEGIN;

CREATE TABLE audit.alembic_version (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

-- Running upgrade  -> 0001aaaa0001

CREATE TABLE users (
    id INTEGER NOT NULL, 
    name VARCHAR(50) NOT NULL, 
    PRIMARY KEY (id)
);

INSERT INTO audit.alembic_version (version_num) VALUES ('0001aaaa0001') RETURNING audit.alembic_version.version_num;

COMMIT;

BEGIN;

-- Running upgrade 0001aaaa0001 -> 0002aaaa0002

ALTER TABLE users ADD COLUMN email VARCHAR(200);

UPDATE audit.alembic_version SET version_num='0002aaaa0002' WHERE audit.alembic_version.version_num = '0001aaaa0001';

COMMIT;

BEGIN;

-- Running upgrade 0002aaaa0002 -> 0003aaaa0003

CREATE TABLE orders (
    id INTEGER NOT NULL, 
    user_id INTEGER NOT NULL, 
    total NUMERIC(10, 2) DEFAULT 0 NOT NULL, 
    PRIMARY KEY (id), 
    FOREIGN KEY(user_id) REFERENCES users (id)
);

UPDATE audit.alembic_version SET version_num='0003aaaa0003' WHERE audit.alembic_version.version_num = '0002aaaa0002';

COMMIT;

