DROP INDEX books_isbn_key;
ALTER TABLE books DROP COLUMN isbn;
