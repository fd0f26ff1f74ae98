//! Float math: the platform's libm on hosts (matches CPython bit for bit there), the `libm`
//! crate in `no_std` builds.

macro_rules! f1 {
    ($($name:ident => $std:ident),* $(,)?) => {
        $(
            /// See the module docs.
            #[inline]
            pub fn $name(x: f64) -> f64 {
                #[cfg(feature = "std")]
                {
                    x.$std()
                }
                #[cfg(not(feature = "std"))]
                {
                    libm::$name(x)
                }
            }
        )*
    };
}

f1!(sin => sin, cos => cos, tan => tan, asin => asin, acos => acos, atan => atan, exp => exp,
    expm1 => exp_m1, log => ln, log10 => log10, log2 => log2, log1p => ln_1p, sinh => sinh,
    cosh => cosh, tanh => tanh, sqrt => sqrt, floor => floor);

/// sqrt(x*x + y*y) without undue overflow.
#[inline]
pub fn hypot(x: f64, y: f64) -> f64 {
    #[cfg(feature = "std")]
    {
        x.hypot(y)
    }
    #[cfg(not(feature = "std"))]
    {
        libm::hypot(x, y)
    }
}

/// x raised to y.
#[inline]
pub fn pow(x: f64, y: f64) -> f64 {
    #[cfg(feature = "std")]
    {
        x.powf(y)
    }
    #[cfg(not(feature = "std"))]
    {
        libm::pow(x, y)
    }
}

/// atan2(y, x).
#[inline]
pub fn atan2(y: f64, x: f64) -> f64 {
    #[cfg(feature = "std")]
    {
        y.atan2(x)
    }
    #[cfg(not(feature = "std"))]
    {
        libm::atan2(y, x)
    }
}

/// C's `fmod`: `x - n·y` with `n` the quotient truncated, exact, with the sign of `x`; NaN for an
/// infinite `x` or a zero `y`. musl's shift-and-subtract: the `libm` crate's generic one reduces
/// with 128-bit divisions, 2.4 KB of Thumb-2 against ~0.3 KB here (the result is exact either
/// way; a test compares them).
pub fn fmod(x: f64, y: f64) -> f64 {
    const SIGN: u64 = 1 << 63;
    const IMPLICIT: u64 = 1 << 52;
    let (ux, uy) = (x.to_bits(), y.to_bits());
    let (ax, ay) = (ux & !SIGN, uy & !SIGN);
    if ay == 0 || ax >= 0x7ff0_0000_0000_0000 || ay > 0x7ff0_0000_0000_0000 {
        // NaN, from the operands as libm makes it (a NaN operand's payload carries through).
        #[allow(clippy::eq_op)]
        return (x * y) / (x * y);
    }
    if ax <= ay {
        return if ax == ay {
            f64::from_bits(ux & SIGN)
        } else {
            x
        };
    }
    // The significands with their implicit bit, subnormals normalised (exponent below 1).
    let split = |a: u64| -> (u64, i32) {
        let e = (a >> 52) as i32;
        if e == 0 {
            let shift = a.leading_zeros() as i32 - 11;
            (a << shift, 1 - shift)
        } else {
            ((a & (IMPLICIT - 1)) | IMPLICIT, e)
        }
    };
    let (mut mx, mut ex) = split(ax);
    let (my, ey) = split(ay);
    // Long division, one quotient bit per step: mx stays below 2·my.
    while ex > ey {
        if mx >= my {
            mx -= my;
            if mx == 0 {
                return f64::from_bits(ux & SIGN);
            }
        }
        mx <<= 1;
        ex -= 1;
    }
    if mx >= my {
        mx -= my;
        if mx == 0 {
            return f64::from_bits(ux & SIGN);
        }
    }
    let shift = mx.leading_zeros() as i32 - 11;
    mx <<= shift;
    ex -= shift;
    let bits = if ex > 0 {
        (mx - IMPLICIT) | ((ex as u64) << 52)
    } else {
        mx >> (1 - ex)
    };
    f64::from_bits(bits | (ux & SIGN))
}

#[cfg(test)]
mod tests {
    /// `fmod` against the `libm` crate's on random bit patterns and hand-picked cases.
    #[test]
    fn fmod_as_libm() {
        let mut s: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            s
        };
        let special = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            3.0,
            1e300,
            -1e-300,
            5e-324,
            f64::MIN_POSITIVE,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            f64::MAX,
            0.1,
            7.5,
            -2.5,
        ];
        let mut pairs = alloc::vec::Vec::new();
        for &a in &special {
            for &b in &special {
                pairs.push((a, b));
            }
        }
        for _ in 0..200_000 {
            let (a, b) = (next(), next());
            pairs.push((f64::from_bits(a), f64::from_bits(b)));
            // Nearby exponents, where most quotients are small.
            let b2 = (a & !(0x7ffu64 << 52)) | (((a >> 52 & 0x7ff) ^ (b & 0x3f)) << 52);
            pairs.push((f64::from_bits(a), f64::from_bits(b2)));
            pairs.push(((a % 100_000) as f64 / 7.0, (b % 1000) as f64 / 3.0 - 100.0));
        }
        for (x, y) in pairs {
            let (ours, theirs) = (super::fmod(x, y), libm::fmod(x, y));
            assert!(
                ours.to_bits() == theirs.to_bits() || (ours.is_nan() && theirs.is_nan()),
                "fmod({x:e}, {y:e}) = {ours:e}, libm {theirs:e}"
            );
        }
    }
}
