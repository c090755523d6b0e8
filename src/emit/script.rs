//! The offline script: Alembic's `upgrade --sql` shape around the
//! statements of each revision (alembic-offline.md §§ 1–2).
//!
//! - Every statement and comment line is followed by one blank line.
//! - `BEGIN;` … `COMMIT;` only on dialects with transactional DDL, once
//!   around the script (`single`), around each revision
//!   (`per-migration`, the first also wrapping the version table DDL), or
//!   never (`none`). A `no transaction { }` block ends the open
//!   transaction, runs, and opens a new one.
//! - `SET lock_timeout` / `SET statement_timeout` come first, before any
//!   `BEGIN`, so they hold for the whole session (including statements
//!   run outside a transaction).
//! - The version table is created when an upgrade (or a stamp) starts at
//!   base; a downgrade to base ends with a `DELETE` and leaves the table,
//!   as Alembic does.
//! - `-- Running upgrade A -> B` precedes each revision (`A` empty from
//!   base, parents joined by `, ` for a merge), and the version row is
//!   updated after its statements, inside its transaction.
//!
//! Version bookkeeping follows Alembic's `HeadMaintainer` step by step,
//! made deterministic where Alembic iterates a Python set (and so depends
//! on `PYTHONHASHSEED`): parents are always taken in the order the
//! revision declares them. Upgrading a merge `(A, B) -> M` deletes `A`
//! and updates `B` to `M`; downgrading it inserts `A` and updates `M` to
//! `B`, the exact inverse (Alembic's output with seed 0).

use super::dialect::{Dialect, Returning};
use super::fragment::{Fragment, Part, emit_block, emit_block_alone};
use super::writer::Writer;
use crate::catalog::{self, Replay, RevisionState, apply::Effects};
use crate::config::{Config, TransactionMode};
use crate::diagnostic::{Diagnostic, Severity};
use crate::graph::{Graph, Selection};
use crate::ir::Revision;
use rayon::prelude::*;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What shapes the script besides the dialect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptOptions {
    pub transaction: TransactionMode,
    pub version_table: String,
    pub version_table_schema: Option<String>,
    pub lock_timeout: Option<String>,
    pub statement_timeout: Option<String>,
}

impl ScriptOptions {
    pub fn from_config(config: &Config) -> ScriptOptions {
        ScriptOptions {
            transaction: config.transaction,
            version_table: config.version_table.clone(),
            version_table_schema: config.version_table_schema.clone(),
            lock_timeout: config.lock_timeout.clone(),
            statement_timeout: config.statement_timeout.clone(),
        }
    }
}

impl Default for ScriptOptions {
    fn default() -> ScriptOptions {
        ScriptOptions::from_config(&Config::default())
    }
}

/// A whole script, or the diagnostics that stop it. Print `text` only
/// when no diagnostic is an error.
#[derive(Debug, Default)]
pub struct Script {
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
}

