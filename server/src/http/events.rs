//! The fleet-wide live stream (`GET /api/v1/events`, SSE) and the fleet
//! summary the dashboard's overview starts from.

use super::auth::Operator;
use crate::app::AppRef;
use crate::error::ApiError;
use crate::services::events::{FleetEvent, ResyncEvent, RolloutView, Stamped};
use crate::store::DeviceCounts;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use serde::{Deserialize, Serialize};
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;

/// Options of the event stream.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct EventsQuery {
    /// Only these event names, comma-separated (`device,rollout`); default all.
    /// `resync` is always sent.
    pub types: Option<String>,
    /// Resume after this event id (same as the `Last-Event-ID` header, which wins).
    pub last_event_id: Option<String>,
}

fn sse(s: &Stamped) -> Event {
    Event::default()
        .id(s.id.clone())
        .event(s.event.name())
        .data(s.event.data())
}

fn resync(reason: String) -> Event {
    let e = FleetEvent::Resync(ResyncEvent { reason });
    Event::default().event(e.name()).data(e.data())
}

/// Live fleet events (Server-Sent Events). Each SSE event is named
/// `device`, `rollout`, `rollout_device`, `bundle` or `resync`, with the JSON
/// of the `FleetEvent` variant of that name as data, and an id `EPOCH.N`.
/// Reconnect with `Last-Event-ID` to get what was missed (the last 4096
/// events of this server are kept); when that is impossible, or when the
/// client reads too slowly (more than 1024 events behind: it is
/// disconnected), a `resync` event says to re-read. A comment `ready` is sent
/// once subscribed; keep-alive comments every 15 s.
#[utoipa::path(get, path = "/api/v1/events", tag = "events",
    params(EventsQuery, ("Last-Event-ID" = Option<String>, Header, description = "resume after this event id")),
    responses((status = 200, description = "text/event-stream of FleetEvent (SSE name = variant, data = its JSON)", body = FleetEvent),
        (status = 401, body = crate::error::ErrorBody)))]
