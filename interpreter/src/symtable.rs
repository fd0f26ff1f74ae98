//! Scope analysis: decides for every name in every scope whether it is a fast local, a cell,
//! a free variable (closure), a global, or a class-namespace name.

use crate::ast::*;
use alloc::collections::{BTreeMap, BTreeSet};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

/// What kind of code a scope compiles to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    /// Module top level.
    Module,
    /// def / lambda.
    Function,
    /// class body.
    Class,
    /// comprehension / generator expression.
    Comprehension,
}

/// The facts about one scope.
#[derive(Debug, Clone)]
pub struct Scope {
    /// Kind.
    pub kind: ScopeKind,
    /// Enclosing scope id.
    pub parent: Option<u32>,
    /// Names bound here.
    pub assigned: BTreeSet<String>,
    /// `global` declarations.
    pub globals: BTreeSet<String>,
    /// `nonlocal` declarations.
    pub nonlocals: BTreeSet<String>,
    /// Names read here.
    pub used: BTreeSet<String>,
    /// Parameters in order.
    pub params: Vec<String>,
    /// Locals captured by inner scopes.
    pub cells: BTreeSet<String>,
    /// Names taken from enclosing scopes (in a stable order).
    pub frees: Vec<String>,
    /// Contains `yield` (or is a generator expression).
    pub is_generator: bool,
    /// Child scope ids.
    pub children: Vec<u32>,
    /// Has an annotated assignment (a module or class body then makes `__annotations__`).
    pub annotated: bool,
}

impl Scope {
    fn new(kind: ScopeKind, parent: Option<u32>) -> Scope {
        Scope {
            kind,
            parent,
            assigned: BTreeSet::new(),
            globals: BTreeSet::new(),
            nonlocals: BTreeSet::new(),
            used: BTreeSet::new(),
            params: Vec::new(),
            cells: BTreeSet::new(),
            frees: Vec::new(),
            is_generator: false,
            children: Vec::new(),
            annotated: false,
        }
    }
    /// True when `name` is a local (fast or cell) of this function-like scope.
    pub fn is_local(&self, name: &str) -> bool {
        self.kind != ScopeKind::Module
            && self.kind != ScopeKind::Class
            && !self.globals.contains(name)
            && !self.nonlocals.contains(name)
            && (self.assigned.contains(name) || self.params.iter().any(|p| p == name))
    }
}

/// All scopes of a module, indexed by the parser's scope ids; the module is the last one.
pub struct SymTable {
    /// Scopes by id.
    pub scopes: Vec<Scope>,
}

/// Errors found during analysis (e.g. a nonlocal that binds nothing).
pub struct ScopeError {
    /// Message.
    pub msg: String,
    /// Line.
    pub line: u32,
}

struct Builder {
    scopes: BTreeMap<u32, Scope>,
    cur: u32,
    err: Option<ScopeError>,
    /// The line of each `nonlocal` statement's name, by (scope, name): an unresolved one is
    /// found only after the walk, and its SyntaxError names that line.
    nonlocal_lines: BTreeMap<(u32, String), u32>,
}

/// Analyses a module with `n` parser scope ids.
pub fn analyze(body: &[Stmt], n: u32) -> Result<SymTable, ScopeError> {
    let mut b = Builder {
        scopes: BTreeMap::new(),
        cur: n,
        err: None,
        nonlocal_lines: BTreeMap::new(),
    };
    b.scopes.insert(n, Scope::new(ScopeKind::Module, None));
    b.stmts(body);
    if let Some(e) = b.err {
        return Err(e);
    }
    // Resolve free variables.
    let ids: Vec<u32> = b.scopes.keys().copied().collect();
    for id in ids {
        let s = &b.scopes[&id];
        if s.kind == ScopeKind::Module {
            continue;
        }
        let mut names: Vec<String> = Vec::new();
        for n in s
            .used
            .iter()
            .chain(s.nonlocals.iter())
            .chain(s.assigned.iter())
        {
            let local = match s.kind {
                ScopeKind::Class => s.assigned.contains(n) && !s.nonlocals.contains(n),
                _ => s.is_local(n),
            };
            if !local && !s.globals.contains(n) && !names.contains(n) {
                names.push(n.clone());
            }
        }
        for n in names {
            let nonlocal = b.scopes[&id].nonlocals.contains(&n);
            if !b.resolve_free(id, &n) && nonlocal {
                return Err(ScopeError {
                    msg: alloc::format!("no binding for nonlocal '{}' found", n),
                    line: b.nonlocal_lines.get(&(id, n)).copied().unwrap_or(0),
                });
            }
        }
    }
    let mut scopes = Vec::with_capacity(n as usize + 1);
    for i in 0..=n {
        scopes.push(
            b.scopes
                .remove(&i)
                .unwrap_or_else(|| Scope::new(ScopeKind::Function, None)),
        );
    }
    Ok(SymTable { scopes })
}

