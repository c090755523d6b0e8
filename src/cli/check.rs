//! `migc check [PATHS…]`: load, parse, walk the graph, lint; report.

use super::{Context, Exit};
use crate::diagnostic::machine::{self, RuleInfo};
use crate::diagnostic::{self, Diagnostic, Severity};
use crate::driver::Project;
use crate::lint::{self, LintInput, RULES, Settings};
use crate::lockfile;
use crate::source::SourceMap;
use clap::{Args, ValueEnum};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Only report problems in these files or folders (default: all).
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,

    /// Output format. `human` goes to stderr; the machine formats go to
    /// stdout so CI can redirect them.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Lowest severity that makes the exit status 1 (default: `fail_on`
    /// in migc.toml, else `error`).
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Source excerpts with carets (codespan-reporting).
    Human,
    /// migc's JSON document (versioned, see the README).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations on the PR).
    Github,
    /// `file:line:col: severity: [rule] message`, one per line.
    Gcc,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

impl From<FailOn> for Severity {
    fn from(f: FailOn) -> Severity {
        match f {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

/// Code of a `check` argument that does not exist.
const MISSING_PATH: &str = "missing-path";

pub(super) fn run(
    ctx: &Context<'_>,
    args: &CheckArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Exit> {
    let mut project = match ctx.load(err)? {
        Ok(project) => project,
        Err(exit) => return Ok(exit),
    };
    let lock = super::lock::read(&mut project);
    let (selected, mut bad_paths) = select(ctx.cwd, &args.paths);
    let files = project.migration_file_count();
    let bad_input = project.has_errors() || !bad_paths.is_empty();

    let (selection, mut config_problems) = lint::Selection::from_config(&project.config.lint);
    let fail_on = args.fail_on.map_or(selection.fail_on, Severity::from);
    // Semantic checks and rules run only on a project that loaded cleanly:
    // findings on half a history would only add noise to the real errors.
    // A SQL statement that does not parse is the exception (the rest of
    // its file was read).
    let findings = if project.blocks_checks() || !bad_paths.is_empty() {
        Vec::new()
    } else {
        analyse(&project, lock.as_ref(), &selection)
    };
    let failing = findings.iter().any(|d| d.severity >= fail_on);

    let mut all = std::mem::take(&mut project.diagnostics);
    let (sources, config_file) = (&project.sources, project.config_file);
    all.extend(findings);
    all.append(&mut config_problems);
    if !args.paths.is_empty() {
        all.retain(|d| match d.primary_span() {
            // Problems with no file, or with migc.toml, concern the whole
            // project and are always shown.
            None => true,
            Some(span) if span.file == config_file => true,
            Some(span) if lock.as_ref().is_some_and(|l| l.file == span.file) => true,
            Some(span) => sources
                .get(span.file)
                .is_some_and(|f| selected.iter().any(|p| f.path.starts_with(p))),
        });
    }
    all.append(&mut bad_paths);
    diagnostic::sort(&mut all);
    report(ctx, args.format, sources, &all, files, out, err)?;
    if bad_input && args.format == Format::Human {
        writeln!(
            err,
            "semantic checks and rules skipped: fix the errors above and run `migc check` again"
        )?;
    }

    crate::teardown::release(project);
    Ok(if bad_input {
        Exit::BadInput
    } else if failing {
        Exit::Findings
    } else {
        Exit::Ok
    })
}

/// Semantic checks, the lock and the lint rules over a project that loaded
/// cleanly: every finding (what `check` reports, and what a bundle lists).
pub(super) fn analyse(
    project: &Project,
    lock: Option<&super::lock::Lock>,
    selection: &lint::Selection,
) -> Vec<Diagnostic> {
    // Findings the loader made under a rule's name (the Alembic reader's
    // `not-understood`) and the lock's go through the engine like the rest.
    let mut external = project.findings.clone();
    if let Some(lock) = lock {
        external.extend(lockfile::compare(&lock.entries, &project.revisions));
    }
    let settings = Settings::from_config(&project.config);
    lint::run(LintInput {
        sources: &project.sources,
        revisions: &project.revisions,
        graph: &project.graph,
        settings: &settings,
        selection,
        external,
    })
}

fn report(
    ctx: &Context<'_>,
    format: Format,
    sources: &SourceMap,
    all: &[Diagnostic],
    files: usize,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<()> {
    let text = match format {
        Format::Human => {
            // `all` is sorted already.
            ctx.render(sources, all, err)?;
            return summary(all, files, err);
        }
        Format::Json => machine::json(sources, all),
        Format::Sarif => machine::sarif(sources, all, &rule_infos(all)),
        Format::Github => machine::github(sources, all),
        Format::Gcc => machine::gcc(sources, all),
    };
    out.write_all(text.as_bytes())
}

fn summary(all: &[Diagnostic], files: usize, err: &mut dyn Write) -> io::Result<()> {
    let count = |s: Severity| all.iter().filter(|d| d.severity == s).count();
    let (errors, warnings, infos) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    if errors + warnings + infos == 0 {
        writeln!(err, "checked {}: no problems found", plural(files, "file"))
    } else {
        writeln!(
            err,
            "checked {}: {}, {}, {}",
            plural(files, "file"),
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(infos, "info")
        )
    }
}

/// SARIF rule descriptions of the rules that have results (the log stays
/// small and does not change when unrelated rules are added).
fn rule_infos(all: &[Diagnostic]) -> Vec<RuleInfo> {
    RULES
        .iter()
        .filter(|r| all.iter().any(|d| d.code == r.name))
        .map(|r| RuleInfo {
            id: r.name,
            short: r.summary,
            help: r.doc,
            help_uri: r.doc_url(),
            severity: r.severity,
        })
        .collect()
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

pub(super) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
