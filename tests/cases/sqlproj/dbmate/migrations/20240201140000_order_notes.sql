-- migrate:up
ALTER TABLE orders ADD COLUMN notes TEXT;
ALTER TABLE orders ADD COLUMN "shippedAt" TIMESTAMPTZ;
ALTER TYPE order_status ADD VALUE 'cancelled';
UPDATE orders SET notes = '' WHERE notes IS NULL;

-- migrate:down
ALTER TABLE orders DROP COLUMN "shippedAt";
ALTER TABLE orders DROP COLUMN notes;
