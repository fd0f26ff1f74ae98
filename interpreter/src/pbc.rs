//! Precompiled bytecode files (`.pbc`): `pyrite compile FILE.py -o FILE.pbc` writes one,
//! `import` and the `pyrite` command load them like `.py` files, so a device need not compile.
//! The format is specified in `interpreter/PBC.md`.
//!
//! The loader trusts nothing: every length is checked against the bytes left, every operand
//! against its table, every jump against the code, and a data-flow pass proves the value stack
//! never underflows, that every path into an instruction arrives with the same stack depth and
//! block stack, and that no path runs off the end. A malformed or truncated file is a
//! [`PbcError`], never a panic (`interpreter/fuzz/fuzz_targets/pbc_load.rs`).

use crate::ast::{BinOp, CmpOp, UnOp};
use crate::bytecode::{Code, CodeExtra, I24, Op, Qual, U24, flags};
use crate::int::BigInt;
use crate::object::Obj;
use crate::value::{ObjRef, Value};
use crate::vm::Vm;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

/// First bytes of every `.pbc` file.
pub const MAGIC: &[u8; 4] = b"PYBC";
/// Format version written by this build.
pub const FORMAT_VERSION: u16 = 4;
/// The oldest version this loader still reads: version 3 only added an instruction
/// (`Match`, 84) and a constant tag (complex, 10), and version 4 an instruction (`PopIter`,
/// 86), so a version-2 or -3 file means the same to it.
pub const OLDEST_VERSION: u16 = 2;
/// Feature flag: the file holds integers beyond 64 bits.
pub const FEATURE_BIGINT: u16 = 1;
/// Feature flag: the file holds float constants.
pub const FEATURE_FLOAT: u16 = 2;
/// Feature flag: the file holds generators or coroutines.
pub const FEATURE_GENERATORS: u16 = 4;
/// Every feature this loader supports (unknown bits are rejected).
pub const FEATURES_SUPPORTED: u16 = FEATURE_BIGINT | FEATURE_FLOAT | FEATURE_GENERATORS;

const HEADER_LEN: usize = 16;
const MAX_NESTING: u32 = 64;
const MAX_STACK: u32 = 1 << 16;
const MAX_LOCALS: u32 = 1 << 16;

/// Why a `.pbc` file was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PbcError(pub String);

impl core::fmt::Display for PbcError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

fn err<T>(msg: impl Into<String>) -> Result<T, PbcError> {
    Err(PbcError(msg.into()))
}

/// CRC-32 (IEEE, as zlib) of `data`.
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

// ---------- operator tables ----------

const BINOPS: [BinOp; 13] = [
    BinOp::Add,
    BinOp::Sub,
    BinOp::Mul,
    BinOp::Div,
    BinOp::FloorDiv,
    BinOp::Mod,
    BinOp::Pow,
    BinOp::LShift,
    BinOp::RShift,
    BinOp::BitOr,
    BinOp::BitXor,
    BinOp::BitAnd,
    BinOp::MatMul,
];
const CMPOPS: [CmpOp; 10] = [
    CmpOp::Lt,
    CmpOp::Le,
    CmpOp::Eq,
    CmpOp::Ne,
    CmpOp::Gt,
    CmpOp::Ge,
    CmpOp::Is,
    CmpOp::IsNot,
    CmpOp::In,
    CmpOp::NotIn,
];
const UNOPS: [UnOp; 4] = [UnOp::Neg, UnOp::Pos, UnOp::Invert, UnOp::Not];

fn idx<T: PartialEq>(table: &[T], v: &T) -> u8 {
    table.iter().position(|x| x == v).unwrap_or(0) as u8
}

// ---------- writer ----------

struct W {
    out: Vec<u8>,
    features: u16,
}

impl W {
    fn u8(&mut self, v: u8) {
        self.out.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.out.extend_from_slice(&v.to_le_bytes());
    }
    fn len(&mut self, n: usize) -> Result<(), PbcError> {
        match u32::try_from(n) {
            Ok(v) => {
                self.u32(v);
                Ok(())
            }
            Err(_) => err("table too large"),
        }
    }
    fn bytes(&mut self, b: &[u8]) -> Result<(), PbcError> {
        self.len(b.len())?;
        self.out.extend_from_slice(b);
        Ok(())
    }
    fn str(&mut self, vm: &Vm, v: Value) -> Result<(), PbcError> {
        match vm.str_of(v) {
            Some(s) => self.bytes(s.as_bytes()),
            None => err("expected a str"),
        }
    }

