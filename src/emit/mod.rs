//! Emitters: the IR to SQL text, one file per dialect behind one trait.
//!
//! - [`Dialect`] (`dialect.rs`): documented capabilities plus
//!   [`Dialect::emit`], which each dialect implements as a `match` over
//!   every [`Op`](crate::ir::Op) with no wildcard arm (`postgresql.rs`,
//!   `mysql.rs`, `sqlite.rs`).
//! - [`Writer`] (`writer.rs`): identifiers quoted when needed, literals
//!   always escaped. `types.rs` and `expr.rs` render types and expressions
//!   per dialect; `ddl.rs` holds the DDL the dialects share.
//! - [`SchemaView`] (`schema.rs`): what an emitter may ask about the
//!   schema before a statement, implemented by the catalog
//!   (`catalog_view.rs`). [`NoSchema`] knows nothing, so with it the
//!   operations whose SQL needs the schema (listed in `schema.rs`) are
//!   `needs-catalog` errors.
//! - [`dump`]: a whole catalog as one dialect's DDL (`migc schema
//!   --dialect`).
//! - [`script`]: Alembic's offline script shape around the statements
//!   (transactions, version table bookkeeping, step comments).
//!
//! Emission never panics and never writes SQL it knows to be invalid: what
//! a dialect cannot express is an error diagnostic with the span of the
//! construct, and the caller prints no script when any error was found.

pub mod catalog_view;
mod ddl;
pub mod dialect;
pub mod dump;
pub mod expr;
pub mod fragment;
pub mod mysql;
pub mod postgresql;
mod reserved;
pub mod schema;
pub mod script;
pub mod sqlite;
pub mod types;
pub mod writer;

pub use dialect::{Dialect, Guarded, Precedence, Returning};
pub use dump::catalog_ddl;
pub use schema::{ColumnInfo, NoSchema, Probe, SchemaView, TableDefinition};
pub use script::{Catalogs, Script, ScriptOptions};
pub use writer::Writer;

use crate::diagnostic::Diagnostic;
use crate::dialect::DialectId;
use crate::source::Span;

/// Code of a construct the target dialect cannot express.
pub const UNSUPPORTED: &str = "unsupported";
/// Code of an operation whose SQL needs the replayed schema.
pub const NEEDS_CATALOG: &str = "needs-catalog";
/// Code of a warning: something the dialect does not store was left out.
/// Code of SQL-file SQL that migc cannot lower, emitted for another dialect.
pub const UNTRANSLATABLE_SQL: &str = "untranslatable-sql";
pub const DROPPED_ON_DIALECT: &str = "dropped-on-dialect";

/// The dialect for a name and server version.
pub fn dialect_for(id: DialectId) -> Box<dyn Dialect> {
    match id {
        DialectId::Postgresql => Box::new(postgresql::Postgresql),
        DialectId::Mysql => Box::new(mysql::Mysql),
        DialectId::Sqlite => Box::new(sqlite::Sqlite),
    }
}

/// One piece of output, before the script adds terminators.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// A statement without its terminating `;`.
    Sql(String),
    /// A `-- …` comment line (the text after `-- `).
    Comment(String),
}

/// Where emitters put their statements and diagnostics.
#[derive(Debug, Default)]
pub struct Sink {
    pub pieces: Vec<Piece>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Sink {
    pub fn sql(&mut self, text: impl Into<String>) {
        self.pieces.push(Piece::Sql(text.into()));
    }

    pub fn comment(&mut self, text: impl Into<String>) {
        self.pieces.push(Piece::Comment(text.into()));
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// An `unsupported` error: the dialect cannot express this.
    pub fn unsupported(
        &mut self,
        dialect: DialectId,
        span: Span,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.diagnostics.push(
            Diagnostic::error(UNSUPPORTED, message)
                .with_primary(span, format!("not supported on {dialect}"))
                .with_help(help),
        );
    }

    /// A `needs-catalog` error: the SQL depends on the schema before this
    /// statement, and the schema given does not know the object (the
    /// emitter ran without a replayed catalog, or raw SQL made the object
    /// in a way migc cannot read).
    pub fn needs_catalog(&mut self, dialect: DialectId, span: Span, what: impl Into<String>) {
        self.diagnostics.push(
            Diagnostic::error(
                NEEDS_CATALOG,
                format!(
                    "{} on {dialect} needs the schema before this statement",
                    what.into()
                ),
            )
            .with_primary(span, "needs the catalog")
            .with_note(
                "the replayed schema does not hold the object this statement changes, so migc \
                 cannot write it for this dialect",
            )
            .with_help(
                "create the object with migc statements rather than raw SQL, or write this step \
                 as a dialect-specific `sql` statement",
            ),
        );
    }

    /// A `dropped-on-dialect` warning for a clause that only affects
    /// performance: the statement is written without it. `why` says why
    /// results cannot change.
    pub fn degraded(
        &mut self,
        dialect: DialectId,
        span: Span,
        message: impl Into<String>,
        why: impl Into<String>,
    ) {
        self.diagnostics.push(
            Diagnostic::warning(DROPPED_ON_DIALECT, message)
                .with_primary(span, format!("left out on {dialect}"))
                .with_note(why),
        );
    }

    /// A `dropped-on-dialect` warning: the dialect has nowhere to keep this.
    pub fn dropped(&mut self, dialect: DialectId, span: Span, message: impl Into<String>) {
        self.diagnostics.push(
            Diagnostic::warning(DROPPED_ON_DIALECT, message)
                .with_primary(span, format!("left out on {dialect}")),
        );
    }
}
