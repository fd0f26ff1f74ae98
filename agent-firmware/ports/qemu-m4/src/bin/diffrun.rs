//! Runs Python programs inside the emulated MCU, one fresh interpreter each, and prints each
//! program's result in the form of the interpreter's differential tests (`.expected` files):
//! its stdout, then `# exit: N` / `# error: Type` lines when it did not end cleanly.
//!
//! Arguments (`-append`): `list=FILE` (host paths of programs, one per line), `heap=BYTES`
//! (the interpreter heap, default 64 KiB), `start=N` (first index to run; a test resumes
//! after a program that brought the image down). Each result is framed as
//! `\x1eBEGIN i\n<result>\x1eEND i\n`, followed by a `memory i: ...` line (the global heap's
//! peak and the interpreter's effective heap limit); after the last program the image exits 0.
#![no_std]
#![no_main]

extern crate alloc;

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use cortex_m_rt::entry;
use pyrite::fs::{FileSystem, MemFs};
use pyrite::{Config, Host, Interpreter, RunOutcome};
use pyrite_port_qemu_m4::{console, heap, println, semihost_fs, time_driver};

/// The global heap: the interpreter's limit plus what lives outside it (compiler passes,
/// allocator overhead). The peak is printed per program.
const GLOBAL_HEAP: usize = 2 * 1024 * 1024;
/// Longest a program may run (emulated time), as the host harness allows.
const TIMEOUT_MS: u64 = 10_000;
/// Most stderr kept per program (only its end is looked at).
const MAX_STDERR: usize = 4096;

/// Console output, and stderr kept for the error-type rule; files and wall clock from the host.
struct BoardHost {
    out: String,
    err: String,
    /// The host's Unix time in ms at the board's monotonic 0 (`time.time()` is this plus the
    /// monotonic clock, as on a board whose clock was set by NTP).
    epoch_ms: u64,
    /// A fresh in-memory filesystem per program (with `/tmp`, where the programs write), as on
    /// a board whose flash holds a filesystem.
    fs: MemFs,
}

impl BoardHost {
    fn flush_out(&mut self) {
        if !self.out.is_empty() {
            console::write_str(&self.out);
            self.out.clear();
        }
    }
}

impl Host for BoardHost {
    fn write_out(&mut self, text: &str) {
        self.out.push_str(text);
        if self.out.len() >= 1024 {
            self.flush_out();
        }
    }

    fn write_err(&mut self, text: &str) {
        self.err.push_str(text);
        if self.err.len() > MAX_STDERR {
            let mut cut = self.err.len() - MAX_STDERR;
            while !self.err.is_char_boundary(cut) {
                cut += 1;
            }
            self.err.drain(..cut);
        }
    }

    fn now_ms(&mut self) -> u64 {
        time_driver::now_ms()
    }

    fn time_s(&mut self) -> f64 {
        (self.epoch_ms + time_driver::now_ms()) as f64 / 1000.0
    }

    fn read_file(&mut self, path: &str) -> Option<Vec<u8>> {
        semihost_fs::read(path).ok()
    }

    fn fs(&mut self) -> Option<&mut dyn FileSystem> {
        Some(&mut self.fs)
    }

    fn as_any(&mut self) -> &mut dyn core::any::Any {
        self
    }
}

#[entry]
fn main() -> ! {
    pyrite_port_qemu_m4::init_heap!(GLOBAL_HEAP);
    let core = cortex_m::Peripherals::take().expect("core peripherals taken once");
    time_driver::init(core.SYST);

    let mut cmdline = [0u8; 1024];
    let (mut list, mut heap_bytes, mut start) = (None, 64 * 1024, 0usize);
    for word in semihost_fs::args(&mut cmdline) {
        match word.split_once('=') {
            Some(("list", v)) => list = Some(String::from(v)),
            Some(("heap", v)) => heap_bytes = v.parse().unwrap_or(heap_bytes),
            Some(("start", v)) => start = v.parse().unwrap_or(0),
            _ => {
                println!("diffrun: unknown argument {word:?}");
                console::exit(false);
            }
        }
    }
    let Some(list) = list else {
        println!("diffrun: list=FILE is required");
        console::exit(false)
    };
    let Ok(list) = semihost_fs::read(&list) else {
        println!("diffrun: cannot read the program list");
        console::exit(false)
    };
    let list = String::from_utf8_lossy(&list).into_owned();
    for (index, path) in list.lines().enumerate().skip(start) {
        console::write_str(&format!("\x1eBEGIN {index}\n"));
        let began = time_driver::now_ms();
        let (peak, limit) = run_program(path.trim(), heap_bytes);
        console::write_str(&format!("\x1eEND {index}\n"));
        let took = time_driver::now_ms() - began;
        println!(
            "memory {index}: global heap peak {peak}, interpreter heap limit {limit}, {took} ms"
        );
    }
    console::exit(true)
}

