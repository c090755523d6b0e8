//! Catalog objects back into IR operations, so that derived downgrades and
//! `migc schema` are printed by `ir::print` like everything else.
//!
//! Every node gets the span it is given (the operation a derived statement
//! undoes, or a default span for `migc schema`), so a diagnostic about a
//! derived statement points at the `up` operation behind it.

use super::model::*;
use crate::ir::{self, Ident, ObjectName, Op, Spanned};
use crate::source::Span;

pub fn ident(name: &str, span: Span) -> Ident {
    Ident {
        name: name.to_owned(),
        span,
    }
}

pub fn object_name(name: &QualifiedName, span: Span) -> ObjectName {
    ObjectName {
        schema: name.schema.as_deref().map(|s| ident(s, span)),
        name: ident(&name.name, span),
        span,
    }
}

pub fn column_ref(table: &QualifiedName, column: &str, span: Span) -> ir::ColumnRef {
    ir::ColumnRef {
        table: object_name(table, span),
        column: ident(column, span),
        span,
    }
}

fn idents(names: &[String], span: Span) -> Vec<Ident> {
    names.iter().map(|n| ident(n, span)).collect()
}

/// A column definition without inline constraints.
pub fn column_def(c: &Column, span: Span) -> ir::ColumnDef {
    // `not null` is implied by identity and serial types; say it only when
    // the column differs from what its definition implies.
    let implied = c.identity.is_none() && !c.ty.is_serial();
    ir::ColumnDef {
        name: ident(&c.name, span),
        ty: ir::TypeRef {
            ty: c.ty.clone(),
            span,
        },
        nullable: (c.nullable != implied).then(|| Spanned::new(c.nullable, span)),
        default: c.default.clone(),
        identity: c.identity.map(|i| ir::Identity {
            always: i == Identity::Always,
            span,
        }),
        comment: c.comment.as_ref().map(|t| Spanned::new(t.clone(), span)),
        constraints: Vec::new(),
        span,
    }
}

/// A table constraint; the name is left out when the migration did not
/// choose it and `keep_generated_name` is false.
pub fn constraint(c: &Constraint, span: Span, keep_generated_name: bool) -> ir::TableConstraint {
    let kind = match &c.kind {
        ConstraintDef::PrimaryKey { columns } => ir::ConstraintKind::PrimaryKey {
            columns: idents(columns, span),
        },
        ConstraintDef::Unique { columns } => ir::ConstraintKind::Unique {
            columns: idents(columns, span),
        },
        ConstraintDef::ForeignKey {
            columns,
            table,
            referenced,
            on_delete,
            on_update,
        } => ir::ConstraintKind::ForeignKey {
            columns: idents(columns, span),
            target: ir::ForeignKeyTarget {
                table: object_name(table, span),
                columns: idents(referenced, span),
                on_delete: on_delete.map(|a| Spanned::new(a, span)),
                on_update: on_update.map(|a| Spanned::new(a, span)),
            },
        },
        ConstraintDef::Check { expr } => ir::ConstraintKind::Check { expr: expr.clone() },
    };
    ir::TableConstraint {
        name: (c.named || keep_generated_name).then(|| ident(&c.name, span)),
        kind,
        not_valid: (!c.valid).then_some(span),
        span,
    }
}

pub fn add_constraint(table: &QualifiedName, c: &Constraint, span: Span) -> Op {
    Op::AddConstraint(Box::new(ir::AddConstraint {
        table: object_name(table, span),
        constraint: constraint(c, span, true),
    }))
}

pub fn create_index(table: &Table, i: &Index, concurrently: bool, span: Span) -> Op {
    Op::CreateIndex(Box::new(ir::CreateIndex {
        unique: i.unique,
        concurrently: concurrently.then_some(span),
        if_not_exists: false,
        name: ident(&i.name, span),
        table: object_name(&table.name, span),
        using: i.method.as_deref().map(|m| ident(m, span)),
        elements: i.elements.clone(),
        include: idents(&i.include, span),
        where_clause: i.where_clause.clone(),
    }))
}

pub fn create_enum(e: &EnumType, span: Span) -> Op {
    Op::CreateEnum(Box::new(ir::CreateEnum {
        name: object_name(&e.name, span),
        values: e
            .values
            .iter()
            .map(|v| Spanned::new(v.clone(), span))
            .collect(),
    }))
}

/// `create table` with the columns and the constraints chosen by
/// `inline` (the rest are left to the caller).
pub fn create_table(
    table: &Table,
    span: Span,
    keep_names: bool,
    inline: impl Fn(&Constraint) -> bool,
) -> Op {
    Op::CreateTable(Box::new(ir::CreateTable {
        if_not_exists: false,
        name: object_name(&table.name, span),
        body: ir::TableBody {
            columns: table.columns.iter().map(|c| column_def(c, span)).collect(),
            constraints: table
                .constraints
                .iter()
                .filter(|c| inline(c))
                .map(|c| constraint(c, span, keep_names))
                .collect(),
            span,
        },
    }))
}

pub fn table_comment(table: &QualifiedName, text: Option<&str>, span: Span) -> Op {
    Op::Comment(Box::new(ir::Comment {
        target: ir::CommentTarget::Table(object_name(table, span)),
        text: text.map(|t| Spanned::new(t.to_owned(), span)),
    }))
}

/// Everything needed to recreate a table as it is: `create table` with
/// its keys and checks (with their names, generated or not), its indexes,
/// then its foreign keys and `not valid` constraints as `add constraint`
/// (a foreign key may need a unique index created just before it), then
/// its comment.
pub fn recreate_table(table: &Table, span: Span) -> Vec<Op> {
    let separate = |c: &Constraint| !c.valid || matches!(c.kind, ConstraintDef::ForeignKey { .. });
    let mut ops = vec![create_table(table, span, true, |c| !separate(c))];
    ops.extend(
        table
            .indexes
            .iter()
            .map(|i| create_index(table, i, false, span)),
    );
    ops.extend(
        table
            .constraints
            .iter()
            .filter(|c| separate(c))
            .map(|c| add_constraint(&table.name, c, span)),
    );
    if let Some(text) = &table.comment {
        ops.push(table_comment(&table.name, Some(text), span));
    }
    ops
}
