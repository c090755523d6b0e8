//! Alembic projects read in place: the hand-written fixture
//! `tests/cases/alembic/blog/` (nine revisions in Alembic's own style:
//! autogenerate blocks, a branch label, a merge, an autocommit block, a
//! helper call the reader cannot follow), with golden `check` and
//! `history` output, and `migc sql` compared with what Alembic itself
//! printed for the same files (`alembic-upgrade-postgresql.sql`, made with
//! alembic 1.20.1 and SQLAlchemy 2.1.9: `alembic upgrade
//! base:1a2b3c4d0008 --sql` against `postgresql://`).

use crate::cli::{migc_with_config, text};
use crate::golden::{assert_all, check, repo};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/cases/alembic").join(name)
}

#[test]
fn blog_checks_and_lists_its_history() {
    let dir = fixture("blog");
    let mut failures = Vec::new();
    let checked = migc_with_config(&dir, &["check"]);
    let status = checked.status.code().unwrap_or(-1);
    assert!(status == 0 || status == 1, "exit {status}");
    let shown = format!("exit {status}\n{}", text(&checked.stderr));
    failures.extend(check(&dir.join("check.stderr"), &shown).err());
    let history = migc_with_config(&dir, &["history"]);
    assert!(history.status.success(), "{}", text(&history.stderr));
    failures.extend(check(&dir.join("history.txt"), &text(&history.stdout)).err());
    assert_all(failures);
}

#[test]
fn findings_point_at_lines_of_the_python_files() {
    let out = migc_with_config(&fixture("blog"), &["check", "--format", "gcc"]);
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(
            "1a2b3c4d0009_backfill_slugs.py:21:5: info: [not-understood] not understood: lint coverage incomplete here"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("1a2b3c4d0008_seed_and_flags.py:46:1: warning: [irreversible-downgrade]")
    );
    // Everything else was understood: no table is unknown to the catalog.
    for code in [
        "unknown-table",
        "unknown-column",
        "unknown-index",
        "syntax-error",
    ] {
        assert!(!stdout.contains(code), "{stdout}");
    }
    assert_eq!(stdout.matches("[not-understood]").count(), 1, "{stdout}");
}

/// Statements of an offline script, whitespace-normalised.
fn statements(script: &str) -> Vec<String> {
    script
        .split(";\n")
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty())
        .collect()
}

