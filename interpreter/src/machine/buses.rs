//! `machine.I2C` / `SoftI2C`, `SPI` / `SoftSPI` and `UART`.

use super::class::{
    Attr, ClassDef, Field, Kind, buffer, buffer_len, fill, hal_call, hal_error, int_of, new_bytes,
    opt, os_error, parse, pin_id, plain_repr, set_state, small_int, this, u32_arg, with_hal,
};
use super::{SpiConfig, UartConfig};
use crate::builtins::Kw;
use crate::value::Value;
use crate::vm::{Exc, Vm};
use alloc::format;
use alloc::vec;
use alloc::vec::Vec;

type R = Result<Value, Exc>;

/// `None` for a missing argument or -1 (an id left to the board: a software bus).
fn bus_id(vm: &mut Vm, id: Value, what: &str) -> Result<Option<u32>, Exc> {
    if id.is_null() || small_int(id) == Some(-1) || matches!(id, Value::None) {
        return Ok(None);
    }
    u32_arg(vm, id, what).map(Some)
}

fn opt_pin(vm: &mut Vm, v: Value) -> Result<Option<u32>, Exc> {
    opt(v).map(|p| pin_id(vm, p)).transpose()
}

/// A stop flag (True when missing).
fn stop_arg(vm: &mut Vm, v: Value) -> Result<bool, Exc> {
    if v.is_null() { Ok(true) } else { vm.truthy(v) }
}

// ---------- I2C ----------

/// The bus handle `Hal::i2c_open` returned.
const BUS: Field = Field::new(0, 32);
const I2C_FREQ: Field = Field::new(32, 28);

const I2C_METHODS: &[(&str, Attr)] = &[
    ("__init__", Attr::Method(i2c_new)),
    ("init", Attr::Method(i2c_init)),
    ("scan", Attr::Method(i2c_scan)),
    ("writeto", Attr::Method(i2c_writeto)),
    ("writevto", Attr::Method(i2c_writevto)),
    ("readfrom", Attr::Method(i2c_readfrom)),
    ("readfrom_into", Attr::Method(i2c_readfrom_into)),
    ("readfrom_mem", Attr::Method(i2c_readfrom_mem)),
    ("readfrom_mem_into", Attr::Method(i2c_readfrom_mem_into)),
    ("writeto_mem", Attr::Method(i2c_writeto_mem)),
    #[cfg(feature = "std")]
    ("start", Attr::Method(i2c_start)),
    #[cfg(feature = "std")]
    ("stop", Attr::Method(i2c_stop)),
    #[cfg(feature = "std")]
    ("write", Attr::Method(i2c_write)),
    #[cfg(feature = "std")]
    ("readinto", Attr::Method(i2c_readinto)),
    ("__repr__", Attr::Method(i2c_repr)),
];

pub(super) const I2C: ClassDef = ClassDef {
    name: "I2C",
    key: "machine.I2C",
    base: None,
    attrs: I2C_METHODS,
};

pub(super) const SOFT_I2C: ClassDef = ClassDef {
    name: "SoftI2C",
    key: "machine.SoftI2C",
    base: Some(Kind::I2c),
    attrs: &[("__init__", Attr::Method(soft_i2c_new))],
};

/// `I2C(id=-1, *, scl=None, sda=None, freq=400000, timeout=50000)`.
fn i2c_new(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let this_v = a.first().copied().unwrap_or(Value::None);
    let [id, scl, sda, freq, _timeout] = parse(
        vm,
        "I2C",
        a.get(1..).unwrap_or(&[]),
        kw,
        ["id", "scl", "sda", "freq", "timeout"],
        1,
        0,
    )?;
    let id = bus_id(vm, id, "I2C id")?;
    i2c_open(vm, this_v, Kind::I2c, id, scl, sda, freq)
}

/// `SoftI2C(scl, sda, *, freq=400000, timeout=50000)`: I2C bit-banged on any two pins.
fn soft_i2c_new(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let this_v = a.first().copied().unwrap_or(Value::None);
    let [scl, sda, freq, _timeout] = parse(
        vm,
        "SoftI2C",
        a.get(1..).unwrap_or(&[]),
        kw,
        ["scl", "sda", "freq", "timeout"],
        2,
        2,
    )?;
    i2c_open(vm, this_v, Kind::SoftI2c, None, scl, sda, freq)
}

/// `I2C.init(*, scl=None, sda=None, freq=400000, timeout=50000)`: reopens the bus.
fn i2c_init(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (this_v, s) = this(vm, a, Kind::I2c, "init")?;
    let [scl, sda, freq, _timeout] = parse(
        vm,
        "init",
        &a[1..],
        kw,
        ["scl", "sda", "freq", "timeout"],
        0,
        0,
    )?;
    let bus = BUS.get(s) as u32;
    i2c_open(vm, this_v, Kind::I2c, Some(bus), scl, sda, freq)
}

