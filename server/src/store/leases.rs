//! Database leases: one holder at a time for work that must not run twice
//! when several servers share a database (the rollout ticker, retention).

use super::{Store, StoreResult, dispatch, now_ms};

impl Store {
    /// Takes or renews the lease `name` for `holder` for `ttl_ms`. Returns
    /// whether `holder` holds it now. Atomic in both backends: the upsert
    /// only overwrites a lease that expired or is already ours.
    pub async fn try_lease(&self, name: &str, holder: &str, ttl_ms: i64) -> StoreResult<bool> {
        let now = now_ms();
        let res = dispatch!(self, |p| {
            sqlx::query(
                "INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, $3)
                 ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                 WHERE leases.expires_at < $4 OR leases.holder = excluded.holder",
            )
            .bind(name)
            .bind(holder)
            .bind(now + ttl_ms)
            .bind(now)
            .execute(p)
            .await?
            .rows_affected()
        });
        Ok(res == 1)
    }
}

#[cfg(test)]
mod tests {
    use crate::store::testing;

    async fn lease_suite(store: &crate::store::Store) {
        assert!(store.try_lease("ticker", "a", 60_000).await.unwrap());
        assert!(!store.try_lease("ticker", "b", 60_000).await.unwrap());
        assert!(store.try_lease("ticker", "a", 60_000).await.unwrap());
        // An expired lease passes to the next asker.
        assert!(store.try_lease("other", "a", -1).await.unwrap());
        assert!(store.try_lease("other", "b", 60_000).await.unwrap());
    }

    #[tokio::test]
    async fn leases_sqlite() {
        lease_suite(&testing::sqlite().await).await;
    }

    #[tokio::test]
    async fn leases_postgres() {
        if let Some((store, guard)) = testing::postgres("leases_postgres").await {
            lease_suite(&store).await;
            guard.drop_db(store).await;
        }
    }
}
