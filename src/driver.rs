//! Project loading: find the config, walk the migrations folder, read and
//! parse files in parallel, in a deterministic order.
//!
//! Determinism comes from doing every order-dependent step sequentially:
//! paths are sorted before any parallel work, file ids are handed out in
//! that order, and rayon's indexed `collect` keeps results in input order.
//! So the output does not depend on `RAYON_NUM_THREADS`.

use crate::config::{self, Config};
use crate::diagnostic::Diagnostic;
use crate::dialect::DialectId;
use crate::dsl;
use crate::fsutil::Folder;
use crate::graph::Graph;
use crate::ir::Revision;
use crate::layout::{self, alembic_ini};
use crate::source::{FileId, SourceFile, SourceMap, Span};
use rayon::prelude::*;
use std::path::{Component, Path, PathBuf};
use walkdir::WalkDir;

/// The extension of DSL migration files.
pub const MIG_EXTENSION: &str = "mig";
/// The extension of plain-SQL migration files (`crate::layout`).
pub const SQL_EXTENSION: &str = "sql";
/// The extension of Alembic revision files (`crate::alembic`).
pub const PY_EXTENSION: &str = "py";

/// A loaded project. Loading problems that still leave a project to talk
/// about (an unreadable file, a parse error) are in `diagnostics`.
#[derive(Debug)]
pub struct Project {
    /// The directory holding `migc.toml`; display names are relative to it.
    pub root: PathBuf,
    pub config_path: PathBuf,
    pub config: Config,
    /// Migration files get ids `0..n` in sorted path order; `migc.toml`
    /// comes after them (`config_file`).
    pub sources: SourceMap,
    pub config_file: FileId,
    /// In file order; a file that did not parse into a revision is absent.
    pub revisions: Vec<Revision>,
    /// Built over `revisions` (node `i` is `revisions[i]`).
    pub graph: Graph,
    pub diagnostics: Vec<Diagnostic>,
    /// Findings of the frontends under a lint rule's name (`not-understood`,
    /// `irreversible-downgrade` of a `downgrade()` that raises): they reach
    /// the user through the lint engine, like every rule's.
    pub findings: Vec<Diagnostic>,
    /// How much of each Alembic file the reader understood, in file order.
    pub coverage: Vec<(FileId, crate::alembic::Coverage)>,
    /// What the Alembic reader was told; [`Project::revisions_for`] reads
    /// the files again with another dialect.
    pub alembic: crate::alembic::Options,
}

impl Project {
    /// How many migration files were read (their ids are `0..n`).
    pub fn migration_file_count(&self) -> usize {
        self.config_file.0 as usize
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Whether an error keeps the project from being checked. A statement
    /// of a `.sql` file that does not parse does not: the file's other
    /// statements were read, it counts as SQL with unknown effects, and
    /// the rest of the history is still worth checking.
    pub fn blocks_checks(&self) -> bool {
        self.diagnostics.iter().any(|d| {
            let in_sql_file = d.primary_span().is_some_and(|s| {
                self.sources
                    .get(s.file)
                    .is_some_and(|f| f.path.extension().is_some_and(|e| e == SQL_EXTENSION))
            });
            d.is_error() && !(d.code == crate::sql::file::SYNTAX_ERROR && in_sql_file)
        })
    }

    /// The revisions with raw `sql` analysed for `dialect`: what the
    /// catalog replays for a script in another dialect than the config's
    /// (`sql --dialect`), where another dialect's `sql postgresql "CREATE
    /// INDEX …"` never ran and this one's did.
    ///
    /// Alembic files are read again: `if op.get_bind().dialect.name == …`
    /// was answered for the config's dialect when they were loaded, and the
    /// other branch is the one that runs for `dialect`. What that reading
    /// finds (a statement not understood in the other branch) is not
    /// reported again here: the emitter refuses such a statement itself.
    pub fn revisions_for(&self, dialect: DialectId) -> std::borrow::Cow<'_, [Revision]> {
        if dialect == self.config.dialect {
            return std::borrow::Cow::Borrowed(&self.revisions);
        }
        let options = crate::alembic::Options {
            dialect: Some(dialect),
            ..self.alembic.clone()
        };
        let mut revisions: Vec<Revision> = self
            .revisions
            .iter()
            .map(|r| match self.sources.get(r.file) {
                Some(f) if f.path.extension().is_some_and(|e| e == PY_EXTENSION) => {
                    // The headers do not depend on the dialect, so the file
                    // gives the same revision, only its bodies may differ.
                    let (again, _, _) = crate::alembic::parse_with(r.file, &f.text, &options);
                    again.unwrap_or_else(|| r.clone())
                }
                _ => r.clone(),
            })
            .collect();
        crate::sql::raw::analyze_revisions(&mut revisions, dialect);
        std::borrow::Cow::Owned(revisions)
    }
}

