//! Differential tests: every program under `tests/diff/` is run by `pyrite`
//! and its stdout (plus exit status and uncaught-exception type) is compared
//! with what CPython 3.11 produced, stored next to it as `NAME.py.expected`
//! by `tests/gen_expected.py`. See `tests/diff/README.md` for the format.
//!
//! Programs listed in `tests/diff/KNOWN_FAILURES` may fail; the test fails on
//! any other failure (a regression) and on a listed program that now passes
//! (so the list only shrinks). `PYRITE_UPDATE_KNOWN_FAILURES=1` rewrites the
//! list from the current results. `PYRITE_DIFF_FILTER=substr` runs a subset,
//! `PYRITE_DIFF_VERBOSE=1` also prints the diffs of known failures.

mod common;

use common::{
    KnownFailures, Outcome, parallel_map, pyrite_bin, run_with_timeout, tests_dir,
    uncaught_error_type,
};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// Longest a single program may run before it is killed and counted failed.
// A hang guard, not a speed check (see robustness.rs).
const PROGRAM_TIMEOUT: Duration = Duration::from_secs(60);

const KNOWN_FAILURES_HEADER: &str = "\
# Differential programs (paths relative to tests/diff/) that do not pass yet.
# One per line, optional `# reason`. The differential test fails when a program
# not listed here fails, and when a listed one passes (remove it then).
# Regenerate: PYRITE_UPDATE_KNOWN_FAILURES=1 cargo test -p pyrite --test differential
";

/// One program of the suite.
struct Case {
    /// Path relative to `tests/diff/`, with `/` separators: the name used in
    /// KNOWN_FAILURES and reports.
    name: String,
    path: PathBuf,
}

/// How a program's run compared with the expectation.
enum Verdict {
    Pass,
    Fail { reason: String, details: String },
}

fn diff_dir() -> PathBuf {
    tests_dir().join("diff")
}

/// Every `*.py` under `dir`, except helper modules and packages (names
/// starting with `_`).
fn discover(dir: &Path, root: &Path, out: &mut Vec<Case>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let Some(file) = path.file_name().and_then(|f| f.to_str()) else {
            continue;
        };
        if path.is_dir() {
            // `_pkg/` folders hold packages that programs import.
            if !file.starts_with('_') {
                discover(&path, root, out);
            }
            continue;
        }
        if !file.ends_with(".py") || file.starts_with('_') {
            continue;
        }
        let rel = path.strip_prefix(root).unwrap_or(&path);
        let name = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        out.push(Case { name, path });
    }
}

/// The comparable form of a run: stdout, then `# exit: N` and
/// `# error: Type` lines when the exit status is not 0. Must match what
/// `gen_expected.py` writes.
fn normalized(outcome: &Outcome) -> Vec<u8> {
    let mut out = outcome.stdout.clone();
    let tail = match (outcome.status, outcome.signal()) {
        (None, _) => Some("# timeout\n".to_string()),
        (Some(_), Some(sig)) => Some(format!("# killed by signal {sig}\n")),
        (Some(s), None) => match s.code() {
            Some(0) => None,
            Some(code) => {
                let mut t = format!("# exit: {code}\n");
                if let Some(ty) = uncaught_error_type(&outcome.stderr_text()) {
                    t.push_str(&format!("# error: {ty}\n"));
                }
                Some(t)
            }
            None => Some("# exit: unknown\n".to_string()),
        },
    };
    if let Some(t) = tail {
        if !out.is_empty() && !out.ends_with(b"\n") {
            out.push(b'\n');
        }
        out.extend_from_slice(t.as_bytes());
    }
    out
}

/// Lines of context shown around the first difference.
const CONTEXT: usize = 3;

/// A short reason and a readable report of where `actual` leaves `expected`.
fn explain(expected: &[u8], actual: &[u8], outcome: &Outcome) -> (String, String) {
    let exp = String::from_utf8_lossy(expected);
    let act = String::from_utf8_lossy(actual);
    let el: Vec<&str> = exp.split_inclusive('\n').collect();
    let al: Vec<&str> = act.split_inclusive('\n').collect();
    let first = el
        .iter()
        .zip(al.iter())
        .position(|(a, b)| a != b)
        .unwrap_or(el.len().min(al.len()));
    let reason = if outcome.timed_out() {
        "timeout".to_string()
    } else if let Some(sig) = outcome.signal() {
        format!("killed by signal {sig}")
    } else if outcome.code() != Some(0) && !exp.contains("# exit:") {
        let ty = uncaught_error_type(&outcome.stderr_text());
        format!(
            "exit {}{} at output line {}",
            outcome.code().unwrap_or(-1),
            ty.map(|t| format!(" ({t})")).unwrap_or_default(),
            first + 1
        )
    } else {
        format!("output differs at line {}", first + 1)
    };
    let mut d = String::new();
    let from = first.saturating_sub(CONTEXT);
    d.push_str(&format!("    --- expected (lines {}..)\n", from + 1));
    for (i, l) in el.iter().enumerate().skip(from).take(2 * CONTEXT + 1) {
        let mark = if i == first { '>' } else { ' ' };
        d.push_str(&format!(
            "    {mark}{:4} {}\n",
            i + 1,
            l.trim_end_matches('\n')
        ));
    }
    if first >= el.len() {
        d.push_str("    >     <end of expected output>\n");
    }
    d.push_str(&format!("    +++ actual (lines {}..)\n", from + 1));
    for (i, l) in al.iter().enumerate().skip(from).take(2 * CONTEXT + 1) {
        let mark = if i == first { '>' } else { ' ' };
        d.push_str(&format!(
            "    {mark}{:4} {}\n",
            i + 1,
            l.trim_end_matches('\n')
        ));
    }
    if first >= al.len() {
        d.push_str("    >     <end of actual output>\n");
    }
    let tail = outcome.stderr_tail(8);
    if !tail.is_empty() {
        d.push_str("    stderr (last lines):\n");
        for l in tail.lines() {
            d.push_str(&format!("    | {l}\n"));
        }
    }
    (reason, d)
}

