//! Heap object layouts. Behaviour lives in the per-type files (`str.rs`, `list.rs`, ...) and
//! in the VM; this file only says what each object holds.

use crate::bytecode::Code;
use crate::dict::Dict;
use crate::int::BigInt;
use crate::value::{ObjRef, Value};
use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::vec::Vec;
use core::mem::size_of;

/// A str: UTF-8 text with a cached hash and char count.
#[derive(Debug)]
pub struct PyStr {
    /// The text: owned, or borrowed from static memory (names and constants of frozen code,
    /// the builtins' names), which costs the heap only the object itself.
    pub s: Cow<'static, str>,
    /// Cached hash.
    pub hash: i64,
    /// Number of code points (== byte length when ASCII).
    pub chars: usize,
}

/// A Python function (closure over a code object).
#[derive(Debug)]
pub struct Function {
    /// Code to run.
    pub code: Rc<Code>,
    /// Positional defaults (for the last N positional parameters), then the cells captured
    /// from enclosing scopes in the code's freevar order: one boxed slice, not two, nor Vecs
    /// (a function never grows them), as every function a frozen module defines pays for
    /// the empty ones (16 bytes each on a 64-bit host).
    vals: Box<[Value]>,
    /// Keyword-only defaults and assigned attributes: one box, absent for almost every
    /// function, so they cost a function 8 bytes instead of 72.
    pub extra: Option<Box<FuncExtra>>,
    /// The code object's heap wrapper (keeps constants alive).
    pub code_obj: ObjRef,
    /// Module globals dict.
    pub globals: ObjRef,
    /// `__name__`: an interned str (a handle: assigning `__name__` goes to the attributes).
    pub name: ObjRef,
    /// How many of `vals` are defaults.
    ndefaults: u16,
    /// A function of frozen code not called yet whose `def` runs once (in a module or class
    /// body): its code, still in flash, as 1 + its index in `frozen::CODES` (0: none).
    /// `code` is the shared stand-in and `code_obj` means nothing until the first call
    /// builds the code object (`Vm::function_code`), so such a function costs no slot for
    /// its code. Functions of nested `def`s, which run again and again, share one
    /// `Obj::FrozenCode` slot instead and have none. With `BUILT_OWN` set, the code is
    /// built in a slot of the function's own (the low bits keep the index), so the collector
    /// can return the function to this form and let the slot go (`Vm::evict_frozen_code`).
    frozen: u16,
}

/// `Function::frozen`'s flag for a code object built into a slot of the function's own.
const BUILT_OWN: u16 = 0x8000;

/// The parts of a [`Function`] that few functions have.
#[derive(Debug, Default)]
pub struct FuncExtra {
    /// Keyword-only defaults: (name, value).
    pub kwdefaults: Box<[(Value, Value)]>,
    /// `__doc__` etc. when assigned.
    pub attrs: Dict,
}

