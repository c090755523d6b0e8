//! The revision graph, Alembic's range syntax and the text of `history`,
//! `heads` and `graph`, on revisions built directly (no parser).

use migc::diagnostic::Diagnostic;
use migc::diagnostic::render::{Color, render};
use migc::graph::{Graph, Lookup, Selection, show};
use migc::ir::{Block, Revision, Spanned};
use migc::source::{SourceMap, Span};

/// One revision to build: written out as a small `.mig`-like header in a
/// fake file of its own, so every span points at real text.
#[derive(Clone, Default)]
struct Rev {
    id: String,
    parents: Vec<String>,
    labels: Vec<String>,
    depends: Vec<String>,
    message: Option<String>,
}

fn rev(id: &str) -> Rev {
    Rev {
        id: id.to_string(),
        ..Rev::default()
    }
}

impl Rev {
    fn parents(mut self, parents: &[&str]) -> Rev {
        self.parents = parents.iter().map(|p| p.to_string()).collect();
        self
    }
    fn labels(mut self, labels: &[&str]) -> Rev {
        self.labels = labels.iter().map(|p| p.to_string()).collect();
        self
    }
    fn depends(mut self, depends: &[&str]) -> Rev {
        self.depends = depends.iter().map(|p| p.to_string()).collect();
        self
    }
    fn message(mut self, message: &str) -> Rev {
        self.message = Some(message.to_string());
        self
    }
}

struct Project {
    sources: SourceMap,
    revisions: Vec<Revision>,
}

impl Project {
    fn new(revs: &[Rev]) -> Project {
        let mut sources = SourceMap::new();
        let revisions = revs.iter().map(|r| write_file(&mut sources, r)).collect();
        Project { sources, revisions }
    }

    fn build(&self) -> (Graph, Vec<Diagnostic>) {
        Graph::build(&self.revisions)
    }

    /// A graph that must have no diagnostics.
    fn graph(&self) -> Graph {
        let (graph, diagnostics) = self.build();
        assert!(diagnostics.is_empty(), "{}", self.render(&diagnostics));
        graph
    }

    fn render(&self, diagnostics: &[Diagnostic]) -> String {
        render(&self.sources, diagnostics, Color::Never)
    }
}

fn write_file(sources: &mut SourceMap, r: &Rev) -> Revision {
    let mut text = String::new();
    let mut field = |keyword: &str, values: &[String]| -> Vec<Spanned<String>> {
        if values.is_empty() {
            return Vec::new();
        }
        text.push_str(keyword);
        let mut out = Vec::new();
        for (k, value) in values.iter().enumerate() {
            text.push_str(if k == 0 { " \"" } else { ", \"" });
            let start = text.len();
            text.push_str(value);
            out.push((value.clone(), start..text.len()));
            text.push('"');
        }
        text.push('\n');
        out.into_iter()
            .map(|(v, range)| Spanned::new(v, Span::new(migc::source::FileId(0), range)))
            .collect()
    };
    let id = field("revision", std::slice::from_ref(&r.id));
    let parents = field("parents", &r.parents);
    let message = field("message", r.message.as_slice());
    let labels = field("labels", &r.labels);
    let depends = field("depends", &r.depends);
    let len = text.len();
    let file = sources.add(
        format!("versions/{}.mig", r.id),
        format!("versions/{}.mig", r.id),
        text,
    );
    let in_file = |list: Vec<Spanned<String>>| -> Vec<Spanned<String>> {
        list.into_iter()
            .map(|s| Spanned::new(s.value, Span { file, ..s.span }))
            .collect()
    };
    Revision {
        file,
        id: in_file(id).remove(0),
        parents: in_file(parents),
        message: in_file(message).pop(),
        labels: in_file(labels),
        depends_on: in_file(depends),
        up: Block::default(),
        down: None,
        span: Span::new(file, 0..len),
    }
}

/// `0001aaaa0001`-style ids of the alembic-offline.md project.
fn n(k: usize) -> String {
    format!("{k:04}aaaa{k:04}")
}

