use crate::catalog::QualifiedName;
use crate::diagnostic::Severity;
use crate::dialect::DialectId;
use crate::ir::{ConstraintKind, DataType, Op};
use crate::lint::columns::{TypedColumn, typed_columns};
use crate::lint::{Category, Check, RevisionContext, Rule, Sink};

pub const RULE: Rule = Rule {
    name: "int-primary-key",
    code: "MG501",
    category: Category::Style,
    severity: Severity::Info,
    opt_in: false,
    dialects: &[DialectId::Postgresql],
    aliases: &[],
    summary: "A primary key column is a 32-bit or smaller integer",
    doc: include_str!("../../../rules/int-primary-key.md"),
    check: Check::Revision(check),
};

const NOTE: &str = "an `integer` key stops at 2,147,483,647 (a `smallint` at 32,767); widening \
                    it later rewrites the table and every table referencing it, under an \
                    ACCESS EXCLUSIVE lock";

fn too_small(ty: &DataType) -> bool {
    matches!(
        ty,
        DataType::SmallInt | DataType::Integer | DataType::SmallSerial | DataType::Serial
    )
}

fn check(cx: &RevisionContext<'_>, out: &mut Sink) {
    let flagged = |c: &TypedColumn<'_>| c.primary_key && too_small(&c.ty.ty);
    for c in typed_columns(cx).iter().filter(|c| flagged(c)) {
        out.push(
            out.finding(format!(
                "primary key `{}.{}` is `{}`",
                c.table.qualified(),
                c.column.name,
                c.ty.ty
            ))
            .with_primary(c.ty.span, "runs out of values")
            .with_note(NOTE)
            .with_help("use `bigint generated always as identity primary key`"),
        );
    }
    // `add constraint … primary key (c)` names columns declared earlier:
    // their types come from the catalog.
    for (i, (stmt, _)) in cx.stmts().iter().enumerate() {
        let Op::AddConstraint(add) = &stmt.op else {
            continue;
        };
        let ConstraintKind::PrimaryKey { columns } = &add.constraint.kind else {
            continue;
        };
        let table = QualifiedName::of(&add.table);
        for key in columns {
            let Some(column) = cx.catalog_at(i).column(&table, &key.name) else {
                continue;
            };
            if !too_small(&column.ty) {
                continue;
            }
            let (t, ty) = (add.table.qualified(), &column.ty);
            out.push(
                out.finding(format!("primary key `{t}.{}` is `{ty}`", key.name))
                    .with_primary(key.span, "runs out of values")
                    .with_secondary(column.changed.span, format!("declared `{ty}` here"))
                    .with_note(NOTE)
                    .with_help(format!(
                        "make `{}` a `bigint` while the table is small, before it becomes the key",
                        key.name
                    )),
            );
        }
    }
}
