//! `machine.Pin` (with its IRQ object), `Signal`, `ADC` and `PWM`.

use super::class::{
    Attr, ClassDef, Field, Kind, class, hal_call, int_of, new_object, opt, parse, pin_id,
    plain_repr, set_state, small_int, state_of, this, update_state, with_hal, wrong_self,
};
use super::module;
use super::{PinMode, Pull, trigger};
use crate::builtins::Kw;
use crate::object::Obj;
use crate::value::Value;
use crate::vm::{Exc, Vm};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

type R = Result<Value, Exc>;

// ---------- Pin ----------

/// The pin id.
pub(super) const PIN_ID: Field = Field::new(0, 32);
/// Mode + 1 (0: never configured).
const MODE: Field = Field::new(32, 3);
/// Pull + 1 (0: never configured).
const PULL: Field = Field::new(35, 2);
/// `Pin.IRQ_FALLING` / `IRQ_RISING` of the last edge its handler saw (`irq().flags()`).
pub(super) const FLAGS: Field = Field::new(37, 4);
/// The trigger given to `irq()` (`irq().trigger()`).
const TRIGGER: Field = Field::new(41, 8);

const IRQ_FALLING: i64 = 4;
const IRQ_RISING: i64 = 8;

pub(super) const PIN: ClassDef = ClassDef {
    name: "Pin",
    key: "machine.Pin",
    base: None,
    attrs: &[
        ("__init__", Attr::Method(pin_new)),
        ("init", Attr::Method(pin_init)),
        ("value", Attr::Method(pin_value)),
        ("__call__", Attr::Method(pin_value)),
        ("on", Attr::Method(pin_on)),
        ("off", Attr::Method(pin_off)),
        ("high", Attr::Method(pin_on)),
        ("low", Attr::Method(pin_off)),
        ("toggle", Attr::Method(pin_toggle)),
        ("mode", Attr::Method(pin_mode)),
        ("pull", Attr::Method(pin_pull)),
        ("irq", Attr::Method(pin_irq)),
        ("__eq__", Attr::Method(pin_eq)),
        ("__hash__", Attr::Method(pin_hash)),
        ("__repr__", Attr::Method(pin_repr)),
        ("IN", Attr::Const(0)),
        ("OUT", Attr::Const(1)),
        ("OPEN_DRAIN", Attr::Const(2)),
        ("ALT", Attr::Const(3)),
        ("PULL_UP", Attr::Const(1)),
        ("PULL_DOWN", Attr::Const(2)),
        ("IRQ_FALLING", Attr::Const(IRQ_FALLING)),
        ("IRQ_RISING", Attr::Const(IRQ_RISING)),
        ("LOW_POWER", Attr::Const(0)),
        ("MED_POWER", Attr::Const(1)),
        ("HIGH_POWER", Attr::Const(2)),
    ],
};

/// `Pin(id, mode=-1, pull=-1, *, value=None, drive=None, alt=None)`.
fn pin_new(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let this_v = a.first().copied().unwrap_or(Value::None);
    let [id, mode, pull, value, _drive, _alt] = parse(
        vm,
        "Pin",
        a.get(1..).unwrap_or(&[]),
        kw,
        ["id", "mode", "pull", "value", "drive", "alt"],
        3,
        1,
    )?;
    let pin = pin_id(vm, id)?;
    hal_call(vm, |h| h.pin_read(pin))?; // validates the pin
    set_state(vm, this_v, Kind::Pin, PIN_ID.set(0, pin as u64))?;
    configure(vm, this_v, mode, pull, value)?;
    Ok(Value::None)
}

/// `Pin.init(mode=-1, pull=-1, *, value=None, drive=None, alt=None)`.
fn pin_init(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (this_v, _) = this(vm, a, Kind::Pin, "init")?;
    let [mode, pull, value, _drive, _alt] = parse(
        vm,
        "init",
        &a[1..],
        kw,
        ["mode", "pull", "value", "drive", "alt"],
        2,
        0,
    )?;
    configure(vm, this_v, mode, pull, value)?;
    Ok(Value::None)
}

