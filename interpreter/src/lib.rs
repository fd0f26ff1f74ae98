//! Pyrite: a lean Python 3 interpreter for microcontrollers.
//!
//! The core is `no_std` + `alloc`; the `std` feature adds the `pyrite` command. See
//! ARCHITECTURE.md ("Interpreter internals") for the value representation, heap and GC.
//!
//! # Tour
//! `lexer` → `parser` (AST in `ast`) → `symtable` (scopes) → `compiler` → `bytecode` →
//! `vm` (dispatch loop, calls, generators) with the object protocol in `ops`, `attr`,
//! `containers`, `format`, builtins in `builtins`, `str`, `methods`, modules in `modules`,
//! and the arena + collector in `gc`. Embedders use only the items re-exported here.
//!
//! # Embedding
//! ```
//! use pyrite::{Config, Host, Interpreter, RunOutcome};
//!
//! struct Out(String);
//! impl Host for Out {
//!     fn write_out(&mut self, text: &str) { self.0.push_str(text); }
//!     fn write_err(&mut self, text: &str) { self.0.push_str(text); }
//!     fn now_ms(&mut self) -> u64 { 0 }
//!     fn read_file(&mut self, _path: &str) -> Option<Vec<u8>> { None }
//!     fn as_any(&mut self) -> &mut dyn core::any::Any { self }
//! }
//!
//! let mut it = Interpreter::new(Config::default(), Box::new(Out(String::new())));
//! it.start("main.py", "print(sum(range(10)))").unwrap();
//! loop {
//!     match it.run(10_000) {
//!         RunOutcome::Done => break,
//!         RunOutcome::Yielded => continue,
//!         RunOutcome::Sleeping { .. } => continue, // a real embedder waits until then
//!         RunOutcome::Error(e) => panic!("{}", e.traceback),
//!     }
//! }
//! let out = it.host_mut().as_any().downcast_mut::<Out>().unwrap();
//! assert_eq!(out.0, "45\n");
//! ```
#![cfg_attr(not(feature = "std"), no_std)]
#![forbid(unsafe_code)]
#![warn(missing_docs)]
// Index loops mirror the algorithms (bigint, argument binding); keep them readable.
#![allow(
    clippy::needless_range_loop,
    clippy::should_implement_trait,
    clippy::manual_memcpy
)]
#![allow(
    clippy::collapsible_if,
    clippy::collapsible_match,
    clippy::nonminimal_bool,
    clippy::map_identity,
    clippy::too_many_arguments
)]

extern crate alloc;

pub mod ast;
pub mod attr;
pub mod builtins;
pub mod bytecode;
mod callargs;
mod callpaths;
pub mod casemap;
pub mod compiler;
pub mod complex;
pub mod containers;
pub mod dict;
pub mod dunders;
#[cfg(test)]
mod embed_tests;
pub mod exceptions;
pub mod float_fmt;
pub mod float_parse;
pub mod fmath;
pub mod format;
pub mod fs;
pub mod gc;
#[cfg(feature = "std")]
pub mod host_fs;
mod init;
pub mod int;
pub mod iterhelp;
pub mod lexer;
pub mod machine;
pub mod memview;
pub mod methods;
pub mod modules;
pub mod native;
pub mod native_stdlib;
pub mod object;
pub mod ops;
pub mod os_module;
pub mod parser;
pub mod pattern;
pub mod pbc;
pub mod sched;
pub mod sim_board;
pub mod stdlib;
pub mod str;
pub mod symtable;
#[cfg(feature = "std")]
mod unparse;
pub mod value;
pub mod vm;

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::sync::atomic::{AtomicBool, Ordering};

pub use native::{NativeCtx, NativeError, NativeFn, NativeModule, NativeValue};
pub use value::Value;

/// The interpreter's version, announced by the agent in its birth message.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Limits of one interpreter.
#[derive(Debug, Clone)]
pub struct Config {
    /// Heap limit in bytes (objects + their buffers). Exceeding it raises MemoryError.
    pub heap_bytes: usize,
    /// Maximum depth of Python calls before RecursionError.
    pub max_depth: usize,
}

