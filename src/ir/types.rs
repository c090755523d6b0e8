//! Generic column types (DESIGN.md § generic types), mapped per dialect by
//! the emitters the way SQLAlchemy's generic types render.

use super::ObjectName;
use crate::source::Span;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DataType {
    SmallInt,
    Integer,
    BigInt,
    /// Auto-incrementing integers (`smallserial`, `serial`, `bigserial`).
    SmallSerial,
    Serial,
    BigSerial,
    Boolean,
    Text,
    /// `varchar` or `varchar(n)`.
    Varchar(Option<u32>),
    /// `char` or `char(n)`.
    Char(Option<u32>),
    /// `numeric`, `numeric(p)` or `numeric(p, s)`.
    Numeric(Option<u32>, Option<u32>),
    Real,
    Double,
    Date,
    Time,
    Timestamp,
    TimestampTz,
    Interval,
    Uuid,
    Json,
    Jsonb,
    Bytes,
    /// A named enum created with `create enum`.
    Enum(ObjectName),
    /// `T[]` (PostgreSQL only).
    Array(Box<DataType>),
}

impl DataType {
    pub fn is_integer(&self) -> bool {
        matches!(
            self,
            DataType::SmallInt
                | DataType::Integer
                | DataType::BigInt
                | DataType::SmallSerial
                | DataType::Serial
                | DataType::BigSerial
        )
    }

    pub fn is_serial(&self) -> bool {
        matches!(
            self,
            DataType::SmallSerial | DataType::Serial | DataType::BigSerial
        )
    }
}

/// The DSL spelling; also the canonical form `migc fmt` and `migc schema`
/// print.
impl fmt::Display for DataType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DataType::SmallInt => f.write_str("smallint"),
            DataType::Integer => f.write_str("integer"),
            DataType::BigInt => f.write_str("bigint"),
            DataType::SmallSerial => f.write_str("smallserial"),
            DataType::Serial => f.write_str("serial"),
            DataType::BigSerial => f.write_str("bigserial"),
            DataType::Boolean => f.write_str("boolean"),
            DataType::Text => f.write_str("text"),
            DataType::Varchar(None) => f.write_str("varchar"),
            DataType::Varchar(Some(n)) => write!(f, "varchar({n})"),
            DataType::Char(None) => f.write_str("char"),
            DataType::Char(Some(n)) => write!(f, "char({n})"),
            DataType::Numeric(None, _) => f.write_str("numeric"),
            DataType::Numeric(Some(p), None) => write!(f, "numeric({p})"),
            DataType::Numeric(Some(p), Some(s)) => write!(f, "numeric({p}, {s})"),
            DataType::Real => f.write_str("real"),
            DataType::Double => f.write_str("double"),
            DataType::Date => f.write_str("date"),
            DataType::Time => f.write_str("time"),
            DataType::Timestamp => f.write_str("timestamp"),
            DataType::TimestampTz => f.write_str("timestamptz"),
            DataType::Interval => f.write_str("interval"),
            DataType::Uuid => f.write_str("uuid"),
            DataType::Json => f.write_str("json"),
            DataType::Jsonb => f.write_str("jsonb"),
            DataType::Bytes => f.write_str("bytes"),
            DataType::Enum(name) => write!(f, "enum {}", name.qualified()),
            DataType::Array(inner) => write!(f, "{inner}[]"),
        }
    }
}

/// A type as written, with its span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeRef {
    pub ty: DataType,
    pub span: Span,
}