fn i2c_open(
    vm: &mut Vm,
    this_v: Value,
    kind: Kind,
    id: Option<u32>,
    scl: Value,
    sda: Value,
    freq: Value,
) -> R {
    let scl = opt_pin(vm, scl)?;
    let sda = opt_pin(vm, sda)?;
    let hz = match opt(freq) {
        Some(f) => {
            let f = int_of(vm, f)?;
            u32::try_from(f).map_err(|_| vm.value_error("invalid frequency"))?
        }
        None => 400_000,
    };
    let bus = hal_call(vm, |h| h.i2c_open(id, scl, sda, hz))?;
    if !I2C_FREQ.fits(hz as u64) {
        return Err(vm.value_error("freq out of range"));
    }
    let s = I2C_FREQ.set(BUS.set(0, bus as u64), hz as u64);
    set_state(vm, this_v, kind, s)?;
    Ok(Value::None)
}

/// A 7-bit address argument.
fn addr_arg(vm: &mut Vm, v: Value) -> Result<u8, Exc> {
    let a = vm.as_index(v)?;
    u8::try_from(a)
        .ok()
        .filter(|a| *a < 0x80)
        .ok_or_else(|| vm.value_error("invalid I2C address"))
}

fn write(vm: &mut Vm, bus: u32, addr: u8, data: &[u8], stop: bool) -> Result<usize, Exc> {
    hal_call(vm, |h| h.i2c_write(bus, addr, data, stop))
}

fn read(vm: &mut Vm, bus: u32, addr: u8, n: i64, stop: bool) -> Result<Vec<u8>, Exc> {
    if !(0..=65536).contains(&n) {
        return Err(vm.value_error("invalid read length"));
    }
    let mut buf = vec![0u8; n as usize];
    hal_call(vm, |h| h.i2c_read(bus, addr, &mut buf, stop))?;
    Ok(buf)
}

/// `I2C.scan()`: the addresses 0x08..=0x77 that acknowledge.
fn i2c_scan(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (_, s) = this(vm, a, Kind::I2c, "scan")?;
    parse(vm, "scan", &a[1..], kw, [], 0, 0)?;
    let bus = BUS.get(s) as u32;
    let found = with_hal(vm, |h| {
        let mut found = Vec::new();
        for addr in 0x08u8..0x78 {
            match h.i2c_write(bus, addr, &[], true) {
                Ok(_) => found.push(Value::Int(addr as i64)),
                Err(e) if e.errno().is_some() => {}
                Err(e) => return Err(e),
            }
        }
        Ok(found)
    })?
    .map_err(|e| hal_error(vm, e))?;
    vm.alloc(crate::object::Obj::List(found))
}

/// `writeto` and `writevto`: the number of bytes acknowledged.
fn write_to(vm: &mut Vm, a: &[Value], kw: Kw, fname: &str, vectored: bool) -> R {
    let (_, s) = this(vm, a, Kind::I2c, fname)?;
    let second = if vectored { "vector" } else { "buf" };
    let [addr, buf, stop] = parse(vm, fname, &a[1..], kw, ["addr", second, "stop"], 3, 2)?;
    let data = if vectored {
        let mut data = Vec::new();
        for b in vm.seq_items(buf)? {
            data.extend_from_slice(&buffer(vm, b)?);
        }
        data
    } else {
        buffer(vm, buf)?
    };
    let addr = addr_arg(vm, addr)?;
    let stop = stop_arg(vm, stop)?;
    let n = write(vm, BUS.get(s) as u32, addr, &data, stop)?;
    Ok(Value::Int(n as i64))
}

/// `I2C.writeto(addr, buf, stop=True)`.
fn i2c_writeto(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    write_to(vm, a, kw, "writeto", false)
}

/// `I2C.writevto(addr, vector, stop=True)`: the buffers of `vector` in one transfer.
fn i2c_writevto(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    write_to(vm, a, kw, "writevto", true)
}

/// `I2C.readfrom(addr, nbytes, stop=True)`.
fn i2c_readfrom(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (_, s) = this(vm, a, Kind::I2c, "readfrom")?;
    let [addr, n, stop] = parse(
        vm,
        "readfrom",
        &a[1..],
        kw,
        ["addr", "nbytes", "stop"],
        3,
        2,
    )?;
    let addr = addr_arg(vm, addr)?;
    let n = vm.as_index(n)?;
    let stop = stop_arg(vm, stop)?;
    let data = read(vm, BUS.get(s) as u32, addr, n, stop)?;
    new_bytes(vm, data)
}

