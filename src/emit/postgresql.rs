//! PostgreSQL (11 and later): transactional DDL, `CONCURRENTLY`, `NOT
//! VALID`, native enums, `COMMENT ON`. Every operation needs only the
//! statement itself, so nothing here asks the schema.

use super::Sink;
use super::ddl::{self, Cx};
use super::dialect::{Dialect, Guarded, Precedence, Returning};
use super::reserved;
use super::schema::SchemaView;
use super::types::{EnumStyle, SerialStyle, TypeMap};
use crate::dialect::DialectId;
use crate::ir::*;

#[derive(Clone, Copy, Debug, Default)]
pub struct Postgresql;

static TYPES: TypeMap = TypeMap {
    dialect: "postgresql",
    boolean: "BOOLEAN",
    real: "REAL",
    double: "DOUBLE PRECISION",
    time: "TIME WITHOUT TIME ZONE",
    timestamp: "TIMESTAMP WITHOUT TIME ZONE",
    timestamptz: "TIMESTAMP WITH TIME ZONE",
    interval: "INTERVAL",
    uuid: "UUID",
    json: "JSON",
    jsonb: Some("JSONB"),
    bytes: "BYTEA",
    serial: SerialStyle::Types,
    varchar_needs_length: false,
    arrays: true,
    enums: EnumStyle::Named,
};

impl Dialect for Postgresql {
    fn id(&self) -> DialectId {
        DialectId::Postgresql
    }

    fn emits_without_schema(&self) -> bool {
        true
    }

    fn supports_transactional_ddl(&self) -> bool {
        true
    }

    fn supports_session_timeouts(&self) -> bool {
        true
    }

    fn version_insert_returning(&self) -> Returning {
        Returning::Qualified
    }

    fn identifier_quote(&self) -> char {
        '"'
    }

    fn is_reserved(&self, word: &str) -> bool {
        static WORDS: reserved::Words = reserved::Words::new(reserved::POSTGRESQL);
        WORDS.contains(word)
    }

    fn max_identifier_length(&self) -> Option<usize> {
        Some(63)
    }

    fn escapes_backslash_in_strings(&self) -> bool {
        // standard_conforming_strings is on by default since 9.1.
        false
    }

