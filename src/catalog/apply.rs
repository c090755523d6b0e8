//! The effect of each operation on the catalog, and the semantic errors
//! found on the way (a missing table, a column that already exists, …).
//!
//! An operation changes the catalog in place while its journal records
//! the old values; when it raises an error they are put back: a failed
//! operation leaves the catalog as it was, and replay goes on so that one
//! run reports every problem.

use super::exprs;
use super::model::*;
use crate::diagnostic::Diagnostic;
use crate::ir::{self, ColumnConstraintKind, ConstraintKind, Ident, ObjectName, Op, Stmt};
use crate::source::Span;
use std::sync::Arc;

/// What applying operations produced, accumulated over a block.
#[derive(Debug, Default)]
pub struct Effects {
    pub diagnostics: Vec<Diagnostic>,
    /// Objects created (tables, enums, and columns, indexes and
    /// constraints added to tables that already existed), in order.
    pub created: Vec<ObjectKey>,
    /// Tables and enums created, changed, renamed or dropped, in order:
    /// where to look for differences without scanning the catalog.
    pub touched: Vec<ObjectKey>,
}

/// Applies one statement of revision `revision`. Returns whether it
/// succeeded; on failure the catalog is unchanged and `effects` holds why.
pub fn apply(
    catalog: &mut Catalog,
    stmt: &Stmt,
    in_transaction: bool,
    revision: usize,
    effects: &mut Effects,
) -> bool {
    catalog.begin();
    let mut cx = Cx {
        cat: catalog,
        origin: Origin {
            revision,
            span: stmt.span,
        },
        in_transaction,
        errors: Vec::new(),
        created: Vec::new(),
        touched: Vec::new(),
    };
    cx.op(&stmt.op);
    if cx.errors.is_empty() {
        cx.cat.commit();
        effects.created.append(&mut cx.created);
        for key in cx.touched {
            if !effects.touched.contains(&key) {
                effects.touched.push(key);
            }
        }
        true
    } else {
        cx.cat.roll_back();
        effects.diagnostics.append(&mut cx.errors);
        false
    }
}

/// More columns than any supported engine allows in one table (MySQL's
/// limit; PostgreSQL's is 1,600, SQLite's 2,000 by default). Past it a
/// table takes no more: besides matching the engines, this bounds the
/// work of histories built to be huge, since each column added copies
/// the table's column list.
pub const MAX_COLUMNS: usize = 4096;

struct Cx<'c> {
    cat: &'c mut Catalog,
    origin: Origin,
    in_transaction: bool,
    errors: Vec<Diagnostic>,
    created: Vec<ObjectKey>,
    touched: Vec<ObjectKey>,
}

/// Raw SQL that only changes rows (no schema effect), recognised by its
/// first word: the fallback when the statement was not analysed for the
/// target dialect (a derived reverse, a catalog built without a dialect).
fn is_data_only(sql: &str) -> bool {
    let first = sql
        .trim_start()
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("");
    ["insert", "update", "delete"]
        .iter()
        .any(|w| first.eq_ignore_ascii_case(w))
}

/// Whether raw SQL may change the schema in ways migc cannot see. When the
/// driver analysed it with sqlparser, only statements it could not lower
/// count; otherwise the first word decides.
pub fn has_unknown_effects(sql: &ir::RawSql) -> bool {
    match &sql.analysis {
        Some(analysis) => analysis.has_unknown_effects(),
        None => !is_data_only(&sql.sql.text),
    }
}

