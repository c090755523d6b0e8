DROP INDEX IF EXISTS ix_notes_pinned;
ALTER TABLE notes DROP COLUMN pinned;
