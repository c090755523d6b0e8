use crate::diagnostic::Severity;
use crate::ir::Op;
use crate::lint::locks::{is_ddl, locks};
use crate::lint::{Category, Check, RevisionContext, Rule, Sink};

pub const RULE: Rule = Rule {
    name: "schema-and-data-mixed",
    code: "MG302",
    category: Category::DataSafety,
    severity: Severity::Warning,
    opt_in: false,
    dialects: &[],
    aliases: &[],
    summary: "A transaction changes the schema of an existing table and rewrites existing rows",
    doc: include_str!("../../../rules/schema-and-data-mixed.md"),
    check: Check::Revision(check),
};

fn check(cx: &RevisionContext<'_>, out: &mut Sink) {
    let stmts = cx.stmts();
    // The schema change that locks an existing table: only the statement's
    // own table counts (a new table referencing an old one locks the old
    // one briefly, and seeding a new table is fine).
    let locking_ddl = |i: usize| {
        let stmt = stmts[i].0;
        if !is_ddl(&stmt.op) || matches!(stmt.op, Op::CreateTable(_)) {
            return false;
        }
        locks(&stmt.op).first().is_some_and(|t| {
            t.lock.blocks_writes() && t.table.is_some_and(|table| !cx.is_new_table(i, table))
        })
    };
    let data_on_existing = |i: usize| match &stmts[i].0.op {
        Op::Backfill(b) => !cx.is_new_table(i, &b.table),
        Op::Insert(ins) => !cx.is_new_table(i, &ins.table),
        _ => false,
    };
    for (i, (stmt, _)) in stmts.iter().enumerate() {
        let Some(transaction) = cx.transaction(i) else {
            continue;
        };
        if !data_on_existing(i) {
            continue;
        }
        let ddl =
            (0..stmts.len()).find(|&j| cx.transaction(j) == Some(transaction) && locking_ddl(j));
        let Some(j) = ddl else {
            continue;
        };
        out.push(
            out.finding(format!(
                "`{}` shares a transaction with a schema change of an existing table",
                stmt.op.keyword()
            ))
            .with_primary(stmt.span, "changes existing rows in the same transaction")
            .with_secondary(
                stmts[j].0.span,
                "this schema change's lock is held until commit",
            )
            .with_note(
                "the schema change keeps its lock until the transaction commits, so the table \
                 stays blocked for as long as the data change runs; a failing data change \
                 also rolls the schema back (PostgreSQL, SQLite) or leaves it half-applied \
                 (MySQL)",
            )
            .with_help(
                "move the data change into its own revision, or into a `no transaction { … }` \
                 block so its batches commit on their own",
            ),
        );
        // One finding per revision: splitting once fixes all of them.
        return;
    }
}
