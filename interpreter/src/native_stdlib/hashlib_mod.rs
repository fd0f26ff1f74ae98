//! `hashlib`: SHA-256, SHA-224, SHA-1 and MD5 (as CPython's hashlib for these four).
//!
//! SHA-256 uses the `sha2` compression the agent already links for bundle verification, so a
//! device image carries it once. A hash object is an instance of the native class `HASH`
//! whose running state (algorithm, length, chaining words, partial block) lives in one
//! `bytearray` attribute: no Rust state outside the GC heap, and `copy()` is a byte copy.

use crate::builtins::{Kw, check_args, kwarg};
use crate::object::{NativeFnPtr, Obj};
use crate::value::{ObjRef, Value};
use crate::vm::{Exc, TypeTag, Vm};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

#[derive(Clone, Copy, PartialEq)]
enum Algo {
    Sha256,
    Sha224,
    Sha1,
    Md5,
}

impl Algo {
    fn from_name(name: &str) -> Option<Algo> {
        Some(match name.to_ascii_lowercase().as_str() {
            "sha256" => Algo::Sha256,
            "sha224" => Algo::Sha224,
            "sha1" => Algo::Sha1,
            "md5" => Algo::Md5,
            _ => return None,
        })
    }
    fn from_tag(tag: u8) -> Algo {
        match tag {
            1 => Algo::Sha224,
            2 => Algo::Sha1,
            3 => Algo::Md5,
            _ => Algo::Sha256,
        }
    }
    fn tag(self) -> u8 {
        self as u8
    }
    fn name(self) -> &'static str {
        match self {
            Algo::Sha256 => "sha256",
            Algo::Sha224 => "sha224",
            Algo::Sha1 => "sha1",
            Algo::Md5 => "md5",
        }
    }
    fn digest_size(self) -> usize {
        match self {
            Algo::Sha256 => 32,
            Algo::Sha224 => 28,
            Algo::Sha1 => 20,
            Algo::Md5 => 16,
        }
    }
    fn iv(self) -> [u32; 8] {
        match self {
            Algo::Sha256 => [
                0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
                0x5be0cd19,
            ],
            Algo::Sha224 => [
                0xc1059ed8, 0x367cd507, 0x3070dd17, 0xf70e5939, 0xffc00b31, 0x68581511, 0x64f98fa7,
                0xbefa4fa4,
            ],
            Algo::Sha1 => [
                0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0, 0, 0, 0,
            ],
            Algo::Md5 => [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0, 0, 0, 0],
        }
    }
}

/// A running hash: what the `_state` bytearray encodes.
struct State {
    algo: Algo,
    len: u64,
    h: [u32; 8],
    buf: Vec<u8>,
}

const HEADER: usize = 1 + 8 + 32;

impl State {
    fn new(algo: Algo) -> State {
        State {
            algo,
            len: 0,
            h: algo.iv(),
            buf: Vec::new(),
        }
    }

    fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER + self.buf.len());
        out.push(self.algo.tag());
        out.extend_from_slice(&self.len.to_le_bytes());
        for w in self.h {
            out.extend_from_slice(&w.to_le_bytes());
        }
        out.extend_from_slice(&self.buf);
        out
    }

    fn decode(bytes: &[u8]) -> Option<State> {
        if bytes.len() < HEADER || bytes.len() >= HEADER + 64 {
            return None;
        }
        let algo = Algo::from_tag(bytes[0]);
        let len = u64::from_le_bytes(bytes[1..9].try_into().ok()?);
        let mut h = [0u32; 8];
        for (i, w) in h.iter_mut().enumerate() {
            *w = u32::from_le_bytes(bytes[9 + 4 * i..13 + 4 * i].try_into().ok()?);
        }
        Some(State {
            algo,
            len,
            h,
            buf: bytes[HEADER..].to_vec(),
        })
    }

    fn compress(&mut self, block: &[u8; 64]) {
        match self.algo {
            Algo::Sha256 | Algo::Sha224 => {
                sha2::block_api::compress256(&mut self.h, core::slice::from_ref(block))
            }
            Algo::Sha1 => sha1_compress(&mut self.h, block),
            Algo::Md5 => md5_compress(&mut self.h, block),
        }
    }

    fn update(&mut self, mut data: &[u8]) {
        self.len = self.len.wrapping_add(data.len() as u64);
        if !self.buf.is_empty() {
            let take = (64 - self.buf.len()).min(data.len());
            self.buf.extend_from_slice(&data[..take]);
            data = &data[take..];
            if self.buf.len() < 64 {
                return;
            }
            let mut block = [0u8; 64];
            block.copy_from_slice(&self.buf);
            self.compress(&block);
            self.buf.clear();
        }
        let mut chunks = data.chunks_exact(64);
        for chunk in &mut chunks {
            let mut block = [0u8; 64];
            block.copy_from_slice(chunk);
            self.compress(&block);
        }
        self.buf.extend_from_slice(chunks.remainder());
    }

    /// The digest, leaving `self` as it was (a hash can be updated after `digest()`).
    fn digest(&self) -> Vec<u8> {
        let mut fin = State {
            algo: self.algo,
            len: self.len,
            h: self.h,
            buf: self.buf.clone(),
        };
        let bits = self.len.wrapping_mul(8);
        let big_endian = self.algo != Algo::Md5;
        let mut pad = Vec::with_capacity(72);
        pad.push(0x80);
        pad.resize(1 + ((55u64.wrapping_sub(self.len)) % 64) as usize, 0);
        pad.extend_from_slice(&if big_endian {
            bits.to_be_bytes()
        } else {
            bits.to_le_bytes()
        });
        let len = fin.len;
        fin.update(&pad);
        fin.len = len;
        let mut out = Vec::with_capacity(32);
        for w in &fin.h[..self.algo.digest_size() / 4] {
            out.extend_from_slice(&if big_endian {
                w.to_be_bytes()
            } else {
                w.to_le_bytes()
            });
        }
        out
    }
}

fn sha1_compress(h: &mut [u32; 8], block: &[u8; 64]) {
    let mut w = [0u32; 80];
    for i in 0..16 {
        w[i] = u32::from_be_bytes([
            block[4 * i],
            block[4 * i + 1],
            block[4 * i + 2],
            block[4 * i + 3],
        ]);
    }
    for i in 16..80 {
        w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
    }
    let (mut a, mut b, mut c, mut d, mut e) = (h[0], h[1], h[2], h[3], h[4]);
    for (i, wi) in w.iter().enumerate() {
        let (f, k) = match i {
            0..=19 => ((b & c) | (!b & d), 0x5a827999),
            20..=39 => (b ^ c ^ d, 0x6ed9eba1),
            40..=59 => ((b & c) | (b & d) | (c & d), 0x8f1bbcdc),
            _ => (b ^ c ^ d, 0xca62c1d6),
        };
        let t = a
            .rotate_left(5)
            .wrapping_add(f)
            .wrapping_add(e)
            .wrapping_add(k)
            .wrapping_add(*wi);
        e = d;
        d = c;
        c = b.rotate_left(30);
        b = a;
        a = t;
    }
    for (x, y) in h.iter_mut().zip([a, b, c, d, e]) {
        *x = x.wrapping_add(y);
    }
}

/// floor(abs(sin(i + 1)) * 2^32), RFC 1321.
const MD5_K: [u32; 64] = [
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
];
const MD5_S: [u32; 16] = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];

fn md5_compress(h: &mut [u32; 8], block: &[u8; 64]) {
    let mut m = [0u32; 16];
    for (i, word) in m.iter_mut().enumerate() {
        *word = u32::from_le_bytes([
            block[4 * i],
            block[4 * i + 1],
            block[4 * i + 2],
            block[4 * i + 3],
        ]);
    }
    let (mut a, mut b, mut c, mut d) = (h[0], h[1], h[2], h[3]);
    for i in 0..64 {
        let (f, g) = match i / 16 {
            0 => ((b & c) | (!b & d), i),
            1 => ((d & b) | (!d & c), (5 * i + 1) % 16),
            2 => (b ^ c ^ d, (3 * i + 5) % 16),
            _ => (c ^ (b | !d), (7 * i) % 16),
        };
        let s = MD5_S[(i / 16) * 4 + i % 4];
        let t = a.wrapping_add(f).wrapping_add(MD5_K[i]).wrapping_add(m[g]);
        a = d;
        d = c;
        c = b;
        b = b.wrapping_add(t.rotate_left(s));
    }
    for (x, y) in h.iter_mut().zip([a, b, c, d]) {
        *x = x.wrapping_add(y);
    }
}

