//! Rollouts: creation, operator actions, and the ticker that runs the pure
//! planner ([`super::rollout_plan`]) over stored state and applies its plan.

use super::desired;
use super::rollout_plan::{self, DesiredChange, DeviceView, ReportView, Strategy};
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
    app.tick.notify_one();
    Ok(app.store.rollout(id).await?.unwrap_or(r))
}

/// One pass over every active rollout.
pub async fn tick(app: &App) -> anyhow::Result<()> {
    let active = app.store.active_rollouts().await?;
    if active.is_empty() {
        return Ok(());
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
    let now = now_ms();
    for r in active {
        let strategy: Strategy = serde_json::from_str(&r.strategy)?;
        let members = app.store.rollout_members(&r.id).await?;
        let member_ids: HashSet<&str> = members.iter().map(|m| m.device_id.as_str()).collect();
        let views: Vec<DeviceView> = devices
            .iter()
            .filter(|d| member_ids.contains(d.id.as_str()) || targets(&r.target, d, &tags))
            .map(|d| DeviceView {
                id: d.id.clone(),
                online: d.online != 0,
                targeted: targets(&r.target, d, &tags),
                running_bundle: d.running_bundle.clone(),
                report: d.deploy_state.as_ref().map(|s| ReportView {
                    state: s.clone(),
                    bundle: d.deploy_bundle.clone(),
                    error: d.deploy_error.clone(),
                    at: d.deploy_updated_at.unwrap_or(0),
                }),
                desired: desired.get(&d.id).cloned(),
            })
            .collect();
        let plan = rollout_plan::plan(&r, &strategy, &members, &views, now);
        for m in &plan.members {
            app.store.upsert_member(m).await?;
        }
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