/// Runs one program; prints its normalised result; returns the global heap's peak use and the
/// interpreter's effective heap limit.
fn run_program(path: &str, heap_bytes: usize) -> (usize, usize) {
    heap::reset_peak();
    let Ok(source) = semihost_fs::read(path) else {
        console::write_str("# cannot read the program\n");
        return (heap::peak(), 0);
    };
    let source = String::from_utf8_lossy(&source).into_owned();
    let (dir, file) = path.rsplit_once('/').unwrap_or((".", path));
    let host = BoardHost {
        out: String::new(),
        err: String::new(),
        epoch_ms: (semihost_fs::host_unix_seconds() * 1000).saturating_sub(time_driver::now_ms()),
        fs: board_fs(),
    };
    let mut it = Interpreter::new(
        Config {
            heap_bytes,
            max_depth: 200,
        },
        Box::new(host),
    );
    it.add_import_path(dir);
    it.set_argv(&[file]);
    let tail = match it.start(file, &source) {
        Err(e) => {
            it.host_mut().write_err(&e.traceback);
            Some(format!("# exit: 1\n{}", error_line(&mut it)))
        }
        Ok(()) => drive(&mut it),
    };
    let board = it
        .host_mut()
        .as_any()
        .downcast_mut::<BoardHost>()
        .map(|h| (core::mem::take(&mut h.out), ()));
    if let Some((out, ())) = board {
        console::write_str(&out);
        if let Some(tail) = tail {
            if !out.is_empty() && !out.ends_with('\n') {
                console::write_str("\n");
            }
            console::write_str(&tail);
        }
    }
    let limit = it.heap_stats().limit;
    drop(it);
    (heap::peak(), limit)
}

/// An empty in-memory filesystem with `/tmp`.
fn board_fs() -> MemFs {
    let mut fs = MemFs::new();
    // Cannot fail on a fresh filesystem; a program that needs /tmp would then say so itself.
    fs.mkdir("/tmp").ok();
    fs
}

/// Runs the main program to its end; returns the result's tail (`None` for a clean end).
fn drive(it: &mut Interpreter) -> Option<String> {
    let deadline = time_driver::now_ms() + TIMEOUT_MS;
    loop {
        if time_driver::now_ms() > deadline {
            return Some(String::from("# timeout\n"));
        }
        match it.run(20_000) {
            RunOutcome::Yielded => {}
            RunOutcome::Sleeping { until_ms } => {
                while time_driver::now_ms() < until_ms.min(deadline + 1) {
                    cortex_m::asm::wfi();
                }
            }
            RunOutcome::Done => return None,
            RunOutcome::Error(e) if e.type_name == "SystemExit" => {
                let code = if e.message.is_empty() || e.message == "None" {
                    0
                } else if let Ok(code) = e.message.parse::<i32>() {
                    code
                } else {
                    it.host_mut().write_err(&format!("{}\n", e.message));
                    1
                };
                return (code != 0).then(|| format!("# exit: {code}\n{}", error_line(it)));
            }
            RunOutcome::Error(e) => {
                it.host_mut().write_err(&e.traceback);
                return Some(format!("# exit: 1\n{}", error_line(it)));
            }
        }
    }
}

/// `# error: Type\n` when stderr ends with a traceback (the differential harness's rule).
fn error_line(it: &mut Interpreter) -> String {
    let Some(host) = it.host_mut().as_any().downcast_mut::<BoardHost>() else {
        return String::new();
    };
    let stderr = &host.err;
    if !(stderr.contains("Traceback (most recent call last)") || stderr.contains("File \"")) {
        return String::new();
    }
    let Some(last) = stderr.lines().rev().find(|l| !l.trim().is_empty()) else {
        return String::new();
    };
    let last = last.trim_end();
    let name = last.split_once(':').map_or(last, |(n, _)| n);
    let is_ident = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
        && !name.starts_with(|c: char| c.is_ascii_digit() || c == '.');
    if !is_ident {
        return String::new();
    }
    format!("# error: {}\n", name.rsplit('.').next().unwrap_or(name))
}
