BEGIN;

-- Running downgrade 0003_enum -> 0002_changes

CREATE INDEX ix_orders_customer ON orders (customer_id);

CREATE INDEX ix_orders_ref ON orders (ref);

ALTER TABLE customers DROP COLUMN mood;

UPDATE alembic_version SET version_num='0002_changes' WHERE alembic_version.version_num = '0003_enum';

-- Running downgrade 0002_changes -> 0001_base

ALTER TABLE customers ADD COLUMN vip BOOLEAN DEFAULT false NOT NULL;

CREATE INDEX ix_customers_vip ON customers (vip);

DROP INDEX ix_customers_vip;

ALTER TABLE customers DROP COLUMN vip;

ALTER TABLE orders DROP COLUMN status;

DROP INDEX ix_orders_customer;

DROP INDEX ix_orders_ref;

ALTER TABLE customers DROP CONSTRAINT ck_customers_score;

ALTER TABLE codes ADD CONSTRAINT pk_codes PRIMARY KEY (code);

ALTER TABLE orders ADD CONSTRAINT ck_orders_ref CHECK (length(ref) > 0);

ALTER TABLE customers ADD CONSTRAINT uq_customers_email UNIQUE (email);

CREATE INDEX ix_customers_nickname ON customers (nickname);

ALTER TABLE orders ALTER COLUMN ref SET NOT NULL;

COMMENT ON COLUMN orders.note IS NULL;

ALTER TABLE customers ALTER COLUMN score SET DEFAULT 0;

ALTER TABLE customers ALTER COLUMN score DROP NOT NULL;

ALTER TABLE customers ALTER COLUMN nickname TYPE VARCHAR(30);

UPDATE alembic_version SET version_num='0001_base' WHERE alembic_version.version_num = '0002_changes';

-- Running downgrade 0001_base -> 

DROP INDEX ix_customers_nickname;

DROP TABLE codes;

DROP TABLE orders;

DROP TABLE customers;

DROP TYPE mood;

DELETE FROM alembic_version WHERE alembic_version.version_num = '0001_base';

COMMIT;

