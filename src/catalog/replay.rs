//! Replaying every revision's `up` in graph order, keeping the catalog
//! before and after each.

use super::apply::{Effects, apply};
use super::merge;
use super::model::{Catalog, ObjectKey};
use crate::diagnostic::Diagnostic;
use crate::graph::Graph;
use crate::ir::Revision;
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

/// The catalog around one revision.
#[derive(Clone, Debug)]
pub struct RevisionState {
    /// What `up` starts from: the parent's catalog, or the parents' (and
    /// dependencies') catalogs merged.
    pub before: Catalog,
    /// After every operation of `up` (failed ones left no trace).
    pub after: Catalog,
    /// What `up` created, in order: tables and enums, and the columns,
    /// indexes and constraints it added to tables that existed before.
    pub created: Vec<ObjectKey>,
    /// Tables and enums `up` created, changed, renamed or dropped.
    pub touched: Vec<ObjectKey>,
}

/// The replayed history of a project.
#[derive(Clone, Debug, Default)]
pub struct Replay {
    /// Indexed like the revisions (graph nodes); `None` for a revision
    /// that is not a graph node (a duplicate id).
    states: Vec<Option<RevisionState>>,
    /// Semantic errors of every `up` block and merge conflicts.
    pub diagnostics: Vec<Diagnostic>,
}

impl Replay {
    pub fn state(&self, revision: usize) -> Option<&RevisionState> {
        self.states.get(revision)?.as_ref()
    }

    /// The catalog `up` of `revision` starts from.
    pub fn before(&self, revision: usize) -> Option<&Catalog> {
        self.state(revision).map(|s| &s.before)
    }

    /// The catalog once `up` of `revision` has run.
    pub fn after(&self, revision: usize) -> Option<&Catalog> {
        self.state(revision).map(|s| &s.after)
    }

    /// Whether the object existed before `revision` ran ("is this table
    /// new in this migration?").
    pub fn existed_before(&self, revision: usize, key: &ObjectKey) -> bool {
        self.before(revision).is_some_and(|c| c.contains(key))
    }

    /// Whether `up` of `revision` created the object.
    pub fn created_by(&self, revision: usize, key: &ObjectKey) -> bool {
        self.state(revision)
            .is_some_and(|s| s.created.iter().any(|k| k == key))
    }
}

/// Applies each revision's `up` in [`Graph::order`], keeping every
/// revision's catalogs: what `schema` and `bundle` read at random. Never
/// fails: what is wrong becomes a diagnostic and the replay goes on.
pub fn replay(revisions: &[Revision], graph: &Graph) -> Replay {
    let mut states: Vec<Option<RevisionState>> = vec![None; revisions.len()];
    let diagnostics = walk(revisions, graph, |i, state| {
        if let Some(slot) = states.get_mut(i) {
            *slot = Some(state);
        }
    });
    Replay {
        states,
        diagnostics,
    }
}

/// Applies each revision's `up` in [`Graph::order`] and hands each
/// revision's state to `visit` as it is reached, returning the semantic
/// errors. A catalog is kept only while a revision still to come starts
/// from it, so memory follows the width of the graph, not its length;
/// a visitor that keeps every state gets [`replay`].
pub fn walk(
    revisions: &[Revision],
    graph: &Graph,
    visit: impl FnMut(usize, RevisionState),
) -> Vec<Diagnostic> {
    walk_with(revisions, graph, apply_up, Some(visit))
}

/// [`walk`] for a caller that only needs to run each revision's `up` on
/// the catalog in order (`up` must apply every statement of the block, as
/// [`apply_up`] does, e.g. emitting each before applying it). Holding no
/// state, the replay changes a catalog nobody else shares, in place.
pub fn walk_up(
    revisions: &[Revision],
    graph: &Graph,
    up: impl FnMut(usize, &Revision, &mut Catalog, &mut Effects),
) -> Vec<Diagnostic> {
    walk_with(revisions, graph, up, None::<fn(usize, RevisionState)>)
}

/// Applies each statement of `up`, in order.
pub fn apply_up(i: usize, rev: &Revision, catalog: &mut Catalog, effects: &mut Effects) {
    for (stmt, in_transaction) in rev.up.stmts() {
        apply(catalog, stmt, in_transaction, i, effects);
    }
}

