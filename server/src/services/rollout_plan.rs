//! The rollout planner: a pure function from a rollout's stored state, its
//! devices' latest reports and the clock to the next set of changes. No I/O,
//! so it is tested without a network and a restarted server simply runs it
//! again on what the database holds.
//!
//! Per device: `pending` → (its wave is open, device online) `updating`
//! (desired state set) → device reports `running` → `verifying_health` →
//! ran `grace_secs` without a failure (or reported `healthy`) → `succeeded`.
//! A `failed`/`rolled_back`/`refused` report → `failed`. Only reports about
//! the rollout's bundle received since the step began count, and every one
//! of them is seen (not just the device's latest: a device that fails rolls
//! back and reports the old bundle running within milliseconds). The grace
//! period runs from the device's own `running` report for the bundle; what
//! a device ran before the step (heartbeats, older reports) never counts. No report within
//! `step_timeout_secs` → the desired state is sent again, up to
//! `max_attempts`, then `failed`. Another rollout taking the device over →
//! `superseded`. Waves open in order once every online device of the earlier
//! waves has finished; offline devices never hold a wave back (they converge
//! from the retained desired state when they return). When failures exceed
//! `failure_threshold` percent of finished devices, the rollout halts and
//! every device it touched is sent back to its previous bundle.

use crate::store::{RolloutDeviceRow, RolloutRow};
use serde::{Deserialize, Serialize};
use sha2::Digest;
use std::collections::HashMap;

/// How devices are split into waves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Strategy {
    /// Every device at once.
    AllAtOnce,
    /// A first wave of `count` devices (or `percent`% of them), then the rest.
    Canary {
        /// Devices in the canary wave.
        #[serde(default)]
        count: Option<u32>,
        /// Percent of devices in the canary wave.
        #[serde(default)]
        percent: Option<u32>,
    },
    /// Waves up to these cumulative percentages (e.g. 5, 25, 50, 100).
    Waves {
        /// Cumulative percent per wave; a final 100 is implied.
        percents: Vec<u32>,
    },
}

impl Strategy {
    /// Checks the numbers.
    pub fn validate(&self) -> Result<(), String> {
        match self {
            Strategy::AllAtOnce => Ok(()),
            Strategy::Canary {
                count: Some(c),
                percent: None,
            } if *c > 0 => Ok(()),
            Strategy::Canary {
                count: None,
                percent: Some(p),
            } if (1..=100).contains(p) => Ok(()),
            Strategy::Canary { .. } => {
                Err("canary needs a count > 0 or a percent in 1..=100".into())
            }
            Strategy::Waves { percents } => {
                if percents.is_empty() || percents.len() > 20 {
                    return Err("waves need 1 to 20 percentages".into());
                }
                if percents.windows(2).any(|w| w[0] >= w[1])
                    || percents.iter().any(|p| *p == 0 || *p > 100)
                {
                    return Err("wave percentages must increase within 1..=100".into());
                }
                Ok(())
            }
        }
    }

    /// Cumulative percent bounds of each wave (last is 100), for percentage strategies.
    fn bounds(&self) -> Vec<u32> {
        let mut b = match self {
            Strategy::AllAtOnce => vec![],
            Strategy::Canary {
                percent: Some(p), ..
            } => vec![*p],
            Strategy::Canary { .. } => vec![],
            Strategy::Waves { percents } => percents.clone(),
        };
        if b.last() != Some(&100) {
            b.push(100);
        }
        b
    }
}

/// A device's place in `[0, 1_000_000)`, from a hash of its id: the same
/// device always lands in the same wave.
pub fn position(device_id: &str) -> u32 {
    let h = sha2::Sha256::digest(device_id.as_bytes());
    let v = u64::from_be_bytes([h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]]);
    (v % 1_000_000) as u32
}

/// One deployment report of a device.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportView {
    /// Report state (`running`, `healthy`, `failed`, ...).
    pub state: String,
    /// Bundle it was about.
    pub bundle: Option<String>,
    /// Error, refusal reason or traceback.
    pub error: Option<String>,
    /// When it arrived (Unix ms).
    pub at: i64,
}

