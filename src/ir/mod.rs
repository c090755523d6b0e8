//! The operation IR: dialect-neutral revisions and operations.
//!
//! Invariant: nothing here imports pest or sqlparser. Frontends (`dsl`,
//! later `sql` and the Alembic reader) lower their syntax trees into these
//! types; everything downstream (graph, catalog, lint, emit) reads only these.
//! Every node that a diagnostic may point at carries a [`Span`].

pub mod expr;
pub mod print;
pub mod types;

pub use expr::{BinaryOp, Expr, ExprKind, UnaryOp};
pub use types::{DataType, TypeRef};

use crate::dialect::DialectId;
use crate::source::{FileId, Span};

/// A string value from the source with where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Spanned<T> {
        Spanned { value, span }
    }
}

/// One migration: a node of the revision graph.
#[derive(Clone, Debug, PartialEq)]
pub struct Revision {
    pub file: FileId,
    pub id: Spanned<String>,
    /// Empty for a root, two or more for a merge.
    pub parents: Vec<Spanned<String>>,
    pub message: Option<Spanned<String>>,
    pub labels: Vec<Spanned<String>>,
    pub depends_on: Vec<Spanned<String>>,
    pub up: Block,
    /// `None` when the file has no `down` block: derive it from `up`.
    pub down: Option<Block>,
    /// The whole file.
    pub span: Span,
}

/// The body of an `up` or `down` block.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Block {
    pub items: Vec<BlockItem>,
    /// From the `up`/`down` keyword to the closing brace.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum BlockItem {
    Stmt(Stmt),
    /// `no transaction { … }`: these statements run outside the migration's
    /// transaction (Alembic's `autocommit_block()`).
    NoTransaction {
        ops: Vec<Stmt>,
        span: Span,
    },
}

impl Block {
    /// Every statement in order, with whether it runs inside the
    /// migration's transaction.
    pub fn stmts(&self) -> impl Iterator<Item = (&Stmt, bool)> {
        self.items.iter().flat_map(|item| {
            let (stmts, in_transaction) = match item {
                BlockItem::Stmt(s) => (std::slice::from_ref(s), true),
                BlockItem::NoTransaction { ops, .. } => (ops.as_slice(), false),
            };
            stmts.iter().map(move |s| (s, in_transaction))
        })
    }

    pub fn is_empty(&self) -> bool {
        self.stmts().next().is_none()
    }
}

/// One operation and the span of its whole statement (without the `;`).
#[derive(Clone, Debug, PartialEq)]
pub struct Stmt {
    pub op: Op,
    pub span: Span,
}

/// One variant per operation of the DSL (DESIGN.md, the operations table).
/// Payloads are boxed so a statement stays small whatever the operation.
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    CreateTable(Box<CreateTable>),
    DropTable(Box<DropTable>),
    RenameTable(Box<RenameTable>),
    AddColumn(Box<AddColumn>),
    DropColumn(Box<DropColumn>),
    RenameColumn(Box<RenameColumn>),
    AlterColumn(Box<AlterColumn>),
    CreateIndex(Box<CreateIndex>),
    DropIndex(Box<DropIndex>),
    AddConstraint(Box<AddConstraint>),
    ValidateConstraint(Box<ValidateConstraint>),
    DropConstraint(Box<DropConstraint>),
    CreateEnum(Box<CreateEnum>),
    AddEnumValue(Box<AddEnumValue>),
    DropEnum(Box<DropEnum>),
    Backfill(Box<Backfill>),
    Insert(Box<Insert>),
    Comment(Box<Comment>),
    Sql(Box<RawSql>),
}

