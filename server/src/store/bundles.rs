//! Bundle metadata; the bytes live content-addressed in the data folder.

use super::{Store, StoreResult, dispatch, now_ms};
use serde::{Deserialize, Serialize};

/// A stored bundle's metadata.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BundleRow {
    /// sha256 of the whole bundle file (its address).
    pub sha256: String,
    /// App name from the manifest.
    pub app: String,
    /// Version string from the manifest.
    pub version: String,
    /// Anti-rollback sequence number from the manifest.
    pub sequence: i64,
    /// Size of the bundle file in bytes.
    pub size: i64,
    /// Id of the key that signed it.
    pub key_id: String,
    /// The manifest as JSON text.
    pub manifest: String,
    /// Upload time (Unix ms).
    pub created_at: i64,
}

const COLS: &str = "sha256, app, version, sequence, size, key_id, manifest, created_at";

impl Store {
    /// Records a bundle; a second upload of the same bytes is a no-op.
    /// Returns whether it was new.
    pub async fn insert_bundle(&self, b: &BundleRow) -> StoreResult<bool> {
        let n = dispatch!(self, |p| {
            sqlx::query(
                "INSERT INTO bundles (sha256, app, version, sequence, size, key_id, manifest, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (sha256) DO NOTHING",
            )
            .bind(&b.sha256)
            .bind(&b.app)
            .bind(&b.version)
            .bind(b.sequence)
            .bind(b.size)
            .bind(&b.key_id)
            .bind(&b.manifest)
            .bind(now_ms())
            .execute(p)
            .await?
            .rows_affected()
        });
        Ok(n == 1)
    }

    /// One bundle by sha256.
    pub async fn bundle(&self, sha256: &str) -> StoreResult<Option<BundleRow>> {
        let sql = format!("SELECT {COLS} FROM bundles WHERE sha256 = $1");
        Ok(dispatch!(self, |p| {
            sqlx::query_as::<_, BundleRow>(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(sha256)
                .fetch_optional(p)
                .await?
        }))
    }

    /// All bundles, newest first.
    pub async fn bundles(&self) -> StoreResult<Vec<BundleRow>> {
        let sql = format!("SELECT {COLS} FROM bundles ORDER BY created_at DESC, sha256");
        Ok(dispatch!(self, |p| sqlx::query_as::<_, BundleRow>(
            sqlx::AssertSqlSafe(sql.as_str())
        )
        .fetch_all(p)
        .await?))
    }

    /// Highest sequence among stored bundles of an app (for `deploy DIR`).
    pub async fn max_sequence(&self, app: &str) -> StoreResult<i64> {
        let r: (Option<i64>,) = dispatch!(self, |p| {
            sqlx::query_as("SELECT MAX(sequence) FROM bundles WHERE app = $1")
                .bind(app)
                .fetch_one(p)
                .await?
        });
        Ok(r.0.unwrap_or(0))
    }

    /// Whether a bundle is still wanted: desired by a device or used by an
    /// unfinished rollout.
    pub async fn bundle_in_use(&self, sha256: &str) -> StoreResult<bool> {
        let r: (i64,) = dispatch!(self, |p| {
            sqlx::query_as(
                "SELECT (SELECT COUNT(*) FROM desired_state WHERE bundle_sha256 = $1)
                      + (SELECT COUNT(*) FROM rollouts WHERE bundle_sha256 = $1
                           AND state IN ('running', 'paused'))",
            )
            .bind(sha256)
            .fetch_one(p)
            .await?
        });
        Ok(r.0 > 0)
    }

    /// Stores a bundle's bytes (a second copy is a no-op).
    pub async fn put_bundle_blob(&self, sha256: &str, content: &[u8]) -> StoreResult<()> {
        dispatch!(self, |p| {
            sqlx::query(
                "INSERT INTO bundle_blobs (sha256, content) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING",
            )
            .bind(sha256)
            .bind(content)
            .execute(p)
            .await?;
        });
        Ok(())
    }

    /// A bundle's bytes, if stored in the database.
    pub async fn bundle_blob(&self, sha256: &str) -> StoreResult<Option<Vec<u8>>> {
        let r: Option<(Vec<u8>,)> = dispatch!(self, |p| {
            sqlx::query_as("SELECT content FROM bundle_blobs WHERE sha256 = $1")
                .bind(sha256)
                .fetch_optional(p)
                .await?
        });
        Ok(r.map(|r| r.0))
    }

    /// Deletes a bundle's metadata. Returns whether it existed.
    pub async fn delete_bundle(&self, sha256: &str) -> StoreResult<bool> {
        let n = dispatch!(self, |p| {
            sqlx::query("DELETE FROM bundle_blobs WHERE sha256 = $1")
                .bind(sha256)
                .execute(p)
                .await?;
            sqlx::query("DELETE FROM bundles WHERE sha256 = $1")
                .bind(sha256)
                .execute(p)
                .await?
                .rows_affected()
        });
        Ok(n == 1)
    }
}
