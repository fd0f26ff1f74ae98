//! Container protocol: dict/set lookups with Python equality, list growth, len, `in`,
//! subscripts and slices, and iteration over every builtin iterable.

use crate::bytecode::Op;
use crate::dict::Dict;
use crate::exceptions::kind;
use crate::object::*;
use crate::ops::range_len;
use crate::value::{ObjRef, Value};
use crate::vm::{Exc, Vm};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// Resolved slice bounds.
pub struct SliceIdx {
    /// Start index.
    pub start: i64,
    /// Step.
    pub step: i64,
    /// Number of items selected.
    pub len: usize,
}

/// The bounds of the common slice, whose parts are small ints or None, against `len`:
/// (start, step, count), as `slice_indices_wide` computes them. `None` for anything else (big
/// ints, `__index__` objects, a zero step): the general path resolves those and raises.
#[inline]
pub(crate) fn small_slice_bounds(
    a: Value,
    b: Value,
    c: Value,
    len: i64,
) -> Option<(i64, i64, i64)> {
    let small = |v: Value| match v {
        Value::None => Some(None),
        Value::Int(i) => Some(Some(i)),
        _ => None,
    };
    let (a, b, c) = (small(a)?, small(b)?, small(c)?);
    let step = c.unwrap_or(1);
    if step == 0 {
        return None;
    }
    let clamp = |i: Option<i64>, default: i64| match i {
        None => default,
        Some(i) => {
            let i = if i < 0 { i + len } else { i };
            if step > 0 {
                i.clamp(0, len)
            } else {
                i.clamp(-1, len - 1)
            }
        }
    };
    let start = clamp(a, if step > 0 { 0 } else { len - 1 });
    let stop = clamp(b, if step > 0 { len } else { -1 });
    Some((
        start,
        step,
        crate::ops::range_len_wide(start, stop, step) as i64,
    ))
}

/// The items a slice selects, `si` resolved by `slice_indices` against `items.len()`: a copy of
/// the run for step 1, a strided walk otherwise (no index arithmetic per item).
pub(crate) fn slice_items(items: &[Value], si: &SliceIdx) -> Vec<Value> {
    if si.len == 0 {
        return Vec::new();
    }
    let start = si.start as usize;
    // A step past usize (32-bit target) selects one item: any huge stride does.
    let step = usize::try_from(si.step.unsigned_abs()).unwrap_or(usize::MAX);
    let picked = if si.step == 1 {
        items.get(start..start + si.len).map(<[Value]>::to_vec)
    } else if si.step == -1 {
        (start + 1)
            .checked_sub(si.len)
            .and_then(|lo| items.get(lo..=start))
            .map(|run| run.iter().rev().copied().collect())
    } else if si.step > 0 {
        items
            .get(start..)
            .map(|t| t.iter().step_by(step).take(si.len).copied().collect())
    } else {
        items
            .get(..=start)
            .map(|h| h.iter().rev().step_by(step).take(si.len).copied().collect())
    };
    picked.unwrap_or_default()
}

impl Vm {
    // ---------- hash tables ----------

    /// Finds `key` in a table with full Python equality.
    pub fn table_find(&mut self, d: &Dict, hash: i64, key: Value) -> Result<Option<usize>, Exc> {
        let mut slow = false;
        let found = d.find(hash, |k| match self.eq_simple(k, key) {
            Some(b) => b,
            None => {
                slow = true;
                false
            }
        });
        if found.is_some() || !slow {
            return Ok(found);
        }
        for ix in d.candidates(hash) {
            let k = d.entries[ix].key;
            if self.eq(k, key)? {
                return Ok(Some(ix));
            }
        }
        Ok(None)
    }

    /// `obj_find_h` for an exact str `key` (most dict keys), without Python code: its cached
    /// hash, and equality with another str compared here. `None` when `key` is not a str or
    /// an instance key of that hash (a str subclass's, whose `__eq__` may be Python) needs the
    /// general comparison, as in `eq_simple`. A non-table `r` finds nothing.
    #[inline]
    pub(crate) fn str_key_find(&self, r: ObjRef, key: Value) -> Option<(Option<usize>, i64)> {
        let Value::Obj(kr) = key else {
            return None;
        };
        let Obj::Str(ks) = self.heap.get(kr) else {
            return None;
        };
        let h = ks.hash;
        let mut slow = false;
        let found = match self.table_of(r) {
            Some(d) => d.find(h, |k| {
                if k == key {
                    return true;
                }
                match k {
                    Value::Obj(o) => match self.heap.get(o) {
                        Obj::Str(p) => p.s == ks.s,
                        Obj::Instance(_) => {
                            slow = true;
                            false
                        }
                        _ => false,
                    },
                    _ => false,
                }
            }),
            None => None,
        };
        if found.is_some() || !slow {
            Some((found, h))
        } else {
            None
        }
    }

    fn table_of(&self, r: ObjRef) -> Option<&Dict> {
        match self.heap.get(r) {
            Obj::Dict(d) | Obj::Set(d, _) => Some(d),
            _ => None,
        }
    }

    /// Entry index of `key` in dict/set object `r`.
    pub fn obj_find(&mut self, r: ObjRef, key: Value) -> Result<Option<(usize, i64)>, Exc> {
        let (ix, h) = self.obj_find_h(r, key)?;
        Ok(ix.map(|i| (i, h)))
    }

    /// Like `obj_find`, also returning the key's hash when absent (hash computed once).
    pub fn obj_find_h(&mut self, r: ObjRef, key: Value) -> Result<(Option<usize>, i64), Exc> {
        if let Some(found) = self.str_key_find(r, key) {
            return Ok(found);
        }
        let h = self.hash(key)?;
        // Fast path without cloning the table.
        let mut slow = false;
        let found = match self.table_of(r) {
            Some(d) => d.find(h, |k| match self.eq_simple(k, key) {
                Some(b) => b,
                None => {
                    slow = true;
                    false
                }
            }),
            None => None,
        };
        if found.is_some() || !slow {
            return Ok((found, h));
        }
        let d = match self.table_of(r) {
            Some(d) => d.clone(),
            None => return Ok((None, h)),
        };
        Ok((self.table_find(&d, h, key)?, h))
    }

    /// `d[key]` on a dict object, `None` when missing.
    pub fn dict_get(&mut self, d: Value, key: Value) -> Result<Option<Value>, Exc> {
        let r = match d {
            Value::Obj(r) => r,
            _ => return Ok(None),
        };
        // `obj_find` probes a str key by its cached hash first (`str_key_find`), and still
        // finds an equal key of a str subclass, which a namespace-only probe would miss.
        Ok(self
            .obj_find(r, key)?
            .and_then(|(ix, _)| self.table_of(r).map(|d| d.entries[ix].value)))
    }

    /// `d[key] = v` on a dict object.
    pub fn dict_set(&mut self, d: Value, key: Value, v: Value) -> Result<(), Exc> {
        let r = match d {
            Value::Obj(r) => r,
            _ => return Ok(()),
        };
        let mut namespace = false;
        match self.obj_find_h(r, key)? {
            (Some(ix), _) => {
                if let Obj::Dict(d) = self.heap.get_mut(r) {
                    d.entries[ix].value = v;
                    namespace = d.namespace;
                }
            }
            (None, h) => {
                if self.heap.charge(40).is_err() {
                    return Err(self.memory_error());
                }
                if let Obj::Dict(d) = self.heap.get_mut(r) {
                    d.push_new(h, key, v);
                    namespace = d.namespace;
                }
            }
        }
        if namespace {
            self.dict_version = self.dict_version.wrapping_add(1);
        }
        Ok(())
    }

    /// Removes `key`; returns its value if present.
    pub fn dict_remove(&mut self, d: Value, key: Value) -> Result<Option<Value>, Exc> {
        let r = match d {
            Value::Obj(r) => r,
            _ => return Ok(None),
        };
        match self.obj_find(r, key)? {
            Some((ix, _)) => match self.heap.get_mut(r) {
                Obj::Dict(d) | Obj::Set(d, _) => {
                    let namespace = d.namespace;
                    let e = d.remove_at(ix);
                    if namespace {
                        self.dict_version = self.dict_version.wrapping_add(1);
                    }
                    Ok(Some(e.value))
                }
                _ => Ok(None),
            },
            None => Ok(None),
        }
    }

    /// Adds to a set object.
    pub fn set_add(&mut self, s: Value, key: Value) -> Result<(), Exc> {
        let r = match s {
            Value::Obj(r) => r,
            _ => return Ok(()),
        };
        if let (None, h) = self.obj_find_h(r, key)? {
            if self.heap.charge(32).is_err() {
                return Err(self.memory_error());
            }
            if let Obj::Set(d, _) = self.heap.get_mut(r) {
                d.push_new(h, key, Value::Null);
            }
        }
        Ok(())
    }

