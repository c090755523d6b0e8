//! `migc sql [RANGE] [--down]` and `migc stamp REV --sql`: offline SQL.
//!
//! The whole script is built in memory and written only when no
//! diagnostic is an error, so a failed run prints every problem and no
//! half script.

use super::{Context, Exit};
use crate::config::{self, TransactionMode};
use crate::diagnostic::Diagnostic;
use crate::dialect::DialectId;
use crate::driver::Project;
use crate::emit::{self, Script, ScriptOptions, script};
use crate::graph::Selection;
use clap::{Args, ValueEnum};
use std::io::{self, Write};

#[derive(Debug, Args)]
pub struct SqlArgs {
    /// Revisions in Alembic range syntax, as `alembic upgrade A:B --sql`
    /// takes them (default `base:heads`). With --down it must be
    /// `FROM:TO`, FROM being what the version table holds.
    #[arg(value_name = "RANGE")]
    pub range: Option<String>,

    /// Emit the downgrade from FROM to TO, using each revision's `down`
    /// block, or the one derived from `up` (an error if it cannot undo
    /// every operation).
    #[arg(long)]
    pub down: bool,

    #[command(flatten)]
    pub output: OutputArgs,

    /// PostgreSQL `lock_timeout` set at the top of the script (e.g. `5s`).
    #[arg(long, value_name = "DURATION", value_parser = duration)]
    pub lock_timeout: Option<String>,

    /// PostgreSQL `statement_timeout` set at the top of the script.
    #[arg(long, value_name = "DURATION", value_parser = duration)]
    pub statement_timeout: Option<String>,
}

#[derive(Debug, Args)]
pub struct StampArgs {
    /// The revision(s) to record: `REV`, `heads`, or `FROM:TO` to move the
    /// version table from FROM (`base:heads` stamps from an empty table).
    #[arg(value_name = "REV")]
    pub revision: String,

    /// Print the statements (required: migc never connects to a database).
    #[arg(long)]
    pub sql: bool,

    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Target dialect (default: `dialect` in migc.toml).
    #[arg(long, value_name = "DIALECT", value_parser = dialect)]
    pub dialect: Option<DialectId>,

    /// Transactions: one around the script, one per revision, or none
    /// (default: `transaction` in migc.toml). Only dialects with
    /// transactional DDL (PostgreSQL) get BEGIN/COMMIT at all.
    #[arg(long, value_enum, value_name = "MODE")]
    pub transaction: Option<TransactionArg>,

    /// The version table (default: `version_table` in migc.toml, else
    /// `alembic_version`).
    #[arg(long, value_name = "TABLE")]
    pub version_table: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TransactionArg {
    Single,
    PerMigration,
    None,
}

impl From<TransactionArg> for TransactionMode {
    fn from(t: TransactionArg) -> TransactionMode {
        match t {
            TransactionArg::Single => TransactionMode::Single,
            TransactionArg::PerMigration => TransactionMode::PerMigration,
            TransactionArg::None => TransactionMode::None,
        }
    }
}

fn dialect(s: &str) -> Result<DialectId, String> {
    s.parse()
}

fn duration(s: &str) -> Result<String, String> {
    config::check_duration(s).map(|()| s.to_string())
}

fn empty_name(name: &str) -> Option<Diagnostic> {
    name.is_empty()
        .then(|| Diagnostic::error("invalid-argument", "--version-table needs a table name"))
}

fn options(project: &Project, args: &OutputArgs) -> (DialectId, ScriptOptions) {
    let mut options = ScriptOptions::from_config(&project.config);
    if let Some(t) = args.transaction {
        options.transaction = t.into();
    }
    if let Some(table) = &args.version_table {
        options.version_table = table.clone();
    }
    (args.dialect.unwrap_or(project.config.dialect), options)
}

pub(super) fn sql(
    ctx: &Context<'_>,
    args: &SqlArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Exit> {
    with_project(ctx, err, out, |p| {
        if let Some(d) = args.output.version_table.as_deref().and_then(empty_name) {
            return Err(vec![d]);
        }
        let (id, mut options) = options(p, &args.output);
        if let Some(t) = &args.lock_timeout {
            options.lock_timeout = Some(t.clone());
        }
        if let Some(t) = &args.statement_timeout {
            options.statement_timeout = Some(t.clone());
        }
        let selection = match (&args.range, args.down) {
            (Some(range), true) if range.contains(':') => p.graph.resolve(range),
            (_, true) => Err(Diagnostic::error(
                "invalid-range",
                "a downgrade needs a `FROM:TO` range",
            )
            .with_note("offline, migc cannot read the version table to know where to start")
            .with_help(
                "say what the database holds and where to go, e.g. `migc sql --down head:base`",
            )),
            (Some(range), false) => p.graph.resolve(range),
            (None, false) => Ok(Selection::everything(&p.graph)),
        }
        .map_err(|d| vec![d])?;
        let dialect = emit::dialect_for(id);
        let run = if args.down {
            script::downgrade
        } else {
            script::upgrade
        };
        // The emitters see the schema before each statement: the replay
        // runs as they emit.
        let revisions = p.revisions_for(id);
        Ok(run(
            dialect.as_ref(),
            script::Catalogs::Replay,
            &revisions,
            &p.graph,
            &selection,
            &options,
        ))
    })
}

pub(super) fn stamp(
    ctx: &Context<'_>,
    args: &StampArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Exit> {
    with_project(ctx, err, out, |p| {
        if !args.sql {
            return Err(vec![
                Diagnostic::error("invalid-argument", "`migc stamp` needs `--sql`")
                    .with_note("migc never connects to a database; it prints the statements")
                    .with_help("run `migc stamp REV --sql` and apply the output yourself"),
            ]);
        }
        if let Some(d) = args.output.version_table.as_deref().and_then(empty_name) {
            return Err(vec![d]);
        }
        let (id, options) = options(p, &args.output);
        let selection = p.graph.resolve(&args.revision).map_err(|d| vec![d])?;
        let dialect = emit::dialect_for(id);
        Ok(script::stamp(
            dialect.as_ref(),
            &p.graph,
            &selection,
            &options,
        ))
    })
}

/// Loads the project, builds the script, and prints it only when nothing
/// is an error; every diagnostic goes to `err`.
fn with_project(
    ctx: &Context<'_>,
    err: &mut dyn Write,
    out: &mut dyn Write,
    build: impl FnOnce(&Project) -> Result<Script, Vec<Diagnostic>>,
) -> io::Result<Exit> {
    let mut project = match ctx.load(err)? {
        Ok(project) => project,
        Err(exit) => return Ok(exit),
    };
    if project.has_errors() {
        ctx.emit(&project.sources, &mut project.diagnostics, err)?;
        return Ok(Exit::BadInput);
    }
    let mut diagnostics = std::mem::take(&mut project.diagnostics);
    let script = match build(&project) {
        Ok(script) => script,
        Err(found) => {
            diagnostics.extend(found);
            ctx.emit(&project.sources, &mut diagnostics, err)?;
            return Ok(Exit::BadInput);
        }
    };
    let failed = script.has_errors();
    diagnostics.extend(script.diagnostics);
    ctx.emit(&project.sources, &mut diagnostics, err)?;
    if !failed {
        out.write_all(script.text.as_bytes())?;
    }
    crate::teardown::release((project, script.text));
    Ok(if failed { Exit::BadInput } else { Exit::Ok })
}
