//! The `pyrite` command: run a file, `-c CODE`, or an interactive REPL.

use pyrite::fs::FileSystem;
use pyrite::host_fs::StdFs;
use pyrite::machine::{Hal, MachineHost};
use pyrite::sim_board::{SimBoard, SimHost};
use pyrite::{Config, Host, Interpreter, ReplInput, RunOutcome};
use std::io::{BufWriter, IsTerminal, Read, Write};
use std::sync::Arc;

#[path = "../repl_raw.rs"]
mod repl_raw;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

// mimalloc rather than glibc's malloc for the host command: a collection frees
// thousands of objects at once, and glibc then serves the next allocations from
// its slow bins. The interpreter's `--heap` budget and MemoryError come from its
// own accounting, not from the allocator.
#[global_allocator]
static GLOBAL: PlainMiMalloc = PlainMiMalloc;

/// mimalloc through its plain entry points when the alignment asked for is at most 8, which
/// every mimalloc block has: the `mimalloc` crate's allocator always calls the `_aligned`
/// ones, ~40 more instructions per allocation (callgrind, dict_str: ~7% of the program was
/// `mi_malloc_aligned`).
struct PlainMiMalloc;

/// The alignment `mi_malloc` gives any block (mimalloc's smallest block is 8 bytes).
const MI_PLAIN_ALIGN: usize = 8;

