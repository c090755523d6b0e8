ALTER TABLE `orders` DROP COLUMN `notes`;
