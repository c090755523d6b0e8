use crate::diagnostic::Severity;
use crate::lint::{Category, Check, Rule};

/// Findings come from the Alembic reader (`crate::alembic`), which keeps
/// each statement it cannot read as an opaque one on its exact span.
pub const RULE: Rule = Rule {
    name: crate::alembic::NOT_UNDERSTOOD,
    code: "MG407",
    category: Category::Hygiene,
    severity: Severity::Info,
    opt_in: false,
    dialects: &[],
    aliases: &[],
    summary: "A statement of an Alembic revision that migc cannot read, so cannot check",
    doc: include_str!("../../../rules/not-understood.md"),
    check: Check::External,
};
