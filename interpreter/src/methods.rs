//! Methods of list, tuple, dict, set, bytes, int, float, generators, exceptions and object.

use crate::builtins::{Kw, check_args, check_margs, kwarg, sort_values};
use crate::dict::Dict;
use crate::exceptions::kind;
use crate::int::BigInt;
use crate::object::*;
use crate::ops::Num;
use crate::str::this;
use crate::value::{ObjRef, Value};
use crate::vm::{Exc, Vm};
use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

fn obj_ref(vm: &mut Vm, args: &[Value], ty: &str) -> Result<ObjRef, Exc> {
    match this(vm, args) {
        Value::Obj(r) => Ok(r),
        v => {
            let tn = vm.type_name(v);
            Err(vm.type_error(&format!(
                "descriptor for '{}' objects doesn't apply to a '{}' object",
                ty, tn
            )))
        }
    }
}

/// `check_margs` for a method of `list` or `dict` (`qual` is "list.append", ...), then
/// CPython's TypeError for a `self` of another type, as `list.append((1,), 2)` gives.
fn check_typed(vm: &mut Vm, qual: &str, a: &[Value], min: usize, max: usize) -> Result<(), Exc> {
    check_margs(vm, qual, a, min, max)?;
    let v = this(vm, a);
    let (ty, name) = qual.split_once('.').unwrap_or((qual, qual));
    if let Value::Obj(r) = v {
        match vm.heap.get(r) {
            Obj::List(_) if ty == "list" => return Ok(()),
            Obj::Dict(_) if ty == "dict" => return Ok(()),
            _ => {}
        }
    }
    let tn = vm.type_name(v);
    Err(vm.type_error(&format!(
        "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
        name, ty, tn
    )))
}

fn list_mut(vm: &mut Vm, r: ObjRef) -> Option<&mut Vec<Value>> {
    match vm.heap.get_mut(r) {
        Obj::List(l) => Some(l),
        _ => None,
    }
}

// ---------- list ----------

fn l_append(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_typed(vm, "list.append", a, 2, 2)?;
    let l = this(vm, a);
    vm.list_append(l, a[1])?;
    Ok(Value::None)
}

fn l_extend(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_typed(vm, "list.extend", a, 2, 2)?;
    let l = this(vm, a);
    if vm.runs_python(a[1]) {
        return vm.hand_off(crate::iterhelp::Helper::Extend, &[l, a[1]]);
    }
    let items = vm.collect_iter(a[1])?;
    vm.list_extend(l, &items)?;
    Ok(Value::None)
}

fn l_pop(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_typed(vm, "list.pop", a, 1, 2)?;
    let r = obj_ref(vm, a, "list")?;
    let len = list_mut(vm, r).map(|l| l.len()).unwrap_or(0);
    if len == 0 {
        return Err(vm.index_error("pop from empty list"));
    }
    let i = match a.get(1) {
        Some(v) => vm.seq_index(*v, len, "pop")?,
        None => len - 1,
    };
    Ok(list_mut(vm, r).map(|l| l.remove(i)).unwrap_or(Value::None))
}

fn l_insert(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_typed(vm, "list.insert", a, 3, 3)?;
    let r = obj_ref(vm, a, "list")?;
    let i = vm.as_index(a[1])?;
    if vm.heap.charge(16).is_err() {
        return Err(vm.memory_error());
    }
    if let Some(l) = list_mut(vm, r) {
        let n = l.len() as i64;
        let j = if i < 0 { (i + n).max(0) } else { i.min(n) } as usize;
        l.insert(j, a[2]);
    }
    Ok(Value::None)
}

fn l_remove(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_typed(vm, "list.remove", a, 2, 2)?;
    let r = obj_ref(vm, a, "list")?;
    let n = list_mut(vm, r).map(|l| l.len()).unwrap_or(0);
    for i in 0..n {
        let x = match list_mut(vm, r).and_then(|l| l.get(i).copied()) {
            Some(x) => x,
            None => break,
        };
        if vm.eq(x, a[1])? {
            if let Some(l) = list_mut(vm, r) {
                l.remove(i);
            }
            return Ok(Value::None);
        }
    }
    Err(vm.value_error("list.remove(x): x not in list"))
}

