-- Running downgrade 0003_enum -> 0002_changes

CREATE INDEX ix_orders_customer ON orders (customer_id);

CREATE INDEX ix_orders_ref ON orders (ref);

ALTER TABLE customers DROP COLUMN mood;

UPDATE alembic_version SET version_num='0002_changes' WHERE alembic_version.version_num = '0003_enum';

-- Running downgrade 0002_changes -> 0001_base

ALTER TABLE customers ADD COLUMN vip BOOLEAN DEFAULT 0 NOT NULL;

CREATE INDEX ix_customers_vip ON customers (vip);

DROP INDEX ix_customers_vip;

ALTER TABLE customers DROP COLUMN vip;

ALTER TABLE orders DROP COLUMN status;

DROP INDEX ix_orders_customer;

DROP INDEX ix_orders_ref;

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

CREATE TABLE _alembic_tmp_codes (
    code VARCHAR(10) NOT NULL, 
    label VARCHAR(40), 
    CONSTRAINT pk_codes PRIMARY KEY (code)
);

INSERT INTO _alembic_tmp_codes (code, label) SELECT codes.code, codes.label 
FROM codes;

DROP TABLE codes;

ALTER TABLE _alembic_tmp_codes RENAME TO codes;

PRAGMA foreign_keys = 1;

PRAGMA foreign_keys = 0;

CREATE TABLE _alembic_tmp_orders (
    id INTEGER NOT NULL, 
    customer_id INTEGER NOT NULL, 
    ref VARCHAR(20), 
    note VARCHAR(200), 
    mood VARCHAR(5), 
    PRIMARY KEY (id), 
    CONSTRAINT fk_orders_customer FOREIGN KEY(customer_id) REFERENCES customers (id) ON DELETE CASCADE, 
    CONSTRAINT ck_orders_ref CHECK (length(ref) > 0)
);

INSERT INTO _alembic_tmp_orders (id, customer_id, ref, note, mood) SELECT orders.id, orders.customer_id, orders.ref, orders.note, orders.mood 
FROM orders;

DROP TABLE orders;

ALTER TABLE _alembic_tmp_orders RENAME TO orders;

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

PRAGMA foreign_keys = 1;

CREATE INDEX ix_customers_nickname ON customers (nickname);

PRAGMA foreign_keys = 0;

CREATE TABLE _alembic_tmp_orders (
    id INTEGER NOT NULL, 
    customer_id INTEGER NOT NULL, 
    ref VARCHAR(20) NOT NULL, 
    note VARCHAR(200), 
    mood VARCHAR(5), 
    PRIMARY KEY (id), 
    CONSTRAINT fk_orders_customer FOREIGN KEY(customer_id) REFERENCES customers (id) ON DELETE CASCADE, 
    CONSTRAINT ck_orders_ref CHECK (length(ref) > 0)
);

INSERT INTO _alembic_tmp_orders (id, customer_id, ref, note, mood) SELECT orders.id, orders.customer_id, orders.ref, orders.note, orders.mood 
FROM orders;

DROP TABLE orders;

ALTER TABLE _alembic_tmp_orders RENAME TO orders;

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
    nickname VARCHAR(30), 
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

UPDATE alembic_version SET version_num='0001_base' WHERE alembic_version.version_num = '0002_changes';

-- Running downgrade 0001_base -> 

DROP INDEX ix_customers_nickname;

DROP TABLE codes;

DROP TABLE orders;

DROP TABLE customers;

DELETE FROM alembic_version WHERE alembic_version.version_num = '0001_base';

