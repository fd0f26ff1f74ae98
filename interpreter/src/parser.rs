//! Tokens → AST by recursive descent. Nesting is bounded (`MAX_DEPTH`): deeply nested input
//! yields a SyntaxError instead of overflowing the Rust stack.

use crate::ast::*;
use crate::lexer::{SyntaxErr, Tok, Token, tokenize, tokenize_open};
use alloc::boxed::Box;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

/// Maximum nesting of expressions/blocks while parsing.
pub const MAX_DEPTH: u32 = 100;

/// Maximum operators in one left-associative chain (`a+b+c+...`): the AST depth, and so the
/// compiler's and the AST destructor's recursion, stays bounded.
pub const MAX_CHAIN: u32 = 1000;

/// A parsed module plus the number of scope ids used.
pub struct Module {
    /// Top-level statements.
    pub body: Vec<Stmt>,
    /// Scope ids are `0..scopes` (function, lambda, class and comprehension nodes).
    pub scopes: u32,
}

struct Parser {
    toks: Vec<Token>,
    pos: usize,
    depth: u32,
    next_id: u32,
}

/// Parses a whole module.
pub fn parse(source: &str) -> Result<Module, SyntaxErr> {
    let (toks, open) = tokenize_open(source)?;
    let mut p = Parser {
        toks,
        pos: 0,
        depth: 0,
        next_id: 0,
    };
    let mut body = Vec::new();
    while !p.at_eof() {
        if p.eat_tok(&Tok::Newline) {
            continue;
        }
        if let Err(e) = p.statement(&mut body) {
            // An unclosed bracket explains an error at the end of the input, or a generic
            // one on a later line (CPython's rule).
            return Err(match open {
                Some(o)
                    if p.toks[p.pos.min(p.toks.len() - 1)..]
                        .iter()
                        .all(|t| matches!(t.tok, Tok::Newline | Tok::Dedent | Tok::Eof))
                        || (e.msg == "invalid syntax" && e.line > o.line) =>
                {
                    o
                }
                _ => e,
            });
        }
    }
    Ok(Module {
        body,
        scopes: p.next_id,
    })
}

/// Parses one expression (used for f-string fields).
fn parse_sub_expr(src: &str, line: u32, next_id: &mut u32) -> Result<Expr, SyntaxErr> {
    let toks = tokenize(src.trim()).map_err(|mut e| {
        e.line = line;
        e
    })?;
    let mut p = Parser {
        toks,
        pos: 0,
        depth: 0,
        next_id: *next_id,
    };
    let e = p.testlist_star()?;
    p.eat_tok(&Tok::Newline);
    if !p.at_eof() {
        return Err(SyntaxErr::new("f-string: invalid syntax", line, 0));
    }
    *next_id = p.next_id;
    let mut e = e;
    fix_lines(&mut e, line);
    Ok(e)
}

fn fix_lines(e: &mut Expr, line: u32) {
    e.line = line;
}

/// An imaginary literal (`2j`), the only right operand of a complex literal pattern.
fn is_imaginary(e: &Expr) -> bool {
    matches!(e.kind, E::Const(Const::Complex(_)))
}

fn is_kw(s: &str) -> bool {
    matches!(
        s,
        "False"
            | "None"
            | "True"
            | "and"
            | "as"
            | "assert"
            | "async"
            | "await"
            | "break"
            | "class"
            | "continue"
            | "def"
            | "del"
            | "elif"
            | "else"
            | "except"
            | "finally"
            | "for"
            | "from"
            | "global"
            | "if"
            | "import"
            | "in"
            | "is"
            | "lambda"
            | "nonlocal"
            | "not"
            | "or"
            | "pass"
            | "raise"
            | "return"
            | "try"
            | "while"
            | "with"
            | "yield"
    )
}

/// What a target is checked for (`Parser::check_target`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum TargetCtx {
    Assign,
    Del,
    Aug,
    Ann,
}

/// CPython's name of an expression kind in SyntaxError messages (`_PyPegen_get_expr_name`).
fn expr_name(e: &Expr) -> &'static str {
    match &e.kind {
        E::Name(_) => "name",
        E::Attribute(..) => "attribute",
        E::Subscript(..) | E::Slice(..) => "subscript",
        E::Starred(_) => "starred",
        E::List(_) => "list",
        E::Tuple(_) => "tuple",
        E::Lambda(_) => "lambda",
        E::Call(..) => "function call",
        E::BinOp(..) | E::UnaryOp(..) | E::BoolOp(..) => "expression",
        E::Comp(CompKind::Gen, ..) => "generator expression",
        E::Comp(CompKind::List, ..) => "list comprehension",
        E::Comp(CompKind::Set, ..) => "set comprehension",
        E::Comp(CompKind::Dict, ..) => "dict comprehension",
        E::Yield(_) | E::YieldFrom(_) => "yield expression",
        E::Await(_) => "await expression",
        E::Dict(_) => "dict literal",
        E::Set(_) => "set display",
        E::JoinedStr(_) => "f-string expression",
        E::Compare(..) => "comparison",
        E::IfExp(..) => "conditional expression",
        E::NamedExpr(..) => "named expression",
        E::Const(Const::None) => "None",
        E::Const(Const::True) => "True",
        E::Const(Const::False) => "False",
        E::Const(Const::Ellipsis) => "ellipsis",
        E::Const(_) => "literal",
    }
}

/// The part of a target that cannot be assigned (deleted), as CPython's
/// `_PyPegen_get_invalid_target`: lists and tuples are searched, a starred item is its
/// operand (a `del` refuses it).
fn invalid_target(e: &Expr, del: bool) -> Option<&Expr> {
    match &e.kind {
        E::Name(_) | E::Attribute(..) | E::Subscript(..) => None,
        E::List(items) | E::Tuple(items) => items.iter().find_map(|i| invalid_target(i, del)),
        E::Starred(inner) if !del => invalid_target(inner, del),
        _ => Some(e),
    }
}

impl Parser {
    fn tok(&self) -> &Tok {
        &self.toks[self.pos.min(self.toks.len() - 1)].tok
    }
    fn peek_tok(&self, n: usize) -> &Tok {
        &self.toks[(self.pos + n).min(self.toks.len() - 1)].tok
    }
    fn line(&self) -> u32 {
        self.toks[self.pos.min(self.toks.len() - 1)].line
    }
    fn col(&self) -> u32 {
        self.toks[self.pos.min(self.toks.len() - 1)].col
    }
    fn at_eof(&self) -> bool {
        matches!(self.tok(), Tok::Eof)
    }
    fn advance(&mut self) -> Tok {
        let t = self.tok().clone();
        if self.pos < self.toks.len() - 1 {
            self.pos += 1;
        }
        t
    }
    fn err<T>(&self, msg: &str) -> Result<T, SyntaxErr> {
        Err(SyntaxErr::new(msg, self.line(), self.col()))
    }
    fn is_op(&self, op: &str) -> bool {
        matches!(self.tok(), Tok::Op(o) if *o == op)
    }
    fn is_kw(&self, kw: &str) -> bool {
        matches!(self.tok(), Tok::Name(n) if n == kw)
    }
    fn eat_op(&mut self, op: &str) -> bool {
        if self.is_op(op) {
            self.advance();
            true
        } else {
            false
        }
    }
    fn eat_kw(&mut self, kw: &str) -> bool {
        if self.is_kw(kw) {
            self.advance();
            true
        } else {
            false
        }
    }
    fn eat_tok(&mut self, t: &Tok) -> bool {
        if self.tok() == t {
            self.advance();
            true
        } else {
            false
        }
    }
    fn expect_op(&mut self, op: &str) -> Result<(), SyntaxErr> {
        if self.eat_op(op) {
            Ok(())
        } else if self.at_eof() {
            self.err("unexpected EOF while parsing")
        } else {
            match op {
                // The lexer has checked that brackets balance, so this is an unexpected
                // token inside them: two expressions in a row get CPython's hint.
                ")" | "]" | "}" if self.starts_operand() => {
                    self.err("invalid syntax. Perhaps you forgot a comma?")
                }
                ":" => self.err("expected ':'"),
                _ => self.err("invalid syntax"),
            }
        }
    }
    /// True when the current token can start an operand (a name that is no keyword, a
    /// literal, an opening bracket).
    fn starts_operand(&self) -> bool {
        match self.tok() {
            Tok::Name(w) => !is_kw(w) || matches!(w.as_str(), "None" | "True" | "False"),
            Tok::Op(o) => matches!(*o, "(" | "[" | "{"),
            Tok::Newline | Tok::Eof | Tok::Indent | Tok::Dedent => false,
            _ => true,
        }
    }

