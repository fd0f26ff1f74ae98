//! The bytecode format: a vector of 4-byte instructions with inline operands.
//!
//! # Encoding
//!
//! [`Op`] is a `repr(u8)` enum: a tag byte, then at most 3 bytes of operands, so
//! `size_of::<Op>() == 4` (checked below) with an alignment of 2. That is the size of every
//! instruction in RAM (compiled code) and in flash (the frozen stdlib, `stdlib/frozen.rs`,
//! whose `&[Op]` tables the VM runs in place); it was 8 bytes with `u32` operands.
//!
//! - **Plain instructions** carry one [`U24`], an unsigned 24-bit operand (0..=16,777,215): a
//!   constant, name or local index, a jump target (an instruction index), or a count. The
//!   compiler guarantees the fit with one check per code object ([`U24::MAX`]): every operand is
//!   an index into a table, a jump inside the code, or a count of things that each emitted an
//!   instruction, so it is below the size of a table or of the code. A code object with more
//!   than 16,777,215 instructions, constants, names or locals is a SyntaxError ("too many ...
//!   in one code object"), never truncated: 64 MiB of instructions, far past any program a
//!   device or the host runs (tests: 100,000 statements in one function, 70,000 constants,
//!   300 locals, a module of 1,000,000 instructions).
//! - **`LoadInt`** carries an [`I24`], a signed 24-bit immediate (±8,388,607); the compiler
//!   spills a bigger int to the constants table (`LoadConst`), as it does beyond 64 bits.
//! - **Operators** (`Binary`, `Compare`, ...) carry their one-byte `BinOp`/`CmpOp`/`UnOp`.
//! - **`UnpackEx(before, after)`**: `u8` + `u16`; more than 255 targets before the star is
//!   CPython's own SyntaxError, more than 65,535 after it ours (same message).
//! - **Superinstructions** (made by [`fuse`]) have two narrower fields in the 3 bytes: a `u8`
//!   local or global index with a `u16` constant or name index, two `u8` locals, an operator
//!   with an `i16` immediate, a `u16` constant index or a `u16` forward jump distance. `fuse`
//!   makes one only when the operands fit; otherwise the plain pair stays, which runs the same
//!   program a little slower (only code with hundreds of locals or 65,536+ constants sees it).
//!
//! Jump targets are instruction indices. A `Code` from the compiler is valid by construction,
//! and a `.pbc` file's is checked by its verifier (`pbc.rs`), so the VM reads operands without
//! re-checking them. The `.pbc` format keeps its own encoding (an opcode byte and a `u32`),
//! independent of this layout; its loader refuses an operand that does not fit.

use crate::ast::{BinOp, CmpOp, UnOp};
use crate::value::{ObjRef, Value};
use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::vec::Vec;

/// A code object's instructions or line table: owned when compiled at run time or loaded from
/// a `.pbc`, borrowed from static memory (flash on a device) for frozen modules
/// (`stdlib::frozen`), so importing one does not copy its bytecode into RAM.
pub type Table<T> = Cow<'static, [T]>;

/// An unsigned 24-bit instruction operand (see the module docs): 3 little-endian bytes, so
/// it fits beside [`Op`]'s tag in 4 bytes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct U24([u8; 3]);

impl U24 {
    /// The largest operand: 16,777,215.
    pub const MAX: u32 = (1 << 24) - 1;

    /// `x` as an operand, or `None` when it does not fit in 24 bits.
    #[inline]
    pub const fn new(x: u32) -> Option<U24> {
        if x <= Self::MAX {
            Some(Self::wrap(x))
        } else {
            None
        }
    }

    /// The low 24 bits of `x`: for values known to fit (the compiler checks its tables' sizes
    /// once per code object instead of at each instruction; see the module docs).
    #[inline]
    pub const fn wrap(x: u32) -> U24 {
        let b = x.to_le_bytes();
        U24([b[0], b[1], b[2]])
    }

