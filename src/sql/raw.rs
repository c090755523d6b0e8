//! Raw `sql "…"` statements: parsed with sqlparser for the target dialect
//! and, where migc models the statement, lowered into IR operations, so a
//! `CREATE INDEX` written as SQL updates the catalog and meets the same
//! lint rules as `create index` in the DSL.

use super::expr::convert;
use super::position::{offset_of, split_location};
use crate::dialect::DialectId;
use crate::ir::{
    Assignment, Backfill, CreateIndex, DropIndex, Expr, Ident, IndexElement, IndexElementKind,
    ObjectName, Op, RawAnalysis, RawSql, RawStatement, RawStatementKind, Revision, Spanned, Stmt,
};
use crate::source::Span;
use sqlparser::ast;
use sqlparser::dialect::{Dialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Token, TokenWithSpan, Tokenizer};

/// Fills `analysis` of every raw `sql` op that runs on `dialect` (those
/// without a dialect tag, or tagged with this one), and clears it on the
/// others.
pub fn analyze_revisions(revisions: &mut [Revision], dialect: DialectId) {
    use rayon::prelude::*;
    revisions.par_iter_mut().for_each(|revision| {
        let blocks = std::iter::once(&mut revision.up).chain(revision.down.as_mut());
        for block in blocks {
            for item in &mut block.items {
                let stmts: Vec<&mut Stmt> = match item {
                    crate::ir::BlockItem::Stmt(s) => vec![s],
                    crate::ir::BlockItem::NoTransaction { ops, .. } => ops.iter_mut().collect(),
                };
                for stmt in stmts {
                    if let Op::Sql(raw) = &mut stmt.op {
                        analyze_op(raw, dialect);
                    }
                }
            }
        }
    });
}

fn analyze_op(raw: &mut RawSql, dialect: DialectId) {
    // The SQL-file frontend analyses its own statements, for the dialect
    // they were written for.
    if raw.written_for.is_some() {
        return;
    }
    // Python the Alembic reader did not understand: unknown effects.
    if raw.opaque_source {
        raw.analysis = Some(RawAnalysis {
            statements: vec![RawStatement {
                kind: RawStatementKind::Opaque {
                    what: "Python statement".to_string(),
                },
                span: raw.sql.span,
            }],
            error: None,
        });
        return;
    }
    if raw.dialect.as_ref().is_some_and(|d| d.value != dialect) {
        // Another dialect's statement never runs here (and may have been
        // analysed for its own dialect before).
        raw.analysis = None;
        return;
    }
    raw.analysis = Some(analyze(&raw.sql.text, raw.sql.span, dialect));
}

pub(super) fn parser_dialect(dialect: DialectId) -> Box<dyn Dialect> {
    match dialect {
        DialectId::Postgresql => Box::new(PostgreSqlDialect {}),
        DialectId::Mysql => Box::new(MySqlDialect {}),
        DialectId::Sqlite => Box::new(SQLiteDialect {}),
    }
}

/// Analyses SQL text whose contents start at `span.start` in its file.
pub fn analyze(text: &str, span: Span, dialect: DialectId) -> RawAnalysis {
    let (patched, concurrent_drops) = blank_drop_index_concurrently(text);
    let parser_dialect = parser_dialect(dialect);
    let fail = |error: Spanned<String>| RawAnalysis {
        statements: Vec::new(),
        error: Some(error),
    };
    // One tokenization serves the depth guard, the parse and the
    // statement ranges.
    let tokens = match Tokenizer::new(parser_dialect.as_ref(), &patched).tokenize_with_location() {
        Ok(tokens) => tokens,
        Err(e) => {
            let err = ParserError::TokenizerError(e.to_string());
            return fail(error_at(&patched, span, &err));
        }
    };
    if let Err(too) = super::guard::check(&tokens) {
        let o = offset_of(&patched, too.at.line, too.at.column);
        let o = span
            .start
            .saturating_add(u32::try_from(o).unwrap_or(u32::MAX))
            .min(span.end);
        return fail(Spanned::new(
            too.message,
            Span {
                start: o,
                end: o,
                ..span
            },
        ));
    }
    let ranges = statement_ranges(&patched, &tokens);
    let statements = match Parser::new(parser_dialect.as_ref())
        .with_tokens_with_locations(tokens)
        .parse_statements()
    {
        Ok(statements) => statements,
        Err(err) => return fail(error_at(&patched, span, &err)),
    };
    let to_span = |(start, end): (usize, usize)| {
        let at = |o: usize| {
            span.start
                .saturating_add(u32::try_from(o).unwrap_or(u32::MAX))
                .min(span.end)
        };
        Span {
            start: at(start),
            end: at(end),
            ..span
        }
    };
    let mut out = Vec::new();
    let mut error = None;
    for (i, statement) in statements.iter().enumerate() {
        // Statement spans from the tokenizer; if the counts disagree (a
        // construct the splitter misreads), the whole text stands in.
        let range = if ranges.len() == statements.len() {
            ranges[i]
        } else {
            (0, text.len())
        };
        let stmt_span = to_span(range);
        if let Some(problem) = dialect_problem(statement, dialect) {
            error.get_or_insert(Spanned::new(problem, stmt_span));
        }
        let concurrently = concurrent_drops
            .iter()
            .any(|at| range.0 <= *at && *at <= range.1);
        out.extend(lower(statement, stmt_span, concurrently));
    }
    RawAnalysis {
        statements: out,
        error,
    }
}

