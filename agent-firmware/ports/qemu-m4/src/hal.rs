//! The board's hardware as scripts see it (`machine`): the MPS2 FPGA's two user LEDs as output
//! pins 0 and 1, its two push buttons as input pins 0 and 1, and on ADC channel 0 a simulated
//! TMP36-style temperature sensor (the board has no ADC; the curve drifts between 20 and 24 °C
//! over two minutes so a sensor app has something plausible to publish).

use core::ptr::{read_volatile, write_volatile};

use pyrite_agent_core::hal::Hal;

use crate::time_driver;

/// FPGA I/O block of the AN386 image.
const FPGAIO: usize = 0x4002_8000;
const LED0: usize = FPGAIO;
const BUTTON: usize = FPGAIO + 0x08;

/// The MPS2's LEDs, buttons and simulated sensor.
#[derive(Debug, Clone, Copy, Default)]
pub struct Mps2Hal;

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

impl Hal for Mps2Hal {
    fn adc_read(&mut self, channel: u8, now_ms: u64) -> Option<u16> {
        if channel != 0 {
            return None;
        }
        // TMP36: 500 mV at 0 °C, 10 mV per °C; ADC full scale 3.3 V = 65535.
        let millivolts = 500 + simulated_millicelsius(now_ms.max(time_driver::now_ms())) / 100;
        Some((millivolts * 65_535 / 3_300).clamp(0, 65_535) as u16)
    }

    fn pin_write(&mut self, pin: u8, high: bool) -> bool {
        if pin > 1 {
            return false;
        }
        // SAFETY: LED0 is the FPGA's LED register on this board; read-modify-write of two bits.
        unsafe {
            let leds = read_volatile(LED0 as *const u32);
            let bit = 1u32 << pin;
            write_volatile(
                LED0 as *mut u32,
                if high { leds | bit } else { leds & !bit },
            );
        }
        true
    }

    fn pin_read(&mut self, pin: u8) -> Option<bool> {
        if pin > 1 {
            return None;
        }
        // SAFETY: BUTTON is the FPGA's read-only button register on this board.
        let buttons = unsafe { read_volatile(BUTTON as *const u32) };
        Some(buttons & (1 << pin) != 0)
    }
}
