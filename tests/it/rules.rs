//! The rule pages are tests: every rule has a page and every page a rule,
//! each page's `mig bad` blocks raise exactly that rule, its `mig good`
//! blocks do not raise it, and the index `rules/README.md` is current.
//!
//! Block kinds: `setup` (statements of a first revision `0001_setup`),
//! `locked` (a whole revision recorded in the example's `migc.lock`, for
//! the lock rules), `bad` and `good`. A `py bad` or `py good` block is a
//! whole Alembic revision file, read by the Alembic reader (for the rules
//! about what that reader finds, such as `not-understood`).

use crate::golden;
use migc::diagnostic::Diagnostic;
use migc::diagnostic::render::{Color, render};
use migc::dialect::DialectId;
use migc::graph::Graph;
use migc::lint::{self, RULES, Rule, Settings};
use migc::source::SourceMap;
use std::collections::BTreeSet;

/// A fenced example: its kind (`setup`, `bad`, `good`), settings and text.
struct Example {
    /// `mig` or `py`.
    lang: &'static str,
    kind: String,
    settings: Vec<String>,
    text: String,
    line: usize,
}

fn examples(page: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut current: Option<Example> = None;
    for (n, line) in page.lines().enumerate() {
        if let Some(ex) = current.as_mut() {
            if line.trim_start().starts_with("```") {
                out.push(current.take().unwrap());
            } else {
                ex.text.push_str(line);
                ex.text.push('\n');
            }
        } else if let Some((lang, info)) = ["mig", "py"].iter().find_map(|lang| {
            let info = line.trim_start().strip_prefix("```")?.strip_prefix(lang)?;
            (info.is_empty() || info.starts_with(' ')).then_some((*lang, info))
        }) {
            let mut words = info.split_whitespace();
            current = Some(Example {
                lang,
                kind: words.next().unwrap_or("").to_string(),
                settings: words.map(str::to_string).collect(),
                text: String::new(),
                line: n + 1,
            });
        }
    }
    out
}

fn settings_of(example: &Example) -> Settings {
    let mut s = Settings {
        dialect: DialectId::Postgresql,
        engine_version: None,
        lock_timeout: true,
    };
    for word in &example.settings {
        match word.split_once('=') {
            Some(("dialect", d)) => s.dialect = d.parse().unwrap(),
            Some(("version", v)) => {
                let (major, minor) = v.split_once('.').unwrap_or((v, "0"));
                s.engine_version = Some((major.parse().unwrap(), minor.parse().unwrap()));
            }
            None if word == "no_lock_timeout" => s.lock_timeout = false,
            _ => panic!("unknown example setting `{word}`"),
        }
    }
    s
}

/// Lints the `setup` blocks, each its own revision in a chain (so that a
/// page can show an object older than the revision before the example),
/// followed by the example revision.
fn lint_example(
    rule: &Rule,
    setup: &[&Example],
    locked: &[&Example],
    example: &Example,
) -> (SourceMap, Vec<Diagnostic>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let setup_id = |n: usize| {
        if n == 0 {
            "0001_setup".to_string()
        } else {
            format!("0001_setup_{}", n + 1)
        }
    };
    for (n, block) in setup.iter().enumerate() {
        let parent = match n {
            0 => String::new(),
            _ => format!("parent \"{}\"\n", setup_id(n - 1)),
        };
        files.push(format!(
            "revision \"{}\"\n{parent}message \"the schema before the example\"\n\nup {{\n{}}}\n",
            setup_id(n),
            block.text
        ));
    }
    if example.lang == "py" || example.text.trim_start().starts_with("revision") {
        files.push(example.text.clone());
    } else {
        let parent = match setup.len() {
            0 => String::new(),
            n => format!("parent \"{}\"\n", setup_id(n - 1)),
        };
        files.push(format!(
            "revision \"0002_example\"\n{parent}message \"the example change\"\n\nup {{\n{}}}\n",
            example.text
        ));
    }
    let mut sources = SourceMap::new();
    let mut revisions = Vec::new();
    let mut input_problems = Vec::new();
    // What the Alembic reader finds under a rule's name goes to the
    // engine, as the driver sends it.
    let mut from_reader = Vec::new();
    let last = files.len() - 1;
    for (i, text) in files.iter().enumerate() {
        let py = i == last && example.lang == "py";
        let extension = if py { "py" } else { "mig" };
        let id = sources.add(format!("{}.{extension}", i + 1), "example", text.clone());
        let (rev, diags) = if py {
            migc::alembic::parse(id, text)
        } else {
            migc::dsl::parse(id, text)
        };
        let (rules, broken): (Vec<_>, Vec<_>) = diags
            .into_iter()
            .partition(|d| !d.is_error() && lint::find(d.code).is_some());
        from_reader.extend(rules);
        input_problems.extend(broken);
        revisions.extend(rev);
    }
    let settings = settings_of(example);
    migc::sql::raw::analyze_revisions(&mut revisions, settings.dialect);
    let (graph, graph_diags) = Graph::build(&revisions);
    input_problems.extend(graph_diags);
    // What the Alembic reader reports under a rule's name goes through
    // the engine like the rest.
    let mut external = from_reader;
    // `locked` blocks are what `migc lock` recorded: their hashes form
    // the lock the example is compared with.
    let mut lock_text = String::new();
    for block in locked {
        let (rev, diags) = migc::dsl::parse(migc::source::FileId(u32::MAX), &block.text);
        input_problems.extend(diags);
        let rev = rev.expect("a `locked` block is a whole revision");
        lock_text.push_str(&migc::lockfile::render(std::slice::from_ref(&rev)));
    }
    let lock_file = sources.add("migc.lock", "example", lock_text.clone());
    let (entries, lock_problems) = migc::lockfile::parse(lock_file, &lock_text);
    input_problems.extend(lock_problems);
    external.extend(migc::lockfile::compare(&entries, &revisions));
    let mut selection = lint::Selection::default();
    selection.enable(rule.name);
    // The engine runs the catalog as `migc check` does: a finding that is
    // not a rule's means the example is broken.
    let found = lint::run(lint::LintInput {
        sources: &sources,
        revisions: &revisions,
        graph: &graph,
        settings: &settings,
        selection: &selection,
        external,
    });
    let (mut found, broken): (Vec<_>, Vec<_>) = found
        .into_iter()
        .partition(|d| lint::find(d.code).is_some());
    input_problems.extend(broken);
    // Body-only examples are snippets of a revision: what their derived
    // downgrade cannot undo is judged only on the downgrade rules' pages.
    let downgrade_rules = ["irreversible-downgrade", "downgrade-mismatch"];
    if !downgrade_rules.contains(&rule.name) {
        found.retain(|d| !downgrade_rules.contains(&d.code));
    }
    (sources, input_problems, found)
}

