//! The fleet server on PostgreSQL (PYRITE_TEST_POSTGRES_URL, a fresh
//! database per test) and a rollout that survives a server restart (on
//! SQLite and PostgreSQL). The ingest benchmark is in `server_ingest.rs`.

#[path = "server_support.rs"]
mod support;

use pyrite_e2e::{ENV_POSTGRES, service_from_env};
use serde_json::json;
use support::*;

/// Enrolls `id`, connects, runs the test agent; returns its task.
async fn device(s: &Server, id: &str) -> tokio::task::JoinHandle<()> {
    let e = s.enroll(id).await;
    device_with(&e, s.mqtt_port).await
}

async fn device_with(
    e: &pyrite_protocol::enroll::EnrollResponse,
    port: u16,
) -> tokio::task::JoinHandle<()> {
    let mut d = FakeDevice::enrolled(e, port);
    assert_eq!(d.connect().await, Connected::Yes);
    spawn_agent(d, Outcome::Healthy).0
}

/// Rollout to an offline device, server restart, device returns: the
/// rollout resumes from the database and completes.
async fn restart_resumes_rollout(extra: &[&str]) {
    let s = Server::start("restart", extra).await;
    let data = s.data.clone();
    let e = s.enroll("p1").await;
    let agent = device_with(&e, s.mqtt_port).await;
    s.wait_device("p1", "online", |v| v["online"] == 1).await;
    let b = server_signed_bundle(&s.data, "demo", "1.0", 1, "print(1)\n");
    let (st, row) = s.post_bytes("/api/v1/bundles", b).await;
    assert_eq!(st, 201);
    let sha = row["sha256"].as_str().unwrap().to_string();
    agent.abort();
    s.wait_device("p1", "offline", |v| v["online"] == 0).await;
    let (st, r) = s
        .post(
            "/api/v1/rollouts",
            &json!({"bundle": sha, "target": "all", "grace_secs": 1}),
        )
        .await;
    assert_eq!(st, 201);
    let rid = r["id"].as_str().unwrap().to_string();
    s.wait_rollout(&rid, "device pending while offline", |v| {
        v["devices"][0]["state"] == "pending"
    })
    .await;
    let token = s.token.clone();
    drop(s);
    // Same data folder (and database): the rollout is still there and resumes.
    let s = Server::start_in(data, extra).await;
    assert_eq!(s.token, token);
    let (_, v) = s.get(&format!("/api/v1/rollouts/{rid}")).await;
    assert_eq!(v["state"], "running", "{v}");
    // The device comes back (new port: the server restarted) and converges.
    let mut e2 = e.clone();
    e2.mqtt.port = s.mqtt_port;
    let agent = device_with(&e2, s.mqtt_port).await;
    let done = s
        .wait_rollout(&rid, "completed after restart", |v| {
            v["state"] == "completed"
        })
        .await;
    assert_eq!(done["counts"]["succeeded"], 1, "{done}");
    s.wait_device("p1", "running the bundle", |v| {
        v["running_bundle"] == sha.as_str()
    })
    .await;
    agent.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn restart_resumes_rollout_sqlite() {
    restart_resumes_rollout(&[]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn restart_resumes_rollout_postgres() {
    let Some(base) = service_from_env(ENV_POSTGRES, "restart_resumes_rollout_postgres") else {
        return;
    };
    let (url, name) = fresh_db(&base, "pyrite_e2e").await;
    restart_resumes_rollout(&["--database", &url]).await;
    drop_db(&base, &name).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_devices_and_telemetry() {
    let Some(base) = service_from_env(ENV_POSTGRES, "postgres_devices_and_telemetry") else {
        return;
    };
    let (url, name) = fresh_db(&base, "pyrite_e2e").await;
    {
        let s = Server::start("pg", &["--database", &url]).await;
        let h = device(&s, "pg1").await;
        s.wait_device("pg1", "online", |v| v["online"] == 1).await;
        let (st, _) = s
            .put("/api/v1/devices/pg1/tags", &json!({"tags": ["lab"]}))
            .await;
        assert_eq!(st, 200);
        let (_, list) = s.get("/api/v1/devices?tag=lab").await;
        assert_eq!(list.as_array().unwrap().len(), 1);
        h.abort();
    }
    drop_db(&base, &name).await;
}
