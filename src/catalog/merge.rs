//! The catalog at a merge point: the parents' catalogs combined.
//!
//! An object on one side only is kept unless the other side has seen its
//! last change (that revision is an ancestor of the other side), in which
//! case the other side dropped or renamed it since. (Its last change, not
//! its creation: a column renamed on one side keeps its creating revision,
//! which the other side has seen, under its old name.) An object on both sides must come
//! from the same creating revision, or both branches created the same name:
//! a `merge-conflict`. When the two versions differ, the side that has
//! seen the other's last change wins; when neither has, both branches
//! changed it independently: a `merge-conflict` too.

use super::model::*;
use crate::diagnostic::Diagnostic;
use crate::graph::Graph;
use crate::ir::Revision;
use crate::source::Span;
use imbl::ordmap::DiffItem;
use std::sync::Arc;

/// Merges the catalogs of `sides` (revision index, catalog), left to right.
pub fn merge(
    sides: &[(usize, &Catalog)],
    rev: &Revision,
    graph: &Graph,
    diagnostics: &mut Vec<Diagnostic>,
) -> Catalog {
    let Some(((first_rev, first), rest)) = sides.split_first() else {
        return Catalog::new();
    };
    let mut cx = Merge {
        rev,
        diagnostics,
        seen_a: graph.ancestors(&[*first_rev]),
        seen_b: Vec::new(),
    };
    let mut merged = (*first).clone();
    for (side, catalog) in rest {
        cx.seen_b = graph.ancestors(&[*side]);
        merged = cx.catalogs(&merged, catalog);
        for (a, b) in cx.seen_a.iter_mut().zip(&cx.seen_b) {
            *a |= *b;
        }
    }
    merged
}

struct Merge<'a> {
    rev: &'a Revision,
    diagnostics: &'a mut Vec<Diagnostic>,
    /// Revisions side A (the merge so far) has applied.
    seen_a: Vec<bool>,
    seen_b: Vec<bool>,
}

/// What merging needs to know about an object.
trait Versioned: Clone {
    /// Equal, checked by pointer first: most objects on both sides are
    /// shared, not copies.
    fn same(&self, other: &Self) -> bool;
    fn name(&self) -> &str;
    fn created(&self) -> Origin;
    fn changed(&self) -> Origin;
}

macro_rules! versioned {
    ($($t:ty),*) => {$(
        impl Versioned for $t {
            fn same(&self, other: &Self) -> bool {
                Arc::ptr_eq(self, other) || self == other
            }
            fn name(&self) -> &str {
                &self.name
            }
            fn created(&self) -> Origin {
                self.created
            }
            fn changed(&self) -> Origin {
                self.changed
            }
        }
    )*};
}
versioned!(Arc<Column>, Arc<Index>, Arc<Constraint>);

