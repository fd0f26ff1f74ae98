//! AST → bytecode. One `Unit` per code object being built; scopes come from `symtable.rs`.
//!
//! `finally` bodies are compiled inline on every exit path (normal, return, break, continue)
//! and once more in the exception handler, so the VM needs only one kind of handler block.

use crate::ast::*;
use crate::bytecode::{Code, CodeExtra, I24, Op, Qual, U24, flags};
use crate::lexer::SyntaxErr;
use crate::object::Obj;
use crate::parser;
use crate::pattern::op as pat_op;
use crate::symtable::{ScopeKind, SymTable, analyze};
use crate::value::{ObjRef, Value};
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

/// What the compiler needs from the interpreter: interned strings and heap constants.
pub trait ConstSink {
    /// Interns a str.
    fn intern(&mut self, s: &str) -> Result<Value, CompileError>;
    /// Interns a name for a name table (`Code::names`, `Code::varnames`): its str's handle.
    fn intern_ref(&mut self, s: &str) -> Result<ObjRef, CompileError> {
        self.intern(s)?.as_obj().ok_or(CompileError::Memory)
    }
    /// Allocates a constant object (big int, bytes, float tuple, code).
    fn alloc_const(&mut self, o: Obj) -> Result<Value, CompileError>;
}

/// Why compilation failed.
#[derive(Debug)]
pub enum CompileError {
    /// Bad source.
    Syntax(SyntaxErr),
    /// The heap filled up while building constants.
    Memory,
}

impl From<SyntaxErr> for CompileError {
    fn from(e: SyntaxErr) -> Self {
        CompileError::Syntax(e)
    }
}

/// Compile mode.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A module (`__main__` or an import).
    Exec,
    /// One REPL chunk: expression statements print their repr.
    Single,
    /// A module of the frozen stdlib: as `Exec`, without docstrings (their text would take
    /// device flash; user code keeps its `__doc__`s).
    Frozen,
}

#[derive(Clone, Copy, PartialEq)]
enum NameOp {
    Fast(u32),
    Deref(u32),
    Global,
    Name,
}

/// CPython's SyntaxError for leaving an `except*` clause's body with a jump.
const STAR_EXIT: &str = "'break', 'continue' and 'return' cannot appear in an except* block";

enum FBlock {
    Loop {
        cont: u32,
        breaks: usize,
        is_for: bool,
    },
    Try,
    Finally(Rc<Vec<Stmt>>),
    Handler,
    /// An `except*` clause's body: `break`, `continue` and `return` cannot leave it.
    StarHandler,
    With(u32, bool),
}

struct Unit {
    scope: u32,
    kind: ScopeKind,
    ops: Vec<Op>,
    consts: Vec<Value>,
    /// Where each constant that is reused by identity sits in `consts` (see `const_key`).
    const_ix: BTreeMap<(u8, u64), u32>,
    names: Vec<ObjRef>,
    name_ix: BTreeMap<String, u32>,
    slots: BTreeMap<String, u32>,
    cell_slots: Vec<(u32, bool)>,
    free_slots: Vec<u32>,
    nlocals: u32,
    varnames: Vec<String>,
    lines: Vec<(u32, u32)>,
    fblocks: Vec<FBlock>,
    break_lists: Vec<Vec<usize>>,
    /// The furthest instruction a forward jump lands on (`patch`), for `implicit_return`.
    last_target: u32,
    temps_free: Vec<u32>,
    qualname: String,
    doc: Option<String>,
    class_name: Option<String>,
    /// An `async def`: its `yield`s are YIELD_ASYNC (an async generator).
    is_async: bool,
}

struct Compiler<'a> {
    st: SymTable,
    units: Vec<Unit>,
    sink: &'a mut dyn ConstSink,
    filename: Value,
    line: u32,
    /// `Mode::Single`: expression statements of the module level print their value.
    interactive: bool,
    /// Not `Mode::Frozen`: functions and classes keep their docstrings.
    docs: bool,
    /// `from __future__ import annotations`: annotations are kept as their source strings
    /// (host only, see `annotation`).
    #[cfg(feature = "std")]
    future_ann: bool,
}

/// Compiles source text into a module code object.
pub fn compile(
    source: &str,
    filename: &str,
    mode: Mode,
    sink: &mut dyn ConstSink,
) -> Result<Rc<Code>, CompileError> {
    let m = parser::parse(source)?;
    let st = analyze(&m.body, m.scopes).map_err(|e| SyntaxErr::new(e.msg, e.line, 0))?;
    let filename = sink.intern(filename)?;
    let mut c = Compiler {
        st,
        units: Vec::new(),
        sink,
        filename,
        line: 1,
        interactive: mode == Mode::Single,
        docs: mode != Mode::Frozen,
        #[cfg(feature = "std")]
        future_ann: m
            .body
            .iter()
            .skip(matches!(
                m.body.first().map(|s| &s.kind),
                Some(S::Expr(Expr {
                    kind: E::Const(Const::Str(_)),
                    ..
                }))
            ) as usize)
            .map_while(|s| match &s.kind {
                S::ImportFrom(f, names, 0) if f == "__future__" => Some(names),
                _ => None,
            })
            .flatten()
            .any(|(n, _)| n == "annotations"),
    };
    c.push_unit(m.scopes, &[]);
    c.setup_annotations()?;
    for s in m.body.iter() {
        c.stmt(s)?;
    }
    c.implicit_return();
    let name = c.sink.intern("<module>")?;
    c.finish(name, flags::MODULE, 0, 0, 0)
}

/// An instruction operand. Every operand the compiler makes is a table index, a jump inside
/// the code or a count of things that each emitted an instruction, so `finish` checking the
/// tables' and the code's sizes against `U24::MAX` covers them all (see `bytecode`'s docs).
fn arg(x: u32) -> U24 {
    U24::wrap(x)
}

/// The identity of a constant for reuse: floats are never shared (`0.0` and `-0.0`, NaNs).
fn const_key(v: Value) -> Option<(u8, u64)> {
    Some(match v {
        Value::Null => (0, 0),
        Value::None => (1, 0),
        Value::Bool(b) => (2, b as u64),
        Value::Int(i) => (3, i as u64),
        Value::Float(_) => return None,
        Value::Obj(r) => (5, r.0 as u64),
    })
}

/// What one `case` pattern being compiled has: the jumps to its failure, its captures (name,
/// temporary), and for the later alternatives of an OR pattern the temporaries the first one
/// bound its names to, so that every alternative leaves a name in the same place.
struct PatCtx {
    fails: Vec<usize>,
    binds: Vec<(String, u32)>,
    hint: Vec<(String, u32)>,
    allow_irrefutable: bool,
    line: u32,
}

fn is_wildcard(p: &&Pat) -> bool {
    matches!(p, Pat::Capture(None) | Pat::Star(None))
}

/// A literal mapping-pattern key, for CPython's duplicate-key SyntaxError (`1`, `1.0` and
/// `True` are one key).
#[derive(PartialEq)]
enum ConstKey {
    Num(f64),
    Str(String),
    Bytes(Vec<u8>),
    None,
}

fn const_pattern_key(e: &Expr) -> Option<ConstKey> {
    let neg = |k: ConstKey| match k {
        ConstKey::Num(f) => Some(ConstKey::Num(-f)),
        _ => None,
    };
    match &e.kind {
        E::Const(c) => Some(match c {
            Const::None => ConstKey::None,
            Const::True => ConstKey::Num(1.0),
            Const::False => ConstKey::Num(0.0),
            Const::Int(i) => ConstKey::Num(*i as f64),
            Const::Float(f) => ConstKey::Num(*f),
            Const::Str(s) => ConstKey::Str(s.clone()),
            Const::Bytes(b) => ConstKey::Bytes(b.clone()),
            _ => return None,
        }),
        E::UnaryOp(UnOp::Neg, x) => const_pattern_key(x).and_then(neg),
        _ => None,
    }
}

fn key_repr(e: &Expr) -> String {
    match &e.kind {
        E::Const(Const::None) => String::from("None"),
        E::Const(Const::True) => String::from("True"),
        E::Const(Const::False) => String::from("False"),
        E::Const(Const::Int(i)) => format!("{}", i),
        E::Const(Const::Float(f)) => crate::format::float_repr(*f),
        E::Const(Const::Str(s)) => crate::format::str_repr(s),
        E::Const(Const::Bytes(b)) => crate::format::bytes_repr(b),
        E::UnaryOp(UnOp::Neg, x) => format!("-{}", key_repr(x)),
        _ => String::new(),
    }
}

fn err<T>(msg: &str, line: u32) -> Result<T, CompileError> {
    Err(CompileError::Syntax(SyntaxErr::new(msg, line, 0)))
}

impl<'a> Compiler<'a> {
    fn u(&mut self) -> &mut Unit {
        let n = self.units.len() - 1;
        &mut self.units[n]
    }

    fn push_unit(&mut self, scope: u32, params: &[String]) {
        let sc = &self.st.scopes[scope as usize];
        let kind = sc.kind;
        let mut u = Unit {
            scope,
            kind,
            ops: Vec::new(),
            consts: Vec::new(),
            const_ix: BTreeMap::new(),
            names: Vec::new(),
            name_ix: BTreeMap::new(),
            slots: BTreeMap::new(),
            cell_slots: Vec::new(),
            free_slots: Vec::new(),
            nlocals: 0,
            varnames: Vec::new(),
            lines: Vec::new(),
            fblocks: Vec::new(),
            break_lists: Vec::new(),
            last_target: 0,
            temps_free: Vec::new(),
            qualname: String::new(),
            doc: None,
            class_name: None,
            is_async: false,
        };
        let add = |u: &mut Unit, n: &str| -> u32 {
            if let Some(&s) = u.slots.get(n) {
                return s;
            }
            let s = u.nlocals;
            u.slots.insert(n.to_string(), s);
            u.varnames.push(n.to_string());
            u.nlocals += 1;
            s
        };
        for p in params {
            let s = add(&mut u, p);
            if sc.cells.contains(p) {
                u.cell_slots.push((s, true));
            }
        }
        if matches!(kind, ScopeKind::Function | ScopeKind::Comprehension) {
            for n in &sc.assigned {
                if sc.is_local(n) && !u.slots.contains_key(n) {
                    let s = add(&mut u, n);
                    if sc.cells.contains(n) {
                        u.cell_slots.push((s, false));
                    }
                }
            }
        }
        if kind == ScopeKind::Class && sc.cells.contains("__class__") {
            let s = add(&mut u, "__class__");
            u.cell_slots.push((s, false));
        }
        for f in &sc.frees {
            let s = add(&mut u, f);
            u.free_slots.push(s);
        }
        self.units.push(u);
    }

