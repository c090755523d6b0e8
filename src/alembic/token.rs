//! A tokenizer for the subset of Python that Alembic revision files are
//! written in. It never fails: what it cannot read becomes an
//! [`TokenKind::Error`] token and the parser turns the statement holding it
//! into an opaque one.
//!
//! Newlines inside brackets and after a `\` are not tokens (Python's
//! implicit and explicit line joining); indentation becomes `Indent` and
//! `Dedent` tokens at the start of logical lines.

use std::ops::Range;

#[derive(Clone, Debug, PartialEq)]
pub enum TokenKind {
    Name(String),
    /// A number as written.
    Number(String),
    /// A string literal (adjacent literals are joined by the parser):
    /// the value with escapes resolved, and whether it was an f-string.
    Str {
        value: String,
        fstring: bool,
    },
    /// Punctuation and operators: `(`, `)`, `,`, `.`, `=`, `==`, `->`, …
    Op(&'static str),
    Newline,
    Indent,
    Dedent,
    /// A character or construct the tokenizer does not read.
    Error(String),
    Eof,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub kind: TokenKind,
    /// Byte range in the file.
    pub range: Range<usize>,
}

const OPS: [&str; 45] = [
    "**=", "//=", ">>=", "<<=", "...", "->", ":=", "==", "!=", "<=", ">=", "**", "//", "<<", ">>",
    "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", "(", ")", "[", "]", "{", "}", ",", ":",
    ".", ";", "@", "=", "+", "-", "*", "/", "%", "<", ">", "&", "|",
];
const MORE_OPS: [&str; 2] = ["^", "~"];

/// Tokenizes a whole file.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut t = Tokenizer {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
        indents: vec![0],
        // About one token per four bytes of a migration: reserved once
        // rather than grown a dozen times.
        tokens: Vec::with_capacity(text.len() / 4),
        at_line_start: true,
    };
    t.run();
    t.tokens
}

struct Tokenizer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// Bracket nesting: newlines inside brackets do not end a line.
    depth: usize,
    indents: Vec<usize>,
    tokens: Vec<Token>,
    at_line_start: bool,
}

