-- No down: sqlx single-file migration.
CREATE TABLE audit_log (
    id BIGSERIAL PRIMARY KEY,
    payload JSONB NOT NULL,
    at TIMESTAMPTZ NOT NULL DEFAULT now()
);
