//! The bodies of the fuzz targets, shared by the libFuzzer binaries in
//! `fuzz_targets/` and by the corpus replay in `tests/replay.rs`, which
//! runs them as plain tests on stable Rust without libFuzzer.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use migc::dialect::DialectId;
use migc::source::{FileId, Span};
use std::path::PathBuf;

const DIALECTS: [DialectId; 3] = [DialectId::Postgresql, DialectId::Mysql, DialectId::Sqlite];

/// `.mig` parsing and lowering; a revision that parsed without errors is
/// printed, and the print must parse again.
pub fn dsl(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (revision, diags) = migc::dsl::parse(FileId(0), text);
    if let Some(revision) = revision
        && diags.iter().all(|d| !d.is_error())
    {
        let printed = migc::ir::print::revision(&revision);
        let (again, diags) = migc::dsl::parse(FileId(0), &printed);
        assert!(
            again.is_some() && diags.iter().all(|d| !d.is_error()),
            "the print of a valid file does not parse:\n{printed}\n{diags:?}"
        );
    }
}

/// The fast `.mig` parser: whenever it answers, it agrees with the pest
/// parser, spans and diagnostics included.
pub fn dsl_fast(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(fast) = migc::dsl::parse_fast_path(FileId(0), text) {
        let pest = migc::dsl::parse_with_pest(FileId(0), text);
        assert!(
            fast == pest,
            "the fast path differs from pest on {text:?}:\n{fast:#?}\n{pest:#?}"
        );
    }
}

/// The small expression language read without sqlparser: whenever it
/// reads a text, sqlparser reads the same expression.
pub fn simple_expr(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let (Some(simple), full) = migc::sql::expr::both_readings(text) {
        assert!(
            Some(&simple) == full.as_ref(),
            "the simple reading differs from sqlparser's on {text:?}:\n{simple:?}\n{full:?}"
        );
    }
}

/// Raw SQL analysis for every dialect.
pub fn sql_raw(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let span = Span::new(FileId(0), 0..text.len());
    for dialect in DIALECTS {
        let _ = migc::sql::raw::analyze(text, span, dialect);
    }
}

/// Alembic's range syntax.
pub fn range(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = migc::graph::range::parse(text);
    }
}

/// `migc.toml`.
pub fn config(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = migc::config::Config::parse(FileId(0), text);
    }
}

/// The whole pipeline on a two-file project: the input is split at its
/// first NUL byte into `a.mig` and `b.mig` (a second revision whose
/// parent is `a` when the second half is empty); `check` and `sql` for
/// every dialect run on it.
pub fn pipeline(data: &[u8]) {
    use clap::Parser;
    let (a, b) = match data.iter().position(|&c| c == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (
            data,
            &b"revision \"b\"\nparent \"a\"\nup {\n  create table zz (id int);\n}\n"[..],
        ),
    };
    let dir = project_dir();
    std::fs::write(dir.join("migrations/a.mig"), a).unwrap();
    std::fs::write(dir.join("migrations/b.mig"), b).unwrap();
    let mut commands = vec![vec!["migc", "check", "--format", "json"]];
    for dialect in ["postgresql", "mysql", "sqlite"] {
        commands.push(vec!["migc", "sql", "--dialect", dialect]);
    }
    commands.push(vec!["migc", "schema", "--dialect", "sqlite"]);
    for args in commands {
        let cli = migc::cli::Cli::try_parse_from(args).unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let _ = migc::cli::run(&cli, &dir, &mut out, &mut err);
    }
}

/// One project folder per process, reused by every input.
fn project_dir() -> PathBuf {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("migc-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("migrations")).unwrap();
        std::fs::write(dir.join("migc.toml"), "dialect = \"postgresql\"\n").unwrap();
        dir
    })
    .clone()
}
