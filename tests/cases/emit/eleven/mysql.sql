CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

-- Running upgrade  -> 0001aaaa0001

CREATE TABLE users (
    id INTEGER NOT NULL, 
    name VARCHAR(50) NOT NULL, 
    PRIMARY KEY (id)
);

INSERT INTO alembic_version (version_num) VALUES ('0001aaaa0001');

-- Running upgrade 0001aaaa0001 -> 0002aaaa0002

ALTER TABLE users ADD COLUMN email VARCHAR(200);

UPDATE alembic_version SET version_num='0002aaaa0002' WHERE alembic_version.version_num = '0001aaaa0001';

-- Running upgrade 0002aaaa0002 -> 0003aaaa0003

CREATE TABLE orders (
    id INTEGER NOT NULL, 
    user_id INTEGER NOT NULL, 
    total NUMERIC(10, 2) NOT NULL DEFAULT 0, 
    PRIMARY KEY (id), 
    CONSTRAINT orders_user_id_fkey FOREIGN KEY(user_id) REFERENCES users (id)
);

UPDATE alembic_version SET version_num='0003aaaa0003' WHERE alembic_version.version_num = '0002aaaa0002';

-- Running upgrade 0003aaaa0003 -> 0004aaaa0004

ALTER TABLE orders ADD COLUMN status VARCHAR(20) NOT NULL DEFAULT 'new';

UPDATE alembic_version SET version_num='0004aaaa0004' WHERE alembic_version.version_num = '0003aaaa0003';

-- Running upgrade 0004aaaa0004 -> 0005aaaa0005

CREATE INDEX ix_orders_user_id ON orders (user_id);

UPDATE alembic_version SET version_num='0005aaaa0005' WHERE alembic_version.version_num = '0004aaaa0004';

-- Running upgrade 0005aaaa0005 -> 0006aaaa0006

CREATE TABLE fees (
    id INTEGER NOT NULL, 
    amount NUMERIC(10, 2) NOT NULL, 
    PRIMARY KEY (id)
);

UPDATE alembic_version SET version_num='0006aaaa0006' WHERE alembic_version.version_num = '0005aaaa0005';

-- Running upgrade 0006aaaa0006 -> 0008aaaa0008

CREATE TABLE audit_log (
    id INTEGER NOT NULL, 
    happened_at DATETIME NOT NULL DEFAULT (CURRENT_TIMESTAMP), 
    detail TEXT, 
    PRIMARY KEY (id)
);

UPDATE alembic_version SET version_num='0008aaaa0008' WHERE alembic_version.version_num = '0006aaaa0006';

-- Running upgrade 0006aaaa0006 -> 0007aaaa0007

CREATE TABLE labels (
    name VARCHAR(50) NOT NULL, 
    label VARCHAR(100), 
    PRIMARY KEY (name)
);

INSERT INTO alembic_version (version_num) VALUES ('0007aaaa0007');

-- Running upgrade 0007aaaa0007, 0008aaaa0008 -> 0009aaaa0009

DELETE FROM alembic_version WHERE alembic_version.version_num = '0007aaaa0007';

UPDATE alembic_version SET version_num='0009aaaa0009' WHERE alembic_version.version_num = '0008aaaa0008';

-- Running upgrade 0009aaaa0009 -> 0010aaaa0010

ALTER TABLE labels RENAME COLUMN label TO title;

UPDATE alembic_version SET version_num='0010aaaa0010' WHERE alembic_version.version_num = '0009aaaa0009';

-- Running upgrade 0010aaaa0010 -> 0011aaaa0011

INSERT INTO labels (name, title) VALUES ('a', 'First');

INSERT INTO labels (name, title) VALUES ('b', 'It''s');

UPDATE alembic_version SET version_num='0011aaaa0011' WHERE alembic_version.version_num = '0010aaaa0010';