impl Default for Config {
    /// Generous host defaults: 256 MiB heap, depth 1000 (CPython's default).
    fn default() -> Self {
        Config {
            heap_bytes: 256 << 20,
            max_depth: 1000,
        }
    }
}

/// The embedder's I/O: one per interpreter.
pub trait Host {
    /// `print()` and `sys.stdout`.
    fn write_out(&mut self, text: &str);
    /// Tracebacks and `sys.stderr`.
    fn write_err(&mut self, text: &str);
    /// Monotonic milliseconds (ticks_ms, sleep deadlines).
    fn now_ms(&mut self) -> u64;
    /// Pushes buffered `write_out` text to its destination. Called when the script starts to
    /// sleep (so `print(..., flush=True)` before `time.sleep` is seen while it sleeps) and by
    /// `print(flush=True)`. Default: nothing buffered.
    fn flush(&mut self) {}
    /// Wall clock seconds for `time.time()`; defaults to the monotonic clock.
    fn time_s(&mut self) -> f64 {
        self.now_ms() as f64 / 1000.0
    }
    /// Reads a file (imports through `sys.path`, `open()`); `None` if absent.
    fn read_file(&mut self, path: &str) -> Option<Vec<u8>>;
    /// One line of input for `input()` without the newline; `None` at end of input.
    fn read_line(&mut self) -> Option<String> {
        None
    }
    /// One line of input as read, with its newline (the input's last line may have none),
    /// for `sys.stdin`; `None` at end of input. Defaults to `read_line` with a newline.
    fn read_line_raw(&mut self) -> Option<String> {
        self.read_line().map(|mut l| {
            l.push('\n');
            l
        })
    }
    /// The filesystem behind `os` and `open()` (see `fs`); `None` (the default) makes those
    /// raise `OSError(EOPNOTSUPP)`. `pyrite::host_fs::StdFs` serves a host folder.
    fn fs(&mut self) -> Option<&mut dyn fs::FileSystem> {
        None
    }
    /// The next pending hardware event as `(slot, arg)`, if any: polled at instruction
    /// boundaries (every 32 instructions) and at each `Interpreter::run` once a native module
    /// registered an IRQ handler (`NativeCtx::set_irq_handler`); the handler of `slot` is then
    /// scheduled with `arg` (see `sched`). Default: no events.
    fn poll_irq(&mut self) -> Option<(u32, i64)> {
        None
    }
    /// Fills `buf` with random bytes from the board's entropy source (`os.urandom`); `false`
    /// (the default) when there is none.
    fn random_bytes(&mut self, _buf: &mut [u8]) -> bool {
        false
    }
    /// Lets native modules reach embedder state by downcasting.
    fn as_any(&mut self) -> &mut dyn core::any::Any;
}

/// Result of a `run` slice.
#[derive(Debug)]
pub enum RunOutcome {
    /// The program (or REPL chunk) finished.
    Done,
    /// An uncaught exception ended it.
    Error(PyException),
    /// The instruction budget ran out; call `run` again.
    Yielded,
    /// The script called `time.sleep`; call `run` again at `until_ms` (host `now_ms` clock).
    Sleeping {
        /// Deadline on the host's `now_ms` clock.
        until_ms: u64,
    },
}

/// An uncaught Python exception, described for the embedder.
#[derive(Debug, Clone, PartialEq)]
pub struct PyException {
    /// Exception class name, e.g. "ZeroDivisionError".
    pub type_name: String,
    /// `str(exception)`.
    pub message: String,
    /// CPython-style traceback text, including the final "Type: message" line.
    pub traceback: String,
}

impl core::fmt::Display for PyException {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.traceback)
    }
}

/// Whether a REPL chunk can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplInput {
    /// Compiled; call `run_repl`.
    Ready,
    /// More lines are needed (open block, bracket or string): show `... `.
    Incomplete,
}

/// Heap usage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeapStats {
    /// Bytes in use.
    pub used: usize,
    /// Bytes still available.
    pub free: usize,
    /// The limit.
    pub limit: usize,
}

