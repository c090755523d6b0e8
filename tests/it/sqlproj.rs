//! Plain-SQL projects: one fixture per layout under
//! `tests/cases/sqlproj/<layout>/` with golden `check` and `history`
//! output, per-file parse errors, translation to SQLite run on SQLite, and
//! the round trip DSL → PostgreSQL SQL → SQL project → same schema.

use crate::cli::{migc_with_config, text};
use crate::golden::{assert_all, check, repo};
use std::path::{Path, PathBuf};
use std::process::Output;

const LAYOUTS: [&str; 9] = [
    "dbmate",
    "diesel",
    "flyway",
    "golang-migrate",
    "plain",
    "pop",
    "sqlite",
    "sqlx",
    "translate",
];

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/cases/sqlproj").join(name)
}

#[test]
fn every_layout_checks_and_lists_its_history() {
    let mut failures = Vec::new();
    for layout in LAYOUTS {
        let dir = fixture(layout);
        let revisions = std::fs::read_dir(dir.join("migrations")).unwrap().count();
        assert!(revisions >= 6, "{layout} has too few files");
        let checked = migc_with_config(&dir, &["check"]);
        let status = checked.status.code().unwrap_or(-1);
        assert!(status == 0 || status == 1, "{layout}: exit {status}");
        let shown = format!("exit {status}\n{}", text(&checked.stderr));
        failures.extend(check(&dir.join("check.stderr"), &shown).err());
        let history = migc_with_config(&dir, &["history"]);
        assert!(
            history.status.success(),
            "{layout}: {}",
            text(&history.stderr)
        );
        failures.extend(check(&dir.join("history.txt"), &text(&history.stdout)).err());
    }
    assert_all(failures);
}

#[test]
fn no_semantic_errors_on_tables_from_earlier_files() {
    for layout in LAYOUTS {
        let out = migc_with_config(&fixture(layout), &["check", "--format", "gcc"]);
        let stdout = text(&out.stdout);
        for code in [
            "unknown-table",
            "unknown-column",
            "syntax-error",
            "table-exists",
        ] {
            assert!(!stdout.contains(code), "{layout}: {stdout}");
        }
    }
}

fn write(dir: &Path, name: &str, body: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, body).unwrap();
}

#[test]
fn a_parse_error_has_its_line_and_column_and_other_files_are_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(dir, "migc.toml", "");
    write(
        dir,
        "migrations/0001_users.up.sql",
        "CREATE TABLE users (id bigint PRIMARY KEY, name text);\n",
    );
    write(
        dir,
        "migrations/0002_broken.up.sql",
        "-- Ünïcödé comment: naïve café\nINSERT INTO users (name) VALUES ('Zoë'); SELEKT 1;\nALTER TABLE users ADD COLUMN age integer;\n",
    );
    write(
        dir,
        "migrations/0003_drop.up.sql",
        "ALTER TABLE users DROP COLUMN age;\n",
    );
    let out = migc_with_config(dir, &["check", "--format", "gcc"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stdout}");
    // `SELEKT` is the 42nd character of line 2 (the `ë` counts as one).
    assert!(
        stdout.contains("migrations/0002_broken.up.sql:2:42: error: [syntax-error]"),
        "{stdout}"
    );
    // The statement after the error was read: no unknown column in 0003,
    // which is still checked.
    assert!(!stdout.contains("unknown-column"), "{stdout}");
    assert!(
        stdout.contains("migrations/0003_drop.up.sql:1:1: warning: [drop-column]"),
        "{stdout}"
    );
}