/// True for a mode/pull argument that means "leave as is" (missing or -1).
fn unchanged(v: Value) -> bool {
    v.is_null() || small_int(v) == Some(-1)
}

/// What `Pin.init` does: write `value` first, then configure mode and pull if either is given
/// (the other keeps its setting: input and no pull on a pin never configured).
fn configure(vm: &mut Vm, pin_v: Value, mode: Value, pull: Value, value: Value) -> Result<(), Exc> {
    let Some(s) = state_of(vm, pin_v, Kind::Pin) else {
        return Err(wrong_self(vm, pin_v, Kind::Pin, "init"));
    };
    let pin = PIN_ID.get(s) as u32;
    if let Some(v) = opt(value) {
        let high = vm.truthy(v)?;
        hal_call(vm, |h| h.pin_write(pin, high))?;
    }
    if unchanged(mode) && unchanged(pull) {
        return Ok(());
    }
    let m = if unchanged(mode) {
        MODE.get(s).saturating_sub(1) as i64
    } else {
        match small_int(mode) {
            Some(m @ 0..=3) => m,
            _ => {
                let r = vm.repr(mode)?;
                return Err(vm.value_error(&format!("invalid pin mode: {}", r)));
            }
        }
    };
    let p = if unchanged(pull) {
        PULL.get(s).saturating_sub(1) as i64
    } else if matches!(pull, Value::None) {
        0
    } else {
        match small_int(pull) {
            Some(p @ 0..=2) => p,
            _ => {
                let r = vm.repr(pull)?;
                return Err(vm.value_error(&format!("invalid pull: {}", r)));
            }
        }
    };
    let hal_mode = match m {
        0 => PinMode::In,
        1 => PinMode::Out,
        2 => PinMode::OpenDrain,
        _ => PinMode::Alt,
    };
    let hal_pull = match p {
        1 => Pull::Up,
        2 => Pull::Down,
        _ => Pull::None,
    };
    hal_call(vm, |h| h.pin_configure(pin, hal_mode, hal_pull))?;
    let s = PULL.set(MODE.set(s, m as u64 + 1), p as u64 + 1);
    update_state(vm, pin_v, Kind::Pin, s);
    Ok(())
}

/// `Pin.value([x])` / `pin([x])`: reads the level (0 or 1), or drives it by `x`'s truth.
fn pin_value(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (_, s) = this(vm, a, Kind::Pin, "value")?;
    let [x] = parse(vm, "value", &a[1..], kw, ["x"], 1, 0)?;
    let pin = PIN_ID.get(s) as u32;
    match opt(x) {
        None => Ok(Value::Int(hal_call(vm, |h| h.pin_read(pin))? as i64)),
        Some(v) => {
            let high = vm.truthy(v)?;
            hal_call(vm, |h| h.pin_write(pin, high))?;
            Ok(Value::None)
        }
    }
}

fn write_level(vm: &mut Vm, a: &[Value], kw: Kw, name: &str, high: bool) -> R {
    let (_, s) = this(vm, a, Kind::Pin, name)?;
    parse(vm, name, &a[1..], kw, [], 0, 0)?;
    let pin = PIN_ID.get(s) as u32;
    hal_call(vm, |h| h.pin_write(pin, high))?;
    Ok(Value::None)
}

fn pin_on(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    write_level(vm, a, kw, "on", true)
}

fn pin_off(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    write_level(vm, a, kw, "off", false)
}

fn pin_toggle(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (_, s) = this(vm, a, Kind::Pin, "toggle")?;
    parse(vm, "toggle", &a[1..], kw, [], 0, 0)?;
    let pin = PIN_ID.get(s) as u32;
    hal_call(vm, |h| {
        let level = h.pin_read(pin)?;
        h.pin_write(pin, !level)
    })?;
    Ok(Value::None)
}

/// A configured field (mode or pull) as Python sees it: None before the first configuration.
fn setting(f: Field, s: u64) -> Value {
    match f.get(s) {
        0 => Value::None,
        v => Value::Int(v as i64 - 1),
    }
}

