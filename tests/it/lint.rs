//! Rules on small projects: the false positives squawk users report, and
//! the context rules rely on (which tables are new, which statements share
//! a transaction).

use migc::diagnostic::Diagnostic;
use migc::dialect::DialectId;
use migc::graph::Graph;
use migc::lint::{self, Settings};
use migc::source::SourceMap;

/// Lints `setup` as revision `0001_setup` and `change` as its child
/// `0002_change` (the same two-revision layout as the rule pages), with
/// every rule selected; fails on input that does not load.
fn lint(setup: &str, change: &str) -> Vec<Diagnostic> {
    let files = [
        format!("revision \"0001_setup\"\nmessage \"the schema before\"\n\nup {{\n{setup}\n}}\n"),
        format!(
            "revision \"0002_change\"\nparent \"0001_setup\"\nmessage \"the change\"\n\nup {{\n{change}\n}}\n"
        ),
    ];
    lint_files(&files)
}

fn lint_files(files: &[String]) -> Vec<Diagnostic> {
    let mut sources = SourceMap::new();
    let mut revisions = Vec::new();
    for (i, text) in files.iter().enumerate() {
        let id = sources.add(format!("{}.mig", i + 1), "test", text.clone());
        let (rev, problems) = migc::dsl::parse(id, text);
        assert!(problems.is_empty(), "{text}: {problems:?}");
        revisions.extend(rev);
    }
    // Raw SQL is analysed and lowered as the driver does.
    migc::sql::raw::analyze_revisions(&mut revisions, DialectId::Postgresql);
    let (graph, problems) = Graph::build(&revisions);
    assert!(problems.is_empty(), "{problems:?}");
    let settings = Settings {
        dialect: DialectId::Postgresql,
        engine_version: None,
        lock_timeout: true,
    };
    let mut selection = lint::Selection::default();
    for rule in lint::RULES {
        selection.enable(rule.name);
    }
    // As in `migc check`, the engine replays the catalog too: a finding
    // that is not a rule's is a broken test input.
    let found = lint::run(lint::LintInput {
        sources: &sources,
        revisions: &revisions,
        graph: &graph,
        settings: &settings,
        selection: &selection,
        external: Vec::new(),
    });
    let broken: Vec<_> = found
        .iter()
        .filter(|d| lint::find(d.code).is_none())
        .collect();
    assert!(broken.is_empty(), "{broken:#?}");
    found
}

fn codes(found: &[Diagnostic]) -> Vec<&str> {
    found.iter().map(|d| d.code).collect()
}

const USERS: &str = "create table users (id bigint primary key, email text not null);";

#[test]
fn an_index_on_a_table_created_earlier_in_the_migration_needs_no_concurrently() {
    let found = lint(
        USERS,
        "create table posts (id bigint primary key, author_id bigint not null);\n\
         create index ix_posts_author_id on posts (author_id);\n\
         drop index ix_posts_author_id on posts;",
    );
    assert!(
        !codes(&found).contains(&"index-without-concurrently"),
        "{found:#?}"
    );
}

#[test]
fn a_renamed_new_table_is_still_new() {
    let found = lint(
        USERS,
        "create table post (id bigint primary key, author_id bigint not null);\n\
         rename table post to posts;\n\
         create index ix_posts_author_id on posts (author_id);",
    );
    let codes = codes(&found);
    assert!(!codes.contains(&"index-without-concurrently"), "{found:#?}");
    assert!(!codes.contains(&"rename-table"), "{found:#?}");
}

#[test]
fn a_foreign_key_between_two_new_tables_is_fine() {
    let found = lint(
        USERS,
        "create table authors (id bigint primary key);\n\
         create table books (\n  id bigint primary key,\n  author_id bigint not null references authors (id)\n);\n\
         add column books.editor_id bigint null references authors (id);\n\
         add constraint fk_books_author on books foreign key (author_id) references authors (id);",
    );
    let codes = codes(&found);
    assert!(
        !codes.contains(&"foreign-key-without-not-valid"),
        "{found:#?}"
    );
    assert!(!codes.contains(&"several-locks-on-one-table"), "{found:#?}");
}

