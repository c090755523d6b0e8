//! The canonical `.mig` text of IR nodes.
//!
//! One spelling per construct (lower-case keywords, one option order), so
//! printing, parsing and printing again gives the same bytes. Used for
//! golden tests, derived downgrades, `migc schema` and `migc fmt`.

use super::*;
use std::fmt::{self, Display, Formatter, Write};

/// Words that must be quoted when used as names: SQL reserved words (which
/// sqlparser would not take as a column in an expression) and the DSL
/// keywords that can stand where a name does (`create index concurrently
/// …`, a column named `check` in a table body).
const RESERVED: &[&str] = &[
    "all",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "between",
    "both",
    "case",
    "cast",
    "check",
    "collate",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_date",
    "current_time",
    "current_timestamp",
    "current_user",
    "default",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "exists",
    "false",
    "fetch",
    "for",
    "foreign",
    "from",
    "full",
    "generated",
    "grant",
    "group",
    "having",
    "if",
    "ilike",
    "in",
    "inner",
    "intersect",
    "interval",
    "into",
    "is",
    "join",
    "leading",
    "left",
    "like",
    "limit",
    "natural",
    "not",
    "null",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "outer",
    "primary",
    "references",
    "returning",
    "right",
    "select",
    "session_user",
    "some",
    "table",
    "then",
    "to",
    "trailing",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "when",
    "where",
    "window",
    "with",
];

/// Writes a name, quoted when reading it back bare would give another name
/// or a keyword.
pub struct Name<'a>(pub &'a str);

impl Display for Name<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let s = self.0;
        let mut chars = s.chars();
        let plain = chars
            .next()
            .is_some_and(|c| (c.is_alphabetic() && !c.is_uppercase()) || c == '_')
            && chars.all(|c| (c.is_alphanumeric() && !c.is_uppercase()) || c == '_' || c == '$')
            && s.to_lowercase() == s
            && RESERVED.binary_search(&s).is_err();
        if plain {
            f.write_str(s)
        } else {
            write!(f, "\"{}\"", s.replace('"', "\"\""))
        }
    }
}

impl Display for Ident {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        Name(&self.name).fmt(f)
    }
}

impl Display for ObjectName {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if let Some(schema) = &self.schema {
            write!(f, "{schema}.")?;
        }
        self.name.fmt(f)
    }
}

impl Display for ColumnRef {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.table, self.column)
    }
}

/// A SQL string literal.
pub struct SqlStr<'a>(pub &'a str);

impl Display for SqlStr<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "'{}'", self.0.replace('\'', "''"))
    }
}

/// A header or raw-SQL string: `"…"` with escapes, or `"""…"""` when the
/// text spans lines (and has no `"""` itself).
pub struct DslStr<'a>(pub &'a str);

impl Display for DslStr<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let s = self.0;
        if s.contains('\n') && !s.contains("\"\"\"") && !s.ends_with('"') {
            return write!(f, "\"\"\"{s}\"\"\"");
        }
        f.write_char('"')?;
        for c in s.chars() {
            match c {
                '"' => f.write_str("\\\"")?,
                '\\' => f.write_str("\\\\")?,
                '\n' => f.write_str("\\n")?,
                '\t' => f.write_str("\\t")?,
                c => f.write_char(c)?,
            }
        }
        f.write_char('"')
    }
}

fn list<T: Display>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

// ---------------------------------------------------------------- expressions

impl Display for Expr {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        self.kind.fmt(f)
    }
}

/// Binding strength, as sqlparser's generic dialect reads the DSL (its
/// table, not PostgreSQL's: `||` binds like `*`, `LIKE` looser than `=`).
/// Emitters must parenthesise by their own engine's rules instead.
fn precedence(e: &ExprKind) -> u8 {
    match e {
        ExprKind::Binary { op, .. } => match op {
            BinaryOp::Or => 5,
            BinaryOp::And => 10,
            BinaryOp::Eq
            | BinaryOp::NotEq
            | BinaryOp::Lt
            | BinaryOp::LtEq
            | BinaryOp::Gt
            | BinaryOp::GtEq => 20,
            BinaryOp::Plus | BinaryOp::Minus => 30,
            BinaryOp::Concat | BinaryOp::Multiply | BinaryOp::Divide | BinaryOp::Modulo => 40,
        },
        ExprKind::Unary {
            op: UnaryOp::Not, ..
        } => 15,
        ExprKind::IsNull { .. } => 17,
        ExprKind::Like { .. } => 19,
        ExprKind::InList { .. } | ExprKind::Between { .. } => 20,
        // The operand of a unary sign is read at `*` strength.
        ExprKind::Unary { .. } => 45,
        _ => 100,
    }
}

