//! `_json`: the encoder and decoder behind the frozen `json` module (which keeps only the
//! CPython-shaped API: `dumps`/`loads` keyword handling, `JSONEncoder`, `JSONDecoder`,
//! `JSONDecodeError`).
//!
//! Both directions walk with an explicit stack, never Rust recursion, so a deeply nested
//! document or object cannot overflow a microcontroller's small stack; nesting beyond the
//! interpreter's recursion limit raises `RecursionError` as CPython does. Positions in error
//! messages are character indices, as CPython reports them.

use crate::builtins::{Kw, check_args};
use crate::exceptions::kind;
use crate::object::{NativeFnPtr, Obj};
use crate::value::{ObjRef, Value};
use crate::vm::{Exc, Vm};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// Deepest nesting either direction accepts (CPython's default recursion limit).
const MAX_DEPTH: usize = 1000;

// ---------------------------------------------------------------- encoding

/// `_json.encode(obj, skipkeys, ensure_ascii, check_circular, allow_nan, sort_keys, indent,
/// item_separator, key_separator, default)`; `indent` is None or a str.
fn j_encode(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "encode", a, 10, 10)?;
    let indent = match a[6] {
        Value::None => None,
        v => Some(String::from(vm.str_of(v).unwrap_or(""))),
    };
    let item_sep = String::from(vm.str_of(a[7]).unwrap_or(", "));
    let key_sep = String::from(vm.str_of(a[8]).unwrap_or(": "));
    let mut enc = Encoder {
        skipkeys: vm.truthy(a[1])?,
        ensure_ascii: vm.truthy(a[2])?,
        check_circular: vm.truthy(a[3])?,
        allow_nan: vm.truthy(a[4])?,
        sort_keys: vm.truthy(a[5])?,
        indent,
        item_sep,
        key_sep,
        default: a[9],
        out: String::new(),
        active: Vec::new(),
    };
    enc.run(vm, a[0])?;
    vm.new_string(enc.out)
}

/// `_json.encode_basestring(s, ensure_ascii)`: a str as a JSON string literal.
fn j_encode_str(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "encode_basestring", a, 2, 2)?;
    let ascii = vm.truthy(a[1])?;
    let Some(s) = vm.str_of(a[0]) else {
        let tn = vm.type_name(a[0]);
        return Err(vm.type_error(&format!("first argument must be a string, not {}", tn)));
    };
    let mut out = String::with_capacity(s.len() + 2);
    push_json_str(&mut out, s, ascii);
    vm.new_string(out)
}

struct Encoder {
    skipkeys: bool,
    ensure_ascii: bool,
    check_circular: bool,
    allow_nan: bool,
    sort_keys: bool,
    indent: Option<String>,
    item_sep: String,
    key_sep: String,
    default: Value,
    out: String,
    /// Containers being encoded (for "Circular reference detected").
    active: Vec<ObjRef>,
}

/// Work left to do, in stack order.
enum Task {
    Value(Value, usize),
    Text(String),
    Leave,
}

/// What a value is, for the encoder (subclasses of the builtin types count as them).
enum Kind {
    Str(String),
    Null,
    Bool(bool),
    Int(String),
    Float(f64),
    List(ObjRef, Vec<Value>),
    Dict(ObjRef, Vec<(Value, Value)>),
    Other(ObjRef),
}

