BEGIN;

ALTER TABLE users RENAME COLUMN "displayName" TO display_name;
ALTER TABLE users ALTER COLUMN email TYPE VARCHAR(320);
ALTER TABLE orders
    ADD CONSTRAINT orders_total_positive CHECK (total > 0) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive;

COMMIT;
