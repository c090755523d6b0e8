//! MySQL 8 and MariaDB 10.6+: the syntax both accept.
//!
//! No transactional DDL, no `IF [NOT] EXISTS` on columns and indexes
//! (MariaDB-only), no partial indexes (a non-unique one indexes every row,
//! with a warning), no `INCLUDE` or `NULLS LAST` (left out, with a
//! warning), no expression key parts (MariaDB), no `NOT VALID`, enums
//! written inline in each column. Changing a column's nullability, type or comment needs
//! `MODIFY` with the whole column restated, which needs the schema (see
//! `schema.rs`); with [`NoSchema`](super::NoSchema) those are
//! `needs-catalog` errors.

use super::Sink;
use super::ddl::{self, Cx, Inline};
use super::dialect::{Dialect, Guarded, Precedence, Returning};
use super::expr;
use super::reserved;
use super::schema::{ColumnInfo, SchemaView, TableDefinition};
use super::types::{self, EnumStyle, SerialStyle, TypeError, TypeMap};
use crate::diagnostic::Diagnostic;
use crate::dialect::DialectId;
use crate::ir::*;

#[derive(Clone, Copy, Debug, Default)]
pub struct Mysql;

static TYPES: TypeMap = TypeMap {
    dialect: "mysql",
    boolean: "BOOL",
    real: "FLOAT",
    double: "DOUBLE",
    time: "TIME",
    timestamp: "DATETIME",
    timestamptz: "DATETIME",
    interval: "DATETIME",
    uuid: "CHAR(32)",
    json: "JSON",
    jsonb: None,
    bytes: "BLOB",
    serial: SerialStyle::AutoIncrement,
    varchar_needs_length: true,
    arrays: false,
    enums: EnumStyle::Inline,
};

impl Dialect for Mysql {
    fn id(&self) -> DialectId {
        DialectId::Mysql
    }

    fn emits_without_schema(&self) -> bool {
        // `MODIFY` restates the whole column, read from the schema.
        false
    }

    fn supports_transactional_ddl(&self) -> bool {
        false
    }

    fn supports_session_timeouts(&self) -> bool {
        false
    }

    fn version_insert_returning(&self) -> Returning {
        Returning::None
    }

    fn identifier_quote(&self) -> char {
        '`'
    }

    fn is_reserved(&self, word: &str) -> bool {
        static WORDS: reserved::Words = reserved::Words::new(reserved::MYSQL);
        WORDS.contains(word)
    }

    fn max_identifier_length(&self) -> Option<usize> {
        Some(64)
    }

    fn escapes_backslash_in_strings(&self) -> bool {
        true
    }

    /// MySQL's table (manual § 14.4.1), loosest first: OR, AND, NOT,
    /// BETWEEN, comparisons/IS/LIKE/IN, `+ -`, `* / %`, unary signs.
    /// `||` is written `CONCAT(…)`, an atom.
    fn precedence(&self, e: &ExprKind) -> Precedence {
        match e {
            ExprKind::Binary { op, .. } => match op {
                BinaryOp::Or => Precedence::left(1),
                BinaryOp::And => Precedence::left(2),
                BinaryOp::Eq
                | BinaryOp::NotEq
                | BinaryOp::Lt
                | BinaryOp::LtEq
                | BinaryOp::Gt
                | BinaryOp::GtEq => Precedence::none(5),
                BinaryOp::Concat => Precedence::ATOM,
                BinaryOp::Plus | BinaryOp::Minus => Precedence::left(8),
                BinaryOp::Multiply | BinaryOp::Divide | BinaryOp::Modulo => Precedence::left(9),
            },
            ExprKind::Unary {
                op: UnaryOp::Not, ..
            } => Precedence::left(3),
            ExprKind::Unary { .. } => Precedence::left(10),
            ExprKind::Between { .. } => Precedence::none(4),
            ExprKind::IsNull { .. } | ExprKind::InList { .. } | ExprKind::Like { .. } => {
                Precedence::none(5)
            }
            ExprKind::Number(n) if n.starts_with('-') => Precedence::left(10),
            _ => Precedence::ATOM,
        }
    }

    fn supports_now_function(&self) -> bool {
        true
    }

    fn supports_boolean_literals(&self) -> bool {
        true
    }

    fn supports_concat_operator(&self) -> bool {
        false
    }

    fn supports_ilike(&self) -> bool {
        false
    }

