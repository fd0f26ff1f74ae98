//! Methods of `str`.

use crate::builtins::{Kw, kwarg};
use crate::casemap::{lower, upper};
use crate::exceptions::kind;
use crate::object::*;
use crate::value::Value;
use crate::vm::{Exc, Vm};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

/// The receiver of a method, unwrapping subclass instances to their builtin value.
pub fn this(vm: &Vm, args: &[Value]) -> Value {
    match args.first() {
        Some(Value::Obj(r)) => match vm.heap.get(*r) {
            Obj::Instance(i) if !i.base_value().is_null() => i.base_value(),
            _ => Value::Obj(*r),
        },
        Some(v) => *v,
        None => Value::None,
    }
}

fn s_of(vm: &mut Vm, args: &[Value], name: &str) -> Result<String, Exc> {
    let v = this(vm, args);
    match vm.str_of(v) {
        Some(s) => Ok(String::from(s)),
        None => {
            let tn = vm.type_name(v);
            Err(vm.type_error(&format!(
                "descriptor '{}' for 'str' objects doesn't apply to a '{}' object",
                name, tn
            )))
        }
    }
}

fn arg_str(vm: &mut Vm, v: Value, what: &str) -> Result<String, Exc> {
    match vm.str_of(v) {
        Some(s) => Ok(String::from(s)),
        None => {
            let tn = vm.type_name(v);
            // `what` is the argument's name, or the whole requirement ("must be str or None").
            Err(vm.type_error(&if what.starts_with("must") {
                format!("{}, not {}", what, tn)
            } else {
                format!("{} must be str, not {}", what, tn)
            }))
        }
    }
}

fn opt_chars(vm: &mut Vm, args: &[Value], i: usize) -> Result<Option<String>, Exc> {
    match args.get(i) {
        None | Some(Value::None) => Ok(None),
        Some(v) => arg_str(vm, *v, "argument").map(Some),
    }
}

fn ret(vm: &mut Vm, s: String) -> Result<Value, Exc> {
    vm.new_string(s)
}

/// CPython's str whitespace (`Py_UNICODE_ISSPACE`): Unicode's, plus the separators
/// `\x1c`-`\x1f`, which `char::is_whitespace` leaves out.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

fn strip_impl(vm: &mut Vm, args: &[Value], left: bool, right: bool) -> Result<Value, Exc> {
    let s = s_of(vm, args, "strip")?;
    let chars = opt_chars(vm, args, 1)?;
    let pred = |c: char| match &chars {
        Some(cs) => cs.contains(c),
        None => is_space(c),
    };
    let mut t: &str = &s;
    if left {
        t = t.trim_start_matches(pred);
    }
    if right {
        t = t.trim_end_matches(pred);
    }
    if t.len() == s.len() {
        return Ok(args[0]);
    }
    let t = t.to_string();
    ret(vm, t)
}

fn m_strip(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    strip_impl(vm, a, true, true)
}
fn m_lstrip(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    strip_impl(vm, a, true, false)
}
fn m_rstrip(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    strip_impl(vm, a, false, true)
}

fn split_impl(vm: &mut Vm, args: &[Value], kwargs: Kw, right: bool) -> Result<Value, Exc> {
    let s = s_of(vm, args, "split")?;
    let sep = match args.get(1).copied().or_else(|| kwarg(vm, kwargs, "sep")) {
        None | Some(Value::None) => None,
        Some(v) => Some(arg_str(vm, v, "must be str or None")?),
    };
    let maxsplit = match args
        .get(2)
        .copied()
        .or_else(|| kwarg(vm, kwargs, "maxsplit"))
    {
        Some(v) => vm.as_index(v)?,
        None => -1,
    };
    let parts: Vec<&str> = match &sep {
        Some(sep) => {
            if sep.is_empty() {
                return Err(vm.value_error("empty separator"));
            }
            if maxsplit < 0 {
                s.split(sep.as_str()).collect()
            } else if right {
                let mut v: Vec<&str> = s
                    .rsplitn(
                        usize::try_from(maxsplit)
                            .unwrap_or(usize::MAX)
                            .saturating_add(1),
                        sep.as_str(),
                    )
                    .collect();
                v.reverse();
                v
            } else {
                s.splitn(
                    usize::try_from(maxsplit)
                        .unwrap_or(usize::MAX)
                        .saturating_add(1),
                    sep.as_str(),
                )
                .collect()
            }
        }
        None => {
            if maxsplit < 0 {
                split_words(&s).collect()
            } else if !right {
                let mut out = Vec::new();
                let mut rest = s.trim_start_matches(is_space);
                while !rest.is_empty() {
                    if out.len() as i64 == maxsplit {
                        out.push(rest);
                        break;
                    }
                    let end = rest.find(is_space).unwrap_or(rest.len());
                    out.push(&rest[..end]);
                    rest = rest[end..].trim_start_matches(is_space);
                }
                out
            } else {
                let mut out = Vec::new();
                let mut rest = s.trim_end_matches(is_space);
                while !rest.is_empty() {
                    if out.len() as i64 == maxsplit {
                        out.push(rest);
                        break;
                    }
                    let start = rest
                        .rfind(is_space)
                        .map(|i| i + rest[i..].chars().next().map(|c| c.len_utf8()).unwrap_or(1))
                        .unwrap_or(0);
                    out.push(&rest[start..]);
                    rest = rest[..start].trim_end_matches(is_space);
                }
                out.reverse();
                out
            }
        }
    };
    // The parts of an ASCII str are ASCII: their lengths are their char counts.
    let ascii = s.is_ascii();
    let mut vals = Vec::with_capacity(parts.len());
    for p in parts {
        let chars = if ascii { p.len() } else { p.chars().count() };
        vals.push(vm.new_string_chars(String::from(p), chars)?);
    }
    vm.alloc(Obj::List(vals))
}

