//! Around the Alembic reader: projects found by `alembic.ini` alone
//! (`tests/cases/alembic/ini_only/`), `migc coverage`, the
//! `not-understood` rule's configuration, and `migc import alembic` on
//! the blog fixture (golden `.mig` files in `tests/cases/alembic/blog/imported/`,
//! and the imported project compiling to the same SQL as the original).

use crate::cli::{TempProject, migc, migc_with_config, stderr, stdout, text};
use crate::golden::{assert_all, check, files, repo};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/cases/alembic").join(name)
}

fn in_dir(cwd: &Path, args: &[&str]) -> Output {
    let mut all = args.to_vec();
    all.extend(["--color", "never"]);
    migc(cwd, &all)
}

// ------------------------------------------------------------ detection

#[test]
fn a_folder_with_only_alembic_ini_is_a_project() {
    let dir = fixture("ini_only");
    let expected = "aaaa00000001 -> aaaa00000002 (head), account names\n\
                    <base> -> aaaa00000001, create accounts\n";
    // Found from the folder, from below it, and named by --config (the
    // folder or the file).
    let from_versions = dir.join("migrations/versions");
    for out in [
        in_dir(&dir, &["history"]),
        in_dir(&from_versions, &["history"]),
        in_dir(
            &repo(),
            &["--config", "tests/cases/alembic/ini_only", "history"],
        ),
        in_dir(
            &repo(),
            &[
                "--config",
                "tests/cases/alembic/ini_only/alembic.ini",
                "history",
            ],
        ),
    ] {
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(stdout(&out), expected);
    }
    let checked = in_dir(&dir, &["check", "--format", "gcc"]);
    assert_eq!(checked.status.code(), Some(0), "{}", stderr(&checked));
    assert!(
        stdout(&checked).contains("migrations/versions/aaaa00000002_account_names.py:19:5"),
        "{}",
        stdout(&checked)
    );
}

