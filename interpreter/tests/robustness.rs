//! Robustness of the `pyrite` command against hostile input: whatever the
//! source, the process must end by itself with exit status 0 (it ran) or 1
//! (an exception such as SyntaxError, RecursionError, MemoryError, printed as
//! a traceback), never by a signal (stack overflow, abort), a Rust panic or a
//! hang. Also: 10,000 nested brackets give an error, deep recursion gives
//! RecursionError, and SIGINT stops an infinite loop with KeyboardInterrupt.
//!
//! Cases that do not pass yet are listed in `tests/ROBUSTNESS_KNOWN_FAILURES`
//! (same rules as the differential suite: the test fails on an unlisted
//! failure and on a listed case that passes; `PYRITE_UPDATE_KNOWN_FAILURES=1`
//! rewrites the list). Failing generated inputs are saved under cargo's
//! target tmpdir so they can be replayed with `pyrite FILE`.
//!
//! Crashing inputs found by the fuzzer go to `interpreter/fuzz/regressions/`;
//! each file there becomes a `regression/NAME` case.

mod common;

use common::{
    KnownFailures, Outcome, Running, parallel_map, pyrite_bin, run_with_timeout, tests_dir,
    uncaught_error_type,
};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread;
use std::time::Duration;

/// Longest any single run may take before it counts as a hang.
// A hang guard, not a speed check: generous, because CI runs many test
// binaries at once on two cores and debug builds are slow.
const RUN_TIMEOUT: Duration = Duration::from_secs(60);

/// How many generated sources per random category.
const RANDOM_CASES: usize = 120;

const KNOWN_FAILURES_HEADER: &str = "\
# Robustness cases (see tests/robustness.rs) that do not pass yet.
# One per line, optional `# reason`. The test fails when an unlisted case fails
# and when a listed case passes (remove it then).
# Regenerate: PYRITE_UPDATE_KNOWN_FAILURES=1 cargo test -p pyrite --test robustness
";

/// A deterministic xorshift64* generator: the same inputs on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn scratch_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("robustness");
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// Writes `source` to the scratch folder and runs `pyrite` on it.
fn run_source(name: &str, source: &[u8], extra_args: &[&str]) -> (PathBuf, Outcome) {
    let path = scratch_dir().join(format!("{}.py", name.replace('/', "_")));
    if let Err(e) = std::fs::write(&path, source) {
        panic!("cannot write {}: {e}", path.display());
    }
    let mut cmd = Command::new(pyrite_bin());
    cmd.args(extra_args).arg(&path);
    (path.clone(), run_with_timeout(cmd, None, RUN_TIMEOUT))
}

/// The basic contract: ended by itself with 0, or with 1 and a traceback;
/// no signal, no panic, no hang.
fn check_no_crash(o: &Outcome) -> Result<(), String> {
    let stderr = o.stderr_text();
    if stderr.contains("panicked at") {
        return Err(format!("Rust panic: {}", first_panic_line(&stderr)));
    }
    match o.code() {
        _ if o.timed_out() => Err(o.describe_end()),
        None => Err(o.describe_end()),
        Some(0) => Ok(()),
        Some(1) if error_type(&stderr).is_some() => Ok(()),
        Some(1) => Err(format!(
            "exit 1 without an exception; stderr ends: {}",
            o.stderr_tail(3)
        )),
        Some(c) => Err(format!(
            "exit status {c}; stderr ends: {}",
            o.stderr_tail(3)
        )),
    }
}

/// Like [`check_no_crash`] but the run must end with an uncaught exception,
/// one of `types` when given.
fn check_error(o: &Outcome, types: &[&str]) -> Result<(), String> {
    check_no_crash(o)?;
    let ty = error_type(&o.stderr_text());
    match (o.code(), ty) {
        (Some(1), Some(t)) if types.is_empty() || types.contains(&t.as_str()) => Ok(()),
        (Some(1), t) => Err(format!("ended with {t:?}, expected one of {types:?}")),
        _ => Err(format!(
            "ran to completion (exit 0), expected an error {types:?}"
        )),
    }
}

