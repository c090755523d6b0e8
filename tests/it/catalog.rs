//! The catalog: semantic errors, derived downgrades and the round-trip
//! check on golden projects under `tests/cases/catalog/<case>/`.

use crate::golden;
use migc::catalog;
use migc::diagnostic::render::{Color, render};
use migc::diagnostic::{self, Diagnostic};
use migc::graph::Graph;
use migc::ir::Revision;
use migc::source::SourceMap;
use std::path::Path;

/// Parses every `.mig` file of a folder (in sorted order, as the driver
/// does) and builds the graph; syntax and graph errors fail the test.
pub(crate) fn load(dir: &Path) -> (SourceMap, Vec<Revision>, Graph) {
    let mut sources = SourceMap::new();
    let mut revisions = Vec::new();
    let mut problems = Vec::new();
    for path in golden::files(dir, "mig") {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let id = sources.add(name, &path, text.clone());
        let (rev, diags) = migc::dsl::parse(id, &text);
        problems.extend(diags);
        revisions.extend(rev);
    }
    let (graph, diags) = Graph::build(&revisions);
    problems.extend(diags);
    assert!(
        problems.is_empty(),
        "{}: {}",
        dir.display(),
        render(&sources, &problems, Color::Never)
    );
    (sources, revisions, graph)
}

fn check(dir: &Path) -> (SourceMap, Vec<Diagnostic>) {
    let (sources, revisions, graph) = load(dir);
    let mut diagnostics = catalog::check(&revisions, &graph);
    diagnostic::sort(&mut diagnostics);
    (sources, diagnostics)
}

/// Every case reports something; the rendered diagnostics are its golden
/// `expected.stderr`.
#[test]
fn cases_render_golden_diagnostics() {
    let root = golden::repo().join("tests/cases/catalog");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 10);
    let mut failures = Vec::new();
    for dir in dirs {
        let (sources, diagnostics) = check(&dir);
        if diagnostics.is_empty() {
            failures.push(format!("{} reported nothing", dir.display()));
        }
        let rendered = render(&sources, &diagnostics, Color::Never);
        if let Err(e) = golden::check(&dir.join("expected.stderr"), &rendered) {
            failures.push(e);
        }
    }
    golden::assert_all(failures);
}

/// Both examples replay without a single diagnostic.
#[test]
fn examples_are_clean() {
    for example in ["shop", "quickstart"] {
        let dir = golden::repo()
            .join("examples")
            .join(example)
            .join("migrations");
        let (sources, diagnostics) = check(&dir);
        assert!(
            diagnostics.is_empty(),
            "{example}: {}",
            render(&sources, &diagnostics, Color::Never)
        );
    }
}

/// What lints ask the replay: is this object new in this revision?
#[test]
fn replay_answers_existed_before_and_created_by() {
    let dir = golden::repo().join("examples/shop/migrations");
    let (_, revisions, graph) = load(&dir);
    let replay = catalog::replay(&revisions, &graph);
    let rev = |id: &str| graph.get(id).unwrap();
    let orders = catalog::ObjectKey::Table(catalog::QualifiedName::new(None, "orders"));
    assert!(!replay.existed_before(rev("0002_orders"), &orders));
    assert!(replay.created_by(rev("0002_orders"), &orders));
    assert!(replay.existed_before(rev("0009_order_refunds"), &orders));
    let refunded = catalog::ObjectKey::Column(
        catalog::QualifiedName::new(None, "orders"),
        "refunded_at".into(),
    );
    assert!(replay.created_by(rev("0009_order_refunds"), &refunded));

    // Provenance survives the merge and points into the creating file.
    let head = replay.after(rev("0012_search")).unwrap();
    let table = head
        .table(&catalog::QualifiedName::new(None, "orders"))
        .unwrap();
    assert_eq!(table.created.revision, rev("0002_orders"));
    assert_eq!(
        table.column("refunded_at").unwrap().created.revision,
        rev("0009_order_refunds")
    );
    // Indexes are found by their schema-level name, without the table.
    let (on, index) = head
        .index(&catalog::QualifiedName::new(None, "ix_orders_open"))
        .unwrap();
    assert_eq!(&*on.name.name, "orders");
    assert!(index.where_clause.is_some());
    assert_eq!(head.indexes_of(&table.name).len(), 3);
    // `0012` runs raw SQL that creates an index: the catalog says so.
    assert!(head.unknown_effects().is_some());
    // Renames carry foreign keys and indexes along.
    let lines = head
        .table(&catalog::QualifiedName::new(None, "order_lines"))
        .unwrap();
    assert!(lines.index("ix_order_items_product_id").is_some());
}

