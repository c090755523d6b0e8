//! `migc fmt`: the canonical layout of a `.mig` file, keeping comments.
//!
//! The IR printer ([`print`]) gives the canonical text of every header,
//! statement and block but drops comments. Here the canonical text is cut
//! into *slots* (a header line, a block's opening or closing line, a
//! statement, and for `create table`/`drop table … (…)` each line of the
//! body), each tied to the place in the source it came from. Every
//! comment is then attached by byte position:
//!
//! - a comment alone on its line goes above the slot it sits in (a
//!   multi-line column definition), else above the next slot in the
//!   source, at that slot's indentation; after everything it stays at
//!   the end of the file;
//! - a comment after code on its line stays at the end of the line of the
//!   slot that code belongs to.
//!
//! Blank lines: at most one is kept where the source had any, never right
//! after an opening line or before a closing one; the `up` and `down`
//! blocks always have one before them. A suppression comment keeps
//! covering the statement it covered (an own-line comment stays above the
//! statement it preceded, a trailing one on a line of the same statement).
//!
//! The result is a fixed point (`format(format(x)) == format(x)`) and
//! never changes the IR: [`format`] re-parses its output and compares
//! the canonical prints before returning it.

use crate::diagnostic::Diagnostic;
use crate::dsl;
use crate::ir::print::{self, ColumnRest, StmtText};
use crate::ir::{Block, BlockItem, Op, RawSql, Revision, Stmt, TableBody};
use crate::lint::suppress;
use crate::source::FileId;

/// Code of a file `fmt` cannot format without changing it (a bug).
pub const FMT_FAILED: &str = "fmt-failed";

/// One piece of canonical text and where it came from.
struct Slot {
    /// Source range it was printed from; comments inside it belong to it.
    start: usize,
    end: usize,
    /// The canonical text, every line indented, without a newline at the
    /// end (may hold several lines).
    text: String,
    /// Indentation of comments placed above it.
    indent: String,
    opener: bool,
    closer: bool,
    /// Always has a blank line (before its leading comments).
    blank: bool,
    /// Never has a blank line before its own first line.
    tight: bool,
}

impl Slot {
    fn new(start: usize, end: usize, text: String, indent: &str) -> Slot {
        Slot {
            start,
            end,
            text,
            indent: indent.to_string(),
            opener: false,
            closer: false,
            blank: false,
            tight: false,
        }
    }
}

/// Formats one file. Fails with the parse diagnostics when the file does
/// not parse cleanly (nothing is guessed).
pub fn format(file: FileId, text: &str) -> Result<String, Vec<Diagnostic>> {
    let (revision, diagnostics) = dsl::parse(file, text);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(diagnostics);
    }
    let Some(revision) = revision else {
        return Err(vec![Diagnostic::error(
            FMT_FAILED,
            "the file has no `revision` header",
        )]);
    };
    let out = layout(text, &revision);
    // The safety net: formatting must not change what the file means.
    let (again, problems) = dsl::parse(file, &out);
    let same = again.is_some_and(|r| print::revision(&r) == print::revision(&revision));
    if !same || problems.iter().any(Diagnostic::is_error) {
        return Err(vec![
            Diagnostic::error(FMT_FAILED, "formatting would change this file's meaning")
                .with_primary(revision.id.span, "left as it is")
                .with_note("this is a bug in migc fmt; please report it with the file"),
        ]);
    }
    Ok(out)
}

