//! DDL the dialects share, shaped by capabilities.
//!
//! Layout follows SQLAlchemy's offline output: `CREATE TABLE` puts one
//! item per line, indented four spaces, each but the last ending in `, `
//! (with Alembic's trailing space); constraints written on a column move
//! to table level after the columns, primary key first.

use super::dialect::{Dialect, Guarded};
use super::schema::SchemaView;
use super::types::{self, SerialStyle, TypeError};
use super::writer::Writer;
use super::{Sink, expr};
use crate::diagnostic::Diagnostic;
use crate::dialect::DialectId;
use crate::ir::*;
use crate::source::Span;

/// Everything an emitter needs while writing one statement.
pub(super) struct Cx<'a> {
    pub w: Writer<'a>,
    pub d: &'a dyn Dialect,
    pub schema: &'a dyn SchemaView,
    pub sink: &'a mut Sink,
    /// The whole statement.
    pub span: Span,
    /// The table whose constraints are being written, for names derived
    /// from it (see [`Dialect::names_foreign_keys`]).
    pub table: Option<String>,
}

impl<'a> Cx<'a> {
    pub fn new(
        d: &'a dyn Dialect,
        schema: &'a dyn SchemaView,
        sink: &'a mut Sink,
        span: Span,
    ) -> Cx<'a> {
        Cx {
            w: Writer::new(d),
            d,
            schema,
            sink,
            span,
            table: None,
        }
    }

    /// `CONSTRAINT n ` for a constraint named `name`; for an unnamed
    /// foreign key on `columns`, the catalog's name where the dialect
    /// writes one.
    fn constraint_name(&mut self, name: Option<&Ident>, fk_columns: Option<&[Ident]>) -> String {
        if let Some(n) = name {
            self.check_length(n);
            return format!("CONSTRAINT {} ", self.w.ident(n));
        }
        match (fk_columns, &self.table) {
            (Some(columns), Some(table)) if self.d.names_foreign_keys() => {
                let generated = crate::catalog::apply::default_foreign_key_name(table, columns);
                format!("CONSTRAINT {} ", self.w.name(&generated))
            }
            _ => String::new(),
        }
    }

    pub fn id(&self) -> DialectId {
        self.d.id()
    }

    fn type_error(&mut self, span: Span, e: TypeError) {
        let label = format!("not expressible on {}", self.id());
        self.sink.diagnostics.push(
            Diagnostic::error(e.code, e.message)
                .with_primary(span, label)
                .with_help(e.help),
        );
    }

    pub fn expr(&mut self, e: &Expr) -> Option<String> {
        match expr::render(&self.w, &e.kind) {
            Ok(text) => Some(text),
            Err(err) => {
                self.type_error(e.span, err);
                None
            }
        }
    }

    pub fn default(&mut self, e: &Expr, ty: Option<&DataType>) -> Option<String> {
        match expr::default(&self.w, &e.kind, ty) {
            Ok(text) => Some(text),
            Err(err) => {
                self.type_error(e.span, err);
                None
            }
        }
    }

    pub fn ty(&mut self, t: &TypeRef) -> Option<String> {
        match types::render(&self.w, &t.ty, self.schema) {
            Ok(text) => Some(text),
            Err(err) => {
                self.type_error(t.span, err);
                None
            }
        }
    }

    /// Reports a name the engine would reject as too long.
    pub fn check_length(&mut self, ident: &Ident) {
        let Some(max) = self.d.max_identifier_length() else {
            return;
        };
        if ident.name.len() > max {
            self.sink.diagnostics.push(
                Diagnostic::error(
                    super::UNSUPPORTED,
                    format!(
                        "the name `{}` is {} bytes long; {} allows at most {max}",
                        ident.name,
                        ident.name.len(),
                        self.id()
                    ),
                )
                .with_primary(ident.span, "too long")
                .with_note("the engine would reject or silently truncate it")
                .with_help("choose a shorter name"),
            );
        }
    }

    /// `IF NOT EXISTS ` when asked for and supported; an error when asked
    /// for and not supported (dropping it would change what the script does).
    pub fn if_not_exists(&mut self, kind: Guarded, asked: bool) -> &'static str {
        if !asked {
            ""
        } else if self.d.supports_if_not_exists(kind) {
            "IF NOT EXISTS "
        } else {
            let (id, span) = (self.id(), self.span);
            self.sink.unsupported(
                id,
                span,
                format!("{id} has no `IF NOT EXISTS` for {}", kind.describe()),
                "remove `if not exists`; the version table already records what ran",
            );
            ""
        }
    }

    /// `IF EXISTS ` when asked for and supported; an error otherwise.
    pub fn if_exists(&mut self, kind: Guarded, asked: bool) -> &'static str {
        if !asked {
            ""
        } else if self.d.supports_if_exists(kind) {
            "IF EXISTS "
        } else {
            let (id, span) = (self.id(), self.span);
            self.sink.unsupported(
                id,
                span,
                format!("{id} has no `IF EXISTS` for {}", kind.describe()),
                "remove `if exists`; the version table already records what ran",
            );
            ""
        }
    }
}

