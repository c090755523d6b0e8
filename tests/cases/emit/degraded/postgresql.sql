BEGIN;

CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

-- Running upgrade  -> 0001_degraded

CREATE TABLE events (
    id BIGINT NOT NULL, 
    kind VARCHAR(20) NOT NULL, 
    happened_at TIMESTAMP WITHOUT TIME ZONE, 
    payload_size INTEGER DEFAULT 0 NOT NULL, 
    PRIMARY KEY (id)
);

CREATE INDEX ix_events_recent ON events (happened_at DESC NULLS LAST);

CREATE INDEX ix_events_kind ON events (kind) INCLUDE (payload_size);

CREATE UNIQUE INDEX ux_events_kind_size ON events (kind, payload_size) INCLUDE (happened_at);

CREATE INDEX ix_events_open ON events (kind, happened_at) WHERE happened_at IS NULL;

CREATE INDEX ix_events_size ON events USING btree (payload_size);

INSERT INTO alembic_version (version_num) VALUES ('0001_degraded') RETURNING alembic_version.version_num;

COMMIT;