/// Cloning a catalog shares its tables (copy on write): the catalog
/// before a revision is untouched by the revision's changes.
#[test]
fn catalogs_before_and_after_are_independent() {
    let dir = golden::repo().join("examples/shop/migrations");
    let (_, revisions, graph) = load(&dir);
    let replay = catalog::replay(&revisions, &graph);
    let r = graph.get("0011_retire_legacy").unwrap();
    let orders_items = catalog::QualifiedName::new(None, "order_items");
    assert!(replay.before(r).unwrap().table(&orders_items).is_some());
    assert!(replay.after(r).unwrap().table(&orders_items).is_none());
    let tomb = replay
        .after(r)
        .unwrap()
        .tombstone(&catalog::ObjectKey::Table(orders_items))
        .unwrap();
    assert_eq!(tomb.renamed_to.as_deref(), Some("order_lines"));
}

/// Every revision of the examples, with its `down` ignored, gets a derived
/// downgrade that applies cleanly and gives back the schema before it.
/// (Revisions whose `up` runs raw SQL or adds enum values are checked too:
/// raw SQL has a `reverse` here, and enum values are left in place.)
#[test]
fn derived_downgrades_of_the_examples_round_trip() {
    use migc::catalog::apply::{Effects, apply};
    for example in ["shop", "quickstart"] {
        let dir = golden::repo()
            .join("examples")
            .join(example)
            .join("migrations");
        let (sources, revisions, graph) = load(&dir);
        let replay = catalog::replay(&revisions, &graph);
        for &i in graph.order() {
            let state = replay.state(i).unwrap();
            let down = catalog::derive(&revisions[i], i, &state.before);
            let mut after = state.after.clone();
            let mut effects = Effects::default();
            for (stmt, tx) in down.block.stmts() {
                assert!(
                    apply(&mut after, stmt, tx, i, &mut effects),
                    "{}: {}",
                    revisions[i].id.value,
                    render(&sources, &effects.diagnostics, Color::Never)
                );
            }
            let diffs = catalog::compare::differences(
                &state.before,
                &after,
                &state.after,
                revisions[i].up.span,
                None,
            );
            assert!(diffs.is_empty(), "{}: {diffs:#?}", revisions[i].id.value);
        }
    }
}

