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

on_both_backends!(
    enrollment_auth_and_device_isolation,
    enrollment_auth_and_device_isolation_postgres_mosquitto,
    device_isolation_on
);

/// Enrollment and API tokens are checked; a device is held to its own
/// topics (it cannot read another's, nor speak for it); revocation locks it
/// out. The embedded broker closes the connection of a device that leaves
/// its topics; Mosquitto refuses the subscription and drops the publish
/// (MQTT 3.1.1 has no other answer), so there the proof is that nothing of
/// d1's reaches d2 and d1's record is untouched.
async fn device_isolation_on(backend: Backend) {
    let f = Fleet::start("isolation", &backend).await;
    let (s, port) = (&f.server, f.mqtt_port());
    let embedded = matches!(backend, Backend::Embedded);
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
    assert_eq!(e1.mqtt.port, port);
    assert!(
        !e1.trusted_keys.is_empty(),
        "the server key is trusted and sent"
    );

    // Good credentials connect; the birth marks the device online.
    let mut d1 = FakeDevice::connected(&e1, port).await;
    d1.client
        .subscribe("pyrite/v1/dev/d1/down/#", QoS::AtLeastOnce)
        .await
        .unwrap();
    d1.birth(None).await;
    d1.pump(Duration::from_millis(300)).await;
    s.wait_device("d1", "online", |v| {
        v["online"] == 1 && v["agent_version"] == "0.1.0"
    })
    .await;

    // A wrong password is refused.
    let mut bad = FakeDevice::new("d2", "d2", "not-the-password", port);
    assert!(matches!(bad.connect().await, Connected::No(_)));
    if embedded {
        // ... and a username that is not the client id.
        let mut spoof = FakeDevice::new("d2", "d1", &e1.mqtt.password, port);
        assert!(matches!(spoof.connect().await, Connected::No(_)));
    }

    if embedded {
        // d2 connects, then tries to read d1's topics: the connection is closed.
        let mut d2 = FakeDevice::connected(&e2, port).await;
        d2.client
            .subscribe("pyrite/v1/dev/d1/down/#", QoS::AtLeastOnce)
            .await
            .unwrap();
        assert!(
            d2.is_disconnected_within(Duration::from_secs(5)).await,
            "subscribing to another device's topics must be refused"
        );
        // ... and a wildcard over all devices.
        let mut d2 = FakeDevice::connected(&e2, port).await;
        d2.client
            .subscribe("pyrite/v1/dev/+/up/#", QoS::AtLeastOnce)
            .await
            .unwrap();
        assert!(
            d2.is_disconnected_within(Duration::from_secs(5)).await,
            "wildcard over devices must be refused"
        );
        // ... and publishing as d1: refused.
        let mut d2 = FakeDevice::connected(&e2, port).await;
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
        let m = s.metrics().await;
        assert!(m.contains("pyrite_mqtt_acl_refusals_total 3"), "{m}");
    } else {
        // d2 subscribes to d1's commands and every device's reports, speaks
        // for d1; the broker filters it out.
        let mut d2 = FakeDevice::connected(&e2, port).await;
        check_neighbour_cannot_reach(s, &mut d1, &mut d2, "d1").await;
    }
    if embedded {
        // d1's record is untouched by d2.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let (_, v) = s.get("/api/v1/devices/d1").await;
        assert_eq!(v["online"], 1, "d1 must not be marked offline by d2");
    }

    // Revocation: the embedded broker kicks d1 at once; every broker
    // refuses its credentials from then on.
    let (st, _) = s.post("/api/v1/devices/d1/revoke", &json!({})).await;
    assert_eq!(st, 204);
    if embedded {
        assert!(
            d1.is_disconnected_within(Duration::from_secs(5)).await,
            "revoked device is disconnected"
        );
    }
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        // Mosquitto reloads its password file on a signal: give it a moment.
        let mut again = FakeDevice::enrolled(&e1, port);
        if matches!(again.connect().await, Connected::No(_)) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "revoked credentials still accepted"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    if embedded {
        s.wait_device("d1", "offline after revoke", |v| {
            v["online"] == 0 && v["revoked"] == 1
        })
        .await;
    } else {
        s.wait_device("d1", "revoked", |v| v["revoked"] == 1).await;
    }
    f.finish().await;
}

