//! The `machine` module itself: how it reaches the board ([`MachineHost`],
//! [`native_module`]), its functions and constants (made on first use, [`module_attr`]), and
//! the registry that runs `Pin.irq` / `Timer` handlers for the board's events.
//!
//! **Events.** The registry is a dict kept in builtins (`machine.irq`): a pin id maps to
//! `(handler, pin, irq)`, `-1 - timer id` to `(callback, timer)`. The first handler
//! registered also installs [`irq_event`] in the VM's IRQ slot [`IRQ_SLOT`], so from then on
//! every event the host's `poll_irq` reports runs its handler as a scheduled callback
//! (between bytecodes, and while the script sleeps); `idle()`, `lightsleep()` and the asyncio
//! loop (`_dispatch`) also drain the board's queue themselves.

use super::class::{
    Kind, class, hal_call, int_of, now_ms, opt, parse, state_of, system_exit, u32_arg,
    update_state, with_hal,
};
use super::{Hal, HalEvent, IRQ_SLOT, pins, timers};
use crate::Host;
use crate::builtins::Kw;
use crate::native::NativeModule;
use crate::object::{NativeFnPtr, Obj};
use crate::value::Value;
use crate::vm::{Exc, Vm};
use alloc::vec::Vec;

/// A host that owns a board: implement it on the embedder's `Host` type and register
/// [`native_module::<ThatHost>()`](native_module).
pub trait MachineHost: Host + 'static {
    /// The board behind `machine`.
    fn hal(&mut self) -> &mut dyn Hal;
}

/// How `machine` finds the board in the host (`native_module` makes one per host type).
pub type HalOf = fn(&mut dyn Host) -> Option<&mut dyn Hal>;

fn hal_of<H: MachineHost>(host: &mut dyn Host) -> Option<&mut dyn Hal> {
    host.as_any().downcast_mut::<H>().map(|h| h.hal())
}

/// The `machine` module for host type `H`: register it with `Interpreter::register_module`
/// and scripts can `import machine`. Everything in it is native; classes, functions and
/// constants are made when a script first names them.
pub fn native_module<H: MachineHost>() -> NativeModule {
    NativeModule::new("machine").with_hal(hal_of::<H>)
}

/// True when the embedder registered `machine` with [`native_module`].
pub(crate) fn is_native(vm: &Vm) -> bool {
    vm.native_modules
        .iter()
        .any(|m| m.name == "machine" && m.hal.is_some())
}

type R = Result<Value, Exc>;

/// A module attribute, kept in static data until a script names it.
enum ModuleAttr {
    Class(Kind),
    Function(NativeFnPtr),
    Const(i64),
}

const ATTRS: &[(&str, ModuleAttr)] = &[
    ("Pin", ModuleAttr::Class(Kind::Pin)),
    ("Signal", ModuleAttr::Class(Kind::Signal)),
    ("ADC", ModuleAttr::Class(Kind::Adc)),
    ("PWM", ModuleAttr::Class(Kind::Pwm)),
    ("I2C", ModuleAttr::Class(Kind::I2c)),
    ("SoftI2C", ModuleAttr::Class(Kind::SoftI2c)),
    ("SPI", ModuleAttr::Class(Kind::Spi)),
    ("SoftSPI", ModuleAttr::Class(Kind::SoftSpi)),
    ("UART", ModuleAttr::Class(Kind::Uart)),
    ("Timer", ModuleAttr::Class(Kind::Timer)),
    ("WDT", ModuleAttr::Class(Kind::Wdt)),
    ("RTC", ModuleAttr::Class(Kind::Rtc)),
    ("reset", ModuleAttr::Function(reset)),
    ("soft_reset", ModuleAttr::Function(soft_reset)),
    ("reset_cause", ModuleAttr::Function(reset_cause)),
    ("unique_id", ModuleAttr::Function(unique_id)),
    ("freq", ModuleAttr::Function(freq)),
    ("idle", ModuleAttr::Function(idle)),
    ("lightsleep", ModuleAttr::Function(lightsleep)),
    ("deepsleep", ModuleAttr::Function(deepsleep)),
    ("disable_irq", ModuleAttr::Function(disable_irq)),
    ("enable_irq", ModuleAttr::Function(enable_irq)),
    ("time_pulse_us", ModuleAttr::Function(time_pulse_us)),
    // For asyncio's loop: run pending handlers, and how long until the next event.
    ("_dispatch", ModuleAttr::Function(dispatch)),
    ("_pending_ms", ModuleAttr::Function(pending_ms)),
    ("PWRON_RESET", ModuleAttr::Const(1)),
    ("HARD_RESET", ModuleAttr::Const(2)),
    ("WDT_RESET", ModuleAttr::Const(3)),
    ("DEEPSLEEP_RESET", ModuleAttr::Const(4)),
    ("SOFT_RESET", ModuleAttr::Const(5)),
    ("IDLE", ModuleAttr::Const(0)),
    ("SLEEP", ModuleAttr::Const(1)),
    ("DEEPSLEEP", ModuleAttr::Const(2)),
];

