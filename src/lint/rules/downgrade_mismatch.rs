use crate::diagnostic::Severity;
use crate::lint::{Category, Check, Rule};

/// Findings come from the catalog's round-trip check of explicit `down`
/// blocks.
pub const RULE: Rule = Rule {
    name: "downgrade-mismatch",
    code: "MG306",
    category: Category::DataSafety,
    severity: Severity::Error,
    opt_in: false,
    dialects: &[],
    aliases: &[],
    summary: "A `down` block does not give back the schema from before `up`",
    doc: include_str!("../../../rules/downgrade-mismatch.md"),
    check: Check::External,
};
