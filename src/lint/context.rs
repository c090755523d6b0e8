//! What a rule sees: one revision's statements in order, their transaction
//! layout, the catalog before the revision and before each statement, and
//! the settings.

use super::Rule;
use crate::catalog::apply::{Effects, apply, has_unknown_effects};
use crate::catalog::{Catalog, Column, Origin, QualifiedName, Table};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::dialect::DialectId;
use crate::ir::{ColumnRef, ObjectName, Op, RawStatementKind, Revision, Stmt};

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

/// One revision as the rules see it.
pub struct RevisionContext<'a> {
    pub revision: &'a Revision,
    pub settings: &'a Settings,
    /// The revision's index in the project (what [`Origin::revision`]
    /// holds for objects it created).
    index: usize,
    stmts: Vec<(&'a Stmt, bool)>,
    /// `catalogs[i]`: the schema before statement i; the last entry is the
    /// schema after the revision. Clones share tables, so this costs one
    /// table copy per statement, not one catalog.
    catalogs: Vec<Catalog>,
    /// `transaction[i]`: which transaction statement i runs in.
    transaction: Vec<Option<usize>>,
}

impl<'a> RevisionContext<'a> {
    /// `before` is the replayed catalog `up` starts from; `None` (a
    /// revision the replay skipped) starts from an empty one, so only what
    /// the revision itself creates is known.
    pub fn new(
        revision: &'a Revision,
        index: usize,
        before: Option<&Catalog>,
        settings: &'a Settings,
    ) -> RevisionContext<'a> {
        let stmts = expand_raw_sql(revision);
        let mut catalogs = Vec::with_capacity(stmts.len() + 1);
        let mut current = before.cloned().unwrap_or_default();
        // Semantic errors were reported by the replay; here only the
        // resulting schema matters.
        let mut effects = Effects::default();
        for (stmt, in_transaction) in &stmts {
            catalogs.push(current.clone());
            match &stmt.op {
                // Its lowered statements follow it in `stmts` and are
                // applied one by one, so that rules see the schema between
                // them; only what migc cannot model is recorded here.
                Op::Sql(raw) => {
                    if has_unknown_effects(raw) {
                        current.note_unknown_effects(Origin {
                            revision: index,
                            span: stmt.span,
                        });
                    }
                }
                _ => {
                    apply(&mut current, stmt, *in_transaction, index, &mut effects);
                }
            }
        }
        catalogs.push(current);
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
            index,
            stmts,
            catalogs,
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

    /// The revision's index in the project.
    pub fn index(&self) -> usize {
        self.index
    }

    /// The schema before the revision runs: what exists in production
    /// when the migration starts.
    pub fn before(&self) -> &Catalog {
        self.catalog_at(0)
    }

    /// The schema just before statement `i` (of [`RevisionContext::stmts`]):
    /// the catalog before the revision with statements `0..i` applied.
    /// Past the end, the schema after the revision.
    pub fn catalog_at(&self, i: usize) -> &Catalog {
        let last = self.catalogs.len().saturating_sub(1);
        &self.catalogs[i.min(last)]
    }

    /// Whether an object whose provenance is `origin` was created by this
    /// revision.
    pub fn created_here(&self, origin: Origin) -> bool {
        origin.revision == self.index
    }

    /// Whether `table` is new at statement `i`: this revision created it
    /// before statement i (a table renamed since stays new). A table the
    /// revision did not create existed before it (the semantic checks
    /// report tables that exist nowhere), so operations on it run against
    /// live data and take locks that matter.
    pub fn is_new_table(&self, i: usize, table: &ObjectName) -> bool {
        self.catalog_at(i)
            .table(&QualifiedName::of(table))
            .is_some_and(|t| self.created_here(t.created))
    }

    /// Whether the enum `name` was created by this revision before
    /// statement `i`.
    pub fn is_new_enum(&self, i: usize, name: &ObjectName) -> bool {
        self.catalog_at(i)
            .enum_type(&QualifiedName::of(name))
            .is_some_and(|e| self.created_here(e.created))
    }

    /// The column `column` refers to just before statement `i`, with its
    /// table, when the catalog knows it.
    pub fn column_at(&self, i: usize, column: &ColumnRef) -> Option<(&Table, &Column)> {
        let table = self
            .catalog_at(i)
            .table(&QualifiedName::of(&column.table))?;
        Some((table, table.column(&column.column.name)?))
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
