//! `migc.toml`: the project configuration.
//!
//! Parsing never panics and never guesses: every key is known
//! (`deny_unknown_fields`), and any problem becomes an `invalid-config`
//! [`Diagnostic`] pointing at the exact span in the file, so a typo in
//! a key reads like a syntax error in a migration.

use crate::diagnostic::{Diagnostic, Severity};
use crate::dialect::DialectId;
use crate::source::{FileId, Span};
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The name searched for upward from the working directory.
pub const FILE_NAME: &str = "migc.toml";

/// The diagnostic code of every configuration problem.
pub const INVALID_CONFIG: &str = "invalid-config";

/// The whole `migc.toml`, with defaults filled in.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// The migrations folder, relative to the directory holding
    /// `migc.toml` unless absolute.
    pub migrations: PathBuf,
    /// Where `migrations = …` was written, when it was, so a missing
    /// folder can point at the line that named it.
    pub migrations_span: Option<Span>,
    pub dialect: DialectId,
    /// Target server version such as `"15"` or `"8.0"`; `None` means the
    /// oldest version migc supports for the dialect.
    pub engine_version: Option<String>,
    pub version_table: String,
    pub version_table_schema: Option<String>,
    pub transaction: TransactionMode,
    /// PostgreSQL `lock_timeout` preamble, such as `"5s"`.
    pub lock_timeout: Option<String>,
    /// PostgreSQL `statement_timeout` preamble, such as `"5min"`.
    pub statement_timeout: Option<String>,
    /// File name of `migc new` and `migc merge` revisions, without `.mig`
    /// (placeholders in [`crate::newrev`]).
    pub file_template: String,
    pub lint: LintConfig,
    /// How `.sql` migrations are laid out (`crate::layout::LAYOUTS`);
    /// `None` detects it from the files.
    pub layout: Option<String>,
    pub alembic: AlembicConfig,
}

/// The `[alembic]` table: what the Alembic reader cannot learn from the
/// revision files alone.
#[derive(Clone, Debug, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields, expecting = "an [alembic] table")]
pub struct AlembicConfig {
    /// Project column types (`"myapp.types.GUID" = "uuid"`): the dotted
    /// name the revision files import, and the generic type it stores.
    #[serde(default, deserialize_with = "type_map")]
    pub types: BTreeMap<String, crate::ir::DataType>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            migrations: PathBuf::from(DEFAULT_MIGRATIONS),
            migrations_span: None,
            dialect: DialectId::Postgresql,
            engine_version: None,
            version_table: DEFAULT_VERSION_TABLE.to_string(),
            version_table_schema: None,
            transaction: TransactionMode::Single,
            lock_timeout: None,
            statement_timeout: None,
            file_template: crate::newrev::DEFAULT_TEMPLATE.to_string(),
            lint: LintConfig::default(),
            layout: None,
            alembic: AlembicConfig::default(),
        }
    }
}

const DEFAULT_MIGRATIONS: &str = "migrations";
const DEFAULT_VERSION_TABLE: &str = "alembic_version";

/// How offline SQL wraps migrations in transactions (Alembic's
/// `transaction_per_migration` and friends).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TransactionMode {
    /// One transaction around the whole script.
    #[default]
    Single,
    /// One transaction per revision.
    PerMigration,
    /// No `BEGIN`/`COMMIT` at all.
    None,
}

impl TransactionMode {
    pub fn as_str(self) -> &'static str {
        match self {
            TransactionMode::Single => "single",
            TransactionMode::PerMigration => "per-migration",
            TransactionMode::None => "none",
        }
    }
}

