//! What `migc new` and `migc merge` need to name and fill a new revision
//! file: fresh revision ids, slugs, the file name template and the text.
//!
//! Template placeholders (`file_template` in `migc.toml`, Alembic's
//! `file_template` with braces; dates are UTC):
//!
//! | Placeholder | Value |
//! |---|---|
//! | `{rev}` | the revision id (required) |
//! | `{slug}` | the message, lower case, runs of other characters as `_`, at most 40 characters |
//! | `{yyyymmdd}` | date, e.g. `20260321` |
//! | `{hhmm}` | hour and minute, e.g. `0915` |
//! | `{year}` `{month}` `{day}` `{hour}` `{minute}` `{second}` | one field, zero-padded |
//! | `{epoch}` | seconds since 1970 |

use crate::ir::print::DslStr;
use std::fmt::Write;
use std::hash::{BuildHasher, Hasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// The default `file_template` (plus `.mig`).
pub const DEFAULT_TEMPLATE: &str = "{yyyymmdd}_{hhmm}_{rev}_{slug}";

const PLACEHOLDERS: [&str; 11] = [
    "rev", "slug", "yyyymmdd", "hhmm", "year", "month", "day", "hour", "minute", "second", "epoch",
];

/// Longest slug, as Alembic's `truncate_slug_length`.
const SLUG_MAX: usize = 40;

/// Checks a `file_template`: known placeholders, `{rev}` present, no
/// path separators.
pub fn check_template(t: &str) -> Result<(), String> {
    if t.contains(['/', '\\']) || t.contains("..") {
        return Err(format!(
            "`{t}` must be a file name: no `/`, `\\` or `..` (files go in the migrations folder)"
        ));
    }
    let mut rest = t;
    let mut has_rev = false;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err(format!("unclosed `{{` in `{t}`"));
        };
        let name = &after[..close];
        if !PLACEHOLDERS.contains(&name) {
            return Err(format!(
                "unknown placeholder `{{{name}}}` in `{t}`; expected one of {}",
                PLACEHOLDERS.map(|p| format!("{{{p}}}")).join(", ")
            ));
        }
        has_rev |= name == "rev";
        rest = &after[close + 1..];
    }
    if rest.contains('}') || !has_rev {
        return Err(format!(
            "`{t}` must contain `{{rev}}` (so two new revisions never share a file name), with balanced braces"
        ));
    }
    Ok(())
}

/// A UTC date and time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub epoch: u64,
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

impl Stamp {
    pub fn now() -> Stamp {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Stamp::from_epoch(secs)
    }

    /// Howard Hinnant's `civil_from_days`.
    pub fn from_epoch(epoch: u64) -> Stamp {
        let days = i64::try_from(epoch / 86_400).unwrap_or(0);
        let rem = epoch % 86_400;
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        // Every value below is in range by construction.
        let small = |v: i64| u32::try_from(v).unwrap_or(0);
        let small_u = |v: u64| u32::try_from(v).unwrap_or(0);
        Stamp {
            epoch,
            year,
            month: small(month),
            day: small(day),
            hour: small_u(rem / 3600),
            minute: small_u(rem % 3600 / 60),
            second: small_u(rem % 60),
        }
    }
}

/// The message as a file-name fragment.
pub fn slug(message: &str) -> String {
    let mut out = String::new();
    for c in message.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    let mut out = out.trim_end_matches('_').to_string();
    if out.len() > SLUG_MAX {
        out.truncate(SLUG_MAX);
        // Cut at a word boundary when there is one.
        if let Some(i) = out.rfind('_').filter(|&i| i > SLUG_MAX / 2) {
            out.truncate(i);
        }
    }
    out
}

