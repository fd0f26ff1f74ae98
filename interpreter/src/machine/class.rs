//! What `machine`'s native classes share: the class table and its lazy materialisation, the
//! per-instance state packed into one int, argument parsing, and HAL calls with MicroPython's
//! errors.
//!
//! **Heap cost.** A class object exists once a script names it (`machine.Pin`), and a class
//! attribute (a method, a constant) once its name has been interned — the compiler interns
//! every attribute a program mentions, so `Pin` costs the methods the script uses, not all
//! twenty ([`materialize_name`], called by `Vm::intern` like the builtin types' method
//! tables). An instance is a plain `Instance` with an empty dict whose `base_value` is one int
//! holding everything it needs (pin id, mode, pull, ...; [`Field`]); the callables it must keep
//! (IRQ handlers, timer callbacks) live in the module's registry (`module.rs`). So a `Pin` is
//! one arena slot plus the instance box, with nothing on the side.

use super::{Hal, HalError, HalResult, buses, pins, timers};
use crate::builtins::Kw;
use crate::exceptions::kind;
use crate::object::{NativeFnPtr, Obj};
use crate::value::{ObjRef, Value};
use crate::vm::{Exc, TypeTag, Vm};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// A class attribute, kept in static data until its name is interned.
pub(super) enum Attr {
    /// A method (a native function called with the instance first).
    Method(NativeFnPtr),
    /// An int constant (`Pin.OUT`).
    Const(i64),
}

/// One of `machine`'s classes.
pub(super) struct ClassDef {
    /// `__name__`.
    pub name: &'static str,
    /// Where the class object is cached in builtins (a dotted name no lookup can spell).
    pub key: &'static str,
    /// The base class (`SoftI2C` derives from `I2C`), else `object`.
    pub base: Option<Kind>,
    /// Its attributes.
    pub attrs: &'static [(&'static str, Attr)],
}

/// The classes, by index into [`CLASSES`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Kind {
    Pin,
    Irq,
    Signal,
    Adc,
    Pwm,
    I2c,
    SoftI2c,
    Spi,
    SoftSpi,
    Uart,
    Timer,
    Wdt,
    Rtc,
}

impl Kind {
    /// The tag of the state layout its instances carry: a subclass shares its base's layout.
    fn tag(self) -> u64 {
        match self {
            Kind::SoftI2c => Kind::I2c.tag(),
            Kind::SoftSpi => Kind::Spi.tag(),
            k => k as u64 + 1,
        }
    }

    fn def(self) -> &'static ClassDef {
        &CLASSES[self as usize]
    }
}

/// Every class, in [`Kind`] order.
pub(super) static CLASSES: [ClassDef; 13] = [
    pins::PIN,
    pins::IRQ,
    pins::SIGNAL,
    pins::ADC,
    pins::PWM,
    buses::I2C,
    buses::SOFT_I2C,
    buses::SPI,
    buses::SOFT_SPI,
    buses::UART,
    timers::TIMER,
    timers::WDT,
    timers::RTC,
];

/// The class object of `kind`, made on first use (with its base, and the attributes whose
/// names are already interned).
pub(super) fn class(vm: &mut Vm, kind: Kind) -> Result<ObjRef, Exc> {
    let def = kind.def();
    crate::native_stdlib::cached_class(vm, def.key, |vm| {
        let base = match def.base {
            Some(b) => class(vm, b)?,
            None => vm.t.object,
        };
        let c = vm.raw_class(def.name, alloc::vec![base], TypeTag::Object)?;
        crate::native_stdlib::set_class_module(vm, c, "machine")?;
        for (name, attr) in def.attrs {
            // Special names are interned now: the VM looks some up only once they are
            // (`Names::lazy_slot`), and `Pin()` must find `__call__` before a script names it.
            let k = if name.starts_with("__") {
                Some(vm.intern_static(name)?)
            } else {
                vm.interned_opt(name)
            };
            if let Some(k) = k {
                add_attr(vm, c, k, name, attr)?;
            }
        }
        vm.classes_changed();
        Ok(c)
    })
}

