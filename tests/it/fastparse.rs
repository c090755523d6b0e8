//! The fast `.mig` parser against the pest one, the reference: whenever
//! the fast path answers, its revision (spans included) and diagnostics
//! are the pest path's. And it does answer for well-formed files, or a
//! fast path that always declined would pass.

use crate::determinism::corpus;
use migc::diagnostic::Diagnostic;
use migc::dsl::{parse_fast_path, parse_with_pest};
use migc::ir::Revision;
use migc::source::FileId;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use std::path::{Path, PathBuf};

type Parsed = (Option<Revision>, Vec<Diagnostic>);

/// Whether the fast path answered; an error when its answer differs.
fn agrees(text: &str) -> Result<bool, String> {
    agrees_with(text, &parse_with_pest(FileId(0), text))
}

/// [`agrees`], given pest's answer.
fn agrees_with(text: &str, pest: &Parsed) -> Result<bool, String> {
    let Some(fast) = parse_fast_path(FileId(0), text) else {
        return Ok(false);
    };
    if fast != *pest {
        return Err(format!(
            "the fast path differs from pest on:\n{text}\n--- fast:\n{fast:#?}\n--- pest:\n{pest:#?}"
        ));
    }
    Ok(true)
}

fn well_formed(parsed: &Parsed) -> bool {
    parsed.0.is_some() && !parsed.1.iter().any(Diagnostic::is_error)
}

/// Random files of the printing property (every statement kind, odd
/// names and strings, comments, messy layout), with a few more
/// statements and line endings.
fn file() -> impl Strategy<Value = String> {
    let extra = prop::sample::select(vec![
        "",
        "  opaque \"op.execute(x)\" because \"a call\";\n",
        "  opaque \"\"\"for t in ts:\n    op.drop(t)\"\"\";\n",
        "  drop table if exists t (id bigint primary key, n text not null default 'x',);\n",
        "  drop column t.c varchar(20) not null default 'a' comment 'c';\n",
        "  CREATE TABLE \"Q\" (A INT CONSTRAINT pk PRIMARY KEY, \"unique\" int unique);\n",
        "  create index i on t (lower(a) desc nulls last, (a + 1)) where a is not null;\n",
        "  backfill t set a = b where c batch 10;\n",
        "  add column t.c int default 1 + 2 is not null not null;\n",
        "  ;;\n",
    ]);
    (
        crate::printing::file(),
        extra,
        prop::sample::select(vec!["\n", "\r\n"]),
    )
        .prop_map(|(text, extra, eol)| {
            let text = match text.find("up {\n") {
                Some(at) => format!("{}{extra}{}", &text[..at + 5], &text[at + 5..]),
                None => text,
            };
            text.replace('\n', eol)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Whenever the fast path answers, it answers as pest does.
    #[test]
    fn fast_path_agrees_with_pest(text in file()) {
        agrees(&text).map_err(TestCaseError::fail)?;
    }
}

/// The fast path answers for nearly every well-formed generated file.
#[test]
fn fast_path_accepts_well_formed_generated_files() {
    let mut runner = TestRunner::new(Config {
        cases: 400,
        ..Config::default()
    });
    let (mut well, mut accepted) = (0usize, 0usize);
    let mut declined = Vec::new();
    for _ in 0..400 {
        let text = file().new_tree(&mut runner).expect("a file").current();
        let pest = parse_with_pest(FileId(0), &text);
        if !well_formed(&pest) {
            continue;
        }
        well += 1;
        match agrees(&text) {
            Ok(true) => accepted += 1,
            Ok(false) => declined.push(text),
            Err(e) => panic!("{e}"),
        }
    }
    eprintln!("generated: the fast path answered for {accepted} of {well} well-formed files");
    assert!(well >= 200, "only {well} well-formed files");
    assert!(
        accepted * 100 >= well * 99,
        "the fast path answered for {accepted} of {well} well-formed files; first declined:\n{}",
        declined.first().map_or("", String::as_str)
    );
}

fn mig_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n == "target") {
                continue;
            }
            mig_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "mig")
            || path.components().any(|c| {
                let c = c.as_os_str();
                c == "regressions" || c == "corpus" || c == "artifacts"
            })
        {
            out.push(path);
        }
    }
}

