//! The one integration-test crate (see ARCHITECTURE in README.md).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod catalog;
mod cli;
mod config;
mod downgrade;
mod golden;
mod graph;
mod roundtrip;
mod syntax;
