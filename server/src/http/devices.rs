//! Device endpoints: list, show, tags, revoke, delete, commands, enrollment.

use super::auth::{Operator, Writer};
use crate::app::AppRef;
use crate::error::ApiError;
use crate::services::devices;
use crate::services::events::Emit;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use pyrite_protocol::enroll::{EnrollRequest, EnrollResponse};
use pyrite_protocol::messages::{Command, CommandKind, encode};
use pyrite_protocol::topics::TopicKind;
use serde::{Deserialize, Serialize};

pub use crate::services::events::DeviceView;
use crate::store::{DevicePageQuery, DeviceSort, DeviceStatus};

/// Filter, sort and page of the device list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct DeviceQuery {
    /// Only devices with this tag.
    pub tag: Option<String>,
    /// Only devices whose id contains this text (case-insensitive).
    pub q: Option<String>,
    /// Only devices in this status: `online`, `offline`, `failing`, `revoked`.
    pub status: Option<String>,
    /// Sort by `id` (default), `status`, `last_seen` or `bundle`.
    pub sort: Option<DeviceSort>,
    /// `asc` (default) or `desc`.
    pub order: Option<String>,
    /// Page size (1..=500). With `limit` or `offset` the answer is a `DevicePage`.
    pub limit: Option<i64>,
    /// Devices to skip.
    pub offset: Option<i64>,
}

/// One page of the device list.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DevicePage {
    /// The devices of this page.
    pub items: Vec<DeviceView>,
    /// Devices matching the filter (all pages).
    pub total: i64,
    /// Page size used.
    pub limit: i64,
    /// Devices skipped.
    pub offset: i64,
}

/// Lists devices. Without `limit`/`offset`: every matching device, as an
/// array. With either: a `DevicePage` (`{items, total, limit, offset}`),
/// filtered, sorted and paged by the database (fast with 10,000 devices).
#[utoipa::path(get, path = "/api/v1/devices", tag = "devices", params(DeviceQuery),
    responses((status = 200, body = DevicePage, description = "a DevicePage with limit/offset, else an array of DeviceView"),
        (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody)))]
pub async fn list(
    _: Operator,
    State(app): State<AppRef>,
    Query(q): Query<DeviceQuery>,
) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    let status = match q.status.as_deref().map(str::trim) {
        None | Some("") | Some("all") => None,
        Some("online") => Some(DeviceStatus::Online),
        Some("offline") => Some(DeviceStatus::Offline),
        Some("failing") => Some(DeviceStatus::Failing),
        Some("revoked") => Some(DeviceStatus::Revoked),
        Some(other) => return Err(ApiError::invalid(format!("unknown status {other:?}"))),
    };
    let descending = match q.order.as_deref() {
        None | Some("") | Some("asc") => false,
        Some("desc") => true,
        Some(other) => {
            return Err(ApiError::invalid(format!(
                "order must be asc or desc, not {other:?}"
            )));
        }
    };
    let paged = q.limit.is_some() || q.offset.is_some();
    let query = DevicePageQuery {
        tag: q.tag.filter(|t| !t.is_empty()),
        search: q.q.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()),
        status,
        sort: q.sort.unwrap_or_default(),
        descending,
        limit: if paged {
            q.limit.unwrap_or(50).clamp(1, 500)
        } else {
            i64::MAX
        },
        offset: q.offset.unwrap_or(0).max(0),
    };
    let (rows, total) = app.store.devices_page(&query).await?;
    let ids: Vec<String> = rows.iter().map(|d| d.id.clone()).collect();
    let mut tags: std::collections::HashMap<String, Vec<String>> = Default::default();
    for (d, t) in app.store.tags_of(&ids).await? {
        tags.entry(d).or_default().push(t);
    }
    let desired: std::collections::HashMap<String, String> = app
        .store
        .desired_states()
        .await?
        .into_iter()
        .map(|(d, b, _)| (d, b))
        .collect();
    let items: Vec<DeviceView> = rows
        .into_iter()
        .map(|d| {
            let t = tags.remove(&d.id).unwrap_or_default();
            let want = desired.get(&d.id).cloned();
            DeviceView::new(d, t, want)
        })
        .collect();
    Ok(if paged {
        Json(DevicePage {
            items,
            total,
            limit: query.limit,
            offset: query.offset,
        })
        .into_response()
    } else {
        Json(items).into_response()
    })
}

