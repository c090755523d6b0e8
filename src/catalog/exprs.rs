//! Column names inside expressions: what `drop column` and `rename column`
//! must follow into checks, partial-index predicates and expression
//! indexes, as PostgreSQL does.

use crate::ir::ExprKind;

/// Calls `f` on the parts of every column reference in `e`.
pub fn visit_columns(e: &ExprKind, f: &mut dyn FnMut(&[String])) {
    e.for_each_child(&mut |child| visit_columns(child, f));
    if let ExprKind::Column(parts) = e {
        f(parts);
    }
}

/// Calls `f` on the parts of every column reference in `e`, mutably.
pub fn visit_columns_mut(e: &mut ExprKind, f: &mut dyn FnMut(&mut Vec<String>)) {
    e.for_each_child_mut(&mut |child| visit_columns_mut(child, f));
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
