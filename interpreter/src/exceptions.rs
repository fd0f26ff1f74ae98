//! The builtin exception hierarchy (as CPython's) and helpers to build and describe exceptions.

use crate::object::{ExcData, Obj};
use crate::value::{ObjRef, Value};
use crate::vm::{Exc, Vm};
use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

/// (name, index of parent in this table; the root's parent is itself).
pub const EXC_TABLE: &[(&str, usize)] = &[
    ("BaseException", 0),        // 0
    ("Exception", 0),            // 1
    ("TypeError", 1),            // 2
    ("ValueError", 1),           // 3
    ("LookupError", 1),          // 4
    ("IndexError", 4),           // 5
    ("KeyError", 4),             // 6
    ("AttributeError", 1),       // 7
    ("NameError", 1),            // 8
    ("UnboundLocalError", 8),    // 9
    ("ArithmeticError", 1),      // 10
    ("ZeroDivisionError", 10),   // 11
    ("OverflowError", 10),       // 12
    ("StopIteration", 1),        // 13
    ("RuntimeError", 1),         // 14
    ("RecursionError", 14),      // 15
    ("NotImplementedError", 14), // 16
    ("MemoryError", 1),          // 17
    ("KeyboardInterrupt", 0),    // 18
    ("SystemExit", 0),           // 19
    ("GeneratorExit", 0),        // 20
    ("AssertionError", 1),       // 21
    ("ImportError", 1),          // 22
    ("ModuleNotFoundError", 22), // 23
    ("SyntaxError", 1),          // 24
    ("IndentationError", 24),    // 25
    ("OSError", 1),              // 26
    ("EOFError", 1),             // 27
    ("UnicodeError", 3),         // 28
    ("StopAsyncIteration", 1),   // 29
    ("FloatingPointError", 10),  // 30
    ("FileNotFoundError", 26),   // 31
    ("TimeoutError", 26),        // 32
    ("UnicodeDecodeError", 28),  // 33
    ("UnicodeEncodeError", 28),  // 34
    ("Warning", 1),              // 35
    ("UserWarning", 35),         // 36
    ("DeprecationWarning", 35),  // 37
    ("TabError", 25),            // 38
    ("BufferError", 1),          // 39
    ("ConnectionError", 26),     // 40
    ("PermissionError", 26),     // 41
    ("RuntimeWarning", 35),      // 42
    ("FileExistsError", 26),     // 43
    ("IsADirectoryError", 26),   // 44
    ("NotADirectoryError", 26),  // 45
    // The rarer ones, on the host only (flash): kinds past this point are never raised by
    // the interpreter itself.
    #[cfg(feature = "std")]
    ("BrokenPipeError", 40),
    #[cfg(feature = "std")]
    ("ConnectionAbortedError", 40),
    #[cfg(feature = "std")]
    ("ConnectionRefusedError", 40),
    #[cfg(feature = "std")]
    ("ConnectionResetError", 40),
    #[cfg(feature = "std")]
    ("BlockingIOError", 26),
    #[cfg(feature = "std")]
    ("ChildProcessError", 26),
    #[cfg(feature = "std")]
    ("InterruptedError", 26),
    #[cfg(feature = "std")]
    ("ProcessLookupError", 26),
    #[cfg(feature = "std")]
    ("ReferenceError", 1),
    #[cfg(feature = "std")]
    ("SystemError", 1),
    #[cfg(feature = "std")]
    ("UnicodeTranslateError", 28),
    #[cfg(feature = "std")]
    ("SyntaxWarning", 35),
    #[cfg(feature = "std")]
    ("FutureWarning", 35),
    #[cfg(feature = "std")]
    ("ImportWarning", 35),
    #[cfg(feature = "std")]
    ("PendingDeprecationWarning", 35),
    #[cfg(feature = "std")]
    ("ResourceWarning", 35),
    #[cfg(feature = "std")]
    ("BytesWarning", 35),
    #[cfg(feature = "std")]
    ("UnicodeWarning", 35),
    #[cfg(feature = "std")]
    ("EncodingWarning", 35),
];

