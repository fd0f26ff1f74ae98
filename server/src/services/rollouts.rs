//! Rollouts: creation, operator actions, and the ticker that runs the pure
//! planner ([`super::rollout_plan`]) over stored state and applies its plan.

use super::rollout_plan::{self, DesiredChange, DeviceView, ReportView, Strategy};
use super::{desired, events};
use crate::app::App;
use crate::error::ApiError;
use crate::store::{DeviceRow, RolloutRow, now_ms};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::time::Duration;
use tokio::sync::watch;

/// A request to roll a bundle out.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewRollout {
    /// sha256 of a stored bundle.
    pub bundle: String,
    /// `DEVICE`, `tag:T` or `all`.
    pub target: String,
    /// How to split devices into waves (default: all at once).
    #[serde(default)]
    pub strategy: Option<Strategy>,
    /// Percent of finished devices allowed to fail before halting (default 20).
    #[serde(default)]
    pub failure_threshold: Option<i64>,
    /// Seconds a device must run without an uncaught exception (default 10).
    #[serde(default)]
    pub grace_secs: Option<i64>,
    /// Seconds per attempt before retrying (default 120).
    #[serde(default)]
    pub step_timeout_secs: Option<i64>,
    /// Attempts before a device counts as failed (default 3).
    #[serde(default)]
    pub max_attempts: Option<i64>,
}

/// Whether `device` is a target of `target`.
fn targets(target: &str, device: &DeviceRow, tags: &HashMap<String, HashSet<String>>) -> bool {
    if device.revoked != 0 {
        return false;
    }
    match target {
        "all" => true,
        t => match t.strip_prefix("tag:") {
            Some(tag) => tags.get(&device.id).is_some_and(|s| s.contains(tag)),
            None => device.id == t,
        },
    }
}

/// Creates a rollout and wakes the ticker.
pub async fn create(app: &App, req: NewRollout) -> Result<RolloutRow, ApiError> {
    let strategy = req.strategy.unwrap_or(Strategy::AllAtOnce);
    strategy.validate().map_err(ApiError::invalid)?;
    if app.store.bundle(&req.bundle).await?.is_none() {
        return Err(ApiError::NotFound(format!("bundle {}", req.bundle)));
    }
    let target = req.target.trim().to_string();
    match target.strip_prefix("tag:") {
        Some("") => return Err(ApiError::invalid("empty tag")),
        Some(_) => {}
        None if target == "all" => {}
        None => {
            if app.store.device(&target).await?.is_none() {
                return Err(ApiError::NotFound(format!("device {target}")));
            }
        }
    }
    let num = |v: Option<i64>, d: i64, lo: i64, hi: i64, what: &str| -> Result<i64, ApiError> {
        let v = v.unwrap_or(d);
        if (lo..=hi).contains(&v) {
            Ok(v)
        } else {
            Err(ApiError::invalid(format!("{what} must be in {lo}..={hi}")))
        }
    };
    let now = now_ms();
    let row = RolloutRow {
        id: format!("r-{}", crate::secrets::random_hex(5)),
        bundle_sha256: req.bundle,
        target,
        strategy: serde_json::to_string(&strategy)
            .map_err(|e| ApiError::Internal(e.to_string()))?,
        state: "running".into(),
        failure_threshold: num(req.failure_threshold, 20, 0, 100, "failure_threshold")?,
        grace_secs: num(req.grace_secs, 10, 0, 86_400, "grace_secs")?,
        step_timeout_secs: num(req.step_timeout_secs, 120, 1, 86_400, "step_timeout_secs")?,
        max_attempts: num(req.max_attempts, 3, 1, 100, "max_attempts")?,
        reason: None,
        created_at: now,
        updated_at: now,
    };
    app.store.insert_rollout(&row).await?;
    tracing::info!(rollout = %row.id, target = %row.target, bundle = %row.bundle_sha256, "rollout created");
    events::rollout_changed(app, &row.id, &[]);
    app.tick.notify_one();
    Ok(row)
}

/// Operator actions on a rollout.
#[derive(Debug, Clone, Copy)]
pub enum Action {
    /// Start no new devices until resumed.
    Pause,
    /// Continue a paused rollout.
    Resume,
    /// Stop for good; devices keep what they run.
    Abort,
}

/// Applies an operator action.
pub async fn act(app: &App, id: &str, action: Action) -> Result<RolloutRow, ApiError> {
    let r = app
        .store
        .rollout(id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("rollout {id}")))?;
    let (from, to): (&[&str], &str) = match action {
        Action::Pause => (&["running"], "paused"),
        Action::Resume => (&["paused"], "running"),
        Action::Abort => (&["running", "paused"], "aborted"),
    };
    if !from.contains(&r.state.as_str()) {
        return Err(ApiError::Conflict(format!("rollout {id} is {}", r.state)));
    }
    app.store
        .set_rollout_state(id, to, Some("operator"))
        .await?;
    events::rollout_changed(app, id, &[]);
    app.tick.notify_one();
    Ok(app.store.rollout(id).await?.unwrap_or(r))
}

