//! A bound on how deep the trees built from SQL text can get, checked on
//! the token stream before sqlparser builds anything.
//!
//! sqlparser limits its own recursion (nested parentheses, function calls,
//! right-leaning operators), but a left-associative chain such as
//! `1 + 1 + … + 1` is parsed in a loop into a tree as deep as the chain is
//! long. Converting, printing, emitting and even dropping that tree recurse
//! once per level, so 10,000 operators overflow the stack. Counting the
//! operators between commas at each nesting level is linear, needs no
//! recursion, and bounds that depth; no real migration comes near it.

use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::{Token, TokenWithSpan};

/// Most operators allowed in one operand list item (between commas at one
/// nesting level). Trees of this depth stay well inside a 2 MiB thread
/// stack in a debug build, through every stage.
pub const MAX_OPERATOR_CHAIN: usize = 256;
/// Most nested brackets allowed; sqlparser's own limit (50 nested calls)
/// usually stops a parse before this.
pub const MAX_NESTING: usize = 128;

/// Code of the diagnostic for SQL over these limits.
pub const TOO_COMPLEX: &str = "sql-too-complex";

/// What was too much, and the token where the limit was crossed.
#[derive(Debug)]
pub struct TooComplex {
    pub message: String,
    pub at: sqlparser::tokenizer::Location,
}

/// Checks `tokens` against [`MAX_OPERATOR_CHAIN`] and [`MAX_NESTING`].
pub fn check(tokens: &[TokenWithSpan]) -> Result<(), TooComplex> {
    // One operator count per open bracket level; the innermost is last.
    let mut chains: Vec<usize> = vec![0];
    for t in tokens {
        match &t.token {
            Token::LParen | Token::LBracket | Token::LBrace => {
                if chains.len() > MAX_NESTING {
                    return Err(TooComplex {
                        message: format!(
                            "brackets are nested more than {MAX_NESTING} deep; migc refuses \
                             SQL this deeply nested"
                        ),
                        at: t.span.start,
                    });
                }
                chains.push(0);
            }
            // An unmatched closer leaves the outermost level in place.
            Token::RParen | Token::RBracket | Token::RBrace if chains.len() > 1 => {
                chains.pop();
            }
            Token::Comma | Token::SemiColon => {
                if let Some(n) = chains.last_mut() {
                    *n = 0;
                }
            }
            token if is_operator(token) => {
                if let Some(n) = chains.last_mut() {
                    *n += 1;
                    if *n > MAX_OPERATOR_CHAIN {
                        return Err(TooComplex {
                            message: format!(
                                "more than {MAX_OPERATOR_CHAIN} operators in one expression \
                                 without parentheses or commas; migc refuses SQL this long \
                                 (split it, or move it into a function)"
                            ),
                            at: t.span.start,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Tokens that can join two operands into a deeper tree. Conservative:
/// anything that is not plainly an operand or punctuation counts.
fn is_operator(token: &Token) -> bool {
    match token {
        Token::Word(w) => matches!(
            w.keyword,
            Keyword::AND
                | Keyword::OR
                | Keyword::XOR
                | Keyword::NOT
                | Keyword::IS
                | Keyword::LIKE
                | Keyword::ILIKE
                | Keyword::SIMILAR
                | Keyword::REGEXP
                | Keyword::RLIKE
                | Keyword::GLOB
                | Keyword::MATCH
                | Keyword::IN
                | Keyword::BETWEEN
                | Keyword::COLLATE
                | Keyword::AT
                | Keyword::DIV
                | Keyword::MOD
                | Keyword::OVERLAPS
        ),
        Token::EOF
        | Token::Whitespace(_)
        | Token::Number(..)
        | Token::SingleQuotedString(_)
        | Token::DoubleQuotedString(_)
        | Token::NationalStringLiteral(_)
        | Token::EscapedStringLiteral(_)
        | Token::DollarQuotedString(_)
        | Token::HexStringLiteral(_)
        | Token::Placeholder(_)
        | Token::Period
        | Token::Colon
        | Token::RParen
        | Token::RBracket
        | Token::RBrace => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::dialect::GenericDialect;
    use sqlparser::tokenizer::Tokenizer;

    fn run(sql: &str) -> Result<(), TooComplex> {
        let tokens = Tokenizer::new(&GenericDialect {}, sql)
            .tokenize_with_location()
            .unwrap_or_default();
        check(&tokens)
    }

    #[test]
    fn long_lists_pass_long_chains_do_not() {
        let list = vec!["-1"; 10_000].join(", ");
        assert!(run(&format!("x in ({list})")).is_ok());
        let chain = vec!["1"; MAX_OPERATOR_CHAIN + 1].join(" + ");
        assert!(run(&chain).is_ok());
        let chain = vec!["1"; MAX_OPERATOR_CHAIN + 2].join(" + ");
        let err = run(&chain).err();
        assert!(err.is_some_and(|e| e.message.contains("operators")));
        let nested = format!("{}1{}", "(".repeat(200), ")".repeat(200));
        assert!(run(&nested).is_err_and(|e| e.message.contains("nested")));
    }
}