impl Function {
    /// A function; `None` when it has more than 65,535 defaults (its count is 16 bits).
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        code: Rc<Code>,
        code_obj: ObjRef,
        globals: ObjRef,
        name: ObjRef,
        defaults: &[Value],
        closure: &[Value],
        frozen: Option<&'static crate::stdlib::FrozenCode>,
        extra: Option<Box<FuncExtra>>,
    ) -> Option<Function> {
        let ndefaults = u16::try_from(defaults.len()).ok()?;
        let frozen = match frozen {
            Some(fc) => crate::stdlib::frozen_index(fc)?
                .checked_add(1)
                .filter(|&i| i < BUILT_OWN)?,
            None => 0,
        };
        let mut vals = alloc::vec::Vec::with_capacity(defaults.len() + closure.len());
        vals.extend_from_slice(defaults);
        vals.extend_from_slice(closure);
        Some(Function {
            code,
            vals: vals.into_boxed_slice(),
            extra,
            code_obj,
            globals,
            name,
            ndefaults,
            frozen,
        })
    }
    /// How many positional defaults there are.
    #[inline]
    pub fn ndefaults(&self) -> usize {
        usize::from(self.ndefaults)
    }
    /// Positional defaults (for the last N positional parameters).
    #[inline]
    pub fn defaults(&self) -> &[Value] {
        self.vals.get(..usize::from(self.ndefaults)).unwrap_or(&[])
    }
    /// Cells captured from enclosing scopes, in the code's freevar order.
    #[inline]
    pub fn closure(&self) -> &[Value] {
        self.vals.get(usize::from(self.ndefaults)..).unwrap_or(&[])
    }
    /// Defaults, then closure cells.
    #[inline]
    pub fn values(&self) -> &[Value] {
        &self.vals
    }
    /// The frozen code of a function not called yet (see `Function::frozen`).
    pub fn frozen(&self) -> Option<&'static crate::stdlib::FrozenCode> {
        if self.frozen & BUILT_OWN != 0 {
            return None;
        }
        crate::stdlib::frozen_at(usize::from(self.frozen).checked_sub(1)?)
    }
    /// Its code object is built, into a slot of its own (`code_obj`): it runs that code now,
    /// but remembers the flash code it came from (`built_own`).
    pub fn set_built_own(&mut self) {
        if self.frozen != 0 {
            self.frozen |= BUILT_OWN;
        }
    }
    /// The frozen code a function built its own code object from (`set_built_own`).
    pub fn built_own(&self) -> Option<&'static crate::stdlib::FrozenCode> {
        if self.frozen & BUILT_OWN == 0 {
            return None;
        }
        crate::stdlib::frozen_at(usize::from(self.frozen & !BUILT_OWN).checked_sub(1)?)
    }
    /// Back to a function not called yet (`frozen`): its code object is given up, and
    /// `code_obj` (any live object until the next call builds the code) is `placeholder`.
    pub fn unbuild_own(&mut self, stub: Rc<Code>, placeholder: ObjRef) {
        if self.frozen & BUILT_OWN != 0 {
            self.frozen &= !BUILT_OWN;
            self.code = stub;
            self.code_obj = placeholder;
        }
    }
    /// Keyword-only defaults: (name, value).
    pub fn kwdefaults(&self) -> &[(Value, Value)] {
        self.extra.as_ref().map_or(&[], |e| &e.kwdefaults)
    }

    /// Attributes assigned to the function, if any were.
    pub fn attrs(&self) -> Option<&Dict> {
        self.extra.as_ref().map(|e| &e.attrs)
    }
}

/// A native function pointer signature used by builtins and embedder modules.
pub type NativeFnPtr =
    fn(&mut crate::vm::Vm, &[Value], &[(Value, Value)]) -> Result<Value, crate::vm::Exc>;

/// A native (Rust) function.
#[derive(Debug)]
pub struct NativeFunc {
    /// Name for repr and errors.
    pub name: &'static str,
    /// The implementation.
    pub f: NativeFnPtr,
    /// A bound receiver (for builtin methods looked up on a value), or `Null`.
    pub bound: Value,
    /// Extra data passed back to embedder functions (index of the native module fn).
    pub data: u32,
}

/// A class (builtin or user-defined).
#[derive(Debug)]
pub struct Class {
    /// `__name__`: a str, as a handle (16 bytes less than a `Value` with the flags below
    /// packed beside it).
    pub name: ObjRef,
    /// Direct bases when there are several (read them through `bases()`): a single base is
    /// `mro[1]`, so almost every class stores none. Boxed twice, a thin pointer: 8 bytes of
    /// every class instead of 16 and a 4-byte allocation.
    pub multi_bases: Option<Box<Box<[ObjRef]>>>,
    /// Method resolution order, starting with the class itself. A boxed slice: set once when
    /// the class is made, so the capacity word a `Vec` carries would be waste in every class.
    pub mro: Box<[ObjRef]>,
    /// Class namespace.
    pub dict: Dict,
    /// For builtin types: which native layout its instances have.
    pub tag: crate::vm::TypeTag,
    /// True for the interpreter's own classes (native constructors).
    pub builtin: bool,
    /// Some class in the MRO defines `__getattribute__`/`__setattr__` in Python (slow paths).
    pub hooks: bool,
    /// How many attributes its instances have had at most (capped at `ATTR_HINT_MAX`): a
    /// new instance's attribute table reserves exactly that many entries, so a typical
    /// instance carries no growth slack (5 attributes: 5 entries, not the 8 doubling gives).
    pub attr_hint: u8,
    /// The metaclass (`type(cls)`) when it is not `type`.
    pub meta: Option<ObjRef>,
}

impl Class {
    /// The direct bases (`__bases__`; none for `object`).
    pub fn bases(&self) -> &[ObjRef] {
        match &self.multi_bases {
            Some(b) => b,
            None => self.mro.get(1..2).unwrap_or(&[]),
        }
    }

