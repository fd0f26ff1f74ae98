//! Float to decimal digits without core's float formatting: `{}`, `{:e}` and `{:.N}` of an
//! `f64` link core's Grisu/Dragon code and tables (~13 KB of flash). Here every conversion starts
//! from the float's exact decimal expansion (`m·2^e` is `m·5^-e / 10^-e`, computed with
//! `int::BigInt`), which is then rounded half to even at a digit: exact, as core's `{:.N}` and
//! `{:.Ne}` are. The shortest round-trip digits (repr) are the fewest digits whose correctly
//! rounded value reads back as the float (checked with `float_parse`), preferring the nearer of
//! the two candidates of that length, as CPython's repr does.

use crate::int::BigInt;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// The exact expansion of a finite, nonzero `|f|`: its significant digits (ASCII, no leading
/// or trailing zeros) and the power of ten of the first: `|f| = d1.d2d3… × 10^exp`.
fn exact(f: f64) -> (Vec<u8>, i32) {
    let bits = f.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1u64 << 52) - 1);
    // |f| = m · 2^e
    let (m, e) = if biased == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), biased - 1075)
    };
    let m = BigInt::from_i64(m as i64);
    // m · 2^e = m · 5^-e × 10^e for e < 0.
    let (n, scale) = if e >= 0 {
        (m.shl(e as usize), 0)
    } else {
        (
            m.mul(&BigInt::from_i64(5).pow(u64::from(e.unsigned_abs()))),
            e,
        )
    };
    let mut d = n.to_string_radix(10).into_bytes();
    let exp = d.len() as i32 - 1 + scale;
    while d.last() == Some(&b'0') {
        d.pop();
    }
    (d, exp)
}

/// The first `n` digits of `d` (no trailing zeros), rounded half to even; fewer than `n`
/// digits are padded with zeros, `n <= 0` keeps none. A carry out of the first digit gives
/// one digit more ("1" and zeros) and the exponent of the first digit one higher.
fn round_to(d: &[u8], exp: i32, n: i32) -> (Vec<u8>, i32) {
    let Ok(n) = usize::try_from(n) else {
        return (Vec::new(), exp);
    };
    let mut v: Vec<u8> = d.iter().copied().take(n).collect();
    let Some(rest) = d.get(n..).filter(|r| !r.is_empty()) else {
        v.resize(n, b'0');
        return (v, exp);
    };
    // `rest` has no trailing zeros: exactly one half is a lone 5.
    let up = match rest {
        [b'5'] => v.last().is_some_and(|c| (c - b'0') % 2 == 1),
        _ => rest[0] >= b'5',
    };
    if up { bump(v, exp) } else { (v, exp) }
}

/// `v` (digits, the first at 10^`exp`) plus one unit in its last place; a carry out of the first
/// digit gives "1" and zeros, one digit more, and `exp + 1`.
fn bump(mut v: Vec<u8>, exp: i32) -> (Vec<u8>, i32) {
    for c in v.iter_mut().rev() {
        if *c == b'9' {
            *c = b'0';
        } else {
            *c += 1;
            return (v, exp);
        }
    }
    v.insert(0, b'1');
    (v, exp + 1)
}

/// `f` with `prec` digits after the point, as `format!("{:.prec$}", f)` writes it (a '-' for a
/// negative `f`, also -0.0). `f` must be finite.
pub fn fixed(f: f64, prec: usize) -> String {
    let mut out = String::new();
    if f.is_sign_negative() {
        out.push('-');
    }
    // The digits of round(|f| × 10^prec), the last one at 10^-prec.
    let mut r = if f == 0.0 {
        Vec::new()
    } else {
        let (d, exp) = exact(f);
        let n = i64::from(exp) + 1 + prec as i64;
        round_to(&d, exp, n.clamp(-1, i64::from(i32::MAX)) as i32).0
    };
    if r.len() <= prec {
        let mut z = Vec::with_capacity(prec + 1);
        z.resize(prec + 1 - r.len(), b'0');
        z.extend_from_slice(&r);
        r = z;
    }
    let (int, frac) = r.split_at(r.len() - prec);
    out.extend(int.iter().map(|&c| c as char));
    if prec > 0 {
        out.push('.');
        out.extend(frac.iter().map(|&c| c as char));
    }
    out
}

/// The `n` (>= 1) significant digits of `|f|` rounded half to even, and the power of ten of the
/// first (`format!("{:.(n-1)e}")`'s digits and exponent). `f` must be finite; 0 gives zeros and 0.
pub fn significant(f: f64, n: usize) -> (Vec<u8>, i32) {
    if f == 0.0 {
        return (alloc::vec![b'0'; n], 0);
    }
    let (d, exp) = exact(f);
    let (mut r, exp) = round_to(&d, exp, n.min(i32::MAX as usize) as i32);
    r.truncate(n);
    (r, exp)
}

