//! `memoryview`: a window (start, length, step) onto a bytes or bytearray, so a slice of a
//! view is a view too and writes through it reach the base, as in CPython.

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
}

/// `MemView::len` of a view over the whole base.
pub const WHOLE: usize = usize::MAX;

impl MemView {
    /// A view of all of `base`.
    pub fn whole(base: ObjRef) -> MemView {
        MemView {
            base,
            start: 0,
            len: WHOLE,
            step: 1,
            released: false,
        }
    }
}

/// A view's items as (start, len, step) over a base of `base_len` bytes; `None` when a
/// sliced view no longer fits its (shrunk) base.
fn span(v: &MemView, base_len: usize) -> Option<(usize, usize, isize)> {
    if v.len == WHOLE {
        return Some((0, base_len, 1));
    }
    if v.len == 0 {
        return Some((0, 0, 1));
    }
    let last = v.start as i128 + (v.len as i128 - 1) * v.step as i128;
    let (lo, hi) = ((v.start as i128).min(last), (v.start as i128).max(last));
    if lo < 0 || hi >= base_len as i128 {
        return None;
    }
    Some((v.start, v.len, v.step))
}

/// The bytes of a span that `span` checked against `b`.
fn copy_span(b: &[u8], start: usize, len: usize, step: isize) -> Vec<u8> {
    if step == 1 {
        b[start..start + len].to_vec()
    } else {
        (0..len)
            .map(|i| b[(start as isize + i as isize * step) as usize])
            .collect()
    }
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
            Ok((_, b, start, len, step)) => Ok(copy_span(b, start, len, step)),
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

    /// The bytes of any bytes-like value: bytes, bytearray or a memoryview over either.
    pub fn buffer_bytes(&self, v: Value) -> Option<Vec<u8>> {
        let r = v.as_obj()?;
        match self.heap.get(r) {
            Obj::Bytes(b) | Obj::ByteArray(b) => Some(b.clone()),
            Obj::MemoryView(_) => {
                let (_, b, start, len, step) = self.mv_parts(r).ok()?;
                Some(copy_span(b, start, len, step))
            }
            _ => None,
        }
    }

    /// The writable bytearray behind `v` and the base index of its first byte (a bytearray,
    /// or a contiguous memoryview over one), for writers such as `struct.pack_into`.
    pub fn writable_buffer(&self, v: Value) -> Option<(ObjRef, usize, usize)> {
        let r = v.as_obj()?;
        match self.heap.get(r) {
            Obj::ByteArray(b) => Some((r, 0, b.len())),
            Obj::MemoryView(_) => match self.mv_parts(r) {
                Ok((mv, _, start, len, step))
                    if (step == 1 || len <= 1)
                        && matches!(self.heap.get(mv.base), Obj::ByteArray(_)) =>
                {
                    Some((mv.base, start, len))
                }
                _ => None,
            },
            _ => None,
        }
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
            let view = MemView {
                base: mv.base,
                start: (start as i128 + s_start as i128 * step as i128) as usize,
                len: s_len as usize,
                step: if s_len <= 1 {
                    1
                } else {
                    (s_step as i128 * step as i128) as isize
                },
                released: false,
            };
            return self.alloc(Obj::MemoryView(view));
        }
        let i = self.mv_index(idx, len)?;
        let at = (start as isize + i as isize * step) as usize;
        // Checked again: an `__index__` may have resized the base meanwhile.
        match self.heap.get(mv.base) {
            Obj::Bytes(b) | Obj::ByteArray(b) if at < b.len() => Ok(Value::Int(b[at] as i64)),
            _ => Err(self.mv_error("memoryview: underlying buffer was resized")),
        }
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
            if src.len() as i64 != s_len {
                return Err(self.value_error(
                    "memoryview assignment: lvalue and rvalue have different structures",
                ));
            }
            let positions = (0..s_len as i128)
                .map(|k| {
                    (start as i128 + (s_start as i128 + k * s_step as i128) * step as i128) as usize
                })
                .collect();
            (positions, src)
        } else {
            let i = self.mv_index(idx, len)?;
            let x = match v {
                Value::Int(x) => x,
                Value::Bool(b) => b as i64,
                _ => return Err(self.type_error("memoryview: invalid type for format 'B'")),
            };
            if !(0..256).contains(&x) {
                return Err(self.value_error("memoryview: invalid value for format 'B'"));
            }
            (
                alloc::vec![(start as isize + i as isize * step) as usize],
                alloc::vec![x as u8],
            )
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
