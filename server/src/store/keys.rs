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

/// A key rotation the fleet pushed (one row of `key_sets`).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct KeySetRow {
    /// Key-set sequence.
    pub sequence: i64,
    /// The signed `KeyRotation` message, as published on `down/keys`.
    pub message: String,
    /// Key id of the signer.
    pub signer: String,
    /// When it was made (Unix ms).
    pub created_at: i64,
}

/// A key the new set trusts: (key id, public key text, name).
pub type NewTrustedKey = (String, String, String);

impl Store {
    /// The latest rotation, if the fleet ever rotated its keys.
    pub async fn latest_key_set(&self) -> StoreResult<Option<KeySetRow>> {
        Ok(dispatch!(self, |p| {
            sqlx::query_as::<_, KeySetRow>(
                "SELECT sequence, message, signer, created_at FROM key_sets
                 ORDER BY sequence DESC LIMIT 1",
            )
            .fetch_optional(p)
            .await?
        }))
    }

    /// Rotations above `sequence`, oldest first (what a device that
    /// announced `sequence` still has to apply, in order).
    pub async fn key_sets_after(&self, sequence: i64) -> StoreResult<Vec<KeySetRow>> {
        Ok(dispatch!(self, |p| {
            sqlx::query_as::<_, KeySetRow>(
                "SELECT sequence, message, signer, created_at FROM key_sets
                 WHERE sequence > $1 ORDER BY sequence",
            )
            .bind(sequence)
            .fetch_all(p)
            .await?
        }))
    }

    /// Records a rotation and makes `keys` the fleet's trusted set, in one
    /// transaction. Returns false (and changes nothing) when a rotation with
    /// that sequence exists already (another operator or server was first).
    pub async fn apply_key_rotation(
        &self,
        row: &KeySetRow,
        keys: &[NewTrustedKey],
    ) -> StoreResult<bool> {
        let now = now_ms();
        Ok(dispatch!(self, |p| {
            let mut tx = p.begin().await?;
            let inserted = sqlx::query(
                "INSERT INTO key_sets (sequence, message, signer, created_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (sequence) DO NOTHING",
            )
            .bind(row.sequence)
            .bind(&row.message)
            .bind(&row.signer)
            .bind(row.created_at)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if inserted == 0 {
                tx.rollback().await?;
                false
            } else {
                let current: Vec<(String,)> = sqlx::query_as("SELECT key_id FROM trusted_keys")
                    .fetch_all(&mut *tx)
                    .await?;
                for (id,) in current {
                    if !keys.iter().any(|k| k.0 == id) {
                        sqlx::query("DELETE FROM trusted_keys WHERE key_id = $1")
                            .bind(&id)
                            .execute(&mut *tx)
                            .await?;
                    }
                }
                for (id, public, name) in keys {
                    sqlx::query(
                        "INSERT INTO trusted_keys (key_id, public_key, name, created_at)
                         VALUES ($1, $2, $3, $4) ON CONFLICT (key_id) DO NOTHING",
                    )
                    .bind(id)
                    .bind(public)
                    .bind(name)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                }
                tx.commit().await?;
                true
            }
        }))
    }

    /// Sets the key-set sequence a device trusts (at enrollment: the current one).
    pub async fn set_device_key_set_sequence(&self, id: &str, sequence: i64) -> StoreResult<()> {
        dispatch!(self, |p| {
            sqlx::query("UPDATE devices SET key_set_sequence = $2 WHERE id = $1")
                .bind(id)
                .bind(sequence)
                .execute(p)
                .await?;
        });
        Ok(())
    }

    /// Non-revoked devices, and how many of them announced `sequence` or above.
    pub async fn key_ack_counts(&self, sequence: i64) -> StoreResult<(i64, i64)> {
        Ok(dispatch!(self, |p| {
            sqlx::query_as::<_, (i64, i64)>(
                "SELECT COUNT(*), COALESCE(SUM(CASE WHEN key_set_sequence >= $1 THEN 1 ELSE 0 END), 0)
                 FROM devices WHERE revoked = 0",
            )
            .bind(sequence)
            .fetch_one(p)
            .await?
        }))
    }

    /// Up to `limit` non-revoked devices (ids, sorted) still below `sequence`.
    pub async fn key_pending_devices(&self, sequence: i64, limit: i64) -> StoreResult<Vec<String>> {
        let rows: Vec<(String,)> = dispatch!(self, |p| {
            sqlx::query_as(
                "SELECT id FROM devices WHERE revoked = 0 AND key_set_sequence < $1
                 ORDER BY id LIMIT $2",
            )
            .bind(sequence)
            .bind(limit)
            .fetch_all(p)
            .await?
        });
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    /// Ids of every non-revoked device (to push a rotation to).
    pub async fn active_device_ids(&self) -> StoreResult<Vec<String>> {
        let rows: Vec<(String,)> = dispatch!(self, |p| {
            sqlx::query_as("SELECT id FROM devices WHERE revoked = 0 ORDER BY id")
                .fetch_all(p)
                .await?
        });
        Ok(rows.into_iter().map(|r| r.0).collect())
    }
}