    fn parenthesizes_default(&self, e: &ExprKind, ty: Option<&DataType>) -> bool {
        let blob_like = matches!(
            ty,
            Some(DataType::Text | DataType::Bytes | DataType::Json | DataType::Jsonb)
        );
        !expr::is_literal(e) || (blob_like && !matches!(e, ExprKind::Null))
    }

    fn types(&self) -> &'static TypeMap {
        &TYPES
    }

    fn cast_type(&self, ty: &DataType) -> Result<String, TypeError> {
        Ok(match ty {
            DataType::SmallInt
            | DataType::Integer
            | DataType::BigInt
            | DataType::SmallSerial
            | DataType::Serial
            | DataType::BigSerial
            | DataType::Boolean => "SIGNED".to_string(),
            DataType::Text | DataType::Varchar(None) | DataType::Char(None) | DataType::Enum(_) => {
                "CHAR".to_string()
            }
            DataType::Varchar(Some(n)) | DataType::Char(Some(n)) => format!("CHAR({n})"),
            DataType::Numeric(None, _) => "DECIMAL".to_string(),
            DataType::Numeric(Some(p), None) => format!("DECIMAL({p})"),
            DataType::Numeric(Some(p), Some(s)) => format!("DECIMAL({p}, {s})"),
            DataType::Bytes => "BINARY".to_string(),
            DataType::Date
            | DataType::Time
            | DataType::Timestamp
            | DataType::TimestampTz
            | DataType::Real
            | DataType::Double
            | DataType::Uuid
            | DataType::Json
            | DataType::Interval
            | DataType::Jsonb
            | DataType::Array(_) => types::render_plain(&TYPES, ty)?,
        })
    }

    fn default_before_not_null(&self) -> bool {
        false
    }

    fn supports_null_default_on_not_null(&self) -> bool {
        false
    }

    fn supports_if_not_exists(&self, kind: Guarded) -> bool {
        // MariaDB has the others; MySQL 8 does not.
        kind == Guarded::Table
    }

    fn supports_if_exists(&self, kind: Guarded) -> bool {
        kind == Guarded::Table
    }

    fn supports_concurrent_index(&self) -> bool {
        false
    }

    fn supports_partial_indexes(&self) -> bool {
        false
    }

    fn supports_index_include(&self) -> bool {
        false
    }

    fn supports_index_nulls_order(&self) -> bool {
        false
    }

    fn supports_index_method(&self, method: &str) -> bool {
        matches!(method, "btree" | "hash")
    }

    fn index_method_after_columns(&self) -> bool {
        true
    }

    fn supports_alter_column_in_place(&self) -> bool {
        false
    }

    fn supports_add_constraint(&self) -> bool {
        true
    }

    fn supports_not_valid(&self) -> bool {
        false
    }

    fn supports_native_enums(&self) -> bool {
        false
    }

    fn supports_comment_on(&self) -> bool {
        false
    }

    fn supports_comments(&self) -> bool {
        true
    }

    fn supports_inline_references(&self) -> bool {
        false
    }

    fn names_foreign_keys(&self) -> bool {
        true
    }

    fn supports_implicit_referenced_columns(&self) -> bool {
        false
    }

    fn emit(&self, stmt: &Stmt, schema: &dyn SchemaView, sink: &mut Sink) {
        let cx = &mut Cx::new(self, schema, sink, stmt.span);
        let id = DialectId::Mysql;
        match &stmt.op {
            Op::CreateTable(ct) => ddl::create_table(cx, ct),
            Op::DropTable(dt) => ddl::drop_table(cx, dt),
            Op::RenameTable(rt) => {
                cx.check_length(&rt.to);
                // Without the schema on the new name MySQL would move the
                // table into the session's current database.
                let to = ObjectName {
                    schema: rt.from.schema.clone(),
                    name: rt.to.clone(),
                    span: rt.to.span,
                };
                let (from, to) = (cx.w.object(&rt.from), cx.w.object(&to));
                cx.sink.sql(format!("ALTER TABLE {from} RENAME TO {to}"));
            }
            Op::AddColumn(ac) => ddl::add_column(cx, ac),
            Op::DropColumn(dc) => drop_column(cx, dc),
            Op::RenameColumn(rc) => ddl::rename_column(cx, rc),
            Op::AlterColumn(ac) => alter_column(cx, ac),
            Op::CreateIndex(ci) => {
                let fits =
                    key_parts_fit(cx, &ci.table, ci.elements.iter().filter_map(element_column));
                let plain = expression_parts(cx, ci);
                // Written even when a key part is refused, for the errors
                // of its other clauses; the statement itself is not kept.
                let written = cx.sink.pieces.len();
                ddl::create_index(cx, ci, false);
                if !(fits && plain) {
                    cx.sink.pieces.truncate(written);
                }
            }
            Op::DropIndex(di) => drop_index(cx, di),
            Op::AddConstraint(ac) => {
                let keyed = match &ac.constraint.kind {
                    ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns } => {
                        columns.as_slice()
                    }
                    ConstraintKind::ForeignKey { .. } | ConstraintKind::Check { .. } => &[],
                };
                if key_parts_fit(cx, &ac.table, keyed.iter()) {
                    ddl::add_constraint(cx, ac);
                }
            }
            Op::ValidateConstraint(vc) => {
                cx.sink.comment(format!(
                    "migc: constraint {} on {} needs no VALIDATE: mysql checks rows when adding it",
                    vc.name.name,
                    vc.table.qualified()
                ));
            }
            Op::DropConstraint(dc) => {
                let Some(kind) = cx.schema.constraint_kind(&dc.table, &dc.name.name) else {
                    cx.sink.needs_catalog(
                        id,
                        stmt.span,
                        "`drop constraint` (MySQL's statement depends on the constraint's kind)",
                    );
                    return;
                };
                let name = cx.w.ident(&dc.name);
                let action = match kind {
                    ConstraintKind::PrimaryKey { .. } => "DROP PRIMARY KEY".to_string(),
                    ConstraintKind::Unique { .. } => format!("DROP INDEX {name}"),
                    ConstraintKind::ForeignKey { .. } => format!("DROP FOREIGN KEY {name}"),
                    // `DROP CONSTRAINT` drops a check on both MySQL 8.0.19+
                    // and MariaDB; `DROP CHECK` is MySQL-only.
                    ConstraintKind::Check { .. } => format!("DROP CONSTRAINT {name}"),
                };
                let table = cx.w.object(&dc.table);
                let drop = format!("ALTER TABLE {table} {action}");
                // A unique or primary key is an index InnoDB may have
                // adopted for a foreign key, like `drop index`.
                let fks = cx
                    .schema
                    .foreign_keys_covered_only_by_key(&dc.table, &dc.name.name);
                drop_keeping_foreign_keys(cx, &dc.table, &dc.name, fks, drop);
            }
            // Enum values live in each column's type; there is no type
            // object to create or drop.
            Op::CreateEnum(_) | Op::DropEnum(_) => {}
            Op::AddEnumValue(av) => add_enum_value(cx, av),
            Op::Backfill(b) => ddl::backfill(cx, b),
            Op::Insert(ins) => ddl::insert(cx, ins),
            Op::Comment(c) => match &c.target {
                CommentTarget::Table(t) => {
                    let table = cx.w.object(t);
                    let text =
                        cx.w.string(c.text.as_ref().map_or("", |s| s.value.as_str()));
                    cx.sink.sql(format!("ALTER TABLE {table} COMMENT = {text}"));
                }
                CommentTarget::Column(col) => {
                    let comment = c.text.clone();
                    modify(cx, col, "`comment on column`", |def| def.comment = comment);
                }
            },
            Op::Sql(raw) => ddl::raw_sql(cx, raw),
        }
    }
}

