//! The cursor of the fast path and the grammar's lexical rules: trivia,
//! keywords, names, strings, SQL tokens and expression extents.
//!
//! Every function mirrors one rule of `grammar/migc.pest`. It returns
//! [`Miss::NoMatch`] exactly when the rule fails there (the caller may then
//! try the grammar's next alternative) and [`Miss::Bail`] when the fast
//! path cannot be sure of the outcome.

use super::super::lower::{Lowerer, bare_ident, sq_value, trim_trivia};
use super::super::syntax_error::code_part_state;
use crate::ir::{Expr, Ident, Spanned};
use crate::source::Span;

/// Why a rule did not give a result.
#[derive(Debug)]
pub(super) enum Miss {
    /// The rule does not match here (the grammar would backtrack).
    NoMatch,
    /// Unsure: leave the file to the pest parser.
    Bail,
}

pub(super) type R<T> = Result<T, Miss>;

/// Brackets nest at most this deep (the file-wide pre-check allows 64).
const MAX_DEPTH: usize = 96;

/// A span's last line is checked for comment-like text (see
/// [`Scanner::span_from`]); a longer one is left to pest, which keeps that
/// check linear.
const MAX_LAST_LINE: usize = 4096;

/// A position to come back to.
#[derive(Clone, Copy)]
pub(super) struct Mark {
    pos: usize,
    end: usize,
    trivia_bom: bool,
}

/// Where an expression's text lies: `start..text_end` as the grammar
/// delimits it (trailing trivia included where the rule takes it) and
/// `end`, the end of its last token.
#[derive(Clone, Copy)]
pub(super) struct Extent {
    start: usize,
    text_end: usize,
    end: usize,
}

/// Where an expression ends.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Stop {
    /// `expr_rest`, `expr_item`, `type_param`: tokens up to the first
    /// non-token.
    Tokens,
    /// `expr_inner`: tokens and commas.
    Inner,
    /// `expr_default`: up to the next column option.
    Default,
    /// `expr_value`: up to `where` or `batch N`.
    Value,
    /// `expr_filter`: up to `batch N`.
    Filter,
}

pub(super) struct Scanner<'t> {
    pub lw: Lowerer<'t>,
    pub text: &'t str,
    bytes: &'t [u8],
    /// The next token's start: trivia is skipped after every token.
    pub pos: usize,
    /// The end of the last token, where a rule's span ends.
    pub end: usize,
    depth: usize,
    /// Whether the trivia between `end` and `pos` holds a byte-order mark
    /// (whitespace to pest, but not to the trimming of spans).
    trivia_bom: bool,
}

