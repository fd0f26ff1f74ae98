//! Retention: telemetry and logs older than the setting are deleted hourly
//! (by one server at a time: a database lease).

use crate::app::App;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// Settings key of the retention in days.
pub const RETENTION_KEY: &str = "retention_days";

/// Current retention in days (the stored setting, else the command line's).
pub async fn days(app: &App) -> i64 {
    match app.store.setting(RETENTION_KEY).await {
        Ok(Some(v)) => v.parse().unwrap_or(app.settings.retention_days),
        _ => app.settings.retention_days,
    }
}

/// Deletes old data every hour, also marking devices offline whose
/// heartbeats stopped without a Last Will (three intervals missed).
pub async fn run(app: Arc<App>, mut shutdown: watch::Receiver<bool>) {
    let mut last_retention = std::time::Instant::now() - Duration::from_secs(3600);
    loop {
        tokio::select! {
            _ = shutdown.changed() => return,
            _ = tokio::time::sleep(Duration::from_secs(15)) => {}
        }
        let stale = crate::store::now_ms()
            - 3 * 1000 * i64::from(app.settings.heartbeat_interval_s)
            - 10_000;
        match app.store.expire_online(stale).await {
            Ok(ids) if !ids.is_empty() => {
                tracing::info!("{} devices marked offline: heartbeats stopped", ids.len());
                for id in ids {
                    app.events.emit(crate::services::events::Emit::Device {
                        id,
                        change: "offline".into(),
                        failure: None,
                    });
                }
            }
            Err(e) => tracing::error!("expiring online flags: {e}"),
            _ => {}
        }
        if last_retention.elapsed() < Duration::from_secs(3600) {
            continue;
        }
        last_retention = std::time::Instant::now();
        if !app
            .store
            .try_lease("retention", &app.instance, 600_000)
            .await
            .unwrap_or(false)
        {
            continue;
        }
        let before = crate::store::now_ms() - days(&app).await * 86_400_000;
        match app.store.apply_retention(before).await {
            Ok(n) => tracing::info!("retention removed {n} rows"),
            Err(e) => tracing::error!("retention failed: {e}"),
        }
    }
}
