//! `complex`: a heap object of two floats (`Obj::Complex`), with CPython 3.11's arithmetic
//! (`_Py_c_quot`, `_Py_c_pow`, the repeated squaring of small integral powers), repr, hash and
//! string parsing. Real operands are converted to `(x, 0.0)` first, as 3.11 does.

use crate::ast::BinOp;
use crate::builtins::Kw;
use crate::builtins::check_args;
use crate::exceptions::kind;
use crate::fmath;
use crate::object::NativeFnPtr;
use crate::object::Obj;
use crate::ops::Num;
use crate::value::Value;
use crate::vm::{Exc, Vm};
use alloc::format;
use alloc::string::String;

type C = (f64, f64);

fn prod(a: C, b: C) -> C {
    (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0)
}

/// `_Py_c_quot`: `None` for a zero divisor.
fn quot(a: C, b: C) -> Option<C> {
    let (abr, abi) = (b.0.abs(), b.1.abs());
    if abr >= abi {
        if abr == 0.0 {
            return None;
        }
        let ratio = b.1 / b.0;
        let denom = b.0 + b.1 * ratio;
        Some(((a.0 + a.1 * ratio) / denom, (a.1 - a.0 * ratio) / denom))
    } else if abi >= abr {
        let ratio = b.0 / b.1;
        let denom = b.0 * ratio + b.1;
        Some(((a.0 * ratio + a.1) / denom, (a.1 * ratio - a.0) / denom))
    } else {
        Some((f64::NAN, f64::NAN))
    }
}

/// `complex_pow`: `Err(true)` for zero to a negative or complex power, `Err(false)` for an
/// infinite result (OverflowError).
fn pow(a: C, b: C) -> Result<C, bool> {
    let r = if b.1 == 0.0 && b.0 == fmath::floor(b.0) && b.0.abs() <= 100.0 {
        // c_powi: repeated squaring.
        let n = b.0 as i64;
        let mut r = (1.0, 0.0);
        let mut p = a;
        let mut m = n.unsigned_abs();
        while m > 0 {
            if m & 1 == 1 {
                r = prod(r, p);
            }
            m >>= 1;
            p = prod(p, p);
        }
        if n < 0 {
            quot((1.0, 0.0), r).ok_or(true)?
        } else {
            r
        }
    } else if b == (0.0, 0.0) {
        (1.0, 0.0)
    } else if a == (0.0, 0.0) {
        if b.1 != 0.0 || b.0 < 0.0 {
            return Err(true);
        }
        (0.0, 0.0)
    } else {
        let vabs = fmath::hypot(a.0, a.1);
        let mut len = fmath::pow(vabs, b.0);
        let at = fmath::atan2(a.1, a.0);
        let mut phase = at * b.0;
        if b.1 != 0.0 {
            len /= fmath::exp(at * b.1);
            phase += b.1 * fmath::log(vabs);
        }
        (len * fmath::cos(phase), len * fmath::sin(phase))
    };
    if r.0.is_infinite() || r.1.is_infinite() {
        return Err(false);
    }
    Ok(r)
}

/// CPython's repr: `1j`, `(1+2j)`, `(-0-1j)`; the parts as float reprs without `.0`.
pub fn repr(re: f64, im: f64) -> String {
    let part = |f: f64| {
        let s = crate::format::float_repr(f);
        match s.strip_suffix(".0") {
            Some(t) => String::from(t),
            None => s,
        }
    };
    if re == 0.0 && re.is_sign_positive() {
        return format!("{}j", part(im));
    }
    let im_s = part(im);
    let sign = if im_s.starts_with('-') { "" } else { "+" };
    format!("({}{}{}j)", part(re), sign, im_s)
}

/// `hash(complex)`: the parts' float hashes combined as CPython does, so `hash(1+0j) ==
/// hash(1)`.
pub fn hash(re: f64, im: f64) -> i64 {
    let h = (crate::int::hash_f64(re) as u64)
        .wrapping_add(1_000_003u64.wrapping_mul(crate::int::hash_f64(im) as u64))
        as i64;
    if h == -1 { -2 } else { h }
}

