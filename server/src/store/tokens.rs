//! Operator API tokens, stored as SHA-256 hashes (they are random and long,
//! so a fast hash is enough; the plain token is shown once). A revoked token
//! keeps its row (who had access, and until when) but no longer authenticates.

use super::{Store, StoreResult, dispatch, now_ms};
use serde::{Deserialize, Serialize};

/// What a token may do. Ordered: each role can do everything the ones before it can.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum TokenRole {
    /// Reads the fleet (devices, bundles, rollouts, telemetry, logs, events);
    /// no changes, no remote REPL, no enrollment token.
    ReadOnly,
    /// Everything a fleet operator does: deploy, pause, revoke devices, trust
    /// and rotate keys, remote REPL; not the operator tokens themselves.
    Operator,
    /// Everything, including creating and revoking operator tokens.
    Admin,
}

impl TokenRole {
    /// The stored and displayed name.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenRole::ReadOnly => "read-only",
            TokenRole::Operator => "operator",
            TokenRole::Admin => "admin",
        }
    }

    /// Parses a stored or typed role name.
    pub fn parse(s: &str) -> Option<TokenRole> {
        match s {
            "read-only" => Some(TokenRole::ReadOnly),
            "operator" => Some(TokenRole::Operator),
            "admin" => Some(TokenRole::Admin),
            _ => None,
        }
    }
}

/// An operator token as listed (never its secret).
#[derive(Debug, Clone, sqlx::FromRow, Serialize, utoipa::ToSchema)]
pub struct ApiTokenRow {
    /// Short random id (revoke by id or name).
    pub id: String,
    /// Operator-given name, unique among active tokens.
    pub name: String,
    /// `admin`, `operator` or `read-only`.
    pub role: String,
    /// When it was created (Unix ms).
    pub created_at: i64,
    /// When it last authenticated a request (Unix ms, to the minute); none if never.
    pub last_used_at: Option<i64>,
    /// When it was revoked (Unix ms); none while it works.
    pub revoked_at: Option<i64>,
}

const TOKEN_COLUMNS: &str = "id, name, role, created_at, last_used_at, revoked_at";

impl Store {
    /// Stores a new token's hash under a name; false when an active token
    /// already has that name.
    pub async fn insert_api_token(
        &self,
        id: &str,
        name: &str,
        role: TokenRole,
        token_hash: &str,
    ) -> StoreResult<bool> {
        let done = dispatch!(self, |p| {
            sqlx::query(
                "INSERT INTO api_tokens (id, name, role, token_hash, created_at)
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
            )
            .bind(id)
            .bind(name)
            .bind(role.as_str())
            .bind(token_hash)
            .bind(now_ms())
            .execute(p)
            .await?
            .rows_affected()
        });
        Ok(done == 1)
    }

    /// The active (not revoked) token with this hash, if any.
    pub async fn api_token_by_hash(&self, token_hash: &str) -> StoreResult<Option<ApiTokenRow>> {
        let sql = format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL"
        );
        Ok(dispatch!(self, |p| {
            sqlx::query_as::<_, ApiTokenRow>(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(token_hash)
                .fetch_optional(p)
                .await?
        }))
    }

    /// Records that a token authenticated a request at `at` (Unix ms).
    pub async fn touch_api_token(&self, id: &str, at: i64) -> StoreResult<()> {
        dispatch!(self, |p| {
            sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
                .bind(at)
                .bind(id)
                .execute(p)
                .await?;
        });
        Ok(())
    }

    /// Tokens, oldest first: the active ones, or every one ever made.
    pub async fn api_tokens(&self, include_revoked: bool) -> StoreResult<Vec<ApiTokenRow>> {
        let filter = if include_revoked {
            ""
        } else {
            "WHERE revoked_at IS NULL"
        };
        let sql =
            format!("SELECT {TOKEN_COLUMNS} FROM api_tokens {filter} ORDER BY created_at, id");
        Ok(dispatch!(self, |p| {
            sqlx::query_as::<_, ApiTokenRow>(sqlx::AssertSqlSafe(sql.as_str()))
                .fetch_all(p)
                .await?
        }))
    }

    /// The active token with this id, or else with this name.
    pub async fn active_api_token(&self, id_or_name: &str) -> StoreResult<Option<ApiTokenRow>> {
        let sql = format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens
             WHERE revoked_at IS NULL AND (id = $1 OR name = $1)
             ORDER BY CASE WHEN id = $1 THEN 0 ELSE 1 END LIMIT 1"
        );
        Ok(dispatch!(self, |p| {
            sqlx::query_as::<_, ApiTokenRow>(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(id_or_name)
                .fetch_optional(p)
                .await?
        }))
    }