/// Shows one device.
#[utoipa::path(get, path = "/api/v1/devices/{id}", tag = "devices", params(("id" = String, Path, description = "device id")),
    responses((status = 200, body = DeviceView), (status = 404, body = crate::error::ErrorBody)))]
pub async fn show(
    _: Operator,
    State(app): State<AppRef>,
    Path(id): Path<String>,
) -> Result<Json<DeviceView>, ApiError> {
    let d = app
        .store
        .device(&id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("device {id}")))?;
    Ok(Json(DeviceView::new(
        d,
        app.store.device_tags(&id).await?,
        app.store.desired_state(&id).await?.map(|x| x.0),
    )))
}

/// New tags of a device.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct TagsBody {
    /// The complete tag list (replaces the old one).
    pub tags: Vec<String>,
}

fn valid_tag(t: &str) -> bool {
    !t.is_empty()
        && t.len() <= 64
        && t.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-.:".contains(&b))
}

/// Replaces a device's tags (a running rollout to a tag picks the device up).
#[utoipa::path(put, path = "/api/v1/devices/{id}/tags", tag = "devices", params(("id" = String, Path, description = "device id")),
    request_body = TagsBody, responses((status = 403, body = crate::error::ErrorBody, description = "a read-only token"), (status = 200, body = DeviceView), (status = 404, body = crate::error::ErrorBody)))]
pub async fn set_tags(
    Writer(op): Writer,
    State(app): State<AppRef>,
    Path(id): Path<String>,
    Json(body): Json<TagsBody>,
) -> Result<Json<DeviceView>, ApiError> {
    if body.tags.len() > 32 || !body.tags.iter().all(|t| valid_tag(t)) {
        return Err(ApiError::invalid(
            "tags: at most 32, each 1-64 characters of [A-Za-z0-9_.:-]",
        ));
    }
    if app.store.device(&id).await?.is_none() {
        return Err(ApiError::NotFound(format!("device {id}")));
    }
    app.store.set_device_tags(&id, &body.tags).await?;
    app.tick.notify_one();
    app.events.emit(Emit::Device {
        id: id.clone(),
        change: "tags".into(),
        failure: None,
    });
    show(op, State(app), Path(id)).await
}

/// Revokes a device's credentials and disconnects it.
#[utoipa::path(post, path = "/api/v1/devices/{id}/revoke", tag = "devices", params(("id" = String, Path, description = "device id")),
    responses((status = 403, body = crate::error::ErrorBody, description = "a read-only token"), (status = 204), (status = 404, body = crate::error::ErrorBody)))]
pub async fn revoke(
    _: Writer,
    State(app): State<AppRef>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    devices::revoke(&app, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Deletes a device and its data (revoking it first).
#[utoipa::path(delete, path = "/api/v1/devices/{id}", tag = "devices", params(("id" = String, Path, description = "device id")),
    responses((status = 403, body = crate::error::ErrorBody, description = "a read-only token"), (status = 204), (status = 404, body = crate::error::ErrorBody)))]
pub async fn delete(
    _: Writer,
    State(app): State<AppRef>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let before = DeviceView::load(&app, &id).await?;
    devices::revoke(&app, &id).await?;
    app.store.delete_device(&id).await?;
    devices::sync_mosquitto(&app).await;
    if let Some(v) = before {
        app.events.emit(Emit::DeviceDeleted {
            id: id.clone(),
            view: serde_json::to_value(&v).unwrap_or_default(),
        });
    }
    Ok(StatusCode::NO_CONTENT)
}

/// A command for a device.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct CommandBody {
    /// `reboot`, `stop`, `start` or `resend_state`.
    pub command: String,
}

/// Sends a command to a device (not retained: an offline device misses it).
#[utoipa::path(post, path = "/api/v1/devices/{id}/commands", tag = "devices", params(("id" = String, Path, description = "device id")),
    request_body = CommandBody, responses((status = 403, body = crate::error::ErrorBody, description = "a read-only token"), (status = 202), (status = 404, body = crate::error::ErrorBody)))]