/// `complex('1+2j')`: CPython's grammar (optional parentheses and surrounding spaces, a real
/// part, an imaginary part, or both).
fn parse(s: &str) -> Option<C> {
    let s = s.trim_matches(|c: char| c.is_whitespace());
    let s = match s.strip_prefix('(') {
        Some(t) => t.strip_suffix(')')?.trim(),
        None => s,
    };
    // The end of the float at the start of `t` (sign, digits, point, exponent, inf/nan).
    let float_end = |t: &str| -> usize {
        let b = t.as_bytes();
        let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
        let low = t[i..].to_ascii_lowercase();
        for w in ["infinity", "inf", "nan"] {
            if low.starts_with(w) {
                return i + w.len();
            }
        }
        let digits = |i: &mut usize| {
            let s = *i;
            while *i < b.len() && (b[*i].is_ascii_digit() || b[*i] == b'_') {
                *i += 1;
            }
            *i > s
        };
        let mut any = digits(&mut i);
        if b.get(i) == Some(&b'.') {
            i += 1;
            any |= digits(&mut i);
        }
        if !any {
            return 0;
        }
        if matches!(b.get(i), Some(b'e' | b'E')) {
            let mut j = i + 1;
            if matches!(b.get(j), Some(b'+' | b'-')) {
                j += 1;
            }
            if digits(&mut j) {
                i = j;
            }
        }
        i
    };
    let num = |t: &str| crate::float_parse::parse_f64(t);
    let unit = |t: &str| match t {
        "" | "+" => Some(1.0),
        "-" => Some(-1.0),
        _ => num(t),
    };
    let mut e1 = float_end(s);
    if e1 == 0 && s.starts_with(['+', '-']) {
        e1 = 1;
    }
    let rest = &s[e1..];
    if rest.is_empty() {
        return Some((num(s)?, 0.0));
    }
    if rest.eq_ignore_ascii_case("j") {
        return Some((0.0, unit(&s[..e1])?));
    }
    let re = num(&s[..e1])?;
    if !rest.starts_with(['+', '-']) {
        return None;
    }
    let e2 = float_end(rest);
    let e2 = if e2 == 0 { 1 } else { e2 };
    if !rest[e2..].eq_ignore_ascii_case("j") {
        return None;
    }
    Some((re, unit(&rest[..e2])?))
}

/// `_` only between digits, as in float literals.
fn valid_underscores(t: &str) -> bool {
    let b = t.as_bytes();
    b.iter().enumerate().all(|(i, &c)| {
        c != b'_'
            || (i > 0
                && b[i - 1].is_ascii_digit()
                && b.get(i + 1).is_some_and(|n| n.is_ascii_digit()))
    })
}

impl Vm {
    /// The parts of a complex, or of a real number seen as one (`None` for anything else).
    pub(crate) fn complex_parts(&mut self, v: Value) -> Result<Option<C>, Exc> {
        if let Value::Obj(r) = v
            && let Obj::Complex(re, im) = self.heap.get(r)
        {
            return Ok(Some((*re, *im)));
        }
        Ok(match self.as_num(v) {
            Some(Num::B(b)) => {
                let f = b.to_f64();
                if f.is_infinite() {
                    return Err(self.exc_msg(kind::OVERFLOW, "int too large to convert to float"));
                }
                Some((f, 0.0))
            }
            Some(n) => Some((n.to_f64(), 0.0)),
            None => None,
        })
    }

    pub(crate) fn is_complex(&self, v: Value) -> bool {
        matches!(v, Value::Obj(r) if matches!(self.heap.get(r), Obj::Complex(..)))
    }

    /// `l op r` when one side is a complex and the other a number; `None` otherwise (other
    /// operators and types fall through to the usual TypeError).
    pub(crate) fn complex_binary(
        &mut self,
        op: BinOp,
        l: Value,
        r: Value,
    ) -> Result<Option<Value>, Exc> {
        if !self.is_complex(l) && !self.is_complex(r) {
            return Ok(None);
        }
        let (Some(a), Some(b)) = (self.complex_parts(l)?, self.complex_parts(r)?) else {
            return Ok(None);
        };
        self.complex_op(op, a, b)
    }

    /// `a op b` on complex parts; `None` for an operator complex does not have. Not inlined,
    /// as `match_op`: binary operators sit on the path of every nested call.
    #[inline(never)]
    pub(crate) fn complex_op(&mut self, op: BinOp, a: C, b: C) -> Result<Option<Value>, Exc> {
        let c = match op {
            BinOp::Add => (a.0 + b.0, a.1 + b.1),
            BinOp::Sub => (a.0 - b.0, a.1 - b.1),
            BinOp::Mul => prod(a, b),
            BinOp::Div => match quot(a, b) {
                Some(c) => c,
                None => {
                    return Err(self.exc_msg(kind::ZERO_DIVISION, "complex division by zero"));
                }
            },
            BinOp::Pow => match pow(a, b) {
                Ok(c) => c,
                Err(true) => {
                    return Err(
                        self.exc_msg(kind::ZERO_DIVISION, "0.0 to a negative or complex power")
                    );
                }
                Err(false) => {
                    return Err(self.exc_msg(kind::OVERFLOW, "complex exponentiation"));
                }
            },
            _ => return Ok(None),
        };
        self.alloc(Obj::Complex(c.0, c.1)).map(Some)
    }