/// `str.split()`'s words: the runs between whitespace (`is_space`, as the other splitting
/// methods here), an ASCII str scanned by bytes without decoding chars.
fn split_words(s: &str) -> impl Iterator<Item = &str> {
    let ascii = s.is_ascii();
    let mut rest = s;
    core::iter::from_fn(move || {
        let (start, end) = if ascii {
            let b = rest.as_bytes();
            // The ASCII chars `is_space` accepts.
            let space = |x: &u8| matches!(x, b'\t'..=b'\r' | b'\x1c'..=b'\x1f' | b' ');
            let start = b.iter().position(|x| !space(x))?;
            let len = b[start..].iter().position(space).unwrap_or(b.len() - start);
            (start, start + len)
        } else {
            let start = rest.find(|c: char| !is_space(c))?;
            let end = rest[start..]
                .find(is_space)
                .map_or(rest.len(), |e| start + e);
            (start, end)
        };
        let word = rest.get(start..end)?;
        rest = rest.get(end..).unwrap_or("");
        Some(word)
    })
}

fn m_split(vm: &mut Vm, a: &[Value], k: Kw) -> Result<Value, Exc> {
    split_impl(vm, a, k, false)
}
fn m_rsplit(vm: &mut Vm, a: &[Value], k: Kw) -> Result<Value, Exc> {
    split_impl(vm, a, k, true)
}

