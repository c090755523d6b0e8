//! The command line: argument parsing (clap derive), output streams and
//! exit codes. Each subcommand lives in its own module and returns an
//! [`Exit`]; nothing here calls `process::exit` or panics on bad input.
//!
//! Streams: diagnostics go to stderr, command output to stdout through a
//! buffered writer, so `migc history > file` captures only the history.

mod bundle;
mod check;
mod coverage;
mod fmt;
mod graph;
mod import;
mod lock;
mod meta;
mod new;
mod rules;
mod schema;
mod sql;

use crate::diagnostic::render::{self, Color};
use crate::diagnostic::{self, Diagnostic};
use crate::driver::{self, LoadFailure, Project};
use crate::source::SourceMap;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub use bundle::BundleArgs;
pub use check::{CheckArgs, FailOn, Format};
pub use coverage::{CoverageArgs, CoverageFormat};
pub use fmt::FmtArgs;
pub use graph::{GraphArgs, GraphFormat, HeadsArgs, HistoryArgs};
pub use import::{ImportAlembicArgs, ImportArgs, ImportSource};
pub use lock::LockArgs;
pub use meta::{CompletionsArgs, ManArgs, Shell};
pub use new::{MergeArgs, NewArgs};
pub use rules::{ExplainArgs, RulesArgs, RulesFormat};
pub use schema::SchemaArgs;
pub use sql::{OutputArgs, SqlArgs, StampArgs, TransactionArg};

/// Process exit status, as documented in `--help` and the README.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Success: nothing at or over the failure threshold.
    Ok = 0,
    /// Findings about the migrations' content: semantic errors (a missing
    /// table, a `down` that does not undo `up`), lint findings at or over
    /// `fail_on`.
    Findings = 1,
    /// Bad input (a file that does not parse, a bad config) or bad usage.
    BadInput = 2,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit as u8)
    }
}

const AFTER_HELP: &str = "\
Exit status:
  0  success
  1  findings about the migrations: semantic errors, lint findings at or over fail_on
  2  bad input (unparsable file, invalid migc.toml) or bad usage

migc.toml is searched upward from the working directory unless --config is given.";

const IMPORT_AFTER_HELP: &str = "\
Exit status:
  0  the project was written (what migc cannot read is in it as `opaque` statements)
  2  bad input (a file that does not parse, a broken graph), DIR not empty without --force,
     or a write failure; nothing is written";