    fn finish(
        &mut self,
        name: Value,
        extra_flags: u8,
        argcount: u32,
        posonly: u32,
        kwonly: u32,
    ) -> Result<Rc<Code>, CompileError> {
        let mut u = self.units.pop().ok_or(CompileError::Memory)?;
        let mut varnames = Vec::with_capacity(u.varnames.len());
        for v in &u.varnames {
            varnames.push(self.sink.intern_ref(v)?);
        }
        let mut fl = extra_flags;
        if self.st.scopes[u.scope as usize].is_generator {
            fl |= flags::GENERATOR;
            if u.is_async {
                fl |= flags::ASYNC_GEN;
            }
        }
        if u.kind == ScopeKind::Class {
            fl |= flags::CLASS_BODY;
        }
        // The qualified name is made from the enclosing code's when asked for (`Qual`).
        let qualname = match self.units.last() {
            Some(p) if p.kind != ScopeKind::Module && u.qualname.contains('.') => {
                let prefix = p.qualname.clone();
                Qual::Child(
                    self.sink.intern_ref(&prefix)?,
                    p.kind == ScopeKind::Function,
                )
            }
            _ => Qual::Name,
        };
        let name = name.as_obj().ok_or(CompileError::Memory)?;
        let filename = self.filename.as_obj().ok_or(CompileError::Memory)?;
        let doc = match u.doc.take() {
            Some(d) => self.sink.intern(&d)?,
            None => Value::None,
        };
        // The one check that makes every operand fit (`arg`).
        let too_many = [
            (u.ops.len(), "instructions"),
            (u.consts.len(), "constants"),
            (u.names.len(), "names"),
            (u.nlocals as usize, "local variables"),
        ]
        .into_iter()
        .find(|&(n, _)| n > U24::MAX as usize);
        if let Some((_, what)) = too_many {
            let line = u.lines.last().map_or(0, |l| l.1);
            return err(&format!("too many {} in one code object", what), line);
        }
        let mut ops = u.ops;
        crate::bytecode::fuse(&mut ops);
        // The tables stay as long as the code: no growth slack (a device heap is 64 KiB).
        ops.shrink_to_fit();
        Ok(Rc::new(Code {
            qualname,
            frozen: None,
            extra: CodeExtra::make(
                u.cell_slots.into_boxed_slice(),
                u.free_slots.into_boxed_slice(),
                doc,
            ),
            ops: ops.into(),
            consts: u.consts.into_boxed_slice(),
            #[cfg(feature = "std")]
            attr_sites: crate::bytecode::attr_sites(u.names.len()),
            names: u.names.into_boxed_slice(),
            varnames: varnames.into_boxed_slice(),
            nlocals: u.nlocals,
            argcount,
            posonlycount: posonly,
            kwonlycount: kwonly,
            flags: fl,
            name,
            filename,
            lines: crate::bytecode::pack_lines(&u.lines).into(),
        }))
    }

    /// Sets the qualified name of the unit just pushed (CPython's `__qualname__`).
    fn set_qualname(&mut self, name: &str) {
        let n = self.units.len();
        let q = if n >= 2 {
            let parent = &self.units[n - 2];
            // As CPython: a name declared `global` in the enclosing scope is qualified as at
            // module level (asyncio's makers define its lazily built classes that way).
            let global = self
                .st
                .scopes
                .get(parent.scope as usize)
                .is_some_and(|s| s.globals.contains(name));
            match parent.kind {
                ScopeKind::Module => String::from(name),
                _ if global => String::from(name),
                // As CPython: `<locals>` only inside a function (`<listcomp>.<lambda>`).
                ScopeKind::Class | ScopeKind::Comprehension => {
                    format!("{}.{}", parent.qualname, name)
                }
                _ => format!("{}.<locals>.{}", parent.qualname, name),
            }
        } else {
            String::from(name)
        };
        let class_name = if self.u().kind == ScopeKind::Class {
            Some(String::from(name))
        } else if n >= 2 {
            self.units[n - 2].class_name.clone()
        } else {
            None
        };
        let u = self.u();
        u.qualname = q;
        u.class_name = class_name;
    }

    /// Attribute name index with private-name mangling (`__x` in class C → `_C__x`).
    fn attr_idx(&mut self, name: &str) -> Result<u32, CompileError> {
        if name.starts_with("__") && !name.ends_with("__") {
            if let Some(c) = self.u().class_name.clone() {
                let c = c.trim_start_matches('_');
                if !c.is_empty() {
                    let m = format!("_{}{}", c, name);
                    return self.name_idx(&m);
                }
            }
        }
        self.name_idx(name)
    }

    fn emit(&mut self, op: Op) -> usize {
        let line = self.line;
        let u = self.u();
        let ip = u.ops.len() as u32;
        if u.lines.last().map(|l| l.1) != Some(line) {
            u.lines.push((ip, line));
        }
        u.ops.push(op);
        ip as usize
    }
    fn here(&mut self) -> u32 {
        self.u().ops.len() as u32
    }
    fn patch(&mut self, at: usize) {
        let target = self.here();
        let u = self.u();
        u.last_target = u.last_target.max(target);
        u.ops[at] = match u.ops[at] {
            Op::Jump(_) => Op::Jump(arg(target)),
            Op::PopJumpIfFalse(_) => Op::PopJumpIfFalse(arg(target)),
            Op::PopJumpIfTrue(_) => Op::PopJumpIfTrue(arg(target)),
            Op::JumpIfFalseOrPop(_) => Op::JumpIfFalseOrPop(arg(target)),
            Op::JumpIfTrueOrPop(_) => Op::JumpIfTrueOrPop(arg(target)),
            Op::ForIter(_) => Op::ForIter(arg(target)),
            Op::SetupExcept(_) => Op::SetupExcept(arg(target)),
            o => o,
        };
    }
    /// The `return None` that ends a module or function body, unless nothing reaches it: the
    /// last instruction returns or raises and no forward jump lands past it (backward jumps
    /// land on loop heads). 4 % of the frozen stdlib's instructions were such dead returns.
    fn implicit_return(&mut self) {
        let u = self.u();
        let dead_end = matches!(u.ops.last(), Some(Op::ReturnValue | Op::Raise(_)))
            && u.last_target < u.ops.len() as u32;
        if !dead_end {
            self.emit(Op::LoadNone);
            self.emit(Op::ReturnValue);
        }
    }
    fn set_line(&mut self, line: u32) {
        self.line = line;
    }

    fn const_idx(&mut self, v: Value) -> u32 {
        let u = self.u();
        let key = const_key(v);
        if let Some(i) = key.and_then(|k| u.const_ix.get(&k)) {
            return *i;
        }
        u.consts.push(v);
        let i = u.consts.len() as u32 - 1;
        if let Some(k) = key {
            u.const_ix.insert(k, i);
        }
        i
    }
    fn load_const(&mut self, v: Value) {
        let i = self.const_idx(v);
        self.emit(Op::LoadConst(arg(i)));
    }
    fn load_str(&mut self, s: &str) -> Result<(), CompileError> {
        let v = self.sink.intern(s)?;
        self.load_const(v);
        Ok(())
    }
    fn name_idx(&mut self, n: &str) -> Result<u32, CompileError> {
        if let Some(&i) = self.u().name_ix.get(n) {
            return Ok(i);
        }
        let v = self.sink.intern_ref(n)?;
        let u = self.u();
        u.names.push(v);
        let i = u.names.len() as u32 - 1;
        u.name_ix.insert(n.to_string(), i);
        Ok(i)
    }

    fn temp(&mut self) -> u32 {
        let u = self.u();
        if let Some(t) = u.temps_free.pop() {
            return t;
        }
        let s = u.nlocals;
        u.nlocals += 1;
        u.varnames.push(format!(".t{}", s));
        s
    }
    fn free_temp(&mut self, t: u32) {
        self.u().temps_free.push(t);
    }

    fn resolve(&mut self, name: &str) -> NameOp {
        let u = &self.units[self.units.len() - 1];
        let sc = &self.st.scopes[u.scope as usize];
        match u.kind {
            ScopeKind::Module => NameOp::Global,
            ScopeKind::Class => {
                if sc.globals.contains(name) {
                    NameOp::Global
                } else if !sc.assigned.contains(name) && sc.frees.iter().any(|f| f == name) {
                    NameOp::Deref(u.slots[name])
                } else {
                    NameOp::Name
                }
            }
            _ => {
                if let Some(&s) = u.slots.get(name) {
                    if sc.cells.contains(name) || sc.frees.iter().any(|f| f == name) {
                        NameOp::Deref(s)
                    } else {
                        NameOp::Fast(s)
                    }
                } else {
                    NameOp::Global
                }
            }
        }
    }

    fn load_name(&mut self, name: &str) -> Result<(), CompileError> {
        match self.resolve(name) {
            NameOp::Fast(s) => self.emit(Op::LoadFast(arg(s))),
            NameOp::Deref(s) => self.emit(Op::LoadDeref(arg(s))),
            NameOp::Global => {
                let i = self.name_idx(name)?;
                self.emit(Op::LoadGlobal(arg(i)))
            }
            NameOp::Name => {
                let i = self.attr_idx(name)?;
                self.emit(Op::LoadName(arg(i)))
            }
        };
        Ok(())
    }
    fn store_name(&mut self, name: &str) -> Result<(), CompileError> {
        match self.resolve(name) {
            NameOp::Fast(s) => self.emit(Op::StoreFast(arg(s))),
            NameOp::Deref(s) => self.emit(Op::StoreDeref(arg(s))),
            NameOp::Global => {
                let i = self.name_idx(name)?;
                self.emit(Op::StoreGlobal(arg(i)))
            }
            NameOp::Name => {
                let i = self.attr_idx(name)?;
                self.emit(Op::StoreName(arg(i)))
            }
        };
        Ok(())
    }
    fn delete_name(&mut self, name: &str) -> Result<(), CompileError> {
        match self.resolve(name) {
            NameOp::Fast(s) => self.emit(Op::DeleteFast(arg(s))),
            NameOp::Deref(s) => self.emit(Op::DeleteDeref(arg(s))),
            NameOp::Global => {
                let i = self.name_idx(name)?;
                self.emit(Op::DeleteGlobal(arg(i)))
            }
            NameOp::Name => {
                let i = self.attr_idx(name)?;
                self.emit(Op::DeleteName(arg(i)))
            }
        };
        Ok(())
    }

