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
            // Quoted where needed: the canonical printer writes types
            // through this, and `enum "Größe"` must not read back as
            // `enum größe`.
            DataType::Enum(name) => write!(f, "enum {name}"),
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

/// Why a type name with its parameters is not a generic type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeNameError {
    Unknown,
    /// The parameters do not fit the type; the message says how.
    BadParameters(String),
}

/// The generic type names the DSL accepts, for "did you mean" help.
pub const TYPE_NAMES: &[&str] = &[
    "smallint",
    "integer",
    "bigint",
    "smallserial",
    "serial",
    "bigserial",
    "boolean",
    "text",
    "varchar(n)",
    "char(n)",
    "numeric(p, s)",
    "real",
    "double",
    "date",
    "time",
    "timestamp",
    "timestamptz",
    "interval",
    "uuid",
    "json",
    "jsonb",
    "bytes",
    "enum NAME",
    "T[]",
];

/// PostgreSQL's limit for `varchar(n)`/`char(n)`; the strictest of the
/// dialects that have one, so a length that passes here is portable.
const MAX_LENGTH: u64 = 10_485_760;
const MAX_PRECISION: u64 = 1000;

/// Resolves a lower-case type name and its integer parameters (as written
/// in the DSL, or as a SQL frontend saw them) to a generic type.
pub fn type_from_name(name: &str, params: &[u64]) -> Result<DataType, TypeNameError> {
    let simple = |ty: DataType| {
        if params.is_empty() {
            Ok(ty)
        } else {
            Err(TypeNameError::BadParameters(format!(
                "`{name}` takes no parameters"
            )))
        }
    };
    match name {
        "smallint" | "int2" => simple(DataType::SmallInt),
        "integer" | "int" | "int4" => simple(DataType::Integer),
        "bigint" | "int8" => simple(DataType::BigInt),
        "smallserial" | "serial2" => simple(DataType::SmallSerial),
        "serial" | "serial4" => simple(DataType::Serial),
        "bigserial" | "serial8" => simple(DataType::BigSerial),
        "boolean" | "bool" => simple(DataType::Boolean),
        "text" => simple(DataType::Text),
        "varchar" | "character varying" => length(name, params).map(DataType::Varchar),
        "char" | "character" => length(name, params).map(DataType::Char),
        "numeric" | "decimal" => numeric(name, params),
        "real" | "float4" => simple(DataType::Real),
        "double" | "double precision" | "float8" => simple(DataType::Double),
        "date" => simple(DataType::Date),
        "time" | "time without time zone" => simple(DataType::Time),
        "timestamp" | "timestamp without time zone" => simple(DataType::Timestamp),
        "timestamptz" | "timestamp with time zone" => simple(DataType::TimestampTz),
        "interval" => simple(DataType::Interval),
        "uuid" => simple(DataType::Uuid),
        "json" => simple(DataType::Json),
        "jsonb" => simple(DataType::Jsonb),
        "bytes" | "bytea" => simple(DataType::Bytes),
        _ => Err(TypeNameError::Unknown),
    }
}

fn length(name: &str, params: &[u64]) -> Result<Option<u32>, TypeNameError> {
    match params {
        [] => Ok(None),
        [n] if (1..=MAX_LENGTH).contains(n) => Ok(u32::try_from(*n).ok()),
        [n] => Err(TypeNameError::BadParameters(format!(
            "the length of `{name}` must be between 1 and {MAX_LENGTH}, not {n}"
        ))),
        _ => Err(TypeNameError::BadParameters(format!(
            "`{name}` takes one parameter, the length"
        ))),
    }
}

fn numeric(name: &str, params: &[u64]) -> Result<DataType, TypeNameError> {
    let precision = |p: u64| {
        if (1..=MAX_PRECISION).contains(&p) {
            Ok(u32::try_from(p).ok())
        } else {
            Err(TypeNameError::BadParameters(format!(
                "the precision of `{name}` must be between 1 and {MAX_PRECISION}, not {p}"
            )))
        }
    };
    match params {
        [] => Ok(DataType::Numeric(None, None)),
        [p] => Ok(DataType::Numeric(precision(*p)?, None)),
        [p, s] => {
            let p32 = precision(*p)?;
            if s > p {
                return Err(TypeNameError::BadParameters(format!(
                    "the scale of `{name}` ({s}) cannot exceed its precision ({p})"
                )));
            }
            Ok(DataType::Numeric(p32, u32::try_from(*s).ok()))
        }
        _ => Err(TypeNameError::BadParameters(format!(
            "`{name}` takes at most two parameters, precision and scale"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_parameters() {
        assert_eq!(type_from_name("int", &[]), Ok(DataType::Integer));
        assert_eq!(
            type_from_name("varchar", &[20]),
            Ok(DataType::Varchar(Some(20)))
        );
        assert_eq!(
            type_from_name("numeric", &[10, 2]),
            Ok(DataType::Numeric(Some(10), Some(2)))
        );
        assert!(matches!(
            type_from_name("numeric", &[2, 10]),
            Err(TypeNameError::BadParameters(_))
        ));
        assert!(matches!(
            type_from_name("varchar", &[0]),
            Err(TypeNameError::BadParameters(_))
        ));
        assert!(matches!(
            type_from_name("integer", &[4]),
            Err(TypeNameError::BadParameters(_))
        ));
        assert_eq!(type_from_name("integr", &[]), Err(TypeNameError::Unknown));
    }
}
