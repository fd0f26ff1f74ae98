//! Helpers shared by the binary-level tests (`differential.rs`, `robustness.rs`):
//! running the `pyrite` executable with a deadline, and the known-failures lists
//! that let the suites stay green while the interpreter grows.
//!
//! Std-only on purpose: these tests must build even when the interpreter's own
//! dependencies change.

#![allow(dead_code)] // each test binary uses a different subset

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// Path of the `pyrite` executable cargo built for this test run, or the
/// program named by `PYRITE_BIN` (e.g. `PYRITE_BIN=python3` checks that the
/// suites themselves agree with CPython).
pub fn pyrite_bin() -> PathBuf {
    match std::env::var_os("PYRITE_BIN") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => PathBuf::from(env!("CARGO_BIN_EXE_pyrite")),
    }
}

/// The `interpreter/tests` folder.
pub fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

/// What happened to one child process.
#[derive(Debug)]
pub struct Outcome {
    /// Everything the child wrote to stdout.
    pub stdout: Vec<u8>,
    /// Everything the child wrote to stderr.
    pub stderr: Vec<u8>,
    /// `None` when the child was killed because it ran past its deadline.
    pub status: Option<ExitStatus>,
    /// Wall time until the child exited or was killed.
    pub elapsed: Duration,
}

impl Outcome {
    /// True when the deadline passed and the child was killed.
    pub fn timed_out(&self) -> bool {
        self.status.is_none()
    }

    /// The exit code, if the child exited normally (not by a signal, not killed).
    pub fn code(&self) -> Option<i32> {
        self.status.and_then(|s| s.code())
    }

    /// The signal that ended the child, if any (Unix only).
    pub fn signal(&self) -> Option<i32> {
        #[cfg(unix)]
        {
            use std::os::unix::process::ExitStatusExt;
            self.status.and_then(|s| s.signal())
        }
        #[cfg(not(unix))]
        {
            None
        }
    }

    /// stderr as text (lossy), for messages.
    pub fn stderr_text(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }

    /// A one-line description of how the child ended, for reports.
    pub fn describe_end(&self) -> String {
        match (self.status, self.signal()) {
            (None, _) => format!(
                "timed out after {:.1}s (killed)",
                self.elapsed.as_secs_f64()
            ),
            (Some(_), Some(sig)) => format!("killed by signal {sig}"),
            (Some(s), None) => format!("exit status {}", s.code().unwrap_or(-1)),
        }
    }

    /// The last `n` lines of stderr, to show next to a failure.
    pub fn stderr_tail(&self, n: usize) -> String {
        let text = self.stderr_text();
        let lines: Vec<&str> = text.lines().collect();
        let start = lines.len().saturating_sub(n);
        lines[start..].join("\n")
    }
}

/// A child that is running, with threads draining its pipes so it never blocks
/// on a full pipe while we wait for it.
pub struct Running {
    child: Child,
    started: Instant,
    out: Arc<Mutex<Vec<u8>>>,
    readers: Vec<thread::JoinHandle<()>>,
    err: Arc<Mutex<Vec<u8>>>,
}

impl Running {
    /// Starts `cmd` with piped stdout/stderr and `stdin` written (then closed).
    pub fn spawn(mut cmd: Command, stdin: Option<Vec<u8>>) -> std::io::Result<Running> {
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        cmd.stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
        let started = Instant::now();
        let mut child = cmd.spawn()?;
        if let (Some(data), Some(mut pipe)) = (stdin, child.stdin.take()) {
            // A writer thread: the child may not read all of it before exiting.
            thread::spawn(move || {
                let _ = pipe.write_all(&data);
            });
        }
        let so = child
            .stdout
            .take()
            .ok_or_else(|| std::io::Error::other("no stdout"))?;
        let se = child
            .stderr
            .take()
            .ok_or_else(|| std::io::Error::other("no stderr"))?;
        let out = Arc::new(Mutex::new(Vec::new()));
        let err = Arc::new(Mutex::new(Vec::new()));
        let readers = vec![drain(so, out.clone()), drain(se, err.clone())];
        Ok(Running {
            child,
            started,
            out,
            readers,
            err,
        })
    }

    /// What the child wrote to stdout so far.
    pub fn stdout_so_far(&self) -> Vec<u8> {
        self.out.lock().map(|b| b.clone()).unwrap_or_default()
    }

    /// Process id of the child (to send it signals).
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Waits until the child exits or `timeout` passes (then kills it).
    pub fn wait(mut self, timeout: Duration) -> Outcome {
        let deadline = self.started + timeout;
        let status = loop {
            match self.child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if Instant::now() >= deadline => {
                    let _ = self.child.kill();
                    let _ = self.child.wait();
                    break None;
                }
                Ok(None) => thread::sleep(Duration::from_millis(5)),
                Err(_) => {
                    let _ = self.child.kill();
                    let _ = self.child.wait();
                    break None;
                }
            }
        };
        let elapsed = self.started.elapsed();
        // Pipes close once the child is gone (a grandchild could hold them, but
        // pyrite spawns none).
        for r in self.readers {
            let _ = r.join();
        }
        let take = |b: &Arc<Mutex<Vec<u8>>>| {
            b.lock()
                .map(|mut v| std::mem::take(&mut *v))
                .unwrap_or_default()
        };
        let stdout = take(&self.out);
        let stderr = take(&self.err);
        Outcome {
            stdout,
            stderr,
            status,
            elapsed,
        }
    }
}

