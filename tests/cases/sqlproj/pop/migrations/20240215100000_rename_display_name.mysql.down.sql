ALTER TABLE `users` CHANGE `full_name` `display_name` VARCHAR(100) NULL;
