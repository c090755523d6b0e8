//! The `.mig` frontend: the pest grammar in `grammar/migc.pest` and its
//! lowering into the IR.
//!
//! Parsing never fails. The grammar takes anything it cannot read as a junk
//! node (see the grammar's header); [`syntax_error`] explains each junk node
//! by re-parsing it strictly, so a file reports all its errors at once.
//!
//! [`fast`] reads a well-formed file first, about eight times as fast, and
//! gives the very result the pest path would; it declines anything else,
//! which pest then parses as it always has.

mod fast;
mod lower;
mod syntax_error;

use crate::diagnostic::Diagnostic;
use crate::ir::{Block, BlockItem, Revision, Spanned, Stmt};
use crate::source::{FileId, Span};
use lower::Lowerer;
use pest::iterators::Pair;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/migc.pest"]
struct MigParser;

/// Parses one `.mig` file. Returns the revision when the file had a
/// `revision` header, and every problem found (errors do not stop the
/// lowering of the rest of the file).
pub fn parse(file: FileId, text: &str) -> (Option<Revision>, Vec<Diagnostic>) {
    if let Some(too_deep) = nesting_problem(file, text) {
        return (None, vec![too_deep]);
    }
    if let Some(parsed) = fast::parse(file, text) {
        return parsed;
    }
    parse_with_pest(file, text)
}

/// The fast path alone: `None` when it leaves the file to pest. For the
/// tests that compare both paths.
#[doc(hidden)]
pub fn parse_fast_path(file: FileId, text: &str) -> Option<(Option<Revision>, Vec<Diagnostic>)> {
    if nesting_problem(file, text).is_some() {
        return None;
    }
    fast::parse(file, text)
}

/// The pest path alone, the reference the fast path must agree with.
#[doc(hidden)]
pub fn parse_with_pest(file: FileId, text: &str) -> (Option<Revision>, Vec<Diagnostic>) {
    if let Some(too_deep) = nesting_problem(file, text) {
        return (None, vec![too_deep]);
    }
    let mut lw = Lowerer::new(file, text);
    let root = match syntax_error::parse_fast(Rule::file, text) {
        Ok(mut pairs) => pairs.next(),
        // The recovery rules accept any input, so this is a grammar bug;
        // still report it as a diagnostic rather than panic.
        Err(err) => {
            lw.diags.push(syntax_error::from_pest(&lw, &err, 0));
            None
        }
    };
    let revision = root.and_then(|root| lower_file(&mut lw, root));
    (revision, lw.diags)
}

#[derive(Default)]
struct Header {
    revision: Option<Spanned<String>>,
    parents: Vec<Spanned<String>>,
    message: Option<Spanned<String>>,
    labels: Vec<Spanned<String>>,
    depends_on: Vec<Spanned<String>>,
    /// First occurrence of each key, for duplicate diagnostics.
    seen: Vec<(String, Span)>,
    up: Option<Block>,
    down: Option<Block>,
}

fn lower_file(lw: &mut Lowerer<'_>, root: Pair<'_, Rule>) -> Option<Revision> {
    let mut header = Header::default();
    for item in root.into_inner() {
        match item.as_rule() {
            Rule::header_item => header_item(lw, &mut header, item),
            Rule::up_block | Rule::down_block => block(lw, &mut header, item),
            Rule::stray_stmt => {
                let span = lw.span(&item);
                let op = item.into_inner().next();
                let keyword = op
                    .and_then(|p| lw.statement(p))
                    .map_or("this statement", |s| s.op.keyword());
                lw.diags.push(
                    Diagnostic::error(
                        "statement-outside-block",
                        format!("`{keyword}` is outside an `up` or `down` block"),
                    )
                    .with_primary(span, "not inside a block")
                    .with_help("move it into `up { … }` or `down { … }`"),
                );
            }
            Rule::top_junk => {
                let d = syntax_error::explain_top_junk(lw, &item);
                lw.diags.extend(d);
            }
            _ => {}
        }
    }
    let file_span = Span::new(lw.file, 0..lw.text.len());
    let Some(id) = header.revision else {
        if !lw.diags.iter().any(Diagnostic::is_error) || header.up.is_some() {
            lw.diags.push(
                Diagnostic::error("missing-revision", "the file has no `revision` header")
                    .with_primary(
                        file_span.shrink_to_start(),
                        "expected `revision \"…\"` here",
                    )
                    .with_help("start the file with a line such as `revision \"0001_init\"`"),
            );
        }
        return None;
    };
    let up = header.up.unwrap_or(Block {
        items: Vec::new(),
        span: id.span,
    });
    Some(Revision {
        file: lw.file,
        id,
        parents: header.parents,
        message: header.message,
        labels: header.labels,
        depends_on: header.depends_on,
        up,
        down: header.down,
        span: file_span,
    })
}

