//! Derived downgrades: the inverse of `up`, for a revision without `down`.
//!
//! Each `up` operation is inverted against the catalog just before it
//! (which knows what the operation destroyed: a dropped table's whole
//! definition, a column's old type or default), and the inverses run in
//! reverse order. What cannot be inverted is an `irreversible-downgrade`
//! warning on the operation, never a silent no-op.

use super::apply::{Effects, apply};
use super::model::*;
use super::to_ir::{self, column_ref, ident, object_name};
use crate::diagnostic::Diagnostic;
use crate::ir::{self, AlterColumnAction, Block, BlockItem, Op, Revision, Spanned, Stmt};
use crate::source::Span;

/// Code of an operation a derived downgrade cannot undo.
pub const IRREVERSIBLE: &str = "irreversible-downgrade";

/// A derived `down` block and what it cannot undo.
#[derive(Clone, Debug)]
pub struct Downgrade {
    /// Statements carry the span of the `up` operation they undo.
    pub block: Block,
    /// `irreversible-downgrade` warnings, in `up` order.
    pub warnings: Vec<Diagnostic>,
}

/// Puts the inverse statements in an order that applies to `after` (the
/// catalog after `up`). Reverse order is right unless keys were juggled
/// under a foreign key (`up` dropped the primary key a foreign key used and
/// added a unique key instead): undoing that in reverse would drop the
/// only key the foreign key has. A statement that fails waits until the
/// others have run; in the usual case nothing fails and nothing moves.
fn settle(mut pending: Vec<(Stmt, bool)>, after: &Catalog, revision: usize) -> Vec<(Stmt, bool)> {
    let mut catalog = after.clone();
    let mut out = Vec::with_capacity(pending.len());
    while !pending.is_empty() {
        let applied_before = out.len();
        let mut deferred = Vec::new();
        for (stmt, tx) in pending {
            if apply(&mut catalog, &stmt, tx, revision, &mut Effects::default()) {
                out.push((stmt, tx));
            } else {
                deferred.push((stmt, tx));
            }
        }
        // Stop when a pass applied nothing more: what is left fails
        // anyway, in its original order, for the checks to report.
        if deferred.is_empty() || out.len() == applied_before {
            out.extend(deferred);
            break;
        }
        pending = deferred;
    }
    out
}

/// Derives the downgrade of revision `revision` (`rev`), whose `up`
/// starts from `before`. Operations that failed during replay are skipped:
/// they changed nothing, so there is nothing to undo.
pub fn derive(rev: &Revision, revision: usize, before: &Catalog) -> Downgrade {
    let mut catalog = before.clone();
    let mut steps: Vec<Vec<(Stmt, bool)>> = Vec::new();
    let mut warnings = Vec::new();
    for (stmt, in_transaction) in rev.up.stmts() {
        let prior = catalog.clone();
        if !apply(
            &mut catalog,
            stmt,
            in_transaction,
            revision,
            &mut Effects::default(),
        ) {
            continue;
        }
        let cx = Inverse {
            prior: &prior,
            before,
            span: stmt.span,
            rev,
        };
        match cx.ops(&stmt.op, in_transaction) {
            Ok(ops) => steps.push(
                ops.into_iter()
                    .map(|(op, tx)| {
                        let s = Stmt {
                            op,
                            span: stmt.span,
                        };
                        (s, tx)
                    })
                    .collect(),
            ),
            Err(w) => warnings.push(w),
        }
    }
    let ordered = settle(
        steps.into_iter().rev().flatten().collect(),
        &catalog,
        revision,
    );
    let mut items: Vec<BlockItem> = Vec::new();
    for (stmt, in_transaction) in ordered {
        if in_transaction {
            items.push(BlockItem::Stmt(stmt));
        } else if let Some(BlockItem::NoTransaction { ops, .. }) = items.last_mut() {
            ops.push(stmt);
        } else {
            items.push(BlockItem::NoTransaction {
                span: stmt.span,
                ops: vec![stmt],
            });
        }
    }
    Downgrade {
        block: Block {
            items,
            span: rev.up.span,
        },
        warnings,
    }
}

struct Inverse<'a> {
    /// The catalog just before the operation.
    prior: &'a Catalog,
    /// The catalog before the whole revision.
    before: &'a Catalog,
    span: Span,
    rev: &'a Revision,
}

type Ops = Vec<(Op, bool)>;