impl Script {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

#[derive(Clone, Copy)]
enum Direction {
    Up,
    Down,
}

/// Where a script's revisions find the catalog they are emitted against.
#[derive(Clone, Copy)]
pub enum Catalogs<'a> {
    /// Replay the history while emitting, keeping no catalog longer than
    /// the replay needs it (`migc sql`).
    Replay,
    /// A replay kept whole, for callers that emit many scripts from one
    /// history (a bundle).
    Kept(&'a Replay),
}

/// The script that upgrades from `selection.from` to `selection.to`.
/// Each revision is emitted against the replayed catalog before it, and
/// each statement sees the schema as the statements before it left it.
pub fn upgrade(
    dialect: &dyn Dialect,
    catalogs: Catalogs<'_>,
    revisions: &[Revision],
    graph: &Graph,
    selection: &Selection,
    options: &ScriptOptions,
) -> Script {
    let steps = graph.upgrade_revisions(selection);
    let mut fragments = slots(revisions.len());
    match catalogs {
        Catalogs::Replay => {
            let done = emit_while_replaying(dialect, revisions, graph, &steps);
            place(&mut fragments, done);
        }
        Catalogs::Kept(replay) => {
            let done: Vec<(usize, Option<Fragment>)> = steps
                .par_iter()
                .map(|&i| {
                    let fragment = revisions.get(i).zip(replay.state(i)).map(|(rev, state)| {
                        let mut catalog = state.before.clone();
                        emit_block(dialect, &rev.up, &mut catalog, i, &mut Effects::default())
                    });
                    (i, fragment)
                })
                .collect();
            place(&mut fragments, done);
        }
    }
    let mut b = Builder::new(dialect, options, graph, selection.from.revisions());
    // Like Alembic, the version table comes with the first step from base.
    b.open(selection.from.is_base() && !steps.is_empty());
    b.run_steps(&steps, fragments, Direction::Up);
    b.finish()
}

/// The upgrade block of each revision of `steps`, emitted as the replay
/// reaches it: each statement against the catalog, then applied to it,
/// once. Most blocks do not need the catalog (no PostgreSQL statement
/// does; on MySQL and SQLite those `emit/schema.rs` lists do): the other
/// threads emit those ahead, and the replay emits a block itself when no
/// thread has (or could). Both give the same fragment, so the output does
/// not depend on who was first. The replay's own errors are `migc
/// check`'s to report.
fn emit_while_replaying(
    dialect: &dyn Dialect,
    revisions: &[Revision],
    graph: &Graph,
    steps: &[usize],
) -> Vec<(usize, Option<Fragment>)> {
    let ahead: Vec<OnceLock<Option<Fragment>>> = steps.iter().map(|_| OnceLock::new()).collect();
    // Where no block asks about the schema, the fragments are the whole
    // script, and the replay, which only serves blocks that ask, is
    // skipped: every block is emitted at once, on every thread. Should a
    // block ask after all, the replay emits only that one.
    let emitted_all = dialect.emits_without_schema();
    if emitted_all {
        steps.par_iter().zip(&ahead).for_each(|(&i, slot)| {
            let fragment = revisions
                .get(i)
                .and_then(|rev| emit_block_alone(dialect, &rev.up));
            let _ = slot.set(fragment);
        });
        if ahead.iter().all(|slot| matches!(slot.get(), Some(Some(_)))) {
            return steps
                .iter()
                .copied()
                .zip(
                    ahead
                        .into_iter()
                        .map(OnceLock::into_inner)
                        .map(Option::flatten),
                )
                .collect();
        }
    }
    let mut step_of = vec![None; revisions.len()];
    for (k, &i) in steps.iter().enumerate() {
        if let Some(slot) = step_of.get_mut(i) {
            *slot = Some(k);
        }
    }
    let mut own: Vec<Option<Fragment>> = slots(steps.len());
    let next = AtomicUsize::new(0);
    // Where the replay is: blocks before it are not worth emitting ahead.
    let reached = AtomicUsize::new(0);
    let helpers = if emitted_all {
        0
    } else {
        rayon::current_num_threads().saturating_sub(1)
    };
    rayon::scope(|scope| {
        for _ in 0..helpers {
            scope.spawn(|_| {
                loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    let Some(rev) = steps.get(k).and_then(|&i| revisions.get(i)) else {
                        break;
                    };
                    if k < reached.load(Ordering::Relaxed) {
                        continue;
                    }
                    let _ = ahead[k].set(emit_block_alone(dialect, &rev.up));
                }
            });
        }
        catalog::walk_up(revisions, graph, |i, rev, catalog, effects| {
            let Some(k) = step_of.get(i).copied().flatten() else {
                catalog::apply_up(i, rev, catalog, effects);
                return;
            };
            reached.store(k + 1, Ordering::Relaxed);
            if let Some(Some(_)) = ahead[k].get() {
                catalog::apply_up(i, rev, catalog, effects);
            } else {
                own[k] = Some(emit_block(dialect, &rev.up, catalog, i, effects));
            }
        });
    });
    ahead
        .into_iter()
        .zip(own)
        .zip(steps)
        .map(|((ahead, own), &i)| (i, own.or_else(|| ahead.into_inner().flatten())))
        .collect()
}