    /// `abs(z)`, with CPython's OverflowError for a finite complex whose modulus is not.
    pub(crate) fn complex_abs(&mut self, re: f64, im: f64) -> Result<Value, Exc> {
        let a = fmath::hypot(re, im);
        if a.is_infinite() && re.is_finite() && im.is_finite() {
            return Err(self.exc_msg(kind::OVERFLOW, "absolute value too large"));
        }
        Ok(Value::Float(a))
    }
}

/// `complex(real=0, imag=0)` and `complex(str)`.
pub(crate) fn construct(vm: &mut Vm, args: &[Value], kw: Kw) -> Result<Value, Exc> {
    if args.len() + kw.len() > 2 {
        let msg = format!(
            "complex() takes at most 2 arguments ({} given)",
            args.len() + kw.len()
        );
        return Err(vm.type_error(&msg));
    }
    let mut a = [args.first().copied(), args.get(1).copied()];
    for (name, v) in kw.iter() {
        match vm.str_of(*name) {
            Some("real") if a[0].is_none() => a[0] = Some(*v),
            Some("imag") if a[1].is_none() => a[1] = Some(*v),
            Some(n @ ("real" | "imag")) => {
                let msg = format!(
                    "argument for complex() given by name ('{}') and position ({})",
                    n,
                    if n == "real" { 1 } else { 2 }
                );
                return Err(vm.type_error(&msg));
            }
            _ => {
                let n = String::from(vm.str_of(*name).unwrap_or("?"));
                let msg = format!("'{}' is an invalid keyword argument for complex()", n);
                return Err(vm.type_error(&msg));
            }
        }
    }
    let [re, im] = a;
    if let Some(s) = re.and_then(|v| vm.str_of(v).map(String::from)) {
        if im.is_some() {
            return Err(vm.type_error("complex() can't take second arg if first is a string"));
        }
        if s.contains('_') && !valid_underscores(&s) {
            let msg = format!(
                "could not convert string to complex: {}",
                crate::format::str_repr(&s)
            );
            return Err(vm.value_error(&msg));
        }
        return match parse(&s.replace('_', "")) {
            Some((r, i)) => vm.alloc(Obj::Complex(r, i)),
            None => Err(vm.value_error("complex() arg is a malformed string")),
        };
    }
    if let Some(v) = im
        && vm.str_of(v).is_some()
    {
        return Err(vm.type_error("complex() second arg can't be a string"));
    }
    let part = |vm: &mut Vm, v: Option<Value>, first: bool| -> Result<(C, bool), Exc> {
        let Some(v) = v else {
            return Ok(((0.0, 0.0), false));
        };
        if let Some(c) = vm.complex_parts(v)? {
            return Ok((c, vm.is_complex(v)));
        }
        for (name, cplx) in [
            ("__complex__", true),
            ("__float__", false),
            ("__index__", false),
        ] {
            if !first && cplx {
                continue;
            }
            let n = vm.intern(name)?;
            if let Some(m) = vm.lookup_special(v, n) {
                let r = vm.call(m, &[v])?;
                let ok = match name {
                    "__complex__" => vm.is_complex(r),
                    "__float__" => matches!(r, Value::Float(_)),
                    _ => true,
                };
                if ok && let Some(c) = vm.complex_parts(r)? {
                    return Ok((c, cplx));
                }
                let tn = vm.type_name(r);
                let msg = if cplx {
                    format!("__complex__ returned non-complex (type {})", tn)
                } else {
                    let cn = vm.type_name(v);
                    format!("{}.{} returned non-float (type {})", cn, name, tn)
                };
                return Err(vm.type_error(&msg));
            }
        }
        let tn = vm.type_name(v);
        let msg = if first {
            format!(
                "complex() first argument must be a string or a number, not '{}'",
                tn
            )
        } else {
            format!("complex() second argument must be a number, not '{}'", tn)
        };
        Err(vm.type_error(&msg))
    };
    // As complex_new: a part is added only when it exists, so `complex(1, -0.0)` keeps its
    // negative zero.
    let (r, r_complex) = part(vm, re, true)?;
    let (i, i_complex) = part(vm, im, false)?;
    let real = if i_complex { r.0 - i.1 } else { r.0 };
    let imag = match im {
        None => r.1,
        Some(_) if r_complex => i.0 + r.1,
        Some(_) => i.0,
    };
    vm.alloc(Obj::Complex(real, imag))
}

fn conjugate(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "conjugate", a, 1, 1)?;
    match vm.complex_parts(a[0])? {
        Some((re, im)) => vm.alloc(Obj::Complex(re, -im)),
        None => Err(vm.type_error("descriptor 'conjugate' requires a 'complex' object")),
    }
}

/// complex methods (`real` and `imag` are attributes: `attr.rs`).
pub const METHODS: &[(&str, NativeFnPtr)] = &[("conjugate", conjugate)];
