//! Key/value settings: the enrollment token, retention, the server's identity.

use super::{Store, StoreResult, dispatch};

impl Store {
    /// Reads a setting.
    pub async fn setting(&self, key: &str) -> StoreResult<Option<String>> {
        let row: Option<(String,)> = dispatch!(self, |p| {
            sqlx::query_as("SELECT value FROM settings WHERE key = $1")
                .bind(key)
                .fetch_optional(p)
                .await?
        });
        Ok(row.map(|r| r.0))
    }

    /// Writes a setting, replacing any previous value.
    pub async fn set_setting(&self, key: &str, value: &str) -> StoreResult<()> {
        dispatch!(self, |p| {
            sqlx::query(
                "INSERT INTO settings (key, value) VALUES ($1, $2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )
            .bind(key)
            .bind(value)
            .execute(p)
            .await?;
        });
        Ok(())
    }

    /// Writes a setting only when absent; returns the value now stored (so
    /// several servers starting together agree on one value).
    pub async fn init_setting(&self, key: &str, value: &str) -> StoreResult<String> {
        dispatch!(self, |p| {
            sqlx::query(
                "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
            )
            .bind(key)
            .bind(value)
            .execute(p)
            .await?;
        });
        Ok(self
            .setting(key)
            .await?
            .unwrap_or_else(|| value.to_string()))
    }
}