/// MySQL and MariaDB refuse to drop a column that a foreign key of its
/// table uses ("needed in a foreign key constraint"), where PostgreSQL
/// and the catalog drop the key along with the column; so the keys are
/// dropped first.
fn drop_column(cx: &mut Cx<'_>, dc: &DropColumn) {
    let column = &dc.column.column.name;
    let keys: Vec<Ident> = cx
        .schema
        .table_definition(&dc.column.table)
        .map(|def| {
            def.body
                .constraints
                .into_iter()
                .filter(|c| match &c.kind {
                    ConstraintKind::ForeignKey { columns, .. } => {
                        columns.iter().any(|c| &c.name == column)
                    }
                    _ => false,
                })
                .filter_map(|c| c.name)
                .collect()
        })
        .unwrap_or_default();
    let table = cx.w.object(&dc.column.table);
    for key in &keys {
        let key = cx.w.ident(key);
        cx.sink
            .sql(format!("ALTER TABLE {table} DROP FOREIGN KEY {key}"));
    }
    ddl::drop_column(cx, dc);
}

/// `DROP INDEX n ON t`, with the table from the schema when the
/// statement does not say it.
///
/// InnoDB needs an index on a foreign key's columns. When it made one
/// itself and a later index covers the same columns, it drops its own and
/// adopts the later one; either way it refuses to drop the last index a
/// foreign key can use (ERROR 1553). So the foreign key is dropped first
/// and added back after: adding it makes InnoDB create its own index
/// again, which is the state the table had before the dropped index was
/// created. Every foreign key has a name migc knows on MySQL (see
/// `Dialect::names_foreign_keys`).
fn drop_index(cx: &mut Cx<'_>, di: &DropIndex) {
    let guard = cx.if_exists(Guarded::Index, di.if_exists);
    let table = di
        .table
        .clone()
        .or_else(|| cx.schema.table_of_index(&di.name));
    let Some(table) = table else {
        let (id, span) = (cx.id(), cx.span);
        cx.sink.needs_catalog(
            id,
            span,
            "`drop index` without `on TABLE` (MySQL writes `DROP INDEX n ON t`)",
        );
        return;
    };
    let index_name = ObjectName {
        schema: table.schema.clone(),
        name: di.name.name.clone(),
        span: di.name.span,
    };
    let fks = cx.schema.foreign_keys_covered_only_by(&index_name);
    let name = cx.w.ident(&di.name.name);
    let table_sql = cx.w.object(&table);
    let drop = format!("DROP INDEX {guard}{name} ON {table_sql}");
    drop_keeping_foreign_keys(cx, &table, &di.name.name, fks, drop);
}