/// SHA-256 of `data` (for other native modules, e.g. `random`'s str seeds).
pub fn sha256(data: &[u8]) -> Vec<u8> {
    let mut st = State::new(Algo::Sha256);
    st.update(data);
    st.digest()
}

// ---------------------------------------------------------------- Python side

fn hash_class(vm: &mut Vm) -> Result<ObjRef, Exc> {
    super::cached_class(vm, "hashlib.HASH", |vm| {
        let c = vm.make_native_class("HASH", HASH_METHODS)?;
        super::set_class_module(vm, c, "_hashlib")?;
        Ok(c)
    })
}

/// The bytes to hash: bytes-like objects only (CPython refuses str).
fn data_arg(vm: &mut Vm, v: Value) -> Result<Vec<u8>, Exc> {
    if let Some(b) = super::bytes_like(vm, v) {
        return Ok(b);
    }
    if vm.str_of(v).is_some() {
        return Err(vm.type_error("Strings must be encoded before hashing"));
    }
    Err(vm.type_error("object supporting the buffer API required"))
}

fn new_hash(vm: &mut Vm, algo: Algo, data: Option<Value>) -> Result<Value, Exc> {
    let mut st = State::new(algo);
    if let Some(d) = data {
        let bytes = data_arg(vm, d)?;
        st.update(&bytes);
    }
    let cls = hash_class(vm)?;
    let inst = vm.new_instance(cls, TypeTag::Object)?;
    let Value::Obj(r) = inst else {
        return Ok(inst);
    };
    let state = vm.alloc(Obj::ByteArray(st.encode()))?;
    let k = vm.intern("_state")?;
    vm.instance_set(r, k, state)?;
    let name = vm.intern(algo.name())?;
    let k = vm.intern("name")?;
    vm.instance_set(r, k, name)?;
    let k = vm.intern("digest_size")?;
    vm.instance_set(r, k, Value::Int(algo.digest_size() as i64))?;
    let k = vm.intern("block_size")?;
    vm.instance_set(r, k, Value::Int(64))?;
    Ok(inst)
}

/// The state bytearray of a hash object (`self`).
fn state_of(vm: &mut Vm, a: &[Value]) -> Result<(ObjRef, State), Exc> {
    let this = a.first().copied().unwrap_or(Value::None);
    let k = vm.intern("_state")?;
    let sv = vm.get_attr(this, k)?;
    if let Value::Obj(r) = sv
        && let Obj::ByteArray(b) = vm.heap.get(r)
        && let Some(st) = State::decode(b)
    {
        return Ok((r, st));
    }
    Err(vm.type_error("not a hashlib hash object"))
}

fn h_update(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "update", a, 2, 2)?;
    let (r, mut st) = state_of(vm, a)?;
    let data = data_arg(vm, a[1])?;
    st.update(&data);
    if let Obj::ByteArray(b) = vm.heap.get_mut(r) {
        *b = st.encode();
    }
    Ok(Value::None)
}

fn h_digest(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "digest", a, 1, 1)?;
    let (_, st) = state_of(vm, a)?;
    vm.alloc(Obj::Bytes(st.digest()))
}

fn h_hexdigest(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "hexdigest", a, 1, 1)?;
    let (_, st) = state_of(vm, a)?;
    let mut s = String::with_capacity(64);
    for b in st.digest() {
        s.push_str(&format!("{:02x}", b));
    }
    vm.new_string(s)
}

fn h_copy(vm: &mut Vm, a: &[Value], _: Kw) -> Result<Value, Exc> {
    check_args(vm, "copy", a, 1, 1)?;
    let (_, st) = state_of(vm, a)?;
    let copy = new_hash(vm, st.algo, None)?;
    let (r, _) = state_of(vm, &[copy])?;
    if let Obj::ByteArray(b) = vm.heap.get_mut(r) {
        *b = st.encode();
    }
    Ok(copy)
}

