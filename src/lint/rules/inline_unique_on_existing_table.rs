use crate::diagnostic::Severity;
use crate::dialect::DialectId;
use crate::ir::{ColumnConstraintKind, Op};
use crate::lint::{Category, Check, RevisionContext, Rule, Sink};

pub const RULE: Rule = Rule {
    name: "inline-unique-on-existing-table",
    code: "MG114",
    category: Category::Locking,
    severity: Severity::Warning,
    opt_in: false,
    dialects: &[DialectId::Postgresql],
    aliases: &[],
    summary: "A column added to an existing table with inline `unique` or `primary key` builds its index under an exclusive lock",
    doc: include_str!("../../../rules/inline-unique-on-existing-table.md"),
    check: Check::Revision(check),
};

fn check(cx: &RevisionContext<'_>, out: &mut Sink) {
    for (i, (stmt, _)) in cx.stmts().iter().enumerate() {
        let Op::AddColumn(add) = &stmt.op else {
            continue;
        };
        if cx.is_new_table(i, &add.table) {
            continue;
        }
        let (t, c) = (add.table.qualified(), &add.column.name.name);
        for k in &add.column.constraints {
            let kind = match k.kind {
                ColumnConstraintKind::Unique => "unique",
                ColumnConstraintKind::PrimaryKey => "primary key",
                ColumnConstraintKind::References(_) | ColumnConstraintKind::Check(_) => continue,
            };
            let index = format!("ux_{}_{c}", add.table.name.name);
            out.push(
                out.finding(format!(
                    "inline `{kind}` on `{t}.{c}` builds an index on an existing table"
                ))
                .with_primary(k.span, "the index is built under the lock")
                .with_note(
                    "ADD COLUMN … UNIQUE / PRIMARY KEY builds the index by reading every row of \
                     the table while holding the ACCESS EXCLUSIVE lock of ADD COLUMN: reads and \
                     writes wait for the whole build",
                )
                .with_help(format!(
                    "add `{t}.{c}` without `{kind}`, then build the index outside the lock in a \
                     later revision: `no transaction {{ create unique index concurrently {index} \
                     on {t} ({c}); }}`"
                )),
            );
        }
    }
}