/// Where an interpreter's interrupt request lives.
///
/// Only atomic *load* and *store* of a bool are used (no compare-and-swap), so the flag works on
/// every target, including `riscv32imc` which has no atomic read-modify-write instructions.
/// Sharing is by `Arc` where the target has atomic pointer CAS (every host and Cortex-M4/M7),
/// by `Rc` elsewhere (the handle then stays on the interpreter's thread, as on a single-core
/// executor), or through a `&'static AtomicBool` the embedder owns
/// (`Interpreter::use_interrupt_flag`), which an interrupt service routine can set on any target.
#[derive(Clone, Debug)]
pub enum InterruptFlag {
    /// Shared between threads (targets with atomic CAS).
    #[cfg(target_has_atomic = "ptr")]
    Shared(alloc::sync::Arc<AtomicBool>),
    /// Shared on one thread (targets without atomic CAS).
    #[cfg(not(target_has_atomic = "ptr"))]
    Local(alloc::rc::Rc<AtomicBool>),
    /// A flag in the embedder's static memory (e.g. set from an ISR).
    Static(&'static AtomicBool),
}

impl InterruptFlag {
    /// A new, clear flag owned by the interpreter.
    pub fn new() -> InterruptFlag {
        #[cfg(target_has_atomic = "ptr")]
        {
            InterruptFlag::Shared(alloc::sync::Arc::new(AtomicBool::new(false)))
        }
        #[cfg(not(target_has_atomic = "ptr"))]
        {
            InterruptFlag::Local(alloc::rc::Rc::new(AtomicBool::new(false)))
        }
    }

    fn cell(&self) -> &AtomicBool {
        match self {
            #[cfg(target_has_atomic = "ptr")]
            InterruptFlag::Shared(a) => a,
            #[cfg(not(target_has_atomic = "ptr"))]
            InterruptFlag::Local(a) => a,
            InterruptFlag::Static(a) => a,
        }
    }

    /// Reads the flag (an atomic load).
    #[inline]
    pub fn load(&self, order: Ordering) -> bool {
        self.cell().load(order)
    }

