//! Decimal text to the nearest `f64` (ties to even): what `str::parse::<f64>` gives, for the same
//! syntax, in less flash. core's parser carries a 10 KB table of 128-bit powers of five (plus
//! ~5 KB of code) for its fast Eisel-Lemire path. Here a number of up to 19 significant digits
//! with a moderate power of ten is computed exactly with machine integers (`small`: Clinger's
//! one exact float operation, or `u128`), which covers the 16-17 digits of a float's repr; only
//! longer or extreme literals are computed exactly with big integers (`int::BigInt`) and rounded
//! once. `tests` compares it with core's parser.

use crate::int::BigInt;
use alloc::string::String;
use alloc::vec::Vec;

/// Significant digits kept: 767 decide any rounding of an `f64`; a nonzero digit after them
/// stands for the rest (a sticky digit), so the value stays between the same halfway points.
const MAX_DIGITS: usize = 800;

/// Powers of ten that are exact in an `f64`.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// `s` as a float, as `s.parse::<f64>()` reads it: an optional sign, then `inf`, `infinity` or
/// `nan` (any case), or digits with an optional point and an optional exponent (`e`/`E`, an
/// optional sign, digits); no spaces or underscores. `None` for anything else.
pub fn parse_f64(s: &str) -> Option<f64> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, s.get(1..)?),
        Some(b'+') => (false, s.get(1..)?),
        _ => (false, s),
    };
    let sign = |x: f64| if neg { -x } else { x };
    if body.eq_ignore_ascii_case("inf") || body.eq_ignore_ascii_case("infinity") {
        return Some(sign(f64::INFINITY));
    }
    if body.eq_ignore_ascii_case("nan") {
        return Some(sign(f64::NAN));
    }
    let b = body.as_bytes();
    let mut i = 0;
    // The first 19 significant digits (leading zeros dropped) as an integer, how many
    // significant digits there are, and the power of ten of the point after the first of them:
    // value = 0.d1 d2 ... × 10^point.
    let mut w: u64 = 0;
    let mut n: usize = 0;
    let mut point: i64 = 0;
    let mut any_digit = false;
    let take = |d: u8, w: &mut u64, n: &mut usize| {
        if *n < 19 {
            *w = *w * 10 + u64::from(d);
        }
        *n += 1;
    };
    while let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit()) {
        any_digit = true;
        if n > 0 || c != b'0' {
            take(c - b'0', &mut w, &mut n);
            point = point.saturating_add(1);
        }
        i += 1;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit()) {
            any_digit = true;
            if n == 0 && c == b'0' {
                point = point.saturating_sub(1);
            } else {
                take(c - b'0', &mut w, &mut n);
            }
            i += 1;
        }
    }
    if !any_digit {
        return None;
    }
    let mantissa = b.get(..i)?;
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        let exp_neg = match b.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let start = i;
        let mut exp: i64 = 0;
        while let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit()) {
            // Far past any float's range; saturating keeps huge exponents huge.
            exp = exp.saturating_mul(10).saturating_add(i64::from(c - b'0'));
            exp = exp.min(1 << 40);
            i += 1;
        }
        if i == start {
            return None;
        }
        point = point.saturating_add(if exp_neg { -exp } else { exp });
    }
    if i != b.len() {
        return None;
    }
    if n == 0 {
        return Some(sign(0.0));
    }
    // value >= 10^(point - 1) and < 10^point.
    if point > 310 {
        return Some(sign(f64::INFINITY));
    }
    if point < -330 {
        return Some(sign(0.0));
    }
    if n <= 19
        && let Some(x) = small(w, point - i64::try_from(n).ok()?)
    {
        return Some(sign(x));
    }
    // The significant digits again, at most MAX_DIGITS and a sticky one, trailing zeros off.
    let mut digits: Vec<u8> = Vec::new();
    let mut sticky = false;
    for &c in mantissa.iter().filter(|c| c.is_ascii_digit()) {
        if digits.is_empty() && c == b'0' {
            continue;
        }
        if digits.len() < MAX_DIGITS {
            digits.push(c - b'0');
        } else if c != b'0' {
            sticky = true;
        }
    }
    if sticky {
        digits.push(1);
    }
    while digits.last() == Some(&0) {
        digits.pop();
    }
    let n = i64::try_from(digits.len()).ok()?;
    // value = D × 10^e, D the digits as an integer.
    let e = point - n;
    let text: String = digits.iter().map(|&d| char::from(b'0' + d)).collect();
    let d = BigInt::parse(&text, 10)?;
    let x = if e >= 0 {
        round(&d.mul(&pow10(e)), false, 0)
    } else {
        // D / 10^-e: enough quotient bits for 53 and a rounding bit, the remainder sticky.
        let p = pow10(-e);
        let k = (55 + p.bit_length()).saturating_sub(d.bit_length());
        let (q, r) = d.shl(usize::try_from(k).ok()?).divmod(&p)?;
        round(&q, !r.is_zero(), -i64::try_from(k).ok()?)
    };
    Some(sign(x))
}