/// The 11-revision project of alembic-offline.md: 0001→0006 linear, 0006
/// a branch point, 0007 (labelled `feature_a`) and 0008 both off 0006,
/// 0009 merging them, then 0010 and 0011.
fn eleven() -> Project {
    let messages = [
        "create users",
        "add email to users",
        "create orders",
        "add order status",
        "index orders",
        "add fees",
        "feature a: labels",
        "add audit log",
        "merge feature_a and audit",
        "batch alter labels",
        "cleanup",
    ];
    let revs: Vec<Rev> = (1..=11)
        .map(|k| {
            let r = rev(&n(k)).message(messages[k - 1]);
            match k {
                1 => r,
                7 => r.parents(&[&n(6)]).labels(&["feature_a"]),
                8 => r.parents(&[&n(6)]),
                9 => r.parents(&[&n(7), &n(8)]),
                _ => r.parents(&[&n(k - 1)]),
            }
        })
        .collect();
    Project::new(&revs)
}

fn ids(graph: &Graph, nodes: &[usize]) -> Vec<String> {
    nodes.iter().map(|&i| graph.id(i).to_string()).collect()
}

/// Short names (`7` for `0007aaaa0007`) of nodes of the eleven project.
fn short(graph: &Graph, nodes: &[usize]) -> Vec<usize> {
    nodes
        .iter()
        .map(|&i| graph.id(i)[..4].parse().unwrap())
        .collect()
}

fn codes(diagnostics: &[Diagnostic]) -> Vec<&'static str> {
    diagnostics.iter().map(|d| d.code).collect()
}

// ---------------------------------------------------------------- structure

#[test]
fn linear_chain() {
    let project = Project::new(&[rev("c").parents(&["b"]), rev("a"), rev("b").parents(&["a"])]);
    let graph = project.graph();
    assert_eq!(ids(&graph, graph.order()), ["a", "b", "c"]);
    assert_eq!(ids(&graph, graph.heads()), ["c"]);
    assert_eq!(ids(&graph, graph.bases()), ["a"]);
    let b = graph.get("b").unwrap();
    assert_eq!(ids(&graph, graph.parents(b)), ["a"]);
    assert_eq!(ids(&graph, graph.children(b)), ["c"]);
    assert!(graph.branch_points().is_empty());
    assert!(graph.merge_points().is_empty());
}

#[test]
fn branch_and_merge() {
    let project = eleven();
    let graph = project.graph();
    // Down one branch from the merge, then the other, as `alembic upgrade`
    // applies them (0008 before 0007).
    assert_eq!(
        short(&graph, graph.order()),
        [1, 2, 3, 4, 5, 6, 8, 7, 9, 10, 11]
    );
    assert_eq!(short(&graph, graph.heads()), [11]);
    assert_eq!(short(&graph, graph.bases()), [1]);
    assert_eq!(short(&graph, &graph.branch_points()), [6]);
    assert_eq!(short(&graph, &graph.merge_points()), [9]);
    let six = graph.get(&n(6)).unwrap();
    assert_eq!(short(&graph, graph.children(six)), [7, 8]);
    let nine = graph.get(&n(9)).unwrap();
    assert_eq!(short(&graph, graph.parents(nine)), [7, 8]);
}

#[test]
fn order_does_not_depend_on_input_order() {
    let project = eleven();
    let graph = project.graph();
    let mut revisions = project.revisions.clone();
    revisions.reverse();
    let (other, _) = Graph::build(&revisions);
    assert_eq!(ids(&graph, graph.order()), ids(&other, other.order()));
}

#[test]
fn labels_propagate_to_descendants_like_alembic() {
    let project = eleven();
    let graph = project.graph();
    let labelled: Vec<usize> = graph
        .order()
        .iter()
        .copied()
        .filter(|&i| graph.has_label(i, "feature_a"))
        .collect();
    assert_eq!(short(&graph, &labelled), [7, 9, 10, 11]);
    assert_eq!(graph.label_owner("feature_a"), graph.get(&n(7)));
    let nine = graph.get(&n(9)).unwrap();
    assert_eq!(graph.own_labels(nine).count(), 0);
}

#[test]
fn a_label_on_an_unbranched_line_also_covers_its_run_of_ancestors() {
    // Alembic walks up from the branch tip until a branch or merge point.
    let project = Project::new(&[
        rev("a"),
        rev("b").parents(&["a"]),
        rev("c").parents(&["b"]),
        rev("d").parents(&["b"]).labels(&["side"]),
        rev("e").parents(&["d"]),
    ]);
    let graph = project.graph();
    let with = |label: &str| -> Vec<String> {
        let nodes: Vec<usize> = graph
            .order()
            .iter()
            .copied()
            .filter(|&i| graph.has_label(i, label))
            .collect();
        ids(&graph, &nodes)
    };
    assert_eq!(with("side"), ["d", "e"]);

    let line = Project::new(&[
        rev("a"),
        rev("b").parents(&["a"]).labels(&["main"]),
        rev("c").parents(&["b"]),
    ]);
    let graph = line.graph();
    assert!(graph.order().iter().all(|&i| graph.has_label(i, "main")));
}

