use crate::diagnostic::Severity;
use crate::dialect::DialectId;
use crate::ir::{ConstraintKind, Op};
use crate::lint::{Category, Check, RevisionContext, Rule, Sink};

pub const RULE: Rule = Rule {
    name: "unique-constraint-on-existing-table",
    code: "MG107",
    category: Category::Locking,
    severity: Severity::Warning,
    opt_in: false,
    dialects: &[DialectId::Postgresql],
    aliases: &["disallowed-unique-constraint"],
    summary: "A unique or primary key constraint builds its index on an existing table under an exclusive lock",
    doc: include_str!("../../../rules/unique-constraint-on-existing-table.md"),
    check: Check::Revision(check),
};

fn check(cx: &RevisionContext<'_>, out: &mut Sink) {
    for (i, (stmt, _)) in cx.stmts().iter().enumerate() {
        let Op::AddConstraint(add) = &stmt.op else {
            continue;
        };
        let (ConstraintKind::Unique { columns } | ConstraintKind::PrimaryKey { columns }) =
            &add.constraint.kind
        else {
            continue;
        };
        if cx.is_new_table(i, &add.table) {
            continue;
        }
        let kind = add.constraint.kind.describe();
        let name = add.constraint.name.as_ref().map_or("", |n| n.name.as_str());
        let t = add.table.qualified();
        let cols: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
        let sql_kind = if kind == "unique" {
            "UNIQUE"
        } else {
            "PRIMARY KEY"
        };
        out.push(
            out.finding(format!(
                "{kind} constraint `{name}` builds its index on `{t}`"
            ))
            .with_primary(add.constraint.span, "the index is built under the lock")
            .with_note(
                "ADD CONSTRAINT … UNIQUE / PRIMARY KEY builds a unique index while holding an \
                 ACCESS EXCLUSIVE lock: reads and writes wait for the whole build",
            )
            .with_help(format!(
                "build the index first, `no transaction {{ create unique index concurrently \
                 {name} on {t} ({}); }}`, then attach it: `sql postgresql \"ALTER TABLE {t} \
                 ADD CONSTRAINT {name} {sql_kind} USING INDEX {name}\"`",
                cols.join(", ")
            )),
        );
    }
}