/// The `[lint]` table. Stored for the lint engine; nothing reads it yet.
#[derive(Clone, Debug, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a [lint] table")]
pub struct LintConfig {
    /// Rules to run; `None` means the default set.
    #[serde(default)]
    pub select: Option<Vec<String>>,
    /// Rules never to run, applied after `select`.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// The lowest severity that makes `check` exit 1.
    #[serde(default, deserialize_with = "severity_opt")]
    pub fail_on: Option<Severity>,
    /// Per-rule severity overrides. A `BTreeMap` keeps iteration (and so
    /// any output derived from it) in a stable order.
    #[serde(default, deserialize_with = "severity_map")]
    pub severity: BTreeMap<String, Severity>,
}

/// The file as written: everything optional, spans where a later
/// diagnostic may need them.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    migrations: Option<toml::Spanned<String>>,
    #[serde(default, deserialize_with = "dialect_opt")]
    dialect: Option<DialectId>,
    #[serde(default, deserialize_with = "engine_version_opt")]
    engine_version: Option<String>,
    #[serde(default, deserialize_with = "identifier_opt")]
    version_table: Option<String>,
    #[serde(default, deserialize_with = "identifier_opt")]
    version_table_schema: Option<String>,
    #[serde(default)]
    transaction: TransactionMode,
    #[serde(default, deserialize_with = "duration_opt")]
    lock_timeout: Option<String>,
    #[serde(default, deserialize_with = "duration_opt")]
    statement_timeout: Option<String>,
    #[serde(default, deserialize_with = "template_opt")]
    file_template: Option<String>,
    #[serde(default)]
    lint: LintConfig,
    #[serde(default, deserialize_with = "layout_opt")]
    layout: Option<String>,
    #[serde(default)]
    alembic: AlembicConfig,
}

impl Config {
    /// Parses the text of a `migc.toml` already added to the source map
    /// as `file`.
    pub fn parse(file: FileId, text: &str) -> Result<Config, Box<Diagnostic>> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| Box::new(to_diagnostic(file, &e)))?;
        let (migrations, migrations_span) = match raw.migrations {
            Some(m) => {
                let span = Span::new(file, m.span());
                let value = m.into_inner();
                if value.trim().is_empty() {
                    return Err(Box::new(
                        Diagnostic::error(INVALID_CONFIG, "`migrations` is empty")
                            .with_primary(span, "expected a folder name")
                            .with_help("write `migrations = \"migrations\"` or remove the key"),
                    ));
                }
                (PathBuf::from(value), Some(span))
            }
            None => (PathBuf::from(DEFAULT_MIGRATIONS), None),
        };
        Ok(Config {
            migrations,
            migrations_span,
            dialect: raw.dialect.unwrap_or(DialectId::Postgresql),
            engine_version: raw.engine_version,
            version_table: raw
                .version_table
                .unwrap_or_else(|| DEFAULT_VERSION_TABLE.to_string()),
            version_table_schema: raw.version_table_schema,
            transaction: raw.transaction,
            lock_timeout: raw.lock_timeout,
            statement_timeout: raw.statement_timeout,
            file_template: raw
                .file_template
                .unwrap_or_else(|| crate::newrev::DEFAULT_TEMPLATE.to_string()),
            lint: raw.lint,
            layout: raw.layout,
            alembic: raw.alembic,
        })
    }

    /// The migrations folder resolved against the project root.
    pub fn migrations_dir(&self, root: &Path) -> PathBuf {
        root.join(&self.migrations)
    }
}

fn to_diagnostic(file: FileId, error: &toml::de::Error) -> Diagnostic {
    // The toml crate's message is one or more lines; the first says what
    // is wrong, the rest (if any) are details worth keeping as notes.
    let message = error.message().trim();
    let mut lines = message.lines();
    let head = lines.next().unwrap_or("invalid configuration").trim();
    let mut diagnostic = Diagnostic::error(INVALID_CONFIG, format!("invalid {FILE_NAME}: {head}"));
    diagnostic = match error.span() {
        Some(range) => diagnostic.with_primary(Span::new(file, range), label_for(head)),
        None => diagnostic,
    };
    for line in lines.map(str::trim).filter(|l| !l.is_empty()) {
        diagnostic = diagnostic.with_note(line.to_string());
    }
    if head.starts_with("unknown field") {
        diagnostic = diagnostic.with_help(
            "the keys are: migrations, dialect, engine_version, version_table, \
             version_table_schema, transaction, lock_timeout, statement_timeout, layout, [lint], [alembic]",
        );
    }
    diagnostic
}