#[test]
fn depends_on_orders_but_is_not_a_parent() {
    let project = Project::new(&[
        rev("a"),
        rev("b").parents(&["a"]),
        rev("x").labels(&["other"]),
        rev("y").parents(&["x"]).depends(&["b"]),
    ]);
    let graph = project.graph();
    let (b, x, y) = (
        graph.get("b").unwrap(),
        graph.get("x").unwrap(),
        graph.get("y").unwrap(),
    );
    assert_eq!(ids(&graph, graph.parents(y)), ["x"]);
    assert_eq!(ids(&graph, graph.depends_on(y)), ["b"]);
    assert_eq!(ids(&graph, graph.dependents(b)), ["y"]);
    assert!(graph.position(b) < graph.position(y));
    assert!(graph.position(x) < graph.position(y));
    // `b` has no child: a head, but only an "effective" one.
    assert_eq!(ids(&graph, graph.heads()), ["b", "y"]);
    assert!(graph.is_head(b) && !graph.is_real_head(b));
    assert!(!graph.has_label(y, "missing"));
    assert!(graph.has_label(y, "other"));
    assert!(!graph.has_label(b, "other"));
}

#[test]
fn lookup_by_id_and_unique_prefix() {
    let graph = eleven().graph();
    assert_eq!(
        graph.lookup(&n(3)),
        Lookup::Found(graph.get(&n(3)).unwrap())
    );
    assert_eq!(
        graph.lookup("0003"),
        Lookup::Found(graph.get(&n(3)).unwrap())
    );
    let Lookup::Ambiguous(candidates) = graph.lookup("001") else {
        panic!("001 should be ambiguous");
    };
    assert_eq!(short(&graph, &candidates), [10, 11]);
    assert_eq!(graph.lookup("9"), Lookup::NotFound);
    assert_eq!(graph.lookup(""), Lookup::NotFound);
}

// -------------------------------------------------------------- diagnostics

#[test]
fn cycle_is_reported_and_broken() {
    let project = Project::new(&[
        rev("a").parents(&["c"]),
        rev("b").parents(&["a"]),
        rev("c").parents(&["b"]),
        rev("d").parents(&["c"]),
    ]);
    let (graph, diagnostics) = project.build();
    assert_eq!(codes(&diagnostics), ["revision-cycle"]);
    let cycle = &diagnostics[0];
    assert_eq!(cycle.message, "revisions `a`, `b`, `c` form a cycle");
    assert!(cycle.notes.iter().any(|n| n.contains("a -> b -> c -> a")));
    // The reference from `a` to `c` closes the cycle (in id order) and is
    // the one dropped.
    let a = &project.revisions[0];
    assert_eq!(cycle.primary_span(), Some(a.parents[0].span));
    assert_eq!(ids(&graph, graph.order()), ["a", "b", "c", "d"]);
    assert_eq!(ids(&graph, graph.bases()), ["a"]);
    assert_eq!(ids(&graph, graph.heads()), ["d"]);
    let rendered = project.render(&diagnostics);
    assert!(rendered.contains("error[revision-cycle]"), "{rendered}");
    assert!(rendered.contains("versions/a.mig"), "{rendered}");
}

#[test]
fn self_parent_is_a_cycle() {
    let project = Project::new(&[rev("a").parents(&["a"])]);
    let (graph, diagnostics) = project.build();
    assert_eq!(codes(&diagnostics), ["revision-cycle"]);
    assert_eq!(diagnostics[0].message, "revision `a` is its own parent");
    assert_eq!(ids(&graph, graph.heads()), ["a"]);
}

#[test]
fn missing_parent_suggests_a_close_id() {
    let project = Project::new(&[
        rev("0001_init"),
        rev("0002_fees").parents(&["0001_int"]),
        rev("0003_x")
            .parents(&["0002_fees"])
            .depends(&["nothing_like_it"]),
    ]);
    let (graph, diagnostics) = project.build();
    assert_eq!(codes(&diagnostics), ["missing-parent", "missing-parent"]);
    let typo = &diagnostics[0];
    assert_eq!(
        typo.message,
        "parent `0001_int` of revision `0002_fees` does not exist"
    );
    assert_eq!(typo.help.as_deref(), Some("did you mean `0001_init`?"));
    assert_eq!(
        typo.primary_span(),
        Some(project.revisions[1].parents[0].span)
    );
    assert_eq!(diagnostics[1].help, None);
    // The revision stays in the graph, as a root.
    assert_eq!(ids(&graph, graph.bases()), ["0001_init", "0002_fees"]);
    let rendered = project.render(&diagnostics);
    assert!(
        rendered.contains("versions/0002_fees.mig:2:10"),
        "{rendered}"
    );
}

