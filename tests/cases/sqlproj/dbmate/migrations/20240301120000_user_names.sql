-- migrate:up
ALTER TABLE users RENAME COLUMN "displayName" TO display_name;
ALTER TABLE users ALTER COLUMN email TYPE VARCHAR(320);
ALTER TABLE orders
    ADD CONSTRAINT orders_total_positive CHECK (total > 0) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive;

-- migrate:down
ALTER TABLE orders DROP CONSTRAINT orders_total_positive;
ALTER TABLE users ALTER COLUMN email TYPE VARCHAR(255);
ALTER TABLE users RENAME COLUMN display_name TO "displayName";