/// Byte ranges of the statements: token runs between top-level `;`,
/// without leading and trailing whitespace and comments.
fn statement_ranges(text: &str, tokens: &[TokenWithSpan]) -> Vec<(usize, usize)> {
    super::split::statements(tokens)
        .into_iter()
        .filter_map(|group| {
            let mut meaningful = group
                .iter()
                .filter(|t| !matches!(t.token, Token::Whitespace(_) | Token::EOF));
            let first = meaningful.next()?;
            let last = meaningful.next_back().unwrap_or(first);
            let start = offset_of(text, first.span.start.line, first.span.start.column);
            let end = offset_of(text, last.span.end.line, last.span.end.column);
            Some((start, end))
        })
        .collect()
}

/// SQL that sqlparser accepts for a dialect but the engine rejects.
fn dialect_problem(statement: &ast::Statement, dialect: DialectId) -> Option<String> {
    let name = match dialect {
        DialectId::Postgresql => "PostgreSQL",
        DialectId::Sqlite => "SQLite (as commonly built)",
        DialectId::Mysql => return None,
    };
    match statement {
        ast::Statement::Update(u) if u.limit.is_some() || !u.order_by.is_empty() => {
            Some(format!("{name} has no UPDATE … ORDER BY/LIMIT"))
        }
        ast::Statement::Delete(d) if d.limit.is_some() || !d.order_by.is_empty() => {
            Some(format!("{name} has no DELETE … ORDER BY/LIMIT"))
        }
        _ => None,
    }
}

/// sqlparser 0.63 does not know `DROP INDEX CONCURRENTLY` (valid since
/// PostgreSQL 9.2). The keyword is blanked with spaces (offsets unchanged)
/// and its offsets returned, so the statement parses and the lowered op
/// gets its flag back.
pub(super) fn blank_drop_index_concurrently(text: &str) -> (std::borrow::Cow<'_, str>, Vec<usize>) {
    let lower = text.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut search = 0;
    while let Some(i) = lower[search..].find("concurrently") {
        let at = search + i;
        search = at + "concurrently".len();
        let before: Vec<&str> = lower[..at].split_whitespace().rev().take(2).collect();
        if before == ["index", "drop"] {
            found.push(at);
        }
    }
    if found.is_empty() {
        return (std::borrow::Cow::Borrowed(text), found);
    }
    let mut patched = text.to_string();
    for at in &found {
        patched.replace_range(
            *at..*at + "concurrently".len(),
            &" ".repeat("concurrently".len()),
        );
    }
    (std::borrow::Cow::Owned(patched), found)
}

fn error_at(text: &str, base: Span, err: &ParserError) -> Spanned<String> {
    let raw = match err {
        ParserError::TokenizerError(m) | ParserError::ParserError(m) => m.clone(),
        ParserError::RecursionLimitExceeded => "the SQL is nested too deeply".to_string(),
    };
    let (message, at) = split_location(&raw);
    let span = match at {
        Some((line, column)) => {
            let o = offset_of(text, line, column);
            let o = base
                .start
                .saturating_add(u32::try_from(o).unwrap_or(u32::MAX))
                .min(base.end);
            Span {
                start: o,
                end: o,
                ..base
            }
        }
        None => base,
    };
    Spanned::new(message, span)
}

pub(super) fn ident(id: &ast::Ident, span: Span) -> Ident {
    let name = if id.quote_style.is_some() {
        id.value.clone()
    } else {
        id.value.to_lowercase()
    };
    Ident { name, span }
}

pub(super) fn object_name(name: &ast::ObjectName, span: Span) -> Option<ObjectName> {
    let parts: Vec<&ast::Ident> = name.0.iter().map(|p| p.as_ident()).collect::<Option<_>>()?;
    match parts.as_slice() {
        [table] => Some(ObjectName {
            schema: None,
            name: ident(table, span),
            span,
        }),
        [schema, table] => Some(ObjectName {
            schema: Some(ident(schema, span)),
            name: ident(table, span),
            span,
        }),
        _ => None,
    }
}

