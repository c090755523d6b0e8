//! Building a [`Graph`]: indexing, edge resolution, cycle breaking,
//! ordering and label propagation, each one linear pass (or a sort).

use super::{Graph, MAX_REVISION_ID_LEN};
use crate::diagnostic::Diagnostic;
use crate::ir::{Revision, Spanned};
use crate::source::Span;

pub(super) fn build(revisions: &[Revision]) -> (Graph, Vec<Diagnostic>) {
    let n = revisions.len();
    let mut diagnostics = Vec::new();
    for revision in revisions {
        check_id(&revision.id, &mut diagnostics);
    }
    let mut graph = Graph {
        ids: revisions.iter().map(|r| r.id.value.clone()).collect(),
        parents: vec![Vec::new(); n],
        depends: vec![Vec::new(); n],
        children: vec![Vec::new(); n],
        dependents: vec![Vec::new(); n],
        position: vec![usize::MAX; n],
        labels: vec![Vec::new(); n],
        own_labels: vec![Vec::new(); n],
        ..Graph::default()
    };
    index(&mut graph, revisions, &mut diagnostics);
    declare_labels(&mut graph, revisions, &mut diagnostics);
    resolve_edges(&mut graph, revisions, &mut diagnostics);
    break_cycles(&mut graph, revisions, &mut diagnostics);
    link(&mut graph);
    order(&mut graph);
    propagate_labels(&mut graph);
    (graph, diagnostics)
}

/// Ids end up in `version_num VARCHAR(32)`, in file names and in SQL
/// comments, so they are kept to a charset that is safe in all three.
fn check_id(id: &Spanned<String>, diagnostics: &mut Vec<Diagnostic>) {
    let mut problems = Vec::new();
    if id.value.is_empty() {
        problems.push("it is empty".to_string());
    }
    let mut bad: Vec<char> = id
        .value
        .chars()
        .filter(|c| !(c.is_ascii_alphanumeric() || *c == '_'))
        .collect();
    bad.dedup();
    if !bad.is_empty() {
        let shown: Vec<String> = bad.iter().map(|c| format!("{c:?}")).collect();
        problems.push(format!("it contains {}", shown.join(", ")));
    }
    let len = id.value.chars().count();
    if len > MAX_REVISION_ID_LEN {
        problems.push(format!(
            "it is {len} characters long, more than {MAX_REVISION_ID_LEN}"
        ));
    }
    if problems.is_empty() {
        return;
    }
    diagnostics.push(
        Diagnostic::error(
            "invalid-revision-id",
            format!("invalid revision id `{}`", id.value),
        )
        .with_primary(id.span, problems.join("; "))
        .with_note(format!(
            "revision ids are stored in `alembic_version.version_num VARCHAR({MAX_REVISION_ID_LEN})` \
             and used in file names, so they must be 1 to {MAX_REVISION_ID_LEN} characters \
             from [A-Za-z0-9_]"
        ))
        .with_help("rename the revision, and update the revisions that name it as parent"),
    );
}

/// Sorts nodes by id; the first definition of an id (in slice order, which
/// is sorted path order) wins and later ones are left out of the graph.
fn index(graph: &mut Graph, revisions: &[Revision], diagnostics: &mut Vec<Diagnostic>) {
    let mut sorted: Vec<usize> = (0..revisions.len()).collect();
    sorted.sort_by(|&a, &b| graph.ids[a].cmp(&graph.ids[b]).then(a.cmp(&b)));
    graph.in_graph = vec![false; revisions.len()];
    let mut first: Option<usize> = None;
    for &i in &sorted {
        match first {
            Some(f) if graph.ids[f] == graph.ids[i] => {
                diagnostics.push(duplicate_revision(&revisions[f], &revisions[i]));
            }
            _ => {
                first = Some(i);
                graph.in_graph[i] = true;
                graph.by_id.push(i);
            }
        }
    }
}

fn duplicate_revision(first: &Revision, again: &Revision) -> Diagnostic {
    Diagnostic::error(
        "duplicate-revision",
        format!("revision id `{}` is defined twice", again.id.value),
    )
    .with_primary(again.id.span, "defined again here")
    .with_secondary(first.id.span, "first defined here")
    .with_note("migc ignores the second definition; revisions must have unique ids")
    .with_help("give one of the two revisions a new id")
}