/// Which constraints a column definition carries inline.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Inline {
    /// None: `CREATE TABLE` lists them at table level.
    Nothing,
    /// All the dialect enforces inline (`ADD COLUMN`).
    Constraints,
}

/// `name TYPE …` for a column.
pub(super) fn column_def(cx: &mut Cx<'_>, col: &ColumnDef, inline: Inline) -> Option<String> {
    cx.check_length(&col.name);
    let serial = cx.d.types().serial;
    let ty = if (col.identity.is_some() || col.ty.ty.is_serial()) && serial == SerialStyle::RowId {
        Some("INTEGER".to_string())
    } else {
        cx.ty(&col.ty)
    };
    let default = match &col.default {
        Some(e) => cx.default(e, Some(&col.ty.ty)).map(Some),
        None => Some(None),
    };
    let (ty, default) = (ty?, default?);
    let mut out = format!("{} {ty}", cx.w.ident(&col.name));
    let auto_increment =
        serial == SerialStyle::AutoIncrement && (col.identity.is_some() || col.ty.ty.is_serial());
    if let (Some(identity), SerialStyle::Types) = (&col.identity, serial) {
        out.push_str(if identity.always {
            " GENERATED ALWAYS AS IDENTITY"
        } else {
            " GENERATED BY DEFAULT AS IDENTITY"
        });
    }
    // PostgreSQL identity columns are NOT NULL by definition; SQLAlchemy
    // does not repeat it unless asked.
    let implied = col.identity.is_some() && serial == SerialStyle::Types;
    let not_null = match &col.nullable {
        Some(n) => !n.value,
        None => !col.is_nullable() && !implied,
    };
    let comment = match &col.comment {
        Some(c) if cx.d.supports_comments() && !cx.d.supports_comment_on() => {
            Some(format!(" COMMENT {}", cx.w.string(&c.value)))
        }
        _ => None,
    };
    let null_default = col
        .default
        .as_ref()
        .is_some_and(|e| matches!(e.kind, ExprKind::Null));
    let default = default
        .filter(|_| !(null_default && not_null && !cx.d.supports_null_default_on_not_null()))
        .map(|d| format!(" DEFAULT {d}"));
    if cx.d.default_before_not_null() {
        out.push_str(default.as_deref().unwrap_or(""));
        if not_null {
            out.push_str(" NOT NULL");
        }
    } else {
        if not_null {
            out.push_str(" NOT NULL");
        }
        out.push_str(comment.as_deref().unwrap_or(""));
        out.push_str(default.as_deref().unwrap_or(""));
    }
    if auto_increment {
        out.push_str(" AUTO_INCREMENT");
    }
    if inline == Inline::Constraints {
        for c in &col.constraints {
            if matches!(c.kind, ColumnConstraintKind::References(_))
                && !cx.d.supports_inline_references()
            {
                continue;
            }
            out.push(' ');
            out.push_str(&column_constraint(cx, c, None)?);
        }
    }
    Some(out)
}