#[derive(Debug, Parser)]
#[command(
    name = "migc",
    version,
    about = "Offline compiler and linter for Alembic-style database migrations",
    long_about = "Offline compiler and linter for Alembic-style database migrations.\n\n\
                  migc reads the .mig files of a project, checks them, walks their revision \
                  graph and emits the SQL each dialect needs, without ever connecting \
                  to a database.",
    after_help = AFTER_HELP
)]
pub struct Cli {
    /// Path to migc.toml (or a directory holding one). Default: search
    /// upward from the working directory.
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// When to colour diagnostics: `auto` colours only when stderr is a
    /// terminal and NO_COLOR is unset.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    fn resolve(self) -> Color {
        match self {
            ColorChoice::Always => Color::Always,
            ColorChoice::Never => Color::Never,
            ColorChoice::Auto => {
                let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
                if !no_color && io::stderr().is_terminal() {
                    Color::Always
                } else {
                    Color::Never
                }
            }
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse and check every migration; report problems with file, line and column.
    #[command(
        long_about = "Parse and check every migration of the project and report problems \
                      with file, line, column and a caret.\n\n\
                      With PATHS, the whole project is still loaded (the revision graph needs \
                      every file), but only diagnostics about files under those paths are \
                      shown.",
        after_help = AFTER_HELP
    )]
    Check(CheckArgs),

    /// How much of the project migc reads: Alembic statements understood vs opaque, and why.
    #[command(
        long_about = "Print how much of the project migc understands: the revisions read, and \
                      for Alembic revision files the statements of upgrade()/downgrade() lowered \
                      into operations against those kept opaque (count and share), with the \
                      most frequent reasons; the `opaque` statements of .mig files count as \
                      opaque too. Every opaque statement is also a `not-understood` \
                      finding of `migc check`. `--format json` lists every reason.",
        after_help = AFTER_HELP
    )]
    Coverage(CoverageArgs),

    /// Convert another tool's migrations into .mig files.
    #[command(
        long_about = "Convert another tool's migrations into a migc project of .mig files. \
                      `migc import alembic PATH -o DIR` reads the Alembic project at PATH (a \
                      folder with alembic.ini or migc.toml, one of those files, or a versions \
                      folder) without running Python, and writes DIR/migc.toml and one .mig \
                      per revision, canonically formatted.",
        after_help = IMPORT_AFTER_HELP
    )]
    Import(ImportArgs),

    /// Show revisions from newest to oldest, like `alembic history`.
    #[command(
        long_about = "Show revisions from newest to oldest, like `alembic history`.\n\n\
                      RANGE uses Alembic's syntax: `base`, `head`, `heads`, `REV`, \
                      `REV:REV`, `+N`, `-N`, `label@head`."
    )]
    History(HistoryArgs),

    /// Show the current head revisions, like `alembic heads`.
    #[command(
        long_about = "Show the current head revisions (revisions nothing builds on), like \
                      `alembic heads`. More than one head means the graph has unmerged \
                      branches."
    )]
    Heads(HeadsArgs),

    /// Draw the revision graph as Mermaid or Graphviz dot.
    #[command(
        long_about = "Print the revision graph as a Mermaid flowchart (paste it into a \
                      Markdown file) or as Graphviz dot (`migc graph --format dot | dot -Tsvg`)."
    )]
    Graph(GraphArgs),

    /// Print the replayed schema at a revision, or a revision's downgrade.
    #[command(
        long_about = "Replay the migrations and print the schema at a revision (default: the \
                      single head) as canonical .mig statements: enums, tables, indexes, \
                      then foreign keys to tables printed later.\n\n\
                      With --down-of REV, print that revision's downgrade instead: its `down` \
                      block, or the one migc derives from `up`, with a warning for each \
                      operation that cannot be undone.",
        after_help = AFTER_HELP
    )]
    Schema(SchemaArgs),

    /// List the lint rules.
    #[command(
        long_about = "List every lint rule with its code, category, default severity, the \
                      dialects it applies to and what it flags."
    )]
    Rules(RulesArgs),

    /// Print a rule's documentation.
    #[command(
        long_about = "Print a rule's page: what it flags, why it is bad, an example and what \
                      to write instead. RULE is a name, a code such as MG101, or an old alias."
    )]
    Explain(ExplainArgs),
    /// Print the SQL of an upgrade or downgrade, like `alembic upgrade --sql`.
    #[command(
        long_about = "Print the offline SQL script of an upgrade (or, with --down, a \
                      downgrade) for one dialect, in the shape `alembic upgrade A:B --sql` \
                      prints: BEGIN/COMMIT where DDL is transactional, the version table when \
                      starting at base, a `-- Running upgrade A -> B` comment and the version \
                      table update for each revision.\n\n\
                      RANGE is Alembic's syntax and defaults to `base:heads`; a downgrade needs \
                      `FROM:TO`. The script goes to stdout only when nothing is wrong: any error \
                      (an operation the dialect cannot express, a downgrade that needs the \
                      catalog) is reported on stderr, nothing is printed, and the exit status is 2.",
        after_help = AFTER_HELP
    )]
    Sql(SqlArgs),

    /// Print the version table statements that record a revision, like `alembic stamp --sql`.
    #[command(
        long_about = "Print the statements that record REV in the version table without \
                      running any migration, like `alembic stamp REV --sql`. From base the \
                      version table is created first. `FROM:TO` moves the table from FROM.",
        after_help = AFTER_HELP
    )]
    Stamp(StampArgs),

    /// Record the checksum of every revision in migc.lock.
    #[command(
        long_about = "Write migc.lock next to migc.toml: one line per revision, sorted by id, \
                      with the SHA-256 of its normalised operations (comments, formatting and \
                      the message do not count). From then on `migc check` reports a listed \
                      revision that was edited (edited-applied-migration) or deleted \
                      (locked-revision-missing). Run it when revisions reach a shared \
                      environment, and commit the file.",
        after_help = AFTER_HELP
    )]
    Lock(LockArgs),

    /// Write a new revision file on top of the current head.
    #[command(
        long_about = "Write a new .mig revision file in the migrations folder: a fresh 12-hex \
                      revision id, parent = the single head (or --parent), the message, an \
                      empty `up` block. The file name follows `file_template` in migc.toml \
                      (default `{yyyymmdd}_{hhmm}_{rev}_{slug}`). With several heads migc \
                      refuses (exit 2) unless --parent says which to build on. Never \
                      overwrites a file; prints the new file's path.",
        after_help = AFTER_HELP
    )]
    New(NewArgs),

    /// Write a merge revision over the heads (or the named revisions).
    #[command(
        long_about = "Write a merge revision: `parents` are every head (or the REVS given), \
                      in that order, and `up` is empty, like `alembic merge`. Prints the new \
                      file's path.",
        after_help = AFTER_HELP
    )]
    Merge(MergeArgs),

    /// Format .mig files canonically, keeping comments.
    #[command(
        long_about = "Rewrite .mig files in the canonical layout (lower-case keywords, aligned \
                      header values and column types, two-space indentation, one column per line), \
                      keeping every comment with what it describes. Formatting never changes \
                      what a file means. Without PATHS, formats the project's migrations. With \
                      --check, writes nothing, lists the files that would change and exits 1 \
                      when there are any. A file that does not parse is reported (exit 2) and \
                      left alone.",
        after_help = AFTER_HELP
    )]
    Fmt(FmtArgs),

    /// Print a shell completion script (bash, zsh or fish).
    #[command(
        long_about = "Print the completion script for a shell, generated from migc's own \
                      argument definitions. For example:\n\n\
                      \x20 migc completions bash > ~/.local/share/bash-completion/completions/migc\n\
                      \x20 migc completions zsh > \"${fpath[1]}/_migc\"\n\
                      \x20 migc completions fish > ~/.config/fish/completions/migc.fish"
    )]
    Completions(CompletionsArgs),

    /// Write the DBA bundle: per-revision SQL, whole scripts, manifest, review.
    #[command(
        long_about = "Write a folder a DBA can review and apply: for each revision of RANGE \
                      (default `base:heads`) `NNNN_<revision>_<slug>.up.sql` and `.down.sql`, \
                      each self-contained with its version table statements and a header \
                      (revision, parents, message, source file and its SHA-256); \
                      `upgrade.sql` and `downgrade.sql` for the whole range; `manifest.json` \
                      (tool version, dialect, range, revisions in order, the SHA-256 of every \
                      file, the findings); and `REVIEW.md` (each operation with the locks it \
                      takes, what cannot be undone, every finding and suppression).\n\n\
                      The folder is built next to DIR and renamed into place, so a failure \
                      leaves nothing; an earlier bundle at DIR is replaced, anything else there \
                      is refused. The same input gives byte-identical files (no time unless \
                      --timestamp). Findings at or over --fail-on refuse the bundle (exit 1) \
                      unless --allow-findings; SQL the dialect cannot express, or a revision id \
                      that is not a safe file name, is exit 2.",
        after_help = AFTER_HELP
    )]
    Bundle(BundleArgs),

    /// Print the man page (roff) of migc and all its commands.
    #[command(
        long_about = "Print migc's man page in roff, generated from the argument definitions: \
                      `migc man > migc.1 && man ./migc.1`, or install it in a `man1` folder."
    )]
    Man(ManArgs),
}

