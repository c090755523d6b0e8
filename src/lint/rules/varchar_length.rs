use crate::diagnostic::Severity;
use crate::dialect::DialectId;
use crate::ir::DataType;
use crate::lint::columns::{TypedColumn, has_type, typed_columns};
use crate::lint::{Category, Check, RevisionContext, Rule, Sink};

pub const RULE: Rule = Rule {
    name: "varchar-length",
    code: "MG502",
    category: Category::Style,
    severity: Severity::Info,
    opt_in: false,
    dialects: &[DialectId::Postgresql],
    aliases: &["prefer-text-field"],
    summary: "A column is `varchar(n)` where `text` would do",
    doc: include_str!("../../../rules/varchar-length.md"),
    check: Check::Revision(check),
};

fn check(cx: &RevisionContext<'_>, out: &mut Sink) {
    let flagged =
        |c: &TypedColumn<'_>| has_type(&c.ty.ty, |t| matches!(t, DataType::Varchar(Some(_))));
    for c in typed_columns(cx).iter().filter(|c| flagged(c)) {
        out.push(
            out.finding(format!("`{}.{}` is `{}`", c.table.qualified(), c.column.name, c.ty.ty))
                .with_primary(c.ty.span, "a length limit in the type")
                .with_note("PostgreSQL stores `varchar(n)` exactly like `text`; the limit is an arbitrary number that is hard to change later, and lowering it rewrites the table")
                .with_help("use `text`, with `check (length(c) <= n)` when the limit is a real rule"),
        );
    }
}
