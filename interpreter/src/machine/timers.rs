//! `machine.Timer`, `WDT` and `RTC`.

use super::class::{
    Attr, ClassDef, Field, Kind, hal_call, int_of, now_ms, number, opt, parse, plain_repr,
    set_state, small_int, this, u32_arg, update_state, with_hal,
};
use super::{DateTime, module};
use crate::builtins::Kw;
use crate::exceptions::kind;
use crate::object::Obj;
use crate::value::Value;
use crate::vm::{Exc, Vm};
use alloc::boxed::Box;
use alloc::format;

type R = Result<Value, Exc>;

// ---------- Timer ----------

/// The HAL timer id (`Timer(-1)` gets a fresh one from 1001 up).
pub(super) const TIMER_ID: Field = Field::new(0, 32);
/// `Timer.ONE_SHOT` (0) or `Timer.PERIODIC` (1).
pub(super) const TIMER_MODE: Field = Field::new(32, 1);

const ONE_SHOT: i64 = 0;
const PERIODIC: i64 = 1;

pub(super) const TIMER: ClassDef = ClassDef {
    name: "Timer",
    key: "machine.Timer",
    base: None,
    attrs: &[
        ("__init__", Attr::Method(timer_new)),
        ("init", Attr::Method(timer_init)),
        ("deinit", Attr::Method(timer_deinit)),
        ("__repr__", Attr::Method(timer_repr)),
        ("ONE_SHOT", Attr::Const(ONE_SHOT)),
        ("PERIODIC", Attr::Const(PERIODIC)),
    ],
};

const INIT_PARAMS: [&str; 5] = ["mode", "period", "freq", "tick_hz", "callback"];

/// `Timer(id=-1, *, mode=PERIODIC, period=-1, freq=-1, tick_hz=1000, callback=None)`: with
/// keyword arguments it starts at once (`init`).
fn timer_new(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let this_v = a.first().copied().unwrap_or(Value::None);
    let [id, rest @ ..] = parse(
        vm,
        "Timer",
        a.get(1..).unwrap_or(&[]),
        kw,
        ["id", "mode", "period", "freq", "tick_hz", "callback"],
        1,
        0,
    )?;
    let id = if id.is_null() || small_int(id) == Some(-1) {
        module::virtual_timer_id(vm)?
    } else {
        u32_arg(vm, id, "timer id")?
    };
    let s = TIMER_MODE.set(TIMER_ID.set(0, id as u64), PERIODIC as u64);
    set_state(vm, this_v, Kind::Timer, s)?;
    if rest.iter().any(|v| !v.is_null()) {
        start(vm, this_v, s, rest)?;
    }
    Ok(Value::None)
}

/// `Timer.init(*, mode=PERIODIC, period=-1, freq=-1, tick_hz=1000, callback=None)`: `period`
/// in ticks of `tick_hz` (milliseconds by default), or `freq` in Hz; the callback runs with
/// the timer as argument, as a scheduled soft interrupt.
fn timer_init(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (this_v, s) = this(vm, a, Kind::Timer, "init")?;
    let p = parse(vm, "init", &a[1..], kw, INIT_PARAMS, 0, 0)?;
    start(vm, this_v, s, p)?;
    Ok(Value::None)
}

fn start(vm: &mut Vm, this_v: Value, s: u64, p: [Value; 5]) -> Result<(), Exc> {
    let [mode, period, freq, tick_hz, callback] = p;
    let mode = if mode.is_null() {
        PERIODIC
    } else {
        match small_int(mode) {
            Some(m @ (ONE_SHOT | PERIODIC)) => m,
            _ => return Err(vm.value_error("invalid mode")),
        }
    };
    let freq = match opt(freq) {
        Some(f) => number(vm, f)?,
        None => -1.0,
    };
    let period = match opt(period) {
        Some(p) => number(vm, p)?,
        None => -1.0,
    };
    let period_ms = if freq > 0.0 {
        1000.0 / freq
    } else if period > 0.0 {
        let tick_hz = match opt(tick_hz) {
            Some(t) => number(vm, t)?,
            None => 1000.0,
        };
        if tick_hz == 0.0 {
            return Err(vm.exc_msg(kind::ZERO_DIVISION, "division by zero"));
        }
        period * 1000.0 / tick_hz
    } else {
        return Err(vm.value_error("period must be positive"));
    };
    // Whole milliseconds, at least one (the timers run on the millisecond clock).
    let period_ms = if period_ms >= 1.0 {
        period_ms.min(u64::MAX as f64) as u64
    } else {
        1
    };
    let callback = opt(callback).unwrap_or(Value::None);
    let id = TIMER_ID.get(s) as u32;
    let now = now_ms(vm);
    hal_call(vm, |h| h.timer_start(id, now, period_ms, mode == PERIODIC))?;
    update_state(vm, this_v, Kind::Timer, TIMER_MODE.set(s, mode as u64));
    module::set_timer_entry(vm, id, callback, this_v)
}

/// `Timer.deinit()`: stops it (its callback is dropped).
fn timer_deinit(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (_, s) = this(vm, a, Kind::Timer, "deinit")?;
    parse(vm, "deinit", &a[1..], kw, [], 0, 0)?;
    let id = TIMER_ID.get(s) as u32;
    with_hal(vm, |h| h.timer_stop(id))?;
    module::remove_timer_entry(vm, id)?;
    Ok(Value::None)
}

fn timer_repr(vm: &mut Vm, a: &[Value], _: Kw) -> R {
    let (_, s) = this(vm, a, Kind::Timer, "__repr__")?;
    let mode = if TIMER_MODE.get(s) == 1 {
        "PERIODIC"
    } else {
        "ONE_SHOT"
    };
    vm.new_string(format!("Timer({}, mode={})", TIMER_ID.get(s), mode))
}

