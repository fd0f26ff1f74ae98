//! Builtin functions and the constructors of the builtin types.

use crate::dict::Dict;
use crate::exceptions::kind;
use crate::int::BigInt;
use crate::iterhelp::{Chunked, Helper, Step};
use crate::object::*;
use crate::ops::Num;
use crate::value::{ObjRef, Value};
use crate::vm::{Exc, TypeTag, Vm};
use alloc::boxed::Box;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

/// Argument list type of native functions.
pub type Kw<'a> = &'a [(Value, Value)];

/// Looks up a keyword argument by name.
pub fn kwarg(vm: &Vm, kwargs: Kw, name: &str) -> Option<Value> {
    kwargs
        .iter()
        .find(|(k, _)| vm.str_of(*k) == Some(name))
        .map(|(_, v)| *v)
}

/// Checks the positional argument count. The count check is inlined on the host (every
/// native call passes here: ~15 machine instructions of call and frame each), the error
/// stays out of line; the core keeps one copy for flash.
#[cfg_attr(feature = "std", inline(always))]
pub fn check_args(
    vm: &mut Vm,
    name: &str,
    args: &[Value],
    min: usize,
    max: usize,
) -> Result<(), Exc> {
    if args.len() < min || args.len() > max {
        return Err(arg_count_error(vm, name, args.len(), min, max));
    }
    Ok(())
}

/// `check_args`'s TypeError for `given` positional arguments (out of line on the host only;
/// the core may fold it back into `check_args`, its one caller).
#[cfg_attr(feature = "std", cold, inline(never))]
fn arg_count_error(vm: &mut Vm, name: &str, given: usize, min: usize, max: usize) -> Exc {
    // CPython's one-argument builtins (METH_O) say "one".
    let msg = if min == 1 && max == 1 {
        format!("{}() takes exactly one argument ({} given)", name, given)
    } else if min == max {
        format!(
            "{}() takes exactly {} argument{} ({} given)",
            name,
            min,
            if min == 1 { "" } else { "s" },
            given
        )
    } else if given < min {
        format!(
            "{} expected at least {} argument{}, got {}",
            name,
            min,
            if min == 1 { "" } else { "s" },
            given
        )
    } else {
        format!(
            "{} expected at most {} argument{}, got {}",
            name,
            max,
            if max == 1 { "" } else { "s" },
            given
        )
    };
    vm.type_error(&msg)
}

/// `check_args` for a builtin type's method, whose `args` start with `self`: the counts
/// include it, the message does not, as CPython's: `qual` is `"list.append"` (a bare `"count"`
/// takes the type from `self`, for a function shared by list and tuple), and the message
/// has CPython's shape for that kind of method: `list.append() takes exactly one argument
/// (0 given)`, `list.copy() takes no arguments (1 given)`, `pop expected at most 1
/// argument, got 2`.
pub fn check_margs(
    vm: &mut Vm,
    qual: &str,
    args: &[Value],
    min: usize,
    max: usize,
) -> Result<(), Exc> {
    if args.len() < min || args.len() > max {
        return Err(marg_count_error(vm, qual, args, min - 1, max - 1));
    }
    Ok(())
}

#[cold]
#[inline(never)]
fn marg_count_error(vm: &mut Vm, qual: &str, args: &[Value], min: usize, max: usize) -> Exc {
    let given = args.len().saturating_sub(1);
    let short = qual.rsplit('.').next().unwrap_or(qual);
    let qual = match args.first() {
        Some(s) if !qual.contains('.') => format!("{}.{}", vm.type_name(*s), qual),
        _ => String::from(qual),
    };
    if args.is_empty() {
        let msg = format!("unbound method {}() needs an argument", qual);
        return vm.type_error(&msg);
    }
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let msg = if min == 1 && max == 1 {
        format!("{}() takes exactly one argument ({} given)", qual, given)
    } else if max == 0 {
        format!("{}() takes no arguments ({} given)", qual, given)
    } else if min == max {
        format!(
            "{} expected {} argument{}, got {}",
            short,
            min,
            plural(min),
            given
        )
    } else if given < min {
        format!(
            "{} expected at least {} argument{}, got {}",
            short,
            min,
            plural(min),
            given
        )
    } else {
        format!(
            "{} expected at most {} argument{}, got {}",
            short,
            max,
            plural(max),
            given
        )
    };
    vm.type_error(&msg)
}

/// Keyword arguments as a dict (for a helper that passes them on with `**`).
fn kwargs_dict(vm: &mut Vm, kwargs: Kw) -> Result<Value, Exc> {
    let d = vm.alloc(Obj::Dict(Dict::new()))?;
    for (k, v) in kwargs {
        vm.dict_set(d, *k, *v)?;
    }
    Ok(d)
}

fn no_kwargs(vm: &mut Vm, name: &str, kwargs: Kw) -> Result<(), Exc> {
    if !kwargs.is_empty() {
        return Err(vm.type_error(&format!("{}() takes no keyword arguments", name)));
    }
    Ok(())
}

/// Sorts values stably with a fallible less-than (merge sort; never panics).
pub fn merge_sort(
    vm: &mut Vm,
    items: &mut Vec<Value>,
    keys: &mut Vec<Value>,
    reverse: bool,
) -> Result<(), Exc> {
    let n = items.len();
    if n < 2 {
        return Ok(());
    }
    let mut idx: Vec<usize> = (0..n).collect();
    let mut buf: Vec<usize> = vec![0; n];
    let mut width = 1;
    while width < n {
        let mut i = 0;
        while i < n {
            let mid = (i + width).min(n);
            let hi = (i + 2 * width).min(n);
            let (mut a, mut b, mut k) = (i, mid, i);
            while a < mid && b < hi {
                // Take from the right only if strictly less (stability); reversed: if strictly greater.
                let take_right = if reverse {
                    vm.less_than(keys[idx[a]], keys[idx[b]])?
                } else {
                    vm.less_than(keys[idx[b]], keys[idx[a]])?
                };
                if take_right {
                    buf[k] = idx[b];
                    b += 1;
                } else {
                    buf[k] = idx[a];
                    a += 1;
                }
                k += 1;
            }
            while a < mid {
                buf[k] = idx[a];
                a += 1;
                k += 1;
            }
            while b < hi {
                buf[k] = idx[b];
                b += 1;
                k += 1;
            }
            i += 2 * width;
        }
        core::mem::swap(&mut idx, &mut buf);
        width *= 2;
    }
    let sorted: Vec<Value> = idx.iter().map(|&i| items[i]).collect();
    let sorted_keys: Vec<Value> = idx.iter().map(|&i| keys[i]).collect();
    *items = sorted;
    *keys = sorted_keys;
    Ok(())
}

/// Sorts `items` in place per `key=` and `reverse=` keyword arguments.
pub fn sort_values(vm: &mut Vm, items: &mut Vec<Value>, kwargs: Kw) -> Result<(), Exc> {
    for (k, _) in kwargs {
        let name = vm.str_of(*k).unwrap_or("");
        if name != "key" && name != "reverse" {
            let msg = format!("'{}' is an invalid keyword argument for sort()", name);
            return Err(vm.type_error(&msg));
        }
    }
    let key = kwarg(vm, kwargs, "key").filter(|k| !matches!(k, Value::None));
    let reverse = match kwarg(vm, kwargs, "reverse") {
        // An int (CPython's `reverse=None` is a TypeError).
        Some(r @ (Value::Int(_) | Value::Bool(_))) => vm.truthy(r)?,
        Some(r) => vm.as_index(r)? != 0,
        None => false,
    };
    let mut keys = match key {
        Some(k) => {
            let mut ks = Vec::with_capacity(items.len());
            for it in items.iter() {
                ks.push(vm.call(k, &[*it])?);
            }
            ks
        }
        None => items.clone(),
    };
    merge_sort(vm, items, &mut keys, reverse)
}

// ---------- builtin functions ----------

/// What a script assigned to `sys.stdout`, if anything (print() writes there, as CPython);
/// None while it is the interpreter's own stream or sys was never imported.
fn replaced_stdout(vm: &mut Vm) -> Option<Value> {
    let (sys, stdout) = (vm.n.sys, vm.n.stdout);
    if sys.is_null() || stdout.is_null() {
        return None;
    }
    let Value::Obj(m) = vm.dict_get_str(vm.modules, sys)? else {
        return None;
    };
    let Obj::Module(_, d) = vm.heap.get(m) else {
        return None;
    };
    let f = vm.dict_get_str(*d, stdout)?;
    (!crate::modules::is_stdout(vm, f)).then_some(f)
}

