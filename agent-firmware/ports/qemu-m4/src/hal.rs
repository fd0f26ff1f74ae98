//! The board's hardware as scripts see it through MicroPython's `machine`: pins 0 and 1 are the
//! MPS2 FPGA's user LEDs when configured as outputs (`Pin("LED")` is pin 0) and its two push
//! buttons when configured as inputs (with edge IRQs, polled); `ADC(0)` is a simulated
//! TMP36-style temperature sensor (the board has no ADC; the curve drifts between 20 and 24 °C
//! over two minutes so a sensor app has something plausible to publish); `Timer` runs on the
//! SysTick millisecond clock; `reset()` resets the chip (SYSRESETREQ); `freq()` is the 25 MHz
//! the AN386 image clocks the core at. No I2C, SPI, UART, PWM, WDT or RTC: those raise
//! MicroPython's `ValueError`.

use core::ptr::{read_volatile, write_volatile};

use pyrite::machine::SoftTimers;
use pyrite_agent_core::hal::{
    Hal, HalError, HalEvent, HalResult, PinMode, Pull, ResetCause, trigger,
};

use crate::time_driver;

/// FPGA I/O block of the AN386 image.
const FPGAIO: usize = 0x4002_8000;
const LED0: usize = FPGAIO;
const BUTTON: usize = FPGAIO + 0x08;
/// Pins 0 and 1.
const PINS: usize = 2;
/// The core clock of the AN386 image.
const CPU_HZ: u32 = 25_000_000;

/// The MPS2's LEDs, buttons, simulated sensor and software timers.
#[derive(Debug, Clone, Default)]
pub struct Mps2Hal {
    /// Per pin: configured as an output (LED) rather than an input (button).
    output: [bool; PINS],
    /// Per pin: enabled edge triggers (bits of `trigger`) and the level last seen.
    irq: [(u8, bool); PINS],
    /// Edges seen but not yet handed out.
    pending: heapless::Deque<HalEvent, 4>,
    timers: SoftTimers,
}

/// Simulated temperature in milli-degrees at `now_ms`: a 120 s triangle wave, 20 to 24 °C.
pub fn simulated_millicelsius(now_ms: u64) -> i64 {
    let phase = (now_ms % 120_000) as i64; // 0..120 s
    let ramp = if phase < 60_000 {
        phase
    } else {
        120_000 - phase
    }; // 0..60 s..0
    20_000 + ramp * 4_000 / 60_000
}

fn check(pin: u32) -> HalResult<usize> {
    let i = pin as usize;
    if i < PINS {
        Ok(i)
    } else {
        Err(HalError::Invalid("invalid pin"))
    }
}

fn leds() -> u32 {
    // SAFETY: LED0 is the FPGA's LED register on this board.
    unsafe { read_volatile(LED0 as *const u32) }
}

fn buttons() -> u32 {
    // SAFETY: BUTTON is the FPGA's read-only button register on this board.
    unsafe { read_volatile(BUTTON as *const u32) }
}

impl Mps2Hal {
    fn level(&self, i: usize) -> bool {
        let bits = if self.output[i] { leds() } else { buttons() };
        bits & (1 << i) != 0
    }

    /// Queues the enabled edges since the last look (buttons have no interrupt line wired to
    /// the NVIC in QEMU's AN386, so edges are found by polling between bytecodes).
    fn scan_edges(&mut self) {
        for i in 0..PINS {
            let (triggers, last) = self.irq[i];
            if triggers == 0 {
                continue;
            }
            let now = self.level(i);
            if now != last {
                self.irq[i].1 = now;
                let t = if now {
                    trigger::RISING
                } else {
                    trigger::FALLING
                };
                if triggers & t != 0 {
                    // A full queue drops the edge, as a missed interrupt would be.
                    let _ = self.pending.push_back(HalEvent::PinEdge {
                        pin: i as u32,
                        rising: now,
                    });
                }
            }
        }
    }
}

impl Hal for Mps2Hal {
    fn board_name(&self) -> &str {
        "Arm MPS2+ AN386 (Cortex-M4, QEMU)"
    }
    fn cpu_freq(&mut self) -> u32 {
        CPU_HZ
    }
    fn reset_cause(&mut self) -> ResetCause {
        ResetCause::PowerOn
    }
    fn reset(&mut self, soft: bool) {
        // A soft reset restarts the interpreter only (the script ends with SystemExit); a hard
        // one restarts the chip, and QEMU boots the image again, as after the agent's reboot.
        if !soft {
            cortex_m::peripheral::SCB::sys_reset();
        }
    }
    fn idle(&mut self) {
        cortex_m::asm::nop();
    }

    fn pin_by_name(&mut self, name: &str) -> Option<u32> {
        match name {
            "LED" | "LED0" | "BUTTON" | "BUTTON0" => Some(0),
            "LED1" | "BUTTON1" => Some(1),
            _ => None,
        }
    }
    fn pin_configure(&mut self, pin: u32, mode: PinMode, _pull: Pull) -> HalResult<()> {
        let i = check(pin)?;
        self.output[i] = match mode {
            PinMode::In => false,
            PinMode::Out => true,
            PinMode::OpenDrain | PinMode::Alt => {
                return Err(HalError::Unsupported("pin mode not supported"));
            }
        };
        self.irq[i].1 = self.level(i);
        Ok(())
    }
    fn pin_read(&mut self, pin: u32) -> HalResult<bool> {
        let i = check(pin)?;
        Ok(self.level(i))
    }
    fn pin_write(&mut self, pin: u32, high: bool) -> HalResult<()> {
        let i = check(pin)?;
        let bit = 1u32 << i;
        let now = leds();
        // SAFETY: LED0 is the FPGA's LED register on this board; read-modify-write of one bit.
        unsafe { write_volatile(LED0 as *mut u32, if high { now | bit } else { now & !bit }) };
        self.scan_edges();
        Ok(())
    }
    fn pin_irq(&mut self, pin: u32, triggers: u8) -> HalResult<()> {
        let i = check(pin)?;
        self.irq[i] = (triggers, self.level(i));
        Ok(())
    }

    fn poll_event(&mut self, now_ms: u64) -> Option<HalEvent> {
        self.scan_edges();
        self.pending
            .pop_front()
            .or_else(|| self.timers.poll(now_ms))
    }
    fn next_event_ms(&mut self) -> Option<u64> {
        if !self.pending.is_empty() {
            return Some(0);
        }
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

    fn adc_read_uv(&mut self, pin: u32) -> HalResult<u32> {
        if pin != 0 {
            return Err(HalError::Invalid("Pin doesn't have ADC capabilities"));
        }
        // TMP36: 500 mV at 0 °C, 10 mV per °C.
        let microvolts = 500_000 + simulated_millicelsius(time_driver::now_ms()) * 10;
        Ok(microvolts.clamp(0, 3_300_000) as u32)
    }
}