#[test]
fn a_table_created_in_an_earlier_migration_is_not_new() {
    let found = lint(
        &format!("{USERS}\ncreate table posts (id bigint primary key, author_id bigint not null);"),
        "no transaction {\n  create index concurrently ix_users_email on users (email);\n}\n\
         create index ix_posts_author_id on posts (author_id);\n\
         add constraint fk_posts_author on posts foreign key (author_id) references users (id);\n\
         add constraint ck_users_email on users check (email <> '');",
    );
    let codes = codes(&found);
    for code in [
        "index-without-concurrently",
        "foreign-key-without-not-valid",
        "check-without-not-valid",
    ] {
        assert!(codes.contains(&code), "{code} missing from {found:#?}");
    }
}

#[test]
fn dropping_a_table_created_in_the_same_revision_is_not_flagged() {
    let found = lint(
        USERS,
        "create table scratch (id bigint primary key, note text null);\n\
         drop column scratch.note;\n\
         drop table scratch;",
    );
    let codes = codes(&found);
    assert!(!codes.contains(&"drop-table"), "{found:#?}");
    assert!(!codes.contains(&"drop-column"), "{found:#?}");
    // The same statements on a table that existed before are flagged.
    let found = lint(USERS, "drop table users;");
    assert_eq!(self::codes(&found), ["drop-table"], "{found:#?}");
}

#[test]
fn a_no_transaction_block_ends_the_transaction() {
    let change = "add constraint ck_users_email on users check (email <> '') not valid;\n\
                  no transaction {\n  create index concurrently ix_users_email on users (email);\n}\n\
                  validate constraint ck_users_email on users;";
    let found = lint(USERS, change);
    assert!(
        !codes(&found).contains(&"validate-in-same-transaction"),
        "{found:#?}"
    );
    let same = "add constraint ck_users_email on users check (email <> '') not valid;\n\
                validate constraint ck_users_email on users;";
    let found = lint(USERS, same);
    assert!(
        codes(&found).contains(&"validate-in-same-transaction"),
        "{found:#?}"
    );
}

#[test]
fn a_merge_leaves_one_head() {
    let rev = |id: &str, parents: &str| {
        format!("revision \"{id}\"\n{parents}\nmessage \"step {id}\"\n\nup {{\n}}\n")
    };
    let files = [
        rev("a", ""),
        rev("b", "parent \"a\""),
        rev("c", "parent \"a\""),
    ];
    let found = lint_files(&files);
    let heads: Vec<&Diagnostic> = found
        .iter()
        .filter(|d| d.code == "multiple-heads")
        .collect();
    assert_eq!(heads.len(), 1, "{found:#?}");
    assert_eq!(heads[0].labels.len(), 2);
    let mut merged = files.to_vec();
    merged.push(rev("d", "parents \"b\", \"c\""));
    assert!(!codes(&lint_files(&merged)).contains(&"multiple-heads"));
}

/// Lints `bodies` as a chain of revisions `0001`, `0002`, … each the
/// parent of the next, with every rule selected.
fn chain(bodies: &[&str]) -> Vec<Diagnostic> {
    let files: Vec<String> = bodies
        .iter()
        .enumerate()
        .map(|(n, body)| {
            let parent = match n {
                0 => String::new(),
                _ => format!("parent \"{:04}\"\n", n),
            };
            format!(
                "revision \"{:04}\"\n{parent}message \"step {}\"\n\nup {{\n{body}\n}}\n",
                n + 1,
                n + 1
            )
        })
        .collect();
    lint_files(&files)
}

const ORDERS: &str = "create table orders (\n  id bigint primary key,\n  code text not null,\n  \
                      quantity integer not null,\n  total numeric(10, 2) not null,\n  note text null\n);";