on_both_backends!(
    bundles_rollout_chunks_health_and_canary_rollback,
    bundles_rollout_chunks_health_and_canary_rollback_postgres_mosquitto,
    rollouts_on
);

/// Bundles uploaded, deduplicated and checked; rollouts all at once, by
/// canary and in waves, downloaded in chunks, judged by device health, halted
/// and rolled back on failure.
async fn rollouts_on(backend: Backend) {
    let f = Fleet::start("rollout", &backend).await;
    let s = &f.server;
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
        let d = FakeDevice::connected(&e, f.mqtt_port()).await;
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
    let m = s.metrics().await;
    assert_eq!(
        metric(&m, "pyrite_rollouts{state=\"rolled_back\"}"),
        2.0,
        "{m}"
    );
    assert_eq!(
        metric(&m, "pyrite_rollouts{state=\"completed\"}"),
        1.0,
        "{m}"
    );
    assert_eq!(metric(&m, "pyrite_rollouts{state=\"running\"}"), 0.0, "{m}");
    for h in devs {
        h.abort();
    }
    f.finish().await;
}

on_both_backends!(
    bad_payloads_are_rejected_and_telemetry_logs_are_stored,
    bad_payloads_are_rejected_and_telemetry_logs_are_stored_postgres_mosquitto,
    bad_payloads_on
);

