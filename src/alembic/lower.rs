//! Lowering the bodies of `upgrade()` / `downgrade()` into IR statements:
//! `op.*` calls with literal arguments, SQLAlchemy columns, types and
//! constraints. A statement that cannot be lowered returns the reason,
//! and the caller makes it an opaque statement.

use super::eval::Value;
use super::syntax::{Expr, ExprKind, Stmt, StmtKind};
use crate::dialect::DialectId;
use crate::ir::{
    self, AddColumn, AddConstraint, AlterColumn, AlterColumnAction, ColumnConstraint,
    ColumnConstraintKind, ColumnDef, ColumnRef, ConstraintKind, CreateEnum, CreateIndex,
    CreateTable, DataType, DropColumn, DropConstraint, DropIndex, DropTable, ForeignKeyTarget,
    Ident, IndexElement, IndexElementKind, Insert, ObjectName, Op, RawSql, ReferentialAction,
    RenameColumn, RenameTable, Spanned, SqlText, TableBody, TableConstraint, TypeRef,
};
use crate::source::{FileId, Span};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// Names a revision file binds: imports (alias → dotted module path) and
/// constants (name → expression), with what the project configured.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    pub imports: HashMap<String, String>,
    pub values: HashMap<String, Expr>,
    /// The dialect `op.get_bind().dialect.name` stands for; `None` leaves
    /// dialect tests unknown.
    pub dialect: Option<DialectId>,
    /// Project types (`myapp.types.GUID`) and the generic types they are.
    pub types: Arc<BTreeMap<String, DataType>>,
    /// `with op.batch_alter_table(…) as NAME:` blocks being read, by NAME.
    pub batches: HashMap<String, Batch>,
    /// The file's own parameterless helper functions, by name.
    pub functions: HashMap<String, Vec<Stmt>>,
    /// Every helper function in reach (the file's, and those defined in
    /// the body being read), which a call statement may inline.
    pub helpers: HashMap<String, Arc<super::inline::Helper>>,
    /// `__tablename__` of the classes the file itself defines.
    pub tablenames: HashMap<String, String>,
    /// `__tablename__` of imported models, read from their source.
    pub models: Option<Arc<super::models::Models>>,
}

impl Scope {
    /// `def NAME(PARAMS): BODY` read: a helper that calls may inline, and with
    /// no parameter a function the file's own code may run. `nested` for
    /// one defined inside the body being read rather than at module level.
    pub fn define(
        &mut self,
        name: &str,
        params: &[super::syntax::Param],
        body: &[Stmt],
        nested: bool,
    ) {
        if params.is_empty() {
            self.functions.insert(name.to_owned(), body.to_vec());
        }
        self.helpers.insert(
            name.to_owned(),
            Arc::new(super::inline::Helper {
                params: params.to_vec(),
                body: body.to_vec(),
                nested,
            }),
        );
    }
}

/// The table of a batch block: its `batch_op.*` calls are `op.*` calls
/// on that table.
#[derive(Clone, Debug)]
pub struct Batch {
    pub table: Expr,
    pub schema: Option<Expr>,
}

pub type Lowered = Result<Vec<Op>, String>;

pub struct Lowerer<'a> {
    pub file: FileId,
    pub scope: &'a Scope,
}

