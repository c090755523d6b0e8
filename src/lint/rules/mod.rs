//! One module per rule; each defines `pub const RULE` with its metadata
//! and its page from `rules/<name>.md`.

pub mod add_enum_value;
pub mod check_without_not_valid;
pub mod concurrently_in_transaction;
pub mod drop_column;
pub mod drop_not_null;
pub mod drop_table;
pub mod enum_value_in_transaction;
pub mod foreign_key_without_not_valid;
pub mod identity_on_existing_table;
pub mod index_without_concurrently;
pub mod missing_lock_timeout;
pub mod multiple_heads;
pub mod non_transactional_ddl;
pub mod not_null_column_without_default;
pub mod rename_column;
pub mod rename_table;
pub mod schema_and_data_mixed;
pub mod several_locks_on_one_table;
pub mod unbatched_backfill;
pub mod unique_constraint_on_existing_table;
pub mod unused_suppression;
pub mod vague_message;
pub mod validate_in_same_transaction;
pub mod volatile_default;
