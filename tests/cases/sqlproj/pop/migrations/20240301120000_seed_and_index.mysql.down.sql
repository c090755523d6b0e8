DELETE FROM `users` WHERE `email` = 'admin@example.com';
DROP INDEX `orders_status_idx` ON `orders`;
