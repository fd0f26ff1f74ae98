//! The store: every read and write of fleet state, over SQLite or PostgreSQL.
//!
//! One SQL text serves both backends: queries use `$1`-style placeholders
//! (which SQLite accepts too), integers are `BIGINT` and times are Unix
//! milliseconds, so a row decodes to the same Rust type from either pool.
//! [`Store`] is an enum of the two pools; `dispatch!` runs one query body
//! against whichever pool is live.

mod bundles;
mod devices;
mod keys;
mod leases;
mod reports;
mod rollouts;
mod settings;
mod timeseries;
mod tokens;

pub use bundles::BundleRow;
pub use devices::{
    DeviceCounts, DevicePageQuery, DeviceRow, DeviceSort, DeviceStatus, DeviceUpdate,
};
pub use keys::{KeySetRow, NewTrustedKey, TrustedKeyRow};
pub use reports::ReportRow;
pub use rollouts::{RolloutDeviceRow, RolloutRow};
pub use timeseries::{LOG_CHANNEL, LogRow, TelemetryBucket, TelemetryPoint};
pub use tokens::{ApiTokenRow, TokenRole};

use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

/// A store error: the database failed or refused a statement. Logged, never
/// sent to API clients verbatim.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database reported an error.
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    /// A migration failed at start.
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The URL names no backend we know.
    #[error("unsupported database URL (use sqlite:PATH or postgres://...)")]
    UnsupportedUrl,
}

/// Result of a store operation.
pub type StoreResult<T> = Result<T, StoreError>;

/// A connection pool to the fleet database.
#[derive(Clone, Debug)]
pub enum Store {
    /// SQLite (the embedded default: a file in the data folder).
    Sqlite(sqlx::SqlitePool),
    /// PostgreSQL (`--database postgres://...`), for several servers sharing one database.
    Postgres(sqlx::PgPool),
}

/// Runs `$body` with `$pool` bound to whichever pool `$store` holds.
macro_rules! dispatch {
    ($store:expr, |$pool:ident| $body:expr) => {
        match $store {
            $crate::store::Store::Sqlite($pool) => $body,
            $crate::store::Store::Postgres($pool) => $body,
        }
    };
}
pub(crate) use dispatch;

impl Store {
    /// Connects to `url` (`sqlite:PATH`, `sqlite::memory:` or `postgres://...`)
    /// and runs the migrations of that backend.
    pub async fn connect(url: &str) -> StoreResult<Store> {
        let store = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await?;
            Store::Postgres(pool)
        } else if url.starts_with("sqlite:") {
            let memory = url.contains(":memory:");
            let opts = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sqlx::sqlite::SqliteSynchronous::Normal);
            let pool = SqlitePoolOptions::new()
                // An in-memory database exists per connection: keep exactly one.
                .max_connections(if memory { 1 } else { 8 })
                .connect_with(opts)
                .await?;
            Store::Sqlite(pool)
        } else {
            return Err(StoreError::UnsupportedUrl);
        };
        store.migrate().await?;
        Ok(store)
    }

    /// The SQLite database file inside a data folder.
    pub fn sqlite_url_for(data_dir: &Path) -> String {
        format!("sqlite:{}", data_dir.join("pyrite.db").display())
    }

    async fn migrate(&self) -> StoreResult<()> {
        match self {
            Store::Sqlite(pool) => sqlx::migrate!("../migrations/sqlite").run(pool).await?,
            Store::Postgres(pool) => sqlx::migrate!("../migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    /// Whether this store is PostgreSQL (shared by several servers).
    pub fn is_postgres(&self) -> bool {
        matches!(self, Store::Postgres(_))
    }

    /// Checks that the database answers (for `/healthz`).
    pub async fn ping(&self) -> StoreResult<()> {
        dispatch!(self, |p| {
            sqlx::query("SELECT 1").execute(p).await?;
        });
        Ok(())
    }

    /// Closes the pool, waiting for in-flight statements.
    pub async fn close(&self) {
        dispatch!(self, |p| p.close().await)
    }
}

/// Current time in Unix milliseconds.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

#[cfg(test)]
pub(crate) mod testing {
    use super::Store;

    /// A fresh store for one test: in-memory SQLite, or a new PostgreSQL
    /// database when `PYRITE_TEST_POSTGRES_URL` is set and `postgres` is asked.
    pub async fn sqlite() -> Store {
        Store::connect("sqlite::memory:")
            .await
            .expect("in-memory sqlite")
    }

    /// A fresh PostgreSQL database (created with a random name, dropped by the
    /// returned guard's `drop_db`), or `None` when no server is configured.
    pub async fn postgres(test: &str) -> Option<(Store, PgGuard)> {
        let base = match std::env::var("PYRITE_TEST_POSTGRES_URL") {
            Ok(v) if !v.is_empty() => v,
            _ => {
                println!("SKIPPED {test}: set PYRITE_TEST_POSTGRES_URL to run it");
                return None;
            }
        };
        let name = format!("pyrite_test_{}", crate::secrets::random_hex(6));
        let admin = sqlx::PgPool::connect(&base)
            .await
            .expect("connect postgres");
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&admin)
            .await
            .expect("create database");
        let url = with_db_name(&base, &name);
        let store = Store::connect(&url).await.expect("connect test database");
        Some((store, PgGuard { admin, name }))
    }

    /// Replaces the database name in a PostgreSQL URL.
    pub fn with_db_name(base: &str, name: &str) -> String {
        let (head, query) = match base.split_once('?') {
            Some((h, q)) => (h, Some(q)),
            None => (base, None),
        };
        let scheme_end = head.find("://").map(|i| i + 3).unwrap_or(0);
        let root = match head[scheme_end..].find('/') {
            Some(i) => &head[..scheme_end + i],
            None => head,
        };
        match query {
            Some(q) => format!("{root}/{name}?{q}"),
            None => format!("{root}/{name}"),
        }
    }

    /// Drops a test database when the test is done.
    pub struct PgGuard {
        admin: sqlx::PgPool,
        name: String,
    }

    impl PgGuard {
        /// Closes `store` and drops the database.
        pub async fn drop_db(self, store: Store) {
            store.close().await;
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            )))
            .execute(&self.admin)
            .await;
        }
    }
}