    /// What `multi_bases` holds for these direct bases.
    pub fn multi_bases(bases: &[ObjRef]) -> Option<Box<Box<[ObjRef]>>> {
        (bases.len() > 1).then(|| Box::new(bases.to_vec().into_boxed_slice()))
    }
}

/// The most attribute entries a new instance reserves from its class's `attr_hint` (a class
/// whose odd instance got many attributes does not make every instance that big).
pub const ATTR_HINT_MAX: usize = 16;

/// Extra state carried by exception instances.
#[derive(Debug)]
pub struct ExcData {
    /// `args`.
    pub args: Vec<Value>,
    /// Traceback entries (filename, line, function name), innermost first.
    pub tb: Vec<(Value, u32, Value)>,
    /// `__cause__`.
    pub cause: Value,
    /// `__context__`.
    pub context: Value,
    /// `__suppress_context__` (set by `raise ... from ...`).
    pub suppress: bool,
    /// Where a handler last caught it: (the frame's code, the raising instruction, the frame
    /// depth). That frame's traceback entry (CPython's `__traceback__` has it) is made from
    /// this only when needed (`Vm::flush_caught`), so catching costs an `Rc` count; a bare
    /// `raise` out of the same frame keeps it instead of adding a second entry.
    pub caught: Option<(Rc<Code>, u32, u32)>,
}

impl Default for ExcData {
    fn default() -> Self {
        ExcData {
            args: Vec::new(),
            tb: Vec::new(),
            cause: Value::None,
            context: Value::None,
            suppress: false,
            caught: None,
        }
    }
}

/// An instance of a user class.
#[derive(Debug)]
pub struct Instance {
    /// Its class.
    pub class: ObjRef,
    /// Its attributes (unless `dict_ref` is set).
    pub dict: Dict,
    /// The fields most instances never use, boxed together (24 bytes less per instance on
    /// a host): read them through `dict_ref()`, `exc()`, `base_value()`.
    pub rare: Option<Box<InstRare>>,
}

// An instance is its class handle, its attribute table and one pointer (64 bytes on a host,
// 36 on a Cortex-M4): the rare fields stay out of it.
const _: () = assert!(
    core::mem::size_of::<Instance>()
        <= 2 * core::mem::size_of::<usize>() + core::mem::size_of::<crate::dict::Dict>()
);

/// The rarely used state of an instance.
#[derive(Debug)]
pub struct InstRare {
    /// Once `__dict__` was asked for, the attributes live in this dict object instead.
    pub dict_ref: Option<ObjRef>,
    /// Present on exception instances.
    pub exc: Option<Box<ExcData>>,
    /// The wrapped builtin value for subclasses of int/str/list/dict/... (else `Null`).
    pub base_value: Value,
}

impl Instance {
    /// The dict object holding its attributes once `__dict__` was asked for.
    #[inline]
    pub fn dict_ref(&self) -> Option<ObjRef> {
        self.rare.as_ref().and_then(|x| x.dict_ref)
    }
    /// Exception state (exception instances only).
    #[inline]
    pub fn exc(&self) -> Option<&ExcData> {
        self.rare.as_ref().and_then(|x| x.exc.as_deref())
    }
    /// Exception state, mutably.
    #[inline]
    pub fn exc_mut(&mut self) -> Option<&mut ExcData> {
        self.rare.as_mut().and_then(|x| x.exc.as_deref_mut())
    }
    /// The wrapped builtin value of a builtin subclass's instance (else `Null`).
    #[inline]
    pub fn base_value(&self) -> Value {
        self.rare.as_ref().map_or(Value::Null, |x| x.base_value)
    }
    /// The rare fields, boxed on first use.
    pub fn rare_mut(&mut self) -> &mut InstRare {
        self.rare.get_or_insert_with(|| {
            Box::new(InstRare {
                dict_ref: None,
                exc: None,
                base_value: Value::Null,
            })
        })
    }
}

/// Saved state of a suspended frame (a generator or coroutine): only what varies between
/// suspensions (position, handler blocks, values). The frame is rebuilt in place on the VM's
/// frame stack at each resumption and only these fields go back at each yield, so neither
/// moves a whole `Frame` (the generator is also smaller than one).
#[derive(Debug)]
pub struct Generator {
    /// The code it runs.
    pub code: Rc<Code>,
    /// Its globals.
    pub globals: ObjRef,
    /// Where the suspended frame goes on.
    pub ip: u32,
    /// The suspended frame's handler blocks (empty while running: the frame has them).
    pub blocks: Vec<crate::vm::Block>,
    /// Its saved value stack (locals + operands).
    pub stack: Vec<Value>,
    /// True once started (the first send must be None).
    pub started: bool,
    /// True while its frame is on the VM stack.
    pub running: bool,
    /// True once returned or raised.
    pub finished: bool,
    /// Function name for repr.
    pub name: Value,
    /// True for `async def` coroutines.
    pub is_coroutine: bool,
}