/// Writes `drop`, which removes the index (or the unique or primary key,
/// an index on MySQL) `index` of `table`, around the foreign keys `fks`
/// that only it can back: each is dropped before and added back after
/// (see [`drop_index`]).
fn drop_keeping_foreign_keys(
    cx: &mut Cx<'_>,
    table: &ObjectName,
    index: &Ident,
    fks: Vec<(String, Vec<String>)>,
    drop: String,
) {
    let mut readd = Vec::new();
    for (fk, columns) in fks {
        let Some(kind) = cx.schema.constraint_kind(table, &fk) else {
            last_index_of_foreign_key(cx, index, table, &fk, &columns);
            return;
        };
        readd.push(TableConstraint {
            name: Some(Ident {
                name: fk,
                span: cx.span,
            }),
            kind,
            not_valid: None,
            span: cx.span,
        });
    }
    let table_sql = cx.w.object(table);
    if !readd.is_empty() {
        let names: Vec<&str> = readd
            .iter()
            .filter_map(|c| c.name.as_ref().map(|n| n.name.as_str()))
            .collect();
        cx.sink.comment(format!(
            "migc: {} is the last index foreign key {} can use, and InnoDB refuses to drop it; \
             the foreign key is dropped and added back, with an index of its own",
            index.name,
            names.join(", ")
        ));
        for c in &readd {
            if let Some(n) = &c.name {
                let fk = cx.w.ident(n);
                cx.sink
                    .sql(format!("ALTER TABLE {table_sql} DROP FOREIGN KEY {fk}"));
            }
        }
    }
    cx.sink.sql(drop);
    cx.table = Some(table.name.name.clone());
    for c in &readd {
        if let Some(text) = ddl::table_constraint(cx, c) {
            cx.sink.sql(format!("ALTER TABLE {table_sql} ADD {text}"));
        }
    }
}

/// The foreign key an index backs is not in the schema (raw SQL made
/// it): ERROR 1553 cannot be avoided by the script, so it is an error.
fn last_index_of_foreign_key(
    cx: &mut Cx<'_>,
    index: &Ident,
    table: &ObjectName,
    fk: &str,
    columns: &[String],
) {
    let (id, span) = (cx.id(), cx.span);
    cx.sink.diagnostics.push(
        Diagnostic::error(
            super::UNSUPPORTED,
            format!(
                "mysql cannot drop `{}`: it is the only index the foreign key `{fk}` of `{}` can use",
                index.name,
                table.qualified()
            ),
        )
        .with_primary(span, format!("fails on {id} with ERROR 1553"))
        .with_help(format!(
            "create another index on ({}) before dropping this one, or drop the foreign key first",
            columns.join(", ")
        )),
    );
}

