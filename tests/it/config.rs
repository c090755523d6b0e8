//! `migc.toml` parsing and project loading through the library API.

use crate::cli::{TempProject, examples, mig};
use migc::config::{Config, TransactionMode};
use migc::diagnostic::Severity;
use migc::dialect::DialectId;
use migc::driver;
use migc::source::FileId;
use std::path::Path;

#[test]
fn the_examples_configs_parse() {
    let shop = driver::load(None, &examples().join("shop")).unwrap();
    assert_eq!(shop.config.dialect, DialectId::Postgresql);
    assert_eq!(shop.config.engine_version.as_deref(), Some("15"));
    assert_eq!(shop.config.transaction, TransactionMode::Single);
    assert_eq!(shop.config.lint.fail_on, Some(Severity::Warning));
    let quick = driver::load(Some(Path::new("quickstart/migc.toml")), &examples()).unwrap();
    assert_eq!(quick.config.version_table, "alembic_version");
}

#[test]
fn files_get_ids_in_byte_order_of_their_relative_path() {
    let p = TempProject::with_config("migrations = \"./db/versions/\"\n");
    for name in [
        "b.mig", "a.mig", "a/z.mig", "B.mig", "a_b.mig", "0010.mig", "0002.mig",
    ] {
        p.write(&format!("db/versions/{name}"), &mig("r", None));
    }
    let project = driver::load(None, p.path()).unwrap();
    let names: Vec<&str> = project
        .sources
        .files()
        .map(|(_, f)| f.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "db/versions/0002.mig",
            "db/versions/0010.mig",
            "db/versions/B.mig",
            "db/versions/a.mig",
            "db/versions/a/z.mig",
            "db/versions/a_b.mig",
            "db/versions/b.mig",
            "migc.toml",
        ]
    );
    assert_eq!(project.config_file, FileId(7));
    let span = project.config.migrations_span.unwrap();
    assert_eq!(project.sources.text(span), "\"./db/versions/\"");
    assert_eq!(project.migration_file_count(), 7);
    assert!(
        project
            .diagnostics
            .iter()
            .all(|d| d.code != "unreadable-file"),
        "{:?}",
        project.diagnostics
    );
}

#[test]
fn a_bad_config_fails_to_load_with_the_file_to_render() {
    let p = TempProject::with_config("[lint]\nfail_on = \"fatal\"\n");
    let failure = driver::load(None, p.path()).unwrap_err();
    assert_eq!(failure.diagnostics.len(), 1);
    let d = &failure.diagnostics[0];
    assert_eq!(d.code, "invalid-config");
    let span = d.primary_span().unwrap();
    assert_eq!(failure.sources.text(span), "\"fatal\"");
    let at = failure.sources.location(span);
    assert_eq!((at.line, at.column), (2, 11));
}

#[test]
fn config_defaults() {
    let c = Config::default();
    assert_eq!(c.migrations, Path::new("migrations"));
    assert_eq!(c.dialect, DialectId::Postgresql);
    assert_eq!(c.version_table, "alembic_version");
    assert_eq!(c.transaction, TransactionMode::Single);
    assert!(c.lint.select.is_none() && c.lint.ignore.is_empty());
}
