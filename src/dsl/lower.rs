//! Lowering of pest pairs into IR operations.
//!
//! Each function takes the pair of one grammar rule. A problem becomes a
//! diagnostic and the operation is dropped (`None`), so the rest of the
//! file is still lowered and checked.

use super::Rule;
use crate::diagnostic::Diagnostic;
use crate::dialect::DialectId;
use crate::ir::types::{TYPE_NAMES, TypeNameError, type_from_name};
use crate::ir::*;
use crate::source::{FileId, Span};
use crate::sql::expr::parse_expr;
use pest::iterators::Pair;

pub(super) struct Lowerer<'t> {
    pub file: FileId,
    pub text: &'t str,
    pub diags: Vec<Diagnostic>,
    /// Set once an unterminated string is reported: everything after it is
    /// inside the string, so follow-on errors would only be noise.
    pub reported_unterminated: bool,
}

type P<'t> = Pair<'t, Rule>;

/// Length of `text` without trailing whitespace and `#`/`--` comments.
pub(super) fn trim_trivia(text: &str) -> usize {
    let mut end = text.len();
    loop {
        let trimmed = text[..end].trim_end();
        if trimmed.len() == end {
            return end;
        }
        let line_start = trimmed.rfind('\n').map_or(0, |i| i + 1);
        let code = super::syntax_error::code_part(&trimmed[line_start..]);
        end = line_start + code.len();
        if end == trimmed.len() {
            return end;
        }
    }
}

