//! The one integration-test crate (see ARCHITECTURE in README.md).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cli;
mod config;
mod formats;
mod golden;
mod graph;
mod lint;
mod roundtrip;
mod rules;
mod syntax;