impl<'t> Scanner<'t> {
    pub fn new(lw: Lowerer<'t>) -> Scanner<'t> {
        let text = lw.text;
        let mut s = Scanner {
            lw,
            text,
            bytes: text.as_bytes(),
            pos: 0,
            end: 0,
            depth: 0,
            trivia_bom: false,
        };
        s.skip();
        s
    }

    pub fn span(&self, range: std::ops::Range<usize>) -> Span {
        Span::new(self.lw.file, range)
    }

    pub fn mark(&self) -> Mark {
        Mark {
            pos: self.pos,
            end: self.end,
            trivia_bom: self.trivia_bom,
        }
    }

    pub fn reset(&mut self, m: Mark) {
        self.pos = m.pos;
        self.end = m.end;
        self.trivia_bom = m.trivia_bom;
    }

    /// An optional part: `Ok(None)` (and nothing consumed) when it does
    /// not match.
    pub fn attempt<T>(&mut self, rule: impl FnOnce(&mut Self) -> R<T>) -> R<Option<T>> {
        let m = self.mark();
        match rule(self) {
            Ok(v) => Ok(Some(v)),
            Err(Miss::NoMatch) => {
                self.reset(m);
                Ok(None)
            }
            Err(Miss::Bail) => Err(Miss::Bail),
        }
    }

    pub fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    pub fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Ends a token at `to` and skips the trivia after it.
    fn took(&mut self, to: usize) {
        self.pos = to;
        self.end = to;
        self.skip();
    }

    /// `WHITESPACE` and `COMMENT`, as pest skips them between tokens.
    fn skip(&mut self) {
        const BOM: &[u8] = "\u{FEFF}".as_bytes();
        self.trivia_bom = false;
        loop {
            match self.bytes.get(self.pos) {
                Some(b' ' | b'\t' | b'\r' | b'\n') => self.pos += 1,
                Some(b'#') => self.pos = self.line_end(self.pos),
                Some(b'-') if self.bytes.get(self.pos + 1) == Some(&b'-') => {
                    self.pos = self.line_end(self.pos);
                }
                Some(0xEF) if self.bytes[self.pos..].starts_with(BOM) => {
                    self.trivia_bom = true;
                    self.pos += BOM.len();
                }
                _ => return,
            }
        }
    }

    fn line_end(&self, from: usize) -> usize {
        self.bytes[from..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(self.bytes.len(), |i| from + i)
    }

    // ------------------------------------------------------------ spans

    /// The span of a rule that started at `start` and whose last token
    /// ended at `self.end`. pest's span of such a rule may run on over
    /// trivia, which the lowering trims by reading the last line with
    /// `code_part`; that reading only agrees with the token end when the
    /// last line holds no text it would take for a comment or an open
    /// quote, and when the trivia holds no byte-order mark (which
    /// `trim_end` keeps), both checked here.
    pub fn span_from(&self, start: usize) -> R<Span> {
        let end = self.end;
        if self.pos == end {
            // No trivia follows, so pest's span ends here too.
            return Ok(self.span(start..end));
        }
        if self.trivia_bom {
            return Err(Miss::Bail);
        }
        let low = end.saturating_sub(MAX_LAST_LINE).max(start);
        let line_start = match self.bytes[low..end].iter().rposition(|&c| c == b'\n') {
            Some(i) => low + i + 1,
            None if low == start => start,
            None => return Err(Miss::Bail),
        };
        let line = &self.bytes[line_start..end];
        if line.last() == Some(&b'-') {
            return Err(Miss::Bail);
        }
        if line.iter().any(|c| matches!(c, b'\'' | b'"' | b'#' | b'-')) {
            let line = self.text.get(line_start..end).ok_or(Miss::Bail)?;
            let (code, open_quote) = code_part_state(line);
            if code.len() != line.len() || open_quote {
                return Err(Miss::Bail);
            }
        }
        Ok(self.span(start..end))
    }

    /// The span of a rule that started at `start` and ends with a token it
    /// requires (a closing bracket, a keyword): pest's span ends with that
    /// token, whatever trivia follows.
    pub fn span_to_token(&self, start: usize) -> Span {
        self.span(start..self.end)
    }

    /// The span pest gives the inside of a string: trimmed as the
    /// lowering trims every span.
    fn trimmed(&self, start: usize, end: usize) -> Span {
        self.span(start..start + trim_trivia(&self.text[start..end]))
    }

    // ------------------------------------------------------------ words

    fn char_at(&self, at: usize) -> Option<char> {
        match self.bytes.get(at) {
            Some(&b) if b.is_ascii() => Some(char::from(b)),
            Some(_) => self.text.get(at..)?.chars().next(),
            None => None,
        }
    }

    fn is_ident_char(c: char) -> bool {
        c.is_ascii_alphanumeric()
            || c == '_'
            || c == '$'
            || (!c.is_ascii() && pest::unicode::XID_CONTINUE(c))
    }

    fn is_ident_start(c: char) -> bool {
        c.is_ascii_alphabetic() || c == '_' || (!c.is_ascii() && pest::unicode::XID_START(c))
    }

    /// The end of the word (`ident_start ~ ident_char*`) at `at`, or `at`.
    fn word_end(&self, at: usize) -> usize {
        match self.char_at(at) {
            Some(c) if Self::is_ident_start(c) => {}
            _ => return at,
        }
        let mut i = at;
        while let Some(c) = self.char_at(i) {
            if i > at && !Self::is_ident_char(c) {
                break;
            }
            i += c.len_utf8();
        }
        i
    }

    /// Whether the keyword `word` (lower case) is next, whole.
    pub fn at_kw(&self, word: &str) -> bool {
        // Most tries fail on the first letter; keywords are lower case.
        let first = word.as_bytes().first().copied();
        if self.peek().map(|b| b.to_ascii_lowercase()) != first {
            return false;
        }
        let end = self.pos + word.len();
        self.bytes
            .get(self.pos..end)
            .is_some_and(|s| s.eq_ignore_ascii_case(word.as_bytes()))
            && !self.char_at(end).is_some_and(Self::is_ident_char)
    }

    pub fn kw(&mut self, word: &str) -> bool {
        let found = self.at_kw(word);
        if found {
            self.took(self.pos + word.len());
        }
        found
    }

    pub fn expect_kw(&mut self, word: &str) -> R<()> {
        if self.kw(word) {
            Ok(())
        } else {
            Err(Miss::NoMatch)
        }
    }

    /// The span of the keyword `word` when it is next.
    pub fn kw_span(&mut self, word: &str) -> Option<Span> {
        let start = self.pos;
        self.kw(word).then(|| self.span(start..self.end))
    }

    pub fn punct(&mut self, c: u8) -> bool {
        let found = self.peek() == Some(c);
        if found {
            self.took(self.pos + 1);
        }
        found
    }

    pub fn expect(&mut self, c: u8) -> R<()> {
        if self.punct(c) {
            Ok(())
        } else {
            Err(Miss::NoMatch)
        }
    }

    /// `bare_ident`: the word's text and span.
    pub fn bare_word(&mut self) -> R<(&'t str, Span)> {
        let start = self.pos;
        let end = self.word_end(start);
        if end == start {
            return Err(Miss::NoMatch);
        }
        let text: &'t str = self.text;
        self.took(end);
        Ok((&text[start..end], self.span(start..end)))
    }

    /// `ident`: a quoted or a bare name.
    pub fn ident(&mut self) -> R<Ident> {
        let start = self.pos;
        if self.peek() == Some(b'"') {
            let close = self.quoted_close(start)?;
            let span = self.span(start..close + 1);
            let ident = self.lw.quoted_ident(&self.text[start + 1..close], span);
            if ident.name.is_empty() {
                return Err(Miss::Bail);
            }
            self.took(close + 1);
            return Ok(ident);
        }
        let (word, span) = self.bare_word()?;
        Ok(bare_ident(word, span))
    }

    /// The closing quote of the quoted name at `start` (`""` is a quote;
    /// the name ends at the line).
    fn quoted_close(&self, start: usize) -> R<usize> {
        let mut i = start + 1;
        loop {
            match self.bytes.get(i) {
                Some(b'"') if self.bytes.get(i + 1) == Some(&b'"') => i += 2,
                Some(b'"') => return Ok(i),
                Some(b'\n') | None => return Err(Miss::NoMatch),
                Some(_) => i += 1,
            }
        }
    }

    /// `ident_list`.
    pub fn ident_list(&mut self) -> R<Vec<Ident>> {
        self.expect(b'(')?;
        let mut idents = vec![self.ident()?];
        while self.punct(b',') {
            idents.push(self.ident()?);
        }
        self.expect(b')')?;
        Ok(idents)
    }

    /// `int_lit`.
    pub fn int(&mut self) -> R<Spanned<u64>> {
        let start = self.pos;
        let digits = self.bytes[start..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        let end = start + digits;
        if digits == 0 || self.char_at(end).is_some_and(Self::is_ident_char) {
            return Err(Miss::NoMatch);
        }
        let n = self
            .lw
            .int_at(&self.text[start..end], self.span(start..end));
        self.took(end);
        n.ok_or(Miss::Bail)
    }

    // ------------------------------------------------------------ strings

    /// `str_lit`: a header or raw-SQL string, unescaped, with the span of
    /// its inside. An unterminated one is left to pest.
    pub fn string(&mut self) -> R<Spanned<String>> {
        let start = self.pos;
        if self.peek() != Some(b'"') {
            return Err(Miss::NoMatch);
        }
        if self.bytes[start..].starts_with(b"\"\"\"") {
            let from = start + 3;
            let close = self.text[from..].find("\"\"\"").ok_or(Miss::Bail)? + from;
            let span = self.trimmed(from, close);
            let value = self.text[from..close].to_string();
            self.took(close + 3);
            return Ok(Spanned::new(value, span));
        }
        let from = start + 1;
        let mut i = from;
        loop {
            match self.bytes.get(i) {
                Some(b'"') => break,
                Some(b'\\') if self.bytes.get(i + 1).is_some_and(|&c| c != b'\n') => i += 2,
                Some(b'\\' | b'\n') | None => return Err(Miss::Bail),
                Some(_) => i += 1,
            }
        }
        let span = self.trimmed(from, i);
        let value = self.lw.dq_value(&self.text[from..i], span);
        self.took(i + 1);
        Ok(Spanned::new(value, span))
    }

    /// The end of the SQL string at `start` (`''` is a quote). An
    /// unterminated one is left to pest.
    fn sql_string_end(&self, start: usize) -> R<usize> {
        let mut i = start + 1;
        loop {
            match self.bytes.get(i) {
                Some(b'\'') if self.bytes.get(i + 1) == Some(&b'\'') => i += 2,
                Some(b'\'') => return Ok(i + 1),
                Some(_) => i += 1,
                None => return Err(Miss::Bail),
            }
        }
    }

    /// `sql_string`, unescaped, with its span (quotes included).
    pub fn sql_string(&mut self) -> R<Spanned<String>> {
        let start = self.pos;
        if self.peek() != Some(b'\'') {
            return Err(Miss::NoMatch);
        }
        let end = self.sql_string_end(start)?;
        let value = sq_value(&self.text[start + 1..end - 1]);
        self.took(end);
        Ok(Spanned::new(value, self.span(start..end)))
    }

    // ------------------------------------------------------------ SQL tokens

    /// `sql_token`: a parenthesised group, a string, a quoted name, a
    /// number, a word or an operator.
    fn sql_token(&mut self) -> R<()> {
        let start = self.pos;
        let end = match self.peek() {
            Some(b'(') => return self.paren_group(),
            Some(b'\'') => self.sql_string_end(start)?,
            Some(b'"') => self.quoted_close(start)? + 1,
            Some(c) if c.is_ascii_digit() => self.number_end(start),
            Some(b'.') if self.bytes.get(start + 1).is_some_and(u8::is_ascii_digit) => {
                self.number_end(start)
            }
            Some(_) => {
                let word = self.word_end(start);
                if word > start {
                    word
                } else {
                    let ops = self.bytes[start..]
                        .iter()
                        .take_while(|&&c| is_op_char(c))
                        .count();
                    if ops == 0 {
                        return Err(Miss::NoMatch);
                    }
                    start + ops
                }
            }
            None => return Err(Miss::NoMatch),
        };
        self.took(end);
        Ok(())
    }

    /// `sql_number` at `start`, which holds a digit or `.` and a digit.
    fn number_end(&self, start: usize) -> usize {
        let digits = |from: usize| {
            from + self.bytes[from..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count()
        };
        let mut i = digits(start);
        if self.bytes.get(i) == Some(&b'.') {
            i = digits(i + 1);
        }
        if matches!(self.bytes.get(i), Some(b'e' | b'E')) {
            let mut j = i + 1;
            if matches!(self.bytes.get(j), Some(b'+' | b'-')) {
                j += 1;
            }
            let k = digits(j);
            if k > j {
                i = k;
            }
        }
        i
    }

    /// `paren_group`. One that does not close is left to pest: a file
    /// with it does not parse.
    fn paren_group(&mut self) -> R<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Miss::Bail);
        }
        self.took(self.pos + 1);
        loop {
            match self.peek() {
                Some(b')') => break,
                Some(b',') => self.took(self.pos + 1),
                _ => self.sql_token().map_err(|_| Miss::Bail)?,
            }
        }
        self.took(self.pos + 1);
        self.depth -= 1;
        Ok(())
    }

    /// An expression from `start` to the end of the `paren_group` that
    /// is next (`index_call`).
    pub fn group_extent(&mut self, start: usize) -> R<Extent> {
        if self.peek() != Some(b'(') {
            return Err(Miss::NoMatch);
        }
        self.paren_group()?;
        Ok(Extent {
            start,
            text_end: self.end,
            end: self.end,
        })
    }

    /// One repetition of an expression: a token, or for `expr_inner` a
    /// comma too.
    fn expr_piece(&mut self, stop: Stop) -> R<()> {
        if stop == Stop::Inner && self.punct(b',') {
            return Ok(());
        }
        self.sql_token()
    }

    /// Whether the expression ends here (the grammar's negative
    /// lookaheads). Consumes nothing.
    fn stops(&mut self, stop: Stop) -> bool {
        const OPTIONS: [&str; 8] = [
            "default",
            "primary",
            "unique",
            "references",
            "check",
            "comment",
            "constraint",
            "generated",
        ];
        match stop {
            Stop::Tokens | Stop::Inner => false,
            Stop::Default => {
                self.followed_by(|s| s.kw("not") && s.kw("null"))
                    || self.at_kw("null")
                    || OPTIONS.iter().any(|w| self.at_kw(w))
            }
            Stop::Value => self.at_kw("where") || self.at_batch(),
            Stop::Filter => self.at_batch(),
        }
    }

    /// `batch_clause_start`: `batch` and a whole number.
    fn at_batch(&mut self) -> bool {
        self.followed_by(|s| s.kw("batch") && s.int_lexeme())
    }

    fn int_lexeme(&self) -> bool {
        let digits = self.bytes[self.pos..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        digits > 0
            && !self
                .char_at(self.pos + digits)
                .is_some_and(Self::is_ident_char)
    }

    /// A lookahead: whether `rule` matches here, consuming nothing.
    fn followed_by(&mut self, rule: impl FnOnce(&mut Self) -> bool) -> bool {
        let m = self.mark();
        let found = rule(self);
        self.reset(m);
        found
    }

    /// `is_null_test`, consumed when it matches.
    fn is_null_test(&mut self) -> bool {
        let m = self.mark();
        if self.kw("is") {
            self.kw("not");
            if self.kw("null") {
                return true;
            }
        }
        self.reset(m);
        false
    }

    /// Where the expression that starts here ends: the rule is
    /// `first ~ (…)*` (or `first+`), and pest's text of it runs over the
    /// trivia after the first piece when the repetition matched nothing.
    pub fn extent(&mut self, stop: Stop) -> R<Extent> {
        let start = self.pos;
        self.expr_piece(stop)?;
        let after_first = self.pos;
        let mut more = 0usize;
        loop {
            if stop == Stop::Default && self.is_null_test() {
                more += 1;
                continue;
            }
            if self.stops(stop) {
                break;
            }
            let m = self.mark();
            match self.expr_piece(stop) {
                Ok(()) => more += 1,
                Err(Miss::NoMatch) => {
                    self.reset(m);
                    break;
                }
                Err(Miss::Bail) => return Err(Miss::Bail),
            }
        }
        let text_end = if more == 0 { after_first } else { self.end };
        Ok(Extent {
            start,
            text_end,
            end: self.end,
        })
    }

    /// The pest text of an extent (for type parameters).
    pub fn extent_text(&self, e: Extent) -> (&'t str, Span) {
        let text: &'t str = self.text;
        (&text[e.start..e.text_end], self.span(e.start..e.end))
    }

    /// The expression of an extent, parsed by sqlparser as the pest path
    /// parses it.
    pub fn lower_expr(&mut self, e: Extent) -> R<Expr> {
        let span = self.trimmed(e.start, e.text_end);
        let text: &'t str = self.text;
        self.lw
            .expr_at(&text[e.start..e.text_end], span)
            .ok_or(Miss::Bail)
    }

    /// An expression up to `stop`, lowered.
    pub fn expr(&mut self, stop: Stop) -> R<Expr> {
        let e = self.extent(stop)?;
        self.lower_expr(e)
    }
}

fn is_op_char(c: u8) -> bool {
    matches!(
        c,
        b'+' | b'-'
            | b'*'
            | b'/'
            | b'%'
            | b'|'
            | b'<'
            | b'>'
            | b'='
            | b'!'
            | b':'
            | b'~'
            | b'^'
            | b'&'
            | b'@'
            | b'?'
            | b'['
            | b']'
            | b'.'
    )
}
