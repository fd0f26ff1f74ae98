//! Any bytes as a program: compiling must give a SyntaxError or code, and
//! running it with a small heap and a bounded instruction budget must end in
//! Done, an exception, or an exhausted budget — never a panic, an abort or a
//! stack overflow of the fuzzing process.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pyrite::{Config, Host, Interpreter, RunOutcome};

/// Discards output; its clock jumps forward so `time.sleep` ends quickly.
/// Its input is a few lines, then end of input: endless input would make `sys.stdin.read()`
/// (one native call, outside the instruction budget) run until the heap is full.
struct Sink {
    now: u64,
    lines_left: u32,
}

impl Host for Sink {
    fn write_out(&mut self, _text: &str) {}
    fn write_err(&mut self, _text: &str) {}
    fn now_ms(&mut self) -> u64 {
        self.now += 250;
        self.now
    }
    fn read_file(&mut self, _path: &str) -> Option<Vec<u8>> {
        None
    }
    fn read_line(&mut self) -> Option<String> {
        self.lines_left = self.lines_left.checked_sub(1)?;
        Some("fuzz".to_string())
    }
    fn as_any(&mut self) -> &mut dyn core::any::Any {
        self
    }
}

/// Instructions per slice and slices per input: enough to run real programs,
/// few enough that an infinite loop costs ~10 ms.
const BUDGET: u32 = 20_000;
const SLICES: usize = 25;

fuzz_target!(|data: &[u8]| {
    // The API takes text; the CLI decodes files as UTF-8 the same way.
    let source = String::from_utf8_lossy(data);
    let config = Config {
        heap_bytes: 512 << 10,
        max_depth: 200,
    };
    let mut it = Interpreter::new(
        config,
        Box::new(Sink {
            now: 0,
            lines_left: 3,
        }),
    );
    if it.start("fuzz.py", &source).is_err() {
        return; // SyntaxError: fine
    }
    for _ in 0..SLICES {
        match it.run(BUDGET) {
            RunOutcome::Done | RunOutcome::Error(_) => break,
            RunOutcome::Yielded | RunOutcome::Sleeping { .. } => {}
        }
    }
    // A collection after an arbitrary stop point must be safe too.
    it.collect_garbage();
});
