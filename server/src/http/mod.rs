//! The HTTP API: thin axum handlers over the services. JSON under
//! `/api/v1`, bearer tokens, errors as `{"error":{"code","message"}}`.

pub mod auth;
pub mod bundles;
pub mod devices;
pub mod events;
pub mod meta;
pub mod repl;
pub mod rollouts;
pub mod timeseries;
pub mod tokens;

use crate::app::AppRef;
use crate::error::ApiError;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::response::IntoResponse;
use axum::routing::{get, post, put};
use utoipa::OpenApi;

/// Marks requests that arrived over the HTTPS listener (a request extension).
#[derive(Debug, Clone, Copy)]
pub struct ViaTls;

/// Largest JSON request body.
pub const MAX_JSON_BODY: usize = 1024 * 1024;
/// Largest bundle upload or build request (bundles are at most 4 MiB; base64 adds a third).
pub const MAX_BUNDLE_BODY: usize = 8 * 1024 * 1024;

/// The OpenAPI document, generated from the handlers' annotations.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Pyrite fleet API",
        description = "Devices, bundles, rollouts, telemetry, logs and remote REPL of a Pyrite fleet. \
        Authenticate with `Authorization: Bearer TOKEN` (or `?token=` for WebSockets and SSE)."
    ),
    paths(
        meta::healthz,
        meta::metrics,
        meta::openapi,
        devices::list,
        devices::show,
        devices::set_tags,
        devices::revoke,
        devices::delete,
        devices::command,
        devices::enroll,
        devices::enroll_token,
        devices::rotate_enroll_token,
        bundles::upload,
        bundles::build,
        bundles::list,
        bundles::show,
        bundles::download,
        bundles::delete,
        bundles::keys,
        bundles::trust,
        bundles::key_status,
        bundles::rotate_keys,
        rollouts::create,
        rollouts::list,
        rollouts::show,
        rollouts::pause,
        rollouts::resume,
        rollouts::abort,
        timeseries::telemetry,
        timeseries::metric_names,
        timeseries::logs,
        timeseries::log_stream,
        timeseries::telemetry_stream,
        events::events,
        events::summary,
        timeseries::get_retention,
        timeseries::set_retention,
        repl::repl,
        tokens::create,
        tokens::list,
        tokens::revoke,
    ),
    components(schemas(
        crate::error::ErrorBody,
        crate::services::rollout_plan::Strategy,
        crate::services::events::FleetEvent,
        crate::services::events::DeviceEvent,
        crate::services::events::BundleEvent,
        crate::services::events::ResyncEvent,
        crate::services::events::Failure,
        crate::store::RolloutDeviceRow,
        crate::store::DeviceStatus,
        crate::store::TokenRole,
        crate::store::ApiTokenRow,
    ))
)]
pub struct ApiDoc;

