//! migc's own small SQL writer: identifiers and string literals.
//!
//! Identifiers are quoted only when needed, by SQLAlchemy's rule so the
//! output looks like Alembic's: a reserved word of the dialect, any upper
//! case letter, a character outside `[a-z0-9_$]` (which includes every
//! non-ASCII letter), or a leading digit or `$`. Quoted identifiers double
//! the quote character. String literals double `'`, and on dialects where
//! `\` is an escape (MySQL) also double `\`.

use super::dialect::Dialect;
use crate::ir::{ColumnRef, Ident, ObjectName};

/// Writes names and literals for one dialect.
#[derive(Clone, Copy)]
pub struct Writer<'d> {
    pub dialect: &'d dyn Dialect,
}

impl<'d> Writer<'d> {
    pub fn new(dialect: &'d dyn Dialect) -> Writer<'d> {
        Writer { dialect }
    }

    /// A name, quoted when needed.
    pub fn name(&self, name: &str) -> String {
        if needs_quotes(self.dialect, name) {
            let q = self.dialect.identifier_quote();
            let doubled: String = [q, q].iter().collect();
            format!("{q}{}{q}", name.replace(q, &doubled))
        } else {
            name.to_string()
        }
    }

    pub fn ident(&self, ident: &Ident) -> String {
        self.name(&ident.name)
    }

    /// `schema.name` or `name`.
    pub fn object(&self, name: &ObjectName) -> String {
        match &name.schema {
            Some(schema) => format!("{}.{}", self.ident(schema), self.ident(&name.name)),
            None => self.ident(&name.name),
        }
    }

    /// `table.column` as a qualified column reference.
    pub fn column_ref(&self, column: &ColumnRef) -> String {
        format!(
            "{}.{}",
            self.object(&column.table),
            self.ident(&column.column)
        )
    }

    /// Comma-separated names.
    pub fn names(&self, idents: &[Ident]) -> String {
        idents
            .iter()
            .map(|i| self.ident(i))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// A string literal.
    pub fn string(&self, value: &str) -> String {
        let mut out = String::with_capacity(value.len() + 2);
        self.push_string(&mut out, value);
        out
    }

    /// [`Writer::string`] written at the end of `out`.
    pub fn push_string(&self, out: &mut String, value: &str) {
        out.push('\'');
        let escaped =
            |c: char| c == '\'' || (c == '\\' && self.dialect.escapes_backslash_in_strings());
        if value.contains(['\'', '\\']) {
            for c in value.chars() {
                if escaped(c) {
                    out.push(c);
                }
                out.push(c);
            }
        } else {
            out.push_str(value);
        }
        out.push('\'');
    }
}

fn needs_quotes(dialect: &dyn Dialect, name: &str) -> bool {
    let Some(first) = name.chars().next() else {
        return true;
    };
    // `$` is left out on purpose: SQLite reads `$x` as a parameter and
    // PostgreSQL `$$` as a dollar quote, so a name holding one is quoted.
    let legal = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_';
    first.is_ascii_digit() || !name.chars().all(legal) || dialect.is_reserved(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::{mysql::Mysql, postgresql::Postgresql, sqlite::Sqlite};

    #[test]
    fn quotes_only_when_needed() {
        let pg = Postgresql;
        let w = Writer::new(&pg);
        assert_eq!(w.name("users"), "users");
        assert_eq!(w.name("user"), "\"user\"");
        assert_eq!(w.name("order"), "\"order\"");
        assert_eq!(w.name("a$$"), "\"a$$\"");
        assert_eq!(w.name("USERS"), "\"USERS\"");
        assert_eq!(w.name("MixedCase"), "\"MixedCase\"");
        assert_eq!(w.name("dash-name"), "\"dash-name\"");
        assert_eq!(w.name("Order Lines"), "\"Order Lines\"");
        assert_eq!(w.name("1st"), "\"1st\"");
        assert_eq!(w.name("créé_le"), "\"créé_le\"");
        assert_eq!(w.name("a\"b"), "\"a\"\"b\"");
        assert_eq!(w.name(""), "\"\"");
        let my = Mysql;
        let w = Writer::new(&my);
        assert_eq!(w.name("user"), "user");
        assert_eq!(w.name("order"), "`order`");
        assert_eq!(w.name("a`b"), "`a``b`");
        let lite = Sqlite;
        assert_eq!(Writer::new(&lite).name("user"), "user");
        assert_eq!(Writer::new(&lite).name("select"), "\"select\"");
    }

    #[test]
    fn strings_escape_quotes_and_mysql_backslashes() {
        let pg = Postgresql;
        assert_eq!(Writer::new(&pg).string("it's \\n"), "'it''s \\n'");
        let my = Mysql;
        assert_eq!(Writer::new(&my).string("it's \\n"), "'it''s \\\\n'");
        assert_eq!(Writer::new(&Sqlite).string("é'"), "'é'''");
    }
}