// ---------- WDT ----------

pub(super) const WDT: ClassDef = ClassDef {
    name: "WDT",
    key: "machine.WDT",
    base: None,
    attrs: &[
        ("__init__", Attr::Method(wdt_new)),
        ("feed", Attr::Method(wdt_feed)),
        ("__repr__", Attr::Method(wdt_repr)),
    ],
};

/// `WDT(id=0, timeout=5000)`: once started it cannot be stopped; `feed()` it in time.
fn wdt_new(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let this_v = a.first().copied().unwrap_or(Value::None);
    let [_id, timeout] = parse(
        vm,
        "WDT",
        a.get(1..).unwrap_or(&[]),
        kw,
        ["id", "timeout"],
        2,
        0,
    )?;
    let ms = match opt(timeout) {
        Some(t) => {
            let t = int_of(vm, t)?;
            u32::try_from(t).map_err(|_| vm.value_error("invalid timeout"))?
        }
        None => 5000,
    };
    let now = now_ms(vm);
    hal_call(vm, |h| h.wdt_start(ms, now))?;
    set_state(vm, this_v, Kind::Wdt, 0)?;
    Ok(Value::None)
}

fn wdt_feed(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    this(vm, a, Kind::Wdt, "feed")?;
    parse(vm, "feed", &a[1..], kw, [], 0, 0)?;
    let now = now_ms(vm);
    with_hal(vm, |h| h.wdt_feed(now))?;
    Ok(Value::None)
}

fn wdt_repr(vm: &mut Vm, a: &[Value], _: Kw) -> R {
    let (v, _) = this(vm, a, Kind::Wdt, "__repr__")?;
    plain_repr(vm, v)
}

// ---------- RTC ----------

pub(super) const RTC: ClassDef = ClassDef {
    name: "RTC",
    key: "machine.RTC",
    base: None,
    attrs: &[
        ("__init__", Attr::Method(rtc_new)),
        ("init", Attr::Method(rtc_init)),
        ("datetime", Attr::Method(rtc_datetime)),
        ("now", Attr::Method(rtc_now)),
        ("__repr__", Attr::Method(rtc_repr)),
    ],
};

/// `RTC(id=0, datetime=None)`.
fn rtc_new(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let this_v = a.first().copied().unwrap_or(Value::None);
    let [_id, dt] = parse(
        vm,
        "RTC",
        a.get(1..).unwrap_or(&[]),
        kw,
        ["id", "datetime"],
        2,
        0,
    )?;
    set_state(vm, this_v, Kind::Rtc, 0)?;
    if let Some(dt) = opt(dt) {
        set_datetime(vm, dt)?;
    }
    Ok(Value::None)
}

/// `RTC.init(datetime)`.
fn rtc_init(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    this(vm, a, Kind::Rtc, "init")?;
    let [dt] = parse(vm, "init", &a[1..], kw, ["datetime"], 1, 1)?;
    set_datetime(vm, dt)?;
    Ok(Value::None)
}

/// The RTC's time as `datetime()` returns it.
fn fields(vm: &mut Vm) -> Result<[i64; 8], Exc> {
    let now = now_ms(vm);
    let d = with_hal(vm, |h| h.rtc_get(now))?;
    Ok([
        d.year as i64,
        d.month as i64,
        d.day as i64,
        d.weekday as i64,
        d.hour as i64,
        d.minute as i64,
        d.second as i64,
        d.subseconds as i64,
    ])
}

fn int_tuple(vm: &mut Vm, items: &[i64]) -> R {
    let items: Box<[Value]> = items.iter().map(|i| Value::Int(*i)).collect();
    vm.alloc(Obj::Tuple(items))
}

/// Sets the RTC from `(year, month, day[, weekday[, hours[, minutes[, seconds[,
/// subseconds]]]]])`.
fn set_datetime(vm: &mut Vm, dt: Value) -> Result<(), Exc> {
    let items = vm.seq_items(dt)?;
    if items.len() > 8 {
        return Err(vm.value_error("datetime needs up to 8 fields"));
    }
    let mut f = [0i64; 8];
    for (slot, v) in f.iter_mut().zip(items) {
        *slot = vm.as_index(v)?;
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
    let now = now_ms(vm);
    hal_call(vm, |h| h.rtc_set(now, dt))
}

/// `RTC.datetime([datetimetuple])`: `(year, month, day, weekday, hours, minutes, seconds,
/// subseconds)`.
fn rtc_datetime(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    this(vm, a, Kind::Rtc, "datetime")?;
    let [dt] = parse(vm, "datetime", &a[1..], kw, ["datetimetuple"], 1, 0)?;
    match opt(dt) {
        None => {
            let f = fields(vm)?;
            int_tuple(vm, &f)
        }
        Some(dt) => {
            set_datetime(vm, dt)?;
            Ok(Value::None)
        }
    }
}

/// `RTC.now()`: `(year, month, day, hours, minutes, seconds, subseconds, tzinfo)`.
fn rtc_now(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    this(vm, a, Kind::Rtc, "now")?;
    parse(vm, "now", &a[1..], kw, [], 0, 0)?;
    let d = fields(vm)?;
    int_tuple(vm, &[d[0], d[1], d[2], d[4], d[5], d[6], d[7], 0])
}

fn rtc_repr(vm: &mut Vm, a: &[Value], _: Kw) -> R {
    let (v, _) = this(vm, a, Kind::Rtc, "__repr__")?;
    plain_repr(vm, v)
}
