//! The plain-SQL migration frontend: one section of a `.sql` file (a whole
//! `up.sql`, or dbmate's `-- migrate:up` part) becomes a block of IR
//! statements.
//!
//! The text is tokenized once; statements are the token runs between
//! top-level `;` (a dollar-quoted body is one token, so its `;` do not
//! split), and each is parsed on its own. A statement that does not parse
//! is a `syntax-error` with its line and column, and the statements after
//! it are still read. Each statement becomes the IR op it lowers to, so the
//! catalog, the rules and the emitters treat it like its DSL twin; anything
//! else is a raw `sql` op holding that statement's text, marked as written
//! for the file's dialect.

use super::raw::{blank_drop_index_concurrently, lower, parser_dialect};
use crate::diagnostic::Diagnostic;
use crate::dialect::DialectId;
use crate::ir::{
    Block, BlockItem, Op, RawAnalysis, RawSql, RawStatement, RawStatementKind, SqlText, Stmt,
};
use crate::source::{FileId, Span};
use sqlparser::ast;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Location, Token, TokenWithSpan, Tokenizer};
use std::ops::Range;

/// Code of a statement of a `.sql` migration that does not parse.
pub const SYNTAX_ERROR: &str = "syntax-error";

/// How one section runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// In the migration's transaction, except what cannot run in one
    /// (`CREATE INDEX CONCURRENTLY`).
    Transaction,
    /// Every statement outside a transaction (dbmate's `transaction:false`).
    NoTransaction,
}

/// Byte offsets of line starts in a text, to turn sqlparser's 1-based
/// line and character column into byte offsets.
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Lines<'a> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { text, starts }
    }

    fn offset(&self, line: u64, column: u64) -> usize {
        let Some(&start) = usize::try_from(line)
            .ok()
            .and_then(|l| l.checked_sub(1))
            .and_then(|l| self.starts.get(l))
        else {
            return self.text.len();
        };
        let rest = &self.text[start..];
        let line_text = rest.split('\n').next().unwrap_or("");
        let chars = usize::try_from(column.saturating_sub(1)).unwrap_or(usize::MAX);
        start
            + line_text
                .char_indices()
                .nth(chars)
                .map_or(line_text.len(), |(b, _)| b)
    }

    fn at(&self, l: Location) -> usize {
        self.offset(l.line, l.column)
    }
}

/// Reads `text[range]` of file `file` as SQL of `dialect`.
pub fn parse_section(
    file: FileId,
    text: &str,
    range: Range<usize>,
    dialect: DialectId,
    placement: Placement,
) -> (Block, Vec<Diagnostic>) {
    let section = &text[range.clone()];
    let base = range.start;
    let block_span = Span::new(file, range.clone());
    let span_of = |r: Range<usize>| Span::new(file, base + r.start..base + r.end);
    let (patched, concurrent_drops) = blank_drop_index_concurrently(section);
    let lines = Lines::new(&patched);
    let parser_dialect = parser_dialect(dialect);
    let mut diagnostics = Vec::new();
    let tokens = match Tokenizer::new(parser_dialect.as_ref(), &patched).tokenize_with_location() {
        Ok(tokens) => tokens,
        Err(e) => {
            let at = lines.at(e.location);
            diagnostics.push(
                Diagnostic::error(
                    SYNTAX_ERROR,
                    format!("this SQL does not parse: {}", e.message),
                )
                .with_primary(span_of(at..at), "here")
                .with_note("nothing in this file after this point was read"),
            );
            return (
                Block {
                    items: Vec::new(),
                    span: block_span,
                },
                diagnostics,
            );
        }
    };

    let mut items: Vec<BlockItem> = Vec::new();
    let mut push = |stmt: Stmt, in_transaction: bool| {
        if in_transaction {
            items.push(BlockItem::Stmt(stmt));
            return;
        }
        if let Some(BlockItem::NoTransaction { ops, span }) = items.last_mut() {
            *span = span.to(stmt.span);
            ops.push(stmt);
        } else {
            let span = stmt.span;
            items.push(BlockItem::NoTransaction {
                ops: vec![stmt],
                span,
            });
        }
    };

    for group in super::split::statements(&tokens) {
        let meaningful: Vec<&TokenWithSpan> = group
            .iter()
            .filter(|t| !matches!(t.token, Token::Whitespace(_) | Token::EOF))
            .collect();
        let (Some(first), Some(last)) = (meaningful.first(), meaningful.last()) else {
            continue;
        };
        let local = lines.at(first.span.start)..lines.at(last.span.end);
        let span = span_of(local.clone());
        let statement_text = &section[local.clone()];
        let mut parser = Parser::new(parser_dialect.as_ref()).with_tokens_with_locations(
            group
                .iter()
                .filter(|t| t.token != Token::EOF)
                .cloned()
                .chain(std::iter::once(TokenWithSpan::new(Token::EOF, last.span)))
                .collect(),
        );
        // Over the depth limits, sqlparser is not even asked: the tree it
        // would build could overflow the stack (see `guard`).
        let guarded = super::guard::check(group)
            .map_err(|too| ParserError::ParserError(format!("{}{}", too.message, too.at)));
        let parsed = guarded
            .and_then(|()| parser.parse_statement())
            .and_then(|statement| {
                let next = parser.peek_token();
                if next.token == Token::EOF {
                    Ok(statement)
                } else {
                    Err(ParserError::ParserError(format!(
                        "Expected: end of statement, found: {}{}",
                        next.token, next.span.start
                    )))
                }
            });
        let statement = match parsed {
            Ok(statement) => statement,
            Err(err) => {
                diagnostics.push(syntax_error(&err, &lines, local.end, &span_of, span));
                // What it did is unknown: the catalog must stay
                // conservative after it.
                let raw = raw_op(
                    statement_text,
                    span,
                    dialect,
                    RawStatement {
                        kind: RawStatementKind::Opaque {
                            what: "unparsed SQL".to_string(),
                        },
                        span,
                    },
                );
                push(raw, placement == Placement::Transaction);
                continue;
            }
        };
        // The tool's own transaction markers: the migration runs in a
        // transaction anyway.
        if matches!(
            statement,
            ast::Statement::StartTransaction { .. } | ast::Statement::Commit { .. }
        ) {
            continue;
        }
        let concurrently = concurrent_drops
            .iter()
            .any(|at| local.start <= *at && *at <= local.end);
        for lowered in lower(&statement, span, concurrently) {
            let stmt = match lowered.kind {
                RawStatementKind::Op(stmt) => stmt,
                _ => raw_op(statement_text, span, dialect, lowered),
            };
            let in_transaction =
                placement == Placement::Transaction && !runs_outside_transaction(&stmt.op);
            push(stmt, in_transaction);
        }
    }
    (
        Block {
            items,
            span: block_span,
        },
        diagnostics,
    )
}

