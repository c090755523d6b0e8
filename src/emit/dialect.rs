//! The [`Dialect`] trait: what an engine can express, asked by capability.
//!
//! Shared code (the script, the writer, expressions, types, common DDL)
//! never asks "is this PostgreSQL?"; it asks a documented capability, the
//! way sqlparser's `Dialect` does. Each dialect file answers them and
//! implements [`Dialect::emit`], a `match` over every [`Op`](crate::ir::Op)
//! with no wildcard arm, so a new operation does not compile until every
//! dialect handles it.

use super::Sink;
use super::schema::SchemaView;
use super::types::{TypeError, TypeMap};
use crate::dialect::DialectId;
use crate::ir::{DataType, ExprKind, Stmt};

/// The statement kinds that may carry `IF [NOT] EXISTS`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Guarded {
    /// `CREATE TABLE IF NOT EXISTS` / `DROP TABLE IF EXISTS`.
    Table,
    /// `ALTER TABLE … ADD COLUMN IF NOT EXISTS` / `DROP COLUMN IF EXISTS`.
    Column,
    /// `CREATE INDEX IF NOT EXISTS` / `DROP INDEX IF EXISTS`.
    Index,
    /// `DROP TYPE IF EXISTS` (enums).
    Type,
}

impl Guarded {
    pub fn describe(self) -> &'static str {
        match self {
            Guarded::Table => "a table",
            Guarded::Column => "a column",
            Guarded::Index => "an index",
            Guarded::Type => "a type",
        }
    }
}

/// How the version-table `INSERT` reports the inserted row, as
/// SQLAlchemy renders it offline (alembic-offline.md § 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Returning {
    /// `RETURNING alembic_version.version_num` (PostgreSQL).
    Qualified,
    /// `RETURNING version_num` (SQLite).
    Bare,
    /// Plain `INSERT` (MySQL).
    None,
}

/// Binding strength of an expression in one engine's grammar; higher
/// binds tighter. Atoms (literals, names, calls) are [`Precedence::ATOM`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Precedence {
    pub level: u8,
    /// Whether `a op b op c` is legal and means `(a op b) op c`.
    /// Comparisons are not associative in PostgreSQL (`a = b = c` is an
    /// error), so both sides of one get parenthesised at equal strength.
    pub associative: bool,
}

impl Precedence {
    pub const ATOM: Precedence = Precedence {
        level: 100,
        associative: true,
    };

    pub const fn left(level: u8) -> Precedence {
        Precedence {
            level,
            associative: true,
        }
    }

    pub const fn none(level: u8) -> Precedence {
        Precedence {
            level,
            associative: false,
        }
    }
}

/// One SQL engine. Every capability method says which SQL it governs.
pub trait Dialect: Send + Sync {
    fn id(&self) -> DialectId;

    /// No statement's SQL depends on the schema before it (PostgreSQL):
    /// `migc sql` then emits every block at once, in parallel, and runs
    /// the replay only if a block asks after all ([`super::Probe`] tells).
    /// A hint for speed; the output is the same either way.
    fn emits_without_schema(&self) -> bool;

    // ------------------------------------------------------------ scripts

    /// DDL runs inside `BEGIN; … COMMIT;` and rolls back with it, so the
    /// offline script is wrapped in a transaction (PostgreSQL). MySQL
    /// commits implicitly around DDL and Alembic treats SQLite as
    /// non-transactional too: no `BEGIN`/`COMMIT` there.
    fn supports_transactional_ddl(&self) -> bool;

    /// `SET lock_timeout = '…';` and `SET statement_timeout = '…';`
    /// preambles.
    fn supports_session_timeouts(&self) -> bool;

    /// `INSERT INTO alembic_version … RETURNING …` shape.
    fn version_insert_returning(&self) -> Returning;

    // --------------------------------------------------- names and strings

    /// The character that opens and closes a quoted identifier (`"` or
    /// `` ` ``); inside, it is escaped by doubling.
    fn identifier_quote(&self) -> char;