// SAFETY: every path returns mimalloc memory aligned as the layout asks (plain calls only
// for alignments every block has), and frees and reallocates only mimalloc memory.
unsafe impl std::alloc::GlobalAlloc for PlainMiMalloc {
    #[inline]
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        if layout.align() <= MI_PLAIN_ALIGN {
            // SAFETY: a plain allocation of the layout's size.
            unsafe { libmimalloc_sys::mi_malloc(layout.size()).cast() }
        } else {
            // SAFETY: as the `mimalloc` crate does.
            unsafe { libmimalloc_sys::mi_malloc_aligned(layout.size(), layout.align()).cast() }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        if layout.align() <= MI_PLAIN_ALIGN {
            // SAFETY: a plain zeroed allocation of the layout's size.
            unsafe { libmimalloc_sys::mi_zalloc(layout.size()).cast() }
        } else {
            // SAFETY: as the `mimalloc` crate does.
            unsafe { libmimalloc_sys::mi_zalloc_aligned(layout.size(), layout.align()).cast() }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: std::alloc::Layout) {
        // SAFETY: `ptr` came from one of the calls above.
        unsafe { libmimalloc_sys::mi_free(ptr.cast()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        if layout.align() <= MI_PLAIN_ALIGN {
            // SAFETY: `ptr` is a mimalloc block; the new one keeps the plain alignment.
            unsafe { libmimalloc_sys::mi_realloc(ptr.cast(), new_size).cast() }
        } else {
            // SAFETY: as the `mimalloc` crate does.
            unsafe {
                libmimalloc_sys::mi_realloc_aligned(ptr.cast(), new_size, layout.align()).cast()
            }
        }
    }
}

/// `mi_option_arena_eager_commit` of mimalloc.h's `mi_option_e` (the Rust
/// binding names no constant for it).
const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;

/// mimalloc commits its first arena at once by default: peak RSS of the bench
/// programs was 15-27 MB against 5-6 MB with glibc; committed on demand it is
/// 6-8 MB at the same speed. The Rust runtime allocates (and so makes that
/// arena) before `main`, so the option is set by an ELF constructor, which
/// runs before the runtime starts.
extern "C" fn mimalloc_options() {
    // SAFETY: mi_option_set only stores an integer option.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0) }
}

#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static MIMALLOC_OPTIONS: extern "C" fn() = mimalloc_options;

const USAGE: &str = "usage: pyrite [--heap SIZE] [--serial] [-c CODE | FILE [ARGS...]]
       pyrite compile FILE.py [-o FILE.pbc]
       pyrite freeze DIR

Runs a Python program with Pyrite, a lean Python 3 for microcontrollers.

  FILE          run the program in FILE (.py source or .pbc precompiled bytecode; its
                directory is searched for imports)
  compile       write FILE.py's bytecode to a .pbc file (see interpreter/PBC.md), which
                `import` and `pyrite FILE.pbc` load without compiling
  freeze        compile the standard library's modules in DIR (interpreter/src/stdlib)
                into DIR/frozen.rs, the flash tables they are imported from
  -c CODE       run CODE
  (no program)  start an interactive REPL (Ctrl-D exits, Ctrl-C interrupts, Ctrl-A at an
                empty prompt enters MicroPython's raw REPL); when stdin is not a terminal,
                a MicroPython-compatible serial console (raw REPL, raw-paste, paste mode)
                that mpremote can drive
  --serial      the serial console even on a terminal
  --heap SIZE   heap limit, e.g. 64k, 8M, 1G (default 256M)
  -h, --help    show this help
";

/// stdout buffered; stderr written through (after flushing stdout, to keep order).
/// `machine` runs on the simulated board; `os`/`open()` on the host's filesystem.
struct StdHost {
    out: BufWriter<std::io::Stdout>,
    start: Instant,
    board: SimBoard,
    fs: StdFs,
    /// Serial console: `\n` → `\r\n`, stderr on the same stream, input() from the console.
    serial: Option<Arc<repl_raw::Input>>,
}

impl StdHost {
    fn put(&mut self, text: &str) {
        if self.serial.is_some() {
            let cooked = text.replace('\n', "\r\n");
            let _ = self.out.write_all(cooked.as_bytes());
        } else {
            let _ = self.out.write_all(text.as_bytes());
        }
    }
}

impl MachineHost for StdHost {
    fn hal(&mut self) -> &mut dyn Hal {
        &mut self.board
    }
}

impl SimHost for StdHost {
    fn sim_board(&mut self) -> &mut SimBoard {
        &mut self.board
    }
}

impl Host for StdHost {
    fn write_out(&mut self, text: &str) {
        self.put(text);
    }
    fn write_err(&mut self, text: &str) {
        if self.serial.is_some() {
            self.put(text);
            return;
        }
        let _ = self.out.flush();
        let mut e = std::io::stderr();
        let _ = e.write_all(text.as_bytes());
        let _ = e.flush();
    }
    fn now_ms(&mut self) -> u64 {
        self.start.elapsed().as_millis() as u64
    }
    fn flush(&mut self) {
        let _ = self.out.flush();
    }
    fn time_s(&mut self) -> f64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs_f64())
            .unwrap_or(0.0)
    }
    fn read_file(&mut self, path: &str) -> Option<Vec<u8>> {
        // Through the filesystem, so os.chdir() affects imports as it does open().
        self.fs.read(path).ok()
    }
    fn fs(&mut self) -> Option<&mut dyn FileSystem> {
        Some(&mut self.fs)
    }
    fn poll_irq(&mut self) -> Option<(u32, i64)> {
        let now = self.now_ms();
        pyrite::machine::poll_irq(&mut self.board, now)
    }
    fn random_bytes(&mut self, buf: &mut [u8]) -> bool {
        use std::io::Read;
        std::fs::File::open("/dev/urandom")
            .and_then(|mut f| f.read_exact(buf))
            .is_ok()
    }
    fn read_line(&mut self) -> Option<String> {
        let _ = self.out.flush();
        if let Some(input) = self.serial.clone() {
            let out = &mut self.out;
            let line = input.read_line(&mut |b| {
                let _ = out.write_all(b);
                let _ = out.flush();
            });
            return line;
        }
        let mut line = self.read_line_raw()?;
        while line.ends_with('\n') || line.ends_with('\r') {
            line.pop();
        }
        Some(line)
    }
    fn read_line_raw(&mut self) -> Option<String> {
        if self.serial.is_some() {
            return self.read_line().map(|l| l + "\n");
        }
        let _ = self.out.flush();
        let mut line = String::new();
        match std::io::stdin().read_line(&mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => {
                // Text mode, as CPython's: a "\r\n" line ending reads as "\n".
                if line.ends_with("\r\n") {
                    line.truncate(line.len() - 2);
                    line.push('\n');
                }
                Some(line)
            }
        }
    }
    fn as_any(&mut self) -> &mut dyn std::any::Any {
        self
    }
}

/// An interpreter on the host: stdout, the host filesystem, the simulated board.
fn new_interpreter(config: Config) -> Interpreter {
    let host = StdHost {
        out: BufWriter::with_capacity(1 << 16, std::io::stdout()),
        start: Instant::now(),
        board: SimBoard::new(),
        fs: StdFs::host(),
        serial: None,
    };
    let mut it = Interpreter::new(config, Box::new(host));
    it.register_module(pyrite::machine::native_module::<StdHost>());
    it.register_module(pyrite::sim_board::control_module::<StdHost>());
    it
}

/// The serial console's side of the binary: interpreters whose host cooks output for a
/// terminal-less console and reads `input()` from it.
struct CliConsole;

impl repl_raw::Console for CliConsole {
    fn make(&mut self, config: &Config, input: &Arc<repl_raw::Input>) -> Interpreter {
        let mut it = new_interpreter(config.clone());
        if let Some(h) = it.host_mut().as_any().downcast_mut::<StdHost>() {
            h.serial = Some(input.clone());
        }
        it
    }
    fn write_raw(&mut self, it: &mut Interpreter, bytes: &[u8]) {
        if let Some(h) = it.host_mut().as_any().downcast_mut::<StdHost>() {
            let _ = h.out.write_all(bytes);
            let _ = h.out.flush();
        }
    }
    fn adopt(&mut self, it: &mut Interpreter, input: &Arc<repl_raw::Input>) {
        if let Some(h) = it.host_mut().as_any().downcast_mut::<StdHost>() {
            h.serial = Some(input.clone());
        }
    }
}

/// Ctrl-A at an empty prompt of the terminal REPL: asks for the raw REPL (elsewhere on the
/// line it keeps its line-editor meaning, start of line).
struct RawRequest(Arc<std::sync::atomic::AtomicBool>);

impl rustyline::ConditionalEventHandler for RawRequest {
    fn handle(
        &self,
        _evt: &rustyline::Event,
        _n: rustyline::RepeatCount,
        _positive: bool,
        ctx: &rustyline::EventContext,
    ) -> Option<rustyline::Cmd> {
        if !ctx.line().is_empty() {
            return None;
        }
        self.0.store(true, std::sync::atomic::Ordering::SeqCst);
        Some(rustyline::Cmd::Interrupt)
    }
}

/// The terminal in raw mode (no echo, no line editing, no signals) while the MicroPython
/// console protocol runs on it; the settings before are restored on drop.
struct RawTerminal(Option<rustix::termios::Termios>);

impl RawTerminal {
    fn enter() -> RawTerminal {
        use rustix::termios::{OptionalActions, tcgetattr, tcsetattr};
        let stdin = std::io::stdin();
        let Ok(saved) = tcgetattr(&stdin) else {
            return RawTerminal(None);
        };
        let mut raw = saved.clone();
        raw.make_raw();
        if tcsetattr(&stdin, OptionalActions::Now, &raw).is_err() {
            return RawTerminal(None);
        }
        RawTerminal(Some(saved))
    }
}

impl Drop for RawTerminal {
    fn drop(&mut self) {
        if let Some(t) = &self.0 {
            let _ = rustix::termios::tcsetattr(
                std::io::stdin(),
                rustix::termios::OptionalActions::Now,
                t,
            );
        }
    }
}

fn parse_size(s: &str) -> Option<usize> {
    let s = s.trim();
    let (num, mult) = match s.chars().last()?.to_ascii_lowercase() {
        'k' => (&s[..s.len() - 1], 1usize << 10),
        'm' => (&s[..s.len() - 1], 1 << 20),
        'g' => (&s[..s.len() - 1], 1 << 30),
        _ => (s, 1),
    };
    num.parse::<usize>().ok()?.checked_mul(mult)
}

/// Runs the main task to completion; returns the exit status.
fn drive(it: &mut Interpreter, repl: bool) -> i32 {
    loop {
        let r = if repl {
            it.run_repl(100_000)
        } else {
            it.run(100_000)
        };
        match r {
            RunOutcome::Yielded => {}
            RunOutcome::Sleeping { until_ms } => {
                let now = it.host_mut().now_ms();
                // Wake for the board's next timer too: its handler runs while the script sleeps.
                let until_ms = match it.host_mut().as_any().downcast_mut::<StdHost>() {
                    Some(h) => h
                        .board
                        .next_event_ms()
                        .map_or(until_ms, |t| t.min(until_ms)),
                    None => until_ms,
                };
                if until_ms > now {
                    // Sleep in short steps so Ctrl-C stays responsive.
                    let d = (until_ms - now).min(50);
                    std::thread::sleep(Duration::from_millis(d));
                }
            }
            RunOutcome::Done => {
                if !repl {
                    it.close_suspended_generators();
                }
                return 0;
            }
            RunOutcome::Error(e) => {
                if e.type_name == "SystemExit" {
                    let code = if e.message.is_empty() || e.message == "None" {
                        0
                    } else if let Ok(c) = e.message.parse::<i32>() {
                        c
                    } else {
                        it.host_mut().write_err(&format!("{}\n", e.message));
                        1
                    };
                    if !repl {
                        it.close_suspended_generators();
                    }
                    return code;
                }
                it.host_mut().write_err(&e.traceback);
                if !repl {
                    it.close_suspended_generators();
                }
                return 1;
            }
        }
    }
}

fn flush(it: &mut Interpreter) {
    if let Some(h) = it.host_mut().as_any().downcast_mut::<StdHost>() {
        let _ = h.out.flush();
    }
}

fn repl(mut it: Interpreter, config: Config) -> i32 {
    use rustyline::error::ReadlineError;
    let handle = it.interrupt_handle();
    let _ = ctrlc::set_handler(move || handle.interrupt());
    it.host_mut().write_out(&format!(
        "Pyrite {} (Python 3 subset); Ctrl-D to exit\n",
        pyrite::VERSION
    ));
    flush(&mut it);
    let mut rl = match rustyline::DefaultEditor::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("pyrite: cannot start the line editor: {}", e);
            return 1;
        }
    };
    let raw_asked = Arc::new(std::sync::atomic::AtomicBool::new(false));
    rl.bind_sequence(
        rustyline::KeyEvent::ctrl('A'),
        rustyline::EventHandler::Conditional(Box::new(RawRequest(raw_asked.clone()))),
    );
    let mut buf = String::new();
    loop {
        if raw_asked.swap(false, std::sync::atomic::Ordering::SeqCst) && buf.is_empty() {
            // MicroPython's friendly REPL enters the raw REPL on Ctrl-A: the session goes on
            // under the console protocol (raw REPL, Ctrl-B for its friendly REPL), with this
            // interpreter and its globals, until end of input.
            drop(rl);
            println!();
            let _raw = RawTerminal::enter();
            return repl_raw::run_from(&mut CliConsole, config, Some(it));
        }
        let prompt = if buf.is_empty() { ">>> " } else { "... " };
        let initial = if buf.is_empty() {
            String::new()
        } else {
            indent_for(&buf)
        };
        let line = rl.readline_with_initial(prompt, (&initial, ""));
        match line {
            Ok(line) => {
                buf.push_str(&line);
                buf.push('\n');
                if buf.trim().is_empty() {
                    buf.clear();
                    continue;
                }
                match it.start_repl(&buf) {
                    Ok(ReplInput::Incomplete) => continue,
                    Ok(ReplInput::Ready) => {
                        let _ = rl.add_history_entry(buf.trim_end());
                        buf.clear();
                        drive(&mut it, true);
                    }
                    Err(e) => {
                        let _ = rl.add_history_entry(buf.trim_end());
                        buf.clear();
                        it.host_mut().write_err(&e.traceback);
                    }
                }
                flush(&mut it);
            }
            Err(ReadlineError::Interrupted)
                if raw_asked.load(std::sync::atomic::Ordering::SeqCst) && buf.is_empty() => {}
            Err(ReadlineError::Interrupted) => {
                buf.clear();
                println!("KeyboardInterrupt");
            }
            Err(_) => break,
        }
    }
    flush(&mut it);
    0
}

