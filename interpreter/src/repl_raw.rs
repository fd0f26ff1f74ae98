//! The `pyrite` command's serial console: MicroPython's REPL protocol on stdin/stdout, so
//! `mpremote` and other MicroPython tools drive `pyrite` as they drive a board.
//!
//! Used when stdin is not a terminal (a pipe, socat, a serial bridge) or with `--serial`.
//! Part of the `pyrite` binary (`#[path]` module of `bin/pyrite.rs`), not of the library.
//!
//! Modes, as MicroPython's `pyexec.c`:
//! - **friendly REPL** (`>>> `): echo, backspace, continuation lines (`... `); Ctrl-A raw REPL
//!   (also from the terminal REPL: Ctrl-A at an empty prompt hands over with [`run_from`]),
//!   Ctrl-B banner, Ctrl-C cancel, Ctrl-D (empty line) soft reset, Ctrl-E paste mode.
//! - **paste mode** (`=== `): lines are collected; Ctrl-D runs them, Ctrl-C cancels.
//! - **raw REPL** (`raw REPL; CTRL-B to exit\r\n>`): no echo; source until Ctrl-D, answered
//!   with `OK`, then the program's output, `\x04`, the traceback if any, `\x04`, and `>`.
//!   Ctrl-D on an empty buffer soft-resets (`OK\r\nMPY: soft reboot\r\n`, a fresh
//!   interpreter, and the raw REPL again). Ctrl-B goes back to the friendly REPL.
//! - **raw-paste** (inside the raw REPL, `\x05A\x01`): answered `R\x01` + a 2-byte little-endian
//!   window size; the host sends at most a window of bytes and waits for `\x01` before each
//!   next window; `\x04` ends the source (acknowledged with `\x04`), Ctrl-C aborts it.
//!
//! Output is "cooked" as on a board (`\n` → `\r\n`); Ctrl-C while code runs raises
//! KeyboardInterrupt; the process ends at end of input.

use pyrite::{Config, Interpreter, InterruptHandle, PyException, ReplInput, RunOutcome};
use std::collections::VecDeque;
use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

const CTRL_A: u8 = 1;
const CTRL_B: u8 = 2;
const CTRL_C: u8 = 3;
const CTRL_D: u8 = 4;
const CTRL_E: u8 = 5;

/// Raw-paste flow-control window (bytes the host may send before waiting for `\x01`).
const PASTE_WINDOW: u16 = 256;

/// Bytes from stdin, filled by a reader thread. Ctrl-C while code runs becomes an interrupt.
pub struct Input {
    q: Mutex<(VecDeque<u8>, bool)>,
    cv: Condvar,
    executing: AtomicBool,
    handle: Mutex<Option<InterruptHandle>>,
}

impl Input {
    fn new() -> Arc<Input> {
        Arc::new(Input {
            q: Mutex::new((VecDeque::new(), false)),
            cv: Condvar::new(),
            executing: AtomicBool::new(false),
            handle: Mutex::new(None),
        })
    }

    fn push(&self, bytes: &[u8]) {
        let mut g = match self.q.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        for &b in bytes {
            if b == CTRL_C && self.executing.load(Ordering::SeqCst) {
                if let Ok(h) = self.handle.lock()
                    && let Some(h) = h.as_ref()
                {
                    h.interrupt();
                }
                continue;
            }
            g.0.push_back(b);
        }
        self.cv.notify_all();
    }

    fn close(&self) {
        if let Ok(mut g) = self.q.lock() {
            g.1 = true;
        }
        self.cv.notify_all();
    }

    /// The next byte; `None` at end of input.
    pub fn next(&self) -> Option<u8> {
        let mut g = match self.q.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        loop {
            if let Some(b) = g.0.pop_front() {
                return Some(b);
            }
            if g.1 {
                return None;
            }
            g = match self.cv.wait(g) {
                Ok(g) => g,
                Err(p) => p.into_inner(),
            };
        }
    }

