//! Text conversions: repr()/str() of every builtin type, float repr, format specs
//! (`format()`, f-strings, `str.format`) and `%` formatting.

use crate::exceptions::kind;
use crate::object::*;
use crate::value::Value;
use crate::vm::{Exc, Vm};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

/// Python's repr of a float (shortest round-trip digits).
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    let (digits, exp) = crate::float_fmt::shortest(f);
    let digits = String::from_utf8(digits).unwrap_or_default();
    let neg = f < 0.0;
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if (-4..16).contains(&exp) {
        if exp < 0 {
            out.push_str("0.");
            for _ in 0..(-exp - 1) {
                out.push('0');
            }
            out.push_str(&digits);
        } else {
            let e = exp as usize;
            if digits.len() > e + 1 {
                out.push_str(&digits[..e + 1]);
                out.push('.');
                out.push_str(&digits[e + 1..]);
            } else {
                out.push_str(&digits);
                for _ in digits.len()..e + 1 {
                    out.push('0');
                }
                out.push_str(".0");
            }
        }
    } else {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push_str(&format!(
            "e{}{:02}",
            if exp < 0 { '-' } else { '+' },
            exp.abs()
        ));
    }
    out
}

/// `|f|` in exponent form with `prec` digits after the point, as Python writes it
/// (`1.50e+03`); `f` finite.
fn fmt_e(f: f64, prec: usize) -> String {
    let (d, exp) = crate::float_fmt::significant(f, prec + 1);
    sci(&d, exp)
}

/// Digits `d` (the first at 10^`exp`) as `d.ddde+XX`.
fn sci(d: &[u8], exp: i32) -> String {
    let mut s = String::new();
    s.extend(d.iter().take(1).map(|&c| c as char));
    if d.len() > 1 {
        s.push('.');
        s.extend(d[1..].iter().map(|&c| c as char));
    }
    s.push_str(&format!(
        "e{}{:02}",
        if exp < 0 { '-' } else { '+' },
        exp.unsigned_abs()
    ));
    s
}

/// `%g` of `f` with `prec` significant digits. `dot0`: the form of a format spec with a precision and no type, whose
/// fixed-point form ends in `.0` when it has no fraction, one digit more, so it is used
/// only while that digit fits in `prec` (CPython: `format(123.0, '.3')` is `1.23e+02`).
fn fmt_g(f: f64, prec: usize, alt: bool, upper: bool, dot0: bool) -> String {
    if !f.is_finite() {
        return nonfinite(f, upper);
    }
    let p = if prec == 0 { 1 } else { prec };
    if f == 0.0 && !dot0 {
        let mut s = if f.is_sign_negative() {
            "-0".to_string()
        } else {
            "0".to_string()
        };
        if alt && p > 1 {
            s.push('.');
            for _ in 0..p - 1 {
                s.push('0');
            }
        }
        return s;
    }
    let (d, exp) = crate::float_fmt::significant(f, p);
    let mut s = if exp >= -4 && exp < p as i32 - i32::from(dot0) {
        crate::float_fmt::fixed(f, (p as i32 - 1 - exp).max(0) as usize)
    } else {
        let s = sci(&d, exp);
        if f.is_sign_negative() {
            format!("-{s}")
        } else {
            s
        }
    };
    if !alt {
        // Strip trailing zeros of the fraction.
        let (m, x) = match s.find('e') {
            Some(i) => (s[..i].to_string(), s[i..].to_string()),
            None => (s.clone(), String::new()),
        };
        let m = if m.contains('.') {
            m.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            m
        };
        s = m + &x;
    }
    if dot0 && !s.contains(['.', 'e']) {
        s.push_str(".0");
    }
    if upper { s.to_ascii_uppercase() } else { s }
}

fn nonfinite(f: f64, upper: bool) -> String {
    let s = if f.is_nan() {
        "nan"
    } else if f > 0.0 {
        "inf"
    } else {
        "-inf"
    };
    if upper {
        s.to_ascii_uppercase()
    } else {
        s.to_string()
    }
}

/// A parsed format spec.
#[derive(Default, Debug)]
struct Spec {
    fill: Option<char>,
    align: Option<char>,
    sign: Option<char>,
    alt: bool,
    zero: bool,
    /// `z`: a negative zero shows as a zero (3.11).
    z: bool,
    width: usize,
    grouping: Option<char>,
    precision: Option<usize>,
    ty: Option<char>,
}

fn parse_spec(s: &str) -> Option<Spec> {
    let c: Vec<char> = s.chars().collect();
    let mut sp = Spec::default();
    let mut i = 0;
    let is_align = |ch: char| matches!(ch, '<' | '>' | '^' | '=');
    if c.len() >= 2 && is_align(c[1]) {
        sp.fill = Some(c[0]);
        sp.align = Some(c[1]);
        i = 2;
    } else if !c.is_empty() && is_align(c[0]) {
        sp.align = Some(c[0]);
        i = 1;
    }
    if i < c.len() && matches!(c[i], '+' | '-' | ' ') {
        sp.sign = Some(c[i]);
        i += 1;
    }
    if i < c.len() && c[i] == 'z' {
        sp.z = true;
        i += 1;
    }
    if i < c.len() && c[i] == '#' {
        sp.alt = true;
        i += 1;
    }
    if i < c.len() && c[i] == '0' {
        sp.zero = true;
        i += 1;
    }
    let st = i;
    while i < c.len() && c[i].is_ascii_digit() {
        i += 1;
    }
    if i > st {
        sp.width = c[st..i].iter().collect::<String>().parse().ok()?;
    }
    if i < c.len() && (c[i] == ',' || c[i] == '_') {
        sp.grouping = Some(c[i]);
        i += 1;
    }
    if i < c.len() && c[i] == '.' {
        i += 1;
        let st = i;
        while i < c.len() && c[i].is_ascii_digit() {
            i += 1;
        }
        if i == st {
            return None;
        }
        sp.precision = Some(c[st..i].iter().collect::<String>().parse().ok()?);
    }
    if i < c.len() {
        sp.ty = Some(c[i]);
        i += 1;
    }
    if i != c.len() {
        return None;
    }
    Some(sp)
}

/// `digits` with `sep` every `every` digits from the right; with zero padding, led by
/// zeros (grouped too, as CPython: `'{:08,d}'` of 1234 is `0,001,234`) up to `min` chars.
fn group(digits: &str, sep: char, every: usize, min: usize) -> String {
    let mut n = digits.len();
    let mut out = String::new();
    while n + n.saturating_sub(1) / every < min {
        n += 1;
    }
    let zeros = n - digits.len();
    for (i, ch) in core::iter::repeat_n('0', zeros)
        .chain(digits.chars())
        .enumerate()
    {
        if i > 0 && (n - i).is_multiple_of(every) {
            out.push(sep);
        }
        out.push(ch);
    }
    out
}