/// `Pin.mode([m])`.
fn pin_mode(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (this_v, s) = this(vm, a, Kind::Pin, "mode")?;
    let [m] = parse(vm, "mode", &a[1..], kw, ["m"], 1, 0)?;
    match opt(m) {
        None => Ok(setting(MODE, s)),
        Some(m) => {
            configure(vm, this_v, m, Value::Null, Value::Null)?;
            Ok(Value::None)
        }
    }
}

/// `Pin.pull([p])`.
fn pin_pull(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (this_v, s) = this(vm, a, Kind::Pin, "pull")?;
    let [p] = parse(vm, "pull", &a[1..], kw, ["p"], 1, 0)?;
    match opt(p) {
        None => Ok(setting(PULL, s)),
        Some(p) => {
            let mode = Value::Int(MODE.get(s).saturating_sub(1) as i64);
            configure(vm, this_v, mode, p, Value::Null)?;
            Ok(Value::None)
        }
    }
}

/// The HAL's trigger bits for a `Pin.IRQ_*` combination.
fn hal_triggers(t: i64) -> u8 {
    (if t & IRQ_FALLING != 0 {
        trigger::FALLING
    } else {
        0
    }) | (if t & IRQ_RISING != 0 {
        trigger::RISING
    } else {
        0
    })
}

/// `Pin.irq(handler=None, trigger=IRQ_FALLING | IRQ_RISING, *, priority=1, wake=None,
/// hard=False)`: sets (or with None removes) the handler, run as a scheduled soft interrupt
/// with the pin as argument; returns the pin's IRQ object. Without arguments: the IRQ object,
/// settings unchanged.
fn pin_irq(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (this_v, s) = this(vm, a, Kind::Pin, "irq")?;
    let [handler, trig, _priority, _wake, _hard] = parse(
        vm,
        "irq",
        &a[1..],
        kw,
        ["handler", "trigger", "priority", "wake", "hard"],
        2,
        0,
    )?;
    let pin = PIN_ID.get(s) as u32;
    if handler.is_null() {
        if let Some([_, _, irq]) = module::pin_entry(vm, pin)? {
            return Ok(irq);
        }
        update_state(vm, this_v, Kind::Pin, TRIGGER.set(s, 0));
        let irq = new_object(vm, Kind::Irq, this_v)?;
        module::set_pin_entry(vm, pin, Value::None, this_v, irq)?;
        return Ok(irq);
    }
    let t = if trig.is_null() {
        IRQ_FALLING | IRQ_RISING
    } else {
        vm.as_index(trig)?
    };
    if matches!(handler, Value::None) {
        hal_call(vm, |h| h.pin_irq(pin, 0))?;
    } else {
        if !crate::builtins::is_callable(vm, handler) {
            return Err(vm.type_error("handler must be callable"));
        }
        hal_call(vm, |h| h.pin_irq(pin, hal_triggers(t)))?;
    }
    update_state(vm, this_v, Kind::Pin, TRIGGER.set(s, t as u64 & 0xff));
    let irq = new_object(vm, Kind::Irq, this_v)?;
    module::set_pin_entry(vm, pin, handler, this_v, irq)?;
    Ok(irq)
}

fn pin_eq(vm: &mut Vm, a: &[Value], _: Kw) -> R {
    let (_, s) = this(vm, a, Kind::Pin, "__eq__")?;
    let other = a.get(1).copied().unwrap_or(Value::None);
    Ok(Value::Bool(
        state_of(vm, other, Kind::Pin).is_some_and(|o| PIN_ID.get(o) == PIN_ID.get(s)),
    ))
}

fn pin_hash(vm: &mut Vm, a: &[Value], _: Kw) -> R {
    let (_, s) = this(vm, a, Kind::Pin, "__hash__")?;
    Ok(Value::Int(PIN_ID.get(s) as i64))
}

