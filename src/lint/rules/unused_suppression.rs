use crate::diagnostic::Severity;
use crate::lint::{Category, Check, Rule};

/// Findings are made by the engine when it applies suppressions.
pub const RULE: Rule = Rule {
    name: "unused-suppression",
    code: "MG402",
    category: Category::Hygiene,
    severity: Severity::Warning,
    opt_in: false,
    dialects: &[],
    aliases: &["unused-ignore"],
    summary: "A `migc: allow` comment silences nothing",
    doc: include_str!("../../../rules/unused-suppression.md"),
    check: Check::External,
};
