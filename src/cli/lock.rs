//! `migc lock`: record the checksum of every revision in `migc.lock`;
//! and reading the lock for `migc check`.

use super::{Context, Exit};
use crate::driver::Project;
use crate::fsutil;
use crate::lockfile::{self, Entry};
use crate::source::FileId;
use clap::Args;
use std::io::{self, Write};

#[derive(Debug, Args)]
pub struct LockArgs {}

/// The lock of a project, when it has one.
pub(super) struct Lock {
    pub file: FileId,
    pub entries: Vec<Entry>,
}

/// Reads `migc.lock` next to `migc.toml`, adding it to the project's
/// sources; problems (a bad line, an unreadable file) become the
/// project's diagnostics, so they count as bad input.
pub(super) fn read(project: &mut Project) -> Option<Lock> {
    let path = project.root.join(lockfile::FILE_NAME);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return None,
        Err(e) => {
            project
                .diagnostics
                .push(crate::diagnostic::Diagnostic::error(
                    crate::driver::UNREADABLE_FILE,
                    format!("cannot read {}: {e}", lockfile::FILE_NAME),
                ));
            return None;
        }
    };
    let file = project
        .sources
        .add(lockfile::FILE_NAME, &path, text.clone());
    let (entries, problems) = lockfile::parse(file, &text);
    project.diagnostics.extend(problems);
    Some(Lock { file, entries })
}

pub(super) fn run(
    ctx: &Context<'_>,
    _args: &LockArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Exit> {
    let mut project = match ctx.load(err)? {
        Ok(project) => project,
        Err(exit) => return Ok(exit),
    };
    if project.has_errors() {
        ctx.emit(&project.sources, &mut project.diagnostics, err)?;
        writeln!(
            err,
            "{} not written: fix the errors above first",
            lockfile::FILE_NAME
        )?;
        return Ok(Exit::BadInput);
    }
    let path = project.root.join(lockfile::FILE_NAME);
    let text = lockfile::render(&project.revisions);
    // A run killed mid-write left its temporary file; this one cleans up.
    fsutil::remove_stale_siblings(&path, "tmp");
    if let Err(e) = fsutil::write_atomic(&path, text.as_bytes()) {
        writeln!(err, "error: cannot write {}: {e}", path.display())?;
        return Ok(Exit::BadInput);
    }
    writeln!(
        out,
        "{}: {} locked",
        lockfile::FILE_NAME,
        super::check::plural(project.revisions.len(), "revision")
    )?;
    Ok(Exit::Ok)
}
