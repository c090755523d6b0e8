use crate::diagnostic::Severity;
use crate::dialect::DialectId;
use crate::ir::{ConstraintKind, Op};
use crate::lint::{Category, Check, RevisionContext, Rule, Sink};

pub const RULE: Rule = Rule {
    name: "check-without-not-valid",
    code: "MG105",
    category: Category::Locking,
    severity: Severity::Warning,
    opt_in: false,
    dialects: &[DialectId::Postgresql],
    aliases: &[],
    summary: "A check constraint is added to an existing table and validated under an exclusive lock",
    doc: include_str!("../../../rules/check-without-not-valid.md"),
    check: Check::Revision(check),
};

fn check(cx: &RevisionContext<'_>, out: &mut Sink) {
    for (i, (stmt, _)) in cx.stmts().iter().enumerate() {
        let Op::AddConstraint(add) = &stmt.op else {
            continue;
        };
        let is_check = matches!(add.constraint.kind, ConstraintKind::Check { .. });
        if !is_check || add.constraint.not_valid.is_some() || cx.is_new_table(i, &add.table) {
            continue;
        }
        let name = add.constraint.name.as_ref().map_or("", |n| n.name.as_str());
        let t = add.table.qualified();
        out.push(
            out.finding(format!(
                "check `{name}` on `{t}` is validated while it is added"
            ))
            .with_primary(add.constraint.span, "every row is checked under the lock")
            .with_note(
                "ADD CONSTRAINT … CHECK holds an ACCESS EXCLUSIVE lock while it scans the \
                 whole table: reads and writes wait for the scan",
            )
            .with_help(format!(
                "end it with `not valid`, then `validate constraint {name} on {t}` in a later \
                 revision or a `no transaction {{ … }}` block"
            )),
        );
    }
}
