use crate::diagnostic::Severity;
use crate::ir::Op;
use crate::lint::{Category, Check, RevisionContext, Rule, Sink};

pub const RULE: Rule = Rule {
    name: "identity-on-existing-table",
    code: "MG108",
    category: Category::Locking,
    severity: Severity::Warning,
    opt_in: false,
    dialects: &[],
    aliases: &[],
    summary: "A serial or identity column is added to an existing table, which rewrites it",
    doc: include_str!("../../../rules/identity-on-existing-table.md"),
    check: Check::Revision(check),
};

fn check(cx: &RevisionContext<'_>, out: &mut Sink) {
    for (i, (stmt, _)) in cx.stmts().iter().enumerate() {
        let Op::AddColumn(add) = &stmt.op else {
            continue;
        };
        let column = &add.column;
        let at = match (&column.identity, column.ty.ty.is_serial()) {
            (Some(identity), _) => identity.span,
            (None, true) => column.ty.span,
            (None, false) => continue,
        };
        if cx.is_new_table(i, &add.table) {
            continue;
        }
        let (t, c) = (add.table.qualified(), &column.name.name);
        out.push(
            out.finding(format!("`{t}.{c}` numbers every existing row of `{t}`"))
                .with_primary(at, "a sequence value is written into every existing row")
                .with_note(
                    "each existing row needs its own sequence value, so the whole table is \
                     rewritten under an exclusive lock (PostgreSQL: ACCESS EXCLUSIVE; MySQL \
                     copies the table for AUTO_INCREMENT): reads and writes wait for it",
                )
                .with_help(format!(
                    "add `{t}.{c}` as a nullable `bigint`, `backfill` it in batches, then \
                     `alter column {t}.{c} set not null`; or create a new table with the \
                     identity column and copy the rows in batches"
                )),
        );
    }
}
