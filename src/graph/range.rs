//! Alembic's revision syntax: parsing and resolving targets and ranges.
//!
//! # Syntax
//!
//! A *spec* is one target or a range `FROM:TO` of two (either side may be
//! empty: an empty `FROM` is `base`, an empty `TO` is `heads`, as in
//! `alembic history -r`). A *target* is `[LABEL@]SYMBOL[±N]` or
//! `[LABEL@]±N`, where `SYMBOL` is
//!
//! - `base`: before the first revision (an empty version table);
//! - `head`: the single head (an error when there are several);
//! - `heads`: every head;
//! - a revision id, a branch label (naming the revision that declares
//!   it), or a unique prefix of an id.
//!
//! `LABEL@` restricts the symbol to the branch of that label (Alembic
//! also accepts a revision id there): `LABEL@head` is the head of the
//! branch, `LABEL@heads` its heads, `LABEL@REV` a revision that must be
//! on the branch, and `LABEL@base` the point just before the branch's
//! first revision (its parents, or `base` for a branch with its own root).
//!
//! `SYMBOL+N` / `SYMBOL-N` walk `N` steps to children / parents
//! (`head-1`, `0003+2`). A bare `+N` / `-N` counts from the other side of
//! the range (`0003:+2`, `head:-1`); alone, `+N` counts from `base` and
//! `-N` from the heads. A walk must be unambiguous: it fails at a branch
//! point going up (unless a label picks the branch), at a merge point
//! going down, and past a head or below base.
//!
//! # What a selection means
//!
//! [`Graph::resolve`] gives a [`Selection`] of two [`Point`]s, each a set
//! of revisions as a version table would hold them (empty for base). A
//! single target `T` means `base:T`. Then:
//!
//! - [`Graph::history_revisions`]: the revisions `alembic history -r
//!   FROM:TO` lists, newest first: ancestors of `TO` that descend from
//!   `FROM`, *including* `FROM` itself.
//! - [`Graph::upgrade_revisions`]: what an upgrade applies, in order, when
//!   the version table holds `FROM` and the target is `TO`: ancestors of
//!   `TO` (through parents and dependencies) that are not ancestors of
//!   `FROM`. A backwards range is empty, as in Alembic.
//! - [`Graph::downgrade_revisions`]: what a downgrade undoes, in order,
//!   when the version table holds `FROM` and the target is `TO` (so the
//!   command line says `sql --down FROM:TO`, Alembic's `B:A`): applied
//!   revisions built on the children of `TO`. Like Alembic, revisions on
//!   other branches stay: downgrading `0011` to `0007` undoes `0011`,
//!   `0010` and the merge `0009`, and leaves `0008` applied.

use super::{Graph, Lookup};
use crate::diagnostic::Diagnostic;

/// One side of a range, parsed but not resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// `LABEL@`: a branch label, or a revision id standing for its branch.
    pub branch: Option<String>,
    pub anchor: Anchor,
    /// `+N` / `-N`; `None` when absent. With [`Anchor::Implicit`] it is
    /// always `Some`.
    pub offset: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Anchor {
    Base,
    Head,
    Heads,
    /// An id, a label or a prefix of an id.
    Rev(String),
    /// A bare `+N` / `-N`: relative to the other side of the range.
    Implicit,
}

/// A parsed revision spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Spec {
    Target(Target),
    /// `FROM:TO`; `None` for an empty side.
    Range {
        from: Option<Target>,
        to: Option<Target>,
    },
}

/// A resolved target: the revisions a version table would hold, sorted by
/// [`Graph::order`]. Empty means `base`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Point {
    revisions: Vec<usize>,
}

impl Point {
    pub fn base() -> Point {
        Point::default()
    }

    pub fn is_base(&self) -> bool {
        self.revisions.is_empty()
    }

    pub fn revisions(&self) -> &[usize] {
        &self.revisions
    }
}