impl Generator {
    /// True while it has a suspended frame to resume (neither running nor finished).
    #[inline]
    pub fn suspended(&self) -> bool {
        !self.running && !self.finished
    }
}

/// A `property`: its accessors (None when absent) and the `doc=` it was given.
#[derive(Debug, Clone, Copy)]
pub struct PropertyDesc {
    /// Getter.
    pub fget: Value,
    /// Setter.
    pub fset: Value,
    /// Deleter.
    pub fdel: Value,
    /// `doc=` (None: the getter's docstring is the property's).
    pub doc: Value,
}

/// Iterator states for the builtin iterables.
#[derive(Debug, Clone)]
pub enum IterState {
    /// Over a list / tuple / bytes / bytearray by index.
    Seq(ObjRef, usize),
    /// Over a str by byte offset.
    Str(ObjRef, usize),
    /// Over a range.
    Range {
        /// Next value.
        cur: i64,
        /// End (exclusive).
        stop: i64,
        /// Step.
        step: i64,
    },
    /// Over dict keys/values/items (mode 0/1/2) or a set, by entry position (+ initial length).
    Dict(ObjRef, usize, u8, usize),
    /// `enumerate`.
    Enumerate(Value, i64),
    /// `zip`.
    Zip(Vec<Value>),
    /// `map`.
    Map(Value, Vec<Value>),
    /// `filter`.
    Filter(Value, Value),
    /// `reversed` over a sequence.
    Reversed(ObjRef, usize),
    /// A callable called until it returns the sentinel (`iter(f, sentinel)`).
    CallIter(Value, Value),
    /// The awaitable of an async generator's `asend(v)` (mode 0), `athrow(e)` (1) or
    /// `aclose()` (2): (generator, v or e, mode); 3/4 once running (4: closing), 5 done.
    /// (The generator as a handle: two values and the mode would make every slot bigger.)
    AGen(ObjRef, Value, u8),
    /// Exhausted.
    Done,
}

/// Every kind of heap object.
#[derive(Debug)]
pub enum Obj {
    /// str
    Str(PyStr),
    /// bytes
    Bytes(Vec<u8>),
    /// bytearray
    ByteArray(Vec<u8>),
    /// Big int (never fits in i64).
    BigInt(BigInt),
    /// list
    List(Vec<Value>),
    /// tuple
    Tuple(Box<[Value]>),
    /// dict
    Dict(Dict),
    /// set / frozenset
    Set(Dict, bool),
    /// Python function
    Function(Box<Function>),
    /// Native function, held in its slot (it fits: 48 bytes on a 64-bit host, 32 on a
    /// Cortex-M4), so it costs the slot alone and no second allocation.
    Native(NativeFunc),
    /// Bound method (self, function)
    BoundMethod(Value, Value),
    /// class
    Class(Box<Class>),
    /// instance of a user class
    Instance(Box<Instance>),
    /// module: name and globals dict
    Module(Value, ObjRef),
    /// closure cell
    Cell(Value),
    /// code object
    Code(Rc<Code>),
    /// generator / coroutine
    Generator(Box<Generator>),
    /// range(start, stop, step)
    Range(i64, i64, i64),
    /// slice(start, stop, step), boxed: three values inline would make every arena slot 48
    /// bytes on a Cortex-M4 instead of 40, for an object that lives a statement.
    Slice(Box<[Value; 3]>),
    /// builtin iterator
    Iter(IterState),
    /// property(fget, fset, fdel, doc) (boxed: four values would not fit the arena slot)
    Property(Box<PropertyDesc>),
    /// classmethod(f)
    ClassMethod(Value),
    /// staticmethod(f)
    StaticMethod(Value),
    /// super(type, obj)
    Super(ObjRef, Value),
    /// memoryview: a window onto a bytes or bytearray
    MemoryView(crate::memview::MemView),
    /// dict_keys / dict_values / dict_items view (mode 0/1/2) of a dict
    DictView(ObjRef, u8),
    /// Ellipsis (0) / NotImplemented (1)
    Singleton(u8),
    /// A code object of a frozen module, still only in flash: a `def` makes a function of it
    /// without building its names and constants; its first call turns this slot into
    /// `Obj::Code` (`Vm::function_code`).
    FrozenCode(&'static crate::stdlib::FrozenCode),
    /// complex (real, imag)
    Complex(f64, f64),
}

impl Obj {
    /// The variant's name, for heap statistics (`Heap::census`).
    pub fn kind_name(&self) -> &'static str {
        match self {
            Obj::Str(_) => "str",
            Obj::Bytes(_) => "bytes",
            Obj::ByteArray(_) => "bytearray",
            Obj::BigInt(_) => "bigint",
            Obj::List(_) => "list",
            Obj::Tuple(_) => "tuple",
            Obj::Dict(_) => "dict",
            Obj::Set(..) => "set",
            Obj::Function(_) => "function",
            Obj::Native(_) => "native",
            Obj::BoundMethod(..) => "bound_method",
            Obj::Class(_) => "class",
            Obj::Instance(i) if i.exc().is_some() => "exception",
            Obj::Instance(_) => "instance",
            Obj::Module(..) => "module",
            Obj::Cell(_) => "cell",
            Obj::Code(_) => "code",
            Obj::Generator(_) => "generator",
            Obj::Range(..) => "range",
            Obj::Slice(..) => "slice",
            Obj::Iter(_) => "iterator",
            Obj::Property(_) => "property",
            Obj::ClassMethod(_) => "classmethod",
            Obj::StaticMethod(_) => "staticmethod",
            Obj::Super(..) => "super",
            Obj::MemoryView(_) => "memoryview",
            Obj::DictView(..) => "dict_view",
            Obj::Singleton(_) => "singleton",
            Obj::FrozenCode(_) => "frozen_code",
            Obj::Complex(..) => "complex",
        }
    }