/// Indices into `EXC_TABLE` for the exceptions the interpreter raises itself.
#[allow(missing_docs)]
pub mod kind {
    pub const BASE: usize = 0;
    pub const EXCEPTION: usize = 1;
    pub const TYPE: usize = 2;
    pub const VALUE: usize = 3;
    pub const LOOKUP: usize = 4;
    pub const INDEX: usize = 5;
    pub const KEY: usize = 6;
    pub const ATTRIBUTE: usize = 7;
    pub const NAME: usize = 8;
    pub const UNBOUND_LOCAL: usize = 9;
    pub const ZERO_DIVISION: usize = 11;
    pub const OVERFLOW: usize = 12;
    pub const STOP_ITERATION: usize = 13;
    pub const RUNTIME: usize = 14;
    pub const RECURSION: usize = 15;
    pub const NOT_IMPLEMENTED: usize = 16;
    pub const MEMORY: usize = 17;
    pub const KEYBOARD_INTERRUPT: usize = 18;
    pub const SYSTEM_EXIT: usize = 19;
    pub const GENERATOR_EXIT: usize = 20;
    pub const ASSERTION: usize = 21;
    pub const IMPORT: usize = 22;
    pub const MODULE_NOT_FOUND: usize = 23;
    pub const SYNTAX: usize = 24;
    pub const INDENTATION: usize = 25;
    pub const TAB: usize = 38;
    pub const OS: usize = 26;
    pub const EOF: usize = 27;
    pub const UNICODE: usize = 28;
    pub const UNICODE_DECODE: usize = 33;
    pub const UNICODE_ENCODE: usize = 34;
    pub const STOP_ASYNC_ITERATION: usize = 29;
    pub const FILE_NOT_FOUND: usize = 31;
    pub const TIMEOUT: usize = 32;
    pub const PERMISSION: usize = 41;
    pub const FILE_EXISTS: usize = 43;
    pub const IS_A_DIRECTORY: usize = 44;
    pub const NOT_A_DIRECTORY: usize = 45;
}

impl Vm {
    /// Creates an exception instance of class `cls` with `args`.
    pub fn new_exception(&mut self, cls: ObjRef, args: Vec<Value>) -> Result<Value, Exc> {
        let inst = crate::object::Instance {
            class: cls,
            dict: crate::dict::Dict::new(),
            rare: Some(Box::new(crate::object::InstRare {
                dict_ref: None,
                exc: Some(Box::new(ExcData {
                    args,
                    tb: Vec::new(),
                    cause: Value::None,
                    context: Value::None,
                    suppress: false,
                    caught: None,
                })),
                base_value: Value::Null,
            })),
        };
        match self.heap.alloc(Obj::Instance(Box::new(inst))) {
            Ok(r) => Ok(Value::Obj(r)),
            Err(_) => Err(self.memory_error()),
        }
    }

    /// An exception of builtin kind `k` with a message.
    pub fn exc_msg(&mut self, k: usize, msg: &str) -> Exc {
        let cls = match self.exc_class(k) {
            Ok(c) => c,
            Err(e) => return e,
        };
        let m = match self.new_str(msg) {
            Ok(v) => v,
            Err(e) => return e,
        };
        match self.new_exception(cls, vec![m]) {
            Ok(v) => Exc(v),
            Err(e) => e,
        }
    }

    /// An exception of builtin kind `k` with arbitrary args.
    pub fn exc_args(&mut self, k: usize, args: Vec<Value>) -> Exc {
        let cls = match self.exc_class(k) {
            Ok(c) => c,
            Err(e) => return e,
        };
        match self.new_exception(cls, args) {
            Ok(v) => Exc(v),
            Err(e) => e,
        }
    }

    /// The preallocated MemoryError (allocating one could itself fail).
    pub fn memory_error(&mut self) -> Exc {
        let v = self.memory_error_inst;
        if let Value::Obj(r) = v
            && let Obj::Instance(i) = self.heap.get_mut(r)
            && let Some(x) = i.exc_mut()
        {
            x.tb.clear();
            x.caught = None;
            x.context = Value::None;
            x.cause = Value::None;
        }
        Exc(v)
    }

