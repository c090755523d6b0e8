BEGIN;

CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

-- Running upgrade  -> 0001_unsupported

CREATE TABLE docs (
    id BIGINT NOT NULL, 
    body JSONB, 
    tags TEXT[], 
    title VARCHAR, 
    author_id BIGINT, 
    PRIMARY KEY (id), 
    FOREIGN KEY(author_id) REFERENCES users
);

CREATE INDEX ix_docs_live ON docs (title) WHERE title IS NOT NULL;

CREATE INDEX ix_docs_body ON docs USING gin (body);

ALTER TABLE docs ADD COLUMN IF NOT EXISTS extra INTEGER;

ALTER TABLE docs ALTER COLUMN title SET NOT NULL;

ALTER TABLE docs DROP CONSTRAINT ck_docs;

INSERT INTO alembic_version (version_num) VALUES ('0001_unsupported') RETURNING alembic_version.version_num;

COMMIT;