/// The shortest digits that read back as `|f|` (finite, nonzero), the nearest to it among
/// those, as CPython's repr: digits without trailing zeros, and the power of ten of the first.
pub fn shortest(f: f64) -> (Vec<u8>, i32) {
    let f = f.abs();
    let (d, exp) = exact(f);
    let reads_back = |r: &[u8], e: i32| {
        // The candidate is w × 10^k; up to 17 digits fit a u64, and most powers of ten take
        // parse's machine-integer path directly, without text.
        let w = r.iter().fold(0u64, |w, &c| w * 10 + u64::from(c - b'0'));
        let k = i64::from(e) - r.len() as i64 + 1;
        let back = match crate::float_parse::small(w, k) {
            Some(x) => Some(x),
            None => crate::float_parse::parse_f64(&format!(
                "{}e{}",
                core::str::from_utf8(r).unwrap_or("0"),
                k
            )),
        };
        back == Some(f)
    };
    let trim = |mut r: Vec<u8>, e: i32| {
        while r.len() > 1 && r.last() == Some(&b'0') {
            r.pop();
        }
        (r, e)
    };
    // 17 significant digits always read back.
    for n in 1..=17usize {
        if d.len() <= n {
            return (d, exp);
        }
        let (mut near, e) = round_to(&d, exp, n as i32);
        near.truncate(n);
        if reads_back(&near, e) {
            return trim(near, e);
        }
        // The candidate on the other side of `f`: the nearer one may fall outside the interval
        // that reads back as `f` where it is lopsided (`f` a power of two) while the other does not.
        let down = &d[..n];
        let (other, e) = if near.as_slice() == down {
            bump(down.to_vec(), exp)
        } else {
            (down.to_vec(), exp)
        };
        let mut other = other;
        other.truncate(n);
        if reads_back(&other, e) {
            return trim(other, e);
        }
    }
    let (mut r, e) = round_to(&d, exp, 17);
    r.truncate(17);
    trim(r, e)
}

#[cfg(test)]
// 18457761627699.8125 is exact in an f64 (48 significant bits): the halfway case under test.
#[allow(clippy::excessive_precision)]
mod tests {
    use super::*;
    extern crate std;
    use std::string::ToString;

    fn repr_digits(f: f64) -> (String, i32) {
        let (d, e) = shortest(f);
        (String::from_utf8(d).unwrap(), e)
    }

    /// core's formatting (what the interpreter used before) against ours, on many floats.
    #[test]
    fn matches_core() {
        let mut x: u64 = 0x1234_5678_9abc_def1;
        let mut samples: Vec<f64> = alloc::vec![
            0.0,
            -0.0,
            1.0,
            0.1,
            0.5,
            1.5,
            2.5,
            0.125,
            1e22,
            1e23,
            5e-324,
            1.7976931348623157e308,
            2.2250738585072014e-308,
            123456789.123,
            0.30000000000000004,
            9.5,
            0.05,
            0.15,
            0.25,
            0.35,
            999.9999,
            1e-7,
            18457761627699.8125,
            2f64.powi(-1074),
            2f64.powi(60),
        ];
        for _ in 0..1500 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let f = f64::from_bits(x);
            if f.is_finite() {
                samples.push(f);
            }
            samples.push((x % 1_000_000) as f64 / 1000.0);
            samples.push((x % 100_000) as f64 * 1e-5);
        }
        for &f in &samples {
            let a = f.abs();
            for p in [0usize, 1, 2, 3, 6, 10, 17, 20] {
                assert_eq!(fixed(f, p), std::format!("{:.*}", p, f), "fixed {f:e} {p}");
                let s = std::format!("{:.*e}", p, a);
                let (m, e) = s.split_once('e').unwrap();
                let (d, ex) = significant(a, p + 1);
                assert_eq!(
                    String::from_utf8(d).unwrap(),
                    m.replace('.', ""),
                    "sig {f:e} {p}"
                );
                assert_eq!(ex, e.parse::<i32>().unwrap(), "sig exp {f:e} {p}");
            }
            if a != 0.0 {
                let (d, e) = repr_digits(a);
                // Reads back, and no shorter string of digits does (core's Display is shortest).
                let text = std::format!("{}e{}", d, e - d.len() as i32 + 1);
                assert_eq!(text.parse::<f64>().unwrap(), a, "{f:e}");
                let core = std::format!("{:e}", a);
                let core_len = core.split_once('e').unwrap().0.replace('.', "").len();
                assert_eq!(d.len(), core_len, "shortest {f:e}: {d} vs {core}");
            }
        }
    }

    #[test]
    fn nearest_of_shortest() {
        // Halfway between two 17-digit strings: CPython takes the even one.
        assert_eq!(
            repr_digits(18457761627699.8125),
            ("18457761627699812".to_string(), 13)
        );
        assert_eq!(repr_digits(5e-324), ("5".to_string(), -324));
        assert_eq!(
            repr_digits(0.1 + 0.2),
            ("30000000000000004".to_string(), -1)
        );
        assert_eq!(fixed(1e300, 0).len(), 301);
        assert_eq!(fixed(0.5, 0), "0");
        assert_eq!(fixed(1.5, 0), "2");
        assert_eq!(fixed(9.99, 1), "10.0");
        assert_eq!(fixed(-0.001, 2), "-0.00");
    }
}
