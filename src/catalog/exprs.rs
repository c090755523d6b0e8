//! Column names inside expressions: what `drop column` and `rename column`
//! must follow into checks, partial-index predicates and expression
//! indexes, as PostgreSQL does.

use crate::ir::ExprKind;

/// Calls `f` on the parts of every column reference in `e`.
pub fn visit_columns(e: &ExprKind, f: &mut dyn FnMut(&[String])) {
    children(e, &mut |child| visit_columns(child, f));
    if let ExprKind::Column(parts) = e {
        f(parts);
    }
}

/// Calls `f` on the parts of every column reference in `e`, mutably.
pub fn visit_columns_mut(e: &mut ExprKind, f: &mut dyn FnMut(&mut Vec<String>)) {
    children_mut(e, &mut |child| visit_columns_mut(child, f));
    if let ExprKind::Column(parts) = e {
        f(parts);
    }
}

/// Whether `e` names column `column` (bare or qualified by any table).
pub fn mentions(e: &ExprKind, column: &str) -> bool {
    let mut found = false;
    visit_columns(e, &mut |parts| {
        found |= parts.last().is_some_and(|p| p == column);
    });
    found
}

/// Renames column references to `from` into `to`.
pub fn rename(e: &mut ExprKind, from: &str, to: &str) {
    visit_columns_mut(e, &mut |parts| {
        if let Some(last) = parts.last_mut().filter(|p| *p == from) {
            *last = to.to_owned();
        }
    });
}

fn children(e: &ExprKind, f: &mut dyn FnMut(&ExprKind)) {
    match e {
        ExprKind::Function { args, .. } => args.iter().for_each(f),
        ExprKind::Unary { expr, .. }
        | ExprKind::IsNull { expr, .. }
        | ExprKind::Cast { expr, .. }
        | ExprKind::Nested(expr) => f(expr),
        ExprKind::Binary { left, right, .. } => {
            f(left);
            f(right);
        }
        ExprKind::InList { expr, list, .. } => {
            f(expr);
            list.iter().for_each(f);
        }
        ExprKind::Between {
            expr, low, high, ..
        } => {
            f(expr);
            f(low);
            f(high);
        }
        ExprKind::Like { expr, pattern, .. } => {
            f(expr);
            f(pattern);
        }
        ExprKind::Case {
            operand,
            branches,
            else_result,
        } => {
            if let Some(o) = operand {
                f(o);
            }
            for (w, t) in branches {
                f(w);
                f(t);
            }
            if let Some(e) = else_result {
                f(e);
            }
        }
        ExprKind::Null
        | ExprKind::Bool(_)
        | ExprKind::Number(_)
        | ExprKind::String(_)
        | ExprKind::Column(_)
        | ExprKind::CurrentTimestamp
        | ExprKind::CurrentDate
        | ExprKind::CurrentTime
        | ExprKind::Raw(_) => {}
    }
}

fn children_mut(e: &mut ExprKind, f: &mut dyn FnMut(&mut ExprKind)) {
    match e {
        ExprKind::Function { args, .. } => args.iter_mut().for_each(f),
        ExprKind::Unary { expr, .. }
        | ExprKind::IsNull { expr, .. }
        | ExprKind::Cast { expr, .. }
        | ExprKind::Nested(expr) => f(expr),
        ExprKind::Binary { left, right, .. } => {
            f(left);
            f(right);
        }
        ExprKind::InList { expr, list, .. } => {
            f(expr);
            list.iter_mut().for_each(f);
        }
        ExprKind::Between {
            expr, low, high, ..
        } => {
            f(expr);
            f(low);
            f(high);
        }
        ExprKind::Like { expr, pattern, .. } => {
            f(expr);
            f(pattern);
        }
        ExprKind::Case {
            operand,
            branches,
            else_result,
        } => {
            if let Some(o) = operand {
                f(o);
            }
            for (w, t) in branches {
                f(w);
                f(t);
            }
            if let Some(e) = else_result {
                f(e);
            }
        }
        ExprKind::Null
        | ExprKind::Bool(_)
        | ExprKind::Number(_)
        | ExprKind::String(_)
        | ExprKind::Column(_)
        | ExprKind::CurrentTimestamp
        | ExprKind::CurrentDate
        | ExprKind::CurrentTime
        | ExprKind::Raw(_) => {}
    }
}