fn header_item(lw: &mut Lowerer<'_>, header: &mut Header, item: Pair<'_, Rule>) {
    let item_span = lw.span(&item);
    let mut inner = item.into_inner();
    let Some(key_pair) = inner.next() else {
        return;
    };
    let key = key_pair.as_str().to_ascii_lowercase();
    let key_span = lw.span(&key_pair);
    let values: Vec<Spanned<String>> = inner.map(|p| lw.string(p)).collect();

    // `parent` and `parents` are one key written two ways.
    let slot = if key == "parents" {
        "parent"
    } else {
        key.as_str()
    };
    if let Some((first, first_span)) = header.seen.iter().find(|(k, _)| {
        let k = if k == "parents" { "parent" } else { k.as_str() };
        k == slot
    }) {
        lw.diags.push(
            Diagnostic::error(
                "duplicate-header",
                format!("`{key}` is given more than once"),
            )
            .with_primary(item_span, "given again here")
            .with_secondary(*first_span, format!("`{first}` first given here"))
            .with_help("keep one line; list several values on it separated by commas"),
        );
        return;
    }
    header.seen.push((key.clone(), key_span));

    let single = |lw: &mut Lowerer<'_>, values: Vec<Spanned<String>>, help: &str| {
        if values.len() > 1 {
            lw.diags.push(
                Diagnostic::error("invalid-header", format!("`{key}` takes one value"))
                    .with_primary(values[1].span, "unexpected second value")
                    .with_help(help.to_string()),
            );
        }
        values.into_iter().next()
    };
    match key.as_str() {
        "revision" => header.revision = single(lw, values, "a file holds one revision"),
        "parent" => {
            header.parents = single(
                lw,
                values,
                "write `parents \"a\", \"b\"` for a merge of several revisions",
            )
            .into_iter()
            .collect()
        }
        "parents" => header.parents = values,
        "message" => header.message = single(lw, values, "join the text into one string"),
        "labels" => header.labels = values,
        "depends" => header.depends_on = values,
        _ => {}
    }
}

fn block(lw: &mut Lowerer<'_>, header: &mut Header, pair: Pair<'_, Rule>) {
    let is_up = pair.as_rule() == Rule::up_block;
    let span = lw.span(&pair);
    let keyword_span = pair
        .clone()
        .into_inner()
        .next()
        .map_or(span, |k| lw.span(&k));
    let mut items = Vec::new();
    for child in pair.into_inner() {
        match child.as_rule() {
            Rule::stmt_item => items.extend(stmt_item(lw, child).map(BlockItem::Stmt)),
            Rule::junk_stmt => {
                let d = syntax_error::explain_junk_stmt(lw, &child);
                lw.diags.extend(d);
            }
            Rule::no_transaction => {
                let nt_span = lw.span(&child);
                let mut ops = Vec::new();
                for c in child.into_inner() {
                    match c.as_rule() {
                        Rule::stmt_item => ops.extend(stmt_item(lw, c)),
                        Rule::junk_stmt => {
                            let d = syntax_error::explain_junk_stmt(lw, &c);
                            lw.diags.extend(d);
                        }
                        Rule::block_end => unclosed(lw, &c, nt_span, "no transaction"),
                        _ => {}
                    }
                }
                items.push(BlockItem::NoTransaction { ops, span: nt_span });
            }
            Rule::block_end => {
                unclosed(lw, &child, keyword_span, if is_up { "up" } else { "down" })
            }
            _ => {}
        }
    }
    let slot = if is_up {
        &mut header.up
    } else {
        &mut header.down
    };
    if let Some(first) = slot {
        let name = if is_up { "up" } else { "down" };
        lw.diags.push(
            Diagnostic::error("duplicate-block", format!("a second `{name}` block"))
                .with_primary(keyword_span, "second block here")
                .with_secondary(first.span.shrink_to_start(), "first block here")
                .with_help(format!("merge the statements into one `{name}` block")),
        );
        return;
    }
    *slot = Some(Block { items, span });
}

