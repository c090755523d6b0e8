//! Hostile and odd inputs, end to end through the binary: each gives a
//! clear diagnostic and exit status 2, or works where working is right;
//! never a panic, a stack overflow or a hang. The table of inputs and
//! outcomes is in the README (Tests).

use crate::cli::{TempProject, migc, stderr};
use std::fs;
use std::process::Output;
use std::time::Instant;

const CONFIG: &str = "dialect = \"postgresql\"\n";

fn project() -> TempProject {
    TempProject::with_config(CONFIG)
}

/// The process ended by itself with `code` (a panic is 101, a stack
/// overflow a signal), and stderr holds no panic message.
fn assert_exit(o: &Output, code: i32) {
    let err = stderr(o);
    assert!(!err.contains("panicked"), "panic:\n{err}");
    assert!(!err.contains("overflow"), "overflow:\n{err}");
    assert_eq!(o.status.code(), Some(code), "stderr:\n{}", short(&err));
}

/// Long lines of a failing run would bury the assertion message.
fn short(text: &str) -> String {
    text.lines()
        .map(|l| l.chars().take(200).collect::<String>())
        .take(40)
        .collect::<Vec<_>>()
        .join("\n")
}

fn gcc(p: &TempProject) -> (Output, String) {
    let o = migc(p.path(), &["check", "--format", "gcc"]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    (o, out)
}

#[test]
fn twenty_megabyte_file_loads() {
    let p = project();
    // 200,000 comment lines of raw SQL, then one statement.
    let line = format!("-- {}\n", "x".repeat(97));
    let mut text = String::from("revision \"big\"\nmessage \"a large file\"\nup {\n  sql \"\"\"");
    text.push_str(&line.repeat(200_000));
    text.push_str("select 1\"\"\" reverse \"select 1\";\n}\n");
    assert!(text.len() > 20_000_000);
    p.write("migrations/big.mig", text.as_bytes());
    let started = Instant::now();
    let o = migc(p.path(), &["check"]);
    assert_exit(&o, 0);
    eprintln!("20 MB file: check in {:?}", started.elapsed());
}

#[test]
fn hundred_thousand_operations_load() {
    let p = project();
    let mut text = String::from(
        "revision \"many\"\nmessage \"many operations\"\nup {\n  create table t (id bigint primary key);\n",
    );
    for i in 0..100_000 {
        text.push_str(&format!("  comment on table t is 'c{i}';\n"));
    }
    text.push_str("}\n");
    p.write("migrations/many.mig", text.as_bytes());
    let started = Instant::now();
    let o = migc(p.path(), &["check"]);
    assert_exit(&o, 0);
    eprintln!("100,000 operations: check in {:?}", started.elapsed());
}

/// Each added column copies the table's column list, so a table may not
/// grow past what any engine takes: 20,000 columns on one table stop at
/// 4,096 with one error per column refused, instead of quadratic work.
#[test]
fn a_table_stops_growing_at_the_engines_column_limit() {
    let p = project();
    let mut text = String::from(
        "revision \"wide\"\nmessage \"wide\"\nup {\n  create table t (id bigint primary key);\n",
    );
    for i in 1..20_000 {
        text.push_str(&format!("  add column t.c{i} text;\n"));
    }
    text.push_str("  create table u (\n");
    for i in 0..5_000 {
        text.push_str(&format!("    c{i} text,\n"));
    }
    text.push_str("    id bigint primary key\n  );\n}\n");
    p.write("migrations/wide.mig", text.as_bytes());
    let (o, out) = gcc(&p);
    assert_exit(&o, 1);
    let refused = out
        .lines()
        .filter(|l| l.contains("[too-many-columns]"))
        .count();
    // t: columns 4,097 to 20,000 (id is the first); u: one error, at c4096.
    assert_eq!(
        refused,
        20_000 - 4_096 + 1,
        "{}",
        &out[..out.len().min(2000)]
    );
    assert!(
        out.contains("wide.mig:24101:5: error: [too-many-columns] table `u`"),
        "{}",
        &out[out.len().saturating_sub(2000)..]
    );
}

/// A file with `body` inside `up { … }`.
fn with_up(p: &TempProject, body: &str) {
    let text = format!("revision \"a\"\nmessage \"m\"\nup {{\n  {body}\n}}\n");
    p.write("migrations/a.mig", text.as_bytes());
}

#[test]
fn ten_thousand_nested_parentheses_are_refused() {
    let deep = format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000));
    for body in [
        format!("create table t (id int default {deep});"),
        format!("create table t (id int check ({deep} > 0));"),
        format!("create table t (id int);\n  backfill t set id = {deep};"),
        // Unbalanced and in a junk statement too.
        format!("create tabel t {}", "{(".repeat(10_000)),
    ] {
        let p = project();
        with_up(&p, &body);
        let (o, out) = gcc(&p);
        assert_exit(&o, 2);
        assert!(out.contains("[nesting-too-deep]"), "{}", short(&out));
        assert!(
            out.contains("a.mig:4:") || out.contains("a.mig:5:"),
            "{}",
            short(&out)
        );
    }
}

