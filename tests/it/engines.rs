//! Real database servers for the engine tests: PostgreSQL and MariaDB
//! started by `.ci/start-servers`, found through `MIGC_PG_HOST` and
//! `MIGC_MARIADB_SOCKET`. A test whose server is absent says it was
//! skipped, and fails instead when `MIGC_REQUIRE_EXTERNAL` is set (CI).

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Postgres,
    Mariadb,
}

#[derive(Clone)]
pub struct Server {
    kind: Kind,
    /// Socket directory (PostgreSQL) or socket file (MariaDB).
    socket: String,
    user: String,
}

impl Server {
    /// The server of that kind, or `None` (with a SKIPPED line) when its
    /// environment variables are not set outside CI.
    pub fn get(kind: Kind) -> Option<Server> {
        let (socket_var, user_var) = match kind {
            Kind::Postgres => ("MIGC_PG_HOST", "MIGC_PG_USER"),
            Kind::Mariadb => ("MIGC_MARIADB_SOCKET", "MIGC_MARIADB_USER"),
        };
        match (std::env::var(socket_var), std::env::var(user_var)) {
            (Ok(socket), Ok(user)) => Some(Server { kind, socket, user }),
            _ => {
                assert!(
                    std::env::var_os("MIGC_REQUIRE_EXTERNAL").is_none(),
                    "{socket_var} is not set but MIGC_REQUIRE_EXTERNAL is: run .ci/start-servers"
                );
                eprintln!(
                    "SKIPPED: no {kind:?} server ({socket_var} unset; see .ci/start-servers)"
                );
                None
            }
        }
    }

    fn client(&self, database: Option<&str>) -> Command {
        let mut cmd = match self.kind {
            Kind::Postgres => {
                let mut c = Command::new("psql");
                c.args([
                    "-X",
                    "-q",
                    "-v",
                    "ON_ERROR_STOP=1",
                    "-h",
                    &self.socket,
                    "-U",
                    &self.user,
                ]);
                c.args(["-d", database.unwrap_or("postgres")]);
                c
            }
            Kind::Mariadb => {
                let mut c = Command::new("mariadb");
                c.args(["--socket", &self.socket, "-u", &self.user, "--batch"]);
                if let Some(db) = database {
                    c.args(["--database", db]);
                }
                c
            }
        };
        cmd.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd
    }

    /// Runs `sql` through the command-line client; stdout, or stderr as
    /// the error.
    fn run(&self, database: Option<&str>, sql: &str) -> Result<String, String> {
        let mut child = self.client(database).spawn().map_err(|e| e.to_string())?;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(sql.as_bytes())
            .map_err(|e| e.to_string())?;
        let out = child.wait_with_output().map_err(|e| e.to_string())?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }

    /// A new empty database, dropped when the handle is.
    pub fn fresh(&self) -> Database {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "migc_t{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        self.run(
            None,
            &format!("DROP DATABASE IF EXISTS {name}; CREATE DATABASE {name};"),
        )
        .unwrap();
        Database {
            server: self.clone(),
            name,
        }
    }
}

pub struct Database {
    server: Server,
    name: String,
}

impl Database {
    pub fn kind(&self) -> Kind {
        self.server.kind
    }

    /// Tables and enum types outside the system schemas, sorted.
    pub fn user_objects(&self) -> Vec<String> {
        let sql = match self.server.kind {
            Kind::Postgres => {
                "\\pset tuples_only on\n\\pset format unaligned\n\
                 SELECT 'table ' || table_schema || '.' || table_name FROM information_schema.tables \
                 WHERE table_schema NOT IN ('pg_catalog', 'information_schema') \
                 UNION ALL SELECT 'type ' || n.nspname || '.' || t.typname FROM pg_type t \
                 JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typtype = 'e' \
                 UNION ALL SELECT 'schema ' || nspname FROM pg_namespace \
                 WHERE nspname NOT IN ('public', 'information_schema') AND nspname NOT LIKE 'pg\\_%';"
            }
            Kind::Mariadb => "SHOW TABLES",
        };
        let out = self.query(sql).unwrap();
        let skip = usize::from(self.server.kind == Kind::Mariadb);
        let mut names: Vec<String> = out.lines().skip(skip).map(str::to_string).collect();
        names.sort();
        names
    }

    /// Applies a script; the first failing statement stops it.
    pub fn apply(&self, sql: &str) -> Result<(), String> {
        self.server.run(Some(&self.name), sql).map(|_| ())
    }

    pub fn query(&self, sql: &str) -> Result<String, String> {
        self.server.run(Some(&self.name), sql)
    }

    /// The schema as text, stable across runs: `pg_dump --schema-only`
    /// without comments, or `SHOW CREATE TABLE` of every table by name.
    pub fn schema(&self) -> String {
        match self.server.kind {
            Kind::Postgres => {
                let out = Command::new("pg_dump")
                    .args(["--schema-only", "--no-owner", "--no-privileges"])
                    .args([
                        "-h",
                        &self.server.socket,
                        "-U",
                        &self.server.user,
                        &self.name,
                    ])
                    .output()
                    .unwrap();
                assert!(
                    out.status.success(),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
                String::from_utf8_lossy(&out.stdout)
                    .lines()
                    // `\restrict KEY` lines carry a random key per dump
                    // (pg_dump 15.14 and later).
                    .filter(|l| {
                        !l.starts_with("--")
                            && !l.starts_with("\\restrict")
                            && !l.starts_with("\\unrestrict")
                            && !l.trim().is_empty()
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            }
            Kind::Mariadb => {
                let tables = self.query("SHOW TABLES").unwrap();
                let mut names: Vec<&str> = tables.lines().skip(1).collect();
                names.sort_unstable();
                names
                    .iter()
                    .map(|t| self.query(&format!("SHOW CREATE TABLE `{t}`\\G")).unwrap())
                    .collect::<Vec<_>>()
                    .join("\n")
            }
        }
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        let _ = self
            .server
            .run(None, &format!("DROP DATABASE IF EXISTS {}", self.name));
    }
}

/// The harness itself: a script applies, its schema shows, a failing
/// statement stops the script and is reported.
#[test]
fn servers_apply_scripts_and_report_failures() {
    let scripts = [
        (
            Kind::Postgres,
            "BEGIN;\nCREATE TABLE t (id bigint PRIMARY KEY, name text NOT NULL);\nCOMMIT;\n\
             CREATE INDEX CONCURRENTLY ix_t_name ON t (name);\n",
            "CREATE INDEX ix_t_name",
        ),
        (
            Kind::Mariadb,
            "CREATE TABLE t (id bigint PRIMARY KEY, name varchar(20) NOT NULL);\n\
             CREATE INDEX ix_t_name ON t (name);\n",
            "KEY `ix_t_name`",
        ),
    ];
    for (kind, script, expect) in scripts {
        let Some(server) = Server::get(kind) else {
            continue;
        };
        let db = server.fresh();
        db.apply(script).unwrap();
        let schema = db.schema();
        assert!(schema.contains(expect), "{kind:?}:\n{schema}");
        let err = db
            .apply("CREATE TABLE t (id int);\nCREATE TABLE never (id int);")
            .unwrap_err();
        assert!(err.contains("exist"), "{kind:?}: {err}");
        assert!(
            !db.schema().contains("never"),
            "{kind:?}: the script went on after the error"
        );
    }
}
