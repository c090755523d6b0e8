//! IR expressions rendered for one engine.
//!
//! Parentheses follow the target engine's precedence table
//! ([`Dialect::precedence`]), not the DSL's: the IR keeps the tree, so an
//! operand is wrapped exactly when the engine would otherwise bind it
//! differently. Dialect differences in spelling are asked by capability:
//! `now()` vs `CURRENT_TIMESTAMP`, `true` vs `1`, `||` vs `CONCAT`, `ILIKE`
//! vs `lower(…) LIKE lower(…)`, and the engine's own `CAST` type names.

use super::dialect::{Dialect, Precedence};
use super::types::TypeError;
use super::writer::Writer;
use crate::ir::{BinaryOp, DataType, ExprKind, UnaryOp};

/// Renders an expression, or says why this engine cannot hold it.
pub fn render(w: &Writer<'_>, e: &ExprKind) -> Result<String, TypeError> {
    let d = w.dialect;
    let here = d.precedence(e);
    Ok(match e {
        ExprKind::Null => "NULL".to_string(),
        ExprKind::Bool(b) => boolean(d, *b).to_string(),
        ExprKind::Number(n) => n.clone(),
        ExprKind::String(s) => w.string(s),
        ExprKind::Column(parts) => parts
            .iter()
            .map(|p| w.name(p))
            .collect::<Vec<_>>()
            .join("."),
        ExprKind::Function { name, args } => {
            let last = name.last().map(String::as_str).unwrap_or("");
            if name.len() == 1 && last == "now" && args.is_empty() && !d.supports_now_function() {
                return Ok("CURRENT_TIMESTAMP".to_string());
            }
            let callee = name
                .iter()
                .map(|p| function_name(w, p))
                .collect::<Vec<_>>()
                .join(".");
            format!("{callee}({})", list(w, args)?)
        }
        ExprKind::CurrentTimestamp => "CURRENT_TIMESTAMP".to_string(),
        ExprKind::CurrentDate => "CURRENT_DATE".to_string(),
        ExprKind::CurrentTime => "CURRENT_TIME".to_string(),
        ExprKind::Unary { op, expr } => {
            let inner = operand(w, expr, here, false)?;
            match op {
                UnaryOp::Not => format!("NOT {inner}"),
                // `--x` would start a comment.
                UnaryOp::Minus | UnaryOp::Plus if inner.starts_with(['-', '+']) => {
                    format!("{}({inner})", sign(*op))
                }
                UnaryOp::Minus | UnaryOp::Plus => format!("{}{inner}", sign(*op)),
            }
        }
        ExprKind::Binary { left, op, right } => {
            if *op == BinaryOp::Concat && !d.supports_concat_operator() {
                let parts = [render(w, left)?, render(w, right)?];
                return Ok(format!("CONCAT({})", parts.join(", ")));
            }
            let l = operand(w, left, here, here.associative)?;
            let r = operand(w, right, here, false)?;
            format!("{l} {} {r}", op.as_sql())
        }
        ExprKind::IsNull { expr, negated } => {
            let inner = operand(w, expr, here, false)?;
            let not = if *negated { " NOT" } else { "" };
            format!("{inner} IS{not} NULL")
        }
        ExprKind::InList {
            expr,
            list: items,
            negated,
        } => {
            let inner = operand(w, expr, here, false)?;
            let not = if *negated { " NOT" } else { "" };
            format!("{inner}{not} IN ({})", list(w, items)?)
        }
        ExprKind::Between {
            expr,
            low,
            high,
            negated,
        } => {
            let inner = operand(w, expr, here, false)?;
            let not = if *negated { " NOT" } else { "" };
            let low = operand(w, low, here, false)?;
            let high = operand(w, high, here, false)?;
            format!("{inner}{not} BETWEEN {low} AND {high}")
        }
        ExprKind::Like {
            expr,
            pattern,
            negated,
            case_insensitive,
        } => {
            let not = if *negated { " NOT" } else { "" };
            if *case_insensitive && !d.supports_ilike() {
                let (a, b) = (render(w, expr)?, render(w, pattern)?);
                return Ok(format!("lower({a}){not} LIKE lower({b})"));
            }
            let inner = operand(w, expr, here, false)?;
            let pattern = operand(w, pattern, here, false)?;
            let like = if *case_insensitive { "ILIKE" } else { "LIKE" };
            format!("{inner}{not} {like} {pattern}")
        }
        ExprKind::Cast { expr, ty } => {
            format!("CAST({} AS {})", render(w, expr)?, d.cast_type(ty)?)
        }
        ExprKind::Case {
            operand: subject,
            branches,
            else_result,
        } => {
            let mut out = "CASE".to_string();
            if let Some(subject) = subject {
                out.push(' ');
                out.push_str(&render(w, subject)?);
            }
            for (when, then) in branches {
                out.push_str(&format!(
                    " WHEN {} THEN {}",
                    render(w, when)?,
                    render(w, then)?
                ));
            }
            if let Some(e) = else_result {
                out.push_str(&format!(" ELSE {}", render(w, e)?));
            }
            out.push_str(" END");
            out
        }
        ExprKind::Nested(inner) => format!("({})", render(w, inner)?),
        ExprKind::Raw(text) => text.clone(),
    })
}