#[test]
fn ten_thousand_deep_expressions_are_refused() {
    let chain = vec!["1"; 10_000].join(" + ");
    let ands = vec!["id > 1"; 10_000].join(" and ");
    let casts = format!("1{}", "::int".repeat(10_000));
    // Raw SQL that migc cannot parse is a finding (`invalid-sql`, exit 1)
    // like any other SQL the dialect rejects; the DSL's own expressions
    // are bad input (exit 2).
    for (body, code, exit) in [
        (
            format!("create table t (id int default {chain});"),
            "[sql-too-complex]",
            2,
        ),
        (
            format!("create table t (id int check ({ands}));"),
            "[sql-too-complex]",
            2,
        ),
        (
            format!("create table t (id int default {casts});"),
            "[sql-too-complex]",
            2,
        ),
        (
            format!("create table t (id int);\n  sql \"update t set id = {chain}\";"),
            "[invalid-sql]",
            1,
        ),
    ] {
        let p = project();
        with_up(&p, &body);
        let (o, out) = gcc(&p);
        assert_exit(&o, exit);
        assert!(out.contains(code), "{}", short(&out));
        assert!(out.contains("operators"), "{}", short(&out));
    }
    // In a plain-SQL project: a syntax error of that statement only.
    let p = project();
    p.write(
        "migrations/1_a.up.sql",
        format!("CREATE TABLE t (id int);\nUPDATE t SET id = {chain};\n").as_bytes(),
    );
    let (o, out) = gcc(&p);
    assert!(o.status.code().is_some_and(|c| c <= 2), "{}", stderr(&o));
    assert!(out.contains("1_a.up.sql:2:"), "{}", short(&out));
    assert!(out.contains("operators"), "{}", short(&out));
}

/// Just under the limits, every command works, in the binary (2 MiB rayon
/// worker stacks) and in a 2 MiB test thread.
#[test]
fn expressions_just_under_the_limits_work_everywhere() {
    let n = migc::sql::guard::MAX_OPERATOR_CHAIN;
    // `n - 1` pluses, and the `=` of the update makes `n`.
    let chain = vec!["1"; n].join(" + ");
    let ands = vec!["id > 1"; n / 2].join(" and ");
    let nested = format!("{}1{}", "(".repeat(20), ")".repeat(20));
    let body = format!(
        "create table t (id int default {chain}, b int check ({ands}), c int default {nested});\n  \
         sql \"update t set id = {chain}\" reverse \"update t set id = 1\";"
    );
    let p = project();
    with_up(&p, &body);
    assert_exit(&migc(p.path(), &["check"]), 0);
    for dialect in ["postgresql", "mysql", "sqlite"] {
        assert_exit(&migc(p.path(), &["sql", "--dialect", dialect]), 0);
        assert_exit(&migc(p.path(), &["schema", "--dialect", dialect]), 0);
    }
    assert_exit(&migc(p.path(), &["schema", "--down-of", "a"]), 0);
    assert_exit(&migc(p.path(), &["fmt"]), 0);

    let text = fs::read_to_string(p.path().join("migrations/a.mig")).unwrap();
    let printed = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let (rev, diags) = migc::dsl::parse(migc::source::FileId(0), &text);
            assert!(diags.is_empty(), "{diags:?}");
            rev.map(|r| migc::ir::print::revision(&r))
        })
        .unwrap()
        .join()
        .unwrap();
    assert!(printed.is_some_and(|t| t.contains("1 + 1")));
}