fn m_splitlines(vm: &mut Vm, args: &[Value], kwargs: Kw) -> Result<Value, Exc> {
    let s = s_of(vm, args, "splitlines")?;
    let keep = match args
        .get(1)
        .copied()
        .or_else(|| kwarg(vm, kwargs, "keepends"))
    {
        Some(v) => vm.truthy(v)?,
        None => false,
    };
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        // CPython's line boundaries: \n, \r, \r\n, \v, \f, \x1c-\x1e, \x85, \u2028/9.
        if matches!(
            c,
            '\n' | '\r' | '\x0b' | '\x0c' | '\x1c'..='\x1e' | '\u{85}' | '\u{2028}' | '\u{2029}'
        ) {
            let mut end = String::from(c);
            if c == '\r' && chars.peek() == Some(&'\n') {
                chars.next();
                end.push('\n');
            }
            if keep {
                cur.push_str(&end);
            }
            out.push(core::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    let mut vals = Vec::new();
    for p in out {
        vals.push(vm.new_string(p)?);
    }
    vm.alloc(Obj::List(vals))
}

fn m_join(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    crate::builtins::check_margs(vm, "join", args, 2, 2)?;
    let sep = s_of(vm, args, "join")?;
    if vm.runs_python(args[1]) {
        return vm.hand_off(crate::iterhelp::Helper::Join, &[args[0], args[1]]);
    }
    let items = match vm.collect_iter(args[1]) {
        Ok(items) => items,
        Err(_) if !vm.is_iterable_type(args[1]) => {
            return Err(vm.type_error("can only join an iterable"));
        }
        Err(e) => return Err(e),
    };
    let mut out = String::new();
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        match vm.str_of(*it) {
            Some(s) => out.push_str(s),
            None => {
                let tn = vm.type_name(*it);
                return Err(vm.type_error(&format!(
                    "sequence item {}: expected str instance, {} found",
                    i, tn
                )));
            }
        }
        if out.len() > vm.heap.limit {
            return Err(vm.memory_error());
        }
    }
    ret(vm, out)
}

fn m_replace(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    crate::builtins::check_margs(vm, "replace", args, 3, 4)?;
    let s = s_of(vm, args, "replace")?;
    let old = arg_str(vm, args[1], "replace() argument 1")?;
    let new = arg_str(vm, args[2], "replace() argument 2")?;
    let count = match args.get(3) {
        Some(v) => vm.as_index(*v)?,
        None => -1,
    };
    let r = if count < 0 {
        s.replace(&old, &new)
    } else {
        // Saturating: a count past usize::MAX (32-bit) means "all".
        s.replacen(&old, &new, usize::try_from(count).unwrap_or(usize::MAX))
    };
    ret(vm, r)
}

fn char_index(s: &str, byte: usize) -> usize {
    s[..byte].chars().count()
}

fn find_impl(vm: &mut Vm, args: &[Value], right: bool) -> Result<Option<usize>, Exc> {
    crate::builtins::check_margs(vm, "find", args, 2, 4)?;
    let s = s_of(vm, args, "find")?;
    let sub = arg_str(vm, args[1], "must be str")?;
    let n = s.chars().count() as i64;
    let norm = |i: i64| if i < 0 { (i + n).max(0) } else { i.min(n) } as usize;
    let start = match args.get(2) {
        Some(Value::None) | None => 0,
        Some(v) => vm.slice_bound(*v)?,
    };
    let end = match args.get(3) {
        Some(Value::None) | None => n as usize,
        Some(v) => norm(vm.slice_bound(*v)?),
    };
    // A start past the end finds nothing, not even "" (`'abc'.find('', 4)` is -1).
    if start > n {
        return Ok(None);
    }
    let start = norm(start);
    if start > end {
        return Ok(None);
    }
    let bstart = s
        .char_indices()
        .nth(start)
        .map(|(i, _)| i)
        .unwrap_or(s.len());
    let bend = s.char_indices().nth(end).map(|(i, _)| i).unwrap_or(s.len());
    let hay = &s[bstart..bend];
    let r = if right {
        hay.rfind(&sub)
    } else {
        hay.find(&sub)
    };
    Ok(r.map(|b| char_index(&s, bstart + b)))
}

fn m_find(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    Ok(Value::Int(
        find_impl(vm, a, false)?.map(|i| i as i64).unwrap_or(-1),
    ))
}
fn m_rfind(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    Ok(Value::Int(
        find_impl(vm, a, true)?.map(|i| i as i64).unwrap_or(-1),
    ))
}
fn m_index(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    match find_impl(vm, a, false)? {
        Some(i) => Ok(Value::Int(i as i64)),
        None => Err(vm.value_error("substring not found")),
    }
}
fn m_rindex(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    match find_impl(vm, a, true)? {
        Some(i) => Ok(Value::Int(i as i64)),
        None => Err(vm.value_error("substring not found")),
    }
}

fn m_count(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    crate::builtins::check_margs(vm, "count", args, 2, 4)?;
    let s = s_of(vm, args, "count")?;
    let sub = arg_str(vm, args[1], "must be str")?;
    let n = s.chars().count() as i64;
    let norm = |i: i64| if i < 0 { (i + n).max(0) } else { i.min(n) } as usize;
    let start = match args.get(2) {
        Some(Value::None) | None => 0,
        Some(v) => vm.slice_bound(*v)?,
    };
    let end = match args.get(3) {
        Some(Value::None) | None => n as usize,
        Some(v) => norm(vm.slice_bound(*v)?),
    };
    // As find: a start past the end counts nothing, not even "".
    if start > n || norm(start) > end {
        return Ok(Value::Int(0));
    }
    let start = norm(start);
    let s: String = s.chars().skip(start).take(end - start).collect();
    if sub.is_empty() {
        return Ok(Value::Int(s.chars().count() as i64 + 1));
    }
    Ok(Value::Int(s.matches(&sub).count() as i64))
}

fn prefix_impl(vm: &mut Vm, args: &[Value], end: bool) -> Result<Value, Exc> {
    if args.len() < 2 || args.len() > 4 {
        let name = if end { "endswith" } else { "startswith" };
        let (n, what) = if args.len() < 2 {
            (1, "least")
        } else {
            (3, "most")
        };
        let msg = format!(
            "{}() takes at {} {} argument{} ({} given)",
            name,
            what,
            n,
            if n == 1 { "" } else { "s" },
            args.len().saturating_sub(1)
        );
        return Err(vm.type_error(&msg));
    }
    let s = s_of(vm, args, "startswith")?;
    let n = s.chars().count() as i64;
    let norm = |i: i64| if i < 0 { (i + n).max(0) } else { i.min(n) } as usize;
    let raw_start = match args.get(2) {
        Some(Value::None) | None => 0,
        Some(v) => vm.slice_bound(*v)?,
    };
    // A start past the end matches nothing, not even "".
    let past = raw_start > n;
    let start = norm(raw_start);
    let stop = match args.get(3) {
        Some(Value::None) | None => n as usize,
        Some(v) => norm(vm.slice_bound(*v)?),
    };
    let sub: String = s
        .chars()
        .skip(start)
        .take(stop.saturating_sub(start))
        .collect();
    let cands: Vec<Value> = match args[1] {
        Value::Obj(r) => match vm.heap.get(r) {
            Obj::Tuple(t) => t.to_vec(),
            _ => alloc::vec![args[1]],
        },
        _ => alloc::vec![args[1]],
    };
    for c in cands {
        let p = match vm.str_of(c) {
            Some(p) => p,
            None => {
                let tn = vm.type_name(c);
                return Err(vm.type_error(&format!(
                    "{} first arg must be str or a tuple of str, not {}",
                    if end { "endswith" } else { "startswith" },
                    tn
                )));
            }
        };
        if !past && ((end && sub.ends_with(p)) || (!end && sub.starts_with(p))) {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn m_startswith(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    prefix_impl(vm, a, false)
}
fn m_endswith(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    prefix_impl(vm, a, true)
}

fn map_str(vm: &mut Vm, args: &[Value], name: &str, f: fn(&str) -> String) -> Result<Value, Exc> {
    crate::builtins::check_margs(vm, name, args, 1, 1)?;
    let s = s_of(vm, args, name)?;
    let r = f(&s);
    ret(vm, r)
}

fn m_upper(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    map_str(vm, a, "upper", crate::casemap::str_upper)
}
fn m_lower(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    map_str(vm, a, "lower", crate::casemap::str_lower)
}
fn m_casefold(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    map_str(vm, a, "casefold", casefold)
}
/// `str.casefold`: lowercase, except that a lowercase letter whose
/// uppercase lowers to something else folds to that (`ß` → `ss`, `ﬁ` → `fi`,
/// `ς` → `σ`, `ſ` → `s`), as Unicode's CaseFolding does; dotless `ı` stays.
fn casefold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let mut low = lower(c);
        let single = match (low.next(), low.next()) {
            (Some(l), None) => Some(l),
            _ => None,
        };
        if single == Some(c) && c != '\u{131}' {
            let round: String = upper(c).flat_map(lower).collect();
            if round.chars().ne(core::iter::once(c)) {
                out.push_str(&round);
                continue;
            }
        }
        out.extend(lower(c));
    }
    out
}

fn m_swapcase(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    map_str(vm, a, "swapcase", |s| {
        s.chars()
            .flat_map(|c| {
                if c.is_uppercase() {
                    lower(c).collect::<Vec<_>>()
                } else {
                    upper(c).collect::<Vec<_>>()
                }
            })
            .collect()
    })
}
fn m_capitalize(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    map_str(vm, a, "capitalize", |s| {
        let mut c = s.chars();
        match c.next() {
            Some(f) => {
                let mut out = String::new();
                push_title(&mut out, f);
                out + &crate::casemap::str_lower(c.as_str())
            }
            None => String::new(),
        }
    })
}
fn m_title(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    map_str(vm, a, "title", |s| {
        if s.is_ascii() {
            // ASCII: letters are the only cased characters, each maps to one byte.
            // Built as bytes (pushing chars re-encodes each one); ASCII in, ASCII out.
            let mut prev_cased = false;
            let bytes: Vec<u8> = s
                .bytes()
                .map(|b| {
                    let c = if prev_cased {
                        b.to_ascii_lowercase()
                    } else {
                        b.to_ascii_uppercase()
                    };
                    prev_cased = b.is_ascii_alphabetic();
                    c
                })
                .collect();
            return String::from_utf8(bytes).unwrap_or_default();
        }
        let mut out = String::new();
        let mut prev_cased = false;
        for c in s.chars() {
            if prev_cased {
                out.extend(lower(c));
            } else {
                push_title(&mut out, c);
            }
            prev_cased = c.is_lowercase() || c.is_uppercase() || is_titlecase(c);
        }
        out
    })
}

fn pred_str(vm: &mut Vm, args: &[Value], name: &str, f: fn(&str) -> bool) -> Result<Value, Exc> {
    crate::builtins::check_margs(vm, name, args, 1, 1)?;
    let s = s_of(vm, args, name)?;
    Ok(Value::Bool(f(&s)))
}

/// The first code point of each run of ten Unicode decimal digits (category
/// Nd, 0-9 in order), from CPython 3.11's unicodedata: every Nd digit is in one.
const DECIMAL_ZEROS: [u32; 66] = [
    0x30, 0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66,
    0xde6, 0xe50, 0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90,
    0x1b50, 0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10,
    0x104a0, 0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650,
    0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0, 0x16b50,
    0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
];

/// Runs `(first, last, value of first)` of the characters with a digit value
/// that are not decimal (superscripts, circled digits...): `str.isdigit`.
const OTHER_DIGITS: [(u32, u32, u8); 21] = [
    (0xb2, 0xb3, 2),
    (0xb9, 0xb9, 1),
    (0x1369, 0x1371, 1),
    (0x19da, 0x19da, 1),
    (0x2070, 0x2070, 0),
    (0x2074, 0x2079, 4),
    (0x2080, 0x2089, 0),
    (0x2460, 0x2468, 1),
    (0x2474, 0x247c, 1),
    (0x2488, 0x2490, 1),
    (0x24ea, 0x24ea, 0),
    (0x24f5, 0x24fd, 1),
    (0x24ff, 0x24ff, 0),
    (0x2776, 0x277e, 1),
    (0x2780, 0x2788, 1),
    (0x278a, 0x2792, 1),
    (0x10a40, 0x10a43, 1),
    (0x10e60, 0x10e68, 1),
    (0x11052, 0x1105a, 1),
    (0x1f100, 0x1f100, 0),
    (0x1f101, 0x1f10a, 0),
];

/// The value of a Unicode decimal digit (what `int()` accepts), else `None`.
pub fn decimal_value(c: char) -> Option<u32> {
    let c = c as u32;
    if c < 0x80 {
        return c.checked_sub(0x30).filter(|d| *d < 10);
    }
    let i = DECIMAL_ZEROS.partition_point(|&z| z <= c);
    let z = DECIMAL_ZEROS[i.checked_sub(1)?];
    Some(c - z).filter(|d| *d < 10)
}

/// `str.isdigit` for one character: decimal digits and other digits.
fn is_digit_char(c: char) -> bool {
    decimal_value(c).is_some()
        || OTHER_DIGITS
            .iter()
            .any(|&(a, b, _)| (a..=b).contains(&(c as u32)))
}

/// The titlecase form of a character: the digraphs (`ǆ` → `ǅ`) have their
/// own; others are their uppercase with any extra letters lowered (`ﬁ` → `Fi`).
fn push_title(out: &mut String, c: char) {
    let u = c as u32;
    if (0x1c4..=0x1cc).contains(&u) || (0x1f1..=0x1f3).contains(&u) {
        // Each triple is (upper, title, lower).
        let first = if u >= 0x1f1 {
            0x1f1
        } else {
            0x1c4 + (u - 0x1c4) / 3 * 3
        };
        out.push(char::from_u32(first + 1).unwrap_or(c));
        return;
    }
    let mut up = upper(c);
    if let Some(f) = up.next() {
        out.push(f);
    }
    for rest in up {
        out.extend(lower(rest));
    }
}

/// True for the titlecase digraphs (`ǅ`, `ǈ`, `ǋ`, `ǲ`), which are cased but
/// neither upper nor lower.
fn is_titlecase(c: char) -> bool {
    matches!(c as u32, 0x1c5 | 0x1c8 | 0x1cb | 0x1f2)
}

/// Any text with Unicode decimal digits turned into ASCII ones (CPython does
/// this before parsing numbers).
pub fn ascii_digits(s: &str) -> alloc::borrow::Cow<'_, str> {
    if s.is_ascii() {
        return alloc::borrow::Cow::Borrowed(s);
    }
    alloc::borrow::Cow::Owned(
        s.chars()
            .map(|c| match decimal_value(c) {
                Some(d) if !c.is_ascii() => char::from(b'0' + d as u8),
                _ => c,
            })
            .collect(),
    )
}

fn m_isdigit(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    pred_str(vm, a, "isdigit", |s| {
        !s.is_empty() && s.chars().all(is_digit_char)
    })
}
fn m_isdecimal(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    pred_str(vm, a, "isdecimal", |s| {
        !s.is_empty() && s.chars().all(|c| decimal_value(c).is_some())
    })
}
fn m_isalpha(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    pred_str(vm, a, "isalpha", |s| {
        !s.is_empty() && s.chars().all(|c| c.is_alphabetic())
    })
}
fn m_isalnum(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    pred_str(vm, a, "isalnum", |s| {
        !s.is_empty() && s.chars().all(|c| c.is_alphanumeric())
    })
}
fn m_isspace(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    pred_str(vm, a, "isspace", |s| {
        !s.is_empty() && s.chars().all(is_space)
    })
}
fn m_isupper(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    pred_str(vm, a, "isupper", |s| {
        s.chars().any(|c| c.is_uppercase()) && !s.chars().any(|c| c.is_lowercase())
    })
}
fn m_islower(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    pred_str(vm, a, "islower", |s| {
        s.chars().any(|c| c.is_lowercase()) && !s.chars().any(|c| c.is_uppercase())
    })
}
fn m_isidentifier(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    pred_str(vm, a, "isidentifier", |s| {
        let mut c = s.chars();
        matches!(c.next(), Some(f) if f == '_' || f.is_alphabetic())
            && c.all(|x| x == '_' || x.is_alphanumeric())
    })
}
fn m_isnumeric(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    pred_str(vm, a, "isnumeric", |s| {
        !s.is_empty() && s.chars().all(|c| c.is_numeric())
    })
}
fn m_istitle(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    pred_str(vm, a, "istitle", |s| {
        let mut prev = false;
        let mut any = false;
        for c in s.chars() {
            if c.is_uppercase() {
                if prev {
                    return false;
                }
                any = true;
            } else if c.is_lowercase() && !prev {
                return false;
            }
            prev = c.is_alphabetic();
        }
        any
    })
}

fn justify(vm: &mut Vm, args: &[Value], name: &str, mode: u8) -> Result<Value, Exc> {
    crate::builtins::check_margs(vm, name, args, 2, 3)?;
    let s = s_of(vm, args, name)?;
    let width = vm.as_index(args[1])?;
    let fill = match args.get(2) {
        Some(v) => {
            let f = arg_str(vm, *v, "fill character")?;
            let mut c = f.chars();
            match (c.next(), c.next()) {
                (Some(ch), None) => ch,
                _ => {
                    return Err(
                        vm.type_error("The fill character must be exactly one character long")
                    );
                }
            }
        }
        None => ' ',
    };
    let n = s.chars().count() as i64;
    if width <= n {
        return Ok(args[0]);
    }
    // Checked before building: a width of 2**32 must not wrap on a 32-bit
    // target nor try to build gigabytes (MemoryError, as CPython).
    let pad = vm.size_arg(width - n)?;
    vm.check_result_size((pad as u64).saturating_mul(fill.len_utf8() as u64))?;
    let f = |k: usize| core::iter::repeat_n(fill, k).collect::<String>();
    let r = match mode {
        0 => s + &f(pad),
        1 => f(pad) + &s,
        _ => {
            let left = pad / 2 + (pad & (width & 1) as usize & 1);
            f(left) + &s + &f(pad - left)
        }
    };
    ret(vm, r)
}

fn m_ljust(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    justify(vm, a, "ljust", 0)
}
fn m_rjust(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    justify(vm, a, "rjust", 1)
}
fn m_center(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    justify(vm, a, "center", 2)
}

fn m_zfill(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    crate::builtins::check_margs(vm, "zfill", args, 2, 2)?;
    let s = s_of(vm, args, "zfill")?;
    let w = vm.as_index(args[1])?;
    let n = s.chars().count() as i64;
    if w <= n {
        return Ok(args[0]);
    }
    let (sign, rest) = if s.starts_with('-') || s.starts_with('+') {
        (&s[..1], &s[1..])
    } else {
        ("", &s[..])
    };
    let zeros = vm.size_arg(w - n)?;
    vm.check_result_size(zeros as u64)?;
    let r = format!("{}{}{}", sign, "0".repeat(zeros), rest);
    ret(vm, r)
}

fn partition_impl(vm: &mut Vm, args: &[Value], right: bool) -> Result<Value, Exc> {
    crate::builtins::check_margs(vm, "partition", args, 2, 2)?;
    let s = s_of(vm, args, "partition")?;
    let sep = arg_str(vm, args[1], "must be str")?;
    if sep.is_empty() {
        return Err(vm.value_error("empty separator"));
    }
    let pos = if right { s.rfind(&sep) } else { s.find(&sep) };
    let (a, b, c) = match pos {
        Some(p) => (
            s[..p].to_string(),
            sep.clone(),
            s[p + sep.len()..].to_string(),
        ),
        None => {
            if right {
                (String::new(), String::new(), s.clone())
            } else {
                (s.clone(), String::new(), String::new())
            }
        }
    };
    let (a, b, c) = (vm.new_string(a)?, vm.new_string(b)?, vm.new_string(c)?);
    vm.alloc(Obj::Tuple(alloc::vec![a, b, c].into_boxed_slice()))
}

fn m_partition(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    partition_impl(vm, a, false)
}
fn m_rpartition(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    partition_impl(vm, a, true)
}

fn m_format(vm: &mut Vm, args: &[Value], kwargs: Kw) -> Result<Value, Exc> {
    let s = s_of(vm, args, "format")?;
    let r = vm.str_format(&s, &args[1..], kwargs)?;
    ret(vm, r)
}

/// The codecs the interpreter knows (names normalised as CPython does).
#[derive(Clone, Copy, PartialEq)]
enum Codec {
    Utf8,
    Ascii,
    Latin1,
}

impl Codec {
    fn name(self) -> &'static str {
        match self {
            Codec::Utf8 => "utf-8",
            Codec::Ascii => "ascii",
            Codec::Latin1 => "latin-1",
        }
    }
    /// The highest code point plus one this codec can encode one-to-one.
    fn limit(self) -> u32 {
        match self {
            Codec::Utf8 => 0x11_0000,
            Codec::Ascii => 0x80,
            Codec::Latin1 => 0x100,
        }
    }
}