pub async fn events(
    _: Operator,
    State(app): State<AppRef>,
    headers: HeaderMap,
    Query(q): Query<EventsQuery>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let last = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or(q.last_event_id)
        .filter(|s| !s.is_empty());
    let types: Option<Vec<String>> = q.types.map(|t| {
        t.split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    });
    let (rx, kept) = app.events.subscribe(last.as_deref());
    let mut first: Vec<Event> =
        vec![Event::default().comment(format!("ready {}", app.events.epoch))];
    let mut seen = 0u64;
    match kept {
        Ok(events) => {
            for s in events {
                seen = seen.max(s.seq);
                if wanted(&types, &s) {
                    first.push(sse(&s));
                }
            }
        }
        Err(reason) => first.push(resync(reason)),
    }
    struct St {
        rx: tokio::sync::broadcast::Receiver<Arc<Stamped>>,
        first: std::vec::IntoIter<Event>,
        seen: u64,
        types: Option<Vec<String>>,
        done: bool,
    }
    let st = St {
        rx,
        first: first.into_iter(),
        seen,
        types,
        done: false,
    };
    let stream = futures_util::stream::unfold(st, |mut st| async move {
        if let Some(e) = st.first.next() {
            return Some((Ok(e), st));
        }
        if st.done {
            return None;
        }
        loop {
            match st.rx.recv().await {
                Ok(s) if s.seq <= st.seen => continue,
                Ok(s) => {
                    st.seen = s.seq;
                    if wanted(&st.types, &s) {
                        return Some((Ok(sse(&s)), st));
                    }
                }
                Err(RecvError::Lagged(n)) => {
                    // Too slow: say so and hang up; the client reconnects and re-reads.
                    tracing::info!(missed = n, "event subscriber too slow; dropped");
                    st.done = true;
                    let e = resync(format!(
                        "{n} events were dropped: this client read too slowly"
                    ));
                    return Some((Ok(e), st));
                }
                Err(RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

fn wanted(types: &Option<Vec<String>>, s: &Stamped) -> bool {
    let name = s.event.name();
    name == "resync" || types.as_ref().is_none_or(|t| t.iter().any(|x| x == name))
}

/// How many devices run one bundle.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct BundleVersion {
    /// App name (from the bundle's manifest; null if the bundle is not stored here).
    pub name: Option<String>,
    /// Version string (`?` if unknown).
    pub version: String,
    /// Bundle sha256.
    pub sha256: String,
    /// Devices reporting it running.
    pub devices: i64,
}

/// A recent deployment failure.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FleetFailure {
    /// Device.
    pub device_id: String,
    /// When it was reported (RFC 3339).
    pub at: String,
    /// When it was reported (Unix ms).
    pub at_ms: i64,
    /// `failed`, `rolled_back` or `refused`.
    pub state: String,
    /// Bundle sha256.
    pub bundle: Option<String>,
    /// Version of that bundle, if stored.
    pub bundle_version: Option<String>,
    /// One line: the exception or refusal reason.
    pub message: String,
    /// The whole traceback or detail.
    pub traceback: Option<String>,
}

/// The fleet at a glance.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FleetSummary {
    /// Devices per status.
    pub devices: DeviceCounts,
    /// Running bundles, most used first.
    pub bundle_versions: Vec<BundleVersion>,
    /// The 20 newest failure reports, newest first.
    pub recent_failures: Vec<FleetFailure>,
    /// Rollouts running or paused, with their counts.
    pub active_rollouts: Vec<RolloutView>,
}

/// Devices online / offline / failing, bundle versions across the fleet,
/// recent failures with tracebacks, rollouts in progress.
#[utoipa::path(get, path = "/api/v1/fleet/summary", tag = "events",
    responses((status = 200, body = FleetSummary), (status = 401, body = crate::error::ErrorBody)))]
pub async fn summary(
    _: Operator,
    State(app): State<AppRef>,
) -> Result<Json<FleetSummary>, ApiError> {
    let bundles: std::collections::HashMap<String, crate::store::BundleRow> = app
        .store
        .bundles()
        .await?
        .into_iter()
        .map(|b| (b.sha256.clone(), b))
        .collect();
    let bundle_versions = app
        .store
        .running_bundle_counts()
        .await?
        .into_iter()
        .filter_map(|(sha, n)| {
            let sha = sha?;
            let b = bundles.get(&sha);
            Some(BundleVersion {
                name: b.map(|b| b.app.clone()),
                version: b.map(|b| b.version.clone()).unwrap_or_else(|| "?".into()),
                sha256: sha,
                devices: n,
            })
        })
        .collect();
    let recent_failures = app
        .store
        .recent_reports(None, true, 20)
        .await?
        .into_iter()
        .map(|r| {
            let text = r
                .error
                .clone()
                .unwrap_or_else(|| format!("device reported {}", r.state));
            let message = text.trim().lines().last().unwrap_or_default().to_string();
            FleetFailure {
                device_id: r.device_id,
                at: chrono::DateTime::from_timestamp_millis(r.at)
                    .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
                    .unwrap_or_default(),
                at_ms: r.at,
                state: r.state,
                bundle_version: r
                    .bundle_sha256
                    .as_ref()
                    .and_then(|s| bundles.get(s))
                    .map(|b| b.version.clone()),
                bundle: r.bundle_sha256,
                message,
                traceback: r.error,
            }
        })
        .collect();
    let mut active_rollouts = Vec::new();
    for r in app.store.active_rollouts().await? {
        active_rollouts.push(RolloutView::load(&app, r, false).await?);
    }
    Ok(Json(FleetSummary {
        devices: app.store.device_counts().await?,
        bundle_versions,
        recent_failures,
        active_rollouts,
    }))
}
