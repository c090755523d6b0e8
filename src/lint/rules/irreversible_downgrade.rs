use crate::diagnostic::Severity;
use crate::lint::{Category, Check, Rule};

/// Findings come from the catalog, which derives each missing `down`.
pub const RULE: Rule = Rule {
    name: "irreversible-downgrade",
    code: "MG305",
    category: Category::DataSafety,
    severity: Severity::Warning,
    opt_in: false,
    dialects: &[],
    aliases: &[],
    summary: "A revision without `down` does something migc cannot undo",
    doc: include_str!("../../../rules/irreversible-downgrade.md"),
    check: Check::External,
};
