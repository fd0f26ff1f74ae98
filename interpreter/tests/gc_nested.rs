//! The garbage collector runs inside nested dispatch loops started by GC-safe natives
//! (`sum`, `min`/`max`, `sorted`, `list` over a generator): a program whose generators make
//! far more garbage than the heap holds runs to completion under a small `--heap`.

mod common;

use common::{pyrite_bin, run_with_timeout, tests_dir};
use std::process::Command;
use std::time::Duration;

#[test]
fn generators_driven_by_builtins_collect_garbage_under_a_small_heap() {
    let program = tests_dir().join("diff/generators/gc_in_native_loops.py");
    let expected = std::fs::read_to_string(program.with_extension("py.expected"))
        .expect("expected output of gc_in_native_loops.py");
    let mut cmd = Command::new(pyrite_bin());
    // About 10 MB of short-lived lists and dicts go through a 400 KiB heap.
    cmd.arg("--heap").arg("400k").arg(&program);
    let out = run_with_timeout(cmd, None, Duration::from_secs(120));
    assert_eq!(
        out.code(),
        Some(0),
        "pyrite {}; stderr:\n{}",
        out.describe_end(),
        out.stderr_tail(10)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), expected);
}