    /// TypeError(msg).
    pub fn type_error(&mut self, msg: &str) -> Exc {
        self.exc_msg(kind::TYPE, msg)
    }
    /// ValueError(msg).
    pub fn value_error(&mut self, msg: &str) -> Exc {
        self.exc_msg(kind::VALUE, msg)
    }
    /// IndexError(msg).
    pub fn index_error(&mut self, msg: &str) -> Exc {
        self.exc_msg(kind::INDEX, msg)
    }

    /// The exception data of an exception instance.
    pub fn exc_data(&self, v: Value) -> Option<&ExcData> {
        match v {
            Value::Obj(r) => match self.heap.get(r) {
                Obj::Instance(i) => i.exc(),
                _ => None,
            },
            _ => None,
        }
    }

    /// `e.__traceback__`: a chain of `traceback` objects (`tb_lineno`, `tb_next`, `tb_frame`
    /// with `f_lineno` and `f_code.co_name`/`co_filename`), outermost frame first, made from
    /// the exception's recorded entries on each access (None before it is raised). Built on
    /// demand so a raise costs nothing more.
    pub fn exc_traceback(&mut self, e: Value) -> Result<Value, Exc> {
        self.flush_caught(e);
        let tb = self.exc_data(e).map(|d| d.tb.clone()).unwrap_or_default();
        let mut next = Value::None;
        // Entries are innermost first: build from the inside out so each links to the next.
        for (file, line, func) in tb {
            let code = self.plain_object("_tb_code", "code")?;
            self.set_attrs(code, &[("co_name", func), ("co_filename", file)])?;
            let frame = self.plain_object("_tb_frame", "frame")?;
            let ln = Value::Int(i64::from(line));
            self.set_attrs(frame, &[("f_code", code), ("f_lineno", ln)])?;
            let t = self.plain_object("_tb_traceback", "traceback")?;
            self.set_attrs(
                t,
                &[("tb_frame", frame), ("tb_lineno", ln), ("tb_next", next)],
            )?;
            next = t;
        }
        Ok(next)
    }

    /// The entries (innermost first) of a traceback object as `exc_traceback` makes them, for
    /// `e.__traceback__ = other.__traceback__` (the exception groups' copies); host only, for
    /// flash: devices keep only `= None`.
    #[cfg(feature = "std")]
    #[allow(clippy::type_complexity)]
    pub fn tb_entries(&mut self, mut t: Value) -> Result<Option<Vec<(Value, u32, Value)>>, Exc> {
        let mut out = Vec::new();
        let get = |vm: &mut Vm, o: Value, a: &str| -> Result<Value, Exc> {
            let n = vm.intern(a)?;
            vm.get_attr(o, n)
        };
        while t != Value::None && out.len() < 100_000 {
            let frame = get(self, t, "tb_frame")?;
            let code = get(self, frame, "f_code")?;
            let file = get(self, code, "co_filename")?;
            let func = get(self, code, "co_name")?;
            let line = match get(self, t, "tb_lineno")? {
                Value::Int(l) => u32::try_from(l).unwrap_or(0),
                _ => 0,
            };
            out.push((file, line, func));
            t = get(self, t, "tb_next")?;
        }
        out.reverse();
        Ok(Some(out))
    }

    /// Devices ignore a traceback object set as `__traceback__`.
    #[cfg(not(feature = "std"))]
    #[allow(clippy::type_complexity)]
    #[inline(always)]
    pub fn tb_entries(&mut self, _: Value) -> Result<Option<Vec<(Value, u32, Value)>>, Exc> {
        Ok(None)
    }

    /// An instance of a method-less native class (made on first use, see
    /// `cached_native_class`).
    fn plain_object(&mut self, key: &str, name: &str) -> Result<Value, Exc> {
        let c = self.cached_native_class(key, name, &[])?;
        self.new_instance(c, crate::vm::TypeTag::Object)
    }

    fn set_attrs(&mut self, o: Value, attrs: &[(&str, Value)]) -> Result<(), Exc> {
        if let Value::Obj(r) = o {
            for (n, v) in attrs {
                let k = self.intern(n)?;
                self.instance_set(r, k, *v)?;
            }
        }
        Ok(())
    }

