//! Standard-library modules written in Python and frozen into the binary.
//!
//! As MicroPython's frozen bytecode: the modules' `.py` files (this folder) are compiled ahead
//! of time by `pyrite freeze interpreter/src/stdlib` into `frozen.rs`, Rust statics holding
//! every code object's instructions, line table, names and constants. They live in read-only
//! memory (flash on a device); importing a module builds only what the running program needs
//! on the heap: one `Code` per code object whose instructions and line table point into flash
//! ([`crate::bytecode::Table`]), its names and constants as strs that point at static bytes
//! (`PyStr::s` borrowed), then the module dict and the function and class objects its body
//! creates. The `.py` sources are not in the binary. The code of a function is built on the
//! heap only at its first call (`Vm::function_code`). ARCHITECTURE.md, "Frozen modules", has
//! the measured figures.
//!
//! After a change to `FrozenCode`'s fields the old `frozen.rs` no longer compiles: replace it
//! with empty tables (`use super::{FrozenCode as C, FrozenConst as K, FrozenExtra as E};
//! use crate::bytecode::Op; pub static MODULES: &[(&str, &C, u16)] = &[]; pub static TEXT: &str =
//! ""; pub static ENDS: &[u16] = &[];` and `OPS: &[Op]`, `LINES: &[u8]`, `CONSTS: &[K]`,
//! `IDENTS: &[u16]`, `EXTRAS: &[E]` likewise), build, and run
//! `pyrite freeze interpreter/src/stdlib`.

#[cfg(any(test, feature = "std"))]
pub mod freeze;
#[rustfmt::skip]
mod frozen;

use crate::bytecode::{Code, CodeExtra, Op, Qual};
use crate::int::BigInt;
use crate::object::Obj;
use crate::value::{ObjRef, Value};
use crate::vm::{Exc, Vm};
use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;

/// The frozen modules, by import name, in the order `frozen.rs` lists them; their sources are
/// `NAME.py` in this folder.
pub const NAMES: &[&str] = &[
    "heapq",
    "collections",
    "base64",
    "json",
    "copy",
    "array",
    "io",
    "re",
    "asyncio",
    "uasyncio",
    "itertools",
    "functools",
];

/// A compiled code object in static memory (see `bytecode::Code`, whose fields these are).
///
/// Laid out for flash: 20 bytes on any target (was 88 with a slice per name table, `u32`
/// counts and the rarely set fields inline, then 52 with four slices, then 32 with a length
/// per part, then 24), as there are hundreds of them. Instructions, line tables, constants and names of
/// all frozen code objects are four shared tables (`frozen::OPS`, `LINES`, `CONSTS`,
/// `IDENTS`); a record holds where its part of each starts, in 2-byte fields (`pyrite freeze`
/// refuses tables that outgrow them). A part ends where the next record's starts (the last at
/// the table's end): `pyrite freeze` lays the parts out in record order, so no lengths are
/// stored (8 bytes a record, 4.7 KB of flash). The file name is the module's and is not
/// stored, and the name and local counts are bytes: 20 bytes a record.
#[derive(Debug)]
#[allow(missing_docs)]
pub struct FrozenCode {
    pub ops: u16,
    pub lines: u16,
    pub consts: u16,
    /// The names (`names()`, the first `nnames`) then the local variable names
    /// (`varnames()`), as indices into the frozen modules' table of strs ([`frozen_str`]).
    pub idents: u16,
    /// Cells, free variables and the docstring, which few code objects have: an index into
    /// `frozen::EXTRAS`, or [`NO_EXTRA`].
    pub extra: u16,
    /// An index into the table of strs too. The file name is not stored: it is the module's
    /// (`FrozenCode::filename`).
    pub name: u16,
    /// The code object this one is a constant of, as an index into `frozen::CODES` (with
    /// [`PARENT_LOCALS`] set when the qualified name goes through `<locals>`), or
    /// [`NO_PARENT`] when the qualified name is the name: the qualified name is not stored
    /// (`FrozenCode::qualname`; the distinct strings were 8.4 KB of flash).
    pub parent: u16,
    /// Counts of names and locals: at most 255 in frozen code (`pyrite freeze` refuses more).
    pub nnames: u8,
    pub nlocals: u8,
    pub argcount: u8,
    pub posonlycount: u8,
    pub kwonlycount: u8,
    pub flags: u8,
}

/// `FrozenCode::extra` of a code object without cells, free variables or docstring.
pub const NO_EXTRA: u16 = u16::MAX;