/// A resolved spec. For a single target `T`, `from` is base and `to` is `T`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    pub from: Point,
    pub to: Point,
}

impl Selection {
    /// `base:heads`: the whole graph.
    pub fn everything(graph: &Graph) -> Selection {
        Selection {
            from: Point::base(),
            to: graph.point(graph.heads().to_vec()),
        }
    }
}

/// Parses a spec without looking at any graph.
pub fn parse(spec: &str) -> Result<Spec, Diagnostic> {
    let text = spec.trim();
    if text.is_empty() {
        return Err(invalid(spec, "the revision spec is empty"));
    }
    let Some((from, to)) = text.split_once(':') else {
        return Ok(Spec::Target(parse_target(text, spec)?));
    };
    if to.contains(':') {
        return Err(invalid(spec, "a range has one `:`"));
    }
    let side = |s: &str| {
        let s = s.trim();
        if s.is_empty() {
            Ok(None)
        } else {
            parse_target(s, spec).map(Some)
        }
    };
    Ok(Spec::Range {
        from: side(from)?,
        to: side(to)?,
    })
}

fn parse_target(text: &str, spec: &str) -> Result<Target, Diagnostic> {
    let (branch, rest) = match text.split_once('@') {
        Some((label, rest)) => (Some(label), rest),
        None => (None, text),
    };
    if branch.is_some_and(str::is_empty) {
        return Err(invalid(spec, "a branch label is missing before `@`"));
    }
    if rest.contains('@') {
        return Err(invalid(spec, "a target has at most one `@`"));
    }
    let (symbol, offset) = split_offset(rest, spec)?;
    if let Some(bad) = symbol
        .chars()
        .find(|c| c.is_whitespace() || matches!(c, '+' | ','))
    {
        return Err(invalid(
            spec,
            format!("{bad:?} cannot appear in a revision name"),
        ));
    }
    let anchor = match symbol {
        "" if offset.is_some() => Anchor::Implicit,
        "" => {
            return Err(invalid(
                spec,
                "a revision is missing after `@` (try `head`, `base` or an id)",
            ));
        }
        "base" => Anchor::Base,
        "head" => Anchor::Head,
        "heads" => Anchor::Heads,
        other => Anchor::Rev(other.to_string()),
    };
    Ok(Target {
        branch: branch.map(str::to_string),
        anchor,
        offset,
    })
}

/// Splits `head-2` into `("head", Some(-2))`. A `-` not followed by digits
/// stays in the symbol, since branch labels may contain dashes.
fn split_offset<'a>(text: &'a str, spec: &str) -> Result<(&'a str, Option<i64>), Diagnostic> {
    let Some(at) = text.rfind(['+', '-']) else {
        return Ok((text, None));
    };
    let digits = &text[at + 1..];
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        if text[at..].starts_with('+') || digits.is_empty() {
            return Err(invalid(
                spec,
                format!("expected a number of steps after `{}`", &text[at..=at]),
            ));
        }
        return Ok((text, None));
    }
    let steps: i64 = digits
        .parse()
        .map_err(|_| invalid(spec, format!("`{digits}` steps is too many")))?;
    let signed = if text[at..].starts_with('-') {
        -steps
    } else {
        steps
    };
    Ok((&text[..at], Some(signed)))
}

fn invalid(spec: &str, message: impl Into<String>) -> Diagnostic {
    Diagnostic::error("invalid-range", message).with_note(format!("in the revision spec `{spec}`"))
}

/// The branch a `LABEL@` prefix names.
struct Branch {
    /// The label, or `None` when a revision id stood for the branch.
    label: Option<String>,
    /// The revision that declares the label (or the one named).
    root: usize,
    /// Revisions that are ancestors or descendants of `root` through
    /// parents: Alembic's "shares lineage".
    lineage: Vec<bool>,
}

