//! `alter column … type` judged against the column's type in the catalog:
//! which changes rewrite the table and which lose data. Shared by
//! `table-rewrite-type-change` and `lossy-type-change`.

use super::RevisionContext;
use crate::catalog::Column;
use crate::dialect::DialectId;
use crate::ir::{AlterColumn, AlterColumnAction, DataType, Expr, Op, Stmt, TypeRef};

/// One type change of a column that existed before it, on a table that is
/// not new at that statement.
pub struct TypeChange<'a> {
    pub stmt: &'a Stmt,
    pub alter: &'a AlterColumn,
    /// The column as the catalog knew it just before the statement.
    pub old: &'a Column,
    pub new: &'a TypeRef,
    pub using: Option<&'a Expr>,
}

/// The type changes of the revision that run against live rows. A column
/// the catalog does not know (raw SQL it cannot model) is skipped: without
/// the old type nothing can be said.
pub fn type_changes<'a>(cx: &'a RevisionContext<'a>) -> Vec<TypeChange<'a>> {
    let mut out = Vec::new();
    for (i, (stmt, _)) in cx.stmts().iter().enumerate() {
        let Op::AlterColumn(alter) = &stmt.op else {
            continue;
        };
        let AlterColumnAction::SetType { ty, using } = &alter.action else {
            continue;
        };
        if cx.is_new_table(i, &alter.column.table) {
            continue;
        }
        let Some((_, old)) = cx.column_at(i, &alter.column) else {
            continue;
        };
        out.push(TypeChange {
            stmt,
            alter,
            old,
            new: ty,
            using: using.as_ref(),
        });
    }
    out
}

/// The label on where the column got its old type.
pub fn old_label(old: &Column) -> String {
    if old.created == old.changed {
        format!("declared `{}` here", old.ty)
    } else {
        format!("last changed here, as `{}`", old.ty)
    }
}

/// Whether changing `old` to `new` rewrites the table (PostgreSQL) or
/// copies it (MySQL's `ALGORITHM=COPY`). `None` for dialects where the
/// question does not arise.
pub fn rewrites(dialect: DialectId, old: &DataType, new: &DataType, using: bool) -> Option<bool> {
    if old == new && !using {
        return Some(false);
    }
    match dialect {
        // Binary-coercible changes skip the rewrite, and so do widened
        // length or precision limits (PostgreSQL 9.2+); anything with a
        // `USING` expression is recomputed row by row.
        DialectId::Postgresql => Some(using || !postgres_in_place(old, new)),
        // MySQL and MariaDB change a column in place only when a VARCHAR
        // grows within the same length-prefix size (1 byte up to 255
        // bytes, 2 beyond); every other type change copies the table.
        DialectId::Mysql => Some(using || !mysql_in_place(old, new)),
        DialectId::Sqlite => None,
    }
}

fn postgres_in_place(old: &DataType, new: &DataType) -> bool {
    use DataType::*;
    match (old, new) {
        (Varchar(Some(n)), Varchar(Some(m))) => m >= n,
        (Varchar(_), Varchar(None) | Text) => true,
        (Text, Varchar(None)) => true,
        // Same scale, more (or unlimited) precision: existing values fit
        // as stored.
        (Numeric(Some(p), s), Numeric(Some(q), t)) => q >= p && s.unwrap_or(0) == t.unwrap_or(0),
        (Numeric(_, _), Numeric(None, None)) => true,
        (a, b) => a == b,
    }
}

/// Bytes per character assumed for VARCHAR limits: `utf8mb4`, the default
/// character set of MySQL 8.
const MYSQL_BYTES_PER_CHAR: u32 = 4;

fn mysql_in_place(old: &DataType, new: &DataType) -> bool {
    match (old, new) {
        (DataType::Varchar(Some(n)), DataType::Varchar(Some(m))) => {
            let short = |chars: u32| chars.saturating_mul(MYSQL_BYTES_PER_CHAR) <= 255;
            m >= n && short(*n) == short(*m)
        }
        (a, b) => a == b,
    }
}