/// The class object of `kind` if a script has made it already.
fn existing_class(vm: &Vm, kind: Kind) -> Option<ObjRef> {
    let k = vm.interned_opt(kind.def().key)?;
    match vm.dict_get_str(vm.builtins, k) {
        Some(Value::Obj(c)) => Some(c),
        _ => None,
    }
}

fn add_attr(
    vm: &mut Vm,
    cls: ObjRef,
    key: Value,
    name: &'static str,
    attr: &Attr,
) -> Result<(), Exc> {
    let h = vm.str_hash(key);
    if let Obj::Class(c) = vm.heap.get(cls)
        && c.dict.find(h, |k| k == key).is_some()
    {
        return Ok(());
    }
    let v = match attr {
        Attr::Method(f) => crate::builtins::native(vm, name, *f)?,
        Attr::Const(i) => Value::Int(*i),
    };
    if let Obj::Class(c) = vm.heap.get_mut(cls) {
        c.dict.push_new(h, key, v);
    }
    Ok(())
}

/// Called for every newly interned name (`Vm::materialize_methods`): puts the attributes of
/// that name into the `machine` classes that exist already (the others get it when made).
pub(crate) fn materialize_name(vm: &mut Vm, name: Value) -> Result<(), Exc> {
    let Some(text) = vm.str_of(name) else {
        return Ok(());
    };
    let mut found: Vec<(Kind, &'static str, &'static Attr)> = Vec::new();
    for (i, def) in CLASSES.iter().enumerate() {
        for (n, attr) in def.attrs {
            if *n == text {
                found.push((KINDS[i], n, attr));
            }
        }
    }
    let mut changed = false;
    for (kind, n, attr) in found {
        if let Some(c) = existing_class(vm, kind) {
            add_attr(vm, c, name, n, attr)?;
            changed = true;
        }
    }
    if changed {
        vm.classes_changed();
    }
    Ok(())
}

const KINDS: [Kind; 13] = [
    Kind::Pin,
    Kind::Irq,
    Kind::Signal,
    Kind::Adc,
    Kind::Pwm,
    Kind::I2c,
    Kind::SoftI2c,
    Kind::Spi,
    Kind::SoftSpi,
    Kind::Uart,
    Kind::Timer,
    Kind::Wdt,
    Kind::Rtc,
];

// ---------- per-instance state ----------

/// A bit field of an instance's packed state.
#[derive(Clone, Copy)]
pub(super) struct Field {
    lo: u32,
    width: u32,
}

impl Field {
    /// `width` bits from bit `lo`.
    pub const fn new(lo: u32, width: u32) -> Field {
        Field { lo, width }
    }
    fn mask(self) -> u64 {
        ((1u64 << self.width) - 1) << self.lo
    }
    /// The field's value in `state`.
    pub fn get(self, state: u64) -> u64 {
        (state & self.mask()) >> self.lo
    }
    /// `state` with the field set to `v` (cut to the field's width: check [`Field::fits`]).
    pub fn set(self, state: u64, v: u64) -> u64 {
        (state & !self.mask()) | ((v << self.lo) & self.mask())
    }
    /// True when `v` fits in the field.
    pub fn fits(self, v: u64) -> bool {
        v < (1u64 << self.width)
    }
}

/// The layout tag in the top bits: which class made the state (a method refuses the state of
/// another class).
const TAG: Field = Field::new(60, 4);

/// The packed state of `v` if it is an instance of `kind` (or of a subclass) that `__init__`
/// set up.
pub(super) fn state_of(vm: &Vm, v: Value, kind: Kind) -> Option<u64> {
    let Value::Obj(r) = v else {
        return None;
    };
    match vm.heap.get(r) {
        Obj::Instance(i) => match i.base_value() {
            Value::Int(s) if TAG.get(s as u64) == kind.tag() => Some(s as u64),
            _ => None,
        },
        _ => None,
    }
}

/// `self` of a method and its state; TypeError for anything else.
pub(super) fn this(
    vm: &mut Vm,
    args: &[Value],
    kind: Kind,
    method: &str,
) -> Result<(Value, u64), Exc> {
    let v = args.first().copied().unwrap_or(Value::None);
    match state_of(vm, v, kind) {
        Some(s) => Ok((v, s)),
        None => Err(wrong_self(vm, v, kind, method)),
    }
}

