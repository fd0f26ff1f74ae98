//! End-to-end tests of `pyrite-fleet serve` with the embedded broker: the
//! real binary on free ports, fake devices over MQTT, the HTTP API.

#[path = "server_support.rs"]
mod support;

use pyrite_protocol::messages::{LogBatch, LogLevel, LogLine, LogSource, Series, TelemetryBatch};
use pyrite_protocol::topics::TopicKind;
use rumqttc::QoS;
use serde_json::json;
use std::time::Duration;
use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn enrollment_auth_and_device_isolation() {
    let s = Server::start("isolation", &[]).await;
    // Wrong enrollment token: refused with a stable code.
    let (st, _) = s.enroll_with("d1", "wrong").await;
    assert_eq!(st, 401);
    // No token / wrong token on the API.
    let r = s
        .http
        .get(format!("{}/api/v1/devices", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unauthorized");
    let r = s
        .http
        .get(format!("{}/api/v1/devices", s.base))
        .bearer_auth("pyr_admin_nope")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);

    let e1 = s.enroll("d1").await;
    let e2 = s.enroll("d2").await;
    assert_eq!(e1.mqtt.username, "d1");
    assert_eq!(e1.mqtt.port, s.mqtt_port);
    assert!(
        !e1.trusted_keys.is_empty(),
        "the server key is trusted and sent"
    );

    // Good credentials connect; the birth marks the device online.
    let mut d1 = FakeDevice::enrolled(&e1, s.mqtt_port);
    assert_eq!(d1.connect().await, Connected::Yes);
    d1.birth(None).await;
    d1.pump(Duration::from_millis(300)).await;
    s.wait_device("d1", "online", |v| {
        v["online"] == 1 && v["agent_version"] == "0.1.0"
    })
    .await;

    // Wrong password, and a username that is not the client id: refused.
    let mut bad = FakeDevice::new("d2", "d2", "not-the-password", s.mqtt_port);
    assert!(matches!(bad.connect().await, Connected::No(_)));
    let mut spoof = FakeDevice::new("d2", "d1", &e1.mqtt.password, s.mqtt_port);
    assert!(matches!(spoof.connect().await, Connected::No(_)));

    // d2 connects, then tries to read d1's topics: the connection is closed.
    let mut d2 = FakeDevice::enrolled(&e2, s.mqtt_port);
    assert_eq!(d2.connect().await, Connected::Yes);
    d2.client
        .subscribe("pyrite/v1/dev/d1/down/#", QoS::AtLeastOnce)
        .await
        .unwrap();
    assert!(
        d2.is_disconnected_within(Duration::from_secs(5)).await,
        "subscribing to another device's topics must be refused"
    );
    // ... and a wildcard over all devices.
    let mut d2 = FakeDevice::enrolled(&e2, s.mqtt_port);
    assert_eq!(d2.connect().await, Connected::Yes);
    d2.client
        .subscribe("pyrite/v1/dev/+/up/#", QoS::AtLeastOnce)
        .await
        .unwrap();
    assert!(
        d2.is_disconnected_within(Duration::from_secs(5)).await,
        "wildcard over devices must be refused"
    );
    // ... and publishing as d1: refused, and d1's record is untouched.
    let mut d2 = FakeDevice::enrolled(&e2, s.mqtt_port);
    assert_eq!(d2.connect().await, Connected::Yes);
    d2.client
        .publish(
            "pyrite/v1/dev/d1/up/status",
            QoS::AtLeastOnce,
            true,
            b"offline".to_vec(),
        )
        .await
        .unwrap();
    assert!(
        d2.is_disconnected_within(Duration::from_secs(5)).await,
        "publishing on another device's topic must be refused"
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (_, v) = s.get("/api/v1/devices/d1").await;
    assert_eq!(v["online"], 1, "d1 must not be marked offline by d2");
    let (_, m) = (
        0,
        s.http
            .get(format!("{}/metrics", s.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    assert!(m.contains("pyrite_mqtt_acl_refusals_total 3"), "{m}");

    // Revocation kicks d1 and its credentials stop working.
    let (st, _) = s.post("/api/v1/devices/d1/revoke", &json!({})).await;
    assert_eq!(st, 204);
    assert!(
        d1.is_disconnected_within(Duration::from_secs(5)).await,
        "revoked device is disconnected"
    );
    let mut again = FakeDevice::enrolled(&e1, s.mqtt_port);
    assert!(matches!(again.connect().await, Connected::No(_)));
    s.wait_device("d1", "offline after revoke", |v| {
        v["online"] == 0 && v["revoked"] == 1
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn bundles_rollout_chunks_health_and_canary_rollback() {
    let s = Server::start("rollout", &[]).await;
    let b1 = server_signed_bundle(&s.data, "demo", "1.0", 1, "print('v1')\n");
    let (st, row) = s.post_bytes("/api/v1/bundles", b1.clone()).await;
    assert_eq!(st, 201, "{row}");
    let sha1 = row["sha256"].as_str().unwrap().to_string();
    let (st, _) = s.post_bytes("/api/v1/bundles", b1.clone()).await;
    assert_eq!(st, 200, "same bytes again: deduplicated");
    assert_eq!(
        std::fs::read_dir(s.data.join("bundles")).unwrap().count(),
        1
    );
    // A bundle signed by a key the fleet does not trust is refused.
    let dir = temp_dir("otherkey");
    let g = pyrite_protocol::keyfile::generate(&dir.join("other")).unwrap();
    let key = pyrite_protocol::keyfile::read_secret_key(&g.secret_path).unwrap();
    let mut b = pyrite_protocol::bundle::BundleBuilder::new("demo", "x", 9);
    b.add_file("main.py", b"print(1)".to_vec()).unwrap();
    let (st, err) = s.post_bytes("/api/v1/bundles", b.sign(&key).unwrap()).await;
    assert_eq!(
        (st, err["error"]["code"].as_str()),
        (422, Some("bundle_rejected")),
        "{err}"
    );
    // A tampered bundle is refused.
    let mut bad = b1.clone();
    let n = bad.len() - 10;
    bad[n] ^= 0x40;
    let (st, _) = s.post_bytes("/api/v1/bundles", bad).await;
    assert_eq!(st, 422);

    let mut devs = Vec::new();
    let mut seen = Vec::new();
    for (id, outcome) in [
        ("a1", Outcome::Healthy),
        ("a2", Outcome::Healthy),
        ("a3", Outcome::Fails),
    ] {
        let e = s.enroll(id).await;
        let mut d = FakeDevice::enrolled(&e, s.mqtt_port);
        assert_eq!(d.connect().await, Connected::Yes);
        let (h, rx) = spawn_agent(d, outcome);
        devs.push(h);
        seen.push(rx);
    }
    for id in ["a1", "a2", "a3"] {
        s.wait_device(id, "online", |v| v["online"] == 1).await;
    }
    s.put("/api/v1/devices/a1/tags", &json!({"tags": ["good"]}))
        .await;
    s.put("/api/v1/devices/a2/tags", &json!({"tags": ["good"]}))
        .await;

    // Roll v1 out to tag:good, all at once: both download it in chunks and report healthy.
    let (st, r) = s
        .post(
            "/api/v1/rollouts",
            &json!({"bundle": sha1, "target": "tag:good", "grace_secs": 1}),
        )
        .await;
    assert_eq!(st, 201, "{r}");
    let rid = r["id"].as_str().unwrap().to_string();
    for rx in &mut seen[..2] {
        wait_seen(
            rx,
            "the v1 download",
            |x| matches!(x, Seen::Downloaded(h) if *h == sha1),
        )
        .await;
    }
    let done = s
        .wait_rollout(&rid, "completed", |v| v["state"] == "completed")
        .await;
    assert_eq!(done["counts"]["succeeded"], 2, "{done}");
    s.wait_device("a1", "running v1", |v| v["running_bundle"] == sha1.as_str())
        .await;

    // a3 gains the tag later: a new rollout of v2 with a canary of 1 device to tag:good plus a3.
    let b2 = server_signed_bundle(&s.data, "demo", "2.0", 2, "print(1/0)\n");
    let (_, row2) = s.post_bytes("/api/v1/bundles", b2).await;
    let sha2 = row2["sha256"].as_str().unwrap().to_string();
    s.put("/api/v1/devices/a3/tags", &json!({"tags": ["good"]}))
        .await;
    // Make a3 the canary deterministically: target it alone first with a canary rollout.
    let (st, r2) = s
        .post(
            "/api/v1/rollouts",
            &json!({"bundle": sha2, "target": "a3", "strategy": {"kind":"canary","count":1}, "grace_secs": 5}),
        )
        .await;
    assert_eq!(st, 201, "{r2}");
    let rid2 = r2["id"].as_str().unwrap().to_string();
    let halted = s
        .wait_rollout(&rid2, "rolled back", |v| v["state"] == "rolled_back")
        .await;
    assert!(
        halted["reason"].as_str().unwrap().contains("failed"),
        "{halted}"
    );
    let a3 = &halted["devices"][0];
    assert_eq!(a3["state"], "failed");
    assert!(
        a3["error"].as_str().unwrap().contains("ZeroDivisionError"),
        "traceback reaches the server: {a3}"
    );
    // a3 had no previous bundle: its desired state is cleared (published as "no bundle").
    wait_seen(
        &mut seen[2],
        "desired state cleared",
        |x| matches!(x, Seen::Desired(d) if d.bundle.is_none()),
    )
    .await;
    let (_, v) = s.get("/api/v1/devices/a3").await;
    assert_eq!(v["desired_bundle"], serde_json::Value::Null);
    // The failure is in a3's logs.
    let mut logs = serde_json::Value::Null;
    for _ in 0..50 {
        logs = s.get("/api/v1/devices/a3/logs").await.1;
        if logs.to_string().contains("ZeroDivisionError") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(logs.to_string().contains("ZeroDivisionError"), "{logs}");

    // Waves over tag:good (now 3 devices) with v2: halts after failures, a1/a2 go back to v1.
    let (st, r3) = s
        .post(
            "/api/v1/rollouts",
            &json!({"bundle": sha2, "target": "tag:good", "strategy": {"kind":"waves","percents":[50,100]},
                    "grace_secs": 60, "failure_threshold": 0}),
        )
        .await;
    assert_eq!(st, 201, "{r3}");
    let rid3 = r3["id"].as_str().unwrap().to_string();
    // Pause/resume are accepted while it runs (or it may already have halted).
    let (st, _) = s
        .post(&format!("/api/v1/rollouts/{rid3}/pause"), &json!({}))
        .await;
    assert!(st == 200 || st == 409);
    let (st, _) = s
        .post(&format!("/api/v1/rollouts/{rid3}/resume"), &json!({}))
        .await;
    assert!(st == 200 || st == 409);
    // a1/a2 report healthy for v2 (their agents always do) but a3 fails: threshold 0 halts it.
    let r3v = s
        .wait_rollout(&rid3, "halted", |v| v["state"] == "rolled_back")
        .await;
    for m in r3v["devices"].as_array().unwrap() {
        if m["state"] == "rolled_back" {
            let id = m["device_id"].as_str().unwrap();
            s.wait_device(id, "desired back to v1", |v| {
                v["desired_bundle"] == sha1.as_str()
            })
            .await;
        }
    }
    // A bundle in use cannot be deleted; an unknown one is 404.
    let r = s
        .http
        .delete(format!("{}/api/v1/bundles/{sha1}", s.base))
        .bearer_auth(&s.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 409);
    let r = s
        .http
        .delete(format!("{}/api/v1/bundles/{}", s.base, "0".repeat(64)))
        .bearer_auth(&s.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 404);
    let m = s
        .http
        .get(format!("{}/metrics", s.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        m.contains("pyrite_rollouts{state=\"rolled_back\"} 2"),
        "{m}"
    );
    for h in devs {
        h.abort();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn bad_payloads_are_rejected_and_telemetry_logs_are_stored() {
    let s = Server::start("ingest", &[]).await;
    let port = s.mqtt_port;
    bad_payloads(&s, port).await;
}

/// The same on PostgreSQL and Mosquitto (PYRITE_TEST_POSTGRES_URL and
/// PYRITE_TEST_MOSQUITTO).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn bad_payloads_are_rejected_and_telemetry_logs_are_stored_postgres_mosquitto() {
    let test = "bad_payloads_are_rejected_and_telemetry_logs_are_stored_postgres_mosquitto";
    let Some(base) = pyrite_e2e::service_from_env(pyrite_e2e::ENV_POSTGRES, test) else {
        return;
    };
    let Some(mosquitto) = pyrite_e2e::service_from_env(pyrite_e2e::ENV_MOSQUITTO, test) else {
        return;
    };
    let (url, name) = fresh_db(&base, "pyrite_bad_input").await;
    let data = temp_dir("ingest-pg");
    let broker = Mosquitto::start(&mosquitto, &data, Some(&url));
    let mut args = vec!["--database".to_string(), url.clone()];
    args.extend(broker.serve_args());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let s = Server::start_in(data, &args).await;
    bad_payloads(&s, broker.port).await;
    drop(s);
    drop(broker);
    drop_db(&base, &name).await;
}

/// Garbage on every topic kind, then good telemetry and logs, then invalid
/// API requests: each is rejected with a stable error, nothing crashes, the
/// good data is stored.
async fn bad_payloads(s: &Server, mqtt_port: u16) {
    let e = s.enroll("t1").await;
    let mut d = FakeDevice::connected(&e, mqtt_port).await;
    d.birth(None).await;
    // Garbage, wrong shapes, oversize payloads: rejected, never a crash.
    for (kind, payload) in [
        (TopicKind::Status, b"{not json".to_vec()),
        (TopicKind::Heartbeat, b"[1,2,3]".to_vec()),
        (
            TopicKind::Report,
            br#"{"protocol":1,"state":"refused"}"#.to_vec(),
        ),
        (TopicKind::Telemetry, vec![b'x'; 20_000]),
        (
            TopicKind::Log,
            br#"{"sent_at":1,"lines":[{"t":1,"level":"info","source":"script","msg":""}],"extra":"#
                .to_vec(),
        ),
        (
            TopicKind::ChunkRequest,
            br#"{"sha256":"00","offset":0,"chunk_size":999999,"count":1}"#.to_vec(),
        ),
    ] {
        d.client
            .publish(d.topic(kind), QoS::AtLeastOnce, false, payload)
            .await
            .unwrap();
    }
    let tele = TelemetryBatch {
        sent_at: 10_000,
        series: vec![Series {
            name: "temp".into(),
            points: (0..50).map(|i| (9_000 + i * 10, 20.0 + i as f64)).collect(),
        }],
    };
    d.send(TopicKind::Telemetry, &tele).await;
    let logs = LogBatch {
        sent_at: 10_000,
        lines: vec![LogLine {
            t: 9_999,
            level: LogLevel::Info,
            source: LogSource::Script,
            msg: "hello from t1".into(),
        }],
        dropped: 0,
    };
    d.send(TopicKind::Log, &logs).await;
    // The device's event loop runs while the server handles the messages.
    let pump = tokio::spawn(async move {
        d.pump(Duration::from_secs(600)).await;
    });
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while !s
        .get("/api/v1/devices/t1/logs")
        .await
        .1
        .to_string()
        .contains("hello from t1")
    {
        assert!(
            std::time::Instant::now() < deadline,
            "log line never stored"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let r = s
        .http
        .get(format!("{}/healthz", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let m = s
        .http
        .get(format!("{}/metrics", s.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let rejected: f64 = m
        .lines()
        .find_map(|l| l.strip_prefix("pyrite_mqtt_messages_rejected_total "))
        .and_then(|v| v.parse().ok())
        .unwrap();
    assert!(rejected >= 5.0, "{m}");
    let (_, t) = s
        .get("/api/v1/devices/t1/telemetry?metric=temp&since=1h&bucket=1h")
        .await;
    let total: i64 = t["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["count"].as_i64().unwrap())
        .sum();
    assert_eq!(total, 50, "{t}");
    let (_, l) = s.get("/api/v1/devices/t1/logs").await;
    assert_eq!(l[0]["message"], "hello from t1", "{l}");
    // Invalid API requests get JSON errors.
    let (st, err) = s.get("/api/v1/devices/t1/telemetry?since=forever").await;
    assert_eq!(
        (st, err["error"]["code"].as_str()),
        (400, Some("invalid_request"))
    );
    let (st, err) = s
        .post(
            "/api/v1/rollouts",
            &json!({"bundle": "nope", "target": "all"}),
        )
        .await;
    assert_eq!(
        (st, err["error"]["code"].as_str()),
        (404, Some("not_found"))
    );
    let r = s
        .http
        .post(format!("{}/api/v1/rollouts", s.base))
        .bearer_auth(&s.token)
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    let err: serde_json::Value = r.json().await.unwrap();
    assert_eq!(err["error"]["code"], "invalid_request");
    // An oversize upload is refused from its Content-Length, before the body
    // is read (so send only the head, as a client would before `100-continue`).
    {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let addr = s.base.trim_start_matches("http://");
        let mut sock = tokio::net::TcpStream::connect(addr).await.unwrap();
        let head = format!(
            "POST /api/v1/bundles HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {}\r\nContent-Length: {}\r\n\r\n",
            s.token,
            9 * 1024 * 1024
        );
        sock.write_all(head.as_bytes()).await.unwrap();
        let mut buf = vec![0u8; 4096];
        let n = tokio::time::timeout(Duration::from_secs(10), sock.read(&mut buf))
            .await
            .unwrap()
            .unwrap();
        let resp = String::from_utf8_lossy(&buf[..n]).to_string();
        assert!(resp.starts_with("HTTP/1.1 413"), "{resp}");
        assert!(resp.contains("payload_too_large"), "{resp}");
    }
    // The OpenAPI document lists the routes.
    let (_, doc) = s.get("/api/v1/openapi.json").await;
    assert!(doc["paths"]["/api/v1/rollouts"].is_object());
    pump.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn remote_repl_over_websocket() {
    use futures_util::SinkExt;
    use tokio_tungstenite::tungstenite::Message;
    let s = Server::start("repl", &[]).await;
    let e = s.enroll("r1").await;
    let mut d = FakeDevice::enrolled(&e, s.mqtt_port);
    assert_eq!(d.connect().await, Connected::Yes);
    let (h, _rx) = spawn_agent(d, Outcome::Healthy);
    s.wait_device("r1", "online", |v| v["online"] == 1).await;
    let url = format!(
        "{}/api/v1/devices/r1/repl?token={}",
        s.base.replace("http://", "ws://"),
        s.token
    );
    let (mut ws, _) = tokio_tungstenite::connect_async(url.as_str())
        .await
        .unwrap();
    let opened = next_frame(&mut ws).await;
    assert_eq!(opened["type"], "opened", "{opened}");
    ws.send(Message::Text(
        json!({"type":"input","data":"print(6*7)\n"})
            .to_string()
            .into(),
    ))
    .await
    .unwrap();
    let out = next_frame(&mut ws).await;
    assert_eq!(out["data"], "echo:print(6*7)\n");
    ws.send(Message::Text(
        json!({"type":"interrupt"}).to_string().into(),
    ))
    .await
    .unwrap();
    let out = next_frame(&mut ws).await;
    assert_eq!(out["data"], "KeyboardInterrupt\n");
    // Closing the socket ends the session on the device too.
    ws.close(None).await.unwrap();
    h.abort();
}

/// The next JSON text frame of a WebSocket.
async fn next_frame<S>(ws: &mut S) -> serde_json::Value
where
    S: futures_util::Stream<
            Item = Result<
                tokio_tungstenite::tungstenite::Message,
                tokio_tungstenite::tungstenite::Error,
            >,
        > + Unpin,
{
    use futures_util::StreamExt;
    loop {
        let m = tokio::time::timeout(Duration::from_secs(10), ws.next())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        if let tokio_tungstenite::tungstenite::Message::Text(t) = m {
            return serde_json::from_str(&t).unwrap();
        }
    }
}