impl Lowerer<'_> {
    fn span(&self, e: &Expr) -> Span {
        Span::new(self.file, e.range.clone())
    }

    /// Follows a bare name bound to a value, and calls of the file's own
    /// helpers that return a value known offline.
    pub(super) fn resolve<'e>(&'e self, e: &'e Expr) -> &'e Expr {
        let mut e = e;
        for _ in 0..16 {
            match &e.kind {
                ExprKind::Name(n) if !self.scope.imports.contains_key(n) => {
                    match self.scope.values.get(n) {
                        Some(v) => e = v,
                        None => return e,
                    }
                }
                ExprKind::Call {
                    func, args, kwargs, ..
                } if args.is_empty() && kwargs.is_empty() => {
                    let ExprKind::Name(f) = &func.kind else {
                        return e;
                    };
                    match self.scope.functions.get(f).and_then(|b| self.returned(b)) {
                        Some(v) => e = v,
                        None => return e,
                    }
                }
                _ => return e,
            }
        }
        e
    }

    /// What a parameterless helper returns: its body is assignments,
    /// `if` tests known offline and a `return` of an expression that
    /// uses none of its local names.
    fn returned<'e>(&self, body: &'e [Stmt]) -> Option<&'e Expr> {
        let mut local = self.scope.clone();
        local.functions.clear();
        let mut body = body;
        let mut assigned = Vec::new();
        for _ in 0..16 {
            let mut next = None;
            for stmt in body {
                match &stmt.kind {
                    StmtKind::Pass | StmtKind::Import(_) | StmtKind::FromImport(..) => {}
                    StmtKind::Expr(Expr {
                        kind: ExprKind::Str { .. },
                        ..
                    }) => {}
                    StmtKind::Assign { targets, value } => {
                        for t in targets {
                            let ExprKind::Name(n) = &t.kind else {
                                return None;
                            };
                            local.values.insert(n.clone(), value.clone());
                            assigned.push(n.clone());
                        }
                    }
                    StmtKind::Return(Some(value)) => {
                        return (!mentions(value, &assigned)).then_some(value);
                    }
                    StmtKind::If { branches, orelse } => {
                        let lowerer = Lowerer {
                            file: self.file,
                            scope: &local,
                        };
                        let mut taken = orelse.as_deref();
                        for (test, branch) in branches {
                            if lowerer.truth(test)? {
                                taken = Some(branch);
                                break;
                            }
                        }
                        next = Some(taken.unwrap_or(&[]));
                        break;
                    }
                    _ => return None,
                }
            }
            body = next?;
        }
        None
    }

    /// The dotted name of a callee or type: `sa.Integer` →
    /// `sqlalchemy.Integer`, with SQLAlchemy's submodules folded.
    pub fn qual(&self, e: &Expr) -> Option<String> {
        let mut q = String::new();
        self.qual_into(e, &mut q)?;
        Some(q)
    }

    /// [`Lowerer::qual`] written into `out`, folded at each dot as it
    /// grows (a fold can make a later one apply or not).
    fn qual_into(&self, e: &Expr, out: &mut String) -> Option<()> {
        match &e.kind {
            ExprKind::Name(n) => out.push_str(self.scope.imports.get(n).unwrap_or(n)),
            ExprKind::Attr(inner, a) => {
                self.qual_into(inner, out)?;
                out.push('.');
                out.push_str(a);
            }
            _ => return None,
        }
        if !out.starts_with("sqlalchemy.") {
            return Some(());
        }
        for (long, short) in [
            ("sqlalchemy.types.", "sqlalchemy."),
            ("sqlalchemy.sql.expression.", "sqlalchemy."),
            ("sqlalchemy.sql.", "sqlalchemy."),
            ("sqlalchemy.schema.", "sqlalchemy."),
            (
                "sqlalchemy.dialects.postgresql.base.",
                "sqlalchemy.dialects.postgresql.",
            ),
            (
                "sqlalchemy.dialects.postgresql.json.",
                "sqlalchemy.dialects.postgresql.",
            ),
        ] {
            if out.starts_with(long) {
                out.replace_range(..long.len(), short);
            }
        }
        Some(())
    }

    /// A literal string: `'x'`, a constant bound to one, `op.f('x')`, or
    /// `+` over those.
    pub fn string(&self, e: &Expr) -> Option<String> {
        let e = self.resolve(e);
        match &e.kind {
            ExprKind::Call { func, args, .. } if self.is_f(func) && args.len() == 1 => {
                self.string(&args[0])
            }
            _ => match self.value(e)? {
                Value::Str(s) => Some(s),
                _ => None,
            },
        }
    }

    /// `op.f` or `batch_op.f`: a name used as given.
    fn is_f(&self, func: &Expr) -> bool {
        match &func.kind {
            ExprKind::Attr(inner, f) if f == "f" => {
                matches!(&inner.kind, ExprKind::Name(n) if self.scope.batches.contains_key(n))
                    || self.qual(func).as_deref() == Some("alembic.op.f")
            }
            _ => false,
        }
    }

    fn strings(&self, e: &Expr) -> Option<Vec<String>> {
        match &self.resolve(e).kind {
            ExprKind::List(items) | ExprKind::Tuple(items) => {
                items.iter().map(|i| self.string(i)).collect()
            }
            _ => Some(vec![self.string(e)?]),
        }
    }

    fn boolean(&self, e: &Expr) -> Option<bool> {
        match &self.resolve(e).kind {
            ExprKind::Const("True") => Some(true),
            ExprKind::Const("False") => Some(false),
            _ => None,
        }
    }

    fn is_none(&self, e: &Expr) -> bool {
        matches!(self.resolve(e).kind, ExprKind::Const("None"))
    }

    fn integer(&self, e: &Expr) -> Option<u32> {
        match &self.resolve(e).kind {
            ExprKind::Number(n) => n.parse().ok(),
            _ => None,
        }
    }

    fn ident(&self, name: String, span: Span) -> Ident {
        Ident { name, span }
    }

    fn object(&self, name: String, schema: Option<String>, span: Span) -> ObjectName {
        ObjectName {
            schema: schema.map(|s| self.ident(s, span)),
            name: self.ident(name, span),
            span,
        }
    }

    /// The string argument at `index` or keyword `kw`.
    fn arg_string(&self, call: &Call<'_>, index: usize, kw: &str) -> Result<String, String> {
        let e = call
            .arg(index, kw)
            .ok_or_else(|| format!("`{kw}` is missing"))?;
        self.string(e)
            .ok_or_else(|| format!("`{kw}` is not a literal string"))
    }

    fn opt_string(&self, call: &Call<'_>, kw: &str) -> Result<Option<String>, String> {
        match call.kw(kw) {
            None => Ok(None),
            Some(e) if self.is_none(e) => Ok(None),
            Some(e) => self
                .string(e)
                .map(Some)
                .ok_or_else(|| format!("`{kw}` is not a literal string")),
        }
    }

    fn opt_bool(&self, call: &Call<'_>, kw: &str) -> Result<Option<bool>, String> {
        match call.kw(kw) {
            None => Ok(None),
            Some(e) => self
                .boolean(e)
                .map(Some)
                .ok_or_else(|| format!("`{kw}` is not `True` or `False`")),
        }
    }

    /// Lowers one `op.NAME(...)` call.
    pub fn op_call(&self, e: &Expr) -> Lowered {
        let ExprKind::Call {
            func,
            args,
            kwargs,
            star,
        } = &e.kind
        else {
            return Err("not a call".into());
        };
        if *star {
            return Err("`*args`/`**kwargs` arguments".into());
        }
        let span = self.span(e);
        if let ExprKind::Attr(inner, method) = &func.kind
            && let ExprKind::Name(n) = &inner.kind
            && let Some(batch) = self.scope.batches.get(n)
        {
            return self.batch_call(batch, method, args, kwargs, span);
        }
        let name = self.qual(func).unwrap_or_default();
        let Some(op) = name.strip_prefix("alembic.op.") else {
            return Err(format!(
                "a call of `{}`",
                name.rsplit('.').next().unwrap_or("?")
            ));
        };
        self.op(op, &Call { args, kwargs, span })
    }

    /// `batch_op.METHOD(…)` in a batch block: the `op.METHOD` call with the
    /// block's table (and schema) where `op.*` takes them. On every
    /// dialect but SQLite Alembic emits exactly those ALTERs; for SQLite
    /// the emitter rebuilds the table itself.
    fn batch_call(
        &self,
        batch: &Batch,
        method: &str,
        args: &[Expr],
        kwargs: &[(String, Expr)],
        span: Span,
    ) -> Lowered {
        let (table_at, table_kw, schema_kw) = match method {
            "add_column" | "drop_column" | "alter_column" => (0, "table_name", "schema"),
            "create_foreign_key" => (1, "source_table", "source_schema"),
            "create_index"
            | "drop_index"
            | "drop_constraint"
            | "create_unique_constraint"
            | "create_check_constraint"
            | "create_primary_key" => (1, "table_name", "schema"),
            "execute" => return self.op(method, &Call { args, kwargs, span }),
            _ => return Err(format!("`batch_op.{method}` is not read yet")),
        };
        let mut args = args.to_vec();
        // Column order only matters to a rebuilt SQLite table, which keeps
        // new columns last, as `ADD COLUMN` does everywhere else.
        let mut kwargs: Vec<(String, Expr)> = kwargs
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "insert_before" | "insert_after"))
            .cloned()
            .collect();
        if args.len() >= table_at {
            args.insert(table_at, batch.table.clone());
        } else {
            kwargs.push((table_kw.to_string(), batch.table.clone()));
        }
        if let Some(schema) = &batch.schema {
            kwargs.push((schema_kw.to_string(), schema.clone()));
        }
        self.op(
            method,
            &Call {
                args: &args,
                kwargs: &kwargs,
                span,
            },
        )
    }

    /// Lowers `op.OP(…)` given its arguments.
    fn op(&self, op: &str, call: &Call<'_>) -> Lowered {
        let call = Call {
            args: call.args,
            kwargs: call.kwargs,
            span: call.span,
        };
        self.check_kwargs(op, &call)?;
        let span = call.span;
        let schema = self.opt_string(&call, "schema")?;
        let one = |op: Op| -> Lowered { Ok(vec![op]) };
        match op {
            "create_table" => self.create_table(&call, schema),
            "drop_table" => {
                let name = self.arg_string(&call, 0, "table_name")?;
                one(Op::DropTable(Box::new(DropTable {
                    if_exists: self.opt_bool(&call, "if_exists")?.unwrap_or(false),
                    name: self.object(name, schema, span),
                    definition: None,
                })))
            }
            "rename_table" => {
                let old = self.arg_string(&call, 0, "old_table_name")?;
                let new = self.arg_string(&call, 1, "new_table_name")?;
                one(Op::RenameTable(Box::new(RenameTable {
                    from: self.object(old, schema, span),
                    to: self.ident(new, span),
                })))
            }
            "add_column" => {
                let table = self.arg_string(&call, 0, "table_name")?;
                let column = call.arg(1, "column").ok_or("`column` is missing")?;
                let (column, extra) = self.column(column, &table, false)?;
                if !extra.is_empty() {
                    return Err("a table-level constraint in `add_column`".into());
                }
                let mut ops = vec![Op::AddColumn(Box::new(AddColumn {
                    if_not_exists: self.opt_bool(&call, "if_not_exists")?.unwrap_or(false),
                    table: self.object(table, schema, span),
                    column: column.def,
                }))];
                ops.extend(column.index);
                Ok(ops)
            }
            "drop_column" => {
                let table = self.arg_string(&call, 0, "table_name")?;
                let column = self.arg_string(&call, 1, "column_name")?;
                one(Op::DropColumn(Box::new(DropColumn {
                    if_exists: self.opt_bool(&call, "if_exists")?.unwrap_or(false),
                    column: ColumnRef {
                        table: self.object(table, schema, span),
                        column: self.ident(column, span),
                        span,
                    },
                    definition: None,
                })))
            }
            "alter_column" => self.alter_column(&call, schema),
            "create_index" => self.create_index(&call, schema),
            "drop_index" => {
                let name = self.arg_string(&call, 0, "index_name")?;
                let table = match call.arg(1, "table_name") {
                    Some(t) => Some(
                        self.object(
                            self.string(t)
                                .ok_or("`table_name` is not a literal string")?,
                            schema.clone(),
                            span,
                        ),
                    ),
                    None => None,
                };
                let concurrently = self.opt_bool(&call, "postgresql_concurrently")?;
                one(Op::DropIndex(Box::new(DropIndex {
                    concurrently: concurrently.filter(|c| *c).map(|_| span),
                    if_exists: self.opt_bool(&call, "if_exists")?.unwrap_or(false),
                    name: self.object(name, schema, span),
                    table,
                })))
            }
            "create_foreign_key" => {
                let name = self.arg_string(&call, 0, "constraint_name")?;
                let source = self.arg_string(&call, 1, "source_table")?;
                let referent = self.arg_string(&call, 2, "referent_table")?;
                let local = call.arg(3, "local_cols").ok_or("`local_cols` is missing")?;
                let remote = call
                    .arg(4, "remote_cols")
                    .ok_or("`remote_cols` is missing")?;
                let local = self.strings(local).ok_or("`local_cols` are not literal")?;
                let remote = self
                    .strings(remote)
                    .ok_or("`remote_cols` are not literal")?;
                let target = ForeignKeyTarget {
                    table: self.object(referent, self.opt_string(&call, "referent_schema")?, span),
                    columns: remote.into_iter().map(|c| self.ident(c, span)).collect(),
                    on_delete: self.action(&call, "ondelete")?,
                    on_update: self.action(&call, "onupdate")?,
                };
                let kind = ConstraintKind::ForeignKey {
                    columns: local.into_iter().map(|c| self.ident(c, span)).collect(),
                    target,
                };
                let source_schema = self.opt_string(&call, "source_schema")?;
                self.add_constraint(name, source, source_schema, kind, span)
            }
            "create_unique_constraint" | "create_primary_key" => {
                let name = self.arg_string(&call, 0, "constraint_name")?;
                let table = self.arg_string(&call, 1, "table_name")?;
                let cols = call.arg(2, "columns").ok_or("`columns` is missing")?;
                let columns: Vec<Ident> = self
                    .strings(cols)
                    .ok_or("`columns` are not literal")?
                    .into_iter()
                    .map(|c| self.ident(c, span))
                    .collect();
                let kind = if op == "create_primary_key" {
                    ConstraintKind::PrimaryKey { columns }
                } else {
                    ConstraintKind::Unique { columns }
                };
                self.add_constraint(name, table, schema, kind, span)
            }
            "create_check_constraint" => {
                let name = self.arg_string(&call, 0, "constraint_name")?;
                let table = self.arg_string(&call, 1, "table_name")?;
                let cond = call.arg(2, "condition").ok_or("`condition` is missing")?;
                let expr = self.sql_expr(cond)?;
                self.add_constraint(name, table, schema, ConstraintKind::Check { expr }, span)
            }
            "drop_constraint" => {
                let name = self.arg_string(&call, 0, "constraint_name")?;
                let table = self.arg_string(&call, 1, "table_name")?;
                one(Op::DropConstraint(Box::new(DropConstraint {
                    name: self.ident(name, span),
                    table: self.object(table, schema, span),
                })))
            }
            "execute" => {
                let sql = call.arg(0, "sqltext").ok_or("`sqltext` is missing")?;
                let text = self.sql_text(sql)?;
                let inner = match &self.resolve(sql).kind {
                    ExprKind::Call { args, .. } if !args.is_empty() => self.span(&args[0]),
                    _ => self.span(sql),
                };
                one(Op::Sql(Box::new(RawSql {
                    dialect: None,
                    sql: SqlText { text, span: inner },
                    reverse: None,
                    analysis: None,
                    written_for: None,
                    opaque_source: false,
                    opaque_reason: None,
                })))
            }
            "bulk_insert" => self.bulk_insert(&call),
            "create_table_comment" | "drop_table_comment" => {
                let table = self.arg_string(&call, 0, "table_name")?;
                let text = if op == "create_table_comment" {
                    Some(Spanned::new(self.arg_string(&call, 1, "comment")?, span))
                } else {
                    None
                };
                one(Op::Comment(Box::new(ir::Comment {
                    target: ir::CommentTarget::Table(self.object(table, schema, span)),
                    text,
                })))
            }
            _ => Err(format!("`op.{op}` is not read yet")),
        }
    }

    /// Keyword arguments the reader knows it may ignore or reads itself;
    /// any other makes the statement opaque rather than half-understood.
    fn check_kwargs(&self, op: &str, call: &Call<'_>) -> Result<(), String> {
        for (k, _) in call.kwargs {
            let known = k.starts_with("existing_")
                || matches!(
                    k.as_str(),
                    "schema"
                        | "if_exists"
                        | "if_not_exists"
                        | "table_name"
                        | "column_name"
                        | "index_name"
                        | "constraint_name"
                        | "columns"
                        | "column"
                        | "nullable"
                        | "type_"
                        | "server_default"
                        | "new_column_name"
                        | "comment"
                        | "unique"
                        | "postgresql_concurrently"
                        | "postgresql_where"
                        | "sqlite_where"
                        | "postgresql_using"
                        | "ondelete"
                        | "onupdate"
                        | "source_schema"
                        | "referent_schema"
                        | "local_cols"
                        | "remote_cols"
                        | "condition"
                        | "sqltext"
                        | "type"
                        | "rows"
                        | "multiinsert"
                        | "old_table_name"
                        | "new_table_name"
                        | "source_table"
                        | "referent_table"
                        | "autoincrement"
                        | "mysql_length"
                        | "info"
                        | "quote"
                )
                // `create_foreign_key` is an ALTER already.
                || (op == "create_foreign_key" && k == "use_alter");
            // `type_` only matters to MySQL's drop_constraint.
            if !known || (k == "mysql_length") {
                return Err(format!("`{op}` with `{k}=`"));
            }
        }
        Ok(())
    }

    fn add_constraint(
        &self,
        name: String,
        table: String,
        schema: Option<String>,
        kind: ConstraintKind,
        span: Span,
    ) -> Lowered {
        Ok(vec![Op::AddConstraint(Box::new(AddConstraint {
            table: self.object(table, schema, span),
            constraint: TableConstraint {
                name: Some(self.ident(name, span)),
                kind,
                not_valid: None,
                span,
            },
        }))])
    }

    fn action(
        &self,
        call: &Call<'_>,
        kw: &str,
    ) -> Result<Option<Spanned<ReferentialAction>>, String> {
        let Some(text) = self.opt_string(call, kw)? else {
            return Ok(None);
        };
        let action = match text.to_ascii_uppercase().as_str() {
            "CASCADE" => ReferentialAction::Cascade,
            "SET NULL" => ReferentialAction::SetNull,
            "SET DEFAULT" => ReferentialAction::SetDefault,
            "RESTRICT" => ReferentialAction::Restrict,
            "NO ACTION" => ReferentialAction::NoAction,
            _ => return Err(format!("`{kw}={text:?}`")),
        };
        Ok(Some(Spanned::new(action, call.span)))
    }

    /// SQL text: a string or `sa.text("…")`.
    fn sql_text(&self, e: &Expr) -> Result<String, String> {
        if let Some(s) = self.string(e) {
            return Ok(s);
        }
        match &self.resolve(e).kind {
            ExprKind::Call {
                func, args, kwargs, ..
            } if self.qual(func).as_deref() == Some("sqlalchemy.text")
                && args.len() == 1
                && kwargs.is_empty() =>
            {
                self.string(&args[0])
                    .ok_or_else(|| "`text()` of a computed string".to_string())
            }
            _ => Err("SQL that is not a literal string".into()),
        }
    }

    /// A SQL expression given as a string or `sa.text("…")`.
    fn sql_expr(&self, e: &Expr) -> Result<ir::Expr, String> {
        let text = self.sql_text(e)?;
        crate::sql::expr::parse_expr(&text, self.span(e))
            .map_err(|d| format!("SQL expression that does not parse: {}", d.message))
    }

    /// `server_default=`: a string, `sa.text(…)`, `sa.func.f(…)`,
    /// `sa.true()`/`sa.false()`.
    fn server_default(&self, e: &Expr) -> Result<ir::Expr, String> {
        let span = self.span(e);
        if let Some(s) = self.string(e) {
            return Ok(ir::Expr {
                kind: ir::ExprKind::String(s),
                span,
            });
        }
        let r = self.resolve(e);
        if let ExprKind::Call {
            func, args, kwargs, ..
        } = &r.kind
        {
            let q = self.qual(func).unwrap_or_default();
            if q == "sqlalchemy.text" {
                return self.sql_expr(r);
            }
            if q == "sqlalchemy.true" || q == "sqlalchemy.false" {
                return Ok(ir::Expr {
                    kind: ir::ExprKind::Bool(q == "sqlalchemy.true"),
                    span,
                });
            }
            if let Some(f) = q.strip_prefix("sqlalchemy.func.")
                && kwargs.is_empty()
            {
                let args = args
                    .iter()
                    .map(|a| self.literal(a))
                    .collect::<Option<Vec<_>>>()
                    .ok_or("a function default with computed arguments")?;
                let kind = match (f, args.is_empty()) {
                    ("current_timestamp", true) => ir::ExprKind::CurrentTimestamp,
                    _ => ir::ExprKind::Function {
                        name: f.split('.').map(str::to_string).collect(),
                        args,
                    },
                };
                return Ok(ir::Expr { kind, span });
            }
        }
        Err("a server default that is not a literal".into())
    }

    /// A Python literal as a SQL value.
    fn literal(&self, e: &Expr) -> Option<ir::ExprKind> {
        if let Some(s) = self.string(e) {
            return Some(ir::ExprKind::String(s));
        }
        match &self.resolve(e).kind {
            ExprKind::Number(n) => Some(ir::ExprKind::Number(n.clone())),
            ExprKind::Const("None") => Some(ir::ExprKind::Null),
            ExprKind::Const("True") => Some(ir::ExprKind::Bool(true)),
            ExprKind::Const("False") => Some(ir::ExprKind::Bool(false)),
            ExprKind::Unary("-", inner) => match &inner.kind {
                ExprKind::Number(n) => Some(ir::ExprKind::Number(format!("-{n}"))),
                _ => None,
            },
            _ => None,
        }
    }

    /// A SQLAlchemy type: the class (`sa.Text`) or an instance
    /// (`sa.String(50)`). Enums also give the `CREATE TYPE` they need.
    pub fn data_type(&self, e: &Expr) -> Result<(DataType, Option<CreateEnum>), String> {
        let e = self.resolve(e);
        let span = self.span(e);
        let (func, args, kwargs): (&Expr, &[Expr], &[(String, Expr)]) = match &e.kind {
            ExprKind::Call {
                func, args, kwargs, ..
            } => (func, args, kwargs),
            _ => (e, &[], &[]),
        };
        let q = self.qual(func).ok_or("a computed type")?;
        if let Some(ty) = self.scope.types.get(&q) {
            return Ok((ty.clone(), None));
        }
        // The JSON of SQLite's and MySQL's dialect modules is SQLAlchemy's
        // JSON under another name: each dialect renders it as its own.
        let generic_json = ["sqlite", "mysql"]
            .iter()
            .any(|d| q == format!("sqlalchemy.dialects.{d}.JSON"));
        let name = q
            .strip_prefix("sqlalchemy.dialects.postgresql.")
            .or_else(|| q.strip_prefix("sqlalchemy."))
            .map(|n| if generic_json { "JSON" } else { n })
            .ok_or_else(|| {
                format!(
                    "the type `{q}` (map it to a generic type in `[alembic.types]` of migc.toml)"
                )
            })?;
        let kw = |k: &str| kwargs.iter().find(|(n, _)| n == k).map(|(_, v)| v);
        let int_arg = |i: usize, k: &str| -> Result<Option<u32>, String> {
            match args.get(i).or_else(|| kw(k)) {
                None => Ok(None),
                Some(a) if self.is_none(a) => Ok(None),
                Some(a) => self
                    .integer(a)
                    .map(Some)
                    .ok_or_else(|| format!("`{name}` with a computed `{k}`")),
            }
        };
        let tz = match kw("timezone") {
            Some(v) => self.boolean(v).ok_or("a computed `timezone`")?,
            None => false,
        };
        let ty = match name {
            "Integer" | "INTEGER" | "INT" => DataType::Integer,
            "BigInteger" | "BIGINT" => DataType::BigInt,
            "SmallInteger" | "SMALLINT" => DataType::SmallInt,
            "String" | "VARCHAR" | "Unicode" | "NVARCHAR" => {
                DataType::Varchar(int_arg(0, "length")?)
            }
            "CHAR" => DataType::Char(int_arg(0, "length")?),
            "Text" | "TEXT" | "UnicodeText" => DataType::Text,
            "Boolean" | "BOOLEAN"
                if kw("create_constraint").is_none_or(|v| self.boolean(v) == Some(false)) =>
            {
                DataType::Boolean
            }
            "DateTime" | "TIMESTAMP" if tz => DataType::TimestampTz,
            "DateTime" | "TIMESTAMP" | "DATETIME" => DataType::Timestamp,
            "Date" | "DATE" => DataType::Date,
            "Time" | "TIME" if !tz => DataType::Time,
            "Interval" | "INTERVAL" if args.is_empty() && kwargs.is_empty() => DataType::Interval,
            "Numeric" | "NUMERIC" | "DECIMAL" => {
                DataType::Numeric(int_arg(0, "precision")?, int_arg(1, "scale")?)
            }
            // PostgreSQL's `FLOAT(p)` is `real` up to 24 binary digits and
            // `double precision` above; no precision is double.
            "Float" | "FLOAT" => match int_arg(0, "precision")? {
                Some(p) if p <= 24 => DataType::Real,
                _ => DataType::Double,
            },
            "DOUBLE_PRECISION" | "Double" | "DOUBLE" if args.is_empty() => DataType::Double,
            "REAL" => DataType::Real,
            "JSON" => DataType::Json,
            "JSONB" => DataType::Jsonb,
            "UUID" | "Uuid" if kw("as_uuid").is_none_or(|v| self.boolean(v).is_some()) => {
                DataType::Uuid
            }
            "LargeBinary" | "BYTEA" => DataType::Bytes,
            "ARRAY" if args.len() == 1 => {
                let (inner, created) = self.data_type(&args[0])?;
                if created.is_some() {
                    return Err("an array of a new enum".into());
                }
                DataType::Array(Box::new(inner))
            }
            "Enum" | "ENUM" => return self.enum_type(args, kwargs, span),
            _ => return Err(format!("the type `{q}`")),
        };
        // Arguments the mapping above did not read change the type.
        let read = [
            "length",
            "precision",
            "scale",
            "timezone",
            "as_uuid",
            "astext_type",
            "none_as_null",
            "collation",
            "create_constraint",
        ];
        if kwargs.iter().any(|(k, _)| !read.contains(&k.as_str())) {
            return Err(format!("`{name}` with options migc does not read"));
        }
        Ok((ty, None))
    }

    fn enum_type(
        &self,
        args: &[Expr],
        kwargs: &[(String, Expr)],
        span: Span,
    ) -> Result<(DataType, Option<CreateEnum>), String> {
        let mut name = None;
        let mut create = true;
        for (k, v) in kwargs {
            match k.as_str() {
                "name" => name = self.string(v),
                "create_type" => create = self.boolean(v).ok_or("a computed `create_type`")?,
                "native_enum" if self.boolean(v) == Some(true) => {}
                _ => return Err(format!("`Enum` with `{k}=`")),
            }
        }
        let name = name.ok_or("an `Enum` without a literal `name`")?;
        let values: Vec<Spanned<String>> = args
            .iter()
            .map(|a| self.string(a).map(|s| Spanned::new(s, self.span(a))))
            .collect::<Option<_>>()
            .ok_or("an `Enum` over a Python enum class or computed values")?;
        let object = self.object(name, None, span);
        let created = (create && !values.is_empty()).then(|| CreateEnum {
            name: object.clone(),
            values,
        });
        Ok((DataType::Enum(object), created))
    }

    /// `sa.Column(name, type, *constraints, **options)`: the column, an
    /// index for `index=True`, and what goes to the table (primary key
    /// and unique flags, foreign keys) as table-level constraints when
    /// `in_table` (Alembic's create_table shape).
    fn column(
        &self,
        e: &Expr,
        table: &str,
        in_table: bool,
    ) -> Result<(LoweredColumn, Vec<TableConstraint>), String> {
        let e = self.resolve(e);
        let ExprKind::Call {
            func,
            args,
            kwargs,
            star: false,
        } = &e.kind
        else {
            return Err("a column that is not a `Column(…)` call".into());
        };
        if self.qual(func).as_deref() != Some("sqlalchemy.Column") {
            return Err("a column that is not a `Column(…)` call".into());
        }
        let span = self.span(e);
        let call = Call { args, kwargs, span };
        let name = self.arg_string(&call, 0, "name")?;
        let type_expr = args
            .get(1)
            .filter(|a| !self.is_foreign_key(a))
            .or_else(|| call.kw("type_"))
            .ok_or("a column without a type")?;
        let (ty, created_enum) = self.data_type(type_expr)?;
        let ty = TypeRef {
            ty,
            span: self.span(type_expr),
        };
        let mut def = ColumnDef::new(self.ident(name.clone(), span), ty, span);
        let mut table_constraints = Vec::new();
        let mut primary_key = false;
        let mut index = None;
        let mut autoincrement = None;
        for (k, v) in kwargs {
            match k.as_str() {
                "type_" | "name" => {}
                "nullable" => {
                    let n = self.boolean(v).ok_or("a computed `nullable`")?;
                    def.nullable = (!n).then(|| Spanned::new(false, self.span(v)));
                }
                "primary_key" => primary_key = self.boolean(v).ok_or("a computed `primary_key`")?,
                "server_default" => def.default = Some(self.server_default(v)?),
                "comment" => {
                    def.comment = self.string(v).map(|c| Spanned::new(c, self.span(v)));
                }
                "unique" => {
                    if self.boolean(v).ok_or("a computed `unique`")? {
                        let c = if in_table {
                            TableConstraint {
                                name: None,
                                kind: ConstraintKind::Unique {
                                    columns: vec![self.ident(name.clone(), span)],
                                },
                                not_valid: None,
                                span,
                            }
                        } else {
                            def.constraints.push(ColumnConstraint {
                                name: None,
                                kind: ColumnConstraintKind::Unique,
                                span,
                            });
                            continue;
                        };
                        table_constraints.push(c);
                    }
                }
                "index" => {
                    if self.boolean(v).ok_or("a computed `index`")? {
                        index = Some(format!("ix_{table}_{name}"));
                    }
                }
                "autoincrement" => autoincrement = self.boolean(v),
                "default" | "onupdate" | "doc" | "info" | "key" | "quote" => {}
                _ => return Err(format!("a column with `{k}=`")),
            }
        }
        for extra in args.iter().skip(1) {
            if std::ptr::eq(extra, type_expr) {
                continue;
            }
            let Some((fk_name, target)) = self.foreign_key(extra)? else {
                continue;
            };
            let fk_name = fk_name.map(|n| self.ident(n, span));
            if in_table {
                table_constraints.push(TableConstraint {
                    name: fk_name,
                    kind: ConstraintKind::ForeignKey {
                        columns: vec![self.ident(name.clone(), span)],
                        target,
                    },
                    not_valid: None,
                    span,
                });
            } else {
                def.constraints.push(ColumnConstraint {
                    name: fk_name,
                    kind: ColumnConstraintKind::References(target),
                    span,
                });
            }
        }
        if primary_key {
            def.nullable = Some(Spanned::new(false, span));
        }
        let index = index.map(|n| {
            Op::CreateIndex(Box::new(CreateIndex {
                unique: false,
                concurrently: None,
                if_not_exists: false,
                name: self.ident(n, span),
                table: self.object(table.to_string(), None, span),
                using: None,
                elements: vec![IndexElement {
                    kind: IndexElementKind::Column(self.ident(name.clone(), span)),
                    descending: false,
                    nulls_first: None,
                    span,
                }],
                include: Vec::new(),
                where_clause: None,
            }))
        });
        Ok((
            LoweredColumn {
                def,
                primary_key,
                autoincrement,
                created_enum,
                index,
            },
            table_constraints,
        ))
    }

    fn is_foreign_key(&self, e: &Expr) -> bool {
        matches!(&self.resolve(e).kind, ExprKind::Call { func, .. }
            if self.qual(func).as_deref() == Some("sqlalchemy.ForeignKey"))
    }

    /// `sa.ForeignKey("t.c", ondelete=…, onupdate=…, name=…)`: its name
    /// and target, or `None` for `use_alter=True`, which SQLAlchemy leaves
    /// out of the column (the file creates it later with an `ALTER`).
    fn foreign_key(&self, e: &Expr) -> Result<Option<(Option<String>, ForeignKeyTarget)>, String> {
        let e = self.resolve(e);
        let ExprKind::Call {
            func, args, kwargs, ..
        } = &e.kind
        else {
            return Err("a column argument that is not a `ForeignKey`".into());
        };
        if self.qual(func).as_deref() != Some("sqlalchemy.ForeignKey") {
            return Err("a column argument that is not a `ForeignKey`".into());
        }
        let call = Call {
            args,
            kwargs,
            span: self.span(e),
        };
        for (k, _) in kwargs {
            if !matches!(
                k.as_str(),
                "ondelete" | "onupdate" | "name" | "column" | "use_alter"
            ) {
                return Err(format!("a `ForeignKey` with `{k}=`"));
            }
        }
        if self.opt_bool(&call, "use_alter")? == Some(true) {
            return Ok(None);
        }
        let target = self
            .arg_string(&call, 0, "column")
            .map_err(|_| "a `ForeignKey` whose `column` is not a literal `\"table.column\"`")?;
        let name = self.opt_string(&call, "name")?;
        Ok(Some((name, self.fk_target(&target, &call)?)))
    }

    fn fk_target(&self, target: &str, call: &Call<'_>) -> Result<ForeignKeyTarget, String> {
        let parts: Vec<&str> = target.split('.').collect();
        let (schema, table, column) = match parts.as_slice() {
            [t, c] => (None, *t, *c),
            [s, t, c] => (Some(s.to_string()), *t, *c),
            _ => return Err(format!("the foreign key target `{target}`")),
        };
        Ok(ForeignKeyTarget {
            table: self.object(table.to_string(), schema, call.span),
            columns: vec![self.ident(column.to_string(), call.span)],
            on_delete: self.action(call, "ondelete")?,
            on_update: self.action(call, "onupdate")?,
        })
    }

    /// `sa.PrimaryKeyConstraint`, `ForeignKeyConstraint`, `UniqueConstraint`,
    /// `CheckConstraint` inside `create_table`.
    fn table_constraint(&self, e: &Expr) -> Result<Option<TableConstraint>, String> {
        let e = self.resolve(e);
        let ExprKind::Call {
            func,
            args,
            kwargs,
            star: false,
        } = &e.kind
        else {
            return Err("a `create_table` argument migc does not read".into());
        };
        let q = self.qual(func).unwrap_or_default();
        let span = self.span(e);
        let call = Call { args, kwargs, span };
        let name = self.opt_string(&call, "name")?.map(|n| self.ident(n, span));
        let names = |items: &[Expr]| -> Result<Vec<Ident>, String> {
            items
                .iter()
                .map(|i| self.string(i).map(|s| self.ident(s, span)))
                .collect::<Option<_>>()
                .ok_or_else(|| "constraint columns that are not literal strings".to_string())
        };
        let allowed: &[&str] = match q.as_str() {
            "sqlalchemy.ForeignKeyConstraint" => &["name", "ondelete", "onupdate", "use_alter"],
            _ => &["name"],
        };
        if let Some((k, _)) = kwargs.iter().find(|(k, _)| !allowed.contains(&k.as_str())) {
            return Err(format!("a constraint with `{k}=`"));
        }
        // SQLAlchemy's CREATE TABLE leaves a `use_alter=True` foreign key
        // out: the file adds it later with `create_foreign_key`.
        if self.opt_bool(&call, "use_alter")? == Some(true) {
            return Ok(None);
        }
        let kind = match q.as_str() {
            "sqlalchemy.PrimaryKeyConstraint" => ConstraintKind::PrimaryKey {
                columns: names(args)?,
            },
            "sqlalchemy.UniqueConstraint" => ConstraintKind::Unique {
                columns: names(args)?,
            },
            "sqlalchemy.CheckConstraint" => ConstraintKind::Check {
                expr: self.sql_expr(args.first().ok_or("an empty `CheckConstraint`")?)?,
            },
            "sqlalchemy.ForeignKeyConstraint" => {
                let local = args.first().ok_or("`columns` is missing")?;
                let remote = args.get(1).ok_or("`refcolumns` is missing")?;
                let local = self.strings(local).ok_or("`columns` are not literal")?;
                let remote = self.strings(remote).ok_or("`refcolumns` are not literal")?;
                let mut targets = Vec::new();
                for r in &remote {
                    targets.push(self.fk_target(r, &call)?);
                }
                let first = targets.first().ok_or("no `refcolumns`")?.clone();
                if targets.iter().any(|t| t.table != first.table) {
                    return Err("a foreign key to several tables".into());
                }
                ConstraintKind::ForeignKey {
                    columns: local.into_iter().map(|c| self.ident(c, span)).collect(),
                    target: ForeignKeyTarget {
                        columns: targets.into_iter().flat_map(|t| t.columns).collect(),
                        ..first
                    },
                }
            }
            _ => return Err("a `create_table` argument migc does not read".into()),
        };
        Ok(Some(TableConstraint {
            name,
            kind,
            not_valid: None,
            span,
        }))
    }

    fn create_table(&self, call: &Call<'_>, schema: Option<String>) -> Lowered {
        let span = call.span;
        let table = self.arg_string(call, 0, "table_name")?;
        let mut columns = Vec::new();
        let mut column_constraints = Vec::new();
        let mut constraints = Vec::new();
        for arg in call.args.iter().skip(1) {
            let is_column = matches!(&self.resolve(arg).kind, ExprKind::Call { func, .. }
                if self.qual(func).as_deref() == Some("sqlalchemy.Column"));
            if is_column {
                let (c, extra) = self.column(arg, &table, true)?;
                columns.push(c);
                column_constraints.extend(extra);
            } else {
                constraints.extend(self.table_constraint(arg)?);
            }
        }
        let mut ops = Vec::new();
        // SQLAlchemy's order: the primary key, then the other constraints.
        let mut pk: Vec<Ident> = columns
            .iter()
            .filter(|c| c.primary_key)
            .map(|c| c.def.name.clone())
            .collect();
        let mut body_constraints = Vec::new();
        let mut pk_name = None;
        for c in constraints {
            match c.kind {
                ConstraintKind::PrimaryKey { columns: cols } => {
                    pk_name = c.name;
                    for col in cols {
                        if !pk.iter().any(|p| p.name == col.name) {
                            pk.push(col);
                        }
                    }
                }
                _ => body_constraints.push(c),
            }
        }
        for c in &mut columns {
            if pk.iter().any(|p| p.name == c.def.name.name) {
                c.def.nullable = Some(Spanned::new(false, span));
            }
        }
        // A lone integer primary key is autoincrementing, as SQLAlchemy's
        // `autoincrement="auto"` makes it.
        if let [only] = pk.as_slice()
            && let Some(c) = columns.iter_mut().find(|c| c.def.name.name == only.name)
            && c.autoincrement != Some(false)
            && c.def.default.is_none()
            && !column_constraints.iter().any(|fk| matches!(&fk.kind,
                ConstraintKind::ForeignKey { columns, .. } if columns.iter().any(|x| x.name == only.name)))
        {
            c.def.ty.ty = match c.def.ty.ty {
                DataType::Integer => DataType::Serial,
                DataType::BigInt => DataType::BigSerial,
                DataType::SmallInt => DataType::SmallSerial,
                ref other => other.clone(),
            };
        }
        let mut all = Vec::new();
        if !pk.is_empty() {
            all.push(TableConstraint {
                name: pk_name,
                kind: ConstraintKind::PrimaryKey { columns: pk },
                not_valid: None,
                span,
            });
        }
        // Constraint objects given to `create_table` were made before the
        // ones SQLAlchemy makes from column flags when it attaches them.
        all.extend(body_constraints);
        all.extend(column_constraints);
        let mut indexes = Vec::new();
        let mut defs = Vec::new();
        for c in columns {
            ops.extend(c.created_enum.map(|e| Op::CreateEnum(Box::new(e))));
            indexes.extend(c.index);
            defs.push(c.def);
        }
        for kw in ["comment", "if_not_exists"] {
            if call.kw(kw).is_some() && kw == "comment" {
                return Err("`create_table` with a table comment".into());
            }
        }
        ops.push(Op::CreateTable(Box::new(CreateTable {
            if_not_exists: self.opt_bool(call, "if_not_exists")?.unwrap_or(false),
            name: self.object(table, schema, span),
            body: TableBody {
                columns: defs,
                constraints: all,
                span,
            },
        })));
        ops.extend(indexes);
        Ok(ops)
    }

    fn alter_column(&self, call: &Call<'_>, schema: Option<String>) -> Lowered {
        let span = call.span;
        let table = self.arg_string(call, 0, "table_name")?;
        let column = self.arg_string(call, 1, "column_name")?;
        let cref = ColumnRef {
            table: self.object(table, schema, span),
            column: self.ident(column, span),
            span,
        };
        let alter = |action| {
            Op::AlterColumn(Box::new(AlterColumn {
                column: cref.clone(),
                action,
            }))
        };
        let mut ops = Vec::new();
        if let Some(t) = call.kw("type_") {
            let (ty, created) = self.data_type(t)?;
            if created.is_some() && !matches!(ty, DataType::Enum(_)) {
                return Err("a type change that creates a type".into());
            }
            let using = match call.kw("postgresql_using") {
                Some(u) => Some(self.sql_expr(u)?),
                None => None,
            };
            ops.push(alter(AlterColumnAction::SetType {
                ty: TypeRef {
                    ty,
                    span: self.span(t),
                },
                using,
            }));
        } else if call.kw("postgresql_using").is_some() {
            return Err("`postgresql_using` without `type_`".into());
        }
        if let Some(n) = call.kw("nullable") {
            let n = self.boolean(n).ok_or("a computed `nullable`")?;
            ops.push(alter(if n {
                AlterColumnAction::DropNotNull
            } else {
                AlterColumnAction::SetNotNull
            }));
        }
        if let Some(d) = call.kw("server_default") {
            if self.is_none(d) {
                ops.push(alter(AlterColumnAction::DropDefault));
            } else if self.boolean(d) != Some(false) {
                ops.push(alter(AlterColumnAction::SetDefault(
                    self.server_default(d)?,
                )));
            }
        }
        if let Some(c) = call.kw("comment") {
            if self.is_none(c) {
                ops.push(alter(AlterColumnAction::SetComment(None)));
            } else if self.boolean(c) != Some(false) {
                let text = self.string(c).ok_or("a computed `comment`")?;
                ops.push(alter(AlterColumnAction::SetComment(Some(Spanned::new(
                    text,
                    self.span(c),
                )))));
            }
        }
        if let Some(n) = call.kw("new_column_name") {
            let to = self.string(n).ok_or("a computed `new_column_name`")?;
            ops.push(Op::RenameColumn(Box::new(RenameColumn {
                column: cref.clone(),
                to: self.ident(to, span),
            })));
        }
        Ok(ops)
    }

    fn create_index(&self, call: &Call<'_>, schema: Option<String>) -> Lowered {
        let span = call.span;
        let name = self.arg_string(call, 0, "index_name")?;
        let table = self.arg_string(call, 1, "table_name")?;
        let cols = call.arg(2, "columns").ok_or("`columns` is missing")?;
        let items: Vec<&Expr> = match &self.resolve(cols).kind {
            ExprKind::List(items) | ExprKind::Tuple(items) => items.iter().collect(),
            _ => vec![cols],
        };
        let mut elements = Vec::new();
        for item in items {
            let at = self.span(item);
            // Alembic makes a plain string a column, whatever it holds
            // (`"lower(x)"` is the quoted name `"lower(x)"`); only `text()`
            // is SQL, where it passes the ordering through.
            if let Some(name) = self.string(item) {
                elements.push(IndexElement {
                    kind: IndexElementKind::Column(self.ident(name, at)),
                    descending: false,
                    nulls_first: None,
                    span: at,
                });
                continue;
            }
            let text = self.sql_text(item)?;
            let (text, descending, nulls_first) = index_order(&text);
            let kind =
                if !text.is_empty() && text.chars().all(|c| c == '_' || c.is_alphanumeric()) {
                    IndexElementKind::Column(self.ident(text.to_string(), at))
                } else {
                    IndexElementKind::Expr(crate::sql::expr::parse_expr(text, at).map_err(|d| {
                        format!("SQL expression that does not parse: {}", d.message)
                    })?)
                };
            elements.push(IndexElement {
                kind,
                descending,
                nulls_first,
                span: at,
            });
        }
        let where_clause = match call.kw("postgresql_where") {
            Some(w) => Some(self.sql_expr(w)?),
            None => None,
        };
        let using = self
            .opt_string(call, "postgresql_using")?
            .map(|u| self.ident(u, span));
        let concurrently = self.opt_bool(call, "postgresql_concurrently")?;
        Ok(vec![Op::CreateIndex(Box::new(CreateIndex {
            unique: self.opt_bool(call, "unique")?.unwrap_or(false),
            concurrently: concurrently.filter(|c| *c).map(|_| span),
            if_not_exists: self.opt_bool(call, "if_not_exists")?.unwrap_or(false),
            name: self.ident(name, span),
            table: self.object(table, schema, span),
            using,
            elements,
            include: Vec::new(),
            where_clause,
        }))])
    }

    /// `op.bulk_insert(sa.table("t", sa.column("a", …), …), [{…}, …])`:
    /// one `INSERT` per row, with that row's keys, as Alembic emits them.
    fn bulk_insert(&self, call: &Call<'_>) -> Lowered {
        let span = call.span;
        let table = call.arg(0, "table").ok_or("`table` is missing")?;
        let table = self.resolve(table);
        let (table_name, schema) = match &table.kind {
            ExprKind::Call {
                func, args, kwargs, ..
            } if matches!(
                self.qual(func).as_deref(),
                Some("sqlalchemy.table" | "sqlalchemy.Table")
            ) =>
            {
                let c = Call { args, kwargs, span };
                (
                    self.arg_string(&c, 0, "name")?,
                    self.opt_string(&c, "schema")?,
                )
            }
            _ => return Err("`bulk_insert` into a table that is not `sa.table(…)`".into()),
        };
        let rows = call.arg(1, "rows").ok_or("`rows` is missing")?;
        let ExprKind::List(rows) = &self.resolve(rows).kind else {
            return Err("`bulk_insert` rows that are not a literal list".into());
        };
        let mut ops = Vec::new();
        for row in rows {
            let ExprKind::Dict(items) = &self.resolve(row).kind else {
                return Err("a `bulk_insert` row that is not a literal dict".into());
            };
            let mut columns = Vec::new();
            let mut values = Vec::new();
            for (k, v) in items {
                let k = self.string(k).ok_or("a computed `bulk_insert` key")?;
                let v = self.literal(v).ok_or("a computed `bulk_insert` value")?;
                columns.push(self.ident(k, span));
                values.push(ir::Expr {
                    kind: v,
                    span: self.span(row),
                });
            }
            ops.push(Op::Insert(Box::new(Insert {
                table: self.object(table_name.clone(), schema.clone(), span),
                columns,
                rows: vec![values],
            })));
        }
        Ok(ops)
    }
}