/// `I2C.readfrom_into(addr, buf, stop=True)`.
fn i2c_readfrom_into(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (_, s) = this(vm, a, Kind::I2c, "readfrom_into")?;
    let [addr, buf, stop] = parse(
        vm,
        "readfrom_into",
        &a[1..],
        kw,
        ["addr", "buf", "stop"],
        3,
        2,
    )?;
    let n = buffer_len(vm, buf)?;
    let addr = addr_arg(vm, addr)?;
    let stop = stop_arg(vm, stop)?;
    let data = read(vm, BUS.get(s) as u32, addr, n as i64, stop)?;
    fill(vm, buf, &data)?;
    Ok(Value::None)
}

/// The register address `memaddr` as `addrsize` bits, most significant byte first.
fn mem_bytes(vm: &mut Vm, memaddr: Value, addrsize: Value) -> Result<Vec<u8>, Exc> {
    let size = if addrsize.is_null() {
        8
    } else {
        small_int(addrsize).unwrap_or(0)
    };
    if !matches!(size, 8 | 16 | 24 | 32) {
        return Err(vm.value_error("invalid addrsize"));
    }
    let m = vm.as_index(memaddr)?;
    let n = size as u32 / 8;
    Ok((0..n).map(|i| (m >> (8 * (n - 1 - i))) as u8).collect())
}

/// `readfrom_mem` and `readfrom_mem_into`: writes the register address without a STOP, then
/// reads `nbytes` (or `len(buf)` bytes into `buf`).
fn read_register(vm: &mut Vm, a: &[Value], kw: Kw, fname: &str, into: bool) -> R {
    let (_, s) = this(vm, a, Kind::I2c, fname)?;
    let third = if into { "buf" } else { "nbytes" };
    let [addr, memaddr, n_or_buf, addrsize] = parse(
        vm,
        fname,
        &a[1..],
        kw,
        ["addr", "memaddr", third, "addrsize"],
        3,
        3,
    )?;
    let n = if into {
        buffer_len(vm, n_or_buf)? as i64
    } else {
        vm.as_index(n_or_buf)?
    };
    let mem = mem_bytes(vm, memaddr, addrsize)?;
    let addr = addr_arg(vm, addr)?;
    let bus = BUS.get(s) as u32;
    write(vm, bus, addr, &mem, false)?;
    let data = read(vm, bus, addr, n, true)?;
    if into {
        fill(vm, n_or_buf, &data)?;
        return Ok(Value::None);
    }
    new_bytes(vm, data)
}

/// `I2C.readfrom_mem(addr, memaddr, nbytes, *, addrsize=8)`.
fn i2c_readfrom_mem(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    read_register(vm, a, kw, "readfrom_mem", false)
}

/// `I2C.readfrom_mem_into(addr, memaddr, buf, *, addrsize=8)`.
fn i2c_readfrom_mem_into(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    read_register(vm, a, kw, "readfrom_mem_into", true)
}

/// `I2C.writeto_mem(addr, memaddr, buf, *, addrsize=8)`: OSError(EIO) unless every byte is
/// acknowledged.
fn i2c_writeto_mem(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (_, s) = this(vm, a, Kind::I2c, "writeto_mem")?;
    let [addr, memaddr, buf, addrsize] = parse(
        vm,
        "writeto_mem",
        &a[1..],
        kw,
        ["addr", "memaddr", "buf", "addrsize"],
        3,
        3,
    )?;
    let mut data = mem_bytes(vm, memaddr, addrsize)?;
    data.extend_from_slice(&buffer(vm, buf)?);
    let addr = addr_arg(vm, addr)?;
    let n = write(vm, BUS.get(s) as u32, addr, &data, true)?;
    if n < data.len() {
        return Err(os_error(vm, 5));
    }
    Ok(Value::None)
}

// The primitive operations (`start`, `write`, `readinto`, `stop`) drive the bus byte by byte.
// The HAL moves whole transfers (address, bytes, stop or not), so the bus object keeps the open
// transfer in an instance attribute `TXN` that no attribute syntax can spell: None between
// transfers, a bytearray after `start()` that fills with the address byte and the bytes written
// to it, sent when a repeated start or `stop()` ends it. Host-only (`std`) for now: the STM32F7
// image has no flash to spare for them (~2 KB).

#[cfg(feature = "std")]
/// The instance attribute holding the open transfer.
const TXN: &str = "machine.i2c_txn";