/// One pass over every active rollout.
pub async fn tick(app: &App) -> anyhow::Result<()> {
    // The clock is read before any state: a report stored after this moment
    // is seen by the next tick, never skipped by this one's grace check.
    let now = now_ms();
    let active = app.store.active_rollouts().await?;
    if active.is_empty() {
        return Ok(());
    }
    let mut all_members = Vec::with_capacity(active.len());
    for r in &active {
        all_members.push(app.store.rollout_members(&r.id).await?);
    }
    // Every report since the oldest open step (not only each device's
    // latest one), grouped by device in arrival order.
    let oldest_step = all_members
        .iter()
        .flatten()
        .filter(|m| !rollout_plan::is_terminal(&m.state))
        .filter_map(|m| m.step_started_at)
        .min()
        .unwrap_or(now);
    let mut reports: HashMap<String, Vec<ReportView>> = HashMap::new();
    for r in app.store.reports_since(oldest_step).await? {
        reports.entry(r.device_id).or_default().push(ReportView {
            state: r.state,
            bundle: r.bundle_sha256,
            error: r.error,
            at: r.at,
        });
    }
    let devices = app.store.devices(None).await?;
    let mut tags: HashMap<String, HashSet<String>> = HashMap::new();
    for (d, t) in app.store.all_tags().await? {
        tags.entry(d).or_default().insert(t);
    }
    let mut desired: HashMap<String, (String, Option<String>)> = app
        .store
        .desired_states()
        .await?
        .into_iter()
        .map(|(d, b, r)| (d, (b, r)))
        .collect();
    for (r, members) in active.into_iter().zip(all_members) {
        let strategy: Strategy = serde_json::from_str(&r.strategy)?;
        let member_ids: HashSet<&str> = members.iter().map(|m| m.device_id.as_str()).collect();
        let views: Vec<DeviceView> = devices
            .iter()
            .filter(|d| member_ids.contains(d.id.as_str()) || targets(&r.target, d, &tags))
            .map(|d| DeviceView {
                id: d.id.clone(),
                online: d.online != 0,
                targeted: targets(&r.target, d, &tags),
                running_bundle: d.running_bundle.clone(),
                reports: reports.get(&d.id).cloned().unwrap_or_default(),
                desired: desired.get(&d.id).cloned(),
            })
            .collect();
        let plan = rollout_plan::plan(&r, &strategy, &members, &views, now);
        for m in &plan.members {
            app.store.upsert_member(m).await?;
        }
        let changed = !plan.members.is_empty() || plan.state.is_some();
        for c in &plan.desired {
            let res = match c {
                DesiredChange::Set { device, bundle } => {
                    let owner = (bundle == &r.bundle_sha256).then_some(r.id.as_str());
                    desired.insert(device.clone(), (bundle.clone(), owner.map(str::to_string)));
                    desired::set(app, device, Some(bundle), owner).await
                }
                DesiredChange::Clear { device } => {
                    desired.remove(device);
                    desired::set(app, device, None, None).await
                }
                DesiredChange::Republish { device } => desired::publish(app, device).await,
            };
            if let Err(e) = res {
                tracing::warn!(rollout = %r.id, "desired state change {c:?} failed: {e}");
            }
        }
        if let Some((state, reason)) = &plan.state {
            tracing::info!(rollout = %r.id, "rollout {state}: {reason}");
            app.store
                .set_rollout_state(&r.id, state, Some(reason))
                .await?;
        }
        if changed {
            events::rollout_changed(app, &r.id, &plan.members);
        }
    }
    Ok(())
}