    // ---------- statements ----------

    fn stmts(&mut self, body: &[Stmt]) -> Result<(), CompileError> {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &Stmt) -> Result<(), CompileError> {
        self.set_line(s.line);
        match &s.kind {
            // A constant (a docstring, `...`) has no effect: no code, as CPython.
            S::Expr(Expr {
                kind: E::Const(_), ..
            }) if !(self.interactive && self.units.len() == 1) => {}
            S::Expr(e) => {
                self.expr(e)?;
                // As CPython's interactive mode: every expression statement of the module
                // level (in loops and branches too) prints its value, not only the last.
                self.emit(if self.interactive && self.units.len() == 1 {
                    Op::PrintExpr
                } else {
                    Op::Pop
                });
            }
            S::Assign(targets, v) if Self::is_parallel_assign(targets, v) => {
                // `a, b = x, y` with distinct plain names: no tuple is built.
                if let (E::Tuple(ts) | E::List(ts), E::Tuple(vs)) = (&targets[0].kind, &v.kind) {
                    for x in vs {
                        self.expr(x)?;
                    }
                    for t in ts.iter().rev() {
                        self.store(t)?;
                    }
                }
            }
            S::Assign(targets, v) => {
                self.expr(v)?;
                for (i, t) in targets.iter().enumerate() {
                    if i + 1 < targets.len() {
                        self.emit(Op::Dup);
                    }
                    self.store(t)?;
                }
            }
            S::AugAssign(t, op, v) => self.aug_assign(t, *op, v)?,
            S::AnnAssign(t, a, v, simple) => {
                if let Some(v) = v {
                    self.expr(v)?;
                    self.store(t)?;
                }
                // As CPython: a module or class body records a bare name's annotation; a
                // function neither evaluates nor records it.
                let body = self.u().kind != ScopeKind::Function;
                match &t.kind {
                    E::Name(n) if *simple && body => {
                        self.annotation(a)?;
                        self.load_name("__annotations__")?;
                        self.load_str(n)?;
                        self.emit(Op::StoreSubscr);
                    }
                    #[cfg(feature = "std")]
                    _ => self.unrecorded_annotation(t, a, v.is_none(), body)?,
                    #[cfg(not(feature = "std"))]
                    _ => {}
                }
            }
            S::If(c, a, b) => {
                self.expr(c)?;
                let j = self.emit(Op::PopJumpIfFalse(arg(0)));
                self.stmts(a)?;
                if b.is_empty() {
                    self.patch(j);
                } else {
                    let j2 = self.emit(Op::Jump(arg(0)));
                    self.patch(j);
                    self.stmts(b)?;
                    self.patch(j2);
                }
            }
            S::While(c, body, orelse) => {
                let top = self.here();
                self.expr(c)?;
                let j = self.emit(Op::PopJumpIfFalse(arg(0)));
                self.push_loop(top, false);
                self.stmts(body)?;
                self.emit(Op::Jump(arg(top)));
                let breaks = self.pop_loop();
                self.patch(j);
                self.stmts(orelse)?;
                for b in breaks {
                    self.patch(b);
                }
            }
            S::For(t, it, body, orelse, true) => {
                self.expr(it)?;
                let ai = self.name_idx("__aiter__")?;
                self.emit(Op::LoadMethod(arg(ai)));
                self.emit(Op::CallMethod(arg(0)));
                let top = self.here();
                let setup = self.emit(Op::SetupExcept(arg(0)));
                self.emit(Op::Dup);
                let an = self.name_idx("__anext__")?;
                self.emit(Op::LoadMethod(arg(an)));
                self.emit(Op::CallMethod(arg(0)));
                self.emit_await();
                self.emit(Op::PopBlock);
                self.store(t)?;
                self.push_loop(top, true);
                self.stmts(body)?;
                self.emit(Op::Jump(arg(top)));
                let breaks = self.pop_loop();
                self.patch(setup);
                self.emit(Op::PushExcInfo);
                self.emit(Op::Dup);
                self.load_name("StopAsyncIteration")?;
                self.emit(Op::ExcMatch);
                let j = self.emit(Op::PopJumpIfFalse(arg(0)));
                self.emit(Op::PopExcept);
                self.emit(Op::Pop);
                self.emit(Op::Pop);
                self.stmts(orelse)?;
                let done = self.emit(Op::Jump(arg(0)));
                self.patch(j);
                self.emit(Op::Reraise);
                self.patch(done);
                for b in breaks {
                    self.patch(b);
                }
            }
            S::For(t, it, body, orelse, _) => {
                self.expr(it)?;
                self.emit(Op::GetIter);
                let top = self.here();
                let j = self.emit(Op::ForIter(arg(0)));
                self.store(t)?;
                self.push_loop(top, true);
                self.stmts(body)?;
                self.emit(Op::Jump(arg(top)));
                let breaks = self.pop_loop();
                self.patch(j);
                self.stmts(orelse)?;
                for b in breaks {
                    self.patch(b);
                }
            }
            S::Break | S::Continue => {
                let is_break = matches!(s.kind, S::Break);
                let li = self
                    .u()
                    .fblocks
                    .iter()
                    .rposition(|f| matches!(f, FBlock::Loop { .. }));
                let li = match li {
                    Some(i) => i,
                    None => {
                        return err(
                            if is_break {
                                "'break' outside loop"
                            } else {
                                "'continue' not properly in loop"
                            },
                            s.line,
                        );
                    }
                };
                if self.u().fblocks[li..]
                    .iter()
                    .any(|f| matches!(f, FBlock::StarHandler))
                {
                    return err(STAR_EXIT, s.line);
                }
                self.unwind_to(li + 1, false)?;
                let (cont, breaks, is_for) = match self.u().fblocks[li] {
                    FBlock::Loop {
                        cont,
                        breaks,
                        is_for,
                    } => (cont, breaks, is_for),
                    _ => (0, 0, false),
                };
                if is_break {
                    if is_for {
                        self.emit(Op::PopIter);
                    }
                    let j = self.emit(Op::Jump(arg(0)));
                    self.u().break_lists[breaks].push(j);
                } else {
                    self.emit(Op::Jump(arg(cont)));
                }
            }
            S::Pass => {}
            S::Return(v) => {
                if !matches!(self.u().kind, ScopeKind::Function) {
                    return err("'return' outside function", s.line);
                }
                let sc = self.u().scope as usize;
                if v.is_some() && self.u().is_async && self.st.scopes[sc].is_generator {
                    return err("'return' with value in async generator", s.line);
                }
                if self
                    .u()
                    .fblocks
                    .iter()
                    .any(|f| matches!(f, FBlock::StarHandler))
                {
                    return err(STAR_EXIT, s.line);
                }
                match v {
                    Some(v) => self.expr(v)?,
                    None => {
                        self.emit(Op::LoadNone);
                    }
                }
                // A `for` loop's iterator is dropped too (`PopIter`), so a generator it was
                // reading is closed before the caller goes on, as in CPython.
                if self
                    .u()
                    .fblocks
                    .iter()
                    .any(|f| !matches!(f, FBlock::Loop { is_for: false, .. }))
                {
                    let t = self.temp();
                    self.emit(Op::StoreFast(arg(t)));
                    self.unwind_to(0, true)?;
                    self.emit(Op::LoadFast(arg(t)));
                    self.free_temp(t);
                }
                self.emit(Op::ReturnValue);
            }
            S::Raise(e, cause) => {
                let mut n = 0;
                if let Some(e) = e {
                    self.expr(e)?;
                    n = 1;
                    if let Some(c) = cause {
                        self.expr(c)?;
                        n = 2;
                    }
                }
                self.emit(Op::Raise(arg(n)));
            }
            S::Try(body, handlers, orelse, fin) => {
                if fin.is_empty() {
                    self.try_except(body, handlers, orelse)?;
                } else {
                    self.try_finally(body, handlers, orelse, fin)?;
                }
            }
            S::With(items, body, is_async) => {
                self.with(items, body, *is_async)?;
            }
            S::Match(subject, cases) => self.match_stmt(subject, cases)?,
            S::FunctionDef(f) => {
                for d in &f.decorators {
                    self.expr(d)?;
                }
                self.make_function(f)?;
                for _ in &f.decorators {
                    self.emit(Op::Call(arg(1)));
                }
                self.store_name(&f.name)?;
            }
            S::ClassDef(name, bases, body, decos, id) => {
                self.class_def(name, bases, body, decos, *id, s.line)?
            }
            S::Global(_) | S::Nonlocal(_) => {}
            S::Del(targets) => {
                for t in targets {
                    self.delete(t)?;
                }
            }
            S::Assert(t, msg) => {
                self.expr(t)?;
                let j = self.emit(Op::PopJumpIfTrue(arg(0)));
                self.load_name("AssertionError")?;
                if let Some(m) = msg {
                    self.expr(m)?;
                    self.emit(Op::Call(arg(1)));
                }
                self.emit(Op::Raise(arg(1)));
                self.patch(j);
            }
            S::Import(names) => {
                for (n, a) in names {
                    let i = self.name_idx(n)?;
                    self.emit(Op::ImportName(arg(i)));
                    match a {
                        Some(a) => self.store_name(a)?,
                        None => {
                            let top = n.split('.').next().unwrap_or(n).to_string();
                            if top != *n {
                                self.emit(Op::Pop);
                                let i = self.name_idx(&top)?;
                                self.emit(Op::ImportName(arg(i)));
                            }
                            self.store_name(&top)?;
                        }
                    }
                }
            }
            // A compiler directive (`annotations` is the one that changes anything, see
            // `compile`): nothing is imported or bound.
            S::ImportFrom(module, _, 0) if module == "__future__" => {}
            S::ImportFrom(module, names, _) => {
                let i = self.name_idx(module)?;
                self.emit(Op::ImportName(arg(i)));
                for (n, a) in names {
                    if n == "*" {
                        self.emit(Op::ImportStar);
                        return Ok(());
                    }
                    let i = self.name_idx(n)?;
                    self.emit(Op::ImportFrom(arg(i)));
                    self.store_name(a.as_ref().unwrap_or(n))?;
                }
                self.emit(Op::Pop);
            }
        }
        Ok(())
    }

