//! How much of a project migc understands: for Alembic revision files,
//! the `op.*` statements of `upgrade()`/`downgrade()` the reader lowered
//! into operations against those it kept as opaque, and why (the
//! `not-understood` findings grouped by their reason). The statements of
//! `.mig` and `.sql` files are understood by construction, except a `.mig`
//! file's `opaque` statements (what `migc import alembic` writes for an
//! opaque one), which count as opaque, so an imported project reports what
//! its original did.

use crate::alembic::NOT_UNDERSTOOD;
use crate::driver::Project;
use std::collections::BTreeMap;
use std::fmt::Write;

/// The coverage of one project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// The migrations folder as `migc.toml` (or `alembic.ini`) names it.
    pub migrations: String,
    /// Revisions read (all frontends).
    pub revisions: usize,
    /// Alembic `.py` revision files among them.
    pub alembic_files: usize,
    /// Statements of `upgrade()`/`downgrade()` lowered into operations,
    /// and the statements of other files but `opaque` ones.
    pub understood: usize,
    /// Statements kept opaque (`opaque` ones in `.mig` files).
    pub opaque: usize,
    /// Why statements are opaque, most frequent first (ties by text).
    pub reasons: Vec<(String, usize)>,
}

/// How many reasons the human report lists.
const TOP_REASONS: usize = 10;

impl Report {
    pub fn of(project: &Project) -> Report {
        let (mut understood, mut opaque) = (0, 0);
        for (_, c) in &project.coverage {
            understood += c.understood;
            opaque += c.opaque;
        }
        let alembic: std::collections::BTreeSet<_> =
            project.coverage.iter().map(|(file, _)| *file).collect();
        for revision in project
            .revisions
            .iter()
            .filter(|r| !alembic.contains(&r.file))
        {
            let blocks = std::iter::once(&revision.up).chain(revision.down.as_ref());
            for (stmt, _) in blocks.flat_map(crate::ir::Block::stmts) {
                match &stmt.op {
                    crate::ir::Op::Sql(raw) if raw.opaque_source => opaque += 1,
                    _ => understood += 1,
                }
            }
        }
        Report {
            migrations: crate::driver::display_path(&project.config.migrations),
            revisions: project.revisions.len(),
            alembic_files: project.coverage.len(),
            understood,
            opaque,
            reasons: reasons(project),
        }
    }

    /// Statements read in all.
    pub fn statements(&self) -> usize {
        self.understood + self.opaque
    }

    /// Understood share in per mille (integer arithmetic keeps the text
    /// identical on every platform); a project with nothing to read is
    /// fully understood.
    pub fn per_mille(&self) -> usize {
        match self.statements() {
            0 => 1000,
            n => (self.understood * 1000 + n / 2) / n,
        }
    }

    /// `97.6 %`.
    pub fn percent(&self) -> String {
        let p = self.per_mille();
        format!("{}.{} %", p / 10, p % 10)
    }

    /// The report people read.
    pub fn human(&self) -> String {
        let mut out = String::new();
        let shown = if self.migrations.is_empty() {
            "."
        } else {
            &self.migrations
        };
        let _ = writeln!(out, "migrations: {shown}");
        let _ = writeln!(
            out,
            "revisions read: {} ({} Alembic {})",
            self.revisions,
            self.alembic_files,
            if self.alembic_files == 1 {
                "file"
            } else {
                "files"
            }
        );
        let _ = writeln!(
            out,
            "op statements: {} understood, {} opaque ({} understood)",
            self.understood,
            self.opaque,
            self.percent()
        );
        if !self.reasons.is_empty() {
            let _ = writeln!(out, "top reasons for opaque statements:");
            for (why, n) in self.reasons.iter().take(TOP_REASONS) {
                let _ = writeln!(out, "{n:6}  {why}");
            }
            if self.reasons.len() > TOP_REASONS {
                let _ = writeln!(
                    out,
                    "        … and {} more (`--format json` lists them all)",
                    self.reasons.len() - TOP_REASONS
                );
            }
        }
        out
    }

    /// `{"version": 1, …}`, every reason listed.
    pub fn json(&self) -> String {
        let reasons: Vec<serde_json::Value> = self
            .reasons
            .iter()
            .map(|(why, n)| serde_json::json!({"reason": why, "count": n}))
            .collect();
        let value = serde_json::json!({
            "version": 1,
            "migrations": self.migrations,
            "revisions": self.revisions,
            "alembic_files": self.alembic_files,
            "statements": {
                "understood": self.understood,
                "opaque": self.opaque,
                "understood_per_mille": self.per_mille(),
            },
            "reasons": reasons,
        });
        let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// The `not-understood` findings grouped by their reason (the label on
/// the statement), most frequent first.
fn reasons(project: &Project) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for d in project.findings.iter().filter(|d| d.code == NOT_UNDERSTOOD) {
        let why = d
            .labels
            .iter()
            .find(|l| l.primary)
            .map_or_else(|| d.message.clone(), |l| l.message.clone());
        *counts.entry(why).or_default() += 1;
    }
    let mut list: Vec<(String, usize)> = counts.into_iter().collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(understood: usize, opaque: usize) -> Report {
        Report {
            migrations: "versions".to_string(),
            revisions: 2,
            alembic_files: 2,
            understood,
            opaque,
            reasons: vec![("a `for` loop".to_string(), opaque)],
        }
    }

    #[test]
    fn percentages_round_to_one_decimal() {
        assert_eq!(report(40, 1).percent(), "97.6 %");
        assert_eq!(report(1, 2).percent(), "33.3 %");
        assert_eq!(report(0, 0).percent(), "100.0 %");
        assert_eq!(report(0, 3).percent(), "0.0 %");
    }

    #[test]
    fn json_is_a_versioned_document() {
        let v: serde_json::Value = serde_json::from_str(&report(3, 1).json()).expect("valid JSON");
        assert_eq!(v["version"], 1);
        assert_eq!(v["statements"]["understood_per_mille"], 750);
        assert_eq!(v["reasons"][0]["count"], 1);
    }
}
