//! A scripted [`ScriptEngine`] for testing the agent without an interpreter.
//!
//! A "program" is lines of commands, one executed per step:
//! `print TEXT`, `publish NAME VALUE`, `log TEXT`, `sleep MS`,
//! `raise TYPE MESSAGE`, `again` (jump back to the first line, forever),
//! `spin` (never finishes: yields every slice). REPL inputs use the same
//! commands; an input ending in `:` is incomplete.

use alloc::borrow::ToOwned;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::engine::{EngineFactory, ReplInput, ScriptEngine, ScriptError, ScriptIo, SliceOutcome};

/// A program being run by [`FakeEngine`].
#[derive(Debug, Default)]
struct Program {
    lines: Vec<String>,
    next: usize,
    sleeping_until: Option<u64>,
}

/// Interprets the command language above.
#[derive(Debug, Default)]
pub struct FakeEngine {
    io: ScriptIo,
    main: Option<Program>,
    repl: Option<Program>,
    interrupted: bool,
    /// Heap reported free.
    pub free: usize,
}

/// Makes [`FakeEngine`]s.
#[derive(Debug, Default)]
pub struct FakeEngineFactory {
    /// Engines made so far.
    pub created: usize,
}

impl EngineFactory for FakeEngineFactory {
    type Engine = FakeEngine;
    fn create(&mut self, io: ScriptIo) -> FakeEngine {
        self.created += 1;
        FakeEngine {
            io,
            free: 60_000,
            ..Default::default()
        }
    }
}

fn error(type_name: &str, message: &str, file: &str, line: usize) -> ScriptError {
    ScriptError {
        type_name: type_name.to_owned(),
        message: message.to_owned(),
        traceback: format!(
            "Traceback (most recent call last):\n  File \"{file}\", line {line}, in <module>\n{type_name}: {message}\n"
        ),
    }
}

impl FakeEngine {
    fn step(
        io: &mut ScriptIo,
        interrupted: &mut bool,
        prog: &mut Program,
        budget: u32,
        file: &str,
    ) -> SliceOutcome {
        if let Some(until) = prog.sleeping_until {
            if io.now_ms < until && !*interrupted {
                return SliceOutcome::Sleeping { until_ms: until };
            }
            prog.sleeping_until = None;
        }
        for _ in 0..budget.max(1) {
            if core::mem::take(interrupted) {
                return SliceOutcome::Error(error("KeyboardInterrupt", "", file, prog.next + 1));
            }
            let Some(line) = prog.lines.get(prog.next).cloned() else {
                return SliceOutcome::Done;
            };
            let (cmd, rest) = line.split_once(' ').unwrap_or((line.as_str(), ""));
            match cmd {
                "print" => {
                    io.write_output(rest);
                    io.write_output("\n");
                }
                "publish" => {
                    let (name, value) = rest.split_once(' ').unwrap_or((rest, "0"));
                    io.publish(name, value.parse().unwrap_or(0.0));
                }
                "log" => io.logs.push(rest.to_string()),
                "sleep" => {
                    prog.next += 1;
                    let until = io.now_ms + rest.parse::<u64>().unwrap_or(0);
                    prog.sleeping_until = Some(until);
                    return SliceOutcome::Sleeping { until_ms: until };
                }
                "raise" => {
                    let (t, m) = rest.split_once(' ').unwrap_or((rest, ""));
                    return SliceOutcome::Error(error(t, m, file, prog.next + 1));
                }
                "again" => {
                    prog.next = 0;
                    continue;
                }
                "spin" => return SliceOutcome::Yielded,
                "" => {}
                other => {
                    return SliceOutcome::Error(error(
                        "NameError",
                        &format!("name '{other}' is not defined"),
                        file,
                        prog.next + 1,
                    ));
                }
            }
            prog.next += 1;
        }
        SliceOutcome::Yielded
    }
}

impl ScriptEngine for FakeEngine {
    fn start(&mut self, _filename: &str, source: &str) -> Result<(), ScriptError> {
        if source.contains("syntax error") {
            return Err(error("SyntaxError", "invalid syntax", "main.py", 1));
        }
        self.main = Some(Program {
            lines: source.lines().map(String::from).collect(),
            ..Default::default()
        });
        Ok(())
    }

    fn run(&mut self, budget: u32) -> SliceOutcome {
        match &mut self.main {
            Some(prog) => Self::step(&mut self.io, &mut self.interrupted, prog, budget, "main.py"),
            None => SliceOutcome::Done,
        }
    }

    fn start_repl(&mut self, source: &str) -> Result<ReplInput, ScriptError> {
        if source.trim_end().ends_with(':') {
            return Ok(ReplInput::Incomplete);
        }
        self.repl = Some(Program {
            lines: source.lines().map(String::from).collect(),
            ..Default::default()
        });
        Ok(ReplInput::Complete)
    }

    fn run_repl(&mut self, budget: u32) -> SliceOutcome {
        match &mut self.repl {
            Some(prog) => Self::step(&mut self.io, &mut self.interrupted, prog, budget, "<stdin>"),
            None => SliceOutcome::Done,
        }
    }

    fn interrupt(&mut self) {
        self.interrupted = true;
    }

    fn free_heap(&mut self) -> usize {
        self.free
    }

    fn io(&mut self) -> &mut ScriptIo {
        &mut self.io
    }
}
