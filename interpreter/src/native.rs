//! The embedding API for native modules: `NativeModule`, `NativeCtx`, `NativeValue`.
//!
//! ```
//! use pyrite::{NativeCtx, NativeError, NativeModule, NativeValue, Value};
//!
//! fn add(ctx: &mut NativeCtx, args: &[Value]) -> Result<Value, NativeError> {
//!     let a = ctx.arg_int(args, 0)?;
//!     let b = ctx.arg_int(args, 1)?;
//!     Ok(NativeCtx::int(a + b))
//! }
//!
//! let module = NativeModule::new("calc")
//!     .function("add", add)
//!     .constant("VERSION", NativeValue::Str("1.0".into()));
//! # let _ = module;
//! ```

use crate::Host;
use crate::compiler::{CompileError, ConstSink};
use crate::exceptions::kind;
use crate::object::{IterState, Obj};
use crate::value::Value;
use crate::vm::{Exc, Vm};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

/// A native function of an embedder module. `args` are the positional arguments; keyword
/// arguments are available through `NativeCtx::kwarg`.
pub type NativeFn = fn(&mut NativeCtx<'_>, &[Value]) -> Result<Value, NativeError>;

/// Plain Rust data exchanged with Python (arguments converted by `NativeCtx::to_native`,
/// results built by `NativeCtx::value`).
#[derive(Debug, Clone, PartialEq)]
pub enum NativeValue {
    /// None
    None,
    /// bool
    Bool(bool),
    /// int (that fits in i64)
    Int(i64),
    /// float
    Float(f64),
    /// str
    Str(String),
    /// bytes
    Bytes(Vec<u8>),
    /// list or tuple
    List(Vec<NativeValue>),
    /// dict with str keys (insertion order kept)
    Dict(Vec<(String, NativeValue)>),
}

/// A module the embedder adds (e.g. `fleet`, `machine`); importable by name from scripts.
#[derive(Clone)]
pub struct NativeModule {
    /// Import name.
    pub name: String,
    /// Functions (name, implementation).
    pub functions: Vec<(String, NativeFn)>,
    /// Constants (name, value).
    pub constants: Vec<(String, NativeValue)>,
    /// Set only for `machine` (`machine::native_module`): how its native classes reach the
    /// board behind the embedder's host.
    pub(crate) hal: Option<crate::machine::HalOf>,
}

impl NativeModule {
    /// An empty module called `name`.
    pub fn new(name: &str) -> NativeModule {
        NativeModule {
            name: name.to_string(),
            functions: Vec::new(),
            constants: Vec::new(),
            hal: None,
        }
    }
    /// Adds a function.
    pub fn function(mut self, name: &str, f: NativeFn) -> NativeModule {
        self.functions.push((name.to_string(), f));
        self
    }
    /// Adds a constant.
    pub fn constant(mut self, name: &str, v: NativeValue) -> NativeModule {
        self.constants.push((name.to_string(), v));
        self
    }
    /// Makes this the `machine` module over the board `hal` finds in the host.
    pub(crate) fn with_hal(mut self, hal: crate::machine::HalOf) -> NativeModule {
        self.hal = Some(hal);
        self
    }
}

/// An error raised by a native function: becomes a Python exception of `type_name`
/// (any builtin exception name; unknown names become RuntimeError).
#[derive(Debug, Clone)]
pub struct NativeError {
    /// Exception class name, e.g. "ValueError".
    pub type_name: String,
    /// Message.
    pub message: String,
    exc: Option<Exc>,
}

impl NativeError {
    /// An exception of a builtin type by name.
    pub fn new(type_name: &str, message: &str) -> NativeError {
        NativeError {
            type_name: type_name.into(),
            message: message.into(),
            exc: None,
        }
    }
    /// TypeError.
    pub fn type_error(message: &str) -> NativeError {
        NativeError::new("TypeError", message)
    }
    /// ValueError.
    pub fn value_error(message: &str) -> NativeError {
        NativeError::new("ValueError", message)
    }
    /// RuntimeError.
    pub fn runtime_error(message: &str) -> NativeError {
        NativeError::new("RuntimeError", message)
    }
    /// OSError.
    pub fn os_error(message: &str) -> NativeError {
        NativeError::new("OSError", message)
    }
    fn from_exc(e: Exc) -> NativeError {
        NativeError {
            type_name: String::new(),
            message: String::new(),
            exc: Some(e),
        }
    }
}

/// What a native function can do: reach the host, read arguments, build results, call back.
///
/// Values are only valid during the call: do not store a `Value` in embedder state (the
/// garbage collector does not see it); convert to `NativeValue` instead.
pub struct NativeCtx<'a> {
    vm: &'a mut Vm,
    kwargs: &'a [(Value, Value)],
}

