//! Operator tokens: create (the secret is in the answer, once), list
//! (never secrets), revoke. Admin tokens only.

use super::auth::Admin;
use crate::app::AppRef;
use crate::error::ApiError;
use crate::store::{ApiTokenRow, TokenRole};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

/// Longest token name.
const MAX_NAME: usize = 64;

/// A token to create.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NewToken {
    /// A name for who or what uses it (letters, digits, `.`, `_`, `-`; at most 64),
    /// unique among active tokens.
    pub name: String,
    /// `admin`, `operator` (default) or `read-only`.
    #[serde(default = "default_role")]
    pub role: TokenRole,
}

fn default_role() -> TokenRole {
    TokenRole::Operator
}

/// A token just created: the only answer that carries its secret.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CreatedToken {
    /// The token's id, name, role and times.
    #[serde(flatten)]
    pub info: ApiTokenRow,
    /// The secret to send as `Authorization: Bearer ...`; shown once, stored only hashed.
    pub token: String,
}

/// Which tokens to list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct TokenQuery {
    /// Also list revoked tokens (default: only active ones).
    #[serde(default)]
    pub include_revoked: bool,
}

fn check_name(name: &str) -> Result<(), ApiError> {
    let ok_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
    if name.is_empty() || name.len() > MAX_NAME || !name.chars().all(ok_char) {
        return Err(ApiError::invalid(format!(
            "token name must be 1 to {MAX_NAME} letters, digits, '.', '_' or '-'"
        )));
    }
    Ok(())
}

/// Creates an operator token. The answer holds its secret; nothing else ever will.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "tokens", request_body = NewToken,
    responses((status = 201, body = CreatedToken), (status = 400, body = crate::error::ErrorBody),
        (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody),
        (status = 409, body = crate::error::ErrorBody, description = "an active token has this name")))]
pub async fn create(
    Admin(op): Admin,
    State(app): State<AppRef>,
    Json(req): Json<NewToken>,
) -> Result<(StatusCode, Json<CreatedToken>), ApiError> {
    check_name(&req.name)?;
    let token = crate::secrets::new_token("pyr_op");
    let id = crate::secrets::random_hex(6);
    let made = app
        .store
        .insert_api_token(
            &id,
            &req.name,
            req.role,
            &crate::secrets::token_hash(&token),
        )
        .await?;
    if !made {
        return Err(ApiError::Conflict(format!(
            "an active token is already named {:?}",
            req.name
        )));
    }
    let info = app
        .store
        .active_api_token(&id)
        .await?
        .ok_or_else(|| ApiError::Internal(format!("token {id} vanished after insert")))?;
    tracing::info!(token = %req.name, id = %id, role = req.role.as_str(), by = %op.token_name, "operator token created");
    Ok((StatusCode::CREATED, Json(CreatedToken { info, token })))
}

/// Lists operator tokens (id, name, role, created, last used; never secrets).
#[utoipa::path(get, path = "/api/v1/tokens", tag = "tokens", params(TokenQuery),
    responses((status = 200, body = Vec<ApiTokenRow>), (status = 401, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody)))]
pub async fn list(
    _: Admin,
    State(app): State<AppRef>,
    Query(q): Query<TokenQuery>,
) -> Result<Json<Vec<ApiTokenRow>>, ApiError> {
    Ok(Json(app.store.api_tokens(q.include_revoked).await?))
}

/// Revokes an active token by id or name: from now on it gets 401. The last
/// active admin token cannot be revoked (409).
#[utoipa::path(post, path = "/api/v1/tokens/{id}/revoke", tag = "tokens",
    params(("id" = String, Path, description = "token id or name")),
    responses((status = 204), (status = 401, body = crate::error::ErrorBody),
        (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody),
        (status = 409, body = crate::error::ErrorBody, description = "the last admin token")))]
pub async fn revoke(
    Admin(op): Admin,
    State(app): State<AppRef>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let Some(t) = app.store.active_api_token(&id).await? else {
        return Err(ApiError::NotFound(format!("token {id:?}")));
    };
    if !app.store.revoke_api_token(&t.id).await? {
        return Err(ApiError::Conflict(format!(
            "token {:?} is the last admin token; create another admin token first",
            t.name
        )));
    }
    tracing::info!(token = %t.name, id = %t.id, by = %op.token_name, "operator token revoked");
    Ok(StatusCode::NO_CONTENT)
}