impl Op {
    /// The DSL words that start this operation, for messages.
    pub fn keyword(&self) -> &'static str {
        match self {
            Op::CreateTable(_) => "create table",
            Op::DropTable(_) => "drop table",
            Op::RenameTable(_) => "rename table",
            Op::AddColumn(_) => "add column",
            Op::DropColumn(_) => "drop column",
            Op::RenameColumn(_) => "rename column",
            Op::AlterColumn(_) => "alter column",
            Op::CreateIndex(_) => "create index",
            Op::DropIndex(_) => "drop index",
            Op::AddConstraint(_) => "add constraint",
            Op::ValidateConstraint(_) => "validate constraint",
            Op::DropConstraint(_) => "drop constraint",
            Op::CreateEnum(_) => "create enum",
            Op::AddEnumValue(_) => "alter enum add value",
            Op::DropEnum(_) => "drop enum",
            Op::Backfill(_) => "backfill",
            Op::Insert(_) => "insert",
            Op::Comment(_) => "comment on",
            Op::Sql(s) if s.opaque_source => "opaque",
            Op::Sql(_) => "sql",
        }
    }
}

/// An identifier. Unquoted identifiers are folded to lower case by the
/// frontend (SQL semantics); quoted ones keep their exact text. Emitters
/// decide whether a dialect needs quotes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A possibly schema-qualified name of a table, index or enum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectName {
    pub schema: Option<Ident>,
    pub name: Ident,
    pub span: Span,
}

impl ObjectName {
    /// `schema.name` or `name`, unquoted, for messages and catalog keys.
    pub fn qualified(&self) -> String {
        match &self.schema {
            Some(s) => format!("{}.{}", s.name, self.name.name),
            None => self.name.name.clone(),
        }
    }
}

/// `table.column` (the table possibly schema-qualified).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnRef {
    pub table: ObjectName,
    pub column: Ident,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CreateTable {
    pub if_not_exists: bool,
    pub name: ObjectName,
    pub body: TableBody,
}

/// Column definitions and table constraints, as in `create table`.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct TableBody {
    pub columns: Vec<ColumnDef>,
    pub constraints: Vec<TableConstraint>,
    /// From `(` to `)`.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ColumnDef {
    pub name: Ident,
    pub ty: TypeRef,
    /// `Some(false)` for `not null`, `Some(true)` for an explicit `null`,
    /// `None` when unsaid (nullable unless a primary key).
    pub nullable: Option<Spanned<bool>>,
    pub default: Option<Expr>,
    pub identity: Option<Identity>,
    pub comment: Option<Spanned<String>>,
    /// Inline `primary key`, `unique`, `references`, `check`.
    pub constraints: Vec<ColumnConstraint>,
    pub span: Span,
}

impl ColumnDef {
    /// A column with its name and type and no option yet.
    pub fn new(name: Ident, ty: TypeRef, span: Span) -> ColumnDef {
        ColumnDef {
            name,
            ty,
            nullable: None,
            default: None,
            identity: None,
            comment: None,
            constraints: Vec::new(),
            span,
        }
    }

    pub fn is_primary_key(&self) -> bool {
        self.constraints
            .iter()
            .any(|c| matches!(c.kind, ColumnConstraintKind::PrimaryKey))
    }