/// The script that downgrades from `selection.from` (the version table)
/// to `selection.to`. Each revision's `down` block, or the downgrade
/// derived from its `up` when it has none, is emitted against the
/// catalog after its `up`. A derived downgrade that cannot undo an
/// operation is an error here: the script would silently leave the
/// operation's effect in place.
pub fn downgrade(
    dialect: &dyn Dialect,
    catalogs: Catalogs<'_>,
    revisions: &[Revision],
    graph: &Graph,
    selection: &Selection,
    options: &ScriptOptions,
) -> Script {
    let steps = graph.downgrade_revisions(selection);
    let emit = |rev: &Revision, i: usize, state: RevisionState| {
        let down = catalog::downgrade_for(rev, i, &state.before);
        let mut after = state.after;
        let mut fragment = emit_block(dialect, &down.block, &mut after, i, &mut Effects::default());
        fragment.diagnostics.splice(
            0..0,
            down.warnings.into_iter().map(irreversible_is_an_error),
        );
        fragment
    };
    let wanted = wanted(revisions.len(), &steps);
    let done: Vec<(usize, Option<Fragment>)> = match catalogs {
        Catalogs::Replay => {
            catalog::walk_parallel(revisions, graph, |i, state| {
                let rev = revisions.get(i).filter(|_| wanted[i])?;
                Some(emit(rev, i, state))
            })
            .0
        }
        Catalogs::Kept(replay) => steps
            .par_iter()
            .map(|&i| {
                let fragment = revisions
                    .get(i)
                    .zip(replay.state(i))
                    .map(|(rev, state)| emit(rev, i, state.clone()));
                (i, fragment)
            })
            .collect(),
    };
    let mut fragments = slots(revisions.len());
    place(&mut fragments, done);
    let mut b = Builder::new(dialect, options, graph, selection.from.revisions());
    b.open(false);
    b.run_steps(&steps, fragments, Direction::Down);
    b.finish()
}

/// Which revisions a script runs, by index.
fn wanted(len: usize, steps: &[usize]) -> Vec<bool> {
    let mut wanted = vec![false; len];
    for &i in steps {
        if let Some(w) = wanted.get_mut(i) {
            *w = true;
        }
    }
    wanted
}

/// One empty place per revision, for its emitted block.
fn slots(len: usize) -> Vec<Option<Fragment>> {
    (0..len).map(|_| None).collect()
}

fn place(slots: &mut [Option<Fragment>], done: Vec<(usize, Option<Fragment>)>) {
    for (i, fragment) in done {
        if let Some(slot) = slots.get_mut(i) {
            *slot = fragment;
        }
    }
}

/// `irreversible-downgrade` is a lint warning for `migc check`; a script
/// that runs the downgrade must not skip the step silently.
fn irreversible_is_an_error(mut d: Diagnostic) -> Diagnostic {
    d.severity = Severity::Error;
    d.with_note("`migc sql --down` prints no script that leaves this operation's effect in place")
}

/// `stamp`: only the version table statements that move it from
/// `selection.from` to `selection.to`, with no migration run. Revisions
/// leaving the table are paired in order with revisions entering it
/// (an `UPDATE` each); the rest are `DELETE`s or `INSERT`s.
pub fn stamp(
    dialect: &dyn Dialect,
    graph: &Graph,
    selection: &Selection,
    options: &ScriptOptions,
) -> Script {
    let from = selection.from.revisions();
    let to = selection.to.revisions();
    let leaving: Vec<usize> = from.iter().copied().filter(|i| !to.contains(i)).collect();
    let entering: Vec<usize> = to.iter().copied().filter(|i| !from.contains(i)).collect();
    let mut b = Builder::new(dialect, options, graph, from);
    b.open(selection.from.is_base() && !entering.is_empty());
    let pairs = leaving.len().max(entering.len());
    for n in 0..pairs {
        let (old, new) = (leaving.get(n).copied(), entering.get(n).copied());
        let name = |i: Option<usize>| i.map_or("", |i| graph.id(i));
        b.step_start(n);
        b.comment(format!(
            "Running stamp_revision {} -> {}",
            name(old),
            name(new)
        ));
        let op = match (old, new) {
            (Some(old), Some(new)) => VersionOp::Update(old, new),
            (Some(old), None) => VersionOp::Delete(old),
            (None, Some(new)) => VersionOp::Insert(new),
            (None, None) => continue,
        };
        let table = b.version_table();
        b.version_ops(&table, &[op]);
        b.step_end();
    }
    b.finish()
}

