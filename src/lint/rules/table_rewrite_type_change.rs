use crate::diagnostic::Severity;
use crate::dialect::DialectId;
use crate::lint::type_change::{old_label, rewrites, type_changes};
use crate::lint::{Category, Check, RevisionContext, Rule, Sink};

pub const RULE: Rule = Rule {
    name: "table-rewrite-type-change",
    code: "MG113",
    category: Category::Locking,
    severity: Severity::Warning,
    opt_in: false,
    dialects: &[DialectId::Postgresql, DialectId::Mysql],
    aliases: &["changing-column-type"],
    summary: "A column type change rewrites or copies an existing table under a lock",
    doc: include_str!("../../../rules/table-rewrite-type-change.md"),
    check: Check::Revision(check),
};

fn check(cx: &RevisionContext<'_>, out: &mut Sink) {
    let dialect = cx.settings.dialect;
    for change in type_changes(cx) {
        let (old, new) = (&change.old.ty, &change.new.ty);
        if rewrites(dialect, old, new, change.using.is_some()) != Some(true) {
            continue;
        }
        let (t, c) = (
            change.alter.column.table.qualified(),
            &change.alter.column.column.name,
        );
        let note = match dialect {
            DialectId::Mysql => {
                "MySQL and MariaDB change this type with ALGORITHM=COPY: the table is copied \
                 row by row and writes are blocked until the copy ends"
            }
            _ => {
                "PostgreSQL rewrites every row and rebuilds every index of the table while \
                 holding an ACCESS EXCLUSIVE lock: reads and writes wait for the rewrite"
            }
        };
        let reason = if change.using.is_some() {
            "`using` recomputes every row"
        } else {
            "not a change the engine can make in place"
        };
        out.push(
            out.finding(format!(
                "changing `{t}.{c}` from `{old}` to `{new}` rewrites the table"
            ))
            .with_primary(change.new.span, reason)
            .with_secondary(change.old.changed.span, old_label(change.old))
            .with_note(note)
            .with_help(format!(
                "add a new `{new}` column, fill it with `backfill {t} set … batch 1000` (and a \
                 trigger or dual writes for new rows), switch the code over, then drop `{c}`; \
                 widening a `varchar` limit or a `numeric` precision needs none of this"
            )),
        );
    }
}
