//! The catalog: a model of the schema, replayed revision by revision.
//!
//! - [`model`]: what the catalog holds (tables with ordered columns,
//!   indexes, constraints, enums) and its read API. Every object records
//!   the revision and operation that created it and last changed it.
//! - [`apply`]: the effect of each operation, and the semantic errors
//!   (`unknown-table`, `column-exists`, …) found on the way.
//! - [`replay`](mod@replay): every revision's `up` in graph order. [`walk`] hands each
//!   revision's catalogs (before and after) to a visitor and keeps a
//!   catalog only while a revision still to come starts from it;
//!   [`walk_parallel`] runs per-revision work (lint, downgrade checks,
//!   emission) on other threads meanwhile; [`walk_up`] keeps no state and
//!   lets its caller run each `up` (an upgrade script emits as it
//!   applies); [`replay()`](fn@replay) keeps them all,
//!   for callers that read them at random. [`merge`](mod@merge) combines branches
//!   at a merge point.
//! - [`derive`](mod@derive): the downgrade of a revision without `down`.
//! - [`compare`]: the round-trip check of an explicit `down`.
//! - [`schema`] and [`to_ir`]: catalog objects back into IR, for
//!   `migc schema` and derived downgrades (printed by `ir::print`).
//!
//! Raw `sql` is analysed by `sql::raw` for the target dialect: statements
//! it lowers change the catalog like their DSL twins; one it cannot model
//! sets [`Catalog::unknown_effects`] (without an analysis, SQL that starts
//! with `insert`, `update` or `delete` is taken as data only).

pub mod apply;
pub mod compare;
pub mod derive;
pub mod exprs;
pub mod merge;
pub mod model;
pub mod replay;
pub mod schema;
pub mod to_ir;

pub use derive::{Downgrade, derive};
pub use model::{
    Catalog, Column, Constraint, ConstraintDef, EnumType, Identity, Index, ObjectKey, Origin,
    QualifiedName, Table, Tombstone,
};
pub use replay::{Replay, RevisionState, apply_up, replay, walk, walk_parallel, walk_up};

use crate::diagnostic::Diagnostic;
use crate::graph::Graph;
use crate::ir::Revision;

/// The downgrade of revision `revision`: its explicit `down`, or the
/// derived one with its irreversibility warnings. `None` when the revision
/// was not replayed (not a graph node).
pub fn downgrade_of(revisions: &[Revision], replay: &Replay, revision: usize) -> Option<Downgrade> {
    let rev = revisions.get(revision)?;
    let state = replay.state(revision)?;
    Some(downgrade_for(rev, revision, &state.before))
}

/// The downgrade of `rev` (revision `revision`), whose `up` starts from
/// `before`: its explicit `down`, or the one derived from `up`.
pub fn downgrade_for(rev: &Revision, revision: usize, before: &Catalog) -> Downgrade {
    match &rev.down {
        Some(block) => Downgrade {
            block: block.clone(),
            warnings: Vec::new(),
        },
        None => derive(rev, revision, before),
    }
}

/// Checks one revision's downgrade: an explicit `down` is replayed after
/// `up` and compared with the catalog before `up`; a derived one reports
/// what it cannot undo.
pub fn check_downgrade(rev: &Revision, revision: usize, state: &RevisionState) -> Vec<Diagnostic> {
    match &rev.down {
        Some(_) => compare::round_trip(rev, revision, &state.before, &state.after, &state.touched),
        None => derive(rev, revision, &state.before).warnings,
    }
}

/// Replay and every downgrade check: all the semantic diagnostics of a
/// project whose files parsed and whose graph is sound. Streamed: no
/// catalog outlives the revisions that start from it.
pub fn check(revisions: &[Revision], graph: &Graph) -> Vec<Diagnostic> {
    let mut downgrades = Vec::new();
    let mut diagnostics = walk(revisions, graph, |i, state| {
        if let Some(rev) = revisions.get(i) {
            downgrades.extend(check_downgrade(rev, i, &state));
        }
    });
    diagnostics.append(&mut downgrades);
    diagnostics
}