/// MySQL 8.0.13+ indexes an expression (`((lower(email)))`), but MariaDB
/// has no functional key parts at all (ERROR 1064), so an expression
/// element is an `unsupported` error rather than a script that fails on
/// one of the two. Returns whether every element is a column.
fn expression_parts(cx: &mut Cx<'_>, ci: &CreateIndex) -> bool {
    let id = cx.id();
    let mut ok = true;
    for el in &ci.elements {
        if let IndexElementKind::Expr(e) = &el.kind {
            cx.sink.unsupported(
                id,
                e.span,
                "mariadb indexes have no expression key parts (mysql 8 has them)",
                "index a generated column holding the expression, or write this index in a \
                 dialect-specific `sql` statement",
            );
            ok = false;
        }
    }
    ok
}

fn element_column(e: &IndexElement) -> Option<&Ident> {
    match &e.kind {
        IndexElementKind::Column(c) => Some(c),
        IndexElementKind::Expr(_) => None,
    }
}

/// MySQL indexes at most a prefix of a `TEXT`, `BLOB` or `JSON` value and
/// needs its length (ERROR 1170); migc has no syntax for a prefix length,
/// so a key over such a column is an `unsupported` error rather than a
/// script that fails on the server.
fn key_parts_fit<'i>(
    cx: &mut Cx<'_>,
    table: &ObjectName,
    columns: impl Iterator<Item = &'i Ident>,
) -> bool {
    let mut ok = true;
    for column in columns {
        let Some(info) = cx.schema.column(table, &column.name) else {
            continue;
        };
        let kind = match info.definition.ty.ty {
            DataType::Text => "text",
            DataType::Bytes => "bytes",
            DataType::Json => "json",
            DataType::Jsonb => "jsonb",
            _ => continue,
        };
        let id = cx.id();
        cx.sink.unsupported(
            id,
            column.span,
            format!(
                "mysql cannot index the whole of `{}`, a {} column: a key needs a prefix \
                 length there",
                column.name, kind
            ),
            "make the column `varchar(n)`, or create this index with a `sql mysql` \
             statement that gives a prefix length, e.g. `(col(100))`",
        );
        ok = false;
    }
    ok
}

fn alter_column(cx: &mut Cx<'_>, ac: &AlterColumn) {
    let table = cx.w.object(&ac.column.table);
    let column = cx.w.ident(&ac.column.column);
    match &ac.action {
        AlterColumnAction::SetDefault(e) => {
            let not_null = cx
                .schema
                .column(&ac.column.table, &ac.column.column.name)
                .is_some_and(|c| !is_nullable(&c.definition));
            if not_null && matches!(e.kind, ExprKind::Null) {
                // MySQL refuses a NULL default on a NOT NULL column
                // ("invalid default value"); having none is the same.
                cx.sink.sql(format!(
                    "ALTER TABLE {table} ALTER COLUMN {column} DROP DEFAULT"
                ));
                return;
            }
            let Some(text) = cx.default(e, None) else {
                return;
            };
            cx.sink.sql(format!(
                "ALTER TABLE {table} ALTER COLUMN {column} SET DEFAULT {text}"
            ));
        }
        AlterColumnAction::DropDefault => {
            cx.sink.sql(format!(
                "ALTER TABLE {table} ALTER COLUMN {column} DROP DEFAULT"
            ));
        }
        AlterColumnAction::SetNotNull => modify(cx, &ac.column, "`set not null`", |def| {
            def.nullable = Some(Spanned::new(false, def.span));
        }),
        AlterColumnAction::DropNotNull => modify(cx, &ac.column, "`drop not null`", |def| {
            def.nullable = Some(Spanned::new(true, def.span));
        }),
        AlterColumnAction::SetType { ty, using } => {
            if let Some(using) = using {
                let id = cx.id();
                cx.sink.unsupported(
                    id,
                    using.span,
                    "mysql converts values itself when a column's type changes; it has no `using`",
                    "remove `using`, and backfill the converted values in a separate step",
                );
                return;
            }
            let ty = ty.clone();
            modify(cx, &ac.column, "`alter column … type`", |def| def.ty = ty);
        }
        AlterColumnAction::SetComment(text) => {
            let text = text.clone();
            modify(cx, &ac.column, "`alter column … comment`", |def| {
                def.comment = text
            });
        }
    }
}

