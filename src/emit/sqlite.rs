//! SQLite (3.35 and later, for `DROP COLUMN`).
//!
//! SQLite's `ALTER TABLE` can only rename tables and columns, add a column
//! and drop an unconstrained one. Everything else (changing a column,
//! adding or dropping a constraint, adding a key column) is the
//! move-and-copy rebuild Alembic's batch mode does: create the new shape
//! under a temporary name, copy the rows, drop the old table, rename the
//! new one into place, recreate the indexes. The rebuild needs the table's
//! whole definition, which comes from the [`SchemaView`] (the catalog
//! before the statement); with [`NoSchema`](super::NoSchema) it is a
//! `needs-catalog` error.
//!
//! Foreign keys: the rebuild is wrapped in `PRAGMA foreign_keys = 0` /
//! `ON`, as SQLite's documentation prescribes for table changes, so
//! dropping the old table neither fails nor cascades into the rows that
//! point at it. The script therefore leaves enforcement on, which is what
//! an application connection should have.

use super::Sink;
use super::ddl::{self, Cx};
use super::dialect::{Dialect, Guarded, Precedence, Returning};
use super::expr;
use super::reserved;
use super::schema::{SchemaView, TableDefinition};
use super::types::{EnumStyle, SerialStyle, TypeMap};
use crate::dialect::DialectId;
use crate::ir::*;

#[derive(Clone, Copy, Debug, Default)]
pub struct Sqlite;

static TYPES: TypeMap = TypeMap {
    dialect: "sqlite",
    boolean: "BOOLEAN",
    real: "REAL",
    double: "DOUBLE",
    time: "TIME",
    timestamp: "DATETIME",
    timestamptz: "DATETIME",
    interval: "DATETIME",
    uuid: "CHAR(32)",
    json: "JSON",
    jsonb: None,
    bytes: "BLOB",
    serial: SerialStyle::RowId,
    varchar_needs_length: false,
    arrays: false,
    enums: EnumStyle::Varchar,
};

/// The prefix of the temporary table of a rebuild; Alembic's, so DBAs who
/// know batch mode recognise it.
const TMP_PREFIX: &str = "_alembic_tmp_";

impl Dialect for Sqlite {
    fn id(&self) -> DialectId {
        DialectId::Sqlite
    }

    fn emits_without_schema(&self) -> bool {
        // A table rebuild copies the columns the schema has.
        false
    }

    fn supports_transactional_ddl(&self) -> bool {
        // SQLite's DDL is transactional, but Alembic writes its offline
        // scripts without BEGIN/COMMIT, and migc keeps that shape.
        false
    }

    fn supports_session_timeouts(&self) -> bool {
        false
    }

    fn version_insert_returning(&self) -> Returning {
        Returning::Bare
    }

    fn identifier_quote(&self) -> char {
        '"'
    }

    fn is_reserved(&self, word: &str) -> bool {
        static WORDS: reserved::Words = reserved::Words::new(reserved::SQLITE);
        WORDS.contains(word)
    }

    fn max_identifier_length(&self) -> Option<usize> {
        None
    }

    fn escapes_backslash_in_strings(&self) -> bool {
        false
    }

    /// SQLite's table (lang_expr.html), loosest first: OR, AND, NOT,
    /// `= <> IS IN LIKE BETWEEN`, `< <= > >=`, `+ -`, `* / %`, `||`,
    /// unary signs.
    fn precedence(&self, e: &ExprKind) -> Precedence {
        match e {
            ExprKind::Binary { op, .. } => match op {
                BinaryOp::Or => Precedence::left(1),
                BinaryOp::And => Precedence::left(2),
                BinaryOp::Eq | BinaryOp::NotEq => Precedence::none(4),
                BinaryOp::Lt | BinaryOp::LtEq | BinaryOp::Gt | BinaryOp::GtEq => {
                    Precedence::none(5)
                }
                BinaryOp::Plus | BinaryOp::Minus => Precedence::left(8),
                BinaryOp::Multiply | BinaryOp::Divide | BinaryOp::Modulo => Precedence::left(9),
                BinaryOp::Concat => Precedence::left(10),
            },
            ExprKind::Unary {
                op: UnaryOp::Not, ..
            } => Precedence::left(3),
            ExprKind::Unary { .. } => Precedence::left(11),
            ExprKind::IsNull { .. }
            | ExprKind::InList { .. }
            | ExprKind::Between { .. }
            | ExprKind::Like { .. } => Precedence::none(4),
            ExprKind::Number(n) if n.starts_with('-') => Precedence::left(11),
            _ => Precedence::ATOM,
        }
    }