impl<'a> NativeCtx<'a> {
    /// The embedder's host (downcast with `host().as_any().downcast_mut::<MyHost>()`).
    pub fn host(&mut self) -> &mut dyn Host {
        &mut *self.vm.host
    }
    /// A keyword argument by name.
    pub fn kwarg(&self, name: &str) -> Option<Value> {
        crate::builtins::kwarg(self.vm, self.kwargs, name)
    }
    fn arg(&self, args: &[Value], i: usize) -> Result<Value, NativeError> {
        args.get(i)
            .copied()
            .ok_or_else(|| NativeError::type_error(&format!("missing argument {}", i + 1)))
    }
    /// Argument `i` as a str.
    pub fn arg_str(&mut self, args: &[Value], i: usize) -> Result<String, NativeError> {
        let v = self.arg(args, i)?;
        self.as_str(v)
    }
    /// A value as str.
    pub fn as_str(&mut self, v: Value) -> Result<String, NativeError> {
        match self.vm.str_of(v) {
            Some(s) => Ok(String::from(s)),
            None => Err(NativeError::type_error(&format!(
                "expected str, got {}",
                self.vm.type_name(v)
            ))),
        }
    }
    /// Argument `i` as an int.
    pub fn arg_int(&mut self, args: &[Value], i: usize) -> Result<i64, NativeError> {
        let v = self.arg(args, i)?;
        self.vm.as_index(v).map_err(NativeError::from_exc)
    }
    /// Argument `i` as a float (ints accepted).
    pub fn arg_float(&mut self, args: &[Value], i: usize) -> Result<f64, NativeError> {
        let v = self.arg(args, i)?;
        match self.vm.as_num(v) {
            Some(n) => Ok(n.to_f64()),
            None => Err(NativeError::type_error(&format!(
                "expected a number, got {}",
                self.vm.type_name(v)
            ))),
        }
    }
    /// Argument `i` by truthiness.
    pub fn arg_bool(&mut self, args: &[Value], i: usize) -> Result<bool, NativeError> {
        let v = self.arg(args, i)?;
        self.vm.truthy(v).map_err(NativeError::from_exc)
    }
    /// Converts any value made of None/bool/int/float/str/bytes/list/tuple/dict to Rust data.
    pub fn to_native(&mut self, v: Value) -> Result<NativeValue, NativeError> {
        to_native(self.vm, v, 0).map_err(NativeError::from_exc)
    }
    /// Builds a Python value from Rust data.
    pub fn value(&mut self, nv: &NativeValue) -> Result<Value, NativeError> {
        to_value(self.vm, nv).map_err(NativeError::from_exc)
    }
    /// The dict of a JSON object's text (`json.loads`); a ValueError for bad JSON or another
    /// JSON value.
    pub fn json_object(&mut self, text: &str) -> Result<Value, NativeError> {
        let v =
            crate::native_stdlib::json_mod::loads(self.vm, text).map_err(NativeError::from_exc)?;
        match v {
            Value::Obj(r) if matches!(self.vm.heap.get(r), Obj::Dict(_)) => Ok(v),
            _ => Err(NativeError::value_error("not a JSON object")),
        }
    }
    /// A new str.
    pub fn str(&mut self, s: &str) -> Result<Value, NativeError> {
        self.vm.new_str(s).map_err(NativeError::from_exc)
    }
    /// None.
    pub fn none() -> Value {
        Value::None
    }
    /// An int.
    pub fn int(i: i64) -> Value {
        Value::Int(i)
    }
    /// A float.
    pub fn float(f: f64) -> Value {
        Value::Float(f)
    }
    /// A bool.
    pub fn bool(b: bool) -> Value {
        Value::Bool(b)
    }
    /// Calls a Python callable (runs nested; bounded depth).
    pub fn call(&mut self, f: Value, args: &[Value]) -> Result<Value, NativeError> {
        self.vm.call(f, args).map_err(NativeError::from_exc)
    }
    /// Makes the running script sleep `ms` after this call returns (run() reports Sleeping).
    pub fn sleep_ms(&mut self, ms: u64) {
        let now = self.vm.host.now_ms();
        if self.vm.native_depth == 0 {
            self.vm.pending_sleep = Some(now.saturating_add(ms));
        }
    }
    /// Queues `f(arg)` to run at the next instruction boundary (`micropython.schedule`,
    /// timer and pin-interrupt callbacks; see `sched`). Fails with
    /// `RuntimeError("schedule queue full")` when 8 callbacks are already pending.
    pub fn schedule(&mut self, f: Value, arg: Value) -> Result<(), NativeError> {
        self.vm.schedule(f, arg).map_err(NativeError::from_exc)
    }
    /// Registers `f` as the handler of IRQ `slot` (`None` removes it): each `(slot, arg)` the
    /// host reports from `Host::poll_irq` then schedules `f(arg)`. The interpreter keeps `f`
    /// alive; the embedder never holds it.
    pub fn set_irq_handler(&mut self, slot: u32, f: Value) {
        self.vm.set_irq_handler(slot, f)
    }
    /// repr() of a value, for messages.
    pub fn repr(&mut self, v: Value) -> Result<String, NativeError> {
        self.vm.repr(v).map_err(NativeError::from_exc)
    }
}