#[test]
fn duplicate_revision_points_at_both_definitions() {
    let project = Project::new(&[
        rev("a"),
        rev("b").parents(&["a"]).message("first"),
        rev("b").parents(&["a"]).message("second"),
    ]);
    let (graph, diagnostics) = project.build();
    assert_eq!(codes(&diagnostics), ["duplicate-revision"]);
    let d = &diagnostics[0];
    assert_eq!(d.labels.len(), 2);
    assert!(d.labels[0].primary);
    assert_eq!(d.labels[0].span, project.revisions[2].id.span);
    assert_eq!(d.labels[1].span, project.revisions[1].id.span);
    assert_eq!(d.labels[1].message, "first defined here");
    assert!(graph.contains(1) && !graph.contains(2));
    assert_eq!(graph.get("b"), Some(1));
    assert_eq!(graph.order().len(), 2);
}

#[test]
fn invalid_revision_ids() {
    let long = "a".repeat(33);
    let project = Project::new(&[rev(&long), rev("a-b"), rev("größe"), rev(&"b".repeat(32))]);
    let (graph, diagnostics) = project.build();
    assert_eq!(
        codes(&diagnostics),
        [
            "invalid-revision-id",
            "invalid-revision-id",
            "invalid-revision-id"
        ]
    );
    assert_eq!(
        diagnostics[0].labels[0].message,
        "it is 33 characters long, more than 32"
    );
    assert_eq!(diagnostics[1].labels[0].message, "it contains '-'");
    assert_eq!(diagnostics[2].labels[0].message, "it contains 'ö', 'ß'");
    // Still nodes, so later stages can refer to them.
    assert_eq!(graph.order().len(), 4);
}

#[test]
fn duplicate_labels() {
    let project = Project::new(&[
        rev("a").labels(&["x"]),
        rev("b").parents(&["a"]).labels(&["x"]),
        rev("c").labels(&["y", "y"]),
        rev("d").labels(&["a"]),
    ]);
    let (_, diagnostics) = project.build();
    assert_eq!(
        codes(&diagnostics),
        ["duplicate-label", "duplicate-label", "duplicate-label"]
    );
    assert_eq!(
        diagnostics[0].message,
        "branch label `x` is declared on `a` and `b`"
    );
    assert_eq!(diagnostics[0].labels[1].message, "first declared here");
    assert_eq!(diagnostics[1].message, "branch label `y` is listed twice");
    assert_eq!(
        diagnostics[2].message,
        "branch label `a` is also a revision id"
    );
}

#[test]
fn ten_thousand_revision_chain() {
    let revs: Vec<Rev> = (0..10_000)
        .map(|k| {
            let r = rev(&format!("r{k:05}"));
            if k == 0 {
                r
            } else {
                r.parents(&[&format!("r{:05}", k - 1)])
            }
        })
        .collect();
    let project = Project::new(&revs);
    let graph = project.graph();
    assert_eq!(graph.order().len(), 10_000);
    assert_eq!(ids(&graph, graph.heads()), ["r09999"]);
    let sel = graph.resolve("head-9999").unwrap();
    assert_eq!(ids(&graph, sel.to.revisions()), ["r00000"]);
    let all = graph
        .history_revisions(&Selection::everything(&graph))
        .unwrap();
    assert_eq!(all.len(), 10_000);
    let history = show::history(
        &graph,
        &project.revisions,
        &project.sources,
        &Selection::everything(&graph),
        false,
    )
    .unwrap();
    assert_eq!(history.lines().count(), 10_000);

    // A 10,000-long cycle is found without recursion too.
    let mut cyclic = revs;
    cyclic[0] = rev("r00000").parents(&["r09999"]);
    let (graph, diagnostics) = Project::new(&cyclic).build();
    assert_eq!(codes(&diagnostics), ["revision-cycle"]);
    assert_eq!(graph.order().len(), 10_000);
}

// ------------------------------------------------------------------- ranges