    fn supports_now_function(&self) -> bool {
        false
    }

    fn supports_boolean_literals(&self) -> bool {
        false
    }

    fn supports_concat_operator(&self) -> bool {
        true
    }

    fn supports_ilike(&self) -> bool {
        false
    }

    fn parenthesizes_default(&self, e: &ExprKind, _: Option<&DataType>) -> bool {
        !expr::is_literal(e) && !is_niladic_time(e)
    }

    fn types(&self) -> &'static TypeMap {
        &TYPES
    }

    fn default_before_not_null(&self) -> bool {
        true
    }

    fn supports_null_default_on_not_null(&self) -> bool {
        true
    }

    fn supports_if_not_exists(&self, kind: Guarded) -> bool {
        matches!(kind, Guarded::Table | Guarded::Index)
    }

    fn supports_if_exists(&self, kind: Guarded) -> bool {
        matches!(kind, Guarded::Table | Guarded::Index)
    }

    fn supports_concurrent_index(&self) -> bool {
        false
    }

    fn supports_partial_indexes(&self) -> bool {
        true
    }

    fn supports_index_include(&self) -> bool {
        false
    }

    fn supports_index_nulls_order(&self) -> bool {
        false
    }

    fn supports_index_method(&self, _: &str) -> bool {
        false
    }

    fn supports_alter_column_in_place(&self) -> bool {
        false
    }

    fn supports_add_constraint(&self) -> bool {
        false
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
        false
    }

    fn supports_inline_references(&self) -> bool {
        true
    }

    fn supports_implicit_referenced_columns(&self) -> bool {
        true
    }

    fn emit(&self, stmt: &Stmt, schema: &dyn SchemaView, sink: &mut Sink) {
        let cx = &mut Cx::new(self, schema, sink, stmt.span);
        let id = DialectId::Sqlite;
        match &stmt.op {
            Op::CreateTable(ct) => ddl::create_table(cx, ct),
            Op::DropTable(dt) => ddl::drop_table(cx, dt),
            Op::RenameTable(rt) => {
                let (from, to) = (cx.w.object(&rt.from), cx.w.ident(&rt.to));
                cx.sink.sql(format!("ALTER TABLE {from} RENAME TO {to}"));
            }
            Op::AddColumn(ac) => add_column(cx, ac),
            Op::DropColumn(dc) => drop_column(cx, dc),
            Op::RenameColumn(rc) => ddl::rename_column(cx, rc),
            Op::AlterColumn(ac) => alter_column(cx, ac),
            Op::CreateIndex(ci) => ddl::create_index(cx, ci, true),
            Op::DropIndex(di) => {
                let guard = cx.if_exists(Guarded::Index, di.if_exists);
                let name = cx.w.object(&di.name);
                cx.sink.sql(format!("DROP INDEX {guard}{name}"));
            }
            Op::AddConstraint(ac) => {
                if let Some(span) = ac.constraint.not_valid {
                    cx.sink.dropped(
                        id,
                        span,
                        "sqlite checks rows when the table is rebuilt; `not valid` is left out",
                    );
                }
                let mut constraint = ac.constraint.clone();
                constraint.not_valid = None;
                rebuild(cx, &ac.table, "`add constraint`", &[], |body| {
                    body.constraints.push(constraint);
                    Ok(Vec::new())
                });
            }
            Op::ValidateConstraint(vc) => cx.sink.comment(format!(
                "migc: constraint {} on {} needs no VALIDATE: sqlite checked rows when adding it",
                vc.name.name,
                vc.table.qualified()
            )),
            Op::DropConstraint(dc) => {
                let name = dc.name.name.clone();
                // A constraint whose name the migration did not choose is
                // written without one; it is found by what it is.
                let kind = cx.schema.constraint_kind(&dc.table, &name);
                rebuild(cx, &dc.table, "`drop constraint`", &[], |body| {
                    let before = body.constraints.len() + count_named(body);
                    let unnamed = body.constraints.iter().position(|c| {
                        c.name.is_none() && kind.as_ref().is_some_and(|k| *k == c.kind)
                    });
                    if let Some(i) = unnamed {
                        body.constraints.remove(i);
                    }
                    body.constraints
                        .retain(|c| c.name.as_ref().is_none_or(|n| n.name != name));
                    for col in &mut body.columns {
                        col.constraints
                            .retain(|c| c.name.as_ref().is_none_or(|n| n.name != name));
                    }
                    if body.constraints.len() + count_named(body) == before {
                        return Err(format!("the table has no constraint named `{name}`"));
                    }
                    Ok(Vec::new())
                });
            }
            // Enum columns are VARCHAR without a CHECK (SQLAlchemy's
            // non-native enum); SQLite does not enforce VARCHAR lengths,
            // so there is nothing to create, extend or drop.
            Op::CreateEnum(_) | Op::AddEnumValue(_) | Op::DropEnum(_) => {}
            Op::Backfill(b) => ddl::backfill(cx, b),
            Op::Insert(ins) => ddl::insert(cx, ins),
            Op::Comment(c) => {
                let span = c.text.as_ref().map_or(stmt.span, |t| t.span);
                cx.sink.dropped(
                    id,
                    span,
                    "sqlite does not store comments; this one is left out",
                );
            }
            Op::Sql(raw) => ddl::raw_sql(cx, raw),
        }
    }
}

