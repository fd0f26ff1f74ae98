//! Builtins that loop over a Python-driven iterator continue as bytecode.
//!
//! `sum(g)`, `list(g)`, `min(g)`, `x in g`, `a, b = g`, ... over a generator (or a class with
//! `__iter__`, or `map` of a Python function) would otherwise drive the iterator from a Rust
//! loop: each item a nested dispatch loop, which ignores the instruction budget, so
//! `Interpreter::run` could not return until the whole loop was done and an embedder (the
//! agent's network loop) starved. Instead such a native *hands off*: it checks its arguments
//! as before, then asks the VM to finish the call by running a small Python function (a
//! *helper*, source below) with the same meaning. When the native was called from bytecode
//! (`Vm::invoke`, `call_class`) or the instruction itself needs the loop (unpacking, `in`,
//! `*` displays), the helper's frame is pushed in the calling dispatch loop and the loop goes
//! on: the budget, interrupts, the GC and generator resumption work in it as in any Python
//! code, and its locals keep the partial result. Called from Rust (`Vm::call`), the helper
//! runs nested, as the native loop did.
//!
//! Helpers are compiled on first use (a few hundred bytes of heap each) with the builtins
//! dict as their globals, and their frames are left out of tracebacks (`HELPER_FILE`), so an
//! error looks as if the builtin raised it, as in CPython.

use crate::compiler::{Mode, compile};
use crate::object::{Function, IterState, Obj};
use crate::value::{ObjRef, Value};
use crate::vm::{Exc, Ret, Vm};
use alloc::boxed::Box;
use alloc::vec::Vec;

/// File name of the helpers' code: frames of it are not shown in tracebacks.
pub const HELPER_FILE: &str = "<builtin>";

/// A builtin's loop written in Python (index into `SOURCES`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Helper {
    /// `sum(it, start)`: `(it, start)`.
    Sum,
    /// `min`/`max` of one iterable: `(it, key, has_default, default, is_max)`.
    MinMax,
    /// `any(it)`.
    Any,
    /// `all(it)`.
    All,
    /// `list(it)`, and the items of `it` for unpacking with a star, `[*it]`, `{*it}`, `f(*it)`.
    List,
    /// `tuple(it)`.
    Tuple,
    /// `set(it)`.
    Set,
    /// `frozenset(it)`.
    FrozenSet,
    /// `dict(it, **kw)`: `(it, kw)`.
    Dict,
    /// `sorted(it, **kw)`: `(it, kw)`.
    Sorted,
    /// `sep.join(it)`: `(sep, it)`.
    Join,
    /// `lst.extend(it)`: `(lst, it)`.
    Extend,
    /// `x in it` / `x not in it`: `(it, x, found)`: `found` if an item equals `x`, else `not found`.
    Contains,
    /// `a, b = it`: the first `n + 1` items at most (`(it, n)`), unpacked again by the caller.
    Unpack,
    /// `bytes(it)` / `bytearray(it)`: `(it, type)`.
    Bytes,
    /// `anext(it[, default])`: `(it, has_default, default)`, a coroutine.
    Anext,
    /// The rest of a native loop that ran `CHUNK` items and is not done: `(step, state)`, the
    /// native `step(state)` runs the next chunk (see `Vm::run_chunked`).
    Resume,
}

