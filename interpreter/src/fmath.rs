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
