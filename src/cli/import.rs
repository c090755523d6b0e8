//! `migc import alembic PATH -o DIR`: an Alembic project as `.mig` files.

use super::{Context, Exit};
use crate::diagnostic::Diagnostic;
use crate::driver::{self, ConfigSource};
use crate::import::{self, IMPORT_FAILED};
use crate::source::SourceMap;
use clap::{Args, Subcommand};
use std::io::{self, Write};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub source: ImportSource,
}

#[derive(Debug, Subcommand)]
pub enum ImportSource {
    /// Read an Alembic project (no Python is run) and write .mig files.
    #[command(
        long_about = "Read the Alembic project at PATH without running Python and write DIR: \
                      a migc.toml and one .mig file per revision (`NNNN_<revision>_<slug>.mig` \
                      in upgrade order), with the same revision ids, parents, branch labels, \
                      depends_on and messages, printed canonically (`migc fmt --check` accepts \
                      them). A statement migc cannot read becomes a `sql` statement when it only \
                      runs literal SQL, else an `opaque \"…\" because \"…\"` statement holding \
                      its Python: as in the original, its effects are unknown, `migc check` \
                      reports it as `not-understood` and `migc sql` refuses to print it.\n\n\
                      PATH is a folder holding alembic.ini (or migc.toml), one of those files, \
                      or a folder of revision files. DIR is built next to itself and renamed \
                      into place: a failure leaves nothing, and a DIR that is not empty is \
                      refused unless --force. A coverage summary goes to stdout.",
        after_help = super::IMPORT_AFTER_HELP
    )]
    Alembic(ImportAlembicArgs),
}

#[derive(Debug, Args)]
pub struct ImportAlembicArgs {
    /// The Alembic project: a folder with alembic.ini or migc.toml, one of
    /// those files, or a versions folder.
    #[arg(value_name = "PATH")]
    pub path: PathBuf,

    /// The folder to write (created; must be empty or absent).
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub output: PathBuf,

    /// Replace DIR even when it is not empty.
    #[arg(long)]
    pub force: bool,
}

pub(super) fn run(
    ctx: &Context<'_>,
    args: &ImportArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Exit> {
    let ImportSource::Alembic(args) = &args.source;
    let path = ctx.cwd.join(&args.path);
    let source = match ConfigSource::from_path(&path) {
        Some(source) => source,
        None if path.is_dir() => ConfigSource::Versions(path.clone()),
        None => {
            return fail(
                ctx,
                err,
                format!(
                    "`{}` is not an Alembic project (no such folder or file)",
                    args.path.display()
                ),
            );
        }
    };
    let mut project = match driver::load_from(source, ctx.cwd) {
        Ok(project) => project,
        Err(mut failure) => {
            ctx.emit(&failure.sources, &mut failure.diagnostics, err)?;
            return Ok(Exit::BadInput);
        }
    };
    if project.has_errors() {
        ctx.emit(&project.sources, &mut project.diagnostics, err)?;
        writeln!(err, "nothing imported: fix the errors above first")?;
        return Ok(Exit::BadInput);
    }
    if project.coverage.is_empty() {
        return fail(
            ctx,
            err,
            format!(
                "no Alembic revision files in `{}`",
                driver::display_path(&project.config.migrations_dir(&project.root))
            ),
        );
    }
    let imported = match import::alembic(&project) {
        Ok(imported) => imported,
        Err(mut problems) => {
            ctx.emit(&project.sources, &mut problems, err)?;
            return Ok(Exit::BadInput);
        }
    };
    let dir = ctx.cwd.join(&args.output);
    if let Err(e) = import::write_dir(&dir, &imported.files, args.force) {
        return fail(
            ctx,
            err,
            format!("cannot write `{}`: {e}", args.output.display()),
        );
    }
    let report = crate::coverage::Report::of(&project);
    let s = imported.summary;
    writeln!(
        out,
        "imported {} revisions from {} into {}",
        s.revisions,
        report.migrations,
        driver::display_path(&args.output)
    )?;
    writeln!(
        out,
        "op statements: {} understood, {} opaque ({} understood): {} written as sql, {} as opaque statements",
        report.understood,
        report.opaque,
        report.percent(),
        s.as_sql,
        s.as_opaque
    )?;
    for (why, n) in report.reasons.iter().take(5) {
        writeln!(out, "{n:6}  {why}")?;
    }
    // An opaque statement is imported as faithfully as the rest (`migc
    // check` on the result reports it as the original's check does), so
    // it is no finding of the import.
    Ok(Exit::Ok)
}

fn fail(ctx: &Context<'_>, err: &mut dyn Write, message: String) -> io::Result<Exit> {
    let mut d = vec![Diagnostic::error(IMPORT_FAILED, message)];
    ctx.emit(&SourceMap::new(), &mut d, err)?;
    Ok(Exit::BadInput)
}
