//! Everything that touches sqlparser: SQL expressions inside the DSL and
//! the analysis of raw `sql` statements. The plain-SQL migration frontend
//! will live here too.

pub mod expr;
pub mod file;
pub mod guard;
mod lower;
mod position;
pub mod raw;
mod simple_expr;
mod split;
