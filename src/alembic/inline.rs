//! Calls of the file's own helper functions, read as their bodies: a
//! statement `_drop_fk("runs", "fk_runs_exp")` is the `op.*` calls of
//! `def _drop_fk(table, name):` with the parameters bound to the
//! arguments. Only a helper whose whole body is understood is inlined;
//! otherwise the call stays one opaque statement saying what in the
//! body was not understood, so nothing runs half-read.

use super::Reader;
use super::eval::Value;
use super::lower::{Lowerer, Scope};
use super::syntax::{Expr, ExprKind, Param, Stmt};
use crate::ir::BlockItem;
use std::borrow::Cow;
use std::sync::Arc;

/// How deep helpers may call helpers: enough for real files, and a bound
/// on a helper that calls itself.
const MAX_DEPTH: usize = 8;

/// How deep an argument's names may refer to names when it is closed
/// over the caller's scope.
const MAX_CLOSE_DEPTH: usize = 16;

/// A function defined in the file or in the body being read.
#[derive(Clone, Debug)]
pub struct Helper {
    pub params: Vec<Param>,
    pub body: Vec<Stmt>,
    /// Defined inside `upgrade()`/`downgrade()`: it sees the locals of the
    /// body it is called from, as a Python closure would.
    pub nested: bool,
}

/// The helper a call statement calls, when it calls one by name.
pub(super) fn helper_call(scope: &Scope, e: &Expr) -> Option<Arc<Helper>> {
    let ExprKind::Call { func, .. } = &e.kind else {
        return None;
    };
    let ExprKind::Name(name) = &func.kind else {
        return None;
    };
    scope.helpers.get(name).cloned()
}

impl Reader<'_> {
    /// Reads the body of the helper `call` calls into `items`, or says
    /// why it cannot be.
    pub(super) fn inline(
        &mut self,
        scope: &Scope,
        call: &Expr,
        items: &mut Vec<BlockItem>,
        in_transaction: bool,
    ) -> Result<(), String> {
        let ExprKind::Call {
            func,
            args,
            kwargs,
            star,
        } = &call.kind
        else {
            return Err("a call migc does not follow".into());
        };
        let name = match &func.kind {
            ExprKind::Name(n) => n.as_str(),
            _ => "?",
        };
        let helper = helper_call(scope, call).ok_or("a call migc does not follow")?;
        if *star {
            return Err(format!("a call of `{name}` with `*args`/`**kwargs`"));
        }
        if self.depth >= MAX_DEPTH {
            return Err(format!(
                "a call of `{name}` more than {MAX_DEPTH} helper calls deep"
            ));
        }
        let caller = Lowerer {
            file: self.file,
            scope,
        };
        let mut local = match (&self.globals, helper.nested) {
            (Some(globals), false) => globals.as_ref().clone(),
            _ => scope.clone(),
        };
        let bound = bind(&caller, &helper.params, args, kwargs)
            .map_err(|why| format!("a call of `{name}` {why}"))?;
        for (param, value) in bound {
            local.imports.remove(&param);
            local.functions.remove(&param);
            local.helpers.remove(&param);
            local.batches.remove(&param);
            local.values.insert(param, value);
        }

        let (coverage, diagnostics) = (self.coverage, self.diagnostics.len());
        let enums = self.enums.clone();
        self.depth += 1;
        self.stmts(&mut local, &helper.body, items, in_transaction);
        self.depth -= 1;
        self.returned = false;
        let opaque = self.coverage.opaque > coverage.opaque;
        let inner = self.diagnostics[diagnostics..]
            .iter()
            .find(|d| d.code == super::NOT_UNDERSTOOD)
            .and_then(|d| d.labels.first())
            .map(|l| l.message.clone());
        self.coverage = coverage;
        if opaque {
            self.diagnostics.truncate(diagnostics);
            self.enums = enums;
            items.clear();
            let why = inner.unwrap_or_else(|| "something migc does not read".into());
            return Err(format!("a call of `{name}`, whose body has {why}"));
        }
        Ok(())
    }
}