    /// The operand's value.
    #[inline]
    pub const fn get(self) -> u32 {
        u32::from_le_bytes([self.0[0], self.0[1], self.0[2], 0])
    }

    /// The operand as an index.
    #[inline]
    pub const fn ix(self) -> usize {
        self.get() as usize
    }
}

impl From<u8> for U24 {
    fn from(x: u8) -> U24 {
        U24([x, 0, 0])
    }
}

impl From<u16> for U24 {
    fn from(x: u16) -> U24 {
        U24::wrap(x as u32)
    }
}

impl core::fmt::Debug for U24 {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}", self.get())
    }
}

/// `x` as an operand, for the frozen tables and tests: in a `static` (`stdlib/frozen.rs`) an
/// operand that does not fit is a build error.
pub const fn arg(x: u32) -> U24 {
    match U24::new(x) {
        Some(a) => a,
        None => panic!("operand does not fit in 24 bits"),
    }
}

/// A signed 24-bit immediate (`LoadInt`): -8,388,608..=8,388,607.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct I24([u8; 3]);

impl I24 {
    /// The smallest immediate.
    pub const MIN: i32 = -(1 << 23);
    /// The largest immediate.
    pub const MAX: i32 = (1 << 23) - 1;

    /// `x` as an immediate, or `None` when it does not fit in 24 bits.
    #[inline]
    pub const fn new(x: i64) -> Option<I24> {
        if x >= Self::MIN as i64 && x <= Self::MAX as i64 {
            let b = (x as i32).to_le_bytes();
            Some(I24([b[0], b[1], b[2]]))
        } else {
            None
        }
    }

    /// The immediate's value.
    #[inline]
    pub const fn get(self) -> i32 {
        // Sign-extend from the top byte.
        i32::from_le_bytes([0, self.0[0], self.0[1], self.0[2]]) >> 8
    }
}

impl From<i16> for I24 {
    fn from(x: i16) -> I24 {
        let b = (x as i32).to_le_bytes();
        I24([b[0], b[1], b[2]])
    }
}

impl core::fmt::Debug for I24 {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}", self.get())
    }
}

/// `x` as an immediate, for the frozen tables and tests (a build error in a `static` when it
/// does not fit).
pub const fn imm(x: i32) -> I24 {
    match I24::new(x as i64) {
        Some(k) => k,
        None => panic!("immediate does not fit in 24 bits"),
    }
}

/// Code flags.
pub mod flags {
    /// Has `*args`.
    pub const VARARGS: u8 = 1;
    /// Has `**kwargs`.
    pub const VARKW: u8 = 2;
    /// A generator function.
    pub const GENERATOR: u8 = 4;
    /// An `async def`.
    pub const COROUTINE: u8 = 8;
    /// A class body (names go to the namespace dict).
    pub const CLASS_BODY: u8 = 16;
    /// Module-level code.
    pub const MODULE: u8 = 32;
    /// The stand-in code of a function of a frozen module whose code object is not built yet
    /// (`Vm::function_code` builds it at the first call); never in compiled or `.pbc` code.
    pub const FROZEN_LAZY: u8 = 64;
    /// An `async def` with `yield`: an async generator (with GENERATOR and COROUTINE).
    pub const ASYNC_GEN: u8 = 128;
}

