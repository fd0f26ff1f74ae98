//! Telemetry and log endpoints, including the live log stream (SSE).

use super::auth::{Operator, Writer};
use crate::app::AppRef;
use crate::error::ApiError;
use crate::services::live::{LiveItem, Watcher};
use crate::store::{LogRow, TelemetryBucket, now_ms};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use serde::{Deserialize, Serialize};
use std::convert::Infallible;

/// Parses `90s`, `15m`, `1h`, `7d` or plain seconds into milliseconds.
pub fn parse_duration_ms(s: &str) -> Option<i64> {
    let s = s.trim();
    let (num, unit) = match s.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => s.split_at(i),
        None => (s, "s"),
    };
    let n: i64 = num.parse().ok()?;
    let mult = match unit {
        "ms" => 1,
        "s" => 1000,
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        _ => return None,
    };
    n.checked_mul(mult)
}

/// Telemetry query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct TelemetryQuery {
    /// Only this series.
    pub metric: Option<String>,
    /// Start as a duration back from now (`1h`, default) ...
    pub since: Option<String>,
    /// ... or as Unix ms.
    pub from: Option<i64>,
    /// End (Unix ms, default now).
    pub to: Option<i64>,
    /// Bucket width (`1m`); default: the range split into about 200 buckets.
    pub bucket: Option<String>,
}

/// Downsampled telemetry of one device.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TelemetryResponse {
    /// Device id.
    pub device_id: String,
    /// Range start (Unix ms).
    pub from: i64,
    /// Range end (Unix ms).
    pub to: i64,
    /// Bucket width (ms).
    pub bucket_ms: i64,
    /// Buckets, by metric then time.
    pub buckets: Vec<TelemetryBucket>,
}

/// Telemetry of a device by metric and time range, downsampled.
#[utoipa::path(get, path = "/api/v1/devices/{id}/telemetry", tag = "telemetry",
    params(("id" = String, Path, description = "device id"), TelemetryQuery),
    responses((status = 200, body = TelemetryResponse), (status = 400, body = crate::error::ErrorBody)))]
pub async fn telemetry(
    _: Operator,
    State(app): State<AppRef>,
    Path(id): Path<String>,
    Query(q): Query<TelemetryQuery>,
) -> Result<Json<TelemetryResponse>, ApiError> {
    let to = q.to.unwrap_or_else(now_ms);
    let from = match (q.from, &q.since) {
        (Some(f), _) => f,
        (None, Some(s)) => {
            to - parse_duration_ms(s)
                .ok_or_else(|| ApiError::invalid("since: use e.g. 90s, 15m, 1h, 7d"))?
        }
        (None, None) => to - 3_600_000,
    };
    if from >= to {
        return Err(ApiError::invalid("empty time range"));
    }
    let bucket_ms = match &q.bucket {
        Some(b) => parse_duration_ms(b)
            .filter(|b| *b > 0)
            .ok_or_else(|| ApiError::invalid("bucket: use e.g. 10s, 1m"))?,
        None => ((to - from) / 200).max(1000),
    };
    if (to - from) / bucket_ms > 10_000 {
        return Err(ApiError::invalid(
            "too many buckets (at most 10000): use a wider bucket",
        ));
    }
    let buckets = app
        .store
        .telemetry(&id, q.metric.as_deref(), from, to, bucket_ms)
        .await?;
    Ok(Json(TelemetryResponse {
        device_id: id,
        from,
        to,
        bucket_ms,
        buckets,
    }))
}

/// Series names a device has published.
#[utoipa::path(get, path = "/api/v1/devices/{id}/metrics", tag = "telemetry", params(("id" = String, Path, description = "device id")),
    responses((status = 200, body = [String])))]
pub async fn metric_names(
    _: Operator,
    State(app): State<AppRef>,
    Path(id): Path<String>,
) -> Result<Json<Vec<String>>, ApiError> {
    Ok(Json(app.store.metrics_of(&id).await?))
}

/// Log query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct LogQuery {
    /// Only lines with an id above this (a cursor); without it, the newest lines.
    pub after: Option<i64>,
    /// At most this many lines (default 100, at most 5000).
    pub limit: Option<i64>,
}

/// Stored log lines of a device.
#[utoipa::path(get, path = "/api/v1/devices/{id}/logs", tag = "logs", params(("id" = String, Path, description = "device id"), LogQuery),
    responses((status = 200, body = [LogRow])))]