fn declare_labels(graph: &mut Graph, revisions: &[Revision], diagnostics: &mut Vec<Diagnostic>) {
    let mut first_span: Vec<Span> = Vec::new();
    for (i, revision) in revisions.iter().enumerate() {
        if !graph.in_graph[i] {
            continue;
        }
        for label in &revision.labels {
            let name = label.value.as_str();
            if let Some(problem) = label_problem(name) {
                diagnostics.push(
                    Diagnostic::error(
                        "invalid-branch-label",
                        format!("invalid branch label `{name}`"),
                    )
                    .with_primary(label.span, problem)
                    .with_note("labels are used in ranges such as `label@head`"),
                );
            }
            if let Some(owner) = graph.get(name) {
                diagnostics.push(
                    Diagnostic::error(
                        "duplicate-label",
                        format!("branch label `{name}` is also a revision id"),
                    )
                    .with_primary(label.span, "this label")
                    .with_secondary(revisions[owner].id.span, "revision with the same id")
                    .with_note("Alembic resolves labels and revision ids in one namespace"),
                );
            }
            match graph.label_names.iter().position(|n| n == name) {
                Some(l) => {
                    let owner = graph.label_owner[l];
                    let message = if owner == i {
                        format!("branch label `{name}` is listed twice")
                    } else {
                        format!(
                            "branch label `{name}` is declared on `{}` and `{}`",
                            graph.ids[owner], graph.ids[i]
                        )
                    };
                    diagnostics.push(
                        Diagnostic::error("duplicate-label", message)
                            .with_primary(label.span, "declared again here")
                            .with_secondary(first_span[l], "first declared here")
                            .with_note(
                                "a label names one branch; Alembic refuses a label \
                                 declared on two revisions (\"Branch name already used\")",
                            )
                            .with_help(
                                "keep the label on the first revision of the branch only: \
                                 its descendants inherit it",
                            ),
                    );
                    if !graph.own_labels[i].contains(&l) {
                        graph.own_labels[i].push(l);
                    }
                }
                None => {
                    graph.own_labels[i].push(graph.label_names.len());
                    graph.label_names.push(name.to_string());
                    graph.label_owner.push(i);
                    first_span.push(label.span);
                }
            }
        }
    }
    let names = &graph.label_names;
    for own in &mut graph.own_labels {
        own.sort_by(|&a, &b| names[a].cmp(&names[b]));
    }
}

fn label_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("a label cannot be empty".to_string());
    }
    if matches!(name, "base" | "head" | "heads" | "current") {
        return Some(format!("`{name}` is a reserved revision name"));
    }
    let bad = name
        .chars()
        .find(|c| matches!(c, '@' | ':' | '+' | ',') || c.is_whitespace())?;
    Some(format!(
        "{bad:?} is not allowed in a label (it has a meaning in ranges)"
    ))
}

fn resolve_edges(graph: &mut Graph, revisions: &[Revision], diagnostics: &mut Vec<Diagnostic>) {
    for (i, revision) in revisions.iter().enumerate() {
        if !graph.in_graph[i] {
            continue;
        }
        let mut parents: Vec<usize> = Vec::new();
        for parent in &revision.parents {
            match graph.get(&parent.value) {
                Some(p) if !parents.contains(&p) => parents.push(p),
                Some(_) => {}
                None => diagnostics.push(missing(graph, revision, parent, "parent")),
            }
        }
        let mut depends: Vec<usize> = Vec::new();
        for dependency in &revision.depends_on {
            // Alembic lets `depends_on` name a branch label as well.
            let found = graph
                .get(&dependency.value)
                .or_else(|| graph.label_owner(&dependency.value));
            match found {
                Some(d) if !parents.contains(&d) && !depends.contains(&d) => depends.push(d),
                Some(_) => {}
                None => diagnostics.push(missing(graph, revision, dependency, "dependency")),
            }
        }
        graph.parents[i] = parents;
        graph.depends[i] = depends;
    }
}

fn missing(graph: &Graph, revision: &Revision, name: &Spanned<String>, what: &str) -> Diagnostic {
    let mut diagnostic = Diagnostic::error(
        "missing-parent",
        format!(
            "{what} `{}` of revision `{}` does not exist",
            name.value, revision.id.value
        ),
    )
    .with_primary(name.span, "no revision has this id")
    .with_note(format!(
        "migc continues as if `{}` had no such {what}",
        revision.id.value
    ));
    if let Some(close) = closest_id(graph, &name.value) {
        diagnostic = diagnostic.with_help(format!("did you mean `{}`?", graph.ids[close]));
    }
    diagnostic
}

/// The id most like `wanted`: one it is a prefix of (or that is a prefix
/// of it), else one within a small edit distance. Ties go to the smaller id.
fn closest_id(graph: &Graph, wanted: &str) -> Option<usize> {
    let prefix_of = |i: &usize| {
        let id = graph.ids[*i].as_str();
        id.len().min(wanted.len()) >= 4 && (id.starts_with(wanted) || wanted.starts_with(id))
    };
    if let Some(&i) = graph.by_id.iter().find(|i| prefix_of(i)) {
        return Some(i);
    }
    let limit = (wanted.chars().count() / 4).clamp(1, 3);
    graph
        .by_id
        .iter()
        .filter_map(|&i| edit_distance(wanted, &graph.ids[i], limit).map(|d| (d, i)))
        .min_by_key(|&(d, _)| d)
        .map(|(_, i)| i)
}

