//! The text of `migc history`, `migc heads` and `migc graph`.
//!
//! Pure functions from a graph to a `String`; the CLI prints them. The
//! `history` and `heads` lines copy Alembic's (`Script._head_only` and
//! `Script.log_entry`) so people and scripts used to Alembic read them
//! the same way; sets Alembic prints in hash order (labels, the children
//! of a branch point) are sorted here.

use super::{Graph, Selection};
use crate::diagnostic::Diagnostic;
use crate::ir::Revision;
use crate::source::SourceMap;
use std::fmt::Write as _;

/// `migc history [-r RANGE] [--verbose]`: newest first, in the reverse of
/// [`Graph::order`], one line per revision (or one block with `verbose`).
pub fn history(
    graph: &Graph,
    revisions: &[Revision],
    sources: &SourceMap,
    selection: &Selection,
    verbose: bool,
) -> Result<String, Diagnostic> {
    let mut out = String::new();
    for i in graph.history_revisions(selection)? {
        if verbose {
            out.push_str(&log_entry(graph, revisions, sources, i));
        } else {
            out.push_str(&summary_line(graph, &revisions[i], i, true));
        }
        out.push('\n');
    }
    Ok(out)
}

/// `migc heads [--verbose]`: one line per head, sorted by id.
pub fn heads(graph: &Graph, revisions: &[Revision], sources: &SourceMap, verbose: bool) -> String {
    let mut out = String::new();
    for &i in graph.heads() {
        if verbose {
            out.push_str(&log_entry(graph, revisions, sources, i));
        } else {
            out.push_str(&summary_line(graph, &revisions[i], i, false));
        }
        out.push('\n');
    }
    out
}

/// Alembic's `_head_only`: `PARENTS -> ID (labels) (head) (branchpoint)
/// (mergepoint), message` for history, `ID (labels) (head)` for heads.
fn summary_line(graph: &Graph, revision: &Revision, i: usize, for_history: bool) -> String {
    let mut text = String::new();
    if for_history {
        text.push_str(&down_revisions(revision));
        let depends = names(&revision.depends_on);
        if !depends.is_empty() {
            let _ = write!(text, " ({})", depends.join(", "));
        }
        text.push_str(" -> ");
    }
    text.push_str(&revision.id.value);
    let labels: Vec<&str> = graph.labels(i).collect();
    if !labels.is_empty() {
        let _ = write!(text, " ({})", labels.join(", "));
    }
    if graph.is_real_head(i) {
        text.push_str(" (head)");
    } else if graph.is_head(i) {
        text.push_str(" (effective head)");
    }
    if for_history {
        push_tree_markers(&mut text, graph, i);
        let _ = write!(text, ", {}", doc(revision));
    }
    text
}

fn push_tree_markers(text: &mut String, graph: &Graph, i: usize) {
    if graph.is_branch_point(i) {
        text.push_str(" (branchpoint)");
    }
    if graph.is_merge_point(i) {
        text.push_str(" (mergepoint)");
    }
}

/// Alembic's `log_entry`, followed by the blank line its `print` adds.
fn log_entry(graph: &Graph, revisions: &[Revision], sources: &SourceMap, i: usize) -> String {
    let revision = &revisions[i];
    let mut entry = format!("Rev: {}", revision.id.value);
    if graph.is_head(i) {
        entry.push_str(" (head)");
    }
    push_tree_markers(&mut entry, graph, i);
    entry.push('\n');
    let kind = if graph.is_merge_point(i) {
        "Merges"
    } else {
        "Parent"
    };
    let _ = writeln!(entry, "{kind}: {}", down_revisions(revision));
    let depends = names(&revision.depends_on);
    if !depends.is_empty() {
        let _ = writeln!(entry, "Also depends on: {}", depends.join(", "));
    }
    if graph.is_branch_point(i) {
        let children: Vec<&str> = graph.children(i).iter().map(|&c| graph.id(c)).collect();
        let _ = writeln!(entry, "Branches into: {}", children.join(", "));
    }
    let labels: Vec<&str> = graph.labels(i).collect();
    if !labels.is_empty() {
        let _ = writeln!(entry, "Branch names: {}", labels.join(", "));
    }
    let path = sources.get(revision.file).map_or("", |f| f.name.as_str());
    let _ = writeln!(entry, "Path: {path}");
    let message = revision.message.as_ref().map_or("", |m| m.value.trim());
    let body: Vec<String> = message.lines().map(|line| format!("    {line}")).collect();
    let _ = writeln!(entry, "\n{}", body.join("\n"));
    entry
}

/// The parents as written, or `<base>` for a root.
fn down_revisions(revision: &Revision) -> String {
    let parents = names(&revision.parents);
    if parents.is_empty() {
        "<base>".to_string()
    } else {
        parents.join(", ")
    }
}

/// The values in the order written, without repeats.
fn names(list: &[crate::ir::Spanned<String>]) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::with_capacity(list.len());
    for item in list {
        if !out.contains(&item.value.as_str()) {
            out.push(&item.value);
        }
    }
    out
}

