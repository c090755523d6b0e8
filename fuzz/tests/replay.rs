//! Replays every regression, corpus and artifact file through its target as a plain
//! test, so the targets build and the regressions run on stable Rust
//! without libFuzzer: `cargo test --manifest-path fuzz/Cargo.toml`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut count = 0;
    for dir in [
        root.join("regressions").join(target),
        root.join("corpus").join(target),
        root.join("artifacts").join(target),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
        paths.sort();
        for path in paths {
            run(&std::fs::read(&path).unwrap());
            count += 1;
        }
    }
    eprintln!("{target}: {count} inputs replayed");
}

#[test]
fn dsl() {
    replay("dsl", migc_fuzz::dsl);
}

#[test]
fn dsl_fast() {
    replay("dsl_fast", migc_fuzz::dsl_fast);
}

#[test]
fn simple_expr() {
    replay("simple_expr", migc_fuzz::simple_expr);
}

#[test]
fn sql_raw() {
    replay("sql_raw", migc_fuzz::sql_raw);
}

#[test]
fn range() {
    replay("range", migc_fuzz::range);
}

#[test]
fn config() {
    replay("config", migc_fuzz::config);
}

#[test]
fn pipeline() {
    replay("pipeline", migc_fuzz::pipeline);
}
