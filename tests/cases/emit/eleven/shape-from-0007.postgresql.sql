BEGIN;

-- Running upgrade 0006aaaa0006 -> 0008aaaa0008

CREATE TABLE audit_log (
    id INTEGER NOT NULL, 
    happened_at TIMESTAMP WITHOUT TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL, 
    detail TEXT, 
    PRIMARY KEY (id)
);

INSERT INTO alembic_version (version_num) VALUES ('0008aaaa0008') RETURNING alembic_version.version_num;

-- Running upgrade 0007aaaa0007, 0008aaaa0008 -> 0009aaaa0009

DELETE FROM alembic_version WHERE alembic_version.version_num = '0007aaaa0007';

UPDATE alembic_version SET version_num='0009aaaa0009' WHERE alembic_version.version_num = '0008aaaa0008';

-- Running upgrade 0009aaaa0009 -> 0010aaaa0010

ALTER TABLE labels RENAME COLUMN label TO title;

UPDATE alembic_version SET version_num='0010aaaa0010' WHERE alembic_version.version_num = '0009aaaa0009';

-- Running upgrade 0010aaaa0010 -> 0011aaaa0011

INSERT INTO labels (name, title) VALUES ('a', 'First');

INSERT INTO labels (name, title) VALUES ('b', 'It''s');

UPDATE alembic_version SET version_num='0011aaaa0011' WHERE alembic_version.version_num = '0010aaaa0010';

COMMIT;