fn pin_repr(vm: &mut Vm, a: &[Value], _: Kw) -> R {
    let (_, s) = this(vm, a, Kind::Pin, "__repr__")?;
    let id = PIN_ID.get(s);
    let text = match MODE.get(s) {
        0 => format!("Pin(GPIO{})", id),
        m => {
            let mode = ["IN", "OUT", "OPEN_DRAIN", "ALT"][(m as usize - 1).min(3)];
            let pull = match PULL.get(s) {
                2 => ", pull=PULL_UP",
                3 => ", pull=PULL_DOWN",
                _ => "",
            };
            format!("Pin(GPIO{}, mode={}{})", id, mode, pull)
        }
    };
    vm.new_string(text)
}

// ---------- the IRQ object of a pin ----------

pub(super) const IRQ: ClassDef = ClassDef {
    name: "IRQ",
    key: "machine.IRQ",
    base: None,
    attrs: &[
        ("flags", Attr::Method(irq_flags)),
        ("trigger", Attr::Method(irq_trigger)),
        ("__repr__", Attr::Method(irq_repr)),
    ],
};

/// The pin of an IRQ object (its `base_value`).
fn irq_pin(vm: &mut Vm, a: &[Value], method: &str) -> Result<(Value, u64), Exc> {
    let v = a.first().copied().unwrap_or(Value::None);
    let pin = match v {
        Value::Obj(r) => match vm.heap.get(r) {
            Obj::Instance(i) => i.base_value(),
            _ => Value::Null,
        },
        _ => Value::Null,
    };
    let irq_cls = class(vm, Kind::Irq)?;
    match state_of(vm, pin, Kind::Pin) {
        Some(s) if vm.is_instance_of(v, irq_cls) => Ok((pin, s)),
        _ => Err(wrong_self(vm, v, Kind::Irq, method)),
    }
}

/// `irq.flags()`: the edge that triggered the running handler.
fn irq_flags(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (_, s) = irq_pin(vm, a, "flags")?;
    parse(vm, "flags", &a[1..], kw, [], 0, 0)?;
    Ok(Value::Int(FLAGS.get(s) as i64))
}

/// `irq.trigger([t])`.
fn irq_trigger(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (pin_v, s) = irq_pin(vm, a, "trigger")?;
    let [t] = parse(vm, "trigger", &a[1..], kw, ["trigger"], 1, 0)?;
    let Some(t) = opt(t) else {
        return Ok(Value::Int(TRIGGER.get(s) as i64));
    };
    let t = vm.as_index(t)?;
    let pin = PIN_ID.get(s) as u32;
    hal_call(vm, |h| h.pin_irq(pin, hal_triggers(t)))?;
    update_state(vm, pin_v, Kind::Pin, TRIGGER.set(s, t as u64 & 0xff));
    Ok(Value::None)
}

fn irq_repr(vm: &mut Vm, a: &[Value], _: Kw) -> R {
    irq_pin(vm, a, "__repr__")?;
    vm.new_str("<IRQ>")
}

// ---------- Signal ----------

const SIGNAL_PIN: Field = Field::new(0, 32);
const INVERT: Field = Field::new(32, 1);

pub(super) const SIGNAL: ClassDef = ClassDef {
    name: "Signal",
    key: "machine.Signal",
    base: None,
    attrs: &[
        ("__init__", Attr::Method(signal_new)),
        ("value", Attr::Method(signal_value)),
        ("__call__", Attr::Method(signal_value)),
        ("on", Attr::Method(signal_on)),
        ("off", Attr::Method(signal_off)),
        ("__repr__", Attr::Method(signal_repr)),
    ],
};

/// `Signal(pin, invert=False)` or `Signal(pin_arguments..., invert=False)`: a `Pin`, or the
/// arguments of a new one.
fn signal_new(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let this_v = a.first().copied().unwrap_or(Value::None);
    let Some(&pin) = a.get(1) else {
        return Err(vm.type_error("Signal() missing required argument 'pin'"));
    };
    let mut invert = false;
    let mut pin_kw: Vec<(Value, Value)> = Vec::new();
    for (k, v) in kw {
        if vm.str_of(*k) == Some("invert") {
            invert = vm.truthy(*v)?;
        } else {
            pin_kw.push((*k, *v));
        }
    }
    let pin = if state_of(vm, pin, Kind::Pin).is_some() {
        pin
    } else {
        let cls = class(vm, Kind::Pin)?;
        vm.call_kw(Value::Obj(cls), &a[1..], &pin_kw)?
    };
    let Some(ps) = state_of(vm, pin, Kind::Pin) else {
        return Err(vm.type_error("Signal needs a Pin"));
    };
    let s = INVERT.set(SIGNAL_PIN.set(0, PIN_ID.get(ps)), invert as u64);
    set_state(vm, this_v, Kind::Signal, s)?;
    Ok(Value::None)
}

