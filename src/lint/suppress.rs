//! Inline suppression: `# migc: allow rule-a, rule-b — reason` on the line
//! before a statement (or trailing on its line) silences those rules for
//! that statement; `# migc: allow-file rule-a` silences them for the file.
//! `--` comments work the same. A suppression that silences nothing is a
//! finding of `unused-suppression`.

use super::selection::unknown;
use super::{RULES, Rule};
use crate::diagnostic::Diagnostic;
use crate::ir::Revision;
use crate::source::{FileId, SourceFile, Span};

#[derive(Clone)]
pub struct Suppression {
    pub rule: &'static Rule,
    /// Byte range of the code it covers; `None` for the whole file.
    pub target: Option<(usize, usize)>,
    /// The rule name as written, for diagnostics.
    pub span: Span,
    pub reason: Option<String>,
}

/// A comment: byte offset of its text (after `#` or `--`), the text, and
/// whether code precedes it on its line.
pub(crate) struct Comment<'a> {
    /// Where the text starts, after the marker.
    pub start: usize,
    /// `#` or `--`.
    pub marker: &'static str,
    pub text: &'a str,
    pub trailing: bool,
}

/// Finds comments outside `'…'`, `"…"` and `"""…"""` (shared with
/// `migc fmt`).
///
/// A `"` opens a string only where the grammar takes one (a header's
/// values, after `sql`, `sql DIALECT`, `reverse`, `opaque` or `because`);
/// anywhere else it opens a quoted name, where `""` is a quote and `\` is
/// no escape. So a name such as `""""` (one quote) is not read as the
/// start of a `"""` string running to the end of the file.
pub(crate) fn comments(text: &str) -> Vec<Comment<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line_has_code = false;
    // The last two tokens before `i`, as words or single characters.
    let (mut last, mut before_last): (&str, &str) = ("", "");
    let mut header_line = false;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                line_has_code = false;
                header_line = false;
                i += 1;
            }
            b'#' => i = take_comment(text, i, 1, line_has_code, &mut out),
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                i = take_comment(text, i, 2, line_has_code, &mut out);
            }
            b'"' if string_context(last, before_last, header_line) => {
                line_has_code = true;
                if text[i..].starts_with("\"\"\"") {
                    i = text[i + 3..]
                        .find("\"\"\"")
                        .map_or(bytes.len(), |e| i + 3 + e + 3);
                } else {
                    i += 1;
                    while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                        i += if bytes[i] == b'\\' { 2 } else { 1 };
                    }
                    i += 1;
                }
                (last, before_last) = ("\"", last);
            }
            b'"' => {
                line_has_code = true;
                i += 1;
                while i < bytes.len() && bytes[i] != b'\n' {
                    if bytes[i] == b'"' {
                        if bytes.get(i + 1) == Some(&b'"') {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i += 1;
                }
                i += 1;
                (last, before_last) = ("\"", last);
            }
            b'\'' => {
                line_has_code = true;
                i += 1;
                while i < bytes.len() && bytes[i] != b'\'' {
                    i += 1;
                }
                i += 1;
                (last, before_last) = ("'", last);
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                let word = &text[start..i];
                if !line_has_code {
                    header_line = is_header_key(word);
                }
                line_has_code = true;
                (last, before_last) = (word, last);
            }
            c => {
                if !c.is_ascii_whitespace() {
                    line_has_code = true;
                    let end = i + text[i..].chars().next().map_or(1, char::len_utf8);
                    (last, before_last) = (&text[i..end], last);
                    i = end;
                } else {
                    i += 1;
                }
            }
        }
    }
    out
}

fn is_header_key(word: &str) -> bool {
    [
        "revision", "parent", "parents", "message", "labels", "depends",
    ]
    .iter()
    .any(|k| word.eq_ignore_ascii_case(k))
}

/// Whether the grammar reads a `"` after these tokens as a string.
fn string_context(last: &str, before_last: &str, header_line: bool) -> bool {
    let is = |word: &str, k: &str| word.eq_ignore_ascii_case(k);
    (header_line && (is_header_key(last) || last == ","))
        || ["sql", "reverse", "opaque", "because"]
            .iter()
            .any(|k| is(last, k))
        || (is(before_last, "sql") && last.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
}

fn take_comment<'a>(
    text: &'a str,
    at: usize,
    marker: usize,
    trailing: bool,
    out: &mut Vec<Comment<'a>>,
) -> usize {
    let start = at + marker;
    let end = text[start..].find('\n').map_or(text.len(), |e| start + e);
    out.push(Comment {
        start,
        marker: if marker == 1 { "#" } else { "--" },
        text: &text[start..end],
        trailing,
    });
    end
}

