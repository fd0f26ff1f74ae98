//! Two `pyrite-fleet serve` processes on one PostgreSQL
//! (PYRITE_TEST_POSTGRES_URL) and one Mosquitto (PYRITE_TEST_MOSQUITTO),
//! with simulated devices: work is shared without double handling. Every
//! telemetry point is stored once, a rollout completes once, either
//! process's API and event stream see everything, and a live telemetry
//! stream on one process gets points the other process ingested.

#[path = "server_support.rs"]
mod support;

use pyrite_e2e::{ENV_MOSQUITTO, ENV_POSTGRES, service_from_env};
use pyrite_protocol::messages::{Series, TelemetryBatch};
use pyrite_protocol::topics::TopicKind;
use serde_json::json;
use std::time::{Duration, Instant};
use support::*;

/// Two servers on a fresh database and a Mosquitto of their own.
struct Two {
    a: Server,
    b: Server,
    port: u16,
    db: String,
    data_a: std::path::PathBuf,
    // Dropped after the servers (fields drop in order).
    _broker: Mosquitto,
    base: String,
    db_name: String,
}

impl Two {
    /// Starts them, or `None` (test skipped) without PostgreSQL and Mosquitto.
    async fn start(test: &str) -> Option<Two> {
        let base = service_from_env(ENV_POSTGRES, test)?;
        let mosquitto = service_from_env(ENV_MOSQUITTO, test)?;
        let (db, db_name) = fresh_db(&base, "pyrite_multi").await;
        let data_a = temp_dir("multi-a");
        let data_b = temp_dir("multi-b");
        let broker_proc = Mosquitto::start(&mosquitto, &data_a, Some(&db));
        let port = broker_proc.port;
        let mut args = vec!["--database".to_string(), db.clone()];
        args.extend(broker_proc.serve_args());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let a = Server::start_in(data_a.clone(), &args).await;
        // The admin token lives in the shared database; B's folder gets a copy
        // of the file for the test's client.
        std::fs::copy(data_a.join("admin-token"), data_b.join("admin-token")).unwrap();
        let b = Server::start_in(data_b.clone(), &args).await;
        Some(Two {
            a,
            b,
            port,
            db,
            data_a,
            _broker: broker_proc,
            base,
            db_name,
        })
    }