#[cfg(feature = "std")]
/// The address byte a NACKed address leaves in the transfer: later bytes are NACKed too, and a
/// read sees the idle bus (0xFF).
const NACKED: u8 = 0xFF;

#[cfg(feature = "std")]
fn txn(vm: &mut Vm, this_v: Value) -> Result<Option<Vec<u8>>, Exc> {
    let k = vm.intern(TXN)?;
    let v = vm.get_attr_opt(this_v, k)?;
    Ok(v.and_then(|v| crate::native_stdlib::bytes_like(vm, v)))
}

#[cfg(feature = "std")]
fn set_txn(vm: &mut Vm, this_v: Value, t: Option<Vec<u8>>) -> Result<(), Exc> {
    let v = match t {
        Some(b) => vm.alloc(crate::object::Obj::ByteArray(b))?,
        None => Value::None,
    };
    let k = vm.intern(TXN)?;
    vm.set_attr(this_v, k, v)
}

#[cfg(feature = "std")]
/// Sends the write transfer `t` holds (a read transfer moved its bytes already). A device that
/// NACKs was told so by `write`'s count, so its error is not raised again here.
fn flush_txn(vm: &mut Vm, bus: u32, t: &[u8], stop: bool) -> Result<(), Exc> {
    match t.split_first() {
        Some((&ab, data)) if ab != NACKED && ab & 1 == 0 => {
            match with_hal(vm, |h| h.i2c_write(bus, ab >> 1, data, stop))? {
                Ok(_) => Ok(()),
                Err(e) if e.errno().is_some() => Ok(()),
                Err(e) => Err(hal_error(vm, e)),
            }
        }
        _ => Ok(()),
    }
}

#[cfg(feature = "std")]
/// `I2C.start()`: a START condition (a repeated START sends the open write transfer first).
fn i2c_start(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (this_v, s) = this(vm, a, Kind::I2c, "start")?;
    parse(vm, "start", &a[1..], kw, [], 0, 0)?;
    if let Some(t) = txn(vm, this_v)? {
        flush_txn(vm, BUS.get(s) as u32, &t, false)?;
    }
    set_txn(vm, this_v, Some(Vec::new()))?;
    Ok(Value::None)
}

#[cfg(feature = "std")]
/// `I2C.stop()`: a STOP condition, ending the open transfer.
fn i2c_stop(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (this_v, s) = this(vm, a, Kind::I2c, "stop")?;
    parse(vm, "stop", &a[1..], kw, [], 0, 0)?;
    if let Some(t) = txn(vm, this_v)? {
        set_txn(vm, this_v, None)?;
        flush_txn(vm, BUS.get(s) as u32, &t, true)?;
    }
    Ok(Value::None)
}

#[cfg(feature = "std")]
/// `I2C.write(buf)`: the number of bytes ACKed. After `start()` the first byte is the address
/// byte (address << 1 | read bit); a NACK stops the rest, as MicroPython's.
fn i2c_write(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (this_v, s) = this(vm, a, Kind::I2c, "write")?;
    let [buf] = parse(vm, "write", &a[1..], kw, ["buf"], 1, 1)?;
    let data = buffer(vm, buf)?;
    // Without a START no device listens.
    let Some(mut t) = txn(vm, this_v)? else {
        return Ok(Value::Int(0));
    };
    let mut rest = &data[..];
    let mut acks = 0;
    if t.is_empty()
        && let Some((&ab, more)) = rest.split_first()
    {
        let bus = BUS.get(s) as u32;
        // An empty write probes the address (as `scan` does) without touching the device.
        let present = match with_hal(vm, |h| h.i2c_write(bus, ab >> 1, &[], false))? {
            Ok(_) => true,
            Err(e) if e.errno().is_some() => false,
            Err(e) => return Err(hal_error(vm, e)),
        };
        t.push(if present { ab } else { NACKED });
        acks += usize::from(present);
        rest = more;
    }
    // Data bytes are ACKed by a write transfer's device; a read transfer takes none.
    if matches!(t.first(), Some(&ab) if ab != NACKED && ab & 1 == 0) {
        acks += rest.len();
        t.extend_from_slice(rest);
    }
    set_txn(vm, this_v, Some(t))?;
    Ok(Value::Int(acks as i64))
}