/// A statement the catalog refuses leaves it exactly as it was, even when
/// it failed after changing it (the table `old` was put in, its name taken
/// from the graveyard and its first foreign key indexed before its second
/// was found dangling; raw SQL created a table before failing): the
/// journal puts everything back.
#[test]
fn a_refused_statement_leaves_the_catalog_as_it_was() {
    let setup = r#"revision "a"
up {
  create table parent (id bigint primary key);
  create table old (id bigint);
  drop table old;
  create table child (id bigint, parent_id bigint references parent (id));
  create index child_parent on child (parent_id);
  create enum mood ('ok', 'sad');
}
"#;
    let refused = r#"revision "b"
up {
  create table old (a int, p bigint references parent (id), q bigint references missing (id));
  create table parent (id bigint);
  rename table parent to child;
  drop column child.missing;
  add column child.mood enum mood2;
  create index child_parent on child (parent_id);
  alter enum mood add value 'ok';
  drop table missing;
  sql "create table fresh (a int); alter table missing add column b int";
  sql "create table fresh (a int); drop index child_parent; create table parent (a int)";
}
"#;
    let stmts = |text: &str| {
        let (rev, diags) = migc::dsl::parse(migc::source::FileId::default(), text);
        assert!(diags.is_empty(), "{diags:?}");
        rev.unwrap()
    };
    let setup = stmts(setup);
    let mut cat = catalog::Catalog::new();
    let mut effects = catalog::apply::Effects::default();
    catalog::apply_up(0, &setup, &mut cat, &mut effects);
    assert!(effects.diagnostics.is_empty(), "{:?}", effects.diagnostics);
    let before = format!("{cat:?}");
    let mut refused = [stmts(refused)];
    migc::sql::raw::analyze_revisions(&mut refused, migc::dialect::DialectId::Postgresql);
    let [refused] = refused;
    for (stmt, tx) in refused.up.stmts() {
        let mut effects = catalog::apply::Effects::default();
        let applied = catalog::apply::apply(&mut cat, stmt, tx, 1, &mut effects);
        assert!(!applied, "applied: {stmt:?}");
        assert!(!effects.diagnostics.is_empty());
        assert!(effects.created.is_empty() && effects.touched.is_empty());
        assert_eq!(format!("{cat:?}"), before, "after {stmt:?}");
    }
}

/// What a merge keeps: each branch's drops, renames and additions; a
/// table one branch dropped and the other re-created, and one a branch
/// dropped that the other changed meanwhile (both standing, so not in the
/// graveyard).
#[test]
fn a_merge_keeps_what_each_branch_did() {
    let files = [
        r#"revision "root"
up {
  create table gone (id int);
  create table old_name (id int);
  create table wide (id int);
  create table again (id int);
  create table kept (id int);
  create enum mood ('ok');
}"#,
        r#"revision "a"
parent "root"
up {
  drop table gone;
  rename table old_name to new_name;
  drop table again;
  add column kept.note text;
}"#,
        r#"revision "b"
parent "root"
up {
  add column wide.extra int;
  drop table again;
  create table again (id bigint);
  alter enum mood add value 'sad';
  drop table kept;
}"#,
        r#"revision "m"
parents "a", "b"
up { }"#,
    ];
    let revisions: Vec<Revision> = files
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let (rev, diags) = migc::dsl::parse(migc::source::FileId(i as u32), text);
            assert!(diags.is_empty(), "{diags:?}");
            rev.unwrap()
        })
        .collect();
    let (graph, diags) = Graph::build(&revisions);
    assert!(diags.is_empty(), "{diags:?}");
    let replay = catalog::replay(&revisions, &graph);
    assert!(replay.diagnostics.is_empty(), "{:?}", replay.diagnostics);
    let merged = replay.after(graph.get("m").unwrap()).unwrap();
    let name = |n: &str| catalog::QualifiedName::new(None, n);
    let tables: Vec<String> = merged.tables().map(|t| t.name.to_string()).collect();
    assert_eq!(tables, ["again", "kept", "new_name", "wide"]);
    assert!(merged.column(&name("wide"), "extra").is_some());
    assert_eq!(
        merged.column(&name("again"), "id").map(|c| c.ty.clone()),
        Some(migc::ir::DataType::BigInt)
    );
    let tomb = |n: &str| merged.tombstone(&catalog::ObjectKey::Table(name(n)));
    assert!(tomb("gone").is_some_and(|t| t.renamed_to.is_none()));
    assert_eq!(
        tomb("old_name")
            .and_then(|t| t.renamed_to.clone())
            .as_deref(),
        Some("new_name")
    );
    assert!(merged.column(&name("kept"), "note").is_some());
    assert!(tomb("again").is_none() && tomb("kept").is_none() && tomb("wide").is_none());
    let mood = merged.enum_type(&name("mood")).unwrap();
    assert_eq!(mood.values, ["ok", "sad"]);
}