/// The width the digits of a zero-padded (`0` flag, no alignment) number fill: the spec's
/// width less `other` chars of sign, prefix and fraction; 0 when not zero-padded.
fn zero_fill(sp: &Spec, other: usize) -> usize {
    if (sp.zero && sp.align.is_none()) || (sp.fill == Some('0') && sp.align == Some('=')) {
        sp.width.saturating_sub(other)
    } else {
        0
    }
}

fn pad(body: &str, sign: &str, sp: &Spec, default_right: bool) -> String {
    let len = body.chars().count() + sign.chars().count();
    let (fill, align) = if sp.zero && sp.align.is_none() {
        ('0', '=')
    } else {
        (
            sp.fill.unwrap_or(' '),
            sp.align.unwrap_or(if default_right { '>' } else { '<' }),
        )
    };
    if len >= sp.width {
        return format!("{}{}", sign, body);
    }
    let n = sp.width - len;
    let f = |k: usize| core::iter::repeat_n(fill, k).collect::<String>();
    match align {
        '<' => format!("{}{}{}", sign, body, f(n)),
        '^' => format!("{}{}{}{}", f(n / 2), sign, body, f(n - n / 2)),
        '=' => format!("{}{}{}", sign, f(n), body),
        _ => format!("{}{}{}", f(n), sign, body),
    }
}

/// ASCII-only repr escaping (for `ascii()` and `!a`).
pub fn ascii_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c);
        } else if (c as u32) < 0x100 {
            out.push_str(&format!("\\x{:02x}", c as u32));
        } else if (c as u32) < 0x10000 {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push_str(&format!("\\U{:08x}", c as u32));
        }
    }
    out
}

/// Python repr of a str.
pub fn str_repr(s: &str) -> String {
    let q = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(q);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if (0x80..=0xa0).contains(&(c as u32)) || c as u32 == 0xad => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            // Unicode's spaces and separators (Zs, Zl, Zp) and format chars are not printable.
            c if matches!(c as u32, 0x1680 | 0x2000..=0x200f | 0x2028..=0x202f | 0x205f..=0x206f | 0x3000 | 0xfeff | 0xe000..=0xf8ff) => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(q);
    out
}

/// Python repr of bytes.
pub fn bytes_repr(b: &[u8]) -> String {
    let q = if b.contains(&b'\'') && !b.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    let mut out = String::from("b");
    out.push(q as char);
    for &x in b {
        match x {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            x if x == q => {
                out.push('\\');
                out.push(x as char);
            }
            0x20..=0x7e => out.push(x as char),
            x => out.push_str(&format!("\\x{:02x}", x)),
        }
    }
    out.push(q as char);
    out
}

impl Vm {
    /// CPython's ValueError for an int conversion past the digit limit (`has`: the digits of
    /// the str being converted to int).
    pub fn int_digits_error(&mut self, has: Option<usize>) -> Exc {
        let limit = self.int_max_str_digits;
        let value = has.map_or(String::new(), |n| format!(": value has {n} digits"));
        self.value_error(&format!(
            "Exceeds the limit ({limit} digits) for integer string conversion{value}; use sys.set_int_max_str_digits() to increase the limit"
        ))
    }

    /// `__repr__` of `v`'s class when written in Python (a metaclass's for a class).
    fn user_repr(&self, v: Value) -> Option<Value> {
        self.lookup_special(v, self.n.repr)
            .filter(|m| matches!(m, Value::Obj(r) if matches!(self.heap.get(*r), Obj::Function(_))))
    }

    /// `repr(v)`.
    pub fn repr(&mut self, v: Value) -> Result<String, Exc> {
        match v {
            Value::Null => Ok("<NULL>".into()),
            Value::None => Ok("None".into()),
            Value::Bool(b) => Ok(if b { "True" } else { "False" }.into()),
            Value::Int(i) => Ok(i.to_string()),
            Value::Float(f) => Ok(float_repr(f)),
            Value::Obj(r) => {
                if self.native_depth > 900 {
                    return Err(self.exc_msg(
                        kind::RECURSION,
                        "maximum recursion depth exceeded while getting the repr of an object",
                    ));
                }
                let container = matches!(
                    self.heap.get(r),
                    Obj::List(_) | Obj::Dict(_) | Obj::Set(..) | Obj::Tuple(_)
                );
                if !container {
                    self.native_depth += 1;
                    let res = self.repr_obj(v, r);
                    self.native_depth -= 1;
                    return res;
                }
                if self.repr_stack.contains(&r) {
                    return Ok(match self.heap.get(r) {
                        Obj::List(_) => "[...]".into(),
                        Obj::Dict(_) => "{...}".into(),
                        _ => "...".into(),
                    });
                }
                self.repr_stack.push(r);
                self.native_depth += 1;
                let res = self.repr_obj(v, r);
                self.native_depth -= 1;
                self.repr_stack.pop();
                res
            }
        }
    }

    /// True when the first class along `v`'s MRO that defines `name` is a
    /// native class made by `make_native_class` (not a builtin type, whose
    /// natives the generic paths here already cover).
    fn defined_by_native_class(&self, v: Value, name: Value) -> bool {
        let cls = self.class_of(v);
        let mro = match self.heap.get(cls) {
            Obj::Class(c) => c.mro.clone(),
            _ => return false,
        };
        let h = self.str_hash(name);
        for k in mro {
            if let Obj::Class(kc) = self.heap.get(k)
                && kc.dict.find(h, |key| self.str_key_eq(key, name)).is_some()
            {
                return !kc.builtin;
            }
        }
        false
    }

