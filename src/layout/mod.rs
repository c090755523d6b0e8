//! Folder layouts of plain-SQL migrations: which files hold which
//! revision's `up` and `down`, in which order.
//!
//! Detection looks at the `.sql` files' paths (and, for dbmate, at a
//! `-- migrate:up` line), first match wins:
//!
//! | layout | files |
//! |---|---|
//! | `diesel` | `<version>_<name>/up.sql` and `down.sql` |
//! | `flyway` | `V<ver>__<desc>.sql`, `U<ver>__<desc>.sql`, `R__<desc>.sql` |
//! | `pop` | `<version>_<name>.<dialect>.up.sql` / `.down.sql` (gobuffalo) |
//! | `golang-migrate` | `<version>_<name>.up.sql` / `.down.sql`; also sqlx's single `<version>_<name>.sql` |
//! | `dbmate` | `<version>_<name>.sql` with `-- migrate:up` / `-- migrate:down` |
//! | `sqlx` | `<version>_<name>.sql`, up only (same as `golang-migrate`) |
//! | `plain` | any other `.sql` files, in natural name order |
//!
//! Revision ids are the version part, reduced to `[A-Za-z0-9_]` and 32
//! characters; parents follow version order (numbers compared as numbers).

pub mod alembic_ini;

use crate::dialect::DialectId;
use std::cmp::Ordering;

/// The layouts migc reads; `migc.toml` may force one with `layout = "…"`.
/// `alembic` reads `versions/*.py` revision files (`crate::alembic`); `.py`
/// files holding a `revision = ` line are read as Alembic revisions
/// whatever the layout.
pub const LAYOUTS: [&str; 8] = [
    "alembic",
    "diesel",
    "golang-migrate",
    "sqlx",
    "dbmate",
    "flyway",
    "pop",
    "plain",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    Diesel,
    /// golang-migrate and sqlx (`.up.sql`/`.down.sql` or a single `.sql`).
    Migrate,
    Dbmate,
    Flyway,
    Pop,
    Plain,
}

impl Layout {
    pub fn parse(name: &str) -> Option<Layout> {
        Some(match name {
            "diesel" => Layout::Diesel,
            "golang-migrate" | "sqlx" => Layout::Migrate,
            "dbmate" => Layout::Dbmate,
            "flyway" => Layout::Flyway,
            "pop" => Layout::Pop,
            "plain" => Layout::Plain,
            _ => return None,
        })
    }
}

/// One `.sql` file as the driver found it.
pub struct SqlFile<'a> {
    /// Path relative to the migrations folder, `/`-separated.
    pub relative: &'a str,
    pub text: &'a str,
}

/// Which part of which file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// Index into the files given to [`plan`].
    pub file: usize,
    pub range: std::ops::Range<usize>,
    /// dbmate's `transaction:false`.
    pub no_transaction: bool,
}

/// One revision of a SQL project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Planned {
    pub id: String,
    pub message: String,
    pub up: Section,
    pub down: Option<Section>,
}

/// Detects the layout of `files` (sorted by path).
pub fn detect(files: &[SqlFile<'_>]) -> Layout {
    let names: Vec<&str> = files.iter().map(|f| f.relative).collect();
    let base = |n: &str| n.rsplit('/').next().unwrap_or(n).to_string();
    if names.iter().any(|n| {
        let b = base(n);
        n.contains('/') && (b == "up.sql" || b == "down.sql")
    }) {
        return Layout::Diesel;
    }
    if names.iter().any(|n| flyway_name(&base(n)).is_some()) {
        return Layout::Flyway;
    }
    if names.iter().any(|n| pop_dialect(&base(n)).is_some()) {
        return Layout::Pop;
    }
    if names
        .iter()
        .any(|n| n.ends_with(".up.sql") || n.ends_with(".down.sql"))
    {
        return Layout::Migrate;
    }
    if files.iter().any(|f| dbmate_marker(f.text, "up").is_some()) {
        return Layout::Dbmate;
    }
    if names
        .iter()
        .all(|n| split_version(base(n).trim_end_matches(".sql")).is_some())
    {
        return Layout::Migrate;
    }
    Layout::Plain
}

/// `<version>_<name>` or `<version>-<name>` with a version of digits (and
/// `-`/`.` between digit runs, as diesel's timestamps).
fn split_version(stem: &str) -> Option<(&str, &str)> {
    let end = stem
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == '-' || c == '.'))
        .map_or(stem.len(), |(i, _)| i);
    let version = stem[..end].trim_end_matches(['-', '.']);
    if version.is_empty() || !version.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let rest = stem[version.len()..].trim_start_matches(['_', '-', '.']);
    Some((version, rest))
}

