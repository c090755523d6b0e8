use crate::diagnostic::Severity;
use crate::lint::{Category, Check, Rule};

/// Findings come from the frontends: the Alembic reader (`crate::alembic`)
/// keeps each statement it cannot read as an opaque one on its exact span,
/// and the `.mig` lowering reports each `opaque` statement the same way.
pub const RULE: Rule = Rule {
    name: crate::alembic::NOT_UNDERSTOOD,
    code: "MG407",
    category: Category::Hygiene,
    severity: Severity::Info,
    opt_in: false,
    dialects: &[],
    aliases: &[],
    summary: "A statement migc cannot read (Alembic Python, or `opaque` in .mig), so cannot check",
    doc: include_str!("../../../rules/not-understood.md"),
    check: Check::External,
};