/// One instruction: 4 bytes (a tag byte and up to 3 bytes of operands; see the module docs).
#[derive(Debug, Clone, Copy, PartialEq)]
#[repr(u8)]
#[allow(missing_docs)]
pub enum Op {
    Nop,
    Pop,
    Dup,
    Dup2,
    Rot2,
    Rot3,
    Rot4,
    LoadConst(U24),
    LoadNone,
    LoadTrue,
    LoadFalse,
    /// An int in `I24`'s range (±2^23); the compiler makes bigger ones constants.
    LoadInt(I24),
    LoadFast(U24),
    StoreFast(U24),
    DeleteFast(U24),
    LoadDeref(U24),
    StoreDeref(U24),
    DeleteDeref(U24),
    LoadClosure(U24),
    LoadGlobal(U24),
    StoreGlobal(U24),
    DeleteGlobal(U24),
    LoadName(U24),
    StoreName(U24),
    DeleteName(U24),
    LoadAttr(U24),
    StoreAttr(U24),
    DeleteAttr(U24),
    LoadMethod(U24),
    CallMethod(U24),
    Binary(BinOp),
    Inplace(BinOp),
    Unary(UnOp),
    Compare(CmpOp),
    Subscr,
    StoreSubscr,
    DeleteSubscr,
    BuildTuple(U24),
    BuildList(U24),
    BuildSet(U24),
    BuildMap(U24),
    BuildSlice(U24),
    BuildString(U24),
    /// Append TOS to the list at stack[-n-1] (comprehensions); also used with n=0 for star building.
    ListAppend(U24),
    SetAdd(U24),
    MapAdd(U24),
    /// TOS1.extend(TOS) for star-unpacking in displays.
    ListExtend,
    SetUpdate,
    /// TOS1.update(TOS) for `**` in dict displays and calls.
    DictMerge,
    ListToTuple,
    /// Format TOS (conversion: 0 none, 1 str, 2 repr, 3 ascii; +4 when a spec is on TOS).
    FormatValue(u8),
    Jump(U24),
    PopJumpIfFalse(U24),
    PopJumpIfTrue(U24),
    JumpIfFalseOrPop(U24),
    JumpIfTrueOrPop(U24),
    GetIter,
    ForIter(U24),
    UnpackSequence(U24),
    /// `a, *b, c = x`: targets before the star (< 256, CPython's limit too), after it.
    UnpackEx(u8, u16),
    Call(U24),
    /// Keyword names tuple is TOS; n counts all args.
    CallKw(U24),
    /// TOS is the kwargs dict (if flag 1), then the positional arguments, then the callable.
    /// Flag 2: the positional arguments are the operand of a lone `f(*x)`, not yet a tuple
    /// (a failure to iterate names the callee, as CPython's message does).
    CallEx(U24),
    /// Flags: 1 defaults tuple, 2 kwdefaults dict, 4 closure tuple; code is TOS.
    MakeFunction(U24),
    ReturnValue,
    YieldValue,
    YieldFrom,
    GetAwaitable,
    /// `yield` in an async generator: suspends it and completes the awaiting `__anext__()`
    /// with TOS (what `await` inside it passes through goes out by YieldFrom instead).
    YieldAsync,
    SetupExcept(U24),
    PopBlock,
    PushExcInfo,
    PopExcept,
    /// raise (0 = re-raise current, 1 = exc, 2 = exc from cause)
    Raise(U24),
    /// Re-raise TOS (end of an unmatched except or finally).
    Reraise,
    ExcMatch,
    ExcTriple,
    /// TOS = TOS.__exit__ (1: __aexit__), TypeError if the object is no context manager.
    LoadExit(U24),
    ImportName(U24),
    ImportFrom(U24),
    ImportStar,
    /// Stack: body function, name, bases tuple, kwargs dict → class.
    BuildClass,
    PrintExpr,
    /// Compare TOS1 and TOS for equality; used by `assert` messages etc. Reserved.
    LoadAssertionError,
    /// `**x` or `name=value` of a call: TOS1.update(TOS) where TOS1 is the keyword dict being
    /// built for the callable at stack[-4]; a repeated keyword is a TypeError naming it.
    DictMergeCall,
    /// Pops a `for` loop's iterator when a `break` leaves the loop early. A suspended
    /// generator inside a `try`/`with` block is closed now if nothing else holds it (its
    /// `finally` runs before the code after the loop, as CPython's reference counting does).
    PopIter,
    /// A `match` pattern's run-time check (`pattern::op`: kind, positional count).
    Match(u8, u16),
    // Superinstructions (made by `fuse`). Each stands for itself and the instruction after it,
    // which stays in place: the VM runs both and skips that one, or, when the second half has
    // no fast path, runs only the first half (`Op::first_half`) and continues normally. Their
    // fields are narrower than the plain instructions' (they share 3 bytes): `fuse` makes one
    // only when the operands fit, so a big index is never truncated, only left unfused.
    /// LoadFast(a); LoadFast(b).
    LoadFastLoadFast(u8, u8),
    /// LoadFast(a); LoadConst(c).
    LoadFastLoadConst(u8, u16),
    /// LoadFast(a); LoadAttr(name).
    LoadFastAttr(u8, u16),
    /// StoreFast(a); LoadFast(b).
    StoreFastLoadFast(u8, u8),
    /// Compare(op); PopJumpIfFalse(target), with the target as a distance from the
    /// PopJumpIfFalse (so a test deep in a big function still fuses; comprehension filters
    /// jump back).
    CompareJumpIfFalse(CmpOp, i16),
    /// LoadInt(k); Binary/Inplace(op).
    BinaryInt(BinOp, i16),
    /// LoadConst(c); Binary/Inplace(op).
    BinaryConst(BinOp, u16),
    /// LoadConst(c); Compare(op).
    CompareConst(CmpOp, u16),
    /// LoadGlobal(g); LoadAttr(name) (`module_state.field`, `S.x`).
    LoadGlobalAttr(u8, u16),
    /// LoadFast(a); Binary(op) (`x1 - x2` after a store, `... * mag`). Not Inplace, which
    /// stores a list item itself after `x[i] op= local`. Made on hosts only (`fuse`).
    LoadFastBinary(u8, BinOp),
    /// LoadFast(a); LoadInt(k) (`v[0]`, `i + 1`): the VM also runs a SUBSCR, a Binary or
    /// Inplace, or a DUP2 and SUBSCR (`v[0] op= ...`) that follows. Made on hosts only.
    LoadFastLoadInt(u8, i16),
    /// LoadFast(a); StoreAttr(name) (`obj.name = value` with `obj` a local, as `self.x = y`).
    /// Made on hosts only.
    LoadFastStoreAttr(u8, u16),
    /// LoadNone; Compare(Is or IsNot); PopJumpIfFalse(target) (`if x is None:`), the target
    /// as a distance from the PopJumpIfFalse: the VM runs all three. Made on hosts only.
    NoneJumpIfFalse(CmpOp, i16),
}

