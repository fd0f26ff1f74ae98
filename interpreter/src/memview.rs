//! `memoryview`: a window (start, length, step) onto a bytes or bytearray, so a slice of a
//! view is a view too and writes through it reach the base, as in CPython. A view of an
//! `array.array` (whose items live packed in a bytearray) has the array's item format.

use crate::exceptions::kind;
use crate::object::*;
use crate::value::{ObjRef, Value};
use crate::vm::{Exc, Vm};
use alloc::vec::Vec;

/// What a memoryview object holds.
#[derive(Debug, Clone, Copy)]
pub struct MemView {
    /// The bytes or bytearray viewed.
    pub base: ObjRef,
    /// Base index of item 0.
    pub start: usize,
    /// Number of items, or `WHOLE`: all of the base, however long it is now (a bytearray
    /// can be resized under a view here, where CPython forbids it).
    pub len: usize,
    /// Base index distance between items (negative for `mv[::-1]`).
    pub step: isize,
    /// Set by `release()`: every later use is a ValueError.
    pub released: bool,
    /// The item format (`b'B'` for bytes; an array's typecode, e.g. `b'h'`): items are
    /// `item_size(fmt)` bytes, and `start`/`step` count bytes.
    pub fmt: u8,
}

/// `MemView::len` of a view over the whole base.
pub const WHOLE: usize = usize::MAX;

impl MemView {
    /// A view of all of `base`.
    pub fn whole(base: ObjRef) -> MemView {
        MemView::typed(base, b'B')
    }

    /// A view of all of `base` with items of format `fmt`.
    pub fn typed(base: ObjRef, fmt: u8) -> MemView {
        MemView {
            base,
            start: 0,
            len: WHOLE,
            step: item_size(fmt) as isize,
            released: false,
            fmt,
        }
    }
}

/// The bytes of an item of format `fmt` (struct's native sizes, as `array` uses).
pub fn item_size(fmt: u8) -> usize {
    match fmt {
        b'h' | b'H' => 2,
        b'i' | b'I' | b'f' | b'u' => 4,
        b'l' | b'L' | b'q' | b'Q' | b'd' => 8,
        _ => 1,
    }
}

/// The item of format `fmt` in `b` (little-endian, `item_size(fmt)` bytes).
fn decode(vm: &mut Vm, fmt: u8, b: &[u8]) -> Result<Value, Exc> {
    let mut raw = [0u8; 8];
    raw[..b.len().min(8)].copy_from_slice(&b[..b.len().min(8)]);
    let u = u64::from_le_bytes(raw);
    let bits = 8 * item_size(fmt) as u32;
    Ok(match fmt {
        b'f' => Value::Float(f32::from_bits(u as u32) as f64),
        b'd' => Value::Float(f64::from_bits(u)),
        b'b' | b'h' | b'i' | b'l' | b'q' => {
            let shift = 64 - bits;
            Value::Int(((u << shift) as i64) >> shift)
        }
        _ => match i64::try_from(u) {
            Ok(i) => Value::Int(i),
            Err(_) => vm.int_from_big(crate::int::BigInt::from_i128(u as i128))?,
        },
    })
}

