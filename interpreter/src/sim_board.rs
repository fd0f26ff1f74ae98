//! A simulated board behind `machine` (the `pyrite` CLI uses it; `no_std`, so the agent's
//! simulator can too). It behaves like a small RP2040-style board with realistic peripherals,
//! so driver code written for real sensors runs unchanged:
//!
//! | resource | what is there |
//! | --- | --- |
//! | pins 0..=29, `"LED"` = 25 | levels from the output latch, open-drain, pulls, or an external drive ([`SimBoard::drive`]); edge events for `Pin.irq` |
//! | ADC pins 26, 27, 28, channel 4 | 26: potentiometer (1.65 V, [`SimBoard::set_voltage`]); 27: 10 kΩ NTC (β 3950) to GND under 10 kΩ to 3.3 V, following the ambient temperature; 28: photoresistor divider following the light level; 4: RP2040's internal sensor (0.706 V at 27 °C, −1.721 mV/°C) |
//! | I2C 0 (SCL 5, SDA 4), any SoftI2C | SHT3x temperature/humidity sensor at 0x44 (single-shot commands, status, serial, heater, soft reset, CRC-8 0x31) and an MPU6050 accelerometer/gyro at 0x68 (register map with auto-increment, sleep bit, full-scale ranges, WHO_AM_I) |
//! | I2C 1 | an empty bus (every address NACKs) |
//! | SPI 0/1, SoftSPI | MISO wired to MOSI (loopback) |
//! | UART 0/1 | TX wired to RX (loopback); [`SimBoard::uart_inject`] adds received bytes |
//! | timers, WDT, RTC | run on the host's monotonic clock |
//!
//! The environment (temperature, humidity, acceleration, rotation, light) is set by tests
//! through the `simboard` control module ([`control_module`]) or the Rust methods here.

use crate::machine::{
    DateTime, Hal, HalError, HalEvent, HalResult, MachineHost, PinMode, Pull, ResetCause,
    SoftTimers, SpiConfig, UartConfig, trigger,
};
use crate::native::{NativeCtx, NativeError, NativeModule, NativeValue};
use crate::value::Value;
use alloc::collections::VecDeque;
use alloc::vec;
use alloc::vec::Vec;

/// Number of GPIO pins.
pub const PIN_COUNT: u32 = 30;
/// The LED pin (`Pin("LED")`).
pub const LED_PIN: u32 = 25;
/// SHT3x I2C address.
pub const SHT3X_ADDR: u8 = 0x44;
/// MPU6050 I2C address.
pub const MPU6050_ADDR: u8 = 0x68;

#[derive(Clone, Copy)]
struct PinState {
    mode: Option<PinMode>,
    pull: Pull,
    latch: bool,
    drive: Option<bool>,
    irq: u8,
    last: bool,
}

/// The physical world around the board.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Environment {
    /// Ambient temperature, °C.
    pub temperature_c: f64,
    /// Relative humidity, %.
    pub humidity: f64,
    /// Acceleration in g (x, y, z); lying flat is (0, 0, 1).
    pub accel_g: [f64; 3],
    /// Rotation in degrees per second.
    pub gyro_dps: [f64; 3],
    /// Illuminance in lux (photoresistor on ADC pin 28).
    pub light_lux: f64,
    /// Potentiometer voltage on ADC pin 26.
    pub pot_volts: f64,
}

impl Default for Environment {
    fn default() -> Self {
        Environment {
            temperature_c: 21.5,
            humidity: 45.0,
            accel_g: [0.0, 0.0, 1.0],
            gyro_dps: [0.0; 3],
            light_lux: 300.0,
            pot_volts: 1.65,
        }
    }
}

/// SHT3x state: the last command's pending answer.
#[derive(Default, Clone)]
struct Sht3x {
    pending: Vec<u8>,
    heater: bool,
    status_alert: bool,
}

/// MPU6050 state: 128 registers and the register pointer.
#[derive(Clone)]
struct Mpu6050 {
    regs: [u8; 128],
    ptr: u8,
}

