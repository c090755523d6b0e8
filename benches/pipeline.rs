//! The whole pipeline, stage by stage and as processes:
//! `cargo bench --bench pipeline` prints a table for 100, 1,000 and 10,000
//! revisions (per-revision cost must stay flat), and the single-file case a
//! pre-commit hook pays. The same histories are also written as plain
//! SQL (the dbmate layout) and run through the SQL frontend. `cargo bench
//! --bench pipeline -- --write N DIR` only writes a generated project to
//! DIR and its plain-SQL twin to DIR-sql (for hyperfine, perf, squawk…).
//!
//! Stages are timed in-process, best of three runs on warm caches.
//! Commands are timed as processes, best and median of eleven runs, of a
//! copy of the binary (see [`installed_copy`]); memory is the peak RSS of
//! the process (`/usr/bin/time`, when installed).

#[path = "support/allocator.rs"]
mod allocator;

#[path = "support/corpus.rs"]
mod corpus;

use migc::graph::Graph;
use migc::lint::{self, LintInput, Selection, Settings};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let out = f();
        best = best.min(start.elapsed());
        last = Some(out);
    }
    (best, last.expect("at least one run"))
}

/// How many times each command runs as a process.
const PROCESS_RUNS: usize = 11;

/// A copy of the binary cargo just linked, as `cargo install` or a
/// package would place it. The linker's own output file starts measurably
/// slower, every time, until it leaves the page cache (about 0.5 ms more
/// per start on the development machine, with a few dozen more page
/// faults): a property of that file, not of migc.
fn installed_copy() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-bin");
    std::fs::create_dir_all(&dir).expect("bench-bin folder");
    let copy = dir.join("migc");
    let temp = dir.join("migc.new");
    std::fs::copy(env!("CARGO_BIN_EXE_migc"), &temp).expect("binary copied");
    std::fs::rename(&temp, &copy).expect("binary in place");
    copy
}

/// A command's wall times as a process: the best and the median.
struct Wall {
    best: Duration,
    median: Duration,
}

/// Wall times and peak RSS in KiB of `exe --config DIR/migc.toml ARGS`.
fn process(exe: &Path, dir: &Path, args: &[&str]) -> (Wall, Option<u64>, i32) {
    let config = dir.join("migc.toml");
    let mut times = Vec::with_capacity(PROCESS_RUNS);
    let mut code = -1;
    for _ in 0..PROCESS_RUNS {
        let start = Instant::now();
        let status = Command::new(exe)
            .arg("--config")
            .arg(&config)
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .expect("migc runs");
        times.push(start.elapsed());
        code = status.code().unwrap_or(-1);
    }
    times.sort();
    let wall = Wall {
        best: times[0],
        median: times[times.len() / 2],
    };
    let rss = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%M")
        .arg(exe)
        .arg("--config")
        .arg(&config)
        .args(args)
        .stdout(std::process::Stdio::null())
        .output()
        .ok()
        .and_then(|o| {
            let err = String::from_utf8_lossy(&o.stderr).into_owned();
            err.lines().last().and_then(|l| l.trim().parse().ok())
        });
    (wall, rss, code)
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn per_rev(d: Duration, n: usize) -> String {
    format!("{:.1} µs", d.as_secs_f64() * 1e6 / n as f64)
}

fn corpus_dir(n: usize) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("target/bench-corpus/n{n}"))
}

/// Bytes of the files directly in `dir`.
fn dir_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

fn sql_dir(n: usize) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("target/bench-corpus/sql{n}"))
}