/// A constraint written on a column. With `column`, as a table-level item
/// naming that column; without, inline.
fn column_constraint(
    cx: &mut Cx<'_>,
    c: &ColumnConstraint,
    column: Option<&Ident>,
) -> Option<String> {
    let fk_columns = match (&c.kind, column) {
        (ColumnConstraintKind::References(_), Some(col)) => Some(std::slice::from_ref(col)),
        _ => None,
    };
    let name = cx.constraint_name(c.name.as_ref(), fk_columns);
    let cols = column.map(|c| cx.w.ident(c)).unwrap_or_default();
    let body = match &c.kind {
        ColumnConstraintKind::PrimaryKey if column.is_some() => format!("PRIMARY KEY ({cols})"),
        ColumnConstraintKind::PrimaryKey => "PRIMARY KEY".to_string(),
        ColumnConstraintKind::Unique if column.is_some() => format!("UNIQUE ({cols})"),
        ColumnConstraintKind::Unique => "UNIQUE".to_string(),
        ColumnConstraintKind::References(target) => {
            let target = fk_target(cx, target, c.span)?;
            if column.is_some() {
                format!("FOREIGN KEY({cols}) {target}")
            } else {
                target
            }
        }
        ColumnConstraintKind::Check(e) => format!("CHECK ({})", cx.expr(e)?),
    };
    Some(format!("{name}{body}"))
}

/// `REFERENCES t (cols) [ON DELETE a] [ON UPDATE a]`.
pub(super) fn fk_target(cx: &mut Cx<'_>, t: &ForeignKeyTarget, span: Span) -> Option<String> {
    let mut out = format!("REFERENCES {}", cx.w.object(&t.table));
    // `references t` means t's primary key; where the dialect needs the
    // columns said, the schema knows them.
    let implied = if t.columns.is_empty() && !cx.d.supports_implicit_referenced_columns() {
        primary_key_of(cx.schema, &t.table)
    } else {
        None
    };
    if let Some(columns) = implied {
        out.push_str(&format!(" ({})", cx.w.names(&columns)));
    } else if t.columns.is_empty() {
        if !cx.d.supports_implicit_referenced_columns() {
            let id = cx.id();
            cx.sink.unsupported(
                id,
                span,
                format!("{id} needs the referenced columns of a foreign key"),
                format!("write `references {} (id)` with the key's columns", t.table),
            );
            return None;
        }
    } else {
        out.push_str(&format!(" ({})", cx.w.names(&t.columns)));
    }
    if let Some(a) = &t.on_delete {
        out.push_str(&format!(" ON DELETE {}", a.value.as_sql()));
    }
    if let Some(a) = &t.on_update {
        out.push_str(&format!(" ON UPDATE {}", a.value.as_sql()));
    }
    Some(out)
}

/// The primary key columns of a table, as the schema holds it.
fn primary_key_of(schema: &dyn SchemaView, table: &ObjectName) -> Option<Vec<Ident>> {
    let def = schema.table_definition(table)?;
    def.body.constraints.iter().find_map(|c| match &c.kind {
        ConstraintKind::PrimaryKey { columns } => Some(columns.clone()),
        _ => None,
    })
}

/// `[CONSTRAINT n] PRIMARY KEY (…) | UNIQUE (…) | FOREIGN KEY(…) … | CHECK (…)`.
pub(super) fn table_constraint(cx: &mut Cx<'_>, c: &TableConstraint) -> Option<String> {
    let fk_columns = match &c.kind {
        ConstraintKind::ForeignKey { columns, .. } => Some(columns.as_slice()),
        _ => None,
    };
    let name = cx.constraint_name(c.name.as_ref(), fk_columns);
    let body = match &c.kind {
        ConstraintKind::PrimaryKey { columns } => format!("PRIMARY KEY ({})", cx.w.names(columns)),
        ConstraintKind::Unique { columns } => format!("UNIQUE ({})", cx.w.names(columns)),
        ConstraintKind::ForeignKey { columns, target } => format!(
            "FOREIGN KEY({}) {}",
            cx.w.names(columns),
            fk_target(cx, target, c.span)?
        ),
        ConstraintKind::Check { expr } => format!("CHECK ({})", cx.expr(expr)?),
    };
    Some(format!("{name}{body}"))
}