    /// Mutable exception data.
    pub fn exc_data_mut(&mut self, v: Value) -> Option<&mut ExcData> {
        match v {
            Value::Obj(r) => match self.heap.get_mut(r) {
                Obj::Instance(i) => i.exc_mut(),
                _ => None,
            },
            _ => None,
        }
    }

    /// True if `cls` is `base` or a subclass of it.
    pub fn is_subclass(&self, cls: ObjRef, base: ObjRef) -> bool {
        if cls == base {
            return true;
        }
        match self.heap.get(cls) {
            Obj::Class(c) => c.mro.contains(&base),
            _ => false,
        }
    }

    /// Sets an attribute (e.g. ImportError's `name`) in an exception
    /// instance's dict, where attribute lookup finds it first. Best effort: an
    /// out-of-memory here leaves the exception without it.
    pub fn set_exc_attr(&mut self, e: &Exc, name: &str, v: Value) {
        let Ok(key) = self.intern(name) else {
            return;
        };
        let h = self.str_hash(key);
        if let Value::Obj(r) = e.0
            && let Obj::Instance(i) = self.heap.get_mut(r)
        {
            i.dict.push_new(h, key, v);
        }
    }

    /// True if exception value `e` is an instance of builtin kind `k`.
    pub fn exc_is(&self, e: Value, k: usize) -> bool {
        // A class not created yet has no instances (subclasses create their bases first).
        match self.exc_classes.get(k) {
            Some(&base) if base != ObjRef(0) => self.is_subclass(self.class_of(e), base),
            _ => false,
        }
    }

    /// `str(exc)` per CPython rules (KeyError shows the repr of its key).
    pub fn exc_message(&mut self, e: Value) -> String {
        let args = self.exc_data(e).map(|d| d.args.clone()).unwrap_or_default();
        if (2..=5).contains(&args.len()) && self.exc_is(e, kind::OS) {
            if let Value::Int(n) = args[0] {
                let msg = self.to_str(args[1]).unwrap_or_default();
                let mut out = alloc::format!("[Errno {}] {}", n, msg);
                if let Some(f) = self.exc_filename(e, "filename") {
                    out.push_str(": ");
                    out.push_str(&self.repr(f).unwrap_or_default());
                    // os.rename's "'a' -> 'b'"
                    if let Some(f2) = self.exc_filename(e, "filename2") {
                        out.push_str(" -> ");
                        out.push_str(&self.repr(f2).unwrap_or_default());
                    }
                }
                return out;
            }
        }
        if args.len() == 2
            && self.exc_is(e, kind::SYNTAX)
            && let Value::Obj(t) = args[1]
            && let Obj::Tuple(d) = self.heap.get(t)
            && d.len() == 4
        {
            // "invalid syntax (<string>, line 1)"
            let (file, line) = (d[0], d[1]);
            let msg = self.to_str(args[0]).unwrap_or_default();
            let file = self.to_str(file).unwrap_or_default();
            return match line {
                Value::Int(l) => alloc::format!("{} ({}, line {})", msg, file, l),
                _ => alloc::format!("{} ({})", msg, file),
            };
        }
        match args.len() {
            0 => String::new(),
            1 => {
                if self.exc_is(e, kind::KEY) {
                    self.repr(args[0]).unwrap_or_default()
                } else {
                    self.to_str(args[0]).unwrap_or_default()
                }
            }
            _ => {
                let mut s = String::from("(");
                for (i, a) in args.iter().enumerate() {
                    if i > 0 {
                        s.push_str(", ");
                    }
                    s.push_str(&self.repr(*a).unwrap_or_default());
                }
                s.push(')');
                s
            }
        }
    }

    /// The `filename` (or `filename2`) attribute of an OSError instance, if set and not None.
    fn exc_filename(&mut self, e: Value, attr: &str) -> Option<Value> {
        let key = self.intern(attr).ok()?;
        let Value::Obj(r) = e else { return None };
        let Obj::Instance(i) = self.heap.get(r) else {
            return None;
        };
        let v = match i.dict.iter().find(|x| x.key == key) {
            Some(x) => x.value,
            // OSError(errno, strerror, filename, winerror, filename2)
            None => {
                let at = if attr == "filename" { 2 } else { 4 };
                self.exc_data(e)?.args.get(at).copied()?
            }
        };
        (!matches!(v, Value::None)).then_some(v)
    }