pub(super) fn wrong_self(vm: &mut Vm, v: Value, kind: Kind, method: &str) -> Exc {
    let tn = vm.type_name(v);
    vm.type_error(&format!(
        "descriptor '{}' requires a '{}' object but received a '{}'",
        method,
        kind.def().name,
        tn
    ))
}

/// Stores `state` in `this`, an instance `__init__` received (TypeError when `this` is not an
/// instance of the class: `Pin.__init__(5)`).
pub(super) fn set_state(vm: &mut Vm, this: Value, kind: Kind, state: u64) -> Result<(), Exc> {
    let cls = class(vm, kind)?;
    if !vm.is_instance_of(this, cls)
        || !matches!(this, Value::Obj(r) if matches!(vm.heap.get(r), Obj::Instance(_)))
    {
        return Err(wrong_self(vm, this, kind, "__init__"));
    }
    update_state(vm, this, kind, state);
    Ok(())
}

/// Replaces the state of an instance whose state was read with [`this`] / [`state_of`].
pub(super) fn update_state(vm: &mut Vm, this: Value, kind: Kind, state: u64) {
    let s = TAG.set(state, kind.tag());
    vm.set_base_value(this, Value::Int(s as i64));
}

/// A new instance of `kind` holding `base` (for objects made by the module itself).
pub(super) fn new_object(vm: &mut Vm, kind: Kind, base: Value) -> Result<Value, Exc> {
    let cls = class(vm, kind)?;
    let inst = vm.new_instance(cls, TypeTag::Object)?;
    vm.set_base_value(inst, base);
    Ok(inst)
}

/// `<machine.Name object at 0x...>`, the repr of a class without one of its own (the default
/// repr would show the packed state).
pub(super) fn plain_repr(vm: &mut Vm, this: Value) -> Result<Value, Exc> {
    let tn = vm.type_name(this);
    let addr = match this {
        Value::Obj(r) => 0x7f00_0000_0000u64 + r.0 as u64 * 64,
        _ => 0,
    };
    vm.new_string(format!("<machine.{} object at 0x{:x}>", tn, addr))
}

// ---------- arguments ----------

/// Arguments by parameter list: the first `npos` of `names` may come positionally, all by
/// keyword; a missing one is `Value::Null`. Unknown or repeated keywords and surplus
/// positional arguments are TypeErrors, as in a Python `def`, and so is a missing one of the
/// first `nreq` (the parameters without a default).
pub(super) fn parse<const N: usize>(
    vm: &mut Vm,
    fname: &str,
    args: &[Value],
    kw: Kw,
    names: [&str; N],
    npos: usize,
    nreq: usize,
) -> Result<[Value; N], Exc> {
    let mut out = [Value::Null; N];
    parse_into(vm, fname, args, kw, &names, &mut out, npos, nreq)?;
    Ok(out)
}

/// `parse`'s work on slices: one copy in the image instead of one per parameter count.
#[allow(clippy::too_many_arguments)]
fn parse_into(
    vm: &mut Vm,
    fname: &str,
    args: &[Value],
    kw: Kw,
    names: &[&str],
    out: &mut [Value],
    npos: usize,
    nreq: usize,
) -> Result<(), Exc> {
    if args.len() > npos {
        return Err(vm.type_error(&format!(
            "{}() takes {} positional argument{} but {} {} given",
            fname,
            npos,
            if npos == 1 { "" } else { "s" },
            args.len(),
            if args.len() == 1 { "was" } else { "were" }
        )));
    }
    out[..args.len()].copy_from_slice(args);
    for (k, v) in kw {
        let pos = vm
            .str_of(*k)
            .and_then(|name| names.iter().position(|n| *n == name));
        match pos {
            Some(i) if out[i].is_null() => out[i] = *v,
            Some(i) => {
                return Err(vm.type_error(&format!(
                    "{}() got multiple values for argument '{}'",
                    fname, names[i]
                )));
            }
            None => {
                let name = String::from(vm.str_of(*k).unwrap_or("?"));
                return Err(vm.type_error(&format!(
                    "{}() got an unexpected keyword argument '{}'",
                    fname, name
                )));
            }
        }
    }
    if let Some(i) = out.iter().take(nreq).position(|v| v.is_null()) {
        return Err(vm.type_error(&format!(
            "{}() missing required argument '{}'",
            fname, names[i]
        )));
    }
    Ok(())
}

