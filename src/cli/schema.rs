//! `migc schema [--at REV] [--down-of REV]`: the replayed schema, or one
//! revision's downgrade.

use super::{Context, Exit};
use crate::catalog::{self, schema};
use crate::diagnostic::Diagnostic;
use crate::dialect::DialectId;
use crate::driver::Project;
use crate::emit;
use crate::graph::Graph;
use clap::Args;
use std::io::{self, Write};

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The revision whose schema to print (id, unique prefix, label or
    /// `head`); default: the single head.
    #[arg(long, value_name = "REV", conflicts_with = "down_of")]
    pub at: Option<String>,

    /// Print the downgrade of this revision instead: its `down` block, or
    /// the one migc derives from `up`, with what cannot be undone.
    #[arg(long, value_name = "REV")]
    pub down_of: Option<String>,

    /// Print the schema as this dialect's DDL (`CREATE TABLE …`) instead
    /// of `.mig` statements.
    #[arg(long, value_name = "DIALECT", value_parser = dialect, conflicts_with = "down_of")]
    pub dialect: Option<DialectId>,
}

fn dialect(s: &str) -> Result<DialectId, String> {
    s.parse()
}

/// Code of a `--at`/`--down-of` that does not name one revision.
const NOT_ONE_REVISION: &str = "invalid-range";

pub(super) fn run(
    ctx: &Context<'_>,
    args: &SchemaArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Exit> {
    let mut project = match ctx.load(err)? {
        Ok(project) => project,
        Err(exit) => return Ok(exit),
    };
    if project.has_errors() {
        ctx.emit(&project.sources, &mut project.diagnostics, err)?;
        return Ok(Exit::BadInput);
    }
    let spec = args.down_of.as_deref().or(args.at.as_deref());
    let revision =
        match spec.map_or_else(|| single_head(&project.graph), |s| one(&project.graph, s)) {
            Ok(r) => r,
            Err(d) => {
                ctx.emit(&project.sources, &mut [*d], err)?;
                return Ok(Exit::BadInput);
            }
        };
    let revisions = match args.dialect {
        Some(id) => project.revisions_for(id),
        None => std::borrow::Cow::Borrowed(project.revisions.as_slice()),
    };
    let revisions = revisions.as_ref();
    let Project { sources, graph, .. } = &project;
    let replay = catalog::replay(revisions, graph);
    let mut diagnostics = replay.diagnostics.clone();
    let failed = diagnostics.iter().any(Diagnostic::is_error);
    let text = match (&args.down_of, revision) {
        (Some(_), Some(r)) => match catalog::downgrade_of(revisions, &replay, r) {
            Some(down) => {
                diagnostics.extend(down.warnings);
                schema::down_text(&down.block)
            }
            None => String::new(),
        },
        (_, Some(r)) => match (args.dialect, replay.after(r)) {
            (Some(id), Some(c)) => {
                let script = emit::catalog_ddl(emit::dialect_for(id).as_ref(), c);
                let emit_failed = script.has_errors();
                diagnostics.extend(script.diagnostics);
                if emit_failed {
                    // Like `migc sql`: no DDL the dialect would reject.
                    ctx.emit(sources, &mut diagnostics, err)?;
                    return Ok(Exit::BadInput);
                }
                with_note(revisions, graph, c, script.text, "--")
            }
            (None, Some(c)) => {
                let body = schema::schema_text(c);
                with_note(revisions, graph, c, body, "#")
            }
            (_, None) => String::new(),
        },
        (_, None) => String::new(),
    };
    out.write_all(text.as_bytes())?;
    ctx.emit(sources, &mut diagnostics, err)?;
    Ok(if failed { Exit::Findings } else { Exit::Ok })
}

/// The schema text, headed by a comment (`#` in `.mig`, `--` in SQL)
/// when raw SQL may have changed it in ways migc cannot see.
fn with_note(
    revisions: &[crate::ir::Revision],
    graph: &Graph,
    c: &catalog::Catalog,
    body: String,
    comment: &str,
) -> String {
    match c.unknown_effects() {
        Some(o) => format!(
            "{comment} Raw SQL from `{}` on has effects migc does not model: objects it creates or drops are not shown.\n\n{body}",
            revisions
                .get(o.revision)
                .map_or_else(|| graph.id(o.revision).to_owned(), |r| r.id.value.clone())
        ),
        None => body,
    }
}

/// The one head; `Ok(None)` for an empty project (an empty schema).
fn single_head(graph: &Graph) -> Result<Option<usize>, Box<Diagnostic>> {
    match graph.heads() {
        [] => Ok(None),
        [one] => Ok(Some(*one)),
        many => {
            let ids: Vec<String> = many.iter().map(|&h| format!("`{}`", graph.id(h))).collect();
            Err(Box::new(
                Diagnostic::error(
                    NOT_ONE_REVISION,
                    format!("the project has several heads: {}", ids.join(", ")),
                )
                .with_help("choose one with `--at REV`, or merge the heads"),
            ))
        }
    }
}

fn one(graph: &Graph, spec: &str) -> Result<Option<usize>, Box<Diagnostic>> {
    let point = graph.resolve_point(spec).map_err(Box::new)?;
    match point.revisions() {
        [] => Ok(None),
        [one] => Ok(Some(*one)),
        _ => Err(Box::new(
            Diagnostic::error(
                NOT_ONE_REVISION,
                format!("`{spec}` names several revisions; name one"),
            )
            .with_help("use a revision id, or `--at` one of the heads `migc heads` lists"),
        )),
    }
}
