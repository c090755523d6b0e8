//! What a process about to exit still holds need not be freed: freeing
//! every revision's IR and the last catalog one allocation at a time
//! only delays the exit that reclaims the memory anyway (a few percent of
//! `migc sql` on 10,000 revisions). The binary says so once, at start;
//! in any other process (tests, a library user) values are freed as
//! usual.

use std::sync::atomic::{AtomicBool, Ordering};

static LEFT_TO_EXIT: AtomicBool = AtomicBool::new(false);

/// Called by the binary's `main` only.
pub fn leave_to_exit() {
    LEFT_TO_EXIT.store(true, Ordering::Relaxed);
}

/// Done with `value`: free it, or leave it to the process's exit.
pub fn release<T>(value: T) {
    if LEFT_TO_EXIT.load(Ordering::Relaxed) {
        std::mem::forget(value);
    } else {
        drop(value);
    }
}
