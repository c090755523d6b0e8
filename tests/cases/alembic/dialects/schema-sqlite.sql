CREATE TABLE events (
    id INTEGER, 
    kind VARCHAR(40) NOT NULL, 
    payload JSON, 
    note TEXT, 
    CONSTRAINT pk_events PRIMARY KEY (id)
);

CREATE INDEX ix_events_kind ON events (kind);

