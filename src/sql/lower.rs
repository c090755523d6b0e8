//! Lowering of the schema statements of plain SQL (`CREATE TABLE`, `ALTER
//! TABLE`, enum types, `DROP TABLE`, `COMMENT ON`, `INSERT … VALUES`) into
//! IR operations. A statement is lowered whole or not at all: when any part
//! of it has no IR form, `None` keeps it opaque, so the catalog never holds
//! half of what the database did.

use super::expr::generic_type;
use super::raw::{expr, ident, object_name};
use crate::ir::{
    AddColumn, AddConstraint, AddEnumValue, AlterColumn, AlterColumnAction, ColumnConstraint,
    ColumnConstraintKind, ColumnDef, ColumnRef, Comment, CommentTarget, ConstraintKind, CreateEnum,
    CreateIndex, CreateTable, DataType, DropColumn, DropConstraint, DropEnum, DropIndex, DropTable,
    EnumValuePosition, ForeignKeyTarget, Ident, Identity, IndexElement, IndexElementKind, Insert,
    ObjectName, Op, ReferentialAction, RenameColumn, RenameTable, Spanned, TableBody,
    TableConstraint, TypeRef, ValidateConstraint,
};
use crate::source::Span;
use sqlparser::ast;

/// The IR operations of one statement, or `None` when it stays opaque.
pub(super) fn lower(statement: &ast::Statement, span: Span) -> Option<Vec<Op>> {
    match statement {
        ast::Statement::CreateTable(ct) => create_table(ct, span),
        ast::Statement::AlterTable(at) => alter_table(at, span),
        ast::Statement::Drop {
            object_type: ast::ObjectType::Table,
            if_exists,
            names,
            cascade: false,
            ..
        } => names
            .iter()
            .map(|n| {
                Some(Op::DropTable(Box::new(DropTable {
                    if_exists: *if_exists,
                    name: object_name(n, span)?,
                    definition: None,
                })))
            })
            .collect(),
        ast::Statement::Drop {
            object_type: ast::ObjectType::Type,
            if_exists,
            names,
            cascade: false,
            ..
        } => names
            .iter()
            .map(|n| {
                Some(Op::DropEnum(Box::new(DropEnum {
                    if_exists: *if_exists,
                    name: object_name(n, span)?,
                })))
            })
            .collect(),
        ast::Statement::CreateType {
            name,
            representation: Some(ast::UserDefinedTypeRepresentation::Enum { labels }),
        } => Some(vec![Op::CreateEnum(Box::new(CreateEnum {
            name: object_name(name, span)?,
            values: labels
                .iter()
                .map(|l| Spanned::new(l.value.clone(), span))
                .collect(),
        }))]),
        ast::Statement::AlterType(ast::AlterType {
            name,
            operation: ast::AlterTypeOperation::AddValue(add),
        }) if !add.if_not_exists => Some(vec![Op::AddEnumValue(Box::new(AddEnumValue {
            name: object_name(name, span)?,
            value: Spanned::new(add.value.value.clone(), span),
            position: add.position.as_ref().map(|p| match p {
                ast::AlterTypeAddValuePosition::Before(v) => {
                    EnumValuePosition::Before(Spanned::new(v.value.clone(), span))
                }
                ast::AlterTypeAddValuePosition::After(v) => {
                    EnumValuePosition::After(Spanned::new(v.value.clone(), span))
                }
            }),
        }))]),
        ast::Statement::Comment {
            object_type,
            object_name: name,
            comment,
            if_exists: false,
        } => {
            let target = match object_type {
                ast::CommentObject::Table => CommentTarget::Table(object_name(name, span)?),
                ast::CommentObject::Column => CommentTarget::Column(column_ref(name, span)?),
                _ => return None,
            };
            Some(vec![Op::Comment(Box::new(Comment {
                target,
                text: comment.as_ref().map(|c| Spanned::new(c.clone(), span)),
            }))])
        }
        ast::Statement::Insert(insert) => insert_op(insert, span).map(|o| vec![o]),
        _ => None,
    }
}

fn column_ref(name: &ast::ObjectName, span: Span) -> Option<ColumnRef> {
    let parts: Vec<&ast::Ident> = name.0.iter().map(|p| p.as_ident()).collect::<Option<_>>()?;
    let (table, column) = match parts.as_slice() {
        [t, c] => (
            ObjectName {
                schema: None,
                name: ident(t, span),
                span,
            },
            c,
        ),
        [s, t, c] => (
            ObjectName {
                schema: Some(ident(s, span)),
                name: ident(t, span),
                span,
            },
            c,
        ),
        _ => return None,
    };
    Some(ColumnRef {
        table,
        column: ident(column, span),
        span,
    })
}

