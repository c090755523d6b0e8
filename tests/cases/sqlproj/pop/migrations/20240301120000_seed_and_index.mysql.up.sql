CREATE INDEX `orders_status_idx` ON `orders` (`status`);
INSERT INTO `users` (`email`, `full_name`) VALUES ('admin@example.com', 'Admin');
