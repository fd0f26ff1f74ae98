//! Arbitrary-precision integers. Small ints are `Value::Int` immediates; this `BigInt` holds the
//! rest (sign + magnitude in base 2^32 limbs, little-endian, no trailing zero limbs).

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::cmp::Ordering;

/// CPython's default for `sys.set_int_max_str_digits`: the most decimal digits an int may have
/// when converted to or from str.
pub const DEFAULT_MAX_STR_DIGITS: usize = 4300;

/// A signed big integer. Invariant: `mag` has no trailing zero limbs; zero has `neg == false`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BigInt {
    /// True when negative.
    pub neg: bool,
    /// Magnitude limbs, least significant first.
    pub mag: Vec<u32>,
}

fn trim(v: &mut Vec<u32>) {
    while v.last() == Some(&0) {
        v.pop();
    }
}

fn cmp_mag(a: &[u32], b: &[u32]) -> Ordering {
    if a.len() != b.len() {
        return a.len().cmp(&b.len());
    }
    for i in (0..a.len()).rev() {
        if a[i] != b[i] {
            return a[i].cmp(&b[i]);
        }
    }
    Ordering::Equal
}

fn add_mag(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (a, b) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    let mut out = Vec::with_capacity(a.len() + 1);
    let mut carry = 0u64;
    // Zipped iterators: no index checks in the loops.
    // `extend` over exact-size iterators: no index or capacity checks per limb.
    out.extend(a.iter().zip(b).map(|(&x, &y)| {
        let s = x as u64 + y as u64 + carry;
        carry = s >> 32;
        s as u32
    }));
    out.extend(a[b.len()..].iter().map(|&x| {
        let s = x as u64 + carry;
        carry = s >> 32;
        s as u32
    }));
    if carry > 0 {
        out.push(carry as u32);
    }
    out
}

/// a - b where |a| >= |b|.
fn sub_mag(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len());
    let mut borrow = 0u64;
    let (lo, hi) = a.split_at(b.len().min(a.len()));
    // A limb that underflows wraps to 2^64 - k: bit 63 is the borrow.
    out.extend(lo.iter().zip(b).map(|(&x, &y)| {
        let d = (x as u64).wrapping_sub(y as u64 + borrow);
        borrow = d >> 63;
        d as u32
    }));
    out.extend(hi.iter().map(|&x| {
        let d = (x as u64).wrapping_sub(borrow);
        borrow = d >> 63;
        d as u32
    }));
    trim(&mut out);
    out
}

fn mul_mag(a: &[u32], b: &[u32]) -> Vec<u32> {
    if a.is_empty() || b.is_empty() {
        return Vec::new();
    }
    // The longer operand runs in the inner loop, so a big int times a small one is a single
    // pass; rows are zipped slices (no index checks).
    let (a, b) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let mut out = Vec::with_capacity(a.len() + b.len());
    // Row 0 writes its limbs (no zero-filled buffer first: for a big int times a small one,
    // the fill was as costly as the product); row i then adds into limbs i.. and pushes its
    // top limb, which no earlier row reached.
    let x0 = a[0] as u64;
    let mut carry = 0u64;
    out.extend(b.iter().map(|&y| {
        let t = x0 * y as u64 + carry;
        carry = t >> 32;
        t as u32
    }));
    out.push(carry as u32);
    for (i, &x) in a.iter().enumerate().skip(1) {
        let x = x as u64;
        let mut carry = 0u64;
        if x != 0 {
            for (o, &y) in out[i..].iter_mut().zip(b) {
                // At most (2^32-1)^2 + 2 (2^32-1) = 2^64-1: no overflow.
                let t = x * y as u64 + *o as u64 + carry;
                *o = t as u32;
                carry = t >> 32;
            }
        }
        out.push(carry as u32);
    }
    trim(&mut out);
    out
}

fn divmod_small(a: &[u32], d: u32) -> (Vec<u32>, u32) {
    let mut out = vec![0u32; a.len()];
    let mut rem = 0u64;
    for i in (0..a.len()).rev() {
        let cur = (rem << 32) | a[i] as u64;
        out[i] = (cur / d as u64) as u32;
        rem = cur % d as u64;
    }
    trim(&mut out);
    (out, rem as u32)
}