/// Every helper, in `Helper` order: `(Helper, source)`. Each source is one `def`.
const SOURCES: &[(Helper, &str)] = &[
    (
        Helper::Sum,
        "def sum(it, acc):\n for x in it:\n  acc = acc + x\n return acc\n",
    ),
    (
        Helper::MinMax,
        // A loop per case: an item of max(genexpr) runs ~9 instructions of bytecode, not ~14
        // testing key and is_max each time. One `for` per call: iter() of a Python iterator
        // class is visible.
        "def minmax(it, key, has_default, default, is_max):
 empty = True
 if key is None:
  if is_max:
   for x in it:
    if empty:
     best = x
     empty = False
    elif x > best:
     best = x
  else:
   for x in it:
    if empty:
     best = x
     empty = False
    elif x < best:
     best = x
 else:
  for x in it:
   k = key(x)
   if empty:
    best = x
    best_key = k
    empty = False
   elif (k > best_key) if is_max else (k < best_key):
    best = x
    best_key = k
 if empty:
  if has_default:
   return default
  raise ValueError('max() arg is an empty sequence' if is_max else 'min() arg is an empty sequence')
 return best
",
    ),
    (
        Helper::Any,
        "def any(it):\n for x in it:\n  if x:\n   return True\n return False\n",
    ),
    (
        Helper::All,
        "def all(it):\n for x in it:\n  if not x:\n   return False\n return True\n",
    ),
    (Helper::List, "def list(it):\n return [x for x in it]\n"),
    (
        Helper::Tuple,
        "def tuple_(it):\n return tuple([x for x in it])\n",
    ),
    (Helper::Set, "def set(it):\n return {x for x in it}\n"),
    (
        Helper::FrozenSet,
        "def frozenset_(it):\n return frozenset({x for x in it})\n",
    ),
    (
        Helper::Dict,
        // One item at a time (a list of every item first could need many times the heap of
        // the dict); `update` checks each item, and its message gets the item's index.
        "def dict_(it, kw):
 d = {}
 i = 0
 for x in it:
  try:
   d.update((x,))
  except (TypeError, ValueError) as e:
   m = str(e)
   if 'update sequence element #0' not in m:
    raise
   raise type(e)(m.replace('#0', '#' + str(i), 1)) from None
  i += 1
 d.update(kw)
 return d
",
    ),
    (
        Helper::Sorted,
        "def sorted(it, kw):\n l = [x for x in it]\n l.sort(**kw)\n return l\n",
    ),
    (
        Helper::Join,
        "def join(sep, it):\n return sep.join([x for x in it])\n",
    ),
    (
        Helper::Extend,
        "def extend(l, it):\n for x in it:\n  l.append(x)\n",
    ),
    (
        Helper::Contains,
        "def contains(it, v, found):\n for x in it:\n  if x is v or x == v:\n   return found\n return not found\n",
    ),
    (
        Helper::Unpack,
        "def unpack(it, n):\n l = []\n for x in it:\n  l.append(x)\n  if len(l) > n:\n   break\n return l\n",
    ),
    (
        Helper::Bytes,
        "def bytes_(it, t):\n return t([x for x in it])\n",
    ),
    (
        Helper::Anext,
        "async def anext(it, has_default, default):
 try:
  return await it.__anext__()
 except StopAsyncIteration:
  if has_default:
   return default
  raise
",
    ),
    (
        Helper::Resume,
        "def resume(step, st):\n while step(st):\n  pass\n return st[0]\n",
    ),
];

/// Items a native loop over an iterator that runs no Python (a range, `map(abs, ...)`,
/// `iter(int, 1)`) takes before it gives the dispatch loop a turn. Such a loop may be
/// unbounded (`sum(range(10**12))`, `any(iter(int, 1))`), and a native loop ignores the
/// budget and interrupts: after a chunk the native hands off to `Helper::Resume`, whose
/// loop calls `step` once per chunk (about 5 instructions per `CHUNK` items), so `run`
/// yields and an interrupt lands between chunks.
pub const CHUNK: usize = 4096;

/// What a chunked native loop computes (`Vm::run_chunked`). Its state is five values:
/// `[result, kind, iterator, a, b]`, on the VM stack while a chunk runs and in a list (the
/// helper's local) between chunks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// `sum`: result = the running total.
    Sum,
    /// `min` (`a` = the best item's key, `b` = the key function or None): result = best item,
    /// `Null` while none was seen.
    Min,
    /// `max`, as `Min`.
    Max,
    /// `any`: result False until a true item.
    Any,
    /// `all`: result True until a false item.
    All,
    /// `a in it` (`a` = the item looked for): result False until found.
    In,
    /// `a not in it`: result True until found.
    NotIn,
}

const STEPS: [Step; 7] = [
    Step::Sum,
    Step::Min,
    Step::Max,
    Step::Any,
    Step::All,
    Step::In,
    Step::NotIn,
];

