-- migc bundle: revision 0002_posts
-- parents: 0001_users
-- message: users write posts
-- source: migrations/0002_posts.mig
-- source sha256: 71c347b0a119932538d24d9c5b03bcff6834eb6390c34b923edb83598b0f58a0

SET lock_timeout = '5s';

BEGIN;

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

COMMIT;

