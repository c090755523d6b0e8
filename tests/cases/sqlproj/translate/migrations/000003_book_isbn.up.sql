ALTER TABLE books ADD COLUMN isbn VARCHAR(13);
CREATE UNIQUE INDEX books_isbn_key ON books (isbn) WHERE isbn IS NOT NULL;
