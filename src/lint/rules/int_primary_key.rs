use crate::diagnostic::Severity;
use crate::dialect::DialectId;
use crate::ir::DataType;
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

fn check(cx: &RevisionContext<'_>, out: &mut Sink) {
    let flagged = |c: &TypedColumn<'_>| {
        c.primary_key
            && matches!(
                c.ty.ty,
                DataType::SmallInt | DataType::Integer | DataType::SmallSerial | DataType::Serial
            )
    };
    for c in typed_columns(cx).iter().filter(|c| flagged(c)) {
        out.push(
            out.finding(format!("primary key `{}.{}` is `{}`", c.table.qualified(), c.column.name, c.ty.ty))
                .with_primary(c.ty.span, "runs out of values")
                .with_note("an `integer` key stops at 2,147,483,647 (a `smallint` at 32,767); widening it later rewrites the table and every table referencing it, under an ACCESS EXCLUSIVE lock")
                .with_help("use `bigint generated always as identity primary key`"),
        );
    }
}