/// Auto-indent: the previous line's indentation, one level deeper after a ':'.
fn indent_for(buf: &str) -> String {
    let last = buf.lines().last().unwrap_or("");
    let mut n = last.len() - last.trim_start().len();
    if last.trim_end().ends_with(':') {
        n += 4;
    }
    " ".repeat(n)
}

/// `pyrite compile FILE.py [-o OUT.pbc]`.
/// `pyrite freeze DIR`: compiles the standard library's frozen modules (`DIR/NAME.py` for each
/// of `pyrite::stdlib::NAMES`) into `DIR/frozen.rs`, the flash tables the binary is built with.
fn freeze_command(args: &[String]) -> i32 {
    let [dir] = args else {
        eprintln!("usage: pyrite freeze DIR   (DIR: interpreter/src/stdlib)");
        return 2;
    };
    let dir = std::path::Path::new(dir);
    let mut sources = Vec::new();
    for name in pyrite::stdlib::NAMES {
        let path = dir.join(format!("{}.py", name));
        match std::fs::read_to_string(&path) {
            Ok(s) => sources.push((*name, s)),
            Err(e) => {
                eprintln!("pyrite freeze: can't read '{}': {}", path.display(), e);
                return 1;
            }
        }
    }
    let sources: Vec<(&str, &str)> = sources.iter().map(|(n, s)| (*n, s.as_str())).collect();
    let mut it = new_interpreter(Config::default());
    let text = match pyrite::stdlib::freeze::generate(it.vm_mut(), &sources) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("pyrite freeze: {}", e);
            return 1;
        }
    };
    let out = dir.join("frozen.rs");
    if let Err(e) = std::fs::write(&out, text) {
        eprintln!("pyrite freeze: can't write '{}': {}", out.display(), e);
        return 1;
    }
    println!("wrote {}", out.display());
    0
}

