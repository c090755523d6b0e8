use crate::diagnostic::Severity;
use crate::dialect::DialectId;
use crate::ir::Op;
use crate::lint::locks::locks;
use crate::lint::{Category, Check, RevisionContext, Rule, Sink};

pub const RULE: Rule = Rule {
    name: "validate-in-same-transaction",
    code: "MG106",
    category: Category::Locking,
    severity: Severity::Warning,
    opt_in: false,
    dialects: &[DialectId::Postgresql],
    aliases: &[],
    summary: "A constraint added NOT VALID is validated in the same transaction",
    doc: include_str!("../../../rules/validate-in-same-transaction.md"),
    check: Check::Revision(check),
};

fn check(cx: &RevisionContext<'_>, out: &mut Sink) {
    let stmts = cx.stmts();
    for (i, (stmt, _)) in stmts.iter().enumerate() {
        let Op::ValidateConstraint(validate) = &stmt.op else {
            continue;
        };
        let Some(transaction) = cx.transaction(i) else {
            continue;
        };
        let added = stmts[..i].iter().enumerate().find_map(|(j, (earlier, _))| {
            let Op::AddConstraint(add) = &earlier.op else {
                return None;
            };
            let same = add
                .constraint
                .name
                .as_ref()
                .is_some_and(|n| n.name == validate.name.name)
                && add.table.qualified() == validate.table.qualified();
            let not_valid = add.constraint.not_valid?;
            (same && cx.transaction(j) == Some(transaction) && !cx.is_new_table(j, &add.table))
                .then_some((earlier, not_valid))
        });
        let Some((add_stmt, not_valid)) = added else {
            continue;
        };
        let lock = locks(&add_stmt.op)
            .first()
            .map_or("an exclusive", |t| t.lock.as_sql());
        let t = validate.table.qualified();
        out.push(
            out.finding(format!(
                "constraint `{}` is validated in the transaction that added it `not valid`",
                validate.name.name
            ))
            .with_primary(
                stmt.span,
                "scans the table while the earlier lock is still held",
            )
            .with_secondary(not_valid, "added without validation here")
            .with_note(format!(
                "the `not valid` add took a {lock} lock on `{t}`, held until the transaction \
                 commits; validating before then scans the whole table under it, so `not \
                 valid` saved nothing"
            ))
            .with_help(format!(
                "move `validate constraint {} on {t}` to a later revision, or into a \
                 `no transaction {{ … }}` block after the add",
                validate.name.name
            )),
        );
    }
}
