//! The fast path of the `.mig` frontend: a byte-level scanner and a
//! recursive-descent parser that builds the same [`Revision`] as the pest
//! grammar and its lowering, straight from the text.
//!
//! It only answers when it is sure the answer is the pest path's, spans
//! and diagnostics included: a file with a syntax error, a construct it
//! does not model, or anything that would be reported (bar the finding of
//! an `opaque` statement) gives `None`, and the pest path runs as before.
//! `grammar/migc.pest` stays the definition of the language; the fast path
//! mirrors its rules one function each, and `tests/it/fastparse.rs` checks
//! that both agree.
//!
//! Work is linear in the input: the only backtracking is the grammar's own
//! (a table element tried as a constraint, then as a column; a name tried
//! as a call, then as a column; optional parts), each over one element or
//! a few tokens, and the only recursion is into brackets, at most
//! [`scan`]'s limit deep (and `dsl::parse` refuses deeper files first).

mod scan;
mod statement;
mod table;

use super::lower::Lowerer;
use crate::alembic::NOT_UNDERSTOOD;
use crate::diagnostic::Diagnostic;
use crate::ir::{Block, BlockItem, Revision, Spanned, Stmt};
use crate::source::{FileId, Span};
use scan::{Miss, R, Scanner};

/// The fast path's result, or `None` when the pest path must decide.
pub(super) fn parse(file: FileId, text: &str) -> Option<(Option<Revision>, Vec<Diagnostic>)> {
    let mut s = Scanner::new(Lowerer::new(file, text));
    let revision = s.file().ok()?;
    let only_findings =
        s.lw.diags
            .iter()
            .all(|d| d.code == NOT_UNDERSTOOD && !d.is_error());
    only_findings.then_some((Some(revision), s.lw.diags))
}

#[derive(Default)]
struct Header {
    revision: Option<Spanned<String>>,
    parents: Option<Vec<Spanned<String>>>,
    message: Option<Spanned<String>>,
    labels: Option<Vec<Spanned<String>>>,
    depends_on: Option<Vec<Spanned<String>>>,
    up: Option<Block>,
    down: Option<Block>,
}

impl Scanner<'_> {
    /// `file`: header lines and blocks. Anything else, a key or a block
    /// given twice, or no `revision` is left to pest.
    fn file(&mut self) -> R<Revision> {
        let mut h = Header::default();
        while !self.at_end() {
            let start = self.pos;
            if self.kw("revision") {
                let v = self.single_value()?;
                set_once(&mut h.revision, v)?;
            } else if self.kw("parents") {
                let v = self.header_values()?;
                set_once(&mut h.parents, v)?;
            } else if self.kw("parent") {
                let v = self.single_value()?;
                set_once(&mut h.parents, vec![v])?;
            } else if self.kw("message") {
                let v = self.single_value()?;
                set_once(&mut h.message, v)?;
            } else if self.kw("labels") {
                let v = self.header_values()?;
                set_once(&mut h.labels, v)?;
            } else if self.kw("depends") {
                let v = self.header_values()?;
                set_once(&mut h.depends_on, v)?;
            } else if self.kw("up") {
                let b = self.block(start)?;
                set_once(&mut h.up, b)?;
            } else if self.kw("down") {
                let b = self.block(start)?;
                set_once(&mut h.down, b)?;
            } else {
                return Err(Miss::Bail);
            }
        }
        let id = h.revision.ok_or(Miss::Bail)?;
        let up = h.up.unwrap_or(Block {
            items: Vec::new(),
            span: id.span,
        });
        Ok(Revision {
            file: self.lw.file,
            id,
            parents: h.parents.unwrap_or_default(),
            message: h.message,
            labels: h.labels.unwrap_or_default(),
            depends_on: h.depends_on.unwrap_or_default(),
            up,
            down: h.down,
            span: Span::new(self.lw.file, 0..self.text.len()),
        })
    }

    /// The strings of a header line after its key.
    fn header_values(&mut self) -> R<Vec<Spanned<String>>> {
        let mut values = vec![self.string().map_err(|_| Miss::Bail)?];
        while self.punct(b',') {
            values.push(self.string().map_err(|_| Miss::Bail)?);
        }
        Ok(values)
    }

    /// The one string of a key that takes one.
    fn single_value(&mut self) -> R<Spanned<String>> {
        let mut values = self.header_values()?;
        match values.pop() {
            Some(v) if values.is_empty() => Ok(v),
            _ => Err(Miss::Bail),
        }
    }

    /// An `up` or `down` block from `{`; `start` is its keyword's.
    fn block(&mut self, start: usize) -> R<Block> {
        self.expect(b'{').map_err(|_| Miss::Bail)?;
        let mut items = Vec::new();
        loop {
            if self.punct(b'}') {
                break;
            }
            if self.punct(b';') {
                continue;
            }
            let item_start = self.pos;
            if self.kw("no") {
                self.expect_kw("transaction").map_err(|_| Miss::Bail)?;
                self.expect(b'{').map_err(|_| Miss::Bail)?;
                let mut ops = Vec::new();
                while !self.punct(b'}') {
                    if !self.punct(b';') {
                        ops.push(self.stmt_item()?);
                    }
                }
                let span = self.span_to_token(item_start);
                items.push(BlockItem::NoTransaction { ops, span });
            } else {
                items.push(BlockItem::Stmt(self.stmt_item()?));
            }
        }
        let span = self.span_to_token(start);
        Ok(Block { items, span })
    }

    /// `stmt_item`: a statement and its `;`.
    fn stmt_item(&mut self) -> R<Stmt> {
        let start = self.pos;
        let op = self.statement(start).map_err(|_| Miss::Bail)?;
        let span = self.span_from(start)?;
        self.expect(b';').map_err(|_| Miss::Bail)?;
        Ok(Stmt { op, span })
    }
}

/// A header key or block given twice is an error: left to pest.
fn set_once<T>(slot: &mut Option<T>, value: T) -> R<()> {
    if slot.is_some() {
        return Err(Miss::Bail);
    }
    *slot = Some(value);
    Ok(())
}
