INSERT INTO authors (name, "Country") VALUES ('Ursula K. Le Guin', 'US'), ('Stanisław Lem', 'PL');
