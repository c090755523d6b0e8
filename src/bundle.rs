//! The DBA bundle: per-revision `.up.sql`/`.down.sql`, the whole-range
//! `upgrade.sql`/`downgrade.sql`, `manifest.json` and `REVIEW.md`,
//! built in memory ([`build`]) and written as a whole ([`write_dir`]).
//!
//! Everything here is deterministic: files are listed in a fixed order,
//! findings are sorted, JSON objects have sorted keys, and nothing holds
//! a time unless `--timestamp` asks for one.

use crate::catalog::{self, Replay};
use crate::diagnostic::{Diagnostic, Severity};
use crate::dialect::DialectId;
use crate::emit::{self, Script, ScriptOptions, script};
use crate::fsutil;
use crate::graph::{Graph, Selection};
use crate::ir::print::StmtText;
use crate::ir::{Block, Revision};
use crate::lint::locks;
use crate::lint::suppress::{self, Suppression};
use crate::lockfile::{self, sha256_hex};
use crate::newrev;
use crate::source::SourceMap;
use serde_json::json;
use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// Code of a revision id that cannot become a file name.
pub const UNSAFE_REVISION_ID: &str = "unsafe-revision-id";

/// Environment variable naming a bundle file whose writing fails: the
/// tests' way to inject a failure in the middle of writing.
pub const FAIL_AT_ENV: &str = "MIGC_TEST_BUNDLE_FAIL_AT";

/// What the bundle is made of.
pub struct Input<'a> {
    pub sources: &'a SourceMap,
    pub revisions: &'a [Revision],
    pub graph: &'a Graph,
    pub replay: &'a Replay,
    pub selection: &'a Selection,
    /// The range as the user wrote it (or `base:heads`).
    pub range: &'a str,
    pub dialect: DialectId,
    pub engine_version: Option<&'a str>,
    pub options: &'a ScriptOptions,
    /// Every finding about the revisions in range, sorted.
    pub findings: &'a [Diagnostic],
    /// `created` in the manifest, only with `--timestamp`.
    pub timestamp: Option<String>,
}

/// The files of a bundle, in writing order, or the errors that stop it.
pub struct Bundle {
    pub files: Vec<(String, String)>,
}

/// The revisions an upgrade over the selection applies, in order.
pub fn revisions_in_range(graph: &Graph, selection: &Selection) -> Vec<usize> {
    graph.upgrade_revisions(selection)
}

/// Refuses revision ids that could name a path outside the bundle folder.
pub fn check_ids(revisions: &[Revision], steps: &[usize]) -> Vec<Diagnostic> {
    steps
        .iter()
        .filter_map(|&i| {
            let rev = &revisions[i];
            let id = &rev.id.value;
            let bad = id.contains(['/', '\\'])
                || id.contains("..")
                || id.chars().any(char::is_control);
            bad.then(|| {
                Diagnostic::error(
                    UNSAFE_REVISION_ID,
                    format!("revision id `{}` cannot be used in a file name", id.escape_debug()),
                )
                .with_primary(rev.id.span, "holds `/`, `\\`, `..` or a control character")
                .with_note("bundle file names start with the revision id; this one could escape the bundle folder")
                .with_help("give the revision a plain id (letters, digits, `_`, `-`)")
            })
        })
        .collect()
}

/// `NNNN_<revision>_<slug>`: only `[A-Za-z0-9_.-]`, the id and slug cut
/// short, so the name is safe on every file system.
pub fn stem(order: usize, revision: &Revision) -> String {
    let id: String = revision
        .id
        .value
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') {
                c
            } else {
                '_'
            }
        })
        .take(64)
        .collect();
    let slug = newrev::slug(revision.message.as_ref().map_or("", |m| m.value.as_str()));
    if slug.is_empty() {
        format!("{order:04}_{id}")
    } else {
        format!("{order:04}_{id}_{slug}")
    }
}

