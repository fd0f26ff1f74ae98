//! Special methods of the builtin types (`list.__len__`, `int.__add__`, ...), so they can be
//! called explicitly and inherited by user subclasses of builtins. They only perform the
//! builtin operation on the (unwrapped) receiver and return NotImplemented otherwise, so they
//! never recurse into the generic operator dispatch.

use crate::ast::{BinOp, CmpOp};
use crate::builtins::{Kw, check_args};
use crate::object::NativeFnPtr;
use crate::str::this;
use crate::value::Value;
use crate::vm::{Exc, Vm};

fn unwrap(vm: &Vm, v: Value) -> Value {
    this(vm, &[v])
}

fn binop(vm: &mut Vm, a: &[Value], op: BinOp, reflected: bool) -> Result<Value, Exc> {
    check_args(vm, "operator", a, 2, 2)?;
    let (x, y) = (unwrap(vm, a[0]), unwrap(vm, a[1]));
    // A number's method knows only its own kind and narrower ones, so `(7).__add__(2.0)`
    // is NotImplemented (the operator then asks float), as in CPython.
    if let (Some(rx), Some(ry)) = (num_rank(vm, x), num_rank(vm, y))
        && ry > rx
    {
        return Ok(vm.not_implemented);
    }
    let (l, r) = if reflected { (y, x) } else { (x, y) };
    match vm.builtin_binary_only(op, l, r)? {
        Some(v) => Ok(v),
        // `str.__add__(1)` is CPython's concatenation TypeError, not NotImplemented.
        None if op == BinOp::Add && !reflected && is_builtin_seq(vm, x) && !is_instance(vm, y) => {
            let (tx, ty) = (vm.type_name(x), vm.type_name(y));
            Err(vm.type_error(&if tx == "bytes" {
                alloc::format!("can't concat {} to bytes", ty)
            } else {
                alloc::format!("can only concatenate {} (not \"{}\") to {}", tx, ty, tx)
            }))
        }
        None => Ok(vm.not_implemented),
    }
}

/// Whether `v` is an instance of a Python class (which may define the reflected method).
fn is_instance(vm: &Vm, v: Value) -> bool {
    matches!(v, Value::Obj(r) if matches!(vm.heap.get(r), crate::object::Obj::Instance(_)))
}

/// 0 for an int (or bool), 1 a float, 2 a complex; `None` for anything else.
fn num_rank(vm: &Vm, v: Value) -> Option<u8> {
    use crate::object::Obj;
    match v {
        Value::Int(_) | Value::Bool(_) => Some(0),
        Value::Float(_) => Some(1),
        Value::Obj(r) => match vm.heap.get(r) {
            Obj::BigInt(_) => Some(0),
            Obj::Complex(..) => Some(2),
            _ => None,
        },
        _ => None,
    }
}

/// Whether `v` is a str, list, tuple or bytes (whose `+` refuses other builtin types with a
/// TypeError).
fn is_builtin_seq(vm: &Vm, v: Value) -> bool {
    use crate::object::Obj;
    matches!(v, Value::Obj(r) if matches!(vm.heap.get(r), Obj::Str(_) | Obj::List(_) | Obj::Tuple(_) | Obj::Bytes(_)))
}

