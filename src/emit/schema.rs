//! What the emitters need to know about the schema before a statement.
//!
//! Some SQL cannot be written from the statement alone:
//!
//! | operation | dialect | needs |
//! |---|---|---|
//! | `alter column … set/drop not null`, `type`, `comment` | MySQL | the whole column (`MODIFY`) |
//! | `comment on column` | MySQL | the whole column (`MODIFY`) |
//! | `drop index n` without `on t` | MySQL | the index's table (`DROP INDEX n ON t`) |
//! | `drop constraint` | MySQL | the constraint's kind (`DROP FOREIGN KEY`, `DROP CHECK`, …) |
//! | a column of type `enum E` | MySQL, SQLite | the enum's values (`ENUM('a', 'b')`, `VARCHAR(n)`) |
//! | `alter enum add value` | MySQL | the columns using the enum |
//! | `alter column` (not null, default, type) | SQLite | the table (move-and-copy rebuild) |
//! | `add constraint`, `drop constraint` | SQLite | the table (rebuild) |
//! | `drop column` of a constrained column | SQLite | the table (rebuild) |
//!
//! | `drop index` of the only index backing a foreign key | MySQL | the table's keys (InnoDB refuses, ERROR 1553) |
//! | `create index` over a `text` column | MySQL | the column's type (a prefix length is needed) |
//!
//! The emitters ask a [`SchemaView`]. The catalog implements it
//! (`catalog_view.rs`), and `script` hands the emitter the catalog as it
//! is just before each statement. [`NoSchema`] knows nothing: with it,
//! those operations are `needs-catalog` errors (a caller without a
//! replayed project, such as a unit test of one statement).

use crate::ir::{ColumnDef, ConstraintKind, CreateIndex, ObjectName, TableBody};
use std::cell::Cell;

/// A column as the schema holds it.
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnInfo {
    pub definition: ColumnDef,
}

/// A table as the schema holds it, enough to recreate it.
#[derive(Clone, Debug, PartialEq)]
pub struct TableDefinition {
    pub name: ObjectName,
    pub body: TableBody,
    /// Indexes on the table, recreated after a rebuild.
    pub indexes: Vec<CreateIndex>,
}

/// The schema just before the statement being emitted.
pub trait SchemaView {
    /// A column of a table.
    fn column(&self, table: &ObjectName, column: &str) -> Option<ColumnInfo>;

    /// The table an index belongs to.
    fn table_of_index(&self, index: &ObjectName) -> Option<ObjectName>;

    /// The values of an enum, in order.
    fn enum_values(&self, name: &ObjectName) -> Option<Vec<String>>;

    /// The whole definition of a table.
    fn table_definition(&self, table: &ObjectName) -> Option<TableDefinition>;

    /// The kind of a named constraint of a table.
    fn constraint_kind(&self, table: &ObjectName, name: &str) -> Option<ConstraintKind>;

    /// Columns (as `table`, `column`) whose type is the enum.
    fn enum_columns(&self, name: &ObjectName) -> Option<Vec<(ObjectName, String)>>;

    /// Foreign keys (name, columns) of the index's table that no other index or key of the table could back
    /// once this index is gone. InnoDB adopts such an index for the
    /// foreign key and refuses to drop it (ERROR 1553). Empty when unknown.
    fn foreign_keys_covered_only_by(&self, index: &ObjectName) -> Vec<(String, Vec<String>)>;

    /// The same for a primary key or unique constraint of `table` named
    /// `name`, which MySQL keeps as an index.
    fn foreign_keys_covered_only_by_key(
        &self,
        table: &ObjectName,
        name: &str,
    ) -> Vec<(String, Vec<String>)>;
}

/// Knows nothing: for emitting a statement without a replayed schema.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoSchema;

impl SchemaView for NoSchema {
    fn column(&self, _: &ObjectName, _: &str) -> Option<ColumnInfo> {
        None
    }

    fn table_of_index(&self, _: &ObjectName) -> Option<ObjectName> {
        None
    }

    fn enum_values(&self, _: &ObjectName) -> Option<Vec<String>> {
        None
    }

    fn table_definition(&self, _: &ObjectName) -> Option<TableDefinition> {
        None
    }

    fn constraint_kind(&self, _: &ObjectName, _: &str) -> Option<ConstraintKind> {
        None
    }

    fn enum_columns(&self, _: &ObjectName) -> Option<Vec<(ObjectName, String)>> {
        None
    }

    fn foreign_keys_covered_only_by(&self, _: &ObjectName) -> Vec<(String, Vec<String>)> {
        Vec::new()
    }

    fn foreign_keys_covered_only_by_key(
        &self,
        _: &ObjectName,
        _: &str,
    ) -> Vec<(String, Vec<String>)> {
        Vec::new()
    }
}

/// Knows nothing, like [`NoSchema`], and remembers being asked: a
/// statement emitted against it without a question has SQL that does not
/// depend on the schema, so it can be emitted ahead of the replay. (Every
/// method of [`SchemaView`] is required, so a new question cannot slip
/// past the probe.)
#[derive(Debug, Default)]
pub struct Probe {
    asked: Cell<bool>,
}

impl Probe {
    pub fn was_asked(&self) -> bool {
        self.asked.get()
    }

    fn ask<T>(&self, answer: T) -> T {
        self.asked.set(true);
        answer
    }
}

impl SchemaView for Probe {
    fn column(&self, _: &ObjectName, _: &str) -> Option<ColumnInfo> {
        self.ask(None)
    }

    fn table_of_index(&self, _: &ObjectName) -> Option<ObjectName> {
        self.ask(None)
    }

    fn enum_values(&self, _: &ObjectName) -> Option<Vec<String>> {
        self.ask(None)
    }

    fn table_definition(&self, _: &ObjectName) -> Option<TableDefinition> {
        self.ask(None)
    }

    fn constraint_kind(&self, _: &ObjectName, _: &str) -> Option<ConstraintKind> {
        self.ask(None)
    }

    fn enum_columns(&self, _: &ObjectName) -> Option<Vec<(ObjectName, String)>> {
        self.ask(None)
    }

    fn foreign_keys_covered_only_by(&self, _: &ObjectName) -> Vec<(String, Vec<String>)> {
        self.ask(Vec::new())
    }

    fn foreign_keys_covered_only_by_key(
        &self,
        _: &ObjectName,
        _: &str,
    ) -> Vec<(String, Vec<String>)> {
        self.ask(Vec::new())
    }
}
