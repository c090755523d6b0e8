//! Property test on real engines: a random valid history of revisions
//! (linear, or ending in a branch and a merge), compiled for the engine's
//! dialect as `migc sql` compiles it (upgrade from base, then the
//! downgrade back to base, then the upgrade again), runs on the engine; both upgrades leave the same schema and the
//! downgrade leaves only the version table.
//!
//! The statements come from the generator of the derived-downgrade
//! property (`downgrade.rs`) in its engine mode, which keeps to what the
//! dialect can express and the engine accepts. No revision has a `down`
//! block: every downgrade is derived. Any error while compiling, any
//! statement the engine refuses, any difference in the schema fails.
//!
//! SQLite runs in-process and gets the most cases; PostgreSQL and
//! MariaDB cost round trips through their clients and get fewer. With
//! `MIGC_REQUIRE_EXTERNAL` set (CI), a missing server fails the test.

use crate::downgrade::{Generator, Rng, generate, revision_text};
use crate::emit::{Cycle, Engine, ServerEngine, SqliteEngine, load, round_trip};
use crate::engines::{Kind, Server};
use migc::catalog::Catalog;
use migc::dialect::DialectId;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// The `.mig` files of a history of `revisions` revisions with up to
/// `len` statements each, valid for `dialect`'s engine. Half of the
/// histories of two revisions or more end in a branch and a merge: the
/// last revision gets a sibling creating tables of its own, and a merge
/// revision joins the two.
fn history(seed: u64, revisions: usize, len: usize, dialect: DialectId) -> Vec<String> {
    let mut g = Generator {
        rng: Rng(seed | 1),
        fresh: 0,
        engine: Some(dialect),
    };
    let mut catalog = Catalog::new();
    let mut files = Vec::new();
    for rev in 0..revisions {
        // The first revision builds tables to act on; the later ones use
        // every kind of statement the generator has.
        let stmts = generate(&mut g, &mut catalog, len, rev > 0, rev);
        let id = format!("r{rev}");
        let parent = rev.checked_sub(1).map(|p| format!("r{p}"));
        files.push(revision_text(&id, parent.as_deref(), &stmts));
    }
    if revisions >= 2 && g.rng.chance(50) {
        // Tables only the sibling knows, so the branches cannot clash.
        let text = if dialect == DialectId::Mysql {
            "varchar(40)"
        } else {
            "text"
        };
        let tables: Vec<String> = (0..=g.rng.below(2))
            .map(|i| format!("create table side{i} (id bigint primary key, c {text} not null)"))
            .collect();
        let fork = format!("r{}", revisions - 2);
        files.push(revision_text("side", Some(&fork), &tables));
        let last = format!("r{}", revisions - 1);
        files.push(format!(
            "revision \"merge\"\nparents \"{last}\", \"side\"\nup {{\n}}\n"
        ));
    }
    files
}

/// Runs the whole cycle on a random history.
fn case(
    engine: &mut dyn Engine,
    seed: u64,
    revisions: usize,
    len: usize,
) -> Result<usize, TestCaseError> {
    let files = history(seed, revisions, len, engine.dialect());
    let name = format!("seed {seed}, {revisions} revisions of {len}");
    cycle(engine, &files, &name).map_err(TestCaseError::fail)
}

/// Writes the files as a project folder and runs the whole cycle; the
/// number of statements the engine ran.
fn cycle(engine: &mut dyn Engine, files: &[String], name: &str) -> Result<usize, String> {
    let dir = tempfile::tempdir().unwrap();
    for (i, text) in files.iter().enumerate() {
        std::fs::write(dir.path().join(format!("{i:04}.mig")), text).unwrap();
    }
    let loaded = load(dir.path());
    let shown = files.join("\n");
    match round_trip(engine, &loaded, name) {
        Ok((Cycle::Full, statements)) => Ok(statements),
        Ok((cycle, _)) => Err(format!(
            "{name}: {cycle:?} on {}\n{}\n{shown}",
            engine.dialect(),
            loaded.script_diagnostics(engine.dialect())
        )),
        Err(e) => Err(format!("{e}\n\n{shown}")),
    }
}

