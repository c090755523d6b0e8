//! The `.mig` parser alone: `cargo bench --bench parse` times
//! `dsl::parse` (the fast path, pest where it declines), the pest path
//! and the fast path on the generated histories of 1,000 and 10,000
//! revisions, best of five, with throughput and how many files the fast
//! path answered for.

#[path = "support/allocator.rs"]
mod allocator;

#[path = "support/corpus.rs"]
#[allow(dead_code)]
mod corpus;

use migc::source::FileId;
use std::time::{Duration, Instant};

fn best_of(runs: usize, mut f: impl FnMut() -> usize) -> (Duration, usize) {
    let mut best = Duration::MAX;
    let mut out = 0;
    for _ in 0..runs {
        let start = Instant::now();
        out = f();
        best = best.min(start.elapsed());
    }
    (best, out)
}

fn main() {
    // `-- profile`: only `dsl::parse` on 10,000 revisions, for `perf`.
    if std::env::args().any(|a| a == "profile") {
        let files = corpus::generate(10_000, 42);
        for _ in 0..20 {
            let n = files
                .iter()
                .filter(|f| migc::dsl::parse(FileId(0), &f.text).0.is_some())
                .count();
            assert_eq!(n, files.len());
        }
        return;
    }
    println!(
        "  revs      MB |   dsl::parse       MB/s |         pest       MB/s |   fast answered"
    );
    for n in [1_000, 10_000] {
        let files = corpus::generate(n, 42);
        let bytes: usize = files.iter().map(|f| f.text.len()).sum();
        let mb = bytes as f64 / 1e6;
        let (parse, _) = best_of(5, || {
            files
                .iter()
                .filter(|f| migc::dsl::parse(FileId(0), &f.text).0.is_some())
                .count()
        });
        let (pest, _) = best_of(5, || {
            files
                .iter()
                .filter(|f| migc::dsl::parse_with_pest(FileId(0), &f.text).0.is_some())
                .count()
        });
        let (_, answered) = best_of(1, || {
            files
                .iter()
                .filter(|f| migc::dsl::parse_fast_path(FileId(0), &f.text).is_some())
                .count()
        });
        let rate = |d: Duration| mb / d.as_secs_f64();
        println!(
            "{n:>6} {mb:>7.2} | {:>9.1} ms {:>8.1} | {:>9.1} ms {:>8.1} | {answered:>7} of {n}",
            parse.as_secs_f64() * 1e3,
            rate(parse),
            pest.as_secs_f64() * 1e3,
            rate(pest),
        );
    }
}
