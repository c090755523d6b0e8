ALTER TABLE notes RENAME COLUMN title TO heading;
CREATE INDEX ix_note_tags_tag ON note_tags (tag_id);