fn compile_command(args: &[String]) -> i32 {
    let mut input: Option<&String> = None;
    let mut output: Option<String> = None;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "-o" => {
                i += 1;
                match args.get(i) {
                    Some(o) => output = Some(o.clone()),
                    None => {
                        eprintln!("pyrite compile: -o needs a file name");
                        return 2;
                    }
                }
            }
            a if a.starts_with('-') => {
                eprintln!("pyrite compile: unknown option {}", a);
                return 2;
            }
            _ if input.is_none() => input = Some(&args[i]),
            a => {
                eprintln!("pyrite compile: unexpected argument {}", a);
                return 2;
            }
        }
        i += 1;
    }
    let Some(input) = input else {
        eprintln!("usage: pyrite compile FILE.py [-o FILE.pbc]");
        return 2;
    };
    let output = output.unwrap_or_else(|| match input.strip_suffix(".py") {
        Some(stem) => format!("{}.pbc", stem),
        None => format!("{}.pbc", input),
    });
    let source = match std::fs::read(input) {
        Ok(b) => match String::from_utf8(b) {
            Ok(s) => s,
            Err(_) => {
                eprintln!("pyrite compile: {} is not UTF-8", input);
                return 1;
            }
        },
        Err(e) => {
            eprintln!("pyrite compile: can't open file '{}': {}", input, e);
            return 2;
        }
    };
    let mut it = new_interpreter(Config::default());
    let bytes = match pyrite::pbc::compile(it.vm_mut(), &source, input) {
        Ok(b) => b,
        Err(tb) => {
            eprint!("{}", tb);
            return 1;
        }
    };
    if let Err(e) = std::fs::write(&output, &bytes) {
        eprintln!("pyrite compile: can't write '{}': {}", output, e);
        return 1;
    }
    0
}