/// Writes `e`, parenthesised when it binds looser than its context.
fn operand(f: &mut Formatter<'_>, e: &ExprKind, min: u8) -> fmt::Result {
    if precedence(e) < min {
        write!(f, "({e})")
    } else {
        e.fmt(f)
    }
}

impl Display for ExprKind {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let prec = precedence(self);
        match self {
            ExprKind::Null => f.write_str("null"),
            ExprKind::Bool(b) => f.write_str(if *b { "true" } else { "false" }),
            ExprKind::Number(n) => f.write_str(n),
            ExprKind::String(s) => SqlStr(s).fmt(f),
            ExprKind::Column(parts) => {
                let names: Vec<Name<'_>> = parts.iter().map(|p| Name(p)).collect();
                f.write_str(&list(&names).replace(", ", "."))
            }
            ExprKind::Function { name, args } => {
                let names: Vec<Name<'_>> = name.iter().map(|p| Name(p)).collect();
                write!(f, "{}({})", list(&names).replace(", ", "."), list(args))
            }
            ExprKind::CurrentTimestamp => f.write_str("current_timestamp"),
            ExprKind::CurrentDate => f.write_str("current_date"),
            ExprKind::CurrentTime => f.write_str("current_time"),
            ExprKind::Unary { op, expr } => {
                f.write_str(match op {
                    UnaryOp::Not => "not ",
                    UnaryOp::Minus => "-",
                    UnaryOp::Plus => "+",
                })?;
                let min = if *op == UnaryOp::Not { prec } else { 41 };
                let inner = expr.to_string();
                // `--x` would start a comment.
                if *op != UnaryOp::Not && inner.starts_with(['-', '+']) {
                    write!(f, "({inner})")
                } else {
                    operand(f, expr, min)
                }
            }
            ExprKind::Binary { left, op, right } => {
                operand(f, left, prec)?;
                write!(f, " {} ", op.as_sql().to_lowercase())?;
                operand(f, right, prec + 1)
            }
            ExprKind::IsNull { expr, negated } => {
                operand(f, expr, prec)?;
                f.write_str(if *negated { " is not null" } else { " is null" })
            }
            ExprKind::InList {
                expr,
                list: items,
                negated,
            } => {
                operand(f, expr, prec + 1)?;
                let not = if *negated { " not" } else { "" };
                write!(f, "{not} in ({})", list(items))
            }
            ExprKind::Between {
                expr,
                low,
                high,
                negated,
            } => {
                operand(f, expr, prec + 1)?;
                f.write_str(if *negated {
                    " not between "
                } else {
                    " between "
                })?;
                operand(f, low, prec + 1)?;
                f.write_str(" and ")?;
                operand(f, high, prec + 1)
            }
            ExprKind::Like {
                expr,
                pattern,
                negated,
                case_insensitive,
            } => {
                operand(f, expr, prec + 1)?;
                let not = if *negated { " not" } else { "" };
                let like = if *case_insensitive { "ilike" } else { "like" };
                write!(f, "{not} {like} ")?;
                operand(f, pattern, prec + 1)
            }
            ExprKind::Cast { expr, ty } => match ty {
                DataType::Enum(name) => write!(f, "cast({expr} as {name})"),
                _ => write!(f, "cast({expr} as {ty})"),
            },
            ExprKind::Case {
                operand: op,
                branches,
                else_result,
            } => {
                f.write_str("case")?;
                if let Some(op) = op {
                    write!(f, " {op}")?;
                }
                for (when, then) in branches {
                    write!(f, " when {when} then {then}")?;
                }
                if let Some(e) = else_result {
                    write!(f, " else {e}")?;
                }
                f.write_str(" end")
            }
            ExprKind::Nested(inner) => write!(f, "({inner})"),
            ExprKind::Raw(text) => f.write_str(text),
        }
    }
}

// ---------------------------------------------------------------- definitions

impl Display for TypeRef {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        self.ty.fmt(f)
    }
}

