ALTER TABLE authors RENAME COLUMN country_code TO "Country";