/// The exception a failed run reported: the traceback's type when there is
/// one, otherwise a last stderr line shaped `Name: message` or `Name` (some
/// errors, e.g. a MemoryError while compiling, come without a traceback).
fn error_type(stderr: &str) -> Option<String> {
    if let Some(t) = uncaught_error_type(stderr) {
        return Some(t);
    }
    let last = stderr
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())?
        .trim_end();
    let name = last.split_once(':').map_or(last, |(n, _)| n);
    let looks_like_type = name.ends_with("Error")
        || name.ends_with("Exception")
        || name.ends_with("Interrupt")
        || name == "StopIteration";
    (looks_like_type
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.'))
    .then(|| name.rsplit('.').next().unwrap_or(name).to_string())
}

fn first_panic_line(stderr: &str) -> String {
    stderr
        .lines()
        .skip_while(|l| !l.contains("panicked at"))
        .take(2)
        .collect::<Vec<_>>()
        .join(" | ")
}

/// Runs many generated sources; the case fails on the first bad one.
fn random_category(name: &str, seed: u64, generate: fn(&mut Rng) -> Vec<u8>) -> Result<(), String> {
    let mut rng = Rng(seed);
    let sources: Vec<Vec<u8>> = (0..RANDOM_CASES).map(|_| generate(&mut rng)).collect();
    let indexed: Vec<(usize, Vec<u8>)> = sources.into_iter().enumerate().collect();
    let results = parallel_map(indexed, common::worker_count(), |(i, src)| {
        let (path, o) = run_source(&format!("{name}-{i}"), src, &[]);
        let r = check_no_crash(&o);
        if r.is_ok() {
            let _ = std::fs::remove_file(&path);
        }
        r.map_err(|e| format!("input #{i} ({}): {e}", path.display()))
    });
    let failures: Vec<String> = results.into_iter().filter_map(Result::err).collect();
    match failures.first() {
        None => Ok(()),
        Some(first) => Err(format!(
            "{} of {RANDOM_CASES} inputs failed; first: {first}",
            failures.len()
        )),
    }
}

fn gen_random_bytes(rng: &mut Rng) -> Vec<u8> {
    let len = rng.below(300);
    (0..len).map(|_| rng.next() as u8).collect()
}

fn gen_random_ascii(rng: &mut Rng) -> Vec<u8> {
    const CHARS: &[u8] = b"abcxyz019_ \t\n\n()[]{}:;,.+-*/%=<>!&|^~@'\"#\\";
    let len = rng.below(300);
    (0..len).map(|_| CHARS[rng.below(CHARS.len())]).collect()
}

/// Sequences of Python tokens: far more of these parse, so they reach the
/// compiler and the VM. `while` and `**`/`<<` are left out so that no input
/// can legitimately run (or allocate) forever.
fn gen_token_soup(rng: &mut Rng) -> Vec<u8> {
    const TOKENS: &[&str] = &[
        "if",
        "else",
        "elif",
        "for",
        "in",
        "def",
        "return",
        "class",
        "try",
        "except",
        "finally",
        "with",
        "as",
        "lambda",
        "not",
        "and",
        "or",
        "is",
        "None",
        "True",
        "False",
        "pass",
        "break",
        "continue",
        "yield",
        "global",
        "nonlocal",
        "del",
        "assert",
        "raise",
        "from",
        "async",
        "await",
        "import",
        "x",
        "y",
        "f",
        "g",
        "C",
        "print",
        "len",
        "range",
        "int",
        "str",
        "list",
        "dict",
        "iter",
        "next",
        "0",
        "1",
        "2",
        "3",
        "1.5",
        "0x1",
        "\"a\"",
        "'b'",
        "f\"{x}\"",
        "b\"z\"",
        "+",
        "-",
        "*",
        "/",
        "//",
        "%",
        "==",
        "!=",
        "<",
        ">",
        "<=",
        ">=",
        "=",
        "+=",
        "-=",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        ",",
        ":",
        ".",
        ";",
        "->",
        "@",
        "&",
        "|",
        "^",
        "~",
        ":=",
        "*",
        "...",
        "\n",
        "\n",
        "\n    ",
        "\n        ",
    ];
    let n = rng.below(60) + 1;
    let mut out = String::new();
    for _ in 0..n {
        out.push_str(TOKENS[rng.below(TOKENS.len())]);
        out.push(' ');
    }
    out.push('\n');
    out.into_bytes()
}

