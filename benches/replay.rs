//! Replay cost for long histories: `cargo bench --bench replay`.
//!
//! Generates chains of 1,000 and 10,000 revisions in memory (.mig text,
//! parsed first and not timed), then times the replay and the whole
//! catalog check (replay plus every downgrade derived or compared). The
//! cost per revision should stay flat as the history grows: the catalog
//! before and after every revision is kept, and cloning it is O(1).

#[path = "support/allocator.rs"]
mod allocator;

use migc::catalog;
use migc::graph::Graph;
use migc::source::FileId;
use std::fmt::Write;
use std::time::Instant;

/// Revision `i`: a new table, a column on an older table, an index, and
/// every tenth revision a rename and a drop, with an explicit `down` on
/// every other revision so both downgrade paths are measured.
fn revision(i: usize) -> String {
    let mut up = String::new();
    let mut down = String::new();
    let _ = writeln!(
        up,
        "  create table t{i} (id bigint primary key, v text not null);"
    );
    let _ = writeln!(up, "  create index ix{i} on t{i} (v);");
    if i > 0 {
        let _ = writeln!(up, "  add column t{}.c{i} integer null default 0;", i / 2);
        let _ = writeln!(down, "  drop column t{}.c{i};", i / 2);
    }
    if i % 10 == 5 {
        let _ = writeln!(up, "  alter column t{}.v type varchar(40);", i - 1);
        let _ = writeln!(down, "  alter column t{}.v type text;", i - 1);
    }
    let _ = writeln!(down, "  drop table t{i};");
    let parent = match i {
        0 => String::new(),
        _ => format!("parent \"r{}\"\n", i - 1),
    };
    let down = if i.is_multiple_of(2) {
        format!("\ndown {{\n{down}}}\n")
    } else {
        String::new()
    };
    format!("revision \"r{i}\"\n{parent}\nup {{\n{up}}}\n{down}")
}

fn main() {
    println!("revisions  replay      per rev    check       per rev");
    for n in [1_000usize, 10_000] {
        let revisions: Vec<_> = (0..n)
            .map(|i| {
                let (rev, diags) = migc::dsl::parse(FileId(i as u32), &revision(i));
                assert!(diags.is_empty(), "{diags:?}");
                rev.expect("generated revisions parse")
            })
            .collect();
        let (graph, diags) = Graph::build(&revisions);
        assert!(diags.is_empty());

        let start = Instant::now();
        let replay = catalog::replay(&revisions, &graph);
        let replay_time = start.elapsed();
        assert!(
            replay.diagnostics.is_empty(),
            "{:?}",
            replay.diagnostics.first()
        );

        let start = Instant::now();
        let diagnostics = catalog::check(&revisions, &graph);
        let check_time = start.elapsed();
        assert!(diagnostics.is_empty(), "{:?}", diagnostics.first());

        let per = |d: std::time::Duration| d.as_secs_f64() * 1e6 / n as f64;
        println!(
            "{n:>9}  {:>8.1} ms  {:>6.1} µs  {:>8.1} ms  {:>6.1} µs",
            replay_time.as_secs_f64() * 1e3,
            per(replay_time),
            check_time.as_secs_f64() * 1e3,
            per(check_time),
        );
    }
}
