//! `migc fmt [--check] [PATHS…]`: canonical layout of `.mig` files,
//! comments kept (see [`crate::fmt`]). Files are rewritten atomically and
//! only when they change.

use super::{Context, Exit};
use crate::diagnostic::Diagnostic;
use crate::driver::{MIG_EXTENSION, UNREADABLE_FILE};
use crate::fmt;
use crate::fsutil;
use crate::source::SourceMap;
use clap::Args;
use rayon::prelude::*;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Change nothing; list the files that are not formatted and exit 1
    /// when there are any.
    #[arg(long)]
    pub check: bool,

    /// Files or folders (walked for `*.mig`). Default: the project's
    /// migrations folder.
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
}

pub(super) fn run(
    ctx: &Context<'_>,
    args: &FmtArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Exit> {
    let mut problems = Vec::new();
    let files: Vec<(String, PathBuf)> = if args.paths.is_empty() {
        let project = match ctx.load(err)? {
            Ok(project) => project,
            Err(exit) => return Ok(exit),
        };
        let n = project.migration_file_count();
        project
            .sources
            .files()
            .take(n)
            .map(|(_, f)| (f.name.clone(), f.path.clone()))
            .collect()
    } else {
        let mut found = Vec::new();
        for path in &args.paths {
            walk(ctx.cwd, path, &mut found, &mut problems);
        }
        found
    };

    // Read and format in parallel; report and write in file order.
    let results: Vec<Result<(String, Option<String>), String>> = files
        .par_iter()
        .map(|(_, path)| {
            let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
            let formatted = fmt::format(crate::source::FileId(0), &text).ok();
            Ok((text, formatted))
        })
        .collect();
    if !args.check {
        // Runs killed mid-write left temporary files beside the ones they
        // were formatting; one look per folder clears them.
        let folders: std::collections::BTreeSet<&Path> =
            files.iter().filter_map(|(_, p)| p.parent()).collect();
        for folder in folders {
            fsutil::remove_stale_temps(folder, "tmp");
        }
    }
    let mut sources = SourceMap::new();
    let mut changed = Vec::new();
    for ((name, path), result) in files.iter().zip(results) {
        let (text, formatted) = match result {
            Ok(r) => r,
            Err(reason) => {
                problems.push(Diagnostic::error(
                    UNREADABLE_FILE,
                    format!("cannot read `{name}`: {reason}"),
                ));
                continue;
            }
        };
        let Some(formatted) = formatted else {
            // Parse again against a shared source map to render the errors.
            let id = sources.add(name.clone(), path, text.clone());
            if let Err(found) = fmt::format(id, &text) {
                problems.extend(found);
            }
            continue;
        };
        if formatted == text {
            continue;
        }
        changed.push(name.clone());
        if !args.check
            && let Err(e) = fsutil::write_atomic(path, formatted.as_bytes())
        {
            problems.push(Diagnostic::error(
                "unwritable-file",
                format!("cannot write `{name}`: {e}"),
            ));
        }
    }
    if args.check {
        for name in &changed {
            writeln!(out, "{name}")?;
        }
    }
    let bad = !problems.is_empty();
    ctx.emit(&sources, &mut problems, err)?;
    if bad {
        writeln!(err, "files with errors were left as they are")?;
    }
    Ok(if bad {
        Exit::BadInput
    } else if args.check && !changed.is_empty() {
        Exit::Findings
    } else {
        Exit::Ok
    })
}

/// Adds `path` (a file, or the `.mig` files under a folder, sorted,
/// hidden entries and symlinks skipped) with its display name.
fn walk(
    cwd: &Path,
    path: &Path,
    found: &mut Vec<(String, PathBuf)>,
    problems: &mut Vec<Diagnostic>,
) {
    let full = cwd.join(path);
    if full.is_file() {
        found.push((path.display().to_string(), full));
        return;
    }
    if !full.is_dir() {
        problems.push(Diagnostic::error(
            "missing-path",
            format!("cannot format `{}`: no such file or folder", path.display()),
        ));
        return;
    }
    let walker = WalkDir::new(&full)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker.flatten() {
        let is_mig = entry.file_type().is_file()
            && entry.path().extension().is_some_and(|x| x == MIG_EXTENSION);
        if is_mig {
            let shown = path.join(entry.path().strip_prefix(&full).unwrap_or(entry.path()));
            found.push((shown.display().to_string(), entry.path().to_path_buf()));
        }
    }
}
