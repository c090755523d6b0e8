//! `migc import alembic`: an Alembic project as `.mig` files.
//!
//! Each revision the reader made is printed by the canonical printer
//! (`ir::print`) and passed through `migc fmt`'s layout, so the result is
//! what `migc fmt --check` accepts. Ids, parents, labels, `depends_on` and
//! the message stay; the rest of the docstring becomes a comment above the
//! header. A statement the reader kept opaque becomes a `sql` statement
//! when it only runs literal SQL (`conn.execute(sa.text("…"))`), else an
//! `opaque "…" because "…"` statement holding the Python: the same IR as
//! the reader's, so the imported project is checked and refused by `migc
//! sql` exactly where the original is.
//!
//! Files are named `NNNN_<revision>_<slug>.mig`, NNNN the position in
//! upgrade order (as the examples and bundles do), so a folder listing
//! reads in order.

use crate::alembic::{syntax, token};
use crate::diagnostic::Diagnostic;
use crate::driver::Project;
use crate::fsutil;
use crate::ir::{Block, BlockItem, Op, RawSql, Revision, Spanned, SqlText, Stmt};
use crate::source::{SourceMap, Span};
use std::fs;
use std::io;
use std::path::Path;

/// Code of an import that cannot start (bad source or output folder).
pub const IMPORT_FAILED: &str = "import-failed";

/// What an import produced.
#[derive(Debug)]
pub struct Imported {
    /// File name (relative to the output folder) and text, in order:
    /// `migc.toml` first, then the revisions in upgrade order.
    pub files: Vec<(String, String)>,
    pub summary: Summary,
}

/// Counts for the summary line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub revisions: usize,
    /// Statements the reader understood.
    pub understood: usize,
    /// Opaque statements that became `sql`.
    pub as_sql: usize,
    /// Opaque statements written as `opaque` statements.
    pub as_opaque: usize,
}

/// Imports every revision of `project` (loaded without errors).
pub fn alembic(project: &Project) -> Result<Imported, Vec<Diagnostic>> {
    let mut files = vec![("migc.toml".to_string(), config_text(project))];
    let mut problems = Vec::new();
    let mut summary = Summary {
        understood: project.coverage.iter().map(|(_, c)| c.understood).sum(),
        ..Summary::default()
    };
    for (position, &index) in project.graph.order().iter().enumerate() {
        let Some(revision) = project.revisions.get(index) else {
            continue;
        };
        let mut revision = revision.clone();
        let mut translate = |stmt: &mut Stmt| {
            let Op::Sql(raw) = &mut stmt.op else {
                return;
            };
            if !raw.opaque_source {
                return;
            }
            let python = python_of(&project.sources, stmt.span);
            if let Some(sql) = literal_sql(&python) {
                summary.as_sql += 1;
                stmt.op = Op::Sql(Box::new(RawSql {
                    dialect: None,
                    sql: SqlText {
                        text: sql,
                        span: stmt.span,
                    },
                    reverse: None,
                    analysis: None,
                    written_for: None,
                    opaque_source: false,
                    opaque_reason: None,
                }));
                return;
            }
            // Kept opaque, as the reader kept it: the imported revision
            // then has the same unknown effects, findings and `migc sql`
            // refusal as the original. The text stays as written (Python
            // reads `\r\n` as `\n`, so that is no change of meaning).
            summary.as_opaque += 1;
            raw.sql.text = raw.sql.text.replace("\r\n", "\n");
            if raw.opaque_reason.is_none() {
                raw.opaque_reason = Some(Spanned::new("not understood".to_string(), stmt.span));
            }
        };
        for_each_stmt(&mut revision.up, &mut translate);
        if let Some(down) = revision.down.as_mut() {
            for_each_stmt(down, &mut translate);
        }
        let text = revision_text(project, &revision);
        let name = format!("{}.mig", crate::bundle::stem(position + 1, &revision));
        match crate::fmt::format(revision.file, &text) {
            Ok(formatted) => files.push((name, formatted)),
            Err(found) => problems.extend(found),
        }
        summary.revisions += 1;
    }
    if problems.is_empty() {
        Ok(Imported { files, summary })
    } else {
        Err(problems)
    }
}

fn for_each_stmt(block: &mut Block, f: &mut impl FnMut(&mut Stmt)) {
    for item in &mut block.items {
        match item {
            BlockItem::Stmt(s) => f(s),
            BlockItem::NoTransaction { ops, .. } => ops.iter_mut().for_each(&mut *f),
        }
    }
}

/// The `.mig` text of one revision, before formatting: the docstring and
/// origin as a leading comment, then the canonical print.
fn revision_text(project: &Project, revision: &Revision) -> String {
    let mut out = String::new();
    let origin = project
        .sources
        .get(revision.file)
        .map_or_else(|| "?".to_string(), |f| f.name.clone());
    out.push_str(&format!(
        "# Imported from {origin} by `migc import alembic`.\n"
    ));
    for line in docstring_rest(project, revision) {
        if line.is_empty() {
            out.push_str("#\n");
        } else {
            out.push_str(&format!("# {}\n", defuse(&line)));
        }
    }
    if revision.down.is_none() {
        out.push_str(
            "# Its downgrade() raises: with no `down` block, migc derives the downgrade from `up`.\n",
        );
    }
    out.push_str(&crate::ir::print::revision(revision));
    out
}