/// How a chunked native loop ended its first chunk.
pub enum Chunked {
    /// Finished: the result (`Null` for `min`/`max` of nothing).
    Done(Value),
    /// Not finished: the `Helper::Resume` arguments that run the rest.
    More([Value; 2]),
}

/// `step(state)`: runs the next chunk of a handed-off native loop; True while not done.
fn step_native(vm: &mut Vm, args: &[Value], _: &[(Value, Value)]) -> Result<Value, Exc> {
    let st = match args.first() {
        Some(Value::Obj(r)) => *r,
        _ => return Err(vm.type_error("bad step state")),
    };
    let state: [Value; 5] = match vm.heap.get(st) {
        Obj::List(l) if l.len() == 5 => [l[0], l[1], l[2], l[3], l[4]],
        _ => return Err(vm.type_error("bad step state")),
    };
    let mark = vm.stack.len();
    vm.stack.extend_from_slice(&state);
    let r = vm.chunk(mark, CHUNK);
    let state: Vec<Value> = vm.stack.drain(mark..).collect();
    let done = r?;
    if let Obj::List(l) = vm.heap.get_mut(st) {
        l.copy_from_slice(&state);
    }
    Ok(Value::Bool(!done))
}

/// How deep `runs_python` looks into nested iterator wrappers before assuming Python.
const MAX_WRAPPERS: usize = 32;

impl Vm {
    /// Whether iterating `v` may run Python code (a generator, an instance whose class defines
    /// `__iter__` or `__getitem__` in Python, `map`/`filter`/`enumerate`/`zip`/`iter(f, s)`
    /// over such things or of a Python callable). Builtins consuming such an iterable hand
    /// off to a helper; everything else stays in their native loops.
    pub fn runs_python(&self, v: Value) -> bool {
        // Decided without allocating for everything but the iterator wrappers (this runs on
        // every call of `list()`, `sum()`, `str.join`, ...).
        let Value::Obj(r) = v else { return false };
        match self.heap.get(r) {
            Obj::Generator(_) | Obj::Instance(_) => {}
            Obj::Iter(
                IterState::Enumerate(..)
                | IterState::Zip(_)
                | IterState::Map(..)
                | IterState::Filter(..)
                | IterState::CallIter(..),
            ) => {}
            _ => return false,
        }
        let mut work: Vec<(Value, bool)> = Vec::new();
        work.push((v, false));
        let mut seen = 0;
        while let Some((v, callable)) = work.pop() {
            seen += 1;
            if seen > MAX_WRAPPERS {
                return true;
            }
            let Value::Obj(r) = v else { continue };
            if callable {
                if self.calls_python(r) {
                    return true;
                }
                continue;
            }
            match self.heap.get(r) {
                Obj::Generator(_) => return true,
                Obj::Instance(_) => {
                    let it = self.n.iter;
                    let gi = self.n.getitem;
                    let hook = match self.lookup_special(v, it) {
                        Some(f) => Some(f),
                        None => self.lookup_special(v, gi),
                    };
                    if hook.is_some_and(|f| !self.is_native_callable(f)) {
                        return true;
                    }
                }
                Obj::Iter(st) => match st {
                    IterState::Enumerate(i, _) => work.push((*i, false)),
                    IterState::Zip(its) => work.extend(its.iter().map(|i| (*i, false))),
                    IterState::Map(f, its) => {
                        work.push((*f, true));
                        work.extend(its.iter().map(|i| (*i, false)));
                    }
                    IterState::Filter(f, i) => {
                        work.push((*f, true));
                        work.push((*i, false));
                    }
                    IterState::CallIter(f, _) => work.push((*f, true)),
                    _ => {}
                },
                _ => {}
            }
        }
        false
    }

    /// Whether calling `r` may run Python code (anything but a native function, a bound
    /// native method or a builtin class).
    fn calls_python(&self, r: ObjRef) -> bool {
        match self.heap.get(r) {
            Obj::Native(_) => false,
            Obj::BoundMethod(_, m) => !self.is_native_callable(*m),
            Obj::Class(_) => !self.is_builtin_class(r),
            _ => true,
        }
    }

    pub(crate) fn is_native_callable(&self, f: Value) -> bool {
        match f {
            Value::Obj(r) => !self.calls_python(r),
            _ => true,
        }
    }