fn walk_with(
    revisions: &[Revision],
    graph: &Graph,
    mut up: impl FnMut(usize, &Revision, &mut Catalog, &mut Effects),
    mut visit: Option<impl FnMut(usize, RevisionState)>,
) -> Vec<Diagnostic> {
    let replayed = |i: usize| revisions.get(i).is_some();
    // How many revisions still to replay start from each catalog.
    let mut pending = vec![0usize; revisions.len()];
    for &i in graph.order().iter().filter(|&&i| replayed(i)) {
        for s in sources(graph, i).filter(|&s| replayed(s)) {
            pending[s] += 1;
        }
    }
    // The catalogs a revision still to come starts from: the frontier of
    // the walk, a handful whatever the history's length.
    let mut live: HashMap<usize, Catalog> = HashMap::new();
    let mut diagnostics = Vec::new();
    for &i in graph.order() {
        let Some(rev) = revisions.get(i) else {
            continue;
        };
        let from: Vec<usize> = sources(graph, i).filter(|s| live.contains_key(s)).collect();
        let before = match from.as_slice() {
            [] => Catalog::new(),
            // The last revision to start from a catalog takes it.
            [one] if pending[*one] == 1 => live.remove(one).unwrap_or_default(),
            [one] => live.get(one).cloned().unwrap_or_default(),
            many => {
                let sides: Vec<(usize, &Catalog)> = many
                    .iter()
                    .filter_map(|&s| live.get(&s).map(|c| (s, c)))
                    .collect();
                merge::merge(&sides, rev, graph, &mut diagnostics)
            }
        };
        for &s in &from {
            pending[s] -= 1;
            if pending[s] == 0 {
                live.remove(&s);
            }
        }
        let mut effects = Effects::default();
        let Some(visit) = visit.as_mut() else {
            let mut catalog = before;
            up(i, rev, &mut catalog, &mut effects);
            diagnostics.append(&mut effects.diagnostics);
            if pending[i] > 0 {
                live.insert(i, catalog);
            } else {
                // A head's catalog: the whole schema, the largest thing
                // to free.
                crate::teardown::release(catalog);
            }
            continue;
        };
        let mut after = before.clone();
        up(i, rev, &mut after, &mut effects);
        diagnostics.append(&mut effects.diagnostics);
        if pending[i] > 0 {
            live.insert(i, after.clone());
        }
        visit(
            i,
            RevisionState {
                before,
                after,
                created: effects.created,
                touched: effects.touched,
            },
        );
    }
    diagnostics
}

/// Revisions whose states [`walk_parallel`] holds at once: enough to keep
/// every thread busy, few enough that memory does not grow with the
/// history.
const BATCH: usize = 256;

/// Batches handed to other threads and not finished yet, at most: past
/// that the replay does the next batch's work itself, so the states held
/// stay bounded when the work is slower than the replay.
const IN_FLIGHT: usize = 2;

/// [`walk`], with `work` run on each revision's state on other threads
/// while the replay goes on in order (in batches, each itself parallel).
/// Returns `(revision, result)` in graph order whatever the thread count,
/// and the replay's semantic errors.
pub fn walk_parallel<T: Send>(
    revisions: &[Revision],
    graph: &Graph,
    work: impl Fn(usize, RevisionState) -> T + Sync,
) -> (Vec<(usize, T)>, Vec<Diagnostic>) {
    type Batch = Vec<(usize, RevisionState)>;
    type Done<T> = Vec<(usize, Vec<(usize, T)>)>;
    let done: Mutex<Done<T>> = Mutex::new(Vec::new());
    let in_flight = AtomicUsize::new(0);
    let run = |seq: usize, batch: Batch| {
        let out: Vec<(usize, T)> = batch
            .into_par_iter()
            .map(|(i, state)| (i, work(i, state)))
            .collect();
        done.lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((seq, out));
    };
    let (run, in_flight) = (&run, &in_flight);
    let diagnostics = rayon::scope(|scope| {
        let mut seq = 0;
        let mut hand_off = |batch: Batch| {
            let at = seq;
            seq += 1;
            if in_flight.load(Ordering::Acquire) < IN_FLIGHT {
                in_flight.fetch_add(1, Ordering::AcqRel);
                scope.spawn(move |_| {
                    run(at, batch);
                    in_flight.fetch_sub(1, Ordering::AcqRel);
                });
            } else {
                run(at, batch);
            }
        };
        let mut batch: Batch = Vec::with_capacity(BATCH);
        let diagnostics = walk(revisions, graph, |i, state| {
            batch.push((i, state));
            if batch.len() == BATCH {
                hand_off(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)));
            }
        });
        hand_off(batch);
        diagnostics
    });
    let mut done = done.into_inner().unwrap_or_else(PoisonError::into_inner);
    done.sort_by_key(|(seq, _)| *seq);
    let results = done.into_iter().flat_map(|(_, out)| out).collect();
    (results, diagnostics)
}

/// The revisions whose catalogs `up` of `i` starts from: its parents,
/// then its dependencies.
fn sources(graph: &Graph, i: usize) -> impl Iterator<Item = usize> + '_ {
    graph.parents(i).iter().chain(graph.depends_on(i)).copied()
}
