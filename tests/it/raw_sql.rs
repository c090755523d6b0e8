//! Raw `sql` is parsed for the target dialect and held to the same rules
//! as the DSL, with positions inside the string.

use migc::dialect::DialectId;
use migc::graph::Graph;
use migc::lint::{self, Settings};
use migc::source::SourceMap;

const SETUP: &str = "revision \"0001\"\nmessage \"users\"\nup {\n  create table users (id bigint primary key, email text);\n}\n";

fn lint(body: &str, dialect: DialectId) -> (SourceMap, Vec<migc::diagnostic::Diagnostic>) {
    let example =
        format!("revision \"0002\"\nparent \"0001\"\nmessage \"index users\"\nup {{\n{body}\n}}\n");
    let mut sources = SourceMap::new();
    let mut revisions = Vec::new();
    for (name, text) in [("0001.mig", SETUP.to_string()), ("0002.mig", example)] {
        let id = sources.add(name, name, text.clone());
        let (rev, diags) = migc::dsl::parse(id, &text);
        assert!(diags.is_empty(), "{diags:?}");
        revisions.extend(rev);
    }
    migc::sql::raw::analyze_revisions(&mut revisions, dialect);
    let (graph, _) = Graph::build(&revisions);
    let settings = Settings {
        dialect,
        engine_version: None,
        lock_timeout: true,
    };
    let found = lint::run(lint::LintInput {
        sources: &sources,
        revisions: &revisions,
        graph: &graph,
        settings: &settings,
        selection: &lint::Selection::default(),
        external: Vec::new(),
    });
    // The rules see the replayed catalog as in `migc check`; the semantic
    // and downgrade findings (raw SQL without `reverse` cannot be undone)
    // are not what these tests are about.
    let semantic = ["irreversible-downgrade", "downgrade-mismatch"];
    let found = found
        .into_iter()
        .filter(|d| lint::find(d.code).is_some() && !semantic.contains(&d.code))
        .collect();
    (sources, found)
}

#[test]
fn a_raw_create_index_meets_the_dsl_rule_with_a_caret_in_the_string() {
    let (sources, found) = lint(
        "  sql \"\"\"\n    -- the email index\n    CREATE INDEX ix_users_email ON users (email)\n  \"\"\";",
        DialectId::Postgresql,
    );
    let d = found
        .iter()
        .find(|d| d.code == "index-without-concurrently")
        .unwrap();
    let span = d.primary_span().unwrap();
    assert_eq!(
        sources.text(span),
        "CREATE INDEX ix_users_email ON users (email)"
    );
    let loc = sources.location(span);
    assert_eq!((loc.line, loc.column), (7, 5));
}

#[test]
fn concurrent_raw_index_in_no_transaction_is_clean() {
    let (_, found) = lint(
        "  no transaction {\n    sql \"CREATE INDEX CONCURRENTLY ix_users_email ON users (email)\";\n  }",
        DialectId::Postgresql,
    );
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn dialect_tagged_sql_is_judged_only_on_its_dialect() {
    let body = "  sql mysql \"UPDATE users SET email = '' LIMIT 10\";";
    let (_, pg) = lint(body, DialectId::Postgresql);
    assert!(pg.is_empty(), "{pg:?}");
    let (_, my) = lint(body, DialectId::Mysql);
    assert!(!my.iter().any(|d| d.code == "invalid-sql"), "{my:?}");
    let (_, untagged) = lint(
        "  sql \"UPDATE users SET email = '' LIMIT 10\";",
        DialectId::Postgresql,
    );
    assert!(
        untagged.iter().any(|d| d.code == "invalid-sql"),
        "{untagged:?}"
    );
}