fn b_print(vm: &mut Vm, args: &[Value], kwargs: Kw) -> Result<Value, Exc> {
    for (k, _) in kwargs {
        let name = vm.str_of(*k).unwrap_or("");
        if !matches!(name, "sep" | "end" | "file" | "flush") {
            let msg = format!("'{}' is an invalid keyword argument for print()", name);
            return Err(vm.type_error(&msg));
        }
    }
    let sep = match kwarg(vm, kwargs, "sep") {
        Some(Value::None) | None => String::from(" "),
        Some(v) => match vm.str_of(v) {
            Some(s) => String::from(s),
            None => {
                let tn = vm.type_name(v);
                return Err(vm.type_error(&format!("sep must be None or a string, not {}", tn)));
            }
        },
    };
    let end = match kwarg(vm, kwargs, "end") {
        Some(Value::None) | None => String::from("\n"),
        Some(v) => match vm.str_of(v) {
            Some(s) => String::from(s),
            None => {
                let tn = vm.type_name(v);
                return Err(vm.type_error(&format!("end must be None or a string, not {}", tn)));
            }
        },
    };
    let file = match kwarg(vm, kwargs, "file").filter(|f| !matches!(f, Value::None)) {
        Some(f) => Some(f),
        // `sys.stdout = None`: print() writes nothing, as CPython.
        None => match replaced_stdout(vm) {
            Some(Value::None) => return Ok(Value::None),
            f => f,
        },
    };
    // A file object that is not the console's: one write() per piece, as CPython (sep, each
    // item's str, end; an item whose str() raises stops after what was written).
    if let Some(f) = file
        && !crate::modules::is_stderr(vm, f)
        && !crate::modules::is_stdout(vm, f)
    {
        let w = vm.intern("write")?;
        let m = vm.get_attr(f, w)?;
        for (i, a) in args.iter().enumerate() {
            if i > 0 {
                let s = vm.new_string(sep.clone())?;
                vm.call(m, &[s])?;
            }
            let s = match a {
                Value::Obj(r) if matches!(vm.heap.get(*r), Obj::Str(_)) => *a,
                _ => {
                    let s = vm.to_str(*a)?;
                    vm.new_string(s)?
                }
            };
            vm.call(m, &[s])?;
        }
        let s = vm.new_string(end)?;
        vm.call(m, &[s])?;
        return Ok(Value::None);
    }
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        match vm.str_of(*a) {
            Some(s) if matches!(a, Value::Obj(r) if matches!(vm.heap.get(*r), Obj::Str(_))) => {
                out.push_str(s)
            }
            _ => {
                let s = vm.to_str(*a)?;
                out.push_str(&s);
            }
        }
    }
    out.push_str(&end);
    match file {
        None => vm.host.write_out(&out),
        Some(f) => {
            if crate::modules::is_stderr(vm, f) {
                vm.host.write_err(&out);
            } else {
                vm.host.write_out(&out);
            }
        }
    }
    if let Some(fl) = kwarg(vm, kwargs, "flush")
        && vm.truthy(fl)?
    {
        vm.host.flush();
    }
    Ok(Value::None)
}

fn b_len(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "len", args, 1, 1)?;
    Ok(Value::Int(vm.len(args[0])? as i64))
}

fn b_repr(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "repr", args, 1, 1)?;
    let s = vm.repr(args[0])?;
    vm.new_string(s)
}

fn b_ascii(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "ascii", args, 1, 1)?;
    let s = vm.repr(args[0])?;
    vm.new_string(crate::format::ascii_escape(&s))
}

fn b_abs(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "abs", args, 1, 1)?;
    match vm.as_num(args[0]) {
        Some(Num::I(i)) => match i.checked_abs() {
            Some(a) => Ok(Value::Int(a)),
            None => vm.int_from_big(BigInt::from_i64(i).neg()),
        },
        Some(Num::B(b)) => vm.int_from_big(BigInt {
            neg: false,
            mag: b.mag,
        }),
        Some(Num::F(f)) => Ok(Value::Float(f.abs())),
        None => {
            if let Value::Obj(r) = args[0]
                && let Obj::Complex(re, im) = *vm.heap.get(r)
            {
                return vm.complex_abs(re, im);
            }
            let n = vm.n.abs;
            if let Some(m) = vm.lookup_special(args[0], n) {
                return vm.call(m, &[args[0]]);
            }
            let tn = vm.type_name(args[0]);
            Err(vm.type_error(&format!("bad operand type for abs(): '{}'", tn)))
        }
    }
}

fn b_isinstance(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "isinstance", args, 2, 2)?;
    Ok(Value::Bool(check_class(vm, args[0], args[1], false)?))
}

/// `isinstance(v, spec)` (`sub` false) or `issubclass(v, spec)`: a tuple is tried item by
/// item; a class whose metaclass defines `__instancecheck__` / `__subclasscheck__` in Python
/// decides for itself (after the exact-type shortcut of `isinstance`, as CPython).
fn check_class(vm: &mut Vm, v: Value, spec: Value, sub: bool) -> Result<bool, Exc> {
    let is_class =
        |vm: &Vm, x: Value| matches!(x, Value::Obj(c) if matches!(vm.heap.get(c), Obj::Class(_)));
    let bad_spec = |vm: &mut Vm| {
        if !sub {
            vm.type_error("isinstance() arg 2 must be a type, a tuple of types, or a union")
        } else if !is_class(vm, v) {
            vm.type_error("issubclass() arg 1 must be a class")
        } else {
            vm.type_error("issubclass() arg 2 must be a class, a tuple of classes, or a union")
        }
    };
    let Value::Obj(r) = spec else {
        return Err(bad_spec(vm));
    };
    match vm.heap.get(r) {
        Obj::Class(_) => {}
        Obj::Tuple(t) => {
            let t = t.to_vec();
            for x in t {
                if check_class(vm, v, x, sub)? {
                    return Ok(true);
                }
            }
            return Ok(false);
        }
        _ => {
            let Some(members) = vm.union_args(spec)? else {
                return Err(bad_spec(vm));
            };
            for x in members {
                if check_class(vm, v, x, sub)? {
                    return Ok(true);
                }
            }
            return Ok(false);
        }
    }
    let c = if sub {
        match v {
            Value::Obj(c) if matches!(vm.heap.get(c), Obj::Class(_)) => Some(c),
            _ => None,
        }
    } else {
        Some(vm.class_of(v))
    };
    if !sub && c == Some(r) {
        return Ok(true);
    }
    let hook = vm
        .interned_opt(if sub {
            "__subclasscheck__"
        } else {
            "__instancecheck__"
        })
        .and_then(|n| vm.lookup_special(spec, n))
        .filter(|f| matches!(f, Value::Obj(x) if matches!(vm.heap.get(*x), Obj::Function(_))));
    if let Some(f) = hook {
        let res = vm.call(f, &[spec, v])?;
        return vm.truthy(res);
    }
    match c {
        Some(c) => Ok(vm.is_subclass(c, r)),
        None => Err(vm.type_error("issubclass() arg 1 must be a class")),
    }
}

fn b_issubclass(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "issubclass", args, 2, 2)?;
    Ok(Value::Bool(check_class(vm, args[0], args[1], true)?))
}

fn b_hash(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "hash", args, 1, 1)?;
    Ok(Value::Int(vm.hash(args[0])?))
}

fn b_id(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "id", args, 1, 1)?;
    Ok(Value::Int(match args[0] {
        Value::Obj(r) => 0x10000 + r.0 as i64 * 16,
        Value::Int(i) => i.wrapping_mul(2) + 1,
        Value::None => 8,
        Value::Bool(b) => 16 + b as i64 * 8,
        Value::Float(f) => f.to_bits() as i64,
        Value::Null => 0,
    }))
}

fn b_callable(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "callable", args, 1, 1)?;
    Ok(Value::Bool(is_callable(vm, args[0])))
}

/// `callable(v)`.
pub(crate) fn is_callable(vm: &Vm, v: Value) -> bool {
    match v {
        Value::Obj(r) => match vm.heap.get(r) {
            Obj::Function(_) | Obj::Native(_) | Obj::BoundMethod(..) | Obj::Class(_) => true,
            Obj::Instance(_) => {
                let call = vm.n.call;
                vm.lookup_special(v, call).is_some()
            }
            _ => false,
        },
        _ => false,
    }
}

fn b_iter(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "iter", args, 1, 2)?;
    if args.len() == 2 {
        if !is_callable(vm, args[0]) {
            return Err(vm.type_error("iter(v, w): v must be callable"));
        }
        return vm.alloc(Obj::Iter(IterState::CallIter(args[0], args[1])));
    }
    vm.get_iter(args[0])
}

fn b_next(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "next", args, 1, 2)?;
    let it = args[0];
    let is_iter = match it {
        Value::Obj(r) => match vm.heap.get(r) {
            Obj::Iter(_) | Obj::Generator(_) => true,
            Obj::Instance(_) => {
                let nx = vm.n.next;
                vm.lookup_special(it, nx).is_some()
            }
            _ => false,
        },
        _ => false,
    };
    if !is_iter {
        let tn = vm.type_name(it);
        return Err(vm.type_error(&format!("'{}' object is not an iterator", tn)));
    }
    if let Value::Obj(r) = it {
        if let Obj::Instance(_) = vm.heap.get(r) {
            let nx = vm.n.next;
            if let Some(m) = vm.lookup_special(it, nx) {
                return match vm.call(m, &[it]) {
                    Err(e) if args.len() == 2 && vm.exc_is(e.0, kind::STOP_ITERATION) => {
                        Ok(args[1])
                    }
                    r => r,
                };
            }
        }
        if let Obj::Generator(_) = vm.heap.get(r) {
            return match vm.gen_next_nested(r, Value::None, None)? {
                Some(v) => Ok(v),
                None => {
                    if args.len() == 2 {
                        return Ok(args[1]);
                    }
                    Err(vm.generator_stop())
                }
            };
        }
    }
    match vm.iter_next(it)? {
        Some(v) => Ok(v),
        None => {
            if args.len() == 2 {
                Ok(args[1])
            } else {
                Err(vm.exc_args(kind::STOP_ITERATION, Vec::new()))
            }
        }
    }
}