/// `FrozenCode::parent` of a code object whose qualified name is its name.
pub const NO_PARENT: u16 = u16::MAX;

/// The bit of `FrozenCode::parent` that says the parent is a function (`f.<locals>.g`), not a
/// class body or comprehension (`C.g`).
pub const PARENT_LOCALS: u16 = 0x8000;

// The sizes the layouts are for (`cargo build --target thumbv7em-none-eabihf` checks them).
const _: () = assert!(size_of::<FrozenCode>() == 20, "frozen code records grew");
#[cfg(target_pointer_width = "32")]
const _: () = assert!(size_of::<FrozenConst>() == 8, "frozen constants grew");

/// What few frozen code objects have (`FrozenCode::extra`).
#[derive(Debug)]
#[allow(missing_docs)]
pub struct FrozenExtra {
    pub cellvars: &'static [(u32, bool)],
    pub freevars: &'static [u32],
    /// An index into the table of strs.
    pub doc: Option<u16>,
}

impl FrozenCode {
    /// This code's part of `table`: from `start(self)` to the next record's start, or to the
    /// table's end for the last record (empty if out of range, which `frozen_tables_are_current`
    /// and `frozen_code_passes_the_pbc_verifier` rule out for the tables `pyrite freeze` writes).
    fn part<T>(&'static self, table: &'static [T], start: fn(&FrozenCode) -> u16) -> &'static [T] {
        let end = frozen_index(self)
            .and_then(|i| frozen::CODES.get(usize::from(i) + 1))
            .map_or(table.len(), |next| usize::from(start(next)));
        table.get(usize::from(start(self))..end).unwrap_or(&[])
    }

    /// The instructions.
    pub fn ops(&'static self) -> &'static [Op] {
        self.part(frozen::OPS, |c| c.ops)
    }

    /// The line table (`bytecode::pack_lines`).
    pub fn lines(&'static self) -> &'static [u8] {
        self.part(frozen::LINES, |c| c.lines)
    }

    /// The constants.
    pub fn consts(&'static self) -> &'static [FrozenConst] {
        self.part(frozen::CONSTS, |c| c.consts)
    }

    /// The names then the local variable names, as indices into the table of strs.
    pub fn idents(&'static self) -> &'static [u16] {
        self.part(frozen::IDENTS, |c| c.idents)
    }

    /// The file name (`<frozen NAME>`) as an index into the table of strs: the module's. A
    /// module's code objects are consecutive records ending with the module's own (`pyrite
    /// freeze` writes nested code first), in the order of `frozen::MODULES`, so the module is
    /// the first whose code is not before this one.
    pub fn filename(&'static self) -> u16 {
        let at = frozen_index(self);
        frozen::MODULES
            .iter()
            .find(|(_, code, _)| frozen_index(code) >= at)
            .map_or(0, |&(_, _, filename)| filename)
    }

    /// Cells, free variables and docstring, if the code has any.
    pub fn extra(&self) -> Option<&'static FrozenExtra> {
        frozen::EXTRAS.get(usize::from(self.extra))
    }

    /// The global and attribute names (`Code::names`), as indices into the table of strs.
    pub fn names(&'static self) -> &'static [u16] {
        self.idents().get(..usize::from(self.nnames)).unwrap_or(&[])
    }

    /// The local variable names (`Code::varnames`), as indices into the table of strs.
    pub fn varnames(&'static self) -> &'static [u16] {
        self.idents().get(usize::from(self.nnames)..).unwrap_or(&[])
    }

    /// The qualified name (`__qualname__`): the parents' names and this one's, joined as the
    /// compiler joins them.
    pub fn qualname(&self) -> String {
        // (name, whether `<locals>` comes before it), innermost first.
        let mut chain = Vec::new();
        let mut at = self;
        // At most one step per frozen code object, so a malformed table cannot loop.
        for _ in 0..=frozen::CODES.len() {
            chain.push((at.name, at.parent & PARENT_LOCALS != 0));
            match frozen::CODES.get(usize::from(at.parent & !PARENT_LOCALS)) {
                Some(p) if at.parent != NO_PARENT => at = p,
                _ => break,
            }
        }
        let mut out = String::new();
        for (i, &(name, locals)) in chain.iter().rev().enumerate() {
            if i > 0 {
                out.push_str(if locals { ".<locals>." } else { "." });
            }
            out.push_str(frozen_str(name));
        }
        out
    }
}

/// A constant of frozen code: 8 bytes on a 32-bit chip (a tag and one word; was 16 with an
/// `i64`, a `u64` and slices inline), the rare big ones behind a reference.
#[derive(Debug)]
#[allow(missing_docs)]
pub enum FrozenConst {
    None,
    True,
    False,
    /// An int that fits 32 bits (bigger ones are `BigInt`).
    Int(i32),
    /// IEEE bits.
    Float(&'static u64),
    /// An index into the table of strs ([`frozen_str`]).
    Str(u16),
    Bytes(&'static &'static [u8]),
    /// Sign, magnitude (base 2^32, least significant first, normalised).
    BigInt(&'static (bool, &'static [u32])),
    Tuple(&'static &'static [FrozenConst]),
    Code(&'static FrozenCode),
}

/// The str numbered `i` in the frozen modules' table of strs (names, str constants and
/// docstrings: one text and the end offset of each, 2 bytes a str instead of a slice's 8);
/// `pyrite freeze` writes only indices into it, and a test checks them all.
pub fn frozen_str(i: u16) -> &'static str {
    let (text, ends) = (frozen::TEXT, frozen::ENDS);
    let i = usize::from(i);
    let start = match i.checked_sub(1) {
        Some(p) => ends.get(p).copied(),
        None => Some(0),
    };
    match (start, ends.get(i)) {
        (Some(a), Some(&b)) => text.get(usize::from(a)..usize::from(b)).unwrap_or("?"),
        _ => "?",
    }
}

/// The module code of frozen module `name`, if it is one.
pub fn frozen_module(name: &str) -> Option<&'static FrozenCode> {
    frozen::MODULES
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, c, _)| *c)
}

/// The modules' sources: what `frozen.rs` is generated from (checked by a test).
#[cfg(test)]
const SOURCES: &[(&str, &str)] = &[
    ("heapq", include_str!("heapq.py")),
    ("collections", include_str!("collections.py")),
    ("base64", include_str!("base64.py")),
    ("json", include_str!("json.py")),
    ("copy", include_str!("copy.py")),
    ("array", include_str!("array.py")),
    ("io", include_str!("io.py")),
    ("re", include_str!("re.py")),
    ("asyncio", include_str!("asyncio.py")),
    ("uasyncio", include_str!("uasyncio.py")),
    ("itertools", include_str!("itertools.py")),
    ("functools", include_str!("functools.py")),
];

/// Where `fc` is in `frozen::CODES` (a function keeps this 16-bit index, not a pointer).
pub fn frozen_index(fc: &'static FrozenCode) -> Option<u16> {
    let at = (fc as *const FrozenCode as usize).checked_sub(frozen::CODES.as_ptr() as usize)?
        / core::mem::size_of::<FrozenCode>().max(1);
    frozen_at(at).filter(|c| core::ptr::eq(*c, fc))?;
    u16::try_from(at).ok()
}

/// Frozen code record `i` of `frozen::CODES`.
pub fn frozen_at(i: usize) -> Option<&'static FrozenCode> {
    frozen::CODES.get(i)
}

