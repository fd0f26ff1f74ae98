//! `/healthz`, `/metrics` (Prometheus text) and `/api/v1/openapi.json`.

use crate::app::AppRef;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use std::fmt::Write;
use std::sync::atomic::Ordering;

/// Liveness and readiness: the database answers and the broker session is up.
#[utoipa::path(get, path = "/healthz", tag = "meta",
    responses((status = 200, description = "healthy"), (status = 503, description = "database or broker down")))]
pub async fn healthz(State(app): State<AppRef>) -> impl IntoResponse {
    let db = app.store.ping().await.is_ok();
    let mqtt = app.mqtt.is_connected();
    let body = serde_json::json!({ "status": if db && mqtt { "ok" } else { "degraded" }, "database": db, "broker": mqtt });
    let code = if db && mqtt {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (code, axum::Json(body))
}

/// The states a rollout can be in (`RolloutRow::state`).
const ROLLOUT_STATES: [&str; 5] = ["running", "paused", "completed", "rolled_back", "aborted"];

/// Prometheus metrics.
#[utoipa::path(get, path = "/metrics", tag = "meta", responses((status = 200, description = "Prometheus text format", body = String)))]
pub async fn metrics(State(app): State<AppRef>) -> impl IntoResponse {
    let mut out = String::new();
    let mut gauge = |name: &str, help: &str, kind: &str, value: f64| {
        let _ = writeln!(
            out,
            "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
        );
    };
    let connected = match &app.conns {
        Some(c) => c.count().await as f64,
        None => app.store.online_count().await.unwrap_or(0) as f64,
    };
    gauge(
        "pyrite_devices_connected",
        "Devices connected now.",
        "gauge",
        connected,
    );
    gauge(
        "pyrite_devices_online",
        "Devices marked online in the database.",
        "gauge",
        app.store.online_count().await.unwrap_or(0) as f64,
    );
    gauge(
        "pyrite_mqtt_messages_in_total",
        "MQTT messages received from devices.",
        "counter",
        app.mqtt.received.load(Ordering::Relaxed) as f64,
    );
    gauge(
        "pyrite_mqtt_messages_out_total",
        "MQTT messages published by the server.",
        "counter",
        app.mqtt.sent.load(Ordering::Relaxed) as f64,
    );
    let (in_rate, out_rate) = app.counters.rates.per_second();
    gauge(
        "pyrite_mqtt_messages_in_per_second",
        "MQTT messages received per second, over the last ten seconds.",
        "gauge",
        in_rate,
    );
    gauge(
        "pyrite_mqtt_messages_out_per_second",
        "MQTT messages published per second, over the last ten seconds.",
        "gauge",
        out_rate,
    );
    gauge(
        "pyrite_mqtt_messages_rejected_total",
        "Device messages rejected (malformed, oversize, unknown device).",
        "counter",
        app.counters.rejected.load(Ordering::Relaxed) as f64,
    );
    if let Some(c) = &app.conns {
        gauge(
            "pyrite_mqtt_acl_refusals_total",
            "Device packets refused for leaving the device's topics.",
            "counter",
            c.refused.load(Ordering::Relaxed) as f64,
        );
    }
    let writer = &app.counters.writer;
    gauge(
        "pyrite_ingest_lag_seconds",
        "Age of the oldest telemetry point or log line received and not yet committed (0 when all are).",
        "gauge",
        writer.current_lag().as_secs_f64(),
    );
    gauge(
        "pyrite_ingest_last_batch_lag_seconds",
        "Time from a device message's arrival to the commit of the last batch's oldest item.",
        "gauge",
        writer.lag_ms.load(Ordering::Relaxed) as f64 / 1000.0,
    );
    gauge(
        "pyrite_ingest_queue_depth",
        "Telemetry points and log lines queued for the database writer.",
        "gauge",
        app.ingest.depth() as f64,
    );
    gauge(
        "pyrite_ingest_queue_capacity",
        "Most items the ingest queue holds before ingestion waits.",
        "gauge",
        app.ingest.capacity() as f64,
    );
    gauge(
        "pyrite_ingest_backpressure_waits_total",
        "Times ingestion found the queue full and waited for the writer.",
        "counter",
        app.ingest.waits.load(Ordering::Relaxed) as f64,
    );
    gauge(
        "pyrite_ingest_backpressure_seconds_total",
        "Time ingestion spent waiting for room in the queue.",
        "counter",
        app.ingest.waited_us.load(Ordering::Relaxed) as f64 / 1e6,
    );
    gauge(
        "pyrite_ingest_failed_total",
        "Items given up after the database refused their batch repeatedly.",
        "counter",
        writer.failed.load(Ordering::Relaxed) as f64,
    );
    gauge(
        "pyrite_telemetry_points_stored_total",
        "Telemetry points stored.",
        "counter",
        writer.points.load(Ordering::Relaxed) as f64,
    );
    gauge(
        "pyrite_log_lines_stored_total",
        "Log lines stored.",
        "counter",
        writer.logs.load(Ordering::Relaxed) as f64,
    );
    gauge(
        "pyrite_repl_sessions",
        "Open remote REPL sessions.",
        "gauge",
        app.repl.count().await as f64,
    );
    gauge(
        "pyrite_event_subscribers",
        "Clients of GET /api/v1/events connected to this server.",
        "gauge",
        app.events.subscribers() as f64,
    );
    gauge(
        "pyrite_events_delivered_total",
        "Fleet events delivered to this server's subscribers.",
        "counter",
        app.events.delivered.load(Ordering::Relaxed) as f64,
    );
    gauge(
        "pyrite_events_dropped_total",
        "Fleet events dropped because the event queue was full.",
        "counter",
        app.events.dropped.load(Ordering::Relaxed) as f64,
    );
    gauge(
        "pyrite_uptime_seconds",
        "Seconds since the server started.",
        "gauge",
        app.started.elapsed().as_secs_f64(),
    );
    let _ = writeln!(
        out,
        "# HELP pyrite_rollouts Rollouts by state.\n# TYPE pyrite_rollouts gauge"
    );
    // Every state, zero or not: a series that appears only once a rollout
    // reaches its state confuses alerts and graphs.
    let mut by_state: Vec<(String, i64)> =
        ROLLOUT_STATES.iter().map(|s| (s.to_string(), 0)).collect();
    for (state, n) in app.store.rollout_state_counts().await.unwrap_or_default() {
        match by_state.iter_mut().find(|(s, _)| *s == state) {
            Some(slot) => slot.1 = n,
            None => by_state.push((state, n)),
        }
    }
    for (state, n) in by_state {
        let _ = writeln!(out, "pyrite_rollouts{{state=\"{state}\"}} {n}");
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], out)
}

/// The OpenAPI document of this API, generated from the handlers.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "meta", responses((status = 200, description = "OpenAPI 3.1 document")))]
pub async fn openapi() -> impl IntoResponse {
    use utoipa::OpenApi;
    axum::Json(super::ApiDoc::openapi())
}
