//! Telemetry points and log lines: batched inserts, range queries with
//! downsampling, and retention.

use super::{Store, StoreResult, dispatch};
use serde::{Deserialize, Serialize};

/// One telemetry sample.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TelemetryPoint {
    /// Device id.
    pub device_id: String,
    /// Series name.
    pub metric: String,
    /// Time (Unix ms).
    pub ts: i64,
    /// Value.
    pub value: f64,
}

/// A downsampled bucket of one series.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TelemetryBucket {
    /// Series name.
    pub metric: String,
    /// Bucket start (Unix ms).
    pub ts: i64,
    /// Mean of the bucket.
    pub avg: f64,
    /// Minimum of the bucket.
    pub min: f64,
    /// Maximum of the bucket.
    pub max: f64,
    /// Samples in the bucket.
    pub count: i64,
}

/// One stored log line.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LogRow {
    /// Row id, increasing (a cursor for following).
    pub id: i64,
    /// Device id.
    pub device_id: String,
    /// Time (Unix ms).
    pub ts: i64,
    /// Level or stream (`info`, `error`, `stdout`, ...).
    pub level: String,
    /// The line.
    pub message: String,
}

/// Rows per INSERT: well under both backends' bind-parameter limits.
const BATCH_ROWS: usize = 500;

/// Rows per array INSERT on PostgreSQL (arrays have no bind-parameter limit).
const PG_ARRAY_ROWS: usize = 10_000;

/// PostgreSQL advisory lock key held by every log insert (see [`Store::insert_logs`]).
const LOG_INSERT_LOCK: i64 = 0x7079_6c6f_6773; // "pylogs"

/// PostgreSQL channel notified when log lines are committed.
pub const LOG_CHANNEL: &str = "pyrite_logs";

/// A multi-row INSERT of log lines (a macro: one text for both backends'
/// query builders).
macro_rules! log_insert {
    ($chunk:expr) => {{
        let mut qb = sqlx::QueryBuilder::new("INSERT INTO logs (device_id, ts, level, message) ");
        qb.push_values($chunk, |mut b, l| {
            b.push_bind(l.device_id.clone())
                .push_bind(l.ts)
                .push_bind(l.level.clone())
                .push_bind(l.message.clone());
        });
        qb
    }};
}

impl Store {
    /// Inserts telemetry points in one transaction: on PostgreSQL one
    /// `INSERT ... SELECT FROM UNNEST` of four arrays per 10,000 points (four
    /// bind parameters instead of four per row: the statement is parsed and
    /// bound in a fraction of the time); on SQLite multi-row statements.
    pub async fn insert_telemetry(&self, points: &[TelemetryPoint]) -> StoreResult<()> {
        if points.is_empty() {
            return Ok(());
        }
        match self {
            Store::Sqlite(p) => {
                let mut tx = p.begin().await?;
                for chunk in points.chunks(BATCH_ROWS) {
                    let mut qb = sqlx::QueryBuilder::new(
                        "INSERT INTO telemetry (device_id, metric, ts, value) ",
                    );
                    qb.push_values(chunk, |mut b, pt| {
                        b.push_bind(pt.device_id.as_str())
                            .push_bind(pt.metric.as_str())
                            .push_bind(pt.ts)
                            .push_bind(pt.value);
                    });
                    qb.build().execute(&mut *tx).await?;
                }
                tx.commit().await?;
            }
            Store::Postgres(p) => {
                let mut tx = p.begin().await?;
                for chunk in points.chunks(PG_ARRAY_ROWS) {
                    let devices: Vec<&str> = chunk.iter().map(|p| p.device_id.as_str()).collect();
                    let metrics: Vec<&str> = chunk.iter().map(|p| p.metric.as_str()).collect();
                    let ts: Vec<i64> = chunk.iter().map(|p| p.ts).collect();
                    let values: Vec<f64> = chunk.iter().map(|p| p.value).collect();
                    sqlx::query(
                        "INSERT INTO telemetry (device_id, metric, ts, value)
                         SELECT * FROM UNNEST($1::text[], $2::text[], $3::bigint[], $4::float8[])",
                    )
                    .bind(devices)
                    .bind(metrics)
                    .bind(ts)
                    .bind(values)
                    .execute(&mut *tx)
                    .await?;
                }
                tx.commit().await?;
            }
        }
        Ok(())
    }