    /// `dst.update(src)` for a dict (from a dict, or an iterable of pairs).
    pub fn dict_update(&mut self, dst: Value, src: Value) -> Result<(), Exc> {
        if let Value::Obj(s) = src {
            let entries: Option<Vec<(Value, Value)>> = match self.heap.get(s) {
                Obj::Dict(d) => Some(d.iter().map(|e| (e.key, e.value)).collect()),
                _ => None,
            };
            if let Some(es) = entries {
                for (k, v) in es {
                    self.dict_set(dst, k, v)?;
                }
                return Ok(());
            }
            // A mapping with keys() and __getitem__.
            if let Obj::Instance(_) = self.heap.get(s) {
                let keys = self.intern("keys")?;
                if let Some(kf) = self.get_attr_opt(src, keys)? {
                    let ks = self.call(kf, &[])?;
                    for k in self.collect_iter(ks)? {
                        let v = self.get_item(src, k)?;
                        self.dict_set(dst, k, v)?;
                    }
                    return Ok(());
                }
            }
        }
        for (i, item) in self.collect_iter(src)?.into_iter().enumerate() {
            let kv = match self.collect_iter(item) {
                Ok(kv) => kv,
                Err(e) if self.exc_is(e.0, kind::TYPE) => {
                    return Err(self.type_error(&format!(
                        "cannot convert dictionary update sequence element #{} to a sequence",
                        i
                    )));
                }
                Err(e) => return Err(e),
            };
            if kv.len() != 2 {
                return Err(self.value_error(&format!(
                    "dictionary update sequence element #{} has length {}; 2 is required",
                    i,
                    kv.len()
                )));
            }
            self.dict_set(dst, kv[0], kv[1])?;
        }
        Ok(())
    }

    /// Appends to a list object.
    pub fn list_append(&mut self, l: Value, v: Value) -> Result<(), Exc> {
        if let Value::Obj(r) = l {
            // Charge real capacity growth (the GC recounts capacity, so estimates must match).
            let grow = match self.heap.get(r) {
                Obj::List(items) if items.len() == items.capacity() => items.capacity().max(4),
                _ => 0,
            };
            if grow > 0 {
                if self.heap.charge(grow * 16).is_err() {
                    return Err(self.memory_error());
                }
                if let Obj::List(items) = self.heap.get_mut(r) {
                    items.reserve_exact(grow);
                }
            }
            if let Obj::List(items) = self.heap.get_mut(r) {
                items.push(v);
            }
        }
        Ok(())
    }

    /// Extends a list object.
    pub fn list_extend(&mut self, l: Value, vs: &[Value]) -> Result<(), Exc> {
        if let Value::Obj(r) = l {
            let extra = match self.heap.get(r) {
                Obj::List(items) => (items.len() + vs.len()).saturating_sub(items.capacity()),
                _ => 0,
            };
            if self.heap.charge(16 * extra).is_err() {
                return Err(self.memory_error());
            }
            if let Obj::List(items) = self.heap.get_mut(r) {
                items.reserve_exact(extra);
                items.extend_from_slice(vs);
            }
        }
        Ok(())
    }

    // ---------- len / contains ----------

    /// `len(v)`.
    pub fn len(&mut self, v: Value) -> Result<usize, Exc> {
        if let Value::Obj(r) = v {
            let n = match self.heap.get(r) {
                Obj::Str(s) => Some(s.chars),
                Obj::List(l) => Some(l.len()),
                Obj::Tuple(t) => Some(t.len()),
                Obj::Dict(d) | Obj::Set(d, _) => Some(d.len()),
                Obj::Bytes(b) | Obj::ByteArray(b) => Some(b.len()),
                Obj::Range(a, b, s) => {
                    let (a, b, s) = (*a, *b, *s);
                    return self.range_size(a, b, s);
                }
                Obj::DictView(d, _) => Some(self.table_of(*d).map(|d| d.len()).unwrap_or(0)),
                Obj::MemoryView(_) => Some(self.mv_len(r)?),
                // A subclass of a builtin container: its own `__len__` wins (found below).
                Obj::Instance(i) if !i.base_value().is_null() => {
                    let b = i.base_value();
                    let ln = self.n.len;
                    if !self
                        .lookup_special(v, ln)
                        .is_some_and(|m| self.is_user_function(m))
                    {
                        return self.len(b);
                    }
                    None
                }
                _ => None,
            };
            if let Some(n) = n {
                return Ok(n);
            }
            let ln = self.n.len;
            if let Some(m) = self.lookup_special(v, ln) {
                let r = self.call(m, &[v])?;
                let n = self.as_index(r)?;
                if n < 0 {
                    return Err(self.value_error("__len__() should return >= 0"));
                }
                return self.size_arg(n);
            }
        }
        let tn = self.type_name(v);
        Err(self.type_error(&format!("object of type '{}' has no len()", tn)))
    }