/// The bytes of `v` as an item of format `fmt`, or the error CPython's memoryview gives.
fn encode(vm: &mut Vm, fmt: u8, v: Value) -> Result<Vec<u8>, Exc> {
    let size = item_size(fmt);
    let bad_type = |vm: &mut Vm| {
        vm.type_error(&alloc::format!(
            "memoryview: invalid type for format '{}'",
            fmt as char
        ))
    };
    let bits: u64 = match (fmt, vm.as_num(v)) {
        (b'f' | b'd', Some(n)) => {
            let x = n.to_f64();
            if fmt == b'f' {
                (x as f32).to_bits() as u64
            } else {
                x.to_bits()
            }
        }
        (b'f' | b'd', None) | (_, Some(crate::ops::Num::F(_)) | None) => return Err(bad_type(vm)),
        (_, Some(n)) => {
            let bits = 8 * size as u32;
            let signed = matches!(fmt, b'b' | b'h' | b'i' | b'l' | b'q');
            let (lo, hi) = if signed {
                (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
            } else {
                (0, (1i128 << bits) - 1)
            };
            let x = match n {
                crate::ops::Num::I(i) => Some(i as i128),
                crate::ops::Num::B(b) => b.to_i64().map(|i| i as i128).or_else(|| {
                    // Only a `Q` item above i64::MAX gets here in range.
                    (!signed && b.bit_length() <= 64)
                        .then(|| u64::from_str_radix(&b.to_string_radix(16), 16).ok())
                        .flatten()
                        .map(|u| u as i128)
                }),
                crate::ops::Num::F(_) => None,
            };
            match x {
                Some(x) if x >= lo && x <= hi => x as u64,
                _ => {
                    return Err(vm.value_error(&alloc::format!(
                        "memoryview: invalid value for format '{}'",
                        fmt as char
                    )));
                }
            }
        }
    };
    Ok(bits.to_le_bytes()[..size].to_vec())
}

/// A view's items as (start, len, step) over a base of `base_len` bytes; `None` when a
/// sliced view no longer fits its (shrunk) base.
fn span(v: &MemView, base_len: usize) -> Option<(usize, usize, isize)> {
    let k = item_size(v.fmt);
    if v.len == WHOLE {
        return Some((0, base_len / k, k as isize));
    }
    if v.len == 0 {
        return Some((0, 0, k as isize));
    }
    let last = v.start as i128 + (v.len as i128 - 1) * v.step as i128;
    let (lo, hi) = ((v.start as i128).min(last), (v.start as i128).max(last));
    if lo < 0 || hi + k as i128 > base_len as i128 {
        return None;
    }
    Some((v.start, v.len, v.step))
}

/// The bytes of a span (of items of `k` bytes) that `span` checked against `b`.
fn copy_span(b: &[u8], start: usize, len: usize, step: isize, k: usize) -> Vec<u8> {
    if step == k as isize {
        return b[start..start + len * k].to_vec();
    }
    let mut out = Vec::with_capacity(len * k);
    for i in 0..len {
        let at = (start as isize + i as isize * step) as usize;
        out.extend_from_slice(&b[at..at + k]);
    }
    out
}

impl Vm {
    /// The memoryview object `r`, its base's bytes and its span, or the error CPython gives
    /// for a released view.
    fn mv_parts(&self, r: ObjRef) -> Result<(MemView, &[u8], usize, usize, isize), &'static str> {
        let v = match self.heap.get(r) {
            Obj::MemoryView(v) => *v,
            _ => return Err("not a memoryview"),
        };
        if v.released {
            return Err("operation forbidden on released memoryview object");
        }
        let b: &[u8] = match self.heap.get(v.base) {
            Obj::Bytes(b) | Obj::ByteArray(b) => b,
            _ => &[],
        };
        match span(&v, b.len()) {
            Some((start, len, step)) => Ok((v, b, start, len, step)),
            None => Err("memoryview: underlying buffer was resized"),
        }
    }

    fn mv_error(&mut self, msg: &str) -> Exc {
        self.value_error(msg)
    }

    /// The bytes a memoryview shows (a copy).
    pub fn mv_bytes(&mut self, r: ObjRef) -> Result<Vec<u8>, Exc> {
        match self.mv_parts(r) {
            Ok((v, b, start, len, step)) => Ok(copy_span(b, start, len, step, item_size(v.fmt))),
            Err(m) => Err(self.mv_error(m)),
        }
    }

    /// Number of items of a memoryview.
    pub fn mv_len(&mut self, r: ObjRef) -> Result<usize, Exc> {
        match self.mv_parts(r) {
            Ok((_, _, _, len, _)) => Ok(len),
            Err(m) => Err(self.mv_error(m)),
        }
    }

    /// The bytes of any bytes-like value: bytes, bytearray, an `array.array`, or a memoryview
    /// over one.
    pub fn buffer_bytes(&self, v: Value) -> Option<Vec<u8>> {
        let r = v.as_obj()?;
        match self.heap.get(r) {
            Obj::Bytes(b) | Obj::ByteArray(b) => Some(b.clone()),
            Obj::MemoryView(_) => {
                let (mv, b, start, len, step) = self.mv_parts(r).ok()?;
                Some(copy_span(b, start, len, step, item_size(mv.fmt)))
            }
            Obj::Instance(_) => match self.heap.get(self.instance_buffer(v)?.0) {
                Obj::ByteArray(b) => Some(b.clone()),
                _ => None,
            },
            _ => None,
        }
    }

    /// The writable bytearray behind `v`, the base index of its first byte and the number of
    /// bytes (a bytearray, an `array.array`, or a contiguous memoryview over either), for
    /// writers such as `struct.pack_into` and `readinto`.
    pub fn writable_buffer(&self, v: Value) -> Option<(ObjRef, usize, usize)> {
        let r = v.as_obj()?;
        match self.heap.get(r) {
            Obj::ByteArray(b) => Some((r, 0, b.len())),
            Obj::MemoryView(_) => match self.mv_parts(r) {
                Ok((mv, _, start, len, step))
                    if (step == item_size(mv.fmt) as isize || len <= 1)
                        && matches!(self.heap.get(mv.base), Obj::ByteArray(_)) =>
                {
                    Some((mv.base, start, len * item_size(mv.fmt)))
                }
                _ => None,
            },
            Obj::Instance(_) => {
                let (b, _) = self.instance_buffer(v)?;
                match self.heap.get(b) {
                    Obj::ByteArray(x) => Some((b, 0, x.len())),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// The bytearray holding the items of an object whose class names it in
    /// `__pyrite_buffer__` (the frozen `array.array`), and the item format (its `typecode`).
    pub fn instance_buffer(&self, v: Value) -> Option<(ObjRef, u8)> {
        let r = v.as_obj()?;
        let Obj::Instance(i) = self.heap.get(r) else {
            return None;
        };
        let attr = self.class_lookup(i.class, self.interned_opt("__pyrite_buffer__")?)?;
        let d = self.inst_dict(r)?;
        let get = |name: Value| {
            d.find(self.str_hash(name), |k| self.str_key_eq(k, name))
                .map(|ix| d.entries[ix].value)
        };
        let buf = get(attr)?.as_obj()?;
        if !matches!(self.heap.get(buf), Obj::ByteArray(_)) {
            return None;
        }
        let fmt = match self
            .interned_opt("typecode")
            .and_then(get)
            .and_then(|t| self.str_of(t))
            .map(str::as_bytes)
        {
            Some([c]) if b"bBhHiIlLqQfdu".contains(c) => *c,
            _ => b'B',
        };
        Some((buf, fmt))
    }

    /// `mv.tolist()`: the items.
    pub fn mv_items(&mut self, r: ObjRef) -> Result<Vec<Value>, Exc> {
        let fmt = match self.heap.get(r) {
            Obj::MemoryView(m) => m.fmt,
            _ => b'B',
        };
        let b = self.mv_bytes(r)?;
        let mut out = Vec::new();
        for chunk in b.chunks(item_size(fmt)) {
            out.push(decode(self, fmt, chunk)?);
        }
        Ok(out)
    }

    /// `mv[idx]`: an int, or a view for a slice.
    pub fn mv_get_item(&mut self, r: ObjRef, idx: Value) -> Result<Value, Exc> {
        let (mv, start, len, step) = match self.mv_parts(r) {
            Ok((mv, _, start, len, step)) => (mv, start, len, step),
            Err(m) => return Err(self.mv_error(m)),
        };
        if let Some(sr) = idx.as_obj()
            && let Obj::Slice(..) = self.heap.get(sr)
        {
            let (s_start, s_step, s_len) = self.slice_indices_wide(sr, len as i64)?;
            // A view of at most one item may carry any step (a huge one from the slice).
            let k = item_size(mv.fmt) as isize;
            let view = MemView {
                base: mv.base,
                start: (start as i128 + s_start as i128 * step as i128) as usize,
                len: s_len as usize,
                step: if s_len <= 1 {
                    k
                } else {
                    (s_step as i128 * step as i128) as isize
                },
                released: false,
                fmt: mv.fmt,
            };
            return self.alloc(Obj::MemoryView(view));
        }
        let i = self.mv_index(idx, len)?;
        let at = (start as isize + i as isize * step) as usize;
        let k = item_size(mv.fmt);
        // Checked again: an `__index__` may have resized the base meanwhile.
        let item = match self.heap.get(mv.base) {
            Obj::Bytes(b) | Obj::ByteArray(b) if at + k <= b.len() => {
                let mut raw = [0u8; 8];
                raw[..k].copy_from_slice(&b[at..at + k]);
                raw
            }
            _ => return Err(self.mv_error("memoryview: underlying buffer was resized")),
        };
        decode(self, mv.fmt, &item[..k])
    }

    /// An item index of a view of `len` items (negative from the end).
    fn mv_index(&mut self, idx: Value, len: usize) -> Result<usize, Exc> {
        let i = self.as_index(idx)?;
        let j = if i < 0 {
            i as i128 + len as i128
        } else {
            i as i128
        };
        if j < 0 || j >= len as i128 {
            return Err(self.exc_msg(kind::INDEX, "index out of bounds on dimension 1"));
        }
        Ok(j as usize)
    }

    /// `mv[idx] = v`: a byte for an index, a bytes-like of the same length for a slice.
    pub fn mv_set_item(&mut self, r: ObjRef, idx: Value, v: Value) -> Result<(), Exc> {
        let (mv, start, len, step) = match self.mv_parts(r) {
            Ok((mv, _, start, len, step)) => (mv, start, len, step),
            Err(m) => return Err(self.mv_error(m)),
        };
        if !matches!(self.heap.get(mv.base), Obj::ByteArray(_)) {
            return Err(self.type_error("cannot modify read-only memory"));
        }
        let k = item_size(mv.fmt);
        let (positions, values): (Vec<usize>, Vec<u8>) = if let Some(sr) = idx.as_obj()
            && let Obj::Slice(..) = self.heap.get(sr)
        {
            let (s_start, s_step, s_len) = self.slice_indices_wide(sr, len as i64)?;
            let src = match self.buffer_bytes(v) {
                Some(b) => b,
                None => {
                    let tn = self.type_name(v);
                    return Err(self.type_error(&alloc::format!(
                        "a bytes-like object is required, not '{}'",
                        tn
                    )));
                }
            };
            if src.len() as i64 != s_len * k as i64 {
                return Err(self.value_error(
                    "memoryview assignment: lvalue and rvalue have different structures",
                ));
            }
            let mut positions = Vec::with_capacity(src.len());
            for j in 0..s_len as i128 {
                let at = start as i128 + (s_start as i128 + j * s_step as i128) * step as i128;
                positions.extend((0..k).map(|b| at as usize + b));
            }
            (positions, src)
        } else {
            let i = self.mv_index(idx, len)?;
            let v = if let Value::Bool(b) = v {
                Value::Int(b as i64)
            } else {
                v
            };
            let bytes = encode(self, mv.fmt, v)?;
            let at = (start as isize + i as isize * step) as usize;
            ((at..at + k).collect(), bytes)
        };
        // Checked again: an `__index__` may have resized the base meanwhile.
        if let Obj::ByteArray(b) = self.heap.get_mut(mv.base)
            && positions.iter().all(|p| *p < b.len())
        {
            for (p, x) in positions.into_iter().zip(values) {
                b[p] = x;
            }
            return Ok(());
        }
        Err(self.mv_error("memoryview: underlying buffer was resized"))
    }

    /// `mv.release()`.
    pub fn mv_release(&mut self, r: ObjRef) {
        if let Obj::MemoryView(v) = self.heap.get_mut(r) {
            v.released = true;
        }
    }
}