fn layout(text: &str, rev: &Revision) -> String {
    let slots = slots(text, rev);
    let mut leading: Vec<Vec<(usize, String)>> = vec![Vec::new(); slots.len()];
    let mut trailing: Vec<Vec<String>> = vec![Vec::new(); slots.len()];
    let mut at_end: Vec<(usize, String)> = Vec::new();

    for c in suppress::comments(text) {
        let at = c.start - c.marker.len();
        let body = format!("{}{}", c.marker, c.text.trim_end());
        if c.trailing {
            // The slot the code before it on its line belongs to.
            let owner = slots
                .iter()
                .enumerate()
                .filter(|(_, s)| s.start <= at)
                .max_by_key(|(_, s)| s.start)
                .map(|(i, _)| i);
            match owner {
                Some(i) => trailing[i].push(body),
                None => at_end.push((at, body)),
            }
            continue;
        }
        let inside = slots
            .iter()
            .enumerate()
            .filter(|(_, s)| s.start <= at && at < s.end)
            .max_by_key(|(_, s)| s.start)
            .map(|(i, _)| i);
        let next = || {
            slots
                .iter()
                .enumerate()
                .filter(|(_, s)| s.start > at)
                .min_by_key(|(_, s)| s.start)
                .map(|(i, _)| i)
        };
        match inside.or_else(next) {
            Some(i) => leading[i].push((at, body)),
            None => at_end.push((at, body)),
        }
    }

    let mut out = String::new();
    let mut previous_opener = true; // nothing before the first line
    for (i, slot) in slots.iter().enumerate() {
        // Extra trailing comments (several lines merged into one slot)
        // become leading ones, in source order.
        let mut own = std::mem::take(&mut leading[i]);
        let mut tails = std::mem::take(&mut trailing[i]);
        let tail = if tails.is_empty() {
            None
        } else {
            Some(tails.remove(tails.len() - 1))
        };
        own.extend(tails.into_iter().map(|b| (usize::MAX, b)));
        let mut first = true;
        for (at, body) in &own {
            let blank = (first && slot.blank)
                || (*at != usize::MAX && blank_before(text, *at) && !previous_opener);
            push_blank(&mut out, blank);
            out.push_str(&slot.indent);
            out.push_str(body);
            out.push('\n');
            first = false;
            previous_opener = false;
        }
        let blank = (first && slot.blank)
            || (!slot.tight && !slot.closer && !previous_opener && blank_before(text, slot.start));
        push_blank(&mut out, blank);
        out.push_str(&slot.text);
        if let Some(tail) = tail {
            out.push_str("  ");
            out.push_str(&tail);
        }
        out.push('\n');
        previous_opener = slot.opener;
    }
    for (at, body) in at_end {
        push_blank(&mut out, blank_before(text, at));
        out.push_str(&body);
        out.push('\n');
    }
    out
}

fn push_blank(out: &mut String, blank: bool) {
    if blank && !out.is_empty() && !out.ends_with("\n\n") {
        out.push('\n');
    }
}

/// Whether the line before the one holding `at` is blank.
fn blank_before(text: &str, at: usize) -> bool {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    if line_start == 0 {
        return false;
    }
    let prev_start = text[..line_start - 1].rfind('\n').map_or(0, |i| i + 1);
    text[prev_start..line_start - 1].trim().is_empty()
}