struct LoweredColumn {
    def: ColumnDef,
    primary_key: bool,
    autoincrement: Option<bool>,
    created_enum: Option<CreateEnum>,
    index: Option<Op>,
}

/// Whether `e` uses any of `names`.
fn mentions(e: &Expr, names: &[String]) -> bool {
    let any = |items: &[Expr]| items.iter().any(|i| mentions(i, names));
    match &e.kind {
        ExprKind::Name(n) => names.contains(n),
        ExprKind::Attr(inner, _) | ExprKind::Unary(_, inner) => mentions(inner, names),
        ExprKind::Call {
            func, args, kwargs, ..
        } => mentions(func, names) || any(args) || kwargs.iter().any(|(_, v)| mentions(v, names)),
        ExprKind::Tuple(items) | ExprKind::List(items) => any(items),
        ExprKind::Dict(pairs) => pairs
            .iter()
            .any(|(k, v)| mentions(k, names) || mentions(v, names)),
        ExprKind::Subscript(inner, items) => mentions(inner, names) || any(items),
        ExprKind::Binary(a, _, b) => mentions(a, names) || mentions(b, names),
        // f-strings name variables inside their text.
        ExprKind::Str { fstring, .. } => *fstring,
        ExprKind::Number(_) | ExprKind::Const(_) | ExprKind::Other => false,
    }
}