pub async fn logs(
    _: Operator,
    State(app): State<AppRef>,
    Path(id): Path<String>,
    Query(q): Query<LogQuery>,
) -> Result<Json<Vec<LogRow>>, ApiError> {
    let limit = q.limit.unwrap_or(100).clamp(1, 5000);
    Ok(Json(
        app.store
            .logs(&id, q.after.unwrap_or(0), limit, q.after.is_none())
            .await?,
    ))
}

/// Where a live log stream starts.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct LogStreamQuery {
    /// Resume after this log id (same as the `Last-Event-ID` header, which wins).
    pub after: Option<i64>,
}

/// Lines read from the store per query of a live log stream.
const LOG_STREAM_PAGE: i64 = 500;
/// A live log stream looks at the store at least this often, even unwoken.
const LOG_STREAM_POLL: std::time::Duration = std::time::Duration::from_secs(5);

/// Follows a device's log lines live (Server-Sent Events): one `log` event
/// per stored line, data a `LogRow`, SSE id = the line's id. The stream reads
/// the store (woken when any server sharing the database commits lines), so
/// ids are the same on every server and a client that reconnects with
/// `Last-Event-ID` (or `?after=ID`) gets exactly the lines it missed, from
/// whichever server it reaches. Without either it starts after the newest
/// stored line. A comment `ready` is sent first.
#[utoipa::path(get, path = "/api/v1/devices/{id}/logs/stream", tag = "logs",
    params(("id" = String, Path, description = "device id"), LogStreamQuery,
        ("Last-Event-ID" = Option<String>, Header, description = "resume after this log id")),
    responses((status = 200, description = "text/event-stream of LogRow JSON (event `log`, id = the line's id)", body = LogRow),
        (status = 400, body = crate::error::ErrorBody)))]
pub async fn log_stream(
    _: Operator,
    State(app): State<AppRef>,
    Path(id): Path<String>,
    Query(q): Query<LogStreamQuery>,
    headers: axum::http::HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let last = headers
        .get("last-event-id")
        .map(|v| {
            v.to_str()
                .ok()
                .and_then(|t| t.trim().parse::<i64>().ok())
                .ok_or_else(|| ApiError::invalid("Last-Event-ID must be a log id"))
        })
        .transpose()?;
    // Wake-ups count from here, so nothing committed after the first read is missed.
    let mut wake = app.log_wake.subscribe();
    drop(wake.borrow_and_update());
    let cursor = match last.or(q.after) {
        Some(c) => c.max(0),
        None => app.store.last_log_id(&id).await?,
    };
    struct St {
        app: AppRef,
        id: String,
        cursor: i64,
        wake: tokio::sync::watch::Receiver<u64>,
        queue: std::collections::VecDeque<Event>,
    }
    let mut queue = std::collections::VecDeque::new();
    queue.push_back(Event::default().comment("ready"));
    let st = St {
        app,
        id,
        cursor,
        wake,
        queue,
    };
    let stream = futures_util::stream::unfold(st, |mut st| async move {
        loop {
            if let Some(e) = st.queue.pop_front() {
                return Some((Ok(e), st));
            }
            // Mark the wake-ups seen before reading: one that comes during
            // the read makes the next wait return at once.
            drop(st.wake.borrow_and_update());
            match st
                .app
                .store
                .logs(&st.id, st.cursor, LOG_STREAM_PAGE, false)
                .await
            {
                Ok(rows) if !rows.is_empty() => {
                    for line in rows {
                        st.cursor = line.id;
                        st.queue.push_back(
                            Event::default()
                                .event("log")
                                .id(line.id.to_string())
                                .json_data(&line)
                                .unwrap_or_else(|_| Event::default()),
                        );
                    }
                    continue;
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(device = %st.id, "live log stream: {e}"),
            }
            tokio::select! {
                r = st.wake.changed() => if r.is_err() { return None },
                _ = tokio::time::sleep(LOG_STREAM_POLL) => {}
            }
        }
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(std::time::Duration::from_secs(15))))
}

/// Live telemetry query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct TelemetryStreamQuery {
    /// Only these series, comma-separated (default: all, heartbeat metrics included).
    pub metric: Option<String>,
}