fn real_main() -> i32 {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("compile") {
        return compile_command(&args[2..]);
    }
    if args.get(1).map(String::as_str) == Some("freeze") {
        return freeze_command(&args[2..]);
    }
    let mut config = Config::default();
    let mut i = 1;
    let mut code: Option<String> = None;
    let mut serial = false;
    let mut file: Option<String> = None;
    let mut rest: Vec<String> = Vec::new();
    while i < args.len() {
        let a = &args[i];
        match a.as_str() {
            "-h" | "--help" => {
                print!("{}", USAGE);
                return 0;
            }
            "--serial" => serial = true,
            "--heap" => {
                i += 1;
                match args.get(i).and_then(|s| parse_size(s)) {
                    Some(n) => config.heap_bytes = n,
                    None => {
                        eprintln!("pyrite: --heap needs a size like 64k or 8M");
                        return 2;
                    }
                }
            }
            "-c" => {
                i += 1;
                match args.get(i) {
                    Some(c) => code = Some(c.clone()),
                    None => {
                        eprintln!("pyrite: -c needs an argument");
                        return 2;
                    }
                }
                rest = args[i + 1..].to_vec();
                break;
            }
            _ if a.starts_with("--heap=") => match parse_size(&a[7..]) {
                Some(n) => config.heap_bytes = n,
                None => {
                    eprintln!("pyrite: --heap needs a size like 64k or 8M");
                    return 2;
                }
            },
            _ if a.starts_with('-') && a.len() > 1 => {
                eprintln!("pyrite: unknown option {}\n{}", a, USAGE);
                return 2;
            }
            _ => {
                file = Some(a.clone());
                rest = args[i + 1..].to_vec();
                break;
            }
        }
        i += 1;
    }
    let config_for_serial = config.clone();
    let mut it = new_interpreter(config);
    let (name, source) = match (&code, &file) {
        (Some(c), _) => ("<string>".to_string(), c.clone()),
        (None, Some(f)) => {
            let mut bytes = Vec::new();
            let read = if f == "-" {
                std::io::stdin().read_to_end(&mut bytes).map(|_| ())
            } else {
                std::fs::File::open(f)
                    .and_then(|mut h| h.read_to_end(&mut bytes))
                    .map(|_| ())
            };
            if let Err(e) = read {
                eprintln!("pyrite: can't open file '{}': {}", f, e);
                return 2;
            }
            if f.ends_with(".pbc") {
                if let Some(dir) = std::path::Path::new(f).parent().and_then(|p| p.to_str())
                    && !dir.is_empty()
                {
                    it.add_import_path(dir);
                }
                let mut argv: Vec<&str> = vec![f.as_str()];
                argv.extend(rest.iter().map(|s| s.as_str()));
                it.set_argv(&argv);
                let handle = it.interrupt_handle();
                let _ = ctrlc::set_handler(move || handle.interrupt());
                let status = match pyrite::pbc::start(&mut it, f, &bytes) {
                    Ok(()) => drive(&mut it, false),
                    Err(e) => {
                        flush(&mut it);
                        eprint!("{}", e.traceback);
                        1
                    }
                };
                flush(&mut it);
                return status;
            }
            let s = match String::from_utf8(bytes) {
                Ok(s) => s,
                Err(e) => {
                    let pos = e.utf8_error().valid_up_to();
                    let raw = e.as_bytes();
                    let line = raw[..pos].iter().filter(|&&b| b == b'\n').count() + 1;
                    eprintln!(
                        "  File \"{}\", line {}\nSyntaxError: Non-UTF-8 code starting with '\\x{:02x}' in file {} on line {}, but no encoding declared",
                        f, line, raw[pos], f, line
                    );
                    return 1;
                }
            };
            if let Some(dir) = std::path::Path::new(f).parent().and_then(|p| p.to_str())
                && !dir.is_empty()
            {
                it.add_import_path(dir);
            }
            (f.clone(), s)
        }
        (None, None) => {
            if serial || !std::io::stdin().is_terminal() {
                drop(it);
                return repl_raw::run(&mut CliConsole, config_for_serial);
            }
            return repl(it, config_for_serial);
        }
    };
    let mut argv: Vec<&str> = vec![if code.is_some() { "-c" } else { name.as_str() }];
    argv.extend(rest.iter().map(|s| s.as_str()));
    it.set_argv(&argv);
    let handle = it.interrupt_handle();
    let _ = ctrlc::set_handler(move || handle.interrupt());
    let status = match it.start(&name, &source) {
        Ok(()) => drive(&mut it, false),
        Err(e) => {
            flush(&mut it);
            eprint!("{}", e.traceback);
            1
        }
    };
    flush(&mut it);
    status
}

fn main() {
    // Where no ELF constructor set it, later arenas still commit on demand.
    #[cfg(not(target_os = "linux"))]
    mimalloc_options();
    // A big stack: native→Python callbacks nest on the Rust stack (bounded by the VM).
    let child = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(real_main);
    let code = match child {
        Ok(h) => h.join().unwrap_or(101),
        Err(_) => real_main(),
    };
    std::process::exit(code);
}
