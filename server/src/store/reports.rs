//! Deployment reports: every report a device sends, kept in arrival order so
//! the rollout planner sees a failure even when a later report (about the
//! bundle the device rolled back to) replaced it as the device's latest.

use super::{Store, StoreResult, dispatch};
use serde::Serialize;

/// One stored deployment report.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow, Serialize, utoipa::ToSchema)]
pub struct ReportRow {
    /// Row id (increasing in arrival order).
    pub id: i64,
    /// Device that sent it.
    pub device_id: String,
    /// Bundle it is about (sha256).
    pub bundle_sha256: Option<String>,
    /// That bundle's sequence.
    pub sequence: Option<i64>,
    /// Report state (`downloading`, `running`, `healthy`, `failed`, ...).
    pub state: String,
    /// Refusal reason, traceback or detail.
    pub error: Option<String>,
    /// When the server received it (Unix ms).
    pub at: i64,
}

const COLS: &str = "id, device_id, bundle_sha256, sequence, state, error, at";

impl Store {
    /// Appends a report (its `id` is assigned by the database).
    pub async fn insert_report(&self, r: &ReportRow) -> StoreResult<()> {
        dispatch!(self, |p| {
            sqlx::query(
                "INSERT INTO device_reports (device_id, bundle_sha256, sequence, state, error, at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(&r.device_id)
            .bind(&r.bundle_sha256)
            .bind(r.sequence)
            .bind(&r.state)
            .bind(&r.error)
            .bind(r.at)
            .execute(p)
            .await?;
        });
        Ok(())
    }

    /// Reports received at or after `since` (Unix ms), in arrival order.
    pub async fn reports_since(&self, since: i64) -> StoreResult<Vec<ReportRow>> {
        let sql = format!("SELECT {COLS} FROM device_reports WHERE at >= $1 ORDER BY id");
        Ok(dispatch!(self, |p| {
            sqlx::query_as::<_, ReportRow>(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(since)
                .fetch_all(p)
                .await?
        }))
    }

    /// The newest reports, newest first: of one device, or (with `failures`)
    /// only failures (`failed`, `rolled_back`, `refused`).
    pub async fn recent_reports(
        &self,
        device: Option<&str>,
        failures: bool,
        limit: i64,
    ) -> StoreResult<Vec<ReportRow>> {
        let sql = format!(
            "SELECT {COLS} FROM device_reports
             WHERE ($1 = '' OR device_id = $1)
               AND ($2 = 0 OR state IN ('failed', 'rolled_back', 'refused'))
             ORDER BY id DESC LIMIT $3"
        );
        Ok(dispatch!(self, |p| {
            sqlx::query_as::<_, ReportRow>(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(device.unwrap_or(""))
                .bind(failures as i64)
                .bind(limit)
                .fetch_all(p)
                .await?
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing;

    fn report(device: &str, bundle: &str, state: &str, at: i64) -> ReportRow {
        ReportRow {
            id: 0,
            device_id: device.into(),
            bundle_sha256: Some(bundle.into()),
            sequence: Some(2),
            state: state.into(),
            error: (state == "failed").then(|| "Traceback".to_string()),
            at,
        }
    }

    async fn reports_suite(store: &Store) {
        for (i, s) in ["running", "failed", "rolled_back"].iter().enumerate() {
            store
                .insert_report(&report("d1", "new", s, 100 + i as i64))
                .await
                .unwrap();
        }
        store
            .insert_report(&report("d2", "old", "healthy", 50))
            .await
            .unwrap();
        let since = store.reports_since(100).await.unwrap();
        let states: Vec<&str> = since.iter().map(|r| r.state.as_str()).collect();
        assert_eq!(states, ["running", "failed", "rolled_back"]);
        assert!(since.windows(2).all(|w| w[0].id < w[1].id));
        let fails = store.recent_reports(None, true, 10).await.unwrap();
        assert_eq!(fails.len(), 2);
        assert_eq!(fails[0].state, "rolled_back", "newest first");
        assert_eq!(
            store
                .recent_reports(Some("d2"), false, 10)
                .await
                .unwrap()
                .len(),
            1
        );
        assert_eq!(
            store
                .recent_reports(Some("d1"), false, 2)
                .await
                .unwrap()
                .len(),
            2
        );
    }

    #[tokio::test]
    async fn reports_sqlite() {
        reports_suite(&testing::sqlite().await).await;
    }

    #[tokio::test]
    async fn reports_postgres() {
        if let Some((store, guard)) = testing::postgres("reports_postgres").await {
            reports_suite(&store).await;
            guard.drop_db(store).await;
        }
    }
}