// The point of the encoding: 14,083 frozen instructions in flash, and every compiled
// function's in RAM, at 4 bytes each.
const _: () = assert!(core::mem::size_of::<Op>() == 4);
const _: () = assert!(core::mem::align_of::<Op>() <= 2);

impl Op {
    /// The instruction a superinstruction starts with (itself for plain instructions).
    #[inline]
    pub fn first_half(self) -> Op {
        match self {
            Op::LoadFastLoadFast(a, _) => Op::LoadFast(U24::from(a)),
            Op::LoadFastLoadConst(a, _)
            | Op::LoadFastAttr(a, _)
            | Op::LoadFastBinary(a, _)
            | Op::LoadFastLoadInt(a, _)
            | Op::LoadFastStoreAttr(a, _) => Op::LoadFast(U24::from(a)),
            Op::StoreFastLoadFast(a, _) => Op::StoreFast(U24::from(a)),
            Op::CompareJumpIfFalse(c, _) => Op::Compare(c),
            Op::NoneJumpIfFalse(..) => Op::LoadNone,
            Op::BinaryInt(_, k) => Op::LoadInt(I24::from(k)),
            Op::LoadGlobalAttr(g, _) => Op::LoadGlobal(U24::from(g)),
            Op::BinaryConst(_, c) | Op::CompareConst(_, c) => Op::LoadConst(U24::from(c)),
            op => op,
        }
    }
}

