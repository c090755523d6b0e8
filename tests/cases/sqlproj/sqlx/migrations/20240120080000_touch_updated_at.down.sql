DROP TRIGGER IF EXISTS users_set_updated_at ON users;
DROP FUNCTION IF EXISTS set_updated_at();
ALTER TABLE users DROP COLUMN updated_at;