/// What the planner knows about one device.
#[derive(Debug, Clone, PartialEq)]
pub struct DeviceView {
    /// Device id.
    pub id: String,
    /// Connected now.
    pub online: bool,
    /// Whether it is (still) a target of the rollout (enrolled, not revoked, matches).
    pub targeted: bool,
    /// Bundle it reports running.
    pub running_bundle: Option<String>,
    /// Its reports since the earliest step start of the rollout's members, in arrival order.
    pub reports: Vec<ReportView>,
    /// Its desired bundle and the rollout that set it.
    pub desired: Option<(String, Option<String>)>,
}

/// A change to a device's desired state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DesiredChange {
    /// Set the desired bundle (on behalf of `rollout`, `None` for a rollback).
    Set {
        /// Device.
        device: String,
        /// Bundle sha256.
        bundle: String,
    },
    /// Remove the desired state (rollback of a device that had none).
    Clear {
        /// Device.
        device: String,
    },
    /// Send the current desired state again (retry after a timeout).
    Republish {
        /// Device.
        device: String,
    },
}

/// What to write after one planning step.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    /// Members that are new or changed.
    pub members: Vec<RolloutDeviceRow>,
    /// Desired-state changes to store and publish.
    pub desired: Vec<DesiredChange>,
    /// New rollout state and reason, if it changes.
    pub state: Option<(String, String)>,
}

/// Member states that are final.
pub fn is_terminal(state: &str) -> bool {
    matches!(state, "succeeded" | "failed" | "superseded" | "rolled_back")
}

fn is_failure_report(state: &str) -> bool {
    matches!(state, "failed" | "rolled_back" | "refused")
}

fn is_success_report(state: &str) -> bool {
    matches!(state, "healthy" | "exited")
}

/// One planning step of `rollout`. `members` are its stored members,
/// `devices` the views of its current targets and of every member's device.
pub fn plan(
    rollout: &RolloutRow,
    strategy: &Strategy,
    members: &[RolloutDeviceRow],
    devices: &[DeviceView],
    now: i64,
) -> Plan {
    let mut out = Plan::default();
    if !matches!(rollout.state.as_str(), "running" | "paused") {
        return out;
    }
    let running = rollout.state == "running";
    let bundle = rollout.bundle_sha256.as_str();
    // Indexes: a rollout may have 10,000 members.
    let by_id: HashMap<&str, &DeviceView> = devices.iter().map(|d| (d.id.as_str(), d)).collect();
    let view = |id: &str| by_id.get(id).copied();
    let stored: HashMap<&str, &RolloutDeviceRow> =
        members.iter().map(|m| (m.device_id.as_str(), m)).collect();
    let mut current: Vec<RolloutDeviceRow> = members.to_vec();

    // Live membership: targets that are not members yet join, in a wave
    // chosen from their position.
    let mut newcomers: Vec<&DeviceView> = devices
        .iter()
        .filter(|d| d.targeted && !stored.contains_key(d.id.as_str()))
        .collect();
    newcomers.sort_by_key(|d| (position(&d.id), d.id.clone()));
    let bounds = strategy.bounds();
    let mut in_canary = current.iter().filter(|m| m.wave == 0).count() as u32;
    for d in newcomers {
        let wave = match strategy {
            Strategy::Canary {
                count: Some(n),
                percent: None,
            } => {
                if in_canary < *n {
                    in_canary += 1;
                    0
                } else {
                    1
                }
            }
            _ => {
                let pos = position(&d.id);
                bounds
                    .iter()
                    .position(|b| pos < b * 10_000)
                    .unwrap_or(bounds.len() - 1) as i64
            }
        };
        current.push(RolloutDeviceRow {
            rollout_id: rollout.id.clone(),
            device_id: d.id.clone(),
            wave,
            state: "pending".into(),
            attempts: 0,
            step_started_at: None,
            healthy_since: None,
            previous_bundle: None,
            error: None,
            updated_at: now,
        });
    }

    // Reports and timeouts of devices already updating.
    for m in current.iter_mut() {
        let before = m.clone();
        let dev = view(&m.device_id);
        step_member(rollout, bundle, running, m, dev, now, &mut out.desired);
        if *m != before || !stored.contains_key(m.device_id.as_str()) {
            m.updated_at = now;
        }
    }

    // Failure threshold: halt and roll back.
    let failed = current.iter().filter(|m| m.state == "failed").count() as i64;
    let finished = failed + current.iter().filter(|m| m.state == "succeeded").count() as i64;
    if failed > 0 && failed * 100 > rollout.failure_threshold * finished {
        for m in current.iter_mut() {
            if matches!(
                m.state.as_str(),
                "updating" | "verifying_health" | "succeeded" | "failed"
            ) {
                out.desired.push(match &m.previous_bundle {
                    Some(p) => DesiredChange::Set {
                        device: m.device_id.clone(),
                        bundle: p.clone(),
                    },
                    None => DesiredChange::Clear {
                        device: m.device_id.clone(),
                    },
                });
                if m.state != "failed" {
                    m.state = "rolled_back".into();
                }
                m.updated_at = now;
            }
        }
        out.state = Some((
            "rolled_back".into(),
            format!(
                "{failed} of {finished} finished devices failed (threshold {}%)",
                rollout.failure_threshold
            ),
        ));
    } else if running {
        // Open waves: a wave starts once no online device of an earlier wave is unfinished.
        let gate = current
            .iter()
            .filter(|m| !is_terminal(&m.state) && view(&m.device_id).is_some_and(|d| d.online))
            .map(|m| m.wave)
            .min();
        for m in current.iter_mut() {
            if m.state != "pending" || gate.is_some_and(|g| m.wave > g) {
                continue;
            }
            let Some(d) = view(&m.device_id) else {
                continue;
            };
            if !d.online {
                continue;
            }
            // Never "go back" to the bundle being rolled out (a device that
            // failed it earlier may still be recorded as running it).
            m.previous_bundle = d
                .desired
                .as_ref()
                .map(|x| x.0.clone())
                .or_else(|| d.running_bundle.clone())
                .filter(|p| p != bundle);
            m.attempts = 1;
            m.step_started_at = Some(now);
            m.updated_at = now;
            out.desired.push(DesiredChange::Set {
                device: m.device_id.clone(),
                bundle: bundle.to_string(),
            });
            // Even a device that already runs the bundle must say so after
            // the step began (it answers a desired state naming its running
            // bundle with its current state: PROTOCOL.md §5).
            m.state = "updating".into();
        }
        if !current.is_empty() && current.iter().all(|m| is_terminal(&m.state)) {
            let ok = current.iter().filter(|m| m.state == "succeeded").count();
            out.state = Some((
                "completed".into(),
                format!("{ok} of {} devices succeeded", current.len()),
            ));
        }
    }

    out.members = current
        .into_iter()
        .filter(|m| stored.get(m.device_id.as_str()).is_none_or(|x| *x != m))
        .collect();
    out
}

