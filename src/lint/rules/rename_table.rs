use crate::diagnostic::Severity;
use crate::ir::Op;
use crate::lint::{Category, Check, RevisionContext, Rule, Sink};

pub const RULE: Rule = Rule {
    name: "rename-table",
    code: "MG204",
    category: Category::Compatibility,
    severity: Severity::Warning,
    opt_in: false,
    dialects: &[],
    aliases: &[],
    summary: "An existing table is renamed while running code still uses the old name",
    doc: include_str!("../../../rules/rename-table.md"),
    check: Check::Revision(check),
};

fn check(cx: &RevisionContext<'_>, out: &mut Sink) {
    for (i, (stmt, _)) in cx.stmts().iter().enumerate() {
        let Op::RenameTable(rename) = &stmt.op else {
            continue;
        };
        if cx.is_new_table(i, &rename.from) {
            continue;
        }
        let (old, new) = (rename.from.qualified(), &rename.to.name);
        out.push(
            out.finding(format!("table `{old}` is renamed to `{new}`"))
                .with_primary(stmt.span, "queries using the old name fail from here on")
                .with_note(format!(
                    "the release still running while the migration applies reads and writes \
                     `{old}`: its queries fail until every server runs the new code"
                ))
                .with_help(format!(
                    "keep the old name working: after the rename add `sql postgresql \"CREATE \
                     VIEW {old} AS SELECT * FROM {new}\"` (a simple view accepts writes too), \
                     and drop the view once no code uses `{old}`"
                )),
        );
    }
}