    fn op(&mut self, op: Op) -> Result<(), PbcError> {
        use Op::*;
        // A superinstruction stands for its first half plus the next instruction, which stays
        // in place: the first half alone is the same program. The loader fuses again.
        let op = op.first_half();
        let (code, a): (u8, Option<u32>) = match op {
            Nop => (0, None),
            Pop => (1, None),
            Dup => (2, None),
            Dup2 => (3, None),
            Rot2 => (4, None),
            Rot3 => (5, None),
            Rot4 => (6, None),
            LoadConst(i) => (7, Some(i.get())),
            LoadNone => (8, None),
            LoadTrue => (9, None),
            LoadFalse => (10, None),
            LoadInt(i) => (11, Some(i.get() as u32)),
            LoadFast(i) => (12, Some(i.get())),
            StoreFast(i) => (13, Some(i.get())),
            DeleteFast(i) => (14, Some(i.get())),
            LoadDeref(i) => (15, Some(i.get())),
            StoreDeref(i) => (16, Some(i.get())),
            DeleteDeref(i) => (17, Some(i.get())),
            LoadClosure(i) => (18, Some(i.get())),
            LoadGlobal(i) => (19, Some(i.get())),
            StoreGlobal(i) => (20, Some(i.get())),
            DeleteGlobal(i) => (21, Some(i.get())),
            LoadName(i) => (22, Some(i.get())),
            StoreName(i) => (23, Some(i.get())),
            DeleteName(i) => (24, Some(i.get())),
            LoadAttr(i) => (25, Some(i.get())),
            StoreAttr(i) => (26, Some(i.get())),
            DeleteAttr(i) => (27, Some(i.get())),
            LoadMethod(i) => (28, Some(i.get())),
            CallMethod(i) => (29, Some(i.get())),
            Binary(b) => (30, Some(idx(&BINOPS, &b) as u32)),
            Inplace(b) => (31, Some(idx(&BINOPS, &b) as u32)),
            Unary(u) => (32, Some(idx(&UNOPS, &u) as u32)),
            Compare(c) => (33, Some(idx(&CMPOPS, &c) as u32)),
            Subscr => (34, None),
            StoreSubscr => (35, None),
            DeleteSubscr => (36, None),
            BuildTuple(n) => (37, Some(n.get())),
            BuildList(n) => (38, Some(n.get())),
            BuildSet(n) => (39, Some(n.get())),
            BuildMap(n) => (40, Some(n.get())),
            BuildSlice(n) => (41, Some(n.get())),
            BuildString(n) => (42, Some(n.get())),
            ListAppend(n) => (43, Some(n.get())),
            SetAdd(n) => (44, Some(n.get())),
            MapAdd(n) => (45, Some(n.get())),
            ListExtend => (46, None),
            SetUpdate => (47, None),
            DictMerge => (48, None),
            ListToTuple => (49, None),
            FormatValue(f) => (50, Some(f as u32)),
            Jump(t) => (51, Some(t.get())),
            PopJumpIfFalse(t) => (52, Some(t.get())),
            PopJumpIfTrue(t) => (53, Some(t.get())),
            JumpIfFalseOrPop(t) => (54, Some(t.get())),
            JumpIfTrueOrPop(t) => (55, Some(t.get())),
            GetIter => (56, None),
            ForIter(t) => (57, Some(t.get())),
            UnpackSequence(n) => (58, Some(n.get())),
            UnpackEx(b, a) => (59, Some(((b as u32) << 16) | a as u32)),
            Call(n) => (60, Some(n.get())),
            CallKw(n) => (61, Some(n.get())),
            CallEx(n) => (62, Some(n.get())),
            MakeFunction(n) => (63, Some(n.get())),
            ReturnValue => (64, None),
            YieldValue => (65, None),
            YieldFrom => (66, None),
            GetAwaitable => (67, None),
            SetupExcept(t) => (68, Some(t.get())),
            PopBlock => (69, None),
            PushExcInfo => (70, None),
            PopExcept => (71, None),
            Raise(n) => (72, Some(n.get())),
            Reraise => (73, None),
            ExcMatch => (74, None),
            ExcTriple => (75, None),
            LoadExit(n) => (76, Some(n.get())),
            ImportName(i) => (77, Some(i.get())),
            ImportFrom(i) => (78, Some(i.get())),
            ImportStar => (79, None),
            BuildClass => (80, None),
            PrintExpr => (81, None),
            LoadAssertionError => (82, None),
            DictMergeCall => (83, None),
            Match(k, n) => (84, Some(((k as u32) << 16) | n as u32)),
            YieldAsync => (85, None),
            PopIter => (86, None),
            // An instruction added to the VM after this format: bump FORMAT_VERSION and give
            // it a number here (and in `read_op`).
            #[allow(unreachable_patterns)]
            other => return err(format!("instruction {:?} has no .pbc encoding", other)),
        };
        self.u8(code);
        if let Some(a) = a {
            self.u32(a);
        }
        Ok(())
    }