/// The parameters' values for one call, each closed over the caller's
/// names so that it means the same inside the helper.
fn bind(
    caller: &Lowerer<'_>,
    params: &[Param],
    args: &[Expr],
    kwargs: &[(String, Expr)],
) -> Result<Vec<(String, Expr)>, String> {
    let closed = |e: &Expr| close(caller, e, 0).ok_or("with an argument migc cannot follow");
    let mut bound: Vec<(String, Expr)> = Vec::new();
    let plain: Vec<&Param> = params.iter().filter(|p| p.stars == 0).collect();
    let rest = params.iter().find(|p| p.stars == 1);
    let extra = params.iter().find(|p| p.stars == 2);
    let mut surplus = Vec::new();
    for (i, arg) in args.iter().enumerate() {
        match plain.get(i) {
            Some(p) => bound.push((p.name.clone(), closed(arg)?)),
            None if rest.is_some() => surplus.push(closed(arg)?),
            None => return Err("with too many arguments".into()),
        }
    }
    let mut named = Vec::new();
    for (k, v) in kwargs {
        if bound.iter().any(|(n, _)| n == k) {
            return Err(format!("with `{k}` given twice"));
        }
        if plain.iter().any(|p| &p.name == k) {
            bound.push((k.clone(), closed(v)?));
        } else if extra.is_some() {
            let key = Expr {
                kind: ExprKind::Str {
                    value: k.clone(),
                    fstring: false,
                },
                range: v.range.clone(),
            };
            named.push((key, closed(v)?));
        } else {
            return Err(format!("with an unknown argument `{k}=`"));
        }
    }
    for p in &plain {
        if bound.iter().any(|(n, _)| n == &p.name) {
            continue;
        }
        let default = p
            .default
            .clone()
            .ok_or_else(|| format!("without `{}`", p.name))?;
        bound.push((p.name.clone(), default));
    }
    let at = args.first().map_or(0..0, |a| a.range.clone());
    if let Some(p) = rest {
        let kind = ExprKind::Tuple(surplus);
        bound.push((
            p.name.clone(),
            Expr {
                kind,
                range: at.clone(),
            },
        ));
    }
    if let Some(p) = extra {
        let kind = ExprKind::Dict(named);
        bound.push((p.name.clone(), Expr { kind, range: at }));
    }
    Ok(bound)
}

/// `e` with the caller's local names replaced by what they stand for,
/// so that it means the same in the helper's scope; `None` when a part
/// cannot be carried over (a batch alias, an f-string of unknowns).
fn close(caller: &Lowerer<'_>, e: &Expr, depth: usize) -> Option<Expr> {
    if depth > MAX_CLOSE_DEPTH {
        return None;
    }
    if let Some(v) = caller.value(e)
        && let Some(kind) = literal(&v, &e.range)
    {
        return Some(Expr {
            kind,
            range: e.range.clone(),
        });
    }
    let next = depth + 1;
    let c = |e: &Expr| close(caller, e, next);
    let scope = caller.scope;
    let kind = match &e.kind {
        ExprKind::Name(n) if scope.imports.contains_key(n) => e.kind.clone(),
        ExprKind::Name(n) if scope.batches.contains_key(n) => return None,
        ExprKind::Name(n) => match scope.values.get(n) {
            Some(bound) => {
                return c(bound).map(|b| Expr {
                    range: e.range.clone(),
                    ..b
                });
            }
            // Classes and helpers of the module mean the same there.
            None => e.kind.clone(),
        },
        ExprKind::Attr(inner, attr) => ExprKind::Attr(Box::new(c(inner)?), attr.clone()),
        ExprKind::Call {
            func,
            args,
            kwargs,
            star,
        } => ExprKind::Call {
            func: Box::new(c(func)?),
            args: args.iter().map(c).collect::<Option<_>>()?,
            kwargs: kwargs
                .iter()
                .map(|(k, v)| Some((k.clone(), c(v)?)))
                .collect::<Option<_>>()?,
            star: *star,
        },
        ExprKind::Str { fstring: true, .. } | ExprKind::Other => return None,
        ExprKind::Str { .. } | ExprKind::Number(_) | ExprKind::Const(_) => e.kind.clone(),
        ExprKind::Tuple(items) => ExprKind::Tuple(items.iter().map(c).collect::<Option<_>>()?),
        ExprKind::List(items) => ExprKind::List(items.iter().map(c).collect::<Option<_>>()?),
        ExprKind::Dict(pairs) => ExprKind::Dict(
            pairs
                .iter()
                .map(|(k, v)| Some((c(k)?, c(v)?)))
                .collect::<Option<_>>()?,
        ),
        ExprKind::Subscript(inner, items) => ExprKind::Subscript(
            Box::new(c(inner)?),
            items.iter().map(c).collect::<Option<_>>()?,
        ),
        ExprKind::Unary(op, inner) => ExprKind::Unary(op, Box::new(c(inner)?)),
        ExprKind::Binary(a, op, b) => ExprKind::Binary(Box::new(c(a)?), op, Box::new(c(b)?)),
    };
    Some(Expr {
        kind,
        range: e.range.clone(),
    })
}