/// Loading could not even start: no config, or a config that does not
/// parse. The source map holds whatever the diagnostics point into.
#[derive(Debug)]
pub struct LoadFailure {
    pub sources: SourceMap,
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadFailure {
    fn new(sources: SourceMap, diagnostic: Diagnostic) -> LoadFailure {
        LoadFailure {
            sources,
            diagnostics: vec![diagnostic],
        }
    }
}

/// Code of a file or folder that exists but cannot be read.
pub const UNREADABLE_FILE: &str = "unreadable-file";
/// Code of a missing `migc.toml`.
pub const CONFIG_NOT_FOUND: &str = "config-not-found";
/// Code of a migrations folder that does not exist.
pub const MISSING_MIGRATIONS: &str = "missing-migrations";

/// Where a project's configuration comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigSource {
    /// A `migc.toml`.
    Migc(PathBuf),
    /// An `alembic.ini` with no `migc.toml` beside it: defaults, and the
    /// revision files where `script_location` says.
    AlembicIni(PathBuf),
    /// A folder of Alembic revision files and nothing else (`migc import
    /// alembic path/to/versions`): defaults.
    Versions(PathBuf),
}

impl ConfigSource {
    /// What a path given on the command line names: a `migc.toml` or an
    /// `alembic.ini`, or a folder holding one (`migc.toml` first).
    /// `None` when it is none of these.
    pub fn from_path(path: &Path) -> Option<ConfigSource> {
        if path.is_dir() {
            let migc = path.join(config::FILE_NAME);
            let ini = path.join(alembic_ini::FILE_NAME);
            return if migc.is_file() {
                Some(ConfigSource::Migc(migc))
            } else if ini.is_file() {
                Some(ConfigSource::AlembicIni(ini))
            } else {
                None
            };
        }
        if !path.is_file() {
            return None;
        }
        if path.extension().is_some_and(|e| e == "ini") {
            Some(ConfigSource::AlembicIni(path.to_path_buf()))
        } else {
            Some(ConfigSource::Migc(path.to_path_buf()))
        }
    }
}

/// Loads the project: `config` (from `--config`) wins, otherwise
/// `migc.toml` (or, in a folder without one, `alembic.ini`) is searched
/// upward from `cwd`. Relative paths are taken relative to `cwd`.
pub fn load(config: Option<&Path>, cwd: &Path) -> Result<Project, LoadFailure> {
    let found = match config {
        Some(path) => explicit_config(&cwd.join(path))?,
        None => discover_config(cwd)?,
    };
    load_from(found, cwd)
}