    /// CPython's SETUP_ANNOTATIONS: a module or class body with an annotated assignment
    /// anywhere in its statements (not in nested functions or classes; the symtable's
    /// `annotated`) starts with `__annotations__ = {}`.
    fn setup_annotations(&mut self) -> Result<(), CompileError> {
        let scope = self.u().scope as usize;
        if !self.st.scopes[scope].annotated {
            return Ok(());
        }
        #[cfg(feature = "std")]
        if self.interactive && self.u().kind == ScopeKind::Module {
            // A REPL chunk adds to the module's dict: globals().setdefault(...). Host only:
            // a device's REPL starts a new dict per chunk (flash).
            self.load_name("globals")?;
            self.emit(Op::Call(arg(0)));
            let i = self.attr_idx("setdefault")?;
            self.emit(Op::LoadAttr(arg(i)));
            self.load_str("__annotations__")?;
            self.emit(Op::BuildMap(arg(0)));
            self.emit(Op::Call(arg(2)));
            self.emit(Op::Pop);
            return Ok(());
        }
        self.emit(Op::BuildMap(arg(0)));
        self.store_name("__annotations__")
    }

    /// An annotated target whose annotation is not recorded, as CPython: without a value an
    /// attribute's object or a subscript's parts are evaluated, and a module or class body
    /// evaluates the annotation. Host only: devices skip these rare evaluations (flash).
    #[cfg(feature = "std")]
    fn unrecorded_annotation(
        &mut self,
        t: &Expr,
        a: &Expr,
        no_value: bool,
        body: bool,
    ) -> Result<(), CompileError> {
        let parts: &[&Expr] = match &t.kind {
            E::Attribute(o, _) if no_value => &[o],
            E::Subscript(o, i) if no_value => &[o, i],
            _ => &[],
        };
        let ann: &[&Expr] = if body && !self.future_ann { &[a] } else { &[] };
        for e in parts.iter().chain(ann) {
            self.expr(e)?;
            self.emit(Op::Pop);
        }
        Ok(())
    }

    /// A recorded annotation: its value, or under `from __future__ import annotations` its
    /// source text (host only; devices, without the unparser, evaluate it).
    fn annotation(&mut self, a: &Expr) -> Result<(), CompileError> {
        #[cfg(feature = "std")]
        if self.future_ann {
            if let Some(s) = crate::unparse::unparse(a) {
                return self.load_str(&s);
            }
        }
        self.expr(a)
    }

    fn is_parallel_assign(targets: &[Expr], v: &Expr) -> bool {
        if targets.len() != 1 {
            return false;
        }
        match (&targets[0].kind, &v.kind) {
            (E::Tuple(ts) | E::List(ts), E::Tuple(vs)) if ts.len() == vs.len() && ts.len() <= 8 => {
                let mut names: Vec<&str> = Vec::new();
                for t in ts {
                    match &t.kind {
                        E::Name(n) if !names.contains(&n.as_str()) => names.push(n),
                        _ => return false,
                    }
                }
                !vs.iter().any(|x| matches!(x.kind, E::Starred(_)))
            }
            _ => false,
        }
    }

    fn push_loop(&mut self, cont: u32, is_for: bool) {
        let u = self.u();
        u.break_lists.push(Vec::new());
        let breaks = u.break_lists.len() - 1;
        u.fblocks.push(FBlock::Loop {
            cont,
            breaks,
            is_for,
        });
    }
    fn pop_loop(&mut self) -> Vec<usize> {
        let u = self.u();
        u.fblocks.pop();
        u.break_lists.pop().unwrap_or_default()
    }

    /// Emits the exit code of every fblock above `level` (innermost first).
    fn unwind_to(&mut self, level: usize, for_return: bool) -> Result<(), CompileError> {
        let mut i = self.u().fblocks.len();
        while i > level {
            i -= 1;
            let fb = match &self.u().fblocks[i] {
                FBlock::Loop { is_for, .. } => {
                    if *is_for {
                        self.emit(Op::PopIter);
                    }
                    continue;
                }
                FBlock::Try => {
                    self.emit(Op::PopBlock);
                    continue;
                }
                FBlock::Handler | FBlock::StarHandler => {
                    self.emit(Op::PopExcept);
                    if !for_return {
                        self.emit(Op::Pop);
                    }
                    continue;
                }
                FBlock::Finally(body) => FinallyOrWith::Finally(body.clone()),
                FBlock::With(t, a) => FinallyOrWith::With(*t, *a),
            };
            self.emit(Op::PopBlock);
            // Compile the exit code with the fblocks outside this one only.
            let saved: Vec<FBlock> = self.u().fblocks.drain(i..).collect();
            match fb {
                FinallyOrWith::Finally(body) => self.stmts(&body)?,
                FinallyOrWith::With(t, is_async) => {
                    self.emit(Op::LoadFast(arg(t)));
                    self.emit(Op::LoadNone);
                    self.emit(Op::LoadNone);
                    self.emit(Op::LoadNone);
                    self.emit(Op::Call(arg(3)));
                    if is_async {
                        self.emit_await();
                    }
                    self.emit(Op::Pop);
                }
            }
            self.u().fblocks.extend(saved);
        }
        Ok(())
    }

    fn try_except(
        &mut self,
        body: &[Stmt],
        handlers: &[Handler],
        orelse: &[Stmt],
    ) -> Result<(), CompileError> {
        let setup = self.emit(Op::SetupExcept(arg(0)));
        self.u().fblocks.push(FBlock::Try);
        self.stmts(body)?;
        self.u().fblocks.pop();
        self.emit(Op::PopBlock);
        self.stmts(orelse)?;
        let to_end = self.emit(Op::Jump(arg(0)));
        self.patch(setup);
        if handlers.first().is_some_and(|h| h.star) {
            return self.star_handlers(handlers, to_end);
        }
        self.handlers(handlers, to_end)
    }

    /// `except*` clauses (PEP 654); the exception is on the stack. The work of splitting the
    /// group and of making what is re-raised is `_exgroup._star`'s (a host-only Python
    /// module: the group classes are not in the devices' flash, where a clause that runs is
    /// an ImportError), held in a temporary: `match(T)` per clause gives the part to handle
    /// or None, `failed(e, match)` records what a clause's body raised, `result()` the
    /// exception to raise at the end (None: all handled).
    fn star_handlers(&mut self, handlers: &[Handler], to_end: usize) -> Result<(), CompileError> {
        let (st, tm) = (self.temp(), self.temp());
        self.emit(Op::PushExcInfo);
        self.emit(Op::Dup);
        self.emit(Op::StoreFast(arg(st)));
        let m = self.name_idx("_exgroup")?;
        self.emit(Op::ImportName(arg(m)));
        self.call_method("_star", |c| {
            c.emit(Op::LoadFast(arg(st)));
            Ok(1)
        })?;
        self.emit(Op::StoreFast(arg(st)));
        for h in handlers {
            self.set_line(h.line);
            self.emit(Op::LoadFast(arg(st)));
            self.call_method("match", |c| {
                if let Some(t) = &h.typ {
                    c.expr(t)?;
                }
                Ok(1)
            })?;
            // [orig, match]
            self.emit(Op::Dup);
            self.emit(Op::LoadNone);
            self.emit(Op::Compare(CmpOp::Is));
            let skip = self.emit(Op::PopJumpIfTrue(arg(0)));
            self.emit(Op::PushExcInfo);
            self.emit(Op::Dup);
            self.emit(Op::StoreFast(arg(tm)));
            if let Some(n) = &h.name {
                self.emit(Op::Dup);
                self.store_name(n)?;
            }
            let setup = self.emit(Op::SetupExcept(arg(0)));
            self.u().fblocks.push(FBlock::StarHandler);
            self.stmts(&h.body)?;
            self.u().fblocks.pop();
            self.emit(Op::PopBlock);
            self.emit(Op::PopExcept);
            let done = self.emit(Op::Jump(arg(0)));
            // [orig, match, raised]
            self.patch(setup);
            let tr = self.temp();
            self.emit(Op::StoreFast(arg(tr)));
            self.emit(Op::LoadFast(arg(st)));
            self.call_method("failed", |c| {
                c.emit(Op::LoadFast(arg(tr)));
                c.emit(Op::LoadFast(arg(tm)));
                Ok(2)
            })?;
            self.free_temp(tr);
            self.emit(Op::Pop);
            self.emit(Op::PopExcept);
            self.patch(done);
            self.emit(Op::Pop);
            if let Some(n) = &h.name {
                self.emit(Op::LoadNone);
                self.store_name(n)?;
                self.delete_name(n)?;
            }
            let next = self.emit(Op::Jump(arg(0)));
            self.patch(skip);
            self.emit(Op::Pop);
            self.patch(next);
        }
        // [orig]: raise what is left, or go on.
        self.emit(Op::LoadFast(arg(st)));
        self.call_method("result", |_| Ok(0))?;
        self.emit(Op::Dup);
        self.emit(Op::LoadNone);
        self.emit(Op::Compare(CmpOp::Is));
        let handled = self.emit(Op::PopJumpIfTrue(arg(0)));
        self.emit(Op::PopExcept);
        self.emit(Op::Reraise);
        self.patch(handled);
        self.emit(Op::Pop);
        self.emit(Op::PopExcept);
        self.emit(Op::Pop);
        self.emit(Op::LoadNone);
        self.emit(Op::StoreFast(arg(st)));
        self.emit(Op::LoadNone);
        self.emit(Op::StoreFast(arg(tm)));
        self.free_temp(st);
        self.free_temp(tm);
        self.patch(to_end);
        Ok(())
    }

    /// `obj.name(args)` with `obj` on the stack; `args` emits the arguments, returns their
    /// count.
    fn call_method(
        &mut self,
        name: &str,
        args: impl FnOnce(&mut Self) -> Result<u32, CompileError>,
    ) -> Result<(), CompileError> {
        let i = self.name_idx(name)?;
        self.emit(Op::LoadMethod(arg(i)));
        let n = args(self)?;
        self.emit(Op::CallMethod(arg(n)));
        Ok(())
    }

    /// Handler chain; the exception is on the stack. Jumps to the end are patched here.
    fn handlers(&mut self, handlers: &[Handler], to_end: usize) -> Result<(), CompileError> {
        let mut ends = vec![to_end];
        self.emit(Op::PushExcInfo);
        for (i, h) in handlers.iter().enumerate() {
            self.set_line(h.line);
            let mut next = None;
            if let Some(t) = &h.typ {
                self.emit(Op::Dup);
                self.expr(t)?;
                self.emit(Op::ExcMatch);
                next = Some(self.emit(Op::PopJumpIfFalse(arg(0))));
            } else if i + 1 < handlers.len() {
                return err("default 'except:' must be last", h.line);
            }
            if let Some(n) = &h.name {
                self.emit(Op::Dup);
                self.store_name(n)?;
            }
            self.u().fblocks.push(FBlock::Handler);
            self.stmts(&h.body)?;
            self.u().fblocks.pop();
            self.emit(Op::PopExcept);
            self.emit(Op::Pop);
            if let Some(n) = &h.name {
                self.emit(Op::LoadNone);
                self.store_name(n)?;
                self.delete_name(n)?;
            }
            ends.push(self.emit(Op::Jump(arg(0))));
            if let Some(j) = next {
                self.patch(j);
            }
        }
        self.emit(Op::Reraise);
        for e in ends {
            self.patch(e);
        }
        Ok(())
    }