/// The first paragraph of the message, as Alembic's `Script.doc`.
fn doc(revision: &Revision) -> &str {
    let message = revision.message.as_ref().map_or("", |m| m.value.trim());
    message.split("\n\n").next().unwrap_or("")
}

/// `migc graph --format mermaid`: a `flowchart` with one node per
/// revision (id and message), parent → child edges, dashed edges from a
/// dependency to its dependent, heads and merge points styled.
pub fn graph_mermaid(graph: &Graph, revisions: &[Revision]) -> String {
    let node = |i: usize| mermaid_node(graph, i);
    let mut out = String::from("flowchart TD\n");
    for &i in graph.order() {
        let label = format!(
            "{}<br/>{}",
            mermaid_text(graph.id(i)),
            mermaid_text(doc(&revisions[i]))
        );
        let _ = writeln!(out, "    {}[\"{label}\"]", node(i));
    }
    for &i in graph.order() {
        for &p in graph.parents(i) {
            let _ = writeln!(out, "    {} --> {}", node(p), node(i));
        }
        for &d in graph.depends_on(i) {
            let _ = writeln!(out, "    {} -.-> {}", node(d), node(i));
        }
    }
    out.push_str("    classDef head fill:#d4edda,stroke:#2e7d32,stroke-width:2px\n");
    out.push_str("    classDef merge fill:#fff3cd,stroke:#b8860b,stroke-width:2px\n");
    let classed = |keep: &dyn Fn(usize) -> bool| -> Vec<String> {
        graph
            .order()
            .iter()
            .copied()
            .filter(|&i| keep(i))
            .map(node)
            .collect()
    };
    for (class, nodes) in [
        ("head", classed(&|i| graph.is_head(i))),
        ("merge", classed(&|i| graph.is_merge_point(i))),
    ] {
        if !nodes.is_empty() {
            let _ = writeln!(out, "    class {} {class}", nodes.join(","));
        }
    }
    out
}

/// A node name that stays the same when revisions are added, so diffs of
/// the chart stay small. The `r_` prefix keeps ids such as `end` from
/// reading as mermaid keywords; an id outside `[A-Za-z0-9_]` (already an
/// `invalid-revision-id` error) falls back to its position.
fn mermaid_node(graph: &Graph, i: usize) -> String {
    let id = graph.id(i);
    if !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        format!("r_{id}")
    } else {
        format!("n{}", graph.position(i).unwrap_or(i))
    }
}

/// Text inside a quoted mermaid label. Mermaid decodes `#NN;` entity
/// codes; anything that could end the string or be read as markup or
/// markdown is written that way, and so is non-ASCII text, which some
/// renderers mangle.
fn mermaid_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("<br/>"),
            '\r' => {}
            c if c.is_control() => out.push(' '),
            '"' | '#' | '<' | '>' | '&' | '`' | '\\' => {
                let _ = write!(out, "#{};", u32::from(c));
            }
            c if !c.is_ascii() => {
                let _ = write!(out, "#{};", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// `migc graph --format dot`: a Graphviz `digraph` with the same content
/// as [`graph_mermaid`].
pub fn graph_dot(graph: &Graph, revisions: &[Revision]) -> String {
    let mut out = String::from("digraph revisions {\n    node [shape=box];\n");
    for &i in graph.order() {
        let id = dot_text(graph.id(i));
        let mut attributes = format!("label=\"{id}\\n{}\"", dot_text(doc(&revisions[i])));
        if graph.is_head(i) {
            attributes.push_str(", style=filled, fillcolor=\"#d4edda\", penwidth=2");
        }
        if graph.is_merge_point(i) {
            attributes.push_str(", peripheries=2");
        }
        let _ = writeln!(out, "    \"{id}\" [{attributes}];");
    }
    for &i in graph.order() {
        let child = dot_text(graph.id(i));
        for &p in graph.parents(i) {
            let _ = writeln!(out, "    \"{}\" -> \"{child}\";", dot_text(graph.id(p)));
        }
        for &d in graph.depends_on(i) {
            let _ = writeln!(
                out,
                "    \"{}\" -> \"{child}\" [style=dashed];",
                dot_text(graph.id(d))
            );
        }
    }
    out.push_str("}\n");
    out
}

/// Text inside a double-quoted DOT string. Graphviz reads UTF-8, so only
/// quotes, backslashes (escape sequences in labels) and line breaks need
/// care.
fn dot_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{dot_text, mermaid_text};

    #[test]
    fn mermaid_text_escapes_what_could_break_a_label() {
        assert_eq!(
            mermaid_text("a \"b\" [c] <d> #1 ü\nx"),
            "a #34;b#34; [c] #60;d#62; #35;1 #252;<br/>x"
        );
    }

    #[test]
    fn dot_text_escapes_quotes_backslashes_and_newlines() {
        assert_eq!(dot_text("a \"b\" \\l ü\nx"), "a \\\"b\\\" \\\\l ü\\nx");
    }
}