/// Unknown API paths are JSON 404s; everything else is the dashboard (a
/// single-page app: unknown paths get its `index.html`).
async fn dashboard(
    uri: axum::http::Uri,
    headers: axum::http::HeaderMap,
) -> axum::response::Response {
    use axum::http::{StatusCode, header};
    let Some(asset) = pyrite_dashboard::asset(uri.path()) else {
        return ApiError::NotFound("route".into()).into_response();
    };
    let etag = asset.etag();
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        == Some(etag.as_str())
    {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    (
        [
            (header::CONTENT_TYPE, asset.content_type.to_string()),
            (header::ETAG, etag),
            (header::CACHE_CONTROL, asset.cache_control.to_string()),
        ],
        asset.bytes,
    )
        .into_response()
}

/// Maps axum's own rejections (bad JSON, too large) to our error shape.
async fn json_errors(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let resp = next.run(req).await;
    let status = resp.status();
    let is_json = resp
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if (status.is_client_error() || status.is_server_error()) && !is_json {
        let (parts, body) = resp.into_parts();
        let text = axum::body::to_bytes(body, 4096).await.unwrap_or_default();
        let msg = String::from_utf8_lossy(&text).trim().to_string();
        let err = match status {
            axum::http::StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge,
            axum::http::StatusCode::UNAUTHORIZED => ApiError::Unauthorized,
            axum::http::StatusCode::NOT_FOUND => ApiError::NotFound("route".into()),
            s if s.is_server_error() => ApiError::Internal(msg),
            _ => ApiError::Invalid(if msg.is_empty() {
                status.to_string()
            } else {
                msg
            }),
        };
        let mut new = err.into_response();
        if parts.status == axum::http::StatusCode::METHOD_NOT_ALLOWED {
            *new.status_mut() = parts.status;
        }
        return new;
    }
    resp
}

/// Builds the router.
pub fn router(app: AppRef) -> Router {
    let bundle_routes = Router::new()
        .route("/api/v1/bundles", post(bundles::upload).get(bundles::list))
        .route("/api/v1/bundles/build", post(bundles::build))
        .layer(DefaultBodyLimit::max(MAX_BUNDLE_BODY));
    let api = Router::new()
        .route("/healthz", get(meta::healthz))
        .route("/metrics", get(meta::metrics))
        .route("/api/v1/openapi.json", get(meta::openapi))
        .route("/api/v1/devices", get(devices::list))
        .route(
            "/api/v1/devices/{id}",
            get(devices::show).delete(devices::delete),
        )
        .route("/api/v1/devices/{id}/tags", put(devices::set_tags))
        .route("/api/v1/devices/{id}/revoke", post(devices::revoke))
        .route("/api/v1/devices/{id}/commands", post(devices::command))
        .route("/api/v1/devices/{id}/telemetry", get(timeseries::telemetry))
        .route(
            "/api/v1/devices/{id}/metrics",
            get(timeseries::metric_names),
        )
        .route("/api/v1/devices/{id}/logs", get(timeseries::logs))
        .route(
            "/api/v1/devices/{id}/logs/stream",
            get(timeseries::log_stream),
        )
        .route(
            "/api/v1/devices/{id}/telemetry/stream",
            get(timeseries::telemetry_stream),
        )
        .route("/api/v1/events", get(events::events))
        .route("/api/v1/fleet/summary", get(events::summary))
        .route("/api/v1/devices/{id}/repl", get(repl::repl))
        .route("/api/v1/enroll", post(devices::enroll))
        .route("/api/v1/me", get(devices::me))
        .route("/api/v1/enroll-token", get(devices::enroll_token))
        .route(
            "/api/v1/enroll-token/rotate",
            post(devices::rotate_enroll_token),
        )
        .route(
            "/api/v1/bundles/{sha}",
            get(bundles::show).delete(bundles::delete),
        )
        .route("/api/v1/bundles/{sha}/file", get(bundles::download))
        .route("/api/v1/keys", get(bundles::keys).post(bundles::trust))
        .route("/api/v1/keys/rotation", get(bundles::key_status))
        .route("/api/v1/keys/rotate", post(bundles::rotate_keys))
        .route(
            "/api/v1/rollouts",
            post(rollouts::create).get(rollouts::list),
        )
        .route("/api/v1/rollouts/{id}", get(rollouts::show))
        .route("/api/v1/rollouts/{id}/pause", post(rollouts::pause))
        .route("/api/v1/rollouts/{id}/resume", post(rollouts::resume))
        .route("/api/v1/rollouts/{id}/abort", post(rollouts::abort))
        .route("/api/v1/tokens", post(tokens::create).get(tokens::list))
        .route("/api/v1/tokens/{id}/revoke", post(tokens::revoke))
        .route(
            "/api/v1/settings/retention",
            get(timeseries::get_retention).put(timeseries::set_retention),
        )
        .layer(DefaultBodyLimit::max(MAX_JSON_BODY));
    api.merge(bundle_routes)
        .fallback(dashboard)
        // Refuses an oversize Content-Length before reading any of the body.
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            MAX_BUNDLE_BODY,
        ))
        .layer(axum::middleware::from_fn(json_errors))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(app)
}
