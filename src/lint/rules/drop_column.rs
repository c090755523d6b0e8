use crate::diagnostic::Severity;
use crate::ir::Op;
use crate::lint::{Category, Check, RevisionContext, Rule, Sink};

pub const RULE: Rule = Rule {
    name: "drop-column",
    code: "MG201",
    category: Category::Compatibility,
    severity: Severity::Warning,
    opt_in: false,
    dialects: &[],
    aliases: &[],
    summary: "A column of an existing table is dropped while running code may still use it",
    doc: include_str!("../../../rules/drop-column.md"),
    check: Check::Revision(check),
};

fn check(cx: &RevisionContext<'_>, out: &mut Sink) {
    for (i, (stmt, _)) in cx.stmts().iter().enumerate() {
        let Op::DropColumn(drop) = &stmt.op else {
            continue;
        };
        if cx.is_new_table(i, &drop.column.table) {
            continue;
        }
        let (t, c) = (drop.column.table.qualified(), &drop.column.column.name);
        out.push(
            out.finding(format!("column `{t}.{c}` is dropped"))
                .with_primary(
                    drop.column.span,
                    "queries naming this column fail from here on",
                )
                .with_note(
                    "the release still running while the migration applies reads and writes \
                     this column (ORMs name every mapped column in their queries): its \
                     queries fail until every server runs the new code",
                )
                .with_help(format!(
                    "contract in two steps: first deploy code that no longer uses `{t}.{c}`, \
                     then drop it in a later revision and mark it `# migc: allow drop-column \
                     — <why no code uses it>`"
                )),
        );
    }
}