/// Stack of each thread of the pool.
const WORKER_STACK: usize = 64 << 20;

/// Runs migc with the process's arguments and streams.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // clap's own rendering and exit code: 0 for --help/--version,
            // 2 for usage errors.
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
        }
    };
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(error) => {
            eprintln!("error: cannot read the working directory: {error}");
            return Exit::BadInput.into();
        }
    };
    // The replay and the emitters recurse over expressions on the
    // thread pool's threads; the depth guards (sql::guard, the grammar)
    // are sized for a main thread's stack, not for the 2 MiB threads get
    // by default. Reserved, not committed: idle threads cost nothing.
    // An error means the pool exists already, which only a test can do.
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(WORKER_STACK)
        .build_global();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let stderr = io::stderr();
    let mut err = stderr.lock();
    crate::teardown::leave_to_exit();
    let exit = run(&cli, &cwd, &mut out, &mut err);
    match out.flush() {
        Ok(()) => exit.into(),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => exit.into(),
        Err(e) => {
            let _ = writeln!(err, "error: cannot write to stdout: {e}");
            Exit::BadInput.into()
        }
    }
}

/// Runs a parsed command line against explicit streams (what tests call).
pub fn run(cli: &Cli, cwd: &Path, out: &mut dyn Write, err: &mut dyn Write) -> Exit {
    let ctx = Context {
        cwd,
        config: cli.config.as_deref(),
        color: cli.color.resolve(),
    };
    let result = match &cli.command {
        Command::Check(args) => check::run(&ctx, args, out, err),
        Command::Coverage(args) => coverage::run(&ctx, args, out, err),
        Command::Import(args) => import::run(&ctx, args, out, err),
        Command::Rules(args) => rules::rules(args, out),
        Command::Explain(args) => rules::explain(args, out, err),
        Command::History(args) => graph::history(&ctx, args, out, err),
        Command::Heads(args) => graph::heads(&ctx, args, out, err),
        Command::Graph(args) => graph::graph(&ctx, args, out, err),
        Command::Schema(args) => schema::run(&ctx, args, out, err),
        Command::Sql(args) => sql::sql(&ctx, args, out, err),
        Command::Stamp(args) => sql::stamp(&ctx, args, out, err),
        Command::Lock(args) => lock::run(&ctx, args, out, err),
        Command::New(args) => new::new(&ctx, args, out, err),
        Command::Merge(args) => new::merge(&ctx, args, out, err),
        Command::Fmt(args) => fmt::run(&ctx, args, out, err),
        Command::Completions(args) => meta::completions(args, out),
        Command::Bundle(args) => bundle::run(&ctx, args, out, err),
        Command::Man(args) => meta::man(args, out),
    };
    match result {
        Ok(exit) => exit,
        // A closed pipe (`migc history | head`) is the reader's choice,
        // not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Exit::Ok,
        Err(e) => {
            let _ = writeln!(err, "error: cannot write output: {e}");
            Exit::BadInput
        }
    }
}

/// What every subcommand needs from the global flags.
struct Context<'a> {
    cwd: &'a Path,
    config: Option<&'a Path>,
    color: Color,
}

impl Context<'_> {
    /// Loads the project, rendering a failure to start to `err`.
    fn load(&self, err: &mut dyn Write) -> io::Result<Result<Project, Exit>> {
        match driver::load(self.config, self.cwd) {
            Ok(project) => Ok(Ok(project)),
            Err(LoadFailure {
                sources,
                mut diagnostics,
            }) => {
                self.emit(&sources, &mut diagnostics, err)?;
                Ok(Err(Exit::BadInput))
            }
        }
    }

    /// Sorts and renders diagnostics to `err`.
    fn emit(
        &self,
        sources: &SourceMap,
        diagnostics: &mut [Diagnostic],
        err: &mut dyn Write,
    ) -> io::Result<()> {
        diagnostic::sort(diagnostics);
        self.render(sources, diagnostics, err)
    }

    /// Renders diagnostics that are already in order.
    fn render(
        &self,
        sources: &SourceMap,
        diagnostics: &[Diagnostic],
        err: &mut dyn Write,
    ) -> io::Result<()> {
        err.write_all(render::render(sources, diagnostics, self.color).as_bytes())
    }
}
