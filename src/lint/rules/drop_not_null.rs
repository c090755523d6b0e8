use crate::diagnostic::Severity;
use crate::ir::{AlterColumnAction, Op};
use crate::lint::{Category, Check, RevisionContext, Rule, Sink};

pub const RULE: Rule = Rule {
    name: "drop-not-null",
    code: "MG205",
    category: Category::Compatibility,
    severity: Severity::Info,
    opt_in: true,
    dialects: &[],
    aliases: &[],
    summary: "A NOT NULL column of an existing table becomes nullable while running code assumes a value",
    doc: include_str!("../../../rules/drop-not-null.md"),
    check: Check::Revision(check),
};

fn check(cx: &RevisionContext<'_>, out: &mut Sink) {
    for (i, (stmt, _)) in cx.stmts().iter().enumerate() {
        let Op::AlterColumn(alter) = &stmt.op else {
            continue;
        };
        if alter.action != AlterColumnAction::DropNotNull || cx.is_new_table(i, &alter.column.table)
        {
            continue;
        }
        let (t, c) = (alter.column.table.qualified(), &alter.column.column.name);
        out.push(
            out.finding(format!("`{t}.{c}` may now be NULL"))
                .with_primary(stmt.span, "running code still expects a value here")
                .with_note(
                    "code that treats the column as always set (a non-optional field) breaks \
                     on the first NULL that newer code writes",
                )
                .with_help(format!(
                    "first deploy code that handles a NULL `{t}.{c}`, then drop `not null`"
                )),
        );
    }
}
