-- Running downgrade 0002_mysql_keys -> 0001_unsupported

DROP TABLE notes;

DROP TABLE authors;

UPDATE alembic_version SET version_num='0001_unsupported' WHERE alembic_version.version_num = '0002_mysql_keys';

-- Running downgrade 0001_unsupported -> 

DROP TABLE docs;

DELETE FROM alembic_version WHERE alembic_version.version_num = '0001_unsupported';