impl Tokenizer<'_> {
    fn push(&mut self, kind: TokenKind, range: Range<usize>) {
        self.tokens.push(Token { kind, range });
    }

    fn last_is_line_end(&self) -> bool {
        matches!(
            self.tokens.last().map(|t| &t.kind),
            None | Some(TokenKind::Newline | TokenKind::Indent | TokenKind::Dedent)
        )
    }

    fn run(&mut self) {
        while self.pos < self.bytes.len() {
            if self.at_line_start && self.depth == 0 {
                self.at_line_start = false;
                if self.indentation() {
                    continue;
                }
            }
            let c = self.bytes[self.pos];
            match c {
                b' ' | b'\t' | b'\x0c' | b'\r' => self.pos += 1,
                b'\n' => {
                    if self.depth == 0 && !self.last_is_line_end() {
                        self.push(TokenKind::Newline, self.pos..self.pos + 1);
                    }
                    self.pos += 1;
                    self.at_line_start = self.depth == 0;
                }
                b'#' => self.skip_comment(),
                b'\\' if self.bytes.get(self.pos + 1) == Some(&b'\n') => self.pos += 2,
                b'\\' if self.text[self.pos + 1..].starts_with("\r\n") => self.pos += 3,
                b'0'..=b'9' => self.number(),
                b'.' if self.bytes.get(self.pos + 1).is_some_and(u8::is_ascii_digit) => {
                    self.number()
                }
                b'"' | b'\'' => self.string(self.pos, ""),
                _ if c == b'_' || c.is_ascii_alphabetic() || c >= 0x80 => self.name_or_string(),
                _ => self.op(),
            }
        }
        let end = self.bytes.len();
        if !self.last_is_line_end() {
            self.push(TokenKind::Newline, end..end);
        }
        while self.indents.len() > 1 {
            self.indents.pop();
            self.push(TokenKind::Dedent, end..end);
        }
        self.push(TokenKind::Eof, end..end);
    }

    /// Measures the indentation of a line; blank and comment-only lines
    /// do not count. Returns whether the line was blank (consumed).
    fn indentation(&mut self) -> bool {
        let start = self.pos;
        let mut width = 0;
        while let Some(&c) = self.bytes.get(self.pos) {
            match c {
                b' ' => width += 1,
                b'\t' => width = (width / 8 + 1) * 8,
                b'\x0c' | b'\r' => {}
                _ => break,
            }
            self.pos += 1;
        }
        match self.bytes.get(self.pos) {
            None | Some(b'\n' | b'#') => {
                // A blank line: the newline handler runs next.
                if self.bytes.get(self.pos) == Some(&b'#') {
                    self.skip_comment();
                }
                if self.bytes.get(self.pos) == Some(&b'\n') {
                    self.pos += 1;
                }
                self.at_line_start = true;
                return true;
            }
            _ => {}
        }
        let current = *self.indents.last().unwrap_or(&0);
        if width > current {
            self.indents.push(width);
            self.push(TokenKind::Indent, start..self.pos);
        } else {
            while width < *self.indents.last().unwrap_or(&0) {
                self.indents.pop();
                self.push(TokenKind::Dedent, self.pos..self.pos);
            }
            if width != *self.indents.last().unwrap_or(&0) {
                self.push(
                    TokenKind::Error("inconsistent indentation".into()),
                    start..self.pos,
                );
            }
        }
        false
    }

    fn skip_comment(&mut self) {
        while self.pos < self.bytes.len() && self.bytes[self.pos] != b'\n' {
            self.pos += 1;
        }
    }

    fn number(&mut self) {
        let start = self.pos;
        while let Some(&c) = self.bytes.get(self.pos) {
            let exponent_sign = (c == b'+' || c == b'-')
                && matches!(self.bytes.get(self.pos - 1), Some(b'e' | b'E'))
                && !self.text[start..self.pos].starts_with("0x");
            if c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || exponent_sign {
                self.pos += 1;
            } else {
                break;
            }
        }
        let text = self.text[start..self.pos].replace('_', "");
        self.push(TokenKind::Number(text), start..self.pos);
    }

    fn name_or_string(&mut self) {
        let start = self.pos;
        loop {
            // ASCII names a byte at a time; any other letter by its char.
            match self.bytes.get(self.pos) {
                Some(b) if b.is_ascii_alphanumeric() || *b == b'_' => self.pos += 1,
                Some(b) if *b >= 0x80 => match self.text[self.pos..].chars().next() {
                    Some(c) if c.is_alphanumeric() => self.pos += c.len_utf8(),
                    _ => break,
                },
                _ => break,
            }
        }
        let name = &self.text[start..self.pos];
        let is_prefix = name.len() <= 2
            && name
                .chars()
                .all(|c| matches!(c.to_ascii_lowercase(), 'r' | 'b' | 'u' | 'f'));
        if is_prefix && matches!(self.bytes.get(self.pos), Some(b'"' | b'\'')) {
            let prefix = name.to_ascii_lowercase();
            self.string(start, &prefix);
        } else {
            self.push(TokenKind::Name(name.to_string()), start..self.pos);
        }
    }

    /// A string literal whose quote is at `self.pos` (`start` includes
    /// the prefix).
    fn string(&mut self, start: usize, prefix: &str) {
        let quote = self.bytes[self.pos];
        let triple = self.bytes.get(self.pos..self.pos + 3) == Some(&[quote, quote, quote][..]);
        let raw = prefix.contains('r');
        self.pos += if triple { 3 } else { 1 };
        let mut value = String::new();
        loop {
            // What lies before the next quote, backslash or newline is
            // copied as it is, in one piece.
            let rest = &self.bytes[self.pos..];
            let run = rest
                .iter()
                .position(|&b| b == quote || b == b'\\' || b == b'\n')
                .unwrap_or(rest.len());
            value.push_str(&self.text[self.pos..self.pos + run]);
            self.pos += run;
            let Some(&b) = self.bytes.get(self.pos) else {
                self.push(
                    TokenKind::Error("unterminated string".into()),
                    start..self.pos,
                );
                return;
            };
            let c = char::from(b);
            if b == quote {
                if !triple {
                    self.pos += 1;
                    break;
                }
                if self.bytes.get(self.pos..self.pos + 3) == Some(&[quote, quote, quote][..]) {
                    self.pos += 3;
                    break;
                }
            }
            if c == '\n' && !triple {
                self.push(
                    TokenKind::Error("unterminated string".into()),
                    start..self.pos,
                );
                return;
            }
            if c == '\\' {
                let next = self.text[self.pos + 1..].chars().next();
                let Some(next) = next else {
                    self.pos += 1;
                    continue;
                };
                self.pos += 1 + next.len_utf8();
                if raw {
                    value.push('\\');
                    value.push(next);
                    continue;
                }
                match next {
                    '\n' => {}
                    'n' => value.push('\n'),
                    't' => value.push('\t'),
                    'r' => value.push('\r'),
                    '0' => value.push('\0'),
                    '\\' | '\'' | '"' => value.push(next),
                    _ => {
                        value.push('\\');
                        value.push(next);
                    }
                }
                continue;
            }
            value.push(c);
            self.pos += c.len_utf8();
        }
        self.push(
            TokenKind::Str {
                value,
                fstring: prefix.contains('f'),
            },
            start..self.pos,
        );
    }

    fn op(&mut self) {
        let rest = &self.text[self.pos..];
        // The longest operator comes first in the lists; comparing first
        // bytes before whole operators keeps that order and skips most of
        // the 47 comparisons.
        let first = rest.as_bytes().first().copied();
        // Brackets and commas, most of a migration's operators, start no
        // longer operator.
        let single = match first {
            Some(b'(') => Some("("),
            Some(b')') => Some(")"),
            Some(b'[') => Some("["),
            Some(b']') => Some("]"),
            Some(b'{') => Some("{"),
            Some(b'}') => Some("}"),
            Some(b',') => Some(","),
            _ => None,
        };
        let found = single.or_else(|| {
            OPS.iter()
                .chain(MORE_OPS.iter())
                .filter(|op| op.as_bytes().first().copied() == first)
                .find(|op| rest.starts_with(**op))
                .copied()
        });
        match found {
            Some(op) => {
                match op {
                    "(" | "[" | "{" => self.depth += 1,
                    ")" | "]" | "}" => self.depth = self.depth.saturating_sub(1),
                    _ => {}
                }
                self.push(TokenKind::Op(op), self.pos..self.pos + op.len());
                self.pos += op.len();
            }
            None => {
                let len = rest.chars().next().map_or(1, char::len_utf8);
                self.push(
                    TokenKind::Error(format!("unexpected character `{}`", &rest[..len])),
                    self.pos..self.pos + len,
                );
                self.pos += len;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<TokenKind> {
        tokenize(text).into_iter().map(|t| t.kind).collect()
    }

    fn s(v: &str) -> TokenKind {
        TokenKind::Str {
            value: v.into(),
            fstring: false,
        }
    }

    #[test]
    fn strings_with_quotes_and_escapes() {
        assert_eq!(
            kinds(r#"x = "it's" 'say "hi"' 'a\'b' r'\d' "\n""#)[2..7],
            [s("it's"), s("say \"hi\""), s("a'b"), s("\\d"), s("\n")]
        );
        let t = kinds("'''a\n'b'\n''' \"\"\"x\"\"\"");
        assert_eq!(t[..2], [s("a\n'b'\n"), s("x")]);
        assert_eq!(
            kinds("f'{x}'")[0],
            TokenKind::Str {
                value: "{x}".into(),
                fstring: true
            }
        );
    }

    #[test]
    fn comments_continuations_and_brackets() {
        let t = kinds("a = (1, # one\n  2,\n)\nb = 1 + \\\n  2  # c 'x\n");
        let newlines = t.iter().filter(|k| **k == TokenKind::Newline).count();
        assert_eq!(newlines, 2);
        assert!(!t.iter().any(|k| matches!(k, TokenKind::Indent)));
    }

    #[test]
    fn indentation() {
        let t = kinds("def f():\n    x\n\n    # c\n        \n    y\nz\n");
        let indents = t.iter().filter(|k| **k == TokenKind::Indent).count();
        let dedents = t.iter().filter(|k| **k == TokenKind::Dedent).count();
        assert_eq!((indents, dedents), (1, 1));
    }

    /// Token streams of awkward text, ranges included, as recorded in
    /// `tests/cases/alembic-syntax/tokens.txt` (`MIGC_BLESS=1` rewrites
    /// it).
    #[test]
    fn token_streams_are_as_recorded() {
        let texts = [
            "é = 1\naé1 = 名前 + x_\u{e9}",
            "s = 'caf\u{e9} \u{1f600}' + \"a\\u00e9\"",
            "t = '''a\n''b'' \"c\"\n'''\nu = \"\"\"x\\\"\"\"\"\"",
            "v = 'open\nw = 1",
            "x = 'a\\\nb' + 'end\\",
            "r'\\d+' rb'\\x00' B\"x\" Rb'y' f'{a!r}' u'z' br'' fr'q'",
            "name'str' x\"y\"",
            "f(a, *b, **c)[1:2, ...] -> d",
            "a **= 2; b //= 3; c != d; e := f @ g; h >>= 1; i <<= 2",
            "x = (1,\n  2,  # c\n)\n",
            "'''unterminated",
            "\"\"\"\n\"\" \"\n\"\"\"",
            "'\\'' \"\\\"\" '\\\\'",
            "def f():\n\tif x:\n\t\treturn 'ok'\n",
        ];
        let mut out = String::new();
        for text in texts {
            let tokens: Vec<String> = tokenize(text)
                .iter()
                .map(|t| format!("{:?}@{:?}", t.kind, t.range))
                .collect();
            out.push_str(&format!("{text:?}\n{}\n\n", tokens.join(" ")));
        }
        crate::recorded::assert_recorded("tests/cases/alembic-syntax/tokens.txt", &out);
    }

    #[test]
    fn never_panics_on_junk() {
        for junk in [
            "'",
            "\"\"\"abc",
            "\\",
            "é = 1",
            "$",
            "x = '\\",
            "\t\n  \n\tx",
        ] {
            let t = tokenize(junk);
            assert_eq!(t.last().map(|t| &t.kind), Some(&TokenKind::Eof));
        }
    }
}
