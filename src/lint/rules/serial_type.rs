use crate::diagnostic::Severity;
use crate::dialect::DialectId;
use crate::lint::columns::{TypedColumn, typed_columns};
use crate::lint::{Category, Check, RevisionContext, Rule, Sink};

pub const RULE: Rule = Rule {
    name: "serial-type",
    code: "MG505",
    category: Category::Style,
    severity: Severity::Info,
    opt_in: false,
    dialects: &[DialectId::Postgresql],
    aliases: &["prefer-identity"],
    summary: "A column uses `serial` instead of an identity column",
    doc: include_str!("../../../rules/serial-type.md"),
    check: Check::Revision(check),
};

fn check(cx: &RevisionContext<'_>, out: &mut Sink) {
    let flagged = |c: &TypedColumn<'_>| !c.type_change && c.ty.ty.is_serial();
    for c in typed_columns(cx).iter().filter(|c| flagged(c)) {
        out.push(
            out.finding(format!("`{}.{}` is `{}`", c.table.qualified(), c.column.name, c.ty.ty))
                .with_primary(c.ty.span, "a sequence the table does not own by standard")
                .with_note("`serial` makes a separate sequence with its own permissions, which dumps, `CREATE TABLE … LIKE` and grants handle apart from the table; identity columns (PostgreSQL 10+) are the standard replacement")
                .with_help("use `bigint generated always as identity`"),
        );
    }
}
