//! `random`: the Mersenne Twister with CPython's algorithms, so seeded sequences match.
//!
//! Seeds may be None, int, float, str, bytes or bytearray; int seeds give exactly CPython's
//! sequences. float seeds go through Pyrite's hash() and str/bytes seeds through SHA-256
//! (CPython uses SHA-512), so those are reproducible but differ from CPython's.
//!
//! A generator's state (624 words and the position) is one 2,500-byte `bytearray` attribute of a
//! `Random` instance, read and written in place; the module functions use a hidden instance.

use crate::builtins::{Kw, check_args, kwarg};
use crate::exceptions::kind;
use crate::int::BigInt;
use crate::object::{NativeFnPtr, Obj};
use crate::ops::Num;
use crate::value::{ObjRef, Value};
use crate::vm::{Exc, TypeTag, Vm};
use alloc::format;
use alloc::vec;
use alloc::vec::Vec;
use core::cmp::Ordering;

const N: usize = 624;
const M: usize = 397;
const STATE_BYTES: usize = N * 4 + 4;

// ---------------------------------------------------------------- the generator

fn word(st: &[u8], i: usize) -> u32 {
    u32::from_le_bytes([st[4 * i], st[4 * i + 1], st[4 * i + 2], st[4 * i + 3]])
}

fn set_word(st: &mut [u8], i: usize, v: u32) {
    st[4 * i..4 * i + 4].copy_from_slice(&v.to_le_bytes());
}

fn init_genrand(st: &mut [u8], s: u32) {
    set_word(st, 0, s);
    for i in 1..N {
        let p = word(st, i - 1);
        set_word(
            st,
            i,
            1_812_433_253u32
                .wrapping_mul(p ^ (p >> 30))
                .wrapping_add(i as u32),
        );
    }
    set_word(st, N, N as u32);
}

fn init_by_array(st: &mut [u8], key: &[u32]) {
    init_genrand(st, 19_650_218);
    let (mut i, mut j) = (1usize, 0usize);
    for _ in 0..N.max(key.len()) {
        let p = word(st, i - 1);
        let v = (word(st, i) ^ (p ^ (p >> 30)).wrapping_mul(1_664_525))
            .wrapping_add(key[j])
            .wrapping_add(j as u32);
        set_word(st, i, v);
        i += 1;
        j += 1;
        if i >= N {
            set_word(st, 0, word(st, N - 1));
            i = 1;
        }
        if j >= key.len() {
            j = 0;
        }
    }
    for _ in 0..N - 1 {
        let p = word(st, i - 1);
        let v = (word(st, i) ^ (p ^ (p >> 30)).wrapping_mul(1_566_083_941)).wrapping_sub(i as u32);
        set_word(st, i, v);
        i += 1;
        if i >= N {
            set_word(st, 0, word(st, N - 1));
            i = 1;
        }
    }
    set_word(st, 0, 0x8000_0000);
}

fn genrand(st: &mut [u8]) -> u32 {
    let mut mti = word(st, N) as usize;
    if mti >= N {
        for kk in 0..N {
            let y = (word(st, kk) & 0x8000_0000) | (word(st, (kk + 1) % N) & 0x7fff_ffff);
            let mut v = word(st, (kk + M) % N) ^ (y >> 1);
            if y & 1 != 0 {
                v ^= 0x9908_b0df;
            }
            set_word(st, kk, v);
        }
        mti = 0;
    }
    let mut y = word(st, mti);
    set_word(st, N, mti as u32 + 1);
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c_5680;
    y ^= (y << 15) & 0xefc6_0000;
    y ^= y >> 18;
    y
}