/// The lines inside `CREATE TABLE t ( … )`.
pub(super) fn table_items(cx: &mut Cx<'_>, body: &TableBody) -> Option<Vec<String>> {
    let mut items = Vec::new();
    let mut ok = true;
    for col in &body.columns {
        match column_def(cx, col, Inline::Nothing) {
            Some(text) => items.push(text),
            None => ok = false,
        }
    }
    // Inline primary keys become one table-level PRIMARY KEY, first.
    let pk: Vec<(&ColumnDef, &ColumnConstraint)> = body
        .columns
        .iter()
        .flat_map(|col| col.constraints.iter().map(move |c| (col, c)))
        .filter(|(_, c)| matches!(c.kind, ColumnConstraintKind::PrimaryKey))
        .collect();
    if !pk.is_empty() {
        let name = pk.iter().find_map(|(_, c)| c.name.as_ref());
        let cols: Vec<Ident> = pk.iter().map(|(col, _)| col.name.clone()).collect();
        let name = name.map(|n| format!("CONSTRAINT {} ", cx.w.ident(n)));
        items.push(format!(
            "{}PRIMARY KEY ({})",
            name.unwrap_or_default(),
            cx.w.names(&cols)
        ));
    }
    for col in &body.columns {
        for c in &col.constraints {
            if matches!(c.kind, ColumnConstraintKind::PrimaryKey) {
                continue;
            }
            match column_constraint(cx, c, Some(&col.name)) {
                Some(text) => items.push(text),
                None => ok = false,
            }
        }
    }
    for c in &body.constraints {
        if c.not_valid.is_some() {
            let id = cx.id();
            cx.sink.unsupported(
                id,
                c.span,
                "`not valid` only applies to `add constraint`",
                "a new table has no rows to skip; remove `not valid`",
            );
            ok = false;
        }
        match table_constraint(cx, c) {
            Some(text) => items.push(text),
            None => ok = false,
        }
    }
    ok.then_some(items)
}

/// `CREATE TABLE`, followed by `COMMENT ON COLUMN` where comments are
/// separate statements.
pub(super) fn create_table(cx: &mut Cx<'_>, ct: &CreateTable) {
    cx.table = Some(ct.name.name.name.clone());
    cx.check_length(&ct.name.name);
    let guard = cx.if_not_exists(Guarded::Table, ct.if_not_exists);
    let Some(items) = table_items(cx, &ct.body) else {
        return;
    };
    let table = cx.w.object(&ct.name);
    cx.sink.sql(format!(
        "CREATE TABLE {guard}{table} (\n    {}\n)",
        items.join(", \n    ")
    ));
    for col in &ct.body.columns {
        if let Some(comment) = &col.comment {
            if cx.d.supports_comment_on() {
                let target = format!("{table}.{}", cx.w.ident(&col.name));
                let text = cx.w.string(&comment.value);
                cx.sink.sql(format!("COMMENT ON COLUMN {target} IS {text}"));
            } else if !cx.d.supports_comments() {
                let id = cx.id();
                cx.sink.dropped(
                    id,
                    comment.span,
                    format!("{id} does not store column comments; this one is left out"),
                );
            }
        }
    }
}

pub(super) fn drop_table(cx: &mut Cx<'_>, dt: &DropTable) {
    let guard = cx.if_exists(Guarded::Table, dt.if_exists);
    let table = cx.w.object(&dt.name);
    cx.sink.sql(format!("DROP TABLE {guard}{table}"));
}