/// Which builtin types' comparison methods (`__eq__`, `__lt__`, ...) know the other
/// operand's type, as CPython's do: `int`
/// knows ints (and bools), `float` ints and floats, `str` strs, `bytes` bytes, `bytearray`
/// and `memoryview` every bytes-like, sets and frozensets each other, and every other container only its own type. For the rest the
/// method answers NotImplemented, so `(3).__eq__('a')` does not claim False nor
/// `(3).__gt__(2.5)` True (the operator still compares them, through float's reflection).
fn eq_knows(vm: &Vm, x: Value, y: Value) -> bool {
    use crate::object::Obj;
    #[derive(PartialEq)]
    enum Family {
        Int,
        Float,
        Str,
        Bytes,
        Buffer,
        Set,
        List,
        Tuple,
        Dict,
        Range,
        Complex,
        Other,
    }
    let family = |v: Value| match v {
        Value::Int(_) | Value::Bool(_) => Family::Int,
        Value::Float(_) => Family::Float,
        Value::Obj(r) => match vm.heap.get(r) {
            Obj::BigInt(_) => Family::Int,
            Obj::Str(_) => Family::Str,
            Obj::Bytes(_) => Family::Bytes,
            Obj::ByteArray(_) | Obj::MemoryView(_) => Family::Buffer,
            Obj::Set(..) => Family::Set,
            Obj::List(_) => Family::List,
            Obj::Tuple(_) => Family::Tuple,
            Obj::Dict(_) => Family::Dict,
            Obj::Range(..) => Family::Range,
            Obj::Complex(..) => Family::Complex,
            _ => Family::Other,
        },
        _ => Family::Other,
    };
    match (family(x), family(y)) {
        (Family::Other, _) | (_, Family::Other) => true,
        (Family::Float, Family::Int) | (Family::Buffer, Family::Bytes) => true,
        (Family::Complex, Family::Int | Family::Float) => true,
        (a, b) => a == b,
    }
}

fn cmp(vm: &mut Vm, a: &[Value], op: CmpOp) -> Result<Value, Exc> {
    check_args(vm, "comparison", a, 2, 2)?;
    let (x, y) = (unwrap(vm, a[0]), unwrap(vm, a[1]));
    if !eq_knows(vm, x, y) {
        return Ok(vm.not_implemented);
    }
    let is_set = |vm: &Vm, v: Value| matches!(v, Value::Obj(r) if matches!(vm.heap.get(r), crate::object::Obj::Set(..)));
    match vm.builtin_compare_only(op, x, y)? {
        Some(b) => Ok(Value::Bool(b)),
        // Subset order between a set and a frozenset (`{1}.__lt__(frozenset({1, 2}))`).
        None if is_set(vm, x) && is_set(vm, y) => vm.compare_op(op, x, y),
        None => Ok(vm.not_implemented),
    }
}

macro_rules! bin {
    ($f:ident, $op:expr, $r:expr) => {
        fn $f(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
            binop(vm, a, $op, $r)
        }
    };
}
macro_rules! cmpf {
    ($f:ident, $op:expr) => {
        fn $f(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
            cmp(vm, a, $op)
        }
    };
}

bin!(d_add, BinOp::Add, false);
bin!(d_radd, BinOp::Add, true);
bin!(d_sub, BinOp::Sub, false);
bin!(d_rsub, BinOp::Sub, true);
bin!(d_mul, BinOp::Mul, false);
bin!(d_rmul, BinOp::Mul, true);
bin!(d_truediv, BinOp::Div, false);
bin!(d_floordiv, BinOp::FloorDiv, false);
bin!(d_mod, BinOp::Mod, false);
bin!(d_pow, BinOp::Pow, false);
bin!(d_and, BinOp::BitAnd, false);
bin!(d_or, BinOp::BitOr, false);
bin!(d_xor, BinOp::BitXor, false);
bin!(d_lshift, BinOp::LShift, false);
bin!(d_rshift, BinOp::RShift, false);
bin!(d_rtruediv, BinOp::Div, true);
bin!(d_rfloordiv, BinOp::FloorDiv, true);
bin!(d_rmod, BinOp::Mod, true);
bin!(d_rpow, BinOp::Pow, true);
bin!(d_rand, BinOp::BitAnd, true);
bin!(d_ror, BinOp::BitOr, true);
bin!(d_rxor, BinOp::BitXor, true);
bin!(d_rlshift, BinOp::LShift, true);
bin!(d_rrshift, BinOp::RShift, true);
cmpf!(d_eq, CmpOp::Eq);
cmpf!(d_ne, CmpOp::Ne);
cmpf!(d_lt, CmpOp::Lt);
cmpf!(d_le, CmpOp::Le);
cmpf!(d_gt, CmpOp::Gt);
cmpf!(d_ge, CmpOp::Ge);

