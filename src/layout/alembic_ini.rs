//! `alembic.ini`: where an Alembic project keeps its revision files.
//!
//! Only the `[alembic]` section matters here: `script_location` (the
//! folder holding `env.py` and `versions/`) and `version_locations` (other
//! folders of revisions, when set). Values may use `%(here)s`, the folder
//! of the file. Nothing else is interpolated, as with Alembic's own
//! `ConfigParser`, where other `%(name)s` refer to `[DEFAULT]` keys.
//!
//! Alembic resolves a relative `script_location` against the working
//! directory it is started from, usually the repository root (mlflow
//! writes `mlflow/store/db_migrations`). migc has no such directory to
//! rely on, so it tries the folder of `alembic.ini` and then each of its
//! parents, and takes the first that exists.
//!
//! The version table is configured in `env.py` (`context.configure(
//! version_table=…)`), which is Python migc does not run: a project with
//! another name sets `version_table` in `migc.toml`.

use crate::config::INVALID_CONFIG;
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// The file name migc looks for next to (or instead of) `migc.toml`.
pub const FILE_NAME: &str = "alembic.ini";

/// What `alembic.ini` says about the revision files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlembicIni {
    /// The folder of revision files: `version_locations` when it names
    /// one folder, else `<script_location>/versions`.
    pub versions: PathBuf,
    /// Where the value that named it is written.
    pub span: Span,
}

/// One `key = value` of the `[alembic]` section.
struct Entry {
    key: String,
    value: String,
    range: Range<usize>,
}

/// Reads `text` (the file at `path`, added to a source map as `file`).
pub fn parse(file: FileId, path: &Path, text: &str) -> Result<AlembicIni, Box<Diagnostic>> {
    let here = path.parent().unwrap_or(Path::new("."));
    let entries = alembic_section(text);
    let get = |key: &str| entries.iter().find(|e| e.key == key);
    let at = |e: &Entry| Span::new(file, e.range.clone());

    if let Some(locations) = get("version_locations") {
        let separator = get("version_path_separator")
            .or_else(|| get("path_separator"))
            .map(|e| e.value.trim().to_string());
        let value = interpolate(&locations.value, here);
        let parts = split_locations(&value, separator.as_deref());
        return match parts.as_slice() {
            [one] => Ok(AlembicIni {
                versions: resolve(here, one).unwrap_or_else(|| here.join(one)),
                span: at(locations),
            }),
            _ => Err(Box::new(
                Diagnostic::error(
                    INVALID_CONFIG,
                    format!(
                        "`version_locations` names {} folders; migc reads one",
                        parts.len()
                    ),
                )
                .with_primary(at(locations), "several folders")
                .with_help("write a migc.toml next to alembic.ini with `migrations = \"…\"` and `layout = \"alembic\"`"),
            )),
        };
    }
    let Some(location) = get("script_location") else {
        return Err(Box::new(
            Diagnostic::error(
                INVALID_CONFIG,
                "alembic.ini has no `script_location` in an `[alembic]` section",
            )
            .with_primary(Span::new(file, 0..0), "expected `script_location = …`")
            .with_help("add `script_location = %(here)s/alembic`, or write a migc.toml with `migrations = \"…\"`"),
        ));
    };
    let value = interpolate(&location.value, here);
    if is_package_resource(&value) {
        return Err(Box::new(
            Diagnostic::error(
                INVALID_CONFIG,
                format!("`script_location` names a Python package resource (`{value}`)"),
            )
            .with_primary(at(location), "migc does not import Python packages")
            .with_help("write a migc.toml next to alembic.ini with `migrations = \"path/to/versions\"` and `layout = \"alembic\"`"),
        ));
    }
    let script = resolve(here, &value)
        .or_else(|| here.join("versions").is_dir().then(|| here.to_path_buf()))
        .ok_or_else(|| {
            Box::new(
                Diagnostic::error(
                    INVALID_CONFIG,
                    format!("`script_location` folder `{value}` does not exist"),
                )
                .with_primary(at(location), "no such folder")
                .with_note(format!(
                    "looked in `{}` and its parent folders",
                    here.display()
                )),
            )
        })?;
    Ok(AlembicIni {
        versions: script.join("versions"),
        span: at(location),
    })
}

