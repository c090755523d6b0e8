//! Which rules run, at which severity, and what fails the run: from
//! `[lint]` in `migc.toml`.

use super::{RULES, Rule};
use crate::config::LintConfig;
use crate::diagnostic::{Diagnostic, Severity};

#[derive(Clone, Debug)]
pub struct Selection {
    enabled: Vec<bool>,
    severity: Vec<Severity>,
    /// The lowest severity that makes `check` exit 1.
    pub fail_on: Severity,
}

/// Code of an unknown rule name in `migc.toml` or a suppression comment.
pub const UNKNOWN_RULE: &str = "unknown-rule";

impl Default for Selection {
    fn default() -> Selection {
        Selection {
            enabled: RULES.iter().map(|r| !r.opt_in).collect(),
            severity: RULES.iter().map(|r| r.severity).collect(),
            fail_on: Severity::Error,
        }
    }
}

impl Selection {
    /// Applies `[lint]`: `select` replaces the default set (`all` selects
    /// every rule, opt-in ones included), `ignore` removes, `severity`
    /// overrides per rule. Unknown names are diagnostics.
    pub fn from_config(config: &LintConfig) -> (Selection, Vec<Diagnostic>) {
        let mut selection = Selection::default();
        let mut problems = Vec::new();
        let mut resolve = |word: &str, key: &str| -> Vec<usize> {
            if word.eq_ignore_ascii_case("all") {
                return (0..RULES.len()).collect();
            }
            match RULES.iter().position(|r| r.is_named(word)) {
                Some(i) => vec![i],
                None => {
                    problems.push(unknown(word, &format!("[lint] {key}")));
                    Vec::new()
                }
            }
        };
        if let Some(select) = &config.select {
            let mut enabled = vec![false; RULES.len()];
            for word in select {
                for i in resolve(word, "select") {
                    enabled[i] = true;
                }
            }
            selection.enabled = enabled;
        }
        for word in &config.ignore {
            for i in resolve(word, "ignore") {
                selection.enabled[i] = false;
            }
        }
        for (word, severity) in &config.severity {
            for i in resolve(word, "severity") {
                selection.severity[i] = *severity;
            }
        }
        if let Some(fail_on) = config.fail_on {
            selection.fail_on = fail_on;
        }
        (selection, problems)
    }

    pub fn is_enabled(&self, rule: &Rule) -> bool {
        self.index(rule).is_some_and(|i| self.enabled[i])
    }

    pub fn severity(&self, rule: &Rule) -> Severity {
        self.index(rule).map_or(rule.severity, |i| self.severity[i])
    }

    /// Enables one rule (used by the documentation tests).
    pub fn enable(&mut self, name: &str) {
        if let Some(i) = RULES.iter().position(|r| r.name == name) {
            self.enabled[i] = true;
        }
    }

    fn index(&self, rule: &Rule) -> Option<usize> {
        RULES.iter().position(|r| std::ptr::eq(*r, rule))
    }
}

pub fn unknown(word: &str, place: &str) -> Diagnostic {
    let mut d = Diagnostic::warning(UNKNOWN_RULE, format!("unknown rule `{word}` in {place}"));
    if let Some(close) = RULES
        .iter()
        .map(|r| r.name)
        .find(|n| n.contains(word) || word.contains(*n))
    {
        d = d.with_help(format!(
            "did you mean `{close}`? `migc rules` lists them all"
        ));
    } else {
        d = d.with_help("`migc rules` lists the rules");
    }
    d
}
