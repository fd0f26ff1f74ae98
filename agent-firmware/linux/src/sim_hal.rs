//! A simulated device's hardware, as scripts see it through MicroPython's `machine`: the
//! interpreter's simulated board ([`SimBoard`]: 30 pins with `"LED"` = 25, ADC pins 26–28, an
//! SHT3x temperature/humidity sensor at 0x44 and an MPU6050 at 0x68 on I2C 0, SPI and UART
//! loopbacks, timers, WDT, RTC), living in a world that changes: each device's room
//! temperature, humidity and light drift over minutes with a per-device phase and a little
//! noise, so a fleet of simulated devices does not publish identical flat lines.
//!
//! The radio is simulated too: [`SimHal::rssi`] wanders around -55 dBm.

use std::time::Instant;

use pyrite::machine::{
    DateTime, Hal, HalEvent, HalResult, PinMode, Pull, ResetCause, SpiConfig, UartConfig,
};
use pyrite::sim_board::SimBoard;

/// The simulated hardware of one device.
#[derive(Clone)]
pub struct SimHal {
    board: SimBoard,
    /// Per-device phase, so simulated devices do not read identical curves.
    phase: f64,
    noise_state: u64,
    seed: u64,
    /// The world's clock (the sensors' curves follow real time, like the agent's clock).
    born: Instant,
}

impl SimHal {
    /// Hardware for the device with this seed (e.g. a hash of its id).
    pub fn new(seed: u64) -> Self {
        let mut hal = SimHal {
            board: SimBoard::new(),
            phase: (seed % 3600) as f64,
            noise_state: seed | 1,
            seed,
            born: Instant::now(),
        };
        hal.update_world_at(0);
        hal
    }

    /// The board, for tests that drive pins or set the environment.
    pub fn board_mut(&mut self) -> &mut SimBoard {
        &mut self.board
    }

    /// Room temperature in °C at `ms` of the world's clock: 21 °C ± 3 over a 10-minute cycle,
    /// with ±0.1 °C of noise.
    pub fn temperature_c(&mut self, ms: u64) -> f64 {
        let t = ms as f64 / 1000.0 + self.phase;
        21.0 + 3.0 * (t * core::f64::consts::TAU / 600.0).sin() + 0.1 * self.noise()
    }

    /// Moves the board's environment to `ms` of the world's clock (sensors read it).
    fn update_world_at(&mut self, ms: u64) {
        let t = ms as f64 / 1000.0 + self.phase;
        let temperature = self.temperature_c(ms);
        let humidity = 45.0 - 8.0 * (t * core::f64::consts::TAU / 600.0).sin() + 0.3 * self.noise();
        // Day and night over 20 minutes: 5 to 605 lux.
        let light = 305.0 + 300.0 * (t * core::f64::consts::TAU / 1200.0).sin();
        let env = &mut self.board.env;
        env.temperature_c = temperature;
        env.humidity = humidity.clamp(0.0, 100.0);
        env.light_lux = light;
    }