fn signal_set(vm: &mut Vm, s: u64, on: bool) -> Result<(), Exc> {
    let pin = SIGNAL_PIN.get(s) as u32;
    let level = on ^ (INVERT.get(s) == 1);
    hal_call(vm, |h| h.pin_write(pin, level))
}

/// `Signal.value([x])`: the logical level (inverted pins read and write the opposite).
fn signal_value(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (_, s) = this(vm, a, Kind::Signal, "value")?;
    let [x] = parse(vm, "value", &a[1..], kw, ["x"], 1, 0)?;
    match opt(x) {
        None => {
            let pin = SIGNAL_PIN.get(s) as u32;
            let level = hal_call(vm, |h| h.pin_read(pin))?;
            Ok(Value::Int((level ^ (INVERT.get(s) == 1)) as i64))
        }
        Some(v) => {
            let on = vm.truthy(v)?;
            signal_set(vm, s, on)?;
            Ok(Value::None)
        }
    }
}

fn signal_on(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (_, s) = this(vm, a, Kind::Signal, "on")?;
    parse(vm, "on", &a[1..], kw, [], 0, 0)?;
    signal_set(vm, s, true)?;
    Ok(Value::None)
}

fn signal_off(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (_, s) = this(vm, a, Kind::Signal, "off")?;
    parse(vm, "off", &a[1..], kw, [], 0, 0)?;
    signal_set(vm, s, false)?;
    Ok(Value::None)
}

fn signal_repr(vm: &mut Vm, a: &[Value], _: Kw) -> R {
    let (v, _) = this(vm, a, Kind::Signal, "__repr__")?;
    plain_repr(vm, v)
}

// ---------- ADC ----------

const ADC_PIN: Field = Field::new(0, 32);

pub(super) const ADC: ClassDef = ClassDef {
    name: "ADC",
    key: "machine.ADC",
    base: None,
    attrs: &[
        ("__init__", Attr::Method(adc_new)),
        ("read_uv", Attr::Method(adc_read_uv)),
        ("read_u16", Attr::Method(adc_read_u16)),
        ("__repr__", Attr::Method(adc_repr)),
        ("CORE_TEMP", Attr::Const(4)),
    ],
};

/// `ADC(pin, *, atten=None)`: a `Pin`, a pin name, or a channel number, which the board maps
/// to its pin (the simulated board: `ADC(0..3)` are pins 26..29, `ADC(4)` the temperature
/// sensor).
fn adc_new(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let this_v = a.first().copied().unwrap_or(Value::None);
    let [pin, _atten] = parse(
        vm,
        "ADC",
        a.get(1..).unwrap_or(&[]),
        kw,
        ["pin", "atten"],
        1,
        1,
    )?;
    let id = match small_int(pin) {
        Some(ch) if ch >= 0 && state_of(vm, pin, Kind::Pin).is_none() => {
            let ch = u32::try_from(ch).map_err(|_| vm.value_error("invalid ADC channel"))?;
            with_hal(vm, |h| h.adc_channel_pin(ch))?
        }
        _ => pin_id(vm, pin)?,
    };
    hal_call(vm, |h| h.adc_read_uv(id))?; // ValueError for a pin without ADC
    set_state(vm, this_v, Kind::Adc, ADC_PIN.set(0, id as u64))?;
    Ok(Value::None)
}

fn adc_read_uv(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (_, s) = this(vm, a, Kind::Adc, "read_uv")?;
    parse(vm, "read_uv", &a[1..], kw, [], 0, 0)?;
    let pin = ADC_PIN.get(s) as u32;
    Ok(Value::Int(hal_call(vm, |h| h.adc_read_uv(pin))? as i64))
}

