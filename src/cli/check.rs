//! `migc check [PATHS…]`.

use super::{Context, Exit};
use crate::catalog;
use crate::diagnostic::{Diagnostic, Severity};
use crate::driver::Project;
use clap::Args;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Only report problems in these files or folders (default: all).
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
}

/// Code of a `check` argument that does not exist.
const MISSING_PATH: &str = "missing-path";

pub(super) fn run(ctx: &Context<'_>, args: &CheckArgs, err: &mut dyn Write) -> io::Result<Exit> {
    let project = match ctx.load(err)? {
        Ok(project) => project,
        Err(exit) => return Ok(exit),
    };
    let (selected, mut bad_paths) = select(ctx.cwd, &args.paths);
    let files = project.migration_file_count();
    // Semantic checks need every file parsed and a sound graph: on a
    // project with bad input they would only add noise to the real errors.
    let bad_input = project.has_errors();
    let semantic = if bad_input {
        Vec::new()
    } else {
        catalog::check(&project.revisions, &project.graph).1
    };
    let Project {
        sources,
        mut diagnostics,
        config_file,
        ..
    } = project;
    diagnostics.extend(semantic);
    if !args.paths.is_empty() {
        diagnostics.retain(|d| match d.primary_span() {
            // Problems with no file, or with migc.toml, concern the whole
            // project and are always shown.
            None => true,
            Some(span) if span.file == config_file => true,
            Some(span) => sources
                .get(span.file)
                .is_some_and(|f| selected.iter().any(|p| f.path.starts_with(p))),
        });
    }
    let bad_paths_ok = bad_paths.is_empty();
    diagnostics.append(&mut bad_paths);
    ctx.emit(&sources, &mut diagnostics, err)?;

    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    if errors + warnings == 0 {
        writeln!(err, "checked {}: no problems found", plural(files, "file"))?;
    } else {
        writeln!(
            err,
            "checked {}: {}, {}",
            plural(files, "file"),
            plural(errors, "error"),
            plural(warnings, "warning")
        )?;
    }
    if bad_input {
        writeln!(
            err,
            "semantic checks skipped: fix the errors above and run `migc check` again"
        )?;
    }
    Ok(if bad_input || !bad_paths_ok {
        Exit::BadInput
    } else if errors > 0 {
        Exit::Findings
    } else {
        Exit::Ok
    })
}

/// Resolves the PATHS arguments; one that does not exist is an error (a
/// typo in a pre-commit hook must not silently check nothing).
fn select(cwd: &Path, paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut selected = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        // The driver canonicalises the project's paths, so these must be
        // canonical too for `starts_with` to compare like with like.
        match cwd.join(path).canonicalize() {
            Ok(p) => selected.push(p),
            Err(e) => problems.push(Diagnostic::error(
                MISSING_PATH,
                format!("cannot check `{}`: {e}", path.display()),
            )),
        }
    }
    (selected, problems)
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