fn min_max(vm: &mut Vm, args: &[Value], kwargs: Kw, is_max: bool) -> Result<Value, Exc> {
    let name = if is_max { "max" } else { "min" };
    if args.is_empty() {
        return Err(vm.type_error(&format!("{} expected at least 1 argument, got 0", name)));
    }
    if args.len() > 1 && kwarg(vm, kwargs, "default").is_some() {
        return Err(vm.type_error(&format!(
            "Cannot specify a default for {}() with multiple positional arguments",
            name
        )));
    }
    let key = kwarg(vm, kwargs, "key").filter(|k| !matches!(k, Value::None));
    // A Python key runs in the helper's loop too, where it may collect its garbage.
    if args.len() == 1
        && (vm.runs_python(args[0]) || key.is_some_and(|k| !vm.is_native_callable(k)))
    {
        let default = kwarg(vm, kwargs, "default");
        return vm.hand_off(
            Helper::MinMax,
            &[
                args[0],
                key.unwrap_or(Value::None),
                Value::Bool(default.is_some()),
                default.unwrap_or(Value::None),
                Value::Bool(is_max),
            ],
        );
    }
    let best = if args.len() == 1 {
        // One iterable: streamed in chunks (nothing collected).
        let range_end = match (key, args[0]) {
            (None, Value::Obj(r)) => match *vm.heap.get(r) {
                Obj::Range(a, b, s) => Some(range_ends(a, b, s)),
                _ => None,
            },
            _ => None,
        };
        if let Some(ends) = range_end {
            // Items of a range are ints in order: the first or the last one wins.
            ends.map(|(lo, hi)| Value::Int(if is_max { hi } else { lo }))
        } else {
            let it = vm.get_iter(args[0])?;
            let kind = if is_max { Step::Max } else { Step::Min };
            let kf = key.unwrap_or(Value::None);
            match vm.run_chunked(kind, it, Value::Null, Value::None, kf)? {
                Chunked::Done(v) if v.is_null() => None,
                Chunked::Done(v) => Some(v),
                Chunked::More(a) => return vm.hand_off(Helper::Resume, &a),
            }
        }
    } else {
        let mut best: Option<(Value, Value)> = None;
        for &it in args {
            let k = match key {
                Some(kf) => vm.call(kf, &[it])?,
                None => it,
            };
            best = Some(match best {
                None => (it, k),
                Some((b, bk)) => {
                    let better = if is_max {
                        greater(vm, k, bk)?
                    } else {
                        vm.less_than(k, bk)?
                    };
                    if better { (it, k) } else { (b, bk) }
                }
            });
        }
        best.map(|(b, _)| b)
    };
    match best {
        Some(b) => Ok(b),
        None => match kwarg(vm, kwargs, "default") {
            Some(d) => Ok(d),
            None => Err(vm.value_error(&format!("{}() arg is an empty sequence", name))),
        },
    }
}

/// `a > b` as `max()` asks it (CPython's operand order, so errors name the same types).
fn greater(vm: &mut Vm, a: Value, b: Value) -> Result<bool, Exc> {
    let r = vm.compare_op(crate::ast::CmpOp::Gt, a, b)?;
    vm.truthy(r)
}

/// The smallest and largest item of `range(a, b, s)`, None when it is empty.
fn range_ends(a: i64, b: i64, s: i64) -> Option<(i64, i64)> {
    let n = crate::ops::range_len_wide(a, b, s);
    if n == 0 {
        return None;
    }
    // The last item lies between a and b, so it fits in i64.
    let last = (a as i128 + (n - 1) * s as i128) as i64;
    Some(if s > 0 { (a, last) } else { (last, a) })
}

fn b_min(vm: &mut Vm, args: &[Value], kwargs: Kw) -> Result<Value, Exc> {
    min_max(vm, args, kwargs, false)
}
fn b_max(vm: &mut Vm, args: &[Value], kwargs: Kw) -> Result<Value, Exc> {
    min_max(vm, args, kwargs, true)
}

fn b_sum(vm: &mut Vm, args: &[Value], kwargs: Kw) -> Result<Value, Exc> {
    check_args(vm, "sum", args, 1, 2)?;
    let acc = if args.len() == 2 {
        args[1]
    } else {
        kwarg(vm, kwargs, "start").unwrap_or(Value::Int(0))
    };
    if vm.str_of(acc).is_some() {
        return Err(vm.type_error("sum() can't sum strings [use ''.join(seq) instead]"));
    }
    if vm.runs_python(args[0]) {
        return vm.hand_off(Helper::Sum, &[args[0], acc]);
    }
    if let Some(r) = sum_of_range(vm, args[0], acc)? {
        return Ok(r);
    }
    let it = vm.get_iter(args[0])?;
    chunked(vm, Step::Sum, it, acc, Value::None, Value::None)
}

/// The result of a chunked native loop for a native's caller: `Null` (min/max of nothing)
/// when done, or a hand-off to the rest of the loop.
fn chunked(
    vm: &mut Vm,
    kind: Step,
    it: Value,
    init: Value,
    a: Value,
    b: Value,
) -> Result<Value, Exc> {
    match vm.run_chunked(kind, it, init, a, b)? {
        Chunked::Done(v) => Ok(v),
        Chunked::More(args) => vm.hand_off(Helper::Resume, &args),
    }
}

/// `sum(range(...), start)` with an int start, in closed form: the same int CPython's
/// item-by-item loop gives, without 10**9 steps.
fn sum_of_range(vm: &mut Vm, v: Value, start: Value) -> Result<Option<Value>, Exc> {
    let Value::Obj(r) = v else { return Ok(None) };
    let Obj::Range(a, b, s) = *vm.heap.get(r) else {
        return Ok(None);
    };
    let start = match start {
        Value::Bool(x) => Value::Int(x as i64),
        Value::Int(_) => start,
        Value::Obj(o) if matches!(vm.heap.get(o), Obj::BigInt(_)) => start,
        _ => return Ok(None),
    };
    let n = crate::ops::range_len_wide(a, b, s);
    if n == 0 {
        return Ok(Some(start));
    }
    // n * a + s * (n * (n - 1) / 2) + start, exact (big ints where needed).
    use crate::ast::BinOp;
    let nv = vm.int_from_i128(n)?;
    let av = Value::Int(a);
    let tri = vm.int_from_i128(n - 1)?;
    let tri = vm.binary_op(BinOp::Mul, nv, tri, false)?;
    let tri = vm.binary_op(BinOp::FloorDiv, tri, Value::Int(2), false)?;
    let tri = vm.binary_op(BinOp::Mul, Value::Int(s), tri, false)?;
    let na = vm.binary_op(BinOp::Mul, nv, av, false)?;
    let total = vm.binary_op(BinOp::Add, na, tri, false)?;
    Ok(Some(vm.binary_op(BinOp::Add, start, total, false)?))
}

fn b_sorted(vm: &mut Vm, args: &[Value], kwargs: Kw) -> Result<Value, Exc> {
    if args.len() != 1 {
        let msg = format!("sorted expected 1 argument, got {}", args.len());
        return Err(vm.type_error(&msg));
    }
    if vm.runs_python(args[0]) {
        let kw = kwargs_dict(vm, kwargs)?;
        return vm.hand_off(Helper::Sorted, &[args[0], kw]);
    }
    let mut items = vm.collect_iter_rooted(args[0])?;
    sort_values(vm, &mut items, kwargs)?;
    vm.alloc(Obj::List(items))
}

fn b_reversed(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "reversed", args, 1, 1)?;
    reversed_of(vm, args[0])
}

/// `reversed(v)`.
pub(crate) fn reversed_of(vm: &mut Vm, v: Value) -> Result<Value, Exc> {
    if let Value::Obj(r) = v {
        match vm.heap.get(r) {
            Obj::List(l) => {
                let n = l.len();
                return vm.alloc(Obj::Iter(IterState::Reversed(r, n)));
            }
            Obj::Tuple(t) => {
                let n = t.len();
                return vm.alloc(Obj::Iter(IterState::Reversed(r, n)));
            }
            Obj::Instance(_) => {
                let rv = vm.n.reversed;
                if let Some(m) = vm.lookup_special(v, rv) {
                    return vm.call(m, &[v]);
                }
            }
            Obj::Range(a, b, s) => {
                // Lazily, from the last item down (no list of a huge range).
                let (a, b, s) = (*a, *b, *s);
                let n = crate::ops::range_len_wide(a, b, s);
                if let (Some(ns), Some(stop)) = (s.checked_neg(), a.checked_sub(s)) {
                    let last = if n == 0 {
                        stop
                    } else {
                        (a as i128 + (n - 1) * s as i128) as i64
                    };
                    return vm.alloc(Obj::Iter(IterState::Range {
                        cur: last,
                        stop,
                        step: ns,
                    }));
                }
            }
            Obj::Dict(_) => {}
            _ => {}
        }
    }
    let mut items = match v {
        Value::Obj(r)
            if matches!(
                vm.heap.get(r),
                Obj::Dict(_)
                    | Obj::Str(_)
                    | Obj::Range(..)
                    | Obj::Bytes(_)
                    | Obj::ByteArray(_)
                    | Obj::DictView(..)
                    | Obj::Instance(_)
            ) =>
        {
            vm.collect_iter(v)?
        }
        _ => {
            let tn = vm.type_name(v);
            return Err(vm.type_error(&format!("'{}' object is not reversible", tn)));
        }
    };
    items.reverse();
    let n = items.len();
    let t = vm.alloc(Obj::Tuple(items.into_boxed_slice()))?;
    let _ = n;
    vm.get_iter(t)
}

fn b_enumerate(vm: &mut Vm, args: &[Value], kwargs: Kw) -> Result<Value, Exc> {
    check_args(vm, "enumerate", args, 1, 2)?;
    let start = match args.get(1).copied().or_else(|| kwarg(vm, kwargs, "start")) {
        Some(s) => vm.as_index(s)?,
        None => 0,
    };
    let it = vm.get_iter(args[0])?;
    vm.alloc(Obj::Iter(IterState::Enumerate(it, start)))
}

fn b_zip(vm: &mut Vm, args: &[Value], kwargs: Kw) -> Result<Value, Exc> {
    let strict = match kwarg(vm, kwargs, "strict") {
        Some(v) => vm.truthy(v)?,
        None => false,
    };
    let mut its = Vec::new();
    for a in args {
        its.push(vm.get_iter(*a)?);
    }
    if strict {
        its.push(Value::Bool(true));
    }
    vm.alloc(Obj::Iter(IterState::Zip(its)))
}

fn b_map(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    if args.len() < 2 {
        return Err(vm.type_error("map() must have at least two arguments."));
    }
    let mut its = Vec::new();
    for a in &args[1..] {
        its.push(vm.get_iter(*a)?);
    }
    vm.alloc(Obj::Iter(IterState::Map(args[0], its)))
}

