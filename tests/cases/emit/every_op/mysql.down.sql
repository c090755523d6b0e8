-- Running downgrade 0002_changes -> 0001_base

ALTER TABLE charges RENAME TO fees;

UPDATE alembic_version SET version_num='0001_base' WHERE alembic_version.version_num = '0002_changes';

-- Running downgrade 0001_base -> 

DROP TABLE fees;

DROP TABLE students;

DELETE FROM alembic_version WHERE alembic_version.version_num = '0001_base';