fn to_native(vm: &mut Vm, v: Value, depth: usize) -> Result<NativeValue, Exc> {
    if depth > 64 {
        return Err(vm.exc_msg(kind::RECURSION, "value nested too deeply"));
    }
    Ok(match v {
        Value::None | Value::Null => NativeValue::None,
        Value::Bool(b) => NativeValue::Bool(b),
        Value::Int(i) => NativeValue::Int(i),
        Value::Float(f) => NativeValue::Float(f),
        Value::Obj(r) => {
            enum K {
                S(String),
                B(Vec<u8>),
                L(Vec<Value>),
                D(Vec<(Value, Value)>),
                Other,
            }
            let k = match vm.heap.get(r) {
                Obj::Str(s) => K::S(s.s.to_string()),
                Obj::Bytes(b) | Obj::ByteArray(b) => K::B(b.clone()),
                Obj::List(l) => K::L(l.clone()),
                Obj::Tuple(t) => K::L(t.to_vec()),
                Obj::Dict(d) => K::D(d.iter().map(|e| (e.key, e.value)).collect()),
                _ => K::Other,
            };
            match k {
                K::S(s) => NativeValue::Str(s),
                K::B(b) => NativeValue::Bytes(b),
                K::L(items) => {
                    let mut out = Vec::new();
                    for it in items {
                        out.push(to_native(vm, it, depth + 1)?);
                    }
                    NativeValue::List(out)
                }
                K::D(items) => {
                    let mut out = Vec::new();
                    for (k, v) in items {
                        let ks = match vm.str_of(k) {
                            Some(s) => String::from(s),
                            None => vm.to_str(k)?,
                        };
                        out.push((ks, to_native(vm, v, depth + 1)?));
                    }
                    NativeValue::Dict(out)
                }
                K::Other => {
                    if let Some(crate::ops::Num::B(b)) = vm.as_num(v) {
                        NativeValue::Float(b.to_f64())
                    } else {
                        let tn = vm.type_name(v);
                        return Err(
                            vm.type_error(&format!("cannot convert '{}' to a native value", tn))
                        );
                    }
                }
            }
        }
    })
}

