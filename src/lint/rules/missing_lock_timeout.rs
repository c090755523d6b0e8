use crate::diagnostic::Severity;
use crate::dialect::DialectId;
use crate::lint::locks::locks;
use crate::lint::{Category, Check, RevisionContext, Rule, Sink};

pub const RULE: Rule = Rule {
    name: "missing-lock-timeout",
    code: "MG109",
    category: Category::Locking,
    severity: Severity::Warning,
    opt_in: false,
    dialects: &[DialectId::Postgresql],
    aliases: &["require-timeout-settings"],
    summary: "A statement waits for a write-blocking lock on an existing table with no lock_timeout configured",
    doc: include_str!("../../../rules/missing-lock-timeout.md"),
    check: Check::Revision(check),
};

fn check(cx: &RevisionContext<'_>, out: &mut Sink) {
    if cx.settings.lock_timeout {
        return;
    }
    for (i, (stmt, _)) in cx.stmts().iter().enumerate() {
        // A table the statement does not name (`drop index N`) is assumed
        // to exist: the index it belongs to usually does.
        let taken = locks(&stmt.op).into_iter().find(|t| {
            t.lock.blocks_writes() && t.table.is_none_or(|table| !cx.is_new_table(i, table))
        });
        let Some(taken) = taken else {
            continue;
        };
        let table = taken.table.map_or_else(
            || "the table".to_string(),
            |t| format!("`{}`", t.qualified()),
        );
        // One finding per revision: the setting fixes all of them at once.
        out.push(
            out.finding(format!(
                "`{}` waits for a {} lock on {table} with no lock timeout",
                stmt.op.keyword(),
                taken.lock.as_sql()
            ))
            .with_primary(stmt.span, "may queue behind a long-running query")
            .with_note(format!(
                "while this statement waits for its lock behind any long query on {table}, \
                 every read and write of {table} queues behind it: without `lock_timeout` \
                 the outage lasts as long as that query"
            ))
            .with_help(
                "set `lock_timeout = \"5s\"` in migc.toml (the SQL then starts with `SET \
                 lock_timeout`), and retry the deploy when it times out",
            ),
        );
        return;
    }
}
