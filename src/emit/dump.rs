//! `migc schema --dialect D`: a catalog as one dialect's DDL.
//!
//! The catalog is turned back into operations with `catalog::to_ir` and
//! each one goes through the dialect's emitter, with the catalog itself as
//! the [`SchemaView`](super::SchemaView) (enum values, referenced keys).
//! Order: schemas (where a schema is a namespace), enums, tables, table
//! comments, indexes, then foreign keys to
//! tables created later and `not valid` constraints as `ADD CONSTRAINT`,
//! so every statement names only what exists. A dialect that cannot add
//! constraints to a table (SQLite) gets them all inside `CREATE TABLE`;
//! it does not check a foreign key's target until rows arrive.

use super::dialect::Dialect;
use super::{Piece, Script, Sink, Writer};
use crate::catalog::{Catalog, Constraint, ConstraintDef, QualifiedName, to_ir};
use crate::ir::{Op, Stmt};
use std::collections::BTreeSet;

/// The DDL that builds `catalog` from nothing, in Alembic's statement
/// layout (each statement followed by a blank line).
pub fn catalog_ddl(dialect: &dyn Dialect, catalog: &Catalog) -> Script {
    let mut stmts: Vec<Stmt> = Vec::new();
    for e in catalog.enums() {
        let span = e.created.span;
        stmts.push(Stmt {
            op: to_ir::create_enum(e, span),
            span,
        });
    }
    let inline_all = !dialect.supports_add_constraint();
    let mut created: BTreeSet<&QualifiedName> = BTreeSet::new();
    let mut deferred: Vec<Stmt> = Vec::new();
    for table in catalog.tables() {
        created.insert(&table.name);
        let span = table.created.span;
        let later = |c: &Constraint| {
            !inline_all
                && (!c.valid
                    || matches!(&c.kind, ConstraintDef::ForeignKey { table: target, .. }
                        if !created.contains(target)))
        };
        stmts.push(Stmt {
            op: to_ir::create_table(table, span, false, |c| !later(c)),
            span,
        });
        deferred.extend(table.constraints.iter().filter(|c| later(c)).map(|c| Stmt {
            op: to_ir::add_constraint(&table.name, c, c.created.span),
            span: c.created.span,
        }));
        if let Some(text) = &table.comment {
            stmts.push(Stmt {
                op: to_ir::table_comment(&table.name, Some(text), span),
                span,
            });
        }
    }
    for table in catalog.tables() {
        for index in &table.indexes {
            let span = index.created.span;
            stmts.push(Stmt {
                op: to_ir::create_index(table, index, false, span),
                span,
            });
        }
    }
    stmts.extend(deferred);
    let mut sink = Sink::default();
    if dialect.supports_create_schema() {
        let w = Writer::new(dialect);
        for schema in catalog.schemas().into_iter().flatten() {
            sink.sql(format!("CREATE SCHEMA IF NOT EXISTS {}", w.name(&schema)));
        }
    }
    for stmt in &stmts {
        // The enum's type object exists only where enums are named types;
        // elsewhere its values are written into each column.
        if matches!(stmt.op, Op::CreateEnum(_)) && !dialect.supports_native_enums() {
            continue;
        }
        dialect.emit(stmt, catalog, &mut sink);
    }
    let mut text = String::new();
    for piece in &sink.pieces {
        match piece {
            Piece::Sql(sql) => {
                text.push_str(sql);
                text.push_str(";\n\n");
            }
            Piece::Comment(c) => {
                text.push_str("-- ");
                text.push_str(c);
                text.push_str("\n\n");
            }
        }
    }
    Script {
        text,
        diagnostics: sink.diagnostics,
    }
}