    /// One line for `input()` (without its `\r`/`\n`), echoed as a board's console does.
    pub fn read_line(&self, echo: &mut dyn FnMut(&[u8])) -> Option<String> {
        let mut line = Vec::new();
        loop {
            match self.next() {
                None if line.is_empty() => return None,
                None | Some(b'\r') | Some(b'\n') => {
                    echo(b"\r\n");
                    return Some(String::from_utf8_lossy(&line).into_owned());
                }
                Some(8) | Some(127) => {
                    if line.pop().is_some() {
                        echo(b"\x08 \x08");
                    }
                }
                Some(b) => {
                    line.push(b);
                    echo(&[b]);
                }
            }
        }
    }
}

/// The traceback as a board prints it: OSError subclasses (FileNotFoundError, ...) end with
/// MicroPython's `OSError: [Errno 2] ENOENT`, which tools like mpremote parse.
fn mp_traceback(e: &PyException) -> String {
    const OS_ERRORS: &[&str] = &[
        "OSError",
        "FileNotFoundError",
        "FileExistsError",
        "IsADirectoryError",
        "NotADirectoryError",
        "PermissionError",
        "TimeoutError",
        "ConnectionError",
    ];
    const NAMES: &[(i64, &str)] = &[
        (1, "EPERM"),
        (2, "ENOENT"),
        (5, "EIO"),
        (9, "EBADF"),
        (12, "ENOMEM"),
        (13, "EACCES"),
        (17, "EEXIST"),
        (19, "ENODEV"),
        (20, "ENOTDIR"),
        (21, "EISDIR"),
        (22, "EINVAL"),
        (28, "ENOSPC"),
        (30, "EROFS"),
        (39, "ENOTEMPTY"),
        (95, "EOPNOTSUPP"),
        (110, "ETIMEDOUT"),
    ];
    if !OS_ERRORS.contains(&e.type_name.as_str()) {
        return e.traceback.clone();
    }
    let Some(rest) = e.message.strip_prefix("[Errno ") else {
        return e.traceback.clone();
    };
    let Some(n) = rest
        .split(']')
        .next()
        .and_then(|d| d.trim().parse::<i64>().ok())
    else {
        return e.traceback.clone();
    };
    let name = NAMES
        .iter()
        .find(|(k, _)| *k == n)
        .map(|(_, v)| *v)
        .unwrap_or("EIO");
    let body = e.traceback.trim_end_matches('\n');
    let head = match body.rfind('\n') {
        Some(i) => &body[..=i],
        None => "",
    };
    format!("{}OSError: [Errno {}] {}\n", head, n, name)
}

/// What the embedding binary provides: fresh interpreters and raw output.
pub trait Console {
    /// A new interpreter (start-up and every soft reset) whose host reads `input`.
    fn make(&mut self, config: &Config, input: &Arc<Input>) -> Interpreter;
    /// Writes protocol bytes (after flushing the interpreter's own output).
    fn write_raw(&mut self, it: &mut Interpreter, bytes: &[u8]);
    /// Makes an interpreter created elsewhere (the terminal REPL's, see [`run_from`]) read
    /// `input()` from the console's `input`. Default: nothing to change.
    fn adopt(&mut self, _it: &mut Interpreter, _input: &Arc<Input>) {}
}

enum Next {
    Raw,
    Friendly,
    SoftReset,
    Eof,
}

struct Session<'c, C: Console> {
    console: &'c mut C,
    config: Config,
    input: Arc<Input>,
    it: Interpreter,
}