/// `w × 10^e` (`w` > 0) when machine integers compute it exactly, else `None`. Clinger's fast
/// path first: `w` and `10^|e|` exact in an `f64`, so one float operation rounds once. Then
/// `u128`: an exact product (`as f64` rounds it once), or for `10^-e` up to 10^21 a quotient of
/// at least 58 bits with the remainder as sticky bit (the results are normal floats).
pub(crate) fn small(w: u64, e: i64) -> Option<f64> {
    if w < 1 << 53 && (-22..=22).contains(&e) {
        let p = *POW10.get(usize::try_from(e.unsigned_abs()).ok()?)?;
        let d = w as f64;
        return Some(if e >= 0 { d * p } else { d / p });
    }
    if e >= 0 {
        let p = 10u128.checked_pow(u32::try_from(e).ok()?)?;
        return Some(u128::from(w).checked_mul(p)? as f64);
    }
    let k = u32::try_from(-e).ok().filter(|&k| k <= 21)?;
    let p = 10u128.pow(k);
    let shift = u128::from(w).leading_zeros();
    let num = u128::from(w) << shift;
    let (q, r) = div_rem(num, p);
    // Round q (58 to 128 bits) to 53, ties to even.
    let drop = 75 - q.leading_zeros();
    let mut m = q >> drop;
    let half = q >> (drop - 1) & 1 == 1;
    let rest = r != 0 || q & ((1 << (drop - 1)) - 1) != 0;
    if half && (rest || m & 1 == 1) {
        m += 1;
    }
    let weight = i32::try_from(drop).ok()? - i32::try_from(shift).ok()?;
    Some(libm::scalbn(m as f64, weight))
}

/// `n / d` and `n % d` (`d` > 0, below 2^127), one quotient bit a step: core's `u128` division
/// inlined here was ~2 KB of Thumb-2 code; a parse takes this path at most once, and 128 steps
/// of shift-and-subtract give the same quotient and remainder.
fn div_rem(n: u128, d: u128) -> (u128, u128) {
    let (mut q, mut r) = (0u128, 0u128);
    for i in (0..128).rev() {
        r = r << 1 | (n >> i & 1);
        q <<= 1;
        if r >= d {
            r -= d;
            q |= 1;
        }
    }
    (q, r)
}

/// 10^e as a big integer (0 <= e <= ~1100 here).
fn pow10(e: i64) -> BigInt {
    BigInt::from_i64(10).pow(u64::try_from(e).unwrap_or(0))
}

/// Bit `i` of `q`'s magnitude.
fn bit(q: &BigInt, i: u64) -> bool {
    usize::try_from(i / 32)
        .ok()
        .and_then(|l| q.mag.get(l))
        .is_some_and(|&limb| limb >> (i % 32) & 1 == 1)
}