/// Truncating division of magnitudes (Knuth algorithm D). `b` must be non-empty. Returns the
/// quotient, the remainder when `want_r` (else empty: floor division and `true_div` need
/// only to know whether it is zero, and shifting it back was a tenth of a pi spigot's time),
/// and whether the remainder is non-zero.
fn divmod_mag(a: &[u32], b: &[u32], want_r: bool) -> (Vec<u32>, Vec<u32>, bool) {
    if cmp_mag(a, b) == Ordering::Less {
        let r = if want_r { a.to_vec() } else { Vec::new() };
        return (Vec::new(), r, !a.is_empty());
    }
    if b.len() == 1 {
        let (q, r) = divmod_small(a, b[0]);
        let mut rv = vec![r];
        trim(&mut rv);
        return (q, rv, r != 0);
    }
    let s = b[b.len() - 1].leading_zeros();
    let b = shl_mag(b, s as usize);
    let mut a = shl_mag(a, s as usize);
    a.push(0);
    let n = b.len();
    let m = a.len() - n - 1;
    let mut q = vec![0u32; m + 1];
    let btop = b[n - 1] as u64;
    let bnext = b[n - 2] as u64;
    for j in (0..=m).rev() {
        let num = ((a[j + n] as u64) << 32) | a[j + n - 1] as u64;
        let mut qhat = num / btop;
        let mut rhat = num % btop;
        while qhat >= (1 << 32) || qhat * bnext > ((rhat << 32) | a[j + n - 2] as u64) {
            qhat -= 1;
            rhat += btop;
            if rhat >= (1 << 32) {
                break;
            }
        }
        let mut borrow = 0i64;
        let mut carry = 0u64;
        let (win, top) = a[j..].split_at_mut(n);
        for (aw, &bw) in win.iter_mut().zip(b.iter()) {
            let p = qhat * bw as u64 + carry;
            carry = p >> 32;
            let t = *aw as i64 - borrow - (p & 0xffff_ffff) as i64;
            *aw = t as u32;
            borrow = if t < 0 { 1 } else { 0 };
        }
        let t = top[0] as i64 - borrow - carry as i64;
        top[0] = t as u32;
        if t < 0 {
            qhat -= 1;
            let mut c = 0u64;
            for (aw, &bw) in win.iter_mut().zip(b.iter()) {
                let s = *aw as u64 + bw as u64 + c;
                *aw = s as u32;
                c = s >> 32;
            }
            top[0] = top[0].wrapping_add(c as u32);
        }
        q[j] = qhat as u32;
    }
    trim(&mut q);
    // The remainder, still shifted left by `s`, is the low `n` limbs.
    let rem = &a[..n];
    let nonzero = rem.iter().any(|&l| l != 0);
    let r = if want_r && nonzero {
        shr_mag(rem, s as usize)
    } else {
        Vec::new()
    };
    (q, r, nonzero)
}

fn shl_mag(a: &[u32], bits: usize) -> Vec<u32> {
    let limbs = bits / 32;
    let b = bits % 32;
    let mut out = Vec::with_capacity(limbs + a.len() + 1);
    out.resize(limbs, 0);
    if b == 0 {
        out.extend_from_slice(a);
    } else {
        let mut carry = 0u32;
        out.extend(a.iter().map(|&x| {
            let v = (x << b) | carry;
            carry = x >> (32 - b);
            v
        }));
        if carry > 0 {
            out.push(carry);
        }
    }
    trim(&mut out);
    out
}

fn shr_mag(a: &[u32], bits: usize) -> Vec<u32> {
    let limbs = bits / 32;
    if limbs >= a.len() {
        return Vec::new();
    }
    let b = bits % 32;
    let src = &a[limbs..];
    let mut out = Vec::with_capacity(src.len());
    if b == 0 {
        out.extend_from_slice(src);
    } else {
        // Each limb takes its high bits from the next one (none above the top).
        let next = src.iter().skip(1).chain(core::iter::once(&0));
        out.extend(
            src.iter()
                .zip(next)
                .map(|(&x, &y)| (x >> b) | (y << (32 - b))),
        );
    }
    trim(&mut out);
    out
}

/// A signed magnitude borrowed from a `BigInt` or a small int (`IntRef::small`): the
/// arithmetic below reads its operands in place, where cloning a big operand cost as much as
/// multiplying it by a small one.
#[derive(Clone, Copy, Debug)]
pub struct IntRef<'a> {
    /// True when negative (never for an empty magnitude made here).
    pub neg: bool,
    /// Magnitude limbs, least significant first, no trailing zeros.
    pub mag: &'a [u32],
}