/// The encoding and error-handler arguments of encode/decode (positional or
/// keyword), defaulting to utf-8 and strict.
fn codec_args(
    vm: &mut Vm,
    enc: Option<Value>,
    errors: Option<Value>,
) -> Result<(Codec, String), Exc> {
    let enc_name = match enc {
        None => String::from("utf-8"),
        Some(v) => match vm.str_of(v) {
            Some(s) => String::from(s),
            None => {
                let tn = vm.type_name(v);
                return Err(vm.type_error(&format!(
                    "encode() argument 'encoding' must be str, not {}",
                    tn
                )));
            }
        },
    };
    let errors = match errors {
        None => String::from("strict"),
        Some(v) => match vm.str_of(v) {
            Some(s) => String::from(s),
            None => {
                let tn = vm.type_name(v);
                return Err(vm.type_error(&format!(
                    "encode() argument 'errors' must be str, not {}",
                    tn
                )));
            }
        },
    };
    let norm = enc_name.to_ascii_lowercase().replace('_', "-");
    let codec = match norm.as_str() {
        "utf-8" | "utf8" | "u8" | "utf" | "cp65001" => Codec::Utf8,
        "ascii" | "us-ascii" | "646" => Codec::Ascii,
        "latin-1" | "latin1" | "latin" | "l1" | "iso-8859-1" | "iso8859-1" | "8859" | "cp819" => {
            Codec::Latin1
        }
        _ => {
            return Err(vm.exc_msg(kind::LOOKUP, &format!("unknown encoding: {}", enc_name)));
        }
    };
    Ok((codec, errors))
}

