//! `migc rules` and `migc explain RULE`.

use super::Exit;
use crate::lint::registry::{self, default_text, dialects_text};
use clap::{Args, ValueEnum};
use serde_json::json;
use std::io::{self, Write};

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
    pub format: RulesFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// A plain-text table.
    Table,
    /// A JSON array, one object per rule.
    Json,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule name, code (`MG101`) or old alias.
    pub rule: String,
}

pub(super) fn rules(args: &RulesArgs, out: &mut dyn Write) -> io::Result<Exit> {
    let rules = registry::sorted();
    match args.format {
        RulesFormat::Json => {
            let list: Vec<_> = rules
                .iter()
                .map(|r| {
                    json!({
                        "name": r.name,
                        "code": r.code,
                        "category": r.category.as_str(),
                        "severity": r.severity.as_str(),
                        "opt_in": r.opt_in,
                        "dialects": r.dialects.iter().map(|d| d.as_str()).collect::<Vec<_>>(),
                        "aliases": r.aliases,
                        "summary": r.summary,
                        "url": r.doc_url(),
                    })
                })
                .collect();
            let text = serde_json::to_string_pretty(&list).unwrap_or_default();
            writeln!(out, "{text}")?;
        }
        RulesFormat::Table => {
            let width = rules.iter().map(|r| r.name.len()).max().unwrap_or(0);
            writeln!(
                out,
                "{:<5}  {:<width$}  {:<13}  {:<12}  {:<10}  SUMMARY",
                "CODE", "RULE", "CATEGORY", "DEFAULT", "DIALECTS"
            )?;
            for r in rules {
                writeln!(
                    out,
                    "{:<5}  {:<width$}  {:<13}  {:<12}  {:<10}  {}",
                    r.code,
                    r.name,
                    r.category.as_str(),
                    default_text(r),
                    dialects_text(r),
                    r.summary
                )?;
            }
        }
    }
    Ok(Exit::Ok)
}

pub(super) fn explain(
    args: &ExplainArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Exit> {
    let Some(rule) = registry::find(&args.rule) else {
        writeln!(
            err,
            "error: no rule named `{}` (`migc rules` lists them)",
            args.rule
        )?;
        return Ok(Exit::BadInput);
    };
    writeln!(
        out,
        "{} ({}): {}\ncategory: {} · default: {} · dialects: {}\n",
        rule.name,
        rule.code,
        rule.summary,
        rule.category.as_str(),
        default_text(rule),
        dialects_text(rule)
    )?;
    out.write_all(rule.doc.as_bytes())?;
    Ok(Exit::Ok)
}