/// Whether an expression is a literal a column default may hold bare in
/// every engine: a string, number, boolean, NULL, or a signed number.
pub fn is_literal(e: &ExprKind) -> bool {
    match e {
        ExprKind::Null | ExprKind::Bool(_) | ExprKind::Number(_) | ExprKind::String(_) => true,
        ExprKind::Unary {
            op: UnaryOp::Minus | UnaryOp::Plus,
            expr,
        } => matches!(**expr, ExprKind::Number(_)),
        _ => false,
    }
}

/// A column default: wrapped in parentheses where the engine needs it.
pub fn default(w: &Writer<'_>, e: &ExprKind, ty: Option<&DataType>) -> Result<String, TypeError> {
    let text = render(w, e)?;
    if w.dialect.parenthesizes_default(e, ty) && !matches!(e, ExprKind::Nested(_)) {
        Ok(format!("({text})"))
    } else {
        Ok(text)
    }
}

fn boolean(d: &dyn Dialect, b: bool) -> &'static str {
    match (d.supports_boolean_literals(), b) {
        (true, true) => "true",
        (true, false) => "false",
        (false, true) => "1",
        (false, false) => "0",
    }
}

fn sign(op: UnaryOp) -> &'static str {
    match op {
        UnaryOp::Minus => "-",
        UnaryOp::Plus | UnaryOp::Not => "+",
    }
}

/// Function names are written as the user wrote them (folded to lower
/// case by the frontend) and quoted only when they could not be read back.
fn function_name(w: &Writer<'_>, part: &str) -> String {
    let plain = part
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !part.starts_with(|c: char| c.is_ascii_digit())
        && !part.is_empty();
    if plain {
        part.to_string()
    } else {
        w.name(part)
    }
}

fn list(w: &Writer<'_>, items: &[ExprKind]) -> Result<String, TypeError> {
    let parts = items
        .iter()
        .map(|e| render(w, e))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(parts.join(", "))
}

/// Renders `e` as an operand of a node binding with `context`, in
/// parentheses when it binds looser (or equally, unless `equal_ok`).
fn operand(
    w: &Writer<'_>,
    e: &ExprKind,
    context: Precedence,
    equal_ok: bool,
) -> Result<String, TypeError> {
    let own = w.dialect.precedence(e);
    let text = render(w, e)?;
    let fits = own.level > context.level || (equal_ok && own.level == context.level);
    Ok(if fits { text } else { format!("({text})") })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::{mysql::Mysql, postgresql::Postgresql, sqlite::Sqlite};

    fn bin(l: ExprKind, op: BinaryOp, r: ExprKind) -> ExprKind {
        ExprKind::Binary {
            left: Box::new(l),
            op,
            right: Box::new(r),
        }
    }

    fn col(n: &str) -> ExprKind {
        ExprKind::Column(vec![n.to_string()])
    }

    #[test]
    fn parenthesises_by_engine() {
        let pg = Postgresql;
        let w = Writer::new(&pg);
        // (a + b) * c keeps its parentheses, a + (b * c) loses them.
        let e = bin(
            bin(col("a"), BinaryOp::Plus, col("b")),
            BinaryOp::Multiply,
            col("c"),
        );
        assert_eq!(render(&w, &e).unwrap(), "(a + b) * c");
        let e = bin(
            col("a"),
            BinaryOp::Plus,
            bin(col("b"), BinaryOp::Multiply, col("c")),
        );
        assert_eq!(render(&w, &e).unwrap(), "a + b * c");
        // a - (b - c) keeps them: minus is left-associative.
        let e = bin(
            col("a"),
            BinaryOp::Minus,
            bin(col("b"), BinaryOp::Minus, col("c")),
        );
        assert_eq!(render(&w, &e).unwrap(), "a - (b - c)");
        // Comparisons do not chain in PostgreSQL.
        let e = bin(
            bin(col("a"), BinaryOp::Eq, col("b")),
            BinaryOp::Eq,
            col("c"),
        );
        assert_eq!(render(&w, &e).unwrap(), "(a = b) = c");
        // `||` binds looser than `+` in PostgreSQL, tighter in SQLite.
        let e = bin(
            bin(col("a"), BinaryOp::Concat, col("b")),
            BinaryOp::Plus,
            col("c"),
        );
        assert_eq!(render(&w, &e).unwrap(), "(a || b) + c");
        assert_eq!(render(&Writer::new(&Sqlite), &e).unwrap(), "a || b + c");
        assert_eq!(
            render(&Writer::new(&Mysql), &e).unwrap(),
            "CONCAT(a, b) + c"
        );
    }

    #[test]
    fn dialect_spellings() {
        let now = ExprKind::Function {
            name: vec!["now".to_string()],
            args: vec![],
        };
        let pg = Postgresql;
        assert_eq!(default(&Writer::new(&pg), &now, None).unwrap(), "now()");
        assert_eq!(
            default(&Writer::new(&Mysql), &now, None).unwrap(),
            "(now())"
        );
        assert_eq!(
            default(&Writer::new(&Sqlite), &now, None).unwrap(),
            "CURRENT_TIMESTAMP"
        );
        assert_eq!(
            default(&Writer::new(&Sqlite), &ExprKind::Bool(false), None).unwrap(),
            "0"
        );
        let neg = ExprKind::Unary {
            op: UnaryOp::Minus,
            expr: Box::new(ExprKind::Unary {
                op: UnaryOp::Minus,
                expr: Box::new(col("x")),
            }),
        };
        assert_eq!(render(&Writer::new(&pg), &neg).unwrap(), "-(-x)");
    }
}