fn push_json_str(out: &mut String, s: &str, ascii: bool) {
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || (ascii && (c as u32) > 0x7e) => {
                let n = c as u32;
                if n > 0xffff {
                    let m = n - 0x10000;
                    out.push_str(&format!(
                        "\\u{:04x}\\u{:04x}",
                        0xd800 | (m >> 10),
                        0xdc00 | (m & 0x3ff)
                    ));
                } else {
                    out.push_str(&format!("\\u{:04x}", n));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

impl Encoder {
    fn kind(&self, vm: &mut Vm, v: Value) -> Kind {
        let v = match v {
            Value::Obj(r) => match vm.heap.get(r) {
                Obj::Instance(i) if !i.base_value().is_null() => i.base_value(),
                _ => v,
            },
            _ => v,
        };
        match v {
            Value::None => Kind::Null,
            Value::Bool(b) => Kind::Bool(b),
            Value::Int(i) => Kind::Int(format!("{}", i)),
            Value::Float(f) => Kind::Float(f),
            Value::Obj(r) => match vm.heap.get(r) {
                Obj::Str(s) => Kind::Str(String::from(&*s.s)),
                Obj::BigInt(b) => Kind::Int(b.to_string_radix(10)),
                Obj::List(l) => Kind::List(r, l.clone()),
                Obj::Tuple(t) => Kind::List(r, t.to_vec()),
                Obj::Dict(d) => Kind::Dict(r, d.iter().map(|e| (e.key, e.value)).collect()),
                _ => Kind::Other(r),
            },
            Value::Null => Kind::Null,
        }
    }

    fn float_text(&self, vm: &mut Vm, f: f64) -> Result<String, Exc> {
        let text = if f.is_nan() {
            "NaN"
        } else if f == f64::INFINITY {
            "Infinity"
        } else if f == f64::NEG_INFINITY {
            "-Infinity"
        } else {
            return Ok(crate::format::float_repr(f));
        };
        if !self.allow_nan {
            return Err(vm.value_error("Out of range float values are not JSON compliant"));
        }
        Ok(String::from(text))
    }

    fn newline(&self, level: usize) -> Option<String> {
        self.indent.as_ref().map(|ind| {
            let mut s = String::with_capacity(1 + ind.len() * level);
            s.push('\n');
            for _ in 0..level {
                s.push_str(ind);
            }
            s
        })
    }

    fn enter(&mut self, vm: &mut Vm, r: ObjRef) -> Result<(), Exc> {
        if self.active.len() >= MAX_DEPTH {
            return Err(vm.exc_msg(
                kind::RECURSION,
                "maximum recursion depth exceeded while encoding a JSON object",
            ));
        }
        if self.check_circular && self.active.contains(&r) {
            return Err(vm.value_error("Circular reference detected"));
        }
        self.active.push(r);
        Ok(())
    }

    /// The text of a dict key, or None to skip it (`skipkeys`).
    fn key_text(&self, vm: &mut Vm, k: Value) -> Result<Option<String>, Exc> {
        Ok(Some(match self.kind(vm, k) {
            Kind::Str(s) => s,
            Kind::Float(f) => self.float_text(vm, f)?,
            Kind::Bool(true) => String::from("true"),
            Kind::Bool(false) => String::from("false"),
            Kind::Null => String::from("null"),
            Kind::Int(t) => t,
            _ if self.skipkeys => return Ok(None),
            _ => {
                let tn = vm.type_name(k);
                return Err(vm.type_error(&format!(
                    "keys must be str, int, float, bool or None, not {}",
                    tn
                )));
            }
        }))
    }

    fn run(&mut self, vm: &mut Vm, root: Value) -> Result<(), Exc> {
        let mut stack = alloc::vec![Task::Value(root, 0)];
        while let Some(task) = stack.pop() {
            let (v, level) = match task {
                Task::Text(t) => {
                    self.out.push_str(&t);
                    continue;
                }
                Task::Leave => {
                    self.active.pop();
                    continue;
                }
                Task::Value(v, level) => (v, level),
            };
            match self.kind(vm, v) {
                Kind::Str(s) => push_json_str(&mut self.out, &s, self.ensure_ascii),
                Kind::Null => self.out.push_str("null"),
                Kind::Bool(b) => self.out.push_str(if b { "true" } else { "false" }),
                Kind::Int(t) => self.out.push_str(&t),
                Kind::Float(f) => {
                    let t = self.float_text(vm, f)?;
                    self.out.push_str(&t);
                }
                Kind::List(r, items) => {
                    if items.is_empty() {
                        self.out.push_str("[]");
                        continue;
                    }
                    self.enter(vm, r)?;
                    self.out.push('[');
                    let inner = self.newline(level + 1);
                    let mut sep = self.item_sep.clone();
                    if let Some(nl) = &inner {
                        self.out.push_str(nl);
                        sep.push_str(nl);
                    }
                    stack.push(Task::Leave);
                    let close = match self.newline(level) {
                        Some(nl) => nl + "]",
                        None => String::from("]"),
                    };
                    stack.push(Task::Text(close));
                    for (i, item) in items.iter().enumerate().rev() {
                        stack.push(Task::Value(*item, level + 1));
                        if i > 0 {
                            stack.push(Task::Text(sep.clone()));
                        }
                    }
                }
                Kind::Dict(r, mut items) => {
                    if items.is_empty() {
                        self.out.push_str("{}");
                        continue;
                    }
                    self.enter(vm, r)?;
                    if self.sort_keys {
                        items = sort_items(vm, items)?;
                    }
                    self.out.push('{');
                    let inner = self.newline(level + 1);
                    let mut sep = self.item_sep.clone();
                    if let Some(nl) = &inner {
                        self.out.push_str(nl);
                        sep.push_str(nl);
                    }
                    let mut entries = Vec::with_capacity(items.len());
                    for (k, val) in items {
                        if let Some(key) = self.key_text(vm, k)? {
                            let mut text = String::with_capacity(key.len() + 4);
                            push_json_str(&mut text, &key, self.ensure_ascii);
                            text.push_str(&self.key_sep);
                            entries.push((text, val));
                        }
                    }
                    stack.push(Task::Leave);
                    let close = match self.newline(level) {
                        Some(nl) => nl + "}",
                        None => String::from("}"),
                    };
                    stack.push(Task::Text(close));
                    let n = entries.len();
                    for (i, (key, val)) in entries.into_iter().enumerate().rev() {
                        stack.push(Task::Value(val, level + 1));
                        stack.push(Task::Text(key));
                        if i > 0 && n > 1 {
                            stack.push(Task::Text(sep.clone()));
                        }
                    }
                }
                Kind::Other(r) => {
                    self.enter(vm, r)?;
                    let replacement = vm.call(self.default, &[v])?;
                    stack.push(Task::Leave);
                    stack.push(Task::Value(replacement, level));
                }
            }
        }
        Ok(())
    }
}

/// A dict's items sorted by key, as `sorted(d.items())` (TypeError for unorderable keys).
fn sort_items(vm: &mut Vm, items: Vec<(Value, Value)>) -> Result<Vec<(Value, Value)>, Exc> {
    let mut keys: Vec<Value> = items.iter().map(|(k, _)| *k).collect();
    crate::builtins::sort_values(vm, &mut keys, &[])?;
    let mut out = Vec::with_capacity(items.len());
    for k in keys {
        if let Some(pos) = items.iter().position(|(ik, _)| *ik == k)
            && let Some(item) = items.get(pos)
        {
            out.push(*item);
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------- decoding

/// Options and hooks of one decode.
struct Decoder<'s> {
    s: &'s [u8],
    text: Value,
    strict: bool,
    object_hook: Value,
    object_pairs_hook: Value,
    parse_float: Value,
    parse_int: Value,
    parse_constant: Value,
    error_cls: Value,
}

/// Why a decode stopped.
enum Fail {
    /// A JSONDecodeError(msg, doc, byte position).
    Json(&'static str, usize),
    /// A Python exception raised by a hook or an allocation.
    Py(Exc),
}

impl From<Exc> for Fail {
    fn from(e: Exc) -> Fail {
        Fail::Py(e)
    }
}

/// An open container while decoding.
enum Open {
    Array(Vec<Value>),
    /// Pairs so far, and the key whose value comes next.
    Object(Vec<(Value, Value)>, Value),
}

impl Decoder<'_> {
    fn ws(&self, mut i: usize) -> usize {
        while i < self.s.len() && matches!(self.s[i], b' ' | b'\t' | b'\n' | b'\r') {
            i += 1
        }
        i
    }

    fn starts(&self, i: usize, word: &[u8]) -> bool {
        self.s.get(i..i + word.len()) == Some(word)
    }

    fn constant(&self, vm: &mut Vm, name: &str) -> Result<Value, Exc> {
        if !matches!(self.parse_constant, Value::None) {
            let n = vm.new_str(name)?;
            return vm.call(self.parse_constant, &[n]);
        }
        Ok(Value::Float(match name {
            "NaN" => f64::NAN,
            "Infinity" => f64::INFINITY,
            _ => f64::NEG_INFINITY,
        }))
    }

    /// Decodes one value starting exactly at `i`; `Json("Expecting value", i)` if none does.
    fn value(&self, vm: &mut Vm, mut i: usize) -> Result<(Value, usize), Fail> {
        let mut open: Vec<Open> = Vec::new();
        loop {
            // Parse a scalar or open a container at i.
            let (mut v, mut end) = match self.s.get(i) {
                None => return Err(Fail::Json("Expecting value", i)),
                Some(b'"') => self.string(vm, i + 1)?,
                Some(b'[') => {
                    if open.len() >= MAX_DEPTH {
                        return Err(Fail::Py(vm.exc_msg(
                            kind::RECURSION,
                            "maximum recursion depth exceeded while decoding a JSON array from a unicode string",
                        )));
                    }
                    let j = self.ws(i + 1);
                    if self.s.get(j) == Some(&b']') {
                        (crate::builtins::new_list(vm, Vec::new())?, j + 1)
                    } else {
                        open.push(Open::Array(Vec::new()));
                        i = j;
                        continue;
                    }
                }
                Some(b'{') => {
                    if open.len() >= MAX_DEPTH {
                        return Err(Fail::Py(vm.exc_msg(
                            kind::RECURSION,
                            "maximum recursion depth exceeded while decoding a JSON object from a unicode string",
                        )));
                    }
                    let j = self.ws(i + 1);
                    if self.s.get(j) == Some(&b'}') {
                        (self.finish_object(vm, Vec::new())?, j + 1)
                    } else {
                        let (key, j) = self.key(vm, j)?;
                        open.push(Open::Object(Vec::new(), key));
                        i = j;
                        continue;
                    }
                }
                Some(b'n') if self.starts(i, b"null") => (Value::None, i + 4),
                Some(b't') if self.starts(i, b"true") => (Value::Bool(true), i + 4),
                Some(b'f') if self.starts(i, b"false") => (Value::Bool(false), i + 5),
                Some(b'N') if self.starts(i, b"NaN") => (self.constant(vm, "NaN")?, i + 3),
                Some(b'I') if self.starts(i, b"Infinity") => {
                    (self.constant(vm, "Infinity")?, i + 8)
                }
                Some(b'-') if self.starts(i, b"-Infinity") => {
                    (self.constant(vm, "-Infinity")?, i + 9)
                }
                Some(_) => self.number(vm, i)?,
            };
            // Close every container this value completes.
            loop {
                let Some(top) = open.last_mut() else {
                    return Ok((v, end));
                };
                match top {
                    Open::Array(items) => items.push(v),
                    Open::Object(pairs, key) => pairs.push((*key, v)),
                }
                let j = self.ws(end);
                let closing = match open.last() {
                    Some(Open::Array(_)) => b']',
                    _ => b'}',
                };
                match self.s.get(j) {
                    Some(&c) if c == closing => {
                        v = match open.pop() {
                            Some(Open::Array(items)) => crate::builtins::new_list(vm, items)?,
                            Some(Open::Object(pairs, _)) => self.finish_object(vm, pairs)?,
                            None => Value::None,
                        };
                        end = j + 1;
                    }
                    Some(b',') => {
                        let k = self.ws(j + 1);
                        if let Some(Open::Object(_, key)) = open.last_mut() {
                            let (new_key, after) = self.key(vm, k)?;
                            *key = new_key;
                            i = after;
                        } else {
                            i = k;
                        }
                        break;
                    }
                    _ => return Err(Fail::Json("Expecting ',' delimiter", j)),
                }
            }
        }
    }

    /// A property name at `i` and the position of its value (after `:` and whitespace).
    fn key(&self, vm: &mut Vm, i: usize) -> Result<(Value, usize), Fail> {
        if self.s.get(i) != Some(&b'"') {
            return Err(Fail::Json(
                "Expecting property name enclosed in double quotes",
                i,
            ));
        }
        let (key, j) = self.string(vm, i + 1)?;
        let j = self.ws(j);
        if self.s.get(j) != Some(&b':') {
            return Err(Fail::Json("Expecting ':' delimiter", j));
        }
        Ok((key, self.ws(j + 1)))
    }

    fn finish_object(&self, vm: &mut Vm, pairs: Vec<(Value, Value)>) -> Result<Value, Exc> {
        if !matches!(self.object_pairs_hook, Value::None) {
            let mut tuples = Vec::with_capacity(pairs.len());
            for (k, v) in pairs {
                tuples.push(crate::builtins::new_tuple(vm, alloc::vec![k, v])?);
            }
            let list = crate::builtins::new_list(vm, tuples)?;
            return vm.call(self.object_pairs_hook, &[list]);
        }
        let d = vm.alloc(Obj::Dict(crate::dict::Dict::new()))?;
        for (k, v) in pairs {
            vm.dict_set(d, k, v)?;
        }
        if !matches!(self.object_hook, Value::None) {
            return vm.call(self.object_hook, &[d]);
        }
        Ok(d)
    }

    fn number(&self, vm: &mut Vm, start: usize) -> Result<(Value, usize), Fail> {
        let s = self.s;
        let digit = |i: usize| s.get(i).is_some_and(|c| c.is_ascii_digit());
        let mut i = start;
        if s.get(i) == Some(&b'-') {
            i += 1;
        }
        if s.get(i) == Some(&b'0') {
            i += 1;
        } else if s.get(i).is_some_and(|c| (b'1'..=b'9').contains(c)) {
            while digit(i) {
                i += 1;
            }
        } else {
            return Err(Fail::Json("Expecting value", start));
        }
        let mut is_float = false;
        if s.get(i) == Some(&b'.') && digit(i + 1) {
            i += 2;
            while digit(i) {
                i += 1;
            }
            is_float = true;
        }
        if matches!(s.get(i), Some(b'e') | Some(b'E')) {
            let mut j = i + 1;
            if matches!(s.get(j), Some(b'+') | Some(b'-')) {
                j += 1;
            }
            if digit(j) {
                while digit(j) {
                    j += 1;
                }
                i = j;
                is_float = true;
            }
        }
        let text = core::str::from_utf8(&s[start..i]).unwrap_or("0");
        let hook = if is_float {
            self.parse_float
        } else {
            self.parse_int
        };
        if !matches!(hook, Value::None) {
            let t = vm.new_str(text)?;
            return Ok((vm.call(hook, &[t])?, i));
        }
        let v = if is_float {
            Value::Float(crate::builtins::parse_float(text).unwrap_or(f64::NAN))
        } else {
            crate::builtins::parse_int(vm, text, 10)?
        };
        Ok((v, i))
    }

    fn hex4(&self, u: usize) -> Result<u32, Fail> {
        let digits = self
            .s
            .get(u + 1..u + 5)
            .filter(|d| d.iter().all(u8::is_ascii_hexdigit));
        match digits.and_then(|d| core::str::from_utf8(d).ok()) {
            Some(t) => {
                u32::from_str_radix(t, 16).map_err(|_| Fail::Json("Invalid \\uXXXX escape", u))
            }
            None => Err(Fail::Json("Invalid \\uXXXX escape", u)),
        }
    }

    /// The string whose body starts at `i` (after the opening quote), and the index after it.
    fn string(&self, vm: &mut Vm, mut i: usize) -> Result<(Value, usize), Fail> {
        let s = self.s;
        let begin = i - 1;
        let mut out: Vec<u8> = Vec::new();
        loop {
            let mut j = i;
            while j < s.len() {
                let c = s[j];
                if c == b'"' || c == b'\\' {
                    break;
                }
                if c < 0x20 && self.strict {
                    return Err(Fail::Json("Invalid control character at", j));
                }
                j += 1;
            }
            if j >= s.len() {
                return Err(Fail::Json("Unterminated string starting at", begin));
            }
            out.extend_from_slice(&s[i..j]);
            if s[j] == b'"' {
                let text = String::from_utf8(out).unwrap_or_default();
                return Ok((vm.new_string(text)?, j + 1));
            }
            j += 1;
            let Some(&esc) = s.get(j) else {
                return Err(Fail::Json("Unterminated string starting at", begin));
            };
            let ch = match esc {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => {
                    let mut uni = self.hex4(j)?;
                    i = j + 5;
                    if (0xd800..=0xdbff).contains(&uni) && s.get(i..i + 2) == Some(b"\\u") {
                        let lo = self.hex4(i + 1)?;
                        if (0xdc00..=0xdfff).contains(&lo) {
                            uni = 0x10000 + (((uni - 0xd800) << 10) | (lo - 0xdc00));
                            i += 6;
                        }
                    }
                    // A lone surrogate has no UTF-8 form here; U+FFFD stands in for it.
                    let c = char::from_u32(uni).unwrap_or('\u{fffd}');
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                    continue;
                }
                _ => return Err(Fail::Json("Invalid \\escape", j - 1)),
            };
            let mut buf = [0u8; 4];
            out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
            i = j + 1;
        }
    }

    /// Turns a failure into the Python exception (JSONDecodeError with a character index).
    fn raise(&self, vm: &mut Vm, f: Fail) -> Exc {
        match f {
            Fail::Py(e) => e,
            Fail::Json(msg, _) if matches!(self.error_cls, Value::None) => vm.value_error(msg),
            Fail::Json(msg, pos) => {
                let end = pos.min(self.s.len());
                let chars = self.s[..end].iter().filter(|&&b| b & 0xc0 != 0x80).count();
                let m = match vm.new_str(msg) {
                    Ok(m) => m,
                    Err(e) => return e,
                };
                match vm.call(self.error_cls, &[m, self.text, Value::Int(chars as i64)]) {
                    Ok(inst) => Exc(inst),
                    Err(e) => e,
                }
            }
        }
    }

    /// Byte offset of character index `idx`.
    fn byte_index(&self, idx: usize) -> usize {
        let mut chars = 0;
        for (b, &byte) in self.s.iter().enumerate() {
            if byte & 0xc0 != 0x80 {
                if chars == idx {
                    return b;
                }
                chars += 1;
            }
        }
        self.s.len()
    }

    fn char_index(&self, b: usize) -> usize {
        self.s[..b.min(self.s.len())]
            .iter()
            .filter(|&&x| x & 0xc0 != 0x80)
            .count()
    }
}

/// `_json.decode(s, idx, whole, strict, object_hook, object_pairs_hook, parse_float, parse_int,
/// parse_constant, error_cls)`: with `whole`, the document `s` (surrounding whitespace allowed,
/// nothing else after it) → value; without, `raw_decode` from char index `idx` → (value, end).
fn j_decode(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "decode", a, 10, 10)?;
    let Some(text) = vm.str_of(a[0]).map(|s| s.as_bytes().to_vec()) else {
        let tn = vm.type_name(a[0]);
        return Err(vm.type_error(&format!(
            "the JSON object must be str, bytes or bytearray, not {}",
            tn
        )));
    };
    let idx = vm.as_index(a[1])?;
    let whole = vm.truthy(a[2])?;
    let dec = Decoder {
        s: &text,
        text: a[0],
        strict: vm.truthy(a[3])?,
        object_hook: a[4],
        object_pairs_hook: a[5],
        parse_float: a[6],
        parse_int: a[7],
        parse_constant: a[8],
        error_cls: a[9],
    };
    if idx < 0 {
        return Err(vm.value_error("idx cannot be negative"));
    }
    let start = dec.byte_index(idx as usize);
    let start = if whole { dec.ws(start) } else { start };
    let (v, end) = match dec.value(vm, start) {
        Ok(r) => r,
        Err(f) => return Err(dec.raise(vm, f)),
    };
    if whole {
        let end = dec.ws(end);
        if end != text.len() {
            return Err(dec.raise(vm, Fail::Json("Extra data", end)));
        }
        return Ok(v);
    }
    let end_chars = dec.char_index(end);
    crate::builtins::new_tuple(vm, alloc::vec![v, Value::Int(end_chars as i64)])
}

/// `json.loads(text)` without hooks (a syntax error is a ValueError): for embedders, which
/// then need no JSON parser of their own.
pub fn loads(vm: &mut Vm, text: &str) -> Result<Value, Exc> {
    let s = vm.new_str(text)?;
    let n = Value::None;
    let t = Value::Bool(true);
    j_decode(vm, &[s, Value::Int(0), t, t, n, n, n, n, n, n], &[])
}

/// The module's functions.
pub const FUNCTIONS: &[(&str, NativeFnPtr)] = &[
    ("encode", j_encode),
    ("encode_basestring", j_encode_str),
    ("decode", j_decode),
];

/// Fills the module dict `d`.
pub fn init(vm: &mut Vm, d: ObjRef) -> Result<(), Exc> {
    super::add_functions(vm, d, FUNCTIONS)?;
    Ok(())
}
