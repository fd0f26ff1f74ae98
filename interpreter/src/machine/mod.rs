//! `machine`: MicroPython's hardware API over one HAL trait that every port implements.
//!
//! Two layers:
//! - [`Hal`] (this file): the board, as plain Rust calls on numbered resources (pins, buses,
//!   timers). `no_std`, no Python types, no allocation in the hot calls. A port (the Linux
//!   simulator [`crate::sim_board::SimBoard`], the agent's firmware HALs) implements it; every
//!   method has a default that fails with [`HalError::Unsupported`], so a port implements only
//!   what its chip has.
//! - The native module `machine` ([`native_module`]): MicroPython's classes (`Pin`, `Signal`,
//!   `ADC`, `PWM`, `I2C`/`SoftI2C`, `SPI`/`SoftSPI`, `UART`, `Timer`, `WDT`, `RTC`) and
//!   functions, with MicroPython's argument checking and exceptions (a bad argument is a
//!   `ValueError`, a bus failure `OSError(errno)`), written in Rust (`module.rs`, `class.rs`,
//!   `pins.rs`, `buses.rs`, `timers.rs`) so that a 64 KiB device heap can import it: classes,
//!   functions and class attributes are made on first use from static tables, and an
//!   instance is one arena slot whose state is packed into an int (see `class.rs`). It reaches
//!   the board through the embedder's host ([`MachineHost`]).
//!
//! # Wiring a port
//! ```
//! use pyrite::machine::{Hal, MachineHost, native_module};
//! use pyrite::sim_board::SimBoard;
//! use pyrite::{Config, Host, Interpreter};
//!
//! struct MyHost { board: SimBoard }
//! impl Host for MyHost {
//!     fn write_out(&mut self, _t: &str) {}
//!     fn write_err(&mut self, _t: &str) {}
//!     fn now_ms(&mut self) -> u64 { 0 }
//!     fn read_file(&mut self, _p: &str) -> Option<Vec<u8>> { None }
//!     fn poll_irq(&mut self) -> Option<(u32, i64)> {
//!         pyrite::machine::poll_irq(&mut self.board, 0)
//!     }
//!     fn as_any(&mut self) -> &mut dyn core::any::Any { self }
//! }
//! impl MachineHost for MyHost {
//!     fn hal(&mut self) -> &mut dyn Hal { &mut self.board }
//! }
//! let mut it = Interpreter::new(Config::default(), Box::new(MyHost { board: SimBoard::new() }));
//! it.register_module(native_module::<MyHost>());
//! // scripts can now `import machine`
//! ```
//!
//! # Events
//! Pin edges and timer expiries are *events*: the HAL queues them (from its interrupt handlers
//! or, in the simulator, when a level changes or a deadline passes) and hands them out from
//! [`Hal::poll_event`]. The host's `Host::poll_irq` returns [`poll_irq`]`(hal, now)`; once a
//! script has registered a `Pin.irq` or `Timer` handler, `machine` has a handler in the VM's IRQ
//! slot [`IRQ_SLOT`], and the VM runs the script's handler for each event as a scheduled soft
//! interrupt (between bytecodes, also while the script sleeps, never inside another handler).
//! [`Hal::next_event_ms`] tells a sleeping embedder when to wake up. Hosts without `poll_irq`
//! still get the handlers run from `machine.idle()`, `lightsleep()` and the asyncio loop.

mod buses;
mod class;
mod module;
mod pins;
mod timers;

pub(crate) use class::materialize_name;
pub use module::{HalOf, MachineHost, native_module};
pub(crate) use module::{is_native, module_attr, module_names};

/// The IRQ slot (`Vm::set_irq_handler`) where `machine` registers its event handler.
pub const IRQ_SLOT: u32 = 16;