fn random_f64(st: &mut [u8]) -> f64 {
    let a = (genrand(st) >> 5) as f64;
    let b = (genrand(st) >> 6) as f64;
    (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
}

/// `k` random bits as a BigInt (CPython's getrandbits: 32-bit words, least significant first).
fn randbits(st: &mut [u8], k: u64) -> BigInt {
    if k <= 32 {
        return BigInt::from_i64((genrand(st) >> (32 - k)) as i64);
    }
    let mut result = BigInt::zero();
    let (mut left, mut shift) = (k, 0usize);
    while left > 0 {
        let mut r = genrand(st);
        if left < 32 {
            r >>= 32 - left;
        }
        result = result.bitop(&BigInt::from_i64(r as i64).shl(shift), 1);
        shift += 32;
        left = left.saturating_sub(32);
    }
    result
}

/// A uniform int in [0, n) by rejection, as CPython's `_randbelow_with_getrandbits`.
fn randbelow(st: &mut [u8], n: &BigInt) -> BigInt {
    if n.is_zero() {
        return BigInt::zero();
    }
    let k = n.bit_length();
    loop {
        let r = randbits(st, k);
        if r.cmp(n) == Ordering::Less {
            return r;
        }
    }
}

fn randbelow_usize(st: &mut [u8], n: usize) -> usize {
    randbelow(st, &BigInt::from_i64(n as i64))
        .to_i64()
        .unwrap_or(0) as usize
}

// ---------------------------------------------------------------- Python side

fn random_class(vm: &mut Vm) -> Result<ObjRef, Exc> {
    super::cached_class(vm, "random.Random", |vm| {
        let c = vm.make_native_class("Random", RANDOM_METHODS)?;
        super::set_class_module(vm, c, "random")?;
        Ok(c)
    })
}

/// The state bytearray of `self` (creating it on first use: a subclass's `__init__` may skip
/// ours).
fn state_ref(vm: &mut Vm, this: Value) -> Result<ObjRef, Exc> {
    let k = vm.intern("_state")?;
    if let Some(Value::Obj(s)) = vm.get_attr_opt(this, k)?
        && matches!(vm.heap.get(s), Obj::ByteArray(b) if b.len() == STATE_BYTES)
    {
        return Ok(s);
    }
    let Value::Obj(r) = this else {
        return Err(vm.type_error("descriptor requires a 'random.Random' object"));
    };
    let mut bytes = vec![0u8; STATE_BYTES];
    init_by_array(&mut bytes, &[0]);
    let s = vm.alloc(Obj::ByteArray(bytes))?;
    vm.instance_set(r, k, s)?;
    s.as_obj()
        .ok_or_else(|| vm.type_error("random state could not be created"))
}

/// Runs `f` on the generator state of `this`, in place.
fn with_state<T>(vm: &mut Vm, this: Value, f: impl FnOnce(&mut [u8]) -> T) -> Result<T, Exc> {
    let s = state_ref(vm, this)?;
    match vm.heap.get_mut(s) {
        Obj::ByteArray(b) => Ok(f(b)),
        _ => Err(vm.type_error("random state is not a bytearray")),
    }
}

/// An int argument (objects with `__index__` too) as a BigInt.
fn big_index(vm: &mut Vm, v: Value) -> Result<BigInt, Exc> {
    match vm.as_num(v) {
        Some(Num::I(i)) => return Ok(BigInt::from_i64(i)),
        Some(Num::B(b)) => return Ok(b),
        _ => {}
    }
    let not_int = || {
        let tn = vm.type_name(v);
        format!("'{}' object cannot be interpreted as an integer", tn)
    };
    if matches!(v, Value::Float(_)) {
        let msg = not_int();
        return Err(vm.type_error(&msg));
    }
    let idx = vm.n.index;
    match vm.lookup_special(v, idx) {
        Some(m) => {
            let r = vm.call(m, &[v])?;
            match vm.as_num(r) {
                Some(Num::I(i)) => Ok(BigInt::from_i64(i)),
                Some(Num::B(b)) => Ok(b),
                _ => Err(vm.type_error("__index__ returned non-int")),
            }
        }
        None => {
            let msg = not_int();
            Err(vm.type_error(&msg))
        }
    }
}

fn seed_key(vm: &mut Vm, this: Value, a: Value) -> Result<Vec<u32>, Exc> {
    let n: BigInt = match a {
        Value::None => {
            let now = (vm.host.time_s() * 1e6) as u64 ^ vm.host.now_ms();
            let id = match this {
                Value::Obj(r) => r.0 as i64,
                _ => 0,
            };
            BigInt::from_i64((now as i64).wrapping_mul(1_000_003) ^ (id << 16))
        }
        Value::Float(_) => {
            let h = vm.hash(a)?;
            BigInt::from_i64(h)
        }
        Value::Int(i) => BigInt::from_i64(i),
        Value::Bool(b) => BigInt::from_i64(b as i64),
        Value::Obj(r) => match vm.heap.get(r) {
            Obj::BigInt(b) => b.clone(),
            Obj::Str(s) => seed_from_bytes(s.s.as_bytes()),
            Obj::Bytes(b) | Obj::ByteArray(b) => seed_from_bytes(&b.clone()),
            _ => {
                return Err(vm.type_error(
                    "The only supported seed types are: None,\nint, float, str, bytes, and bytearray.",
                ));
            }
        },
        Value::Null => BigInt::zero(),
    };
    let mut m = if n.cmp(&BigInt::zero()) == Ordering::Less {
        n.neg()
    } else {
        n
    };
    let mut key = Vec::new();
    let mask = BigInt::from_i64(0xffff_ffff);
    while !m.is_zero() {
        key.push(m.bitop(&mask, 0).to_i64().unwrap_or(0) as u32);
        m = m.shr(32);
    }
    if key.is_empty() {
        key.push(0);
    }
    Ok(key)
}

/// int.from_bytes(data + sha256(data), "big"), as Pyrite's earlier `random.py` did.
fn seed_from_bytes(data: &[u8]) -> BigInt {
    let mut all = data.to_vec();
    all.extend_from_slice(&super::hashlib_mod::sha256(data));
    let mut n = BigInt::zero();
    for b in all {
        n = n.shl(8).bitop(&BigInt::from_i64(b as i64), 1);
    }
    n
}

fn r_init(vm: &mut Vm, a: &[Value], kw: Kw) -> Result<Value, Exc> {
    check_args(vm, "Random", a, 1, 2)?;
    let x = a
        .get(1)
        .copied()
        .or_else(|| kwarg(vm, kw, "x"))
        .unwrap_or(Value::None);
    r_seed(vm, &[a[0], x], &[])
}

fn r_seed(vm: &mut Vm, a: &[Value], kw: Kw) -> Result<Value, Exc> {
    check_args(vm, "seed", a, 1, 3)?;
    let s = a
        .get(1)
        .copied()
        .or_else(|| kwarg(vm, kw, "a"))
        .unwrap_or(Value::None);
    let key = seed_key(vm, a[0], s)?;
    with_state(vm, a[0], |st| init_by_array(st, &key))?;
    let gn = vm.intern("gauss_next")?;
    vm.set_attr(a[0], gn, Value::None)?;
    Ok(Value::None)
}

fn r_random(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "random", a, 1, 1)?;
    Ok(Value::Float(with_state(vm, a[0], random_f64)?))
}

