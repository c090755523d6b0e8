-- Running downgrade 0001_degraded -> 

DROP INDEX ix_events_size ON events;

DROP INDEX ix_events_open ON events;

DROP INDEX ux_events_kind_size ON events;

DROP INDEX ix_events_kind ON events;

DROP INDEX ix_events_recent ON events;

DROP TABLE events;

DELETE FROM alembic_version WHERE alembic_version.version_num = '0001_degraded';