fn d_len(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "__len__", a, 1, 1)?;
    let v = unwrap(vm, a[0]);
    Ok(Value::Int(vm.len(v)? as i64))
}
fn d_getitem(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "__getitem__", a, 2, 2)?;
    let v = unwrap(vm, a[0]);
    if v != a[0] {
        if let Value::Obj(r) = v {
            if let crate::object::Obj::Dict(_) = vm.heap.get(r) {
                if let Some(x) = vm.dict_get(v, a[1])? {
                    return Ok(x);
                }
                let mi = vm.n.missing;
                if let Some(m) = vm.lookup_special(a[0], mi) {
                    return vm.call(m, &[a[0], a[1]]);
                }
                return Err(vm.exc_args(crate::exceptions::kind::KEY, alloc::vec![a[1]]));
            }
        }
    }
    vm.get_item(v, a[1])
}
fn d_setitem(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "__setitem__", a, 3, 3)?;
    let v = unwrap(vm, a[0]);
    vm.set_item(v, a[1], a[2])?;
    Ok(Value::None)
}
fn d_delitem(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "__delitem__", a, 2, 2)?;
    let v = unwrap(vm, a[0]);
    vm.del_item(v, a[1])?;
    Ok(Value::None)
}
fn d_contains(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "__contains__", a, 2, 2)?;
    let v = unwrap(vm, a[0]);
    Ok(Value::Bool(vm.contains(v, a[1])?))
}
fn d_iter(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "__iter__", a, 1, 1)?;
    let v = unwrap(vm, a[0]);
    vm.get_iter(v)
}
fn d_hash(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "__hash__", a, 1, 1)?;
    let v = unwrap(vm, a[0]);
    Ok(Value::Int(vm.hash(v)?))
}
fn d_bool(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "__bool__", a, 1, 1)?;
    let v = unwrap(vm, a[0]);
    Ok(Value::Bool(vm.truthy(v)?))
}
/// A builtin number's unary operator; NotImplemented for the rest (`~` of a float), which
/// would otherwise come back here through the operator's method lookup.
fn unary(vm: &mut Vm, a: &[Value], op: crate::ast::UnOp) -> Result<Value, Exc> {
    use crate::ops::Num;
    check_args(vm, "operator", a, 1, 1)?;
    let v = unwrap(vm, a[0]);
    match (vm.as_num(v), op) {
        (Some(Num::F(_)), crate::ast::UnOp::Invert) | (None, _) => Ok(vm.not_implemented),
        _ => vm.unary_op(op, v),
    }
}
fn d_neg(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "__neg__", a, 1, 1)?;
    let v = unwrap(vm, a[0]);
    vm.unary_op(crate::ast::UnOp::Neg, v)
}
fn d_pos(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    unary(vm, a, crate::ast::UnOp::Pos)
}
fn d_invert(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    unary(vm, a, crate::ast::UnOp::Invert)
}
fn d_abs(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "__abs__", a, 1, 1)?;
    let v = unwrap(vm, a[0]);
    if let Value::Obj(r) = v
        && let crate::object::Obj::Complex(re, im) = *vm.heap.get(r)
    {
        return vm.complex_abs(re, im);
    }
    match vm.as_num(v) {
        Some(crate::ops::Num::F(f)) => Ok(Value::Float(f.abs())),
        Some(_) => {
            if vm.less_than(v, Value::Int(0))? {
                vm.unary_op(crate::ast::UnOp::Neg, v)
            } else {
                Ok(v)
            }
        }
        None => Ok(vm.not_implemented),
    }
}
fn d_index(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "__index__", a, 1, 1)?;
    let v = unwrap(vm, a[0]);
    match v {
        Value::Bool(b) => Ok(Value::Int(b as i64)),
        _ => Ok(v),
    }
}
fn d_float(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "__float__", a, 1, 1)?;
    let v = unwrap(vm, a[0]);
    match vm.as_num(v) {
        Some(n) => Ok(Value::Float(n.to_f64())),
        None => Ok(vm.not_implemented),
    }
}

