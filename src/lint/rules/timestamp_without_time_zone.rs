use crate::diagnostic::Severity;
use crate::dialect::DialectId;
use crate::ir::DataType;
use crate::lint::columns::{TypedColumn, has_type, typed_columns};
use crate::lint::{Category, Check, RevisionContext, Rule, Sink};

pub const RULE: Rule = Rule {
    name: "timestamp-without-time-zone",
    code: "MG503",
    category: Category::Style,
    severity: Severity::Info,
    opt_in: false,
    dialects: &[DialectId::Postgresql],
    aliases: &["prefer-timestamptz"],
    summary: "A column is `timestamp` without a time zone",
    doc: include_str!("../../../rules/timestamp-without-time-zone.md"),
    check: Check::Revision(check),
};

fn check(cx: &RevisionContext<'_>, out: &mut Sink) {
    let flagged = |c: &TypedColumn<'_>| has_type(&c.ty.ty, |t| matches!(t, DataType::Timestamp));
    for c in typed_columns(cx).iter().filter(|c| flagged(c)) {
        out.push(
            out.finding(format!("`{}.{}` is a `timestamp` without time zone", c.table.qualified(), c.column.name))
                .with_primary(c.ty.span, "a wall-clock time without its zone")
                .with_note("`timestamp` stores a wall-clock reading: the instant it means depends on the time zone of whoever wrote it, and daylight-saving changes make some values ambiguous")
                .with_help("use `timestamptz`, which stores the instant"),
        );
    }
}