/// The project's own `.mig` files and a generated benchmark history.
fn corpus_texts() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    for dir in ["tests", "examples", "fuzz"] {
        mig_files(&root.join(dir), &mut paths);
    }
    paths.sort();
    let mut texts: Vec<(String, String)> = paths
        .iter()
        .filter_map(|p| {
            let text = String::from_utf8(std::fs::read(p).ok()?).ok()?;
            Some((p.display().to_string(), text))
        })
        .collect();
    texts.extend(
        corpus::generate(300, 7)
            .into_iter()
            .map(|f| (f.name, f.text)),
    );
    texts
}

/// On every file of the project and of the benchmark corpus the fast
/// path agrees with pest, and answers for all well-formed ones. Local
/// fuzzing corpora (never committed) are compared too, but what a fuzzer
/// makes may well hit a corner the fast path leaves to pest.
#[test]
fn fast_path_agrees_on_the_corpora() {
    let (mut well, mut accepted) = (0, 0);
    let mut declined = Vec::new();
    let mut fuzzed_declined = Vec::new();
    for (name, text) in corpus_texts() {
        let pest = parse_with_pest(FileId(0), &text);
        let ok = agrees_with(&text, &pest).unwrap_or_else(|e| panic!("{name}: {e}"));
        if well_formed(&pest) {
            well += 1;
            if ok {
                accepted += 1;
            } else if name.contains("/corpus/") || name.contains("/artifacts/") {
                fuzzed_declined.push(name);
            } else {
                declined.push(name);
            }
        }
    }
    eprintln!(
        "fast path: {accepted} of {well} well-formed corpus files; fuzzed ones declined: {fuzzed_declined:?}"
    );
    assert!(well > 300, "{well}");
    assert!(declined.is_empty(), "declined: {declined:?}");
}

/// xorshift, for reproducible mutations.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

const INSERTS: &[&str] = &[
    "{",
    "}",
    ";",
    "\"",
    "'",
    "(",
    ")",
    ",",
    ".",
    "\"\"\"",
    "''",
    "\\",
    " not null",
    " null",
    " default",
    " check",
    " where",
    " batch 0",
    " batch",
    " is",
    " on",
    " constraint",
    " primary key",
    " unique",
    " create",
    " table",
    " no transaction {",
    "é",
    "ß",
    "\u{212A}",
    "\r\n",
    "\r",
    "\u{FEFF}",
    "\t",
    "# c\n",
    "-- c\n",
    "#",
    "--",
    "-",
    "$",
    "1e5",
    ".5",
    "0",
    "[]",
    "::",
    " enum",
    " double",
    " precision",
    " \"\"",
    " as",
    "\n",
    "  ",
    "K",
];

/// One random change: a byte deleted, a piece inserted, or a piece of
/// layout (comments, CRLF, BOM) put everywhere.
fn mutate(text: &str, rng: &mut Rng) -> String {
    let boundaries: Vec<usize> = (0..=text.len())
        .filter(|&i| text.is_char_boundary(i))
        .collect();
    let at = boundaries[rng.below(boundaries.len())];
    match rng.below(8) {
        0 => {
            let next = boundaries.iter().find(|&&b| b > at).copied().unwrap_or(at);
            format!("{}{}", &text[..at], &text[next..])
        }
        1 => text.replace('\n', " # comment\n"),
        2 => text.replace('\n', " -- c'\"\n"),
        3 => text.replace(' ', " \u{FEFF}"),
        4 => text.replace(' ', "\t#x\n"),
        5 => text.to_uppercase(),
        _ => {
            let piece = INSERTS[rng.below(INSERTS.len())];
            format!("{}{piece}{}", &text[..at], &text[at..])
        }
    }
}

/// A byte-order mark is whitespace to pest but not to the trimming of
/// spans: where a span would end on one, the fast path declines.
#[test]
fn a_byte_order_mark_ending_a_span_is_left_to_pest() {
    let text = "revision \"r\"\nup {\n  drop table t \u{FEFF};\n}\n";
    assert!(well_formed(&parse_with_pest(FileId(0), text)));
    assert_eq!(agrees(text), Ok(false));
}