const HASH_METHODS: &[(&str, NativeFnPtr)] = &[
    ("update", h_update),
    ("digest", h_digest),
    ("hexdigest", h_hexdigest),
    ("copy", h_copy),
];

/// The optional initial data of a constructor (`sha256(b"...")`, `sha256(data=...)`).
fn initial_data(vm: &mut Vm, a: &[Value], kw: Kw, first: usize) -> Option<Value> {
    a.get(first)
        .copied()
        .or_else(|| kwarg(vm, kw, "data"))
        .or_else(|| kwarg(vm, kw, "string"))
}

macro_rules! constructor {
    ($fn_name:ident, $py:literal, $algo:expr) => {
        fn $fn_name(vm: &mut Vm, a: &[Value], kw: Kw) -> Result<Value, Exc> {
            check_args(vm, $py, a, 0, 1)?;
            let data = initial_data(vm, a, kw, 0);
            new_hash(vm, $algo, data)
        }
    };
}
constructor!(c_sha256, "sha256", Algo::Sha256);
constructor!(c_sha224, "sha224", Algo::Sha224);
constructor!(c_sha1, "sha1", Algo::Sha1);
constructor!(c_md5, "md5", Algo::Md5);

fn c_new(vm: &mut Vm, a: &[Value], kw: Kw) -> Result<Value, Exc> {
    check_args(vm, "new", a, 1, 2)?;
    let name = match vm.str_of(a[0]) {
        Some(n) => String::from(n),
        None => {
            let tn = vm.type_name(a[0]);
            return Err(vm.type_error(&format!("new() argument 'name' must be str, not {}", tn)));
        }
    };
    let Some(algo) = Algo::from_name(&name) else {
        return Err(vm.value_error(&format!("unsupported hash type {}", name)));
    };
    let data = initial_data(vm, a, kw, 1);
    new_hash(vm, algo, data)
}

/// The module's functions.
pub const FUNCTIONS: &[(&str, NativeFnPtr)] = &[
    ("sha256", c_sha256),
    ("sha224", c_sha224),
    ("sha1", c_sha1),
    ("md5", c_md5),
    ("new", c_new),
];

/// Fills the module dict `d`: constructors, `new`, `algorithms_guaranteed/available`.
pub fn init(vm: &mut Vm, d: ObjRef) -> Result<(), Exc> {
    super::add_functions(vm, d, FUNCTIONS)?;
    let mut names = crate::dict::Dict::new();
    for (name, _) in FUNCTIONS.iter().filter(|(n, _)| *n != "new") {
        let k = vm.intern(name)?;
        let h = vm.str_hash(k);
        names.push_new(h, k, Value::None);
    }
    let set = vm.alloc(Obj::Set(names, true))?;
    for attr in ["algorithms_guaranteed", "algorithms_available"] {
        let k = vm.intern(attr)?;
        vm.dict_set_str(d, k, set)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(algo: Algo, data: &[u8]) -> String {
        let mut st = State::new(algo);
        st.update(data);
        st.digest().iter().map(|b| format!("{:02x}", b)).collect()
    }

    #[test]
    fn known_answers() {
        assert_eq!(
            hex(Algo::Sha256, b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hex(Algo::Sha224, b""),
            "d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f"
        );
        assert_eq!(
            hex(Algo::Sha1, b"abc"),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        assert_eq!(hex(Algo::Md5, b"abc"), "900150983cd24fb0d6963f7d28e17f72");
        let long = [b'a'; 1000];
        let mut st = State::new(Algo::Sha1);
        for chunk in long.chunks(7) {
            st.update(chunk);
        }
        let split: String = st.digest().iter().map(|b| format!("{:02x}", b)).collect();
        assert_eq!(split, hex(Algo::Sha1, &long));
    }

    #[test]
    fn state_round_trips_and_rejects_garbage() {
        let mut st = State::new(Algo::Md5);
        st.update(b"0123456789");
        let bytes = st.encode();
        assert!(State::decode(&bytes).is_some_and(|s| s.digest() == st.digest()));
        assert!(State::decode(&bytes[..10]).is_none());
    }
}