    fn join_reprs(&mut self, items: &[Value], open: &str, close: &str) -> Result<String, Exc> {
        let mut s = String::from(open);
        for (i, it) in items.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            s.push_str(&self.repr(*it)?);
        }
        s.push_str(close);
        Ok(s)
    }

    fn repr_obj(&mut self, v: Value, r: crate::value::ObjRef) -> Result<String, Exc> {
        let addr = 0x7f00_0000_0000u64 + r.0 as u64 * 64;
        match self.heap.get(r) {
            Obj::Str(s) => Ok(str_repr(&s.s)),
            Obj::Bytes(b) => Ok(bytes_repr(b)),
            Obj::ByteArray(b) => Ok(format!("bytearray({})", bytes_repr(b))),
            Obj::BigInt(b) => match b.to_decimal_within(self.int_max_str_digits) {
                Some(s) => Ok(s),
                None => Err(self.int_digits_error(None)),
            },
            Obj::List(l) => {
                let l = l.clone();
                self.join_reprs(&l, "[", "]")
            }
            Obj::Tuple(t) => {
                let t = t.to_vec();
                if t.len() == 1 {
                    Ok(format!("({},)", self.repr(t[0])?))
                } else {
                    self.join_reprs(&t, "(", ")")
                }
            }
            Obj::Dict(d) => {
                let es: Vec<(Value, Value)> = d.iter().map(|e| (e.key, e.value)).collect();
                let mut s = String::from("{");
                for (i, (k, v)) in es.iter().enumerate() {
                    if i > 0 {
                        s.push_str(", ");
                    }
                    s.push_str(&self.repr(*k)?);
                    s.push_str(": ");
                    s.push_str(&self.repr(*v)?);
                }
                s.push('}');
                Ok(s)
            }
            Obj::Set(..) => {
                self.set_cpython_order(r);
                let Obj::Set(d, frozen) = self.heap.get(r) else {
                    return Ok(String::new());
                };
                let frozen = *frozen;
                let ks: Vec<Value> = d.iter().map(|e| e.key).collect();
                if ks.is_empty() {
                    return Ok(if frozen {
                        "frozenset()".into()
                    } else {
                        "set()".into()
                    });
                }
                let inner = self.join_reprs(&ks, "{", "}")?;
                Ok(if frozen {
                    format!("frozenset({})", inner)
                } else {
                    inner
                })
            }
            Obj::DictView(d, mode) => {
                let (d, mode) = (*d, *mode);
                let items = {
                    let it = self.get_iter(v)?;
                    let mut out = Vec::new();
                    while let Some(x) = self.iter_next(it)? {
                        out.push(x);
                    }
                    out
                };
                let _ = d;
                let inner = self.join_reprs(&items, "[", "]")?;
                Ok(format!(
                    "{}({})",
                    ["dict_keys", "dict_values", "dict_items"][mode.min(2) as usize],
                    inner
                ))
            }
            Obj::Function(_) => {
                // CPython shows the qualified name (`A.f`, `g.<locals>.h`).
                let qn = self.intern_static("__qualname__")?;
                let q = self.get_attr(v, qn)?;
                Ok(format!(
                    "<function {} at 0x{:x}>",
                    self.str_of(q).unwrap_or("?"),
                    addr
                ))
            }
            Obj::Native(n) => {
                if n.bound.is_null() {
                    Ok(format!("<built-in function {}>", n.name))
                } else {
                    let tn = self.type_name(n.bound);
                    Ok(format!(
                        "<built-in method {} of {} object at 0x{:x}>",
                        n.name, tn, addr
                    ))
                }
            }
            Obj::BoundMethod(s, f) => {
                let (s, f) = (*s, *f);
                let fname = match f {
                    Value::Obj(fr) => match self.heap.get(fr) {
                        Obj::Function(func) => {
                            String::from(self.str_of(Value::Obj(func.name)).unwrap_or("?"))
                        }
                        Obj::Native(n) => String::from(n.name),
                        _ => "?".into(),
                    },
                    _ => "?".into(),
                };
                let cn = self.type_name(s);
                // A builtin type's method (`[].append`), as CPython's method-wrapper objects.
                if let Value::Obj(fr) = f
                    && matches!(self.heap.get(fr), Obj::Native(_))
                {
                    let at = match s {
                        Value::Obj(sr) => 0x7f00_0000_0000u64 + sr.0 as u64 * 64,
                        _ => addr,
                    };
                    return Ok(format!(
                        "<built-in method {} of {} object at 0x{:x}>",
                        fname, cn, at
                    ));
                }
                let sr = self.repr(s)?;
                // A Python function shows its qualified name (`A.make` for a classmethod
                // bound to a class, the defining class's name for an inherited method).
                if let Value::Obj(fr) = f
                    && matches!(self.heap.get(fr), Obj::Function(_))
                {
                    let qn = self.intern_static("__qualname__")?;
                    let q = self.get_attr(f, qn)?;
                    let q = String::from(self.str_of(q).unwrap_or("?"));
                    return Ok(format!("<bound method {} of {}>", q, sr));
                }
                Ok(format!("<bound method {}.{} of {}>", cn, fname, sr))
            }
            Obj::Class(c) if c.meta.is_some() && self.user_repr(v).is_some() => {
                let m = self.user_repr(v).unwrap_or(Value::None);
                let s = self.call(m, &[v])?;
                match self.str_of(s) {
                    Some(s) => Ok(String::from(s)),
                    None => {
                        let tn = self.type_name(s);
                        Err(self.type_error(&format!("__repr__ returned non-string (type {})", tn)))
                    }
                }
            }
            Obj::Class(c) => {
                let name = String::from(self.str_of(Value::Obj(c.name)).unwrap_or("?"));
                if c.builtin {
                    Ok(format!("<class '{}'>", name))
                } else {
                    let m = self.n.module;
                    let module = self
                        .class_lookup(r, m)
                        .and_then(|m| self.str_of(m).map(String::from))
                        .unwrap_or_else(|| "__main__".into());
                    // Classes written in Python for the builtins (the exception groups).
                    if module == "builtins" {
                        return Ok(format!("<class '{}'>", name));
                    }
                    let name = self.class_qualname(r)?;
                    Ok(format!("<class '{}.{}'>", module, name))
                }
            }
            Obj::Instance(_) => {
                let rn = self.n.repr;
                if let Some(m) = self.lookup_special(v, rn)
                    && (!matches!(m, Value::Obj(mr) if matches!(self.heap.get(mr), Obj::Native(_)))
                        || self.defined_by_native_class(v, rn))
                {
                    let s = self.call(m, &[v])?;
                    return match self.str_of(s) {
                        Some(s) => Ok(String::from(s)),
                        None => {
                            let tn = self.type_name(s);
                            Err(self
                                .type_error(&format!("__repr__ returned non-string (type {})", tn)))
                        }
                    };
                }
                if let Some(d) = self.exc_data(v) {
                    let args = d.args.clone();
                    let name = self.type_name(v);
                    if args.len() == 1 {
                        return Ok(format!("{}({})", name, self.repr(args[0])?));
                    }
                    let inner = self.join_reprs(&args, "(", ")")?;
                    return Ok(format!("{}{}", name, inner));
                }
                let bv = match self.heap.get(r) {
                    Obj::Instance(i) => i.base_value(),
                    _ => Value::Null,
                };
                if !bv.is_null() {
                    let s = self.repr(bv)?;
                    // set, frozenset and bytearray name the subclass in their repr
                    // (`S({1})`, `BA(b'ab')`) where list, dict, str, ... show the bare value.
                    let old = match bv {
                        Value::Obj(b) => match self.heap.get(b) {
                            Obj::Set(_, true) => "frozenset",
                            Obj::Set(_, false) if s == "set()" => "set",
                            Obj::Set(_, false) => "",
                            Obj::ByteArray(_) => "bytearray",
                            _ => return Ok(s),
                        },
                        _ => return Ok(s),
                    };
                    let tn = self.type_name(v);
                    return Ok(match s.strip_prefix(old) {
                        Some(rest) if !old.is_empty() => format!("{}{}", tn, rest),
                        _ => format!("{}({})", tn, s),
                    });
                }
                let cls = self.class_of(v);
                let m = self.n.module;
                let module = self
                    .class_lookup(cls, m)
                    .and_then(|m| self.str_of(m).map(String::from));
                let tn = self.class_qualname(cls)?;
                // Builtin classes (no `__module__` along the MRO) print bare, as
                // CPython omits `builtins.`.
                Ok(match module {
                    Some(module) => format!("<{}.{} object at 0x{:x}>", module, tn, addr),
                    None => format!("<{} object at 0x{:x}>", tn, addr),
                })
            }
            Obj::Module(n, g) => {
                let (n, g) = (*n, *g);
                let name = String::from(self.str_of(n).unwrap_or("?"));
                // A module from a file says which; the others are the interpreter's own.
                let key = self.intern("__file__")?;
                match self.dict_get_str(g, key) {
                    Some(f) => {
                        let f = self.to_str(f)?;
                        Ok(format!("<module '{}' from '{}'>", name, f))
                    }
                    None => Ok(format!("<module '{}' (built-in)>", name)),
                }
            }
            Obj::Cell(_) => Ok(format!("<cell at 0x{:x}>", addr)),
            Obj::Code(c) => Ok(format!(
                "<code object {} at 0x{:x}>",
                self.str_of(Value::Obj(c.name)).unwrap_or("?"),
                addr
            )),
            Obj::FrozenCode(c) => Ok(format!(
                "<code object {} at 0x{:x}>",
                crate::stdlib::frozen_str(c.name),
                addr
            )),
            Obj::Generator(g) => Ok(format!(
                "<{} object {} at 0x{:x}>",
                if g.code.flags & crate::bytecode::flags::ASYNC_GEN != 0 {
                    "async_generator"
                } else if g.is_coroutine {
                    "coroutine"
                } else {
                    "generator"
                },
                self.str_of(g.name).unwrap_or("?"),
                addr
            )),
            Obj::Range(a, b, s) => {
                if *s == 1 {
                    Ok(format!("range({}, {})", a, b))
                } else {
                    Ok(format!("range({}, {}, {})", a, b, s))
                }
            }
            Obj::Slice(s) => {
                let [a, b, c] = **s;
                Ok(format!(
                    "slice({}, {}, {})",
                    self.repr(a)?,
                    self.repr(b)?,
                    self.repr(c)?
                ))
            }
            Obj::Iter(_) => {
                let tn = self.type_name(v);
                Ok(format!("<{} object at 0x{:x}>", tn, addr))
            }
            Obj::Property(..) => Ok(format!("<property object at 0x{:x}>", addr)),
            Obj::ClassMethod(f) | Obj::StaticMethod(f) => {
                let kind = if matches!(self.heap.get(r), Obj::ClassMethod(_)) {
                    "classmethod"
                } else {
                    "staticmethod"
                };
                let f = *f;
                Ok(format!("<{}({})>", kind, self.repr(f)?))
            }
            Obj::Super(..) => Ok("<super object>".into()),
            Obj::MemoryView(_) => Ok(format!("<memory at 0x{:x}>", addr)),
            Obj::Complex(re, im) => Ok(crate::complex::repr(*re, *im)),
            Obj::Singleton(k) => Ok(if *k == 0 {
                "Ellipsis".into()
            } else {
                "NotImplemented".into()
            }),
        }
    }

    /// `str(v)`.
    pub fn to_str(&mut self, v: Value) -> Result<String, Exc> {
        if let Value::Obj(r) = v {
            match self.heap.get(r) {
                Obj::Str(s) => return Ok(s.s.to_string()),
                Obj::Instance(_) => {
                    let sn = self.n.str_;
                    if let Some(m) = self.lookup_special(v, sn)
                        && !matches!(m, Value::Obj(mr) if matches!(self.heap.get(mr), Obj::Native(_)))
                    {
                        if self.native_depth > 900 {
                            return Err(
                                self.exc_msg(kind::RECURSION, "maximum recursion depth exceeded")
                            );
                        }
                        let s = self.call(m, &[v])?;
                        return match self.str_of(s) {
                            Some(s) => Ok(String::from(s)),
                            None => {
                                let tn = self.type_name(s);
                                Err(self.type_error(&format!(
                                    "__str__ returned non-string (type {})",
                                    tn
                                )))
                            }
                        };
                    }
                    let rn = self.n.repr;
                    let has_user_repr = self.lookup_special(v, rn).is_some_and(|m| matches!(m, Value::Obj(mr) if matches!(self.heap.get(mr), Obj::Function(_))))
                        || self.defined_by_native_class(v, rn);
                    if self.exc_data(v).is_some() {
                        return Ok(self.exc_message(v));
                    }
                    let bv = match self.heap.get(r) {
                        Obj::Instance(i) => i.base_value(),
                        _ => Value::Null,
                    };
                    if !bv.is_null() && !has_user_repr {
                        if let Value::Obj(b) = bv
                            && matches!(self.heap.get(b), Obj::Set(..) | Obj::ByteArray(_))
                        {
                            // Their str is their repr, which names the subclass.
                            return self.repr(v);
                        }
                        return self.to_str(bv);
                    }
                }
                _ => {}
            }
        }
        self.repr(v)
    }

    /// A class's `__qualname__` (`Outer.Inner`; its name unless its body was nested).
    pub fn class_qualname(&mut self, cls: crate::value::ObjRef) -> Result<String, Exc> {
        let qn = self.intern("__qualname__")?;
        let q = self.get_attr(Value::Obj(cls), qn)?;
        Ok(match self.str_of(q) {
            Some(s) => String::from(s),
            None => self.class_name(cls),
        })
    }

    /// `format(v, spec)`.
    pub fn format_value(&mut self, v: Value, spec: &str) -> Result<String, Exc> {
        if let Value::Obj(r) = v
            && let Obj::Instance(_) = self.heap.get(r)
        {
            let fm = self.n.format;
            if let Some(m) = self
                .lookup_special(v, fm)
                .filter(|m| self.is_user_function(*m))
            {
                let s = self.new_str(spec)?;
                let res = self.call(m, &[v, s])?;
                return match self.str_of(res) {
                    Some(s) => Ok(String::from(s)),
                    None => {
                        let tn = self.type_name(res);
                        let msg = format!("__format__ must return a str, not {}", tn);
                        Err(self.type_error(&msg))
                    }
                };
            }
            if spec.is_empty() {
                return self.to_str(v);
            }
            let bv = match self.heap.get(r) {
                Obj::Instance(i) => i.base_value(),
                _ => Value::Null,
            };
            if !bv.is_null() {
                return self.format_value(bv, spec);
            }
        }
        let mut sp = match parse_spec(spec) {
            Some(s) => s,
            None => {
                let too_long = spec
                    .split(|c: char| !c.is_ascii_digit())
                    .any(|run| !run.is_empty() && run.parse::<usize>().is_err());
                if too_long {
                    return Err(self.value_error("Too many decimal digits in format string"));
                }
                let tn = self.type_name(v);
                return Err(self.value_error(&format!(
                    "Invalid format specifier '{}' for object of type '{}'",
                    spec, tn
                )));
            }
        };
        // A width or precision is a size: refused before anything is built
        // (a failed multi-GB allocation would abort the process).
        if let Some(p) = sp.precision
            && p > i32::MAX as usize
        {
            return Err(self.value_error("precision too big"));
        }
        // (A str's precision only truncates; a number's is digits to build.)
        let digits = match self.as_num(v) {
            Some(_) => sp.precision.unwrap_or(0),
            None => 0,
        };
        let longest = sp.width.max(digits);
        self.check_result_size(longest as u64)?;
        if let Value::Bool(b) = v
            && spec.is_empty()
        {
            let s = if b { "True" } else { "False" };
            return Ok(pad(s, "", &sp, false));
        }
        if let Value::Obj(r) = v
            && let Obj::Complex(re, im) = *self.heap.get(r)
            && !spec.is_empty()
        {
            return self.format_complex(re, im, &sp);
        }
        match self.as_num(v) {
            Some(crate::ops::Num::F(f)) => self.format_float(f, &sp),
            Some(n) => {
                if matches!(sp.ty, Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%')) {
                    let f = n.to_f64();
                    if !f.is_finite() {
                        return Err(
                            self.exc_msg(kind::OVERFLOW, "int too large to convert to float")
                        );
                    }
                    return self.format_float(f, &sp);
                }
                let big = match n {
                    // A small int's digits without a big int (three allocations and a
                    // division loop for `f"{n:5d}"`).
                    crate::ops::Num::I(i) if matches!(sp.ty, None | Some('d' | 'n')) => {
                        let digits = alloc::format!("{}", i.unsigned_abs());
                        return self.format_int_digits(i < 0, digits, "", &sp);
                    }
                    crate::ops::Num::I(i) => crate::int::BigInt::from_i64(i),
                    crate::ops::Num::B(b) => b,
                    _ => crate::int::BigInt::zero(),
                };
                self.format_int(&big, &sp)
            }
            None => {
                if let Some(s) = self.str_of(v) {
                    let s = String::from(s);
                    if !matches!(sp.ty, None | Some('s')) {
                        let t = sp.ty.unwrap_or('?');
                        return Err(self.value_error(&format!(
                            "Unknown format code '{}' for object of type 'str'",
                            t
                        )));
                    }
                    if sp.sign.is_some() {
                        return Err(self.value_error("Sign not allowed in string format specifier"));
                    }
                    if let Some(g) = sp.grouping {
                        return Err(self.value_error(&format!("Cannot specify '{}' with 's'.", g)));
                    }
                    if sp.align == Some('=') {
                        return Err(self
                            .value_error("'=' alignment not allowed in string format specifier"));
                    }
                    // `{:05}` of a str pads with zeros on the right.
                    if sp.zero && sp.align.is_none() {
                        sp.fill = sp.fill.or(Some('0'));
                        sp.align = Some('<');
                    }
                    let body: String = match sp.precision {
                        Some(p) => s.chars().take(p).collect(),
                        None => s,
                    };
                    return Ok(pad(&body, "", &sp, false));
                }
                if spec.is_empty() {
                    return self.to_str(v);
                }
                // object.__format__ takes only an empty spec.
                let tn = self.type_name(v);
                Err(self.type_error(&format!(
                    "unsupported format string passed to {}.__format__",
                    tn
                )))
            }
        }
    }

    fn format_int(&mut self, n: &crate::int::BigInt, sp: &Spec) -> Result<String, Exc> {
        let neg = n.neg;
        let mag = crate::int::BigInt {
            neg: false,
            mag: n.mag.clone(),
        };
        let (digits, prefix) = match sp.ty {
            None | Some('d') | Some('n') => match mag.to_decimal_within(self.int_max_str_digits) {
                Some(s) => (s, ""),
                None => return Err(self.int_digits_error(None)),
            },
            Some('x') => (mag.to_string_radix(16), "0x"),
            Some('X') => (mag.to_string_radix(16).to_ascii_uppercase(), "0X"),
            Some('o') => (mag.to_string_radix(8), "0o"),
            Some('b') => (mag.to_string_radix(2), "0b"),
            Some('c') => {
                let c = match n
                    .to_i64()
                    .and_then(|i| u32::try_from(i).ok())
                    .and_then(char::from_u32)
                {
                    Some(c) => c,
                    None => {
                        return Err(self.exc_msg(kind::OVERFLOW, "%c arg not in range(0x110000)"));
                    }
                };
                return Ok(pad(&c.to_string(), "", sp, false));
            }
            Some(t) => {
                return Err(self.value_error(&format!(
                    "Unknown format code '{}' for object of type 'int'",
                    t
                )));
            }
        };
        self.format_int_digits(neg, digits, prefix, sp)
    }

    /// `format_int` once the magnitude's digits are made: precision refused, grouping,
    /// sign, prefix and padding.
    fn format_int_digits(
        &mut self,
        neg: bool,
        digits: String,
        prefix: &str,
        sp: &Spec,
    ) -> Result<String, Exc> {
        if sp.precision.is_some() {
            return Err(self.value_error("Precision not allowed in integer format specifier"));
        }
        let digits = match sp.grouping {
            Some(g) => {
                let other = usize::from(neg || matches!(sp.sign, Some('+' | ' ')))
                    + if sp.alt { prefix.len() } else { 0 };
                group(
                    &digits,
                    g,
                    if matches!(sp.ty, None | Some('d') | Some('n')) {
                        3
                    } else {
                        4
                    },
                    zero_fill(sp, other),
                )
            }
            None => digits,
        };
        let sign = if neg {
            "-"
        } else {
            match sp.sign {
                Some('+') => "+",
                Some(' ') => " ",
                _ => "",
            }
        };
        let sign = if sp.alt {
            format!("{}{}", sign, prefix)
        } else {
            sign.to_string()
        };
        Ok(pad(&digits, &sign, sp, true))
    }

    /// `format(z, spec)` (CPython's `format_complex_internal`): each part formatted as a
    /// float, the imaginary one always signed when the real one is shown; no type is like
    /// `str()` (parentheses, `g` when a precision is given).
    fn format_complex(&mut self, re: f64, im: f64, sp: &Spec) -> Result<String, Exc> {
        if sp.zero {
            return Err(self.value_error("Zero padding is not allowed in complex format specifier"));
        }
        if sp.align == Some('=') {
            return Err(
                self.value_error("'=' alignment flag is not allowed in complex format specifier")
            );
        }
        let none = sp.ty.is_none();
        let ty = match sp.ty {
            None if sp.precision.is_some() => Some('g'),
            Some('n') => Some('g'),
            Some(t @ ('e' | 'E' | 'f' | 'F' | 'g' | 'G')) => Some(t),
            None => None,
            Some(t) => {
                let msg = format!("Unknown format code '{}' for object of type 'complex'", t);
                return Err(self.value_error(&msg));
            }
        };
        let skip_re = none && re == 0.0 && re.is_sign_positive();
        let part = |vm: &mut Vm, f: f64, sign: Option<char>| -> Result<String, Exc> {
            let p = Spec {
                sign,
                alt: sp.alt,
                grouping: sp.grouping,
                precision: sp.precision,
                ty,
                ..Spec::default()
            };
            let s = vm.format_float(f, &p)?;
            Ok(if ty.is_none() {
                s.strip_suffix(".0").map(String::from).unwrap_or(s)
            } else {
                s
            })
        };
        let mut body = String::new();
        if !skip_re {
            body = part(self, re, sp.sign)?;
        }
        let im_sign = if skip_re { sp.sign } else { Some('+') };
        body += &part(self, im, im_sign)?;
        body.push('j');
        if none && !skip_re {
            body = format!("({})", body);
        }
        let outer = Spec {
            fill: sp.fill,
            align: sp.align,
            width: sp.width,
            ..Spec::default()
        };
        Ok(pad(&body, "", &outer, true))
    }

    fn format_float(&mut self, f: f64, sp: &Spec) -> Result<String, Exc> {
        let neg = f.is_sign_negative() && !(f == 0.0 && !f.is_sign_negative());
        let a = f.abs();
        let upper = matches!(sp.ty, Some('E' | 'F' | 'G'));
        let mut body = match sp.ty {
            Some('f') | Some('F') => {
                if a.is_finite() {
                    crate::float_fmt::fixed(a, sp.precision.unwrap_or(6))
                } else {
                    nonfinite(a, upper)
                }
            }
            Some('e') | Some('E') => {
                if a.is_finite() {
                    let s = fmt_e(a, sp.precision.unwrap_or(6));
                    if upper { s.to_ascii_uppercase() } else { s }
                } else {
                    nonfinite(a, upper)
                }
            }
            Some('g') | Some('G') => fmt_g(a, sp.precision.unwrap_or(6), sp.alt, upper, false),
            Some('%') => {
                if a.is_finite() {
                    crate::float_fmt::fixed(a * 100.0, sp.precision.unwrap_or(6)) + "%"
                } else {
                    format!("{}%", nonfinite(a, false))
                }
            }
            None => match sp.precision {
                Some(p) => fmt_g(a, p, sp.alt, false, true),
                None => float_repr(a),
            },
            Some('n') => fmt_g(a, sp.precision.unwrap_or(6), sp.alt, false, false),
            Some(t) => {
                return Err(self.value_error(&format!(
                    "Unknown format code '{}' for object of type 'float'",
                    t
                )));
            }
        };
        // `#`: a point even with no digits after it (`{:#.0f}` of 3.0 is `3.`).
        if sp.alt
            && a.is_finite()
            && !body.contains('.')
            && matches!(sp.ty, Some('f' | 'F' | 'e' | 'E' | '%'))
        {
            let at = body.find(['e', 'E', '%']).unwrap_or(body.len());
            body.insert(at, '.');
        }
        let neg =
            neg && !(sp.z && a.is_finite() && !body.bytes().any(|b| matches!(b, b'1'..=b'9')));
        if let Some(g) = sp.grouping {
            let (int_part, rest) = match body.find(|c: char| !c.is_ascii_digit()) {
                Some(i) => (body[..i].to_string(), body[i..].to_string()),
                None => (body.clone(), String::new()),
            };
            let other = rest.len() + usize::from(neg || matches!(sp.sign, Some('+' | ' ')));
            body = group(&int_part, g, 3, zero_fill(sp, other)) + &rest;
        }
        let sign = if neg && !(f.is_nan()) {
            "-"
        } else {
            match sp.sign {
                Some('+') => "+",
                Some(' ') => " ",
                _ => "",
            }
        };
        Ok(pad(&body, sign, sp, true))
    }

    /// `str.format(*args, **kwargs)`.
    pub fn str_format(
        &mut self,
        fmt: &str,
        args: &[Value],
        kwargs: &[(Value, Value)],
    ) -> Result<String, Exc> {
        self.str_format_with(fmt, args, kwargs, None)
    }

    /// `str.format_map(mapping)`: named fields are looked up with
    /// `mapping[name]` (so a dict subclass's `__missing__` runs).
    pub fn str_format_map(&mut self, fmt: &str, mapping: Value) -> Result<String, Exc> {
        self.str_format_with(fmt, &[], &[], Some(mapping))
    }

    fn str_format_with(
        &mut self,
        fmt: &str,
        args: &[Value],
        kwargs: &[(Value, Value)],
        mapping: Option<Value>,
    ) -> Result<String, Exc> {
        self.str_format_auto(fmt, args, kwargs, mapping, &mut 0)
    }

    /// `str_format_with` continuing the automatic field numbering at `auto` (a nested
    /// `{}` in a format spec takes the next argument, as CPython).
    fn str_format_auto(
        &mut self,
        fmt: &str,
        args: &[Value],
        kwargs: &[(Value, Value)],
        mapping: Option<Value>,
        auto: &mut usize,
    ) -> Result<String, Exc> {
        let chars: Vec<char> = fmt.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c == '{' {
                if chars.get(i + 1) == Some(&'{') {
                    out.push('{');
                    i += 2;
                    continue;
                }
                let mut depth = 1;
                let mut j = i + 1;
                while j < chars.len() {
                    if chars[j] == '{' {
                        depth += 1;
                    } else if chars[j] == '}' {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    j += 1;
                }
                if j >= chars.len() {
                    return Err(self.value_error("Single '{' encountered in format string"));
                }
                let field: String = chars[i + 1..j].iter().collect();
                let (name_conv, spec) = match field.find(':') {
                    Some(p) => (field[..p].to_string(), field[p + 1..].to_string()),
                    None => (field.clone(), String::new()),
                };
                let (name, conv) = match name_conv.find('!') {
                    Some(p) => (
                        name_conv[..p].to_string(),
                        name_conv[p + 1..].chars().next(),
                    ),
                    None => (name_conv, None),
                };
                // Resolve the field.
                let first_end = name.find(['.', '[']).unwrap_or(name.len());
                let head = &name[..first_end];
                if mapping.is_some() && (head.is_empty() || head.parse::<usize>().is_ok()) {
                    return Err(self.value_error("Format string contains positional fields"));
                }
                // `auto` is usize::MAX once a field was numbered by hand: CPython refuses
                // to mix the two styles in one format string.
                let mut v = if head.is_empty() {
                    if *auto == usize::MAX {
                        return Err(self.value_error(
                            "cannot switch from manual field specification to automatic field numbering",
                        ));
                    }
                    let v = args.get(*auto).copied();
                    *auto += 1;
                    match v {
                        Some(v) => v,
                        None => {
                            return Err(self.index_error(&format!(
                                "Replacement index {} out of range for positional args tuple",
                                *auto - 1
                            )));
                        }
                    }
                } else if let Ok(k) = head.parse::<usize>() {
                    if *auto != 0 && *auto != usize::MAX {
                        return Err(self.value_error(
                            "cannot switch from automatic field numbering to manual field specification",
                        ));
                    }
                    *auto = usize::MAX;
                    match args.get(k) {
                        Some(v) => *v,
                        None => {
                            return Err(self.index_error(&format!(
                                "Replacement index {} out of range for positional args tuple",
                                k
                            )));
                        }
                    }
                } else if let Some(m) = mapping {
                    let key = self.new_str(head)?;
                    self.get_item(m, key)?
                } else {
                    match kwargs.iter().find(|(k, _)| self.str_of(*k) == Some(head)) {
                        Some((_, v)) => *v,
                        None => {
                            let key = self.new_str(head)?;
                            return Err(self.exc_args(kind::KEY, alloc::vec![key]));
                        }
                    }
                };
                let mut rest = &name[first_end..];
                while !rest.is_empty() {
                    if let Some(r2) = rest.strip_prefix('.') {
                        let end = r2.find(['.', '[']).unwrap_or(r2.len());
                        let an = self.intern(&r2[..end])?;
                        v = self.get_attr(v, an)?;
                        rest = &r2[end..];
                    } else if let Some(r2) = rest.strip_prefix('[') {
                        let end = r2.find(']').unwrap_or(r2.len());
                        let key = &r2[..end];
                        let k = match key.parse::<i64>() {
                            Ok(n) => Value::Int(n),
                            Err(_) => self.new_str(key)?,
                        };
                        v = self.get_item(v, k)?;
                        rest = if end < r2.len() { &r2[end + 1..] } else { "" };
                    } else {
                        break;
                    }
                }
                if let Some(c) = conv
                    && !matches!(c, 'r' | 's' | 'a')
                {
                    return Err(self.value_error(&format!("Unknown conversion specifier {}", c)));
                }
                let v = match conv {
                    Some('r') => {
                        let s = self.repr(v)?;
                        self.new_string(s)?
                    }
                    Some('s') => {
                        let s = self.to_str(v)?;
                        self.new_string(s)?
                    }
                    Some('a') => {
                        let s = self.repr(v)?;
                        self.new_string(ascii_escape(&s))?
                    }
                    _ => v,
                };
                let spec = if spec.contains('{') {
                    self.str_format_auto(&spec, args, kwargs, mapping, auto)?
                } else {
                    spec
                };
                out.push_str(&self.format_value(v, &spec)?);
                i = j + 1;
            } else if c == '}' {
                if chars.get(i + 1) == Some(&'}') {
                    out.push('}');
                    i += 2;
                    continue;
                }
                return Err(self.value_error("Single '}' encountered in format string"));
            } else {
                out.push(c);
                i += 1;
            }
        }
        Ok(out)
    }
}