/// `Host::poll_irq` for a port with a [`Hal`]: takes the next pending event and encodes it for
/// `machine`'s handler (`(IRQ_SLOT, pin * 2 + rising)` for a pin edge, `(IRQ_SLOT, -1 - id)`
/// for a timer). A port's host implements `poll_irq` as `pyrite::machine::poll_irq(hal, now)`,
/// so handlers run between bytecodes and while the script sleeps.
pub fn poll_irq(hal: &mut dyn Hal, now_ms: u64) -> Option<(u32, i64)> {
    match hal.poll_event(now_ms)? {
        HalEvent::PinEdge { pin, rising } => Some((IRQ_SLOT, pin as i64 * 2 + rising as i64)),
        HalEvent::Timer { id } => Some((IRQ_SLOT, -1 - id as i64)),
    }
}

use alloc::vec::Vec;

/// Timers on the host's millisecond clock, for a port's [`Hal::timer_start`] /
/// [`Hal::timer_stop`] / [`Hal::poll_event`] / [`Hal::next_event_ms`] when its timers need no
/// hardware: `machine.Timer` handlers run between bytecodes anyway, so a millisecond clock is
/// all they need. A periodic timer that fell behind (the script was busy) skips the missed
/// periods, as hardware timers do.
#[derive(Debug, Clone, Default)]
pub struct SoftTimers {
    timers: Vec<SoftTimer>,
}

#[derive(Debug, Clone)]
struct SoftTimer {
    id: u32,
    next: u64,
    period: u64,
    periodic: bool,
}

impl SoftTimers {
    /// No timers.
    pub const fn new() -> SoftTimers {
        SoftTimers { timers: Vec::new() }
    }

    /// Starts (or restarts) timer `id`: due `period_ms` after `now_ms`, then every `period_ms`
    /// if `periodic`.
    pub fn start(&mut self, id: u32, now_ms: u64, period_ms: u64, periodic: bool) {
        self.stop(id);
        self.timers.push(SoftTimer {
            id,
            next: now_ms.saturating_add(period_ms),
            period: period_ms.max(1),
            periodic,
        });
    }

    /// Stops timer `id` (no-op when it is not running).
    pub fn stop(&mut self, id: u32) {
        self.timers.retain(|t| t.id != id);
    }

    /// The earliest timer due at `now_ms` (ties: lowest id), rescheduled or removed.
    pub fn poll(&mut self, now_ms: u64) -> Option<HalEvent> {
        let due = self
            .timers
            .iter()
            .enumerate()
            .filter(|(_, t)| t.next <= now_ms)
            .min_by_key(|(_, t)| (t.next, t.id))
            .map(|(i, _)| i)?;
        let t = &mut self.timers[due];
        let id = t.id;
        if t.periodic {
            t.next = t.next.saturating_add(t.period);
            if t.next <= now_ms {
                let behind = (now_ms - t.next) / t.period + 1;
                t.next = t.next.saturating_add(behind.saturating_mul(t.period));
            }
        } else {
            self.timers.remove(due);
        }
        Some(HalEvent::Timer { id })
    }

    /// When the next timer is due.
    pub fn next_due(&self) -> Option<u64> {
        self.timers.iter().map(|t| t.next).min()
    }
}

/// What went wrong in a HAL call; `machine` raises the matching MicroPython exception.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HalError {
    /// No device answered (I2C address NACK): `OSError(ENODEV)` (errno 19).
    NoDevice,
    /// The transfer failed midway (data NACK, bus error): `OSError(EIO)` (errno 5).
    Io,
    /// The peripheral did not finish in time: `OSError(ETIMEDOUT)` (errno 110).
    Timeout,
    /// A bad argument for this board (no such pin, bus or channel; frequency out of range):
    /// `ValueError` with this message.
    Invalid(&'static str),
    /// The board does not have this feature: `ValueError` with this message.
    Unsupported(&'static str),
}

impl HalError {
    /// The errno of the `OSError` kinds, `None` for the `ValueError` kinds.
    pub fn errno(self) -> Option<i32> {
        match self {
            HalError::NoDevice => Some(19),
            HalError::Io => Some(5),
            HalError::Timeout => Some(110),
            HalError::Invalid(_) | HalError::Unsupported(_) => None,
        }
    }
}

/// Result of a HAL call.
pub type HalResult<T> = Result<T, HalError>;

/// Pin direction / driver, as `machine.Pin.IN` etc.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinMode {
    /// Input (`Pin.IN`, 0).
    In,
    /// Push-pull output (`Pin.OUT`, 1).
    Out,
    /// Open-drain output (`Pin.OPEN_DRAIN`, 2): drives low, floats (reads the pull) when 1.
    OpenDrain,
    /// Alternate function (`Pin.ALT`, 3): the pin belongs to a peripheral (PWM, UART).
    Alt,
}