fn is_niladic_time(e: &ExprKind) -> bool {
    matches!(
        e,
        ExprKind::CurrentTimestamp | ExprKind::CurrentDate | ExprKind::CurrentTime
    ) || matches!(e, ExprKind::Function { name, args } if args.is_empty() && name.len() == 1 && name[0] == "now")
}

fn count_named(body: &TableBody) -> usize {
    body.constraints.iter().filter(|c| c.name.is_some()).count()
        + body
            .columns
            .iter()
            .flat_map(|c| &c.constraints)
            .filter(|c| c.name.is_some())
            .count()
}

/// `ADD COLUMN` where SQLite allows it; a rebuild for key columns.
fn add_column(cx: &mut Cx<'_>, ac: &AddColumn) {
    let id = cx.id();
    let keyed = ac.column.constraints.iter().any(|c| {
        matches!(
            c.kind,
            ColumnConstraintKind::PrimaryKey | ColumnConstraintKind::Unique
        )
    });
    if keyed {
        let column = ac.column.clone();
        rebuild(cx, &ac.table, "`add column` with a key", &[], |body| {
            body.columns.push(column);
            Ok(Vec::new())
        });
        return;
    }
    if let Some(default) = &ac.column.default
        && !expr::is_literal(&default.kind)
    {
        cx.sink.unsupported(
            id,
            default.span,
            "sqlite cannot add a column whose default is not a constant",
            "add the column with a constant default (or none), then backfill it",
        );
        return;
    }
    let null_default = ac
        .column
        .default
        .as_ref()
        .is_none_or(|d| matches!(d.kind, ExprKind::Null));
    if !ac.column.is_nullable() && null_default {
        cx.sink.unsupported(
            id,
            ac.column.span,
            "sqlite cannot add a NOT NULL column without a non-null default",
            "give the column a default, or add it nullable, backfill it, then set not null",
        );
        return;
    }
    ddl::add_column(cx, ac);
}

