BEGIN;

CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

-- Running upgrade  -> 0001_base

CREATE TYPE mood AS ENUM ('happy', 'sad');

CREATE TABLE customers (
    id INTEGER NOT NULL, 
    email VARCHAR(100) NOT NULL, 
    nickname VARCHAR(30), 
    score INTEGER DEFAULT 0, 
    PRIMARY KEY (id), 
    CONSTRAINT uq_customers_email UNIQUE (email)
);

CREATE TABLE orders (
    id INTEGER NOT NULL, 
    customer_id INTEGER NOT NULL, 
    ref VARCHAR(20) NOT NULL, 
    note VARCHAR(200), 
    mood mood, 
    PRIMARY KEY (id), 
    CONSTRAINT fk_orders_customer FOREIGN KEY(customer_id) REFERENCES customers ON DELETE CASCADE, 
    CONSTRAINT ck_orders_ref CHECK (length(ref) > 0)
);

CREATE TABLE codes (
    code VARCHAR(10) NOT NULL, 
    label VARCHAR(40), 
    CONSTRAINT pk_codes PRIMARY KEY (code)
);

CREATE INDEX ix_customers_nickname ON customers (nickname);

INSERT INTO customers (id, email, nickname, score) VALUES (1, 'a@x', 'ann', 3);

INSERT INTO customers (id, email, nickname, score) VALUES (2, 'b@x', NULL, 5);

INSERT INTO orders (id, customer_id, ref, note, mood) VALUES (10, 1, 'r1', 'first', 'happy');

INSERT INTO orders (id, customer_id, ref, note, mood) VALUES (11, 2, 'r2', NULL, 'sad');

INSERT INTO codes (code, label) VALUES ('A', 'alpha');

INSERT INTO alembic_version (version_num) VALUES ('0001_base') RETURNING alembic_version.version_num;

-- Running upgrade 0001_base -> 0002_changes

ALTER TABLE customers ALTER COLUMN nickname TYPE VARCHAR(60);

ALTER TABLE customers ALTER COLUMN score SET NOT NULL;

ALTER TABLE customers ALTER COLUMN score SET DEFAULT 1;

COMMENT ON COLUMN orders.note IS 'free text';

ALTER TABLE orders ALTER COLUMN ref DROP NOT NULL;

DROP INDEX ix_customers_nickname;

ALTER TABLE customers DROP CONSTRAINT uq_customers_email;

ALTER TABLE orders DROP CONSTRAINT ck_orders_ref;

ALTER TABLE codes DROP CONSTRAINT pk_codes;

ALTER TABLE customers ADD CONSTRAINT ck_customers_score CHECK (score >= 0);

CREATE INDEX ix_orders_ref ON orders (ref);

CREATE INDEX ix_orders_customer ON orders (customer_id);

ALTER TABLE orders ADD COLUMN status VARCHAR(10) DEFAULT 'new' NOT NULL;

ALTER TABLE customers ADD COLUMN vip BOOLEAN DEFAULT false NOT NULL;

CREATE INDEX ix_customers_vip ON customers (vip);

ALTER TABLE customers DROP COLUMN vip;

UPDATE alembic_version SET version_num='0002_changes' WHERE alembic_version.version_num = '0001_base';

-- Running upgrade 0002_changes -> 0003_enum

ALTER TYPE mood ADD VALUE 'meh' AFTER 'happy';

ALTER TABLE customers ADD COLUMN mood mood;

DROP INDEX ix_orders_ref;

DROP INDEX ix_orders_customer;

UPDATE alembic_version SET version_num='0003_enum' WHERE alembic_version.version_num = '0002_changes';

COMMIT;

