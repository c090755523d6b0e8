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
    mood ENUM('happy', 'sad'), 
    PRIMARY KEY (id), 
    CONSTRAINT fk_orders_customer FOREIGN KEY(customer_id) REFERENCES customers (id) ON DELETE CASCADE, 
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

INSERT INTO alembic_version (version_num) VALUES ('0001_base');

-- Running upgrade 0001_base -> 0002_changes

ALTER TABLE customers MODIFY COLUMN nickname VARCHAR(60);

ALTER TABLE customers MODIFY COLUMN score INTEGER NOT NULL DEFAULT 0;

ALTER TABLE customers ALTER COLUMN score SET DEFAULT 1;

ALTER TABLE orders MODIFY COLUMN note VARCHAR(200) COMMENT 'free text';

ALTER TABLE orders MODIFY COLUMN ref VARCHAR(20);

DROP INDEX ix_customers_nickname ON customers;

ALTER TABLE customers DROP INDEX uq_customers_email;

ALTER TABLE orders DROP CONSTRAINT ck_orders_ref;

ALTER TABLE codes DROP PRIMARY KEY;

ALTER TABLE customers ADD CONSTRAINT ck_customers_score CHECK (score >= 0);

CREATE INDEX ix_orders_ref ON orders (ref);

CREATE INDEX ix_orders_customer ON orders (customer_id);

ALTER TABLE orders ADD COLUMN status VARCHAR(10) NOT NULL DEFAULT 'new';

ALTER TABLE customers ADD COLUMN vip BOOL NOT NULL DEFAULT false;

CREATE INDEX ix_customers_vip ON customers (vip);

ALTER TABLE customers DROP COLUMN vip;

UPDATE alembic_version SET version_num='0002_changes' WHERE alembic_version.version_num = '0001_base';

-- Running upgrade 0002_changes -> 0003_enum

ALTER TABLE orders MODIFY COLUMN mood ENUM('happy', 'meh', 'sad');

ALTER TABLE customers ADD COLUMN mood ENUM('happy', 'meh', 'sad');

DROP INDEX ix_orders_ref ON orders;

-- migc: ix_orders_customer is the last index foreign key fk_orders_customer can use, and InnoDB refuses to drop it; the foreign key is dropped and added back, with an index of its own

ALTER TABLE orders DROP FOREIGN KEY fk_orders_customer;

DROP INDEX ix_orders_customer ON orders;

ALTER TABLE orders ADD CONSTRAINT fk_orders_customer FOREIGN KEY(customer_id) REFERENCES customers (id) ON DELETE CASCADE;

UPDATE alembic_version SET version_num='0003_enum' WHERE alembic_version.version_num = '0002_changes';

