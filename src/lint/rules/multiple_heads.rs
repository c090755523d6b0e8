use crate::diagnostic::Severity;
use crate::lint::engine::ProjectContext;
use crate::lint::{Category, Check, Rule, Sink};

pub const RULE: Rule = Rule {
    name: "multiple-heads",
    code: "MG403",
    category: Category::Hygiene,
    severity: Severity::Error,
    opt_in: false,
    dialects: &[],
    aliases: &[],
    summary: "The revision graph has more than one head",
    doc: include_str!("../../../rules/multiple-heads.md"),
    check: Check::Project(check),
};

fn check(cx: &ProjectContext<'_>, out: &mut Sink) {
    let heads: Vec<_> = cx
        .graph
        .heads()
        .iter()
        .filter_map(|&i| cx.revisions.get(i))
        .collect();
    let [first, rest @ ..] = heads.as_slice() else {
        return;
    };
    if rest.is_empty() {
        return;
    }
    let ids: Vec<String> = heads
        .iter()
        .map(|r| format!("\"{}\"", r.id.value))
        .collect();
    let mut finding = out
        .finding(format!("the history has {} heads", heads.len()))
        .with_primary(first.id.span, "a head");
    for other in rest {
        finding = finding.with_secondary(other.id.span, "another head");
    }
    out.push(
        finding
            .with_note(
                "with several heads `alembic upgrade head` and `migc sql` refuse to pick one \
                 (\"Multiple head revisions are present\"), and the order the branches apply \
                 in is not defined",
            )
            .with_help(format!(
                "run `migc merge`, or write a merge revision with `parents {}`",
                ids.join(", ")
            )),
    );
}
