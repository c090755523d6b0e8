BEGIN;

CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

-- Running upgrade  -> 1a2b3c4d0001

CREATE TABLE users (
    id SERIAL NOT NULL, 
    email VARCHAR(255) NOT NULL, 
    is_active BOOLEAN DEFAULT true NOT NULL, 
    created_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL, 
    PRIMARY KEY (id)
);

CREATE UNIQUE INDEX ix_users_email ON users (email);

INSERT INTO alembic_version (version_num) VALUES ('1a2b3c4d0001') RETURNING alembic_version.version_num;

-- Running upgrade 1a2b3c4d0001 -> 1a2b3c4d0002

CREATE TYPE post_status AS ENUM ('draft', 'published');

CREATE TABLE posts (
    id BIGSERIAL NOT NULL, 
    author_id INTEGER NOT NULL, 
    title VARCHAR(200) NOT NULL, 
    body TEXT, 
    status post_status DEFAULT 'draft' NOT NULL, 
    meta JSONB, 
    score NUMERIC(10, 2), 
    PRIMARY KEY (id), 
    CONSTRAINT ck_posts_title_not_empty CHECK (title <> ''), 
    FOREIGN KEY(author_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE INDEX ix_posts_author_id ON posts (author_id);

UPDATE alembic_version SET version_num='1a2b3c4d0002' WHERE alembic_version.version_num = '1a2b3c4d0001';

-- Running upgrade 1a2b3c4d0002 -> 1a2b3c4d0003

ALTER TABLE users ADD COLUMN display_name VARCHAR(100);

COMMENT ON COLUMN users.display_name IS 'shown next to posts';

ALTER TABLE users ALTER COLUMN email TYPE VARCHAR(320);

UPDATE alembic_version SET version_num='1a2b3c4d0003' WHERE alembic_version.version_num = '1a2b3c4d0002';

-- Running upgrade 1a2b3c4d0003 -> 1a2b3c4d0005

CREATE EXTENSION IF NOT EXISTS pg_trgm;

COMMIT;

CREATE INDEX CONCURRENTLY ix_posts_published_title ON posts (title) WHERE status = 'published';

BEGIN;

UPDATE alembic_version SET version_num='1a2b3c4d0005' WHERE alembic_version.version_num = '1a2b3c4d0003';

-- Running upgrade 1a2b3c4d0003 -> 1a2b3c4d0004

CREATE TABLE invoices (
    id UUID DEFAULT gen_random_uuid() NOT NULL, 
    user_id INTEGER NOT NULL, 
    amount NUMERIC(10, 2) NOT NULL, 
    currency VARCHAR(3) DEFAULT 'EUR' NOT NULL, 
    issued_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL, 
    PRIMARY KEY (id), 
    CONSTRAINT uq_invoices_user_issued UNIQUE (user_id, issued_at), 
    FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE RESTRICT
);

INSERT INTO alembic_version (version_num) VALUES ('1a2b3c4d0004') RETURNING alembic_version.version_num;

-- Running upgrade 1a2b3c4d0004, 1a2b3c4d0005 -> 1a2b3c4d0006

DELETE FROM alembic_version WHERE alembic_version.version_num = '1a2b3c4d0004';

UPDATE alembic_version SET version_num='1a2b3c4d0006' WHERE alembic_version.version_num = '1a2b3c4d0005';

-- Running upgrade 1a2b3c4d0006 -> 1a2b3c4d0007

CREATE TABLE post_comments (
    id BIGSERIAL NOT NULL, 
    post_id BIGINT NOT NULL, 
    body TEXT NOT NULL, 
    payload JSON, 
    PRIMARY KEY (id)
);

ALTER TABLE post_comments ADD CONSTRAINT fk_post_comments_post_id FOREIGN KEY(post_id) REFERENCES posts (id) ON DELETE CASCADE;

ALTER TABLE post_comments ADD CONSTRAINT ck_post_comments_body CHECK (length(body) < 10000);

ALTER TABLE invoices RENAME TO bills;

ALTER TABLE users RENAME display_name TO nickname;

ALTER TABLE posts ALTER COLUMN status DROP DEFAULT;

ALTER TABLE users ADD CONSTRAINT uq_users_nickname UNIQUE (nickname);

UPDATE alembic_version SET version_num='1a2b3c4d0007' WHERE alembic_version.version_num = '1a2b3c4d0006';

-- Running upgrade 1a2b3c4d0007 -> 1a2b3c4d0008

CREATE TABLE roles (
    id SERIAL NOT NULL, 
    name VARCHAR(50) NOT NULL, 
    is_admin BOOLEAN DEFAULT false NOT NULL, 
    PRIMARY KEY (id), 
    UNIQUE (name)
);

INSERT INTO roles (id, name, is_admin) VALUES (1, 'admin', true);

INSERT INTO roles (id, name, is_admin) VALUES (2, 'editor''s', false);

ALTER TABLE users ADD COLUMN role_id INTEGER;

ALTER TABLE users ADD FOREIGN KEY(role_id) REFERENCES roles (id);

ALTER TABLE users ADD COLUMN last_seen_at TIMESTAMP WITH TIME ZONE;

ALTER TABLE users ALTER COLUMN is_active DROP NOT NULL;

ALTER TABLE users ALTER COLUMN is_active DROP DEFAULT;

UPDATE alembic_version SET version_num='1a2b3c4d0008' WHERE alembic_version.version_num = '1a2b3c4d0007';

COMMIT;