/// A change to the version table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VersionOp {
    Insert(usize),
    /// From the first revision to the second.
    Update(usize, usize),
    Delete(usize),
}

/// The rows of the version table while the script runs, in the order they
/// were added (Alembic's `HeadMaintainer`).
pub struct Heads<'g> {
    graph: &'g Graph,
    heads: Vec<usize>,
}

impl<'g> Heads<'g> {
    pub fn new(graph: &'g Graph, start: &[usize]) -> Heads<'g> {
        Heads {
            graph,
            heads: start.to_vec(),
        }
    }

    pub fn current(&self) -> &[usize] {
        &self.heads
    }

    /// The version table change of applying `rev`.
    pub fn upgrade(&mut self, rev: usize) -> Vec<VersionOp> {
        let parents = self.graph.parents(rev);
        let present: Vec<usize> = parents
            .iter()
            .copied()
            .filter(|p| self.heads.contains(p))
            .collect();
        let ops = if present.is_empty() {
            // A base, or a revision whose parents are not rows (they were
            // reached through another branch): a new row.
            vec![VersionOp::Insert(rev)]
        } else if present.len() > 1 {
            // A merge: parents that other rows already descend from stay
            // accounted for by those rows.
            let others: Vec<usize> = self
                .heads
                .iter()
                .copied()
                .filter(|h| !parents.contains(h))
                .collect();
            let covered = self.graph.ancestors(&others);
            let mut from: Vec<usize> = present.into_iter().filter(|&p| !covered[p]).collect();
            let last = from.pop();
            let mut ops: Vec<VersionOp> = from.into_iter().map(VersionOp::Delete).collect();
            if let Some(last) = last {
                ops.push(VersionOp::Update(last, rev));
            }
            ops
        } else {
            vec![VersionOp::Update(present[0], rev)]
        };
        self.apply(&ops);
        ops
    }

    /// The version table change of undoing `rev`.
    pub fn downgrade(&mut self, rev: usize) -> Vec<VersionOp> {
        let parents = self.graph.parents(rev).to_vec();
        let ops = if !self.heads.contains(&rev) {
            match parents.first() {
                Some(&p) => vec![VersionOp::Update(rev, p)],
                None => vec![VersionOp::Delete(rev)],
            }
        } else {
            // Parents another row already descends from need no row.
            let others: Vec<usize> = self.heads.iter().copied().filter(|&h| h != rev).collect();
            let covered = self.graph.ancestors(&others);
            let mut to: Vec<usize> = parents.into_iter().filter(|&p| !covered[p]).collect();
            match to.pop() {
                None => vec![VersionOp::Delete(rev)],
                Some(last) => {
                    let mut ops: Vec<VersionOp> = to.into_iter().map(VersionOp::Insert).collect();
                    ops.push(VersionOp::Update(rev, last));
                    ops
                }
            }
        };
        self.apply(&ops);
        ops
    }

    fn apply(&mut self, ops: &[VersionOp]) {
        for op in ops {
            match *op {
                VersionOp::Insert(r) => self.heads.push(r),
                VersionOp::Delete(r) => self.heads.retain(|&h| h != r),
                VersionOp::Update(from, to) => {
                    for h in &mut self.heads {
                        if *h == from {
                            *h = to;
                        }
                    }
                }
            }
        }
    }
}

/// Accumulates the script text.
struct Builder<'a> {
    dialect: &'a dyn Dialect,
    w: Writer<'a>,
    options: &'a ScriptOptions,
    graph: &'a Graph,
    heads: Heads<'a>,
    text: String,
    diagnostics: Vec<Diagnostic>,
    /// Whether `BEGIN`/`COMMIT` are written at all.
    transactional: bool,
    in_transaction: bool,
}