/// A known value written back as a literal.
fn literal(v: &Value, range: &std::ops::Range<usize>) -> Option<ExprKind> {
    Some(match v {
        Value::Str(s) => ExprKind::Str {
            value: s.clone(),
            fstring: false,
        },
        Value::Int(i) => ExprKind::Number(i.to_string()),
        Value::Bool(true) => ExprKind::Const("True"),
        Value::Bool(false) => ExprKind::Const("False"),
        Value::None => ExprKind::Const("None"),
        Value::Seq(items) => ExprKind::Tuple(
            items
                .iter()
                .map(|i| {
                    literal(i, range).map(|kind| Expr {
                        kind,
                        range: range.clone(),
                    })
                })
                .collect::<Option<_>>()?,
        ),
        Value::Object(_) => return None,
    })
}

/// `e` with `*seq` and `**mapping` arguments spread where the sequence
/// or mapping is known offline (`sa.Enum(*STATES, name=…)`,
/// `op.drop_index(…, **options)`). A call whose starred arguments are
/// not known keeps them, and stays `star`.
pub(super) fn expand_stars<'e>(lowerer: &Lowerer<'_>, e: &'e Expr) -> Cow<'e, Expr> {
    // Nearly every expression has nothing to spread: no copy of it then.
    if has_stars(e, 0) {
        Cow::Owned(expand_at(lowerer, e, 0))
    } else {
        Cow::Borrowed(e)
    }
}

/// Whether [`expand_at`] would change anything in `e`: a starred
/// argument, or a call marked `star`, where it looks.
fn has_stars(e: &Expr, depth: usize) -> bool {
    if depth > MAX_CLOSE_DEPTH {
        return false;
    }
    let x = |e: &Expr| has_stars(e, depth + 1);
    match &e.kind {
        ExprKind::Call {
            func,
            args,
            kwargs,
            star,
        } => {
            *star
                || x(func)
                || args
                    .iter()
                    .any(|a| matches!(a.kind, ExprKind::Unary("*", _)) || x(a))
                || kwargs.iter().any(|(k, v)| k == "**" || x(v))
        }
        ExprKind::Attr(inner, _) => x(inner),
        ExprKind::Tuple(items) | ExprKind::List(items) => items.iter().any(x),
        _ => false,
    }
}

fn expand_at(lowerer: &Lowerer<'_>, e: &Expr, depth: usize) -> Expr {
    if depth > MAX_CLOSE_DEPTH {
        return e.clone();
    }
    let x = |e: &Expr| expand_at(lowerer, e, depth + 1);
    let kind = match &e.kind {
        ExprKind::Call {
            func,
            args,
            kwargs,
            star,
        } => {
            let mut all_known = true;
            let mut new_args = Vec::new();
            for a in args {
                match &a.kind {
                    ExprKind::Unary("*", inner) => match &lowerer.resolve(inner).kind {
                        ExprKind::List(items) | ExprKind::Tuple(items) => {
                            new_args.extend(items.iter().map(x));
                        }
                        _ => {
                            all_known = false;
                            new_args.push(a.clone());
                        }
                    },
                    _ => new_args.push(x(a)),
                }
            }
            let mut new_kwargs = Vec::new();
            for (k, v) in kwargs {
                if k != "**" {
                    new_kwargs.push((k.clone(), x(v)));
                    continue;
                }
                let spread = match &lowerer.resolve(v).kind {
                    ExprKind::Dict(pairs) => pairs
                        .iter()
                        .map(|(key, value)| Some((lowerer.string(key)?, x(value))))
                        .collect::<Option<Vec<_>>>(),
                    _ => None,
                };
                match spread {
                    Some(pairs) => new_kwargs.extend(pairs),
                    None => {
                        all_known = false;
                        new_kwargs.push((k.clone(), v.clone()));
                    }
                }
            }
            ExprKind::Call {
                func: Box::new(x(func)),
                args: new_args,
                kwargs: new_kwargs,
                star: *star && !all_known,
            }
        }
        ExprKind::Attr(inner, attr) => ExprKind::Attr(Box::new(x(inner)), attr.clone()),
        ExprKind::Tuple(items) => ExprKind::Tuple(items.iter().map(x).collect()),
        ExprKind::List(items) => ExprKind::List(items.iter().map(x).collect()),
        _ => return e.clone(),
    };
    Expr {
        kind,
        range: e.range.clone(),
    }
}