/// The `to` side of a spec, as short numbers.
fn to(graph: &Graph, spec: &str) -> Vec<usize> {
    let selection = graph
        .resolve(spec)
        .unwrap_or_else(|d| panic!("{spec}: {d:?}"));
    short(graph, selection.to.revisions())
}

fn error(graph: &Graph, spec: &str) -> Diagnostic {
    let error = graph.resolve(spec).expect_err(spec);
    assert!(error.labels.is_empty(), "range errors have no span");
    error
}

fn upgrade(graph: &Graph, spec: &str) -> Vec<usize> {
    short(
        graph,
        &graph.upgrade_revisions(&graph.resolve(spec).unwrap()),
    )
}

fn downgrade(graph: &Graph, spec: &str) -> Vec<usize> {
    short(
        graph,
        &graph.downgrade_revisions(&graph.resolve(spec).unwrap()),
    )
}

fn history(graph: &Graph, spec: &str) -> Vec<usize> {
    let selection = graph.resolve(spec).unwrap();
    short(graph, &graph.history_revisions(&selection).unwrap())
}

#[test]
fn symbols() {
    let graph = eleven().graph();
    assert_eq!(to(&graph, "base"), [] as [usize; 0]);
    assert_eq!(to(&graph, "head"), [11]);
    assert_eq!(to(&graph, "heads"), [11]);
    assert_eq!(to(&graph, &n(3)), [3]);
    assert_eq!(to(&graph, "0003"), [3]);
    assert_eq!(to(&graph, "0003aa"), [3]);
    // A bare label names the revision that declares it.
    assert_eq!(to(&graph, "feature_a"), [7]);
    let single = graph.resolve("0003").unwrap();
    assert!(single.from.is_base());
}

#[test]
fn ambiguous_and_unknown_revisions() {
    let graph = eleven().graph();
    let ambiguous = error(&graph, "000");
    assert_eq!(ambiguous.code, "ambiguous-revision");
    assert_eq!(ambiguous.message, "`000` is the prefix of 9 revisions");
    assert!(
        ambiguous.notes[0].starts_with("candidates: `0001aaaa0001`, `0002aaaa0002`,"),
        "{:?}",
        ambiguous.notes
    );
    let unknown = error(&graph, "zzzz");
    assert_eq!(unknown.code, "unknown-revision");
    assert_eq!(
        unknown.message,
        "no revision or branch label matches `zzzz`"
    );
    assert!(
        unknown
            .notes
            .contains(&"branch labels: feature_a".to_string())
    );
    assert_eq!(error(&graph, "0003:zzzz").code, "unknown-revision");
    assert_eq!(error(&graph, "nobranch@head").code, "unknown-revision");
    assert_eq!(error(&graph, "current").code, "unknown-revision");
    assert_eq!(error(&graph, "a:b:c").code, "invalid-range");
    assert_eq!(error(&graph, "").code, "invalid-range");
}

#[test]
fn ranges_with_empty_sides() {
    let graph = eleven().graph();
    let sel = graph.resolve("0003:0005").unwrap();
    assert_eq!(short(&graph, sel.from.revisions()), [3]);
    assert_eq!(short(&graph, sel.to.revisions()), [5]);
    let sel = graph.resolve(":0005").unwrap();
    assert!(sel.from.is_base());
    assert_eq!(short(&graph, sel.to.revisions()), [5]);
    let sel = graph.resolve("0009:").unwrap();
    assert_eq!(short(&graph, sel.from.revisions()), [9]);
    assert_eq!(short(&graph, sel.to.revisions()), [11]);
    assert_eq!(graph.resolve(":").unwrap(), Selection::everything(&graph));
}

