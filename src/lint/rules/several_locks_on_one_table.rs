use crate::diagnostic::Severity;
use crate::dialect::DialectId;
use crate::lint::locks::{Lock, locks};
use crate::lint::{Category, Check, RevisionContext, Rule, Sink};
use std::collections::BTreeMap;

pub const RULE: Rule = Rule {
    name: "several-locks-on-one-table",
    code: "MG111",
    category: Category::Locking,
    severity: Severity::Info,
    opt_in: false,
    dialects: &[DialectId::Postgresql],
    aliases: &[],
    summary: "Several exclusive-lock statements on one existing table share a transaction",
    doc: include_str!("../../../rules/several-locks-on-one-table.md"),
    check: Check::Revision(check),
};

fn check(cx: &RevisionContext<'_>, out: &mut Sink) {
    // (transaction, table) → the statements locking it, in order.
    let mut by_table: BTreeMap<(usize, String), Vec<usize>> = BTreeMap::new();
    for (i, (stmt, _)) in cx.stmts().iter().enumerate() {
        let Some(transaction) = cx.transaction(i) else {
            continue;
        };
        for taken in locks(&stmt.op) {
            let Some(table) = taken.table else {
                continue;
            };
            if taken.lock >= Lock::ShareRowExclusive && !cx.is_new_table(i, table) {
                let list = by_table
                    .entry((transaction, table.qualified()))
                    .or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
    }
    // Report in statement order, whatever the table names.
    let mut found: Vec<(&String, &Vec<usize>)> = by_table
        .iter()
        .filter(|(_, list)| list.len() > 1)
        .map(|((_, table), list)| (table, list))
        .collect();
    found.sort_by_key(|(_, list)| list[1]);
    let stmts = cx.stmts();
    for (table, list) in found {
        let (first, second) = (stmts[list[0]].0, stmts[list[1]].0);
        out.push(
            out.finding(format!(
                "{} statements lock `{table}` exclusively in one transaction",
                list.len()
            ))
            .with_primary(second.span, "runs while the earlier lock is still held")
            .with_secondary(first.span, "the lock is taken here and held until commit")
            .with_note(format!(
                "a transaction keeps every lock until it commits, so reads and writes of \
                 `{table}` wait for all of these statements together, not for each one"
            ))
            .with_help(format!(
                "if any of them is slow, move it to its own revision so `{table}` is \
                 unlocked in between; cheap ones may stay together"
            )),
        );
    }
}