    fn konst(&mut self, vm: &Vm, v: Value, depth: u32) -> Result<(), PbcError> {
        if depth > MAX_NESTING {
            return err("constants nested too deeply");
        }
        match v {
            Value::None => self.u8(7),
            Value::Bool(true) => self.u8(8),
            Value::Bool(false) => self.u8(9),
            Value::Int(i) => {
                self.u8(0);
                self.out.extend_from_slice(&i.to_le_bytes());
            }
            Value::Float(f) => {
                self.features |= FEATURE_FLOAT;
                self.u8(1);
                self.out.extend_from_slice(&f.to_bits().to_le_bytes());
            }
            Value::Obj(r) => match vm.heap.get(r) {
                Obj::Str(s) => {
                    let s = s.s.clone().into_owned();
                    self.u8(2);
                    self.bytes(s.as_bytes())?;
                }
                Obj::Bytes(b) => {
                    let b = b.clone();
                    self.u8(3);
                    self.bytes(&b)?;
                }
                Obj::BigInt(b) => {
                    self.features |= FEATURE_BIGINT;
                    let (neg, mag) = (b.neg, b.mag.clone());
                    self.u8(4);
                    self.u8(neg as u8);
                    self.len(mag.len())?;
                    for limb in mag {
                        self.u32(limb);
                    }
                }
                Obj::Tuple(t) => {
                    let items = t.to_vec();
                    self.u8(5);
                    self.len(items.len())?;
                    for it in items {
                        self.konst(vm, it, depth + 1)?;
                    }
                }
                Obj::Code(c) => {
                    let c = c.clone();
                    self.u8(6);
                    self.code(vm, &c, depth + 1)?;
                }
                Obj::Complex(re, im) => {
                    let (re, im) = (*re, *im);
                    self.features |= FEATURE_FLOAT;
                    self.u8(10);
                    self.out.extend_from_slice(&re.to_bits().to_le_bytes());
                    self.out.extend_from_slice(&im.to_bits().to_le_bytes());
                }
                _ => return err("constant of an unsupported type"),
            },
            _ => return err("constant of an unsupported type"),
        }
        Ok(())
    }

    fn code(&mut self, vm: &Vm, c: &Code, depth: u32) -> Result<(), PbcError> {
        if depth > MAX_NESTING {
            return err("code nested too deeply");
        }
        if c.flags & (flags::GENERATOR | flags::COROUTINE) != 0 {
            self.features |= FEATURE_GENERATORS;
        }
        self.u32(c.argcount);
        self.u32(c.posonlycount);
        self.u32(c.kwonlycount);
        self.u32(c.nlocals);
        self.u8(c.flags);
        self.str(vm, Value::Obj(c.name))?;
        self.bytes(vm.qualname_string(c).as_bytes())?;
        self.str(vm, Value::Obj(c.filename))?;
        match c.doc() {
            Value::None => self.u8(0),
            d => {
                self.u8(1);
                self.str(vm, d)?;
            }
        }
        self.len(c.varnames.len())?;
        for v in &c.varnames {
            self.str(vm, Value::Obj(*v))?;
        }
        self.len(c.names.len())?;
        for v in &c.names {
            self.str(vm, Value::Obj(*v))?;
        }
        self.len(c.cellvars().len())?;
        for (slot, p) in c.cellvars() {
            self.u32(*slot);
            self.u8(*p as u8);
        }
        self.len(c.freevars().len())?;
        for s in c.freevars() {
            self.u32(*s);
        }
        // The file keeps plain pairs (format unchanged); memory holds them packed.
        self.len(c.line_entries().count())?;
        for (ip, line) in c.line_entries() {
            self.u32(ip);
            self.u32(line);
        }
        self.len(c.consts.len())?;
        for v in &c.consts {
            self.konst(vm, *v, depth)?;
        }
        self.len(c.ops.len())?;
        for op in c.ops.iter() {
            self.op(*op)?;
        }
        Ok(())
    }
}

/// Serialises a compiled module (from `Vm::compile_source`) to `.pbc` bytes.
pub fn encode(vm: &Vm, code: &Code) -> Result<Vec<u8>, PbcError> {
    let mut w = W {
        out: Vec::new(),
        features: 0,
    };
    w.code(vm, code, 0)?;
    let payload = w.out;
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&w.features.to_le_bytes());
    let len = u32::try_from(payload.len()).map_err(|_| PbcError("module too large".into()))?;
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&crc32(&payload).to_le_bytes());
    out.extend_from_slice(&payload);
    Ok(out)
}

// ---------- reader ----------

struct R<'a> {
    data: &'a [u8],
    pos: usize,
}