fn bad_handler(vm: &mut Vm, errors: &str) -> Exc {
    vm.exc_msg(
        kind::LOOKUP,
        &format!("unknown error handler name '{}'", errors),
    )
}

/// `str.encode` with the `strict`, `ignore`, `replace`, `backslashreplace`
/// and `xmlcharrefreplace` error handlers.
pub fn encode_text(
    vm: &mut Vm,
    s: &str,
    enc: Option<Value>,
    errors: Option<Value>,
) -> Result<Vec<u8>, Exc> {
    let (codec, errors) = codec_args(vm, enc, errors)?;
    if codec == Codec::Utf8 {
        return Ok(Vec::from(s.as_bytes()));
    }
    let limit = codec.limit();
    let mut out = Vec::with_capacity(s.len());
    for (i, c) in s.chars().enumerate() {
        let u = c as u32;
        if u < limit {
            out.push(u as u8);
            continue;
        }
        match errors.as_str() {
            "strict" => {
                let esc = if u < 0x100 {
                    format!("\\x{:02x}", u)
                } else if u < 0x10000 {
                    format!("\\u{:04x}", u)
                } else {
                    format!("\\U{:08x}", u)
                };
                return Err(vm.exc_msg(
                    kind::UNICODE_ENCODE,
                    &format!(
                        "'{}' codec can't encode character '{}' in position {}: ordinal not in range({})",
                        codec.name(),
                        esc,
                        i,
                        limit
                    ),
                ));
            }
            "ignore" => {}
            "replace" => out.push(b'?'),
            "backslashreplace" => {
                let esc = if u < 0x100 {
                    format!("\\x{:02x}", u)
                } else if u < 0x10000 {
                    format!("\\u{:04x}", u)
                } else {
                    format!("\\U{:08x}", u)
                };
                out.extend_from_slice(esc.as_bytes());
            }
            "xmlcharrefreplace" => out.extend_from_slice(format!("&#{};", u).as_bytes()),
            _ => return Err(bad_handler(vm, &errors)),
        }
    }
    Ok(out)
}