    /// Whether a lower-case word must be quoted to be used as a name.
    fn is_reserved(&self, word: &str) -> bool;

    /// The longest identifier the engine accepts, in bytes (PostgreSQL 63,
    /// MySQL 64); `None` for no limit. Longer names are an error rather
    /// than silently truncated.
    fn max_identifier_length(&self) -> Option<usize>;

    /// Whether `\` is an escape character inside `'…'` literals, so it
    /// must itself be written `\\`. True for MySQL unless the server runs
    /// with `NO_BACKSLASH_ESCAPES`; migc cannot know the server's mode, so
    /// the MySQL dialect always escapes (which is only wrong on servers
    /// with that mode on, where `\\` stays two characters).
    fn escapes_backslash_in_strings(&self) -> bool;

    // -------------------------------------------------------- expressions

    /// The binding strength of an expression's top node in this engine's
    /// grammar; the expression renderer parenthesises by it.
    fn precedence(&self, e: &ExprKind) -> Precedence;

    /// `now()` exists; otherwise it is written `CURRENT_TIMESTAMP`.
    fn supports_now_function(&self) -> bool;

    /// `true`/`false` literals exist; otherwise they are `1`/`0`.
    fn supports_boolean_literals(&self) -> bool;

    /// `a || b` concatenates strings; otherwise it is `CONCAT(a, b)`
    /// (in MySQL `||` is a logical OR unless `PIPES_AS_CONCAT` is set).
    fn supports_concat_operator(&self) -> bool;

    /// `ILIKE`; otherwise `lower(a) LIKE lower(b)`.
    fn supports_ilike(&self) -> bool;

    /// Whether a column default must be wrapped in parentheses: MySQL
    /// requires it for anything but a literal, SQLite for anything but a
    /// literal or `CURRENT_TIMESTAMP`/`CURRENT_DATE`/`CURRENT_TIME`. `ty` is
    /// the column's type when known (MySQL wants even literal defaults of
    /// `TEXT`, `BLOB` and `JSON` columns in parentheses).
    fn parenthesizes_default(&self, e: &ExprKind, ty: Option<&DataType>) -> bool;

    /// The generic types this engine can hold and how it spells them.
    fn types(&self) -> &'static TypeMap;

    /// The type name inside `CAST(x AS …)`; MySQL's `CAST` takes its own
    /// short list (`SIGNED`, `CHAR`, `DECIMAL`, …).
    fn cast_type(&self, ty: &DataType) -> Result<String, TypeError> {
        super::types::render_plain(self.types(), ty)
    }

    // ---------------------------------------------------------------- DDL

    /// `DEFAULT x` comes before `NOT NULL` in a column definition
    /// (SQLAlchemy's PostgreSQL and SQLite order); MySQL puts it after.
    fn default_before_not_null(&self) -> bool;

    /// A NOT NULL column may say `DEFAULT NULL` (PostgreSQL and SQLite
    /// accept it; MySQL refuses it as an invalid default, so a NULL
    /// default there is left out: having none means the same).
    fn supports_null_default_on_not_null(&self) -> bool;

    /// `CREATE … IF NOT EXISTS` for this kind of statement.
    fn supports_if_not_exists(&self, kind: Guarded) -> bool;

    /// `DROP … IF EXISTS` for this kind of statement.
    fn supports_if_exists(&self, kind: Guarded) -> bool;

    /// `CREATE INDEX CONCURRENTLY` / `DROP INDEX CONCURRENTLY`. Elsewhere
    /// the word is dropped: MySQL builds indexes online by default and
    /// SQLite has no concurrent writers to protect.
    fn supports_concurrent_index(&self) -> bool;

    /// `CREATE INDEX … WHERE e`.
    ///
    /// Without it, a non-unique partial index becomes the full index, with
    /// a `dropped-on-dialect` warning: the predicate only limits which rows
    /// the index holds, so every query returns the same rows (the index is
    /// larger, and writes to rows outside the predicate maintain it too).
    /// A UNIQUE partial index stays an `unsupported` error: over every row
    /// it would reject rows the predicate lets through.
    fn supports_partial_indexes(&self) -> bool;

