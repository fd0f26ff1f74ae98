//! The object protocol: truth, equality, hashing, ordering, arithmetic, and their dispatch to
//! special methods of user classes.

use crate::ast::{BinOp, CmpOp, UnOp};
use crate::dict::Dict;
use crate::exceptions::kind;
use crate::int::{BigInt, hash_f64, hash_i64};
use crate::object::*;
use crate::value::{ObjRef, Value};
use crate::vm::{Exc, Vm};
use alloc::borrow::Cow;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::cmp::Ordering;

/// A number in one of its three shapes.
#[derive(Clone, Debug)]
pub enum Num {
    /// Small int (and bool).
    I(i64),
    /// Big int.
    B(BigInt),
    /// Float.
    F(f64),
}

/// FNV-1a hash of text, never -1.
pub fn hash_bytes(b: &[u8]) -> i64 {
    // A word (8 bytes) per step, then a final mix so that the low bits, where dict probing
    // starts, depend on every byte. Every new str is hashed, so a byte-at-a-time loop was a
    // visible cost of text work (`upper()`, `replace()`, `join()` of long strs). The values
    // are not CPython's, whose str hashes are randomised per process anyway.
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ (b.len() as u64).wrapping_mul(K);
    let mut words = b.chunks_exact(8);
    for w in &mut words {
        let mut a = [0u8; 8];
        a.copy_from_slice(w);
        h = (h ^ u64::from_le_bytes(a)).wrapping_mul(K).rotate_left(31);
    }
    let rest = words.remainder();
    if !rest.is_empty() {
        let mut a = [0u8; 8];
        a[..rest.len()].copy_from_slice(rest);
        h = (h ^ u64::from_le_bytes(a)).wrapping_mul(K).rotate_left(31);
    }
    h ^= h >> 29;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 32;
    let h = (h >> 1) as i64;
    if h == -1 { -2 } else { h }
}

impl Num {
    fn to_big(&self) -> BigInt {
        match self {
            Num::I(i) => BigInt::from_i64(*i),
            Num::B(b) => b.clone(),
            Num::F(f) => BigInt::from_f64(*f),
        }
    }
    /// As float.
    pub fn to_f64(&self) -> f64 {
        match self {
            Num::I(i) => *i as f64,
            Num::B(b) => b.to_f64(),
            Num::F(f) => *f,
        }
    }
}

/// The intern table's value for a name whose builtin methods are deferred (`defer_methods`);
/// every other name has `Null`.
const DEFERRED: Value = Value::Bool(true);

impl Vm {
    // ---------- strings ----------

    /// Allocates a new str.
    pub fn new_str(&mut self, s: &str) -> Result<Value, Exc> {
        let chars = if s.is_ascii() {
            s.len()
        } else {
            s.chars().count()
        };
        let o = Obj::Str(PyStr {
            s: Cow::Owned(String::from(s)),
            hash: hash_bytes(s.as_bytes()),
            chars,
        });
        self.alloc(o)
    }

    /// Allocates a str from an owned String (no copy).
    pub fn new_string(&mut self, s: String) -> Result<Value, Exc> {
        let chars = if s.is_ascii() {
            s.len()
        } else {
            s.chars().count()
        };
        self.new_string_chars(s, chars)
    }

    /// `new_string` when the caller knows the number of code points.
    pub fn new_string_chars(&mut self, s: String, chars: usize) -> Result<Value, Exc> {
        let hash = hash_bytes(s.as_bytes());
        self.alloc(Obj::Str(PyStr {
            s: Cow::Owned(s),
            hash,
            chars,
        }))
    }

    /// The str of one character (`s[i]`, `chr(i)`, iterating a str): interned, and for ASCII
    /// taken from a table without hashing.
    pub fn char_str(&mut self, c: char) -> Result<Value, Exc> {
        let mut buf = [0u8; 4];
        if !c.is_ascii() {
            return self.intern(c.encode_utf8(&mut buf));
        }
        let i = c as usize;
        if let Some(&v) = self.ascii_strs.get(i)
            && !v.is_null()
        {
            return Ok(v);
        }
        let v = self.intern(c.encode_utf8(&mut buf))?;
        if self.ascii_strs.is_empty() {
            self.ascii_strs = alloc::vec![Value::Null; 128];
        }
        self.ascii_strs[i] = v;
        Ok(v)
    }

    /// Allocates a str over static bytes (a frozen module's names and constants): the heap
    /// holds only the object.
    pub fn new_static_str(&mut self, s: &'static str) -> Result<Value, Exc> {
        let chars = if s.is_ascii() {
            s.len()
        } else {
            s.chars().count()
        };
        self.alloc(Obj::Str(PyStr {
            s: Cow::Borrowed(s),
            hash: hash_bytes(s.as_bytes()),
            chars,
        }))
    }

    /// Returns the interned str for `s`.
    pub fn intern(&mut self, s: &str) -> Result<Value, Exc> {
        self.intern_text(s, None)
    }

    /// Returns the interned str for `s`; a new one points at `s` instead of copying it.
    pub fn intern_static(&mut self, s: &'static str) -> Result<Value, Exc> {
        self.intern_text(s, Some(s))
    }

    /// [`Vm::intern`], as a handle.
    pub fn intern_ref(&mut self, s: &str) -> Result<ObjRef, Exc> {
        match self.intern(s)? {
            Value::Obj(r) => Ok(r),
            _ => Err(self.memory_error()),
        }
    }

    /// [`Vm::intern_static`], as a handle (for name tables).
    pub fn intern_static_ref(&mut self, s: &'static str) -> Result<ObjRef, Exc> {
        match self.intern_static(s)? {
            Value::Obj(r) => Ok(r),
            _ => Err(self.memory_error()),
        }
    }

    /// Interned `name` (a str of the intern table) keeps its builtin methods in the static
    /// tables until it is interned again — by the compiler for a program that names it, by
    /// `getattr`/`hasattr`, by a listing — instead of materialising them now. For names the
    /// VM interns for itself but never looks up on a builtin type.
    pub(crate) fn defer_methods(&mut self, name: Value) {
        let h = self.str_hash(name);
        if let Some(ix) = self.interned.find(h, |k| k == name) {
            self.interned.entries[ix].value = DEFERRED;
        }
    }

    fn intern_text(&mut self, s: &str, stat: Option<&'static str>) -> Result<Value, Exc> {
        let h = hash_bytes(s.as_bytes());
        let heap = &self.heap;
        if let Some(ix) = self.interned.find(
            h,
            |k| matches!(k, Value::Obj(r) if matches!(heap.get(r), Obj::Str(x) if x.s == s)),
        ) {
            let e = self.interned.entries[ix];
            if e.value == DEFERRED {
                // A name whose builtin methods wait for a program to name it (`defer_methods`).
                self.interned.entries[ix].value = Value::Null;
                self.eager_deferred.retain(|&n| n != e.key);
                self.materialize_methods(e.key)?;
            }
            return Ok(e.key);
        }
        let v = match stat {
            Some(st) => self.new_static_str(st)?,
            None => self.new_str(s)?,
        };
        self.interned.push_new(h, v, Value::Null);
        if (s.starts_with("__") || matches!(s, "sys" | "stdout"))
            && let Some(slot) = self.n.lazy_slot(s)
        {
            *slot = v;
        }
        // Builtin methods of this name come out of static data now (init.rs).
        self.materialize_methods(v)?;
        Ok(v)
    }

    // ---------- numbers ----------

    /// The numeric view of a value (bools count as ints).
    #[inline]
    pub fn as_num(&self, v: Value) -> Option<Num> {
        match v {
            Value::Int(i) => Some(Num::I(i)),
            Value::Bool(b) => Some(Num::I(b as i64)),
            Value::Float(f) => Some(Num::F(f)),
            Value::Obj(r) => match self.heap.get(r) {
                Obj::BigInt(b) => Some(Num::B(b.clone())),
                _ => None,
            },
            _ => None,
        }
    }

    /// Makes an int value from a BigInt (normalising small ones).
    pub fn int_from_big(&mut self, b: BigInt) -> Result<Value, Exc> {
        match b.to_i64() {
            Some(i) => Ok(Value::Int(i)),
            None => self.alloc(Obj::BigInt(b)),
        }
    }

    /// An i64 from an int-like value.
    pub fn as_index(&mut self, v: Value) -> Result<i64, Exc> {
        match v {
            Value::Int(i) => Ok(i),
            Value::Bool(b) => Ok(b as i64),
            Value::Obj(r) => match self.heap.get(r) {
                Obj::BigInt(_) => Err(self.exc_msg(
                    kind::OVERFLOW,
                    "Python int too large to convert to C ssize_t",
                )),
                Obj::Instance(_) => {
                    let idx = self.n.index;
                    match self.lookup_special(v, idx) {
                        Some(m) => {
                            let r = self.call(m, &[v])?;
                            self.as_index(r)
                        }
                        None => {
                            let tn = self.type_name(v);
                            Err(self.type_error(&format!(
                                "'{}' object cannot be interpreted as an integer",
                                tn
                            )))
                        }
                    }
                }
                _ => {
                    let tn = self.type_name(v);
                    Err(self.type_error(&format!(
                        "'{}' object cannot be interpreted as an integer",
                        tn
                    )))
                }
            },
            _ => {
                let tn = self.type_name(v);
                Err(self.type_error(&format!(
                    "'{}' object cannot be interpreted as an integer",
                    tn
                )))
            }
        }
    }

