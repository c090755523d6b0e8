use crate::diagnostic::Severity;
use crate::dialect::DialectId;
use crate::ir::{ColumnConstraintKind, ConstraintKind, Op};
use crate::lint::{Category, Check, RevisionContext, Rule, Sink};

pub const RULE: Rule = Rule {
    name: "foreign-key-without-not-valid",
    code: "MG104",
    category: Category::Locking,
    severity: Severity::Warning,
    opt_in: false,
    dialects: &[DialectId::Postgresql],
    aliases: &["adding-foreign-key-constraint"],
    summary: "A foreign key is added to an existing table and validated in the same statement",
    doc: include_str!("../../../rules/foreign-key-without-not-valid.md"),
    check: Check::Revision(check),
};

const NOTE: &str = "adding a foreign key takes SHARE ROW EXCLUSIVE locks on both tables and \
                    scans every existing row to validate it: writes to both tables wait for \
                    the whole scan";

fn check(cx: &RevisionContext<'_>, out: &mut Sink) {
    for (i, (stmt, _)) in cx.stmts().iter().enumerate() {
        match &stmt.op {
            Op::AddConstraint(add) if add.constraint.not_valid.is_none() => {
                let ConstraintKind::ForeignKey { target, .. } = &add.constraint.kind else {
                    continue;
                };
                // A table this revision created is empty: validating it
                // is instant, whatever it references.
                if cx.is_new_table(i, &add.table) {
                    continue;
                }
                let name = add.constraint.name.as_ref().map_or("", |n| n.name.as_str());
                out.push(
                    out.finding(format!(
                        "foreign key `{name}` on `{}` is validated while it is added",
                        add.table.qualified()
                    ))
                    .with_primary(
                        add.constraint.span,
                        format!(
                            "locks `{}` and `{}` while every row is checked",
                            add.table.qualified(),
                            target.table.qualified()
                        ),
                    )
                    .with_note(NOTE)
                    .with_help(format!(
                        "end it with `not valid`, then `validate constraint {name} on {}` in a \
                         later revision or a `no transaction {{ … }}` block",
                        add.table.qualified()
                    )),
                );
            }
            Op::AddColumn(add) if !cx.is_new_table(i, &add.table) => {
                for constraint in &add.column.constraints {
                    let ColumnConstraintKind::References(target) = &constraint.kind else {
                        continue;
                    };
                    let (t, c) = (add.table.qualified(), &add.column.name.name);
                    out.push(
                        out.finding(format!(
                            "column `{t}.{c}` is added with a foreign key to `{}`",
                            target.table.qualified()
                        ))
                        .with_primary(constraint.span, "validated while the column is added")
                        .with_note(NOTE)
                        .with_help(format!(
                            "add `{t}.{c}` without `references`, then `add constraint N on {t} \
                             foreign key ({c}) references {} (…) not valid` and validate it in \
                             a later revision or a `no transaction {{ … }}` block",
                            target.table.qualified()
                        )),
                    );
                }
            }
            _ => {}
        }
    }
}
