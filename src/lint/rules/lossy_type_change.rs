use crate::diagnostic::Severity;
use crate::lint::type_change::{narrowing, old_label, type_changes};
use crate::lint::{Category, Check, RevisionContext, Rule, Sink};

pub const RULE: Rule = Rule {
    name: "lossy-type-change",
    code: "MG307",
    category: Category::DataSafety,
    severity: Severity::Warning,
    opt_in: false,
    dialects: &[],
    aliases: &[],
    summary: "A column type change narrows the type: existing values fail, are cut or are rounded",
    doc: include_str!("../../../rules/lossy-type-change.md"),
    check: Check::Revision(check),
};

fn check(cx: &RevisionContext<'_>, out: &mut Sink) {
    for change in type_changes(cx) {
        // A column this revision added to the table holds only NULLs until
        // something fills it: nothing to lose yet.
        if cx.created_here(change.old.created) && change.old.unfilled.is_some() {
            continue;
        }
        let (old, new) = (&change.old.ty, &change.new.ty);
        let Some(loss) = narrowing(old, new) else {
            continue;
        };
        let (t, c) = (
            change.alter.column.table.qualified(),
            &change.alter.column.column.name,
        );
        out.push(
            out.finding(format!(
                "changing `{t}.{c}` from `{old}` to `{new}` narrows it"
            ))
            .with_primary(change.new.span, loss)
            .with_secondary(change.old.changed.span, old_label(change.old))
            .with_note(
                "depending on the type and the engine, a value that does not fit makes \
                     the statement fail (and the deploy stop there) or is silently cut or \
                     rounded; no downgrade brings the lost part back",
            )
            .with_help(format!(
                "keep `{old}`; or add a `{new}` column, fill it with `backfill {t} set … \
                     batch 1000` using an explicit conversion, check the rows that changed, then \
                     drop `{c}`"
            )),
        );
    }
}
