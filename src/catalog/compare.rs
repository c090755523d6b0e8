//! The round-trip check of an explicit `down`: replaying `up` then `down`
//! must give back the catalog from before `up`.
//!
//! Only schema content is compared. Left out on purpose: where objects
//! came from; column order (no database puts a re-added column back in
//! place, so demanding it would be a false error with no fix); whether a
//! constraint is validated (`validate constraint` cannot be undone and
//! changes no definition); and values that `up` added to an enum that
//! `down` leaves in place (PostgreSQL cannot drop enum values, so a
//! `down` has no way to remove them; a derived downgrade warns instead).

use super::apply::{Effects, apply, has_unknown_effects};
use super::model::*;
use super::to_ir;
use crate::diagnostic::{Diagnostic, Severity};
use crate::ir::{self, Op, Revision};
use crate::source::Span;
use std::collections::BTreeSet;

/// Code of a difference between the schema before `up` and after `down`.
pub const MISMATCH: &str = "downgrade-mismatch";
/// Code of a `down` that was not checked (raw SQL migc cannot read).
pub const UNCHECKED: &str = "downgrade-unchecked";

/// One way the catalog after `down` differs from the one before `up`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    pub key: ObjectKey,
    /// A sentence about what `down` does wrong, naming the object.
    pub message: String,
    /// The `up` operation behind the difference, when there is one.
    pub up_span: Option<Span>,
}

/// Replays `down` of `rev` after `up` and reports semantic errors in
/// `down` and every difference from `before`.
///
/// `touched_by_up` lists the tables and enums `up` touched (see
/// [`RevisionState::touched`](super::RevisionState::touched)); only those
/// and the ones `down` touches are compared, so the check costs what the
/// two blocks do, not the size of the schema.
pub fn round_trip(
    rev: &Revision,
    revision: usize,
    before: &Catalog,
    after_up: &Catalog,
    touched_by_up: &[ObjectKey],
) -> Vec<Diagnostic> {
    let Some(down) = &rev.down else {
        return Vec::new();
    };
    let mut after = after_up.clone();
    let mut effects = Effects::default();
    for (stmt, in_transaction) in down.stmts() {
        apply(&mut after, stmt, in_transaction, revision, &mut effects);
    }
    let mut out = effects.diagnostics;
    let keyword = Span {
        end: down.span.start.saturating_add(4).min(down.span.end),
        ..down.span
    };
    if let Some(sql) = unreadable_sql(rev) {
        out.push(
            Diagnostic::new(
                UNCHECKED,
                Severity::Info,
                format!(
                    "the `down` of `{}` was not checked against `up`",
                    rev.id.value
                ),
            )
            .with_primary(keyword, "not checked")
            .with_secondary(sql, "raw SQL whose effects migc does not model")
            .with_note("migc compares schemas, and cannot tell what this SQL changes"),
        );
        return out;
    }
    let mut keys: Vec<ObjectKey> = touched_by_up.to_vec();
    keys.extend(effects.touched);
    for d in differences(before, &after, after_up, rev.up.span, Some(&keys)) {
        let mut diag = Diagnostic::error(MISMATCH, d.message).with_primary(keyword, "this `down`");
        if let Some(span) = d.up_span {
            diag = diag.with_secondary(span, "the `up` operation involved");
        }
        out.push(diag.with_note(
            "replaying `up` and then `down` must give back the schema from before `up`",
        ));
    }
    out
}

