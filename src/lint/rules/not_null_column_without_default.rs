use crate::diagnostic::Severity;
use crate::dialect::DialectId;
use crate::ir::{ExprKind, Op};
use crate::lint::{Category, Check, RevisionContext, Rule, Sink};

pub const RULE: Rule = Rule {
    name: "not-null-column-without-default",
    code: "MG301",
    category: Category::DataSafety,
    severity: Severity::Error,
    opt_in: false,
    dialects: &[],
    aliases: &["adding-required-field"],
    summary: "A NOT NULL column without a default is added to a table that already has rows",
    doc: include_str!("../../../rules/not-null-column-without-default.md"),
    check: Check::Revision(check),
};

fn check(cx: &RevisionContext<'_>, out: &mut Sink) {
    for (i, (stmt, _)) in cx.stmts().iter().enumerate() {
        let Op::AddColumn(add) = &stmt.op else {
            continue;
        };
        let column = &add.column;
        // Identity and serial columns generate a value for every row, and
        // `default null` is no default at all.
        let has_default = column
            .default
            .as_ref()
            .is_some_and(|d| d.kind != ExprKind::Null)
            || column.identity.is_some()
            || column.ty.ty.is_serial();
        if column.is_nullable() || has_default || cx.is_new_table(i, &add.table) {
            continue;
        }
        let at = column.nullable.as_ref().map_or(column.span, |n| n.span);
        let note = match cx.settings.dialect {
            DialectId::Postgresql => {
                "existing rows get NULL in the new column, which violates NOT NULL: the \
                 statement fails on any non-empty table and the deploy stops there"
            }
            DialectId::Sqlite => {
                "SQLite refuses `ADD COLUMN … NOT NULL` without a non-null default outright"
            }
            DialectId::Mysql => {
                "MySQL does not fail: it silently fills existing rows with the type's zero \
                 value (0, '', '0000-00-00'), which then look like real data"
            }
        };
        out.push(
            out.finding(format!(
                "NOT NULL column `{}` is added to `{}` without a default",
                column.name.name,
                add.table.qualified()
            ))
            .with_primary(at, "existing rows have no value for this column")
            .with_note(note)
            .with_help(format!(
                "add `{t}.{c}` as `null`, `backfill {t} set {c} = …` in batches, then \
                 `alter column {t}.{c} set not null` in a later revision; or give it a \
                 constant `default`",
                t = add.table.qualified(),
                c = column.name.name
            )),
        );
    }
}