/// A plain `DROP COLUMN` unless the schema says the column is part of a
/// constraint or an index, which SQLite refuses to drop: then a rebuild.
/// Without a schema, the plain statement (SQLite itself reports a
/// constrained column).
fn drop_column(cx: &mut Cx<'_>, dc: &DropColumn) {
    let name = dc.column.column.name.clone();
    let constrained = cx
        .schema
        .table_definition(&dc.column.table)
        .is_some_and(|def| column_is_constrained(&def, &name));
    if !constrained {
        ddl::drop_column(cx, dc);
        return;
    }
    let _ = cx.if_exists(Guarded::Column, dc.if_exists);
    rebuild(cx, &dc.column.table, "`drop column`", &[], |body| {
        body.columns.retain(|c| c.name.name != name);
        body.constraints
            .retain(|c| !constraint_uses(&c.kind, &name));
        Ok(vec![name.clone()])
    });
}

/// Whether a constraint uses the column: by name in its column list, or
/// inside a check's expression. The catalog drops such a check along
/// with the column (as PostgreSQL does), so the rebuild must too: kept,
/// it would name a column the new table lacks.
fn constraint_uses(kind: &ConstraintKind, column: &str) -> bool {
    match kind {
        ConstraintKind::PrimaryKey { columns }
        | ConstraintKind::Unique { columns }
        | ConstraintKind::ForeignKey { columns, .. } => columns.iter().any(|c| c.name == column),
        ConstraintKind::Check { expr } => crate::catalog::exprs::mentions(&expr.kind, column),
    }
}

fn column_is_constrained(def: &TableDefinition, name: &str) -> bool {
    let in_column = def
        .body
        .columns
        .iter()
        .any(|c| c.name.name == name && !c.constraints.is_empty());
    let in_table = def
        .body
        .constraints
        .iter()
        .any(|c| constraint_uses(&c.kind, name));
    let in_index = def.indexes.iter().any(|i| index_uses(i, name));
    in_column || in_table || in_index
}

fn index_uses(index: &CreateIndex, column: &str) -> bool {
    index
        .elements
        .iter()
        .any(|e| matches!(&e.kind, IndexElementKind::Column(c) if c.name == column))
}

fn alter_column(cx: &mut Cx<'_>, ac: &AlterColumn) {
    let name = ac.column.column.name.clone();
    let action = ac.action.clone();
    if let AlterColumnAction::SetComment(text) = &action {
        let span = text.as_ref().map_or(cx.span, |t| t.span);
        cx.sink.dropped(
            DialectId::Sqlite,
            span,
            "sqlite does not store comments; this one is left out",
        );
        return;
    }
    // `using` converts the old value while the rows are copied.
    let mut sources = Vec::new();
    if let AlterColumnAction::SetType { using: Some(e), .. } = &action {
        let Some(text) = cx.expr(e) else { return };
        sources.push((name.clone(), text));
    }
    rebuild(
        cx,
        &ac.column.table,
        "`alter column`",
        &sources,
        move |body| {
            let Some(col) = body.columns.iter_mut().find(|c| c.name.name == name) else {
                return Err(format!("the table has no column `{name}`"));
            };
            match action {
                AlterColumnAction::SetNotNull => col.nullable = Some(Spanned::new(false, col.span)),
                AlterColumnAction::DropNotNull => col.nullable = Some(Spanned::new(true, col.span)),
                AlterColumnAction::SetDefault(e) => col.default = Some(e),
                AlterColumnAction::DropDefault => col.default = None,
                AlterColumnAction::SetType { ty, .. } => col.ty = ty,
                AlterColumnAction::SetComment(_) => {}
            }
            Ok(Vec::new())
        },
    );
}