#[cfg(feature = "std")]
/// `I2C.readinto(buf, nack=True)`: reads `len(buf)` bytes of the open read transfer (0xFF, the
/// idle bus, when no device answers); `nack` ends the device's transfer after the last byte.
fn i2c_readinto(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (this_v, s) = this(vm, a, Kind::I2c, "readinto")?;
    let [buf, nack] = parse(vm, "readinto", &a[1..], kw, ["buf", "nack"], 2, 1)?;
    let n = buffer_len(vm, buf)?;
    let nack = stop_arg(vm, nack)?;
    let mut data = vec![0xFFu8; n];
    if let Some(&ab) = txn(vm, this_v)?.as_ref().and_then(|t| t.first())
        && ab != NACKED
        && ab & 1 == 1
    {
        let bus = BUS.get(s) as u32;
        match with_hal(vm, |h| h.i2c_read(bus, ab >> 1, &mut data, nack))? {
            Ok(()) => {}
            Err(e) if e.errno().is_some() => data.fill(0xFF),
            Err(e) => return Err(hal_error(vm, e)),
        }
    }
    fill(vm, buf, &data)?;
    Ok(Value::None)
}

fn i2c_repr(vm: &mut Vm, a: &[Value], _: Kw) -> R {
    let (_, s) = this(vm, a, Kind::I2c, "__repr__")?;
    vm.new_string(format!("I2C({}, freq={})", BUS.get(s), I2C_FREQ.get(s)))
}

// ---------- SPI ----------

/// The bus handle `Hal::spi_open` returned.
const SPI_BUS: Field = Field::new(0, 32);
/// The bus id + 1 (0: a software bus).
const SPI_ID: Field = Field::new(32, 26);

const SPI_METHODS: &[(&str, Attr)] = &[
    ("__init__", Attr::Method(spi_new)),
    ("init", Attr::Method(spi_init)),
    ("deinit", Attr::Method(spi_deinit)),
    ("read", Attr::Method(spi_read)),
    ("readinto", Attr::Method(spi_readinto)),
    ("write", Attr::Method(spi_write)),
    ("write_readinto", Attr::Method(spi_write_readinto)),
    ("__repr__", Attr::Method(spi_repr)),
    ("MSB", Attr::Const(0)),
    ("LSB", Attr::Const(1)),
    ("CONTROLLER", Attr::Const(0)),
    ("MASTER", Attr::Const(0)),
];

pub(super) const SPI: ClassDef = ClassDef {
    name: "SPI",
    key: "machine.SPI",
    base: None,
    attrs: SPI_METHODS,
};

pub(super) const SOFT_SPI: ClassDef = ClassDef {
    name: "SoftSPI",
    key: "machine.SoftSPI",
    base: Some(Kind::Spi),
    attrs: &[("__init__", Attr::Method(soft_spi_new))],
};

const SPI_PARAMS: [&str; 8] = [
    "baudrate", "polarity", "phase", "bits", "firstbit", "sck", "mosi", "miso",
];

/// `SPI(id, baudrate=1000000, *, polarity=0, phase=0, bits=8, firstbit=SPI.MSB, sck=None,
/// mosi=None, miso=None)`.
fn spi_new(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let this_v = a.first().copied().unwrap_or(Value::None);
    let [id, rest @ ..] = parse(
        vm,
        "SPI",
        a.get(1..).unwrap_or(&[]),
        kw,
        [
            "id", "baudrate", "polarity", "phase", "bits", "firstbit", "sck", "mosi", "miso",
        ],
        2,
        0,
    )?;
    let id = bus_id(vm, id, "SPI id")?;
    spi_open(vm, this_v, Kind::Spi, id, rest, 1_000_000)
}

/// `SoftSPI(baudrate=500000, *, polarity=0, phase=0, bits=8, firstbit=MSB, sck, mosi, miso)`.
fn soft_spi_new(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let this_v = a.first().copied().unwrap_or(Value::None);
    let p = parse(
        vm,
        "SoftSPI",
        a.get(1..).unwrap_or(&[]),
        kw,
        SPI_PARAMS,
        1,
        0,
    )?;
    if p[5..].iter().any(|v| opt(*v).is_none()) {
        return Err(vm.value_error("need sck, mosi and miso pins"));
    }
    spi_open(vm, this_v, Kind::SoftSpi, None, p, 500_000)
}

/// `SPI.init(baudrate=1000000, *, polarity=0, phase=0, bits=8, firstbit=SPI.MSB, sck=None,
/// mosi=None, miso=None)`.
fn spi_init(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (this_v, s) = this(vm, a, Kind::Spi, "init")?;
    let p = parse(vm, "init", &a[1..], kw, SPI_PARAMS, 1, 0)?;
    let id = SPI_ID.get(s).checked_sub(1).map(|i| i as u32);
    spi_open(vm, this_v, Kind::Spi, id, p, 1_000_000)
}

