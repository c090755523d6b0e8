//! The allocator the binary uses (src/main.rs), so that stages timed
//! in-process cost what they cost in `migc`.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