/// The move-and-copy rebuild. `change` edits the table body and returns
/// the columns it dropped (their indexes are not recreated); `sources`
/// replaces the copied value of a column with an expression over the old
/// row. Writes nothing but a diagnostic when the table is unknown.
fn rebuild(
    cx: &mut Cx<'_>,
    table: &ObjectName,
    what: &str,
    sources: &[(String, String)],
    change: impl FnOnce(&mut TableBody) -> Result<Vec<String>, String>,
) {
    let id = cx.id();
    let Some(def) = cx.schema.table_definition(table) else {
        let span = cx.span;
        cx.sink.needs_catalog(
            id,
            span,
            format!("{what} (SQLite rebuilds the table: create a copy, move the rows, rename)"),
        );
        return;
    };
    let mut body = def.body.clone();
    let dropped = match change(&mut body) {
        Ok(dropped) => dropped,
        Err(message) => {
            let span = cx.span;
            cx.sink.diagnostics.push(
                crate::diagnostic::Diagnostic::error("invalid-operation", message)
                    .with_primary(span, "in this statement"),
            );
            return;
        }
    };
    // SQLite refuses a later `RENAME COLUMN` of an `INTEGER` column whose
    // `PRIMARY KEY` is declared after a `UNIQUE` on it ("error in table
    // after rename: no such column"): in the copy, the key comes first.
    body.constraints
        .sort_by_key(|c| !matches!(c.kind, ConstraintKind::PrimaryKey { .. }));
    let tmp = ObjectName {
        schema: table.schema.clone(),
        name: Ident {
            name: format!("{TMP_PREFIX}{}", table.name.name),
            span: table.name.span,
        },
        span: table.span,
    };
    let Some(items) = ddl::table_items(cx, &body) else {
        return;
    };
    let copied: Vec<Ident> = body
        .columns
        .iter()
        .filter(|c| {
            def.body
                .columns
                .iter()
                .any(|old| old.name.name == c.name.name)
        })
        .map(|c| c.name.clone())
        .collect();
    let (tmp_sql, old_sql) = (cx.w.object(&tmp), cx.w.object(table));
    let cols = cx.w.names(&copied);
    let select: Vec<String> = copied
        .iter()
        .map(|c| match sources.iter().find(|(n, _)| *n == c.name) {
            Some((_, source)) => source.clone(),
            None => format!("{}.{}", cx.w.ident(&table.name), cx.w.ident(c)),
        })
        .collect();
    // With enforcement on, `DROP TABLE` first deletes every row, firing
    // the foreign keys that point at the table (`on delete cascade` would
    // empty the children). SQLite's own recipe for a table change turns
    // enforcement off around the copy; the pragma is ignored inside a
    // transaction, and migc's SQLite scripts open none.
    cx.sink.sql("PRAGMA foreign_keys = 0");
    cx.sink.sql(format!(
        "CREATE TABLE {tmp_sql} (\n    {}\n)",
        items.join(", \n    ")
    ));
    cx.sink.sql(format!(
        "INSERT INTO {tmp_sql} ({cols}) SELECT {} \nFROM {old_sql}",
        select.join(", ")
    ));
    cx.sink.sql(format!("DROP TABLE {old_sql}"));
    let bare = cx.w.ident(&table.name);
    cx.sink
        .sql(format!("ALTER TABLE {tmp_sql} RENAME TO {bare}"));
    // The indexes come back as SQLite already holds them: a clause it
    // left out when the index was created (`include`, `nulls last`) was
    // reported then, so it is not reported again for every rebuild.
    let reported = cx.sink.diagnostics.len();
    for index in &def.indexes {
        if dropped.iter().any(|d| index_uses(index, d)) {
            continue;
        }
        ddl::create_index(cx, index, true);
    }
    let mut i = 0;
    cx.sink.diagnostics.retain(|d| {
        i += 1;
        i <= reported || d.code != super::DROPPED_ON_DIALECT
    });
    // Deploy connections are expected to enforce foreign keys (SQLite's
    // default is off per connection; applications turn it on).
    cx.sink.sql("PRAGMA foreign_keys = 1");
}