impl Mpu6050 {
    fn new() -> Self {
        let mut regs = [0u8; 128];
        regs[0x6B] = 0x40; // PWR_MGMT_1: SLEEP after power-on
        regs[0x75] = 0x68; // WHO_AM_I
        Mpu6050 { regs, ptr: 0 }
    }
}

/// The simulated board. See the module docs for what it has. A clone is an identical board
/// (the agent's simulator starts each app on a copy of the board as it booted).
#[derive(Clone)]
pub struct SimBoard {
    pins: [PinState; PIN_COUNT as usize],
    /// The world the sensors measure.
    pub env: Environment,
    events: VecDeque<HalEvent>,
    timers: SoftTimers,
    pwm: [Option<(u32, u16)>; PIN_COUNT as usize],
    sht: Sht3x,
    mpu: Mpu6050,
    uart_rx: [VecDeque<u8>; 2],
    uart_open: [bool; 2],
    wdt: Option<(u32, u64)>,
    wdt_expired: bool,
    rtc_base: (i64, u64), // (seconds since 2000-01-01 at `.1`, host ms then)
    cpu_hz: u32,
    reset_cause: ResetCause,
    /// `machine.reset()` / `deepsleep()` calls so far (the CLI ends the script after one).
    pub resets: u32,
}

impl Default for SimBoard {
    fn default() -> Self {
        SimBoard::new()
    }
}

const I2C_NONE: u32 = 1;

/// CRC-8 of the SHT3x (polynomial 0x31, init 0xFF), as in Sensirion's datasheet.
pub fn sht_crc(data: &[u8]) -> u8 {
    let mut crc: u8 = 0xFF;
    for &b in data {
        crc ^= b;
        for _ in 0..8 {
            crc = if crc & 0x80 != 0 {
                (crc << 1) ^ 0x31
            } else {
                crc << 1
            };
        }
    }
    crc
}

fn word_crc(out: &mut Vec<u8>, w: u16) {
    let b = w.to_be_bytes();
    out.extend_from_slice(&b);
    out.push(sht_crc(&b));
}

fn sat16(x: f64) -> i16 {
    let r = libm::round(x);
    if r > 32767.0 {
        32767
    } else if r < -32768.0 {
        -32768
    } else {
        r as i16
    }
}

