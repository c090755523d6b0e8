//! The compound statements of `upgrade()`/`downgrade()` that can be
//! followed without running Python: batch blocks, `if` tests whose
//! answer is known offline (the dialect, `as_sql`), and `for` loops over
//! literal lists, which are unrolled. Each returns why it cannot be read,
//! and the caller keeps the whole statement opaque.

use super::Reader;
use super::lower::{Batch, Lowerer, Scope};
use super::syntax::{Expr, ExprKind, Stmt};
use crate::ir::BlockItem;

/// An `if` or `elif` test and its body.
type Branch = (Expr, Vec<Stmt>);

/// More iterations than any hand-written list in a revision file; a
/// bound so that a pathological file cannot blow the output up.
const MAX_ITERATIONS: usize = 256;

impl Reader<'_> {
    /// `with op.batch_alter_table("t", schema=…) as batch_op:`.
    pub(super) fn batch_block(
        &mut self,
        scope: &mut Scope,
        (call, alias): (&Expr, &Expr),
        body: &[Stmt],
        items: &mut Vec<BlockItem>,
        in_transaction: bool,
    ) -> Result<(), String> {
        let lowerer = Lowerer {
            file: self.file,
            scope,
        };
        let ExprKind::Call {
            func,
            args,
            kwargs,
            star: false,
        } = &call.kind
        else {
            return Err("a `with` block".into());
        };
        if lowerer.qual(func).as_deref() != Some("alembic.op.batch_alter_table") {
            return Err("a `with` block".into());
        }
        let ExprKind::Name(alias) = &alias.kind else {
            return Err("a batch block bound to something other than a name".into());
        };
        let literal = |e: &Expr, what: &str| -> Result<Option<Expr>, String> {
            if matches!(lowerer.value(e), Some(super::eval::Value::None)) {
                return Ok(None);
            }
            let value = lowerer
                .string(e)
                .ok_or_else(|| format!("a batch block whose {what} is not known"))?;
            Ok(Some(Expr {
                kind: ExprKind::Str {
                    value,
                    fstring: false,
                },
                range: e.range.clone(),
            }))
        };
        let table_expr = args
            .first()
            .or_else(|| {
                kwargs
                    .iter()
                    .find(|(k, _)| k == "table_name")
                    .map(|(_, v)| v)
            })
            .ok_or("a batch block without a table")?;
        let table = literal(table_expr, "table")?.ok_or("a batch block without a table")?;
        let mut schema = args.get(1);
        for (k, v) in kwargs {
            match k.as_str() {
                "table_name" => {}
                "schema" => schema = Some(v),
                // `auto` recreates only where ALTER cannot do the change:
                // SQLite, which the SQLite emitter rebuilds itself.
                "recreate" if matches!(lowerer.string(v).as_deref(), Some("auto" | "never")) => {}
                _ => return Err(format!("a batch block with `{k}=`")),
            }
        }
        if args.len() > 2 {
            return Err("a batch block with positional options".into());
        }
        let schema = match schema {
            Some(s) => literal(s, "schema")?,
            None => None,
        };
        let before = scope.batches.insert(alias.clone(), Batch { table, schema });
        self.stmts(scope, body, items, in_transaction);
        match before {
            Some(b) => scope.batches.insert(alias.clone(), b),
            None => scope.batches.remove(alias),
        };
        Ok(())
    }

    /// `if`/`elif`/`else` whose tests are known offline: only the branch
    /// that runs is read.
    pub(super) fn if_stmt(
        &mut self,
        scope: &mut Scope,
        (branches, orelse): (&[Branch], Option<&[Stmt]>),
        items: &mut Vec<BlockItem>,
        in_transaction: bool,
    ) -> Result<(), String> {
        let lowerer = Lowerer {
            file: self.file,
            scope,
        };
        let mut taken = orelse;
        for (test, body) in branches {
            match lowerer.truth(test) {
                Some(true) => {
                    taken = Some(body);
                    break;
                }
                Some(false) => {}
                None => {
                    return Err(
                        "an `if` whose test is only known when migrating (migc knows the dialect and that it runs offline)"
                            .into(),
                    );
                }
            }
        }
        if let Some(body) = taken {
            self.stmts(scope, body, items, in_transaction);
        }
        Ok(())
    }

    /// `for NAME in [literal, …]:` (or over a tuple, a constant holding
    /// one, or `DICT.items()`), unrolled. The body's statements count
    /// once in the coverage and say once what they miss.
    pub(super) fn for_loop(
        &mut self,
        scope: &mut Scope,
        (target, iter): (&Expr, &Expr),
        body: &[Stmt],
        items: &mut Vec<BlockItem>,
        in_transaction: bool,
    ) -> Result<(), String> {
        let lowerer = Lowerer {
            file: self.file,
            scope,
        };
        let elements = iteration(&lowerer, iter)
            .ok_or("a `for` loop over something that is not a literal list")?;
        if elements.len() > MAX_ITERATIONS {
            return Err(format!(
                "a `for` loop of more than {MAX_ITERATIONS} iterations"
            ));
        }
        let mut bindings = Vec::new();
        for element in &elements {
            bindings.push(
                bind(&lowerer, target, element)
                    .ok_or("a `for` loop whose items do not unpack into its target")?,
            );
        }
        let mut first = None;
        for binding in bindings {
            for (name, value) in binding {
                scope.values.insert(name, value);
            }
            self.stmts(scope, body, items, in_transaction);
            if self.returned {
                break;
            }
            match first {
                None => first = Some((self.coverage, self.diagnostics.len())),
                Some((coverage, diagnostics)) => {
                    self.coverage = coverage;
                    self.diagnostics.truncate(diagnostics);
                }
            }
        }
        Ok(())
    }
}