/// `bytes.decode` with the `strict`, `ignore`, `replace` and
/// `backslashreplace` error handlers (utf-8 replaces each maximal invalid
/// sequence with U+FFFD, as CPython).
pub fn decode_bytes(
    vm: &mut Vm,
    b: &[u8],
    enc: Option<Value>,
    errors: Option<Value>,
) -> Result<String, Exc> {
    let (codec, errors) = codec_args(vm, enc, errors)?;
    let mut out = String::with_capacity(b.len());
    let mut pos = 0;
    while pos < b.len() {
        // (valid text length, bad byte count, reason) of the rest.
        let rest = &b[pos..];
        let (good, bad, reason) = match codec {
            Codec::Latin1 => {
                out.extend(rest.iter().map(|&c| c as char));
                break;
            }
            Codec::Ascii => match rest.iter().position(|c| !c.is_ascii()) {
                None => (rest.len(), 0, ""),
                Some(p) => (p, 1, "ordinal not in range(128)"),
            },
            Codec::Utf8 => match core::str::from_utf8(rest) {
                Ok(_) => (rest.len(), 0, ""),
                Err(e) => {
                    let p = e.valid_up_to();
                    match e.error_len() {
                        None => (p, rest.len() - p, "unexpected end of data"),
                        Some(n) => {
                            let lead = rest[p];
                            let start_bad = (0x80..0xc2).contains(&lead) || lead > 0xf4;
                            let reason = if start_bad {
                                "invalid start byte"
                            } else {
                                "invalid continuation byte"
                            };
                            (p, n, reason)
                        }
                    }
                }
            },
        };
        // Both codecs only stop at a char boundary of valid text.
        out.push_str(core::str::from_utf8(&rest[..good]).unwrap_or(""));
        if bad == 0 {
            break;
        }
        let at = pos + good;
        match errors.as_str() {
            "strict" => {
                let what = if bad == 1 {
                    format!("byte 0x{:02x} in position {}", b[at], at)
                } else {
                    format!("bytes in position {}-{}", at, at + bad - 1)
                };
                return Err(vm.exc_msg(
                    kind::UNICODE_DECODE,
                    &format!("'{}' codec can't decode {}: {}", codec.name(), what, reason),
                ));
            }
            "ignore" => {}
            "replace" => out.push('\u{fffd}'),
            "backslashreplace" => {
                for &c in &b[at..at + bad] {
                    out.push_str(&format!("\\x{:02x}", c));
                }
            }
            _ => return Err(bad_handler(vm, &errors)),
        }
        pos = at + bad;
    }
    Ok(out)
}