impl Display for ForeignKeyTarget {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "references {}", self.table)?;
        if !self.columns.is_empty() {
            write!(f, " ({})", list(&self.columns))?;
        }
        if let Some(a) = &self.on_delete {
            write!(f, " on delete {}", a.value.as_sql().to_lowercase())?;
        }
        if let Some(a) = &self.on_update {
            write!(f, " on update {}", a.value.as_sql().to_lowercase())?;
        }
        Ok(())
    }
}

/// The part of a column definition after its name.
pub struct ColumnRest<'a>(pub &'a ColumnDef);

impl Display for ColumnRest<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let c = self.0;
        c.ty.fmt(f)?;
        if let Some(id) = &c.identity {
            let how = if id.always { "always" } else { "by default" };
            write!(f, " generated {how} as identity")?;
        }
        match c.nullable.as_ref().map(|n| n.value) {
            Some(false) => f.write_str(" not null")?,
            Some(true) => f.write_str(" null")?,
            None => {}
        }
        if let Some(d) = &c.default {
            write!(f, " default {d}")?;
        }
        for k in &c.constraints {
            if let Some(n) = &k.name {
                write!(f, " constraint {n}")?;
            }
            match &k.kind {
                ColumnConstraintKind::PrimaryKey => f.write_str(" primary key")?,
                ColumnConstraintKind::Unique => f.write_str(" unique")?,
                ColumnConstraintKind::References(t) => write!(f, " {t}")?,
                ColumnConstraintKind::Check(e) => write!(f, " check ({e})")?,
            }
        }
        if let Some(text) = &c.comment {
            write!(f, " comment {}", SqlStr(&text.value))?;
        }
        Ok(())
    }
}

impl Display for ColumnDef {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.name, ColumnRest(self))
    }
}

impl Display for ConstraintKind {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            ConstraintKind::PrimaryKey { columns } => write!(f, "primary key ({})", list(columns)),
            ConstraintKind::Unique { columns } => write!(f, "unique ({})", list(columns)),
            ConstraintKind::ForeignKey { columns, target } => {
                write!(f, "foreign key ({}) {target}", list(columns))
            }
            ConstraintKind::Check { expr } => write!(f, "check ({expr})"),
        }
    }
}

impl Display for TableConstraint {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if let Some(n) = &self.name {
            write!(f, "constraint {n} ")?;
        }
        self.kind.fmt(f)?;
        if self.not_valid.is_some() {
            f.write_str(" not valid")?;
        }
        Ok(())
    }
}

/// A table body, one element per line at `indent`.
struct Body<'a>(&'a TableBody, &'a str);

impl Display for Body<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let Body(body, indent) = self;
        let items: Vec<String> = body
            .columns
            .iter()
            .map(ToString::to_string)
            .chain(body.constraints.iter().map(ToString::to_string))
            .collect();
        f.write_str("(\n")?;
        for (i, item) in items.iter().enumerate() {
            let comma = if i + 1 < items.len() { "," } else { "" };
            writeln!(f, "{indent}  {item}{comma}")?;
        }
        write!(f, "{indent})")
    }
}

// ---------------------------------------------------------------- statements

/// A statement without its `;`, whose continuation lines start at `indent`.
pub struct StmtText<'a>(pub &'a Op, pub &'a str);