impl<C: Console> Session<'_, C> {
    fn out(&mut self, s: &str) {
        self.console.write_raw(&mut self.it, s.as_bytes());
    }

    fn out_bytes(&mut self, b: &[u8]) {
        self.console.write_raw(&mut self.it, b);
    }

    fn cooked(&mut self, s: &str) {
        let c = s.replace("\r\n", "\n").replace('\n', "\r\n");
        self.out(&c);
    }

    fn reset(&mut self) {
        self.it = self.console.make(&self.config, &self.input);
        if let Ok(mut h) = self.input.handle.lock() {
            *h = Some(self.it.interrupt_handle());
        }
    }

    fn banner(&mut self) {
        self.out(&format!(
            "Pyrite {}; Python 3 for microcontrollers, simulated board\r\nType Ctrl-A for the raw REPL, Ctrl-E for paste mode, Ctrl-D to soft reset.\r\n",
            pyrite::VERSION
        ));
    }

    /// Runs the main task (`repl` false) or the REPL chunk to the end; Err = traceback text.
    fn drive(&mut self, repl: bool) -> Result<(), String> {
        self.input.executing.store(true, Ordering::SeqCst);
        let r = loop {
            let r = if repl {
                self.it.run_repl(100_000)
            } else {
                self.it.run(100_000)
            };
            match r {
                RunOutcome::Yielded => self.out(""),
                RunOutcome::Sleeping { until_ms } => {
                    self.out("");
                    let now = self.it.host_mut().now_ms();
                    if until_ms > now {
                        std::thread::sleep(Duration::from_millis((until_ms - now).min(20)));
                    }
                }
                RunOutcome::Done => break Ok(()),
                RunOutcome::Error(e) => break Err(mp_traceback(&e)),
            }
        };
        self.input.executing.store(false, Ordering::SeqCst);
        self.out("");
        r
    }

    /// Compiles and runs `src` as a module body (raw REPL, paste mode).
    fn exec(&mut self, src: &[u8], eof_markers: bool) {
        let text = String::from_utf8_lossy(src).into_owned();
        let r = match self.it.start("<stdin>", &text) {
            Ok(()) => self.drive(false),
            Err(e) => Err(mp_traceback(&e)),
        };
        if eof_markers {
            self.out("\x04");
        }
        if let Err(tb) = r {
            self.cooked(&tb);
        }
        if eof_markers {
            self.out("\x04");
        }
    }

    fn raw(&mut self) -> Next {
        self.out("raw REPL; CTRL-B to exit\r\n");
        loop {
            self.out(">");
            let mut line: Vec<u8> = Vec::new();
            loop {
                let Some(c) = self.input.next() else {
                    return Next::Eof;
                };
                match c {
                    CTRL_A => {
                        if line.len() == 2 && line[0] == CTRL_E {
                            if let Some(next) = self.raw_paste(line[1]) {
                                return next;
                            }
                            line.clear();
                            self.out(">");
                            continue;
                        }
                        self.out("raw REPL; CTRL-B to exit\r\n");
                        line.clear();
                        self.out(">");
                    }
                    CTRL_B => {
                        self.out("\r\n");
                        return Next::Friendly;
                    }
                    CTRL_C => line.clear(),
                    CTRL_D => break,
                    _ => line.push(c),
                }
            }
            self.out("OK");
            if line.is_empty() {
                self.out("\r\n");
                return Next::SoftReset;
            }
            self.exec(&line, true);
        }
    }

    /// Raw-paste mode after `\x05` `cmd` `\x01`. `Some(next)` ends the raw REPL (end of input).
    fn raw_paste(&mut self, cmd: u8) -> Option<Next> {
        if cmd != b'A' {
            self.out_bytes(b"R\x00");
            return None;
        }
        self.out_bytes(b"R\x01");
        self.out_bytes(&PASTE_WINDOW.to_le_bytes());
        let mut src = Vec::new();
        let mut remain = PASTE_WINDOW;
        loop {
            let Some(c) = self.input.next() else {
                return Some(Next::Eof);
            };
            if c == CTRL_D || c == CTRL_C {
                self.out("\x04");
                if c == CTRL_C {
                    self.out("\x04");
                    self.cooked("Traceback (most recent call last):\nKeyboardInterrupt: \n");
                    self.out("\x04");
                    return None;
                }
                break;
            }
            src.push(c);
            remain -= 1;
            if remain == 0 {
                self.out("\x01");
                remain = PASTE_WINDOW;
            }
        }
        self.exec(&src, true);
        None
    }

    fn paste(&mut self) {
        self.out("\r\npaste mode; Ctrl-C to cancel, Ctrl-D to finish\r\n=== ");
        let mut src = Vec::new();
        let mut last_cr = false;
        loop {
            let Some(c) = self.input.next() else {
                return;
            };
            match c {
                CTRL_C => {
                    self.out("\r\n");
                    return;
                }
                CTRL_D => {
                    self.out("\r\n");
                    self.exec(&src, false);
                    return;
                }
                b'\n' if last_cr => {}
                b'\r' | b'\n' => {
                    src.push(b'\n');
                    self.out("\r\n=== ");
                }
                _ => {
                    src.push(c);
                    self.out_bytes(&[c]);
                }
            }
            last_cr = c == b'\r';
        }
    }

    fn friendly(&mut self) -> Next {
        let mut buf = String::new();
        let mut line: Vec<u8> = Vec::new();
        let mut last_cr = false;
        self.out(">>> ");
        loop {
            let Some(c) = self.input.next() else {
                return Next::Eof;
            };
            let was_cr = last_cr;
            last_cr = c == b'\r';
            match c {
                CTRL_A if line.is_empty() && buf.is_empty() => {
                    self.out("\r\n");
                    return Next::Raw;
                }
                CTRL_B if line.is_empty() && buf.is_empty() => {
                    self.out("\r\n");
                    self.banner();
                    self.out(">>> ");
                }
                CTRL_C => {
                    line.clear();
                    buf.clear();
                    self.out("\r\n>>> ");
                }
                CTRL_D if line.is_empty() && buf.is_empty() => {
                    self.out("\r\n");
                    return Next::SoftReset;
                }
                CTRL_E if line.is_empty() && buf.is_empty() => {
                    self.paste();
                    self.out(">>> ");
                }
                8 | 127 if line.pop().is_some() => self.out("\x08 \x08"),
                8 | 127 => {}
                b'\n' if was_cr => {}
                b'\r' | b'\n' => {
                    self.out("\r\n");
                    buf.push_str(&String::from_utf8_lossy(&line));
                    buf.push('\n');
                    line.clear();
                    if buf.trim().is_empty() {
                        buf.clear();
                        self.out(">>> ");
                        continue;
                    }
                    match self.it.start_repl(&buf) {
                        Ok(ReplInput::Incomplete) => {
                            self.out("... ");
                            continue;
                        }
                        Ok(ReplInput::Ready) => {
                            buf.clear();
                            if let Err(tb) = self.drive(true) {
                                self.cooked(&tb);
                            }
                        }
                        Err(e) => {
                            buf.clear();
                            self.cooked(&mp_traceback(&e));
                        }
                    }
                    self.out(">>> ");
                }
                c if c >= 0x20 || c == b'\t' => {
                    line.push(c);
                    self.out_bytes(&[c]);
                }
                _ => {}
            }
        }
    }
}

