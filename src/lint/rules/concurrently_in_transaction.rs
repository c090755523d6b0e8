use crate::diagnostic::Severity;
use crate::dialect::DialectId;
use crate::ir::Op;
use crate::lint::{Category, Check, RevisionContext, Rule, Sink};

pub const RULE: Rule = Rule {
    name: "concurrently-in-transaction",
    code: "MG102",
    category: Category::Locking,
    severity: Severity::Error,
    opt_in: false,
    dialects: &[DialectId::Postgresql],
    aliases: &[],
    summary: "CONCURRENTLY inside the migration's transaction fails at run time",
    doc: include_str!("../../../rules/concurrently-in-transaction.md"),
    check: Check::Revision(check),
};

fn check(cx: &RevisionContext<'_>, out: &mut Sink) {
    for (stmt, in_transaction) in cx.stmts() {
        let concurrently = match &stmt.op {
            Op::CreateIndex(i) => i.concurrently,
            Op::DropIndex(d) => d.concurrently,
            _ => None,
        };
        if let (Some(span), true) = (concurrently, *in_transaction) {
            out.push(
                out.finding("CONCURRENTLY cannot run inside a transaction block")
                    .with_primary(span, "PostgreSQL rejects this inside BEGIN … COMMIT")
                    .with_secondary(stmt.span, "in this statement")
                    .with_help("move the statement into a `no transaction { … }` block"),
            );
        }
    }
}