/// Every name of the module (for `dir(machine)`, `from machine import *`).
pub(crate) fn module_names() -> impl Iterator<Item = &'static str> {
    ATTRS.iter().map(|(n, _)| *n)
}

/// The module attribute `name` (`None`: the module has no such name); the caller keeps it in
/// the module dict.
pub(crate) fn module_attr(vm: &mut Vm, name: &str) -> Result<Option<Value>, Exc> {
    let Some((n, attr)) = ATTRS.iter().find(|(n, _)| *n == name) else {
        return Ok(None);
    };
    Ok(Some(match attr {
        ModuleAttr::Class(k) => Value::Obj(class(vm, *k)?),
        ModuleAttr::Function(f) => crate::builtins::native(vm, n, *f)?,
        ModuleAttr::Const(i) => Value::Int(*i),
    }))
}

// ---------- board functions ----------

fn no_args(vm: &mut Vm, name: &str, a: &[Value], kw: Kw) -> Result<(), Exc> {
    parse(vm, name, a, kw, [], 0, 0).map(|_| ())
}

/// `reset()`: the board restarts; the script ends with SystemExit.
fn reset(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    no_args(vm, "reset", a, kw)?;
    with_hal(vm, |h| h.reset(false))?;
    Err(system_exit(vm))
}

fn soft_reset(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    no_args(vm, "soft_reset", a, kw)?;
    with_hal(vm, |h| h.reset(true))?;
    Err(system_exit(vm))
}

fn reset_cause(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    no_args(vm, "reset_cause", a, kw)?;
    Ok(Value::Int(with_hal(vm, |h| h.reset_cause())? as i64))
}

fn unique_id(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    no_args(vm, "unique_id", a, kw)?;
    let id = with_hal(vm, |h| h.unique_id())?;
    vm.alloc(Obj::Bytes(id))
}

/// `freq([hz])`: the CPU clock, or sets it.
fn freq(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let [hz] = parse(vm, "freq", a, kw, ["hz"], 1, 0)?;
    match opt(hz) {
        None => Ok(Value::Int(with_hal(vm, |h| h.cpu_freq())? as i64)),
        Some(hz) => {
            let hz = u32_arg(vm, hz, "frequency")?;
            hal_call(vm, |h| h.set_cpu_freq(hz))?;
            Ok(Value::None)
        }
    }
}

/// `idle()`: runs pending handlers, then waits for an interrupt (if the board can).
fn idle(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    no_args(vm, "idle", a, kw)?;
    dispatch_pending(vm)?;
    with_hal(vm, |h| h.idle())?;
    Ok(Value::None)
}

/// `lightsleep([time_ms])`: sleeps (forever without an argument); pin and timer handlers
/// still run while it sleeps.
fn lightsleep(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let [ms] = parse(vm, "lightsleep", a, kw, ["time_ms"], 1, 0)?;
    let ms = match opt(ms) {
        Some(v) => Some(int_of(vm, v)?.max(0) as u64),
        None => None,
    };
    dispatch_pending(vm)?;
    if vm.native_depth == 0 {
        // The script sleeps; the handlers of events during the sleep run from the IRQ slot.
        let ms = ms.map_or(f64::INFINITY, |m| m as f64);
        return crate::modules::do_sleep(vm, ms);
    }
    // Inside a callback the VM cannot suspend: wait here, running handlers as they fall due.
    let end = ms.map(|m| now_ms(vm).saturating_add(m));
    loop {
        let now = now_ms(vm);
        if end.is_some_and(|e| now >= e) || vm.interrupt.load(core::sync::atomic::Ordering::Relaxed)
        {
            return Ok(Value::None);
        }
        if with_hal(vm, |h| h.next_event_ms())?.is_some_and(|t| t <= now) {
            dispatch_pending(vm)?;
        } else {
            core::hint::spin_loop();
        }
    }
}

/// `deepsleep([time_ms])`: the board powers down; the script ends with SystemExit.
fn deepsleep(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let [ms] = parse(vm, "deepsleep", a, kw, ["time_ms"], 1, 0)?;
    let ms = match opt(ms) {
        Some(v) => Some(vm.as_index(v)?.max(0) as u64),
        None => None,
    };
    with_hal(vm, |h| h.deepsleep(ms))?;
    Err(system_exit(vm))
}