/// `ALTER TABLE t ADD COLUMN …`, plus a separate `ADD FOREIGN KEY` where
/// inline references are not enforced.
pub(super) fn add_column(cx: &mut Cx<'_>, ac: &AddColumn) {
    cx.table = Some(ac.table.name.name.clone());
    let guard = cx.if_not_exists(Guarded::Column, ac.if_not_exists);
    let Some(def) = column_def(cx, &ac.column, Inline::Constraints) else {
        return;
    };
    let table = cx.w.object(&ac.table);
    cx.sink
        .sql(format!("ALTER TABLE {table} ADD COLUMN {guard}{def}"));
    if !cx.d.supports_inline_references() {
        for c in &ac.column.constraints {
            if matches!(c.kind, ColumnConstraintKind::References(_)) {
                let Some(fk) = column_constraint(cx, c, Some(&ac.column.name)) else {
                    continue;
                };
                cx.sink.sql(format!("ALTER TABLE {table} ADD {fk}"));
            }
        }
    }
    if let Some(comment) = &ac.column.comment {
        column_comment_on(cx, &ac.table, &ac.column.name, Some(comment));
    }
}

/// `COMMENT ON COLUMN t.c IS …` where the dialect has it; a warning where
/// it has no comments; nothing where comments are inline (MySQL).
pub(super) fn column_comment_on(
    cx: &mut Cx<'_>,
    table: &ObjectName,
    column: &Ident,
    comment: Option<&Spanned<String>>,
) {
    if cx.d.supports_comment_on() {
        let target = format!("{}.{}", cx.w.object(table), cx.w.ident(column));
        let text = comment.map_or_else(|| "NULL".to_string(), |c| cx.w.string(&c.value));
        cx.sink.sql(format!("COMMENT ON COLUMN {target} IS {text}"));
    } else if !cx.d.supports_comments() {
        let id = cx.id();
        let span = comment.map_or(cx.span, |c| c.span);
        cx.sink.dropped(
            id,
            span,
            format!("{id} does not store comments; this one is left out"),
        );
    }
}

pub(super) fn drop_column(cx: &mut Cx<'_>, dc: &DropColumn) {
    let guard = cx.if_exists(Guarded::Column, dc.if_exists);
    let table = cx.w.object(&dc.column.table);
    let column = cx.w.ident(&dc.column.column);
    cx.sink
        .sql(format!("ALTER TABLE {table} DROP COLUMN {guard}{column}"));
}

/// `ALTER TABLE t RENAME COLUMN a TO b`: PostgreSQL, MySQL 8, MariaDB
/// 10.5+ and SQLite 3.25+ all have it, so no dialect needs the column's
/// definition (Alembic's MySQL `CHANGE` does).
pub(super) fn rename_column(cx: &mut Cx<'_>, rc: &RenameColumn) {
    cx.check_length(&rc.to);
    let table = cx.w.object(&rc.column.table);
    let from = cx.w.ident(&rc.column.column);
    let to = cx.w.ident(&rc.to);
    cx.sink
        .sql(format!("ALTER TABLE {table} RENAME COLUMN {from} TO {to}"));
}