async fn bad_payloads_on(backend: Backend) {
    let f = Fleet::start("ingest", &backend).await;
    bad_payloads(&f.server, f.mqtt_port()).await;
    f.finish().await;
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
    // What Prometheus users watch: connected devices, messages in and out
    // (totals for rate(), and per second), ingest lag, rollouts by state.
    let m = s.metrics().await;
    assert!(
        metric(&m, "pyrite_mqtt_messages_rejected_total") >= 5.0,
        "{m}"
    );
    assert!(metric(&m, "pyrite_mqtt_messages_in_total") >= 8.0, "{m}");
    assert!(metric(&m, "pyrite_devices_connected") >= 1.0, "{m}");
    wait_metric(
        s,
        "pyrite_mqtt_messages_in_per_second",
        "a message rate",
        |v| v > 0.0,
    )
    .await;
    wait_metric(
        s,
        "pyrite_ingest_lag_seconds",
        "everything committed",
        |v| v == 0.0,
    )
    .await;
    for state in ["running", "paused", "completed", "rolled_back", "aborted"] {
        let line = format!("pyrite_rollouts{{state=\"{state}\"}} 0");
        assert!(m.lines().any(|l| l == line), "{line} in {m}");
    }
    for name in [
        "pyrite_mqtt_messages_out_total",
        "pyrite_mqtt_messages_out_per_second",
        "pyrite_ingest_last_batch_lag_seconds",
    ] {
        assert!(m.contains(&format!("# TYPE {name} ")), "{name} in {m}");
    }
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

on_both_backends!(
    remote_repl_over_websocket,
    remote_repl_over_websocket_postgres_mosquitto,
    remote_repl_on
);

/// A REPL session through the API's WebSocket: input echoed by the device,
/// Ctrl-C passed through as an interrupt.
async fn remote_repl_on(backend: Backend) {
    use futures_util::SinkExt;
    use tokio_tungstenite::tungstenite::Message;
    let f = Fleet::start("repl", &backend).await;
    let s = &f.server;
    let e = s.enroll("r1").await;
    let d = FakeDevice::connected(&e, f.mqtt_port()).await;
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
    f.finish().await;
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

on_both_backends!(
    operator_tokens_roles_and_revocation,
    operator_tokens_roles_and_revocation_postgres_mosquitto,
    operator_tokens_on
);

/// A request with `token`: (status, JSON body).
async fn call(
    s: &Server,
    token: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<serde_json::Value>,
) -> (u16, serde_json::Value) {
    let mut r = s
        .http
        .request(method, format!("{}{path}", s.base))
        .bearer_auth(token);
    if let Some(b) = body {
        r = r.json(&b);
    }
    let r = r.send().await.unwrap();
    let st = r.status().as_u16();
    (st, r.json().await.unwrap_or(serde_json::Value::Null))
}

/// Named tokens made by the CLI and the API: shown once, listed without
/// secrets, roles enforced (403 `forbidden`), revoked tokens refused (401).
async fn operator_tokens_on(backend: Backend) {
    use reqwest::Method;
    let f = Fleet::start("tokens", &backend).await;
    let s = &f.server;

    // CLI: a read-only token, its secret printed once.
    let out = cli(
        s,
        &[
            "token",
            "create",
            "grafana",
            "--role",
            "read-only",
            "--json",
        ],
    );
    let created: serde_json::Value = serde_json::from_str(&out).expect("token create --json");
    assert_eq!(created["name"], "grafana");
    assert_eq!(created["role"], "read-only");
    let viewer = created["token"]
        .as_str()
        .expect("secret in the answer")
        .to_string();
    // API: an operator token (the default role).
    let (st, v) = s
        .post("/api/v1/tokens", &json!({"name": "ci-deploy"}))
        .await;
    assert_eq!(st, 201, "{v}");
    assert_eq!(v["role"], "operator");
    let operator = v["token"].as_str().unwrap().to_string();

    // Bad requests: a taken name, a bad name, an unknown role.
    let (st, v) = s.post("/api/v1/tokens", &json!({"name": "grafana"})).await;
    assert_eq!(
        (st, v["error"]["code"].as_str()),
        (409, Some("conflict")),
        "{v}"
    );
    let (st, v) = s.post("/api/v1/tokens", &json!({"name": "a b/c"})).await;
    assert_eq!(
        (st, v["error"]["code"].as_str()),
        (400, Some("invalid_request")),
        "{v}"
    );
    let (st, v) = s
        .post("/api/v1/tokens", &json!({"name": "x", "role": "root"}))
        .await;
    assert_eq!(
        (st, v["error"]["code"].as_str()),
        (400, Some("invalid_request")),
        "{v}"
    );

    // The read-only token reads, and gets 403 on every kind of change.
    let (st, v) = call(s, &viewer, Method::GET, "/api/v1/me", None).await;
    assert_eq!((st, v["role"].as_str()), (200, Some("read-only")), "{v}");
    let (st, _) = call(s, &viewer, Method::GET, "/api/v1/devices", None).await;
    assert_eq!(st, 200);
    let (st, _) = call(s, &viewer, Method::GET, "/api/v1/rollouts", None).await;
    assert_eq!(st, 200);
    for (method, path, body) in [
        (Method::POST, "/api/v1/enroll-token/rotate", Some(json!({}))),
        (Method::GET, "/api/v1/enroll-token", None),
        (
            Method::PUT,
            "/api/v1/settings/retention",
            Some(json!({"days": 3})),
        ),
        (Method::POST, "/api/v1/rollouts/nope/pause", Some(json!({}))),
        (Method::DELETE, "/api/v1/devices/nope", None),
        (
            Method::POST,
            "/api/v1/tokens",
            Some(json!({"name": "mine"})),
        ),
        (Method::GET, "/api/v1/tokens", None),
    ] {
        let (st, v) = call(s, &viewer, method.clone(), path, body).await;
        assert_eq!(
            (st, v["error"]["code"].as_str()),
            (403, Some("forbidden")),
            "read-only {method} {path}: {v}"
        );
    }
    // The CLI shows the refusal.
    let out = cli_as(s, &viewer, &["enroll-token", "--rotate"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("forbidden") && err.contains("HTTP 403"),
        "{err}"
    );

    // The operator token changes the fleet but does not manage tokens.
    let (st, _) = call(
        s,
        &operator,
        Method::POST,
        "/api/v1/enroll-token/rotate",
        Some(json!({})),
    )
    .await;
    assert_eq!(st, 200);
    let (st, v) = call(
        s,
        &operator,
        Method::POST,
        "/api/v1/tokens",
        Some(json!({"name": "y"})),
    )
    .await;
    assert_eq!(
        (st, v["error"]["code"].as_str()),
        (403, Some("forbidden")),
        "{v}"
    );

    // The list: names, roles, last use; never a secret or a hash.
    let (st, list) = s.get("/api/v1/tokens").await;
    assert_eq!(st, 200);
    let text = list.to_string();
    assert!(
        !text.contains(&viewer) && !text.contains(&operator) && !text.contains("hash"),
        "{text}"
    );
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["admin", "grafana", "ci-deploy"]);
    let grafana = &list.as_array().unwrap()[1];
    assert!(
        grafana["last_used_at"].as_i64().is_some(),
        "last use recorded: {grafana}"
    );
    let table = cli(s, &["token", "list"]);
    assert!(table.starts_with("ID"), "{table}");
    assert!(
        table.contains("LAST USED") && table.contains("read-only") && table.contains("ci-deploy"),
        "{table}"
    );
    assert!(!table.contains(&viewer), "{table}");

    // Revoked by name with the CLI: refused with 401 from then on.
    let out = cli(s, &["token", "revoke", "grafana"]);
    assert!(out.contains("revoked token grafana"), "{out}");
    let (st, v) = call(s, &viewer, Method::GET, "/api/v1/devices", None).await;
    assert_eq!(
        (st, v["error"]["code"].as_str()),
        (401, Some("unauthorized")),
        "{v}"
    );
    let (st, v) = s.post("/api/v1/tokens/grafana/revoke", &json!({})).await;
    assert_eq!(
        (st, v["error"]["code"].as_str()),
        (404, Some("not_found")),
        "{v}"
    );
    let all = cli(s, &["token", "list", "--all"]);
    assert!(all.contains("STATE") && all.contains("revoked"), "{all}");
    let active = cli(s, &["token", "list"]);
    assert!(!active.contains("grafana"), "{active}");
    // The name is free again.
    let (st, _) = s
        .post(
            "/api/v1/tokens",
            &json!({"name": "grafana", "role": "read-only"}),
        )
        .await;
    assert_eq!(st, 201);

    // The last admin token cannot be revoked; with a second admin it can.
    let (st, v) = s.post("/api/v1/tokens/admin/revoke", &json!({})).await;
    assert_eq!(
        (st, v["error"]["code"].as_str()),
        (409, Some("conflict")),
        "{v}"
    );
    let (st, v) = s
        .post(
            "/api/v1/tokens",
            &json!({"name": "admin2", "role": "admin"}),
        )
        .await;
    assert_eq!(st, 201);
    let admin2 = v["token"].as_str().unwrap().to_string();
    let (st, _) = call(
        s,
        &admin2,
        Method::POST,
        "/api/v1/tokens/admin/revoke",
        Some(json!({})),
    )
    .await;
    assert_eq!(st, 204);
    let (st, _) = s.get("/api/v1/devices").await;
    assert_eq!(st, 401, "the first admin token is revoked");

    // The OpenAPI document names the endpoints and the 403.
    let (st, doc) = call(s, &admin2, Method::GET, "/api/v1/openapi.json", None).await;
    assert_eq!(st, 200);
    assert!(
        doc["paths"]["/api/v1/tokens"]["post"].is_object(),
        "tokens in OpenAPI"
    );
    assert!(doc["paths"]["/api/v1/tokens/{id}/revoke"]["post"]["responses"]["403"].is_object());
    assert!(doc["paths"]["/api/v1/rollouts"]["post"]["responses"]["403"].is_object());
    assert!(doc["paths"]["/api/v1/rollouts"]["get"]["responses"]["403"].is_null());
    f.finish().await;
}