impl<'a> Builder<'a> {
    fn new(
        dialect: &'a dyn Dialect,
        options: &'a ScriptOptions,
        graph: &'a Graph,
        start: &[usize],
    ) -> Builder<'a> {
        Builder {
            dialect,
            w: Writer::new(dialect),
            options,
            graph,
            heads: Heads::new(graph, start),
            text: String::new(),
            diagnostics: Vec::new(),
            transactional: dialect.supports_transactional_ddl()
                && options.transaction != TransactionMode::None,
            in_transaction: false,
        }
    }

    fn line(&mut self, text: &str) {
        self.text.push_str(text);
        self.text.push_str("\n\n");
    }

    fn statement(&mut self, sql: &str) {
        self.text.push_str(sql);
        self.text.push_str(";\n\n");
    }

    fn comment(&mut self, text: String) {
        self.line(&format!("-- {text}"));
    }

    fn begin(&mut self) {
        if self.transactional && !self.in_transaction {
            self.line("BEGIN;");
            self.in_transaction = true;
        }
    }

    fn commit(&mut self) {
        if self.in_transaction {
            self.line("COMMIT;");
            self.in_transaction = false;
        }
    }

    fn version_table(&self) -> String {
        let table = self.w.name(&self.options.version_table);
        match &self.options.version_table_schema {
            Some(schema) => format!("{}.{table}", self.w.name(schema)),
            None => table,
        }
    }

    /// Preamble, the first `BEGIN`, and the version table when starting
    /// at base.
    fn open(&mut self, at_base: bool) {
        let timeouts = [
            ("lock_timeout", self.options.lock_timeout.clone()),
            ("statement_timeout", self.options.statement_timeout.clone()),
        ];
        for (name, value) in timeouts {
            let Some(value) = value else { continue };
            if self.dialect.supports_session_timeouts() {
                let value = self.w.string(&value);
                self.statement(&format!("SET {name} = {value}"));
            } else {
                self.diagnostics.push(
                    Diagnostic::warning(
                        super::DROPPED_ON_DIALECT,
                        format!(
                            "`{name}` is left out: {} has no such setting",
                            self.dialect.id()
                        ),
                    )
                    .with_help(format!(
                        "remove `{name}` from migc.toml or the command line for this dialect"
                    )),
                );
            }
        }
        self.begin();
        if at_base {
            let table = self.version_table();
            let pkc = self.w.name(&format!("{}_pkc", self.options.version_table));
            self.statement(&format!(
                "CREATE TABLE {table} (\n    version_num VARCHAR(32) NOT NULL, \n    \
                 CONSTRAINT {pkc} PRIMARY KEY (version_num)\n)"
            ));
        }
    }

    fn step_start(&mut self, _n: usize) {
        self.begin();
    }

    fn step_end(&mut self) {
        if self.options.transaction == TransactionMode::PerMigration {
            self.commit();
        }
    }

    /// Each step in order: its `Running …` comment, its block, and the
    /// version table change after it.
    fn run_steps(&mut self, steps: &[usize], mut fragments: Vec<Option<Fragment>>, way: Direction) {
        let graph = self.graph;
        // The script is mostly the blocks' text: reserved once, not
        // doubled a dozen times over a long history.
        let blocks: usize = fragments
            .iter()
            .flatten()
            .flat_map(|f| &f.parts)
            .map(|part| match part {
                Part::Text(text) => text.len(),
                _ => 0,
            })
            .sum();
        self.text.reserve(blocks + steps.len() * 160);
        let table = self.version_table();
        for (n, &i) in steps.iter().enumerate() {
            self.step_start(n);
            // `-- Running upgrade a, b -> c` / `-- Running downgrade c -> a, b`
            let text = &mut self.text;
            let parents = |text: &mut String| {
                for (k, &p) in graph.parents(i).iter().enumerate() {
                    if k > 0 {
                        text.push_str(", ");
                    }
                    text.push_str(graph.id(p));
                }
            };
            match way {
                Direction::Up => {
                    text.push_str("-- Running upgrade ");
                    parents(text);
                    text.push_str(" -> ");
                    text.push_str(graph.id(i));
                }
                Direction::Down => {
                    text.push_str("-- Running downgrade ");
                    text.push_str(graph.id(i));
                    text.push_str(" -> ");
                    parents(text);
                }
            }
            text.push_str("\n\n");
            if let Some(fragment) = fragments.get_mut(i).and_then(Option::take) {
                self.play(fragment);
            }
            let ops = match way {
                Direction::Up => self.heads.upgrade(i),
                Direction::Down => self.heads.downgrade(i),
            };
            self.version_ops(&table, &ops);
            self.step_end();
        }
    }

    /// Places an emitted block where the script stands.
    fn play(&mut self, fragment: Fragment) {
        let mut reopen = false;
        for part in fragment.parts {
            match part {
                Part::Text(text) => self.text.push_str(&text),
                Part::Concurrently(span) => self.check_concurrently(span),
                Part::LeaveTransaction => {
                    reopen = self.in_transaction;
                    self.commit();
                }
                Part::ReenterTransaction => {
                    if reopen {
                        self.begin();
                    }
                }
            }
        }
        self.diagnostics.extend(fragment.diagnostics);
    }

    /// PostgreSQL refuses `CONCURRENTLY` inside a transaction block, so a
    /// script that would run one there is an error, not a failed deploy.
    fn check_concurrently(&mut self, span: crate::source::Span) {
        if self.in_transaction && self.dialect.supports_concurrent_index() {
            self.diagnostics.push(
                Diagnostic::error(
                    "concurrently-in-transaction",
                    format!(
                        "{} cannot build or drop an index concurrently inside a transaction",
                        self.dialect.id()
                    ),
                )
                .with_primary(span, "inside the migration's transaction")
                .with_help(
                    "put the statement in a `no transaction { … }` block, or emit with \
                     `--transaction none`",
                ),
            );
        }
    }

    /// The version table's statements after a step, written straight
    /// into the script (one per revision: the longest history's hot
    /// path).
    fn version_ops(&mut self, table: &str, ops: &[VersionOp]) {
        let text = &mut self.text;
        let id = |r: usize| self.graph.id(r);
        for op in ops {
            match *op {
                VersionOp::Insert(r) => {
                    text.push_str("INSERT INTO ");
                    text.push_str(table);
                    text.push_str(" (version_num) VALUES (");
                    self.w.push_string(text, id(r));
                    text.push(')');
                    match self.dialect.version_insert_returning() {
                        Returning::Qualified => {
                            text.push_str(" RETURNING ");
                            text.push_str(table);
                            text.push_str(".version_num");
                        }
                        Returning::Bare => text.push_str(" RETURNING version_num"),
                        Returning::None => {}
                    }
                }
                VersionOp::Update(from, to) => {
                    text.push_str("UPDATE ");
                    text.push_str(table);
                    text.push_str(" SET version_num=");
                    self.w.push_string(text, id(to));
                    text.push_str(" WHERE ");
                    text.push_str(table);
                    text.push_str(".version_num = ");
                    self.w.push_string(text, id(from));
                }
                VersionOp::Delete(r) => {
                    text.push_str("DELETE FROM ");
                    text.push_str(table);
                    text.push_str(" WHERE ");
                    text.push_str(table);
                    text.push_str(".version_num = ");
                    self.w.push_string(text, id(r));
                }
            }
            text.push_str(";\n\n");
        }
    }

    fn finish(mut self) -> Script {
        self.commit();
        Script {
            text: self.text,
            diagnostics: self.diagnostics,
        }
    }
}
