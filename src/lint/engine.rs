//! Runs the selected rules over a project and applies suppressions.

use super::context::{RevisionContext, Settings, Sink};
use super::selection::Selection;
use super::suppress::{self, Suppression};
use super::{Check, RULES, registry};
use crate::catalog;
use crate::diagnostic::Diagnostic;
use crate::graph::Graph;
use crate::ir::Revision;
use crate::source::{FileId, SourceMap};
use std::collections::BTreeMap;

/// Everything the engine reads.
pub struct LintInput<'a> {
    pub sources: &'a SourceMap,
    pub revisions: &'a [Revision],
    pub graph: &'a Graph,
    pub settings: &'a Settings,
    pub selection: &'a Selection,
    /// Findings made by other passes (the lock, the Alembic reader) under a
    /// rule's name: they are filtered, re-ranked and suppressed like the
    /// rest.
    pub external: Vec<Diagnostic>,
}

/// What project-level rules see.
pub struct ProjectContext<'a> {
    pub revisions: &'a [Revision],
    pub graph: &'a Graph,
    pub settings: &'a Settings,
}

/// The whole semantic analysis of `migc check`: replays the history
/// (`catalog::walk`), checks every downgrade, runs every enabled rule that
/// applies to the dialect, and applies suppressions. Semantic errors that
/// are not a rule's (a table that does not exist, …) come last, as they
/// stand. Output order is deterministic: per-revision results are
/// collected in revision order whatever the thread count.
pub fn run(mut input: LintInput<'_>) -> Vec<Diagnostic> {
    let settings = input.settings;
    let active: Vec<&'static super::Rule> = RULES
        .iter()
        .copied()
        .filter(|r| input.selection.is_enabled(r) && r.applies_to(settings.dialect))
        .collect();

    let revisions = input.revisions;
    let (done, semantic) = catalog::walk_parallel(revisions, input.graph, |i, state| {
        let rev = revisions.get(i)?;
        let down = catalog::check_downgrade(rev, i, &state);
        let found = revision_rules(&active, rev, i, Some(&state.before), settings);
        Some((down, found))
    });
    let mut per_revision: Vec<Option<Vec<Diagnostic>>> = vec![None; revisions.len()];
    let mut downgrades = Vec::new();
    for (i, (down, found)) in done.into_iter().filter_map(|(i, r)| Some((i, r?))) {
        downgrades.push(down);
        per_revision[i] = Some(found);
    }
    // A revision the replay skipped (a duplicate id) is linted from an
    // empty catalog: only what it creates itself is known.
    let mut found: Vec<Diagnostic> = per_revision
        .into_iter()
        .zip(revisions)
        .enumerate()
        .flat_map(|(i, (done, rev))| {
            done.unwrap_or_else(|| revision_rules(&active, rev, i, None, settings))
        })
        .collect();

    // Findings under a rule's name go through selection, severity and
    // suppression; the rest are errors as they stand.
    let (ruled, errors): (Vec<Diagnostic>, Vec<Diagnostic>) = semantic
        .into_iter()
        .chain(downgrades.into_iter().flatten())
        .partition(|d| registry::find(d.code).is_some());
    input.external.splice(0..0, ruled);

    let project = ProjectContext {
        revisions: input.revisions,
        graph: input.graph,
        settings,
    };
    for rule in &active {
        if let Check::Project(check) = rule.check {
            let mut sink = Sink::new(rule);
            check(&project, &mut sink);
            found.append(&mut sink.found);
        }
    }
    found.extend(std::mem::take(&mut input.external).into_iter().filter(|d| {
        registry::find(d.code).is_none_or(|r| active.iter().any(|a| std::ptr::eq(*a, r)))
    }));

    for d in &mut found {
        if let Some(rule) = registry::find(d.code) {
            d.severity = input.selection.severity(rule);
        }
    }
    let mut kept = apply_suppressions(&input, &active, found);
    kept.extend(errors);
    kept
}

fn revision_rules(
    active: &[&'static super::Rule],
    revision: &Revision,
    index: usize,
    before: Option<&catalog::Catalog>,
    settings: &Settings,
) -> Vec<Diagnostic> {
    let cx = RevisionContext::new(revision, index, before, settings);
    let mut out = Vec::new();
    for rule in active {
        if let Check::Revision(check) = rule.check {
            let mut sink = Sink::new(rule);
            check(&cx, &mut sink);
            out.append(&mut sink.found);
        }
    }
    out
}

fn apply_suppressions(
    input: &LintInput<'_>,
    active: &[&'static super::Rule],
    found: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut by_file: BTreeMap<FileId, Vec<(Suppression, bool)>> = BTreeMap::new();
    for revision in input.revisions {
        let Some(source) = input.sources.get(revision.file) else {
            continue;
        };
        let stmts = suppress::statement_ranges(revision);
        let list = suppress::parse(revision.file, source, &stmts, &mut problems);
        by_file.insert(
            revision.file,
            list.into_iter().map(|s| (s, false)).collect(),
        );
    }

    let mut kept: Vec<Diagnostic> = found
        .into_iter()
        .filter(|d| {
            let Some(span) = d.primary_span() else {
                return true;
            };
            let Some(list) = by_file.get_mut(&span.file) else {
                return true;
            };
            let at = span.start as usize;
            let mut suppressed = false;
            for (s, used) in list.iter_mut() {
                let covers = s.target.is_none_or(|(a, b)| a <= at && at <= b);
                if s.rule.name == d.code && covers {
                    *used = true;
                    suppressed = true;
                }
            }
            !suppressed
        })
        .collect();

    let unused_rule = registry::find("unused-suppression");
    if let Some(unused_rule) = unused_rule.filter(|r| input.selection.is_enabled(r)) {
        for list in by_file.values() {
            for (s, used) in list {
                let live = active.iter().any(|a| std::ptr::eq(*a, s.rule));
                if !used && live {
                    kept.push(
                        Diagnostic::new(
                            unused_rule.name,
                            input.selection.severity(unused_rule),
                            format!("this suppression of `{}` silences nothing", s.rule.name),
                        )
                        .with_primary(s.span, "nothing to allow here")
                        .with_help("remove the comment, or move it to the line before the statement it is for"),
                    );
                }
            }
        }
    }
    kept.append(&mut problems);
    kept
}