fn b_filter(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "filter", args, 2, 2)?;
    let it = vm.get_iter(args[1])?;
    vm.alloc(Obj::Iter(IterState::Filter(args[0], it)))
}

fn b_any(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "any", args, 1, 1)?;
    if vm.runs_python(args[0]) {
        return vm.hand_off(Helper::Any, args);
    }
    let it = vm.get_iter(args[0])?;
    let no = Value::Bool(false);
    chunked(vm, Step::Any, it, no, Value::None, Value::None)
}

fn b_all(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "all", args, 1, 1)?;
    if vm.runs_python(args[0]) {
        return vm.hand_off(Helper::All, args);
    }
    let it = vm.get_iter(args[0])?;
    let yes = Value::Bool(true);
    chunked(vm, Step::All, it, yes, Value::None, Value::None)
}

fn b_chr(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "chr", args, 1, 1)?;
    let i = vm.as_index(args[0])?;
    if i32::try_from(i).is_err() {
        // CPython converts to a C int first.
        return Err(vm.exc_msg(kind::OVERFLOW, "Python int too large to convert to C int"));
    }
    match u32::try_from(i).ok().and_then(char::from_u32) {
        Some(c) => vm.char_str(c),
        None => Err(vm.value_error("chr() arg not in range(0x110000)")),
    }
}

fn b_ord(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "ord", args, 1, 1)?;
    if let Some(s) = vm.str_of(args[0]) {
        let mut it = s.chars();
        let n = s.chars().count();
        return match (it.next(), n) {
            (Some(c), 1) => Ok(Value::Int(c as i64)),
            _ => Err(vm.type_error(&format!(
                "ord() expected a character, but string of length {} found",
                n
            ))),
        };
    }
    if let Value::Obj(r) = args[0]
        && let Obj::Bytes(b) | Obj::ByteArray(b) = vm.heap.get(r)
    {
        if b.len() == 1 {
            return Ok(Value::Int(b[0] as i64));
        }
        let n = b.len();
        return Err(vm.type_error(&format!(
            "ord() expected a character, but string of length {} found",
            n
        )));
    }
    let tn = vm.type_name(args[0]);
    Err(vm.type_error(&format!(
        "ord() expected string of length 1, but {} found",
        tn
    )))
}

fn radix_str(vm: &mut Vm, v: Value, radix: u32, prefix: &str) -> Result<Value, Exc> {
    let b = match vm.as_num(v) {
        Some(Num::I(i)) => BigInt::from_i64(i),
        Some(Num::B(b)) => b,
        _ => {
            let idx = vm.as_index(v)?;
            BigInt::from_i64(idx)
        }
    };
    let s = b.to_string_radix(radix);
    let s = match s.strip_prefix('-') {
        Some(rest) => format!("-{}{}", prefix, rest),
        None => format!("{}{}", prefix, s),
    };
    vm.new_string(s)
}

fn b_hex(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "hex", args, 1, 1)?;
    radix_str(vm, args[0], 16, "0x")
}
fn b_oct(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "oct", args, 1, 1)?;
    radix_str(vm, args[0], 8, "0o")
}
fn b_bin(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "bin", args, 1, 1)?;
    radix_str(vm, args[0], 2, "0b")
}

fn b_divmod(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "divmod", args, 2, 2)?;
    if let (Value::Int(_) | Value::Obj(_), Value::Int(0)) = (args[0], args[1])
        && matches!(vm.as_num(args[0]), Some(Num::I(_) | Num::B(_)))
    {
        return Err(vm.exc_msg(kind::ZERO_DIVISION, "integer division or modulo by zero"));
    }
    // A float by zero: CPython's own message (not floor division's).
    let zero = matches!(args[1], Value::Int(0) | Value::Bool(false))
        || matches!(args[1], Value::Float(f) if f == 0.0);
    if zero && (matches!(args[0], Value::Float(_)) || matches!(args[1], Value::Float(_))) {
        return Err(vm.exc_msg(kind::ZERO_DIVISION, "float divmod()"));
    }
    // A class's `__divmod__`, then the other operand's `__rdivmod__`.
    for (i, name) in [(0, "__divmod__"), (1, "__rdivmod__")] {
        if vm.is_instance_value(args[i]) {
            let n = vm.intern(name)?;
            if let Some(m) = vm.lookup_special(args[i], n) {
                let r = vm.call(m, &[args[i], args[1 - i]])?;
                if r != vm.not_implemented {
                    return Ok(r);
                }
            }
        }
    }
    // Only numbers (and those hooks) divmod: not a class with just `__floordiv__`.
    if vm.as_num(args[0]).is_none() || vm.as_num(args[1]).is_none() {
        let (a, b) = (vm.type_name(args[0]), vm.type_name(args[1]));
        return Err(vm.type_error(&format!(
            "unsupported operand type(s) for divmod(): '{}' and '{}'",
            a, b
        )));
    }
    let q = vm.binary_op(crate::ast::BinOp::FloorDiv, args[0], args[1], false)?;
    let m = vm.binary_op(crate::ast::BinOp::Mod, args[0], args[1], false)?;
    vm.alloc(Obj::Tuple(vec![q, m].into_boxed_slice()))
}

fn b_pow(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "pow", args, 2, 3)?;
    if args.len() == 3 && !matches!(args[2], Value::None) {
        // A class's three-argument `__pow__(e, mod)` (CPython tries no reflected form).
        if vm.is_instance_value(args[0]) {
            let name = vm.intern("__pow__")?;
            if let Some(f) = vm.lookup_special(args[0], name) {
                return vm.call(f, args);
            }
        }
        if args.iter().any(|a| vm.is_instance_value(*a)) {
            let names: Vec<String> = args.iter().map(|a| vm.type_name(*a)).collect();
            return Err(vm.type_error(&format!(
                "unsupported operand type(s) for ** or pow(): '{}', '{}', '{}'",
                names[0], names[1], names[2]
            )));
        }
        let (b, e, m) = (vm.as_num(args[0]), vm.as_num(args[1]), vm.as_num(args[2]));
        let to_big = |n: Option<Num>| match n {
            Some(Num::I(i)) => Some(BigInt::from_i64(i)),
            Some(Num::B(b)) => Some(b),
            _ => None,
        };
        let (b, e, m) = match (to_big(b), to_big(e), to_big(m)) {
            (Some(b), Some(e), Some(m)) => (b, e, m),
            _ if args.iter().any(|a| vm.is_complex(*a)) => {
                return Err(vm.value_error("complex modulo"));
            }
            _ => {
                return Err(vm.type_error(
                    "pow() 3rd argument not allowed unless all arguments are integers",
                ));
            }
        };
        if m.is_zero() {
            return Err(vm.value_error("pow() 3rd argument cannot be 0"));
        }
        let (b, e) = if e.neg {
            // Modular inverse by the extended Euclidean algorithm.
            let mm = BigInt {
                neg: false,
                mag: m.mag.clone(),
            };
            let (mut r0, mut r1) = (
                mm.clone(),
                b.divmod(&mm).map(|x| x.1).unwrap_or_else(BigInt::zero),
            );
            let (mut t0, mut t1) = (BigInt::zero(), BigInt::from_i64(1));
            while !r1.is_zero() {
                let (q, r) = r0.divmod(&r1).unwrap_or((BigInt::zero(), BigInt::zero()));
                r0 = r1;
                r1 = r;
                let t = t0.sub(&q.mul(&t1));
                t0 = t1;
                t1 = t;
            }
            if r0 != BigInt::from_i64(1) {
                return Err(vm.value_error("base is not invertible for the given modulus"));
            }
            (t0, e.neg())
        } else {
            (b, e)
        };
        let mut result = BigInt::from_i64(1)
            .divmod(&m)
            .map(|x| x.1)
            .unwrap_or_else(BigInt::zero);
        let mut base = b.divmod(&m).map(|x| x.1).unwrap_or_else(BigInt::zero);
        let bits = e.bit_length();
        for i in 0..bits {
            let limb = e.mag[(i / 32) as usize];
            if (limb >> (i % 32)) & 1 == 1 {
                result = result
                    .mul(&base)
                    .divmod(&m)
                    .map(|x| x.1)
                    .unwrap_or_else(BigInt::zero);
            }
            base = base
                .mul(&base)
                .divmod(&m)
                .map(|x| x.1)
                .unwrap_or_else(BigInt::zero);
        }
        return vm.int_from_big(result);
    }
    vm.binary_op(crate::ast::BinOp::Pow, args[0], args[1], false)
}

/// `round()`; also `int.__round__`/`float.__round__` (the receiver first).
pub fn b_round(vm: &mut Vm, args: &[Value], kwargs: Kw) -> Result<Value, Exc> {
    check_args(vm, "round", args, 1, 2)?;
    let nd = args
        .get(1)
        .copied()
        .or_else(|| kwarg(vm, kwargs, "ndigits"))
        .filter(|v| !matches!(v, Value::None));
    match vm.as_num(args[0]) {
        Some(Num::F(f)) => match nd {
            None => {
                if !f.is_finite() {
                    return Err(if f.is_nan() {
                        vm.value_error("cannot convert float NaN to integer")
                    } else {
                        vm.exc_msg(kind::OVERFLOW, "cannot convert float infinity to integer")
                    });
                }
                let r = round_half_even(f);
                if r.abs() < 9.0e18 {
                    Ok(Value::Int(r as i64))
                } else {
                    vm.int_from_big(BigInt::from_f64(r))
                }
            }
            Some(n) => {
                let n = vm.as_index(n)?;
                if !f.is_finite() {
                    return Ok(Value::Float(f));
                }
                // Round via decimal text to match CPython's correctly-rounded result.
                if n >= 0 {
                    let s = crate::float_fmt::fixed(f, n.min(300) as usize);
                    Ok(Value::Float(crate::float_parse::parse_f64(&s).unwrap_or(f)))
                } else {
                    let p = libm::pow(10.0, -(n as f64));
                    if p.is_infinite() {
                        // Every float rounds to zero at such a scale.
                        return Ok(Value::Float(libm::copysign(0.0, f)));
                    }
                    Ok(Value::Float(round_half_even(f / p) * p))
                }
            }
        },
        Some(Num::I(i)) => match nd {
            Some(n) => {
                let n = vm.as_index(n)?;
                if n >= 0 {
                    return Ok(Value::Int(i));
                }
                // In i128 (10**38 fits): `-n` of i64::MIN and 10**19 do not fit
                // i64, and an `as u32` would wrap 2**32 to 0.
                let k = n.unsigned_abs();
                if k > 38 {
                    return Ok(Value::Int(0));
                }
                let p = 10i128.pow(k as u32);
                let i = i as i128;
                let q = i.div_euclid(p);
                let rem = i - q * p;
                let q = if rem * 2 > p || (rem * 2 == p && q % 2 != 0) {
                    q + 1
                } else {
                    q
                };
                vm.int_from_i128(q * p)
            }
            None => Ok(Value::Int(i)),
        },
        Some(Num::B(_)) => Ok(args[0]),
        None => {
            let rn = vm.intern("__round__")?;
            if let Some(m) = vm.lookup_special(args[0], rn) {
                let mut a = vec![args[0]];
                if let Some(n) = nd {
                    a.push(n);
                }
                return vm.call(m, &a);
            }
            let tn = vm.type_name(args[0]);
            Err(vm.type_error(&format!("type {} doesn't define __round__ method", tn)))
        }
    }
}

