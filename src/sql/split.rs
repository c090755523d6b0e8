//! Splitting SQL text into statements at top-level `;`.
//!
//! The tokenizer already keeps strings, comments and dollar-quoted bodies
//! whole. What it cannot know is that a trigger body (`CREATE TRIGGER …
//! BEGIN …; …; END`, SQLite and MySQL) holds statements of its own: inside
//! such a statement, `;` splits only outside `BEGIN … END` (and `CASE …
//! END`) nesting.

use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::{Token, TokenWithSpan};

/// The statements of `tokens`, each without its `;`.
pub(crate) fn statements(tokens: &[TokenWithSpan]) -> Vec<&[TokenWithSpan]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut compound = false;
    let mut depth = 0usize;
    let mut words_seen = 0usize;
    for (i, t) in tokens.iter().enumerate() {
        match &t.token {
            Token::SemiColon if depth == 0 => {
                out.push(&tokens[start..i]);
                start = i + 1;
                compound = false;
                words_seen = 0;
            }
            Token::Word(w) => {
                // `CREATE [TEMP] TRIGGER`, `CREATE [OR REPLACE] PROCEDURE`:
                // the kind shows within the first few words.
                if words_seen < 5 && matches!(w.keyword, Keyword::TRIGGER | Keyword::PROCEDURE) {
                    compound = starts_with_create(&tokens[start..i]);
                }
                words_seen += 1;
                if compound {
                    match w.keyword {
                        Keyword::BEGIN | Keyword::CASE => depth += 1,
                        Keyword::END => depth = depth.saturating_sub(1),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    out.push(&tokens[start..]);
    out
}

fn starts_with_create(tokens: &[TokenWithSpan]) -> bool {
    tokens
        .iter()
        .find(|t| !matches!(t.token, Token::Whitespace(_)))
        .is_some_and(|t| matches!(&t.token, Token::Word(w) if w.keyword == Keyword::CREATE))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::dialect::SQLiteDialect;
    use sqlparser::tokenizer::Tokenizer;

    fn split(sql: &str) -> Vec<String> {
        let tokens = Tokenizer::new(&SQLiteDialect {}, sql)
            .tokenize_with_location()
            .unwrap();
        statements(&tokens)
            .iter()
            .map(|g| {
                g.iter()
                    .map(|t| t.token.to_string())
                    .collect::<String>()
                    .trim()
                    .to_string()
            })
            .filter(|s| !s.is_empty())
            .collect()
    }

    #[test]
    fn trigger_bodies_stay_whole() {
        let sql = "ALTER TABLE a ADD COLUMN b TEXT;\nCREATE TRIGGER t AFTER UPDATE ON a\nBEGIN\n  UPDATE a SET c = CASE WHEN NEW.x THEN 1 ELSE 2 END;\n  DELETE FROM d;\nEND;\nBEGIN;\nDROP TABLE e;\nCOMMIT;";
        let parts = split(sql);
        assert_eq!(parts.len(), 5, "{parts:?}");
        assert!(
            parts[1].starts_with("CREATE TRIGGER") && parts[1].ends_with("END"),
            "{parts:?}"
        );
        assert_eq!(parts[2], "BEGIN");
        assert_eq!(parts[4], "COMMIT");
    }
}
