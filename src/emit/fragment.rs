//! One block (a revision's `up` or `down`) emitted against its catalog,
//! before the script places it. Emitting needs only the block and the
//! schema before it, so an upgrade is emitted by the replay itself and a
//! downgrade in parallel from kept catalogs; where the transaction stands
//! is known only when the script is put together in order, so the
//! fragment marks the points where that matters instead of deciding
//! there.

use super::dialect::Dialect;
use super::{Piece, Probe, Sink};
use crate::catalog::{self, Catalog, apply::Effects};
use crate::diagnostic::Diagnostic;
use crate::ir::{Block, BlockItem, Op, Stmt};
use crate::source::Span;

/// A block's script text, with the points that depend on the transaction.
#[derive(Debug, Default)]
pub struct Fragment {
    pub parts: Vec<Part>,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug)]
pub enum Part {
    /// Statements and comments, each followed by a blank line.
    Text(String),
    /// An index built or dropped `concurrently` in a transactional part
    /// of the block: an error if a transaction is open there.
    Concurrently(Span),
    /// A `no transaction` block starts: the open transaction commits.
    LeaveTransaction,
    /// The `no transaction` block ended: the transaction reopens if one
    /// was open before it.
    ReenterTransaction,
}

impl Fragment {
    fn text(&mut self) -> &mut String {
        if !matches!(self.parts.last(), Some(Part::Text(_))) {
            self.parts.push(Part::Text(String::new()));
        }
        match self.parts.last_mut() {
            Some(Part::Text(text)) => text,
            _ => unreachable!("a text part was just pushed"),
        }
    }

    pub fn statement(&mut self, sql: &str) {
        let text = self.text();
        text.push_str(sql);
        text.push_str(";\n\n");
    }

    pub fn comment(&mut self, comment: &str) {
        let text = self.text();
        text.push_str("-- ");
        text.push_str(comment);
        text.push_str("\n\n");
    }
}

/// Emits `block` of revision `revision` against `catalog`, applying each
/// statement to it after emitting it (what it applied and refused goes to
/// `effects`): each statement sees the schema the statements before it
/// left, and the caller's catalog ends where the block leaves it.
pub fn emit_block(
    dialect: &dyn Dialect,
    block: &Block,
    catalog: &mut Catalog,
    revision: usize,
    effects: &mut Effects,
) -> Fragment {
    build(block, |stmt, tx, sink| {
        dialect.emit(stmt, catalog, sink);
        catalog::apply::apply(catalog, stmt, tx, revision, effects);
    })
}

/// Emits `block` without a schema, or says it cannot: `None` when some
/// statement's SQL depends on the schema before it (a MySQL `MODIFY`, a
/// SQLite rebuild…). The SQL of the others is the same whatever the
/// schema, so they can be emitted ahead of (or beside) the replay.
pub fn emit_block_alone(dialect: &dyn Dialect, block: &Block) -> Option<Fragment> {
    let probe = Probe::default();
    let fragment = build(block, |stmt, _, sink| dialect.emit(stmt, &probe, sink));
    (!probe.was_asked()).then_some(fragment)
}

/// The fragment of `block`, each statement's pieces from `emit` (given
/// whether the statement runs in the transaction).
fn build(block: &Block, mut emit: impl FnMut(&Stmt, bool, &mut Sink)) -> Fragment {
    let mut out = Fragment::default();
    let mut step = |out: &mut Fragment, stmt: &Stmt, tx: bool| {
        let mut sink = Sink::default();
        emit(stmt, tx, &mut sink);
        for piece in &sink.pieces {
            match piece {
                Piece::Sql(sql) => out.statement(sql),
                Piece::Comment(text) => out.comment(text),
            }
        }
        out.diagnostics.append(&mut sink.diagnostics);
    };
    for item in &block.items {
        match item {
            BlockItem::Stmt(stmt) => {
                if let Some(span) = concurrently(stmt) {
                    out.parts.push(Part::Concurrently(span));
                }
                step(&mut out, stmt, true);
            }
            BlockItem::NoTransaction { ops, .. } => {
                out.parts.push(Part::LeaveTransaction);
                for stmt in ops {
                    step(&mut out, stmt, false);
                }
                out.parts.push(Part::ReenterTransaction);
            }
        }
    }
    out
}

fn concurrently(stmt: &Stmt) -> Option<Span> {
    match &stmt.op {
        Op::CreateIndex(ci) => ci.concurrently,
        Op::DropIndex(di) => di.concurrently,
        _ => None,
    }
}