/// One statement over a handful of names, so that histories both succeed
/// and fail, often after changing something.
fn journal_statement() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let t = || prop::sample::select(vec!["a", "b", "c"]);
    let c = || prop::sample::select(vec!["x", "y", "z"]);
    let name = || prop::sample::select(vec!["n1", "n2"]);
    prop_oneof![
        (t(), c(), t()).prop_map(|(t, c, u)| format!(
            "create table {t} ({c} int primary key, w int references {u} (x))"
        )),
        (t(), t(), t()).prop_map(|(t, u, v)| format!(
            "create table {t} (x int primary key, w int references {u} (x), v int references {v} (x))"
        )),
        t().prop_map(|t| format!("drop table {t}")),
        (t(), t()).prop_map(|(t, u)| format!("rename table {t} to {u}")),
        (t(), c()).prop_map(|(t, c)| format!("add column {t}.{c} int not null default 0")),
        (t(), c()).prop_map(|(t, c)| format!("drop column {t}.{c}")),
        (t(), c(), c()).prop_map(|(t, c, d)| format!("rename column {t}.{c} to {d}")),
        (t(), c()).prop_map(|(t, c)| format!("alter column {t}.{c} set not null")),
        (t(), c()).prop_map(|(t, c)| format!("alter column {t}.{c} type bigint")),
        (name(), t(), c()).prop_map(|(n, t, c)| format!("create unique index {n} on {t} ({c})")),
        name().prop_map(|n| format!("drop index {n}")),
        (name(), t(), c(), t()).prop_map(|(n, t, c, u)| format!(
            "add constraint {n} on {t} foreign key ({c}) references {u} (x)"
        )),
        (name(), t(), c()).prop_map(|(n, t, c)| format!("add constraint {n} on {t} check ({c} > 0)")),
        (name(), t()).prop_map(|(n, t)| format!("drop constraint {n} on {t}")),
        Just("create enum e ('v')".to_string()),
        Just("alter enum e add value 'w'".to_string()),
        Just("drop enum e".to_string()),
        (t(), c()).prop_map(|(t, c)| format!("add column {t}.{c} enum e")),
        (t(), t()).prop_map(|(t, u)| format!(
            "sql \"create table {t}2 (q int); alter table {u} add column r int\""
        )),
        (t(), c()).prop_map(|(t, c)| format!("backfill {t} set {c} = 1")),
    ]
}

/// Random histories over a few names, applied statement by statement: a
/// statement the catalog refuses leaves it exactly as it was (compared
/// with a copy taken before), whatever it changed before failing. Both
/// outcomes must occur often, or the property would say little.
#[test]
fn a_refused_statement_never_leaves_a_trace() {
    use proptest::strategy::{Strategy, ValueTree};
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::default();
    let history = proptest::collection::vec(journal_statement(), 1..40);
    let (mut applied, mut refused) = (0usize, 0usize);
    for _ in 0..300 {
        let stmts = history.new_tree(&mut runner).expect("a history").current();
        let setup = "create table a (x int primary key, y int, z int);\n  \
                     create table b (x int primary key, y int, z int);\n  ";
        let text = format!(
            "revision \"r\"\nup {{\n  {setup}{};\n}}\n",
            stmts.join(";\n  ")
        );
        let (rev, diags) = migc::dsl::parse(migc::source::FileId(0), &text);
        assert!(diags.iter().all(|d| !d.is_error()), "{text}\n{diags:?}");
        let mut revs = [rev.expect("a revision")];
        migc::sql::raw::analyze_revisions(&mut revs, migc::dialect::DialectId::Postgresql);
        let mut cat = catalog::Catalog::new();
        for (stmt, tx) in revs[0].up.stmts() {
            let before = cat.clone();
            let mut effects = catalog::apply::Effects::default();
            if catalog::apply::apply(&mut cat, stmt, tx, 0, &mut effects) {
                applied += 1;
            } else {
                refused += 1;
                assert_eq!(
                    format!("{cat:?}"),
                    format!("{before:?}"),
                    "{text}\nat {stmt:?}"
                );
            }
        }
    }
    assert!(
        applied > 1000 && refused > 1000,
        "{applied} applied, {refused} refused"
    );
}
