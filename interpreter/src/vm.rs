//! The virtual machine: frames on a VM-managed stack, the dispatch loop, calls, exceptions,
//! generators and the safepoint garbage collection.
//!
//! Python→Python calls push a `Frame` and continue in the same loop (no Rust recursion).
//! Native code that must call back into Python (`sorted(key=f)`, `__eq__` from a dict lookup,
//! `__repr__` from `print`) uses `Vm::call`, which runs a nested dispatch loop until that call
//! returns; nesting is capped (`MAX_NATIVE_DEPTH`) and raises RecursionError beyond it. While
//! any nested loop runs, the GC does not collect (native Rust frames may hold handles).

use crate::ast::{BinOp, CmpOp, UnOp};
use crate::bytecode::{Code, Op, flags};
use crate::dict::Dict;
use crate::exceptions::kind;
use crate::gc::Heap;
use crate::iterhelp::{Chunked, Helper, Step};
use crate::object::*;
use crate::value::{ObjRef, Value};
use crate::{Host, RunOutcome};
use alloc::boxed::Box;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::sync::atomic::Ordering;

/// How deep native→Python callbacks may nest on the Rust stack. Each level holds a dispatch
/// loop's frame: a few KB in an optimised build, but 45-60 KB unoptimised (every arm's locals
/// get their own slot), so debug builds stop at 24 to stay inside a 2 MiB thread stack (48
/// levels overflowed it, 27 Nov).
pub const MAX_NATIVE_DEPTH: usize = if cfg!(debug_assertions) { 24 } else { 48 };

/// A raised Python exception (an exception instance).
#[derive(Debug, Clone, Copy)]
pub struct Exc(pub Value);

/// What a builtin class's instances are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum TypeTag {
    Object,
    Type,
    NoneType,
    Bool,
    Int,
    Float,
    Complex,
    Str,
    Bytes,
    ByteArray,
    List,
    Tuple,
    Dict,
    Set,
    FrozenSet,
    Function,
    BuiltinFunction,
    Method,
    Module,
    Generator,
    Coroutine,
    Range,
    Slice,
    Iterator,
    Property,
    ClassMethod,
    StaticMethod,
    Super,
    MemoryView,
    Cell,
    Code,
    Exception,
    DictView,
    Ellipsis,
    NotImplemented,
}

/// Handler block kinds.
#[derive(Debug, Clone, Copy)]
pub enum BlockKind {
    /// `try`: jump to `handler` with the exception pushed.
    Except,
    /// Inside an except handler: restores the exception stack depth when unwound.
    Handler(u32),
}

/// A handler block.
#[derive(Debug, Clone, Copy)]
pub struct Block {
    /// Handler address.
    pub handler: u32,
    /// Stack depth relative to the frame base.
    pub sp: u32,
    /// Kind.
    pub kind: BlockKind,
}

/// What happens to a frame's result.
#[derive(Debug, Clone, Copy)]
pub enum Ret {
    /// Push it on the caller's stack.
    Push,
    /// `__init__` of this instance: push the instance.
    Init(Value),
    /// Class body: build the class from the namespace; its name, bases and keywords are the
    /// three values at `ret_sp` (below the frame, rooted there). Kept out of `Ret` so that
    /// frames stay small: every call and generator resumption moves one.
    Class,
    /// Module import: push the module.
    Import(Value),
    /// Return to the Rust caller of a nested run.
    Nested,
    /// The task's first frame.
    Top,
    /// Generator resumed by next()/send(): yield pushes; return raises StopIteration.
    GenNext,
    /// Generator resumed by a for loop: return jumps the caller to this target.
    GenFor(u32),
    /// Generator resumed by `yield from`/`await` in the caller.
    GenYieldFrom,
    /// Generator resumed from Rust (nested).
    GenNested,
    /// A binary operator's special method (`l.__add__(r)`) called from the loop: its result
    /// is pushed, NotImplemented becomes the operator's TypeError naming the operands'
    /// classes (used only where CPython would try no reflected method next).
    Dunder(BinOp, ObjRef, ObjRef),
}

/// An activation record. Locals live in `Vm::stack[base..base+nlocals]`, operands above.
#[derive(Debug)]
pub struct Frame {
    /// Code being run.
    pub code: Rc<Code>,
    /// Next instruction.
    pub ip: usize,
    /// First local's index in the value stack.
    pub base: usize,
    /// Stack length to restore when the frame ends.
    pub ret_sp: usize,
    /// Globals dict.
    pub globals: ObjRef,
    /// Namespace dict for class bodies.
    pub ns: Option<ObjRef>,
    /// Handler blocks.
    pub blocks: Vec<Block>,
    /// What to do with the result.
    pub ret: Ret,
    /// The generator this frame belongs to.
    pub gn: Option<ObjRef>,
}

impl Frame {
    /// Pushes the heap objects this frame references (for the GC).
    pub fn trace(&self, work: &mut Vec<u32>) {
        trace_code(&self.code, work);
        let mut push = |v: &Value| {
            if let Value::Obj(r) = v {
                work.push(r.0);
            }
        };
        push(&Value::Obj(self.globals));
        if let Some(n) = self.ns {
            push(&Value::Obj(n));
        }
        if let Some(g) = self.gn {
            push(&Value::Obj(g));
        }
        match &self.ret {
            Ret::Init(v) | Ret::Import(v) => push(v),
            Ret::Dunder(_, l, r) => {
                push(&Value::Obj(*l));
                push(&Value::Obj(*r));
            }
            _ => {}
        }
    }
}

/// Pushes the heap objects a code object references (for the GC).
pub fn trace_code(code: &Code, work: &mut Vec<u32>) {
    work.extend(code.names.iter().map(|r| r.0));
    work.extend(code.varnames.iter().map(|r| r.0));
    let mut push = |v: &Value| {
        if let Value::Obj(r) = v {
            work.push(r.0);
        }
    };
    code.consts.iter().for_each(&mut push);
    push(&Value::Obj(code.name));
    push(&Value::Obj(code.filename));
    if let crate::bytecode::Qual::Str(r) | crate::bytecode::Qual::Child(r, _) = code.qualname {
        push(&Value::Obj(r));
    }
    push(&code.doc());
}

/// A runnable task's state (the main script or a REPL chunk).
#[derive(Default)]
pub struct Task {
    /// Value stack.
    pub stack: Vec<Value>,
    /// Frames.
    pub frames: Vec<Frame>,
    /// Active exceptions (for bare `raise`).
    pub exc_stack: Vec<Value>,
    /// Sleeping until this `now_ms`.
    pub sleep_until: Option<u64>,
}

/// Interned names the VM looks up often.
#[allow(missing_docs)]
pub struct Names {
    pub init: Value,
    pub new: Value,
    pub call: Value,
    pub getattr: Value,
    pub getattribute: Value,
    pub setattr: Value,
    pub delattr: Value,
    pub repr: Value,
    pub str_: Value,
    pub eq: Value,
    pub ne: Value,
    pub lt: Value,
    pub le: Value,
    pub gt: Value,
    pub ge: Value,
    pub hash: Value,
    pub len: Value,
    pub bool_: Value,
    pub iter: Value,
    pub next: Value,
    pub getitem: Value,
    pub setitem: Value,
    pub delitem: Value,
    pub contains: Value,
    pub enter: Value,
    pub exit: Value,
    pub name: Value,
    pub get: Value,
    pub set: Value,
    pub await_: Value,
    pub index: Value,
    pub neg: Value,
    pub pos: Value,
    pub invert: Value,
    pub abs: Value,
    pub float: Value,
    pub int: Value,
    pub format: Value,
    pub doc: Value,
    pub module: Value,
    pub main: Value,
    pub set_name: Value,
    pub init_subclass: Value,
    pub class_getitem: Value,
    pub missing: Value,
    pub reversed: Value,
    pub dict: Value,
    /// `sys` and `stdout`, for print() to see a replaced `sys.stdout` without hashing them.
    pub sys: Value,
    pub stdout: Value,
}

impl Names {
    /// The field of a special name the VM only ever looks up (never stores under): it stays
    /// `Null` until a program names it and `Vm::intern` makes it (no class, dict or module can
    /// hold a name nobody interned), which keeps 17 strs out of a fresh heap. Ordering and `!=`
    /// are among them: the VM compares builtin values natively.
    pub fn lazy_slot(&mut self, s: &str) -> Option<&mut Value> {
        Some(match s {
            "__call__" => &mut self.call,
            "__getattr__" => &mut self.getattr,
            "__enter__" => &mut self.enter,
            "__exit__" => &mut self.exit,
            "__set__" => &mut self.set,
            "__await__" => &mut self.await_,
            "__pos__" => &mut self.pos,
            "__invert__" => &mut self.invert,
            "__set_name__" => &mut self.set_name,
            "__class_getitem__" => &mut self.class_getitem,
            "__missing__" => &mut self.missing,
            "__reversed__" => &mut self.reversed,
            "sys" => &mut self.sys,
            "stdout" => &mut self.stdout,
            "__ne__" => &mut self.ne,
            "__lt__" => &mut self.lt,
            "__le__" => &mut self.le,
            "__gt__" => &mut self.gt,
            "__ge__" => &mut self.ge,
            _ => return None,
        })
    }
}

/// Declares `Types` and `Types::each`, from one list of fields: the collector takes its roots
/// from `each`, so a class added here cannot be left out of them (`complex` once was, and a
/// collection freed it).
macro_rules! builtin_types {
    ($($field:ident),* $(,)?) => {
        /// Every builtin class.
        #[allow(missing_docs)]
        pub struct Types {
            $(pub $field: ObjRef,)*
        }

        impl Types {
            /// Every field set to `z` (before the classes are made).
            pub(crate) fn filled(z: ObjRef) -> Types {
                Types { $($field: z,)* }
            }

            /// Every builtin class, in field order.
            pub(crate) fn each(&self) -> [ObjRef; [$(stringify!($field)),*].len()] {
                [$(self.$field,)*]
            }
        }
    };
}

builtin_types! {
    object,
    type_,
    none,
    bool_,
    int,
    float,
    complex,
    str_,
    bytes,
    bytearray,
    list,
    tuple,
    dict,
    set,
    frozenset,
    function,
    builtin_function,
    method,
    module,
    generator,
    coroutine,
    async_generator,
    range,
    slice,
    iterator,
    property,
    classmethod,
    staticmethod,
    super_,
    memoryview,
    cell,
    code,
    dict_view,
    dict_values,
    dict_items,
    enumerate,
    zip,
    map,
    filter,
    reversed,
    ellipsis,
    not_implemented,
}

/// A registered embedder module (created on first import).
pub struct NativeModuleDef {
    /// Module name.
    pub name: String,
    /// Functions.
    pub functions: Vec<(String, crate::native::NativeFn)>,
    /// Constants.
    pub constants: Vec<(String, crate::native::NativeValue)>,
    /// The board accessor of the `machine` module (`None` for every other module).
    pub hal: Option<crate::machine::HalOf>,
}

/// What `compile()` makes of its source (`Vm::compile_mode`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CodeMode {
    /// A module body (`'exec'`).
    Exec,
    /// One expression, whose value the code returns (`'eval'`).
    Eval,
    /// One interactive statement: expression values are printed (`'single'`).
    Single,
}

/// The interpreter state.
pub struct Vm {
    /// The object arena.
    pub heap: Heap,
    /// Value stack of the running task.
    pub stack: Vec<Value>,
    /// Frames of the running task.
    pub frames: Vec<Frame>,
    /// Exceptions being handled (for bare `raise` and `__context__`).
    pub exc_stack: Vec<Value>,
    /// The embedder.
    pub host: Box<dyn Host>,
    /// Interned strings (key = str object).
    pub interned: Dict,
    /// `builtins` namespace.
    pub builtins: ObjRef,
    /// `sys.modules`.
    pub modules: ObjRef,
    /// Builtin classes.
    pub t: Types,
    /// Builtin exception classes, indexed like `EXC_TABLE`.
    pub exc_classes: Vec<ObjRef>,
    /// Interned names.
    pub n: Names,
    /// `__main__` globals.
    pub main_globals: ObjRef,
    /// Max Python frames.
    pub max_depth: usize,
    /// The embedder's depth limit (sys.setrecursionlimit cannot exceed it).
    pub config_max_depth: usize,
    /// Most decimal digits an int may have in a conversion to or from str
    /// (`sys.set_int_max_str_digits`; 0: no limit). CPython's default 4300 bounds the quadratic
    /// conversion, which a script could otherwise use to stall the VM for seconds.
    pub int_max_str_digits: usize,
    /// Current nesting of native→Python callbacks / recursive natives.
    pub native_depth: usize,
    /// Set by another thread to raise KeyboardInterrupt.
    pub interrupt: crate::InterruptFlag,
    /// Pending scheduled callbacks and IRQ handlers (`micropython.schedule`, timers; `sched.rs`).
    pub sched: crate::sched::Schedule,
    /// Set by `time.sleep`: the deadline in `now_ms`.
    pub pending_sleep: Option<u64>,
    /// Preallocated MemoryError instance.
    pub memory_error_inst: Value,
    /// Source texts by file name (for tracebacks).
    pub sources: Vec<(String, Rc<str>)>,
    /// Embedder modules.
    pub native_modules: Vec<NativeModuleDef>,
    /// `sys.path` list.
    pub sys_path: Value,
    /// `sys.argv` list.
    pub sys_argv: Value,
    /// Parked tasks: index 0 = main, 1 = REPL.
    pub tasks: [Task; 2],
    /// Which task is loaded into stack/frames.
    pub current_task: usize,
    /// Extra GC roots (values natives hand to the embedder are not kept; see docs).
    pub roots: Vec<Value>,
    /// `gc.disable()` state.
    pub gc_enabled: bool,
    /// The `NotImplemented` singleton.
    pub not_implemented: Value,
    /// The `Ellipsis` singleton.
    pub ellipsis: Value,
    /// Objects whose repr is being built (cycle detection).
    pub repr_stack: Vec<ObjRef>,
    /// Return value of the last exhausted generator (for `yield from` results).
    pub last_stop_value: Value,
    /// Direct-mapped cache of `class_lookup` results with what the attribute fast paths need
    /// to know about them (`LookupEntry`).
    /// A fixed-size array: the masked set index needs no bounds check.
    pub lookup_cache: Box<[core::cell::Cell<LookupEntry>; LOOKUP_CACHE]>,
    /// Bumped whenever a class namespace changes or the GC frees objects.
    pub class_epoch: core::cell::Cell<u64>,
    /// `instantiate_fast`'s findings, direct-mapped by class handle: (class, `class_epoch`,
    /// its `__init__` function) for a class whose `__new__` is `object`'s, so making an
    /// instance needs no attribute lookups (64 bytes).
    pub init_cache: [(u32, u64, u32); INIT_CACHE],
    /// `implicit_super`'s findings, direct-mapped by code address: (code address, start
    /// class, class of the first argument, `class_epoch`, the class found), so `super()` in
    /// an overriding method does not search the MRO's namespaces on every call (~100 bytes).
    pub super_cache: [(usize, u32, u32, u64, u32); SUPER_CACHE],
    /// Cache of global-name lookups: (globals dict, name, dict_version, value).
    pub global_cache: Box<[(u32, u32, u64, Value); GLOBAL_CACHE]>,
    /// The one-character ASCII strs, filled as `char_str` makes them (interned, so rooted).
    pub ascii_strs: Vec<Value>,
    /// Each binary operator's interned method name (`__add__`, ...), indexed by `BinOp`, filled
    /// on first use by `call_dunder_in_loop` (interned names are never freed).
    pub binop_dunders: [Option<ObjRef>; 13],
    /// The code every not-yet-called function of a frozen module points at (`FROZEN_LAZY`).
    pub frozen_stub: Option<Rc<Code>>,
    /// Bumped on every store into / removal from any dict object (and every GC), so cached
    /// global lookups are never stale.
    pub dict_version: u64,
    /// Scratch buffer for native call arguments (avoids an allocation per call).
    pub arg_buf: Vec<Value>,
    /// The special-method names the VM interns for itself whose builtin methods (other than
    /// `object`'s) are still only in the static tables: a program that names one (`DEFERRED`
    /// in the intern table) materialises it everywhere and drops it from here, and a class
    /// deriving from a builtin type gets that type's methods of these names when it is made
    /// (`Vm::materialize_for_subclass`).
    pub eager_deferred: Vec<Value>,
    /// How many of the `native_depth` nested loops were started by GC-safe natives (which keep
    /// every handle they hold reachable from the VM stack; see `Vm::gen_next_rooted`). The GC
    /// runs in a nested loop only when all of them are (`native_depth == gc_safe_depth`).
    pub gc_safe_depth: usize,
    /// The helper functions of `iterhelp` compiled so far (`Null` until first used).
    pub helpers: Vec<Value>,
    /// A native's request to be finished by a helper (`Vm::hand_off`), until its caller
    /// takes it.
    pub handoff: Option<(crate::iterhelp::Helper, Vec<Value>)>,
    /// The `mappingproxy` class (`cls.__dict__`), made on first use.
    pub mappingproxy_class: Option<ObjRef>,
    /// The classes of the builtin iterators by kind (`ITER_NAMES`), made when `type()` or
    /// `__class__` first asks for one; until then they are the generic `iterator`.
    pub iter_classes: [Option<ObjRef>; ITER_NAMES.len()],
    /// Set while FOR_ITER's slow path asks `iter_next` for an item: nothing but the VM stack
    /// holds handles then, so a `filter` may call its predicate GC-safely.
    pub next_from_loop: bool,
}

/// CPython's names of the builtin iterator types (`Vm::iter_kind` indexes this).
pub const ITER_NAMES: [&str; 15] = [
    "list_iterator",
    "tuple_iterator",
    "str_ascii_iterator",
    "str_iterator",
    "range_iterator",
    "dict_keyiterator",
    "dict_valueiterator",
    "dict_itemiterator",
    "set_iterator",
    "bytes_iterator",
    "bytearray_iterator",
    "list_reverseiterator",
    "callable_iterator",
    "async_generator_asend",
    "async_generator_athrow",
];

/// Entries in the global-name cache (a power of two).
pub const GLOBAL_CACHE: usize = 256;

/// The `global_cache` slot of `name` looked up in the module dict `globals`, and the name's
/// object number that the entry records (interned names are unique objects).
#[inline(always)]
fn global_cache_slot(globals: ObjRef, name: Value) -> (usize, u32) {
    let nr = name.as_obj().map(|r| r.0).unwrap_or(0);
    let slot = (globals.0.wrapping_mul(0x9e37_79b1) ^ nr.wrapping_mul(31)) as usize;
    (slot & (GLOBAL_CACHE - 1), nr)
}

/// Entries in the class attribute cache (a power of two; 40 bytes each on a host).
pub const LOOKUP_CACHE: usize = 256;
/// Entries per set of the class attribute cache (a power of two).
const LOOKUP_WAYS: usize = 4;
/// log2 of the number of sets of the class attribute cache.
const LOOKUP_SET_BITS: u32 = (LOOKUP_CACHE / LOOKUP_WAYS).trailing_zeros();

/// `LookupEntry::flags`: the class has no attribute hooks and its attribute of this name is
/// absent or no data descriptor, so an instance's own dict decides `obj.name` (and a store into
/// it is `obj.name = v` when the name is already there).
pub const ATTR_PLAIN: u32 = 1;
/// `LookupEntry::flags`: the class attribute is a plain function (Python or native), so
/// LOAD_METHOD can push it unbound when the instance dict does not shadow it.
pub const ATTR_METHOD: u32 = 2;
/// `LookupEntry::flags`: a new attribute of this name may be added to an instance's own dict
/// directly (`ATTR_PLAIN`, no `__slots__`, the class is not `object`).
pub const ATTR_STORE_NEW: u32 = 4;

/// Entries of `Vm::init_cache`.
pub const INIT_CACHE: usize = 4;
/// Entries of `Vm::super_cache`.
pub const SUPER_CACHE: usize = 4;

/// In an attribute-site cache entry's `hint` (`Code::attr_sites`): the class lets its instances
/// take new attributes (`ATTR_STORE_NEW` in this epoch), so a store of a name the instance
/// lacks may append it. The other bits are the entry index (a dict that large cannot exist).
#[cfg(feature = "std")]
const SITE_NEW: u32 = 1 << 31;

/// One entry of the class attribute cache: `class_lookup(cls, name)` as of `epoch`, what it
/// means for instances (`ATTR_*` flags), and where instances of `cls` last held `name` in
/// their own dict (instances built by the same `__init__` share the entry order, so the
/// position is checked and usually right: no hashing).
#[derive(Clone, Copy, Debug)]
pub struct LookupEntry {
    /// The class handle.
    pub cls: u32,
    /// The name's handle (an interned str).
    pub name: u32,
    /// `class_epoch` when filled.
    pub epoch: u64,
    /// The class attribute, or `Null` when absent.
    pub value: Value,
    /// `ATTR_*` bits.
    pub flags: u32,
    /// Entry index of `name` in the last instance dict it was found in (a guess).
    pub hint: u32,
}

impl LookupEntry {
    /// An entry that matches nothing.
    pub const EMPTY: LookupEntry = LookupEntry {
        cls: u32::MAX,
        name: u32::MAX,
        epoch: u64::MAX,
        value: Value::Null,
        flags: 0,
        hint: u32::MAX,
    };
}

/// Whether a call of `f` with `argc` positional arguments (and no keywords) needs nothing but
/// its defaults to bind: no `*args`/`**kwargs`/keyword-only parameters, no cells, no
/// generator, code already built (a frozen function's first call builds it in
/// `call_function`), and no more arguments than parameters.
#[inline(always)]
fn fast_call_fits(f: &crate::object::Function, argc: usize) -> bool {
    let code = &f.code;
    let nargs = code.argcount as usize;
    code.flags
        & (flags::VARARGS | flags::VARKW | flags::GENERATOR | flags::COROUTINE | flags::FROZEN_LAZY)
        == 0
        && code.kwonlycount == 0
        && code.cellvars().is_empty()
        && argc <= nargs
        && argc + f.ndefaults() >= nargs
}

/// Duplicates the top two stack values (`false`: fewer than two).
/// A function of its own, as `push_reversed`: locals in `execute_inner` itself enlarge its
/// frame in unoptimised builds, where native callbacks nest it deeply.
#[inline]
fn dup2(stack: &mut Vec<Value>) -> bool {
    let n = stack.len();
    if n < 2 {
        return false;
    }
    let (a, b) = (stack[n - 2], stack[n - 1]);
    stack.push(a);
    stack.push(b);
    true
}

/// Pushes `items` last first (UNPACK_SEQUENCE), one by one: `Vec::extend` was an out-of-line
/// call per unpack.
#[inline]
fn push_reversed(stack: &mut Vec<Value>, items: &[Value]) {
    stack.reserve(items.len());
    for &v in items.iter().rev() {
        stack.push(v);
    }
}

/// Why the dispatch loop stopped.
pub enum Exit {
    /// A nested call returned this value.
    Returned(Value),
    /// The task's top frame returned.
    Done,
    /// Budget used up.
    Budget,
    /// `time.sleep` until this deadline.
    Sleep(u64),
}

/// Identity of two heap handles (cheaper than `Value::eq`, which also compares immediates).
#[inline(always)]
fn same_obj(a: Value, b: Value) -> bool {
    matches!((a, b), (Value::Obj(x), Value::Obj(y)) if x == y)
}

/// Truth of a value that needs no method call (`None` for objects).
#[inline(always)]
fn quick_truth(v: Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(b),
        Value::Int(i) => Some(i != 0),
        Value::None | Value::Null => Some(false),
        Value::Float(f) => Some(f != 0.0),
        Value::Obj(_) => None,
    }
}

/// Int and float arithmetic that needs no allocation (`None`: take the general path).
#[inline(always)]
fn fast_binary(b: BinOp, l: Value, r: Value) -> Option<Value> {
    Some(match (l, r) {
        (Value::Int(x), Value::Int(y)) => match b {
            BinOp::Add => Value::Int(x.checked_add(y)?),
            BinOp::Sub => Value::Int(x.checked_sub(y)?),
            BinOp::Mul => Value::Int(x.checked_mul(y)?),
            BinOp::Mod if y != 0 && !(x == i64::MIN && y == -1) => {
                let m = x % y;
                Value::Int(if m != 0 && (m ^ y) < 0 { m + y } else { m })
            }
            BinOp::FloorDiv if y != 0 && !(x == i64::MIN && y == -1) => {
                let q = x / y;
                Value::Int(if (x % y != 0) && ((x ^ y) < 0) {
                    q - 1
                } else {
                    q
                })
            }
            BinOp::BitAnd => Value::Int(x & y),
            BinOp::BitOr => Value::Int(x | y),
            BinOp::BitXor => Value::Int(x ^ y),
            BinOp::LShift if (0..32).contains(&y) && x.unsigned_abs() < (1 << 31) => {
                Value::Int(x << y)
            }
            BinOp::RShift if (0..64).contains(&y) => Value::Int(x >> y),
            BinOp::Div
                if y != 0 && x.unsigned_abs() < (1 << 53) && y.unsigned_abs() < (1 << 53) =>
            {
                Value::Float(x as f64 / y as f64)
            }
            _ => return None,
        },
        (Value::Float(x), Value::Float(y)) => match b {
            BinOp::Add => Value::Float(x + y),
            BinOp::Sub => Value::Float(x - y),
            BinOp::Mul => Value::Float(x * y),
            BinOp::Div if y != 0.0 => Value::Float(x / y),
            BinOp::Pow => Value::Float(fast_float_pow(x, y)?),
            _ => return None,
        },
        (Value::Float(x), Value::Int(y)) => {
            let y = y as f64;
            match b {
                BinOp::Add => Value::Float(x + y),
                BinOp::Sub => Value::Float(x - y),
                BinOp::Mul => Value::Float(x * y),
                BinOp::Div if y != 0.0 => Value::Float(x / y),
                BinOp::Pow => Value::Float(fast_float_pow(x, y)?),
                _ => return None,
            }
        }
        (Value::Int(x), Value::Float(y)) => {
            let x = x as f64;
            match b {
                BinOp::Add => Value::Float(x + y),
                BinOp::Sub => Value::Float(x - y),
                BinOp::Mul => Value::Float(x * y),
                BinOp::Div if y != 0.0 => Value::Float(x / y),
                _ => return None,
            }
        }
        _ => return None,
    })
}

/// `x ** y` for floats when no error is possible: a positive finite base, a finite exponent
/// and a finite result (`arith` raises the errors of the other cases, and its result is the
/// same `fmath::pow`).
#[inline]
fn fast_float_pow(x: f64, y: f64) -> Option<f64> {
    if !(x > 0.0 && x.is_finite() && y.is_finite()) {
        return None;
    }
    let r = crate::fmath::pow(x, y);
    r.is_finite().then_some(r)
}

/// Int and float comparisons (`None`: take the general path).
#[inline(always)]
fn fast_compare(c: CmpOp, l: Value, r: Value) -> Option<bool> {
    match (l, r) {
        (Value::Int(x), Value::Int(y)) => Some(match c {
            CmpOp::Lt => x < y,
            CmpOp::Le => x <= y,
            CmpOp::Gt => x > y,
            CmpOp::Ge => x >= y,
            CmpOp::Eq | CmpOp::Is => x == y,
            CmpOp::Ne | CmpOp::IsNot => x != y,
            _ => return None,
        }),
        (Value::Float(x), Value::Float(y)) => Some(match c {
            CmpOp::Lt => x < y,
            CmpOp::Le => x <= y,
            CmpOp::Gt => x > y,
            CmpOp::Ge => x >= y,
            CmpOp::Eq => x == y,
            CmpOp::Ne => x != y,
            _ => return None,
        }),
        (Value::None, Value::None) => match c {
            CmpOp::Is | CmpOp::Eq => Some(true),
            CmpOp::IsNot | CmpOp::Ne => Some(false),
            _ => None,
        },
        (_, Value::None) | (Value::None, _) => match c {
            CmpOp::Is => Some(false),
            CmpOp::IsNot => Some(true),
            _ => None,
        },
        _ => None,
    }
}