    /// PostgreSQL's table (docs § 4.1.6), loosest first: OR, AND, NOT,
    /// IS, comparisons, BETWEEN/IN/LIKE, other operators (`||`), `+ -`,
    /// `* / %`, unary signs.
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
                BinaryOp::Concat => Precedence::left(7),
                BinaryOp::Plus | BinaryOp::Minus => Precedence::left(8),
                BinaryOp::Multiply | BinaryOp::Divide | BinaryOp::Modulo => Precedence::left(9),
            },
            ExprKind::Unary {
                op: UnaryOp::Not, ..
            } => Precedence::left(3),
            ExprKind::Unary { .. } => Precedence::left(10),
            ExprKind::IsNull { .. } => Precedence::none(4),
            ExprKind::InList { .. } | ExprKind::Between { .. } | ExprKind::Like { .. } => {
                Precedence::none(6)
            }
            // A negative number literal reads like a unary minus.
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
        true
    }

    fn supports_ilike(&self) -> bool {
        true
    }

    fn parenthesizes_default(&self, _: &ExprKind, _: Option<&DataType>) -> bool {
        false
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
        match kind {
            Guarded::Table | Guarded::Column | Guarded::Index => true,
            // CREATE TYPE has no IF NOT EXISTS.
            Guarded::Type => false,
        }
    }

    fn supports_if_exists(&self, _: Guarded) -> bool {
        true
    }

    fn supports_concurrent_index(&self) -> bool {
        true
    }

    fn supports_partial_indexes(&self) -> bool {
        true
    }

    fn supports_index_include(&self) -> bool {
        true
    }

    fn supports_index_nulls_order(&self) -> bool {
        true
    }

    fn supports_index_method(&self, method: &str) -> bool {
        matches!(
            method,
            "btree" | "hash" | "gist" | "spgist" | "gin" | "brin" | "bloom"
        )
    }

    fn supports_alter_column_in_place(&self) -> bool {
        true
    }

    fn supports_add_constraint(&self) -> bool {
        true
    }

    fn supports_not_valid(&self) -> bool {
        true
    }

    fn supports_create_schema(&self) -> bool {
        true
    }

    fn supports_native_enums(&self) -> bool {
        true
    }

    fn supports_comment_on(&self) -> bool {
        true
    }

    fn supports_comments(&self) -> bool {
        true
    }

    fn supports_inline_references(&self) -> bool {
        true
    }

    fn supports_implicit_referenced_columns(&self) -> bool {
        true
    }

    fn emit(&self, stmt: &Stmt, schema: &dyn SchemaView, sink: &mut Sink) {
        let cx = &mut Cx::new(self, schema, sink, stmt.span);
        match &stmt.op {
            Op::CreateTable(ct) => create_table(cx, ct),
            Op::DropTable(dt) => ddl::drop_table(cx, dt),
            Op::RenameTable(rt) => {
                cx.check_length(&rt.to);
                let from = cx.w.object(&rt.from);
                let to = cx.w.ident(&rt.to);
                cx.sink.sql(format!("ALTER TABLE {from} RENAME TO {to}"));
            }
            Op::AddColumn(ac) => ddl::add_column(cx, ac),
            Op::DropColumn(dc) => ddl::drop_column(cx, dc),
            Op::RenameColumn(rc) => ddl::rename_column(cx, rc),
            Op::AlterColumn(ac) => alter_column(cx, ac),
            Op::CreateIndex(ci) => ddl::create_index(cx, ci, false),
            Op::DropIndex(di) => {
                let concurrently = if di.concurrently.is_some() {
                    "CONCURRENTLY "
                } else {
                    ""
                };
                let guard = cx.if_exists(Guarded::Index, di.if_exists);
                let name = cx.w.object(&di.name);
                cx.sink
                    .sql(format!("DROP INDEX {concurrently}{guard}{name}"));
            }
            Op::AddConstraint(ac) => ddl::add_constraint(cx, ac),
            Op::ValidateConstraint(vc) => {
                let table = cx.w.object(&vc.table);
                let name = cx.w.ident(&vc.name);
                cx.sink
                    .sql(format!("ALTER TABLE {table} VALIDATE CONSTRAINT {name}"));
            }
            Op::DropConstraint(dc) => {
                let table = cx.w.object(&dc.table);
                let name = cx.w.ident(&dc.name);
                cx.sink
                    .sql(format!("ALTER TABLE {table} DROP CONSTRAINT {name}"));
            }
            Op::CreateEnum(ce) => {
                cx.check_length(&ce.name.name);
                let values: Vec<String> = ce.values.iter().map(|v| cx.w.string(&v.value)).collect();
                let name = cx.w.object(&ce.name);
                cx.sink.sql(format!(
                    "CREATE TYPE {name} AS ENUM ({})",
                    values.join(", ")
                ));
            }
            Op::AddEnumValue(av) => {
                let name = cx.w.object(&av.name);
                let value = cx.w.string(&av.value.value);
                let position = match &av.position {
                    Some(EnumValuePosition::Before(v)) => {
                        format!(" BEFORE {}", cx.w.string(&v.value))
                    }
                    Some(EnumValuePosition::After(v)) => {
                        format!(" AFTER {}", cx.w.string(&v.value))
                    }
                    None => String::new(),
                };
                cx.sink
                    .sql(format!("ALTER TYPE {name} ADD VALUE {value}{position}"));
            }
            Op::DropEnum(de) => {
                let guard = cx.if_exists(Guarded::Type, de.if_exists);
                let name = cx.w.object(&de.name);
                cx.sink.sql(format!("DROP TYPE {guard}{name}"));
            }
            Op::Backfill(b) => ddl::backfill(cx, b),
            Op::Insert(ins) => ddl::insert(cx, ins),
            Op::Comment(c) => match &c.target {
                CommentTarget::Table(t) => {
                    let table = cx.w.object(t);
                    let text = c
                        .text
                        .as_ref()
                        .map_or_else(|| "NULL".to_string(), |s| cx.w.string(&s.value));
                    cx.sink.sql(format!("COMMENT ON TABLE {table} IS {text}"));
                }
                CommentTarget::Column(col) => {
                    ddl::column_comment_on(cx, &col.table, &col.column, c.text.as_ref());
                }
            },
            Op::Sql(raw) => ddl::raw_sql(cx, raw),
        }
    }
}

