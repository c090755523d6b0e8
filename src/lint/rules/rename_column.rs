use crate::diagnostic::Severity;
use crate::ir::Op;
use crate::lint::{Category, Check, RevisionContext, Rule, Sink};

pub const RULE: Rule = Rule {
    name: "rename-column",
    code: "MG203",
    category: Category::Compatibility,
    severity: Severity::Warning,
    opt_in: false,
    dialects: &[],
    aliases: &[],
    summary: "A column of an existing table is renamed while running code still uses the old name",
    doc: include_str!("../../../rules/rename-column.md"),
    check: Check::Revision(check),
};

fn check(cx: &RevisionContext<'_>, out: &mut Sink) {
    for (i, (stmt, _)) in cx.stmts().iter().enumerate() {
        let Op::RenameColumn(rename) = &stmt.op else {
            continue;
        };
        if cx.is_new_table(i, &rename.column.table) {
            continue;
        }
        let (t, old, new) = (
            rename.column.table.qualified(),
            &rename.column.column.name,
            &rename.to.name,
        );
        out.push(
            out.finding(format!("column `{t}.{old}` is renamed to `{new}`"))
                .with_primary(stmt.span, "queries using the old name fail from here on")
                .with_note(format!(
                    "the release still running while the migration applies reads and writes \
                     `{old}`: its queries fail until every server runs the new code"
                ))
                .with_help(format!(
                    "expand and contract: `add column {t}.{new} …`, `backfill {t} set {new} = \
                     {old} … batch N`, deploy code that writes both and reads `{new}`, then \
                     drop `{t}.{old}` in a later revision"
                )),
        );
    }
}
