//! The seam between the agent and a script interpreter.
//!
//! The agent never calls the interpreter directly: it drives a
//! [`ScriptEngine`] in slices (a budget of VM steps at a time) so a script
//! that loops or sleeps never stops the agent. [`crate::pyrite_engine`]
//! implements it over the Pyrite interpreter; [`crate::fake_engine`] is a
//! scripted stand-in for tests of the agent's own logic.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

/// A Python exception that ended a script or a REPL line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptError {
    /// Exception type, e.g. `ZeroDivisionError`.
    pub type_name: String,
    /// `str()` of the exception.
    pub message: String,
    /// The formatted traceback, as Python prints it.
    pub traceback: String,
}

/// How a slice of execution ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SliceOutcome {
    /// The program (or REPL line) finished.
    Done,
    /// It raised.
    Error(ScriptError),
    /// The budget ran out; call again.
    Yielded,
    /// It sleeps until this time (ms on the agent's clock).
    Sleeping {
        /// Wake-up time.
        until_ms: u64,
    },
}

/// Whether a REPL input is a complete statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplInput {
    /// Compiled: run it with `run_repl`.
    Complete,
    /// Needs more lines (an open block); send them joined with what came.
    Incomplete,
}

/// A value a script published with `fleet.publish(name, value)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Published {
    /// Series name.
    pub name: String,
    /// Value.
    pub value: f64,
    /// When (agent clock, ms).
    pub at_ms: u64,
}

/// What the agent shares with the running script: output it printed, values
/// it published, what the `fleet` module answers. The engine owns it; the
/// agent drains it after every slice.
#[derive(Debug, Default)]
pub struct ScriptIo {
    /// Text printed to stdout and stderr since the last drain.
    pub output: String,
    /// Values published since the last drain.
    pub published: Vec<Published>,
    /// Messages from `fleet.log` since the last drain.
    pub logs: Vec<String>,
    /// Current time on the agent's clock, updated before every slice.
    pub now_ms: u64,
    /// Wall-clock seconds since the Unix epoch, when known.
    pub unix_time_s: f64,
    /// The device id for `fleet.device_id()`.
    pub device_id: String,
    /// The app's configuration (JSON text) for `fleet.config()`.
    pub config_json: String,
    /// The running bundle's files by path, for imports and `open()`.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Items dropped because a buffer was full (reported in logs).
    pub dropped: u32,
}

/// Most bytes of output buffered between two drains; more is dropped.
pub const MAX_BUFFERED_OUTPUT: usize = 16 * 1024;
/// Most published values buffered between two drains.
pub const MAX_BUFFERED_PUBLISHED: usize = 512;

impl ScriptIo {
    /// Appends script output, dropping what does not fit.
    pub fn write_output(&mut self, text: &str) {
        let room = MAX_BUFFERED_OUTPUT.saturating_sub(self.output.len());
        if text.len() <= room {
            self.output.push_str(text);
        } else {
            let mut cut = room;
            while cut > 0 && !text.is_char_boundary(cut) {
                cut -= 1;
            }
            self.output.push_str(&text[..cut]);
            self.dropped = self.dropped.saturating_add(1);
        }
    }

    /// Records a published value, dropping it when the buffer is full.
    pub fn publish(&mut self, name: &str, value: f64) {
        if self.published.len() >= MAX_BUFFERED_PUBLISHED {
            self.dropped = self.dropped.saturating_add(1);
            return;
        }
        self.published.push(Published {
            name: String::from(name),
            value,
            at_ms: self.now_ms,
        });
    }
}

/// One interpreter instance running one app (and the REPL, in the same
/// globals).
pub trait ScriptEngine {
    /// Compiles `source` as the main program; `Err` for a syntax error.
    fn start(&mut self, filename: &str, source: &str) -> Result<(), ScriptError>;
    /// Runs the main program for at most `budget` steps.
    fn run(&mut self, budget: u32) -> SliceOutcome;
    /// Compiles a REPL input in the program's globals.
    fn start_repl(&mut self, source: &str) -> Result<ReplInput, ScriptError>;
    /// Runs the compiled REPL input for at most `budget` steps.
    fn run_repl(&mut self, budget: u32) -> SliceOutcome;
    /// Raises `KeyboardInterrupt` in whatever runs next (main program or REPL).
    fn interrupt(&mut self);
    /// Free bytes in the interpreter's heap.
    fn free_heap(&mut self) -> usize;
    /// When the hardware next has an event for the script (a `machine.Timer` expiry, a pin
    /// edge waiting), on the agent's clock: a sleeping script must be run again then, not only
    /// at its own sleep deadline, so its IRQ handlers run on time. `None`: nothing scheduled.
    fn next_event_ms(&mut self) -> Option<u64> {
        None
    }
    /// The shared I/O state.
    fn io(&mut self) -> &mut ScriptIo;
}

/// Makes a fresh engine for every start of an app (a restart must not keep
/// the previous run's state).
pub trait EngineFactory {
    /// The engine type.
    type Engine: ScriptEngine;
    /// A fresh engine whose I/O state is `io`.
    fn create(&mut self, io: ScriptIo) -> Self::Engine;
}