    /// Stops both servers and the broker, drops the database.
    async fn finish(self) {
        let Two {
            a,
            b,
            _broker,
            base,
            db_name,
            ..
        } = self;
        drop(a);
        drop(b);
        drop(_broker);
        drop_db(&base, &db_name).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_share_the_work_without_double_handling() {
    let Some(two) = Two::start("two_servers_share_the_work_without_double_handling").await else {
        return;
    };
    let (a, b, port, db, data_a) = (&two.a, &two.b, two.port, two.db.clone(), two.data_a.clone());
    let mut events_a = SseStream::open(a, "/api/v1/events?types=bundle,rollout", None).await;
    let mut events_b = SseStream::open(b, "/api/v1/events?types=bundle,rollout", None).await;

    // Six devices, enrolled half through each server, each a simulated agent.
    let n = 6;
    let mut agents = Vec::new();
    let mut publishers = Vec::new();
    for i in 0..n {
        let s = if i % 2 == 0 { a } else { b };
        let e = s.enroll(&format!("multi{i}")).await;
        let d = FakeDevice::connected(&e, port).await;
        publishers.push((d.client.clone(), d.id.clone()));
        agents.push(spawn_agent(d, Outcome::Healthy).0);
    }
    for i in 0..n {
        a.wait_device(&format!("multi{i}"), "online", |v| v["status"] == "online")
            .await;
    }

    // A live telemetry stream on A for one device, before it publishes.
    let mut live = SseStream::open(
        a,
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
        metric(&ma, "pyrite_telemetry_points_stored_total"),
        metric(&mb, "pyrite_telemetry_points_stored_total"),
    );
    assert!(
        pa > 0.0 && pb > 0.0,
        "both servers stored points: {pa} + {pb}"
    );
    assert_eq!((pa + pb) as i64, expected);
    // Either API answers for any device.
    for s in [a, b] {
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
    for s in [a, b] {
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
    for s in [a, b] {
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
    two.finish().await;
}

/// Reads `n` `log` events from a live log stream: (SSE id, line id, message).
async fn read_logs(stream: &mut SseStream, n: usize) -> Vec<(i64, i64, String)> {
    let mut out = Vec::new();
    while out.len() < n {
        let e = stream
            .wait("log", &format!("log line {} of {n}", out.len() + 1), |_| {
                true
            })
            .await;
        let v = e.json();
        let id: i64 =
            e.id.as_deref()
                .and_then(|i| i.parse().ok())
                .expect("an SSE id");
        out.push((
            id,
            v["id"].as_i64().unwrap(),
            v["message"].as_str().unwrap().to_string(),
        ));
    }
    out
}

/// Waits for the stream's `ready` comment (it reads from the store from then on).
async fn ready(stream: &mut SseStream) {
    loop {
        match stream.next(Duration::from_secs(10)).await {
            Some(e) if e.comment.as_deref() == Some("ready") => return,
            Some(_) => {}
            None => panic!("log stream never said ready"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn live_log_ids_are_the_same_on_both_servers_and_resume_on_either() {
    let Some(two) =
        Two::start("live_log_ids_are_the_same_on_both_servers_and_resume_on_either").await
    else {
        return;
    };
    let (a, b) = (&two.a, &two.b);
    let e = a.enroll("logdev").await;
    let PumpedDevice { id, client, pump } = FakeDevice::pumped(&e, two.port).await;
    // Online comes from the birth message, not from the connection itself.
    send_msg(&client, &id, TopicKind::Status, &birth_message()).await;
    a.wait_device("logdev", "online", |v| v["status"] == "online")
        .await;
    let path = "/api/v1/devices/logdev/logs/stream";
    let mut on_a = SseStream::open(a, path, None).await;
    let mut on_b = SseStream::open(b, path, None).await;
    ready(&mut on_a).await;
    ready(&mut on_b).await;

    // 60 batches of 5 lines: the shared subscription spreads them over both servers.
    let publish = |from: u32, batches: u32| {
        let client = client.clone();
        let id = id.clone();
        async move {
            for bt in from..from + batches {
                let batch = pyrite_protocol::messages::LogBatch {
                    sent_at: 100_000,
                    lines: (0..5)
                        .map(|k| pyrite_protocol::messages::LogLine {
                            t: 99_000 + u64::from(bt * 5 + k),
                            level: pyrite_protocol::messages::LogLevel::Info,
                            source: pyrite_protocol::messages::LogSource::Script,
                            msg: format!("line-{}", bt * 5 + k),
                        })
                        .collect(),
                    dropped: 0,
                };
                client
                    .publish(
                        pyrite_protocol::topics::topic(&id, TopicKind::Log),
                        rumqttc::QoS::AtLeastOnce,
                        false,
                        pyrite_protocol::messages::encode(&batch).unwrap(),
                    )
                    .await
                    .unwrap();
            }
        }
    };
    publish(0, 60).await;
    let got_a = read_logs(&mut on_a, 300).await;
    let got_b = read_logs(&mut on_b, 300).await;
    for got in [&got_a, &got_b] {
        assert!(
            got.iter().all(|(sse, row, _)| sse == row),
            "SSE id = stored id"
        );
        assert!(
            got.windows(2).all(|w| w[0].0 < w[1].0),
            "ids strictly increasing"
        );
        let mut msgs: Vec<&str> = got.iter().map(|g| g.2.as_str()).collect();
        msgs.sort_unstable();
        msgs.dedup();
        assert_eq!(msgs.len(), 300, "every line once");
    }
    assert_eq!(
        got_a, got_b,
        "both servers stream the same lines with the same ids"
    );
    // The stored log agrees, and both servers stored some of the lines.
    let (_, stored) = a
        .get("/api/v1/devices/logdev/logs?after=0&limit=1000")
        .await;
    let stored: Vec<i64> = stored
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["message"].as_str().unwrap_or("").starts_with("line-"))
        .map(|l| l["id"].as_i64().unwrap())
        .collect();
    assert_eq!(stored, got_a.iter().map(|g| g.0).collect::<Vec<_>>());
    let (ma, mb) = (a.metrics().await, b.metrics().await);
    let (la, lb) = (
        metric(&ma, "pyrite_log_lines_stored_total"),
        metric(&mb, "pyrite_log_lines_stored_total"),
    );
    assert!(
        la > 0.0 && lb > 0.0,
        "both servers stored lines: {la} + {lb}"
    );

    // A client of A that read up to the 100th line reconnects to B with
    // Last-Event-ID while more lines arrive: it gets exactly the rest.
    let resume_at = got_a[99].0.to_string();
    drop(on_a);
    let more = tokio::spawn(publish(60, 20));
    let mut resumed = SseStream::open(b, path, Some(resume_at.as_str())).await;
    let rest = read_logs(&mut resumed, 200 + 100).await;
    more.await.unwrap();
    assert_eq!(&rest[..200], &got_a[100..], "the missed lines, in order");
    assert!(rest.windows(2).all(|w| w[0].0 < w[1].0));
    let mut new: Vec<&str> = rest[200..].iter().map(|g| g.2.as_str()).collect();
    new.sort_unstable();
    new.dedup();
    assert_eq!(new.len(), 100, "then every new line once");
    // A bad Last-Event-ID is a clear 400.
    let r = b
        .http
        .get(format!("{}{path}", b.base))
        .bearer_auth(&b.token)
        .header("Last-Event-ID", "nope")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    pump.abort();
    two.finish().await;
}
