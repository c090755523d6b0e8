-- Running downgrade 0001_unsupported -> 

DROP TABLE docs;

DELETE FROM alembic_version WHERE alembic_version.version_num = '0001_unsupported';