/// `ADC.read_u16()`: a 12-bit converter's reading scaled to 16 bits, as MicroPython does.
fn adc_read_u16(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (_, s) = this(vm, a, Kind::Adc, "read_u16")?;
    parse(vm, "read_u16", &a[1..], kw, [], 0, 0)?;
    let pin = ADC_PIN.get(s) as u32;
    let (uv, full) = hal_call(vm, |h| Ok((h.adc_read_uv(pin)?, h.adc_full_scale_uv())))?;
    let raw = (uv as u64 * 4095 / (full as u64).max(1)).min(4095);
    Ok(Value::Int(((raw << 4) | (raw >> 8)) as i64))
}

fn adc_repr(vm: &mut Vm, a: &[Value], _: Kw) -> R {
    let (_, s) = this(vm, a, Kind::Adc, "__repr__")?;
    vm.new_string(format!("<ADC pin={}>", ADC_PIN.get(s)))
}

// ---------- PWM ----------

const PWM_PIN: Field = Field::new(0, 16);
const PWM_FREQ: Field = Field::new(16, 27);
const DUTY: Field = Field::new(43, 16);
const PWM_INVERT: Field = Field::new(59, 1);

pub(super) const PWM: ClassDef = ClassDef {
    name: "PWM",
    key: "machine.PWM",
    base: None,
    attrs: &[
        ("__init__", Attr::Method(pwm_new)),
        ("init", Attr::Method(pwm_init)),
        ("freq", Attr::Method(pwm_freq)),
        ("duty_u16", Attr::Method(pwm_duty_u16)),
        ("duty_ns", Attr::Method(pwm_duty_ns)),
        ("deinit", Attr::Method(pwm_deinit)),
        ("__repr__", Attr::Method(pwm_repr)),
    ],
};

/// `PWM(pin, *, freq=None, duty_u16=None, duty_ns=None, invert=False)` (1 kHz, duty 0 until
/// set).
fn pwm_new(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let this_v = a.first().copied().unwrap_or(Value::None);
    let [pin, freq, duty_u16, duty_ns, invert] = parse(
        vm,
        "PWM",
        a.get(1..).unwrap_or(&[]),
        kw,
        ["pin", "freq", "duty_u16", "duty_ns", "invert"],
        1,
        1,
    )?;
    let id = pin_id(vm, pin)?;
    if !PWM_PIN.fits(id as u64) {
        return Err(vm.value_error("invalid pin"));
    }
    let invert = match opt(invert) {
        Some(v) => vm.truthy(v)?,
        None => false,
    };
    let s = PWM_INVERT.set(PWM_FREQ.set(PWM_PIN.set(0, id as u64), 1000), invert as u64);
    set_state(vm, this_v, Kind::Pwm, s)?;
    pwm_setup(vm, this_v, s, freq, duty_u16, duty_ns)
}

/// `PWM.init(*, freq=None, duty_u16=None, duty_ns=None)`.
fn pwm_init(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (this_v, s) = this(vm, a, Kind::Pwm, "init")?;
    let [freq, duty_u16, duty_ns] = parse(
        vm,
        "init",
        &a[1..],
        kw,
        ["freq", "duty_u16", "duty_ns"],
        0,
        0,
    )?;
    pwm_setup(vm, this_v, s, freq, duty_u16, duty_ns)
}

fn pwm_setup(vm: &mut Vm, this_v: Value, mut s: u64, freq: Value, u16: Value, ns: Value) -> R {
    if let Some(f) = opt(freq) {
        s = with_freq(vm, s, f)?;
    }
    if let Some(d) = opt(u16) {
        s = DUTY.set(s, clamp_duty(vm, d)?);
    }
    if let Some(ns) = opt(ns) {
        s = DUTY.set(s, ns_to_duty(vm, s, ns)?);
    }
    apply(vm, this_v, s)
}