/// Replaces common instruction pairs by superinstructions (see `Op::LoadFastLoadFast`) where
/// their operands fit the narrower fields. Every instruction keeps its index, so jump targets
/// and line tables stay valid.
pub fn fuse(ops: &mut [Op]) {
    let orig: Vec<Op> = ops.to_vec();
    let u8_ = |x: U24| u8::try_from(x.get()).ok();
    let u16_ = |x: U24| u16::try_from(x.get()).ok();
    for i in 0..orig.len().saturating_sub(1) {
        let fused = match (orig[i], orig[i + 1]) {
            (Op::LoadFast(a), Op::LoadFast(b)) => {
                u8_(a).zip(u8_(b)).map(|(a, b)| Op::LoadFastLoadFast(a, b))
            }
            (Op::LoadFast(a), Op::LoadConst(c)) => u8_(a)
                .zip(u16_(c))
                .map(|(a, c)| Op::LoadFastLoadConst(a, c)),
            // Hosts only: their fast paths inline the operators and item reads again, which
            // a device's flash has no room for (the VM there would run them unfused).
            #[cfg(feature = "std")]
            (Op::LoadFast(a), Op::Binary(b)) => u8_(a).map(|a| Op::LoadFastBinary(a, b)),
            #[cfg(feature = "std")]
            (Op::LoadFast(a), Op::LoadInt(k)) => u8_(a)
                .zip(i16::try_from(k.get()).ok())
                .map(|(a, k)| Op::LoadFastLoadInt(a, k)),
            #[cfg(feature = "std")]
            (Op::LoadFast(a), Op::StoreAttr(n)) => u8_(a)
                .zip(u16_(n))
                .map(|(a, n)| Op::LoadFastStoreAttr(a, n)),
            // `x is None` / `x is not None` and the jump on it.
            #[cfg(feature = "std")]
            (Op::LoadNone, Op::Compare(c @ (CmpOp::Is | CmpOp::IsNot))) => match orig.get(i + 2) {
                Some(Op::PopJumpIfFalse(t)) => i16::try_from(t.get() as i64 - (i as i64 + 2))
                    .ok()
                    .map(|d| Op::NoneJumpIfFalse(c, d)),
                _ => None,
            },
            (Op::LoadFast(a), Op::LoadAttr(n)) => {
                u8_(a).zip(u16_(n)).map(|(a, n)| Op::LoadFastAttr(a, n))
            }
            (Op::StoreFast(a), Op::LoadFast(b)) => {
                u8_(a).zip(u8_(b)).map(|(a, b)| Op::StoreFastLoadFast(a, b))
            }
            (Op::Compare(c), Op::PopJumpIfFalse(t)) => {
                i16::try_from(t.get() as i64 - (i as i64 + 1))
                    .ok()
                    .map(|d| Op::CompareJumpIfFalse(c, d))
            }
            (Op::LoadInt(k), Op::Binary(b) | Op::Inplace(b)) => {
                i16::try_from(k.get()).ok().map(|k| Op::BinaryInt(b, k))
            }
            (Op::LoadConst(c), Op::Binary(b) | Op::Inplace(b)) => {
                u16_(c).map(|c| Op::BinaryConst(b, c))
            }
            (Op::LoadConst(c), Op::Compare(k)) => u16_(c).map(|c| Op::CompareConst(k, c)),
            (Op::LoadGlobal(g), Op::LoadAttr(n)) => {
                u8_(g).zip(u16_(n)).map(|(g, n)| Op::LoadGlobalAttr(g, n))
            }
            _ => None,
        };
        if let Some(f) = fused {
            ops[i] = f;
        }
    }
}