#[test]
fn a_postgresql_history_translates_to_sqlite_that_sqlite_runs() {
    let out = migc_with_config(&fixture("translate"), &["sql", "--dialect", "sqlite"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let script = text(&out.stdout);
    let db = rusqlite::Connection::open_in_memory().unwrap();
    db.execute_batch(&script).unwrap();
    let n: i64 = db
        .query_row("SELECT count(*) FROM authors", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 2);
    db.execute_batch("INSERT INTO reviews (book_id, stars) VALUES (1, 3)")
        .expect_err("no book 1 yet: but SQLite only checks with foreign_keys on");
}

#[test]
fn opaque_sql_is_never_copied_into_another_dialect() {
    let out = migc_with_config(&fixture("diesel"), &["sql", "--dialect", "sqlite"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("error[untranslatable-sql]"), "{stderr}");
    assert!(
        stderr.contains("CREATE FUNCTION is postgresql SQL that migc cannot translate to sqlite"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

/// Splits a `--transaction none` script into its revisions' statements,
/// leaving out the version table.
fn per_revision(script: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for chunk in script.split("-- Running upgrade ").skip(1) {
        let (header, body) = chunk.split_once('\n').unwrap();
        let id = header.rsplit(' ').next().unwrap().to_string();
        let statements: Vec<&str> = body
            .split(";\n")
            .map(str::trim)
            .filter(|s| !s.is_empty() && !s.contains("alembic_version"))
            .collect();
        let mut sql = statements.join(";\n\n");
        sql.push_str(";\n");
        out.push((id, sql));
    }
    out
}

#[test]
fn dsl_examples_round_trip_through_postgresql_sql() {
    for example in ["quickstart", "shop"] {
        let dsl = repo().join("examples").join(example);
        let out = migc_with_config(
            &dsl,
            &["sql", "--dialect", "postgresql", "--transaction", "none"],
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        write(dir, "migc.toml", "layout = \"golang-migrate\"\n");
        for (n, (id, sql)) in per_revision(&text(&out.stdout)).iter().enumerate() {
            write(dir, &format!("migrations/{:04}_{id}.up.sql", n + 1), sql);
        }
        // The note on raw SQL names the revision, whose id in the SQL
        // project is its version part only.
        let body = |o: &Output| {
            text(&o.stdout)
                .lines()
                .filter(|l| !l.starts_with('#'))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let want = migc_with_config(&dsl, &["schema"]);
        let got = migc_with_config(dir, &["schema"]);
        assert!(got.status.success(), "{example}: {}", text(&got.stderr));
        assert_eq!(
            text(&got.stdout).starts_with('#'),
            text(&want.stdout).starts_with('#')
        );
        assert_eq!(
            body(&got),
            body(&want),
            "{example}: the SQL project's schema differs"
        );
    }
}

/// A SQLite team's own history (triggers with `BEGIN … END` bodies
/// included): what `migc sql` prints runs up, down and up again on SQLite,
/// and the trigger it copies verbatim works.
#[test]
fn a_sqlite_history_runs_up_down_up_on_sqlite() {
    let dir = fixture("sqlite");
    let up = migc_with_config(&dir, &["sql"]);
    assert!(up.status.success(), "{}", text(&up.stderr));
    let down = migc_with_config(&dir, &["sql", "--down", "heads:base"]);
    assert!(down.status.success(), "{}", text(&down.stderr));
    let (up, down) = (text(&up.stdout), text(&down.stdout));
    let db = rusqlite::Connection::open_in_memory().unwrap();
    let schema = |db: &rusqlite::Connection| -> Vec<String> {
        let mut stmt = db
            .prepare("SELECT type || ' ' || name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY 1")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    db.execute_batch(&up).unwrap();
    let first = schema(&db);
    assert!(
        first.contains(&"trigger notes_touch".to_string()),
        "{first:?}"
    );
    db.execute_batch("INSERT INTO notes (heading) VALUES ('a'); UPDATE notes SET body = 'b';")
        .unwrap();
    let touched: Option<String> = db
        .query_row("SELECT updated_at FROM notes", [], |r| r.get(0))
        .unwrap();
    assert!(touched.is_some(), "the trigger did not run");
    db.execute_batch(&down).unwrap();
    assert_eq!(schema(&db), vec!["table alembic_version".to_string()]);
    db.execute_batch("DROP TABLE alembic_version").unwrap();
    db.execute_batch(&up).unwrap();
    assert_eq!(schema(&db), first);
}