impl Builder {
    fn scope(&mut self) -> &mut Scope {
        let cur = self.cur;
        self.scopes
            .entry(cur)
            .or_insert_with(|| Scope::new(ScopeKind::Function, None))
    }

    /// Makes `name` free in `id` if an enclosing function binds it. Returns true if so.
    fn resolve_free(&mut self, id: u32, name: &str) -> bool {
        let parent = match self.scopes[&id].parent {
            Some(p) => p,
            None => return false,
        };
        let p = &self.scopes[&parent];
        let found = match p.kind {
            ScopeKind::Module => false,
            // `__class__` in a method (or a function nested in one) is CPython's implicit
            // cell of the class body, filled with the class once it is made.
            ScopeKind::Class if name == "__class__" => {
                self.scopes
                    .get_mut(&parent)
                    .map(|s| s.cells.insert(name.to_string()));
                true
            }
            ScopeKind::Class => {
                if p.globals.contains(name) {
                    false
                } else {
                    self.resolve_free(parent, name)
                }
            }
            _ => {
                if p.globals.contains(name) {
                    false
                } else if p.is_local(name) {
                    self.scopes
                        .get_mut(&parent)
                        .map(|s| s.cells.insert(name.to_string()));
                    true
                } else {
                    self.resolve_free(parent, name)
                }
            }
        };
        if found {
            let s = self.scopes.get_mut(&id);
            if let Some(s) = s
                && !s.frees.iter().any(|f| f == name)
            {
                s.frees.push(name.to_string());
            }
        }
        found
    }

    fn push_scope(&mut self, id: u32, kind: ScopeKind) -> u32 {
        let parent = self.cur;
        self.scopes.insert(id, Scope::new(kind, Some(parent)));
        self.scope().children.push(id);
        let saved = self.cur;
        self.cur = id;
        saved
    }

    /// CPython's rule: a `global`/`nonlocal` name may not be a parameter, nor
    /// be used or bound earlier in the same scope (the walk is in source order,
    /// so the sets hold only what came before the declaration).
    fn check_declaration(&mut self, name: &str, what: &str, line: u32) {
        if self.err.is_some() {
            return;
        }
        let sc = &self.scopes[&self.cur];
        if sc.globals.contains(name) || sc.nonlocals.contains(name) {
            return;
        }
        let msg = if sc.params.iter().any(|p| p == name) {
            format!("name '{}' is parameter and {}", name, what)
        } else if sc.used.contains(name) {
            format!("name '{}' is used prior to {} declaration", name, what)
        } else if sc.assigned.contains(name) {
            format!("name '{}' is assigned to before {} declaration", name, what)
        } else {
            return;
        };
        self.err = Some(ScopeError { msg, line });
    }

    fn assign(&mut self, name: &str) {
        self.scope().assigned.insert(name.to_string());
    }

    fn target(&mut self, e: &Expr) {
        match &e.kind {
            E::Name(n) => self.assign(n),
            E::Tuple(v) | E::List(v) => v.iter().for_each(|x| self.target(x)),
            E::Starred(x) => self.target(x),
            _ => self.expr(e),
        }
    }

    fn pattern(&mut self, p: &Pat) {
        match p {
            Pat::Value(e) => self.expr(e),
            Pat::Singleton(_) | Pat::Capture(None) | Pat::Star(None) => {}
            Pat::Capture(Some(n)) | Pat::Star(Some(n)) => self.assign(n),
            Pat::Seq(ps) | Pat::Or(ps) => ps.iter().for_each(|p| self.pattern(p)),
            Pat::Map(items, rest) => {
                for (k, p) in items {
                    self.expr(k);
                    self.pattern(p);
                }
                if let Some(n) = rest {
                    self.assign(n);
                }
            }
            Pat::Class(c, pos, kws) => {
                self.expr(c);
                pos.iter().for_each(|p| self.pattern(p));
                kws.iter().for_each(|(_, p)| self.pattern(p));
            }
            Pat::As(p, n) => {
                self.pattern(p);
                self.assign(n);
            }
        }
    }

    fn stmts(&mut self, body: &[Stmt]) {
        for s in body {
            self.stmt(s);
        }
    }