fn seq_items_of(vm: &mut Vm, a: &[Value]) -> Vec<Value> {
    match this(vm, a) {
        Value::Obj(r) => match vm.heap.get(r) {
            Obj::List(l) => l.clone(),
            Obj::Tuple(t) => t.to_vec(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

fn l_index(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_margs(vm, "index", a, 2, 4)?;
    let items = seq_items_of(vm, a);
    let n = items.len() as i64;
    let norm = |i: i64| if i < 0 { (i + n).max(0) } else { i.min(n) } as usize;
    let start = match a.get(2) {
        Some(v) => norm(vm.slice_bound(*v)?),
        None => 0,
    };
    let end = match a.get(3) {
        Some(v) => norm(vm.slice_bound(*v)?),
        None => n as usize,
    };
    for (i, x) in items.iter().enumerate().take(end).skip(start) {
        if vm.eq(*x, a[1])? {
            return Ok(Value::Int(i as i64));
        }
    }
    let is_tuple = matches!(this(vm, a), Value::Obj(r) if matches!(vm.heap.get(r), Obj::Tuple(_)));
    if is_tuple {
        return Err(vm.value_error("tuple.index(x): x not in tuple"));
    }
    let s = vm.repr(a[1])?;
    Err(vm.value_error(&format!("{} is not in list", s)))
}

fn l_count(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_margs(vm, "count", a, 2, 2)?;
    let items = seq_items_of(vm, a);
    let mut c = 0;
    for x in items {
        if vm.eq(x, a[1])? {
            c += 1;
        }
    }
    Ok(Value::Int(c))
}

fn l_sort(vm: &mut Vm, a: &[Value], kwargs: Kw) -> Result<Value, Exc> {
    if a.len() > 1 {
        return Err(vm.type_error("sort() takes no positional arguments"));
    }
    let r = obj_ref(vm, a, "list")?;
    let mut items = list_mut(vm, r).map(core::mem::take).unwrap_or_default();
    let res = sort_values(vm, &mut items, kwargs);
    if let Some(l) = list_mut(vm, r) {
        *l = items;
    }
    res.map(|_| Value::None)
}

fn l_reverse(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_typed(vm, "list.reverse", a, 1, 1)?;
    let r = obj_ref(vm, a, "list")?;
    if let Some(l) = list_mut(vm, r) {
        l.reverse();
    }
    Ok(Value::None)
}

fn l_copy(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_typed(vm, "list.copy", a, 1, 1)?;
    let items = seq_items_of(vm, a);
    vm.alloc(Obj::List(items))
}

fn l_clear(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_margs(vm, "list.clear", a, 1, 1)?;
    let r = obj_ref(vm, a, "list")?;
    match vm.heap.get_mut(r) {
        Obj::List(l) => l.clear(),
        Obj::Dict(d) | Obj::Set(d, _) => {
            let namespace = d.namespace;
            d.clear();
            if namespace {
                vm.dict_version = vm.dict_version.wrapping_add(1);
            }
        }
        Obj::ByteArray(b) => b.clear(),
        _ => {}
    }
    Ok(Value::None)
}

fn l_init(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    // list.__init__(self, iterable) for subclasses.
    let l = this(vm, a);
    if let Some(src) = a.get(1) {
        let items = vm.collect_iter(*src)?;
        if let Value::Obj(r) = l
            && let Some(v) = list_mut(vm, r)
        {
            v.clear();
        }
        vm.list_extend(l, &items)?;
    }
    Ok(Value::None)
}

/// list methods.
pub const LIST: &[(&str, NativeFnPtr)] = &[
    ("append", l_append),
    ("extend", l_extend),
    ("pop", l_pop),
    ("insert", l_insert),
    ("remove", l_remove),
    ("index", l_index),
    ("count", l_count),
    ("sort", l_sort),
    ("reverse", l_reverse),
    ("copy", l_copy),
    ("clear", l_clear),
    ("__init__", l_init),
];

/// tuple methods.
pub const TUPLE: &[(&str, NativeFnPtr)] = &[("index", l_index), ("count", l_count)];

// ---------- dict ----------

fn d_get(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_typed(vm, "dict.get", a, 2, 3)?;
    let d = this(vm, a);
    Ok(vm
        .dict_get(d, a[1])?
        .unwrap_or(a.get(2).copied().unwrap_or(Value::None)))
}

fn view(vm: &mut Vm, a: &[Value], mode: u8) -> Result<Value, Exc> {
    check_margs(
        vm,
        ["dict.keys", "dict.values", "dict.items"][mode as usize % 3],
        a,
        1,
        1,
    )?;
    let r = obj_ref(vm, a, "dict")?;
    vm.alloc(Obj::DictView(r, mode))
}
fn d_keys(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    view(vm, a, 0)
}
fn d_values(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    view(vm, a, 1)
}
fn d_items(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    view(vm, a, 2)
}

fn d_pop(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_typed(vm, "dict.pop", a, 2, 3)?;
    let d = this(vm, a);
    match vm.dict_remove(d, a[1])? {
        Some(v) => Ok(v),
        None => match a.get(2) {
            Some(v) => Ok(*v),
            None => Err(vm.exc_args(kind::KEY, vec![a[1]])),
        },
    }
}

fn d_popitem(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_typed(vm, "dict.popitem", a, 1, 1)?;
    let r = obj_ref(vm, a, "dict")?;
    let last = match vm.heap.get(r) {
        Obj::Dict(d) => d.entries.iter().rposition(|e| !e.key.is_null()),
        _ => None,
    };
    match last {
        Some(ix) => {
            let e = match vm.heap.get_mut(r) {
                Obj::Dict(d) => {
                    let namespace = d.namespace;
                    let e = d.remove_at(ix);
                    if namespace {
                        vm.dict_version = vm.dict_version.wrapping_add(1);
                    }
                    e
                }
                _ => return Ok(Value::None),
            };
            vm.alloc(Obj::Tuple(vec![e.key, e.value].into_boxed_slice()))
        }
        None => {
            let m = vm.new_str("popitem(): dictionary is empty")?;
            Err(vm.exc_args(kind::KEY, vec![m]))
        }
    }
}

fn d_setdefault(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_typed(vm, "dict.setdefault", a, 2, 3)?;
    let d = this(vm, a);
    if let Some(v) = vm.dict_get(d, a[1])? {
        return Ok(v);
    }
    let v = a.get(2).copied().unwrap_or(Value::None);
    vm.dict_set(d, a[1], v)?;
    Ok(v)
}

fn d_update(vm: &mut Vm, a: &[Value], kwargs: Kw) -> Result<Value, Exc> {
    check_typed(vm, "dict.update", a, 1, 2)?;
    let d = this(vm, a);
    if let Some(src) = a.get(1) {
        vm.dict_update(d, *src)?;
    }
    for (k, v) in kwargs {
        vm.dict_set(d, *k, *v)?;
    }
    Ok(Value::None)
}

fn d_copy(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_margs(vm, "dict.copy", a, 1, 1)?;
    let r = obj_ref(vm, a, "dict")?;
    let o = match vm.heap.get(r) {
        Obj::Dict(d) => Obj::Dict(d.clone()),
        Obj::Set(d, f) => Obj::Set(d.clone(), *f),
        // `dict.copy([1])` (the set types share this function; their self is checked
        // where they are called from).
        _ => return check_typed(vm, "dict.copy", a, 1, 1).map(|()| Value::None),
    };
    vm.alloc(o)
}

fn d_fromkeys(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    // Called as cls.fromkeys(keys[, value]) (bound to the class): a subclass gets an
    // instance of itself, filled through its `__setitem__`, as in CPython.
    let cls = match a.first() {
        Some(Value::Obj(r)) if matches!(vm.heap.get(*r), Obj::Class(_)) => Some(*r),
        _ => None,
    };
    let a = if cls.is_some() { &a[1..] } else { a };
    if a.is_empty() {
        return Err(vm.type_error("fromkeys expected at least 1 argument, got 0"));
    }
    let v = a.get(1).copied().unwrap_or(Value::None);
    let keys = vm.collect_iter(a[0])?;
    match cls {
        Some(c) if c != vm.t.dict => {
            let d = vm.call(Value::Obj(c), &[])?;
            for k in keys {
                vm.set_item(d, k, v)?;
            }
            Ok(d)
        }
        _ => {
            let d = vm.alloc(Obj::Dict(Dict::new()))?;
            for k in keys {
                vm.dict_set(d, k, v)?;
            }
            Ok(d)
        }
    }
}

fn d_init(vm: &mut Vm, a: &[Value], kwargs: Kw) -> Result<Value, Exc> {
    d_update(vm, a, kwargs)
}

/// dict methods.
pub const DICT: &[(&str, NativeFnPtr)] = &[
    ("get", d_get),
    ("keys", d_keys),
    ("values", d_values),
    ("items", d_items),
    ("pop", d_pop),
    ("popitem", d_popitem),
    ("setdefault", d_setdefault),
    ("update", d_update),
    ("copy", d_copy),
    ("clear", l_clear),
    ("__init__", d_init),
];

/// A `mappingproxy`'s methods: the dict methods that only read, each run on a copy of the
/// class's dict taken at the call, so the proxy shows later changes to the class (CPython's
/// proxy is live) without a dict object kept per class.
const PROXY: &[(&str, NativeFnPtr)] = &[
    ("get", mp_get),
    ("keys", mp_keys),
    ("values", mp_values),
    ("items", mp_items),
    ("copy", mp_copy),
    ("__len__", mp_len),
    ("__getitem__", mp_getitem),
    ("__contains__", mp_contains),
    ("__iter__", mp_iter),
    ("__eq__", mp_eq),
    ("__ne__", mp_ne),
    ("__or__", mp_or),
    ("__repr__", mp_repr),
];

/// Calls the dict method `name` with the proxy's current dict as its receiver.
fn mp_forward(vm: &mut Vm, a: &[Value], kw: Kw, name: &str) -> Result<Value, Exc> {
    let d = mp_dict(vm, a)?;
    let Some((_, f)) = DICT
        .iter()
        .chain(crate::dunders::SEQUENCE.iter())
        .find(|(n, _)| *n == name)
    else {
        return Err(vm.type_error("mappingproxy method"));
    };
    let mut args: Vec<Value> = a.to_vec();
    match args.first_mut() {
        Some(first) => *first = d,
        None => args.push(d),
    }
    // The copy is rooted on the stack while the method runs.
    vm.stack.push(d);
    let r = f(vm, &args, kw);
    vm.stack.pop();
    r
}

/// The dict a proxy shows now: a copy of its class's dict. The proxy keeps its class under
/// the key `0` of its own attribute dict (no attribute name can reach it), not as a base
/// value: natives such as `len` read a base value directly and would see no later change.
fn mp_dict(vm: &mut Vm, a: &[Value]) -> Result<Value, Exc> {
    let cls = match a.first() {
        Some(Value::Obj(r)) => match vm.heap.get(*r) {
            Obj::Instance(i) => i
                .dict
                .iter()
                .find(|e| matches!(e.key, Value::Int(0)))
                .and_then(|e| e.value.as_obj()),
            _ => None,
        },
        _ => None,
    };
    let (mut d, user, tag, bases) = match cls.map(|c| vm.heap.get(c)) {
        Some(Obj::Class(c)) => (c.dict.clone(), !c.builtin, c.tag, c.bases().to_vec()),
        _ => return Err(vm.type_error("descriptor requires a 'mappingproxy' object")),
    };
    if user {
        class_dict_as_cpython(vm, &mut d, tag, &bases)?;
    }
    vm.alloc(Obj::Dict(d))
}

/// A user class's `__dict__` with CPython's keys: no `__qualname__` (CPython keeps it in the
/// type), `__dict__` and `__weakref__` when the class is the first user class of its line
/// (their values here are None, CPython's are slot descriptors), `__doc__` always.
fn class_dict_as_cpython(
    vm: &mut Vm,
    d: &mut Dict,
    tag: crate::vm::TypeTag,
    bases: &[ObjRef],
) -> Result<(), Exc> {
    use crate::vm::TypeTag as T;
    if let Some(q) = vm.interned_opt("__qualname__") {
        let h = vm.str_hash(q);
        if let Some(ix) = vm.table_find(d, h, q)? {
            d.remove_at(ix);
        }
    }
    let user_base = bases
        .iter()
        .any(|b| matches!(vm.heap.get(*b), Obj::Class(c) if !c.builtin));
    let mut names: Vec<&str> = Vec::new();
    let slots = match vm.interned_opt("__slots__") {
        Some(s) => {
            let h = vm.str_hash(s);
            vm.table_find(d, h, s)?.is_some()
        }
        None => false,
    };
    if !user_base && !slots {
        if tag != T::Exception {
            names.push("__dict__");
        }
        if !matches!(tag, T::Int | T::Bool | T::Tuple | T::Bytes | T::Str) {
            names.push("__weakref__");
        }
    }
    names.push("__doc__");
    for n in names {
        let k = vm.intern(n)?;
        let h = vm.str_hash(k);
        if vm.table_find(d, h, k)?.is_none() {
            d.push_new(h, k, Value::None);
        }
    }
    Ok(())
}

macro_rules! proxy_methods {
    ($($f:ident = $name:literal),* $(,)?) => {
        $(fn $f(vm: &mut Vm, a: &[Value], kw: Kw) -> Result<Value, Exc> {
            mp_forward(vm, a, kw, $name)
        })*
    };
}

proxy_methods!(
    mp_get = "get",
    mp_keys = "keys",
    mp_values = "values",
    mp_items = "items",
    mp_copy = "copy",
    mp_len = "__len__",
    mp_getitem = "__getitem__",
    mp_contains = "__contains__",
    mp_iter = "__iter__",
    mp_eq = "__eq__",
    mp_ne = "__ne__",
    mp_or = "__or__",
);

/// A read-only `mappingproxy` over class `d`'s dict (`cls.__dict__`). Its class is made on
/// first use, with the methods whose names the program mentions.
pub fn mappingproxy(vm: &mut Vm, d: Value) -> Result<Value, Exc> {
    let cls = match vm.mappingproxy_class {
        Some(c) => c,
        None => {
            let obj = vm.t.object;
            let c = vm.raw_class("mappingproxy", vec![obj], crate::vm::TypeTag::Object)?;
            vm.mappingproxy_class = Some(c);
            for (n, f) in PROXY {
                // Only names the program uses (the compiler interned them): interning another
                // would materialise its methods in every builtin class.
                let Some(name) = vm.interned_opt(n) else {
                    continue;
                };
                let fv = crate::builtins::native(vm, n, *f)?;
                let h = vm.str_hash(name);
                if let Obj::Class(k) = vm.heap.get_mut(c) {
                    k.dict.push_new(h, name, fv);
                }
            }
            vm.classes_changed();
            c
        }
    };
    let inst = vm.new_instance(cls, crate::vm::TypeTag::Object)?;
    if let Value::Obj(r) = inst
        && let Obj::Instance(i) = vm.heap.get_mut(r)
    {
        i.dict.push_new(0, Value::Int(0), d);
    }
    Ok(inst)
}

fn mp_repr(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    let d = mp_dict(vm, a)?;
    vm.stack.push(d);
    let s = vm.repr(d);
    vm.stack.pop();
    let s = s?;
    vm.new_string(format!("mappingproxy({})", s))
}

/// dict class methods.
pub const DICT_CLASS: &[(&str, NativeFnPtr)] = &[("fromkeys", d_fromkeys)];

// ---------- set ----------

fn set_table(vm: &mut Vm, v: Value) -> Result<Dict, Exc> {
    if let Value::Obj(r) = v
        && let Obj::Set(d, _) | Obj::Dict(d) = vm.heap.get(r)
    {
        return Ok(d.clone());
    }
    let mut d = Dict::new();
    for x in vm.collect_iter(v)? {
        let h = vm.hash(x)?;
        if vm.table_find(&d, h, x)?.is_none() {
            d.push_new(h, x, Value::Null);
        }
    }
    Ok(d)
}

fn s_add(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_margs(vm, "set.add", a, 2, 2)?;
    let s = this(vm, a);
    vm.set_add(s, a[1])?;
    Ok(Value::None)
}

fn s_remove(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_margs(vm, "set.remove", a, 2, 2)?;
    let s = this(vm, a);
    match vm.dict_remove(s, a[1])? {
        Some(_) => Ok(Value::None),
        None => Err(vm.exc_args(kind::KEY, vec![a[1]])),
    }
}

fn s_discard(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_margs(vm, "set.discard", a, 2, 2)?;
    let s = this(vm, a);
    vm.dict_remove(s, a[1])?;
    Ok(Value::None)
}

fn s_pop(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_margs(vm, "set.pop", a, 1, 1)?;
    let r = obj_ref(vm, a, "set")?;
    vm.set_cpython_order(r);
    let first = match vm.heap.get(r) {
        Obj::Set(d, _) => d.entries.iter().position(|e| !e.key.is_null()),
        _ => None,
    };
    match first {
        Some(ix) => match vm.heap.get_mut(r) {
            Obj::Set(d, _) => Ok(d.remove_at(ix).key),
            _ => Ok(Value::None),
        },
        None => {
            let m = vm.new_str("pop from an empty set")?;
            Err(vm.exc_args(kind::KEY, vec![m]))
        }
    }
}

fn set_binop(vm: &mut Vm, a: &[Value], op: crate::ast::BinOp) -> Result<Value, Exc> {
    let mut acc = this(vm, a);
    let frozen = matches!(acc, Value::Obj(r) if matches!(vm.heap.get(r), Obj::Set(_, true)));
    let base = set_table(vm, acc)?;
    acc = vm.alloc(Obj::Set(base, frozen))?;
    for other in &a[1..] {
        let t = set_table(vm, *other)?;
        let tv = vm.alloc(Obj::Set(t, false))?;
        acc = vm.binary_op(op, acc, tv, false)?;
    }
    Ok(acc)
}

fn s_union(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    set_binop(vm, a, crate::ast::BinOp::BitOr)
}
fn s_intersection(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    set_binop(vm, a, crate::ast::BinOp::BitAnd)
}
fn s_difference(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    set_binop(vm, a, crate::ast::BinOp::Sub)
}
fn s_symdiff(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    set_binop(vm, a, crate::ast::BinOp::BitXor)
}

fn set_inplace(vm: &mut Vm, a: &[Value], op: crate::ast::BinOp) -> Result<Value, Exc> {
    let r = obj_ref(vm, a, "set")?;
    let res = set_binop(vm, a, op)?;
    let t = set_table(vm, res)?;
    if let Obj::Set(d, _) = vm.heap.get_mut(r) {
        *d = t;
    }
    Ok(Value::None)
}

fn s_update(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    set_inplace(vm, a, crate::ast::BinOp::BitOr)
}
fn s_intersection_update(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    set_inplace(vm, a, crate::ast::BinOp::BitAnd)
}
fn s_difference_update(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    set_inplace(vm, a, crate::ast::BinOp::Sub)
}
fn s_symdiff_update(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    set_inplace(vm, a, crate::ast::BinOp::BitXor)
}

fn s_issubset(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_margs(vm, "issubset", a, 2, 2)?;
    let x = set_table(vm, this(vm, a))?;
    let y = set_table(vm, a[1])?;
    for e in x.iter() {
        if vm.table_find(&y, e.hash, e.key)?.is_none() {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

fn s_issuperset(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_margs(vm, "issuperset", a, 2, 2)?;
    let x = set_table(vm, this(vm, a))?;
    let y = set_table(vm, a[1])?;
    for e in y.iter() {
        if vm.table_find(&x, e.hash, e.key)?.is_none() {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

fn s_isdisjoint(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_margs(vm, "isdisjoint", a, 2, 2)?;
    let x = set_table(vm, this(vm, a))?;
    let y = set_table(vm, a[1])?;
    for e in x.iter() {
        if vm.table_find(&y, e.hash, e.key)?.is_some() {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

fn s_init(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    let s = this(vm, a);
    if let Some(src) = a.get(1) {
        for x in vm.collect_iter(*src)? {
            vm.set_add(s, x)?;
        }
    }
    Ok(Value::None)
}

/// set methods.
pub const SET: &[(&str, NativeFnPtr)] = &[
    ("__init__", s_init),
    ("add", s_add),
    ("remove", s_remove),
    ("discard", s_discard),
    ("pop", s_pop),
    ("union", s_union),
    ("intersection", s_intersection),
    ("difference", s_difference),
    ("symmetric_difference", s_symdiff),
    ("update", s_update),
    ("intersection_update", s_intersection_update),
    ("difference_update", s_difference_update),
    ("symmetric_difference_update", s_symdiff_update),
    ("issubset", s_issubset),
    ("issuperset", s_issuperset),
    ("isdisjoint", s_isdisjoint),
    ("copy", d_copy),
    ("clear", l_clear),
];

/// frozenset methods.
pub const FROZENSET: &[(&str, NativeFnPtr)] = &[
    ("union", s_union),
    ("intersection", s_intersection),
    ("difference", s_difference),
    ("symmetric_difference", s_symdiff),
    ("issubset", s_issubset),
    ("issuperset", s_issuperset),
    ("isdisjoint", s_isdisjoint),
    ("copy", d_copy),
];

// ---------- bytes ----------

fn bytes_of(vm: &mut Vm, v: Value) -> Result<Vec<u8>, Exc> {
    if let Value::Obj(r) = v {
        match vm.heap.get(r) {
            Obj::Bytes(b) | Obj::ByteArray(b) => return Ok(b.clone()),
            Obj::MemoryView(_) => return vm.mv_bytes(r),
            _ => {}
        }
    }
    let tn = vm.type_name(v);
    Err(vm.type_error(&format!("a bytes-like object is required, not '{}'", tn)))
}

/// A bytes or bytearray (like the receiver) holding `data`.
fn same_kind(vm: &mut Vm, a: &[Value], data: Vec<u8>) -> Result<Value, Exc> {
    let ba = matches!(this(vm, a), Value::Obj(r) if matches!(vm.heap.get(r), Obj::ByteArray(_)));
    vm.alloc(if ba {
        Obj::ByteArray(data)
    } else {
        Obj::Bytes(data)
    })
}

fn b_decode(vm: &mut Vm, a: &[Value], k: Kw) -> Result<Value, Exc> {
    check_args(vm, "decode", a, 1, 3)?;
    let b = bytes_of(vm, this(vm, a))?;
    let enc = a.get(1).copied().or_else(|| kwarg(vm, k, "encoding"));
    let errors = a.get(2).copied().or_else(|| kwarg(vm, k, "errors"));
    let s = crate::str::decode_bytes(vm, &b, enc, errors)?;
    vm.new_string(s)
}

fn b_join(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_margs(vm, "join", a, 2, 2)?;
    let sep = bytes_of(vm, this(vm, a))?;
    let mut out = Vec::new();
    for (i, it) in vm.collect_iter(a[1])?.into_iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(&sep);
        }
        out.extend(bytes_of(vm, it)?);
    }
    vm.alloc(Obj::Bytes(out))
}

/// The needle (bytes-like, or an int in range(256)) and the `[start:end]`
/// window of a bytes search method, resolved like slice bounds.
/// The window is `None` when it is empty because start is past end/len.
#[allow(clippy::type_complexity)]
fn b_search_args(
    vm: &mut Vm,
    a: &[Value],
    name: &str,
) -> Result<(Vec<u8>, Vec<u8>, Option<usize>), Exc> {
    check_args(vm, name, a, 2, 4)?;
    let s = bytes_of(vm, this(vm, a))?;
    let p = match a[1] {
        Value::Int(_) | Value::Bool(_) => {
            let i = vm.as_index(a[1])?;
            if !(0..256).contains(&i) {
                return Err(vm.value_error("byte must be in range(0, 256)"));
            }
            vec![i as u8]
        }
        v => bytes_of(vm, v)?,
    };
    let n = s.len() as i64;
    let bound = |vm: &mut Vm, v: Option<&Value>, dflt: i64| -> Result<i64, Exc> {
        match v {
            None | Some(Value::None) => Ok(dflt),
            Some(x) => {
                let i = vm.slice_bound(*x)?;
                Ok(if i < 0 { (i + n).max(0) } else { i.min(n) })
            }
        }
    };
    // A start past the end finds nothing, not even the empty needle.
    let raw_start = match a.get(2) {
        None | Some(Value::None) => 0,
        Some(x) => vm.slice_bound(*x)?,
    };
    if raw_start > n {
        return Ok((Vec::new(), p, None));
    }
    let start = bound(vm, a.get(2), 0)? as usize;
    let end = bound(vm, a.get(3), n)? as usize;
    if start > end {
        return Ok((Vec::new(), p, None));
    }
    Ok((s[start..end].to_vec(), p, Some(start)))
}

fn b_find_impl(vm: &mut Vm, a: &[Value], name: &str, right: bool) -> Result<i64, Exc> {
    let (w, p, off) = b_search_args(vm, a, name)?;
    let Some(off) = off else {
        return Ok(-1);
    };
    let pos = if p.is_empty() {
        Some(if right { w.len() } else { 0 })
    } else if right {
        w.windows(p.len()).rposition(|x| x == &p[..])
    } else {
        w.windows(p.len()).position(|x| x == &p[..])
    };
    Ok(pos.map(|x| (x + off) as i64).unwrap_or(-1))
}

fn b_find(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    b_find_impl(vm, a, "find", false).map(Value::Int)
}
fn b_split(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    let s = bytes_of(vm, this(vm, a))?;
    let parts: Vec<Vec<u8>> = match a.get(1) {
        Some(Value::None) | None => s
            .split(|c| c.is_ascii_whitespace())
            .filter(|p| !p.is_empty())
            .map(|p| p.to_vec())
            .collect(),
        Some(v) => {
            let sep = bytes_of(vm, *v)?;
            if sep.is_empty() {
                return Err(vm.value_error("empty separator"));
            }
            let mut out = Vec::new();
            let mut start = 0;
            let mut i = 0;
            while i + sep.len() <= s.len() {
                if s[i..i + sep.len()] == sep[..] {
                    out.push(s[start..i].to_vec());
                    i += sep.len();
                    start = i;
                } else {
                    i += 1;
                }
            }
            out.push(s[start..].to_vec());
            out
        }
    };
    let mut vals = Vec::new();
    for p in parts {
        vals.push(same_kind(vm, a, p)?);
    }
    vm.alloc(Obj::List(vals))
}
fn b_strip(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    b_strip_side(vm, a, true, true)
}
fn b_replace(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "replace", a, 3, 3)?;
    let s = bytes_of(vm, this(vm, a))?;
    let old = bytes_of(vm, a[1])?;
    let new = bytes_of(vm, a[2])?;
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        if !old.is_empty() && s[i..].starts_with(&old) {
            out.extend_from_slice(&new);
            i += old.len();
        } else {
            out.push(s[i]);
            i += 1;
        }
    }
    same_kind(vm, a, out)
}
fn b_upper(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    let s = bytes_of(vm, this(vm, a))?;
    same_kind(vm, a, s.to_ascii_uppercase())
}
fn b_lower(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    let s = bytes_of(vm, this(vm, a))?;
    same_kind(vm, a, s.to_ascii_lowercase())
}
fn b_count(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    let (w, p, off) = b_search_args(vm, a, "count")?;
    let c = if off.is_none() {
        0
    } else if p.is_empty() {
        w.len() + 1
    } else {
        // Non-overlapping occurrences, as CPython counts.
        let mut c = 0;
        let mut i = 0;
        while i + p.len() <= w.len() {
            if w[i..i + p.len()] == p[..] {
                c += 1;
                i += p.len();
            } else {
                i += 1;
            }
        }
        c
    };
    Ok(Value::Int(c as i64))
}
fn ba_append(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_margs(vm, "bytearray.append", a, 2, 2)?;
    let r = obj_ref(vm, a, "bytearray")?;
    let x = vm.as_index(a[1])?;
    if !(0..256).contains(&x) {
        return Err(vm.value_error("byte must be in range(0, 256)"));
    }
    if let Obj::ByteArray(b) = vm.heap.get_mut(r) {
        b.push(x as u8);
    }
    Ok(Value::None)
}
fn ba_extend(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_margs(vm, "bytearray.extend", a, 2, 2)?;
    let r = obj_ref(vm, a, "bytearray")?;
    let more = match bytes_of(vm, a[1]) {
        Ok(b) => b,
        Err(_) => {
            let mut v = Vec::new();
            for it in vm.collect_iter(a[1])? {
                v.push(vm.byte_value(it, "byte")?);
            }
            v
        }
    };
    if let Obj::ByteArray(b) = vm.heap.get_mut(r) {
        b.extend(more);
    }
    Ok(Value::None)
}
fn ba_pop(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_margs(vm, "bytearray.pop", a, 1, 2)?;
    let r = obj_ref(vm, a, "bytearray")?;
    let len = match vm.heap.get(r) {
        Obj::ByteArray(b) => b.len(),
        _ => 0,
    };
    if len == 0 {
        return Err(vm.index_error("pop from empty bytearray"));
    }
    let i = match a.get(1) {
        Some(v) => vm.seq_index(*v, len, "pop")?,
        None => len - 1,
    };
    let v = match vm.heap.get_mut(r) {
        Obj::ByteArray(b) => b.remove(i),
        _ => 0,
    };
    Ok(Value::Int(v as i64))
}

fn b_fromhex(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    let s = a
        .iter()
        .find_map(|v| vm.str_of(*v).map(String::from))
        .unwrap_or_default();
    // Pairs of hex digits, whitespace between pairs; the error names the first bad position.
    let t = s.as_bytes();
    let digit = |i: usize| t.get(i).and_then(|c| (*c as char).to_digit(16));
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        if t[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let (Some(hi), Some(lo)) = (digit(i), digit(i + 1)) else {
            let at = if digit(i).is_some() { i + 1 } else { i };
            let msg = format!(
                "non-hexadecimal number found in fromhex() arg at position {}",
                at
            );
            return Err(vm.value_error(&msg));
        };
        out.push((hi * 16 + lo) as u8);
        i += 2;
    }
    let ba = a.first() == Some(&Value::Obj(vm.t.bytearray));
    vm.alloc(if ba {
        Obj::ByteArray(out)
    } else {
        Obj::Bytes(out)
    })
}

fn b_rfind(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    b_find_impl(vm, a, "rfind", true).map(Value::Int)
}
fn b_index(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    match b_find_impl(vm, a, "index", false)? {
        -1 => Err(vm.value_error("subsection not found")),
        v => Ok(Value::Int(v)),
    }
}
fn b_rindex(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    match b_find_impl(vm, a, "rindex", true)? {
        -1 => Err(vm.value_error("subsection not found")),
        v => Ok(Value::Int(v)),
    }
}
fn b_strip_side(vm: &mut Vm, a: &[Value], left: bool, right: bool) -> Result<Value, Exc> {
    let s = bytes_of(vm, this(vm, a))?;
    let chars: Option<Vec<u8>> = match a.get(1) {
        Some(Value::None) | None => None,
        Some(v) => Some(bytes_of(vm, *v)?),
    };
    let strip = |c: &u8| match &chars {
        Some(cs) => cs.contains(c),
        None => c.is_ascii_whitespace(),
    };
    let mut start = 0;
    let mut end = s.len();
    if left {
        while start < end && strip(&s[start]) {
            start += 1;
        }
    }
    if right {
        while end > start && strip(&s[end - 1]) {
            end -= 1;
        }
    }
    let is_ba = matches!(this(vm, a), Value::Obj(r) if matches!(vm.heap.get(r), Obj::ByteArray(_)));
    let out = s[start..end].to_vec();
    vm.alloc(if is_ba {
        Obj::ByteArray(out)
    } else {
        Obj::Bytes(out)
    })
}
fn b_lstrip(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    b_strip_side(vm, a, true, false)
}
fn b_rstrip(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    b_strip_side(vm, a, false, true)
}
fn b_pred(vm: &mut Vm, a: &[Value], f: fn(&u8) -> bool) -> Result<Value, Exc> {
    let s = bytes_of(vm, this(vm, a))?;
    Ok(Value::Bool(!s.is_empty() && s.iter().all(f)))
}
fn b_isdigit(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    b_pred(vm, a, |c| c.is_ascii_digit())
}
fn b_isalpha(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    b_pred(vm, a, |c| c.is_ascii_alphabetic())
}
fn b_isspace(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    b_pred(vm, a, |c| c.is_ascii_whitespace())
}
fn b_isalnum(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    b_pred(vm, a, |c| c.is_ascii_alphanumeric())
}
/// `b.hex(sep=None, bytes_per_sep=1)`: a separator every `bytes_per_sep` bytes, counted
/// from the right (from the left when negative).
fn b_hex_sep(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    let b = bytes_of(vm, this(vm, a))?;
    let sep = match a.get(1) {
        None => None,
        Some(v) => {
            let s = match vm.str_of(*v) {
                Some(s) => String::from(s),
                None => String::from_utf8_lossy(&bytes_of(vm, *v)?).into_owned(),
            };
            if s.chars().count() != 1 {
                return Err(vm.value_error("sep must be length 1."));
            }
            Some(s)
        }
    };
    let per = match a.get(2) {
        Some(v) => vm.as_index(*v)?,
        None => 1,
    };
    let k = per.unsigned_abs() as usize;
    let mut out = String::with_capacity(b.len() * 3);
    for (i, x) in b.iter().enumerate() {
        if let Some(sp) = &sep
            && i > 0
            && k > 0
            && (if per > 0 { b.len() - i } else { i }).is_multiple_of(k)
        {
            out.push_str(sp);
        }
        out.push_str(&format!("{:02x}", x));
    }
    vm.new_string(out)
}
fn ba_init(vm: &mut Vm, a: &[Value], kw: Kw) -> Result<Value, Exc> {
    // A subclass instance starts empty (`Vm::new_instance`); CPython fills it here, so an
    // `__init__` that does not call this one leaves it empty there too.
    let r = obj_ref(vm, a, "bytearray")?;
    let b = crate::builtins::to_bytes(vm, a.get(1..).unwrap_or(&[]), kw)?;
    if let Obj::ByteArray(v) = vm.heap.get_mut(r) {
        *v = b;
    }
    Ok(Value::None)
}
fn ba_insert(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_margs(vm, "bytearray.insert", a, 3, 3)?;
    let r = obj_ref(vm, a, "bytearray")?;
    let i = vm.as_index(a[1])?;
    let x = vm.as_index(a[2])?;
    if !(0..256).contains(&x) {
        return Err(vm.value_error("byte must be in range(0, 256)"));
    }
    if let Obj::ByteArray(b) = vm.heap.get_mut(r) {
        let n = b.len() as i64;
        let j = if i < 0 { (i + n).max(0) } else { i.min(n) } as usize;
        b.insert(j, x as u8);
    }
    Ok(Value::None)
}
fn ba_remove(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_margs(vm, "bytearray.remove", a, 2, 2)?;
    let r = obj_ref(vm, a, "bytearray")?;
    let x = vm.as_index(a[1])?;
    let done = match vm.heap.get_mut(r) {
        Obj::ByteArray(b) => match b.iter().position(|&c| c as i64 == x) {
            Some(p) => {
                b.remove(p);
                true
            }
            None => false,
        },
        _ => false,
    };
    if done {
        Ok(Value::None)
    } else {
        Err(vm.value_error("value not found in bytearray"))
    }
}
fn ba_reverse(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    let r = obj_ref(vm, a, "bytearray")?;
    if let Obj::ByteArray(b) = vm.heap.get_mut(r) {
        b.reverse();
    }
    Ok(Value::None)
}
fn ba_copy(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    let b = bytes_of(vm, this(vm, a))?;
    vm.alloc(Obj::ByteArray(b))
}
fn mv_tobytes(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    let b = bytes_of(vm, this(vm, a))?;
    vm.alloc(Obj::Bytes(b))
}
fn mv_tolist(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    let v = match this(vm, a) {
        Value::Obj(r) if matches!(vm.heap.get(r), Obj::MemoryView(_)) => vm.mv_items(r)?,
        _ => Vec::new(),
    };
    vm.alloc(Obj::List(v))
}
/// `mv.cast(format)`: the same contiguous bytes seen as items of `format`; one of the two
/// formats must be bytes (`B`, `b`), as in CPython.
fn mv_cast(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_margs(vm, "memoryview.cast", a, 2, 2)?;
    let Value::Obj(r) = this(vm, a) else {
        return Err(vm.type_error("cast"));
    };
    let fmt = match vm.str_of(a[1]).map(str::as_bytes) {
        Some([c]) if b"bBhHiIlLqQfd".contains(c) => *c,
        Some(_) => {
            return Err(vm.value_error(
                "memoryview: destination format must be a native single character format prefixed with an optional '@'",
            ));
        }
        None => return Err(vm.type_error("memoryview: format argument must be a string")),
    };
    let n = vm.mv_len(r)?;
    let Obj::MemoryView(mv) = *vm.heap.get(r) else {
        return Err(vm.type_error("cast"));
    };
    let (k, k2) = (
        crate::memview::item_size(mv.fmt),
        crate::memview::item_size(fmt),
    );
    if mv.step != k as isize && n > 1 {
        return Err(vm.type_error("memoryview: casts are restricted to C-contiguous views"));
    }
    if !matches!(mv.fmt, b'B' | b'b') && !matches!(fmt, b'B' | b'b') {
        return Err(vm.type_error("memoryview: cannot cast between two non-byte formats"));
    }
    if (n * k) % k2 != 0 {
        return Err(vm.type_error("memoryview: length is not a multiple of itemsize"));
    }
    let (start, whole) = match mv.len {
        crate::memview::WHOLE => (0, true),
        _ => (mv.start, false),
    };
    let mut view = crate::memview::MemView::typed(mv.base, fmt);
    if !whole {
        view.start = start;
        view.len = n * k / k2;
    }
    vm.alloc(Obj::MemoryView(view))
}
fn mv_release(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    if let Some(r) = this(vm, a).as_obj() {
        vm.mv_release(r);
    }
    Ok(Value::None)
}

// ---------- bytes methods borrowed from str (Latin-1 round trip) ----------

/// A bytes-like argument as a Latin-1 str (so the str method sees one char
/// per byte); tuples (of prefixes) convert item by item. A str argument is
/// refused as CPython does: bytes methods take no text.
fn to_latin1_str(vm: &mut Vm, v: Value) -> Result<Value, Exc> {
    if let Value::Obj(r) = v {
        match vm.heap.get(r) {
            Obj::Bytes(_) | Obj::ByteArray(_) | Obj::MemoryView(_) => {
                let b = bytes_of(vm, v)?;
                let s: String = b.iter().map(|&c| c as char).collect();
                return vm.new_string(s);
            }
            Obj::Tuple(t) => {
                let items = t.to_vec();
                let mut out = Vec::with_capacity(items.len());
                for it in items {
                    out.push(to_latin1_str(vm, it)?);
                }
                return vm.alloc(Obj::Tuple(out.into_boxed_slice()));
            }
            Obj::Str(_) => {
                return Err(vm.type_error("a bytes-like object is required, not 'str'"));
            }
            _ => {}
        }
    }
    Ok(v)
}

fn from_latin1(vm: &mut Vm, v: Value, ba: bool) -> Result<Value, Exc> {
    if let Some(s) = vm.str_of(v) {
        let b: Vec<u8> = s.chars().map(|c| c as u32 as u8).collect();
        return vm.alloc(if ba { Obj::ByteArray(b) } else { Obj::Bytes(b) });
    }
    let items = match v {
        Value::Obj(r) => match vm.heap.get(r) {
            Obj::List(l) => Some((l.clone(), true)),
            Obj::Tuple(t) => Some((t.to_vec(), false)),
            _ => None,
        },
        _ => None,
    };
    match items {
        Some((items, is_list)) => {
            let mut out = Vec::with_capacity(items.len());
            for it in items {
                out.push(from_latin1(vm, it, ba)?);
            }
            vm.alloc(if is_list {
                Obj::List(out)
            } else {
                Obj::Tuple(out.into_boxed_slice())
            })
        }
        None => Ok(v),
    }
}

fn via_str(vm: &mut Vm, a: &[Value], k: Kw, name: &str) -> Result<Value, Exc> {
    let recv = this(vm, a);
    let ba = matches!(recv, Value::Obj(r) if matches!(vm.heap.get(r), Obj::ByteArray(_)));
    let mut args = Vec::with_capacity(a.len());
    args.push(to_latin1_str(vm, recv)?);
    for (i, v) in a[1..].iter().enumerate() {
        // CPython's wording for text given to the bytes methods taking a
        // fill byte or prefixes; the generic one for the rest.
        if vm.str_of(*v).is_some() {
            match (name, i) {
                ("ljust" | "rjust" | "center", 1) => {
                    return Err(vm.type_error(&format!(
                        "{}() argument 2 must be a byte string of length 1, not str",
                        name
                    )));
                }
                ("startswith" | "endswith", 0) => {
                    return Err(vm.type_error(&format!(
                        "{} first arg must be bytes or a tuple of bytes, not str",
                        name
                    )));
                }
                _ => {}
            }
        }
        args.push(to_latin1_str(vm, *v)?);
    }
    let f = match crate::str::METHODS.iter().find(|(n, _)| *n == name) {
        Some((_, f)) => *f,
        None => return Err(vm.type_error("unsupported bytes method")),
    };
    let r = f(vm, &args, k)?;
    from_latin1(vm, r, ba)
}

macro_rules! bx {
    ($f:ident, $n:expr) => {
        fn $f(vm: &mut Vm, a: &[Value], k: Kw) -> Result<Value, Exc> {
            via_str(vm, a, k, $n)
        }
    };
}
bx!(bx_center, "center");
bx!(bx_ljust, "ljust");
bx!(bx_rjust, "rjust");
bx!(bx_zfill, "zfill");
bx!(bx_partition, "partition");
bx!(bx_rpartition, "rpartition");
bx!(bx_splitlines, "splitlines");
bx!(bx_expandtabs, "expandtabs");

// Case and class predicates of bytes are ASCII-only (b"\xe9" is not a
// letter), so they are not borrowed from str.
fn b_map(vm: &mut Vm, a: &[Value], f: fn(&[u8]) -> Vec<u8>) -> Result<Value, Exc> {
    let s = bytes_of(vm, this(vm, a))?;
    same_kind(vm, a, f(&s))
}
fn b_swapcase(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    b_map(vm, a, |s| {
        s.iter()
            .map(|c| {
                if c.is_ascii_uppercase() {
                    c.to_ascii_lowercase()
                } else {
                    c.to_ascii_uppercase()
                }
            })
            .collect()
    })
}
fn b_capitalize(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    b_map(vm, a, |s| {
        s.iter()
            .enumerate()
            .map(|(i, c)| {
                if i == 0 {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect()
    })
}
fn b_title(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    b_map(vm, a, |s| {
        let mut prev = false;
        s.iter()
            .map(|c| {
                let out = if prev {
                    c.to_ascii_lowercase()
                } else {
                    c.to_ascii_uppercase()
                };
                prev = c.is_ascii_alphabetic();
                out
            })
            .collect()
    })
}
fn b_islower(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    let s = bytes_of(vm, this(vm, a))?;
    Ok(Value::Bool(
        s.iter().any(|c| c.is_ascii_lowercase()) && !s.iter().any(|c| c.is_ascii_uppercase()),
    ))
}
fn b_isupper(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    let s = bytes_of(vm, this(vm, a))?;
    Ok(Value::Bool(
        s.iter().any(|c| c.is_ascii_uppercase()) && !s.iter().any(|c| c.is_ascii_lowercase()),
    ))
}
fn b_istitle(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    let s = bytes_of(vm, this(vm, a))?;
    let (mut prev, mut any) = (false, false);
    for c in s {
        if c.is_ascii_uppercase() {
            if prev {
                return Ok(Value::Bool(false));
            }
            any = true;
            prev = true;
        } else if c.is_ascii_lowercase() {
            if !prev {
                return Ok(Value::Bool(false));
            }
        } else {
            prev = false;
        }
    }
    Ok(Value::Bool(any))
}
fn b_isascii(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    let s = bytes_of(vm, this(vm, a))?;
    Ok(Value::Bool(s.is_ascii()))
}

/// `bytes.maketrans(from, to)`: a 256-byte table mapping each byte of
/// `from` to the byte of `to` at the same position.
fn b_maketrans(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    // Called on the class or an instance: the last two arguments.
    if a.len() < 2 {
        return Err(vm.type_error("maketrans expected 2 arguments"));
    }
    let from = bytes_of(vm, a[a.len() - 2])?;
    let to = bytes_of(vm, a[a.len() - 1])?;
    if from.len() != to.len() {
        return Err(vm.value_error("maketrans arguments must have same length"));
    }
    let mut table: Vec<u8> = (0..=255u8).collect();
    for (f, t) in from.iter().zip(to.iter()) {
        table[*f as usize] = *t;
    }
    vm.alloc(Obj::Bytes(table))
}

/// `bytes.translate(table, delete=b"")`; a `None` table only deletes.
fn b_translate(vm: &mut Vm, a: &[Value], k: Kw) -> Result<Value, Exc> {
    let s = bytes_of(vm, this(vm, a))?;
    let table = match a.get(1) {
        None => return Err(vm.type_error("translate() takes at least 1 argument (0 given)")),
        Some(Value::None) => None,
        Some(v) => {
            let t = bytes_of(vm, *v)?;
            if t.len() != 256 {
                return Err(vm.value_error("translation table must be 256 characters long"));
            }
            Some(t)
        }
    };
    let delete = match a.get(2).copied().or_else(|| kwarg(vm, k, "delete")) {
        Some(d) => bytes_of(vm, d)?,
        None => Vec::new(),
    };
    let out: Vec<u8> = s
        .iter()
        .filter(|c| !delete.contains(c))
        .map(|&c| table.as_ref().map(|t| t[c as usize]).unwrap_or(c))
        .collect();
    same_kind(vm, a, out)
}
bx!(bx_rsplit, "rsplit");
bx!(bx_removeprefix, "removeprefix");
bx!(bx_removesuffix, "removesuffix");
bx!(bx_startswith, "startswith");
bx!(bx_endswith, "endswith");

/// Methods shared by bytes and bytearray through the str implementations.
pub const BYTES_VIA_STR: &[(&str, NativeFnPtr)] = &[
    ("center", bx_center),
    ("ljust", bx_ljust),
    ("rjust", bx_rjust),
    ("zfill", bx_zfill),
    ("partition", bx_partition),
    ("rpartition", bx_rpartition),
    ("splitlines", bx_splitlines),
    ("expandtabs", bx_expandtabs),
    ("islower", b_islower),
    ("isupper", b_isupper),
    ("istitle", b_istitle),
    ("isascii", b_isascii),
    ("swapcase", b_swapcase),
    ("title", b_title),
    ("capitalize", b_capitalize),
    ("translate", b_translate),
    ("rsplit", bx_rsplit),
    ("removeprefix", bx_removeprefix),
    ("removesuffix", bx_removesuffix),
    ("rindex", b_rindex),
];

/// memoryview methods.
pub const MEMORYVIEW: &[(&str, NativeFnPtr)] = &[
    ("tobytes", mv_tobytes),
    ("tolist", mv_tolist),
    ("cast", mv_cast),
    ("hex", b_hex_sep),
    ("release", mv_release),
];

/// bytes methods.
pub const BYTES: &[(&str, NativeFnPtr)] = &[
    ("rfind", b_rfind),
    ("index", b_index),
    ("lstrip", b_lstrip),
    ("rstrip", b_rstrip),
    ("isdigit", b_isdigit),
    ("isalpha", b_isalpha),
    ("isspace", b_isspace),
    ("isalnum", b_isalnum),
    ("decode", b_decode),
    ("hex", b_hex_sep),
    ("join", b_join),
    ("startswith", bx_startswith),
    ("endswith", bx_endswith),
    ("find", b_find),
    ("split", b_split),
    ("strip", b_strip),
    ("replace", b_replace),
    ("upper", b_upper),
    ("lower", b_lower),
    ("count", b_count),
];

/// bytearray methods.
pub const BYTEARRAY: &[(&str, NativeFnPtr)] = &[
    ("insert", ba_insert),
    ("remove", ba_remove),
    ("reverse", ba_reverse),
    ("copy", ba_copy),
    ("rfind", b_rfind),
    ("index", b_index),
    ("strip", b_strip),
    ("lstrip", b_lstrip),
    ("rstrip", b_rstrip),
    ("split", b_split),
    ("replace", b_replace),
    ("upper", b_upper),
    ("lower", b_lower),
    ("join", b_join),
    ("decode", b_decode),
    ("hex", b_hex_sep),
    ("append", ba_append),
    ("extend", ba_extend),
    ("pop", ba_pop),
    ("find", b_find),
    ("startswith", bx_startswith),
    ("endswith", bx_endswith),
    ("count", b_count),
    ("clear", l_clear),
];

/// bytes class methods.
pub const BYTES_CLASS: &[(&str, NativeFnPtr)] = &[("fromhex", b_fromhex)];

/// bytes static methods.
pub const BYTES_STATIC: &[(&str, NativeFnPtr)] = &[("maketrans", b_maketrans)];

// ---------- int / float ----------

fn i_bit_length(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    let v = this(vm, a);
    Ok(Value::Int(match vm.as_num(v) {
        Some(Num::I(i)) => 64 - i.unsigned_abs().leading_zeros() as i64,
        Some(Num::B(b)) => b.bit_length() as i64,
        _ => 0,
    }))
}

fn i_to_bytes(vm: &mut Vm, a: &[Value], kwargs: Kw) -> Result<Value, Exc> {
    let v = this(vm, a);
    let len = match a.get(1).copied().or_else(|| kwarg(vm, kwargs, "length")) {
        Some(l) => vm.as_index(l)?,
        None => 1,
    };
    if len < 0 {
        return Err(vm.exc_msg(kind::VALUE, "length argument must be non-negative"));
    }
    // A length the heap could never hold is a MemoryError before anything is built.
    let len = match usize::try_from(len) {
        Ok(n) if n <= vm.heap.limit => n,
        _ => return Err(vm.memory_error()),
    };
    let order = a.get(2).copied().or_else(|| kwarg(vm, kwargs, "byteorder"));
    let little = byteorder_little(vm, order)?;
    let signed = match kwarg(vm, kwargs, "signed") {
        Some(s) => vm.truthy(s)?,
        None => false,
    };
    let b = match vm.as_num(v) {
        Some(Num::I(i)) => BigInt::from_i64(i),
        Some(Num::B(b)) => b,
        _ => BigInt::zero(),
    };
    if b.neg && !signed {
        return Err(vm.exc_msg(kind::OVERFLOW, "can't convert negative int to unsigned"));
    }
    // Two's complement bytes, little-endian first.
    let capacity_bits = len.saturating_mul(8);
    if b.bit_length() as usize > capacity_bits {
        return Err(vm.exc_msg(kind::OVERFLOW, "int too big to convert"));
    }
    let modulus = BigInt::from_i64(1).shl(capacity_bits);
    let val = if b.neg { b.add(&modulus) } else { b.clone() };
    let limit_bits = if signed {
        capacity_bits.saturating_sub(1)
    } else {
        capacity_bits
    };
    if (!b.neg && b.bit_length() as usize > limit_bits)
        || (b.neg && val.bit_length() as usize > len * 8)
    {
        return Err(vm.exc_msg(kind::OVERFLOW, "int too big to convert"));
    }
    let mut out = vec![0u8; len];
    for (i, byte) in out.iter_mut().enumerate() {
        let limb = val.mag.get(i / 4).copied().unwrap_or(0);
        *byte = (limb >> ((i % 4) * 8)) as u8;
    }
    if !little {
        out.reverse();
    }
    vm.alloc(Obj::Bytes(out))
}

fn i_from_bytes(vm: &mut Vm, a: &[Value], kwargs: Kw) -> Result<Value, Exc> {
    let a: Vec<Value> = a
        .iter()
        .copied()
        .filter(|v| !matches!(v, Value::Obj(r) if matches!(vm.heap.get(*r), Obj::Class(_))))
        .collect();
    if a.is_empty() {
        return Err(vm.type_error("from_bytes() missing required argument 'bytes'"));
    }
    let mut b = bytes_of(vm, a[0]).or_else(|_| {
        let items = vm.collect_iter(a[0])?;
        let mut v = Vec::new();
        for it in items {
            v.push(vm.byte_value(it, "bytes")?);
        }
        Ok::<Vec<u8>, Exc>(v)
    })?;
    let order = a.get(1).copied().or_else(|| kwarg(vm, kwargs, "byteorder"));
    let little = byteorder_little(vm, order)?;
    let signed = match kwarg(vm, kwargs, "signed") {
        Some(s) => vm.truthy(s)?,
        None => false,
    };
    if !little {
        b.reverse();
    }
    let mut mag = vec![0u32; b.len().div_ceil(4)];
    for (i, byte) in b.iter().enumerate() {
        mag[i / 4] |= (*byte as u32) << ((i % 4) * 8);
    }
    let mut v = BigInt { neg: false, mag };
    while v.mag.last() == Some(&0) {
        v.mag.pop();
    }
    if signed && b.last().is_some_and(|x| x & 0x80 != 0) {
        v = v.sub(&BigInt::from_i64(1).shl(b.len() * 8));
    }
    vm.int_from_big(v)
}

fn f_is_integer(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    match this(vm, a) {
        Value::Float(f) => Ok(Value::Bool(f.is_finite() && libm::trunc(f) == f)),
        _ => Ok(Value::Bool(true)),
    }
}

fn i_conjugate(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    Ok(this(vm, a))
}

fn i_bit_count(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    let v = this(vm, a);
    Ok(Value::Int(match vm.as_num(v) {
        Some(Num::I(i)) => i.unsigned_abs().count_ones() as i64,
        Some(Num::B(b)) => b.mag.iter().map(|l| l.count_ones() as i64).sum(),
        _ => 0,
    }))
}

fn f_as_integer_ratio(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    let f = match this(vm, a) {
        Value::Float(f) => f,
        v => {
            let n = vm.as_num(v).map(|n| n.to_f64()).unwrap_or(0.0);
            if let Some(Num::I(_) | Num::B(_)) = vm.as_num(v) {
                return vm.alloc(Obj::Tuple(vec![v, Value::Int(1)].into_boxed_slice()));
            }
            n
        }
    };
    if f.is_infinite() {
        return Err(vm.exc_msg(kind::OVERFLOW, "cannot convert Infinity to integer ratio"));
    }
    if f.is_nan() {
        return Err(vm.value_error("cannot convert NaN to integer ratio"));
    }
    let (m, e) = libm::frexp(f);
    // f = m * 2^e with 0.5 <= |m| < 1: scale m to an integer.
    let mut mant = m;
    let mut exp = e;
    while mant != libm::trunc(mant) {
        mant *= 2.0;
        exp -= 1;
    }
    let mut num = BigInt::from_f64(mant);
    let mut den = BigInt::from_i64(1);
    if exp > 0 {
        num = num.shl(exp as usize);
    } else {
        den = den.shl((-exp) as usize);
    }
    let n = vm.int_from_big(num)?;
    let d = vm.int_from_big(den)?;
    vm.alloc(Obj::Tuple(vec![n, d].into_boxed_slice()))
}

/// `float.hex()`: `[-]0x1.<13 hex digits>p<exp>` (`0x0.` for subnormals).
pub fn float_hex(f: f64) -> String {
    if f.is_nan() {
        return String::from("nan");
    }
    if f.is_infinite() {
        return String::from(if f > 0.0 { "inf" } else { "-inf" });
    }
    let sign = if f.is_sign_negative() { "-" } else { "" };
    if f == 0.0 {
        return format!("{}0x0.0p+0", sign);
    }
    let bits = f.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let mant = bits & ((1u64 << 52) - 1);
    let (lead, e) = if exp == 0 {
        (0, -1022)
    } else {
        (1, exp - 1023)
    };
    format!("{}0x{}.{:013x}p{:+}", sign, lead, mant, e)
}

fn f_hex(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "hex", a, 1, 1)?;
    let f = match this(vm, a) {
        Value::Float(f) => f,
        v => {
            let tn = vm.type_name(v);
            return Err(vm.type_error(&format!(
                "descriptor 'hex' for 'float' objects doesn't apply to a '{}' object",
                tn
            )));
        }
    };
    vm.new_string(float_hex(f))
}

/// Parses `float.fromhex` text; `Err(true)` when the value is too large.
pub fn parse_float_hex(s: &str) -> Result<f64, bool> {
    let t = s.trim().to_ascii_lowercase();
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(&t)),
    };
    let sign = if neg { -1.0 } else { 1.0 };
    match t {
        "inf" | "infinity" => return Ok(sign * f64::INFINITY),
        "nan" => return Ok(f64::NAN),
        _ => {}
    }
    let t = t.strip_prefix("0x").unwrap_or(t);
    let (body, exp) = match t.split_once('p') {
        Some((b, e)) => {
            let ev = e
                .strip_prefix('+')
                .unwrap_or(e)
                .parse::<i64>()
                .map_err(|_| false)?;
            if e.starts_with("++") || e.starts_with("+-") {
                return Err(false);
            }
            (b, ev.clamp(-100_000, 100_000))
        }
        None => (t, 0),
    };
    let (int_part, frac_part) = body.split_once('.').unwrap_or((body, ""));
    if int_part.is_empty() && frac_part.is_empty() {
        return Err(false);
    }
    // Keep the first 28 significant hex digits (112 bits, over twice a
    // double's 53), folding the rest into a sticky bit for correct rounding.
    let mut m: u128 = 0;
    let mut kept = 0u32;
    let mut sticky = false;
    let mut scale: i64 = exp;
    for (i, ch) in int_part.chars().chain(frac_part.chars()).enumerate() {
        let d = ch.to_digit(16).ok_or(false)? as u128;
        let in_frac = i >= int_part.len();
        if kept < 28 {
            if m != 0 || d != 0 {
                kept += 1;
            }
            m = (m << 4) | d;
            if in_frac {
                scale -= 4;
            }
        } else {
            sticky |= d != 0;
            if !in_frac {
                scale += 4;
            }
        }
    }
    if m == 0 {
        return Ok(sign * 0.0);
    }
    if sticky {
        m |= 1;
    }
    // `m as f64` rounds to nearest-even; scaling by a power of two is exact
    // unless the result is subnormal.
    let v = libm::ldexp(m as f64, scale.clamp(-20_000, 20_000) as i32);
    if v.is_infinite() {
        return Err(true);
    }
    Ok(sign * v)
}

fn f_fromhex(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    let Some(s) = a.last().and_then(|v| vm.str_of(*v)).map(String::from) else {
        return Err(vm.type_error("fromhex() argument must be str"));
    };
    match parse_float_hex(&s) {
        Ok(f) => Ok(Value::Float(f)),
        Err(true) => Err(vm.exc_msg(
            kind::OVERFLOW,
            "hexadecimal value too large to represent as a float",
        )),
        Err(false) => Err(vm.value_error("invalid hexadecimal floating-point string")),
    }
}

fn n_round(vm: &mut Vm, a: &[Value], k: Kw) -> Result<Value, Exc> {
    let mut args = a.to_vec();
    if let Some(first) = args.first_mut() {
        *first = this(vm, a);
    }
    crate::builtins::b_round(vm, &args, k)
}

/// `__trunc__`/`__floor__`/`__ceil__` of ints and floats (ints are their own).
fn n_int_conv(vm: &mut Vm, a: &[Value], mode: u8) -> Result<Value, Exc> {
    check_args(vm, "__trunc__", a, 1, 1)?;
    let v = this(vm, a);
    let f = match v {
        Value::Float(f) => f,
        _ => return Ok(v),
    };
    if f.is_nan() {
        return Err(vm.value_error("cannot convert float NaN to integer"));
    }
    if f.is_infinite() {
        return Err(vm.exc_msg(kind::OVERFLOW, "cannot convert float infinity to integer"));
    }
    let r = match mode {
        0 => libm::trunc(f),
        1 => libm::floor(f),
        _ => libm::ceil(f),
    };
    vm.int_from_big(BigInt::from_f64(r))
}
fn n_trunc(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    n_int_conv(vm, a, 0)
}
fn n_floor(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    n_int_conv(vm, a, 1)
}
fn n_ceil(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    n_int_conv(vm, a, 2)
}

/// int methods.
pub const INT: &[(&str, NativeFnPtr)] = &[
    ("__round__", n_round),
    ("__trunc__", n_trunc),
    ("__floor__", n_floor),
    ("__ceil__", n_ceil),
    ("bit_count", i_bit_count),
    ("as_integer_ratio", f_as_integer_ratio),
    ("bit_length", i_bit_length),
    ("to_bytes", i_to_bytes),
    ("conjugate", i_conjugate),
];
/// int class methods.
pub const INT_CLASS: &[(&str, NativeFnPtr)] = &[("from_bytes", i_from_bytes)];
/// float class methods.
pub const FLOAT_CLASS: &[(&str, NativeFnPtr)] = &[("fromhex", f_fromhex)];
/// float methods.
pub const FLOAT: &[(&str, NativeFnPtr)] = &[
    ("hex", f_hex),
    ("__round__", n_round),
    ("__trunc__", n_trunc),
    ("__floor__", n_floor),
    ("__ceil__", n_ceil),
    ("as_integer_ratio", f_as_integer_ratio),
    ("is_integer", f_is_integer),
    ("conjugate", i_conjugate),
];

// ---------- generators ----------

fn g_send(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "send", a, 2, 2)?;
    gen_step(vm, a[0], a[1], None)
}

fn g_next(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    gen_step(vm, a[0], Value::None, None)
}

fn gen_step(vm: &mut Vm, g: Value, sent: Value, throw: Option<Value>) -> Result<Value, Exc> {
    let r = match g {
        Value::Obj(r) if matches!(vm.heap.get(r), Obj::Generator(_)) => r,
        _ => return Err(vm.type_error("expected a generator")),
    };
    match vm.gen_next_nested(r, sent, throw)? {
        Some(v) => Ok(v),
        None => Err(vm.generator_stop()),
    }
}

/// The exception of `throw(type[, value])` / `athrow(...)`: `a[1]`, called with `a[2]`.
fn thrown(vm: &mut Vm, a: &[Value]) -> Result<Value, Exc> {
    let mut e = a[1];
    if let (Value::Obj(r), Some(v)) = (e, a.get(2))
        && matches!(vm.heap.get(r), Obj::Class(_))
        && !matches!(v, Value::None)
    {
        e = vm.call(e, &[*v])?;
    }
    vm.make_exception(e)
}

fn g_throw(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "throw", a, 2, 4)?;
    let e = thrown(vm, a)?;
    gen_step(vm, a[0], Value::None, Some(e))
}

fn g_close(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    let r = match a.first() {
        Some(Value::Obj(r)) => *r,
        _ => return Ok(Value::None),
    };
    let (started, finished) = match vm.heap.get(r) {
        Obj::Generator(g) => (g.started, !g.suspended()),
        _ => return Ok(Value::None),
    };
    if finished {
        return Ok(Value::None);
    }
    if !started {
        if let Obj::Generator(g) = vm.heap.get_mut(r) {
            g.finished = true;
        }
        return Ok(Value::None);
    }
    let ge = vm.exc_args(kind::GENERATOR_EXIT, Vec::new());
    match vm.gen_next_nested(r, Value::None, Some(ge.0)) {
        Ok(Some(_)) => Err(vm.exc_msg(kind::RUNTIME, "generator ignored GeneratorExit")),
        Ok(None) => Ok(Value::None),
        Err(e) if vm.exc_is(e.0, kind::GENERATOR_EXIT) || vm.exc_is(e.0, kind::STOP_ITERATION) => {
            Ok(Value::None)
        }
        Err(e) => Err(e),
    }
}

fn it_next(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    match vm.iter_next(a[0])? {
        Some(v) => Ok(v),
        None => Err(vm.exc_args(kind::STOP_ITERATION, Vec::new())),
    }
}

/// Methods of the builtin iterators (`iter([1]).__next__()`).
pub const ITERATOR: &[(&str, NativeFnPtr)] = &[("__next__", it_next)];

/// Generator methods (`send` and `__next__` run in-loop when called from bytecode).
pub const GENERATOR: &[(&str, NativeFnPtr)] = &[
    ("send", g_send),
    ("__next__", g_next),
    ("throw", g_throw),
    ("close", g_close),
];

fn ag_self(_: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    Ok(a[0])
}

/// Async generator methods: it is its own `__anext__()` awaitable (its `yield` completes the
/// awaiting `await`, see `Vm::yield_async`), so a step allocates nothing.
pub const ASYNC_GENERATOR: &[(&str, NativeFnPtr)] = &[
    ("__aiter__", ag_self),
    ("__anext__", ag_self),
    ("asend", ag_asend),
    ("athrow", ag_athrow),
    ("aclose", ag_aclose),
    ("send", aw_send),
    ("throw", aw_throw),
    // Of the asend()/athrow()/aclose() awaitables, whose class derives from this one.
    ("__await__", ag_self),
    ("__next__", aw_next),
];

fn ag_op(vm: &mut Vm, a: &[Value], mode: u8, name: &str) -> Result<Value, Exc> {
    let n = if mode == 2 { 1 } else { 2 };
    check_args(vm, name, a, n, n + 2 * (mode == 1) as usize)?;
    let mut v = a.get(1).copied().unwrap_or(Value::None);
    if mode == 1 {
        // athrow(type, value): the instance made now, as throw() does.
        v = thrown(vm, a)?;
    }
    let Value::Obj(g) = a[0] else {
        return Err(vm.type_error("expected an async generator"));
    };
    // athrow() and aclose() awaitables are CPython's `async_generator_athrow` (`Vm::iter_kind`).
    let family = if mode == 0 { 0 } else { AG_ATHROW };
    let aw = vm.alloc(Obj::Iter(IterState::AGen(g, v, mode | family)))?;
    // Its class, made on first use, must exist for its methods to be found.
    vm.type_of(aw)?;
    Ok(aw)
}

fn ag_asend(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    ag_op(vm, a, 0, "asend")
}

fn ag_athrow(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    ag_op(vm, a, 1, "athrow")
}

fn ag_aclose(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    ag_op(vm, a, 2, "aclose")
}

/// The flag of an `AGen` awaitable's mode made by athrow() or aclose() (its class's name).
pub const AG_ATHROW: u8 = 0x10;

/// One step of an `asend`/`athrow`/`aclose` awaitable `it`, sending `sent` (or throwing
/// `throw`) once it runs: what the generator's awaits pass through comes back as `Ok`, its
/// next `yield v` ends the awaitable with StopIteration(v) (for aclose: a RuntimeError).
#[inline(never)]
pub fn ag_step(vm: &mut Vm, it: ObjRef, sent: Value, throw: Option<Value>) -> Result<Value, Exc> {
    let (g, arg, mode) = match vm.heap.get(it) {
        Obj::Iter(IterState::AGen(g, v, m)) => (*g, *v, *m),
        _ => return Err(vm.type_error("expected an async generator awaitable")),
    };
    let family = mode & AG_ATHROW;
    let mode = mode & !AG_ATHROW;
    let gr = g;
    let closing = mode == 2 || mode == 4;
    let set = |vm: &mut Vm, m: u8| {
        if let Obj::Iter(IterState::AGen(_, _, at)) = vm.heap.get_mut(it) {
            *at = m | family;
        }
    };
    let (s, t) = match mode {
        0 if throw.is_none() => (arg, None),
        0 | 3 | 4 => (sent, throw),
        1 => (Value::None, Some(arg)),
        2 => {
            // Closing a generator that never ran or has ended runs nothing.
            let idle = match vm.heap.get_mut(gr) {
                Obj::Generator(gn) if !gn.started || gn.finished => {
                    gn.finished = true;
                    true
                }
                _ => false,
            };
            if idle {
                set(vm, 5);
                return Err(vm.exc_args(kind::STOP_ITERATION, Vec::new()));
            }
            let ge = vm.exc_args(kind::GENERATOR_EXIT, Vec::new());
            (Value::None, Some(ge.0))
        }
        _ => {
            let msg = if family != 0 {
                "cannot reuse already awaited aclose()/athrow()"
            } else {
                "cannot reuse already awaited __anext__()/asend()"
            };
            return Err(vm.exc_msg(kind::RUNTIME, msg));
        }
    };
    set(vm, if closing { 4 } else { 3 });
    let r = vm.gen_next_nested(gr, s, t);
    if !matches!(r, Ok(Some(_))) {
        set(vm, 5);
    }
    match r {
        Ok(Some(v)) => Ok(v),
        Ok(None) if closing => {
            Err(vm.exc_msg(kind::RUNTIME, "async generator ignored GeneratorExit"))
        }
        Ok(None) => Err(vm.generator_stop()),
        Err(e)
            if closing
                && (vm.exc_is(e.0, kind::GENERATOR_EXIT)
                    || vm.exc_is(e.0, kind::STOP_ASYNC_ITERATION)) =>
        {
            Err(vm.exc_args(kind::STOP_ITERATION, Vec::new()))
        }
        Err(e) => Err(e),
    }
}

/// The awaitable `a[0]` is, or None for the async generator itself (its own awaitable).
fn aw_ref(vm: &Vm, a: &[Value]) -> Option<ObjRef> {
    match a.first() {
        Some(Value::Obj(r)) if matches!(vm.heap.get(*r), Obj::Iter(IterState::AGen(..))) => {
            Some(*r)
        }
        _ => None,
    }
}

fn aw_send(vm: &mut Vm, a: &[Value], kw: Kw) -> Result<Value, Exc> {
    let Some(r) = aw_ref(vm, a) else {
        return g_send(vm, a, kw);
    };
    check_args(vm, "send", a, 2, 2)?;
    ag_step(vm, r, a[1], None)
}

fn aw_next(vm: &mut Vm, a: &[Value], kw: Kw) -> Result<Value, Exc> {
    let Some(r) = aw_ref(vm, a) else {
        return g_next(vm, a, kw);
    };
    ag_step(vm, r, Value::None, None)
}

fn aw_throw(vm: &mut Vm, a: &[Value], kw: Kw) -> Result<Value, Exc> {
    let Some(r) = aw_ref(vm, a) else {
        return g_throw(vm, a, kw);
    };
    check_args(vm, "throw", a, 2, 4)?;
    let e = thrown(vm, a)?;
    ag_step(vm, r, Value::None, Some(e))
}

// ---------- exceptions and object ----------

fn e_init(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    if let Some(d) = vm.exc_data_mut(a[0]) {
        d.args = a[1..].to_vec();
    }
    Ok(Value::None)
}

fn e_with_traceback(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    // Only `with_traceback(None)` changes anything (drops the frames): a traceback object is
    // a view made from the exception's own record, so giving one back keeps that record.
    let e = a.first().copied().unwrap_or(Value::None);
    if a.get(1) == Some(&Value::None)
        && let Some(d) = vm.exc_data_mut(e)
    {
        d.tb.clear();
        d.caught = None;
    }
    Ok(e)
}

/// `e.add_note(note)` (3.11): appends to the list `e.__notes__`, made on first use.
fn e_add_note(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    if a.len() != 2 {
        return Err(vm.type_error(&format!(
            "BaseException.add_note() takes exactly one argument ({} given)",
            a.len().saturating_sub(1)
        )));
    }
    if vm.str_of(a[1]).is_none() {
        let tn = vm.type_name(a[1]);
        return Err(vm.type_error(&format!("note must be a str, not '{}'", tn)));
    }
    let name = vm.intern("__notes__")?;
    let notes = match vm.get_attr_opt(a[0], name)? {
        Some(l @ Value::Obj(r)) if matches!(vm.heap.get(r), Obj::List(_)) => l,
        Some(_) => return Err(vm.type_error("Cannot add note: __notes__ is not a list")),
        None => {
            let l = vm.alloc(Obj::List(Vec::new()))?;
            vm.set_attr(a[0], name, l)?;
            l
        }
    };
    vm.list_extend(notes, &[a[1]])?;
    Ok(Value::None)
}

/// BaseException methods.
pub const EXCEPTION: &[(&str, NativeFnPtr)] = &[
    ("__init__", e_init),
    ("with_traceback", e_with_traceback),
    ("add_note", e_add_note),
];

fn o_init(vm: &mut Vm, a: &[Value], k: Kw) -> Result<Value, Exc> {
    if a.len() > 1 || !k.is_empty() {
        return Err(vm.type_error(
            "object.__init__() takes exactly one argument (the instance to initialize)",
        ));
    }
    Ok(Value::None)
}

fn o_init_subclass(_: &mut Vm, _: &[Value], _: Kw) -> Result<Value, Exc> {
    Ok(Value::None)
}

fn o_eq(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "__eq__", a, 2, 2)?;
    if a[0] == a[1] {
        Ok(Value::Bool(true))
    } else {
        Ok(vm.not_implemented)
    }
}

fn o_ne(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "__ne__", a, 2, 2)?;
    let r = vm.eq(a[0], a[1])?;
    Ok(Value::Bool(!r))
}

fn o_hash(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    Ok(Value::Int(match a.first() {
        Some(Value::Obj(r)) => r.0 as i64 * 16 + 7,
        Some(v) => vm.hash(*v)?,
        None => 0,
    }))
}

fn o_repr(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    let v = a.first().copied().unwrap_or(Value::None);
    // `dict.__repr__(self)` (or `super().__repr__()`) in a subclass of a builtin type
    // reaches here: the builtin value's repr, as the base type's own method gives; so does
    // `(0.5).__repr__()`, the method a builtin value's type inherits from here.
    if let Some(b) = builtin_value(vm, v) {
        let s = vm.repr(b)?;
        return vm.new_string(s);
    }
    let cls = vm.class_of(v);
    let tn = vm.class_qualname(cls)?;
    let addr = match v {
        Value::Obj(r) => 0x7f00_0000_0000u64 + r.0 as u64 * 64,
        _ => 0,
    };
    let m = vm.n.module;
    let module = vm
        .class_lookup(cls, m)
        .and_then(|m| vm.str_of(m).map(String::from));
    // Builtin classes have no `__module__`: CPython omits `builtins.`.
    vm.new_string(match module {
        Some(module) => format!("<{}.{} object at 0x{:x}>", module, tn, addr),
        None => format!("<{} object at 0x{:x}>", tn, addr),
    })
}

/// The builtin value `v` stands for: itself when it is not an instance of a user class,
/// else the builtin base value of a subclass of a builtin type (`None` for a plain instance).
fn builtin_value(vm: &Vm, v: Value) -> Option<Value> {
    match v {
        Value::Obj(r) => match vm.heap.get(r) {
            Obj::Instance(i) => Some(i.base_value()).filter(|b| !b.is_null()),
            _ => Some(v),
        },
        _ => Some(v),
    }
}

fn o_str(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    let v = a.first().copied().unwrap_or(Value::None);
    let s = match builtin_value(vm, v) {
        Some(b) => vm.to_str(b)?,
        None => vm.repr(v)?,
    };
    vm.new_string(s)
}

fn o_setattr(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "__setattr__", a, 3, 3)?;
    match a[0] {
        Value::Obj(r) if matches!(vm.heap.get(r), Obj::Instance(_)) => {
            let name = crate::builtins::intern_value(vm, a[1])?;
            vm.instance_set(r, name, a[2])?;
            Ok(Value::None)
        }
        _ => {
            let name = crate::builtins::intern_value(vm, a[1])?;
            vm.set_attr(a[0], name, a[2])?;
            Ok(Value::None)
        }
    }
}

fn o_getattribute(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "__getattribute__", a, 2, 2)?;
    let name = crate::builtins::intern_value(vm, a[1])?;
    match vm.generic_get_attr(a[0], name)? {
        Some(v) => Ok(v),
        None => Err(vm.attr_error(a[0], name)),
    }
}

fn o_delattr(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "__delattr__", a, 2, 2)?;
    if let Value::Obj(r) = a[0] {
        let name = crate::builtins::intern_value(vm, a[1])?;
        let h = vm.str_hash(name);
        let found = vm
            .inst_dict(r)
            .and_then(|d| d.find(h, |k| vm.str_key_eq(k, name)));
        if let Some(ix) = found {
            if let Some(d) = vm.inst_dict_mut(r) {
                d.remove_at(ix);
            }
            return Ok(Value::None);
        }
        return Err(vm.attr_error(a[0], name));
    }
    Ok(Value::None)
}

fn o_new(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    match a.first() {
        Some(Value::Obj(c)) if matches!(vm.heap.get(*c), Obj::Class(_)) => {
            let tag = match vm.heap.get(*c) {
                Obj::Class(k) => k.tag,
                _ => crate::vm::TypeTag::Object,
            };
            if vm.is_builtin_class(*c) && tag != crate::vm::TypeTag::Object {
                return crate::builtins::construct(vm, *c, &a[1..], &[]);
            }
            if a.len() > 1 && tag == crate::vm::TypeTag::Object {
                // CPython's object_new: extra arguments are an error unless
                // `__init__` is overridden (it takes them) and `__new__` is not.
                let (init, new) = (vm.n.init, vm.n.new);
                let obj = vm.t.object;
                let own_init = vm.class_lookup(*c, init) != vm.class_lookup(obj, init);
                let own_new = vm.class_lookup(*c, new) != vm.class_lookup(obj, new);
                if own_new {
                    return Err(vm.type_error(
                        "object.__new__() takes exactly one argument (the type to instantiate)",
                    ));
                }
                if !own_init {
                    let cn = vm.class_name(*c);
                    return Err(vm.type_error(&format!("{}() takes no arguments", cn)));
                }
            }
            let inst = vm.new_instance(*c, tag)?;
            if !matches!(
                tag,
                crate::vm::TypeTag::Object | crate::vm::TypeTag::Exception
            ) {
                if let Some(base) = vm.builtin_base(*c) {
                    if matches!(
                        tag,
                        crate::vm::TypeTag::Int
                            | crate::vm::TypeTag::Float
                            | crate::vm::TypeTag::Str
                            | crate::vm::TypeTag::Tuple
                            | crate::vm::TypeTag::Bytes
                            | crate::vm::TypeTag::FrozenSet
                    ) {
                        let bv = crate::builtins::construct(vm, base, &a[1..], &[])?;
                        vm.set_base_value(inst, bv);
                    }
                }
            } else if tag == crate::vm::TypeTag::Exception {
                if let Some(d) = vm.exc_data_mut(inst) {
                    d.args = a[1..].to_vec();
                }
            }
            Ok(inst)
        }
        _ => Err(vm.type_error("object.__new__(X): X is not a type object")),
    }
}

fn o_format(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "__format__", a, 2, 2)?;
    let spec = String::from(vm.str_of(a[1]).unwrap_or(""));
    if let Some(b) = builtin_value(vm, a[0]) {
        let s = vm.format_value(b, &spec)?;
        return vm.new_string(s);
    }
    if !spec.is_empty() {
        let tn = vm.type_name(a[0]);
        return Err(vm.type_error(&format!(
            "unsupported format string passed to {}.__format__",
            tn
        )));
    }
    let s = vm.to_str(a[0])?;
    vm.new_string(s)
}

fn o_lt(vm: &mut Vm, _: &[Value], _: Kw) -> Result<Value, Exc> {
    Ok(vm.not_implemented)
}

/// object methods.
pub const OBJECT: &[(&str, NativeFnPtr)] = &[
    ("__init__", o_init),
    ("__eq__", o_eq),
    ("__ne__", o_ne),
    ("__hash__", o_hash),
    ("__repr__", o_repr),
    ("__str__", o_str),
    ("__setattr__", o_setattr),
    ("__getattribute__", o_getattribute),
    ("__delattr__", o_delattr),
    ("__format__", o_format),
    ("__lt__", o_lt),
    ("__le__", o_lt),
    ("__gt__", o_lt),
    ("__ge__", o_lt),
];

/// object class methods.
pub const OBJECT_CLASS: &[(&str, NativeFnPtr)] = &[("__init_subclass__", o_init_subclass)];

/// object static methods.
pub const OBJECT_STATIC: &[(&str, NativeFnPtr)] = &[("__new__", o_new)];

fn t_mro(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    let mro = match a.first() {
        Some(Value::Obj(r)) => match vm.heap.get(*r) {
            Obj::Class(c) => c.mro.to_vec(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    let v: Vec<Value> = mro.into_iter().map(Value::Obj).collect();
    vm.alloc(Obj::List(v))
}

fn t_subclasses(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    let subs = match a.first() {
        Some(Value::Obj(r)) => vm.heap.subclasses_of(*r),
        _ => Vec::new(),
    };
    let v: Vec<Value> = subs.into_iter().map(Value::Obj).collect();
    vm.alloc(Obj::List(v))
}

/// The descriptor of a property, or of an instance of a `property` subclass (its base value).
fn prop_desc(vm: &Vm, v: Value) -> Option<(ObjRef, PropertyDesc)> {
    match this(vm, &[v]) {
        Value::Obj(r) => match vm.heap.get(r) {
            Obj::Property(p) => Some((r, **p)),
            _ => None,
        },
        _ => None,
    }
}

fn p_with(vm: &mut Vm, a: &[Value], which: usize) -> Result<Value, Exc> {
    check_args(vm, "property", a, 2, 2)?;
    let Some((_, mut p)) = prop_desc(vm, a[0]) else {
        return Err(vm.type_error("not a property"));
    };
    match which {
        0 => p.fget = a[1],
        1 => p.fset = a[1],
        _ => p.fdel = a[1],
    }
    if let Value::Obj(r) = a[0]
        && let Obj::Instance(i) = vm.heap.get(r)
    {
        // As CPython's property_copy: a subclass's copy is `type(self)(fget, fset, fdel, doc)`.
        let cls = Value::Obj(i.class);
        return vm.call(cls, &[p.fget, p.fset, p.fdel, p.doc]);
    }
    vm.alloc(Obj::Property(alloc::boxed::Box::new(p)))
}
fn p_getter(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    p_with(vm, a, 0)
}
fn p_setter(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    p_with(vm, a, 1)
}
fn p_deleter(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    p_with(vm, a, 2)
}
fn p_get(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "__get__", a, 2, 3)?;
    let g = prop_desc(vm, a[0]).map_or(Value::None, |(_, p)| p.fget);
    if matches!(a[1], Value::None) {
        return Ok(a[0]);
    }
    if matches!(g, Value::None) {
        return Err(vm.exc_msg(kind::ATTRIBUTE, "property has no getter"));
    }
    vm.call(g, &[a[1]])
}
/// `__set__` and `__delete__`: what the VM does inline for a plain property, for the
/// instances of a subclass (which it reaches through the descriptor protocol).
fn p_set(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "__set__", a, 3, 3)?;
    let s = prop_desc(vm, a[0]).map_or(Value::None, |(_, p)| p.fset);
    if matches!(s, Value::None) {
        return Err(vm.exc_msg(kind::ATTRIBUTE, "property has no setter"));
    }
    vm.call(s, &[a[1], a[2]])
}
fn p_delete(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "__delete__", a, 2, 2)?;
    let d = prop_desc(vm, a[0]).map_or(Value::None, |(_, p)| p.fdel);
    if matches!(d, Value::None) {
        return Err(vm.exc_msg(kind::ATTRIBUTE, "property has no deleter"));
    }
    vm.call(d, &[a[1]])
}
/// `property.__init__`: a subclass instance starts as an empty property (`Vm::new_instance`).
fn p_init(vm: &mut Vm, a: &[Value], kw: Kw) -> Result<Value, Exc> {
    let Some((r, _)) = prop_desc(vm, a.first().copied().unwrap_or(Value::None)) else {
        return Err(vm.type_error("descriptor '__init__' requires a 'property' object"));
    };
    let cls = vm.t.property;
    let fresh = crate::builtins::construct(vm, cls, a.get(1..).unwrap_or(&[]), kw)?;
    if let Some((_, p)) = prop_desc(vm, fresh)
        && let Obj::Property(old) = vm.heap.get_mut(r)
    {
        **old = p;
    }
    Ok(Value::None)
}

/// property methods.
pub const PROPERTY: &[(&str, NativeFnPtr)] = &[
    ("getter", p_getter),
    ("setter", p_setter),
    ("deleter", p_deleter),
    ("__get__", p_get),
];

/// type methods.
pub const TYPE: &[(&str, NativeFnPtr)] = &[("mro", t_mro), ("__subclasses__", t_subclasses)];

/// Puts `type.__new__` (static), `__init__`, `__call__` and `__prepare__` (a classmethod) into
/// `type`'s namespace, when a metaclass is first defined (or `type`'s own are named): their
/// names are interned at start-up, so a table row would put them on every fresh heap.
pub fn install_metaclass_methods(vm: &mut Vm) -> Result<(), Exc> {
    let t = vm.t.type_;
    install_rows(
        vm,
        t,
        &[
            ("__new__", t_new, 1),
            ("__init__", t_init, 0),
            ("__call__", t_call, 0),
            ("__prepare__", t_prepare, 2),
        ],
    )
}

/// Puts the methods a subclass of `bytearray` or `property` needs into its base's namespace
/// when such a subclass is first made: the VM fills and uses plain values natively, and a
/// table row would be made whenever a program names `__init__` or `__set__`.
pub fn install_subclass_methods(vm: &mut Vm, base: ObjRef) -> Result<(), Exc> {
    if base == vm.t.property {
        install_rows(
            vm,
            base,
            &[
                ("__init__", p_init, 0),
                ("__set__", p_set, 0),
                ("__delete__", p_delete, 0),
            ],
        )
    } else if base == vm.t.bytearray {
        install_rows(vm, base, &[("__init__", ba_init, 0)])
    } else {
        Ok(())
    }
}

/// Puts natives (kind 1: static method, 2: class method) into class `t`'s namespace, unless
/// it has a method of that name already.
fn install_rows(
    vm: &mut Vm,
    t: ObjRef,
    rows: &[(&'static str, NativeFnPtr, u8)],
) -> Result<(), Exc> {
    for &(n, f, kind) in rows {
        let name = vm.intern(n)?;
        let h = vm.str_hash(name);
        if matches!(vm.heap.get(t), Obj::Class(c) if c.dict.find(h, |k| k == name).is_some()) {
            continue;
        }
        let mut v = crate::builtins::native(vm, n, f)?;
        match kind {
            1 => v = vm.alloc(Obj::StaticMethod(v))?,
            2 => v = vm.alloc(Obj::ClassMethod(v))?,
            _ => {}
        }
        if let Obj::Class(c) = vm.heap.get_mut(t) {
            c.dict.push_new(h, name, v);
        }
    }
    vm.classes_changed();
    Ok(())
}

/// The class argument of a `type` method.
fn type_arg(vm: &mut Vm, a: &[Value], what: &str) -> Result<ObjRef, Exc> {
    match a.first() {
        Some(Value::Obj(r)) if matches!(vm.heap.get(*r), Obj::Class(_)) => Ok(*r),
        Some(v) => {
            let tn = vm.type_name(*v);
            Err(vm.type_error(&format!("{}: {} is not a type object", what, tn)))
        }
        None => Err(vm.type_error(&format!("{}: not enough arguments", what))),
    }
}

/// `type.__new__(meta, name, bases, ns, **kw)` (or `type.__new__(type, x)`: `type(x)`).
fn t_new(vm: &mut Vm, a: &[Value], kw: Kw) -> Result<Value, Exc> {
    let meta = type_arg(vm, a, "type.__new__(X)")?;
    if !vm.is_subclass(meta, vm.t.type_) {
        let cn = vm.class_name(meta);
        return Err(vm.type_error(&format!(
            "type.__new__({}): {} is not a subtype of type",
            cn, cn
        )));
    }
    match &a[1..] {
        [x] if meta == vm.t.type_ => Ok(Value::Obj(vm.class_of(*x))),
        [name, bases, ns] => vm.type_new(meta, *name, *bases, *ns, kw),
        args => Err(vm.type_error(&format!(
            "type.__new__() takes exactly 3 arguments ({} given)",
            args.len()
        ))),
    }
}

/// `type.__init__(cls, ...)`: nothing to do (the class was made by `__new__`).
fn t_init(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    type_arg(vm, a, "type.__init__(X)")?;
    if a.len() != 2 && a.len() != 4 {
        return Err(vm.type_error("type.__init__() takes 1 or 3 arguments"));
    }
    Ok(Value::None)
}

/// `type.__call__(cls, *args, **kw)`: what calling a class does (`__new__`, then `__init__`),
/// for a metaclass's `__call__` that calls `super().__call__(...)`.
fn t_call(vm: &mut Vm, a: &[Value], kw: Kw) -> Result<Value, Exc> {
    let cls = type_arg(vm, a, "type.__call__(X)")?;
    vm.call_class_plain(cls, &a[1..], kw)
}

/// `type.__prepare__(name, bases, **kw)`: the namespace of a class body, a new dict.
fn t_prepare(vm: &mut Vm, _: &[Value], _: Kw) -> Result<Value, Exc> {
    vm.alloc(Obj::Dict(crate::dict::Dict::new()))
}

fn dv_mapping(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    match a.first() {
        Some(Value::Obj(r)) => match vm.heap.get(*r) {
            Obj::DictView(d, _) => Ok(Value::Obj(*d)),
            _ => Ok(Value::None),
        },
        _ => Ok(Value::None),
    }
}

fn sl_indices(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_margs(vm, "slice.indices", a, 2, 2)?;
    let r = obj_ref(vm, a, "slice")?;
    let n = vm.as_index(a[1])?;
    if n < 0 {
        return Err(vm.value_error("length should not be negative"));
    }
    // Wide: `n as usize` would wrap 2**32 to 0 on a 32-bit target.
    let (start, step, _) = vm.slice_indices_wide(r, n)?;
    let sb = match vm.heap.get(r) {
        Obj::Slice(s) => s[1],
        _ => Value::None,
    };
    let stop = if matches!(sb, Value::None) {
        if step > 0 { n } else { -1 }
    } else {
        let s = vm.as_index(sb)?;
        let s = if s < 0 { s + n } else { s };
        if step > 0 {
            s.clamp(0, n)
        } else {
            s.clamp(-1, n - 1)
        }
    };
    vm.alloc(Obj::Tuple(
        vec![Value::Int(start), Value::Int(stop), Value::Int(step)].into_boxed_slice(),
    ))
}

/// slice methods.
pub const SLICE: &[(&str, NativeFnPtr)] = &[("indices", sl_indices)];

fn r_index(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_margs(vm, "range.index", a, 2, 2)?;
    let (s, e, st) = match this(vm, a) {
        Value::Obj(r) => match vm.heap.get(r) {
            Obj::Range(x, y, z) => (*x, *y, *z),
            _ => (0, 0, 1),
        },
        _ => (0, 0, 1),
    };
    if let Value::Int(i) = a[1] {
        let inr = if st > 0 {
            i >= s && i < e
        } else {
            i <= s && i > e
        };
        // In i128: `i - s` can leave i64 for a range spanning it.
        let off = i as i128 - s as i128;
        if inr && off % st as i128 == 0 {
            return vm.int_from_i128(off / st as i128);
        }
    }
    let rp = vm.repr(a[1])?;
    Err(vm.value_error(&format!("{} is not in range", rp)))
}
fn r_count(vm: &mut Vm, a: &[Value], k: Kw) -> Result<Value, Exc> {
    Ok(Value::Int(if r_index(vm, a, k).is_ok() { 1 } else { 0 }))
}

/// range methods.
pub const RANGE: &[(&str, NativeFnPtr)] = &[("index", r_index), ("count", r_count)];

fn dv_isdisjoint(vm: &mut Vm, a: &[Value], k: Kw) -> Result<Value, Exc> {
    check_margs(vm, "isdisjoint", a, 2, 2)?;
    let s = match vm.view_as_set(a[0])? {
        Some(s) => s,
        None => return Err(vm.type_error("isdisjoint() needs keys or items")),
    };
    s_isdisjoint(vm, &[s, a[1]], k)
}

/// dict view methods.
pub const DICT_VIEW: &[(&str, NativeFnPtr)] =
    &[("mapping", dv_mapping), ("isdisjoint", dv_isdisjoint)];

/// The `byteorder` argument of `int.to_bytes` / `int.from_bytes` (default "big").
fn byteorder_little(vm: &mut Vm, order: Option<Value>) -> Result<bool, Exc> {
    match order.map(|o| vm.str_of(o)) {
        None => Ok(false),
        Some(Some("little")) => Ok(true),
        Some(Some("big")) => Ok(false),
        Some(Some(_)) => Err(vm.exc_msg(kind::VALUE, "byteorder must be either 'little' or 'big'")),
        Some(None) => {
            let tn = order.map(|o| vm.type_name(o)).unwrap_or_default();
            let msg = format!("to_bytes() argument 'byteorder' must be str, not {}", tn);
            Err(vm.type_error(&msg))
        }
    }
}
