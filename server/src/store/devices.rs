//! Devices: credentials, tags, liveness and what they report running.

use super::{Store, StoreResult, dispatch, now_ms};
use serde::Serialize;

/// One device as stored.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, utoipa::ToSchema)]
pub struct DeviceRow {
    /// Device id (also its MQTT client id and username).
    pub id: String,
    #[serde(skip)]
    /// PBKDF2-SHA512 hash of its MQTT password (Mosquitto `$7$` format).
    pub mqtt_password_hash: String,
    /// 1 when its credentials were revoked.
    pub revoked: i64,
    /// 1 while connected (birth/heartbeat seen, no Last Will since).
    pub online: i64,
    /// Last message from it (Unix ms).
    pub last_seen: Option<i64>,
    /// Enrollment time (Unix ms).
    pub enrolled_at: i64,
    /// Agent version from its birth message.
    pub agent_version: Option<String>,
    /// Interpreter version from its birth message.
    pub interpreter_version: Option<String>,
    /// Protocol version it announced.
    pub protocol_version: Option<i64>,
    /// sha256 of the bundle it runs.
    pub running_bundle: Option<String>,
    /// Sequence number of the bundle it runs.
    pub running_sequence: Option<i64>,
    /// Last deployment state it reported (downloading, running, failed, ...).
    pub deploy_state: Option<String>,
    /// Bundle that report was about.
    pub deploy_bundle: Option<String>,
    /// Error or traceback of a failed deployment.
    pub deploy_error: Option<String>,
    /// When that report arrived (Unix ms).
    pub deploy_updated_at: Option<i64>,
    /// Other facts from its birth/heartbeat (free RAM, flash, ...), JSON text.
    pub info: String,
    /// Key-set sequence it last announced (its birth message), or was enrolled
    /// with: it trusts the fleet's current keys once this reaches the current rotation.
    pub key_set_sequence: i64,
}

/// What a device message changes on its row (`None` = unchanged).
#[derive(Debug, Default, Clone)]
pub struct DeviceUpdate {
    /// Online flag.
    pub online: Option<bool>,
    /// Agent version.
    pub agent_version: Option<String>,
    /// Interpreter version.
    pub interpreter_version: Option<String>,
    /// Protocol version.
    pub protocol_version: Option<i64>,
    /// Running bundle sha256.
    pub running_bundle: Option<String>,
    /// Running bundle sequence.
    pub running_sequence: Option<i64>,
    /// Deployment report: (state, bundle, error).
    pub deploy: Option<(String, Option<String>, Option<String>)>,
    /// Extra facts, JSON text.
    pub info: Option<String>,
    /// Key-set sequence from a birth message.
    pub key_set_sequence: Option<i64>,
}

/// A device's status, as the device list filters it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeviceStatus {
    /// Connected.
    Online,
    /// Not connected.
    Offline,
    /// Its latest deployment report is a failure.
    Failing,
    /// Credentials revoked.
    Revoked,
}

/// Sort key of the device list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeviceSort {
    /// Device id.
    #[default]
    Id,
    /// Online first (descending) or offline first.
    Status,
    /// Last message.
    LastSeen,
    /// Running bundle.
    Bundle,
}

/// A device-list query.
#[derive(Debug, Clone, Default)]
pub struct DevicePageQuery {
    /// Only devices with this tag.
    pub tag: Option<String>,
    /// Only ids containing this text (case-insensitive).
    pub search: Option<String>,
    /// Only devices in this status.
    pub status: Option<DeviceStatus>,
    /// Sort key.
    pub sort: DeviceSort,
    /// Descending order.
    pub descending: bool,
    /// Page size.
    pub limit: i64,
    /// Rows to skip.
    pub offset: i64,
}

/// Devices per status.
#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct DeviceCounts {
    /// Every device.
    pub total: i64,
    /// Connected (not revoked).
    pub online: i64,
    /// Not connected (not revoked).
    pub offline: i64,
    /// Latest deployment report a failure (not revoked).
    pub failing: i64,
    /// Revoked.
    pub revoked: i64,
}