/// Flyway: `V1_2__desc.sql` → (`V`, `1_2`, `desc`); `R__desc.sql` → (`R`, ``, `desc`).
fn flyway_name(base: &str) -> Option<(char, &str, &str)> {
    let stem = base.strip_suffix(".sql")?;
    let kind = stem
        .chars()
        .next()
        .filter(|c| matches!(c, 'V' | 'U' | 'R'))?;
    let (version, desc) = stem[1..].split_once("__")?;
    let ok = if kind == 'R' {
        version.is_empty()
    } else {
        !version.is_empty()
            && version
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == '_')
    };
    ok.then_some((kind, version, desc))
}

const POP_DIALECTS: [&str; 6] = [
    "postgres",
    "mysql",
    "mariadb",
    "sqlite3",
    "sqlite",
    "cockroach",
];

/// Pop: `<version>_<name>.<dialect>.up.sql` → the dialect.
fn pop_dialect(base: &str) -> Option<&str> {
    let stem = base
        .strip_suffix(".up.sql")
        .or_else(|| base.strip_suffix(".down.sql"))?;
    let (_, dialect) = stem.rsplit_once('.')?;
    POP_DIALECTS.contains(&dialect).then_some(dialect)
}

fn pop_matches(pop: &str, dialect: DialectId) -> bool {
    matches!(
        (pop, dialect),
        ("postgres" | "cockroach", DialectId::Postgresql)
            | ("mysql" | "mariadb", DialectId::Mysql)
            | ("sqlite3" | "sqlite", DialectId::Sqlite)
    )
}

/// Where dbmate's `-- migrate:<which>` line is: (line start, line end,
/// whether it says `transaction:false`).
fn dbmate_marker(text: &str, which: &str) -> Option<(usize, usize, bool)> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if let Some(rest) = t.strip_prefix("--")
            && let Some(rest) = rest.trim_start().strip_prefix("migrate:")
            && rest.split_whitespace().next() == Some(which)
        {
            let no_tx = rest.split_whitespace().any(|w| w == "transaction:false");
            return Some((offset, offset + line.len(), no_tx));
        }
        offset += line.len();
    }
    None
}

/// Compares versions by their digit runs as numbers, then as text.
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    fn runs(s: &str) -> Vec<&str> {
        s.split(|c: char| !c.is_ascii_digit())
            .filter(|r| !r.is_empty())
            .collect()
    }
    let num = |r: &str| {
        let t = r.trim_start_matches('0');
        (t.len(), t.to_string())
    };
    let (ra, rb) = (runs(a), runs(b));
    for (x, y) in ra.iter().zip(&rb) {
        match num(x).cmp(&num(y)) {
            Ordering::Equal => {}
            other => return other,
        }
    }
    ra.len().cmp(&rb.len()).then_with(|| a.cmp(b))
}

/// A revision id from a version: `[A-Za-z0-9_]`, at most 32 characters.
pub fn revision_id(version: &str) -> String {
    version
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .take(crate::graph::MAX_REVISION_ID_LEN)
        .collect()
}

fn message(name: &str) -> String {
    name.replace(['_', '-'], " ").trim().to_string()
}

fn whole(file: usize, text: &str) -> Section {
    Section {
        file,
        range: 0..text.len(),
        no_transaction: false,
    }
}

struct Entry {
    version: String,
    name: String,
    up: Option<Section>,
    down: Option<Section>,
    /// Flyway repeatables run after every versioned migration.
    repeatable: bool,
}

/// The planned entries, each found again by its version, name and kind
/// through `index` (a file names its entry; a search of the list for
/// each file made planning quadratic in the history's length).
#[derive(Default)]
struct Entries {
    list: Vec<Entry>,
    index: std::collections::HashMap<(String, String, bool), usize>,
}

fn entry(entries: &mut Entries, version: &str, name: &str, repeatable: bool) -> usize {
    let key = (version.to_string(), name.to_string(), repeatable);
    if let Some(&i) = entries.index.get(&key) {
        return i;
    }
    entries.list.push(Entry {
        version: key.0.clone(),
        name: key.1.clone(),
        up: None,
        down: None,
        repeatable,
    });
    let i = entries.list.len() - 1;
    entries.index.insert(key, i);
    i
}