pub(super) fn expr(e: &ast::Expr, span: Span) -> Expr {
    Expr {
        kind: convert(e),
        span,
    }
}

fn opaque(statement: &ast::Statement, span: Span) -> RawStatement {
    let printed = statement.to_string();
    let mut words = printed.split_whitespace();
    let first = words.next().unwrap_or("SQL");
    // `CREATE FUNCTION`, `ALTER TABLE`; a DML verb alone (`UPDATE`).
    let two = matches!(first.to_uppercase().as_str(), "CREATE" | "ALTER" | "DROP");
    // `CREATE OR REPLACE FUNCTION` is a `CREATE FUNCTION`.
    let mut words =
        words.skip_while(|w| two && matches!(w.to_uppercase().as_str(), "OR" | "REPLACE"));
    let what: Vec<&str> = std::iter::once(first)
        .chain(words.next().filter(|_| two))
        .collect();
    RawStatement {
        kind: RawStatementKind::Opaque {
            what: what.join(" ").to_uppercase(),
        },
        span,
    }
}

fn op(op: Op, span: Span) -> RawStatement {
    RawStatement {
        kind: RawStatementKind::Op(Stmt { op, span }),
        span,
    }
}

/// One parsed statement as IR (several for `DROP INDEX a, b`).
pub(super) fn lower(
    statement: &ast::Statement,
    span: Span,
    drop_concurrently: bool,
) -> Vec<RawStatement> {
    let lowered = match statement {
        ast::Statement::CreateIndex(ci) => create_index(ci, span).map(|o| vec![op(o, span)]),
        ast::Statement::Drop {
            object_type: ast::ObjectType::Index,
            if_exists,
            names,
            table,
            ..
        } => names
            .iter()
            .map(|n| {
                let name = object_name(n, span)?;
                let table = match table {
                    Some(t) => Some(object_name(t, span)?),
                    None => None,
                };
                Some(op(
                    Op::DropIndex(Box::new(DropIndex {
                        concurrently: drop_concurrently.then_some(span),
                        if_exists: *if_exists,
                        name,
                        table,
                    })),
                    span,
                ))
            })
            .collect(),
        ast::Statement::Update(update) => update_op(update, span).map(|o| vec![op(o, span)]),
        ast::Statement::Delete(delete) => Some(vec![RawStatement {
            kind: RawStatementKind::Delete {
                has_where: delete.selection.is_some(),
            },
            span,
        }]),
        ast::Statement::Truncate(t) => Some(vec![RawStatement {
            kind: RawStatementKind::Truncate {
                cascade: matches!(t.cascade, Some(ast::CascadeOption::Cascade)),
            },
            span,
        }]),
        _ => super::lower::lower(statement, span)
            .map(|ops| ops.into_iter().map(|o| op(o, span)).collect()),
    };
    lowered.unwrap_or_else(|| vec![opaque(statement, span)])
}

fn create_index(ci: &ast::CreateIndex, span: Span) -> Option<Op> {
    // An unnamed index gets a name from the server; the IR needs one.
    let name = ci.name.as_ref()?.0.last()?.as_ident()?;
    // Operator classes and storage options have no IR form: dropping them
    // would describe a different (often invalid) index, so the statement
    // stays opaque.
    let unmodelled = ci.columns.iter().any(|c| c.operator_class.is_some())
        || !ci.with.is_empty()
        || !ci.index_options.is_empty()
        || ci.nulls_distinct.is_some();
    if unmodelled {
        return None;
    }
    let elements = ci
        .columns
        .iter()
        .map(|c| {
            // `((lower(email)))` is `lower(email)`: the parentheses are
            // the index syntax, not part of the expression.
            let mut element = &c.column.expr;
            while let ast::Expr::Nested(inner) = element {
                element = inner;
            }
            let kind = match element {
                ast::Expr::Identifier(id) => IndexElementKind::Column(ident(id, span)),
                other => IndexElementKind::Expr(expr(other, span)),
            };
            IndexElement {
                kind,
                descending: matches!(c.column.options.sort, Some(ast::OrderBySort::Desc)),
                nulls_first: c.column.options.nulls_first,
                span,
            }
        })
        .collect();
    Some(Op::CreateIndex(Box::new(CreateIndex {
        unique: ci.unique,
        concurrently: ci.concurrently.then_some(span),
        if_not_exists: ci.if_not_exists,
        name: ident(name, span),
        table: object_name(&ci.table_name, span)?,
        using: ci.using.as_ref().map(|u| Ident {
            name: u.to_string().to_lowercase(),
            span,
        }),
        elements,
        include: ci.include.iter().map(|i| ident(i, span)).collect(),
        where_clause: ci.predicate.as_ref().map(|p| expr(p, span)),
    })))
}