pub async fn command(
    _: Writer,
    State(app): State<AppRef>,
    Path(id): Path<String>,
    Json(body): Json<CommandBody>,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let kind = match body.command.as_str() {
        "reboot" => CommandKind::Reboot,
        "stop" => CommandKind::Stop,
        "start" => CommandKind::Start,
        "resend_state" => CommandKind::ResendState,
        other => return Err(ApiError::invalid(format!("unknown command {other:?}"))),
    };
    app.store
        .device(&id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("device {id}")))?;
    let dev = pyrite_protocol::DeviceId::new(&id).map_err(|e| ApiError::invalid(e.to_string()))?;
    let cmd = Command {
        id: format!("c-{}", crate::secrets::random_hex(4)),
        command: kind,
    };
    let payload = encode(&cmd).map_err(|e| ApiError::Internal(e.to_string()))?;
    app.mqtt
        .publish_to(&dev, TopicKind::Command, payload)
        .await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(serde_json::json!({ "id": cmd.id })),
    ))
}

/// Enrolls a device with the fleet enrollment token (no operator token).
#[utoipa::path(post, path = "/api/v1/enroll", tag = "devices",
    request_body(content = Object, description = "pyrite_protocol EnrollRequest"),
    responses((status = 200, description = "pyrite_protocol EnrollResponse"), (status = 401, body = crate::error::ErrorBody),
        (status = 400, body = crate::error::ErrorBody)))]
pub async fn enroll(
    State(app): State<AppRef>,
    via_tls: Option<axum::Extension<super::ViaTls>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Json<EnrollResponse>, ApiError> {
    let req: EnrollRequest = pyrite_protocol::messages::decode_enroll_request(&body)
        .map_err(|e| ApiError::invalid(e.to_string()))?;
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(|h| match h.rsplit_once(':') {
            Some((host, port)) if port.chars().all(|c| c.is_ascii_digit()) => {
                host.trim_matches(['[', ']']).to_string()
            }
            _ => h.to_string(),
        });
    Ok(Json(
        devices::enroll(&app, req, host, via_tls.is_some()).await?,
    ))
}

/// The fleet enrollment token.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EnrollToken {
    /// Token devices enroll with.
    pub enroll_token: String,
}

/// Shows the fleet enrollment token.
#[utoipa::path(get, path = "/api/v1/enroll-token", tag = "devices", responses((status = 403, body = crate::error::ErrorBody, description = "a read-only token"), (status = 200, body = EnrollToken)))]
pub async fn enroll_token(
    _: Writer,
    State(app): State<AppRef>,
) -> Result<Json<EnrollToken>, ApiError> {
    let t = app
        .store
        .setting(devices::ENROLL_TOKEN_KEY)
        .await?
        .unwrap_or_default();
    Ok(Json(EnrollToken { enroll_token: t }))
}

/// Replaces the fleet enrollment token (enrolled devices are unaffected).
#[utoipa::path(post, path = "/api/v1/enroll-token/rotate", tag = "devices", responses((status = 403, body = crate::error::ErrorBody, description = "a read-only token"), (status = 200, body = EnrollToken)))]
pub async fn rotate_enroll_token(
    _: Writer,
    State(app): State<AppRef>,
) -> Result<Json<EnrollToken>, ApiError> {
    let t = crate::secrets::new_token("pyr_enroll");
    app.store.set_setting(devices::ENROLL_TOKEN_KEY, &t).await?;
    tracing::info!("enrollment token rotated");
    Ok(Json(EnrollToken { enroll_token: t }))
}

/// Who the token belongs to.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Me {
    /// Id of the operator token (`token revoke ID`).
    pub id: String,
    /// Name of the operator token.
    pub name: String,
    /// Its role: `admin`, `operator` or `read-only`.
    pub role: crate::store::TokenRole,
}

/// The operator behind the token (checks a token, names it).
#[utoipa::path(get, path = "/api/v1/me", tag = "devices", responses((status = 200, body = Me), (status = 401, body = crate::error::ErrorBody)))]
pub async fn me(op: Operator) -> Json<Me> {
    Json(Me {
        id: op.token_id,
        name: op.token_name,
        role: op.role,
    })
}