impl Graph {
    /// Parses and resolves a spec (see the module documentation).
    pub fn resolve(&self, spec: &str) -> Result<Selection, Diagnostic> {
        let with_context = |d: Diagnostic| {
            if d.code == "invalid-range" {
                d
            } else {
                d.with_note(format!("in the revision spec `{spec}`"))
            }
        };
        self.resolve_spec(&parse(spec)?).map_err(with_context)
    }

    /// Resolves a spec that must be a single target, such as the `--at`
    /// of `migc schema`.
    pub fn resolve_point(&self, spec: &str) -> Result<Point, Diagnostic> {
        match parse(spec)? {
            Spec::Target(target) => self
                .resolve_target(&target, None)
                .map_err(|d| d.with_note(format!("in the revision spec `{spec}`"))),
            Spec::Range { .. } => Err(invalid(spec, "expected one revision, not a range")),
        }
    }

    /// Resolves a parsed spec.
    pub fn resolve_spec(&self, spec: &Spec) -> Result<Selection, Diagnostic> {
        match spec {
            Spec::Target(target) => Ok(Selection {
                from: Point::base(),
                to: self.resolve_target(target, None)?,
            }),
            Spec::Range { from, to } => self.resolve_range(from.as_ref(), to.as_ref()),
        }
    }

    fn resolve_range(
        &self,
        from: Option<&Target>,
        to: Option<&Target>,
    ) -> Result<Selection, Diagnostic> {
        let implicit = |t: Option<&Target>| t.is_some_and(|t| t.anchor == Anchor::Implicit);
        let side = |t: Option<&Target>, empty: Point, other: Option<&Point>| match t {
            Some(t) => self.resolve_target(t, other),
            None => Ok(empty),
        };
        let heads = || self.point(self.heads().to_vec());
        if implicit(from) && implicit(to) {
            return Err(Diagnostic::error(
                "invalid-range",
                "both sides of the range are relative steps; anchor one of them",
            ));
        }
        if implicit(from) {
            let to = side(to, heads(), None)?;
            let from = side(from, Point::base(), Some(&to))?;
            return Ok(Selection { from, to });
        }
        let from = side(from, Point::base(), None)?;
        let to = side(to, heads(), Some(&from))?;
        Ok(Selection { from, to })
    }

    /// Resolves one target; a bare `±N` counts from `other` when given.
    pub fn resolve_target(
        &self,
        target: &Target,
        other: Option<&Point>,
    ) -> Result<Point, Diagnostic> {
        let branch = match &target.branch {
            Some(name) => Some(self.branch(name)?),
            None => None,
        };
        let branch = branch.as_ref();
        let start = match &target.anchor {
            Anchor::Implicit => match other {
                Some(point) => point.clone(),
                None if target.offset.unwrap_or(0) > 0 => Point::base(),
                None => self.heads_of(branch),
            },
            Anchor::Base => self.base_of(branch),
            Anchor::Head => self.head_of(branch)?,
            Anchor::Heads => self.heads_of(branch),
            Anchor::Rev(name) => self.revision_named(name, branch)?,
        };
        match target.offset {
            None | Some(0) => Ok(start),
            Some(steps) => self.walk(start, steps, branch),
        }
    }

    /// What `history -r FROM:TO` lists, newest first. `FROM` must be an
    /// ancestor of `TO` (Alembic refuses other ranges too).
    pub fn history_revisions(&self, selection: &Selection) -> Result<Vec<usize>, Diagnostic> {
        let needed = self.ancestors(selection.to.revisions());
        if let Some(&stray) = selection.from.revisions().iter().find(|&&i| !needed[i]) {
            return Err(Diagnostic::error(
                "invalid-range",
                format!(
                    "`{}` is not an ancestor of {}",
                    self.id(stray),
                    self.describe(&selection.to)
                ),
            )
            .with_help(
                "a history range goes from an older revision to a newer one on its branch",
            ));
        }
        let after = (!selection.from.is_base())
            .then(|| self.descendants(selection.from.revisions(), false));
        let keep = |i: usize| needed[i] && after.as_ref().is_none_or(|a| a[i]);
        Ok(self
            .order
            .iter()
            .rev()
            .copied()
            .filter(|&i| keep(i))
            .collect())
    }

