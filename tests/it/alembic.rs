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

#[test]
fn sql_matches_alembic_offline_output() {
    let dir = fixture("blog");
    let out = migc_with_config(
        &dir,
        &["sql", "base:1a2b3c4d0008", "--dialect", "postgresql"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let reference = std::fs::read_to_string(dir.join("alembic-upgrade-postgresql.sql")).unwrap();
    // Where the two differ in spelling only, Alembic's text is rewritten
    // into migc's: PostgreSQL accepts both and they do the same thing.
    let reference = reference
        // `RENAME COLUMN a TO b` is the documented form; `COLUMN` is optional.
        .replace(
            "ALTER TABLE users RENAME display_name TO nickname;",
            "ALTER TABLE users RENAME COLUMN display_name TO nickname;",
        )
        // An inline `REFERENCES` gets the same default name
        // (`users_role_id_fkey`) as Alembic's separate unnamed constraint.
        .replace(
            "ALTER TABLE users ADD COLUMN role_id INTEGER;\n\nALTER TABLE users ADD FOREIGN KEY(role_id) REFERENCES roles (id);",
            "ALTER TABLE users ADD COLUMN role_id INTEGER REFERENCES roles (id);",
        );
    let ours = statements(&text(&out.stdout));
    let theirs = statements(&reference);
    for (i, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        assert_eq!(a, b, "statement {i} differs");
    }
    assert_eq!(ours.len(), theirs.len());
}

#[test]
fn sql_refuses_a_range_with_python_it_does_not_understand() {
    let out = migc_with_config(&fixture("blog"), &["sql", "--dialect", "postgresql"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(text(&out.stderr).contains("error[not-understood]"));
}

/// Coverage on a real history kept out of the repository:
/// `MIGC_ALEMBIC_CORPUS=DIR cargo test --test it alembic_corpus -- --ignored --nocapture`
/// (for instance mlflow's `mlflow/store/db_migrations/versions` from
/// `pip download --no-deps mlflow`).
#[test]
#[ignore = "needs MIGC_ALEMBIC_CORPUS"]
fn alembic_corpus_coverage() {
    let dir = PathBuf::from(std::env::var("MIGC_ALEMBIC_CORPUS").unwrap());
    let (mut revisions, mut total) = (0, migc::alembic::Coverage::default());
    let mut reasons = std::collections::BTreeMap::<String, usize>::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        if path.extension().is_none_or(|e| e != "py") || !migc::alembic::looks_like_revision(&text)
        {
            continue;
        }
        let (rev, diags, cov) = migc::alembic::parse_with_coverage(migc::source::FileId(0), &text);
        revisions += usize::from(rev.is_some());
        total.understood += cov.understood;
        total.opaque += cov.opaque;
        for d in diags.iter().filter(|d| d.code == "not-understood") {
            let why = d.labels[0].message.clone();
            *reasons.entry(why).or_default() += 1;
        }
    }
    let mut top: Vec<_> = reasons.into_iter().collect();
    top.sort_by_key(|b| std::cmp::Reverse(b.1));
    println!(
        "revisions read: {revisions}; statements understood: {}, opaque: {}",
        total.understood, total.opaque
    );
    for (why, n) in top.iter().take(12) {
        println!("{n:5}  {why}");
    }
}