fn r_getrandbits(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "getrandbits", a, 2, 2)?;
    let k = vm.as_index(a[1])?;
    if k < 0 {
        return Err(vm.value_error("number of bits must be non-negative"));
    }
    if k == 0 {
        return Ok(Value::Int(0));
    }
    let b = with_state(vm, a[0], |st| randbits(st, k as u64))?;
    vm.int_from_big(b)
}

fn randrange_impl(
    vm: &mut Vm,
    this: Value,
    start: Value,
    stop: Value,
    step: Value,
) -> Result<Value, Exc> {
    let istart = big_index(vm, start)?;
    let zero = BigInt::zero();
    if matches!(stop, Value::None) {
        if !matches!(step, Value::Int(1)) {
            return Err(vm.type_error("Missing a non-None stop argument"));
        }
        if istart.cmp(&zero) == Ordering::Greater {
            let r = with_state(vm, this, |st| randbelow(st, &istart))?;
            return vm.int_from_big(r);
        }
        return Err(vm.value_error("empty range for randrange()"));
    }
    let istop = big_index(vm, stop)?;
    let width = istop.sub(&istart);
    let istep = big_index(vm, step)?;
    let one = BigInt::from_i64(1);
    if istep.cmp(&one) == Ordering::Equal {
        if width.cmp(&zero) == Ordering::Greater {
            let r = with_state(vm, this, |st| randbelow(st, &width))?;
            return vm.int_from_big(istart.add(&r));
        }
        return Err(vm.value_error(&format!(
            "empty range for randrange() ({}, {}, {})",
            istart.to_string_radix(10),
            istop.to_string_radix(10),
            width.to_string_radix(10)
        )));
    }
    let n = match istep.cmp(&zero) {
        Ordering::Greater => width.add(&istep).sub(&one).divmod(&istep),
        Ordering::Less => width.add(&istep).add(&one).divmod(&istep),
        Ordering::Equal => return Err(vm.value_error("zero step for randrange()")),
    };
    let n = n.map(|(q, _)| q).unwrap_or_else(BigInt::zero);
    if n.cmp(&zero) != Ordering::Greater {
        return Err(vm.value_error("empty range for randrange()"));
    }
    let r = with_state(vm, this, |st| randbelow(st, &n))?;
    vm.int_from_big(istart.add(&istep.mul(&r)))
}

