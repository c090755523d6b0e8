use std::process::ExitCode;

/// migc allocates many small objects (IR nodes, catalog entries) on the
/// thread pool's threads, where glibc's per-thread arenas grow their heap
/// a few pages at a time with an `mprotect` each: a seventh of the replay
/// in `migc sql`. mimalloc serves them from thread-local pages. Its v2
/// line, not v3: v3 spreads a small run over more huge pages, each
/// zeroed by the kernel on first touch (1,000 revisions: 26 MiB zeroed
/// against 18), and is no faster on large ones.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    migc::cli::main()
}