/// Round half to even.
pub fn round_half_even(f: f64) -> f64 {
    let r = libm::round(f);
    if (f - libm::trunc(f)).abs() == 0.5 {
        let t = libm::trunc(f);
        if (t as i64) % 2 == 0 { t } else { r }
    } else {
        r
    }
}

fn b_getattr(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "getattr", args, 2, 3)?;
    let name = attr_name(vm, args[1])?;
    match vm.get_attr(args[0], name) {
        Ok(v) => Ok(v),
        Err(e) if args.len() == 3 && vm.exc_is(e.0, kind::ATTRIBUTE) => Ok(args[2]),
        Err(e) => Err(e),
    }
}

/// Interns a str value (attribute names must be interned-compatible; equal strs compare fine).
pub fn intern_value(vm: &mut Vm, v: Value) -> Result<Value, Exc> {
    let s = String::from(vm.str_of(v).unwrap_or(""));
    vm.intern(&s)
}

/// The interned attribute name `v` of getattr/setattr/delattr/hasattr (a str, else CPython's
/// TypeError).
fn attr_name(vm: &mut Vm, v: Value) -> Result<Value, Exc> {
    if vm.str_of(v).is_none() {
        let tn = vm.type_name(v);
        return Err(vm.type_error(&format!("attribute name must be string, not '{}'", tn)));
    }
    intern_value(vm, v)
}

fn b_setattr(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "setattr", args, 3, 3)?;
    let name = attr_name(vm, args[1])?;
    vm.set_attr(args[0], name, args[2])?;
    Ok(Value::None)
}

fn b_delattr(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "delattr", args, 2, 2)?;
    let name = attr_name(vm, args[1])?;
    vm.del_attr(args[0], name)?;
    Ok(Value::None)
}

fn b_hasattr(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "hasattr", args, 2, 2)?;
    let name = attr_name(vm, args[1])?;
    match vm.get_attr(args[0], name) {
        Ok(_) => Ok(Value::Bool(true)),
        Err(e) if vm.exc_is(e.0, kind::ATTRIBUTE) => Ok(Value::Bool(false)),
        Err(e) => Err(e),
    }
}

fn b_globals(vm: &mut Vm, _: &[Value], _: Kw) -> Result<Value, Exc> {
    let g = vm
        .frames
        .last()
        .map(|f| f.globals)
        .unwrap_or(vm.main_globals);
    Ok(Value::Obj(g))
}

fn b_locals(vm: &mut Vm, _: &[Value], _: Kw) -> Result<Value, Exc> {
    let f = match vm.frames.last() {
        Some(f) => f,
        None => return Ok(Value::Obj(vm.main_globals)),
    };
    if let Some(ns) = f.ns {
        return Ok(Value::Obj(ns));
    }
    if f.code.flags & crate::bytecode::flags::MODULE != 0 {
        return Ok(Value::Obj(f.globals));
    }
    let code = f.code.clone();
    let base = f.base;
    let d = vm.alloc(Obj::Dict(Dict::new()))?;
    for i in 0..code.nvarnames() {
        if vm.varname_str(&code, i).starts_with('.') {
            continue;
        }
        let mut v = vm.stack.get(base + i).copied().unwrap_or(Value::Null);
        if (code.cellvars().iter().any(|(s, _)| *s as usize == i)
            || code.freevars().contains(&(i as u32)))
            && let Value::Obj(r) = v
            && let Obj::Cell(c) = vm.heap.get(r)
        {
            v = *c;
        }
        if !v.is_null() {
            let name = vm.varname_value(&code, i)?;
            vm.dict_set(d, name, v)?;
        }
    }
    Ok(d)
}

fn b_format(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "format", args, 1, 2)?;
    let spec = match args.get(1) {
        Some(v) => match vm.str_of(*v) {
            Some(s) => String::from(s),
            None => return Err(vm.type_error("format() argument 2 must be str")),
        },
        None => String::new(),
    };
    let s = vm.format_value(args[0], &spec)?;
    vm.new_string(s)
}

fn b_vars(vm: &mut Vm, args: &[Value], kw: Kw) -> Result<Value, Exc> {
    if args.is_empty() {
        return b_locals(vm, args, kw);
    }
    let d = vm.n.dict;
    match vm.get_attr_opt(args[0], d)? {
        Some(v) => Ok(v),
        None => Err(vm.type_error("vars() argument must have __dict__ attribute")),
    }
}

/// Names `dir()` adds: a Python class's descriptors (the first two), then `object`'s
/// attributes that are not in its dict here.
const DIR_EXTRA: [&str; 10] = [
    "__dict__",
    "__weakref__",
    "__class__",
    "__dir__",
    "__doc__",
    "__getstate__",
    "__reduce__",
    "__reduce_ex__",
    "__sizeof__",
    "__subclasshook__",
];

fn b_dir(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    let mut names: Vec<Value> = Vec::new();
    let mut strs_extra: &[&str] = &[];
    if args.is_empty() {
        // The caller's local names (its globals at module level), as `locals()` has them.
        let l = b_locals(vm, args, &[])?;
        if let Value::Obj(g) = l
            && let Obj::Dict(d) = vm.heap.get(g)
        {
            names = d.iter().map(|e| e.key).collect();
        }
    } else {
        let v = args[0];
        crate::native_stdlib::materialize_all(vm, v)?;
        let mut tables: Vec<Dict> = Vec::new();
        if let Value::Obj(r) = v {
            match vm.heap.get(r) {
                Obj::Instance(_) => tables.push(vm.inst_dict(r).cloned().unwrap_or_default()),
                Obj::Module(_, d) => {
                    if let Obj::Dict(d) = vm.heap.get(*d) {
                        tables.push(d.clone());
                    }
                }
                _ => {}
            }
        }
        let cls = match v {
            Value::Obj(r) if matches!(vm.heap.get(r), Obj::Class(_)) => Some(r),
            Value::Obj(r) if matches!(vm.heap.get(r), Obj::Module(..)) => None,
            _ => Some(vm.class_of(v)),
        };
        if let Some(c) = cls {
            // Builtin methods exist on the heap once their name was used; list them all.
            vm.materialize_class(c)?;
        }
        let mut extra: &[&str] = &[];
        if let Some(c) = cls
            && let Obj::Class(c) = vm.heap.get(c)
        {
            let (module, slots) = (vm.interned_opt("__module__"), vm.interned_opt("__slots__"));
            let mut python_class = false;
            let mut has_slots = false;
            for m in c.mro.clone() {
                if let Obj::Class(k) = vm.heap.get(m) {
                    let has =
                        |n: Option<Value>| n.is_some_and(|n| k.dict.iter().any(|e| e.key == n));
                    python_class |= has(module);
                    has_slots |= has(slots);
                    tables.push(k.dict.clone());
                }
            }
            // What `object` and a Python class have in CPython but not as entries here.
            extra = if python_class && !has_slots {
                &DIR_EXTRA
            } else {
                &DIR_EXTRA[2..]
            };
        }
        for t in tables {
            for e in t.iter() {
                names.push(e.key);
            }
        }
        strs_extra = extra;
    }
    let mut strs: Vec<String> = names
        .iter()
        .filter_map(|n| vm.str_of(*n).map(String::from))
        .filter(|n| n != "__qualname__")
        .chain(strs_extra.iter().map(|s| String::from(*s)))
        .collect();
    strs.sort();
    strs.dedup();
    let mut out = Vec::new();
    for s in strs {
        out.push(vm.new_string(s)?);
    }
    vm.alloc(Obj::List(out))
}

/// `anext(it[, default])`: a coroutine awaiting `it.__anext__()` (giving `default`, when
/// there is one, instead of raising StopAsyncIteration).
fn b_anext(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "anext", args, 1, 2)?;
    let name = vm.intern("__anext__")?;
    if vm.get_attr_opt(args[0], name)?.is_none() {
        let tn = vm.type_name(args[0]);
        return Err(vm.type_error(&format!("'{}' object is not an async iterator", tn)));
    }
    let default = args.get(1).copied().unwrap_or(Value::None);
    let has_default = Value::Bool(args.len() == 2);
    vm.hand_off(
        crate::iterhelp::Helper::Anext,
        &[args[0], has_default, default],
    )
}

fn b_input(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    if let Some(p) = args.first() {
        let s = vm.to_str(*p)?;
        vm.host.write_out(&s);
    }
    let line = match crate::modules::stdin_input_line(vm)? {
        Some(line) => line,
        None => match vm.host.read_line() {
            Some(line) => Some(vm.new_string(line)?),
            None => None,
        },
    };
    line.ok_or_else(|| vm.exc_msg(kind::EOF, "EOF when reading a line"))
}

