//! The Alembic frontend: reads `versions/*.py` revision files without
//! running Python.
//!
//! A hand-written tokenizer (`token`) and parser (`syntax`) read the subset
//! of Python that revision files are written in; `lower` turns `op.*`
//! calls with literal arguments into IR statements. Reading never fails:
//! [`parse`] returns the revision (whenever the file names one) and
//! diagnostics with spans into the `.py` file. A statement of `upgrade()`
//! or `downgrade()` the reader does not understand becomes an opaque
//! statement with unknown effects and a `not-understood` note; the headers
//! alone make the revision graph.

mod control;
pub mod eval;
mod inline;
pub mod lower;
pub mod models;
pub mod syntax;
pub mod token;

use crate::diagnostic::{Diagnostic, Severity};
use crate::dialect::DialectId;
use crate::ir::DataType;
use crate::ir::{Block, BlockItem, Op, RawSql, Revision, Spanned, SqlText, Stmt};
use crate::source::{FileId, Span};
use lower::{Lowerer, Scope};
use std::collections::BTreeMap;
use std::sync::Arc;
use syntax::{Expr, ExprKind, StmtKind};

/// Code of a statement the reader does not understand.
pub const NOT_UNDERSTOOD: &str = "not-understood";
/// Code of a file without a `revision = "…"` line.
pub const NOT_A_REVISION: &str = "not-a-revision";
/// Code of a `downgrade()` that does nothing or raises.
pub const IRREVERSIBLE: &str = "irreversible-downgrade";

/// How much of a file the reader understood.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Statements of `upgrade()`/`downgrade()` lowered into IR.
    pub understood: usize,
    /// Statements kept as opaque.
    pub opaque: usize,
}

/// Whether a file's text looks like an Alembic revision (a top-level
/// `revision = ` or `revision: str = ` line).
pub fn looks_like_revision(text: &str) -> bool {
    text.lines().any(|l| {
        let rest = l.strip_prefix("revision").map(str::trim_start);
        rest.is_some_and(|r| r.starts_with('=') || r.starts_with(':'))
    })
}

/// What the project tells the reader about the files it reads.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The dialect `if op.get_bind().dialect.name == …` tests are answered
    /// for; `None` leaves such statements opaque.
    pub dialect: Option<DialectId>,
    /// Project column types by dotted Python name (`[alembic.types]`).
    pub types: Arc<BTreeMap<String, DataType>>,
    /// Where `Model.__tablename__` of imported models is looked up.
    pub models: Option<Arc<models::Models>>,
}

impl Options {
    /// The options of a project whose revision files are in
    /// `migrations`: imported models are looked for in the folders above.
    pub fn from_config(config: &crate::config::Config, migrations: &std::path::Path) -> Options {
        Options {
            dialect: Some(config.dialect),
            types: Arc::new(config.alembic.types.clone()),
            models: Some(Arc::new(models::Models::above(migrations))),
        }
    }
}

/// Reads one revision file.
pub fn parse(file: FileId, text: &str) -> (Option<Revision>, Vec<Diagnostic>) {
    let (revision, diagnostics, _) = parse_with(file, text, &Options::default());
    (revision, diagnostics)
}

/// [`parse`], also saying how much of the bodies was understood.
pub fn parse_with_coverage(
    file: FileId,
    text: &str,
) -> (Option<Revision>, Vec<Diagnostic>, Coverage) {
    parse_with(file, text, &Options::default())
}