fn run_case(case: &Case) -> Verdict {
    let expected_path = case.path.with_extension("py.expected");
    let Ok(expected) = std::fs::read(&expected_path) else {
        return Verdict::Fail {
            reason: "no .expected file".to_string(),
            details: format!(
                "    missing {}: run `python3 interpreter/tests/gen_expected.py`\n",
                expected_path.display()
            ),
        };
    };
    let stdin = std::fs::read(case.path.with_extension("py.stdin")).ok();
    let args: Vec<String> = std::fs::read_to_string(case.path.with_extension("py.args"))
        .map(|t| t.lines().map(str::to_string).collect())
        .unwrap_or_default();
    let dir = case.path.parent().unwrap_or(Path::new("."));
    let file = case
        .path
        .file_name()
        .map(|f| f.to_owned())
        .unwrap_or_default();
    let mut cmd = Command::new(pyrite_bin());
    cmd.arg(file).args(&args).current_dir(dir);
    let outcome = run_with_timeout(cmd, stdin, PROGRAM_TIMEOUT);
    let actual = normalized(&outcome);
    if actual == expected {
        Verdict::Pass
    } else {
        let (reason, details) = explain(&expected, &actual, &outcome);
        Verdict::Fail { reason, details }
    }
}

/// At most a screenful of names for the panic message.
fn abbreviated(names: &[String]) -> String {
    const SHOWN: usize = 15;
    let mut s = names
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > SHOWN {
        s.push_str(&format!(", ... ({} more)", names.len() - SHOWN));
    }
    if s.is_empty() { "none".to_string() } else { s }
}

#[test]
fn differential() {
    let root = diff_dir();
    let mut cases = Vec::new();
    discover(&root, &root, &mut cases);
    assert!(
        !cases.is_empty(),
        "no programs found under {}",
        root.display()
    );
    let filter = std::env::var("PYRITE_DIFF_FILTER")
        .ok()
        .filter(|f| !f.is_empty());
    if let Some(f) = &filter {
        cases.retain(|c| c.name.contains(f.as_str()));
    }
    let verbose = std::env::var("PYRITE_DIFF_VERBOSE").is_ok_and(|v| v == "1");
    let kf_path = root.join("KNOWN_FAILURES");
    let mut known = KnownFailures::load(&kf_path);

    let verdicts = parallel_map(cases.iter().collect(), common::worker_count(), |c| {
        run_case(c)
    });

    let mut passed = 0;
    let mut known_failed = 0;
    let mut regressions = Vec::new();
    let mut now_passing = Vec::new();
    let mut report = String::new();
    for (case, verdict) in cases.iter().zip(&verdicts) {
        let listed = known.contains(&case.name);
        match verdict {
            Verdict::Pass => {
                passed += 1;
                if listed {
                    now_passing.push(case.name.clone());
                }
            }
            Verdict::Fail { reason, details } => {
                if listed {
                    known_failed += 1;
                    if verbose {
                        report
                            .push_str(&format!("KNOWN FAILURE {}: {reason}\n{details}", case.name));
                    }
                } else {
                    regressions.push(case.name.clone());
                    report.push_str(&format!("FAIL {}: {reason}\n{details}", case.name));
                }
            }
        }
    }
    for name in &now_passing {
        report.push_str(&format!(
            "PASS {name}: now passes, remove it from KNOWN_FAILURES\n"
        ));
    }
    // Entries naming programs that no longer exist are stale too (only
    // checked on a full run).
    let stale_missing: Vec<String> = if filter.is_none() {
        let names: std::collections::BTreeSet<&str> =
            cases.iter().map(|c| c.name.as_str()).collect();
        known
            .entries
            .keys()
            .filter(|k| !names.contains(k.as_str()))
            .cloned()
            .collect()
    } else {
        Vec::new()
    };
    for name in &stale_missing {
        report.push_str(&format!(
            "STALE {name}: listed in KNOWN_FAILURES but no such program\n"
        ));
    }
    print!("{report}");
    let summary = format!(
        "differential: {passed} passed, {known_failed} known failures, {} regressions, {} now passing, {} programs",
        regressions.len(),
        now_passing.len(),
        cases.len()
    );
    println!("{summary}");

    if common::update_requested() {
        // Reasons are regenerated from this run so they describe the
        // current state of each failure.
        for name in now_passing.iter().chain(&stale_missing) {
            known.entries.remove(name);
        }
        for (case, verdict) in cases.iter().zip(&verdicts) {
            if let Verdict::Fail { reason, .. } = verdict {
                known.entries.insert(case.name.clone(), reason.clone());
            }
        }
        known
            .save(&kf_path, KNOWN_FAILURES_HEADER)
            .expect("write KNOWN_FAILURES");
        println!(
            "rewrote {} ({} entries)",
            kf_path.display(),
            known.entries.len()
        );
        return;
    }
    assert!(
        regressions.is_empty() && now_passing.is_empty() && stale_missing.is_empty(),
        "{summary}\nregressions: {}\nnow passing (remove from tests/diff/KNOWN_FAILURES): {}\nstale entries: {}\n(details above; PYRITE_UPDATE_KNOWN_FAILURES=1 rewrites the list)",
        abbreviated(&regressions),
        abbreviated(&now_passing),
        abbreviated(&stale_missing)
    );
}
