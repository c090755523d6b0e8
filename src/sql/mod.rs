//! Everything that touches sqlparser. Today: SQL expressions inside the DSL.
//! The plain-SQL migration frontend will live here too.

pub mod expr;