    fn expect_kw(&mut self, kw: &str) -> Result<(), SyntaxErr> {
        if self.eat_kw(kw) {
            Ok(())
        } else {
            self.err("invalid syntax")
        }
    }
    fn name(&mut self) -> Result<String, SyntaxErr> {
        match self.tok().clone() {
            Tok::Name(n) if !is_kw(&n) => {
                self.advance();
                Ok(n)
            }
            Tok::Eof => self.err("unexpected EOF while parsing"),
            _ => self.err("invalid syntax"),
        }
    }
    fn enter(&mut self) -> Result<(), SyntaxErr> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.err("too many nested parentheses");
        }
        Ok(())
    }
    fn leave(&mut self) {
        self.depth -= 1;
    }
    fn new_id(&mut self) -> u32 {
        self.next_id += 1;
        self.next_id - 1
    }
    fn mk(&self, kind: E, line: u32, col: u32) -> Expr {
        Expr { kind, line, col }
    }

    // ---------- statements ----------

    /// CPython's "expected an indented block after 'if' statement on line 3": the header is
    /// the first token of the logical line before the current one.
    fn indent_expected(&self) -> String {
        let mut i = self.pos.saturating_sub(1);
        while i > 0
            && !matches!(
                self.toks[i - 1].tok,
                Tok::Newline | Tok::Indent | Tok::Dedent
            )
        {
            i -= 1;
        }
        let mut t = &self.toks[i];
        if matches!(&t.tok, Tok::Name(n) if n == "async") {
            t = &self.toks[(i + 1).min(self.toks.len() - 1)];
        }
        let what = match &t.tok {
            Tok::Name(n) => match n.as_str() {
                "def" => "function definition".to_string(),
                "class" => "class definition".to_string(),
                "if" | "elif" | "else" | "while" | "for" | "with" | "try" | "except"
                | "finally" | "match" | "case" => format!("'{}' statement", n),
                _ => return "expected an indented block".to_string(),
            },
            _ => return "expected an indented block".to_string(),
        };
        format!(
            "expected an indented block after {} on line {}",
            what, t.line
        )
    }

    fn block(&mut self) -> Result<Vec<Stmt>, SyntaxErr> {
        self.expect_op(":")?;
        self.enter()?;
        let mut body = Vec::new();
        if self.eat_tok(&Tok::Newline) {
            if !self.eat_tok(&Tok::Indent) {
                let mut e = SyntaxErr::new(self.indent_expected(), self.line(), self.col());
                e.indent = true;
                return Err(e);
            }
            while !self.eat_tok(&Tok::Dedent) {
                if self.at_eof() {
                    break;
                }
                self.statement(&mut body)?;
            }
        } else {
            self.simple_stmts(&mut body)?;
        }
        self.leave();
        Ok(body)
    }

    fn statement(&mut self, out: &mut Vec<Stmt>) -> Result<(), SyntaxErr> {
        let line = self.line();
        if let Tok::Indent = self.tok() {
            let mut e = SyntaxErr::new("unexpected indent", line, self.col());
            e.indent = true;
            return Err(e);
        }
        let kw = match self.tok() {
            Tok::Name(n) => n.clone(),
            Tok::Op("@") => "@".to_string(),
            _ => String::new(),
        };
        let s = match kw.as_str() {
            "if" => {
                self.advance();
                self.if_rest(line)?
            }
            "while" => {
                self.advance();
                let cond = self.condition()?;
                let body = self.block()?;
                let orelse = if self.eat_kw("else") {
                    self.block()?
                } else {
                    Vec::new()
                };
                S::While(cond, body, orelse)
            }
            "for" => {
                self.advance();
                self.for_rest(false)?
            }
            "try" => {
                self.advance();
                self.try_rest()?
            }
            "with" => {
                self.advance();
                self.with_rest(false)?
            }
            "def" => {
                self.advance();
                S::FunctionDef(self.funcdef(Vec::new(), false, line)?)
            }
            "class" => {
                self.advance();
                self.classdef(Vec::new())?
            }
            "async" => {
                self.advance();
                if self.eat_kw("def") {
                    S::FunctionDef(self.funcdef(Vec::new(), true, line)?)
                } else if self.eat_kw("for") {
                    self.for_rest(true)?
                } else if self.eat_kw("with") {
                    self.with_rest(true)?
                } else {
                    return self.err("invalid syntax");
                }
            }
            "@" => {
                let mut decos = Vec::new();
                while self.eat_op("@") {
                    decos.push(self.named_test()?);
                    if !self.eat_tok(&Tok::Newline) {
                        return self.err("invalid syntax");
                    }
                }
                let line = self.line();
                if self.eat_kw("def") {
                    S::FunctionDef(self.funcdef(decos, false, line)?)
                } else if self.eat_kw("async") {
                    self.expect_kw("def")?;
                    S::FunctionDef(self.funcdef(decos, true, line)?)
                } else if self.eat_kw("class") {
                    self.classdef(decos)?
                } else {
                    return self.err("invalid syntax");
                }
            }
            "match" => match self.match_stmt()? {
                Some(s) => s,
                None => return self.simple_stmts(out),
            },
            _ => return self.simple_stmts(out),
        };
        out.push(Stmt { kind: s, line });
        Ok(())
    }

    /// `match` is a soft keyword: a statement only when a subject, ':' and a line end follow
    /// (no other statement has that shape); otherwise `None`, and the caller parses the line
    /// as a simple statement (`match = 1`, `match(x)`).
    fn match_stmt(&mut self) -> Result<Option<S>, SyntaxErr> {
        let saved = (self.pos, self.next_id, self.depth);
        self.advance();
        match self.testlist_star() {
            Ok(subject) if self.is_op(":") && matches!(self.peek_tok(1), Tok::Newline) => {
                self.advance();
                self.advance();
                if !self.eat_tok(&Tok::Indent) {
                    let mut e = SyntaxErr::new(self.indent_expected(), self.line(), self.col());
                    e.indent = true;
                    return Err(e);
                }
                self.enter()?;
                let mut cases = Vec::new();
                while !self.eat_tok(&Tok::Dedent) && !self.at_eof() {
                    let line = self.line();
                    self.expect_kw("case")?;
                    let pat = self.open_patterns()?;
                    if self.is_kw("as") {
                        return self.err("invalid syntax");
                    }
                    let guard = if self.eat_kw("if") {
                        Some(self.named_test()?)
                    } else {
                        None
                    };
                    let body = self.block()?;
                    cases.push(Case {
                        pat,
                        guard,
                        body,
                        line,
                    });
                }
                self.leave();
                Ok(Some(S::Match(subject, cases)))
            }
            _ => {
                (self.pos, self.next_id, self.depth) = saved;
                Ok(None)
            }
        }
    }

    /// A case's pattern: `a, *b` without brackets is a sequence pattern.
    fn open_patterns(&mut self) -> Result<Pat, SyntaxErr> {
        let first = self.star_pattern()?;
        if !self.is_op(",") {
            if let Pat::Star(_) = first {
                return self.err("invalid syntax");
            }
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_op(",") && !self.is_op(":") && !self.is_kw("if") {
            items.push(self.star_pattern()?);
        }
        Ok(Pat::Seq(items))
    }

    fn star_pattern(&mut self) -> Result<Pat, SyntaxErr> {
        if self.eat_op("*") {
            return Ok(Pat::Star(self.capture_name()?));
        }
        self.pattern()
    }

    /// A capture target: `None` for `_`.
    fn capture_name(&mut self) -> Result<Option<String>, SyntaxErr> {
        let n = self.name()?;
        Ok(if n == "_" { None } else { Some(n) })
    }

    fn pattern(&mut self) -> Result<Pat, SyntaxErr> {
        self.enter()?;
        let mut alts = vec![self.closed_pattern()?];
        while self.eat_op("|") {
            alts.push(self.closed_pattern()?);
        }
        let mut p = if alts.len() == 1 {
            alts.pop().unwrap_or(Pat::Capture(None))
        } else {
            Pat::Or(alts)
        };
        if self.eat_kw("as") {
            match self.capture_name()? {
                Some(n) => p = Pat::As(Box::new(p), n),
                None => return self.err("cannot use '_' as a target"),
            }
        }
        self.leave();
        Ok(p)
    }

    fn closed_pattern(&mut self) -> Result<Pat, SyntaxErr> {
        let (line, col) = (self.line(), self.col());
        match self.tok().clone() {
            Tok::Name(n) if matches!(n.as_str(), "None" | "True" | "False") => {
                self.advance();
                Ok(Pat::Singleton(match n.as_str() {
                    "None" => Const::None,
                    "True" => Const::True,
                    _ => Const::False,
                }))
            }
            Tok::Name(n) if !is_kw(&n) => {
                if !matches!(self.peek_tok(1), Tok::Op("." | "(")) {
                    self.advance();
                    return Ok(Pat::Capture(if n == "_" { None } else { Some(n) }));
                }
                let mut e = self.mk(E::Name(n), line, col);
                self.advance();
                while self.eat_op(".") {
                    let a = self.name()?;
                    e = self.mk(E::Attribute(Box::new(e), a), line, col);
                }
                if !self.eat_op("(") {
                    return Ok(Pat::Value(e));
                }
                let (mut pos, mut kws) = (Vec::new(), Vec::new());
                while !self.eat_op(")") {
                    if matches!(self.tok(), Tok::Name(_))
                        && matches!(self.peek_tok(1), Tok::Op("="))
                    {
                        let k = self.name()?;
                        self.advance();
                        kws.push((k, self.pattern()?));
                    } else if !kws.is_empty() {
                        return self.err("positional patterns follow keyword patterns");
                    } else {
                        pos.push(self.pattern()?);
                    }
                    if !self.eat_op(",") {
                        self.expect_op(")")?;
                        break;
                    }
                }
                Ok(Pat::Class(e, pos, kws))
            }
            Tok::Op(o @ ("(" | "[")) => {
                self.advance();
                let close = if o == "(" { ")" } else { "]" };
                let mut items = Vec::new();
                let mut comma = false;
                while !self.eat_op(close) {
                    items.push(self.star_pattern()?);
                    if !self.eat_op(",") {
                        self.expect_op(close)?;
                        break;
                    }
                    comma = true;
                }
                if o == "(" && items.len() == 1 && !comma {
                    return match items.pop() {
                        Some(Pat::Star(_)) | None => self.err("invalid syntax"),
                        Some(p) => Ok(p),
                    };
                }
                Ok(Pat::Seq(items))
            }
            Tok::Op("{") => {
                self.advance();
                let (mut items, mut rest) = (Vec::new(), None);
                while !self.eat_op("}") {
                    if self.eat_op("**") {
                        match self.capture_name()? {
                            Some(n) => rest = Some(n),
                            None => return self.err("invalid syntax"),
                        }
                        self.eat_op(",");
                        self.expect_op("}")?;
                        break;
                    }
                    let k = match self.closed_pattern()? {
                        Pat::Value(e) => e,
                        Pat::Singleton(c) => self.mk(E::Const(c), line, col),
                        _ => return self.err("invalid syntax"),
                    };
                    self.expect_op(":")?;
                    items.push((k, self.pattern()?));
                    if !self.eat_op(",") {
                        self.expect_op("}")?;
                        break;
                    }
                }
                Ok(Pat::Map(items, rest))
            }
            Tok::Str(_) | Tok::Bytes(_) | Tok::FStr(_) => match self.strings(line, col)? {
                e @ Expr {
                    kind: E::Const(_), ..
                } => Ok(Pat::Value(e)),
                _ => Err(SyntaxErr::new(
                    "patterns may only match literals and attribute lookups",
                    line,
                    col,
                )),
            },
            _ => self.number_pattern(),
        }
    }

    /// `-1`, `2.5`, `1+2j`, `-1-2j`: a real part may only be followed by `+`/`-` and an
    /// imaginary one.
    fn number_pattern(&mut self) -> Result<Pat, SyntaxErr> {
        let (line, col) = (self.line(), self.col());
        let neg = self.eat_op("-");
        let mut e = self.number_atom()?;
        if neg {
            e = self.mk(E::UnaryOp(UnOp::Neg, Box::new(e)), line, col);
        }
        if self.is_op("+") || self.is_op("-") {
            let op = if self.eat_op("+") {
                BinOp::Add
            } else {
                self.advance();
                BinOp::Sub
            };
            if is_imaginary(&e) {
                return Err(SyntaxErr::new(
                    "real number required in complex literal",
                    line,
                    col,
                ));
            }
            let r = self.number_atom()?;
            if !is_imaginary(&r) {
                return Err(SyntaxErr::new(
                    "imaginary number required in complex literal",
                    r.line,
                    r.col,
                ));
            }
            e = self.mk(E::BinOp(Box::new(e), op, Box::new(r)), line, col);
        }
        Ok(Pat::Value(e))
    }

    fn number_atom(&mut self) -> Result<Expr, SyntaxErr> {
        let (line, col) = (self.line(), self.col());
        let c = match self.tok().clone() {
            Tok::Int(i) => Const::Int(i),
            Tok::BigInt(b) => Const::BigInt(b),
            Tok::Float(f) => Const::Float(f),
            Tok::Imag(f) => Const::Complex(f),
            _ => return self.err("invalid syntax"),
        };
        self.advance();
        Ok(self.mk(E::Const(c), line, col))
    }

    fn if_rest(&mut self, _line: u32) -> Result<S, SyntaxErr> {
        let cond = self.condition()?;
        let body = self.block()?;
        let orelse = if self.is_kw("elif") {
            let l = self.line();
            self.advance();
            vec![Stmt {
                kind: self.if_rest(l)?,
                line: l,
            }]
        } else if self.eat_kw("else") {
            self.block()?
        } else {
            Vec::new()
        };
        Ok(S::If(cond, body, orelse))
    }

    fn for_rest(&mut self, is_async: bool) -> Result<S, SyntaxErr> {
        let target = self.target_list()?;
        self.expect_kw("in")?;
        let iter = self.testlist_star()?;
        let body = self.block()?;
        let orelse = if self.eat_kw("else") {
            self.block()?
        } else {
            Vec::new()
        };
        Ok(S::For(target, iter, body, orelse, is_async))
    }

    fn try_rest(&mut self) -> Result<S, SyntaxErr> {
        let body = self.block()?;
        let mut handlers = Vec::new();
        while self.is_kw("except") {
            let line = self.line();
            self.advance();
            let star = self.eat_op("*");
            if handlers.first().is_some_and(|h: &Handler| h.star != star) {
                return self.err("cannot have both 'except' and 'except*' on the same 'try'");
            }
            if star && self.is_op(":") {
                return self.err("expected one or more exception types");
            }
            let (typ, name) = if self.is_op(":") {
                (None, None)
            } else {
                let t = self.test()?;
                let t = if self.is_op(",") {
                    let mut items = vec![t];
                    while self.eat_op(",") {
                        items.push(self.test()?);
                    }
                    let (l, c) = (items[0].line, items[0].col);
                    self.mk(E::Tuple(items), l, c)
                } else {
                    t
                };
                let n = if self.eat_kw("as") {
                    Some(self.name()?)
                } else {
                    None
                };
                (Some(t), n)
            };
            let hb = self.block()?;
            handlers.push(Handler {
                star,
                typ,
                name,
                body: hb,
                line,
            });
        }
        let orelse = if !handlers.is_empty() && self.eat_kw("else") {
            self.block()?
        } else {
            Vec::new()
        };
        let finalbody = if self.eat_kw("finally") {
            self.block()?
        } else {
            Vec::new()
        };
        if handlers.is_empty() && finalbody.is_empty() {
            return self.err("expected 'except' or 'finally' block");
        }
        Ok(S::Try(body, handlers, orelse, finalbody))
    }

    fn with_rest(&mut self, is_async: bool) -> Result<S, SyntaxErr> {
        let mut items = Vec::new();
        let paren = self.is_op("(") && self.with_is_parenthesized();
        if paren {
            self.advance();
        }
        loop {
            if paren && self.is_op(")") {
                break;
            }
            let e = self.test()?;
            let t = if self.eat_kw("as") {
                Some(self.target()?)
            } else {
                None
            };
            items.push((e, t));
            if !self.eat_op(",") {
                break;
            }
        }
        if paren {
            self.expect_op(")")?;
        }
        let body = self.block()?;
        Ok(S::With(items, body, is_async))
    }

    fn with_is_parenthesized(&self) -> bool {
        // `with (a as b, c):` — look for a top-level `as` or a trailing ':' after the matching ')'.
        let mut depth = 0;
        let mut i = self.pos;
        while i < self.toks.len() {
            match &self.toks[i].tok {
                Tok::Op("(") | Tok::Op("[") | Tok::Op("{") => depth += 1,
                Tok::Op(")") | Tok::Op("]") | Tok::Op("}") => {
                    depth -= 1;
                    if depth == 0 {
                        return matches!(self.toks.get(i + 1).map(|t| &t.tok), Some(Tok::Op(":")))
                            && self.toks[self.pos + 1..i]
                                .iter()
                                .any(|t| t.tok == Tok::Name("as".into()));
                    }
                }
                Tok::Newline | Tok::Eof => return false,
                _ => {}
            }
            i += 1;
        }
        false
    }

    fn funcdef(
        &mut self,
        decorators: Vec<Expr>,
        is_async: bool,
        line: u32,
    ) -> Result<Rc<FuncDef>, SyntaxErr> {
        let name = self.name()?;
        self.expect_op("(")?;
        let params = self.params(")")?;
        self.expect_op(")")?;
        let mut params = params;
        if self.eat_op("->") {
            let ret = self.test()?;
            params.annotations.push(("return".into(), ret));
        }
        let id = self.new_id();
        let body = self.block()?;
        Ok(Rc::new(FuncDef {
            name,
            params,
            body,
            decorators,
            is_async,
            is_lambda: false,
            id,
            line,
        }))
    }

    fn params(&mut self, end: &str) -> Result<Params, SyntaxErr> {
        let mut p = Params::default();
        let mut kwonly = false;
        let mut seen_default = false;
        let mut seen_slash = false;
        // Annotations of the positional-only parameters, and where those of the positional
        // ones end: CPython evaluates the others first (args, then posonly args).
        let mut posonly_ann = 0;
        let mut positional_ann = None;
        while !self.is_op(end) {
            if self.is_op("*") || self.is_op("**") {
                positional_ann.get_or_insert(p.annotations.len());
            }
            if p.kwarg.is_some() {
                return self.err("arguments cannot follow var-keyword argument");
            }
            if self.eat_op("**") {
                let n = self.name()?;
                if end == ")" && self.eat_op(":") {
                    let a = self.test()?;
                    p.annotations.push((n.clone(), a));
                }
                p.kwarg = Some(n);
            } else if self.eat_op("*") {
                if kwonly {
                    return self.err("* argument may appear only once");
                }
                kwonly = true;
                if self.is_op(end)
                    || (self.is_op(",")
                        && matches!(self.peek_tok(1), Tok::Op(o) if *o == end || *o == "**"))
                {
                    return self.err("named arguments must follow bare *");
                }
                if !self.is_op(",") && !self.is_op(end) {
                    let n = self.name()?;
                    if end == ")" && self.eat_op(":") {
                        let a = self.test()?;
                        p.annotations.push((n.clone(), a));
                    }
                    p.vararg = Some(n);
                }
            } else if self.eat_op("/") {
                if seen_slash {
                    return self.err("/ may appear only once");
                }
                if kwonly {
                    return self.err("/ must be ahead of *");
                }
                if p.args.is_empty() {
                    return self.err("at least one argument must precede /");
                }
                seen_slash = true;
                p.posonly = p.args.len() as u32;
                posonly_ann = p.annotations.len();
            } else {
                let n = self.name()?;
                if end == ")" && self.eat_op(":") {
                    let a = self.test()?;
                    p.annotations.push((n.clone(), a));
                }
                let d = if self.eat_op("=") {
                    Some(self.test()?)
                } else {
                    None
                };
                if kwonly {
                    p.kwonly.push((n, d));
                } else {
                    if d.is_some() {
                        seen_default = true;
                    } else if seen_default {
                        return self.err("non-default argument follows default argument");
                    }
                    if p.args.iter().any(|(a, _)| *a == n) {
                        return self.err(&format!(
                            "duplicate argument '{}' in function definition",
                            n
                        ));
                    }
                    p.args.push((n, d));
                }
            }
            if !self.eat_op(",") {
                break;
            }
        }
        let positional_ann = positional_ann.unwrap_or(p.annotations.len());
        p.annotations[..positional_ann].rotate_left(posonly_ann);
        Ok(p)
    }

    fn classdef(&mut self, decorators: Vec<Expr>) -> Result<S, SyntaxErr> {
        let name = self.name()?;
        let bases = if self.eat_op("(") {
            let a = self.call_args()?;
            self.expect_op(")")?;
            a
        } else {
            Vec::new()
        };
        let id = self.new_id();
        let body = self.block()?;
        Ok(S::ClassDef(name, bases, body, decorators, id))
    }

    fn simple_stmts(&mut self, out: &mut Vec<Stmt>) -> Result<(), SyntaxErr> {
        loop {
            let line = self.line();
            let s = self.small_stmt()?;
            out.push(Stmt { kind: s, line });
            if self.eat_op(";") {
                if matches!(self.tok(), Tok::Newline | Tok::Eof) {
                    break;
                }
                continue;
            }
            break;
        }
        if !self.eat_tok(&Tok::Newline) && !self.at_eof() {
            return Err(self
                .legacy_print()
                .unwrap_or_else(|| SyntaxErr::new("invalid syntax", self.line(), self.col())));
        }
        Ok(())
    }

    /// `print "x"` / `exec "x"` (Python 2 statements): CPython's "Missing parentheses" error,
    /// when the name is followed by what starts an expression.
    fn legacy_print(&self) -> Option<SyntaxErr> {
        let prev = self.toks.get(self.pos.checked_sub(1)?)?;
        let Tok::Name(n) = &prev.tok else {
            return None;
        };
        if n != "print" && n != "exec" {
            return None;
        }
        let starts_expr = match self.tok() {
            Tok::Name(w) => {
                !is_kw(w)
                    || matches!(
                        w.as_str(),
                        "not" | "lambda" | "await" | "None" | "True" | "False"
                    )
            }
            Tok::Op(o) => matches!(*o, "[" | "{" | "~" | "..."),
            Tok::Newline | Tok::Eof | Tok::Indent | Tok::Dedent => false,
            _ => true,
        };
        starts_expr.then(|| {
            SyntaxErr::new(
                format!("Missing parentheses in call to '{n}'. Did you mean {n}(...)?"),
                prev.line,
                prev.col,
            )
        })
    }

    fn small_stmt(&mut self) -> Result<S, SyntaxErr> {
        let kw = match self.tok() {
            Tok::Name(n) => n.clone(),
            _ => String::new(),
        };
        match kw.as_str() {
            "pass" => {
                self.advance();
                Ok(S::Pass)
            }
            "break" => {
                self.advance();
                Ok(S::Break)
            }
            "continue" => {
                self.advance();
                Ok(S::Continue)
            }
            "return" => {
                self.advance();
                if matches!(self.tok(), Tok::Newline | Tok::Eof) || self.is_op(";") {
                    Ok(S::Return(None))
                } else {
                    Ok(S::Return(Some(self.testlist_star()?)))
                }
            }
            "raise" => {
                self.advance();
                if matches!(self.tok(), Tok::Newline | Tok::Eof) || self.is_op(";") {
                    return Ok(S::Raise(None, None));
                }
                let e = self.test()?;
                let c = if self.eat_kw("from") {
                    Some(self.test()?)
                } else {
                    None
                };
                Ok(S::Raise(Some(e), c))
            }
            "global" | "nonlocal" => {
                self.advance();
                let mut names = vec![self.name()?];
                while self.eat_op(",") {
                    names.push(self.name()?);
                }
                Ok(if kw == "global" {
                    S::Global(names)
                } else {
                    S::Nonlocal(names)
                })
            }
            "del" => {
                self.advance();
                let e = self.testlist_star()?;
                self.check_target(&e, TargetCtx::Del)?;
                // `del a, b` deletes each; `del (a, b)` too.
                let t = match e.kind {
                    E::Tuple(items) => items,
                    _ => vec![e],
                };
                Ok(S::Del(t))
            }
            "assert" => {
                self.advance();
                let t = self.test()?;
                let m = if self.eat_op(",") {
                    Some(self.test()?)
                } else {
                    None
                };
                Ok(S::Assert(t, m))
            }
            "import" => {
                self.advance();
                let mut names = Vec::new();
                loop {
                    let n = self.dotted_name()?;
                    let a = if self.eat_kw("as") {
                        Some(self.name()?)
                    } else {
                        None
                    };
                    names.push((n, a));
                    if !self.eat_op(",") {
                        break;
                    }
                }
                Ok(S::Import(names))
            }
            "from" => {
                self.advance();
                let mut level = 0;
                loop {
                    if self.eat_op(".") {
                        level += 1;
                    } else if self.eat_op("...") {
                        level += 3;
                    } else {
                        break;
                    }
                }
                let module = if self.is_kw("import") {
                    String::new()
                } else {
                    self.dotted_name()?
                };
                self.expect_kw("import")?;
                let mut names = Vec::new();
                if self.eat_op("*") {
                    names.push(("*".to_string(), None));
                } else {
                    let paren = self.eat_op("(");
                    loop {
                        if paren && self.is_op(")") {
                            break;
                        }
                        let n = self.name()?;
                        let a = if self.eat_kw("as") {
                            Some(self.name()?)
                        } else {
                            None
                        };
                        names.push((n, a));
                        if !self.eat_op(",") {
                            break;
                        }
                    }
                    if paren {
                        self.expect_op(")")?;
                    }
                }
                // A relative import keeps its leading dots in the name; the
                // import machinery resolves them against the importer's package.
                let module = if level > 0 {
                    format!("{}{}", ".".repeat(level as usize), module)
                } else {
                    module
                };
                Ok(S::ImportFrom(module, names, level))
            }
            _ => self.expr_stmt(),
        }
    }

    fn dotted_name(&mut self) -> Result<String, SyntaxErr> {
        let mut n = self.name()?;
        while self.eat_op(".") {
            n.push('.');
            n.push_str(&self.name()?);
        }
        Ok(n)
    }

    fn expr_stmt(&mut self) -> Result<S, SyntaxErr> {
        let start = self.pos;
        let first = if self.is_kw("yield") {
            self.yield_expr()?
        } else {
            self.testlist_star()?
        };
        if matches!(first.kind, E::NamedExpr(..)) && !matches!(self.toks[start].tok, Tok::Op("(")) {
            // `a := 1` as a statement needs parentheses.
            let t = &self.toks[(start + 1).min(self.toks.len() - 1)];
            return Err(SyntaxErr::new("invalid syntax", t.line, t.col));
        }
        if let Tok::Op(op) = self.tok().clone() {
            let aug = match op {
                "+=" => Some(BinOp::Add),
                "-=" => Some(BinOp::Sub),
                "*=" => Some(BinOp::Mul),
                "/=" => Some(BinOp::Div),
                "//=" => Some(BinOp::FloorDiv),
                "%=" => Some(BinOp::Mod),
                "**=" => Some(BinOp::Pow),
                "<<=" => Some(BinOp::LShift),
                ">>=" => Some(BinOp::RShift),
                "|=" => Some(BinOp::BitOr),
                "^=" => Some(BinOp::BitXor),
                "&=" => Some(BinOp::BitAnd),
                "@=" => Some(BinOp::MatMul),
                _ => None,
            };
            if let Some(b) = aug {
                self.advance();
                self.check_target(&first, TargetCtx::Aug)?;
                let v = if self.is_kw("yield") {
                    self.yield_expr()?
                } else {
                    self.testlist_star()?
                };
                return Ok(S::AugAssign(first, b, v));
            }
            if op == ":" {
                self.advance();
                self.check_target(&first, TargetCtx::Ann)?;
                let ann = self.test()?;
                let v = if self.eat_op("=") {
                    Some(self.testlist_star()?)
                } else {
                    None
                };
                let simple = matches!(first.kind, E::Name(_))
                    && !matches!(self.toks[start].tok, Tok::Op("("));
                return Ok(S::AnnAssign(first, ann, v, simple));
            }
            if op == "=" {
                let eq = self.pos;
                let mut targets = vec![first];
                let mut value;
                loop {
                    self.advance();
                    value = if self.is_kw("yield") {
                        self.yield_expr()?
                    } else {
                        self.testlist_star()?
                    };
                    if !self.is_op("=") {
                        break;
                    }
                    targets.push(value);
                }
                if let Some(e) = self.assign_error(&targets, start, eq) {
                    return Err(e);
                }
                return Ok(S::Assign(targets, value));
            }
        }
        Ok(S::Expr(first))
    }

    /// Checks an assignment (`ctx` Assign: also `for`/`with`/comprehension targets), `del`,
    /// augmented-assignment or annotation target, with CPython's messages.
    fn check_target(&self, e: &Expr, ctx: TargetCtx) -> Result<(), SyntaxErr> {
        let simple = matches!(e.kind, E::Name(_) | E::Attribute(..) | E::Subscript(..));
        let msg = match ctx {
            TargetCtx::Aug if !simple => format!(
                "'{}' is an illegal expression for augmented assignment",
                expr_name(e)
            ),
            TargetCtx::Ann if !simple => match e.kind {
                E::Tuple(_) => "only single target (not tuple) can be annotated".to_string(),
                E::List(_) => "only single target (not list) can be annotated".to_string(),
                _ => "illegal target for annotation".to_string(),
            },
            TargetCtx::Assign | TargetCtx::Del => {
                let del = ctx == TargetCtx::Del;
                if let Some(bad) = invalid_target(e, del) {
                    let verb = if del { "delete" } else { "assign to" };
                    return Err(SyntaxErr::new(
                        format!("cannot {} {}", verb, expr_name(bad)),
                        bad.line,
                        bad.col,
                    ));
                }
                if !del && matches!(e.kind, E::Starred(_)) {
                    "starred assignment target must be in a list or tuple".to_string()
                } else {
                    return Ok(());
                }
            }
            _ => return Ok(()),
        };
        Err(SyntaxErr::new(msg, e.line, e.col))
    }

    /// The error of an `=` statement whose targets are not all valid, as CPython words it:
    /// `f() = 1` gets "cannot assign to function call here. Maybe you meant '==' instead of
    /// '='?" (its `invalid_named_expression` rule: the last element before the first `=` and
    /// the start of what follows are plain `bitwise_or` expressions), other cases the first
    /// invalid target's "cannot assign to ...". `start` and `eq` are token indices of the
    /// statement's start and of its first `=`.
    fn assign_error(&mut self, targets: &[Expr], start: usize, eq: usize) -> Option<SyntaxErr> {
        let bad = targets
            .iter()
            .enumerate()
            .find(|(_, t)| self.check_target(t, TargetCtx::Assign).is_err())?;
        let save = self.pos;
        // The element just before the first `=`: after the last comma outside brackets.
        let mut elem = start;
        let mut depth = 0i32;
        for i in start..eq {
            match &self.toks[i].tok {
                Tok::Op("(" | "[" | "{") => depth += 1,
                Tok::Op(")" | "]" | "}") => depth -= 1,
                Tok::Op(",") if depth == 0 => elem = i + 1,
                _ => {}
            }
        }
        let mut found = None;
        self.pos = elem;
        if let Ok(a) = self.expr() {
            if self.pos == eq {
                self.pos = eq + 1;
                let rhs_ok = self.expr().is_ok() && !self.is_op("=") && !self.is_op(":=");
                let excluded = matches!(
                    self.toks[elem].tok,
                    Tok::Op("(" | "[") if matches!(a.kind, E::Tuple(_) | E::List(_) | E::Comp(CompKind::Gen, ..))
                ) || matches!(
                    a.kind,
                    E::Const(Const::True | Const::False | Const::None)
                );
                if rhs_ok
                    && matches!(a.kind, E::Name(_))
                    && !matches!(self.toks[elem].tok, Tok::Op("("))
                {
                    found = Some(SyntaxErr::new(
                        "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                        a.line,
                        a.col,
                    ));
                } else if rhs_ok && !excluded {
                    found = Some(SyntaxErr::new(
                        format!(
                            "cannot assign to {} here. Maybe you meant '==' instead of '='?",
                            expr_name(&a)
                        ),
                        a.line,
                        a.col,
                    ));
                }
            }
        }
        self.pos = save;
        if found.is_some() {
            return found;
        }
        let (_, t) = bad;
        let parenthesized = self
            .toks
            .iter()
            .position(|k| k.line == t.line && k.col == t.col)
            .is_some_and(|i| i > 0 && matches!(self.toks[i - 1].tok, Tok::Op("(")));
        if !parenthesized && matches!(t.kind, E::Yield(_) | E::YieldFrom(_)) {
            return Some(SyntaxErr::new(
                "assignment to yield expression not possible",
                t.line,
                t.col,
            ));
        }
        self.check_target(t, TargetCtx::Assign).err()
    }

    /// The error for `=` where an expression ends (`if x = 1:`, `f(a.b=1)` is the caller's).
    fn stray_assign_error(&self, e: &Expr) -> SyntaxErr {
        let msg = match e.kind {
            E::Name(_) => {
                "invalid syntax. Maybe you meant '==' or ':=' instead of '='?".to_string()
            }
            E::Compare(..)
            | E::BoolOp(..)
            | E::IfExp(..)
            | E::Lambda(_)
            | E::UnaryOp(UnOp::Not, _)
            | E::Tuple(_)
            | E::List(_)
            | E::Const(Const::True | Const::False | Const::None) => "invalid syntax".to_string(),
            _ => format!(
                "cannot assign to {} here. Maybe you meant '==' instead of '='?",
                expr_name(e)
            ),
        };
        SyntaxErr::new(msg, e.line, e.col)
    }

    // ---------- expressions ----------

    fn target(&mut self) -> Result<Expr, SyntaxErr> {
        let e = self.expr()?;
        self.check_target(&e, TargetCtx::Assign)?;
        Ok(e)
    }

    /// `for` targets: a, *b, (c, d)
    fn target_list(&mut self) -> Result<Expr, SyntaxErr> {
        let (line, col) = (self.line(), self.col());
        let first = self.star_or(|p| p.expr())?;
        if !self.is_op(",") {
            self.check_target(&first, TargetCtx::Assign)?;
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.is_kw("in") || self.is_op("=") {
                break;
            }
            items.push(self.star_or(|p| p.expr())?);
        }
        let t = self.mk(E::Tuple(items), line, col);
        self.check_target(&t, TargetCtx::Assign)?;
        Ok(t)
    }

    fn star_or(
        &mut self,
        f: fn(&mut Parser) -> Result<Expr, SyntaxErr>,
    ) -> Result<Expr, SyntaxErr> {
        let (line, col) = (self.line(), self.col());
        if self.eat_op("*") {
            let e = self.expr()?;
            return Ok(self.mk(E::Starred(Box::new(e)), line, col));
        }
        f(self)
    }

    /// testlist_star_expr: a tuple when commas are present.
    fn testlist_star(&mut self) -> Result<Expr, SyntaxErr> {
        let (line, col) = (self.line(), self.col());
        let first = self.star_or(|p| p.named_test())?;
        if !self.is_op(",") {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.expr_ends() {
                break;
            }
            items.push(self.star_or(|p| p.named_test())?);
        }
        Ok(self.mk(E::Tuple(items), line, col))
    }

    fn expr_ends(&self) -> bool {
        match self.tok() {
            Tok::Newline | Tok::Eof => true,
            Tok::Op(o) => matches!(*o, ")" | "]" | "}" | "=" | ":" | ";"),
            Tok::Name(n) => n == "in" || n == "for",
            _ => false,
        }
    }

    fn yield_expr(&mut self) -> Result<Expr, SyntaxErr> {
        let (line, col) = (self.line(), self.col());
        self.expect_kw("yield")?;
        if self.eat_kw("from") {
            let e = self.test()?;
            return Ok(self.mk(E::YieldFrom(Box::new(e)), line, col));
        }
        if self.expr_ends() {
            return Ok(self.mk(E::Yield(None), line, col));
        }
        let e = self.testlist_star()?;
        Ok(self.mk(E::Yield(Some(Box::new(e))), line, col))
    }

    fn named_test(&mut self) -> Result<Expr, SyntaxErr> {
        if let (Tok::Name(n), Tok::Op(":=")) = (self.tok().clone(), self.peek_tok(1).clone()) {
            let (line, col) = (self.line(), self.col());
            self.advance();
            self.advance();
            let v = self.test()?;
            return Ok(self.mk(E::NamedExpr(n, Box::new(v)), line, col));
        }
        let e = self.test()?;
        if self.is_op(":=") {
            return Err(SyntaxErr::new(
                format!("cannot use assignment expressions with {}", expr_name(&e)),
                e.line,
                e.col,
            ));
        }
        Ok(e)
    }

    /// The condition of `if`/`elif`/`while`: `if x = 1:` gets CPython's hint.
    fn condition(&mut self) -> Result<Expr, SyntaxErr> {
        let e = self.named_test()?;
        if self.is_op("=") {
            return Err(self.stray_assign_error(&e));
        }
        Ok(e)
    }

    fn test(&mut self) -> Result<Expr, SyntaxErr> {
        self.enter()?;
        let r = self.test_inner();
        self.leave();
        r
    }

    fn test_inner(&mut self) -> Result<Expr, SyntaxErr> {
        let (line, col) = (self.line(), self.col());
        if self.eat_kw("lambda") {
            let params = self.params(":")?;
            self.expect_op(":")?;
            let body = self.test()?;
            let id = self.new_id();
            let f = FuncDef {
                name: "<lambda>".to_string(),
                params,
                body: vec![Stmt {
                    line: body.line,
                    kind: S::Return(Some(body)),
                }],
                decorators: Vec::new(),
                is_async: false,
                is_lambda: true,
                id,
                line,
            };
            return Ok(self.mk(E::Lambda(Rc::new(f)), line, col));
        }
        let e = self.or_test()?;
        if self.is_kw("if") {
            // Ternary; but not inside a comprehension's `if` clause handled by caller.
            self.advance();
            let cond = self.or_test()?;
            if !self.eat_kw("else") {
                return self.err("expected 'else' after 'if' expression");
            }
            let other = self.test()?;
            return Ok(self.mk(
                E::IfExp(Box::new(cond), Box::new(e), Box::new(other)),
                line,
                col,
            ));
        }
        Ok(e)
    }

    fn test_nocond(&mut self) -> Result<Expr, SyntaxErr> {
        self.or_test()
    }

    fn or_test(&mut self) -> Result<Expr, SyntaxErr> {
        let (line, col) = (self.line(), self.col());
        let first = self.and_test()?;
        if !self.is_kw("or") {
            return Ok(first);
        }
        let mut v = vec![first];
        while self.eat_kw("or") {
            v.push(self.and_test()?);
        }
        Ok(self.mk(E::BoolOp(false, v), line, col))
    }

    fn and_test(&mut self) -> Result<Expr, SyntaxErr> {
        let (line, col) = (self.line(), self.col());
        let first = self.not_test()?;
        if !self.is_kw("and") {
            return Ok(first);
        }
        let mut v = vec![first];
        while self.eat_kw("and") {
            v.push(self.not_test()?);
        }
        Ok(self.mk(E::BoolOp(true, v), line, col))
    }

    fn not_test(&mut self) -> Result<Expr, SyntaxErr> {
        let (line, col) = (self.line(), self.col());
        if self.eat_kw("not") {
            self.enter()?;
            let e = self.not_test();
            self.leave();
            return Ok(self.mk(E::UnaryOp(UnOp::Not, Box::new(e?)), line, col));
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Result<Expr, SyntaxErr> {
        let (line, col) = (self.line(), self.col());
        let first = self.expr()?;
        let mut ops = Vec::new();
        loop {
            let op = match self.tok() {
                Tok::Op("<") => CmpOp::Lt,
                Tok::Op("<=") => CmpOp::Le,
                Tok::Op("==") => CmpOp::Eq,
                Tok::Op("!=") => CmpOp::Ne,
                Tok::Op(">") => CmpOp::Gt,
                Tok::Op(">=") => CmpOp::Ge,
                Tok::Name(n) if n == "in" => CmpOp::In,
                Tok::Name(n) if n == "is" => {
                    if matches!(self.peek_tok(1), Tok::Name(m) if m == "not") {
                        self.advance();
                        CmpOp::IsNot
                    } else {
                        CmpOp::Is
                    }
                }
                Tok::Name(n)
                    if n == "not" && matches!(self.peek_tok(1), Tok::Name(m) if m == "in") =>
                {
                    self.advance();
                    CmpOp::NotIn
                }
                _ => break,
            };
            self.advance();
            ops.push((op, self.expr()?));
        }
        if ops.is_empty() {
            Ok(first)
        } else {
            Ok(self.mk(E::Compare(Box::new(first), ops), line, col))
        }
    }

    fn binary(&mut self, level: u8) -> Result<Expr, SyntaxErr> {
        if level == 6 {
            return self.factor();
        }
        let (line, col) = (self.line(), self.col());
        let mut left = self.binary(level + 1)?;
        let mut chain = 0u32;
        loop {
            chain += 1;
            if chain > MAX_CHAIN {
                return self.err("expression too complex");
            }
            let op = match (level, self.tok()) {
                (0, Tok::Op("|")) => BinOp::BitOr,
                (1, Tok::Op("^")) => BinOp::BitXor,
                (2, Tok::Op("&")) => BinOp::BitAnd,
                (3, Tok::Op("<<")) => BinOp::LShift,
                (3, Tok::Op(">>")) => BinOp::RShift,
                (4, Tok::Op("+")) => BinOp::Add,
                (4, Tok::Op("-")) => BinOp::Sub,
                (5, Tok::Op("*")) => BinOp::Mul,
                (5, Tok::Op("/")) => BinOp::Div,
                (5, Tok::Op("//")) => BinOp::FloorDiv,
                (5, Tok::Op("%")) => BinOp::Mod,
                (5, Tok::Op("@")) => BinOp::MatMul,
                _ => break,
            };
            self.advance();
            let right = self.binary(level + 1)?;
            left = self.mk(E::BinOp(Box::new(left), op, Box::new(right)), line, col);
        }
        Ok(left)
    }

    fn expr(&mut self) -> Result<Expr, SyntaxErr> {
        self.binary(0)
    }

    fn factor(&mut self) -> Result<Expr, SyntaxErr> {
        let (line, col) = (self.line(), self.col());
        let op = match self.tok() {
            Tok::Op("-") => Some(UnOp::Neg),
            Tok::Op("+") => Some(UnOp::Pos),
            Tok::Op("~") => Some(UnOp::Invert),
            _ => None,
        };
        if let Some(op) = op {
            self.advance();
            self.enter()?;
            let e = self.factor();
            self.leave();
            let e = e?;
            if let (UnOp::Neg, E::Const(Const::Int(i))) = (op, &e.kind) {
                return Ok(self.mk(E::Const(Const::Int(-i)), line, col));
            }
            if let (UnOp::Neg, E::Const(Const::Float(f))) = (op, &e.kind) {
                return Ok(self.mk(E::Const(Const::Float(-f)), line, col));
            }
            return Ok(self.mk(E::UnaryOp(op, Box::new(e)), line, col));
        }
        self.power()
    }

    fn power(&mut self) -> Result<Expr, SyntaxErr> {
        let (line, col) = (self.line(), self.col());
        let base = if self.eat_kw("await") {
            let e = self.atom_expr()?;
            self.mk(E::Await(Box::new(e)), line, col)
        } else {
            self.atom_expr()?
        };
        if self.eat_op("**") {
            self.enter()?;
            let e = self.factor();
            self.leave();
            return Ok(self.mk(
                E::BinOp(Box::new(base), BinOp::Pow, Box::new(e?)),
                line,
                col,
            ));
        }
        Ok(base)
    }

    fn atom_expr(&mut self) -> Result<Expr, SyntaxErr> {
        let mut e = self.atom()?;
        let mut chain = 0u32;
        loop {
            chain += 1;
            if chain > MAX_CHAIN {
                return self.err("expression too complex");
            }
            let (line, col) = (self.line(), self.col());
            if self.eat_op("(") {
                self.enter()?;
                let args = self.call_args()?;
                self.leave();
                self.expect_op(")")?;
                e = self.mk(E::Call(Box::new(e), args), line, col);
            } else if self.eat_op("[") {
                self.enter()?;
                let idx = self.subscript_list()?;
                self.leave();
                self.expect_op("]")?;
                e = self.mk(E::Subscript(Box::new(e), Box::new(idx)), line, col);
            } else if self.eat_op(".") {
                let n = self.name()?;
                e = self.mk(E::Attribute(Box::new(e), n), line, col);
            } else {
                return Ok(e);
            }
        }
    }

    fn subscript_list(&mut self) -> Result<Expr, SyntaxErr> {
        let (line, col) = (self.line(), self.col());
        let first = self.subscript()?;
        if !self.is_op(",") {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.is_op("]") {
                break;
            }
            items.push(self.subscript()?);
        }
        Ok(self.mk(E::Tuple(items), line, col))
    }

    fn subscript(&mut self) -> Result<Expr, SyntaxErr> {
        let (line, col) = (self.line(), self.col());
        let lower = if self.is_op(":") {
            None
        } else {
            Some(Box::new(self.named_test()?))
        };
        if !self.eat_op(":") {
            return lower
                .map(|b| *b)
                .ok_or_else(|| SyntaxErr::new("invalid syntax", line, col));
        }
        let upper = if self.is_op(":") || self.is_op("]") || self.is_op(",") {
            None
        } else {
            Some(Box::new(self.test()?))
        };
        let step = if self.eat_op(":") {
            if self.is_op("]") || self.is_op(",") {
                None
            } else {
                Some(Box::new(self.test()?))
            }
        } else {
            None
        };
        Ok(self.mk(E::Slice(lower, upper, step), line, col))
    }

    fn call_args(&mut self) -> Result<Vec<Arg>, SyntaxErr> {
        let mut args = Vec::new();
        let mut seen_kw = false;
        let mut seen_starstar = false;
        while !self.is_op(")") {
            if self.eat_op("**") {
                args.push(Arg::StarStar(self.test()?));
                seen_kw = true;
                seen_starstar = true;
            } else if self.is_op("*") {
                if seen_starstar {
                    return self
                        .err("iterable argument unpacking follows keyword argument unpacking");
                }
                self.advance();
                args.push(Arg::Star(self.test()?));
            } else if let (Tok::Name(n), Tok::Op("=")) =
                (self.tok().clone(), self.peek_tok(1).clone())
            {
                if matches!(n.as_str(), "True" | "False" | "None") {
                    return self.err(&format!("cannot assign to {}", n));
                }
                if args.iter().any(|a| matches!(a, Arg::Kw(k, _) if *k == n)) {
                    return self.err(&format!("keyword argument repeated: {}", n));
                }
                self.advance();
                self.advance();
                args.push(Arg::Kw(n, self.test()?));
                seen_kw = true;
            } else {
                let (line, col) = (self.line(), self.col());
                let e = self.named_test()?;
                if self.is_op("=") {
                    return Err(match e.kind {
                        E::Const(Const::True | Const::False | Const::None) => SyntaxErr::new(
                            format!("cannot assign to {}", expr_name(&e)),
                            e.line,
                            e.col,
                        ),
                        _ => SyntaxErr::new(
                            "expression cannot contain assignment, perhaps you meant \"==\"?",
                            e.line,
                            e.col,
                        ),
                    });
                }
                if self.is_kw("for") || self.is_kw("async") {
                    let comps = self.comp_for()?;
                    let id = self.new_id();
                    if !args.is_empty() || self.is_op(",") {
                        return Err(SyntaxErr::new(
                            "Generator expression must be parenthesized",
                            line,
                            col,
                        ));
                    }
                    args.push(Arg::Pos(self.mk(
                        E::Comp(CompKind::Gen, Box::new(e), None, comps, id),
                        line,
                        col,
                    )));
                } else {
                    if seen_starstar {
                        return self.err("positional argument follows keyword argument unpacking");
                    }
                    if seen_kw {
                        return self.err("positional argument follows keyword argument");
                    }
                    args.push(Arg::Pos(e));
                }
            }
            if !self.eat_op(",") {
                break;
            }
        }
        Ok(args)
    }

    fn comp_for(&mut self) -> Result<Vec<Comp>, SyntaxErr> {
        let mut comps = Vec::new();
        loop {
            let is_async = self.eat_kw("async");
            if !self.eat_kw("for") {
                break;
            }
            let target = self.target_list()?;
            self.expect_kw("in")?;
            let iter = self.or_test()?;
            let mut ifs = Vec::new();
            while self.is_kw("if") {
                self.advance();
                ifs.push(self.test_nocond()?);
            }
            comps.push(Comp {
                target,
                iter,
                ifs,
                is_async,
            });
        }
        Ok(comps)
    }

    fn atom(&mut self) -> Result<Expr, SyntaxErr> {
        let (line, col) = (self.line(), self.col());
        let t = self.tok().clone();
        match t {
            Tok::Op("(") => {
                self.advance();
                self.enter()?;
                if self.eat_op(")") {
                    self.leave();
                    return Ok(self.mk(E::Tuple(Vec::new()), line, col));
                }
                if self.is_kw("yield") {
                    let y = self.yield_expr()?;
                    self.expect_op(")")?;
                    self.leave();
                    return Ok(y);
                }
                let first = self.star_or(|p| p.named_test())?;
                if self.is_kw("for") || self.is_kw("async") {
                    let comps = self.comp_for()?;
                    self.expect_op(")")?;
                    self.leave();
                    let id = self.new_id();
                    return Ok(self.mk(
                        E::Comp(CompKind::Gen, Box::new(first), None, comps, id),
                        line,
                        col,
                    ));
                }
                let e = if self.is_op(",") {
                    let mut items = vec![first];
                    while self.eat_op(",") {
                        if self.is_op(")") {
                            break;
                        }
                        items.push(self.star_or(|p| p.named_test())?);
                    }
                    self.mk(E::Tuple(items), line, col)
                } else {
                    first
                };
                self.expect_op(")")?;
                self.leave();
                Ok(e)
            }
            Tok::Op("[") => {
                self.advance();
                self.enter()?;
                let mut items = Vec::new();
                if !self.is_op("]") {
                    let first = self.star_or(|p| p.named_test())?;
                    if self.is_kw("for") || self.is_kw("async") {
                        let comps = self.comp_for()?;
                        self.expect_op("]")?;
                        self.leave();
                        let id = self.new_id();
                        return Ok(self.mk(
                            E::Comp(CompKind::List, Box::new(first), None, comps, id),
                            line,
                            col,
                        ));
                    }
                    items.push(first);
                    while self.eat_op(",") {
                        if self.is_op("]") {
                            break;
                        }
                        items.push(self.star_or(|p| p.named_test())?);
                    }
                }
                self.expect_op("]")?;
                self.leave();
                Ok(self.mk(E::List(items), line, col))
            }
            Tok::Op("{") => {
                self.advance();
                self.enter()?;
                let r = self.dict_or_set(line, col);
                self.leave();
                r
            }
            Tok::Op("...") => {
                self.advance();
                Ok(self.mk(E::Const(Const::Ellipsis), line, col))
            }
            Tok::Int(i) => {
                self.advance();
                Ok(self.mk(E::Const(Const::Int(i)), line, col))
            }
            Tok::BigInt(b) => {
                self.advance();
                Ok(self.mk(E::Const(Const::BigInt(b)), line, col))
            }
            Tok::Float(f) => {
                self.advance();
                Ok(self.mk(E::Const(Const::Float(f)), line, col))
            }
            Tok::Imag(f) => {
                self.advance();
                Ok(self.mk(E::Const(Const::Complex(f)), line, col))
            }
            Tok::Str(_) | Tok::FStr(_) | Tok::Bytes(_) => self.strings(line, col),
            Tok::Name(n) => {
                match n.as_str() {
                    "None" => {
                        self.advance();
                        return Ok(self.mk(E::Const(Const::None), line, col));
                    }
                    "True" => {
                        self.advance();
                        return Ok(self.mk(E::Const(Const::True), line, col));
                    }
                    "False" => {
                        self.advance();
                        return Ok(self.mk(E::Const(Const::False), line, col));
                    }
                    _ => {}
                }
                if is_kw(&n) {
                    return self.err("invalid syntax");
                }
                self.advance();
                Ok(self.mk(E::Name(n), line, col))
            }
            Tok::Eof => self.err("unexpected EOF while parsing"),
            Tok::Indent => {
                let mut e = SyntaxErr::new("unexpected indent", line, col);
                e.indent = true;
                Err(e)
            }
            _ => self.err("invalid syntax"),
        }
    }

    fn dict_or_set(&mut self, line: u32, col: u32) -> Result<Expr, SyntaxErr> {
        if self.eat_op("}") {
            return Ok(self.mk(E::Dict(Vec::new()), line, col));
        }
        if self.eat_op("**") {
            let e = self.expr()?;
            let mut items = vec![(None, e)];
            self.dict_rest(&mut items)?;
            return Ok(self.mk(E::Dict(items), line, col));
        }
        let first = self.star_or(|p| p.named_test())?;
        if self.eat_op(":") {
            let v = self.test()?;
            if self.is_kw("for") || self.is_kw("async") {
                let comps = self.comp_for()?;
                self.expect_op("}")?;
                let id = self.new_id();
                return Ok(self.mk(
                    E::Comp(
                        CompKind::Dict,
                        Box::new(first),
                        Some(Box::new(v)),
                        comps,
                        id,
                    ),
                    line,
                    col,
                ));
            }
            let mut items = vec![(Some(first), v)];
            self.dict_rest(&mut items)?;
            return Ok(self.mk(E::Dict(items), line, col));
        }
        if self.is_kw("for") || self.is_kw("async") {
            let comps = self.comp_for()?;
            self.expect_op("}")?;
            let id = self.new_id();
            return Ok(self.mk(
                E::Comp(CompKind::Set, Box::new(first), None, comps, id),
                line,
                col,
            ));
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.is_op("}") {
                break;
            }
            items.push(self.star_or(|p| p.named_test())?);
        }
        self.expect_op("}")?;
        Ok(self.mk(E::Set(items), line, col))
    }

    fn dict_rest(&mut self, items: &mut Vec<(Option<Expr>, Expr)>) -> Result<(), SyntaxErr> {
        while self.eat_op(",") {
            if self.is_op("}") {
                break;
            }
            if self.eat_op("**") {
                items.push((None, self.expr()?));
            } else {
                let k = self.test()?;
                if !self.eat_op(":") {
                    return self.err("':' expected after dictionary key");
                }
                items.push((Some(k), self.test()?));
            }
        }
        self.expect_op("}")
    }

    fn strings(&mut self, line: u32, col: u32) -> Result<Expr, SyntaxErr> {
        let mut parts: Vec<FPart> = Vec::new();
        let mut bytes: Option<Vec<u8>> = None;
        let mut any_f = false;
        let mut any_str = false;
        loop {
            match self.tok().clone() {
                Tok::Str(s) => {
                    any_str = true;
                    parts.push(FPart::Lit(s));
                }
                Tok::FStr(s) => {
                    any_str = true;
                    any_f = true;
                    let l = self.line();
                    self.fstring(&s, l, &mut parts)?;
                }
                Tok::Bytes(b) => bytes.get_or_insert_with(Vec::new).extend_from_slice(&b),
                _ => break,
            }
            self.advance();
        }
        if let Some(b) = bytes {
            if any_str {
                return Err(SyntaxErr::new(
                    "cannot mix bytes and nonbytes literals",
                    line,
                    col,
                ));
            }
            return Ok(self.mk(E::Const(Const::Bytes(b)), line, col));
        }
        if !any_f {
            let mut s = String::new();
            for p in parts {
                if let FPart::Lit(l) = p {
                    s.push_str(&l);
                }
            }
            return Ok(self.mk(E::Const(Const::Str(s)), line, col));
        }
        Ok(self.mk(E::JoinedStr(parts), line, col))
    }

    fn fstring(&mut self, s: &str, line: u32, parts: &mut Vec<FPart>) -> Result<(), SyntaxErr> {
        self.enter()?;
        let r = self.fstring_inner(s, line, parts);
        self.leave();
        r
    }

    fn fstring_inner(
        &mut self,
        s: &str,
        line: u32,
        parts: &mut Vec<FPart>,
    ) -> Result<(), SyntaxErr> {
        let chars: Vec<char> = s.chars().collect();
        let mut lit = String::new();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c == '{' {
                if chars.get(i + 1) == Some(&'{') {
                    lit.push('{');
                    i += 2;
                    continue;
                }
                if !lit.is_empty() {
                    parts.push(FPart::Lit(core::mem::take(&mut lit)));
                }
                // Find the end of the expression: a top-level '!', ':' or '}'.
                let mut depth = 0;
                let mut j = i + 1;
                let mut quote: Option<char> = None;
                while j < chars.len() {
                    let d = chars[j];
                    if let Some(q) = quote {
                        if d == q {
                            quote = None;
                        }
                    } else if d == '\'' || d == '"' {
                        quote = Some(d);
                    } else if d == '(' || d == '[' || d == '{' {
                        depth += 1;
                    } else if d == ')' || d == ']' || d == '}' {
                        if depth == 0 {
                            break;
                        }
                        depth -= 1;
                    } else if depth == 0
                        && (d == ':' || (d == '!' && chars.get(j + 1) != Some(&'=')))
                    {
                        break;
                    }
                    j += 1;
                }
                let mut expr_src: String = chars[i + 1..j.min(chars.len())].iter().collect();
                let mut self_doc = false;
                if expr_src.trim_end().ends_with('=') && !expr_src.trim_end().ends_with("==") {
                    self_doc = true;
                    let t = expr_src.trim_end();
                    parts.push(FPart::Lit(expr_src.clone()));
                    expr_src = t[..t.len() - 1].into();
                }
                if expr_src.trim().is_empty() {
                    return Err(SyntaxErr::new(
                        "f-string: empty expression not allowed",
                        line,
                        0,
                    ));
                }
                let e = parse_sub_expr(&expr_src, line, &mut self.next_id)?;
                let mut conv = None;
                if chars.get(j) == Some(&'!') {
                    conv = chars.get(j + 1).copied();
                    if !matches!(conv, Some('r') | Some('s') | Some('a')) {
                        return Err(SyntaxErr::new(
                            "f-string: invalid conversion character: expected 's', 'r', or 'a'",
                            line,
                            0,
                        ));
                    }
                    j += 2;
                }
                if self_doc && conv.is_none() && chars.get(j) != Some(&':') {
                    conv = Some('r');
                }
                let mut spec = None;
                if chars.get(j) == Some(&':') {
                    let mut k = j + 1;
                    let mut d = 0;
                    while k < chars.len() {
                        if chars[k] == '{' {
                            d += 1;
                        } else if chars[k] == '}' {
                            if d == 0 {
                                break;
                            }
                            d -= 1;
                        }
                        k += 1;
                    }
                    let spec_src: String = chars[j + 1..k.min(chars.len())].iter().collect();
                    let mut sp = Vec::new();
                    self.fstring(&spec_src, line, &mut sp)?;
                    spec = Some(sp);
                    j = k;
                }
                if chars.get(j) != Some(&'}') {
                    return Err(SyntaxErr::new("f-string: expecting '}'", line, 0));
                }
                parts.push(FPart::Expr(Box::new(e), conv, spec));
                i = j + 1;
            } else if c == '}' {
                if chars.get(i + 1) == Some(&'}') {
                    lit.push('}');
                    i += 2;
                    continue;
                }
                return Err(SyntaxErr::new(
                    "f-string: single '}' is not allowed",
                    line,
                    0,
                ));
            } else {
                lit.push(c);
                i += 1;
            }
        }
        if !lit.is_empty() {
            parts.push(FPart::Lit(lit));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_common_forms() {
        let src = "def f(a, b=2, *c, d, **e):\n    return [x*y for x in a if x for y in b]\nclass A(B, metaclass=M):\n    x: int = 3\nprint(f'{a!r:>{w}} {b=}')\nx = y = (1, *z)\nwith open(p) as f, g: pass\n";
        let m = parse(src).unwrap();
        assert_eq!(m.body.len(), 5);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let src: String = "(".repeat(10000) + &")".repeat(10000);
        let e = parse(&src).err().unwrap();
        assert!(e.msg.contains("too many nested parentheses"), "{}", e.msg);
        let src = "-".repeat(10000) + "1";
        assert!(parse(&src).is_err());
        let src = "not ".repeat(10000) + "x";
        assert!(parse(&src).is_err());
    }

    #[test]
    fn syntax_errors() {
        assert!(parse("x = = 1").is_err());
        assert!(parse("def f(:\n").is_err());
        assert!(parse("f() = 1").is_err());
    }
}