    fn try_finally(
        &mut self,
        body: &[Stmt],
        handlers: &[Handler],
        orelse: &[Stmt],
        fin: &[Stmt],
    ) -> Result<(), CompileError> {
        let fin_rc = Rc::new(fin.to_vec());
        let setup = self.emit(Op::SetupExcept(arg(0)));
        self.u().fblocks.push(FBlock::Finally(fin_rc));
        if handlers.is_empty() {
            self.stmts(body)?;
        } else {
            self.try_except(body, handlers, orelse)?;
        }
        self.u().fblocks.pop();
        self.emit(Op::PopBlock);
        self.stmts(fin)?;
        let j = self.emit(Op::Jump(arg(0)));
        self.patch(setup);
        self.emit(Op::PushExcInfo);
        self.u().fblocks.push(FBlock::Handler);
        self.stmts(fin)?;
        self.u().fblocks.pop();
        self.emit(Op::Reraise);
        self.patch(j);
        Ok(())
    }

    /// `match`: the subject sits in a temporary; each case's pattern tests it with jumps to
    /// the next case that leave the stack as they found it, and binds its captures to
    /// temporaries that become the names only once the whole pattern matched (as CPython:
    /// a failed pattern binds nothing).
    fn match_stmt(&mut self, subject: &Expr, cases: &[Case]) -> Result<(), CompileError> {
        self.expr(subject)?;
        let subj = self.temp();
        self.emit(Op::StoreFast(arg(subj)));
        let mut ends = Vec::new();
        for (i, c) in cases.iter().enumerate() {
            self.set_line(c.line);
            let mut pc = PatCtx {
                fails: Vec::new(),
                binds: Vec::new(),
                hint: Vec::new(),
                allow_irrefutable: c.guard.is_some() || i + 1 == cases.len(),
                line: c.line,
            };
            self.pattern(&c.pat, subj, &mut pc)?;
            for (n, t) in &pc.binds {
                self.emit(Op::LoadFast(arg(*t)));
                self.store_name(n)?;
                self.free_temp(*t);
            }
            if let Some(g) = &c.guard {
                self.expr(g)?;
                pc.fails.push(self.emit(Op::PopJumpIfFalse(arg(0))));
            }
            self.stmts(&c.body)?;
            ends.push(self.emit(Op::Jump(arg(0))));
            for f in pc.fails {
                self.patch(f);
            }
        }
        for e in ends {
            self.patch(e);
        }
        self.free_temp(subj);
        Ok(())
    }

    fn bind(&mut self, name: &str, from: u32, pc: &mut PatCtx) -> Result<(), CompileError> {
        if pc.binds.iter().any(|(n, _)| n == name) {
            let msg = format!("multiple assignments to name '{}' in pattern", name);
            return err(&msg, pc.line);
        }
        let t = match pc.hint.iter().find(|(n, _)| n == name) {
            Some(&(_, t)) => t,
            None => self.temp(),
        };
        self.emit(Op::LoadFast(arg(from)));
        self.emit(Op::StoreFast(arg(t)));
        pc.binds.push((name.to_string(), t));
        Ok(())
    }

    fn fail_unless(&mut self, pc: &mut PatCtx) {
        pc.fails.push(self.emit(Op::PopJumpIfFalse(arg(0))));
    }

    /// Matches the value in local `s` against `p`; on failure jumps to one of `pc.fails`.
    fn pattern(&mut self, p: &Pat, s: u32, pc: &mut PatCtx) -> Result<(), CompileError> {
        let allow = core::mem::replace(&mut pc.allow_irrefutable, true);
        match p {
            Pat::Capture(n) | Pat::Star(n) => {
                if !allow {
                    let msg = match n {
                        Some(n) => {
                            format!("name capture '{}' makes remaining patterns unreachable", n)
                        }
                        None => String::from("wildcard makes remaining patterns unreachable"),
                    };
                    return err(&msg, pc.line);
                }
                if let Some(n) = n {
                    self.bind(n, s, pc)?;
                }
            }
            Pat::As(p, n) => {
                pc.allow_irrefutable = allow;
                self.pattern(p, s, pc)?;
                self.bind(n, s, pc)?;
            }
            Pat::Value(e) => {
                self.emit(Op::LoadFast(arg(s)));
                self.expr(e)?;
                self.emit(Op::Compare(CmpOp::Eq));
                self.fail_unless(pc);
            }
            Pat::Singleton(c) => {
                self.emit(Op::LoadFast(arg(s)));
                self.constant(c)?;
                self.emit(Op::Compare(CmpOp::Is));
                self.fail_unless(pc);
            }
            Pat::Or(alts) => {
                let outer = core::mem::take(&mut pc.fails);
                let base = pc.binds.len();
                let saved_hint = pc.hint.clone();
                let mut names: Option<Vec<String>> = None;
                let mut oks = Vec::new();
                for (i, alt) in alts.iter().enumerate() {
                    let last = i + 1 == alts.len();
                    pc.allow_irrefutable = last && allow;
                    self.pattern(alt, s, pc)?;
                    let mut bound: Vec<String> =
                        pc.binds[base..].iter().map(|(n, _)| n.clone()).collect();
                    bound.sort();
                    match &names {
                        None => {
                            pc.hint.extend(pc.binds[base..].iter().cloned());
                            names = Some(bound);
                        }
                        Some(ns) if *ns != bound => {
                            return err("alternative patterns bind different names", pc.line);
                        }
                        Some(_) => {}
                    }
                    if !last {
                        pc.binds.truncate(base);
                        oks.push(self.emit(Op::Jump(arg(0))));
                        for f in core::mem::take(&mut pc.fails) {
                            self.patch(f);
                        }
                    }
                }
                let mut all = outer;
                all.append(&mut pc.fails);
                pc.fails = all;
                pc.hint = saved_hint;
                for o in oks {
                    self.patch(o);
                }
            }
            Pat::Seq(items) => {
                let stars = items.iter().filter(|p| matches!(p, Pat::Star(_))).count();
                if stars > 1 {
                    return err("multiple starred names in sequence pattern", pc.line);
                }
                self.emit(Op::LoadFast(arg(s)));
                self.emit(Op::Match(pat_op::IS_SEQ, 0));
                self.fail_unless(pc);
                self.emit(Op::LoadFast(arg(s)));
                self.emit(Op::Match(pat_op::LEN, 0));
                self.constant(&Const::Int((items.len() - stars) as i64))?;
                self.emit(Op::Compare(if stars > 0 { CmpOp::Ge } else { CmpOp::Eq }));
                self.fail_unless(pc);
                if items.iter().all(|p| is_wildcard(&p)) {
                    return Ok(());
                }
                self.emit(Op::LoadFast(arg(s)));
                match items.iter().position(|p| matches!(p, Pat::Star(_))) {
                    Some(b) => {
                        let a = items.len() - b - 1;
                        match (u8::try_from(b), u16::try_from(a)) {
                            (Ok(b), Ok(a)) => self.emit(Op::UnpackEx(b, a)),
                            _ => {
                                return err(
                                    "too many expressions in star-unpacking assignment",
                                    pc.line,
                                );
                            }
                        };
                    }
                    None => {
                        self.emit(Op::UnpackSequence(arg(items.len() as u32)));
                    }
                }
                self.sub_patterns(items, pc)?;
            }
            Pat::Map(items, rest) => {
                self.emit(Op::LoadFast(arg(s)));
                self.emit(Op::Match(pat_op::IS_MAP, 0));
                self.fail_unless(pc);
                let mut seen: Vec<ConstKey> = Vec::new();
                for (k, _) in items {
                    if let Some(key) = const_pattern_key(k) {
                        if seen.contains(&key) {
                            let msg =
                                format!("mapping pattern checks duplicate key ({})", key_repr(k));
                            return err(&msg, pc.line);
                        }
                        seen.push(key);
                    }
                }
                if items.is_empty() && rest.is_none() {
                    return Ok(());
                }
                if !items.is_empty() {
                    self.emit(Op::LoadFast(arg(s)));
                    self.emit(Op::Match(pat_op::LEN, 0));
                    self.constant(&Const::Int(items.len() as i64))?;
                    self.emit(Op::Compare(CmpOp::Ge));
                    self.fail_unless(pc);
                }
                for (k, _) in items {
                    self.expr(k)?;
                }
                self.emit(Op::BuildTuple(arg(items.len() as u32)));
                let keys = self.temp();
                self.emit(Op::StoreFast(arg(keys)));
                if !items.is_empty() {
                    self.emit(Op::LoadFast(arg(s)));
                    self.emit(Op::LoadFast(arg(keys)));
                    self.emit(Op::Match(pat_op::KEYS, 0));
                    self.found_values(items.len(), pc)?;
                    let pats: Vec<&Pat> = items.iter().map(|(_, p)| p).collect();
                    self.sub_patterns_ref(&pats, pc)?;
                }
                if let Some(n) = rest {
                    self.emit(Op::LoadFast(arg(s)));
                    self.emit(Op::LoadFast(arg(keys)));
                    self.emit(Op::Match(pat_op::REST, 0));
                    let t = self.temp();
                    self.emit(Op::StoreFast(arg(t)));
                    self.bind(n, t, pc)?;
                    self.free_temp(t);
                }
                self.free_temp(keys);
            }
            Pat::Class(cls, pos, kws) => {
                for (i, (k, _)) in kws.iter().enumerate() {
                    if kws[..i].iter().any(|(j, _)| j == k) {
                        let msg = format!("attribute name repeated in class pattern: {}", k);
                        return err(&msg, pc.line);
                    }
                }
                let npos = u16::try_from(pos.len())
                    .or_else(|_| err("too many sub-patterns in class pattern", pc.line))?;
                self.emit(Op::LoadFast(arg(s)));
                self.expr(cls)?;
                for (k, _) in kws {
                    self.load_str(k)?;
                }
                self.emit(Op::BuildTuple(arg(kws.len() as u32)));
                self.emit(Op::Match(pat_op::CLASS, npos));
                let n = pos.len() + kws.len();
                let pats: Vec<&Pat> = pos.iter().chain(kws.iter().map(|(_, p)| p)).collect();
                if pats.iter().all(is_wildcard) {
                    self.emit(Op::LoadNone);
                    self.emit(Op::Compare(CmpOp::IsNot));
                    self.fail_unless(pc);
                    return Ok(());
                }
                self.found_values(n, pc)?;
                self.sub_patterns_ref(&pats, pc)?;
            }
        }
        Ok(())
    }