/// [`parse_with_coverage`] with the project's [`Options`].
pub fn parse_with(
    file: FileId,
    text: &str,
    options: &Options,
) -> (Option<Revision>, Vec<Diagnostic>, Coverage) {
    let tokens = token::tokenize(text);
    let module = syntax::parse_module(&tokens);
    let whole = Span::new(file, 0..text.len());
    let mut scope = Scope {
        dialect: options.dialect,
        types: options.types.clone(),
        models: options.models.clone(),
        ..Scope::default()
    };
    let mut reader = Reader {
        file,
        text,
        diagnostics: Vec::new(),
        coverage: Coverage::default(),
        globals: None,
        depth: 0,
        returned: false,
        enums: std::collections::HashSet::new(),
    };
    let mut message = None;
    let mut upgrade = None;
    let mut downgrade = None;
    for (i, stmt) in module.iter().enumerate() {
        match &stmt.kind {
            StmtKind::Expr(Expr {
                kind: ExprKind::Str { value, .. },
                range,
            }) if i == 0 => {
                let first = value.trim().lines().next().unwrap_or("").trim().to_string();
                message = Some(Spanned::new(first, Span::new(file, range.clone())));
            }
            StmtKind::Import(names) => {
                for (module, alias) in names {
                    match alias {
                        Some(a) => scope.imports.insert(a.clone(), module.clone()),
                        None => {
                            let top = module.split('.').next().unwrap_or(module);
                            scope.imports.insert(top.to_string(), top.to_string())
                        }
                    };
                }
            }
            StmtKind::FromImport(module, names) => {
                for (name, alias) in names {
                    let bound = alias.clone().unwrap_or_else(|| name.clone());
                    scope.imports.insert(bound, format!("{module}.{name}"));
                }
            }
            StmtKind::Assign { targets, value } => {
                let value = inline::expand_stars(
                    &Lowerer {
                        file,
                        scope: &scope,
                    },
                    value,
                );
                for t in targets {
                    if let ExprKind::Name(n) = &t.kind {
                        scope.values.insert(n.clone(), Expr::clone(&value));
                    }
                }
            }
            StmtKind::Class { name, body } => {
                if let Some(table) = models::tablename_in(body) {
                    scope.tablenames.insert(name.clone(), table);
                }
            }
            StmtKind::Def { name, body, .. } if name == "upgrade" => upgrade = Some((stmt, body)),
            StmtKind::Def { name, body, .. } if name == "downgrade" => {
                downgrade = Some((stmt, body));
            }
            StmtKind::Def { name, params, body } => {
                scope.define(name, params, body, false);
            }
            _ => {}
        }
    }
    let header = |name: &str| -> Option<&Expr> { scope.values.get(name) };
    let lowerer = Lowerer {
        file,
        scope: &scope,
    };
    let span_of = |e: &Expr| Span::new(file, e.range.clone());
    let Some(id_expr) = header("revision") else {
        reader.diagnostics.push(
            Diagnostic::error(NOT_A_REVISION, "this file has no `revision = \"…\"` line")
                .with_primary(Span::new(file, 0..0), "expected a revision id")
                .with_help("Alembic revision files set `revision` to a literal string"),
        );
        return (None, reader.diagnostics, reader.coverage);
    };
    let Some(id) = lowerer.string(id_expr) else {
        reader.diagnostics.push(
            Diagnostic::error(NOT_A_REVISION, "`revision` is not a literal string")
                .with_primary(span_of(id_expr), "expected a string"),
        );
        return (None, reader.diagnostics, reader.coverage);
    };
    let list = |name: &str, reader: &mut Reader<'_>| -> Vec<Spanned<String>> {
        let Some(e) = header(name) else {
            return Vec::new();
        };
        let items: Vec<&Expr> = match &e.kind {
            ExprKind::Const("None") => return Vec::new(),
            ExprKind::Tuple(items) | ExprKind::List(items) => items.iter().collect(),
            _ => vec![e],
        };
        let mut out = Vec::new();
        for item in items {
            match lowerer.string(item) {
                Some(s) => out.push(Spanned::new(s, span_of(item))),
                None => reader.diagnostics.push(
                    Diagnostic::error(NOT_A_REVISION, format!("`{name}` is not a literal"))
                        .with_primary(
                            span_of(item),
                            "expected a string, a tuple of strings or None",
                        ),
                ),
            }
        }
        out
    };
    let parents = list("down_revision", &mut reader);
    let labels = list("branch_labels", &mut reader);
    let depends_on = list("depends_on", &mut reader);

    let up = match upgrade {
        Some((stmt, body)) => reader.block(&lowerer, body, stmt.range.clone()),
        None => Block {
            items: Vec::new(),
            span: whole,
        },
    };
    let down = match downgrade {
        Some((stmt, body)) => {
            let block = reader.block(&lowerer, body, stmt.range.clone());
            let raises = body.iter().any(|s| matches!(s.kind, StmtKind::Raise(_)));
            if (raises || block.is_empty()) && !up.is_empty() {
                let what = if raises {
                    "raises instead of undoing `upgrade()`"
                } else {
                    "does nothing"
                };
                let at = Span::new(file, stmt.range.start..stmt.range.start + 13);
                reader.diagnostics.push(
                    Diagnostic::warning(IRREVERSIBLE, format!("`downgrade()` {what}"))
                        .with_primary(at, "this revision cannot be downgraded")
                        .with_note("`alembic downgrade` past this revision leaves the schema of `upgrade()` in place, or fails")
                        .with_help("write the inverse operations in `downgrade()`, or say in a comment why there are none"),
                );
            }
            if raises { None } else { Some(block) }
        }
        None => None,
    };
    let revision = Revision {
        file,
        id: Spanned::new(id, span_of(id_expr)),
        parents,
        message,
        labels,
        depends_on,
        up,
        down,
        span: whole,
    };
    (Some(revision), reader.diagnostics, reader.coverage)
}