/// A SQL type as a generic one. MySQL spellings (`int(11)`, `tinyint(1)`,
/// `datetime`, `longtext`) land on their generic twins; a user-defined
/// name is taken for an enum type.
pub(super) fn sql_type(data_type: &ast::DataType) -> Option<DataType> {
    if let Some(ty) = generic_type(data_type) {
        return Some(ty);
    }
    match data_type {
        ast::DataType::Array(
            ast::ArrayElemTypeDef::SquareBracket(inner, _)
            | ast::ArrayElemTypeDef::AngleBracket(inner),
        ) => return sql_type(inner).map(|t| DataType::Array(Box::new(t))),
        ast::DataType::Custom(name, modifiers) if modifiers.is_empty() => {
            let name = object_name(name, Span::default())?;
            // Types a SQL file names that are not enums in any dialect
            // migc targets keep the statement opaque.
            if ["citext", "inet", "cidr", "tsvector", "hstore", "geometry"]
                .contains(&name.name.name.as_str())
            {
                return None;
            }
            return Some(DataType::Enum(name));
        }
        _ => {}
    }
    let printed = data_type.to_string().to_lowercase();
    let base = printed.split('(').next().unwrap_or("").trim();
    Some(match base {
        "tinyint" if printed == "tinyint(1)" => DataType::Boolean,
        "tinyint" => DataType::SmallInt,
        "smallint" | "int2" => DataType::SmallInt,
        "int" | "integer" | "mediumint" | "int4" => DataType::Integer,
        "bigint" | "int8" => DataType::BigInt,
        "datetime" => DataType::Timestamp,
        "timestamp" => DataType::Timestamp,
        "tinytext" | "mediumtext" | "longtext" | "clob" => DataType::Text,
        "blob" | "tinyblob" | "mediumblob" | "longblob" | "varbinary" | "binary" => DataType::Bytes,
        "float" => DataType::Real,
        "double" => DataType::Double,
        _ => return None,
    })
}

fn non_null(e: &ast::Expr) -> Option<&ast::Expr> {
    match e {
        ast::Expr::Value(v) if matches!(v.value, ast::Value::Null) => None,
        e => Some(e),
    }
}

fn ty(data_type: &ast::DataType, span: Span) -> Option<TypeRef> {
    Some(TypeRef {
        ty: sql_type(data_type)?,
        span,
    })
}

fn action(a: &ast::ReferentialAction, span: Span) -> Spanned<ReferentialAction> {
    let value = match a {
        ast::ReferentialAction::Restrict => ReferentialAction::Restrict,
        ast::ReferentialAction::Cascade => ReferentialAction::Cascade,
        ast::ReferentialAction::SetNull => ReferentialAction::SetNull,
        ast::ReferentialAction::NoAction => ReferentialAction::NoAction,
        ast::ReferentialAction::SetDefault => ReferentialAction::SetDefault,
    };
    Spanned::new(value, span)
}

fn fk_target(fk: &ast::ForeignKeyConstraint, span: Span) -> Option<ForeignKeyTarget> {
    if fk.match_kind.is_some() || fk.characteristics.is_some() {
        return None;
    }
    Some(ForeignKeyTarget {
        table: object_name(&fk.foreign_table, span)?,
        columns: fk.referred_columns.iter().map(|c| ident(c, span)).collect(),
        on_delete: fk.on_delete.as_ref().map(|a| action(a, span)),
        on_update: fk.on_update.as_ref().map(|a| action(a, span)),
    })
}

/// Column names of a key; expressions or prefixes have no IR form.
fn key_columns(columns: &[ast::IndexColumn], span: Span) -> Option<Vec<Ident>> {
    columns
        .iter()
        .map(|c| match &c.column.expr {
            ast::Expr::Identifier(id) if c.operator_class.is_none() => Some(ident(id, span)),
            _ => None,
        })
        .collect()
}

