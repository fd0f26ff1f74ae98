//! End-to-end tests of the fleet server's live streams and the device list:
//! `GET /api/v1/events` (device, report/failure, bundle and rollout events,
//! `Last-Event-ID` resume, `resync`), the per-device telemetry stream, the
//! paged/filtered/sorted device list and the fleet summary.

#[path = "server_support.rs"]
mod support;

use pyrite_protocol::messages::{Report, ReportState, Series, TelemetryBatch};
use pyrite_protocol::topics::TopicKind;
use rumqttc::AsyncClient;
use serde_json::json;
use std::time::Duration;
use support::*;

/// Connects an enrolled fake device and keeps its connection serviced in
/// the background; returns its publishing client.
async fn connected(s: &Server, id: &str) -> (AsyncClient, pyrite_protocol::DeviceId) {
    let e = s.enroll(id).await;
    let mut d = FakeDevice::enrolled(&e, s.mqtt_port);
    assert_eq!(d.connect().await, Connected::Yes);
    let (client, did) = (d.client.clone(), d.id.clone());
    tokio::spawn(async move {
        loop {
            if d.events.poll().await.is_err() {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    });
    (client, did)
}

fn report(sha: &str, state: ReportState, traceback: Option<&str>) -> Report {
    Report {
        protocol: 1,
        deployment: "manual".into(),
        sha256: Some(sha.into()),
        sequence: Some(7),
        state,
        reason: None,
        detail: None,
        traceback: traceback.map(str::to_string),
        progress: None,
        uptime_ms: 5,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fleet_events_stream_resume_and_resync() {
    let s = Server::start("events", &[]).await;
    let mut ev = SseStream::open(&s, "/api/v1/events", None).await;

    // Enrollment and birth: `device` events with the device's view.
    let (c, id) = connected(&s, "ev1").await;
    let e = ev
        .wait("device", "enrolled", |v| {
            v["id"] == "ev1" && v["change"] == "enrolled"
        })
        .await;
    let first_id = e.id.clone().expect("events carry ids");
    send_msg(&c, &id, TopicKind::Status, &birth_message()).await;
    let e = ev
        .wait("device", "online", |v| {
            v["id"] == "ev1" && v["change"] == "online"
        })
        .await;
    assert_eq!(e.json()["status"], "online");
    assert_eq!(e.json()["agent_version"], "0.1.0");

    // A failure report: the event carries the traceback.
    let sha = "ab".repeat(32);
    let tb = "Traceback (most recent call last):\n  File \"main.py\", line 3\nValueError: boom";
    send_msg(
        &c,
        &id,
        TopicKind::Report,
        &report(&sha, ReportState::Running, None),
    )
    .await;
    let e = ev
        .wait("device", "report", |v| v["change"] == "report")
        .await;
    assert_eq!(e.json()["deploy_state"], "running");
    assert_eq!(e.json()["deploy_bundle"], sha.as_str());
    send_msg(
        &c,
        &id,
        TopicKind::Report,
        &report(&sha, ReportState::Failed, Some(tb)),
    )
    .await;
    let e = ev
        .wait("device", "failure", |v| v["change"] == "failure")
        .await;
    let v = e.json();
    assert_eq!(v["failure"]["state"], "failed");
    assert_eq!(v["failure"]["error"], tb);
    assert_eq!(v["failing"], true);
    let failure_id = e.id.clone().unwrap();

    // Bundle upload and a rollout: `bundle`, `rollout` and `rollout_device` events.
    let bundle = server_signed_bundle(&s.data, "evapp", "1.0", 100, "print(1)\n");
    let (st, b) = s.post_bytes("/api/v1/bundles", bundle).await;
    assert_eq!(st, 201, "{b}");
    let bsha = b["sha256"].as_str().unwrap().to_string();
    ev.wait("bundle", "uploaded", |v| {
        v["change"] == "uploaded" && v["sha256"] == bsha.as_str()
    })
    .await;
    let (st, r) = s
        .post(
            "/api/v1/rollouts",
            &json!({"bundle": bsha, "target": "ev1", "step_timeout_secs": 600}),
        )
        .await;
    assert_eq!(st, 201, "{r}");
    let rid = r["id"].as_str().unwrap().to_string();
    ev.wait("rollout_device", "member updating", |v| {
        v["rollout_id"] == rid.as_str() && v["device_id"] == "ev1" && v["state"] == "updating"
    })
    .await;
    let e = ev
        .wait("rollout", "progress", |v| {
            v["id"] == rid.as_str() && v["counts"]["updating"] == 1
        })
        .await;
    assert_eq!(e.json()["state"], "running");
    let (st, _) = s
        .post(&format!("/api/v1/rollouts/{rid}/pause"), &json!({}))
        .await;
    assert_eq!(st, 200);
    ev.wait("rollout", "paused", |v| {
        v["id"] == rid.as_str() && v["state"] == "paused"
    })
    .await;

    // Tags: a `device` event.
    s.put("/api/v1/devices/ev1/tags", &json!({"tags": ["lab"]}))
        .await;
    ev.wait("device", "tags", |v| {
        v["change"] == "tags" && v["tags"] == json!(["lab"])
    })
    .await;

    // Resume after the failure event: everything since is replayed, in order.
    let mut again = SseStream::open(&s, "/api/v1/events", Some(&failure_id)).await;
    let mut names = Vec::new();
    while let Some(e) = again.next(Duration::from_millis(500)).await {
        if e.comment.is_some() && e.data.is_empty() {
            continue;
        }
        assert_ne!(e.id.as_deref(), Some(failure_id.as_str()), "not repeated");
        names.push(e.event.clone());
        if e.event == "device" && e.json()["change"] == "tags" {
            break;
        }
    }
    assert_eq!(
        names.first().map(String::as_str),
        Some("bundle"),
        "{names:?}"
    );
    assert!(names.contains(&"rollout".to_string()), "{names:?}");
    assert_eq!(
        names.last().map(String::as_str),
        Some("device"),
        "{names:?}"
    );
    assert!(!names.contains(&"resync".to_string()), "{names:?}");
    // An id the server does not know: a resync event first.
    let mut stale = SseStream::open(&s, "/api/v1/events", Some("feedbeef.12")).await;
    let e = stale.wait("resync", "unknown id", |_| true).await;
    assert!(
        e.json()["reason"]
            .as_str()
            .unwrap()
            .contains("another server")
    );
    // Filtering by type.
    let mut only = SseStream::open(&s, "/api/v1/events?types=bundle", Some(&first_id)).await;
    let e = only.next(Duration::from_secs(5)).await.unwrap();
    let e = if e.comment.is_some() && e.data.is_empty() {
        only.next(Duration::from_secs(5)).await.unwrap()
    } else {
        e
    };
    assert_eq!(e.event, "bundle");

    // Revocation.
    s.post("/api/v1/devices/ev1/revoke", &json!({})).await;
    ev.wait("device", "revoked", |v| {
        v["change"] == "revoked" && v["status"] == "revoked"
    })
    .await;

    // The OpenAPI document names the event types.
    let (_, doc) = s.get("/api/v1/openapi.json").await;
    for schema in [
        "FleetEvent",
        "DeviceEvent",
        "BundleEvent",
        "ResyncEvent",
        "DevicePage",
    ] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
    for path in [
        "/api/v1/events",
        "/api/v1/devices/{id}/telemetry/stream",
        "/api/v1/fleet/summary",
    ] {
        assert!(doc["paths"][path].is_object(), "{path}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_slow_event_subscriber_is_dropped_with_a_resync() {
    let s = Server::start("events-slow", &[]).await;
    let (c, id) = connected(&s, "slow1").await;
    // Subscribe and never read while the server produces far more events
    // (each with a 4 KB traceback) than a subscriber may fall behind, and
    // than the sockets between us buffer.
    let mut slow = SseStream::open(&s, "/api/v1/events?types=device", None).await;
    let mut fast = SseStream::open(&s, "/api/v1/events?types=device", None).await;
    let fast_reader = tokio::spawn(async move {
        fast.wait("device", "the last report", |v| {
            v["deploy_state"] == "installed"
        })
        .await;
    });
    let sha = "cd".repeat(32);
    let tb = format!("Traceback\n{}\nValueError: x", "y".repeat(4000));
    for _ in 0..2500u32 {
        send_msg(
            &c,
            &id,
            TopicKind::Report,
            &report(&sha, ReportState::Failed, Some(&tb)),
        )
        .await;
    }
    // A last, recognisable event; the fast reader sees it (ingest never blocked).
    send_msg(
        &c,
        &id,
        TopicKind::Report,
        &report(&sha, ReportState::Installed, None),
    )
    .await;
    fast_reader.await.unwrap();
    // The slow one gets a resync and then the stream ends.
    let mut saw_resync = false;
    while let Some(e) = slow.next(Duration::from_secs(10)).await {
        if e.event == "resync" {
            saw_resync = true;
        }
    }
    assert!(saw_resync, "a lagging subscriber must be told to resync");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn live_telemetry_stream_of_one_device() {
    let s = Server::start("telestream", &[]).await;
    let (c, id) = connected(&s, "tel1").await;
    let (c2, id2) = connected(&s, "tel2").await;
    send_msg(&c, &id, TopicKind::Status, &birth_message()).await;
    s.wait_device("tel1", "online", |v| v["online"] == 1).await;
    let (st, _) = s.get("/api/v1/devices/nope/telemetry/stream").await;
    assert_eq!(st, 404);
    let mut live = SseStream::open(
        &s,
        "/api/v1/devices/tel1/telemetry/stream?metric=temp",
        None,
    )
    .await;
    let first = live.next(Duration::from_secs(5)).await.unwrap();
    assert_eq!(first.comment.as_deref(), Some("ready"));
    let batch = |v: f64| TelemetryBatch {
        sent_at: 10_000,
        series: vec![
            Series {
                name: "temp".into(),
                points: vec![(9_000, v), (10_000, v + 1.0)],
            },
            Series {
                name: "other".into(),
                points: vec![(10_000, 0.0)],
            },
        ],
    };
    // Another device's points never show up here.
    send_msg(&c2, &id2, TopicKind::Telemetry, &batch(100.0)).await;
    send_msg(&c, &id, TopicKind::Telemetry, &batch(21.0)).await;
    let p = live.wait("point", "first point", |_| true).await.json();
    assert_eq!(
        (
            p["device_id"].clone(),
            p["metric"].clone(),
            p["value"].clone()
        ),
        (json!("tel1"), json!("temp"), json!(21.0))
    );
    let p2 = live.wait("point", "second point", |_| true).await.json();
    assert_eq!(p2["value"], 22.0);
    assert_eq!(p2["ts"].as_i64().unwrap() - p["ts"].as_i64().unwrap(), 1000);
    send_msg(&c, &id, TopicKind::Telemetry, &batch(30.0)).await;
    let p3 = live.wait("point", "third point", |_| true).await.json();
    assert_eq!(p3["value"], 30.0, "the filtered-out metric is skipped");
    // Heartbeat metrics come live too (without a metric filter).
    let mut all = SseStream::open(&s, "/api/v1/devices/tel1/telemetry/stream", None).await;
    let hb = pyrite_protocol::messages::Heartbeat {
        uptime_ms: 5000,
        free_ram: 4242,
        free_flash: None,
        running: None,
        app_state: pyrite_protocol::messages::AppState::None,
        rssi: None,
        reconnects: 0,
        logs_dropped: 0,
    };
    send_msg(&c, &id, TopicKind::Heartbeat, &hb).await;
    let p = all
        .wait("point", "free_ram", |v| v["metric"] == "free_ram")
        .await;
    assert_eq!(p.json()["value"], 4242.0);
    drop(c2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn device_list_pages_filters_sorts_and_summarises() {
    let s = Server::start("devlist", &[]).await;
    let token = s.enroll_token().await;
    for i in 0..30 {
        let (st, _) = s.enroll_with(&format!("node-{i:02}"), &token).await;
        assert_eq!(st, 200);
    }
    for i in 0..3 {
        s.enroll(&format!("Gate_{i}")).await;
    }
    for i in 0..10 {
        s.put(
            &format!("/api/v1/devices/node-{i:02}/tags"),
            &json!({"tags": ["roof"]}),
        )
        .await;
    }
    // Two devices online; one of them failing.
    let (c, id) = connected(&s, "node-05").await;
    send_msg(&c, &id, TopicKind::Status, &birth_message()).await;
    let (c2, id2) = connected(&s, "node-20").await;
    send_msg(&c2, &id2, TopicKind::Status, &birth_message()).await;
    send_msg(
        &c2,
        &id2,
        TopicKind::Report,
        &report(
            &"ef".repeat(32),
            ReportState::Failed,
            Some("Traceback\nKeyError: 'x'"),
        ),
    )
    .await;
    s.wait_device("node-20", "failing", |v| v["failing"] == true)
        .await;
    s.wait_device("node-05", "online", |v| v["status"] == "online")
        .await;

    let (st, p) = s.get("/api/v1/devices?limit=10&offset=0").await;
    assert_eq!(st, 200);
    assert_eq!(p["total"], 33);
    assert_eq!(p["items"].as_array().unwrap().len(), 10);
    assert_eq!(p["items"][0]["id"], "Gate_0");
    let (_, p) = s.get("/api/v1/devices?limit=10&offset=30").await;
    assert_eq!(p["items"].as_array().unwrap().len(), 3);
    // Search is a case-insensitive substring; `_` is a literal.
    let (_, p) = s.get("/api/v1/devices?limit=50&q=gate_").await;
    assert_eq!(p["total"], 3);
    let (_, p) = s.get("/api/v1/devices?limit=50&q=e_1").await;
    assert_eq!(p["total"], 1, "{p}");
    let (_, p) = s.get("/api/v1/devices?limit=50&tag=roof").await;
    assert_eq!(p["total"], 10);
    assert_eq!(p["items"][0]["tags"], json!(["roof"]));
    let (_, p) = s
        .get("/api/v1/devices?limit=50&tag=roof&status=online")
        .await;
    assert_eq!(p["total"], 1);
    assert_eq!(p["items"][0]["id"], "node-05");
    let (_, p) = s.get("/api/v1/devices?limit=50&status=failing").await;
    assert_eq!(p["items"][0]["id"], "node-20");
    assert_eq!(p["total"], 1);
    let (_, p) = s.get("/api/v1/devices?limit=50&status=offline").await;
    assert_eq!(p["total"], 31);
    let (_, p) = s
        .get("/api/v1/devices?limit=2&sort=status&order=desc")
        .await;
    let top: Vec<&str> = p["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(top, ["node-05", "node-20"]);
    let (_, p) = s
        .get("/api/v1/devices?limit=1&sort=last_seen&order=desc")
        .await;
    assert!(["node-05", "node-20"].contains(&p["items"][0]["id"].as_str().unwrap()));
    let (_, p) = s.get("/api/v1/devices?limit=1&sort=id&order=desc").await;
    assert_eq!(p["items"][0]["id"], "node-29");
    let (st, _) = s.get("/api/v1/devices?limit=5&status=sideways").await;
    assert_eq!(st, 400);
    let (st, _) = s.get("/api/v1/devices?limit=5&sort=colour").await;
    assert_eq!(st, 400);
    // Without paging parameters: the whole list, as before.
    let (_, all) = s.get("/api/v1/devices?tag=roof").await;
    assert_eq!(all.as_array().unwrap().len(), 10);

    let (st, sum) = s.get("/api/v1/fleet/summary").await;
    assert_eq!(st, 200);
    assert_eq!(sum["devices"]["total"], 33);
    assert_eq!(sum["devices"]["online"], 2);
    assert_eq!(sum["devices"]["failing"], 1);
    assert_eq!(sum["recent_failures"][0]["device_id"], "node-20");
    assert_eq!(sum["recent_failures"][0]["message"], "KeyError: 'x'");
    assert!(sum["active_rollouts"].as_array().unwrap().is_empty());
}
