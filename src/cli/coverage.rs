//! `migc coverage`: how much of the project migc reads (Alembic files).

use super::{Context, Exit};
use crate::coverage::Report;
use clap::{Args, ValueEnum};
use std::io::{self, Write};

#[derive(Debug, Args)]
pub struct CoverageArgs {
    /// Output format (both on stdout).
    #[arg(long, value_enum, default_value_t = CoverageFormat::Human)]
    pub format: CoverageFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CoverageFormat {
    /// A few lines for people.
    Human,
    /// A versioned JSON document with every reason.
    Json,
}

pub(super) fn run(
    ctx: &Context<'_>,
    args: &CoverageArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Exit> {
    let mut project = match ctx.load(err)? {
        Ok(project) => project,
        Err(exit) => return Ok(exit),
    };
    let report = Report::of(&project);
    let text = match args.format {
        CoverageFormat::Human => report.human(),
        CoverageFormat::Json => report.json(),
    };
    out.write_all(text.as_bytes())?;
    // The counts stand, but files that did not load are not in them.
    if project.has_errors() {
        ctx.emit(&project.sources, &mut project.diagnostics, err)?;
        return Ok(Exit::BadInput);
    }
    Ok(Exit::Ok)
}
