//! The `migc` binary end to end: exit codes, streams, config discovery and
//! the migrations walk, on temporary projects and on `examples/`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A throwaway project folder, deleted when dropped.
pub(crate) struct TempProject {
    dir: tempfile::TempDir,
}

impl TempProject {
    /// An empty folder: no `migc.toml` yet.
    pub(crate) fn empty() -> TempProject {
        TempProject {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// A project with `migc.toml` (given text) and an empty `migrations/`.
    pub(crate) fn with_config(toml: &str) -> TempProject {
        let p = TempProject::empty();
        p.write("migc.toml", toml.as_bytes());
        fs::create_dir_all(p.path().join("migrations")).unwrap();
        p
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn write(&self, relative: &str, contents: &[u8]) {
        let path = self.path().join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
    }
}

pub(crate) fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples")
}

/// A valid revision; `parent` chains it to another one when given.
pub(crate) fn mig(id: &str, parent: Option<&str>) -> Vec<u8> {
    let parent = parent.map_or(String::new(), |p| format!("parent \"{p}\"\n"));
    format!(
        "revision \"{id}\"\n{parent}up {{\n  create table t_{id} (id bigint primary key);\n}}\n"
    )
    .into_bytes()
}

pub(crate) fn migc(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_migc"))
        .args(args)
        .current_dir(cwd)
        .env_remove("NO_COLOR")
        .env_remove("RAYON_NUM_THREADS")
        .output()
        .unwrap()
}

/// `migc --config CONFIG ARGS…` from the config's folder, without colour.
pub(crate) fn migc_with_config(config: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_migc"))
        .args(args)
        .arg("--config")
        .arg(config)
        .args(["--color", "never"])
        .current_dir(config)
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

pub(crate) fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub(crate) fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub(crate) fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn help_exits_0_for_every_subcommand() {
    let cwd = examples();
    for args in [
        &["--help"][..],
        &["check", "--help"],
        &["history", "--help"],
        &["heads", "--help"],
        &["graph", "--help"],
        &["lock", "--help"],
        &["new", "--help"],
        &["merge", "--help"],
        &["fmt", "--help"],
        &["bundle", "--help"],
        &["completions", "--help"],
        &["man", "--help"],
        &["coverage", "--help"],
        &["import", "alembic", "--help"],
        &["help", "check"],
    ] {
        let out = migc(&cwd, args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert!(stdout(&out).contains("Usage:"), "{args:?}");
    }
    let check = stdout(&migc(&cwd, &["check", "--help"]));
    assert!(check.contains("Exit status"), "{check}");
}

#[test]
fn unknown_subcommand_and_bad_flag_exit_2() {
    let cwd = examples();
    for args in [
        &["frobnicate"][..],
        &["check", "--no-such-flag"],
        &["graph", "--format", "png"],
    ] {
        let out = migc(&cwd, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stdout(&out).is_empty());
    }
}

#[test]
fn no_config_found_exits_2_and_says_where_it_looked() {
    let p = TempProject::empty();
    let out = migc(p.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("config-not-found"), "{err}");
    assert!(
        err.contains("no migc.toml or alembic.ini found in"),
        "{err}"
    );
    assert!(err.contains("or any parent directory"), "{err}");
}

#[test]
fn missing_explicit_config_exits_2() {
    let p = TempProject::empty();
    let out = migc(p.path(), &["check", "--config", "elsewhere/migc.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("elsewhere/migc.toml"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn unknown_config_key_is_rendered_with_line_and_column() {
    let p = TempProject::with_config("dialect = \"postgresql\"\nmigration = \"db\"\n");
    let out = migc(p.path(), &["check", "--color", "never"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("error[invalid-config]"), "{err}");
    assert!(err.contains("migc.toml:2:1"), "{err}");
    assert!(err.contains("^^^^^^^^^ unknown key"), "{err}");
}

#[test]
fn unknown_dialect_points_at_the_value() {
    let p = TempProject::with_config("dialect = \"oracle\"\n");
    let err = stderr(&migc(p.path(), &["check"]));
    assert!(err.contains("migc.toml:1:11"), "{err}");
    assert!(err.contains("unknown dialect `oracle`"), "{err}");
}

#[test]
fn config_is_found_upward_from_a_subdirectory() {
    let p = TempProject::with_config("");
    p.write("migrations/0001_init.mig", &mig("0001_init", None));
    p.write(
        "migrations/deep/er/0002_x.mig",
        &mig("0002_x", Some("0001_init")),
    );
    let out = migc(&p.path().join("migrations/deep/er"), &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("checked 2 files"), "{}", stderr(&out));
}

#[test]
fn config_flag_accepts_the_folder_holding_it() {
    let out = migc(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["check", "--config", "examples/quickstart"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn missing_migrations_folder_points_at_the_config_line() {
    let p = TempProject::empty();
    p.write(
        "migc.toml",
        b"dialect = \"sqlite\"\nmigrations = \"db/versions\"\n",
    );
    let out = migc(p.path(), &["check", "--color", "never"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("error[missing-migrations]"), "{err}");
    assert!(err.contains("`db/versions` does not exist"), "{err}");
    assert!(err.contains("migc.toml:2:14"), "{err}");
}

#[test]
fn hidden_files_symlinks_and_other_extensions_are_ignored() {
    let p = TempProject::with_config("");
    p.write("migrations/0001_init.mig", &mig("0001_init", None));
    // Each of these would be an `unreadable-file` error if it were read.
    let bad = b"\xff\xfe not utf-8";
    p.write("migrations/.0002_hidden.mig", bad);
    p.write("migrations/.git/0003_in_hidden_dir.mig", bad);
    p.write("migrations/notes.txt", bad);
    p.write("migrations/0004.mig.orig", bad);
    p.write("outside/0005_target.mig", bad);
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink(
            p.path().join("outside/0005_target.mig"),
            p.path().join("migrations/0005_link.mig"),
        )
        .unwrap();
        symlink(
            p.path().join("outside"),
            p.path().join("migrations/linked_dir"),
        )
        .unwrap();
        symlink(
            p.path().join("nowhere.mig"),
            p.path().join("migrations/0006_dangling.mig"),
        )
        .unwrap();
    }
    let out = migc(p.path(), &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("checked 1 file:"), "{}", stderr(&out));
}

#[test]
fn files_in_nested_folders_are_named_from_the_root_and_sorted_by_path() {
    let p = TempProject::with_config("");
    // `-` sorts before `/`: the files are ordered by their `/`-joined
    // path, as on every platform, not folder by folder.
    p.write("migrations/2024/q1/0002.mig", b"revision {");
    p.write("migrations/2024-0001.mig", b"revision {");
    let out = migc(p.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    let first = err.find("migrations/2024-0001.mig:1:");
    let second = err.find("migrations/2024/q1/0002.mig:1:");
    assert!(
        first.is_some() && second.is_some() && first < second,
        "{err}"
    );
}

#[test]
fn an_unreadable_file_is_reported_and_the_others_still_load() {
    let p = TempProject::with_config("");
    p.write("migrations/0001_init.mig", &mig("0001_init", None));
    p.write("migrations/0002_latin1.mig", b"message \"caf\xe9\"\n");
    p.write(
        "migrations/0003_next.mig",
        &mig("0003_next", Some("0001_init")),
    );
    let out = migc(p.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("error[unreadable-file]"), "{err}");
    assert!(
        err.contains("cannot read `migrations/0002_latin1.mig`: invalid UTF-8 at byte 12"),
        "{err}"
    );
    assert!(err.contains("checked 2 files"), "{err}");
}

#[test]
fn check_rejects_a_path_that_does_not_exist() {
    let p = TempProject::with_config("");
    p.write("migrations/0001_init.mig", &mig("0001_init", None));
    let out = migc(p.path(), &["check", "migrations/0009_typo.mig"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("error[missing-path]"),
        "{}",
        stderr(&out)
    );
    let out = migc(p.path(), &["check", "migrations/0001_init.mig"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn color_is_opt_in_when_stderr_is_not_a_terminal() {
    let p = TempProject::with_config("bogus = 1\n");
    let auto = stderr(&migc(p.path(), &["check"]));
    assert!(!auto.contains('\x1b'), "{auto}");
    let always = stderr(&migc(p.path(), &["check", "--color", "always"]));
    assert!(always.contains('\x1b'), "{always}");
}

#[test]
fn check_passes_on_the_examples() {
    for example in ["shop", "quickstart"] {
        let out = migc(&examples().join(example), &["check"]);
        assert_eq!(out.status.code(), Some(0), "{example}: {}", stderr(&out));
    }
}

/// The README's first command, and the other graph views, on the shop
/// example: golden stdout, nothing on stderr, exit 0.
#[test]
fn graph_views_of_the_shop_example() {
    let dir = crate::golden::repo().join("tests/cases/cli");
    let mut failures = Vec::new();
    for (golden, args) in [
        ("shop-history.txt", &["history"][..]),
        (
            "shop-history-verbose-range.txt",
            &["history", "--verbose", "-r", "0005_customer_profile:0008"],
        ),
        ("shop-heads.txt", &["heads"]),
        ("shop-graph.dot", &["graph", "--format", "dot"]),
    ] {
        let out = migc(&examples().join("shop"), args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{args:?}");
        if let Err(e) = crate::golden::check(&dir.join(golden), &stdout(&out)) {
            failures.push(e);
        }
    }
    crate::golden::assert_all(failures);
}

/// What a newcomer sees after breaking a file: exit 2, and the file, line
/// and column of the mistake with a caret under it.
#[test]
fn a_broken_migration_gets_a_caret_and_exit_2() {
    let p = TempProject::with_config("");
    p.write("migrations/0001_a.mig", &mig("0001_a", None));
    p.write(
        "migrations/0002_b.mig",
        b"revision \"0002_b\"\nparent \"0001_a\"\n\nup {\n  add column t_0001_a.name text not nul;\n}\n",
    );
    let out = migc(p.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("migrations/0002_b.mig:5:37"), "{err}");
    assert!(err.contains("^^^ unexpected here"), "{err}");
    assert!(err.contains("did you mean `null`?"), "{err}");
    // The graph views refuse to show a project with errors.
    assert_eq!(migc(p.path(), &["history"]).status.code(), Some(2));
}

/// Graph problems reach the user through every command.
#[test]
fn a_missing_parent_is_reported_by_check() {
    let p = TempProject::with_config("");
    p.write("migrations/0001_a.mig", &mig("0001_a", None));
    p.write("migrations/0002_b.mig", &mig("0002_b", Some("0001_x")));
    let out = migc(p.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("missing-parent"), "{err}");
    assert!(err.contains("migrations/0002_b.mig:2:"), "{err}");
}

/// Output must not depend on the number of threads. With only a few files
/// rayon may not split the work at all, so the temp project has many.
#[test]
fn output_is_identical_for_any_thread_count() {
    let p = TempProject::with_config("");
    for i in 0..64 {
        let name = format!("migrations/{:04}_r/{i:04}.mig", i % 7);
        if i % 5 == 0 {
            p.write(&name, b"\xc3\x28 broken utf-8");
        } else if i % 3 == 0 {
            // Syntax errors are explained with pest's error detail, which
            // is switched per parse: it must not leak across threads.
            let id = format!("r{i:04}");
            let text = format!(
                "revision \"{id}\"\nup {{\n  create tabel t (id int);\n  add column t.x integr not nul;\n  drop index;\n}}\n"
            );
            p.write(&name, text.as_bytes());
        } else {
            let id = format!("r{i:04}");
            let parent = (i > 0).then(|| format!("r{:04}", i - 1));
            p.write(&name, &mig(&id, parent.as_deref()));
        }
    }
    let dirs = [
        examples().join("shop"),
        examples().join("quickstart"),
        p.path().to_path_buf(),
    ];
    for dir in &dirs {
        for args in [
            &["check"][..],
            &["history"],
            &["heads"],
            &["graph", "--format", "dot"],
        ] {
            let run = |threads: Option<&str>| {
                let mut cmd = Command::new(env!("CARGO_BIN_EXE_migc"));
                cmd.args(args).current_dir(dir).env_remove("NO_COLOR");
                match threads {
                    Some(n) => cmd.env("RAYON_NUM_THREADS", n),
                    None => cmd.env_remove("RAYON_NUM_THREADS"),
                };
                cmd.output().unwrap()
            };
            let one = run(Some("1"));
            for other in [run(None), run(Some("7"))] {
                assert_eq!(one.status.code(), other.status.code(), "{dir:?} {args:?}");
                assert_eq!(stdout(&one), stdout(&other), "{dir:?} {args:?}");
                assert_eq!(stderr(&one), stderr(&other), "{dir:?} {args:?}");
            }
        }
    }
}

/// The examples have no semantic error, no downgrade problem and no lint
/// finding above `info` (the PostgreSQL style notes are allowed).
#[test]
fn check_finds_nothing_above_info_on_the_examples() {
    for example in ["shop", "quickstart"] {
        let out = migc(
            &examples().join(example),
            &["check", "--fail-on", "warning"],
        );
        assert_eq!(out.status.code(), Some(0), "{example}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            !err.contains("error[") && !err.contains("warning["),
            "{example}: {err}"
        );
        assert!(
            err.contains(": 0 errors, 0 warnings,") || err.contains("no problems found"),
            "{example}: {err}"
        );
    }
}

/// A `down` that forgets an index: a content finding (exit 1), with the
/// caret on the `down` keyword and the `up` operation labelled.
#[test]
fn a_down_that_forgets_an_index_exits_1_with_a_caret_on_down() {
    let p = TempProject::with_config("");
    p.write(
        "migrations/0001_fees.mig",
        b"revision \"0001_fees\"\nmessage \"fees\"\n\nup {\n  create table fees (id bigint primary key, status text);\n  create index ix_fees_status on fees (status);\n}\n\ndown {\n  drop index ix_fees_status;\n  drop table fees;\n}\n",
    );
    p.write(
        "migrations/0002_paid.mig",
        b"revision \"0002_paid\"\nparent \"0001_fees\"\nmessage \"paid fees\"\n\nup {\n  add column fees.paid boolean null;\n  create index ix_fees_open on fees (status) where status = 'open';\n}\n\ndown {\n  drop column fees.paid;\n}\n",
    );
    let out = migc(p.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(
            "error[downgrade-mismatch]: `down` does not drop index `ix_fees_open` created by `up`"
        ),
        "{err}"
    );
    assert!(err.contains("migrations/0002_paid.mig:10:1"), "{err}");
    assert!(err.contains("10 │ down {\n   │ ^^^^ this `down`"), "{err}");
    assert!(err.contains("the `up` operation involved"), "{err}");
    // The lint rules also see the live table: an index built without
    // CONCURRENTLY, locks taken without a lock timeout.
    assert!(err.contains("checked 2 files: 1 error, "), "{err}");
}

/// Bad input still exits 2, and semantic checks wait until it is fixed.
#[test]
fn syntax_errors_exit_2_before_semantic_checks() {
    let p = TempProject::with_config("");
    p.write(
        "migrations/0001_a.mig",
        b"revision \"0001_a\"\nup {\n  drop table nowhere;\n  create tabel x (id int);\n}\n",
    );
    let out = migc(p.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(!err.contains("unknown-table"), "{err}");
    assert!(err.contains("semantic checks and rules skipped"), "{err}");
}

/// `migc schema` at the head and mid-history, and a derived downgrade.
#[test]
fn schema_and_down_of_on_the_shop_example() {
    let dir = crate::golden::repo().join("tests/cases/cli");
    let mut failures = Vec::new();
    for (golden, args) in [
        ("shop-schema-head.txt", &["schema"][..]),
        (
            "shop-schema-0005.txt",
            &["schema", "--at", "0005_customer_profile"],
        ),
        ("shop-down-of-0011.txt", &["schema", "--down-of", "0011"]),
        ("shop-down-of-0005.txt", &["schema", "--down-of", "0005"]),
    ] {
        let out = migc(&examples().join("shop"), args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{args:?}");
        if let Err(e) = crate::golden::check(&dir.join(golden), &stdout(&out)) {
            failures.push(e);
        }
    }
    crate::golden::assert_all(failures);
}

/// The derived downgrade is printed with what it cannot undo on stderr.
#[test]
fn down_of_warns_about_what_it_cannot_undo() {
    let p = TempProject::with_config("");
    p.write("migrations/0001_a.mig", &mig("0001_a", None));
    p.write(
        "migrations/0002_b.mig",
        b"revision \"0002_b\"\nparent \"0001_a\"\nup {\n  add column t_0001_a.note text null;\n  backfill t_0001_a set note = 'x';\n}\n",
    );
    let out = migc(p.path(), &["schema", "--down-of", "0002_b"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "down {\n  drop column t_0001_a.note;\n}\n");
    assert!(stderr(&out).contains("warning[irreversible-downgrade]"));
    // Several heads: `schema` asks which one.
    p.write("migrations/0003_c.mig", &mig("0003_c", Some("0001_a")));
    let out = migc(p.path(), &["schema"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--at"), "{}", stderr(&out));
}