/// Levenshtein distance in characters, or `None` when it exceeds `limit`.
fn edit_distance(a: &str, b: &str, limit: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (x, ca) in a.iter().enumerate() {
        current[0] = x + 1;
        for (y, cb) in b.iter().enumerate() {
            let substitute = previous[y] + usize::from(ca != cb);
            current[y + 1] = substitute.min(previous[y + 1] + 1).min(current[y] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    let distance = previous[b.len()];
    (distance <= limit).then_some(distance)
}

/// Finds cycles with one iterative depth-first search over parent →
/// child (and dependency → dependent) edges, starting from the smallest
/// id, and drops every back edge. Removing the back edges of a DFS leaves
/// a DAG, and the walk order makes the choice of edge deterministic: for
/// `a ← b ← c ← a` the reference from `a` to `c` is the one dropped.
fn break_cycles(graph: &mut Graph, revisions: &[Revision], diagnostics: &mut Vec<Diagnostic>) {
    let successors = successors(graph);
    let mut state = vec![Visit::New; graph.len()];
    let mut stack: Vec<(usize, usize)> = Vec::new();
    let mut back_edges: Vec<Vec<usize>> = Vec::new();
    for &start in &graph.by_id {
        if state[start] != Visit::New {
            continue;
        }
        state[start] = Visit::OnStack;
        stack.push((start, 0));
        while let Some(top) = stack.last_mut() {
            let (node, next) = *top;
            let Some(&successor) = successors[node].get(next) else {
                state[node] = Visit::Done;
                stack.pop();
                continue;
            };
            top.1 += 1;
            match state[successor] {
                Visit::New => {
                    state[successor] = Visit::OnStack;
                    stack.push((successor, 0));
                }
                Visit::OnStack => {
                    let from = stack.iter().position(|&(n, _)| n == successor).unwrap_or(0);
                    back_edges.push(stack[from..].iter().map(|&(n, _)| n).collect());
                }
                Visit::Done => {}
            }
        }
    }
    for cycle in back_edges {
        let (Some(&child), Some(&parent)) = (cycle.first(), cycle.last()) else {
            continue;
        };
        graph.parents[child].retain(|&p| p != parent);
        graph.depends[child].retain(|&p| p != parent);
        diagnostics.push(cycle_diagnostic(graph, revisions, &cycle));
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Visit {
    New,
    OnStack,
    Done,
}

/// Children and dependents of every node, each list sorted by id.
fn successors(graph: &Graph) -> Vec<Vec<usize>> {
    let mut successors = vec![Vec::new(); graph.len()];
    for &i in &graph.by_id {
        for &p in graph.parents[i].iter().chain(graph.depends[i].iter()) {
            successors[p].push(i);
        }
    }
    successors
}

/// `cycle` lists revisions each a parent (or dependency) of the next, and
/// the last is a parent of the first: that last reference is dropped.
fn cycle_diagnostic(graph: &Graph, revisions: &[Revision], cycle: &[usize]) -> Diagnostic {
    let (Some(&child), Some(&parent)) = (cycle.first(), cycle.last()) else {
        return Diagnostic::error("revision-cycle", "revisions form a cycle");
    };
    let mut path: Vec<&str> = cycle.iter().map(|&i| graph.ids[i].as_str()).collect();
    path.push(&graph.ids[child]);
    let message = if cycle.len() == 1 {
        format!("revision `{}` is its own parent", graph.ids[child])
    } else {
        let mut names: Vec<&str> = cycle.iter().map(|&i| graph.ids[i].as_str()).collect();
        names.sort_unstable();
        format!("revisions {} form a cycle", quoted_list(&names))
    };
    let reference = revisions[child]
        .parents
        .iter()
        .chain(revisions[child].depends_on.iter())
        .find(|r| graph.get(&r.value).or_else(|| graph.label_owner(&r.value)) == Some(parent))
        .map_or(revisions[child].id.span, |r| r.span);
    let mut diagnostic = Diagnostic::error("revision-cycle", message)
        .with_primary(reference, "this reference closes the cycle");
    for &i in &cycle[1..] {
        diagnostic = diagnostic.with_secondary(revisions[i].id.span, "part of the cycle");
    }
    diagnostic
        .with_note(format!(
            "{} (each revision is a parent or dependency of the next)",
            path.join(" -> ")
        ))
        .with_note(format!(
            "migc ignores the reference from `{}` to `{}` so it can go on",
            graph.ids[child], graph.ids[parent]
        ))
        .with_help("a revision must come after its parents: remove one reference of the cycle")
}

fn quoted_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    quoted.join(", ")
}

/// Children, dependents, heads and bases; walking nodes in id order keeps
/// every list sorted by id without a sort.
fn link(graph: &mut Graph) {
    for &i in &graph.by_id {
        for &p in &graph.parents[i] {
            graph.children[p].push(i);
        }
        for &d in &graph.depends[i] {
            graph.dependents[d].push(i);
        }
    }
    graph.heads = graph
        .by_id
        .iter()
        .copied()
        .filter(|&i| graph.children[i].is_empty())
        .collect();
    graph.bases = graph
        .by_id
        .iter()
        .copied()
        .filter(|&i| graph.parents[i].is_empty())
        .collect();
}

/// The newest-first walk documented on [`Graph::order`]: a node is ready
/// once every child and dependent has been emitted; ready nodes go on a
/// stack so the walk continues down the branch it is on.
fn order(graph: &mut Graph) {
    let n = graph.len();
    let mut waiting: Vec<usize> = (0..n)
        .map(|i| graph.children[i].len() + graph.dependents[i].len())
        .collect();
    let mut stack: Vec<usize> = graph
        .by_id
        .iter()
        .rev()
        .copied()
        .filter(|&i| waiting[i] == 0)
        .collect();
    let mut newest_first = Vec::with_capacity(graph.by_id.len());
    let mut ready = Vec::new();
    while let Some(node) = stack.pop() {
        newest_first.push(node);
        for &p in graph.parents[node].iter().chain(graph.depends[node].iter()) {
            waiting[p] -= 1;
            if waiting[p] == 0 {
                ready.push(p);
            }
        }
        // Largest id pushed first, so the smallest is walked next.
        ready.sort_by(|&a, &b| graph.ids[b].cmp(&graph.ids[a]));
        stack.append(&mut ready);
    }
    if newest_first.len() < graph.by_id.len() {
        // Unreachable once cycles are broken; keep every node anyway.
        let mut seen = vec![false; n];
        for &i in &newest_first {
            seen[i] = true;
        }
        let rest: Vec<usize> = graph.by_id.iter().copied().filter(|&i| !seen[i]).collect();
        newest_first.extend(rest.into_iter().rev());
    }
    newest_first.reverse();
    for (at, &i) in newest_first.iter().enumerate() {
        graph.position[i] = at;
    }
    graph.order = newest_first;
}

/// Labels flow from the declaring revision to its descendants through
/// parents, in one pass over [`Graph::order`]. Alembic additionally labels
/// the ancestors above the declaring revision up to the nearest branch or
/// merge point, walking up from the last descendant it happened to visit;
/// that reaches above the declaring revision only when nothing below it
/// branches or merges, which is the case reproduced here (`clean`).
fn propagate_labels(graph: &mut Graph) {
    let stops = |g: &Graph, i: usize| {
        g.children[i].len() + g.dependents[i].len() > 1 || g.parents[i].len() > 1
    };
    let mut clean = vec![false; graph.len()];
    for &i in graph.order.iter().rev() {
        clean[i] = !stops(graph, i)
            && match graph.children[i].as_slice() {
                [] => true,
                [child] => clean[*child],
                _ => false,
            };
    }
    let mut seeds: Vec<Vec<usize>> = vec![Vec::new(); graph.len()];
    for &declaring in &graph.by_id {
        if graph.own_labels[declaring].is_empty() || !clean[declaring] {
            continue;
        }
        let mut above = graph.parents[declaring].first().copied();
        while let Some(ancestor) = above.filter(|&a| !stops(graph, a)) {
            seeds[ancestor].extend_from_slice(&graph.own_labels[declaring]);
            above = graph.parents[ancestor].first().copied();
        }
    }
    for at in 0..graph.order.len() {
        let i = graph.order[at];
        let mut labels = std::mem::take(&mut seeds[i]);
        labels.extend_from_slice(&graph.own_labels[i]);
        for &p in &graph.parents[i] {
            labels.extend_from_slice(&graph.labels[p]);
        }
        let names = &graph.label_names;
        labels.sort_by(|&a, &b| names[a].cmp(&names[b]));
        labels.dedup();
        graph.labels[i] = labels;
    }
}

#[cfg(test)]
mod tests {
    use super::edit_distance;

    #[test]
    fn edit_distance_stops_at_the_limit() {
        assert_eq!(edit_distance("0002_fees", "0002_fess", 2), Some(1));
        assert_eq!(edit_distance("abc", "abc", 0), Some(0));
        assert_eq!(edit_distance("abcdef", "uvwxyz", 2), None);
        assert_eq!(edit_distance("a", "abcd", 2), None);
    }
}
