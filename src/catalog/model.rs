//! What the catalog holds: tables with ordered columns, their indexes and
//! constraints, enums, and where each object came from.
//!
//! The maps are `imbl::OrdMap`s holding `Arc`s, so cloning a [`Catalog`]
//! is O(1) and changing one table copies O(log n) map nodes plus that one
//! table; keeping a catalog before and after each of 10,000 revisions
//! stays linear. `OrdMap` (not a hash map) also makes every iteration
//! order deterministic, which output depends on.

use crate::ir::{DataType, Expr, IndexElement, ReferentialAction};
use crate::source::Span;
use imbl::{OrdMap, OrdSet};
use std::fmt;
use std::sync::Arc;

/// The name of a table, index or enum: schema (`None` is the default
/// schema, the search path's first) and name, both as the frontend folded
/// them. `public.t` and `t` are different keys: migc does not know the
/// target's search path.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
///
/// The parts are shared strings: the catalog's maps are keyed by these,
/// and every change to a persistent map copies a path of nodes, keys
/// included, so a key must be cheap to clone.
pub struct QualifiedName {
    pub schema: Option<Arc<str>>,
    pub name: Arc<str>,
}

impl QualifiedName {
    pub fn new(schema: Option<&str>, name: &str) -> QualifiedName {
        QualifiedName {
            schema: schema.map(Arc::from),
            name: Arc::from(name),
        }
    }

    pub fn of(name: &crate::ir::ObjectName) -> QualifiedName {
        QualifiedName::new(
            name.schema.as_ref().map(|s| s.name.as_str()),
            &name.name.name,
        )
    }

    /// Another object in the same schema (an index next to its table, a
    /// table after `rename table`).
    pub fn sibling(&self, name: &str) -> QualifiedName {
        QualifiedName {
            schema: self.schema.clone(),
            name: Arc::from(name),
        }
    }
}

/// Unquoted `schema.name`, for messages.
impl fmt::Display for QualifiedName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.schema {
            Some(s) => write!(f, "{s}.{}", self.name),
            None => f.write_str(&self.name),
        }
    }
}

/// Where an object was created or last changed: the revision (its index
/// in the project's revision list, a graph node) and the operation's span,
/// which may be in `up` or in `down`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Origin {
    pub revision: usize,
    pub span: Span,
}

/// Any object the catalog tracks, as a key: what diagnostics name, what
/// "created by this revision" lists hold, what lints ask about.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ObjectKey {
    Enum(QualifiedName),
    Table(QualifiedName),
    Column(QualifiedName, String),
    /// Keyed by the index's own schema-qualified name (PostgreSQL index
    /// names are unique per schema).
    Index(QualifiedName),
    Constraint(QualifiedName, String),
}