    /// Before a sensor is read: the world as it is now.
    fn update_world(&mut self) {
        let ms = u64::try_from(self.born.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.update_world_at(ms);
    }

    /// Received signal strength of the simulated radio in dBm.
    pub fn rssi(&mut self) -> Option<i32> {
        Some(-55 - (self.noise() * 8.0) as i32)
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

/// Everything goes to the simulated board; sensor reads first bring its world up to date, and
/// the unique id is the device's own.
impl Hal for SimHal {
    fn board_name(&self) -> &str {
        "Pyrite simulated device (RP2040-like board)"
    }
    fn unique_id(&mut self) -> Vec<u8> {
        self.seed.to_be_bytes().to_vec()
    }
    fn cpu_freq(&mut self) -> u32 {
        self.board.cpu_freq()
    }
    fn set_cpu_freq(&mut self, hz: u32) -> HalResult<()> {
        self.board.set_cpu_freq(hz)
    }
    fn reset_cause(&mut self) -> ResetCause {
        self.board.reset_cause()
    }
    fn reset(&mut self, soft: bool) {
        self.board.reset(soft)
    }
    fn deepsleep(&mut self, ms: Option<u64>) {
        self.board.deepsleep(ms)
    }
    fn idle(&mut self) {
        self.board.idle()
    }
    fn pin_by_name(&mut self, name: &str) -> Option<u32> {
        self.board.pin_by_name(name)
    }
    fn pin_configure(&mut self, pin: u32, mode: PinMode, pull: Pull) -> HalResult<()> {
        self.board.pin_configure(pin, mode, pull)
    }
    fn pin_read(&mut self, pin: u32) -> HalResult<bool> {
        self.board.pin_read(pin)
    }
    fn pin_write(&mut self, pin: u32, high: bool) -> HalResult<()> {
        self.board.pin_write(pin, high)
    }
    fn pin_irq(&mut self, pin: u32, triggers: u8) -> HalResult<()> {
        self.board.pin_irq(pin, triggers)
    }
    fn poll_event(&mut self, now_ms: u64) -> Option<HalEvent> {
        self.board.poll_event(now_ms)
    }
    fn next_event_ms(&mut self) -> Option<u64> {
        self.board.next_event_ms()
    }
    fn timer_start(
        &mut self,
        id: u32,
        now_ms: u64,
        period_ms: u64,
        periodic: bool,
    ) -> HalResult<()> {
        self.board.timer_start(id, now_ms, period_ms, periodic)
    }
    fn timer_stop(&mut self, id: u32) {
        self.board.timer_stop(id)
    }
    fn adc_read_uv(&mut self, pin: u32) -> HalResult<u32> {
        self.update_world();
        self.board.adc_read_uv(pin)
    }
    fn adc_full_scale_uv(&self) -> u32 {
        self.board.adc_full_scale_uv()
    }
    fn pwm_freq_range(&self) -> (u32, u32) {
        self.board.pwm_freq_range()
    }
    fn pwm_set(&mut self, pin: u32, freq_hz: u32, duty_u16: u16) -> HalResult<()> {
        self.board.pwm_set(pin, freq_hz, duty_u16)
    }
    fn pwm_deinit(&mut self, pin: u32) {
        self.board.pwm_deinit(pin)
    }
    fn i2c_open(
        &mut self,
        id: Option<u32>,
        scl: Option<u32>,
        sda: Option<u32>,
        freq: u32,
    ) -> HalResult<u32> {
        self.board.i2c_open(id, scl, sda, freq)
    }
    fn i2c_write(&mut self, bus: u32, addr: u8, data: &[u8], stop: bool) -> HalResult<usize> {
        // A measurement command samples the world now.
        self.update_world();
        self.board.i2c_write(bus, addr, data, stop)
    }
    fn i2c_read(&mut self, bus: u32, addr: u8, buf: &mut [u8], stop: bool) -> HalResult<()> {
        self.update_world();
        self.board.i2c_read(bus, addr, buf, stop)
    }
    fn spi_open(
        &mut self,
        id: Option<u32>,
        pins: [Option<u32>; 3],
        cfg: SpiConfig,
    ) -> HalResult<u32> {
        self.board.spi_open(id, pins, cfg)
    }
    fn spi_transfer(&mut self, bus: u32, write: &[u8], read: &mut [u8]) -> HalResult<()> {
        self.board.spi_transfer(bus, write, read)
    }
    fn uart_open(&mut self, id: u32, cfg: UartConfig) -> HalResult<()> {
        self.board.uart_open(id, cfg)
    }
    fn uart_write(&mut self, id: u32, data: &[u8]) -> HalResult<usize> {
        self.board.uart_write(id, data)
    }
    fn uart_read(&mut self, id: u32, buf: &mut [u8]) -> HalResult<usize> {
        self.board.uart_read(id, buf)
    }
    fn uart_any(&mut self, id: u32) -> HalResult<usize> {
        self.board.uart_any(id)
    }
    fn wdt_start(&mut self, timeout_ms: u32, now_ms: u64) -> HalResult<()> {
        self.board.wdt_start(timeout_ms, now_ms)
    }
    fn wdt_feed(&mut self, now_ms: u64) {
        self.board.wdt_feed(now_ms)
    }
    fn rtc_get(&mut self, now_ms: u64) -> DateTime {
        self.board.rtc_get(now_ms)
    }
    fn rtc_set(&mut self, now_ms: u64, dt: DateTime) -> HalResult<()> {
        self.board.rtc_set(now_ms, dt)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pyrite::sim_board::{SHT3X_ADDR, sht_crc};

    #[test]
    fn the_world_drifts_per_device_and_sensors_follow_it() {
        let mut hal = SimHal::new(42);
        for t in (0..3_600_000).step_by(60_000) {
            let c = hal.temperature_c(t);
            assert!((17.5..=24.5).contains(&c), "{c} at {t}");
        }
        // The SHT3x on I2C 0 measures the device's world (single shot, high repeatability).
        let bus = hal.i2c_open(Some(0), None, None, 100_000).unwrap();
        hal.i2c_write(bus, SHT3X_ADDR, &[0x24, 0x00], true).unwrap();
        let mut d = [0u8; 6];
        hal.i2c_read(bus, SHT3X_ADDR, &mut d, true).unwrap();
        assert_eq!(sht_crc(&d[0..2]), d[2]);
        let celsius = -45.0 + 175.0 * f64::from(u16::from_be_bytes([d[0], d[1]])) / 65535.0;
        assert!((17.5..=24.5).contains(&celsius), "{celsius}");
        // Two devices differ (phase and id), a clone is the same board.
        let mut other = SimHal::new(7);
        assert_ne!(hal.unique_id(), other.unique_id());
        assert_eq!(hal.clone().unique_id(), hal.unique_id());
        hal.pin_configure(25, PinMode::Out, Pull::None).unwrap();
        hal.pin_write(25, true).unwrap();
        assert_eq!(hal.pin_read(25), Ok(true));
        assert!(hal.pin_write(30, true).is_err());
        assert!(hal.rssi().is_some_and(|r| (-64..=-46).contains(&r)));
    }
}