/// Builds the heap side of frozen code `fc`: names and str constants become strs over the
/// static bytes, instructions and lines stay in flash, and nested code objects stay
/// `Obj::FrozenCode` until a function of theirs is first called (`Vm::function_code`).
pub fn load(vm: &mut Vm, fc: &'static FrozenCode) -> Result<Rc<Code>, Exc> {
    let strs = |vm: &mut Vm, names: &'static [u16]| -> Result<Vec<ObjRef>, Exc> {
        let mut out = Vec::with_capacity(names.len());
        for &n in names {
            let s = vm.intern_static(frozen_str(n))?;
            out.push(
                s.as_obj()
                    .ok_or_else(|| vm.type_error("a name is no str"))?,
            );
        }
        Ok(out)
    };
    let names = strs(vm, fc.names())?;
    let mut consts = Vec::with_capacity(fc.consts().len());
    for k in fc.consts() {
        consts.push(konst(vm, k)?);
    }
    let (cellvars, freevars, doc) = match fc.extra() {
        Some(e) => (
            e.cellvars,
            e.freevars,
            match e.doc {
                Some(d) => vm.intern_static(frozen_str(d))?,
                None => Value::None,
            },
        ),
        None => (&[][..], &[][..], Value::None),
    };
    Ok(Rc::new(Code {
        ops: fc.ops().into(),
        consts: consts.into_boxed_slice(),
        #[cfg(feature = "std")]
        attr_sites: crate::bytecode::attr_sites(names.len()),
        names: names.into_boxed_slice(),
        varnames: Box::default(),
        frozen: Some(fc),
        nlocals: fc.nlocals.into(),
        argcount: fc.argcount.into(),
        posonlycount: fc.posonlycount.into(),
        kwonlycount: fc.kwonlycount.into(),
        flags: fc.flags,
        extra: CodeExtra::make(cellvars.into(), freevars.into(), doc),
        name: vm.intern_static_ref(frozen_str(fc.name))?,
        qualname: Qual::Frozen,
        filename: vm.intern_static_ref(frozen_str(fc.filename()))?,
        lines: fc.lines().into(),
    }))
}

