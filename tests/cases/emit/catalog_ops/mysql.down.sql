-- Running downgrade 0003_enum -> 0002_changes

CREATE INDEX ix_orders_customer ON orders (customer_id);

CREATE INDEX ix_orders_ref ON orders (ref);

ALTER TABLE customers DROP COLUMN mood;

UPDATE alembic_version SET version_num='0002_changes' WHERE alembic_version.version_num = '0003_enum';

-- Running downgrade 0002_changes -> 0001_base

ALTER TABLE customers ADD COLUMN vip BOOL NOT NULL DEFAULT false;

CREATE INDEX ix_customers_vip ON customers (vip);

DROP INDEX ix_customers_vip ON customers;

ALTER TABLE customers DROP COLUMN vip;

ALTER TABLE orders DROP COLUMN status;

-- migc: ix_orders_customer is the last index foreign key fk_orders_customer can use, and InnoDB refuses to drop it; the foreign key is dropped and added back, with an index of its own

ALTER TABLE orders DROP FOREIGN KEY fk_orders_customer;

DROP INDEX ix_orders_customer ON orders;

ALTER TABLE orders ADD CONSTRAINT fk_orders_customer FOREIGN KEY(customer_id) REFERENCES customers (id) ON DELETE CASCADE;

DROP INDEX ix_orders_ref ON orders;

ALTER TABLE customers DROP CONSTRAINT ck_customers_score;

ALTER TABLE codes ADD CONSTRAINT pk_codes PRIMARY KEY (code);

ALTER TABLE orders ADD CONSTRAINT ck_orders_ref CHECK (length(ref) > 0);

ALTER TABLE customers ADD CONSTRAINT uq_customers_email UNIQUE (email);

CREATE INDEX ix_customers_nickname ON customers (nickname);

ALTER TABLE orders MODIFY COLUMN ref VARCHAR(20) NOT NULL;

ALTER TABLE orders MODIFY COLUMN note VARCHAR(200);

ALTER TABLE customers ALTER COLUMN score SET DEFAULT 0;

ALTER TABLE customers MODIFY COLUMN score INTEGER DEFAULT 0;

ALTER TABLE customers MODIFY COLUMN nickname VARCHAR(30);

UPDATE alembic_version SET version_num='0001_base' WHERE alembic_version.version_num = '0002_changes';

-- Running downgrade 0001_base -> 

DROP INDEX ix_customers_nickname ON customers;

DROP TABLE codes;

DROP TABLE orders;

DROP TABLE customers;

DELETE FROM alembic_version WHERE alembic_version.version_num = '0001_base';

