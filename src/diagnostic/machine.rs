//! Machine outputs of diagnostics: JSON (our own versioned schema), SARIF
//! 2.1.0 (GitHub code scanning), GitHub workflow commands and gcc-style
//! lines. Every position is 1-based, lines and columns, columns counted in
//! characters (SARIF's `unicodeCodePoints`), the same in every format.

use super::{Diagnostic, Label, Severity};
use crate::source::{SourceMap, Span};
use serde_json::{Value, json};
use std::fmt::Write;

/// Version of the JSON output's shape; bumped on any incompatible change.
pub const JSON_SCHEMA_VERSION: u32 = 1;

/// What SARIF needs to know about a rule (or any diagnostic code).
#[derive(Clone, Debug)]
pub struct RuleInfo {
    pub id: &'static str,
    pub short: &'static str,
    /// Markdown help, shown by code scanning next to the alert.
    pub help: &'static str,
    pub help_uri: String,
    pub severity: Severity,
}

/// A resolved position: 1-based line and character column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Region {
    pub start_line: usize,
    pub start_column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

pub fn region(sources: &SourceMap, span: Span) -> Region {
    let file = sources.file(span.file);
    let start = file.location(span.start as usize);
    let end = file.location(span.end as usize);
    Region {
        start_line: start.line,
        start_column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}

fn file_name(sources: &SourceMap, span: Span) -> &str {
    sources.get(span.file).map_or("", |f| f.name.as_str())
}

fn label_json(sources: &SourceMap, label: &Label) -> Value {
    let r = region(sources, label.span);
    json!({
        "file": file_name(sources, label.span),
        "start": {"line": r.start_line, "column": r.start_column},
        "end": {"line": r.end_line, "column": r.end_column},
        "message": label.message,
        "primary": label.primary,
    })
}

/// The JSON document: `{version, tool, summary, diagnostics: [...]}`. A
/// diagnostic's `file`/`start`/`end` are those of its primary label, or
/// null when it has none (a missing config, say).
pub fn json(sources: &SourceMap, diagnostics: &[Diagnostic]) -> String {
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
    let items: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let primary = d.primary_span();
            let r = primary.map(|s| region(sources, s));
            json!({
                "code": d.code,
                "severity": d.severity.as_str(),
                "message": d.message,
                "file": primary.map(|s| file_name(sources, s)),
                "start": r.map(|r| json!({"line": r.start_line, "column": r.start_column})),
                "end": r.map(|r| json!({"line": r.end_line, "column": r.end_column})),
                "labels": d.labels.iter().map(|l| label_json(sources, l)).collect::<Vec<_>>(),
                "notes": d.notes,
                "help": d.help,
            })
        })
        .collect();
    let doc = json!({
        "version": JSON_SCHEMA_VERSION,
        "tool": {"name": "migc", "version": env!("CARGO_PKG_VERSION")},
        "summary": {
            "errors": count(Severity::Error),
            "warnings": count(Severity::Warning),
            "infos": count(Severity::Info),
        },
        "diagnostics": items,
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn sarif_location(sources: &SourceMap, span: Span, message: Option<&str>) -> Value {
    let r = region(sources, span);
    let mut loc = json!({
        "physicalLocation": {
            "artifactLocation": {"uri": file_name(sources, span)},
            "region": {
                "startLine": r.start_line,
                "startColumn": r.start_column,
                "endLine": r.end_line,
                "endColumn": r.end_column,
            }
        }
    });
    if let Some(m) = message.filter(|m| !m.is_empty()) {
        loc["message"] = json!({"text": m});
    }
    loc
}

/// A SARIF 2.1.0 log with one run. `rules` describes every code that can
/// appear; a result whose code is not listed still gets a `ruleId`.
pub fn sarif(sources: &SourceMap, diagnostics: &[Diagnostic], rules: &[RuleInfo]) -> String {
    let rule_values: Vec<Value> = rules
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "shortDescription": {"text": r.short},
                "fullDescription": {"text": r.short},
                "helpUri": r.help_uri,
                "help": {"text": r.short, "markdown": r.help},
                "defaultConfiguration": {"level": sarif_level(r.severity)},
            })
        })
        .collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                let _ = write!(text, "\nhelp: {help}");
            }
            let mut result = json!({
                "ruleId": d.code,
                "level": sarif_level(d.severity),
                "message": {"text": text},
            });
            if let Some(i) = rules.iter().position(|r| r.id == d.code) {
                result["ruleIndex"] = json!(i);
            }
            let primary: Vec<Value> = d
                .labels
                .iter()
                .filter(|l| l.primary)
                .take(1)
                .map(|l| sarif_location(sources, l.span, None))
                .collect();
            if !primary.is_empty() {
                result["locations"] = json!(primary);
            }
            let related: Vec<Value> = d
                .labels
                .iter()
                .filter(|l| !l.primary)
                .enumerate()
                .map(|(i, l)| {
                    let mut loc = sarif_location(sources, l.span, Some(&l.message));
                    loc["id"] = json!(i);
                    loc
                })
                .collect();
            if !related.is_empty() {
                result["relatedLocations"] = json!(related);
            }
            result
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "migc",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/migc/migc",
                "rules": rule_values,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// GitHub Actions workflow commands