#[test]
fn relative_steps() {
    let graph = eleven().graph();
    assert_eq!(to(&graph, "+2"), [2]);
    assert_eq!(to(&graph, "-1"), [10]);
    assert_eq!(to(&graph, "head-1"), [10]);
    assert_eq!(to(&graph, "head-2"), [9]);
    assert_eq!(to(&graph, "0003+2"), [5]);
    assert_eq!(to(&graph, "0007-1"), [6]);
    assert_eq!(to(&graph, "0001-1"), [] as [usize; 0]);
    assert_eq!(to(&graph, "base+1"), [1]);
    // A bare step counts from the other side of the range.
    assert_eq!(to(&graph, "0003:+2"), [5]);
    assert_eq!(to(&graph, "head:-1"), [10]);
    let sel = graph.resolve("-2:").unwrap();
    assert_eq!(short(&graph, sel.from.revisions()), [9]);
    // Up through a branch point needs a label; down through a merge fails.
    let branch = error(&graph, "0005+2");
    assert_eq!(
        branch.message,
        "cannot walk up from `0006aaaa0006`: it branches into 0007aaaa0007, 0008aaaa0008"
    );
    assert_eq!(to(&graph, "feature_a@0005+2"), [7]);
    assert_eq!(to(&graph, "feature_a@+7"), [7]);
    assert_eq!(
        error(&graph, "head-3").message,
        "cannot walk down from `0009aaaa0009`: it merges 0007aaaa0007, 0008aaaa0008"
    );
    assert_eq!(
        error(&graph, "head+1").message,
        "cannot walk up from `0011aaaa0011`: it is a head"
    );
    assert_eq!(error(&graph, "base-1").code, "invalid-range");
    assert_eq!(error(&graph, "-1:+1").code, "invalid-range");
}

#[test]
fn branch_labels() {
    let graph = eleven().graph();
    assert_eq!(to(&graph, "feature_a@head"), [11]);
    assert_eq!(to(&graph, "feature_a@heads"), [11]);
    assert_eq!(to(&graph, "feature_a@base"), [6]);
    assert_eq!(to(&graph, "feature_a@0010"), [10]);
    assert_eq!(to(&graph, "feature_a@head-1"), [10]);
    assert_eq!(
        error(&graph, "feature_a@0008").message,
        "revision `0008aaaa0008` is not on branch `feature_a`"
    );
    // Alembic accepts a revision in place of a label.
    assert_eq!(to(&graph, "0008@head"), [11]);
    assert_eq!(
        upgrade(&graph, "feature_a@base:feature_a@head"),
        [8, 7, 9, 10, 11]
    );
}

#[test]
fn several_heads() {
    let project = Project::new(&[
        rev("a"),
        rev("b").parents(&["a"]).labels(&["left"]),
        rev("c").parents(&["a"]).labels(&["right"]),
    ]);
    let graph = project.graph();
    let multiple = error(&graph, "head");
    assert_eq!(multiple.code, "multiple-heads");
    assert!(multiple.notes.contains(&"heads: `b`, `c`".to_string()));
    // A point is in topological order: `c` is applied before `b`.
    assert_eq!(
        ids(&graph, graph.resolve("heads").unwrap().to.revisions()),
        ["c", "b"]
    );
    assert_eq!(
        ids(&graph, graph.resolve("left@head").unwrap().to.revisions()),
        ["b"]
    );
    assert_eq!(
        ids(&graph, graph.resolve("right@head").unwrap().to.revisions()),
        ["c"]
    );
    assert_eq!(
        ids(&graph, graph.resolve("a@heads").unwrap().to.revisions()),
        ["c", "b"]
    );
    assert_eq!(error(&graph, "a@head").code, "multiple-heads");
    assert_eq!(error(&graph, "-1").code, "invalid-range");
    assert_eq!(
        ids(&graph, graph.resolve("right@-1").unwrap().to.revisions()),
        ["a"]
    );
}

#[test]
fn history_lists_the_lower_bound_too() {
    let graph = eleven().graph();
    // `alembic history -r 0005:0010` includes `0004 -> 0005`.
    assert_eq!(history(&graph, "0005:0010"), [10, 9, 7, 8, 6, 5]);
    assert_eq!(history(&graph, ":0003"), [3, 2, 1]);
    assert_eq!(history(&graph, "0009:"), [11, 10, 9]);
    // Only what descends from the lower bound: 0008 is not after 0007.
    assert_eq!(history(&graph, "0007:0011"), [11, 10, 9, 7]);
    let backwards = graph.resolve("0008:0007").unwrap();
    let error = graph.history_revisions(&backwards).unwrap_err();
    assert_eq!(error.code, "invalid-range");
    assert_eq!(
        error.message,
        "`0008aaaa0008` is not an ancestor of `0007aaaa0007`"
    );
}

