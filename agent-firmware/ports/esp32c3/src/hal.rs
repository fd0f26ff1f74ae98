//! The ESP32-C3's hardware as scripts see it through MicroPython's `machine`: GPIO 0–10 as
//! `Pin`s (in, out, open-drain, pull-up/down; GPIO 11–21 carry the SPI flash, USB and the
//! console, so they are refused), `unique_id()` (the factory MAC in eFuse), `freq()` (the
//! 160 MHz the port clocks the core at), `reset()` (a software reset of the chip) and `Timer`
//! (on the agent's millisecond clock). ADC, PWM, I2C, SPI, UART, WDT and RTC are not wired up
//! yet: they raise MicroPython's `ValueError`.

use core::cell::RefCell;

use critical_section::Mutex;
use esp_hal::gpio::{AnyPin, DriveMode, Flex, InputConfig, Level, OutputConfig, Pull as EspPull};
use pyrite::machine::SoftTimers;
use pyrite_agent_core::hal::{Hal, HalError, HalEvent, HalResult, PinMode, Pull};

/// GPIOs scripts may use (0..=10).
const PINS: usize = 11;
/// The core clock (`CpuClock::max()` in `main`).
const CPU_HZ: u32 = 160_000_000;

/// The pin drivers, shared by every app's `machine` (pins belong to the board, not to one
/// run of an app); created on first use, so a pin no script touched keeps its reset state.
static PIN_DRIVERS: Mutex<RefCell<[Option<Flex<'static>>; PINS]>> =
    Mutex::new(RefCell::new([const { None }; PINS]));

/// The ESP32-C3's GPIOs, identity, clock, reset and software timers.
#[derive(Debug, Clone, Default)]
pub struct Esp32c3Hal {
    timers: SoftTimers,
}

fn with_pin<R>(pin: u32, f: impl FnOnce(&mut Flex<'static>) -> R) -> HalResult<R> {
    let i = pin as usize;
    if i >= PINS {
        return Err(HalError::Invalid("invalid pin"));
    }
    critical_section::with(|cs| {
        let mut drivers = PIN_DRIVERS.borrow_ref_mut(cs);
        let slot = &mut drivers[i];
        let flex = slot.get_or_insert_with(|| {
            // SAFETY: GPIO 0..=10 are used by nothing else in this firmware (Wi-Fi, flash,
            // USB and the console use none of them), and each is stolen once, into this table.
            Flex::new(unsafe { AnyPin::steal(i as u8) })
        });
        Ok(f(flex))
    })
}

fn esp_pull(pull: Pull) -> EspPull {
    match pull {
        Pull::None => EspPull::None,
        Pull::Up => EspPull::Up,
        Pull::Down => EspPull::Down,
    }
}

impl Hal for Esp32c3Hal {
    fn board_name(&self) -> &str {
        "ESP32-C3"
    }
    fn unique_id(&mut self) -> alloc::vec::Vec<u8> {
        esp_hal::efuse::base_mac_address().as_bytes().to_vec()
    }
    fn cpu_freq(&mut self) -> u32 {
        CPU_HZ
    }
    fn reset(&mut self, soft: bool) {
        // A soft reset restarts the interpreter only (the script ends with SystemExit).
        if !soft {
            esp_hal::system::software_reset();
        }
    }

    fn pin_configure(&mut self, pin: u32, mode: PinMode, pull: Pull) -> HalResult<()> {
        let p = esp_pull(pull);
        let drive = match mode {
            PinMode::In => None,
            PinMode::Out => Some(DriveMode::PushPull),
            PinMode::OpenDrain => Some(DriveMode::OpenDrain),
            PinMode::Alt => return Err(HalError::Unsupported("pin mode not supported")),
        };
        with_pin(pin, |f| {
            f.apply_input_config(&InputConfig::default().with_pull(p));
            f.set_input_enable(true);
            match drive {
                Some(d) => {
                    f.apply_output_config(&OutputConfig::default().with_drive_mode(d).with_pull(p));
                    f.set_output_enable(true);
                }
                None => f.set_output_enable(false),
            }
        })
    }
    fn pin_read(&mut self, pin: u32) -> HalResult<bool> {
        with_pin(pin, |f| f.is_high())
    }
    fn pin_write(&mut self, pin: u32, high: bool) -> HalResult<()> {
        with_pin(pin, |f| {
            f.set_level(if high { Level::High } else { Level::Low })
        })
    }

    fn poll_event(&mut self, now_ms: u64) -> Option<HalEvent> {
        self.timers.poll(now_ms)
    }
    fn next_event_ms(&mut self) -> Option<u64> {
        self.timers.next_due()
    }
    fn timer_start(
        &mut self,
        id: u32,
        now_ms: u64,
        period_ms: u64,
        periodic: bool,
    ) -> HalResult<()> {
        self.timers.start(id, now_ms, period_ms, periodic);
        Ok(())
    }
    fn timer_stop(&mut self, id: u32) {
        self.timers.stop(id);
    }
}