    /// What an upgrade from `from` to `to` applies, in order.
    pub fn upgrade_revisions(&self, selection: &Selection) -> Vec<usize> {
        let needed = self.ancestors(selection.to.revisions());
        let applied = self.ancestors(selection.from.revisions());
        self.order
            .iter()
            .copied()
            .filter(|&i| needed[i] && !applied[i])
            .collect()
    }

    /// What a downgrade from `from` (the version table) to `to` (the
    /// target) undoes, in order: newest first.
    pub fn downgrade_revisions(&self, selection: &Selection) -> Vec<usize> {
        let applied = self.ancestors(selection.from.revisions());
        let target = selection.to.revisions();
        let undo = (!selection.to.is_base()).then(|| {
            let roots: Vec<usize> = target
                .iter()
                .flat_map(|&t| self.children(t).iter().copied())
                .filter(|c| !target.contains(c))
                .collect();
            self.descendants(&roots, true)
        });
        let keep =
            |i: usize| applied[i] && undo.as_ref().is_none_or(|u| u[i]) && !target.contains(&i);
        self.order
            .iter()
            .rev()
            .copied()
            .filter(|&i| keep(i))
            .collect()
    }

    /// The point where the version table holds `revisions`.
    pub fn point(&self, mut revisions: Vec<usize>) -> Point {
        self.sort_topologically(&mut revisions);
        Point { revisions }
    }

    fn describe(&self, point: &Point) -> String {
        if point.is_base() {
            return "base".to_string();
        }
        let mut ids: Vec<String> = point
            .revisions()
            .iter()
            .map(|&i| format!("`{}`", self.id(i)))
            .collect();
        ids.sort_unstable();
        ids.join(", ")
    }

    fn branch(&self, name: &str) -> Result<Branch, Diagnostic> {
        let (label, root) = match self.label_owner(name) {
            Some(root) => (Some(name.to_string()), root),
            // Alembic falls back to a revision standing for its branch.
            None => match self.lookup(name) {
                Lookup::Found(root) => (None, root),
                Lookup::Ambiguous(candidates) => return Err(self.ambiguous(name, &candidates)),
                Lookup::NotFound => {
                    return Err(self.with_label_hint(Diagnostic::error(
                        "unknown-revision",
                        format!("no branch is named `{name}`"),
                    )));
                }
            },
        };
        let mut lineage = self.reach(&[root], |i| self.parents[i].iter());
        for (seen, below) in lineage.iter_mut().zip(self.descendants(&[root], false)) {
            *seen |= below;
        }
        Ok(Branch {
            label,
            root,
            lineage,
        })
    }

    fn with_label_hint(&self, diagnostic: Diagnostic) -> Diagnostic {
        if self.label_names.is_empty() {
            return diagnostic.with_note("this project declares no branch labels");
        }
        let mut names: Vec<&str> = self.label_names.iter().map(String::as_str).collect();
        names.sort_unstable();
        diagnostic.with_note(format!("branch labels: {}", names.join(", ")))
    }

    /// `LABEL@base`: the parents of the branch's first revisions that are
    /// not on the branch themselves; `base` for a branch with its own root.
    fn base_of(&self, branch: Option<&Branch>) -> Point {
        let Some(Branch {
            label: Some(label), ..
        }) = branch
        else {
            return Point::base();
        };
        let on_branch = |i: usize| self.has_label(i, label);
        // Only the first revisions count: a merge on the branch also has
        // parents off it (0009 merges 0008 into `feature_a`).
        let first = |i: usize| on_branch(i) && !self.parents(i).iter().any(|&p| on_branch(p));
        let before: Vec<usize> = self
            .order
            .iter()
            .copied()
            .filter(|&i| first(i))
            .flat_map(|i| self.parents(i).iter().copied())
            .collect();
        self.point(before)
    }

