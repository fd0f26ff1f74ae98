//! `binascii`: hex, base64 and CRC-32 conversions (as CPython's binascii, with its errors).

use crate::builtins::{Kw, check_args, kwarg};
use crate::exceptions::kind;
use crate::object::{NativeFnPtr, Obj};
use crate::value::{ObjRef, Value};
use crate::vm::{Exc, Vm};
use alloc::format;
use alloc::vec::Vec;

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn error(vm: &mut Vm, msg: &str) -> Exc {
    super::module_error(vm, "binascii", "Error", kind::VALUE, msg)
}

/// A bytes-like argument; `a2b_*` functions also take ASCII strings.
fn bytes_arg(vm: &mut Vm, v: Value, ascii_str: bool) -> Result<Vec<u8>, Exc> {
    if let Some(b) = super::bytes_like(vm, v) {
        return Ok(b);
    }
    if let Value::Obj(r) = v {
        match vm.heap.get(r) {
            Obj::Str(s) if ascii_str => {
                if !s.s.is_ascii() {
                    return Err(
                        vm.value_error("string argument should contain only ASCII characters")
                    );
                }
                return Ok(s.s.as_bytes().to_vec());
            }
            _ => {}
        }
    }
    let tn = vm.type_name(v);
    Err(vm.type_error(&if ascii_str {
        format!(
            "argument should be bytes, buffer or ASCII string, not '{}'",
            tn
        )
    } else {
        format!("a bytes-like object is required, not '{}'", tn)
    }))
}

fn b_hexlify(vm: &mut Vm, a: &[Value], kw: Kw) -> Result<Value, Exc> {
    check_args(vm, "hexlify", a, 1, 3)?;
    let data = bytes_arg(vm, a[0], false)?;
    let sep = a.get(1).copied().or_else(|| kwarg(vm, kw, "sep"));
    let per = match a.get(2).copied().or_else(|| kwarg(vm, kw, "bytes_per_sep")) {
        Some(v) => vm.as_index(v)?,
        None => 1,
    };
    let hex: Vec<u8> = data
        .iter()
        .flat_map(|b| {
            let d = b"0123456789abcdef";
            [d[(b >> 4) as usize], d[(b & 15) as usize]]
        })
        .collect();
    let sep = match sep {
        None | Some(Value::None) => None,
        Some(s) => {
            let text: Vec<u8> = match s {
                Value::Obj(r) => match vm.heap.get(r) {
                    Obj::Str(t) => t.s.as_bytes().to_vec(),
                    Obj::Bytes(b) | Obj::ByteArray(b) => b.clone(),
                    _ => Vec::new(),
                },
                _ => Vec::new(),
            };
            if text.len() != 1 {
                return Err(vm.value_error("sep must be length 1."));
            }
            Some(text[0])
        }
    };
    let out = match sep {
        Some(sep) if !data.is_empty() && per != 0 => {
            let step = (per.unsigned_abs() as usize).saturating_mul(2);
            let mut groups: Vec<&[u8]> = Vec::new();
            if per > 0 {
                // Groups count from the right.
                let mut end = hex.len();
                while end > 0 {
                    let start = end.saturating_sub(step);
                    groups.push(&hex[start..end]);
                    end = start;
                }
                groups.reverse();
            } else {
                groups.extend(hex.chunks(step));
            }
            groups.join(&sep)
        }
        _ => hex,
    };
    vm.alloc(Obj::Bytes(out))
}

fn b_unhexlify(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "unhexlify", a, 1, 1)?;
    let data = bytes_arg(vm, a[0], true)?;
    if data.len() % 2 != 0 {
        return Err(error(vm, "Odd-length string"));
    }
    let mut out = Vec::with_capacity(data.len() / 2);
    for pair in data.chunks_exact(2) {
        let digit = |c: u8| (c as char).to_digit(16);
        match (digit(pair[0]), digit(pair[1])) {
            (Some(h), Some(l)) => out.push((h * 16 + l) as u8),
            _ => return Err(error(vm, "Non-hexadecimal digit found")),
        }
    }
    vm.alloc(Obj::Bytes(out))
}