#[test]
fn upgrade_and_downgrade_steps() {
    let graph = eleven().graph();
    assert_eq!(upgrade(&graph, "head"), [1, 2, 3, 4, 5, 6, 8, 7, 9, 10, 11]);
    assert_eq!(upgrade(&graph, "0003:+2"), [4, 5]);
    // alembic-offline.md: `upgrade 0007:head` runs 0008, then the merge.
    assert_eq!(upgrade(&graph, "0007:head"), [8, 9, 10, 11]);
    assert_eq!(upgrade(&graph, "0005:0003"), [] as [usize; 0]);
    assert_eq!(upgrade(&graph, "0001:0001"), [] as [usize; 0]);
    assert_eq!(upgrade(&graph, "base"), [] as [usize; 0]);
    assert_eq!(downgrade(&graph, "head:-1"), [11]);
    assert_eq!(downgrade(&graph, "0011:0005"), [11, 10, 9, 7, 8, 6]);
    assert_eq!(
        downgrade(&graph, "head:base"),
        [11, 10, 9, 7, 8, 6, 5, 4, 3, 2, 1]
    );
    // Downgrading to 0007 undoes what was built on it and keeps 0008,
    // as Alembic does (the merge downgrade re-inserts both parents).
    assert_eq!(downgrade(&graph, "0011:0007"), [11, 10, 9]);
    assert_eq!(downgrade(&graph, "0003:0005"), [] as [usize; 0]);
}

#[test]
fn dependencies_are_applied_first() {
    let project = Project::new(&[
        rev("a"),
        rev("b").parents(&["a"]),
        rev("x"),
        rev("y").parents(&["x"]).depends(&["b"]),
    ]);
    let graph = project.graph();
    let steps = graph.upgrade_revisions(&graph.resolve("y").unwrap());
    // Ready revisions are walked in id order from the head down, so the
    // `b` line is walked first and applied last-but-one.
    assert_eq!(ids(&graph, &steps), ["x", "a", "b", "y"]);
    let steps = graph.downgrade_revisions(&graph.resolve("heads:a").unwrap());
    assert_eq!(ids(&graph, &steps), ["y", "b"]);
}

// ------------------------------------------------------------------- output

/// Compares with `tests/cases/graph/<name>`; `MIGC_BLESS=1` rewrites it.
fn assert_golden(name: &str, actual: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cases/graph")
        .join(name);
    if std::env::var_os("MIGC_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with MIGC_BLESS=1 to create it)",
            path.display()
        )
    });
    assert!(
        expected == actual,
        "{} differs (MIGC_BLESS=1 rewrites it)\n--- expected\n{expected}\n--- actual\n{actual}",
        path.display()
    );
}

#[test]
fn eleven_history() {
    let p = eleven();
    let g = p.graph();
    let all = Selection::everything(&g);
    let text = show::history(&g, &p.revisions, &p.sources, &all, false).unwrap();
    assert_golden("eleven/history.txt", &text);
    // Spot checks of what alembic-offline.md observed.
    assert!(text.contains("0006aaaa0006 -> 0007aaaa0007 (feature_a), "));
    assert!(text.contains("0005aaaa0005 -> 0006aaaa0006 (branchpoint), "));
    assert!(text.contains("0007aaaa0007, 0008aaaa0008 -> 0009aaaa0009 (feature_a) (mergepoint), "));
    let verbose = show::history(&g, &p.revisions, &p.sources, &all, true).unwrap();
    assert_golden("eleven/history-verbose.txt", &verbose);
}

#[test]
fn eleven_history_range() {
    let p = eleven();
    let g = p.graph();
    let sel = g.resolve("0005:0010").unwrap();
    let text = show::history(&g, &p.revisions, &p.sources, &sel, false).unwrap();
    assert_eq!(
        text,
        "\
0009aaaa0009 -> 0010aaaa0010 (feature_a), batch alter labels
0007aaaa0007, 0008aaaa0008 -> 0009aaaa0009 (feature_a) (mergepoint), merge feature_a and audit
0006aaaa0006 -> 0007aaaa0007 (feature_a), feature a: labels
0006aaaa0006 -> 0008aaaa0008, add audit log
0005aaaa0005 -> 0006aaaa0006 (branchpoint), add fees
0004aaaa0004 -> 0005aaaa0005, index orders
"
    );
}

#[test]
fn eleven_heads() {
    let p = eleven();
    let g = p.graph();
    assert_eq!(
        show::heads(&g, &p.revisions, &p.sources, false),
        "0011aaaa0011 (feature_a) (head)\n"
    );
    assert_eq!(
        show::heads(&g, &p.revisions, &p.sources, true),
        "\
Rev: 0011aaaa0011 (head)
Parent: 0010aaaa0010
Branch names: feature_a
Path: versions/0011aaaa0011.mig

    cleanup

"
    );
}

