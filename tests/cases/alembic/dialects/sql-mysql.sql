CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

-- Running upgrade  -> d1a1ec700001

CREATE TABLE events (
    id INTEGER NOT NULL AUTO_INCREMENT, 
    kind VARCHAR(40) NOT NULL, 
    payload JSON, 
    CONSTRAINT pk_events PRIMARY KEY (id)
);

INSERT INTO alembic_version (version_num) VALUES ('d1a1ec700001');

-- Running upgrade d1a1ec700001 -> d1a1ec700002

CREATE INDEX ix_events_kind ON events (kind);

ALTER TABLE events ADD COLUMN note TEXT;

UPDATE alembic_version SET version_num='d1a1ec700002' WHERE alembic_version.version_num = 'd1a1ec700001';

-- downgrade
-- Running downgrade d1a1ec700002 -> d1a1ec700001

ALTER TABLE events DROP COLUMN note;

DROP INDEX ix_events_kind ON events;

UPDATE alembic_version SET version_num='d1a1ec700001' WHERE alembic_version.version_num = 'd1a1ec700002';

-- Running downgrade d1a1ec700001 -> 

DROP TABLE events;

DELETE FROM alembic_version WHERE alembic_version.version_num = 'd1a1ec700001';