/// Why changing `old` to `new` may lose or change existing values, or
/// `None` when every old value fits the new type.
pub fn narrowing(old: &DataType, new: &DataType) -> Option<String> {
    use DataType::*;
    let rank = |t: &DataType| match t {
        SmallInt | SmallSerial => Some(2),
        Integer | Serial => Some(4),
        BigInt | BigSerial => Some(8),
        _ => None,
    };
    if let (Some(a), Some(b)) = (rank(old), rank(new)) {
        return (b < a).then(|| format!("`{old}` values beyond the range of `{new}` fail"));
    }
    let limit = |t: &DataType| match t {
        Varchar(n) => Some(*n),
        Text => Some(None),
        Char(n) => Some(Some(n.unwrap_or(1))),
        _ => None,
    };
    if let (Some(a), Some(b)) = (limit(old), limit(new)) {
        return match (a, b) {
            (_, None) => None,
            (Some(a), Some(b)) if b >= a => None,
            (_, Some(b)) => Some(format!(
                "text longer than {b} character{} is refused or cut",
                if b == 1 { "" } else { "s" }
            )),
        };
    }
    match (old, new) {
        (Numeric(p, s), Numeric(q, t)) => {
            let (s, t) = (s.unwrap_or(0), t.unwrap_or(0));
            match (p, q) {
                (_, None) => None,
                // An unconstrained numeric holds any scale: every limit
                // rounds some value.
                (None, Some(_)) => Some(format!("`{old}` values are rounded to `{new}`")),
                (Some(p), Some(q)) if t < s => Some(format!(
                    "digits after the {t}th decimal place are rounded away{}",
                    if q < p {
                        ", and large values overflow"
                    } else {
                        ""
                    }
                )),
                (Some(p), Some(q))
                    if i64::from(*q) - i64::from(t) < i64::from(*p) - i64::from(s) =>
                {
                    Some(format!(
                        "values with more than {} integer digits overflow",
                        q.saturating_sub(t)
                    ))
                }
                _ => None,
            }
        }
        (TimestampTz, Timestamp) => {
            Some("the time zone is dropped: values become local times of the session's zone".into())
        }
        (Timestamp | TimestampTz, Date) => Some("the time of day is dropped".into()),
        (Double, Real) => Some("`double` values lose precision as `real`".into()),
        (Real | Double | Numeric(_, _), SmallInt | Integer | BigInt) => {
            Some(format!("fractions are rounded away as `{new}`"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DataType::*;

    #[test]
    fn postgres_knows_the_changes_that_keep_the_table() {
        let pg = |a: &DataType, b: &DataType| rewrites(DialectId::Postgresql, a, b, false);
        assert_eq!(pg(&Varchar(Some(10)), &Varchar(Some(20))), Some(false));
        assert_eq!(pg(&Varchar(Some(20)), &Varchar(Some(10))), Some(true));
        assert_eq!(pg(&Varchar(Some(20)), &Text), Some(false));
        assert_eq!(pg(&Text, &Varchar(Some(20))), Some(true));
        assert_eq!(
            pg(&Numeric(Some(10), Some(2)), &Numeric(Some(12), Some(2))),
            Some(false)
        );
        assert_eq!(
            pg(&Numeric(Some(10), Some(2)), &Numeric(Some(12), Some(3))),
            Some(true)
        );
        assert_eq!(
            pg(&Numeric(Some(10), Some(2)), &Numeric(None, None)),
            Some(false)
        );
        assert_eq!(pg(&Integer, &BigInt), Some(true));
        assert_eq!(pg(&Timestamp, &TimestampTz), Some(true));
        assert_eq!(pg(&Char(Some(2)), &Char(Some(3))), Some(true));
        assert_eq!(
            rewrites(DialectId::Postgresql, &Text, &Text, true),
            Some(true)
        );
    }

    #[test]
    fn mysql_grows_varchar_in_place_within_one_length_prefix() {
        let my = |a: &DataType, b: &DataType| rewrites(DialectId::Mysql, a, b, false);
        assert_eq!(my(&Varchar(Some(10)), &Varchar(Some(60))), Some(false));
        assert_eq!(my(&Varchar(Some(60)), &Varchar(Some(100))), Some(true));
        assert_eq!(my(&Varchar(Some(100)), &Varchar(Some(200))), Some(false));
        assert_eq!(my(&Integer, &BigInt), Some(true));
    }

    #[test]
    fn narrowing_changes() {
        assert!(narrowing(&Text, &Varchar(Some(10))).is_some());
        assert!(narrowing(&Varchar(Some(10)), &Text).is_none());
        assert!(narrowing(&Varchar(Some(10)), &Varchar(Some(5))).is_some());
        assert!(narrowing(&BigInt, &Integer).is_some());
        assert!(narrowing(&Integer, &BigInt).is_none());
        assert!(narrowing(&Numeric(Some(10), Some(2)), &Numeric(Some(10), Some(0))).is_some());
        assert!(narrowing(&Numeric(Some(10), Some(2)), &Numeric(Some(8), Some(2))).is_some());
        assert!(narrowing(&Numeric(Some(10), Some(2)), &Numeric(Some(12), Some(2))).is_none());
        assert!(narrowing(&Numeric(Some(10), Some(2)), &Numeric(None, None)).is_none());
        assert!(narrowing(&TimestampTz, &Timestamp).is_some());
        assert!(narrowing(&Timestamp, &TimestampTz).is_none());
        assert!(narrowing(&Double, &Real).is_some());
    }
}
