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