/// A compiled function body / module / class body.
///
/// Laid out for RAM: one lives on the heap for every module, class body and function called
/// so far, so its tables are boxed slices (no capacity word) and what few code objects have
/// (cells, closures, a docstring) sits in one optional box, [`CodeExtra`]; names are handles
/// and the qualified name is made when asked for ([`Qual`]). 152 bytes on a 64-bit host, 92
/// on a Cortex-M4 (was 256 and 168, then 184 and 128), plus the `Rc` counts.
#[derive(Debug)]
pub struct Code {
    /// Instructions.
    pub ops: Table<Op>,
    /// Which source line each instruction came from: `(instruction index, line)` pairs packed
    /// by [`pack_lines`]; read with [`Code::line_entries`] and [`Code::line_at`].
    pub lines: Table<u8>,
    /// Constants (interned strs, numbers, nested code objects).
    pub consts: Box<[Value]>,
    /// Names for global/attribute ops: interned strs, held as handles (4 bytes a name, where
    /// a `Value` takes 16; `Value::Obj` of one is the str).
    pub names: Box<[ObjRef]>,
    /// Local variable names (parameters first), interned, as `names`. Empty for frozen code,
    /// whose names stay in flash (`frozen`): they are read only for keyword arguments, error
    /// messages and `locals()`, so only what those use becomes a str (`Vm::varname_str`).
    pub varnames: Box<[ObjRef]>,
    /// Function name: an interned str, as a handle.
    pub name: ObjRef,
    /// Where the qualified name (`A.method`, `f.<locals>.g`) comes from: it is made when asked
    /// for (`Vm::code_qualname`), as most are never read and each would be a str of its own.
    pub qualname: Qual,
    /// The frozen code this was built from, if any (see `varnames`, `qualname`).
    pub frozen: Option<&'static crate::stdlib::FrozenCode>,
    /// Source file name: a str, as a handle.
    pub filename: ObjRef,
    /// Cells, closure slots and docstring, when the code has any.
    pub extra: Option<Box<CodeExtra>>,
    /// Number of local slots (params, locals, cells, frees, temps).
    pub nlocals: u32,
    /// Positional parameters.
    pub argcount: u32,
    /// How many of the positional parameters are positional-only (before `/`).
    pub posonlycount: u32,
    /// Keyword-only parameters (after the positional ones in varnames).
    pub kwonlycount: u32,
    /// `flags::*`.
    pub flags: u8,
    /// Host only: one attribute-site cache entry per name in `names` (see [`AttrSite`]).
    #[cfg(feature = "std")]
    pub attr_sites: Box<[core::cell::Cell<AttrSite>]>,
}

/// What an instance-attribute instruction naming `names[n]` last found (host only; devices,
/// short of RAM, use the VM's class lookup cache alone): instances of class `cls` held the
/// name at entry `hint` of their dict while `class_epoch` was `epoch`, and the class lookup
/// then said the instance dict decides (`ATTR_PLAIN`: no hooks, no data descriptor). The
/// epoch changes with any class mutation and every collection, so a hit needs no class
/// lookup, only the entry's key checked by identity. Not charged to the heap: a cache of the
/// VM's, like the class lookup cache.
#[cfg(feature = "std")]
#[derive(Clone, Copy, Debug)]
pub struct AttrSite {
    /// `Vm::class_epoch` when filled.
    pub epoch: u64,
    /// The class handle.
    pub cls: u32,
    /// Entry index of the name in such instances' dicts.
    pub hint: u32,
}

#[cfg(feature = "std")]
impl AttrSite {
    /// An entry that matches nothing (no epoch reaches `u64::MAX`).
    pub const EMPTY: AttrSite = AttrSite {
        epoch: u64::MAX,
        cls: u32::MAX,
        hint: u32::MAX,
    };
}

/// Empty attribute-site caches for a code object with `n` names (see `Code::attr_sites`).
#[cfg(feature = "std")]
pub fn attr_sites(n: usize) -> Box<[core::cell::Cell<AttrSite>]> {
    alloc::vec![core::cell::Cell::new(AttrSite::EMPTY); n].into_boxed_slice()
}

