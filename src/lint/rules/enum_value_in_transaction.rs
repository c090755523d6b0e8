use crate::diagnostic::Severity;
use crate::dialect::DialectId;
use crate::ir::Op;
use crate::lint::{Category, Check, RevisionContext, Rule, Sink};

pub const RULE: Rule = Rule {
    name: "enum-value-in-transaction",
    code: "MG110",
    category: Category::Locking,
    severity: Severity::Error,
    opt_in: false,
    dialects: &[DialectId::Postgresql],
    aliases: &[],
    summary: "An enum value is added inside a transaction, which PostgreSQL before 12 rejects",
    doc: include_str!("../../../rules/enum-value-in-transaction.md"),
    check: Check::Revision(check),
};

fn check(cx: &RevisionContext<'_>, out: &mut Sink) {
    // Only a known old version is flagged: guessing would make every
    // project without `engine_version` pay for servers it does not run.
    if !cx.settings.version_before(12) {
        return;
    }
    for (stmt, in_transaction) in cx.stmts() {
        let Op::AddEnumValue(add) = &stmt.op else {
            continue;
        };
        if !in_transaction {
            continue;
        }
        out.push(
            out.finding(format!(
                "value '{}' is added to enum `{}` inside a transaction",
                add.value.value,
                add.name.qualified()
            ))
            .with_primary(
                stmt.span,
                "PostgreSQL before 12 rejects this inside BEGIN … COMMIT",
            )
            .with_note(
                "`ALTER TYPE … ADD VALUE cannot run inside a transaction block` before \
                 PostgreSQL 12: the deploy fails here and the migration's earlier statements \
                 are rolled back",
            )
            .with_help("move the statement into a `no transaction { … }` block"),
        );
    }
}