fn r_randrange(vm: &mut Vm, a: &[Value], kw: Kw) -> Result<Value, Exc> {
    check_args(vm, "randrange", a, 2, 4)?;
    let stop = a
        .get(2)
        .copied()
        .or_else(|| kwarg(vm, kw, "stop"))
        .unwrap_or(Value::None);
    let step = a
        .get(3)
        .copied()
        .or_else(|| kwarg(vm, kw, "step"))
        .unwrap_or(Value::Int(1));
    randrange_impl(vm, a[0], a[1], stop, step)
}

fn r_randint(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "randint", a, 3, 3)?;
    let b = big_index(vm, a[2])?;
    let stop = vm.int_from_big(b.add(&BigInt::from_i64(1)))?;
    randrange_impl(vm, a[0], a[1], stop, Value::Int(1))
}

fn r_choice(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "choice", a, 2, 2)?;
    let n = vm.len(a[1])?;
    if n == 0 {
        return Err(vm.index_error("Cannot choose from an empty sequence"));
    }
    let i = with_state(vm, a[0], |st| randbelow_usize(st, n))?;
    vm.get_item(a[1], Value::Int(i as i64))
}

fn r_shuffle(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "shuffle", a, 2, 2)?;
    let x = a[1];
    let n = vm.len(x)?;
    for i in (1..n).rev() {
        let j = with_state(vm, a[0], |st| randbelow_usize(st, i + 1))?;
        let (vi, vj) = (Value::Int(i as i64), Value::Int(j as i64));
        let xi = vm.get_item(x, vi)?;
        let xj = vm.get_item(x, vj)?;
        vm.set_item(x, vi, xj)?;
        vm.set_item(x, vj, xi)?;
    }
    Ok(Value::None)
}

fn r_sample(vm: &mut Vm, a: &[Value], kw: Kw) -> Result<Value, Exc> {
    check_args(vm, "sample", a, 3, 3)?;
    let (this, mut population) = (a[0], a[1]);
    if let Value::Obj(r) = population
        && matches!(vm.heap.get(r), Obj::Set(..) | Obj::Dict(_))
    {
        return Err(
            vm.type_error("Population must be a sequence.  For dicts or sets, use sorted(d).")
        );
    }
    if let Some(counts) = kwarg(vm, kw, "counts").filter(|c| !matches!(c, Value::None)) {
        let items = vm.collect_iter(population)?;
        let counts = vm.collect_iter(counts)?;
        let mut expanded = Vec::new();
        for (item, c) in items.iter().zip(counts) {
            let c = vm.as_index(c)?;
            for _ in 0..c.max(0) {
                expanded.push(*item);
            }
        }
        population = crate::builtins::new_list(vm, expanded)?;
    }
    let n = vm.len(population)?;
    let k = vm.as_index(a[2])?;
    if k < 0 || k as u64 > n as u64 {
        return Err(vm.value_error("Sample larger than population or is negative"));
    }
    let k = k as usize;
    let mut setsize = 21usize;
    if k > 5 {
        let mut p = 1usize;
        while p < k.saturating_mul(3) {
            p = p.saturating_mul(4);
        }
        setsize = setsize.saturating_add(p);
    }
    let mut result = Vec::with_capacity(k);
    if n <= setsize {
        let mut pool = vm.collect_iter(population)?;
        for i in 0..k {
            let j = with_state(vm, this, |st| randbelow_usize(st, n - i))?;
            result.push(pool[j]);
            pool[j] = pool[n - i - 1];
        }
    } else {
        let mut selected = alloc::collections::BTreeSet::new();
        for _ in 0..k {
            let mut j = with_state(vm, this, |st| randbelow_usize(st, n))?;
            while selected.contains(&j) {
                j = with_state(vm, this, |st| randbelow_usize(st, n))?;
            }
            selected.insert(j);
            result.push(vm.get_item(population, Value::Int(j as i64))?);
        }
    }
    crate::builtins::new_list(vm, result)
}