impl<'a> IntRef<'a> {
    /// The limbs of a small int, kept in `buf`.
    pub fn small(v: i64, buf: &'a mut [u32; 2]) -> IntRef<'a> {
        let m = v.unsigned_abs();
        *buf = [m as u32, (m >> 32) as u32];
        let len = if buf[1] != 0 {
            2
        } else {
            usize::from(buf[0] != 0)
        };
        IntRef {
            neg: v < 0,
            mag: &buf[..len],
        }
    }

    /// Sum.
    pub fn add(self, o: IntRef) -> BigInt {
        if self.neg == o.neg {
            return BigInt::make(self.neg, add_mag(self.mag, o.mag));
        }
        match cmp_mag(self.mag, o.mag) {
            Ordering::Equal => BigInt::zero(),
            Ordering::Greater => BigInt::make(self.neg, sub_mag(self.mag, o.mag)),
            Ordering::Less => BigInt::make(o.neg, sub_mag(o.mag, self.mag)),
        }
    }

    /// Difference.
    pub fn sub(self, o: IntRef) -> BigInt {
        self.add(IntRef {
            neg: !o.neg,
            mag: o.mag,
        })
    }

    /// Product.
    pub fn mul(self, o: IntRef) -> BigInt {
        BigInt::make(self.neg != o.neg, mul_mag(self.mag, o.mag))
    }

    /// Floor division and modulo (Python semantics); the remainder is zero unless `want_r`.
    /// `None` when dividing by zero.
    pub fn divmod(self, o: IntRef, want_r: bool) -> Option<(BigInt, BigInt)> {
        if o.mag.is_empty() {
            return None;
        }
        let (q, r, nonzero) = divmod_mag(self.mag, o.mag, want_r);
        if nonzero && self.neg != o.neg {
            // Rounding toward minus infinity: -(|q| + 1), and the remainder |o| - |r| with the
            // divisor's sign.
            let q = BigInt::make(true, add_mag(&q, &[1]));
            let r = if want_r {
                BigInt::make(o.neg, sub_mag(o.mag, &r))
            } else {
                BigInt::zero()
            };
            return Some((q, r));
        }
        Some((
            BigInt::make(self.neg != o.neg, q),
            BigInt::make(self.neg, r),
        ))
    }

    /// Ordering.
    pub fn cmp(self, o: IntRef) -> Ordering {
        match (self.neg, o.neg) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => cmp_mag(self.mag, o.mag),
            (true, true) => cmp_mag(o.mag, self.mag),
        }
    }
}

impl BigInt {
    /// Zero.
    pub fn zero() -> BigInt {
        BigInt {
            neg: false,
            mag: Vec::new(),
        }
    }
    /// From a machine int.
    pub fn from_i64(v: i64) -> BigInt {
        let neg = v < 0;
        let m = v.unsigned_abs();
        let mut mag = vec![m as u32, (m >> 32) as u32];
        trim(&mut mag);
        BigInt { neg, mag }
    }
    /// From a 128-bit int (used by checked small-int multiplication).
    pub fn from_i128(v: i128) -> BigInt {
        let neg = v < 0;
        let mut m = v.unsigned_abs();
        let mut mag = Vec::new();
        while m > 0 {
            mag.push(m as u32);
            m >>= 32;
        }
        BigInt { neg, mag }
    }
    fn make(neg: bool, mut mag: Vec<u32>) -> BigInt {
        trim(&mut mag);
        let neg = neg && !mag.is_empty();
        BigInt { neg, mag }
    }
    /// The value as i64 if it fits.
    pub fn to_i64(&self) -> Option<i64> {
        if self.mag.len() > 2 {
            return None;
        }
        let m = self.mag.first().copied().unwrap_or(0) as u64
            | (self.mag.get(1).copied().unwrap_or(0) as u64) << 32;
        if self.neg {
            if m <= 1u64 << 63 {
                Some((m as i64).wrapping_neg())
            } else {
                None
            }
        } else if m < 1u64 << 63 {
            Some(m as i64)
        } else {
            None
        }
    }
    /// True for zero.
    pub fn is_zero(&self) -> bool {
        self.mag.is_empty()
    }
    /// Nearest float, ties to even (inf when too large), as CPython's `float(int)`. Summing the
    /// limbs in floats rounded twice past 2^53: float(2**85 + 2**32 + 1) came out 2**85.
    pub fn to_f64(&self) -> f64 {
        let r = match self.mag.len() {
            0 => 0.0,
            1 => f64::from(self.mag[0]),
            2 => (u64::from(self.mag[1]) << 32 | u64::from(self.mag[0])) as f64,
            _ => {
                let magnitude = BigInt {
                    neg: false,
                    mag: self.mag.clone(),
                };
                crate::float_parse::round(&magnitude, false, 0)
            }
        };
        if self.neg { -r } else { r }
    }

