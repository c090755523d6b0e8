-- Running downgrade 0011aaaa0011 -> 0010aaaa0010

UPDATE labels SET title = NULL WHERE name IN ('a', 'b');

DELETE FROM labels WHERE name IN ('a', 'b');

UPDATE alembic_version SET version_num='0010aaaa0010' WHERE alembic_version.version_num = '0011aaaa0011';

-- Running downgrade 0010aaaa0010 -> 0009aaaa0009

ALTER TABLE labels RENAME COLUMN title TO label;

UPDATE alembic_version SET version_num='0009aaaa0009' WHERE alembic_version.version_num = '0010aaaa0010';

-- Running downgrade 0009aaaa0009 -> 0007aaaa0007, 0008aaaa0008

INSERT INTO alembic_version (version_num) VALUES ('0007aaaa0007') RETURNING version_num;

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

DROP INDEX ix_orders_user_id;

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

