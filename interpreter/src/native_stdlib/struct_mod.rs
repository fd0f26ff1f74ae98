//! `struct`: packing values into bytes, as CPython 3.11's `struct` (formats, sizes, byte orders
//! and error messages).
//!
//! Native rather than frozen Python because a device imports it in a 64 KiB heap: the module is
//! a dict of native functions, the `error` class and the `Struct` class (a few hundred bytes),
//! where the Python version cost ~60 KB of heap to import.
//!
//! The native mode (`@`, the default) uses an LP64 layout with natural alignment, as CPython on a
//! 64-bit Linux host, so programs and their expected outputs agree across ports.

use crate::builtins::{Kw, check_args, kwarg};
use crate::exceptions::kind;
use crate::int::BigInt;
use crate::object::{NativeFnPtr, Obj};
use crate::ops::Num;
use crate::value::{ObjRef, Value};
use crate::vm::{Exc, Vm};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// One packed field: a format code and where its bytes go.
#[derive(Clone, Copy)]
struct Item {
    code: u8,
    /// Repeat count for `s`/`p` (their byte length); 1 otherwise.
    count: usize,
    offset: usize,
    size: usize,
}

/// A compiled format string.
struct Layout {
    big_endian: bool,
    /// Which of CPython's code tables applies (it picks error messages per table).
    table: Table,
    items: Vec<Item>,
    size: usize,
}

#[derive(Clone, Copy, PartialEq)]
enum Table {
    Native,
    Little,
    Big,
}

/// (native size, standard size) of a format code; standard 0 = native only.
fn sizes(c: u8) -> Option<(usize, usize)> {
    Some(match c {
        b'x' | b'c' | b'b' | b'B' | b'?' | b's' | b'p' => (1, 1),
        b'h' | b'H' | b'e' => (2, 2),
        b'i' | b'I' | b'f' => (4, 4),
        b'l' | b'L' => (8, 4),
        b'q' | b'Q' | b'd' => (8, 8),
        b'n' | b'N' | b'P' => (8, 0),
        _ => return None,
    })
}

const INT_CODES: &[u8] = b"bBhHiIlLqQnNP";
const SIGNED_CODES: &[u8] = b"bhilqn";
const MAX_SIZE: usize = isize::MAX as usize;

fn compile_format(fmt: &[u8]) -> Result<Layout, &'static str> {
    let (mut i, big_endian, native) = match fmt.first() {
        Some(b'@') => (1, false, true),
        Some(b'=') | Some(b'<') => (1, false, false),
        Some(b'>') | Some(b'!') => (1, true, false),
        _ => (0, false, true),
    };
    let table = match (native, big_endian) {
        (true, _) => Table::Native,
        (false, false) => Table::Little,
        (false, true) => Table::Big,
    };
    let mut items = Vec::new();
    let mut offset: usize = 0;
    const TOO_LONG: &str = "total struct size too long";
    while i < fmt.len() {
        let mut c = fmt[i];
        i += 1;
        if b" \t\n\r\x0b\x0c".contains(&c) {
            continue;
        }
        let mut count: usize = 1;
        if c.is_ascii_digit() {
            count = (c - b'0') as usize;
            while i < fmt.len() && fmt[i].is_ascii_digit() {
                count = count
                    .checked_mul(10)
                    .and_then(|n| n.checked_add((fmt[i] - b'0') as usize))
                    .filter(|n| *n <= MAX_SIZE)
                    .ok_or(TOO_LONG)?;
                i += 1;
            }
            if i >= fmt.len() {
                return Err("repeat count given without format specifier");
            }
            c = fmt[i];
            i += 1;
        }
        let (native_size, std_size) = match sizes(c) {
            Some(s) if native || s.1 != 0 => s,
            _ => return Err("bad char in struct format"),
        };
        let size = if native { native_size } else { std_size };
        if native && size > 1 && c != b's' && c != b'p' {
            offset = offset.div_ceil(size).checked_mul(size).ok_or(TOO_LONG)?;
        }
        match c {
            b's' | b'p' => {
                items.push(Item {
                    code: c,
                    count,
                    offset,
                    size: count,
                });
                offset = offset.checked_add(count).ok_or(TOO_LONG)?;
            }
            b'x' => offset = offset.checked_add(count).ok_or(TOO_LONG)?,
            _ => {
                let total = count.checked_mul(size).ok_or(TOO_LONG)?;
                if offset.checked_add(total).is_none_or(|end| end > MAX_SIZE) {
                    return Err(TOO_LONG);
                }
                // Each item is kept so pack/unpack are one loop; guard the allocation a huge
                // repeat count (`"1000000000i"`) would ask for.
                if count > (1 << 24) {
                    return Err(TOO_LONG);
                }
                for _ in 0..count {
                    items.push(Item {
                        code: c,
                        count: 1,
                        offset,
                        size,
                    });
                    offset += size;
                }
            }
        }
        if offset > MAX_SIZE {
            return Err(TOO_LONG);
        }
    }
    Ok(Layout {
        big_endian,
        table,
        items,
        size: offset,
    })
}