fn spi_open(
    vm: &mut Vm,
    this_v: Value,
    kind: Kind,
    id: Option<u32>,
    p: [Value; 8],
    default_baudrate: u32,
) -> R {
    let [baudrate, polarity, phase, bits, firstbit, sck, mosi, miso] = p;
    let pins = [opt_pin(vm, sck)?, opt_pin(vm, mosi)?, opt_pin(vm, miso)?];
    let baudrate = match opt(baudrate) {
        Some(b) => {
            let b = int_of(vm, b)?;
            u32::try_from(b).map_err(|_| vm.value_error("invalid baudrate"))?
        }
        None => default_baudrate,
    };
    let int_or = |vm: &mut Vm, v: Value, d: i64| if v.is_null() { Ok(d) } else { vm.as_index(v) };
    let cfg = SpiConfig {
        baudrate,
        polarity: (int_or(vm, polarity, 0)? & 1) as u8,
        phase: (int_or(vm, phase, 0)? & 1) as u8,
        bits: int_or(vm, bits, 8)?.clamp(1, 32) as u8,
        lsb_first: small_int(firstbit) == Some(1),
    };
    let bus = hal_call(vm, |h| h.spi_open(id, pins, cfg))?;
    let id_field = id.map_or(0, |i| i as u64 + 1);
    if !SPI_ID.fits(id_field) {
        return Err(vm.value_error("invalid SPI id"));
    }
    let s = SPI_ID.set(SPI_BUS.set(0, bus as u64), id_field);
    set_state(vm, this_v, kind, s)?;
    Ok(Value::None)
}

fn spi_deinit(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    this(vm, a, Kind::Spi, "deinit")?;
    parse(vm, "deinit", &a[1..], kw, [], 0, 0)?;
    Ok(Value::None)
}

/// Clocks `data` out and returns what came in.
fn transfer(vm: &mut Vm, s: u64, data: &[u8]) -> Result<Vec<u8>, Exc> {
    let bus = SPI_BUS.get(s) as u32;
    let mut rx = vec![0u8; data.len()];
    hal_call(vm, |h| h.spi_transfer(bus, data, &mut rx))?;
    Ok(rx)
}

/// `nbytes` of `write` (a byte value) to clock out while reading.
fn filler(vm: &mut Vm, nbytes: i64, write: Value) -> Result<Vec<u8>, Exc> {
    let w = if write.is_null() {
        0
    } else {
        vm.as_index(write)?
    };
    let w = u8::try_from(w).map_err(|_| vm.value_error("bytes must be in range(0, 256)"))?;
    let n = nbytes.max(0) as u64;
    vm.check_result_size(n)?;
    Ok(vec![w; n as usize])
}

/// `SPI.read(nbytes, write=0x00)`.
fn spi_read(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (_, s) = this(vm, a, Kind::Spi, "read")?;
    let [n, w] = parse(vm, "read", &a[1..], kw, ["nbytes", "write"], 2, 1)?;
    let n = vm.as_index(n)?;
    let out = filler(vm, n, w)?;
    let data = transfer(vm, s, &out)?;
    new_bytes(vm, data)
}

/// `SPI.readinto(buf, write=0x00)`.
fn spi_readinto(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (_, s) = this(vm, a, Kind::Spi, "readinto")?;
    let [buf, w] = parse(vm, "readinto", &a[1..], kw, ["buf", "write"], 2, 1)?;
    let n = buffer_len(vm, buf)?;
    let out = filler(vm, n as i64, w)?;
    let data = transfer(vm, s, &out)?;
    fill(vm, buf, &data)?;
    Ok(Value::None)
}

/// `SPI.write(buf)`.
fn spi_write(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (_, s) = this(vm, a, Kind::Spi, "write")?;
    let [buf] = parse(vm, "write", &a[1..], kw, ["buf"], 1, 1)?;
    let data = buffer(vm, buf)?;
    transfer(vm, s, &data)?;
    Ok(Value::None)
}

/// `SPI.write_readinto(write_buf, read_buf)` (same lengths).
fn spi_write_readinto(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (_, s) = this(vm, a, Kind::Spi, "write_readinto")?;
    let [wb, rb] = parse(
        vm,
        "write_readinto",
        &a[1..],
        kw,
        ["write_buf", "read_buf"],
        2,
        2,
    )?;
    if buffer_len(vm, wb)? != buffer_len(vm, rb)? {
        return Err(vm.value_error("buffers must be the same length"));
    }
    let data = buffer(vm, wb)?;
    let got = transfer(vm, s, &data)?;
    fill(vm, rb, &got)?;
    Ok(Value::None)
}

fn spi_repr(vm: &mut Vm, a: &[Value], _: Kw) -> R {
    let (v, _) = this(vm, a, Kind::Spi, "__repr__")?;
    plain_repr(vm, v)
}

// ---------- UART ----------

