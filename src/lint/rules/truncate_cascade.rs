use crate::diagnostic::Severity;
use crate::ir::{Op, RawStatementKind};
use crate::lint::{Category, Check, RevisionContext, Rule, Sink};

pub const RULE: Rule = Rule {
    name: "truncate-cascade",
    code: "MG392",
    category: Category::DataSafety,
    severity: Severity::Warning,
    opt_in: false,
    dialects: &[],
    aliases: &[],
    summary: "Raw `TRUNCATE … CASCADE` also empties every table that references it",
    doc: include_str!("../../../rules/truncate-cascade.md"),
    check: Check::Revision(check),
};

fn check(cx: &RevisionContext<'_>, out: &mut Sink) {
    for (stmt, _) in cx.stmts() {
        let Op::Sql(raw) = &stmt.op else {
            continue;
        };
        for s in raw.analysis.iter().flat_map(|a| &a.statements) {
            if s.kind == (RawStatementKind::Truncate { cascade: true }) {
                out.push(
                    out.finding(
                        "TRUNCATE … CASCADE empties the tables that reference this one too",
                    )
                    .with_primary(s.span, "follows every foreign key to this table")
                    .with_note(
                        "which tables that is depends on the schema at deploy time, not on \
                             what the migration says; it also takes ACCESS EXCLUSIVE locks on all \
                             of them",
                    )
                    .with_help("truncate the tables you mean by name, without CASCADE"),
                );
            }
        }
    }
}