    /// An int's limbs read in place (`buf` holds a small int's); `None` for any other value,
    /// bools included (the general path takes those). Hosts only, as the fast paths using
    /// it (flash); a device takes the general paths, with the same results.
    #[cfg(feature = "std")]
    #[inline]
    pub fn int_ref<'a>(
        &'a self,
        v: Value,
        buf: &'a mut [u32; 2],
    ) -> Option<crate::int::IntRef<'a>> {
        match v {
            Value::Int(i) => Some(crate::int::IntRef::small(i, buf)),
            Value::Obj(r) => match self.heap.get(r) {
                Obj::BigInt(b) => Some(b.view()),
                _ => None,
            },
            _ => None,
        }
    }

    /// `+ - * // %` with a big int operand and an int other one, the operands read in place
    /// (`as_num` clones a big int, and `arith` cloned it again): `Ok(None)` for anything else,
    /// division by zero included, which the general path raises.
    #[cfg(feature = "std")]
    fn big_arith(&mut self, op: BinOp, l: Value, r: Value) -> Result<Option<Value>, Exc> {
        if !matches!(
            op,
            BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::FloorDiv | BinOp::Mod
        ) {
            return Ok(None);
        }
        let (mut lb, mut rb) = ([0u32; 2], [0u32; 2]);
        let res = {
            let (Some(x), Some(y)) = (self.int_ref(l, &mut lb), self.int_ref(r, &mut rb)) else {
                return Ok(None);
            };
            match op {
                BinOp::Add => x.add(y),
                BinOp::Sub => x.sub(y),
                BinOp::Mul => x.mul(y),
                _ => match x.divmod(y, op == BinOp::Mod) {
                    Some((q, m)) => {
                        if op == BinOp::Mod {
                            m
                        } else {
                            q
                        }
                    }
                    None => return Ok(None),
                },
            }
        };
        // As `arith`: a result past the heap limit is a MemoryError.
        if self.heap.charge(0).is_err() || res.mag.len() * 4 > self.heap.limit {
            return Err(self.memory_error());
        }
        self.int_from_big(res).map(Some)
    }

    fn num_value(&mut self, n: Num) -> Result<Value, Exc> {
        match n {
            Num::I(i) => Ok(Value::Int(i)),
            Num::B(b) => self.int_from_big(b),
            Num::F(f) => Ok(Value::Float(f)),
        }
    }

    fn arith(&mut self, op: BinOp, a: Num, b: Num) -> Result<Option<Value>, Exc> {
        use Num::*;
        if let (F(_), _) | (_, F(_)) = (&a, &b) {
            let (x, y) = (a.to_f64(), b.to_f64());
            if let (F(_), B(bb)) | (B(bb), F(_)) = (&a, &b)
                && bb.to_f64().is_infinite()
            {
                return Err(self.exc_msg(kind::OVERFLOW, "int too large to convert to float"));
            }
            let r = match op {
                BinOp::Add => x + y,
                BinOp::Sub => x - y,
                BinOp::Mul => x * y,
                BinOp::Div => {
                    if y == 0.0 {
                        return Err(self.exc_msg(kind::ZERO_DIVISION, "float division by zero"));
                    }
                    x / y
                }
                BinOp::FloorDiv => {
                    if y == 0.0 {
                        return Err(
                            self.exc_msg(kind::ZERO_DIVISION, "float floor division by zero")
                        );
                    }
                    libm::floor(x / y)
                }
                BinOp::Mod => {
                    if y == 0.0 {
                        return Err(self.exc_msg(kind::ZERO_DIVISION, "float modulo"));
                    }
                    float_mod(x, y)
                }
                BinOp::Pow => {
                    if x == 0.0 && y < 0.0 {
                        return Err(self.exc_msg(
                            kind::ZERO_DIVISION,
                            "0.0 cannot be raised to a negative power",
                        ));
                    }
                    if x < 0.0 && libm::trunc(y) != y {
                        // A negative base to a fractional power is complex (float_pow).
                        return self.complex_op(op, (x, 0.0), (y, 0.0));
                    }
                    let r = crate::fmath::pow(x, y);
                    if r.is_infinite() && x.is_finite() && y.is_finite() {
                        return Err(
                            self.exc_msg(kind::OVERFLOW, "(34, 'Numerical result out of range')")
                        );
                    }
                    r
                }
                _ => return Ok(None),
            };
            return Ok(Some(Value::Float(r)));
        }
        // Both ints.
        if let (I(x), I(y)) = (&a, &b) {
            let (x, y) = (*x, *y);
            let r = match op {
                BinOp::Add => x.checked_add(y),
                BinOp::Sub => x.checked_sub(y),
                BinOp::Mul => x.checked_mul(y),
                BinOp::FloorDiv => {
                    if y == 0 {
                        return Err(
                            self.exc_msg(kind::ZERO_DIVISION, "integer division or modulo by zero")
                        );
                    }
                    x.checked_div_euclid(y).map(|_| floor_div(x, y))
                }
                BinOp::Mod => {
                    if y == 0 {
                        return Err(self.exc_msg(kind::ZERO_DIVISION, "integer modulo by zero"));
                    }
                    x.checked_rem(y).map(|_| floor_mod(x, y))
                }
                BinOp::Div => {
                    if y == 0 {
                        return Err(self.exc_msg(kind::ZERO_DIVISION, "division by zero"));
                    }
                    let q = BigInt::true_div(&BigInt::from_i64(x), &BigInt::from_i64(y));
                    // |x / y| < 2^63: always a float.
                    return Ok(Some(Value::Float(q.unwrap_or(f64::NAN))));
                }
                BinOp::BitAnd => Some(x & y),
                BinOp::BitOr => Some(x | y),
                BinOp::BitXor => Some(x ^ y),
                BinOp::LShift => {
                    if y < 0 {
                        return Err(self.value_error("negative shift count"));
                    }
                    if y < 63 && (x.unsigned_abs() < (1u64 << (62 - y))) {
                        Some(x << y)
                    } else {
                        None
                    }
                }
                BinOp::RShift => {
                    if y < 0 {
                        return Err(self.value_error("negative shift count"));
                    }
                    Some(if y >= 64 {
                        if x < 0 { -1 } else { 0 }
                    } else {
                        x >> y
                    })
                }
                BinOp::Pow => {
                    if y < 0 {
                        if x == 0 {
                            return Err(self.exc_msg(
                                kind::ZERO_DIVISION,
                                "0.0 cannot be raised to a negative power",
                            ));
                        }
                        return Ok(Some(Value::Float(crate::fmath::pow(x as f64, y as f64))));
                    }
                    int_pow(x, y)
                }
                BinOp::MatMul => return Ok(None),
            };
            if let Some(r) = r {
                return Ok(Some(Value::Int(r)));
            }
        }
        let (x, y) = (a.to_big(), b.to_big());
        let r = match op {
            BinOp::Add => x.add(&y),
            BinOp::Sub => x.sub(&y),
            BinOp::Mul => x.mul(&y),
            BinOp::FloorDiv | BinOp::Mod => match x.divmod(&y) {
                Some((q, m)) => {
                    if op == BinOp::FloorDiv {
                        q
                    } else {
                        m
                    }
                }
                None => {
                    let msg = if op == BinOp::Mod {
                        "integer modulo by zero"
                    } else {
                        "integer division or modulo by zero"
                    };
                    return Err(self.exc_msg(kind::ZERO_DIVISION, msg));
                }
            },
            BinOp::Div => {
                if y.is_zero() {
                    return Err(self.exc_msg(kind::ZERO_DIVISION, "division by zero"));
                }
                return match BigInt::true_div(&x, &y) {
                    Some(q) => Ok(Some(Value::Float(q))),
                    None => Err(self.exc_msg(
                        kind::OVERFLOW,
                        "integer division result too large for a float",
                    )),
                };
            }
            BinOp::BitAnd => x.bitop(&y, 0),
            BinOp::BitOr => x.bitop(&y, 1),
            BinOp::BitXor => x.bitop(&y, 2),
            BinOp::LShift | BinOp::RShift => {
                // Saturating: a right shift by more than usize::MAX bits (2**32 on
                // a 32-bit target) still shifts everything out.
                let s = match y.to_i64() {
                    Some(s) if s >= 0 => usize::try_from(s).unwrap_or(usize::MAX),
                    Some(_) => return Err(self.value_error("negative shift count")),
                    None if op == BinOp::RShift && !y.neg => usize::MAX,
                    None => return Err(self.exc_msg(kind::OVERFLOW, "shift count too large")),
                };
                if op == BinOp::LShift {
                    if s > 1 << 24 {
                        return Err(self.exc_msg(kind::OVERFLOW, "shift count too large"));
                    }
                    x.shl(s)
                } else {
                    x.shr(s)
                }
            }
            BinOp::Pow => {
                if y.neg {
                    return Ok(Some(Value::Float(crate::fmath::pow(
                        x.to_f64(),
                        y.to_f64(),
                    ))));
                }
                let e = match y.to_i64() {
                    Some(e) => e as u64,
                    None => return Err(self.exc_msg(kind::OVERFLOW, "exponent too large")),
                };
                if x.bit_length() as u128 * e as u128 > 8_000_000 {
                    return Err(self.memory_error());
                }
                x.pow(e)
            }
            BinOp::MatMul => return Ok(None),
        };
        let bytes = r.mag.len() * 4;
        if self.heap.charge(0).is_err() || bytes > self.heap.limit {
            return Err(self.memory_error());
        }
        self.int_from_big(r).map(Some)
    }

    /// A set built from a keys/items view (None for other values).
    pub fn view_as_set(&mut self, v: Value) -> Result<Option<Value>, Exc> {
        if let Value::Obj(r) = v {
            if let Obj::DictView(_, mode) = self.heap.get(r) {
                if *mode != 1 {
                    return self.any_as_set(v).map(Some);
                }
            }
        }
        Ok(None)
    }

    /// `v` itself when it is a set, else a new set of its items.
    pub fn any_as_set(&mut self, v: Value) -> Result<Value, Exc> {
        if matches!(v, Value::Obj(o) if matches!(self.heap.get(o), Obj::Set(..))) {
            return Ok(v);
        }
        let s = self.alloc(Obj::Set(Dict::new(), false))?;
        for x in self.collect_iter(v)? {
            self.set_add(s, x)?;
        }
        Ok(s)
    }

    /// `l op r` including special methods and sequence operations.
    pub fn binary_op(
        &mut self,
        op: BinOp,
        l: Value,
        r: Value,
        inplace: bool,
    ) -> Result<Value, Exc> {
        // str + str first: no overriding is possible for two exact strs, and text work
        // (`a + "|" + b`) otherwise walks the number, set and sequence checks below.
        if op == BinOp::Add
            && let (Value::Obj(a), Value::Obj(b)) = (l, r)
            && let (Obj::Str(x), Obj::Str(y)) = (self.heap.get(a), self.heap.get(b))
        {
            let mut s = String::with_capacity(x.s.len() + y.s.len());
            s.push_str(&x.s);
            s.push_str(&y.s);
            let chars = x.chars + y.chars;
            return self.new_string_chars(s, chars);
        }
        // Big ints.
        #[cfg(feature = "std")]
        if (matches!(l, Value::Obj(_)) || matches!(r, Value::Obj(_)))
            && let Some(v) = self.big_arith(op, l, r)?
        {
            return Ok(v);
        }
        if let (Some(a), Some(b)) = (self.as_num(l), self.as_num(r))
            && !self.overrides_operator(op, l)?
            && !self.overrides_operator(op, r)?
            && let Some(v) = self.arith(op, a, b)?
        {
            return Ok(v);
        }
        if matches!(
            op,
            BinOp::BitAnd | BinOp::BitOr | BinOp::Sub | BinOp::BitXor
        ) {
            let lv = self.view_as_set(l)?;
            let rv = self.view_as_set(r)?;
            if lv.is_some() || rv.is_some() {
                let a = match lv {
                    Some(s) => s,
                    None => self.any_as_set(l)?,
                };
                let b = match rv {
                    Some(s) => s,
                    None => self.any_as_set(r)?,
                };
                return self.binary_op(op, a, b, false);
            }
        }
        if let Some(v) = self.builtin_binary(op, l, r, inplace)? {
            return Ok(v);
        }
        // Special methods.
        let (name, rname, iname) = binop_names(op);
        if inplace {
            let n = self.intern(iname)?;
            if let Some(m) = self.lookup_special(l, n) {
                let v = self.call(m, &[l, r])?;
                if v != self.not_implemented {
                    return Ok(v);
                }
            }
        }
        let n = self.intern(name)?;
        let rn = self.intern(rname)?;
        // CPython: when r's type is a proper subclass of l's that overrides the reflected
        // method, that one is tried first; and the reflected method is not tried at all for
        // operands of the same type.
        let (lc, rc) = (self.class_of(l), self.class_of(r));
        let r_method = if lc == rc {
            None
        } else {
            self.lookup_special(r, rn)
        };
        let r_first =
            r_method.is_some() && self.is_subclass(rc, lc) && r_method != self.class_lookup(lc, rn);
        if r_first && let Some(m) = r_method {
            let v = self.call(m, &[r, l])?;
            if v != self.not_implemented {
                return Ok(v);
            }
        }
        if let Some(m) = self.lookup_special(l, n) {
            let v = self.call(m, &[l, r])?;
            if v != self.not_implemented {
                return Ok(v);
            }
        }
        if !r_first && let Some(m) = r_method {
            let v = self.call(m, &[r, l])?;
            if v != self.not_implemented {
                return Ok(v);
            }
        }
        if op == BinOp::BitOr
            && let Some(u) = self.type_union(l, r)?
        {
            return Ok(u);
        }
        let sym = binop_symbol(op);
        let (lt, rt) = (self.type_name(l), self.type_name(r));
        if op == BinOp::Add
            && self.str_of(l).is_some()
            && matches!(l, Value::Obj(x) if matches!(self.heap.get(x), Obj::Str(_)))
        {
            return Err(
                self.type_error(&format!("can only concatenate str (not \"{}\") to str", rt))
            );
        }
        if op == BinOp::Add && (lt == "bytes" || lt == "bytearray") {
            return Err(self.type_error(&format!("can't concat {} to {}", rt, lt)));
        }
        if op == BinOp::Add && lt == "list" {
            return Err(self.type_error(&format!(
                "can only concatenate list (not \"{}\") to list",
                rt
            )));
        }
        if op == BinOp::Add && lt == "tuple" {
            return Err(self.type_error(&format!(
                "can only concatenate tuple (not \"{}\") to tuple",
                rt
            )));
        }
        if op == BinOp::Mul && matches!(lt.as_str(), "str" | "list" | "tuple" | "bytes") {
            return Err(self.type_error(&format!(
                "can't multiply sequence by non-int of type '{}'",
                rt
            )));
        }
        let sym = if inplace {
            format!("{}=", sym)
        } else {
            String::from(sym)
        };
        Err(self.type_error(&format!(
            "unsupported operand type(s) for {}: '{}' and '{}'",
            sym, lt, rt
        )))
    }

    /// The builtin part of `l op= r` on a builtin container (`list.__iadd__`); `None` otherwise.
    #[cfg(feature = "std")]
    pub fn builtin_binary_inplace(
        &mut self,
        op: BinOp,
        l: Value,
        r: Value,
    ) -> Result<Option<Value>, Exc> {
        self.builtin_binary(op, l, r, true)
    }

    /// The builtin part of `l op r` only (numbers and builtin containers); `None` otherwise.
    pub fn builtin_binary_only(
        &mut self,
        op: BinOp,
        l: Value,
        r: Value,
    ) -> Result<Option<Value>, Exc> {
        if let (Some(a), Some(b)) = (self.as_num(l), self.as_num(r)) {
            return self.arith(op, a, b);
        }
        self.builtin_binary(op, l, r, false)
    }

    /// The builtin part of a comparison only; `None` when the types are not builtin-comparable.
    pub fn builtin_compare_only(
        &mut self,
        op: CmpOp,
        l: Value,
        r: Value,
    ) -> Result<Option<bool>, Exc> {
        match op {
            CmpOp::Eq | CmpOp::Ne => {
                let both_builtin = !matches!(l, Value::Obj(x) if matches!(self.heap.get(x), Obj::Instance(_)))
                    && !matches!(r, Value::Obj(x) if matches!(self.heap.get(x), Obj::Instance(_)));
                if !both_builtin {
                    return Ok(None);
                }
                let e = self.eq(l, r)?;
                Ok(Some(if op == CmpOp::Eq { e } else { !e }))
            }
            _ => match self.builtin_order(l, r)? {
                Some(None) => Ok(Some(false)),
                Some(Some(o)) => Ok(Some(match op {
                    CmpOp::Lt => o == Ordering::Less,
                    CmpOp::Le => o != Ordering::Greater,
                    CmpOp::Gt => o == Ordering::Greater,
                    _ => o != Ordering::Less,
                })),
                None => Ok(None),
            },
        }
    }

    fn builtin_binary(
        &mut self,
        op: BinOp,
        l: Value,
        r: Value,
        inplace: bool,
    ) -> Result<Option<Value>, Exc> {
        if let Some(v) = self.complex_binary(op, l, r)? {
            return Ok(Some(v));
        }
        let (lr, rr) = match (l, r) {
            (Value::Obj(a), Value::Obj(b)) => (Some(a), Some(b)),
            (Value::Obj(a), _) => (Some(a), None),
            (_, Value::Obj(b)) => (None, Some(b)),
            _ => return Ok(None),
        };
        // Sequence repetition by an object with __index__.
        if op == BinOp::Mul {
            let is_seq = |vm: &Vm, v: Value| matches!(v, Value::Obj(x) if matches!(vm.heap.get(x), Obj::Str(_) | Obj::List(_) | Obj::Tuple(_) | Obj::Bytes(_) | Obj::ByteArray(_)));
            let has_index = |vm: &Vm, v: Value| {
                matches!(v, Value::Obj(x) if matches!(vm.heap.get(x), Obj::Instance(_)))
                    && vm.lookup_special(v, vm.n.index).is_some()
            };
            if is_seq(self, l) && has_index(self, r) {
                let n = self.as_index(r)?;
                return self.builtin_binary(op, l, Value::Int(n), inplace);
            }
            if is_seq(self, r) && has_index(self, l) {
                let n = self.as_index(l)?;
                return self.builtin_binary(op, Value::Int(n), r, inplace);
            }
        }
        // Sequence repetition.
        if op == BinOp::Mul {
            let is_seq = |vm: &Vm, v: Value| matches!(v, Value::Obj(x) if matches!(vm.heap.get(x), Obj::Str(_) | Obj::List(_) | Obj::Tuple(_) | Obj::Bytes(_) | Obj::ByteArray(_)));
            let is_big = |vm: &Vm, v: Value| matches!(v, Value::Obj(x) if matches!(vm.heap.get(x), Obj::BigInt(_)));
            if (is_seq(self, l) && is_big(self, r)) || (is_big(self, l) && is_seq(self, r)) {
                // Any big int (either sign) is outside Py_ssize_t: CPython's error.
                return Err(self.exc_msg(
                    kind::OVERFLOW,
                    "cannot fit 'int' into an index-sized integer",
                ));
            }
            let (seq, n) = match (l, r) {
                (Value::Obj(s), Value::Int(_) | Value::Bool(_)) => (s, r),
                (Value::Int(_) | Value::Bool(_), Value::Obj(s)) => (s, l),
                _ => (lr.unwrap_or(crate::value::ObjRef(0)), Value::Null),
            };
            if !n.is_null() && is_seq(self, Value::Obj(seq)) {
                let n = match n {
                    Value::Int(i) if i > 0 => self.size_arg(i)?,
                    Value::Bool(true) => 1,
                    _ => 0,
                };
                // Saturating: an overflowing product is over the heap limit
                // and becomes a MemoryError below (never a wrapped length).
                let repeat_len = |len: usize| len.saturating_mul(n);
                let o = match self.heap.get(seq) {
                    Obj::Str(s) => {
                        if repeat_len(s.s.len()) > self.heap.limit {
                            return Err(self.memory_error());
                        }
                        let t = s.s.repeat(n);
                        return self.new_string(t).map(Some);
                    }
                    Obj::List(v) => {
                        if repeat_len(v.len() * 16) > self.heap.limit {
                            return Err(self.memory_error());
                        }
                        let mut out = Vec::with_capacity(v.len() * n);
                        for _ in 0..n {
                            out.extend_from_slice(v);
                        }
                        if inplace && l.as_obj() == Some(seq) {
                            if let Obj::List(v) = self.heap.get_mut(seq) {
                                *v = out;
                            }
                            return Ok(Some(l));
                        }
                        Obj::List(out)
                    }
                    Obj::Tuple(v) => {
                        if repeat_len(v.len() * 16) > self.heap.limit {
                            return Err(self.memory_error());
                        }
                        let mut out = Vec::with_capacity(v.len() * n);
                        for _ in 0..n {
                            out.extend_from_slice(v);
                        }
                        Obj::Tuple(out.into_boxed_slice())
                    }
                    Obj::Bytes(b) => {
                        if repeat_len(b.len()) > self.heap.limit {
                            return Err(self.memory_error());
                        }
                        Obj::Bytes(b.repeat(n))
                    }
                    Obj::ByteArray(b) => {
                        if repeat_len(b.len()) > self.heap.limit {
                            return Err(self.memory_error());
                        }
                        Obj::ByteArray(b.repeat(n))
                    }
                    _ => return Ok(None),
                };
                return self.alloc(o).map(Some);
            }
        }
        // `d |= pairs` takes whatever dict.update takes (`d | pairs` does not).
        if inplace
            && op == BinOp::BitOr
            && let Some(a) = lr
            && matches!(self.heap.get(a), Obj::Dict(_))
            && !matches!(rr, Some(b) if matches!(self.heap.get(b), Obj::Dict(_)))
        {
            self.dict_update(l, r)?;
            return Ok(Some(l));
        }
        let (lr, rr) = match (lr, rr) {
            (Some(a), Some(b)) => (a, b),
            (Some(a), None) if op == BinOp::Mod => {
                if let Obj::Str(_) = self.heap.get(a) {
                    let s = crate::format::percent_format(self, l, r)?;
                    return self.new_string(s).map(Some);
                }
                if let Obj::Bytes(f) | Obj::ByteArray(f) = self.heap.get(a) {
                    let ba = matches!(self.heap.get(a), Obj::ByteArray(_));
                    let f = f.clone();
                    let out = crate::format::bytes_percent_format(self, &f, r)?;
                    return self
                        .alloc(if ba {
                            Obj::ByteArray(out)
                        } else {
                            Obj::Bytes(out)
                        })
                        .map(Some);
                }
                return Ok(None);
            }
            _ => return Ok(None),
        };
        match (op, self.heap.get(lr), self.heap.get(rr)) {
            (BinOp::Add, Obj::Str(a), Obj::Str(b)) => {
                let mut s = String::with_capacity(a.s.len() + b.s.len());
                s.push_str(&a.s);
                s.push_str(&b.s);
                self.new_string(s).map(Some)
            }
            (BinOp::Mod, Obj::Str(_), _) => {
                let s = crate::format::percent_format(self, l, r)?;
                self.new_string(s).map(Some)
            }
            (BinOp::Mod, Obj::Bytes(f) | Obj::ByteArray(f), _) => {
                let ba = matches!(self.heap.get(lr), Obj::ByteArray(_));
                let f = f.clone();
                let out = crate::format::bytes_percent_format(self, &f, r)?;
                self.alloc(if ba {
                    Obj::ByteArray(out)
                } else {
                    Obj::Bytes(out)
                })
                .map(Some)
            }
            (BinOp::Add, Obj::List(a), Obj::List(b)) => {
                if inplace {
                    let b = b.clone();
                    self.list_extend(l, &b)?;
                    return Ok(Some(l));
                }
                let mut v = a.clone();
                v.extend_from_slice(b);
                self.alloc(Obj::List(v)).map(Some)
            }
            (BinOp::Add, Obj::List(_), _) if inplace => {
                let items = self.collect_iter(r)?;
                self.list_extend(l, &items)?;
                Ok(Some(l))
            }
            (BinOp::Add, Obj::Tuple(a), Obj::Tuple(b)) => {
                let mut v = a.to_vec();
                v.extend_from_slice(b);
                self.alloc(Obj::Tuple(v.into_boxed_slice())).map(Some)
            }
            (BinOp::Add, Obj::Bytes(a), Obj::Bytes(b) | Obj::ByteArray(b)) => {
                let mut v = a.clone();
                v.extend_from_slice(b);
                self.alloc(Obj::Bytes(v)).map(Some)
            }
            (BinOp::Add, Obj::ByteArray(a), Obj::Bytes(b) | Obj::ByteArray(b)) => {
                let mut v = a.clone();
                v.extend_from_slice(b);
                if inplace {
                    if let Obj::ByteArray(x) = self.heap.get_mut(lr) {
                        *x = v;
                    }
                    return Ok(Some(l));
                }
                self.alloc(Obj::ByteArray(v)).map(Some)
            }
            (BinOp::Add, Obj::Bytes(_) | Obj::ByteArray(_), Obj::MemoryView(_)) => {
                let is_ba = matches!(self.heap.get(lr), Obj::ByteArray(_));
                let mut v = self.buffer_bytes(l).unwrap_or_default();
                v.extend_from_slice(&self.mv_bytes(rr)?);
                if is_ba && inplace {
                    if let Obj::ByteArray(x) = self.heap.get_mut(lr) {
                        *x = v;
                    }
                    return Ok(Some(l));
                }
                self.alloc(if is_ba {
                    Obj::ByteArray(v)
                } else {
                    Obj::Bytes(v)
                })
                .map(Some)
            }
            (
                BinOp::BitOr | BinOp::BitAnd | BinOp::Sub | BinOp::BitXor,
                Obj::Set(a, fa),
                Obj::Set(b, _),
            ) => {
                let frozen = *fa;
                let (a, b) = (a.clone(), b.clone());
                let result = self.set_op(op, &a, &b)?;
                if inplace && !frozen {
                    if let Obj::Set(d, _) = self.heap.get_mut(lr) {
                        *d = result;
                    }
                    return Ok(Some(l));
                }
                self.alloc(Obj::Set(result, frozen)).map(Some)
            }
            (BinOp::BitOr, Obj::Dict(a), Obj::Dict(_)) => {
                if inplace {
                    self.dict_update(l, r)?;
                    return Ok(Some(l));
                }
                let a = a.clone();
                let d = self.alloc(Obj::Dict(a))?;
                self.dict_update(d, r)?;
                Ok(Some(d))
            }
            _ => Ok(None),
        }
    }

    fn set_op(&mut self, op: BinOp, a: &Dict, b: &Dict) -> Result<Dict, Exc> {
        let mut out = Dict::new();
        match op {
            BinOp::BitOr => {
                out = a.clone();
                for e in b.iter() {
                    if self.table_find(&out, e.hash, e.key)?.is_none() {
                        out.push_new(e.hash, e.key, Value::Null);
                    }
                }
            }
            BinOp::BitAnd => {
                for e in a.iter() {
                    if self.table_find(b, e.hash, e.key)?.is_some() {
                        out.push_new(e.hash, e.key, Value::Null);
                    }
                }
            }
            BinOp::Sub => {
                for e in a.iter() {
                    if self.table_find(b, e.hash, e.key)?.is_none() {
                        out.push_new(e.hash, e.key, Value::Null);
                    }
                }
            }
            _ => {
                for e in a.iter() {
                    if self.table_find(b, e.hash, e.key)?.is_none() {
                        out.push_new(e.hash, e.key, Value::Null);
                    }
                }
                for e in b.iter() {
                    if self.table_find(a, e.hash, e.key)?.is_none() {
                        out.push_new(e.hash, e.key, Value::Null);
                    }
                }
            }
        }
        if self.heap.charge(out.bytes()).is_err() {
            return Err(self.memory_error());
        }
        Ok(out)
    }

    /// Unary operators.
    pub fn unary_op(&mut self, op: UnOp, v: Value) -> Result<Value, Exc> {
        match (op, self.as_num(v)) {
            (UnOp::Not, _) => Ok(Value::Bool(!self.truthy(v)?)),
            (UnOp::Neg, Some(Num::I(i))) => match i.checked_neg() {
                Some(n) => Ok(Value::Int(n)),
                None => self.int_from_big(BigInt::from_i64(i).neg()),
            },
            (UnOp::Neg, Some(Num::B(b))) => self.int_from_big(b.neg()),
            (UnOp::Neg, Some(Num::F(f))) => Ok(Value::Float(-f)),
            (UnOp::Pos, Some(n)) => self.num_value(n),
            (UnOp::Invert, Some(Num::I(i))) => Ok(Value::Int(!i)),
            (UnOp::Invert, Some(Num::B(b))) => self.int_from_big(b.add(&BigInt::from_i64(1)).neg()),
            (UnOp::Neg | UnOp::Pos, None)
                if let Value::Obj(r) = v
                    && let Obj::Complex(re, im) = *self.heap.get(r) =>
            {
                if op == UnOp::Pos {
                    return Ok(v);
                }
                self.alloc(Obj::Complex(-re, -im))
            }
            _ => {
                let name = match op {
                    UnOp::Neg => self.n.neg,
                    UnOp::Pos => self.n.pos,
                    _ => self.n.invert,
                };
                if let Some(m) = self.lookup_special(v, name) {
                    return self.call(m, &[v]);
                }
                // A subclass of int or float without the method of its own: the builtin's
                // operator on its value (`~flag` of an IntFlag-like class gives an int).
                if let Value::Obj(r) = v
                    && let Obj::Instance(i) = self.heap.get(r)
                    && let Some(n) = self.as_num(i.base_value())
                    && !(op == UnOp::Invert && matches!(n, Num::F(_)))
                {
                    let b = i.base_value();
                    return self.unary_op(op, b);
                }
                let sym = match op {
                    UnOp::Neg => "-",
                    UnOp::Pos => "+",
                    _ => "~",
                };
                let tn = self.type_name(v);
                Err(self.type_error(&format!("bad operand type for unary {}: '{}'", sym, tn)))
            }
        }
    }

    // ---------- truth ----------

    /// `bool(v)`.
    pub fn truthy(&mut self, v: Value) -> Result<bool, Exc> {
        Ok(match v {
            Value::Null | Value::None => false,
            Value::Bool(b) => b,
            Value::Int(i) => i != 0,
            Value::Float(f) => f != 0.0,
            Value::Obj(r) => match self.heap.get(r) {
                Obj::Str(s) => !s.s.is_empty(),
                Obj::List(l) => !l.is_empty(),
                Obj::Tuple(t) => !t.is_empty(),
                Obj::Dict(d) | Obj::Set(d, _) => !d.is_empty(),
                Obj::Bytes(b) | Obj::ByteArray(b) => !b.is_empty(),
                Obj::BigInt(_) => true,
                Obj::Complex(re, im) => *re != 0.0 || *im != 0.0,
                Obj::Range(a, b, s) => range_len(*a, *b, *s) > 0,
                Obj::DictView(d, _) => match self.heap.get(*d) {
                    Obj::Dict(d) => !d.is_empty(),
                    _ => false,
                },
                Obj::Instance(_) => {
                    let b = self.n.bool_;
                    if let Some(m) = self.lookup_special(v, b) {
                        let r = self.call(m, &[v])?;
                        return match r {
                            Value::Bool(b) => Ok(b),
                            _ => {
                                let tn = self.type_name(r);
                                Err(self.type_error(&format!(
                                    "__bool__ should return bool, returned {}",
                                    tn
                                )))
                            }
                        };
                    }
                    let l = self.n.len;
                    if let Some(m) = self.lookup_special(v, l) {
                        let r = self.call(m, &[v])?;
                        return Ok(self.as_index(r)? != 0);
                    }
                    true
                }
                _ => true,
            },
        })
    }

    // ---------- equality and hashing ----------

    /// Fast equality without calling Python; `None` when Python code would be needed.
    pub fn eq_simple(&self, a: Value, b: Value) -> Option<bool> {
        // Dict keys are mostly strs and ints: settled before the complex checks below, which
        // look both operands up. (A complex is never a str, so the order changes nothing.)
        match (a, b) {
            (Value::Int(x), Value::Int(y)) => return Some(x == y),
            (Value::Obj(x), Value::Obj(y)) => {
                if let (Obj::Str(p), Obj::Str(q)) = (self.heap.get(x), self.heap.get(y)) {
                    return Some(x == y || (p.hash == q.hash && p.s == q.s));
                }
            }
            _ => {}
        }
        // A complex equals a number when its imaginary part is 0 and its real part equals it.
        let cplx = |v: Value| match v {
            Value::Obj(r) => match self.heap.get(r) {
                Obj::Complex(re, im) => Some((*re, *im)),
                _ => None,
            },
            _ => None,
        };
        if let Some((re, im)) = cplx(a).or(cplx(b)) {
            let other = if cplx(a).is_some() { b } else { a };
            return Some(match (cplx(other), self.as_num(other)) {
                (Some(o), _) => o == (re, im),
                (None, Some(n)) => im == 0.0 && num_cmp(&Num::F(re), &n) == Some(Ordering::Equal),
                _ if matches!(other, Value::Obj(r) if matches!(self.heap.get(r), Obj::Instance(_))) =>
                {
                    return None;
                }
                _ => false,
            });
        }
        if a == b {
            if let Value::Float(f) = a {
                return Some(!f.is_nan());
            }
            return Some(true);
        }
        match (a, b) {
            (Value::Int(x), Value::Int(y)) => Some(x == y),
            (
                Value::Int(_) | Value::Bool(_) | Value::Float(_),
                Value::Int(_) | Value::Bool(_) | Value::Float(_),
            ) => {
                let (x, y) = (self.as_num(a)?, self.as_num(b)?);
                Some(num_cmp(&x, &y) == Some(Ordering::Equal))
            }
            (Value::Obj(x), Value::Obj(y)) => match (self.heap.get(x), self.heap.get(y)) {
                (Obj::Str(p), Obj::Str(q)) => Some(p.hash == q.hash && p.s == q.s),
                (Obj::BigInt(p), Obj::BigInt(q)) => Some(p == q),
                (Obj::Bytes(p) | Obj::ByteArray(p), Obj::Bytes(q) | Obj::ByteArray(q)) => {
                    Some(p == q)
                }
                // A memoryview equals any bytes-like object with the same bytes.
                (Obj::MemoryView(_), _) | (_, Obj::MemoryView(_)) => {
                    let (p, q) = (self.buffer_bytes(a), self.buffer_bytes(b));
                    Some(matches!((p, q), (Some(p), Some(q)) if p == q))
                }
                (Obj::Tuple(p), Obj::Tuple(q)) => {
                    if p.len() != q.len() {
                        return Some(false);
                    }
                    for (u, w) in p.iter().zip(q.iter()) {
                        if !self.eq_simple_shallow(*u, *w)? {
                            return Some(false);
                        }
                    }
                    Some(true)
                }
                (Obj::Instance(_), _) | (_, Obj::Instance(_)) => None,
                (Obj::DictView(..), _) | (_, Obj::DictView(..)) => None,
                (Obj::List(_), Obj::List(_))
                | (Obj::Dict(_), Obj::Dict(_))
                | (Obj::Set(..), Obj::Set(..)) => None,
                (Obj::Range(a1, b1, c1), Obj::Range(a2, b2, c2)) => {
                    // Ranges are equal when they describe the same sequence.
                    let (n1, n2) = (range_len(*a1, *b1, *c1), range_len(*a2, *b2, *c2));
                    Some(n1 == n2 && (n1 == 0 || (a1 == a2 && (n1 == 1 || c1 == c2))))
                }
                (Obj::BoundMethod(s1, f1), Obj::BoundMethod(s2, f2)) => Some(s1 == s2 && f1 == f2),
                (Obj::Slice(x), Obj::Slice(y)) => Some(
                    self.eq_simple(x[0], y[0])?
                        && self.eq_simple(x[1], y[1])?
                        && self.eq_simple(x[2], y[2])?,
                ),
                _ => Some(false),
            },
            (Value::Obj(x), _) | (_, Value::Obj(x)) => match self.heap.get(x) {
                // A big int equals a float holding the same integral value.
                Obj::BigInt(_) => match (self.as_num(a), self.as_num(b)) {
                    (Some(p), Some(q)) => Some(num_cmp(&p, &q) == Some(Ordering::Equal)),
                    _ => Some(false),
                },
                Obj::Instance(_) => None,
                _ => Some(false),
            },
            _ => Some(false),
        }
    }

    fn eq_simple_shallow(&self, a: Value, b: Value) -> Option<bool> {
        match (a, b) {
            (Value::Obj(x), Value::Obj(y)) if x != y => {
                match (self.heap.get(x), self.heap.get(y)) {
                    (Obj::Str(p), Obj::Str(q)) => Some(p.s == q.s),
                    (Obj::Tuple(_), Obj::Tuple(_)) => None,
                    (Obj::Instance(_), _) | (_, Obj::Instance(_)) => None,
                    (Obj::List(_), Obj::List(_)) => None,
                    (Obj::BigInt(p), Obj::BigInt(q)) => Some(p == q),
                    _ => self.eq_simple(a, b),
                }
            }
            _ => self.eq_simple(a, b),
        }
    }

    /// Python `==`.
    pub fn eq(&mut self, a: Value, b: Value) -> Result<bool, Exc> {
        if let Some(r) = self.eq_simple(a, b) {
            return Ok(r);
        }
        if self.native_depth > 900 {
            return Err(self.exc_msg(
                kind::RECURSION,
                "maximum recursion depth exceeded in comparison",
            ));
        }
        if let (Value::Obj(x), Value::Obj(y)) = (a, b) {
            let pair = match (self.heap.get(x), self.heap.get(y)) {
                (Obj::List(p), Obj::List(q)) => Some((p.clone(), q.clone())),
                (Obj::Tuple(p), Obj::Tuple(q)) => Some((p.to_vec(), q.to_vec())),
                _ => None,
            };
            if let Some((p, q)) = pair {
                if p.len() != q.len() {
                    return Ok(false);
                }
                self.native_depth += 1;
                let mut res = Ok(true);
                for (u, w) in p.iter().zip(q.iter()) {
                    match self.eq(*u, *w) {
                        Ok(true) => {}
                        Ok(false) => {
                            res = Ok(false);
                            break;
                        }
                        Err(e) => {
                            res = Err(e);
                            break;
                        }
                    }
                }
                self.native_depth -= 1;
                return res;
            }
            let dicts = match (self.heap.get(x), self.heap.get(y)) {
                (Obj::Dict(p), Obj::Dict(q)) => Some((p.clone(), q.clone(), true)),
                (Obj::Set(p, _), Obj::Set(q, _)) => Some((p.clone(), q.clone(), false)),
                _ => None,
            };
            if let Some((p, q, is_dict)) = dicts {
                if p.len() != q.len() {
                    return Ok(false);
                }
                for e in p.iter() {
                    match self.table_find(&q, e.hash, e.key)? {
                        None => return Ok(false),
                        Some(ix) => {
                            if is_dict {
                                let v2 = q.entries[ix].value;
                                self.native_depth += 1;
                                let r = self.eq(e.value, v2);
                                self.native_depth -= 1;
                                if !r? {
                                    return Ok(false);
                                }
                            }
                        }
                    }
                }
                return Ok(true);
            }
        }
        if let Some(x) = self.view_as_set(a)? {
            let y = match self.view_as_set(b)? {
                Some(s) => Some(s),
                None if matches!(b, Value::Obj(o) if matches!(self.heap.get(o), Obj::Set(..))) => {
                    Some(b)
                }
                None => None,
            };
            if let Some(y) = y {
                return self.eq(x, y);
            }
        }
        // Special methods.
        let eqn = self.n.eq;
        if let Some(m) = self.lookup_special(a, eqn) {
            let r = self.call(m, &[a, b])?;
            if r != self.not_implemented {
                return self.truthy(r);
            }
        }
        if let Some(m) = self.lookup_special(b, eqn) {
            let r = self.call(m, &[b, a])?;
            if r != self.not_implemented {
                return self.truthy(r);
            }
        }
        Ok(a == b)
    }

    /// Python `hash()`.
    pub fn hash(&mut self, v: Value) -> Result<i64, Exc> {
        match v {
            Value::Int(i) => Ok(hash_i64(i)),
            Value::Bool(b) => Ok(b as i64),
            Value::Float(f) => Ok(hash_f64(f)),
            Value::None | Value::Null => Ok(0x5f3759df),
            Value::Obj(r) => {
                let h = match self.heap.get(r) {
                    Obj::Str(s) => return Ok(s.hash),
                    Obj::BigInt(b) => return Ok(b.hash()),
                    Obj::Complex(re, im) => return Ok(crate::complex::hash(*re, *im)),
                    Obj::Bytes(b) => return Ok(hash_bytes(b)),
                    // A read-only view hashes as its bytes (so it equals them as a key).
                    Obj::MemoryView(m) if matches!(self.heap.get(m.base), Obj::Bytes(_)) => {
                        return match self.buffer_bytes(v) {
                            Some(b) => Ok(hash_bytes(&b)),
                            None => Err(self
                                .value_error("operation forbidden on released memoryview object")),
                        };
                    }
                    Obj::MemoryView(_) => {
                        return Err(self.value_error("cannot hash writable memoryview object"));
                    }
                    Obj::Tuple(items) => Some(items.clone()),
                    Obj::Set(d, true) => {
                        let mut h: i64 = 0x345678;
                        for e in d.iter() {
                            h ^= e.hash.wrapping_mul(0x9e3779b9);
                        }
                        return Ok(if h == -1 { -2 } else { h });
                    }
                    // Equal ranges (the same items) hash alike: by length, first item, step.
                    Obj::Range(a, b, st) => {
                        let n = range_len(*a, *b, *st);
                        let h = n.wrapping_mul(1_000_003)
                            ^ if n > 0 { a.wrapping_mul(31) } else { 0 }
                            ^ if n > 1 { st.rotate_left(17) } else { 0 };
                        return Ok(if h == -1 { -2 } else { h });
                    }
                    Obj::List(_) | Obj::Dict(_) | Obj::Set(_, false) | Obj::ByteArray(_) => None,
                    // keys and items views are set-like, so unhashable; values views hash by id
                    Obj::DictView(_, m) if *m != 1 => None,
                    Obj::Instance(_) => {
                        let hn = self.n.hash;
                        let cls = self.class_of(v);
                        match self.class_lookup(cls, hn) {
                            Some(Value::None) => {
                                let tn = self.type_name(v);
                                return Err(self.type_error(&format!("unhashable type: '{}'", tn)));
                            }
                            Some(m) => {
                                let res = self.call(m, &[v])?;
                                let i = self.as_index(res).or_else(|_| match self.as_num(res) {
                                    Some(Num::B(b)) => Ok(b.hash()),
                                    _ => Ok(0),
                                })?;
                                return Ok(if i == -1 { -2 } else { i });
                            }
                            None => return Ok(r.0 as i64 * 16 + 7),
                        }
                    }
                    _ => return Ok(r.0 as i64 * 16 + 3),
                };
                match h {
                    Some(items) => {
                        let mut acc: u64 = 0x27d4eb2f165667c5;
                        self.native_depth += 1;
                        if self.native_depth > 900 {
                            self.native_depth -= 1;
                            return Err(
                                self.exc_msg(kind::RECURSION, "maximum recursion depth exceeded")
                            );
                        }
                        for it in items.iter() {
                            let x = match self.hash(*it) {
                                Ok(x) => x,
                                Err(e) => {
                                    self.native_depth -= 1;
                                    return Err(e);
                                }
                            };
                            acc = (acc ^ x as u64).wrapping_mul(0x100000001b3).rotate_left(13);
                        }
                        self.native_depth -= 1;
                        let h = (acc >> 2) as i64;
                        Ok(if h == -1 { -2 } else { h })
                    }
                    None => {
                        let tn = self.type_name(v);
                        Err(self.type_error(&format!("unhashable type: '{}'", tn)))
                    }
                }
            }
        }
    }

    /// True for Python (bytecode) functions.
    /// Whether `v` is an instance of a user class (a subclass of int, float, ...) that
    /// defines `op`'s method or its reflected one in Python: then numbers' arithmetic
    /// must not short-cut it.
    fn overrides_operator(&mut self, op: BinOp, v: Value) -> Result<bool, Exc> {
        if !matches!(v, Value::Obj(r) if matches!(self.heap.get(r), Obj::Instance(_))) {
            return Ok(false);
        }
        let (name, rname, iname) = binop_names(op);
        for nm in [name, rname, iname] {
            let n = self.intern(nm)?;
            if self
                .lookup_special(v, n)
                .is_some_and(|m| self.is_user_function(m))
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Whether `v` is a Python function.
    pub fn is_user_function(&self, v: Value) -> bool {
        matches!(v, Value::Obj(r) if matches!(self.heap.get(r), Obj::Function(_)))
    }

    /// `l == r` when a Python-defined `__eq__` takes part: its result as it returned it
    /// (CPython does not make it a bool: `A() == 1` may be `'custom'` or an array); `None` when
    /// neither side defines one in Python, for `eq` to answer.
    fn eq_user(&mut self, l: Value, r: Value) -> Result<Option<Value>, Exc> {
        // `x == x` still asks x's __eq__ (only containers take identity as equality).
        if self.eq_simple(l, r).is_some()
            && !(l == r
                && matches!(l, Value::Obj(x) if matches!(self.heap.get(x), Obj::Instance(_))))
        {
            return Ok(None);
        }
        let eqn = self.n.eq;
        let user_eq = |vm: &Self, v: Value| {
            vm.lookup_special(v, eqn)
                .filter(|m| vm.is_user_function(*m))
        };
        let (left, right) = (user_eq(self, l), user_eq(self, r));
        if left.is_none() && right.is_none() {
            return Ok(None);
        }
        for (method, x, y) in [(left, l, r), (right, r, l)] {
            if let Some(m) = method {
                let result = self.call(m, &[x, y])?;
                if result != self.not_implemented {
                    return Ok(Some(result));
                }
            }
        }
        // Both declined: what object.__eq__ gives, identity.
        Ok(Some(Value::Bool(l == r)))
    }

    // ---------- ordering ----------

    /// Comparison operators (all of them, including `in` and `is`).
    pub fn compare_op(&mut self, op: CmpOp, l: Value, r: Value) -> Result<Value, Exc> {
        let b = match op {
            CmpOp::Is => l == r,
            CmpOp::IsNot => l != r,
            CmpOp::Eq => match self.eq_user(l, r)? {
                Some(result) => return Ok(result),
                None => self.eq(l, r)?,
            },
            CmpOp::Ne => {
                if let Value::Obj(_) = l {
                    let ne = self.n.ne;
                    if let Some(m) = self
                        .lookup_special(l, ne)
                        .filter(|m| self.is_user_function(*m))
                    {
                        let res = self.call(m, &[l, r])?;
                        if res != self.not_implemented {
                            return Ok(res);
                        }
                    }
                }
                match self.eq_user(l, r)? {
                    Some(res) => !self.truthy(res)?,
                    None => !self.eq(l, r)?,
                }
            }
            CmpOp::In => self.contains(r, l)?,
            CmpOp::NotIn => !self.contains(r, l)?,
            _ => return self.rich_compare(op, l, r),
        };
        Ok(Value::Bool(b))
    }

    fn rich_compare(&mut self, op: CmpOp, l: Value, r: Value) -> Result<Value, Exc> {
        if let Some(ord) = self.builtin_order(l, r)? {
            return Ok(Value::Bool(order_holds(op, ord)));
        }
        // Sets: subset relations.
        if let (Value::Obj(a), Value::Obj(b)) = (l, r) {
            let sets = match (self.heap.get(a), self.heap.get(b)) {
                (Obj::Set(p, _), Obj::Set(q, _)) => Some((p.clone(), q.clone())),
                _ => None,
            };
            if let Some((p, q)) = sets {
                let sub = |vm: &mut Vm, x: &Dict, y: &Dict| -> Result<bool, Exc> {
                    for e in x.iter() {
                        if vm.table_find(y, e.hash, e.key)?.is_none() {
                            return Ok(false);
                        }
                    }
                    Ok(true)
                };
                let res = match op {
                    CmpOp::Le => sub(self, &p, &q)?,
                    CmpOp::Lt => p.len() < q.len() && sub(self, &p, &q)?,
                    CmpOp::Ge => sub(self, &q, &p)?,
                    _ => q.len() < p.len() && sub(self, &q, &p)?,
                };
                return Ok(Value::Bool(res));
            }
        }
        let (name, rname) = match op {
            CmpOp::Lt => (self.n.lt, self.n.gt),
            CmpOp::Le => (self.n.le, self.n.ge),
            CmpOp::Gt => (self.n.gt, self.n.lt),
            _ => (self.n.ge, self.n.le),
        };
        if let Some(m) = self
            .lookup_special(l, name)
            .filter(|m| !self.is_builtin_method(*m))
        {
            let res = self.call(m, &[l, r])?;
            if res != self.not_implemented {
                return Ok(res);
            }
        }
        if let Some(m) = self
            .lookup_special(r, rname)
            .filter(|m| !self.is_builtin_method(*m))
        {
            let res = self.call(m, &[r, l])?;
            if res != self.not_implemented {
                return Ok(res);
            }
        }
        // A subclass of list, tuple, str, bytes or set that defines no ordering of its own
        // orders as its builtin base does (a namedtuple sorts as a tuple).
        let base = |vm: &Vm, v: Value| match v {
            Value::Obj(o) => match vm.heap.get(o) {
                Obj::Instance(i) if i.base_value() != Value::Null => i.base_value(),
                _ => v,
            },
            _ => v,
        };
        let (lb, rb) = (base(self, l), base(self, r));
        if lb != l || rb != r {
            if let Some(ord) = self.builtin_order(lb, rb)? {
                return Ok(Value::Bool(order_holds(op, ord)));
            }
            if let (Value::Obj(a), Value::Obj(b)) = (lb, rb)
                && matches!(self.heap.get(a), Obj::Set(..))
                && matches!(self.heap.get(b), Obj::Set(..))
            {
                return self.rich_compare(op, lb, rb);
            }
        }
        let sym = match op {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            _ => ">=",
        };
        let (a, b) = (self.type_name(l), self.type_name(r));
        Err(self.type_error(&format!(
            "'{}' not supported between instances of '{}' and '{}'",
            sym, a, b
        )))
    }

    fn is_builtin_method(&self, v: Value) -> bool {
        matches!(v, Value::Obj(r) if matches!(self.heap.get(r), Obj::Native(_)))
    }

    /// Ordering of builtin values: `Ok(None)` = not builtin-comparable; `Ok(Some(None))` = NaN.
    fn builtin_order(&mut self, l: Value, r: Value) -> Result<Option<Option<Ordering>>, Exc> {
        // Ints, big ones read in place.
        #[cfg(feature = "std")]
        {
            let (mut lb, mut rb) = ([0u32; 2], [0u32; 2]);
            if let (Some(x), Some(y)) = (self.int_ref(l, &mut lb), self.int_ref(r, &mut rb)) {
                return Ok(Some(Some(x.cmp(y))));
            }
        }
        if let (Some(a), Some(b)) = (self.as_num(l), self.as_num(r)) {
            return Ok(Some(num_cmp(&a, &b)));
        }
        let (x, y) = match (l, r) {
            (Value::Obj(x), Value::Obj(y)) => (x, y),
            _ => return Ok(None),
        };
        let seqs = match (self.heap.get(x), self.heap.get(y)) {
            (Obj::Str(p), Obj::Str(q)) => return Ok(Some(Some(p.s.cmp(&q.s)))),
            (Obj::Bytes(p) | Obj::ByteArray(p), Obj::Bytes(q) | Obj::ByteArray(q)) => {
                return Ok(Some(Some(p.cmp(q))));
            }
            (Obj::List(p), Obj::List(q)) => (p.clone(), q.clone()),
            (Obj::Tuple(p), Obj::Tuple(q)) => (p.to_vec(), q.to_vec()),
            _ => return Ok(None),
        };
        let (p, q) = seqs;
        for (a, b) in p.iter().zip(q.iter()) {
            if !self.eq(*a, *b)? {
                self.native_depth += 1;
                let lt = self.rich_compare(CmpOp::Lt, *a, *b);
                self.native_depth -= 1;
                let lt = lt?;
                return Ok(Some(Some(if self.truthy(lt)? {
                    Ordering::Less
                } else {
                    Ordering::Greater
                })));
            }
        }
        Ok(Some(Some(p.len().cmp(&q.len()))))
    }

    /// `a < b` as a bool (used by sort, min, max).
    pub fn less_than(&mut self, a: Value, b: Value) -> Result<bool, Exc> {
        if let (Value::Int(x), Value::Int(y)) = (a, b) {
            return Ok(x < y);
        }
        let r = self.rich_compare(CmpOp::Lt, a, b)?;
        self.truthy(r)
    }
}

/// Whether an ordering (`None` for NaN) satisfies `<`, `<=`, `>` or `>=`.
fn order_holds(op: CmpOp, ord: Option<Ordering>) -> bool {
    match ord {
        None => false,
        Some(o) => match op {
            CmpOp::Lt => o == Ordering::Less,
            CmpOp::Le => o != Ordering::Greater,
            CmpOp::Gt => o == Ordering::Greater,
            _ => o != Ordering::Less,
        },
    }
}

/// Numeric comparison across int/bigint/float; `None` for NaN.
pub fn num_cmp(a: &Num, b: &Num) -> Option<Ordering> {
    match (a, b) {
        (Num::I(x), Num::I(y)) => Some(x.cmp(y)),
        (Num::F(x), Num::F(y)) => x.partial_cmp(y),
        // An int within ±2^53 is exact as a float: one float comparison (NaN: None). Hosts
        // only (flash): the general arm below gives the same answer.
        #[cfg(feature = "std")]
        (Num::F(x), Num::I(i)) if i.unsigned_abs() <= 1 << 53 => x.partial_cmp(&(*i as f64)),
        #[cfg(feature = "std")]
        (Num::I(i), Num::F(x)) if i.unsigned_abs() <= 1 << 53 => (*i as f64).partial_cmp(x),
        (Num::F(x), other) | (other, Num::F(x)) => {
            if x.is_nan() {
                return None;
            }
            let flip = !matches!(a, Num::F(_));
            let ord = if x.is_infinite() {
                if *x > 0.0 {
                    Ordering::Greater
                } else {
                    Ordering::Less
                }
            } else {
                let fx = BigInt::from_f64(libm::floor(*x));
                let ob = other.to_big();
                match fx.cmp(&ob) {
                    Ordering::Equal => {
                        if libm::floor(*x) != *x {
                            Ordering::Greater
                        } else {
                            Ordering::Equal
                        }
                    }
                    o => o,
                }
            };
            Some(if flip { ord.reverse() } else { ord })
        }
        _ => Some(a.to_big().cmp(&b.to_big())),
    }
}

/// Python's float modulo (result has the sign of the divisor).
pub fn float_mod(x: f64, y: f64) -> f64 {
    let m = crate::fmath::fmod(x, y);
    if m != 0.0 && ((m < 0.0) != (y < 0.0)) {
        m + y
    } else if m == 0.0 {
        libm::copysign(0.0, y)
    } else {
        m
    }
}

/// Floor division of i64 (no overflow: caller checked).
pub fn floor_div(x: i64, y: i64) -> i64 {
    let q = x / y;
    if (x % y != 0) && ((x < 0) != (y < 0)) {
        q - 1
    } else {
        q
    }
}

/// Floor modulo of i64.
pub fn floor_mod(x: i64, y: i64) -> i64 {
    let m = x % y;
    if m != 0 && ((m < 0) != (y < 0)) {
        m + y
    } else {
        m
    }
}

fn int_pow(mut b: i64, mut e: i64) -> Option<i64> {
    let mut acc: i64 = 1;
    while e > 0 {
        if e & 1 == 1 {
            acc = acc.checked_mul(b)?;
        }
        e >>= 1;
        if e > 0 {
            b = b.checked_mul(b)?;
        }
    }
    Some(acc)
}

/// Number of items in range(a, b, s).
/// `n` as a size or count when `0 <= n <= limit`, `limit` being the largest
/// `Py_ssize_t` (`isize::MAX` of the target, see [`SSIZE_MAX`]). Pure so tests
/// can check the 32-bit limit on a 64-bit host: there 2**32 must be refused,
/// not truncated to 0 by an `as usize`.
pub fn fit_size(n: i64, limit: u64) -> Option<usize> {
    if n < 0 || n as u64 > limit {
        return None;
    }
    usize::try_from(n).ok()
}

/// CPython's `PY_SSIZE_T_MAX` on this target.
pub const SSIZE_MAX: u64 = isize::MAX as u64;

impl Vm {
    /// A non-negative size from Python (a repeat count, a width, a length) as
    /// `usize`: OverflowError past `Py_ssize_t`, as CPython; callers compare
    /// the result with the heap limit before allocating.
    pub fn size_arg(&mut self, n: i64) -> Result<usize, Exc> {
        match fit_size(n.max(0), SSIZE_MAX) {
            Some(k) => Ok(k),
            None => Err(self.exc_msg(
                kind::OVERFLOW,
                "cannot fit 'int' into an index-sized integer",
            )),
        }
    }

    /// MemoryError when a result of `bytes` bytes cannot fit the heap (checked
    /// before building it, so a huge request fails fast instead of hanging).
    pub fn check_result_size(&mut self, bytes: u64) -> Result<(), Exc> {
        if bytes > self.heap.limit as u64 {
            return Err(self.memory_error());
        }
        Ok(())
    }

    /// An int value from an i128 (a big int when it leaves i64).
    pub fn int_from_i128(&mut self, x: i128) -> Result<Value, Exc> {
        if let Ok(i) = i64::try_from(x) {
            return Ok(Value::Int(i));
        }
        match BigInt::parse(&x.unsigned_abs().to_string(), 10) {
            Some(b) => self.int_from_big(if x < 0 { b.neg() } else { b }),
            None => Err(self.exc_msg(kind::OVERFLOW, "int too large")),
        }
    }

    /// A range's length as a Python size: OverflowError when it is more
    /// than `Py_ssize_t` holds (CPython's `len(range(...))` rule).
    pub fn range_size(&mut self, a: i64, b: i64, s: i64) -> Result<usize, Exc> {
        match range_len_wide(a, b, s) {
            n if n <= SSIZE_MAX as i128 => Ok(n as usize),
            _ => Err(self.exc_msg(
                kind::OVERFLOW,
                "Python int too large to convert to C ssize_t",
            )),
        }
    }
}

/// The exact length of `range(a, b, s)` (up to 2**64, so no i64 wrap).
pub fn range_len_wide(a: i64, b: i64, s: i64) -> i128 {
    // In i64 when nothing overflows: i128 division is a library call, and slicing and
    // ranges ask for this on every use.
    let narrow = if s > 0 && b > a {
        // Step 1 and -1 (most slices and ranges) need no division.
        b.checked_sub(a)
            .and_then(|d| d.checked_add(s - 1))
            .map(|d| if s == 1 { d } else { d / s })
    } else if s < 0 && a > b {
        a.checked_sub(b)
            .and_then(|d| d.checked_sub(s + 1))
            .zip(s.checked_neg())
            .map(|(d, m)| if m == 1 { d } else { d / m })
    } else {
        Some(0)
    };
    if let Some(n) = narrow {
        return n as i128;
    }
    let (a, b, s) = (a as i128, b as i128, s as i128);
    if s > 0 && b > a {
        (b - a + s - 1) / s
    } else if s < 0 && a > b {
        (a - b - s - 1) / -s
    } else {
        0
    }
}

/// The length of `range(a, b, s)`, saturated at `i64::MAX` (a range of
/// i64 bounds can hold up to 2**64 - 1 items).
pub fn range_len(a: i64, b: i64, s: i64) -> i64 {
    i64::try_from(range_len_wide(a, b, s)).unwrap_or(i64::MAX)
}

pub(crate) fn binop_names(op: BinOp) -> (&'static str, &'static str, &'static str) {
    match op {
        BinOp::Add => ("__add__", "__radd__", "__iadd__"),
        BinOp::Sub => ("__sub__", "__rsub__", "__isub__"),
        BinOp::Mul => ("__mul__", "__rmul__", "__imul__"),
        BinOp::Div => ("__truediv__", "__rtruediv__", "__itruediv__"),
        BinOp::FloorDiv => ("__floordiv__", "__rfloordiv__", "__ifloordiv__"),
        BinOp::Mod => ("__mod__", "__rmod__", "__imod__"),
        BinOp::Pow => ("__pow__", "__rpow__", "__ipow__"),
        BinOp::LShift => ("__lshift__", "__rlshift__", "__ilshift__"),
        BinOp::RShift => ("__rshift__", "__rrshift__", "__irshift__"),
        BinOp::BitOr => ("__or__", "__ror__", "__ior__"),
        BinOp::BitXor => ("__xor__", "__rxor__", "__ixor__"),
        BinOp::BitAnd => ("__and__", "__rand__", "__iand__"),
        BinOp::MatMul => ("__matmul__", "__rmatmul__", "__imatmul__"),
    }
}

/// The operator's symbol for messages.
pub fn binop_symbol(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "+",
        BinOp::Sub => "-",
        BinOp::Mul => "*",
        BinOp::Div => "/",
        BinOp::FloorDiv => "//",
        BinOp::Mod => "%",
        BinOp::Pow => "** or pow()",
        BinOp::LShift => "<<",
        BinOp::RShift => ">>",
        BinOp::BitOr => "|",
        BinOp::BitXor => "^",
        BinOp::BitAnd => "&",
        BinOp::MatMul => "@",
    }
}

