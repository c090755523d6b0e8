//! `migc bundle [RANGE] -o DIR`: the reviewed folder a DBA applies (see
//! [`crate::bundle`]). Nothing is written when anything is wrong.

use super::check::{FailOn, analyse};
use super::sql::OutputArgs;
use super::{Context, Exit};
use crate::bundle::{self, Input};
use crate::catalog;
use crate::diagnostic::{self, Diagnostic, Severity};
use crate::emit::ScriptOptions;
use crate::graph::Selection;
use crate::lint;
use crate::newrev::Stamp;
use clap::Args;
use std::io::{self, Write};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct BundleArgs {
    /// Revisions in Alembic range syntax (default `base:heads`).
    #[arg(value_name = "RANGE")]
    pub range: Option<String>,

    /// The folder to write (replaced when it holds an earlier bundle).
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,

    #[command(flatten)]
    pub script: OutputArgs,

    /// Lowest severity that refuses the bundle (default: `fail_on` in
    /// migc.toml, else `error`).
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,

    /// Write the bundle even when findings reach --fail-on (they are
    /// listed in REVIEW.md and manifest.json).
    #[arg(long)]
    pub allow_findings: bool,

    /// Record the time of writing in manifest.json (the bundle is then no
    /// longer byte-identical across runs).
    #[arg(long)]
    pub timestamp: bool,
}

pub(super) fn run(
    ctx: &Context<'_>,
    args: &BundleArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Exit> {
    let mut project = match ctx.load(err)? {
        Ok(project) => project,
        Err(exit) => return Ok(exit),
    };
    let lock = super::lock::read(&mut project);
    let stop = |project: &crate::driver::Project, mut d: Vec<Diagnostic>, err: &mut dyn Write| {
        ctx.emit(&project.sources, &mut d, err)?;
        writeln!(err, "bundle not written")?;
        Ok(Exit::BadInput)
    };
    if project.has_errors() {
        let d = std::mem::take(&mut project.diagnostics);
        return stop(&project, d, err);
    }
    let range = args
        .range
        .clone()
        .unwrap_or_else(|| "base:heads".to_string());
    let selection = match &args.range {
        Some(r) => match project.graph.resolve(r) {
            Ok(s) => s,
            Err(d) => return stop(&project, vec![d], err),
        },
        None => Selection::everything(&project.graph),
    };
    let steps = bundle::revisions_in_range(&project.graph, &selection);
    let unsafe_ids = bundle::check_ids(&project.revisions, &steps);
    if !unsafe_ids.is_empty() {
        return stop(&project, unsafe_ids, err);
    }

    if let Some(d) = args.script.dialect {
        // Before the config changes: what the files say depends on it.
        project.revisions = project.revisions_for(d).into_owned();
        project.config.dialect = d;
    }
    let (lint_selection, config_problems) = lint::Selection::from_config(&project.config.lint);
    if !config_problems.is_empty() {
        return stop(&project, config_problems, err);
    }
    let all = analyse(&project, lock.as_ref(), &lint_selection);
    // Findings about the revisions in range, and about the whole project.
    let files: Vec<_> = steps.iter().map(|&i| project.revisions[i].file).collect();
    let mut findings: Vec<Diagnostic> = all
        .into_iter()
        .filter(|d| d.primary_span().is_none_or(|s| files.contains(&s.file)))
        .collect();
    diagnostic::sort(&mut findings);
    let fail_on = args.fail_on.map_or(lint_selection.fail_on, Severity::from);
    let failing = bundle::failing(&findings, fail_on);
    if failing > 0 && !args.allow_findings {
        ctx.emit(&project.sources, &mut findings.clone(), err)?;
        writeln!(
            err,
            "bundle not written: {failing} finding{} at or over `{fail_on}`; fix {}, or pass \
             --allow-findings to write the bundle with them listed in REVIEW.md",
            if failing == 1 { "" } else { "s" },
            if failing == 1 { "it" } else { "them" },
        )?;
        return Ok(Exit::Findings);
    }

    let mut options = ScriptOptions::from_config(&project.config);
    if let Some(t) = args.script.transaction {
        options.transaction = t.into();
    }
    if let Some(t) = &args.script.version_table {
        if t.is_empty() {
            let d = Diagnostic::error("invalid-argument", "--version-table needs a table name");
            return stop(&project, vec![d], err);
        }
        options.version_table = t.clone();
    }
    // The bundle reads each revision's catalogs at random (per-revision
    // files, the combined script, REVIEW.md), so it keeps them all.
    let replay = catalog::replay(&project.revisions, &project.graph);
    let input = Input {
        sources: &project.sources,
        revisions: &project.revisions,
        graph: &project.graph,
        replay: &replay,
        selection: &selection,
        range: &range,
        dialect: project.config.dialect,
        engine_version: project.config.engine_version.as_deref(),
        options: &options,
        findings: &findings,
        timestamp: args.timestamp.then(|| {
            let t = Stamp::now();
            format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                t.year, t.month, t.day, t.hour, t.minute, t.second
            )
        }),
    };
    let built = match bundle::build(&input) {
        Ok(b) => b,
        Err(errors) => return stop(&project, errors, err),
    };
    let dir = ctx.cwd.join(&args.output);
    if let Err(e) = bundle::write_dir(&dir, &built.files) {
        writeln!(
            err,
            "error: cannot write the bundle `{}`: {e}",
            args.output.display()
        )?;
        writeln!(err, "bundle not written")?;
        return Ok(Exit::BadInput);
    }
    // Findings below the threshold (or allowed) are shown, not fatal.
    ctx.emit(&project.sources, &mut findings, err)?;
    let mut names: Vec<&str> = built.files.iter().map(|(n, _)| n.as_str()).collect();
    names.sort_unstable();
    for name in names {
        writeln!(out, "{}", args.output.join(name).display())?;
    }
    Ok(Exit::Ok)
}
