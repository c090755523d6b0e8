use crate::diagnostic::Severity;
use crate::ir::Op;
use crate::lint::{Category, Check, RevisionContext, Rule, Sink};

pub const RULE: Rule = Rule {
    name: "drop-table",
    code: "MG202",
    category: Category::Compatibility,
    severity: Severity::Warning,
    opt_in: false,
    dialects: &[],
    aliases: &[],
    summary: "An existing table is dropped while running code may still use it",
    doc: include_str!("../../../rules/drop-table.md"),
    check: Check::Revision(check),
};

fn check(cx: &RevisionContext<'_>, out: &mut Sink) {
    for (i, (stmt, _)) in cx.stmts().iter().enumerate() {
        let Op::DropTable(drop) = &stmt.op else {
            continue;
        };
        // Dropping a table this revision created undoes nothing anyone saw.
        if cx.is_new_table(i, &drop.name) {
            continue;
        }
        let t = drop.name.qualified();
        out.push(
            out.finding(format!("table `{t}` is dropped"))
                .with_primary(
                    drop.name.span,
                    "queries naming this table fail from here on",
                )
                .with_note(
                    "the release still running while the migration applies may read or \
                     write this table: its queries fail until every server runs the new \
                     code, and the rows are gone for good",
                )
                .with_help(format!(
                    "first deploy code that no longer uses `{t}`, then drop it in a later \
                     revision and mark it `# migc: allow drop-table — <why no code uses it>`"
                )),
        );
    }
}
