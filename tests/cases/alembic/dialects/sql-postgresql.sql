BEGIN;

CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

-- Running upgrade  -> d1a1ec700001

CREATE TABLE events (
    id SERIAL NOT NULL, 
    kind VARCHAR(40) NOT NULL, 
    payload JSONB, 
    CONSTRAINT pk_events PRIMARY KEY (id)
);

INSERT INTO alembic_version (version_num) VALUES ('d1a1ec700001') RETURNING alembic_version.version_num;

-- Running upgrade d1a1ec700001 -> d1a1ec700002

CREATE INDEX ix_events_kind ON events (kind) WHERE payload IS NOT NULL;

UPDATE alembic_version SET version_num='d1a1ec700002' WHERE alembic_version.version_num = 'd1a1ec700001';

COMMIT;

-- downgrade
BEGIN;

-- Running downgrade d1a1ec700002 -> d1a1ec700001

DROP INDEX ix_events_kind;

UPDATE alembic_version SET version_num='d1a1ec700001' WHERE alembic_version.version_num = 'd1a1ec700002';

-- Running downgrade d1a1ec700001 -> 

DROP TABLE events;

DELETE FROM alembic_version WHERE alembic_version.version_num = 'd1a1ec700001';

COMMIT;

