//! The native module `_machine`: thin functions over [`Hal`] that `machine.py` wraps into
//! MicroPython's classes. Bus errors come back as negative errno ints (so `machine.py` can
//! raise `OSError(errno)` with `.errno` set); bad arguments raise `ValueError` here.

use super::{DateTime, Hal, HalError, HalEvent, PinMode, Pull, SpiConfig, UartConfig};
use crate::native::{NativeCtx, NativeError, NativeModule, NativeValue};
use crate::{Host, Value};
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

/// A host that owns a board: implement it on the embedder's `Host` type and register
/// [`native_module::<ThatHost>()`](native_module).
pub trait MachineHost: Host + 'static {
    /// The board behind `machine`.
    fn hal(&mut self) -> &mut dyn Hal;
}

type R = Result<Value, NativeError>;

fn hal<'c, H: MachineHost>(ctx: &'c mut NativeCtx<'_>) -> Result<&'c mut dyn Hal, NativeError> {
    match ctx.host().as_any().downcast_mut::<H>() {
        Some(h) => Ok(h.hal()),
        None => Err(NativeError::runtime_error("machine: the host has no board")),
    }
}

fn value_err(e: HalError) -> NativeError {
    match e {
        HalError::Invalid(m) | HalError::Unsupported(m) => NativeError::value_error(m),
        other => NativeError::os_error(match other {
            HalError::NoDevice => "[Errno 19] ENODEV",
            HalError::Io => "[Errno 5] EIO",
            _ => "[Errno 110] ETIMEDOUT",
        }),
    }
}

/// Ok → value, bus errors → `-errno` (machine.py raises OSError), others → ValueError.
fn errno_or(e: HalError) -> R {
    match e.errno() {
        Some(n) => Ok(Value::Int(-(n as i64))),
        None => Err(value_err(e)),
    }
}

fn u32_arg(
    ctx: &mut NativeCtx<'_>,
    args: &[Value],
    i: usize,
    what: &str,
) -> Result<u32, NativeError> {
    let v = ctx.arg_int(args, i)?;
    u32::try_from(v).map_err(|_| NativeError::value_error(&alloc::format!("invalid {}", what)))
}

fn opt_u32(
    ctx: &mut NativeCtx<'_>,
    args: &[Value],
    i: usize,
    what: &str,
) -> Result<Option<u32>, NativeError> {
    match args.get(i) {
        None | Some(Value::None) => Ok(None),
        Some(_) => u32_arg(ctx, args, i, what).map(Some),
    }
}

fn bytes_arg(ctx: &mut NativeCtx<'_>, args: &[Value], i: usize) -> Result<Vec<u8>, NativeError> {
    let v = args
        .get(i)
        .copied()
        .ok_or_else(|| NativeError::type_error("missing buffer"))?;
    match ctx.to_native(v)? {
        NativeValue::Bytes(b) => Ok(b),
        NativeValue::Str(s) => Ok(s.into_bytes()),
        NativeValue::List(items) => items
            .iter()
            .map(|x| match x {
                NativeValue::Int(n) if (0..=255).contains(n) => Ok(*n as u8),
                _ => Err(NativeError::value_error("bytes must be in range(0, 256)")),
            })
            .collect(),
        _ => Err(NativeError::type_error(
            "object with buffer protocol required",
        )),
    }
}

fn bytes_val(ctx: &mut NativeCtx<'_>, b: Vec<u8>) -> R {
    ctx.value(&NativeValue::Bytes(b))
}

fn now(ctx: &mut NativeCtx<'_>) -> u64 {
    ctx.host().now_ms()
}

// ---------- board ----------