#[test]
fn a_migc_toml_beside_alembic_ini_takes_the_folder_from_it() {
    let p = TempProject::empty();
    let src = fixture("ini_only");
    for name in [
        "alembic.ini",
        "migrations/versions/aaaa00000001_create_accounts.py",
        "migrations/versions/aaaa00000002_account_names.py",
    ] {
        p.write(name, &fs::read(src.join(name)).unwrap());
    }
    // env.py sets the version table in Python, which migc does not run:
    // migc.toml says it instead.
    p.write(
        "migc.toml",
        b"dialect = \"postgresql\"\nversion_table = \"schema_migrations\"\n",
    );
    let out = in_dir(p.path(), &["--config", "migc.toml", "sql"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let sql = stdout(&out);
    assert!(sql.contains("CREATE TABLE schema_migrations ("), "{sql}");
    assert!(
        sql.contains("ALTER TABLE accounts ADD COLUMN name TEXT;"),
        "{sql}"
    );
}

#[test]
fn a_bad_alembic_ini_is_bad_input_with_a_span() {
    let p = TempProject::empty();
    p.write(
        "alembic.ini",
        b"[alembic]\nscript_location = myapp:migrations\n",
    );
    let out = in_dir(p.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("error[invalid-config]"), "{err}");
    assert!(err.contains("alembic.ini:2:19"), "{err}");
    p.write("alembic.ini", b"[alembic]\nscript_location = nowhere\n");
    let out = in_dir(p.path(), &["history"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("does not exist"), "{}", stderr(&out));
}

// ------------------------------------------------------ the rule, coverage

#[test]
fn not_understood_is_configured_like_every_rule() {
    let p = TempProject::empty();
    let blog = fixture("blog/alembic/versions");
    for path in files(&blog, "py") {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        p.write(&format!("versions/{name}"), &fs::read(&path).unwrap());
    }
    let gcc = |toml: &str| {
        p.write("migc.toml", toml.as_bytes());
        let out = in_dir(p.path(), &["check", "--format", "gcc"]);
        (out.status.code(), stdout(&out))
    };
    let base = "migrations = \"versions\"\n";
    let (_, shown) = gcc(base);
    assert!(shown.contains("info: [not-understood]"), "{shown}");
    let (code, shown) = gcc(&format!(
        "{base}[lint]\nfail_on = \"warning\"\n[lint.severity]\n\"not-understood\" = \"error\"\n"
    ));
    assert_eq!(code, Some(1));
    assert!(shown.contains("error: [not-understood]"), "{shown}");
    let (_, shown) = gcc(&format!("{base}[lint]\nignore = [\"MG407\"]\n"));
    assert!(!shown.contains("not-understood"), "{shown}");
    // A suppression comment on the line before the statement.
    let file = "versions/1a2b3c4d0009_backfill_slugs.py";
    let source = fs::read_to_string(p.path().join(file)).unwrap().replace(
        "    backfill_in_batches(",
        "    # migc: allow not-understood — batches are tested in myapp\n    backfill_in_batches(",
    );
    p.write(file, source.as_bytes());
    let (_, shown) = gcc(base);
    assert!(!shown.contains("not-understood"), "{shown}");
    assert!(!shown.contains("unused-suppression"), "{shown}");
}

#[test]
fn coverage_counts_statements_and_groups_reasons() {
    let dir = fixture("blog");
    let mut failures = Vec::new();
    for (format, golden) in [("human", "coverage.txt"), ("json", "coverage.json")] {
        let out = migc_with_config(&dir, &["coverage", "--format", format]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        failures.extend(check(&dir.join(golden), &stdout(&out)).err());
    }
    assert_all(failures);
}

// --------------------------------------------------------------- import

/// Imports the blog fixture into a fresh folder.
fn import_blog() -> (TempProject, PathBuf, Output) {
    let p = TempProject::empty();
    let out_dir = p.path().join("imported");
    let out = in_dir(
        &repo(),
        &[
            "import",
            "alembic",
            "tests/cases/alembic/blog",
            "-o",
            out_dir.to_str().unwrap(),
        ],
    );
    (p, out_dir, out)
}

#[test]
fn import_writes_canonical_mig_files() {
    let (_p, out_dir, out) = import_blog();
    // The statement migc cannot read is imported as an `opaque` one, as
    // faithful as the rest: no finding of the import (exit 0).
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let summary = stdout(&out);
    assert!(
        summary.contains("op statements: 41 understood, 1 opaque (97.6 % understood): 0 written as sql, 1 as opaque statements"),
        "{summary}"
    );
    assert_eq!(stderr(&out), "");

    let golden = fixture("blog/imported");
    let mut failures = Vec::new();
    let mut written: Vec<String> = fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    if std::env::var_os("MIGC_BLESS").is_some() {
        let _ = fs::remove_dir_all(&golden);
        fs::create_dir_all(&golden).unwrap();
    }
    for name in &written {
        let actual = fs::read_to_string(out_dir.join(name)).unwrap();
        failures.extend(check(&golden.join(name), &actual).err());
    }
    let mut expected: Vec<String> = fs::read_dir(&golden)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    expected.sort();
    if expected != written {
        failures.push(format!("files differ: {expected:?} vs {written:?}"));
    }
    assert_all(failures);

    let fmt = migc_with_config(&out_dir, &["fmt", "--check"]);
    assert_eq!(fmt.status.code(), Some(0), "{}", stderr(&fmt));
}

#[test]
fn the_imported_project_compiles_to_the_same_sql() {
    let (_p, out_dir, _) = import_blog();
    let blog = fixture("blog");
    let checked = migc_with_config(&out_dir, &["check"]);
    assert_eq!(checked.status.code(), Some(0), "{}", stderr(&checked));
    // Everything before the untranslated statement, up and down.
    for args in [
        &["sql", "base:1a2b3c4d0008", "--dialect", "postgresql"][..],
        &["sql", "base:1a2b3c4d0008", "--transaction", "per-migration"][..],
        &[
            "sql",
            "1a2b3c4d0007:base",
            "--down",
            "--dialect",
            "postgresql",
        ][..],
        &["schema", "--at", "1a2b3c4d0008"][..],
    ] {
        let theirs = migc_with_config(&blog, args);
        let ours = migc_with_config(&out_dir, args);
        assert_eq!(
            ours.status.code(),
            theirs.status.code(),
            "{args:?}: {}",
            stderr(&ours)
        );
        assert!(!theirs.stdout.is_empty(), "{args:?}: {}", stderr(&theirs));
        assert_eq!(text(&ours.stdout), text(&theirs.stdout), "{args:?}");
    }
    assert_behaves_like(&blog, &out_dir);
    // `migc sql` points at the `opaque` statement in the .mig file.
    let refused = migc_with_config(&out_dir, &["sql"]);
    assert!(
        stderr(&refused).contains("0009_1a2b3c4d0009_backfill_post_slugs.mig:11:3"),
        "{}",
        stderr(&refused)
    );
}

/// What `migc check` finds (codes and severities) and what `migc sql`
/// refuses (exit status and each error's code, message, notes and help),
/// up and down, must be the same for an Alembic project and its import:
/// an opaque statement keeps its unknown effects in the `.mig` file.
fn assert_behaves_like(original: &Path, imported: &Path) {
    let findings = |dir: &Path| -> (Option<i32>, Vec<String>) {
        let out = migc_with_config(dir, &["check", "--format", "json"]);
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut codes: Vec<String> = doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            // The reader's finding on a `downgrade()` that raises: the
            // import writes no `down` block instead, and says so.
            .filter(|d| !d["message"].as_str().unwrap().starts_with("`downgrade()`"))
            .map(|d| format!("{} {}", d["severity"], d["code"]))
            .collect();
        codes.sort();
        (out.status.code(), codes)
    };
    let theirs = findings(original);
    assert!(
        theirs.1.iter().any(|c| c.ends_with("\"not-understood\"")),
        "the original should have an opaque statement: {theirs:?}"
    );
    assert_eq!(findings(imported), theirs, "migc check");
    // Locations differ (.py and .mig); the rest of each error must not.
    let refusal = |dir: &Path, args: &[&str]| -> (Option<i32>, Vec<String>) {
        let out = migc_with_config(dir, args);
        let shape = stderr(&out)
            .lines()
            .filter(|l| l.starts_with("error") || l.trim_start().starts_with("= "))
            .map(|l| l.trim().to_string())
            .collect();
        (out.status.code(), shape)
    };
    let up = refusal(original, &["sql"]);
    assert_eq!(up.0, Some(2), "{up:?}");
    assert!(
        up.1.iter().any(|l| l.starts_with("error[not-understood]")),
        "{up:?}"
    );
    assert_eq!(refusal(imported, &["sql"]), up, "migc sql");
    let down = ["sql", "heads:base", "--down"];
    assert_eq!(
        refusal(imported, &down),
        refusal(original, &down),
        "{down:?}"
    );
    // `migc coverage` counts the same opaque statements for the same
    // reasons (an Alembic statement may lower into several operations, so
    // the understood counts may differ).
    let opaque = |dir: &Path| {
        let out = migc_with_config(dir, &["coverage", "--format", "json"]);
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (doc["statements"]["opaque"].clone(), doc["reasons"].clone())
    };
    assert_eq!(opaque(imported), opaque(original), "migc coverage");
}

/// Statements over several lines, with every kind of Python quote and
/// backslashes, inside `autocommit_block()` and in a downgrade, and a file
/// with CRLF line ends.
#[test]
fn multi_line_opaque_statements_import_and_behave_the_same() {
    let p = TempProject::empty();
    p.write(
        "src/migc.toml",
        b"migrations = \"versions\"\nlayout = \"alembic\"\ndialect = \"postgresql\"\n",
    );
    p.write(
        "src/versions/b0000001_things.py",
        br#""""create things"""

revision = "b0000001"
down_revision = None

from alembic import op
import sqlalchemy as sa

from myapp import helpers


def upgrade():
    op.create_table("things", sa.Column("id", sa.BigInteger(), primary_key=True))
    for name in helpers.columns():
        op.add_column(
            "things",
            sa.Column(name, sa.Text(), comment="it's \"quoted\" \\ here"),
        )
    with op.get_context().autocommit_block():
        helpers.reindex(op, """
            REINDEX TABLE "things" -- not a .mig comment
        """, r'\d+', '''x''')
    op.drop_column("things", "legacy")


def downgrade():
    if helpers.enabled():
        op.drop_column("things", "a")
    op.drop_table("things")
"#,
    );
    let crlf = "\"\"\"more\"\"\"\n\nrevision = \"b0000002\"\ndown_revision = \"b0000001\"\n\n\
                from alembic import op\nfrom myapp import helpers\n\n\n\
                def upgrade():\n    helpers.fill(\n        op,\n        \"things\",\n    )\n    \
                op.create_index(\"ix_things_a\", \"things\", [\"a\"])\n\n\n\
                def downgrade():\n    op.drop_index(\"ix_things_a\", table_name=\"things\")\n"
        .replace('\n', "\r\n");
    p.write("src/versions/b0000002_more.py", crlf.as_bytes());
    let original = p.path().join("src");
    let imported = p.path().join("imported");
    let out = in_dir(
        p.path(),
        &["import", "alembic", "src", "-o", imported.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let written = fs::read_to_string(imported.join("0001_b0000001_create_things.mig")).unwrap();
    // The Python is kept as written, in a raw string when it spans lines.
    assert!(
        written.contains("  opaque \"\"\"for name in helpers.columns():\n        op.add_column(\n"),
        "{written}"
    );
    assert!(
        written.contains(r#"comment="it's \"quoted\" \\ here"),"#),
        "{written}"
    );
    let more = fs::read_to_string(imported.join("0002_b0000002_more.mig")).unwrap();
    assert!(!more.contains('\r'), "{more:?}");
    let fmt = migc_with_config(&imported, &["fmt", "--check"]);
    assert_eq!(fmt.status.code(), Some(0), "{}", stderr(&fmt));
    assert_behaves_like(&original, &imported);
}

#[test]
fn import_refuses_a_folder_in_use_and_writes_nothing_on_bad_input() {
    let p = TempProject::empty();
    let out_dir = p.path().join("out");
    p.write("out/keep.txt", b"mine");
    let run = |args: &[&str]| {
        let mut all = vec!["import", "alembic"];
        all.extend(args);
        in_dir(&repo(), &all)
    };
    let target = out_dir.to_str().unwrap();
    let out = run(&["tests/cases/alembic/ini_only", "-o", target]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    assert_eq!(fs::read(out_dir.join("keep.txt")).unwrap(), b"mine");

    let out = run(&["tests/cases/alembic/ini_only", "-o", target, "--force"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!out_dir.join("keep.txt").exists());
    assert!(
        out_dir
            .join("0002_aaaa00000002_account_names.mig")
            .is_file()
    );

    // A revision file that does not name its revision: exit 2, nothing.
    p.write("bad/versions/x.py", b"revision = some_function()\n");
    let fresh = p.path().join("fresh");
    let out = run(&[
        p.path().join("bad/versions").to_str().unwrap(),
        "-o",
        fresh.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("x.py:1:12"), "{}", stderr(&out));
    assert!(!fresh.exists());
    let leftovers: Vec<_> = fs::read_dir(p.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    let out = run(&["no/such/path", "-o", fresh.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn literal_sql_of_an_opaque_statement_is_kept_as_sql() {
    let p = TempProject::empty();
    p.write(
        "versions/0001_seed.py",
        b"\"\"\"seed\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = '0001'\ndown_revision = None\n\n\ndef upgrade():\n    conn = op.get_bind()\n    conn.execute(sa.text(\"CREATE TABLE t (id integer)\"))\n\n\ndef downgrade():\n    op.drop_table('t')\n",
    );
    let out_dir = p.path().join("out");
    let out = in_dir(
        p.path(),
        &[
            "import",
            "alembic",
            "versions",
            "-o",
            out_dir.to_str().unwrap(),
        ],
    );
    let summary = stdout(&out);
    let written = fs::read_to_string(out_dir.join("0001_0001_seed.mig")).unwrap_or_default();
    if summary.contains("1 opaque") {
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(summary.contains("1 written as sql"), "{summary}");
        assert!(
            written.contains("sql \"CREATE TABLE t (id integer)\";"),
            "{written}"
        );
    } else {
        // The reader understood the statement itself (it grows).
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            written.contains("sql") || written.contains("create table"),
            "{written}"
        );
    }
}

/// `opaque "…" because "…"` in a `.mig` file is the statement the Alembic
/// reader makes of Python it does not read: same IR (less spans), same
/// unknown effects, same `not-understood` finding.
#[test]
fn an_opaque_statement_is_what_the_reader_makes() {
    use migc::dialect::DialectId;
    use migc::ir::{Op, RawSql, Revision};
    use migc::source::FileId;
    let py = "revision = \"r\"\ndown_revision = None\n\nfrom alembic import op\n\n\
              def upgrade():\n    helper(op, \"t\")\n";
    let mig = "revision \"r\"\n\nup {\n  opaque \"helper(op, \\\"t\\\")\" because \"a call of `helper`\";\n}\n";
    let (py_rev, py_found) = migc::alembic::parse(FileId(0), py);
    let (mig_rev, mig_found) = migc::dsl::parse(FileId(1), mig);
    let mut revisions: Vec<Revision> = py_rev.into_iter().chain(mig_rev).collect();
    migc::sql::raw::analyze_revisions(&mut revisions, DialectId::Postgresql);
    let opaque = |rev: &Revision| -> RawSql {
        let (stmt, _) = rev.up.stmts().next().unwrap();
        let Op::Sql(raw) = &stmt.op else {
            panic!("not opaque: {:?}", stmt.op)
        };
        assert!(raw.opaque_source);
        assert!(raw.analysis.as_ref().unwrap().has_unknown_effects());
        assert_eq!(raw.sql.span, stmt.span, "findings point at the statement");
        raw.as_ref().clone()
    };
    let without_spans = |mut raw: RawSql| {
        let nowhere = migc::source::Span::new(FileId(0), 0..0);
        raw.sql.span = nowhere;
        if let Some(r) = raw.opaque_reason.as_mut() {
            r.span = nowhere;
        }
        for s in raw
            .analysis
            .iter_mut()
            .flat_map(|a| a.statements.iter_mut())
        {
            s.span = nowhere;
        }
        raw
    };
    assert_eq!(revisions.len(), 2);
    assert_eq!(
        without_spans(opaque(&revisions[1])),
        without_spans(opaque(&revisions[0]))
    );
    let finding = |found: &[migc::diagnostic::Diagnostic]| {
        let d = found
            .iter()
            .find(|d| d.code == "not-understood")
            .expect("a not-understood finding");
        let label = d.labels.iter().find(|l| l.primary).unwrap();
        (d.severity, d.message.clone(), label.message.clone())
    };
    assert_eq!(finding(&mig_found), finding(&py_found));
}