fn to_f64(vm: &mut Vm, v: Value) -> Result<f64, Exc> {
    match vm.as_num(v) {
        Some(Num::I(i)) => Ok(i as f64),
        Some(Num::F(f)) => Ok(f),
        Some(Num::B(b)) => Ok(b.to_f64()),
        None => {
            let tn = vm.type_name(v);
            Err(vm.type_error(&format!("must be real number, not {}", tn)))
        }
    }
}

fn r_choices(vm: &mut Vm, a: &[Value], kw: Kw) -> Result<Value, Exc> {
    check_args(vm, "choices", a, 2, 3)?;
    let (this, population) = (a[0], a[1]);
    let weights = a
        .get(2)
        .copied()
        .or_else(|| kwarg(vm, kw, "weights"))
        .filter(|w| !matches!(w, Value::None));
    let cum = kwarg(vm, kw, "cum_weights").filter(|w| !matches!(w, Value::None));
    let k = match kwarg(vm, kw, "k") {
        Some(v) => vm.as_index(v)?.max(0) as usize,
        None => 1,
    };
    let n = vm.len(population)?;
    let mut out = Vec::with_capacity(k);
    let cum: Vec<f64> = match (weights, cum) {
        (None, None) => {
            for _ in 0..k {
                let x = with_state(vm, this, random_f64)?;
                let i = libm::floor(x * n as f64) as i64;
                out.push(vm.get_item(population, Value::Int(i))?);
            }
            return crate::builtins::new_list(vm, out);
        }
        (Some(_), Some(_)) => {
            return Err(vm.type_error("Cannot specify both weights and cumulative weights"));
        }
        (Some(w), None) => {
            let mut total = 0.0;
            let mut acc = Vec::new();
            for v in vm.collect_iter(w)? {
                total += to_f64(vm, v)?;
                acc.push(total);
            }
            acc
        }
        (None, Some(c)) => {
            let mut acc = Vec::new();
            for v in vm.collect_iter(c)? {
                acc.push(to_f64(vm, v)?);
            }
            acc
        }
    };
    if cum.len() != n {
        return Err(vm.value_error("The number of weights does not match the population"));
    }
    let total = cum.last().copied().unwrap_or(0.0);
    if total <= 0.0 {
        return Err(vm.value_error("Total of weights must be greater than zero"));
    }
    if !total.is_finite() {
        return Err(vm.value_error("Total of weights must be finite"));
    }
    for _ in 0..k {
        let x = with_state(vm, this, random_f64)? * total;
        let (mut lo, mut hi) = (0usize, n - 1);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if x < cum[mid] {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        out.push(vm.get_item(population, Value::Int(lo as i64))?);
    }
    crate::builtins::new_list(vm, out)
}

fn r_uniform(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "uniform", a, 3, 3)?;
    let lo = to_f64(vm, a[1])?;
    let hi = to_f64(vm, a[2])?;
    let r = with_state(vm, a[0], random_f64)?;
    Ok(Value::Float(lo + (hi - lo) * r))
}

