use crate::diagnostic::Severity;
use crate::ir::{AlterColumnAction, Op};
use crate::lint::{Category, Check, RevisionContext, Rule, Sink};

pub const RULE: Rule = Rule {
    name: "not-null-without-backfill",
    code: "MG308",
    category: Category::DataSafety,
    severity: Severity::Error,
    opt_in: false,
    dialects: &[],
    aliases: &[],
    summary: "SET NOT NULL on a column added nullable whose existing rows were never backfilled",
    doc: include_str!("../../../rules/not-null-without-backfill.md"),
    check: Check::Revision(check),
};

fn check(cx: &RevisionContext<'_>, out: &mut Sink) {
    for (i, (stmt, _)) in cx.stmts().iter().enumerate() {
        let Op::AlterColumn(alter) = &stmt.op else {
            continue;
        };
        if alter.action != AlterColumnAction::SetNotNull {
            continue;
        }
        // The catalog records where a column was added nullable without a
        // default to a table that had rows, until a backfill assigns it.
        let Some((_, column)) = cx.column_at(i, &alter.column) else {
            continue;
        };
        let Some(added) = column.unfilled.filter(|_| column.nullable) else {
            continue;
        };
        let (t, c) = (alter.column.table.qualified(), &column.name);
        let where_added = if cx.created_here(added) {
            "added nullable here, earlier in this revision"
        } else {
            "added nullable here, in an earlier revision"
        };
        out.push(
            out.finding(format!(
                "`{t}.{c}` becomes NOT NULL, but its existing rows were never given a value"
            ))
            .with_primary(stmt.span, "fails while any row holds NULL")
            .with_secondary(added.span, where_added)
            .with_note(
                "rows that existed when the column was added hold NULL in it, and nothing \
                 since has backfilled it: on a non-empty table the statement fails and the \
                 deploy stops there",
            )
            .with_help(format!(
                "run `backfill {t} set {c} = … where {c} is null batch 1000` in a revision \
                 before this one (or give the column a `default` when adding it), then set \
                 it NOT NULL"
            )),
        );
    }
}