const UART_ID: Field = Field::new(0, 16);
const BAUDRATE: Field = Field::new(16, 32);
const BITS: Field = Field::new(48, 4);
/// 0: no parity, 1 + parity otherwise.
const PARITY: Field = Field::new(52, 2);
const STOP: Field = Field::new(54, 2);

pub(super) const UART: ClassDef = ClassDef {
    name: "UART",
    key: "machine.UART",
    base: None,
    attrs: &[
        ("__init__", Attr::Method(uart_new)),
        ("init", Attr::Method(uart_init)),
        ("deinit", Attr::Method(uart_nothing)),
        ("any", Attr::Method(uart_any)),
        ("read", Attr::Method(uart_read)),
        ("readinto", Attr::Method(uart_readinto)),
        ("readline", Attr::Method(uart_readline)),
        ("write", Attr::Method(uart_write)),
        ("flush", Attr::Method(uart_nothing)),
        ("txdone", Attr::Method(uart_txdone)),
        ("sendbreak", Attr::Method(uart_nothing)),
        ("__repr__", Attr::Method(uart_repr)),
        ("INV_TX", Attr::Const(1)),
        ("INV_RX", Attr::Const(2)),
        ("RTS", Attr::Const(1)),
        ("CTS", Attr::Const(2)),
    ],
};

const UART_PARAMS: [&str; 12] = [
    "baudrate",
    "bits",
    "parity",
    "stop",
    "tx",
    "rx",
    "timeout",
    "timeout_char",
    "txbuf",
    "rxbuf",
    "invert",
    "flow",
];

/// `UART(id, baudrate=115200, bits=8, parity=None, stop=1, *, tx, rx, timeout, ...)`.
fn uart_new(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let this_v = a.first().copied().unwrap_or(Value::None);
    let [id, rest @ ..] = parse(
        vm,
        "UART",
        a.get(1..).unwrap_or(&[]),
        kw,
        [
            "id",
            "baudrate",
            "bits",
            "parity",
            "stop",
            "tx",
            "rx",
            "timeout",
            "timeout_char",
            "txbuf",
            "rxbuf",
            "invert",
            "flow",
        ],
        5,
        1,
    )?;
    let id = u32_arg(vm, id, "UART id")?;
    uart_open(vm, this_v, id, rest)
}

/// `UART.init(baudrate=115200, bits=8, parity=None, stop=1, *, tx, rx, timeout, ...)`.
fn uart_init(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (this_v, s) = this(vm, a, Kind::Uart, "init")?;
    let p = parse(vm, "init", &a[1..], kw, UART_PARAMS, 4, 0)?;
    uart_open(vm, this_v, UART_ID.get(s) as u32, p)
}

fn uart_open(vm: &mut Vm, this_v: Value, id: u32, p: [Value; 12]) -> R {
    let [baudrate, bits, parity, stop, ..] = p;
    let parity = match opt(parity) {
        None => None,
        Some(v) => match small_int(v) {
            Some(x @ (0 | 1)) => Some(x as u8),
            _ => return Err(vm.value_error("invalid parity")),
        },
    };
    let stop = if stop.is_null() {
        1
    } else {
        match small_int(stop) {
            Some(x @ (1 | 2)) => x as u8,
            _ => return Err(vm.value_error("invalid stop bits")),
        }
    };
    let baudrate = match opt(baudrate) {
        Some(b) => {
            let b = int_of(vm, b)?;
            u32::try_from(b).map_err(|_| vm.value_error("invalid baudrate"))?
        }
        None => 115_200,
    };
    let bits = if bits.is_null() {
        8
    } else {
        vm.as_index(bits)?.clamp(5, 9) as u8
    };
    let cfg = UartConfig {
        baudrate,
        bits,
        parity,
        stop,
    };
    hal_call(vm, |h| h.uart_open(id, cfg))?;
    if !UART_ID.fits(id as u64) {
        return Err(vm.value_error("invalid UART id"));
    }
    let s = UART_ID.set(0, id as u64);
    let s = BAUDRATE.set(s, baudrate as u64);
    let s = BITS.set(s, bits as u64);
    let s = PARITY.set(s, parity.map_or(0, |p| p as u64 + 1));
    let s = STOP.set(s, stop as u64);
    set_state(vm, this_v, Kind::Uart, s)?;
    Ok(Value::None)
}

fn uart_nothing(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    this(vm, a, Kind::Uart, "deinit")?;
    parse(vm, "UART method", &a[1..], kw, [], 0, 0)?;
    Ok(Value::None)
}

fn uart_txdone(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    this(vm, a, Kind::Uart, "txdone")?;
    parse(vm, "txdone", &a[1..], kw, [], 0, 0)?;
    Ok(Value::Bool(true))
}

