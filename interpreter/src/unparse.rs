//! Annotations as source text, for `from __future__ import annotations` (PEP 563), with
//! the spacing and quotes of CPython's unparser (`List[ int ]` gives `'List[int]'`).
//! Host only: devices evaluate such annotations instead, to keep the unparser out of flash.

use crate::ast::*;
use crate::format::{bytes_repr, float_repr, str_repr};
use alloc::string::{String, ToString};

// CPython's operator precedences (Python/ast_unparse.c), lowest first.
const TUPLE: u8 = 0;
const TEST: u8 = 1;
const NOT: u8 = 4;
const BOR: u8 = 6;
const FACTOR: u8 = 13;
const POWER: u8 = 14;
const ATOM: u8 = 16;

/// The text CPython keeps for annotation `e`, or None for an expression kind this
/// unparser does not cover (the annotation is then evaluated).
pub fn unparse(e: &Expr) -> Option<String> {
    let mut out = String::new();
    expr(&mut out, e, TEST)?;
    Some(out)
}

fn binop(op: BinOp) -> (&'static str, u8) {
    match op {
        BinOp::BitOr => ("|", BOR),
        BinOp::BitXor => ("^", BOR + 1),
        BinOp::BitAnd => ("&", BOR + 2),
        BinOp::LShift => ("<<", BOR + 3),
        BinOp::RShift => (">>", BOR + 3),
        BinOp::Add => ("+", BOR + 4),
        BinOp::Sub => ("-", BOR + 4),
        BinOp::Mul => ("*", BOR + 5),
        BinOp::Div => ("/", BOR + 5),
        BinOp::FloorDiv => ("//", BOR + 5),
        BinOp::Mod => ("%", BOR + 5),
        BinOp::MatMul => ("@", BOR + 5),
        BinOp::Pow => ("**", POWER),
    }
}

fn list(out: &mut String, items: &[Expr]) -> Option<()> {
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        expr(out, x, TEST)?;
    }
    Some(())
}

fn expr(out: &mut String, e: &Expr, level: u8) -> Option<()> {
    match &e.kind {
        E::Name(n) => out.push_str(n),
        E::Const(c) => match c {
            Const::None => out.push_str("None"),
            Const::True => out.push_str("True"),
            Const::False => out.push_str("False"),
            Const::Ellipsis => out.push_str("..."),
            Const::Int(i) => out.push_str(&i.to_string()),
            Const::BigInt(b) => out.push_str(&b.to_string_radix(10)),
            Const::Float(f) => out.push_str(&float_repr(*f)),
            Const::Str(s) => out.push_str(&str_repr(s)),
            Const::Bytes(b) => out.push_str(&bytes_repr(b)),
            Const::Complex(_) => return None,
        },
        E::Attribute(v, a) => {
            expr(out, v, ATOM)?;
            out.push('.');
            out.push_str(a);
        }
        E::Subscript(v, s) => {
            expr(out, v, ATOM)?;
            out.push('[');
            match &s.kind {
                E::Tuple(items) if !items.is_empty() => {
                    list(out, items)?;
                    if items.len() == 1 {
                        out.push(',');
                    }
                }
                _ => expr(out, s, TUPLE)?,
            }
            out.push(']');
        }
        E::Slice(a, b, c) => {
            for (i, part) in [a, b, c].into_iter().enumerate() {
                if i > 0 && (i < 2 || part.is_some()) {
                    out.push(':');
                }
                if let Some(p) = part {
                    expr(out, p, TEST)?;
                }
            }
        }
        E::Tuple(items) => {
            out.push('(');
            list(out, items)?;
            if items.len() == 1 {
                out.push(',');
            }
            out.push(')');
        }
        E::List(items) => {
            out.push('[');
            list(out, items)?;
            out.push(']');
        }
        E::Starred(v) => {
            out.push('*');
            expr(out, v, BOR)?;
        }
        E::BinOp(l, op, r) => {
            let (s, pr) = binop(*op);
            let paren = level > pr;
            if paren {
                out.push('(');
            }
            // ** groups to the right, the others to the left.
            let right = pr == POWER;
            expr(out, l, pr + right as u8)?;
            out.push(' ');
            out.push_str(s);
            out.push(' ');
            expr(out, r, pr + !right as u8)?;
            if paren {
                out.push(')');
            }
        }
        E::UnaryOp(op, v) => {
            let (s, pr) = match op {
                UnOp::Neg => ("-", FACTOR),
                UnOp::Pos => ("+", FACTOR),
                UnOp::Invert => ("~", FACTOR),
                UnOp::Not => ("not ", NOT),
            };
            let paren = level > pr;
            if paren {
                out.push('(');
            }
            out.push_str(s);
            expr(out, v, pr)?;
            if paren {
                out.push(')');
            }
        }
        E::Call(f, args) => {
            expr(out, f, ATOM)?;
            out.push('(');
            // CPython's AST keeps positional and keyword arguments apart.
            let pos = args
                .iter()
                .filter(|a| matches!(a, Arg::Pos(_) | Arg::Star(_)));
            let kw = args
                .iter()
                .filter(|a| matches!(a, Arg::Kw(..) | Arg::StarStar(_)));
            for (i, a) in pos.chain(kw).enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                match a {
                    Arg::Pos(x) => expr(out, x, TEST)?,
                    Arg::Star(x) => {
                        out.push('*');
                        expr(out, x, TEST)?;
                    }
                    Arg::Kw(k, x) => {
                        out.push_str(k);
                        out.push('=');
                        expr(out, x, TEST)?;
                    }
                    Arg::StarStar(x) => {
                        out.push_str("**");
                        expr(out, x, TEST)?;
                    }
                }
            }
            out.push(')');
        }
        _ => return None,
    }
    Some(())
}