/// Builds a Python value from Rust data.
pub fn to_value(vm: &mut Vm, nv: &NativeValue) -> Result<Value, Exc> {
    Ok(match nv {
        NativeValue::None => Value::None,
        NativeValue::Bool(b) => Value::Bool(*b),
        NativeValue::Int(i) => Value::Int(*i),
        NativeValue::Float(f) => Value::Float(*f),
        NativeValue::Str(s) => vm.new_str(s)?,
        NativeValue::Bytes(b) => vm.alloc(Obj::Bytes(b.clone()))?,
        NativeValue::List(items) => {
            // Build children first, then the list (GC cannot run inside a native call).
            let mut vals = Vec::with_capacity(items.len());
            for it in items {
                vals.push(to_value(vm, it)?);
            }
            vm.alloc(Obj::List(vals))?
        }
        NativeValue::Dict(items) => {
            let d = vm.alloc(Obj::Dict(crate::dict::Dict::new()))?;
            for (k, v) in items {
                let kv = vm.new_str(k)?;
                let vv = to_value(vm, v)?;
                vm.dict_set(d, kv, vv)?;
            }
            d
        }
    })
}

/// Marks `NativeFunc::data` of embedder functions.
pub const EMBEDDER_FLAG: u32 = 0x4000_0000;

/// Dispatches a call to an embedder function (`data` = module << 16 | function).
pub fn trampoline(vm: &mut Vm, args: &[Value], kwargs: &[(Value, Value)]) -> Result<Value, Exc> {
    Err(vm.type_error(&format!(
        "native trampoline called without data ({} args, {} kwargs)",
        args.len(),
        kwargs.len()
    )))
}

/// Calls embedder function `data` (invoked by the VM, which knows the function's data word).
pub fn call_embedder(
    vm: &mut Vm,
    data: u32,
    args: &[Value],
    kwargs: &[(Value, Value)],
) -> Result<Value, Exc> {
    let data = data & !EMBEDDER_FLAG;
    let (m, i) = ((data >> 16) as usize, (data & 0xffff) as usize);
    let f = match vm.native_modules.get(m).and_then(|md| md.functions.get(i)) {
        Some((_, f)) => *f,
        None => return Err(vm.type_error("unknown native function")),
    };
    let res = {
        let mut ctx = NativeCtx { vm, kwargs };
        f(&mut ctx, args)
    };
    match res {
        Ok(v) => Ok(v),
        Err(NativeError { exc: Some(e), .. }) => Err(e),
        Err(NativeError {
            type_name, message, ..
        }) => {
            let k = crate::exceptions::EXC_TABLE
                .iter()
                .position(|(n, _)| *n == type_name)
                .unwrap_or(kind::RUNTIME);
            Err(vm.exc_msg(k, &message))
        }
    }
}

/// Lets the compiler intern names and allocate constants in the VM heap.
pub struct VmSink<'a> {
    /// The VM.
    pub vm: &'a mut Vm,
}

impl ConstSink for VmSink<'_> {
    fn intern(&mut self, s: &str) -> Result<Value, CompileError> {
        self.vm.intern(s).map_err(|_| CompileError::Memory)
    }
    fn alloc_const(&mut self, o: Obj) -> Result<Value, CompileError> {
        self.vm.alloc(o).map_err(|_| CompileError::Memory)
    }
}

#[allow(dead_code)]
fn unused(_: IterState) {}