fn m_encode(vm: &mut Vm, args: &[Value], k: Kw) -> Result<Value, Exc> {
    if args.len() > 3 {
        let msg = format!(
            "encode() takes at most 2 arguments ({} given)",
            args.len() - 1
        );
        return Err(vm.type_error(&msg));
    }
    let s = s_of(vm, args, "encode")?;
    let enc = args.get(1).copied().or_else(|| kwarg(vm, k, "encoding"));
    let errors = args.get(2).copied().or_else(|| kwarg(vm, k, "errors"));
    let b = encode_text(vm, &s, enc, errors)?;
    vm.alloc(Obj::Bytes(b))
}

fn m_expandtabs(vm: &mut Vm, args: &[Value], k: Kw) -> Result<Value, Exc> {
    let s = s_of(vm, args, "expandtabs")?;
    let ts = match args
        .get(1)
        .copied()
        .or_else(|| kwarg(vm, k, "tabsize"))
        .as_ref()
    {
        Some(v) => {
            let t = vm.as_index(*v)?;
            vm.size_arg(t)?
        }
        None => 8,
    };
    let mut out = String::new();
    let mut col = 0;
    for c in s.chars() {
        if c == '\t' {
            if ts > 0 {
                let n = ts - col % ts;
                vm.check_result_size((out.len() as u64).saturating_add(n as u64))?;
                out.push_str(&" ".repeat(n));
                col += n;
            }
        } else {
            out.push(c);
            col = if c == '\n' { 0 } else { col + 1 };
        }
    }
    ret(vm, out)
}

fn m_removeprefix(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    crate::builtins::check_margs(vm, "removeprefix", args, 2, 2)?;
    let s = s_of(vm, args, "removeprefix")?;
    let p = arg_str(vm, args[1], "argument")?;
    let r = s.strip_prefix(p.as_str()).unwrap_or(&s).to_string();
    ret(vm, r)
}
fn m_removesuffix(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    crate::builtins::check_margs(vm, "removesuffix", args, 2, 2)?;
    let s = s_of(vm, args, "removesuffix")?;
    let p = arg_str(vm, args[1], "argument")?;
    let r = s.strip_suffix(p.as_str()).unwrap_or(&s).to_string();
    ret(vm, r)
}

