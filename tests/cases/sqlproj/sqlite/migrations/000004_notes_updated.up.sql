ALTER TABLE notes ADD COLUMN updated_at TEXT;
-- Keep updated_at current.
CREATE TRIGGER notes_touch AFTER UPDATE ON notes
BEGIN
    UPDATE notes SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;
