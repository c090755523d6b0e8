BEGIN;

CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

-- Running upgrade  -> 5e7a00000001

CREATE TABLE customers (
    id SERIAL NOT NULL, 
    public_id UUID NOT NULL, 
    email VARCHAR(200) NOT NULL, 
    touched BIGINT, 
    created_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL, 
    CONSTRAINT pk_customers PRIMARY KEY (id), 
    CONSTRAINT uq_customers_public_id UNIQUE (public_id)
);

CREATE TABLE shop_orders (
    id SERIAL NOT NULL, 
    customer_id INTEGER NOT NULL, 
    total NUMERIC(10, 2) DEFAULT '0' NOT NULL, 
    created_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL, 
    PRIMARY KEY (id), 
    CONSTRAINT fk_shop_orders_customer_id FOREIGN KEY(customer_id) REFERENCES customers (id) ON DELETE CASCADE
);

CREATE INDEX ix_shop_orders_customer_id ON shop_orders (customer_id);

INSERT INTO alembic_version (version_num) VALUES ('5e7a00000001') RETURNING alembic_version.version_num;

-- Running upgrade 5e7a00000001 -> 5e7a00000002

ALTER TABLE shop_orders ADD COLUMN status VARCHAR(20);

ALTER TABLE shop_orders ADD COLUMN note TEXT;

ALTER TABLE shop_orders ALTER COLUMN total TYPE NUMERIC(12, 2);

CREATE INDEX ix_shop_orders_status ON shop_orders (status);

ALTER TABLE shop_orders ADD CONSTRAINT uq_shop_orders_note UNIQUE (note);

ALTER TABLE shop_orders ADD CONSTRAINT ck_shop_orders_total CHECK (total >= 0);

ALTER TABLE customers DROP CONSTRAINT uq_customers_public_id;

ALTER TABLE customers RENAME email TO email_address;

UPDATE alembic_version SET version_num='5e7a00000002' WHERE alembic_version.version_num = '5e7a00000001';

-- Running upgrade 5e7a00000002 -> 5e7a00000003

CREATE INDEX ix_customers_email_lower ON customers (lower(email_address)) WHERE email_address IS NOT NULL;

ALTER TABLE customers ADD COLUMN updated_by VARCHAR(50);

CREATE INDEX ix_customers_updated_by ON customers (updated_by);

ALTER TABLE shop_orders ADD COLUMN updated_by VARCHAR(50);

CREATE INDEX ix_shop_orders_updated_by ON shop_orders (updated_by);

COMMENT ON TABLE customers IS 'audited';

COMMENT ON COLUMN customers.email_address IS 'customers.email_address is audited';

COMMENT ON TABLE shop_orders IS 'audited';

COMMENT ON COLUMN shop_orders.status IS 'shop_orders.status is audited';

UPDATE alembic_version SET version_num='5e7a00000003' WHERE alembic_version.version_num = '5e7a00000002';

COMMIT;