/// Pull resistor (`Pin.PULL_UP` = 1, `Pin.PULL_DOWN` = 2, none = 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pull {
    /// No pull.
    None,
    /// Pull-up.
    Up,
    /// Pull-down.
    Down,
}

/// Edge triggers for [`Hal::pin_irq`] (bit values as `Pin.IRQ_FALLING` / `Pin.IRQ_RISING`).
pub mod trigger {
    /// Falling edge.
    pub const FALLING: u8 = 1;
    /// Rising edge.
    pub const RISING: u8 = 2;
}

/// An event for `machine`'s handlers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HalEvent {
    /// An enabled edge on `pin` (`rising`: the new level is high).
    PinEdge {
        /// The pin id.
        pin: u32,
        /// True for a rising edge.
        rising: bool,
    },
    /// Timer `id` expired (periodic timers keep running).
    Timer {
        /// The timer id given to [`Hal::timer_start`].
        id: u32,
    },
}

/// Why the board last started (`machine.reset_cause()`; MicroPython's constants).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResetCause {
    /// Power on (`machine.PWRON_RESET`, 1).
    PowerOn = 1,
    /// Reset pin (`machine.HARD_RESET`, 2).
    Hard = 2,
    /// Watchdog (`machine.WDT_RESET`, 3).
    Watchdog = 3,
    /// Woke from deep sleep (`machine.DEEPSLEEP_RESET`, 4).
    DeepSleep = 4,
    /// `machine.reset()` / soft reset (`machine.SOFT_RESET`, 5).
    Soft = 5,
}

/// SPI bus settings (`SPI.init` arguments).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpiConfig {
    /// Clock rate in Hz.
    pub baudrate: u32,
    /// Clock idle level (0 or 1).
    pub polarity: u8,
    /// Sample on the first (0) or second (1) edge.
    pub phase: u8,
    /// Bits per word (8 on most boards).
    pub bits: u8,
    /// True for LSB first.
    pub lsb_first: bool,
}

/// UART settings (`UART.init` arguments).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UartConfig {
    /// Bits per second.
    pub baudrate: u32,
    /// Data bits (5..=9).
    pub bits: u8,
    /// None, or Some(0) even / Some(1) odd.
    pub parity: Option<u8>,
    /// Stop bits (1 or 2).
    pub stop: u8,
}

/// Calendar time of the RTC, in `RTC.datetime()`'s order: year, month, day, weekday,
/// hour, minute, second, subseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DateTime {
    /// Year, e.g. 2026.
    pub year: u16,
    /// 1..=12.
    pub month: u8,
    /// 1..=31.
    pub day: u8,
    /// 0 = Monday.
    pub weekday: u8,
    /// 0..=23.
    pub hour: u8,
    /// 0..=59.
    pub minute: u8,
    /// 0..=59.
    pub second: u8,
    /// Sub-seconds (port-specific unit; the simulator uses microseconds).
    pub subseconds: u32,
}