/// A case that checks something about the `pyrite` command.
type Check = Box<dyn Fn() -> Result<(), String> + Send + Sync>;

/// A generated program in a file, with what its run must satisfy.
struct Program {
    name: &'static str,
    source: String,
    args: &'static [&'static str],
    /// `None`: no crash is enough. `Some(types)`: must end with one of these
    /// uncaught exceptions (empty: any).
    must_fail_with: Option<&'static [&'static str]>,
    /// Exact stdout required, when given.
    stdout: Option<&'static str>,
}

fn program(name: &'static str, source: String) -> Program {
    Program {
        name,
        source,
        args: &[],
        must_fail_with: None,
        stdout: None,
    }
}

fn programs() -> Vec<Program> {
    let nested = |open: &str, close: &str, n: usize| {
        format!("x = {}{}\nprint(x)\n", open.repeat(n), close.repeat(n))
    };
    vec![
        Program {
            must_fail_with: Some(&[]),
            ..program("nested_brackets_10000", nested("[", "]", 10_000))
        },
        Program {
            must_fail_with: Some(&[]),
            ..program("nested_parens_10000", nested("(", ")", 10_000))
        },
        Program {
            must_fail_with: Some(&[]),
            ..program("nested_braces_10000", nested("{", "}", 10_000))
        },
        program("nested_brackets_50", nested("[", "]", 50)),
        program("unary_minus_100000", format!("x = {}1\nprint(x)\n", "-".repeat(100_000))),
        program("not_chain_10000", format!("x = {}True\nprint(x)\n", "not ".repeat(10_000))),
        program("addition_chain_100000", format!("x = {}1\nprint(x)\n", "1+".repeat(100_000))),
        program("power_chain_10000", format!("x = {}1\nprint(x)\n", "1**".repeat(10_000))),
        program("attribute_chain_10000", format!("x = (1){}\nprint(x)\n", ".real".repeat(10_000))),
        program("call_chain_10000", format!("def f(*a): return f\nf{}\nprint('ok')\n", "()".repeat(10_000))),
        program("nested_lambdas_5000", format!("f = {}1\nprint(f)\n", "lambda: ".repeat(5_000))),
        program("nested_fstrings", "x = 1\nprint(f\"{f'{f\"{x}\"}'}\")\n".to_string()),
        program("deep_indentation_300", {
            let mut s = String::new();
            for i in 0..300 {
                s.push_str(&" ".repeat(i));
                s.push_str("if True:\n");
            }
            s.push_str(&" ".repeat(300));
            s.push_str("print('deep')\n");
            s
        }),
        program("long_line_1mb", format!("x = '{}'\nprint(len(x))\n", "a".repeat(1 << 20))),
        program("many_statements_20000", "x = 1\n".repeat(20_000) + "print(x)\n"),
        program("huge_int_literal", format!("x = {}\nprint(x % 97)\n", "9".repeat(20_000))),
        Program {
            must_fail_with: Some(&["RecursionError"]),
            ..program("deep_recursion", "def f(n):\n    return f(n + 1)\nf(0)\n".to_string())
        },
        Program {
            stdout: Some("caught RecursionError\n"),
            ..program(
                "deep_recursion_caught",
                "def f(n):\n    return f(n + 1) + 1\ntry:\n    f(0)\nexcept RecursionError as e:\n    print('caught', type(e).__name__)\n".to_string(),
            )
        },
        Program {
            must_fail_with: Some(&["RecursionError"]),
            ..program(
                "recursive_dunder_repr",
                "class R:\n    def __repr__(self):\n        return repr(self)\nprint(R())\n".to_string(),
            )
        },
        Program {
            must_fail_with: Some(&["RecursionError"]),
            ..program(
                "recursive_getattr",
                "class G:\n    def __getattr__(self, n):\n        return self.other\nG().x\n".to_string(),
            )
        },
        program(
            "recursion_through_native_calls",
            "def f(n):\n    return list(map(f, [n + 1]))\ntry:\n    f(0)\nexcept RecursionError:\n    print('caught')\n".to_string(),
        ),
        program(
            "nested_list_repr_100000",
            "l = []\nfor i in range(100000):\n    l = [l]\nprint(len(repr(l)))\n".to_string(),
        ),
        program(
            "nested_list_eq_100000",
            "a = []\nb = []\nfor i in range(100000):\n    a = [a]\n    b = [b]\nprint(a == b)\n".to_string(),
        ),
        program(
            "nested_tuple_hash_100000",
            "t = ()\nfor i in range(100000):\n    t = (t,)\nprint(hash(t) == hash(t))\n".to_string(),
        ),
        program(
            "nested_dict_str_100000",
            "d = {}\nfor i in range(100000):\n    d = {'k': d}\nprint(len(str(d)))\n".to_string(),
        ),
        program(
            "deep_yield_from_chain",
            "def g(n):\n    if n == 0:\n        yield 1\n    else:\n        yield from g(n - 1)\ntry:\n    print(list(g(100000)))\nexcept RecursionError:\n    print('RecursionError')\n".to_string(),
        ),
        program(
            "deep_class_hierarchy_300",
            "C = object\nfor i in range(300):\n    C = type('C%d' % i, (C,), {})\nprint(len(C.__mro__))\n".to_string(),
        ),
        program(
            "reference_cycles_churn",
            "class N:\n    pass\nfor i in range(200000):\n    a = N()\n    a.me = a\n    a.data = [i] * 10\nprint('ok')\n".to_string(),
        ),
        Program {
            stdout: Some("torture done True\n"),
            ..program(
                "builtin_torture",
                include_str!("robustness/builtin_torture.py").to_string(),
            )
        },
        Program {
            args: &["--heap", "1M"],
            must_fail_with: Some(&["MemoryError"]),
            ..program(
                "heap_exhaustion_1m",
                "keep = []\nwhile True:\n    keep.append([0] * 1000)\n".to_string(),
            )
        },
        Program {
            args: &["--heap", "1M"],
            stdout: Some("MemoryError caught\nstill running 3\n"),
            ..program(
                "heap_exhaustion_caught_1m",
                "keep = []\ntry:\n    while True:\n        keep.append('x' * 1000)\nexcept MemoryError:\n    keep = None\n    print('MemoryError caught')\nprint('still running', 1 + 2)\n".to_string(),
            )
        },
    ]
}

