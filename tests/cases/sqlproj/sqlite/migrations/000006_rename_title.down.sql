DROP INDEX ix_note_tags_tag;
ALTER TABLE notes RENAME COLUMN heading TO title;
