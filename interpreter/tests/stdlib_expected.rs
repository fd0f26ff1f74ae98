//! Programs with our own expected outputs, for the APIs CPython does not have:
//! `tests/micropython/` (micropython, MicroPython-only asyncio and sys parts) and
//! `tests/machine/` (driver-style code against the `pyrite` CLI's simulated board).
//!
//! Each `NAME.py` runs with `pyrite` in its folder; stdout (plus `# exit: N` and
//! `# error: Type` lines when the exit status is not 0, as in `tests/diff/`) must equal
//! `NAME.py.expected`. `PYRITE_BLESS=1` writes the `.expected` files from the current
//! output (review the diff before committing). `PYRITE_EXPECTED_FILTER=substr` runs a subset.

mod common;

use common::{parallel_map, pyrite_bin, run_with_timeout, tests_dir, uncaught_error_type};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// A hang guard, not a speed check.
const TIMEOUT: Duration = Duration::from_secs(60);

fn programs(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.extension().is_some_and(|x| x == "py")
                        && !p
                            .file_name()
                            .and_then(|f| f.to_str())
                            .is_some_and(|f| f.starts_with('_'))
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn normalized(path: &Path) -> Vec<u8> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut cmd = Command::new(pyrite_bin());
    cmd.arg(path.file_name().unwrap_or_default())
        .current_dir(dir);
    let o = run_with_timeout(cmd, None, TIMEOUT);
    let mut out = o.stdout.clone();
    let tail = if o.timed_out() {
        Some("# timeout\n".to_string())
    } else {
        match o.code() {
            Some(0) => None,
            Some(c) => {
                let mut t = format!("# exit: {c}\n");
                if let Some(ty) = uncaught_error_type(&o.stderr_text()) {
                    t.push_str(&format!("# error: {ty}\n"));
                }
                Some(t)
            }
            None => Some("# killed\n".to_string()),
        }
    };
    if let Some(t) = tail {
        if !out.is_empty() && !out.ends_with(b"\n") {
            out.push(b'\n');
        }
        out.extend_from_slice(t.as_bytes());
        out.extend_from_slice(b"# stderr:\n");
        out.extend_from_slice(&o.stderr);
    }
    out
}

fn run_folder(name: &str) {
    let dir = tests_dir().join(name);
    let filter = std::env::var("PYRITE_EXPECTED_FILTER").unwrap_or_default();
    let cases: Vec<PathBuf> = programs(&dir)
        .into_iter()
        .filter(|p| p.to_string_lossy().contains(&filter))
        .collect();
    assert!(
        !cases.is_empty() || !filter.is_empty(),
        "no programs in {}",
        dir.display()
    );
    let bless = std::env::var_os("PYRITE_BLESS").is_some();
    let results = parallel_map(cases, common::worker_count(), |p| {
        let actual = normalized(p);
        let exp_path = p.with_extension("py.expected");
        if bless {
            std::fs::write(&exp_path, &actual).expect("write .expected");
            return None;
        }
        let expected = std::fs::read(&exp_path).unwrap_or_default();
        if expected == actual {
            None
        } else {
            Some(format!(
                "--- {} expected:\n{}\n+++ actual:\n{}",
                p.display(),
                String::from_utf8_lossy(&expected),
                String::from_utf8_lossy(&actual)
            ))
        }
    });
    let failures: Vec<String> = results.into_iter().flatten().collect();
    assert!(
        failures.is_empty(),
        "{} program(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn micropython_programs() {
    run_folder("micropython");
}

#[test]
fn machine_programs() {
    run_folder("machine");
}

/// `mem_info` / `qstr_info` print numbers that move with every change to the VM: check the
/// layout MicroPython's tools parse, not the values.
#[test]
fn mem_info_and_qstr_info_layout() {
    let mut cmd = Command::new(pyrite_bin());
    cmd.args([
        "-c",
        "import micropython\nmicropython.mem_info()\nmicropython.qstr_info()",
    ]);
    let o = run_with_timeout(cmd, None, TIMEOUT);
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[0].starts_with("stack: ") && lines[0].contains(" out of "),
        "{text}"
    );
    assert!(
        lines[1].starts_with("GC: total: ") && lines[1].contains(", used: "),
        "{text}"
    );
    assert!(
        lines[2].starts_with("qstr pool: n_pool=1, n_qstr="),
        "{text}"
    );
}
