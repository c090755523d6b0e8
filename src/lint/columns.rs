//! The column types a revision writes, for the rules about types: every
//! column of `create table`, `add column`, and the new type of
//! `alter column … type`.

use super::RevisionContext;
use crate::ir::{AlterColumnAction, ConstraintKind, DataType, Ident, ObjectName, Op, TypeRef};

/// One column type as written.
pub struct TypedColumn<'a> {
    pub table: &'a ObjectName,
    pub column: &'a Ident,
    pub ty: &'a TypeRef,
    /// Part of the table's primary key, as far as the statement says (a
    /// type change does not say, so it is false there).
    pub primary_key: bool,
    /// `alter column … type`, which cannot introduce `serial`.
    pub type_change: bool,
}

pub fn typed_columns<'a>(cx: &RevisionContext<'a>) -> Vec<TypedColumn<'a>> {
    let mut out = Vec::new();
    for (stmt, _) in cx.stmts() {
        match &stmt.op {
            Op::CreateTable(t) => {
                let in_table_key = |name: &str| {
                    t.body.constraints.iter().any(|c| match &c.kind {
                        ConstraintKind::PrimaryKey { columns } => {
                            columns.iter().any(|k| k.name == name)
                        }
                        _ => false,
                    })
                };
                for c in &t.body.columns {
                    out.push(TypedColumn {
                        table: &t.name,
                        column: &c.name,
                        ty: &c.ty,
                        primary_key: c.is_primary_key() || in_table_key(&c.name.name),
                        type_change: false,
                    });
                }
            }
            Op::AddColumn(a) => out.push(TypedColumn {
                table: &a.table,
                column: &a.column.name,
                ty: &a.column.ty,
                primary_key: a.column.is_primary_key(),
                type_change: false,
            }),
            Op::AlterColumn(a) => {
                if let AlterColumnAction::SetType { ty, .. } = &a.action {
                    out.push(TypedColumn {
                        table: &a.column.table,
                        column: &a.column.column,
                        ty,
                        primary_key: false,
                        type_change: true,
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// Whether `ty`, or the element type of an array `ty`, matches.
pub fn has_type(ty: &DataType, matches: fn(&DataType) -> bool) -> bool {
    match ty {
        DataType::Array(inner) => has_type(inner, matches),
        other => matches(other),
    }
}
