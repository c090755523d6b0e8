ALTER TABLE authors RENAME COLUMN "Country" TO country_code;
