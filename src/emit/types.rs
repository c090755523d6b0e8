//! Generic types to per-dialect type text, the way SQLAlchemy renders its
//! generic types (alembic-offline.md § 3), so Alembic users see the names
//! they know. Each dialect describes itself with one [`TypeMap`]; a type a
//! dialect cannot hold is a [`TypeError`], turned into an `unsupported`
//! diagnostic at the type's span, never into invalid SQL.

use super::schema::SchemaView;
use super::writer::Writer;
use crate::ir::DataType;

/// How a dialect spells the generic types.
#[derive(Debug)]
pub struct TypeMap {
    pub dialect: &'static str,
    pub boolean: &'static str,
    pub real: &'static str,
    pub double: &'static str,
    pub time: &'static str,
    pub timestamp: &'static str,
    pub timestamptz: &'static str,
    pub interval: &'static str,
    pub uuid: &'static str,
    pub json: &'static str,
    /// `None`: the dialect has no binary JSON type.
    pub jsonb: Option<&'static str>,
    pub bytes: &'static str,
    /// `smallserial`, `serial`, `bigserial` and identity columns.
    pub serial: SerialStyle,
    /// `VARCHAR` without a length is an error (MySQL).
    pub varchar_needs_length: bool,
    /// `T[]` exists.
    pub arrays: bool,
    pub enums: EnumStyle,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SerialStyle {
    /// `SMALLSERIAL` / `SERIAL` / `BIGSERIAL` types (PostgreSQL).
    Types,
    /// The integer type plus `AUTO_INCREMENT` (MySQL).
    AutoIncrement,
    /// `INTEGER`: an `INTEGER PRIMARY KEY` is SQLite's auto-incrementing
    /// rowid, which a `BIGINT` key is not.
    RowId,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnumStyle {
    /// The name of a `CREATE TYPE … AS ENUM` type (PostgreSQL).
    Named,
    /// `ENUM('a', 'b')` written in the column (MySQL).
    Inline,
    /// `VARCHAR(n)`, `n` the longest value (SQLAlchemy's non-native enum).
    Varchar,
}

/// Why a type cannot be written for a dialect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeError {
    pub code: &'static str,
    pub message: String,
    pub help: String,
}

impl TypeError {
    fn unsupported(message: String, help: &str) -> TypeError {
        TypeError {
            code: super::UNSUPPORTED,
            message,
            help: help.to_string(),
        }
    }
}

/// The type text, with enum values looked up in `schema` where the dialect
/// writes them out.
pub fn render(w: &Writer<'_>, ty: &DataType, schema: &dyn SchemaView) -> Result<String, TypeError> {
    let map = w.dialect.types();
    match ty {
        DataType::Enum(name) => match map.enums {
            EnumStyle::Named => Ok(w.object(name)),
            EnumStyle::Inline | EnumStyle::Varchar => {
                let Some(values) = schema.enum_values(name) else {
                    return Err(TypeError {
                        code: super::NEEDS_CATALOG,
                        message: format!(
                            "the values of enum `{}` are needed to write this column for {}",
                            name.qualified(),
                            map.dialect
                        ),
                        help: "the replayed schema has no such enum here (created by raw SQL, \
                               or no catalog given); create it with `create enum`, or use \
                               `varchar(n)` for this dialect"
                            .to_string(),
                    });
                };
                if map.enums == EnumStyle::Inline {
                    let list: Vec<String> = values.iter().map(|v| w.string(v)).collect();
                    Ok(format!("ENUM({})", list.join(", ")))
                } else {
                    let longest = values.iter().map(|v| v.chars().count()).max().unwrap_or(1);
                    Ok(format!("VARCHAR({})", longest.max(1)))
                }
            }
        },
        DataType::Array(inner) => {
            if !map.arrays {
                return Err(TypeError::unsupported(
                    format!("{} has no array types (`{ty}`)", map.dialect),
                    "store the list in a `json` column or in a child table",
                ));
            }
            Ok(format!("{}[]", render(w, inner, schema)?))
        }
        other => render_plain(map, other),
    }
}

/// The type text of a type that is not an enum or an array.
pub fn render_plain(map: &TypeMap, ty: &DataType) -> Result<String, TypeError> {
    let serial = |int: &str| match map.serial {
        SerialStyle::RowId => "INTEGER".to_string(),
        SerialStyle::Types | SerialStyle::AutoIncrement => int.to_string(),
    };
    Ok(match ty {
        DataType::SmallInt => "SMALLINT".to_string(),
        DataType::Integer => "INTEGER".to_string(),
        DataType::BigInt => "BIGINT".to_string(),
        DataType::SmallSerial if map.serial == SerialStyle::Types => "SMALLSERIAL".to_string(),
        DataType::Serial if map.serial == SerialStyle::Types => "SERIAL".to_string(),
        DataType::BigSerial if map.serial == SerialStyle::Types => "BIGSERIAL".to_string(),
        DataType::SmallSerial => serial("SMALLINT"),
        DataType::Serial => serial("INTEGER"),
        DataType::BigSerial => serial("BIGINT"),
        DataType::Boolean => map.boolean.to_string(),
        DataType::Text => "TEXT".to_string(),
        DataType::Varchar(Some(n)) => format!("VARCHAR({n})"),
        DataType::Varchar(None) if map.varchar_needs_length => {
            return Err(TypeError::unsupported(
                format!("{} needs a length for `varchar`", map.dialect),
                "write `varchar(n)`, or `text` for unbounded strings",
            ));
        }
        DataType::Varchar(None) => "VARCHAR".to_string(),
        DataType::Char(Some(n)) => format!("CHAR({n})"),
        DataType::Char(None) => "CHAR".to_string(),
        DataType::Numeric(None, _) => "NUMERIC".to_string(),
        DataType::Numeric(Some(p), None) => format!("NUMERIC({p})"),
        DataType::Numeric(Some(p), Some(s)) => format!("NUMERIC({p}, {s})"),
        DataType::Real => map.real.to_string(),
        DataType::Double => map.double.to_string(),
        DataType::Date => "DATE".to_string(),
        DataType::Time => map.time.to_string(),
        DataType::Timestamp => map.timestamp.to_string(),
        DataType::TimestampTz => map.timestamptz.to_string(),
        DataType::Interval => map.interval.to_string(),
        DataType::Uuid => map.uuid.to_string(),
        DataType::Json => map.json.to_string(),
        DataType::Jsonb => match map.jsonb {
            Some(name) => name.to_string(),
            None => {
                return Err(TypeError::unsupported(
                    format!("{} has no `jsonb` type", map.dialect),
                    "use `json`, which every dialect has",
                ));
            }
        },
        DataType::Bytes => map.bytes.to_string(),
        DataType::Enum(name) => {
            return Err(TypeError::unsupported(
                format!(
                    "enum `{}` cannot be used here on {}",
                    name.qualified(),
                    map.dialect
                ),
                "cast to a string type instead",
            ));
        }
        DataType::Array(_) => {
            return Err(TypeError::unsupported(
                format!("{} cannot use an array type here (`{ty}`)", map.dialect),
                "cast to a string or json type instead",
            ));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::dialect::Dialect;
    use crate::emit::schema::NoSchema;
    use crate::emit::{mysql::Mysql, postgresql::Postgresql, sqlite::Sqlite};

    fn text(d: &dyn Dialect, ty: DataType) -> Result<String, TypeError> {
        render(&Writer::new(d), &ty, &NoSchema)
    }

    #[test]
    fn sqlalchemy_names() {
        let (pg, my, lite) = (Postgresql, Mysql, Sqlite);
        let all = |ty: DataType| {
            [&pg as &dyn Dialect, &my, &lite]
                .map(|d| text(d, ty.clone()).unwrap_or_else(|e| format!("error: {}", e.message)))
        };
        assert_eq!(
            all(DataType::TimestampTz),
            ["TIMESTAMP WITH TIME ZONE", "DATETIME", "DATETIME"]
        );
        assert_eq!(all(DataType::Uuid), ["UUID", "CHAR(32)", "CHAR(32)"]);
        assert_eq!(all(DataType::Boolean), ["BOOLEAN", "BOOL", "BOOLEAN"]);
        assert_eq!(all(DataType::Bytes), ["BYTEA", "BLOB", "BLOB"]);
        assert_eq!(all(DataType::BigSerial), ["BIGSERIAL", "BIGINT", "INTEGER"]);
        assert_eq!(
            all(DataType::Numeric(Some(10), Some(2))),
            ["NUMERIC(10, 2)"; 3]
        );
        assert_eq!(all(DataType::Jsonb)[0], "JSONB");
        assert!(all(DataType::Jsonb)[1].starts_with("error"));
        assert!(all(DataType::Varchar(None))[1].starts_with("error"));
        assert_eq!(all(DataType::Varchar(None))[2], "VARCHAR");
        let array = DataType::Array(Box::new(DataType::Text));
        assert_eq!(all(array.clone())[0], "TEXT[]");
        assert!(all(array)[2].starts_with("error"));
    }
}
