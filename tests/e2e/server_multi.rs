//! Two `pyrite-fleet serve` processes on one PostgreSQL
//! (PYRITE_TEST_POSTGRES_URL) and one Mosquitto (PYRITE_TEST_MOSQUITTO),
//! with simulated devices: work is shared without double handling. Every
//! telemetry point is stored once, a rollout completes once, either
//! process's API and event stream see everything, and a live telemetry
//! stream on one process gets points the other process ingested.

#[path = "server_support.rs"]
mod support;

use pyrite_e2e::{ENV_MOSQUITTO, ENV_POSTGRES, free_port, service_from_env};
use pyrite_protocol::messages::{Series, TelemetryBatch};
use pyrite_protocol::topics::TopicKind;
use serde_json::json;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use support::*;

struct Mosquitto(Child);

impl Drop for Mosquitto {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Writes the Mosquitto configuration for the fleet in `db` and starts it.
async fn start_mosquitto(binary: &str, db: &str, data: &Path, conf: &Path, port: u16) -> Mosquitto {
    let st = Command::new(fleet_binary())
        .args([
            "mosquitto-config",
            "--port",
            &port.to_string(),
            "--bind",
            "127.0.0.1",
            "--out",
        ])
        .arg(conf)
        .arg("--database")
        .arg(db)
        .arg("--data")
        .arg(data)
        .status()
        .unwrap();
    assert!(st.success());
    let pid_file = conf.join("mosquitto.pid");
    let mut text = std::fs::read_to_string(conf.join("mosquitto.conf")).unwrap();
    text.push_str(&format!("user root\npid_file {}\n", pid_file.display()));
    std::fs::write(conf.join("mosquitto.conf"), text).unwrap();
    let log = std::fs::File::create(data.join("mosquitto.log")).unwrap();
    let m = Mosquitto(
        Command::new(binary)
            .arg("-c")
            .arg(conf.join("mosquitto.conf"))
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start mosquitto"),
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    while !(std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() && pid_file.exists()) {
        assert!(Instant::now() < deadline, "mosquitto did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    m
}

/// Connects a device, retrying while Mosquitto reloads its password file.
async fn connect(e: &pyrite_protocol::enroll::EnrollResponse, port: u16) -> FakeDevice {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let mut d = FakeDevice::enrolled(e, port);
        match d.connect().await {
            Connected::Yes => return d,
            Connected::No(why) => {
                assert!(
                    Instant::now() < deadline,
                    "{} never connected: {why}",
                    e.device_id
                );
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    }
}

fn metric(text: &str, name: &str) -> f64 {
    text.lines()
        .find_map(|l| l.strip_prefix(name).and_then(|v| v.trim().parse().ok()))
        .unwrap_or(0.0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_share_the_work_without_double_handling() {
    let test = "two_servers_share_the_work_without_double_handling";
    let Some(base) = service_from_env(ENV_POSTGRES, test) else {
        return;
    };
    let Some(mosquitto) = service_from_env(ENV_MOSQUITTO, test) else {
        return;
    };
    let (db, db_name) = fresh_db(&base, "pyrite_multi").await;
    let data_a = temp_dir("multi-a");
    let data_b = temp_dir("multi-b");
    let conf = data_a.join("mosquitto");
    let port = free_port().unwrap();
    let _broker = start_mosquitto(&mosquitto, &db, &data_a, &conf, port).await;
    let broker = format!("mqtt://127.0.0.1:{port}");
    let pid_file = conf.join("mosquitto.pid");
    let args = [
        "--database",
        db.as_str(),
        "--broker",
        broker.as_str(),
        "--mosquitto-dir",
        conf.to_str().unwrap(),
        "--mosquitto-pid-file",
        pid_file.to_str().unwrap(),
    ];
    let a = Server::start_in(data_a.clone(), &args).await;
    // The admin token lives in the shared database; B's folder gets a copy
    // of the file for the test's client.
    std::fs::copy(data_a.join("admin-token"), data_b.join("admin-token")).unwrap();
    let b = Server::start_in(data_b.clone(), &args).await;
    let mut events_a = SseStream::open(&a, "/api/v1/events?types=bundle,rollout", None).await;
    let mut events_b = SseStream::open(&b, "/api/v1/events?types=bundle,rollout", None).await;

    // Six devices, enrolled half through each server, each a simulated agent.
    let n = 6;
    let mut agents = Vec::new();
    let mut publishers = Vec::new();
    for i in 0..n {
        let s = if i % 2 == 0 { &a } else { &b };
        let e = s.enroll(&format!("multi{i}")).await;
        let d = connect(&e, port).await;
        publishers.push((d.client.clone(), d.id.clone()));
        agents.push(spawn_agent(d, Outcome::Healthy).0);
    }
    for i in 0..n {
        a.wait_device(&format!("multi{i}"), "online", |v| v["status"] == "online")
            .await;
    }

    // A live telemetry stream on A for one device, before it publishes.
    let mut live = SseStream::open(
        &a,
        "/api/v1/devices/multi1/telemetry/stream?metric=multi",
        None,
    )
    .await;

    // Telemetry: every device sends 40 batches of 25 points, each value unique.
    let (batches, per) = (40u32, 25u32);
    for (i, (client, id)) in publishers.iter().enumerate() {
        for bt in 0..batches {
            let batch = TelemetryBatch {
                sent_at: 1_000_000,
                series: vec![Series {
                    name: "multi".into(),
                    points: (0..per)
                        .map(|p| {
                            let k = (i as u32 * batches + bt) * per + p;
                            (999_000 + u64::from(bt * per + p), f64::from(k))
                        })
                        .collect(),
                }],
            };
            client
                .publish(
                    pyrite_protocol::topics::topic(id, TopicKind::Telemetry),
                    rumqttc::QoS::AtLeastOnce,
                    false,
                    pyrite_protocol::messages::encode(&batch).unwrap(),
                )
                .await
                .unwrap();
        }
    }
    let expected = i64::from(n as u32 * batches * per);
    let pool = sqlx::PgPool::connect(&db).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let (count, distinct) = loop {
        let (count, distinct): (i64, i64) = sqlx::query_as(
            "SELECT COUNT(*), COUNT(DISTINCT value) FROM telemetry WHERE metric = 'multi'",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        if count >= expected {
            break (count, distinct);
        }
        assert!(
            Instant::now() < deadline,
            "only {count} of {expected} points stored"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(
        (count, distinct),
        (expected, expected),
        "each point stored exactly once"
    );
    // Both servers took part (MQTT shared subscriptions spread the messages).
    let (ma, mb) = (a.metrics().await, b.metrics().await);
    let (pa, pb) = (
        metric(&ma, "pyrite_telemetry_points_stored_total "),
        metric(&mb, "pyrite_telemetry_points_stored_total "),
    );
    assert!(
        pa > 0.0 && pb > 0.0,
        "both servers stored points: {pa} + {pb}"
    );
    assert_eq!((pa + pb) as i64, expected);
    // Either API answers for any device.
    for s in [&a, &b] {
        let (_, t) = s
            .get("/api/v1/devices/multi3/telemetry?metric=multi&since=1h&bucket=1h")
            .await;
        let c: i64 = t["buckets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["count"].as_i64().unwrap())
            .sum();
        assert_eq!(c, i64::from(batches * per));
    }
    // The live stream on A got every point of multi1, once, whichever
    // server ingested each message.
    let mut values = Vec::new();
    while values.len() < (batches * per) as usize {
        let p = live
            .wait("point", "multi1's live points", |_| true)
            .await
            .json();
        values.push(p["value"].as_f64().unwrap() as i64);
    }
    let mut unique = values.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(
        unique.len(),
        values.len(),
        "no point twice on the live stream"
    );

    // A bundle uploaded through A, a rollout created through B.
    let bundle = server_signed_bundle(&data_a, "multi", "2.0", 200, "print(2)\n");
    let (st, bv) = a.post_bytes("/api/v1/bundles", bundle).await;
    assert_eq!(st, 201, "{bv}");
    let sha = bv["sha256"].as_str().unwrap().to_string();
    for ev in [&mut events_a, &mut events_b] {
        ev.wait("bundle", "the upload, on both servers", |v| {
            v["sha256"] == sha.as_str()
        })
        .await;
    }
    let (st, r) = b
        .post(
            "/api/v1/rollouts",
            &json!({"bundle": sha, "target": "all", "grace_secs": 1, "strategy": {"kind": "canary", "count": 2}}),
        )
        .await;
    assert_eq!(st, 201, "{r}");
    let rid = r["id"].as_str().unwrap().to_string();
    for s in [&a, &b] {
        let v = s
            .wait_rollout(&rid, "completed", |v| v["state"] == "completed")
            .await;
        assert_eq!(v["counts"]["succeeded"], n, "{v}");
    }
    for ev in [&mut events_a, &mut events_b] {
        ev.wait("rollout", "completion, on both servers", |v| {
            v["id"] == rid.as_str() && v["state"] == "completed"
        })
        .await;
    }
    // Exactly one server ran the rollout's last step.
    let completions = [a.full_log(), b.full_log()]
        .iter()
        .map(|l| {
            l.lines()
                .filter(|x| x.contains(&rid) && x.contains("rollout completed"))
                .count()
        })
        .sum::<usize>();
    assert_eq!(completions, 1, "the rollout completed once");
    for s in [&a, &b] {
        let (_, list) = s.get("/api/v1/devices?limit=100").await;
        assert_eq!(list["total"], n);
        assert!(
            list["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|d| d["running_bundle"] == sha.as_str()),
            "{list}"
        );
    }

    for t in agents {
        t.abort();
    }
    pool.close().await;
    drop(a);
    drop(b);
    drop_db(&base, &db_name).await;
}