// gauss, normalvariate, expovariate, triangular and randbytes are host-only (`std`): the
// STM32F7 image has no flash to spare for them (~3 KB), and MicroPython's random has none.

#[cfg(feature = "std")]
/// An optional float argument (position `i` after self, or keyword `name`).
fn f64_arg(
    vm: &mut Vm,
    a: &[Value],
    i: usize,
    kw: Kw,
    name: &str,
    default: f64,
) -> Result<f64, Exc> {
    match a.get(i).copied().or_else(|| kwarg(vm, kw, name)) {
        Some(v) => to_f64(vm, v),
        None => Ok(default),
    }
}

#[cfg(feature = "std")]
/// `gauss(mu=0.0, sigma=1.0)`: CPython's Box-Muller pair, the second value kept for the next
/// call in the instance's `gauss_next` (as CPython's, which `seed` and `setstate` reset).
fn r_gauss(vm: &mut Vm, a: &[Value], kw: Kw) -> Result<Value, Exc> {
    check_args(vm, "gauss", a, 1, 3)?;
    let mu = f64_arg(vm, a, 1, kw, "mu", 0.0)?;
    let sigma = f64_arg(vm, a, 2, kw, "sigma", 1.0)?;
    let key = vm.intern("gauss_next")?;
    let (z, next) = match vm.get_attr_opt(a[0], key)? {
        Some(Value::Float(z)) => (z, Value::None),
        _ => {
            let (u1, u2) = with_state(vm, a[0], |st| (random_f64(st), random_f64(st)))?;
            let x2pi = u1 * 2.0 * core::f64::consts::PI;
            let g2rad = libm::sqrt(-2.0 * libm::log(1.0 - u2));
            (
                libm::cos(x2pi) * g2rad,
                Value::Float(libm::sin(x2pi) * g2rad),
            )
        }
    };
    vm.set_attr(a[0], key, next)?;
    Ok(Value::Float(mu + z * sigma))
}

#[cfg(feature = "std")]
/// `normalvariate(mu=0.0, sigma=1.0)`: Kinderman and Monahan's ratio method, as CPython's.
fn r_normalvariate(vm: &mut Vm, a: &[Value], kw: Kw) -> Result<Value, Exc> {
    check_args(vm, "normalvariate", a, 1, 3)?;
    let mu = f64_arg(vm, a, 1, kw, "mu", 0.0)?;
    let sigma = f64_arg(vm, a, 2, kw, "sigma", 1.0)?;
    let magic = 4.0 * libm::exp(-0.5) / libm::sqrt(2.0);
    let z = with_state(vm, a[0], |st| {
        loop {
            let u1 = random_f64(st);
            let u2 = 1.0 - random_f64(st);
            let z = magic * (u1 - 0.5) / u2;
            if z * z / 4.0 <= -libm::log(u2) {
                break z;
            }
        }
    })?;
    Ok(Value::Float(mu + z * sigma))
}

#[cfg(feature = "std")]
/// `expovariate(lambd)`.
fn r_expovariate(vm: &mut Vm, a: &[Value], kw: Kw) -> Result<Value, Exc> {
    check_args(vm, "expovariate", a, 1, 2)?;
    let Some(l) = a.get(1).copied().or_else(|| kwarg(vm, kw, "lambd")) else {
        return Err(vm.type_error("expovariate() missing 1 required positional argument: 'lambd'"));
    };
    let l = to_f64(vm, l)?;
    let u = with_state(vm, a[0], random_f64)?;
    if l == 0.0 {
        return Err(vm.exc_msg(kind::ZERO_DIVISION, "float division by zero"));
    }
    Ok(Value::Float(-libm::log(1.0 - u) / l))
}