/// Loads the project configured by `source`.
pub fn load_from(source: ConfigSource, cwd: &Path) -> Result<Project, LoadFailure> {
    // Canonical paths let `check PATHS…` compare arguments with files,
    // whatever `..` or symlinked folders led to them.
    let canonical = |p: PathBuf| p.canonicalize().unwrap_or(p);
    let source = match source {
        ConfigSource::Migc(p) => ConfigSource::Migc(canonical(p)),
        ConfigSource::AlembicIni(p) => ConfigSource::AlembicIni(canonical(p)),
        ConfigSource::Versions(p) => ConfigSource::Versions(canonical(p)),
    };
    let (config_path, root) = match &source {
        ConfigSource::Migc(p) | ConfigSource::AlembicIni(p) => (
            p.clone(),
            p.parent()
                .map_or_else(|| cwd.to_path_buf(), Path::to_path_buf),
        ),
        ConfigSource::Versions(p) => (p.clone(), p.clone()),
    };
    let (config, config_name, config_text) = load_config(&source, &root)?;

    let mut diagnostics = Vec::new();
    let found = collect_files(&root, &config, &mut diagnostics);
    let mut sources = read_files(found, &mut diagnostics);
    let (mut revisions, coverage, alembic) = parse_files(&sources, &config, &mut diagnostics);
    // Raw `sql` is understood only for a dialect, known from the config.
    crate::sql::raw::analyze_revisions(&mut revisions, config.dialect);
    let (graph, graph_diagnostics) = Graph::build(&revisions);
    diagnostics.extend(graph_diagnostics);

    // Migration files have ids 0..n; the config takes the next one, and
    // spans into it made before now move from the placeholder to it.
    let config_file = sources.add(config_name, &config_path, config_text);
    let config = Config {
        migrations_span: config.migrations_span.map(|s| Span {
            file: config_file,
            ..s
        }),
        ..config
    };
    for label in diagnostics.iter_mut().flat_map(|d| d.labels.iter_mut()) {
        if label.span.file == CONFIG_PLACEHOLDER {
            label.span.file = config_file;
        }
    }
    // What a frontend found under a rule's name (a statement the Alembic
    // reader does not understand, a `downgrade()` that raises) is a lint
    // finding: selected, re-ranked and suppressed by the lint engine.
    let (findings, diagnostics): (Vec<Diagnostic>, Vec<Diagnostic>) = diagnostics
        .into_iter()
        .partition(|d| !d.is_error() && crate::lint::find(d.code).is_some());

    Ok(Project {
        root,
        config_path,
        config,
        sources,
        config_file,
        revisions,
        graph,
        diagnostics,
        findings,
        coverage,
        alembic,
    })
}

/// Reads the configuration: `migc.toml`, `alembic.ini`, or defaults for
/// a bare folder of revisions. Returns it with the name and text of the
/// file it came from. Spans in the returned config point at
/// [`CONFIG_PLACEHOLDER`] until `load` knows the file's final id.
fn load_config(
    source: &ConfigSource,
    root: &Path,
) -> Result<(Config, &'static str, String), LoadFailure> {
    match source {
        ConfigSource::Migc(path) => {
            let (config, text) = load_migc_toml(path)?;
            // A migc.toml beside alembic.ini that does not say where the
            // migrations are reads Alembic's.
            let ini = root.join(alembic_ini::FILE_NAME);
            let alembic_layout = config.layout.as_deref().is_none_or(|l| l == "alembic");
            if config.migrations_span.is_none() && alembic_layout && ini.is_file() {
                let (versions, _, _) = load_alembic_ini(&ini, root)?;
                let config = Config {
                    migrations: versions.migrations,
                    layout: Some("alembic".to_string()),
                    ..config
                };
                return Ok((config, config::FILE_NAME, text));
            }
            Ok((config, config::FILE_NAME, text))
        }
        ConfigSource::AlembicIni(path) => {
            let (versions, span, text) = load_alembic_ini(path, root)?;
            let config = Config {
                migrations: versions.migrations,
                migrations_span: Some(span),
                layout: Some("alembic".to_string()),
                ..Config::default()
            };
            Ok((config, alembic_ini::FILE_NAME, text))
        }
        ConfigSource::Versions(_) => {
            let config = Config {
                migrations: PathBuf::new(),
                layout: Some("alembic".to_string()),
                ..Config::default()
            };
            Ok((config, "(no configuration)", String::new()))
        }
    }
}

/// The migrations folder `alembic.ini` names.
struct AlembicVersions {
    /// Relative to the project root when it lies under it.
    migrations: PathBuf,
}