#[test]
fn a_type_change_on_a_table_created_earlier_in_the_revision_is_not_flagged() {
    let found = lint(
        USERS,
        &format!(
            "{ORDERS}\nalter column orders.quantity type bigint;\n\
             alter column orders.total type numeric(10, 0);"
        ),
    );
    let codes = codes(&found);
    assert!(!codes.contains(&"table-rewrite-type-change"), "{found:#?}");
    assert!(!codes.contains(&"lossy-type-change"), "{found:#?}");
    // A column just added to an existing table holds only NULLs: narrowing
    // it loses nothing, though the table is still rewritten.
    let found = lint(
        ORDERS,
        "add column orders.coupon text null;
alter column orders.coupon type varchar(20);",
    );
    let codes = self::codes(&found);
    assert!(!codes.contains(&"lossy-type-change"), "{found:#?}");
    assert!(codes.contains(&"table-rewrite-type-change"), "{found:#?}");
}

#[test]
fn widening_a_limit_keeps_the_table_and_narrowing_is_flagged_twice() {
    let widen = lint(
        ORDERS,
        "alter column orders.total type numeric(14, 2);\n\
         alter column orders.code type text;",
    );
    assert!(
        !codes(&widen).contains(&"table-rewrite-type-change"),
        "{widen:#?}"
    );
    assert!(!codes(&widen).contains(&"lossy-type-change"), "{widen:#?}");
    // The old type comes from the catalog, also across revisions.
    let found = chain(&[
        ORDERS,
        "alter column orders.note type varchar(200);",
        "alter column orders.note type varchar(100);",
    ]);
    let rewrites: Vec<&Diagnostic> = found
        .iter()
        .filter(|d| d.code == "table-rewrite-type-change")
        .collect();
    assert_eq!(rewrites.len(), 2, "{found:#?}");
    let lossy: Vec<&Diagnostic> = found
        .iter()
        .filter(|d| d.code == "lossy-type-change")
        .collect();
    assert_eq!(lossy.len(), 2, "text → 200 and 200 → 100: {found:#?}");
    assert!(
        lossy[1].message.contains("from `varchar(200)`"),
        "{lossy:#?}"
    );
    let widen_varchar = chain(&[
        ORDERS,
        "alter column orders.note type varchar(200);",
        "alter column orders.note type varchar(300);",
    ]);
    let late: Vec<&Diagnostic> = widen_varchar
        .iter()
        .filter(|d| d.message.contains("varchar(300)"))
        .filter(|d| d.code != "varchar-length")
        .collect();
    assert!(late.is_empty(), "{late:#?}");
}

#[test]
fn a_check_validated_in_an_earlier_revision_makes_set_not_null_safe() {
    let found = chain(&[
        ORDERS,
        "add constraint ck_orders_note on orders check (note is not null) not valid;",
        "no transaction {\n  validate constraint ck_orders_note on orders;\n}",
        "alter column orders.note set not null;",
    ]);
    assert!(!codes(&found).contains(&"set-not-null"), "{found:#?}");
}

#[test]
fn a_check_not_yet_validated_does_not_make_set_not_null_safe() {
    let found = chain(&[
        ORDERS,
        "add constraint ck_orders_note on orders check (note is not null) not valid;",
        "alter column orders.note set not null;",
    ]);
    assert_eq!(
        found.iter().filter(|d| d.code == "set-not-null").count(),
        1,
        "{found:#?}"
    );
    // Nor does a validated check on another column.
    let other = chain(&[
        ORDERS,
        "add constraint ck_orders_code on orders check (code is not null and note <> '');",
        "alter column orders.note set not null;",
    ]);
    assert!(codes(&other).contains(&"set-not-null"), "{other:#?}");
}

