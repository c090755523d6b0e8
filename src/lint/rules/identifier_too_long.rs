use crate::diagnostic::Severity;
use crate::dialect::DialectId;
use crate::ir::{ColumnDef, Ident, Op};
use crate::lint::{Category, Check, RevisionContext, Rule, Sink};

pub const RULE: Rule = Rule {
    name: "identifier-too-long",
    code: "MG404",
    category: Category::Hygiene,
    severity: Severity::Error,
    opt_in: false,
    dialects: &[DialectId::Postgresql, DialectId::Mysql],
    aliases: &[],
    summary: "A name is longer than the dialect allows",
    doc: include_str!("../../../rules/identifier-too-long.md"),
    check: Check::Revision(check),
};

/// The names a statement gives to new objects.
fn new_names(op: &Op) -> Vec<&Ident> {
    fn column(c: &ColumnDef) -> impl Iterator<Item = &Ident> {
        std::iter::once(&c.name).chain(c.constraints.iter().filter_map(|k| k.name.as_ref()))
    }
    let mut out = Vec::new();
    match op {
        Op::CreateTable(t) => {
            out.push(&t.name.name);
            for c in &t.body.columns {
                out.extend(column(c));
            }
            out.extend(t.body.constraints.iter().filter_map(|k| k.name.as_ref()));
        }
        Op::AddColumn(a) => out.extend(column(&a.column)),
        Op::RenameTable(r) => out.push(&r.to),
        Op::RenameColumn(r) => out.push(&r.to),
        Op::CreateIndex(i) => out.push(&i.name),
        Op::AddConstraint(a) => out.extend(a.constraint.name.as_ref()),
        Op::CreateEnum(e) => out.push(&e.name.name),
        _ => {}
    }
    out
}

fn check(cx: &RevisionContext<'_>, out: &mut Sink) {
    // PostgreSQL counts bytes (NAMEDATALEN - 1), MySQL characters.
    let (limit, unit, length): (usize, &str, fn(&str) -> usize) = match cx.settings.dialect {
        DialectId::Postgresql => (63, "bytes", str::len),
        DialectId::Mysql => (64, "characters", |s| s.chars().count()),
        DialectId::Sqlite => return,
    };
    for (stmt, _) in cx.stmts() {
        for ident in new_names(&stmt.op) {
            let n = length(&ident.name);
            if n <= limit {
                continue;
            }
            let note = match cx.settings.dialect {
                DialectId::Mysql => {
                    "MySQL rejects identifiers longer than 64 characters: the statement fails"
                        .to_string()
                }
                _ => format!(
                    "PostgreSQL silently truncates it to its first 63 bytes: the object is \
                     created as `{}`, later statements and code using the full name may not \
                     find it, and two long names sharing those bytes collide",
                    truncate(&ident.name, 63)
                ),
            };
            out.push(
                out.finding(format!(
                    "`{}` is {n} {unit} long, over the limit of {limit}",
                    ident.name
                ))
                .with_primary(ident.span, format!("{} {unit} too long", n - limit))
                .with_note(note)
                .with_help(format!("shorten the name to at most {limit} {unit}")),
            );
        }
    }
}

/// The longest prefix of `name` within `max` bytes, on a character boundary
/// (PostgreSQL truncates the same way).
fn truncate(name: &str, max: usize) -> &str {
    let mut end = max.min(name.len());
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    &name[..end]
}
