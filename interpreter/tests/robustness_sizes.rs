//! Python sizes past the machine's `Py_ssize_t` (see `robustness/sizes_64bit.py`): on a
//! 64-bit host 2**62 is a valid size that no heap holds (MemoryError), 2**64 is not a size
//! (OverflowError). The output must equal CPython 3.11's on a 64-bit build, and the run must
//! end quickly: a count that wrapped, or an attempt to build gigabytes, fails the test.
//! The cases that give the same answer on 32-bit builds are in `diff/numbers/size_overflow.py`,
//! which the Cortex-M4 also runs.

mod common;

use common::{pyrite_bin, run_with_timeout, tests_dir};
use std::process::Command;
use std::time::Duration;

#[cfg(target_pointer_width = "64")]
#[test]
fn sizes_past_the_heap_or_ssize_raise_like_64_bit_cpython() {
    let program = tests_dir().join("robustness/sizes_64bit.py");
    let expected = std::fs::read_to_string(program.with_extension("py.expected"))
        .expect("expected output of sizes_64bit.py");
    let mut cmd = Command::new(pyrite_bin());
    // A heap far below the sizes asked: each must fail before allocating.
    cmd.arg("--heap").arg("4M").arg(&program);
    let out = run_with_timeout(cmd, None, Duration::from_secs(60));
    assert!(
        out.status.is_some_and(|s| s.success()),
        "pyrite did not finish cleanly: {:?}\n{}",
        out.status,
        out.stderr_text()
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), expected);
}
