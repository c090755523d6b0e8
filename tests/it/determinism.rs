//! Determinism: every output (`check --format json` and its human
//! rendering, `sql` per dialect up and down, `schema` per dialect, a whole
//! `bundle`) is byte-identical across runs and across rayon thread counts,
//! on a generated history with a branch and a merge (the benchmarks'
//! corpus) with findings in many files, and on a copy of it with syntax
//! errors in many files.

#[path = "../../benches/support/corpus.rs"]
#[allow(dead_code)]
pub(crate) mod corpus;

use crate::cli::TempProject;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// 310 revisions: the corpus branches and merges every 300.
const REVISIONS: usize = 310;

fn project(broken: bool) -> TempProject {
    let p = TempProject::empty();
    let mut files = corpus::generate(REVISIONS, 7);
    for (i, f) in files.iter_mut().enumerate() {
        // Backfills have no derived downgrade, which would refuse the
        // bundle: they go.
        let kept: Vec<&str> = f
            .text
            .lines()
            .filter(|l| !l.trim_start().starts_with("backfill"))
            .collect();
        f.text = kept.join("\n") + "\n";
        // A finding (a dropped column) in every 5th file, a syntax error
        // in every 7th of the broken copy: what many files report is
        // gathered in parallel and must come out in one order.
        if broken && i % 7 == 3 {
            f.text = f
                .text
                .replacen("up {\n", "up {\n  creat table oops (id int);\n", 1);
        } else if i % 5 == 1 {
            let stmts = format!(
                "up {{\n  create table gone{i} (id bigint primary key, x integer);\n  \
                 drop column gone{i}.x;\n"
            );
            f.text = f.text.replacen("up {\n", &stmts, 1);
        }
    }
    corpus::write_project(p.path(), &files).unwrap();
    p
}

/// stdout, stderr and exit code of `migc ARGS` with that many threads.
fn run(cwd: &Path, args: &[&str], threads: Option<usize>) -> (Vec<u8>, Vec<u8>, Option<i32>) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_migc"));
    cmd.args(args)
        .args(["--color", "never"])
        .current_dir(cwd)
        .env_remove("RAYON_NUM_THREADS");
    if let Some(n) = threads {
        cmd.env("RAYON_NUM_THREADS", n.to_string());
    }
    let o = cmd.output().unwrap();
    (o.stdout, o.stderr, o.status.code())
}

fn bundle(cwd: &Path, out: &Path, threads: Option<usize>) -> BTreeMap<String, Vec<u8>> {
    let out_arg = out.to_str().unwrap();
    let (_, err, code) = run(cwd, &["bundle", "-o", out_arg, "--allow-findings"], threads);
    assert_eq!(code, Some(0), "{}", String::from_utf8_lossy(&err));
    std::fs::read_dir(out)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The commands compared, each with the thread counts it runs under.
fn commands() -> Vec<Vec<&'static str>> {
    let mut out = vec![vec!["check", "--format", "json"], vec!["check"]];
    for d in ["postgresql", "mysql", "sqlite"] {
        out.push(vec!["sql", "--dialect", d]);
        out.push(vec!["sql", "--dialect", d, "--down", "heads:base"]);
        out.push(vec!["schema", "--dialect", d]);
    }
    out
}

#[test]
fn outputs_are_identical_across_runs_and_thread_counts() {
    let p = project(false);
    let out = tempfile::tempdir().unwrap();
    for args in commands() {
        let first = run(p.path(), &args, None);
        // The corpus is PostgreSQL's: on MySQL and SQLite some of it is
        // unsupported, and its backfills have no derived downgrade. Those
        // commands are refused (exit code 2), with the same errors every
        // time; the PostgreSQL upgrade and schema must succeed.
        let must_succeed =
            !args.contains(&"--down") && !args.contains(&"mysql") && !args.contains(&"sqlite");
        assert!(
            !must_succeed || matches!(first.2, Some(0 | 1)),
            "{args:?}: {:?}\n{}",
            first.2,
            String::from_utf8_lossy(&first.1)
        );
        assert!(
            !first.0.is_empty() || !first.1.is_empty(),
            "{args:?} wrote nothing"
        );
        if args == ["check", "--format", "json"] {
            // Findings in many files.
            let json: serde_json::Value = serde_json::from_slice(&first.0).unwrap();
            let files: std::collections::BTreeSet<&str> = json["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|d| d["labels"][0]["file"].as_str())
                .collect();
            assert!(files.len() >= REVISIONS / 5, "{files:?}");
        }
        // `check` is the cheapest: every thread count; the others a spread.
        let counts: Vec<Option<usize>> = if args[0] == "check" {
            std::iter::once(None).chain((1..=8).map(Some)).collect()
        } else {
            vec![None, Some(1), Some(8)]
        };
        for threads in counts {
            assert!(
                run(p.path(), &args, threads) == first,
                "{args:?} differs with RAYON_NUM_THREADS={threads:?}"
            );
        }
    }
    let reference = bundle(p.path(), &out.path().join("a"), None);
    assert!(reference.len() > 2 * REVISIONS, "{}", reference.len());
    for threads in [Some(1), Some(3), Some(8)] {
        let name = format!("t{threads:?}");
        assert!(
            bundle(p.path(), &out.path().join(name), threads) == reference,
            "bundle differs with RAYON_NUM_THREADS={threads:?}"
        );
    }
}

#[test]
fn diagnostics_of_a_broken_project_are_identical_across_thread_counts() {
    let p = project(true);
    for args in [vec!["check", "--format", "json"], vec!["check"]] {
        let first = run(p.path(), &args, None);
        // Syntax errors: the input is refused (exit code 2).
        assert_eq!(first.2, Some(2), "{args:?}");
        let text = String::from_utf8_lossy(if args.len() > 1 { &first.0 } else { &first.1 });
        // Errors from many files.
        assert!(
            text.matches("syntax-error").count() >= REVISIONS / 7,
            "{text}"
        );
        for threads in (1..=8).map(Some).chain([None]) {
            assert!(
                run(p.path(), &args, threads) == first,
                "{args:?} differs with RAYON_NUM_THREADS={threads:?}"
            );
        }
    }
}