/// One `ALTER TABLE … ALTER COLUMN` per action.
fn alter_column(cx: &mut Cx<'_>, ac: &AlterColumn) {
    let table = cx.w.object(&ac.column.table);
    let column = cx.w.ident(&ac.column.column);
    let prefix = format!("ALTER TABLE {table} ALTER COLUMN {column}");
    let action = match &ac.action {
        AlterColumnAction::SetNotNull => "SET NOT NULL".to_string(),
        AlterColumnAction::DropNotNull => "DROP NOT NULL".to_string(),
        AlterColumnAction::SetDefault(e) => {
            let Some(text) = cx.default(e, None) else {
                return;
            };
            format!("SET DEFAULT {text}")
        }
        AlterColumnAction::DropDefault => "DROP DEFAULT".to_string(),
        AlterColumnAction::SetType { ty, using } => {
            let Some(ty) = cx.ty(ty) else { return };
            match using {
                Some(e) => match cx.expr(e) {
                    Some(u) => format!("TYPE {ty} USING {u}"),
                    None => return,
                },
                None => format!("TYPE {ty}"),
            }
        }
        AlterColumnAction::SetComment(text) => {
            ddl::column_comment_on(cx, &ac.column.table, &ac.column.column, text.as_ref());
            return;
        }
    };
    cx.sink.sql(format!("{prefix} {action}"));
}

/// PostgreSQL drops, without a word, a unique constraint of `CREATE
/// TABLE` whose columns repeat those of the primary key or of an earlier
/// unique constraint; a later `drop constraint` of it then fails. Such a
/// constraint is added after the table, where PostgreSQL keeps it.
fn create_table(cx: &mut Cx<'_>, ct: &CreateTable) {
    let key_of = |kind: &ConstraintKind| match kind {
        ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns } => {
            Some(columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>())
        }
        ConstraintKind::ForeignKey { .. } | ConstraintKind::Check { .. } => None,
    };
    let mut keys: Vec<Vec<String>> = Vec::new();
    for col in &ct.body.columns {
        for c in &col.constraints {
            if matches!(
                c.kind,
                ColumnConstraintKind::PrimaryKey | ColumnConstraintKind::Unique
            ) {
                keys.push(vec![col.name.name.clone()]);
            }
        }
    }
    // The primary key first: PostgreSQL keeps it over a unique key
    // written before it.
    let (primary, rest): (Vec<&TableConstraint>, Vec<&TableConstraint>) = ct
        .body
        .constraints
        .iter()
        .partition(|c| matches!(c.kind, ConstraintKind::PrimaryKey { .. }));
    keys.extend(primary.iter().filter_map(|c| key_of(&c.kind)));
    let mut later = Vec::new();
    for c in rest {
        if let Some(key) = key_of(&c.kind) {
            if keys.contains(&key) {
                later.push(c.clone());
                continue;
            }
            keys.push(key);
        }
    }
    if later.is_empty() {
        ddl::create_table(cx, ct);
        return;
    }
    let mut table = ct.clone();
    table.body.constraints.retain(|c| !later.contains(c));
    ddl::create_table(cx, &table);
    for constraint in later {
        ddl::add_constraint(
            cx,
            &AddConstraint {
                table: ct.name.clone(),
                constraint,
            },
        );
    }
}
