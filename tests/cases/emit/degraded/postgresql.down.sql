BEGIN;

-- Running downgrade 0001_degraded -> 

DROP INDEX ix_events_size;

DROP INDEX ix_events_open;

DROP INDEX ux_events_kind_size;

DROP INDEX ix_events_kind;

DROP INDEX ix_events_recent;

DROP TABLE events;

DELETE FROM alembic_version WHERE alembic_version.version_num = '0001_degraded';

COMMIT;