/// The `key = value` lines of `[alembic]`, with indented continuation
/// lines joined (configparser's multi-line values).
fn alembic_section(text: &str) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut in_section = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        if let Some(name) = trimmed.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            in_section = name.trim() == "alembic";
            continue;
        }
        if !in_section {
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        if indented && let Some(last) = entries.last_mut() {
            last.value.push('\n');
            last.value.push_str(trimmed);
            continue;
        }
        let Some(split) = line.find(['=', ':']) else {
            continue;
        };
        let value = &line[split + 1..];
        let lead = value.len() - value.trim_start().len();
        let value_start = start + split + 1 + lead;
        entries.push(Entry {
            key: line[..split].trim().to_ascii_lowercase(),
            value: value.trim().to_string(),
            range: value_start..value_start + value.trim().len(),
        });
    }
    entries
}

/// `%(here)s` is the folder of the file; `%%` is `%`.
fn interpolate(value: &str, here: &Path) -> String {
    let here = here.to_string_lossy();
    value.replace("%(here)s", &here).replace("%%", "%")
}

/// `myapp:migrations` (a package resource), not `C:\…` nor `/a/b`.
fn is_package_resource(value: &str) -> bool {
    match value.split_once(':') {
        Some((package, _)) => {
            package.len() > 1 && !package.contains(['/', '\\']) && !value.contains("://")
        }
        None => false,
    }
}

fn split_locations(value: &str, separator: Option<&str>) -> Vec<String> {
    let os = if cfg!(windows) { ';' } else { ':' };
    let parts: Vec<&str> = match separator {
        Some("colon") => value.split(':').collect(),
        Some("semicolon") => value.split(';').collect(),
        Some("os") => value.split(os).collect(),
        Some("newline") => value.lines().collect(),
        Some("space") => value.split_whitespace().collect(),
        // Alembic's legacy rule: spaces and commas.
        _ => value.split([' ', ',', '\n']).collect(),
    };
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// `value` as a folder: absolute, or relative to `here` or to one of its
/// parents (the working directory Alembic is usually run from).
fn resolve(here: &Path, value: &str) -> Option<PathBuf> {
    let path = Path::new(value);
    if path.is_absolute() {
        return path.is_dir().then(|| path.to_path_buf());
    }
    here.ancestors()
        .map(|dir| dir.join(path))
        .find(|candidate| candidate.is_dir())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn here_is_the_folder_of_the_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("db/versions")).expect("mkdir");
        let path = dir.path().join(FILE_NAME);
        let text = "# comment\n[alembic]\nscript_location = %(here)s/db\nsqlalchemy.url = x\n";
        let ini = parse(FileId(0), &path, text).expect("reads");
        assert_eq!(ini.versions, dir.path().join("db").join("versions"));
        assert_eq!(&text[ini.span.range()], "%(here)s/db");
    }

    #[test]
    fn a_relative_location_is_looked_up_in_parent_folders() {
        let dir = tempfile::tempdir().expect("temp dir");
        let script = dir.path().join("pkg/store/migrations");
        std::fs::create_dir_all(script.join("versions")).expect("mkdir");
        let path = script.join(FILE_NAME);
        let text = "[alembic]\nscript_location = pkg/store/migrations\n";
        let ini = parse(FileId(0), &path, text).expect("reads");
        assert_eq!(ini.versions, script.join("versions"));
    }

    #[test]
    fn problems_point_at_the_value() {
        let path = Path::new("/nowhere/alembic.ini");
        let text = "[alembic]\nscript_location = myapp:migrations\n";
        let d = parse(FileId(0), path, text).expect_err("a package");
        assert_eq!(d.code, INVALID_CONFIG);
        let text = "[other]\nscript_location = x\n";
        assert!(parse(FileId(0), path, text).is_err());
        let text = "[alembic]\nversion_locations = a b\n";
        assert!(parse(FileId(0), path, text).is_err());
        let text = "[alembic]\nscript_location = missing\n";
        let d = parse(FileId(0), path, text).expect_err("missing");
        assert_eq!(d.primary_span().map(|s| s.range()), Some(28..35));
    }

    #[test]
    fn continuation_lines_join_the_value() {
        let entries = alembic_section("[alembic]\nversion_locations =\n    a\n    b\n");
        assert_eq!(entries.len(), 1);
        assert_eq!(split_locations(&entries[0].value, None), ["a", "b"]);
    }
}
