BEGIN;

CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

-- Running upgrade  -> 4e1b00000001

CREATE TYPE publish_state AS ENUM ('draft', 'live', 'archived');

CREATE TABLE tags (
    id SERIAL NOT NULL, 
    label VARCHAR(40) NOT NULL, 
    state publish_state NOT NULL, 
    pinned_note_id INTEGER, 
    CONSTRAINT pk_tags PRIMARY KEY (id)
);

CREATE TABLE notes (
    id SERIAL NOT NULL, 
    body TEXT NOT NULL, 
    extra JSON, 
    state publish_state NOT NULL, 
    tag_id INTEGER, 
    created TIMESTAMP WITH TIME ZONE NOT NULL, 
    CONSTRAINT pk_notes PRIMARY KEY (id), 
    CONSTRAINT fk_notes_tag FOREIGN KEY(tag_id) REFERENCES tags (id) ON DELETE SET NULL
);

ALTER TABLE tags ADD CONSTRAINT fk_tags_pinned_note FOREIGN KEY(pinned_note_id) REFERENCES notes (id);

CREATE INDEX ix_notes_created ON notes (created DESC);

CREATE INDEX ix_notes_tag_created ON notes (tag_id, created DESC NULLS LAST);

INSERT INTO alembic_version (version_num) VALUES ('4e1b00000001') RETURNING alembic_version.version_num;

-- Running upgrade 4e1b00000001 -> 4e1b00000002

ALTER TABLE notes ADD COLUMN audited_by VARCHAR(50);

CREATE INDEX ix_notes_audited_by ON notes (audited_by);

ALTER TABLE tags ADD COLUMN audited_by VARCHAR(50);

COMMENT ON TABLE notes IS 'audited';

UPDATE alembic_version SET version_num='4e1b00000002' WHERE alembic_version.version_num = '4e1b00000001';

COMMIT;