impl R<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], PbcError> {
        if self.data.len() - self.pos < n {
            return err(format!("truncated at byte {}", HEADER_LEN + self.pos));
        }
        let s = &self.data[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, PbcError> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32, PbcError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u64(&mut self) -> Result<u64, PbcError> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
    /// A count of items that each take at least `min_bytes`: never more than the bytes left.
    fn count(&mut self, min_bytes: usize) -> Result<usize, PbcError> {
        let n = self.u32()? as usize;
        if n.saturating_mul(min_bytes.max(1)) > self.data.len() - self.pos {
            return err(format!("count {} exceeds the file", n));
        }
        Ok(n)
    }
    fn bytes(&mut self) -> Result<Vec<u8>, PbcError> {
        let n = self.count(1)?;
        Ok(self.take(n)?.to_vec())
    }
    fn string(&mut self) -> Result<String, PbcError> {
        String::from_utf8(self.bytes()?).map_err(|_| PbcError("a name is not UTF-8".into()))
    }
    fn name(&mut self, vm: &mut Vm) -> Result<Value, PbcError> {
        let s = self.string()?;
        vm.intern(&s).map_err(|_| PbcError("out of memory".into()))
    }

    /// A name for a name table: its interned str's handle.
    fn name_ref(&mut self, vm: &mut Vm) -> Result<ObjRef, PbcError> {
        self.name(vm)?
            .as_obj()
            .ok_or_else(|| PbcError("a name is no str".into()))
    }
}

fn mem<T>(r: Result<T, crate::vm::Exc>) -> Result<T, PbcError> {
    r.map_err(|_| PbcError("out of memory while loading".into()))
}

/// One instruction. `consts` is the code's constant table, which an int operand too big for
/// `LoadInt`'s 24 bits (a file written when it had 32) joins as a constant.
fn read_op(r: &mut R<'_>, consts: &mut Vec<Value>) -> Result<Op, PbcError> {
    use Op::*;
    let code = r.u8()?;
    let needs_arg = !matches!(
        code,
        0..=6
            | 8..=10
            | 34..=36
            | 46..=49
            | 56
            | 64..=67
            | 69..=71
            | 73..=75
            | 79..=83
            | 85..=86
    );
    let a = if needs_arg { r.u32()? } else { 0 };
    // The file has 32 bits for an operand, an instruction 24 (`bytecode::U24`).
    let arg = || U24::new(a).ok_or_else(|| PbcError(format!("operand {} out of range", a)));
    let bin = |a: u32| {
        BINOPS
            .get(a as usize)
            .copied()
            .ok_or_else(|| PbcError(format!("bad binary operator {}", a)))
    };
    Ok(match code {
        0 => Nop,
        1 => Pop,
        2 => Dup,
        3 => Dup2,
        4 => Rot2,
        5 => Rot3,
        6 => Rot4,
        7 => LoadConst(arg()?),
        8 => LoadNone,
        9 => LoadTrue,
        10 => LoadFalse,
        11 => match I24::new(a as i32 as i64) {
            Some(k) => LoadInt(k),
            None => {
                consts.push(Value::Int(a as i32 as i64));
                LoadConst(
                    U24::new(consts.len() as u32 - 1)
                        .ok_or_else(|| PbcError(String::from("too many constants")))?,
                )
            }
        },
        12 => LoadFast(arg()?),
        13 => StoreFast(arg()?),
        14 => DeleteFast(arg()?),
        15 => LoadDeref(arg()?),
        16 => StoreDeref(arg()?),
        17 => DeleteDeref(arg()?),
        18 => LoadClosure(arg()?),
        19 => LoadGlobal(arg()?),
        20 => StoreGlobal(arg()?),
        21 => DeleteGlobal(arg()?),
        22 => LoadName(arg()?),
        23 => StoreName(arg()?),
        24 => DeleteName(arg()?),
        25 => LoadAttr(arg()?),
        26 => StoreAttr(arg()?),
        27 => DeleteAttr(arg()?),
        28 => LoadMethod(arg()?),
        29 => CallMethod(arg()?),
        30 => Binary(bin(a)?),
        31 => Inplace(bin(a)?),
        32 => Unary(
            *UNOPS
                .get(a as usize)
                .ok_or_else(|| PbcError(format!("bad unary operator {}", a)))?,
        ),
        33 => Compare(
            *CMPOPS
                .get(a as usize)
                .ok_or_else(|| PbcError(format!("bad comparison {}", a)))?,
        ),
        34 => Subscr,
        35 => StoreSubscr,
        36 => DeleteSubscr,
        37 => BuildTuple(arg()?),
        38 => BuildList(arg()?),
        39 => BuildSet(arg()?),
        40 => BuildMap(arg()?),
        41 => BuildSlice(arg()?),
        42 => BuildString(arg()?),
        43 => ListAppend(arg()?),
        44 => SetAdd(arg()?),
        45 => MapAdd(arg()?),
        46 => ListExtend,
        47 => SetUpdate,
        48 => DictMerge,
        49 => ListToTuple,
        50 => FormatValue(u8::try_from(a).map_err(|_| PbcError("bad format flags".into()))?),
        51 => Jump(arg()?),
        52 => PopJumpIfFalse(arg()?),
        53 => PopJumpIfTrue(arg()?),
        54 => JumpIfFalseOrPop(arg()?),
        55 => JumpIfTrueOrPop(arg()?),
        56 => GetIter,
        57 => ForIter(arg()?),
        58 => UnpackSequence(arg()?),
        59 => UnpackEx(
            u8::try_from(a >> 16).map_err(|_| PbcError(String::from("bad star-unpacking")))?,
            a as u16,
        ),
        60 => Call(arg()?),
        61 => CallKw(arg()?),
        62 => CallEx(arg()?),
        63 => MakeFunction(arg()?),
        64 => ReturnValue,
        65 => YieldValue,
        66 => YieldFrom,
        67 => GetAwaitable,
        68 => SetupExcept(arg()?),
        69 => PopBlock,
        70 => PushExcInfo,
        71 => PopExcept,
        72 => Raise(arg()?),
        73 => Reraise,
        74 => ExcMatch,
        75 => ExcTriple,
        76 => LoadExit(arg()?),
        77 => ImportName(arg()?),
        78 => ImportFrom(arg()?),
        79 => ImportStar,
        80 => BuildClass,
        81 => PrintExpr,
        82 => LoadAssertionError,
        83 => DictMergeCall,
        85 => YieldAsync,
        86 => PopIter,
        84 => match u8::try_from(a >> 16) {
            Ok(k) if k <= crate::pattern::op::LAST => Match(k, a as u16),
            _ => return err("bad match instruction"),
        },
        _ => return err(format!("unknown instruction {}", code)),
    })
}

fn read_const(r: &mut R<'_>, vm: &mut Vm, features: u16, depth: u32) -> Result<Value, PbcError> {
    if depth > MAX_NESTING {
        return err("constants nested too deeply");
    }
    Ok(match r.u8()? {
        0 => Value::Int(r.u64()? as i64),
        1 => {
            if features & FEATURE_FLOAT == 0 {
                return err("float constant without the float feature flag");
            }
            Value::Float(f64::from_bits(r.u64()?))
        }
        2 => {
            let s = r.string()?;
            mem(vm.intern(&s))?
        }
        3 => {
            let b = r.bytes()?;
            mem(vm.alloc(Obj::Bytes(b)))?
        }
        4 => {
            if features & FEATURE_BIGINT == 0 {
                return err("big integer without the bigint feature flag");
            }
            let neg = match r.u8()? {
                0 => false,
                1 => true,
                _ => return err("bad sign byte"),
            };
            let n = r.count(4)?;
            let mut mag = Vec::with_capacity(n);
            for _ in 0..n {
                mag.push(r.u32()?);
            }
            while mag.last() == Some(&0) {
                mag.pop();
            }
            mem(vm.int_from_big(BigInt {
                neg: neg && !mag.is_empty(),
                mag,
            }))?
        }
        5 => {
            let n = r.count(1)?;
            let mut items = Vec::with_capacity(n);
            for _ in 0..n {
                items.push(read_const(r, vm, features, depth + 1)?);
            }
            mem(vm.alloc(Obj::Tuple(items.into_boxed_slice())))?
        }
        6 => {
            let c = read_code(r, vm, features, depth + 1)?;
            mem(vm.alloc(Obj::Code(c)))?
        }
        7 => Value::None,
        8 => Value::Bool(true),
        9 => Value::Bool(false),
        10 => {
            if features & FEATURE_FLOAT == 0 {
                return err("complex constant without the float feature flag");
            }
            let re = f64::from_bits(r.u64()?);
            mem(vm.alloc(Obj::Complex(re, f64::from_bits(r.u64()?))))?
        }
        t => return err(format!("unknown constant tag {}", t)),
    })
}

fn read_code(r: &mut R<'_>, vm: &mut Vm, features: u16, depth: u32) -> Result<Rc<Code>, PbcError> {
    if depth > MAX_NESTING {
        return err("code nested too deeply");
    }
    let argcount = r.u32()?;
    let posonlycount = r.u32()?;
    let kwonlycount = r.u32()?;
    let nlocals = r.u32()?;
    let fl = r.u8()?;
    if fl
        & !(flags::VARARGS
            | flags::VARKW
            | flags::GENERATOR
            | flags::COROUTINE
            | flags::ASYNC_GEN
            | flags::CLASS_BODY
            | flags::MODULE)
        != 0
    {
        return err(format!("unknown code flags {:#x}", fl));
    }
    if fl & (flags::GENERATOR | flags::COROUTINE) != 0 && features & FEATURE_GENERATORS == 0 {
        return err("generator code without the generators feature flag");
    }
    let name = r.name_ref(vm)?;
    let qualname = match r.name_ref(vm)? {
        q if q == name => Qual::Name,
        q => Qual::Str(q),
    };
    let filename = r.name_ref(vm)?;
    let doc = match r.u8()? {
        0 => Value::None,
        1 => {
            let s = r.string()?;
            mem(vm.new_str(&s))?
        }
        _ => return err("bad docstring marker"),
    };
    let n = r.count(4)?;
    let mut varnames = Vec::with_capacity(n);
    for _ in 0..n {
        varnames.push(r.name_ref(vm)?);
    }
    let n = r.count(4)?;
    let mut names = Vec::with_capacity(n);
    for _ in 0..n {
        names.push(r.name_ref(vm)?);
    }
    let n = r.count(5)?;
    let mut cellvars = Vec::with_capacity(n);
    for _ in 0..n {
        let slot = r.u32()?;
        let p = match r.u8()? {
            0 => false,
            1 => true,
            _ => return err("bad cell marker"),
        };
        cellvars.push((slot, p));
    }
    let n = r.count(4)?;
    let mut freevars = Vec::with_capacity(n);
    for _ in 0..n {
        freevars.push(r.u32()?);
    }
    let n = r.count(8)?;
    let mut lines = Vec::with_capacity(n);
    for _ in 0..n {
        lines.push((r.u32()?, r.u32()?));
    }
    let n = r.count(1)?;
    let mut consts = Vec::with_capacity(n);
    for _ in 0..n {
        consts.push(read_const(r, vm, features, depth)?);
    }
    let n = r.count(1)?;
    let mut ops = Vec::with_capacity(n);
    for _ in 0..n {
        ops.push(read_op(r, &mut consts)?);
    }
    let mut code = Code {
        ops: ops.into(),
        consts: consts.into_boxed_slice(),
        #[cfg(feature = "std")]
        attr_sites: crate::bytecode::attr_sites(names.len()),
        names: names.into_boxed_slice(),
        varnames: varnames.into_boxed_slice(),
        nlocals,
        argcount,
        posonlycount,
        kwonlycount,
        flags: fl,
        extra: CodeExtra::make(
            cellvars.into_boxed_slice(),
            freevars.into_boxed_slice(),
            doc,
        ),
        name,
        qualname,
        frozen: None,
        filename,
        lines: crate::bytecode::pack_lines(&lines).into(),
    };
    verify(&code)?;
    // Same peephole pass as the compiler (every instruction keeps its index, so the verified
    // jumps and stack effects still hold).
    crate::bytecode::fuse(code.ops.to_mut());
    Ok(Rc::new(code))
}

// ---------- verifier ----------

#[derive(Clone, PartialEq, Eq)]
enum Blk {
    /// `SetupExcept(handler)` at stack depth `sp`.
    Except(u32, u32),
    /// `PushExcInfo` (inside an except handler) at depth `sp`.
    Handler(u32),
}

#[derive(Clone, PartialEq, Eq)]
struct State {
    depth: u32,
    blocks: Vec<Blk>,
}

/// Checks one code object (nested ones were checked when they were read).
pub(crate) fn verify(c: &Code) -> Result<(), PbcError> {
    let n = c.ops.len();
    if n == 0 {
        return err("empty code");
    }
    if c.nlocals > MAX_LOCALS {
        return err("too many locals");
    }
    let extra = (c.flags & flags::VARARGS != 0) as u64 + (c.flags & flags::VARKW != 0) as u64;
    if c.argcount as u64 + c.kwonlycount as u64 + extra > c.nvarnames() as u64
        || c.nvarnames() as u64 > c.nlocals as u64
    {
        return err("parameters do not fit the locals");
    }
    if c.posonlycount > c.argcount {
        return err("more positional-only parameters than positional ones");
    }
    if c.cellvars().iter().any(|(s, _)| *s >= c.nlocals)
        || c.freevars().iter().any(|s| *s >= c.nlocals)
    {
        return err("cell slot out of range");
    }
    let nconst = c.consts.len() as u32;
    let nnames = c.names.len() as u32;
    let mut states: Vec<Option<State>> = vec![None; n];
    let mut work: Vec<usize> = vec![0];
    states[0] = Some(State {
        depth: 0,
        blocks: Vec::new(),
    });
    while let Some(ip) = work.pop() {
        let st = match &states[ip] {
            Some(s) => s.clone(),
            None => continue,
        };
        let op = c.ops[ip];
        // The instruction's name only where there is a `std`: `Op`'s Debug (the names of all
        // instructions and of their operands' enums) is ~3.5 KB of a device's flash.
        let bad = |what: &str| {
            #[cfg(feature = "std")]
            let msg = format!("instruction {} ({:?}): {}", ip, op, what);
            #[cfg(not(feature = "std"))]
            let msg = format!("instruction {}: {}", ip, what);
            PbcError(msg)
        };
        let local = |i: U24| {
            if i.get() < c.nlocals {
                Ok(())
            } else {
                Err(bad("local slot out of range"))
            }
        };
        let name = |i: U24| {
            if i.get() < nnames {
                Ok(())
            } else {
                Err(bad("name index out of range"))
            }
        };
        let target = |t: U24| {
            if t.ix() < n {
                Ok(t.ix())
            } else {
                Err(bad("jump target out of range"))
            }
        };
        use Op::*;
        // (values needed, values popped, values pushed)
        let (need, pop, push): (u32, u32, u32) = match op {
            Nop | LoadAssertionError | LoadNone | LoadTrue | LoadFalse | LoadInt(_) => {
                (0, 0, if matches!(op, Nop) { 0 } else { 1 })
            }
            Pop | PopIter | PrintExpr | ImportStar => (1, 1, 0),
            Dup => (1, 0, 1),
            Dup2 => (2, 0, 2),
            Rot2 => (2, 0, 0),
            Rot3 => (3, 0, 0),
            Rot4 => (4, 0, 0),
            LoadConst(i) => {
                if i.get() >= nconst {
                    return Err(bad("constant index out of range"));
                }
                (0, 0, 1)
            }
            LoadFast(i) | LoadDeref(i) | LoadClosure(i) => {
                local(i)?;
                (0, 0, 1)
            }
            StoreFast(i) | StoreDeref(i) => {
                local(i)?;
                (1, 1, 0)
            }
            DeleteFast(i) | DeleteDeref(i) => {
                local(i)?;
                (0, 0, 0)
            }
            LoadGlobal(i) | LoadName(i) => {
                name(i)?;
                (0, 0, 1)
            }
            StoreGlobal(i) | StoreName(i) => {
                name(i)?;
                (1, 1, 0)
            }
            DeleteGlobal(i) | DeleteName(i) => {
                name(i)?;
                (0, 0, 0)
            }
            LoadAttr(i) => {
                name(i)?;
                (1, 1, 1)
            }
            StoreAttr(i) => {
                name(i)?;
                (2, 2, 0)
            }
            DeleteAttr(i) => {
                name(i)?;
                (1, 1, 0)
            }
            LoadMethod(i) => {
                name(i)?;
                (1, 1, 2)
            }
            CallMethod(k) => {
                let k = k.get().checked_add(2).ok_or_else(|| bad("bad count"))?;
                (k, k, 1)
            }
            Binary(_) | Inplace(_) | Compare(_) | Subscr | ExcMatch => (2, 2, 1),
            Unary(_) | GetIter | GetAwaitable | ListToTuple | LoadExit(_) => (1, 1, 1),
            StoreSubscr => (3, 3, 0),
            DeleteSubscr => (2, 2, 0),
            BuildTuple(k) | BuildList(k) | BuildSet(k) | BuildString(k) => (k.get(), k.get(), 1),
            BuildMap(k) => {
                let k = k.get().checked_mul(2).ok_or_else(|| bad("bad count"))?;
                (k, k, 1)
            }
            BuildSlice(k) => {
                let k = k.get();
                if !(2..=3).contains(&k) {
                    return Err(bad("slice needs 2 or 3 values"));
                }
                (k, k, 1)
            }
            ListAppend(d) | SetAdd(d) => {
                let d = d.get();
                if d == 0 {
                    return Err(bad("zero depth"));
                }
                (d.checked_add(1).ok_or_else(|| bad("bad depth"))?, 1, 0)
            }
            MapAdd(d) => {
                let d = d.get();
                if d == 0 {
                    return Err(bad("zero depth"));
                }
                (d.checked_add(2).ok_or_else(|| bad("bad depth"))?, 2, 0)
            }
            ListExtend | SetUpdate | DictMerge => (2, 1, 0),
            // The keyword dict's callee sits below it and the positional arguments.
            DictMergeCall => (4, 1, 0),
            Match(k, _) => {
                let k = match k {
                    crate::pattern::op::KEYS | crate::pattern::op::REST => 2,
                    crate::pattern::op::CLASS => 3,
                    _ => 1,
                };
                (k, k, 1)
            }
            FormatValue(f) => {
                let k = 1 + (f & 4 != 0) as u32;
                (k, k, 1)
            }
            UnpackSequence(k) => (1, 1, k.get()),
            UnpackEx(b, a) => (1, 1, b as u32 + a as u32 + 1),
            Call(k) => {
                let k = k.get().checked_add(1).ok_or_else(|| bad("bad count"))?;
                (k, k, 1)
            }
            CallKw(k) => {
                let k = k.get().checked_add(2).ok_or_else(|| bad("bad count"))?;
                (k, k, 1)
            }
            CallEx(f) => {
                let f = f.get();
                if f > 3 {
                    return Err(bad("bad call flags"));
                }
                (2 + (f & 1), 2 + (f & 1), 1)
            }
            MakeFunction(f) => {
                let f = f.get();
                if f > 15 {
                    return Err(bad("bad function flags"));
                }
                let k = 1 + f.count_ones();
                (k, k, 1)
            }
            YieldValue | YieldAsync => (1, 1, 1),
            YieldFrom => (2, 2, 1),
            ExcTriple => (2, 0, 3),
            ImportName(i) => {
                name(i)?;
                (0, 0, 1)
            }
            ImportFrom(i) => {
                name(i)?;
                (1, 0, 1)
            }
            BuildClass => (4, 4, 1),
            // Control flow, handled below.
            ReturnValue | Reraise => (1, 1, 0),
            Raise(k) => {
                let k = k.get();
                if k > 2 {
                    return Err(bad("bad raise form"));
                }
                (k, k, 0)
            }
            Jump(_) | SetupExcept(_) | PopBlock | PopExcept => (0, 0, 0),
            PopJumpIfFalse(_) | PopJumpIfTrue(_) => (1, 1, 0),
            JumpIfFalseOrPop(_) | JumpIfTrueOrPop(_) => (1, 0, 0),
            ForIter(_) => (1, 0, 1),
            PushExcInfo => (1, 0, 0),
            #[allow(unreachable_patterns)]
            _ => return Err(bad("instruction not supported")),
        };
        if st.depth < need {
            return Err(bad("stack underflow"));
        }
        let depth = st.depth - pop + push;
        if depth > MAX_STACK {
            return Err(bad("stack too deep"));
        }
        let mut succ: Vec<(usize, State)> = Vec::new();
        let fall = |d: u32, blocks: Vec<Blk>| -> Result<(usize, State), PbcError> {
            if ip + 1 >= n {
                return Err(bad("runs off the end of the code"));
            }
            Ok((ip + 1, State { depth: d, blocks }))
        };
        match op {
            ReturnValue | Reraise | Raise(_) => {}
            Jump(t) => succ.push((
                target(t)?,
                State {
                    depth,
                    blocks: st.blocks.clone(),
                },
            )),
            PopJumpIfFalse(t) | PopJumpIfTrue(t) => {
                succ.push((
                    target(t)?,
                    State {
                        depth,
                        blocks: st.blocks.clone(),
                    },
                ));
                succ.push(fall(depth, st.blocks.clone())?);
            }
            JumpIfFalseOrPop(t) | JumpIfTrueOrPop(t) => {
                succ.push((
                    target(t)?,
                    State {
                        depth,
                        blocks: st.blocks.clone(),
                    },
                ));
                succ.push(fall(depth - 1, st.blocks.clone())?);
            }
            ForIter(t) => {
                // Exhausted: the iterator is popped and control goes to `t`.
                succ.push((
                    target(t)?,
                    State {
                        depth: st.depth - 1,
                        blocks: st.blocks.clone(),
                    },
                ));
                succ.push(fall(depth, st.blocks.clone())?);
            }
            SetupExcept(h) => {
                target(h)?;
                let mut b = st.blocks.clone();
                b.push(Blk::Except(h.get(), depth));
                if b.len() > 64 {
                    return Err(bad("blocks nested too deeply"));
                }
                succ.push(fall(depth, b)?);
            }
            PushExcInfo => {
                let mut b = st.blocks.clone();
                b.push(Blk::Handler(depth));
                if b.len() > 64 {
                    return Err(bad("blocks nested too deeply"));
                }
                succ.push(fall(depth, b)?);
            }
            PopBlock | PopExcept => {
                let mut b = st.blocks.clone();
                if b.pop().is_none() {
                    return Err(bad("no block to pop"));
                }
                succ.push(fall(depth, b)?);
            }
            _ => succ.push(fall(depth, st.blocks.clone())?),
        }
        // Any instruction may raise: the innermost `try` catches with the exception pushed.
        if let Some(i) = st.blocks.iter().rposition(|b| matches!(b, Blk::Except(..))) {
            if let Blk::Except(h, sp) = st.blocks[i] {
                succ.push((
                    h as usize,
                    State {
                        depth: sp + 1,
                        blocks: st.blocks[..i].to_vec(),
                    },
                ));
            }
        }
        for (to, s) in succ {
            match &states[to] {
                None => {
                    states[to] = Some(s);
                    work.push(to);
                }
                Some(prev) if *prev == s => {}
                Some(_) => {
                    return err(format!(
                        "instruction {}: paths arrive with different stack states",
                        to
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Reads and checks a `.pbc` file: the module's code, ready for `Vm::push_module_frame`.
pub fn decode(vm: &mut Vm, data: &[u8]) -> Result<Rc<Code>, PbcError> {
    if data.len() < HEADER_LEN {
        return err("truncated header");
    }
    if &data[..4] != MAGIC {
        return err("not a .pbc file (bad magic)");
    }
    let version = u16::from_le_bytes([data[4], data[5]]);
    if !(OLDEST_VERSION..=FORMAT_VERSION).contains(&version) {
        return err(format!(
            "format version {} (this interpreter reads versions {} to {})",
            version, OLDEST_VERSION, FORMAT_VERSION
        ));
    }
    let features = u16::from_le_bytes([data[6], data[7]]);
    if features & !FEATURES_SUPPORTED != 0 {
        return err(format!(
            "needs features {:#x} this interpreter lacks",
            features & !FEATURES_SUPPORTED
        ));
    }
    let len = u32::from_le_bytes([data[8], data[9], data[10], data[11]]) as usize;
    let crc = u32::from_le_bytes([data[12], data[13], data[14], data[15]]);
    let payload = &data[HEADER_LEN..];
    if payload.len() != len {
        return err(format!(
            "payload is {} bytes, header says {}",
            payload.len(),
            len
        ));
    }
    if crc32(payload) != crc {
        return err("checksum mismatch");
    }
    let mut r = R {
        data: payload,
        pos: 0,
    };
    let code = read_code(&mut r, vm, features, 0)?;
    if r.pos != payload.len() {
        return err("trailing bytes after the module");
    }
    Ok(code)
}

/// Compiles `source` and returns its `.pbc` bytes (SyntaxError text on failure).
pub fn compile(vm: &mut Vm, source: &str, filename: &str) -> Result<Vec<u8>, String> {
    let code = vm
        .compile_source(source, filename, crate::compiler::Mode::Exec)
        .map_err(|e| vm.to_py_exception(e.0).traceback)?;
    encode(vm, &code).map_err(|e| e.0)
}

/// Loads `.pbc` bytes as `__main__` of `it`, ready to `run` (like `Interpreter::start`).
pub fn start(
    it: &mut crate::Interpreter,
    filename: &str,
    data: &[u8],
) -> Result<(), crate::PyException> {
    let vm = it.vm_mut();
    vm.switch_task(0);
    vm.frames.clear();
    vm.stack.clear();
    vm.exc_stack.clear();
    vm.tasks[0].sleep_until = None;
    let code = match decode(vm, data) {
        Ok(c) => c,
        Err(e) => {
            let ex = vm.exc_msg(
                crate::exceptions::kind::IMPORT,
                &format!("invalid .pbc file '{}': {}", filename, e),
            );
            return Err(vm.to_py_exception(ex.0));
        }
    };
    let g = vm.main_globals;
    let r = (|| {
        let f = vm.new_str(filename)?;
        let k = vm.intern("__file__")?;
        vm.dict_set_str(g, k, f)?;
        vm.push_module_frame(code, g, Value::None, crate::vm::Ret::Top)
    })();
    r.map_err(|e| vm.to_py_exception(e.0))
}
