//! The expressions most migrations write (`0`, `''`, `false`, `now()`,
//! `id > 0`) read without sqlparser. For these, sqlparser tokenizes the
//! text twice and, on every bare word, first tries to read a typed
//! literal (`DATE '…'`) whose failure formats an error message: about
//! a tenth of all the work `migc sql` does on a typical history.
//!
//! [`parse`] answers only for a small language it reads exactly as
//! sqlparser and [`super::expr::convert`] do, and `None` for anything
//! else, which then takes the full path. What it accepts: one literal
//! (an unsigned number without exponent, a quoted string without `'` or
//! `\` inside, `true`, `false`, `null`), a bare word (a column), a call
//! with no arguments (`now()`), or `current_timestamp`, `current_date`,
//! `current_time`; or two of these around one comparison
//! (`= <> != < <= > >=`). Tests hold it to the full path.

use crate::ir::{BinaryOp, ExprKind};

/// The expression `text` reads as, when it is in the small language.
pub(super) fn parse(text: &str) -> Option<ExprKind> {
    let mut s = Scan {
        bytes: text.as_bytes(),
        text,
        at: 0,
    };
    let left = s.operand()?;
    let Some(op) = s.comparison() else {
        return s.at_end().then_some(left);
    };
    let right = s.operand()?;
    s.at_end().then(|| ExprKind::Binary {
        left: Box::new(left),
        op,
        right: Box::new(right),
    })
}

/// Words sqlparser reads as something other than a column or a plain
/// call when they start an expression (its `parse_expr_prefix_by_
/// reserved_word`, every dialect's cases) or follow a comparison (the
/// quantifiers), lower case.
const SPECIAL: &[&str] = &[
    // After a comparison, `= any (…)`, `> all (…)`, `= some (…)`.
    "all",
    "any",
    "array",
    "box",
    "case",
    "cast",
    "ceil",
    "circle",
    "convert",
    "current_catalog",
    "current_date",
    "current_time",
    "current_timestamp",
    "current_user",
    "exists",
    "extract",
    "false",
    "floor",
    "interval",
    "lambda",
    "line",
    "localtime",
    "localtimestamp",
    "lseg",
    "map",
    "match",
    "not",
    "null",
    "overlay",
    "path",
    "point",
    "polygon",
    "position",
    "prior",
    "safe_cast",
    "session_user",
    "some",
    "struct",
    "substr",
    "substring",
    "trim",
    "true",
    "try_cast",
    "try_convert",
    "user",
];

struct Scan<'a> {
    bytes: &'a [u8],
    text: &'a str,
    at: usize,
}

