use crate::diagnostic::Severity;
use crate::lint::{Category, Check, RevisionContext, Rule, Sink};

pub const RULE: Rule = Rule {
    name: "vague-message",
    code: "MG401",
    category: Category::Hygiene,
    severity: Severity::Warning,
    opt_in: false,
    dialects: &[],
    aliases: &[],
    summary: "A revision has no message or one that says nothing",
    doc: include_str!("../../../rules/vague-message.md"),
    check: Check::Revision(check),
};

const VAGUE: &[&str] = &[
    "update",
    "updates",
    "change",
    "changes",
    "fix",
    "fixes",
    "wip",
    "misc",
    "migration",
    "new migration",
    "tmp",
    "temp",
    "test",
    "stuff",
    "todo",
    "auto",
    "autogenerate",
];

fn check(cx: &RevisionContext<'_>, out: &mut Sink) {
    let revision = cx.revision;
    match &revision.message {
        None => out.push(
            out.finding(format!("revision `{}` has no message", revision.id.value))
                .with_primary(revision.id.span, "no `message` line")
                .with_help("add `message \"…\"` saying what the migration changes and why"),
        ),
        Some(m) => {
            let normal = m.value.trim().trim_end_matches('.').to_lowercase();
            if normal.is_empty() || VAGUE.contains(&normal.as_str()) {
                out.push(
                    out.finding(format!("the message `{}` says nothing", m.value.trim()))
                        .with_primary(m.span, "too vague to find this revision later")
                        .with_help("say what changes, e.g. \"add fees.status with a backfill\""),
                );
            }
        }
    }
}
