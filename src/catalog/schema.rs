//! `migc schema`: a catalog as canonical `.mig` statements.
//!
//! Order is fixed so output is stable: enums, then tables (each with its
//! comment), then indexes, then the foreign keys that point at a table
//! printed later (so every statement only names what came before it).
//! Everything is sorted by schema and name, as the catalog iterates.

use super::model::*;
use super::to_ir;
use crate::ir::print::StmtText;
use crate::ir::{self, Op};
use crate::source::Span;
use std::collections::BTreeSet;
use std::fmt::Write;

/// The statements that build `catalog` from nothing, one per line group.
pub fn schema_text(catalog: &Catalog) -> String {
    let span = Span::default();
    let mut out = String::new();
    let stmt = |out: &mut String, op: &Op| {
        let _ = writeln!(out, "{};", StmtText(op, ""));
    };
    for e in catalog.enums() {
        stmt(&mut out, &to_ir::create_enum(e, span));
    }
    let mut printed: BTreeSet<&QualifiedName> = BTreeSet::new();
    let mut deferred: Vec<(&Table, &Constraint)> = Vec::new();
    for table in catalog.tables() {
        printed.insert(&table.name);
        // A foreign key to a table not printed yet can only be inline when
        // it needs no name of its own; named ones come after all tables, as
        // do `not valid` constraints (only `add constraint` can say so).
        let later = |c: &Constraint| match &c.kind {
            _ if !c.valid => true,
            ConstraintDef::ForeignKey { table: target, .. } => {
                c.named && !printed.contains(target) && *target != table.name
            }
            _ => false,
        };
        if !out.is_empty() {
            out.push('\n');
        }
        stmt(
            &mut out,
            &to_ir::create_table(table, span, false, |c| !later(c)),
        );
        deferred.extend(
            table
                .constraints
                .iter()
                .filter(|c| later(c))
                .map(|c| (table, &**c)),
        );
        if let Some(text) = &table.comment {
            stmt(
                &mut out,
                &to_ir::table_comment(&table.name, Some(text), span),
            );
        }
    }
    let mut first = true;
    for table in catalog.tables() {
        for index in &table.indexes {
            if std::mem::take(&mut first) {
                out.push('\n');
            }
            stmt(&mut out, &to_ir::create_index(table, index, false, span));
        }
    }
    if !deferred.is_empty() {
        out.push('\n');
    }
    for (table, c) in deferred {
        stmt(&mut out, &to_ir::add_constraint(&table.name, c, span));
    }
    out
}

/// A `down { … }` block as canonical text.
pub fn down_text(block: &ir::Block) -> String {
    ir::print::block_text("down", block)
}