impl Display for StmtText<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let indent = self.1;
        match self.0 {
            Op::CreateTable(t) => {
                let ine = if t.if_not_exists {
                    "if not exists "
                } else {
                    ""
                };
                write!(f, "create table {ine}{} {}", t.name, Body(&t.body, indent))
            }
            Op::DropTable(t) => {
                let ie = if t.if_exists { "if exists " } else { "" };
                write!(f, "drop table {ie}{}", t.name)?;
                if let Some(body) = &t.definition {
                    write!(f, " {}", Body(body, indent))?;
                }
                Ok(())
            }
            Op::RenameTable(r) => write!(f, "rename table {} to {}", r.from, r.to),
            Op::AddColumn(a) => {
                let ine = if a.if_not_exists {
                    "if not exists "
                } else {
                    ""
                };
                write!(
                    f,
                    "add column {ine}{}.{} {}",
                    a.table,
                    a.column.name,
                    ColumnRest(&a.column)
                )
            }
            Op::DropColumn(d) => {
                let ie = if d.if_exists { "if exists " } else { "" };
                write!(f, "drop column {ie}{}", d.column)?;
                if let Some(def) = &d.definition {
                    write!(f, " {}", ColumnRest(def))?;
                }
                Ok(())
            }
            Op::RenameColumn(r) => write!(f, "rename column {} to {}", r.column, r.to),
            Op::AlterColumn(a) => {
                write!(f, "alter column {} ", a.column)?;
                match &a.action {
                    AlterColumnAction::SetNotNull => f.write_str("set not null"),
                    AlterColumnAction::DropNotNull => f.write_str("drop not null"),
                    AlterColumnAction::SetDefault(e) => write!(f, "set default {e}"),
                    AlterColumnAction::DropDefault => f.write_str("drop default"),
                    AlterColumnAction::SetType { ty, using } => {
                        write!(f, "type {ty}")?;
                        if let Some(u) = using {
                            write!(f, " using {u}")?;
                        }
                        Ok(())
                    }
                    AlterColumnAction::SetComment(Some(c)) => {
                        write!(f, "comment {}", SqlStr(&c.value))
                    }
                    AlterColumnAction::SetComment(None) => f.write_str("comment null"),
                }
            }
            Op::CreateIndex(i) => {
                f.write_str("create ")?;
                if i.unique {
                    f.write_str("unique ")?;
                }
                f.write_str("index ")?;
                if i.concurrently.is_some() {
                    f.write_str("concurrently ")?;
                }
                if i.if_not_exists {
                    f.write_str("if not exists ")?;
                }
                write!(f, "{} on {}", i.name, i.table)?;
                if let Some(u) = &i.using {
                    write!(f, " using {u}")?;
                }
                let elements: Vec<String> = i.elements.iter().map(element).collect();
                write!(f, " ({})", elements.join(", "))?;
                if !i.include.is_empty() {
                    write!(f, " include ({})", list(&i.include))?;
                }
                if let Some(w) = &i.where_clause {
                    write!(f, " where {w}")?;
                }
                Ok(())
            }
            Op::DropIndex(d) => {
                f.write_str("drop index ")?;
                if d.concurrently.is_some() {
                    f.write_str("concurrently ")?;
                }
                if d.if_exists {
                    f.write_str("if exists ")?;
                }
                d.name.fmt(f)?;
                if let Some(t) = &d.table {
                    write!(f, " on {t}")?;
                }
                Ok(())
            }
            Op::AddConstraint(a) => {
                let c = &a.constraint;
                let name = c.name.as_ref().map_or(String::new(), ToString::to_string);
                write!(f, "add constraint {name} on {} {}", a.table, c.kind)?;
                if c.not_valid.is_some() {
                    f.write_str(" not valid")?;
                }
                Ok(())
            }
            Op::ValidateConstraint(v) => write!(f, "validate constraint {} on {}", v.name, v.table),
            Op::DropConstraint(d) => write!(f, "drop constraint {} on {}", d.name, d.table),
            Op::CreateEnum(e) => {
                let values: Vec<SqlStr<'_>> = e.values.iter().map(|v| SqlStr(&v.value)).collect();
                write!(f, "create enum {} ({})", e.name, list(&values))
            }
            Op::AddEnumValue(a) => {
                write!(
                    f,
                    "alter enum {} add value {}",
                    a.name,
                    SqlStr(&a.value.value)
                )?;
                match &a.position {
                    Some(EnumValuePosition::Before(v)) => write!(f, " before {}", SqlStr(&v.value)),
                    Some(EnumValuePosition::After(v)) => write!(f, " after {}", SqlStr(&v.value)),
                    None => Ok(()),
                }
            }
            Op::DropEnum(d) => {
                let ie = if d.if_exists { "if exists " } else { "" };
                write!(f, "drop enum {ie}{}", d.name)
            }
            Op::Backfill(b) => {
                let sets: Vec<String> = b
                    .assignments
                    .iter()
                    .map(|a| format!("{} = {}", a.column, a.value))
                    .collect();
                write!(f, "backfill {} set {}", b.table, sets.join(", "))?;
                if let Some(w) = &b.where_clause {
                    write!(f, " where {w}")?;
                }
                if let Some(n) = &b.batch {
                    write!(f, " batch {}", n.value)?;
                }
                Ok(())
            }
            Op::Insert(i) => {
                let rows: Vec<String> = i.rows.iter().map(|r| format!("({})", list(r))).collect();
                write!(
                    f,
                    "insert into {} ({}) values {}",
                    i.table,
                    list(&i.columns),
                    rows.join(", ")
                )
            }
            Op::Comment(c) => {
                match &c.target {
                    CommentTarget::Table(t) => write!(f, "comment on table {t} is ")?,
                    CommentTarget::Column(col) => write!(f, "comment on column {col} is ")?,
                }
                match &c.text {
                    Some(t) => SqlStr(&t.value).fmt(f),
                    None => f.write_str("null"),
                }
            }
            Op::Sql(s) if s.opaque_source => {
                write!(f, "opaque {}", DslStr(&s.sql.text))?;
                if let Some(r) = &s.opaque_reason {
                    write!(f, " because {}", DslStr(&r.value))?;
                }
                Ok(())
            }
            Op::Sql(s) => {
                f.write_str("sql ")?;
                if let Some(d) = &s.dialect {
                    write!(f, "{} ", d.value)?;
                }
                DslStr(&s.sql.text).fmt(f)?;
                if let Some(r) = &s.reverse {
                    write!(f, " reverse {}", DslStr(&r.text))?;
                }
                Ok(())
            }
        }
    }
}