fn board<H: MachineHost>(ctx: &mut NativeCtx<'_>, _: &[Value]) -> R {
    let name = String::from(hal::<H>(ctx)?.board_name());
    ctx.str(&name)
}
fn unique_id<H: MachineHost>(ctx: &mut NativeCtx<'_>, _: &[Value]) -> R {
    let id = hal::<H>(ctx)?.unique_id();
    bytes_val(ctx, id)
}
fn freq<H: MachineHost>(ctx: &mut NativeCtx<'_>, args: &[Value]) -> R {
    if args.is_empty() {
        return Ok(Value::Int(hal::<H>(ctx)?.cpu_freq() as i64));
    }
    let hz = u32_arg(ctx, args, 0, "frequency")?;
    hal::<H>(ctx)?.set_cpu_freq(hz).map_err(value_err)?;
    Ok(Value::None)
}
fn reset_cause<H: MachineHost>(ctx: &mut NativeCtx<'_>, _: &[Value]) -> R {
    Ok(Value::Int(hal::<H>(ctx)?.reset_cause() as i64))
}
fn reset<H: MachineHost>(ctx: &mut NativeCtx<'_>, args: &[Value]) -> R {
    let soft = ctx.arg_bool(args, 0).unwrap_or(false);
    hal::<H>(ctx)?.reset(soft);
    Ok(Value::None)
}
fn deepsleep<H: MachineHost>(ctx: &mut NativeCtx<'_>, args: &[Value]) -> R {
    let ms = match args.first() {
        None | Some(Value::None) => None,
        Some(_) => Some(ctx.arg_int(args, 0)?.max(0) as u64),
    };
    hal::<H>(ctx)?.deepsleep(ms);
    Ok(Value::None)
}
fn idle<H: MachineHost>(ctx: &mut NativeCtx<'_>, _: &[Value]) -> R {
    hal::<H>(ctx)?.idle();
    Ok(Value::None)
}

// ---------- pins ----------

fn pin_by_name<H: MachineHost>(ctx: &mut NativeCtx<'_>, args: &[Value]) -> R {
    let name = ctx.arg_str(args, 0)?;
    Ok(match hal::<H>(ctx)?.pin_by_name(&name) {
        Some(p) => Value::Int(p as i64),
        None => Value::None,
    })
}
fn pin_configure<H: MachineHost>(ctx: &mut NativeCtx<'_>, args: &[Value]) -> R {
    let pin = u32_arg(ctx, args, 0, "pin")?;
    let mode = match ctx.arg_int(args, 1)? {
        0 => PinMode::In,
        1 => PinMode::Out,
        2 => PinMode::OpenDrain,
        3 => PinMode::Alt,
        _ => return Err(NativeError::value_error("invalid pin mode")),
    };
    let pull = match ctx.arg_int(args, 2)? {
        0 => Pull::None,
        1 => Pull::Up,
        2 => Pull::Down,
        _ => return Err(NativeError::value_error("invalid pull")),
    };
    hal::<H>(ctx)?
        .pin_configure(pin, mode, pull)
        .map_err(value_err)?;
    Ok(Value::None)
}
fn pin_read<H: MachineHost>(ctx: &mut NativeCtx<'_>, args: &[Value]) -> R {
    let pin = u32_arg(ctx, args, 0, "pin")?;
    let v = hal::<H>(ctx)?.pin_read(pin).map_err(value_err)?;
    Ok(Value::Int(v as i64))
}
fn pin_write<H: MachineHost>(ctx: &mut NativeCtx<'_>, args: &[Value]) -> R {
    let pin = u32_arg(ctx, args, 0, "pin")?;
    let v = ctx.arg_bool(args, 1)?;
    hal::<H>(ctx)?.pin_write(pin, v).map_err(value_err)?;
    Ok(Value::None)
}
fn pin_irq<H: MachineHost>(ctx: &mut NativeCtx<'_>, args: &[Value]) -> R {
    let pin = u32_arg(ctx, args, 0, "pin")?;
    let t = (ctx.arg_int(args, 1)? & 3) as u8;
    hal::<H>(ctx)?.pin_irq(pin, t).map_err(value_err)?;
    Ok(Value::None)
}

// ---------- events / timers ----------