fn konst(vm: &mut Vm, k: &'static FrozenConst) -> Result<Value, Exc> {
    Ok(match k {
        FrozenConst::None => Value::None,
        FrozenConst::True => Value::Bool(true),
        FrozenConst::False => Value::Bool(false),
        FrozenConst::Int(i) => Value::Int(i64::from(*i)),
        FrozenConst::Float(bits) => Value::Float(f64::from_bits(**bits)),
        FrozenConst::Str(s) => {
            let text = frozen_str(*s);
            // Names (getattr arguments, dict keys) are interned as the compiler interns them;
            // other text (messages, format strings) lives only as long as its code object:
            // interned strs are never collected.
            if !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                vm.intern_static(text)?
            } else {
                vm.new_static_str(text)?
            }
        }
        FrozenConst::Bytes(b) => vm.alloc(Obj::Bytes(b.to_vec()))?,
        FrozenConst::BigInt((neg, mag)) => vm.int_from_big(BigInt {
            neg: *neg,
            mag: mag.to_vec(),
        })?,
        FrozenConst::Tuple(items) => {
            let mut v = Vec::with_capacity(items.len());
            for it in items.iter() {
                v.push(konst(vm, it)?);
            }
            vm.alloc(Obj::Tuple(v.into_boxed_slice()))?
        }
        FrozenConst::Code(c) => vm.alloc(Obj::FrozenCode(c))?,
    })
}

impl Vm {
    /// Local variable name `i` of `code` as text.
    pub fn varname_str<'a>(&'a self, code: &'a Code, i: usize) -> &'a str {
        match code.frozen {
            Some(fc) => fc.varnames().get(i).map_or("?", |&n| frozen_str(n)),
            None => code
                .varnames
                .get(i)
                .and_then(|&r| self.str_of(Value::Obj(r)))
                .unwrap_or("?"),
        }
    }

    /// Whether local variable `i` of `code` is called `name` (a str).
    pub fn varname_is(&self, code: &Code, i: usize, name: Value) -> bool {
        match code.frozen {
            Some(fc) => {
                let v = fc.varnames().get(i).map(|&n| frozen_str(n));
                v.is_some() && self.str_of(name) == v
            }
            None => code
                .varnames
                .get(i)
                .is_some_and(|&r| self.str_key_eq(Value::Obj(r), name)),
        }
    }

    /// Local variable name `i` of `code` as an interned str.
    pub fn varname_value(&mut self, code: &Code, i: usize) -> Result<Value, Exc> {
        match code.frozen {
            Some(fc) => match fc.varnames().get(i) {
                Some(&n) => self.intern_static(frozen_str(n)),
                None => Ok(Value::None),
            },
            None => Ok(code.varnames.get(i).map_or(Value::None, |&r| Value::Obj(r))),
        }
    }

    /// The qualified name of `code` as text.
    pub fn qualname_string(&self, code: &Code) -> String {
        let name = self.str_of(Value::Obj(code.name)).unwrap_or("?");
        match code.qualname {
            Qual::Name => String::from(name),
            Qual::Str(r) => String::from(self.str_of(Value::Obj(r)).unwrap_or("?")),
            Qual::Frozen => code
                .frozen
                .map_or_else(|| String::from(name), |fc| fc.qualname()),
            Qual::Child(p, locals) => {
                let sep = if locals { ".<locals>." } else { "." };
                let outer = self.str_of(Value::Obj(p)).unwrap_or("?");
                alloc::format!("{outer}{sep}{name}")
            }
        }
    }

