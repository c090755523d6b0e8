//! Turns pest failures into diagnostics a person can act on.

use super::lower::Lowerer;
use super::{MigParser, Rule};
use crate::diagnostic::Diagnostic;
use crate::source::Span;
use pest::Parser;
use pest::error::{Error, ErrorVariant, InputLocation};
use pest::iterators::{Pair, Pairs};
use std::collections::BTreeSet;
use std::sync::{PoisonError, RwLock};

/// pest's "error detail" records the literal tokens it expected (`;`,
/// `create`), which good messages need, but it doubles the cost of every
/// parse, and it is one process-wide switch. So it is off for the main
/// parse of every file (the grammar's recovery rules mean that parse does
/// not fail) and on only while a junk piece is re-parsed to explain it.
/// Main parses hold the read side of this lock and explanations the write
/// side, so no parse ever sees the other's setting, whatever the threads do.
static DETAIL: RwLock<()> = RwLock::new(());

/// Parses without error detail (the switch is off whenever no writer
/// holds the lock).
pub(super) fn parse_fast(rule: Rule, text: &str) -> Result<Pairs<'_, Rule>, Error<Rule>> {
    let _guard = DETAIL.read().unwrap_or_else(PoisonError::into_inner);
    MigParser::parse(rule, text)
}

/// Parses with error detail, for explaining a failure.
fn parse_detailed(rule: Rule, text: &str) -> Result<Pairs<'_, Rule>, Error<Rule>> {
    let _guard = DETAIL.write().unwrap_or_else(PoisonError::into_inner);
    pest::set_error_detail(true);
    let result = MigParser::parse(rule, text);
    pest::set_error_detail(false);
    result
}

const OPERATIONS: &str =
    "create, drop, rename, add, alter, validate, backfill, insert, comment or sql";

/// Explains a statement the grammar could only take as junk.
pub(super) fn explain_junk_stmt(lw: &mut Lowerer<'_>, junk: &Pair<'_, Rule>) -> Vec<Diagnostic> {
    if lw.check_unterminated(junk) {
        return Vec::new();
    }
    let offset = junk.as_span().start();
    match parse_detailed(Rule::strict_stmt, junk.as_str()) {
        Err(err) => vec![from_pest(lw, &err, offset)],
        Ok(_) => vec![
            Diagnostic::error("syntax-error", "this statement cannot be read here")
                .with_primary(lw.span(junk), "not understood"),
        ],
    }
}

/// Explains a top-level line that is neither a header nor a block.
pub(super) fn explain_top_junk(lw: &mut Lowerer<'_>, junk: &Pair<'_, Rule>) -> Vec<Diagnostic> {
    let offset = junk.as_span().start();
    let text = junk.as_str();
    if let Ok(stmt) = parse_detailed(Rule::strict_stmt, text)
        && !stmt.is_empty()
    {
        return vec![
            Diagnostic::error(
                "statement-outside-block",
                "a statement outside an `up` or `down` block",
            )
            .with_primary(lw.span(junk), "not inside a block")
            .with_help("move it into `up { … }` or `down { … }`"),
        ];
    }
    match parse_detailed(Rule::strict_top, text) {
        Err(err) => {
            let mut d = from_pest(lw, &err, offset);
            let at_first_word = d.primary_span().is_some_and(|s| s.start as usize == offset);
            if at_first_word {
                d.message = format!(
                    "expected a header line or a block, found `{}`",
                    word_at(text, 0)
                );
                d.help = Some(
                    "a file holds header lines (revision, parent, parents, message, labels, \
                     depends) and `up { … }` / `down { … }` blocks"
                        .to_string(),
                );
            }
            vec![d]
        }
        Ok(_) => vec![
            Diagnostic::error("syntax-error", "this line cannot be read here")
                .with_primary(lw.span(junk), "not understood"),
        ],
    }
}