/// What one column definition becomes: the column, plus a comment.
fn column_def(def: &ast::ColumnDef, span: Span) -> Option<ColumnDef> {
    let mut column = ColumnDef::new(ident(&def.name, span), ty(&def.data_type, span)?, span);
    for option in &def.options {
        let name = option.name.as_ref().map(|n| ident(n, span));
        let constraint = |kind| ColumnConstraint { name, kind, span };
        match &option.option {
            ast::ColumnOption::Null => column.nullable = Some(Spanned::new(true, span)),
            ast::ColumnOption::NotNull => column.nullable = Some(Spanned::new(false, span)),
            // `DEFAULT NULL` is what no default means.
            ast::ColumnOption::Default(e) => column.default = non_null(e).map(|e| expr(e, span)),
            ast::ColumnOption::PrimaryKey(pk) if pk.characteristics.is_none() => {
                column
                    .constraints
                    .push(constraint(ColumnConstraintKind::PrimaryKey));
            }
            ast::ColumnOption::Unique(u) if u.characteristics.is_none() => {
                column
                    .constraints
                    .push(constraint(ColumnConstraintKind::Unique));
            }
            ast::ColumnOption::ForeignKey(fk) => {
                let target = fk_target(fk, span)?;
                column
                    .constraints
                    .push(constraint(ColumnConstraintKind::References(target)));
            }
            ast::ColumnOption::Check(c) => {
                column
                    .constraints
                    .push(constraint(ColumnConstraintKind::Check(expr(&c.expr, span))));
            }
            ast::ColumnOption::Generated {
                generated_as: generated @ (ast::GeneratedAs::Always | ast::GeneratedAs::ByDefault),
                generation_expr: None,
                ..
            } => {
                column.identity = Some(Identity {
                    always: matches!(generated, ast::GeneratedAs::Always),
                    span,
                });
            }
            ast::ColumnOption::DialectSpecific(tokens)
                if tokens.iter().any(|t| {
                    let t = t.to_string().to_uppercase();
                    t == "AUTO_INCREMENT" || t == "AUTOINCREMENT"
                }) =>
            {
                column.identity = Some(Identity {
                    always: false,
                    span,
                });
            }
            ast::ColumnOption::Comment(text) => {
                column.comment = Some(Spanned::new(text.clone(), span));
            }
            // Storage details migc does not model and no other dialect
            // needs: MySQL's character set and collation.
            ast::ColumnOption::CharacterSet(_) | ast::ColumnOption::Collation(_) => {}
            _ => return None,
        }
    }
    Some(column)
}

/// A table constraint; MySQL's `KEY name (cols)` inside `CREATE TABLE` is
/// an index instead (second value).
fn table_constraint(
    c: &ast::TableConstraint,
    table: &ObjectName,
    span: Span,
) -> Option<Result<TableConstraint, CreateIndex>> {
    let (name, kind) = match c {
        ast::TableConstraint::PrimaryKey(pk) if pk.characteristics.is_none() => (
            pk.name.as_ref(),
            ConstraintKind::PrimaryKey {
                columns: key_columns(&pk.columns, span)?,
            },
        ),
        ast::TableConstraint::Unique(u) if u.characteristics.is_none() => (
            u.name.as_ref().or(u.index_name.as_ref()),
            ConstraintKind::Unique {
                columns: key_columns(&u.columns, span)?,
            },
        ),
        ast::TableConstraint::ForeignKey(fk) => (
            fk.name.as_ref(),
            ConstraintKind::ForeignKey {
                columns: fk.columns.iter().map(|c| ident(c, span)).collect(),
                target: fk_target(fk, span)?,
            },
        ),
        ast::TableConstraint::Check(ck) if ck.enforced.is_none() && !ck.no_inherit => (
            ck.name.as_ref(),
            ConstraintKind::Check {
                expr: expr(&ck.expr, span),
            },
        ),
        ast::TableConstraint::Index(ix) if ix.index_type.is_none() => {
            let columns = key_columns(&ix.columns, span)?;
            let name = match &ix.name {
                Some(n) => ident(n, span),
                None => Ident {
                    name: columns.first()?.name.clone(),
                    span,
                },
            };
            return Some(Err(CreateIndex {
                unique: false,
                concurrently: None,
                if_not_exists: false,
                name,
                table: table.clone(),
                using: None,
                elements: columns
                    .into_iter()
                    .map(|c| IndexElement {
                        kind: IndexElementKind::Column(c),
                        descending: false,
                        nulls_first: None,
                        span,
                    })
                    .collect(),
                include: Vec::new(),
                where_clause: None,
            }));
        }
        _ => return None,
    };
    Some(Ok(TableConstraint {
        name: name.map(|n| ident(n, span)),
        kind,
        not_valid: None,
        span,
    }))
}