macro_rules! pop {
    ($s:expr) => {
        $s.stack.pop().unwrap_or(Value::None)
    };
}

impl Vm {
    // ---------- small helpers ----------

    /// Allocates an object or raises MemoryError.
    #[inline]
    pub fn alloc(&mut self, o: Obj) -> Result<Value, Exc> {
        match self.heap.alloc(o) {
            Ok(r) => Ok(Value::Obj(r)),
            Err(_) => Err(self.memory_error()),
        }
    }

    /// Top of stack (valid bytecode guarantees presence).
    #[inline]
    fn top(&self) -> Value {
        *self.stack.last().unwrap_or(&Value::None)
    }

    /// generator, coroutine or async_generator: out of line, as `class_of` is inlined in
    /// many places (flash).
    #[inline(never)]
    fn generator_class(&self, g: &Generator) -> ObjRef {
        if g.code.flags & flags::ASYNC_GEN != 0 {
            self.t.async_generator
        } else if g.is_coroutine {
            self.t.coroutine
        } else {
            self.t.generator
        }
    }

    /// The class of any value.
    pub fn class_of(&self, v: Value) -> ObjRef {
        let t = &self.t;
        match v {
            Value::Null | Value::None => t.none,
            Value::Bool(_) => t.bool_,
            Value::Int(_) => t.int,
            Value::Float(_) => t.float,
            Value::Obj(r) => match self.heap.get(r) {
                Obj::Str(_) => t.str_,
                Obj::Bytes(_) => t.bytes,
                Obj::ByteArray(_) => t.bytearray,
                Obj::BigInt(_) => t.int,
                Obj::List(_) => t.list,
                Obj::Tuple(_) => t.tuple,
                Obj::Dict(_) => t.dict,
                Obj::Set(_, false) => t.set,
                Obj::Set(_, true) => t.frozenset,
                Obj::Function(_) => t.function,
                Obj::Native(_) => t.builtin_function,
                Obj::BoundMethod(..) => t.method,
                Obj::Class(c) => c.meta.unwrap_or(t.type_),
                Obj::Instance(i) => i.class,
                Obj::Module(..) => t.module,
                Obj::Cell(_) => t.cell,
                Obj::Code(_) | Obj::FrozenCode(_) => t.code,
                Obj::Generator(g) => self.generator_class(g),
                Obj::Range(..) => t.range,
                Obj::Complex(..) => t.complex,
                Obj::Slice(..) => t.slice,
                Obj::Iter(s) => match s {
                    IterState::Enumerate(..) => t.enumerate,
                    IterState::Zip(_) => t.zip,
                    IterState::Map(..) => t.map,
                    IterState::Filter(..) => t.filter,
                    _ => match self.iter_kind(s).and_then(|k| self.iter_classes[k]) {
                        Some(c) => c,
                        None if matches!(s, IterState::Reversed(..)) => t.reversed,
                        None => t.iterator,
                    },
                },
                Obj::Property(_) => t.property,
                Obj::ClassMethod(_) => t.classmethod,
                Obj::StaticMethod(_) => t.staticmethod,
                Obj::Super(..) => t.super_,
                Obj::MemoryView(_) => t.memoryview,
                Obj::DictView(_, 1) => t.dict_values,
                Obj::DictView(_, 2) => t.dict_items,
                Obj::DictView(..) => t.dict_view,
                Obj::Singleton(k) => {
                    if *k == 0 {
                        t.ellipsis
                    } else {
                        t.not_implemented
                    }
                }
            },
        }
    }

    /// A class's `__name__`.
    pub fn class_name(&self, c: ObjRef) -> String {
        match self.heap.get(c) {
            Obj::Class(c) => String::from(self.str_of(Value::Obj(c.name)).unwrap_or("?")),
            _ => String::from("?"),
        }
    }

    /// The type name of a value (for error messages).
    pub fn type_name(&self, v: Value) -> String {
        if let Value::Obj(r) = v
            && let Obj::Iter(s) = self.heap.get(r)
            && let Some(k) = self.iter_kind(s)
        {
            return String::from(ITER_NAMES[k]);
        }
        let c = self.class_of(v);
        self.class_name(c)
    }

    /// Which builtin iterator type (`ITER_NAMES`) an iterator is, if it has its own name.
    pub fn iter_kind(&self, s: &IterState) -> Option<usize> {
        Some(match s {
            IterState::Seq(r, _) => match self.heap.get(*r) {
                Obj::List(_) => 0,
                Obj::Tuple(_) => 1,
                Obj::Bytes(_) => 9,
                Obj::ByteArray(_) => 10,
                _ => return None,
            },
            IterState::Str(r, _) => match self.heap.get(*r) {
                Obj::Str(p) if p.chars == p.s.len() => 2,
                _ => 3,
            },
            IterState::Range { .. } => 4,
            IterState::Dict(r, _, mode, _) => match self.heap.get(*r) {
                Obj::Set(..) => 8,
                _ => 5 + (*mode as usize).min(2),
            },
            IterState::Reversed(r, _) if matches!(self.heap.get(*r), Obj::List(_)) => 11,
            IterState::CallIter(..) => 12,
            IterState::AGen(_, _, m) => 13 + usize::from(*m & crate::methods::AG_ATHROW != 0),
            _ => return None,
        })
    }

    /// `type(v)`: `class_of`, making the class of a builtin iterator kind on first use.
    pub fn type_of(&mut self, v: Value) -> Result<ObjRef, Exc> {
        if let Value::Obj(r) = v
            && let Obj::Iter(s) = self.heap.get(r)
            && let Some(k) = self.iter_kind(s)
            && self.iter_classes[k].is_none()
        {
            let base = if k == 11 {
                self.t.reversed
            } else if k >= 13 {
                // Its methods are async_generator's (which dispatch on the object), so that
                // no class is made for it before a program uses asend/athrow/aclose.
                self.t.async_generator
            } else {
                self.t.iterator
            };
            let c = self.raw_class(ITER_NAMES[k], alloc::vec![base], TypeTag::Iterator)?;
            self.iter_classes[k] = Some(c);
        }
        Ok(self.class_of(v))
    }

