//! Property tests: what the printer writes, the parser reads back the same.

use migc::ir::print::{Name, SqlStr};
use migc::ir::{BinaryOp, ExprKind, Op, UnaryOp};
use migc::source::{FileId, Span};
use proptest::prelude::*;

pub(crate) fn name_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z_][a-z0-9_]{0,10}",
        "[A-Za-z_ \"éßÖ0-9$.-]{1,12}",
        Just("order".to_string()),
        Just("check".to_string()),
        Just("Größe".to_string()),
    ]
}

fn leaf() -> impl Strategy<Value = ExprKind> {
    prop_oneof![
        Just(ExprKind::Null),
        any::<bool>().prop_map(ExprKind::Bool),
        "[0-9]{1,4}(\\.[0-9]{1,2})?".prop_map(ExprKind::Number),
        "[a-z '%_é]{0,8}".prop_map(ExprKind::String),
        name_strategy().prop_map(|n| ExprKind::Column(vec![n])),
        Just(ExprKind::CurrentTimestamp),
    ]
}

fn binary_op() -> impl Strategy<Value = BinaryOp> {
    prop_oneof![
        Just(BinaryOp::Plus),
        Just(BinaryOp::Minus),
        Just(BinaryOp::Multiply),
        Just(BinaryOp::Divide),
        Just(BinaryOp::Modulo),
        Just(BinaryOp::Concat),
        Just(BinaryOp::Eq),
        Just(BinaryOp::NotEq),
        Just(BinaryOp::Lt),
        Just(BinaryOp::LtEq),
        Just(BinaryOp::Gt),
        Just(BinaryOp::GtEq),
        Just(BinaryOp::And),
        Just(BinaryOp::Or),
    ]
}

