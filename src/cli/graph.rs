//! `migc history`, `migc heads`, `migc graph`: views of the revision graph.

use super::{Context, Exit};
use crate::driver::Project;
use crate::graph::{Selection, show};
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
    with_project(ctx, err, |p, err| {
        let selection = match &args.rev_range {
            Some(range) => p.graph.resolve(range),
            None => Ok(Selection::everything(&p.graph)),
        };
        let text = selection
            .and_then(|s| show::history(&p.graph, &p.revisions, &p.sources, &s, args.verbose));
        match text {
            Ok(text) => out.write_all(text.as_bytes()).map(|()| Exit::Ok),
            Err(d) => {
                ctx.emit(&p.sources, &mut [d], err)?;
                Ok(Exit::BadInput)
            }
        }
    })
}

pub(super) fn heads(
    ctx: &Context<'_>,
    args: &HeadsArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Exit> {
    with_project(ctx, err, |p, _err| {
        let text = show::heads(&p.graph, &p.revisions, &p.sources, args.verbose);
        out.write_all(text.as_bytes()).map(|()| Exit::Ok)
    })
}

pub(super) fn graph(
    ctx: &Context<'_>,
    args: &GraphArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Exit> {
    with_project(ctx, err, |p, _err| {
        let text = match args.format {
            GraphFormat::Mermaid => show::graph_mermaid(&p.graph, &p.revisions),
            GraphFormat::Dot => show::graph_dot(&p.graph, &p.revisions),
        };
        out.write_all(text.as_bytes()).map(|()| Exit::Ok)
    })
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
