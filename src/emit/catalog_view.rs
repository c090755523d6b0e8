//! The catalog as a [`SchemaView`]: what the emitters see of the schema
//! just before a statement.
//!
//! The implementation lives on the emitter side so the dependency points
//! one way (emit reads the catalog; the catalog knows nothing of SQL
//! text). Objects are turned back into IR with `catalog::to_ir`, the same
//! conversion derived downgrades and `migc schema` use, so a rebuilt table
//! is the table the migrations described.

use super::schema::{ColumnInfo, SchemaView, TableDefinition};
use crate::catalog::{Catalog, ConstraintDef, QualifiedName, Table, to_ir};
use crate::ir::{ConstraintKind, CreateIndex, ObjectName, Op, TableBody};
use crate::source::Span;

impl SchemaView for Catalog {
    fn column(&self, table: &ObjectName, column: &str) -> Option<ColumnInfo> {
        let c = Catalog::column(self, &QualifiedName::of(table), column)?;
        Some(ColumnInfo {
            definition: to_ir::column_def(c, table.span),
        })
    }

    fn table_of_index(&self, index: &ObjectName) -> Option<ObjectName> {
        let (table, _) = self.index(&QualifiedName::of(index))?;
        Some(to_ir::object_name(&table.name, index.span))
    }

    fn enum_values(&self, name: &ObjectName) -> Option<Vec<String>> {
        Some(self.enum_type(&QualifiedName::of(name))?.values.clone())
    }

    fn table_definition(&self, table: &ObjectName) -> Option<TableDefinition> {
        let t = self.table(&QualifiedName::of(table))?;
        Some(definition(t, table.span))
    }

    fn constraint_kind(&self, table: &ObjectName, name: &str) -> Option<ConstraintKind> {
        let c = self.constraint(&QualifiedName::of(table), name)?;
        Some(to_ir::constraint(c, table.span, false).kind)
    }

    fn enum_columns(&self, name: &ObjectName) -> Option<Vec<(ObjectName, String)>> {
        self.enum_type(&QualifiedName::of(name))?;
        Some(
            self.columns_using_enum(&QualifiedName::of(name))
                .into_iter()
                .map(|(t, c)| (to_ir::object_name(&t.name, name.span), c.name.clone()))
                .collect(),
        )
    }

    fn foreign_keys_covered_only_by(&self, index: &ObjectName) -> Vec<(String, Vec<String>)> {
        let Some((table, ix)) = self.index(&QualifiedName::of(index)) else {
            return Vec::new();
        };
        let leading: Vec<&str> = ix.columns().collect();
        table
            .constraints
            .iter()
            .filter_map(|c| match &c.kind {
                ConstraintDef::ForeignKey { columns, .. } => Some((c, columns)),
                _ => None,
            })
            .filter(|(_, columns)| starts_with(&leading, columns))
            .filter(|(_, columns)| !covered_elsewhere(table, &ix.name, columns))
            .map(|(c, columns)| (c.name.clone(), columns.clone()))
            .collect()
    }

    fn foreign_keys_covered_only_by_key(
        &self,
        table: &ObjectName,
        name: &str,
    ) -> Vec<(String, Vec<String>)> {
        let Some(table) = Catalog::table(self, &QualifiedName::of(table)) else {
            return Vec::new();
        };
        let key = table.constraints.iter().find_map(|c| match &c.kind {
            ConstraintDef::PrimaryKey { columns } | ConstraintDef::Unique { columns }
                if c.name == name =>
            {
                Some(columns)
            }
            _ => None,
        });
        let Some(key) = key else {
            return Vec::new();
        };
        let leading: Vec<&str> = key.iter().map(String::as_str).collect();
        table
            .constraints
            .iter()
            .filter_map(|c| match &c.kind {
                ConstraintDef::ForeignKey { columns, .. } => Some((c, columns)),
                _ => None,
            })
            .filter(|(_, columns)| starts_with(&leading, columns))
            .filter(|(_, columns)| !covered_elsewhere(table, name, columns))
            .map(|(c, columns)| (c.name.clone(), columns.clone()))
            .collect()
    }
}

/// Whether `key` (an index's leading columns) begins with `columns`, in
/// any order of the first `columns.len()` entries: InnoDB accepts an
/// index whose first columns are the foreign key's columns.
fn starts_with(key: &[&str], columns: &[String]) -> bool {
    key.len() >= columns.len()
        && columns
            .iter()
            .all(|c| key[..columns.len()].contains(&c.as_str()))
}

/// Whether an index, primary key or unique constraint (each an index on
/// MySQL) other than the one named `except` can back a foreign key on
/// `columns`.
fn covered_elsewhere(table: &Table, except: &str, columns: &[String]) -> bool {
    let by_index = table
        .indexes
        .iter()
        .filter(|i| i.name != except)
        .any(|i| starts_with(&i.columns().collect::<Vec<_>>(), columns));
    let by_key = table.constraints.iter().any(|c| match &c.kind {
        ConstraintDef::PrimaryKey { columns: key } | ConstraintDef::Unique { columns: key }
            if c.name != except =>
        {
            starts_with(&key.iter().map(String::as_str).collect::<Vec<_>>(), columns)
        }
        _ => false,
    });
    by_index || by_key
}

/// A table as `create table` would write it, with its indexes. Constraint
/// names the migration did not choose are left out (the engine names them
/// again, as it did the first time); `not valid` is dropped, since the
/// rebuild copies the rows through the constraint anyway.
pub fn definition(t: &Table, span: Span) -> TableDefinition {
    let constraints = t
        .constraints
        .iter()
        .map(|c| {
            let mut c = to_ir::constraint(c, span, false);
            c.not_valid = None;
            c
        })
        .collect();
    let indexes = t
        .indexes
        .iter()
        .filter_map(|i| match to_ir::create_index(t, i, false, span) {
            Op::CreateIndex(ci) => Some(*ci),
            _ => None,
        })
        .collect::<Vec<CreateIndex>>();
    TableDefinition {
        name: to_ir::object_name(&t.name, span),
        body: TableBody {
            columns: t
                .columns
                .iter()
                .map(|c| to_ir::column_def(c, span))
                .collect(),
            constraints,
            span,
        },
        indexes,
    }
}
