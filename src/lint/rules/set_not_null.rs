use crate::catalog::{Catalog, Constraint, ConstraintDef, QualifiedName};
use crate::diagnostic::Severity;
use crate::dialect::DialectId;
use crate::ir::{AlterColumnAction, ExprKind, Op};
use crate::lint::{Category, Check, RevisionContext, Rule, Sink};

pub const RULE: Rule = Rule {
    name: "set-not-null",
    code: "MG112",
    category: Category::Locking,
    severity: Severity::Warning,
    opt_in: false,
    dialects: &[DialectId::Postgresql],
    aliases: &["adding-not-nullable-field"],
    summary: "SET NOT NULL on an existing column scans the table under an exclusive lock",
    doc: include_str!("../../../rules/set-not-null.md"),
    check: Check::Revision(check),
};

fn check(cx: &RevisionContext<'_>, out: &mut Sink) {
    for (i, (stmt, _)) in cx.stmts().iter().enumerate() {
        let Op::AlterColumn(alter) = &stmt.op else {
            continue;
        };
        if alter.action != AlterColumnAction::SetNotNull || cx.is_new_table(i, &alter.column.table)
        {
            continue;
        }
        let Some((table, column)) = cx.column_at(i, &alter.column) else {
            continue;
        };
        // Already NOT NULL: PostgreSQL does nothing. Rows left NULL by an
        // `add column` make the statement fail outright, which
        // `not-null-without-backfill` reports; the scan is moot then.
        if !column.nullable || column.unfilled.is_some() {
            continue;
        }
        let old_engine = cx.settings.version_before(12);
        let check = not_null_check(cx.catalog_at(i), &table.name, &column.name);
        if check.is_some_and(|k| k.valid) && !old_engine {
            continue;
        }
        let (t, c) = (alter.column.table.qualified(), &column.name);
        let name = check.map_or_else(
            || format!("ck_{}_{c}_not_null", alter.column.table.name.name),
            |k| k.name.clone(),
        );
        let mut finding = out
            .finding(format!("`set not null` on `{t}.{c}` scans the whole table"))
            .with_primary(stmt.span, "every row is read under ACCESS EXCLUSIVE")
            .with_note(
                "SET NOT NULL holds an ACCESS EXCLUSIVE lock while it reads every row to prove \
                 there is no NULL: reads and writes of the table wait for the scan",
            );
        if let Some(k) = check {
            let label = if k.valid {
                "validated, but PostgreSQL before 12 does not use it"
            } else {
                "added `not valid` and not validated yet: it proves nothing"
            };
            finding = finding.with_secondary(k.changed.span, label);
        }
        finding = match (old_engine, check) {
            (true, _) => finding.with_help(format!(
                "PostgreSQL before 12 always scans: keep the column nullable and enforce it \
                 with `add constraint {name} on {t} check ({c} is not null) not valid`, then \
                 `validate constraint {name} on {t}` in a later revision"
            )),
            (false, Some(_)) => finding.with_help(format!(
                "`validate constraint {name} on {t}` in an earlier revision (or a `no \
                 transaction {{ … }}` block before this statement): PostgreSQL 12+ then trusts \
                 the check and skips the scan"
            )),
            (false, None) => finding.with_help(format!(
                "first `add constraint {name} on {t} check ({c} is not null) not valid`; then \
                 `validate constraint {name} on {t}` in a later revision; then `set not null`, \
                 which PostgreSQL 12+ makes without a scan; then `drop constraint {name} on {t}`"
            )),
        };
        out.push(finding);
    }
}

/// A check on `table` that proves `column` has no NULL (`c is not null`,
/// alone or as one side of an `and`), validated ones first.
fn not_null_check<'c>(
    catalog: &'c Catalog,
    table: &QualifiedName,
    column: &str,
) -> Option<&'c Constraint> {
    let proves = |k: &&Constraint| match &k.kind {
        ConstraintDef::Check { expr } => implies_not_null(&expr.kind, column),
        _ => false,
    };
    let checks = || catalog.constraints_of(table).iter().map(|k| &**k);
    checks()
        .filter(proves)
        .find(|k| k.valid)
        .or_else(|| checks().find(proves))
}

fn implies_not_null(expr: &ExprKind, column: &str) -> bool {
    match expr {
        ExprKind::IsNull {
            expr,
            negated: true,
        } => matches!(&**expr, ExprKind::Column(path) if path.last().is_some_and(|p| p == column)),
        ExprKind::Binary {
            left,
            op: crate::ir::BinaryOp::And,
            right,
        } => implies_not_null(left, column) || implies_not_null(right, column),
        ExprKind::Nested(inner) => implies_not_null(inner, column),
        _ => false,
    }
}