/// `s` with the frequency `f`, checked against the board's range.
fn with_freq(vm: &mut Vm, s: u64, f: Value) -> Result<u64, Exc> {
    let hz = super::class::number(vm, f)?;
    let (lo, hi) = with_hal(vm, |h| h.pwm_freq_range())?;
    if hz < lo as f64 {
        return Err(vm.value_error("freq too small"));
    }
    let hz = int_of(vm, f)?;
    if hz > hi as i64 || !PWM_FREQ.fits(hz as u64) {
        return Err(vm.value_error("freq too large"));
    }
    Ok(PWM_FREQ.set(s, hz as u64))
}

fn clamp_duty(vm: &mut Vm, d: Value) -> Result<u64, Exc> {
    Ok(int_of(vm, d)?.clamp(0, 65535) as u64)
}

fn ns_to_duty(vm: &mut Vm, s: u64, ns: Value) -> Result<u64, Exc> {
    let ns = int_of(vm, ns)? as i128;
    let d = (ns * PWM_FREQ.get(s) as i128 * 65535).div_euclid(1_000_000_000);
    Ok(d.clamp(0, 65535) as u64)
}

/// Stores `s` and drives the pin with it.
fn apply(vm: &mut Vm, this_v: Value, s: u64) -> R {
    update_state(vm, this_v, Kind::Pwm, s);
    let pin = PWM_PIN.get(s) as u32;
    let freq = PWM_FREQ.get(s) as u32;
    let duty = DUTY.get(s) as u16;
    let duty = if PWM_INVERT.get(s) == 1 {
        65535 - duty
    } else {
        duty
    };
    hal_call(vm, |h| h.pwm_set(pin, freq, duty))?;
    Ok(Value::None)
}

/// `PWM.freq([hz])`.
fn pwm_freq(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (this_v, s) = this(vm, a, Kind::Pwm, "freq")?;
    let [f] = parse(vm, "freq", &a[1..], kw, ["value"], 1, 0)?;
    match opt(f) {
        None => Ok(Value::Int(PWM_FREQ.get(s) as i64)),
        Some(f) => {
            let s = with_freq(vm, s, f)?;
            apply(vm, this_v, s)
        }
    }
}

/// `PWM.duty_u16([d])` (clamped to 0..=65535).
fn pwm_duty_u16(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (this_v, s) = this(vm, a, Kind::Pwm, "duty_u16")?;
    let [d] = parse(vm, "duty_u16", &a[1..], kw, ["value"], 1, 0)?;
    match opt(d) {
        None => Ok(Value::Int(DUTY.get(s) as i64)),
        Some(d) => {
            let s = DUTY.set(s, clamp_duty(vm, d)?);
            apply(vm, this_v, s)
        }
    }
}

/// `PWM.duty_ns([ns])`: the high time of a period.
fn pwm_duty_ns(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (this_v, s) = this(vm, a, Kind::Pwm, "duty_ns")?;
    let [ns] = parse(vm, "duty_ns", &a[1..], kw, ["value"], 1, 0)?;
    match opt(ns) {
        None => {
            let period = (PWM_FREQ.get(s) * 65535).max(1);
            Ok(Value::Int((DUTY.get(s) * 1_000_000_000 / period) as i64))
        }
        Some(ns) => {
            let s = DUTY.set(s, ns_to_duty(vm, s, ns)?);
            apply(vm, this_v, s)
        }
    }
}

fn pwm_deinit(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (_, s) = this(vm, a, Kind::Pwm, "deinit")?;
    parse(vm, "deinit", &a[1..], kw, [], 0, 0)?;
    let pin = PWM_PIN.get(s) as u32;
    with_hal(vm, |h| h.pwm_deinit(pin))?;
    Ok(Value::None)
}

fn pwm_repr(vm: &mut Vm, a: &[Value], _: Kw) -> R {
    let (_, s) = this(vm, a, Kind::Pwm, "__repr__")?;
    let text: String = format!(
        "<PWM GPIO{} freq={} duty_u16={}>",
        PWM_PIN.get(s),
        PWM_FREQ.get(s),
        DUTY.get(s)
    );
    vm.new_string(text)
}