    /// `item in container`.
    pub fn contains(&mut self, container: Value, item: Value) -> Result<bool, Exc> {
        let r = match container {
            Value::Obj(r) => r,
            _ => {
                let tn = self.type_name(container);
                return Err(self.type_error(&format!("argument of type '{}' is not iterable", tn)));
            }
        };
        match self.heap.get(r) {
            Obj::Str(s) => {
                return match self.str_of(item) {
                    Some(sub) => Ok(s.s.contains(sub)),
                    None => {
                        let tn = self.type_name(item);
                        Err(self.type_error(&format!(
                            "'in <string>' requires string as left operand, not {}",
                            tn
                        )))
                    }
                };
            }
            Obj::Dict(_) | Obj::Set(..) => return Ok(self.obj_find(r, item)?.is_some()),
            Obj::DictView(d, mode) => {
                let (d, mode) = (*d, *mode);
                if mode == 0 {
                    return Ok(self.obj_find(d, item)?.is_some());
                }
            }
            Obj::List(_) | Obj::Tuple(_) => {
                let n = match self.heap.get(r) {
                    Obj::List(l) => l.len(),
                    Obj::Tuple(t) => t.len(),
                    _ => 0,
                };
                for i in 0..n {
                    let x = match self.heap.get(r) {
                        Obj::List(l) => match l.get(i) {
                            Some(x) => *x,
                            None => break,
                        },
                        Obj::Tuple(t) => t[i],
                        _ => break,
                    };
                    if self.eq(x, item)? {
                        return Ok(true);
                    }
                }
                return Ok(false);
            }
            Obj::Bytes(b) | Obj::ByteArray(b) => {
                return match item {
                    Value::Int(i) if (0..256).contains(&i) => Ok(b.contains(&(i as u8))),
                    Value::Bool(x) => Ok(b.contains(&u8::from(x))),
                    Value::Int(_) => Err(self.value_error("byte must be in range(0, 256)")),
                    Value::Obj(ir)
                        if let Obj::Bytes(sub) | Obj::ByteArray(sub) = self.heap.get(ir) =>
                    {
                        Ok(sub.is_empty() || b.windows(sub.len()).any(|w| w == &sub[..]))
                    }
                    _ => {
                        let tn = self.type_name(item);
                        let msg = format!("a bytes-like object is required, not '{}'", tn);
                        Err(self.type_error(&msg))
                    }
                };
            }
            Obj::Range(a, b, s) => {
                let item = match item {
                    Value::Bool(b) => Value::Int(b as i64),
                    Value::Obj(o) if matches!(self.heap.get(o), Obj::BigInt(_)) => {
                        // Normalised big ints lie outside i64, so outside every range.
                        return Ok(false);
                    }
                    _ => item,
                };
                if let Value::Int(i) = item {
                    let (a, b, s) = (*a, *b, *s);
                    let inr = if s > 0 {
                        i >= a && i < b
                    } else {
                        i <= a && i > b
                    };
                    // In i128: `i - a` can leave i64 for a range spanning it.
                    return Ok(inr && (i as i128 - a as i128) % s as i128 == 0);
                }
            }
            Obj::Instance(_) | Obj::Class(_) => {
                let c = self.n.contains;
                if let Some(m) = self.lookup_special(container, c) {
                    let r = self.call(m, &[container, item])?;
                    return self.truthy(r);
                }
            }
            _ => {}
        }
        let it = self.get_iter(container)?;
        while let Some(x) = self.iter_next(it)? {
            if self.eq(x, item)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    // ---------- subscripts ----------

    /// An int in range(256) as a byte (never truncated: 300 is an error,
    /// not 44). `what` names it in the message ("byte" or "bytes").
    pub fn byte_value(&mut self, v: Value, what: &str) -> Result<u8, Exc> {
        let i = self.as_index(v)?;
        match u8::try_from(i) {
            Ok(b) => Ok(b),
            Err(_) => Err(self.value_error(&format!("{} must be in range(0, 256)", what))),
        }
    }

    /// A start/end bound of `find`/`index`/`count` (CPython's slice-index
    /// rule): a big int clamps to a huge bound instead of raising.
    pub fn slice_bound(&mut self, v: Value) -> Result<i64, Exc> {
        if let Some(crate::ops::Num::B(b)) = self.as_num(v) {
            return Ok(if b.neg { i64::MIN / 2 } else { i64::MAX / 2 });
        }
        self.as_index(v)
    }

    /// Normalises an index for a sequence of `len`.
    pub fn seq_index(&mut self, idx: Value, len: usize, what: &str) -> Result<usize, Exc> {
        let i = match idx {
            Value::Int(i) => i,
            Value::Bool(b) => b as i64,
            Value::Obj(r) if matches!(self.heap.get(r), Obj::BigInt(_)) => {
                return Err(self.index_error("cannot fit 'int' into an index-sized integer"));
            }
            Value::Obj(r) if matches!(self.heap.get(r), Obj::Instance(_)) => self.as_index(idx)?,
            _ => {
                let tn = self.type_name(idx);
                if what == "string" {
                    return Err(
                        self.type_error(&format!("string indices must be integers, not '{}'", tn))
                    );
                }
                return Err(self.type_error(&format!(
                    "{} indices must be integers or slices, not {}",
                    what, tn
                )));
            }
        };
        let j = if i < 0 { i + len as i64 } else { i };
        if j < 0 || j >= len as i64 {
            let msg = if what.is_empty() {
                String::from("index out of range")
            } else {
                format!("{} index out of range", what)
            };
            return Err(self.index_error(&msg));
        }
        Ok(j as usize)
    }

    /// Resolves slice `s` against a sequence of `len`.
    pub fn slice_indices(&mut self, s: ObjRef, len: usize) -> Result<SliceIdx, Exc> {
        let (start, step, n) = self.slice_indices_wide(s, len as i64)?;
        Ok(SliceIdx {
            start,
            step,
            // At most `len` items, so it fits.
            len: n as usize,
        })
    }

    /// `slice_indices` against an i64 length (a range or `slice.indices(n)`
    /// may be longer than usize on a 32-bit target): (start, step, count).
    pub fn slice_indices_wide(&mut self, s: ObjRef, len: i64) -> Result<(i64, i64, i64), Exc> {
        let (a, b, c) = match self.heap.get(s) {
            Obj::Slice(s) => (s[0], s[1], s[2]),
            _ => (Value::None, Value::None, Value::None),
        };
        if let Some(bounds) = small_slice_bounds(a, b, c, len) {
            return Ok(bounds);
        }
        let step = if matches!(c, Value::None) {
            1
        } else if let Some(crate::ops::Num::B(b)) = self.as_num(c) {
            // CPython clamps a huge step to +-PY_SSIZE_T_MAX.
            if b.neg { -i64::MAX } else { i64::MAX }
        } else {
            self.as_index(c)?
        };
        if step == 0 {
            return Err(self.value_error("slice step cannot be zero"));
        }
        let clamp = |vm: &mut Vm, v: Value, default: i64| -> Result<i64, Exc> {
            if matches!(v, Value::None) {
                return Ok(default);
            }
            let i = match vm.as_index(v) {
                Ok(i) => i,
                Err(_) => {
                    if let Some(crate::ops::Num::B(b)) = vm.as_num(v) {
                        if b.neg { i64::MIN / 2 } else { i64::MAX / 2 }
                    } else {
                        return Err(vm.type_error(
                            "slice indices must be integers or None or have an __index__ method",
                        ));
                    }
                }
            };
            let i = if i < 0 { i + len } else { i };
            Ok(if step > 0 {
                i.clamp(0, len)
            } else {
                i.clamp(-1, len - 1)
            })
        };
        let start = clamp(self, a, if step > 0 { 0 } else { len - 1 })?;
        let stop = clamp(self, b, if step > 0 { len } else { -1 })?;
        // In i128: `stop - start + step - 1` overflows i64 for a step near i64::MAX.
        let n = crate::ops::range_len_wide(start, stop, step) as i64;
        Ok((start, step, n))
    }

    /// BUILD_SLICE followed by SUBSCR or STORE_SUBSCR on an exact list (or tuple, to read)
    /// with small-int/None bounds: the slice is taken or assigned here and the next instruction
    /// skipped, so no slice object is made (`x[a:b]`, `x[::-1]`, `x[:k] = y` in loops). The
    /// `parts` (2 or 3) slice values are on top of the stack; `next` is the instruction after.
    /// `false` (nothing changed) for anything else, which the general path does (and raises).
    pub(crate) fn slice_without_object(
        &mut self,
        parts: usize,
        next: Option<Op>,
    ) -> Result<bool, Exc> {
        let top = self.stack.len();
        let Some(at) = top.checked_sub(parts) else {
            return Ok(false);
        };
        let part = |k: usize| {
            if k < parts {
                self.stack[at + k]
            } else {
                Value::None
            }
        };
        let (a, b, c) = (part(0), part(1), part(2));
        match next {
            Some(Op::Subscr) => {
                let Some(&Value::Obj(r)) = at.checked_sub(1).and_then(|i| self.stack.get(i)) else {
                    return Ok(false);
                };
                let (items, is_list) = match self.heap.get(r) {
                    Obj::List(l) => (&l[..], true),
                    Obj::Tuple(t) => (&t[..], false),
                    _ => return Ok(false),
                };
                let Some((start, step, n)) = small_slice_bounds(a, b, c, items.len() as i64) else {
                    return Ok(false);
                };
                let si = SliceIdx {
                    start,
                    step,
                    len: n as usize,
                };
                let out = slice_items(items, &si);
                let v = if is_list {
                    self.alloc(Obj::List(out))?
                } else {
                    self.alloc(Obj::Tuple(out.into_boxed_slice()))?
                };
                self.stack.truncate(at - 1);
                self.stack.push(v);
                Ok(true)
            }
            Some(Op::StoreSubscr) => {
                // [value, list, parts...]
                let (Some(&Value::Obj(vr)), Some(&Value::Obj(r))) = (
                    at.checked_sub(2).and_then(|i| self.stack.get(i)),
                    at.checked_sub(1).and_then(|i| self.stack.get(i)),
                ) else {
                    return Ok(false);
                };
                let src_len = match self.heap.get(vr) {
                    Obj::List(v) => v.len(),
                    Obj::Tuple(t) => t.len(),
                    _ => return Ok(false),
                };
                let Obj::List(l) = self.heap.get(r) else {
                    return Ok(false);
                };
                let Some((start, step, n)) = small_slice_bounds(a, b, c, l.len() as i64) else {
                    return Ok(false);
                };
                let n = n as usize;
                if n == src_len && vr != r {
                    // As many items from another sequence (`p[:k] = q[k-1::-1]`): copied
                    // straight in, the target list taken out of its slot meanwhile, rather
                    // than through a copy of the source.
                    let mut dst = match self.heap.get_mut(r) {
                        Obj::List(l) => core::mem::take(l),
                        _ => return Ok(false),
                    };
                    let src: &[Value] = match self.heap.get(vr) {
                        Obj::List(v) => v,
                        Obj::Tuple(t) => t,
                        _ => &[],
                    };
                    let s = start as usize;
                    match dst.get_mut(s..s + n) {
                        Some(run) if step == 1 && run.len() == src.len() => {
                            run.copy_from_slice(src)
                        }
                        _ => {
                            for (k, &it) in src.iter().enumerate() {
                                if let Some(slot) = dst.get_mut((start + k as i64 * step) as usize)
                                {
                                    *slot = it;
                                }
                            }
                        }
                    }
                    if let Obj::List(l) = self.heap.get_mut(r) {
                        *l = dst;
                    }
                    self.stack.truncate(at - 2);
                    return Ok(true);
                }
                let items: Vec<Value> = match self.heap.get(vr) {
                    Obj::List(v) => v.clone(),
                    Obj::Tuple(t) => t.to_vec(),
                    _ => return Ok(false),
                };
                if step != 1 && n != items.len() {
                    return Ok(false);
                }
                if let Obj::List(l) = self.heap.get_mut(r) {
                    let s = start as usize;
                    if step == 1 {
                        match l.get_mut(s..s + n) {
                            Some(dst) if dst.len() == items.len() => dst.copy_from_slice(&items),
                            _ => {
                                l.splice(s..s + n, items);
                            }
                        }
                    } else {
                        for (k, it) in items.into_iter().enumerate() {
                            if let Some(slot) = l.get_mut((start + k as i64 * step) as usize) {
                                *slot = it;
                            }
                        }
                    }
                }
                self.stack.truncate(at - 2);
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// `obj[idx]`.
    pub fn get_item(&mut self, obj: Value, idx: Value) -> Result<Value, Exc> {
        let r = match obj {
            Value::Obj(r) => r,
            _ => {
                let tn = self.type_name(obj);
                return Err(self.type_error(&format!("'{}' object is not subscriptable", tn)));
            }
        };
        let is_slice = matches!(idx, Value::Obj(s) if matches!(self.heap.get(s), Obj::Slice(..)));
        match self.heap.get(r) {
            Obj::List(l) => {
                if let Value::Int(i) = idx {
                    let n = l.len() as i64;
                    let j = if i < 0 { i + n } else { i };
                    if j >= 0 && j < n {
                        return Ok(l[j as usize]);
                    }
                    return Err(self.index_error("list index out of range"));
                }
                if is_slice {
                    let len = l.len();
                    let si = self.slice_indices(idx.as_obj().unwrap_or(ObjRef(0)), len)?;
                    let out: Vec<Value> = match self.heap.get(r) {
                        Obj::List(l) => slice_items(l, &si),
                        _ => Vec::new(),
                    };
                    return self.alloc(Obj::List(out));
                }
                let len = l.len();
                let i = self.seq_index(idx, len, "list")?;
                match self.heap.get(r) {
                    Obj::List(l) => Ok(l[i]),
                    _ => Ok(Value::None),
                }
            }
            Obj::Tuple(t) => {
                let len = t.len();
                if is_slice {
                    let si = self.slice_indices(idx.as_obj().unwrap_or(ObjRef(0)), len)?;
                    let out: Vec<Value> = match self.heap.get(r) {
                        Obj::Tuple(t) => slice_items(t, &si),
                        _ => Vec::new(),
                    };
                    return self.alloc(Obj::Tuple(out.into_boxed_slice()));
                }
                let i = self.seq_index(idx, len, "tuple")?;
                match self.heap.get(r) {
                    Obj::Tuple(t) => Ok(t[i]),
                    _ => Ok(Value::None),
                }
            }
            Obj::Str(s) => {
                let len = s.chars;
                let ascii = s.chars == s.s.len();
                if is_slice {
                    let si = self.slice_indices(idx.as_obj().unwrap_or(ObjRef(0)), len)?;
                    let out: String = match self.heap.get(r) {
                        Obj::Str(s) => {
                            if ascii {
                                let b = s.s.as_bytes();
                                if si.step == 1 {
                                    String::from(
                                        &s.s[si.start as usize..si.start as usize + si.len],
                                    )
                                } else {
                                    (0..si.len)
                                        .map(|k| {
                                            b[(si.start + k as i64 * si.step) as usize] as char
                                        })
                                        .collect()
                                }
                            } else {
                                let chars: Vec<char> = s.s.chars().collect();
                                (0..si.len)
                                    .map(|k| chars[(si.start + k as i64 * si.step) as usize])
                                    .collect()
                            }
                        }
                        _ => String::new(),
                    };
                    return self.new_string(out);
                }
                let i = self.seq_index(idx, len, "string")?;
                let c = match self.heap.get(r) {
                    Obj::Str(s) => {
                        if ascii {
                            s.s.as_bytes()[i] as char
                        } else {
                            s.s.chars().nth(i).unwrap_or(' ')
                        }
                    }
                    _ => ' ',
                };
                self.char_str(c)
            }
            Obj::Bytes(b) | Obj::ByteArray(b) => {
                let len = b.len();
                let is_ba = matches!(self.heap.get(r), Obj::ByteArray(_));
                if is_slice {
                    let si = self.slice_indices(idx.as_obj().unwrap_or(ObjRef(0)), len)?;
                    let out: Vec<u8> = match self.heap.get(r) {
                        Obj::Bytes(b) | Obj::ByteArray(b) => (0..si.len)
                            .map(|k| b[(si.start + k as i64 * si.step) as usize])
                            .collect(),
                        _ => Vec::new(),
                    };
                    return self.alloc(if is_ba {
                        Obj::ByteArray(out)
                    } else {
                        Obj::Bytes(out)
                    });
                }
                // CPython says just "index out of range" for bytes.
                let what = if is_ba { "bytearray" } else { "" };
                let i = self.seq_index(idx, len, what)?;
                match self.heap.get(r) {
                    Obj::Bytes(b) | Obj::ByteArray(b) => Ok(Value::Int(b[i] as i64)),
                    _ => Ok(Value::None),
                }
            }
            Obj::MemoryView(_) => self.mv_get_item(r, idx),
            Obj::Range(a, b, s) => {
                let (a, b, s) = (*a, *b, *s);
                if is_slice {
                    // Computed in i128: the new bounds of a slice of a long range
                    // can leave i64 (then OverflowError, as CPython cannot build it).
                    let len = range_len(a, b, s);
                    let (si_start, si_step, si_len) =
                        self.slice_indices_wide(idx.as_obj().unwrap_or(ObjRef(0)), len)?;
                    let start = a as i128 + si_start as i128 * s as i128;
                    let step = s as i128 * si_step as i128;
                    let stop = start + si_len as i128 * step;
                    return match (
                        i64::try_from(start),
                        i64::try_from(stop),
                        i64::try_from(step),
                    ) {
                        (Ok(start), Ok(stop), Ok(step)) => {
                            self.alloc(Obj::Range(start, stop, step))
                        }
                        _ => Err(self.exc_msg(
                            kind::OVERFLOW,
                            "Python int too large to convert to C ssize_t",
                        )),
                    };
                }
                // In i128 against the exact length: a range may hold more than
                // usize::MAX items on a 32-bit target, and its items still fit i64.
                let len = crate::ops::range_len_wide(a, b, s);
                let i = match idx {
                    Value::Int(i) => i as i128,
                    Value::Bool(b) => b as i128,
                    Value::Obj(r) if matches!(self.heap.get(r), Obj::BigInt(_)) => i128::MAX,
                    Value::Obj(r) if matches!(self.heap.get(r), Obj::Instance(_)) => {
                        self.as_index(idx)? as i128
                    }
                    _ => {
                        let tn = self.type_name(idx);
                        return Err(self.type_error(&format!(
                            "range indices must be integers or slices, not {}",
                            tn
                        )));
                    }
                };
                let j = if i < 0 { i + len } else { i };
                if j < 0 || j >= len {
                    return Err(self.index_error("range object index out of range"));
                }
                Ok(Value::Int((a as i128 + j * s as i128) as i64))
            }
            Obj::Dict(_) => match self.dict_get(obj, idx)? {
                Some(v) => Ok(v),
                None => Err(self.exc_args(kind::KEY, alloc::vec![idx])),
            },
            Obj::Class(c) => {
                // The metaclass's `__getitem__` first (`Color["RED"]`), then
                // `__class_getitem__`; generic alias syntax (list[int]) gives the class itself.
                if c.meta.is_some()
                    && let Some(m) = self.lookup_special(obj, self.n.getitem)
                {
                    return self.call(m, &[obj, idx]);
                }
                let cg = self.n.class_getitem;
                if let Some(m) = self.class_lookup(r, cg) {
                    let f = match m {
                        Value::Obj(mr) => match self.heap.get(mr) {
                            Obj::ClassMethod(f) => *f,
                            _ => m,
                        },
                        _ => m,
                    };
                    return self.call(f, &[obj, idx]);
                }
                if self.is_builtin_class(r) {
                    return self.generic_alias(obj, idx);
                }
                let cn = self.class_name(r);
                Err(self.type_error(&format!("type '{}' is not subscriptable", cn)))
            }
            Obj::Instance(i) => {
                let bv = i.base_value();
                let gi = self.n.getitem;
                if let Some(m) = self.lookup_special(obj, gi) {
                    let res = self.call(m, &[obj, idx]);
                    if let Err(e) = &res {
                        // dict subclasses: __missing__
                        let _ = e;
                    }
                    return res;
                }
                if !bv.is_null() {
                    if let Value::Obj(b) = bv
                        && let Obj::Dict(_) = self.heap.get(b)
                    {
                        if let Some(v) = self.dict_get(bv, idx)? {
                            return Ok(v);
                        }
                        let mi = self.n.missing;
                        if let Some(m) = self.lookup_special(obj, mi) {
                            return self.call(m, &[obj, idx]);
                        }
                        return Err(self.exc_args(kind::KEY, alloc::vec![idx]));
                    }
                    return self.get_item(bv, idx);
                }
                let tn = self.type_name(obj);
                Err(self.type_error(&format!("'{}' object is not subscriptable", tn)))
            }
            _ => {
                let tn = self.type_name(obj);
                Err(self.type_error(&format!("'{}' object is not subscriptable", tn)))
            }
        }
    }

    /// `obj[idx] = v`.
    pub fn set_item(&mut self, obj: Value, idx: Value, v: Value) -> Result<(), Exc> {
        let r = match obj {
            Value::Obj(r) => r,
            _ => {
                let tn = self.type_name(obj);
                return Err(
                    self.type_error(&format!("'{}' object does not support item assignment", tn))
                );
            }
        };
        let is_slice = matches!(idx, Value::Obj(s) if matches!(self.heap.get(s), Obj::Slice(..)));
        match self.heap.get(r) {
            Obj::List(l) => {
                let len = l.len();
                if is_slice {
                    let si = self.slice_indices(idx.as_obj().unwrap_or(ObjRef(0)), len)?;
                    let items = match self.collect_iter(v) {
                        Ok(items) => items,
                        Err(_) if !self.is_iterable_type(v) => {
                            return Err(self.type_error(if si.step == 1 {
                                "can only assign an iterable"
                            } else {
                                "must assign iterable to extended slice"
                            }));
                        }
                        Err(e) => return Err(e),
                    };
                    if si.step == 1 {
                        if let Obj::List(l) = self.heap.get_mut(r) {
                            let start = si.start as usize;
                            match l.get_mut(start..start + si.len) {
                                // Same length (`a[:k] = a[k-1::-1]`): overwrite in place.
                                Some(dst) if dst.len() == items.len() => {
                                    dst.copy_from_slice(&items)
                                }
                                _ => {
                                    l.splice(start..start + si.len, items);
                                }
                            }
                        }
                        return Ok(());
                    }
                    if items.len() != si.len {
                        return Err(self.value_error(&format!(
                            "attempt to assign sequence of size {} to extended slice of size {}",
                            items.len(),
                            si.len
                        )));
                    }
                    if let Obj::List(l) = self.heap.get_mut(r) {
                        for (k, it) in items.into_iter().enumerate() {
                            l[(si.start + k as i64 * si.step) as usize] = it;
                        }
                    }
                    return Ok(());
                }
                let i = self.seq_index(idx, len, "list assignment")?;
                if let Obj::List(l) = self.heap.get_mut(r) {
                    l[i] = v;
                }
                Ok(())
            }
            Obj::Dict(_) => self.dict_set(obj, idx, v),
            Obj::ByteArray(b) => {
                let len = b.len();
                if is_slice {
                    let items = self.collect_iter(v)?;
                    let mut bytes = Vec::new();
                    for it in items {
                        bytes.push(self.byte_value(it, "byte")?);
                    }
                    let si = self.slice_indices(idx.as_obj().unwrap_or(ObjRef(0)), len)?;
                    if si.step != 1 && bytes.len() != si.len {
                        return Err(self.value_error(&format!(
                            "attempt to assign bytes of size {} to extended slice of size {}",
                            bytes.len(),
                            si.len
                        )));
                    }
                    if let Obj::ByteArray(b) = self.heap.get_mut(r) {
                        let start = si.start as usize;
                        if si.step == 1 {
                            b.splice(start..start + si.len, bytes);
                        } else {
                            for (k, x) in bytes.into_iter().enumerate() {
                                b[(si.start + k as i64 * si.step) as usize] = x;
                            }
                        }
                    }
                    return Ok(());
                }
                let i = self.seq_index(idx, len, "bytearray")?;
                let x = self.as_index(v)?;
                if !(0..256).contains(&x) {
                    return Err(self.value_error("byte must be in range(0, 256)"));
                }
                if let Obj::ByteArray(b) = self.heap.get_mut(r) {
                    b[i] = x as u8;
                }
                Ok(())
            }
            Obj::MemoryView(_) => self.mv_set_item(r, idx, v),
            Obj::Instance(_) => {
                // A builtin base that stores items defines `__setitem__` (found here); one
                // that does not (tuple, str, a mappingproxy's dict) refuses.
                let si = self.n.setitem;
                if let Some(m) = self.lookup_special(obj, si) {
                    self.call(m, &[obj, idx, v])?;
                    return Ok(());
                }
                let tn = self.type_name(obj);
                Err(self.type_error(&format!("'{}' object does not support item assignment", tn)))
            }
            _ => {
                let tn = self.type_name(obj);
                Err(self.type_error(&format!("'{}' object does not support item assignment", tn)))
            }
        }
    }

    /// `del obj[idx]`.
    pub fn del_item(&mut self, obj: Value, idx: Value) -> Result<(), Exc> {
        let r = match obj {
            Value::Obj(r) => r,
            _ => {
                let tn = self.type_name(obj);
                return Err(
                    self.type_error(&format!("'{}' object does not support item deletion", tn))
                );
            }
        };
        let is_slice = matches!(idx, Value::Obj(s) if matches!(self.heap.get(s), Obj::Slice(..)));
        match self.heap.get(r) {
            Obj::List(l) => {
                let len = l.len();
                if is_slice {
                    let si = self.slice_indices(idx.as_obj().unwrap_or(ObjRef(0)), len)?;
                    if let Obj::List(l) = self.heap.get_mut(r) {
                        remove_slice(l, si.start, si.step, si.len);
                    }
                    return Ok(());
                }
                let i = self.seq_index(idx, len, "list assignment")?;
                if let Obj::List(l) = self.heap.get_mut(r) {
                    l.remove(i);
                }
                Ok(())
            }
            Obj::Dict(_) => match self.dict_remove(obj, idx)? {
                Some(_) => Ok(()),
                None => Err(self.exc_args(kind::KEY, alloc::vec![idx])),
            },
            Obj::ByteArray(b) => {
                let len = b.len();
                if is_slice {
                    let si = self.slice_indices(idx.as_obj().unwrap_or(ObjRef(0)), len)?;
                    if let Obj::ByteArray(b) = self.heap.get_mut(r) {
                        remove_slice(b, si.start, si.step, si.len);
                    }
                    return Ok(());
                }
                let i = self.seq_index(idx, len, "bytearray")?;
                if let Obj::ByteArray(b) = self.heap.get_mut(r) {
                    b.remove(i);
                }
                Ok(())
            }
            Obj::Instance(_) => {
                let di = self.n.delitem;
                if let Some(m) = self.lookup_special(obj, di) {
                    self.call(m, &[obj, idx])?;
                    return Ok(());
                }
                let tn = self.type_name(obj);
                Err(self.type_error(&format!("'{}' object doesn't support item deletion", tn)))
            }
            // CPython says "doesn't" for types with sequence slots, "does not" for ints.
            o => {
                let tn = self.type_name(obj);
                let not = if matches!(o, Obj::BigInt(_)) {
                    "does not"
                } else {
                    "doesn't"
                };
                Err(self.type_error(&format!("'{}' object {} support item deletion", tn, not)))
            }
        }
    }

    // ---------- iteration ----------

    /// A set about to be iterated, shown or popped from: in CPython's order when its keys
    /// are numbers (see `Dict::order_as_cpython_set`; other keys' CPython hashes differ).
    #[cfg(feature = "std")]
    pub(crate) fn set_cpython_order(&mut self, r: ObjRef) {
        let Obj::Set(d, _) = self.heap.get(r) else {
            return;
        };
        let heap = &self.heap;
        let numeric = |v: Value| match v {
            Value::Int(_) | Value::Bool(_) | Value::Float(_) => true,
            Value::Obj(o) => matches!(heap.get(o), Obj::BigInt(_)),
            _ => false,
        };
        if d.len() < 2 || !d.iter().all(|e| numeric(e.key)) {
            return;
        }
        if let Obj::Set(d, _) = self.heap.get_mut(r) {
            d.order_as_cpython_set();
        }
    }
    /// Devices keep insertion order (flash).
    #[cfg(not(feature = "std"))]
    #[inline(always)]
    pub(crate) fn set_cpython_order(&mut self, _: ObjRef) {}

    /// `iter(v)`.
    pub fn get_iter(&mut self, v: Value) -> Result<Value, Exc> {
        let r = match v {
            Value::Obj(r) => r,
            _ => {
                let tn = self.type_name(v);
                return Err(self.type_error(&format!("'{}' object is not iterable", tn)));
            }
        };
        self.set_cpython_order(r);
        let st = match self.heap.get(r) {
            Obj::List(_) | Obj::Tuple(_) | Obj::Bytes(_) | Obj::ByteArray(_) => {
                IterState::Seq(r, 0)
            }
            Obj::Str(_) => IterState::Str(r, 0),
            Obj::Range(a, b, s) => IterState::Range {
                cur: *a,
                stop: *b,
                step: *s,
            },
            Obj::Dict(d) | Obj::Set(d, _) => IterState::Dict(r, 0, 0, d.len()),
            Obj::DictView(d, m) => {
                IterState::Dict(*d, 0, *m, self.table_of(*d).map(|t| t.len()).unwrap_or(0))
            }
            // The whole base: iterated in place; a window: over a copy of its bytes.
            Obj::MemoryView(m)
                if m.len == crate::memview::WHOLE && !m.released && m.fmt == b'B' =>
            {
                IterState::Seq(m.base, 0)
            }
            Obj::MemoryView(m) if m.fmt == b'B' => {
                let b = self.mv_bytes(r)?;
                let copy = self.alloc(Obj::Bytes(b))?;
                IterState::Seq(copy.as_obj().unwrap_or(r), 0)
            }
            // Typed items (a view of an array): over a list of them.
            Obj::MemoryView(_) => {
                let items = self.mv_items(r)?;
                let copy = self.alloc(Obj::List(items))?;
                IterState::Seq(copy.as_obj().unwrap_or(r), 0)
            }
            Obj::Iter(_) | Obj::Generator(_) => return Ok(v),
            // A class: its metaclass's `__iter__`, if any.
            Obj::Instance(_) | Obj::Class(_) => {
                let bv = match self.heap.get(r) {
                    Obj::Instance(i) => i.base_value(),
                    _ => Value::Null,
                };
                let it = self.n.iter;
                if let Some(m) = self.lookup_special(v, it) {
                    let res = self.call(m, &[v])?;
                    let ok = match res {
                        Value::Obj(rr) => match self.heap.get(rr) {
                            Obj::Iter(_) | Obj::Generator(_) => true,
                            _ => {
                                let nx = self.n.next;
                                self.lookup_special(res, nx).is_some()
                            }
                        },
                        _ => false,
                    };
                    if !ok {
                        let tn = self.type_name(res);
                        return Err(self.type_error(&format!(
                            "iter() returned non-iterator of type '{}'",
                            tn
                        )));
                    }
                    return Ok(res);
                }
                if !bv.is_null() {
                    return self.get_iter(bv);
                }
                let gi = self.n.getitem;
                if self.lookup_special(v, gi).is_some() {
                    // Old-style sequence protocol.
                    let f = self.get_attr(v, gi)?;
                    let idx = self.alloc(Obj::Iter(IterState::CallIter(f, Value::Int(0))))?;
                    return self.wrap_getitem_iter(idx);
                }
                let tn = self.type_name(v);
                return Err(self.type_error(&format!("'{}' object is not iterable", tn)));
            }
            _ => {
                let tn = self.type_name(v);
                return Err(self.type_error(&format!("'{}' object is not iterable", tn)));
            }
        };
        self.alloc(Obj::Iter(st))
    }

    fn wrap_getitem_iter(&mut self, it: Value) -> Result<Value, Exc> {
        // Represent as Enumerate-like counter: CallIter(f, Int(i)) with a negative sentinel marker.
        Ok(it)
    }

    /// Advances an iterator; `None` when exhausted.
    pub fn iter_next(&mut self, it: Value) -> Result<Option<Value>, Exc> {
        let from_loop = core::mem::take(&mut self.next_from_loop);
        let r = match it {
            Value::Obj(r) => r,
            _ => {
                let tn = self.type_name(it);
                return Err(self.type_error(&format!("'{}' object is not an iterator", tn)));
            }
        };
        // A list or tuple iterator (zip's and map's iterators, sorted(), join()): the item
        // and the index bump in place, without the general path's state copy.
        if let Obj::Iter(IterState::Seq(s, i)) = self.heap.get(r) {
            let (s, i) = (*s, *i);
            let v = match self.heap.get(s) {
                Obj::List(l) => l.get(i).copied(),
                Obj::Tuple(t) => t.get(i).copied(),
                _ => None,
            };
            if let Some(v) = v
                && let Obj::Iter(IterState::Seq(_, at)) = self.heap.get_mut(r)
            {
                *at = i + 1;
                return Ok(Some(v));
            }
        }
        // zip()/map() of up to 4 iterables: their iterators are copied out, where cloning the
        // state allocated its vector on every step; the state stays as it is until exhausted.
        let mut few = [Value::Null; 4];
        let small = match self.heap.get(r) {
            Obj::Iter(IterState::Zip(its)) if its.len() <= few.len() => {
                few[..its.len()].copy_from_slice(its);
                Some((None, its.len()))
            }
            Obj::Iter(IterState::Map(f, its)) if its.len() <= few.len() => {
                few[..its.len()].copy_from_slice(its);
                Some((Some(*f), its.len()))
            }
            _ => None,
        };
        if let Some((f, n)) = small {
            let its = &few[..n];
            let vals = match f {
                None => self.zip_step(its)?,
                Some(_) => self.map_step(its)?,
            };
            let Some(vals) = vals else {
                if let Obj::Iter(s) = self.heap.get_mut(r) {
                    *s = IterState::Done;
                }
                return Ok(None);
            };
            return match f {
                None => self.alloc(Obj::Tuple(vals.into_boxed_slice())).map(Some),
                Some(f) => self.call(f, &vals).map(Some),
            };
        }
        let st = match self.heap.get(r) {
            Obj::Iter(IterState::AGen(..)) => {
                return match crate::methods::ag_step(self, r, Value::None, None) {
                    Ok(v) => Ok(Some(v)),
                    Err(e) if self.exc_is(e.0, kind::STOP_ITERATION) => Ok(None),
                    Err(e) => Err(e),
                };
            }
            Obj::Iter(s) => s.clone(),
            Obj::Generator(_) => return self.gen_next_nested(r, Value::None, None),
            Obj::Instance(_) => {
                let nx = self.n.next;
                return match self.lookup_special(it, nx) {
                    Some(m) => match self.call(m, &[it]) {
                        Ok(v) => Ok(Some(v)),
                        Err(e) if self.exc_is(e.0, kind::STOP_ITERATION) => Ok(None),
                        Err(e) => Err(e),
                    },
                    None => {
                        let tn = self.type_name(it);
                        Err(self.type_error(&format!("'{}' object is not an iterator", tn)))
                    }
                };
            }
            _ => {
                let tn = self.type_name(it);
                return Err(self.type_error(&format!("'{}' object is not an iterator", tn)));
            }
        };
        let (next, new_state) = match st {
            IterState::Seq(s, i) => {
                let v = match self.heap.get(s) {
                    Obj::List(l) => l.get(i).copied(),
                    Obj::Tuple(t) => t.get(i).copied(),
                    Obj::Bytes(b) | Obj::ByteArray(b) => b.get(i).map(|x| Value::Int(*x as i64)),
                    _ => None,
                };
                match v {
                    Some(v) => (Some(v), IterState::Seq(s, i + 1)),
                    None => (None, IterState::Done),
                }
            }
            IterState::Str(s, off) => {
                let c = match self.heap.get(s) {
                    Obj::Str(ps) => ps.s[off..].chars().next(),
                    _ => None,
                };
                match c {
                    Some(c) => {
                        let v = self.char_str(c)?;
                        (Some(v), IterState::Str(s, off + c.len_utf8()))
                    }
                    None => (None, IterState::Done),
                }
            }
            IterState::Range { cur, stop, step } => {
                if (step > 0 && cur < stop) || (step < 0 && cur > stop) {
                    (
                        Some(Value::Int(cur)),
                        IterState::Range {
                            cur: cur.saturating_add(step),
                            stop,
                            step,
                        },
                    )
                } else {
                    (None, IterState::Done)
                }
            }
            IterState::Dict(d, pos, mode, len0) => {
                let now = self.table_of(d).map(|t| t.len()).unwrap_or(0);
                if now != len0 {
                    if let Obj::Iter(s) = self.heap.get_mut(r) {
                        *s = IterState::Done;
                    }
                    let is_set = matches!(self.heap.get(d), Obj::Set(..));
                    return Err(self.exc_msg(
                        kind::RUNTIME,
                        if is_set {
                            "Set changed size during iteration"
                        } else {
                            "dictionary changed size during iteration"
                        },
                    ));
                }
                let e = self.table_of(d).and_then(|t| t.next_from(pos));
                match e {
                    Some((p, e)) => {
                        let v = match mode {
                            0 => e.key,
                            1 => e.value,
                            _ => self.alloc(Obj::Tuple(
                                alloc::vec![e.key, e.value].into_boxed_slice(),
                            ))?,
                        };
                        (Some(v), IterState::Dict(d, p + 1, mode, len0))
                    }
                    None => (None, IterState::Done),
                }
            }
            IterState::Enumerate(inner, i) => match self.iter_next(inner)? {
                Some(v) => {
                    let t =
                        self.alloc(Obj::Tuple(alloc::vec![Value::Int(i), v].into_boxed_slice()))?;
                    (Some(t), IterState::Enumerate(inner, i + 1))
                }
                None => (None, IterState::Done),
            },
            IterState::Zip(its) => match self.zip_step(&its)? {
                Some(vals) => {
                    let t = self.alloc(Obj::Tuple(vals.into_boxed_slice()))?;
                    (Some(t), IterState::Zip(its))
                }
                None => (None, IterState::Done),
            },
            IterState::Map(f, its) => match self.map_step(&its)? {
                Some(vals) => {
                    let v = self.call(f, &vals)?;
                    (Some(v), IterState::Map(f, its))
                }
                None => (None, IterState::Done),
            },
            IterState::Filter(f, inner) => {
                let mut out = None;
                let mut skipped = 0usize;
                while let Some(v) = self.iter_next(inner)? {
                    // `filter(None, iter(int, 1))` never finds an item.
                    skipped += 1;
                    self.poll_interrupt_every(skipped)?;
                    let keep = if matches!(f, Value::None) {
                        self.truthy(v)?
                    } else {
                        // `f` and `inner` stay in the iterator (on the loop's stack), `v` is
                        // the argument: GC-safe when the loop asked.
                        let r = if from_loop {
                            self.call_rooted(f, &[v])?
                        } else {
                            self.call(f, &[v])?
                        };
                        self.truthy(r)?
                    };
                    if keep {
                        out = Some(v);
                        break;
                    }
                }
                match out {
                    Some(v) => (Some(v), IterState::Filter(f, inner)),
                    None => (None, IterState::Done),
                }
            }
            IterState::Reversed(s, i) => {
                if i == 0 {
                    (None, IterState::Done)
                } else {
                    let v = match self.heap.get(s) {
                        Obj::List(l) => l.get(i - 1).copied(),
                        Obj::Tuple(t) => t.get(i - 1).copied(),
                        Obj::Str(_) => None,
                        _ => None,
                    };
                    match v {
                        Some(v) => (Some(v), IterState::Reversed(s, i - 1)),
                        None => (None, IterState::Done),
                    }
                }
            }
            IterState::CallIter(f, sentinel) => {
                if let Value::Int(i) = sentinel {
                    if self.is_getitem_iter(f) {
                        // __getitem__ protocol: call f(i) until IndexError.
                        match self.call(f, &[Value::Int(i)]) {
                            Ok(v) => (Some(v), IterState::CallIter(f, Value::Int(i + 1))),
                            Err(e)
                                if self.exc_is(e.0, kind::INDEX)
                                    || self.exc_is(e.0, kind::STOP_ITERATION) =>
                            {
                                (None, IterState::Done)
                            }
                            Err(e) => return Err(e),
                        }
                    } else {
                        let v = self.call(f, &[])?;
                        if self.eq(v, sentinel)? {
                            (None, IterState::Done)
                        } else {
                            (Some(v), IterState::CallIter(f, sentinel))
                        }
                    }
                } else {
                    let v = self.call(f, &[])?;
                    if self.eq(v, sentinel)? {
                        (None, IterState::Done)
                    } else {
                        (Some(v), IterState::CallIter(f, sentinel))
                    }
                }
            }
            IterState::Done | IterState::AGen(..) => (None, IterState::Done),
        };
        if let Obj::Iter(s) = self.heap.get_mut(r) {
            *s = new_state;
        }
        Ok(next)
    }

    /// One step of `zip` over iterators `its` (a trailing `True` marks `strict=True`): the
    /// items, or `None` when one is exhausted (with strict's errors on unequal lengths).
    pub(crate) fn zip_step(&mut self, its: &[Value]) -> Result<Option<Vec<Value>>, Exc> {
        let strict = matches!(its.last(), Some(Value::Bool(true)));
        let n = if strict { its.len() - 1 } else { its.len() };
        let mut vals = Vec::with_capacity(n);
        let mut done = n == 0;
        for (k, i) in its[..n].iter().enumerate() {
            match self.iter_next(*i)? {
                Some(v) => vals.push(v),
                None => {
                    done = true;
                    if strict {
                        if k > 0 {
                            return Err(self.value_error(&format!(
                                "zip() argument {} is shorter than argument{} 1{}",
                                k + 1,
                                if k > 1 { "s" } else { "" },
                                if k > 1 {
                                    format!("-{}", k)
                                } else {
                                    String::new()
                                }
                            )));
                        }
                        for (j, other) in its[1..n].iter().enumerate() {
                            if self.iter_next(*other)?.is_some() {
                                return Err(self.value_error(&format!(
                                    "zip() argument {} is longer than argument{} 1{}",
                                    j + 2,
                                    if j > 0 { "s" } else { "" },
                                    if j > 0 {
                                        format!("-{}", j + 1)
                                    } else {
                                        String::new()
                                    }
                                )));
                            }
                        }
                    }
                    break;
                }
            }
        }
        Ok(if done { None } else { Some(vals) })
    }

    /// One step of `map`'s iterators: the arguments, or `None` when one is exhausted.
    fn map_step(&mut self, its: &[Value]) -> Result<Option<Vec<Value>>, Exc> {
        let mut vals = Vec::with_capacity(its.len());
        for i in its.iter() {
            match self.iter_next(*i)? {
                Some(v) => vals.push(v),
                None => return Ok(None),
            }
        }
        Ok(Some(vals))
    }

    fn is_getitem_iter(&self, f: Value) -> bool {
        // Bound __getitem__ methods (from the sequence protocol) are called with an index.
        match f {
            Value::Obj(r) => match self.heap.get(r) {
                Obj::BoundMethod(_, m) => match m {
                    Value::Obj(mr) => match self.heap.get(*mr) {
                        Obj::Function(func) => {
                            self.str_of(Value::Obj(func.name)) == Some("__getitem__")
                        }
                        _ => false,
                    },
                    _ => false,
                },
                _ => false,
            },
            _ => false,
        }
    }

    /// All items of an iterable.
    pub fn collect_iter(&mut self, v: Value) -> Result<Vec<Value>, Exc> {
        if let Value::Obj(r) = v {
            match self.heap.get(r) {
                Obj::List(l) => return Ok(l.clone()),
                Obj::Tuple(t) => return Ok(t.to_vec()),
                _ => {}
            }
        }
        self.check_collect_size(v)?;
        let it = self.get_iter(v)?;
        let mut out = Vec::new();
        while let Some(x) = self.iter_next(it)? {
            self.collect_check(out.len())?;
            out.push(x);
        }
        Ok(out)
    }

    /// MemoryError before collecting a range too long for the heap (`list(range(10**10))`
    /// fails at once instead of after filling the heap); other iterables are checked as
    /// they go (`collect_check`).
    fn check_collect_size(&mut self, v: Value) -> Result<(), Exc> {
        if let Value::Obj(r) = v
            && let Obj::Range(a, b, s) = *self.heap.get(r)
        {
            let n = crate::ops::range_len_wide(a, b, s);
            if n.saturating_mul(16)
                > (self.heap.limit - self.heap.used.min(self.heap.limit)) as i128
            {
                return Err(self.memory_error());
            }
        }
        Ok(())
    }

    /// Called per item by the native loops that gather an iterator's items: MemoryError
    /// when `n` gathered items (16 bytes each, not yet charged) would not fit the heap; every
    /// `CHUNK` items, KeyboardInterrupt when the embedder asked for one (`list(filter(None,
    /// iter(int, 1)))` gathers nothing and never ends).
    #[inline]
    pub fn collect_check(&mut self, n: usize) -> Result<(), Exc> {
        if self.heap.charge(0).is_err()
            || n.saturating_mul(16).saturating_add(self.heap.used) > self.heap.limit
        {
            return Err(self.memory_error());
        }
        self.poll_interrupt_every(n)
    }

    /// `poll_interrupt` once per `CHUNK` values of the counter `n` of a native loop.
    #[inline]
    pub fn poll_interrupt_every(&mut self, n: usize) -> Result<(), Exc> {
        if n % crate::iterhelp::CHUNK == crate::iterhelp::CHUNK - 1 {
            self.poll_interrupt()?;
        }
        Ok(())
    }

    /// KeyboardInterrupt (consuming the request) if the embedder asked for one: for native
    /// loops that may run long without reaching an instruction boundary.
    pub fn poll_interrupt(&mut self) -> Result<(), Exc> {
        if self.interrupt.load(core::sync::atomic::Ordering::Relaxed) {
            self.interrupt
                .store(false, core::sync::atomic::Ordering::Relaxed);
            return Err(self.exc_args(kind::KEYBOARD_INTERRUPT, Vec::new()));
        }
        Ok(())
    }

    /// `iter_next` for GC-safe natives (see `Vm::gen_next_rooted`): a generator resumed here
    /// may collect garbage, so the caller must hold no heap handle outside the VM stack.
    pub fn iter_next_rooted(&mut self, it: Value) -> Result<Option<Value>, Exc> {
        if let Value::Obj(r) = it
            && let Obj::Generator(_) = self.heap.get(r)
        {
            return self.gen_next_rooted(r);
        }
        self.iter_next(it)
    }

    /// `collect_iter` for GC-safe callers (which hold no other unrooted handle): the iterable,
    /// its iterator and the items gathered so far stay on the VM stack, so a generator that
    /// produces them may collect garbage.
    pub fn collect_iter_rooted(&mut self, v: Value) -> Result<Vec<Value>, Exc> {
        if let Value::Obj(r) = v {
            match self.heap.get(r) {
                Obj::List(l) => return Ok(l.clone()),
                Obj::Tuple(t) => return Ok(t.to_vec()),
                _ => {}
            }
        }
        let mark = self.stack.len();
        self.stack.push(v);
        let r = self.gather_rooted(v, mark);
        match r {
            Ok(()) => {
                let items = self.stack.split_off(mark + 2);
                self.stack.truncate(mark);
                Ok(items)
            }
            Err(e) => {
                self.stack.truncate(mark);
                Err(e)
            }
        }
    }

    fn gather_rooted(&mut self, v: Value, mark: usize) -> Result<(), Exc> {
        self.check_collect_size(v)?;
        let it = self.get_iter(v)?;
        self.stack.push(it);
        while let Some(x) = self.iter_next_rooted(it)? {
            self.collect_check(self.stack.len() - mark)?;
            self.stack.push(x);
        }
        Ok(())
    }

    /// The first `max` items of `v` at most, for `a, b = v` (whose error needs to know only
    /// whether there are more: `a, b = range(10**9)` takes 3).
    pub fn seq_items_upto(&mut self, v: Value, max: usize) -> Result<Vec<Value>, Exc> {
        if let Value::Obj(r) = v {
            match self.heap.get(r) {
                Obj::Tuple(_) | Obj::List(_) => return self.seq_items(v),
                Obj::Range(..) | Obj::Iter(_) | Obj::Str(_) | Obj::Dict(_) | Obj::Set(..) => {
                    let it = self.get_iter(v)?;
                    let mut out = Vec::new();
                    while out.len() < max
                        && let Some(x) = self.iter_next(it)?
                    {
                        out.push(x);
                    }
                    return Ok(out);
                }
                _ => {}
            }
        }
        self.seq_items(v)
    }

    /// Items of a sequence for unpacking / call spreading.
    pub fn seq_items(&mut self, v: Value) -> Result<Vec<Value>, Exc> {
        if let Value::Obj(r) = v {
            match self.heap.get(r) {
                Obj::Tuple(t) => return Ok(t.to_vec()),
                Obj::List(l) => return Ok(l.clone()),
                _ => {}
            }
        }
        match self.collect_iter(v) {
            Ok(x) => Ok(x),
            Err(e) => {
                if self.exc_is(e.0, kind::TYPE)
                    && !matches!(v, Value::Obj(r) if matches!(self.heap.get(r), Obj::Instance(_) | Obj::Generator(_) | Obj::Iter(_)))
                {
                    let tn = self.type_name(v);
                    return Err(
                        self.type_error(&format!("cannot unpack non-iterable {} object", tn))
                    );
                }
                Err(e)
            }
        }
    }

    /// `list[int]`: a `types.GenericAlias` with `__origin__` and `__args__`,
    /// callable as its origin (the class is made on first use).
    pub fn generic_alias(&mut self, origin: Value, args: Value) -> Result<Value, Exc> {
        let cls = self.types_class("GenericAlias", GENERIC_ALIAS)?;
        let inst = self.new_instance(cls, crate::vm::TypeTag::Object)?;
        let args = match args {
            Value::Obj(r) if matches!(self.heap.get(r), Obj::Tuple(_)) => args,
            v => self.alloc(Obj::Tuple(alloc::vec![v].into_boxed_slice()))?,
        };
        let (o, a) = (self.intern("__origin__")?, self.intern("__args__")?);
        self.set_attr(inst, o, origin)?;
        self.set_attr(inst, a, args)?;
        Ok(inst)
    }

    /// A class of the `types` module made on first use (`GenericAlias`, `UnionType`), kept in
    /// the builtins under `<name>`, a key scripts cannot spell.
    fn types_class(
        &mut self,
        name: &str,
        methods: &[(&'static str, crate::object::NativeFnPtr)],
    ) -> Result<ObjRef, Exc> {
        let key = self.intern(&format!("<{}>", name))?;
        let b = self.builtins;
        if let Some(Value::Obj(c)) = self.dict_get_str(b, key) {
            return Ok(c);
        }
        let c = self.make_native_class(name, methods)?;
        let mk = self.n.module;
        let types = self.intern("types")?;
        self.set_attr(Value::Obj(c), mk, types)?;
        self.dict_set_str(b, key, Value::Obj(c))?;
        Ok(c)
    }

    /// The members of `v` when it is a `types.UnionType` (`int | str`).
    pub fn union_args(&mut self, v: Value) -> Result<Option<Vec<Value>>, Exc> {
        let key = self.intern("<UnionType>")?;
        let b = self.builtins;
        match self.dict_get_str(b, key) {
            Some(Value::Obj(c)) if self.class_of(v) == c => {
                let a = self.intern("__args__")?;
                let args = self.get_attr(v, a)?;
                Ok(Some(self.seq_items(args)?))
            }
            _ => Ok(None),
        }
    }

    /// `l | r` for types (`int | None`): a `types.UnionType` of their members, each once
    /// (`None` stands for its class); `None` when either side is not a type, a union or a
    /// generic alias, so the caller raises its TypeError.
    pub fn type_union(&mut self, l: Value, r: Value) -> Result<Option<Value>, Exc> {
        let mut members: Vec<Value> = Vec::new();
        for v in [l, r] {
            let items = match self.union_args(v)? {
                Some(items) => items,
                None => {
                    let ok = match v {
                        Value::None => true,
                        Value::Obj(c) => {
                            matches!(self.heap.get(c), Obj::Class(_))
                                || self.type_name(v) == "GenericAlias"
                        }
                        _ => false,
                    };
                    if !ok {
                        return Ok(None);
                    }
                    let v = if v == Value::None {
                        Value::Obj(self.class_of(v))
                    } else {
                        v
                    };
                    alloc::vec![v]
                }
            };
            for x in items {
                let mut seen = false;
                for m in &members {
                    seen = seen || self.eq(*m, x)?;
                }
                if !seen {
                    members.push(x);
                }
            }
        }
        if members.len() == 1 {
            return Ok(Some(members[0]));
        }
        let cls = self.types_class("UnionType", UNION_TYPE)?;
        let inst = self.new_instance(cls, crate::vm::TypeTag::Object)?;
        let args = self.alloc(Obj::Tuple(members.into_boxed_slice()))?;
        let a = self.intern("__args__")?;
        self.set_attr(inst, a, args)?;
        Ok(Some(inst))
    }

    /// How typing shows a type argument: `int`, `mod.Cls`, `...`, or its repr.
    fn type_arg_repr(&mut self, v: Value) -> Result<String, Exc> {
        if let Value::Obj(r) = v {
            match self.heap.get(r) {
                Obj::Singleton(0) => return Ok(String::from("...")),
                Obj::Class(_) => {
                    let m = self.n.module;
                    let module = self
                        .class_lookup(r, m)
                        .and_then(|m| self.str_of(m).map(String::from));
                    let qn = self.intern("__qualname__")?;
                    let name = match self.get_attr_opt(v, qn)? {
                        Some(q) => self.to_str(q)?,
                        None => self.class_name(r),
                    };
                    return Ok(match module {
                        Some(m) if m != "builtins" => format!("{}.{}", m, name),
                        _ => name,
                    });
                }
                _ => {}
            }
        }
        self.repr(v)
    }
}

fn ga_parts(vm: &mut Vm, v: Value) -> Result<(Value, Vec<Value>), Exc> {
    let (o, a) = (vm.intern("__origin__")?, vm.intern("__args__")?);
    let origin = vm.get_attr(v, o)?;
    let args = vm.get_attr(v, a)?;
    let args = vm.seq_items(args)?;
    Ok((origin, args))
}

fn ga_repr(vm: &mut Vm, a: &[Value], _: crate::builtins::Kw) -> Result<Value, Exc> {
    let (origin, args) = ga_parts(vm, a[0])?;
    let mut s = vm.type_arg_repr(origin)?;
    s.push('[');
    if args.is_empty() {
        s.push_str("()");
    }
    for (i, x) in args.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        let t = vm.type_arg_repr(*x)?;
        s.push_str(&t);
    }
    s.push(']');
    vm.new_string(s)
}

fn ga_call(vm: &mut Vm, a: &[Value], k: crate::builtins::Kw) -> Result<Value, Exc> {
    let (origin, _) = ga_parts(vm, a[0])?;
    vm.call_kw(origin, &a[1..], k)
}

fn ga_eq(vm: &mut Vm, a: &[Value], _: crate::builtins::Kw) -> Result<Value, Exc> {
    if a.len() != 2 || vm.class_of(a[0]) != vm.class_of(a[1]) {
        return Ok(vm.not_implemented);
    }
    let (o1, a1) = ga_parts(vm, a[0])?;
    let (o2, a2) = ga_parts(vm, a[1])?;
    if o1 != o2 || a1.len() != a2.len() {
        return Ok(Value::Bool(false));
    }
    for (x, y) in a1.iter().zip(a2.iter()) {
        if !vm.eq(*x, *y)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

fn ga_hash(vm: &mut Vm, a: &[Value], _: crate::builtins::Kw) -> Result<Value, Exc> {
    let (origin, args) = ga_parts(vm, a[0])?;
    let mut h = vm.hash(origin)?;
    for x in args {
        h = h.rotate_left(7) ^ vm.hash(x)?;
    }
    Ok(Value::Int(if h == -1 { -2 } else { h }))
}

fn union_repr(vm: &mut Vm, a: &[Value], _: crate::builtins::Kw) -> Result<Value, Exc> {
    let args = vm.union_args(a[0])?.unwrap_or_default();
    let none = Value::Obj(vm.class_of(Value::None));
    let mut s = String::new();
    for (i, x) in args.iter().enumerate() {
        if i > 0 {
            s.push_str(" | ");
        }
        let t = if *x == none {
            String::from("None")
        } else {
            vm.type_arg_repr(*x)?
        };
        s.push_str(&t);
    }
    vm.new_string(s)
}

/// `int | str == str | int`: the same members in any order.
fn union_eq(vm: &mut Vm, a: &[Value], _: crate::builtins::Kw) -> Result<Value, Exc> {
    let (Some(x), Some(y)) = (vm.union_args(a[0])?, vm.union_args(a[1])?) else {
        return Ok(vm.not_implemented);
    };
    let mut same = x.len() == y.len();
    for v in &x {
        let mut found = false;
        for w in &y {
            found = found || vm.eq(*v, *w)?;
        }
        same = same && found;
    }
    Ok(Value::Bool(same))
}

fn union_hash(vm: &mut Vm, a: &[Value], _: crate::builtins::Kw) -> Result<Value, Exc> {
    let mut h: i64 = 0x5a5a;
    for x in vm.union_args(a[0])?.unwrap_or_default() {
        h ^= vm.hash(x)?;
    }
    Ok(Value::Int(if h == -1 { -2 } else { h }))
}

/// Methods of `types.UnionType`.
const UNION_TYPE: &[(&str, crate::object::NativeFnPtr)] = &[
    ("__repr__", union_repr),
    ("__eq__", union_eq),
    ("__hash__", union_hash),
];

/// Methods of `types.GenericAlias`.
const GENERIC_ALIAS: &[(&str, crate::object::NativeFnPtr)] = &[
    ("__repr__", ga_repr),
    ("__call__", ga_call),
    ("__eq__", ga_eq),
    ("__hash__", ga_hash),
];

/// Removes the `n` items `start`, `start + step`, ... of `v` (a slice resolved against it).
fn remove_slice<T>(v: &mut Vec<T>, start: i64, step: i64, n: usize) {
    let at = |k: usize| (start + k as i64 * step) as usize;
    if step == 1 {
        v.drain(start as usize..start as usize + n);
    } else if step > 0 {
        // The indices step one way: removed from the highest down, no sort needed (which
        // would also link a copy of the standard library's sort).
        for k in (0..n).rev() {
            v.remove(at(k));
        }
    } else {
        for k in 0..n {
            v.remove(at(k));
        }
    }
}
