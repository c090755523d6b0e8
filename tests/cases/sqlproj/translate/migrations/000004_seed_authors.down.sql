DELETE FROM authors WHERE name IN ('Ursula K. Le Guin', 'Stanisław Lem');
