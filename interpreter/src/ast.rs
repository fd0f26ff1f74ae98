//! The abstract syntax tree produced by `parser.rs` and consumed by `compiler.rs`.

use crate::int::BigInt;
use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;

/// Binary operators (also used for augmented assignment).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    FloorDiv,
    Mod,
    Pow,
    LShift,
    RShift,
    BitOr,
    BitXor,
    BitAnd,
    MatMul,
}

/// Unary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum UnOp {
    Neg,
    Pos,
    Invert,
    Not,
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum CmpOp {
    Lt,
    Le,
    Eq,
    Ne,
    Gt,
    Ge,
    Is,
    IsNot,
    In,
    NotIn,
}

/// Literal constants.
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub enum Const {
    None,
    True,
    False,
    Ellipsis,
    Int(i64),
    BigInt(BigInt),
    Float(f64),
    /// An imaginary literal: `2j` is `Complex(2.0)`.
    Complex(f64),
    Str(String),
    Bytes(Vec<u8>),
}

/// A piece of an f-string.
#[derive(Debug, Clone)]
pub enum FPart {
    /// Literal text.
    Lit(String),
    /// `{expr!conv:spec}`.
    Expr(Box<Expr>, Option<char>, Option<Vec<FPart>>),
}

/// A call argument.
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub enum Arg {
    Pos(Expr),
    Star(Expr),
    Kw(String, Expr),
    StarStar(Expr),
}

/// One `for ... in ... if ...` clause of a comprehension.
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub struct Comp {
    pub target: Expr,
    pub iter: Expr,
    pub ifs: Vec<Expr>,
    pub is_async: bool,
}

/// Comprehension kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum CompKind {
    List,
    Set,
    Dict,
    Gen,
}

/// An expression with its position.
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub struct Expr {
    pub kind: E,
    pub line: u32,
    pub col: u32,
}

/// Expression kinds.
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub enum E {
    Name(String),
    Const(Const),
    JoinedStr(Vec<FPart>),
    BinOp(Box<Expr>, BinOp, Box<Expr>),
    UnaryOp(UnOp, Box<Expr>),
    BoolOp(bool, Vec<Expr>),
    Compare(Box<Expr>, Vec<(CmpOp, Expr)>),
    Call(Box<Expr>, Vec<Arg>),
    Attribute(Box<Expr>, String),
    Subscript(Box<Expr>, Box<Expr>),
    Slice(Option<Box<Expr>>, Option<Box<Expr>>, Option<Box<Expr>>),
    List(Vec<Expr>),
    Tuple(Vec<Expr>),
    Set(Vec<Expr>),
    Dict(Vec<(Option<Expr>, Expr)>),
    Starred(Box<Expr>),
    IfExp(Box<Expr>, Box<Expr>, Box<Expr>),
    Lambda(Rc<FuncDef>),
    Comp(CompKind, Box<Expr>, Option<Box<Expr>>, Vec<Comp>, u32),
    Yield(Option<Box<Expr>>),
    YieldFrom(Box<Expr>),
    Await(Box<Expr>),
    NamedExpr(String, Box<Expr>),
}

/// Function parameters.
#[derive(Debug, Clone, Default)]
#[allow(missing_docs)]
pub struct Params {
    pub args: Vec<(String, Option<Expr>)>,
    pub vararg: Option<String>,
    pub kwonly: Vec<(String, Option<Expr>)>,
    pub kwarg: Option<String>,
    /// How many of `args` are positional-only (before a `/`).
    pub posonly: u32,
    /// Annotations in CPython's order (args, `*args`, keyword-only, `**kwargs`, then
    /// `"return"`), evaluated when the `def` runs.
    pub annotations: Vec<(String, Expr)>,
}

/// A `def`, `async def` or `lambda`.
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub struct FuncDef {
    pub name: String,
    pub params: Params,
    pub body: Vec<Stmt>,
    pub decorators: Vec<Expr>,
    pub is_async: bool,
    pub is_lambda: bool,
    pub id: u32,
    pub line: u32,
}

/// An `except` clause.
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub struct Handler {
    /// `except*` (every handler of its `try` is, or none).
    pub star: bool,
    pub typ: Option<Expr>,
    pub name: Option<String>,
    pub body: Vec<Stmt>,
    pub line: u32,
}

/// A statement with its line.
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub struct Stmt {
    pub kind: S,
    pub line: u32,
}

/// Statement kinds.
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub enum S {
    Expr(Expr),
    Assign(Vec<Expr>, Expr),
    AugAssign(Expr, BinOp, Expr),
    /// `target: annotation [= value]`; `simple` is a bare (unparenthesised) name, whose
    /// annotation a module or class body records in `__annotations__`.
    AnnAssign(Expr, Expr, Option<Expr>, bool),
    If(Expr, Vec<Stmt>, Vec<Stmt>),
    While(Expr, Vec<Stmt>, Vec<Stmt>),
    For(Expr, Expr, Vec<Stmt>, Vec<Stmt>, bool),
    Break,
    Continue,
    Pass,
    Return(Option<Expr>),
    Raise(Option<Expr>, Option<Expr>),
    Try(Vec<Stmt>, Vec<Handler>, Vec<Stmt>, Vec<Stmt>),
    With(Vec<(Expr, Option<Expr>)>, Vec<Stmt>, bool),
    FunctionDef(Rc<FuncDef>),
    ClassDef(String, Vec<Arg>, Vec<Stmt>, Vec<Expr>, u32),
    Global(Vec<String>),
    Nonlocal(Vec<String>),
    Del(Vec<Expr>),
    Assert(Expr, Option<Expr>),
    Import(Vec<(String, Option<String>)>),
    ImportFrom(String, Vec<(String, Option<String>)>, u32),
    /// `match subject:` and its cases.
    Match(Expr, Vec<Case>),
}

/// One `case pattern if guard:` of a `match`.
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub struct Case {
    pub pat: Pat,
    pub guard: Option<Expr>,
    pub body: Vec<Stmt>,
    pub line: u32,
}

/// A `match` pattern (PEP 634). A name of `None` is the wildcard `_`.
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub enum Pat {
    /// A literal or dotted name, compared with `==`.
    Value(Expr),
    /// `None`, `True`, `False`, compared with `is`.
    Singleton(Const),
    /// A capture name, or `_`.
    Capture(Option<String>),
    /// `[a, *rest, b]` / `(a, b)` / `a, b`.
    Seq(Vec<Pat>),
    /// `*name` inside a sequence pattern.
    Star(Option<String>),
    /// `{key: pattern, **rest}`.
    Map(Vec<(Expr, Pat)>, Option<String>),
    /// `Cls(p, attr=p)`.
    Class(Expr, Vec<Pat>, Vec<(String, Pat)>),
    Or(Vec<Pat>),
    /// `pattern as name`.
    As(Box<Pat>, String),
}
