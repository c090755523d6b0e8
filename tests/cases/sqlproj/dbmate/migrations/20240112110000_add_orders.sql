-- migrate:up
CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped');

Create Table orders (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status order_status NOT NULL DEFAULT 'pending',
    total NUMERIC(12, 2) NOT NULL CHECK (total >= 0),
    placed_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP
);
create index orders_user_id_idx on orders (user_id);

-- migrate:down
DROP TABLE orders;
DROP TYPE order_status;