    /// Sets or clears the flag (an atomic store).
    #[inline]
    pub fn store(&self, value: bool, order: Ordering) {
        self.cell().store(value, order)
    }
}

impl Default for InterruptFlag {
    fn default() -> Self {
        InterruptFlag::new()
    }
}

/// A handle that raises KeyboardInterrupt in the running script.
///
/// On targets with atomic CAS it is `Send + Sync` (usable from a signal-handler thread). On
/// targets without (riscv32imc) it stays on the interpreter's thread; an interrupt service
/// routine there sets the embedder's own `&'static AtomicBool` instead
/// (`Interpreter::use_interrupt_flag`).
#[derive(Clone, Debug)]
pub struct InterruptHandle(InterruptFlag);

impl InterruptHandle {
    /// Requests KeyboardInterrupt at the next instruction boundary (also ends a sleep).
    pub fn interrupt(&self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// One Python interpreter: its heap, modules, main task and REPL task.
pub struct Interpreter {
    vm: vm::Vm,
}

impl Interpreter {
    /// A new interpreter. If `config.heap_bytes` cannot hold the builtins plus a little room,
    /// the limit is raised to that minimum (see `heap_stats`).
    pub fn new(config: Config, host: Box<dyn Host>) -> Self {
        Interpreter {
            vm: vm::Vm::new(&config, host),
        }
    }

    /// Adds an embedder module, importable by its name.
    pub fn register_module(&mut self, module: NativeModule) {
        self.vm.register_native_module(module);
    }

    /// Sets `sys.argv`.
    pub fn set_argv(&mut self, args: &[&str]) {
        let _ = self.vm.set_argv(args);
    }

    /// Prepends a directory to `sys.path` (imports look there first).
    pub fn add_import_path(&mut self, dir: &str) {
        let _ = self.vm.add_path(dir);
    }

    /// Compiles `source` as `__main__` and makes it ready to `run` (SyntaxError → Err).
    pub fn start(&mut self, filename: &str, source: &str) -> Result<(), PyException> {
        self.vm.switch_task(0);
        self.vm.frames.clear();
        self.vm.stack.clear();
        self.vm.exc_stack.clear();
        self.vm.tasks[0].sleep_until = None;
        let code = match self
            .vm
            .compile_source(source, filename, compiler::Mode::Exec)
        {
            Ok(c) => c,
            Err(e) => return Err(self.syntax_exception(e.0)),
        };
        let g = self.vm.main_globals;
        let f = self
            .vm
            .new_str(filename)
            .map_err(|e| self.vm.to_py_exception(e.0))?;
        let k = self
            .vm
            .intern("__file__")
            .map_err(|e| self.vm.to_py_exception(e.0))?;
        let _ = self.vm.dict_set_str(g, k, f);
        self.vm
            .push_module_frame(code, g, Value::None, vm::Ret::Top)
            .map_err(|e| self.vm.to_py_exception(e.0))?;
        Ok(())
    }

    /// Checks that `source` compiles (for tools that precompile bundles).
    pub fn check_syntax(&mut self, filename: &str, source: &str) -> Result<(), PyException> {
        match compiler::check_syntax(source) {
            Ok(()) => Ok(()),
            Err(e) => {
                let ex = self.vm.syntax_error(&e, filename, source);
                Err(self.syntax_exception(ex.0))
            }
        }
    }

    fn syntax_exception(&mut self, e: Value) -> PyException {
        let type_name = self.vm.exc_type_name(e);
        let args = self
            .vm
            .exc_data(e)
            .map(|d| d.args.clone())
            .unwrap_or_default();
        let msg = args
            .first()
            .and_then(|m| self.vm.str_of(*m).map(String::from))
            .unwrap_or_default();
        let det = args
            .get(1)
            .map(|d| self.vm.seq_items(*d).unwrap_or_default())
            .unwrap_or_default();
        if det.len() == 4 {
            let file = String::from(self.vm.str_of(det[0]).unwrap_or("?"));
            let line = match det[1] {
                Value::Int(i) => i,
                _ => 0,
            };
            let col = match det[2] {
                Value::Int(i) => i,
                _ => 1,
            };
            let text = String::from(self.vm.str_of(det[3]).unwrap_or(""));
            let trimmed = text.trim_start();
            let indent = text.chars().count() - trimmed.chars().count();
            let caret_col = (col as usize).saturating_sub(1).saturating_sub(indent);
            let mut tb = format!("  File \"{}\", line {}\n", file, line);
            if !trimmed.trim_end().is_empty() {
                tb.push_str(&format!("    {}\n", trimmed.trim_end()));
                tb.push_str(&format!("    {}^\n", " ".repeat(caret_col)));
            }
            tb.push_str(&format!("{}: {}\n", type_name, msg));
            return PyException {
                type_name,
                message: msg,
                traceback: tb,
            };
        }
        self.vm.to_py_exception(e)
    }

    /// Runs the main task for at most `budget` instructions.
    ///
    /// Scheduled callbacks (see `schedule` and `sched`) run inside the slice at instruction
    /// boundaries; while the script sleeps they run at the start of each `run` call, so an
    /// embedder that schedules work or sees a hardware event should call `run` soon after
    /// rather than wait for the sleep deadline.
    pub fn run(&mut self, budget: u32) -> RunOutcome {
        self.vm.switch_task(0);
        if self.vm.tasks[0].sleep_until.is_some()
            && !self.vm.frames.is_empty()
            && self.vm.sched.wants_attention()
            && let Err(e) = self.vm.run_scheduled()
        {
            // Between slices there is no instruction to raise at: a KeyboardInterrupt from a
            // callback becomes an interrupt request; anything else is reported on stderr.
            if self.vm.exc_is(e.0, exceptions::kind::KEYBOARD_INTERRUPT) {
                self.vm.interrupt.store(true, Ordering::Relaxed);
            } else {
                let tb = self.vm.format_traceback(e.0);
                self.vm.host.write_err(&tb);
            }
        }
        let r = self.vm.run_task(budget);
        if matches!(r, RunOutcome::Done | RunOutcome::Error(_)) && !self.vm.heap.finalize.is_empty()
        {
            // Dropped generators found by the last collection still get their `finally`.
            let _ = self.vm.run_scheduled();
        }
        if matches!(r, RunOutcome::Sleeping { .. }) {
            self.vm.host.flush();
        }
        r
    }

    /// Queues `name(arg)` — `name` a global of `__main__` (a function the script defined) —
    /// to run at the next instruction boundary, as `micropython.schedule` does. Fails with
    /// `RuntimeError("schedule queue full")` when `sched::SCHEDULE_DEPTH` (8) callbacks are
    /// pending, `NameError` if `name` is not defined. Native modules holding a callable use
    /// `NativeCtx::schedule` instead.
    pub fn schedule(&mut self, name: &str, arg: &NativeValue) -> Result<(), PyException> {
        let r = (|| {
            let k = self.vm.intern(name)?;
            let g = self.vm.main_globals;
            let f = match self.vm.dict_get_str(g, k) {
                Some(f) => f,
                None => return Err(self.vm.name_error(k)),
            };
            let a = native::to_value(&mut self.vm, arg)?;
            self.vm.schedule(f, a)
        })();
        r.map_err(|e| self.vm.to_py_exception(e.0))
    }

    /// Compiles a REPL chunk ('single' mode: expression values are echoed) in `__main__`.
    pub fn start_repl(&mut self, source: &str) -> Result<ReplInput, PyException> {
        if compiler::needs_more_input(source) {
            return Ok(ReplInput::Incomplete);
        }
        self.vm.switch_task(1);
        self.vm.frames.clear();
        self.vm.stack.clear();
        self.vm.exc_stack.clear();
        self.vm.tasks[1].sleep_until = None;
        let code = match self
            .vm
            .compile_source(source, "<stdin>", compiler::Mode::Single)
        {
            Ok(c) => c,
            Err(e) => {
                let ex = self.syntax_exception(e.0);
                self.vm.switch_task(0);
                return Err(ex);
            }
        };
        let g = self.vm.main_globals;
        let r = self
            .vm
            .push_module_frame(code, g, Value::None, vm::Ret::Top);
        self.vm.switch_task(0);
        r.map_err(|e| self.vm.to_py_exception(e.0))?;
        Ok(ReplInput::Ready)
    }

    /// Runs the pending REPL chunk; the main task stays parked and resumes with `run`.
    pub fn run_repl(&mut self, budget: u32) -> RunOutcome {
        self.vm.switch_task(1);
        let r = self.vm.run_task(budget);
        self.vm.switch_task(0);
        if matches!(r, RunOutcome::Sleeping { .. }) {
            self.vm.host.flush();
        }
        r
    }

    /// A handle to interrupt the script from another thread or an interrupt handler.
    pub fn interrupt_handle(&self) -> InterruptHandle {
        InterruptHandle(self.vm.interrupt.clone())
    }

    /// Makes the interpreter watch `flag` for interrupt requests instead of its own flag
    /// (handles taken before this call no longer reach it). Setting `flag` to `true` — e.g.
    /// from an interrupt service routine with a plain atomic store — raises KeyboardInterrupt
    /// at the next instruction boundary; the interpreter clears it when it does.
    pub fn use_interrupt_flag(&mut self, flag: &'static AtomicBool) {
        self.vm.interrupt = InterruptFlag::Static(flag);
    }

    /// Heap usage now.
    pub fn heap_stats(&self) -> HeapStats {
        HeapStats {
            used: self.vm.heap.used,
            free: self.vm.heap.limit.saturating_sub(self.vm.heap.used),
            limit: self.vm.heap.limit,
        }
    }

    /// Collects garbage now (between slices is always a safe point).
    pub fn collect_garbage(&mut self) {
        if self.vm.native_depth == 0 {
            self.vm.collect_garbage();
        }
    }

    /// Closes the generators still suspended inside a `try`/`with` block, as CPython does at
    /// exit: for the end of a script, not between REPL statements.
    pub fn close_suspended_generators(&mut self) {
        if self.vm.native_depth == 0 {
            self.vm.close_suspended_generators();
        }
    }

    /// The embedder's host.
    pub fn host_mut(&mut self) -> &mut dyn Host {
        &mut *self.vm.host
    }

    /// Direct access to the VM (for tests and tools inside this workspace).
    pub fn vm_mut(&mut self) -> &mut vm::Vm {
        &mut self.vm
    }
}