const DEVICE_COLUMNS: &str = "id, mqtt_password_hash, revoked, online, last_seen, enrolled_at, agent_version, \
     interpreter_version, protocol_version, running_bundle, running_sequence, deploy_state, \
     deploy_bundle, deploy_error, deploy_updated_at, info, key_set_sequence";

impl Store {
    /// Creates a device, or replaces the credentials of an existing one
    /// (re-enrollment with the fleet token) and clears its revocation.
    pub async fn upsert_device_credentials(
        &self,
        id: &str,
        password_hash: &str,
    ) -> StoreResult<()> {
        dispatch!(self, |p| {
            sqlx::query(
                "INSERT INTO devices (id, mqtt_password_hash, enrolled_at) VALUES ($1, $2, $3)
                 ON CONFLICT (id) DO UPDATE SET mqtt_password_hash = excluded.mqtt_password_hash, revoked = 0",
            )
            .bind(id)
            .bind(password_hash)
            .bind(now_ms())
            .execute(p)
            .await?;
        });
        Ok(())
    }

    /// One device.
    pub async fn device(&self, id: &str) -> StoreResult<Option<DeviceRow>> {
        let sql = format!("SELECT {DEVICE_COLUMNS} FROM devices WHERE id = $1");
        Ok(dispatch!(self, |p| {
            sqlx::query_as::<_, DeviceRow>(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(id)
                .fetch_optional(p)
                .await?
        }))
    }

    /// All devices, or those carrying `tag`, ordered by id.
    pub async fn devices(&self, tag: Option<&str>) -> StoreResult<Vec<DeviceRow>> {
        Ok(match tag {
            None => {
                let sql = format!("SELECT {DEVICE_COLUMNS} FROM devices ORDER BY id");
                dispatch!(self, |p| sqlx::query_as::<_, DeviceRow>(
                    sqlx::AssertSqlSafe(sql.as_str())
                )
                .fetch_all(p)
                .await?)
            }
            Some(tag) => {
                let sql = format!(
                    "SELECT {DEVICE_COLUMNS} FROM devices WHERE id IN \
                     (SELECT device_id FROM device_tags WHERE tag = $1) ORDER BY id"
                );
                dispatch!(self, |p| {
                    sqlx::query_as::<_, DeviceRow>(sqlx::AssertSqlSafe(sql.as_str()))
                        .bind(tag)
                        .fetch_all(p)
                        .await?
                })
            }
        })
    }

    /// Tags of every device, as (device id, tag) pairs.
    pub async fn all_tags(&self) -> StoreResult<Vec<(String, String)>> {
        Ok(dispatch!(self, |p| {
            sqlx::query_as("SELECT device_id, tag FROM device_tags ORDER BY device_id, tag")
                .fetch_all(p)
                .await?
        }))
    }

    /// Tags of one device.
    pub async fn device_tags(&self, id: &str) -> StoreResult<Vec<String>> {
        let rows: Vec<(String,)> = dispatch!(self, |p| {
            sqlx::query_as("SELECT tag FROM device_tags WHERE device_id = $1 ORDER BY tag")
                .bind(id)
                .fetch_all(p)
                .await?
        });
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    /// Replaces a device's tags.
    pub async fn set_device_tags(&self, id: &str, tags: &[String]) -> StoreResult<()> {
        dispatch!(self, |p| {
            let mut tx = p.begin().await?;
            sqlx::query("DELETE FROM device_tags WHERE device_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            for tag in tags {
                sqlx::query("INSERT INTO device_tags (device_id, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                    .bind(id)
                    .bind(tag)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Marks a device's credentials revoked. Returns whether it existed.
    pub async fn revoke_device(&self, id: &str) -> StoreResult<bool> {
        let n = dispatch!(self, |p| {
            sqlx::query("UPDATE devices SET revoked = 1, online = 0 WHERE id = $1")
                .bind(id)
                .execute(p)
                .await?
                .rows_affected()
        });
        Ok(n == 1)
    }

    /// Deletes a device and everything stored about it.
    pub async fn delete_device(&self, id: &str) -> StoreResult<bool> {
        let n = dispatch!(self, |p| {
            let mut tx = p.begin().await?;
            for sql in [
                "DELETE FROM device_tags WHERE device_id = $1",
                "DELETE FROM desired_state WHERE device_id = $1",
                "DELETE FROM rollout_devices WHERE device_id = $1",
                "DELETE FROM telemetry WHERE device_id = $1",
                "DELETE FROM logs WHERE device_id = $1",
                "DELETE FROM device_reports WHERE device_id = $1",
            ] {
                sqlx::query(sql).bind(id).execute(&mut *tx).await?;
            }
            let n = sqlx::query("DELETE FROM devices WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            tx.commit().await?;
            n
        });
        Ok(n == 1)
    }

    /// Applies what a device message says about the device; always bumps
    /// `last_seen`. Returns false for an unknown device (nothing written).
    pub async fn update_device(&self, id: &str, u: &DeviceUpdate) -> StoreResult<bool> {
        let now = now_ms();
        let (dstate, dbundle, derror, dtime) = match &u.deploy {
            Some((s, b, e)) => (Some(s.clone()), b.clone(), e.clone(), Some(now)),
            None => (None, None, None, None),
        };
        let has_deploy = u.deploy.is_some() as i64;
        let n = dispatch!(self, |p| {
            sqlx::query(
                "UPDATE devices SET last_seen = $2,
                    online = COALESCE($3, online),
                    agent_version = COALESCE($4, agent_version),
                    interpreter_version = COALESCE($5, interpreter_version),
                    protocol_version = COALESCE($6, protocol_version),
                    running_bundle = COALESCE($7, running_bundle),
                    running_sequence = COALESCE($8, running_sequence),
                    deploy_state = CASE WHEN $9 = 1 THEN $10 ELSE deploy_state END,
                    deploy_bundle = CASE WHEN $9 = 1 THEN $11 ELSE deploy_bundle END,
                    deploy_error = CASE WHEN $9 = 1 THEN $12 ELSE deploy_error END,
                    deploy_updated_at = COALESCE($13, deploy_updated_at),
                    info = COALESCE($14, info),
                    key_set_sequence = COALESCE($15, key_set_sequence)
                 WHERE id = $1",
            )
            .bind(id)
            .bind(now)
            .bind(u.online.map(|b| b as i64))
            .bind(&u.agent_version)
            .bind(&u.interpreter_version)
            .bind(u.protocol_version)
            .bind(&u.running_bundle)
            .bind(u.running_sequence)
            .bind(has_deploy)
            .bind(dstate)
            .bind(dbundle)
            .bind(derror)
            .bind(dtime)
            .bind(&u.info)
            .bind(u.key_set_sequence)
            .execute(p)
            .await?
            .rows_affected()
        });
        Ok(n == 1)
    }

    /// Marks every device offline (at start: no connection survives a restart
    /// of the embedded broker).
    pub async fn mark_all_offline(&self) -> StoreResult<()> {
        dispatch!(self, |p| {
            sqlx::query("UPDATE devices SET online = 0")
                .execute(p)
                .await?;
        });
        Ok(())
    }

    /// Counts devices online.
    pub async fn online_count(&self) -> StoreResult<i64> {
        let r: (i64,) = dispatch!(self, |p| {
            sqlx::query_as("SELECT COUNT(*) FROM devices WHERE online = 1")
                .fetch_one(p)
                .await?
        });
        Ok(r.0)
    }

    /// Marks devices offline whose last message is older than `before` (ms):
    /// a missed heartbeat where no Last Will arrived. Returns their ids (each
    /// to exactly one caller, when several servers run this at once).
    pub async fn expire_online(&self, before: i64) -> StoreResult<Vec<String>> {
        let rows: Vec<(String,)> = dispatch!(self, |p| {
            sqlx::query_as("UPDATE devices SET online = 0 WHERE online = 1 AND (last_seen IS NULL OR last_seen < $1) RETURNING id")
                .bind(before)
                .fetch_all(p)
                .await?
        });
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    /// Sets a device online if it was offline; returns whether it changed.
    pub async fn mark_online_if_offline(&self, id: &str) -> StoreResult<bool> {
        let n = dispatch!(self, |p| {
            sqlx::query(
                "UPDATE devices SET online = 1 WHERE id = $1 AND online = 0 AND revoked = 0",
            )
            .bind(id)
            .execute(p)
            .await?
            .rows_affected()
        });
        Ok(n == 1)
    }

    /// One page of the device list, filtered and sorted in the database, and
    /// the number of devices matching the filter.
    pub async fn devices_page(&self, q: &DevicePageQuery) -> StoreResult<(Vec<DeviceRow>, i64)> {
        let mut filter = String::from(" WHERE 1 = 1");
        if q.tag.is_some() {
            filter.push_str(" AND id IN (SELECT device_id FROM device_tags WHERE tag = $1)");
        } else {
            filter.push_str(" AND $1 = ''");
        }
        if q.search.is_some() {
            filter.push_str(" AND LOWER(id) LIKE $2 ESCAPE '\\'");
        } else {
            filter.push_str(" AND $2 = ''");
        }
        filter.push_str(match q.status {
            Some(DeviceStatus::Online) => " AND revoked = 0 AND online = 1",
            Some(DeviceStatus::Offline) => " AND revoked = 0 AND online = 0",
            Some(DeviceStatus::Failing) => {
                " AND revoked = 0 AND deploy_state IN ('failed', 'rolled_back', 'refused')"
            }
            Some(DeviceStatus::Revoked) => " AND revoked = 1",
            None => "",
        });
        let dir = if q.descending { "DESC" } else { "ASC" };
        let order = match q.sort {
            DeviceSort::Id => format!("id {dir}"),
            DeviceSort::Status => format!("revoked {dir}, online {dir}, id"),
            DeviceSort::LastSeen => format!("COALESCE(last_seen, 0) {dir}, id"),
            DeviceSort::Bundle => format!("COALESCE(running_bundle, '') {dir}, id"),
        };
        let tag = q.tag.clone().unwrap_or_default();
        let search = q
            .search
            .as_ref()
            .map(|t| {
                let escaped = t
                    .to_lowercase()
                    .replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_");
                format!("%{escaped}%")
            })
            .unwrap_or_default();
        let list_sql = format!(
            "SELECT {DEVICE_COLUMNS} FROM devices{filter} ORDER BY {order} LIMIT $3 OFFSET $4"
        );
        let count_sql = format!("SELECT COUNT(*) FROM devices{filter}");
        Ok(dispatch!(self, |p| {
            let rows = sqlx::query_as::<_, DeviceRow>(sqlx::AssertSqlSafe(list_sql.as_str()))
                .bind(&tag)
                .bind(&search)
                .bind(q.limit)
                .bind(q.offset)
                .fetch_all(p)
                .await?;
            let total: (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(count_sql.as_str()))
                .bind(&tag)
                .bind(&search)
                .fetch_one(p)
                .await?;
            (rows, total.0)
        }))
    }

    /// Tags of the given devices, as (device id, tag) pairs.
    pub async fn tags_of(&self, ids: &[String]) -> StoreResult<Vec<(String, String)>> {
        let mut out = Vec::new();
        for chunk in ids.chunks(500) {
            let rows: Vec<(String, String)> = dispatch!(self, |p| {
                let mut qb = sqlx::QueryBuilder::new(
                    "SELECT device_id, tag FROM device_tags WHERE device_id IN (",
                );
                let mut sep = qb.separated(", ");
                for id in chunk {
                    sep.push_bind(id.clone());
                }
                qb.push(") ORDER BY device_id, tag");
                qb.build_query_as().fetch_all(p).await?
            });
            out.extend(rows);
        }
        Ok(out)
    }

    /// Devices per status: (total, online, offline, failing, revoked).
    pub async fn device_counts(&self) -> StoreResult<DeviceCounts> {
        let r: (i64, Option<i64>, Option<i64>, Option<i64>, Option<i64>) = dispatch!(self, |p| {
            sqlx::query_as(
                "SELECT COUNT(*),
                    SUM(CASE WHEN revoked = 0 AND online = 1 THEN 1 ELSE 0 END),
                    SUM(CASE WHEN revoked = 0 AND online = 0 THEN 1 ELSE 0 END),
                    SUM(CASE WHEN revoked = 0 AND deploy_state IN ('failed', 'rolled_back', 'refused') THEN 1 ELSE 0 END),
                    SUM(CASE WHEN revoked = 1 THEN 1 ELSE 0 END)
                 FROM devices",
            )
            .fetch_one(p)
            .await?
        });
        Ok(DeviceCounts {
            total: r.0,
            online: r.1.unwrap_or(0),
            offline: r.2.unwrap_or(0),
            failing: r.3.unwrap_or(0),
            revoked: r.4.unwrap_or(0),
        })
    }

    /// Running bundles across the fleet: (sha256, devices), most used first.
    pub async fn running_bundle_counts(&self) -> StoreResult<Vec<(Option<String>, i64)>> {
        Ok(dispatch!(self, |p| {
            sqlx::query_as(
                "SELECT running_bundle, COUNT(*) AS n FROM devices WHERE revoked = 0
                 GROUP BY running_bundle ORDER BY n DESC, running_bundle LIMIT 50",
            )
            .fetch_all(p)
            .await?
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing;

    async fn device_suite(store: &Store) {
        store.upsert_device_credentials("d1", "h1").await.unwrap();
        store.upsert_device_credentials("d2", "h2").await.unwrap();
        store
            .set_device_tags("d1", &["lab".into(), "roof".into()])
            .await
            .unwrap();
        assert_eq!(store.devices(Some("lab")).await.unwrap().len(), 1);
        assert_eq!(store.devices(None).await.unwrap().len(), 2);
        let upd = DeviceUpdate {
            online: Some(true),
            agent_version: Some("0.1".into()),
            deploy: Some(("running".into(), Some("abc".into()), None)),
            ..Default::default()
        };
        assert!(store.update_device("d1", &upd).await.unwrap());
        assert!(!store.update_device("nope", &upd).await.unwrap());
        let d = store.device("d1").await.unwrap().unwrap();
        assert_eq!(d.online, 1);
        assert_eq!(d.agent_version.as_deref(), Some("0.1"));
        assert_eq!(d.deploy_state.as_deref(), Some("running"));
        // A heartbeat without a deploy report leaves the report alone.
        store
            .update_device("d1", &DeviceUpdate::default())
            .await
            .unwrap();
        let d = store.device("d1").await.unwrap().unwrap();
        assert_eq!(d.deploy_bundle.as_deref(), Some("abc"));
        assert!(store.revoke_device("d1").await.unwrap());
        let d = store.device("d1").await.unwrap().unwrap();
        assert_eq!((d.revoked, d.online), (1, 0));
        // Re-enrollment clears the revocation.
        store.upsert_device_credentials("d1", "h3").await.unwrap();
        let d = store.device("d1").await.unwrap().unwrap();
        assert_eq!((d.revoked, d.mqtt_password_hash.as_str()), (0, "h3"));
        assert!(store.delete_device("d2").await.unwrap());
        assert_eq!(store.devices(None).await.unwrap().len(), 1);
    }

    #[tokio::test]
    async fn devices_sqlite() {
        device_suite(&testing::sqlite().await).await;
    }

    #[tokio::test]
    async fn devices_postgres() {
        if let Some((store, guard)) = testing::postgres("devices_postgres").await {
            device_suite(&store).await;
            guard.drop_db(store).await;
        }
    }
}