/// Text fit for one `--` comment line: control characters (a newline
/// would end the comment and start SQL) become spaces.
fn comment_text(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The one place that calls the script emitters: the same text as
/// `migc sql` (downgrades of revisions without `down` are derived there).
pub fn emit_script(input: &Input<'_>, selection: &Selection, down: bool) -> Script {
    let dialect = emit::dialect_for(input.dialect);
    let emit = if down {
        script::downgrade
    } else {
        script::upgrade
    };
    emit(
        dialect.as_ref(),
        script::Catalogs::Kept(input.replay),
        input.revisions,
        input.graph,
        selection,
        input.options,
    )
}

/// The version table rows when `applied` (closed under ancestors) is in
/// the database: the applied revisions no applied revision builds on.
fn rows(graph: &Graph, applied: &[bool]) -> Vec<usize> {
    (0..graph.len())
        .filter(|&k| applied[k] && !graph.children(k).iter().any(|&c| applied[c]))
        .collect()
}

/// Builds every file; `Err` holds the emitters' errors.
pub fn build(input: &Input<'_>) -> Result<Bundle, Vec<Diagnostic>> {
    let steps = revisions_in_range(input.graph, input.selection);
    let mut files: Vec<(String, String)> = Vec::new();
    let mut errors = Vec::new();
    let keep = |script: Script, errors: &mut Vec<Diagnostic>| {
        errors.extend(script.diagnostics.into_iter().filter(Diagnostic::is_error));
        script.text
    };
    let mut entries = Vec::new();
    // Each file starts from what the version table holds at that point of
    // the whole upgrade (the rows of every branch applied so far), so a
    // branch's revision inserts its own row and undoing it deletes the row
    // when a sibling branch still stands on its parent.
    let graph = input.graph;
    let mut applied = graph.ancestors(input.selection.from.revisions());
    for (n, &i) in steps.iter().enumerate() {
        let rev = &input.revisions[i];
        let stem = stem(n + 1, rev);
        let before = rows(graph, &applied);
        let members: Vec<usize> = (0..graph.len()).filter(|&k| applied[k]).collect();
        applied[i] = true;
        let after = graph.point(rows(graph, &applied));
        let up = Selection {
            from: graph.point(before),
            to: after.clone(),
        };
        // `to` is every revision that stays, so only `i` is undone.
        let down = Selection {
            from: after,
            to: graph.point(members),
        };
        let header = revision_header(input, i);
        let up_text = keep(emit_script(input, &up, false), &mut errors);
        let down_text = keep(emit_script(input, &down, true), &mut errors);
        let (up_name, down_name) = (format!("{stem}.up.sql"), format!("{stem}.down.sql"));
        files.push((up_name.clone(), format!("{header}\n{up_text}")));
        files.push((down_name.clone(), format!("{header}\n{down_text}")));
        entries.push((i, up_name, down_name));
    }
    let back = Selection {
        from: input.selection.to.clone(),
        to: input.selection.from.clone(),
    };
    let upgrade = keep(emit_script(input, input.selection, false), &mut errors);
    let downgrade = keep(emit_script(input, &back, true), &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    files.push(("upgrade.sql".to_string(), upgrade));
    files.push(("downgrade.sql".to_string(), downgrade));
    files.push(("REVIEW.md".to_string(), review(input, &entries)));
    let manifest = manifest(input, &entries, &files);
    files.push(("manifest.json".to_string(), manifest));
    Ok(Bundle { files })
}

fn revision_header(input: &Input<'_>, i: usize) -> String {
    let rev = &input.revisions[i];
    let source = input.sources.file(rev.file);
    let parents: Vec<&str> = input
        .graph
        .parents(i)
        .iter()
        .map(|&p| input.graph.id(p))
        .collect();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "-- migc bundle: revision {}",
        comment_text(&rev.id.value)
    );
    let _ = writeln!(
        out,
        "-- parents: {}",
        if parents.is_empty() {
            "(base)".to_string()
        } else {
            comment_text(&parents.join(", "))
        }
    );
    if let Some(m) = &rev.message {
        let _ = writeln!(out, "-- message: {}", comment_text(&m.value));
    }
    let _ = writeln!(out, "-- source: {}", comment_text(&source.name));
    let _ = writeln!(
        out,
        "-- source sha256: {}",
        sha256_hex(source.text.as_bytes())
    );
    out
}

/// Every suppression comment of the revisions' files, in file order.
fn suppressions(input: &Input<'_>, steps: &[usize]) -> Vec<(usize, Suppression)> {
    let mut out = Vec::new();
    for &i in steps {
        let rev = &input.revisions[i];
        let Some(source) = input.sources.get(rev.file) else {
            continue;
        };
        let mut ignored = Vec::new();
        let stmts = suppress::statement_ranges(rev);
        for s in suppress::parse(rev.file, source, &stmts, &mut ignored) {
            out.push((i, s));
        }
    }
    out
}

fn location(input: &Input<'_>, d: &Diagnostic) -> Option<(String, usize, usize)> {
    let span = d.primary_span()?;
    let file = input.sources.get(span.file)?;
    let at = input.sources.location(span);
    Some((file.name.clone(), at.line, at.column))
}

fn manifest(
    input: &Input<'_>,
    entries: &[(usize, String, String)],
    files: &[(String, String)],
) -> String {
    let revisions: Vec<serde_json::Value> = entries
        .iter()
        .enumerate()
        .map(|(n, (i, up, down))| {
            let rev = &input.revisions[*i];
            let source = input.sources.file(rev.file);
            let parents: Vec<&str> = input
                .graph
                .parents(*i)
                .iter()
                .map(|&p| input.graph.id(p))
                .collect();
            json!({
                "order": n + 1,
                "revision": rev.id.value,
                "parents": parents,
                "message": rev.message.as_ref().map(|m| m.value.as_str()),
                "source": source.name,
                "source_sha256": sha256_hex(source.text.as_bytes()),
                "ir_sha256": lockfile::hash(rev).trim_start_matches("sha256:"),
                "up": up,
                "down": down,
            })
        })
        .collect();
    let listed: Vec<serde_json::Value> = files
        .iter()
        .map(|(name, text)| json!({ "name": name, "sha256": sha256_hex(text.as_bytes()) }))
        .collect();
    let findings: Vec<serde_json::Value> = input
        .findings
        .iter()
        .map(|d| {
            let (file, line, column) = location(input, d)
                .map_or((None, None, None), |(f, l, c)| (Some(f), Some(l), Some(c)));
            json!({
                "rule": d.code,
                "severity": d.severity.as_str(),
                "file": file,
                "line": line,
                "column": column,
                "message": d.message,
            })
        })
        .collect();
    let steps: Vec<usize> = entries.iter().map(|e| e.0).collect();
    let suppressed: Vec<serde_json::Value> = suppressions(input, &steps)
        .iter()
        .map(|(_, s)| {
            let file = input.sources.get(s.span.file).map(|f| f.name.clone());
            let at = input.sources.location(s.span);
            json!({ "rule": s.rule.name, "file": file, "line": at.line, "reason": s.reason })
        })
        .collect();
    let mut doc = json!({
        "format": 1,
        "tool": { "name": "migc", "version": env!("CARGO_PKG_VERSION") },
        "dialect": input.dialect.as_str(),
        "engine_version": input.engine_version,
        "range": input.range,
        "version_table": input.options.version_table,
        "revisions": revisions,
        "files": listed,
        "findings": findings,
        "suppressions": suppressed,
    });
    if let (Some(t), Some(map)) = (&input.timestamp, doc.as_object_mut()) {
        map.insert("created".to_string(), json!(t));
    }
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// The first line of a statement's canonical text, shortened.
fn op_line(text: &str) -> String {
    let first = text.lines().next().unwrap_or("");
    let mut line: String = first.chars().take(100).collect();
    if line.len() < first.len() || text.contains('\n') {
        line.push_str(" …");
    }
    line.replace('`', "'")
}

fn review(input: &Input<'_>, entries: &[(usize, String, String)]) -> String {
    let mut out = String::new();
    let steps: Vec<usize> = entries.iter().map(|e| e.0).collect();
    let _ = writeln!(out, "# Migration bundle review\n");
    let _ = writeln!(
        out,
        "- Dialect: {}{}\n- Range: `{}` ({} revision{})\n- Tool: migc {}\n",
        input.dialect.as_str(),
        input
            .engine_version
            .map_or(String::new(), |v| format!(" {v}")),
        input.range,
        entries.len(),
        if entries.len() == 1 { "" } else { "s" },
        env!("CARGO_PKG_VERSION"),
    );
    out.push_str(
        "Apply `upgrade.sql`, or the `.up.sql` files in order; `downgrade.sql` and the \
         `.down.sql` files (newest first) undo them. `manifest.json` has the SHA-256 of \
         every file.\n\n",
    );

    out.push_str("## Findings\n\n");
    if input.findings.is_empty() {
        out.push_str("None.\n");
    }
    for d in input.findings {
        let at = location(input, d).map_or(String::new(), |(f, l, c)| format!(" at `{f}:{l}:{c}`"));
        let _ = writeln!(out, "- **{}** `{}`{at}: {}", d.severity, d.code, d.message);
    }
    out.push_str("\n## Suppressed rules\n\n");
    let suppressed = suppressions(input, &steps);
    if suppressed.is_empty() {
        out.push_str("None.\n");
    }
    for (_, s) in &suppressed {
        let file = input
            .sources
            .get(s.span.file)
            .map_or("?", |f| f.name.as_str());
        let at = input.sources.location(s.span);
        let reason = s
            .reason
            .as_deref()
            .map_or("no reason given".to_string(), |r| format!("reason: {r}"));
        let scope = if s.target.is_none() {
            " (whole file)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "- `{}`{scope} at `{file}:{}`: {reason}",
            s.rule.name, at.line
        );
    }

    for (n, (i, up, down)) in entries.iter().enumerate() {
        let rev = &input.revisions[*i];
        let parents: Vec<String> = input
            .graph
            .parents(*i)
            .iter()
            .map(|&p| format!("`{}`", input.graph.id(p)))
            .collect();
        let _ = writeln!(
            out,
            "\n## {:04} `{}`{}\n",
            n + 1,
            rev.id.value,
            rev.message
                .as_ref()
                .map_or(String::new(), |m| format!(": {}", comment_text(&m.value)))
        );
        let _ = writeln!(
            out,
            "Parents: {}. Source: `{}`. Files: `{up}`, `{down}`.\n",
            if parents.is_empty() {
                "base".to_string()
            } else {
                parents.join(", ")
            },
            input.sources.file(rev.file).name,
        );
        out.push_str(&ops(input, &rev.up, "Upgrade"));
        out.push('\n');
        let downgrade = catalog::downgrade_of(input.revisions, input.replay, *i);
        match (&rev.down, &downgrade) {
            (_, None) => out.push_str("Downgrade: none (the revision was not replayed).\n"),
            (Some(_), Some(d)) => {
                out.push_str(&ops(input, &d.block, "Downgrade (its own `down` block)"))
            }
            (None, Some(d)) => {
                out.push_str(&ops(
                    input,
                    &d.block,
                    "Downgrade (derived from `up` by migc)",
                ));
                if !d.warnings.is_empty() {
                    out.push_str("\n**Cannot be undone:**\n\n");
                    for w in &d.warnings {
                        let _ = writeln!(out, "- {}", w.message);
                    }
                }
            }
        }
    }
    out
}

fn ops(input: &Input<'_>, block: &Block, title: &str) -> String {
    let mut out = format!("{title}:\n\n");
    if block.is_empty() {
        out.push_str("- nothing\n");
        return out;
    }
    for (stmt, in_transaction) in block.stmts() {
        let text = StmtText(&stmt.op, "").to_string();
        let mut notes = Vec::new();
        if input.dialect == DialectId::Postgresql {
            let taken = locks::locks(&stmt.op);
            if matches!(stmt.op, crate::ir::Op::Sql(_)) {
                notes.push("locks unknown (raw SQL)".to_string());
            } else if taken.is_empty() {
                notes.push("no lock on existing tables".to_string());
            }
            for t in taken {
                let table = t
                    .table
                    .map_or("its table".to_string(), |n| format!("`{n}`"));
                let blocks = if t.lock.blocks_writes() {
                    ", blocks writes"
                } else {
                    ""
                };
                notes.push(format!("{} on {table}{blocks}", t.lock.as_sql()));
            }
        }
        if !in_transaction {
            notes.push("outside the transaction".to_string());
        }
        let _ = writeln!(out, "- `{}` — {}", op_line(&text), notes.join("; "));
    }
    out
}

/// Findings at or over `fail_on`.
pub fn failing(findings: &[Diagnostic], fail_on: Severity) -> usize {
    findings.iter().filter(|d| d.severity >= fail_on).count()
}

/// Writes the files into a temporary sibling of `dir` and renames it into
/// place; a previous bundle at `dir` (it has a `manifest.json`) is
/// replaced, anything else there is refused. On failure nothing is left.
pub fn write_dir(dir: &Path, files: &[(String, String)]) -> io::Result<()> {
    if dir.exists() && !dir.join("manifest.json").is_file() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "`{}` exists and is not a migc bundle (no manifest.json); choose another -o",
                dir.display()
            ),
        ));
    }
    let fail_at = std::env::var(FAIL_AT_ENV).ok();
    fsutil::replace_dir(dir, files, "bundle", fail_at.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn revision(id: &str, message: &str) -> Revision {
        let text = format!("revision \"r\"\nmessage \"{message}\"\nup {{\n}}\n");
        let mut rev = crate::dsl::parse(FileId(0), &text).0.expect("parses");
        rev.id.value = id.to_string();
        rev
    }

    #[test]
    fn ids_that_could_escape_the_folder_are_refused() {
        for bad in ["../x", "a/b", "a\\b", "..", "a\nb"] {
            let revs = [revision(bad, "m")];
            assert_eq!(check_ids(&revs, &[0]).len(), 1, "{bad:?}");
        }
        assert!(check_ids(&[revision("0001_ok-x.y", "m")], &[0]).is_empty());
    }

    #[test]
    fn file_stems_hold_only_safe_characters() {
        assert_eq!(
            stem(7, &revision("a b*c", "Café: the *first* one")),
            "0007_a_b_c_caf_the_first_one"
        );
        assert_eq!(stem(1, &revision("r", "")), "0001_r");
        let long = stem(1, &revision(&"x".repeat(300), &"word ".repeat(60)));
        assert!(long.len() <= 5 + 64 + 1 + 40, "{long}");
    }

    #[test]
    fn comments_cannot_start_sql() {
        assert_eq!(comment_text("a\nDROP TABLE x;\r"), "a DROP TABLE x; ");
    }
}