/// `disable_irq()`: returns the state to hand back to `enable_irq`.
fn disable_irq(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    no_args(vm, "disable_irq", a, kw)?;
    let reg = registry(vm)?;
    let old = vm.dict_get(reg, IRQ_STATE)?.unwrap_or(Value::Bool(true));
    vm.dict_set(reg, IRQ_STATE, Value::Bool(false))?;
    Ok(old)
}

/// `enable_irq(state=True)`: pending handlers run when the state is true.
fn enable_irq(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let [state] = parse(vm, "enable_irq", a, kw, ["state"], 1, 0)?;
    let state = if state.is_null() {
        Value::Bool(true)
    } else {
        state
    };
    let reg = registry(vm)?;
    vm.dict_set(reg, IRQ_STATE, state)?;
    if vm.truthy(state)? {
        dispatch_pending(vm)?;
    }
    Ok(Value::None)
}

/// `time_pulse_us(pin, pulse_level, timeout_us=1000000)`: the boards have no pulse timer, so
/// it reports the timeout (-2), as a board does when no pulse comes.
fn time_pulse_us(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    parse(
        vm,
        "time_pulse_us",
        a,
        kw,
        ["pin", "pulse_level", "timeout_us"],
        3,
        2,
    )?;
    Ok(Value::Int(-2))
}

/// `_dispatch()`: runs the handlers of the board's pending events.
fn dispatch(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    no_args(vm, "_dispatch", a, kw)?;
    dispatch_pending(vm)?;
    Ok(Value::None)
}

/// `_pending_ms()`: milliseconds until the board's next event (0: one is pending), None if
/// none is scheduled.
fn pending_ms(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    no_args(vm, "_pending_ms", a, kw)?;
    let now = now_ms(vm);
    Ok(match with_hal(vm, |h| h.next_event_ms())? {
        Some(at) => Value::Int(at.saturating_sub(now) as i64),
        None => Value::None,
    })
}

// ---------- the handler registry ----------

/// Registry keys past every pin id and timer key.
const DISPATCHING: Value = Value::Int(1 << 40);
const IRQ_STATE: Value = Value::Int((1 << 40) + 1);
const NEXT_TIMER: Value = Value::Int((1 << 40) + 2);
const SLOT_SET: Value = Value::Int((1 << 40) + 3);

/// Where the registry lives in builtins.
const REGISTRY: &str = "machine.irq";

/// The registry, made on first use.
fn registry(vm: &mut Vm) -> Result<Value, Exc> {
    let k = vm.intern(REGISTRY)?;
    let b = vm.builtins;
    if let Some(d) = vm.dict_get_str(b, k) {
        return Ok(d);
    }
    let d = vm.alloc(Obj::Dict(crate::dict::Dict::new()))?;
    vm.dict_set_str(b, k, d)?;
    Ok(d)
}

/// The registry if a script made it (no handler ever registered otherwise).
fn existing_registry(vm: &Vm) -> Option<Value> {
    let k = vm.interned_opt(REGISTRY)?;
    vm.dict_get_str(vm.builtins, k)
}

fn timer_key(id: u32) -> Value {
    Value::Int(-1 - id as i64)
}

fn entry(vm: &mut Vm, key: Value) -> Result<Option<Vec<Value>>, Exc> {
    let Some(reg) = existing_registry(vm) else {
        return Ok(None);
    };
    Ok(match vm.dict_get(reg, key)? {
        Some(Value::Obj(t)) => match vm.heap.get(t) {
            Obj::Tuple(items) => Some(items.to_vec()),
            _ => None,
        },
        _ => None,
    })
}

fn set_entry(vm: &mut Vm, key: Value, items: &[Value]) -> Result<(), Exc> {
    let reg = registry(vm)?;
    let t = vm.alloc(Obj::Tuple(items.into()))?;
    vm.dict_set(reg, key, t)?;
    ensure_irq_slot(vm, reg)
}

/// `(handler, pin, irq)` of pin `pin`.
pub(super) fn pin_entry(vm: &mut Vm, pin: u32) -> Result<Option<[Value; 3]>, Exc> {
    Ok(match entry(vm, Value::Int(pin as i64))?.as_deref() {
        Some(&[h, p, i]) => Some([h, p, i]),
        _ => None,
    })
}

/// Registers `handler` (None: no handler) for pin `pin`, with the pin object it receives and
/// the IRQ object `irq()` returns.
pub(super) fn set_pin_entry(
    vm: &mut Vm,
    pin: u32,
    handler: Value,
    pin_obj: Value,
    irq: Value,
) -> Result<(), Exc> {
    set_entry(vm, Value::Int(pin as i64), &[handler, pin_obj, irq])
}