fn create_table(ct: &ast::CreateTable, span: Span) -> Option<Vec<Op>> {
    let unmodelled = ct.or_replace
        || ct.temporary
        || ct.unlogged
        || ct.external
        || ct.query.is_some()
        || ct.like.is_some()
        || ct.clone.is_some()
        || ct.inherits.is_some()
        || ct.partition_of.is_some()
        || ct.partition_by.is_some()
        || ct.without_rowid
        || ct.strict
        || matches!(ct.table_options, ast::CreateTableOptions::With(_));
    if unmodelled || ct.columns.is_empty() {
        return None;
    }
    let name = object_name(&ct.name, span)?;
    let columns = ct
        .columns
        .iter()
        .map(|c| column_def(c, span))
        .collect::<Option<Vec<_>>>()?;
    let mut constraints = Vec::new();
    let mut indexes = Vec::new();
    for c in &ct.constraints {
        match table_constraint(c, &name, span)? {
            Ok(c) => constraints.push(c),
            Err(i) => indexes.push(Op::CreateIndex(Box::new(i))),
        }
    }
    let comment = match &ct.comment {
        Some(ast::CommentDef::WithEq(text) | ast::CommentDef::WithoutEq(text)) => {
            Some(Op::Comment(Box::new(Comment {
                target: CommentTarget::Table(name.clone()),
                text: Some(Spanned::new(text.clone(), span)),
            })))
        }
        None => None,
    };
    let mut ops = vec![Op::CreateTable(Box::new(CreateTable {
        if_not_exists: ct.if_not_exists,
        name,
        body: TableBody {
            columns,
            constraints,
            span,
        },
    }))];
    ops.extend(indexes);
    ops.extend(comment);
    Some(ops)
}

/// PostgreSQL's name for an unnamed constraint: `table_cols_suffix`.
fn default_constraint_name(table: &ObjectName, kind: &ConstraintKind, span: Span) -> Ident {
    let t = &table.name.name;
    let cols = |cs: &[Ident]| {
        cs.iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>()
            .join("_")
    };
    let name = match kind {
        ConstraintKind::PrimaryKey { .. } => format!("{t}_pkey"),
        ConstraintKind::Unique { columns } => format!("{t}_{}_key", cols(columns)),
        ConstraintKind::ForeignKey { columns, .. } => format!("{t}_{}_fkey", cols(columns)),
        ConstraintKind::Check { .. } => format!("{t}_check"),
    };
    Ident { name, span }
}

fn alter_table(at: &ast::AlterTable, span: Span) -> Option<Vec<Op>> {
    if at.table_type.is_some() || at.on_cluster.is_some() || at.location.is_some() {
        return None;
    }
    let table = object_name(&at.name, span)?;
    let column = |c: &ast::Ident| ColumnRef {
        table: table.clone(),
        column: ident(c, span),
        span,
    };
    let alter = |c: &ast::Ident, action| {
        Op::AlterColumn(Box::new(AlterColumn {
            column: column(c),
            action,
        }))
    };
    let mut ops = Vec::new();
    for operation in &at.operations {
        use ast::AlterTableOperation as A;
        match operation {
            A::AddConstraint {
                constraint,
                not_valid,
            } => {
                let Ok(mut c) = table_constraint(constraint, &table, span)? else {
                    return None;
                };
                if c.name.is_none() {
                    c.name = Some(default_constraint_name(&table, &c.kind, span));
                }
                c.not_valid = not_valid.then_some(span);
                ops.push(Op::AddConstraint(Box::new(AddConstraint {
                    table: table.clone(),
                    constraint: c,
                })));
            }
            A::AddColumn {
                if_not_exists,
                column_def: def,
                ..
            } => ops.push(Op::AddColumn(Box::new(AddColumn {
                if_not_exists: *if_not_exists,
                table: table.clone(),
                column: column_def(def, span)?,
            }))),
            A::DropConstraint {
                name,
                drop_behavior: None | Some(ast::DropBehavior::Restrict),
                ..
            }
            | A::DropForeignKey {
                name,
                drop_behavior: None,
            } => ops.push(Op::DropConstraint(Box::new(DropConstraint {
                name: ident(name, span),
                table: table.clone(),
            }))),
            A::DropColumn {
                column_names,
                if_exists,
                drop_behavior: None | Some(ast::DropBehavior::Restrict),
                ..
            } => {
                for c in column_names {
                    ops.push(Op::DropColumn(Box::new(DropColumn {
                        if_exists: *if_exists,
                        column: column(c),
                        definition: None,
                    })));
                }
            }
            A::DropIndex { name } => ops.push(Op::DropIndex(Box::new(DropIndex {
                concurrently: None,
                if_exists: false,
                name: ObjectName {
                    schema: table.schema.clone(),
                    name: ident(name, span),
                    span,
                },
                table: Some(table.clone()),
            }))),
            A::RenameColumn {
                old_column_name,
                new_column_name,
            } => ops.push(Op::RenameColumn(Box::new(RenameColumn {
                column: column(old_column_name),
                to: ident(new_column_name, span),
            }))),
            A::RenameTable { table_name } => {
                let (ast::RenameTableNameKind::As(to) | ast::RenameTableNameKind::To(to)) =
                    table_name;
                let to = object_name(to, span)?;
                ops.push(Op::RenameTable(Box::new(RenameTable {
                    from: table.clone(),
                    to: to.name,
                })));
            }
            A::ValidateConstraint { name } => {
                ops.push(Op::ValidateConstraint(Box::new(ValidateConstraint {
                    name: ident(name, span),
                    table: table.clone(),
                })));
            }
            A::AlterColumn { column_name, op } => {
                use ast::AlterColumnOperation as C;
                let action = match op {
                    C::SetNotNull => AlterColumnAction::SetNotNull,
                    C::DropNotNull => AlterColumnAction::DropNotNull,
                    C::SetDefault { value } => AlterColumnAction::SetDefault(expr(value, span)),
                    C::DropDefault => AlterColumnAction::DropDefault,
                    C::SetDataType {
                        data_type, using, ..
                    } => AlterColumnAction::SetType {
                        ty: ty(data_type, span)?,
                        using: using.as_ref().map(|u| expr(u, span)),
                    },
                    C::AddGenerated { .. } => return None,
                };
                ops.push(alter(column_name, action));
            }
            // MySQL restates the whole column: its type, nullability
            // (unsaid is NULL) and default (unsaid is none).
            A::ModifyColumn {
                col_name,
                data_type,
                options,
                ..
            } => ops.extend(restate(col_name, data_type, options, &alter, span)?),
            A::ChangeColumn {
                old_name,
                new_name,
                data_type,
                options,
                ..
            } => {
                if ident(old_name, span).name != ident(new_name, span).name {
                    ops.push(Op::RenameColumn(Box::new(RenameColumn {
                        column: column(old_name),
                        to: ident(new_name, span),
                    })));
                }
                ops.extend(restate(new_name, data_type, options, &alter, span)?);
            }
            // How MySQL runs the ALTER, not what it does.
            A::Algorithm { .. } | A::Lock { .. } => {}
            _ => return None,
        }
    }
    Some(ops)
}

