//! One module per rule; each defines `pub const RULE` with its metadata
//! and its page from `rules/<name>.md`.

pub mod concurrently_in_transaction;
pub mod delete_without_where;
pub mod index_without_concurrently;
pub mod invalid_sql;
pub mod truncate_cascade;
pub mod unused_suppression;
pub mod vague_message;
