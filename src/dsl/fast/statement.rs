//! The statements. Each starts with a keyword pair no other statement
//! starts with, so the first two keywords choose the rule, and a rule that
//! then fails means the statement does not parse.

use super::scan::{Miss, R, Scanner, Stop};
use crate::ir::*;

impl Scanner<'_> {
    /// `statement`, which started at `start`.
    pub(super) fn statement(&mut self, start: usize) -> R<Op> {
        if self.kw("create") {
            if self.kw("table") {
                self.create_table()
            } else if self.kw("enum") {
                self.create_enum()
            } else {
                self.create_index()
            }
        } else if self.kw("drop") {
            if self.kw("table") {
                self.drop_table()
            } else if self.kw("column") {
                self.drop_column(start)
            } else if self.kw("index") {
                self.drop_index()
            } else if self.kw("constraint") {
                let (name, table) = self.named_constraint()?;
                Ok(Op::DropConstraint(Box::new(DropConstraint { name, table })))
            } else {
                self.expect_kw("enum")?;
                let if_exists = self.if_exists()?;
                let name = self.object_name()?;
                Ok(Op::DropEnum(Box::new(DropEnum { if_exists, name })))
            }
        } else if self.kw("rename") {
            self.rename()
        } else if self.kw("add") {
            if self.kw("column") {
                self.add_column(start)
            } else {
                self.add_constraint(start)
            }
        } else if self.kw("alter") {
            if self.kw("column") {
                self.alter_column()
            } else {
                self.alter_enum()
            }
        } else if self.kw("validate") {
            self.expect_kw("constraint")?;
            let (name, table) = self.named_constraint()?;
            Ok(Op::ValidateConstraint(Box::new(ValidateConstraint {
                name,
                table,
            })))
        } else if self.kw("backfill") {
            self.backfill()
        } else if self.kw("insert") {
            self.insert()
        } else if self.kw("comment") {
            self.comment_on()
        } else if self.kw("sql") {
            self.raw_sql()
        } else if self.kw("opaque") {
            self.opaque(start)
        } else {
            Err(Miss::NoMatch)
        }
    }

    fn if_exists(&mut self) -> R<bool> {
        let found = self.attempt(|s| {
            s.expect_kw("if")?;
            s.expect_kw("exists")
        })?;
        Ok(found.is_some())
    }

    fn if_not_exists(&mut self) -> R<bool> {
        let found = self.attempt(|s| {
            s.expect_kw("if")?;
            s.expect_kw("not")?;
            s.expect_kw("exists")
        })?;
        Ok(found.is_some())
    }

    fn create_table(&mut self) -> R<Op> {
        let if_not_exists = self.if_not_exists()?;
        let name = self.object_name()?;
        let body = self.table_body()?;
        Ok(Op::CreateTable(Box::new(CreateTable {
            if_not_exists,
            name,
            body,
        })))
    }

    fn drop_table(&mut self) -> R<Op> {
        let if_exists = self.if_exists()?;
        let name = self.object_name()?;
        let definition = self.attempt(Self::table_body)?;
        Ok(Op::DropTable(Box::new(DropTable {
            if_exists,
            name,
            definition,
        })))
    }

    fn rename(&mut self) -> R<Op> {
        if self.kw("table") {
            let from = self.object_name()?;
            self.expect_kw("to")?;
            let to = self.ident()?;
            Ok(Op::RenameTable(Box::new(RenameTable { from, to })))
        } else {
            self.expect_kw("column")?;
            let column = self.column_path()?;
            self.expect_kw("to")?;
            let to = self.ident()?;
            Ok(Op::RenameColumn(Box::new(RenameColumn { column, to })))
        }
    }

    fn add_column(&mut self, start: usize) -> R<Op> {
        let if_not_exists = self.if_not_exists()?;
        let path = self.column_path()?;
        let ty = self.type_expr()?;
        let mut column = self.column_options(path.column.clone(), ty)?;
        column.span = path.column.span.to(self.span_from(start)?);
        Ok(Op::AddColumn(Box::new(AddColumn {
            if_not_exists,
            table: path.table,
            column,
        })))
    }

    fn drop_column(&mut self, start: usize) -> R<Op> {
        let if_exists = self.if_exists()?;
        let column = self.column_path()?;
        let definition = match self.attempt(Self::type_expr)? {
            Some(ty) => {
                let mut def = self.column_options(column.column.clone(), ty)?;
                def.span = column.column.span.to(self.span_from(start)?);
                Some(def)
            }
            None => None,
        };
        Ok(Op::DropColumn(Box::new(DropColumn {
            if_exists,
            column,
            definition,
        })))
    }

    fn alter_column(&mut self) -> R<Op> {
        let column = self.column_path()?;
        let action = if self.kw("set") {
            if self.kw("not") {
                self.expect_kw("null")?;
                AlterColumnAction::SetNotNull
            } else if self.kw("default") {
                AlterColumnAction::SetDefault(self.expr(Stop::Tokens)?)
            } else {
                self.expect_kw("data")?;
                self.set_type()?
            }
        } else if self.kw("drop") {
            if self.kw("not") {
                self.expect_kw("null")?;
                AlterColumnAction::DropNotNull
            } else {
                self.expect_kw("default")?;
                AlterColumnAction::DropDefault
            }
        } else if self.kw("comment") {
            AlterColumnAction::SetComment(self.string_or_null()?)
        } else {
            self.set_type()?
        };
        Ok(Op::AlterColumn(Box::new(AlterColumn { column, action })))
    }

    /// `type TYPE [using EXPR]`.
    fn set_type(&mut self) -> R<AlterColumnAction> {
        self.expect_kw("type")?;
        let ty = self.type_expr()?;
        let using = if self.kw("using") {
            Some(self.expr(Stop::Tokens)?)
        } else {
            None
        };
        Ok(AlterColumnAction::SetType { ty, using })
    }

    /// `sql_string | comment_null`.
    fn string_or_null(&mut self) -> R<Option<Spanned<String>>> {
        if self.kw("null") {
            Ok(None)
        } else {
            Ok(Some(self.sql_string()?))
        }
    }

    fn create_index(&mut self) -> R<Op> {
        let unique = self.kw("unique");
        self.expect_kw("index")?;
        let concurrently = self.kw_span("concurrently");
        let if_not_exists = self.if_not_exists()?;
        let name = self.ident()?;
        self.expect_kw("on")?;
        let table = self.object_name()?;
        let using = self.attempt(|s| {
            s.expect_kw("using")?;
            s.ident()
        })?;
        self.expect(b'(')?;
        let mut elements = vec![self.index_element()?];
        while self.punct(b',') {
            elements.push(self.index_element()?);
        }
        self.expect(b')')?;
        let include = self
            .attempt(|s| {
                s.expect_kw("include")?;
                s.ident_list()
            })?
            .unwrap_or_default();
        let where_clause = if self.kw("where") {
            Some(self.expr(Stop::Tokens)?)
        } else {
            None
        };
        Ok(Op::CreateIndex(Box::new(CreateIndex {
            unique,
            concurrently,
            if_not_exists,
            name,
            table,
            using,
            elements,
            include,
            where_clause,
        })))
    }

    /// `index_elem`: `(EXPR)`, `func(args)` or a column, then its order.
    fn index_element(&mut self) -> R<IndexElement> {
        let start = self.pos;
        let kind = if self.peek() == Some(b'(') {
            self.expect(b'(')?;
            let e = self.extent(Stop::Inner)?;
            self.expect(b')')?;
            IndexElementKind::Expr(self.lower_expr(e)?)
        } else if let Some(call) = self.attempt(|s| {
            s.object_name()?;
            s.group_extent(start)
        })? {
            IndexElementKind::Expr(self.lower_expr(call)?)
        } else {
            IndexElementKind::Column(self.ident()?)
        };
        let descending = if self.kw("asc") {
            false
        } else {
            self.kw("desc")
        };
        let nulls_first = self.attempt(|s| {
            s.expect_kw("nulls")?;
            if s.kw("first") {
                Ok(true)
            } else {
                s.expect_kw("last")?;
                Ok(false)
            }
        })?;
        let span = self.span_from(start)?;
        Ok(IndexElement {
            kind,
            descending,
            nulls_first,
            span,
        })
    }

    fn drop_index(&mut self) -> R<Op> {
        let concurrently = self.kw_span("concurrently");
        let if_exists = self.if_exists()?;
        let name = self.object_name()?;
        let table = self.attempt(|s| {
            s.expect_kw("on")?;
            s.object_name()
        })?;
        Ok(Op::DropIndex(Box::new(DropIndex {
            concurrently,
            if_exists,
            name,
            table,
        })))
    }

    fn add_constraint(&mut self, start: usize) -> R<Op> {
        self.expect_kw("constraint")?;
        let name = self.ident()?;
        self.expect_kw("on")?;
        let table = self.object_name()?;
        let kind = self.constraint_body()?;
        let not_valid = self.not_valid(&kind)?;
        let span = self.span_from(start)?;
        Ok(Op::AddConstraint(Box::new(AddConstraint {
            table,
            constraint: TableConstraint {
                name: Some(name),
                kind,
                not_valid,
                span,
            },
        })))
    }

    /// `N on T` of `validate constraint` and `drop constraint`.
    fn named_constraint(&mut self) -> R<(Ident, ObjectName)> {
        let name = self.ident()?;
        self.expect_kw("on")?;
        let table = self.object_name()?;
        Ok((name, table))
    }

    fn create_enum(&mut self) -> R<Op> {
        let name = self.object_name()?;
        self.expect(b'(')?;
        let mut values = vec![self.sql_string()?];
        while self.punct(b',') {
            let v = self.sql_string()?;
            if values.iter().any(|x| x.value == v.value) {
                return Err(Miss::Bail);
            }
            values.push(v);
        }
        self.expect(b')')?;
        Ok(Op::CreateEnum(Box::new(CreateEnum { name, values })))
    }

    fn alter_enum(&mut self) -> R<Op> {
        self.expect_kw("enum")?;
        let name = self.object_name()?;
        self.expect_kw("add")?;
        self.expect_kw("value")?;
        let value = self.sql_string()?;
        let position = if self.kw("before") {
            Some(EnumValuePosition::Before(self.sql_string()?))
        } else if self.kw("after") {
            Some(EnumValuePosition::After(self.sql_string()?))
        } else {
            None
        };
        Ok(Op::AddEnumValue(Box::new(AddEnumValue {
            name,
            value,
            position,
        })))
    }

    fn backfill(&mut self) -> R<Op> {
        let table = self.object_name()?;
        self.expect_kw("set")?;
        let mut assignments: Vec<Assignment> = Vec::new();
        loop {
            let column = self.ident()?;
            self.expect(b'=')?;
            let value = self.expr(Stop::Value)?;
            if assignments.iter().any(|a| a.column.name == column.name) {
                return Err(Miss::Bail);
            }
            assignments.push(Assignment { column, value });
            if !self.punct(b',') {
                break;
            }
        }
        let where_clause = if self.kw("where") {
            Some(self.expr(Stop::Filter)?)
        } else {
            None
        };
        let batch = if self.kw("batch") {
            let n = self.int()?;
            Some(self.lw.batch_size(n).ok_or(Miss::Bail)?)
        } else {
            None
        };
        Ok(Op::Backfill(Box::new(Backfill {
            table,
            assignments,
            where_clause,
            batch,
        })))
    }

    fn insert(&mut self) -> R<Op> {
        self.expect_kw("into")?;
        let table = self.object_name()?;
        let columns = self.ident_list()?;
        self.expect_kw("values")?;
        let mut rows = Vec::new();
        loop {
            self.expect(b'(')?;
            let mut row = vec![self.expr(Stop::Tokens)?];
            while self.punct(b',') {
                row.push(self.expr(Stop::Tokens)?);
            }
            self.expect(b')')?;
            if row.len() != columns.len() {
                return Err(Miss::Bail);
            }
            rows.push(row);
            if !self.punct(b',') {
                break;
            }
        }
        Ok(Op::Insert(Box::new(Insert {
            table,
            columns,
            rows,
        })))
    }

    fn comment_on(&mut self) -> R<Op> {
        self.expect_kw("on")?;
        let target = if self.kw("table") {
            CommentTarget::Table(self.object_name()?)
        } else {
            self.expect_kw("column")?;
            CommentTarget::Column(self.column_path()?)
        };
        self.expect_kw("is")?;
        let text = self.string_or_null()?;
        Ok(Op::Comment(Box::new(Comment { target, text })))
    }

    fn raw_sql(&mut self) -> R<Op> {
        let dialect = match self.attempt(Self::bare_word)? {
            Some((word, span)) => Some(self.lw.dialect_at(word, span).ok_or(Miss::Bail)?),
            None => None,
        };
        let sql = self.string()?;
        let reverse = if self.kw("reverse") {
            Some(self.string()?)
        } else {
            None
        };
        let text = |s: Spanned<String>| SqlText {
            text: s.value,
            span: s.span,
        };
        Ok(Op::Sql(Box::new(RawSql {
            written_for: None,
            opaque_source: false,
            opaque_reason: None,
            dialect,
            sql: text(sql),
            reverse: reverse.map(text),
            analysis: None,
        })))
    }

    fn opaque(&mut self, start: usize) -> R<Op> {
        let source = self.string()?;
        let reason = if self.kw("because") {
            Some(self.string()?)
        } else {
            None
        };
        let span = self.span_from(start)?;
        Ok(self.lw.opaque_at(span, source, reason))
    }
}