/// Parses the suppressions of one file. `stmts` are the byte ranges of the
/// file's statements (and header lines), used to find what a comment covers.
pub fn parse(
    file: FileId,
    source: &SourceFile,
    stmts: &[(usize, usize)],
    problems: &mut Vec<Diagnostic>,
) -> Vec<Suppression> {
    let mut out = Vec::new();
    for comment in comments(&source.text) {
        let body = comment.text.trim_start();
        let offset = comment.start + (comment.text.len() - body.len());
        let Some(rest) = body.strip_prefix("migc:") else {
            continue;
        };
        let rest_trimmed = rest.trim_start();
        let mut offset = offset + "migc:".len() + (rest.len() - rest_trimmed.len());
        let (whole_file, list) = if let Some(l) = rest_trimmed.strip_prefix("allow-file") {
            offset += "allow-file".len();
            (true, l)
        } else if let Some(l) = rest_trimmed.strip_prefix("allow") {
            offset += "allow".len();
            (false, l)
        } else {
            continue;
        };
        let (names, reason) = split_reason(list);
        let target = if whole_file {
            None
        } else {
            Some(target_of(
                &source.text,
                comment.start,
                comment.trailing,
                stmts,
            ))
        };
        let mut pos = offset;
        for raw in names.split(|c: char| c == ',' || c.is_whitespace()) {
            let start = pos + names[pos - offset..].find(raw).unwrap_or(0);
            pos = start + raw.len();
            let word = raw.trim();
            if word.is_empty() {
                continue;
            }
            let span = Span::new(file, start..start + word.len());
            match RULES.iter().find(|r| r.is_named(word)) {
                Some(rule) => out.push(Suppression {
                    rule,
                    target,
                    span,
                    reason: reason.clone(),
                }),
                None => problems.push(
                    unknown(word, "a suppression comment").with_primary(span, "no such rule"),
                ),
            }
        }
    }
    out
}

/// Splits `a, b — reason` (also `–`, ` - ` or `:` before the reason).
fn split_reason(list: &str) -> (&str, Option<String>) {
    for sep in ["—", "–", " - ", ":"] {
        if let Some(i) = list.find(sep) {
            let reason = list[i + sep.len()..].trim();
            return (&list[..i], (!reason.is_empty()).then(|| reason.to_string()));
        }
    }
    (list, None)
}

/// The code a comment at `at` covers: for a trailing comment, the
/// statement its line belongs to; otherwise the statement that starts on
/// the next line with code. Without a statement there, that line.
fn target_of(text: &str, at: usize, trailing: bool, stmts: &[(usize, usize)]) -> (usize, usize) {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let code_at = if trailing {
        line_start
    } else {
        next_code(text, at)
    };
    let line_end = text[code_at..]
        .find('\n')
        .map_or(text.len(), |e| code_at + e);
    stmts
        .iter()
        .find(|(s, e)| *s <= line_end && *e >= code_at)
        .copied()
        .unwrap_or((code_at, line_end))
}

/// Offset of the first non-blank, non-comment character after the line
/// holding `at`.
fn next_code(text: &str, at: usize) -> usize {
    let mut pos = text[at..].find('\n').map_or(text.len(), |e| at + e + 1);
    while pos < text.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |e| pos + e);
        let line = text[pos..line_end].trim_start();
        if !line.is_empty() && !line.starts_with('#') && !line.starts_with("--") {
            return line_end - line.len();
        }
        pos = line_end + 1;
    }
    text.len()
}

/// The statement ranges of a revision, for [`parse`].
pub fn statement_ranges(revision: &Revision) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for block in std::iter::once(&revision.up).chain(revision.down.iter()) {
        for (stmt, _) in block.stmts() {
            out.push((stmt.span.start as usize, stmt.span.end as usize));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_skip_strings() {
        let text = "a '#no' \"--no\" sql \"\"\"\n# no\n\"\"\" # yes\n-- also\n";
        let found: Vec<&str> = comments(text).iter().map(|c| c.text).collect();
        assert_eq!(found, vec![" yes", " also"]);
    }

    /// A quoted name is not a string: `""""` is the name `"`, `"a\"` the
    /// name `a\`; neither hides the comments after it.
    #[test]
    fn quoted_names_are_not_strings() {
        let text = "up {\n  drop table \"\"\"\"; # one\n  drop table \"a\\\"; # two\n}\n\
                    revision \"\"\"x\"\"\" # three\nmessage \"a\", \"\"\"b # no\"\"\" # four\n";
        let found: Vec<&str> = comments(text).iter().map(|c| c.text).collect();
        assert_eq!(found, vec![" one", " two", " three", " four"]);
    }

    #[test]
    fn reasons() {
        assert_eq!(
            split_reason(" drop-column — the column is unused"),
            (" drop-column ", Some("the column is unused".to_string()))
        );
        assert_eq!(split_reason(" a, b"), (" a, b", None));
    }

    #[test]
    fn own_line_comment_covers_the_next_statement() {
        let text = "x\n# c\n\n  stmt one\n  more;\nnext";
        let start = text.find("stmt").unwrap();
        let end = text.find(';').unwrap();
        let stmts = [(start, end)];
        assert_eq!(target_of(text, 3, false, &stmts), (start, end));
    }
}