    /// The qualified name of `code` as a str (made now unless it is the name or a str the
    /// code holds, see `Code::qualname`).
    pub fn code_qualname(&mut self, code: &Code) -> Result<Value, Exc> {
        match code.qualname {
            Qual::Name => Ok(Value::Obj(code.name)),
            Qual::Str(r) => Ok(Value::Obj(r)),
            Qual::Frozen => match code.frozen {
                Some(fc) => {
                    let q = fc.qualname();
                    self.intern(&q)
                }
                None => Ok(Value::Obj(code.name)),
            },
            Qual::Child(..) => {
                let s = self.qualname_string(code);
                self.new_str(&s)
            }
        }
    }

    /// What `MakeFunction` gives a function of frozen code `fc` that was not called yet: the
    /// shared stand-in code (`flags::FROZEN_LAZY`, which keeps it off the VM's fast call
    /// path) and its name.
    pub fn frozen_function_code(
        &mut self,
        fc: &'static FrozenCode,
    ) -> Result<(Rc<Code>, Value), Exc> {
        let name = self.intern_static(frozen_str(fc.name))?;
        // Never read (the stand-in never runs); interned, so the handle stays valid.
        let stub_name = match name {
            Value::Obj(r) => r,
            _ => return Err(self.memory_error()),
        };
        let stub = match &self.frozen_stub {
            Some(s) => s.clone(),
            None => {
                let s = Rc::new(Code {
                    ops: Cow::Borrowed(&[]),
                    consts: Box::default(),
                    names: Box::default(),
                    #[cfg(feature = "std")]
                    attr_sites: Box::default(),
                    varnames: Box::default(),
                    nlocals: 0,
                    argcount: 0,
                    posonlycount: 0,
                    kwonlycount: 0,
                    flags: crate::bytecode::flags::FROZEN_LAZY,
                    extra: None,
                    frozen: None,
                    name: stub_name,
                    qualname: Qual::Name,
                    filename: stub_name,
                    lines: Cow::Borrowed(&[]),
                });
                self.frozen_stub = Some(s.clone());
                s
            }
        };
        Ok((stub, name))
    }

    /// Under memory pressure (called by the collector before it marks): the code objects
    /// built from frozen code that nothing runs go back to flash, so their constants and
    /// tables can be collected (a code object is ~300 bytes of heap; asyncio's hot path alone
    /// builds dozens). Held only by one function and its slot (no frame, generator, or
    /// other function holds the `Rc`), the slot becomes `Obj::FrozenCode` again and the
    /// function points at the stand-in, so its next call builds the code anew
    /// (`function_code`).
    pub(crate) fn evict_frozen_code(&mut self) {
        let Some(stub) = self.frozen_stub.clone() else {
            return;
        };
        for i in 0..self.heap.objs.len() {
            let objs = &self.heap.objs;
            let (slot, fc, own) = match &objs[i] {
                Some(Obj::Function(f))
                    if f.frozen().is_none() && Rc::strong_count(&f.code) == 2 =>
                {
                    match (f.code.frozen, objs.get(f.code_obj.0 as usize)) {
                        (Some(fc), Some(Some(Obj::Code(c)))) if Rc::ptr_eq(c, &f.code) => {
                            (f.code_obj, fc, f.built_own().is_some())
                        }
                        _ => continue,
                    }
                }
                _ => continue,
            };
            if own {
                // The slot was made for this function alone (a `def` of a module or class
                // body): the function takes its flash index back and the slot, no longer
                // referenced, is swept by this collection (a slot less per such function).
                if let Some(Some(Obj::Function(f))) = self.heap.objs.get_mut(i) {
                    let globals = f.globals;
                    f.unbuild_own(stub.clone(), globals);
                }
                continue;
            }
            *self.heap.get_mut(slot) = Obj::FrozenCode(fc);
            if let Some(Some(Obj::Function(f))) = self.heap.objs.get_mut(i) {
                f.code = stub.clone();
            }
        }
    }

