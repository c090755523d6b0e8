ALTER TABLE `users` CHANGE `display_name` `full_name` VARCHAR(100) NULL;