fn load_alembic_ini(
    path: &Path,
    root: &Path,
) -> Result<(AlembicVersions, Span, String), LoadFailure> {
    let (alone, id, text) = read_alone(path, alembic_ini::FILE_NAME)?;
    match alembic_ini::parse(id, path, &text) {
        Ok(ini) => {
            let migrations = ini
                .versions
                .strip_prefix(root)
                .map_or_else(|_| ini.versions.clone(), Path::to_path_buf);
            let span = Span {
                file: CONFIG_PLACEHOLDER,
                ..ini.span
            };
            Ok((AlembicVersions { migrations }, span, text))
        }
        Err(diagnostic) => Err(LoadFailure::new(alone, *diagnostic)),
    }
}

/// Reads a configuration file. On failure it is the only file to show,
/// so it gets a source map of its own (where it is file 0).
fn read_alone(path: &Path, name: &str) -> Result<(SourceMap, FileId, String), LoadFailure> {
    let text = read_text(path).map_err(|reason| {
        LoadFailure::new(
            SourceMap::new(),
            unreadable(&path.display().to_string(), &reason),
        )
    })?;
    let mut alone = SourceMap::new();
    let id = alone.add(name, path, text.clone());
    Ok((alone, id, text))
}

/// Reads and parses `migc.toml`.
fn load_migc_toml(path: &Path) -> Result<(Config, String), LoadFailure> {
    let (alone, id, text) = read_alone(path, config::FILE_NAME)?;
    match Config::parse(id, &text) {
        Ok(config) => {
            let config = Config {
                migrations_span: config.migrations_span.map(|s| Span {
                    file: CONFIG_PLACEHOLDER,
                    ..s
                }),
                ..config
            };
            Ok((config, text))
        }
        Err(diagnostic) => Err(LoadFailure::new(alone, *diagnostic)),
    }
}

/// Reads every file in parallel, then adds them to a new source map in
/// the order given, so file ids are the sorted index. A file that cannot
/// be read gets a diagnostic and no id.
fn read_files(found: Found, diagnostics: &mut Vec<Diagnostic>) -> SourceMap {
    let Found { dir, shown, files } = found;
    // Opening each file by its name in the open folder spares the kernel
    // the walk down the whole path, a third of the time a small file
    // takes to read.
    let folder = dir.as_deref().and_then(|d| Folder::open(d).ok());
    // Everything but the id is done on the reading threads, the line
    // index of each file included.
    let read: Vec<Read> = files
        .into_par_iter()
        .map(|f| {
            let name = join_display(&shown, &f.key);
            let text = match &folder {
                Some(folder) => folder
                    .read(&f.relative)
                    .map_err(|e| e.to_string())
                    .and_then(decode),
                None => read_text(&f.path),
            };
            match text {
                // Only the `.py` files that are Alembic revisions count
                // (`env.py`, `__init__.py` and helpers are skipped).
                Ok(text)
                    if f.path.extension().is_some_and(|e| e == PY_EXTENSION)
                        && !crate::alembic::looks_like_revision(&text) =>
                {
                    Read::Skipped
                }
                Ok(text) => Read::Text {
                    nul: text.find('\0'),
                    file: SourceFile::new(name, f.path, text),
                },
                Err(reason) => Read::Failed(unreadable(&name, &reason)),
            }
        })
        .collect();
    let mut sources = SourceMap::new();
    for file in read {
        match file {
            Read::Skipped => {}
            Read::Text { file, nul } => {
                let id = sources.push(file);
                // No engine stores NUL in a name or a string, and a
                // script holding one is cut short or misread by clients:
                // refuse it here, before any frontend or emitter sees it.
                if let Some(at) = nul {
                    diagnostics.push(
                        Diagnostic::error(NUL_CHARACTER, "the file contains a NUL character")
                            .with_primary(Span::new(id, at..at + 1), "NUL here")
                            .with_help("remove it: no database accepts NUL in SQL text"),
                    );
                }
            }
            Read::Failed(d) => diagnostics.push(d),
        }
    }
    sources
}

/// One file as read, before it has an id.
enum Read {
    Text {
        file: SourceFile,
        nul: Option<usize>,
    },
    /// A `.py` file that is not a revision.
    Skipped,
    Failed(Diagnostic),
}

