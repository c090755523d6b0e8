//! A parser for the Python subset of Alembic revision files: statements
//! and expressions as a small tree with byte ranges. It never fails: a
//! statement it cannot read is [`StmtKind::Unknown`] (with its whole range,
//! including an indented block after it), and parsing goes on.

use super::token::{Token, TokenKind};
use std::ops::Range;

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub range: Range<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Name(String),
    Attr(Box<Expr>, String),
    Call {
        func: Box<Expr>,
        args: Vec<Expr>,
        kwargs: Vec<(String, Expr)>,
        /// `*args` or `**kwargs` was used: arguments are not all known.
        /// They are kept as `Unary("*", e)` in `args` and `("**", e)` in
        /// `kwargs` for [`super::inline::expand_stars`].
        star: bool,
    },
    Str {
        value: String,
        fstring: bool,
    },
    Number(String),
    /// `None`, `True`, `False`.
    Const(&'static str),
    Tuple(Vec<Expr>),
    List(Vec<Expr>),
    Dict(Vec<(Expr, Expr)>),
    Subscript(Box<Expr>, Vec<Expr>),
    Unary(&'static str, Box<Expr>),
    Binary(Box<Expr>, &'static str, Box<Expr>),
    /// Lambdas, comprehensions, conditional expressions…: not modelled.
    Other,
}

/// A parameter of a `def`.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    pub name: String,
    /// The default value; `None` without one, or when it is not an
    /// expression the reader parses.
    pub default: Option<Expr>,
    /// `*args` (1) or `**kwargs` (2); 0 for a plain parameter.
    pub stars: u8,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Stmt {
    pub kind: StmtKind,
    pub range: Range<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StmtKind {
    Expr(Expr),
    /// `a = b = value`, `a: T = value`, `a, b = value`.
    Assign {
        targets: Vec<Expr>,
        value: Expr,
    },
    /// `import a.b as c`: (module, alias).
    Import(Vec<(String, Option<String>)>),
    /// `from m import a as b`: module and (name, alias).
    FromImport(String, Vec<(String, Option<String>)>),
    Def {
        name: String,
        params: Vec<Param>,
        body: Vec<Stmt>,
    },
    /// `class NAME(…):` with its body (bases are not kept).
    Class {
        name: String,
        body: Vec<Stmt>,
    },
    With {
        items: Vec<(Expr, Option<Expr>)>,
        body: Vec<Stmt>,
    },
    If {
        /// `if` and `elif` branches.
        branches: Vec<(Expr, Vec<Stmt>)>,
        orelse: Option<Vec<Stmt>>,
    },
    For {
        target: Expr,
        iter: Expr,
        body: Vec<Stmt>,
    },
    Pass,
    Raise(Option<Expr>),
    Return(Option<Expr>),
    /// Anything else: why it was not read.
    Unknown(String),
}

/// Parses a whole module.
pub fn parse_module(tokens: &[Token]) -> Vec<Stmt> {
    let mut p = Parser { tokens, pos: 0 };
    let mut out = Vec::new();
    while !p.at_eof() {
        if p.eat_kind(|k| {
            matches!(
                k,
                TokenKind::Newline | TokenKind::Dedent | TokenKind::Indent
            )
        }) {
            continue;
        }
        out.push(p.statement());
    }
    out
}

struct Parser<'a> {
    tokens: &'a [Token],
    pos: usize,
}

type PResult<T> = Result<T, String>;

impl Parser<'_> {
    fn peek(&self) -> &TokenKind {
        self.tokens
            .get(self.pos)
            .map_or(&TokenKind::Eof, |t| &t.kind)
    }

    fn peek_at(&self, n: usize) -> &TokenKind {
        self.tokens
            .get(self.pos + n)
            .map_or(&TokenKind::Eof, |t| &t.kind)
    }

    fn at_eof(&self) -> bool {
        matches!(self.peek(), TokenKind::Eof)
    }

    fn start(&self) -> usize {
        self.tokens.get(self.pos).map_or(0, |t| t.range.start)
    }

    /// End of the last consumed token.
    fn end(&self) -> usize {
        self.pos
            .checked_sub(1)
            .and_then(|i| self.tokens.get(i))
            .map_or(0, |t| t.range.end)
    }

    /// End of the last consumed token that is not a line or block end.
    fn end_of_text(&self) -> usize {
        self.tokens[..self.pos.min(self.tokens.len())]
            .iter()
            .rev()
            .find(|t| {
                !matches!(
                    t.kind,
                    TokenKind::Newline | TokenKind::Indent | TokenKind::Dedent
                )
            })
            .map_or(0, |t| t.range.end)
    }

    fn bump(&mut self) {
        if self.pos < self.tokens.len() {
            self.pos += 1;
        }
    }

    fn eat_kind(&mut self, f: impl Fn(&TokenKind) -> bool) -> bool {
        if !self.at_eof() && f(self.peek()) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn is_op(&self, op: &str) -> bool {
        matches!(self.peek(), TokenKind::Op(o) if *o == op)
    }

    fn eat_op(&mut self, op: &str) -> bool {
        if self.is_op(op) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn expect_op(&mut self, op: &str) -> PResult<()> {
        if self.eat_op(op) {
            Ok(())
        } else {
            Err(format!("expected `{op}`"))
        }
    }

    fn is_name(&self, name: &str) -> bool {
        matches!(self.peek(), TokenKind::Name(n) if n == name)
    }

    fn eat_name(&mut self, name: &str) -> bool {
        if self.is_name(name) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn name(&mut self) -> PResult<String> {
        match self.peek().clone() {
            TokenKind::Name(n) => {
                self.bump();
                Ok(n)
            }
            _ => Err("expected a name".into()),
        }
    }

    /// One statement; on failure, everything up to the end of its line
    /// (and the indented block after it) is an `Unknown` statement.
    fn statement(&mut self) -> Stmt {
        let start_pos = self.pos;
        let start = self.start();
        match self.try_statement() {
            Ok(kind) => Stmt {
                kind,
                range: start..self.end_of_text().max(start),
            },
            Err(why) => {
                self.pos = start_pos;
                self.skip_statement();
                Stmt {
                    kind: StmtKind::Unknown(why),
                    range: start..self.end_of_text().max(start),
                }
            }
        }
    }

    /// Skips to the end of the logical line, and over a block that follows.
    fn skip_statement(&mut self) {
        while !matches!(self.peek(), TokenKind::Newline | TokenKind::Eof) {
            self.bump();
        }
        let newline_end = self.tokens.get(self.pos).map(|t| t.range.start);
        self.bump();
        if matches!(self.peek(), TokenKind::Indent) {
            let mut depth = 0usize;
            loop {
                match self.peek() {
                    TokenKind::Indent => depth += 1,
                    TokenKind::Dedent => {
                        depth -= 1;
                        if depth == 0 {
                            self.bump();
                            break;
                        }
                    }
                    TokenKind::Eof => break,
                    _ => {}
                }
                self.bump();
            }
        }
        // Keep the statement's range on its own text, not on what follows.
        let _ = newline_end;
    }

    fn end_of_simple(&mut self) -> PResult<()> {
        if self.eat_op(";") && !matches!(self.peek(), TokenKind::Newline | TokenKind::Eof) {
            return Err("several statements on one line".into());
        }
        match self.peek() {
            TokenKind::Newline => {
                self.bump();
                Ok(())
            }
            TokenKind::Eof | TokenKind::Dedent => Ok(()),
            _ => Err("unexpected text after the statement".into()),
        }
    }

    fn try_statement(&mut self) -> PResult<StmtKind> {
        if let TokenKind::Error(e) = self.peek() {
            return Err(e.clone());
        }
        let keyword = match self.peek() {
            TokenKind::Name(n) => n.clone(),
            TokenKind::Op("@") => return Err("decorators are not read".into()),
            _ => String::new(),
        };
        let kind = match keyword.as_str() {
            "def" => return self.def(),
            "with" => return self.with(),
            "if" => return self.if_stmt(),
            "for" => return self.for_stmt(),
            "class" => return self.class(),
            "async" | "try" | "while" | "match" => {
                return Err(format!("`{keyword}` blocks are not read"));
            }
            "import" => {
                self.bump();
                let mut names = Vec::new();
                loop {
                    let module = self.dotted()?;
                    let alias = if self.eat_name("as") {
                        Some(self.name()?)
                    } else {
                        None
                    };
                    names.push((module, alias));
                    if !self.eat_op(",") {
                        break;
                    }
                }
                StmtKind::Import(names)
            }
            "from" => {
                self.bump();
                let mut module = String::new();
                while self.eat_op(".") {
                    module.push('.');
                }
                if !self.is_name("import") {
                    module.push_str(&self.dotted()?);
                }
                if !self.eat_name("import") {
                    return Err("expected `import`".into());
                }
                let parens = self.eat_op("(");
                let mut names = Vec::new();
                if self.eat_op("*") {
                    return Err("`import *` is not read".into());
                }
                loop {
                    if parens && self.is_op(")") {
                        break;
                    }
                    let name = self.name()?;
                    let alias = if self.eat_name("as") {
                        Some(self.name()?)
                    } else {
                        None
                    };
                    names.push((name, alias));
                    if !self.eat_op(",") {
                        break;
                    }
                }
                if parens {
                    self.expect_op(")")?;
                }
                StmtKind::FromImport(module, names)
            }
            "pass" => {
                self.bump();
                StmtKind::Pass
            }
            "raise" | "return" => {
                self.bump();
                let value = if matches!(
                    self.peek(),
                    TokenKind::Newline | TokenKind::Eof | TokenKind::Dedent
                ) {
                    None
                } else {
                    Some(self.expr_list()?)
                };
                if keyword == "raise" {
                    StmtKind::Raise(value)
                } else {
                    StmtKind::Return(value)
                }
            }
            "global" | "nonlocal" | "del" | "assert" | "yield" | "await" | "break" | "continue" => {
                return Err(format!("`{keyword}` is not read"));
            }
            _ => {
                let first = self.expr_list()?;
                if self.eat_op(":") {
                    // An annotation: `revision: str = "abc"`.
                    self.expr()?;
                    if !self.eat_op("=") {
                        self.end_of_simple()?;
                        return Ok(StmtKind::Pass);
                    }
                    let value = self.expr_list()?;
                    self.end_of_simple()?;
                    return Ok(StmtKind::Assign {
                        targets: vec![first],
                        value,
                    });
                }
                if self.eat_op("=") {
                    let mut targets = vec![first];
                    let mut value = self.expr_list()?;
                    while self.eat_op("=") {
                        targets.push(value);
                        value = self.expr_list()?;
                    }
                    StmtKind::Assign { targets, value }
                } else if matches!(self.peek(), TokenKind::Op(o) if o.ends_with('=') && o.len() >= 2 && !matches!(*o, "==" | "!=" | "<=" | ">="))
                {
                    return Err("augmented assignments are not read".into());
                } else {
                    StmtKind::Expr(first)
                }
            }
        };
        self.end_of_simple()?;
        Ok(kind)
    }

    fn dotted(&mut self) -> PResult<String> {
        let mut name = self.name()?;
        while self.eat_op(".") {
            name.push('.');
            name.push_str(&self.name()?);
        }
        Ok(name)
    }

    /// `:` NEWLINE INDENT statements DEDENT, or `:` simple statement.
    fn suite(&mut self) -> PResult<Vec<Stmt>> {
        self.expect_op(":")?;
        if !matches!(self.peek(), TokenKind::Newline) {
            let s = self.statement();
            return Ok(vec![s]);
        }
        self.bump();
        if !matches!(self.peek(), TokenKind::Indent) {
            return Err("expected an indented block".into());
        }
        self.bump();
        let mut body = Vec::new();
        loop {
            match self.peek() {
                TokenKind::Dedent => {
                    self.bump();
                    break;
                }
                TokenKind::Eof => break,
                TokenKind::Newline => self.bump(),
                _ => body.push(self.statement()),
            }
        }
        Ok(body)
    }

    /// Skips a parameter's annotation (`str | None`, `list[str]`): up to
    /// the `,`, `=` or `)` that ends it.
    fn skip_annotation(&mut self) -> PResult<()> {
        let mut depth = 0usize;
        loop {
            match self.peek() {
                TokenKind::Op("," | "=" | ")") if depth == 0 => return Ok(()),
                TokenKind::Op("(" | "[" | "{") => depth += 1,
                TokenKind::Op(")" | "]" | "}") => depth = depth.saturating_sub(1),
                TokenKind::Eof | TokenKind::Newline => return Err("unclosed `(`".into()),
                _ => {}
            }
            self.bump();
        }
    }

    fn def(&mut self) -> PResult<StmtKind> {
        self.bump();
        let name = self.name()?;
        self.expect_op("(")?;
        let mut params = Vec::new();
        loop {
            if self.eat_op(")") {
                break;
            }
            let stars = if self.eat_op("**") {
                2
            } else if self.eat_op("*") {
                1
            } else {
                0
            };
            // A bare `*` or `/` only separates kinds of parameters.
            if self.eat_op(",") {
                continue;
            }
            if self.eat_op("/") {
                if !self.eat_op(",") {
                    self.expect_op(")")?;
                    break;
                }
                continue;
            }
            let name = self.name()?;
            if self.eat_op(":") {
                self.skip_annotation()?;
            }
            let default = if self.eat_op("=") {
                Some(self.expr()?)
            } else {
                None
            };
            params.push(Param {
                name,
                default,
                stars,
            });
            if !self.eat_op(",") {
                self.expect_op(")")?;
                break;
            }
        }
        if self.eat_op("->") {
            self.expr()?;
        }
        let body = self.suite()?;
        Ok(StmtKind::Def { name, params, body })
    }

    fn class(&mut self) -> PResult<StmtKind> {
        self.bump();
        let name = self.name()?;
        if self.eat_op("(") {
            let mut depth = 1;
            while depth > 0 {
                match self.peek() {
                    TokenKind::Op("(") => depth += 1,
                    TokenKind::Op(")") => depth -= 1,
                    TokenKind::Eof | TokenKind::Newline => return Err("unclosed `(`".into()),
                    _ => {}
                }
                self.bump();
            }
        }
        let body = self.suite()?;
        Ok(StmtKind::Class { name, body })
    }

    fn with(&mut self) -> PResult<StmtKind> {
        self.bump();
        let mut items = Vec::new();
        loop {
            let e = self.expr()?;
            let target = if self.eat_name("as") {
                Some(self.expr()?)
            } else {
                None
            };
            items.push((e, target));
            if !self.eat_op(",") {
                break;
            }
        }
        let body = self.suite()?;
        Ok(StmtKind::With { items, body })
    }

    fn if_stmt(&mut self) -> PResult<StmtKind> {
        self.bump();
        let mut branches = Vec::new();
        let cond = self.expr()?;
        branches.push((cond, self.suite()?));
        let mut orelse = None;
        loop {
            if self.eat_name("elif") {
                let cond = self.expr()?;
                branches.push((cond, self.suite()?));
            } else if self.eat_name("else") {
                orelse = Some(self.suite()?);
                break;
            } else {
                break;
            }
        }
        Ok(StmtKind::If { branches, orelse })
    }

    fn for_stmt(&mut self) -> PResult<StmtKind> {
        self.bump();
        let target = self.target_list()?;
        if !self.eat_name("in") {
            return Err("expected `in`".into());
        }
        let iter = self.expr_list()?;
        let body = self.suite()?;
        if self.is_name("else") {
            return Err("`for … else` is not read".into());
        }
        Ok(StmtKind::For { target, iter, body })
    }

    fn target_list(&mut self) -> PResult<Expr> {
        let start = self.start();
        let mut items = vec![self.binary(6)?];
        while self.eat_op(",") {
            if self.is_name("in") {
                break;
            }
            items.push(self.binary(6)?);
        }
        Ok(if items.len() == 1 {
            items.pop().ok_or("empty target")?
        } else {
            Expr {
                kind: ExprKind::Tuple(items),
                range: start..self.end(),
            }
        })
    }

    /// `a, b` (a tuple) or a single expression.
    fn expr_list(&mut self) -> PResult<Expr> {
        let start = self.start();
        let first = self.expr()?;
        if !self.is_op(",") {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if matches!(
                self.peek(),
                TokenKind::Newline | TokenKind::Eof | TokenKind::Op("=")
            ) {
                break;
            }
            items.push(self.expr()?);
        }
        Ok(Expr {
            kind: ExprKind::Tuple(items),
            range: start..self.end(),
        })
    }

    fn expr(&mut self) -> PResult<Expr> {
        let start = self.start();
        if self.eat_name("lambda") {
            // Only client-side `default=` callables are written as lambdas
            // in revision files: kept as an unknown expression.
            while !self.eat_op(":") {
                if matches!(self.peek(), TokenKind::Newline | TokenKind::Eof) {
                    return Err("an unfinished lambda".into());
                }
                self.bump();
            }
            self.expr()?;
            return Ok(Expr {
                kind: ExprKind::Other,
                range: start..self.end(),
            });
        }
        let e = self.binary(0)?;
        if self.is_name("if") {
            // `a if c else b`.
            self.bump();
            self.binary(0)?;
            if !self.eat_name("else") {
                return Err("expected `else`".into());
            }
            self.expr()?;
            return Ok(Expr {
                kind: ExprKind::Other,
                range: start..self.end(),
            });
        }
        Ok(e)
    }

    /// An expression whose binary operators bind at `level` or tighter
    /// (0 = `or`; 2 is the prefix `not`). Precedence climbing: one look
    /// at the operator after each operand, where a descent through every
    /// level made nine calls per operand. The tree is the descent's: all
    /// operators associate to the left, `not` applies at level 2.
    fn binary(&mut self, level: usize) -> PResult<Expr> {
        let start = self.start();
        let mut left = if level <= 2 && self.eat_name("not") {
            let e = self.binary(2)?;
            Expr {
                kind: ExprKind::Unary("not", Box::new(e)),
                range: start..self.end(),
            }
        } else {
            self.unary()?
        };
        loop {
            let (at, op) = match binary_operator(self.peek()) {
                Some(found) => found,
                None if matches!(self.peek(), TokenKind::Name(n) if n == "not")
                    && matches!(self.peek_at(1), TokenKind::Name(m) if m == "in") =>
                {
                    (3, "not in")
                }
                None => break,
            };
            // Looser operators are the caller's.
            if at < level {
                break;
            }
            if op == "not in" {
                self.bump();
            }
            self.bump();
            if op == "is" {
                self.eat_name("not");
            }
            let right = self.binary(at + 1)?;
            left = Expr {
                kind: ExprKind::Binary(Box::new(left), op, Box::new(right)),
                range: start..self.end(),
            };
        }
        Ok(left)
    }

    fn unary(&mut self) -> PResult<Expr> {
        let start = self.start();
        for op in ["-", "+", "~"] {
            if self.eat_op(op) {
                let e = self.unary()?;
                let op = match op {
                    "-" => "-",
                    "+" => "+",
                    _ => "~",
                };
                return Ok(Expr {
                    kind: ExprKind::Unary(op, Box::new(e)),
                    range: start..self.end(),
                });
            }
        }
        if self.is_name("await") {
            return Err("`await` is not read".into());
        }
        self.postfix()
    }

    fn postfix(&mut self) -> PResult<Expr> {
        let start = self.start();
        let mut e = self.atom()?;
        loop {
            if self.eat_op(".") {
                let name = self.name()?;
                e = Expr {
                    kind: ExprKind::Attr(Box::new(e), name),
                    range: start..self.end(),
                };
            } else if self.eat_op("(") {
                let (args, kwargs, star) = self.call_args()?;
                e = Expr {
                    kind: ExprKind::Call {
                        func: Box::new(e),
                        args,
                        kwargs,
                        star,
                    },
                    range: start..self.end(),
                };
            } else if self.eat_op("[") {
                let mut items = Vec::new();
                while !self.eat_op("]") {
                    if self.is_op(":") {
                        return Err("slices are not read".into());
                    }
                    items.push(self.expr()?);
                    if !self.eat_op(",") {
                        self.expect_op("]")?;
                        break;
                    }
                }
                e = Expr {
                    kind: ExprKind::Subscript(Box::new(e), items),
                    range: start..self.end(),
                };
            } else {
                return Ok(e);
            }
        }
    }

    #[allow(clippy::type_complexity)]
    fn call_args(&mut self) -> PResult<(Vec<Expr>, Vec<(String, Expr)>, bool)> {
        let mut args = Vec::new();
        let mut kwargs = Vec::new();
        let mut star = false;
        loop {
            if self.eat_op(")") {
                break;
            }
            if self.eat_op("**") {
                // Kept under the name `**` for callers that can expand it.
                star = true;
                kwargs.push(("**".to_string(), self.expr()?));
            } else if self.eat_op("*") {
                star = true;
                let start = self.start();
                let e = self.expr()?;
                args.push(Expr {
                    kind: ExprKind::Unary("*", Box::new(e)),
                    range: start..self.end(),
                });
            } else if matches!(self.peek(), TokenKind::Name(_))
                && matches!(self.peek_at(1), TokenKind::Op("="))
            {
                let name = self.name()?;
                self.bump();
                kwargs.push((name, self.expr()?));
            } else {
                let e = self.expr()?;
                if self.is_name("for") {
                    return Err("comprehensions are not read".into());
                }
                args.push(e);
            }
            if !self.eat_op(",") {
                self.expect_op(")")?;
                break;
            }
        }
        Ok((args, kwargs, star))
    }

    fn atom(&mut self) -> PResult<Expr> {
        let start = self.start();
        let kind = match self.peek().clone() {
            TokenKind::Name(n) => {
                self.bump();
                match n.as_str() {
                    "None" => ExprKind::Const("None"),
                    "True" => ExprKind::Const("True"),
                    "False" => ExprKind::Const("False"),
                    "def" | "class" | "if" | "else" | "for" | "in" | "import" | "from"
                    | "return" | "with" | "as" | "lambda" | "yield" | "while" => {
                        return Err(format!("unexpected `{n}`"));
                    }
                    _ => ExprKind::Name(n),
                }
            }
            TokenKind::Number(n) => {
                self.bump();
                ExprKind::Number(n)
            }
            TokenKind::Str { .. } => {
                // Adjacent literals are one string.
                let mut value = String::new();
                let mut fstring = false;
                while let TokenKind::Str {
                    value: v,
                    fstring: f,
                } = self.peek().clone()
                {
                    value.push_str(&v);
                    fstring |= f;
                    self.bump();
                }
                ExprKind::Str { value, fstring }
            }
            TokenKind::Op("(") => {
                self.bump();
                if self.eat_op(")") {
                    ExprKind::Tuple(Vec::new())
                } else {
                    let first = self.expr()?;
                    if self.is_name("for") {
                        return Err("generator expressions are not read".into());
                    }
                    if self.eat_op(")") {
                        return Ok(Expr {
                            kind: first.kind,
                            range: start..self.end(),
                        });
                    }
                    let mut items = vec![first];
                    while self.eat_op(",") {
                        if self.is_op(")") {
                            break;
                        }
                        items.push(self.expr()?);
                    }
                    self.expect_op(")")?;
                    ExprKind::Tuple(items)
                }
            }
            TokenKind::Op("[") => {
                self.bump();
                let mut items = Vec::new();
                while !self.eat_op("]") {
                    items.push(self.expr()?);
                    if self.is_name("for") {
                        return Err("comprehensions are not read".into());
                    }
                    if !self.eat_op(",") {
                        self.expect_op("]")?;
                        break;
                    }
                }
                ExprKind::List(items)
            }
            TokenKind::Op("{") => {
                self.bump();
                let mut items = Vec::new();
                while !self.eat_op("}") {
                    if self.eat_op("**") {
                        return Err("`**` in a dict is not read".into());
                    }
                    let k = self.expr()?;
                    if !self.eat_op(":") {
                        return Err("sets are not read".into());
                    }
                    let v = self.expr()?;
                    if self.is_name("for") {
                        return Err("comprehensions are not read".into());
                    }
                    items.push((k, v));
                    if !self.eat_op(",") {
                        self.expect_op("}")?;
                        break;
                    }
                }
                ExprKind::Dict(items)
            }
            TokenKind::Op("...") => {
                self.bump();
                ExprKind::Other
            }
            TokenKind::Error(e) => return Err(e),
            other => return Err(format!("unexpected {}", describe(&other))),
        };
        Ok(Expr {
            kind,
            range: start..self.end(),
        })
    }
}

fn describe(kind: &TokenKind) -> String {
    match kind {
        TokenKind::Op(o) => format!("`{o}`"),
        TokenKind::Newline => "end of line".into(),
        TokenKind::Indent => "indentation".into(),
        TokenKind::Dedent => "end of block".into(),
        TokenKind::Eof => "end of file".into(),
        _ => "token".into(),
    }
}

/// The precedence level of a binary operator token (see
/// `Parser::binary`), and the operator.
fn binary_operator(token: &TokenKind) -> Option<(usize, &'static str)> {
    let (level, op) = match token {
        TokenKind::Op(o) => match *o {
            "==" => (3, "=="),
            "!=" => (3, "!="),
            "<" => (3, "<"),
            ">" => (3, ">"),
            "<=" => (3, "<="),
            ">=" => (3, ">="),
            "|" => (4, "|"),
            "&" => (5, "&"),
            "+" => (6, "+"),
            "-" => (6, "-"),
            "*" => (7, "*"),
            "/" => (7, "/"),
            "//" => (7, "//"),
            "%" => (7, "%"),
            "@" => (7, "@"),
            "**" => (8, "**"),
            _ => return None,
        },
        TokenKind::Name(n) => match n.as_str() {
            "or" => (0, "or"),
            "and" => (1, "and"),
            "in" => (3, "in"),
            "is" => (3, "is"),
            _ => return None,
        },
        _ => return None,
    };
    Some((level, op))
}

#[cfg(test)]
mod tests {
    use super::super::token::tokenize;
    use super::*;

    fn parse(text: &str) -> Vec<Stmt> {
        parse_module(&tokenize(text))
    }

    /// The trees of operator-heavy expressions, ranges included, as
    /// recorded in `tests/cases/alembic-syntax/operators.txt`
    /// (`MIGC_BLESS=1` rewrites it).
    #[test]
    fn operator_trees_are_as_recorded() {
        let texts = [
            "a or b and not c",
            "not a == b",
            "not a and b or not c",
            "not not a",
            "a < b < c",
            "a == b != c <= d >= e > f < g",
            "a not in b",
            "a in b not in c",
            "x not in y or z",
            "a is not b",
            "a is b is c",
            "-a ** -b",
            "a ** b ** c",
            "a + b * c - d / e // f % g @ h",
            "a | b & c + d",
            "a & b | c & d",
            "f(a, b=c + 1)[0].x + y",
            "(a or b) and (c or not d)",
            "a * (b + c) * d",
            "~a + -b - +c",
            "a and",
            "not",
            "a == not b",
            "x = a + b == c or d",
            "op.execute('x' + 'y' * 2)",
        ];
        let mut out = String::new();
        for text in texts {
            out.push_str(&format!("{text}\n{:?}\n\n", parse(&format!("{text}\n"))));
        }
        crate::recorded::assert_recorded("tests/cases/alembic-syntax/operators.txt", &out);
    }

    #[test]
    fn calls_with_keywords_and_trailing_commas() {
        let m = parse(
            "op.create_table(\n    'users',\n    sa.Column('id', sa.Integer(), nullable=False,),\n)\n",
        );
        assert_eq!(m.len(), 1);
        let StmtKind::Expr(Expr {
            kind: ExprKind::Call { args, .. },
            ..
        }) = &m[0].kind
        else {
            panic!("{m:?}")
        };
        assert_eq!(args.len(), 2);
        let ExprKind::Call { kwargs, .. } = &args[1].kind else {
            panic!()
        };
        assert_eq!(kwargs[0].0, "nullable");
    }

    #[test]
    fn headers_docstring_and_defs() {
        let text = "\"\"\"add users\n\nRevision ID: a1\n\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision: str = 'a1'\ndown_revision: Union[str, None] = ('b', 'c')\n\ndef upgrade() -> None:\n    # ### commands auto generated by Alembic ###\n    op.drop_table('x')\n    # ### end Alembic commands ###\n\n\ndef downgrade():\n    pass\n";
        let m = parse(text);
        let kinds: Vec<&str> = m
            .iter()
            .map(|s| match &s.kind {
                StmtKind::Expr(_) => "expr",
                StmtKind::FromImport(..) => "from",
                StmtKind::Import(_) => "import",
                StmtKind::Assign { .. } => "assign",
                StmtKind::Def { .. } => "def",
                _ => "other",
            })
            .collect();
        assert_eq!(
            kinds,
            ["expr", "from", "import", "assign", "assign", "def", "def"]
        );
        let StmtKind::Def { body, .. } = &m[5].kind else {
            panic!()
        };
        assert_eq!(body.len(), 1);
        assert_eq!(&text[body[0].range.clone()], "op.drop_table('x')");
    }

    #[test]
    fn unknown_statements_are_skipped_with_their_block() {
        let text = "def upgrade():\n    try:\n        op.x()\n    except E:\n        pass\n    op.drop_table('t')\n    x += 1\n";
        let m = parse(text);
        let StmtKind::Def { body, .. } = &m[0].kind else {
            panic!("{m:?}")
        };
        assert!(matches!(body[0].kind, StmtKind::Unknown(_)));
        // `except` is read as its own unknown statement.
        assert!(
            body.iter()
                .any(|s| &text[s.range.clone()] == "op.drop_table('t')")
        );
        assert!(matches!(
            body.last().map(|s| &s.kind),
            Some(StmtKind::Unknown(_))
        ));
    }

    #[test]
    fn line_continuation_and_comments_in_calls() {
        let text = "x = 'a' \\\n    'b'  # comment\ny = f(1, # one\n      k='#not a comment')\n";
        let m = parse(text);
        assert_eq!(m.len(), 2);
        let StmtKind::Assign { value, .. } = &m[0].kind else {
            panic!()
        };
        assert_eq!(
            value.kind,
            ExprKind::Str {
                value: "ab".into(),
                fstring: false
            }
        );
    }
}
