//! The lint engine: rules over revisions, with configuration, inline
//! suppression and per-rule documentation that is compiled in and tested.
//!
//! Adding a rule touches three places: its file under `rules/`, its page
//! `rules/<name>.md` at the repository root, and one line in
//! [`registry::RULES`]. Tests check the rest (every rule has a page and
//! every page a rule, each page's examples behave as marked, the generated
//! index `rules/README.md` is current).

pub mod columns;
mod context;
mod engine;
pub mod locks;
pub mod registry;
pub mod rules;
mod selection;
pub mod suppress;
pub mod type_change;

pub use context::{RevisionContext, Settings, Sink};
pub use engine::{LintInput, run};
pub use registry::{RULES, find};
pub use selection::Selection;

use crate::diagnostic::Severity;
use crate::dialect::DialectId;

/// What a rule is about, for `migc rules` and the index page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Category {
    /// Locks and availability while the migration runs.
    Locking,
    /// Running application code that expects the old schema.
    Compatibility,
    /// Data loss, failed deploys and downgrades.
    DataSafety,
    /// The revision history and naming.
    Hygiene,
    /// Types and conventions that age badly (PostgreSQL).
    Style,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Locking => "locking",
            Category::Compatibility => "compatibility",
            Category::DataSafety => "data-safety",
            Category::Hygiene => "hygiene",
            Category::Style => "style",
        }
    }
}

/// How a rule inspects the project.
#[derive(Clone, Copy)]
pub enum Check {
    /// Called once per revision.
    Revision(fn(&RevisionContext<'_>, &mut Sink)),
    /// Called once for the whole project (history-level rules).
    Project(fn(&engine::ProjectContext<'_>, &mut Sink)),
    /// Findings come from another pass (catalog, suppressions); the rule
    /// exists for its name, documentation and configuration.
    External,
}

/// One lint rule: its identity, defaults and documentation.
pub struct Rule {
    /// Kebab-case name naming the pattern, not the fix ("drop-column").
    pub name: &'static str,
    /// Stable short code, `MG` and three digits.
    pub code: &'static str,
    pub category: Category,
    pub severity: Severity,
    /// Off unless selected by name in `migc.toml`.
    pub opt_in: bool,
    /// Dialects the rule applies to; empty means all.
    pub dialects: &'static [DialectId],
    /// Old names that still select and suppress the rule.
    pub aliases: &'static [&'static str],
    /// One line for tables and SARIF.
    pub summary: &'static str,
    /// The page `rules/<name>.md`, compiled in.
    pub doc: &'static str,
    pub check: Check,
}

impl Rule {
    pub fn applies_to(&self, dialect: DialectId) -> bool {
        self.dialects.is_empty() || self.dialects.contains(&dialect)
    }

    /// Whether `word` names this rule (name, code or alias).
    pub fn is_named(&self, word: &str) -> bool {
        self.name == word || self.code.eq_ignore_ascii_case(word) || self.aliases.contains(&word)
    }

    pub fn doc_url(&self) -> String {
        format!(
            "https://github.com/migc/migc/blob/main/rules/{}.md",
            self.name
        )
    }
}
