//! Names, types, column definitions, constraints and table bodies.

use super::super::lower::column_ref;
use super::scan::{Miss, R, Scanner, Stop};
use crate::ir::types::{DataType, TypeRef};
use crate::ir::*;
use crate::source::Span;

impl<'t> Scanner<'t> {
    /// `object_name`: `name` or `schema.name`.
    pub fn object_name(&mut self) -> R<ObjectName> {
        let start = self.pos;
        let first = self.ident()?;
        let second = self.attempt(|s| {
            s.expect(b'.')?;
            s.ident()
        })?;
        let span = self.span_from(start)?;
        Ok(match second {
            Some(name) => ObjectName {
                schema: Some(first),
                name,
                span,
            },
            None => ObjectName {
                schema: None,
                name: first,
                span,
            },
        })
    }

    /// `column_path`: `table.column` or `schema.table.column`.
    pub fn column_path(&mut self) -> R<ColumnRef> {
        let start = self.pos;
        let a = self.ident()?;
        self.expect(b'.')?;
        let b = self.ident()?;
        let c = self.attempt(|s| {
            s.expect(b'.')?;
            s.ident()
        })?;
        let span = self.span_from(start)?;
        let (schema, name, column) = match c {
            Some(c) => (Some(a), b, c),
            None => (None, a, b),
        };
        Ok(column_ref(schema, name, column, span))
    }

    // ------------------------------------------------------------ types

    /// `type_expr`.
    pub fn type_expr(&mut self) -> R<TypeRef> {
        let start = self.pos;
        let mut ty = self.type_base()?;
        while self
            .attempt(|s| {
                s.expect(b'[')?;
                s.expect(b']')
            })?
            .is_some()
        {
            ty = DataType::Array(Box::new(ty));
        }
        let span = self.span_from(start)?;
        Ok(TypeRef { ty, span })
    }

    /// `enum_type | double_precision | named_type`.
    fn type_base(&mut self) -> R<DataType> {
        if let Some(name) = self.attempt(|s| {
            s.expect_kw("enum")?;
            s.object_name()
        })? {
            return Ok(DataType::Enum(name));
        }
        if self
            .attempt(|s| {
                s.expect_kw("double")?;
                s.expect_kw("precision")
            })?
            .is_some()
        {
            return Ok(DataType::Double);
        }
        self.named_type()
    }

    /// `named_type`: a name and its whole-number parameters.
    fn named_type(&mut self) -> R<DataType> {
        let start = self.pos;
        let (name, name_span) = self.bare_word()?;
        let mut params = Vec::new();
        if self.peek() == Some(b'(') {
            let list = self.attempt(|s| {
                s.expect(b'(')?;
                let first = s.extent(Stop::Tokens)?;
                let mut list = vec![s.extent_text(first)];
                while s.punct(b',') {
                    let next = s.extent(Stop::Tokens)?;
                    list.push(s.extent_text(next));
                }
                s.expect(b')')?;
                Ok(list)
            })?;
            params = list.ok_or(Miss::Bail)?;
        }
        // Only a diagnostic uses this span, and any diagnostic bails.
        let span = self.span(start..self.end);
        self.lw
            .named_type_at(name, name_span, &params, span)
            .ok_or(Miss::Bail)
    }

    // ------------------------------------------------------------ columns

    /// `column_def` in a table body.
    fn column_def(&mut self) -> R<ColumnDef> {
        let start = self.pos;
        let name = self.ident()?;
        let ty = self.type_expr()?;
        let mut def = self.column_options(name, ty)?;
        def.span = self.span_from(start)?;
        Ok(def)
    }

    /// `column_option*` after a column's name and type. The definition's
    /// span is the caller's to set. Any option given twice is left to pest.
    pub fn column_options(&mut self, name: Ident, ty: TypeRef) -> R<ColumnDef> {
        let span = name.span;
        let mut def = ColumnDef::new(name, ty, span);
        loop {
            let start = self.pos;
            if self.kw("not") {
                if !self.kw("null") || def.nullable.is_some() {
                    return Err(Miss::Bail);
                }
                def.nullable = Some(Spanned::new(false, self.span(start..self.end)));
            } else if self.kw("null") {
                if def.nullable.is_some() {
                    return Err(Miss::Bail);
                }
                def.nullable = Some(Spanned::new(true, self.span(start..self.end)));
            } else if self.kw("default") {
                let e = self.extent(Stop::Default).map_err(|_| Miss::Bail)?;
                if def.default.is_some() {
                    return Err(Miss::Bail);
                }
                def.default = Some(self.lower_expr(e)?);
            } else if self.kw("generated") {
                let always = self.identity_kind().map_err(|_| Miss::Bail)?;
                if def.identity.is_some() {
                    return Err(Miss::Bail);
                }
                let span = self.span_to_token(start);
                def.identity = Some(Identity { always, span });
            } else if self.kw("comment") {
                let text = self.sql_string().map_err(|_| Miss::Bail)?;
                if def.comment.is_some() {
                    return Err(Miss::Bail);
                }
                def.comment = Some(text);
            } else if let Some(c) = self.attempt(Self::column_constraint)? {
                def.constraints.push(c);
            } else {
                break;
            }
        }
        if !self.lw.identity_fits(&def) {
            return Err(Miss::Bail);
        }
        Ok(def)
    }

    /// The rest of `identity_opt` after `generated`: whether `always`.
    fn identity_kind(&mut self) -> R<bool> {
        let always = if self.kw("always") {
            true
        } else {
            self.expect_kw("by")?;
            self.expect_kw("default")?;
            false
        };
        self.expect_kw("as")?;
        self.expect_kw("identity")?;
        Ok(always)
    }

