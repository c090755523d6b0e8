SET lock_timeout = '5s';

BEGIN;

CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

-- Running upgrade  -> 0001_users

CREATE TABLE users (
    id BIGINT GENERATED ALWAYS AS IDENTITY, 
    email VARCHAR(255) NOT NULL, 
    name TEXT NOT NULL, 
    created_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL, 
    PRIMARY KEY (id), 
    UNIQUE (email)
);

INSERT INTO alembic_version (version_num) VALUES ('0001_users') RETURNING alembic_version.version_num;

-- Running upgrade 0001_users -> 0002_posts

CREATE TABLE posts (
    id BIGINT GENERATED ALWAYS AS IDENTITY, 
    author_id BIGINT NOT NULL, 
    title VARCHAR(200) NOT NULL, 
    body TEXT DEFAULT '' NOT NULL, 
    published BOOLEAN DEFAULT false NOT NULL, 
    created_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL, 
    PRIMARY KEY (id), 
    FOREIGN KEY(author_id) REFERENCES users (id) ON DELETE CASCADE
);

UPDATE alembic_version SET version_num='0002_posts' WHERE alembic_version.version_num = '0001_users';

-- Running upgrade 0002_posts -> 0003_posts_index

COMMIT;

CREATE INDEX CONCURRENTLY ix_posts_author_created ON posts (author_id, created_at DESC);

BEGIN;

UPDATE alembic_version SET version_num='0003_posts_index' WHERE alembic_version.version_num = '0002_posts';

COMMIT;

