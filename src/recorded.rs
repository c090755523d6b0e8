//! Test support: output held to a file recorded in the repository.

/// Compares `actual` with the file at `relative` (from the crate root);
/// with `MIGC_BLESS=1` set, records `actual` there instead.
pub(crate) fn assert_recorded(relative: &str, actual: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    if std::env::var_os("MIGC_BLESS").is_some() {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("folder for the recording");
        }
        std::fs::write(&path, actual).expect("recording written");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{relative}: {e} (MIGC_BLESS=1 records it)"));
    assert!(
        expected == actual,
        "{relative} differs (MIGC_BLESS=1 records the new output)\n--- recorded\n{expected}\n--- now\n{actual}"
    );
}
