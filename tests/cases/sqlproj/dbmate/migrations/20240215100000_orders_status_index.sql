-- migrate:up transaction:false
-- Built without blocking writes.
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders (status) WHERE status <> 'shipped';

-- migrate:down
DROP INDEX CONCURRENTLY IF EXISTS orders_status_idx;
