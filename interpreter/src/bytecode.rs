//! The bytecode format: a vector of fixed-size (8-byte) instructions with inline operands.
//!
//! Jump targets are instruction indices. A `Code` is validated by construction (the compiler is
//! the only producer), so the VM reads operands without re-checking them.

use crate::ast::{BinOp, CmpOp, UnOp};
use crate::value::{ObjRef, Value};
use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::vec::Vec;

/// A code object's instructions or line table: owned when compiled at run time or loaded from
/// a `.pbc`, borrowed from static memory (flash on a device) for frozen modules
/// (`stdlib::frozen`), so importing one does not copy its bytecode into RAM.
pub type Table<T> = Cow<'static, [T]>;

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
}

/// One instruction.
#[derive(Debug, Clone, Copy, PartialEq)]
#[allow(missing_docs)]
pub enum Op {
    Nop,
    Pop,
    Dup,
    Dup2,
    Rot2,
    Rot3,
    Rot4,
    LoadConst(u32),
    LoadNone,
    LoadTrue,
    LoadFalse,
    LoadInt(i32),
    LoadFast(u32),
    StoreFast(u32),
    DeleteFast(u32),
    LoadDeref(u32),
    StoreDeref(u32),
    DeleteDeref(u32),
    LoadClosure(u32),
    LoadGlobal(u32),
    StoreGlobal(u32),
    DeleteGlobal(u32),
    LoadName(u32),
    StoreName(u32),
    DeleteName(u32),
    LoadAttr(u32),
    StoreAttr(u32),
    DeleteAttr(u32),
    LoadMethod(u32),
    CallMethod(u32),
    Binary(BinOp),
    Inplace(BinOp),
    Unary(UnOp),
    Compare(CmpOp),
    Subscr,
    StoreSubscr,
    DeleteSubscr,
    BuildTuple(u32),
    BuildList(u32),
    BuildSet(u32),
    BuildMap(u32),
    BuildSlice(u32),
    BuildString(u32),
    /// Append TOS to the list at stack[-n-1] (comprehensions); also used with n=0 for star building.
    ListAppend(u32),
    SetAdd(u32),
    MapAdd(u32),
    /// TOS1.extend(TOS) for star-unpacking in displays.
    ListExtend,
    SetUpdate,
    /// TOS1.update(TOS) for `**` in dict displays and calls.
    DictMerge,
    ListToTuple,
    /// Format TOS (conversion: 0 none, 1 str, 2 repr, 3 ascii; +4 when a spec is on TOS).
    FormatValue(u8),
    Jump(u32),
    PopJumpIfFalse(u32),
    PopJumpIfTrue(u32),
    JumpIfFalseOrPop(u32),
    JumpIfTrueOrPop(u32),
    GetIter,
    ForIter(u32),
    UnpackSequence(u32),
    UnpackEx(u16, u16),
    Call(u32),
    /// Keyword names tuple is TOS; n counts all args.
    CallKw(u32),
    /// TOS is the kwargs dict (if flag 1), then the positional arguments, then the callable.
    /// Flag 2: the positional arguments are the operand of a lone `f(*x)`, not yet a tuple
    /// (a failure to iterate names the callee, as CPython's message does).
    CallEx(u32),
    /// Flags: 1 defaults tuple, 2 kwdefaults dict, 4 closure tuple; code is TOS.
    MakeFunction(u32),
    ReturnValue,
    YieldValue,
    YieldFrom,
    GetAwaitable,
    SetupExcept(u32),
    PopBlock,
    PushExcInfo,
    PopExcept,
    /// raise (0 = re-raise current, 1 = exc, 2 = exc from cause)
    Raise(u32),
    /// Re-raise TOS (end of an unmatched except or finally).
    Reraise,
    ExcMatch,
    ExcTriple,
    /// TOS = TOS.__exit__ (1: __aexit__), TypeError if the object is no context manager.
    LoadExit(u32),
    ImportName(u32),
    ImportFrom(u32),
    ImportStar,
    /// Stack: body function, name, bases tuple, kwargs dict → class.
    BuildClass,
    PrintExpr,
    /// Compare TOS1 and TOS for equality; used by `assert` messages etc. Reserved.
    LoadAssertionError,
    /// `**x` or `name=value` of a call: TOS1.update(TOS) where TOS1 is the keyword dict being
    /// built for the callable at stack[-4]; a repeated keyword is a TypeError naming it.
    DictMergeCall,
    // Superinstructions (made by `fuse`). Each stands for itself and the instruction after it,
    // which stays in place: the VM runs both and skips that one, or, when the second half has
    // no fast path, runs only the first half (`Op::first_half`) and continues normally.
    /// LoadFast(a); LoadFast(b).
    LoadFastLoadFast(u16, u16),
    /// LoadFast(a); LoadConst(c).
    LoadFastLoadConst(u16, u16),
    /// LoadFast(a); LoadAttr(name).
    LoadFastAttr(u16, u16),
    /// StoreFast(a); LoadFast(b).
    StoreFastLoadFast(u16, u16),
    /// Compare(op); PopJumpIfFalse(target).
    CompareJumpIfFalse(CmpOp, u32),
    /// LoadInt(k); Binary/Inplace(op).
    BinaryInt(BinOp, i32),
    /// LoadConst(c); Binary/Inplace(op).
    BinaryConst(BinOp, u32),
    /// LoadConst(c); Compare(op).
    CompareConst(CmpOp, u32),
    /// LoadGlobal(g); LoadAttr(name) (`module_state.field`, `S.x`).
    LoadGlobalAttr(u16, u16),
}