/// Numeric special methods (int, float, bool).
pub const NUMBER: &[(&str, NativeFnPtr)] = &[
    ("__add__", d_add),
    ("__radd__", d_radd),
    ("__sub__", d_sub),
    ("__rsub__", d_rsub),
    ("__mul__", d_mul),
    ("__rmul__", d_rmul),
    ("__truediv__", d_truediv),
    ("__floordiv__", d_floordiv),
    ("__mod__", d_mod),
    ("__pow__", d_pow),
    ("__and__", d_and),
    ("__or__", d_or),
    ("__xor__", d_xor),
    ("__lshift__", d_lshift),
    ("__rshift__", d_rshift),
    ("__rtruediv__", d_rtruediv),
    ("__rfloordiv__", d_rfloordiv),
    ("__rmod__", d_rmod),
    ("__rpow__", d_rpow),
    ("__rand__", d_rand),
    ("__ror__", d_ror),
    ("__rxor__", d_rxor),
    ("__rlshift__", d_rlshift),
    ("__rrshift__", d_rrshift),
    ("__eq__", d_eq),
    ("__ne__", d_ne),
    ("__lt__", d_lt),
    ("__le__", d_le),
    ("__gt__", d_gt),
    ("__ge__", d_ge),
    ("__hash__", d_hash),
    ("__bool__", d_bool),
    ("__neg__", d_neg),
    ("__pos__", d_pos),
    ("__invert__", d_invert),
    ("__abs__", d_abs),
    ("__index__", d_index),
    ("__int__", d_index),
    ("__float__", d_float),
];

/// Sequence / container special methods (str, bytes, list, tuple, dict, set, range).
pub const SEQUENCE: &[(&str, NativeFnPtr)] = &[
    ("__add__", d_add),
    ("__mul__", d_mul),
    ("__rmul__", d_rmul),
    ("__mod__", d_mod),
    ("__or__", d_or),
    ("__and__", d_and),
    ("__sub__", d_sub),
    ("__xor__", d_xor),
    ("__eq__", d_eq),
    ("__ne__", d_ne),
    ("__lt__", d_lt),
    ("__le__", d_le),
    ("__gt__", d_gt),
    ("__ge__", d_ge),
    ("__len__", d_len),
    ("__getitem__", d_getitem),
    ("__contains__", d_contains),
    ("__iter__", d_iter),
];

/// Mutable container special methods (list, dict, bytearray).
pub const MUTABLE: &[(&str, NativeFnPtr)] =
    &[("__setitem__", d_setitem), ("__delitem__", d_delitem)];

/// complex's special methods (no ordering, no int or float conversion).
pub const COMPLEX: &[(&str, NativeFnPtr)] = &[
    ("__add__", d_add),
    ("__radd__", d_radd),
    ("__sub__", d_sub),
    ("__rsub__", d_rsub),
    ("__mul__", d_mul),
    ("__rmul__", d_rmul),
    ("__truediv__", d_truediv),
    ("__pow__", d_pow),
    ("__eq__", d_eq),
    ("__ne__", d_ne),
    ("__hash__", d_hash),
    ("__bool__", d_bool),
    ("__neg__", d_neg),
    ("__abs__", d_abs),
];

/// Hashing for immutable containers.
pub const HASHABLE: &[(&str, NativeFnPtr)] = &[("__hash__", d_hash)];

// ---------- host-only extras (flash): divmod and the in-place / reversed methods ----------

