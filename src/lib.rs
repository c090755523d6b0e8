//! migc: an offline compiler and linter for database schema migrations.
//!
//! See the ARCHITECTURE section of README.md for the bird's-eye view,
//! the code map and the invariants.

pub mod alembic;
pub mod bundle;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod coverage;
pub mod diagnostic;
pub mod dialect;
pub mod driver;
pub mod dsl;
pub mod emit;
pub mod fmt;
pub mod fsutil;
pub mod graph;
pub mod import;
pub mod ir;
pub mod layout;
pub mod lint;
pub mod lockfile;
pub mod newrev;
#[cfg(test)]
mod recorded;
pub mod source;
pub mod sql;
pub mod teardown;