    /// The exception's class name.
    pub fn exc_type_name(&self, e: Value) -> String {
        let c = self.class_of(e);
        self.class_name(c)
    }

    /// Formats a full CPython-style traceback for an uncaught exception.
    pub fn format_traceback(&mut self, e: Value) -> String {
        let mut out = String::new();
        let mut ctx = TbCtx::default();
        self.format_chain(e, &mut ctx, &mut out);
        out
    }

    /// `e` with the exceptions it was chained to first (CPython's `TracebackException.format`),
    /// each line indented as `ctx` says (inside exception groups).
    fn format_chain(&mut self, e: Value, ctx: &mut TbCtx, out: &mut String) {
        let (cause, context, suppress) = self
            .exc_data(e)
            .map(|d| (d.cause, d.context, d.suppress))
            .unwrap_or((Value::None, Value::None, false));
        let chained = if !matches!(cause, Value::None) {
            Some((
                cause,
                "\nThe above exception was the direct cause of the following exception:\n\n",
            ))
        } else if !suppress && !matches!(context, Value::None) && context != e {
            Some((
                context,
                "\nDuring handling of the above exception, another exception occurred:\n\n",
            ))
        } else {
            None
        };
        if let Some((c, msg)) = chained
            && self.native_depth < 20
        {
            self.native_depth += 1;
            self.format_chain(c, ctx, out);
            self.native_depth -= 1;
            ctx.emit(out, msg, '|');
        }
        self.flush_caught(e);
        let tb = self.exc_data(e).map(|d| d.tb.clone()).unwrap_or_default();
        let mut stack = String::new();
        for (file, line, func) in tb.iter().rev() {
            let file: String = self.str_of(*file).unwrap_or("?").into();
            let func: String = self.str_of(*func).unwrap_or("?").into();
            stack.push_str(&format!(
                "  File \"{}\", line {}, in {}\n",
                file, line, func
            ));
            if let Some(src) = self.source_line(&file, *line) {
                stack.push_str("    ");
                stack.push_str(src.trim());
                stack.push('\n');
            }
        }
        #[cfg(feature = "std")]
        if let Some(excs) = self.group_exceptions(e) {
            self.format_group(e, &excs, &stack, ctx, out);
            return;
        }
        if !stack.is_empty() {
            ctx.emit(out, "Traceback (most recent call last):\n", '|');
            ctx.emit(out, &stack, '|');
        }
        let only = self.format_exception_only(e);
        ctx.emit(out, &only, '|');
    }

    /// The last line(s) of a traceback: `Name: message` and the notes.
    fn format_exception_only(&mut self, e: Value) -> String {
        let mut out = String::new();
        let name = self.exc_type_name(e);
        let args = self.exc_data(e).map(|d| d.args.clone()).unwrap_or_default();
        let msg = if args.len() == 2 && self.exc_is(e, kind::SYNTAX) {
            // The traceback line shows the bare message (str() adds "(file, line N)").
            self.to_str(args[0]).unwrap_or_default()
        } else {
            self.exc_message(e)
        };
        if msg.is_empty() {
            out.push_str(&name);
        } else {
            out.push_str(&format!("{}: {}", name, msg));
        }
        out.push('\n');
        // 3.11's notes (`add_note`), one per line after the message.
        if let Some(n) = self.interned_opt("__notes__")
            && let Ok(Some(Value::Obj(l))) = self.get_attr_opt(e, n)
            && let Obj::List(items) = self.heap.get(l)
        {
            for note in items.clone() {
                if let Some(t) = self.str_of(note) {
                    out.push_str(t);
                    out.push('\n');
                }
            }
        }
        out
    }

