use crate::diagnostic::Severity;
use crate::dialect::DialectId;
use crate::ir::Op;
use crate::lint::locks::is_ddl;
use crate::lint::{Category, Check, RevisionContext, Rule, Sink};

pub const RULE: Rule = Rule {
    name: "non-transactional-ddl",
    code: "MG304",
    category: Category::DataSafety,
    severity: Severity::Warning,
    opt_in: false,
    dialects: &[DialectId::Mysql],
    aliases: &[],
    summary: "A MySQL migration has several DDL statements, each committed on its own",
    doc: include_str!("../../../rules/non-transactional-ddl.md"),
    check: Check::Revision(check),
};

fn check(cx: &RevisionContext<'_>, out: &mut Sink) {
    // Raw SQL is left out: without parsing it, it may as well be a SET.
    let mut ddl = cx
        .stmts()
        .iter()
        .map(|(stmt, _)| *stmt)
        .filter(|stmt| is_ddl(&stmt.op) && !matches!(stmt.op, Op::Sql(_)));
    let (Some(first), Some(second)) = (ddl.next(), ddl.next()) else {
        return;
    };
    let count = 2 + ddl.count();
    out.push(
        out.finding(format!(
            "this migration has {count} DDL statements and MySQL commits each on its own"
        ))
        .with_primary(
            second.span,
            "if this fails, the statements before it stay applied",
        )
        .with_secondary(first.span, "already committed when the next one runs")
        .with_note(
            "MySQL ends the transaction at every DDL statement: a failure half-way leaves \
             the schema half-migrated while the version table still names the previous \
             revision, and rerunning the migration fails on what already exists",
        )
        .with_help(
            "put one DDL statement in each revision, or make every statement rerunnable \
             (`if not exists` / `if exists`) so a retry can finish the job",
        ),
    );
}