#[cfg(test)]
mod size_tests {
    use super::*;

    /// A 32-bit target's `Py_ssize_t` limit, simulated on any host.
    const SSIZE_MAX_32: u64 = i32::MAX as u64;

    #[test]
    fn sizes_past_a_32_bit_ssize_are_refused_not_wrapped() {
        // `2**32 as u32` is 0 and `(2**32 + 5) as u32` is 5: the old bugs.
        for n in [1i64 << 31, 1 << 32, (1 << 32) + 5, i64::MAX] {
            assert_eq!(fit_size(n, SSIZE_MAX_32), None, "{n}");
        }
        assert_eq!(
            fit_size(i32::MAX as i64, SSIZE_MAX_32),
            Some(i32::MAX as usize)
        );
        assert_eq!(fit_size(5, SSIZE_MAX_32), Some(5));
        assert_eq!(fit_size(-1, SSIZE_MAX_32), None);
        // This target's own limit accepts 2**32 only where usize holds it.
        assert_eq!(fit_size(1 << 32, SSIZE_MAX).is_some(), usize::BITS > 32);
    }

    #[test]
    fn range_lengths_do_not_wrap() {
        assert_eq!(range_len_wide(0, 1 << 32, 1), 1 << 32);
        assert_eq!(range_len_wide(i64::MIN, i64::MAX, 1), u64::MAX as i128);
        assert_eq!(range_len(i64::MIN, i64::MAX, 1), i64::MAX);
        assert_eq!(range_len_wide(i64::MAX, i64::MIN, -1), u64::MAX as i128);
        assert_eq!(range_len_wide(0, 10, i64::MAX), 1);
        assert_eq!(range_len_wide(10, 0, i64::MIN), 1);
        assert_eq!(range_len_wide(0, 0, 1), 0);
        // On a 32-bit target a range longer than Py_ssize_t has no len().
        assert!(range_len_wide(0, 1 << 32, 1) > SSIZE_MAX_32 as i128);
    }
}
