use crate::diagnostic::Severity;
use crate::lint::{Category, Check, Rule};

/// Findings come from comparing the revisions with `migc.lock`
/// (`crate::lockfile::compare`).
pub const RULE: Rule = Rule {
    name: "edited-applied-migration",
    code: "MG405",
    category: Category::Hygiene,
    severity: Severity::Error,
    opt_in: false,
    dialects: &[],
    aliases: &[],
    summary: "A revision listed in `migc.lock` was edited",
    doc: include_str!("../../../rules/edited-applied-migration.md"),
    check: Check::External,
};
