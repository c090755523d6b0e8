//! `migc history`, `migc heads`, `migc graph`: views of the revision graph.
//!
//! The graph itself (`crate::graph`) is being written in parallel; until it
//! lands these load the project (so config and parse errors are reported
//! as usual) and then say they are not available yet.

use super::{Context, Exit};
use crate::driver::Project;
use clap::{Args, ValueEnum};
use std::io::{self, Write};

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Revisions to show, in Alembic range syntax (e.g. `base:head`,
    /// `0003_orders:`, `-3:`, `billing@head`).
    #[arg(short = 'r', long = "rev-range", value_name = "RANGE")]
    pub rev_range: Option<String>,

    /// Show each revision's parents, labels, file and message in full.
    #[arg(short, long)]
    pub verbose: bool,
}

#[derive(Debug, Args)]
pub struct HeadsArgs {
    /// Show each head's parents, labels, file and message in full.
    #[arg(short, long)]
    pub verbose: bool,
}

#[derive(Debug, Args)]
pub struct GraphArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
    pub format: GraphFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// A Mermaid flowchart, for Markdown.
    Mermaid,
    /// Graphviz dot.
    Dot,
}

pub(super) fn history(
    ctx: &Context<'_>,
    args: &HistoryArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Exit> {
    let _ = (&args.rev_range, args.verbose, &out);
    with_project(ctx, err, |_project, err| not_yet("history", err))
}

pub(super) fn heads(
    ctx: &Context<'_>,
    args: &HeadsArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Exit> {
    let _ = (args.verbose, &out);
    with_project(ctx, err, |_project, err| not_yet("heads", err))
}

pub(super) fn graph(
    ctx: &Context<'_>,
    args: &GraphArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Exit> {
    let _ = (args.format, &out);
    with_project(ctx, err, |_project, err| not_yet("graph", err))
}

/// Loads the project and shows its diagnostics; runs `view` only when
/// there is no error, since a graph built from half the files would
/// mislead.
fn with_project(
    ctx: &Context<'_>,
    err: &mut dyn Write,
    view: impl FnOnce(&Project, &mut dyn Write) -> io::Result<Exit>,
) -> io::Result<Exit> {
    let mut project = match ctx.load(err)? {
        Ok(project) => project,
        Err(exit) => return Ok(exit),
    };
    ctx.emit(&project.sources, &mut project.diagnostics, err)?;
    if project.has_errors() {
        return Ok(Exit::BadInput);
    }
    view(&project, err)
}

fn not_yet(command: &str, err: &mut dyn Write) -> io::Result<Exit> {
    writeln!(
        err,
        "error: `migc {command}` is not yet available: the revision graph module has not landed"
    )?;
    Ok(Exit::BadInput)
}