#[test]
fn every_page_example_behaves_as_marked() {
    let mut failures = Vec::new();
    for rule in RULES {
        let all = examples(rule.doc);
        let setup: Vec<&Example> = all.iter().filter(|e| e.kind == "setup").collect();
        let locked: Vec<&Example> = all.iter().filter(|e| e.kind == "locked").collect();
        let marked: Vec<&Example> = all
            .iter()
            .filter(|e| e.kind != "setup" && e.kind != "locked")
            .collect();
        if !marked.iter().any(|e| e.kind == "bad") || !marked.iter().any(|e| e.kind == "good") {
            failures.push(format!(
                "rules/{}.md needs a `bad` and a `good` block (`mig` or `py`)",
                rule.name
            ));
        }
        for example in marked {
            let place = format!("rules/{}.md:{}", rule.name, example.line);
            let (sources, problems, found) = lint_example(rule, &setup, &locked, example);
            if !problems.is_empty() {
                failures.push(format!(
                    "{place}: the example does not load:\n{}",
                    render(&sources, &problems, Color::Never)
                ));
                continue;
            }
            let codes: BTreeSet<&str> = found.iter().map(|d| d.code).collect();
            let ok = match example.kind.as_str() {
                "bad" => codes.len() == 1 && codes.contains(rule.name),
                "good" => !codes.contains(rule.name),
                other => {
                    failures.push(format!("{place}: unknown block kind `{other}`"));
                    continue;
                }
            };
            if !ok {
                failures.push(format!(
                    "{place}: a `{}` example raised {codes:?}:\n{}",
                    example.kind,
                    render(&sources, &found, Color::Never)
                ));
            }
        }
    }
    golden::assert_all(failures);
}

#[test]
fn every_rule_has_a_page_and_every_page_a_rule() {
    let mut failures = Vec::new();
    for rule in RULES {
        let title = format!("# {}\n", rule.name);
        if !rule.doc.starts_with(&title) {
            failures.push(format!(
                "rules/{}.md must start with `{}`",
                rule.name,
                title.trim()
            ));
        }
        for section in [
            "## What it does",
            "## Why it is bad",
            "## Example",
            "## Use instead",
            "## Dialects",
        ] {
            if !rule.doc.contains(section) {
                failures.push(format!("rules/{}.md has no `{section}` section", rule.name));
            }
        }
    }
    let dir = golden::repo().join("rules");
    for path in golden::files(&dir, "md") {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        if stem != "README" && !RULES.iter().any(|r| r.name == stem) {
            failures.push(format!("rules/{stem}.md has no rule in the registry"));
        }
    }
    let mut names = BTreeSet::new();
    let mut codes = BTreeSet::new();
    for rule in RULES {
        if !names.insert(rule.name) || !codes.insert(rule.code) {
            failures.push(format!("{} / {} is not unique", rule.name, rule.code));
        }
        let valid_code = rule.code.len() == 5
            && rule.code.starts_with("MG")
            && rule.code[2..].chars().all(|c| c.is_ascii_digit());
        if !valid_code {
            failures.push(format!("{}: code `{}` is not MGnnn", rule.name, rule.code));
        }
    }
    golden::assert_all(failures);
}

/// `rules/README.md` is generated from the registry.
#[test]
fn the_rule_index_is_current() {
    let text = lint::registry::index_markdown();
    let path = golden::repo().join("rules/README.md");
    golden::assert_all(golden::check(&path, &text).err().into_iter().collect());
}
