use crate::diagnostic::Severity;
use crate::dialect::DialectId;
use crate::ir::Op;
use crate::lint::{Category, Check, RevisionContext, Rule, Sink};

pub const RULE: Rule = Rule {
    name: "index-without-concurrently",
    code: "MG101",
    category: Category::Locking,
    severity: Severity::Warning,
    opt_in: false,
    dialects: &[DialectId::Postgresql],
    aliases: &[
        "require-concurrent-index-creation",
        "require-concurrent-index-deletion",
    ],
    summary: "An index is built or dropped without CONCURRENTLY on a table that already exists",
    doc: include_str!("../../../rules/index-without-concurrently.md"),
    check: Check::Revision(check),
};

fn check(cx: &RevisionContext<'_>, out: &mut Sink) {
    for (i, (stmt, _)) in cx.stmts().iter().enumerate() {
        match &stmt.op {
            Op::CreateIndex(index) if index.concurrently.is_none() => {
                // An index on a table this migration created is built on
                // an empty table: no lock worth avoiding.
                if cx.is_new_table(i, &index.table) {
                    continue;
                }
                out.push(
                    out.finding(format!(
                        "index `{}` is built without CONCURRENTLY on `{}`",
                        index.name.name,
                        index.table.qualified()
                    ))
                    .with_primary(stmt.span, "blocks writes to the table while it builds")
                    .with_note(
                        "CREATE INDEX holds a SHARE lock for the whole build: inserts, updates \
                         and deletes wait, on a big table for minutes",
                    )
                    .with_help(
                        "use `create index concurrently` inside a `no transaction { … }` block",
                    ),
                );
            }
            Op::DropIndex(drop) if drop.concurrently.is_none() => {
                if drop.table.as_ref().is_some_and(|t| cx.is_new_table(i, t)) {
                    continue;
                }
                out.push(
                    out.finding(format!(
                        "index `{}` is dropped without CONCURRENTLY",
                        drop.name.qualified()
                    ))
                    .with_primary(stmt.span, "takes an ACCESS EXCLUSIVE lock on the table")
                    .with_note("DROP INDEX blocks reads and writes of the table until it commits")
                    .with_help(
                        "use `drop index concurrently` inside a `no transaction { … }` block",
                    ),
                );
            }
            _ => {}
        }
    }
}