impl Scan<'_> {
    fn skip_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn at_end(&mut self) -> bool {
        self.skip_space();
        self.at == self.bytes.len()
    }

    fn operand(&mut self) -> Option<ExprKind> {
        self.skip_space();
        match self.peek()? {
            b'0'..=b'9' => self.number(),
            b'\'' => self.string(),
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => self.word(),
            _ => None,
        }
    }

    fn number(&mut self) -> Option<ExprKind> {
        let start = self.at;
        self.digits();
        if self.peek() == Some(b'.') {
            self.at += 1;
            if !self.peek()?.is_ascii_digit() {
                return None;
            }
            self.digits();
        }
        // `1e3`, `0x1f`, `1abc`, `1.2.3`: sqlparser's business.
        if self
            .peek()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
        {
            return None;
        }
        Some(ExprKind::Number(self.text[start..self.at].to_string()))
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
    }

    fn string(&mut self) -> Option<ExprKind> {
        let start = self.at + 1;
        let len = self.bytes[start..]
            .iter()
            .position(|&b| b == b'\'' || b == b'\\')?;
        let end = start + len;
        if self.bytes[end] != b'\'' {
            return None;
        }
        self.at = end + 1;
        // `'a''b'` (an escaped quote) and `'a' 'b'` (concatenated
        // literals) are left to sqlparser.
        self.skip_space();
        if self.peek() == Some(b'\'') {
            return None;
        }
        Some(ExprKind::String(self.text[start..end].to_string()))
    }

    fn word(&mut self) -> Option<ExprKind> {
        let start = self.at;
        while self
            .peek()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            self.at += 1;
        }
        // Non-ASCII letters, `$`, `.` (a qualified name), `'` (a typed
        // literal) or `"` right after a word: sqlparser's business.
        if self
            .peek()
            .is_some_and(|b| !b.is_ascii() || matches!(b, b'$' | b'.' | b'\'' | b'"'))
        {
            return None;
        }
        let word = self.text[start..self.at].to_ascii_lowercase();
        let call = {
            self.skip_space();
            self.peek() == Some(b'(')
        };
        match word.as_str() {
            "true" if !call => return Some(ExprKind::Bool(true)),
            "false" if !call => return Some(ExprKind::Bool(false)),
            "null" if !call => return Some(ExprKind::Null),
            "current_timestamp" if !call => return Some(ExprKind::CurrentTimestamp),
            "current_date" if !call => return Some(ExprKind::CurrentDate),
            "current_time" if !call => return Some(ExprKind::CurrentTime),
            _ if SPECIAL.binary_search(&word.as_str()).is_ok() => return None,
            _ => {}
        }
        if !call {
            return Some(ExprKind::Column(vec![word]));
        }
        self.at += 1;
        self.skip_space();
        if self.peek() != Some(b')') {
            return None;
        }
        self.at += 1;
        Some(ExprKind::Function {
            name: vec![word],
            args: Vec::new(),
        })
    }

    fn comparison(&mut self) -> Option<BinaryOp> {
        self.skip_space();
        let rest = &self.bytes[self.at..];
        let (op, len) = match rest {
            [b'<', b'=', b'>', ..] => return None,
            [b'<', b'>', ..] | [b'!', b'=', ..] => (BinaryOp::NotEq, 2),
            [b'<', b'=', ..] => (BinaryOp::LtEq, 2),
            [b'>', b'=', ..] => (BinaryOp::GtEq, 2),
            [b'=', b'>', ..] | [b'=', b'=', ..] => return None,
            [
                b'<',
                b'<' | b'@' | b'-' | b'|' | b'^' | b'#' | b'&' | b'~',
                ..,
            ] => return None,
            [
                b'>',
                b'>' | b'@' | b'-' | b'|' | b'^' | b'#' | b'&' | b'~',
                ..,
            ] => return None,
            [b'<', ..] => (BinaryOp::Lt, 1),
            [b'>', ..] => (BinaryOp::Gt, 1),
            [b'=', ..] => (BinaryOp::Eq, 1),
            _ => return None,
        };
        self.at += len;
        // An operator glued to more operator characters (`>=-`, `=*`)
        // tokenizes otherwise.
        if self
            .peek()
            .is_some_and(|b| b"+-*/%<>=!~@#^&|`?:".contains(&b))
        {
            return None;
        }
        Some(op)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{FileId, Span};

    fn full(text: &str) -> Option<ExprKind> {
        super::super::expr::parse_expr_with_sqlparser(text, Span::new(FileId(0), 0..text.len()))
            .ok()
            .map(|e| e.kind)
    }

    #[test]
    fn the_special_words_are_sorted() {
        assert!(SPECIAL.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn reads_the_common_forms() {
        assert_eq!(parse("0"), Some(ExprKind::Number("0".into())));
        assert_eq!(parse(" 1.50 "), Some(ExprKind::Number("1.50".into())));
        assert_eq!(parse("''"), Some(ExprKind::String(String::new())));
        assert_eq!(parse("FALSE"), Some(ExprKind::Bool(false)));
        assert_eq!(parse("now()"), full("now()"));
        assert_eq!(parse("id > 0"), full("id > 0"));
        for declined in [
            "-1",
            "1e3",
            "'it''s'",
            "'a\\b'",
            "a.b",
            "interval '1 day'",
            "(1)",
        ] {
            assert_eq!(parse(declined), None, "{declined}");
        }
    }

    /// Every text the small language reads, and many it must decline,
    /// read as the full path reads them.
    #[test]
    fn agrees_with_sqlparser() {
        let operands = [
            "0",
            "42",
            "007",
            "1.5",
            "1.",
            ".5",
            "1e3",
            "0x1f",
            "1abc",
            "''",
            "'a'",
            "'it''s'",
            "'a\\b'",
            "'caf\u{e9}'",
            "'a' 'b'",
            "true",
            "TRUE",
            "False",
            "null",
            "NULL",
            "id",
            "Status",
            "user",
            "name",
            "value",
            "status",
            "now()",
            "NOW ( )",
            "now(1)",
            "f()",
            "random()",
            "current_timestamp",
            "CURRENT_DATE",
            "current_time",
            "current_user",
            "anY",
            "all",
            "Some",
            "localtime",
            "date",
            "timestamp",
            "interval",
            "not",
            "case",
            "x$",
            "\u{e9}t\u{e9}",
            "a.b",
            "\"Q\"",
            "_x1",
            "array",
            "exists",
            "cast",
            "substring()",
            "trim()",
        ];
        let ops = [
            "=", "<>", "!=", "<", "<=", ">", ">=", "==", "=>", "<=>", "<<", ">>", "<@", "@>", "=-",
            ">=-", "+", "||", "",
        ];
        let mut read = 0;
        for left in operands {
            for op in ops {
                for right in [
                    "0",
                    "'x'",
                    "now()",
                    "id",
                    "null",
                    "-1",
                    "current_date",
                    "anY",
                    "all",
                    "Some",
                ] {
                    for text in [
                        format!("{left} {op} {right}"),
                        format!("{left}{op}{right}"),
                        left.to_string(),
                    ] {
                        let fast = parse(&text);
                        if let Some(kind) = &fast {
                            read += 1;
                            assert_eq!(Some(kind.clone()), full(&text), "{text:?}");
                        }
                    }
                }
            }
        }
        assert!(read > 1_000, "only {read} texts read by the small language");
    }
}
