//! Device endpoints: list, show, tags, revoke, delete, commands, enrollment.

use super::auth::Operator;
use crate::app::AppRef;
use crate::error::ApiError;
use crate::services::devices;
use crate::store::DeviceRow;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use pyrite_protocol::enroll::{EnrollRequest, EnrollResponse};
use pyrite_protocol::messages::{Command, CommandKind, encode};
use pyrite_protocol::topics::TopicKind;
use serde::{Deserialize, Serialize};

/// A device with its tags and desired bundle.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DeviceView {
    /// Stored fields.
    #[serde(flatten)]
    pub device: DeviceRow,
    /// Tags.
    pub tags: Vec<String>,
    /// Bundle the server wants it to run.
    pub desired_bundle: Option<String>,
}

/// Filter for the device list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct DeviceQuery {
    /// Only devices with this tag.
    pub tag: Option<String>,
}

/// Lists devices.
#[utoipa::path(get, path = "/api/v1/devices", tag = "devices", params(DeviceQuery),
    responses((status = 200, body = [DeviceView]), (status = 401, body = crate::error::ErrorBody)))]
pub async fn list(
    _: Operator,
    State(app): State<AppRef>,
    Query(q): Query<DeviceQuery>,
) -> Result<Json<Vec<DeviceView>>, ApiError> {
    let rows = app.store.devices(q.tag.as_deref()).await?;
    let mut tags: std::collections::HashMap<String, Vec<String>> = Default::default();
    for (d, t) in app.store.all_tags().await? {
        tags.entry(d).or_default().push(t);
    }
    let desired: std::collections::HashMap<String, String> = app
        .store
        .desired_states()
        .await?
        .into_iter()
        .map(|(d, b, _)| (d, b))
        .collect();
    Ok(Json(
        rows.into_iter()
            .map(|d| DeviceView {
                tags: tags.remove(&d.id).unwrap_or_default(),
                desired_bundle: desired.get(&d.id).cloned(),
                device: d,
            })
            .collect(),
    ))
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
    Ok(Json(DeviceView {
        tags: app.store.device_tags(&id).await?,
        desired_bundle: app.store.desired_state(&id).await?.map(|x| x.0),
        device: d,
    }))
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
    request_body = TagsBody, responses((status = 200, body = DeviceView), (status = 404, body = crate::error::ErrorBody)))]
pub async fn set_tags(
    op: Operator,
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
    show(op, State(app), Path(id)).await
}

/// Revokes a device's credentials and disconnects it.
#[utoipa::path(post, path = "/api/v1/devices/{id}/revoke", tag = "devices", params(("id" = String, Path, description = "device id")),
    responses((status = 204), (status = 404, body = crate::error::ErrorBody)))]
pub async fn revoke(
    _: Operator,
    State(app): State<AppRef>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    devices::revoke(&app, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Deletes a device and its data (revoking it first).
#[utoipa::path(delete, path = "/api/v1/devices/{id}", tag = "devices", params(("id" = String, Path, description = "device id")),
    responses((status = 204), (status = 404, body = crate::error::ErrorBody)))]
pub async fn delete(
    _: Operator,
    State(app): State<AppRef>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    devices::revoke(&app, &id).await?;
    app.store.delete_device(&id).await?;
    devices::sync_mosquitto(&app).await;
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
    request_body = CommandBody, responses((status = 202), (status = 404, body = crate::error::ErrorBody)))]
pub async fn command(
    _: Operator,
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
    Ok(Json(devices::enroll(&app, req, host).await?))
}

/// The fleet enrollment token.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EnrollToken {
    /// Token devices enroll with.
    pub enroll_token: String,
}

/// Shows the fleet enrollment token.
#[utoipa::path(get, path = "/api/v1/enroll-token", tag = "devices", responses((status = 200, body = EnrollToken)))]
pub async fn enroll_token(
    _: Operator,
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
#[utoipa::path(post, path = "/api/v1/enroll-token/rotate", tag = "devices", responses((status = 200, body = EnrollToken)))]
pub async fn rotate_enroll_token(
    _: Operator,
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
    /// Name of the operator token.
    pub name: String,
}

/// The operator behind the token (checks a token, names it).
#[utoipa::path(get, path = "/api/v1/me", tag = "devices", responses((status = 200, body = Me), (status = 401, body = crate::error::ErrorBody)))]
pub async fn me(op: Operator) -> Json<Me> {
    Json(Me {
        name: op.token_name,
    })
}