/// A parameter whose default is None: `None` when missing or None.
pub(super) fn opt(v: Value) -> Option<Value> {
    match v {
        Value::Null | Value::None => None,
        v => Some(v),
    }
}

/// An int argument that must fit a `u32` (ValueError `invalid {what}` otherwise).
pub(super) fn u32_arg(vm: &mut Vm, v: Value, what: &str) -> Result<u32, Exc> {
    let i = vm.as_index(v)?;
    u32::try_from(i).map_err(|_| vm.value_error(&format!("invalid {}", what)))
}

/// An int or float argument as f64 (TypeError otherwise).
pub(super) fn number(vm: &mut Vm, v: Value) -> Result<f64, Exc> {
    match vm.as_num(v) {
        Some(n) => Ok(n.to_f64()),
        None => {
            let tn = vm.type_name(v);
            Err(vm.type_error(&format!("can't convert {} to float", tn)))
        }
    }
}

/// `int(v)` for an int or float argument (TypeError otherwise), saturated to i64.
pub(super) fn int_of(vm: &mut Vm, v: Value) -> Result<i64, Exc> {
    match v {
        Value::Float(f) if f.is_finite() => Ok(f as i64),
        Value::Float(_) => Err(vm.value_error("cannot convert float to integer")),
        _ => vm.as_index(v),
    }
}

/// A small int (`Pin.OUT`, a pull, a mode), else `None` (not an int, or a big one).
pub(super) fn small_int(v: Value) -> Option<i64> {
    match v {
        Value::Int(i) => Some(i),
        Value::Bool(b) => Some(b as i64),
        _ => None,
    }
}

/// A pin argument: a `Pin`, a name the board knows (`"LED"`), or a number.
pub(super) fn pin_id(vm: &mut Vm, v: Value) -> Result<u32, Exc> {
    if let Some(s) = state_of(vm, v, Kind::Pin) {
        return Ok(pins::PIN_ID.get(s) as u32);
    }
    if let Some(name) = vm.str_of(v) {
        let name = String::from(name);
        return match with_hal(vm, |h| h.pin_by_name(&name))? {
            Some(p) => Ok(p),
            None => Err(vm.value_error("invalid pin")),
        };
    }
    match v {
        Value::Int(_) | Value::Bool(_) => {
            let i = vm.as_index(v)?;
            u32::try_from(i).map_err(|_| vm.value_error("invalid pin"))
        }
        Value::Obj(r) if matches!(vm.heap.get(r), Obj::BigInt(_)) => {
            Err(vm.value_error("invalid pin"))
        }
        _ => Err(vm.type_error("invalid pin")),
    }
}

// ---------- buffers ----------

/// `bytes(v)` of a buffer argument (bytes-like objects without a copy on the heap).
pub(super) fn buffer(vm: &mut Vm, v: Value) -> Result<Vec<u8>, Exc> {
    if let Some(b) = crate::native_stdlib::bytes_like(vm, v) {
        return Ok(b);
    }
    let bytes = vm.t.bytes;
    let b = crate::builtins::construct(vm, bytes, &[v], &[])?;
    Ok(crate::native_stdlib::bytes_like(vm, b).unwrap_or_default())
}

/// A new bytes object.
pub(super) fn new_bytes(vm: &mut Vm, b: Vec<u8>) -> Result<Value, Exc> {
    vm.alloc(Obj::Bytes(b))
}

/// `len(buf)`.
pub(super) fn buffer_len(vm: &mut Vm, buf: Value) -> Result<usize, Exc> {
    vm.len(buf)
}

