//! The one integration test crate (see the README's ARCHITECTURE section).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cli;
mod config;