/// All pending events as a list of `(kind, id, arg)`: kind 0 = pin edge (arg 1 = rising),
/// 1 = timer.
fn poll<H: MachineHost>(ctx: &mut NativeCtx<'_>, _: &[Value]) -> R {
    let t = now(ctx);
    let mut out = Vec::new();
    {
        let h = hal::<H>(ctx)?;
        // Bounded: a stuck HAL cannot hang the interpreter.
        for _ in 0..256 {
            match h.poll_event(t) {
                Some(HalEvent::PinEdge { pin, rising }) => out.push(NativeValue::List(vec![
                    NativeValue::Int(0),
                    NativeValue::Int(pin as i64),
                    NativeValue::Int(rising as i64),
                ])),
                Some(HalEvent::Timer { id }) => out.push(NativeValue::List(vec![
                    NativeValue::Int(1),
                    NativeValue::Int(id as i64),
                    NativeValue::Int(0),
                ])),
                None => break,
            }
        }
    }
    ctx.value(&NativeValue::List(out))
}
/// `set_irq_handler(f)`: `f(arg)` runs for each event `Host::poll_irq` reports (slot
/// `IRQ_SLOT`, see `machine::poll_irq`).
fn set_irq_handler(ctx: &mut NativeCtx<'_>, args: &[Value]) -> R {
    let f = args.first().copied().unwrap_or(Value::None);
    ctx.set_irq_handler(super::IRQ_SLOT, f);
    Ok(Value::None)
}
fn next_event_ms<H: MachineHost>(ctx: &mut NativeCtx<'_>, _: &[Value]) -> R {
    let t = now(ctx);
    Ok(match hal::<H>(ctx)?.next_event_ms() {
        Some(at) => Value::Int(at.saturating_sub(t) as i64),
        None => Value::None,
    })
}
fn timer_start<H: MachineHost>(ctx: &mut NativeCtx<'_>, args: &[Value]) -> R {
    let id = u32_arg(ctx, args, 0, "timer id")?;
    let period = ctx.arg_int(args, 1)?;
    if period <= 0 {
        return Err(NativeError::value_error("period must be positive"));
    }
    let periodic = ctx.arg_bool(args, 2)?;
    let t = now(ctx);
    hal::<H>(ctx)?
        .timer_start(id, t, period as u64, periodic)
        .map_err(value_err)?;
    Ok(Value::None)
}
fn timer_stop<H: MachineHost>(ctx: &mut NativeCtx<'_>, args: &[Value]) -> R {
    let id = u32_arg(ctx, args, 0, "timer id")?;
    hal::<H>(ctx)?.timer_stop(id);
    Ok(Value::None)
}

// ---------- ADC / PWM ----------

fn adc_read_uv<H: MachineHost>(ctx: &mut NativeCtx<'_>, args: &[Value]) -> R {
    let pin = u32_arg(ctx, args, 0, "pin")?;
    let uv = hal::<H>(ctx)?.adc_read_uv(pin).map_err(value_err)?;
    Ok(Value::Int(uv as i64))
}
fn adc_pin<H: MachineHost>(ctx: &mut NativeCtx<'_>, args: &[Value]) -> R {
    let channel = u32_arg(ctx, args, 0, "ADC channel")?;
    Ok(Value::Int(hal::<H>(ctx)?.adc_channel_pin(channel) as i64))
}
fn adc_full_scale<H: MachineHost>(ctx: &mut NativeCtx<'_>, _: &[Value]) -> R {
    Ok(Value::Int(hal::<H>(ctx)?.adc_full_scale_uv() as i64))
}
fn pwm_range<H: MachineHost>(ctx: &mut NativeCtx<'_>, _: &[Value]) -> R {
    let (lo, hi) = hal::<H>(ctx)?.pwm_freq_range();
    ctx.value(&NativeValue::List(vec![
        NativeValue::Int(lo as i64),
        NativeValue::Int(hi as i64),
    ]))
}
fn pwm_set<H: MachineHost>(ctx: &mut NativeCtx<'_>, args: &[Value]) -> R {
    let pin = u32_arg(ctx, args, 0, "pin")?;
    let f = u32_arg(ctx, args, 1, "frequency")?;
    let d = ctx.arg_int(args, 2)?.clamp(0, 65535) as u16;
    hal::<H>(ctx)?.pwm_set(pin, f, d).map_err(value_err)?;
    Ok(Value::None)
}
fn pwm_deinit<H: MachineHost>(ctx: &mut NativeCtx<'_>, args: &[Value]) -> R {
    let pin = u32_arg(ctx, args, 0, "pin")?;
    hal::<H>(ctx)?.pwm_deinit(pin);
    Ok(Value::None)
}

// ---------- I2C ----------