/// Copies everything `r` yields into `buf` as it arrives, on a thread.
fn drain(mut r: impl Read + Send + 'static, buf: Arc<Mutex<Vec<u8>>>) -> thread::JoinHandle<()> {
    thread::spawn(move || {
        let mut chunk = [0u8; 8192];
        loop {
            match r.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if let Ok(mut b) = buf.lock() {
                        b.extend_from_slice(&chunk[..n]);
                    }
                }
            }
        }
    })
}

/// Runs `cmd` to completion or until `timeout`.
pub fn run_with_timeout(cmd: Command, stdin: Option<Vec<u8>>, timeout: Duration) -> Outcome {
    match Running::spawn(cmd, stdin) {
        Ok(r) => r.wait(timeout),
        Err(e) => Outcome {
            stdout: Vec::new(),
            stderr: format!("could not start the child: {e}").into_bytes(),
            status: None,
            elapsed: Duration::ZERO,
        },
    }
}

/// Runs `jobs` on `threads` worker threads, returning results in input order.
pub fn parallel_map<T, R, F>(jobs: Vec<T>, threads: usize, f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..jobs.len()).map(|_| None).collect());
    thread::scope(|s| {
        for _ in 0..threads.max(1) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(job) = jobs.get(i) else { break };
                    let r = f(job);
                    if let Ok(mut guard) = results.lock() {
                        guard[i] = Some(r);
                    }
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|r| r.expect("every job ran"))
        .collect()
}

/// Worker threads for running child processes: enough to overlap process
/// start-up, few enough to share a small machine.
pub fn worker_count() -> usize {
    if let Some(n) = std::env::var("PYRITE_TEST_THREADS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        return n;
    }
    thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(2, 8)
}

/// The uncaught exception's type name from a traceback on stderr, if stderr
/// ends with one: the last line is `Name: message` or `Name`, and the text has
/// a `Traceback` header or a `File "...", line N` line (SyntaxErrors have
/// only the latter). Dotted names keep their last component.
pub fn uncaught_error_type(stderr: &str) -> Option<String> {
    if !(stderr.contains("Traceback (most recent call last)") || stderr.contains("File \"")) {
        return None;
    }
    let last = stderr
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())?
        .trim_end();
    let name = match last.split_once(':') {
        Some((n, _)) => n,
        None => last,
    };
    let is_ident = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
        && !name.starts_with(|c: char| c.is_ascii_digit() || c == '.');
    if !is_ident {
        return None;
    }
    Some(name.rsplit('.').next().unwrap_or(name).to_string())
}

/// A known-failures file: one case name per line, each with an optional
/// `# reason`. Blank lines and lines starting with `#` are comments.
///
/// The suites using it fail on a regression (a case that fails and is not
/// listed) and on a stale entry (a listed case that now passes), so the list
/// only ever shrinks as the interpreter improves.
#[derive(Debug, Default)]
pub struct KnownFailures {
    /// Case name → reason (may be empty).
    pub entries: BTreeMap<String, String>,
    header: Vec<String>,
}

impl KnownFailures {
    /// Reads `path`; a missing file is an empty list.
    pub fn load(path: &Path) -> KnownFailures {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let mut kf = KnownFailures::default();
        let mut in_header = true;
        for line in text.lines() {
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                if in_header {
                    kf.header.push(line.to_string());
                }
                continue;
            }
            in_header = false;
            let (name, reason) = match trimmed.split_once('#') {
                Some((n, r)) => (n.trim(), r.trim()),
                None => (trimmed, ""),
            };
            kf.entries.insert(name.to_string(), reason.to_string());
        }
        kf
    }

    /// True when `name` is listed.
    pub fn contains(&self, name: &str) -> bool {
        self.entries.contains_key(name)
    }

    /// Writes the list back: the leading comment block, then entries sorted.
    pub fn save(&self, path: &Path, default_header: &str) -> std::io::Result<()> {
        let mut out = String::new();
        if self.header.iter().any(|l| !l.trim().is_empty()) {
            for l in &self.header {
                out.push_str(l);
                out.push('\n');
            }
        } else {
            out.push_str(default_header);
            if !default_header.ends_with('\n') {
                out.push('\n');
            }
        }
        for (name, reason) in &self.entries {
            if reason.is_empty() {
                out.push_str(name);
            } else {
                out.push_str(&format!("{name}  # {reason}"));
            }
            out.push('\n');
        }
        std::fs::write(path, out)
    }
}

/// True when the user asked to rewrite the known-failures lists.
pub fn update_requested() -> bool {
    std::env::var("PYRITE_UPDATE_KNOWN_FAILURES").is_ok_and(|v| v == "1")
}
