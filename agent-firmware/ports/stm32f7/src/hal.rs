//! The NUCLEO-F767ZI's hardware as scripts see it through MicroPython's `machine`: the three
//! user LEDs (`Pin("LED")`/`"LED_GREEN"` = PB0, `"LED_BLUE"` = PB7, `"LED_RED"` = PB14), the
//! user button (`"SW"` = PC13) and the free header ports PE and PF as `Pin`s (in, out,
//! open-drain, pulls; ids are `port * 16 + pin`, PA0 = 0, and names like `"PE3"` work);
//! `unique_id()` (the chip's 96-bit id), `freq()` (the 216 MHz `main` sets up), `reset()` (a
//! system reset) and `Timer` (on the agent's millisecond clock). Other pins carry Ethernet,
//! the ST-LINK console and the oscillator, so they are refused; ADC, PWM, I2C, SPI, UART, WDT
//! and RTC are not wired up yet and raise MicroPython's `ValueError`.

use alloc::vec::Vec;
use core::cell::RefCell;

use cortex_m::interrupt::Mutex;
use embassy_stm32::gpio::{AnyPin, Flex, Pull as StmPull, Speed};
use pyrite::machine::SoftTimers;
use pyrite_agent_core::hal::{Hal, HalError, HalEvent, HalResult, PinMode, Pull};

/// Ports A..=G, 16 pins each.
const PIN_IDS: usize = 7 * 16;
const PB0: u32 = 16;
const PB7: u32 = 16 + 7;
const PB14: u32 = 16 + 14;
const PC13: u32 = 32 + 13;
/// The core clock `main` configures.
const CPU_HZ: u32 = 216_000_000;

/// The pin drivers, shared by every app's `machine` (pins belong to the board); created on
/// first use. A `Flex` disconnects its pin when dropped, so they live here for good.
static PIN_DRIVERS: Mutex<RefCell<[Option<Flex<'static>>; PIN_IDS]>> =
    Mutex::new(RefCell::new([const { None }; PIN_IDS]));

/// Pins scripts may use: the LEDs, the button, ports E and F.
fn allowed(pin: u32) -> bool {
    matches!(pin, PB0 | PB7 | PB14 | PC13) || (64..96).contains(&pin)
}

fn with_pin<R>(pin: u32, f: impl FnOnce(&mut Flex<'static>) -> R) -> HalResult<R> {
    if !allowed(pin) {
        return Err(HalError::Invalid("invalid pin"));
    }
    cortex_m::interrupt::free(|cs| {
        let mut drivers = PIN_DRIVERS.borrow(cs).borrow_mut();
        let flex = drivers[pin as usize].get_or_insert_with(|| {
            // SAFETY: the allowed pins are used by nothing else in this firmware (Ethernet,
            // the console and the oscillator use other pins), and each is stolen once, into
            // this table.
            Flex::new(unsafe { AnyPin::steal(pin as u8) })
        });
        Ok(f(flex))
    })
}

fn stm_pull(pull: Pull) -> StmPull {
    match pull {
        Pull::None => StmPull::None,
        Pull::Up => StmPull::Up,
        Pull::Down => StmPull::Down,
    }
}

/// The NUCLEO's LEDs, button, header pins, identity, clock, reset and software timers.
#[derive(Debug, Clone, Default)]
pub struct NucleoHal {
    timers: SoftTimers,
}

impl Hal for NucleoHal {
    fn board_name(&self) -> &str {
        "NUCLEO-F767ZI (STM32F767ZI)"
    }
    fn unique_id(&mut self) -> Vec<u8> {
        embassy_stm32::uid::uid().to_vec()
    }
    fn cpu_freq(&mut self) -> u32 {
        CPU_HZ
    }
    fn reset(&mut self, soft: bool) {
        // A soft reset restarts the interpreter only (the script ends with SystemExit).
        if !soft {
            cortex_m::peripheral::SCB::sys_reset();
        }
    }

    fn pin_by_name(&mut self, name: &str) -> Option<u32> {
        match name {
            "LED" | "LED_GREEN" | "LED1" => Some(PB0),
            "LED_BLUE" | "LED2" => Some(PB7),
            "LED_RED" | "LED3" => Some(PB14),
            "SW" | "USER" => Some(PC13),
            _ => {
                // "PE3": port letter A..=G and pin 0..=15.
                let rest = name.strip_prefix('P')?;
                let mut chars = rest.chars();
                let port = chars.next()?;
                let n: u32 = chars.as_str().parse().ok()?;
                let port = (port as u32).checked_sub('A' as u32).filter(|p| *p < 7)?;
                (n < 16).then_some(port * 16 + n)
            }
        }
    }
    fn pin_configure(&mut self, pin: u32, mode: PinMode, pull: Pull) -> HalResult<()> {
        if mode == PinMode::Alt {
            return Err(HalError::Unsupported("pin mode not supported"));
        }
        with_pin(pin, |f| match mode {
            PinMode::Out => f.set_as_output(Speed::Low),
            PinMode::OpenDrain => f.set_as_input_output_pull(Speed::Low, stm_pull(pull)),
            _ => f.set_as_input(stm_pull(pull)),
        })
    }
    fn pin_read(&mut self, pin: u32) -> HalResult<bool> {
        with_pin(pin, |f| f.is_high())
    }
    fn pin_write(&mut self, pin: u32, high: bool) -> HalResult<()> {
        with_pin(pin, |f| if high { f.set_high() } else { f.set_low() })
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