impl Cx<'_> {
    fn op(&mut self, op: &Op) {
        match op {
            Op::CreateTable(t) => self.create_table(t),
            Op::DropTable(t) => self.drop_table(t),
            Op::RenameTable(r) => self.rename_table(r),
            Op::AddColumn(a) => self.add_column(a),
            Op::DropColumn(d) => self.drop_column(d),
            Op::RenameColumn(r) => self.rename_column(r),
            Op::AlterColumn(a) => self.alter_column(a),
            Op::CreateIndex(i) => self.create_index(i),
            Op::DropIndex(d) => self.drop_index(d),
            Op::AddConstraint(a) => self.add_constraint(a),
            Op::ValidateConstraint(v) => self.validate_constraint(v),
            Op::DropConstraint(d) => self.drop_constraint(d),
            Op::CreateEnum(e) => self.create_enum(e),
            Op::AddEnumValue(a) => self.add_enum_value(a),
            Op::DropEnum(d) => self.drop_enum(d),
            Op::Backfill(b) => self.backfill(b),
            Op::Insert(i) => self.insert(i),
            Op::Comment(c) => self.comment(c),
            Op::Sql(s) => {
                // Statements lowered from the SQL change the catalog exactly
                // as their DSL twins do.
                for raw in s.analysis.iter().flat_map(|a| &a.statements) {
                    if let ir::RawStatementKind::Op(lowered) = &raw.kind {
                        self.op(&lowered.op);
                    }
                }
                if has_unknown_effects(s) {
                    self.cat.note_unknown_effects(self.origin);
                }
            }
        }
    }

    // ------------------------------------------------------------ reporting

    /// "X does not exist", with where it went and a word about raw SQL.
    fn missing(&mut self, code: &'static str, key: &ObjectKey, span: Span) {
        // After SQL migc cannot model, a missing object may well exist:
        // saying so as an error would be a false hit, so it is a note and
        // the catalog simply stops following that object.
        let mut d = match self.cat.unknown_effects {
            None => Diagnostic::error(code, format!("{key} does not exist")),
            Some(_) => Diagnostic::new(
                code,
                crate::diagnostic::Severity::Info,
                format!("{key} is not known to migc"),
            ),
        }
        .with_primary(span, "not found");
        if let Some(t) = self.cat.tombstone(key) {
            let what = match &t.renamed_to {
                Some(to) => format!("renamed to `{to}` here"),
                None => "dropped here".to_owned(),
            };
            d = d.with_secondary(t.origin.span, what);
        }
        if let Some(raw) = self.cat.unknown_effects {
            d = d
                .with_secondary(raw.span, "raw SQL whose effects migc does not model")
                .with_note("raw SQL ran earlier and may have created it");
        }
        self.errors.push(d);
    }

    fn too_many_columns(&mut self, table: &QualifiedName, span: Span) {
        self.errors.push(
            Diagnostic::error(
                "too-many-columns",
                format!("table `{table}` would have more than {MAX_COLUMNS} columns"),
            )
            .with_primary(span, "one column too many")
            .with_note(
                "no supported engine takes that many: PostgreSQL stops at 1,600, SQLite at \
                 2,000 (by default), MySQL at 4,096",
            ),
        );
    }

    fn exists(&mut self, code: &'static str, key: &ObjectKey, span: Span, created: Origin) {
        self.errors.push(
            Diagnostic::error(code, format!("{key} already exists"))
                .with_primary(span, "already exists")
                .with_secondary(created.span, "created here"),
        );
    }

    /// Foreign keys outside `exempt` that point at `table` and name one of
    /// `columns` (any column when `None`): what the database refuses to
    /// drop from under them without `CASCADE`.
    fn foreign_keys_on(
        &self,
        table: &QualifiedName,
        columns: Option<&[String]>,
        exempt: impl Fn(&Table, &Constraint) -> bool,
    ) -> Vec<(String, Span)> {
        self.cat
            .references_to(table)
            .into_iter()
            .filter(|(t, c)| !exempt(t, c))
            .filter(|(_, c)| match (&c.kind, columns) {
                (ConstraintDef::ForeignKey { referenced, .. }, Some(cols)) => {
                    referenced.iter().any(|r| cols.contains(r))
                }
                _ => true,
            })
            .map(|(t, c)| (format!("`{}` on `{}`", c.name, t.name), c.created.span))
            .collect()
    }

    fn in_use(&mut self, code: &'static str, what: String, span: Span, users: Vec<(String, Span)>) {
        let names: Vec<&str> = users.iter().map(|(n, _)| n.as_str()).collect();
        let mut d = Diagnostic::error(
            code,
            format!("{what} is referenced by foreign key {}", names.join(", ")),
        )
        .with_primary(span, "still referenced")
        .with_help("drop those foreign keys first; migc does not model `CASCADE`");
        for (name, at) in users {
            d = d.with_secondary(at, format!("{name} is created here"));
        }
        self.errors.push(d);
    }

    /// The table, or an `unknown-table` error.
    fn table(&mut self, name: &ObjectName) -> Option<Arc<Table>> {
        let key = QualifiedName::of(name);
        match self.cat.tables.get(&key) {
            Some(t) => Some(t.clone()),
            None => {
                self.missing("unknown-table", &ObjectKey::Table(key), name.name.span);
                None
            }
        }
    }

    fn column_exists(&mut self, table: &Table, column: &Ident, code: &'static str) -> bool {
        if table.column(&column.name).is_some() {
            return true;
        }
        let key = ObjectKey::Column(table.name.clone(), column.name.clone());
        self.missing(code, &key, column.span);
        false
    }

    fn check_type(&mut self, ty: &ir::TypeRef) {
        let mut t = &ty.ty;
        while let ir::DataType::Array(inner) = t {
            t = inner;
        }
        if let ir::DataType::Enum(name) = t {
            let key = QualifiedName::of(name);
            if self.cat.enum_type(&key).is_none() {
                self.missing("unknown-enum", &ObjectKey::Enum(key), name.span);
            }
        }
    }

    /// Changes a table through a copy, which `insert_table` puts back with
    /// its indexes of names and foreign keys brought up to date.
    fn change_table(&mut self, key: &QualifiedName, f: impl FnOnce(&mut Table, Origin)) {
        let origin = self.origin;
        if let Some(t) = self.cat.tables.get(key) {
            let mut t = (**t).clone();
            t.changed = origin;
            f(&mut t, origin);
            self.touch(ObjectKey::Table(key.clone()));
            self.cat.insert_table(t);
        }
    }

    fn touch(&mut self, key: ObjectKey) {
        if !self.touched.contains(&key) {
            self.touched.push(key);
        }
    }

    // --------------------------------------------------------------- tables

    fn new_column(&mut self, def: &ir::ColumnDef) -> Column {
        self.check_type(&def.ty);
        let serial = def.ty.ty.is_serial();
        // Labels point at the column's definition, not its whole statement.
        let origin = Origin {
            span: def.span,
            ..self.origin
        };
        Column {
            name: def.name.name.clone(),
            ty: def.ty.ty.clone(),
            nullable: def.is_nullable() && !serial,
            default: def.default.clone(),
            identity: def.identity.as_ref().map(|i| {
                if i.always {
                    Identity::Always
                } else {
                    Identity::ByDefault
                }
            }),
            comment: def.comment.as_ref().map(|c| c.value.clone()),
            unfilled: None,
            created: origin,
            changed: origin,
        }
    }

    fn create_table(&mut self, t: &ir::CreateTable) {
        let key = QualifiedName::of(&t.name);
        if let Some(existing) = self.cat.table(&key) {
            if !t.if_not_exists {
                let created = existing.created;
                self.exists(
                    "table-exists",
                    &ObjectKey::Table(key),
                    t.name.name.span,
                    created,
                );
            }
            return;
        }
        let mut table = Table {
            name: key.clone(),
            columns: Vec::new(),
            constraints: Vec::new(),
            indexes: Vec::new(),
            comment: None,
            created: self.origin,
            changed: self.origin,
        };
        for def in &t.body.columns {
            if table.columns.len() >= MAX_COLUMNS {
                self.too_many_columns(&key, def.name.span);
                break;
            }
            if table.column(&def.name.name).is_some() {
                let k = ObjectKey::Column(key.clone(), def.name.name.clone());
                self.errors.push(
                    Diagnostic::error("column-exists", format!("{k} is defined twice"))
                        .with_primary(def.name.span, "defined again here"),
                );
                continue;
            }
            let column = self.new_column(def);
            table.columns.push(Arc::new(column));
        }
        let mut pending = Vec::new();
        for def in &t.body.columns {
            pending.extend(column_constraints(def));
        }
        pending.extend(t.body.constraints.iter().cloned());
        self.add_constraints(&mut table, &pending);
        self.cat.unbury(&ObjectKey::Table(key.clone()));
        self.cat.insert_table(table);
        self.touch(ObjectKey::Table(key.clone()));
        self.created.push(ObjectKey::Table(key));
    }

    /// Adds constraints to a table being built or changed: keys first, then
    /// checks, then foreign keys, so that a foreign key can reference a key
    /// declared later in the same statement (a self-reference).
    fn add_constraints(&mut self, table: &mut Table, constraints: &[ir::TableConstraint]) {
        let rank = |c: &ir::TableConstraint| match c.kind {
            ConstraintKind::PrimaryKey { .. } | ConstraintKind::Unique { .. } => 0,
            ConstraintKind::Check { .. } => 1,
            ConstraintKind::ForeignKey { .. } => 2,
        };
        let mut ordered: Vec<&ir::TableConstraint> = constraints.iter().collect();
        ordered.sort_by_key(|c| rank(c));
        for c in ordered {
            if let Some(built) = self.constraint(table, c) {
                if let ConstraintDef::PrimaryKey { columns } = &built.kind {
                    for name in columns {
                        if let Some(col) = table.column_mut(name) {
                            col.nullable = false;
                        }
                    }
                }
                table.constraints.push(Arc::new(built));
            }
        }
    }

    /// Builds and checks one constraint for `table`; `None` after an error.
    fn constraint(&mut self, table: &Table, c: &ir::TableConstraint) -> Option<Constraint> {
        let errors = self.errors.len();
        let name_span = c.name.as_ref().map_or(c.span, |n| n.span);
        let name = match &c.name {
            Some(n) => n.name.clone(),
            None => default_constraint_name(table, &c.kind),
        };
        if let Some(existing) = table.constraint(&name) {
            let created = existing.created;
            let key = ObjectKey::Constraint(table.name.clone(), name.clone());
            self.exists("constraint-exists", &key, name_span, created);
            return None;
        }
        for column in kind_columns(&c.kind) {
            self.column_exists(table, column, "unknown-column");
        }
        let kind = match &c.kind {
            ConstraintKind::PrimaryKey { columns } => {
                if let Some(pk) = table.primary_key() {
                    self.errors.push(
                        Diagnostic::error(
                            "primary-key-exists",
                            format!("table `{}` already has a primary key", table.name),
                        )
                        .with_primary(c.span, "a second primary key")
                        .with_secondary(pk.created.span, "the primary key is created here"),
                    );
                }
                ConstraintDef::PrimaryKey {
                    columns: names(columns),
                }
            }
            ConstraintKind::Unique { columns } => ConstraintDef::Unique {
                columns: names(columns),
            },
            ConstraintKind::Check { expr } => ConstraintDef::Check { expr: expr.clone() },
            ConstraintKind::ForeignKey { columns, target } => {
                let referenced = self.foreign_key_target(table, columns, target)?;
                ConstraintDef::ForeignKey {
                    columns: names(columns),
                    table: QualifiedName::of(&target.table),
                    referenced,
                    on_delete: target.on_delete.as_ref().map(|a| a.value),
                    on_update: target.on_update.as_ref().map(|a| a.value),
                }
            }
        };
        if self.errors.len() > errors {
            return None;
        }
        // Labels point at the constraint itself, not its whole statement.
        let origin = Origin {
            span: c.span,
            ..self.origin
        };
        Some(Constraint {
            name,
            named: c.name.is_some(),
            kind,
            valid: c.not_valid.is_none(),
            created: origin,
            changed: origin,
        })
    }

    /// Checks what a foreign key points at and returns the referenced
    /// columns (the target's primary key when the list is unsaid).
    fn foreign_key_target(
        &mut self,
        table: &Table,
        columns: &[Ident],
        target: &ir::ForeignKeyTarget,
    ) -> Option<Vec<String>> {
        let key = QualifiedName::of(&target.table);
        let other;
        let referenced: &Table = if key == table.name {
            table
        } else if let Some(t) = self.cat.tables.get(&key) {
            other = t.clone();
            &other
        } else {
            let mut d = Diagnostic::error(
                "foreign-key-target",
                format!("foreign key references table `{key}`, which does not exist"),
            )
            .with_primary(target.table.name.span, "no such table");
            if let Some(t) = self.cat.tombstone(&ObjectKey::Table(key)) {
                d = d.with_secondary(t.origin.span, "dropped here");
            }
            self.errors.push(d);
            return None;
        };
        let target_columns: Vec<String> = if target.columns.is_empty() {
            match referenced.primary_key() {
                Some(pk) => pk.kind.columns().to_vec(),
                None => {
                    self.errors.push(
                        Diagnostic::error(
                            "foreign-key-target",
                            format!(
                                "foreign key references table `{key}`, which has no primary key"
                            ),
                        )
                        .with_primary(target.table.span, "no primary key to reference")
                        .with_secondary(referenced.created.span, "table created here")
                        .with_help("name the referenced columns: `references t (col)`"),
                    );
                    return None;
                }
            }
        } else {
            let mut ok = true;
            for c in &target.columns {
                if referenced.column(&c.name).is_none() {
                    ok = false;
                    self.errors.push(
                        Diagnostic::error(
                            "foreign-key-target",
                            format!(
                                "foreign key references column `{key}.{}`, which does not exist",
                                c.name
                            ),
                        )
                        .with_primary(c.span, "no such column")
                        .with_secondary(referenced.created.span, "table created here"),
                    );
                }
            }
            if !ok {
                return None;
            }
            names(&target.columns)
        };
        if target_columns.len() != columns.len() {
            self.errors.push(
                Diagnostic::error(
                    "foreign-key-target",
                    format!(
                        "foreign key has {} column(s) but references {} column(s) of `{key}`",
                        columns.len(),
                        target_columns.len()
                    ),
                )
                .with_primary(target.table.span, "column counts differ"),
            );
            return None;
        }
        if !has_unique_key(referenced, &target_columns) {
            self.errors.push(
                Diagnostic::error(
                    "foreign-key-target",
                    format!(
                        "no primary key or unique constraint of `{key}` covers exactly ({})",
                        target_columns.join(", ")
                    ),
                )
                .with_primary(target.table.span, "referenced columns are not a key")
                .with_note("the database refuses a foreign key to columns that are not unique"),
            );
            return None;
        }
        Some(target_columns)
    }

    fn drop_table(&mut self, d: &ir::DropTable) {
        let key = QualifiedName::of(&d.name);
        if self.cat.table(&key).is_none() {
            if !d.if_exists {
                self.missing("unknown-table", &ObjectKey::Table(key), d.name.name.span);
            }
            return;
        }
        let users = self.foreign_keys_on(&key, None, |t, _| t.name == key);
        if !users.is_empty() {
            self.in_use(
                "table-in-use",
                format!("table `{key}`"),
                d.name.name.span,
                users,
            );
            return;
        }
        self.cat.remove_table(&key);
        self.touch(ObjectKey::Table(key.clone()));
        self.cat.bury(ObjectKey::Table(key), self.origin, None);
    }

    fn rename_table(&mut self, r: &ir::RenameTable) {
        let Some(old) = self.table(&r.from) else {
            return;
        };
        let new_key = old.name.sibling(&r.to.name);
        if let Some(existing) = self.cat.table(&new_key) {
            let created = existing.created;
            self.exists(
                "table-exists",
                &ObjectKey::Table(new_key),
                r.to.span,
                created,
            );
            return;
        }
        let old_key = old.name.clone();
        let Some(mut table) = self.cat.remove_table(&old_key) else {
            return;
        };
        table.name = new_key.clone();
        table.changed = self.origin;
        self.cat.insert_table(table);
        self.touch(ObjectKey::Table(old_key.clone()));
        self.touch(ObjectKey::Table(new_key.clone()));
        // Foreign keys follow the table, as the database tracks them by
        // identity rather than by name.
        let referencing: Vec<QualifiedName> = self
            .cat
            .references_to(&old_key)
            .iter()
            .map(|(t, _)| t.name.clone())
            .collect();
        for t in referencing {
            self.change_table(&t, |t, origin| {
                for c in &mut t.constraints {
                    if let ConstraintDef::ForeignKey { table, .. } = &c.kind
                        && *table == old_key
                    {
                        let c = Arc::make_mut(c);
                        if let ConstraintDef::ForeignKey { table, .. } = &mut c.kind {
                            *table = new_key.clone();
                        }
                        c.changed = origin;
                    }
                }
            });
        }
        self.cat.unbury(&ObjectKey::Table(new_key));
        self.cat.bury(
            ObjectKey::Table(old_key),
            self.origin,
            Some(r.to.name.clone()),
        );
    }

    // -------------------------------------------------------------- columns

    fn add_column(&mut self, a: &ir::AddColumn) {
        let Some(table) = self.table(&a.table) else {
            return;
        };
        if let Some(existing) = table.column(&a.column.name.name) {
            if !a.if_not_exists {
                let key = ObjectKey::Column(table.name.clone(), a.column.name.name.clone());
                let created = existing.created;
                self.exists("column-exists", &key, a.column.name.span, created);
            }
            return;
        }
        if table.columns.len() >= MAX_COLUMNS {
            self.too_many_columns(&table.name, a.column.name.span);
            return;
        }
        let mut column = self.new_column(&a.column);
        // Rows of a table an earlier revision created may exist; a table
        // created by this revision is empty (the rules treat it as new).
        let has_value = column
            .default
            .as_ref()
            .is_some_and(|d| d.kind != ir::ExprKind::Null)
            || column.identity.is_some()
            || a.column.ty.ty.is_serial();
        if column.nullable && !has_value && table.created.revision != self.origin.revision {
            column.unfilled = Some(column.created);
        }
        let mut draft = (*table).clone();
        draft.columns.push(Arc::new(column));
        self.add_constraints(&mut draft, &column_constraints(&a.column));
        draft.changed = self.origin;
        let key = ObjectKey::Column(draft.name.clone(), a.column.name.name.clone());
        self.cat.unbury(&key);
        self.touch(ObjectKey::Table(draft.name.clone()));
        self.cat.insert_table(draft);
        self.created.push(key);
    }

    fn drop_column(&mut self, d: &ir::DropColumn) {
        let Some(table) = self.table(&d.column.table) else {
            return;
        };
        let name = d.column.column.name.clone();
        if table.column(&name).is_none() {
            if !d.if_exists {
                self.column_exists(&table, &d.column.column, "unknown-column");
            }
            return;
        }
        let users = self.foreign_keys_on(&table.name, Some(std::slice::from_ref(&name)), |t, c| {
            t.name == table.name && constraint_uses(&c.kind, &name)
        });
        if !users.is_empty() {
            let what = format!("column `{}.{name}`", table.name);
            self.in_use("column-in-use", what, d.column.column.span, users);
            return;
        }
        // The database drops the indexes and constraints that use the
        // column along with it.
        let mut draft = (*table).clone();
        draft.columns.retain(|c| c.name != name);
        let (gone, kept): (Vec<Arc<Index>>, Vec<Arc<Index>>) = std::mem::take(&mut draft.indexes)
            .into_iter()
            .partition(|i| index_uses(i, &name));
        draft.indexes = kept;
        draft
            .constraints
            .retain(|c| !constraint_uses(&c.kind, &name));
        draft.changed = self.origin;
        for i in &gone {
            self.cat.put_index_name(&draft.index_key(&i.name), None);
        }
        let key = ObjectKey::Column(draft.name.clone(), name);
        self.touch(ObjectKey::Table(draft.name.clone()));
        self.cat.insert_table(draft);
        self.cat.bury(key, self.origin, None);
    }

    fn rename_column(&mut self, r: &ir::RenameColumn) {
        let Some(table) = self.table(&r.column.table) else {
            return;
        };
        if !self.column_exists(&table, &r.column.column, "unknown-column") {
            return;
        }
        let (from, to) = (r.column.column.name.clone(), r.to.name.clone());
        if let Some(existing) = table.column(&to) {
            let key = ObjectKey::Column(table.name.clone(), to);
            let created = existing.created;
            self.exists("column-exists", &key, r.to.span, created);
            return;
        }
        let key = table.name.clone();
        self.change_table(&key, |t, origin| {
            if let Some(c) = t.column_mut(&from) {
                c.name = to.clone();
                c.changed = origin;
            }
            // Every object that names the column changes with it, so that
            // a merge sees which side holds the newer version.
            for i in &mut t.indexes {
                if index_uses(i, &from) {
                    let i = Arc::make_mut(i);
                    rename_in_index(i, &from, &to);
                    i.changed = origin;
                }
            }
            for c in &mut t.constraints {
                if constraint_uses(&c.kind, &from) {
                    let c = Arc::make_mut(c);
                    rename_in_constraint(&mut c.kind, &from, &to);
                    c.changed = origin;
                }
            }
        });
        let referencing: Vec<QualifiedName> = self
            .cat
            .references_to(&key)
            .iter()
            .map(|(t, _)| t.name.clone())
            .collect();
        for t in referencing {
            self.change_table(&t, |t, origin| {
                for c in &mut t.constraints {
                    if let ConstraintDef::ForeignKey {
                        table, referenced, ..
                    } = &c.kind
                        && *table == key
                        && referenced.contains(&from)
                    {
                        let c = Arc::make_mut(c);
                        if let ConstraintDef::ForeignKey { referenced, .. } = &mut c.kind {
                            for col in referenced.iter_mut().filter(|c| **c == from) {
                                col.clone_from(&to);
                            }
                        }
                        c.changed = origin;
                    }
                }
            });
        }
        self.cat.bury(
            ObjectKey::Column(key.clone(), from),
            self.origin,
            Some(to.clone()),
        );
        self.cat.unbury(&ObjectKey::Column(key, to));
    }

    fn alter_column(&mut self, a: &ir::AlterColumn) {
        let Some(table) = self.table(&a.column.table) else {
            return;
        };
        if !self.column_exists(&table, &a.column.column, "unknown-column") {
            return;
        }
        if let ir::AlterColumnAction::SetType { ty, .. } = &a.action {
            self.check_type(ty);
            if !self.errors.is_empty() {
                return;
            }
        }
        let name = a.column.column.name.clone();
        // PostgreSQL and MySQL refuse it ("column is in a primary key").
        if matches!(a.action, ir::AlterColumnAction::DropNotNull)
            && let Some(pk) = table.primary_key()
            && pk.kind.columns().contains(&name)
        {
            self.errors.push(
                Diagnostic::error(
                    "column-in-primary-key",
                    format!(
                        "column `{}.{name}` is in the primary key and cannot take NULL",
                        table.name
                    ),
                )
                .with_primary(a.column.column.span, "in the primary key")
                .with_secondary(pk.created.span, "the primary key is created here")
                .with_help("drop the primary key first, or keep the column NOT NULL"),
            );
            return;
        }
        self.change_table(&table.name, |t, origin| {
            let Some(c) = t.column_mut(&name) else {
                return;
            };
            c.changed = origin;
            match &a.action {
                ir::AlterColumnAction::SetNotNull => {
                    c.nullable = false;
                    c.unfilled = None;
                }
                ir::AlterColumnAction::DropNotNull => c.nullable = true,
                ir::AlterColumnAction::SetDefault(e) => c.default = Some(e.clone()),
                ir::AlterColumnAction::DropDefault => c.default = None,
                ir::AlterColumnAction::SetType { ty, .. } => c.ty = ty.ty.clone(),
                ir::AlterColumnAction::SetComment(text) => {
                    c.comment = text.as_ref().map(|t| t.value.clone());
                }
            }
        });
    }

    // -------------------------------------------------------------- indexes

    fn create_index(&mut self, i: &ir::CreateIndex) {
        let Some(table) = self.table(&i.table) else {
            return;
        };
        let key = table.index_key(&i.name.name);
        if let Some((_, existing)) = self.cat.index(&key) {
            if !i.if_not_exists {
                let created = existing.created;
                self.exists("index-exists", &ObjectKey::Index(key), i.name.span, created);
            }
            return;
        }
        let columns = i.elements.iter().filter_map(|e| match &e.kind {
            ir::IndexElementKind::Column(c) => Some(c),
            ir::IndexElementKind::Expr(_) => None,
        });
        for c in columns.chain(&i.include) {
            self.column_exists(&table, c, "index-column");
        }
        if !self.errors.is_empty() {
            return;
        }
        let index = Index {
            name: i.name.name.clone(),
            unique: i.unique,
            method: i.using.as_ref().map(|u| u.name.clone()),
            elements: i.elements.clone(),
            include: names(&i.include),
            where_clause: i.where_clause.clone(),
            concurrently: i.concurrently.is_some() && !self.in_transaction,
            created: self.origin,
            changed: self.origin,
        };
        let table_key = table.name.clone();
        self.change_table(&table_key, |t, _| t.indexes.push(Arc::new(index)));
        self.cat.put_index_name(&key, Some(table_key));
        self.cat.unbury(&ObjectKey::Index(key.clone()));
        self.created.push(ObjectKey::Index(key));
    }

    fn drop_index(&mut self, d: &ir::DropIndex) {
        // `drop index n on t` looks in t's schema when n is unqualified.
        let schema = d
            .name
            .schema
            .as_ref()
            .or(d.table.as_ref().and_then(|t| t.schema.as_ref()))
            .map(|s| s.name.as_str());
        let key = QualifiedName::new(schema, &d.name.name.name);
        let Some((table, _)) = self.cat.index(&key) else {
            if !d.if_exists {
                self.missing("unknown-index", &ObjectKey::Index(key), d.name.name.span);
            }
            return;
        };
        let table_key = table.name.clone();
        if let Some(on) = &d.table
            && QualifiedName::of(on) != table_key
        {
            self.errors.push(
                Diagnostic::error(
                    "unknown-index",
                    format!(
                        "index `{key}` is on table `{table_key}`, not `{}`",
                        on.qualified()
                    ),
                )
                .with_primary(on.span, "not the index's table"),
            );
            return;
        }
        self.change_table(&table_key, |t, _| {
            t.indexes.retain(|i| *i.name != *key.name)
        });
        self.cat.put_index_name(&key, None);
        self.cat.bury(ObjectKey::Index(key), self.origin, None);
    }

    // ---------------------------------------------------------- constraints

    fn add_constraint(&mut self, a: &ir::AddConstraint) {
        let Some(table) = self.table(&a.table) else {
            return;
        };
        let mut draft = (*table).clone();
        let before = draft.constraints.len();
        self.add_constraints(&mut draft, std::slice::from_ref(&a.constraint));
        if let Some(c) = draft.constraints.get(before) {
            let key = ObjectKey::Constraint(draft.name.clone(), c.name.clone());
            draft.changed = self.origin;
            self.cat.unbury(&key);
            self.touch(ObjectKey::Table(draft.name.clone()));
            self.cat.insert_table(draft);
            self.created.push(key);
        }
    }

    /// The constraint, or an `unknown-constraint` error.
    fn find_constraint(&mut self, name: &Ident, table: &ObjectName) -> Option<Arc<Table>> {
        let t = self.table(table)?;
        if t.constraint(&name.name).is_some() {
            return Some(t);
        }
        let key = ObjectKey::Constraint(t.name.clone(), name.name.clone());
        self.missing("unknown-constraint", &key, name.span);
        None
    }

    fn validate_constraint(&mut self, v: &ir::ValidateConstraint) {
        let Some(t) = self.find_constraint(&v.name, &v.table) else {
            return;
        };
        self.change_table(&t.name, |t, origin| {
            if let Some(c) = t.constraints.iter_mut().find(|c| c.name == v.name.name) {
                let c = Arc::make_mut(c);
                c.valid = true;
                c.changed = origin;
            }
        });
    }

    fn drop_constraint(&mut self, d: &ir::DropConstraint) {
        let Some(t) = self.find_constraint(&d.name, &d.table) else {
            return;
        };
        if let Some(c) = t.constraint(&d.name.name)
            && matches!(
                c.kind,
                ConstraintDef::PrimaryKey { .. } | ConstraintDef::Unique { .. }
            )
        {
            let columns = c.kind.columns().to_vec();
            let mut rest = (*t).clone();
            rest.constraints.retain(|c| c.name != d.name.name);
            // Still fine when another key covers the referenced columns.
            let users = self.foreign_keys_on(&t.name, Some(&columns), |_, fk| match &fk.kind {
                ConstraintDef::ForeignKey { referenced, .. } => has_unique_key(&rest, referenced),
                _ => true,
            });
            if !users.is_empty() {
                let what = format!("constraint `{}` on `{}`", d.name.name, t.name);
                self.in_use("constraint-in-use", what, d.name.span, users);
                return;
            }
        }
        let key = ObjectKey::Constraint(t.name.clone(), d.name.name.clone());
        self.change_table(&t.name, |t, _| {
            t.constraints.retain(|c| c.name != d.name.name);
        });
        self.cat.bury(key, self.origin, None);
    }

    // ---------------------------------------------------------------- enums

    fn create_enum(&mut self, e: &ir::CreateEnum) {
        let key = QualifiedName::of(&e.name);
        if let Some(existing) = self.cat.enum_type(&key) {
            let created = existing.created;
            self.exists(
                "enum-exists",
                &ObjectKey::Enum(key),
                e.name.name.span,
                created,
            );
            return;
        }
        let mut values: Vec<String> = Vec::new();
        for v in &e.values {
            if values.contains(&v.value) {
                self.errors.push(
                    Diagnostic::error(
                        "enum-value-exists",
                        format!("enum `{key}` lists '{}' twice", v.value),
                    )
                    .with_primary(v.span, "listed again here"),
                );
            }
            values.push(v.value.clone());
        }
        let enum_type = EnumType {
            name: key.clone(),
            values,
            created: self.origin,
            changed: self.origin,
        };
        self.cat.unbury(&ObjectKey::Enum(key.clone()));
        self.cat.put_enum(&key, Some(Arc::new(enum_type)));
        self.touch(ObjectKey::Enum(key.clone()));
        self.created.push(ObjectKey::Enum(key));
    }

    fn add_enum_value(&mut self, a: &ir::AddEnumValue) {
        let key = QualifiedName::of(&a.name);
        let Some(e) = self.cat.enums.get(&key).cloned() else {
            self.missing("unknown-enum", &ObjectKey::Enum(key), a.name.name.span);
            return;
        };
        if e.values.contains(&a.value.value) {
            self.errors.push(
                Diagnostic::error(
                    "enum-value-exists",
                    format!("enum `{key}` already has the value '{}'", a.value.value),
                )
                .with_primary(a.value.span, "already a value")
                .with_secondary(e.changed.span, "last changed here"),
            );
            return;
        }
        let at = match &a.position {
            None => Some(e.values.len()),
            Some(ir::EnumValuePosition::Before(v)) => e.values.iter().position(|x| *x == v.value),
            Some(ir::EnumValuePosition::After(v)) => {
                e.values.iter().position(|x| *x == v.value).map(|p| p + 1)
            }
        };
        let Some(at) = at else {
            let anchor = match &a.position {
                Some(ir::EnumValuePosition::Before(v) | ir::EnumValuePosition::After(v)) => v,
                None => &a.value,
            };
            self.errors.push(
                Diagnostic::error(
                    "unknown-enum-value",
                    format!("enum `{key}` has no value '{}'", anchor.value),
                )
                .with_primary(anchor.span, "not a value of the enum")
                .with_secondary(e.changed.span, "values last set here")
                .with_note(format!(
                    "its values are {}",
                    e.values
                        .iter()
                        .map(|v| format!("'{v}'"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
            return;
        };
        let mut e = (*e).clone();
        e.values.insert(at, a.value.value.clone());
        e.changed = self.origin;
        self.touch(ObjectKey::Enum(key.clone()));
        self.cat.put_enum(&key, Some(Arc::new(e)));
    }

    fn drop_enum(&mut self, d: &ir::DropEnum) {
        let key = QualifiedName::of(&d.name);
        if self.cat.enum_type(&key).is_none() {
            if !d.if_exists {
                self.missing("unknown-enum", &ObjectKey::Enum(key), d.name.name.span);
            }
            return;
        }
        let users: Vec<(String, Span)> = self
            .cat
            .columns_using_enum(&key)
            .iter()
            .map(|(t, c)| (format!("{}.{}", t.name, c.name), c.changed.span))
            .collect();
        if !users.is_empty() {
            let list: Vec<String> = users.iter().map(|(n, _)| format!("`{n}`")).collect();
            let mut diag = Diagnostic::error(
                "enum-in-use",
                format!("enum `{key}` is still used by {}", list.join(", ")),
            )
            .with_primary(d.name.name.span, "still in use")
            .with_help("drop or retype those columns first");
            for (name, span) in users {
                diag = diag.with_secondary(span, format!("`{name}` uses it"));
            }
            self.errors.push(diag);
            return;
        }
        self.cat.put_enum(&key, None);
        self.touch(ObjectKey::Enum(key.clone()));
        self.cat.bury(ObjectKey::Enum(key), self.origin, None);
    }

    // ----------------------------------------------------------------- data

    fn backfill(&mut self, b: &ir::Backfill) {
        let Some(table) = self.table(&b.table) else {
            return;
        };
        let mut ok = true;
        for a in &b.assignments {
            ok &= self.column_exists(&table, &a.column, "unknown-column");
        }
        let fills = |c: &Column| {
            c.unfilled.is_some() && b.assignments.iter().any(|a| a.column.name == c.name)
        };
        if ok && table.columns.iter().any(|c| fills(c)) {
            // Rows changed, the schema did not: no `changed`, no `touch`,
            // so merges and the round-trip check see no schema change.
            let mut draft = (*table).clone();
            for c in draft.columns.iter_mut().filter(|c| fills(c)) {
                Arc::make_mut(c).unfilled = None;
            }
            self.cat.insert_table(draft);
        }
    }

    fn insert(&mut self, i: &ir::Insert) {
        if let Some(table) = self.table(&i.table) {
            for c in &i.columns {
                self.column_exists(&table, c, "unknown-column");
            }
        }
    }

    fn comment(&mut self, c: &ir::Comment) {
        let text = c.text.as_ref().map(|t| t.value.clone());
        match &c.target {
            ir::CommentTarget::Table(name) => {
                if let Some(t) = self.table(name) {
                    self.change_table(&t.name, |t, _| t.comment = text);
                }
            }
            ir::CommentTarget::Column(col) => {
                let Some(t) = self.table(&col.table) else {
                    return;
                };
                if self.column_exists(&t, &col.column, "unknown-column") {
                    self.change_table(&t.name, |t, origin| {
                        if let Some(c) = t.column_mut(&col.column.name) {
                            c.comment = text;
                            c.changed = origin;
                        }
                    });
                }
            }
        }
    }
}

fn names(idents: &[Ident]) -> Vec<String> {
    idents.iter().map(|i| i.name.clone()).collect()
}

/// A column definition's inline constraints as table constraints.
fn column_constraints(def: &ir::ColumnDef) -> Vec<ir::TableConstraint> {
    // Most columns have none: no list, no copy of the name.
    if def.constraints.is_empty() {
        return Vec::new();
    }
    let col = vec![def.name.clone()];
    def.constraints
        .iter()
        .map(|c| ir::TableConstraint {
            name: c.name.clone(),
            kind: match &c.kind {
                ColumnConstraintKind::PrimaryKey => ConstraintKind::PrimaryKey {
                    columns: col.clone(),
                },
                ColumnConstraintKind::Unique => ConstraintKind::Unique {
                    columns: col.clone(),
                },
                ColumnConstraintKind::References(target) => ConstraintKind::ForeignKey {
                    columns: col.clone(),
                    target: target.clone(),
                },
                ColumnConstraintKind::Check(expr) => ConstraintKind::Check { expr: expr.clone() },
            },
            not_valid: None,
            span: c.span,
        })
        .collect()
}

fn kind_columns(kind: &ConstraintKind) -> &[Ident] {
    match kind {
        ConstraintKind::PrimaryKey { columns }
        | ConstraintKind::Unique { columns }
        | ConstraintKind::ForeignKey { columns, .. } => columns,
        ConstraintKind::Check { .. } => &[],
    }
}

/// PostgreSQL's name for an unnamed foreign key of `table` (before any
/// number suffix): `t_c_fkey`. Emitters that must name every foreign key
/// (MySQL) write this name, so the catalog and the database agree.
pub fn default_foreign_key_name(table: &str, columns: &[Ident]) -> String {
    format!("{table}_{}_fkey", joined(columns))
}

/// PostgreSQL's name for an unnamed constraint, made unique on the table
/// by a number suffix as PostgreSQL does.
fn default_constraint_name(table: &Table, kind: &ConstraintKind) -> String {
    let t = &table.name.name;
    let base = match kind {
        ConstraintKind::PrimaryKey { .. } => format!("{t}_pkey"),
        ConstraintKind::Unique { columns } => format!("{t}_{}_key", joined(columns)),
        ConstraintKind::ForeignKey { columns, .. } => default_foreign_key_name(t, columns),
        ConstraintKind::Check { expr } => {
            let mut first = None;
            exprs::visit_columns(&expr.kind, &mut |parts| {
                if first.is_none() {
                    first = parts.last().cloned();
                }
            });
            match first {
                Some(c) => format!("{t}_{c}_check"),
                None => format!("{t}_check"),
            }
        }
    };
    let mut name = base.clone();
    let mut n = 1;
    while table.constraint(&name).is_some() {
        name = format!("{base}{n}");
        n += 1;
    }
    name
}

fn joined(columns: &[Ident]) -> String {
    columns
        .iter()
        .map(|c| c.name.as_str())
        .collect::<Vec<_>>()
        .join("_")
}

/// Whether exactly these columns are a primary key, a unique constraint
/// or a full unique index of the table (what a foreign key may reference).
fn has_unique_key(table: &Table, columns: &[String]) -> bool {
    let mut wanted: Vec<&str> = columns.iter().map(String::as_str).collect();
    wanted.sort_unstable();
    let same = |cols: Vec<&str>| {
        let mut cols = cols;
        cols.sort_unstable();
        cols == wanted
    };
    table.constraints.iter().any(|c| match &c.kind {
        ConstraintDef::PrimaryKey { columns } | ConstraintDef::Unique { columns } => {
            same(columns.iter().map(String::as_str).collect())
        }
        _ => false,
    }) || table.indexes.iter().any(|i| {
        i.unique
            && i.where_clause.is_none()
            && i.include.is_empty()
            && i.elements
                .iter()
                .all(|e| matches!(e.kind, ir::IndexElementKind::Column(_)))
            && same(i.columns().collect())
    })
}

pub(crate) fn index_uses(index: &Index, column: &str) -> bool {
    index.columns().any(|c| c == column)
        || index.elements.iter().any(|e| match &e.kind {
            ir::IndexElementKind::Expr(x) => exprs::mentions(&x.kind, column),
            ir::IndexElementKind::Column(_) => false,
        })
        || index
            .where_clause
            .as_ref()
            .is_some_and(|w| exprs::mentions(&w.kind, column))
}

pub(crate) fn constraint_uses(kind: &ConstraintDef, column: &str) -> bool {
    match kind {
        ConstraintDef::Check { expr } => exprs::mentions(&expr.kind, column),
        other => other.columns().iter().any(|c| c == column),
    }
}

fn rename_in_index(index: &mut Index, from: &str, to: &str) {
    for e in &mut index.elements {
        match &mut e.kind {
            ir::IndexElementKind::Column(c) if c.name == from => c.name = to.to_owned(),
            ir::IndexElementKind::Column(_) => {}
            ir::IndexElementKind::Expr(x) => exprs::rename(&mut x.kind, from, to),
        }
    }
    for c in index.include.iter_mut().filter(|c| *c == from) {
        *c = to.to_owned();
    }
    if let Some(w) = &mut index.where_clause {
        exprs::rename(&mut w.kind, from, to);
    }
}

fn rename_in_constraint(kind: &mut ConstraintDef, from: &str, to: &str) {
    match kind {
        ConstraintDef::PrimaryKey { columns }
        | ConstraintDef::Unique { columns }
        | ConstraintDef::ForeignKey { columns, .. } => {
            for c in columns.iter_mut().filter(|c| *c == from) {
                *c = to.to_owned();
            }
        }
        ConstraintDef::Check { expr } => exprs::rename(&mut expr.kind, from, to),
    }
}