    fn func(&mut self, f: &FuncDef) {
        for d in &f.decorators {
            self.expr(d);
        }
        for (_, d) in f.params.args.iter().chain(f.params.kwonly.iter()) {
            if let Some(d) = d {
                self.expr(d);
            }
        }
        for (_, a) in &f.params.annotations {
            self.expr(a);
        }
        let saved = self.push_scope(f.id, ScopeKind::Function);
        let mut params: Vec<String> = f.params.args.iter().map(|(n, _)| n.clone()).collect();
        params.extend(f.params.kwonly.iter().map(|(n, _)| n.clone()));
        if let Some(v) = &f.params.vararg {
            params.push(v.clone());
        }
        if let Some(v) = &f.params.kwarg {
            params.push(v.clone());
        }
        self.scope().params = params;
        self.stmts(&f.body);
        self.cur = saved;
    }

    fn stmt(&mut self, s: &Stmt) {
        match &s.kind {
            S::Expr(e) => self.expr(e),
            S::Assign(ts, v) => {
                self.expr(v);
                ts.iter().for_each(|t| self.target(t));
            }
            S::AugAssign(t, _, v) => {
                self.expr(v);
                if let E::Name(n) = &t.kind {
                    self.scope().used.insert(n.clone());
                }
                self.target(t);
            }
            S::AnnAssign(t, a, v, simple) => {
                if let Some(v) = v {
                    self.expr(v);
                }
                // `x: int` alone makes x a local of a function, as CPython's DEF_ANNOT.
                if v.is_some() || *simple || !matches!(t.kind, E::Name(_)) {
                    self.target(t);
                }
                // Visited in every scope, as CPython (only module and class bodies evaluate
                // them).
                self.expr(a);
                self.scope().annotated = true;
            }
            S::If(c, a, b) | S::While(c, a, b) => {
                self.expr(c);
                self.stmts(a);
                self.stmts(b);
            }
            S::For(t, it, a, b, _) => {
                self.expr(it);
                self.target(t);
                self.stmts(a);
                self.stmts(b);
            }
            S::Break | S::Continue | S::Pass => {}
            S::Return(v) => {
                if let Some(v) = v {
                    self.expr(v)
                }
            }
            S::Raise(a, b) => {
                if let Some(a) = a {
                    self.expr(a)
                }
                if let Some(b) = b {
                    self.expr(b)
                }
            }
            S::Try(body, hs, orelse, fin) => {
                self.stmts(body);
                for h in hs {
                    if let Some(t) = &h.typ {
                        self.expr(t);
                    }
                    if let Some(n) = &h.name {
                        self.assign(n);
                    }
                    self.stmts(&h.body);
                }
                self.stmts(orelse);
                self.stmts(fin);
            }
            S::Match(subject, cases) => {
                self.expr(subject);
                for c in cases {
                    self.pattern(&c.pat);
                    if let Some(g) = &c.guard {
                        self.expr(g);
                    }
                    self.stmts(&c.body);
                }
            }
            S::With(items, body, _) => {
                for (e, t) in items {
                    self.expr(e);
                    if let Some(t) = t {
                        self.target(t);
                    }
                }
                self.stmts(body);
            }
            S::FunctionDef(f) => {
                self.func(f);
                self.assign(&f.name);
            }
            S::ClassDef(name, bases, body, decos, id) => {
                for d in decos {
                    self.expr(d);
                }
                for a in bases {
                    self.arg(a);
                }
                let saved = self.push_scope(*id, ScopeKind::Class);
                self.stmts(body);
                self.cur = saved;
                self.assign(name);
            }
            S::Global(ns) => {
                for n in ns {
                    self.check_declaration(n, "global", s.line);
                    self.scope().globals.insert(n.clone());
                }
            }
            S::Nonlocal(ns) => {
                for n in ns {
                    if self.scopes[&self.cur].kind == ScopeKind::Module && self.err.is_none() {
                        self.err = Some(ScopeError {
                            msg: "nonlocal declaration not allowed at module level".into(),
                            line: s.line,
                        });
                    }
                    self.check_declaration(n, "nonlocal", s.line);
                    self.scope().nonlocals.insert(n.clone());
                    self.nonlocal_lines
                        .entry((self.cur, n.clone()))
                        .or_insert(s.line);
                }
            }
            S::Del(ts) => ts.iter().for_each(|t| self.target(t)),
            S::Assert(a, b) => {
                self.expr(a);
                if let Some(b) = b {
                    self.expr(b);
                }
                self.scope().used.insert("AssertionError".into());
            }
            S::Import(names) => {
                for (n, a) in names {
                    match a {
                        Some(a) => self.assign(a),
                        None => {
                            let top = n.split('.').next().unwrap_or(n);
                            self.assign(top)
                        }
                    }
                }
            }
            S::ImportFrom(_, names, _) => {
                for (n, a) in names {
                    if n == "*"
                        && self.scopes[&self.cur].kind != ScopeKind::Module
                        && self.err.is_none()
                    {
                        self.err = Some(ScopeError {
                            msg: "import * only allowed at module level".into(),
                            line: s.line,
                        });
                    }
                    if n != "*" {
                        self.assign(a.as_ref().unwrap_or(n));
                    }
                }
            }
        }
    }

