//! Rollout endpoints: create, list, show with per-device progress, pause,
//! resume, abort.

use super::auth::{Operator, Writer};
use crate::app::AppRef;
use crate::error::ApiError;
use crate::services::rollouts::{self, Action, NewRollout};
use crate::store::RolloutRow;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;

pub use crate::services::events::RolloutView;

async fn view(app: &AppRef, r: RolloutRow, with_devices: bool) -> Result<RolloutView, ApiError> {
    Ok(RolloutView::load(app, r, with_devices).await?)
}

/// Starts a rollout.
#[utoipa::path(post, path = "/api/v1/rollouts", tag = "rollouts", request_body = NewRollout,
    responses((status = 403, body = crate::error::ErrorBody, description = "a read-only token"), (status = 201, body = RolloutView), (status = 400, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub async fn create(
    Writer(op): Writer,
    State(app): State<AppRef>,
    Json(req): Json<NewRollout>,
) -> Result<(StatusCode, Json<RolloutView>), ApiError> {
    let r = rollouts::create(&app, req).await?;
    tracing::info!(rollout = %r.id, operator = %op.token_name, "rollout requested");
    Ok((StatusCode::CREATED, Json(view(&app, r, true).await?)))
}

/// Lists rollouts, newest first.
#[utoipa::path(get, path = "/api/v1/rollouts", tag = "rollouts", responses((status = 200, body = [RolloutView])))]
pub async fn list(
    _: Operator,
    State(app): State<AppRef>,
) -> Result<Json<Vec<RolloutView>>, ApiError> {
    let mut out = Vec::new();
    for r in app.store.rollouts().await? {
        out.push(view(&app, r, false).await?);
    }
    Ok(Json(out))
}

/// One rollout with per-device progress.
#[utoipa::path(get, path = "/api/v1/rollouts/{id}", tag = "rollouts", params(("id" = String, Path, description = "rollout id")),
    responses((status = 200, body = RolloutView), (status = 404, body = crate::error::ErrorBody)))]
pub async fn show(
    _: Operator,
    State(app): State<AppRef>,
    Path(id): Path<String>,
) -> Result<Json<RolloutView>, ApiError> {
    let r = app
        .store
        .rollout(&id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("rollout {id}")))?;
    Ok(Json(view(&app, r, true).await?))
}

async fn act(app: AppRef, id: String, a: Action) -> Result<Json<RolloutView>, ApiError> {
    let r = rollouts::act(&app, &id, a).await?;
    Ok(Json(view(&app, r, true).await?))
}

/// Pauses a running rollout.
#[utoipa::path(post, path = "/api/v1/rollouts/{id}/pause", tag = "rollouts", params(("id" = String, Path, description = "rollout id")),
    responses((status = 403, body = crate::error::ErrorBody, description = "a read-only token"), (status = 200, body = RolloutView), (status = 409, body = crate::error::ErrorBody)))]
pub async fn pause(
    _: Writer,
    State(app): State<AppRef>,
    Path(id): Path<String>,
) -> Result<Json<RolloutView>, ApiError> {
    act(app, id, Action::Pause).await
}

/// Resumes a paused rollout.
#[utoipa::path(post, path = "/api/v1/rollouts/{id}/resume", tag = "rollouts", params(("id" = String, Path, description = "rollout id")),
    responses((status = 403, body = crate::error::ErrorBody, description = "a read-only token"), (status = 200, body = RolloutView), (status = 409, body = crate::error::ErrorBody)))]
pub async fn resume(
    _: Writer,
    State(app): State<AppRef>,
    Path(id): Path<String>,
) -> Result<Json<RolloutView>, ApiError> {
    act(app, id, Action::Resume).await
}

/// Aborts a rollout (devices keep what they run).
#[utoipa::path(post, path = "/api/v1/rollouts/{id}/abort", tag = "rollouts", params(("id" = String, Path, description = "rollout id")),
    responses((status = 403, body = crate::error::ErrorBody, description = "a read-only token"), (status = 200, body = RolloutView), (status = 409, body = crate::error::ErrorBody)))]
pub async fn abort(
    _: Writer,
    State(app): State<AppRef>,
    Path(id): Path<String>,
) -> Result<Json<RolloutView>, ApiError> {
    act(app, id, Action::Abort).await
}
