//! Rollouts, their per-device progress, and each device's desired state.

use super::{Store, StoreResult, dispatch, now_ms};
use serde::{Deserialize, Serialize};

/// A rollout as stored. `strategy` is JSON of `services::rollout_plan::Strategy`.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RolloutRow {
    /// Rollout id.
    pub id: String,
    /// Bundle being rolled out.
    pub bundle_sha256: String,
    /// `DEVICE`, `tag:T` or `all`.
    pub target: String,
    /// Strategy JSON.
    pub strategy: String,
    /// running, paused, completed, rolled_back, aborted.
    pub state: String,
    /// Halt and roll back when failed devices exceed this percent of finished ones.
    pub failure_threshold: i64,
    /// Seconds a device must run the bundle without an uncaught exception.
    pub grace_secs: i64,
    /// Seconds one update attempt may take before it is retried.
    pub step_timeout_secs: i64,
    /// Attempts per device before it counts as failed.
    pub max_attempts: i64,
    /// Why it halted or stopped.
    pub reason: Option<String>,
    /// Created (Unix ms).
    pub created_at: i64,
    /// Last state change (Unix ms).
    pub updated_at: i64,
}

/// One device's progress in a rollout.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RolloutDeviceRow {
    /// Rollout id.
    pub rollout_id: String,
    /// Device id.
    pub device_id: String,
    /// Wave index (0 = first).
    pub wave: i64,
    /// pending, updating, verifying_health, succeeded, failed, rolled_back, superseded.
    pub state: String,
    /// Update attempts so far.
    pub attempts: i64,
    /// When the current attempt started (Unix ms).
    pub step_started_at: Option<i64>,
    /// When the device first reported running the bundle (Unix ms).
    pub healthy_since: Option<i64>,
    /// Bundle the device should go back to on rollback.
    pub previous_bundle: Option<String>,
    /// Failure reason or traceback.
    pub error: Option<String>,
    /// Last change (Unix ms).
    pub updated_at: i64,
}

const ROLLOUT_COLS: &str = "id, bundle_sha256, target, strategy, state, failure_threshold, grace_secs, \
     step_timeout_secs, max_attempts, reason, created_at, updated_at";
const MEMBER_COLS: &str = "rollout_id, device_id, wave, state, attempts, step_started_at, healthy_since, \
     previous_bundle, error, updated_at";

impl Store {
    /// Stores a new rollout.
    pub async fn insert_rollout(&self, r: &RolloutRow) -> StoreResult<()> {
        let sql = format!(
            "INSERT INTO rollouts ({ROLLOUT_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
        );
        dispatch!(self, |p| {
            sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(&r.id)
                .bind(&r.bundle_sha256)
                .bind(&r.target)
                .bind(&r.strategy)
                .bind(&r.state)
                .bind(r.failure_threshold)
                .bind(r.grace_secs)
                .bind(r.step_timeout_secs)
                .bind(r.max_attempts)
                .bind(&r.reason)
                .bind(r.created_at)
                .bind(r.updated_at)
                .execute(p)
                .await?;
        });
        Ok(())
    }