fn waiting(vm: &mut Vm, id: u32) -> Result<usize, Exc> {
    hal_call(vm, |h| h.uart_any(id))
}

/// Up to `n` received bytes (never waits).
fn receive(vm: &mut Vm, id: u32, n: usize) -> Result<Vec<u8>, Exc> {
    let mut buf = vec![0u8; n];
    let got = hal_call(vm, |h| h.uart_read(id, &mut buf))?;
    buf.truncate(got);
    Ok(buf)
}

fn uart_any(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (_, s) = this(vm, a, Kind::Uart, "any")?;
    parse(vm, "any", &a[1..], kw, [], 0, 0)?;
    Ok(Value::Int(waiting(vm, UART_ID.get(s) as u32)? as i64))
}

/// What `UART.read(nbytes)` returns: up to `nbytes` (all waiting when negative or None),
/// None when nothing is waiting.
fn read_some(vm: &mut Vm, id: u32, nbytes: Option<i64>) -> Result<Option<Vec<u8>>, Exc> {
    let mut n = waiting(vm, id)?;
    if let Some(want) = nbytes
        && want >= 0
        && (want as u64) < n as u64
    {
        n = want as usize;
    }
    if n == 0 {
        return Ok(None);
    }
    receive(vm, id, n).map(Some)
}

fn nbytes_arg(vm: &mut Vm, v: Value) -> Result<Option<i64>, Exc> {
    match v {
        Value::Null => Ok(Some(-1)),
        Value::None => Ok(None),
        v => vm.as_index(v).map(Some),
    }
}

/// `UART.read(nbytes=-1)`.
fn uart_read(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (_, s) = this(vm, a, Kind::Uart, "read")?;
    let [n] = parse(vm, "read", &a[1..], kw, ["nbytes"], 1, 0)?;
    let n = nbytes_arg(vm, n)?;
    match read_some(vm, UART_ID.get(s) as u32, n)? {
        Some(data) => new_bytes(vm, data),
        None => Ok(Value::None),
    }
}

/// `UART.readinto(buf, nbytes=-1)`: the number of bytes stored, None when nothing waits.
fn uart_readinto(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (_, s) = this(vm, a, Kind::Uart, "readinto")?;
    let [buf, n] = parse(vm, "readinto", &a[1..], kw, ["buf", "nbytes"], 2, 1)?;
    let len = buffer_len(vm, buf)? as i64;
    let want = match nbytes_arg(vm, n)? {
        Some(n) if n >= 0 => n.min(len),
        _ => len,
    };
    match read_some(vm, UART_ID.get(s) as u32, Some(want))? {
        Some(data) => {
            fill(vm, buf, &data)?;
            Ok(Value::Int(data.len() as i64))
        }
        None => Ok(Value::None),
    }
}

/// `UART.readline()`: up to and including `\n`, what is waiting, or None.
fn uart_readline(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (_, s) = this(vm, a, Kind::Uart, "readline")?;
    parse(vm, "readline", &a[1..], kw, [], 0, 0)?;
    let id = UART_ID.get(s) as u32;
    let mut out = Vec::new();
    loop {
        let c = receive(vm, id, 1)?;
        let Some(&b) = c.first() else {
            break;
        };
        out.push(b);
        if b == b'\n' {
            break;
        }
    }
    if out.is_empty() {
        return Ok(Value::None);
    }
    new_bytes(vm, out)
}

/// `UART.write(buf)`: bytes queued (a str is sent as UTF-8).
fn uart_write(vm: &mut Vm, a: &[Value], kw: Kw) -> R {
    let (_, s) = this(vm, a, Kind::Uart, "write")?;
    let [buf] = parse(vm, "write", &a[1..], kw, ["buf"], 1, 1)?;
    let data = match vm.str_of(buf) {
        Some(text) => text.as_bytes().to_vec(),
        None => buffer(vm, buf)?,
    };
    let id = UART_ID.get(s) as u32;
    let n = hal_call(vm, |h| h.uart_write(id, &data))?;
    Ok(Value::Int(n as i64))
}

fn uart_repr(vm: &mut Vm, a: &[Value], _: Kw) -> R {
    let (_, s) = this(vm, a, Kind::Uart, "__repr__")?;
    let parity = match PARITY.get(s) {
        0 => "None",
        1 => "0",
        _ => "1",
    };
    vm.new_string(format!(
        "UART({}, baudrate={}, bits={}, parity={}, stop={})",
        UART_ID.get(s),
        BAUDRATE.get(s),
        BITS.get(s),
        parity,
        STOP.get(s)
    ))
}
