//! Emitted SQL says what the migration says, whatever the names and
//! strings hold: quotes, backslashes, `;`, comment markers, newlines and
//! non-ASCII are quoted and escaped so that each dialect's parser reads
//! back exactly the intended statements, with the name and value intact.

use migc::dialect::DialectId;
use migc::emit::{self, ScriptOptions, script};
use migc::graph::Graph;
use migc::ir::print::{Name, SqlStr};
use migc::source::FileId;
use proptest::prelude::*;
use sqlparser::ast::{self, Statement};
use sqlparser::dialect::{Dialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::Parser;

/// Characters that break naive quoting, plus ordinary ones.
fn nasty() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("'".to_string()),
        Just("\"".to_string()),
        Just("`".to_string()),
        Just("\\".to_string()),
        Just(";".to_string()),
        Just("--".to_string()),
        Just("/*".to_string()),
        Just("*/".to_string()),
        Just("#".to_string()),
        Just("\n".to_string()),
        Just("$$".to_string()),
        Just("é".to_string()),
        Just("Ω".to_string()),
        "[a-zA-Z0-9_ ]{1,4}",
    ];
    prop::collection::vec(piece, 1..6).prop_map(|v| v.concat())
}

fn parser(dialect: DialectId) -> Box<dyn Dialect> {
    match dialect {
        DialectId::Postgresql => Box::new(PostgreSqlDialect {}),
        DialectId::Mysql => Box::new(MySqlDialect {}),
        DialectId::Sqlite => Box::new(SQLiteDialect {}),
    }
}

/// The second value of the first row of an INSERT, as parsed.
fn inserted_value(statement: &Statement) -> Option<String> {
    let Statement::Insert(insert) = statement else {
        return None;
    };
    let ast::SetExpr::Values(values) = &*insert.source.as_ref()?.body else {
        return None;
    };
    match values.rows.first()?.get(1)? {
        ast::Expr::Value(v) => match &v.value {
            ast::Value::SingleQuotedString(s) => Some(s.clone()),
            _ => None,
        },
        _ => None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn names_and_strings_cannot_inject_sql(table in nasty(), column in nasty(), value in nasty()) {
        prop_assume!(table != column && !table.trim().is_empty() && !column.trim().is_empty());
        // A quoted name in the DSL stays on one line; values may not.
        prop_assume!(!table.contains('\n') && !column.contains('\n'));
        let text = format!(
            "revision \"r\"\nmessage \"m\"\n\nup {{\n  create table {t} (id integer primary key, {c} text);\n  insert into {t} (id, {c}) values (1, {v});\n}}\n",
            t = Name(&table),
            c = Name(&column),
            v = SqlStr(&value),
        );
        let (rev, diags) = migc::dsl::parse(FileId(0), &text);
        prop_assert!(diags.is_empty(), "{text}\n{diags:?}");
        let revisions = vec![rev.unwrap()];
        let (graph, _) = Graph::build(&revisions);
        let selection = graph.resolve("base:heads").unwrap();
        for dialect in DialectId::ALL {
            let d = emit::dialect_for(dialect);
            let out = script::upgrade(
                d.as_ref(),
                script::Catalogs::Replay,
                &revisions,
                &graph,
                &selection,
                &ScriptOptions::default(),
            );
            let errors: Vec<&str> = out
                .diagnostics
                .iter()
                .filter(|x| x.is_error())
                .map(|x| x.code)
                .collect();
            prop_assert!(errors.is_empty(), "{dialect}: {errors:?}");
            let parsed = Parser::parse_sql(parser(dialect).as_ref(), &out.text);
            prop_assert!(parsed.is_ok(), "{dialect}: {:?}\n{}", parsed.err(), out.text);
            let statements = parsed.unwrap();
            // Version table, create, insert, version insert (+ BEGIN/COMMIT).
            let creates: Vec<&Statement> = statements
                .iter()
                .filter(|s| matches!(s, Statement::CreateTable(_)))
                .collect();
            prop_assert_eq!(creates.len(), 2, "{}: {}", dialect, out.text);
            let Statement::CreateTable(created) = creates[1] else { unreachable!() };
            let name = created.name.0.last().and_then(|p| p.as_ident()).map(|i| i.value.clone());
            prop_assert_eq!(name.as_deref(), Some(table.as_str()), "{}: {}", dialect, out.text);
            let columns: Vec<&str> = created.columns.iter().map(|c| c.name.value.as_str()).collect();
            prop_assert_eq!(columns, vec!["id", column.as_str()], "{}: {}", dialect, out.text);
            let inserts: Vec<&Statement> = statements
                .iter()
                .filter(|s| matches!(s, Statement::Insert(_)))
                .collect();
            prop_assert_eq!(inserts.len(), 2, "{}: {}", dialect, out.text);
            let got = inserted_value(inserts[0]);
            prop_assert_eq!(got.as_deref(), Some(value.as_str()), "{}: {}", dialect, out.text);
        }
    }
}

/// Found by the property above: `a$$` was left bare, and SQLite's parser
/// read the `$` as the start of a parameter.
#[test]
fn a_dollar_in_a_name_is_quoted_on_every_dialect() {
    let text = "revision \"r\"\nmessage \"m\"\n\nup {\n  create table \"a$$\" (id integer primary key);\n}\n";
    let (rev, diags) = migc::dsl::parse(FileId(0), text);
    assert!(diags.is_empty(), "{diags:?}");
    let revisions = vec![rev.unwrap()];
    let (graph, _) = Graph::build(&revisions);
    let selection = graph.resolve("base:heads").unwrap();
    for dialect in DialectId::ALL {
        let d = emit::dialect_for(dialect);
        let out = script::upgrade(
            d.as_ref(),
            script::Catalogs::Replay,
            &revisions,
            &graph,
            &selection,
            &ScriptOptions::default(),
        );
        assert!(
            Parser::parse_sql(parser(dialect).as_ref(), &out.text).is_ok(),
            "{dialect}:\n{}",
            out.text
        );
    }
}