#[cfg(feature = "std")]
/// `triangular(low=0.0, high=1.0, mode=None)`.
fn r_triangular(vm: &mut Vm, a: &[Value], kw: Kw) -> Result<Value, Exc> {
    check_args(vm, "triangular", a, 1, 4)?;
    let mut low = f64_arg(vm, a, 1, kw, "low", 0.0)?;
    let mut high = f64_arg(vm, a, 2, kw, "high", 1.0)?;
    let mode = match a.get(3).copied().or_else(|| kwarg(vm, kw, "mode")) {
        None | Some(Value::None) => None,
        Some(m) => Some(to_f64(vm, m)?),
    };
    let mut u = with_state(vm, a[0], random_f64)?;
    let mut c = match mode {
        None => 0.5,
        // CPython's ZeroDivisionError path: `low` as given (an int stays one).
        Some(_) if high == low => return Ok(a.get(1).copied().unwrap_or(Value::Float(low))),
        Some(m) => (m - low) / (high - low),
    };
    if u > c {
        u = 1.0 - u;
        c = 1.0 - c;
        core::mem::swap(&mut low, &mut high);
    }
    Ok(Value::Float(low + (high - low) * libm::sqrt(u * c)))
}

#[cfg(feature = "std")]
/// `randbytes(n)`: `getrandbits(n * 8)` as n little-endian bytes.
fn r_randbytes(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "randbytes", a, 2, 2)?;
    let n = vm.as_index(a[1])?;
    if n < 0 {
        return Err(vm.value_error("number of bits must be non-negative"));
    }
    if n as u64 > vm.heap.limit as u64 {
        return Err(vm.memory_error());
    }
    // getrandbits takes 32-bit words, low word first: their little-endian bytes in order.
    let out = with_state(vm, a[0], |st| {
        let mut out = Vec::with_capacity(n as usize);
        let mut left = n as usize * 8;
        while left > 0 {
            let r = genrand(st);
            let w = if left < 32 { r >> (32 - left) } else { r };
            let take = left.min(32).div_ceil(8);
            out.extend_from_slice(&w.to_le_bytes()[..take]);
            left -= left.min(32);
        }
        out
    })?;
    vm.alloc(Obj::Bytes(out))
}

fn r_getstate(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "getstate", a, 1, 1)?;
    let words = with_state(vm, a[0], |st| {
        (0..=N).map(|i| word(st, i)).collect::<Vec<_>>()
    })?;
    let items: Vec<Value> = words.into_iter().map(|w| Value::Int(w as i64)).collect();
    let internal = crate::builtins::new_tuple(vm, items)?;
    let gn = vm.intern("gauss_next")?;
    let next = vm.get_attr_opt(a[0], gn)?.unwrap_or(Value::None);
    crate::builtins::new_tuple(vm, vec![Value::Int(3), internal, next])
}

fn r_setstate(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "setstate", a, 2, 2)?;
    let parts = vm.collect_iter(a[1])?;
    let version = parts.first().copied().unwrap_or(Value::None);
    let internal = match parts.get(1) {
        Some(v) => vm.collect_iter(*v)?,
        None => Vec::new(),
    };
    if !matches!(version, Value::Int(3)) || parts.len() != 3 || internal.len() != N + 1 {
        let vr = vm.repr(version)?;
        return Err(vm.value_error(&format!(
            "state with version {} passed to Random.setstate()",
            vr
        )));
    }
    let mut words = Vec::with_capacity(N + 1);
    for v in internal {
        let w = vm.as_index(v)?;
        if !(0..=u32::MAX as i64).contains(&w) {
            return Err(vm.exc_msg(
                kind::OVERFLOW,
                "Python int too large to convert to C unsigned long",
            ));
        }
        words.push(w as u32);
    }
    if words[N] as usize > N {
        return Err(vm.value_error("invalid state"));
    }
    with_state(vm, a[0], |st| {
        for (i, w) in words.iter().enumerate() {
            set_word(st, i, *w);
        }
    })?;
    let gn = vm.intern("gauss_next")?;
    vm.set_attr(a[0], gn, parts[2])?;
    Ok(Value::None)
}

