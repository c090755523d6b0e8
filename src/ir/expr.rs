//! SQL expressions (defaults, checks, `where`, backfill and insert values).
//!
//! The DSL frontend parses expression text with sqlparser and converts the
//! result into this small tree so that emitters can render it per dialect
//! (`now()` becomes `CURRENT_TIMESTAMP` where a dialect lacks `now()`).
//! Forms migc does not model stay [`ExprKind::Raw`]: the text as sqlparser
//! printed it, emitted verbatim.

use super::types::DataType;
use crate::source::Span;

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    /// The whole expression in the source. Sub-expressions carry no span.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Null,
    Bool(bool),
    /// A numeric literal as written (`42`, `1.50`, `1e3`).
    Number(String),
    /// A string literal's value (quotes removed, escapes resolved).
    String(String),
    /// A column reference, possibly qualified (`status`, `t.status`).
    Column(Vec<String>),
    /// A function call; the name is lower-cased unless it was quoted.
    Function {
        name: Vec<String>,
        args: Vec<ExprKind>,
    },
    /// SQL niladic functions written without parentheses.
    CurrentTimestamp,
    CurrentDate,
    CurrentTime,
    Unary {
        op: UnaryOp,
        expr: Box<ExprKind>,
    },
    Binary {
        left: Box<ExprKind>,
        op: BinaryOp,
        right: Box<ExprKind>,
    },
    IsNull {
        expr: Box<ExprKind>,
        negated: bool,
    },
    InList {
        expr: Box<ExprKind>,
        list: Vec<ExprKind>,
        negated: bool,
    },
    Between {
        expr: Box<ExprKind>,
        low: Box<ExprKind>,
        high: Box<ExprKind>,
        negated: bool,
    },
    Like {
        expr: Box<ExprKind>,
        pattern: Box<ExprKind>,
        negated: bool,
        case_insensitive: bool,
    },
    /// `CAST(e AS t)` or `e::t` when `t` is a generic type.
    Cast {
        expr: Box<ExprKind>,
        ty: DataType,
    },
    Case {
        operand: Option<Box<ExprKind>>,
        branches: Vec<(ExprKind, ExprKind)>,
        else_result: Option<Box<ExprKind>>,
    },
    Nested(Box<ExprKind>),
    /// Anything else, as sqlparser printed it.
    Raw(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Not,
    Minus,
    Plus,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    Plus,
    Minus,
    Multiply,
    Divide,
    Modulo,
    Concat,
    Eq,
    NotEq,
    Lt,
    LtEq,
    Gt,
    GtEq,
    And,
    Or,
}

impl BinaryOp {
    pub fn as_sql(self) -> &'static str {
        match self {
            BinaryOp::Plus => "+",
            BinaryOp::Minus => "-",
            BinaryOp::Multiply => "*",
            BinaryOp::Divide => "/",
            BinaryOp::Modulo => "%",
            BinaryOp::Concat => "||",
            BinaryOp::Eq => "=",
            BinaryOp::NotEq => "<>",
            BinaryOp::Lt => "<",
            BinaryOp::LtEq => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::GtEq => ">=",
            BinaryOp::And => "AND",
            BinaryOp::Or => "OR",
        }
    }
}

impl ExprKind {
    /// Whether evaluating the expression can give a different value per row
    /// or per call (`random()`, `gen_random_uuid()`, `clock_timestamp()`).
    /// `now()` is stable within a transaction, so it is not volatile.
    pub fn is_volatile(&self) -> bool {
        match self {
            ExprKind::Function { name, .. }
                if VOLATILE_FUNCTIONS.contains(&name.last().map_or("", String::as_str)) =>
            {
                true
            }
            // Unknown text: assume the worst so lints stay conservative.
            ExprKind::Raw(_) => true,
            _ => {
                let mut volatile = false;
                self.for_each_child(&mut |c| volatile |= c.is_volatile());
                volatile
            }
        }
    }

    /// Calls `f` on each direct sub-expression (the one traversal every
    /// pass shares).
    pub fn for_each_child(&self, f: &mut dyn FnMut(&ExprKind)) {
        match self {
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

    /// [`ExprKind::for_each_child`], mutably.
    pub fn for_each_child_mut(&mut self, f: &mut dyn FnMut(&mut ExprKind)) {
        match self {
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
}

const VOLATILE_FUNCTIONS: &[&str] = &[
    "random",
    "gen_random_uuid",
    "uuid_generate_v1",
    "uuid_generate_v4",
    "uuid",
    "clock_timestamp",
    "timeofday",
    "nextval",
    "rand",
    "uuid_short",
    "randomblob",
];