/// Writes the history of `project` again as a plain-SQL project in the
/// dbmate layout: one file per revision, in the graph's order, holding
/// the PostgreSQL `migc sql` writes for its `up` and `down` blocks, the
/// latter derived from `up` where the file has none (a section with a
/// `no transaction` part says `transaction:false`). The same operations
/// in the same order, read by the SQL frontend.
fn write_sql_twin(dir: &Path, project: &migc::driver::Project) {
    use migc::emit::fragment::{Fragment, Part, emit_block_alone};
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("migrations")).expect("sql twin folder");
    std::fs::write(
        dir.join("migc.toml"),
        "dialect = \"postgresql\"\nengine_version = \"15\"\nlock_timeout = \"5s\"\nlayout = \"dbmate\"\n",
    )
    .expect("sql twin config");
    let dialect = migc::emit::dialect_for(migc::dialect::DialectId::Postgresql);
    let section = |fragment: Fragment| {
        let mut text = String::new();
        let mut in_transaction = true;
        for part in fragment.parts {
            match part {
                Part::Text(t) => text.push_str(&t),
                Part::LeaveTransaction => in_transaction = false,
                Part::Concurrently(_) | Part::ReenterTransaction => {}
            }
        }
        (text, in_transaction)
    };
    let replay = migc::catalog::replay(&project.revisions, &project.graph);
    for (k, &i) in project.graph.order().iter().enumerate() {
        let rev = &project.revisions[i];
        let up = emit_block_alone(dialect.as_ref(), &rev.up).expect("PostgreSQL needs no schema");
        let (up, up_tx) = section(up);
        let mut file = format!(
            "-- migrate:up{}\n{up}",
            if up_tx { "" } else { " transaction:false" }
        );
        // A `.mig` file without `down` has its downgrade derived from
        // `up`; where that cannot undo everything, the twin has no down
        // section, and both frontends warn `irreversible-downgrade`.
        let derived = match &rev.down {
            Some(_) => None,
            None => replay
                .before(i)
                .map(|before| migc::catalog::downgrade_for(rev, i, before))
                .filter(|d| d.warnings.is_empty()),
        };
        if let Some(down) = rev.down.as_ref().or(derived.as_ref().map(|d| &d.block)) {
            let down =
                emit_block_alone(dialect.as_ref(), down).expect("PostgreSQL needs no schema");
            let (down, down_tx) = section(down);
            file.push_str(&format!(
                "-- migrate:down{}\n{down}",
                if down_tx { "" } else { " transaction:false" }
            ));
        }
        let name = format!("{:06}_{}.sql", k + 1, project.graph.id(i));
        std::fs::write(dir.join("migrations").join(name), file).expect("sql twin file");
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--write") {
        let n: usize = args
            .get(at + 1)
            .and_then(|a| a.parse().ok())
            .unwrap_or(1000);
        let dir = PathBuf::from(
            args.get(at + 2)
                .map_or("target/bench-corpus/custom", String::as_str),
        );
        corpus::write_project(&dir, &corpus::generate(n, 42)).expect("corpus written");
        let project = migc::driver::load(Some(&dir.join("migc.toml")), &dir)
            .unwrap_or_else(|_| panic!("corpus loads"));
        let mut twin = dir.clone().into_os_string();
        twin.push("-sql");
        let twin = PathBuf::from(twin);
        write_sql_twin(&twin, &project);
        println!(
            "wrote {n} revisions to {} and, as plain SQL, to {}",
            dir.display(),
            twin.display()
        );
        return;
    }

    let exe = installed_copy();
    let mut stages = Vec::new();
    let mut commands = Vec::new();
    let mut twins = Vec::new();
    for n in [100usize, 1_000, 10_000] {
        let files = corpus::generate(n, 42);
        let bytes: usize = files.iter().map(|f| f.text.len()).sum();
        let mb = bytes as f64 / 1e6;
        let dir = corpus_dir(n);
        corpus::write_project(&dir, &files).expect("corpus written");

        let config = dir.join("migc.toml");
        let (load, project) = best_of(3, || {
            migc::driver::load(Some(&config), &dir).unwrap_or_else(|_| panic!("corpus loads"))
        });
        assert!(
            !project.has_errors(),
            "the generated corpus has input errors"
        );
        let (graph_time, (graph, _)) = best_of(3, || Graph::build(&project.revisions));
        let (catalog_time, semantic) =
            best_of(3, || migc::catalog::check(&project.revisions, &graph));
        let errors = semantic.iter().filter(|d| d.is_error()).count();
        assert_eq!(
            errors,
            0,
            "the generated corpus has semantic errors: {:?}",
            semantic.first()
        );
        let settings = Settings::from_config(&project.config);
        let selection = Selection::default();
        let (analyse_time, _) = best_of(3, || {
            lint::run(LintInput {
                sources: &project.sources,
                revisions: &project.revisions,
                graph: &project.graph,
                settings: &settings,
                selection: &selection,
                external: Vec::new(),
            })
        });
        let dialect = migc::emit::dialect_for(project.config.dialect);
        let everything = migc::graph::Selection::everything(&graph);
        let options = migc::emit::ScriptOptions::from_config(&project.config);
        let (emit_time, script) = best_of(3, || {
            migc::emit::script::upgrade(
                dialect.as_ref(),
                migc::emit::Catalogs::Replay,
                &project.revisions,
                &graph,
                &everything,
                &options,
            )
        });
        assert!(!script.has_errors(), "the corpus does not emit");
        stages.push(format!(
            "{n:>6} {mb:>7.2} | {:>10} {:>10} {:>10} {:>10} {:>10} | {:>9}",
            ms(load),
            ms(graph_time),
            ms(catalog_time),
            ms(analyse_time),
            ms(emit_time),
            per_rev(load + graph_time + analyse_time, n),
        ));

        let (check, check_rss, _) = process(&exe, &dir, &["check"]);
        let (sql, sql_rss, sql_code) = process(&exe, &dir, &["sql"]);
        assert_eq!(sql_code, 0, "migc sql fails on the corpus");
        let mib =
            |k: Option<u64>| k.map_or("n/a".to_string(), |k| format!("{:.1}", k as f64 / 1024.0));
        let rate = |d: Duration| n as f64 / d.as_secs_f64();
        commands.push(format!(
            "{n:>6} | {:>10} {:>10} {:>9} {:>9.0} {:>7.1} {:>9} | {:>10} {:>10} {:>9} {:>9.0} {:>9}",
            ms(check.best),
            ms(check.median),
            per_rev(check.best, n),
            rate(check.best),
            mb / check.best.as_secs_f64(),
            mib(check_rss),
            ms(sql.best),
            ms(sql.median),
            per_rev(sql.best, n),
            rate(sql.best),
            mib(sql_rss),
        ));

        // The same history as plain SQL, through the SQL frontend.
        let twin = sql_dir(n);
        write_sql_twin(&twin, &project);
        let twin_config = twin.join("migc.toml");
        let loaded = migc::driver::load(Some(&twin_config), &twin)
            .unwrap_or_else(|_| panic!("the SQL twin loads"));
        assert!(
            !loaded.has_errors(),
            "the SQL twin has input errors: {:?}",
            loaded.diagnostics.first()
        );
        assert_eq!(loaded.revisions.len(), n, "the SQL twin has every revision");
        let twin_mb = dir_bytes(&twin.join("migrations")) as f64 / 1e6;
        let (check, _, _) = process(&exe, &twin, &["check"]);
        let (sql, _, sql_code) = process(&exe, &twin, &["sql"]);
        assert_eq!(sql_code, 0, "migc sql fails on the SQL twin");
        twins.push(format!(
            "{n:>6} {twin_mb:>7.2} | {:>10} {:>10} {:>9} | {:>10} {:>10} {:>9}",
            ms(check.best),
            ms(check.median),
            per_rev(check.best, n),
            ms(sql.best),
            ms(sql.median),
            per_rev(sql.best, n),
        ));
    }

    println!("Stages in-process (best of 3; catalog = replay + downgrade checks;");
    println!("analyse = replay + downgrade checks + rules, what `check` runs after loading;");
    println!("emit = replay + SQL for base:heads; per rev = load + graph + analyse)");
    println!(
        "{:>6} {:>7} | {:>10} {:>10} {:>10} {:>10} {:>10} | {:>9}",
        "revs", "MB", "load", "graph", "catalog", "analyse", "emit", "per rev"
    );
    for line in &stages {
        println!("{line}");
    }
    println!();
    println!(
        "Commands as processes (best and median of {PROCESS_RUNS} wall times of a copy of the \
         binary; per rev, revs/s and MB/s from the best; peak RSS from /usr/bin/time)"
    );
    println!(
        "{:>6} | {:>10} {:>10} {:>9} {:>9} {:>7} {:>9} | {:>10} {:>10} {:>9} {:>9} {:>9}",
        "revs",
        "check",
        "median",
        "per rev",
        "revs/s",
        "MB/s",
        "peak MiB",
        "sql",
        "median",
        "per rev",
        "revs/s",
        "peak MiB"
    );
    for line in &commands {
        println!("{line}");
    }
    println!();
    println!(
        "The same histories as plain SQL (dbmate layout, PostgreSQL as `migc sql` writes it), \
         as processes (best and median of {PROCESS_RUNS})"
    );
    println!(
        "{:>6} {:>7} | {:>10} {:>10} {:>9} | {:>10} {:>10} {:>9}",
        "revs", "MB", "check", "median", "per rev", "sql", "median", "per rev"
    );
    for line in &twins {
        println!("{line}");
    }

    // What a pre-commit hook pays: one small file, a fresh process.
    let one = corpus_dir(1);
    corpus::write_project(&one, &corpus::generate(1, 7)).expect("corpus written");
    let (single, _, _) = process(&exe, &one, &["check"]);
    println!(
        "single small file, fresh process: check {} (median {})",
        ms(single.best),
        ms(single.median)
    );
}
