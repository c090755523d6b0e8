BEGIN;

ALTER TABLE orders ADD COLUMN notes TEXT;
ALTER TABLE orders ADD COLUMN "shippedAt" TIMESTAMPTZ;
ALTER TYPE order_status ADD VALUE 'cancelled';
UPDATE orders SET notes = '' WHERE notes IS NULL;

COMMIT;
