//! The interpreter's differential programs (interpreter/tests/diff/**) run inside the emulated
//! Cortex-M4 with a 64 KiB interpreter heap, and their output is compared with CPython's.
//!
//! One QEMU boot runs a whole batch: the `diffrun` image reads a list of program paths through
//! semihosting and prints each program's normalised result between markers. If the image dies
//! mid-batch, the program it was running counts as failed and the batch resumes after it.
//!
//! What may fail: programs listed in the interpreter's own `KNOWN_FAILURES` (they fail on the
//! host too), and programs in `agent-firmware/ports/qemu-m4/diff-known-failures.txt` (with the
//! device-specific reason, e.g. more memory than 64 KiB). Any other failure is a regression,
//! and so is a program of the device list that passes now (remove it: the list only shrinks).
//! Programs that read stdin or take arguments are not run (the board has neither).

#[path = "firmware_support.rs"]
mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, bail};

/// The interpreter heap every program gets on the device.
const HEAP_BYTES: usize = 64 * 1024;

fn diff_dir() -> PathBuf {
    pyrite_e2e::workspace_root().join("interpreter/tests/diff")
}

/// Every runnable program, as (name relative to diff/, absolute path).
fn discover(dir: &Path, root: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let Some(file) = path.file_name().and_then(|f| f.to_str()).map(str::to_owned) else {
            continue;
        };
        if path.is_dir() {
            if !file.starts_with('_') {
                discover(&path, root, out);
            }
            continue;
        }
        if !file.ends_with(".py") || file.starts_with('_') {
            continue;
        }
        if path.with_extension("py.stdin").exists() || path.with_extension("py.args").exists() {
            continue;
        }
        let name = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        out.push((name, path));
    }
}

/// Names listed in a known-failures file (`name  # reason` per line, `#` comments).
fn listed(path: &Path) -> BTreeSet<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// Splits the board's console into per-program results: `\x1eBEGIN i\n ... \x1eEND i\n`.
fn parse_results(console: &str) -> BTreeMap<usize, String> {
    let mut results = BTreeMap::new();
    for record in console.split("\x1eBEGIN ").skip(1) {
        let Some((index, rest)) = record.split_once('\n') else {
            continue;
        };
        let Ok(index) = index.trim().parse::<usize>() else {
            continue;
        };
        if let Some(end) = rest.find(&format!("\x1eEND {index}\n")) {
            results.insert(index, rest[..end].to_string());
        }
    }
    results
}

/// `memory i: global heap peak P, interpreter heap limit L, T ms` → (P, L).
fn parse_memory(line: &str) -> Option<(usize, usize)> {
    let rest = line.strip_prefix("memory ")?;
    let (_, rest) = rest.split_once(": global heap peak ")?;
    let (peak, rest) = rest.split_once(", interpreter heap limit ")?;
    let limit = rest.split(',').next()?;
    Some((peak.trim().parse().ok()?, limit.trim().parse().ok()?))
}

#[test]
fn firmware_runs_differential_programs_in_64k() -> Result<()> {
    let test = "firmware_runs_differential_programs_in_64k";
    let Some(qemu) = support::qemu_or_skip(test) else {
        return Ok(());
    };
    let mut programs = Vec::new();
    let root = diff_dir();
    discover(&root, &root, &mut programs);
    if programs.is_empty() {
        bail!("no programs under {}", root.display());
    }
    let elf = support::build_firmware("diffrun")?;
    let dir = support::scratch_dir("fw-diff")?;
    let list = dir.join("programs.txt");
    let text: String = programs
        .iter()
        .map(|(_, p)| format!("{}\n", p.display()))
        .collect();
    std::fs::write(&list, text)?;

    let mut results: BTreeMap<usize, String> = BTreeMap::new();
    let (mut peak, mut limit) = (0usize, 0usize);
    let mut crashed: BTreeMap<usize, String> = BTreeMap::new();
    let mut start = 0;
    while start < programs.len() {
        let append = format!("list={} heap={HEAP_BYTES} start={start}", list.display());
        let cmd = support::qemu_command(&qemu, &elf, &append, &[], &dir);
        let run = support::run_with_timeout(cmd, Duration::from_secs(600))?;
        let batch = parse_results(&run.stdout);
        for (p, l) in run.stdout.lines().filter_map(parse_memory) {
            peak = peak.max(p);
            limit = limit.max(l);
        }
        let next = batch.keys().max().map_or(start, |&i| i + 1);
        results.extend(batch);
        if run.success() && next >= programs.len() {
            break;
        }
        if next >= programs.len() {
            break;
        }
        // The image died (or timed out) while running program `next`.
        crashed.insert(
            next,
            format!(
                "firmware stopped: {:?}; stderr: {}",
                run.status,
                run.stderr.lines().last().unwrap_or("")
            ),
        );
        start = next + 1;
    }

    let host_known = listed(&root.join("KNOWN_FAILURES"));
    let device_known = listed(&support::port_dir().join("diff-known-failures.txt"));
    let (mut passed, mut known, mut regressions) = (0, 0, Vec::new());
    let mut now_passing = Vec::new();
    for (index, (name, path)) in programs.iter().enumerate() {
        let expected = std::fs::read_to_string(path.with_extension("py.expected"))
            .with_context(|| format!("reading the expectation of {name}"))?;
        let verdict = match results.get(&index) {
            Some(actual) if *actual == expected => Ok(()),
            Some(actual) => Err(format!(
                "output differs\n--- expected\n{expected}\n+++ actual\n{actual}"
            )),
            None => Err(crashed
                .get(&index)
                .cloned()
                .unwrap_or_else(|| "no result".to_string())),
        };
        match verdict {
            Ok(()) if device_known.contains(name) => {
                passed += 1;
                now_passing.push(name.clone());
            }
            Ok(()) => passed += 1,
            Err(_) if host_known.contains(name) || device_known.contains(name) => known += 1,
            Err(why) => regressions.push(format!("{name}: {why}")),
        }
    }
    println!(
        "firmware differential: {passed} passed, {known} known failures, {} regressions, of {} programs",
        regressions.len(),
        programs.len()
    );
    println!(
        "firmware memory: interpreter heap asked {HEAP_BYTES}, effective limit up to {limit}; \
         global heap peak {peak} bytes"
    );
    if limit > HEAP_BYTES {
        println!(
            "WARNING: the interpreter raised its heap limit above the {HEAP_BYTES} bytes asked \
             (its fixed cost does not fit); issue 9 wants programs to run in {HEAP_BYTES}"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
    for name in &now_passing {
        regressions.push(format!(
            "{name}: passes on the device now, remove it from diff-known-failures.txt"
        ));
    }
    if !regressions.is_empty() {
        bail!(
            "{} programs fail on the device but not on the host, or pass though listed:\n{}",
            regressions.len(),
            regressions.join("\n")
        );
    }
    Ok(())
}
