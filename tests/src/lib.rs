//! Shared helpers for the end-to-end tests in `tests/e2e/`: locating the
//! workspace's binaries, picking free ports, and naming optional services.

use std::net::TcpListener;
use std::path::PathBuf;

/// The workspace root (the folder holding the top-level Cargo.toml).
pub fn workspace_root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.parent().map(PathBuf::from).unwrap_or(here)
}

/// A TCP port on 127.0.0.1 that was free a moment ago.
pub fn free_port() -> std::io::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

/// An optional external service named by an environment variable.
///
/// Returns `None` and prints that the test was skipped when the variable is
/// unset, so the README's test command passes on a machine without it.
/// `.ci/run` always sets these variables.
pub fn service_from_env(var: &str, test: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(v) if !v.is_empty() => Some(v),
        _ => {
            println!("SKIPPED {test}: set {var} to run it");
            None
        }
    }
}

/// Environment variable naming a PostgreSQL URL for tests.
pub const ENV_POSTGRES: &str = "PYRITE_TEST_POSTGRES_URL";
/// Environment variable naming the `mosquitto` executable; tests start their
/// own broker on a free port with the configuration they need.
pub const ENV_MOSQUITTO: &str = "PYRITE_TEST_MOSQUITTO";
/// Environment variable naming a Chromium executable for dashboard tests.
pub const ENV_CHROMIUM: &str = "PYRITE_TEST_CHROMIUM";
