use crate::diagnostic::Severity;
use crate::dialect::DialectId;
use crate::ir::DataType;
use crate::lint::columns::{TypedColumn, has_type, typed_columns};
use crate::lint::{Category, Check, RevisionContext, Rule, Sink};

pub const RULE: Rule = Rule {
    name: "json-type",
    code: "MG506",
    category: Category::Style,
    severity: Severity::Info,
    opt_in: false,
    dialects: &[DialectId::Postgresql],
    aliases: &[],
    summary: "A column is `json` instead of `jsonb`",
    doc: include_str!("../../../rules/json-type.md"),
    check: Check::Revision(check),
};

fn check(cx: &RevisionContext<'_>, out: &mut Sink) {
    let flagged = |c: &TypedColumn<'_>| has_type(&c.ty.ty, |t| matches!(t, DataType::Json));
    for c in typed_columns(cx).iter().filter(|c| flagged(c)) {
        out.push(
            out.finding(format!("`{}.{}` is `json`", c.table.qualified(), c.column.name))
                .with_primary(c.ty.span, "stored as text and parsed on every read")
                .with_note("`json` keeps the text verbatim and parses it on every access, and it has no equality operator, so no index, `DISTINCT` or `GROUP BY` on it")
                .with_help("use `jsonb`"),
        );
    }
}