    /// The code of Python function `fr`, built first if it is frozen code not called yet:
    /// the code object's slot becomes `Obj::Code` (other functions of the same `def` find it
    /// there) and the function points at it.
    pub fn function_code(&mut self, fr: ObjRef) -> Result<Rc<Code>, Exc> {
        let (code, cobj, frozen) = match self.heap.get(fr) {
            Obj::Function(f) => (f.code.clone(), f.code_obj, f.frozen()),
            _ => return Err(self.type_error("not a function")),
        };
        if code.flags & crate::bytecode::flags::FROZEN_LAZY == 0 {
            return Ok(code);
        }
        if let Some(fc) = frozen {
            // Its own code object, in a new slot (`Function::frozen`).
            let c = load(self, fc)?;
            let Value::Obj(r) = self.alloc(Obj::Code(c.clone()))? else {
                return Err(self.type_error("bad code object"));
            };
            if let Obj::Function(f) = self.heap.get_mut(fr) {
                f.code = c.clone();
                f.code_obj = r;
                f.set_built_own();
            }
            return Ok(c);
        }
        let code = match self.heap.get(cobj) {
            Obj::Code(c) => c.clone(),
            &Obj::FrozenCode(fc) => {
                let c = load(self, fc)?;
                if self.heap.charge(c.heap_bytes()).is_err() {
                    return Err(self.memory_error());
                }
                *self.heap.get_mut(cobj) = Obj::Code(c.clone());
                c
            }
            _ => return Err(self.type_error("bad code object")),
        };
        if let Obj::Function(f) = self.heap.get_mut(fr) {
            f.code = code.clone();
        }
        Ok(code)
    }
}

#[cfg(test)]
mod tests {
    use super::NAMES;
    use crate::{Config, Host, Interpreter, RunOutcome};
    use alloc::boxed::Box;
    use alloc::string::String;
    use alloc::vec::Vec;

    struct Out(String);
    impl Host for Out {
        fn write_out(&mut self, text: &str) {
            self.0.push_str(text);
        }
        fn write_err(&mut self, text: &str) {
            self.0.push_str(text);
        }
        fn now_ms(&mut self) -> u64 {
            0
        }
        fn read_file(&mut self, _path: &str) -> Option<Vec<u8>> {
            None
        }
        fn as_any(&mut self) -> &mut dyn core::any::Any {
            self
        }
    }

    fn interp(heap: usize) -> Interpreter {
        let config = Config {
            heap_bytes: heap,
            ..Config::default()
        };
        Interpreter::new(config, Box::new(Out(String::new())))
    }

    fn run(it: &mut Interpreter, src: &str) -> String {
        it.start("main.py", src).unwrap();
        loop {
            match it.run(100_000) {
                RunOutcome::Done => break,
                RunOutcome::Yielded | RunOutcome::Sleeping { .. } => continue,
                RunOutcome::Error(e) => panic!("{src}: {}", e.traceback),
            }
        }
        let out = it.host_mut().as_any().downcast_mut::<Out>().unwrap();
        core::mem::take(&mut out.0)
    }

    /// `frozen.rs` is what `pyrite freeze` makes of today's sources.
    #[test]
    fn frozen_tables_are_current() {
        use super::SOURCES;
        assert_eq!(
            SOURCES.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
            NAMES,
            "SOURCES and NAMES list the same modules"
        );
        let mut it = interp(256 << 20);
        let text = super::freeze::generate(it.vm_mut(), SOURCES).unwrap();
        assert!(
            text == include_str!("frozen.rs"),
            "interpreter/src/stdlib/frozen.rs is stale: run \
             `cargo run -p pyrite -- freeze interpreter/src/stdlib` to regenerate it"
        );
    }

