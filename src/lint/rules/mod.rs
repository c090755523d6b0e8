//! One module per rule; each defines `pub const RULE` with its metadata
//! and its page from `rules/<name>.md`.

pub mod concurrently_in_transaction;
pub mod index_without_concurrently;
pub mod unused_suppression;
pub mod vague_message;
