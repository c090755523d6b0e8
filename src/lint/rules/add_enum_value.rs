use crate::diagnostic::Severity;
use crate::ir::Op;
use crate::lint::{Category, Check, RevisionContext, Rule, Sink};

pub const RULE: Rule = Rule {
    name: "add-enum-value",
    code: "MG206",
    category: Category::Compatibility,
    severity: Severity::Info,
    opt_in: true,
    dialects: &[],
    aliases: &[],
    summary: "A value is added to an existing enum that running code may not know",
    doc: include_str!("../../../rules/add-enum-value.md"),
    check: Check::Revision(check),
};

fn check(cx: &RevisionContext<'_>, out: &mut Sink) {
    for (i, (stmt, _)) in cx.stmts().iter().enumerate() {
        let Op::AddEnumValue(add) = &stmt.op else {
            continue;
        };
        // An enum this revision created (in the DSL or in raw SQL migc
        // lowered, under any earlier name) has no readers yet.
        if cx.is_new_enum(i, &add.name) {
            continue;
        }
        let (e, v) = (add.name.qualified(), &add.value.value);
        out.push(
            out.finding(format!("value '{v}' is added to enum `{e}`"))
                .with_primary(add.value.span, "running code may not know this value")
                .with_note(
                    "code that maps the enum to a fixed list (SQLAlchemy's `Enum`, a switch \
                     without a default) fails to read the first row holding the new value",
                )
                .with_help(format!(
                    "first deploy code that accepts '{v}', then add it; write it only after that"
                )),
        );
    }
}