/// A board: what `machine` needs from a port. Resource ids are the numbers scripts pass
/// (`Pin(25)`, `I2C(0)`); named pins (`Pin("LED")`) go through [`Hal::pin_by_name`].
///
/// Calls happen on the interpreter's thread, between bytecodes; none may block for long
/// (I2C/SPI transfers of a few bytes are fine).
pub trait Hal {
    // ---------- board ----------
    /// Board name for `os.uname().machine` / `sys.implementation._machine`.
    fn board_name(&self) -> &str {
        "generic board"
    }
    /// `machine.unique_id()`.
    fn unique_id(&mut self) -> Vec<u8> {
        Vec::new()
    }
    /// CPU clock in Hz (`machine.freq()`).
    fn cpu_freq(&mut self) -> u32 {
        0
    }
    /// Sets the CPU clock (`machine.freq(hz)`).
    fn set_cpu_freq(&mut self, _hz: u32) -> HalResult<()> {
        Err(HalError::Unsupported("cannot change the CPU frequency"))
    }
    /// `machine.reset_cause()`.
    fn reset_cause(&mut self) -> ResetCause {
        ResetCause::PowerOn
    }
    /// `machine.reset()` / `soft_reset()` was called: the port arranges the restart; the
    /// interpreter then ends the script with `SystemExit`.
    fn reset(&mut self, _soft: bool) {}
    /// `machine.deepsleep(ms)`: the port powers down (and restarts with
    /// `ResetCause::DeepSleep`); the script ends with `SystemExit` as after `reset`.
    fn deepsleep(&mut self, _ms: Option<u64>) {}
    /// `machine.idle()`: wait for an interrupt (return at once when unsure).
    fn idle(&mut self) {}

    // ---------- pins ----------
    /// A named pin (`Pin("LED")`), if the board has it.
    fn pin_by_name(&mut self, _name: &str) -> Option<u32> {
        None
    }
    /// Configures `pin` (also validates it: `Invalid("invalid pin")` if it does not exist).
    fn pin_configure(&mut self, _pin: u32, _mode: PinMode, _pull: Pull) -> HalResult<()> {
        Err(HalError::Unsupported("pins not supported"))
    }
    /// Reads the level at the pin (for an output: the level driven).
    fn pin_read(&mut self, _pin: u32) -> HalResult<bool> {
        Err(HalError::Unsupported("pins not supported"))
    }
    /// Sets the output latch (takes effect on the pad when the pin is an output).
    fn pin_write(&mut self, _pin: u32, _high: bool) -> HalResult<()> {
        Err(HalError::Unsupported("pins not supported"))
    }
    /// Enables edge events on `pin` for `triggers` (bits of [`trigger`]; 0 disables).
    fn pin_irq(&mut self, _pin: u32, _triggers: u8) -> HalResult<()> {
        Err(HalError::Unsupported("pin interrupts not supported"))
    }

    // ---------- events ----------
    /// The next pending event at `now_ms` (host monotonic clock), if any.
    fn poll_event(&mut self, _now_ms: u64) -> Option<HalEvent> {
        None
    }
    /// When the next timer event is due (for an embedder deciding how long to sleep).
    fn next_event_ms(&mut self) -> Option<u64> {
        None
    }
    /// Starts timer `id`: an event every `period_ms` from `now_ms` (once if not `periodic`).
    fn timer_start(
        &mut self,
        _id: u32,
        _now_ms: u64,
        _period_ms: u64,
        _periodic: bool,
    ) -> HalResult<()> {
        Err(HalError::Unsupported("timers not supported"))
    }
    /// Stops timer `id` (no-op when not running).
    fn timer_stop(&mut self, _id: u32) {}

    // ---------- ADC ----------
    /// Samples the analog input on `pin` in microvolts (validates the pin).
    fn adc_read_uv(&mut self, _pin: u32) -> HalResult<u32> {
        Err(HalError::Unsupported("ADC not supported"))
    }
    /// The pin behind `machine.ADC(n)` for an integer `n`: boards number their ADC channels
    /// apart from their pins (the RP2040's channel 0 is GPIO26). Default: `n` is the pin.
    fn adc_channel_pin(&mut self, channel: u32) -> u32 {
        channel
    }
    /// Full-scale voltage in microvolts (read_u16 = uv * 65535 / this).
    fn adc_full_scale_uv(&self) -> u32 {
        3_300_000
    }