pub(crate) fn expr() -> impl Strategy<Value = ExprKind> {
    leaf().prop_recursive(4, 24, 3, |inner| {
        let b = |e: ExprKind| Box::new(e);
        prop_oneof![
            (inner.clone(), binary_op(), inner.clone()).prop_map(move |(l, op, r)| {
                ExprKind::Binary {
                    left: b(l),
                    op,
                    right: b(r),
                }
            }),
            (
                inner.clone(),
                prop_oneof![Just(UnaryOp::Not), Just(UnaryOp::Minus)]
            )
                .prop_map(move |(e, op)| ExprKind::Unary { op, expr: b(e) }),
            (inner.clone(), any::<bool>()).prop_map(move |(e, negated)| ExprKind::IsNull {
                expr: b(e),
                negated
            }),
            (
                inner.clone(),
                prop::collection::vec(inner.clone(), 1..3),
                any::<bool>()
            )
                .prop_map(move |(e, list, negated)| ExprKind::InList {
                    expr: b(e),
                    list,
                    negated
                }),
            (inner.clone(), inner.clone(), inner.clone(), any::<bool>()).prop_map(
                move |(e, low, high, negated)| ExprKind::Between {
                    expr: b(e),
                    low: b(low),
                    high: b(high),
                    negated
                }
            ),
            ("[a-z]{1,6}", prop::collection::vec(inner.clone(), 0..3)).prop_map(|(n, args)| {
                ExprKind::Function {
                    name: vec![n],
                    args,
                }
            }),
            inner.clone().prop_map(move |e| ExprKind::Nested(b(e))),
            (
                prop::collection::vec((inner.clone(), inner.clone()), 1..3),
                inner.clone()
            )
                .prop_map(move |(branches, e)| ExprKind::Case {
                    operand: None,
                    branches,
                    else_result: Some(b(e)),
                }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// A printed name reads back as the same name, quoted or not.
    #[test]
    fn names_round_trip(name in name_strategy()) {
        let text = format!("revision \"r\"\nup {{ rename table {} to x; }}\n", Name(&name));
        let (rev, diags) = migc::dsl::parse(FileId(0), &text);
        prop_assert!(diags.is_empty(), "{text}: {diags:?}");
        let rev = rev.unwrap();
        let (stmt, _) = rev.up.stmts().next().unwrap();
        let Op::RenameTable(r) = &stmt.op else { panic!("not a rename") };
        prop_assert_eq!(&r.from.name.name, &name);
    }

    /// A string literal reads back unchanged.
    #[test]
    fn sql_strings_round_trip(value in "[a-z '\"#\\\\é-]{0,12}") {
        let text = format!("revision \"r\"\nup {{ comment on table t is {}; }}\n", SqlStr(&value));
        let (rev, diags) = migc::dsl::parse(FileId(0), &text);
        prop_assert!(diags.is_empty(), "{text}: {diags:?}");
        let rev = rev.unwrap();
        let (stmt, _) = rev.up.stmts().next().unwrap();
        let Op::Comment(c) = &stmt.op else { panic!("not a comment") };
        prop_assert_eq!(&c.text.as_ref().unwrap().value, &value);
    }

    /// Printing an expression and parsing it back gives the same tree.
    #[test]
    fn expressions_round_trip(e in expr()) {
        let printed = e.to_string();
        let span = Span::new(FileId(0), 0..printed.len());
        let parsed = migc::sql::expr::parse_expr(&printed, span);
        prop_assert!(parsed.is_ok(), "{printed}: {parsed:?}");
        let parsed = parsed.unwrap().kind;
        prop_assert_eq!(parsed.to_string(), printed.clone());
        prop_assert_eq!(normalise(parsed), normalise(e), "{}", printed);
    }
}

/// The printer adds parentheses where precedence needs them and sqlparser
/// reads negative numbers as one literal; neither changes the meaning.
fn normalise(e: ExprKind) -> ExprKind {
    let n = |e: Box<ExprKind>| Box::new(normalise(*e));
    match e {
        ExprKind::Nested(inner) => normalise(*inner),
        ExprKind::Unary {
            op: UnaryOp::Minus,
            expr,
        } => match normalise(*expr) {
            ExprKind::Number(x) if !x.starts_with('-') => ExprKind::Number(format!("-{x}")),
            other => ExprKind::Unary {
                op: UnaryOp::Minus,
                expr: Box::new(other),
            },
        },
        ExprKind::Unary { op, expr } => ExprKind::Unary { op, expr: n(expr) },
        ExprKind::Binary { left, op, right } => ExprKind::Binary {
            left: n(left),
            op,
            right: n(right),
        },
        ExprKind::IsNull { expr, negated } => ExprKind::IsNull {
            expr: n(expr),
            negated,
        },
        ExprKind::InList {
            expr,
            list,
            negated,
        } => ExprKind::InList {
            expr: n(expr),
            list: list.into_iter().map(normalise).collect(),
            negated,
        },
        ExprKind::Between {
            expr,
            low,
            high,
            negated,
        } => ExprKind::Between {
            expr: n(expr),
            low: n(low),
            high: n(high),
            negated,
        },
        ExprKind::Function { name, args } => ExprKind::Function {
            name,
            args: args.into_iter().map(normalise).collect(),
        },
        ExprKind::Case {
            operand,
            branches,
            else_result,
        } => ExprKind::Case {
            operand: operand.map(n),
            branches: branches
                .into_iter()
                .map(|(a, b)| (normalise(a), normalise(b)))
                .collect(),
            else_result: else_result.map(n),
        },
        other => other,
    }
}

// ------------------------------------------------------------ opaque

/// Pieces that stress the `.mig` string forms: quotes (one, three, at the
/// end), backslashes before quotes and letters, line breaks, and what would
/// be comments or statement ends outside a string.
fn opaque_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\""),
        Just("\"\"\""),
        Just("\\"),
        Just("\\\""),
        Just("\\n"),
        Just("\n"),
        Just("\r\n"),
        Just("\t"),
        Just("'"),
        Just("'''"),
        Just("# migc: allow drop-table"),
        Just("-- x"),
        Just(";"),
        Just("{"),
        Just("}"),
        Just(" "),
        Just("    "),
        Just("op.execute("),
        Just(")"),
        Just("é"),
        Just("where x references y include z values w"),
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|p| p.concat())
}

/// Prints a revision holding one `opaque` statement with `text` and
/// `reason`, then reads it back and formats it.
fn opaque_round_trip(text: &str, reason: Option<&str>) -> Result<(), String> {
    let template = "revision \"r\"\nup {\n  opaque \"x\" because \"y\";\n}\n";
    let (rev, _) = migc::dsl::parse(FileId(0), template);
    let mut rev = rev.ok_or("the template does not parse")?;
    let Some(migc::ir::BlockItem::Stmt(stmt)) = rev.up.items.first_mut() else {
        return Err("no statement".into());
    };
    let Op::Sql(raw) = &mut stmt.op else {
        return Err("not an opaque statement".into());
    };
    raw.sql.text = text.to_string();
    match reason {
        Some(r) => raw.opaque_reason.as_mut().ok_or("no reason")?.value = r.to_string(),
        None => raw.opaque_reason = None,
    }
    let printed = migc::ir::print::revision(&rev);
    let read = |src: &str| -> Result<(String, Option<String>), String> {
        let (rev, diags) = migc::dsl::parse(FileId(0), src);
        if let Some(d) = diags.iter().find(|d| d.is_error()) {
            return Err(format!("{src:?}: {d:?}"));
        }
        let rev = rev.ok_or("no revision")?;
        let (stmt, _) = rev.up.stmts().next().ok_or("no statement")?;
        match &stmt.op {
            Op::Sql(raw) if raw.opaque_source => Ok((
                raw.sql.text.clone(),
                raw.opaque_reason.as_ref().map(|r| r.value.clone()),
            )),
            other => Err(format!("{src:?}: read back as {other:?}")),
        }
    };
    let want = (text.to_string(), reason.map(str::to_string));
    let got = read(&printed)?;
    if got != want {
        return Err(format!("printed {printed:?}, read back {got:?}"));
    }
    let formatted =
        migc::fmt::format(FileId(0), &printed).map_err(|d| format!("{printed:?}: {d:?}"))?;
    let got = read(&formatted)?;
    if got != want {
        return Err(format!("formatted {formatted:?}, read back {got:?}"));
    }
    let again = migc::fmt::format(FileId(0), &formatted).map_err(|d| format!("{d:?}"))?;
    if again != formatted {
        return Err(format!(
            "fmt is not a fixed point: {formatted:?} then {again:?}"
        ));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// An `opaque` statement's source and reason survive the printer and
    /// `migc fmt` byte for byte.
    #[test]
    fn opaque_statements_round_trip(
        text in opaque_text(),
        reason in proptest::option::of(opaque_text()),
    ) {
        let result = opaque_round_trip(&text, reason.as_deref());
        prop_assert!(result.is_ok(), "{}", result.unwrap_err());
    }
}

#[test]
fn opaque_strings_that_need_care() {
    let long = "x".repeat(90);
    let cases: &[(&str, Option<&str>)] = &[
        ("", None),
        ("\"", Some("\"")),
        ("\"\"\"", None),
        ("a\nb\"", None),
        ("a\n\"\"\"\nb", None),
        ("\\", Some("\\")),
        ("\\\"", None),
        ("x = \"\"\"\ndoc\n\"\"\"", None),
        ("a\\nb\nc", Some("a `for` loop")),
        (
            "for t in tables:\n    op.drop_table(t)  # migc: allow drop-table",
            None,
        ),
        ("\r\n", None),
        ("\"\"", None),
        ("\n", None),
        (&long, Some(&long)),
    ];
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(text, reason)| opaque_round_trip(text, *reason).err())
        .collect();
    assert!(failures.is_empty(), "{failures:#?}");
}
