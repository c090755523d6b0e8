//! The workflow commands end to end: `lock`, `new`, `merge`, `fmt`,
//! `completions`, `man`, `bundle`.

use crate::cli::{TempProject, examples, mig, migc, stderr, stdout};
use std::fs;

const TOML: &str = "migrations = \"migrations\"\n";

fn two_revisions() -> TempProject {
    let p = TempProject::with_config(TOML);
    p.write(
        "migrations/0001_users.mig",
        b"revision \"0001_users\"\nmessage \"users\"\n\nup {\n  create table users (id bigint primary key, email text not null);\n}\n",
    );
    p.write("migrations/0002_t.mig", &mig("0002_t", Some("0001_users")));
    p
}

#[test]
fn lock_lists_every_revision_sorted_with_a_hash() {
    let p = two_revisions();
    let o = migc(p.path(), &["lock"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "migc.lock: 2 revisions locked\n");
    let lock = fs::read_to_string(p.path().join("migc.lock")).unwrap();
    let lines: Vec<&str> = lock.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(lines.len(), 2, "{lock}");
    assert!(lines[0].starts_with("0001_users sha256:"), "{lock}");
    assert!(lines[1].starts_with("0002_t sha256:"), "{lock}");
    assert_eq!(lines[0].len(), "0001_users sha256:".len() + 64);
    // Nothing but the lock was written next to migc.toml.
    let names: Vec<String> = fs::read_dir(p.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
    let o = migc(p.path(), &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn editing_a_locked_revision_is_a_finding_on_its_id() {
    let p = two_revisions();
    assert_eq!(migc(p.path(), &["lock"]).status.code(), Some(0));
    p.write(
        "migrations/0001_users.mig",
        b"revision \"0001_users\"\nmessage \"users\"\n\nup {\n  create table users (id bigint primary key, email text null);\n}\n",
    );
    let o = migc(p.path(), &["check", "--color", "never"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains(
            "error[edited-applied-migration]: revision `0001_users` changed after it was locked"
        ),
        "{e}"
    );
    assert!(e.contains("migrations/0001_users.mig:1:11"), "{e}");
    // `[lint]` configuration applies to it like to any rule.
    p.write(
        "migc.toml",
        b"migrations = \"migrations\"\n[lint]\nignore = [\"edited-applied-migration\"]\n",
    );
    let o = migc(p.path(), &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn an_edit_can_be_allowed_with_a_reason_above_the_revision_line() {
    let p = two_revisions();
    assert_eq!(migc(p.path(), &["lock"]).status.code(), Some(0));
    p.write(
        "migrations/0001_users.mig",
        "# migc: allow edited-applied-migration \u{2014} never deployed; checked with the DBA\n\
         revision \"0001_users\"\nmessage \"users\"\n\nup {\n  create table users (id bigint primary key, email text null);\n}\n"
            .as_bytes(),
    );
    let o = migc(p.path(), &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn reformatting_a_locked_revision_is_not_a_finding() {
    let p = two_revisions();
    assert_eq!(migc(p.path(), &["lock"]).status.code(), Some(0));
    p.write(
        "migrations/0001_users.mig",
        b"# The first revision.\nREVISION   \"0001_users\"\nMESSAGE \"users, reworded\"\n\n\n\
          UP {\n    CREATE TABLE users (\n        id    BIGINT PRIMARY KEY,   -- the key\n        \
          email TEXT NOT NULL\n    );\n}\n",
    );
    let o = migc(p.path(), &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn a_deleted_locked_revision_is_a_finding_naming_it() {
    let p = two_revisions();
    assert_eq!(migc(p.path(), &["lock"]).status.code(), Some(0));
    fs::remove_file(p.path().join("migrations/0002_t.mig")).unwrap();
    let o = migc(p.path(), &["check", "--color", "never"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "error[locked-revision-missing]: revision `0002_t` is listed in migc.lock but no migration defines it"
        ),
        "{}",
        stderr(&o)
    );
    // Shown even when only some files are checked (it concerns the project).
    let o = migc(p.path(), &["check", "migrations/0001_users.mig"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}

#[test]
fn a_malformed_lock_line_is_bad_input_with_a_caret() {
    let p = two_revisions();
    p.write("migc.lock", b"# header\n0001_users sha256:nothex\n");
    let o = migc(p.path(), &["check", "--color", "never"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("error[invalid-lock]"), "{}", stderr(&o));
    assert!(stderr(&o).contains("migc.lock:2:1"), "{}", stderr(&o));
}

#[test]
fn the_examples_lock_is_stable() {
    // Locking is deterministic: the same project gives the same lock.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("shop");
    copy_dir(&examples().join("shop"), &copy);
    assert_eq!(migc(&copy, &["lock"]).status.code(), Some(0));
    let first = fs::read(copy.join("migc.lock")).unwrap();
    assert_eq!(migc(&copy, &["lock"]).status.code(), Some(0));
    assert_eq!(first, fs::read(copy.join("migc.lock")).unwrap());
    let o = migc(&copy, &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

pub(crate) fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn mig_files(p: &TempProject) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(p.path().join("migrations"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn new_builds_on_the_head_and_names_the_file_by_the_template() {
    let p = two_revisions();
    let o = migc(
        p.path(),
        &["new", "-m", "Add fees table", "--label", "billing"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let printed = stdout(&o);
    let path = p.path().join(printed.trim());
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    // {yyyymmdd}_{hhmm}_{rev}_{slug}.mig
    let parts: Vec<&str> = name.splitn(4, '_').collect();
    assert_eq!(parts[0].len(), 8, "{name}");
    assert_eq!(parts[1].len(), 4, "{name}");
    assert_eq!(parts[2].len(), 12, "{name}");
    assert_eq!(parts[3], "add_fees_table.mig");
    let text = fs::read_to_string(&path).unwrap();
    assert_eq!(
        text,
        format!(
            "revision \"{}\"\nparent   \"0002_t\"\nmessage  \"Add fees table\"\nlabels   \"billing\"\n\nup {{\n}}\n",
            parts[2]
        )
    );
    // The project still checks, with the new revision as the head.
    let o = migc(p.path(), &["heads"]);
    assert!(stdout(&o).contains(parts[2]), "{}", stdout(&o));
    assert_eq!(migc(p.path(), &["check"]).status.code(), Some(0));
}

#[test]
fn new_with_a_custom_template_and_a_first_revision() {
    let p = TempProject::with_config("file_template = \"{rev}-{slug}\"\n");
    let o = migc(p.path(), &["new", "-m", "init"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let names = mig_files(&p);
    assert_eq!(names.len(), 1);
    assert!(
        names[0].ends_with("-init.mig") && names[0].len() == 12 + 9,
        "{names:?}"
    );
    assert!(
        !fs::read_to_string(p.path().join("migrations").join(&names[0]))
            .unwrap()
            .contains("parent")
    );
    let bad = TempProject::with_config("file_template = \"{slug}\"\n");
    let o = migc(bad.path(), &["new", "-m", "x", "--color", "never"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("must contain `{rev}`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn new_after_a_branch_refuses_unless_parent_is_given() {
    let p = two_revisions();
    p.write("migrations/0003_b.mig", &mig("0003_b", Some("0001_users")));
    let o = migc(p.path(), &["new", "-m", "more", "--color", "never"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("the history has 2 heads (`0002_t`, `0003_b`)"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("--parent"), "{}", stderr(&o));
    assert_eq!(mig_files(&p).len(), 3, "nothing was written");
    let o = migc(p.path(), &["new", "-m", "more", "--parent", "0003_b"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = fs::read_to_string(p.path().join(stdout(&o).trim())).unwrap();
    // Written in the formatter's layout: header values aligned.
    assert!(text.contains("parent   \"0003_b\"\n"), "{text}");
}

#[test]
fn merge_joins_the_heads_with_an_empty_up() {
    let p = two_revisions();
    p.write("migrations/0003_b.mig", &mig("0003_b", Some("0001_users")));
    let o = migc(p.path(), &["merge"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = fs::read_to_string(p.path().join(stdout(&o).trim())).unwrap();
    assert!(
        text.contains(
            "parents  \"0002_t\", \"0003_b\"\nmessage  \"merge 0002_t and 0003_b\"\n\nup {\n}\n"
        ),
        "{text}"
    );
    let o = migc(p.path(), &["heads"]);
    assert_eq!(stdout(&o).lines().count(), 1, "{}", stdout(&o));
    assert_eq!(migc(p.path(), &["check"]).status.code(), Some(0));
    // One head left: nothing to merge.
    let o = migc(p.path(), &["merge", "--color", "never"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nothing to merge"), "{}", stderr(&o));
}

/// Every `.mig` in the repository (examples and test cases): formatting
/// is a fixed point and never changes the IR; every example formats.
#[test]
fn fmt_is_idempotent_and_keeps_the_ir_of_every_mig_in_the_repo() {
    use migc::ir::print;
    use migc::source::FileId;
    let repo = crate::golden::repo();
    let mut files = Vec::new();
    all_migs(&repo.join("examples"), &mut files);
    let examples = files.len();
    all_migs(&repo.join("tests/cases"), &mut files);
    let mut formatted = 0;
    let mut failures = Vec::new();
    for path in &files {
        let text = fs::read_to_string(path).unwrap();
        let (before, diags) = migc::dsl::parse(FileId(0), &text);
        let clean = !diags.iter().any(migc::diagnostic::Diagnostic::is_error);
        let Ok(once) = migc::fmt::format(FileId(0), &text) else {
            if clean {
                failures.push(format!("{}: a clean file did not format", path.display()));
            }
            continue;
        };
        formatted += 1;
        let twice = migc::fmt::format(FileId(0), &once).unwrap();
        if twice != once {
            failures.push(format!(
                "{}: not a fixed point:\n{once}\n---\n{twice}",
                path.display()
            ));
        }
        let (after, _) = migc::dsl::parse(FileId(0), &once);
        if print::revision(&before.unwrap()) != print::revision(&after.unwrap()) {
            failures.push(format!("{}: the IR changed", path.display()));
        }
        // No comment is lost.
        let count = |t: &str| t.matches('#').count() + t.matches("--").count();
        if count(&once) < count(&text) {
            failures.push(format!("{}: a comment was lost:\n{once}", path.display()));
        }
    }
    assert!(
        formatted >= examples && examples >= 15,
        "{formatted} of {}",
        files.len()
    );
    crate::golden::assert_all(failures);
}

#[test]
fn fmt_check_lists_files_and_fmt_rewrites_them() {
    let p = two_revisions();
    p.write(
        "migrations/broken.mig",
        b"revision \"x\"\nup { create tabel t (id int); }\n",
    );
    let o = migc(
        p.path(),
        &[
            "fmt",
            "--check",
            "migrations/0001_users.mig",
            "migrations/0002_t.mig",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "migrations/0001_users.mig\nmigrations/0002_t.mig\n"
    );
    let before = fs::read(p.path().join("migrations/0001_users.mig")).unwrap();
    let o = migc(p.path(), &["fmt", "migrations"]);
    // The broken file is reported and left alone; the others are written.
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("migrations/broken.mig:2:"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        fs::read(p.path().join("migrations/broken.mig")).unwrap(),
        b"revision \"x\"\nup { create tabel t (id int); }\n"
    );
    assert_ne!(
        fs::read(p.path().join("migrations/0001_users.mig")).unwrap(),
        before
    );
    fs::remove_file(p.path().join("migrations/broken.mig")).unwrap();
    let o = migc(p.path(), &["fmt", "--check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(stdout(&o), "");
    // No temporary file is left behind.
    assert_eq!(mig_files(&p).len(), 2, "{:?}", mig_files(&p));
}

fn all_migs(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            all_migs(&path, out);
        } else if path.extension().is_some_and(|x| x == "mig") {
            out.push(path);
        }
    }
}

/// Formatting keeps what `check` finds (suppression comments still cover
/// their statements), on both examples.
#[test]
fn fmt_keeps_the_findings_of_the_examples() {
    for example in ["shop", "quickstart"] {
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join(example);
        copy_dir(&examples().join(example), &copy);
        let findings = |p: &std::path::Path| {
            let o = migc(p, &["check", "--format", "gcc"]);
            let mut lines: Vec<String> = stdout(&o)
                .lines()
                .map(|l| l.split_once(": ").map_or(l, |x| x.1).to_string())
                .collect();
            lines.sort();
            (o.status.code(), lines)
        };
        let before = findings(&copy);
        let o = migc(&copy, &["fmt"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(findings(&copy), before, "{example}");
        assert_eq!(migc(&copy, &["fmt", "--check"]).status.code(), Some(0));
    }
}

#[test]
fn completions_and_man_page_come_from_the_clap_definition() {
    let cwd = examples();
    for shell in ["bash", "zsh", "fish"] {
        let o = migc(&cwd, &["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let text = stdout(&o);
        for sub in ["check", "fmt", "lock", "new", "merge", "completions"] {
            assert!(text.contains(sub), "{shell} completion lacks {sub}");
        }
        if shell == "bash" {
            let dir = tempfile::tempdir().unwrap();
            let file = dir.path().join("migc.bash");
            fs::write(&file, &text).unwrap();
            if let Ok(o) = std::process::Command::new("bash")
                .arg("-n")
                .arg(&file)
                .output()
            {
                assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            }
        }
    }
    let o = migc(&cwd, &["completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2));
    let o = migc(&cwd, &["man"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let man = stdout(&o);
    assert!(man.contains(".TH migc 1"), "{man}");
    for section in [
        "MIGC CHECK",
        "MIGC FMT",
        "MIGC NEW",
        "MIGC LOCK",
        "EXIT STATUS",
        "FILES",
    ] {
        assert!(
            man.contains(&format!(".SH \"{section}\""))
                || man.contains(&format!(".SH {section}\n")),
            "no {section}"
        );
    }
    assert!(man.contains("\\fBmigc new\\fR"), "{man}");
}

/// The pre-commit hooks run subcommands that exist, on `.mig` files.
#[test]
fn pre_commit_hooks_name_real_commands() {
    use clap::CommandFactory;
    let text = fs::read_to_string(crate::golden::repo().join(".pre-commit-hooks.yaml")).unwrap();
    let cli = migc::cli::Cli::command();
    let mut ids = Vec::new();
    for line in text.lines() {
        if let Some(id) = line.strip_prefix("- id: ") {
            ids.push(id.trim().to_string());
        }
        if let Some(entry) = line.trim().strip_prefix("entry: ") {
            let mut words = entry.split_whitespace();
            assert_eq!(words.next(), Some("migc"));
            let sub = words.next().unwrap();
            assert!(cli.find_subcommand(sub).is_some(), "no subcommand `{sub}`");
        }
    }
    assert_eq!(ids, ["migc-check", "migc-fmt"]);
    assert_eq!(text.matches("language: rust").count(), 2);
    assert_eq!(text.matches("files: \\.mig$").count(), 2);
}

// ------------------------------------------------------------------ bundle

/// Runs migc with extra environment variables.
fn migc_env(cwd: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_migc"));
    c.args(args)
        .current_dir(cwd)
        .env_remove("RAYON_NUM_THREADS");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

/// Every file of a folder, by name.
fn read_all(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// What is in a folder (to see that nothing was left behind).
fn names(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn bundle_of_the_quickstart_matches_the_golden_files() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("bundle");
    let cwd = examples().join("quickstart");
    let o = migc(
        &cwd,
        &[
            "bundle",
            "--dialect",
            "postgresql",
            "-o",
            dir.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let golden = crate::golden::repo().join("tests/cases/bundle/quickstart/postgresql");
    let actual = read_all(&dir);
    let mut failures = Vec::new();
    if std::env::var_os("MIGC_BLESS").is_some() {
        let _ = fs::remove_dir_all(&golden);
        fs::create_dir_all(&golden).unwrap();
    }
    for (name, bytes) in &actual {
        let text = String::from_utf8(bytes.clone()).unwrap();
        failures.extend(crate::golden::check(&golden.join(name), &text).err());
    }
    for name in names(&golden) {
        if !actual.contains_key(&name) {
            failures.push(format!("golden {name} was not written"));
        }
    }
    // The listing on stdout names every file.
    assert_eq!(stdout(&o).lines().count(), actual.len());
    // upgrade.sql is what `migc sql` prints.
    let sql = migc(&cwd, &["sql", "--dialect", "postgresql"]);
    assert_eq!(stdout(&sql).as_bytes(), &actual["upgrade.sql"][..]);
    crate::golden::assert_all(failures);
}

#[test]
fn bundle_is_byte_identical_across_runs_and_thread_counts() {
    let out = tempfile::tempdir().unwrap();
    let cwd = examples().join("shop");
    let mut seen = Vec::new();
    for (name, threads) in [("a", None), ("b", None), ("c", Some("1"))] {
        let dir = out.path().join(name);
        let env: Vec<(&str, &str)> = threads
            .map(|t| ("RAYON_NUM_THREADS", t))
            .into_iter()
            .collect();
        let o = migc_env(&cwd, &["bundle", "-o", dir.to_str().unwrap()], &env);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        seen.push(read_all(&dir));
    }
    assert!(seen[0].len() == 28, "{:?}", seen[0].keys());
    assert_eq!(seen[0], seen[1]);
    assert_eq!(seen[0], seen[2]);
    // Writing again over a bundle replaces it, identically.
    let dir = out.path().join("a");
    let o = migc(&cwd, &["bundle", "-o", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(read_all(&dir), seen[0]);
    assert_eq!(names(out.path()), ["a", "b", "c"]);
    // --timestamp adds the time to the manifest only.
    let o = migc(
        &cwd,
        &["bundle", "--timestamp", "-o", dir.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let stamped = read_all(&dir);
    let manifest = String::from_utf8(stamped["manifest.json"].clone()).unwrap();
    assert!(manifest.contains("\"created\": \"20"), "{manifest}");
    assert_eq!(stamped["upgrade.sql"], seen[0]["upgrade.sql"]);
}

#[test]
fn a_failure_while_writing_leaves_no_bundle_and_no_temporary_folder() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("bundle");
    let cwd = examples().join("quickstart");
    for at in [
        "0002_0002_posts_users_write_posts.down.sql",
        "manifest.json",
    ] {
        let o = migc_env(
            &cwd,
            &["bundle", "-o", dir.to_str().unwrap()],
            &[("MIGC_TEST_BUNDLE_FAIL_AT", at)],
        );
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains("injected failure"), "{}", stderr(&o));
        assert!(names(out.path()).is_empty(), "{:?}", names(out.path()));
    }
    // An earlier bundle survives a failed rewrite untouched.
    assert_eq!(
        migc(&cwd, &["bundle", "-o", dir.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    let before = read_all(&dir);
    let o = migc_env(
        &cwd,
        &["bundle", "-o", dir.to_str().unwrap()],
        &[("MIGC_TEST_BUNDLE_FAIL_AT", "upgrade.sql")],
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(read_all(&dir), before);
    assert_eq!(names(out.path()), ["bundle"]);
}

#[test]
fn a_folder_that_is_not_a_bundle_is_never_replaced() {
    let out = tempfile::tempdir().unwrap();
    fs::write(out.path().join("precious.txt"), "keep").unwrap();
    let o = migc(
        &examples().join("quickstart"),
        &["bundle", "-o", out.path().to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("is not a migc bundle"),
        "{}",
        stderr(&o)
    );
    assert_eq!(names(out.path()), ["precious.txt"]);
}

#[test]
fn a_path_traversal_revision_id_is_refused() {
    // The frontend already refuses such ids (exit 2); the bundle checks
    // again before naming any file (unit tests in `bundle`).
    let p = TempProject::with_config(TOML);
    p.write(
        "migrations/0001.mig",
        b"revision \"../../escape\"\nmessage \"x\"\nup {\n  create table t (id bigint primary key);\n}\n",
    );
    let o = migc(p.path(), &["bundle", "-o", "out", "--color", "never"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("invalid revision id `../../escape`"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("bundle not written"), "{}", stderr(&o));
    assert_eq!(names(p.path()), ["migc.toml", "migrations"]);
    assert!(!p.path().parent().unwrap().join("escape").exists());
}

#[test]
fn findings_at_fail_on_refuse_the_bundle_unless_allowed() {
    let p = two_revisions();
    p.write(
        "migrations/0003_n.mig",
        b"revision \"0003_n\"\nparent \"0002_t\"\nmessage \"users get a name\"\nup {\n  add column users.name text not null;\n}\n",
    );
    let o = migc(p.path(), &["bundle", "-o", "out", "--color", "never"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("error[not-null-column-without-default]"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("bundle not written: 1 finding at or over `error`"),
        "{}",
        stderr(&o)
    );
    assert_eq!(names(p.path()), ["migc.toml", "migrations"]);
    // A range without the revision is fine.
    let o = migc(p.path(), &["bundle", "base:0002_t", "-o", "out"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(names(&p.path().join("out")).len(), 4 + 4);
    let o = migc(p.path(), &["bundle", "-o", "out", "--allow-findings"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let review = fs::read_to_string(p.path().join("out/REVIEW.md")).unwrap();
    assert!(
        review
            .contains("- **error** `not-null-column-without-default` at `migrations/0003_n.mig:5:"),
        "{review}"
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(p.path().join("out/manifest.json")).unwrap())
            .unwrap();
    let rules: Vec<&str> = manifest["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(
        rules.contains(&"not-null-column-without-default"),
        "{rules:?}"
    );
    assert_eq!(manifest["revisions"].as_array().unwrap().len(), 3);
    assert_eq!(manifest["revisions"][2]["parents"][0], "0002_t");
    // Every file but the manifest is listed with its hash.
    let listed = manifest["files"].as_array().unwrap().len();
    assert_eq!(listed + 1, names(&p.path().join("out")).len());
    // --fail-on warning also counts warnings (0002_t has no message).
    let o = migc(
        p.path(),
        &["bundle", "base:0002_t", "-o", "out", "--fail-on", "warning"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("at or over `warning`"),
        "{}",
        stderr(&o)
    );
}

/// A DBA applying the shop bundle on real PostgreSQL: the per-revision
/// files in order give the schema `upgrade.sql` gives, and the `.down.sql`
/// files newest first (like `downgrade.sql`) leave only the version table.
#[test]
fn the_shop_bundle_applies_and_reverts_on_postgresql() {
    use crate::engines::{Kind, Server};
    let Some(server) = Server::get(Kind::Postgres) else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("b");
    let o = migc(
        &examples().join("shop"),
        &["bundle", "-o", dir.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let files = read_all(&dir);
    let text = |name: &str| String::from_utf8(files[name].clone()).unwrap();
    let ups: Vec<&String> = files.keys().filter(|n| n.ends_with(".up.sql")).collect();
    let downs: Vec<&String> = files
        .keys()
        .rev()
        .filter(|n| n.ends_with(".down.sql"))
        .collect();
    assert_eq!(ups.len(), 12);

    let one_by_one = server.fresh();
    for name in &ups {
        one_by_one
            .apply(&text(name))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    let whole = server.fresh();
    whole.apply(&text("upgrade.sql")).unwrap();
    assert_eq!(one_by_one.schema(), whole.schema());
    for db in [&one_by_one, &whole] {
        let rows = db
            .query("SELECT string_agg(version_num, ',') FROM alembic_version")
            .unwrap();
        assert!(
            rows.contains("0012_search") && !rows.contains(','),
            "{rows}"
        );
    }

    for name in &downs {
        one_by_one
            .apply(&text(name))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    whole.apply(&text("downgrade.sql")).unwrap();
    for db in [&one_by_one, &whole] {
        assert_eq!(db.user_objects(), ["table public.alembic_version"]);
        let rows = db.query("SELECT count(*) FROM alembic_version").unwrap();
        assert!(rows.contains(" 0\n") || rows.contains("0\n"), "{rows}");
    }
}
