//! `migc new -m MSG` and `migc merge`: new revision files, named by
//! `file_template`, never overwriting anything.

use super::{Context, Exit};
use crate::diagnostic::Diagnostic;
use crate::driver::{MIG_EXTENSION, Project};
use crate::fsutil;
use crate::newrev::{self, Stamp};
use clap::Args;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct NewArgs {
    /// What the revision does (becomes `message` and the file's slug).
    #[arg(short, long, value_name = "MSG")]
    pub message: String,

    /// The revision to build on (id, unique prefix, label, `head`, or
    /// `base` for a new root). Default: the single head.
    #[arg(long, value_name = "REV")]
    pub parent: Option<String>,

    /// A branch label for the new revision (repeatable).
    #[arg(long = "label", value_name = "LABEL")]
    pub labels: Vec<String>,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The merge revision's message (default: `merge A and B`).
    #[arg(short, long, value_name = "MSG")]
    pub message: Option<String>,

    /// The revisions to merge (default: every head).
    #[arg(value_name = "REVS")]
    pub revisions: Vec<String>,
}

const USAGE: &str = "invalid-argument";

pub(super) fn new(
    ctx: &Context<'_>,
    args: &NewArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Exit> {
    with_project(ctx, out, err, |p| {
        if args.message.trim().is_empty() {
            return Err(Diagnostic::error(USAGE, "the message is empty")
                .with_help("say what the revision does: `migc new -m \"add fees table\"`"));
        }
        if let Some(bad) = args.labels.iter().find(|l| l.trim().is_empty()) {
            return Err(Diagnostic::error(
                USAGE,
                format!("the label `{bad}` is empty"),
            ));
        }
        let parents: Vec<String> = match &args.parent {
            Some(spec) if spec == "base" => Vec::new(),
            Some(spec) => vec![one_revision(p, spec)?],
            None => match p.graph.heads() {
                [] => Vec::new(),
                [one] => vec![p.graph.id(*one).to_string()],
                many => {
                    let names: Vec<String> = many
                        .iter()
                        .map(|&h| format!("`{}`", p.graph.id(h)))
                        .collect();
                    return Err(Diagnostic::error(
                        "multiple-heads",
                        format!(
                            "the history has {} heads ({}): which one does the new revision build on?",
                            many.len(),
                            names.join(", ")
                        ),
                    )
                    .with_help(
                        "merge them first with `migc merge`, or name the parent with `--parent REV`",
                    ));
                }
            },
        };
        Ok((args.message.clone(), parents, args.labels.clone()))
    })
}

pub(super) fn merge(
    ctx: &Context<'_>,
    args: &MergeArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Exit> {
    with_project(ctx, out, err, |p| {
        let mut parents: Vec<String> = if args.revisions.is_empty() {
            p.graph
                .heads()
                .iter()
                .map(|&h| p.graph.id(h).to_string())
                .collect()
        } else {
            args.revisions
                .iter()
                .map(|spec| one_revision(p, spec))
                .collect::<Result<_, _>>()?
        };
        let mut seen = Vec::new();
        parents.retain(|id| {
            let new = !seen.contains(id);
            seen.push(id.clone());
            new
        });
        if parents.len() < 2 {
            return Err(Diagnostic::error(
                USAGE,
                format!(
                    "nothing to merge: {}",
                    if args.revisions.is_empty() {
                        "the history has one head"
                    } else {
                        "name two or more different revisions"
                    }
                ),
            ));
        }
        let message = args.message.clone().unwrap_or_else(|| {
            let names: Vec<&str> = parents.iter().map(String::as_str).collect();
            match names.split_last() {
                Some((last, rest)) => format!("merge {} and {last}", rest.join(", ")),
                None => "merge".to_string(),
            }
        });
        if message.trim().is_empty() {
            return Err(Diagnostic::error(USAGE, "the message is empty"));
        }
        Ok((message, parents, Vec::new()))
    })
}

/// Resolves a spec that must name exactly one revision.
fn one_revision(p: &Project, spec: &str) -> Result<String, Diagnostic> {
    let point = p.graph.resolve_point(spec)?;
    match point.revisions() {
        [one] => Ok(p.graph.id(*one).to_string()),
        [] => Err(Diagnostic::error(
            USAGE,
            format!("`{spec}` is base, not a revision"),
        )),
        many => Err(Diagnostic::error(
            USAGE,
            format!("`{spec}` names {} revisions; name one", many.len()),
        )),
    }
}

/// Loads the project, asks `plan` for (message, parents, labels), and
/// writes the new file; prints its path.
fn with_project(
    ctx: &Context<'_>,
    out: &mut dyn Write,
    err: &mut dyn Write,
    plan: impl FnOnce(&Project) -> Result<(String, Vec<String>, Vec<String>), Diagnostic>,
) -> io::Result<Exit> {
    let mut project = match ctx.load(err)? {
        Ok(project) => project,
        Err(exit) => return Ok(exit),
    };
    if project.has_errors() {
        ctx.emit(&project.sources, &mut project.diagnostics, err)?;
        writeln!(err, "no revision written: fix the errors above first")?;
        return Ok(Exit::BadInput);
    }
    let (message, parents, labels) = match plan(&project) {
        Ok(plan) => plan,
        Err(d) => {
            ctx.emit(&project.sources, &mut [d], err)?;
            return Ok(Exit::BadInput);
        }
    };
    let id = newrev::fresh_id(|id| project.graph.get(id).is_some());
    let parents: Vec<&str> = parents.iter().map(String::as_str).collect();
    let text = newrev::text(&id, &parents, &message, &labels);
    let name = newrev::file_name(
        &project.config.file_template,
        &id,
        &newrev::slug(&message),
        Stamp::now(),
    );
    let dir = project.config.migrations_dir(&project.root);
    let path = dir.join(format!("{name}.{MIG_EXTENSION}"));
    if let Err(e) =
        std::fs::create_dir_all(&dir).and_then(|()| fsutil::write_new(&path, text.as_bytes()))
    {
        writeln!(err, "error: cannot write {}: {e}", path.display())?;
        return Ok(Exit::BadInput);
    }
    writeln!(out, "{}", shown(ctx.cwd, &path).display())?;
    Ok(Exit::Ok)
}

/// `path` relative to the working directory when it is below it.
fn shown(cwd: &Path, path: &Path) -> PathBuf {
    let cwd = cwd.canonicalize().unwrap_or_else(|_| cwd.to_path_buf());
    path.strip_prefix(&cwd)
        .map_or_else(|_| path.to_path_buf(), Path::to_path_buf)
}
