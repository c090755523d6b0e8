CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

-- Running upgrade  -> 0001_base

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
    mood VARCHAR(5), 
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

INSERT INTO alembic_version (version_num) VALUES ('0001_base') RETURNING version_num;

-- Running upgrade 0001_base -> 0002_changes

PRAGMA foreign_keys = 0;

CREATE TABLE _alembic_tmp_customers (
    id INTEGER NOT NULL, 
    email VARCHAR(100) NOT NULL, 
    nickname VARCHAR(60), 
    score INTEGER DEFAULT 0, 
    PRIMARY KEY (id), 
    CONSTRAINT uq_customers_email UNIQUE (email)
);

INSERT INTO _alembic_tmp_customers (id, email, nickname, score) SELECT customers.id, customers.email, customers.nickname, customers.score 
FROM customers;

DROP TABLE customers;

ALTER TABLE _alembic_tmp_customers RENAME TO customers;

CREATE INDEX ix_customers_nickname ON customers (nickname);

PRAGMA foreign_keys = 1;

PRAGMA foreign_keys = 0;

CREATE TABLE _alembic_tmp_customers (
    id INTEGER NOT NULL, 
    email VARCHAR(100) NOT NULL, 
    nickname VARCHAR(60), 
    score INTEGER DEFAULT 0 NOT NULL, 
    PRIMARY KEY (id), 
    CONSTRAINT uq_customers_email UNIQUE (email)
);

INSERT INTO _alembic_tmp_customers (id, email, nickname, score) SELECT customers.id, customers.email, customers.nickname, customers.score 
FROM customers;

DROP TABLE customers;

ALTER TABLE _alembic_tmp_customers RENAME TO customers;

CREATE INDEX ix_customers_nickname ON customers (nickname);

PRAGMA foreign_keys = 1;

PRAGMA foreign_keys = 0;

CREATE TABLE _alembic_tmp_customers (
    id INTEGER NOT NULL, 
    email VARCHAR(100) NOT NULL, 
    nickname VARCHAR(60), 
    score INTEGER DEFAULT 1 NOT NULL, 
    PRIMARY KEY (id), 
    CONSTRAINT uq_customers_email UNIQUE (email)
);

INSERT INTO _alembic_tmp_customers (id, email, nickname, score) SELECT customers.id, customers.email, customers.nickname, customers.score 
FROM customers;

DROP TABLE customers;

ALTER TABLE _alembic_tmp_customers RENAME TO customers;

CREATE INDEX ix_customers_nickname ON customers (nickname);

PRAGMA foreign_keys = 1;

PRAGMA foreign_keys = 0;

CREATE TABLE _alembic_tmp_orders (
    id INTEGER NOT NULL, 
    customer_id INTEGER NOT NULL, 
    ref VARCHAR(20), 
    note VARCHAR(200), 
    mood VARCHAR(5), 
    PRIMARY KEY (id), 
    CONSTRAINT ck_orders_ref CHECK (length(ref) > 0), 
    CONSTRAINT fk_orders_customer FOREIGN KEY(customer_id) REFERENCES customers (id) ON DELETE CASCADE
);

INSERT INTO _alembic_tmp_orders (id, customer_id, ref, note, mood) SELECT orders.id, orders.customer_id, orders.ref, orders.note, orders.mood 
FROM orders;

DROP TABLE orders;

ALTER TABLE _alembic_tmp_orders RENAME TO orders;

PRAGMA foreign_keys = 1;

DROP INDEX ix_customers_nickname;

PRAGMA foreign_keys = 0;

CREATE TABLE _alembic_tmp_customers (
    id INTEGER NOT NULL, 
    email VARCHAR(100) NOT NULL, 
    nickname VARCHAR(60), 
    score INTEGER DEFAULT 1 NOT NULL, 
    PRIMARY KEY (id)
);

INSERT INTO _alembic_tmp_customers (id, email, nickname, score) SELECT customers.id, customers.email, customers.nickname, customers.score 
FROM customers;

DROP TABLE customers;

ALTER TABLE _alembic_tmp_customers RENAME TO customers;

PRAGMA foreign_keys = 1;

PRAGMA foreign_keys = 0;

CREATE TABLE _alembic_tmp_orders (
    id INTEGER NOT NULL, 
    customer_id INTEGER NOT NULL, 
    ref VARCHAR(20), 
    note VARCHAR(200), 
    mood VARCHAR(5), 
    PRIMARY KEY (id), 
    CONSTRAINT fk_orders_customer FOREIGN KEY(customer_id) REFERENCES customers (id) ON DELETE CASCADE
);

INSERT INTO _alembic_tmp_orders (id, customer_id, ref, note, mood) SELECT orders.id, orders.customer_id, orders.ref, orders.note, orders.mood 
FROM orders;

DROP TABLE orders;

ALTER TABLE _alembic_tmp_orders RENAME TO orders;

PRAGMA foreign_keys = 1;

PRAGMA foreign_keys = 0;

CREATE TABLE _alembic_tmp_codes (
    code VARCHAR(10) NOT NULL, 
    label VARCHAR(40)
);

INSERT INTO _alembic_tmp_codes (code, label) SELECT codes.code, codes.label 
FROM codes;

DROP TABLE codes;

ALTER TABLE _alembic_tmp_codes RENAME TO codes;

PRAGMA foreign_keys = 1;

PRAGMA foreign_keys = 0;

CREATE TABLE _alembic_tmp_customers (
    id INTEGER NOT NULL, 
    email VARCHAR(100) NOT NULL, 
    nickname VARCHAR(60), 
    score INTEGER DEFAULT 1 NOT NULL, 
    PRIMARY KEY (id), 
    CONSTRAINT ck_customers_score CHECK (score >= 0)
);

INSERT INTO _alembic_tmp_customers (id, email, nickname, score) SELECT customers.id, customers.email, customers.nickname, customers.score 
FROM customers;

DROP TABLE customers;

ALTER TABLE _alembic_tmp_customers RENAME TO customers;

PRAGMA foreign_keys = 1;

CREATE INDEX ix_orders_ref ON orders (ref);

CREATE INDEX ix_orders_customer ON orders (customer_id);

ALTER TABLE orders ADD COLUMN status VARCHAR(10) DEFAULT 'new' NOT NULL;

ALTER TABLE customers ADD COLUMN vip BOOLEAN DEFAULT 0 NOT NULL;

CREATE INDEX ix_customers_vip ON customers (vip);

PRAGMA foreign_keys = 0;

CREATE TABLE _alembic_tmp_customers (
    id INTEGER NOT NULL, 
    email VARCHAR(100) NOT NULL, 
    nickname VARCHAR(60), 
    score INTEGER DEFAULT 1 NOT NULL, 
    PRIMARY KEY (id), 
    CONSTRAINT ck_customers_score CHECK (score >= 0)
);

INSERT INTO _alembic_tmp_customers (id, email, nickname, score) SELECT customers.id, customers.email, customers.nickname, customers.score 
FROM customers;

DROP TABLE customers;

ALTER TABLE _alembic_tmp_customers RENAME TO customers;

PRAGMA foreign_keys = 1;

UPDATE alembic_version SET version_num='0002_changes' WHERE alembic_version.version_num = '0001_base';

-- Running upgrade 0002_changes -> 0003_enum

ALTER TABLE customers ADD COLUMN mood VARCHAR(5);

DROP INDEX ix_orders_ref;

DROP INDEX ix_orders_customer;

UPDATE alembic_version SET version_num='0003_enum' WHERE alembic_version.version_num = '0002_changes';

