//! Operator API tokens, stored as SHA-256 hashes (they are random and long,
//! so a fast hash is enough; the plain token is shown once).

use super::{Store, StoreResult, dispatch, now_ms};

impl Store {
    /// Stores a new API token's hash under a name.
    pub async fn insert_api_token(
        &self,
        id: &str,
        name: &str,
        token_hash: &str,
    ) -> StoreResult<()> {
        dispatch!(self, |p| {
            sqlx::query(
                "INSERT INTO api_tokens (id, name, token_hash, created_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(name)
            .bind(token_hash)
            .bind(now_ms())
            .execute(p)
            .await?;
        });
        Ok(())
    }

    /// The name of the token with this hash, if any.
    pub async fn api_token_by_hash(&self, token_hash: &str) -> StoreResult<Option<String>> {
        let row: Option<(String,)> = dispatch!(self, |p| {
            sqlx::query_as("SELECT name FROM api_tokens WHERE token_hash = $1")
                .bind(token_hash)
                .fetch_optional(p)
                .await?
        });
        Ok(row.map(|r| r.0))
    }

    /// How many API tokens exist (zero on a fresh database).
    pub async fn api_token_count(&self) -> StoreResult<i64> {
        let row: (i64,) = dispatch!(self, |p| {
            sqlx::query_as("SELECT COUNT(*) FROM api_tokens")
                .fetch_one(p)
                .await?
        });
        Ok(row.0)
    }
}
