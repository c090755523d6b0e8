-- Running downgrade 0001_quoting -> 

DROP INDEX `Ix_Mixed` ON `Order`;

DROP TABLE `Order`;

DELETE FROM alembic_version WHERE alembic_version.version_num = '0001_quoting';