/// Where a code object's qualified name comes from (see `Code::qualname`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qual {
    /// The name itself (code at module level).
    Name,
    /// This str (code loaded from a `.pbc` file).
    Str(ObjRef),
    /// The frozen code's own, in flash (`Code::frozen`).
    Frozen,
    /// Nested in a class body or comprehension (`false`: `Outer.name`) or in a function
    /// (`true`: `outer.<locals>.name`) whose qualified name is this interned str. All the
    /// methods of a class share it, and for a class at module level it is the class's name,
    /// a str that exists anyway: a method costs no str for its qualified name.
    Child(ObjRef, bool),
}

/// The parts of a [`Code`] that most code objects lack.
#[derive(Debug)]
pub struct CodeExtra {
    /// Slots that hold cells created at entry (`(slot, is_param)`).
    pub cellvars: Box<[(u32, bool)]>,
    /// Slots filled from the function's closure, in order.
    pub freevars: Box<[u32]>,
    /// Docstring or None.
    pub doc: Value,
}

impl CodeExtra {
    /// The extra part of a code object with these tables and docstring, `None` when there is
    /// nothing to keep.
    pub fn make(
        cellvars: Box<[(u32, bool)]>,
        freevars: Box<[u32]>,
        doc: Value,
    ) -> Option<Box<CodeExtra>> {
        if cellvars.is_empty() && freevars.is_empty() && matches!(doc, Value::None) {
            None
        } else {
            Some(Box::new(CodeExtra {
                cellvars,
                freevars,
                doc,
            }))
        }
    }
}

/// Packs a line table: for each `(instruction index, line)` pair, in order, its differences
/// from the previous pair (from `(0, 0)` for the first) as zigzag LEB128 varints. Most entries
/// take two bytes instead of eight, in flash (frozen code) and in RAM. The table is read only
/// for tracebacks and `co_firstlineno`, so a linear scan costs nothing that matters. Any
/// sequence packs (lines go backwards in loops and decorators; a malformed `.pbc` may even
/// have indices out of order), and reading never fails.
pub fn pack_lines(pairs: &[(u32, u32)]) -> Vec<u8> {
    fn varint(out: &mut Vec<u8>, delta: i64) {
        let mut z = ((delta << 1) ^ (delta >> 63)) as u64;
        while z >= 0x80 {
            out.push((z as u8) | 0x80);
            z >>= 7;
        }
        out.push(z as u8);
    }
    let mut out = Vec::with_capacity(pairs.len() * 2);
    let (mut ip, mut line) = (0i64, 0i64);
    for &(i, l) in pairs {
        varint(&mut out, i as i64 - ip);
        varint(&mut out, l as i64 - line);
        (ip, line) = (i as i64, l as i64);
    }
    out.shrink_to_fit();
    out
}

/// The `(instruction index, line)` pairs of a packed line table ([`pack_lines`]).
#[derive(Debug, Clone)]
pub struct LineEntries<'a> {
    bytes: &'a [u8],
    ip: i64,
    line: i64,
}

impl LineEntries<'_> {
    fn varint(&mut self) -> Option<i64> {
        let mut z: u64 = 0;
        let mut shift = 0u32;
        loop {
            let (&b, rest) = self.bytes.split_first()?;
            self.bytes = rest;
            if shift < 64 {
                z |= u64::from(b & 0x7f) << shift;
            }
            shift += 7;
            if b & 0x80 == 0 {
                return Some((z >> 1) as i64 ^ -((z & 1) as i64));
            }
        }
    }
}

impl Iterator for LineEntries<'_> {
    type Item = (u32, u32);
    fn next(&mut self) -> Option<(u32, u32)> {
        let dip = self.varint()?;
        let dline = self.varint()?;
        self.ip = self.ip.wrapping_add(dip);
        self.line = self.line.wrapping_add(dline);
        Some((self.ip as u32, self.line as u32))
    }
}

