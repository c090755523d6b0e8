//! The revision graph: order, heads, branch points, merges, labels, ranges.
//!
//! [`Graph::build`] turns the revisions of a project into a graph whose
//! nodes are indices into the revision slice it was built from. It never
//! fails: bad input (duplicate ids, missing parents, cycles, invalid ids,
//! clashing branch labels) becomes diagnostics, and the graph is still
//! usable afterwards, so later stages can keep reporting.
//!
//! Invariants, relied on by everything downstream:
//! - **Deterministic**: every list the graph hands out is ordered by
//!   revision id or by [`Graph::order`]; nothing depends on hash order.
//! - **Acyclic**: cycle edges are dropped while building (and reported).
//! - **Linear-ish**: building and every query are `O(n + e)` or
//!   `O(n log n)`, with iterative walks only, so a 10,000-revision chain
//!   neither takes long nor overflows the stack.
//! - A revision whose id was already defined (a duplicate) is *not* a node:
//!   [`Graph::contains`] is false for it and it appears in no list.
//!
//! Edges: `parents` are Alembic's `down_revision`; `depends_on` are
//! Alembic's `depends_on`. Both order revisions (a dependency is applied
//! first), but only parents make branch points, merge points, heads and
//! labels, exactly as in Alembic.

mod build;
pub mod range;
pub mod show;

pub use range::{Anchor, Point, Selection, Spec, Target};

use crate::diagnostic::Diagnostic;
use crate::ir::Revision;

/// Alembic's `alembic_version.version_num` is `VARCHAR(32)`.
pub const MAX_REVISION_ID_LEN: usize = 32;

/// The revision graph of one project. Node `i` is `revisions[i]` of the
/// slice given to [`Graph::build`].
#[derive(Clone, Debug, Default)]
pub struct Graph {
    ids: Vec<String>,
    /// False for a duplicate definition of an id (not a node).
    in_graph: Vec<bool>,
    parents: Vec<Vec<usize>>,
    depends: Vec<Vec<usize>>,
    /// Sorted by id.
    children: Vec<Vec<usize>>,
    /// Sorted by id.
    dependents: Vec<Vec<usize>>,
    order: Vec<usize>,
    /// Position of each node in `order`; `usize::MAX` for non-nodes.
    position: Vec<usize>,
    /// Nodes sorted by id, for exact and prefix lookup.
    by_id: Vec<usize>,
    heads: Vec<usize>,
    bases: Vec<usize>,
    label_names: Vec<String>,
    /// Label indices per node (own and propagated), sorted by name.
    labels: Vec<Vec<usize>>,
    /// Labels declared on each node itself (not propagated), sorted by name.
    own_labels: Vec<Vec<usize>>,
    /// For each label index, the revision that declares it.
    label_owner: Vec<usize>,
}

/// The result of looking up a revision id or a prefix of one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    Found(usize),
    /// Every revision whose id starts with the prefix, sorted by id.
    Ambiguous(Vec<usize>),
    NotFound,
}

impl Graph {
    /// Builds the graph and reports what is wrong with the revisions.
    pub fn build(revisions: &[Revision]) -> (Graph, Vec<Diagnostic>) {
        build::build(revisions)
    }

    /// The number of revisions in the slice the graph was built from
    /// (duplicates included).
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Whether revision `i` is a node (false for a duplicate id).
    pub fn contains(&self, i: usize) -> bool {
        self.in_graph.get(i).copied().unwrap_or(false)
    }

    pub fn id(&self, i: usize) -> &str {
        &self.ids[i]
    }

    /// Every node in topological order: parents and dependencies before
    /// the revisions that need them. This is the order upgrades apply
    /// revisions in; `history` lists its reverse.
    ///
    /// Ties are broken the way Alembic walks its graph, made deterministic:
    /// the reverse order is built from the heads down (smallest id first),
    /// following one branch down until it meets a revision that another
    /// branch still needs, taking parents in id order. So a branch stays
    /// contiguous, and for the branch point 0006 with children 0007 and
    /// 0008 merged by 0009 the order is `…, 0006, 0008, 0007, 0009, …`,
    /// the same as `alembic upgrade`.
    pub fn order(&self) -> &[usize] {
        &self.order
    }

    /// Where node `i` is in [`Graph::order`].
    pub fn position(&self, i: usize) -> Option<usize> {
        self.position.get(i).copied().filter(|&p| p != usize::MAX)
    }

    /// Sorts nodes by [`Graph::order`] and drops duplicates and non-nodes.
    pub fn sort_topologically(&self, nodes: &mut Vec<usize>) {
        nodes.retain(|&i| self.contains(i));
        nodes.sort_by_key(|&i| self.position[i]);
        nodes.dedup();
    }

    /// Resolved parents (`down_revision`), in the order written, without
    /// missing ones and cycle edges.
    pub fn parents(&self, i: usize) -> &[usize] {
        &self.parents[i]
    }

    /// Resolved `depends_on` targets, without those that are also parents.
    pub fn depends_on(&self, i: usize) -> &[usize] {
        &self.depends[i]
    }

    /// Revisions naming `i` as a parent, sorted by id.
    pub fn children(&self, i: usize) -> &[usize] {
        &self.children[i]
    }