    /// The sub-exceptions of an exception group (a `BaseExceptionGroup` of the host-only
    /// `_exgroup` module, so none before it was imported).
    #[cfg(feature = "std")]
    fn group_exceptions(&mut self, e: Value) -> Option<Vec<Value>> {
        let modules = self.modules;
        let m = self.interned_opt("_exgroup")?;
        let Value::Obj(md) = self.dict_get_str(modules, m)? else {
            return None;
        };
        let cname = self.interned_opt("BaseExceptionGroup")?;
        let g = match self.heap.get(md) {
            Obj::Module(_, g) => *g,
            _ => return None,
        };
        let Value::Obj(cls) = self.dict_get_str(g, cname)? else {
            return None;
        };
        if !self.is_subclass(self.class_of(e), cls) {
            return None;
        }
        let n = self.interned_opt("exceptions")?;
        let Ok(Some(Value::Obj(t))) = self.get_attr_opt(e, n) else {
            return None;
        };
        match self.heap.get(t) {
            Obj::Tuple(items) => Some(items.to_vec()),
            _ => None,
        }
    }

    /// An exception group's part of a traceback, as CPython 3.11 prints it: its own frames
    /// under `Exception Group Traceback`, then each sub-exception in a numbered box (at most
    /// 15, groups 10 deep).
    #[cfg(feature = "std")]
    fn format_group(
        &mut self,
        e: Value,
        excs: &[Value],
        stack: &str,
        ctx: &mut TbCtx,
        out: &mut String,
    ) {
        const MAX_WIDTH: usize = 15;
        const MAX_DEPTH: usize = 10;
        if ctx.depth > MAX_DEPTH {
            ctx.emit(
                out,
                &format!("... (max_group_depth is {})\n", MAX_DEPTH),
                '|',
            );
            return;
        }
        let top = ctx.depth == 0;
        if top {
            ctx.depth += 1;
        }
        if !stack.is_empty() {
            let margin = if top { '+' } else { '|' };
            ctx.emit(
                out,
                "Exception Group Traceback (most recent call last):\n",
                margin,
            );
            ctx.emit(out, stack, '|');
        }
        let name = self.exc_type_name(e);
        let msg = self.to_str(e).unwrap_or_default();
        ctx.emit(out, &format!("{}: {}\n", name, msg), '|');
        let n = excs.len().min(MAX_WIDTH + 1);
        ctx.need_close = false;
        for i in 0..n {
            let last = i + 1 == n;
            if last {
                ctx.need_close = true;
            }
            let truncated = i >= MAX_WIDTH;
            let title = if truncated {
                String::from("...")
            } else {
                format!("{}", i + 1)
            };
            out.push_str(&" ".repeat(2 * ctx.depth));
            out.push_str(if i == 0 { "+-" } else { "  " });
            out.push_str(&format!("+---------------- {} ----------------\n", title));
            ctx.depth += 1;
            if !truncated {
                if self.native_depth < 40 {
                    self.native_depth += 1;
                    self.format_chain(excs[i], ctx, out);
                    self.native_depth -= 1;
                }
            } else {
                let more = excs.len() - MAX_WIDTH;
                let s = if more > 1 { "s" } else { "" };
                ctx.emit(out, &format!("and {} more exception{}\n", more, s), '|');
            }
            if last && ctx.need_close {
                out.push_str(&" ".repeat(2 * ctx.depth));
                out.push_str("+------------------------------------\n");
                ctx.need_close = false;
            }
            ctx.depth -= 1;
        }
        if top {
            ctx.depth = 0;
        }
    }

    /// A line of a known source file.
    pub fn source_line(&self, file: &str, line: u32) -> Option<String> {
        let (_, src) = self.sources.iter().find(|(f, _)| f == file)?;
        src.lines()
            .nth((line as usize).checked_sub(1)?)
            .map(String::from)
    }
}

/// Where a traceback's lines go inside exception groups (CPython's `_ExceptionPrintContext`).
#[derive(Default)]
struct TbCtx {
    /// Nesting of groups: the indent is two spaces per level, then a margin.
    depth: usize,
    /// The last box of a group is still open (groups are printed on the host only).
    #[cfg(feature = "std")]
    need_close: bool,
}

impl TbCtx {
    /// Appends `text` with each line indented (none outside groups).
    fn emit(&self, out: &mut String, text: &str, margin: char) {
        if self.depth == 0 {
            out.push_str(text);
            return;
        }
        for line in text.split_inclusive('\n') {
            out.push_str(&" ".repeat(2 * self.depth));
            out.push(margin);
            out.push(' ');
            out.push_str(line);
        }
    }
}