/// `int.__divmod__` / `float.__rdivmod__`: `(l // r, l % r)` for two builtin numbers.
#[cfg(feature = "std")]
fn divmod_pair(vm: &mut Vm, a: &[Value], reflected: bool) -> Result<Value, Exc> {
    check_args(vm, "operator", a, 2, 2)?;
    let (x, y) = (unwrap(vm, a[0]), unwrap(vm, a[1]));
    let (l, r) = if reflected { (y, x) } else { (x, y) };
    // int's method does not know floats (float's reflected one answers).
    if vm.as_num(l).is_none()
        || vm.as_num(r).is_none()
        || (!matches!(x, Value::Float(_)) && matches!(y, Value::Float(_)))
    {
        return Ok(vm.not_implemented);
    }
    let q = vm.binary_op(BinOp::FloorDiv, l, r, false)?;
    let m = vm.binary_op(BinOp::Mod, l, r, false)?;
    vm.alloc(crate::object::Obj::Tuple(
        alloc::vec![q, m].into_boxed_slice(),
    ))
}
#[cfg(feature = "std")]
fn d_divmod(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    divmod_pair(vm, a, false)
}
#[cfg(feature = "std")]
fn d_rdivmod(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    divmod_pair(vm, a, true)
}

/// `list.__iadd__`, `set.__ior__`, ...: the builtin in-place operation on the receiver,
/// which it returns (the subclass instance itself when called on one).
#[cfg(feature = "std")]
fn inplace(vm: &mut Vm, a: &[Value], op: BinOp) -> Result<Value, Exc> {
    check_args(vm, "operator", a, 2, 2)?;
    let x = unwrap(vm, a[0]);
    match vm.builtin_binary_inplace(op, x, a[1])? {
        Some(v) if v == x => Ok(a[0]),
        Some(v) => Ok(v),
        None => Ok(vm.not_implemented),
    }
}
#[cfg(feature = "std")]
macro_rules! inpl {
    ($f:ident, $op:expr) => {
        fn $f(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
            inplace(vm, a, $op)
        }
    };
}
#[cfg(feature = "std")]
inpl!(d_iadd, BinOp::Add);
#[cfg(feature = "std")]
inpl!(d_imul, BinOp::Mul);
#[cfg(feature = "std")]
inpl!(d_ior, BinOp::BitOr);
#[cfg(feature = "std")]
inpl!(d_iand, BinOp::BitAnd);
#[cfg(feature = "std")]
inpl!(d_isub, BinOp::Sub);
#[cfg(feature = "std")]
inpl!(d_ixor, BinOp::BitXor);
#[cfg(feature = "std")]
fn d_reversed(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "__reversed__", a, 1, 1)?;
    let v = unwrap(vm, a[0]);
    crate::builtins::reversed_of(vm, v)
}

/// Number extras (int, float).
#[cfg(feature = "std")]
pub const NUMBER_HOST: &[(&str, NativeFnPtr)] =
    &[("__divmod__", d_divmod), ("__rdivmod__", d_rdivmod)];
/// list and bytearray extras.
#[cfg(feature = "std")]
pub const LIST_HOST: &[(&str, NativeFnPtr)] = &[
    ("__iadd__", d_iadd),
    ("__imul__", d_imul),
    ("__reversed__", d_reversed),
];
/// dict extras.
#[cfg(feature = "std")]
pub const DICT_HOST: &[(&str, NativeFnPtr)] = &[
    ("__ior__", d_ior),
    ("__ror__", d_ror),
    ("__reversed__", d_reversed),
];
/// set extras.
#[cfg(feature = "std")]
pub const SET_HOST: &[(&str, NativeFnPtr)] = &[
    ("__ior__", d_ior),
    ("__iand__", d_iand),
    ("__isub__", d_isub),
    ("__ixor__", d_ixor),
    ("__ror__", d_ror),
    ("__rand__", d_rand),
    ("__rsub__", d_rsub),
    ("__rxor__", d_rxor),
];
/// frozenset extras.
#[cfg(feature = "std")]
pub const FROZENSET_HOST: &[(&str, NativeFnPtr)] = &[
    ("__ror__", d_ror),
    ("__rand__", d_rand),
    ("__rsub__", d_rsub),
    ("__rxor__", d_rxor),
];