fn label_for(message: &str) -> &'static str {
    if message.starts_with("unknown field") {
        "unknown key"
    } else if message.starts_with("invalid type") {
        "wrong type"
    } else if [
        "unknown variant",
        "invalid value",
        "unknown dialect",
        "unknown severity",
        "invalid engine_version",
        "invalid duration",
        "unknown layout",
        "invalid type",
        "expected a table",
    ]
    .iter()
    .any(|p| message.starts_with(p))
    {
        "invalid value"
    } else {
        "here"
    }
}

// The deserializers below report through `serde::de::Error::custom`; the
// toml crate attaches the span of the value being read, which is what the
// caret should point at.

fn dialect_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DialectId>, D::Error> {
    let s = String::deserialize(d)?;
    s.parse().map(Some).map_err(serde::de::Error::custom)
}

fn engine_version_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let s = String::deserialize(d)?;
    let valid = !s.is_empty()
        && s.split('.')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
    if valid {
        Ok(Some(s))
    } else {
        Err(serde::de::Error::custom(format!(
            "invalid engine_version `{s}`: expected a version number such as \"15\" or \"8.0\""
        )))
    }
}

fn layout_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let s = String::deserialize(d)?;
    if crate::layout::LAYOUTS.contains(&s.as_str()) {
        Ok(Some(s))
    } else {
        Err(serde::de::Error::custom(format!(
            "unknown layout `{s}`: expected one of {}",
            crate::layout::LAYOUTS
                .iter()
                .map(|l| format!("\"{l}\""))
                .collect::<Vec<_>>()
                .join(", ")
        )))
    }
}

fn type_map<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<String, crate::ir::DataType>, D::Error> {
    let raw = BTreeMap::<String, GenericType>::deserialize(d)?;
    Ok(raw.into_iter().map(|(python, ty)| (python, ty.0)).collect())
}

/// One value of `[alembic.types]`, checked as it is read so that an
/// error points at that value.
struct GenericType(crate::ir::DataType);

impl<'de> Deserialize<'de> for GenericType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<GenericType, D::Error> {
        let s = String::deserialize(d)?;
        generic_type(&s)
            .map(GenericType)
            .map_err(serde::de::Error::custom)
    }
}

/// A generic type as the DSL writes it: `uuid`, `varchar(36)`,
/// `numeric(10, 2)`, `text[]`.
fn generic_type(text: &str) -> Result<crate::ir::DataType, String> {
    let text = text.trim();
    if let Some(inner) = text.strip_suffix("[]") {
        return generic_type(inner).map(|t| crate::ir::DataType::Array(Box::new(t)));
    }
    let (name, params) = match text.split_once('(') {
        Some((name, rest)) => {
            let inner = rest
                .strip_suffix(')')
                .ok_or_else(|| format!("invalid type `{text}`: unclosed `(`"))?;
            let params = inner
                .split(',')
                .map(|p| p.trim().parse::<u64>())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|_| format!("invalid type `{text}`: parameters must be numbers"))?;
            (name.trim(), params)
        }
        None => (text, Vec::new()),
    };
    let name = name.to_ascii_lowercase();
    crate::ir::types::type_from_name(&name, &params).map_err(|e| match e {
        crate::ir::types::TypeNameError::Unknown => format!(
            "invalid type `{text}`: expected one of {}",
            crate::ir::types::TYPE_NAMES
                .iter()
                .filter(|n| !n.contains(' ') && !n.contains('['))
                .copied()
                .collect::<Vec<_>>()
                .join(", ")
        ),
        crate::ir::types::TypeNameError::BadParameters(why) => {
            format!("invalid type `{text}`: {why}")
        }
    })
}