const RANDOM_METHODS: &[(&str, NativeFnPtr)] = &[
    ("__init__", r_init),
    ("seed", r_seed),
    ("random", r_random),
    ("getrandbits", r_getrandbits),
    ("randrange", r_randrange),
    ("randint", r_randint),
    ("choice", r_choice),
    ("shuffle", r_shuffle),
    ("sample", r_sample),
    ("choices", r_choices),
    ("uniform", r_uniform),
    #[cfg(feature = "std")]
    ("gauss", r_gauss),
    #[cfg(feature = "std")]
    ("normalvariate", r_normalvariate),
    #[cfg(feature = "std")]
    ("expovariate", r_expovariate),
    #[cfg(feature = "std")]
    ("triangular", r_triangular),
    #[cfg(feature = "std")]
    ("randbytes", r_randbytes),
    ("getstate", r_getstate),
    ("setstate", r_setstate),
];

/// The hidden instance behind the module functions.
fn default_instance(vm: &mut Vm) -> Result<Value, Exc> {
    let key = vm.intern("random._inst")?;
    let b = vm.builtins;
    if let Some(v) = vm.dict_get_str(b, key) {
        return Ok(v);
    }
    let cls = random_class(vm)?;
    let inst = vm.new_instance(cls, TypeTag::Object)?;
    r_seed(vm, &[inst, Value::None], &[])?;
    vm.dict_set_str(b, key, inst)?;
    Ok(inst)
}

macro_rules! module_fn {
    ($name:ident, $method:ident) => {
        fn $name(vm: &mut Vm, a: &[Value], kw: Kw) -> Result<Value, Exc> {
            let inst = default_instance(vm)?;
            let mut args = Vec::with_capacity(a.len() + 1);
            args.push(inst);
            args.extend_from_slice(a);
            $method(vm, &args, kw)
        }
    };
}
module_fn!(m_seed, r_seed);
module_fn!(m_random, r_random);
module_fn!(m_getrandbits, r_getrandbits);
module_fn!(m_randrange, r_randrange);
module_fn!(m_randint, r_randint);
module_fn!(m_choice, r_choice);
module_fn!(m_shuffle, r_shuffle);
module_fn!(m_sample, r_sample);
module_fn!(m_choices, r_choices);
module_fn!(m_uniform, r_uniform);
#[cfg(feature = "std")]
module_fn!(m_gauss, r_gauss);
#[cfg(feature = "std")]
module_fn!(m_normalvariate, r_normalvariate);
#[cfg(feature = "std")]
module_fn!(m_expovariate, r_expovariate);
#[cfg(feature = "std")]
module_fn!(m_triangular, r_triangular);
#[cfg(feature = "std")]
module_fn!(m_randbytes, r_randbytes);
module_fn!(m_getstate, r_getstate);
module_fn!(m_setstate, r_setstate);

/// The module's functions (on a hidden shared `Random`).
pub const FUNCTIONS: &[(&str, NativeFnPtr)] = &[
    ("seed", m_seed),
    ("random", m_random),
    ("getrandbits", m_getrandbits),
    ("randrange", m_randrange),
    ("randint", m_randint),
    ("choice", m_choice),
    ("shuffle", m_shuffle),
    ("sample", m_sample),
    ("choices", m_choices),
    ("uniform", m_uniform),
    #[cfg(feature = "std")]
    ("gauss", m_gauss),
    #[cfg(feature = "std")]
    ("normalvariate", m_normalvariate),
    #[cfg(feature = "std")]
    ("expovariate", m_expovariate),
    #[cfg(feature = "std")]
    ("triangular", m_triangular),
    #[cfg(feature = "std")]
    ("randbytes", m_randbytes),
    ("getstate", m_getstate),
    ("setstate", m_setstate),
];

/// Fills the module dict `d`: the functions and the `Random` class.
pub fn init(vm: &mut Vm, d: ObjRef) -> Result<(), Exc> {
    super::add_functions(vm, d, FUNCTIONS)?;
    let cls = random_class(vm)?;
    let k = vm.intern("Random")?;
    vm.dict_set_str(d, k, Value::Obj(cls))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int_seed_matches_cpython() {
        // CPython 3.11: random.seed(42); random.random() -> 0.6394267984578837
        let mut st = vec![0u8; STATE_BYTES];
        init_by_array(&mut st, &[42]);
        assert_eq!(random_f64(&mut st), 0.6394267984578837);
    }
}
