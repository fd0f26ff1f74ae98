//! Shared helpers of the agent end-to-end tests: the real `pyrite-agent`
//! process, bundles signed with the server's key, rollouts, and the fleet's
//! backends (embedded broker and SQLite, or a real Mosquitto started on a
//! free port with the configuration `pyrite-fleet mosquitto-config` writes,
//! optionally with a fresh PostgreSQL database).
//!
//! Include it after `server_support.rs` as `mod support`:
//!
//! ```ignore
//! #[path = "server_support.rs"]
//! mod support;
//! #[path = "agent_support.rs"]
//! mod agent_support;
//! ```
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::Killed;
use crate::support::Server;

/// The `pyrite-agent` binary next to this test's executable, if it was built.
pub fn agent_binary() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let bin = exe
        .parent()?
        .parent()?
        .join(format!("pyrite-agent{}", std::env::consts::EXE_SUFFIX));
    bin.is_file().then_some(bin)
}

/// Starts `pyrite-agent --server ... --id ID --state STATE` (its log goes to
/// `STATE.log`), with a 1.5 s grace period and `extra` arguments.
pub fn start_agent(
    bin: &Path,
    server: &Server,
    token: &str,
    id: &str,
    state: &Path,
    extra: &[&str],
) -> Killed {
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(state.with_extension("log"))
        .expect("agent log file");
    let child = Command::new(bin)
        .args([
            "--server",
            &server.base,
            "--enroll-token",
            token,
            "--id",
            id,
            "--state",
        ])
        .arg(state)
        .args(extra)
        .env("PYRITE_AGENT_GRACE_MS", "1500")
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("start pyrite-agent");
    Killed(child)
}

/// The `main.py` of a sample app in `examples/`.
pub fn example(name: &str) -> String {
    let path = pyrite_e2e::workspace_root()
        .join("examples")
        .join(name)
        .join("main.py");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A one-file bundle signed with the server's key (from its data folder).
pub fn bundle_with(data: &Path, app: &str, sequence: u64, main: &str) -> Vec<u8> {
    let key =
        pyrite_protocol::keyfile::read_secret_key(&data.join("server.key")).expect("server key");
    let mut b = pyrite_protocol::bundle::BundleBuilder::new(app, format!("1.{sequence}"), sequence);
    b.add_file("main.py", main.as_bytes().to_vec())
        .expect("main.py");
    b.sign(&key).expect("sign")
}

/// Uploads a bundle; returns its sha256.
pub async fn upload(s: &Server, bundle: Vec<u8>) -> String {
    let (st, row) = s.post_bytes("/api/v1/bundles", bundle).await;
    assert!(st == 200 || st == 201, "upload: {st} {row}");
    row["sha256"].as_str().expect("sha256").to_string()
}

/// Starts an all-at-once rollout of `sha` to `target` with a 1 s grace; returns its id.
pub async fn rollout(s: &Server, sha: &str, target: &str) -> String {
    let (st, r) = s
        .post(
            "/api/v1/rollouts",
            &json!({"bundle": sha, "target": target, "grace_secs": 1}),
        )
        .await;
    assert_eq!(st, 201, "{r}");
    r["id"].as_str().expect("rollout id").to_string()
}

/// Polls `f` every 200 ms until it holds; panics after `timeout`.
pub async fn wait_until<F, Fut>(what: &str, timeout: Duration, mut f: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + timeout;
    while !f().await {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// How many points of `metric` the server stored for `device` in the last hour.
pub async fn telemetry_count(s: &Server, device: &str, metric: &str) -> i64 {
    let (_, t) = s
        .get(&format!(
            "/api/v1/devices/{device}/telemetry?metric={metric}&since=1h&bucket=1h"
        ))
        .await;
    t["buckets"].as_array().map_or(0, |b| {
        b.iter().map(|x| x["count"].as_i64().unwrap_or(0)).sum()
    })
}

/// Waits until the server stored more than `above` points of `metric`; returns the count.
pub async fn wait_telemetry_above(s: &Server, device: &str, metric: &str, above: i64) -> i64 {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let n = telemetry_count(s, device, metric).await;
        if n > above {
            return n;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for more than {above} {metric} points from {device}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Whether the device's log at the server contains `needle`.
pub async fn log_contains(s: &Server, device: &str, needle: &str) -> bool {
    s.get(&format!("/api/v1/devices/{device}/logs"))
        .await
        .1
        .to_string()
        .contains(needle)
}

/// The device view's `info` (the birth message's details) as JSON.
pub fn device_info(device: &Value) -> Value {
    device["info"]
        .as_str()
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or(Value::Null)
}