fn i2c_open<H: MachineHost>(ctx: &mut NativeCtx<'_>, args: &[Value]) -> R {
    let id = opt_u32(ctx, args, 0, "I2C id")?;
    let scl = opt_u32(ctx, args, 1, "pin")?;
    let sda = opt_u32(ctx, args, 2, "pin")?;
    let f = u32_arg(ctx, args, 3, "frequency")?;
    let b = hal::<H>(ctx)?
        .i2c_open(id, scl, sda, f)
        .map_err(value_err)?;
    Ok(Value::Int(b as i64))
}
fn addr_arg(ctx: &mut NativeCtx<'_>, args: &[Value], i: usize) -> Result<u8, NativeError> {
    let a = ctx.arg_int(args, i)?;
    u8::try_from(a)
        .ok()
        .filter(|a| *a < 0x80)
        .ok_or_else(|| NativeError::value_error("invalid I2C address"))
}
fn i2c_write<H: MachineHost>(ctx: &mut NativeCtx<'_>, args: &[Value]) -> R {
    let bus = u32_arg(ctx, args, 0, "bus")?;
    let addr = addr_arg(ctx, args, 1)?;
    let data = bytes_arg(ctx, args, 2)?;
    let stop = ctx.arg_bool(args, 3)?;
    match hal::<H>(ctx)?.i2c_write(bus, addr, &data, stop) {
        Ok(n) => Ok(Value::Int(n as i64)),
        Err(e) => errno_or(e),
    }
}
fn i2c_read<H: MachineHost>(ctx: &mut NativeCtx<'_>, args: &[Value]) -> R {
    let bus = u32_arg(ctx, args, 0, "bus")?;
    let addr = addr_arg(ctx, args, 1)?;
    let n = ctx.arg_int(args, 2)?;
    if !(0..=65536).contains(&n) {
        return Err(NativeError::value_error("invalid read length"));
    }
    let stop = ctx.arg_bool(args, 3)?;
    let mut buf = vec![0u8; n as usize];
    match hal::<H>(ctx)?.i2c_read(bus, addr, &mut buf, stop) {
        Ok(()) => bytes_val(ctx, buf),
        Err(e) => errno_or(e),
    }
}

// ---------- SPI ----------

fn spi_open<H: MachineHost>(ctx: &mut NativeCtx<'_>, args: &[Value]) -> R {
    let id = opt_u32(ctx, args, 0, "SPI id")?;
    let sck = opt_u32(ctx, args, 1, "pin")?;
    let mosi = opt_u32(ctx, args, 2, "pin")?;
    let miso = opt_u32(ctx, args, 3, "pin")?;
    let cfg = SpiConfig {
        baudrate: u32_arg(ctx, args, 4, "baudrate")?,
        polarity: (ctx.arg_int(args, 5)? & 1) as u8,
        phase: (ctx.arg_int(args, 6)? & 1) as u8,
        bits: ctx.arg_int(args, 7)?.clamp(1, 32) as u8,
        lsb_first: ctx.arg_bool(args, 8)?,
    };
    let b = hal::<H>(ctx)?
        .spi_open(id, [sck, mosi, miso], cfg)
        .map_err(value_err)?;
    Ok(Value::Int(b as i64))
}
fn spi_transfer<H: MachineHost>(ctx: &mut NativeCtx<'_>, args: &[Value]) -> R {
    let bus = u32_arg(ctx, args, 0, "bus")?;
    let data = bytes_arg(ctx, args, 1)?;
    let mut buf = vec![0u8; data.len()];
    match hal::<H>(ctx)?.spi_transfer(bus, &data, &mut buf) {
        Ok(()) => bytes_val(ctx, buf),
        Err(e) => errno_or(e),
    }
}

// ---------- UART ----------

fn uart_open<H: MachineHost>(ctx: &mut NativeCtx<'_>, args: &[Value]) -> R {
    let id = u32_arg(ctx, args, 0, "UART id")?;
    let parity = match args.get(3) {
        None | Some(Value::None) => None,
        Some(_) => Some((ctx.arg_int(args, 3)? & 1) as u8),
    };
    let cfg = UartConfig {
        baudrate: u32_arg(ctx, args, 1, "baudrate")?,
        bits: ctx.arg_int(args, 2)?.clamp(5, 9) as u8,
        parity,
        stop: ctx.arg_int(args, 4)?.clamp(1, 2) as u8,
    };
    hal::<H>(ctx)?.uart_open(id, cfg).map_err(value_err)?;
    Ok(Value::None)
}
fn uart_write<H: MachineHost>(ctx: &mut NativeCtx<'_>, args: &[Value]) -> R {
    let id = u32_arg(ctx, args, 0, "UART id")?;
    let data = bytes_arg(ctx, args, 1)?;
    match hal::<H>(ctx)?.uart_write(id, &data) {
        Ok(n) => Ok(Value::Int(n as i64)),
        Err(e) => errno_or(e),
    }
}
fn uart_read<H: MachineHost>(ctx: &mut NativeCtx<'_>, args: &[Value]) -> R {
    let id = u32_arg(ctx, args, 0, "UART id")?;
    let n = ctx.arg_int(args, 1)?.clamp(0, 1 << 20) as usize;
    let mut buf = vec![0u8; n];
    match hal::<H>(ctx)?.uart_read(id, &mut buf) {
        Ok(got) => {
            buf.truncate(got);
            bytes_val(ctx, buf)
        }
        Err(e) => errno_or(e),
    }
}
fn uart_any<H: MachineHost>(ctx: &mut NativeCtx<'_>, args: &[Value]) -> R {
    let id = u32_arg(ctx, args, 0, "UART id")?;
    match hal::<H>(ctx)?.uart_any(id) {
        Ok(n) => Ok(Value::Int(n as i64)),
        Err(e) => errno_or(e),
    }
}