fn run_program(p: &Program) -> Result<(), String> {
    let (path, o) = run_source(p.name, p.source.as_bytes(), p.args);
    let r = match p.must_fail_with {
        Some(types) => check_error(&o, types),
        None => check_no_crash(&o),
    }
    .and_then(|()| match p.stdout {
        Some(want) if o.stdout != want.as_bytes() => Err(format!(
            "stdout {:?}, expected {want:?}; {}",
            String::from_utf8_lossy(&o.stdout),
            o.describe_end()
        )),
        _ => Ok(()),
    });
    if r.is_ok() {
        let _ = std::fs::remove_file(&path);
    }
    r.map_err(|e| format!("{e} (source: {})", path.display()))
}

/// Sends SIGINT to a running script once it has printed `started` (and had
/// `delay` more to get into its loop), then waits for it to end.
fn interrupt_after(name: &str, source: &str, delay: Duration) -> Outcome {
    let path = scratch_dir().join(format!("{name}.py"));
    std::fs::write(&path, source).expect("write scratch source");
    let mut cmd = Command::new(pyrite_bin());
    cmd.arg(&path);
    let running = match Running::spawn(cmd, None) {
        Ok(r) => r,
        Err(e) => panic!("cannot start pyrite: {e}"),
    };
    // Waiting for the script's own output keeps this right on a loaded
    // machine, where start-up can take longer than any fixed sleep.
    let deadline = std::time::Instant::now() + RUN_TIMEOUT;
    while !running.stdout_so_far().starts_with(b"started\n") && std::time::Instant::now() < deadline
    {
        thread::sleep(Duration::from_millis(10));
    }
    thread::sleep(delay);
    // Plain `kill` keeps this test free of a libc dependency.
    let _ = Command::new("kill")
        .args(["-INT", &running.id().to_string()])
        .status();
    running.wait(RUN_TIMEOUT + delay + Duration::from_secs(5))
}