fn identifier_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let s = String::deserialize(d)?;
    if s.is_empty() {
        Err(serde::de::Error::custom(
            "expected a table or schema name, found an empty string",
        ))
    } else {
        Ok(Some(s))
    }
}

fn template_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let s = String::deserialize(d)?;
    crate::newrev::check_template(&s).map_err(serde::de::Error::custom)?;
    Ok(Some(s))
}

/// Units PostgreSQL accepts for time settings.
const DURATION_UNITS: [&str; 6] = ["us", "ms", "s", "min", "h", "d"];

fn duration_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let s = String::deserialize(d)?;
    check_duration(&s).map_err(serde::de::Error::custom)?;
    Ok(Some(s))
}

/// Checks a `lock_timeout`/`statement_timeout` value (from `migc.toml` or
/// the command line): a whole number with an optional PostgreSQL unit.
pub fn check_duration(s: &str) -> Result<(), String> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let unit = &s[digits..];
    if digits > 0 && (unit.is_empty() || DURATION_UNITS.contains(&unit)) {
        Ok(())
    } else {
        Err(format!(
            "invalid duration `{s}`: expected a whole number with an optional unit \
             (us, ms, s, min, h, d), such as \"5s\""
        ))
    }
}

fn parse_severity<E: serde::de::Error>(s: &str) -> Result<Severity, E> {
    match s {
        "error" => Ok(Severity::Error),
        "warning" => Ok(Severity::Warning),
        "info" => Ok(Severity::Info),
        _ => Err(E::custom(format!(
            "unknown severity `{s}`: expected \"error\", \"warning\" or \"info\""
        ))),
    }
}

fn severity_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Severity>, D::Error> {
    SeverityValue::deserialize(d).map(|v| Some(v.0))
}

fn severity_map<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, Severity>, D::Error> {
    let raw = BTreeMap::<String, SeverityValue>::deserialize(d)?;
    Ok(raw.into_iter().map(|(rule, v)| (rule, v.0)).collect())
}

/// A severity read as its own value, so that a bad one inside
/// `[lint.severity]` gets the span of that value, not of the table.
struct SeverityValue(Severity);

impl<'de> Deserialize<'de> for SeverityValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<SeverityValue, D::Error> {
        let s = String::deserialize(d)?;
        parse_severity(&s).map(SeverityValue)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceMap;

    fn parse(text: &str) -> Result<Config, Box<Diagnostic>> {
        let mut map = SourceMap::new();
        let id = map.add(FILE_NAME, FILE_NAME, text.to_string());
        Config::parse(id, text)
    }

    fn error_at(text: &str) -> (String, String) {
        let d = parse(text).expect_err("should fail");
        assert_eq!(d.code, INVALID_CONFIG);
        let span = d.primary_span().expect("a span");
        (d.message.clone(), text[span.range()].to_string())
    }

    #[test]
    fn empty_file_gives_defaults() {
        let c = parse("").unwrap();
        assert_eq!(c, Config::default());
    }

    #[test]
    fn alembic_types_map_python_names_to_generic_types() {
        let c = parse(
            "[alembic.types]\n\"myapp.types.GUID\" = \"uuid\"\n\"myapp.types.Money\" = \"numeric(12, 2)\"\n\"myapp.types.Tags\" = \"varchar(20)[]\"\n",
        )
        .unwrap();
        use crate::ir::DataType;
        assert_eq!(c.alembic.types["myapp.types.GUID"], DataType::Uuid);
        assert_eq!(
            c.alembic.types["myapp.types.Money"],
            DataType::Numeric(Some(12), Some(2))
        );
        assert_eq!(
            c.alembic.types["myapp.types.Tags"],
            DataType::Array(Box::new(DataType::Varchar(Some(20))))
        );
    }

