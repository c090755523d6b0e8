DELETE FROM tags WHERE name IN ('work', 'home', 'ideas');