/// Plans the revisions of `files` laid out as `layout`, in order.
pub fn plan(layout: Layout, files: &[SqlFile<'_>], dialect: DialectId) -> Vec<Planned> {
    let mut planned = Entries::default();
    let mut dialect_specific: Vec<(usize, bool)> = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let (dir, base) = match f.relative.rsplit_once('/') {
            Some((d, b)) => (d, b),
            None => ("", f.relative),
        };
        match layout {
            Layout::Diesel => {
                let folder = dir.rsplit('/').next().unwrap_or(dir);
                let Some((version, name)) = split_version(folder) else {
                    continue;
                };
                let e = entry(&mut planned, version, name, false);
                match base {
                    "up.sql" => planned.list[e].up = Some(whole(i, f.text)),
                    "down.sql" => planned.list[e].down = Some(whole(i, f.text)),
                    _ => {}
                }
            }
            Layout::Flyway => {
                let Some((kind, version, desc)) = flyway_name(base) else {
                    continue;
                };
                match kind {
                    'R' => {
                        let e = entry(&mut planned, &format!("R_{desc}"), desc, true);
                        planned.list[e].up = Some(whole(i, f.text));
                    }
                    'U' => {
                        let e = entry(&mut planned, version, desc, false);
                        planned.list[e].down = Some(whole(i, f.text));
                    }
                    _ => {
                        let e = entry(&mut planned, version, desc, false);
                        planned.list[e].up = Some(whole(i, f.text));
                    }
                }
            }
            Layout::Pop | Layout::Migrate => {
                let (stem, up) = if let Some(s) = base.strip_suffix(".up.sql") {
                    (s, true)
                } else if let Some(s) = base.strip_suffix(".down.sql") {
                    (s, false)
                } else if let Some(s) = base.strip_suffix(".sql") {
                    (s, true)
                } else {
                    continue;
                };
                let (stem, specific) = match stem.rsplit_once('.') {
                    Some((s, d)) if layout == Layout::Pop && POP_DIALECTS.contains(&d) => {
                        if !pop_matches(d, dialect) {
                            continue;
                        }
                        (s, true)
                    }
                    _ => (stem, false),
                };
                let Some((version, name)) = split_version(stem) else {
                    continue;
                };
                let e = entry(&mut planned, version, name, false);
                // A file for the configured dialect wins over a
                // dialect-less one of the same migration.
                let taken = dialect_specific.contains(&(e, up));
                if taken && !specific {
                    continue;
                }
                if specific {
                    dialect_specific.push((e, up));
                }
                let slot = if up {
                    &mut planned.list[e].up
                } else {
                    &mut planned.list[e].down
                };
                *slot = Some(whole(i, f.text));
            }
            Layout::Dbmate => {
                let stem = base.strip_suffix(".sql").unwrap_or(base);
                let Some((version, name)) = split_version(stem) else {
                    continue;
                };
                let e = entry(&mut planned, version, name, false);
                let up = dbmate_marker(f.text, "up");
                let down = dbmate_marker(f.text, "down");
                match (up, down) {
                    (Some((up_start, up_end, no_tx)), Some((down_start, down_end, down_no_tx))) => {
                        // Each section runs from its marker's line to the
                        // other marker (an empty one: right after it) or
                        // the end, whichever order they come in.
                        let (up_range, down_range) = if down_start >= up_end {
                            (up_end..down_start, down_end..f.text.len())
                        } else {
                            (up_end..f.text.len(), down_end..up_start)
                        };
                        planned.list[e].up = Some(Section {
                            file: i,
                            range: up_range,
                            no_transaction: no_tx,
                        });
                        planned.list[e].down = Some(Section {
                            file: i,
                            range: down_range,
                            no_transaction: down_no_tx,
                        });
                    }
                    (Some((_, up_end, no_tx)), None) => {
                        planned.list[e].up = Some(Section {
                            file: i,
                            range: up_end..f.text.len(),
                            no_transaction: no_tx,
                        });
                    }
                    _ => planned.list[e].up = Some(whole(i, f.text)),
                }
            }
            Layout::Plain => {
                let stem = base.strip_suffix(".sql").unwrap_or(base);
                let e = entry(&mut planned, stem, stem, false);
                planned.list[e].up = Some(whole(i, f.text));
            }
        }
    }
    let mut entries = planned.list;
    entries.sort_by(|a, b| {
        a.repeatable
            .cmp(&b.repeatable)
            .then_with(|| compare_versions(&a.version, &b.version))
            .then_with(|| a.name.cmp(&b.name))
    });
    entries
        .into_iter()
        .filter_map(|e| {
            // A down file alone (its up for another dialect) is no revision.
            let up = e.up?;
            Some(Planned {
                id: revision_id(&e.version),
                message: message(&e.name),
                up,
                down: e.down,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files<'a>(names: &[&'a str]) -> Vec<SqlFile<'a>> {
        names
            .iter()
            .map(|n| SqlFile {
                relative: n,
                text: "",
            })
            .collect()
    }

    #[test]
    fn detection() {
        assert_eq!(
            detect(&files(&["2023-01-01-000000_init/up.sql"])),
            Layout::Diesel
        );
        assert_eq!(
            detect(&files(&["V1__init.sql", "R__views.sql"])),
            Layout::Flyway
        );
        assert_eq!(
            detect(&files(&["20230101_init.postgres.up.sql"])),
            Layout::Pop
        );
        assert_eq!(detect(&files(&["0001_init.up.sql"])), Layout::Migrate);
        assert_eq!(detect(&files(&["0001_init.sql"])), Layout::Migrate);
        assert_eq!(detect(&files(&["init.sql", "users.sql"])), Layout::Plain);
        let dbmate = [SqlFile {
            relative: "20230101_init.sql",
            text: "-- migrate:up\nselect 1;\n-- migrate:down\n",
        }];
        assert_eq!(detect(&dbmate), Layout::Dbmate);
    }

    #[test]
    fn versions_compare_as_numbers() {
        assert_eq!(compare_versions("9", "10"), Ordering::Less);
        assert_eq!(compare_versions("1.10", "1.9"), Ordering::Greater);
        assert_eq!(compare_versions("0002", "10"), Ordering::Less);
        assert_eq!(revision_id("2023-01-01-000000"), "2023_01_01_000000");
        assert_eq!(revision_id(&"9".repeat(40)).len(), 32);
    }

    #[test]
    fn pop_keeps_the_configured_dialect() {
        let f = files(&[
            "1_a.down.sql",
            "1_a.mysql.up.sql",
            "1_a.postgres.up.sql",
            "1_a.up.sql",
            "2_b.sqlite3.up.sql",
        ]);
        let planned = plan(Layout::Pop, &f, DialectId::Postgresql);
        assert_eq!(planned.len(), 1);
        assert_eq!(planned[0].up.file, 2);
        assert_eq!(planned[0].down.as_ref().map(|d| d.file), Some(0));
    }

    /// An empty section (one marker right after the other) and a `down`
    /// written before `up` are sections like any other.
    #[test]
    fn dbmate_empty_and_reversed_sections() {
        let cases = [
            (
                "-- migrate:up\n-- migrate:down\nDROP TABLE t;\n",
                "",
                "DROP TABLE t;\n",
            ),
            (
                "-- migrate:up\nCREATE TABLE t (a int);\n-- migrate:down\n",
                "CREATE TABLE t (a int);\n",
                "",
            ),
            (
                "-- migrate:down\n-- migrate:up\nSELECT 1;\n",
                "SELECT 1;\n",
                "",
            ),
            (
                "-- migrate:down\nDROP TABLE t;\n-- migrate:up\nCREATE TABLE t (a int);\n",
                "CREATE TABLE t (a int);\n",
                "DROP TABLE t;\n",
            ),
        ];
        for (text, up, down) in cases {
            let f = [SqlFile {
                relative: "20230101120000_t.sql",
                text,
            }];
            let planned = plan(Layout::Dbmate, &f, DialectId::Postgresql);
            assert_eq!(&text[planned[0].up.range.clone()], up, "{text:?}");
            assert_eq!(
                &text[planned[0].down.clone().unwrap().range],
                down,
                "{text:?}"
            );
        }
    }

    #[test]
    fn dbmate_sections() {
        let text = "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON t (a);\n-- migrate:down\nDROP INDEX i;\n";
        let f = [SqlFile {
            relative: "20230101120000_idx.sql",
            text,
        }];
        let planned = plan(Layout::Dbmate, &f, DialectId::Postgresql);
        assert_eq!(planned[0].id, "20230101120000");
        assert!(planned[0].up.no_transaction);
        assert_eq!(
            &text[planned[0].up.range.clone()],
            "CREATE INDEX CONCURRENTLY i ON t (a);\n"
        );
        assert_eq!(
            &text[planned[0].down.clone().unwrap().range],
            "DROP INDEX i;\n"
        );
    }
}
