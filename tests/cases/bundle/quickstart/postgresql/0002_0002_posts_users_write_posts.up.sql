-- migc bundle: revision 0002_posts
-- parents: 0001_users
-- message: users write posts
-- source: migrations/0002_posts.mig
-- source sha256: 2678efb24dd5eec988900641971d084697fce437c1b75eda21a65feb703753da

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