    fn heads_of(&self, branch: Option<&Branch>) -> Point {
        let heads = self.heads().iter().copied();
        match branch {
            Some(b) => self.point(heads.filter(|&h| b.lineage[h]).collect()),
            None => self.point(heads.collect()),
        }
    }

    fn head_of(&self, branch: Option<&Branch>) -> Result<Point, Diagnostic> {
        let heads = self.heads_of(branch);
        if heads.revisions().len() <= 1 {
            return Ok(heads);
        }
        let argument = match branch {
            Some(b) => format!("{}@head", self.branch_name(b)),
            None => "head".to_string(),
        };
        Err(Diagnostic::error(
            "multiple-heads",
            format!("`{argument}` is ambiguous: there are several heads"),
        )
        .with_note(format!("heads: {}", self.describe(&heads)))
        .with_help(
            "name one head by id, narrow it with `<branch>@head`, \
             or use `heads` for all of them",
        ))
    }

    fn branch_name<'a>(&'a self, branch: &'a Branch) -> &'a str {
        branch.label.as_deref().unwrap_or(self.id(branch.root))
    }

    fn revision_named(&self, name: &str, branch: Option<&Branch>) -> Result<Point, Diagnostic> {
        if name == "current" {
            return Err(Diagnostic::error(
                "unknown-revision",
                "`current` needs a database, and migc works offline",
            )
            .with_help("give the revision the database is at, e.g. `0005:head`"));
        }
        let found = self
            .get(name)
            .or_else(|| self.label_owner(name))
            .map(|i| vec![i])
            .unwrap_or_else(|| self.with_prefix(name));
        let candidates: Vec<usize> = match branch {
            Some(b) => found.iter().copied().filter(|&i| b.lineage[i]).collect(),
            None => found.clone(),
        };
        match candidates.as_slice() {
            [one] => Ok(self.point(vec![*one])),
            [] => match (branch, found.as_slice()) {
                (Some(b), [one]) => Err(Diagnostic::error(
                    "unknown-revision",
                    format!(
                        "revision `{}` is not on branch `{}`",
                        self.id(*one),
                        self.branch_name(b)
                    ),
                )),
                _ => Err(self.unknown(name)),
            },
            many => Err(self.ambiguous(name, many)),
        }
    }

    fn unknown(&self, name: &str) -> Diagnostic {
        let diagnostic = Diagnostic::error(
            "unknown-revision",
            format!("no revision or branch label matches `{name}`"),
        );
        self.with_label_hint(diagnostic)
            .with_help("run `migc history` to list the revisions")
    }

    fn ambiguous(&self, prefix: &str, candidates: &[usize]) -> Diagnostic {
        const SHOWN: usize = 10;
        let mut listed: Vec<String> = candidates
            .iter()
            .take(SHOWN)
            .map(|&i| format!("`{}`", self.id(i)))
            .collect();
        if candidates.len() > SHOWN {
            listed.push(format!("and {} more", candidates.len() - SHOWN));
        }
        Diagnostic::error(
            "ambiguous-revision",
            format!("`{prefix}` is the prefix of {} revisions", candidates.len()),
        )
        .with_note(format!("candidates: {}", listed.join(", ")))
        .with_help("give more characters of the revision id")
    }

    fn walk(&self, start: Point, steps: i64, branch: Option<&Branch>) -> Result<Point, Diagnostic> {
        let mut at = start;
        for _ in 0..steps.unsigned_abs() {
            at = if steps > 0 {
                self.step_up(&at, branch)?
            } else {
                self.step_down(&at)?
            };
        }
        Ok(at)
    }