    /// TOS is a tuple of `n` values or None (no match): unpacks the values onto the stack.
    fn found_values(&mut self, n: usize, pc: &mut PatCtx) -> Result<(), CompileError> {
        let t = self.temp();
        self.emit(Op::StoreFast(arg(t)));
        self.emit(Op::LoadFast(arg(t)));
        self.emit(Op::LoadNone);
        self.emit(Op::Compare(CmpOp::IsNot));
        self.fail_unless(pc);
        self.emit(Op::LoadFast(arg(t)));
        self.emit(Op::UnpackSequence(arg(n as u32)));
        self.free_temp(t);
        Ok(())
    }

    fn sub_patterns(&mut self, items: &[Pat], pc: &mut PatCtx) -> Result<(), CompileError> {
        let pats: Vec<&Pat> = items.iter().collect();
        self.sub_patterns_ref(&pats, pc)
    }

    /// The values of `pats` are on the stack, the first on top: each goes to a temporary,
    /// then each sub-pattern is matched against its own.
    fn sub_patterns_ref(&mut self, pats: &[&Pat], pc: &mut PatCtx) -> Result<(), CompileError> {
        let temps: Vec<u32> = pats.iter().map(|_| self.temp()).collect();
        for t in &temps {
            self.emit(Op::StoreFast(arg(*t)));
        }
        for (p, t) in pats.iter().zip(&temps) {
            self.pattern(p, *t, pc)?;
        }
        for t in temps {
            self.free_temp(t);
        }
        Ok(())
    }

    fn emit_await(&mut self) {
        self.emit(Op::GetAwaitable);
        self.emit(Op::LoadNone);
        self.emit(Op::YieldFrom);
    }

    fn with(
        &mut self,
        items: &[(Expr, Option<Expr>)],
        body: &[Stmt],
        is_async: bool,
    ) -> Result<(), CompileError> {
        let (e, target) = &items[0];
        self.expr(e)?;
        self.emit(Op::Dup);
        self.emit(Op::LoadExit(arg(is_async as u32)));
        let t = self.temp();
        self.emit(Op::StoreFast(arg(t)));
        let enter = self.name_idx(if is_async { "__aenter__" } else { "__enter__" })?;
        self.emit(Op::LoadMethod(arg(enter)));
        self.emit(Op::CallMethod(arg(0)));
        if is_async {
            self.emit_await();
        }
        match target {
            Some(tg) => self.store(tg)?,
            None => {
                self.emit(Op::Pop);
            }
        }
        let setup = self.emit(Op::SetupExcept(arg(0)));
        self.u().fblocks.push(FBlock::With(t, is_async));
        if items.len() > 1 {
            self.with(&items[1..], body, is_async)?;
        } else {
            self.stmts(body)?;
        }
        self.u().fblocks.pop();
        self.emit(Op::PopBlock);
        self.emit(Op::LoadFast(arg(t)));
        self.emit(Op::LoadNone);
        self.emit(Op::LoadNone);
        self.emit(Op::LoadNone);
        self.emit(Op::Call(arg(3)));
        if is_async {
            self.emit_await();
        }
        self.emit(Op::Pop);
        let to_end = self.emit(Op::Jump(arg(0)));
        self.patch(setup);
        self.emit(Op::PushExcInfo);
        self.emit(Op::LoadFast(arg(t)));
        self.emit(Op::ExcTriple);
        self.emit(Op::Call(arg(3)));
        if is_async {
            self.emit_await();
        }
        let j = self.emit(Op::PopJumpIfTrue(arg(0)));
        self.emit(Op::Reraise);
        self.patch(j);
        self.emit(Op::PopExcept);
        self.emit(Op::Pop);
        self.patch(to_end);
        self.free_temp(t);
        Ok(())
    }

    fn aug_assign(&mut self, t: &Expr, op: BinOp, v: &Expr) -> Result<(), CompileError> {
        match &t.kind {
            E::Name(n) => {
                self.load_name(n)?;
                self.expr(v)?;
                self.emit(Op::Inplace(op));
                self.store_name(n)?;
            }
            E::Attribute(obj, name) => {
                self.expr(obj)?;
                self.emit(Op::Dup);
                let i = self.attr_idx(name)?;
                self.emit(Op::LoadAttr(arg(i)));
                self.expr(v)?;
                self.emit(Op::Inplace(op));
                self.emit(Op::Rot2);
                self.emit(Op::StoreAttr(arg(i)));
            }
            E::Subscript(obj, idx) => {
                self.expr(obj)?;
                self.expr(idx)?;
                self.emit(Op::Dup2);
                self.emit(Op::Subscr);
                self.expr(v)?;
                self.emit(Op::Inplace(op));
                self.emit(Op::Rot3);
                self.emit(Op::StoreSubscr);
            }
            _ => return err("illegal expression for augmented assignment", t.line),
        }
        Ok(())
    }

    fn store(&mut self, t: &Expr) -> Result<(), CompileError> {
        match &t.kind {
            E::Name(n) => self.store_name(n)?,
            E::Attribute(obj, name) => {
                self.expr(obj)?;
                let i = self.attr_idx(name)?;
                self.emit(Op::StoreAttr(arg(i)));
            }
            E::Subscript(obj, idx) => {
                self.expr(obj)?;
                self.expr(idx)?;
                self.emit(Op::StoreSubscr);
            }
            E::Tuple(items) | E::List(items) => {
                let star = items.iter().position(|i| matches!(i.kind, E::Starred(_)));
                match star {
                    Some(p) => {
                        if items
                            .iter()
                            .filter(|i| matches!(i.kind, E::Starred(_)))
                            .count()
                            > 1
                        {
                            return err("multiple starred expressions in assignment", t.line);
                        }
                        let after = u16::try_from(items.len() - p - 1).ok();
                        match (u8::try_from(p), after) {
                            (Ok(before), Some(after)) => {
                                self.emit(Op::UnpackEx(before, after));
                            }
                            // CPython's message (its limit before the star is 255 too).
                            _ => {
                                return err(
                                    "too many expressions in star-unpacking assignment",
                                    t.line,
                                );
                            }
                        }
                    }
                    None => {
                        self.emit(Op::UnpackSequence(arg(items.len() as u32)));
                    }
                }
                for i in items {
                    match &i.kind {
                        E::Starred(inner) => self.store(inner)?,
                        _ => self.store(i)?,
                    }
                }
            }
            E::Starred(_) => {
                return err(
                    "starred assignment target must be in a list or tuple",
                    t.line,
                );
            }
            _ => return err("cannot assign to expression", t.line),
        }
        Ok(())
    }

    fn delete(&mut self, t: &Expr) -> Result<(), CompileError> {
        match &t.kind {
            E::Name(n) => self.delete_name(n)?,
            E::Attribute(obj, name) => {
                self.expr(obj)?;
                let i = self.attr_idx(name)?;
                self.emit(Op::DeleteAttr(arg(i)));
            }
            E::Subscript(obj, idx) => {
                self.expr(obj)?;
                self.expr(idx)?;
                self.emit(Op::DeleteSubscr);
            }
            E::Tuple(items) | E::List(items) => {
                for i in items {
                    self.delete(i)?;
                }
            }
            _ => return err("cannot delete expression", t.line),
        }
        Ok(())
    }

    fn make_function(&mut self, f: &FuncDef) -> Result<(), CompileError> {
        let mut fl = 0u32;
        let defaults: Vec<&Expr> = f
            .params
            .args
            .iter()
            .filter_map(|(_, d)| d.as_ref())
            .collect();
        if !defaults.is_empty() {
            for d in &defaults {
                self.expr(d)?;
            }
            self.emit(Op::BuildTuple(arg(defaults.len() as u32)));
            fl |= 1;
        }
        let kwd: Vec<(&String, &Expr)> = f
            .params
            .kwonly
            .iter()
            .filter_map(|(n, d)| d.as_ref().map(|d| (n, d)))
            .collect();
        if !kwd.is_empty() {
            for (n, d) in &kwd {
                self.load_str(n)?;
                self.expr(d)?;
            }
            self.emit(Op::BuildMap(arg(kwd.len() as u32)));
            fl |= 2;
        }
        if !f.params.annotations.is_empty() {
            for (n, a) in &f.params.annotations {
                self.load_str(n)?;
                self.annotation(a)?;
            }
            self.emit(Op::BuildMap(arg(f.params.annotations.len() as u32)));
            fl |= 8;
        }
        let mut params: Vec<String> = f.params.args.iter().map(|(n, _)| n.clone()).collect();
        params.extend(f.params.kwonly.iter().map(|(n, _)| n.clone()));
        let mut cflags = 0u8;
        if let Some(v) = &f.params.vararg {
            params.push(v.clone());
            cflags |= flags::VARARGS;
        }
        if let Some(v) = &f.params.kwarg {
            params.push(v.clone());
            cflags |= flags::VARKW;
        }
        if f.is_async {
            cflags |= flags::COROUTINE | flags::GENERATOR;
        }
        let saved_line = self.line;
        self.push_unit(f.id, &params);
        self.u().is_async = f.is_async;
        self.set_qualname(&f.name);
        if let Some(Stmt {
            kind:
                S::Expr(Expr {
                    kind: E::Const(Const::Str(d)),
                    ..
                }),
            ..
        }) = f.body.first()
        {
            if !f.is_lambda && self.docs {
                self.u().doc = Some(d.clone());
            }
        }
        self.set_line(f.line);
        if f.is_lambda {
            if let Some(Stmt {
                kind: S::Return(Some(e)),
                line,
            }) = f.body.first()
            {
                self.set_line(*line);
                self.expr(e)?;
                self.emit(Op::ReturnValue);
            }
        } else {
            self.stmts(&f.body)?;
            self.implicit_return();
        }
        let name = self.sink.intern(&f.name)?;
        let code = self.finish(
            name,
            cflags,
            f.params.args.len() as u32,
            f.params.posonly,
            f.params.kwonly.len() as u32,
        )?;
        self.line = saved_line;
        self.emit_closure_and_code(f.id, code, fl)
    }