/// A single-table `UPDATE … SET … [WHERE …]` is a backfill.
fn update_op(update: &ast::Update, span: Span) -> Option<Op> {
    if update.from.is_some() || !update.table.joins.is_empty() || update.limit.is_some() {
        return None;
    }
    let ast::TableFactor::Table { name, .. } = &update.table.relation else {
        return None;
    };
    let assignments = update
        .assignments
        .iter()
        .map(|a| match &a.target {
            ast::AssignmentTarget::ColumnName(col) => Some(Assignment {
                column: ident(col.0.last()?.as_ident()?, span),
                value: expr(&a.value, span),
            }),
            ast::AssignmentTarget::Tuple(_) => None,
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Op::Backfill(Box::new(Backfill {
        table: object_name(name, span)?,
        assignments,
        where_clause: update.selection.as_ref().map(|w| expr(w, span)),
        batch: None,
    })))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn run(sql: &str, dialect: DialectId) -> RawAnalysis {
        analyze(sql, Span::new(FileId(0), 100..100 + sql.len()), dialect)
    }

    fn text_of<'a>(sql: &'a str, s: &RawStatement) -> &'a str {
        &sql[s.span.start as usize - 100..s.span.end as usize - 100]
    }

    #[test]
    fn statements_get_their_own_spans() {
        let sql = "-- setup\nDELETE FROM t;\n  TRUNCATE a CASCADE;\nCREATE FUNCTION f() RETURNS int AS $$ select 1; $$ LANGUAGE sql";
        let a = run(sql, DialectId::Postgresql);
        assert_eq!(a.error, None);
        let texts: Vec<&str> = a.statements.iter().map(|s| text_of(sql, s)).collect();
        assert_eq!(
            texts,
            vec![
                "DELETE FROM t",
                "TRUNCATE a CASCADE",
                "CREATE FUNCTION f() RETURNS int AS $$ select 1; $$ LANGUAGE sql"
            ]
        );
        assert_eq!(
            a.statements[0].kind,
            RawStatementKind::Delete { has_where: false }
        );
        assert_eq!(
            a.statements[1].kind,
            RawStatementKind::Truncate { cascade: true }
        );
        assert_eq!(
            a.statements[2].kind,
            RawStatementKind::Opaque {
                what: "CREATE FUNCTION".into()
            }
        );
        assert!(a.has_unknown_effects());
    }

    #[test]
    fn indexes_are_lowered_with_their_flags() {
        let sql = "CREATE INDEX CONCURRENTLY ix ON products USING gin (to_tsvector('english', name));\nDROP INDEX CONCURRENTLY IF EXISTS ix_a";
        let a = run(sql, DialectId::Postgresql);
        let ops: Vec<&Op> = a
            .statements
            .iter()
            .filter_map(|s| match &s.kind {
                RawStatementKind::Op(stmt) => Some(&stmt.op),
                _ => None,
            })
            .collect();
        let [Op::CreateIndex(c), Op::DropIndex(d)] = ops.as_slice() else {
            panic!("{ops:?}");
        };
        assert!(c.concurrently.is_some());
        assert_eq!(c.table.name.name, "products");
        assert_eq!(c.using.as_ref().map(|u| u.name.as_str()), Some("gin"));
        assert!(d.concurrently.is_some() && d.if_exists);
        assert!(!a.has_unknown_effects());
    }

    #[test]
    fn an_index_with_an_operator_class_stays_opaque() {
        let a = run(
            "CREATE INDEX ix ON products USING gin (name gin_trgm_ops)",
            DialectId::Postgresql,
        );
        assert!(matches!(
            a.statements[0].kind,
            RawStatementKind::Opaque { .. }
        ));
        assert!(a.has_unknown_effects());
    }

    #[test]
    fn update_is_a_backfill_and_limit_is_caught_per_dialect() {
        let a = run(
            "UPDATE users SET active = true WHERE active IS NULL",
            DialectId::Postgresql,
        );
        assert!(matches!(
            &a.statements[0].kind,
            RawStatementKind::Op(Stmt { op: Op::Backfill(b), .. }) if b.where_clause.is_some()
        ));
        let pg = run("UPDATE t SET a = 1 LIMIT 10", DialectId::Postgresql);
        assert!(pg.error.is_some_and(|e| e.value.contains("LIMIT")));
        assert_eq!(
            run("UPDATE t SET a = 1 LIMIT 10", DialectId::Mysql).error,
            None
        );
    }

    #[test]
    fn parse_errors_point_into_the_text() {
        let a = run("SELECT 1;\nSELEC 2", DialectId::Postgresql);
        let error = a.error.unwrap();
        assert!(error.value.contains("SELEC"), "{}", error.value);
        assert_eq!(error.span.start, 110);
    }
}
