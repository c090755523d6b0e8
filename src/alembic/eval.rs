//! Evaluating the small expressions revision files compute with: names
//! and SQL built from constants (`+`, `%`, `.format`, f-strings), and the
//! dialect tests of `if` statements (`op.get_bind().dialect.name ==
//! "sqlite"`). Nothing is executed: what cannot be known offline
//! (a query's result, a function's return value) is `None`, and the
//! caller keeps the statement opaque.

use super::lower::Lowerer;
use super::syntax::{self, Expr, ExprKind};
use super::token;

/// A value known without running Python.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Str(String),
    Int(i64),
    Bool(bool),
    None,
    Seq(Vec<Value>),
    /// What `op.get_bind()`, `op.get_context()` and their attributes
    /// stand for: only their dialect name and `as_sql` are known offline.
    Object(Handle),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Handle {
    /// `op.get_bind()`: the connection (offline, a mock one).
    Bind,
    /// `op.get_context()` / `context.get_context()`.
    Context,
    /// `….dialect` or `….engine`: what has a `name`.
    Dialect,
}

/// How deep names may refer to names: enough for real files, and a bound
/// on `x = x + "a"` written twice.
const MAX_DEPTH: usize = 24;

impl Lowerer<'_> {
    /// The value of `e`, when it is known offline.
    pub fn value(&self, e: &Expr) -> Option<Value> {
        self.value_at(e, 0)
    }

    /// Whether a condition holds; `None` when it depends on the database.
    pub fn truth(&self, e: &Expr) -> Option<bool> {
        self.value(e).and_then(|v| truthy(&v))
    }

    fn value_at(&self, e: &Expr, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        let next = depth + 1;
        let v = |e: &Expr| self.value_at(e, next);
        match &e.kind {
            ExprKind::Str {
                value,
                fstring: false,
            } => Some(Value::Str(value.clone())),
            ExprKind::Str {
                value,
                fstring: true,
            } => self.fstring(value, next).map(Value::Str),
            ExprKind::Number(n) => n.replace('_', "").parse().ok().map(Value::Int),
            ExprKind::Const("None") => Some(Value::None),
            ExprKind::Const(c) => Some(Value::Bool(*c == "True")),
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                items.iter().map(v).collect::<Option<_>>().map(Value::Seq)
            }
            ExprKind::Name(n) => match self.scope.values.get(n) {
                Some(bound) if !self.scope.imports.contains_key(n) => v(bound),
                _ => None,
            },
            ExprKind::Unary("not", inner) => truthy(&v(inner)?).map(|b| Value::Bool(!b)),
            ExprKind::Unary("-", inner) => match v(inner)? {
                Value::Int(i) => i.checked_neg().map(Value::Int),
                _ => None,
            },
            ExprKind::Binary(a, op, b) => self.binary(a, op, b, next),
            ExprKind::Attr(inner, attr) if attr == "__tablename__" => self.tablename(inner),
            ExprKind::Attr(inner, attr) => match (v(inner)?, attr.as_str()) {
                (Value::Object(Handle::Bind | Handle::Context), "dialect" | "engine") => {
                    Some(Value::Object(Handle::Dialect))
                }
                (Value::Object(Handle::Context), "as_sql") => Some(Value::Bool(true)),
                (Value::Object(Handle::Dialect), "name") => {
                    Some(Value::Str(self.scope.dialect?.as_str().to_string()))
                }
                _ => None,
            },
            ExprKind::Call {
                func,
                args,
                kwargs,
                star: false,
            } => {
                match self.qual(func).as_deref() {
                    Some("alembic.op.get_bind") if args.is_empty() => {
                        return Some(Value::Object(Handle::Bind));
                    }
                    Some("alembic.op.get_context" | "alembic.context.get_context")
                        if args.is_empty() =>
                    {
                        return Some(Value::Object(Handle::Context));
                    }
                    _ => {}
                }
                let ExprKind::Attr(receiver, method) = &func.kind else {
                    return None;
                };
                let Value::Str(s) = v(receiver)? else {
                    return None;
                };
                let args: Vec<Value> = args.iter().map(v).collect::<Option<_>>()?;
                match (method.as_str(), args.as_slice()) {
                    ("format", _) => {
                        let named: Vec<(String, Value)> = kwargs
                            .iter()
                            .map(|(k, e)| Some((k.clone(), v(e)?)))
                            .collect::<Option<_>>()?;
                        format(&s, &args, &named).map(Value::Str)
                    }
                    ("lower", []) => Some(Value::Str(s.to_lowercase())),
                    ("upper", []) => Some(Value::Str(s.to_uppercase())),
                    ("strip", []) => Some(Value::Str(s.trim().to_string())),
                    ("join", [Value::Seq(items)]) => items
                        .iter()
                        .map(|i| text(i).filter(|_| matches!(i, Value::Str(_))))
                        .collect::<Option<Vec<_>>>()
                        .map(|parts| Value::Str(parts.join(&s))),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    fn binary(&self, a: &Expr, op: &str, b: &Expr, depth: usize) -> Option<Value> {
        let left = self.value_at(a, depth)?;
        // `and`/`or` return an operand, and the right one may be unknown
        // when the left decides.
        match op {
            "and" => {
                return if truthy(&left)? {
                    self.value_at(b, depth)
                } else {
                    Some(left)
                };
            }
            "or" => {
                return if truthy(&left)? {
                    Some(left)
                } else {
                    self.value_at(b, depth)
                };
            }
            _ => {}
        }
        let right = self.value_at(b, depth)?;
        let comparable = |v: &Value| !matches!(v, Value::Object(_));
        match (op, &left, &right) {
            ("==", l, r) if comparable(l) && comparable(r) => Some(Value::Bool(l == r)),
            ("!=", l, r) if comparable(l) && comparable(r) => Some(Value::Bool(l != r)),
            ("in" | "not in", l, Value::Seq(items)) if comparable(l) => {
                Some(Value::Bool(items.contains(l) == (op == "in")))
            }
            ("in" | "not in", Value::Str(l), Value::Str(r)) => {
                Some(Value::Bool(r.contains(l.as_str()) == (op == "in")))
            }
            ("+", Value::Str(l), Value::Str(r)) => Some(Value::Str(format!("{l}{r}"))),
            ("+", Value::Int(l), Value::Int(r)) => l.checked_add(*r).map(Value::Int),
            ("+", Value::Seq(l), Value::Seq(r)) => {
                Some(Value::Seq(l.iter().chain(r).cloned().collect()))
            }
            ("%", Value::Str(l), r) => {
                let args = match r {
                    Value::Seq(items) => items.clone(),
                    other => vec![other.clone()],
                };
                percent(l, &args).map(Value::Str)
            }
            _ => None,
        }
    }

    /// `Model.__tablename__` of a class defined in the file or imported
    /// from the project's source.
    fn tablename(&self, class: &Expr) -> Option<Value> {
        let ExprKind::Name(name) = &class.kind else {
            return None;
        };
        if let Some(t) = self.scope.tablenames.get(name) {
            return Some(Value::Str(t.clone()));
        }
        let qualified = self.scope.imports.get(name)?;
        self.scope
            .models
            .as_ref()?
            .tablename(qualified)
            .map(Value::Str)
    }

    /// An f-string's text with each `{expression}` replaced by its value.
    fn fstring(&self, template: &str, depth: usize) -> Option<String> {
        let mut out = String::new();
        let mut rest = template;
        while let Some(i) = rest.find(['{', '}']) {
            out.push_str(&rest[..i]);
            let tail = &rest[i..];
            if let Some(after) = tail.strip_prefix("{{") {
                out.push('{');
                rest = after;
            } else if let Some(after) = tail.strip_prefix("}}") {
                out.push('}');
                rest = after;
            } else if tail.starts_with('}') {
                return None;
            } else {
                let end = tail.find('}')?;
                let inner = &tail[1..end];
                // Conversions and format specs change the text: not read.
                if inner.contains(['!', ':', '{', '=']) {
                    return None;
                }
                let tokens = token::tokenize(inner.trim());
                let [stmt] = syntax::parse_module(&tokens).try_into().ok()?;
                let syntax::StmtKind::Expr(e) = stmt.kind else {
                    return None;
                };
                out.push_str(&text(&self.value_at(&e, depth)?)?);
                rest = &tail[end + 1..];
            }
        }
        out.push_str(rest);
        Some(out)
    }
}

/// Python's truth of a known value.
fn truthy(v: &Value) -> Option<bool> {
    match v {
        Value::Str(s) => Some(!s.is_empty()),
        Value::Int(i) => Some(*i != 0),
        Value::Bool(b) => Some(*b),
        Value::None => Some(false),
        Value::Seq(items) => Some(!items.is_empty()),
        Value::Object(_) => None,
    }
}

/// `str(v)` for the values that have an obvious text.
fn text(v: &Value) -> Option<String> {
    match v {
        Value::Str(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        Value::Bool(b) => Some(if *b { "True" } else { "False" }.to_string()),
        Value::None => Some("None".to_string()),
        Value::Seq(_) | Value::Object(_) => None,
    }
}

/// `"…{}…{name}…".format(…)` with plain fields only.
fn format(template: &str, args: &[Value], named: &[(String, Value)]) -> Option<String> {
    let mut out = String::new();
    let mut rest = template;
    let mut next = 0;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix("{{") {
            out.push('{');
            rest = after;
            continue;
        }
        if let Some(after) = tail.strip_prefix("}}") {
            out.push('}');
            rest = after;
            continue;
        }
        let end = tail.find('}')?;
        let field = &tail[1..end];
        let value = if field.is_empty() {
            next += 1;
            args.get(next - 1)?
        } else if let Ok(i) = field.parse::<usize>() {
            args.get(i)?
        } else {
            &named.iter().find(|(k, _)| k == field)?.1
        };
        out.push_str(&text(value)?);
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// `"…%s…" % (…)` with `%s`, `%d` and `%%` only.
fn percent(template: &str, args: &[Value]) -> Option<String> {
    let mut out = String::new();
    let mut args = args.iter();
    let mut chars = template.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            '%' => out.push('%'),
            's' => out.push_str(&text(args.next()?)?),
            'd' => match args.next()? {
                Value::Int(i) => out.push_str(&i.to_string()),
                _ => return None,
            },
            _ => return None,
        }
    }
    args.next().is_none().then_some(out)
}

#[cfg(test)]
mod tests {
    use super::super::lower::{Lowerer, Scope};
    use super::*;
    use crate::dialect::DialectId;
    use crate::source::FileId;

    /// The value of the last line's expression after the lines before it.
    fn eval(text: &str, dialect: Option<DialectId>) -> Option<Value> {
        let module = syntax::parse_module(&token::tokenize(text));
        let mut scope = Scope {
            dialect,
            ..Scope::default()
        };
        scope
            .imports
            .insert("op".to_string(), "alembic.op".to_string());
        let (last, before) = module.split_last()?;
        for s in before {
            if let syntax::StmtKind::Assign { targets, value } = &s.kind
                && let ExprKind::Name(n) = &targets[0].kind
            {
                scope.values.insert(n.clone(), value.clone());
            }
        }
        let syntax::StmtKind::Expr(e) = &last.kind else {
            return None;
        };
        Lowerer {
            file: FileId(0),
            scope: &scope,
        }
        .value(e)
    }

    fn string(text: &str) -> Option<String> {
        match eval(text, None)? {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    #[test]
    fn names_built_from_constants() {
        assert_eq!(
            string("T = 'runs'\nC = 'status'\nf'ix_{T}_{C}'\n").as_deref(),
            Some("ix_runs_status")
        );
        assert_eq!(
            string("T = 'runs'\n'fk_%s_%s' % (T, 'exp')\n").as_deref(),
            Some("fk_runs_exp")
        );
        assert_eq!(
            string("T = 'runs'\n'ix_{}_{c}'.format(T, c='id')\n").as_deref(),
            Some("ix_runs_id")
        );
        assert_eq!(
            string("'a' + 'b' + \"{{x}}\"\n").as_deref(),
            Some("ab{{x}}")
        );
        assert_eq!(
            string("f'{{literal}} {1}'\n").as_deref(),
            Some("{literal} 1")
        );
    }

    #[test]
    fn what_depends_on_runtime_is_unknown() {
        assert_eq!(string("f'{x!r}'\n"), None);
        assert_eq!(string("'%s' % (1, 2)\n"), None);
        assert_eq!(string("f'{rows}'\n"), None);
        assert_eq!(string("x = x + 'a'\nx\n"), None);
    }

    #[test]
    fn dialect_tests_follow_the_configured_dialect() {
        let sqlite = Some(DialectId::Sqlite);
        let yes = Some(Value::Bool(true));
        let no = Some(Value::Bool(false));
        assert_eq!(
            eval("op.get_bind().dialect.name == 'sqlite'\n", sqlite),
            yes
        );
        assert_eq!(
            eval(
                "bind = op.get_bind()\nbind.engine.name != 'sqlite'\n",
                sqlite
            ),
            no
        );
        assert_eq!(
            eval(
                "d = op.get_context().dialect.name\nd in ('mysql', 'postgresql')\n",
                sqlite
            ),
            no
        );
        assert_eq!(eval("op.get_context().as_sql\n", sqlite), yes);
        // Without a configured dialect the test is unknown.
        assert_eq!(eval("op.get_bind().dialect.name == 'sqlite'\n", None), None);
        assert_eq!(eval("not op.get_bind()\n", sqlite), None);
    }
}
