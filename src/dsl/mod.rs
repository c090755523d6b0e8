//! The `.mig` frontend: pest grammar (`grammar/migc.pest`) and lowering
//! into the IR.

use crate::diagnostic::Diagnostic;
use crate::ir::Revision;
use crate::source::FileId;

/// Parses one `.mig` file. Never fails: returns the revision when the file
/// was understood well enough to build one, and every problem found.
pub fn parse(file: FileId, text: &str) -> (Option<Revision>, Vec<Diagnostic>) {
    let _ = (file, text);
    (None, Vec::new())
}