/// `buf[i] = data[i]` for every byte of `data` (a bytearray directly, anything else item by
/// item).
pub(super) fn fill(vm: &mut Vm, buf: Value, data: &[u8]) -> Result<(), Exc> {
    if let Value::Obj(r) = buf
        && let Obj::ByteArray(b) = vm.heap.get_mut(r)
        && b.len() >= data.len()
    {
        b[..data.len()].copy_from_slice(data);
        return Ok(());
    }
    for (i, byte) in data.iter().enumerate() {
        vm.set_item(buf, Value::Int(i as i64), Value::Int(*byte as i64))?;
    }
    Ok(())
}

// ---------- the board ----------

/// Runs `f` on the board behind the host (RuntimeError when the host has none).
pub(super) fn with_hal<T>(vm: &mut Vm, f: impl FnOnce(&mut dyn Hal) -> T) -> Result<T, Exc> {
    let access = vm.native_modules.iter().find_map(|m| m.hal);
    let out = access.and_then(|a| a(&mut *vm.host)).map(f);
    out.ok_or_else(|| vm.exc_msg(kind::RUNTIME, "machine: the host has no board"))
}

/// Runs a HAL call and raises its error as MicroPython does.
pub(super) fn hal_call<T>(
    vm: &mut Vm,
    f: impl FnOnce(&mut dyn Hal) -> HalResult<T>,
) -> Result<T, Exc> {
    with_hal(vm, f)?.map_err(|e| hal_error(vm, e))
}

/// The host's monotonic clock.
pub(super) fn now_ms(vm: &mut Vm) -> u64 {
    vm.host.now_ms()
}

/// A HAL error as MicroPython raises it: bad arguments and missing features are ValueErrors,
/// bus failures `OSError(errno, name)` (`e.errno` is the number).
pub(super) fn hal_error(vm: &mut Vm, e: HalError) -> Exc {
    match (e, e.errno()) {
        (HalError::Invalid(m) | HalError::Unsupported(m), _) => vm.value_error(m),
        (_, Some(n)) => os_error(vm, n),
        (_, None) => vm.value_error("bus error"),
    }
}

/// `OSError(n, "ENAME")`.
pub(super) fn os_error(vm: &mut Vm, errno: i32) -> Exc {
    let name = match errno {
        19 => "ENODEV",
        110 => "ETIMEDOUT",
        _ => "EIO",
    };
    let r = (|| {
        let cls = vm.exc_class(kind::OS)?;
        let n = vm.new_str(name)?;
        vm.new_exception(cls, alloc::vec![Value::Int(errno as i64), n])
    })();
    match r {
        Ok(v) => Exc(v),
        Err(e) => e,
    }
}

/// `SystemExit()` (after `reset()` / `deepsleep()`).
pub(super) fn system_exit(vm: &mut Vm) -> Exc {
    let r = (|| {
        let cls = vm.exc_class(kind::SYSTEM_EXIT)?;
        vm.new_exception(cls, Vec::new())
    })();
    match r {
        Ok(v) => Exc(v),
        Err(e) => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_pack_and_unpack_without_touching_their_neighbours() {
        let a = Field::new(0, 32);
        let b = Field::new(32, 3);
        let s = b.set(a.set(0, 0xdead_beef), 5);
        assert_eq!((a.get(s), b.get(s)), (0xdead_beef, 5));
        let s = a.set(s, 7);
        assert_eq!((a.get(s), b.get(s)), (7, 5));
        assert!(b.fits(7) && !b.fits(8));
        let s = TAG.set(s, 15);
        assert_eq!((TAG.get(s), a.get(s), b.get(s)), (15, 7, 5));
    }

    #[test]
    fn every_class_has_its_own_layout_tag_but_the_soft_buses() {
        for (i, k) in KINDS.iter().enumerate() {
            assert_eq!(*k as usize, i);
            assert!(TAG.fits(k.tag()) && k.tag() > 0);
        }
        assert_eq!(Kind::SoftI2c.tag(), Kind::I2c.tag());
        assert_eq!(Kind::SoftSpi.tag(), Kind::Spi.tag());
        assert_ne!(Kind::Pin.tag(), Kind::Signal.tag());
    }
}