    fn arg(&mut self, a: &Arg) {
        match a {
            Arg::Pos(e) | Arg::Star(e) | Arg::Kw(_, e) | Arg::StarStar(e) => self.expr(e),
        }
    }

    fn expr(&mut self, e: &Expr) {
        match &e.kind {
            E::Name(n) => {
                self.scope().used.insert(n.clone());
            }
            E::Const(_) => {}
            E::JoinedStr(parts) => self.fparts(parts),
            E::BinOp(a, _, b) => {
                self.expr(a);
                self.expr(b);
            }
            E::UnaryOp(_, a) | E::Starred(a) | E::Await(a) | E::Attribute(a, _) => self.expr(a),
            E::BoolOp(_, v) | E::List(v) | E::Tuple(v) | E::Set(v) => {
                v.iter().for_each(|x| self.expr(x))
            }
            E::Compare(a, rest) => {
                self.expr(a);
                rest.iter().for_each(|(_, x)| self.expr(x));
            }
            E::Call(f, args) => {
                self.expr(f);
                args.iter().for_each(|a| self.arg(a));
                if let E::Name(n) = &f.kind
                    && n == "super"
                    && args.is_empty()
                {
                    // Zero-arg super() reads the first parameter at run time.
                }
            }
            E::Subscript(a, b) => {
                self.expr(a);
                self.expr(b);
            }
            E::Slice(a, b, c) => {
                for x in [a, b, c].into_iter().flatten() {
                    self.expr(x);
                }
            }
            E::Dict(items) => {
                for (k, v) in items {
                    if let Some(k) = k {
                        self.expr(k);
                    }
                    self.expr(v);
                }
            }
            E::IfExp(a, b, c) => {
                self.expr(a);
                self.expr(b);
                self.expr(c);
            }
            E::Lambda(f) => self.func(f),
            E::Comp(kind, elt, val, comps, id) => {
                self.expr(&comps[0].iter);
                let saved = self.push_scope(*id, ScopeKind::Comprehension);
                self.scope().params = vec![".0".into()];
                if *kind == CompKind::Gen {
                    self.scope().is_generator = true;
                }
                for (i, c) in comps.iter().enumerate() {
                    if i > 0 {
                        self.expr(&c.iter);
                    }
                    self.target(&c.target);
                    c.ifs.iter().for_each(|x| self.expr(x));
                }
                self.expr(elt);
                if let Some(v) = val {
                    self.expr(v);
                }
                self.cur = saved;
            }
            E::Yield(v) => {
                self.scope().is_generator = true;
                if let Some(v) = v {
                    self.expr(v);
                }
            }
            E::YieldFrom(v) => {
                self.scope().is_generator = true;
                self.expr(v);
            }
            E::NamedExpr(n, v) => {
                self.expr(v);
                // In a comprehension, the walrus binds in the enclosing function/module.
                let mut id = self.cur;
                while self.scopes[&id].kind == ScopeKind::Comprehension {
                    let parent = self.scopes[&id].parent.unwrap_or(id);
                    if parent == id {
                        break;
                    }
                    id = parent;
                }
                if id != self.cur {
                    let owner_kind = self.scopes[&id].kind;
                    self.scopes
                        .get_mut(&id)
                        .map(|s| s.assigned.insert(n.clone()));
                    let mut c = self.cur;
                    while c != id {
                        let s = self.scopes.get_mut(&c);
                        if let Some(s) = s {
                            if owner_kind == ScopeKind::Module {
                                s.globals.insert(n.clone());
                            } else {
                                s.nonlocals.insert(n.clone());
                            }
                            c = s.parent.unwrap_or(id);
                        } else {
                            break;
                        }
                    }
                } else {
                    self.assign(n);
                }
            }
        }
    }

    fn fparts(&mut self, parts: &[FPart]) {
        for p in parts {
            if let FPart::Expr(e, _, spec) = p {
                self.expr(e);
                if let Some(s) = spec {
                    self.fparts(s);
                }
            }
        }
    }
}
