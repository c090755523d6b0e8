//! Names of the SQL dialects migc targets. The capabilities of each live
//! with the emitters; this is only the name users write in `migc.toml`,
//! on the command line and in `sql postgresql "…"`.

use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DialectId {
    Postgresql,
    /// MySQL 8 and MariaDB 10.6+.
    Mysql,
    Sqlite,
}

impl DialectId {
    pub const ALL: [DialectId; 3] = [DialectId::Postgresql, DialectId::Mysql, DialectId::Sqlite];

    pub fn as_str(self) -> &'static str {
        match self {
            DialectId::Postgresql => "postgresql",
            DialectId::Mysql => "mysql",
            DialectId::Sqlite => "sqlite",
        }
    }
}

impl fmt::Display for DialectId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DialectId {
    type Err = String;

    /// Accepts the names people use, case-insensitively.
    fn from_str(s: &str) -> Result<DialectId, String> {
        match s.to_ascii_lowercase().as_str() {
            "postgresql" | "postgres" | "pg" => Ok(DialectId::Postgresql),
            "mysql" | "mariadb" => Ok(DialectId::Mysql),
            "sqlite" | "sqlite3" => Ok(DialectId::Sqlite),
            _ => Err(format!(
                "unknown dialect `{s}` (expected postgresql, mysql or sqlite)"
            )),
        }
    }
}