    /// Every frozen code object passes the checks a `.pbc` file must pass (operands in range,
    /// stack depths proven), as the VM trusts its bytecode.
    #[test]
    fn frozen_code_passes_the_pbc_verifier() {
        use crate::object::Obj;
        use crate::value::Value;
        fn walk(vm: &mut crate::vm::Vm, fc: &'static super::FrozenCode, n: &mut usize) {
            let mut code = super::load(vm, fc).unwrap();
            assert!(matches!(code.ops, alloc::borrow::Cow::Borrowed(_)));
            assert!(matches!(code.lines, alloc::borrow::Cow::Borrowed(_)));
            // The verifier reads plain instructions (superinstructions are made after it, as
            // the `.pbc` loader does); the first half of each is the same program.
            let code = alloc::rc::Rc::get_mut(&mut code).unwrap();
            code.ops = code.ops.iter().map(|op| op.first_half()).collect();
            crate::pbc::verify(code).unwrap_or_else(|e| {
                let (q, f) = (fc.qualname(), super::frozen_str(fc.filename()));
                panic!("{q} ({f}): {e}")
            });
            // A part ends where the next record's starts: the starts must not go back, or a
            // part would read as empty.
            let next = super::frozen_index(fc).and_then(|i| super::frozen_at(usize::from(i) + 1));
            let parts = [
                (fc.ops, next.map(|c| c.ops), super::frozen::OPS.len()),
                (fc.lines, next.map(|c| c.lines), super::frozen::LINES.len()),
                (
                    fc.consts,
                    next.map(|c| c.consts),
                    super::frozen::CONSTS.len(),
                ),
                (
                    fc.idents,
                    next.map(|c| c.idents),
                    super::frozen::IDENTS.len(),
                ),
            ];
            for (start, end, table) in parts {
                let end = end.map_or(table, usize::from);
                assert!(
                    usize::from(start) <= end && end <= table,
                    "part out of range"
                );
            }
            assert_eq!(code.ops.len(), fc.ops().len());
            assert!(fc.extra == super::NO_EXTRA || fc.extra().is_some());
            let named = [fc.filename(), fc.name].into_iter();
            let doc = fc.extra().and_then(|e| e.doc);
            fn const_strs(k: &super::FrozenConst, out: &mut Vec<u16>) {
                match k {
                    super::FrozenConst::Str(i) => out.push(*i),
                    super::FrozenConst::Tuple(items) => {
                        items.iter().for_each(|k| const_strs(k, out))
                    }
                    _ => {}
                }
            }
            let mut strs = Vec::new();
            fc.consts().iter().for_each(|k| const_strs(k, &mut strs));
            for i in named
                .chain(fc.idents().iter().copied())
                .chain(doc)
                .chain(strs)
            {
                assert!(usize::from(i) < super::frozen::ENDS.len(), "str index {i}");
            }
            *n += 1;
            for k in code.consts.iter() {
                if let Value::Obj(r) = k
                    && let Obj::FrozenCode(inner) = vm.heap.get(*r)
                {
                    walk(vm, inner, n);
                }
            }
        }
        let mut it = interp(256 << 20);
        let mut n = 0;
        for name in NAMES {
            walk(it.vm_mut(), super::frozen_module(name).unwrap(), &mut n);
        }
        assert!(n > 300, "{n} code objects");
    }

    /// An asyncio program that runs out of heap at any point ends with its MemoryError: a task
    /// left half-scheduled by the error must not keep `asyncio.run`'s clean-up waiting forever
    /// (it did, at 112 KiB: the embedder got `Sleeping` for ever). It also holds the heap the
    /// program needs, so that growing again fails here.
    #[test]
    fn asyncio_ends_at_every_heap_size() {
        struct Clocked(u64);
        impl Host for Clocked {
            fn write_out(&mut self, _text: &str) {}
            fn write_err(&mut self, _text: &str) {}
            fn now_ms(&mut self) -> u64 {
                self.0
            }
            fn read_file(&mut self, _path: &str) -> Option<Vec<u8>> {
                None
            }
            fn as_any(&mut self) -> &mut dyn core::any::Any {
                self
            }
        }
        const SRC: &str = include_str!("../../tests/diff/stdlib/asyncio_basic.py");
        // The smallest heap it runs in on the host was 134 KiB, 123 since 26 Nov, 88 with the
        // uasyncio-style scheduler, 80 with idle frozen code evicted: from 84 KiB up it must
        // end well, below with a MemoryError at worst.
        const FITS_KIB: usize = 84;
        let mut ended_well = 0;
        for kib in (80..=160).step_by(4) {
            let config = Config {
                heap_bytes: kib << 10,
                ..Config::default()
            };
            let mut it = Interpreter::new(config, Box::new(Clocked(0)));
            it.start("main.py", SRC).unwrap();
            // The program sleeps 0.6 s in all; an hour of simulated time means it is stuck.
            let outcome = loop {
                match it.run(100_000) {
                    RunOutcome::Yielded => continue,
                    RunOutcome::Sleeping { until_ms } => {
                        let clock = it.host_mut().as_any().downcast_mut::<Clocked>().unwrap();
                        assert!(until_ms < 3_600_000, "{kib} KiB heap: stuck sleeping");
                        clock.0 = clock.0.max(until_ms);
                    }
                    RunOutcome::Done => break None,
                    RunOutcome::Error(e) => break Some(e),
                }
            };
            match outcome {
                None => ended_well += 1,
                Some(e) => {
                    assert_eq!(e.type_name, "MemoryError", "{kib} KiB: {}", e.traceback);
                    assert!(kib < FITS_KIB, "MemoryError in {kib} KiB: {}", e.traceback);
                }
            }
        }
        assert!(
            ended_well > (160 - FITS_KIB) / 4,
            "fits from {FITS_KIB} KiB up"
        );
    }