    /// Inserts log lines (id is assigned by the database).
    ///
    /// Log ids are the cursor of `GET .../logs?after=ID` and the event ids of
    /// the live log stream, so a line must never become visible after a line
    /// with a higher id (a reader past it would skip it for good). With
    /// several servers on one PostgreSQL, each insert therefore holds a
    /// transaction-scoped advisory lock: ids are drawn and committed in the
    /// same order. The transaction also notifies [`LOG_CHANNEL`], which every
    /// server listens to, so live streams anywhere wake on commit.
    pub async fn insert_logs(&self, lines: &[LogRow]) -> StoreResult<()> {
        if lines.is_empty() {
            return Ok(());
        }
        match self {
            Store::Sqlite(p) => {
                // One process writes a SQLite database, from one writer task:
                // ids commit in order without a lock.
                let mut tx = p.begin().await?;
                for chunk in lines.chunks(BATCH_ROWS) {
                    log_insert!(chunk).build().execute(&mut *tx).await?;
                }
                tx.commit().await?;
            }
            Store::Postgres(p) => {
                let mut tx = p.begin().await?;
                sqlx::query("SELECT pg_advisory_xact_lock($1)")
                    .bind(LOG_INSERT_LOCK)
                    .execute(&mut *tx)
                    .await?;
                for chunk in lines.chunks(BATCH_ROWS) {
                    log_insert!(chunk).build().execute(&mut *tx).await?;
                }
                sqlx::query("SELECT pg_notify($1, '')")
                    .bind(LOG_CHANNEL)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
            }
        }
        Ok(())
    }

    /// The id of a device's newest stored log line (0 when none).
    pub async fn last_log_id(&self, device_id: &str) -> StoreResult<i64> {
        let r: (Option<i64>,) = dispatch!(self, |p| {
            sqlx::query_as("SELECT MAX(id) FROM logs WHERE device_id = $1")
                .bind(device_id)
                .fetch_one(p)
                .await?
        });
        Ok(r.0.unwrap_or(0))
    }

    /// Telemetry of a device in `[from, to)`, averaged in buckets of
    /// `bucket_ms` (at least 1), optionally of one metric.
    pub async fn telemetry(
        &self,
        device_id: &str,
        metric: Option<&str>,
        from: i64,
        to: i64,
        bucket_ms: i64,
    ) -> StoreResult<Vec<TelemetryBucket>> {
        let bucket = bucket_ms.max(1);
        let sql = "SELECT metric, (ts / $5) * $5 AS ts, AVG(value) AS avg, MIN(value) AS min, MAX(value) AS max,
                      COUNT(*) AS count
               FROM telemetry
               WHERE device_id = $1 AND ($2 = '' OR metric = $2) AND ts >= $3 AND ts < $4
               GROUP BY 1, 2 ORDER BY 1, 2";
        let metric = metric.unwrap_or("");
        Ok(dispatch!(self, |p| {
            sqlx::query_as::<_, TelemetryBucket>(sql)
                .bind(device_id)
                .bind(metric)
                .bind(from)
                .bind(to)
                .bind(bucket)
                .fetch_all(p)
                .await?
        }))
    }

    /// Names of the series a device has published.
    pub async fn metrics_of(&self, device_id: &str) -> StoreResult<Vec<String>> {
        let rows: Vec<(String,)> = dispatch!(self, |p| {
            sqlx::query_as(
                "SELECT DISTINCT metric FROM telemetry WHERE device_id = $1 ORDER BY metric",
            )
            .bind(device_id)
            .fetch_all(p)
            .await?
        });
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    /// Log lines of a device with id above `after_id`, oldest first, at most
    /// `limit`; with `tail`, the newest `limit` lines instead.
    pub async fn logs(
        &self,
        device_id: &str,
        after_id: i64,
        limit: i64,
        tail: bool,
    ) -> StoreResult<Vec<LogRow>> {
        let sql = if tail {
            "SELECT * FROM (SELECT id, device_id, ts, level, message FROM logs
               WHERE device_id = $1 AND id > $2 ORDER BY id DESC LIMIT $3) t ORDER BY id"
        } else {
            "SELECT id, device_id, ts, level, message FROM logs
               WHERE device_id = $1 AND id > $2 ORDER BY id LIMIT $3"
        };
        Ok(dispatch!(self, |p| {
            sqlx::query_as::<_, LogRow>(sql)
                .bind(device_id)
                .bind(after_id)
                .bind(limit)
                .fetch_all(p)
                .await?
        }))
    }