/// A call's arguments, found by position or keyword.
pub struct Call<'a> {
    pub args: &'a [Expr],
    pub kwargs: &'a [(String, Expr)],
    pub span: Span,
}

impl Call<'_> {
    pub fn kw(&self, name: &str) -> Option<&Expr> {
        self.kwargs.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    pub fn arg(&self, index: usize, name: &str) -> Option<&Expr> {
        self.args.get(index).or_else(|| self.kw(name))
    }
}

/// Splits the ordering Alembic passes through in an index column's text
/// (`"created DESC"`, `sa.text("end_time DESC NULLS LAST")`) off the
/// column or expression: whether it is descending, and where nulls go.
fn index_order(text: &str) -> (&str, bool, Option<bool>) {
    fn strip<'t>(text: &'t str, word: &str) -> Option<&'t str> {
        let cut = text.len().checked_sub(word.len())?;
        let (rest, tail) = (text.get(..cut)?, text.get(cut..)?);
        (tail.eq_ignore_ascii_case(word) && rest.ends_with(char::is_whitespace))
            .then(|| rest.trim_end())
    }
    let mut text = text.trim();
    let mut nulls_first = None;
    if let Some(rest) = strip(text, "NULLS FIRST") {
        (text, nulls_first) = (rest, Some(true));
    } else if let Some(rest) = strip(text, "NULLS LAST") {
        (text, nulls_first) = (rest, Some(false));
    }
    let mut descending = false;
    if let Some(rest) = strip(text, "DESC") {
        (text, descending) = (rest, true);
    } else if let Some(rest) = strip(text, "ASC") {
        text = rest;
    }
    (text, descending, nulls_first)
}