fn check_sigint_uncaught(source: &str, name: &str) -> Result<(), String> {
    let o = interrupt_after(name, source, Duration::from_millis(300));
    if o.timed_out() {
        return Err("still running 5 s after SIGINT (or never printed `started`)".into());
    }
    let ty = uncaught_error_type(&o.stderr_text());
    // CPython prints the traceback and then re-raises SIGINT on itself, so
    // that its parent sees "killed by SIGINT"; exit status 1 is what Pyrite
    // documents. Either is fine once the traceback shows it was handled.
    let ended_ok = o.code() == Some(1) || o.signal() == Some(2);
    if o.signal().is_some() && ty.is_none() {
        return Err(format!(
            "{} (SIGINT was not turned into KeyboardInterrupt)",
            o.describe_end()
        ));
    }
    if !ended_ok || ty.as_deref() != Some("KeyboardInterrupt") {
        return Err(format!(
            "{}, uncaught {:?}, expected exit 1 with KeyboardInterrupt",
            o.describe_end(),
            ty
        ));
    }
    if !String::from_utf8_lossy(&o.stdout).starts_with("started\n") {
        return Err("the script's output before the interrupt was lost".into());
    }
    Ok(())
}

fn sigint_cases() -> Vec<(&'static str, Check)> {
    vec![
        (
            "sigint_infinite_loop",
            Box::new(|| {
                check_sigint_uncaught(
                    "print('started', flush=True)\nwhile True:\n    pass\n",
                    "sigint_infinite_loop",
                )
            }),
        ),
        (
            "sigint_during_sleep",
            Box::new(|| {
                check_sigint_uncaught(
                    "import time\nprint('started', flush=True)\ntime.sleep(60)\n",
                    "sigint_during_sleep",
                )
            }),
        ),
        (
            "sigint_inside_builtin_call",
            Box::new(|| {
                // The loop runs inside sum(), re-entering the VM for each item
                // of an endless generator: the interrupt must still land.
                check_sigint_uncaught(
                    "print('started', flush=True)\nsum(1 for _ in iter(int, 1))\n",
                    "sigint_inside_builtin_call",
                )
            }),
        ),
        (
            "sigint_caught",
            Box::new(|| {
                let src = "print('started', flush=True)\nn = 0\ntry:\n    while True:\n        n += 1\nexcept KeyboardInterrupt:\n    print('caught', n > 0)\n";
                let o = interrupt_after("sigint_caught", src, Duration::from_millis(300));
                if o.code() == Some(0) && o.stdout == b"started\ncaught True\n" {
                    Ok(())
                } else {
                    Err(format!(
                        "{}, stdout {:?}",
                        o.describe_end(),
                        String::from_utf8_lossy(&o.stdout)
                    ))
                }
            }),
        ),
    ]
}

/// Small checks of the command line itself.
fn cli_cases() -> Vec<(&'static str, Check)> {
    vec![
        (
            "cli_dash_c",
            Box::new(|| {
                let mut cmd = Command::new(pyrite_bin());
                cmd.args(["-c", "import sys\nprint(6 * 7, sys.argv[1:])", "a", "b"]);
                let o = run_with_timeout(cmd, None, RUN_TIMEOUT);
                if o.code() == Some(0) && o.stdout == b"42 ['a', 'b']\n" {
                    Ok(())
                } else {
                    Err(format!(
                        "{}, stdout {:?}",
                        o.describe_end(),
                        String::from_utf8_lossy(&o.stdout)
                    ))
                }
            }),
        ),
        (
            "cli_missing_file",
            Box::new(|| {
                let mut cmd = Command::new(pyrite_bin());
                cmd.arg(scratch_dir().join("no_such_script.py"));
                let o = run_with_timeout(cmd, None, RUN_TIMEOUT);
                let stderr = o.stderr_text();
                match o.code() {
                    Some(c) if c != 0 && !stderr.contains("panicked") && !stderr.is_empty() => {
                        Ok(())
                    }
                    _ => Err(format!(
                        "{}, stderr {:?}",
                        o.describe_end(),
                        o.stderr_tail(2)
                    )),
                }
            }),
        ),
        (
            "cli_stdin_script_eof",
            Box::new(|| {
                // input() at end of stdin raises EOFError, not a hang or crash.
                let (_, o) = run_source(
                    "stdin_eof",
                    b"try:\n    input()\nexcept EOFError:\n    print('eof')\n",
                    &[],
                );
                if o.code() == Some(0) && o.stdout == b"eof\n" {
                    Ok(())
                } else {
                    Err(format!(
                        "{}, stdout {:?}",
                        o.describe_end(),
                        String::from_utf8_lossy(&o.stdout)
                    ))
                }
            }),
        ),
    ]
}