    #[test]
    fn an_unknown_alembic_type_points_at_the_value() {
        let (message, at) = error_at("[alembic.types]\n\"a.B\" = \"guid\"\n");
        assert!(message.contains("invalid type `guid`"), "{message}");
        assert_eq!(at, "\"guid\"");
        let (message, _) = error_at("[alembic.types]\n\"a.B\" = \"varchar(x)\"\n");
        assert!(message.contains("parameters must be numbers"), "{message}");
        let (message, at) = error_at("[alembic]\ntypo = 1\n");
        assert!(message.contains("unknown field"), "{message}");
        assert_eq!(at, "typo");
    }

    #[test]
    fn every_key() {
        let c = parse(
            r#"
migrations = "db/migrations"
dialect = "mysql"
engine_version = "8.0"
version_table = "schema_version"
version_table_schema = "ops"
transaction = "per-migration"
lock_timeout = "5s"
statement_timeout = "10min"

[lint]
select = ["adding-not-null-column"]
ignore = ["renaming-table"]
fail_on = "warning"

[lint.severity]
"drop-column" = "error"
"#,
        )
        .unwrap();
        assert_eq!(c.migrations, PathBuf::from("db/migrations"));
        assert!(c.migrations_span.is_some());
        assert_eq!(c.dialect, DialectId::Mysql);
        assert_eq!(c.engine_version.as_deref(), Some("8.0"));
        assert_eq!(c.version_table, "schema_version");
        assert_eq!(c.version_table_schema.as_deref(), Some("ops"));
        assert_eq!(c.transaction, TransactionMode::PerMigration);
        assert_eq!(c.lock_timeout.as_deref(), Some("5s"));
        assert_eq!(c.statement_timeout.as_deref(), Some("10min"));
        assert_eq!(c.lint.fail_on, Some(Severity::Warning));
        assert_eq!(c.lint.severity.get("drop-column"), Some(&Severity::Error));
        assert_eq!(c.lint.ignore, vec!["renaming-table".to_string()]);
    }

    #[test]
    fn unknown_key_points_at_the_key() {
        let (message, at) = error_at("dialect = \"sqlite\"\nmigration = \"x\"\n");
        assert!(message.contains("unknown field"), "{message}");
        assert_eq!(at, "migration");
    }

    #[test]
    fn unknown_dialect_points_at_the_value() {
        let (message, at) = error_at("dialect = \"oracle\"\n");
        assert!(message.contains("unknown dialect"), "{message}");
        assert_eq!(at, "\"oracle\"");
    }

    #[test]
    fn wrong_type_points_at_the_value() {
        let (message, at) = error_at("lock_timeout = 5\n");
        assert!(message.contains("invalid type"), "{message}");
        assert_eq!(at, "5");
    }

    #[test]
    fn bad_values() {
        assert_eq!(error_at("lock_timeout = \"5 seconds\"").1, "\"5 seconds\"");
        assert_eq!(error_at("engine_version = \"fifteen\"").1, "\"fifteen\"");
        assert_eq!(error_at("transaction = \"sometimes\"").1, "\"sometimes\"");
        assert_eq!(error_at("[lint]\nfail_on = \"fatal\"").1, "\"fatal\"");
        assert_eq!(
            error_at("[lint.severity]\nx = \"info\"\ny = \"loud\"").1,
            "\"loud\""
        );
        assert!(error_at("[lint]\nbogus = 1").0.contains("unknown field"));
        assert!(error_at("migrations = \"\"").0.contains("empty"));
        assert_eq!(error_at("layout = \"liquibase\"").1, "\"liquibase\"");
        assert_eq!(
            parse("layout = \"dbmate\"").unwrap().layout.as_deref(),
            Some("dbmate")
        );
    }

    #[test]
    fn syntax_error_has_a_span() {
        let (message, _) = error_at("dialect = \n");
        assert!(message.starts_with("invalid migc.toml"), "{message}");
    }
}
