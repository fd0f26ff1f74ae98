//! `pyrite`'s serial console speaks MicroPython's REPL protocols.
//!
//! - `raw_repl_protocol_over_a_pipe`: the byte protocol itself (friendly REPL, raw REPL,
//!   raw-paste with flow control, paste mode, soft reset), fed through stdin; always runs.
//! - `mpremote_drives_pyrite`: the real `mpremote` (PyPI) through a pseudo-terminal made by
//!   `socat`: exec, eval, run FILE, fs cp/ls/cat/rm. Runs only when both `mpremote` and
//!   `socat` are installed (`pip install mpremote`, `apt-get install socat`) and prints that
//!   it was skipped otherwise.

mod common;

use common::{pyrite_bin, run_with_timeout};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A hang guard, not a speed check.
const GUARD: Duration = Duration::from_secs(60);

fn serial_session(input: &[u8]) -> String {
    let mut cmd = Command::new(pyrite_bin());
    cmd.arg("--serial");
    let o = run_with_timeout(cmd, Some(input.to_vec()), GUARD);
    assert_eq!(o.code(), Some(0), "{}", o.describe_end());
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn raw_repl_protocol_over_a_pipe() {
    // Friendly REPL: echo, expression values, a block with continuation lines.
    let out = serial_session(b"x = 6*7\rx\rfor i in range(2):\r    print(i)\r\r");
    assert!(
        out.contains(">>> x = 6*7\r\n>>> x\r\n42\r\n>>> "),
        "{out:?}"
    );
    assert!(out.contains("... \r\n0\r\n1\r\n>>> "), "{out:?}");

    // Raw REPL: OK, output, \x04, traceback, \x04, prompt; globals persist; soft reset.
    let out = serial_session(
        b"\x01y = 5\x04print(y * 2)\x04print(1/0)\x04\x04print(globals().get('y'))\x04\x02",
    );
    let raw = out
        .split_once("\r\n\r\nraw REPL; CTRL-B to exit\r\n>")
        .or_else(|| out.split_once("raw REPL; CTRL-B to exit\r\n>"))
        .map(|(_, r)| r)
        .unwrap_or_else(|| panic!("no raw REPL banner: {out:?}"));
    assert!(
        raw.starts_with("OK\x04\x04>OK10\r\n\x04\x04>OK\x04Traceback"),
        "{raw:?}"
    );
    assert!(
        raw.contains("ZeroDivisionError: division by zero\r\n\x04>"),
        "{raw:?}"
    );
    assert!(
        raw.contains(">OK\r\nMPY: soft reboot\r\nraw REPL; CTRL-B to exit\r\n>"),
        "{raw:?}"
    );
    // After the soft reset the old global is gone.
    assert!(raw.contains(">OKNone\r\n\x04\x04>"), "{raw:?}");
    assert!(
        raw.ends_with(">\r\nPyrite ") || raw.contains(">\r\nPyrite "),
        "{raw:?}"
    );

    // Raw-paste: R\x01, window 256 (little endian), a \x01 per window consumed, \x04 ack.
    let body = format!("s = 0\n{}print(s)\n", "s += 1\n".repeat(60));
    let mut input = b"\x01\x05A\x01".to_vec();
    input.extend_from_slice(body.as_bytes());
    input.extend_from_slice(b"\x04");
    let out = serial_session(&input);
    let paste = out
        .split_once("raw REPL; CTRL-B to exit\r\n>")
        .map(|(_, r)| r)
        .unwrap_or_else(|| panic!("no raw REPL: {out:?}"));
    assert!(paste.starts_with("R\x01\x00\x01"), "{paste:?}");
    let windows = body.len() / 256;
    assert_eq!(paste[4..].matches('\x01').count(), windows, "{paste:?}");
    assert!(paste.ends_with("\x0460\r\n\x04\x04>"), "{paste:?}");

    // Paste mode: lines are echoed after "=== " and run on Ctrl-D; Ctrl-C cancels.
    let out = serial_session(b"\x05def f():\r    return 7\rprint(f())\x04\x05print('no')\x03");
    assert!(
        out.contains("paste mode; Ctrl-C to cancel, Ctrl-D to finish\r\n=== def f():\r\n===     return 7\r\n=== print(f())\r\n7\r\n>>> "),
        "{out:?}"
    );
    assert!(!out.contains("no\r\n"), "{out:?}");
}

fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

struct Socat(Child);

impl Drop for Socat {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn mpremote(tty: &Path, cwd: &Path, args: &[&str]) -> (bool, String) {
    let mut cmd = Command::new("mpremote");
    cmd.arg("connect")
        .arg(tty)
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null());
    let o = run_with_timeout(cmd, None, GUARD);
    let text = String::from_utf8_lossy(&o.stdout).replace("\r\n", "\n");
    (o.code() == Some(0), format!("{text}{}", o.stderr_text()))
}

#[test]
fn mpremote_drives_pyrite() {
    let (Some(_), Some(socat)) = (which("mpremote"), which("socat")) else {
        println!("mpremote_drives_pyrite: skipped (needs `mpremote` from PyPI and `socat`)");
        return;
    };
    let base = std::env::temp_dir().join(format!("pyrite-mpremote-{}", std::process::id()));
    let device = base.join("device");
    let host = base.join("host");
    std::fs::create_dir_all(&device).expect("device dir");
    std::fs::create_dir_all(&host).expect("host dir");
    let tty = base.join("tty");
    let exec = format!(
        "EXEC:{} --serial,pty,raw,echo=0,setsid",
        pyrite_bin().display()
    );
    let child = Command::new(socat)
        .arg(format!("PTY,link={},raw,echo=0", tty.display()))
        .arg(exec)
        .current_dir(&device)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start socat");
    let _socat = Socat(child);
    let start = Instant::now();
    while !tty.exists() {
        assert!(start.elapsed() < GUARD, "socat made no pty");
        std::thread::sleep(Duration::from_millis(20));
    }

    let (ok, out) = mpremote(&tty, &host, &["resume", "exec", "print(6*7)"]);
    assert!(ok && out.starts_with("42\n"), "exec: {out}");
    let (ok, out) = mpremote(&tty, &host, &["resume", "eval", "[1, 'a', b'\\x00']"]);
    assert!(ok && out.starts_with("[1, 'a', b'\\x00']\n"), "eval: {out}");
    // Without `resume`, mpremote soft-resets the board first (a fresh interpreter).
    let (ok, out) = mpremote(&tty, &host, &["exec", "x = 1"]);
    assert!(ok, "soft reset + exec: {out}");
    let (ok, out) = mpremote(&tty, &host, &["resume", "eval", "x"]);
    assert!(
        ok && out.starts_with("1\n"),
        "globals kept with resume: {out}"
    );

    std::fs::write(
        host.join("prog.py"),
        "import machine\nfor i in range(3):\n    print('line', i)\nprint(machine.unique_id().hex())\n",
    )
    .expect("write prog.py");
    let (ok, out) = mpremote(&tty, &host, &["resume", "run", "prog.py"]);
    assert!(
        ok && out.starts_with("line 0\nline 1\nline 2\ne6614104035b2a31\n"),
        "run: {out}"
    );

    std::fs::write(host.join("data.txt"), "hello from the host\n").expect("write data.txt");
    let (ok, out) = mpremote(
        &tty,
        &host,
        &["resume", "fs", "cp", "data.txt", ":remote.txt"],
    );
    assert!(ok, "fs cp: {out}");
    assert_eq!(
        std::fs::read_to_string(device.join("remote.txt"))
            .ok()
            .as_deref(),
        Some("hello from the host\n")
    );
    let (ok, out) = mpremote(&tty, &host, &["resume", "fs", "ls"]);
    assert!(ok && out.contains(" remote.txt"), "fs ls: {out}");
    let (ok, out) = mpremote(&tty, &host, &["resume", "fs", "cat", ":remote.txt"]);
    assert!(ok && out.contains("hello from the host\n"), "fs cat: {out}");
    let (ok, out) = mpremote(
        &tty,
        &host,
        &["resume", "fs", "cp", ":remote.txt", "back.txt"],
    );
    assert!(ok, "fs cp back: {out}");
    assert_eq!(
        std::fs::read_to_string(host.join("back.txt"))
            .ok()
            .as_deref(),
        Some("hello from the host\n")
    );
    let (ok, out) = mpremote(&tty, &host, &["resume", "fs", "rm", ":remote.txt"]);
    assert!(ok, "fs rm: {out}");
    assert!(!device.join("remote.txt").exists());
    // A missing file is reported as MicroPython reports it (OSError ENOENT), not a crash.
    let (ok, out) = mpremote(&tty, &host, &["resume", "fs", "cat", ":remote.txt"]);
    assert!(
        !ok && (out.contains("No such file") || out.contains("ENOENT")),
        "missing: {out}"
    );
    let (ok, out) = mpremote(&tty, &host, &["resume", "exec", "1/0"]);
    assert!(!ok && out.contains("ZeroDivisionError"), "error: {out}");
    let _ = std::fs::remove_dir_all(&base);
}

/// MicroPython enters the raw REPL from its friendly REPL on Ctrl-A; so does `pyrite`'s terminal
/// REPL (the line editor, not the serial console: no `--serial`, stdin a terminal), keeping the
/// REPL's globals. (Tools should still use `--serial`: the line editor drops bytes typed ahead
/// of an Enter, and mpremote sends `\r\x01` in one write.)
#[test]
fn ctrl_a_enters_the_raw_repl_from_the_terminal_repl() {
    use std::io::{Read, Write};
    let Some(socat) = which("socat") else {
        println!("ctrl_a_enters_the_raw_repl_from_the_terminal_repl: skipped (needs `socat`)");
        return;
    };
    let base = std::env::temp_dir().join(format!("pyrite-tty-{}", std::process::id()));
    std::fs::create_dir_all(&base).expect("base dir");
    let tty = base.join("tty");
    // `ctty`: the pty is pyrite's controlling terminal, so stdin is a terminal and the line
    // editor runs.
    let exec = format!("EXEC:{},pty,setsid,ctty", pyrite_bin().display());
    let child = Command::new(socat)
        .arg(format!("PTY,link={},raw,echo=0", tty.display()))
        .arg(exec)
        .current_dir(&base)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start socat");
    let _socat = Socat(child);
    let start = Instant::now();
    while !tty.exists() {
        assert!(start.elapsed() < GUARD, "socat made no pty");
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut port = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&tty)
        .expect("open the pty");
    let mut reader = port.try_clone().expect("clone the pty");
    let (tx, rx) = std::sync::mpsc::channel::<Vec<u8>>();
    std::thread::spawn(move || {
        let mut buf = [0u8; 1024];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut seen = Vec::new();
    let wait_for = |what: &[u8], seen: &mut Vec<u8>| {
        let deadline = Instant::now() + GUARD;
        while !seen.windows(what.len()).any(|w| w == what) {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(b) => seen.extend_from_slice(&b),
                Err(_) => panic!(
                    "waiting for {:?}, got {:?}",
                    String::from_utf8_lossy(what),
                    String::from_utf8_lossy(seen)
                ),
            }
        }
    };
    wait_for(b">>> ", &mut seen);
    port.write_all(b"x = 6 * 7\r").expect("write");
    wait_for(b"\n", &mut seen);
    std::thread::sleep(Duration::from_millis(300));
    seen.clear();
    port.write_all(b"\x01").expect("write Ctrl-A");
    wait_for(b"raw REPL; CTRL-B to exit\r\n>", &mut seen);
    seen.clear();
    port.write_all(b"print(x)\x04").expect("write the program");
    wait_for(b"\x04>", &mut seen);
    assert_eq!(String::from_utf8_lossy(&seen), "OK42\r\n\x04\x04>");
    drop(port);
    let _ = std::fs::remove_dir_all(&base);
}