impl Merge<'_> {
    fn seen(side: &[bool], origin: Origin) -> bool {
        side.get(origin.revision).copied().unwrap_or(false)
    }

    fn conflict(&mut self, what: String, a: Span, b: Span) {
        self.conflict_with(
            what,
            a,
            b,
            "rename one of them, or make one branch build on the other",
        );
    }

    /// Both branches changed the same object independently.
    fn diverged(&mut self, what: String, a: Span, b: Span) {
        self.conflict_with(
            what,
            a,
            b,
            "make one branch build on the other, so that the changes apply in a known order",
        );
    }

    fn conflict_with(&mut self, what: String, a: Span, b: Span, help: &str) {
        let span = match (self.rev.parents.first(), self.rev.parents.last()) {
            (Some(f), Some(l)) => f.span.to(l.span),
            _ => self.rev.id.span,
        };
        self.diagnostics.push(
            Diagnostic::error(
                "merge-conflict",
                format!(
                    "the branches merged by `{}` disagree on {what}",
                    self.rev.id.value
                ),
            )
            .with_primary(span, "merged here")
            .with_secondary(a, "one branch")
            .with_secondary(b, "the other branch")
            .with_help(help.to_owned()),
        );
    }

    /// Picks between two versions of one object; `None` means drop it.
    fn pick<T: Versioned>(&mut self, what: String, a: Option<&T>, b: Option<&T>) -> Option<T> {
        match (a, b) {
            (None, None) => None,
            (Some(a), None) => (!Self::seen(&self.seen_b, a.changed())).then(|| a.clone()),
            (None, Some(b)) => (!Self::seen(&self.seen_a, b.changed())).then(|| b.clone()),
            (Some(a), Some(b)) if a.same(b) => Some(a.clone()),
            (Some(a), Some(b)) if a.created() != b.created() => {
                self.conflict(what, a.created().span, b.created().span);
                Some(a.clone())
            }
            (Some(a), Some(b)) => {
                if Self::seen(&self.seen_b, a.changed()) {
                    Some(b.clone())
                } else if Self::seen(&self.seen_a, b.changed()) {
                    Some(a.clone())
                } else {
                    self.diverged(what, a.changed().span, b.changed().span);
                    Some(a.clone())
                }
            }
        }
    }

    fn list<T: Versioned>(
        &mut self,
        table: &QualifiedName,
        kind: &str,
        a: &[T],
        b: &[T],
    ) -> Vec<T> {
        let mut out = Vec::new();
        for x in a {
            let other = b.iter().find(|y| y.name() == x.name());
            let what = format!("{kind} `{}` of `{table}`", x.name());
            out.extend(self.pick(what, Some(x), other));
        }
        for y in b.iter().filter(|y| !a.iter().any(|x| x.name() == y.name())) {
            let what = format!("{kind} `{}` of `{table}`", y.name());
            out.extend(self.pick(what, None, Some(y)));
        }
        out
    }

    fn table(&mut self, a: &Table, b: &Table) -> Table {
        let mut t = a.clone();
        t.columns = self.list(&a.name, "column", &a.columns, &b.columns);
        // A backfill on either branch filled the column's rows: both ran
        // before the merge. (It leaves `changed` alone, so `list` cannot
        // tell which side is newer.)
        for c in &mut t.columns {
            let filled = |side: &[Arc<Column>]| {
                side.iter()
                    .any(|x| x.name == c.name && x.created == c.created && x.unfilled.is_none())
            };
            if c.unfilled.is_some() && (filled(&a.columns) || filled(&b.columns)) {
                Arc::make_mut(c).unfilled = None;
            }
        }
        t.indexes = self.list(&a.name, "index", &a.indexes, &b.indexes);
        t.constraints = self.list(&a.name, "constraint", &a.constraints, &b.constraints);
        if a.comment != b.comment {
            if Self::seen(&self.seen_b, a.changed) {
                t.comment.clone_from(&b.comment);
            } else if !Self::seen(&self.seen_a, b.changed) {
                let what = format!("the comment of table `{}`", a.name);
                self.diverged(what, a.changed.span, b.changed.span);
            }
        }
        if Self::seen(&self.seen_a, b.changed) {
            t.changed = a.changed;
        } else {
            t.changed = b.changed;
        }
        t
    }

    /// Side A's catalog with side B merged into it. Starting from A (not
    /// from nothing) keeps every object both sides share as it is, and
    /// the maps' `diff` skips the subtrees they share, so a merge costs
    /// what the branches changed, not the size of the schema.
    fn catalogs(&mut self, a: &Catalog, b: &Catalog) -> Catalog {
        let mut out = a.clone();
        out.unknown_effects = a.unknown_effects.or(b.unknown_effects);
        // Tables that may stand after the merge while a graveyard says
        // they were dropped: those B brings in, and those B buried.
        let mut maybe_revived = Vec::new();
        for item in a.graveyard.diff(&b.graveyard) {
            // On a key both sides hold, B's word wins.
            if let DiffItem::Add(key, t) | DiffItem::Update { new: (key, t), .. } = item {
                out.graveyard.insert(key.clone(), t.clone());
                if let ObjectKey::Table(name) = key {
                    maybe_revived.push(name.clone());
                }
            }
        }
        for item in a.tables.diff(&b.tables) {
            match item {
                DiffItem::Update {
                    old: (key, x),
                    new: (_, y),
                } => {
                    if x.created != y.created {
                        let what = format!("table `{key}`");
                        self.conflict(what, x.created.span, y.created.span);
                    } else {
                        let merged = self.table(x, y);
                        out.insert_table(merged);
                        maybe_revived.push(key.clone());
                    }
                }
                DiffItem::Remove(key, x) => {
                    if Self::seen(&self.seen_b, x.changed) {
                        out.remove_table(key);
                    }
                }
                DiffItem::Add(key, y) => {
                    if !Self::seen(&self.seen_a, y.changed) {
                        out.insert_table((**y).clone());
                        maybe_revived.push(key.clone());
                    }
                }
            }
        }
        // A table that stands after the merge is not dropped, whatever a
        // side's graveyard says.
        for name in maybe_revived {
            if out.tables.contains_key(&name) {
                let key = ObjectKey::Table(name);
                if out.graveyard.contains_key(&key) {
                    out.graveyard.remove(&key);
                }
            }
        }
        for item in a.enums.diff(&b.enums) {
            match item {
                DiffItem::Update {
                    old: (key, x),
                    new: (_, y),
                } => {
                    if x.created != y.created {
                        self.conflict(format!("enum `{key}`"), x.created.span, y.created.span);
                    } else if Self::seen(&self.seen_b, x.changed) {
                        out.enums.insert(key.clone(), y.clone());
                    } else if !Self::seen(&self.seen_a, y.changed) {
                        let what = format!("the values of enum `{key}`");
                        self.diverged(what, x.changed.span, y.changed.span);
                    }
                }
                DiffItem::Remove(key, x) => {
                    if Self::seen(&self.seen_b, x.changed) {
                        out.enums.remove(key);
                    }
                }
                DiffItem::Add(key, y) => {
                    if !Self::seen(&self.seen_a, y.changed) {
                        out.enums.insert(key.clone(), y.clone());
                    }
                }
            }
        }
        out
    }
}