fn m_maketrans(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    // str.maketrans(x, y[, z]) as a static method: args may include no receiver.
    let a: Vec<Value> = args
        .iter()
        .copied()
        .filter(|v| !matches!(v, Value::Null))
        .collect();
    let d = vm.alloc(Obj::Dict(crate::dict::Dict::new()))?;
    if a.len() >= 2 {
        let x = arg_str(vm, a[0], "argument")?;
        let y = arg_str(vm, a[1], "argument")?;
        if x.chars().count() != y.chars().count() {
            return Err(vm.value_error("the first two maketrans arguments must have equal length"));
        }
        for (c1, c2) in x.chars().zip(y.chars()) {
            vm.dict_set(d, Value::Int(c1 as i64), Value::Int(c2 as i64))?;
        }
        if let Some(z) = a.get(2) {
            let z = arg_str(vm, *z, "argument")?;
            for c in z.chars() {
                vm.dict_set(d, Value::Int(c as i64), Value::None)?;
            }
        }
    } else if let Some(m) = a.first() {
        let tmp = vm.alloc(Obj::Dict(crate::dict::Dict::new()))?;
        vm.dict_update(tmp, *m)?;
        let entries: Vec<(Value, Value)> = match tmp {
            Value::Obj(r) => match vm.heap.get(r) {
                Obj::Dict(x) => x.iter().map(|e| (e.key, e.value)).collect(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        for (k, v) in entries {
            let key = match vm.str_of(k) {
                Some(s) if s.chars().count() == 1 => {
                    Value::Int(s.chars().next().map(|c| c as i64).unwrap_or(0))
                }
                Some(_) => {
                    return Err(
                        vm.value_error("string keys in translate table must be of length 1")
                    );
                }
                None => k,
            };
            vm.dict_set(d, key, v)?;
        }
    }
    Ok(d)
}

fn m_translate(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    crate::builtins::check_margs(vm, "translate", args, 2, 2)?;
    let s = s_of(vm, args, "translate")?;
    let mut out = String::new();
    for c in s.chars() {
        match vm.get_item(args[1], Value::Int(c as i64)) {
            Ok(Value::None) => {}
            Ok(Value::Int(i)) => match u32::try_from(i).ok().and_then(char::from_u32) {
                Some(m) => out.push(m),
                None => {
                    return Err(vm.value_error("character mapping must be in range(0x110000)"));
                }
            },
            Ok(v) => out.push_str(vm.str_of(v).unwrap_or("")),
            Err(e) if vm.exc_is(e.0, kind::LOOKUP) => out.push(c),
            Err(e) => return Err(e),
        }
    }
    ret(vm, out)
}

fn m_isprintable(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    pred_str(vm, a, "isprintable", |s| {
        s.chars().all(|c| {
            !c.is_control() && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{200b}' | '\u{ad}')
        })
    })
}
fn m_isascii(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    pred_str(vm, a, "isascii", |s| s.is_ascii())
}
fn m_format_map(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    crate::builtins::check_margs(vm, "format_map", args, 2, 2)?;
    let s = s_of(vm, args, "format_map")?;
    let r = vm.str_format_map(&s, args[1])?;
    ret(vm, r)
}

/// The methods of str.
pub const METHODS: &[(&str, NativeFnPtr)] = &[
    ("isprintable", m_isprintable),
    ("isascii", m_isascii),
    ("format_map", m_format_map),
    ("strip", m_strip),
    ("lstrip", m_lstrip),
    ("rstrip", m_rstrip),
    ("split", m_split),
    ("rsplit", m_rsplit),
    ("splitlines", m_splitlines),
    ("join", m_join),
    ("replace", m_replace),
    ("find", m_find),
    ("rfind", m_rfind),
    ("index", m_index),
    ("rindex", m_rindex),
    ("count", m_count),
    ("startswith", m_startswith),
    ("endswith", m_endswith),
    ("upper", m_upper),
    ("lower", m_lower),
    ("casefold", m_casefold),
    ("swapcase", m_swapcase),
    ("capitalize", m_capitalize),
    ("title", m_title),
    ("isdigit", m_isdigit),
    ("isdecimal", m_isdecimal),
    ("isnumeric", m_isnumeric),
    ("isalpha", m_isalpha),
    ("isalnum", m_isalnum),
    ("isspace", m_isspace),
    ("isupper", m_isupper),
    ("islower", m_islower),
    ("istitle", m_istitle),
    ("isidentifier", m_isidentifier),
    ("ljust", m_ljust),
    ("rjust", m_rjust),
    ("center", m_center),
    ("zfill", m_zfill),
    ("partition", m_partition),
    ("rpartition", m_rpartition),
    ("format", m_format),
    ("encode", m_encode),
    ("expandtabs", m_expandtabs),
    ("removeprefix", m_removeprefix),
    ("removesuffix", m_removesuffix),
    ("translate", m_translate),
];

/// Static methods of str.
pub const STATIC: &[(&str, NativeFnPtr)] = &[("maketrans", m_maketrans)];