fn restate(
    name: &ast::Ident,
    data_type: &ast::DataType,
    options: &[ast::ColumnOption],
    alter: &dyn Fn(&ast::Ident, AlterColumnAction) -> Op,
    span: Span,
) -> Option<Vec<Op>> {
    let mut not_null = false;
    let mut default = None;
    for option in options {
        match option {
            ast::ColumnOption::NotNull => not_null = true,
            ast::ColumnOption::Null => not_null = false,
            ast::ColumnOption::Default(e) => default = non_null(e).map(|e| expr(e, span)),
            ast::ColumnOption::CharacterSet(_) | ast::ColumnOption::Collation(_) => {}
            _ => return None,
        }
    }
    Some(vec![
        alter(
            name,
            AlterColumnAction::SetType {
                ty: ty(data_type, span)?,
                using: None,
            },
        ),
        alter(
            name,
            if not_null {
                AlterColumnAction::SetNotNull
            } else {
                AlterColumnAction::DropNotNull
            },
        ),
        alter(
            name,
            match default {
                Some(d) => AlterColumnAction::SetDefault(d),
                None => AlterColumnAction::DropDefault,
            },
        ),
    ])
}

/// `INSERT INTO t (cols) VALUES (…), …` with every row the width of the
/// column list; anything fancier (a query, `ON CONFLICT`, `RETURNING`)
/// stays opaque.
fn insert_op(insert: &ast::Insert, span: Span) -> Option<Op> {
    if insert.on.is_some()
        || insert.returning.is_some()
        || insert.or.is_some()
        || insert.ignore
        || insert.replace_into
        || insert.columns.is_empty()
    {
        return None;
    }
    let ast::TableObject::TableName(table) = &insert.table else {
        return None;
    };
    let source = insert.source.as_ref()?;
    if source.with.is_some() || source.order_by.is_some() || source.limit_clause.is_some() {
        return None;
    }
    let ast::SetExpr::Values(values) = source.body.as_ref() else {
        return None;
    };
    let columns: Vec<Ident> = insert
        .columns
        .iter()
        .map(|c| Some(ident(c.0.last()?.as_ident()?, span)))
        .collect::<Option<_>>()?;
    let rows = values
        .rows
        .iter()
        .map(|row| {
            (row.content.len() == columns.len())
                .then(|| row.content.iter().map(|e| expr(e, span)).collect())
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Op::Insert(Box::new(Insert {
        table: object_name(table, span)?,
        columns,
        rows,
    })))
}