/// Runs the console until end of input; returns the exit status.
pub fn run<C: Console>(console: &mut C, config: Config) -> i32 {
    run_from(console, config, None)
}

/// Runs the console, starting in the raw REPL with `it` (its globals kept) when given: the
/// terminal REPL's Ctrl-A hands its interpreter over this way, as MicroPython's friendly REPL
/// enters raw mode. Without `it`, starts a fresh interpreter in the friendly REPL.
pub fn run_from<C: Console>(console: &mut C, config: Config, it: Option<Interpreter>) -> i32 {
    let input = Input::new();
    let reader_input = input.clone();
    let _ = std::thread::Builder::new()
        .name("stdin".into())
        .spawn(move || {
            let mut stdin = std::io::stdin();
            let mut buf = [0u8; 4096];
            loop {
                match stdin.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => reader_input.push(&buf[..n]),
                }
            }
            reader_input.close();
        });
    let raw_first = it.is_some();
    let it = match it {
        Some(mut it) => {
            console.adopt(&mut it, &input);
            it
        }
        None => console.make(&config, &input),
    };
    if let Ok(mut h) = input.handle.lock() {
        *h = Some(it.interrupt_handle());
    }
    let mut s = Session {
        console,
        config,
        input,
        it,
    };
    if !raw_first {
        s.banner();
    }
    let mut raw = raw_first;
    loop {
        let next = if raw { s.raw() } else { s.friendly() };
        match next {
            Next::Raw => raw = true,
            Next::Friendly => {
                raw = false;
                s.banner();
            }
            Next::SoftReset => {
                s.reset();
                s.out("MPY: soft reboot\r\n");
                if !raw {
                    s.banner();
                }
            }
            Next::Eof => return 0,
        }
    }
}
