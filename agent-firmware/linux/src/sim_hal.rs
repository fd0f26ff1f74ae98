//! A simulated device's hardware: 16 pins that remember what was written
//! (inputs read a slow square wave), and ADC channels that follow a
//! plausible sensor curve with noise.

use std::collections::HashMap;

use pyrite_agent_core::hal::Hal;

/// Number of simulated pins and ADC channels.
pub const PINS: u8 = 16;
/// Number of simulated ADC channels.
pub const ADC_CHANNELS: u8 = 4;

/// The simulated hardware of one device.
#[derive(Debug, Clone)]
pub struct SimHal {
    pins: HashMap<u8, bool>,
    /// Per-device phase, so simulated devices do not read identical curves.
    phase: f64,
    noise_state: u64,
}

impl SimHal {
    /// Hardware for the device with this seed (e.g. a hash of its id).
    pub fn new(seed: u64) -> Self {
        SimHal {
            pins: HashMap::new(),
            phase: (seed % 3600) as f64,
            noise_state: seed | 1,
        }
    }

    /// The curve behind channel 0: a room temperature in °C drifting over a
    /// 10-minute cycle, with ±0.1 °C of noise.
    pub fn temperature_c(&mut self, now_ms: u64) -> f64 {
        let t = now_ms as f64 / 1000.0 + self.phase;
        21.0 + 3.0 * (t * core::f64::consts::TAU / 600.0).sin() + 0.1 * self.noise()
    }

    /// Uniform noise in -1..1 (xorshift: deterministic per device, no locking).
    fn noise(&mut self) -> f64 {
        let mut x = self.noise_state;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.noise_state = x;
        (x % 2001) as f64 / 1000.0 - 1.0
    }
}

impl Hal for SimHal {
    fn adc_read(&mut self, channel: u8, now_ms: u64) -> Option<u16> {
        let volts = match channel {
            // A TMP36-style sensor: 0.5 V at 0 °C, 10 mV/°C, on a 3.3 V scale.
            0 => 0.5 + self.temperature_c(now_ms) / 100.0,
            // A light sensor: day/night over 20 minutes.
            1 => {
                let t = now_ms as f64 / 1000.0 + self.phase;
                1.65 + 1.5 * (t * core::f64::consts::TAU / 1200.0).sin() + 0.02 * self.noise()
            }
            // A battery slowly draining from 3.0 V.
            2 => 3.0 - (now_ms as f64 / 3_600_000.0) * 0.01,
            3 => 1.65 + 0.5 * self.noise(),
            _ => return None,
        };
        Some(((volts / 3.3).clamp(0.0, 1.0) * 65535.0) as u16)
    }

    fn pin_write(&mut self, pin: u8, high: bool) -> bool {
        if pin >= PINS {
            return false;
        }
        self.pins.insert(pin, high);
        true
    }

    fn pin_read(&mut self, pin: u8) -> Option<bool> {
        if pin >= PINS {
            return None;
        }
        Some(self.pins.get(&pin).copied().unwrap_or(false))
    }

    fn rssi(&mut self) -> Option<i32> {
        Some(-55 - (self.noise() * 8.0) as i32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adc_follows_a_plausible_curve_and_pins_remember() {
        let mut hal = SimHal::new(42);
        for t in (0..3_600_000).step_by(60_000) {
            let raw = hal.adc_read(0, t).unwrap();
            let celsius = (f64::from(raw) / 65535.0 * 3.3 - 0.5) * 100.0;
            assert!((17.5..=24.5).contains(&celsius), "{celsius} at {t}");
        }
        assert!(hal.adc_read(9, 0).is_none());
        assert!(hal.pin_write(3, true));
        assert_eq!(hal.pin_read(3), Some(true));
        assert_eq!(hal.pin_read(4), Some(false));
        assert!(!hal.pin_write(PINS, true));
    }
}