impl<'t> Lowerer<'t> {
    pub fn new(file: FileId, text: &'t str) -> Lowerer<'t> {
        Lowerer {
            file,
            text,
            diags: Vec::new(),
            reported_unterminated: false,
        }
    }

    /// The pair's span without trailing whitespace and comments, which
    /// pest includes when a rule ends in an optional or repeated part that
    /// did not match.
    pub fn span(&self, pair: &P<'_>) -> Span {
        let s = pair.as_span();
        let end = trim_trivia(&self.text[s.start()..s.end()]) + s.start();
        Span::new(self.file, s.start()..end)
    }

    fn error(&mut self, diagnostic: Diagnostic) {
        self.diags.push(diagnostic);
    }

    // ------------------------------------------------------------ lexical

    /// Reports an unterminated string inside `pair`, if any. Returns whether
    /// one was found.
    pub fn check_unterminated(&mut self, pair: &P<'_>) -> bool {
        let found = pair
            .clone()
            .into_inner()
            .flatten()
            .find(|p| matches!(p.as_rule(), Rule::unterminated | Rule::unterminated_sql));
        let Some(end) = found else {
            return false;
        };
        // The string starts at its opening quote: the innermost string
        // pair that contains the marker.
        let start = pair
            .clone()
            .into_inner()
            .flatten()
            .filter(|p| {
                matches!(
                    p.as_rule(),
                    Rule::dq_string | Rule::triple_string | Rule::sql_string
                ) && p.as_span().end() == end.as_span().end()
            })
            .map(|p| p.as_span().start())
            .next()
            .unwrap_or(pair.as_span().start());
        if !self.reported_unterminated {
            let span = Span::new(self.file, start..end.as_span().end());
            let closing = if self.text[start..].starts_with("\"\"\"") {
                "\"\"\""
            } else if self.text[start..].starts_with('\'') {
                "'"
            } else {
                "\""
            };
            self.error(
                Diagnostic::error("unterminated-string", "unterminated string")
                    .with_primary(
                        Span::new(self.file, start..start + closing.len()),
                        "this string is never closed",
                    )
                    .with_secondary(span, "the string runs to here")
                    .with_help(format!("close it with `{closing}`")),
            );
        }
        self.reported_unterminated = true;
        true
    }

    /// A header or raw-SQL string (`"…"` or `"""…"""`), unescaped.
    pub fn string(&mut self, pair: P<'_>) -> Spanned<String> {
        let outer = self.span(&pair);
        self.check_unterminated(&pair);
        let Some(lit) = pair.into_inner().next() else {
            return Spanned::new(String::new(), outer);
        };
        let is_triple = lit.as_rule() == Rule::triple_string;
        let Some(inner) = lit.into_inner().next() else {
            return Spanned::new(String::new(), outer);
        };
        let span = self.span(&inner);
        if is_triple {
            return Spanned::new(inner.as_str().to_string(), span);
        }
        Spanned::new(self.dq_value(inner.as_str(), span), span)
    }

    /// The value of the inside of a `"…"` string whose trimmed inside
    /// starts at `span`: the escapes resolved, an unknown one reported.
    pub fn dq_value(&mut self, inner: &str, span: Span) -> String {
        let mut value = String::with_capacity(inner.len());
        let mut chars = inner.char_indices();
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                value.push(c);
                continue;
            }
            match chars.next() {
                Some((_, '"')) => value.push('"'),
                Some((_, '\\')) => value.push('\\'),
                Some((_, 'n')) => value.push('\n'),
                Some((_, 't')) => value.push('\t'),
                Some((j, other)) => {
                    let at = span.start as usize + i;
                    self.error(
                        Diagnostic::error("invalid-escape", format!("unknown escape `\\{other}`"))
                            .with_primary(
                                Span::new(self.file, at..at + 1 + j - i),
                                "not an escape",
                            )
                            .with_help(
                                "use `\\\"`, `\\\\`, `\\n` or `\\t`, or a raw `\"\"\"…\"\"\"` string",
                            ),
                    );
                    value.push(other);
                }
                None => value.push('\\'),
            }
        }
        value
    }

    /// A SQL string literal `'…'`, unescaped.
    fn sql_string(&mut self, pair: P<'_>) -> Spanned<String> {
        let outer = self.span(&pair);
        self.check_unterminated(&pair);
        let value = pair
            .into_inner()
            .find(|p| p.as_rule() == Rule::sq_inner)
            .map(|p| sq_value(p.as_str()))
            .unwrap_or_default();
        Spanned::new(value, outer)
    }

    pub fn ident(&mut self, pair: P<'_>) -> Ident {
        let span = self.span(&pair);
        let Some(inner) = pair.into_inner().next() else {
            return Ident {
                name: String::new(),
                span,
            };
        };
        match inner.as_rule() {
            Rule::quoted_ident => {
                let raw = inner.into_inner().next().map_or("", |p| p.as_str());
                self.quoted_ident(raw, span)
            }
            _ => bare_ident(inner.as_str(), span),
        }
    }

    /// A quoted name from the inside of its quotes (`""` for a quote).
    pub fn quoted_ident(&mut self, inner: &str, span: Span) -> Ident {
        let name = inner.replace("\"\"", "\"");
        if name.is_empty() {
            self.error(
                Diagnostic::error("invalid-identifier", "a quoted name cannot be empty")
                    .with_primary(span, "empty name"),
            );
        }
        Ident { name, span }
    }

    fn object_name(&mut self, pair: P<'_>) -> ObjectName {
        let span = self.span(&pair);
        let mut idents: Vec<Ident> = pair.into_inner().map(|p| self.ident(p)).collect();
        let name = idents.pop().unwrap_or(Ident {
            name: String::new(),
            span,
        });
        ObjectName {
            schema: idents.pop(),
            name,
            span,
        }
    }

    fn column_path(&mut self, pair: P<'_>) -> ColumnRef {
        let span = self.span(&pair);
        let mut idents: Vec<Ident> = pair.into_inner().map(|p| self.ident(p)).collect();
        let column = idents.pop().unwrap_or(Ident {
            name: String::new(),
            span,
        });
        let name = idents.pop().unwrap_or(Ident {
            name: String::new(),
            span,
        });
        column_ref(idents.pop(), name, column, span)
    }

    fn ident_list(&mut self, pair: P<'_>) -> Vec<Ident> {
        pair.into_inner().map(|p| self.ident(p)).collect()
    }

    fn int(&mut self, pair: P<'_>) -> Option<Spanned<u64>> {
        let span = self.span(&pair);
        self.int_at(pair.as_str(), span)
    }

    /// The digits of an `int_lit`.
    pub fn int_at(&mut self, text: &str, span: Span) -> Option<Spanned<u64>> {
        match text.parse::<u64>() {
            Ok(n) => Some(Spanned::new(n, span)),
            Err(_) => {
                self.error(
                    Diagnostic::error("invalid-number", "this number is too large")
                        .with_primary(span, "does not fit in 64 bits"),
                );
                None
            }
        }
    }

    // ------------------------------------------------------------ expressions

    /// Parses the text of an expression-capturing rule with sqlparser.
    fn expr(&mut self, pair: P<'_>) -> Option<Expr> {
        if self.check_unterminated(&pair) {
            return None;
        }
        let span = self.span(&pair);
        self.expr_at(pair.as_str(), span)
    }

    /// An expression's text as the grammar delimits it (trailing
    /// whitespace and comments included when the rule took them); `span`
    /// is the text without those.
    pub fn expr_at(&mut self, text: &str, span: Span) -> Option<Expr> {
        match parse_expr(text, span) {
            Ok(e) => Some(e),
            Err(d) => {
                self.error(d);
                None
            }
        }
    }

    // ------------------------------------------------------------ types

    fn type_expr(&mut self, pair: P<'_>) -> Option<TypeRef> {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let base = inner.next()?;
        let mut ty = match base.as_rule() {
            Rule::enum_type => {
                let name = base
                    .into_inner()
                    .find(|p| p.as_rule() == Rule::object_name)?;
                DataType::Enum(self.object_name(name))
            }
            Rule::double_precision => DataType::Double,
            _ => self.named_type(base)?,
        };
        for _array in inner {
            ty = DataType::Array(Box::new(ty));
        }
        Some(TypeRef { ty, span })
    }

    fn named_type(&mut self, pair: P<'_>) -> Option<DataType> {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let name_pair = inner.next()?;
        let name_span = self.span(&name_pair);
        let params: Vec<(&str, Span)> = inner
            .next()
            .map(|list| {
                list.into_inner()
                    .map(|param| (param.as_str(), self.span(&param)))
                    .collect()
            })
            .unwrap_or_default();
        self.named_type_at(name_pair.as_str(), name_span, &params, span)
    }

    /// A type by its name and the texts of its parameters (`20` in
    /// `varchar(20)`, each as the grammar delimits it).
    pub fn named_type_at(
        &mut self,
        name: &str,
        name_span: Span,
        param_texts: &[(&str, Span)],
        span: Span,
    ) -> Option<DataType> {
        let name = lower_case(name);
        let mut params = Vec::with_capacity(param_texts.len());
        let mut params_ok = true;
        for &(text, pspan) in param_texts {
            let text = text.trim();
            match text.parse::<u64>() {
                Ok(n) => params.push(n),
                Err(_) => {
                    self.error(
                        Diagnostic::error(
                            "invalid-type-parameter",
                            format!("type parameters are whole numbers, not `{text}`"),
                        )
                        .with_primary(pspan, "expected a number")
                        .with_help(format!("for example `{name}(20)`")),
                    );
                    params_ok = false;
                }
            }
        }
        if !params_ok {
            return None;
        }
        match type_from_name(&name, &params) {
            Ok(ty) => Some(ty),
            Err(TypeNameError::Unknown) => {
                self.error(
                    Diagnostic::error("unknown-type", format!("unknown type `{name}`"))
                        .with_primary(name_span, "not a migc type")
                        .with_note(format!("the types are: {}", TYPE_NAMES.join(", ")))
                        .with_help(format!(
                            "for a type created with `create enum`, write `enum {name}`"
                        )),
                );
                None
            }
            Err(TypeNameError::BadParameters(message)) => {
                self.error(
                    Diagnostic::error("invalid-type-parameter", message)
                        .with_primary(span, "invalid parameters"),
                );
                None
            }
        }
    }

    // ------------------------------------------------------------ columns

    /// A column definition: the name (absent for `add column T.C …`, which
    /// passes it in), the type and the options.
    fn column_def(
        &mut self,
        name: Ident,
        ty: TypeRef,
        options: Vec<P<'_>>,
        span: Span,
    ) -> Option<ColumnDef> {
        let mut def = ColumnDef::new(name, ty, span);
        let mut ok = true;
        let mut seen: Vec<(&'static str, Span)> = Vec::new();
        for option in options {
            let ospan = self.span(&option);
            let kind = match option.as_rule() {
                Rule::not_null | Rule::null_opt => "nullability",
                Rule::default_opt => "default",
                Rule::identity_opt => "identity",
                Rule::comment_opt => "comment",
                _ => "",
            };
            if !kind.is_empty() {
                if let Some((_, first)) = seen.iter().find(|(k, _)| *k == kind) {
                    self.error(
                        Diagnostic::error(
                            "conflicting-column-option",
                            format!("the column's {kind} is given twice"),
                        )
                        .with_primary(ospan, "given again here")
                        .with_secondary(*first, "first given here"),
                    );
                    ok = false;
                    continue;
                }
                seen.push((kind, ospan));
            }
            match option.as_rule() {
                Rule::not_null => def.nullable = Some(Spanned::new(false, ospan)),
                Rule::null_opt => def.nullable = Some(Spanned::new(true, ospan)),
                Rule::default_opt => {
                    let e = option
                        .into_inner()
                        .find(|p| p.as_rule() == Rule::expr_default)
                        .and_then(|p| self.expr(p));
                    ok &= e.is_some();
                    def.default = e;
                }
                Rule::identity_opt => {
                    let always = option
                        .into_inner()
                        .any(|p| p.as_rule() == Rule::identity_always);
                    def.identity = Some(Identity {
                        always,
                        span: ospan,
                    });
                }
                Rule::comment_opt => {
                    def.comment = option
                        .into_inner()
                        .find(|p| p.as_rule() == Rule::sql_string)
                        .map(|p| self.sql_string(p));
                }
                Rule::column_constraint => match self.column_constraint(option) {
                    Some(c) => def.constraints.push(c),
                    None => ok = false,
                },
                _ => {}
            }
        }
        ok &= self.identity_fits(&def);
        ok.then_some(def)
    }

    /// Whether the column's identity, if any, is on an integer type.
    pub fn identity_fits(&mut self, def: &ColumnDef) -> bool {
        if def.identity.is_some() && !def.ty.ty.is_integer() {
            self.error(
                Diagnostic::error(
                    "invalid-identity",
                    format!("an identity column must be an integer, not `{}`", def.ty.ty),
                )
                .with_primary(def.ty.span, "not an integer type"),
            );
            return false;
        }
        true
    }

    fn column_constraint(&mut self, pair: P<'_>) -> Option<ColumnConstraint> {
        let span = self.span(&pair);
        let mut name = None;
        let mut kind = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::constraint_name => name = p.into_inner().nth(1).map(|i| self.ident(i)),
                Rule::inline_primary_key => kind = Some(ColumnConstraintKind::PrimaryKey),
                Rule::inline_unique => kind = Some(ColumnConstraintKind::Unique),
                Rule::references => {
                    kind = Some(ColumnConstraintKind::References(self.references(p)?));
                }
                Rule::check => kind = Some(ColumnConstraintKind::Check(self.check(p)?)),
                _ => {}
            }
        }
        Some(ColumnConstraint {
            name,
            kind: kind?,
            span,
        })
    }

    fn check(&mut self, pair: P<'_>) -> Option<Expr> {
        let inner = pair
            .into_inner()
            .find(|p| p.as_rule() == Rule::expr_inner)?;
        self.expr(inner)
    }

    fn references(&mut self, pair: P<'_>) -> Option<ForeignKeyTarget> {
        let mut table = None;
        let mut columns = Vec::new();
        let mut on_delete = None;
        let mut on_update = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::object_name => table = Some(self.object_name(p)),
                Rule::ident_list => columns = self.ident_list(p),
                Rule::on_delete | Rule::on_update => {
                    let is_delete = p.as_rule() == Rule::on_delete;
                    let span = self.span(&p);
                    let action = p
                        .into_inner()
                        .find(|a| a.as_rule() == Rule::ref_action)
                        .and_then(|a| a.into_inner().next())
                        .map(|a| match a.as_rule() {
                            Rule::act_cascade => ReferentialAction::Cascade,
                            Rule::act_restrict => ReferentialAction::Restrict,
                            Rule::act_set_null => ReferentialAction::SetNull,
                            Rule::act_set_default => ReferentialAction::SetDefault,
                            _ => ReferentialAction::NoAction,
                        })?;
                    let slot = if is_delete {
                        &mut on_delete
                    } else {
                        &mut on_update
                    };
                    if slot.is_some() {
                        let which = if is_delete { "on delete" } else { "on update" };
                        self.error(
                            Diagnostic::error(
                                "conflicting-column-option",
                                format!("`{which}` is given twice"),
                            )
                            .with_primary(span, "given again here"),
                        );
                        return None;
                    }
                    *slot = Some(Spanned::new(action, span));
                }
                _ => {}
            }
        }
        Some(ForeignKeyTarget {
            table: table?,
            columns,
            on_delete,
            on_update,
        })
    }

    fn table_constraint(&mut self, pair: P<'_>) -> Option<TableConstraint> {
        let span = self.span(&pair);
        let mut name = None;
        let mut kind = None;
        let mut not_valid = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::constraint_name => name = p.into_inner().nth(1).map(|i| self.ident(i)),
                Rule::not_valid => not_valid = Some(self.span(&p)),
                _ => kind = self.constraint_kind(p).or(kind),
            }
        }
        let kind = kind?;
        self.check_not_valid(&kind, not_valid)?;
        Some(TableConstraint {
            name,
            kind,
            not_valid,
            span,
        })
    }

    /// `not valid` only means something for foreign keys and checks.
    pub fn check_not_valid(
        &mut self,
        kind: &ConstraintKind,
        not_valid: Option<Span>,
    ) -> Option<()> {
        if let (Some(span), ConstraintKind::PrimaryKey { .. } | ConstraintKind::Unique { .. }) =
            (not_valid, kind)
        {
            self.error(
                Diagnostic::error(
                    "invalid-not-valid",
                    format!("a {} constraint cannot be `not valid`", kind.describe()),
                )
                .with_primary(span, "only foreign key and check constraints can be")
                .with_help(
                    "build a unique index concurrently first, then add the constraint using it",
                ),
            );
            return None;
        }
        Some(())
    }

    fn constraint_kind(&mut self, p: P<'_>) -> Option<ConstraintKind> {
        match p.as_rule() {
            Rule::primary_key => {
                let cols = p.into_inner().find(|c| c.as_rule() == Rule::ident_list)?;
                Some(ConstraintKind::PrimaryKey {
                    columns: self.ident_list(cols),
                })
            }
            Rule::unique => {
                let cols = p.into_inner().find(|c| c.as_rule() == Rule::ident_list)?;
                Some(ConstraintKind::Unique {
                    columns: self.ident_list(cols),
                })
            }
            Rule::foreign_key => {
                let mut columns = Vec::new();
                let mut target = None;
                for c in p.into_inner() {
                    match c.as_rule() {
                        Rule::ident_list => columns = self.ident_list(c),
                        Rule::references => target = Some(self.references(c)?),
                        _ => {}
                    }
                }
                self.foreign_key(columns, target?)
            }
            Rule::check => Some(ConstraintKind::Check {
                expr: self.check(p)?,
            }),
            _ => None,
        }
    }

    /// A foreign key whose target, when it names columns, names as many.
    pub fn foreign_key(
        &mut self,
        columns: Vec<Ident>,
        target: ForeignKeyTarget,
    ) -> Option<ConstraintKind> {
        if !target.columns.is_empty() && target.columns.len() != columns.len() {
            self.error(
                Diagnostic::error(
                    "foreign-key-arity",
                    format!(
                        "the foreign key has {} column(s) but references {}",
                        columns.len(),
                        target.columns.len()
                    ),
                )
                .with_primary(target.table.span, "column counts differ"),
            );
            return None;
        }
        Some(ConstraintKind::ForeignKey { columns, target })
    }

    fn table_body(&mut self, pair: P<'_>) -> Option<TableBody> {
        let span = self.span(&pair);
        let mut body = TableBody {
            columns: Vec::new(),
            constraints: Vec::new(),
            span,
        };
        let mut ok = true;
        for elem in pair.into_inner() {
            match elem.as_rule() {
                Rule::column_def => {
                    let espan = self.span(&elem);
                    let mut inner = elem.into_inner();
                    let (Some(name), Some(ty)) = (inner.next(), inner.next()) else {
                        ok = false;
                        continue;
                    };
                    let name = self.ident(name);
                    let ty = self.type_expr(ty);
                    let options: Vec<_> = inner.collect();
                    match ty.and_then(|ty| self.column_def(name, ty, options, espan)) {
                        Some(def) => {
                            if let Some(first) =
                                body.columns.iter().find(|c| c.name.name == def.name.name)
                            {
                                self.error(
                                    Diagnostic::error(
                                        "duplicate-column",
                                        format!("column `{}` is defined twice", def.name.name),
                                    )
                                    .with_primary(def.name.span, "defined again here")
                                    .with_secondary(first.name.span, "first defined here"),
                                );
                                ok = false;
                            } else {
                                body.columns.push(def);
                            }
                        }
                        None => ok = false,
                    }
                }
                Rule::table_constraint => match self.table_constraint(elem) {
                    Some(c) => body.constraints.push(c),
                    None => ok = false,
                },
                _ => {}
            }
        }
        ok.then_some(body)
    }

    // ------------------------------------------------------------ statements

    pub fn statement(&mut self, pair: P<'_>) -> Option<Stmt> {
        let span = self.span(&pair);
        let op = match pair.as_rule() {
            Rule::create_table => self.create_table(pair),
            Rule::drop_table => self.drop_table(pair),
            Rule::rename_table => self.rename_table(pair),
            Rule::add_column => self.add_column(pair),
            Rule::drop_column => self.drop_column(pair),
            Rule::rename_column => self.rename_column(pair),
            Rule::alter_column => self.alter_column(pair),
            Rule::create_index => self.create_index(pair),
            Rule::drop_index => self.drop_index(pair),
            Rule::add_constraint => self.add_constraint(pair),
            Rule::validate_constraint => self.named_constraint(pair, true),
            Rule::drop_constraint => self.named_constraint(pair, false),
            Rule::create_enum => self.create_enum(pair),
            Rule::alter_enum => self.alter_enum(pair),
            Rule::drop_enum => self.drop_enum(pair),
            Rule::backfill => self.backfill(pair),
            Rule::insert => self.insert(pair),
            Rule::comment_on => self.comment_on(pair),
            Rule::raw_sql => self.raw_sql(pair),
            Rule::opaque => self.opaque(pair),
            _ => None,
        }?;
        Some(Stmt { op, span })
    }

    fn create_table(&mut self, pair: P<'_>) -> Option<Op> {
        let mut if_not_exists = false;
        let mut name = None;
        let mut body = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::if_not_exists => if_not_exists = true,
                Rule::object_name => name = Some(self.object_name(p)),
                Rule::table_body => body = Some(self.table_body(p)?),
                _ => {}
            }
        }
        Some(Op::CreateTable(Box::new(CreateTable {
            if_not_exists,
            name: name?,
            body: body?,
        })))
    }

    fn drop_table(&mut self, pair: P<'_>) -> Option<Op> {
        let mut if_exists = false;
        let mut name = None;
        let mut definition = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::if_exists => if_exists = true,
                Rule::object_name => name = Some(self.object_name(p)),
                Rule::table_body => definition = Some(self.table_body(p)?),
                _ => {}
            }
        }
        Some(Op::DropTable(Box::new(DropTable {
            if_exists,
            name: name?,
            definition,
        })))
    }

    fn rename_table(&mut self, pair: P<'_>) -> Option<Op> {
        let mut from = None;
        let mut to = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::object_name => from = Some(self.object_name(p)),
                Rule::ident => to = Some(self.ident(p)),
                _ => {}
            }
        }
        Some(Op::RenameTable(Box::new(RenameTable {
            from: from?,
            to: to?,
        })))
    }

    fn add_column(&mut self, pair: P<'_>) -> Option<Op> {
        let span = self.span(&pair);
        let mut if_not_exists = false;
        let mut path = None;
        let mut ty = None;
        let mut options = Vec::new();
        let mut ok = true;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::if_not_exists => if_not_exists = true,
                Rule::column_path => path = Some(self.column_path(p)),
                Rule::type_expr => {
                    ty = self.type_expr(p);
                    ok &= ty.is_some();
                }
                Rule::kw_add | Rule::kw_column => {}
                _ => options.push(p),
            }
        }
        let path = path?;
        let def_span = path.column.span.to(span);
        let column = self.column_def(path.column.clone(), ty?, options, def_span)?;
        ok.then(|| {
            Op::AddColumn(Box::new(AddColumn {
                if_not_exists,
                table: path.table,
                column,
            }))
        })
    }

    fn drop_column(&mut self, pair: P<'_>) -> Option<Op> {
        let span = self.span(&pair);
        let mut if_exists = false;
        let mut path = None;
        let mut ty = None;
        let mut has_type = false;
        let mut options = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::if_exists => if_exists = true,
                Rule::column_path => path = Some(self.column_path(p)),
                Rule::type_expr => {
                    has_type = true;
                    ty = self.type_expr(p);
                }
                Rule::kw_drop | Rule::kw_column => {}
                _ => options.push(p),
            }
        }
        let path = path?;
        let definition = if has_type {
            let def_span = path.column.span.to(span);
            Some(self.column_def(path.column.clone(), ty?, options, def_span)?)
        } else {
            None
        };
        Some(Op::DropColumn(Box::new(DropColumn {
            if_exists,
            column: path,
            definition,
        })))
    }

    fn rename_column(&mut self, pair: P<'_>) -> Option<Op> {
        let mut column = None;
        let mut to = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::column_path => column = Some(self.column_path(p)),
                Rule::ident => to = Some(self.ident(p)),
                _ => {}
            }
        }
        Some(Op::RenameColumn(Box::new(RenameColumn {
            column: column?,
            to: to?,
        })))
    }

    fn alter_column(&mut self, pair: P<'_>) -> Option<Op> {
        let mut column = None;
        let mut action = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::column_path => column = Some(self.column_path(p)),
                Rule::set_not_null => action = Some(AlterColumnAction::SetNotNull),
                Rule::drop_not_null => action = Some(AlterColumnAction::DropNotNull),
                Rule::drop_default => action = Some(AlterColumnAction::DropDefault),
                Rule::set_default => {
                    let e = p.into_inner().find(|c| c.as_rule() == Rule::expr_rest);
                    action = Some(AlterColumnAction::SetDefault(self.expr(e?)?));
                }
                Rule::set_type => {
                    let mut ty = None;
                    let mut using = None;
                    for c in p.into_inner() {
                        match c.as_rule() {
                            Rule::type_expr => ty = Some(self.type_expr(c)?),
                            Rule::using_clause => {
                                let e = c.into_inner().find(|x| x.as_rule() == Rule::expr_rest);
                                using = Some(self.expr(e?)?);
                            }
                            _ => {}
                        }
                    }
                    action = Some(AlterColumnAction::SetType { ty: ty?, using });
                }
                Rule::set_comment => {
                    let text = p
                        .into_inner()
                        .find(|c| c.as_rule() == Rule::sql_string)
                        .map(|c| self.sql_string(c));
                    action = Some(AlterColumnAction::SetComment(text));
                }
                _ => {}
            }
        }
        Some(Op::AlterColumn(Box::new(AlterColumn {
            column: column?,
            action: action?,
        })))
    }

    fn create_index(&mut self, pair: P<'_>) -> Option<Op> {
        let mut unique = false;
        let mut concurrently = None;
        let mut if_not_exists = false;
        let mut name = None;
        let mut table = None;
        let mut using = None;
        let mut elements = Vec::new();
        let mut include = Vec::new();
        let mut where_clause = None;
        let mut ok = true;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::unique_flag => unique = true,
                Rule::concurrently => concurrently = Some(self.span(&p)),
                Rule::if_not_exists => if_not_exists = true,
                Rule::ident => name = Some(self.ident(p)),
                Rule::object_name => table = Some(self.object_name(p)),
                Rule::index_using => using = p.into_inner().nth(1).map(|i| self.ident(i)),
                Rule::index_elems => {
                    for e in p.into_inner() {
                        match self.index_element(e) {
                            Some(el) => elements.push(el),
                            None => ok = false,
                        }
                    }
                }
                Rule::index_include => {
                    if let Some(list) = p.into_inner().nth(1) {
                        include = self.ident_list(list);
                    }
                }
                Rule::index_where => {
                    let e = p.into_inner().find(|c| c.as_rule() == Rule::expr_rest);
                    where_clause = Some(self.expr(e?)?);
                }
                _ => {}
            }
        }
        ok.then_some(())?;
        Some(Op::CreateIndex(Box::new(CreateIndex {
            unique,
            concurrently,
            if_not_exists,
            name: name?,
            table: table?,
            using,
            elements,
            include,
            where_clause,
        })))
    }

    fn index_element(&mut self, pair: P<'_>) -> Option<IndexElement> {
        let span = self.span(&pair);
        let mut kind = None;
        let mut descending = false;
        let mut nulls_first = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => kind = Some(IndexElementKind::Column(self.ident(p))),
                Rule::index_expr => {
                    let inner = p.into_inner().find(|c| c.as_rule() == Rule::expr_inner)?;
                    kind = Some(IndexElementKind::Expr(self.expr(inner)?));
                }
                Rule::index_call => kind = Some(IndexElementKind::Expr(self.expr(p)?)),
                Rule::order_desc => descending = true,
                Rule::nulls_first => nulls_first = Some(true),
                Rule::nulls_last => nulls_first = Some(false),
                _ => {}
            }
        }
        Some(IndexElement {
            kind: kind?,
            descending,
            nulls_first,
            span,
        })
    }

    fn drop_index(&mut self, pair: P<'_>) -> Option<Op> {
        let mut concurrently = None;
        let mut if_exists = false;
        let mut names = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::concurrently => concurrently = Some(self.span(&p)),
                Rule::if_exists => if_exists = true,
                Rule::object_name => names.push(self.object_name(p)),
                _ => {}
            }
        }
        let mut names = names.into_iter();
        Some(Op::DropIndex(Box::new(DropIndex {
            concurrently,
            if_exists,
            name: names.next()?,
            table: names.next(),
        })))
    }

    fn add_constraint(&mut self, pair: P<'_>) -> Option<Op> {
        let span = self.span(&pair);
        let mut name = None;
        let mut table = None;
        let mut kind = None;
        let mut not_valid = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => name = Some(self.ident(p)),
                Rule::object_name => table = Some(self.object_name(p)),
                Rule::not_valid => not_valid = Some(self.span(&p)),
                Rule::kw_add | Rule::kw_constraint | Rule::kw_on => {}
                _ => kind = Some(self.constraint_kind(p)?),
            }
        }
        let kind = kind?;
        self.check_not_valid(&kind, not_valid)?;
        Some(Op::AddConstraint(Box::new(AddConstraint {
            table: table?,
            constraint: TableConstraint {
                name: Some(name?),
                kind,
                not_valid,
                span,
            },
        })))
    }

    fn named_constraint(&mut self, pair: P<'_>, validate: bool) -> Option<Op> {
        let mut name = None;
        let mut table = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => name = Some(self.ident(p)),
                Rule::object_name => table = Some(self.object_name(p)),
                _ => {}
            }
        }
        let (name, table) = (name?, table?);
        Some(if validate {
            Op::ValidateConstraint(Box::new(ValidateConstraint { name, table }))
        } else {
            Op::DropConstraint(Box::new(DropConstraint { name, table }))
        })
    }

    fn create_enum(&mut self, pair: P<'_>) -> Option<Op> {
        let mut name = None;
        let mut values: Vec<Spanned<String>> = Vec::new();
        let mut ok = true;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::object_name => name = Some(self.object_name(p)),
                Rule::enum_values => {
                    for v in p.into_inner() {
                        let v = self.sql_string(v);
                        if let Some(first) = values.iter().find(|x| x.value == v.value) {
                            self.error(
                                Diagnostic::error(
                                    "duplicate-enum-value",
                                    format!("enum value '{}' is listed twice", v.value),
                                )
                                .with_primary(v.span, "listed again here")
                                .with_secondary(first.span, "first listed here"),
                            );
                            ok = false;
                        } else {
                            values.push(v);
                        }
                    }
                }
                _ => {}
            }
        }
        ok.then_some(())?;
        Some(Op::CreateEnum(Box::new(CreateEnum {
            name: name?,
            values,
        })))
    }

    fn alter_enum(&mut self, pair: P<'_>) -> Option<Op> {
        let mut name = None;
        let mut value = None;
        let mut position = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::object_name => name = Some(self.object_name(p)),
                Rule::sql_string => value = Some(self.sql_string(p)),
                Rule::enum_before | Rule::enum_after => {
                    let before = p.as_rule() == Rule::enum_before;
                    let s = p.into_inner().find(|c| c.as_rule() == Rule::sql_string)?;
                    let s = self.sql_string(s);
                    position = Some(if before {
                        EnumValuePosition::Before(s)
                    } else {
                        EnumValuePosition::After(s)
                    });
                }
                _ => {}
            }
        }
        Some(Op::AddEnumValue(Box::new(AddEnumValue {
            name: name?,
            value: value?,
            position,
        })))
    }

    fn drop_enum(&mut self, pair: P<'_>) -> Option<Op> {
        let mut if_exists = false;
        let mut name = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::if_exists => if_exists = true,
                Rule::object_name => name = Some(self.object_name(p)),
                _ => {}
            }
        }
        Some(Op::DropEnum(Box::new(DropEnum {
            if_exists,
            name: name?,
        })))
    }

    fn backfill(&mut self, pair: P<'_>) -> Option<Op> {
        let mut table = None;
        let mut assignments: Vec<Assignment> = Vec::new();
        let mut where_clause = None;
        let mut batch = None;
        let mut ok = true;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::object_name => table = Some(self.object_name(p)),
                Rule::assignment => {
                    let mut inner = p.into_inner();
                    let column = inner.next().map(|c| self.ident(c));
                    let value = inner.next().and_then(|v| self.expr(v));
                    match (column, value) {
                        (Some(column), Some(value)) => {
                            if let Some(first) =
                                assignments.iter().find(|a| a.column.name == column.name)
                            {
                                self.error(
                                    Diagnostic::error(
                                        "duplicate-column",
                                        format!("column `{}` is set twice", column.name),
                                    )
                                    .with_primary(column.span, "set again here")
                                    .with_secondary(first.column.span, "first set here"),
                                );
                                ok = false;
                            } else {
                                assignments.push(Assignment { column, value });
                            }
                        }
                        _ => ok = false,
                    }
                }
                Rule::backfill_where => {
                    let e = p.into_inner().find(|c| c.as_rule() == Rule::expr_filter)?;
                    where_clause = Some(self.expr(e)?);
                }
                Rule::backfill_batch => {
                    let n = p.into_inner().find(|c| c.as_rule() == Rule::int_lit)?;
                    let n = self.int(n)?;
                    batch = Some(self.batch_size(n)?);
                }
                _ => {}
            }
        }
        ok.then_some(())?;
        Some(Op::Backfill(Box::new(Backfill {
            table: table?,
            assignments,
            where_clause,
            batch,
        })))
    }

    /// A `batch N` size, which must be at least 1.
    pub fn batch_size(&mut self, n: Spanned<u64>) -> Option<Spanned<u64>> {
        if n.value == 0 {
            self.error(
                Diagnostic::error("invalid-batch", "a batch size must be at least 1")
                    .with_primary(n.span, "zero rows per batch"),
            );
            return None;
        }
        Some(n)
    }

    fn insert(&mut self, pair: P<'_>) -> Option<Op> {
        let mut table = None;
        let mut columns = Vec::new();
        let mut rows = Vec::new();
        let mut ok = true;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::object_name => table = Some(self.object_name(p)),
                Rule::ident_list => columns = self.ident_list(p),
                Rule::values_row => {
                    let span = self.span(&p);
                    let values: Vec<Option<Expr>> = p.into_inner().map(|v| self.expr(v)).collect();
                    if values.len() != columns.len() {
                        self.error(
                            Diagnostic::error(
                                "insert-arity",
                                format!(
                                    "this row has {} value(s) but {} column(s) are named",
                                    values.len(),
                                    columns.len()
                                ),
                            )
                            .with_primary(span, "wrong number of values"),
                        );
                        ok = false;
                    }
                    match values.into_iter().collect::<Option<Vec<_>>>() {
                        Some(row) => rows.push(row),
                        None => ok = false,
                    }
                }
                _ => {}
            }
        }
        ok.then_some(())?;
        Some(Op::Insert(Box::new(Insert {
            table: table?,
            columns,
            rows,
        })))
    }

    fn comment_on(&mut self, pair: P<'_>) -> Option<Op> {
        let mut target = None;
        let mut text = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::comment_table => {
                    let name = p.into_inner().find(|c| c.as_rule() == Rule::object_name)?;
                    target = Some(CommentTarget::Table(self.object_name(name)));
                }
                Rule::comment_column => {
                    let path = p.into_inner().find(|c| c.as_rule() == Rule::column_path)?;
                    target = Some(CommentTarget::Column(self.column_path(path)));
                }
                Rule::sql_string => text = Some(self.sql_string(p)),
                _ => {}
            }
        }
        Some(Op::Comment(Box::new(Comment {
            target: target?,
            text,
        })))
    }

    fn raw_sql(&mut self, pair: P<'_>) -> Option<Op> {
        let mut dialect = None;
        let mut sql = None;
        let mut reverse = None;
        let mut ok = true;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::sql_dialect => {
                    let span = self.span(&p);
                    dialect = self.dialect_at(p.as_str(), span);
                    ok &= dialect.is_some();
                }
                Rule::str_lit => {
                    let s = self.string(p);
                    sql = Some(SqlText {
                        text: s.value,
                        span: s.span,
                    });
                }
                Rule::sql_reverse => {
                    let s = p.into_inner().find(|c| c.as_rule() == Rule::str_lit)?;
                    let s = self.string(s);
                    reverse = Some(SqlText {
                        text: s.value,
                        span: s.span,
                    });
                }
                _ => {}
            }
        }
        ok.then_some(())?;
        Some(Op::Sql(Box::new(RawSql {
            written_for: None,
            opaque_source: false,
            opaque_reason: None,
            dialect,
            sql: sql?,
            reverse,
            analysis: None,
        })))
    }

    /// The dialect a `sql` statement names.
    pub fn dialect_at(&mut self, text: &str, span: Span) -> Option<Spanned<DialectId>> {
        match text.parse::<DialectId>() {
            Ok(d) => Some(Spanned::new(d, span)),
            Err(message) => {
                self.error(
                    Diagnostic::error("unknown-dialect", message)
                        .with_primary(span, "not a dialect migc knows"),
                );
                None
            }
        }
    }

    /// `opaque "…" [because "…"]`: the IR the Alembic reader makes of a
    /// statement it does not understand, with the same `not-understood`
    /// finding, so an imported project is checked as its original was.
    fn opaque(&mut self, pair: P<'_>) -> Option<Op> {
        // The statement, not the string: the reader's opaque statements
        // span the whole statement, and findings should point the same way.
        let span = self.span(&pair);
        let mut source = None;
        let mut reason = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::str_lit => source = Some(self.string(p)),
                Rule::opaque_because => {
                    let s = p.into_inner().find(|c| c.as_rule() == Rule::str_lit)?;
                    reason = Some(self.string(s));
                }
                _ => {}
            }
        }
        Some(self.opaque_at(span, source?, reason))
    }

    /// The operation of an `opaque` statement at `span`, with its
    /// `not-understood` finding.
    pub fn opaque_at(
        &mut self,
        span: Span,
        source: Spanned<String>,
        reason: Option<Spanned<String>>,
    ) -> Op {
        let why = reason
            .as_ref()
            .map_or("kept opaque", |r| r.value.as_str())
            .to_string();
        self.diags.push(
            Diagnostic::new(
                crate::alembic::NOT_UNDERSTOOD,
                crate::diagnostic::Severity::Info,
                "not understood: lint coverage incomplete here",
            )
            .with_primary(span, why)
            .with_note(
                "an `opaque` statement keeps source migc does not read, with unknown effects, so checks that depend on the schema stay conservative after it",
            ),
        );
        Op::Sql(Box::new(RawSql {
            dialect: None,
            sql: SqlText {
                text: source.value,
                span,
            },
            reverse: None,
            analysis: None,
            written_for: None,
            opaque_source: true,
            opaque_reason: reason,
        }))
    }
}

/// A bare name, folded to lower case.
pub(super) fn bare_ident(text: &str, span: Span) -> Ident {
    Ident {
        name: lower_case(text),
        span,
    }
}

/// `text` in lower case. Names are nearly always ASCII, where a byte
/// loop gives what the Unicode mapping would, several times faster.
pub(super) fn lower_case(text: &str) -> String {
    if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        text.to_lowercase()
    }
}

/// The value of a SQL string from the inside of its quotes.
pub(super) fn sq_value(inner: &str) -> String {
    inner.replace("''", "'")
}

/// `[schema.]table.column`, the table's span running from its schema.
pub(super) fn column_ref(
    schema: Option<Ident>,
    name: Ident,
    column: Ident,
    span: Span,
) -> ColumnRef {
    let table_span = schema.as_ref().map_or(name.span, |s| s.span.to(name.span));
    ColumnRef {
        table: ObjectName {
            schema,
            name,
            span: table_span,
        },
        column,
        span,
    }
}