    /// Bytes owned outside the arena slot (for accounting): the boxes and buffers this object
    /// holds, by `size_of` of the target it runs on, so a Cortex-M4 is charged its own
    /// (smaller) sizes and a 64-bit host its own.
    pub fn extra_bytes(&self) -> usize {
        match self {
            Obj::Str(s) => match &s.s {
                Cow::Owned(s) => s.capacity(),
                Cow::Borrowed(_) => 0,
            },
            Obj::Bytes(b) | Obj::ByteArray(b) => b.capacity(),
            Obj::BigInt(b) => b.mag.capacity() * 4,
            Obj::List(v) => v.capacity() * 16,
            Obj::Tuple(v) => v.len() * 16,
            Obj::Dict(d) | Obj::Set(d, _) => d.bytes(),
            Obj::Function(f) => {
                core::mem::size_of::<Function>()
                    + (f.values().len() + f.kwdefaults().len() * 2) * core::mem::size_of::<Value>()
                    + f.extra
                        .as_ref()
                        .map_or(0, |e| core::mem::size_of::<FuncExtra>() + e.attrs.bytes())
            }
            Obj::Property(_) => size_of::<PropertyDesc>(),
            Obj::Slice(_) => size_of::<[Value; 3]>(),
            Obj::Class(c) => {
                size_of::<Class>()
                    + c.multi_bases.as_ref().map_or(0, |b| {
                        size_of::<Box<[ObjRef]>>() + b.len() * size_of::<ObjRef>()
                    })
                    + c.mro.len() * size_of::<ObjRef>()
                    + c.dict.bytes()
            }
            Obj::Instance(i) => {
                size_of::<Instance>()
                    + i.dict.bytes()
                    + i.rare.as_ref().map_or(0, |_| size_of::<InstRare>())
                    + i.exc().map_or(0, |x| {
                        size_of::<ExcData>()
                            + x.args.capacity() * size_of::<Value>()
                            + x.tb.capacity() * size_of::<(Value, u32, Value)>()
                    })
            }
            Obj::Code(c) => c.heap_bytes(),
            Obj::Generator(g) => {
                size_of::<Generator>()
                    + g.stack.capacity() * size_of::<Value>()
                    + g.blocks.capacity() * size_of::<crate::vm::Block>()
            }
            Obj::Iter(IterState::Zip(v)) | Obj::Iter(IterState::Map(_, v)) => {
                v.capacity() * size_of::<Value>()
            }
            _ => 0,
        }
    }
}