/// `CREATE [UNIQUE] INDEX …`, each optional clause gated by a capability.
/// `index_schema_on_name`: SQLite puts a schema on the index name, not on
/// the table (`CREATE INDEX s.ix ON t (…)`).
pub(super) fn create_index(cx: &mut Cx<'_>, ci: &CreateIndex, index_schema_on_name: bool) {
    cx.check_length(&ci.name);
    let id = cx.id();
    let mut ok = true;
    let unique = if ci.unique { "UNIQUE " } else { "" };
    let concurrently = if ci.concurrently.is_some() && cx.d.supports_concurrent_index() {
        "CONCURRENTLY "
    } else {
        ""
    };
    let guard = cx.if_not_exists(Guarded::Index, ci.if_not_exists);
    let (name, table) = if index_schema_on_name {
        let schema = ci
            .table
            .schema
            .as_ref()
            .map(|s| format!("{}.", cx.w.ident(s)));
        (
            format!("{}{}", schema.unwrap_or_default(), cx.w.ident(&ci.name)),
            cx.w.ident(&ci.table.name),
        )
    } else {
        (cx.w.ident(&ci.name), cx.w.object(&ci.table))
    };
    let using = match &ci.using {
        Some(m) if cx.d.supports_index_method(&m.name) => format!(" USING {}", cx.w.ident(m)),
        // The method every index gets anyway: leaving it out changes
        // nothing (see `Dialect::default_index_method`).
        Some(m) if m.name == cx.d.default_index_method() => String::new(),
        Some(m) => {
            cx.sink.unsupported(
                id,
                m.span,
                format!("{id} has no `{}` index method", m.name),
                "remove `using`, or emit this index with a dialect-specific `sql` statement",
            );
            ok = false;
            String::new()
        }
        None => String::new(),
    };
    let mut elements = Vec::new();
    for el in &ci.elements {
        let mut text = match &el.kind {
            IndexElementKind::Column(c) => cx.w.ident(c),
            IndexElementKind::Expr(e) => match cx.expr(e) {
                // A call is an expression element as it stands in every
                // engine but MySQL, which wants `((expr))` for any
                // functional key part; parentheses are valid everywhere.
                Some(text) => format!("({text})"),
                None => {
                    ok = false;
                    continue;
                }
            },
        };
        if el.descending {
            text.push_str(" DESC");
        }
        if let Some(first) = el.nulls_first {
            if cx.d.supports_index_nulls_order() {
                text.push_str(if first { " NULLS FIRST" } else { " NULLS LAST" });
            } else {
                cx.sink.degraded(
                    id,
                    el.span,
                    format!(
                        "{id} indexes have no `nulls first`/`nulls last`; `{}` is built without it",
                        ci.name.name
                    ),
                    "where NULLs sort in an index only decides which ordered scans it can \
                     serve; no query returns different rows",
                );
            }
        }
        elements.push(text);
    }
    let include = if ci.include.is_empty() {
        String::new()
    } else if cx.d.supports_index_include() {
        format!(" INCLUDE ({})", cx.w.names(&ci.include))
    } else {
        let span = ci.include.first().map_or(cx.span, |i| i.span);
        cx.sink.degraded(
            id,
            span,
            format!(
                "{id} indexes have no `include` columns; `{}` keeps only its key columns",
                ci.name.name
            ),
            "included columns only let a query read them from the index instead of the \
             table; they are never part of what a unique index enforces",
        );
        String::new()
    };
    let filter = match &ci.where_clause {
        None => String::new(),
        Some(e) if cx.d.supports_partial_indexes() => match cx.expr(e) {
            Some(text) => format!(" WHERE {text}"),
            None => {
                ok = false;
                String::new()
            }
        },
        // Without the predicate a unique index would reject rows the
        // `where` lets through: that changes results, so it stays an error.
        Some(e) if ci.unique => {
            cx.sink.unsupported(
                id,
                e.span,
                format!("{id} has no partial indexes (`where`)"),
                "a unique index over every row rejects rows the `where` lets through: \
                 enforce the rule another way, or use a dialect-specific `sql` statement",
            );
            ok = false;
            String::new()
        }
        Some(e) => {
            cx.sink.degraded(
                id,
                e.span,
                format!(
                    "{id} has no partial indexes; `{}` indexes every row instead",
                    ci.name.name
                ),
                "the `where` only limits which rows the index holds: queries return the same \
                 rows, and the index is larger",
            );
            String::new()
        }
    };
    let (before, after) = if cx.d.index_method_after_columns() {
        (String::new(), using)
    } else {
        (using, String::new())
    };
    if ok {
        cx.sink.sql(format!(
            "CREATE {unique}INDEX {concurrently}{guard}{name} ON {table}{before} ({}){after}{include}{filter}",
            elements.join(", ")
        ));
    }
}

/// `INSERT INTO t (cols) VALUES (…)`, one statement per row like
/// Alembic's `bulk_insert`.
pub(super) fn insert(cx: &mut Cx<'_>, ins: &Insert) {
    let table = cx.w.object(&ins.table);
    let cols = cx.w.names(&ins.columns);
    let mut statements = Vec::new();
    for row in &ins.rows {
        let values: Option<Vec<String>> = row.iter().map(|e| cx.expr(e)).collect();
        if let Some(values) = values {
            statements.push(format!(
                "INSERT INTO {table} ({cols}) VALUES ({})",
                values.join(", ")
            ));
        }
    }
    for s in statements {
        cx.sink.sql(s);
    }
}

