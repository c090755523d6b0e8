-- Running downgrade 0011aaaa0011 -> 0010aaaa0010

UPDATE labels SET title = NULL WHERE name IN ('a', 'b');

DELETE FROM labels WHERE name IN ('a', 'b');

UPDATE alembic_version SET version_num='0010aaaa0010' WHERE alembic_version.version_num = '0011aaaa0011';

-- Running downgrade 0010aaaa0010 -> 0009aaaa0009

ALTER TABLE labels RENAME COLUMN title TO label;

UPDATE alembic_version SET version_num='0009aaaa0009' WHERE alembic_version.version_num = '0010aaaa0010';

-- Running downgrade 0009aaaa0009 -> 0007aaaa0007, 0008aaaa0008

INSERT INTO alembic_version (version_num) VALUES ('0007aaaa0007');

UPDATE alembic_version SET version_num='0008aaaa0008' WHERE alembic_version.version_num = '0009aaaa0009';

-- Running downgrade 0007aaaa0007 -> 0006aaaa0006

DROP TABLE labels;

DELETE FROM alembic_version WHERE alembic_version.version_num = '0007aaaa0007';

-- Running downgrade 0008aaaa0008 -> 0006aaaa0006

DROP TABLE audit_log;

UPDATE alembic_version SET version_num='0006aaaa0006' WHERE alembic_version.version_num = '0008aaaa0008';

-- Running downgrade 0006aaaa0006 -> 0005aaaa0005

DROP TABLE fees;

UPDATE alembic_version SET version_num='0005aaaa0005' WHERE alembic_version.version_num = '0006aaaa0006';

-- Running downgrade 0005aaaa0005 -> 0004aaaa0004

-- migc: ix_orders_user_id is the last index foreign key orders_user_id_fkey can use, and InnoDB refuses to drop it; the foreign key is dropped and added back, with an index of its own

ALTER TABLE orders DROP FOREIGN KEY orders_user_id_fkey;

DROP INDEX ix_orders_user_id ON orders;

ALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY(user_id) REFERENCES users (id);

UPDATE alembic_version SET version_num='0004aaaa0004' WHERE alembic_version.version_num = '0005aaaa0005';

-- Running downgrade 0004aaaa0004 -> 0003aaaa0003

ALTER TABLE orders DROP COLUMN status;

UPDATE alembic_version SET version_num='0003aaaa0003' WHERE alembic_version.version_num = '0004aaaa0004';

-- Running downgrade 0003aaaa0003 -> 0002aaaa0002

DROP TABLE orders;

UPDATE alembic_version SET version_num='0002aaaa0002' WHERE alembic_version.version_num = '0003aaaa0003';

-- Running downgrade 0002aaaa0002 -> 0001aaaa0001

ALTER TABLE users DROP COLUMN email;

UPDATE alembic_version SET version_num='0001aaaa0001' WHERE alembic_version.version_num = '0002aaaa0002';

-- Running downgrade 0001aaaa0001 -> 

DROP TABLE users;

DELETE FROM alembic_version WHERE alembic_version.version_num = '0001aaaa0001';