    /// Deletes telemetry, logs and deployment reports older than `before` (Unix ms). Returns rows removed.
    pub async fn apply_retention(&self, before: i64) -> StoreResult<u64> {
        Ok(dispatch!(self, |p| {
            let a = sqlx::query("DELETE FROM telemetry WHERE ts < $1")
                .bind(before)
                .execute(p)
                .await?;
            let b = sqlx::query("DELETE FROM logs WHERE ts < $1")
                .bind(before)
                .execute(p)
                .await?;
            let c = sqlx::query("DELETE FROM device_reports WHERE at < $1")
                .bind(before)
                .execute(p)
                .await?;
            a.rows_affected() + b.rows_affected() + c.rows_affected()
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing;

    async fn timeseries_suite(store: &Store) {
        let pts: Vec<TelemetryPoint> = (0..1200)
            .map(|i| TelemetryPoint {
                device_id: "d".into(),
                metric: "t".into(),
                ts: i * 1000,
                value: i as f64,
            })
            .collect();
        store.insert_telemetry(&pts).await.unwrap();
        let b = store
            .telemetry("d", Some("t"), 0, 60_000, 10_000)
            .await
            .unwrap();
        assert_eq!(b.len(), 6);
        assert_eq!((b[0].ts, b[0].count, b[0].min, b[0].max), (0, 10, 0.0, 9.0));
        assert!((b[0].avg - 4.5).abs() < 1e-9);
        assert_eq!(
            store
                .telemetry("d", None, 0, i64::MAX, 1)
                .await
                .unwrap()
                .len(),
            1200
        );
        assert_eq!(store.metrics_of("d").await.unwrap(), vec!["t".to_string()]);
        let lines: Vec<LogRow> = (0..10)
            .map(|i| LogRow {
                id: 0,
                device_id: "d".into(),
                ts: i,
                level: "info".into(),
                message: format!("l{i}"),
            })
            .collect();
        store.insert_logs(&lines).await.unwrap();
        let got = store.logs("d", 0, 3, true).await.unwrap();
        assert_eq!(
            got.iter().map(|l| l.message.as_str()).collect::<Vec<_>>(),
            ["l7", "l8", "l9"]
        );
        let after = store.logs("d", got[0].id, 100, false).await.unwrap();
        assert_eq!(after.len(), 2);
        assert_eq!(store.apply_retention(5).await.unwrap(), 1 + 5);
    }

    #[tokio::test]
    async fn timeseries_sqlite() {
        timeseries_suite(&testing::sqlite().await).await;
    }

    #[tokio::test]
    async fn timeseries_postgres() {
        if let Some((store, guard)) = testing::postgres("timeseries_postgres").await {
            timeseries_suite(&store).await;
            guard.drop_db(store).await;
        }
    }

    /// Batched insert throughput of the store alone (what the batch writer
    /// does): 100,000 points in batches of 5,000.
    async fn insert_throughput(label: &str, store: &Store) {
        let start = std::time::Instant::now();
        let n = 100_000;
        let pts: Vec<TelemetryPoint> = (0..n)
            .map(|i| TelemetryPoint {
                device_id: format!("d{}", i % 100),
                metric: "m".into(),
                ts: i,
                value: i as f64,
            })
            .collect();
        for chunk in pts.chunks(5_000) {
            store.insert_telemetry(chunk).await.unwrap();
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "STORE INSERT {label}: {n} points in {secs:.2}s = {:.0} points/s",
            n as f64 / secs
        );
    }

    #[tokio::test]
    #[ignore = "benchmark: cargo test -p pyrite-fleet insert_throughput -- --ignored --nocapture"]
    async fn insert_throughput_sqlite() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::connect(&Store::sqlite_url_for(dir.path()))
            .await
            .unwrap();
        insert_throughput("sqlite (file, WAL)", &store).await;
    }

    #[tokio::test]
    #[ignore = "benchmark: cargo test -p pyrite-fleet insert_throughput -- --ignored --nocapture"]
    async fn insert_throughput_postgres() {
        if let Some((store, guard)) = testing::postgres("insert_throughput_postgres").await {
            insert_throughput("postgres", &store).await;
            guard.drop_db(store).await;
        }
    }
}