/// The canonical text cut into slots, in canonical order.
fn slots(text: &str, rev: &Revision) -> Vec<Slot> {
    let mut out = Vec::new();
    let quoted = |v: &[crate::ir::Spanned<String>]| {
        v.iter()
            .map(|s| print::DslStr(&s.value).to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let header = |out: &mut Vec<Slot>, values: &[crate::ir::Spanned<String>], word: &str| {
        if let (Some(first), Some(last)) = (values.first(), values.last()) {
            let (start, end) = (first.span.start as usize, last.span.end as usize);
            // Values line up after the longest keyword, `revision`.
            out.push(Slot::new(
                start,
                end,
                format!("{word:<8} {}", quoted(values)),
                "",
            ));
        }
    };
    header(&mut out, std::slice::from_ref(&rev.id), "revision");
    let parent_word = if rev.parents.len() > 1 {
        "parents"
    } else {
        "parent"
    };
    header(&mut out, &rev.parents, parent_word);
    if let Some(m) = &rev.message {
        header(&mut out, std::slice::from_ref(m), "message");
    }
    header(&mut out, &rev.labels, "labels");
    header(&mut out, &rev.depends_on, "depends");
    block(&mut out, text, "up", &rev.up);
    if let Some(down) = &rev.down {
        block(&mut out, text, "down", down);
    }
    out
}

/// Offset of the last `}` (or `)`) at or before `end`.
fn closing(text: &str, end: usize, ch: char) -> usize {
    text[..end.min(text.len())].rfind(ch).unwrap_or(end)
}

fn block(out: &mut Vec<Slot>, text: &str, keyword: &str, b: &Block) {
    let start = b.span.start as usize;
    let mut open = Slot::new(start, start + 1, format!("{keyword} {{"), "");
    open.opener = true;
    open.blank = true;
    out.push(open);
    for item in &b.items {
        match item {
            BlockItem::Stmt(s) => stmt(out, text, s, "  "),
            BlockItem::NoTransaction { ops, span } => {
                let s = span.start as usize;
                let mut open = Slot::new(s, s + 1, "  no transaction {".to_string(), "  ");
                open.opener = true;
                out.push(open);
                for op in ops {
                    stmt(out, text, op, "    ");
                }
                let c = closing(text, span.end as usize, '}');
                let mut close = Slot::new(c, c + 1, "  }".to_string(), "    ");
                close.closer = true;
                out.push(close);
            }
        }
    }
    let c = closing(text, b.span.end as usize, '}');
    let mut close = Slot::new(c, c + 1, "}".to_string(), "  ");
    close.closer = true;
    out.push(close);
}

fn stmt(out: &mut Vec<Slot>, text: &str, s: &Stmt, indent: &str) {
    let printed = format!("{indent}{};", StmtText(&s.op, indent));
    let (start, end) = (s.span.start as usize, s.span.end as usize);
    let body: Option<&TableBody> = match &s.op {
        Op::CreateTable(t) => Some(&t.body),
        Op::DropTable(t) => t.definition.as_ref(),
        _ => None,
    };
    if let Some(body) = body {
        let lines: Vec<&str> = printed.lines().collect();
        let elements: Vec<(usize, usize)> = body
            .columns
            .iter()
            .map(|c| c.span)
            .chain(body.constraints.iter().map(|c| c.span))
            .map(|sp| (sp.start as usize, sp.end as usize))
            .collect();
        // One line per element between the opening and closing lines;
        // anything else (a literal holding a newline) stays one slot.
        if lines.len() == elements.len() + 2 {
            let inner = format!("{indent}  ");
            let open_end = elements.first().map_or(start + 1, |e| e.0);
            let mut open = Slot::new(start, open_end.max(start + 1), lines[0].to_string(), indent);
            open.opener = true;
            out.push(open);
            // Column types line up one space after the longest name.
            let names: Vec<String> = body.columns.iter().map(|c| c.name.to_string()).collect();
            let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0) + 1;
            let items: Vec<String> = body
                .columns
                .iter()
                .zip(&names)
                .map(|(c, n)| {
                    let pad = " ".repeat(width - n.chars().count());
                    format!("{n}{pad}{}", ColumnRest(c))
                })
                .chain(body.constraints.iter().map(ToString::to_string))
                .collect();
            for (i, (item, (a, b))) in items.iter().zip(&elements).enumerate() {
                let comma = if i + 1 < items.len() { "," } else { "" };
                out.push(Slot::new(*a, *b, format!("{inner}{item}{comma}"), &inner));
            }
            let c = closing(text, body.span.end as usize, ')');
            let mut close = Slot::new(
                c,
                end.max(c + 1),
                lines[lines.len() - 1].to_string(),
                &inner,
            );
            close.closer = true;
            out.push(close);
            return;
        }
    }
    let printed = match &s.op {
        Op::Sql(raw) => wrap_raw(&printed, raw, indent),
        _ => wrap(&printed, indent),
    };
    out.push(Slot::new(start, end.max(start + 1), printed, indent));
}

/// A long `sql` or `opaque` statement breaks only before its second
/// string (`reverse "…"`, `because "…"`). Its strings hold any text,
/// escaped Python quotes included, so scanning them for clause words
/// could cut inside one.
fn wrap_raw(line: &str, raw: &RawSql, indent: &str) -> String {
    if line.chars().count() <= WIDTH || line.contains('\n') {
        return line.to_string();
    }
    let tail = if raw.opaque_source {
        raw.opaque_reason
            .as_ref()
            .map(|r| format!("because {}", print::DslStr(&r.value)))
    } else {
        raw.reverse
            .as_ref()
            .map(|r| format!("reverse {}", print::DslStr(&r.text)))
    };
    let head = tail
        .as_ref()
        .and_then(|t| Some((line.strip_suffix(&format!(" {t};"))?, t)));
    match head {
        Some((head, tail)) => format!("{head}\n{indent}  {tail};"),
        None => line.to_string(),
    }
}

/// Statements longer than this many characters are wrapped.
const WIDTH: usize = 80;

/// Clauses a long statement may start a new line with.
const BREAKS: &[&str] = &[
    " foreign key ",
    " references ",
    " on delete ",
    " where ",
    " include ",
    " values ",
    " check (",
    " using ",
    " batch ",
    " comment ",
];

/// Wraps a one-line statement at top-level clause boundaries (never inside
/// parentheses or strings): the first line ends before the first clause,
/// the rest are packed greedily, two spaces deeper than the statement.
/// Only whitespace changes, so the IR cannot.
fn wrap(line: &str, indent: &str) -> String {
    if line.chars().count() <= WIDTH || line.contains('\n') {
        return line.to_string();
    }
    let mut cuts = Vec::new();
    let (mut depth, mut quote) = (0usize, None::<char>);
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => depth = depth.saturating_sub(1),
            (None, ' ')
                if depth == 0
                    && i > indent.len()
                    && BREAKS.iter().any(|b| line[i..].starts_with(b)) =>
            {
                cuts.push(i);
            }
            _ => {}
        }
    }
    let mut pieces = Vec::new();
    let mut from = 0;
    for cut in cuts {
        pieces.push(&line[from..cut]);
        from = cut + 1;
    }
    pieces.push(&line[from..]);
    let continuation = format!("{indent}  ");
    let mut out = String::new();
    let mut current = String::new();
    for (i, piece) in pieces.iter().enumerate() {
        if i == 0 {
            current.push_str(piece);
        } else if i > 1 && current.chars().count() + 1 + piece.chars().count() <= WIDTH {
            current.push(' ');
            current.push_str(piece);
        } else {
            out.push_str(&current);
            out.push('\n');
            current = format!("{continuation}{piece}");
        }
    }
    out.push_str(&current);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(text: &str) -> String {
        match format(FileId(0), text) {
            Ok(t) => t,
            Err(d) => panic!("{d:?}"),
        }
    }

    #[test]
    fn comments_stay_with_what_they_describe() {
        let src = "# The users.\nREVISION \"0001\"   # id\nmessage \"x\"\n\n\nUP {\n\n  # A table.\n  CREATE TABLE users (\n    id BIGINT PRIMARY KEY, -- key\n\n    # the mail\n    email TEXT NOT NULL\n    # last\n  ) ; # done\n  # before the end\n}\n# the end\n";
        let want = "# The users.\nrevision \"0001\"  # id\nmessage  \"x\"\n\nup {\n  # A table.\n  create table users (\n    id    bigint primary key,  -- key\n\n    # the mail\n    email text not null\n    # last\n  );  # done\n  # before the end\n}\n# the end\n";
        assert_eq!(fmt(src), want);
        assert_eq!(fmt(want), want);
    }

    #[test]
    fn no_transaction_and_down_blocks() {
        let src = "revision \"a\"\nup {\n  no transaction {\n    create index concurrently ix on t (c); # why\n    # after\n  }\n}\ndown {\n  drop index ix;\n}\n";
        let out = fmt(src);
        assert_eq!(
            out,
            "revision \"a\"\n\nup {\n  no transaction {\n    create index concurrently ix on t (c);  # why\n    # after\n  }\n}\n\ndown {\n  drop index ix;\n}\n"
        );
        assert_eq!(fmt(&out), out);
    }
    #[test]
    fn long_raw_statements_break_only_before_their_second_string() {
        // Escaped quotes put clause words outside any quote for a scan
        // that ignores escapes; a cut there would end up inside a string.
        let src = "revision \"a\"\nup {\n  opaque \"op.execute(f\\\"UPDATE {t} SET a = 'x' where b include y values z\\\")\" because \"a call with computed arguments\";\n  sql \"UPDATE t SET \\\"a\\\" = 1 where b references c on delete x include y values z\" reverse \"x\";\n  opaque \"helper(op, \\\"a\\\", \\\"b\\\") where x references y include z values w using v\";\n}\n";
        let want = "revision \"a\"\n\nup {\n  opaque \"op.execute(f\\\"UPDATE {t} SET a = 'x' where b include y values z\\\")\"\n    because \"a call with computed arguments\";\n  sql \"UPDATE t SET \\\"a\\\" = 1 where b references c on delete x include y values z\"\n    reverse \"x\";\n  opaque \"helper(op, \\\"a\\\", \\\"b\\\") where x references y include z values w using v\";\n}\n";
        assert_eq!(fmt(src), want);
        assert_eq!(fmt(want), want);
    }
}

#[cfg(test)]
mod wrap_tests {
    use super::wrap;

    #[test]
    fn long_statements_wrap_at_clauses_outside_strings_and_parentheses() {
        let line = "  add constraint fk_payments_order on payments foreign key (order_id) references orders (id) on delete restrict on update cascade not valid;";
        assert_eq!(
            wrap(line, "  "),
            "  add constraint fk_payments_order on payments\n    foreign key (order_id) references orders (id)\n    on delete restrict on update cascade not valid;"
        );
        assert_eq!(wrap("  drop table t;", "  "), "  drop table t;");
    }
}