    fn emit_closure_and_code(
        &mut self,
        scope: u32,
        code: Rc<Code>,
        mut fl: u32,
    ) -> Result<(), CompileError> {
        let frees = self.st.scopes[scope as usize].frees.clone();
        if !frees.is_empty() {
            for n in &frees {
                let slot = match self.u().slots.get(n) {
                    Some(&s) => s,
                    None => return err("internal error: free variable not found", self.line),
                };
                self.emit(Op::LoadClosure(arg(slot)));
            }
            self.emit(Op::BuildTuple(arg(frees.len() as u32)));
            fl |= 4;
        }
        let cv = self.sink.alloc_const(Obj::Code(code))?;
        self.load_const(cv);
        self.emit(Op::MakeFunction(arg(fl)));
        Ok(())
    }

    fn class_def(
        &mut self,
        name: &str,
        bases: &[Arg],
        body: &[Stmt],
        decos: &[Expr],
        id: u32,
        line: u32,
    ) -> Result<(), CompileError> {
        for d in decos {
            self.expr(d)?;
        }
        self.push_unit(id, &[]);
        self.set_qualname(name);
        if let Some(Stmt {
            kind:
                S::Expr(Expr {
                    kind: E::Const(Const::Str(d)),
                    ..
                }),
            ..
        }) = body.first().filter(|_| self.docs)
        {
            let d = d.clone();
            self.load_str(&d)?;
            self.store_name("__doc__")?;
        }
        let qn = self.u().qualname.clone();
        self.load_str(&qn)?;
        self.store_name("__qualname__")?;
        self.set_line(line);
        let qn = self.name_idx("__qualname__")?;
        let _ = qn;
        self.setup_annotations()?;
        self.stmts(body)?;
        self.emit(Op::LoadNone);
        self.emit(Op::ReturnValue);
        let nm = self.sink.intern(name)?;
        let code = self.finish(nm, 0, 0, 0, 0)?;
        self.set_line(line);
        self.emit_closure_and_code(id, code, 0)?;
        self.load_str(name)?;
        let mut npos = 0;
        let mut nkw = 0;
        for b in bases {
            if let Arg::Pos(e) = b {
                self.expr(e)?;
                npos += 1;
            }
        }
        self.emit(Op::BuildTuple(arg(npos)));
        for b in bases {
            if let Arg::Kw(k, e) = b {
                self.load_str(k)?;
                self.expr(e)?;
                nkw += 1;
            }
        }
        self.emit(Op::BuildMap(arg(nkw)));
        self.emit(Op::BuildClass);
        for _ in decos {
            self.emit(Op::Call(arg(1)));
        }
        self.store_name(name)
    }

    // ---------- expressions ----------

    fn expr(&mut self, e: &Expr) -> Result<(), CompileError> {
        match &e.kind {
            E::Name(n) => self.load_name(n)?,
            E::Const(c) => self.constant(c)?,
            E::JoinedStr(parts) => self.joined(parts)?,
            E::BinOp(a, op, b) => {
                self.expr(a)?;
                self.expr(b)?;
                self.emit(Op::Binary(*op));
            }
            E::UnaryOp(op, a) => {
                self.expr(a)?;
                self.emit(Op::Unary(*op));
            }
            E::BoolOp(is_and, vals) => {
                let mut jumps = Vec::new();
                for (i, v) in vals.iter().enumerate() {
                    self.expr(v)?;
                    if i + 1 < vals.len() {
                        jumps.push(self.emit(if *is_and {
                            Op::JumpIfFalseOrPop(arg(0))
                        } else {
                            Op::JumpIfTrueOrPop(arg(0))
                        }));
                    }
                }
                for j in jumps {
                    self.patch(j);
                }
            }
            E::Compare(first, rest) => {
                self.expr(first)?;
                if rest.len() == 1 {
                    self.expr(&rest[0].1)?;
                    self.emit(Op::Compare(rest[0].0));
                } else {
                    let mut cleanup = Vec::new();
                    for (i, (op, x)) in rest.iter().enumerate() {
                        self.expr(x)?;
                        if i + 1 < rest.len() {
                            self.emit(Op::Dup);
                            self.emit(Op::Rot3);
                            self.emit(Op::Compare(*op));
                            cleanup.push(self.emit(Op::JumpIfFalseOrPop(arg(0))));
                        } else {
                            self.emit(Op::Compare(*op));
                        }
                    }
                    let end = self.emit(Op::Jump(arg(0)));
                    for c in cleanup {
                        self.patch(c);
                    }
                    self.emit(Op::Rot2);
                    self.emit(Op::Pop);
                    self.patch(end);
                }
            }
            E::Call(f, args) => self.call(f, args)?,
            E::Attribute(obj, name) => {
                self.expr(obj)?;
                let i = self.attr_idx(name)?;
                self.emit(Op::LoadAttr(arg(i)));
            }
            E::Subscript(obj, idx) => {
                self.expr(obj)?;
                self.expr(idx)?;
                self.emit(Op::Subscr);
            }
            E::Slice(a, b, c) => {
                for x in [a, b] {
                    match x {
                        Some(x) => self.expr(x)?,
                        None => {
                            self.emit(Op::LoadNone);
                        }
                    }
                }
                match c {
                    Some(c) => {
                        self.expr(c)?;
                        self.emit(Op::BuildSlice(arg(3)));
                    }
                    None => {
                        self.emit(Op::BuildSlice(arg(2)));
                    }
                }
            }
            E::List(items) => self.sequence(items, 0)?,
            E::Tuple(items) => self.sequence(items, 1)?,
            E::Set(items) => self.sequence(items, 2)?,
            E::Dict(items) => {
                if items.iter().all(|(k, _)| k.is_some()) {
                    for (k, v) in items {
                        if let Some(k) = k {
                            self.expr(k)?;
                        }
                        self.expr(v)?;
                    }
                    self.emit(Op::BuildMap(arg(items.len() as u32)));
                } else {
                    self.emit(Op::BuildMap(arg(0)));
                    for (k, v) in items {
                        match k {
                            Some(k) => {
                                self.expr(k)?;
                                self.expr(v)?;
                                self.emit(Op::BuildMap(arg(1)));
                            }
                            None => self.expr(v)?,
                        }
                        self.emit(Op::DictMerge);
                    }
                }
            }
            E::Starred(_) => return err("can't use starred expression here", e.line),
            E::IfExp(c, a, b) => {
                self.expr(c)?;
                let j = self.emit(Op::PopJumpIfFalse(arg(0)));
                self.expr(a)?;
                let j2 = self.emit(Op::Jump(arg(0)));
                self.patch(j);
                self.expr(b)?;
                self.patch(j2);
            }
            E::Lambda(f) => self.make_function(f)?,
            E::Comp(kind, elt, val, comps, id) => {
                self.comprehension(*kind, elt, val.as_deref(), comps, *id)?
            }
            E::Yield(v) => {
                self.check_in_function(e.line)?;
                match v {
                    Some(v) => self.expr(v)?,
                    None => {
                        self.emit(Op::LoadNone);
                    }
                }
                let op = if self.u().is_async {
                    Op::YieldAsync
                } else {
                    Op::YieldValue
                };
                self.emit(op);
            }
            E::YieldFrom(v) => {
                self.check_in_function(e.line)?;
                if self.u().is_async {
                    return err("'yield from' inside async function", e.line);
                }
                self.expr(v)?;
                self.emit(Op::GetIter);
                self.emit(Op::LoadNone);
                self.emit(Op::YieldFrom);
            }
            E::Await(v) => {
                self.check_in_function(e.line)?;
                // An await makes a comprehension asynchronous, as an `async for` clause does.
                if self.u().kind == ScopeKind::Comprehension {
                    self.u().is_async = true;
                }
                self.expr(v)?;
                self.emit(Op::GetAwaitable);
                self.emit(Op::LoadNone);
                self.emit(Op::YieldFrom);
            }
            E::NamedExpr(n, v) => {
                self.expr(v)?;
                self.emit(Op::Dup);
                self.store_name(n)?;
            }
        }
        Ok(())
    }

    fn check_in_function(&mut self, line: u32) -> Result<(), CompileError> {
        if matches!(self.u().kind, ScopeKind::Module | ScopeKind::Class) {
            return err("'yield' outside function", line);
        }
        Ok(())
    }

    fn constant(&mut self, c: &Const) -> Result<(), CompileError> {
        match c {
            Const::None => {
                self.emit(Op::LoadNone);
            }
            Const::True => {
                self.emit(Op::LoadTrue);
            }
            Const::False => {
                self.emit(Op::LoadFalse);
            }
            Const::Ellipsis => {
                let i = self.name_idx("Ellipsis")?;
                self.emit(Op::LoadGlobal(arg(i)));
            }
            Const::Int(i) => match I24::new(*i) {
                Some(k) => {
                    self.emit(Op::LoadInt(k));
                }
                None => self.load_const(Value::Int(*i)),
            },
            Const::BigInt(b) => {
                let v = self.sink.alloc_const(Obj::BigInt(b.clone()))?;
                self.load_const(v);
            }
            Const::Float(f) => self.load_const(Value::Float(*f)),
            Const::Complex(f) => {
                let v = self.sink.alloc_const(Obj::Complex(0.0, *f))?;
                self.load_const(v);
            }
            Const::Str(s) => self.load_str(s)?,
            Const::Bytes(b) => {
                let v = self.sink.alloc_const(Obj::Bytes(b.clone()))?;
                self.load_const(v);
            }
        }
        Ok(())
    }

    fn joined(&mut self, parts: &[FPart]) -> Result<(), CompileError> {
        let mut n = 0;
        for p in parts {
            match p {
                FPart::Lit(s) => self.load_str(s)?,
                FPart::Expr(e, conv, spec) => {
                    self.expr(e)?;
                    let mut fl = match conv {
                        Some('s') => 1,
                        Some('r') => 2,
                        Some('a') => 3,
                        _ => 0,
                    };
                    if let Some(spec) = spec {
                        self.joined(spec)?;
                        fl |= 4;
                    }
                    self.emit(Op::FormatValue(fl));
                }
            }
            n += 1;
        }
        if n != 1 {
            self.emit(Op::BuildString(arg(n)));
        } else if let Some(FPart::Lit(_)) = parts.first() {
            // Already a str.
        }
        Ok(())
    }