    /// Revisions naming `i` in `depends_on`, sorted by id.
    pub fn dependents(&self, i: usize) -> &[usize] {
        &self.dependents[i]
    }

    /// Revisions with no children, sorted by id: what the version table
    /// holds once everything is applied. A head that other revisions
    /// depend on is an "effective head" in Alembic's words.
    pub fn heads(&self) -> &[usize] {
        &self.heads
    }

    /// Revisions with no parents, sorted by id.
    pub fn bases(&self) -> &[usize] {
        &self.bases
    }

    pub fn is_head(&self, i: usize) -> bool {
        self.contains(i) && self.children[i].is_empty()
    }

    /// A head that no revision depends on either.
    pub fn is_real_head(&self, i: usize) -> bool {
        self.is_head(i) && self.dependents[i].is_empty()
    }

    pub fn is_base(&self, i: usize) -> bool {
        self.contains(i) && self.parents[i].is_empty()
    }

    pub fn is_branch_point(&self, i: usize) -> bool {
        self.children[i].len() > 1
    }

    pub fn is_merge_point(&self, i: usize) -> bool {
        self.parents[i].len() > 1
    }

    /// Branch points in [`Graph::order`].
    pub fn branch_points(&self) -> Vec<usize> {
        self.filter_in_order(|i| self.is_branch_point(i))
    }

    /// Merge points in [`Graph::order`].
    pub fn merge_points(&self) -> Vec<usize> {
        self.filter_in_order(|i| self.is_merge_point(i))
    }

    fn filter_in_order(&self, keep: impl Fn(usize) -> bool) -> Vec<usize> {
        self.order.iter().copied().filter(|&i| keep(i)).collect()
    }

    /// The branch labels of node `i`, sorted: its own and those it
    /// inherits. A label applies to the revision declaring it and to every
    /// descendant through parents, as in Alembic. Alembic also labels the
    /// unbranched run of ancestors above the labelled revision when
    /// nothing below it branches or merges; migc does too.
    pub fn labels(&self, i: usize) -> impl Iterator<Item = &str> {
        self.labels[i].iter().map(|&l| self.label_names[l].as_str())
    }

    /// The labels declared on revision `i` itself, sorted.
    pub fn own_labels(&self, i: usize) -> impl Iterator<Item = &str> {
        self.own_labels[i]
            .iter()
            .map(|&l| self.label_names[l].as_str())
    }

    /// The revision that declares branch label `name`.
    pub fn label_owner(&self, name: &str) -> Option<usize> {
        let l = self.label_names.iter().position(|n| n == name)?;
        self.label_owner.get(l).copied()
    }

    /// Whether node `i` carries label `name` (own or inherited).
    pub fn has_label(&self, i: usize, name: &str) -> bool {
        self.labels(i).any(|l| l == name)
    }

    /// The node with exactly this id.
    pub fn get(&self, id: &str) -> Option<usize> {
        let at = self
            .by_id
            .binary_search_by(|&i| self.ids[i].as_str().cmp(id))
            .ok()?;
        Some(self.by_id[at])
    }

    /// Looks up an id, or failing that a unique prefix of one.
    pub fn lookup(&self, id_or_prefix: &str) -> Lookup {
        if let Some(i) = self.get(id_or_prefix) {
            return Lookup::Found(i);
        }
        let matches = self.with_prefix(id_or_prefix);
        match matches.as_slice() {
            [] => Lookup::NotFound,
            [one] => Lookup::Found(*one),
            _ => Lookup::Ambiguous(matches),
        }
    }

    /// Every node whose id starts with `prefix`, sorted by id.
    pub fn with_prefix(&self, prefix: &str) -> Vec<usize> {
        if prefix.is_empty() {
            return Vec::new();
        }
        let start = self
            .by_id
            .partition_point(|&i| self.ids[i].as_str() < prefix);
        self.by_id[start..]
            .iter()
            .copied()
            .take_while(|&i| self.ids[i].starts_with(prefix))
            .collect()
    }

    /// `from` and everything it needs (parents and dependencies,
    /// transitively), as a membership table indexed by node.
    pub fn ancestors(&self, from: &[usize]) -> Vec<bool> {
        self.reach(from, |i| {
            self.parents[i].iter().chain(self.depends[i].iter())
        })
    }

    /// `from` and every revision built on it through parents, plus through
    /// `depends_on` when `with_dependents` is set.
    pub fn descendants(&self, from: &[usize], with_dependents: bool) -> Vec<bool> {
        self.reach(from, |i| {
            let dependents: &[usize] = if with_dependents {
                &self.dependents[i]
            } else {
                &[]
            };
            self.children[i].iter().chain(dependents.iter())
        })
    }

    fn reach<'a, I>(&'a self, from: &[usize], next: impl Fn(usize) -> I) -> Vec<bool>
    where
        I: Iterator<Item = &'a usize>,
    {
        let mut seen = vec![false; self.len()];
        let mut todo: Vec<usize> = from.iter().copied().filter(|&i| self.contains(i)).collect();
        while let Some(i) = todo.pop() {
            if std::mem::replace(&mut seen[i], true) {
                continue;
            }
            todo.extend(next(i).copied().filter(|&n| !seen[n]));
        }
        seen
    }
}