/// Crashing inputs saved by the fuzzer: each must now run or fail cleanly.
fn regression_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join("regressions");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.is_file() && p.extension().is_some_and(|e| e == "py"));
    files.sort();
    files
}

#[test]
fn robustness() {
    let mut cases: Vec<(String, Check)> = vec![
        (
            "random_bytes".into(),
            Box::new(|| random_category("random_bytes", 0x9E37_79B9_7F4A_7C15, gen_random_bytes)),
        ),
        (
            "random_ascii".into(),
            Box::new(|| random_category("random_ascii", 0xD1B5_4A32_D192_ED03, gen_random_ascii)),
        ),
        (
            "token_soup".into(),
            Box::new(|| random_category("token_soup", 0x8CB9_2BA7_2F3D_8DD7, gen_token_soup)),
        ),
    ];
    for p in programs() {
        cases.push((p.name.to_string(), Box::new(move || run_program(&p))));
    }
    for (name, f) in sigint_cases().into_iter().chain(cli_cases()) {
        cases.push((name.to_string(), f));
    }
    for file in regression_files() {
        let name = format!(
            "regression/{}",
            file.file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default()
        );
        cases.push((
            name,
            Box::new(move || {
                let mut cmd = Command::new(pyrite_bin());
                cmd.arg(&file);
                let o = run_with_timeout(cmd, None, RUN_TIMEOUT);
                check_no_crash(&o).map_err(|e| format!("{e} ({})", file.display()))
            }),
        ));
    }

    // The random categories parallelise internally; the rest run two at a
    // time (the SIGINT cases sleep, and sleeping need not be serialised).
    let results = parallel_map(cases.iter().collect(), 2, |(_, f)| f());

    let kf_path = tests_dir().join("ROBUSTNESS_KNOWN_FAILURES");
    let mut known = KnownFailures::load(&kf_path);
    let (mut passed, mut known_failed) = (0, 0);
    let mut regressions = Vec::new();
    let mut now_passing = Vec::new();
    for ((name, _), r) in cases.iter().zip(&results) {
        let listed = known.contains(name);
        match r {
            Ok(()) => {
                passed += 1;
                if listed {
                    println!("PASS {name}: now passes, remove it from ROBUSTNESS_KNOWN_FAILURES");
                    now_passing.push(name.clone());
                }
            }
            Err(e) if listed => {
                known_failed += 1;
                println!("KNOWN FAILURE {name}: {e}");
            }
            Err(e) => {
                println!("FAIL {name}: {e}");
                regressions.push(name.clone());
            }
        }
    }
    let names: std::collections::BTreeSet<&str> = cases.iter().map(|(n, _)| n.as_str()).collect();
    let stale: Vec<String> = known
        .entries
        .keys()
        .filter(|k| !names.contains(k.as_str()))
        .cloned()
        .collect();
    let summary = format!(
        "robustness: {passed} passed, {known_failed} known failures, {} regressions, {} now passing",
        regressions.len(),
        now_passing.len()
    );
    println!("{summary}");
    if common::update_requested() {
        known.entries.clear();
        for ((name, _), r) in cases.iter().zip(&results) {
            if let Err(e) = r {
                let without_path = e.split(" (source:").next().unwrap_or(e);
                let short: String = without_path.chars().take(120).collect();
                known.entries.insert(name.clone(), short.replace('\n', " "));
            }
        }
        known
            .save(&kf_path, KNOWN_FAILURES_HEADER)
            .expect("write ROBUSTNESS_KNOWN_FAILURES");
        println!(
            "rewrote {} ({} entries)",
            kf_path.display(),
            known.entries.len()
        );
        return;
    }
    assert!(
        regressions.is_empty() && now_passing.is_empty() && stale.is_empty(),
        "{summary}\nregressions: {regressions:?}\nnow passing: {now_passing:?}\nstale entries: {stale:?}"
    );
}