fn step_member(
    rollout: &RolloutRow,
    bundle: &str,
    running: bool,
    m: &mut RolloutDeviceRow,
    dev: Option<&DeviceView>,
    now: i64,
    desired: &mut Vec<DesiredChange>,
) {
    if !matches!(m.state.as_str(), "updating" | "verifying_health") {
        return;
    }
    let Some(d) = dev else {
        m.state = "superseded".into();
        m.error = Some("device removed".into());
        return;
    };
    if let Some((_, owner)) = &d.desired
        && owner.as_deref() != Some(rollout.id.as_str())
    {
        m.state = "superseded".into();
        return;
    }
    let since = m.step_started_at.unwrap_or(0);
    let about_it = || {
        d.reports
            .iter()
            .filter(move |r| r.bundle.as_deref() == Some(bundle) && r.at >= since)
    };
    if let Some(r) = about_it().find(|r| is_failure_report(&r.state)) {
        m.state = "failed".into();
        m.error = Some(
            r.error
                .clone()
                .unwrap_or_else(|| format!("device reported {}", r.state)),
        );
        return;
    }
    if about_it().any(|r| is_success_report(&r.state)) {
        m.state = "succeeded".into();
        return;
    }
    if m.state == "updating"
        && let Some(r) = about_it().find(|r| r.state == "running")
    {
        m.state = "verifying_health".into();
        m.healthy_since = Some(r.at);
    }
    if m.state == "verifying_health" {
        if now - m.healthy_since.unwrap_or(now) >= rollout.grace_secs * 1000 {
            m.state = "succeeded".into();
        }
        return;
    }
    // Still updating: retry after the step timeout (only for a device that is
    // online: an offline one converges from the retained desired state).
    if running && d.online && now - since > rollout.step_timeout_secs * 1000 {
        if m.attempts < rollout.max_attempts {
            m.attempts += 1;
            m.step_started_at = Some(now);
            desired.push(DesiredChange::Republish {
                device: m.device_id.clone(),
            });
        } else {
            m.state = "failed".into();
            m.error = Some(format!(
                "no result after {} attempts of {}s",
                m.attempts, rollout.step_timeout_secs
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rollout(strategy: &Strategy) -> RolloutRow {
        RolloutRow {
            id: "r1".into(),
            bundle_sha256: "new".into(),
            target: "all".into(),
            strategy: serde_json::to_string(strategy).unwrap(),
            state: "running".into(),
            failure_threshold: 20,
            grace_secs: 10,
            step_timeout_secs: 60,
            max_attempts: 2,
            reason: None,
            created_at: 0,
            updated_at: 0,
        }
    }

    fn dev(id: &str) -> DeviceView {
        DeviceView {
            id: id.into(),
            online: true,
            targeted: true,
            running_bundle: Some("old".into()),
            reports: vec![],
            desired: Some(("old".into(), None)),
        }
    }

    /// A rollout `r1` of bundle `new`, its devices and its stored members,
    /// planned step by step as the ticker does.
    struct World {
        rollout: RolloutRow,
        strategy: Strategy,
        devices: Vec<DeviceView>,
        members: Vec<RolloutDeviceRow>,
    }

    impl World {
        fn new(strategy: Strategy, devices: Vec<DeviceView>) -> World {
            World {
                rollout: rollout(&strategy),
                strategy,
                devices,
                members: vec![],
            }
        }

        /// Plans at `now`, then applies the plan: members stored, desired states set.
        fn step(&mut self, now: i64) -> Plan {
            let p = plan(
                &self.rollout,
                &self.strategy,
                &self.members,
                &self.devices,
                now,
            );
            for m in &p.members {
                match self.members.iter_mut().find(|x| x.device_id == m.device_id) {
                    Some(x) => *x = m.clone(),
                    None => self.members.push(m.clone()),
                }
            }
            for c in &p.desired {
                match c {
                    DesiredChange::Set { device, bundle } => {
                        let owner = (bundle == "new").then(|| self.rollout.id.clone());
                        self.device(device).desired = Some((bundle.clone(), owner));
                    }
                    DesiredChange::Clear { device } => self.device(device).desired = None,
                    DesiredChange::Republish { .. } => {}
                }
            }
            p
        }

        fn member(&self, id: &str) -> &RolloutDeviceRow {
            self.members.iter().find(|m| m.device_id == id).unwrap()
        }

        fn device(&mut self, id: &str) -> &mut DeviceView {
            self.devices.iter_mut().find(|d| d.id == id).unwrap()
        }

        fn count(&self, state: &str) -> usize {
            self.members.iter().filter(|m| m.state == state).count()
        }

        /// The id of the one member in `state` (the canary, after the first step).
        fn only(&self, state: &str) -> String {
            let mut found = self.members.iter().filter(|m| m.state == state);
            let m = found.next().expect("a member in that state");
            assert!(found.next().is_none(), "more than one member {state}");
            m.device_id.clone()
        }
    }

    /// The rollout state a plan moves to, if any.
    fn new_state(p: &Plan) -> Option<&str> {
        p.state.as_ref().map(|s| s.0.as_str())
    }

    fn failure(d: &mut DeviceView, state: &str, error: Option<&str>, at: i64) {
        d.reports.push(ReportView {
            state: state.into(),
            bundle: Some("new".into()),
            error: error.map(str::to_string),
            at,
        });
    }

    fn report(d: &mut DeviceView, state: &str, at: i64) {
        d.reports.push(ReportView {
            state: state.into(),
            bundle: Some("new".into()),
            error: None,
            at,
        });
        if state == "running" || state == "healthy" {
            d.running_bundle = Some("new".into());
        }
    }

    #[test]
    fn all_at_once_succeeds_after_grace() {
        let mut w = World::new(Strategy::AllAtOnce, vec![dev("a"), dev("b")]);
        let p = w.step(1000);
        assert_eq!(w.count("updating"), 2);
        assert_eq!(p.desired.len(), 2);
        report(w.device("a"), "running", 2000);
        report(w.device("b"), "healthy", 2000);
        let p = w.step(3000);
        assert_eq!(w.member("a").state, "verifying_health");
        assert_eq!(w.member("b").state, "succeeded");
        assert_eq!(p.state, None);
        assert_eq!(new_state(&w.step(12_000)), Some("completed"));
    }

    #[test]
    fn canary_gates_the_rest_and_failure_rolls_back() {
        let canary = Strategy::Canary {
            count: Some(1),
            percent: None,
        };
        let mut w = World::new(canary, (0..5).map(|i| dev(&format!("d{i}"))).collect());
        w.step(1000);
        assert_eq!(w.count("updating"), 1, "only the canary starts");
        let cid = w.only("updating");
        // The canary fails: the rollout halts and the canary goes back.
        failure(w.device(&cid), "failed", Some("Traceback"), 1500);
        let p = w.step(2000);
        assert_eq!(new_state(&p), Some("rolled_back"));
        assert!(p.desired.contains(&DesiredChange::Set {
            device: cid.clone(),
            bundle: "old".into()
        }));
        assert_eq!(w.count("pending"), 4, "the rest never started");
    }

    #[test]
    fn canary_success_opens_the_next_wave() {
        let canary = Strategy::Canary {
            count: Some(1),
            percent: None,
        };
        let mut w = World::new(canary, (0..3).map(|i| dev(&format!("d{i}"))).collect());
        w.step(1000);
        let cid = w.only("updating");
        report(w.device(&cid), "healthy", 1100);
        w.step(1200);
        assert_eq!(w.count("updating"), 2);
    }

    #[test]
    fn timeout_retries_then_fails() {
        let mut w = World::new(Strategy::AllAtOnce, vec![dev("a"), dev("b")]);
        w.rollout.failure_threshold = 100;
        w.step(0);
        report(w.device("b"), "healthy", 10);
        let p = w.step(61_000);
        assert!(
            p.desired
                .contains(&DesiredChange::Republish { device: "a".into() })
        );
        assert_eq!(w.member("a").attempts, 2);
        w.step(122_001);
        assert_eq!(w.member("a").state, "failed");
        assert!(
            w.member("a")
                .error
                .as_deref()
                .unwrap()
                .contains("2 attempts")
        );
    }

    #[test]
    fn offline_devices_wait_without_failing_and_join_later() {
        let mut w = World::new(Strategy::AllAtOnce, vec![dev("a"), dev("b")]);
        w.device("b").online = false;
        w.step(0);
        assert_eq!(w.member("b").state, "pending");
        w.step(10 * 60_000);
        assert_eq!(w.member("b").state, "pending");
        // A device that enrolls while the rollout runs joins it.
        w.devices.push(dev("c"));
        w.device("b").online = true;
        w.step(10 * 60_000 + 1);
        assert_eq!(w.members.len(), 3);
        assert_eq!(w.member("b").state, "updating");
        assert_eq!(w.member("c").state, "updating");
    }

    #[test]
    fn a_device_that_failed_the_bundle_before_is_updated_again_not_counted() {
        let s = Strategy::AllAtOnce;
        let r = rollout(&s);
        let mut d = dev("a");
        d.running_bundle = Some("new".into());
        d.desired = None;
        d.reports.push(ReportView {
            state: "failed".into(),
            bundle: Some("new".into()),
            error: None,
            at: 0,
        });
        let p = plan(&r, &s, &[], &[d], 10);
        assert_eq!(p.members[0].state, "updating");
        assert_eq!(
            p.members[0].previous_bundle, None,
            "never roll back to the bundle itself"
        );
    }

    fn old_report(d: &mut DeviceView, state: &str, at: i64) {
        d.reports.push(ReportView {
            state: state.into(),
            bundle: Some("old".into()),
            error: None,
            at,
        });
        d.running_bundle = Some("old".into());
    }

    /// The firmware e2e race: the device reports the new bundle running, then
    /// fails, rolls back and reports the old bundle running and healthy, all
    /// before the next planning step. The failure must still fail the step.
    #[test]
    fn a_failure_followed_by_a_rollback_report_still_fails_the_step() {
        let mut w = World::new(Strategy::AllAtOnce, vec![dev("a")]);
        w.step(1000);
        report(w.device("a"), "running", 1134);
        w.step(1200);
        assert_eq!(w.member("a").state, "verifying_health");
        assert_eq!(w.member("a").healthy_since, Some(1134));
        failure(w.device("a"), "failed", Some("ZeroDivisionError"), 1300);
        failure(w.device("a"), "rolled_back", None, 1301);
        old_report(w.device("a"), "running", 1302);
        old_report(w.device("a"), "healthy", 1303);
        // Long past the grace period: still a failure, never "completed".
        let p = w.step(60_000);
        assert_eq!(w.member("a").state, "failed");
        assert_eq!(w.member("a").error.as_deref(), Some("ZeroDivisionError"));
        assert_eq!(new_state(&p), Some("rolled_back"));
    }

    #[test]
    fn reports_about_the_old_bundle_never_complete_a_step() {
        let mut w = World::new(Strategy::AllAtOnce, vec![dev("a")]);
        w.step(1000);
        // Still on the old bundle, healthy, heartbeating: not a success.
        old_report(w.device("a"), "running", 1100);
        old_report(w.device("a"), "healthy", 1134);
        for now in [1200, 12_000, 59_000] {
            let p = w.step(now);
            assert_eq!(w.member("a").state, "updating", "at {now}");
            assert_eq!(p.state, None);
        }
    }

    #[test]
    fn reports_from_before_the_step_do_not_count() {
        let mut w = World::new(Strategy::AllAtOnce, vec![dev("a")]);
        // It ran the bundle once (an earlier rollout) and said so then.
        report(w.device("a"), "healthy", 500);
        w.step(1000);
        assert_eq!(
            w.member("a").state,
            "updating",
            "no success without a new report"
        );
        w.step(30_000);
        assert_eq!(w.member("a").state, "updating");
        // It answers the desired state with its current state.
        report(w.device("a"), "healthy", 30_100);
        let p = w.step(30_200);
        assert_eq!(w.member("a").state, "succeeded");
        assert_eq!(new_state(&p), Some("completed"));
    }

    #[test]
    fn grace_runs_from_the_devices_running_report() {
        let mut w = World::new(Strategy::AllAtOnce, vec![dev("a")]);
        w.step(1000);
        report(w.device("a"), "downloading", 2000);
        report(w.device("a"), "running", 5000);
        // The planner runs late; grace counts from the report, not the step.
        w.step(14_000);
        assert_eq!(w.member("a").state, "verifying_health");
        assert_eq!(w.member("a").healthy_since, Some(5000));
        w.step(15_000);
        assert_eq!(w.member("a").state, "succeeded");
    }

    #[test]
    fn paused_rollout_starts_nothing() {
        let s = Strategy::AllAtOnce;
        let mut r = rollout(&s);
        r.state = "paused".into();
        let devices = vec![dev("a")];
        let p = plan(&r, &s, &[], &devices, 0);
        assert!(p.desired.is_empty());
        assert_eq!(p.members[0].state, "pending");
    }

    #[test]
    fn superseded_by_a_newer_rollout() {
        let mut w = World::new(Strategy::AllAtOnce, vec![dev("a")]);
        w.step(0);
        w.device("a").desired = Some(("newer".into(), Some("r2".into())));
        let p = w.step(1);
        assert_eq!(w.member("a").state, "superseded");
        assert_eq!(new_state(&p), Some("completed"));
    }

    #[test]
    fn waves_are_deterministic_from_device_ids() {
        let s = Strategy::Waves {
            percents: vec![10, 50, 100],
        };
        let r = rollout(&s);
        let devices: Vec<_> = (0..200).map(|i| dev(&format!("dev{i}"))).collect();
        let a = plan(&r, &s, &[], &devices, 0);
        let b = plan(&r, &s, &[], &devices, 0);
        let waves = |p: &Plan| {
            p.members
                .iter()
                .map(|m| (m.device_id.clone(), m.wave))
                .collect::<Vec<_>>()
        };
        assert_eq!(waves(&a), waves(&b));
        let first = a.members.iter().filter(|m| m.wave == 0).count();
        assert!(
            (5..=40).contains(&first),
            "about 10% in the first wave, got {first}"
        );
        assert!(
            a.members
                .iter()
                .filter(|m| m.state == "updating")
                .all(|m| m.wave == 0)
        );
        assert_eq!(position("dev1"), position("dev1"));
    }

    #[test]
    fn strategy_validation() {
        assert!(
            Strategy::Waves {
                percents: vec![5, 25, 100]
            }
            .validate()
            .is_ok()
        );
        assert!(
            Strategy::Waves {
                percents: vec![25, 5]
            }
            .validate()
            .is_err()
        );
        assert!(
            Strategy::Canary {
                count: None,
                percent: Some(0)
            }
            .validate()
            .is_err()
        );
        assert!(
            Strategy::Canary {
                count: Some(0),
                percent: None
            }
            .validate()
            .is_err()
        );
    }
}