/// Fills a checked template; the result is a file name (add `.mig`).
pub fn file_name(template: &str, rev: &str, slug: &str, at: Stamp) -> String {
    let mut out = template.to_string();
    let values = [
        ("{rev}", rev.to_string()),
        ("{slug}", slug.to_string()),
        (
            "{yyyymmdd}",
            format!("{:04}{:02}{:02}", at.year, at.month, at.day),
        ),
        ("{hhmm}", format!("{:02}{:02}", at.hour, at.minute)),
        ("{year}", format!("{:04}", at.year)),
        ("{month}", format!("{:02}", at.month)),
        ("{day}", format!("{:02}", at.day)),
        ("{hour}", format!("{:02}", at.hour)),
        ("{minute}", format!("{:02}", at.minute)),
        ("{second}", format!("{:02}", at.second)),
        ("{epoch}", at.epoch.to_string()),
    ];
    for (key, value) in values {
        out = out.replace(key, &value);
    }
    // An empty slug leaves `_` behind: tidy the joints.
    while out.contains("__") {
        out = out.replace("__", "_");
    }
    out.trim_matches(['_', '-', '.']).to_string()
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A fresh 12-hex-digit revision id: the clock, the process id and a
/// counter through std's randomly keyed hasher. Retries while `taken`.
pub fn fresh_id(taken: impl Fn(&str) -> bool) -> String {
    loop {
        let mut h = RandomState::new().build_hasher();
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        h.write_u128(nanos);
        h.write_u32(std::process::id());
        h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        let id = format!("{:012x}", h.finish() & 0xffff_ffff_ffff);
        if !taken(&id) {
            return id;
        }
    }
}

/// The text of a new revision file: its header and an empty `up`.
pub fn text(id: &str, parents: &[&str], message: &str, labels: &[String]) -> String {
    let strs = |v: &mut dyn Iterator<Item = &str>| {
        v.map(|s| DslStr(s).to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = String::new();
    let _ = writeln!(out, "revision {}", DslStr(id));
    match parents {
        [] => {}
        [one] => {
            let _ = writeln!(out, "parent {}", DslStr(one));
        }
        many => {
            let _ = writeln!(out, "parents {}", strs(&mut many.iter().copied()));
        }
    }
    let _ = writeln!(out, "message {}", DslStr(message));
    if !labels.is_empty() {
        let _ = writeln!(
            out,
            "labels {}",
            strs(&mut labels.iter().map(String::as_str))
        );
    }
    out.push_str("\nup {\n}\n");
    // The formatter owns the canonical layout (header alignment…): a new
    // file must already pass `migc fmt --check`.
    crate::fmt::format(crate::source::FileId(0), &out).unwrap_or(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_files_are_already_formatted() {
        for t in [
            text("abc", &["p"], "add tags", &[]),
            text("abc", &["a", "b"], "merge", &["billing".to_string()]),
            text("abc", &[], "first", &[]),
        ] {
            assert_eq!(crate::fmt::format(crate::source::FileId(0), &t).unwrap(), t);
        }
    }

    #[test]
    fn dates() {
        let s = Stamp::from_epoch(0);
        assert_eq!((s.year, s.month, s.day, s.hour), (1970, 1, 1, 0));
        // 2024-02-29T13:05:09Z, a leap day.
        let s = Stamp::from_epoch(1_709_211_909);
        assert_eq!(
            (s.year, s.month, s.day, s.hour, s.minute, s.second),
            (2024, 2, 29, 13, 5, 9)
        );
    }

    #[test]
    fn slugs_and_names() {
        assert_eq!(slug("Add fees table!"), "add_fees_table");
        assert_eq!(slug("  ../../etc/passwd "), "etc_passwd");
        assert_eq!(slug("é"), "");
        assert!(slug(&"word ".repeat(30)).len() <= SLUG_MAX);
        let at = Stamp::from_epoch(1_709_211_909);
        assert_eq!(
            file_name(DEFAULT_TEMPLATE, "abc", "fees", at),
            "20240229_1305_abc_fees"
        );
        assert_eq!(
            file_name(DEFAULT_TEMPLATE, "abc", "", at),
            "20240229_1305_abc"
        );
    }

    #[test]
    fn templates_are_checked() {
        assert!(check_template(DEFAULT_TEMPLATE).is_ok());
        assert!(check_template("{rev}").is_ok());
        assert!(check_template("{slug}").is_err());
        assert!(check_template("{rev}_{nope}").is_err());
        assert!(check_template("x/{rev}").is_err());
        assert!(check_template("{rev").is_err());
    }

    #[test]
    fn ids_are_12_hex_and_avoid_taken_ones() {
        let first = fresh_id(|_| false);
        assert_eq!(first.len(), 12);
        assert!(first.bytes().all(|b| b.is_ascii_hexdigit()));
        let second = fresh_id(|id| id == first);
        assert_ne!(first, second);
    }
}
