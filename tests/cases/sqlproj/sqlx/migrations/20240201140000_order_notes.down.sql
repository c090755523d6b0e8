ALTER TABLE orders DROP COLUMN "shippedAt";
ALTER TABLE orders DROP COLUMN notes;