/// Registers timer `id`'s callback (None: none) and the timer object it receives.
pub(super) fn set_timer_entry(
    vm: &mut Vm,
    id: u32,
    callback: Value,
    timer: Value,
) -> Result<(), Exc> {
    set_entry(vm, timer_key(id), &[callback, timer])
}

pub(super) fn remove_timer_entry(vm: &mut Vm, id: u32) -> Result<(), Exc> {
    if let Some(reg) = existing_registry(vm) {
        vm.dict_remove(reg, timer_key(id))?;
    }
    Ok(())
}

/// A timer id for `Timer(-1)`: 1001, 1002, ... (apart from the board's numbered timers).
pub(super) fn virtual_timer_id(vm: &mut Vm) -> Result<u32, Exc> {
    let reg = registry(vm)?;
    let last = match vm.dict_get(reg, NEXT_TIMER)? {
        Some(Value::Int(i)) => i,
        _ => 1000,
    };
    let next = last + 1;
    vm.dict_set(reg, NEXT_TIMER, Value::Int(next))?;
    u32::try_from(next).map_err(|_| vm.value_error("too many timers"))
}

/// Installs [`irq_event`] in the VM's IRQ slot (once): from then on the host's events run
/// their handlers between bytecodes. Scripts without handlers never pay for the polling.
fn ensure_irq_slot(vm: &mut Vm, reg: Value) -> Result<(), Exc> {
    if vm.dict_get(reg, SLOT_SET)?.is_some() {
        return Ok(());
    }
    let f = crate::builtins::native(vm, "irq_event", irq_event)?;
    vm.set_irq_handler(IRQ_SLOT, f);
    vm.dict_set(reg, SLOT_SET, Value::Bool(true))
}

/// The IRQ slot's handler: one event as `machine::poll_irq` encodes it (`pin * 2 + rising`,
/// or `-1 - timer id`).
fn irq_event(vm: &mut Vm, a: &[Value], _: Kw) -> R {
    let arg = match a.first() {
        Some(&v) => vm.as_index(v)?,
        None => return Ok(Value::None),
    };
    let event = if arg < 0 {
        HalEvent::Timer {
            id: (-1 - arg) as u32,
        }
    } else {
        HalEvent::PinEdge {
            pin: (arg >> 1) as u32,
            rising: arg & 1 == 1,
        }
    };
    run_event(vm, event)?;
    Ok(Value::None)
}

/// Runs the handler registered for `event`, if any, as a soft interrupt: its exception is
/// reported on stderr (KeyboardInterrupt and SystemExit go on to the script).
fn run_event(vm: &mut Vm, event: HalEvent) -> Result<(), Exc> {
    match event {
        HalEvent::PinEdge { pin, rising } => {
            let Some([handler, pin_obj, _]) = pin_entry(vm, pin)? else {
                return Ok(());
            };
            if matches!(handler, Value::None) {
                return Ok(());
            }
            if let Some(s) = state_of(vm, pin_obj, Kind::Pin) {
                let flags = if rising { 8 } else { 4 };
                update_state(vm, pin_obj, Kind::Pin, pins::FLAGS.set(s, flags));
            }
            vm.call_protected(handler, pin_obj)?;
        }
        HalEvent::Timer { id } => {
            let Some(&[callback, timer]) = entry(vm, timer_key(id))?.as_deref() else {
                return Ok(());
            };
            let one_shot =
                state_of(vm, timer, Kind::Timer).is_some_and(|s| timers::TIMER_MODE.get(s) == 0);
            if one_shot {
                remove_timer_entry(vm, id)?;
            }
            if !matches!(callback, Value::None) {
                vm.call_protected(callback, timer)?;
            }
        }
    }
    Ok(())
}

