//! The fleet server on PostgreSQL (PYRITE_TEST_POSTGRES_URL, a fresh
//! database per test), a rollout that survives a server restart, and the
//! ingest throughput measurement (ignored test, prints points/s).

#[path = "server_support.rs"]
mod support;

use pyrite_e2e::{ENV_POSTGRES, service_from_env};
use pyrite_protocol::messages::{Series, TelemetryBatch};
use pyrite_protocol::topics::TopicKind;
use serde_json::json;
use std::time::{Duration, Instant};
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

/// Publishes telemetry from `devices` devices as fast as possible and
/// reports how many points per second the server stores.
async fn ingest_throughput(label: &str, extra: &[&str]) {
    let s = Server::start("bench", extra).await;
    let devices = 20;
    let batches = 100;
    let per_batch = 256;
    let mut tasks = Vec::new();
    for i in 0..devices {
        let e = s.enroll(&format!("bench{i}")).await;
        let mut d = FakeDevice::enrolled(&e, s.mqtt_port);
        assert_eq!(d.connect().await, Connected::Yes);
        let FakeDevice {
            id,
            client,
            mut events,
        } = d;
        // The event loop runs on its own so publishing is never starved.
        tasks.push(tokio::spawn(
            async move { while events.poll().await.is_ok() {} },
        ));
        tasks.push(tokio::spawn(async move {
            let topic = pyrite_protocol::topics::topic(&id, TopicKind::Telemetry);
            for b in 0..batches {
                let batch = TelemetryBatch {
                    sent_at: 1_000_000,
                    series: vec![Series {
                        name: "load".into(),
                        points: (0..per_batch)
                            .map(|p| (1_000_000 - (b * per_batch + p) as u64, p as f64))
                            .collect(),
                    }],
                };
                // QoS 1 so nothing is dropped on the way.
                let payload = pyrite_protocol::messages::encode(&batch).unwrap();
                client
                    .publish(topic.clone(), rumqttc::QoS::AtLeastOnce, false, payload)
                    .await
                    .unwrap();
            }
        }));
    }
    let total = (devices * batches * per_batch) as f64;
    let start = Instant::now();
    let mut stored = 0.0;
    while start.elapsed() < Duration::from_secs(120) {
        let m = s
            .http
            .get(format!("{}/metrics", s.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        stored = m
            .lines()
            .find_map(|l| l.strip_prefix("pyrite_telemetry_points_stored_total "))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0);
        if stored >= total {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let secs = start.elapsed().as_secs_f64();
    let m = s
        .http
        .get(format!("{}/metrics", s.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let received = m
        .lines()
        .find(|l| l.starts_with("pyrite_mqtt_messages_in_total"))
        .unwrap_or("")
        .to_string();
    let lag = m
        .lines()
        .find(|l| l.starts_with("pyrite_ingest_lag_seconds"))
        .unwrap_or("")
        .to_string();
    println!("INGEST {label}: {received}; {lag}");
    println!(
        "INGEST {label}: {stored} of {total} points stored in {secs:.2}s = {:.0} points/s",
        stored / secs
    );
    for t in tasks {
        t.abort();
    }
    assert_eq!(stored, total);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "benchmark: run with --ignored --nocapture"]
async fn ingest_throughput_sqlite() {
    ingest_throughput("sqlite", &[]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "benchmark: run with --ignored --nocapture"]
async fn ingest_throughput_postgres() {
    let Some(base) = service_from_env(ENV_POSTGRES, "ingest_throughput_postgres") else {
        return;
    };
    let (url, name) = fresh_db(&base, "pyrite_e2e").await;
    ingest_throughput("postgres", &["--database", &url]).await;
    drop_db(&base, &name).await;
}