/// Days since 1970-01-01 → (year, month, day) (Howard Hinnant's civil_from_days).
fn civil_from_days(z: i64) -> (i64, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_from_civil(y: i64, m: u8, d: u8) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

impl SimBoard {
    /// A board at power-on: pins unconfigured, sensors idle, RTC at 2026-01-01 00:00:00.
    pub fn new() -> SimBoard {
        let pin = PinState {
            mode: None,
            pull: Pull::None,
            latch: false,
            drive: None,
            irq: 0,
            last: false,
        };
        SimBoard {
            pins: [pin; PIN_COUNT as usize],
            env: Environment::default(),
            events: VecDeque::new(),
            timers: SoftTimers::new(),
            pwm: [None; PIN_COUNT as usize],
            sht: Sht3x::default(),
            mpu: Mpu6050::new(),
            uart_rx: [VecDeque::new(), VecDeque::new()],
            uart_open: [false; 2],
            wdt: None,
            wdt_expired: false,
            rtc_base: (days_from_civil(2026, 1, 1) * 86_400, 0),
            cpu_hz: 125_000_000,
            reset_cause: ResetCause::PowerOn,
            resets: 0,
        }
    }

    fn check_pin(pin: u32) -> HalResult<usize> {
        if pin < PIN_COUNT {
            Ok(pin as usize)
        } else {
            Err(HalError::Invalid("invalid pin"))
        }
    }

    /// The level on a pin's pad now.
    pub fn level(&self, pin: u32) -> bool {
        let Some(p) = self.pins.get(pin as usize) else {
            return false;
        };
        match p.mode {
            Some(PinMode::Out) => p.latch,
            Some(PinMode::Alt) => self.pwm[pin as usize].is_some_and(|(_, d)| d >= 32768),
            Some(PinMode::OpenDrain) if !p.latch => false,
            _ => match p.drive {
                Some(v) => v,
                None => p.pull == Pull::Up,
            },
        }
    }

    /// Drives a pin from outside (a button, another chip): `Some(level)`, or `None` to let it
    /// float (then the pull decides). Edges raise the enabled pin events.
    pub fn drive(&mut self, pin: u32, level: Option<bool>) -> HalResult<()> {
        let i = Self::check_pin(pin)?;
        self.pins[i].drive = level;
        self.update_edges();
        Ok(())
    }

    /// PWM output on `pin`: (frequency Hz, duty 0..=65535).
    pub fn pwm_state(&self, pin: u32) -> Option<(u32, u16)> {
        self.pwm.get(pin as usize).copied().flatten()
    }

    /// Bytes "received" on UART `id` from the outside.
    pub fn uart_inject(&mut self, id: u32, data: &[u8]) -> HalResult<()> {
        let q = self
            .uart_rx
            .get_mut(id as usize)
            .ok_or(HalError::Invalid("UART doesn't exist"))?;
        q.extend(data.iter().copied());
        Ok(())
    }

    /// True once a started watchdog went unfed past its timeout (checked at `now_ms`).
    pub fn wdt_expired(&mut self, now_ms: u64) -> bool {
        if let Some((t, fed)) = self.wdt
            && now_ms.saturating_sub(fed) > t as u64
        {
            self.wdt_expired = true;
        }
        self.wdt_expired
    }

    fn update_edges(&mut self) {
        for pin in 0..PIN_COUNT {
            let now = self.level(pin);
            let p = &mut self.pins[pin as usize];
            if now != p.last {
                p.last = now;
                let t = if now {
                    trigger::RISING
                } else {
                    trigger::FALLING
                };
                if p.irq & t != 0 {
                    self.events
                        .push_back(HalEvent::PinEdge { pin, rising: now });
                }
            }
        }
    }

    // ---------- sensors ----------

    fn sht_temperature(&self) -> f64 {
        self.env.temperature_c + if self.sht.heater { 3.0 } else { 0.0 }
    }

    fn sht_command(&mut self, cmd: u16) -> bool {
        self.sht.pending.clear();
        match cmd {
            // Single shot, clock stretching on/off, high/medium/low repeatability.
            0x2C06 | 0x2C0D | 0x2C10 | 0x2400 | 0x240B | 0x2416 | 0xE000 => {
                let t = self.sht_temperature().clamp(-45.0, 130.0);
                let rh = self.env.humidity.clamp(0.0, 100.0);
                let traw = libm::round((t + 45.0) * 65535.0 / 175.0) as u16;
                let hraw = libm::round(rh * 65535.0 / 100.0) as u16;
                let mut out = Vec::with_capacity(6);
                word_crc(&mut out, traw);
                word_crc(&mut out, hraw);
                self.sht.pending = out;
            }
            0x30A2 => {
                // Soft reset
                self.sht = Sht3x::default();
            }
            0xF32D => {
                let mut st: u16 = 0;
                if self.sht.heater {
                    st |= 1 << 13;
                }
                if self.sht.status_alert {
                    st |= 1 << 4; // system reset detected
                }
                let mut out = Vec::new();
                word_crc(&mut out, st);
                self.sht.pending = out;
            }
            0x3041 => self.sht.status_alert = false,
            0x306D => self.sht.heater = true,
            0x3066 => self.sht.heater = false,
            0x3780 | 0x3682 => {
                let mut out = Vec::new();
                word_crc(&mut out, 0x1A2B);
                word_crc(&mut out, 0x3C4D);
                self.sht.pending = out;
            }
            _ => return false,
        }
        true
    }

    fn mpu_refresh(&mut self) {
        let r = &mut self.mpu.regs;
        if r[0x6B] & 0x40 != 0 {
            return; // asleep: data registers keep their last values
        }
        let afs = (r[0x1C] >> 3) & 3;
        let gfs = (r[0x1B] >> 3) & 3;
        let a_lsb = 16384.0 / (1u32 << afs) as f64;
        let g_lsb = [131.0, 65.5, 32.8, 16.4][gfs as usize];
        for i in 0..3 {
            let a = sat16(self.env.accel_g[i] * a_lsb).to_be_bytes();
            r[0x3B + 2 * i] = a[0];
            r[0x3C + 2 * i] = a[1];
            let g = sat16(self.env.gyro_dps[i] * g_lsb).to_be_bytes();
            r[0x43 + 2 * i] = g[0];
            r[0x44 + 2 * i] = g[1];
        }
        let t = sat16((self.env.temperature_c - 36.53) * 340.0).to_be_bytes();
        r[0x41] = t[0];
        r[0x42] = t[1];
        r[0x3A] |= 1; // INT_STATUS: DATA_RDY
    }

    fn mpu_write(&mut self, data: &[u8]) -> usize {
        let Some((&reg, rest)) = data.split_first() else {
            return 0;
        };
        self.mpu.ptr = reg & 0x7F;
        for &b in rest {
            let p = self.mpu.ptr as usize;
            match p {
                0x6B if b & 0x80 != 0 => {
                    // DEVICE_RESET
                    self.mpu = Mpu6050::new();
                    return data.len();
                }
                0x75 | 0x3A | 0x3B..=0x48 => {} // read-only
                _ => self.mpu.regs[p] = b,
            }
            self.mpu.ptr = ((p + 1) & 0x7F) as u8;
        }
        data.len()
    }

    fn mpu_read(&mut self, buf: &mut [u8]) {
        self.mpu_refresh();
        for b in buf.iter_mut() {
            let p = self.mpu.ptr as usize;
            *b = self.mpu.regs[p];
            if p == 0x3A {
                self.mpu.regs[0x3A] &= !1; // reading INT_STATUS clears it
            }
            self.mpu.ptr = ((p + 1) & 0x7F) as u8;
        }
    }

    fn adc_volts(&self, pin: u32) -> HalResult<f64> {
        const VCC: f64 = 3.3;
        Ok(match pin {
            26 => self.env.pot_volts.clamp(0.0, VCC),
            27 => {
                // 10 kΩ NTC (β 3950, 25 °C) to GND, 10 kΩ to VCC.
                let t = self.env.temperature_c + 273.15;
                let r = 10_000.0 * libm::exp(3950.0 * (1.0 / t - 1.0 / 298.15));
                VCC * r / (r + 10_000.0)
            }
            28 => {
                // Photoresistor (10 kΩ at 10 lux, γ 0.7) to VCC, 10 kΩ to GND.
                let lux = self.env.light_lux.max(0.01);
                let r = 10_000.0 * libm::pow(lux / 10.0, -0.7);
                VCC * 10_000.0 / (r + 10_000.0)
            }
            4 => 0.706 - (self.env.temperature_c - 27.0) * 0.001721,
            _ => return Err(HalError::Invalid("Pin doesn't have ADC capabilities")),
        })
    }
}

impl Hal for SimBoard {
    fn board_name(&self) -> &str {
        "Pyrite simulated board with RP2040-like peripherals"
    }
    fn unique_id(&mut self) -> Vec<u8> {
        vec![0xe6, 0x61, 0x41, 0x04, 0x03, 0x5b, 0x2a, 0x31]
    }
    fn cpu_freq(&mut self) -> u32 {
        self.cpu_hz
    }
    fn set_cpu_freq(&mut self, hz: u32) -> HalResult<()> {
        if !(48_000_000..=250_000_000).contains(&hz) {
            return Err(HalError::Invalid("cannot change frequency"));
        }
        self.cpu_hz = hz;
        Ok(())
    }
    fn reset_cause(&mut self) -> ResetCause {
        self.reset_cause
    }
    fn reset(&mut self, _soft: bool) {
        self.resets += 1;
        self.reset_cause = ResetCause::Soft;
    }
    fn deepsleep(&mut self, _ms: Option<u64>) {
        self.resets += 1;
        self.reset_cause = ResetCause::DeepSleep;
    }

    fn pin_by_name(&mut self, name: &str) -> Option<u32> {
        match name {
            "LED" => Some(LED_PIN),
            _ => name
                .strip_prefix("GP")
                .and_then(|n| n.parse::<u32>().ok())
                .filter(|n| *n < PIN_COUNT),
        }
    }
    fn pin_configure(&mut self, pin: u32, mode: PinMode, pull: Pull) -> HalResult<()> {
        let i = Self::check_pin(pin)?;
        self.pins[i].mode = Some(mode);
        self.pins[i].pull = pull;
        if mode != PinMode::Alt {
            self.pwm[i] = None;
        }
        self.update_edges();
        Ok(())
    }
    fn pin_read(&mut self, pin: u32) -> HalResult<bool> {
        Self::check_pin(pin)?;
        Ok(self.level(pin))
    }
    fn pin_write(&mut self, pin: u32, high: bool) -> HalResult<()> {
        let i = Self::check_pin(pin)?;
        self.pins[i].latch = high;
        self.update_edges();
        Ok(())
    }
    fn pin_irq(&mut self, pin: u32, triggers: u8) -> HalResult<()> {
        let i = Self::check_pin(pin)?;
        self.pins[i].irq = triggers;
        self.pins[i].last = self.level(pin);
        Ok(())
    }

    fn poll_event(&mut self, now_ms: u64) -> Option<HalEvent> {
        if let Some(e) = self.events.pop_front() {
            return Some(e);
        }
        self.timers.poll(now_ms)
    }
    fn next_event_ms(&mut self) -> Option<u64> {
        if !self.events.is_empty() {
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

    fn adc_channel_pin(&mut self, channel: u32) -> u32 {
        // As on the RP2040: channels 0..=3 are GPIO26..=29, 4 the internal sensor.
        if channel <= 3 { 26 + channel } else { channel }
    }
    fn adc_read_uv(&mut self, pin: u32) -> HalResult<u32> {
        let v = self.adc_volts(pin)?;
        Ok(libm::round(v.clamp(0.0, 3.3) * 1e6) as u32)
    }

    fn pwm_freq_range(&self) -> (u32, u32) {
        (8, 62_500_000)
    }
    fn pwm_set(&mut self, pin: u32, freq_hz: u32, duty_u16: u16) -> HalResult<()> {
        let i = Self::check_pin(pin)?;
        let (lo, hi) = self.pwm_freq_range();
        if freq_hz < lo {
            return Err(HalError::Invalid("freq too small"));
        }
        if freq_hz > hi {
            return Err(HalError::Invalid("freq too large"));
        }
        self.pins[i].mode = Some(PinMode::Alt);
        self.pwm[i] = Some((freq_hz, duty_u16));
        Ok(())
    }
    fn pwm_deinit(&mut self, pin: u32) {
        if let Some(p) = self.pwm.get_mut(pin as usize) {
            *p = None;
        }
    }

    fn i2c_open(
        &mut self,
        id: Option<u32>,
        scl: Option<u32>,
        sda: Option<u32>,
        freq: u32,
    ) -> HalResult<u32> {
        for p in [scl, sda].into_iter().flatten() {
            Self::check_pin(p)?;
        }
        if freq == 0 || freq > 1_000_000 {
            return Err(HalError::Invalid("freq out of range"));
        }
        match id {
            None | Some(0) => Ok(0),
            Some(1) => Ok(I2C_NONE),
            Some(_) => Err(HalError::Invalid("I2C doesn't exist")),
        }
    }
    fn i2c_write(&mut self, bus: u32, addr: u8, data: &[u8], _stop: bool) -> HalResult<usize> {
        if bus != 0 {
            return Err(HalError::NoDevice);
        }
        match addr {
            SHT3X_ADDR => {
                if data.len() < 2 {
                    return Ok(data.len());
                }
                let cmd = u16::from_be_bytes([data[0], data[1]]);
                if self.sht_command(cmd) {
                    Ok(2)
                } else {
                    Ok(1) // unknown command: the second byte is NACKed
                }
            }
            MPU6050_ADDR => Ok(self.mpu_write(data)),
            _ => Err(HalError::NoDevice),
        }
    }
    fn i2c_read(&mut self, bus: u32, addr: u8, buf: &mut [u8], _stop: bool) -> HalResult<()> {
        if bus != 0 {
            return Err(HalError::NoDevice);
        }
        match addr {
            SHT3X_ADDR => {
                // No result pending: the SHT3x NACKs the read header.
                if self.sht.pending.is_empty() {
                    return Err(HalError::NoDevice);
                }
                for (i, b) in buf.iter_mut().enumerate() {
                    *b = self.sht.pending.get(i).copied().unwrap_or(0xFF);
                }
                self.sht.pending.clear();
                Ok(())
            }
            MPU6050_ADDR => {
                self.mpu_read(buf);
                Ok(())
            }
            _ => Err(HalError::NoDevice),
        }
    }

    fn spi_open(
        &mut self,
        id: Option<u32>,
        pins: [Option<u32>; 3],
        cfg: SpiConfig,
    ) -> HalResult<u32> {
        for p in pins.into_iter().flatten() {
            Self::check_pin(p)?;
        }
        if cfg.baudrate == 0 || cfg.baudrate > 62_500_000 {
            return Err(HalError::Invalid("baudrate out of range"));
        }
        if cfg.bits != 8 {
            return Err(HalError::Invalid("bits must be 8"));
        }
        match id {
            None => Ok(2),
            Some(i @ (0 | 1)) => Ok(i),
            Some(_) => Err(HalError::Invalid("SPI doesn't exist")),
        }
    }
    fn spi_transfer(&mut self, _bus: u32, write: &[u8], read: &mut [u8]) -> HalResult<()> {
        let n = read.len().min(write.len());
        read[..n].copy_from_slice(&write[..n]);
        Ok(())
    }

    fn uart_open(&mut self, id: u32, cfg: UartConfig) -> HalResult<()> {
        if id > 1 {
            return Err(HalError::Invalid("UART doesn't exist"));
        }
        if cfg.baudrate == 0 || cfg.baudrate > 7_812_500 {
            return Err(HalError::Invalid("baudrate out of range"));
        }
        self.uart_open[id as usize] = true;
        Ok(())
    }
    fn uart_write(&mut self, id: u32, data: &[u8]) -> HalResult<usize> {
        let q = self
            .uart_rx
            .get_mut(id as usize)
            .ok_or(HalError::Invalid("UART doesn't exist"))?;
        q.extend(data.iter().copied());
        Ok(data.len())
    }
    fn uart_read(&mut self, id: u32, buf: &mut [u8]) -> HalResult<usize> {
        let q = self
            .uart_rx
            .get_mut(id as usize)
            .ok_or(HalError::Invalid("UART doesn't exist"))?;
        let n = buf.len().min(q.len());
        for b in buf.iter_mut().take(n) {
            *b = q.pop_front().unwrap_or(0);
        }
        Ok(n)
    }
    fn uart_any(&mut self, id: u32) -> HalResult<usize> {
        self.uart_rx
            .get(id as usize)
            .map(|q| q.len())
            .ok_or(HalError::Invalid("UART doesn't exist"))
    }

    fn wdt_start(&mut self, timeout_ms: u32, now_ms: u64) -> HalResult<()> {
        if !(1..=8_388).contains(&timeout_ms) {
            return Err(HalError::Invalid("timeout out of range"));
        }
        self.wdt = Some((timeout_ms, now_ms));
        Ok(())
    }
    fn wdt_feed(&mut self, now_ms: u64) {
        if let Some((t, _)) = self.wdt {
            if !self.wdt_expired(now_ms) {
                self.wdt = Some((t, now_ms));
            }
        }
    }
    fn rtc_get(&mut self, now_ms: u64) -> DateTime {
        let ms = now_ms.saturating_sub(self.rtc_base.1);
        let secs = self.rtc_base.0 + (ms / 1000) as i64;
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        DateTime {
            year: y.clamp(0, 9999) as u16,
            month: m,
            day: d,
            weekday: ((days + 3).rem_euclid(7)) as u8, // 1970-01-01 was a Thursday
            hour: (rem / 3600) as u8,
            minute: ((rem / 60) % 60) as u8,
            second: (rem % 60) as u8,
            subseconds: ((ms % 1000) * 1000) as u32,
        }
    }
    fn rtc_set(&mut self, now_ms: u64, dt: DateTime) -> HalResult<()> {
        let days = days_from_civil(dt.year as i64, dt.month, dt.day);
        let secs = days * 86_400 + dt.hour as i64 * 3600 + dt.minute as i64 * 60 + dt.second as i64;
        self.rtc_base = (secs, now_ms);
        Ok(())
    }
}

// ---------- `simboard`: the test bench's hands on the simulated world ----------

/// A host whose `machine` board is a [`SimBoard`].
pub trait SimHost: MachineHost {
    /// The board.
    fn sim_board(&mut self) -> &mut SimBoard;
}

type R = Result<Value, NativeError>;

fn board<'c, H: SimHost>(ctx: &'c mut NativeCtx<'_>) -> Result<&'c mut SimBoard, NativeError> {
    match ctx.host().as_any().downcast_mut::<H>() {
        Some(h) => Ok(h.sim_board()),
        None => Err(NativeError::runtime_error("simboard: no simulated board")),
    }
}

fn hal_err(e: HalError) -> NativeError {
    match e {
        HalError::Invalid(m) | HalError::Unsupported(m) => NativeError::value_error(m),
        _ => NativeError::os_error("simulated board error"),
    }
}

fn sb_drive<H: SimHost>(ctx: &mut NativeCtx<'_>, args: &[Value]) -> R {
    let pin = ctx.arg_int(args, 0)?;
    let level = match args.get(1) {
        None | Some(Value::None) => None,
        Some(_) => Some(ctx.arg_bool(args, 1)?),
    };
    let pin = u32::try_from(pin).map_err(|_| NativeError::value_error("invalid pin"))?;
    board::<H>(ctx)?.drive(pin, level).map_err(hal_err)?;
    Ok(Value::None)
}
fn sb_level<H: SimHost>(ctx: &mut NativeCtx<'_>, args: &[Value]) -> R {
    let pin = ctx.arg_int(args, 0)?;
    let pin = u32::try_from(pin)
        .ok()
        .filter(|p| *p < PIN_COUNT)
        .ok_or_else(|| NativeError::value_error("invalid pin"))?;
    Ok(Value::Int(board::<H>(ctx)?.level(pin) as i64))
}
fn sb_pwm<H: SimHost>(ctx: &mut NativeCtx<'_>, args: &[Value]) -> R {
    let pin = ctx.arg_int(args, 0)?.clamp(0, u32::MAX as i64) as u32;
    match board::<H>(ctx)?.pwm_state(pin) {
        Some((f, d)) => ctx.value(&NativeValue::List(vec![
            NativeValue::Int(f as i64),
            NativeValue::Int(d as i64),
        ])),
        None => Ok(Value::None),
    }
}
fn sb_set_env<H: SimHost>(ctx: &mut NativeCtx<'_>, args: &[Value]) -> R {
    let t = ctx.arg_float(args, 0)?;
    let rh = ctx.arg_float(args, 1)?;
    let b = board::<H>(ctx)?;
    b.env.temperature_c = t;
    b.env.humidity = rh;
    Ok(Value::None)
}
fn three(ctx: &mut NativeCtx<'_>, args: &[Value]) -> Result<[f64; 3], NativeError> {
    Ok([
        ctx.arg_float(args, 0)?,
        ctx.arg_float(args, 1)?,
        ctx.arg_float(args, 2)?,
    ])
}
fn sb_set_accel<H: SimHost>(ctx: &mut NativeCtx<'_>, args: &[Value]) -> R {
    let v = three(ctx, args)?;
    board::<H>(ctx)?.env.accel_g = v;
    Ok(Value::None)
}
fn sb_set_gyro<H: SimHost>(ctx: &mut NativeCtx<'_>, args: &[Value]) -> R {
    let v = three(ctx, args)?;
    board::<H>(ctx)?.env.gyro_dps = v;
    Ok(Value::None)
}
fn sb_set_light<H: SimHost>(ctx: &mut NativeCtx<'_>, args: &[Value]) -> R {
    let v = ctx.arg_float(args, 0)?;
    board::<H>(ctx)?.env.light_lux = v;
    Ok(Value::None)
}
fn sb_set_voltage<H: SimHost>(ctx: &mut NativeCtx<'_>, args: &[Value]) -> R {
    let v = ctx.arg_float(args, 0)?;
    board::<H>(ctx)?.env.pot_volts = v;
    Ok(Value::None)
}
fn sb_uart_inject<H: SimHost>(ctx: &mut NativeCtx<'_>, args: &[Value]) -> R {
    let id = ctx.arg_int(args, 0)?.clamp(0, u32::MAX as i64) as u32;
    let v = args
        .get(1)
        .copied()
        .ok_or_else(|| NativeError::type_error("missing data"))?;
    let data = match ctx.to_native(v)? {
        NativeValue::Bytes(b) => b,
        NativeValue::Str(s) => s.into_bytes(),
        _ => return Err(NativeError::type_error("data must be bytes")),
    };
    board::<H>(ctx)?.uart_inject(id, &data).map_err(hal_err)?;
    Ok(Value::None)
}
fn sb_wdt_expired<H: SimHost>(ctx: &mut NativeCtx<'_>, _: &[Value]) -> R {
    let now = ctx.host().now_ms();
    Ok(Value::Bool(board::<H>(ctx)?.wdt_expired(now)))
}
fn sb_resets<H: SimHost>(ctx: &mut NativeCtx<'_>, _: &[Value]) -> R {
    Ok(Value::Int(board::<H>(ctx)?.resets as i64))
}

/// The `simboard` module: `drive(pin, level|None)`, `level(pin)`, `pwm(pin)`,
/// `set_env(temp_c, rh)`, `set_accel(x, y, z)` (g), `set_gyro(x, y, z)` (°/s),
/// `set_light(lux)`, `set_voltage(v)` (ADC pin 26), `uart_inject(id, data)`,
/// `wdt_expired()`, `resets()`.
pub fn control_module<H: SimHost>() -> NativeModule {
    NativeModule::new("simboard")
        .function("drive", sb_drive::<H>)
        .function("level", sb_level::<H>)
        .function("pwm", sb_pwm::<H>)
        .function("set_env", sb_set_env::<H>)
        .function("set_accel", sb_set_accel::<H>)
        .function("set_gyro", sb_set_gyro::<H>)
        .function("set_light", sb_set_light::<H>)
        .function("set_voltage", sb_set_voltage::<H>)
        .function("uart_inject", sb_uart_inject::<H>)
        .function("wdt_expired", sb_wdt_expired::<H>)
        .function("resets", sb_resets::<H>)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sht_crc_matches_the_datasheet_example() {
        // Sensirion: CRC(0xBEEF) = 0x92.
        assert_eq!(sht_crc(&[0xBE, 0xEF]), 0x92);
    }

    #[test]
    fn calendar_round_trip() {
        for days in [-1000i64, 0, 10_957, 20_454, 40_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil_from_days(days_from_civil(2026, 1, 1)), (2026, 1, 1));
    }

    #[test]
    fn pin_edges_only_when_enabled() {
        let mut b = SimBoard::new();
        b.pin_configure(3, PinMode::In, Pull::Up).unwrap();
        b.pin_irq(3, trigger::FALLING).unwrap();
        b.drive(3, Some(false)).unwrap();
        b.drive(3, Some(true)).unwrap();
        assert_eq!(
            b.poll_event(0),
            Some(HalEvent::PinEdge {
                pin: 3,
                rising: false
            })
        );
        assert_eq!(b.poll_event(0), None);
        assert_eq!(
            b.pin_configure(30, PinMode::In, Pull::None),
            Err(HalError::Invalid("invalid pin"))
        );
    }
}