    fn step_up(&self, at: &Point, branch: Option<&Branch>) -> Result<Point, Diagnostic> {
        let (from, next): (String, Vec<usize>) = match at.revisions() {
            [] => ("base".to_string(), self.bases().to_vec()),
            [one] => (format!("`{}`", self.id(*one)), self.children(*one).to_vec()),
            _ => return Err(self.ambiguous_walk(at, "it holds several revisions")),
        };
        let next: Vec<usize> = match branch {
            Some(b) => next.into_iter().filter(|&i| b.lineage[i]).collect(),
            None => next,
        };
        match next.as_slice() {
            [one] => Ok(self.point(vec![*one])),
            [] if at.is_base() => Err(Diagnostic::error(
                "invalid-range",
                "cannot walk up from base: there are no revisions",
            )),
            [] => Err(Diagnostic::error(
                "invalid-range",
                format!("cannot walk up from {from}: it is a head"),
            )),
            many => {
                let ids: Vec<&str> = many.iter().map(|&i| self.id(i)).collect();
                Err(Diagnostic::error(
                    "invalid-range",
                    format!(
                        "cannot walk up from {from}: it branches into {}",
                        ids.join(", ")
                    ),
                )
                .with_help("pick the branch with a label, e.g. `<label>@+1`"))
            }
        }
    }

    fn step_down(&self, at: &Point) -> Result<Point, Diagnostic> {
        let one = match at.revisions() {
            [] => {
                return Err(Diagnostic::error(
                    "invalid-range",
                    "cannot walk down from base: there is nothing below it",
                ));
            }
            [one] => *one,
            _ => return Err(self.ambiguous_walk(at, "it holds several revisions")),
        };
        match self.parents(one) {
            [] => Ok(Point::base()),
            [parent] => Ok(self.point(vec![*parent])),
            many => {
                let ids: Vec<&str> = many.iter().map(|&i| self.id(i)).collect();
                Err(Diagnostic::error(
                    "invalid-range",
                    format!(
                        "cannot walk down from `{}`: it merges {}",
                        self.id(one),
                        ids.join(", ")
                    ),
                )
                .with_help("name the parent to go to instead"))
            }
        }
    }

    fn ambiguous_walk(&self, at: &Point, why: &str) -> Diagnostic {
        Diagnostic::error(
            "invalid-range",
            format!("cannot walk from {}: {why}", self.describe(at)),
        )
        .with_help("start the walk from one revision, e.g. `<label>@head-1`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(branch: Option<&str>, anchor: Anchor, offset: Option<i64>) -> Target {
        Target {
            branch: branch.map(str::to_string),
            anchor,
            offset,
        }
    }

    #[test]
    fn parses_symbols_offsets_and_labels() {
        let rev = |s: &str| Anchor::Rev(s.to_string());
        assert_eq!(
            parse("head-1"),
            Ok(Spec::Target(target(None, Anchor::Head, Some(-1))))
        );
        assert_eq!(
            parse("+2"),
            Ok(Spec::Target(target(None, Anchor::Implicit, Some(2))))
        );
        assert_eq!(
            parse("feature-a@0003+2"),
            Ok(Spec::Target(target(
                Some("feature-a"),
                rev("0003"),
                Some(2)
            )))
        );
        assert_eq!(
            parse("my-label"),
            Ok(Spec::Target(target(None, rev("my-label"), None)))
        );
        assert_eq!(
            parse(" :heads "),
            Ok(Spec::Range {
                from: None,
                to: Some(target(None, Anchor::Heads, None)),
            })
        );
    }

    #[test]
    fn rejects_malformed_specs() {
        for bad in [
            "",
            "a:b:c",
            "@head",
            "x@",
            "a@b@c",
            "head+",
            "head-",
            "a+b",
            "a b",
            "+99999999999999999999",
        ] {
            let error = parse(bad).expect_err(bad);
            assert_eq!(error.code, "invalid-range", "{bad}");
            assert!(error.labels.is_empty());
        }
    }
}
