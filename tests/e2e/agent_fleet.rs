//! The real `pyrite-agent` against a real `pyrite-fleet serve`: enrollment,
//! a deployment whose output and telemetry reach the server, a raising
//! bundle rolled back with its traceback at the server, and `kill -9` in the
//! middle of a download (the restarted agent runs the old or the new bundle,
//! never a partial one, and converges).
//!
//! Needs `cargo build -p pyrite-agent -p pyrite-fleet` first (the binaries
//! next to this test's executable).

#[path = "server_support.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;
use support::{Server, server_signed_bundle};

fn agent_binary() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let bin = exe
        .parent()?
        .parent()?
        .join(format!("pyrite-agent{}", std::env::consts::EXE_SUFFIX));
    bin.is_file().then_some(bin)
}

/// A `pyrite-agent` process, killed (SIGKILL) when dropped.
struct AgentProcess(Child);

impl Drop for AgentProcess {
    fn drop(&mut self) {
        self.0.kill().ok();
        self.0.wait().ok();
    }
}

fn start_agent(bin: &Path, server: &Server, token: &str, id: &str, state: &Path) -> AgentProcess {
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
        .env("PYRITE_AGENT_GRACE_MS", "1500")
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("start pyrite-agent");
    AgentProcess(child)
}

fn example(name: &str) -> String {
    let path = pyrite_e2e::workspace_root()
        .join("examples")
        .join(name)
        .join("main.py");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn bundle_with(data: &Path, app: &str, sequence: u64, main: &str) -> Vec<u8> {
    let key =
        pyrite_protocol::keyfile::read_secret_key(&data.join("server.key")).expect("server key");
    let mut b = pyrite_protocol::bundle::BundleBuilder::new(app, format!("1.{sequence}"), sequence);
    b.add_file("main.py", main.as_bytes().to_vec())
        .expect("main.py");
    b.sign(&key).expect("sign")
}

async fn upload(s: &Server, bundle: Vec<u8>) -> String {
    let (st, row) = s.post_bytes("/api/v1/bundles", bundle).await;
    assert!(st == 200 || st == 201, "upload: {st} {row}");
    row["sha256"].as_str().expect("sha256").to_string()
}

async fn rollout(s: &Server, sha: &str, target: &str) -> String {
    let (st, r) = s
        .post(
            "/api/v1/rollouts",
            &json!({"bundle": sha, "target": target, "grace_secs": 1}),
        )
        .await;
    assert_eq!(st, 201, "{r}");
    r["id"].as_str().expect("rollout id").to_string()
}

async fn wait_until<F, Fut>(what: &str, timeout: Duration, mut f: F)
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn agent_deploys_reports_rolls_back_and_survives_kill_9() {
    let test = "agent_deploys_reports_rolls_back_and_survives_kill_9";
    // `cargo nextest run --workspace` builds it (pyrite-agent has its own CLI tests);
    // a missing binary is a broken setup, not a reason to skip.
    let Some(bin) = agent_binary() else {
        panic!("{test}: the pyrite-agent binary is missing: run `cargo build -p pyrite-agent`");
    };
    let s = Server::start("agent-e2e", &[]).await;
    let token = s.enroll_token().await;
    let state = s.data.join("dev-a1");
    let mut agent = start_agent(&bin, &s, &token, "a1", &state);
    s.wait_device("a1", "online", |v| v["online"] == 1).await;
    assert!(
        state.join("credentials.json").is_file(),
        "credentials kept in --state"
    );

    // 1. The sample sensor app: its output and telemetry reach the server.
    let sha1 = upload(&s, bundle_with(&s.data, "sensor", 1, &example("sensor"))).await;
    let r1 = rollout(&s, &sha1, "a1").await;
    s.wait_rollout(&r1, "sensor rollout completed", |v| {
        v["state"] == "completed"
    })
    .await;
    s.wait_device("a1", "running the sensor app", |v| {
        v["running_bundle"] == sha1.as_str()
    })
    .await;
    wait_until(
        "sensor output in the device log",
        Duration::from_secs(20),
        || async {
            s.get("/api/v1/devices/a1/logs")
                .await
                .1
                .to_string()
                .contains("sensor app on a1")
        },
    )
    .await;
    wait_until("temp_c telemetry", Duration::from_secs(30), || async {
        let (_, t) = s
            .get("/api/v1/devices/a1/telemetry?metric=temp_c&since=1h&bucket=1h")
            .await;
        t["buckets"]
            .as_array()
            .is_some_and(|b| b.iter().any(|x| x["count"].as_i64().unwrap_or(0) > 0))
    })
    .await;

    // 2. An app that raises: rolled back on the device, traceback at the server.
    let sha2 = upload(&s, bundle_with(&s.data, "crash", 2, &example("crash"))).await;
    let r2 = rollout(&s, &sha2, "a1").await;
    let halted = s
        .wait_rollout(&r2, "crash rollout rolled back", |v| {
            v["state"] == "rolled_back"
        })
        .await;
    let dev = &halted["devices"][0];
    assert!(
        dev["error"].as_str().unwrap_or("").contains("KeyError"),
        "traceback reaches the server: {halted}"
    );
    s.wait_device("a1", "back on the sensor app", |v| {
        v["running_bundle"] == sha1.as_str()
    })
    .await;
    wait_until(
        "traceback in the device log",
        Duration::from_secs(20),
        || async {
            s.get("/api/v1/devices/a1/logs")
                .await
                .1
                .to_string()
                .contains("read_channel")
        },
    )
    .await;

    // 3. kill -9 in the middle of a download of a large bundle, then restart.
    let big = server_signed_bundle(
        &s.data,
        "big",
        "3.0",
        3,
        "print('v3 running')\nimport time\nwhile True:\n    time.sleep(1)\n",
    );
    let sha3 = upload(&s, big).await;
    let r3 = rollout(&s, &sha3, "a1").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    drop(agent); // SIGKILL
    let (_, v) = s.get("/api/v1/devices/a1").await;
    println!("after kill -9: {v}");
    agent = start_agent(&bin, &s, &token, "a1", &state);
    // Right after the restart it runs a complete, verified bundle: the old one or the new one.
    s.wait_device("a1", "online again", |v| {
        v["online"] == 1
            && (v["running_bundle"] == sha1.as_str() || v["running_bundle"] == sha3.as_str())
    })
    .await;
    s.wait_rollout(&r3, "big rollout completed after the restart", |v| {
        v["state"] == "completed"
    })
    .await;
    s.wait_device("a1", "running v3", |v| v["running_bundle"] == sha3.as_str())
        .await;
    drop(agent);
}