    /// On a heap past half full the collector sends idle code built from frozen modules back
    /// to flash (`Vm::evict_frozen_code`): the functions still work when called again (rebuilt),
    /// also nested `def`s that share a code slot and generators suspended across collections.
    #[test]
    fn evicted_frozen_code_runs_again() {
        const SRC: &str = "import re, gc, copy\n\
            def words(n):\n\
            \x20   for i in range(n):\n\
            \x20       yield re.sub(r'(\\d)', r'<\\1>', 'w%d' % i)\n\
            out = []\n\
            g = words(300)\n\
            for i in range(300):\n\
            \x20   junk = [str(j) * 3 for j in range(60)]\n\
            \x20   m = re.match(r'(\\d+)-(\\w+)', '%d-abc%d' % (i, i))\n\
            \x20   out.append(m.group(2) + next(g) + str(copy.deepcopy([i, (i,)])))\n\
            \x20   if i % 50 == 0:\n\
            \x20       gc.collect()\n\
            print(len(out), out[0], out[-1], sum(len(x) for x in out))\n";
        let big = run(&mut interp(8 << 20), SRC);
        // It needs 121 KiB; in 128 the collector evicts (the heap is past half full).
        let small = run(&mut interp(128 << 10), SRC);
        assert_eq!(big, small);
        assert!(
            big.starts_with("300 abc0w<0>[0, (0,)] abc299w<2><9><9>[299, (299,)]"),
            "{big}"
        );
    }

    /// Each frozen module imports on a small heap, and what the import leaves on the heap
    /// (module dict, functions, classes, names; the code of functions not called yet stays in
    /// flash) stays under its bound. Heaps are the smallest multiple of 8 KiB above the
    /// smallest heap that imports the module today (bisected with `pyrite --heap NK -c
    /// "import M"`, 26 Nov: asyncio 49 KiB, was 92, then 72, before its uasyncio-style rewrite
    /// and the lazy `sys`/`time` attributes; below ~36 KiB the limit is raised to the
    /// floor + 8 KiB anyway), bounds about 5 % above what it leaves. Since the builtins dict
    /// grows by exact steps (no slack before the import for its names to fill), what an
    /// import leaves includes the builtins entries it adds: heapq, collections, base64, copy
    /// and io leave ~1.2 KB more by this measure, while the heap after each import is smaller
    /// than before (heapq 33,271 -> 32,351 bytes, copy 33,956 -> 31,756). array names the
    /// ordering dunders, whose builtin methods now appear then (deferred at start-up): 2.4 KB
    /// more by this measure, 5 KB less after the import (52,438 -> 47,398 bytes). Since the
    /// builtin types' special methods and the builtins dict's types wait for a program to name
    /// them (26 Nov), an import that names them pays for them: collections, copy, array, io, re
    /// and asyncio leave 0.5-2.6 KB more by this measure, while the heap after each import is
    /// ~5.5 KB smaller than before (array 46,654 -> 41,974 bytes; asyncio, before its
    /// uasyncio-style scheduler, 60,502 -> 54,918). 27 Nov: re's flags became RegexFlag
    /// members (an int subclass with four operators and a repr, eight instances), as CPython's:
    /// import re leaves 22,177 -> 27,581 bytes.
    #[test]
    fn frozen_modules_import_in_small_heaps() {
        // (module, heap KiB, bound on the bytes the import leaves)
        const CASES: &[(&str, usize, usize)] = &[
            ("heapq", 40, 3_950),
            ("collections", 40, 4_950),
            ("base64", 40, 6_350),
            ("json", 48, 10_100),
            ("copy", 40, 3_550),
            ("array", 64, 27_200),
            ("io", 48, 12_300),
            ("re", 64, 29_000),
            ("asyncio", 56, 24_900),
            ("uasyncio", 56, 24_900),
            ("itertools", 40, 8_000),
            ("functools", 40, 5_000),
        ];
        assert_eq!(CASES.iter().map(|c| c.0).collect::<Vec<_>>(), NAMES);
        for &(name, heap, bound) in CASES {
            let mut it = interp(heap << 10);
            let src = alloc::format!(
                "import gc\ngc.collect()\na = gc.mem_alloc()\nimport {name}\ngc.collect()\n\
                 print(gc.mem_alloc() - a)"
            );
            let out = run(&mut it, &src);
            let used: usize = out.trim().parse().unwrap();
            std::println!("import {name}: {used} bytes");
            assert!(
                used < bound,
                "import {name} leaves {used} bytes (bound {bound})"
            );
        }
    }
}