impl Inverse<'_> {
    fn irreversible(&self, what: &str, why: &str, help: &str) -> Diagnostic {
        Diagnostic::warning(
            IRREVERSIBLE,
            format!(
                "the derived downgrade of `{}` cannot undo this {what}",
                self.rev.id.value
            ),
        )
        .with_primary(self.span, "cannot be undone")
        .with_note(why.to_owned())
        .with_help(help.to_owned())
    }

    fn ops(&self, op: &Op, tx: bool) -> Result<Ops, Diagnostic> {
        let span = self.span;
        let one = |op: Op| Ok(vec![(op, tx)]);
        let none = || Ok(Vec::new());
        match op {
            Op::CreateTable(t) => {
                let key = QualifiedName::of(&t.name);
                if self.prior.table(&key).is_some() {
                    return none();
                }
                one(Op::DropTable(Box::new(ir::DropTable {
                    if_exists: false,
                    name: object_name(&key, span),
                    definition: None,
                })))
            }
            Op::DropTable(d) => match self.prior.table(&QualifiedName::of(&d.name)) {
                Some(t) => Ok(to_ir::recreate_table(t, span)
                    .into_iter()
                    .map(|op| (op, true))
                    .collect()),
                None => none(),
            },
            Op::RenameTable(r) => {
                let from = QualifiedName::of(&r.from);
                one(Op::RenameTable(Box::new(ir::RenameTable {
                    from: object_name(&from.sibling(&r.to.name), span),
                    to: ident(&from.name, span),
                })))
            }
            Op::AddColumn(a) => {
                let table = QualifiedName::of(&a.table);
                if self.prior.column(&table, &a.column.name.name).is_some() {
                    return none();
                }
                one(Op::DropColumn(Box::new(ir::DropColumn {
                    if_exists: false,
                    column: column_ref(&table, &a.column.name.name, span),
                    definition: None,
                })))
            }
            Op::DropColumn(d) => self.restore_column(&d.column),
            Op::RenameColumn(r) => {
                let table = QualifiedName::of(&r.column.table);
                one(Op::RenameColumn(Box::new(ir::RenameColumn {
                    column: column_ref(&table, &r.to.name, span),
                    to: ident(&r.column.column.name, span),
                })))
            }
            Op::AlterColumn(a) => self.alter_column(a, tx),
            Op::CreateIndex(i) => {
                let table = QualifiedName::of(&i.table);
                let key = table.sibling(&i.name.name);
                if self.prior.index(&key).is_some() {
                    return none();
                }
                one(Op::DropIndex(Box::new(ir::DropIndex {
                    concurrently: i.concurrently.map(|_| span),
                    if_exists: false,
                    name: object_name(&key, span),
                    table: None,
                })))
            }
            Op::DropIndex(d) => {
                let schema = d
                    .name
                    .schema
                    .as_ref()
                    .or(d.table.as_ref().and_then(|t| t.schema.as_ref()))
                    .map(|s| s.name.as_str());
                let key = QualifiedName::new(schema, &d.name.name.name);
                match self.prior.index(&key) {
                    Some((t, i)) => {
                        let concurrently = d.concurrently.is_some() && !tx;
                        one(to_ir::create_index(t, i, concurrently, span))
                    }
                    None => none(),
                }
            }
            Op::AddConstraint(a) => {
                let table = QualifiedName::of(&a.table);
                let Some(name) = &a.constraint.name else {
                    return none();
                };
                let mut ops = vec![(
                    Op::DropConstraint(Box::new(ir::DropConstraint {
                        name: ident(&name.name, span),
                        table: object_name(&table, span),
                    })),
                    tx,
                )];
                // A primary key made its columns NOT NULL; dropping it
                // does not undo that.
                if let ir::ConstraintKind::PrimaryKey { columns } = &a.constraint.kind {
                    for c in columns {
                        if self
                            .prior
                            .column(&table, &c.name)
                            .is_some_and(|c| c.nullable)
                        {
                            ops.push((
                                alter(&table, &c.name, AlterColumnAction::DropNotNull, span),
                                tx,
                            ));
                        }
                    }
                }
                Ok(ops)
            }
            Op::ValidateConstraint(_) => none(),
            Op::DropConstraint(d) => {
                let table = QualifiedName::of(&d.table);
                match self.prior.constraint(&table, &d.name.name) {
                    Some(c) => one(to_ir::add_constraint(&table, c, span)),
                    None => none(),
                }
            }
            Op::CreateEnum(e) => one(Op::DropEnum(Box::new(ir::DropEnum {
                if_exists: false,
                name: object_name(&QualifiedName::of(&e.name), span),
            }))),
            Op::AddEnumValue(_) => Err(self.irreversible(
                "`alter enum … add value`",
                "PostgreSQL cannot drop a value from an enum",
                "write a `down` block; leaving the value in place is usually fine",
            )),
            Op::DropEnum(d) => match self.prior.enum_type(&QualifiedName::of(&d.name)) {
                Some(e) => one(to_ir::create_enum(e, span)),
                None => none(),
            },
            Op::Backfill(_) => Err(self.irreversible(
                "`backfill`",
                "the values the rows held before are not kept anywhere",
                "write a `down` block (an empty `down { }` says that nothing is undone)",
            )),
            Op::Insert(i) => {
                if self.before.table(&QualifiedName::of(&i.table)).is_none() {
                    // The table is new in this revision: dropping it takes
                    // the rows with it.
                    return none();
                }
                Err(self.irreversible(
                    "`insert`",
                    "the table existed before this revision, so migc cannot tell which rows to delete",
                    "write a `down` block that deletes the rows",
                ))
            }
            Op::Comment(c) => match &c.target {
                ir::CommentTarget::Table(t) => {
                    let key = QualifiedName::of(t);
                    let old = self.prior.table(&key).and_then(|t| t.comment.as_deref());
                    one(to_ir::table_comment(&key, old, span))
                }
                ir::CommentTarget::Column(col) => {
                    let table = QualifiedName::of(&col.table);
                    let old = self
                        .prior
                        .column(&table, &col.column.name)
                        .and_then(|c| c.comment.clone());
                    one(Op::Comment(Box::new(ir::Comment {
                        target: ir::CommentTarget::Column(column_ref(
                            &table,
                            &col.column.name,
                            span,
                        )),
                        text: old.map(|t| Spanned::new(t, span)),
                    })))
                }
            },
            Op::Sql(s) if s.opaque_source => Err(self.irreversible(
                "`opaque` statement",
                "migc does not know what it does, so it cannot tell how to undo it",
                "write a `down` block",
            )),
            Op::Sql(s) => match &s.reverse {
                Some(reverse) => one(Op::Sql(Box::new(ir::RawSql {
                    written_for: None,
                    opaque_source: false,
                    opaque_reason: None,
                    dialect: s.dialect.clone(),
                    sql: reverse.clone(),
                    reverse: Some(s.sql.clone()),
                    // What the reverse text does is not analysed here.
                    analysis: None,
                }))),
                None => Err(self.irreversible(
                    "raw `sql`",
                    "raw SQL without `reverse` says nothing about how to undo it",
                    "add `reverse \"…\"` with the SQL that undoes it, or write a `down` block",
                )),
            },
        }
    }

    /// Undoing `drop column`: the column with its old definition, then the
    /// constraints and indexes the database dropped along with it.
    fn restore_column(&self, col: &ir::ColumnRef) -> Result<Ops, Diagnostic> {
        let span = self.span;
        let key = QualifiedName::of(&col.table);
        let Some(table) = self.prior.table(&key) else {
            return Ok(Vec::new());
        };
        let Some(column) = table.column(&col.column.name) else {
            return Ok(Vec::new());
        };
        let mut ops = vec![(
            Op::AddColumn(Box::new(ir::AddColumn {
                if_not_exists: false,
                table: object_name(&key, span),
                column: to_ir::column_def(column, span),
            })),
            true,
        )];
        // Keys first: a foreign key (even one to this table) needs the key
        // it references to exist when it is added.
        let uses = |c: &&std::sync::Arc<super::model::Constraint>| {
            super::apply::constraint_uses(&c.kind, &column.name)
        };
        let (foreign, keys): (Vec<_>, Vec<_>) = table
            .constraints
            .iter()
            .filter(uses)
            .partition(|c| matches!(c.kind, super::model::ConstraintDef::ForeignKey { .. }));
        for c in keys.into_iter().chain(foreign) {
            ops.push((to_ir::add_constraint(&key, c, span), true));
        }
        for i in &table.indexes {
            if super::apply::index_uses(i, &column.name) {
                ops.push((to_ir::create_index(table, i, false, span), true));
            }
        }
        Ok(ops)
    }

    fn alter_column(&self, a: &ir::AlterColumn, tx: bool) -> Result<Ops, Diagnostic> {
        let table = QualifiedName::of(&a.column.table);
        let name = &a.column.column.name;
        let Some(old) = self.prior.column(&table, name) else {
            return Ok(Vec::new());
        };
        let restore_default = || match &old.default {
            Some(d) => Some(AlterColumnAction::SetDefault(d.clone())),
            None => Some(AlterColumnAction::DropDefault),
        };
        let action = match &a.action {
            AlterColumnAction::SetNotNull => old.nullable.then_some(AlterColumnAction::DropNotNull),
            AlterColumnAction::DropNotNull => {
                (!old.nullable).then_some(AlterColumnAction::SetNotNull)
            }
            AlterColumnAction::SetDefault(_) => restore_default(),
            AlterColumnAction::DropDefault => old.default.is_some().then(restore_default).flatten(),
            AlterColumnAction::SetType { ty, .. } => (ty.ty.to_string() != old.ty.to_string())
                .then(|| AlterColumnAction::SetType {
                    ty: ir::TypeRef {
                        ty: old.ty.clone(),
                        span: self.span,
                    },
                    using: None,
                }),
            AlterColumnAction::SetComment(_) => Some(AlterColumnAction::SetComment(
                old.comment.clone().map(|t| Spanned::new(t, self.span)),
            )),
        };
        Ok(action
            .map(|action| (alter(&table, name, action, self.span), tx))
            .into_iter()
            .collect())
    }
}

fn alter(table: &QualifiedName, column: &str, action: AlterColumnAction, span: Span) -> Op {
    Op::AlterColumn(Box::new(ir::AlterColumn {
        column: column_ref(table, column, span),
        action,
    }))
}