    /// `CREATE INDEX … INCLUDE (cols)`.
    ///
    /// Without it, the included columns are left out with a
    /// `dropped-on-dialect` warning: they only let a query read them from
    /// the index instead of the table, and are never part of what a unique
    /// index enforces, so the index serves its key columns as before.
    /// (Adding them to the key instead would change what a unique index
    /// enforces.)
    fn supports_index_include(&self) -> bool;

    /// `NULLS FIRST` / `NULLS LAST` on index columns.
    ///
    /// Without it, the ordering is left out with a `dropped-on-dialect`
    /// warning: where NULLs sit in an index only decides which ordered
    /// scans it can serve, never which rows a query returns.
    fn supports_index_nulls_order(&self) -> bool;

    /// `USING method` on an index (PostgreSQL's `gin`, MySQL's `hash`).
    ///
    /// A method the dialect cannot write is an `unsupported` error (a
    /// `gin` index serves operators a B-tree does not), except
    /// [`Dialect::default_index_method`].
    fn supports_index_method(&self, method: &str) -> bool;

    /// `USING method` follows the column list (`CREATE INDEX i ON t (c)
    /// USING BTREE`, MySQL and MariaDB, which reject PostgreSQL's
    /// `ON t USING method (c)`).
    fn index_method_after_columns(&self) -> bool {
        false
    }

    /// The method an index gets without `USING`. Where `USING` cannot name
    /// it (SQLite, whose indexes are all B-trees), it is left out without a
    /// warning: the index is the same either way.
    fn default_index_method(&self) -> &'static str {
        "btree"
    }

    /// `ALTER TABLE t ALTER COLUMN c TYPE …` and `SET`/`DROP NOT NULL`
    /// without restating the column. MySQL needs `MODIFY` with the whole
    /// definition, SQLite a table rebuild: both need the catalog.
    fn supports_alter_column_in_place(&self) -> bool;

    /// `ALTER TABLE t ADD CONSTRAINT …` / `DROP CONSTRAINT`. SQLite needs a
    /// table rebuild instead.
    fn supports_add_constraint(&self) -> bool;

    /// `ADD CONSTRAINT … NOT VALID` and `VALIDATE CONSTRAINT` (adding a
    /// foreign key or check without scanning existing rows).
    fn supports_not_valid(&self) -> bool;

    /// `CREATE SCHEMA s` makes a namespace inside the database
    /// (PostgreSQL). In MySQL a schema is a whole database and in SQLite an
    /// attached file: a schema dump does not create those.
    fn supports_create_schema(&self) -> bool {
        false
    }

    /// `CREATE TYPE … AS ENUM`, `ALTER TYPE … ADD VALUE`, `DROP TYPE`.
    fn supports_native_enums(&self) -> bool;

    /// `COMMENT ON TABLE/COLUMN … IS …` statements.
    fn supports_comment_on(&self) -> bool;

    /// Object comments of any kind (SQLite has none).
    fn supports_comments(&self) -> bool;

    /// `REFERENCES t (c)` inside a column definition is enforced. MySQL
    /// parses and ignores it, so foreign keys always go in a separate
    /// `FOREIGN KEY` clause there.
    fn supports_inline_references(&self) -> bool;

    /// A foreign key the migration did not name gets the catalog's name
    /// (`t_c_fkey`, PostgreSQL's) written out. MySQL would call it
    /// `t_ibfk_N`, which no later statement can know: `drop constraint`
    /// and dropping the index InnoDB adopted for it both need the name.
    fn names_foreign_keys(&self) -> bool {
        false
    }

    /// `REFERENCES t` without columns means the referenced table's primary
    /// key (PostgreSQL, SQLite); MySQL requires the columns.
    fn supports_implicit_referenced_columns(&self) -> bool;

    // ------------------------------------------------------------ emitter

    /// Appends the SQL of one statement (and any diagnostics) to `sink`.
    fn emit(&self, stmt: &Stmt, schema: &dyn SchemaView, sink: &mut Sink);
}