/// Converts a pest error on a slice starting at byte `offset` of the file.
pub(super) fn from_pest(lw: &Lowerer<'_>, err: &Error<Rule>, offset: usize) -> Diagnostic {
    let (mut pos, mut slice_end) = match err.location {
        InputLocation::Pos(p) => (p, None),
        InputLocation::Span((s, e)) => (s, Some(e)),
    };
    // The detailed attempts know the furthest position a token was tried
    // at, which is where the expected tokens apply; `location` can lag
    // behind it by the whitespace before that token.
    if let Some(attempts) = err.parse_attempts()
        && attempts.max_position >= pos
    {
        pos = attempts.max_position;
        slice_end = None;
    }
    // A keyword that matched a prefix of a longer word (`nott`) fails
    // inside the word; the person wrote the whole word.
    let slice = &lw.text[offset..];
    while pos > 0 && is_word_char_before(slice, pos) && starts_word_char(slice, pos) {
        pos -= slice[..pos].chars().next_back().map_or(1, char::len_utf8);
    }
    let abs = offset + pos;
    let rest = lw.text.get(abs..).unwrap_or("");
    let found = word_at(rest, 0);
    let expected = expected_set(err);

    // Missing `;`: point just after the statement, not at the next line.
    let only_semicolon = expected.len() == 1 && expected.contains("`;`");
    let next_line_or_end =
        found == "}" || lw.text[..abs].trim_end_matches([' ', '\t']).ends_with('\n');
    if only_semicolon || (expected.contains("`;`") && next_line_or_end) {
        let at = end_of_code_before(lw.text, abs);
        let caret = Span::new(lw.file, at..at);
        let mut d = Diagnostic::error("syntax-error", "missing `;` after the statement")
            .with_primary(caret, "expected `;` here");
        if !found.is_empty() {
            d = d.with_note(format!("the next statement starts with `{found}`"));
        }
        return d;
    }

    let caret_len = if found.is_empty() { 0 } else { found.len() };
    let caret = Span::new(lw.file, abs..abs + slice_end.map_or(caret_len, |e| e - pos));
    let found_text = if found.is_empty() {
        "the end of the statement".to_string()
    } else {
        format!("`{found}`")
    };

    if pos_is_statement_start(lw.text, offset, abs) && expected.contains("`create`") {
        return Diagnostic::error("syntax-error", format!("unknown operation {found_text}"))
            .with_primary(caret, "not an operation")
            .with_help(format!("an operation starts with {OPERATIONS}"));
    }

    let message = match expected.len() {
        0 => format!("unexpected {found_text}"),
        1..=12 => format!("expected {}, found {found_text}", join_or(&expected)),
        n => format!("unexpected {found_text} ({n} other things could go here)"),
    };
    let mut d = Diagnostic::error("syntax-error", message).with_primary(caret, "unexpected here");
    if let Some(suggestion) = did_you_mean(found, &expected) {
        d = d.with_help(format!("did you mean `{suggestion}`?"));
    }
    d
}

/// What pest expected at the failure, as display strings.
fn expected_set(err: &Error<Rule>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    if let Some(attempts) = err.parse_attempts() {
        // pest's token type is not exported; its Display is the token text
        // (upper-cased for case-insensitive keywords).
        for token in attempts.expected_tokens() {
            let text = token.to_string();
            // Quotes and `_` are the first characters of names and strings,
            // which the rule descriptions already cover.
            let is_fragment = matches!(text.as_str(), "\"" | "'" | "_");
            let is_trivia = is_fragment
                || text
                    .trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
                    .is_empty()
                || matches!(text.as_str(), "#" | "--");
            if is_trivia || text == "BUILTIN_RULE" || text.contains("..") && text.len() > 2 {
                continue;
            }
            out.insert(format!("`{}`", text.to_lowercase()));
        }
        for stack in attempts.call_stacks() {
            let rule = stack.parent.or(stack.deepest.get_rule().copied());
            if let Some(name) = rule.and_then(describe_rule) {
                out.insert(name.to_string());
            }
        }
    }
    if let ErrorVariant::ParsingError { positives, .. } = &err.variant {
        for rule in positives {
            if let Some(name) = describe_rule(*rule) {
                out.insert(name.to_string());
            }
        }
    }
    out
}