/// Whether any bit of `q` below bit `i` is set.
fn any_below(q: &BigInt, i: u64) -> bool {
    let full = usize::try_from(i / 32).unwrap_or(usize::MAX);
    let part = i % 32;
    q.mag.iter().take(full).any(|&l| l != 0)
        || (part > 0
            && q.mag
                .get(full)
                .is_some_and(|&l| l & ((1u32 << part) - 1) != 0))
}

/// The float nearest `q × 2^exp2` (`q` >= 0, its sign is not read), ties to even; `sticky`: the
/// true value is a little above that (a nonzero remainder was dropped).
pub fn round(q: &BigInt, sticky: bool, exp2: i64) -> f64 {
    let len = i64::try_from(q.bit_length()).unwrap_or(i64::MAX);
    // The power of two of the leading bit.
    let top = len - 1 + exp2;
    if top > 1023 {
        return f64::INFINITY;
    }
    // Bits the result holds: 53, fewer for a subnormal.
    let prec = if top >= -1022 { 53 } else { 53 - (-1022 - top) };
    let (m, weight) = if len <= prec {
        (q.shr(0), exp2)
    } else {
        let drop = len - prec;
        let mut m = q.shr(usize::try_from(drop).unwrap_or(usize::MAX));
        let half = bit(q, drop.unsigned_abs() - 1);
        let rest = sticky || any_below(q, drop.unsigned_abs() - 1);
        let odd = m.mag.first().is_some_and(|&l| l & 1 == 1);
        if half && (rest || odd) {
            m = m.add(&BigInt::from_i64(1));
        }
        (m, exp2 + drop)
    };
    // At most 2^53: exact as an f64, and the scaling by a power of two is exact too.
    let low = m.mag.first().copied().unwrap_or(0);
    let high = m.mag.get(1).copied().unwrap_or(0);
    let m = (u64::from(high) << 32 | u64::from(low)) as f64;
    libm::scalbn(m, i32::try_from(weight.clamp(-2000, 2000)).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    #[test]
    fn div_rem_as_core() {
        let mut x: u128 = 0x0123_4567_89ab_cdef_fedc_ba98_7654_3210;
        for k in 0..=21u32 {
            let d = 10u128.pow(k);
            for _ in 0..2000 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                assert_eq!(super::div_rem(x, d), (x / d, x % d));
            }
        }
    }

    use super::*;
    use alloc::format;
    use alloc::string::ToString;

    fn same(s: &str) {
        let ours = parse_f64(s);
        let core = s.parse::<f64>().ok();
        match (ours, core) {
            (Some(a), Some(b)) => assert!(
                a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()),
                "{s:?}: {a:e} vs core {b:e}"
            ),
            (a, b) => assert_eq!(a.is_some(), b.is_some(), "{s:?}: {a:?} vs core {b:?}"),
        }
    }

    /// A small deterministic generator (xorshift), so failures repeat.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    #[test]
    fn syntax_as_core() {
        for s in [
            "",
            "+",
            "-",
            ".",
            "e",
            "e5",
            "1e",
            "1e+",
            "1e-",
            ".e1",
            "1.e1",
            ".5",
            "5.",
            "+.5",
            "-5.",
            "1_0",
            " 1",
            "1 ",
            "0x10",
            "inf",
            "-inf",
            "+inf",
            "INF",
            "Infinity",
            "-infinity",
            "infinit",
            "nan",
            "NaN",
            "-nan",
            "+nan",
            "nan1",
            "1e+5",
            "1E-5",
            "1e+-5",
            "--1",
            "+-1",
            "1.2.3",
            "00",
            "-0",
            "-0.0",
            "0e0",
            "0e99999999999999999999",
            "1e99999999999999999999",
            "1e-99999999999999999999",
            "١",
            "1d",
            "1f",
        ] {
            same(s);
        }
    }

    #[test]
    fn values_as_core() {
        for s in [
            "0.1",
            "0.2",
            "0.3",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "2.2250738585072014e-308",
            "2.2250738585072011e-308",
            "4.9406564584124654e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125e-324",
            "9007199254740993",
            "9007199254740992.5",
            "123456789012345678901234567890",
            "1e23",
            "8.98846567431158e307",
            "3.141592653589793",
            "1e-400",
            "1e400",
            "5e-324",
            "1e308",
            "1e-308",
            "0.000000000000000000000000000000001",
            "4.35679e-10",
        ] {
            same(s);
            same(&format!("-{s}"));
        }
    }

    #[test]
    fn random_as_core() {
        let mut r = Rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..25_000 {
            let n = match r.below(10) {
                0 => 1 + r.below(800) as usize,
                1..=3 => 16 + r.below(10) as usize,
                _ => 1 + r.below(18) as usize,
            };
            let mut s: String = (0..n)
                .map(|_| char::from(b'0' + r.below(10) as u8))
                .collect();
            if r.below(2) == 0 {
                let at = r.below(n as u64 + 1) as usize;
                s.insert(at, '.');
            }
            if r.below(3) > 0 {
                let e = r.below(800) as i64 - 400;
                s = format!("{s}e{e}");
            }
            same(&s);
        }
        // Random floats: their shortest text, longer texts, and the exact halfway point to
        // the next float and the points just around it.
        for _ in 0..10_000 {
            let x = f64::from_bits(r.next() & 0x7fff_ffff_ffff_ffff);
            if !x.is_finite() || x == 0.0 {
                continue;
            }
            same(&x.to_string());
            same(&format!("{x:e}"));
            same(&format!("{x:.20e}"));
            let bits = x.to_bits();
            let (m, e) = if bits >> 52 == 0 {
                (bits & ((1 << 52) - 1), -1074i64)
            } else {
                (
                    (bits & ((1 << 52) - 1)) | 1 << 52,
                    (bits >> 52) as i64 - 1075,
                )
            };
            // (2m + 1) × 2^(e - 1), written out in decimal.
            let odd = BigInt::from_i64(i64::try_from(2 * m + 1).unwrap());
            let half = if e > 0 {
                odd.shl((e - 1) as usize).to_string_radix(10)
            } else {
                let k = 1 - e;
                let digits = odd.mul(&pow5(k)).to_string_radix(10);
                format!("{digits}e-{k}")
            };
            same(&half);
            if let Some((mant, exp)) = half.split_once('e') {
                same(&format!("{mant}000001e{exp}"));
                let mut lower = String::from(mant);
                if lower.ends_with('5') {
                    lower.pop();
                    lower.push_str("4999999");
                    same(&format!("{lower}e{exp}"));
                }
            }
        }
    }

    /// `BigInt::to_f64` is the nearest float: the same as parsing the int's decimal text.
    #[test]
    fn big_ints_to_float() {
        let mut r = Rng(0x2545_f491_4f6c_dd1d);
        for _ in 0..5_000 {
            let limbs = 1 + r.below(40) as usize;
            let mut x = BigInt::from_i64(0);
            for _ in 0..limbs {
                // Runs of ones and zeros make the halfway cases that double rounding got wrong.
                let limb = match r.below(4) {
                    0 => 0,
                    1 => u32::MAX,
                    2 => 1 << r.below(32),
                    _ => r.next() as u32,
                };
                x = x.shl(32).add(&BigInt::from_i64(i64::from(limb)));
            }
            if x.is_zero() {
                continue;
            }
            let text = x.to_string_radix(10);
            assert_eq!(
                x.to_f64().to_bits(),
                parse_f64(&text).unwrap().to_bits(),
                "{text}"
            );
            let neg = x.neg();
            assert_eq!(
                neg.to_f64().to_bits(),
                (-parse_f64(&text).unwrap()).to_bits()
            );
        }
        let x = BigInt::from_i64(1)
            .shl(85)
            .add(&BigInt::from_i64(1 << 32))
            .add(&BigInt::from_i64(1));
        assert_eq!(x.to_f64(), 3.868562622766814e25);
    }

    fn pow5(k: i64) -> BigInt {
        let mut out = BigInt::from_i64(1);
        for _ in 0..k {
            out = out.mul(&BigInt::from_i64(5));
        }
        out
    }
}