/// `ALTER TABLE t MODIFY COLUMN <whole new definition>`, from the column
/// as the schema holds it with `change` applied.
fn modify(cx: &mut Cx<'_>, column: &ColumnRef, what: &str, change: impl FnOnce(&mut ColumnDef)) {
    let Some(ColumnInfo { mut definition }) = cx.schema.column(&column.table, &column.column.name)
    else {
        let (id, span) = (cx.id(), cx.span);
        cx.sink.needs_catalog(
            id,
            span,
            format!("{what} (MySQL restates the whole column with MODIFY)"),
        );
        return;
    };
    change(&mut definition);
    // Key constraints stay on the table; MODIFY restates the column only.
    definition.constraints.clear();
    let Some(def) = ddl::column_def(cx, &definition, Inline::Nothing) else {
        return;
    };
    let table = cx.w.object(&column.table);
    cx.sink
        .sql(format!("ALTER TABLE {table} MODIFY COLUMN {def}"));
}

/// Whether the column takes NULL: unsaid means nullable unless an inline
/// primary key says otherwise.
fn is_nullable(def: &ColumnDef) -> bool {
    match &def.nullable {
        Some(n) => n.value,
        None => !def
            .constraints
            .iter()
            .any(|c| matches!(c.kind, ColumnConstraintKind::PrimaryKey)),
    }
}

/// `alter enum add value` rewrites every column of that enum type.
fn add_enum_value(cx: &mut Cx<'_>, av: &AddEnumValue) {
    let (Some(mut values), Some(columns)) = (
        cx.schema.enum_values(&av.name),
        cx.schema.enum_columns(&av.name),
    ) else {
        let (id, span) = (cx.id(), cx.span);
        cx.sink.needs_catalog(
            id,
            span,
            "`alter enum add value` (MySQL restates every column using the enum)",
        );
        return;
    };
    let at = match &av.position {
        Some(EnumValuePosition::Before(v)) => values.iter().position(|x| *x == v.value),
        Some(EnumValuePosition::After(v)) => {
            values.iter().position(|x| *x == v.value).map(|i| i + 1)
        }
        None => Some(values.len()),
    };
    values.insert(at.unwrap_or(values.len()), av.value.value.clone());
    let overlay = EnumOverlay {
        inner: cx.schema,
        name: &av.name,
        values,
    };
    for (table, column) in columns {
        let mut sink = Sink::default();
        let mut inner = Cx::new(cx.d, &overlay, &mut sink, cx.span);
        let column = ColumnRef {
            table,
            column: Ident {
                name: column,
                span: cx.span,
            },
            span: cx.span,
        };
        modify(&mut inner, &column, "`alter enum add value`", |_| {});
        cx.sink.pieces.append(&mut sink.pieces);
        cx.sink.diagnostics.append(&mut sink.diagnostics);
    }
}

/// The schema with one enum's values replaced.
struct EnumOverlay<'a> {
    inner: &'a dyn SchemaView,
    name: &'a ObjectName,
    values: Vec<String>,
}

impl SchemaView for EnumOverlay<'_> {
    fn column(&self, table: &ObjectName, column: &str) -> Option<ColumnInfo> {
        self.inner.column(table, column)
    }

    fn table_of_index(&self, index: &ObjectName) -> Option<ObjectName> {
        self.inner.table_of_index(index)
    }

    fn enum_values(&self, name: &ObjectName) -> Option<Vec<String>> {
        if name.qualified() == self.name.qualified() {
            Some(self.values.clone())
        } else {
            self.inner.enum_values(name)
        }
    }

    fn table_definition(&self, table: &ObjectName) -> Option<TableDefinition> {
        self.inner.table_definition(table)
    }

    fn constraint_kind(&self, table: &ObjectName, name: &str) -> Option<ConstraintKind> {
        self.inner.constraint_kind(table, name)
    }

    fn enum_columns(&self, name: &ObjectName) -> Option<Vec<(ObjectName, String)>> {
        self.inner.enum_columns(name)
    }

    fn foreign_keys_covered_only_by(&self, index: &ObjectName) -> Vec<(String, Vec<String>)> {
        self.inner.foreign_keys_covered_only_by(index)
    }

    fn foreign_keys_covered_only_by_key(
        &self,
        table: &ObjectName,
        name: &str,
    ) -> Vec<(String, Vec<String>)> {
        self.inner.foreign_keys_covered_only_by_key(table, name)
    }
}