struct Reader<'a> {
    file: FileId,
    text: &'a str,
    diagnostics: Vec<Diagnostic>,
    coverage: Coverage,
    /// The module's names, which a module-level helper sees instead of
    /// its caller's locals.
    globals: Option<Arc<Scope>>,
    /// How many helper calls deep the statements being read are.
    depth: usize,
    /// A `return` was read: the rest of the function body never runs.
    returned: bool,
    /// Enum types the body being read has created (`schema.name`).
    enums: std::collections::HashSet<String>,
}

impl Reader<'_> {
    fn block(
        &mut self,
        lowerer: &Lowerer<'_>,
        body: &[syntax::Stmt],
        range: std::ops::Range<usize>,
    ) -> Block {
        // Local names (`t = sa.table(…)`) shadow module-level ones.
        let mut scope = lowerer.scope.clone();
        self.globals = Some(Arc::new(lowerer.scope.clone()));
        let mut items = Vec::new();
        self.enums.clear();
        self.stmts(&mut scope, body, &mut items, true);
        self.returned = false;
        Block {
            items,
            span: Span::new(self.file, range),
        }
    }

    fn stmts(
        &mut self,
        scope: &mut Scope,
        body: &[syntax::Stmt],
        items: &mut Vec<BlockItem>,
        in_transaction: bool,
    ) {
        for stmt in body {
            let span = Span::new(self.file, stmt.range.clone());
            let push = |items: &mut Vec<BlockItem>, s: Stmt| {
                if in_transaction {
                    items.push(BlockItem::Stmt(s));
                } else if let Some(BlockItem::NoTransaction { ops, span: at }) = items.last_mut() {
                    *at = at.to(s.span);
                    ops.push(s);
                } else {
                    items.push(BlockItem::NoTransaction {
                        span: s.span,
                        ops: vec![s],
                    });
                }
            };
            if self.returned {
                break;
            }
            match &stmt.kind {
                StmtKind::Pass | StmtKind::Raise(_) => {}
                StmtKind::Expr(Expr {
                    kind: ExprKind::Str { .. },
                    ..
                }) => {}
                StmtKind::Assign { targets, value } if !is_op_call(scope, value) => {
                    let lowerer = Lowerer {
                        file: self.file,
                        scope,
                    };
                    let value = inline::expand_stars(&lowerer, value);
                    for t in targets {
                        if let ExprKind::Name(n) = &t.kind {
                            scope.values.insert(n.clone(), Expr::clone(&value));
                        }
                    }
                }
                StmtKind::Expr(e) if inline::helper_call(scope, e).is_some() => {
                    let lowerer = Lowerer {
                        file: self.file,
                        scope,
                    };
                    let e = inline::expand_stars(&lowerer, e);
                    let mut inner = Vec::new();
                    match self.inline(scope, &e, &mut inner, in_transaction) {
                        Ok(()) => {
                            self.coverage.understood += 1;
                            items.extend(inner);
                        }
                        Err(why) => push(items, self.opaque(span, &why)),
                    }
                }
                // `t = op.create_table(…)`: the call is the statement.
                StmtKind::Expr(e) | StmtKind::Assign { value: e, .. } => {
                    let lowerer = Lowerer {
                        file: self.file,
                        scope,
                    };
                    let e = &inline::expand_stars(&lowerer, e);
                    match lowerer.op_call(e) {
                        Ok(ops) => {
                            self.coverage.understood += 1;
                            for op in ops {
                                // SQLAlchemy creates a named enum once per
                                // run, however many tables use it.
                                if let Op::CreateEnum(created) = &op {
                                    let schema = created.name.schema.as_ref();
                                    let key = format!(
                                        "{}.{}",
                                        schema.map_or("", |s| s.name.as_str()),
                                        created.name.name.name
                                    );
                                    if !self.enums.insert(key) {
                                        continue;
                                    }
                                }
                                push(items, Stmt { op, span });
                            }
                        }
                        Err(why) => push(items, self.opaque(span, &why)),
                    }
                }
                StmtKind::With { items: with, body } if with.len() == 1 && with[0].1.is_none() => {
                    let lowerer = Lowerer {
                        file: self.file,
                        scope,
                    };
                    if is_autocommit_block(&lowerer, &with[0].0) {
                        self.stmts(scope, body, items, false);
                    } else {
                        push(items, self.opaque(span, "a `with` block"));
                    }
                }
                StmtKind::With { items: with, body } => {
                    let read = match with.as_slice() {
                        [(call, Some(alias))] => {
                            self.batch_block(scope, (call, alias), body, items, in_transaction)
                        }
                        _ => Err("a `with` block".into()),
                    };
                    if let Err(why) = read {
                        push(items, self.opaque(span, &why));
                    }
                }
                StmtKind::Unknown(why) => {
                    let why = format!("Python migc does not read ({why})");
                    push(items, self.opaque(span, &why));
                }
                StmtKind::If { branches, orelse } => {
                    let read =
                        self.if_stmt(scope, (branches, orelse.as_deref()), items, in_transaction);
                    if let Err(why) = read {
                        push(items, self.opaque(span, &why));
                    }
                }
                StmtKind::For { target, iter, body } => {
                    if let Err(why) =
                        self.for_loop(scope, (target, iter), body, items, in_transaction)
                    {
                        push(items, self.opaque(span, &why));
                    }
                }
                StmtKind::Import(_) | StmtKind::FromImport(..) => {}
                // A definition does nothing until it is called.
                StmtKind::Def { name, params, body } => {
                    scope.define(name, params, body, true);
                }
                StmtKind::Class { .. } => push(items, self.opaque(span, "a class definition")),
                StmtKind::Return(value) => {
                    let lowerer = Lowerer {
                        file: self.file,
                        scope,
                    };
                    // Returning a value known offline has no effect; one
                    // that is not may be a query whose result matters.
                    if value.as_ref().is_none_or(|v| lowerer.value(v).is_some()) {
                        self.returned = true;
                    } else {
                        push(items, self.opaque(span, "a `return` of a computed value"));
                        self.returned = true;
                    }
                }
            }
        }
    }

    /// An opaque statement: the Python source with unknown effects.
    fn opaque(&mut self, span: Span, why: &str) -> Stmt {
        self.coverage.opaque += 1;
        let head: String = self.text[span.range()]
            .lines()
            .next()
            .unwrap_or("")
            .chars()
            .take(60)
            .collect();
        self.diagnostics.push(
            Diagnostic::new(
                NOT_UNDERSTOOD,
                Severity::Info,
                "not understood: lint coverage incomplete here",
            )
            .with_primary(span, why.to_string())
            .with_note(format!(
                "migc reads `op.*` calls with literal arguments; `{}` is kept as a statement with unknown effects, so checks that depend on the schema stay conservative after it",
                head.trim()
            )),
        );
        Stmt {
            op: Op::Sql(Box::new(RawSql {
                dialect: None,
                sql: SqlText {
                    text: self.text[span.range()].to_string(),
                    span,
                },
                reverse: None,
                analysis: None,
                written_for: None,
                opaque_source: true,
                opaque_reason: Some(Spanned::new(why.to_string(), span)),
            })),
            span,
        }
    }
}

