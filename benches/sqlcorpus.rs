//! Writes a deterministic corpus of PostgreSQL migrations in the
//! golang-migrate layout, for measuring `migc check` against squawk:
//!
//! ```sh
//! cargo bench --bench sqlcorpus -- 5000 /tmp/corpus [SEED]
//! target/release/migc check --config /tmp/corpus
//! ```
//!
//! Each revision touches tables made by earlier ones (columns, indexes,
//! constraints, enum values, backfills), and one in twenty holds a
//! PL/pgSQL function with a trigger, so the history reads like a real one.

use std::fmt::Write as _;
use std::path::Path;

/// A small xorshift generator: the corpus depends only on the seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const TYPES: [&str; 8] = [
    "text",
    "bigint",
    "integer",
    "boolean NOT NULL DEFAULT false",
    "timestamptz",
    "numeric(12, 2)",
    "jsonb",
    "varchar(120)",
];

fn main() -> std::io::Result<()> {
    // `cargo bench` adds `--bench`; only the positional arguments count.
    let args: Vec<String> = std::env::args().filter(|a| !a.starts_with("--")).collect();
    let count: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(5000);
    let dir = Path::new(args.get(2).map_or("sql-corpus", String::as_str));
    let seed: u64 = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(42);
    let migrations = dir.join("migrations");
    std::fs::create_dir_all(&migrations)?;
    std::fs::write(dir.join("migc.toml"), "migrations = \"migrations\"\n")?;
    let mut rng = Rng(seed.max(1));
    // (table, columns) made so far.
    let mut tables: Vec<(String, Vec<String>)> = Vec::new();
    let mut enums = 0usize;
    for i in 1..=count {
        let mut up = String::new();
        let mut down = String::new();
        let name;
        let pick = if tables.len() < 3 { 0 } else { rng.below(10) };
        match pick {
            0 | 1 => {
                let t = format!("t{i}_items");
                name = format!("create_{t}");
                let _ = writeln!(up, "-- Table {t}, made by revision {i}.");
                let _ = writeln!(up, "CREATE TABLE IF NOT EXISTS {t} (");
                let _ = writeln!(
                    up,
                    "    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                );
                let mut cols = vec!["id".to_string()];
                for c in 0..1 + rng.below(5) {
                    let ty = TYPES[rng.below(TYPES.len() as u64) as usize];
                    let _ = writeln!(up, "    c{c} {ty},");
                    cols.push(format!("c{c}"));
                }
                if let Some((parent, _)) = tables.last() {
                    let _ = writeln!(up, "    {parent}_id BIGINT REFERENCES {parent} (id),");
                }
                let _ = writeln!(up, "    created_at TIMESTAMPTZ NOT NULL DEFAULT now()\n);");
                let _ = writeln!(up, "CREATE INDEX {t}_created_at_idx ON {t} (created_at);");
                let _ = writeln!(down, "DROP TABLE {t};");
                tables.push((t, cols));
            }
            2 | 3 => {
                let k = rng.below(tables.len() as u64) as usize;
                let (t, cols) = &mut tables[k];
                let c = format!("added_{i}");
                name = format!("add_{t}_{c}");
                let ty = TYPES[rng.below(TYPES.len() as u64) as usize];
                let _ = writeln!(up, "ALTER TABLE {t} ADD COLUMN {c} {ty};");
                let _ = writeln!(up, "COMMENT ON COLUMN {t}.{c} IS 'Added in {i}';");
                let _ = writeln!(down, "ALTER TABLE {t} DROP COLUMN {c};");
                cols.push(c);
            }
            4 => {
                let k = rng.below(tables.len() as u64) as usize;
                let (t, cols) = &tables[k];
                let c = &cols[rng.below(cols.len() as u64) as usize];
                name = format!("index_{t}_{c}");
                let _ = writeln!(
                    up,
                    "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_{i}_{t}_{c} ON {t} ({c});"
                );
                let _ = writeln!(down, "DROP INDEX CONCURRENTLY IF EXISTS ix_{i}_{t}_{c};");
            }
            5 => {
                enums += 1;
                let k = rng.below(tables.len() as u64) as usize;
                let (t, cols) = &mut tables[k];
                name = format!("status_{t}");
                let _ = writeln!(
                    up,
                    "CREATE TYPE status_{enums} AS ENUM ('new', 'active', 'archived');"
                );
                let _ = writeln!(
                    up,
                    "ALTER TABLE {t} ADD COLUMN status_{enums} status_{enums} NOT NULL DEFAULT 'new';"
                );
                let _ = writeln!(up, "ALTER TYPE status_{enums} ADD VALUE 'deleted';");
                let _ = writeln!(down, "ALTER TABLE {t} DROP COLUMN status_{enums};");
                let _ = writeln!(down, "DROP TYPE status_{enums};");
                cols.push(format!("status_{enums}"));
            }
            6 => {
                let k = rng.below(tables.len() as u64) as usize;
                let (t, _) = &tables[k];
                name = format!("check_{t}");
                let _ = writeln!(
                    up,
                    "ALTER TABLE {t} ADD CONSTRAINT ck_{i}_{t} CHECK (id > 0) NOT VALID;"
                );
                let _ = writeln!(up, "ALTER TABLE {t} VALIDATE CONSTRAINT ck_{i}_{t};");
                let _ = writeln!(down, "ALTER TABLE {t} DROP CONSTRAINT ck_{i}_{t};");
            }
            7 => {
                let k = rng.below(tables.len() as u64) as usize;
                let (t, _) = &tables[k];
                name = format!("touch_{t}");
                let _ = writeln!(
                    up,
                    "CREATE OR REPLACE FUNCTION touch_{i}() RETURNS trigger AS $$\nBEGIN\n    NEW.created_at := now();\n    RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql;"
                );
                let _ = writeln!(
                    up,
                    "CREATE TRIGGER touch_{i} BEFORE UPDATE ON {t} FOR EACH ROW EXECUTE FUNCTION touch_{i}();"
                );
                let _ = writeln!(down, "DROP TRIGGER touch_{i} ON {t};");
                let _ = writeln!(down, "DROP FUNCTION touch_{i}();");
            }
            _ => {
                let k = rng.below(tables.len() as u64) as usize;
                let (t, _) = &tables[k];
                name = format!("backfill_{t}");
                let _ = writeln!(
                    up,
                    "UPDATE {t} SET created_at = now() WHERE created_at IS NULL;"
                );
            }
        }
        std::fs::write(migrations.join(format!("{i:06}_{name}.up.sql")), up)?;
        std::fs::write(migrations.join(format!("{i:06}_{name}.down.sql")), down)?;
    }
    Ok(())
}