    /// Finishes the running native by `helper(*args)`: records the request and returns the
    /// `Null` marker, which the native must return as its result. Whoever called the native
    /// then runs the helper (`Vm::take_handoff` in the loop, `Vm::finish_handoff` from Rust).
    pub fn hand_off(&mut self, helper: Helper, args: &[Value]) -> Result<Value, Exc> {
        self.handoff = Some((helper, args.to_vec()));
        Ok(Value::Null)
    }

    /// A native's result as Rust callers see it: a hand-off runs its helper nested.
    pub fn finish_handoff(&mut self, r: Result<Value, Exc>) -> Result<Value, Exc> {
        match r {
            Ok(Value::Null) => match self.handoff.take() {
                Some((h, args)) => {
                    // `call` puts the arguments on the VM stack before anything can collect.
                    let f = self.helper_fn(h)?;
                    self.call(f, &args)
                }
                None => Ok(Value::Null),
            },
            r => r,
        }
    }

    /// A native's result as the dispatch loop sees it (`invoke`'s contract: `Some(value)`,
    /// or `None` when a frame was pushed whose result arrives per `ret` at `ret_sp`): a
    /// hand-off pushes its helper's frame.
    pub fn take_handoff(
        &mut self,
        r: Result<Value, Exc>,
        ret_sp: usize,
        ret: Ret,
    ) -> Result<Option<Value>, Exc> {
        match r {
            Ok(Value::Null) => match self.handoff.take() {
                Some((h, args)) => {
                    self.stack.truncate(ret_sp);
                    self.push_helper(h, &args, ret_sp, ret)
                }
                None => Ok(Some(Value::Null)),
            },
            r => r.map(Some),
        }
    }

    /// Calls `helper(*args)` from the loop with its result delivered per `ret` at `ret_sp`
    /// (the stack's length: nothing above it). `invoke`'s contract.
    pub fn push_helper(
        &mut self,
        h: Helper,
        args: &[Value],
        ret_sp: usize,
        ret: Ret,
    ) -> Result<Option<Value>, Exc> {
        // The arguments go on the stack first: compiling the helper allocates.
        let pos = self.stack.len();
        debug_assert_eq!(pos, ret_sp);
        self.stack.push(Value::None);
        self.stack.extend_from_slice(args);
        let f = match self.helper_fn(h) {
            Ok(f) => f,
            Err(e) => {
                self.stack.truncate(pos);
                return Err(e);
            }
        };
        self.stack[pos] = f;
        self.invoke(pos, args.len(), None, ret_sp, ret)
    }

    /// The function object of helper `h`, compiled on first use.
    fn helper_fn(&mut self, h: Helper) -> Result<Value, Exc> {
        let i = h as usize;
        if let Some(&f) = self.helpers.get(i)
            && !f.is_null()
        {
            return Ok(f);
        }
        let src = SOURCES.get(i).map(|(_, s)| *s).unwrap_or("");
        debug_assert!(SOURCES.get(i).is_some_and(|(x, _)| *x == h));
        let module = {
            let mut sink = crate::native::VmSink { vm: self };
            compile(src, HELPER_FILE, Mode::Exec, &mut sink)
        };
        let module = match module {
            Ok(c) => c,
            Err(crate::compiler::CompileError::Memory) => return Err(self.memory_error()),
            Err(_) => return Err(self.exc_msg(crate::exceptions::kind::RUNTIME, "bad helper")),
        };
        // The module's only code constant is the function's.
        let code_v = module
            .consts
            .iter()
            .copied()
            .find(|c| matches!(c, Value::Obj(r) if matches!(self.heap.get(*r), Obj::Code(_))));
        let (code_v, code) = match code_v {
            Some(Value::Obj(r)) => match self.heap.get(r) {
                Obj::Code(c) => (r, c.clone()),
                _ => return Err(self.exc_msg(crate::exceptions::kind::RUNTIME, "bad helper")),
            },
            _ => return Err(self.exc_msg(crate::exceptions::kind::RUNTIME, "bad helper")),
        };
        let name = code.name;
        let f = Function::new(code, code_v, self.builtins, name, &[], &[], None, None)
            .ok_or_else(|| self.memory_error())?;
        let f = self.alloc(Obj::Function(Box::new(f)))?;
        if self.helpers.len() <= i {
            self.helpers.resize(SOURCES.len(), Value::Null);
        }
        self.helpers[i] = f;
        Ok(f)
    }

