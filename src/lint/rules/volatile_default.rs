use crate::diagnostic::Severity;
use crate::dialect::DialectId;
use crate::ir::{ExprKind, Op};
use crate::lint::{Category, Check, RevisionContext, Rule, Sink};

pub const RULE: Rule = Rule {
    name: "volatile-default",
    code: "MG103",
    category: Category::Locking,
    severity: Severity::Warning,
    opt_in: false,
    dialects: &[DialectId::Postgresql],
    aliases: &["adding-field-with-default"],
    summary: "A column added to an existing table has a default that forces a table rewrite",
    doc: include_str!("../../../rules/volatile-default.md"),
    check: Check::Revision(check),
};

fn check(cx: &RevisionContext<'_>, out: &mut Sink) {
    for (i, (stmt, _)) in cx.stmts().iter().enumerate() {
        let Op::AddColumn(add) = &stmt.op else {
            continue;
        };
        let Some(default) = &add.column.default else {
            continue;
        };
        if cx.is_new_table(i, &add.table) || default.kind == ExprKind::Null {
            continue;
        }
        // PostgreSQL 11 stores a constant default in the catalog instead of
        // writing it into every row; a volatile one is still evaluated per
        // row, and before 11 every default was.
        let (label, note) = if default.kind.is_volatile() {
            (
                "evaluated once per existing row",
                "a volatile default has a different value per row, so PostgreSQL rewrites \
                 the whole table under an ACCESS EXCLUSIVE lock: reads and writes wait for it",
            )
        } else if cx.settings.version_before(11) {
            (
                "written into every existing row before PostgreSQL 11",
                "before PostgreSQL 11 any non-null default rewrites the whole table under an \
                 ACCESS EXCLUSIVE lock: reads and writes wait for it",
            )
        } else {
            continue;
        };
        let (t, c) = (add.table.qualified(), &add.column.name.name);
        out.push(
            out.finding(format!("adding `{t}.{c}` with this default rewrites `{t}`"))
                .with_primary(default.span, label)
                .with_note(note)
                .with_help(format!(
                    "add `{t}.{c}` without the default, `backfill {t} set {c} = … batch N`, then \
                 `alter column {t}.{c} set default …` for new rows"
                )),
        );
    }
}
