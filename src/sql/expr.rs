//! Parses the text of a SQL expression with sqlparser and converts it into
//! the IR's own expression tree.

use super::position::{offset_of, split_location};
use crate::diagnostic::Diagnostic;
use crate::ir::types::{DataType, type_from_name};
use crate::ir::{BinaryOp, Expr, ExprKind, UnaryOp};
use crate::source::Span;
use sqlparser::ast;
use sqlparser::dialect::GenericDialect;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Token, Tokenizer};

/// Parses `text`, which starts at `span.start` in its file. `#` comments
/// (a DSL comment, but an operator in PostgreSQL) are blanked first.
pub fn parse_expr(text: &str, span: Span) -> Result<Expr, Diagnostic> {
    match super::simple_expr::parse(text) {
        Some(kind) => Ok(Expr { kind, span }),
        None => parse_expr_with_sqlparser(text, span),
    }
}

/// What the small language of [`super::simple_expr`] reads `text` as,
/// if anything, beside what sqlparser reads it as: for the fuzz target
/// that holds the two together.
#[doc(hidden)]
pub fn both_readings(text: &str) -> (Option<ExprKind>, Option<ExprKind>) {
    let span = Span::new(crate::source::FileId(0), 0..text.len());
    let full = parse_expr_with_sqlparser(text, span).ok().map(|e| e.kind);
    (super::simple_expr::parse(text), full)
}

/// [`parse_expr`] through sqlparser, whatever the text.
pub(super) fn parse_expr_with_sqlparser(text: &str, span: Span) -> Result<Expr, Diagnostic> {
    let cleaned = blank_hash_comments(text);
    let dialect = GenericDialect {};
    // A tokenizer error is left for the parser below to report.
    if let Ok(tokens) = Tokenizer::new(&dialect, &cleaned).tokenize_with_location()
        && let Err(too) = super::guard::check(&tokens)
    {
        let at = offset_of(&cleaned, too.at.line, too.at.column);
        let at = span
            .start
            .saturating_add(u32::try_from(at).unwrap_or(u32::MAX))
            .min(span.end);
        return Err(Diagnostic::error(
            super::guard::TOO_COMPLEX,
            format!("invalid SQL expression: {}", too.message),
        )
        .with_primary(
            Span {
                start: at,
                end: at,
                ..span
            },
            "limit reached here",
        )
        .with_secondary(span, "in this expression"));
    }
    let parsed = Parser::new(&dialect)
        .try_with_sql(&cleaned)
        .and_then(|mut parser| {
            let expr = parser.parse_expr()?;
            let next = parser.peek_token();
            if next.token != Token::EOF {
                return Err(ParserError::ParserError(format!(
                    "unexpected `{}` after the expression{}",
                    next.token, next.span.start
                )));
            }
            Ok(expr)
        });
    match parsed {
        Ok(expr) => Ok(Expr {
            kind: convert(&expr),
            span,
        }),
        Err(err) => Err(error_diagnostic(&cleaned, span, &err)),
    }
}

fn error_diagnostic(text: &str, span: Span, err: &ParserError) -> Diagnostic {
    let raw = match err {
        ParserError::TokenizerError(m) | ParserError::ParserError(m) => m.clone(),
        ParserError::RecursionLimitExceeded => "the expression is nested too deeply".to_string(),
    };
    let (message, at) = split_location(&raw);
    let message = message.replace("found: EOF", "found the end of the expression");
    let at_offset = |offset: usize| {
        let at = span
            .start
            .saturating_add(u32::try_from(offset).unwrap_or(u32::MAX));
        Span {
            start: at.min(span.end),
            end: at.min(span.end),
            ..span
        }
    };
    let message = format!("invalid SQL expression: {message}");
    let d = Diagnostic::error("invalid-expression", message);
    match at {
        Some((line, column)) => d
            .with_primary(at_offset(offset_of(text, line, column)), "here")
            .with_secondary(span, "in this expression"),
        None if raw.contains("EOF") => d
            .with_primary(at_offset(text.len()), "the expression ends too early")
            .with_secondary(span, "in this expression"),
        None => d.with_primary(span, "in this expression"),
    }
}