fn element(e: &IndexElement) -> String {
    let mut out = match &e.kind {
        IndexElementKind::Column(c) => c.to_string(),
        IndexElementKind::Expr(x) => match &x.kind {
            ExprKind::Function { .. } => x.to_string(),
            _ => format!("({x})"),
        },
    };
    if e.descending {
        out.push_str(" desc");
    }
    match e.nulls_first {
        Some(true) => out.push_str(" nulls first"),
        Some(false) => out.push_str(" nulls last"),
        None => {}
    }
    out
}

/// The canonical text of one block (`up { … }` or `down { … }`).
pub fn block_text(keyword: &str, b: &Block) -> String {
    let mut out = String::new();
    block(&mut out, keyword, b);
    out
}

fn block(out: &mut String, keyword: &str, block: &Block) {
    let _ = writeln!(out, "{keyword} {{");
    for item in &block.items {
        match item {
            BlockItem::Stmt(s) => {
                let _ = writeln!(out, "  {};", StmtText(&s.op, "  "));
            }
            BlockItem::NoTransaction { ops, .. } => {
                out.push_str("  no transaction {\n");
                for s in ops {
                    let _ = writeln!(out, "    {};", StmtText(&s.op, "    "));
                }
                out.push_str("  }\n");
            }
        }
    }
    out.push_str("}\n");
}

/// The canonical text of a whole revision file (comments are not kept).
pub fn revision(rev: &Revision) -> String {
    let mut out = String::new();
    let strs = |v: &[Spanned<String>]| {
        v.iter()
            .map(|s| DslStr(&s.value).to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(out, "revision {}", DslStr(&rev.id.value));
    match rev.parents.as_slice() {
        [] => {}
        [one] => {
            let _ = writeln!(out, "parent {}", DslStr(&one.value));
        }
        many => {
            let _ = writeln!(out, "parents {}", strs(many));
        }
    }
    if let Some(m) = &rev.message {
        let _ = writeln!(out, "message {}", DslStr(&m.value));
    }
    if !rev.labels.is_empty() {
        let _ = writeln!(out, "labels {}", strs(&rev.labels));
    }
    if !rev.depends_on.is_empty() {
        let _ = writeln!(out, "depends {}", strs(&rev.depends_on));
    }
    out.push('\n');
    block(&mut out, "up", &rev.up);
    if let Some(down) = &rev.down {
        out.push('\n');
        block(&mut out, "down", down);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_list_is_sorted_for_binary_search() {
        assert!(RESERVED.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn names_are_quoted_only_when_needed() {
        assert_eq!(Name("fees").to_string(), "fees");
        assert_eq!(Name("créé_le").to_string(), "créé_le");
        assert_eq!(Name("Order").to_string(), "\"Order\"");
        assert_eq!(Name("order").to_string(), "\"order\"");
        assert_eq!(Name("a\"b").to_string(), "\"a\"\"b\"");
        assert_eq!(Name("1st").to_string(), "\"1st\"");
    }

    #[test]
    fn strings_escape() {
        assert_eq!(SqlStr("it's").to_string(), "'it''s'");
        assert_eq!(DslStr("a \"b\"").to_string(), "\"a \\\"b\\\"\"");
        assert_eq!(DslStr("x\ny").to_string(), "\"\"\"x\ny\"\"\"");
    }
}