    /// One rollout.
    pub async fn rollout(&self, id: &str) -> StoreResult<Option<RolloutRow>> {
        let sql = format!("SELECT {ROLLOUT_COLS} FROM rollouts WHERE id = $1");
        Ok(dispatch!(self, |p| {
            sqlx::query_as::<_, RolloutRow>(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(id)
                .fetch_optional(p)
                .await?
        }))
    }

    /// All rollouts, newest first.
    pub async fn rollouts(&self) -> StoreResult<Vec<RolloutRow>> {
        let sql = format!("SELECT {ROLLOUT_COLS} FROM rollouts ORDER BY created_at DESC, id");
        Ok(dispatch!(self, |p| sqlx::query_as::<_, RolloutRow>(
            sqlx::AssertSqlSafe(sql.as_str())
        )
        .fetch_all(p)
        .await?))
    }

    /// Rollouts the ticker must look at (running or paused), oldest first.
    pub async fn active_rollouts(&self) -> StoreResult<Vec<RolloutRow>> {
        let sql = format!(
            "SELECT {ROLLOUT_COLS} FROM rollouts WHERE state IN ('running', 'paused') ORDER BY created_at, id"
        );
        Ok(dispatch!(self, |p| sqlx::query_as::<_, RolloutRow>(
            sqlx::AssertSqlSafe(sql.as_str())
        )
        .fetch_all(p)
        .await?))
    }

    /// Sets a rollout's state (and reason).
    pub async fn set_rollout_state(
        &self,
        id: &str,
        state: &str,
        reason: Option<&str>,
    ) -> StoreResult<bool> {
        let n = dispatch!(self, |p| {
            sqlx::query("UPDATE rollouts SET state = $2, reason = COALESCE($3, reason), updated_at = $4 WHERE id = $1")
                .bind(id)
                .bind(state)
                .bind(reason)
                .bind(now_ms())
                .execute(p)
                .await?
                .rows_affected()
        });
        Ok(n == 1)
    }

    /// Counts rollouts per state (for `/metrics`).
    pub async fn rollout_state_counts(&self) -> StoreResult<Vec<(String, i64)>> {
        Ok(dispatch!(self, |p| {
            sqlx::query_as("SELECT state, COUNT(*) FROM rollouts GROUP BY state ORDER BY state")
                .fetch_all(p)
                .await?
        }))
    }

    /// Per-device progress of a rollout.
    pub async fn rollout_members(&self, rollout_id: &str) -> StoreResult<Vec<RolloutDeviceRow>> {
        let sql = format!(
            "SELECT {MEMBER_COLS} FROM rollout_devices WHERE rollout_id = $1 ORDER BY wave, device_id"
        );
        Ok(dispatch!(self, |p| {
            sqlx::query_as::<_, RolloutDeviceRow>(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(rollout_id)
                .fetch_all(p)
                .await?
        }))
    }

    /// Inserts or replaces one device's progress.
    pub async fn upsert_member(&self, m: &RolloutDeviceRow) -> StoreResult<()> {
        let sql = format!(
            "INSERT INTO rollout_devices ({MEMBER_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
             ON CONFLICT (rollout_id, device_id) DO UPDATE SET wave = excluded.wave, state = excluded.state,
               attempts = excluded.attempts, step_started_at = excluded.step_started_at,
               healthy_since = excluded.healthy_since, previous_bundle = excluded.previous_bundle,
               error = excluded.error, updated_at = excluded.updated_at"
        );
        dispatch!(self, |p| {
            sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(&m.rollout_id)
                .bind(&m.device_id)
                .bind(m.wave)
                .bind(&m.state)
                .bind(m.attempts)
                .bind(m.step_started_at)
                .bind(m.healthy_since)
                .bind(&m.previous_bundle)
                .bind(&m.error)
                .bind(m.updated_at)
                .execute(p)
                .await?;
        });
        Ok(())
    }

    /// Desired bundle (and the rollout that set it) of every device that has one.
    pub async fn desired_states(&self) -> StoreResult<Vec<(String, String, Option<String>)>> {
        Ok(dispatch!(self, |p| {
            sqlx::query_as(
                "SELECT device_id, bundle_sha256, rollout_id FROM desired_state ORDER BY device_id",
            )
            .fetch_all(p)
            .await?
        }))
    }

    /// Desired bundle of one device.
    pub async fn desired_state(
        &self,
        device_id: &str,
    ) -> StoreResult<Option<(String, Option<String>)>> {
        Ok(dispatch!(self, |p| {
            sqlx::query_as(
                "SELECT bundle_sha256, rollout_id FROM desired_state WHERE device_id = $1",
            )
            .bind(device_id)
            .fetch_optional(p)
            .await?
        }))
    }

    /// Sets (or, with `None`, clears) a device's desired bundle.
    pub async fn set_desired_state(
        &self,
        device_id: &str,
        bundle: Option<&str>,
        rollout_id: Option<&str>,
    ) -> StoreResult<()> {
        match bundle {
            Some(b) => dispatch!(self, |p| {
                sqlx::query(
                    "INSERT INTO desired_state (device_id, bundle_sha256, rollout_id, updated_at) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (device_id) DO UPDATE SET bundle_sha256 = excluded.bundle_sha256,
                       rollout_id = excluded.rollout_id, updated_at = excluded.updated_at",
                )
                .bind(device_id)
                .bind(b)
                .bind(rollout_id)
                .bind(now_ms())
                .execute(p)
                .await?
                .rows_affected()
            }),
            None => dispatch!(self, |p| {
                sqlx::query("DELETE FROM desired_state WHERE device_id = $1")
                    .bind(device_id)
                    .execute(p)
                    .await?
                    .rows_affected()
            }),
        };
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing;

    async fn rollout_suite(store: &Store) {
        let r = RolloutRow {
            id: "r1".into(),
            bundle_sha256: "b".into(),
            target: "all".into(),
            strategy: "{}".into(),
            state: "running".into(),
            failure_threshold: 10,
            grace_secs: 5,
            step_timeout_secs: 60,
            max_attempts: 2,
            reason: None,
            created_at: 1,
            updated_at: 1,
        };
        store.insert_rollout(&r).await.unwrap();
        assert_eq!(store.rollout("r1").await.unwrap().unwrap(), r);
        assert_eq!(store.active_rollouts().await.unwrap().len(), 1);
        let mut m = RolloutDeviceRow {
            rollout_id: "r1".into(),
            device_id: "d1".into(),
            wave: 0,
            state: "pending".into(),
            attempts: 0,
            step_started_at: None,
            healthy_since: None,
            previous_bundle: None,
            error: None,
            updated_at: 1,
        };
        store.upsert_member(&m).await.unwrap();
        m.state = "updating".into();
        m.attempts = 1;
        store.upsert_member(&m).await.unwrap();
        assert_eq!(store.rollout_members("r1").await.unwrap(), vec![m]);
        store
            .set_rollout_state("r1", "paused", Some("operator"))
            .await
            .unwrap();
        let r2 = store.rollout("r1").await.unwrap().unwrap();
        assert_eq!(
            (r2.state.as_str(), r2.reason.as_deref()),
            ("paused", Some("operator"))
        );
        store
            .set_desired_state("d1", Some("b"), Some("r1"))
            .await
            .unwrap();
        assert_eq!(
            store.desired_state("d1").await.unwrap(),
            Some(("b".into(), Some("r1".into())))
        );
        assert!(store.bundle_in_use("b").await.unwrap());
        store.set_desired_state("d1", None, None).await.unwrap();
        assert_eq!(store.desired_state("d1").await.unwrap(), None);
    }

    #[tokio::test]
    async fn rollouts_sqlite() {
        rollout_suite(&testing::sqlite().await).await;
    }

    #[tokio::test]
    async fn rollouts_postgres() {
        if let Some((store, guard)) = testing::postgres("rollouts_postgres").await {
            rollout_suite(&store).await;
            guard.drop_db(store).await;
        }
    }
}
