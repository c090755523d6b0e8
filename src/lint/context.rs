//! What a rule sees: one revision's statements in order, their transaction
//! layout, which tables the revision itself created, and the settings.

use super::Rule;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::dialect::DialectId;
use crate::ir::{ObjectName, Op, RawStatementKind, Revision, Stmt};
use std::collections::BTreeSet;

/// Settings every rule may consult.
#[derive(Clone, Debug)]
pub struct Settings {
    pub dialect: DialectId,
    /// `(major, minor)` of the engine, when `engine_version` is configured.
    pub engine_version: Option<(u32, u32)>,
    /// Whether `lock_timeout` is configured (PostgreSQL).
    pub lock_timeout: bool,
}

impl Settings {
    pub fn from_config(config: &Config) -> Settings {
        Settings {
            dialect: config.dialect,
            engine_version: config.engine_version.as_deref().and_then(parse_version),
            lock_timeout: config.lock_timeout.is_some(),
        }
    }

    /// True when the engine version is known and older than `major`.
    pub fn version_before(&self, major: u32) -> bool {
        self.engine_version.is_some_and(|(m, _)| m < major)
    }
}

fn parse_version(text: &str) -> Option<(u32, u32)> {
    let mut parts = text.split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next().map_or(Some(0), |m| m.parse().ok())?;
    Some((major, minor))
}

/// The `up` statements with each raw `sql` op followed by its lowered
/// statements (same transaction placement).
fn expand_raw_sql(revision: &Revision) -> Vec<(&Stmt, bool)> {
    let mut out = Vec::new();
    for (stmt, in_transaction) in revision.up.stmts() {
        out.push((stmt, in_transaction));
        if let Op::Sql(raw) = &stmt.op
            && let Some(analysis) = &raw.analysis
        {
            for s in &analysis.statements {
                if let RawStatementKind::Op(lowered) = &s.kind {
                    out.push((lowered, in_transaction));
                }
            }
        }
    }
    out
}

/// Names of tables, by `schema.name` or `name`.
pub type TableSet = BTreeSet<String>;

/// One revision as the rules see it.
pub struct RevisionContext<'a> {
    pub revision: &'a Revision,
    pub settings: &'a Settings,
    stmts: Vec<(&'a Stmt, bool)>,
    /// `new_before[i]`: tables created by this revision before statement i.
    new_before: Vec<TableSet>,
    /// `transaction[i]`: which transaction statement i runs in.
    transaction: Vec<Option<usize>>,
}

impl<'a> RevisionContext<'a> {
    pub fn new(revision: &'a Revision, settings: &'a Settings) -> RevisionContext<'a> {
        let stmts = expand_raw_sql(revision);
        let mut new_before = Vec::with_capacity(stmts.len());
        let mut current = TableSet::new();
        for (stmt, _) in &stmts {
            new_before.push(current.clone());
            match &stmt.op {
                Op::CreateTable(t) => {
                    current.insert(t.name.qualified());
                }
                Op::RenameTable(r) if current.remove(&r.from.qualified()) => {
                    let renamed = ObjectName {
                        schema: r.from.schema.clone(),
                        name: r.to.clone(),
                        span: r.to.span,
                    };
                    current.insert(renamed.qualified());
                }
                Op::DropTable(t) => {
                    current.remove(&t.name.qualified());
                }
                _ => {}
            }
        }
        // A `no transaction` block commits the transaction before it and
        // the statements after it run in a new one (Alembic's
        // `autocommit_block()`), so locks do not carry across it.
        let mut transaction = Vec::with_capacity(stmts.len());
        let mut ordinal = 0;
        let mut previous_inside = true;
        for (_, inside) in &stmts {
            if *inside && !previous_inside {
                ordinal += 1;
            }
            transaction.push(inside.then_some(ordinal));
            previous_inside = *inside;
        }
        RevisionContext {
            revision,
            settings,
            stmts,
            new_before,
            transaction,
        }
    }

    /// The `up` statements in order, each with whether it runs inside the
    /// migration's transaction. A raw `sql` statement is followed by the
    /// statements migc lowered from its text, so rules hold raw SQL to the
    /// same standard as the DSL.
    pub fn stmts(&self) -> &[(&'a Stmt, bool)] {
        &self.stmts
    }

    /// Whether `table` was created by this revision before statement `i`.
    /// A table the revision did not create existed before it (the semantic
    /// checks report tables that exist nowhere), so operations on it run
    /// against live data and take locks that matter.
    pub fn is_new_table(&self, i: usize, table: &ObjectName) -> bool {
        self.new_before
            .get(i)
            .is_some_and(|set| set.contains(&table.qualified()))
    }

    /// The transaction statement `i` runs in, numbered from 0 in order;
    /// `None` inside a `no transaction` block. Two statements share their
    /// locks only when this is the same `Some`.
    pub fn transaction(&self, i: usize) -> Option<usize> {
        self.transaction.get(i).copied().flatten()
    }
}

/// Collects one rule's findings, pre-filled with its name and severity.
pub struct Sink {
    rule: &'static Rule,
    pub(super) found: Vec<Diagnostic>,
}

impl Sink {
    pub(super) fn new(rule: &'static Rule) -> Sink {
        Sink {
            rule,
            found: Vec::new(),
        }
    }

    /// A finding of this rule; add labels and help, then [`Sink::push`] it.
    pub fn finding(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.rule.name, self.rule.severity, message)
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.found.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        assert_eq!(parse_version("15"), Some((15, 0)));
        assert_eq!(parse_version("10.6"), Some((10, 6)));
        assert_eq!(parse_version("x"), None);
    }
}
