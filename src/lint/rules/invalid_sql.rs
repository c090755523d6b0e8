use crate::diagnostic::Severity;
use crate::ir::{Op, RawAnalysis};
use crate::lint::{Category, Check, RevisionContext, Rule, Sink};

pub const RULE: Rule = Rule {
    name: "invalid-sql",
    code: "MG390",
    category: Category::DataSafety,
    severity: Severity::Error,
    opt_in: false,
    dialects: &[],
    aliases: &["syntax-error-in-sql"],
    summary: "Raw `sql` that the target dialect cannot parse",
    doc: include_str!("../../../rules/invalid-sql.md"),
    check: Check::Revision(check),
};

fn check(cx: &RevisionContext<'_>, out: &mut Sink) {
    let revision = cx.revision;
    // Downgrades run in production too: check both blocks.
    for block in std::iter::once(&revision.up).chain(revision.down.iter()) {
        for (stmt, _) in block.stmts() {
            let Op::Sql(raw) = &stmt.op else {
                continue;
            };
            let Some(RawAnalysis {
                error: Some(error), ..
            }) = &raw.analysis
            else {
                continue;
            };
            out.push(
                out.finding(format!(
                    "this SQL does not parse for {}: {}",
                    cx.settings.dialect, error.value
                ))
                .with_primary(error.span, "here")
                .with_secondary(stmt.span, "in this statement")
                .with_note("the deploy fails at this statement, after the ones before it ran")
                .with_help(
                    "fix the SQL, or tag it for the dialect it is written for: `sql postgresql \"…\"`",
                ),
            );
        }
    }
}