#[test]
fn eleven_graph() {
    let p = eleven();
    let g = p.graph();
    assert_golden("eleven/graph.mmd", &show::graph_mermaid(&g, &p.revisions));
    assert_golden("eleven/graph.dot", &show::graph_dot(&g, &p.revisions));
}

/// Dependencies, an effective head, and messages that need escaping.
fn tricky() -> Project {
    Project::new(&[
        rev("a").message("say \"hi\" [now] <b> & #1 — größe\nsecond line\n\nmore text"),
        rev("b")
            .parents(&["a"])
            .message("back\\slash `code` {x} (y) |z|"),
        rev("x").labels(&["side"]),
        rev("y").parents(&["x"]).depends(&["b"]),
    ])
}

#[test]
fn history_with_dependencies_and_effective_heads() {
    let p = tricky();
    let g = p.graph();
    let all = Selection::everything(&g);
    assert_eq!(
        show::history(&g, &p.revisions, &p.sources, &all, false).unwrap(),
        "\
x (b) -> y (side) (head), 
a -> b (effective head), back\\slash `code` {x} (y) |z|
<base> -> a, say \"hi\" [now] <b> & #1 — größe
second line
<base> -> x (side), 
"
    );
    let y = g.get("y").unwrap();
    let verbose = show::history(&g, &p.revisions, &p.sources, &all, true).unwrap();
    assert!(verbose.starts_with(
        "\
Rev: y (head)
Parent: x
Also depends on: b
Branch names: side
Path: versions/y.mig



Rev: b (head)
"
    ));
    assert!(verbose.contains(
        "\
Path: versions/a.mig

    say \"hi\" [now] <b> & #1 — größe
    second line
    
    more text

"
    ));
    assert_eq!(
        show::heads(&g, &p.revisions, &p.sources, false),
        "b (effective head)\ny (side) (head)\n"
    );
    assert!(g.is_real_head(y));
}

#[test]
fn graph_escapes_labels() {
    let p = tricky();
    let g = p.graph();
    assert_eq!(
        show::graph_mermaid(&g, &p.revisions),
        r##"flowchart TD
    r_x["x<br/>"]
    r_a["a<br/>say #34;hi#34; [now] #60;b#62; #38; #35;1 #8212; gr#246;#223;e<br/>second line"]
    r_b["b<br/>back#92;slash #96;code#96; {x} (y) |z|"]
    r_y["y<br/>"]
    r_a --> r_b
    r_x --> r_y
    r_b -.-> r_y
    classDef head fill:#d4edda,stroke:#2e7d32,stroke-width:2px
    classDef merge fill:#fff3cd,stroke:#b8860b,stroke-width:2px
    class r_b,r_y head
"##
    );
    assert_eq!(
        show::graph_dot(&g, &p.revisions),
        r##"digraph revisions {
    node [shape=box];
    "x" [label="x\n"];
    "a" [label="a\nsay \"hi\" [now] <b> & #1 — größe\nsecond line"];
    "b" [label="b\nback\\slash `code` {x} (y) |z|", style=filled, fillcolor="#d4edda", penwidth=2];
    "y" [label="y\n", style=filled, fillcolor="#d4edda", penwidth=2];
    "a" -> "b";
    "x" -> "y";
    "b" -> "y" [style=dashed];
}
"##
    );
}

#[test]
fn empty_project_and_single_points() {
    let p = Project::new(&[]);
    let g = p.graph();
    assert!(g.heads().is_empty() && g.order().is_empty());
    assert!(g.resolve("head").unwrap().to.is_base());
    assert!(g.resolve("heads").unwrap().to.is_base());
    assert_eq!(
        error(&g, "+1").message,
        "cannot walk up from base: there are no revisions"
    );
    assert_eq!(
        show::history(
            &g,
            &p.revisions,
            &p.sources,
            &Selection::everything(&g),
            false
        )
        .unwrap(),
        ""
    );
    assert_eq!(
        show::graph_mermaid(&g, &p.revisions),
        "flowchart TD\n    classDef head fill:#d4edda,stroke:#2e7d32,stroke-width:2px\n    classDef merge fill:#fff3cd,stroke:#b8860b,stroke-width:2px\n"
    );

    let g = eleven().graph();
    let at = g.resolve_point("feature_a@head-1").unwrap();
    assert_eq!(short(&g, at.revisions()), [10]);
    assert_eq!(
        g.resolve_point("0001:0002").unwrap_err().code,
        "invalid-range"
    );
}