/// Names for the rules a person can act on; `None` for those that are only
/// structure (their tokens are listed instead).
fn describe_rule(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::ident | Rule::bare_ident | Rule::quoted_ident | Rule::object_name => "a name",
        Rule::column_path => "a column as `table.column`",
        Rule::ident_list => "a list of columns in parentheses",
        Rule::str_lit | Rule::dq_string | Rule::triple_string => "a string in double quotes",
        Rule::sql_string => "a string in single quotes",
        Rule::int_lit => "a number",
        Rule::type_expr | Rule::named_type => "a type",
        Rule::expr_rest
        | Rule::expr_inner
        | Rule::expr_default
        | Rule::expr_value
        | Rule::expr_filter
        | Rule::expr_item
        | Rule::type_param => "an expression",
        _ => return None,
    })
}

fn join_or(items: &BTreeSet<String>) -> String {
    let items: Vec<&str> = items.iter().map(String::as_str).collect();
    match items.as_slice() {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

fn is_word_char_before(text: &str, at: usize) -> bool {
    text[..at].chars().next_back().is_some_and(is_word_char)
}

fn starts_word_char(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_some_and(is_word_char)
}

/// The expected keyword closest to a misspelled word, if close enough.
fn did_you_mean(found: &str, expected: &BTreeSet<String>) -> Option<String> {
    let found = found.to_lowercase();
    if found.chars().count() < 3 || !found.chars().all(is_word_char) {
        return None;
    }
    expected
        .iter()
        .filter_map(|e| e.strip_prefix('`')?.strip_suffix('`'))
        .filter(|kw| kw.chars().all(is_word_char))
        .map(|kw| (edit_distance(&found, kw), kw))
        .filter(|(d, kw)| *d <= 2 && *d < kw.len() / 2 + 1)
        .min()
        .map(|(_, kw)| kw.to_string())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// The word (identifier or number) or single character at `at`.
fn word_at(text: &str, at: usize) -> &str {
    let rest = text.get(at..).unwrap_or("");
    let word_len: usize = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$')
        .map(char::len_utf8)
        .sum();
    if word_len > 0 {
        return &rest[..word_len];
    }
    match rest.chars().next() {
        Some(c) if !c.is_whitespace() => &rest[..c.len_utf8()],
        _ => "",
    }
}

/// Whether only whitespace and comments lie between `start` and `at`.
fn pos_is_statement_start(text: &str, start: usize, at: usize) -> bool {
    let Some(between) = text.get(start..at) else {
        return false;
    };
    between
        .lines()
        .all(|line| code_part(line).trim().is_empty())
}

/// The end of the last code (not whitespace, not a comment) before `at`.
fn end_of_code_before(text: &str, at: usize) -> usize {
    let head = text.get(..at).unwrap_or(text);
    let mut line_end = head.len();
    loop {
        let line_start = head[..line_end].rfind('\n').map_or(0, |i| i + 1);
        let line = &head[line_start..line_end];
        let code = code_part(line).trim_end();
        if !code.is_empty() || line_start == 0 {
            return line_start + code.len();
        }
        line_end = line_start - 1;
    }
}

/// A line without its trailing `#`/`--` comment (quotes respected).
pub(super) fn code_part(line: &str) -> &str {
    code_part_state(line).0
}

/// [`code_part`], and whether a quote is still open at the end of the line.
pub(super) fn code_part_state(line: &str) -> (&str, bool) {
    let mut quote: Option<char> = None;
    let mut prev = '\0';
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '\'' | '"' => quote = Some(c),
                '#' => return (&line[..i], false),
                '-' if prev == '-' => return (&line[..i - 1], false),
                _ => {}
            },
        }
        prev = c;
    }
    (line, quote.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_part_strips_comments_outside_quotes() {
        assert_eq!(code_part("a (b) # c"), "a (b) ");
        assert_eq!(code_part("x '#' -- y"), "x '#' ");
        assert_eq!(code_part("\"a--b\""), "\"a--b\"");
    }

    #[test]
    fn end_of_code_skips_comment_lines() {
        let text = "create table a (x int) # note\n  # more\n  create";
        let at = text.rfind("create").unwrap();
        assert_eq!(end_of_code_before(text, at), text.find(" # note").unwrap());
    }
}