/// Runs the handlers of every event the board has pending (not re-entered from a handler).
pub(super) fn dispatch_pending(vm: &mut Vm) -> Result<(), Exc> {
    let reg = existing_registry(vm);
    if let Some(reg) = reg
        && vm.dict_get(reg, DISPATCHING)?.is_some()
    {
        return Ok(());
    }
    let now = now_ms(vm);
    // Bounded: a stuck HAL cannot hang the interpreter.
    let events: Vec<HalEvent> = with_hal(vm, |h| {
        let mut out = Vec::new();
        for _ in 0..256 {
            match h.poll_event(now) {
                Some(e) => out.push(e),
                None => break,
            }
        }
        out
    })?;
    // Without a registry no handler exists: the events are only drained.
    let Some(reg) = reg else {
        return Ok(());
    };
    vm.dict_set(reg, DISPATCHING, Value::Bool(true))?;
    let mut result = Ok(());
    for e in events {
        result = run_event(vm, e);
        if result.is_err() {
            break;
        }
    }
    vm.dict_remove(reg, DISPATCHING)?;
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim_board::SimBoard;
    use crate::{Config, Interpreter, RunOutcome};
    use alloc::boxed::Box;
    use alloc::string::String;

    struct BoardHost {
        out: String,
        board: SimBoard,
    }

    impl Host for BoardHost {
        fn write_out(&mut self, text: &str) {
            self.out.push_str(text);
        }
        fn write_err(&mut self, text: &str) {
            self.out.push_str(text);
        }
        fn now_ms(&mut self) -> u64 {
            0
        }
        fn read_file(&mut self, _path: &str) -> Option<Vec<u8>> {
            None
        }
        fn as_any(&mut self) -> &mut dyn core::any::Any {
            self
        }
    }

    impl MachineHost for BoardHost {
        fn hal(&mut self) -> &mut dyn Hal {
            &mut self.board
        }
    }

    /// Runs `src` in a `heap`-byte interpreter with `machine`; its output.
    fn run(src: &str, heap: usize) -> String {
        let host = BoardHost {
            out: String::new(),
            board: SimBoard::new(),
        };
        let config = Config {
            heap_bytes: heap,
            max_depth: 64,
        };
        let mut it = Interpreter::new(config, Box::new(host));
        it.register_module(native_module::<BoardHost>());
        it.start("main.py", src).unwrap();
        loop {
            match it.run(100_000) {
                RunOutcome::Yielded | RunOutcome::Sleeping { .. } => {}
                RunOutcome::Done => break,
                RunOutcome::Error(e) => panic!("{}", e.traceback),
            }
        }
        let h = it.host_mut().as_any().downcast_mut::<BoardHost>().unwrap();
        core::mem::take(&mut h.out)
    }

    fn numbers(out: &str) -> Vec<i64> {
        out.split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect()
    }

    /// The point of the native module (issues #7, #9): a 64 KiB device heap imports it with
    /// room to spare (the frozen `machine.py` took ~97 KB), and an instance costs what a bare
    /// `object()` does.
    #[test]
    fn import_machine_and_its_objects_are_cheap() {
        let out = run(
            "\
import gc
gc.collect()
a = gc.mem_alloc()
import machine
gc.collect()
print(gc.mem_alloc() - a)
Pin, I2C = machine.Pin, machine.I2C
pins = [None] * 20
buses = [None] * 20
gc.collect()
b = gc.mem_alloc()
for i in range(20):
    pins[i] = Pin(i, Pin.OUT)
gc.collect()
c = gc.mem_alloc()
for i in range(20):
    buses[i] = I2C(0)
gc.collect()
print(c - b, gc.mem_alloc() - c)
",
            64 << 10,
        );
        let n = numbers(&out);
        assert_eq!(n.len(), 3, "{out}");
        assert!(n[0] < 2048, "import machine: {} bytes", n[0]);
        // A bare instance: its slot, its `Instance` box and the rare-fields box that holds
        // its native state (+ 8 for the few one-off objects of the first construction,
        // spread over the 20), nothing more.
        let inst = (crate::gc::SLOT_BYTES
            + core::mem::size_of::<crate::object::Instance>()
            + core::mem::size_of::<crate::object::InstRare>()
            + 8) as i64;
        assert!(n[1] / 20 <= inst, "a Pin: {} bytes", n[1] / 20);
        assert!(n[2] / 20 <= inst, "an I2C: {} bytes", n[2] / 20);
    }

    #[test]
    fn a_driver_style_app_runs_in_a_64k_heap() {
        let out = run(
            "\
import machine, time
led = machine.Pin('LED', machine.Pin.OUT)
i2c = machine.I2C(0)
adc = machine.ADC(0)
ticks = []
t = machine.Timer(period=1, callback=lambda t: ticks.append(1))
readings = []
for i in range(300):
    i2c.writeto(0x44, b'\\x24\\x00')
    d = i2c.readfrom(0x44, 6)
    readings.append((d[0] << 8 | d[1]) * 175 / 65535 - 45)
    if len(readings) > 20:
        readings.pop(0)
    led.toggle()
    adc.read_u16()
t.deinit()
print(round(sum(readings) / len(readings), 1), i2c.scan())
",
            64 << 10,
        );
        assert_eq!(out, "21.5 [68, 104]\n");
    }
}