/// Parses every file in parallel; results are collected in file order:
/// `.mig` revisions first, then the `.sql` ones in their layout's order.
fn parse_files(
    sources: &SourceMap,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> (
    Vec<Revision>,
    Vec<(FileId, crate::alembic::Coverage)>,
    crate::alembic::Options,
) {
    let (sql, mig): (Vec<_>, Vec<_>) = sources
        .files()
        .partition(|(_, f)| f.path.extension().is_some_and(|e| e == SQL_EXTENSION));
    let versions = mig
        .iter()
        .find(|(_, f)| f.path.extension().is_some_and(|e| e == PY_EXTENSION))
        .and_then(|(_, f)| f.path.parent());
    let alembic = crate::alembic::Options::from_config(config, versions.unwrap_or(Path::new(".")));
    let parsed: Vec<_> = mig
        .par_iter()
        .map(|&(id, f)| {
            if f.path.extension().is_some_and(|e| e == PY_EXTENSION) {
                let (revision, found, coverage) = crate::alembic::parse_with(id, &f.text, &alembic);
                (revision, found, Some((id, coverage)))
            } else {
                let (revision, found) = dsl::parse(id, &f.text);
                (revision, found, None)
            }
        })
        .collect();
    let mut revisions = Vec::new();
    let mut coverage = Vec::new();
    for (revision, found, covered) in parsed {
        revisions.extend(revision);
        diagnostics.extend(found);
        coverage.extend(covered);
    }
    if !sql.is_empty() {
        let prefix = join_display(&slash_path(&config.migrations), "");
        let files: Vec<layout::SqlFile<'_>> = sql
            .iter()
            .map(|(_, f)| layout::SqlFile {
                relative: f
                    .name
                    .strip_prefix(&prefix)
                    .map_or(f.name.as_str(), |r| r.trim_start_matches('/')),
                text: &f.text,
            })
            .collect();
        let chosen = config
            .layout
            .as_deref()
            .and_then(layout::Layout::parse)
            .unwrap_or_else(|| layout::detect(&files));
        let planned = layout::plan(chosen, &files, config.dialect);
        let ids: Vec<FileId> = sql.iter().map(|(id, _)| *id).collect();
        let parsed: Vec<_> = planned
            .par_iter()
            .enumerate()
            .map(|(i, p)| {
                let parent = i.checked_sub(1).map(|j| planned[j].id.as_str());
                sql_revision(p, parent, &ids, &files, config.dialect)
            })
            .collect();
        for (revision, found) in parsed {
            revisions.push(revision);
            diagnostics.extend(found);
        }
    }
    (revisions, coverage, alembic)
}

/// One planned SQL revision read into the IR.
fn sql_revision(
    planned: &layout::Planned,
    parent: Option<&str>,
    ids: &[FileId],
    files: &[layout::SqlFile<'_>],
    dialect: crate::dialect::DialectId,
) -> (Revision, Vec<Diagnostic>) {
    use crate::ir::Spanned;
    use crate::sql::file::{Placement, parse_section};
    let mut diagnostics = Vec::new();
    let mut read = |section: &layout::Section| {
        let placement = if section.no_transaction {
            Placement::NoTransaction
        } else {
            Placement::Transaction
        };
        let (block, found) = parse_section(
            ids[section.file],
            files[section.file].text,
            section.range.clone(),
            dialect,
            placement,
        );
        diagnostics.extend(found);
        block
    };
    let up = read(&planned.up);
    let down = planned.down.as_ref().map(&mut read);
    let file = ids[planned.up.file];
    let at = Span::new(file, 0..0);
    let revision = Revision {
        file,
        id: Spanned::new(planned.id.clone(), at),
        parents: parent
            .map(|p| Spanned::new(p.to_string(), at))
            .into_iter()
            .collect(),
        message: Some(Spanned::new(planned.message.clone(), at)),
        labels: Vec::new(),
        depends_on: Vec::new(),
        up,
        down,
        span: Span::new(file, 0..files[planned.up.file].text.len()),
    };
    (revision, diagnostics)
}

/// Diagnostics about the config made before the config has its final id
/// point at this file; `load` rewrites them once the id is known.
const CONFIG_PLACEHOLDER: FileId = FileId(u32::MAX);

fn explicit_config(path: &Path) -> Result<ConfigSource, LoadFailure> {
    // `--config some/dir` means the `migc.toml` (or `alembic.ini`) in it,
    // as with `cargo --manifest-path`'s friendlier cousins.
    ConfigSource::from_path(path).ok_or_else(|| {
        let shown = if path.is_dir() {
            path.join(config::FILE_NAME)
        } else {
            path.to_path_buf()
        };
        LoadFailure::new(
            SourceMap::new(),
            Diagnostic::error(
                CONFIG_NOT_FOUND,
                format!("config file `{}` does not exist", shown.display()),
            )
            .with_help("check the path given to --config (a migc.toml, an alembic.ini, or a folder holding one)"),
        )
    })
}

fn discover_config(cwd: &Path) -> Result<ConfigSource, LoadFailure> {
    for dir in cwd.ancestors() {
        let candidate = dir.join(config::FILE_NAME);
        if candidate.is_file() {
            return Ok(ConfigSource::Migc(candidate));
        }
        let ini = dir.join(alembic_ini::FILE_NAME);
        if ini.is_file() {
            return Ok(ConfigSource::AlembicIni(ini));
        }
    }
    Err(LoadFailure::new(
        SourceMap::new(),
        Diagnostic::error(
            CONFIG_NOT_FOUND,
            format!(
                "no {} or {} found in `{}` or any parent directory",
                config::FILE_NAME,
                alembic_ini::FILE_NAME,
                cwd.display()
            ),
        )
        .with_help(format!(
            "create a {} at the project root, or pass --config PATH",
            config::FILE_NAME
        )),
    ))
}

/// The migration files found by the walk, and the folder they are under
/// (none when there is no folder to walk).
struct Found {
    dir: Option<PathBuf>,
    /// The migrations folder as shown to users, `/`-separated.
    shown: String,
    files: Vec<FoundFile>,
}

/// A migration file found by the walk, before it is read.
struct FoundFile {
    /// The path under the migrations folder, components joined by `/`:
    /// the sort key, and the display name once joined to the folder's.
    key: String,
    path: PathBuf,
    /// Under the migrations folder.
    relative: PathBuf,
}

fn collect_files(root: &Path, config: &Config, diagnostics: &mut Vec<Diagnostic>) -> Found {
    let dir = config.migrations_dir(root);
    let shown = slash_path(&config.migrations);
    let none = |shown| Found {
        dir: None,
        shown,
        files: Vec::new(),
    };
    if dir.exists() && !dir.is_dir() {
        let mut d = Diagnostic::error(
            MISSING_MIGRATIONS,
            format!("migrations folder `{shown}` is not a folder"),
        )
        .with_note(format!("`{}` is a file", dir.display()))
        .with_help(format!(
            "set `migrations = \"…\"` in {} to the folder holding the migrations",
            config::FILE_NAME
        ));
        if let Some(span) = config.migrations_span {
            d = d.with_primary(span, "this is a file, not a folder");
        }
        diagnostics.push(d);
        return none(shown);
    }
    if !dir.is_dir() {
        let mut d = Diagnostic::error(
            MISSING_MIGRATIONS,
            format!("migrations folder `{shown}` does not exist"),
        )
        .with_note(format!("looked for `{}`", dir.display()))
        .with_help(format!(
            "create the folder, or set `migrations = \"…\"` in {}",
            config::FILE_NAME
        ));
        if let Some(span) = config.migrations_span {
            d = d.with_primary(span, "this folder does not exist");
        }
        diagnostics.push(d);
        return none(shown);
    }
    let dir = dir.canonicalize().unwrap_or(dir);

    let walk = WalkDir::new(&dir)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    let mut files = Vec::new();
    for entry in walk {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error
                    .path()
                    .map_or_else(|| dir.display().to_string(), display_under(&dir, &shown));
                let reason = error
                    .io_error()
                    .map_or_else(|| error.to_string(), ToString::to_string);
                diagnostics.push(unreadable(&path, &reason));
                continue;
            }
        };
        // Symlinks are skipped without a word: following them could leave
        // the project or loop, and not following them is what git does.
        if !entry.file_type().is_file()
            || Path::new(entry.file_name())
                .extension()
                .is_none_or(|e| e != MIG_EXTENSION && e != SQL_EXTENSION && e != PY_EXTENSION)
        {
            continue;
        }
        // The walk joins names onto `dir`, so the path under it is the
        // last `depth` components (cheaper than stripping the prefix).
        let depth = entry.depth();
        let path = entry.into_path();
        let mut under: Vec<&std::ffi::OsStr> = path.iter().rev().take(depth).collect();
        under.reverse();
        let relative: PathBuf = under.iter().collect();
        let key = under
            .iter()
            .map(|part| part.to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        files.push(FoundFile {
            key,
            relative,
            path,
        });
    }
    files.sort_by(|a, b| a.key.cmp(&b.key));
    Found {
        dir: Some(dir),
        shown,
        files,
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

fn display_under<'a>(dir: &'a Path, shown: &'a str) -> impl Fn(&Path) -> String + 'a {
    move |path| match path.strip_prefix(dir) {
        Ok(relative) => join_display(shown, &slash_path(relative)),
        Err(_) => path.display().to_string(),
    }
}

fn join_display(prefix: &str, relative: &str) -> String {
    match (prefix.is_empty(), relative.is_empty()) {
        (true, _) => relative.to_string(),
        (false, true) => prefix.to_string(),
        (false, false) => [prefix, relative].join("/"),
    }
}

/// A path as shown to users: `/` separators, no `.` components.
pub fn display_path(path: &Path) -> String {
    slash_path(path)
}

/// A path as written with `/` separators and no `.` components, so
/// display names are the same on every platform.
fn slash_path(path: &Path) -> String {
    let mut out = String::new();
    for component in path.components() {
        let part = match component {
            Component::CurDir => continue,
            Component::RootDir => {
                out.push('/');
                continue;
            }
            Component::Prefix(p) => p.as_os_str().to_string_lossy(),
            Component::ParentDir => "..".into(),
            Component::Normal(s) => s.to_string_lossy(),
        };
        if !out.is_empty() && !out.ends_with('/') {
            out.push('/');
        }
        out.push_str(&part);
    }
    out
}

/// Reads a file as UTF-8 text; the error is a sentence for a diagnostic.
/// A leading byte-order mark (editors on Windows write one) is dropped, so
/// columns on the first line count from the first visible character and
/// sqlparser never sees it in a `.sql` file.
fn read_text(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    decode(bytes)
}

/// UTF-8 text without a leading byte-order mark; the error is a sentence
/// for a diagnostic.
fn decode(bytes: Vec<u8>) -> Result<String, String> {
    let mut text = String::from_utf8(bytes)
        .map_err(|e| format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()))?;
    if text.starts_with('\u{FEFF}') {
        text.drain(..'\u{FEFF}'.len_utf8());
    }
    Ok(text)
}

/// Code of a migration file that contains a NUL character.
pub const NUL_CHARACTER: &str = "nul-character";

fn unreadable(path: &str, reason: &str) -> Diagnostic {
    Diagnostic::error(UNREADABLE_FILE, format!("cannot read `{path}`: {reason}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slash_paths() {
        assert_eq!(slash_path(Path::new("./migrations")), "migrations");
        assert_eq!(slash_path(Path::new("db/./migrations/")), "db/migrations");
        assert_eq!(slash_path(Path::new("../shared/m")), "../shared/m");
        assert_eq!(slash_path(Path::new("/abs/m")), "/abs/m");
        assert_eq!(join_display("migrations", "a/b.mig"), "migrations/a/b.mig");
        assert_eq!(join_display("", "b.mig"), "b.mig");
    }
}