    /// `a / b` rounded once to the nearest float, ties to even, as CPython divides ints (the
    /// two converted to floats first would round twice, and overflow for huge ones); `None`
    /// when the quotient is too large for a float. `b` must not be zero.
    pub fn true_div(a: &BigInt, b: &BigInt) -> Option<f64> {
        let neg = a.neg != b.neg;
        let signed = |x: f64| if neg { -x } else { x };
        let (na, nb) = (a.bit_length() as i64, b.bit_length() as i64);
        if na == 0 {
            return Some(signed(0.0));
        }
        if na <= 53 && nb <= 53 {
            // Both exact as floats: one division, one rounding.
            let mag = |x: &BigInt| x.to_i64().map_or(0, i64::unsigned_abs);
            return Some(signed(mag(a) as f64 / mag(b) as f64));
        }
        // |a/b| lies in [2^(e-1), 2^(e+1)).
        let e = na - nb;
        if e > 1025 {
            return None;
        }
        if e < -1077 {
            // Below a quarter of the smallest subnormal: rounds to zero.
            return Some(signed(0.0));
        }
        // q = floor(|a|·2^s / |b|) has at least 55 bits for a normal result and, for a
        // subnormal, bits down to 2^-1076 (two below the smallest subnormal's last): rounding
        // q with the remainder as its sticky bit gives the correctly rounded quotient.
        let s = (55 - e).min(1076);
        let (num, den) = if s >= 0 {
            (shl_mag(&a.mag, s as usize), b.mag.clone())
        } else {
            (a.mag.clone(), shl_mag(&b.mag, (-s) as usize))
        };
        let (q, _, sticky) = divmod_mag(&num, &den, false);
        let f = crate::float_parse::round(&BigInt::make(false, q), sticky, -s);
        if f.is_infinite() {
            return None;
        }
        Some(signed(f))
    }
    /// Truncates a finite float.
    pub fn from_f64(f: f64) -> BigInt {
        let neg = f < 0.0;
        let mut f = libm::trunc(if neg { -f } else { f });
        let mut limbs = Vec::new();
        let mut scale = 1.0f64;
        while f >= scale * 4294967296.0 {
            scale *= 4294967296.0;
        }
        while scale >= 1.0 {
            let d = libm::floor(f / scale);
            limbs.push(d as u32);
            f -= d * scale;
            scale /= 4294967296.0;
        }
        limbs.reverse();
        BigInt::make(neg, limbs)
    }
    /// Negation.
    pub fn neg(&self) -> BigInt {
        BigInt::make(!self.neg, self.mag.clone())
    }
    /// The value borrowed for `IntRef`'s arithmetic.
    pub fn view(&self) -> IntRef<'_> {
        IntRef {
            neg: self.neg,
            mag: &self.mag,
        }
    }
    /// Sum.
    pub fn add(&self, o: &BigInt) -> BigInt {
        self.view().add(o.view())
    }
    /// Difference.
    pub fn sub(&self, o: &BigInt) -> BigInt {
        self.view().sub(o.view())
    }
    /// `self` to the power `e`, by repeated squaring (the caller bounds the size).
    pub fn pow(&self, mut e: u64) -> BigInt {
        let mut acc = BigInt::from_i64(1);
        let mut base = self.clone();
        while e > 0 {
            if e & 1 == 1 {
                acc = acc.mul(&base);
            }
            e >>= 1;
            if e > 0 {
                base = base.mul(&base);
            }
        }
        acc
    }
    /// Product.
    pub fn mul(&self, o: &BigInt) -> BigInt {
        self.view().mul(o.view())
    }
    /// Floor division and modulo (Python semantics). `None` when dividing by zero.
    pub fn divmod(&self, o: &BigInt) -> Option<(BigInt, BigInt)> {
        self.view().divmod(o.view(), true)
    }
    /// Ordering.
    pub fn cmp(&self, o: &BigInt) -> Ordering {
        self.view().cmp(o.view())
    }
    /// Left shift.
    pub fn shl(&self, bits: usize) -> BigInt {
        BigInt::make(self.neg, shl_mag(&self.mag, bits))
    }
    /// Arithmetic (floor) right shift.
    pub fn shr(&self, bits: usize) -> BigInt {
        if !self.neg {
            return BigInt::make(false, shr_mag(&self.mag, bits));
        }
        // floor(-m / 2^k) = -ceil(m / 2^k)
        let one = BigInt::from_i64(1);
        let m = BigInt::make(false, self.mag.clone()).sub(&one);
        BigInt::make(false, shr_mag(&m.mag, bits)).add(&one).neg()
    }
    /// Two's complement limbs of `n` limbs (n large enough).
    fn twos(&self, n: usize) -> Vec<u32> {
        let mut v = self.mag.clone();
        v.resize(n, 0);
        if self.neg {
            let mut carry = 1u64;
            for x in v.iter_mut() {
                let t = (!*x) as u64 + carry;
                *x = t as u32;
                carry = t >> 32;
            }
        }
        v
    }
    fn from_twos(mut v: Vec<u32>) -> BigInt {
        let neg = v.last().is_some_and(|x| x >> 31 == 1);
        if neg {
            let mut carry = 1u64;
            for x in v.iter_mut() {
                let t = (!*x) as u64 + carry;
                *x = t as u32;
                carry = t >> 32;
            }
        }
        BigInt::make(neg, v)
    }
    /// Bitwise and/or/xor (op 0/1/2) with Python's infinite two's complement semantics.
    pub fn bitop(&self, o: &BigInt, op: u8) -> BigInt {
        let n = self.mag.len().max(o.mag.len()) + 1;
        let a = self.twos(n);
        let b = o.twos(n);
        let v = a
            .iter()
            .zip(b.iter())
            .map(|(x, y)| match op {
                0 => x & y,
                1 => x | y,
                _ => x ^ y,
            })
            .collect();
        BigInt::from_twos(v)
    }
    /// Number of significant bits of the magnitude.
    pub fn bit_length(&self) -> u64 {
        match self.mag.last() {
            None => 0,
            Some(&top) => (self.mag.len() as u64 - 1) * 32 + (32 - top.leading_zeros() as u64),
        }
    }
    /// The decimal digits (with '-' when negative), or None past `limit` digits (0: no limit).
    /// A number of `n` bits has at least `(n-1)·log10(2) + 1` digits, so most refusals are
    /// decided before the quadratic conversion.
    pub fn to_decimal_within(&self, limit: usize) -> Option<String> {
        let too_long = |digits: u64| limit != 0 && digits > limit as u64;
        // 30103 / 100000 is just below log10(2).
        if too_long(self.bit_length().saturating_sub(1) * 30103 / 100_000 + 1) {
            return None;
        }
        let s = self.to_string_radix(10);
        (!too_long((s.len() - usize::from(self.neg)) as u64)).then_some(s)
    }
    /// Digits in `radix` (2..=36), with a leading '-' when negative.
    pub fn to_string_radix(&self, radix: u32) -> String {
        if self.mag.is_empty() {
            return String::from("0");
        }
        let (chunk, per) = match radix {
            10 => (1_000_000_000u32, 9),
            16 => (1 << 28, 7),
            8 => (1 << 30, 10),
            2 => (1 << 31, 31),
            _ => (radix, 1),
        };
        let mut parts: Vec<u32> = Vec::new();
        let mut cur = self.mag.clone();
        while !cur.is_empty() {
            let (q, r) = divmod_small(&cur, chunk);
            parts.push(r);
            cur = q;
        }
        let mut s = String::new();
        if self.neg {
            s.push('-');
        }
        for (i, p) in parts.iter().rev().enumerate() {
            let mut digits = Vec::new();
            let mut p = *p;
            for _ in 0..per {
                digits.push(core::char::from_digit(p % radix, radix).unwrap_or('?'));
                p /= radix;
                if i == 0 && p == 0 {
                    break;
                }
            }
            s.extend(digits.iter().rev());
        }
        s
    }
    /// Parses digits (no sign, no prefix, underscores already removed). `None` on a bad digit.
    pub fn parse(digits: &str, radix: u32) -> Option<BigInt> {
        if digits.is_empty() {
            return None;
        }
        let mut mag: Vec<u32> = Vec::new();
        for c in digits.chars() {
            let d = c.to_digit(radix)?;
            let mut carry = d as u64;
            for x in mag.iter_mut() {
                let t = *x as u64 * radix as u64 + carry;
                *x = t as u32;
                carry = t >> 32;
            }
            if carry > 0 {
                mag.push(carry as u32);
            }
        }
        Some(BigInt::make(false, mag))
    }
    /// Python's hash of an int: value modulo 2^61 - 1, sign preserved, -1 mapped to -2.
    pub fn hash(&self) -> i64 {
        const P: u128 = (1u128 << 61) - 1;
        let mut h: u128 = 0;
        for &l in self.mag.iter().rev() {
            h = ((h << 32) | l as u128) % P;
        }
        let mut h = h as i64;
        if self.neg {
            h = -h;
        }
        if h == -1 { -2 } else { h }
    }
}