fn b_open(vm: &mut Vm, args: &[Value], kw: Kw) -> Result<Value, Exc> {
    // open() lives with `os` (the stdlib's filesystem code, over Host::fs).
    crate::os_module::open(vm, args, kw)
}

fn b_import(vm: &mut Vm, args: &[Value], kw: Kw) -> Result<Value, Exc> {
    check_args(vm, "__import__", args, 1, 5)?;
    if vm.str_of(args[0]) == Some("") {
        return Err(vm.exc_msg(kind::VALUE, "Empty module name"));
    }
    let name = intern_value(vm, args[0])?;
    let module = crate::modules::import_nested(vm, name)?;
    // As CPython: without a fromlist, `__import__("a.b")` gives the top package `a`.
    let fromlist = match args.get(3) {
        Some(v) => *v,
        None => kwarg(vm, kw, "fromlist").unwrap_or(Value::None),
    };
    if vm.truthy(fromlist)? {
        return Ok(module);
    }
    let dotted: String = match vm.str_of(name) {
        Some(s) => s.into(),
        None => return Ok(module),
    };
    match dotted.split_once('.') {
        Some((top, _)) => {
            let top = vm.intern(top)?;
            let modules = vm.modules;
            Ok(vm.dict_get_str(modules, top).unwrap_or(module))
        }
        None => Ok(module),
    }
}

fn b_exec(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    exec_eval(vm, args, false)
}

fn b_eval(vm: &mut Vm, args: &[Value], _: Kw) -> Result<Value, Exc> {
    exec_eval(vm, args, true)
}

/// `exec`/`eval` of a str in the caller's globals or a given dict (no separate locals: a
/// function's locals are not visible to the code, a known gap).
fn exec_eval(vm: &mut Vm, args: &[Value], eval: bool) -> Result<Value, Exc> {
    let name = if eval { "eval" } else { "exec" };
    check_args(vm, name, args, 1, 3)?;
    let code = match args[0] {
        Value::Obj(r) => match vm.heap.get(r) {
            Obj::Code(c) => Some(c.clone()),
            _ => None,
        },
        _ => None,
    };
    let src: String = match vm.str_of(args[0]) {
        Some(s) => s.into(),
        None if code.is_some() => String::new(),
        None => {
            return Err(vm.type_error(&format!(
                "{}() arg 1 must be a string, bytes or code object",
                name
            )));
        }
    };
    let globals = match args.get(1).copied() {
        None | Some(Value::None) => match vm.frames.last() {
            Some(f) => f.globals,
            None => return Err(vm.exc_msg(kind::RUNTIME, "no globals")),
        },
        Some(Value::Obj(d)) if matches!(vm.heap.get(d), Obj::Dict(_)) => d,
        Some(g) => {
            let tn = vm.type_name(g);
            return Err(vm.type_error(&if eval {
                String::from("globals must be a dict")
            } else {
                format!("exec() globals must be a dict, not {}", tn)
            }));
        }
    };
    if let Some(&l) = args.get(2)
        && !matches!(l, Value::None)
        && l != Value::Obj(globals)
    {
        return Err(vm.exc_msg(
            kind::NOT_IMPLEMENTED,
            "exec()/eval() with separate locals are not supported",
        ));
    }
    // CPython puts the builtins into a globals dict that lacks them.
    let bk = vm.intern("__builtins__")?;
    if vm.dict_get_str(globals, bk).is_none() {
        let b = vm.builtins;
        vm.dict_set_str(globals, bk, Value::Obj(b))?;
    }
    match code {
        Some(c) => vm.exec_code(c, globals, eval),
        None => vm.exec_source(&src, globals, eval),
    }
}

/// `compile(source, filename, mode)`: a code object for `exec`/`eval` (flags, dont_inherit
/// and optimize are accepted and ignored).
fn b_compile(vm: &mut Vm, args: &[Value], kwargs: Kw) -> Result<Value, Exc> {
    const NAMES: [&str; 6] = [
        "source",
        "filename",
        "mode",
        "flags",
        "dont_inherit",
        "optimize",
    ];
    let mut a: [Option<Value>; 6] = [None; 6];
    if args.len() > 6 {
        return Err(vm.type_error(&format!(
            "compile() takes at most 6 arguments ({} given)",
            args.len()
        )));
    }
    for (slot, v) in a.iter_mut().zip(args) {
        *slot = Some(*v);
    }
    for &(k, v) in kwargs {
        let key = vm.str_of(k).unwrap_or("");
        match NAMES.iter().position(|n| *n == key) {
            Some(i) if a[i].is_none() => a[i] = Some(v),
            Some(i) => {
                return Err(vm.type_error(&format!(
                    "argument for compile() given by name ('{}') and position ({})",
                    NAMES[i],
                    i + 1
                )));
            }
            None => {
                let key = String::from(key);
                return Err(vm.type_error(&format!(
                    "compile() got an unexpected keyword argument '{}'",
                    key
                )));
            }
        }
    }
    for (i, n) in NAMES.iter().enumerate().take(3) {
        if a[i].is_none() {
            return Err(vm.type_error(&format!(
                "compile() missing required argument '{}' (pos {})",
                n,
                i + 1
            )));
        }
    }
    let (src_v, file_v, mode_v) = (
        a[0].unwrap_or(Value::None),
        a[1].unwrap_or(Value::None),
        a[2].unwrap_or(Value::None),
    );
    let src: String = if let Some(s) = vm.str_of(src_v) {
        s.into()
    } else if let Value::Obj(r) = src_v
        && let Obj::Bytes(b) | Obj::ByteArray(b) = vm.heap.get(r)
    {
        match core::str::from_utf8(b) {
            Ok(s) => s.into(),
            Err(_) => return Err(vm.exc_msg(kind::SYNTAX, "source code is not valid UTF-8")),
        }
    } else {
        return Err(vm.type_error("compile() arg 1 must be a string, bytes or AST object"));
    };
    if src.contains('\0') {
        return Err(vm.exc_msg(kind::SYNTAX, "source code string cannot contain null bytes"));
    }
    let filename: String = match vm.str_of(file_v) {
        Some(s) => s.into(),
        None => {
            let tn = vm.type_name(file_v);
            return Err(vm.type_error(&format!(
                "expected str, bytes or os.PathLike object, not {}",
                tn
            )));
        }
    };
    let mode = match vm.str_of(mode_v) {
        Some("exec") => crate::vm::CodeMode::Exec,
        Some("eval") => crate::vm::CodeMode::Eval,
        Some("single") => crate::vm::CodeMode::Single,
        Some(_) => {
            return Err(vm.value_error("compile() mode must be 'exec', 'eval' or 'single'"));
        }
        None => {
            let tn = vm.type_name(mode_v);
            return Err(vm.type_error(&format!(
                "compile() argument 'mode' must be str, not {}",
                tn
            )));
        }
    };
    let code = vm.compile_mode(&src, &filename, mode)?;
    vm.alloc(Obj::Code(code))
}

fn b_build_class_unused(vm: &mut Vm, _: &[Value], _: Kw) -> Result<Value, Exc> {
    Err(vm.type_error("__build_class__ is internal"))
}

/// The builtin functions (name, implementation).
pub const FUNCTIONS: &[(&str, NativeFnPtr)] = &[
    ("print", b_print),
    ("len", b_len),
    ("repr", b_repr),
    ("ascii", b_ascii),
    ("abs", b_abs),
    ("isinstance", b_isinstance),
    ("issubclass", b_issubclass),
    ("hash", b_hash),
    ("id", b_id),
    ("callable", b_callable),
    ("iter", b_iter),
    ("next", b_next),
    ("min", b_min),
    ("max", b_max),
    ("sum", b_sum),
    ("sorted", b_sorted),
    ("reversed", b_reversed),
    ("enumerate", b_enumerate),
    ("zip", b_zip),
    ("map", b_map),
    ("filter", b_filter),
    ("any", b_any),
    ("all", b_all),
    ("anext", b_anext),
    ("chr", b_chr),
    ("ord", b_ord),
    ("hex", b_hex),
    ("oct", b_oct),
    ("bin", b_bin),
    ("divmod", b_divmod),
    ("pow", b_pow),
    ("round", b_round),
    ("getattr", b_getattr),
    ("setattr", b_setattr),
    ("delattr", b_delattr),
    ("hasattr", b_hasattr),
    ("globals", b_globals),
    ("locals", b_locals),
    ("vars", b_vars),
    ("format", b_format),
    ("dir", b_dir),
    ("input", b_input),
    ("open", b_open),
    ("__import__", b_import),
    ("eval", b_eval),
    ("exec", b_exec),
    ("compile", b_compile),
    ("__build_class__", b_build_class_unused),
    // The site module's `exit()` / `quit()` (scripts call them), on the host only.
    #[cfg(feature = "std")]
    ("exit", crate::modules::sys_exit),
    #[cfg(feature = "std")]
    ("quit", crate::modules::sys_exit),
];

// ---------- constructors of builtin types ----------

