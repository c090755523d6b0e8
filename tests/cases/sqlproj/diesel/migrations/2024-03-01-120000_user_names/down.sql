ALTER TABLE orders DROP CONSTRAINT orders_total_positive;
ALTER TABLE users ALTER COLUMN email TYPE VARCHAR(255);
ALTER TABLE users RENAME COLUMN display_name TO "displayName";