fn normalized(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first raw SQL statement of `down` that may change the schema and is
/// not the `reverse` of a raw SQL statement of `up`.
fn unreadable_sql(rev: &Revision) -> Option<Span> {
    let reverses: Vec<String> = rev
        .up
        .stmts()
        .filter_map(|(s, _)| match &s.op {
            Op::Sql(sql) => sql.reverse.as_ref().map(|r| normalized(&r.text)),
            _ => None,
        })
        .collect();
    rev.down.as_ref()?.stmts().find_map(|(s, _)| match &s.op {
        Op::Sql(sql)
            if has_unknown_effects(sql) && !reverses.contains(&normalized(&sql.sql.text)) =>
        {
            Some(s.span)
        }
        _ => None,
    })
}

fn inside(span: Span, block: Span) -> bool {
    span.file == block.file && span.start >= block.start && span.end <= block.end
}

/// Schema differences between `expected` (before `up`) and `actual`
/// (after `down`); `after_up` and `up` tell what `up` did, for wording and
/// for the secondary label. With `only`, just those tables and enums are
/// compared; without, everything.
pub fn differences(
    expected: &Catalog,
    actual: &Catalog,
    after_up: &Catalog,
    up: Span,
    only: Option<&[ObjectKey]>,
) -> Vec<Difference> {
    let mut cx = Diff {
        actual,
        after_up,
        up,
        out: Vec::new(),
    };
    let (tables, enums): (BTreeSet<&QualifiedName>, BTreeSet<&QualifiedName>) = match only {
        Some(keys) => (
            keys.iter()
                .filter_map(|k| match k {
                    ObjectKey::Table(n) => Some(n),
                    _ => None,
                })
                .collect(),
            keys.iter()
                .filter_map(|k| match k {
                    ObjectKey::Enum(n) => Some(n),
                    _ => None,
                })
                .collect(),
        ),
        None => (
            expected.tables.keys().chain(actual.tables.keys()).collect(),
            expected.enums.keys().chain(actual.enums.keys()).collect(),
        ),
    };
    for key in tables {
        let (e, a) = (expected.table(key), actual.table(key));
        let k = ObjectKey::Table(key.clone());
        match (e, a) {
            (Some(e), Some(a)) => cx.table(e, a),
            (e, a) => cx.presence(k, e.map(|t| t.created), a.map(|t| t.created), "created"),
        }
    }
    for key in enums {
        let (e, a) = (expected.enum_type(key), actual.enum_type(key));
        let k = ObjectKey::Enum(key.clone());
        match (e, a) {
            (Some(e), Some(a)) => {
                let added_by_up = |v: &String| {
                    !e.values.contains(v)
                        && after_up
                            .enum_type(key)
                            .is_some_and(|u| u.values.contains(v))
                };
                let kept: Vec<&String> = a.values.iter().filter(|v| !added_by_up(v)).collect();
                if kept != e.values.iter().collect::<Vec<_>>() {
                    let list = |v: &[String]| {
                        let quoted: Vec<String> = v.iter().map(|s| format!("'{s}'")).collect();
                        Some(format!("({})", quoted.join(", ")))
                    };
                    let (before, after) = (list(&e.values), list(&a.values));
                    cx.attribute(k, e.created, a.created, "values", before, after);
                }
            }
            (e, a) => cx.presence(k, e.map(|x| x.created), a.map(|x| x.created), "created"),
        }
    }
    cx.out
}

struct Diff<'a> {
    actual: &'a Catalog,
    after_up: &'a Catalog,
    up: Span,
    out: Vec<Difference>,
}

