//! The `.mig` grammar: every form parses, every error is explained.

use crate::golden;
use migc::diagnostic::render::{Color, render};
use migc::ir::print;
use migc::source::SourceMap;
use std::path::Path;

fn parse_file(
    path: &Path,
) -> (
    SourceMap,
    Option<migc::ir::Revision>,
    Vec<migc::diagnostic::Diagnostic>,
) {
    let text = std::fs::read_to_string(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let mut sources = SourceMap::new();
    let id = sources.add(name, path, text.clone());
    let (rev, diags) = migc::dsl::parse(id, &text);
    (sources, rev, diags)
}

/// Every ok case parses without a diagnostic; its canonical print is the
/// golden `.printed` file, and printing is a fixed point of parsing.
#[test]
fn ok_cases_parse_and_print_canonically() {
    let dir = golden::repo().join("tests/cases/syntax/ok");
    let mut failures = Vec::new();
    for path in golden::files(&dir, "mig") {
        let (sources, rev, diags) = parse_file(&path);
        if !diags.is_empty() {
            failures.push(format!(
                "{} has diagnostics:\n{}",
                path.display(),
                render(&sources, &diags, Color::Never)
            ));
            continue;
        }
        let rev = rev.unwrap_or_else(|| panic!("{} gave no revision", path.display()));
        let printed = print::revision(&rev);
        if let Err(e) = golden::check(&path.with_extension("printed"), &printed) {
            failures.push(e);
        }
        let mut again = SourceMap::new();
        let id = again.add("printed", "printed", printed.clone());
        let (rev2, diags2) = migc::dsl::parse(id, &printed);
        if !diags2.is_empty() {
            failures.push(format!(
                "the print of {} does not parse:\n{}",
                path.display(),
                render(&again, &diags2, Color::Never)
            ));
            continue;
        }
        let reprinted = print::revision(&rev2.unwrap());
        if reprinted != printed {
            failures.push(format!(
                "printing {} is not a fixed point:\n{printed}\n---\n{reprinted}",
                path.display()
            ));
        }
    }
    golden::assert_all(failures);
}

/// Every error case yields at least one error; the rendered diagnostics
/// (source, caret, message) are the golden `.stderr` file.
#[test]
fn err_cases_render_golden_diagnostics() {
    let dir = golden::repo().join("tests/cases/syntax/err");
    let mut failures = Vec::new();
    for path in golden::files(&dir, "mig") {
        let (sources, _rev, diags) = parse_file(&path);
        if !diags.iter().any(|d| d.is_error()) {
            failures.push(format!("{} produced no error", path.display()));
        }
        let rendered = render(&sources, &diags, Color::Never);
        if let Err(e) = golden::check(&path.with_extension("stderr"), &rendered) {
            failures.push(e);
        }
    }
    golden::assert_all(failures);
}

/// The parser never panics, whatever prefix of a real file it is given
/// (a cheap stand-in for the fuzzer: unterminated blocks, strings and
/// statements at every position).
#[test]
fn every_prefix_of_every_case_parses_without_panic() {
    for sub in ["ok", "err"] {
        let dir = golden::repo().join("tests/cases/syntax").join(sub);
        for path in golden::files(&dir, "mig") {
            let text = std::fs::read_to_string(&path).unwrap();
            let cuts = text.char_indices().map(|(i, _)| i).step_by(5);
            for cut in cuts {
                let (_rev, _diags) = migc::dsl::parse(migc::source::FileId(0), &text[..cut]);
            }
        }
    }
}

/// Positions are 1-based and count characters: the caret after non-ASCII
/// names lands under the right character.
#[test]
fn columns_count_characters_after_non_ascii_names() {
    let path = golden::repo().join("tests/cases/syntax/err/non_ascii_names.mig");
    let (sources, _rev, diags) = parse_file(&path);
    let unknown = diags.iter().find(|d| d.code == "unknown-type").unwrap();
    let loc = sources.location(unknown.primary_span().unwrap());
    // `  alter column "Größe".höhe type numerc(10, 2);`
    assert_eq!((loc.line, loc.column), (10, 34));
}