    /// The text of a str value.
    #[inline]
    pub fn str_of(&self, v: Value) -> Option<&str> {
        match v {
            Value::Obj(r) => match self.heap.get(r) {
                Obj::Str(s) => Some(&s.s),
                Obj::Instance(i) => match i.base_value() {
                    Value::Obj(b) => match self.heap.get(b) {
                        Obj::Str(s) => Some(&s.s),
                        _ => None,
                    },
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        }
    }

    /// Looks `name` up along a class's MRO.
    #[inline]
    pub fn class_lookup(&self, cls: ObjRef, name: Value) -> Option<Value> {
        let e = self.lookup_entry(cls, name)?;
        if e.value.is_null() {
            None
        } else {
            Some(e.value)
        }
    }

    /// The first of the `LOOKUP_WAYS` cache slots (cls, name handle `nr`) may occupy.
    #[inline(always)]
    fn lookup_set(&self, cls: ObjRef, nr: u32) -> usize {
        // The top bits of the products are the well-mixed ones: they pick the set.
        let h = cls.0.wrapping_mul(0x9e37_79b1) ^ nr.wrapping_mul(0x85eb_ca6b);
        (h >> (32 - LOOKUP_SET_BITS)) as usize * LOOKUP_WAYS
    }

    /// The (cached) class attribute entry for `cls.name`; `None` when `name` is no str object.
    /// The cache is `LOOKUP_WAYS`-way set-associative, so a few hot names that hash alike do
    /// not evict each other on every use (richards' class/name pairs did in a 2-way set).
    /// The first two ways are checked inline; a hit further back moves one way forward and a
    /// new entry goes first, so hot entries gather in front.
    #[inline(always)]
    pub fn lookup_entry(&self, cls: ObjRef, name: Value) -> Option<LookupEntry> {
        let nr = match name {
            Value::Obj(r) => r.0,
            _ => return None,
        };
        let epoch = self.class_epoch.get();
        let i = self.lookup_set(cls, nr);
        let set = &self.lookup_cache[i..i + LOOKUP_WAYS];
        for slot in &set[..2] {
            let e = slot.get();
            if e.cls == cls.0 && e.name == nr && e.epoch == epoch {
                return Some(e);
            }
        }
        Some(self.lookup_entry_rest(cls, name, nr, epoch, i))
    }

    /// `lookup_entry` past the first two ways of its set: a later way (swapped one forward),
    /// else a new entry in front (the last one leaves).
    #[inline(never)]
    fn lookup_entry_rest(
        &self,
        cls: ObjRef,
        name: Value,
        nr: u32,
        epoch: u64,
        i: usize,
    ) -> LookupEntry {
        let set = &self.lookup_cache[i..i + LOOKUP_WAYS];
        for k in 2..LOOKUP_WAYS {
            let e = set[k].get();
            if e.cls == cls.0 && e.name == nr && e.epoch == epoch {
                set[k].set(set[k - 1].get());
                set[k - 1].set(e);
                return e;
            }
        }
        let e = self.fill_lookup_entry(cls, name, nr, epoch);
        for k in (1..LOOKUP_WAYS).rev() {
            set[k].set(set[k - 1].get());
        }
        set[0].set(e);
        e
    }

    /// Computes a cache entry (the slow half of `lookup_entry`).
    #[inline(never)]
    fn fill_lookup_entry(&self, cls: ObjRef, name: Value, nr: u32, epoch: u64) -> LookupEntry {
        let found = self.class_lookup_uncached(cls, name);
        let mut flags = 0;
        if let Obj::Class(c) = self.heap.get(cls)
            && !c.hooks
        {
            let plain = match found {
                None => true,
                Some(Value::Obj(cr)) => matches!(
                    self.heap.get(cr),
                    Obj::Function(_) | Obj::Native(_) | Obj::Str(_) | Obj::Tuple(_)
                ),
                Some(_) => true,
            };
            // `obj.__class__ = C` changes the instance's class (`Vm::set_attr`), never its dict.
            if plain && self.str_of(name) != Some("__class__") {
                flags |= ATTR_PLAIN;
                // `__slots__` can only be a class attribute once the name is interned.
                let slots = self
                    .interned_opt("__slots__")
                    .and_then(|n| self.class_lookup_uncached(cls, n));
                if cls != self.t.object && self.slots_allow(slots, name) {
                    flags |= ATTR_STORE_NEW;
                }
            }
        }
        if let Some(Value::Obj(fr)) = found
            && matches!(self.heap.get(fr), Obj::Function(_) | Obj::Native(_))
        {
            flags |= ATTR_METHOD;
        }
        LookupEntry {
            cls: cls.0,
            name: nr,
            epoch,
            value: found.unwrap_or(Value::Null),
            flags,
            hint: u32::MAX,
        }
    }

    /// Whether a class whose `__slots__` is `slots` certainly lets instances get attribute
    /// `name` (no `__slots__`, or a str or tuple of strs naming it or `__dict__`).
    /// `false` when unsure: the general store path decides then.
    fn slots_allow(&self, slots: Option<Value>, name: Value) -> bool {
        let Some(slots) = slots else {
            return true;
        };
        let names: &[Value] = match slots {
            Value::Obj(r) => match self.heap.get(r) {
                Obj::Str(_) => core::slice::from_ref(&slots),
                Obj::Tuple(t) => t,
                _ => return false,
            },
            _ => return false,
        };
        names.iter().any(|&s| {
            matches!(s, Value::Obj(r) if matches!(self.heap.get(r), Obj::Str(_)))
                && (self.str_key_eq(s, name) || self.str_of(s) == Some("__dict__"))
        })
    }

    /// Records where `name` was found in an instance dict of `cls` (see `LookupEntry::hint`).
    #[inline]
    fn set_lookup_hint(&self, cls: ObjRef, name: Value, hint: usize) {
        if let Value::Obj(r) = name {
            let i = self.lookup_set(cls, r.0);
            for slot in &self.lookup_cache[i..i + LOOKUP_WAYS] {
                let mut e = slot.get();
                if e.cls == cls.0 && e.name == r.0 {
                    e.hint = hint as u32;
                    slot.set(e);
                    return;
                }
            }
        }
    }

    fn class_lookup_uncached(&self, cls: ObjRef, name: Value) -> Option<Value> {
        let h = self.str_hash(name);
        let c = match self.heap.get(cls) {
            Obj::Class(c) => c,
            _ => return None,
        };
        for &k in c.mro.iter() {
            if let Obj::Class(kc) = self.heap.get(k)
                && let Some(ix) = kc.dict.find(h, |key| self.str_key_eq(key, name))
            {
                return Some(kc.dict.entries[ix].value);
            }
        }
        None
    }

    /// Invalidates the class attribute cache (a class dict changed, or handles were recycled).
    #[inline]
    pub fn classes_changed(&self) {
        self.class_epoch.set(self.class_epoch.get().wrapping_add(1));
    }

    /// Hash of an interned-or-not str value.
    #[inline]
    pub fn str_hash(&self, v: Value) -> i64 {
        match v {
            Value::Obj(r) => match self.heap.get(r) {
                Obj::Str(s) => s.hash,
                _ => 0,
            },
            _ => 0,
        }
    }

    /// Equality of a dict key with a str (identity first).
    #[inline]
    pub fn str_key_eq(&self, key: Value, name: Value) -> bool {
        if key == name {
            return true;
        }
        match (key, name) {
            (Value::Obj(a), Value::Obj(b)) => match (self.heap.get(a), self.heap.get(b)) {
                (Obj::Str(x), Obj::Str(y)) => x.s == y.s,
                _ => false,
            },
            _ => false,
        }
    }

    /// Reads a str-keyed entry from a dict object.
    #[inline]
    pub fn dict_get_str(&self, d: ObjRef, name: Value) -> Option<Value> {
        let h = self.str_hash(name);
        let dict = match self.heap.get(d) {
            Obj::Dict(d) => d,
            Obj::Module(_, g) => match self.heap.get(*g) {
                Obj::Dict(d) => d,
                _ => return None,
            },
            _ => return None,
        };
        dict.find(h, |k| self.str_key_eq(k, name))
            .map(|ix| dict.entries[ix].value)
    }

    /// Sets a str-keyed entry in a dict object.
    pub fn dict_set_str(&mut self, d: ObjRef, name: Value, value: Value) -> Result<(), Exc> {
        self.dict_version = self.dict_version.wrapping_add(1);
        let h = self.str_hash(name);
        let found = match self.heap.get(d) {
            Obj::Dict(dict) => dict.find(h, |k| self.str_key_eq(k, name)),
            _ => return Ok(()),
        };
        match found {
            Some(ix) => {
                if let Obj::Dict(dict) = self.heap.get_mut(d) {
                    dict.entries[ix].value = value;
                }
            }
            None => {
                if self.heap.charge(40).is_err() {
                    return Err(self.memory_error());
                }
                if let Obj::Dict(dict) = self.heap.get_mut(d) {
                    dict.push_new(h, name, value);
                }
            }
        }
        Ok(())
    }

    /// Removes a str-keyed entry; returns whether it existed.
    pub fn dict_del_str(&mut self, d: ObjRef, name: Value) -> bool {
        self.dict_version = self.dict_version.wrapping_add(1);
        let h = self.str_hash(name);
        let found = match self.heap.get(d) {
            Obj::Dict(dict) => dict.find(h, |k| self.str_key_eq(k, name)),
            _ => None,
        };
        if let Some(ix) = found {
            if let Obj::Dict(dict) = self.heap.get_mut(d) {
                dict.remove_at(ix);
            }
            true
        } else {
            false
        }
    }

    // ---------- tasks ----------

    /// Loads task `i` into the running slots.
    pub fn switch_task(&mut self, i: usize) {
        if self.current_task == i {
            return;
        }
        let cur = self.current_task;
        core::mem::swap(&mut self.stack, &mut self.tasks[cur].stack);
        core::mem::swap(&mut self.frames, &mut self.tasks[cur].frames);
        core::mem::swap(&mut self.exc_stack, &mut self.tasks[cur].exc_stack);
        core::mem::swap(&mut self.stack, &mut self.tasks[i].stack);
        core::mem::swap(&mut self.frames, &mut self.tasks[i].frames);
        core::mem::swap(&mut self.exc_stack, &mut self.tasks[i].exc_stack);
        self.current_task = i;
    }

    /// Runs the loaded task for at most `budget` instructions.
    pub fn run_task(&mut self, budget: u32) -> RunOutcome {
        if self.frames.is_empty() {
            return RunOutcome::Done;
        }
        let cur = self.current_task;
        if let Some(until) = self.tasks[cur].sleep_until {
            if self.interrupt.load(Ordering::Relaxed) {
                self.tasks[cur].sleep_until = None;
            } else {
                let now = self.host.now_ms();
                if now < until {
                    return RunOutcome::Sleeping { until_ms: until };
                }
                self.tasks[cur].sleep_until = None;
            }
        }
        let mut budget = budget;
        match self.execute(0, &mut budget, true) {
            Ok(Exit::Done) | Ok(Exit::Returned(_)) => {
                self.frames.clear();
                self.stack.clear();
                RunOutcome::Done
            }
            Ok(Exit::Budget) => RunOutcome::Yielded,
            Ok(Exit::Sleep(until)) => {
                self.tasks[cur].sleep_until = Some(until);
                RunOutcome::Sleeping { until_ms: until }
            }
            Err(e) => {
                self.frames.clear();
                self.stack.clear();
                self.exc_stack.clear();
                RunOutcome::Error(self.to_py_exception(e.0))
            }
        }
    }

    /// Converts an exception value into the embedder's description.
    pub fn to_py_exception(&mut self, e: Value) -> crate::PyException {
        let type_name = self.exc_type_name(e);
        let message = self.exc_message(e);
        let traceback = self.format_traceback(e);
        crate::PyException {
            type_name,
            message,
            traceback,
        }
    }

    // ---------- GC ----------

    /// Collects garbage now (only valid at a safepoint).
    pub fn collect_garbage(&mut self) -> usize {
        // Past half the heap, code built from frozen modules that nothing runs goes back to
        // flash (rebuilt at its next call): on a small heap that is the difference between a
        // MemoryError and a slower call.
        if self.heap.used > self.heap.limit / 2 {
            self.evict_frozen_code();
        }
        let mut roots: Vec<Value> = Vec::new();
        roots.extend_from_slice(&self.stack);
        roots.extend_from_slice(&self.exc_stack);
        roots.extend_from_slice(&self.roots);
        roots.extend_from_slice(&self.helpers);
        roots.extend(self.mappingproxy_class.map(Value::Obj));
        roots.extend(self.iter_classes.iter().flatten().map(|c| Value::Obj(*c)));
        roots.extend(self.sched.values());
        for task in &self.tasks {
            roots.extend_from_slice(&task.stack);
            roots.extend_from_slice(&task.exc_stack);
        }
        roots.push(Value::Obj(self.builtins));
        roots.push(Value::Obj(self.modules));
        roots.push(Value::Obj(self.main_globals));
        roots.push(self.memory_error_inst);
        roots.push(self.sys_path);
        roots.push(self.sys_argv);
        roots.push(self.not_implemented);
        roots.push(self.ellipsis);
        for e in self.interned.iter() {
            roots.push(e.key);
        }
        for &c in &self.exc_classes {
            roots.push(Value::Obj(c));
        }
        roots.extend(self.t.each().iter().map(|c| Value::Obj(*c)));
        let frames = &self.frames;
        let tasks = &self.tasks;
        let mut extra = |work: &mut Vec<u32>| {
            for f in frames.iter() {
                f.trace(work);
            }
            for t in tasks.iter() {
                for f in t.frames.iter() {
                    f.trace(work);
                }
            }
        };
        let freed = self.heap.collect(&roots, &mut extra);
        self.classes_changed();
        self.dict_version = self.dict_version.wrapping_add(1);
        freed
    }

    // ---------- the dispatch loop ----------

    /// Runs frames above `stop_depth`. `top_level` runs may sleep and yield.
    pub fn execute(
        &mut self,
        stop_depth: usize,
        budget: &mut u32,
        top_level: bool,
    ) -> Result<Exit, Exc> {
        loop {
            match self.execute_inner(stop_depth, budget, top_level) {
                Ok(x) => return Ok(x),
                Err(e) => {
                    self.chain_context(e.0);
                    // Unwind to a handler in this run, or propagate.
                    self.unwind(e, stop_depth)?;
                }
            }
        }
    }

    /// Records the current frame in `e`'s traceback. `caught`: a handler of this frame takes
    /// it now (noted in `ExcData::caught`, made into an entry when needed); otherwise the
    /// frame is being left, and adds its entry unless a handler of it already holds one (a
    /// re-raise keeps the original line, as CPython).
    fn add_traceback(&mut self, e: Value, caught: bool) {
        let depth = self.frames.len() as u32;
        let Some(f) = self.frames.last() else {
            return;
        };
        let (code, ip) = (f.code.clone(), f.ip.saturating_sub(1) as u32);
        let same_frame = self
            .exc_data(e)
            .and_then(|d| d.caught.as_ref())
            .is_some_and(|(c, _, dp)| *dp == depth && Rc::ptr_eq(c, &code));
        if caught {
            // Caught again in the frame that caught it first: that entry stands.
            if !same_frame {
                self.flush_caught(e);
                if let Some(d) = self.exc_data_mut(e) {
                    d.caught = Some((code, ip, depth));
                }
            }
            return;
        }
        self.flush_caught(e);
        if !same_frame {
            self.push_tb_entry(e, &code, ip);
        }
    }

    /// Makes the pending entry of the handler that caught `e` (`ExcData::caught`) a
    /// traceback entry.
    pub(crate) fn flush_caught(&mut self, e: Value) {
        if let Some((code, ip, _)) = self.exc_data_mut(e).and_then(|d| d.caught.take()) {
            self.push_tb_entry(e, &code, ip);
        }
    }

    fn push_tb_entry(&mut self, e: Value, code: &Code, ip: u32) {
        let file = Value::Obj(code.filename);
        if self.is_helper_code(file) {
            return;
        }
        let line = code.line_at(ip as usize);
        if let Some(d) = self.exc_data_mut(e)
            && d.tb.len() < 200
        {
            d.tb.push((file, line, Value::Obj(code.name)));
        }
    }

    /// Finds a handler for `e` in frames above `stop_depth`; Err if none.
    fn unwind(&mut self, e: Exc, stop_depth: usize) -> Result<(), Exc> {
        let mut exc = e.0;
        loop {
            let nframes = self.frames.len();
            if nframes <= stop_depth {
                return Err(Exc(exc));
            }
            self.wake_dormant();
            let f = match self.frames.last_mut() {
                Some(f) => f,
                None => return Err(Exc(exc)),
            };
            while let Some(b) = f.blocks.pop() {
                match b.kind {
                    BlockKind::Except => {
                        let sp = f.base + b.sp as usize;
                        let handler = b.handler as usize;
                        // A loop's generator dropped by the jump to the handler is closed
                        // before the handler runs (the collection finds it; the dispatch
                        // loop's next check closes it), as CPython's reference counting does.
                        let dropped_gen = self
                            .stack
                            .get(sp..)
                            .is_some_and(|s| s.iter().any(|v| self.is_suspended_in_block(*v)));
                        self.stack.truncate(sp);
                        // Before the jump: the line is the raising instruction's.
                        self.add_traceback(exc, true);
                        if let Some(f) = self.frames.last_mut() {
                            f.ip = handler;
                        }
                        self.stack.push(exc);
                        if dropped_gen && self.gc_enabled && self.native_depth == 0 {
                            self.collect_garbage();
                        }
                        return Ok(());
                    }
                    BlockKind::Handler(depth) => {
                        self.exc_stack.truncate(depth as usize);
                    }
                }
            }
            self.add_traceback(exc, false);
            let f = match self.frames.pop() {
                Some(f) => f,
                None => return Err(Exc(exc)),
            };
            self.stack.truncate(f.ret_sp);
            if let Some(g) = f.gn
                && let Obj::Generator(g) = self.heap.get_mut(g)
            {
                g.running = false;
                g.finished = true;
                let coroutine = g.is_coroutine;
                let async_gen = g.code.flags & flags::ASYNC_GEN != 0;
                let stop = self.exc_is(exc, kind::STOP_ITERATION);
                if stop && !async_gen {
                    exc = self.stop_iteration_escaped(exc, coroutine);
                } else if async_gen && (stop || self.exc_is(exc, kind::STOP_ASYNC_ITERATION)) {
                    // PEP 525: neither can end the `async for` driving the generator.
                    exc = self.stop_iteration_escaped(exc, false);
                    let msg = self.new_str(if stop {
                        "async generator raised StopIteration"
                    } else {
                        "async generator raised StopAsyncIteration"
                    });
                    if let (Ok(m), Some(d)) = (msg, self.exc_data_mut(exc)) {
                        d.args = alloc::vec![m];
                    }
                }
            }
            match f.ret {
                Ret::Nested | Ret::GenNested | Ret::Top => return Err(Exc(exc)),
                Ret::Import(m) => {
                    if let Some(name) = self.module_name(m) {
                        let modules = self.modules;
                        self.dict_del_str(modules, name);
                    }
                }
                _ => {}
            }
        }
    }

    /// PEP 479: a StopIteration leaving a generator's frame becomes a RuntimeError (caused
    /// by it, with its traceback), so it cannot silently end the loop driving the generator.
    fn stop_iteration_escaped(&mut self, exc: Value, coroutine: bool) -> Value {
        let msg = if coroutine {
            "coroutine raised StopIteration"
        } else {
            "generator raised StopIteration"
        };
        let new = self.exc_msg(kind::RUNTIME, msg).0;
        self.flush_caught(exc);
        let tb = self.exc_data(exc).map(|d| d.tb.clone()).unwrap_or_default();
        if let Some(d) = self.exc_data_mut(new) {
            d.cause = exc;
            d.context = exc;
            d.suppress = true;
            d.tb = tb;
        }
        new
    }

    fn module_name(&self, m: Value) -> Option<Value> {
        match m {
            Value::Obj(r) => match self.heap.get(r) {
                Obj::Module(n, _) => Some(*n),
                _ => None,
            },
            _ => None,
        }
    }

    /// Runs frames above `stop_depth`: the fast dispatch loop.
    ///
    /// The running frame's code, instruction pointer and stack base are held in locals; only
    /// instructions that may change frames, raise, or need general machinery go through
    /// `slow_op` (with `ip` written back first). Budget, interrupt and GC checks run once per
    /// chunk of at most 32 counted instructions, when a frame is entered (and on entry, so a
    /// generator resumed by a native loop still sees an interrupt); see the check below.
    fn execute_inner(
        &mut self,
        stop_depth: usize,
        budget: &mut u32,
        top_level: bool,
    ) -> Result<Exit, Exc> {
        let mut chunk: u32 = 0;
        let mut left: u32 = 0;
        let result: Result<Exit, Exc> = 'frame: loop {
            let fi = match self.frames.len().checked_sub(1) {
                Some(fi) if fi >= stop_depth => fi,
                _ => break 'frame Ok(Exit::Done),
            };
            // The chunk check runs here, where the frame's position is saved: on entering a
            // frame (a call, a return, a generator switch), on a backward jump (charged the
            // loop's length in instructions) and after a general-path instruction. Every
            // loop passes one of them, and straight-line code between them is bounded by
            // the code's length, so the budget, the GC and interrupts are served about as
            // often as with a check per instruction, which cost ~6 machine instructions on
            // each bytecode.
            if left == 0 {
                if top_level {
                    *budget = budget.saturating_sub(chunk);
                    chunk = 0;
                    if *budget == 0 {
                        break 'frame Ok(Exit::Budget);
                    }
                }
                if self.heap.used > self.heap.next_gc && self.gc_allowed(top_level) {
                    self.collect_garbage();
                }
                if self.interrupt.load(Ordering::Relaxed) {
                    self.interrupt.store(false, Ordering::Relaxed);
                    break 'frame Err(self.exc_args(kind::KEYBOARD_INTERRUPT, Vec::new()));
                }
                if top_level && self.native_depth == 0 && self.sched_pending() {
                    if let Err(e) = self.run_scheduled() {
                        break 'frame Err(e);
                    }
                }
                chunk = if top_level { (*budget).min(32) } else { 32 };
                left = chunk;
            }
            left -= 1;
            let (code, mut ip, base, globals) = {
                let f = &self.frames[fi];
                (f.code.clone(), f.ip, f.base, f.globals)
            };
            let ops: &[Op] = &code.ops;
            // Jumps to `$t`; a backward jump is charged its distance, and when that uses up
            // the chunk, the frame is re-entered for the check.
            macro_rules! jump_to {
                ($t:expr) => {{
                    let t: usize = $t;
                    if t < ip {
                        let cost = ip - t;
                        if cost >= left as usize {
                            left = 0;
                            self.frames[fi].ip = t;
                            continue 'frame;
                        }
                        left -= cost as u32;
                    }
                    ip = t;
                }};
            }
            // After a general-path instruction (its result `$r`): stop on an exit or error, and
            // reload the frame state when it changed frames.
            macro_rules! after_general {
                ($r:expr) => {{
                    match $r {
                        Ok(None) => {}
                        Ok(Some(x)) => break 'frame Ok(x),
                        Err(e) => break 'frame Err(e),
                    }
                    // Past the collection point (big strs and ints come through here): collect
                    // at the next boundary, not at the end of the chunk, or a few such
                    // instructions in a row fill a small heap with garbage before the chunk's
                    // check sees it. The instruction is charged one (it may have jumped
                    // backward).
                    if left <= 1 {
                        left = 0;
                        continue 'frame;
                    }
                    if self.heap.used > self.heap.next_gc {
                        chunk -= left;
                        left = 0;
                        continue 'frame;
                    }
                    left -= 1;
                    if self.frames.len() == fi + 1 {
                        let f = &self.frames[fi];
                        if f.base == base && Rc::ptr_eq(&f.code, &code) {
                            ip = f.ip;
                            continue;
                        }
                    }
                    continue 'frame;
                }};
            }
            loop {
                let op = match ops.get(ip) {
                    Some(op) => *op,
                    None => Op::ReturnValue,
                };
                ip += 1;
                match op {
                    Op::LoadFast(s) => {
                        let v = self.stack[base + s.ix()];
                        if !v.is_null() {
                            self.stack.push(v);
                            continue;
                        }
                    }
                    Op::StoreFast(s) => {
                        if let Some(v) = self.stack.pop() {
                            self.stack[base + s.ix()] = v;
                            continue;
                        }
                    }
                    Op::LoadConst(i) => {
                        self.stack.push(code.consts[i.ix()]);
                        continue;
                    }
                    // A free variable (a generator expression's `u` in `sum(f(j) * u[j] for
                    // j in ...)`); an empty cell raises on the general path.
                    Op::LoadDeref(s) => {
                        if let Value::Obj(r) = self.stack[base + s.ix()]
                            && let Obj::Cell(v) = self.heap.get(r)
                            && !v.is_null()
                        {
                            self.stack.push(*v);
                            continue;
                        }
                    }
                    Op::LoadInt(i) => {
                        self.stack.push(Value::Int(i.get() as i64));
                        continue;
                    }
                    Op::LoadNone => {
                        self.stack.push(Value::None);
                        continue;
                    }
                    // `x is None` / `x is not None` and the jump on it: one dispatch for the
                    // three instructions (`fuse` makes it on hosts only: flash).
                    #[cfg(feature = "std")]
                    Op::NoneJumpIfFalse(c, t) => {
                        if let Some(top) = self.stack.pop() {
                            if matches!(top, Value::None) == (c == CmpOp::Is) {
                                ip += 2;
                            } else {
                                jump_to!((ip + 1).wrapping_add_signed(t as isize));
                            }
                            continue;
                        }
                    }
                    Op::LoadTrue => {
                        self.stack.push(Value::Bool(true));
                        continue;
                    }
                    Op::LoadFalse => {
                        self.stack.push(Value::Bool(false));
                        continue;
                    }
                    Op::Nop => continue,
                    Op::Pop => {
                        self.stack.pop();
                        continue;
                    }
                    // A generator's iterator takes the general path (`slow_op`).
                    Op::PopIter
                        if !matches!(self.stack.last(), Some(Value::Obj(r))
                            if matches!(self.heap.get(*r), Obj::Generator(_))) =>
                    {
                        self.stack.pop();
                        continue;
                    }
                    Op::Dup => {
                        if let Some(&v) = self.stack.last() {
                            self.stack.push(v);
                            continue;
                        }
                    }
                    // `x[i] op= v`, `x.a op= v` duplicate their container and key.
                    Op::Dup2 => {
                        // `x[i] op= v`: the SUBSCR after it reads the item here (one dispatch;
                        // hosts only, as the other look-aheads below: flash).
                        #[cfg(feature = "std")]
                        {
                            let n = self.stack.len();
                            if n >= 2
                                && let Some(Op::Subscr) = ops.get(ip)
                                && let Some(v) =
                                    self.subscr_fast(self.stack[n - 2], self.stack[n - 1])
                            {
                                self.stack.push(v);
                                ip += 1;
                                continue;
                            }
                        }
                        if dup2(&mut self.stack) {
                            continue;
                        }
                    }
                    Op::Rot2 => {
                        let n = self.stack.len();
                        if n >= 2 {
                            self.stack.swap(n - 1, n - 2);
                            continue;
                        }
                    }
                    Op::Jump(t) => {
                        jump_to!(t.ix());
                        continue;
                    }
                    Op::Rot3 | Op::Rot4 => {
                        // TOS moves down 2 (3) places: the last 3 (4) items rotate by one.
                        let k = if matches!(op, Op::Rot3) { 3 } else { 4 };
                        if let Some(at) = self.stack.len().checked_sub(k) {
                            self.stack[at..].rotate_right(1);
                            continue;
                        }
                    }
                    Op::UnpackSequence(k) => {
                        // An exact list or tuple of the right length: no item vector.
                        if let Some(&Value::Obj(r)) = self.stack.last() {
                            let items: Option<&[Value]> = match self.heap.get(r) {
                                Obj::List(l) => Some(l),
                                Obj::Tuple(t) => Some(t),
                                _ => None,
                            };
                            if let Some(items) = items
                                && items.len() == k.ix()
                            {
                                self.stack.pop();
                                push_reversed(&mut self.stack, items);
                                // The targets' stores and nested unpacks that follow
                                // (`for ((x, y), v) in pairs:`) run here without a dispatch
                                // each: they cannot fail, and the stack holds their values.
                                #[cfg(feature = "std")]
                                {
                                    ip = self.unpack_targets(ops, ip, base);
                                }
                                continue;
                            }
                        }
                    }

                    Op::PopJumpIfFalse(t) => {
                        if let Some(b) = self.stack.last().and_then(|v| quick_truth(*v)) {
                            self.stack.pop();
                            if !b {
                                jump_to!(t.ix());
                            }
                            continue;
                        }
                    }
                    Op::PopJumpIfTrue(t) => {
                        if let Some(b) = self.stack.last().and_then(|v| quick_truth(*v)) {
                            self.stack.pop();
                            if b {
                                jump_to!(t.ix());
                            }
                            continue;
                        }
                    }
                    Op::JumpIfFalseOrPop(t) => {
                        if let Some(b) = self.stack.last().and_then(|v| quick_truth(*v)) {
                            if b {
                                self.stack.pop();
                            } else {
                                jump_to!(t.ix());
                            }
                            continue;
                        }
                    }
                    Op::JumpIfTrueOrPop(t) => {
                        if let Some(b) = self.stack.last().and_then(|v| quick_truth(*v)) {
                            if b {
                                jump_to!(t.ix());
                            } else {
                                self.stack.pop();
                            }
                            continue;
                        }
                    }
                    Op::Binary(b) => {
                        let n = self.stack.len();
                        if n >= 2
                            && let Some(v) = fast_binary(b, self.stack[n - 2], self.stack[n - 1])
                        {
                            self.stack[n - 2] = v;
                            self.stack.truncate(n - 1);
                            continue;
                        }
                    }
                    Op::Inplace(b) => {
                        let n = self.stack.len();
                        if n >= 2
                            && let Some(v) = fast_binary(b, self.stack[n - 2], self.stack[n - 1])
                        {
                            // `x[i] op= v` ends ROT3, STORE_SUBSCR: a list item is stored
                            // here (stack: x, i, old, v).
                            #[cfg(feature = "std")]
                            if n >= 4
                                && let (Some(Op::Rot3), Some(Op::StoreSubscr)) =
                                    (ops.get(ip), ops.get(ip + 1))
                                && self.store_subscr_fast(self.stack[n - 4], self.stack[n - 3], v)
                            {
                                self.stack.truncate(n - 4);
                                ip += 2;
                                continue;
                            }
                            self.stack[n - 2] = v;
                            self.stack.truncate(n - 1);
                            continue;
                        }
                    }
                    Op::Compare(c) => {
                        let n = self.stack.len();
                        if n >= 2
                            && let Some(v) =
                                self.compare_fast(c, self.stack[n - 2], self.stack[n - 1])
                        {
                            self.stack[n - 2] = Value::Bool(v);
                            self.stack.truncate(n - 1);
                            continue;
                        }
                    }
                    Op::Unary(u) => {
                        if let Some(top) = self.stack.last_mut() {
                            let r = match (u, *top) {
                                (UnOp::Not, Value::Bool(b)) => Some(Value::Bool(!b)),
                                (UnOp::Not, Value::None) => Some(Value::Bool(true)),
                                (UnOp::Neg, Value::Int(i)) if i != i64::MIN => Some(Value::Int(-i)),
                                (UnOp::Neg, Value::Float(f)) => Some(Value::Float(-f)),
                                _ => None,
                            };
                            if let Some(r) = r {
                                *top = r;
                                continue;
                            }
                        }
                    }
                    Op::LoadGlobal(i) => {
                        let name = Value::Obj(code.names[i.ix()]);
                        let (slot, nr) = global_cache_slot(globals, name);
                        let (g0, n0, v0, val) = self.global_cache[slot];
                        if g0 == globals.0 && n0 == nr && v0 == self.dict_version {
                            self.stack.push(val);
                            continue;
                        }
                    }
                    Op::LoadGlobalAttr(g, a) => {
                        let name = Value::Obj(code.names[g as usize]);
                        let (slot, nr) = global_cache_slot(globals, name);
                        let (g0, n0, v0, val) = self.global_cache[slot];
                        if g0 == globals.0 && n0 == nr && v0 == self.dict_version {
                            match self.site_attr(&code, a as usize, val) {
                                Some(v) => {
                                    self.stack.push(v);
                                    ip += 1;
                                }
                                // The LoadAttr after it runs on its own.
                                None => self.stack.push(val),
                            }
                            continue;
                        }
                    }
                    Op::LoadAttr(i) => {
                        if let Some(&obj) = self.stack.last() {
                            if let Some(v) = self.site_attr(&code, i.ix(), obj) {
                                if let Some(top) = self.stack.last_mut() {
                                    *top = v;
                                }
                                continue;
                            }
                            // A property's Python getter: its frame, pushed from here (host
                            // only: flash).
                            #[cfg(feature = "std")]
                            {
                                self.frames[fi].ip = ip;
                                if self.property_frame(obj, Value::Obj(code.names[i.ix()])) {
                                    continue 'frame;
                                }
                            }
                        }
                    }
                    Op::StoreAttr(i) => {
                        let n = self.stack.len();
                        if n >= 2
                            && self.site_store(&code, i.ix(), self.stack[n - 1], self.stack[n - 2])
                        {
                            self.stack.truncate(n - 2);
                            continue;
                        }
                    }
                    Op::Subscr => {
                        let n = self.stack.len();
                        if n >= 2
                            && let Some(v) = self.subscr_fast(self.stack[n - 2], self.stack[n - 1])
                        {
                            self.stack[n - 2] = v;
                            self.stack.truncate(n - 1);
                            continue;
                        }
                    }
                    // `x[a:b]`, `x[a:b] = y` on a list with small bounds: done in place with
                    // the SUBSCR / STORE_SUBSCR after it; anything else (and an error, which
                    // the general path raises again) goes the general way.
                    Op::BuildSlice(k) => {
                        if let Ok(true) = self.slice_without_object(k.ix(), ops.get(ip).copied()) {
                            ip += 1;
                            // It may have allocated: collect at this boundary when due, as
                            // after a general-path instruction.
                            if self.heap.used > self.heap.next_gc {
                                self.frames[fi].ip = ip;
                                chunk -= left;
                                left = 0;
                                continue 'frame;
                            }
                            continue;
                        }
                    }
                    Op::StoreSubscr => {
                        let n = self.stack.len();
                        if n >= 3
                            && self.store_subscr_fast(
                                self.stack[n - 2],
                                self.stack[n - 1],
                                self.stack[n - 3],
                            )
                        {
                            self.stack.truncate(n - 3);
                            continue;
                        }
                    }
                    Op::LoadFastLoadFast(a, b) => {
                        let x = self.stack[base + a as usize];
                        let y = self.stack[base + b as usize];
                        if !x.is_null() && !y.is_null() {
                            // `x1 - x2`, `dx * dx`: the operator after the pair runs here
                            // (hosts only: each inlined operator is flash on a device).
                            #[cfg(feature = "std")]
                            match ops.get(ip + 1) {
                                Some(Op::Binary(op) | Op::Inplace(op)) => {
                                    if let Some(v) = fast_binary(*op, x, y) {
                                        self.stack.push(v);
                                        ip += 2;
                                        continue;
                                    }
                                }
                                // `y.name = x` of two locals; anything but a plain
                                // instance's attribute takes the general StoreAttr at once.
                                Some(Op::StoreAttr(n)) => {
                                    if self.site_store(&code, n.ix(), y, x) {
                                        ip += 2;
                                        continue;
                                    }
                                    self.stack.push(x);
                                    self.stack.push(y);
                                    ip += 2;
                                    self.frames[fi].ip = ip;
                                    let r = self.slow_op(fi, base, top_level);
                                    after_general!(r);
                                }
                                _ => {}
                            }
                            self.stack.push(x);
                            self.stack.push(y);
                            ip += 1;
                            continue;
                        }
                    }
                    // `fuse` makes these two on hosts only (flash); on a device they never
                    // occur.
                    #[cfg(feature = "std")]
                    Op::LoadFastBinary(a, op) => {
                        let y = self.stack[base + a as usize];
                        if !y.is_null()
                            && let Some(top) = self.stack.last_mut()
                        {
                            match fast_binary(op, *top, y) {
                                Some(v) => {
                                    *top = v;
                                    ip += 1;
                                }
                                // The Binary after it runs on its own.
                                None => self.stack.push(y),
                            }
                            continue;
                        }
                    }
                    // `obj.name = v` with `obj` a local: the store without pushing it.
                    #[cfg(feature = "std")]
                    Op::LoadFastStoreAttr(a, n) => {
                        let obj = self.stack[base + a as usize];
                        if !obj.is_null()
                            && let Some(&v) = self.stack.last()
                        {
                            if self.site_store(&code, n as usize, obj, v) {
                                self.stack.pop();
                                ip += 1;
                                continue;
                            }
                            // Anything but a plain instance's attribute: the general
                            // StoreAttr after it, at once.
                            self.stack.push(obj);
                            ip += 1;
                            self.frames[fi].ip = ip;
                            let r = self.slow_op(fi, base, top_level);
                            after_general!(r);
                        }
                    }
                    #[cfg(feature = "std")]
                    Op::LoadFastLoadInt(a, k) => {
                        let x = self.stack[base + a as usize];
                        if !x.is_null() {
                            let y = Value::Int(i64::from(k));
                            match ops.get(ip + 1) {
                                // `v[0]`
                                Some(Op::Subscr) => {
                                    if let Some(v) = self.subscr_fast(x, y) {
                                        self.stack.push(v);
                                        ip += 2;
                                        continue;
                                    }
                                }
                                // `i + 1`
                                Some(Op::Binary(op) | Op::Inplace(op)) => {
                                    if let Some(v) = fast_binary(*op, x, y) {
                                        self.stack.push(v);
                                        ip += 2;
                                        continue;
                                    }
                                }
                                // `v[0] op= ...`: DUP2, SUBSCR leave v, 0, v[0].
                                Some(Op::Dup2) => {
                                    if let Some(Op::Subscr) = ops.get(ip + 2)
                                        && let Some(v) = self.subscr_fast(x, y)
                                    {
                                        self.stack.push(x);
                                        self.stack.push(y);
                                        self.stack.push(v);
                                        ip += 3;
                                        continue;
                                    }
                                }
                                _ => {}
                            }
                            self.stack.push(x);
                            self.stack.push(y);
                            ip += 1;
                            continue;
                        }
                    }
                    Op::LoadFastLoadConst(a, c) => {
                        let x = self.stack[base + a as usize];
                        if !x.is_null() {
                            self.stack.push(x);
                            self.stack.push(code.consts[c as usize]);
                            ip += 1;
                            continue;
                        }
                    }
                    Op::LoadFastAttr(a, n) => {
                        let x = self.stack[base + a as usize];
                        if !x.is_null() {
                            match self.site_attr(&code, n as usize, x) {
                                Some(v) => {
                                    self.stack.push(v);
                                    ip += 1;
                                }
                                None => self.stack.push(x),
                            }
                            continue;
                        }
                    }
                    Op::StoreFastLoadFast(a, b) => {
                        if let Some(v) = self.stack.pop() {
                            self.stack[base + a as usize] = v;
                            let y = self.stack[base + b as usize];
                            if !y.is_null() {
                                self.stack.push(y);
                                ip += 1;
                            }
                            continue;
                        }
                    }
                    Op::CompareJumpIfFalse(c, t) => {
                        let n = self.stack.len();
                        if n >= 2
                            && let Some(v) =
                                self.compare_fast(c, self.stack[n - 2], self.stack[n - 1])
                        {
                            self.stack.truncate(n - 2);
                            if v {
                                ip += 1;
                            } else {
                                jump_to!(ip.wrapping_add_signed(t as isize));
                            }
                            continue;
                        }
                    }
                    Op::BinaryInt(b, k) => {
                        if let Some(top) = self.stack.last_mut() {
                            match fast_binary(b, *top, Value::Int(k as i64)) {
                                Some(v) => {
                                    *top = v;
                                    ip += 1;
                                }
                                None => self.stack.push(Value::Int(k as i64)),
                            }
                            continue;
                        }
                    }
                    Op::BinaryConst(b, c) => {
                        let k = code.consts[c as usize];
                        if let Some(top) = self.stack.last_mut() {
                            match fast_binary(b, *top, k) {
                                Some(v) => {
                                    *top = v;
                                    ip += 1;
                                }
                                None => self.stack.push(k),
                            }
                            continue;
                        }
                    }
                    Op::CompareConst(cmp, c) => {
                        let k = code.consts[c as usize];
                        if let Some(&top) = self.stack.last() {
                            match self.compare_fast(cmp, top, k) {
                                Some(v) => {
                                    if let Some(top) = self.stack.last_mut() {
                                        *top = Value::Bool(v);
                                    }
                                    ip += 1;
                                }
                                None => self.stack.push(k),
                            }
                            continue;
                        }
                    }
                    Op::LoadMethod(i) => {
                        if let Some(&obj) = self.stack.last() {
                            let name = Value::Obj(code.names[i.ix()]);
                            if let Some(m) = self.method_fast(obj, name) {
                                if let Some(top) = self.stack.last_mut() {
                                    *top = m;
                                }
                                self.stack.push(obj);
                                continue;
                            }
                            // `super().f`, `C.f`, static and class methods: what the general
                            // path tries first, without its round trip (host only: flash).
                            #[cfg(feature = "std")]
                            if let Some((callable, first)) = self.method_unbound_op(obj, name) {
                                if let Some(top) = self.stack.last_mut() {
                                    *top = callable;
                                }
                                self.stack.push(first);
                                continue;
                            }
                        }
                    }
                    Op::Call(n) => {
                        let n = n.ix();
                        if let Some(pos) = self.stack.len().checked_sub(n + 1)
                            && let Value::Obj(fr) = self.stack[pos]
                        {
                            self.frames[fi].ip = ip;
                            if self.push_frame_fast(fr, pos + 1, n, pos)
                                || (matches!(self.heap.get(fr), Obj::Class(_))
                                    && self.instantiate_fast(fr, pos, n))
                            {
                                continue 'frame;
                            }
                            // `len(x)` of a builtin container: no native call at all.
                            if let Some(r) = self.builtin_inline(pos, n, pos) {
                                after_general!(r.map(|()| None));
                            }
                            // Natives, bound methods, other classes: the general call
                            // without a round through slow_op.
                            let r = self.call_op(pos, n, pos, top_level);
                            after_general!(r);
                        }
                    }
                    Op::CallMethod(n) => {
                        let n = n.ix();
                        if let Some(pos) = self.stack.len().checked_sub(n + 2) {
                            // [method, self, args] or [Null, callable, args].
                            let (f, at, argc) = match self.stack[pos] {
                                Value::Null => (self.stack[pos + 1], pos + 2, n),
                                m => (m, pos + 1, n + 1),
                            };
                            if let Value::Obj(fr) = f {
                                self.frames[fi].ip = ip;
                                if self.push_frame_fast(fr, at, argc, pos) {
                                    continue 'frame;
                                }
                                // `buf.append(x)` of a list: no native call at all.
                                if let Some(r) = self.builtin_inline(at - 1, argc, pos) {
                                    after_general!(r.map(|()| None));
                                }
                                // Other natives: as for Call.
                                let r = self.call_op(at - 1, argc, pos, top_level);
                                after_general!(r);
                            }
                        }
                    }
                    Op::ReturnValue => {
                        // A plain call's result, or `__init__` returning None (the instance
                        // is the result); anything else takes `do_return`.
                        let f = &self.frames[fi];
                        let result = match (f.ret, self.stack.last()) {
                            (Ret::Push, Some(&v)) => Some(v),
                            (Ret::Init(inst), Some(Value::None)) => Some(inst),
                            (Ret::Dunder(..), Some(&v)) if v != self.not_implemented => Some(v),
                            _ => None,
                        };
                        if let Some(v) = result
                            && f.gn.is_none()
                            && fi > stop_depth
                        {
                            if let Some(f) = self.frames.pop() {
                                self.stack.truncate(f.ret_sp);
                            }
                            self.stack.push(v);
                            continue 'frame;
                        }
                    }
                    Op::ForIter(target) => {
                        if let Some(&Value::Obj(r)) = self.stack.last() {
                            match self.for_iter_fast(r) {
                                Some(Some(v)) => {
                                    self.stack.push(v);
                                    continue;
                                }
                                Some(None) => {
                                    self.stack.pop();
                                    jump_to!(target.ix());
                                    continue;
                                }
                                None => {
                                    // A generator resumes as a frame of this loop.
                                    self.frames[fi].ip = ip;
                                    let t = Ret::GenFor(target.get());
                                    if self.resume_plain(r, Value::None, t) {
                                        continue 'frame;
                                    }
                                    if let Obj::Generator(_) = self.heap.get(r) {
                                        match self.resume_generator(r, Value::None, None, t) {
                                            Ok(()) => continue 'frame,
                                            Err(e) => break 'frame Err(e),
                                        }
                                    }
                                }
                            }
                        }
                    }
                    Op::YieldFrom => {
                        if let Some(r) = self.yield_from_fast(fi, ip) {
                            match r {
                                Ok(None) => continue 'frame,
                                Ok(Some(x)) => break 'frame Ok(x),
                                Err(e) => break 'frame Err(e),
                            }
                        }
                    }
                    Op::YieldValue => {
                        if let Some(v) = self.stack.pop() {
                            if self.yield_plain(v, ip) {
                                continue 'frame;
                            }
                            self.frames[fi].ip = ip;
                            match self.do_yield(v) {
                                Ok(None) => continue 'frame,
                                Ok(Some(x)) => break 'frame Ok(x),
                                Err(e) => break 'frame Err(e),
                            }
                        }
                    }
                    _ => {}
                }
                // The general path: write the position back, run the instruction, and reload
                // the frame state when it changed frames.
                self.frames[fi].ip = ip;
                let r = self.slow_op(fi, base, top_level);
                after_general!(r);
            }
        };
        if top_level {
            *budget = budget.saturating_sub(chunk - left);
        }
        result
    }

    /// Whether a collection may run at this instruction boundary.
    #[inline]
    fn gc_allowed(&self, top_level: bool) -> bool {
        self.gc_enabled
            && if top_level {
                self.native_depth == 0
            } else {
                self.native_depth == self.gc_safe_depth
            }
    }

    /// `obj.name` for a plain instance whose own dict holds `name` (and whose class neither
    /// hooks attribute access nor defines a data descriptor of that name).
    #[inline(always)]
    fn instance_attr_fast(&self, obj: Value, name: Value) -> Option<Value> {
        let i = self.heap.instance(obj.as_obj()?)?;
        if i.dict_ref().is_some() {
            return None;
        }
        let e = self.lookup_entry(i.class, name)?;
        if e.flags & ATTR_PLAIN == 0 {
            return None;
        }
        if let Some(en) = i.dict.entries.get(e.hint as usize)
            && same_obj(en.key, name)
        {
            return Some(en.value);
        }
        let ix = i.dict.find(self.str_hash(name), |k| k == name)?;
        self.set_lookup_hint(i.class, name, ix);
        Some(i.dict.entries[ix].value)
    }

    /// `obj.name` for the instruction naming `code.names[n]`: first through the code's
    /// attribute-site cache (`Code::attr_sites`, host only), else as `instance_attr_fast`,
    /// whose verdict then fills the site unless it was filled in this epoch (a site that sees
    /// several classes, a base class's method run on its subclasses' instances as in
    /// richards, would otherwise be refilled on every use; the class lookup cache holds
    /// them all).
    #[inline(always)]
    fn site_attr(&self, code: &Code, n: usize, obj: Value) -> Option<Value> {
        let name = Value::Obj(*code.names.get(n)?);
        #[cfg(feature = "std")]
        {
            let site = code.attr_sites.get(n)?;
            let i = self.heap.instance(obj.as_obj()?)?;
            if i.rare.is_some() {
                return self.instance_attr_fast(obj, name);
            }
            let s = site.get();
            let epoch = self.class_epoch.get();
            if i.class.0 == s.cls
                && s.epoch == epoch
                && let Some(en) = i.dict.entries.get((s.hint & !SITE_NEW) as usize)
                && same_obj(en.key, name)
            {
                return Some(en.value);
            }
            // `instance_attr_fast` with the instance at hand.
            let e = self.lookup_entry(i.class, name)?;
            if e.flags & ATTR_PLAIN == 0 {
                return None;
            }
            let ix = match i.dict.entries.get(e.hint as usize) {
                Some(en) if same_obj(en.key, name) => e.hint as usize,
                _ => {
                    let ix = i.dict.find(self.str_hash(name), |k| k == name)?;
                    self.set_lookup_hint(i.class, name, ix);
                    ix
                }
            };
            if s.epoch != epoch {
                let new = if e.flags & ATTR_STORE_NEW != 0 {
                    SITE_NEW
                } else {
                    0
                };
                site.set(crate::bytecode::AttrSite {
                    epoch,
                    cls: i.class.0,
                    hint: ix as u32 | new,
                });
            }
            i.dict.entries.get(ix).map(|en| en.value)
        }
        #[cfg(not(feature = "std"))]
        self.instance_attr_fast(obj, name)
    }

    /// `obj.name = v` for the instruction naming `code.names[n]`: an attribute the site cache
    /// places (see `site_attr`) is overwritten in place; a name the instance lacks is
    /// appended when the site says the class lets instances take new attributes
    /// (`SITE_NEW`) and the dict has reserved room (`__init__`'s stores); anything else takes
    /// `instance_store_fast`, after which the site is filled.
    #[inline(always)]
    fn site_store(&mut self, code: &Code, n: usize, obj: Value, v: Value) -> bool {
        let Some(&nr) = code.names.get(n) else {
            return false;
        };
        let name = Value::Obj(nr);
        #[cfg(feature = "std")]
        {
            let Some(site) = code.attr_sites.get(n) else {
                return false;
            };
            let s = site.get();
            let epoch = self.class_epoch.get();
            let mut append = false;
            if let Value::Obj(r) = obj
                && let Some(i) = self.heap.instance_mut(r)
                && i.class.0 == s.cls
                && s.epoch == epoch
                && i.rare.is_none()
            {
                if let Some(en) = i.dict.entries.get_mut((s.hint & !SITE_NEW) as usize)
                    && same_obj(en.key, name)
                {
                    en.value = v;
                    return true;
                }
                append = s.hint & SITE_NEW != 0 && i.dict.entries.len() < i.dict.entries.capacity();
            }
            if append && self.site_append(obj, name, v) {
                return true;
            }
            if !self.instance_store_fast(obj, name, v) {
                return false;
            }
            if s.epoch != epoch {
                self.fill_attr_site(site, obj, name);
            }
            true
        }
        #[cfg(not(feature = "std"))]
        self.instance_store_fast(obj, name, v)
    }

    /// `site_store`'s new attribute: appended to the instance's dict (reserved room, charged
    /// with the instance) when the name's hash is not in its Bloom filter, i.e. the dict
    /// certainly lacks it. `false` (nothing changed) otherwise.
    #[cfg(feature = "std")]
    #[inline]
    fn site_append(&mut self, obj: Value, name: Value, v: Value) -> bool {
        let h = match name {
            Value::Obj(nr) => match self.heap.get(nr) {
                Obj::Str(s) => s.hash,
                _ => return false,
            },
            _ => return false,
        };
        if let Value::Obj(r) = obj
            && let Obj::Instance(i) = self.heap.get_mut(r)
            && i.dict.entries.len() < i.dict.entries.capacity()
            && !i.dict.may_contain(h)
        {
            i.dict.push_new(h, name, v);
            return true;
        }
        false
    }

    /// Records in `site` where `obj` (a plain instance) holds `name`, when the class lookup
    /// lets its dict decide (`ATTR_PLAIN`) and the lookup's hint is right.
    #[cfg(feature = "std")]
    #[inline(never)]
    fn fill_attr_site(
        &self,
        site: &core::cell::Cell<crate::bytecode::AttrSite>,
        obj: Value,
        name: Value,
    ) {
        if let Value::Obj(r) = obj
            && let Obj::Instance(i) = self.heap.get(r)
            && i.rare.is_none()
            && let Some(e) = self.lookup_entry(i.class, name)
            && e.flags & ATTR_PLAIN != 0
            && let Some(en) = i.dict.entries.get(e.hint as usize)
            && same_obj(en.key, name)
        {
            let new = if e.flags & ATTR_STORE_NEW != 0 {
                SITE_NEW
            } else {
                0
            };
            site.set(crate::bytecode::AttrSite {
                epoch: e.epoch,
                cls: i.class.0,
                hint: e.hint | new,
            });
        }
    }

    /// `obj.name = v` when `obj` is a plain instance (no hooks, no data descriptor of that
    /// name, not an exception): into its own dict, adding the name when the class allows it.
    #[inline]
    fn instance_store_fast(&mut self, obj: Value, name: Value, v: Value) -> bool {
        let Some(r) = obj.as_obj() else {
            return false;
        };
        // (class, position to remember when it moved, position or MAX for a new name, room
        // reserved for a new name's entry)
        let (cls, moved, ix, spare) = match self.heap.get(r) {
            Obj::Instance(i) if i.dict_ref().is_none() && i.exc().is_none() => {
                let Some(e) = self.lookup_entry(i.class, name) else {
                    return false;
                };
                if e.flags & ATTR_PLAIN == 0 {
                    return false;
                }
                match i.dict.entries.get(e.hint as usize) {
                    Some(en) if same_obj(en.key, name) => (i.class, None, e.hint as usize, true),
                    _ => match i
                        .dict
                        .find(self.str_hash(name), |k| self.str_key_eq(k, name))
                    {
                        Some(ix) => (i.class, Some(ix), ix, true),
                        None if e.flags & ATTR_STORE_NEW != 0 => {
                            let spare = i.dict.entries.len() < i.dict.entries.capacity();
                            (i.class, None, usize::MAX, spare)
                        }
                        None => return false,
                    },
                }
            }
            _ => return false,
        };
        if ix != usize::MAX {
            if let Obj::Instance(i) = self.heap.get_mut(r)
                && let Some(en) = i.dict.entries.get_mut(ix)
            {
                en.value = v;
            }
            if let Some(m) = moved {
                self.set_lookup_hint(cls, name, m);
            }
            return true;
        }
        // A new attribute (the class permits it, `ATTR_STORE_NEW`): only for a str name
        // (hashable without code); a full heap takes the slow path, which raises MemoryError.
        // An entry in reserved room was charged with the instance (`charge_attr_entry`).
        let h = match name {
            Value::Obj(n) => match self.heap.get(n) {
                Obj::Str(s) => s.hash,
                _ => return false,
            },
            _ => return false,
        };
        if !spare
            && self
                .heap
                .charge(core::mem::size_of::<crate::dict::Entry>())
                .is_err()
        {
            return false;
        }
        let mut at = None;
        if let Obj::Instance(i) = self.heap.get_mut(r) {
            at = Some(i.dict.entries.len());
            i.dict.push_new(h, name, v);
        }
        if let Some(at) = at {
            self.set_lookup_hint(cls, name, at);
            self.note_attr_count(cls, at + 1);
        }
        true
    }

    /// LOAD_METHOD without a bound method: the unbound plain function `obj.name` calls with
    /// `obj` first, when the instance dict does not shadow it (`None`: the general path).
    #[inline]
    fn method_fast(&self, obj: Value, name: Value) -> Option<Value> {
        if let Value::Obj(r) = obj
            && let Some(i) = self.heap.instance(r)
        {
            if i.dict_ref().is_some() {
                return None;
            }
            let e = self.lookup_entry(i.class, name)?;
            if e.flags & (ATTR_PLAIN | ATTR_METHOD) != ATTR_PLAIN | ATTR_METHOD {
                return None;
            }
            // The Bloom filter of the instance's keys settles almost every lookup without
            // scanning them.
            if !i.dict.is_empty()
                && i.dict.may_contain(self.str_hash(name))
                && i.dict
                    .find(self.str_hash(name), |k| self.str_key_eq(k, name))
                    .is_some()
            {
                return None;
            }
            return Some(e.value);
        }
        let cls = match obj {
            Value::Obj(r) => match self.heap.get(r) {
                Obj::Class(_) | Obj::Module(..) | Obj::Super(..) => return None,
                _ => self.class_of(obj),
            },
            _ => self.class_of(obj),
        };
        let e = self.lookup_entry(cls, name)?;
        if e.flags & ATTR_METHOD != 0 {
            Some(e.value)
        } else {
            None
        }
    }

    /// Comparisons that need no method call: ints and floats (`fast_compare`), identity of
    /// heap objects, and two exact strs (UTF-8 byte order is code point order).
    #[inline(always)]
    fn compare_fast(&self, c: CmpOp, l: Value, r: Value) -> Option<bool> {
        if let Some(b) = fast_compare(c, l, r) {
            return Some(b);
        }
        self.compare_objs(c, l, r)
    }

    /// The heap-object half of `compare_fast`.
    #[inline(never)]
    fn compare_objs(&self, c: CmpOp, l: Value, r: Value) -> Option<bool> {
        let (Value::Obj(a), Value::Obj(b)) = (l, r) else {
            return None;
        };
        match c {
            CmpOp::Is => return Some(a == b),
            CmpOp::IsNot => return Some(a != b),
            // A str in a dict or set (`key in counts`).
            CmpOp::In | CmpOp::NotIn => {
                if !matches!(self.heap.get(b), Obj::Dict(_) | Obj::Set(..)) {
                    return None;
                }
                let (found, _) = self.str_key_find(b, l)?;
                return Some(found.is_some() == (c == CmpOp::In));
            }
            _ => {}
        }
        let (Obj::Str(x), Obj::Str(y)) = (self.heap.get(a), self.heap.get(b)) else {
            return None;
        };
        // Equality: identity, then the cached hashes rule most unequal pairs out before the
        // texts are compared. Order: the first bytes usually decide (UTF-8 byte order is
        // code point order), without a memcmp call.
        if let CmpOp::Eq | CmpOp::Ne = c {
            let eq = a == b || (x.hash == y.hash && x.s == y.s);
            return Some(eq == (c == CmpOp::Eq));
        }
        let (p, q) = (x.s.as_bytes(), y.s.as_bytes());
        let o = match (p.first(), q.first()) {
            _ if a == b => core::cmp::Ordering::Equal,
            (Some(u), Some(v)) if u != v => u.cmp(v),
            _ => p.cmp(q),
        };
        Some(match c {
            CmpOp::Lt => o.is_lt(),
            CmpOp::Le => o.is_le(),
            CmpOp::Gt => o.is_gt(),
            CmpOp::Ge => o.is_ge(),
            _ => return None,
        })
    }

    /// `obj[idx]` for lists and tuples with an int index in range.
    #[inline]
    fn subscr_fast(&self, obj: Value, idx: Value) -> Option<Value> {
        let Value::Obj(r) = obj else {
            return None;
        };
        let items: &[Value] = match self.heap.get(r) {
            Obj::List(l) => l,
            Obj::Tuple(t) => t,
            // `counts[word]`: a str key present in a dict (a missing one raises KeyError on
            // the general path).
            Obj::Dict(_) => return self.dict_subscr_str(r, idx),
            Obj::Str(s) => return self.ascii_char_at(s, idx),
            _ => return None,
        };
        let Value::Int(i) = idx else {
            return None;
        };
        let j = if i < 0 { i + items.len() as i64 } else { i };
        // `usize::try_from`, not `as`: on a 32-bit target 2**32 would wrap to index 0.
        items.get(usize::try_from(j).ok()?).copied()
    }

    /// `s[i]` of an ASCII str whose character at `i` has been made before (the table of
    /// one-character strs, `char_str`, has it): no allocation. The first time, an index
    /// out of range or a non-ASCII str take the general path.
    #[inline(never)]
    fn ascii_char_at(&self, s: &crate::object::PyStr, idx: Value) -> Option<Value> {
        let Value::Int(i) = idx else {
            return None;
        };
        if s.chars != s.s.len() {
            return None;
        }
        let j = if i < 0 { i + s.chars as i64 } else { i };
        let b = *s.s.as_bytes().get(usize::try_from(j).ok()?)?;
        let v = *self.ascii_strs.get(usize::from(b))?;
        (!v.is_null()).then_some(v)
    }

    /// `d[key]` for a str `key` present in dict `d` (out of line: the list and tuple cases
    /// of `subscr_fast` inline into the dispatch loop).
    #[inline(never)]
    fn dict_subscr_str(&self, d: ObjRef, key: Value) -> Option<Value> {
        let (ix, _) = self.str_key_find(d, key)?;
        match self.heap.get(d) {
            Obj::Dict(t) => t.entries.get(ix?).map(|e| e.value),
            _ => None,
        }
    }

    /// `d[key] = v` for a str `key` and a dict `d` that is no namespace (whose stores must
    /// invalidate the global cache); `false` (nothing done) otherwise and when the heap has
    /// no room for a new entry, which the general path raises.
    #[inline(never)]
    fn dict_store_str(&mut self, d: ObjRef, key: Value, v: Value) -> bool {
        if !matches!(self.heap.get(d), Obj::Dict(t) if !t.namespace) {
            return false;
        }
        let Some((found, h)) = self.str_key_find(d, key) else {
            return false;
        };
        if found.is_none() && self.heap.charge(40).is_err() {
            return false;
        }
        if let Obj::Dict(t) = self.heap.get_mut(d) {
            match found.and_then(|ix| t.entries.get_mut(ix)) {
                Some(e) => e.value = v,
                None => t.push_new(h, key, v),
            }
        }
        true
    }

    /// `obj[idx] = v` for lists with an int index in range.
    #[inline]
    fn store_subscr_fast(&mut self, obj: Value, idx: Value, v: Value) -> bool {
        let Value::Obj(r) = obj else {
            return false;
        };
        let Value::Int(i) = idx else {
            return self.dict_store_str(r, idx, v);
        };
        if let Obj::List(l) = self.heap.get_mut(r) {
            let j = if i < 0 { i + l.len() as i64 } else { i };
            // `usize::try_from`, not `as`: on a 32-bit target 2**32 would wrap to index 0.
            if let Some(slot) = usize::try_from(j).ok().and_then(|j| l.get_mut(j)) {
                *slot = v;
                return true;
            }
        }
        false
    }

    /// Runs the instructions after an UNPACK_SEQUENCE that take its items: STORE_FAST (the
    /// first half of STORE_FAST+LOAD_FAST, whose second half then runs as itself) and
    /// nested UNPACK_SEQUENCEs of exact lists and tuples of the right length. Returns the
    /// instruction to continue at. None of them can fail, so running them here is running
    /// them in order. Hosts only (flash).
    #[cfg(feature = "std")]
    #[inline]
    fn unpack_targets(&mut self, ops: &[Op], mut ip: usize, base: usize) -> usize {
        loop {
            match ops.get(ip) {
                Some(&Op::StoreFast(s)) => {
                    let Some(v) = self.stack.pop() else { return ip };
                    self.stack[base + s.ix()] = v;
                    ip += 1;
                }
                Some(&Op::StoreFastLoadFast(a, _)) => {
                    let Some(v) = self.stack.pop() else { return ip };
                    self.stack[base + a as usize] = v;
                    return ip + 1;
                }
                Some(&Op::UnpackSequence(k)) => {
                    let Some(&Value::Obj(r)) = self.stack.last() else {
                        return ip;
                    };
                    let items: &[Value] = match self.heap.get(r) {
                        Obj::List(l) => l,
                        Obj::Tuple(t) => t,
                        _ => return ip,
                    };
                    if items.len() != k.ix() {
                        return ip;
                    }
                    self.stack.pop();
                    push_reversed(&mut self.stack, items);
                    ip += 1;
                }
                _ => return ip,
            }
        }
    }

    /// One step of a range or list/tuple iterator: `Some(Some(v))` next item, `Some(None)`
    /// exhausted, `None` not such an iterator. Always inline: the dispatch loop's FOR_ITER
    /// pays a call otherwise (it has more than one caller).
    #[inline(always)]
    fn for_iter_fast(&mut self, r: ObjRef) -> Option<Option<Value>> {
        let (s, i) = match self.heap.get_mut(r) {
            Obj::Iter(IterState::Range { cur, stop, step }) => {
                return if (*step > 0 && *cur < *stop) || (*step < 0 && *cur > *stop) {
                    let v = *cur;
                    *cur = cur.saturating_add(*step);
                    Some(Some(Value::Int(v)))
                } else {
                    Some(None)
                };
            }
            Obj::Iter(IterState::Seq(s, i)) => (*s, *i),
            _ => return None,
        };
        let v = match self.heap.get(s) {
            Obj::List(l) => l.get(i).copied(),
            Obj::Tuple(t) => t.get(i).copied(),
            _ => return None,
        };
        if v.is_some()
            && let Obj::Iter(IterState::Seq(_, i)) = self.heap.get_mut(r)
        {
            *i += 1;
        }
        Some(v)
    }

    /// FOR_ITER's general path (out of `slow_op`, whose stack frame every nested
    /// native→Python call repeats).
    #[inline(never)]
    fn slow_for_iter(&mut self, fi: usize, target: usize) -> Result<(), Exc> {
        let it = self.top();
        if let Value::Obj(r) = it {
            // Fast paths: range and list iteration step in place.
            let mut fast: Option<Option<Value>> = None;
            let mut list_pos: Option<(crate::value::ObjRef, usize)> = None;
            match self.heap.get_mut(r) {
                Obj::Iter(IterState::Range { cur, stop, step }) => {
                    if (*step > 0 && *cur < *stop) || (*step < 0 && *cur > *stop) {
                        let v = *cur;
                        *cur = cur.saturating_add(*step);
                        fast = Some(Some(Value::Int(v)));
                    } else {
                        fast = Some(None);
                    }
                }
                Obj::Iter(IterState::Seq(s, i)) => list_pos = Some((*s, *i)),
                Obj::Generator(_) => {
                    self.resume_generator(r, Value::None, None, Ret::GenFor(target as u32))?;
                    return Ok(());
                }
                _ => {}
            }
            if let Some((s, i)) = list_pos {
                let v = match self.heap.get(s) {
                    Obj::List(l) => Some(l.get(i).copied()),
                    Obj::Tuple(t) => Some(t.get(i).copied()),
                    _ => None,
                };
                if let Some(v) = v {
                    if v.is_some() {
                        if let Obj::Iter(IterState::Seq(_, i)) = self.heap.get_mut(r) {
                            *i += 1;
                        }
                    }
                    fast = Some(v);
                }
            }
            match fast {
                Some(Some(v)) => {
                    self.stack.push(v);
                    return Ok(());
                }
                Some(None) => {
                    self.stack.pop();
                    self.frames[fi].ip = target;
                    return Ok(());
                }
                None => {}
            }
        }
        // `for a, b in zip(x, y)`: no tuple per step.
        if let Value::Obj(r) = it
            && self.for_zip_unpack(fi, r, target)?
        {
            return Ok(());
        }
        // The iterator is on the stack and no native is below: a `filter` may let
        // its Python predicate collect garbage (it may run many times per item).
        self.next_from_loop = true;
        let r = self.iter_next(it);
        self.next_from_loop = false;
        match r? {
            Some(v) => self.stack.push(v),
            None => {
                self.stack.pop();
                self.frames[fi].ip = target;
            }
        }
        Ok(())
    }

    /// FOR_ITER over a `zip` of up to 4 iterables followed by an UNPACK_SEQUENCE of as many
    /// targets (`for a, b in zip(x, y)`): the items go straight to the targets, as that
    /// instruction would unpack zip's tuple (which nothing else can see), and it is skipped:
    /// no tuple per step. `false` (nothing done) for any other loop. Out of `slow_op`, whose
    /// stack frame every nested native→Python call repeats.
    #[inline(never)]
    fn for_zip_unpack(&mut self, fi: usize, r: ObjRef, target: usize) -> Result<bool, Exc> {
        let Some(f) = self.frames.get(fi) else {
            return Ok(false);
        };
        let Some(Op::UnpackSequence(k)) = f.code.ops.get(f.ip).copied() else {
            return Ok(false);
        };
        let mut few = [Value::Null; 5];
        let (n, strict) = match self.heap.get(r) {
            Obj::Iter(IterState::Zip(its)) if its.len() <= few.len() => {
                let strict = matches!(its.last(), Some(Value::Bool(true)));
                if its.len() - usize::from(strict) != k.ix() || k.ix() == 0 {
                    return Ok(false);
                }
                few[..its.len()].copy_from_slice(its);
                (its.len(), strict)
            }
            _ => return Ok(false),
        };
        let step = if strict {
            self.next_from_loop = true;
            let step = self.zip_step(&few[..n]);
            self.next_from_loop = false;
            step?
        } else {
            // The items of a plain zip one by one into `few`, which no longer needs the
            // iterators: no vector per step.
            let mut done = false;
            for slot in few[..n].iter_mut() {
                // A list, tuple or range iterator's next item, in place (hosts only: flash;
                // the end goes the general way, which marks the iterator done).
                #[cfg(feature = "std")]
                if let Value::Obj(ir) = *slot
                    && let Some(Some(v)) = self.for_iter_fast(ir)
                {
                    *slot = v;
                    continue;
                }
                self.next_from_loop = true;
                let v = self.iter_next(*slot);
                self.next_from_loop = false;
                match v? {
                    Some(v) => *slot = v,
                    None => {
                        done = true;
                        break;
                    }
                }
            }
            if !done {
                push_reversed(&mut self.stack, &few[..n]);
                self.frames[fi].ip += 1;
                // The targets' stores too (`for a, b in zip(x, y):`), as after an unpack.
                #[cfg(feature = "std")]
                {
                    let f = &self.frames[fi];
                    let (code, ip, base) = (f.code.clone(), f.ip, f.base);
                    self.frames[fi].ip = self.unpack_targets(&code.ops, ip, base);
                }
                return Ok(true);
            }
            None
        };
        match step {
            Some(vals) if vals.len() == k.ix() => {
                push_reversed(&mut self.stack, &vals);
                self.frames[fi].ip += 1;
            }
            Some(vals) => {
                // Not reached (the count was checked above): the tuple, as `iter_next` makes.
                let t = self.alloc(Obj::Tuple(vals.into_boxed_slice()))?;
                self.stack.push(t);
            }
            None => {
                if let Obj::Iter(s) = self.heap.get_mut(r) {
                    *s = IterState::Done;
                }
                self.stack.pop();
                self.frames[fi].ip = target;
            }
        }
        Ok(true)
    }

    /// A call instruction's general path (CALL, CALL_METHOD without keywords): the callee at
    /// `fpos` with `argc` arguments above it, its result pushed at `ret_sp`. Called by the fast
    /// loop directly when the frame fast paths decline (natives, bound methods, classes), which
    /// saves slow_op's entry, re-decoding and exit on every such call.
    #[inline(never)]
    fn call_op(
        &mut self,
        fpos: usize,
        argc: usize,
        ret_sp: usize,
        top_level: bool,
    ) -> Result<Option<Exit>, Exc> {
        let res = match self.native_call_fast(fpos, argc, ret_sp) {
            Some(r) => r?,
            None => self.invoke(fpos, argc, None, ret_sp, Ret::Push)?,
        };
        if let Some(v) = res {
            self.stack.push(v);
            if let Some(until) = self.pending_sleep.take()
                && top_level
            {
                return Ok(Some(Exit::Sleep(until)));
            }
        }
        Ok(None)
    }

    /// The two builtin calls that a loop body makes most, done in place: `len(x)` of a str,
    /// list, tuple, dict or set, and `list.append(l, x)` of a list (the callee at
    /// `stack[fpos]` is known by its `NativeFunc::data` tag, set when it was made, and takes
    /// its `argc` arguments above it); the result replaces the stack from `ret_sp` up, as
    /// CPython 3.11's specialised `len` and `list.append` calls. None (nothing changed) for
    /// anything else, which goes the general way and raises any error there. Host only (see
    /// `resume_plain`).
    #[cfg(feature = "std")]
    #[inline(never)]
    fn builtin_inline(
        &mut self,
        fpos: usize,
        argc: usize,
        ret_sp: usize,
    ) -> Option<Result<(), Exc>> {
        let &Value::Obj(f) = self.stack.get(fpos)? else {
            return None;
        };
        let Obj::Native(nf) = self.heap.get(f) else {
            return None;
        };
        if !nf.bound.is_null() {
            return None;
        }
        let &Value::Obj(r) = self.stack.get(fpos + 1)? else {
            return None;
        };
        let result = match (nf.data, argc) {
            (INTRINSIC_LEN, 1) => {
                let n = match self.heap.get(r) {
                    Obj::Str(s) => s.chars,
                    Obj::List(l) => l.len(),
                    Obj::Tuple(t) => t.len(),
                    Obj::Dict(d) | Obj::Set(d, _) => d.len(),
                    _ => return None,
                };
                Value::Int(n as i64)
            }
            (INTRINSIC_APPEND, 2) => {
                let v = *self.stack.get(fpos + 2)?;
                if !matches!(self.heap.get(r), Obj::List(_)) {
                    return None;
                }
                if let Err(e) = self.list_append(Value::Obj(r), v) {
                    return Some(Err(e));
                }
                Value::None
            }
            _ => return None,
        };
        self.stack.truncate(ret_sp);
        self.stack.push(result);
        Some(Ok(()))
    }

    /// Devices take the general call (see `resume_plain`).
    #[cfg(not(feature = "std"))]
    #[inline(always)]
    fn builtin_inline(&mut self, _: usize, _: usize, _: usize) -> Option<Result<(), Exc>> {
        None
    }

    /// `invoke` of a native function (a builtin, a builtin type's method, a generator
    /// intrinsic; not an embedder function) with at most `NATIVE_FAST_ARGS` arguments and no
    /// keywords: they are copied to an array on the Rust stack (the native needs them
    /// outside `self.stack`), not to the shared argument buffer, and the keyword vector is
    /// not made. None when it does not apply.
    #[inline]
    fn native_call_fast(
        &mut self,
        fpos: usize,
        argc: usize,
        ret_sp: usize,
    ) -> Option<Result<Option<Value>, Exc>> {
        let Value::Obj(r) = *self.stack.get(fpos)? else {
            return None;
        };
        let Obj::Native(n) = self.heap.get(r) else {
            return None;
        };
        let (f, bound, data) = (n.f, n.bound, n.data);
        let k = usize::from(!bound.is_null());
        let embedder = data & crate::native::EMBEDDER_FLAG != 0 && data < INTRINSIC_NEXT;
        if embedder || argc + k > NATIVE_FAST_ARGS {
            return None;
        }
        let mut args = [bound; NATIVE_FAST_ARGS];
        // Value by value: copy_from_slice of a few values is a call to memcpy.
        for (d, s) in args[k..k + argc]
            .iter_mut()
            .zip(self.stack.get(fpos + 1..fpos + 1 + argc)?)
        {
            *d = *s;
        }
        // next(gn) / gn.send(v): the generator resumes as a frame of the loop.
        if data >= INTRINSIC_NEXT {
            match self.intrinsic(data, &args[..k + argc], ret_sp, Ret::Push) {
                Ok(None) => {}
                Ok(Some(res)) => return Some(Ok(res)),
                Err(e) => return Some(Err(e)),
            }
        }
        let res = f(self, &args[..k + argc], &[]);
        self.stack.truncate(ret_sp);
        Some(self.take_handoff(res, ret_sp, Ret::Push))
    }

    /// Executes one instruction the fast loop does not handle inline. `Some(exit)` stops the run.
    #[inline(never)]
    fn slow_op(&mut self, fi: usize, base: usize, top_level: bool) -> Result<Option<Exit>, Exc> {
        // Re-read here so the fast loop need not keep the decoded operands alive.
        let op = {
            let f = &self.frames[fi];
            f.code
                .ops
                .get(f.ip.wrapping_sub(1))
                .copied()
                .unwrap_or(Op::ReturnValue)
                .first_half()
        };
        match op {
            Op::Nop => {}
            Op::Pop => {
                self.stack.pop();
            }
            Op::PopIter => {
                let it = pop!(self);
                if self.is_suspended_in_block(it) && self.gc_allowed(top_level) {
                    // Closed by the collection if this loop held the last reference.
                    self.collect_garbage();
                    if top_level {
                        self.run_scheduled()?;
                    }
                }
            }
            Op::Dup => {
                let v = self.top();
                self.stack.push(v);
            }
            Op::Dup2 => {
                let n = self.stack.len();
                let (a, b) = (self.stack[n - 2], self.stack[n - 1]);
                self.stack.push(a);
                self.stack.push(b);
            }
            Op::Rot2 => {
                let n = self.stack.len();
                self.stack.swap(n - 1, n - 2);
            }
            Op::Rot3 => {
                let v = pop!(self);
                let n = self.stack.len();
                self.stack.insert(n - 2, v);
            }
            Op::Rot4 => {
                let v = pop!(self);
                let n = self.stack.len();
                self.stack.insert(n - 3, v);
            }
            Op::LoadConst(i) => {
                let v = self.frames[fi].code.consts[i.ix()];
                self.stack.push(v);
            }
            Op::LoadNone => self.stack.push(Value::None),
            Op::LoadTrue => self.stack.push(Value::Bool(true)),
            Op::LoadFalse => self.stack.push(Value::Bool(false)),
            Op::LoadInt(i) => self.stack.push(Value::Int(i.get() as i64)),
            Op::LoadFast(s) => {
                let v = self.stack[base + s.ix()];
                if v.is_null() {
                    let n = String::from(self.varname_str(&self.frames[fi].code, s.ix()));
                    return Err(self.exc_msg(
                        kind::UNBOUND_LOCAL,
                        &format!("cannot access local variable '{}' where it is not associated with a value", n),
                    ));
                }
                self.stack.push(v);
            }
            Op::StoreFast(s) => {
                let v = pop!(self);
                self.stack[base + s.ix()] = v;
            }
            Op::DeleteFast(s) => {
                if self.stack[base + s.ix()].is_null() {
                    let n = String::from(self.varname_str(&self.frames[fi].code, s.ix()));
                    return Err(self.exc_msg(
                        kind::UNBOUND_LOCAL,
                        &format!("cannot access local variable '{}' where it is not associated with a value", n),
                    ));
                }
                self.stack[base + s.ix()] = Value::Null;
            }
            Op::LoadDeref(s) => {
                let cell = self.stack[base + s.ix()];
                let v = match cell {
                    Value::Obj(r) => match self.heap.get(r) {
                        Obj::Cell(v) => *v,
                        _ => Value::Null,
                    },
                    _ => Value::Null,
                };
                if v.is_null() {
                    let n = String::from(self.varname_str(&self.frames[fi].code, s.ix()));
                    return Err(self.exc_msg(
                        kind::NAME,
                        &format!("cannot access free variable '{}' where it is not associated with a value in enclosing scope", n),
                    ));
                }
                self.stack.push(v);
            }
            Op::StoreDeref(s) | Op::DeleteDeref(s) => {
                let v = if let Op::StoreDeref(_) = op {
                    pop!(self)
                } else {
                    Value::Null
                };
                if let Value::Obj(r) = self.stack[base + s.ix()]
                    && let Obj::Cell(c) = self.heap.get_mut(r)
                {
                    *c = v;
                }
            }
            Op::LoadClosure(s) => {
                let v = self.stack[base + s.ix()];
                self.stack.push(v);
            }
            Op::LoadGlobal(i) => {
                let f = &self.frames[fi];
                let name = Value::Obj(f.code.names[i.ix()]);
                let g = f.globals;
                let (slot, nr) = global_cache_slot(g, name);
                let (g0, n0, v0, val) = self.global_cache[slot];
                if g0 == g.0 && n0 == nr && v0 == self.dict_version {
                    self.stack.push(val);
                    return Ok(None);
                }
                let v = match self.dict_get_str(g, name) {
                    Some(v) => v,
                    None => match self.dict_get_str(self.builtins, name) {
                        Some(v) => v,
                        None => match self.lazy_builtin(name)? {
                            Some(v) => v,
                            None => return Err(self.name_error(name)),
                        },
                    },
                };
                // From now on changes to these two dicts invalidate the cache (`Dict::namespace`).
                let builtins = self.builtins;
                for d in [g, builtins] {
                    if let Obj::Dict(d) = self.heap.get_mut(d) {
                        d.namespace = true;
                    }
                }
                self.global_cache[slot] = (g.0, nr, self.dict_version, v);
                self.stack.push(v);
            }
            Op::StoreGlobal(i) => {
                let f = &self.frames[fi];
                let name = Value::Obj(f.code.names[i.ix()]);
                let g = f.globals;
                let v = pop!(self);
                self.dict_set_str(g, name, v)?;
            }
            Op::DeleteGlobal(i) => {
                let f = &self.frames[fi];
                let name = Value::Obj(f.code.names[i.ix()]);
                let g = f.globals;
                if !self.dict_del_str(g, name) {
                    return Err(self.name_error(name));
                }
            }
            Op::LoadName(i) => {
                let f = &self.frames[fi];
                let name = Value::Obj(f.code.names[i.ix()]);
                let g = f.globals;
                let ns = f.ns;
                let v = ns
                    .and_then(|ns| self.dict_get_str(ns, name))
                    .or_else(|| self.dict_get_str(g, name))
                    .or_else(|| self.dict_get_str(self.builtins, name));
                match v {
                    Some(v) => self.stack.push(v),
                    None => match self.lazy_builtin(name)? {
                        Some(v) => self.stack.push(v),
                        None => return Err(self.name_error(name)),
                    },
                }
            }
            Op::StoreName(i) => {
                let f = &self.frames[fi];
                let name = Value::Obj(f.code.names[i.ix()]);
                let d = f.ns.unwrap_or(f.globals);
                let v = pop!(self);
                self.dict_set_str(d, name, v)?;
            }
            Op::DeleteName(i) => {
                let f = &self.frames[fi];
                let name = Value::Obj(f.code.names[i.ix()]);
                let d = f.ns.unwrap_or(f.globals);
                if !self.dict_del_str(d, name) {
                    return Err(self.name_error(name));
                }
            }
            Op::LoadAttr(i) => {
                let name = Value::Obj(self.frames[fi].code.names[i.ix()]);
                let obj = self.top();
                if self.is_instance_value(obj)
                    && let Some(fget) = self.python_property_getter(obj, name)
                {
                    // Run the getter as a frame of this loop (no nested run): [fget, obj].
                    let pos = self.stack.len() - 1;
                    self.stack[pos] = fget;
                    self.stack.push(obj);
                    if let Some(v) = self.invoke(pos, 1, None, pos, Ret::Push)? {
                        self.stack.push(v);
                    }
                    return Ok(None);
                }
                let obj = pop!(self);
                let v = self.get_attr(obj, name)?;
                self.stack.push(v);
            }
            Op::StoreAttr(i) => {
                let name = Value::Obj(self.frames[fi].code.names[i.ix()]);
                let obj = pop!(self);
                let v = pop!(self);
                self.set_attr(obj, name, v)?;
            }
            Op::DeleteAttr(i) => {
                let name = Value::Obj(self.frames[fi].code.names[i.ix()]);
                let obj = pop!(self);
                self.del_attr(obj, name)?;
            }
            Op::LoadMethod(i) => {
                let name = Value::Obj(self.frames[fi].code.names[i.ix()]);
                let obj = pop!(self);
                if let Some((callable, first)) = self.method_unbound_op(obj, name) {
                    self.stack.push(callable);
                    self.stack.push(first);
                    return Ok(None);
                }
                match self.lookup_method(obj, name)? {
                    Some(m) => {
                        self.stack.push(m);
                        self.stack.push(obj);
                    }
                    None => {
                        let v = self.get_attr(obj, name)?;
                        self.stack.push(Value::Null);
                        self.stack.push(v);
                    }
                }
            }
            Op::CallMethod(n) => {
                let n = n.ix();
                let pos = self.stack.len() - n - 2;
                return if self.stack[pos].is_null() {
                    self.call_op(pos + 1, n, pos, top_level)
                } else {
                    self.call_op(pos, n + 1, pos, top_level)
                };
            }
            Op::Call(n) => {
                let pos = self.stack.len() - n.ix() - 1;
                return self.call_op(pos, n.ix(), pos, top_level);
            }
            Op::CallKw(n) => {
                let names = pop!(self);
                let pos = self.stack.len() - n.ix() - 1;
                let kw = names.as_obj();
                if let Some(v) = self.invoke(pos, n.ix(), kw, pos, Ret::Push)? {
                    self.stack.push(v);
                    if let Some(until) = self.pending_sleep.take()
                        && top_level
                    {
                        return Ok(Some(Exit::Sleep(until)));
                    }
                }
            }
            Op::CallEx(fl) => {
                let fl = fl.get();
                let kwargs = if fl & 1 != 0 { pop!(self) } else { Value::Null };
                let args = pop!(self);
                if fl == 2 && self.runs_python(args) {
                    // A lone `f(*gen)`: the call re-runs with the items as a list.
                    return self.rerun_with_helper(fi, Helper::List, &[args]);
                }
                let func = pop!(self);
                let pos = self.stack.len();
                self.stack.push(func);
                let items = if fl & 2 != 0 {
                    // A lone `f(*x)`: rooted on the stack while it is iterated.
                    self.stack.push(args);
                    self.stack.push(kwargs);
                    let items = self.star_items(args, Some(func));
                    self.stack.truncate(pos + 1);
                    items?
                } else {
                    self.seq_items(args)?
                };
                let n = items.len();
                self.stack.extend_from_slice(&items);
                let mut kwn = None;
                let mut total = n;
                if let Value::Obj(d) = kwargs {
                    let entries: Vec<(Value, Value)> = match self.heap.get(d) {
                        Obj::Dict(d) => d.iter().map(|e| (e.key, e.value)).collect(),
                        _ => Vec::new(),
                    };
                    let mut names = Vec::new();
                    for (k, v) in entries {
                        if self.str_of(k).is_none() {
                            return Err(self.type_error("keywords must be strings"));
                        }
                        names.push(k);
                        self.stack.push(v);
                        total += 1;
                    }
                    if !names.is_empty() {
                        let t = self.alloc(Obj::Tuple(names.into_boxed_slice()))?;
                        kwn = t.as_obj();
                    }
                }
                if let Some(v) = self.invoke(pos, total, kwn, pos, Ret::Push)? {
                    self.stack.push(v);
                    if let Some(until) = self.pending_sleep.take()
                        && top_level
                    {
                        return Ok(Some(Exit::Sleep(until)));
                    }
                }
            }
            Op::Binary(b) | Op::Inplace(b) => {
                if matches!(op, Op::Binary(_))
                    && self.is_instance_value(self.stack[self.stack.len() - 2])
                    && self.call_dunder_in_loop(b)?
                {
                    return Ok(None);
                }
                let r = pop!(self);
                let l = pop!(self);
                let v = match (b, l, r) {
                    (BinOp::Add, Value::Int(x), Value::Int(y)) => match x.checked_add(y) {
                        Some(z) => Value::Int(z),
                        None => self.binary_op(b, l, r, matches!(op, Op::Inplace(_)))?,
                    },
                    (BinOp::Sub, Value::Int(x), Value::Int(y)) => match x.checked_sub(y) {
                        Some(z) => Value::Int(z),
                        None => self.binary_op(b, l, r, false)?,
                    },
                    (BinOp::Mul, Value::Int(x), Value::Int(y)) => match x.checked_mul(y) {
                        Some(z) => Value::Int(z),
                        None => self.binary_op(b, l, r, false)?,
                    },
                    (BinOp::Add, Value::Float(x), Value::Float(y)) => Value::Float(x + y),
                    (BinOp::Add, Value::Float(x), Value::Int(y)) => Value::Float(x + y as f64),
                    (BinOp::Add, Value::Int(x), Value::Float(y)) => Value::Float(x as f64 + y),
                    (BinOp::Sub, Value::Float(x), Value::Int(y)) => Value::Float(x - y as f64),
                    (BinOp::Sub, Value::Int(x), Value::Float(y)) => Value::Float(x as f64 - y),
                    (BinOp::Mul, Value::Float(x), Value::Int(y)) => Value::Float(x * y as f64),
                    (BinOp::Mul, Value::Int(x), Value::Float(y)) => Value::Float(x as f64 * y),
                    (BinOp::Div, Value::Float(x), Value::Float(y)) if y != 0.0 => {
                        Value::Float(x / y)
                    }
                    (BinOp::Div, Value::Float(x), Value::Int(y)) if y != 0 => {
                        Value::Float(x / y as f64)
                    }
                    (BinOp::Div, Value::Int(x), Value::Float(y)) if y != 0.0 => {
                        Value::Float(x as f64 / y)
                    }
                    (BinOp::Div, Value::Int(x), Value::Int(y))
                        if y != 0
                            && x.unsigned_abs() < (1 << 53)
                            && y.unsigned_abs() < (1 << 53) =>
                    {
                        Value::Float(x as f64 / y as f64)
                    }
                    (BinOp::Mod, Value::Int(x), Value::Int(y)) if y > 0 && x >= 0 => {
                        Value::Int(x % y)
                    }
                    (BinOp::FloorDiv, Value::Int(x), Value::Int(y)) if y > 0 && x >= 0 => {
                        Value::Int(x / y)
                    }
                    (BinOp::BitAnd, Value::Int(x), Value::Int(y)) => Value::Int(x & y),
                    (BinOp::BitAnd, Value::Bool(x), Value::Bool(y)) => Value::Bool(x & y),
                    (BinOp::BitOr, Value::Bool(x), Value::Bool(y)) => Value::Bool(x | y),
                    (BinOp::BitXor, Value::Bool(x), Value::Bool(y)) => Value::Bool(x ^ y),
                    (BinOp::BitXor, Value::Int(x), Value::Int(y)) => Value::Int(x ^ y),
                    (BinOp::BitOr, Value::Int(x), Value::Int(y)) => Value::Int(x | y),
                    (BinOp::Sub, Value::Float(x), Value::Float(y)) => Value::Float(x - y),
                    (BinOp::Mul, Value::Float(x), Value::Float(y)) => Value::Float(x * y),
                    _ => self.binary_op(b, l, r, matches!(op, Op::Inplace(_)))?,
                };
                self.stack.push(v);
            }
            Op::Unary(u) => {
                let v = pop!(self);
                let r = match (u, v) {
                    (UnOp::Not, _) => Value::Bool(!self.truthy(v)?),
                    (UnOp::Neg, Value::Int(i)) if i != i64::MIN => Value::Int(-i),
                    (UnOp::Neg, Value::Float(f)) => Value::Float(-f),
                    _ => self.unary_op(u, v)?,
                };
                self.stack.push(r);
            }
            Op::Compare(c) => {
                let r = pop!(self);
                let l = pop!(self);
                if matches!(c, CmpOp::In | CmpOp::NotIn)
                    && self.runs_python(r)
                    && self.lookup_special(r, self.n.contains).is_none()
                {
                    let sp = self.stack.len();
                    let found = Value::Bool(c == CmpOp::In);
                    if let Some(v) =
                        self.push_helper(Helper::Contains, &[r, l, found], sp, Ret::Push)?
                    {
                        self.stack.push(v);
                    }
                    return Ok(None);
                }
                if matches!(c, CmpOp::In | CmpOp::NotIn) && self.contains_may_be_long(r, l) {
                    // A native iterator may be endless (`x in iter(int, 1)`): in chunks.
                    let it = self.get_iter(r)?;
                    let (kind, init) = match c {
                        CmpOp::In => (Step::In, false),
                        _ => (Step::NotIn, true),
                    };
                    match self.run_chunked(kind, it, Value::Bool(init), l, Value::None)? {
                        Chunked::Done(v) => self.stack.push(v),
                        Chunked::More(args) => {
                            let sp = self.stack.len();
                            if let Some(v) =
                                self.push_helper(Helper::Resume, &args, sp, Ret::Push)?
                            {
                                self.stack.push(v);
                            }
                        }
                    }
                    return Ok(None);
                }
                let v = match (c, l, r) {
                    (CmpOp::Lt, Value::Int(x), Value::Int(y)) => Value::Bool(x < y),
                    (CmpOp::Le, Value::Int(x), Value::Int(y)) => Value::Bool(x <= y),
                    (CmpOp::Gt, Value::Int(x), Value::Int(y)) => Value::Bool(x > y),
                    (CmpOp::Ge, Value::Int(x), Value::Int(y)) => Value::Bool(x >= y),
                    (CmpOp::Eq, Value::Int(x), Value::Int(y)) => Value::Bool(x == y),
                    (CmpOp::Ne, Value::Int(x), Value::Int(y)) => Value::Bool(x != y),
                    (CmpOp::Lt, Value::Float(x), Value::Float(y)) => Value::Bool(x < y),
                    (CmpOp::Le, Value::Float(x), Value::Float(y)) => Value::Bool(x <= y),
                    (CmpOp::Gt, Value::Float(x), Value::Float(y)) => Value::Bool(x > y),
                    (CmpOp::Ge, Value::Float(x), Value::Float(y)) => Value::Bool(x >= y),
                    _ => self.compare_op(c, l, r)?,
                };
                self.stack.push(v);
            }
            Op::Subscr => {
                let idx = pop!(self);
                let obj = pop!(self);
                let v = self.get_item(obj, idx)?;
                self.stack.push(v);
            }
            Op::StoreSubscr => {
                let idx = pop!(self);
                let obj = pop!(self);
                let v = pop!(self);
                self.set_item(obj, idx, v)?;
            }
            Op::DeleteSubscr => {
                let idx = pop!(self);
                let obj = pop!(self);
                self.del_item(obj, idx)?;
            }
            Op::BuildTuple(n) => {
                let at = self.stack.len() - n.ix();
                let items: Box<[Value]> = self.stack.drain(at..).collect();
                let v = self.alloc(Obj::Tuple(items))?;
                self.stack.push(v);
            }
            Op::BuildList(n) => {
                let at = self.stack.len() - n.ix();
                let items: Vec<Value> = self.stack.drain(at..).collect();
                let v = self.alloc(Obj::List(items))?;
                self.stack.push(v);
            }
            Op::BuildSet(n) => {
                let at = self.stack.len() - n.ix();
                let items: Vec<Value> = self.stack.drain(at..).collect();
                let v = self.alloc(Obj::Set(Dict::new(), false))?;
                self.stack.push(v);
                for it in items {
                    self.set_add(v, it)?;
                }
            }
            Op::BuildMap(n) => {
                let at = self.stack.len() - 2 * n.ix();
                let items: Vec<Value> = self.stack.drain(at..).collect();
                let v = self.alloc(Obj::Dict(Dict::new()))?;
                self.stack.push(v);
                for kv in items.chunks(2) {
                    self.dict_set(v, kv[0], kv[1])?;
                }
            }
            Op::BuildSlice(n) => {
                let next = self.frames[fi].code.ops.get(self.frames[fi].ip).copied();
                if self.slice_without_object(n.ix(), next)? {
                    // The SUBSCR / STORE_SUBSCR after it is done.
                    self.frames[fi].ip += 1;
                    return Ok(None);
                }
                let n = n.get();
                let step = if n == 3 { pop!(self) } else { Value::None };
                let stop = pop!(self);
                let start = pop!(self);
                let v = self.alloc(Obj::Slice(Box::new([start, stop, step])))?;
                self.stack.push(v);
            }
            Op::BuildString(n) => {
                // An f-string's parts (strs made by FORMAT_VALUE) joined in one buffer of the
                // final size, the char counts summed: no growing, no copy, no recount.
                let at = self.stack.len() - n.ix();
                let (mut len, mut chars, mut exact) = (0, 0, true);
                for &v in &self.stack[at..] {
                    match v {
                        Value::Obj(r) if let Obj::Str(p) = self.heap.get(r) => {
                            len += p.s.len();
                            chars += p.chars;
                        }
                        _ => {
                            exact = false;
                            len += self.str_of(v).map_or(0, str::len);
                        }
                    }
                }
                let mut s = String::with_capacity(len);
                for &v in &self.stack[at..] {
                    s.push_str(self.str_of(v).unwrap_or(""));
                }
                self.stack.truncate(at);
                let v = if exact {
                    self.new_string_chars(s, chars)?
                } else {
                    self.new_string(s)?
                };
                self.stack.push(v);
            }
            Op::ListAppend(d) => {
                let v = pop!(self);
                let l = self.stack[self.stack.len() - d.ix()];
                self.list_append(l, v)?;
            }
            Op::SetAdd(d) => {
                let v = pop!(self);
                let s = self.stack[self.stack.len() - d.ix()];
                self.set_add(s, v)?;
            }
            Op::MapAdd(d) => {
                let v = pop!(self);
                let k = pop!(self);
                let m = self.stack[self.stack.len() - d.ix()];
                self.dict_set(m, k, v)?;
            }
            Op::ListExtend => {
                let it = pop!(self);
                if self.runs_python(it) {
                    return self.rerun_with_helper(fi, Helper::List, &[it]);
                }
                let l = self.top();
                let items = self.star_items(it, None)?;
                self.list_extend(l, &items)?;
            }
            Op::SetUpdate => {
                let it = pop!(self);
                if self.runs_python(it) {
                    return self.rerun_with_helper(fi, Helper::List, &[it]);
                }
                let s = self.top();
                let items = self.collect_iter(it)?;
                for x in items {
                    self.set_add(s, x)?;
                }
            }
            Op::DictMerge => {
                let src = pop!(self);
                let d = self.top();
                // `{**x}` takes mappings only (dict.update would take pairs too).
                if !matches!(src, Value::Obj(r) if matches!(self.heap.get(r), Obj::Dict(_))) {
                    let keys = self.intern("keys")?;
                    if self.get_attr_opt(src, keys)?.is_none() {
                        let tn = self.type_name(src);
                        let msg = format!("'{}' object is not a mapping", tn);
                        return Err(self.type_error(&msg));
                    }
                }
                self.dict_update(d, src)?;
            }
            Op::DictMergeCall => {
                let src = pop!(self);
                let d = self.top();
                let callee = self.stack[self.stack.len() - 3];
                self.merge_call_kwargs(d, src, callee)?;
            }
            Op::Match(k, n) => self.match_op(k, n)?,
            Op::ListToTuple => {
                let l = pop!(self);
                let items = match l {
                    Value::Obj(r) => match self.heap.get_mut(r) {
                        Obj::List(v) => core::mem::take(v),
                        _ => Vec::new(),
                    },
                    _ => Vec::new(),
                };
                let v = self.alloc(Obj::Tuple(items.into_boxed_slice()))?;
                self.stack.push(v);
            }
            Op::FormatValue(fl) => {
                let spec = if fl & 4 != 0 { pop!(self) } else { Value::Null };
                let v = pop!(self);
                let v = match fl & 3 {
                    1 => {
                        let s = self.to_str(v)?;
                        self.new_str(&s)?
                    }
                    2 => {
                        let s = self.repr(v)?;
                        self.new_str(&s)?
                    }
                    3 => {
                        let s = self.repr(v)?;
                        let s = crate::format::ascii_escape(&s);
                        self.new_str(&s)?
                    }
                    _ => v,
                };
                let spec_s = if spec.is_null() {
                    String::new()
                } else {
                    String::from(self.str_of(spec).unwrap_or(""))
                };
                let r = if spec_s.is_empty() && self.str_of(v).is_some() && self.heap_str_exact(v) {
                    v
                } else {
                    let s = self.format_value(v, &spec_s)?;
                    self.new_str(&s)?
                };
                self.stack.push(r);
            }
            Op::Jump(t) => self.frames[fi].ip = t.ix(),
            Op::PopJumpIfFalse(t) => {
                let v = pop!(self);
                let b = match v {
                    Value::Bool(b) => b,
                    _ => self.truthy(v)?,
                };
                if !b {
                    self.frames[fi].ip = t.ix();
                }
            }
            Op::PopJumpIfTrue(t) => {
                let v = pop!(self);
                let b = match v {
                    Value::Bool(b) => b,
                    _ => self.truthy(v)?,
                };
                if b {
                    self.frames[fi].ip = t.ix();
                }
            }
            Op::JumpIfFalseOrPop(t) => {
                let v = self.top();
                if !self.truthy(v)? {
                    self.frames[fi].ip = t.ix();
                } else {
                    self.stack.pop();
                }
            }
            Op::JumpIfTrueOrPop(t) => {
                let v = self.top();
                if self.truthy(v)? {
                    self.frames[fi].ip = t.ix();
                } else {
                    self.stack.pop();
                }
            }
            Op::GetIter => {
                let v = pop!(self);
                let it = self.get_iter(v)?;
                self.stack.push(it);
            }
            Op::ForIter(target) => self.slow_for_iter(fi, target.ix())?,
            Op::UnpackSequence(n) => {
                let v = pop!(self);
                if self.runs_python(v) {
                    // At most n + 1 items, as a list this instruction unpacks when it re-runs.
                    return self.rerun_with_helper(
                        fi,
                        Helper::Unpack,
                        &[v, Value::Int(n.get() as i64)],
                    );
                }
                let items = self.seq_items_upto(v, n.ix() + 1)?;
                if items.len() != n.ix() {
                    return Err(self.unpack_error(n.ix(), items.len(), false));
                }
                self.stack.extend(items.iter().rev());
            }
            Op::UnpackEx(before, after) => {
                let v = pop!(self);
                if self.runs_python(v) {
                    return self.rerun_with_helper(fi, Helper::List, &[v]);
                }
                let items = self.seq_items(v)?;
                let (b, a) = (before as usize, after as usize);
                if items.len() < b + a {
                    return Err(self.unpack_error(b + a, items.len(), true));
                }
                let mid: Vec<Value> = items[b..items.len() - a].to_vec();
                for x in items[items.len() - a..].iter().rev() {
                    self.stack.push(*x);
                }
                let l = self.alloc(Obj::List(mid))?;
                self.stack.push(l);
                for x in items[..b].iter().rev() {
                    self.stack.push(*x);
                }
            }
            Op::MakeFunction(fl) => {
                let fl = fl.get();
                let code_v = pop!(self);
                let closure = if fl & 4 != 0 {
                    let t = pop!(self);
                    self.seq_items(t)?
                } else {
                    Vec::new()
                };
                let annotations = if fl & 8 != 0 { Some(pop!(self)) } else { None };
                let kwdefaults = if fl & 2 != 0 {
                    let d = pop!(self);
                    match d {
                        Value::Obj(r) => match self.heap.get(r) {
                            Obj::Dict(d) => d.iter().map(|e| (e.key, e.value)).collect(),
                            _ => Box::default(),
                        },
                        _ => Box::default(),
                    }
                } else {
                    Box::default()
                };
                let defaults = if fl & 1 != 0 {
                    let t = pop!(self);
                    self.seq_items(t)?
                } else {
                    Vec::new()
                };
                let globals = self.frames[fi].globals;
                let (code, name, frozen) = match code_v {
                    Value::Obj(r) => match self.heap.get(r) {
                        Obj::Code(c) => (c.clone(), Value::Obj(c.name), None),
                        &Obj::FrozenCode(fc) => {
                            let (code, name) = self.frozen_function_code(fc)?;
                            // A `def` of a module or class body runs once: its function keeps
                            // the flash code itself and the slot can go.
                            let once = self.frames[fi].code.flags
                                & (crate::bytecode::flags::MODULE
                                    | crate::bytecode::flags::CLASS_BODY)
                                != 0;
                            (code, name, once.then_some(fc))
                        }
                        _ => return Err(self.type_error("bad code object")),
                    },
                    _ => return Err(self.type_error("bad code object")),
                };
                let Some(name) = name.as_obj() else {
                    return Err(self.type_error("bad code object"));
                };
                let code_obj = match frozen {
                    // Any live object will do until the first call (see `Function::frozen`).
                    Some(_) => globals,
                    None => code_v.as_obj().unwrap_or(ObjRef(0)),
                };
                let extra = (!kwdefaults.is_empty()).then(|| {
                    Box::new(FuncExtra {
                        kwdefaults,
                        attrs: Dict::new(),
                    })
                });
                let Some(f) = Function::new(
                    code, code_obj, globals, name, &defaults, &closure, frozen, extra,
                ) else {
                    return Err(self.exc_msg(kind::SYNTAX, "too many default arguments"));
                };
                let v = self.alloc(Obj::Function(Box::new(f)))?;
                if let Some(a) = annotations {
                    // Rooted on the stack while the name is interned.
                    self.stack.push(a);
                    self.stack.push(v);
                    let key = self.intern("__annotations__")?;
                    self.set_attr(v, key, a)?;
                    self.stack.truncate(self.stack.len() - 2);
                }
                self.stack.push(v);
            }
            Op::ReturnValue => {
                let v = pop!(self);
                if let Some(x) = self.do_return(v)? {
                    return Ok(Some(x));
                }
            }
            Op::YieldValue => {
                let v = pop!(self);
                if let Some(x) = self.do_yield(v)? {
                    return Ok(Some(x));
                }
            }
            Op::YieldFrom => {
                let sent = pop!(self);
                let sub = self.top();
                if let Some(x) = self.yield_from(sub, sent)? {
                    return Ok(Some(x));
                }
            }
            Op::YieldAsync => {
                let v = pop!(self);
                if let Some(x) = self.yield_async(v)? {
                    return Ok(Some(x));
                }
            }
            Op::GetAwaitable => {
                let v = pop!(self);
                let a = self.get_awaitable(v)?;
                self.stack.push(a);
            }
            Op::SetupExcept(h) => {
                let sp = (self.stack.len() - base) as u32;
                self.frames[fi].blocks.push(Block {
                    handler: h.get(),
                    sp,
                    kind: BlockKind::Except,
                });
            }
            Op::PopBlock => {
                self.frames[fi].blocks.pop();
            }
            Op::PushExcInfo => {
                let exc = self.top();
                let depth = self.exc_stack.len() as u32;
                self.exc_stack.push(exc);
                let sp = (self.stack.len() - base) as u32;
                self.frames[fi].blocks.push(Block {
                    handler: 0,
                    sp,
                    kind: BlockKind::Handler(depth),
                });
            }
            Op::PopExcept => {
                if let Some(Block {
                    kind: BlockKind::Handler(d),
                    ..
                }) = self.frames[fi].blocks.pop()
                {
                    self.exc_stack.truncate(d as usize);
                }
            }
            Op::Raise(n) => {
                return Err(self.do_raise(n.get())?);
            }
            Op::Reraise => {
                let e = pop!(self);
                return Err(Exc(e));
            }
            Op::ExcMatch => {
                let t = pop!(self);
                let e = pop!(self);
                let m = self.exc_matches(e, t)?;
                self.stack.push(Value::Bool(m));
            }
            Op::LoadExit(a) => {
                let a = a.get();
                let obj = pop!(self);
                let name = self.intern(if a == 1 { "__aexit__" } else { "__exit__" })?;
                match self.get_attr_opt(obj, name)? {
                    Some(v) => self.stack.push(v),
                    None => {
                        let tn = self.type_name(obj);
                        let what = if a == 1 {
                            "asynchronous context manager"
                        } else {
                            "context manager"
                        };
                        return Err(self.type_error(&format!(
                            "'{}' object does not support the {} protocol",
                            tn, what
                        )));
                    }
                }
            }
            Op::ExcTriple => {
                let e = self.stack[self.stack.len() - 2];
                let c = self.class_of(e);
                self.stack.push(Value::Obj(c));
                self.stack.push(e);
                // `__exit__`'s third argument, as CPython's (not None for a raised exception).
                let tb = self.exc_traceback(e)?;
                self.stack.push(tb);
            }
            Op::ImportName(i) => {
                let name = Value::Obj(self.frames[fi].code.names[i.ix()]);
                if let Some(m) = self.import_module(name)? {
                    self.stack.push(m);
                }
            }
            Op::ImportFrom(i) => {
                let name = Value::Obj(self.frames[fi].code.names[i.ix()]);
                let m = self.top();
                let v = match self.get_attr(m, name) {
                    Ok(v) => v,
                    Err(e) if self.exc_is(e.0, kind::ATTRIBUTE) => {
                        // `from package import submodule`.
                        if let Some(v) = self.import_submodule(m, name)? {
                            self.stack.push(v);
                            return Ok(None);
                        }
                        let mn = self
                            .module_name(m)
                            .and_then(|n| self.str_of(n).map(String::from))
                            .unwrap_or_default();
                        let n = String::from(self.str_of(name).unwrap_or("?"));
                        return Err(self.exc_msg(
                            kind::IMPORT,
                            &format!("cannot import name '{}' from '{}'", n, mn),
                        ));
                    }
                    Err(e) => return Err(e),
                };
                self.stack.push(v);
            }
            Op::ImportStar => {
                let m = pop!(self);
                crate::native_stdlib::materialize_all(self, m)?;
                let g = self.frames[fi].globals;
                if let Value::Obj(r) = m
                    && let Obj::Module(_, d) = self.heap.get(r)
                {
                    let d = *d;
                    let entries: Vec<(Value, Value)> = match self.heap.get(d) {
                        Obj::Dict(d) => d.iter().map(|e| (e.key, e.value)).collect(),
                        _ => Vec::new(),
                    };
                    let all_name = self.intern("__all__")?;
                    let all = match self.dict_get_str(d, all_name) {
                        Some(a) => Some(self.collect_iter(a)?),
                        None => None,
                    };
                    match all {
                        Some(names) => {
                            for n in names {
                                let n = crate::builtins::intern_value(self, n)?;
                                // (through the module's `__getattr__` too, as CPython)
                                let v = self.get_attr(m, n)?;
                                self.dict_set_str(g, n, v)?;
                            }
                        }
                        None => {
                            for (k, v) in entries {
                                if self.str_of(k).is_some_and(|s| !s.starts_with('_')) {
                                    self.dict_set_str(g, k, v)?;
                                }
                            }
                        }
                    }
                }
            }
            Op::BuildClass => {
                let kwargs = pop!(self);
                let bases = pop!(self);
                let name = pop!(self);
                let body = pop!(self);
                self.start_class_body(body, name, bases, kwargs)?;
            }
            Op::PrintExpr => {
                let v = pop!(self);
                if !matches!(v, Value::None) {
                    let s = self.repr(v)?;
                    self.host.write_out(&s);
                    self.host.write_out("\n");
                    let b = self.builtins;
                    let k = self.intern("_")?;
                    self.dict_set_str(b, k, v)?;
                }
            }
            Op::LoadAssertionError => {
                let c = self.exc_class(kind::ASSERTION)?;
                self.stack.push(Value::Obj(c));
            }
            // `first_half` above never yields a superinstruction.
            Op::LoadFastLoadFast(..)
            | Op::LoadFastLoadConst(..)
            | Op::LoadFastAttr(..)
            | Op::StoreFastLoadFast(..)
            | Op::CompareJumpIfFalse(..)
            | Op::BinaryInt(..)
            | Op::BinaryConst(..)
            | Op::CompareConst(..)
            | Op::LoadGlobalAttr(..)
            | Op::LoadFastBinary(..)
            | Op::LoadFastLoadInt(..)
            | Op::LoadFastStoreAttr(..)
            | Op::NoneJumpIfFalse(..) => {}
        }
        Ok(None)
    }

    /// Whether `v` is a generator suspended inside a `try`/`with` block (one a collection
    /// closes when it finds it unreachable).
    pub(crate) fn is_suspended_in_block(&self, v: Value) -> bool {
        matches!(v, Value::Obj(r) if matches!(self.heap.get(r),
            Obj::Generator(g) if g.started && !g.finished && !g.running && !g.blocks.is_empty()))
    }

    /// Whether `v` is an instance of a user class (the special-method paths apply).
    #[inline]
    pub(crate) fn is_instance_value(&self, v: Value) -> bool {
        matches!(v, Value::Obj(r) if matches!(self.heap.get(r), Obj::Instance(_)))
    }

    /// Whether `item in container` loops over a native iterator that may be long: an
    /// iterator object, or a range asked for something that is not an int.
    fn contains_may_be_long(&self, container: Value, item: Value) -> bool {
        let Value::Obj(r) = container else {
            return false;
        };
        match self.heap.get(r) {
            Obj::Iter(_) => true,
            Obj::Range(..) => match item {
                Value::Int(_) | Value::Bool(_) => false,
                Value::Obj(o) => !matches!(self.heap.get(o), Obj::BigInt(_)),
                _ => true,
            },
            _ => false,
        }
    }

    /// Replaces the operand just popped by `helper(*args)`'s result and runs the current
    /// instruction again when it returns (the helper's frame runs in this loop).
    fn rerun_with_helper(
        &mut self,
        fi: usize,
        h: Helper,
        args: &[Value],
    ) -> Result<Option<Exit>, Exc> {
        let sp = self.stack.len();
        let r = self.push_helper(h, args, sp, Ret::Push)?;
        self.frames[fi].ip -= 1;
        if let Some(v) = r {
            self.stack.push(v);
        }
        Ok(None)
    }

    fn heap_str_exact(&self, v: Value) -> bool {
        matches!(v, Value::Obj(r) if matches!(self.heap.get(r), Obj::Str(_)))
    }

    /// A builtin written in Python, made on first lookup: `ExceptionGroup` and
    /// `BaseExceptionGroup` come from the host-only `_exgroup` module (for flash: devices
    /// have no exception groups).
    #[cfg(feature = "std")]
    #[inline(never)]
    fn lazy_builtin(&mut self, name: Value) -> Result<Option<Value>, Exc> {
        if !matches!(
            self.str_of(name),
            Some("ExceptionGroup" | "BaseExceptionGroup")
        ) {
            return Ok(None);
        }
        let m = self.intern("_exgroup")?;
        let m = crate::modules::import_nested(self, m)?;
        let v = self.get_attr(m, name)?;
        let bd = self.builtins;
        self.dict_set_str(bd, name, v)?;
        Ok(Some(v))
    }

    /// Devices have no builtins written in Python.
    #[cfg(not(feature = "std"))]
    #[inline(always)]
    fn lazy_builtin(&mut self, _: Value) -> Result<Option<Value>, Exc> {
        Ok(None)
    }

    /// NameError for a missing global.
    pub fn name_error(&mut self, name: Value) -> Exc {
        let n = String::from(self.str_of(name).unwrap_or("?"));
        self.exc_msg(kind::NAME, &format!("name '{}' is not defined", n))
    }

    fn unpack_error(&mut self, expected: usize, got: usize, star: bool) -> Exc {
        if got > expected && !star {
            self.value_error(&format!(
                "too many values to unpack (expected {})",
                expected
            ))
        } else if star {
            self.value_error(&format!(
                "not enough values to unpack (expected at least {}, got {})",
                expected, got
            ))
        } else {
            self.value_error(&format!(
                "not enough values to unpack (expected {}, got {})",
                expected, got
            ))
        }
    }

    fn do_raise(&mut self, n: u32) -> Result<Exc, Exc> {
        if n == 0 {
            return match self.exc_stack.last() {
                Some(e) => Ok(Exc(*e)),
                None => Ok(self.exc_msg(kind::RUNTIME, "No active exception to reraise")),
            };
        }
        let cause = if n == 2 { pop!(self) } else { Value::Null };
        let e = pop!(self);
        let e = self.make_exception(e)?;
        if !cause.is_null() {
            let c = if matches!(cause, Value::None) {
                Value::None
            } else {
                match self.make_exception(cause) {
                    Ok(c) => c,
                    Err(_) => {
                        return Ok(
                            self.type_error("exception causes must derive from BaseException")
                        );
                    }
                }
            };
            if let Some(d) = self.exc_data_mut(e) {
                d.cause = c;
                d.suppress = true;
            }
        }
        self.chain_context(e);
        Ok(Exc(e))
    }

    /// Implicit chaining: an exception raised while handling another gets it as its
    /// `__context__` (unless it has one, or is that exception).
    fn chain_context(&mut self, e: Value) {
        if let Some(&ctx) = self.exc_stack.last()
            && ctx != e
            && let Some(d) = self.exc_data_mut(e)
            && matches!(d.context, Value::None)
        {
            d.context = ctx;
        }
    }

    /// Turns `raise X` operand into an exception instance (instantiating classes).
    pub fn make_exception(&mut self, e: Value) -> Result<Value, Exc> {
        if self.exc_data(e).is_some() {
            return Ok(e);
        }
        if let Value::Obj(r) = e
            && let Obj::Class(_) = self.heap.get(r)
            && self.is_subclass(r, self.exc_classes[kind::BASE])
        {
            let inst = self.call(e, &[])?;
            if self.exc_data(inst).is_some() {
                return Ok(inst);
            }
        }
        Err(self.type_error("exceptions must derive from BaseException"))
    }

    fn exc_matches(&mut self, e: Value, t: Value) -> Result<bool, Exc> {
        let c = self.class_of(e);
        match t {
            Value::Obj(r) => match self.heap.get(r) {
                Obj::Class(_) => Ok(self.is_subclass(c, r)),
                Obj::Tuple(items) => {
                    let items = items.clone();
                    for it in items.iter() {
                        if let Value::Obj(ir) = it
                            && self.is_subclass(c, *ir)
                        {
                            return Ok(true);
                        }
                    }
                    Ok(false)
                }
                _ => Err(self.type_error(
                    "catching classes that do not inherit from BaseException is not allowed",
                )),
            },
            _ => Err(self.type_error(
                "catching classes that do not inherit from BaseException is not allowed",
            )),
        }
    }

    // ---------- returns and generators ----------

    /// Pops the current frame delivering `v`. Returns an exit when the run must stop.
    fn do_return(&mut self, v: Value) -> Result<Option<Exit>, Exc> {
        let f = match self.frames.pop() {
            Some(f) => f,
            None => return Ok(Some(Exit::Done)),
        };
        let class_args = match f.ret {
            Ret::Class => self.stack.get(f.ret_sp..f.ret_sp + 3).map(|a| {
                let cell = f.code.cellvars().first().map(|&(slot, _)| slot as usize);
                let cell = cell.and_then(|s| self.stack.get(f.base + s).copied());
                (a[0], a[1], a[2], cell.unwrap_or(Value::None))
            }),
            _ => None,
        };
        self.stack.truncate(f.ret_sp);
        if let Some(g) = f.gn
            && let Obj::Generator(g) = self.heap.get_mut(g)
        {
            g.running = false;
            g.finished = true;
            g.stack = Vec::new();
            // The end of an async generator ends the `__anext__()` awaiting it.
            if g.code.flags & flags::ASYNC_GEN != 0 {
                return Err(self.exc_args(kind::STOP_ASYNC_ITERATION, Vec::new()));
            }
        }
        match f.ret {
            Ret::Push => self.stack.push(v),
            Ret::Dunder(op, l, r) => {
                if v == self.not_implemented {
                    return Err(self.unsupported_operands(op, l, r));
                }
                self.stack.push(v);
            }
            Ret::Init(inst) => {
                if !matches!(v, Value::None) {
                    let tn = self.type_name(v);
                    return Err(
                        self.type_error(&format!("__init__() should return None, not '{}'", tn))
                    );
                }
                self.stack.push(inst);
            }
            Ret::Class => {
                let (name, bases, kwargs, cell) =
                    class_args.unwrap_or((Value::None, Value::None, Value::None, Value::None));
                let ns = f.ns.unwrap_or(f.globals);
                // The `__class__` cell stays rooted while the class is made.
                self.stack.push(cell);
                let cls = self.build_class(name, bases, ns, kwargs);
                self.stack.pop();
                let cls = cls?;
                if let Value::Obj(c) = cell
                    && let Obj::Cell(v) = self.heap.get_mut(c)
                {
                    *v = cls;
                }
                self.stack.push(cls);
            }
            Ret::Import(m) => {
                // A module's globals (and the builtins it made appear) rarely grow after its
                // body ran: give back the doubling slack (asyncio's: ~2 KB).
                for d in [f.globals, self.builtins] {
                    if let Obj::Dict(d) = self.heap.get_mut(d) {
                        d.shrink_to_fit();
                        d.tight = true;
                    }
                }
                // As CPython: the import gives `sys.modules[name]` once the body has run, so
                // a module may install another object under its name (`uasyncio` is `asyncio`).
                let modules = self.modules;
                let installed = self
                    .module_name(m)
                    .and_then(|n| self.dict_get_str(modules, n));
                self.stack.push(installed.unwrap_or(m));
            }
            Ret::Nested => return Ok(Some(Exit::Returned(v))),
            Ret::Top => return Ok(Some(Exit::Done)),
            Ret::GenNext | Ret::GenNested => {
                let e = if matches!(v, Value::None) {
                    vec![]
                } else {
                    vec![v]
                };
                return Err(self.exc_args(kind::STOP_ITERATION, e));
            }
            Ret::GenFor(target) => {
                self.stack.pop();
                if let Some(c) = self.frames.last_mut() {
                    c.ip = target as usize;
                }
            }
            Ret::GenYieldFrom => {
                // Caller is at YIELD_FROM: replace the sub-iterator with the result, step past.
                self.wake_dormant();
                self.stack.pop();
                self.stack.push(v);
                if let Some(c) = self.frames.last_mut() {
                    c.ip += 1;
                }
            }
        }
        Ok(None)
    }

    /// Suspends the current (generator) frame yielding `v`; a generator resumed by `yield from`
    /// suspends its delegating generator too, and so on up the chain (a loop: every value of
    /// a deep `yield from` chain climbs all of it).
    fn do_yield(&mut self, v: Value) -> Result<Option<Exit>, Exc> {
        loop {
            let f = match self.frames.pop() {
                Some(f) => f,
                None => return Ok(Some(Exit::Done)),
            };
            let g = match f.gn {
                Some(g) => g,
                None => return Err(self.type_error("yield outside generator")),
            };
            let (base, ret_sp, ret) = (f.base, f.ret_sp, f.ret);
            // One borrow of the generator: its buffer (kept empty while it runs, so no
            // allocation per yield) takes the frame's values, and the frame's position and
            // blocks go back in (its code and globals never left).
            if let Obj::Generator(gn) = self.heap.get_mut(g) {
                // A running generator's buffer is empty unless its frame is dormant (a
                // `yield from` level resumed in place, see `resume_generator`): then its
                // values, position and blocks are still there and nothing is saved.
                if gn.stack.is_empty() {
                    gn.stack
                        .extend_from_slice(self.stack.get(base..).unwrap_or(&[]));
                    gn.ip = f.ip as u32;
                    gn.blocks = f.blocks;
                }
                if let Some(d) = handled_base(&gn.blocks) {
                    self.exc_stack.truncate(d);
                }
                gn.running = false;
            }
            self.stack.truncate(base.min(ret_sp));
            match ret {
                // The delegating generator yields the same value; its ip already points at
                // YIELD_FROM, which re-runs on resume with the sent value.
                Ret::GenYieldFrom => continue,
                Ret::GenNested => return Ok(Some(Exit::Returned(v))),
                _ => {
                    self.stack.push(v);
                    return Ok(None);
                }
            }
        }
    }

    /// `yield v` from the dispatch loop (`ip` past the instruction) in the common case, the
    /// other half of `resume_plain`: a live generator frame (its buffer empty, not dormant)
    /// resumed by a `for`, next() or send() suspends and `v` goes to the frame below. The
    /// frame is saved where it stands, not moved out first. False, with nothing changed,
    /// leaves every other case (`yield from` levels, nested runs, errors) to `do_yield`.
    #[cfg(feature = "std")]
    #[inline(never)]
    fn yield_plain(&mut self, v: Value, ip: usize) -> bool {
        let Some(f) = self.frames.last_mut() else {
            return false;
        };
        if matches!(f.ret, Ret::GenYieldFrom | Ret::GenNested) {
            return false;
        }
        let Some(g) = f.gn else {
            return false;
        };
        let Obj::Generator(gn) = self.heap.get_mut(g) else {
            return false;
        };
        if !gn.stack.is_empty() {
            return false;
        }
        gn.stack
            .extend_from_slice(self.stack.get(f.base..).unwrap_or(&[]));
        gn.ip = ip as u32;
        // The generator's block list is the empty one the frame took: a swap, no drop.
        core::mem::swap(&mut gn.blocks, &mut f.blocks);
        if let Some(d) = handled_base(&gn.blocks) {
            self.exc_stack.truncate(d);
        }
        gn.running = false;
        self.stack.truncate(f.base.min(f.ret_sp));
        self.frames.pop();
        self.stack.push(v);
        true
    }

    /// Devices take the general path (see `resume_plain`).
    #[cfg(not(feature = "std"))]
    #[inline(always)]
    fn yield_plain(&mut self, _: Value, _: usize) -> bool {
        false
    }

    /// Makes the top frame live if it is dormant (a `yield from` level whose sub-generator's
    /// frame just ended, pushed by `resume_generator` with its values and blocks left in the
    /// generator): they come back onto the stack and into the frame, so that it can run,
    /// take the sub-generator's result or unwind.
    #[inline(never)]
    fn wake_dormant(&mut self) {
        let Some(f) = self.frames.last_mut() else {
            return;
        };
        if let Some(g) = f.gn
            && let Obj::Generator(gn) = self.heap.get_mut(g)
            && gn.running
            && !gn.stack.is_empty()
        {
            // Nothing of the frame is on the stack yet: the sub-generator's frame above it
            // started (and was cut back to) the same position.
            self.stack.truncate(f.base);
            self.stack.extend_from_slice(&gn.stack);
            gn.stack.clear();
            f.blocks = core::mem::take(&mut gn.blocks);
        }
    }

    /// `yield v` in an async generator: suspends it as `do_yield` does, and `v` completes the
    /// `__anext__()` awaitable running it (the generator itself): the awaiting YIELD_FROM gets
    /// `v` as its result, a native send gets StopIteration(v), as CPython's wrapped values do.
    #[inline(never)]
    fn yield_async(&mut self, v: Value) -> Result<Option<Exit>, Exc> {
        let f = match self.frames.pop() {
            Some(f) => f,
            None => return Ok(Some(Exit::Done)),
        };
        let Some(g) = f.gn else {
            return Err(self.type_error("yield outside generator"));
        };
        if let Obj::Generator(gn) = self.heap.get_mut(g) {
            gn.stack.clear();
            gn.stack
                .extend_from_slice(self.stack.get(f.base..).unwrap_or(&[]));
            gn.ip = f.ip as u32;
            gn.blocks = f.blocks;
            if let Some(d) = handled_base(&gn.blocks) {
                self.exc_stack.truncate(d);
            }
            gn.running = false;
        }
        self.stack.truncate(f.base.min(f.ret_sp));
        match f.ret {
            Ret::GenYieldFrom => {
                self.wake_dormant();
                self.stack.pop();
                self.stack.push(v);
                if let Some(c) = self.frames.last_mut() {
                    c.ip += 1;
                }
            }
            Ret::GenNested | Ret::GenNext => {
                let a = if matches!(v, Value::None) {
                    vec![]
                } else {
                    vec![v]
                };
                return Err(self.exc_args(kind::STOP_ITERATION, a));
            }
            _ => self.stack.push(v),
        }
        Ok(None)
    }

    /// The common resumption, one switch per item of a generator pipeline: a started,
    /// suspended generator (not delegating with `yield from`) continues with `sent`, with room
    /// for its frame. True when its frame was pushed; false, with nothing changed, sends every
    /// other case (and the errors) to `resume_generator`. Small and out of line, so that this
    /// path does not pay for the general one's stack frame and spills.
    ///
    /// Host only, as `yield_plain` and `builtin_inline`: each shortens a general path that
    /// stays, and the three took 1,272 bytes of the STM32F7's flash (27 Nov), which has little
    /// room, for −5.4% instructions on the generators benchmark; devices get stubs.
    #[cfg(feature = "std")]
    #[inline(never)]
    fn resume_plain(&mut self, g: ObjRef, sent: Value, ret: Ret) -> bool {
        if self.frames.len() >= self.max_depth {
            return false;
        }
        let Obj::Generator(gn) = self.heap.get_mut(g) else {
            return false;
        };
        if !gn.started || !gn.suspended() {
            return false;
        }
        if matches!(gn.code.ops.get(gn.ip as usize), Some(Op::YieldFrom)) {
            return self.resume_plain_delegating(g, sent, ret);
        }
        gn.running = true;
        push_generator_frame(
            &mut self.stack,
            &mut self.frames,
            &mut self.exc_stack,
            gn,
            g,
            ret,
            Some(sent),
            true,
        );
        true
    }

    /// `resume_plain` of a generator suspended in `yield from` (its saved stack `[.., sub]`)
    /// over anything but a generator (`flatten`'s `yield from lst`): its frame is pushed and
    /// YIELD_FROM re-runs, as `resume_generator` does for them. Delegation to a generator
    /// takes `resume_generator`, which resumes the chain's levels in one go.
    #[cfg(feature = "std")]
    #[inline(never)]
    fn resume_plain_delegating(&mut self, g: ObjRef, sent: Value, ret: Ret) -> bool {
        let sub = match self.heap.get(g) {
            Obj::Generator(gn) => gn.stack.last().copied(),
            _ => return false,
        };
        if let Some(Value::Obj(s)) = sub
            && let Obj::Generator(_) = self.heap.get(s)
        {
            return false;
        }
        let Obj::Generator(gn) = self.heap.get_mut(g) else {
            return false;
        };
        gn.running = true;
        push_generator_frame(
            &mut self.stack,
            &mut self.frames,
            &mut self.exc_stack,
            gn,
            g,
            ret,
            Some(sent),
            true,
        );
        true
    }

    /// Devices take the general path (see `resume_plain`).
    #[cfg(not(feature = "std"))]
    #[inline(always)]
    fn resume_plain(&mut self, _: ObjRef, _: Value, _: Ret) -> bool {
        false
    }

    /// Resumes generator `g` sending `sent` (or throwing `throw`), its result delivered per `ret`.
    pub fn resume_generator(
        &mut self,
        g: ObjRef,
        sent: Value,
        throw: Option<Value>,
        ret: Ret,
    ) -> Result<(), Exc> {
        // The common case in one borrow of the generator: a started, suspended generator
        // resumed with a value (next(), send(), a `for` step). Its frame is built in place.
        if throw.is_none()
            && self.frames.len() < self.max_depth
            && let Obj::Generator(gn) = self.heap.get_mut(g)
            && gn.started
            && gn.suspended()
        {
            let (mut g, mut gn, mut ret) = (g, gn, ret);
            loop {
                gn.running = true;
                let ip = gn.ip as usize;
                let at = self.stack.len();
                // Suspended in `yield from` (its saved stack [.., sub]) on a suspended
                // generator: that one is resumed now with the sent value, as the YIELD_FROM
                // instruction would, without a dispatch round per level of a delegation
                // chain. This level's frame is pushed *dormant*: its values and blocks stay in
                // the generator (no copy in, and none out when the chain yields again, see
                // `do_yield`) until its sub-generator's frame ends (`wake_dormant`).
                if let (Some(Op::YieldFrom), Some(&Value::Obj(s))) =
                    (gn.code.ops.get(ip), gn.stack.last())
                {
                    let (code, globals) = (gn.code.clone(), gn.globals);
                    // Most levels are in no handler block: no second look-up of this one.
                    let in_blocks = !gn.blocks.is_empty();
                    if self.frames.len() + 1 < self.max_depth
                        && let Obj::Generator(sg) = self.heap.get(s)
                        && sg.started
                        && sg.suspended()
                    {
                        if in_blocks && let Obj::Generator(gn) = self.heap.get_mut(g) {
                            restore_handled(&mut self.exc_stack, &gn.stack, &mut gn.blocks);
                        }
                        let Obj::Generator(sg) = self.heap.get_mut(s) else {
                            return Err(self.type_error("not a generator"));
                        };
                        self.frames.push(Frame {
                            code,
                            ip,
                            base: at,
                            ret_sp: at,
                            globals,
                            ns: None,
                            blocks: Vec::new(),
                            ret,
                            gn: Some(g),
                        });
                        (g, gn, ret) = (s, sg, Ret::GenYieldFrom);
                        continue;
                    }
                    // It runs YIELD_FROM itself (a list, a running generator, no room left).
                    match self.heap.get_mut(g) {
                        Obj::Generator(x) => gn = x,
                        _ => return Err(self.type_error("not a generator")),
                    }
                }
                // The level that runs.
                push_generator_frame(
                    &mut self.stack,
                    &mut self.frames,
                    &mut self.exc_stack,
                    gn,
                    g,
                    ret,
                    Some(sent),
                    true,
                );
                return Ok(());
            }
        }
        let started = match self.heap.get_mut(g) {
            Obj::Generator(gn) => {
                if gn.running {
                    return Err(self.value_error("generator already executing"));
                }
                if gn.finished {
                    if let Some(t) = throw {
                        return Err(Exc(t));
                    }
                    if gn.code.flags & flags::ASYNC_GEN != 0 {
                        return Err(self.exc_args(kind::STOP_ASYNC_ITERATION, Vec::new()));
                    }
                    if gn.is_coroutine {
                        return Err(
                            self.exc_msg(kind::RUNTIME, "cannot reuse already awaited coroutine")
                        );
                    }
                    return match ret {
                        Ret::GenFor(target) => {
                            self.stack.pop();
                            if let Some(c) = self.frames.last_mut() {
                                c.ip = target as usize;
                            }
                            Ok(())
                        }
                        _ => Err(self.exc_args(kind::STOP_ITERATION, Vec::new())),
                    };
                }
                gn.started
            }
            _ => return Err(self.type_error("not a generator")),
        };
        if !started && !matches!(sent, Value::None) && throw.is_none() {
            return Err(self.type_error("can't send non-None value to a just-started generator"));
        }
        if self.frames.len() >= self.max_depth {
            return Err(self.exc_msg(kind::RECURSION, "maximum recursion depth exceeded"));
        }
        let handled_before = self.exc_stack.len();
        match self.heap.get_mut(g) {
            Obj::Generator(gn) => {
                gn.running = true;
                gn.started = true;
                // A just-started generator takes no sent value: its frame begins at the top.
                let sent = started.then_some(sent);
                push_generator_frame(
                    &mut self.stack,
                    &mut self.frames,
                    &mut self.exc_stack,
                    gn,
                    g,
                    ret,
                    sent,
                    throw.is_none(),
                );
            }
            _ => return Err(self.type_error("not a generator")),
        }
        if let Some(t) = throw {
            let depth = self.frames.len() - 1;
            // Delegating with `yield from` to a generator: throw into that one first.
            let at_yield_from = self
                .frames
                .last()
                .is_some_and(|f| matches!(f.code.ops.get(f.ip), Some(Op::YieldFrom)));
            let mut exc = t;
            if at_yield_from && started {
                self.stack.pop(); // the placeholder sent value
                let sub = self.top();
                if let Value::Obj(sr) = sub {
                    if let Obj::Generator(_) = self.heap.get(sr) {
                        match self.resume_generator(sr, Value::None, Some(t), Ret::GenYieldFrom) {
                            Ok(()) => return Ok(()),
                            Err(e) => exc = e.0,
                        }
                    }
                }
            }
            // Raise inside the generator frame at its current position, chained to the
            // exception it is handling there if any (not to the caller's, as CPython's
            // `_PyErr_ChainStackItem`). When no handler is found, `unwind` pops the frame
            // and marks the generator finished.
            if self.exc_stack.len() > handled_before {
                self.chain_context(exc);
            }
            self.unwind(Exc(exc), depth)?;
        }
        Ok(())
    }

    /// YIELD_FROM (just read, `ip` past it) from the dispatch loop for a generator or a
    /// list, tuple or range iterator; None (nothing changed) for the general path. This
    /// instruction re-runs after our own resumption, so it is rewound before a switch.
    /// Out of line: inline, its code made every dispatch of the loop slower.
    #[inline(never)]
    fn yield_from_fast(&mut self, fi: usize, ip: usize) -> Option<Result<Option<Exit>, Exc>> {
        let n = self.stack.len();
        let (&Value::Obj(sub), &sent) = (self.stack.get(n.checked_sub(2)?)?, self.stack.last()?)
        else {
            return None;
        };
        // Delegation to a generator: it resumes as a frame of this loop.
        if let Obj::Generator(_) = self.heap.get(sub) {
            self.stack.truncate(n - 1);
            self.frames[fi].ip = ip - 1;
            return Some(
                self.resume_generator(sub, sent, None, Ret::GenYieldFrom)
                    .map(|()| None),
            );
        }
        // A list, tuple or range: its next item is yielded from here, its end makes None
        // the result (not through slow_op and `iter_next`).
        if !matches!(sent, Value::None) {
            return None;
        }
        let item = self.for_iter_fast(sub)?;
        self.stack.truncate(n - 1);
        match item {
            Some(v) => {
                // A live frame (resumed by a `for`, next() or send()) suspends in place.
                if self.yield_plain(v, ip - 1) {
                    return Some(Ok(None));
                }
                self.frames[fi].ip = ip - 1;
                Some(self.do_yield(v))
            }
            None => {
                self.stack[n - 2] = Value::None;
                self.frames[fi].ip = ip;
                Some(Ok(None))
            }
        }
    }

    fn yield_from(&mut self, sub: Value, sent: Value) -> Result<Option<Exit>, Exc> {
        if let Value::Obj(r) = sub
            && let Obj::Generator(_) = self.heap.get(r)
        {
            // Rewind so that this instruction re-runs after our own resumption.
            if let Some(c) = self.frames.last_mut() {
                c.ip -= 1;
            }
            self.resume_generator(r, sent, None, Ret::GenYieldFrom)?;
            // GenYieldFrom return path adds 1 to ip; a yield re-runs YIELD_FROM.
            return Ok(None);
        }
        // A plain iterator: `send(None)` is `next()`. An instance's own `__next__` is called
        // here rather than through `iter_next`, so that the value of the StopIteration it
        // raises becomes the result of the `yield from`/`await` (as in CPython).
        let own_next = match sub {
            Value::Obj(r)
                if matches!(
                    self.heap.get(r),
                    Obj::Instance(_) | Obj::Iter(IterState::AGen(..))
                ) =>
            {
                self.lookup_special(sub, self.n.next)
            }
            _ => None,
        };
        let r = if matches!(sent, Value::None) && own_next.is_none() {
            self.iter_next(sub)?
        } else {
            let res = match own_next {
                Some(f) if matches!(sent, Value::None) => self.call(f, &[sub]),
                _ => {
                    let m = self.intern("send")?;
                    let f = self.get_attr(sub, m)?;
                    self.call(f, &[sent])
                }
            };
            match res {
                Ok(v) => Some(v),
                Err(e) if self.exc_is(e.0, kind::STOP_ITERATION) => {
                    let v = self
                        .exc_data(e.0)
                        .and_then(|d| d.args.first().copied())
                        .unwrap_or(Value::None);
                    self.stack.pop();
                    self.stack.push(v);
                    return Ok(None);
                }
                Err(e) => return Err(e),
            }
        };
        match r {
            Some(v) => {
                if let Some(c) = self.frames.last_mut() {
                    c.ip -= 1;
                }
                self.do_yield(v)
            }
            None => {
                self.stack.pop();
                self.stack.push(Value::None);
                Ok(None)
            }
        }
    }

    fn get_awaitable(&mut self, v: Value) -> Result<Value, Exc> {
        if let Value::Obj(r) = v
            && let Obj::Generator(_) = self.heap.get(r)
        {
            return Ok(v);
        }
        let aw = self.n.await_;
        match self.lookup_special(v, aw) {
            Some(m) => {
                let it = self.call(m, &[v])?;
                Ok(it)
            }
            None => {
                let tn = self.type_name(v);
                Err(self.type_error(&format!(
                    "object {} can't be used in 'await' expression",
                    tn
                )))
            }
        }
    }

    // ---------- calls ----------

    /// Calls `f(*args)` from native code, running Python frames in a nested loop if needed.
    pub fn call(&mut self, f: Value, args: &[Value]) -> Result<Value, Exc> {
        self.call_kw(f, args, &[])
    }

    /// Calls with keyword arguments from native code.
    pub fn call_kw(
        &mut self,
        f: Value,
        args: &[Value],
        kwargs: &[(Value, Value)],
    ) -> Result<Value, Exc> {
        self.call_impl(f, args, kwargs, false)
    }

    /// `call` from a native that holds no heap handle outside the VM stack and the objects
    /// the arguments reach (see `gen_next_rooted`): the callee may collect garbage.
    pub fn call_rooted(&mut self, f: Value, args: &[Value]) -> Result<Value, Exc> {
        self.call_impl(f, args, &[], true)
    }

    fn call_impl(
        &mut self,
        f: Value,
        args: &[Value],
        kwargs: &[(Value, Value)],
        gc_safe: bool,
    ) -> Result<Value, Exc> {
        if let Value::Obj(r) = f
            && let Obj::Native(n) = self.heap.get(r)
        {
            let (func, bound, data) = (n.f, n.bound, n.data);
            if bound.is_null() {
                return self.call_native(func, data, args, kwargs);
            }
            let mut a = Vec::with_capacity(args.len() + 1);
            a.push(bound);
            a.extend_from_slice(args);
            return self.call_native(func, data, &a, kwargs);
        }
        if self.native_depth >= MAX_NATIVE_DEPTH {
            return Err(self.exc_msg(kind::RECURSION, "maximum recursion depth exceeded"));
        }
        let pos = self.stack.len();
        self.stack.push(f);
        self.stack.extend_from_slice(args);
        let mut kwn = None;
        if !kwargs.is_empty() {
            let names: Vec<Value> = kwargs.iter().map(|(k, _)| *k).collect();
            for (_, v) in kwargs {
                self.stack.push(*v);
            }
            let t = self.alloc(Obj::Tuple(names.into_boxed_slice()));
            match t {
                Ok(t) => kwn = t.as_obj(),
                Err(e) => {
                    self.stack.truncate(pos);
                    return Err(e);
                }
            }
        }
        let depth = self.frames.len();
        let r = self.invoke(pos, args.len() + kwargs.len(), kwn, pos, Ret::Nested);
        match r {
            Err(e) => {
                self.stack.truncate(pos);
                Err(e)
            }
            Ok(Some(v)) => Ok(v),
            Ok(None) => self.run_nested_gc(depth, pos, gc_safe),
        }
    }

    /// Instantiates class `cls` as `type.__call__` does (its metaclass's `__call__` is not
    /// consulted), from native code.
    pub fn call_class_plain(
        &mut self,
        cls: ObjRef,
        args: &[Value],
        kwargs: &[(Value, Value)],
    ) -> Result<Value, Exc> {
        if self.native_depth >= MAX_NATIVE_DEPTH {
            return Err(self.exc_msg(kind::RECURSION, "maximum recursion depth exceeded"));
        }
        let pos = self.stack.len();
        self.stack.push(Value::Obj(cls));
        self.stack.extend_from_slice(args);
        let mut kwn = None;
        if !kwargs.is_empty() {
            let names: Vec<Value> = kwargs.iter().map(|(k, _)| *k).collect();
            for (_, v) in kwargs {
                self.stack.push(*v);
            }
            match self.alloc(Obj::Tuple(names.into_boxed_slice())) {
                Ok(t) => kwn = t.as_obj(),
                Err(e) => {
                    self.stack.truncate(pos);
                    return Err(e);
                }
            }
        }
        let depth = self.frames.len();
        let argc = args.len() + kwargs.len();
        match self.call_class(cls, pos, argc, kwn, pos, Ret::Nested) {
            Err(e) => {
                self.stack.truncate(pos);
                Err(e)
            }
            Ok(Some(v)) => Ok(v),
            Ok(None) => self.run_nested(depth, pos),
        }
    }

    /// Runs the frame just pushed above `depth` until it returns.
    /// `exec(src, globals)` (None) or `eval(src, globals)` (its value): the source runs in a
    /// nested loop with `globals` as its module namespace. An expression is compiled as the
    /// body of a `def` (`return (src)`) so its names are looked up in `globals`.
    pub fn exec_source(&mut self, src: &str, globals: ObjRef, eval: bool) -> Result<Value, Exc> {
        let mode = if eval { CodeMode::Eval } else { CodeMode::Exec };
        let code = self.compile_mode(src, "<string>", mode)?;
        self.exec_code(code, globals, eval)
    }

    /// Runs a code object (from `compile()` or `exec_source`) in a nested loop with `globals`
    /// as its module namespace; its value for `eval`.
    pub fn exec_code(
        &mut self,
        code: Rc<crate::bytecode::Code>,
        globals: ObjRef,
        eval: bool,
    ) -> Result<Value, Exc> {
        let depth = self.frames.len();
        let pos = self.stack.len();
        self.push_module_frame(code, globals, Value::None, Ret::Nested)?;
        let r = self.run_nested(depth, pos)?;
        Ok(if eval { r } else { Value::None })
    }

    /// Compiles source for `exec` (a module body), `eval` (an expression, compiled as the body
    /// of a `def` (`return (src)`) so its names are looked up in the globals) or `single` (a
    /// REPL chunk: expression statements print their repr).
    pub fn compile_mode(
        &mut self,
        src: &str,
        filename: &str,
        mode: CodeMode,
    ) -> Result<Rc<crate::bytecode::Code>, Exc> {
        if mode == CodeMode::Eval {
            let body = src.trim_start_matches([' ', '\t']);
            let text = format!("def __eval__():\n return (\n{}\n)\n", body);
            // A syntax error names the line of `src`, not of the wrapper (2 lines above).
            let module = self.compile_source_shifted(
                &text,
                filename,
                crate::compiler::Mode::Exec,
                (body, 2),
            )?;
            let f = module.consts.iter().find_map(|c| match c {
                Value::Obj(r) => match self.heap.get(*r) {
                    Obj::Code(c) => Some(c.clone()),
                    _ => None,
                },
                _ => None,
            });
            return match f {
                Some(c) => Ok(c),
                None => Err(self.exc_msg(kind::SYNTAX, "invalid syntax")),
            };
        }
        let m = if mode == CodeMode::Single {
            crate::compiler::Mode::Single
        } else {
            crate::compiler::Mode::Exec
        };
        self.compile_source(src, filename, m)
    }

    fn run_nested(&mut self, depth: usize, pos: usize) -> Result<Value, Exc> {
        self.run_nested_gc(depth, pos, false)
    }

    /// `run_nested`; `gc_safe` when the native below holds no unrooted handle, so the nested
    /// loop may collect garbage (when every enclosing nested loop may too).
    fn run_nested_gc(&mut self, depth: usize, pos: usize, gc_safe: bool) -> Result<Value, Exc> {
        self.native_depth += 1;
        if gc_safe {
            self.gc_safe_depth += 1;
        }
        let mut budget = u32::MAX;
        let r = self.execute(depth, &mut budget, false);
        self.native_depth -= 1;
        if gc_safe {
            self.gc_safe_depth -= 1;
        }
        match r {
            Ok(Exit::Returned(v)) => Ok(v),
            Ok(_) => {
                self.stack.truncate(pos);
                Ok(Value::None)
            }
            Err(e) => {
                self.frames.truncate(depth);
                self.stack.truncate(pos);
                Err(e)
            }
        }
    }

    /// next() on a generator from native code. `Ok(None)` when exhausted.
    pub fn gen_next_nested(
        &mut self,
        g: ObjRef,
        sent: Value,
        throw: Option<Value>,
    ) -> Result<Option<Value>, Exc> {
        self.gen_next_impl(g, sent, throw, false)
    }

    /// next() on a generator from a GC-safe native: one that holds no heap handle except
    /// through the VM stack (or `roots`), so the generator's code may collect garbage while it
    /// runs (a `sum()` over a generator that allocates no longer grows the heap without bound).
    pub fn gen_next_rooted(&mut self, g: ObjRef) -> Result<Option<Value>, Exc> {
        self.gen_next_impl(g, Value::None, None, true)
    }

    /// The `StopIteration` a native caller (`next()`, `send()`, `asend()`) raises for a
    /// generator that `gen_next_nested` found exhausted: it carries the generator's return
    /// value, and no arguments when that was None, as CPython's does.
    pub fn generator_stop(&mut self) -> Exc {
        let v = self.last_stop_value;
        let args = if matches!(v, Value::None) {
            Vec::new()
        } else {
            vec![v]
        };
        self.exc_args(kind::STOP_ITERATION, args)
    }

    fn gen_next_impl(
        &mut self,
        g: ObjRef,
        sent: Value,
        throw: Option<Value>,
        gc_safe: bool,
    ) -> Result<Option<Value>, Exc> {
        if self.native_depth >= MAX_NATIVE_DEPTH {
            return Err(self.exc_msg(kind::RECURSION, "maximum recursion depth exceeded"));
        }
        let depth = self.frames.len();
        let pos = self.stack.len();
        match self.resume_generator(g, sent, throw, Ret::GenNested) {
            Ok(()) => {}
            Err(e) if self.exc_is(e.0, kind::STOP_ITERATION) && throw.is_none() => return Ok(None),
            Err(e) => return Err(e),
        }
        match self.run_nested_gc(depth, pos, gc_safe) {
            Ok(v) => Ok(Some(v)),
            Err(e) if self.exc_is(e.0, kind::STOP_ITERATION) => {
                // A return inside the generator (GenNested) raises StopIteration: exhausted.
                let is_fresh = self.exc_data(e.0).map(|d| d.tb.is_empty()).unwrap_or(false);
                if is_fresh {
                    self.last_stop_value = self
                        .exc_data(e.0)
                        .and_then(|d| d.args.first().copied())
                        .unwrap_or(Value::None);
                    Ok(None)
                } else {
                    Err(self.exc_msg(kind::RUNTIME, "generator raised StopIteration"))
                }
            }
            Err(e) => Err(e),
        }
    }

    /// Calls the callable at `stack[fpos]` with `argc` arguments above it (the last `kw.len()`
    /// of them keyword values). Returns `Some(result)` when finished, `None` when a frame was
    /// pushed (its result arrives per `ret`). The stack is truncated to `ret_sp` either way.
    pub fn invoke(
        &mut self,
        fpos: usize,
        argc: usize,
        kw: Option<ObjRef>,
        ret_sp: usize,
        ret: Ret,
    ) -> Result<Option<Value>, Exc> {
        let f = self.stack[fpos];
        let r = match f {
            Value::Obj(r) => r,
            _ => {
                let tn = self.type_name(f);
                return Err(self.type_error(&format!("'{}' object is not callable", tn)));
            }
        };
        match self.heap.get(r) {
            Obj::Function(_) => self.call_function(r, fpos + 1, argc, kw, ret_sp, ret, Value::Null),
            Obj::Native(n) => {
                let (func, bound, data) = (n.f, n.bound, n.data);
                let nkw = kw.map(|k| self.tuple_len(k)).unwrap_or(0);
                let npos = argc - nkw;
                // Reuse one argument buffer (a nested call finds it taken and allocates).
                let mut args: Vec<Value> = core::mem::take(&mut self.arg_buf);
                args.clear();
                if !bound.is_null() {
                    args.push(bound);
                }
                args.extend_from_slice(&self.stack[fpos + 1..fpos + 1 + npos]);
                // Generator intrinsics run in this loop instead of nesting.
                if data >= INTRINSIC_NEXT
                    && nkw == 0
                    && let Some(res) = self.intrinsic(data, &args, ret_sp, ret)?
                {
                    return Ok(res);
                }
                let kwargs = self.stack_kwargs(kw, fpos, npos);
                let res = self.call_native_raw(func, data, &args, &kwargs);
                self.stack.truncate(ret_sp);
                if args.capacity() <= 64 {
                    self.arg_buf = args;
                }
                self.take_handoff(res, ret_sp, ret)
            }
            Obj::BoundMethod(s, m) => {
                let (s, m) = (*s, *m);
                self.stack[fpos] = m;
                self.stack.insert(fpos + 1, s);
                self.invoke(fpos, argc + 1, kw, ret_sp, ret)
            }
            Obj::Class(c) => {
                // A metaclass's own `__call__` (`M.__call__(cls, *args)`) replaces `type.__call__`.
                if let Some(meta) = c.meta
                    && let Some(m) = self.class_lookup(meta, self.n.call)
                    && self.is_python_function(m)
                {
                    self.stack[fpos] = m;
                    self.stack.insert(fpos + 1, f);
                    return self.invoke(fpos, argc + 1, kw, ret_sp, ret);
                }
                self.call_class(r, fpos, argc, kw, ret_sp, ret)
            }
            Obj::Instance(_) => {
                let call = self.n.call;
                match self.class_lookup(self.class_of(f), call) {
                    Some(m) => {
                        self.stack[fpos] = m;
                        self.stack.insert(fpos + 1, f);
                        self.invoke(fpos, argc + 1, kw, ret_sp, ret)
                    }
                    None => {
                        let tn = self.type_name(f);
                        Err(self.type_error(&format!("'{}' object is not callable", tn)))
                    }
                }
            }
            Obj::StaticMethod(inner) | Obj::ClassMethod(inner) => {
                let inner = *inner;
                self.stack[fpos] = inner;
                self.invoke(fpos, argc, kw, ret_sp, ret)
            }
            _ => {
                let tn = self.type_name(f);
                Err(self.type_error(&format!("'{}' object is not callable", tn)))
            }
        }
    }

    /// Calls a native function (embedder functions go through their module table); a native
    /// that hands off to a helper (`iterhelp`) has it run nested.
    pub fn call_native(
        &mut self,
        f: NativeFnPtr,
        data: u32,
        args: &[Value],
        kwargs: &[(Value, Value)],
    ) -> Result<Value, Exc> {
        let r = self.call_native_raw(f, data, args, kwargs);
        self.finish_handoff(r)
    }

    /// `call_native` leaving a hand-off to the caller (`Vm::take_handoff`).
    #[inline]
    fn call_native_raw(
        &mut self,
        f: NativeFnPtr,
        data: u32,
        args: &[Value],
        kwargs: &[(Value, Value)],
    ) -> Result<Value, Exc> {
        if data & crate::native::EMBEDDER_FLAG != 0 && data < INTRINSIC_NEXT {
            return crate::native::call_embedder(self, data, args, kwargs);
        }
        f(self, args, kwargs)
    }

    fn intrinsic(
        &mut self,
        data: u32,
        args: &[Value],
        ret_sp: usize,
        ret: Ret,
    ) -> Result<Option<Option<Value>>, Exc> {
        // next(gn) / gn.send(v) / gn.__next__() resumed in-loop when the caller is bytecode.
        if !matches!(ret, Ret::Push) {
            return Ok(None);
        }
        let (g, sent) = match (data, args) {
            (INTRINSIC_NEXT, [g]) => (*g, Value::None),
            (INTRINSIC_SEND, [g, v]) => (*g, *v),
            _ => return Ok(None),
        };
        if let Value::Obj(r) = g
            && let Obj::Generator(_) = self.heap.get(r)
        {
            self.stack.truncate(ret_sp);
            if !self.resume_plain(r, sent, Ret::GenNext) {
                self.resume_generator(r, sent, None, Ret::GenNext)?;
            }
            return Ok(Some(None));
        }
        Ok(None)
    }

    fn tuple_len(&self, t: ObjRef) -> usize {
        match self.heap.get(t) {
            Obj::Tuple(v) => v.len(),
            _ => 0,
        }
    }
    /// A call's keyword arguments on the stack: `kw` is the tuple of their names (as the call
    /// instruction passes it) and their values follow the `npos` positional arguments after
    /// the callee at `fpos`.
    ///
    /// Inline, so a call without keywords (nearly every native call from the loop) makes its
    /// empty vector in place instead of through a function call.
    #[inline]
    fn stack_kwargs(&self, kw: Option<ObjRef>, fpos: usize, npos: usize) -> Vec<(Value, Value)> {
        match kw {
            Some(k) => self.stack_kwargs_named(k, fpos, npos),
            None => Vec::new(),
        }
    }

    /// `stack_kwargs` with keyword names tuple `k`.
    #[inline(never)]
    fn stack_kwargs_named(&self, k: ObjRef, fpos: usize, npos: usize) -> Vec<(Value, Value)> {
        self.tuple_items(k)
            .iter()
            .enumerate()
            .map(|(i, n)| (*n, self.stack[fpos + 1 + npos + i]))
            .collect()
    }

    fn tuple_items(&self, t: ObjRef) -> Vec<Value> {
        match self.heap.get(t) {
            Obj::Tuple(v) => v.to_vec(),
            _ => Vec::new(),
        }
    }

    /// Pushes a frame for Python function `fr`; args at `stack[args_at..]`.
    #[allow(clippy::too_many_arguments)]
    fn call_function(
        &mut self,
        fr: ObjRef,
        args_at: usize,
        argc: usize,
        kw: Option<ObjRef>,
        ret_sp: usize,
        ret: Ret,
        _x: Value,
    ) -> Result<Option<Value>, Exc> {
        if self.frames.len() >= self.max_depth {
            return Err(self.exc_msg(kind::RECURSION, "maximum recursion depth exceeded"));
        }
        let (mut code, globals) = match self.heap.get(fr) {
            Obj::Function(f) => (f.code.clone(), f.globals),
            _ => return Err(self.type_error("not a function")),
        };
        if code.flags & flags::FROZEN_LAZY != 0 {
            code = self.function_code(fr)?;
        }
        let nlocals = code.nlocals as usize;
        let simple = kw.is_none()
            && argc == code.argcount as usize
            && code.flags & (flags::VARARGS | flags::VARKW) == 0
            && code.kwonlycount == 0;
        if simple {
            // Arguments are already in place as the first locals.
            self.stack.truncate(args_at + argc);
            self.stack.resize(args_at + nlocals, Value::Null);
        } else {
            let locals = self.bind_args(fr, &code, args_at, argc, kw)?;
            self.stack.truncate(args_at);
            self.stack.extend_from_slice(&locals);
        }
        let base = args_at;
        // Cells and free variables.
        for &(slot, is_param) in code.cellvars().iter() {
            let init = if is_param {
                self.stack[base + slot as usize]
            } else {
                Value::Null
            };
            let c = self.alloc(Obj::Cell(init))?;
            self.stack[base + slot as usize] = c;
        }
        if !code.freevars().is_empty() {
            for (i, &slot) in code.freevars().iter().enumerate() {
                let cell = match self.heap.get(fr) {
                    Obj::Function(f) => f.closure().get(i).copied().unwrap_or(Value::Null),
                    _ => Value::Null,
                };
                self.stack[base + slot as usize] = cell;
            }
        }
        let is_gen = code.flags & flags::GENERATOR != 0;
        let is_coro = code.flags & flags::COROUTINE != 0;
        if is_gen {
            let saved: Vec<Value> = self.stack.drain(base..).collect();
            self.stack.truncate(ret_sp);
            let name = code.name;
            let g = Generator {
                code,
                globals,
                ip: 0,
                blocks: Vec::new(),
                stack: saved,
                started: false,
                running: false,
                finished: false,
                name: Value::Obj(name),
                is_coroutine: is_coro,
            };
            let gv = self.alloc(Obj::Generator(Box::new(g)))?;
            return Ok(Some(gv));
        }
        self.frames.push(Frame {
            code,
            ip: 0,
            base,
            ret_sp,
            globals,
            ns: None,
            blocks: Vec::new(),
            ret,
            gn: None,
        });
        Ok(None)
    }

    /// The common call, pushed straight from the dispatch loop: a plain Python function (no
    /// generator, no `*args`/`**kwargs`/keyword-only parameters, no cells) called with
    /// positional arguments only, at most as many as it has parameters, the rest taken from
    /// its defaults. Its arguments at `stack[args_at..]` become its first locals. `false`
    /// (nothing changed) when the general path must run, which also raises any error.
    // Always inlined in optimised builds (its prologue and epilogue were ~15 of its ~100
    // instructions per call); an unoptimised build keeps it out of `execute_inner`, whose
    // frame size bounds the native callback nesting there (see `MAX_NATIVE_DEPTH`).
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub(crate) fn push_frame_fast(
        &mut self,
        fr: ObjRef,
        args_at: usize,
        argc: usize,
        ret_sp: usize,
    ) -> bool {
        self.push_frame_fast_ret(fr, args_at, argc, ret_sp, Ret::Push)
    }

    /// `push_frame_fast` with the frame's `Ret` given (`instantiate_fast`'s `Ret::Init`); the
    /// common call passes the constant `Ret::Push` (as a parameter it cost ~20 instructions
    /// per call).
    #[inline(always)]
    fn push_frame_fast_ret(
        &mut self,
        fr: ObjRef,
        args_at: usize,
        argc: usize,
        ret_sp: usize,
        ret: Ret,
    ) -> bool {
        if self.frames.len() >= self.max_depth {
            return false;
        }
        let f = match self.heap.get(fr) {
            Obj::Function(f) => f,
            _ => return false,
        };
        if !fast_call_fits(f, argc) || self.stack.len() != args_at + argc {
            return false;
        }
        let code = &f.code;
        let nargs = code.argcount as usize;
        let nlocals = code.nlocals as usize;
        if argc < nargs {
            // `fast_call_fits` checked that the defaults cover the missing arguments.
            let nd = f.ndefaults();
            let d = f.values().get(nd - (nargs - argc)..nd).unwrap_or(&[]);
            self.stack.extend_from_slice(d);
        }
        // Unbound locals (a plain loop: `resize` is an out-of-line call).
        for _ in self.stack.len()..args_at + nlocals {
            self.stack.push(Value::Null);
        }
        let freevars = code.freevars();
        if !freevars.is_empty() {
            let cells = f.closure();
            for (i, &slot) in freevars.iter().enumerate() {
                self.stack[args_at + slot as usize] = cells.get(i).copied().unwrap_or(Value::Null);
            }
        }
        let frame = Frame {
            code: code.clone(),
            ip: 0,
            base: args_at,
            ret_sp,
            globals: f.globals,
            ns: None,
            blocks: Vec::new(),
            ret,
            gn: None,
        };
        self.frames.push(frame);
        true
    }

    /// `C(args)` from the dispatch loop for a plain Python class (no metaclass, `object`'s
    /// `__new__`) whose `__init__` is a function `push_frame_fast` takes: the instance is made
    /// here and `__init__`'s frame pushed, its `Ret::Init` result being the instance. `false`
    /// (nothing changed) when `call_class` must run, which also raises any error.
    #[inline(never)]
    fn instantiate_fast(&mut self, cls: ObjRef, pos: usize, argc: usize) -> bool {
        if cls == self.t.range {
            return self.range_fast(pos, argc);
        }
        // `super()` without arguments, as `call_class` makes it (an error takes that path,
        // which raises it again).
        if cls == self.t.super_ {
            if argc != 0 || self.stack.len() != pos + 1 {
                return false;
            }
            return match self.implicit_super() {
                Ok(v) => {
                    self.stack.truncate(pos);
                    self.stack.push(v);
                    true
                }
                Err(_) => false,
            };
        }
        let hint = match self.heap.get(cls) {
            Obj::Class(c) if c.tag == TypeTag::Object && !c.builtin && c.meta.is_none() => {
                usize::from(c.attr_hint)
            }
            _ => return false,
        };
        if self.frames.len() >= self.max_depth || self.stack.len() != pos + 1 + argc {
            return false;
        }
        // The lookups' verdict holds until a class changes or the GC runs (`class_epoch`).
        let epoch = self.class_epoch.get();
        let slot = cls.0 as usize % INIT_CACHE;
        let init = match self.init_cache[slot] {
            (c, e, i) if c == cls.0 && e == epoch => ObjRef(i),
            _ => {
                let new = self.n.new;
                if self.class_lookup(cls, new) != self.class_lookup(self.t.object, new) {
                    return false;
                }
                let Some(Value::Obj(init)) = self.class_lookup(cls, self.n.init) else {
                    return false;
                };
                self.init_cache[slot] = (cls.0, epoch, init.0);
                init
            }
        };
        if !matches!(self.heap.get(init), Obj::Function(f) if fast_call_fits(f, argc + 1)) {
            return false;
        }
        // `new_instance` for a plain class, with the hint read above.
        let boxed = self.heap.take_instance(cls, hint);
        let Ok(inst) = self.alloc(Obj::Instance(boxed)) else {
            return false;
        };
        self.stack[pos] = Value::Obj(init);
        self.stack.insert(pos + 1, inst);
        if self.push_frame_fast_ret(init, pos + 1, argc + 1, pos, Ret::Init(inst)) {
            return true;
        }
        // Not reached (the same checks passed above); undone for the general path all the same.
        self.stack.remove(pos + 1);
        self.stack[pos] = Value::Obj(cls);
        false
    }

    /// `range(...)` of one to three ints from the dispatch loop (the result replaces the
    /// call on the stack), as the general path makes it: `for i in range(a, b)` in an inner
    /// loop otherwise goes through `call_class` and argument checking each time. `false`
    /// (nothing changed) for anything else, a zero step or a full heap: the general path
    /// raises.
    fn range_fast(&mut self, pos: usize, argc: usize) -> bool {
        if self.stack.len() != pos + 1 + argc {
            return false;
        }
        let (a, b, s) = match self.stack[pos + 1..] {
            [Value::Int(b)] => (0, b, 1),
            [Value::Int(a), Value::Int(b)] => (a, b, 1),
            [Value::Int(a), Value::Int(b), Value::Int(s)] if s != 0 => (a, b, s),
            _ => return false,
        };
        let Ok(r) = self.heap.alloc(Obj::Range(a, b, s)) else {
            return false;
        };
        self.stack.truncate(pos);
        self.stack.push(Value::Obj(r));
        true
    }

    /// General argument binding: positional, keywords, defaults, *args, **kwargs.
    fn bind_args(
        &mut self,
        fr: ObjRef,
        code: &Code,
        args_at: usize,
        argc: usize,
        kw: Option<ObjRef>,
    ) -> Result<Vec<Value>, Exc> {
        let nkw = kw.map(|k| self.tuple_len(k)).unwrap_or(0);
        let npos = argc - nkw;
        let nargs = code.argcount as usize;
        let nkwonly = code.kwonlycount as usize;
        let mut locals = vec![Value::Null; code.nlocals as usize];
        let fname = self.qualname_string(code);
        let has_varargs = code.flags & flags::VARARGS != 0;
        let has_varkw = code.flags & flags::VARKW != 0;
        for i in 0..npos.min(nargs) {
            locals[i] = self.stack[args_at + i];
        }
        let mut slot = nargs + nkwonly;
        if has_varargs {
            let extra: Vec<Value> = if npos > nargs {
                self.stack[args_at + nargs..args_at + npos].to_vec()
            } else {
                Vec::new()
            };
            locals[slot] = self.alloc(Obj::Tuple(extra.into_boxed_slice()))?;
            slot += 1;
        } else if npos > nargs {
            let (defaults_len, _) = self.fn_defaults_len(fr);
            let msg = if defaults_len > 0 {
                format!(
                    "{}() takes from {} to {} positional arguments but {} were given",
                    fname,
                    nargs - defaults_len,
                    nargs,
                    npos
                )
            } else {
                format!(
                    "{}() takes {} positional argument{} but {} {} given",
                    fname,
                    nargs,
                    if nargs == 1 { "" } else { "s" },
                    npos,
                    if npos == 1 { "was" } else { "were" }
                )
            };
            return Err(self.type_error(&msg));
        }
        let kwdict = if has_varkw {
            let d = self.alloc(Obj::Dict(Dict::new()))?;
            locals[slot] = d;
            Some(d)
        } else {
            None
        };
        if let Some(k) = kw {
            let names = self.tuple_items(k);
            // Positional-only parameters are no keyword targets: such a name goes to
            // `**kwargs`, or is an error.
            let posonly = (code.posonlycount as usize).min(nargs);
            for (i, name) in names.iter().enumerate() {
                let v = self.stack[args_at + npos + i];
                let pos = (posonly..nargs + nkwonly).find(|&j| self.varname_is(code, j, *name));
                if pos.is_none() && kwdict.is_none() {
                    let passed: Vec<String> = (0..posonly)
                        .filter(|&j| names.iter().any(|n| self.varname_is(code, j, *n)))
                        .map(|j| String::from(self.varname_str(code, j)))
                        .collect();
                    if !passed.is_empty() {
                        return Err(self.type_error(&format!(
                            "{}() got some positional-only arguments passed as keyword arguments: '{}'",
                            fname,
                            passed.join(", ")
                        )));
                    }
                }
                match pos {
                    Some(p) => {
                        if !locals[p].is_null() {
                            let n = String::from(self.str_of(*name).unwrap_or("?"));
                            return Err(self.type_error(&format!(
                                "{}() got multiple values for argument '{}'",
                                fname, n
                            )));
                        }
                        locals[p] = v;
                    }
                    None => match kwdict {
                        Some(d) => self.dict_set(d, *name, v)?,
                        None => {
                            let n = String::from(self.str_of(*name).unwrap_or("?"));
                            return Err(self.type_error(&format!(
                                "{}() got an unexpected keyword argument '{}'",
                                fname, n
                            )));
                        }
                    },
                }
            }
        }
        // Defaults.
        let (defaults, kwdefaults) = match self.heap.get(fr) {
            Obj::Function(f) => (f.defaults().to_vec(), f.kwdefaults().to_vec()),
            _ => (Vec::new(), Vec::new()),
        };
        let first_default = nargs - defaults.len().min(nargs);
        let mut missing = Vec::new();
        for i in 0..nargs {
            if locals[i].is_null() {
                if i >= first_default {
                    locals[i] = defaults[i - first_default];
                } else {
                    missing.push(String::from(self.varname_str(code, i)));
                }
            }
        }
        if !missing.is_empty() {
            let list = join_names(&missing);
            return Err(self.type_error(&format!(
                "{}() missing {} required positional argument{}: {}",
                fname,
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                list
            )));
        }
        for i in nargs..nargs + nkwonly {
            if locals[i].is_null() {
                let name = self.varname_value(code, i)?;
                match kwdefaults.iter().find(|(k, _)| self.str_key_eq(*k, name)) {
                    Some((_, v)) => locals[i] = *v,
                    None => missing.push(String::from(self.str_of(name).unwrap_or("?"))),
                }
            }
        }
        if !missing.is_empty() {
            let list = join_names(&missing);
            return Err(self.type_error(&format!(
                "{}() missing {} required keyword-only argument{}: {}",
                fname,
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                list
            )));
        }
        Ok(locals)
    }

    fn fn_defaults_len(&self, fr: ObjRef) -> (usize, usize) {
        match self.heap.get(fr) {
            Obj::Function(f) => (f.defaults().len(), f.kwdefaults().len()),
            _ => (0, 0),
        }
    }

    fn call_class(
        &mut self,
        cls: ObjRef,
        fpos: usize,
        argc: usize,
        kw: Option<ObjRef>,
        ret_sp: usize,
        ret: Ret,
    ) -> Result<Option<Value>, Exc> {
        let tag = match self.heap.get(cls) {
            Obj::Class(c) => c.tag,
            _ => TypeTag::Object,
        };
        // `OSError(errno, strerror)` is the subclass for that errno, as in CPython.
        let cls = if tag == TypeTag::Exception
            && argc >= 2
            && kw.is_none()
            && let Value::Int(n) = self.stack[fpos + 1]
            && self.exc_class(kind::OS).ok() == Some(cls)
            && let Some(k) = crate::fs::errno_exception_kind(n)
        {
            self.exc_class(k)?
        } else {
            cls
        };
        let is_builtin_type = self.is_builtin_class(cls);
        if is_builtin_type {
            // Builtin constructors are natives taking (args, kwargs).
            let nkw = kw.map(|k| self.tuple_len(k)).unwrap_or(0);
            let npos = argc - nkw;
            // The shared argument buffer, as for natives (`range(a, b)` in a loop).
            let mut args: Vec<Value> = core::mem::take(&mut self.arg_buf);
            args.clear();
            args.extend_from_slice(&self.stack[fpos + 1..fpos + 1 + npos]);
            let kwargs = self.stack_kwargs(kw, fpos, npos);
            let r = crate::builtins::construct_raw(self, cls, &args, &kwargs);
            self.stack.truncate(ret_sp);
            if args.capacity() <= 64 {
                self.arg_buf = args;
            }
            return self.take_handoff(r, ret_sp, ret);
        }
        // User class: __new__ (if defined in Python), then __init__.
        let new_name = self.n.new;
        // `object.__new__` itself (a static native) only makes the instance: done inline
        // for plain classes, without a nested call.
        let object_new = self.class_lookup(self.t.object, new_name);
        let custom_new = self
            .class_lookup(cls, new_name)
            .filter(|v| self.is_python_callable(*v))
            .filter(|v| !(tag == TypeTag::Object && Some(*v) == object_new));
        let inst = if let Some(newf) = custom_new {
            let nkw = kw.map(|k| self.tuple_len(k)).unwrap_or(0);
            let npos = argc - nkw;
            let mut args = vec![Value::Obj(cls)];
            args.extend_from_slice(&self.stack[fpos + 1..fpos + 1 + npos]);
            let kwargs = self.stack_kwargs(kw, fpos, npos);
            let f = match newf {
                Value::Obj(r) => match self.heap.get(r) {
                    Obj::StaticMethod(f) => *f,
                    _ => newf,
                },
                _ => newf,
            };
            let inst = self.call_kw(f, &args, &kwargs)?;
            if !self.is_instance_of(inst, cls) {
                self.stack.truncate(ret_sp);
                return Ok(Some(inst));
            }
            inst
        } else if tag == TypeTag::Type {
            // A metaclass without its own `__new__`: `type.__new__(cls, name, bases, ns)`.
            let nkw = kw.map(|k| self.tuple_len(k)).unwrap_or(0);
            let npos = argc - nkw;
            let args = self.stack[fpos + 1..fpos + 1 + npos].to_vec();
            let kwargs = self.stack_kwargs(kw, fpos, npos);
            match args[..] {
                [name, bases, ns] => self.type_new(cls, name, bases, ns, &kwargs)?,
                _ => {
                    return Err(self.type_error(&format!(
                        "type.__new__() takes exactly 3 arguments ({} given)",
                        args.len()
                    )));
                }
            }
        } else {
            let inst = self.new_instance(cls, tag)?;
            let nkw = kw.map(|k| self.tuple_len(k)).unwrap_or(0);
            let npos = argc - nkw;
            if tag == TypeTag::Exception {
                // BaseException.__new__ keeps the constructor arguments as `args`.
                let args = self.stack[fpos + 1..fpos + 1 + npos].to_vec();
                if let Some(d) = self.exc_data_mut(inst) {
                    d.args = args;
                }
            } else if matches!(
                tag,
                TypeTag::Int
                    | TypeTag::Float
                    | TypeTag::Str
                    | TypeTag::Tuple
                    | TypeTag::Bytes
                    | TypeTag::FrozenSet
                    | TypeTag::Bool
            ) {
                // Immutable builtin base: its value comes from the constructor arguments.
                let args = self.stack[fpos + 1..fpos + 1 + npos].to_vec();
                if let Some(base) = self.builtin_base(cls) {
                    let bv = crate::builtins::construct(self, base, &args, &[])?;
                    self.set_base_value(inst, bv);
                }
            }
            inst
        };
        let init = self.n.init;
        match self.class_lookup(cls, init) {
            Some(f) if self.is_python_function(f) => {
                self.stack[fpos] = f;
                self.stack.insert(fpos + 1, inst);
                let r = self.call_function(
                    f.as_obj().unwrap_or(ObjRef(0)),
                    fpos + 1,
                    argc + 1,
                    kw,
                    ret_sp,
                    Ret::Init(inst),
                    Value::Null,
                )?;
                match (r, ret) {
                    (None, Ret::Push) => Ok(None),
                    (None, _) => {
                        // A nested caller: finish __init__ now.
                        let depth = self.frames.len() - 1;
                        if let Some(fr) = self.frames.last_mut() {
                            fr.ret = Ret::Nested;
                        }
                        self.run_nested(depth, ret_sp)?;
                        Ok(Some(inst))
                    }
                    // A generator `__init__` returns its generator at once.
                    (Some(v), _) if !matches!(v, Value::None) => {
                        let tn = self.type_name(v);
                        Err(self
                            .type_error(&format!("__init__() should return None, not '{}'", tn)))
                    }
                    (Some(_), _) => Ok(Some(inst)),
                }
            }
            Some(f) => {
                let nkw = kw.map(|k| self.tuple_len(k)).unwrap_or(0);
                let npos = argc - nkw;
                let object_init = self.class_lookup(self.t.object, init);
                if object_init == Some(f) {
                    if argc > 0 && custom_new.is_none() && tag == TypeTag::Object {
                        let cn = self.class_name(cls);
                        return Err(self.type_error(&format!("{}() takes no arguments", cn)));
                    }
                    self.stack.truncate(ret_sp);
                    return Ok(Some(inst));
                }
                let mut args = vec![inst];
                args.extend_from_slice(&self.stack[fpos + 1..fpos + 1 + npos]);
                let kwargs = self.stack_kwargs(kw, fpos, npos);
                self.stack.truncate(ret_sp);
                self.call_kw(f, &args, &kwargs)?;
                Ok(Some(inst))
            }
            None => {
                if argc > 0 && custom_new.is_none() && tag == TypeTag::Object {
                    let cn = self.class_name(cls);
                    return Err(self.type_error(&format!("{}() takes no arguments", cn)));
                }
                self.stack.truncate(ret_sp);
                Ok(Some(inst))
            }
        }
    }

    /// A fresh instance of user class `cls`.
    pub fn new_instance(&mut self, cls: ObjRef, tag: TypeTag) -> Result<Value, Exc> {
        let exc = if tag == TypeTag::Exception {
            Some(Box::new(ExcData::default()))
        } else {
            None
        };
        let base_value = match tag {
            TypeTag::List => self.alloc(Obj::List(Vec::new()))?,
            TypeTag::Dict => self.alloc(Obj::Dict(Dict::new()))?,
            TypeTag::Set => self.alloc(Obj::Set(Dict::new(), false))?,
            TypeTag::ByteArray => self.alloc(Obj::ByteArray(Vec::new()))?,
            TypeTag::Property => self.alloc(Obj::Property(Box::new(PropertyDesc {
                fget: Value::None,
                fset: Value::None,
                fdel: Value::None,
                doc: Value::None,
            })))?,
            _ => Value::Null,
        };
        let hint = match self.heap.get(cls) {
            Obj::Class(c) => c.attr_hint as usize,
            _ => 0,
        };
        if exc.is_none() && base_value.is_null() {
            let inst = self.heap.take_instance(cls, hint);
            return self.alloc(Obj::Instance(inst));
        }
        let inst = Instance {
            class: cls,
            dict: Dict::with_capacity(hint),
            rare: (exc.is_some() || !base_value.is_null()).then(|| {
                Box::new(crate::object::InstRare {
                    dict_ref: None,
                    exc,
                    base_value,
                })
            }),
        };
        self.alloc(Obj::Instance(Box::new(inst)))
    }

    /// The nearest builtin class in `cls`'s MRO (other than object).
    pub fn builtin_base(&self, cls: ObjRef) -> Option<ObjRef> {
        let mro = match self.heap.get(cls) {
            Obj::Class(c) => c.mro.clone(),
            _ => return None,
        };
        mro.into_iter()
            .find(|c| *c != self.t.object && self.is_builtin_class(*c))
    }

    /// Sets the wrapped builtin value of a subclass instance.
    pub fn set_base_value(&mut self, inst: Value, bv: Value) {
        if let Value::Obj(r) = inst {
            if let Obj::Instance(i) = self.heap.get_mut(r) {
                i.rare_mut().base_value = bv;
            }
        }
    }

    fn is_python_function(&self, v: Value) -> bool {
        matches!(v, Value::Obj(r) if matches!(self.heap.get(r), Obj::Function(_)))
    }
    fn is_python_callable(&self, v: Value) -> bool {
        matches!(v, Value::Obj(r) if matches!(self.heap.get(r), Obj::Function(_) | Obj::StaticMethod(_)))
    }

    /// True for the builtin classes (whose constructors are native).
    pub fn is_builtin_class(&self, c: ObjRef) -> bool {
        match self.heap.get(c) {
            Obj::Class(k) => k.builtin,
            _ => false,
        }
    }

    fn start_class_body(
        &mut self,
        body: Value,
        name: Value,
        bases: Value,
        kwargs: Value,
    ) -> Result<(), Exc> {
        let (mut code, globals, fr) = match body {
            Value::Obj(r) => match self.heap.get(r) {
                Obj::Function(f) => (f.code.clone(), f.globals, r),
                _ => return Err(self.type_error("bad class body")),
            },
            _ => return Err(self.type_error("bad class body")),
        };
        if code.flags & flags::FROZEN_LAZY != 0 {
            code = self.function_code(fr)?;
        }
        if self.frames.len() >= self.max_depth {
            return Err(self.exc_msg(kind::RECURSION, "maximum recursion depth exceeded"));
        }
        let (nsr, bases) = self.class_namespace(name, bases, kwargs)?;
        let modname = self
            .dict_get_str(globals, self.n.name)
            .unwrap_or(Value::None);
        self.dict_set_str(nsr, self.n.module, modname)?;
        // The class's name, bases and keywords wait below the frame (see `Ret::Class`).
        let ret_sp = self.stack.len();
        self.stack.extend_from_slice(&[name, bases, kwargs]);
        let base = self.stack.len();
        self.stack.resize(base + code.nlocals as usize, Value::Null);
        // The body's only cell is `__class__` (see `Ret::Class`).
        for &(slot, _) in code.cellvars().iter() {
            let c = self.alloc(Obj::Cell(Value::Null))?;
            self.stack[base + slot as usize] = c;
        }
        for (i, &slot) in code.freevars().iter().enumerate() {
            let cell = match self.heap.get(fr) {
                Obj::Function(f) => f.closure().get(i).copied().unwrap_or(Value::Null),
                _ => Value::Null,
            };
            self.stack[base + slot as usize] = cell;
        }
        self.frames.push(Frame {
            code,
            ip: 0,
            base,
            ret_sp,
            globals,
            ns: Some(nsr),
            blocks: Vec::new(),
            ret: Ret::Class,
            gn: None,
        });
        Ok(())
    }

    /// Pushes a module frame for an import (its result is the module).
    pub fn push_module_frame(
        &mut self,
        code: Rc<Code>,
        globals: ObjRef,
        module: Value,
        ret: Ret,
    ) -> Result<(), Exc> {
        if self.frames.len() >= self.max_depth {
            return Err(self.exc_msg(kind::RECURSION, "maximum recursion depth exceeded"));
        }
        let base = self.stack.len();
        self.stack.resize(base + code.nlocals as usize, Value::Null);
        let ret = match ret {
            Ret::Import(_) => Ret::Import(module),
            r => r,
        };
        self.frames.push(Frame {
            code,
            ip: 0,
            base,
            ret_sp: base,
            globals,
            ns: None,
            blocks: Vec::new(),
            ret,
            gn: None,
        });
        Ok(())
    }
}

/// `next` intrinsic tag (see `NativeFunc::data`).
pub const INTRINSIC_NEXT: u32 = 0xFFFF_0001;

/// Most arguments (the bound receiver included) a native call from the loop passes in an
/// array on the Rust stack (`Vm::native_call_fast`); more take the shared buffer.
const NATIVE_FAST_ARGS: usize = 4;
/// `generator.send` intrinsic tag.
pub const INTRINSIC_SEND: u32 = 0xFFFF_0002;
/// Builtin `len` tag (`Vm::builtin_inline`; as an intrinsic it calls the native).
pub const INTRINSIC_LEN: u32 = 0xFFFF_0003;
/// `list.append` tag (`Vm::builtin_inline`; as an intrinsic it calls the native).
pub const INTRINSIC_APPEND: u32 = 0xFFFF_0004;

fn join_names(names: &[String]) -> String {
    let q: Vec<String> = names.iter().map(|n| format!("'{}'", n)).collect();
    match q.len() {
        0 => String::new(),
        1 => q[0].clone(),
        2 => format!("{} and {}", q[0], q[1]),
        _ => {
            let mut s = q[..q.len() - 1].join(", ");
            s.push_str(", and ");
            s.push_str(&q[q.len() - 1]);
            s
        }
    }
}

/// A generator resumed inside `except` blocks handles their exceptions again, as in CPython
/// where each generator frame keeps its own exception state: each handler block's exception
/// (the value under the block's stack depth, `values` being the frame's saved values) goes
/// back onto the exception stack, and the block's depth is set to where it now stands.
#[inline(never)]
fn restore_handled(exc_stack: &mut Vec<Value>, values: &[Value], blocks: &mut [Block]) {
    for b in blocks {
        if let BlockKind::Handler(d) = &mut b.kind {
            *d = exc_stack.len() as u32;
            let e = (b.sp as usize).checked_sub(1).and_then(|i| values.get(i));
            exc_stack.push(e.copied().unwrap_or(Value::None));
        }
    }
}

/// The exception stack's depth below the first handler block of a suspending generator
/// frame: what its handlers pushed leaves the stack with it (`restore_handled` puts it back),
/// so the caller does not see the generator's exception as its own.
#[inline]
fn handled_base(blocks: &[Block]) -> Option<usize> {
    blocks.iter().find_map(|b| match b.kind {
        BlockKind::Handler(d) => Some(d as usize),
        BlockKind::Except => None,
    })
}

/// Pushes onto `frames` the frame that continues suspended generator `gn` (object `g`): its
/// saved values go back onto `stack`, then `sent` (the value its `yield` gives, none for a
/// generator that has not started), and its buffer is left empty for the next yield to fill;
/// its position and handler blocks move into the frame (code and globals it keeps for good).
/// The frame is written straight into `frames`, not built and moved there. A `yield`
/// statement's sent value, which the POP after it would drop at once, is not pushed and the
/// frame starts past that POP (one dispatch less per item of a pipeline; an exception thrown
/// in there is raised at the same line, the POP's). `plain` (nothing thrown in): when a
/// JUMP follows that POP (a loop body ending in the `yield`), the frame starts at its
/// target, one dispatch less again (a throw must not: its line would be the target's).
#[inline(always)]
fn push_generator_frame(
    stack: &mut Vec<Value>,
    frames: &mut Vec<Frame>,
    exc_stack: &mut Vec<Value>,
    gn: &mut Generator,
    g: ObjRef,
    ret: Ret,
    sent: Option<Value>,
    plain: bool,
) {
    let at = stack.len();
    if !gn.blocks.is_empty() {
        restore_handled(exc_stack, &gn.stack, &mut gn.blocks);
    }
    stack.extend_from_slice(&gn.stack);
    gn.stack.clear();
    let mut ip = gn.ip as usize;
    if let Some(v) = sent {
        if matches!(gn.code.ops.get(ip), Some(Op::Pop)) {
            ip += 1;
            if plain && let Some(Op::Jump(t)) = gn.code.ops.get(ip) {
                ip = t.ix();
            }
        } else {
            stack.push(v);
        }
    }
    frames.push(Frame {
        code: gn.code.clone(),
        ip,
        base: at,
        ret_sp: at,
        globals: gn.globals,
        ns: None,
        blocks: core::mem::take(&mut gn.blocks),
        ret,
        gn: Some(g),
    });
}
