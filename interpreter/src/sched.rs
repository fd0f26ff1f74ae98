//! Scheduled callbacks: the machinery under `micropython.schedule`, `machine.Timer` and
//! `Pin.irq` soft interrupts.
//!
//! A callback is queued as `(callable, arg)` — by native code with `NativeCtx::schedule`, by
//! the embedder with `Interpreter::schedule` — and runs as `callable(arg)` at the next
//! instruction boundary of the outermost dispatch loop (within 32 instructions), or at the
//! start of the next `Interpreter::run` slice when the script is sleeping. The queue is bounded
//! like MicroPython's: [`SCHEDULE_DEPTH`] entries, then `RuntimeError("schedule queue full")`.
//!
//! Callbacks run one after another, never nested inside each other or inside a native→Python
//! callback; a callback that raises has its traceback written to the host's error stream and
//! the script continues (MicroPython's protected call), except `KeyboardInterrupt` and
//! `SystemExit`, which propagate into the script.
//!
//! Hardware events reach Python two ways:
//! - **IRQ slots**: native code registers a Python handler in a numbered slot
//!   (`NativeCtx::set_irq_handler` / `Vm::set_irq_handler`, kept alive for the collector); from
//!   then on the VM polls `Host::poll_irq` at every scheduling point and schedules
//!   `handler[slot](arg)` for each event it returns. No `Value` ever leaves the interpreter.
//! - **Poll hook**: a native function registered with `Vm::set_poll_hook` runs at the same
//!   points (e.g. checking timer deadlines against `Host::now_ms`) and may call `Vm::schedule`.

use crate::exceptions::kind;
use crate::value::{ObjRef, Value};
use crate::vm::{Exc, Vm};
use alloc::collections::VecDeque;
use alloc::vec::Vec;

/// Most pending callbacks (MicroPython's `MICROPY_SCHEDULER_DEPTH`).
pub const SCHEDULE_DEPTH: usize = 8;

/// A function the VM calls at instruction boundaries (see `Vm::set_poll_hook`).
pub type PollHook = fn(&mut Vm) -> Result<(), Exc>;

/// The pending-callback queue of one interpreter.
#[derive(Debug, Default)]
pub struct Schedule {
    queue: VecDeque<(Value, Value)>,
    running: bool,
    poll: Option<PollHook>,
    /// IRQ handlers by slot (`Null` = none).
    handlers: Vec<Value>,
}

impl Schedule {
    /// True when a callback is waiting or a poll hook is set (the VM then stops at the next
    /// boundary to run them).
    #[inline]
    pub fn wants_attention(&self) -> bool {
        !self.queue.is_empty() || self.poll.is_some() || !self.handlers.is_empty()
    }

    /// Number of pending callbacks.
    pub fn len(&self) -> usize {
        self.queue.len()
    }

    /// True when no callback is pending.
    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }

    /// The pending values, for the collector's roots.
    pub fn values(&self) -> impl Iterator<Item = Value> + '_ {
        self.queue
            .iter()
            .flat_map(|(f, a)| [*f, *a])
            .chain(self.handlers.iter().copied())
    }
}

impl Vm {
    /// Queues `f(arg)` to run at the next instruction boundary; `RuntimeError("schedule queue
    /// full")` when [`SCHEDULE_DEPTH`] callbacks are already waiting. `f` need not be checked
    /// for callability here (a non-callable fails when run, with a traceback on stderr).
    pub fn schedule(&mut self, f: Value, arg: Value) -> Result<(), Exc> {
        if self.sched.queue.len() >= SCHEDULE_DEPTH {
            return Err(self.exc_msg(kind::RUNTIME, "schedule queue full"));
        }
        self.sched.queue.push_back((f, arg));
        Ok(())
    }

    /// Registers `f` (or with `Value::None` removes the handler) for IRQ `slot`: events the host
    /// reports through `Host::poll_irq` as `(slot, arg)` then run `f(arg)` as scheduled
    /// callbacks. Slots are small numbers the native module chooses (pin number, timer id).
    pub fn set_irq_handler(&mut self, slot: u32, f: Value) {
        let i = slot as usize;
        if matches!(f, Value::None | Value::Null) {
            if i < self.sched.handlers.len() {
                self.sched.handlers[i] = Value::Null;
            }
            while self.sched.handlers.last().is_some_and(|v| v.is_null()) {
                self.sched.handlers.pop();
            }
            return;
        }
        if i >= self.sched.handlers.len() {
            if i > 4096 {
                return;
            }
            self.sched.handlers.resize(i + 1, Value::Null);
        }
        self.sched.handlers[i] = f;
    }