/// Runs [`tick`] every second (and when woken). With PostgreSQL, only the
/// holder of the `rollout-ticker` lease ticks, so several servers never
/// apply one plan twice.
pub async fn run_ticker(app: std::sync::Arc<App>, mut shutdown: watch::Receiver<bool>) {
    loop {
        tokio::select! {
            _ = shutdown.changed() => return,
            _ = app.tick.notified() => {}
            _ = tokio::time::sleep(Duration::from_secs(1)) => {}
        }
        let mine = if app.store.is_postgres() {
            app.store
                .try_lease("rollout-ticker", &app.instance, 5_000)
                .await
                .unwrap_or(false)
        } else {
            true
        };
        if mine && let Err(e) = tick(&app).await {
            tracing::error!("rollout tick failed: {e:#}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mqtt::client::Incoming;
    use crate::services::ingest::{self, KnownDevices};
    use crate::store::{BundleRow, Store, testing};
    use pyrite_protocol::messages::{Report, ReportState, encode};
    use std::sync::Arc;

    const NEW: &str = "1111111111111111111111111111111111111111111111111111111111111111";
    const OLD: &str = "2222222222222222222222222222222222222222222222222222222222222222";

    async fn bundle(store: &Store, sha: &str, sequence: i64) {
        store
            .insert_bundle(&BundleRow {
                sha256: sha.into(),
                app: "app".into(),
                version: format!("v{sequence}"),
                sequence,
                size: 100,
                key_id: "k".into(),
                manifest: "{}".into(),
                created_at: 0,
            })
            .await
            .unwrap();
    }

    /// Feeds a report through the real ingest path, as if it came over MQTT.
    async fn report(app: &Arc<App>, known: &KnownDevices, state: ReportState, sha: &str) {
        let r = Report {
            protocol: 1,
            deployment: "r".into(),
            sha256: Some(sha.into()),
            sequence: Some(if sha == NEW { 2 } else { 1 }),
            state,
            reason: None,
            detail: None,
            traceback: (state == ReportState::Failed)
                .then(|| "Traceback:\nZeroDivisionError: division by zero".to_string()),
            progress: None,
            uptime_ms: 1,
        };
        let msg = Incoming::new("pyrite/v1/dev/d1/up/report", encode(&r).unwrap());
        ingest::handle(app, known, &msg).await.unwrap();
    }

    async fn member_state(app: &App, rollout: &str) -> String {
        app.store.rollout_members(rollout).await.unwrap()[0]
            .state
            .clone()
    }

    /// A device that runs the old bundle and reports `running`, `failed`,
    /// `rolled_back` and then the old bundle `running` and `healthy`, all
    /// between two ticks (as a fast device does), fails the step; one that
    /// only keeps reporting the old bundle healthy never completes it.
    async fn race_suite(store: Store) {
        let dir = tempfile::tempdir().unwrap();
        let app = App::for_tests(store, dir.path());
        let known = KnownDevices::default();
        bundle(&app.store, NEW, 2).await;
        bundle(&app.store, OLD, 1).await;
        app.store
            .upsert_device_credentials("d1", "h")
            .await
            .unwrap();
        let online = crate::store::DeviceUpdate {
            online: Some(true),
            running_bundle: Some(OLD.into()),
            ..Default::default()
        };
        app.store.update_device("d1", &online).await.unwrap();
        // The device reported the old bundle healthy before the rollout.
        report(&app, &known, ReportState::Healthy, OLD).await;
        let req = |target: &str| NewRollout {
            bundle: NEW.into(),
            target: target.into(),
            strategy: None,
            failure_threshold: Some(0),
            grace_secs: Some(1),
            step_timeout_secs: Some(600),
            max_attempts: Some(1),
        };
        let r = create(&app, req("d1")).await.unwrap();
        tick(&app).await.unwrap();
        assert_eq!(member_state(&app, &r.id).await, "updating");

        // Old-bundle reports after the step began: still not a success.
        report(&app, &known, ReportState::Running, OLD).await;
        report(&app, &known, ReportState::Healthy, OLD).await;
        tokio::time::sleep(Duration::from_millis(1100)).await;
        tick(&app).await.unwrap();
        assert_eq!(member_state(&app, &r.id).await, "updating");
        assert_eq!(
            app.store.rollout(&r.id).await.unwrap().unwrap().state,
            "running"
        );

        // It starts the new bundle: the grace period begins.
        report(&app, &known, ReportState::Running, NEW).await;
        tick(&app).await.unwrap();
        assert_eq!(member_state(&app, &r.id).await, "verifying_health");
        // Fails, rolls back, runs the old bundle again: all before the next tick.
        report(&app, &known, ReportState::Failed, NEW).await;
        report(&app, &known, ReportState::RolledBack, NEW).await;
        report(&app, &known, ReportState::Running, OLD).await;
        report(&app, &known, ReportState::Healthy, OLD).await;
        // Well past the grace period.
        tokio::time::sleep(Duration::from_millis(1100)).await;
        tick(&app).await.unwrap();
        let m = &app.store.rollout_members(&r.id).await.unwrap()[0];
        assert_eq!(m.state, "failed");
        assert!(
            m.error
                .as_deref()
                .unwrap_or("")
                .contains("ZeroDivisionError"),
            "{m:?}"
        );
        let r = app.store.rollout(&r.id).await.unwrap().unwrap();
        assert_eq!(r.state, "rolled_back", "never completed: {r:?}");
    }

    #[tokio::test]
    async fn rollout_health_race_sqlite() {
        race_suite(testing::sqlite().await).await;
    }

    #[tokio::test]
    async fn rollout_health_race_postgres() {
        if let Some((store, guard)) = testing::postgres("rollout_health_race_postgres").await {
            race_suite(store.clone()).await;
            guard.drop_db(store).await;
        }
    }
}
