use crate::diagnostic::Severity;
use crate::dialect::DialectId;
use crate::ir::DataType;
use crate::lint::columns::{TypedColumn, has_type, typed_columns};
use crate::lint::{Category, Check, RevisionContext, Rule, Sink};

pub const RULE: Rule = Rule {
    name: "char-type",
    code: "MG504",
    category: Category::Style,
    severity: Severity::Info,
    opt_in: false,
    dialects: &[DialectId::Postgresql],
    aliases: &[],
    summary: "A column is `char(n)`, which pads with spaces",
    doc: include_str!("../../../rules/char-type.md"),
    check: Check::Revision(check),
};

fn check(cx: &RevisionContext<'_>, out: &mut Sink) {
    let flagged = |c: &TypedColumn<'_>| has_type(&c.ty.ty, |t| matches!(t, DataType::Char(_)));
    for c in typed_columns(cx).iter().filter(|c| flagged(c)) {
        out.push(
            out.finding(format!("`{}.{}` is `{}`", c.table.qualified(), c.column.name, c.ty.ty))
                .with_primary(c.ty.span, "padded with spaces to its length")
                .with_note("`char(n)` pads values with spaces, which surprises comparisons, `length` and client code, and it is no faster than `text` in PostgreSQL")
                .with_help("use `text`, with `check (length(c) = n)` when the length is fixed"),
        );
    }
}