    /// `column_constraint`. After a name, or past its first keyword, a
    /// failure means the file does not parse: left to pest.
    fn column_constraint(&mut self) -> R<ColumnConstraint> {
        let start = self.pos;
        let name = if self.kw("constraint") {
            Some(self.ident().map_err(|_| Miss::Bail)?)
        } else {
            None
        };
        let kind = if self.kw("primary") {
            self.expect_kw("key").map_err(|_| Miss::Bail)?;
            ColumnConstraintKind::PrimaryKey
        } else if self.kw("unique") {
            ColumnConstraintKind::Unique
        } else if self.at_kw("references") {
            ColumnConstraintKind::References(self.references().map_err(|_| Miss::Bail)?)
        } else if self.kw("check") {
            ColumnConstraintKind::Check(self.check().map_err(|_| Miss::Bail)?)
        } else if name.is_some() {
            return Err(Miss::Bail);
        } else {
            return Err(Miss::NoMatch);
        };
        let span = self.span_from(start)?;
        Ok(ColumnConstraint { name, kind, span })
    }

    /// The rest of `check` after its keyword: `( expr_inner )`.
    fn check(&mut self) -> R<Expr> {
        self.expect(b'(')?;
        let e = self.extent(Stop::Inner)?;
        self.expect(b')')?;
        self.lower_expr(e)
    }

    /// `references`.
    fn references(&mut self) -> R<ForeignKeyTarget> {
        self.expect_kw("references")?;
        let table = self.object_name()?;
        let columns = self.attempt(Self::ident_list)?.unwrap_or_default();
        let mut target = ForeignKeyTarget {
            table,
            columns,
            on_delete: None,
            on_update: None,
        };
        while let Some((is_delete, action)) = self.attempt(Self::on_action)? {
            let slot = if is_delete {
                &mut target.on_delete
            } else {
                &mut target.on_update
            };
            if slot.is_some() {
                return Err(Miss::Bail);
            }
            *slot = Some(action);
        }
        Ok(target)
    }

    /// `on_delete | on_update`: whether it is `on delete`, and the action.
    fn on_action(&mut self) -> R<(bool, Spanned<ReferentialAction>)> {
        let start = self.pos;
        self.expect_kw("on")?;
        let is_delete = if self.kw("delete") {
            true
        } else {
            self.expect_kw("update")?;
            false
        };
        let action = if self.kw("cascade") {
            ReferentialAction::Cascade
        } else if self.kw("restrict") {
            ReferentialAction::Restrict
        } else if self.kw("set") {
            if self.kw("null") {
                ReferentialAction::SetNull
            } else {
                self.expect_kw("default")?;
                ReferentialAction::SetDefault
            }
        } else {
            self.expect_kw("no")?;
            self.expect_kw("action")?;
            ReferentialAction::NoAction
        };
        Ok((is_delete, Spanned::new(action, self.span_to_token(start))))
    }

    // ------------------------------------------------------------ constraints

    /// `constraint_body`.
    pub fn constraint_body(&mut self) -> R<ConstraintKind> {
        if self.kw("primary") {
            self.expect_kw("key")?;
            let columns = self.ident_list()?;
            Ok(ConstraintKind::PrimaryKey { columns })
        } else if self.kw("unique") {
            let columns = self.ident_list()?;
            Ok(ConstraintKind::Unique { columns })
        } else if self.kw("foreign") {
            self.expect_kw("key")?;
            let columns = self.ident_list()?;
            let target = self.references()?;
            self.lw.foreign_key(columns, target).ok_or(Miss::Bail)
        } else if self.kw("check") {
            Ok(ConstraintKind::Check {
                expr: self.check()?,
            })
        } else {
            Err(Miss::NoMatch)
        }
    }

    /// `not_valid?`, checked against the constraint's kind.
    pub fn not_valid(&mut self, kind: &ConstraintKind) -> R<Option<Span>> {
        let start = self.pos;
        let found = self.attempt(|s| {
            s.expect_kw("not")?;
            s.expect_kw("valid")
        })?;
        let not_valid = found.map(|()| self.span(start..self.end));
        self.lw.check_not_valid(kind, not_valid).ok_or(Miss::Bail)?;
        Ok(not_valid)
    }

    /// `table_constraint`.
    fn table_constraint(&mut self) -> R<TableConstraint> {
        let start = self.pos;
        let name = self.attempt(|s| {
            s.expect_kw("constraint")?;
            s.ident()
        })?;
        let kind = self.constraint_body()?;
        let not_valid = self.not_valid(&kind)?;
        let span = self.span_from(start)?;
        Ok(TableConstraint {
            name,
            kind,
            not_valid,
            span,
        })
    }

    /// `table_body`. A column defined twice is left to pest.
    pub fn table_body(&mut self) -> R<TableBody> {
        let start = self.pos;
        self.expect(b'(')?;
        let mut body = TableBody::default();
        loop {
            if let Some(c) = self.attempt(Self::table_constraint)? {
                body.constraints.push(c);
            } else {
                let def = self.column_def().map_err(|_| Miss::Bail)?;
                if body.columns.iter().any(|c| c.name.name == def.name.name) {
                    return Err(Miss::Bail);
                }
                body.columns.push(def);
            }
            if !self.punct(b',') || self.peek() == Some(b')') {
                break;
            }
        }
        self.expect(b')').map_err(|_| Miss::Bail)?;
        body.span = self.span_to_token(start);
        Ok(body)
    }
}
