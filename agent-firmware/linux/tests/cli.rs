//! The `pyrite-agent` command line: help, and clear errors for bad input.
//!
//! Also the reason cargo builds the `pyrite-agent` binary during
//! `cargo nextest run --workspace`, which the end-to-end tests in `tests/` start.

use std::process::Command;

fn agent() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pyrite-agent"))
}

#[test]
fn help_names_the_device_flags_and_the_simulator() {
    let out = agent().arg("--help").output().expect("run pyrite-agent");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for flag in ["--server", "--enroll-token", "--id", "--state", "simulate"] {
        assert!(text.contains(flag), "--help lacks {flag}:\n{text}");
    }
}

#[test]
fn missing_id_is_a_clear_error_not_a_panic() {
    let state = std::env::temp_dir().join(format!("pyrite-agent-cli-{}", std::process::id()));
    let out = agent()
        .arg("--state")
        .arg(&state)
        .env_remove("PYRITE_SERVER")
        .env_remove("PYRITE_ENROLL_TOKEN")
        .output()
        .expect("run pyrite-agent");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--id is required"), "stderr: {err}");
    assert!(!err.contains("panicked"), "stderr: {err}");
}

#[test]
fn malformed_device_id_is_refused() {
    let state = std::env::temp_dir().join(format!("pyrite-agent-cli-id-{}", std::process::id()));
    let out = agent()
        .args(["--id", "no spaces/allowed", "--state"])
        .arg(&state)
        .output()
        .expect("run pyrite-agent");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--id"), "stderr: {err}");
    assert!(!err.contains("panicked"), "stderr: {err}");
    std::fs::remove_dir_all(&state).ok();
}