/// (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`).
pub fn github(sources: &SourceMap, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut props = Vec::new();
        if let Some(span) = d.primary_span() {
            let r = region(sources, span);
            props.push(format!(
                "file={}",
                escape_property(file_name(sources, span))
            ));
            props.push(format!("line={}", r.start_line));
            props.push(format!("col={}", r.start_column));
            props.push(format!("endLine={}", r.end_line));
            props.push(format!("endColumn={}", r.end_column));
        }
        props.push(format!(
            "title={}",
            escape_property(&format!("migc {}", d.code))
        ));
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            let _ = write!(message, "\nhelp: {help}");
        }
        let _ = writeln!(
            out,
            "::{kind} {}::{}",
            props.join(","),
            escape_data(&message)
        );
    }
    out
}

/// Escapes a workflow command's message (GitHub's `escapeData`).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value (GitHub's `escapeProperty`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One line per diagnostic: `file:line:col: severity: [code] message`, the
/// format editors and `grep` understand.
pub fn gcc(sources: &SourceMap, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let place = match d.primary_span() {
            Some(span) => {
                let r = region(sources, span);
                format!(
                    "{}:{}:{}: ",
                    file_name(sources, span),
                    r.start_line,
                    r.start_column
                )
            }
            None => "migc: ".to_string(),
        };
        let message = d.message.replace('\n', " ");
        let _ = writeln!(out, "{place}{}: [{}] {message}", d.severity, d.code);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (SourceMap, Vec<Diagnostic>) {
        let mut sources = SourceMap::new();
        let id = sources.add("m/ä.mig", "m/ä.mig", "größe x\nnext, line\n".to_string());
        let d = Diagnostic::warning("some-rule", "bad, really: 100%")
            .with_primary(Span::new(id, 8..9), "here")
            .with_secondary(Span::new(id, 10..14), "context")
            .with_help("do this");
        (sources, vec![d])
    }

    #[test]
    fn positions_agree_across_formats() {
        let (sources, diags) = setup();
        // "x" is byte 8 but character column 7 of line 1.
        let gcc = gcc(&sources, &diags);
        assert_eq!(gcc, "m/ä.mig:1:7: warning: [some-rule] bad, really: 100%\n");
        let gh = github(&sources, &diags);
        assert!(gh.starts_with("::warning file=m/ä.mig,line=1,col=7,endLine=1,endColumn=8,"));
        assert!(gh.contains("::bad, really: 100%25%0Ahelp: do this"));
        let j: Value = serde_json::from_str(&json(&sources, &diags)).unwrap();
        assert_eq!(
            j["diagnostics"][0]["start"],
            json!({"line": 1, "column": 7})
        );
        assert_eq!(j["summary"]["warnings"], json!(1));
        let s: Value = serde_json::from_str(&sarif(&sources, &diags, &[])).unwrap();
        let region = &s["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startColumn"], json!(7));
        assert_eq!(region["startLine"], json!(1));
        let related = &s["runs"][0]["results"][0]["relatedLocations"][0];
        assert_eq!(related["physicalLocation"]["region"]["startLine"], json!(2));
    }
}