/// `fmt % args`.
pub fn percent_format(vm: &mut Vm, fmt_v: Value, args: Value) -> Result<String, Exc> {
    let fmt = String::from(vm.str_of(fmt_v).unwrap_or(""));
    percent_format_impl(vm, &fmt, args, false)
}

/// `bytes % args` (and bytearray): the format's bytes, formatted with the
/// bytes rules (`%s`/`%b` take bytes-like objects, `%r`/`%a` give ASCII).
pub fn bytes_percent_format(vm: &mut Vm, fmt: &[u8], args: Value) -> Result<Vec<u8>, Exc> {
    let text: String = fmt.iter().map(|&b| b as char).collect();
    let out = percent_format_impl(vm, &text, args, true)?;
    // Every char is below 256: the format's own bytes, ASCII from the
    // conversions, or bytes inserted as Latin-1 chars.
    Ok(out.chars().map(|c| c as u32 as u8).collect())
}

/// A bytes-like value's bytes, or what its `__bytes__` returns.
fn bytes_for_format(vm: &mut Vm, v: Value) -> Result<Option<Vec<u8>>, Exc> {
    if let Value::Obj(r) = v {
        match vm.heap.get(r) {
            Obj::Bytes(b) | Obj::ByteArray(b) => return Ok(Some(b.clone())),
            Obj::MemoryView(_) => return vm.mv_bytes(r).map(Some),
            Obj::Instance(_) => {
                let name = vm.intern("__bytes__")?;
                if let Some(f) = vm.get_attr_opt(v, name)? {
                    let b = vm.call(f, &[])?;
                    if let Value::Obj(br) = b
                        && let Obj::Bytes(x) = vm.heap.get(br)
                    {
                        return Ok(Some(x.clone()));
                    }
                    let tn = vm.type_name(b);
                    return Err(
                        vm.type_error(&format!("__bytes__ returned non-bytes (type {})", tn))
                    );
                }
            }
            _ => {}
        }
    }
    Ok(None)
}