fn stmt_item(lw: &mut Lowerer<'_>, pair: Pair<'_, Rule>) -> Option<Stmt> {
    let op = pair.into_inner().next()?;
    lw.statement(op)
}

/// A block that reaches the end of the file. When an unterminated string
/// swallowed the brace, that string's diagnostic already says everything.
fn unclosed(lw: &mut Lowerer<'_>, end: &Pair<'_, Rule>, opened: Span, what: &str) {
    let is_unclosed = end
        .clone()
        .into_inner()
        .any(|p| p.as_rule() == Rule::unclosed);
    if !is_unclosed || lw.reported_unterminated {
        return;
    }
    lw.diags.push(
        Diagnostic::error(
            "unclosed-block",
            format!("the `{what}` block is never closed"),
        )
        .with_primary(lw.span(end), "expected `}` before the end of the file")
        .with_secondary(opened, "block opened here"),
    );
}

/// Code of a file whose brackets nest deeper than [`MAX_NESTING`].
pub const NESTING_TOO_DEEP: &str = "nesting-too-deep";
/// Most nested `(`, `[` and `{` a file may have outside strings and
/// comments. The grammar, the SQL expression parser and every walk of the
/// IR recurse once per level; pest would stop at its stack guard with a
/// misleading "unexpected `(`", so the file is refused up front, with a
/// message that says why. Real migrations stay under 10.
pub const MAX_NESTING: usize = 64;

/// The first bracket nested deeper than [`MAX_NESTING`], found by a
/// linear scan that skips strings and comments the way the grammar reads
/// them (`"…"` with backslash escapes up to the end of the line, `"""…"""`,
/// `'…'` with `''`, `#` and `--` comments).
fn nesting_problem(file: FileId, text: &str) -> Option<Diagnostic> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    loop {
        // Most bytes are neither brackets, quotes nor comment starts.
        i += bytes[i..]
            .iter()
            .position(|&c| NESTING_BYTES[usize::from(c)])
            .unwrap_or(bytes.len() - i);
        let Some(&b) = bytes.get(i) else {
            break;
        };
        match b {
            b'"' if bytes[i..].starts_with(b"\"\"\"") => {
                i += 3;
                i = find(bytes, i, b"\"\"\"").map_or(bytes.len(), |at| at + 3);
                continue;
            }
            b'"' => {
                i += 1;
                while let Some(&c) = bytes.get(i) {
                    i += 1;
                    match c {
                        b'\\' if bytes.get(i).is_some_and(|&n| n != b'\n') => i += 1,
                        b'"' | b'\n' => break,
                        _ => {}
                    }
                }
                continue;
            }
            b'\'' => {
                i += 1;
                while let Some(&c) = bytes.get(i) {
                    i += 1;
                    if c == b'\'' {
                        if bytes.get(i) == Some(&b'\'') {
                            i += 1;
                        } else {
                            break;
                        }
                    }
                }
                continue;
            }
            b'#' => {
                i = find(bytes, i, b"\n").unwrap_or(bytes.len());
                continue;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                i = find(bytes, i, b"\n").unwrap_or(bytes.len());
                continue;
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    let span = Span::new(file, i..i + 1);
                    return Some(
                        Diagnostic::error(
                            NESTING_TOO_DEEP,
                            format!("brackets are nested more than {MAX_NESTING} deep"),
                        )
                        .with_primary(span, "too deep here")
                        .with_note("migc refuses such a file rather than risk running out of stack")
                        .with_help("flatten the expression; no migration needs this depth"),
                    );
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The bytes [`nesting_problem`] stops at.
const NESTING_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    let stops = b"\"'#-([{)]}";
    while i < stops.len() {
        table[stops[i] as usize] = true;
        i += 1;
    }
    table
};

/// Index of the first `needle` in `bytes` at or after `from`.
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if let [one] = needle {
        return bytes
            .get(from..)?
            .iter()
            .position(|b| b == one)
            .map(|p| from + p);
    }
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}