fn runs_outside_transaction(op: &Op) -> bool {
    match op {
        Op::CreateIndex(c) => c.concurrently.is_some(),
        Op::DropIndex(d) => d.concurrently.is_some(),
        _ => false,
    }
}

fn raw_op(text: &str, span: Span, dialect: DialectId, statement: RawStatement) -> Stmt {
    Stmt {
        op: Op::Sql(Box::new(RawSql {
            dialect: None,
            sql: SqlText {
                text: text.to_string(),
                span,
            },
            reverse: None,
            analysis: Some(RawAnalysis {
                statements: vec![statement],
                error: None,
            }),
            written_for: Some(dialect),
            opaque_source: false,
            opaque_reason: None,
        })),
        span,
    }
}

fn syntax_error(
    err: &ParserError,
    lines: &Lines<'_>,
    end: usize,
    span_of: &dyn Fn(Range<usize>) -> Span,
    statement: Span,
) -> Diagnostic {
    let raw = match err {
        ParserError::TokenizerError(m) | ParserError::ParserError(m) => m.clone(),
        ParserError::RecursionLimitExceeded => "the SQL is nested too deeply".to_string(),
    };
    let (message, at) = super::position::split_location(&raw);
    let (message, at) = match at {
        Some((line, column)) => (message, lines.offset(line, column)),
        // sqlparser names no place when the statement ends too early.
        None => (
            message.replace("found: EOF", "found the end of the statement"),
            end,
        ),
    };
    let message = message.replace("found: EOF", "found the end of the statement");
    Diagnostic::error(SYNTAX_ERROR, format!("this SQL does not parse: {message}"))
        .with_primary(span_of(at..at), "here")
        .with_secondary(statement, "in this statement")
        .with_note("migc reads the other statements of the file; this one counts as unknown SQL")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(sql: &str) -> (Block, Vec<Diagnostic>) {
        parse_section(
            FileId(0),
            sql,
            0..sql.len(),
            DialectId::Postgresql,
            Placement::Transaction,
        )
    }

    #[test]
    fn statements_lower_and_errors_do_not_stop_the_rest() {
        let sql = "-- é\nCREATE TABLE t (id int PRIMARY KEY);\nCREATE TABLÉ x;\nALTER TABLE t ADD COLUMN n text;\nCREATE INDEX CONCURRENTLY ix ON t (n);";
        let (block, diagnostics) = parse(sql);
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        let at = diagnostics[0].primary_span().unwrap().start as usize;
        assert_eq!(&sql[at..at + 6], "TABLÉ");
        let kinds: Vec<(&str, bool)> = block.stmts().map(|(s, t)| (s.op.keyword(), t)).collect();
        assert_eq!(
            kinds,
            vec![
                ("create table", true),
                ("sql", true),
                ("add column", true),
                ("create index", false)
            ]
        );
    }

    #[test]
    fn dollar_quoted_bodies_and_transaction_markers() {
        let sql = "BEGIN;\nCREATE FUNCTION f() RETURNS trigger AS $$ BEGIN NEW.x := 1; RETURN NEW; END $$ LANGUAGE plpgsql;\nCOMMIT;";
        let (block, diagnostics) = parse(sql);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let stmts: Vec<&Stmt> = block.stmts().map(|(s, _)| s).collect();
        assert_eq!(stmts.len(), 1);
        let Op::Sql(raw) = &stmts[0].op else {
            panic!("{stmts:?}")
        };
        assert!(raw.sql.text.starts_with("CREATE FUNCTION") && raw.sql.text.ends_with("plpgsql"));
    }
}
