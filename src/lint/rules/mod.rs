//! One module per rule; each defines `pub const RULE` with its metadata
//! and its page from `rules/<name>.md`.

pub mod add_enum_value;
pub mod char_type;
pub mod check_without_not_valid;
pub mod concurrently_in_transaction;
pub mod delete_without_where;
pub mod drop_column;
pub mod drop_not_null;
pub mod drop_table;
pub mod enum_value_in_transaction;
pub mod foreign_key_without_not_valid;
pub mod identifier_too_long;
pub mod identity_on_existing_table;
pub mod index_without_concurrently;
pub mod int_primary_key;
pub mod invalid_sql;
pub mod json_type;
pub mod missing_lock_timeout;
pub mod multiple_heads;
pub mod non_transactional_ddl;
pub mod not_null_column_without_default;
pub mod rename_column;
pub mod rename_table;
pub mod schema_and_data_mixed;
pub mod serial_type;
pub mod several_locks_on_one_table;
pub mod timestamp_without_time_zone;
pub mod truncate_cascade;
pub mod unbatched_backfill;
pub mod unique_constraint_on_existing_table;
pub mod unused_suppression;
pub mod vague_message;
pub mod validate_in_same_transaction;
pub mod varchar_length;
pub mod volatile_default;