    /// Whether the column accepts NULL once created.
    pub fn is_nullable(&self) -> bool {
        match &self.nullable {
            Some(n) => n.value,
            None => !self.is_primary_key() && self.identity.is_none(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Identity {
    /// `generated always` (true) or `generated by default` (false).
    pub always: bool,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ColumnConstraint {
    pub name: Option<Ident>,
    pub kind: ColumnConstraintKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ColumnConstraintKind {
    PrimaryKey,
    Unique,
    References(ForeignKeyTarget),
    Check(Expr),
}

/// `references T (cols) [on delete A] [on update A]`.
#[derive(Clone, Debug, PartialEq)]
pub struct ForeignKeyTarget {
    pub table: ObjectName,
    /// Empty when unsaid (the referenced table's primary key).
    pub columns: Vec<Ident>,
    pub on_delete: Option<Spanned<ReferentialAction>>,
    pub on_update: Option<Spanned<ReferentialAction>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReferentialAction {
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}

impl ReferentialAction {
    pub fn as_sql(self) -> &'static str {
        match self {
            ReferentialAction::NoAction => "NO ACTION",
            ReferentialAction::Restrict => "RESTRICT",
            ReferentialAction::Cascade => "CASCADE",
            ReferentialAction::SetNull => "SET NULL",
            ReferentialAction::SetDefault => "SET DEFAULT",
        }
    }
}

/// A table-level constraint, in `create table` or `add constraint`.
#[derive(Clone, Debug, PartialEq)]
pub struct TableConstraint {
    pub name: Option<Ident>,
    pub kind: ConstraintKind,
    /// `not valid`: added without checking existing rows (foreign key and
    /// check only).
    pub not_valid: Option<Span>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ConstraintKind {
    PrimaryKey {
        columns: Vec<Ident>,
    },
    Unique {
        columns: Vec<Ident>,
    },
    ForeignKey {
        columns: Vec<Ident>,
        target: ForeignKeyTarget,
    },
    Check {
        expr: Expr,
    },
}

impl ConstraintKind {
    pub fn describe(&self) -> &'static str {
        match self {
            ConstraintKind::PrimaryKey { .. } => "primary key",
            ConstraintKind::Unique { .. } => "unique",
            ConstraintKind::ForeignKey { .. } => "foreign key",
            ConstraintKind::Check { .. } => "check",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct DropTable {
    pub if_exists: bool,
    pub name: ObjectName,
    /// The restated definition that makes the drop reversible.
    pub definition: Option<TableBody>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RenameTable {
    pub from: ObjectName,
    pub to: Ident,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AddColumn {
    pub if_not_exists: bool,
    pub table: ObjectName,
    pub column: ColumnDef,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DropColumn {
    pub if_exists: bool,
    pub column: ColumnRef,
    /// The restated definition (`drop column t.c text not null`), which
    /// makes the drop reversible without the catalog.
    pub definition: Option<ColumnDef>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RenameColumn {
    pub column: ColumnRef,
    pub to: Ident,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AlterColumn {
    pub column: ColumnRef,
    pub action: AlterColumnAction,
}

#[derive(Clone, Debug, PartialEq)]
pub enum AlterColumnAction {
    SetNotNull,
    DropNotNull,
    SetDefault(Expr),
    DropDefault,
    SetType {
        ty: TypeRef,
        using: Option<Expr>,
    },
    /// `None` removes the comment.
    SetComment(Option<Spanned<String>>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct CreateIndex {
    pub unique: bool,
    pub concurrently: Option<Span>,
    pub if_not_exists: bool,
    pub name: Ident,
    pub table: ObjectName,
    /// Index method (`using gin`); `None` is the dialect's default.
    pub using: Option<Ident>,
    pub elements: Vec<IndexElement>,
    pub include: Vec<Ident>,
    pub where_clause: Option<Expr>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct IndexElement {
    pub kind: IndexElementKind,
    pub descending: bool,
    /// `Some(true)` for `nulls first`, `Some(false)` for `nulls last`.
    pub nulls_first: Option<bool>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum IndexElementKind {
    Column(Ident),
    Expr(Expr),
}

#[derive(Clone, Debug, PartialEq)]
pub struct DropIndex {
    pub concurrently: Option<Span>,
    pub if_exists: bool,
    pub name: ObjectName,
    /// Needed by MySQL (`DROP INDEX n ON t`); the catalog knows it otherwise.
    pub table: Option<ObjectName>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AddConstraint {
    pub table: ObjectName,
    /// Always named (the grammar requires it).
    pub constraint: TableConstraint,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ValidateConstraint {
    pub name: Ident,
    pub table: ObjectName,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DropConstraint {
    pub name: Ident,
    pub table: ObjectName,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CreateEnum {
    pub name: ObjectName,
    pub values: Vec<Spanned<String>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AddEnumValue {
    pub name: ObjectName,
    pub value: Spanned<String>,
    pub position: Option<EnumValuePosition>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum EnumValuePosition {
    Before(Spanned<String>),
    After(Spanned<String>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct DropEnum {
    pub if_exists: bool,
    pub name: ObjectName,
}

/// `backfill T set c = e, … [where e] [batch n]`: a data migration of
/// existing rows.
#[derive(Clone, Debug, PartialEq)]
pub struct Backfill {
    pub table: ObjectName,
    pub assignments: Vec<Assignment>,
    pub where_clause: Option<Expr>,
    pub batch: Option<Spanned<u64>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Assignment {
    pub column: Ident,
    pub value: Expr,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Insert {
    pub table: ObjectName,
    pub columns: Vec<Ident>,
    /// Every row has exactly `columns.len()` values (checked by the frontend).
    pub rows: Vec<Vec<Expr>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Comment {
    pub target: CommentTarget,
    /// `None` for `is null` (remove the comment).
    pub text: Option<Spanned<String>>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum CommentTarget {
    Table(ObjectName),
    Column(ColumnRef),
}

/// A raw SQL statement, optionally for one dialect only, with an optional
/// reverse for the derived downgrade.
#[derive(Clone, Debug, PartialEq)]
pub struct RawSql {
    /// `None`: the same text for every dialect.
    pub dialect: Option<Spanned<DialectId>>,
    pub sql: SqlText,
    pub reverse: Option<SqlText>,
    /// What `sql` does on the target dialect, filled by the driver
    /// (`sql::raw`) once the dialect is known; `None` before that, or when
    /// the statement is for another dialect.
    pub analysis: Option<RawAnalysis>,
    /// Set by the SQL-file frontend: the dialect the migration file is
    /// written in. Emitting it for another dialect is an error (the text
    /// is never copied into a translation); the DSL leaves it `None`.
    pub written_for: Option<DialectId>,
    /// Set by the Alembic reader for a Python statement it did not
    /// understand, and by the DSL's `opaque "…"` statement (what `migc
    /// import alembic` writes for one): `sql` holds that source, not SQL.
    /// It is never parsed as SQL nor copied into a script; its effects are
    /// unknown. `sql.span` is then the whole statement, so every finding
    /// about it points at the statement.
    pub opaque_source: bool,
    /// Why the statement is opaque (the reader's reason, or the DSL's
    /// `because "…"`); only with `opaque_source`.
    pub opaque_reason: Option<Spanned<String>>,
}

/// The statements of a raw `sql` text, as far as migc understands them.
#[derive(Clone, Debug, PartialEq)]
pub struct RawAnalysis {
    pub statements: Vec<RawStatement>,
    /// The text does not parse for the target dialect: why, and where.
    pub error: Option<Spanned<String>>,
}

impl RawAnalysis {
    /// Whether some statement has effects migc does not model (or the
    /// text did not parse): catalog-based checks must stay conservative.
    pub fn has_unknown_effects(&self) -> bool {
        self.error.is_some()
            || self
                .statements
                .iter()
                .any(|s| matches!(s.kind, RawStatementKind::Opaque { .. }))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct RawStatement {
    pub kind: RawStatementKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum RawStatementKind {
    /// Lowered into the IR: it updates the catalog and meets the same lint
    /// rules as its DSL twin.
    Op(Stmt),
    /// `DELETE`, with or without `WHERE`.
    Delete { has_where: bool },
    /// `TRUNCATE`, with or without `CASCADE`.
    Truncate { cascade: bool },
    /// Anything else (functions, triggers, grants, …): `what` names it,
    /// e.g. `CREATE FUNCTION`.
    Opaque { what: String },
}

#[derive(Clone, Debug, PartialEq)]
pub struct SqlText {
    pub text: String,
    /// Span of the string literal's contents. For `"""…"""` strings byte
    /// offsets inside map one to one onto the file; `"…"` strings may
    /// contain escapes, so positions inside are approximate.
    pub span: Span,
}