/// Parses an int from text (Python `int(s, base)` rules).
pub fn parse_int(vm: &mut Vm, s: &str, base: i64) -> Result<Value, Exc> {
    let orig = s;
    let converted = crate::str::ascii_digits(s);
    let t = converted.trim();
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let given_base = base;
    let mut base = base;
    let lower = t.to_ascii_lowercase();
    let mut digits = lower.as_str();
    for (p, b) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if (base == 0 || base == b) && digits.starts_with(p) {
            // One underscore may follow the prefix (`0x_ff`).
            digits = digits[2..].strip_prefix('_').unwrap_or(&digits[2..]);
            base = b;
        }
    }
    if base == 0 {
        base = 10;
        if digits.len() > 1
            && digits.starts_with('0')
            && digits.bytes().any(|b| b != b'0' && b != b'_')
        {
            return Err(vm.value_error(&format!(
                "invalid literal for int() with base 0: {}",
                crate::format::str_repr(orig)
            )));
        }
    }
    let ok = !digits.is_empty()
        && !digits.starts_with('_')
        && !digits.ends_with('_')
        && !digits.contains("__");
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    // As CPython: the limit guards the quadratic conversion, which powers of two do not need.
    let limit = vm.int_max_str_digits;
    if ok && !(base as u32).is_power_of_two() && limit != 0 && clean.len() > limit {
        return Err(vm.int_digits_error(Some(clean.len())));
    }
    match (ok, BigInt::parse(&clean, base as u32)) {
        (true, Some(b)) => {
            let b = if neg { b.neg() } else { b };
            vm.int_from_big(b)
        }
        _ => Err(vm.value_error(&format!(
            "invalid literal for int() with base {}: {}",
            given_base,
            crate::format::str_repr(orig)
        ))),
    }
}