impl Diff<'_> {
    /// The `up` operation that dropped, renamed, created or last changed
    /// the object.
    fn up_span(&self, key: &ObjectKey) -> Option<Span> {
        if let Some(t) = self.after_up.tombstone(key)
            && inside(t.origin.span, self.up)
        {
            return Some(t.origin.span);
        }
        let changed = match key {
            ObjectKey::Enum(n) => self.after_up.enum_type(n).map(|e| e.changed),
            ObjectKey::Table(n) => self.after_up.table(n).map(|t| t.changed),
            ObjectKey::Column(t, c) => self.after_up.column(t, c).map(|c| c.changed),
            ObjectKey::Index(n) => self.after_up.index(n).map(|(_, i)| i.changed),
            ObjectKey::Constraint(t, c) => self.after_up.constraint(t, c).map(|c| c.changed),
        };
        changed.map(|o| o.span).filter(|s| inside(*s, self.up))
    }

    /// Whether `up` renamed another object into this one.
    fn renamed_into(&self, key: &ObjectKey) -> bool {
        self.actual.graveyard.iter().any(|(old, t)| {
            let Some(to) = &t.renamed_to else {
                return false;
            };
            inside(t.origin.span, self.up)
                && match (old, key) {
                    (ObjectKey::Table(o), ObjectKey::Table(n)) => o.sibling(to) == *n,
                    (ObjectKey::Column(ot, _), ObjectKey::Column(nt, n)) => ot == nt && to == n,
                    _ => false,
                }
        })
    }

    fn push(&mut self, key: ObjectKey, message: String) {
        let up_span = self.up_span(&key);
        self.out.push(Difference {
            key,
            message,
            up_span,
        });
    }

    /// An object on one side only.
    fn presence(
        &mut self,
        key: ObjectKey,
        expected: Option<Origin>,
        actual: Option<Origin>,
        verb: &str,
    ) {
        let message = match (expected, actual) {
            (None, Some(a)) if inside(a.span, self.up) => {
                format!("`down` does not drop {key} {verb} by `up`")
            }
            // Reported once, from the old name's side.
            (None, Some(_)) if self.renamed_into(&key) => return,
            (None, Some(_)) => format!("`down` creates {key}, which did not exist before `up`"),
            (Some(_), None) => match self.actual.tombstone(&key) {
                Some(t) if inside(t.origin.span, self.up) => match &t.renamed_to {
                    Some(to) => {
                        format!("`down` does not rename {key} back from `{to}` (`up` renamed it)")
                    }
                    None => format!("`down` does not restore {key} dropped by `up`"),
                },
                _ => format!("`down` drops {key}, which existed before `up`"),
            },
            _ => return,
        };
        self.push(key, message);
    }

    /// An attribute (`attr`: "type", "default", …) that differs; the values
    /// are as shown to the user, `None` when there is none.
    fn attribute(
        &mut self,
        key: ObjectKey,
        expected: Origin,
        actual: Origin,
        attr: &str,
        before: Option<String>,
        after: Option<String>,
    ) {
        let dropped_by_up = expected != actual && !self.after_up.contains(&key);
        let message = if dropped_by_up {
            let with = |v: &Option<String>| match (attr, v) {
                ("type" | "definition" | "nullability", Some(v)) => format!("as {v}"),
                (_, Some(v)) => format!("with {attr} {v}"),
                (_, None) => format!("without a {attr}"),
            };
            format!(
                "`down` restores {key} {}, `up` dropped it {}",
                with(&after),
                with(&before)
            )
        } else {
            let value = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".to_owned());
            format!(
                "`down` leaves the {attr} of {key} as {}; before `up` it was {}",
                value(&after),
                value(&before)
            )
        };
        self.push(key, message);
    }

    fn table(&mut self, e: &Table, a: &Table) {
        let t = &e.name;
        if e.comment != a.comment {
            self.attribute(
                ObjectKey::Table(t.clone()),
                e.created,
                a.created,
                "comment",
                comment_phrase(e.comment.as_deref()),
                comment_phrase(a.comment.as_deref()),
            );
        }
        let columns: BTreeSet<&str> = e
            .columns
            .iter()
            .chain(&a.columns)
            .map(|c| c.name.as_str())
            .collect();
        for name in columns {
            let key = ObjectKey::Column(t.clone(), name.to_owned());
            match (e.column(name), a.column(name)) {
                (Some(ec), Some(ac)) => self.column(key, ec, ac),
                (ec, ac) => {
                    self.presence(key, ec.map(|c| c.created), ac.map(|c| c.created), "added")
                }
            }
        }
        let indexes: BTreeSet<&str> = e
            .indexes
            .iter()
            .chain(&a.indexes)
            .map(|i| i.name.as_str())
            .collect();
        for name in indexes {
            let key = ObjectKey::Index(t.sibling(name));
            match (e.index(name), a.index(name)) {
                (Some(ei), Some(ai)) => {
                    let (before, after) = (index_text(e, ei), index_text(a, ai));
                    if before != after {
                        let phrase = |s: String| Some(format!("`{s}`"));
                        let (b, f) = (phrase(before), phrase(after));
                        self.attribute(key, ei.created, ai.created, "definition", b, f);
                    }
                }
                (ei, ai) => {
                    self.presence(key, ei.map(|i| i.created), ai.map(|i| i.created), "created");
                }
            }
        }
        let constraints: BTreeSet<&str> = e
            .constraints
            .iter()
            .chain(&a.constraints)
            .map(|c| c.name.as_str())
            .collect();
        for name in constraints {
            let key = ObjectKey::Constraint(t.clone(), name.to_owned());
            match (e.constraint(name), a.constraint(name)) {
                (Some(ec), Some(ac)) => {
                    let text = |c: &Constraint| {
                        let mut c = c.clone();
                        c.valid = true;
                        to_ir::constraint(&c, Span::default(), false)
                            .kind
                            .to_string()
                    };
                    let (before, after) = (text(ec), text(ac));
                    if before != after {
                        let phrase = |s: String| Some(format!("`{s}`"));
                        let (b, f) = (phrase(before), phrase(after));
                        self.attribute(key, ec.created, ac.created, "definition", b, f);
                    }
                }
                (ec, ac) => {
                    self.presence(key, ec.map(|c| c.created), ac.map(|c| c.created), "added");
                }
            }
        }
    }

    fn column(&mut self, key: ObjectKey, e: &Column, a: &Column) {
        let (ec, ac) = (e.created, a.created);
        let (et, at) = (e.ty.to_string(), a.ty.to_string());
        if et != at {
            let (b, f) = (Some(format!("`{et}`")), Some(format!("`{at}`")));
            self.attribute(key.clone(), ec, ac, "type", b, f);
        }
        if e.nullable != a.nullable {
            let phrase = |n: bool| Some(if n { "nullable" } else { "`not null`" }.to_owned());
            let (b, f) = (phrase(e.nullable), phrase(a.nullable));
            self.attribute(key.clone(), ec, ac, "nullability", b, f);
        }
        let default = |c: &Column| c.default.as_ref().map(|d| format!("`{d}`"));
        if default(e) != default(a) {
            self.attribute(key.clone(), ec, ac, "default", default(e), default(a));
        }
        let identity = |c: &Column| {
            c.identity.map(|i| match i {
                Identity::Always => "`generated always`".to_owned(),
                Identity::ByDefault => "`generated by default`".to_owned(),
            })
        };
        if e.identity != a.identity {
            self.attribute(key.clone(), ec, ac, "identity", identity(e), identity(a));
        }
        if e.comment != a.comment {
            let (b, f) = (
                comment_phrase(e.comment.as_deref()),
                comment_phrase(a.comment.as_deref()),
            );
            self.attribute(key, ec, ac, "comment", b, f);
        }
    }
}

fn comment_phrase(c: Option<&str>) -> Option<String> {
    c.map(|text| ir::print::SqlStr(text).to_string())
}

/// An index's definition, without how it is built (`concurrently`).
fn index_text(table: &Table, index: &Index) -> String {
    let op = to_ir::create_index(table, index, false, Span::default());
    ir::print::StmtText(&op, "").to_string()
}