impl Code {
    /// Bytes this code object keeps in RAM besides its arena slot: the struct with its `Rc`
    /// counts, its constant and name tables, the extra box, and whatever instructions and line
    /// table it owns (nothing for frozen code, whose tables stay in flash). All by `size_of`,
    /// so a 32-bit device is charged its own sizes.
    pub fn heap_bytes(&self) -> usize {
        use core::mem::size_of;
        fn owned<T: Clone>(t: &Table<T>) -> usize {
            match t {
                Cow::Owned(v) => v.capacity() * size_of::<T>(),
                Cow::Borrowed(_) => 0,
            }
        }
        size_of::<Code>()
            + 2 * size_of::<usize>()
            + owned(&self.ops)
            + owned(&self.lines)
            + self.consts.len() * size_of::<Value>()
            + (self.names.len() + self.varnames.len()) * size_of::<ObjRef>()
            + self.extra.as_ref().map_or(0, |e| {
                size_of::<CodeExtra>()
                    + e.cellvars.len() * size_of::<(u32, bool)>()
                    + e.freevars.len() * size_of::<u32>()
            })
    }

    /// How many local variable names there are (in `varnames`, or in flash for frozen code).
    pub fn nvarnames(&self) -> usize {
        match self.frozen {
            Some(fc) => fc.varnames().len(),
            None => self.varnames.len(),
        }
    }

    /// Slots that hold cells created at entry (`(slot, is_param)`).
    #[inline]
    pub fn cellvars(&self) -> &[(u32, bool)] {
        self.extra.as_ref().map_or(&[], |e| &e.cellvars)
    }

    /// Slots filled from the function's closure, in order.
    #[inline]
    pub fn freevars(&self) -> &[u32] {
        self.extra.as_ref().map_or(&[], |e| &e.freevars)
    }

    /// The docstring, or None.
    pub fn doc(&self) -> Value {
        self.extra.as_ref().map_or(Value::None, |e| e.doc)
    }

    /// The `(instruction index, line)` pairs of the line table, in order.
    pub fn line_entries(&self) -> LineEntries<'_> {
        LineEntries {
            bytes: &self.lines,
            ip: 0,
            line: 0,
        }
    }

    /// Line of the first instruction (`co_firstlineno`), 0 for code without lines.
    pub fn first_line(&self) -> u32 {
        self.line_entries().next().map_or(0, |(_, line)| line)
    }

    /// Source line of the instruction at `ip`: that of the last entry at or before it (the
    /// first entry's for an `ip` before every entry).
    pub fn line_at(&self, ip: usize) -> u32 {
        let ip = ip as u32;
        let mut found = self.first_line();
        for (i, line) in self.line_entries() {
            if i > ip {
                break;
            }
            found = line;
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::{LineEntries, pack_lines};
    use alloc::vec::Vec;

    fn entries(bytes: &[u8]) -> Vec<(u32, u32)> {
        LineEntries {
            bytes,
            ip: 0,
            line: 0,
        }
        .collect()
    }

    /// Every table unpacks to what was packed: lines that go back (loops, decorators), big
    /// jumps, the extremes of `u32`, indices out of order (a malformed `.pbc`).
    #[test]
    fn line_tables_round_trip() {
        let cases: &[&[(u32, u32)]] = &[
            &[],
            &[(0, 1)],
            &[(0, 3), (2, 4), (5, 3), (9, 1), (10, 70_000)],
            &[(0, u32::MAX), (u32::MAX, 0), (1, u32::MAX)],
            &[(7, 7), (3, 9), (3, 2)],
        ];
        for &pairs in cases {
            assert_eq!(entries(&pack_lines(pairs)), pairs);
        }
        let typical: Vec<(u32, u32)> = (0..100).map(|i| (i * 3, 10 + i)).collect();
        assert_eq!(pack_lines(&typical).len(), 200, "two bytes an entry");
    }

    /// Truncated or garbage bytes end the table instead of failing.
    #[test]
    fn line_tables_read_any_bytes() {
        assert_eq!(entries(&[0x80]), []);
        assert_eq!(entries(&[2]), []);
        assert_eq!(entries(&[2, 4, 0xff]), [(1, 2)]);
        let long = [0xffu8; 40];
        assert_eq!(entries(&long), []);
    }
}
