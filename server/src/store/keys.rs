//! Public keys the fleet trusts for bundles (sent to devices at enrollment).

use super::{Store, StoreResult, dispatch, now_ms};
use serde::Serialize;

/// A trusted bundle-signing public key.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, utoipa::ToSchema)]
pub struct TrustedKeyRow {
    /// Key id as the protocol derives it from the public key.
    pub key_id: String,
    /// The public key, in the protocol's text form.
    pub public_key: String,
    /// Operator-given name.
    pub name: String,
    /// When it was trusted (Unix ms).
    pub created_at: i64,
}

impl Store {
    /// Trusts a key (idempotent).
    pub async fn trust_key(&self, key_id: &str, public_key: &str, name: &str) -> StoreResult<()> {
        dispatch!(self, |p| {
            sqlx::query(
                "INSERT INTO trusted_keys (key_id, public_key, name, created_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (key_id) DO NOTHING",
            )
            .bind(key_id)
            .bind(public_key)
            .bind(name)
            .bind(now_ms())
            .execute(p)
            .await?;
        });
        Ok(())
    }

    /// Every trusted key.
    pub async fn trusted_keys(&self) -> StoreResult<Vec<TrustedKeyRow>> {
        Ok(dispatch!(self, |p| {
            sqlx::query_as::<_, TrustedKeyRow>(
                "SELECT key_id, public_key, name, created_at FROM trusted_keys ORDER BY created_at, key_id",
            )
            .fetch_all(p)
            .await?
        }))
    }
}
