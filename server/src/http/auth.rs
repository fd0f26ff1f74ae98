//! Operator authentication: a bearer token (`Authorization: Bearer T`), or
//! `?token=T` for browsers and WebSockets that cannot set headers. Tokens
//! are compared by their SHA-256 against the stored hashes of the active
//! (not revoked) tokens.
//!
//! Each handler states the least role it needs by its extractor:
//! [`Operator`] reads (any role), [`Writer`] changes the fleet (`operator`
//! or `admin`), [`Admin`] manages operator tokens. A valid token with too
//! small a role gets 403 `forbidden`; a missing, wrong or revoked one 401.

use crate::app::AppRef;
use crate::error::ApiError;
use crate::store::TokenRole;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;

/// How stale a token's `last_used_at` may get before a request updates it:
/// one write per token per minute, not one per request.
const LAST_USED_GRANULARITY_MS: i64 = 60_000;

/// Proof that the request carried a valid operator token (any role).
#[derive(Debug, Clone)]
pub struct Operator {
    /// Id of the token used.
    pub token_id: String,
    /// Name of the token used.
    pub token_name: String,
    /// Its role.
    pub role: TokenRole,
}

/// A token that may change the fleet (role `operator` or `admin`).
#[derive(Debug, Clone)]
pub struct Writer(pub Operator);

/// A token that may manage operator tokens (role `admin`).
#[derive(Debug, Clone)]
pub struct Admin(pub Operator);

fn token_from(parts: &Parts) -> Option<String> {
    if let Some(h) = parts.headers.get(axum::http::header::AUTHORIZATION)
        && let Ok(s) = h.to_str()
        && let Some(t) = s.strip_prefix("Bearer ")
    {
        return Some(t.trim().to_string());
    }
    let q = parts.uri.query()?;
    q.split('&')
        .find_map(|kv| kv.strip_prefix("token=").map(str::to_string))
}

impl FromRequestParts<AppRef> for Operator {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &AppRef) -> Result<Self, Self::Rejection> {
        let Some(token) = token_from(parts) else {
            return Err(ApiError::Unauthorized);
        };
        if token.is_empty() || token.len() > 256 {
            return Err(ApiError::Unauthorized);
        }
        let Some(row) = app
            .store
            .api_token_by_hash(&crate::secrets::token_hash(&token))
            .await?
        else {
            tracing::warn!(path = %parts.uri.path(), "request with an invalid or revoked token");
            return Err(ApiError::Unauthorized);
        };
        let Some(role) = TokenRole::parse(&row.role) else {
            // Only this server writes roles; an unknown one is a damaged row.
            return Err(ApiError::Internal(format!(
                "token {} has an unknown role {:?}",
                row.id, row.role
            )));
        };
        let now = crate::store::now_ms();
        if row
            .last_used_at
            .is_none_or(|t| now - t >= LAST_USED_GRANULARITY_MS)
        {
            app.store.touch_api_token(&row.id, now).await?;
        }
        Ok(Operator {
            token_id: row.id,
            token_name: row.name,
            role,
        })
    }
}

/// Refuses a valid token whose role is below `need`.
fn require(op: Operator, need: TokenRole, parts: &Parts) -> Result<Operator, ApiError> {
    if op.role >= need {
        return Ok(op);
    }
    tracing::warn!(
        token = %op.token_name,
        role = op.role.as_str(),
        method = %parts.method,
        path = %parts.uri.path(),
        "request refused: role too small"
    );
    Err(ApiError::Forbidden(format!(
        "token {:?} has role {}; this needs {}",
        op.token_name,
        op.role.as_str(),
        need.as_str()
    )))
}

impl FromRequestParts<AppRef> for Writer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &AppRef) -> Result<Self, Self::Rejection> {
        let op = Operator::from_request_parts(parts, app).await?;
        Ok(Writer(require(op, TokenRole::Operator, parts)?))
    }
}

impl FromRequestParts<AppRef> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &AppRef) -> Result<Self, Self::Rejection> {
        let op = Operator::from_request_parts(parts, app).await?;
        Ok(Admin(require(op, TokenRole::Admin, parts)?))
    }
}
