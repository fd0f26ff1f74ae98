//! Standard-library modules written in Python and frozen into the binary.
//!
//! Each module's source is embedded with `include_str!` and compiled only when a program first
//! imports it, so a fresh interpreter's heap does not grow with the library (devices have
//! 64 KiB). Modules that need raw speed or host access live in Rust (`modules.rs`).

/// Frozen modules: (import name, Python source).
const FROZEN: &[(&str, &str)] = &[
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
];

/// The source of a frozen standard-library module, if `name` is one.
pub fn frozen_source(name: &str) -> Option<&'static str> {
    FROZEN.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

#[cfg(test)]
mod tests {
    use super::FROZEN;
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

    /// Every frozen module imports cleanly: a mistake in one would only show on first import.
    #[test]
    fn frozen_modules_import() {
        for (name, _) in FROZEN {
            let mut it = Interpreter::new(Config::default(), Box::new(Out(String::new())));
            let src = alloc::format!("import {name}\nprint('ok')");
            it.start("main.py", &src).unwrap();
            loop {
                match it.run(100_000) {
                    RunOutcome::Done => break,
                    RunOutcome::Yielded | RunOutcome::Sleeping { .. } => continue,
                    RunOutcome::Error(e) => panic!("import {name}: {}", e.traceback),
                }
            }
            let out = it.host_mut().as_any().downcast_mut::<Out>().unwrap();
            assert_eq!(out.0, "ok\n", "import {name}");
        }
    }
}