/// Perturbed well-formed files: whenever the fast path answers for one,
/// it agrees with pest.
#[test]
fn fast_path_agrees_on_mutated_files() {
    let mut runner = TestRunner::deterministic();
    let generated = (0..150).filter_map(|_| Some(file().new_tree(&mut runner).ok()?.current()));
    let seeds: Vec<String> = corpus_texts()
        .into_iter()
        .filter(|(name, _)| !name.contains("/corpus/"))
        .map(|(_, t)| t)
        .chain(generated)
        .filter(|t| t.len() < 4000 && well_formed(&parse_with_pest(FileId(0), t)))
        .collect();
    let (mut cases, mut answered) = (0, 0);
    // More for a longer hunt: MIGC_FASTPARSE_MUTATIONS=100000.
    let count = std::env::var("MIGC_FASTPARSE_MUTATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(800);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ count as u64);
    for _ in 0..count {
        let seed = &seeds[rng.below(seeds.len())];
        let mut text = mutate(seed, &mut rng);
        if rng.below(3) == 0 {
            text = mutate(&text, &mut rng);
        }
        cases += 1;
        if agrees(&text).unwrap_or_else(|e| panic!("{e}")) {
            answered += 1;
        }
    }
    eprintln!("mutations: the fast path answered {answered} of {cases}");
}

/// Corners of the grammar, each well-formed: the fast path answers for
/// every one, as pest does.
#[test]
fn fast_path_answers_grammar_corners_as_pest_does() {
    let bodies = [
        "create table t (unique int, \"check\" int, primary int primary key, constraint int not null, check (x > 0));",
        "create table t (a int, constraint c check (a > 0) not valid,);",
        "create table t (a int references u, b int constraint fk references s.u (id) on delete set null on update no action);",
        "add column t.c int default 1null;",
        "add column t.c int default x is not null not null;",
        "add column t.c int default 1 -- a comment\n not null;",
        "add column t.c int default 1 # a comment\n  ;",
        "add column t.c int default - 1;",
        "add column if not exists s.t.c bigint generated by default as identity comment 'it''s';",
        "alter column t.c set default now() ;",
        "alter column t.c set default 1;",
        "alter column t.c type varchar( 20 ) using c::text;",
        "alter column t.c set data type int [ ] ;",
        "alter column t.c comment 'x'; alter column t.c comment null;",
        "alter column t.c drop not null; alter column t.c set not null; alter column t.c drop default;",
        "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a);",
        "create index i on t using gin (lower(a) desc nulls first, (a+b), c asc) include (c) where a > 0;",
        "drop index concurrently if exists s.i on t;",
        "drop # x\n table -- y\n t;",
        "drop table if exists t (id int, n double precision[] null);",
        "drop table if;",
        "create table if (a int);",
        "rename table \"a\"\"b\" to \"\"\"\";",
        "rename table K\u{212A}elvin to créé_le;",
        "rename column t.c to d;",
        ";;; ;",
        "no transaction { ; create index concurrently i on t (a); }",
        "sql postgresql \"\"\"x\ny\"\"\" reverse \"y\\\"z\";",
        "sql \"a # b\";",
        "opaque \"x\" because \"y\";",
        "opaque \"\"\"for t in ts:\n    op.drop(t)\"\"\";",
        "backfill t set a = b + 1, c = 'x' where d is null batch 5;",
        "backfill t set a = batch;",
        "backfill t set a = (1) where x = 'where';",
        "insert into t (a, b) values (1, 'x'), (2, null);",
        "comment on column s.t.c is null; comment on table t is 'x';",
        "create enum s.e ('a', 'b'); alter enum e add value 'c' before 'a'; drop enum if exists e;",
        "add constraint c on t foreign key (a) references u (b) on delete cascade not valid;",
        "add constraint c on t primary key (a, b);",
        "validate constraint c on t; drop constraint c on t;",
        "drop column if exists t.c; drop column t.c enum s.e not null;",
        "add column t.c numeric(10,2) check (c >= 0) unique;",
        "drop\u{FEFF} table\u{FEFF}t;\u{FEFF}create table \u{FEFF}t (a\u{FEFF}int);",
    ];
    let files = bodies
        .iter()
        .map(|b| format!("revision \"r\"\nup {{\n  {b}\n}}\n"))
        .chain([
            "\u{FEFF}revision \"r\"\r\nparents \"a\", \"b\"\r\nup {\r\n  drop table t;\r\n}\r\n".to_string(),
            "REVISION \"r\"  # c\nMessage \"a\\\"b\\\\c\\n\\t  \"\nlabels \"x\",\"y\"\ndepends \"z\"\ndown { }\n".to_string(),
            "revision \"\"\"r\"\"\"\nup{}down{drop table t;}".to_string(),
            "revision \"r\"".to_string(),
        ]);
    for text in files {
        let pest = parse_with_pest(FileId(0), &text);
        assert!(
            well_formed(&pest),
            "not well-formed:\n{text}\n{:#?}",
            pest.1
        );
        assert_eq!(agrees(&text), Ok(true), "declined:\n{text}");
    }
}