    /// Closes the generators the collector found dropped while suspended inside a `try` or
    /// `with` block (`Heap::finalize`), so their `finally`/`__exit__` code runs as in CPython —
    /// at the next instruction boundary after the collection rather than at the moment the
    /// last reference goes (no reference counting here; `gc.collect()` makes it prompt). An
    /// exception escaping `close()` is reported on stderr as CPython's "Exception ignored in".
    fn close_dropped_generators(&mut self) {
        let close = crate::methods::GENERATOR
            .iter()
            .find(|(n, _)| *n == "close")
            .map(|(_, f)| *f);
        let Some(close) = close else {
            self.heap.finalize.clear();
            return;
        };
        while let Some(g) = self.heap.finalize.pop() {
            if let Err(e) = close(self, &[Value::Obj(g)], &[]) {
                if self.exc_is(e.0, kind::KEYBOARD_INTERRUPT) {
                    self.interrupt
                        .store(true, core::sync::atomic::Ordering::Relaxed);
                    continue;
                }
                let name = match self.heap.get(g) {
                    crate::object::Obj::Generator(gd) => self.str_of(gd.name).unwrap_or("?").into(),
                    _ => alloc::string::String::from("?"),
                };
                let tb = self.format_traceback(e.0);
                self.host.write_err(&alloc::format!(
                    "Exception ignored in: <generator object {}>\n",
                    name
                ));
                self.host.write_err(&tb);
            }
        }
    }

    /// Closes every generator still suspended inside a `try` or `with` block, oldest first,
    /// as CPython's teardown does at exit (their `finally`/`__exit__` code runs).
    pub fn close_suspended_generators(&mut self) {
        let gens: Vec<ObjRef> = (0..self.heap.objs.len() as u32)
            .rev()
            .map(ObjRef)
            .filter(|&r| self.is_suspended_in_block(Value::Obj(r)))
            .collect();
        self.heap.finalize.extend(gens);
        self.close_dropped_generators();
    }

    /// Installs (or with `None` removes) a hook run at every scheduling point, e.g. the
    /// `machine` module checking timer deadlines against `Host::now_ms` and scheduling their
    /// callbacks. Errors it returns are raised in the script.
    pub fn set_poll_hook(&mut self, hook: Option<PollHook>) {
        self.sched.poll = hook;
    }

    /// True when the dispatch loop should call `run_scheduled` at its next boundary: callbacks
    /// pending, a poll hook or IRQ handler installed, or dropped generators to close.
    #[inline]
    pub fn sched_pending(&self) -> bool {
        self.sched.wants_attention() || !self.heap.finalize.is_empty()
    }

    /// Runs the poll hook and every pending callback (called by the dispatch loop at an
    /// instruction boundary and by `Interpreter::run`). A no-op while callbacks are already
    /// running or inside a native→Python callback.
    pub fn run_scheduled(&mut self) -> Result<(), Exc> {
        if self.sched.running || self.native_depth > 0 {
            return Ok(());
        }
        self.sched.running = true;
        let r = self.run_scheduled_inner();
        self.sched.running = false;
        r
    }

    fn run_scheduled_inner(&mut self) -> Result<(), Exc> {
        self.close_dropped_generators();
        if let Some(hook) = self.sched.poll {
            hook(self)?;
        }
        if !self.sched.handlers.is_empty() {
            // Events beyond the queue bound stay with the host until the next point.
            while self.sched.queue.len() < SCHEDULE_DEPTH {
                let Some((slot, arg)) = self.host.poll_irq() else {
                    break;
                };
                match self.sched.handlers.get(slot as usize) {
                    Some(&f) if !f.is_null() => self.sched.queue.push_back((f, Value::Int(arg))),
                    _ => {}
                }
            }
        }
        // Callbacks scheduled by callbacks run in this round too, up to the queue bound.
        let mut budget = SCHEDULE_DEPTH * 2;
        while budget > 0 {
            budget -= 1;
            let Some((f, arg)) = self.sched.queue.pop_front() else {
                break;
            };
            self.call_protected(f, arg)?;
        }
        Ok(())
    }

    /// Runs the callback `f(arg)` as MicroPython runs a soft interrupt handler: an exception
    /// is reported on stderr and the script goes on, except KeyboardInterrupt and SystemExit,
    /// which are returned.
    pub(crate) fn call_protected(&mut self, f: Value, arg: Value) -> Result<(), Exc> {
        if let Err(e) = self.call(f, &[arg]) {
            if self.exc_is(e.0, kind::KEYBOARD_INTERRUPT) || self.exc_is(e.0, kind::SYSTEM_EXIT) {
                return Err(e);
            }
            let tb = self.format_traceback(e.0);
            self.host
                .write_err("Uncaught exception in scheduled callback\n");
            self.host.write_err(&tb);
        }
        Ok(())
    }
}