impl Op {
    /// The instruction a superinstruction starts with (itself for plain instructions).
    #[inline]
    pub fn first_half(self) -> Op {
        match self {
            Op::LoadFastLoadFast(a, _) | Op::LoadFastLoadConst(a, _) | Op::LoadFastAttr(a, _) => {
                Op::LoadFast(a as u32)
            }
            Op::StoreFastLoadFast(a, _) => Op::StoreFast(a as u32),
            Op::CompareJumpIfFalse(c, _) => Op::Compare(c),
            Op::BinaryInt(_, k) => Op::LoadInt(k),
            Op::LoadGlobalAttr(g, _) => Op::LoadGlobal(g as u32),
            Op::BinaryConst(_, c) | Op::CompareConst(_, c) => Op::LoadConst(c),
            op => op,
        }
    }
}

/// Replaces common instruction pairs by superinstructions (see `Op::LoadFastLoadFast`). Every
/// instruction keeps its index, so jump targets and line tables stay valid.
pub fn fuse(ops: &mut [Op]) {
    let orig: Vec<Op> = ops.to_vec();
    let small = |x: u32| u16::try_from(x).ok();
    for i in 0..orig.len().saturating_sub(1) {
        let fused = match (orig[i], orig[i + 1]) {
            (Op::LoadFast(a), Op::LoadFast(b)) => small(a)
                .zip(small(b))
                .map(|(a, b)| Op::LoadFastLoadFast(a, b)),
            (Op::LoadFast(a), Op::LoadConst(c)) => small(a)
                .zip(small(c))
                .map(|(a, c)| Op::LoadFastLoadConst(a, c)),
            (Op::LoadFast(a), Op::LoadAttr(n)) => {
                small(a).zip(small(n)).map(|(a, n)| Op::LoadFastAttr(a, n))
            }
            (Op::StoreFast(a), Op::LoadFast(b)) => small(a)
                .zip(small(b))
                .map(|(a, b)| Op::StoreFastLoadFast(a, b)),
            (Op::Compare(c), Op::PopJumpIfFalse(t)) => Some(Op::CompareJumpIfFalse(c, t)),
            (Op::LoadInt(k), Op::Binary(b) | Op::Inplace(b)) => Some(Op::BinaryInt(b, k)),
            (Op::LoadConst(c), Op::Binary(b) | Op::Inplace(b)) => Some(Op::BinaryConst(b, c)),
            (Op::LoadConst(c), Op::Compare(k)) => Some(Op::CompareConst(k, c)),
            (Op::LoadGlobal(g), Op::LoadAttr(n)) => small(g)
                .zip(small(n))
                .map(|(g, n)| Op::LoadGlobalAttr(g, n)),
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
/// (cells, closures, a docstring) sits in one optional box, [`CodeExtra`]. 168 bytes on a
/// 64-bit host, 120 on a Cortex-M4 (was 256 and 168), plus the `Rc` counts.
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
    /// Function name (str).
    pub name: Value,
    /// Qualified name (`A.method`, `f.<locals>.g`); `Null` for frozen code, where it is made
    /// when asked for (`Vm::code_qualname`): most are never read, and each is a str of its own.
    pub qualname: Value,
    /// The frozen code this was built from, if any (see `varnames`, `qualname`).
    pub frozen: Option<&'static crate::stdlib::FrozenCode>,
    /// Source file name (str).
    pub filename: Value,
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
            Some(fc) => fc.varnames.len(),
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