#[test]
fn set_not_null_without_a_backfill_fails_across_revisions() {
    let found = chain(&[
        ORDERS,
        "add column orders.coupon text null;",
        "alter column orders.coupon set not null;",
    ]);
    let hits: Vec<&Diagnostic> = found
        .iter()
        .filter(|d| d.code == "not-null-without-backfill")
        .collect();
    assert_eq!(hits.len(), 1, "{found:#?}");
    assert_eq!(hits[0].labels.len(), 2, "the add column is labelled too");
    // The scan is moot when the statement fails: reported once.
    assert!(!codes(&found).contains(&"set-not-null"), "{found:#?}");

    // A backfill in between, here a raw UPDATE migc lowers, fills the rows.
    let filled = chain(&[
        ORDERS,
        "add column orders.coupon text null;",
        "sql \"UPDATE orders SET coupon = '' WHERE coupon IS NULL\";",
        "alter column orders.coupon set not null;",
    ]);
    assert!(
        !codes(&filled).contains(&"not-null-without-backfill"),
        "{filled:#?}"
    );
    // A default given when the column is added fills the rows too, and a
    // table created in the same revision has none.
    let defaulted = chain(&[
        ORDERS,
        "add column orders.coupon text null default '';",
        "alter column orders.coupon set not null;",
    ]);
    assert!(
        !codes(&defaulted).contains(&"not-null-without-backfill"),
        "{defaulted:#?}"
    );
    let fresh = lint(
        USERS,
        &format!(
            "{ORDERS}\nadd column orders.coupon text null;\nalter column orders.coupon set not null;"
        ),
    );
    assert!(
        !codes(&fresh).contains(&"not-null-without-backfill"),
        "{fresh:#?}"
    );
}

#[test]
fn a_primary_key_added_later_is_judged_by_its_columns_catalog_type() {
    let found = lint(
        "create table tags (id integer not null, name text not null);",
        "add constraint pk_tags on tags primary key (id);",
    );
    assert!(codes(&found).contains(&"int-primary-key"), "{found:#?}");
}

#[test]
fn an_enum_is_new_only_in_the_revision_that_created_it() {
    let add = "alter enum mood add value 'happy';";
    let here = lint(USERS, &format!("create enum mood ('sad', 'ok');\n{add}"));
    let earlier = lint(&format!("{USERS}\ncreate enum mood ('sad', 'ok');"), add);
    assert!(!codes(&here).contains(&"add-enum-value"), "{here:#?}");
    assert!(codes(&earlier).contains(&"add-enum-value"), "{earlier:#?}");
}

#[test]
fn an_inline_unique_column_is_flagged_only_on_an_existing_table() {
    let add = "add column users.handle text null unique;";
    let existing = lint(USERS, add);
    assert!(
        codes(&existing).contains(&"inline-unique-on-existing-table"),
        "{existing:#?}"
    );
    let fresh = lint(
        USERS,
        "create table handles (id bigint primary key);\nadd column handles.handle text null unique;",
    );
    assert!(
        !codes(&fresh).contains(&"inline-unique-on-existing-table"),
        "{fresh:#?}"
    );
}

#[test]
fn a_backfill_on_one_merged_branch_fills_the_rows() {
    let rev = |id: &str, parents: &str, body: &str| {
        format!("revision \"{id}\"\n{parents}\nmessage \"step {id}\"\n\nup {{\n{body}\n}}\n")
    };
    let mut files = vec![
        rev("a", "", ORDERS),
        rev("b", "parent \"a\"", "add column orders.coupon text null;"),
        rev(
            "c",
            "parent \"b\"",
            "backfill orders set coupon = '' where coupon is null batch 1000;",
        ),
        rev(
            "d",
            "parent \"b\"",
            "create table notes (id bigint primary key);",
        ),
    ];
    let set = "alter column orders.coupon set not null;";
    files.push(rev("e", "parents \"c\", \"d\"", set));
    let found = lint_files(&files);
    assert!(
        !codes(&found).contains(&"not-null-without-backfill"),
        "{found:#?}"
    );
    // Without the backfill branch, the rows are still empty.
    files.pop();
    files.push(rev("e", "parent \"d\"", set));
    let found = lint_files(&files);
    assert!(
        codes(&found).contains(&"not-null-without-backfill"),
        "{found:#?}"
    );
}
