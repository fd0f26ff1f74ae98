//! Bundle and trusted-key endpoints.

use super::auth::{Operator, Writer};
use crate::app::AppRef;
use crate::error::ApiError;
use crate::services::bundles::{self, BuildRequest};
use crate::store::{BundleRow, TrustedKeyRow};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use pyrite_protocol::keys::PublicKey;
use serde::Deserialize;

/// Uploads a signed bundle (body = the bundle file). Verified against the
/// fleet's trusted keys; stored by sha256 (a second upload is a no-op).
#[utoipa::path(post, path = "/api/v1/bundles", tag = "bundles",
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 403, body = crate::error::ErrorBody, description = "a read-only token"), (status = 201, body = BundleRow), (status = 200, body = BundleRow, description = "already stored"),
        (status = 422, body = crate::error::ErrorBody), (status = 413, body = crate::error::ErrorBody)))]
pub async fn upload(
    _: Writer,
    State(app): State<AppRef>,
    body: Bytes,
) -> Result<(StatusCode, Json<BundleRow>), ApiError> {
    let (row, new) = bundles::upload(&app, &body).await?;
    Ok((
        if new {
            StatusCode::CREATED
        } else {
            StatusCode::OK
        },
        Json(row),
    ))
}

/// Builds a bundle from files and signs it with the server's key.
#[utoipa::path(post, path = "/api/v1/bundles/build", tag = "bundles", request_body = BuildRequest,
    responses((status = 403, body = crate::error::ErrorBody, description = "a read-only token"), (status = 201, body = BundleRow), (status = 409, body = crate::error::ErrorBody)))]
pub async fn build(
    _: Writer,
    State(app): State<AppRef>,
    Json(req): Json<BuildRequest>,
) -> Result<(StatusCode, Json<BundleRow>), ApiError> {
    let (row, new) = bundles::build(&app, req).await?;
    Ok((
        if new {
            StatusCode::CREATED
        } else {
            StatusCode::OK
        },
        Json(row),
    ))
}

/// Lists bundles, newest first.
#[utoipa::path(get, path = "/api/v1/bundles", tag = "bundles", responses((status = 200, body = [BundleRow])))]
pub async fn list(
    _: Operator,
    State(app): State<AppRef>,
) -> Result<Json<Vec<BundleRow>>, ApiError> {
    Ok(Json(app.store.bundles().await?))
}

/// One bundle's metadata and manifest.
#[utoipa::path(get, path = "/api/v1/bundles/{sha256}", tag = "bundles", params(("sha256" = String, Path, description = "bundle sha256")),
    responses((status = 200, body = BundleRow), (status = 404, body = crate::error::ErrorBody)))]
pub async fn show(
    _: Operator,
    State(app): State<AppRef>,
    Path(sha): Path<String>,
) -> Result<Json<BundleRow>, ApiError> {
    Ok(Json(app.store.bundle(&sha).await?.ok_or_else(|| {
        ApiError::NotFound(format!("bundle {sha}"))
    })?))
}

/// Downloads a bundle file.
#[utoipa::path(get, path = "/api/v1/bundles/{sha256}/file", tag = "bundles", params(("sha256" = String, Path, description = "bundle sha256")),
    responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>), (status = 404, body = crate::error::ErrorBody)))]
pub async fn download(
    _: Operator,
    State(app): State<AppRef>,
    Path(sha): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    bundles::ensure_local(&app, &sha).await?;
    let bytes = app
        .bundles
        .get(&sha)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("bundle {sha}")))?;
    Ok(([(header::CONTENT_TYPE, "application/octet-stream")], bytes))
}

/// Deletes a bundle no device or unfinished rollout uses.
#[utoipa::path(delete, path = "/api/v1/bundles/{sha256}", tag = "bundles", params(("sha256" = String, Path, description = "bundle sha256")),
    responses((status = 403, body = crate::error::ErrorBody, description = "a read-only token"), (status = 204), (status = 404, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody)))]
pub async fn delete(
    _: Writer,
    State(app): State<AppRef>,
    Path(sha): Path<String>,
) -> Result<StatusCode, ApiError> {
    bundles::delete(&app, &sha).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A key to trust.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct TrustKey {
    /// The public key's text form (`pyrite-ed25519-pub:...`, the content of a `.pub` file).
    pub public_key: String,
    /// A name for it.
    #[serde(default)]
    pub name: Option<String>,
}

/// Lists the keys devices trust.
#[utoipa::path(get, path = "/api/v1/keys", tag = "bundles", responses((status = 200, body = [TrustedKeyRow])))]
pub async fn keys(
    _: Operator,
    State(app): State<AppRef>,
) -> Result<Json<Vec<TrustedKeyRow>>, ApiError> {
    Ok(Json(app.store.trusted_keys().await?))
}

/// Trusts a public key: bundles it signed are accepted, and devices that
/// enroll from now on receive it.
#[utoipa::path(post, path = "/api/v1/keys", tag = "bundles", request_body = TrustKey,
    responses((status = 403, body = crate::error::ErrorBody, description = "a read-only token"), (status = 201, body = TrustedKeyRow), (status = 400, body = crate::error::ErrorBody)))]
pub async fn trust(
    _: Writer,
    State(app): State<AppRef>,
    Json(k): Json<TrustKey>,
) -> Result<(StatusCode, Json<TrustedKeyRow>), ApiError> {
    let key = PublicKey::from_text(&k.public_key).map_err(|e| ApiError::invalid(e.to_string()))?;
    let id = key.id().to_string();
    let name = k.name.unwrap_or_else(|| id.clone());
    app.store.trust_key(&id, &key.to_text(), &name).await?;
    let row = app
        .store
        .trusted_keys()
        .await?
        .into_iter()
        .find(|r| r.key_id == id)
        .ok_or_else(|| ApiError::Internal("trusted key vanished".into()))?;
    Ok((StatusCode::CREATED, Json(row)))
}

/// The fleet's key set: its sequence, the keys, and which devices have
/// taken up the latest rotation (announced its sequence in their birth message).
#[utoipa::path(get, path = "/api/v1/keys/rotation", tag = "bundles",
    responses((status = 200, body = crate::services::keys::KeyStatus)))]
pub async fn key_status(
    _: Operator,
    State(app): State<AppRef>,
) -> Result<Json<crate::services::keys::KeyStatus>, ApiError> {
    Ok(Json(crate::services::keys::status(&app).await?))
}

/// Rotates the fleet's trusted keys (PROTOCOL.md §11) and pushes the signed
/// set, retained, to every device: `add`/`retire` (signed by the server's
/// key, which must be trusted), or a `rotation` signed offline by a trusted
/// key with the next sequence. Devices that enroll from now on get the new set.
#[utoipa::path(post, path = "/api/v1/keys/rotate", tag = "bundles",
    request_body = crate::services::keys::RotateRequest,
    responses((status = 403, body = crate::error::ErrorBody, description = "a read-only token"), (status = 200, body = crate::services::keys::KeyStatus),
        (status = 400, body = crate::error::ErrorBody, description = "invalid change or signature"),
        (status = 409, body = crate::error::ErrorBody, description = "no trusted server key, or a stale sequence")))]
pub async fn rotate_keys(
    _: Writer,
    State(app): State<AppRef>,
    Json(req): Json<crate::services::keys::RotateRequest>,
) -> Result<Json<crate::services::keys::KeyStatus>, ApiError> {
    Ok(Json(crate::services::keys::rotate(&app, req).await?))
}
