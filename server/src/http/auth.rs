//! Operator authentication: a bearer token (`Authorization: Bearer T`), or
//! `?token=T` for browsers and WebSockets that cannot set headers. Tokens
//! are compared by their SHA-256 against the stored hashes.

use crate::app::AppRef;
use crate::error::ApiError;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;

/// Proof that the request carried a valid operator token.
#[derive(Debug, Clone)]
pub struct Operator {
    /// Name of the token used.
    pub token_name: String,
}

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
        match app
            .store
            .api_token_by_hash(&crate::secrets::token_hash(&token))
            .await?
        {
            Some(name) => Ok(Operator { token_name: name }),
            None => {
                tracing::warn!(path = %parts.uri.path(), "request with an invalid token");
                Err(ApiError::Unauthorized)
            }
        }
    }
}