fn percent_format_impl(
    vm: &mut Vm,
    fmt: &str,
    args: Value,
    bytes_mode: bool,
) -> Result<String, Exc> {
    let (items, mapping) = match args {
        Value::Obj(r) => match vm.heap.get(r) {
            Obj::Tuple(t) => (t.to_vec(), None),
            // A mapping is also the one positional value (`'%s' % {}` is `'{}'`).
            Obj::Dict(_) => (alloc::vec![args], Some(args)),
            // Subclasses of tuple (a namedtuple) and of dict count as their base.
            Obj::Instance(inst) => match inst.base_value() {
                Value::Obj(b) => match vm.heap.get(b) {
                    Obj::Tuple(t) => (t.to_vec(), None),
                    Obj::Dict(_) => (alloc::vec![args], Some(args)),
                    _ => (alloc::vec![args], None),
                },
                _ => (alloc::vec![args], None),
            },
            _ => (alloc::vec![args], None),
        },
        _ => (alloc::vec![args], None),
    };
    let chars: Vec<char> = fmt.chars().collect();
    let mut out = String::new();
    let mut ai = 0;
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '%' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        i += 1;
        if i >= chars.len() {
            return Err(vm.value_error("incomplete format"));
        }
        let mut key: Option<String> = None;
        if chars[i] == '(' {
            let end = match chars[i..].iter().position(|&c| c == ')') {
                Some(e) => i + e,
                None => return Err(vm.value_error("incomplete format key")),
            };
            key = Some(chars[i + 1..end].iter().collect());
            i = end + 1;
        }
        let mut flags = String::new();
        while i < chars.len() && matches!(chars[i], '-' | '+' | ' ' | '#' | '0') {
            flags.push(chars[i]);
            i += 1;
        }
        let mut width = String::new();
        if i < chars.len() && chars[i] == '*' {
            let w = items.get(ai).copied().unwrap_or(Value::Int(0));
            ai += 1;
            width = vm.as_index(w)?.to_string();
            i += 1;
        }
        while i < chars.len() && chars[i].is_ascii_digit() {
            width.push(chars[i]);
            i += 1;
        }
        if !width.is_empty() && width.parse::<isize>().is_err() {
            return Err(vm.value_error("width too big"));
        }
        let mut prec = None;
        if i < chars.len() && chars[i] == '.' {
            i += 1;
            let mut p = String::new();
            if i < chars.len() && chars[i] == '*' {
                let w = items.get(ai).copied().unwrap_or(Value::Int(0));
                ai += 1;
                p = vm.as_index(w)?.max(0).to_string();
                i += 1;
            }
            while i < chars.len() && chars[i].is_ascii_digit() {
                p.push(chars[i]);
                i += 1;
            }
            // CPython parses into a C int: more is an error, never a wrap or 0.
            prec = match p.parse::<i32>() {
                Ok(v) => Some(v as usize),
                Err(_) if p.is_empty() => Some(0),
                Err(_) => return Err(vm.value_error("precision too big")),
            };
        }
        // C's length modifiers (`%ld`) are accepted and mean nothing.
        while i < chars.len() && matches!(chars[i], 'h' | 'l' | 'L') {
            i += 1;
        }
        if i >= chars.len() {
            return Err(vm.value_error("incomplete format"));
        }
        let ty = chars[i];
        i += 1;
        if ty == '%' {
            out.push('%');
            continue;
        }
        let v = match &key {
            Some(k) => {
                let kv = if bytes_mode {
                    let kb: Vec<u8> = k.chars().map(|c| c as u32 as u8).collect();
                    vm.alloc(Obj::Bytes(kb))?
                } else {
                    vm.new_str(k)?
                };
                match mapping {
                    // `mapping[key]`, so a dict subclass's `__missing__` runs.
                    Some(m) => vm.get_item(m, kv)?,
                    None => return Err(vm.type_error("format requires a mapping")),
                }
            }
            None => {
                let v = match items.get(ai) {
                    Some(v) => *v,
                    None => return Err(vm.type_error("not enough arguments for format string")),
                };
                ai += 1;
                v
            }
        };
        // A subclass of int or float converts as its value (`'%d' % re.I`).
        let num = crate::str::this(vm, &[v]);
        let v = if !matches!(ty, 's' | 'r' | 'a' | 'b') && vm.as_num(num).is_some() {
            num
        } else {
            v
        };
        let mut spec = String::new();
        if flags.contains('-') {
            spec.push('<');
        } else if !flags.contains('0') || matches!(ty, 's' | 'r' | 'a' | 'c') {
            spec.push('>');
        }
        if flags.contains('+') {
            spec.push('+');
        } else if flags.contains(' ') {
            spec.push(' ');
        }
        if flags.contains('#') {
            spec.push('#');
        }
        if flags.contains('0') && !flags.contains('-') && !matches!(ty, 's' | 'r' | 'a' | 'c') {
            spec.push('0');
        }
        spec.push_str(&width);
        let s = match ty {
            's' | 'b' if bytes_mode => {
                let b = match bytes_for_format(vm, v)? {
                    Some(b) => b,
                    None => {
                        let tn = vm.type_name(v);
                        return Err(vm.type_error(&format!(
                            "%b requires a bytes-like object, or an object that implements __bytes__, not '{}'",
                            tn
                        )));
                    }
                };
                let b = match prec {
                    Some(p) => &b[..p.min(b.len())],
                    None => &b[..],
                };
                let sv = vm.new_string(b.iter().map(|&c| c as char).collect())?;
                vm.format_value(sv, &spec)?
            }
            'r' | 'a' if bytes_mode => {
                let s = ascii_escape(&vm.repr(v)?);
                let s: String = match prec {
                    Some(p) => s.chars().take(p).collect(),
                    None => s,
                };
                let sv = vm.new_string(s)?;
                vm.format_value(sv, &spec)?
            }
            's' | 'r' | 'a' => {
                let s = if ty == 's' {
                    vm.to_str(v)?
                } else {
                    vm.repr(v)?
                };
                let s = if ty == 'a' { ascii_escape(&s) } else { s };
                let s: String = match prec {
                    Some(p) => s.chars().take(p).collect(),
                    None => s,
                };
                let sv = vm.new_string(s)?;
                vm.format_value(sv, &spec)?
            }
            'd' | 'i' | 'u' => {
                let iv = match vm.as_num(v) {
                    Some(crate::ops::Num::F(f)) => {
                        let b = crate::int::BigInt::from_f64(f);
                        vm.int_from_big(b)?
                    }
                    Some(_) => v,
                    None => {
                        let tn = vm.type_name(v);
                        return Err(vm.type_error(&format!(
                            "%{} format: a real number is required, not {}",
                            ty, tn
                        )));
                    }
                };
                spec.push('d');
                vm.format_value(iv, &spec)?
            }
            'x' | 'X' | 'o' => {
                if vm.as_num(v).is_none() || matches!(vm.as_num(v), Some(crate::ops::Num::F(_))) {
                    let tn = vm.type_name(v);
                    return Err(vm.type_error(&format!(
                        "%{} format: an integer is required, not {}",
                        ty, tn
                    )));
                }
                spec.push(ty);
                vm.format_value(v, &spec)?
            }
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                let f = match vm.as_num(v) {
                    Some(n) => n.to_f64(),
                    None => {
                        let tn = vm.type_name(v);
                        return Err(vm.type_error(&format!("must be real number, not {}", tn)));
                    }
                };
                spec.push('.');
                spec.push_str(&prec.unwrap_or(6).to_string());
                spec.push(ty);
                vm.format_value(Value::Float(f), &spec)?
            }
            'c' => {
                let limit = if bytes_mode { 0x100 } else { 0x110000 };
                let s = match vm.as_num(v) {
                    Some(crate::ops::Num::F(_)) | None => {
                        let one = if bytes_mode {
                            bytes_for_format(vm, v)?
                                .filter(|b| b.len() == 1)
                                .map(|b| String::from(b[0] as char))
                        } else {
                            vm.str_of(v)
                                .filter(|t| t.chars().count() == 1)
                                .map(String::from)
                        };
                        match one {
                            Some(c) => c,
                            None => {
                                return Err(vm.type_error(if bytes_mode {
                                    "%c requires an integer in range(256) or a single byte"
                                } else {
                                    "%c requires int or char"
                                }));
                            }
                        }
                    }
                    Some(n) => {
                        // Checked on the whole Python int: no truncation.
                        let c = match n {
                            crate::ops::Num::I(i) if (0..limit).contains(&i) => {
                                char::from_u32(i as u32)
                            }
                            _ => None,
                        };
                        match c {
                            Some(c) => c.to_string(),
                            None if bytes_mode => {
                                return Err(vm.exc_msg(kind::OVERFLOW, "%c arg not in range(256)"));
                            }
                            None => {
                                return Err(
                                    vm.exc_msg(kind::OVERFLOW, "%c arg not in range(0x110000)")
                                );
                            }
                        }
                    }
                };
                let sv = vm.new_string(s)?;
                vm.format_value(sv, &spec)?
            }
            _ => {
                return Err(vm.value_error(&format!(
                    "unsupported format character '{}' (0x{:x}) at index {}",
                    ty,
                    ty as u32,
                    i - 1
                )));
            }
        };
        out.push_str(&s);
    }
    if ai < items.len() && mapping.is_none() {
        return Err(vm.type_error("not all arguments converted during string formatting"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_reprs() {
        assert_eq!(float_repr(1e16), "1e+16");
        assert_eq!(float_repr(1e15), "1000000000000000.0");
        assert_eq!(float_repr(1.5e-5), "1.5e-05");
        assert_eq!(float_repr(0.0001), "0.0001");
        assert_eq!(float_repr(123456789.123), "123456789.123");
        assert_eq!(float_repr(2.5), "2.5");
        assert_eq!(float_repr(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(fmt_g(12345.678, 6, false, false, false), "12345.7");
        assert_eq!(fmt_g(1e-7, 6, false, false, false), "1e-07");
        assert_eq!(fmt_g(100000000.0, 6, false, false, false), "1e+08");
    }
}
