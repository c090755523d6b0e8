ALTER TABLE `orders` ADD COLUMN `notes` TEXT NULL AFTER `total`;
