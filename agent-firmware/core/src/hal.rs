//! The device hardware a script may touch (through the `machine` module),
//! behind a trait each port implements: pins, an ADC, link quality.

/// The hardware of a device.
pub trait Hal {
    /// Reads ADC `channel` (0..=65535 full scale), `None` for no such channel.
    fn adc_read(&mut self, channel: u8, now_ms: u64) -> Option<u16>;
    /// Drives output `pin` high or low; false for no such pin.
    fn pin_write(&mut self, pin: u8, high: bool) -> bool;
    /// Reads `pin`, `None` for no such pin.
    fn pin_read(&mut self, pin: u8) -> Option<bool>;
    /// Received signal strength of the network link in dBm, when it has one.
    fn rssi(&mut self) -> Option<i32> {
        None
    }
}

/// A device with no hardware at all.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoHal;

impl Hal for NoHal {
    fn adc_read(&mut self, _channel: u8, _now_ms: u64) -> Option<u16> {
        None
    }
    fn pin_write(&mut self, _pin: u8, _high: bool) -> bool {
        false
    }
    fn pin_read(&mut self, _pin: u8) -> Option<bool> {
        None
    }
}
