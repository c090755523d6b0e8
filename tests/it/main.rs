//! The one integration-test crate (see ARCHITECTURE in README.md).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod adversarial;
mod alembic;
mod alembic_import;
mod catalog;
mod cli;
mod config;
mod determinism;
mod downgrade;
mod emit;
mod engines;
mod fastparse;
mod formats;
mod golden;
mod graph;
mod history;
mod injection;
mod kill;
mod lint;
mod printing;
mod raw_sql;
mod roundtrip;
mod rules;
mod sqlproj;
mod syntax;
mod workflow;