/// The docstring's lines after the first (the message), trimmed, without
/// leading and trailing blank lines.
fn docstring_rest(project: &Project, revision: &Revision) -> Vec<String> {
    let Some(message) = &revision.message else {
        return Vec::new();
    };
    let Some(text) = project
        .sources
        .get(message.span.file)
        .and_then(|f| f.text.get(message.span.range()))
    else {
        return Vec::new();
    };
    let body = text.trim_start_matches(['r', 'R', 'u', 'U']);
    let body = ["\"\"\"", "'''", "\"", "'"]
        .iter()
        .find_map(|q| body.strip_prefix(q)?.strip_suffix(q))
        .unwrap_or(body);
    let mut lines: Vec<String> = body
        .trim()
        .lines()
        .skip(1)
        .map(|l| l.trim().to_string())
        .collect();
    while lines.first().is_some_and(String::is_empty) {
        lines.remove(0);
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

/// Text copied into a comment must not act as a suppression comment.
fn defuse(line: &str) -> String {
    line.trim_end().replace("migc:", "migc :")
}

/// The Python source of a statement, dedented to its first line.
fn python_of(sources: &SourceMap, span: Span) -> String {
    let Some(text) = sources.get(span.file).map(|f| f.text.as_str()) else {
        return String::new();
    };
    let range = span.range();
    let Some(stmt) = text.get(range.clone()) else {
        return String::new();
    };
    let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let indent = range.start - line_start;
    let mut out = String::new();
    for (i, line) in stmt.lines().enumerate() {
        let line = if i == 0 {
            line
        } else {
            let cut = line
                .char_indices()
                .take_while(|&(at, c)| at < indent && (c == ' ' || c == '\t'))
                .count();
            &line[cut..]
        };
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The SQL of a statement that only executes literal SQL:
/// `X.execute("…")` or `X.execute(text("…"))` / `sa.text("…")`.
fn literal_sql(python: &str) -> Option<String> {
    let tokens = token::tokenize(python);
    let module = syntax::parse_module(&tokens);
    let [stmt] = module.as_slice() else {
        return None;
    };
    let syntax::StmtKind::Expr(call) = &stmt.kind else {
        return None;
    };
    let syntax::ExprKind::Call {
        func,
        args,
        kwargs,
        star: false,
    } = &call.kind
    else {
        return None;
    };
    let syntax::ExprKind::Attr(_, name) = &func.kind else {
        return None;
    };
    if name != "execute" || !kwargs.is_empty() {
        return None;
    }
    let [arg] = args.as_slice() else {
        return None;
    };
    let literal = |e: &syntax::Expr| match &e.kind {
        syntax::ExprKind::Str {
            value,
            fstring: false,
        } => Some(value.clone()),
        _ => None,
    };
    let sql = match &arg.kind {
        syntax::ExprKind::Call {
            func,
            args,
            kwargs,
            star: false,
        } if kwargs.is_empty() && is_text(func) => match args.as_slice() {
            [one] => literal(one),
            _ => None,
        },
        _ => literal(arg),
    }?;
    // Bind parameters would be filled in by Python at run time.
    let binds = sql.contains(":")
        && sql
            .split(':')
            .skip(1)
            .any(|rest| rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_'));
    (!sql.trim().is_empty() && !binds).then(|| sql.trim().to_string())
}

fn is_text(func: &syntax::Expr) -> bool {
    match &func.kind {
        syntax::ExprKind::Name(n) => n == "text",
        syntax::ExprKind::Attr(_, n) => n == "text",
        _ => false,
    }
}

/// The imported project's `migc.toml`: what the source project set that
/// differs from the defaults.
fn config_text(project: &Project) -> String {
    let c = &project.config;
    let mut out = String::from(
        "# Written by `migc import alembic`. The revisions are the .mig files in this folder.\n\
         migrations = \".\"\n",
    );
    out.push_str(&format!("dialect = \"{}\"\n", c.dialect));
    if let Some(v) = &c.engine_version {
        out.push_str(&format!("engine_version = \"{v}\"\n"));
    }
    let defaults = crate::config::Config::default();
    if c.version_table != defaults.version_table {
        out.push_str(&format!("version_table = \"{}\"\n", c.version_table));
    }
    if let Some(s) = &c.version_table_schema {
        out.push_str(&format!("version_table_schema = \"{s}\"\n"));
    }
    if c.transaction != defaults.transaction {
        out.push_str(&format!("transaction = \"{}\"\n", c.transaction.as_str()));
    }
    out
}

/// Writes `files` as the folder `dir`: built in a temporary sibling and
/// renamed into place, so a failure leaves nothing. A `dir` that exists
/// and is not empty is refused unless `force`, then replaced whole.
pub fn write_dir(dir: &Path, files: &[(String, String)], force: bool) -> io::Result<()> {
    let occupied = match fs::read_dir(dir) {
        Ok(mut entries) => entries.next().is_some(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(e) => return Err(e),
    };
    if occupied && !force {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "`{}` is not empty; pass --force to replace it, or choose another -o",
                dir.display()
            ),
        ));
    }
    fsutil::replace_dir(dir, files, "import", None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_literal_sql_is_kept_as_sql() {
        assert_eq!(
            literal_sql("conn.execute(sa.text(\"UPDATE t SET a = 1\"))\n").as_deref(),
            Some("UPDATE t SET a = 1")
        );
        assert_eq!(
            literal_sql("op.get_bind().execute('DELETE FROM t')\n").as_deref(),
            Some("DELETE FROM t")
        );
        for not in [
            "conn.execute(sa.text(f\"UPDATE {t} SET a = 1\"))\n",
            "conn.execute(sa.text(\"UPDATE t SET a = :v\"), {\"v\": 1})\n",
            "conn.execute(query)\n",
            "helper(op, \"UPDATE t\")\n",
            "for t in tables:\n    conn.execute(\"DELETE FROM t\")\n",
        ] {
            assert_eq!(literal_sql(not), None, "{not}");
        }
    }

    #[test]
    fn suppressions_do_not_survive_into_comments() {
        assert_eq!(
            defuse("x()  # migc: allow drop-table "),
            "x()  # migc : allow drop-table"
        );
    }
}
