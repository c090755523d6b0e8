use crate::diagnostic::Severity;
use crate::ir::Op;
use crate::lint::{Category, Check, RevisionContext, Rule, Sink};

pub const RULE: Rule = Rule {
    name: "unbatched-backfill",
    code: "MG303",
    category: Category::DataSafety,
    severity: Severity::Warning,
    opt_in: false,
    dialects: &[],
    aliases: &[],
    summary: "A backfill updates every row of an existing table in one statement",
    doc: include_str!("../../../rules/unbatched-backfill.md"),
    check: Check::Revision(check),
};

fn check(cx: &RevisionContext<'_>, out: &mut Sink) {
    for (i, (stmt, _)) in cx.stmts().iter().enumerate() {
        let Op::Backfill(backfill) = &stmt.op else {
            continue;
        };
        if backfill.where_clause.is_some()
            || backfill.batch.is_some()
            || cx.is_new_table(i, &backfill.table)
        {
            continue;
        }
        let t = backfill.table.qualified();
        let column = backfill
            .assignments
            .first()
            .map_or("c", |a| a.column.name.as_str());
        out.push(
            out.finding(format!("`backfill {t}` updates every row in one statement"))
                .with_primary(stmt.span, "no `where` and no `batch`")
                .with_note(
                    "one UPDATE of the whole table runs as long as the table is big, holds a \
                     row lock on every row until it commits (concurrent writes to them wait), \
                     and bloats the table and its log",
                )
                .with_help(format!(
                    "add `where` to skip rows already done (e.g. `where {column} is null`) and \
                     `batch N` to update N rows at a time"
                )),
        );
    }
}