    /// Runs the native loop `kind` over iterator `it` (which must run no Python: see
    /// `runs_python`) from state `init`, `a`, `b` (see `Step`) for one chunk; what is left
    /// runs as `Helper::Resume(step, state)`, whose arguments `Chunked::More` gives.
    pub fn run_chunked(
        &mut self,
        kind: Step,
        it: Value,
        init: Value,
        a: Value,
        b: Value,
    ) -> Result<Chunked, Exc> {
        let mark = self.stack.len();
        self.stack
            .extend_from_slice(&[init, Value::Int(kind as i64), it, a, b]);
        let r = self.chunk(mark, CHUNK);
        let state: Vec<Value> = self.stack.drain(mark..).collect();
        if r? {
            return Ok(Chunked::Done(state[0]));
        }
        // Rooted in the arguments of the helper's frame from here on (nothing collects
        // before that frame exists: allocation never does).
        let step = self.step_fn()?;
        let st = self.alloc(Obj::List(state))?;
        Ok(Chunked::More([step, st]))
    }

    /// The native `step` function object (cached after the helpers' functions).
    fn step_fn(&mut self) -> Result<Value, Exc> {
        let i = SOURCES.len();
        if let Some(&f) = self.helpers.get(i)
            && !f.is_null()
        {
            return Ok(f);
        }
        let f = crate::builtins::native(self, "step", step_native)?;
        if self.helpers.len() <= i {
            self.helpers.resize(i + 1, Value::Null);
        }
        self.helpers[i] = f;
        Ok(f)
    }

    /// At most `limit` items of the chunked loop whose state is `stack[s..s + 5]`: true when
    /// it is done (its result in `stack[s]`).
    fn chunk(&mut self, s: usize, limit: usize) -> Result<bool, Exc> {
        let kind = match self.stack[s + 1] {
            Value::Int(k) => STEPS.get(k as usize).copied().unwrap_or(Step::Sum),
            _ => Step::Sum,
        };
        let it = self.stack[s + 2];
        for _ in 0..limit {
            let Some(x) = self.iter_next(it)? else {
                return Ok(true);
            };
            match kind {
                Step::Sum => {
                    let acc = self.stack[s];
                    self.stack[s] = match (acc, x) {
                        (Value::Int(a), Value::Int(b)) if a.checked_add(b).is_some() => {
                            Value::Int(a + b)
                        }
                        (Value::Float(a), Value::Float(b)) => Value::Float(a + b),
                        _ => self.binary_op(crate::ast::BinOp::Add, acc, x, false)?,
                    };
                }
                Step::Min | Step::Max => {
                    let k = match self.stack[s + 4] {
                        Value::None => x,
                        kf => self.call(kf, &[x])?,
                    };
                    let better = self.stack[s].is_null() || {
                        let bk = self.stack[s + 3];
                        if kind == Step::Max {
                            let r = self.compare_op(crate::ast::CmpOp::Gt, k, bk)?;
                            self.truthy(r)?
                        } else {
                            self.less_than(k, bk)?
                        }
                    };
                    if better {
                        self.stack[s] = x;
                        self.stack[s + 3] = k;
                    }
                }
                Step::Any | Step::All => {
                    if self.truthy(x)? == (kind == Step::Any) {
                        self.stack[s] = Value::Bool(kind == Step::Any);
                        return Ok(true);
                    }
                }
                Step::In | Step::NotIn => {
                    let v = self.stack[s + 3];
                    if x == v || self.eq(x, v)? {
                        self.stack[s] = Value::Bool(kind == Step::In);
                        return Ok(true);
                    }
                }
            }
        }
        Ok(false)
    }

    /// Whether code compiled from file `filename` is a helper's (left out of tracebacks).
    pub fn is_helper_code(&self, filename: Value) -> bool {
        self.str_of(filename) == Some(HELPER_FILE)
    }
}
