//! A deterministic generator of realistic `.mig` histories for benchmarks:
//! tables of 5 to 30 columns, indexes built concurrently, constraints added
//! `not valid` and validated later, renames, type widenings, batched
//! backfills, comments, explicit `down` blocks on half the revisions, and a
//! branch and merge every 300 revisions. Same seed, same bytes.

use std::fmt::Write;

/// xorshift64*: small, fast and reproducible everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
}

struct Table {
    name: String,
    columns: Vec<String>,
    /// Columns still `varchar(n)`, with their length, for widenings.
    varchars: Vec<(String, u32)>,
}

/// One generated file: its name and text.
pub struct File {
    pub name: String,
    pub text: String,
}

const TYPES: &[&str] = &[
    "bigint",
    "integer",
    "text",
    "varchar(80)",
    "boolean",
    "timestamptz",
    "numeric(12, 2)",
    "uuid",
    "jsonb",
    "date",
];

/// `n` revisions with their files.
pub fn generate(n: usize, seed: u64) -> Vec<File> {
    let mut rng = Rng::new(seed);
    let mut tables: Vec<Table> = Vec::new();
    let mut files = Vec::with_capacity(n);
    let mut parent: Option<String> = None;
    let mut pending_validate: Option<(String, String)> = None;
    let mut i = 0;
    while i < n {
        // Every 300 revisions: two branches off the same parent, then a merge.
        if i % 300 == 299 && i + 3 <= n {
            let base = parent.clone();
            let a = format!("r{i:06}_a");
            let b = format!("r{:06}_b", i + 1);
            for id in [&a, &b] {
                let t = format!("branch_{id}");
                let text = format!(
                    "revision \"{id}\"\n{}message \"branch table {t}\"\n\nup {{\n  create table {t} (id bigint generated always as identity primary key, note text);\n}}\n",
                    base.as_ref()
                        .map_or(String::new(), |p| format!("parent \"{p}\"\n")),
                );
                files.push(File {
                    name: format!("{id}.mig"),
                    text,
                });
            }
            let m = format!("r{:06}_merge", i + 2);
            let text = format!(
                "revision \"{m}\"\nparents \"{a}\", \"{b}\"\nmessage \"merge the two branches\"\n"
            );
            files.push(File {
                name: format!("{m}.mig"),
                text,
            });
            parent = Some(m);
            i += 3;
            continue;
        }
        let id = format!("r{i:06}");
        let mut up = String::new();
        let mut down = String::new();
        let message;
        if let Some((table, constraint)) = pending_validate.take() {
            let _ = writeln!(up, "  validate constraint {constraint} on {table};");
        }
        let choice = if tables.len() < 3 { 0 } else { rng.below(10) };
        match choice {
            0 | 1 => {
                let t = format!("t{i}");
                let ncols = 5 + rng.below(26);
                let mut cols =
                    vec!["id bigint generated always as identity primary key".to_string()];
                let mut names = vec!["id".to_string()];
                let mut varchars = Vec::new();
                for c in 1..ncols {
                    let ty = TYPES[rng.below(TYPES.len())];
                    let name = format!("c{c}");
                    let not_null = rng.below(3) == 0;
                    let default = match (not_null, ty) {
                        (true, "bigint" | "integer") => " default 0",
                        (true, "text" | "varchar(80)") => " default ''",
                        (true, "boolean") => " default false",
                        (true, "timestamptz") => " default now()",
                        _ => "",
                    };
                    let nn = if not_null && !default.is_empty() {
                        " not null"
                    } else {
                        ""
                    };
                    cols.push(format!("{name} {ty}{nn}{default}"));
                    if ty == "varchar(80)" {
                        varchars.push((name.clone(), 80));
                    }
                    names.push(name);
                }
                cols.push(format!("constraint ck_{t}_id check (id > 0)"));
                let _ = writeln!(
                    up,
                    "  create table {t} (\n    {}\n  );",
                    cols.join(",\n    ")
                );
                let _ = writeln!(up, "  create index ix_{t}_c1 on {t} (c1);");
                let _ = writeln!(down, "  drop table {t};");
                message = format!("create {t}");
                tables.push(Table {
                    name: t,
                    columns: names,
                    varchars,
                });
            }
            2 => {
                let k = rng.below(tables.len());
                let t = &mut tables[k];
                let c = format!("added_{i}");
                let _ = writeln!(up, "  add column {}.{c} text null;", t.name);
                let _ = writeln!(down, "  drop column {}.{c};", t.name);
                message = format!("add {}.{c}", t.name);
                t.columns.push(c);
            }
            3 => {
                let k = rng.below(tables.len());
                let t = &tables[k];
                let c = &t.columns[1 + rng.below(t.columns.len() - 1)];
                let _ = writeln!(
                    up,
                    "  no transaction {{\n    create index concurrently ix_{i} on {} ({c});\n  }}",
                    t.name
                );
                let _ = writeln!(
                    down,
                    "  no transaction {{\n    drop index concurrently ix_{i};\n  }}"
                );
                message = format!("index {}.{c}", t.name);
            }
            4 => {
                let k = rng.below(tables.len());
                let t = &mut tables[k];
                let k = 1 + rng.below(t.columns.len() - 1);
                let old = t.columns[k].clone();
                let new = format!("{old}_r{i}");
                let _ = writeln!(
                    up,
                    "  # migc: allow rename-column — the app reads both names\n  rename column {}.{old} to {new};",
                    t.name
                );
                let _ = writeln!(down, "  rename column {}.{new} to {old};", t.name);
                if let Some(v) = t.varchars.iter_mut().find(|(c, _)| *c == old) {
                    v.0 = new.clone();
                }
                t.columns[k] = new;
                message = format!("rename a column of {}", t.name);
            }
            5 => {
                let k = rng.below(tables.len());
                let t = &mut tables[k];
                if let Some((c, len)) = t.varchars.first_mut() {
                    let wider = *len * 2;
                    let _ = writeln!(up, "  alter column {}.{c} type varchar({wider});", t.name);
                    let _ = writeln!(down, "  alter column {}.{c} type varchar({len});", t.name);
                    *len = wider;
                    message = format!("widen {}.{c}", t.name);
                } else {
                    let _ = writeln!(up, "  comment on table {} is 'revision {i}';", t.name);
                    message = format!("note the revision on {}", t.name);
                }
            }
            6 => {
                let p = rng.below(tables.len());
                let parent_t = tables[p].name.clone();
                let k = rng.below(tables.len());
                let t = &mut tables[k];
                let c = format!("ref_{i}");
                let k = format!("fk_{i}");
                let _ = writeln!(up, "  add column {}.{c} bigint null;", t.name);
                let _ = writeln!(
                    up,
                    "  add constraint {k} on {} foreign key ({c}) references {parent_t} (id) not valid;",
                    t.name
                );
                let _ = writeln!(down, "  drop constraint {k} on {};", t.name);
                let _ = writeln!(down, "  drop column {}.{c};", t.name);
                pending_validate = Some((t.name.clone(), k));
                t.columns.push(c);
                message = format!("reference {parent_t} from {}", t.name);
            }
            7 => {
                let k = rng.below(tables.len());
                let t = &tables[k];
                let c = &t.columns[1 + rng.below(t.columns.len() - 1)];
                let _ = writeln!(
                    up,
                    "  no transaction {{\n    backfill {} set {c} = null where id < 1000 batch 500;\n  }}",
                    t.name
                );
                message = format!("clear {}.{c}", t.name);
            }
            8 => {
                let k = rng.below(tables.len());
                let t = &tables[k];
                let _ = writeln!(
                    up,
                    "  comment on table {} is 'owned by team {}';",
                    t.name,
                    rng.below(9)
                );
                message = format!("document {}", t.name);
            }
            _ => {
                let k = rng.below(tables.len());
                let t = &tables[k];
                let c = &t.columns[1 + rng.below(t.columns.len() - 1)];
                let _ = writeln!(
                    up,
                    "  comment on column {}.{c} is 'see the handbook';",
                    t.name
                );
                message = format!("document {}.{c}", t.name);
            }
        }
        let header = format!(
            "revision \"{id}\"\n{}message \"{message}\"\n",
            parent
                .as_ref()
                .map_or(String::new(), |p| format!("parent \"{p}\"\n"))
        );
        // Half the revisions state their downgrade; the rest are derived.
        // Validations, backfills and comments (whose old text only the
        // catalog knows) keep theirs derived.
        let derived_only = ["validate constraint", "backfill", "comment on"];
        let down = if i % 2 == 0 && !derived_only.iter().any(|w| up.contains(w)) {
            format!("\ndown {{\n{down}}}\n")
        } else {
            String::new()
        };
        files.push(File {
            name: format!("{id}.mig"),
            text: format!("{header}\nup {{\n{up}}}\n{down}"),
        });
        parent = Some(id);
        i += 1;
    }
    files
}

/// Writes a project (`migc.toml` + `migrations/`) to `dir`, replacing it.
pub fn write_project(dir: &std::path::Path, files: &[File]) -> std::io::Result<()> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("migrations"))?;
    std::fs::write(
        dir.join("migc.toml"),
        "dialect = \"postgresql\"\nengine_version = \"15\"\nlock_timeout = \"5s\"\n",
    )?;
    for f in files {
        std::fs::write(dir.join("migrations").join(&f.name), &f.text)?;
    }
    Ok(())
}