/// Whether `e` calls an `op.*` function (`roles = op.create_table(…)`).
fn is_op_call(scope: &Scope, e: &Expr) -> bool {
    let lowerer = Lowerer {
        file: FileId(0),
        scope,
    };
    let batch = |func: &Expr| {
        matches!(&func.kind, ExprKind::Attr(inner, m)
        if m != "f" && matches!(&inner.kind, ExprKind::Name(n) if scope.batches.contains_key(n)))
    };
    matches!(&e.kind, ExprKind::Call { func, .. } if batch(func)
        || lowerer.qual(func).is_some_and(|q| q.starts_with("alembic.op.")
            && !matches!(q.as_str(), "alembic.op.get_bind" | "alembic.op.get_context" | "alembic.op.f" | "alembic.op.inline_literal")))
}

/// `op.get_context().autocommit_block()`.
fn is_autocommit_block(lowerer: &Lowerer<'_>, e: &Expr) -> bool {
    let ExprKind::Call { func, args, .. } = &e.kind else {
        return false;
    };
    let ExprKind::Attr(inner, name) = &func.kind else {
        return false;
    };
    if name != "autocommit_block" || !args.is_empty() {
        return false;
    }
    matches!(&inner.kind, ExprKind::Call { func, .. }
        if lowerer.qual(func).as_deref() == Some("alembic.op.get_context"))
}