    /// Revokes an active token by id, unless it is the last active admin
    /// token (the fleet would have no one left to make tokens). False when
    /// nothing was revoked.
    pub async fn revoke_api_token(&self, id: &str) -> StoreResult<bool> {
        let done = dispatch!(self, |p| {
            sqlx::query(
                "UPDATE api_tokens SET revoked_at = $1
                 WHERE id = $2 AND revoked_at IS NULL
                   AND (role <> 'admin' OR (SELECT COUNT(*) FROM api_tokens
                        WHERE role = 'admin' AND revoked_at IS NULL) > 1)",
            )
            .bind(now_ms())
            .bind(id)
            .execute(p)
            .await?
            .rows_affected()
        });
        Ok(done == 1)
    }

    /// How many API tokens exist, revoked ones included (zero on a fresh database).
    pub async fn api_token_count(&self) -> StoreResult<i64> {
        let row: (i64,) = dispatch!(self, |p| {
            sqlx::query_as("SELECT COUNT(*) FROM api_tokens")
                .fetch_one(p)
                .await?
        });
        Ok(row.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing;

    async fn token_suite(store: &Store) {
        assert!(
            store
                .insert_api_token("a1", "admin", TokenRole::Admin, "h-admin")
                .await
                .unwrap()
        );
        assert!(
            store
                .insert_api_token("r1", "ci", TokenRole::ReadOnly, "h-ci")
                .await
                .unwrap()
        );
        // A second active token with the same name is refused.
        assert!(
            !store
                .insert_api_token("r2", "ci", TokenRole::Operator, "h-ci2")
                .await
                .unwrap()
        );
        let t = store.api_token_by_hash("h-ci").await.unwrap().unwrap();
        assert_eq!((t.id.as_str(), t.role.as_str()), ("r1", "read-only"));
        assert_eq!(t.last_used_at, None);
        store.touch_api_token("r1", 1234).await.unwrap();
        let t = store.active_api_token("ci").await.unwrap().unwrap();
        assert_eq!(t.last_used_at, Some(1234));
        assert_eq!(
            store.active_api_token("r1").await.unwrap().unwrap().name,
            "ci"
        );

        // The last admin cannot be revoked; a read-only token can.
        assert!(!store.revoke_api_token("a1").await.unwrap());
        assert!(store.revoke_api_token("r1").await.unwrap());
        assert!(!store.revoke_api_token("r1").await.unwrap());
        assert!(store.api_token_by_hash("h-ci").await.unwrap().is_none());
        assert!(store.active_api_token("ci").await.unwrap().is_none());
        assert_eq!(store.api_tokens(false).await.unwrap().len(), 1);
        let all = store.api_tokens(true).await.unwrap();
        assert_eq!(all.len(), 2);
        assert!(all.iter().any(|t| t.id == "r1" && t.revoked_at.is_some()));
        // The name is free again once its token is revoked.
        assert!(
            store
                .insert_api_token("r3", "ci", TokenRole::Operator, "h-ci3")
                .await
                .unwrap()
        );
        // With a second admin, the first can go.
        assert!(
            store
                .insert_api_token("a2", "admin2", TokenRole::Admin, "h-a2")
                .await
                .unwrap()
        );
        assert!(store.revoke_api_token("a1").await.unwrap());
        assert!(!store.revoke_api_token("a2").await.unwrap());
        assert_eq!(store.api_token_count().await.unwrap(), 4);
    }

    #[tokio::test]
    async fn tokens_sqlite() {
        token_suite(&testing::sqlite().await).await;
    }

    #[tokio::test]
    async fn tokens_postgres() {
        let Some((store, guard)) = testing::postgres("tokens_postgres").await else {
            return;
        };
        token_suite(&store).await;
        guard.drop_db(store).await;
    }

    #[test]
    fn roles_are_ordered_and_round_trip() {
        assert!(TokenRole::ReadOnly < TokenRole::Operator);
        assert!(TokenRole::Operator < TokenRole::Admin);
        for r in [TokenRole::ReadOnly, TokenRole::Operator, TokenRole::Admin] {
            assert_eq!(TokenRole::parse(r.as_str()), Some(r));
        }
        assert_eq!(TokenRole::parse("root"), None);
    }
}