/// Python's hash of a small int.
pub fn hash_i64(v: i64) -> i64 {
    const P: i64 = (1i64 << 61) - 1;
    if v == -1 {
        return -2;
    }
    if v > -P && v < P {
        return v;
    }
    BigInt::from_i64(v).hash()
}

/// Python's hash of a float (integral floats hash like ints).
pub fn hash_f64(f: f64) -> i64 {
    if f.is_nan() {
        return 0;
    }
    if f.is_infinite() {
        return if f > 0.0 { 314159 } else { -314159 };
    }
    if libm::trunc(f) == f {
        if f.abs() < 9.0e18 {
            return hash_i64(f as i64);
        }
        return BigInt::from_f64(f).hash();
    }
    // CPython's _Py_HashDouble: the value modulo 2**61 - 1, 28 bits of mantissa at a time.
    const BITS: i32 = 61;
    const MODULUS: u64 = (1 << BITS) - 1;
    let (mut m, mut e) = libm::frexp(f);
    let sign = if m < 0.0 {
        m = -m;
        -1i64
    } else {
        1
    };
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & MODULUS) | x >> (BITS - 28);
        m *= 268_435_456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= MODULUS {
            x -= MODULUS;
        }
    }
    let e = if e >= 0 {
        e % BITS
    } else {
        BITS - 1 - ((-1 - e) % BITS)
    };
    x = ((x << e) & MODULUS) | x >> (BITS - e);
    let h = (x as i64).wrapping_mul(sign);
    if h == -1 { -2 } else { h }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn roundtrip_and_arith() {
        let a = BigInt::parse("123456789012345678901234567890", 10).unwrap();
        assert_eq!(a.to_string_radix(10), "123456789012345678901234567890");
        let b = BigInt::parse("987654321098765432109876543210", 10).unwrap();
        assert_eq!(
            a.mul(&b).to_string_radix(10),
            "121932631137021795226185032733622923332237463801111263526900"
        );
        let (q, r) = b.divmod(&a).unwrap();
        assert_eq!(q.to_string_radix(10), "8");
        assert_eq!(r.to_string_radix(10), "9000000000900000000090");
        let (q, r) = a.neg().divmod(&BigInt::from_i64(7)).unwrap();
        assert_eq!(q.to_string_radix(10), "-17636684144620811271604938270");
        assert_eq!(r.to_string_radix(10), "0");
        let (q, r) = a.neg().divmod(&BigInt::from_i64(11)).unwrap();
        assert_eq!(q.to_string_radix(10), "-11223344455667788991021324354");
        assert_eq!(r.to_string_radix(10), "4");
        assert_eq!(BigInt::from_i64(i64::MIN).to_i64(), Some(i64::MIN));
        assert_eq!(BigInt::from_i64(-5).shr(1).to_i64(), Some(-3));
        assert_eq!(
            BigInt::from_i64(-6).bitop(&BigInt::from_i64(3), 0).to_i64(),
            Some(2)
        );
        let big = BigInt::from_i64(1).shl(200);
        let (q, _) = big.divmod(&BigInt::from_i64(1).shl(100)).unwrap();
        assert_eq!(
            q.to_string_radix(10),
            BigInt::from_i64(1).shl(100).to_string_radix(10)
        );
        assert_eq!(BigInt::from_i64(255).to_string_radix(16), "ff".to_string());
    }
}