/// The items a `for` loop walks over, as expressions.
fn iteration(lowerer: &Lowerer<'_>, iter: &Expr) -> Option<Vec<Expr>> {
    match &lowerer.resolve(iter).kind {
        ExprKind::List(items) | ExprKind::Tuple(items) => Some(items.clone()),
        ExprKind::Call {
            func, args, kwargs, ..
        } if args.is_empty() && kwargs.is_empty() => {
            let ExprKind::Attr(dict, method) = &func.kind else {
                return None;
            };
            let ExprKind::Dict(pairs) = &lowerer.resolve(dict).kind else {
                return None;
            };
            let pick = |(k, v): &(Expr, Expr)| match method.as_str() {
                "items" => Some(Expr {
                    range: k.range.start..v.range.end,
                    kind: ExprKind::Tuple(vec![k.clone(), v.clone()]),
                }),
                "keys" => Some(k.clone()),
                "values" => Some(v.clone()),
                _ => None,
            };
            pairs.iter().map(pick).collect()
        }
        _ => None,
    }
}

/// The names a loop target binds to one item, unpacking tuples.
fn bind(lowerer: &Lowerer<'_>, target: &Expr, item: &Expr) -> Option<Vec<(String, Expr)>> {
    match &target.kind {
        ExprKind::Name(n) => Some(vec![(n.clone(), item.clone())]),
        ExprKind::Tuple(names) | ExprKind::List(names) => {
            let (ExprKind::Tuple(values) | ExprKind::List(values)) = &lowerer.resolve(item).kind
            else {
                return None;
            };
            if values.len() != names.len() {
                return None;
            }
            let mut out = Vec::new();
            for (n, v) in names.iter().zip(values) {
                out.extend(bind(lowerer, n, v)?);
            }
            Some(out)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::alembic::{Options, parse_with};
    use crate::dialect::DialectId;
    use crate::source::FileId;

    const HEAD: &str =
        "import sqlalchemy as sa\nfrom alembic import op\nrevision = 'r1'\ndown_revision = None\n";

    /// What `upgrade()` of `body` does, by operation name.
    fn ops_of(body: &str) -> Vec<&'static str> {
        let text = format!("{HEAD}{body}");
        let options = Options {
            dialect: Some(DialectId::Postgresql),
            ..Options::default()
        };
        let (revision, _, _) = parse_with(FileId(0), &text, &options);
        let revision = revision.expect("a revision");
        revision
            .up
            .items
            .iter()
            .filter_map(|i| match i {
                crate::ir::BlockItem::Stmt(s) => Some(s.op.keyword()),
                _ => None,
            })
            .collect()
    }

    /// The not-understood reasons and the source each points at.
    fn opaque(body: &str) -> Vec<(String, String)> {
        let text = format!("{HEAD}{body}");
        let options = Options {
            dialect: Some(DialectId::Postgresql),
            ..Options::default()
        };
        let (_, diagnostics, _) = parse_with(FileId(0), &text, &options);
        diagnostics
            .iter()
            .filter(|d| d.code == crate::alembic::NOT_UNDERSTOOD)
            .map(|d| {
                let label = &d.labels[0];
                (label.message.clone(), text[label.span.range()].to_string())
            })
            .collect()
    }

    #[test]
    fn batch_blocks_that_recreate_everywhere_stay_opaque() {
        let found = opaque(
            "def upgrade():\n    with op.batch_alter_table('t', recreate='always') as b:\n        b.drop_column('c')\n",
        );
        assert_eq!(found.len(), 1);
        assert!(found[0].0.contains("`recreate=`"), "{found:?}");
        assert!(found[0].1.starts_with("with op.batch_alter_table"));
    }

    #[test]
    fn loops_unpack_tuples_and_unknown_loops_keep_their_span() {
        assert!(
            opaque("def upgrade():\n    for t, c in [('a', 'x'), ('b', 'y')]:\n        op.drop_column(t, c)\n")
                .is_empty()
        );
        let found = opaque(
            "def upgrade():\n    for t in tables():\n        op.drop_table(t)\n    op.drop_table('z')\n",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1, "for t in tables():\n        op.drop_table(t)");
    }

    #[test]
    fn an_if_on_the_database_stays_opaque_and_the_rest_is_read() {
        let found = opaque(
            "def upgrade():\n    if sa.inspect(op.get_bind()).has_table('t'):\n        op.drop_table('t')\n    op.drop_table('u')\n",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].0.contains("only known when migrating"));
    }

    #[test]
    fn helpers_with_parameters_are_read_as_their_bodies() {
        let body = "def _drop(table, *names, **kw):\n    for n in names:\n        op.drop_column(table, n, **kw)\n\ndef upgrade():\n    _drop('t', 'a', 'b', if_exists=True)\n";
        assert!(opaque(body).is_empty(), "{:?}", opaque(body));
        let ops = ops_of(body);
        assert_eq!(ops, ["drop column", "drop column"]);
    }

    #[test]
    fn a_helper_whose_body_is_not_understood_stays_one_opaque_call() {
        let found = opaque(
            "def _maybe(t):\n    if sa.inspect(op.get_bind()).has_table(t):\n        op.drop_table(t)\n\ndef upgrade():\n    _maybe('t')\n    op.drop_table('u')\n",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1, "_maybe('t')");
        assert!(
            found[0]
                .0
                .starts_with("a call of `_maybe`, whose body has an `if`")
        );
    }

    #[test]
    fn recursive_helpers_stop_at_a_bound() {
        let found = opaque("def _r(t):\n    _r(t)\n\ndef upgrade():\n    _r('t')\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].0.contains("helper calls deep"), "{found:?}");
    }

    #[test]
    fn an_early_return_ends_the_body() {
        let body = "def upgrade():\n    def _add(t):\n        op.add_column(t, sa.Column('c', sa.Integer()))\n    _add('a')\n    if op.get_bind().dialect.name == 'postgresql':\n        return\n    op.drop_table('never')\n";
        assert!(opaque(body).is_empty());
        assert_eq!(ops_of(body), ["add column"]);
    }

    #[test]
    fn index_strings_are_columns_and_text_carries_the_order() {
        let body = "def upgrade():\n    op.create_index('ix', 't', ['lower(x)', sa.text('y DESC NULLS FIRST'), sa.text('z ASC')])\n";
        let text = format!("{HEAD}{body}");
        let (revision, _, _) = parse_with(FileId(0), &text, &Options::default());
        let revision = revision.expect("a revision");
        let Some(crate::ir::BlockItem::Stmt(s)) = revision.up.items.first() else {
            panic!("{:?}", revision.up.items)
        };
        let crate::ir::Op::CreateIndex(index) = &s.op else {
            panic!("{:?}", s.op)
        };
        let shown: Vec<(String, bool, Option<bool>)> = index
            .elements
            .iter()
            .map(|e| match &e.kind {
                crate::ir::IndexElementKind::Column(c) => {
                    (c.name.clone(), e.descending, e.nulls_first)
                }
                crate::ir::IndexElementKind::Expr(_) => {
                    ("expr".into(), e.descending, e.nulls_first)
                }
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("lower(x)".to_string(), false, None),
                ("y".to_string(), true, Some(true)),
                ("z".to_string(), false, None)
            ]
        );
    }

    #[test]
    fn float_precision_picks_real_or_double() {
        let body = "def upgrade():\n    op.add_column('t', sa.Column('a', sa.Float(precision=24)))\n    op.add_column('t', sa.Column('b', sa.Float(53)))\n    op.add_column('t', sa.Column('c', sa.Float()))\n";
        let text = format!("{HEAD}{body}");
        let (revision, _, _) = parse_with(FileId(0), &text, &Options::default());
        let types: Vec<String> = revision
            .expect("a revision")
            .up
            .items
            .iter()
            .filter_map(|i| match i {
                crate::ir::BlockItem::Stmt(s) => match &s.op {
                    crate::ir::Op::AddColumn(a) => Some(format!("{:?}", a.column.ty.ty)),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        assert_eq!(types, ["Real", "Double", "Double"]);
    }

    #[test]
    fn helpers_returning_their_own_locals_are_not_inlined() {
        let found = opaque(
            "def _name():\n    n = compute()\n    return n\n\ndef upgrade():\n    op.drop_table(_name())\n",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            opaque("def _t():\n    return 'x'\n\ndef upgrade():\n    op.drop_table(_t())\n")
                .is_empty()
        );
    }
}