/// `UPDATE t SET c = e, … [WHERE e]`. A `batch N` cannot be honoured by a
/// loop-free script (each batch must see the previous one's effect), so
/// it is one UPDATE preceded by a comment saying so.
pub(super) fn backfill(cx: &mut Cx<'_>, b: &Backfill) {
    let table = cx.w.object(&b.table);
    let mut sets = Vec::new();
    let mut ok = true;
    for a in &b.assignments {
        match cx.expr(&a.value) {
            Some(v) => sets.push(format!("{} = {v}", cx.w.ident(&a.column))),
            None => ok = false,
        }
    }
    let filter = match &b.where_clause {
        Some(e) => cx.expr(e).map(|t| format!(" WHERE {t}")),
        None => Some(String::new()),
    };
    let (Some(filter), true) = (filter, ok) else {
        return;
    };
    if let Some(batch) = &b.batch {
        cx.sink.comment(format!(
            "migc: batch {} requested; offline SQL runs one UPDATE over every matching row",
            batch.value
        ));
    }
    cx.sink
        .sql(format!("UPDATE {table} SET {}{filter}", sets.join(", ")));
}

/// Raw SQL for this dialect (or for every dialect), verbatim.
pub(super) fn raw_sql(cx: &mut Cx<'_>, raw: &RawSql) {
    if raw.dialect.as_ref().is_some_and(|d| d.value != cx.id()) {
        return;
    }
    if raw.opaque_source {
        cx.sink.diagnostics.push(
            Diagnostic::error(
                crate::alembic::NOT_UNDERSTOOD,
                "migc cannot write SQL for a Python statement it does not understand",
            )
            .with_primary(raw.sql.span, "not understood")
            .with_note("Alembic runs this statement; what SQL it produces depends on Python code migc does not execute")
            .with_help("replace it with `op.*` calls with literal arguments or `op.execute(\"…\")` (in a .mig file: statements or `sql \"…\"`), or leave this revision out of the range"),
        );
        return;
    }
    if let Some(written_for) = raw.written_for.filter(|d| *d != cx.id()) {
        let what = match raw.analysis.as_ref().and_then(|a| a.statements.first()) {
            Some(RawStatement {
                kind: RawStatementKind::Opaque { what },
                ..
            }) => what.clone(),
            _ => "this statement".to_string(),
        };
        cx.sink.diagnostics.push(
            Diagnostic::error(
                super::UNTRANSLATABLE_SQL,
                format!("{what} is {written_for} SQL that migc cannot translate to {}", cx.id()),
            )
            .with_primary(raw.sql.span, format!("written for {written_for}"))
            .with_note("migc models this statement's effects only as \"unknown\"; copying the text into another dialect would run SQL written for a different engine")
            .with_help(format!("write the {} equivalent by hand, or leave it out of the translated history", cx.id())),
        );
        return;
    }
    let text = raw.sql.text.trim();
    let text = text.strip_suffix(';').unwrap_or(text).trim_end();
    if !text.is_empty() {
        cx.sink.sql(text.to_string());
    }
}

/// `ALTER TABLE t ADD CONSTRAINT …`.
pub(super) fn add_constraint(cx: &mut Cx<'_>, ac: &AddConstraint) {
    cx.table = Some(ac.table.name.name.clone());
    let id = cx.id();
    let not_valid = match ac.constraint.not_valid {
        Some(_) if cx.d.supports_not_valid() => " NOT VALID",
        Some(span) => {
            cx.sink.diagnostics.push(
                Diagnostic::warning(
                    super::DROPPED_ON_DIALECT,
                    format!("{id} checks existing rows when adding a constraint; `not valid` is left out"),
                )
                .with_primary(span, format!("left out on {id}"))
                .with_note("the ALTER scans the table while it holds its lock"),
            );
            ""
        }
        None => "",
    };
    let table = cx.w.object(&ac.table);
    if let Some(text) = table_constraint(cx, &ac.constraint) {
        cx.sink
            .sql(format!("ALTER TABLE {table} ADD {text}{not_valid}"));
    }
}