fn strategy() -> impl Strategy<Value = (u64, usize, usize)> {
    (any::<u64>(), 1usize..5, 1usize..9)
}

/// Runs `cases` random histories on fresh engines from `engine`.
fn run(cases: u32, engine: &dyn Fn() -> Box<dyn Engine>) {
    let mut runner = TestRunner::new(Config {
        cases,
        // Each shrinking step is another cycle on the engine.
        max_shrink_iters: 32,
        failure_persistence: None,
        ..Config::default()
    });
    let statements = std::cell::Cell::new(0);
    let result = runner.run(&strategy(), |(seed, revisions, len)| {
        let applied = case(engine().as_mut(), seed, revisions, len)?;
        statements.set(statements.get() + applied);
        Ok(())
    });
    eprintln!("{cases} histories, {} statements applied", statements.get());
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// Found by `sqlite_runs_random_histories` (seed 3241306361637675925):
/// SQLite refuses `RENAME COLUMN` of an `INTEGER` column whose `PRIMARY
/// KEY` is declared after a `UNIQUE` on it ("error in table t after
/// rename: no such column"). A key added to such a table must not end up
/// there when the table is rebuilt.
#[test]
fn sqlite_renames_a_column_keyed_after_a_unique_constraint() {
    let files = [
        "revision \"r0\"\nup {\n  create table t (id bigint not null, c integer not null);\n  \
         add constraint u on t unique (c);\n}\n",
        "revision \"r1\"\nparent \"r0\"\nup {\n  add constraint p on t primary key (c);\n}\n",
        "revision \"r2\"\nparent \"r1\"\nup {\n  rename column t.c to d;\n}\n",
    ]
    .map(String::from);
    if let Err(e) = cycle(&mut SqliteEngine::new(), &files, "unique then key") {
        panic!("{e}");
    }
}

#[test]
fn sqlite_runs_random_histories() {
    run(200, &|| Box::new(SqliteEngine::new()));
}

#[test]
fn postgresql_runs_random_histories() {
    let Some(server) = Server::get(Kind::Postgres) else {
        return;
    };
    run(40, &|| Box::new(ServerEngine::on(&server)));
}

#[test]
fn mariadb_runs_random_histories() {
    let Some(server) = Server::get(Kind::Mariadb) else {
        return;
    };
    run(40, &|| Box::new(ServerEngine::on(&server)));
}

/// The generator does branch and merge (about half the time).
#[test]
fn some_histories_branch_and_merge() {
    let merges = (0..40)
        .filter(|&seed| {
            let files = history(seed, 3, 4, DialectId::Postgresql);
            files.len() == 5 && files[4].contains("parents \"r2\", \"side\"")
        })
        .count();
    assert!((5..35).contains(&merges), "{merges} of 40 end in a merge");
}

/// Found by the property: SQLite's table rebuild for `drop column` kept
/// a check naming the dropped column, which the catalog (like
/// PostgreSQL) drops with it; and a column only a check used was
/// dropped in place, which SQLite refuses.
#[test]
fn sqlite_drop_column_drops_the_checks_using_it() {
    let files = [
        "revision \"r0\"\nup {\n  create table t (id bigint primary key, c integer, d integer);\n  \
         add constraint ck on t check (c is not null);\n}\n",
        "revision \"r1\"\nparent \"r0\"\nup {\n  drop column t.c;\n}\n",
        "revision \"r2\"\nparent \"r1\"\nup {\n  add constraint ck2 on t check (d > 0);\n  \
         add constraint fk on t foreign key (id) references t (id);\n  drop column t.d;\n}\n",
    ]
    .map(String::from);
    cycle(&mut SqliteEngine::new(), &files, "checks").unwrap();
}

/// Found by the property: MariaDB refuses to drop a column a foreign key
/// of its table uses; the MySQL emitter now drops such keys first.
#[test]
fn mariadb_drop_column_drops_its_foreign_keys_first() {
    let Some(server) = Server::get(Kind::Mariadb) else {
        return;
    };
    let files = [
        "revision \"r0\"\nup {\n  create table t (id bigint primary key, p bigint, c integer);\n  \
         add constraint fk on t foreign key (p) references t (id);\n}\n",
        "revision \"r1\"\nparent \"r0\"\nup {\n  drop column t.p;\n}\n",
    ]
    .map(String::from);
    cycle(&mut ServerEngine::on(&server), &files, "foreign keys").unwrap();
}

/// Found by the property: MariaDB refuses `SET DEFAULT NULL` on a NOT
/// NULL column, and a column definition (MODIFY, CREATE TABLE) saying
/// `NOT NULL DEFAULT NULL`; the MySQL emitter writes no default instead.
#[test]
fn mariadb_null_default_on_a_not_null_column() {
    let Some(server) = Server::get(Kind::Mariadb) else {
        return;
    };
    let files = [
        "revision \"r0\"\nup {\n  create table t (id bigint primary key, b boolean not null, c integer);\n}\n",
        "revision \"r1\"\nparent \"r0\"\nup {\n  alter column t.b set default null;\n  \
         alter column t.c set default null;\n  alter column t.c set not null;\n}\n",
        // Its downgrade creates the table again, from the catalog.
        "revision \"r2\"\nparent \"r1\"\nup {\n  drop table t;\n}\n",
    ]
    .map(String::from);
    cycle(&mut ServerEngine::on(&server), &files, "null defaults").unwrap();
}

/// Found by the property: PostgreSQL silently leaves out a unique
/// constraint of `CREATE TABLE` that repeats the primary key's columns,
/// so the derived downgrade of `drop table` (which recreates the table)
/// lost it and the next step's `DROP CONSTRAINT` failed.
#[test]
fn postgresql_keeps_a_unique_key_on_the_primary_key_columns() {
    let Some(server) = Server::get(Kind::Postgres) else {
        return;
    };
    let files = [
        "revision \"r0\"\nup {\n  create table t (id bigint primary key, c integer, \
         constraint uq unique (id), constraint uq2 unique (c), constraint uq3 unique (c));\n  \
         add constraint uq4 on t unique (id);\n}\n",
        "revision \"r1\"\nparent \"r0\"\nup {\n  drop table t;\n}\n",
        "revision \"r2\"\nparent \"r1\"\nup {\n  create table u (id bigint primary key, constraint uq5 unique (id));\n  \
         drop constraint uq5 on u;\n}\n",
    ]
    .map(String::from);
    cycle(&mut ServerEngine::on(&server), &files, "unique keys").unwrap();
}

/// Found by the property on PostgreSQL: the catalog let a primary key
/// column take NULL, which PostgreSQL and MySQL refuse.
#[test]
fn drop_not_null_on_a_primary_key_column_is_an_error() {
    let text = "revision \"r\"\nup {\n  create table t (id bigint primary key, c integer not null);\n  \
                alter column t.c drop not null;\n  alter column t.id drop not null;\n}\n";
    let revs = vec![migc::dsl::parse(migc::source::FileId(0), text).0.unwrap()];
    let (graph, _) = migc::graph::Graph::build(&revs);
    let replay = migc::catalog::replay(&revs, &graph);
    let codes: Vec<&str> = replay.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["column-in-primary-key"]);
}

/// Replays one case a failure printed: `MIGC_HISTORY="SEED REVISIONS
/// LEN ENGINE" cargo test history::replay -- --ignored`, ENGINE being
/// `sqlite`, `postgresql` or `mariadb`.
#[test]
#[ignore = "replays the case named in MIGC_HISTORY"]
fn replay() {
    let spec = std::env::var("MIGC_HISTORY").unwrap();
    let parts: Vec<&str> = spec.split_whitespace().collect();
    let [seed, revisions, len, engine] = parts.as_slice() else {
        panic!("MIGC_HISTORY is `SEED REVISIONS LEN ENGINE`");
    };
    let mut engine: Box<dyn Engine> = match *engine {
        "postgresql" => Box::new(ServerEngine::on(&Server::get(Kind::Postgres).unwrap())),
        "mariadb" => Box::new(ServerEngine::on(&Server::get(Kind::Mariadb).unwrap())),
        _ => Box::new(SqliteEngine::new()),
    };
    let (seed, revisions, len) = (
        seed.parse().unwrap(),
        revisions.parse().unwrap(),
        len.parse().unwrap(),
    );
    case(engine.as_mut(), seed, revisions, len).unwrap();
}
