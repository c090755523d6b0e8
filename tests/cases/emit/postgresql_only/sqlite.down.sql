-- Running downgrade 0002_tidy -> 0001_catalog_schema

ALTER TABLE catalog.categories ADD COLUMN position INTEGER;

CREATE INDEX catalog.ix_categories_slug_lower ON categories ((lower(slug)));

UPDATE alembic_version SET version_num='0001_catalog_schema' WHERE alembic_version.version_num = '0002_tidy';

-- Running downgrade 0001_catalog_schema -> 

ALTER TABLE catalog.categories DROP COLUMN position;

DROP INDEX catalog.ix_categories_slug_lower;

DROP INDEX catalog.ix_categories_attributes;

DROP TABLE catalog.categories;

DROP SCHEMA catalog;

DELETE FROM alembic_version WHERE alembic_version.version_num = '0001_catalog_schema';

