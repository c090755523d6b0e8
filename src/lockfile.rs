//! `migc.lock`: a checksum of every revision's normalised IR, so `check`
//! can tell when a migration that was already applied somewhere shared
//! has been edited, or has disappeared.
//!
//! Format (plain text, sorted by revision id, one revision a line, so two
//! branches that each lock a new revision merge without conflict):
//!
//! ```text
//! # migc.lock: … (header comment lines start with `#`)
//! 0001_init sha256:3f…
//! ```
//!
//! An id that holds whitespace, a control character or starts with `"` or
//! `#` is written as a JSON string. The hash is SHA-256 of
//! [`normalised`]: the canonical print of the revision without its
//! message, so comments, layout, keyword case and the message do not
//! change it while any change to what runs does.

use crate::diagnostic::Diagnostic;
use crate::ir::{Revision, print};
use crate::source::{FileId, Span};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt::Write;

/// The lock's file name, next to `migc.toml`.
pub const FILE_NAME: &str = "migc.lock";
/// Code of a lock file that does not parse.
pub const INVALID_LOCK: &str = "invalid-lock";
/// Rule of a locked revision whose IR changed.
pub const EDITED: &str = "edited-applied-migration";
/// Rule of a locked revision that no file defines any more.
pub const MISSING: &str = "locked-revision-missing";

const HEADER: &str = "\
# migc.lock: SHA-256 of each revision's normalised IR, written by `migc lock`.
# `migc check` reports a listed revision that changed or disappeared.
# Comments, formatting and the message do not count. Sorted; merge freely.
";

/// Lowercase hex of SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// The text that is hashed: the canonical print without the message.
pub fn normalised(revision: &Revision) -> String {
    let mut r = revision.clone();
    r.message = None;
    print::revision(&r)
}

/// `sha256:<hex>` of a revision's normalised IR.
pub fn hash(revision: &Revision) -> String {
    format!("sha256:{}", sha256_hex(normalised(revision).as_bytes()))
}

/// The lock file for these revisions.
pub fn render(revisions: &[Revision]) -> String {
    let sorted: BTreeMap<&str, String> = revisions
        .iter()
        .map(|r| (r.id.value.as_str(), hash(r)))
        .collect();
    let mut out = String::from(HEADER);
    for (id, hash) in sorted {
        let _ = writeln!(out, "{} {hash}", write_id(id));
    }
    out
}

fn write_id(id: &str) -> String {
    let plain = !id.is_empty()
        && !id.starts_with(['"', '#'])
        && !id.chars().any(|c| c.is_whitespace() || c.is_control());
    if plain {
        id.to_string()
    } else {
        serde_json::Value::String(id.to_string()).to_string()
    }
}

/// One line of the lock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    pub hash: String,
    /// The whole line, for diagnostics.
    pub span: Span,
}

/// Parses a lock file added to the source map as `file`.
pub fn parse(file: FileId, text: &str) -> (Vec<Entry>, Vec<Diagnostic>) {
    let mut entries: Vec<Entry> = Vec::new();
    let mut problems = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let span = Span::new(file, start..start + content.len());
        start += line.len();
        let trimmed = content.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        match parse_line(trimmed) {
            Some((id, hash)) => {
                if let Some(first) = entries.iter().find(|e| e.id == id) {
                    problems.push(
                        Diagnostic::error(
                            INVALID_LOCK,
                            format!("revision `{id}` is listed twice in {FILE_NAME}"),
                        )
                        .with_primary(span, "listed again here")
                        .with_secondary(first.span, "first listed here")
                        .with_help("keep one line per revision, or run `migc lock` again"),
                    );
                } else {
                    entries.push(Entry { id, hash, span });
                }
            }
            None => problems.push(
                Diagnostic::error(
                    INVALID_LOCK,
                    format!("this line of {FILE_NAME} is not `<revision> sha256:<hex>`"),
                )
                .with_primary(
                    span,
                    "expected a revision id, a space and `sha256:` with 64 hex digits",
                )
                .with_help(
                    "after a merge conflict, keep both sides' lines; or run `migc lock` again",
                ),
            ),
        }
    }
    (entries, problems)
}

fn parse_line(line: &str) -> Option<(String, String)> {
    let (id, hash) = line.rsplit_once(char::is_whitespace)?;
    let id = id.trim_end();
    let hex = hash.strip_prefix("sha256:")?;
    if hex.len() != 64 || !hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return None;
    }
    let id = if id.starts_with('"') {
        match serde_json::from_str::<serde_json::Value>(id).ok()? {
            serde_json::Value::String(s) => s,
            _ => return None,
        }
    } else {
        id.to_string()
    };
    (!id.is_empty()).then(|| (id, hash.to_string()))
}

/// Compares the lock with the revisions: an edited revision is a finding
/// of [`EDITED`] on its id, a vanished one a finding of [`MISSING`]
/// (no file to point at). Both go to the lint engine.
pub fn compare(entries: &[Entry], revisions: &[Revision]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for entry in entries {
        match revisions.iter().find(|r| r.id.value == entry.id) {
            Some(revision) => {
                let now = hash(revision);
                if now != entry.hash {
                    out.push(
                        Diagnostic::error(
                            EDITED,
                            format!("revision `{}` changed after it was locked", entry.id),
                        )
                        .with_primary(revision.id.span, "edited after `migc lock` recorded it")
                        .with_secondary(entry.span, "locked here")
                        .with_note(
                            "a migration that ran in a shared environment never runs again \
                             there: the edit reaches new databases only, and the schemas drift",
                        )
                        .with_help(
                            "undo the edit and make the change in a new revision (`migc new`); \
                             if this revision never left your machine, run `migc lock` again",
                        ),
                    );
                }
            }
            None => out.push(
                Diagnostic::error(
                    MISSING,
                    format!(
                        "revision `{}` is listed in {FILE_NAME} but no migration defines it",
                        entry.id
                    ),
                )
                .with_note(
                    "databases that applied it still record it in the version table; \
                     without it they cannot upgrade or downgrade",
                )
                .with_help(
                    "restore the file; if the revision was never applied anywhere, run \
                     `migc lock` again",
                ),
            ),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_round_trip_odd_ids() {
        for id in ["0001_init", "a b", "#x", "\"q", "tab\there"] {
            let line = format!("{} sha256:{}", write_id(id), "a".repeat(64));
            assert_eq!(parse_line(&line).map(|p| p.0).as_deref(), Some(id));
        }
        assert!(parse_line("x sha256:abc").is_none());
        assert!(parse_line("x md5:".to_string().as_str()).is_none());
    }
}