/// Compares `migc sql RANGE` with what Alembic printed for the same files
/// (`alembic-upgrade-postgresql.sql` next to the fixture), statement by
/// statement, after rewriting Alembic's text where the two differ in
/// spelling only.
fn assert_same_as_alembic(name: &str, range: &str, rewrites: &[(&str, &str)]) {
    let dir = fixture(name);
    let out = migc_with_config(&dir, &["sql", range, "--dialect", "postgresql"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut reference =
        std::fs::read_to_string(dir.join("alembic-upgrade-postgresql.sql")).unwrap();
    for (theirs, ours) in rewrites {
        assert!(
            reference.contains(theirs),
            "{name}: no `{theirs}` to rewrite"
        );
        reference = reference.replace(theirs, ours);
    }
    let ours = statements(&text(&out.stdout));
    let theirs = statements(&reference);
    for (i, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        assert_eq!(a, b, "{name}: statement {i} differs");
    }
    assert_eq!(ours.len(), theirs.len());
}

#[test]
fn sql_matches_alembic_offline_output() {
    // PostgreSQL accepts both spellings and they do the same thing.
    assert_same_as_alembic(
        "blog",
        "base:1a2b3c4d0008",
        &[
            // `RENAME COLUMN a TO b` is the documented form; `COLUMN` is optional.
            (
                "ALTER TABLE users RENAME display_name TO nickname;",
                "ALTER TABLE users RENAME COLUMN display_name TO nickname;",
            ),
            // An inline `REFERENCES` gets the same default name
            // (`users_role_id_fkey`) as Alembic's separate unnamed constraint.
            (
                "ALTER TABLE users ADD COLUMN role_id INTEGER;\n\nALTER TABLE users ADD FOREIGN KEY(role_id) REFERENCES roles (id);",
                "ALTER TABLE users ADD COLUMN role_id INTEGER REFERENCES roles (id);",
            ),
        ],
    );
}

/// Batch blocks, dialect tests, loops, computed names, ORM table names,
/// a helper returning a column and a project type, against Alembic's own
/// output for the same files (the `app` package holds the models and the
/// type so that Alembic can import them).
#[test]
fn shop_sql_matches_alembic_offline_output() {
    assert_same_as_alembic(
        "shop",
        "base:5e7a00000003",
        &[
            (
                "ALTER TABLE customers RENAME email TO email_address;",
                "ALTER TABLE customers RENAME COLUMN email TO email_address;",
            ),
            // An index expression needs its own parentheses unless it is
            // a lone function call; migc always writes them.
            (
                "ON customers (lower(email_address))",
                "ON customers ((lower(email_address)))",
            ),
        ],
    );
}

/// Helpers with parameters (module-level and nested, defaults, keyword
/// arguments, `**options`), an early `return`, `*CONSTANT` enum values
/// shared by two tables, `use_alter`, a named column foreign key,
/// `sqlite.JSON` and `DESC NULLS LAST` index columns, against Alembic's
/// output for the same files.
#[test]
fn helpers_sql_matches_alembic_offline_output() {
    assert_same_as_alembic("helpers", "base:4e1b00000002", &[]);
    let coverage = migc_with_config(&fixture("helpers"), &["coverage"]);
    assert!(
        text(&coverage.stdout).contains("16 understood, 0 opaque"),
        "{}",
        text(&coverage.stdout)
    );
}

#[test]
fn shop_checks_with_findings_on_the_python_lines() {
    let dir = fixture("shop");
    let checked = migc_with_config(&dir, &["check"]);
    let status = checked.status.code().unwrap_or(-1);
    let shown = format!("exit {status}\n{}", text(&checked.stderr));
    let mut failures = Vec::new();
    failures.extend(check(&dir.join("check.stderr"), &shown).err());
    assert_all(failures);
    let gcc = text(&migc_with_config(&dir, &["check", "--format", "gcc"]).stdout);
    // Only the two statements that query the database stay opaque.
    let opaque: Vec<&str> = gcc
        .lines()
        .filter(|l| l.contains("[not-understood]"))
        .map(|l| l.split(": info").next().unwrap_or(l))
        .collect();
    assert_eq!(
        opaque,
        [
            "app/versions/5e7a00000004_data_fix.py:20:5",
            "app/versions/5e7a00000004_data_fix.py:22:5"
        ],
        "{gcc}"
    );
    for code in ["unknown-table", "unknown-column", "downgrade-mismatch"] {
        assert!(!gcc.contains(code), "{gcc}");
    }
}

/// On SQLite the dialect tests go the other way: no partial index, the
/// PRAGMA, and the batch blocks rebuild the tables.
#[test]
fn shop_dialect_tests_follow_the_configured_dialect() {
    let dir = fixture("shop");
    let toml = std::fs::read_to_string(dir.join("migc.toml")).unwrap();
    let tmp = std::env::temp_dir().join(format!("migc-shop-sqlite-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).unwrap();
    let config = tmp.join("migc.toml");
    let versions = dir.join("app/versions");
    std::fs::write(
        &config,
        toml.replace("dialect = \"postgresql\"", "dialect = \"sqlite\"")
            .replace(
                "migrations = \"app/versions\"",
                &format!("migrations = {:?}", versions.display().to_string()),
            ),
    )
    .unwrap();
    let out = migc_with_config(&tmp, &["sql", "base:5e7a00000003", "--dialect", "sqlite"]);
    let script = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(script.contains("PRAGMA foreign_keys = ON;"), "{script}");
    assert!(!script.contains("ix_customers_email_lower"), "{script}");
    assert!(script.contains("_alembic_tmp_shop_orders"), "{script}");
    std::fs::remove_dir_all(&tmp).unwrap();
}

#[test]
fn sql_refuses_a_range_with_python_it_does_not_understand() {
    let out = migc_with_config(&fixture("blog"), &["sql", "--dialect", "postgresql"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(text(&out.stderr).contains("error[not-understood]"));
}

/// What the reader made of one folder of revision files.
struct CorpusReport {
    revisions: usize,
    coverage: migc::alembic::Coverage,
    /// Not-understood reasons, most frequent first.
    reasons: Vec<(String, usize)>,
}

impl CorpusReport {
    fn percent(&self) -> f64 {
        let all = self.coverage.understood + self.coverage.opaque;
        100.0 * self.coverage.understood as f64 / all.max(1) as f64
    }

    fn print(&self, name: &str) {
        println!(
            "{name}: {} revisions; statements understood: {}, opaque: {} ({:.1} % understood)",
            self.revisions,
            self.coverage.understood,
            self.coverage.opaque,
            self.percent()
        );
        for (why, n) in self.reasons.iter().take(15) {
            println!("{n:5}  {why}");
        }
    }
}

fn read_corpus(dir: &std::path::Path, options: &migc::alembic::Options) -> CorpusReport {
    let mut report = CorpusReport {
        revisions: 0,
        coverage: migc::alembic::Coverage::default(),
        reasons: Vec::new(),
    };
    let mut reasons = std::collections::BTreeMap::<String, usize>::new();
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        if path.extension().is_none_or(|e| e != "py") || !migc::alembic::looks_like_revision(&text)
        {
            continue;
        }
        let (rev, diags, cov) = migc::alembic::parse_with(migc::source::FileId(0), &text, options);
        report.revisions += usize::from(rev.is_some());
        report.coverage.understood += cov.understood;
        report.coverage.opaque += cov.opaque;
        for d in diags.iter().filter(|d| d.code == "not-understood") {
            *reasons.entry(d.labels[0].message.clone()).or_default() += 1;
        }
    }
    report.reasons = reasons.into_iter().collect();
    report.reasons.sort_by_key(|r| std::cmp::Reverse(r.1));
    report
}

fn corpus_dir(var: &str) -> PathBuf {
    PathBuf::from(std::env::var(var).unwrap_or_else(|_| panic!("set {var}")))
}

/// Coverage of mlflow's history, kept out of the repository:
/// `pip download --no-deps mlflow`, unzip, then
/// `MIGC_MLFLOW_VERSIONS=…/mlflow/store/db_migrations/versions cargo test --test it mlflow_corpus -- --ignored --nocapture`.
#[test]
#[ignore = "needs MIGC_MLFLOW_VERSIONS (network to download mlflow)"]
fn mlflow_corpus_coverage() {
    let dir = corpus_dir("MIGC_MLFLOW_VERSIONS");
    let options = migc::alembic::Options {
        dialect: Some(migc::dialect::DialectId::Postgresql),
        types: Default::default(),
        models: Some(std::sync::Arc::new(migc::alembic::models::Models::above(
            &dir,
        ))),
    };
    let report = read_corpus(&dir, &options);
    report.print("mlflow (postgresql)");
    assert!(report.revisions >= 70, "{} revisions", report.revisions);
    assert!(report.percent() >= 80.0, "{:.1} %", report.percent());
}

/// Coverage of prefect's two histories (one per dialect):
/// `pip download --no-deps prefect`, unzip, then
/// `MIGC_PREFECT_VERSIONS=…/prefect/server/database/_migrations/versions cargo test --test it prefect_corpus -- --ignored --nocapture`.
/// The type map is what a prefect user writes in `[alembic.types]`.
#[test]
#[ignore = "needs MIGC_PREFECT_VERSIONS (network to download prefect)"]
fn prefect_corpus_coverage() {
    use migc::dialect::DialectId;
    use migc::ir::DataType;
    let root = corpus_dir("MIGC_PREFECT_VERSIONS");
    for (folder, dialect, json, timestamp) in [
        (
            "postgresql",
            DialectId::Postgresql,
            DataType::Jsonb,
            DataType::TimestampTz,
        ),
        (
            "sqlite",
            DialectId::Sqlite,
            DataType::Json,
            DataType::Timestamp,
        ),
    ] {
        let prefix = "prefect.server.utilities.database";
        let types = [
            ("UUID", DataType::Uuid),
            ("JSON", json.clone()),
            ("Pydantic", json),
            ("Timestamp", timestamp),
        ]
        .into_iter()
        .map(|(name, ty)| (format!("{prefix}.{name}"), ty))
        .collect();
        let options = migc::alembic::Options {
            dialect: Some(dialect),
            types: std::sync::Arc::new(types),
            models: None,
        };
        let report = read_corpus(&root.join(folder), &options);
        report.print(&format!("prefect ({folder})"));
        assert!(report.revisions >= 100, "{} revisions", report.revisions);
        assert!(report.percent() >= 80.0, "{:.1} %", report.percent());
    }
}

/// `--dialect` other than the config's reads the branch of
/// `if op.get_bind().dialect.name == …` that runs on that dialect, for
/// `sql` (both directions), `schema` and `bundle`.
#[test]
fn dialect_tests_follow_the_dialect_asked_for() {
    let dir = fixture("dialects");
    let mut failures = Vec::new();
    for dialect in ["postgresql", "sqlite", "mysql"] {
        let up = migc_with_config(&dir, &["sql", "--dialect", dialect]);
        assert!(up.status.success(), "{}", text(&up.stderr));
        let down = migc_with_config(
            &dir,
            &["sql", "--down", "d1a1ec700002:base", "--dialect", dialect],
        );
        assert!(down.status.success(), "{}", text(&down.stderr));
        let shown = format!("{}-- downgrade\n{}", text(&up.stdout), text(&down.stdout));
        failures.extend(check(&dir.join(format!("sql-{dialect}.sql")), &shown).err());
    }
    let schema = migc_with_config(&dir, &["schema", "--dialect", "sqlite"]);
    assert!(schema.status.success(), "{}", text(&schema.stderr));
    failures.extend(check(&dir.join("schema-sqlite.sql"), &text(&schema.stdout)).err());
    assert_all(failures);

    let tmp = std::env::temp_dir().join(format!("migc-dialects-bundle-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let target = tmp.display().to_string();
    let bundle = migc_with_config(
        &dir,
        &[
            "bundle",
            "-o",
            &target,
            "--dialect",
            "sqlite",
            "--allow-findings",
        ],
    );
    assert!(bundle.status.success(), "{}", text(&bundle.stderr));
    let upgrade = std::fs::read_to_string(tmp.join("upgrade.sql")).unwrap();
    assert!(upgrade.contains("ADD COLUMN note TEXT"), "{upgrade}");
    assert!(!upgrade.contains("JSONB"), "{upgrade}");
    std::fs::remove_dir_all(&tmp).unwrap();
}