    /// kind: 0 list, 1 tuple, 2 set
    fn sequence(&mut self, items: &[Expr], kind: u8) -> Result<(), CompileError> {
        if !items.iter().any(|i| matches!(i.kind, E::Starred(_))) {
            for i in items {
                self.expr(i)?;
            }
            let n = items.len() as u32;
            self.emit(match kind {
                0 => Op::BuildList(arg(n)),
                1 => Op::BuildTuple(arg(n)),
                _ => Op::BuildSet(arg(n)),
            });
            return Ok(());
        }
        if kind == 2 {
            self.emit(Op::BuildSet(arg(0)));
        } else {
            self.emit(Op::BuildList(arg(0)));
        }
        for i in items {
            match &i.kind {
                E::Starred(inner) => {
                    self.expr(inner)?;
                    self.emit(if kind == 2 {
                        Op::SetUpdate
                    } else {
                        Op::ListExtend
                    });
                }
                _ => {
                    self.expr(i)?;
                    self.emit(if kind == 2 {
                        Op::SetAdd(arg(1))
                    } else {
                        Op::ListAppend(arg(1))
                    });
                }
            }
        }
        if kind == 1 {
            self.emit(Op::ListToTuple);
        }
        Ok(())
    }

    fn call(&mut self, f: &Expr, args: &[Arg]) -> Result<(), CompileError> {
        let simple = args.iter().all(|a| matches!(a, Arg::Pos(_)));
        let has_star = args
            .iter()
            .any(|a| matches!(a, Arg::Star(_) | Arg::StarStar(_)));
        if let (E::Attribute(obj, name), true) = (&f.kind, simple) {
            self.expr(obj)?;
            let i = self.attr_idx(name)?;
            self.emit(Op::LoadMethod(arg(i)));
            for a in args {
                if let Arg::Pos(e) = a {
                    self.expr(e)?;
                }
            }
            self.emit(Op::CallMethod(arg(args.len() as u32)));
            return Ok(());
        }
        self.expr(f)?;
        if simple {
            for a in args {
                if let Arg::Pos(e) = a {
                    self.expr(e)?;
                }
            }
            self.emit(Op::Call(arg(args.len() as u32)));
            return Ok(());
        }
        if !has_star {
            let mut names = Vec::new();
            for a in args {
                match a {
                    Arg::Pos(e) => self.expr(e)?,
                    Arg::Kw(k, e) => {
                        self.expr(e)?;
                        names.push(self.sink.intern(k)?);
                    }
                    _ => {}
                }
            }
            let t = self
                .sink
                .alloc_const(Obj::Tuple(names.into_boxed_slice()))?;
            self.load_const(t);
            self.emit(Op::CallKw(arg(args.len() as u32)));
            return Ok(());
        }
        // General form: build an args tuple and a kwargs dict. A lone `*x` is passed as it is
        // (CallEx flag 2), as CPython does, so that its error message can name the callee.
        let positional: Vec<&Arg> = args
            .iter()
            .filter(|a| matches!(a, Arg::Pos(_) | Arg::Star(_)))
            .collect();
        let mut call_flags = 0;
        if let [Arg::Star(e)] = positional.as_slice() {
            self.expr(e)?;
            call_flags |= 2;
        } else {
            self.emit(Op::BuildList(arg(0)));
            for a in positional {
                match a {
                    Arg::Pos(e) => {
                        self.expr(e)?;
                        self.emit(Op::ListAppend(arg(1)));
                    }
                    Arg::Star(e) => {
                        self.expr(e)?;
                        self.emit(Op::ListExtend);
                    }
                    _ => {}
                }
            }
            self.emit(Op::ListToTuple);
        }
        let has_kw = args
            .iter()
            .any(|a| matches!(a, Arg::Kw(..) | Arg::StarStar(_)));
        if has_kw {
            self.emit(Op::BuildMap(arg(0)));
            for a in args {
                match a {
                    Arg::Kw(k, e) => {
                        self.load_str(k)?;
                        self.expr(e)?;
                        self.emit(Op::BuildMap(arg(1)));
                        self.emit(Op::DictMergeCall);
                    }
                    Arg::StarStar(e) => {
                        self.expr(e)?;
                        self.emit(Op::DictMergeCall);
                    }
                    _ => {}
                }
            }
            call_flags |= 1;
        }
        self.emit(Op::CallEx(arg(call_flags)));
        Ok(())
    }

    fn comprehension(
        &mut self,
        kind: CompKind,
        elt: &Expr,
        val: Option<&Expr>,
        comps: &[Comp],
        id: u32,
    ) -> Result<(), CompileError> {
        let saved_line = self.line;
        self.push_unit(id, &[".0".to_string()]);
        self.u().is_async = comps.iter().any(|c| c.is_async);
        self.set_qualname(match kind {
            CompKind::List => "<listcomp>",
            CompKind::Set => "<setcomp>",
            CompKind::Dict => "<dictcomp>",
            CompKind::Gen => "<genexpr>",
        });
        self.set_line(saved_line);
        match kind {
            CompKind::List => {
                self.emit(Op::BuildList(arg(0)));
            }
            CompKind::Set => {
                self.emit(Op::BuildSet(arg(0)));
            }
            CompKind::Dict => {
                self.emit(Op::BuildMap(arg(0)));
            }
            CompKind::Gen => {}
        }
        let mut loops = Vec::new();
        for (i, c) in comps.iter().enumerate() {
            if i == 0 {
                self.emit(Op::LoadFast(arg(0)));
            } else {
                self.expr(&c.iter)?;
                self.get_iter(c.is_async)?;
            }
            let top = self.here();
            let j = if c.is_async {
                // As `async for` (S::For): await __anext__() until StopAsyncIteration.
                let setup = self.emit(Op::SetupExcept(arg(0)));
                self.emit(Op::Dup);
                let an = self.name_idx("__anext__")?;
                self.emit(Op::LoadMethod(arg(an)));
                self.emit(Op::CallMethod(arg(0)));
                self.emit_await();
                self.emit(Op::PopBlock);
                setup
            } else {
                self.emit(Op::ForIter(arg(0)))
            };
            self.store(&c.target)?;
            for cond in &c.ifs {
                self.expr(cond)?;
                self.emit(Op::PopJumpIfFalse(arg(top)));
            }
            loops.push((top, j));
        }
        let depth = comps.len() as u32 + 1;
        match kind {
            CompKind::List => {
                self.expr(elt)?;
                self.emit(Op::ListAppend(arg(depth)));
            }
            CompKind::Set => {
                self.expr(elt)?;
                self.emit(Op::SetAdd(arg(depth)));
            }
            CompKind::Dict => {
                self.expr(elt)?;
                if let Some(v) = val {
                    self.expr(v)?;
                }
                self.emit(Op::MapAdd(arg(depth)));
            }
            CompKind::Gen => {
                self.expr(elt)?;
                let op = if self.u().is_async {
                    Op::YieldAsync
                } else {
                    Op::YieldValue
                };
                self.emit(op);
                self.emit(Op::Pop);
            }
        }
        for ((top, j), c) in loops.into_iter().zip(comps).rev() {
            self.emit(Op::Jump(arg(top)));
            self.patch(j);
            if c.is_async {
                self.emit(Op::PushExcInfo);
                self.emit(Op::Dup);
                self.load_name("StopAsyncIteration")?;
                self.emit(Op::ExcMatch);
                let other = self.emit(Op::PopJumpIfFalse(arg(0)));
                self.emit(Op::PopExcept);
                self.emit(Op::Pop);
                self.emit(Op::Pop);
                let done = self.emit(Op::Jump(arg(0)));
                self.patch(other);
                self.emit(Op::Reraise);
                self.patch(done);
            }
        }
        if kind == CompKind::Gen {
            self.emit(Op::LoadNone);
        }
        self.emit(Op::ReturnValue);
        let name = self.sink.intern(match kind {
            CompKind::List => "<listcomp>",
            CompKind::Set => "<setcomp>",
            CompKind::Dict => "<dictcomp>",
            CompKind::Gen => "<genexpr>",
        })?;
        // An async comprehension is a coroutine (awaited here), an async genexpr an async
        // generator.
        let is_async = self.u().is_async;
        let cf = if is_async {
            flags::COROUTINE | flags::GENERATOR
        } else {
            0
        };
        let code = self.finish(name, cf, 1, 0, 0)?;
        self.line = saved_line;
        if is_async && kind != CompKind::Gen {
            // Awaited here: the enclosing code must be async too (a comprehension becomes so).
            if self.u().kind == ScopeKind::Comprehension {
                self.u().is_async = true;
            } else if !self.u().is_async {
                return err(
                    "asynchronous comprehension outside of an asynchronous function",
                    saved_line,
                );
            }
        }
        self.emit_closure_and_code(id, code, 0)?;
        self.expr(&comps[0].iter)?;
        self.get_iter(comps[0].is_async)?;
        self.emit(Op::Call(arg(1)));
        if is_async && kind != CompKind::Gen {
            self.emit_await();
        }
        Ok(())
    }

    /// GET_ITER, or `__aiter__()` for an `async for` clause.
    fn get_iter(&mut self, is_async: bool) -> Result<(), CompileError> {
        if is_async {
            let ai = self.name_idx("__aiter__")?;
            self.emit(Op::LoadMethod(arg(ai)));
            self.emit(Op::CallMethod(arg(0)));
        } else {
            self.emit(Op::GetIter);
        }
        Ok(())
    }
}

enum FinallyOrWith {
    Finally(Rc<Vec<Stmt>>),
    With(u32, bool),
}

/// Reports whether a REPL chunk needs more lines (an open block, bracket or string).
pub fn needs_more_input(source: &str) -> bool {
    match parser::parse(source) {
        Ok(_) => {
            // A compound statement is only complete after a blank line.
            let first = source.lines().next().unwrap_or("");
            let compound = first.trim_end().ends_with(':') || first.trim_start().starts_with('@');
            compound
                && !source.ends_with("\n\n")
                && source.lines().count() >= 1
                && !source.trim_end().is_empty()
        }
        Err(e) => {
            let lines = source.lines().count() as u32;
            (e.msg.contains("unexpected EOF")
                || e.msg.contains("was never closed")
                || e.msg.contains("unterminated triple-quoted")
                || e.msg.contains("expected an indented block"))
                && e.line >= lines
        }
    }
}

/// A convenience for tests and tools: does this source compile?
pub fn check_syntax(source: &str) -> Result<(), SyntaxErr> {
    let m = parser::parse(source)?;
    analyze(&m.body, m.scopes).map_err(|e| SyntaxErr::new(e.msg, e.line, 0))?;
    Ok(())
}

#[allow(dead_code)]
fn unused(_: &str) -> String {
    String::new()
}
