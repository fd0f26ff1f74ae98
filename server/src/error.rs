//! The API's one error type: each variant has a stable code and an HTTP
//! status. Internal details (database errors) are logged, never sent.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// An API error.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request is malformed or breaks a rule (400 `invalid_request`).
    #[error("{0}")]
    Invalid(String),
    /// Missing or wrong bearer token (401 `unauthorized`).
    #[error("missing or invalid token")]
    Unauthorized,
    /// The token is valid but its role may not do this (403 `forbidden`).
    #[error("{0}")]
    Forbidden(String),
    /// Wrong enrollment token (401 `bad_enroll_token`).
    #[error("invalid enrollment token")]
    BadEnrollToken,
    /// No such thing (404 `not_found`).
    #[error("{0} not found")]
    NotFound(String),
    /// The request conflicts with the current state (409 `conflict`).
    #[error("{0}")]
    Conflict(String),
    /// A bundle failed verification (422 `bundle_rejected`).
    #[error("bundle rejected: {0}")]
    BundleRejected(String),
    /// The body is too large (413 `payload_too_large`).
    #[error("request body too large")]
    TooLarge,
    /// Something failed inside the server (500 `internal`); details are logged.
    #[error("internal error")]
    Internal(String),
    /// A feature is unavailable in this configuration (409 `unavailable`).
    #[error("{0}")]
    Unavailable(String),
}

/// The JSON body of every error: `{"error": {"code": ..., "message": ...}}`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// Code and message of an error.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable machine-readable code.
    pub code: &'static str,
    /// Human-readable message.
    pub message: String,
}

impl ApiError {
    /// A 400 with a message.
    pub fn invalid(msg: impl Into<String>) -> ApiError {
        ApiError::Invalid(msg.into())
    }

    /// Stable code and status of this error.
    pub fn code_status(&self) -> (&'static str, StatusCode) {
        match self {
            ApiError::Invalid(_) => ("invalid_request", StatusCode::BAD_REQUEST),
            ApiError::Unauthorized => ("unauthorized", StatusCode::UNAUTHORIZED),
            ApiError::Forbidden(_) => ("forbidden", StatusCode::FORBIDDEN),
            ApiError::BadEnrollToken => ("bad_enroll_token", StatusCode::UNAUTHORIZED),
            ApiError::NotFound(_) => ("not_found", StatusCode::NOT_FOUND),
            ApiError::Conflict(_) => ("conflict", StatusCode::CONFLICT),
            ApiError::BundleRejected(_) => ("bundle_rejected", StatusCode::UNPROCESSABLE_ENTITY),
            ApiError::TooLarge => ("payload_too_large", StatusCode::PAYLOAD_TOO_LARGE),
            ApiError::Internal(_) => ("internal", StatusCode::INTERNAL_SERVER_ERROR),
            ApiError::Unavailable(_) => ("unavailable", StatusCode::CONFLICT),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (code, status) = self.code_status();
        if let ApiError::Internal(detail) = &self {
            tracing::error!("internal error: {detail}");
        }
        let body = ErrorBody {
            error: ErrorDetail {
                code,
                message: self.to_string(),
            },
        };
        (status, Json(body)).into_response()
    }
}

impl From<crate::store::StoreError> for ApiError {
    fn from(e: crate::store::StoreError) -> Self {
        ApiError::Internal(e.to_string())
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(e: anyhow::Error) -> Self {
        ApiError::Internal(format!("{e:#}"))
    }
}

impl From<std::io::Error> for ApiError {
    fn from(e: std::io::Error) -> Self {
        ApiError::Internal(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn internal_details_are_not_sent() {
        let resp = ApiError::Internal("password=hunter2 at db".into()).into_response();
        assert_eq!(resp.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(resp.into_body(), 10_000)
            .await
            .unwrap();
        let text = String::from_utf8(body.to_vec()).unwrap();
        assert_eq!(
            text,
            r#"{"error":{"code":"internal","message":"internal error"}}"#
        );
    }

    #[test]
    fn codes_are_stable() {
        assert_eq!(
            ApiError::Unauthorized.code_status(),
            ("unauthorized", StatusCode::UNAUTHORIZED)
        );
        assert_eq!(
            ApiError::NotFound("x".into()).code_status().1,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            ApiError::BundleRejected("x".into()).code_status().0,
            "bundle_rejected"
        );
    }
}
