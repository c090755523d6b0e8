//! Golden files: expected output next to the input, compared byte for byte.
//! `MIGC_BLESS=1 cargo test` rewrites them; review the diff before committing.

use std::path::{Path, PathBuf};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Files with `ext` directly in `dir`, sorted.
pub fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no *.{ext} files in {}", dir.display());
    out
}

/// Compares `actual` with the file at `path`, or writes it when blessing.
/// Returns a failure description instead of panicking so a test can report
/// every mismatching case at once.
pub fn check(path: &Path, actual: &str) -> Result<(), String> {
    if std::env::var_os("MIGC_BLESS").is_some() {
        std::fs::write(path, actual).unwrap();
        return Ok(());
    }
    match std::fs::read_to_string(path) {
        Ok(expected) if expected == actual => Ok(()),
        Ok(expected) => Err(format!(
            "{} differs (MIGC_BLESS=1 rewrites it)\n--- expected\n{expected}\n--- actual\n{actual}",
            path.display()
        )),
        Err(_) => Err(format!(
            "{} is missing (MIGC_BLESS=1 writes it)\n--- actual\n{actual}",
            path.display()
        )),
    }
}

pub fn assert_all(failures: Vec<String>) {
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