    // ---------- PWM ----------
    /// The accepted PWM frequency range in Hz.
    fn pwm_freq_range(&self) -> (u32, u32) {
        (1, 1_000_000)
    }
    /// Starts or updates PWM on `pin` (validates the pin).
    fn pwm_set(&mut self, _pin: u32, _freq_hz: u32, _duty_u16: u16) -> HalResult<()> {
        Err(HalError::Unsupported("PWM not supported"))
    }
    /// Stops PWM on `pin`.
    fn pwm_deinit(&mut self, _pin: u32) {}

    // ---------- I2C ----------
    /// Opens hardware bus `id` (`Some`) or a software bus on `scl`/`sda` pins (`id` `None`,
    /// SoftI2C) at `freq` Hz; returns the bus handle the other I2C calls take.
    fn i2c_open(
        &mut self,
        _id: Option<u32>,
        _scl: Option<u32>,
        _sda: Option<u32>,
        _freq: u32,
    ) -> HalResult<u32> {
        Err(HalError::Unsupported("I2C not supported"))
    }
    /// Writes `data` to `addr` (7-bit). A NACK of the address is `NoDevice`; returns the number
    /// of data bytes acknowledged (a data NACK ends the write early). `stop`: send STOP after.
    fn i2c_write(&mut self, _bus: u32, _addr: u8, _data: &[u8], _stop: bool) -> HalResult<usize> {
        Err(HalError::Unsupported("I2C not supported"))
    }
    /// Reads `buf.len()` bytes from `addr`; a NACK of the address is `NoDevice`.
    fn i2c_read(&mut self, _bus: u32, _addr: u8, _buf: &mut [u8], _stop: bool) -> HalResult<()> {
        Err(HalError::Unsupported("I2C not supported"))
    }

    // ---------- SPI ----------
    /// Opens hardware bus `id` or a software bus on `sck`/`mosi`/`miso` (SoftSPI); returns a
    /// handle.
    fn spi_open(
        &mut self,
        _id: Option<u32>,
        _pins: [Option<u32>; 3],
        _cfg: SpiConfig,
    ) -> HalResult<u32> {
        Err(HalError::Unsupported("SPI not supported"))
    }
    /// Full duplex: clocks out `write` and fills `read` (same length).
    fn spi_transfer(&mut self, _bus: u32, _write: &[u8], _read: &mut [u8]) -> HalResult<()> {
        Err(HalError::Unsupported("SPI not supported"))
    }

    // ---------- UART ----------
    /// Opens UART `id` (validates it).
    fn uart_open(&mut self, _id: u32, _cfg: UartConfig) -> HalResult<()> {
        Err(HalError::Unsupported("UART not supported"))
    }
    /// Queues `data` for sending; returns the bytes accepted.
    fn uart_write(&mut self, _id: u32, _data: &[u8]) -> HalResult<usize> {
        Err(HalError::Unsupported("UART not supported"))
    }
    /// Moves received bytes into `buf` (never waits); returns how many.
    fn uart_read(&mut self, _id: u32, _buf: &mut [u8]) -> HalResult<usize> {
        Err(HalError::Unsupported("UART not supported"))
    }
    /// Bytes waiting to be read.
    fn uart_any(&mut self, _id: u32) -> HalResult<usize> {
        Err(HalError::Unsupported("UART not supported"))
    }

    // ---------- WDT / RTC ----------
    /// Starts the watchdog (cannot be stopped, as on MicroPython).
    fn wdt_start(&mut self, _timeout_ms: u32, _now_ms: u64) -> HalResult<()> {
        Err(HalError::Unsupported("WDT not supported"))
    }
    /// Feeds the watchdog.
    fn wdt_feed(&mut self, _now_ms: u64) {}
    /// The RTC's time.
    fn rtc_get(&mut self, _now_ms: u64) -> DateTime {
        DateTime {
            year: 2000,
            month: 1,
            day: 1,
            ..DateTime::default()
        }
    }
    /// Sets the RTC.
    fn rtc_set(&mut self, _now_ms: u64, _dt: DateTime) -> HalResult<()> {
        Err(HalError::Unsupported("RTC not supported"))
    }
}