// ---------- WDT / RTC ----------

fn wdt_start<H: MachineHost>(ctx: &mut NativeCtx<'_>, args: &[Value]) -> R {
    let ms = u32_arg(ctx, args, 0, "timeout")?;
    let t = now(ctx);
    hal::<H>(ctx)?.wdt_start(ms, t).map_err(value_err)?;
    Ok(Value::None)
}
fn wdt_feed<H: MachineHost>(ctx: &mut NativeCtx<'_>, _: &[Value]) -> R {
    let t = now(ctx);
    hal::<H>(ctx)?.wdt_feed(t);
    Ok(Value::None)
}
fn rtc_get<H: MachineHost>(ctx: &mut NativeCtx<'_>, _: &[Value]) -> R {
    let t = now(ctx);
    let d = hal::<H>(ctx)?.rtc_get(t);
    let items = [
        d.year as i64,
        d.month as i64,
        d.day as i64,
        d.weekday as i64,
        d.hour as i64,
        d.minute as i64,
        d.second as i64,
        d.subseconds as i64,
    ];
    ctx.value(&NativeValue::List(
        items.iter().map(|x| NativeValue::Int(*x)).collect(),
    ))
}
fn rtc_set<H: MachineHost>(ctx: &mut NativeCtx<'_>, args: &[Value]) -> R {
    let mut f = [0i64; 8];
    for (i, slot) in f.iter_mut().enumerate() {
        *slot = ctx.arg_int(args, i)?;
    }
    let dt = DateTime {
        year: f[0].clamp(0, 9999) as u16,
        month: f[1].clamp(1, 12) as u8,
        day: f[2].clamp(1, 31) as u8,
        weekday: f[3].clamp(0, 6) as u8,
        hour: f[4].clamp(0, 23) as u8,
        minute: f[5].clamp(0, 59) as u8,
        second: f[6].clamp(0, 59) as u8,
        subseconds: f[7].clamp(0, u32::MAX as i64) as u32,
    };
    let t = now(ctx);
    hal::<H>(ctx)?.rtc_set(t, dt).map_err(value_err)?;
    Ok(Value::None)
}

/// The `_machine` module for host type `H` (register it with `Interpreter::register_module`;
/// scripts import the frozen `machine`, which imports `_machine`).
pub fn native_module<H: MachineHost>() -> NativeModule {
    NativeModule::new("_machine")
        .function("board", board::<H>)
        .function("unique_id", unique_id::<H>)
        .function("freq", freq::<H>)
        .function("reset_cause", reset_cause::<H>)
        .function("reset", reset::<H>)
        .function("deepsleep", deepsleep::<H>)
        .function("idle", idle::<H>)
        .function("pin_by_name", pin_by_name::<H>)
        .function("pin_configure", pin_configure::<H>)
        .function("pin_read", pin_read::<H>)
        .function("pin_write", pin_write::<H>)
        .function("pin_irq", pin_irq::<H>)
        .function("poll", poll::<H>)
        .function("set_irq_handler", set_irq_handler)
        .function("next_event_ms", next_event_ms::<H>)
        .function("timer_start", timer_start::<H>)
        .function("timer_stop", timer_stop::<H>)
        .function("adc_read_uv", adc_read_uv::<H>)
        .function("adc_pin", adc_pin::<H>)
        .function("adc_full_scale", adc_full_scale::<H>)
        .function("pwm_range", pwm_range::<H>)
        .function("pwm_set", pwm_set::<H>)
        .function("pwm_deinit", pwm_deinit::<H>)
        .function("i2c_open", i2c_open::<H>)
        .function("i2c_write", i2c_write::<H>)
        .function("i2c_read", i2c_read::<H>)
        .function("spi_open", spi_open::<H>)
        .function("spi_transfer", spi_transfer::<H>)
        .function("uart_open", uart_open::<H>)
        .function("uart_write", uart_write::<H>)
        .function("uart_read", uart_read::<H>)
        .function("uart_any", uart_any::<H>)
        .function("wdt_start", wdt_start::<H>)
        .function("wdt_feed", wdt_feed::<H>)
        .function("rtc_get", rtc_get::<H>)
        .function("rtc_set", rtc_set::<H>)
}