/// Replaces `#…` to the end of the line with spaces of the same byte
/// length, outside quotes, so offsets stay valid.
fn blank_hash_comments(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('#') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut quote: Option<char> = None;
    let mut in_comment = false;
    for c in text.chars() {
        if in_comment {
            if c == '\n' {
                in_comment = false;
                out.push(c);
            } else {
                out.extend(std::iter::repeat_n(' ', c.len_utf8()));
            }
            continue;
        }
        match (quote, c) {
            (None, '#') => {
                in_comment = true;
                out.push(' ');
                continue;
            }
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
        out.push(c);
    }
    std::borrow::Cow::Owned(out)
}

fn fold(ident: &ast::Ident) -> String {
    if ident.quote_style.is_some() {
        ident.value.clone()
    } else {
        ident.value.to_lowercase()
    }
}

fn raw(expr: &ast::Expr) -> ExprKind {
    ExprKind::Raw(expr.to_string())
}

fn boxed(expr: &ast::Expr) -> Box<ExprKind> {
    Box::new(convert(expr))
}

/// Converts the forms migc models; everything else is kept as text.
pub fn convert(expr: &ast::Expr) -> ExprKind {
    use ast::Expr as E;
    match expr {
        E::Identifier(id) => ExprKind::Column(vec![fold(id)]),
        E::CompoundIdentifier(ids) => ExprKind::Column(ids.iter().map(fold).collect()),
        E::Value(v) => convert_value(&v.value).unwrap_or_else(|| raw(expr)),
        E::Function(f) => convert_function(f).unwrap_or_else(|| raw(expr)),
        E::UnaryOp { op, expr: inner } => {
            let op = match op {
                ast::UnaryOperator::Not => UnaryOp::Not,
                ast::UnaryOperator::Minus => UnaryOp::Minus,
                ast::UnaryOperator::Plus => UnaryOp::Plus,
                _ => return raw(expr),
            };
            ExprKind::Unary {
                op,
                expr: boxed(inner),
            }
        }
        E::BinaryOp { left, op, right } => match binary_op(op) {
            Some(op) => ExprKind::Binary {
                left: boxed(left),
                op,
                right: boxed(right),
            },
            None => raw(expr),
        },
        E::IsNull(inner) => ExprKind::IsNull {
            expr: boxed(inner),
            negated: false,
        },
        E::IsNotNull(inner) => ExprKind::IsNull {
            expr: boxed(inner),
            negated: true,
        },
        E::InList {
            expr: inner,
            list,
            negated,
        } => ExprKind::InList {
            expr: boxed(inner),
            list: list.iter().map(convert).collect(),
            negated: *negated,
        },
        E::Between {
            expr: inner,
            negated,
            low,
            high,
        } => ExprKind::Between {
            expr: boxed(inner),
            low: boxed(low),
            high: boxed(high),
            negated: *negated,
        },
        E::Like {
            negated,
            any: false,
            expr: inner,
            pattern,
            escape_char: None,
        }
        | E::ILike {
            negated,
            any: false,
            expr: inner,
            pattern,
            escape_char: None,
        } => ExprKind::Like {
            expr: boxed(inner),
            pattern: boxed(pattern),
            negated: *negated,
            case_insensitive: matches!(expr, E::ILike { .. }),
        },
        E::Cast {
            kind: ast::CastKind::Cast | ast::CastKind::DoubleColon,
            expr: inner,
            data_type,
            format: None,
            ..
        } => match generic_type(data_type) {
            Some(ty) => ExprKind::Cast {
                expr: boxed(inner),
                ty,
            },
            None => raw(expr),
        },
        E::Case {
            operand,
            conditions,
            else_result,
            ..
        } => ExprKind::Case {
            operand: operand.as_deref().map(boxed),
            branches: conditions
                .iter()
                .map(|w| (convert(&w.condition), convert(&w.result)))
                .collect(),
            else_result: else_result.as_deref().map(boxed),
        },
        E::Nested(inner) => ExprKind::Nested(boxed(inner)),
        _ => raw(expr),
    }
}

fn convert_value(value: &ast::Value) -> Option<ExprKind> {
    Some(match value {
        ast::Value::Number(n, _) => ExprKind::Number(n.to_string()),
        ast::Value::SingleQuotedString(s) => ExprKind::String(s.clone()),
        ast::Value::Boolean(b) => ExprKind::Bool(*b),
        ast::Value::Null => ExprKind::Null,
        _ => return None,
    })
}

fn convert_function(f: &ast::Function) -> Option<ExprKind> {
    if f.filter.is_some() || f.over.is_some() || !f.within_group.is_empty() {
        return None;
    }
    if !matches!(f.parameters, ast::FunctionArguments::None) {
        return None;
    }
    let name: Vec<String> = f
        .name
        .0
        .iter()
        .map(|part| part.as_ident().map(fold))
        .collect::<Option<_>>()?;
    match &f.args {
        ast::FunctionArguments::None => match name.as_slice() {
            [n] if n == "current_timestamp" => Some(ExprKind::CurrentTimestamp),
            [n] if n == "current_date" => Some(ExprKind::CurrentDate),
            [n] if n == "current_time" => Some(ExprKind::CurrentTime),
            _ => None,
        },
        ast::FunctionArguments::List(list) => {
            if list.duplicate_treatment.is_some() || !list.clauses.is_empty() {
                return None;
            }
            let args = list
                .args
                .iter()
                .map(|arg| match arg {
                    ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Expr(e)) => Some(convert(e)),
                    _ => None,
                })
                .collect::<Option<Vec<_>>>()?;
            Some(ExprKind::Function { name, args })
        }
        ast::FunctionArguments::Subquery(_) => None,
    }
}

