//! The table locks PostgreSQL takes for each operation, shared by the
//! rules that reason about lock duration and lock queues.
//!
//! Levels follow the PostgreSQL manual ("Explicit Locking" and the lock
//! each `ALTER TABLE` form documents). Only the levels migrations take are
//! modelled; raw `sql` is unknown here and takes none.

use crate::ir::{AlterColumnAction, ColumnConstraintKind, ConstraintKind, ObjectName, Op};

/// A table lock, weakest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Lock {
    /// Taken by `INSERT`/`UPDATE`/`DELETE`.
    RowExclusive,
    /// `VALIDATE CONSTRAINT`, `COMMENT ON`, `CREATE INDEX CONCURRENTLY`.
    ShareUpdateExclusive,
    /// `CREATE INDEX` without `CONCURRENTLY`.
    Share,
    /// `ADD FOREIGN KEY`, on both tables.
    ShareRowExclusive,
    /// Most `ALTER TABLE` forms, `DROP`, `RENAME`.
    AccessExclusive,
}

impl Lock {
    pub fn as_sql(self) -> &'static str {
        match self {
            Lock::RowExclusive => "ROW EXCLUSIVE",
            Lock::ShareUpdateExclusive => "SHARE UPDATE EXCLUSIVE",
            Lock::Share => "SHARE",
            Lock::ShareRowExclusive => "SHARE ROW EXCLUSIVE",
            Lock::AccessExclusive => "ACCESS EXCLUSIVE",
        }
    }

    /// Whether the lock conflicts with the ROW EXCLUSIVE lock every write
    /// takes: while it is held, or even only queued, writes wait.
    pub fn blocks_writes(self) -> bool {
        self >= Lock::Share
    }
}

/// One lock an operation takes. `table` is `None` when the statement does
/// not name the table (`drop index N` without `on T`).
#[derive(Clone, Copy, Debug)]
pub struct Taken<'a> {
    pub table: Option<&'a ObjectName>,
    pub lock: Lock,
}

/// Every table lock `op` takes that others can notice, the statement's own
/// table first.
pub fn locks(op: &Op) -> Vec<Taken<'_>> {
    fn on(table: &ObjectName, lock: Lock) -> Taken<'_> {
        Taken {
            table: Some(table),
            lock,
        }
    }
    match op {
        // The new table is invisible to other sessions until commit, so its
        // own lock matters to no one; each referenced table is locked so
        // its rows cannot vanish while the constraint is made.
        Op::CreateTable(t) => {
            let mut out = Vec::new();
            for c in &t.body.columns {
                for k in &c.constraints {
                    if let ColumnConstraintKind::References(target) = &k.kind {
                        out.push(on(&target.table, Lock::ShareRowExclusive));
                    }
                }
            }
            for k in &t.body.constraints {
                if let ConstraintKind::ForeignKey { target, .. } = &k.kind {
                    out.push(on(&target.table, Lock::ShareRowExclusive));
                }
            }
            out
        }
        Op::DropTable(t) => vec![on(&t.name, Lock::AccessExclusive)],
        Op::RenameTable(r) => vec![on(&r.from, Lock::AccessExclusive)],
        Op::AddColumn(a) => {
            let mut out = vec![on(&a.table, Lock::AccessExclusive)];
            for k in &a.column.constraints {
                if let ColumnConstraintKind::References(target) = &k.kind {
                    out.push(on(&target.table, Lock::ShareRowExclusive));
                }
            }
            out
        }
        Op::DropColumn(d) => vec![on(&d.column.table, Lock::AccessExclusive)],
        Op::RenameColumn(r) => vec![on(&r.column.table, Lock::AccessExclusive)],
        Op::AlterColumn(a) => {
            let lock = match a.action {
                AlterColumnAction::SetComment(_) => Lock::ShareUpdateExclusive,
                AlterColumnAction::SetNotNull
                | AlterColumnAction::DropNotNull
                | AlterColumnAction::SetDefault(_)
                | AlterColumnAction::DropDefault
                | AlterColumnAction::SetType { .. } => Lock::AccessExclusive,
            };
            vec![on(&a.column.table, lock)]
        }
        Op::CreateIndex(i) => {
            let lock = if i.concurrently.is_some() {
                Lock::ShareUpdateExclusive
            } else {
                Lock::Share
            };
            vec![on(&i.table, lock)]
        }
        Op::DropIndex(d) => {
            let lock = if d.concurrently.is_some() {
                Lock::ShareUpdateExclusive
            } else {
                Lock::AccessExclusive
            };
            vec![Taken {
                table: d.table.as_ref(),
                lock,
            }]
        }
        Op::AddConstraint(a) => match &a.constraint.kind {
            ConstraintKind::ForeignKey { target, .. } => vec![
                on(&a.table, Lock::ShareRowExclusive),
                on(&target.table, Lock::ShareRowExclusive),
            ],
            ConstraintKind::PrimaryKey { .. }
            | ConstraintKind::Unique { .. }
            | ConstraintKind::Check { .. } => vec![on(&a.table, Lock::AccessExclusive)],
        },
        Op::ValidateConstraint(v) => vec![on(&v.table, Lock::ShareUpdateExclusive)],
        Op::DropConstraint(d) => vec![on(&d.table, Lock::AccessExclusive)],
        Op::Backfill(b) => vec![on(&b.table, Lock::RowExclusive)],
        Op::Insert(i) => vec![on(&i.table, Lock::RowExclusive)],
        Op::Comment(_) => Vec::new(),
        Op::CreateEnum(_) | Op::AddEnumValue(_) | Op::DropEnum(_) | Op::Sql(_) => Vec::new(),
    }
}

/// Whether `op` changes the schema (everything but data changes).
pub fn is_ddl(op: &Op) -> bool {
    !matches!(op, Op::Backfill(_) | Op::Insert(_))
}