impl fmt::Display for ObjectKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ObjectKey::Enum(n) => write!(f, "enum `{n}`"),
            ObjectKey::Table(n) => write!(f, "table `{n}`"),
            ObjectKey::Column(t, c) => write!(f, "column `{t}.{c}`"),
            ObjectKey::Index(n) => write!(f, "index `{n}`"),
            ObjectKey::Constraint(t, c) => write!(f, "constraint `{c}` on `{t}`"),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Identity {
    Always,
    ByDefault,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub name: String,
    pub ty: DataType,
    pub nullable: bool,
    pub default: Option<Expr>,
    pub identity: Option<Identity>,
    pub comment: Option<String>,
    /// Where the column was added, nullable and without a default, to a
    /// table that already had rows: those rows hold NULL in it until a
    /// backfill assigns it. `None` once a backfill (or `set not null`)
    /// ran, and for columns whose rows all got a value. A fact about the
    /// data, not the schema: setting it changes neither `changed` nor
    /// what the round-trip check compares.
    pub unfilled: Option<Origin>,
    pub created: Origin,
    pub changed: Origin,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Index {
    pub name: String,
    pub unique: bool,
    /// `using gin`; `None` is the dialect's default method.
    pub method: Option<String>,
    pub elements: Vec<IndexElement>,
    pub include: Vec<String>,
    pub where_clause: Option<Expr>,
    /// Built with `concurrently` (outside a transaction).
    pub concurrently: bool,
    pub created: Origin,
    pub changed: Origin,
}

impl Index {
    /// Plain columns the index reads (elements and `include`), without
    /// those only named inside expressions.
    pub fn columns(&self) -> impl Iterator<Item = &str> {
        self.elements
            .iter()
            .filter_map(|e| match &e.kind {
                crate::ir::IndexElementKind::Column(c) => Some(c.name.as_str()),
                crate::ir::IndexElementKind::Expr(_) => None,
            })
            .chain(self.include.iter().map(String::as_str))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Constraint {
    /// Always set: a constraint created without a name gets PostgreSQL's
    /// default name (`t_pkey`, `t_c_key`, `t_c_fkey`, `t_c_check`), so
    /// `drop constraint` can find it.
    pub name: String,
    /// Whether the migration chose the name.
    pub named: bool,
    pub kind: ConstraintDef,
    /// False for `not valid` until `validate constraint`.
    pub valid: bool,
    pub created: Origin,
    pub changed: Origin,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ConstraintDef {
    PrimaryKey {
        columns: Vec<String>,
    },
    Unique {
        columns: Vec<String>,
    },
    ForeignKey {
        columns: Vec<String>,
        table: QualifiedName,
        /// Resolved: an unsaid column list is the target's primary key.
        referenced: Vec<String>,
        on_delete: Option<ReferentialAction>,
        on_update: Option<ReferentialAction>,
    },
    Check {
        expr: Expr,
    },
}

impl ConstraintDef {
    /// The columns listed in the constraint (none for a check).
    pub fn columns(&self) -> &[String] {
        match self {
            ConstraintDef::PrimaryKey { columns }
            | ConstraintDef::Unique { columns }
            | ConstraintDef::ForeignKey { columns, .. } => columns,
            ConstraintDef::Check { .. } => &[],
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub name: QualifiedName,
    /// In table order: the order of `create table`, then `add column`s.
    pub columns: Vec<Arc<Column>>,
    /// In creation order.
    pub constraints: Vec<Arc<Constraint>>,
    /// In creation order.
    pub indexes: Vec<Arc<Index>>,
    pub comment: Option<String>,
    pub created: Origin,
    /// The last operation that changed the table or anything in it.
    pub changed: Origin,
}

impl Table {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().map(|c| &**c).find(|c| c.name == name)
    }

    pub fn column_mut(&mut self, name: &str) -> Option<&mut Column> {
        self.columns
            .iter_mut()
            .find(|c| c.name == name)
            .map(Arc::make_mut)
    }

    pub fn constraint(&self, name: &str) -> Option<&Constraint> {
        self.constraints
            .iter()
            .map(|c| &**c)
            .find(|c| c.name == name)
    }

    pub fn index(&self, name: &str) -> Option<&Index> {
        self.indexes.iter().map(|i| &**i).find(|i| i.name == name)
    }

    pub fn primary_key(&self) -> Option<&Constraint> {
        self.constraints
            .iter()
            .map(|c| &**c)
            .find(|c| matches!(c.kind, ConstraintDef::PrimaryKey { .. }))
    }

    /// The schema-qualified key of one of this table's indexes.
    pub fn index_key(&self, index: &str) -> QualifiedName {
        self.name.sibling(index)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct EnumType {
    pub name: QualifiedName,
    /// In sort order, as PostgreSQL compares them.
    pub values: Vec<String>,
    pub created: Origin,
    pub changed: Origin,
}

/// Why an object is gone: the operation that dropped or renamed it.
#[derive(Clone, Debug, PartialEq)]
pub struct Tombstone {
    pub origin: Origin,
    /// The new name, when it was renamed rather than dropped.
    pub renamed_to: Option<String>,
}

/// The schema at one point of the history. Cheap to clone (see the module
/// documentation); iteration is in key order.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    pub(crate) tables: OrdMap<QualifiedName, Arc<Table>>,
    pub(crate) enums: OrdMap<QualifiedName, Arc<EnumType>>,
    /// Index name (in its table's schema) to the table holding it.
    pub(crate) index_names: OrdMap<QualifiedName, QualifiedName>,
    /// Referenced table to the foreign keys (table, constraint) pointing
    /// at it, so that drops need not scan every table.
    pub(crate) referenced_by: OrdMap<QualifiedName, OrdSet<(QualifiedName, String)>>,
    /// Dropped and renamed objects, for "dropped here" labels.
    pub(crate) graveyard: OrdMap<ObjectKey, Tombstone>,
    pub(crate) unknown_effects: Option<Origin>,
    journal: Journal,
}

/// The old value of everything an operation changed, newest last, while
/// one is being applied: a failed operation puts them back. Changing the
/// catalog in place and undoing the rare failure is cheaper than applying
/// each operation to a clone, whose every change copies a path of shared
/// map nodes (and frees the old ones when the clone replaces the catalog).
/// The log keeps its capacity from one operation to the next.
#[derive(Default)]
struct Journal {
    open: bool,
    log: Vec<Undo>,
}

/// A clone is a new catalog: an operation under way stays the original's.
impl Clone for Journal {
    fn clone(&self) -> Journal {
        Journal::default()
    }
}

impl fmt::Debug for Journal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.open {
            "Journal(open)"
        } else {
            "Journal"
        })
    }
}

enum Undo {
    Table(QualifiedName, Option<Arc<Table>>),
    Enum(QualifiedName, Option<Arc<EnumType>>),
    IndexName(QualifiedName, Option<QualifiedName>),
    ReferencedBy(QualifiedName, Option<OrdSet<(QualifiedName, String)>>),
    Tombstone(ObjectKey, Option<Tombstone>),
    UnknownEffects(Option<Origin>),
}

impl Journal {
    fn record(&mut self, undo: impl FnOnce() -> Undo) {
        if self.open {
            self.log.push(undo());
        }
    }
}

/// Puts `value` at `key` (removes it for `None`), returning the old value.
fn put<K: Ord + Clone, V: Clone>(map: &mut OrdMap<K, V>, key: &K, value: Option<V>) -> Option<V> {
    match value {
        Some(v) => map.insert(key.clone(), v),
        // Removing copies the path to where the key would be even when it
        // is absent (a shared map), so look first.
        None if map.contains_key(key) => map.remove(key),
        None => None,
    }
}

impl Catalog {
    pub fn new() -> Catalog {
        Catalog::default()
    }

    /// Starts recording what changes, for [`Catalog::roll_back`].
    pub(crate) fn begin(&mut self) {
        self.journal.log.clear();
        self.journal.open = true;
    }

    /// Keeps what changed since [`Catalog::begin`].
    pub(crate) fn commit(&mut self) {
        self.journal.log.clear();
        self.journal.open = false;
    }

    /// Puts back everything changed since [`Catalog::begin`].
    pub(crate) fn roll_back(&mut self) {
        if !std::mem::take(&mut self.journal.open) {
            return;
        }
        let log = std::mem::take(&mut self.journal.log);
        for undo in log.into_iter().rev() {
            match undo {
                Undo::Table(k, v) => drop(put(&mut self.tables, &k, v)),
                Undo::Enum(k, v) => drop(put(&mut self.enums, &k, v)),
                Undo::IndexName(k, v) => drop(put(&mut self.index_names, &k, v)),
                Undo::ReferencedBy(k, v) => drop(put(&mut self.referenced_by, &k, v)),
                Undo::Tombstone(k, v) => drop(put(&mut self.graveyard, &k, v)),
                Undo::UnknownEffects(v) => self.unknown_effects = v,
            }
        }
    }

    // Every change goes through these, so the journal sees it.

    fn put_table(&mut self, key: &QualifiedName, value: Option<Arc<Table>>) -> Option<Arc<Table>> {
        let old = put(&mut self.tables, key, value);
        self.journal
            .record(|| Undo::Table(key.clone(), old.clone()));
        old
    }

    pub(crate) fn put_enum(
        &mut self,
        key: &QualifiedName,
        value: Option<Arc<EnumType>>,
    ) -> Option<Arc<EnumType>> {
        let old = put(&mut self.enums, key, value);
        self.journal.record(|| Undo::Enum(key.clone(), old.clone()));
        old
    }

    pub(crate) fn put_index_name(&mut self, key: &QualifiedName, table: Option<QualifiedName>) {
        let old = put(&mut self.index_names, key, table);
        self.journal.record(|| Undo::IndexName(key.clone(), old));
    }

    fn put_tombstone(&mut self, key: &ObjectKey, value: Option<Tombstone>) {
        let removing = value.is_none();
        let old = put(&mut self.graveyard, key, value);
        // Unburying what is not buried, on every create, changes nothing.
        if !(removing && old.is_none()) {
            self.journal.record(|| Undo::Tombstone(key.clone(), old));
        }
    }

    fn change_references(
        &mut self,
        target: &QualifiedName,
        f: impl FnOnce(&mut OrdSet<(QualifiedName, String)>),
    ) {
        let mut set = self.referenced_by.get(target).cloned().unwrap_or_default();
        f(&mut set);
        let value = if set.is_empty() { None } else { Some(set) };
        let old = put(&mut self.referenced_by, target, value);
        self.journal
            .record(|| Undo::ReferencedBy(target.clone(), old));
    }

    /// Every table, ordered by schema then name (the default schema first).
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.tables.values().map(|t| &**t)
    }

    pub fn table(&self, name: &QualifiedName) -> Option<&Table> {
        self.tables.get(name).map(|t| &**t)
    }

    pub fn column(&self, table: &QualifiedName, column: &str) -> Option<&Column> {
        self.table(table)?.column(column)
    }

    /// A table's indexes in creation order (empty for an unknown table).
    pub fn indexes_of(&self, table: &QualifiedName) -> &[Arc<Index>] {
        self.table(table).map_or(&[], |t| t.indexes.as_slice())
    }

    /// A table's constraints in creation order (empty for an unknown table).
    pub fn constraints_of(&self, table: &QualifiedName) -> &[Arc<Constraint>] {
        self.table(table).map_or(&[], |t| t.constraints.as_slice())
    }

    /// An index by its schema-qualified name, with its table: what `drop
    /// index N` without `on T` needs.
    pub fn index(&self, name: &QualifiedName) -> Option<(&Table, &Index)> {
        let table = self.table(self.index_names.get(name)?)?;
        Some((table, table.index(&name.name)?))
    }

    pub fn constraint(&self, table: &QualifiedName, name: &str) -> Option<&Constraint> {
        self.table(table)?.constraint(name)
    }

    /// Every enum, ordered by schema then name.
    pub fn enums(&self) -> impl Iterator<Item = &EnumType> {
        self.enums.values().map(|e| &**e)
    }

    pub fn enum_type(&self, name: &QualifiedName) -> Option<&EnumType> {
        self.enums.get(name).map(|e| &**e)
    }

    /// The schemas holding at least one table or enum, sorted (`None`, the
    /// default schema, first).
    pub fn schemas(&self) -> Vec<Option<Arc<str>>> {
        let mut out: Vec<Option<Arc<str>>> = self
            .tables
            .keys()
            .chain(self.enums.keys())
            .map(|k| k.schema.clone())
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Whether the object exists.
    pub fn contains(&self, key: &ObjectKey) -> bool {
        self.origin(key).is_some()
    }

    /// Where the object was created, when it exists.
    pub fn origin(&self, key: &ObjectKey) -> Option<Origin> {
        match key {
            ObjectKey::Enum(n) => self.enum_type(n).map(|e| e.created),
            ObjectKey::Table(n) => self.table(n).map(|t| t.created),
            ObjectKey::Column(t, c) => self.column(t, c).map(|c| c.created),
            ObjectKey::Index(n) => self.index(n).map(|(_, i)| i.created),
            ObjectKey::Constraint(t, c) => self.constraint(t, c).map(|c| c.created),
        }
    }

    /// The operation that dropped or renamed an object that is gone.
    pub fn tombstone(&self, key: &ObjectKey) -> Option<&Tombstone> {
        self.graveyard.get(key)
    }

    /// The first raw `sql` operation (in history order) whose effects migc
    /// cannot model: from there on, the catalog may miss objects or hold
    /// objects that are gone. Lints should stay quiet about "missing"
    /// things when this is set.
    pub fn unknown_effects(&self) -> Option<Origin> {
        self.unknown_effects
    }

    /// Columns (table, column) whose type is the enum or an array of it.
    pub fn columns_using_enum(&self, name: &QualifiedName) -> Vec<(&Table, &Column)> {
        self.tables()
            .flat_map(|t| t.columns.iter().map(move |c| (t, &**c)))
            .filter(|(_, c)| uses_enum(&c.ty, name))
            .collect()
    }

    /// Foreign keys (table, constraint) that point at `table`, in key
    /// order. O(log n + k) through an index, not a scan.
    pub fn references_to(&self, table: &QualifiedName) -> Vec<(&Table, &Constraint)> {
        let Some(set) = self.referenced_by.get(table) else {
            return Vec::new();
        };
        set.iter()
            .filter_map(|(t, c)| {
                let t = self.table(t)?;
                Some((t, t.constraint(c)?))
            })
            .collect()
    }

    /// Adds or replaces a table, keeping the index-name and foreign-key
    /// indexes in step.
    /// Puts a table in, replacing the one of the same name. The name and
    /// foreign-key indexes are updated only where the table's indexes and
    /// keys changed: every update of a persistent map copies a path of
    /// nodes, and most changes (a column, a comment) touch neither.
    pub(crate) fn insert_table(&mut self, table: Table) {
        let old = self.tables.get(&table.name).cloned();
        let has_index = |t: &Table, name: &str| t.indexes.iter().any(|i| i.name == name);
        if let Some(old) = &old {
            for index in &old.indexes {
                if !has_index(&table, &index.name) {
                    self.put_index_name(&old.index_key(&index.name), None);
                }
            }
            for (target, c) in foreign_keys(old) {
                if !foreign_keys(&table).any(|(t, n)| t == target && n == c) {
                    self.unreference(target, &old.name, c);
                }
            }
        }
        for index in &table.indexes {
            if old.as_ref().is_none_or(|o| !has_index(o, &index.name)) {
                self.put_index_name(&table.index_key(&index.name), Some(table.name.clone()));
            }
        }
        for (target, name) in foreign_keys(&table) {
            let known = old
                .as_ref()
                .is_some_and(|o| foreign_keys(o).any(|(t, n)| t == target && n == name));
            if !known {
                let entry = (table.name.clone(), name.to_owned());
                self.change_references(target, |set| drop(set.insert(entry)));
            }
        }
        self.put_tombstone(&ObjectKey::Table(table.name.clone()), None);
        let name = table.name.clone();
        self.put_table(&name, Some(Arc::new(table)));
    }

    fn unreference(&mut self, target: &QualifiedName, table: &QualifiedName, constraint: &str) {
        if self.referenced_by.contains_key(target) {
            let entry = (table.clone(), constraint.to_owned());
            self.change_references(target, |set| drop(set.remove(&entry)));
        }
    }

    pub(crate) fn remove_table(&mut self, name: &QualifiedName) -> Option<Table> {
        let table = self.put_table(name, None)?;
        for index in &table.indexes {
            self.put_index_name(&table.index_key(&index.name), None);
        }
        for (target, c) in foreign_keys(&table) {
            self.unreference(target, &table.name, c);
        }
        Some(Arc::unwrap_or_clone(table))
    }

    /// Records raw SQL migc cannot model, unless some came earlier.
    pub(crate) fn note_unknown_effects(&mut self, origin: Origin) {
        if self.unknown_effects.is_none() {
            self.journal.record(|| Undo::UnknownEffects(None));
            self.unknown_effects = Some(origin);
        }
    }

    pub(crate) fn bury(&mut self, key: ObjectKey, origin: Origin, renamed_to: Option<String>) {
        self.put_tombstone(&key, Some(Tombstone { origin, renamed_to }));
    }

    pub(crate) fn unbury(&mut self, key: &ObjectKey) {
        self.put_tombstone(key, None);
    }
}

/// (referenced table, constraint name) of each foreign key of `table`.
fn foreign_keys(table: &Table) -> impl Iterator<Item = (&QualifiedName, &str)> {
    table.constraints.iter().filter_map(|c| match &c.kind {
        ConstraintDef::ForeignKey { table: target, .. } => Some((target, c.name.as_str())),
        _ => None,
    })
}

/// Whether a type is the enum or an array of it.
pub fn uses_enum(ty: &DataType, name: &QualifiedName) -> bool {
    match ty {
        DataType::Enum(n) => &QualifiedName::of(n) == name,
        DataType::Array(inner) => uses_enum(inner, name),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(name: &str) -> Table {
        let origin = Origin {
            revision: 0,
            span: Span::default(),
        };
        Table {
            name: QualifiedName::new(None, name),
            columns: Vec::new(),
            constraints: Vec::new(),
            indexes: Vec::new(),
            comment: None,
            created: origin,
            changed: origin,
        }
    }

    /// A clone shares every table; changing one table in the clone copies
    /// that table only and leaves the original catalog as it was.
    #[test]
    fn clones_share_tables_until_one_changes() {
        let mut a = Catalog::new();
        for n in ["a", "b", "c"] {
            a.insert_table(table(n));
        }
        let mut b = a.clone();
        let key = |n: &str| QualifiedName::new(None, n);
        let mut changed = table("b");
        changed.comment = Some("new".into());
        b.insert_table(changed);
        let shared = |n: &str| Arc::ptr_eq(&a.tables[&key(n)], &b.tables[&key(n)]);
        assert!(shared("a") && shared("c") && !shared("b"));
        assert_eq!(a.table(&key("b")).and_then(|t| t.comment.clone()), None);
        assert_eq!(
            b.table(&key("b")).and_then(|t| t.comment.as_deref()),
            Some("new")
        );
    }
}