#[test]
fn invalid_utf8_is_unreadable() {
    let p = project();
    p.write(
        "migrations/a.mig",
        b"revision \"a\"\nup {\n  create table t (id int default \xff);\n}\n",
    );
    let o = migc(p.path(), &["check"]);
    assert_exit(&o, 2);
    let err = stderr(&o);
    assert!(err.contains("error[unreadable-file]"), "{err}");
    assert!(
        err.contains("migrations/a.mig") && err.contains("invalid UTF-8 at byte 51"),
        "{err}"
    );
}

#[test]
fn byte_order_mark_is_ignored_and_columns_stay_right() {
    let p = project();
    p.write(
        "migrations/a.mig",
        "\u{FEFF}revision \"a\"\nmessage \"m\"\nup {\n  create table t (id int);\n}\n".as_bytes(),
    );
    assert_exit(&migc(p.path(), &["check"]), 0);
    p.write("migrations/a.mig", "\u{FEFF}revisoin \"a\"\n".as_bytes());
    let (o, out) = gcc(&p);
    assert_exit(&o, 2);
    assert!(out.contains("migrations/a.mig:1:1: error"), "{out}");
}

#[test]
fn crlf_line_endings_work_and_columns_stay_right() {
    let p = project();
    let text = "revision \"a\"\r\nmessage \"m\"\r\nup {\r\n  create table t (\r\n    id int default 1\r\n  );\r\n  create tabel u (id int);\r\n}\r\n";
    p.write("migrations/a.mig", text.as_bytes());
    let (o, out) = gcc(&p);
    assert_exit(&o, 2);
    assert!(out.contains("migrations/a.mig:7:10: error"), "{out}");
    p.write(
        "migrations/a.mig",
        text.replace("tabel", "table").as_bytes(),
    );
    assert_exit(&migc(p.path(), &["check"]), 0);
    let o = migc(p.path(), &["sql"]);
    assert_exit(&o, 0);
    assert!(!o.stdout.contains(&b'\r'), "no CR leaks into the script");
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_not_followed() {
    let p = project();
    p.write("migrations/a.mig", &crate::cli::mig("a", None));
    std::os::unix::fs::symlink(".", p.path().join("migrations/loop")).unwrap();
    std::os::unix::fs::symlink("..", p.path().join("migrations/up")).unwrap();
    std::os::unix::fs::symlink("a.mig", p.path().join("migrations/b.mig")).unwrap();
    let o = migc(p.path(), &["heads"]);
    assert_exit(&o, 0);
    assert_eq!(crate::cli::stdout(&o), "a (head)\n");
}

#[cfg(unix)]
#[test]
fn a_fifo_is_skipped_not_read() {
    let p = project();
    p.write("migrations/a.mig", &crate::cli::mig("a", None));
    let fifo = p.path().join("migrations/pipe.mig");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let o = migc(p.path(), &["heads"]);
    assert_exit(&o, 0);
}

#[test]
fn path_like_revision_ids_are_refused_and_write_nothing() {
    let p = project();
    p.write(
        "migrations/a.mig",
        b"revision \"../../etc/x\"\nmessage \"m\"\nup {\n  create table t (id int);\n}\n",
    );
    let (o, out) = gcc(&p);
    assert_exit(&o, 2);
    assert!(
        out.contains("a.mig:1:11: error: [invalid-revision-id]"),
        "{out}"
    );
    let o = migc(p.path(), &["bundle", "-o", "out/b"]);
    assert_exit(&o, 2);
    let o = migc(p.path(), &["new", "-m", "next", "--parent", "../../etc/x"]);
    assert_exit(&o, 2);
    assert!(!p.path().join("out").exists());
    assert!(!p.path().join("etc").exists());
    let names: Vec<_> = fs::read_dir(p.path().join("migrations"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["a.mig"]);
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_reported_the_rest_loads() {
    use std::os::unix::fs::PermissionsExt;
    let p = project();
    p.write("migrations/a.mig", &crate::cli::mig("a", None));
    p.write("migrations/b.mig", &crate::cli::mig("b", Some("a")));
    let b = p.path().join("migrations/b.mig");
    fs::set_permissions(&b, fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads it anyway; then the project is simply fine.
    let readable = fs::read(&b).is_ok();
    let o = migc(p.path(), &["heads"]);
    fs::set_permissions(&b, fs::Permissions::from_mode(0o644)).unwrap();
    if readable {
        assert_exit(&o, 0);
        return;
    }
    assert_exit(&o, 2);
    let err = stderr(&o);
    assert!(
        err.contains("error[unreadable-file]: cannot read `migrations/b.mig`"),
        "{err}"
    );
}

#[test]
fn migrations_folder_that_is_a_file() {
    let p = TempProject::empty();
    p.write("migc.toml", b"migrations = \"migrations\"\n");
    p.write("migrations", b"not a folder\n");
    let o = migc(p.path(), &["check"]);
    assert_exit(&o, 2);
    let err = stderr(&o);
    assert!(err.contains("`migrations` is not a folder"), "{err}");
    assert!(err.contains("migc.toml:1:"), "{err}");
}

#[test]
fn empty_and_comment_only_files_have_no_revision() {
    for text in ["", "\n\n", "# only a comment\n-- and another\n", "\u{FEFF}"] {
        let p = project();
        p.write("migrations/a.mig", text.as_bytes());
        let (o, out) = gcc(&p);
        assert_exit(&o, 2);
        assert!(
            out.contains("migrations/a.mig:1:1: error: [missing-revision]"),
            "{out}"
        );
    }
}

#[test]
fn deeply_nested_config_is_an_invalid_config() {
    let p = TempProject::empty();
    let deep = format!("dialect = {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    p.write("migc.toml", deep.as_bytes());
    fs::create_dir_all(p.path().join("migrations")).unwrap();
    let o = migc(p.path(), &["check"]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("error[invalid-config]"));
}

/// Found by the `pipeline` fuzz target: unclosed `{` inside a statement
/// made the grammar's recovery retry each one, exponentially (37 braces
/// ran for minutes). Now it is the unclosed block, at once.
#[test]
fn unclosed_braces_in_a_statement_do_not_hang() {
    let p = project();
    let braces = "{".repeat(60);
    with_up(
        &p,
        &format!("create table t (\n    c timestamptz{braces} not null\n  );"),
    );
    let o = migc(p.path(), &["check"]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("error["), "{}", short(&stderr(&o)));
}

/// Inputs of about `size` bytes made of the patterns that cost the
/// parser most per byte: recovery from junk, strings and groups left
/// open, separators alone.
fn costly_inputs(size: usize) -> Vec<(&'static str, String)> {
    let fill = |head: &str, piece: &str, tail: &str| {
        format!("{head}{}{tail}", piece.repeat(size / piece.len()))
    };
    let up = "revision \"r\"\nup {\n";
    vec![
        (
            "valid statements",
            fill(
                up,
                "  create table x (id int, b text not null default 'a');\n",
                "}\n",
            ),
        ),
        (
            "junk statements",
            fill(up, "  create table x (id int,, b);\n", "}\n"),
        ),
        (
            "unknown operations",
            fill(up, "  creat table x (id int);\n", "}\n"),
        ),
        (
            "top-level junk",
            fill("revision \"r\"\n", "up \"0001_u# Orders\n", ""),
        ),
        (
            "a statement without `;`",
            fill(&format!("{up}  create table x ("), "a int, ", ""),
        ),
        (
            "open quotes",
            fill(up, "  add column t.c text default 'a;\n", "}\n"),
        ),
        ("open double quotes", fill(up, "  sql \"abc;\n", "}\n")),
        ("open triple quotes", fill(up, "  sql \"\"\"abc;\n", "}\n")),
        (
            "unclosed braces in statements",
            fill(
                up,
                &format!("  create table t (c int{} not null);\n", "{".repeat(60)),
                "",
            ),
        ),
        (
            "parentheses",
            fill(
                up,
                "  alter column t.c set default ((((1)))) + (((2)));\n",
                "}\n",
            ),
        ),
        ("separators", fill(up, ";,)(", "")),
    ]
}

/// What the pest parse gives (the fast path would answer for some of
/// these files without pest): the print of the revision and every
/// diagnostic.
fn parse_outcome(text: &str) -> String {
    let (rev, diags) = migc::dsl::parse_with_pest(migc::source::FileId(0), text);
    let rev = rev.map(|r| migc::ir::print::revision(&r));
    let diags: Vec<_> = diags
        .iter()
        .map(|d| (&d.message, d.primary_span()))
        .collect();
    format!("{rev:?} {diags:?}")
}

/// Parsing work is linear in the input, measured without a clock: pest
/// counts rule calls, and with at most `CALLS_PER_BYTE` per byte of the
/// file allowed to each parse (the main one and the re-parse explaining
/// each junk piece) every costly pattern parses as without a limit, at
/// 2 KB and at 40 KB alike. The worst pattern measured needs 56 calls a
/// byte at every size; a super-linear recovery (such as the exponential
/// one on unclosed braces) exceeds any such bound as the input grows.
/// The limit is process-wide, but far above what any other test's input
/// needs.
#[test]
fn parsing_work_is_linear_in_the_input() {
    const CALLS_PER_BYTE: usize = 80;
    for size in [2_000, 40_000] {
        for (name, text) in costly_inputs(size) {
            let unlimited = parse_outcome(&text);
            pest::set_call_limit(std::num::NonZeroUsize::new(
                CALLS_PER_BYTE * text.len() + 10_000,
            ));
            let limited = parse_outcome(&text);
            pest::set_call_limit(None);
            assert!(
                limited == unlimited,
                "{name} ({} bytes) needs more than {CALLS_PER_BYTE} calls a byte",
                text.len()
            );
        }
    }
}

/// The fast path is linear too, on the same costly patterns: twenty
/// times the input takes well under a hundred times as long (a quadratic
/// scan would take four hundred). Best of three runs each, so a busy
/// machine does not make it fail.
#[test]
fn fast_parsing_time_is_linear_in_the_input() {
    let time = |text: &str| {
        (0..3)
            .map(|_| {
                let start = std::time::Instant::now();
                let answer = migc::dsl::parse_fast_path(migc::source::FileId(0), text);
                let elapsed = start.elapsed();
                drop(answer);
                elapsed
            })
            .min()
            .unwrap_or_default()
    };
    let small = costly_inputs(10_000);
    let large = costly_inputs(200_000);
    for ((name, small), (_, large)) in small.iter().zip(&large) {
        let (a, b) = (time(small), time(large));
        // Below a millisecond the clock's noise dominates.
        let a = a.max(std::time::Duration::from_millis(1));
        assert!(
            b < a * 100,
            "{name}: {} bytes take {b:?}, {} bytes {a:?}",
            large.len(),
            small.len()
        );
    }
}

/// A NUL in a quoted name or in raw SQL never reaches emitted SQL: the file
/// is refused where the NUL is, and `sql` prints nothing.
#[test]
fn a_nul_character_is_refused_with_its_position() {
    for body in [
        "create table \"x\0y\" (id int primary key);",
        "sql \"UPDATE t SET a = '\0'\";",
    ] {
        let p = project();
        with_up(&p, body);
        let (o, out) = gcc(&p);
        assert_exit(&o, 2);
        assert!(
            out.contains("migrations/a.mig:4:") && out.contains("[nul-character]"),
            "{out}"
        );
        let sql = migc(p.path(), &["sql"]);
        assert_exit(&sql, 2);
        assert!(sql.stdout.is_empty(), "SQL was printed");
    }
}