fn binary_op(op: &ast::BinaryOperator) -> Option<BinaryOp> {
    use ast::BinaryOperator as B;
    Some(match op {
        B::Plus => BinaryOp::Plus,
        B::Minus => BinaryOp::Minus,
        B::Multiply => BinaryOp::Multiply,
        B::Divide => BinaryOp::Divide,
        B::Modulo => BinaryOp::Modulo,
        B::StringConcat => BinaryOp::Concat,
        B::Eq => BinaryOp::Eq,
        B::NotEq => BinaryOp::NotEq,
        B::Lt => BinaryOp::Lt,
        B::LtEq => BinaryOp::LtEq,
        B::Gt => BinaryOp::Gt,
        B::GtEq => BinaryOp::GtEq,
        B::And => BinaryOp::And,
        B::Or => BinaryOp::Or,
        _ => return None,
    })
}

/// Maps a SQL type back to a generic one through its printed name, so the
/// many spellings sqlparser distinguishes (`INT`, `INTEGER`, `INT4`) land
/// on one generic type.
pub fn generic_type(data_type: &ast::DataType) -> Option<DataType> {
    let printed = data_type.to_string().to_lowercase();
    let (name, params) = match printed.split_once('(') {
        Some((name, rest)) => {
            let inner = rest.strip_suffix(')')?;
            let params = inner
                .split(',')
                .map(|p| p.trim().parse::<u64>().ok())
                .collect::<Option<Vec<_>>>()?;
            (name.trim().to_string(), params)
        }
        None => (printed.trim().to_string(), Vec::new()),
    };
    type_from_name(&name, &params).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn span(len: usize) -> Span {
        Span::new(FileId(0), 10..10 + len)
    }

    fn kind(text: &str) -> ExprKind {
        parse_expr(text, span(text.len())).unwrap().kind
    }

    #[test]
    fn models_common_forms() {
        assert_eq!(
            kind("now()"),
            ExprKind::Function {
                name: vec!["now".into()],
                args: vec![]
            }
        );
        assert_eq!(kind("CURRENT_TIMESTAMP"), ExprKind::CurrentTimestamp);
        assert_eq!(kind("'pending'"), ExprKind::String("pending".into()));
        assert_eq!(kind("'it''s'"), ExprKind::String("it's".into()));
        assert!(matches!(
            kind("amount >= 0"),
            ExprKind::Binary {
                op: BinaryOp::GtEq,
                ..
            }
        ));
        assert!(matches!(
            kind("Status IS NOT NULL"),
            ExprKind::IsNull { negated: true, .. }
        ));
        assert_eq!(
            kind("x::bigint"),
            ExprKind::Cast {
                expr: Box::new(ExprKind::Column(vec!["x".into()])),
                ty: DataType::BigInt
            }
        );
        assert!(matches!(kind("interval '1 day'"), ExprKind::Raw(_)));
    }

    #[test]
    fn errors_point_into_the_file() {
        let text = "amount >=";
        let err = parse_expr(text, span(text.len())).unwrap_err();
        assert_eq!(err.code, "invalid-expression");
        let caret = err.primary_span().unwrap();
        assert!(caret.start >= 10 && caret.start <= 10 + text.len() as u32);
    }

    #[test]
    fn trailing_tokens_are_an_error() {
        let text = "1 2";
        let err = parse_expr(text, span(text.len())).unwrap_err();
        assert!(err.message.contains("unexpected"), "{}", err.message);
        assert_eq!(err.primary_span().unwrap().start, 12);
    }

    #[test]
    fn hash_comments_are_blanked() {
        assert_eq!(blank_hash_comments("a # b\n+ 1"), "a    \n+ 1");
        assert_eq!(blank_hash_comments("'#' # x"), "'#'    ");
        assert!(matches!(kind("a # note\n + 1"), ExprKind::Binary { .. }));
    }
}
