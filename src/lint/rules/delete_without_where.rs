use crate::diagnostic::Severity;
use crate::ir::{Op, RawStatementKind};
use crate::lint::{Category, Check, RevisionContext, Rule, Sink};

pub const RULE: Rule = Rule {
    name: "delete-without-where",
    code: "MG391",
    category: Category::DataSafety,
    severity: Severity::Warning,
    opt_in: false,
    dialects: &[],
    aliases: &[],
    summary: "Raw `DELETE` without `WHERE` empties the table",
    doc: include_str!("../../../rules/delete-without-where.md"),
    check: Check::Revision(check),
};

fn check(cx: &RevisionContext<'_>, out: &mut Sink) {
    for (stmt, _) in cx.stmts() {
        let Op::Sql(raw) = &stmt.op else {
            continue;
        };
        for s in raw.analysis.iter().flat_map(|a| &a.statements) {
            if s.kind == (RawStatementKind::Delete { has_where: false }) {
                out.push(
                    out.finding("DELETE without WHERE removes every row of the table")
                        .with_primary(s.span, "no WHERE clause")
                        .with_note(
                            "on a large table it also holds row locks on everything and bloats \
                             the table until vacuum",
                        )
                        .with_help("add the WHERE clause you mean; to empty a table on purpose, say so with `migc: allow delete-without-where — reason`"),
                );
            }
        }
    }
}
