use crate::diagnostic::Severity;
use crate::lint::{Category, Check, Rule};

/// Findings come from comparing the revisions with `migc.lock`
/// (`crate::lockfile::compare`).
pub const RULE: Rule = Rule {
    name: "locked-revision-missing",
    code: "MG406",
    category: Category::Hygiene,
    severity: Severity::Error,
    opt_in: false,
    dialects: &[],
    aliases: &[],
    summary: "A revision listed in `migc.lock` no longer exists",
    doc: include_str!("../../../rules/locked-revision-missing.md"),
    check: Check::External,
};