fn b_b2a_base64(vm: &mut Vm, a: &[Value], kw: Kw) -> Result<Value, Exc> {
    check_args(vm, "b2a_base64", a, 1, 1)?;
    let data = bytes_arg(vm, a[0], false)?;
    let newline = match kwarg(vm, kw, "newline") {
        Some(v) => vm.truthy(v)?,
        None => true,
    };
    let mut out = Vec::with_capacity(data.len().div_ceil(3) * 4 + 1);
    for chunk in data.chunks(3) {
        let v = (chunk[0] as u32) << 16
            | (chunk.get(1).copied().unwrap_or(0) as u32) << 8
            | chunk.get(2).copied().unwrap_or(0) as u32;
        out.push(B64[(v >> 18) as usize]);
        out.push(B64[((v >> 12) & 63) as usize]);
        out.push(if chunk.len() > 1 {
            B64[((v >> 6) & 63) as usize]
        } else {
            b'='
        });
        out.push(if chunk.len() > 2 {
            B64[(v & 63) as usize]
        } else {
            b'='
        });
    }
    if newline {
        out.push(b'\n');
    }
    vm.alloc(Obj::Bytes(out))
}

fn b_a2b_base64(vm: &mut Vm, a: &[Value], kw: Kw) -> Result<Value, Exc> {
    check_args(vm, "a2b_base64", a, 1, 1)?;
    let data = bytes_arg(vm, a[0], true)?;
    let strict = match kwarg(vm, kw, "strict_mode") {
        Some(v) => vm.truthy(v)?,
        None => false,
    };
    let mut out = Vec::with_capacity(data.len() / 4 * 3);
    let (mut acc, mut nbits, mut quad, mut pads) = (0u32, 0u32, 0u32, 0u32);
    for &c in &data {
        if c == b'=' {
            if quad >= 2 {
                pads += 1;
                if quad + pads >= 4 {
                    // A complete quantum ends the data, as CPython does.
                    quad = 0;
                    break;
                }
            }
            continue;
        }
        let Some(v) = B64.iter().position(|&x| x == c) else {
            if strict {
                return Err(error(vm, "Only base64 data is allowed"));
            }
            continue;
        };
        pads = 0;
        acc = (acc << 6) | v as u32;
        nbits += 6;
        quad = (quad + 1) % 4;
        if nbits >= 8 {
            nbits -= 8;
            out.push((acc >> nbits) as u8);
            acc &= (1 << nbits) - 1;
        }
    }
    if quad == 1 {
        let count = out.len() / 3 * 4 + 1;
        return Err(error(
            vm,
            &format!(
                "Invalid base64-encoded string: number of data characters ({}) cannot be 1 more \
                 than a multiple of 4",
                count
            ),
        ));
    }
    if quad != 0 {
        return Err(error(vm, "Incorrect padding"));
    }
    vm.alloc(Obj::Bytes(out))
}

/// CRC-32 (IEEE 802.3, reflected), bitwise: no 1 KiB table in RAM or flash.
pub fn crc32_update(crc: u32, data: &[u8]) -> u32 {
    let mut c = !crc;
    for &b in data {
        c ^= b as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 {
                0xedb8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
    }
    !c
}

fn b_crc32(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "crc32", a, 1, 2)?;
    let data = bytes_arg(vm, a[0], false)?;
    let start = match a.get(1) {
        Some(v) => match vm.as_num(*v) {
            Some(crate::ops::Num::I(i)) => i as u32,
            Some(crate::ops::Num::B(b)) => {
                let low = b.bitop(&crate::int::BigInt::from_i64(0xffff_ffff), 0);
                low.to_i64().unwrap_or(0) as u32
            }
            _ => {
                let tn = vm.type_name(*v);
                return Err(vm.type_error(&format!(
                    "'{}' object cannot be interpreted as an integer",
                    tn
                )));
            }
        },
        None => 0,
    };
    Ok(Value::Int(crc32_update(start, &data) as i64))
}

/// The module's functions (and CPython's aliases).
pub const FUNCTIONS: &[(&str, NativeFnPtr)] = &[
    ("hexlify", b_hexlify),
    ("b2a_hex", b_hexlify),
    ("unhexlify", b_unhexlify),
    ("a2b_hex", b_unhexlify),
    ("b2a_base64", b_b2a_base64),
    ("a2b_base64", b_a2b_base64),
    ("crc32", b_crc32),
];

/// Fills the module dict `d`.
pub fn init(vm: &mut Vm, d: ObjRef) -> Result<(), Exc> {
    super::add_functions(vm, d, FUNCTIONS)?;
    for (name, base) in [("Error", kind::VALUE), ("Incomplete", kind::EXCEPTION)] {
        let c = super::exception_class(vm, "binascii", name, base)?;
        let k = vm.intern(name)?;
        vm.dict_set_str(d, k, Value::Obj(c))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn crc32_matches_zlib() {
        assert_eq!(super::crc32_update(0, b"hello world"), 0x0d4a_1185);
        assert_eq!(
            super::crc32_update(super::crc32_update(0, b"hello "), b"world"),
            0x0d4a_1185
        );
    }
}