/// The `struct.error` class.
fn error_class(vm: &mut Vm) -> Result<ObjRef, Exc> {
    super::exception_class(vm, "struct", "error", kind::EXCEPTION)
}

fn error(vm: &mut Vm, msg: &str) -> Exc {
    super::module_error(vm, "struct", "error", kind::EXCEPTION, msg)
}

fn layout_of(vm: &mut Vm, fmt: Value) -> Result<Layout, Exc> {
    let bytes: Vec<u8> = match fmt {
        Value::Obj(r) => match vm.heap.get(r) {
            Obj::Str(s) => s.s.as_bytes().to_vec(),
            Obj::Bytes(b) | Obj::ByteArray(b) => b.clone(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    let is_text = matches!(fmt, Value::Obj(r) if matches!(vm.heap.get(r), Obj::Str(_) | Obj::Bytes(_) | Obj::ByteArray(_)));
    if !is_text {
        let tn = vm.type_name(fmt);
        return Err(vm.type_error(&format!(
            "Struct() argument 1 must be a str or bytes object, not {}",
            tn
        )));
    }
    compile_format(&bytes).map_err(|m| error(vm, m))
}

/// The bytes of a bytes-like argument (bytes, bytearray, memoryview).
fn buffer_bytes(vm: &mut Vm, v: Value) -> Result<Vec<u8>, Exc> {
    if let Some(b) = super::bytes_like(vm, v) {
        return Ok(b);
    }
    let tn = vm.type_name(v);
    Err(vm.type_error(&format!("a bytes-like object is required, not '{}'", tn)))
}

/// An int argument for an integer code, as i128 (`None`: beyond any 8-byte range).
fn int_arg(vm: &mut Vm, v: Value) -> Result<Option<i128>, Exc> {
    match vm.as_num(v) {
        Some(Num::I(i)) => return Ok(Some(i as i128)),
        Some(Num::B(b)) => return Ok(big_to_i128(&b)),
        Some(Num::F(_)) => return Err(error(vm, "required argument is not an integer")),
        None => {}
    }
    let idx = vm.n.index;
    match vm.lookup_special(v, idx) {
        Some(m) => {
            let r = vm.call(m, &[v])?;
            match vm.as_num(r) {
                Some(Num::I(i)) => Ok(Some(i as i128)),
                Some(Num::B(b)) => Ok(big_to_i128(&b)),
                _ => {
                    let tn = vm.type_name(r);
                    Err(vm.type_error(&format!("__index__ returned non-int (type {})", tn)))
                }
            }
        }
        None => Err(error(vm, "required argument is not an integer")),
    }
}

fn big_to_i128(b: &BigInt) -> Option<i128> {
    if b.bit_length() > 100 {
        return None;
    }
    let text = b.to_string_radix(16);
    let (neg, digits) = match text.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, text.as_str()),
    };
    let m = i128::from_str_radix(digits, 16).ok()?;
    Some(if neg { -m } else { m })
}

/// CPython's message for an int out of a code's range (it differs per code table).
fn range_message(c: u8, v: Option<i128>, size: usize, table: Table, lo: i128, hi: i128) -> String {
    let native_name = match c {
        b'b' => Some("byte"),
        b'B' => Some("ubyte"),
        b'h' => Some("short"),
        b'H' => Some("ushort"),
        _ => None,
    };
    // On a little-endian host the '<'/'=' table reuses the native functions where sizes agree.
    let as_native = table == Table::Native || (table == Table::Little && b"bBhHiIqQ".contains(&c));
    if let Some(name) = native_name
        && (as_native || c == b'b' || c == b'B')
    {
        // These packers read a C long first: past its range that read fails instead.
        if !v.is_some_and(|v| (-(1i128 << 63)..1i128 << 63).contains(&v)) {
            return String::from("argument out of range");
        }
        return format!("{} format requires {} <= number <= {}", name, lo, hi);
    }
    if size == 8 {
        return String::from(if table == Table::Big {
            "int too large to convert"
        } else {
            "argument out of range"
        });
    }
    let wide = match v {
        None => true,
        Some(v) if lo < 0 => !(-(1i128 << 63)..1i128 << 63).contains(&v),
        Some(v) => !(0..1i128 << 64).contains(&v),
    };
    if wide {
        return String::from("argument out of range");
    }
    format!("'{}' format requires {} <= number <= {}", c as char, lo, hi)
}

fn put_uint(out: &mut [u8], bits: u128, big_endian: bool) {
    let n = out.len();
    for (k, byte) in out.iter_mut().enumerate() {
        let shift = if big_endian { (n - 1 - k) * 8 } else { k * 8 };
        *byte = (bits >> shift) as u8;
    }
}

fn get_uint(data: &[u8], big_endian: bool) -> u128 {
    let n = data.len();
    let mut v: u128 = 0;
    for (k, &byte) in data.iter().enumerate() {
        let shift = if big_endian { (n - 1 - k) * 8 } else { k * 8 };
        v |= (byte as u128) << shift;
    }
    v
}

/// A float argument for `e`/`f`/`d`.
fn float_arg(vm: &mut Vm, v: Value) -> Result<f64, Exc> {
    match vm.as_num(v) {
        Some(Num::F(f)) => return Ok(f),
        Some(Num::I(i)) => return Ok(i as f64),
        Some(Num::B(b)) => {
            let f = b.to_f64();
            if f.is_infinite() {
                return Err(vm.exc_msg(kind::OVERFLOW, "int too large to convert to float"));
            }
            return Ok(f);
        }
        None => {}
    }
    let fl = vm.n.float;
    match vm.lookup_special(v, fl) {
        Some(m) => {
            let r = vm.call(m, &[v])?;
            match vm.as_num(r) {
                Some(Num::F(f)) => Ok(f),
                _ => Err(error(vm, "required argument is not a float")),
            }
        }
        None => Err(error(vm, "required argument is not a float")),
    }
}

/// IEEE 754 half precision, rounded to nearest even (CPython's PyFloat_Pack2).
fn half_bits(x: f64) -> Option<u16> {
    let sign: u16 = if x.is_sign_negative() { 0x8000 } else { 0 };
    if x.is_nan() {
        return Some(sign | 0x7e00);
    }
    let a = x.abs();
    if a.is_infinite() {
        return Some(sign | 0x7c00);
    }
    if a == 0.0 {
        return Some(sign);
    }
    let (m, e) = libm::frexp(a); // a = m * 2^e, 0.5 <= m < 1
    let mut exp = e - 1 + 15; // biased exponent of 1.m form
    let (mut whole, normal) = if exp >= 1 {
        (libm::ldexp(m, 11), true) // 1.m with 10 fraction bits: m*2^11 in [1024, 2048)
    } else {
        (libm::ldexp(a, 24), false) // subnormal: units of 2^-24
    };
    let floor = libm::floor(whole);
    let rem = whole - floor;
    whole = floor;
    if rem > 0.5 || (rem == 0.5 && (whole as u64) & 1 == 1) {
        whole += 1.0;
    }
    let mut w = whole as u32;
    let mant: u32;
    if normal {
        if w == 2048 {
            exp += 1;
            w = 1024;
        }
        mant = w - 1024;
    } else if w == 1024 {
        exp = 1;
        mant = 0;
    } else {
        exp = 0;
        mant = w;
    }
    if exp >= 31 {
        return None;
    }
    Some(sign | ((exp as u16) << 10) | mant as u16)
}

fn half_to_f64(bits: u16) -> f64 {
    let sign = if bits & 0x8000 != 0 { -1.0 } else { 1.0 };
    let e = ((bits >> 10) & 0x1f) as i32;
    let mant = (bits & 0x3ff) as f64;
    if e == 31 {
        return if mant == 0.0 {
            sign * f64::INFINITY
        } else {
            libm::copysign(f64::NAN, sign)
        };
    }
    if e == 0 {
        return sign * libm::ldexp(mant, -24);
    }
    sign * libm::ldexp(mant + 1024.0, e - 25)
}

fn pack_item(
    vm: &mut Vm,
    layout: &Layout,
    item: Item,
    v: Value,
    out: &mut [u8],
) -> Result<(), Exc> {
    let dst = &mut out[item.offset..item.offset + item.size];
    let big = layout.big_endian;
    let c = item.code;
    if INT_CODES.contains(&c) {
        let n = int_arg(vm, v)?;
        let bits = item.size as u32 * 8;
        let (lo, hi) = if SIGNED_CODES.contains(&c) {
            (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
        } else {
            (0, (1i128 << bits) - 1)
        };
        match n {
            Some(n) if n >= lo && n <= hi => {
                put_uint(dst, n as u128, big);
                Ok(())
            }
            _ => {
                let msg = range_message(c, n, item.size, layout.table, lo, hi);
                Err(error(vm, &msg))
            }
        }
    } else {
        match c {
            b'e' | b'f' | b'd' => {
                let x = float_arg(vm, v)?;
                let bits: u128 = match c {
                    b'd' => x.to_bits() as u128,
                    b'f' => {
                        let y = x as f32;
                        // The native 'f' is a C cast (out of range becomes infinity); the
                        // standard sizes refuse it, as CPython's PyFloat_Pack4.
                        if y.is_infinite() && x.is_finite() && layout.table != Table::Native {
                            return Err(
                                vm.exc_msg(kind::OVERFLOW, "float too large to pack with f format")
                            );
                        }
                        y.to_bits() as u128
                    }
                    _ => match half_bits(x) {
                        Some(b) => b as u128,
                        None => {
                            return Err(
                                vm.exc_msg(kind::OVERFLOW, "float too large to pack with e format")
                            );
                        }
                    },
                };
                put_uint(dst, bits, big);
                Ok(())
            }
            b'?' => {
                let t = vm.truthy(v)?;
                dst[0] = t as u8;
                Ok(())
            }
            b'c' => match bytes_arg(vm, v) {
                Some(b) if b.len() == 1 => {
                    dst[0] = b[0];
                    Ok(())
                }
                _ => Err(error(vm, "char format requires a bytes object of length 1")),
            },
            b's' => {
                let Some(b) = bytes_arg(vm, v) else {
                    return Err(error(vm, "argument for 's' must be a bytes object"));
                };
                let n = b.len().min(item.count);
                dst[..n].copy_from_slice(&b[..n]);
                Ok(())
            }
            _ => {
                // 'p': a Pascal string, its length in the first byte.
                let Some(b) = bytes_arg(vm, v) else {
                    return Err(error(vm, "argument for 'p' must be a bytes object"));
                };
                if item.count == 0 {
                    return Ok(());
                }
                let n = b.len().min(item.count - 1);
                dst[0] = n.min(255) as u8;
                dst[1..1 + n].copy_from_slice(&b[..n]);
                Ok(())
            }
        }
    }
}

fn bytes_arg(vm: &Vm, v: Value) -> Option<Vec<u8>> {
    match v {
        Value::Obj(r) => match vm.heap.get(r) {
            Obj::Bytes(b) | Obj::ByteArray(b) => Some(b.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// `who` names the caller in the count error, as CPython's message does
/// (`pack` or `pack_into`).
fn pack_values(vm: &mut Vm, who: &str, layout: &Layout, args: &[Value]) -> Result<Vec<u8>, Exc> {
    let nargs = layout.items.len();
    if args.len() != nargs {
        return Err(error(
            vm,
            &format!(
                "{} expected {} items for packing (got {})",
                who,
                nargs,
                args.len()
            ),
        ));
    }
    let mut out = Vec::new();
    if out.try_reserve_exact(layout.size).is_err() {
        return Err(vm.memory_error());
    }
    out.resize(layout.size, 0);
    for (item, v) in layout.items.iter().zip(args) {
        pack_item(vm, layout, *item, *v, &mut out)?;
    }
    Ok(out)
}

fn unpack_values(vm: &mut Vm, layout: &Layout, data: &[u8], start: usize) -> Result<Value, Exc> {
    let mut out = Vec::with_capacity(layout.items.len());
    for item in &layout.items {
        let chunk = &data[start + item.offset..start + item.offset + item.size];
        let big = layout.big_endian;
        let v = match item.code {
            c if INT_CODES.contains(&c) => {
                let raw = get_uint(chunk, big);
                let bits = item.size as u32 * 8;
                let n: i128 = if SIGNED_CODES.contains(&c) && raw >= 1u128 << (bits - 1) {
                    raw as i128 - (1i128 << bits)
                } else {
                    raw as i128
                };
                match i64::try_from(n) {
                    Ok(i) => Value::Int(i),
                    Err(_) => vm.alloc(Obj::BigInt(BigInt::from_i128(n)))?,
                }
            }
            b'd' => Value::Float(f64::from_bits(get_uint(chunk, big) as u64)),
            b'f' => Value::Float(f32::from_bits(get_uint(chunk, big) as u32) as f64),
            b'e' => Value::Float(half_to_f64(get_uint(chunk, big) as u16)),
            b'?' => Value::Bool(chunk[0] != 0),
            b'c' | b's' => vm.alloc(Obj::Bytes(chunk.to_vec()))?,
            _ => {
                let mut n = chunk.first().copied().unwrap_or(0) as usize;
                if n >= item.count {
                    n = item.count.saturating_sub(1);
                }
                let body = if item.count == 0 {
                    Vec::new()
                } else {
                    chunk[1..1 + n].to_vec()
                };
                vm.alloc(Obj::Bytes(body))?
            }
        };
        out.push(v);
    }
    vm.alloc(Obj::Tuple(out.into_boxed_slice()))
}

fn s_calcsize(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "calcsize", a, 1, 1)?;
    let layout = layout_of(vm, a[0])?;
    Ok(Value::Int(layout.size as i64))
}

fn s_pack(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    if a.is_empty() {
        return Err(vm.type_error("pack expected at least 1 argument, got 0"));
    }
    let layout = layout_of(vm, a[0])?;
    let out = pack_values(vm, "pack", &layout, &a[1..])?;
    vm.alloc(Obj::Bytes(out))
}

fn s_unpack(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "unpack", a, 2, 2)?;
    let layout = layout_of(vm, a[0])?;
    unpack_whole(vm, &layout, a[1])
}

/// `unpack`: the buffer must hold exactly one struct.
fn unpack_whole(vm: &mut Vm, layout: &Layout, buffer: Value) -> Result<Value, Exc> {
    let data = buffer_bytes(vm, buffer)?;
    if data.len() != layout.size {
        return Err(error(
            vm,
            &format!("unpack requires a buffer of {} bytes", layout.size),
        ));
    }
    unpack_values(vm, layout, &data, 0)
}

/// A (possibly negative) offset into a buffer of `n` bytes, as CPython resolves it.
fn resolve_offset(vm: &mut Vm, offset: i64, n: usize) -> Result<usize, Exc> {
    if offset < 0 {
        let back = offset.unsigned_abs();
        if back > n as u64 {
            return Err(error(
                vm,
                &format!("offset {} out of range for {}-byte buffer", offset, n),
            ));
        }
        return Ok(n - back as usize);
    }
    Ok(usize::try_from(offset).unwrap_or(usize::MAX))
}

fn unpack_from_impl(
    vm: &mut Vm,
    layout: &Layout,
    buffer: Value,
    offset: Value,
) -> Result<Value, Exc> {
    let data = buffer_bytes(vm, buffer)?;
    let off = offset_index(vm, offset)?;
    let n = data.len();
    let start = resolve_offset(vm, off, n)?;
    let size = layout.size;
    if start > n || n - start < size {
        return Err(error(
            vm,
            &format!(
                "unpack_from requires a buffer of at least {} bytes for unpacking {} bytes at \
                 offset {} (actual buffer size is {})",
                (size as u128) + (start as u128),
                size,
                start,
                n
            ),
        ));
    }
    unpack_values(vm, layout, &data, start)
}

/// `unpack_from`'s offset: the third positional argument or `offset=`, default 0.
fn offset_arg(vm: &Vm, a: &[Value], kw: Kw) -> Value {
    a.get(2)
        .copied()
        .or_else(|| kwarg(vm, kw, "offset"))
        .unwrap_or(Value::Int(0))
}

/// An offset as i64; one beyond any buffer saturates (the size check then refuses it).
fn offset_index(vm: &mut Vm, offset: Value) -> Result<i64, Exc> {
    Ok(match int_arg(vm, offset)? {
        Some(o) => i64::try_from(o).unwrap_or(i64::MAX),
        None => i64::MAX,
    })
}

fn s_unpack_from(vm: &mut Vm, a: &[Value], kw: Kw) -> Result<Value, Exc> {
    check_args(vm, "unpack_from", a, 2, 3)?;
    let offset = offset_arg(vm, a, kw);
    let layout = layout_of(vm, a[0])?;
    unpack_from_impl(vm, &layout, a[1], offset)
}

fn pack_into_impl(
    vm: &mut Vm,
    layout: &Layout,
    buffer: Value,
    offset: Value,
    args: &[Value],
) -> Result<Value, Exc> {
    // The writable bytearray behind the buffer (directly or through a memoryview).
    let Some(_) = vm.writable_buffer(buffer) else {
        let tn = vm.type_name(buffer);
        return Err(vm.type_error(&format!(
            "argument must be read-write bytes-like object, not {}",
            tn
        )));
    };
    let packed = pack_values(vm, "pack_into", layout, args)?;
    let off = offset_index(vm, offset)?;
    // Looked up again: `__index__` above may have changed the buffer.
    let (target, base_off, n) = vm.writable_buffer(buffer).unwrap_or((ObjRef(0), 0, 0));
    let size = layout.size;
    if off < 0 && (off as i128) + (size as i128) > 0 {
        return Err(error(
            vm,
            &format!("no space to pack {} bytes at offset {}", size, off),
        ));
    }
    let start = resolve_offset(vm, off, n)?;
    if start > n || n - start < size {
        return Err(error(
            vm,
            &format!(
                "pack_into requires a buffer of at least {} bytes for packing {} bytes at \
                 offset {} (actual buffer size is {})",
                (size as u128) + (start as u128),
                size,
                start,
                n
            ),
        ));
    }
    if let Obj::ByteArray(b) = vm.heap.get_mut(target)
        && let Some(dst) = b.get_mut(base_off + start..base_off + start + size)
    {
        dst.copy_from_slice(&packed);
    }
    Ok(Value::None)
}

fn s_pack_into(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    if a.len() < 3 {
        return Err(vm.type_error(&format!(
            "pack_into expected at least 3 arguments, got {}",
            a.len()
        )));
    }
    let layout = layout_of(vm, a[0])?;
    pack_into_impl(vm, &layout, a[1], a[2], &a[3..])
}

fn iter_unpack_impl(vm: &mut Vm, layout: &Layout, buffer: Value) -> Result<Value, Exc> {
    let data = buffer_bytes(vm, buffer)?;
    let size = layout.size;
    if size == 0 {
        return Err(error(
            vm,
            "cannot iteratively unpack with a struct of length 0",
        ));
    }
    if data.len() % size != 0 {
        return Err(error(
            vm,
            &format!(
                "iterative unpacking requires a buffer of a multiple of {} bytes",
                size
            ),
        ));
    }
    let mut rows = Vec::with_capacity(data.len() / size);
    for start in (0..data.len()).step_by(size) {
        rows.push(unpack_values(vm, layout, &data, start)?);
    }
    let list = crate::builtins::new_list(vm, rows)?;
    vm.get_iter(list)
}

fn s_iter_unpack(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "iter_unpack", a, 2, 2)?;
    let layout = layout_of(vm, a[0])?;
    iter_unpack_impl(vm, &layout, a[1])
}

// ---------- Struct ----------

/// The format a `Struct` instance was made with (its `format` attribute).
fn struct_format(vm: &mut Vm, this: Value) -> Result<Value, Exc> {
    let k = vm.intern("format")?;
    vm.get_attr(this, k)
}

fn st_init(vm: &mut Vm, a: &[Value], kw: Kw) -> Result<Value, Exc> {
    let Some(fmt) = a.get(1).copied().or_else(|| kwarg(vm, kw, "format")) else {
        return Err(vm.type_error("Struct() missing required argument 'format' (pos 1)"));
    };
    let layout = layout_of(vm, fmt)?;
    // `format` is always a str, as CPython 3.11 reports it.
    let text = match fmt {
        Value::Obj(r) => match vm.heap.get(r) {
            Obj::Bytes(b) | Obj::ByteArray(b) => Some(b.iter().map(|&c| c as char).collect()),
            _ => None,
        },
        _ => None,
    };
    let fmt_str = match text {
        Some(s) => {
            let s: String = s;
            vm.new_string(s)?
        }
        None => fmt,
    };
    let Value::Obj(r) = a[0] else {
        return Ok(Value::None);
    };
    let k = vm.intern("format")?;
    vm.instance_set(r, k, fmt_str)?;
    let k = vm.intern("size")?;
    vm.instance_set(r, k, Value::Int(layout.size as i64))?;
    Ok(Value::None)
}

fn st_layout(vm: &mut Vm, a: &[Value]) -> Result<Layout, Exc> {
    let this = a.first().copied().unwrap_or(Value::None);
    let fmt = struct_format(vm, this)?;
    layout_of(vm, fmt)
}

fn st_pack(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    let layout = st_layout(vm, a)?;
    let out = pack_values(vm, "pack", &layout, a.get(1..).unwrap_or(&[]))?;
    vm.alloc(Obj::Bytes(out))
}

fn st_unpack(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "unpack", a, 2, 2)?;
    let layout = st_layout(vm, a)?;
    unpack_whole(vm, &layout, a[1])
}

fn st_unpack_from(vm: &mut Vm, a: &[Value], kw: Kw) -> Result<Value, Exc> {
    check_args(vm, "unpack_from", a, 2, 3)?;
    let offset = offset_arg(vm, a, kw);
    let layout = st_layout(vm, a)?;
    unpack_from_impl(vm, &layout, a[1], offset)
}

fn st_pack_into(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    if a.len() < 3 {
        return Err(vm.type_error(&format!(
            "pack_into expected at least 2 arguments, got {}",
            a.len().saturating_sub(1)
        )));
    }
    let layout = st_layout(vm, a)?;
    pack_into_impl(vm, &layout, a[1], a[2], &a[3..])
}

fn st_iter_unpack(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "iter_unpack", a, 2, 2)?;
    let layout = st_layout(vm, a)?;
    iter_unpack_impl(vm, &layout, a[1])
}

const STRUCT_METHODS: &[(&str, NativeFnPtr)] = &[
    ("__init__", st_init),
    ("pack", st_pack),
    ("unpack", st_unpack),
    ("unpack_from", st_unpack_from),
    ("pack_into", st_pack_into),
    ("iter_unpack", st_iter_unpack),
];

/// The module's functions.
pub const FUNCTIONS: &[(&str, NativeFnPtr)] = &[
    ("calcsize", s_calcsize),
    ("pack", s_pack),
    ("unpack", s_unpack),
    ("unpack_from", s_unpack_from),
    ("pack_into", s_pack_into),
    ("iter_unpack", s_iter_unpack),
];

/// Fills the module dict `d`: functions, `error`, `Struct`.
pub fn init(vm: &mut Vm, d: ObjRef) -> Result<(), Exc> {
    super::add_functions(vm, d, FUNCTIONS)?;
    let err = error_class(vm)?;
    let k = vm.intern("error")?;
    vm.dict_set_str(d, k, Value::Obj(err))?;
    let cls = vm.make_native_class("Struct", STRUCT_METHODS)?;
    super::set_class_module(vm, cls, "_struct")?;
    let k = vm.intern("Struct")?;
    vm.dict_set_str(d, k, Value::Obj(cls))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts_follow_cpython_sizes_and_alignment() {
        let l = compile_format(b"@bi").ok().map(|l| l.size);
        assert_eq!(l, Some(8));
        let l = compile_format(b"<bi").ok().map(|l| l.size);
        assert_eq!(l, Some(5));
        let l = compile_format(b"3s2xH").ok().map(|l| l.size);
        assert_eq!(l, Some(8));
        assert!(compile_format(b"<n").is_err());
        assert!(compile_format(b"3").is_err());
        assert!(compile_format(b"99999999999999999999999i").is_err());
    }

    #[test]
    fn half_floats_round_to_nearest_even() {
        assert_eq!(half_bits(1.0), Some(0x3c00));
        assert_eq!(half_bits(65504.0), Some(0x7bff));
        assert_eq!(half_bits(65520.0), None);
        assert_eq!(half_bits(5.960464477539063e-08), Some(0x0001));
        assert_eq!(half_to_f64(0x3555), 0.333251953125);
        for bits in [0u16, 1, 0x3c00, 0x7bff, 0x8001, 0xc000] {
            assert_eq!(half_bits(half_to_f64(bits)), Some(bits));
        }
    }
}