/// Parses a float from text.
pub fn parse_float(s: &str) -> Option<f64> {
    let converted = crate::str::ascii_digits(s);
    let t = converted.trim();
    let l = t.to_ascii_lowercase();
    match l.as_str() {
        "inf" | "+inf" | "infinity" | "+infinity" => return Some(f64::INFINITY),
        "-inf" | "-infinity" => return Some(f64::NEG_INFINITY),
        "nan" | "+nan" | "-nan" => return Some(f64::NAN),
        _ => {}
    }
    if t.contains("__") || t.starts_with('_') || t.ends_with('_') {
        return None;
    }
    let clean: String = t.chars().filter(|&c| c != '_').collect();
    if clean.is_empty()
        || clean
            .chars()
            .any(|c| !(c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-')))
    {
        return None;
    }
    crate::float_parse::parse_f64(&clean)
}

fn to_int(vm: &mut Vm, args: &[Value], kwargs: Kw) -> Result<Value, Exc> {
    if args.is_empty() {
        return Ok(Value::Int(0));
    }
    let base = args.get(1).copied().or_else(|| kwarg(vm, kwargs, "base"));
    if let Some(b) = base {
        let b = vm.as_index(b)?;
        if b != 0 && !(2..=36).contains(&b) {
            return Err(vm.value_error("int() base must be >= 2 and <= 36, or 0"));
        }
        return match vm.str_of(args[0]) {
            Some(s) => {
                let s = String::from(s);
                parse_int(vm, &s, b)
            }
            None => Err(vm.type_error("int() can't convert non-string with explicit base")),
        };
    }
    let v = args[0];
    match vm.as_num(v) {
        Some(Num::I(i)) => return Ok(Value::Int(i)),
        Some(Num::B(_)) => return Ok(v),
        Some(Num::F(f)) => {
            if f.is_nan() {
                return Err(vm.value_error("cannot convert float NaN to integer"));
            }
            if f.is_infinite() {
                return Err(vm.exc_msg(kind::OVERFLOW, "cannot convert float infinity to integer"));
            }
            return vm.int_from_big(BigInt::from_f64(f));
        }
        None => {}
    }
    if let Some(s) = vm.str_of(v) {
        let s = String::from(s);
        return parse_int(vm, &s, 10);
    }
    if let Value::Obj(r) = v
        && let Obj::Bytes(b) | Obj::ByteArray(b) = vm.heap.get(r)
    {
        let s = String::from_utf8_lossy(b).to_string();
        return parse_int(vm, &s, 10);
    }
    for name in ["__int__", "__index__", "__trunc__"] {
        let n = vm.intern(name)?;
        if let Some(m) = vm.lookup_special(v, n) {
            return vm.call(m, &[v]);
        }
    }
    let tn = vm.type_name(v);
    Err(vm.type_error(&format!(
        "int() argument must be a string, a bytes-like object or a real number, not '{}'",
        tn
    )))
}

fn to_float(vm: &mut Vm, args: &[Value]) -> Result<Value, Exc> {
    let v = match args.first() {
        Some(v) => *v,
        None => return Ok(Value::Float(0.0)),
    };
    if let Some(n) = vm.as_num(v) {
        if let Num::B(b) = &n {
            let f = b.to_f64();
            if f.is_infinite() {
                return Err(vm.exc_msg(kind::OVERFLOW, "int too large to convert to float"));
            }
        }
        return Ok(Value::Float(n.to_f64()));
    }
    if let Some(s) = vm.str_of(v) {
        let s = String::from(s);
        return match parse_float(&s) {
            Some(f) => Ok(Value::Float(f)),
            None => Err(vm.value_error(&format!(
                "could not convert string to float: {}",
                crate::format::str_repr(&s)
            ))),
        };
    }
    // Bytes parse as their ASCII text, as CPython (`float(b'1.5')`).
    if let Value::Obj(r) = v
        && let Obj::Bytes(b) | Obj::ByteArray(b) = vm.heap.get(r)
    {
        let parsed = core::str::from_utf8(b).ok().and_then(parse_float);
        return match parsed {
            Some(f) => Ok(Value::Float(f)),
            None => {
                let rep = vm.repr(v)?;
                Err(vm.value_error(&format!("could not convert string to float: {}", rep)))
            }
        };
    }
    let fl = vm.n.float;
    if let Some(m) = vm.lookup_special(v, fl) {
        return vm.call(m, &[v]);
    }
    let tn = vm.type_name(v);
    Err(vm.type_error(&format!(
        "float() argument must be a string or a real number, not '{}'",
        tn
    )))
}

pub(crate) fn to_bytes(vm: &mut Vm, args: &[Value], kwargs: Kw) -> Result<Vec<u8>, Exc> {
    let v = match args.first() {
        Some(v) => *v,
        None => return Ok(Vec::new()),
    };
    if let Some(s) = vm.str_of(v) {
        let enc = args
            .get(1)
            .copied()
            .or_else(|| kwarg(vm, kwargs, "encoding"));
        if enc.is_none() {
            return Err(vm.type_error("string argument without an encoding"));
        }
        let s = String::from(s);
        let errors = args.get(2).copied().or_else(|| kwarg(vm, kwargs, "errors"));
        return crate::str::encode_text(vm, &s, enc, errors);
    }
    match v {
        Value::Int(n) => {
            if n < 0 {
                return Err(vm.value_error("negative count"));
            }
            // Compared as u64: `n as usize` would wrap on a 32-bit target.
            if n as u64 > vm.heap.limit as u64 {
                return Err(vm.memory_error());
            }
            Ok(vec![0u8; n as usize])
        }
        Value::Obj(r) => {
            match vm.heap.get(r) {
                Obj::Bytes(b) | Obj::ByteArray(b) => return Ok(b.clone()),
                Obj::MemoryView(_) => return vm.mv_bytes(r),
                Obj::BigInt(_) => {
                    return Err(vm.exc_msg(
                        kind::OVERFLOW,
                        "cannot fit 'int' into an index-sized integer",
                    ));
                }
                Obj::Instance(_) => {
                    // The buffer of an array.array.
                    if let Some(b) = vm.buffer_bytes(v) {
                        return Ok(b);
                    }
                    let name = vm.intern("__bytes__")?;
                    if let Some(f) = vm.lookup_special(v, name) {
                        let b = vm.call(f, &[v])?;
                        if let Value::Obj(br) = b
                            && let Obj::Bytes(x) = vm.heap.get(br)
                        {
                            return Ok(x.clone());
                        }
                        let tn = vm.type_name(b);
                        return Err(
                            vm.type_error(&format!("__bytes__ returned non-bytes (type {})", tn))
                        );
                    }
                }
                _ => {}
            }
            let items = vm.collect_iter(v)?;
            let mut out = Vec::with_capacity(items.len());
            for it in items {
                let x = vm.as_index(it)?;
                if !(0..256).contains(&x) {
                    return Err(vm.value_error("bytes must be in range(0, 256)"));
                }
                out.push(x as u8);
            }
            Ok(out)
        }
        _ => {
            let tn = vm.type_name(v);
            Err(vm.type_error(&format!("cannot convert '{}' object to bytes", tn)))
        }
    }
}

/// Calls a builtin class: `int("3")`, `list(x)`, `ValueError("m")`, ...
pub fn construct(vm: &mut Vm, cls: ObjRef, args: &[Value], kwargs: Kw) -> Result<Value, Exc> {
    let r = construct_raw(vm, cls, args, kwargs);
    vm.finish_handoff(r)
}

/// `construct`, leaving a hand-off to a helper (`iterhelp`) to the caller.
pub fn construct_raw(vm: &mut Vm, cls: ObjRef, args: &[Value], kwargs: Kw) -> Result<Value, Exc> {
    let tag = match vm.heap.get(cls) {
        Obj::Class(c) => c.tag,
        _ => TypeTag::Object,
    };
    match tag {
        TypeTag::Object => {
            if !args.is_empty() {
                return Err(vm.type_error("object() takes no arguments"));
            }
            vm.new_instance(cls, TypeTag::Object)
        }
        TypeTag::Type => {
            if args.len() == 1 {
                return Ok(Value::Obj(vm.type_of(args[0])?));
            }
            if args.len() == 3 {
                let t = vm.t.type_;
                return vm.type_new(t, args[0], args[1], args[2], kwargs);
            }
            Err(vm.type_error("type() takes 1 or 3 arguments"))
        }
        TypeTag::NoneType => Ok(Value::None),
        TypeTag::Bool => {
            check_args(vm, "bool", args, 0, 1)?;
            match args.first() {
                Some(v) => Ok(Value::Bool(vm.truthy(*v)?)),
                None => Ok(Value::Bool(false)),
            }
        }
        TypeTag::Int => to_int(vm, args, kwargs),
        TypeTag::Float => to_float(vm, args),
        TypeTag::Complex => crate::complex::construct(vm, args, kwargs),
        TypeTag::Str => {
            // str(object=..., encoding=..., errors=...): every parameter may be a keyword.
            let Some(obj) = args
                .first()
                .copied()
                .or_else(|| kwarg(vm, kwargs, "object"))
            else {
                return vm.intern("");
            };
            let decode = args.len() >= 2
                || kwarg(vm, kwargs, "encoding").is_some()
                || kwarg(vm, kwargs, "errors").is_some();
            if decode && let Some(b) = vm.buffer_bytes(obj) {
                let enc = args
                    .get(1)
                    .copied()
                    .or_else(|| kwarg(vm, kwargs, "encoding"));
                let errors = args.get(2).copied().or_else(|| kwarg(vm, kwargs, "errors"));
                let s = crate::str::decode_bytes(vm, &b, enc, errors)?;
                return vm.new_string(s);
            }
            if decode {
                if vm.str_of(obj).is_some() {
                    return Err(vm.type_error("decoding str is not supported"));
                }
                let tn = vm.type_name(obj);
                return Err(vm.type_error(&format!(
                    "decoding to str: need a bytes-like object, {} found",
                    tn
                )));
            }
            let s = vm.to_str(obj)?;
            vm.new_string(s)
        }
        TypeTag::Bytes | TypeTag::ByteArray
            if args.len() == 1
                && kwargs.is_empty()
                && !vm.is_instance_value(args[0])
                && vm.runs_python(args[0]) =>
        {
            vm.hand_off(Helper::Bytes, &[args[0], Value::Obj(cls)])
        }
        TypeTag::Bytes => {
            let b = to_bytes(vm, args, kwargs)?;
            vm.alloc(Obj::Bytes(b))
        }
        TypeTag::ByteArray => {
            let b = to_bytes(vm, args, kwargs)?;
            vm.alloc(Obj::ByteArray(b))
        }
        TypeTag::List => {
            check_args(vm, "list", args, 0, 1)?;
            if let Some(&v) = args.first()
                && vm.runs_python(v)
            {
                return vm.hand_off(Helper::List, &[v]);
            }
            // Every caller of `construct` holds nothing else for a list (GC-safe).
            let items = match args.first() {
                Some(v) => vm.collect_iter_rooted(*v)?,
                None => Vec::new(),
            };
            vm.alloc(Obj::List(items))
        }
        TypeTag::Tuple => {
            check_args(vm, "tuple", args, 0, 1)?;
            if let Some(&v) = args.first()
                && vm.runs_python(v)
            {
                return vm.hand_off(Helper::Tuple, &[v]);
            }
            if let Some(Value::Obj(r)) = args.first()
                && let Obj::Tuple(_) = vm.heap.get(*r)
            {
                return Ok(args[0]);
            }
            let items = match args.first() {
                Some(v) => vm.collect_iter(*v)?,
                None => Vec::new(),
            };
            vm.alloc(Obj::Tuple(items.into_boxed_slice()))
        }
        TypeTag::Dict => {
            check_args(vm, "dict", args, 0, 1)?;
            if let Some(&v) = args.first()
                && vm.runs_python(v)
                && !vm.is_instance_value(v)
            {
                let kw = kwargs_dict(vm, kwargs)?;
                return vm.hand_off(Helper::Dict, &[v, kw]);
            }
            let d = vm.alloc(Obj::Dict(Dict::new()))?;
            if let Some(src) = args.first() {
                vm.dict_update(d, *src)?;
            }
            for (k, v) in kwargs {
                vm.dict_set(d, *k, *v)?;
            }
            Ok(d)
        }
        TypeTag::Set | TypeTag::FrozenSet => {
            let frozen = tag == TypeTag::FrozenSet;
            check_args(vm, if frozen { "frozenset" } else { "set" }, args, 0, 1)?;
            if let Some(&v) = args.first()
                && vm.runs_python(v)
            {
                let h = if frozen {
                    Helper::FrozenSet
                } else {
                    Helper::Set
                };
                return vm.hand_off(h, &[v]);
            }
            let s = vm.alloc(Obj::Set(Dict::new(), frozen))?;
            if let Some(src) = args.first() {
                for it in vm.collect_iter(*src)? {
                    vm.set_add(s, it)?;
                }
            }
            Ok(s)
        }
        TypeTag::Range => {
            no_kwargs(vm, "range", kwargs)?;
            check_args(vm, "range", args, 1, 3)?;
            let mut n = [0i64; 3];
            for (i, a) in args.iter().enumerate() {
                n[i] = vm.as_index(*a)?;
            }
            let (a, b, s) = match args.len() {
                1 => (0, n[0], 1),
                2 => (n[0], n[1], 1),
                _ => (n[0], n[1], n[2]),
            };
            if s == 0 {
                return Err(vm.value_error("range() arg 3 must not be zero"));
            }
            vm.alloc(Obj::Range(a, b, s))
        }
        TypeTag::Slice => {
            check_args(vm, "slice", args, 1, 3)?;
            let (a, b, c) = match args.len() {
                1 => (Value::None, args[0], Value::None),
                2 => (args[0], args[1], Value::None),
                _ => (args[0], args[1], args[2]),
            };
            vm.alloc(Obj::Slice(Box::new([a, b, c])))
        }
        TypeTag::Property => {
            let g = args
                .first()
                .copied()
                .or_else(|| kwarg(vm, kwargs, "fget"))
                .unwrap_or(Value::None);
            let s = args
                .get(1)
                .copied()
                .or_else(|| kwarg(vm, kwargs, "fset"))
                .unwrap_or(Value::None);
            let d = args
                .get(2)
                .copied()
                .or_else(|| kwarg(vm, kwargs, "fdel"))
                .unwrap_or(Value::None);
            let doc = args
                .get(3)
                .copied()
                .or_else(|| kwarg(vm, kwargs, "doc"))
                .unwrap_or(Value::None);
            vm.alloc(Obj::Property(Box::new(PropertyDesc {
                fget: g,
                fset: s,
                fdel: d,
                doc,
            })))
        }
        TypeTag::ClassMethod => {
            check_args(vm, "classmethod", args, 1, 1)?;
            vm.alloc(Obj::ClassMethod(args[0]))
        }
        TypeTag::StaticMethod => {
            check_args(vm, "staticmethod", args, 1, 1)?;
            vm.alloc(Obj::StaticMethod(args[0]))
        }
        TypeTag::Super => {
            if args.is_empty() {
                return vm.implicit_super();
            }
            check_args(vm, "super", args, 2, 2)?;
            match args[0] {
                Value::Obj(r) if matches!(vm.heap.get(r), Obj::Class(_)) => {
                    let ok = vm.is_instance_of(args[1], r)
                        || matches!(args[1], Value::Obj(o)
                            if matches!(vm.heap.get(o), Obj::Class(_)) && vm.is_subclass(o, r));
                    if !ok {
                        return Err(vm.type_error(
                            "super(type, obj): obj must be an instance or subtype of type",
                        ));
                    }
                    vm.alloc(Obj::Super(r, args[1]))
                }
                _ => Err(vm.type_error("super() argument 1 must be a type")),
            }
        }
        TypeTag::MemoryView => {
            check_args(vm, "memoryview", args, 1, 1)?;
            match args[0] {
                Value::Obj(r) if matches!(vm.heap.get(r), Obj::Bytes(_) | Obj::ByteArray(_)) => {
                    vm.alloc(Obj::MemoryView(crate::memview::MemView::whole(r)))
                }
                // An array.array: a view of its items' bytearray, in its item format.
                v if let Some((b, fmt)) = vm.instance_buffer(v) => {
                    vm.alloc(Obj::MemoryView(crate::memview::MemView::typed(b, fmt)))
                }
                Value::Obj(r) if matches!(vm.heap.get(r), Obj::MemoryView(_)) => {
                    // The same window (CPython's memoryview(mv) shares mv's buffer).
                    vm.mv_len(r)?;
                    let view = match vm.heap.get(r) {
                        Obj::MemoryView(v) => *v,
                        _ => return Err(vm.type_error("memoryview")),
                    };
                    vm.alloc(Obj::MemoryView(view))
                }
                _ => {
                    let tn = vm.type_name(args[0]);
                    Err(vm.type_error(&format!(
                        "memoryview: a bytes-like object is required, not '{}'",
                        tn
                    )))
                }
            }
        }
        TypeTag::Exception => {
            let e = vm.new_exception(cls, args.to_vec())?;
            // AttributeError(name=, obj=) and NameError(name=) keep them as attributes;
            // other exceptions take no keywords, as CPython (host only, for flash).
            #[cfg(feature = "std")]
            for (k, v) in kwargs {
                let ok = match vm.str_of(*k) {
                    Some("name") => vm.exc_is(e, kind::ATTRIBUTE) || vm.exc_is(e, kind::NAME),
                    Some("obj") => vm.exc_is(e, kind::ATTRIBUTE),
                    _ => false,
                };
                if !ok {
                    let cn = vm.class_name(cls);
                    return Err(vm.type_error(&format!("{}() takes no keyword arguments", cn)));
                }
                vm.set_attr(e, *k, *v)?;
            }
            Ok(e)
        }
        _ => {
            let cn = vm.class_name(cls);
            Err(vm.type_error(&format!("cannot create '{}' instances", cn)))
        }
    }
}

/// Builds a new str/bytes object for natives that return text.
pub fn new_list(vm: &mut Vm, items: Vec<Value>) -> Result<Value, Exc> {
    vm.alloc(Obj::List(items))
}

/// A tuple from values.
pub fn new_tuple(vm: &mut Vm, items: Vec<Value>) -> Result<Value, Exc> {
    vm.alloc(Obj::Tuple(items.into_boxed_slice()))
}

/// A native function object.
pub fn native(vm: &mut Vm, name: &'static str, f: NativeFnPtr) -> Result<Value, Exc> {
    vm.alloc(Obj::Native(NativeFunc {
        name,
        f,
        bound: Value::Null,
        data: 0,
    }))
}
