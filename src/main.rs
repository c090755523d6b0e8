use std::process::ExitCode;

/// migc allocates many small objects (IR nodes, catalog entries) on the
/// thread pool's threads, where glibc's per-thread arenas grow their heap
/// a few pages at a time with an `mprotect` each: a seventh of the replay
/// in `migc sql`. mimalloc serves them from thread-local pages.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    migc::cli::main()
}