/// Follows a device's telemetry live (Server-Sent Events): one `point`
/// event per sample, data `{"device_id","metric","ts","value"}` (ts in Unix
/// ms), as it arrives from the device, script series and heartbeat metrics
/// alike. A comment `ready` is sent once watching (with several servers, once
/// the broker confirmed the watch subscription). A client more than 1024
/// messages behind gets a `resync` event and is disconnected.
#[utoipa::path(get, path = "/api/v1/devices/{id}/telemetry/stream", tag = "telemetry",
    params(("id" = String, Path, description = "device id"), TelemetryStreamQuery),
    responses((status = 200, description = "text/event-stream of TelemetryPoint JSON (event `point`)", body = crate::store::TelemetryPoint),
        (status = 404, body = crate::error::ErrorBody)))]
pub async fn telemetry_stream(
    _: Operator,
    State(app): State<AppRef>,
    Path(id): Path<String>,
    Query(q): Query<TelemetryStreamQuery>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    if app.store.device(&id).await?.is_none() {
        return Err(ApiError::NotFound(format!("device {id}")));
    }
    let metrics: Option<Vec<String>> = q.metric.map(|m| {
        m.split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    });
    struct St {
        w: Watcher,
        queue: std::collections::VecDeque<Event>,
        metrics: Option<Vec<String>>,
        done: bool,
    }
    let mut w = app.live.watch(&id);
    w.subscribed().await;
    let mut queue = std::collections::VecDeque::new();
    queue.push_back(Event::default().comment("ready"));
    let st = St {
        w,
        queue,
        metrics,
        done: false,
    };
    let stream = futures_util::stream::unfold(st, |mut st| async move {
        use tokio::sync::broadcast::error::RecvError;
        loop {
            if let Some(e) = st.queue.pop_front() {
                return Some((Ok(e), st));
            }
            if st.done {
                return None;
            }
            match st.w.rx.recv().await {
                Ok(LiveItem::Points(pts)) => {
                    for p in pts.iter() {
                        if st.metrics.as_ref().is_none_or(|m| m.contains(&p.metric)) {
                            st.queue.push_back(
                                Event::default()
                                    .event("point")
                                    .json_data(p)
                                    .unwrap_or_else(|_| Event::default()),
                            );
                        }
                    }
                }
                Err(RecvError::Lagged(n)) => {
                    st.done = true;
                    st.queue
                        .push_back(Event::default().event("resync").data(format!(
                            r#"{{"reason":"{n} messages dropped: this client read too slowly"}}"#
                        )));
                }
                Err(RecvError::Closed) => return None,
            }
        }
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(std::time::Duration::from_secs(15))))
}

/// Retention of telemetry and logs.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Retention {
    /// Days kept.
    pub days: i64,
}

/// Shows the retention setting.
#[utoipa::path(get, path = "/api/v1/settings/retention", tag = "telemetry", responses((status = 200, body = Retention)))]
pub async fn get_retention(
    _: Operator,
    State(app): State<AppRef>,
) -> Result<Json<Retention>, ApiError> {
    Ok(Json(Retention {
        days: crate::services::retention::days(&app).await,
    }))
}

/// Changes the retention setting.
#[utoipa::path(put, path = "/api/v1/settings/retention", tag = "telemetry", request_body = Retention,
    responses((status = 403, body = crate::error::ErrorBody, description = "a read-only token"), (status = 200, body = Retention), (status = 400, body = crate::error::ErrorBody)))]
pub async fn set_retention(
    _: Writer,
    State(app): State<AppRef>,
    Json(r): Json<Retention>,
) -> Result<Json<Retention>, ApiError> {
    if !(1..=3650).contains(&r.days) {
        return Err(ApiError::invalid("days must be in 1..=3650"));
    }
    app.store
        .set_setting(
            crate::services::retention::RETENTION_KEY,
            &r.days.to_string(),
        )
        .await?;
    Ok(Json(r))
}

#[cfg(test)]
mod tests {
    use super::parse_duration_ms;

    #[test]
    fn durations() {
        assert_eq!(parse_duration_ms("1h"), Some(3_600_000));
        assert_eq!(parse_duration_ms("90"), Some(90_000));
        assert_eq!(parse_duration_ms("15m"), Some(900_000));
        assert_eq!(parse_duration_ms("7d"), Some(604_800_000));
        assert_eq!(parse_duration_ms("x"), None);
        assert_eq!(parse_duration_ms("1y"), None);
        assert_eq!(parse_duration_ms("99999999999999999999d"), None);
    }
}
