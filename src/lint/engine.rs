//! Runs the selected rules over a project and applies suppressions.

use super::context::{RevisionContext, Settings, Sink};
use super::selection::Selection;
use super::suppress::{self, Suppression};
use super::{Check, RULES, registry};
use crate::catalog::Replay;
use crate::diagnostic::Diagnostic;
use crate::graph::Graph;
use crate::ir::Revision;
use crate::source::{FileId, SourceMap};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Everything the engine reads.
pub struct LintInput<'a> {
    pub sources: &'a SourceMap,
    pub revisions: &'a [Revision],
    pub graph: &'a Graph,
    /// The catalog replayed over `graph` (`catalog::check`), so that rules
    /// know what existed before each revision and each statement.
    pub replay: &'a Replay,
    pub settings: &'a Settings,
    pub selection: &'a Selection,
    /// Findings made by other passes (catalog, reversibility) under a rule's
    /// name: they are filtered, re-ranked and suppressed like the rest.
    pub external: Vec<Diagnostic>,
}

/// What project-level rules see.
pub struct ProjectContext<'a> {
    pub revisions: &'a [Revision],
    pub graph: &'a Graph,
    pub settings: &'a Settings,
}

/// Runs every enabled rule that applies to the dialect. Output order is
/// deterministic: per-revision results are collected in revision order.
pub fn run(mut input: LintInput<'_>) -> Vec<Diagnostic> {
    let settings = input.settings;
    let active: Vec<&'static super::Rule> = RULES
        .iter()
        .copied()
        .filter(|r| input.selection.is_enabled(r) && r.applies_to(settings.dialect))
        .collect();

    let mut found: Vec<Diagnostic> = input
        .revisions
        .par_iter()
        .enumerate()
        .map(|(index, revision)| {
            let cx = RevisionContext::new(revision, index, input.replay.before(index), settings);
            let mut out = Vec::new();
            for rule in &active {
                if let Check::Revision(check) = rule.check {
                    let mut sink = Sink::new(rule);
                    check(&cx, &mut sink);
                    out.append(&mut sink.found);
                }
            }
            out
        })
        .flatten()
        .collect();

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
    apply_suppressions(&input, &active, found)
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
