//! Fleet events: what changed (devices, reports and failures, rollouts,
//! bundles), for the dashboard's live views (`GET /api/v1/events`, SSE).
//!
//! Producers call [`Events::emit`] with a small [`Emit`] (never blocking: a
//! bounded queue, dropped and counted when full). One task per process turns
//! each into a [`FleetEvent`] (reading what it needs from the store), stamps
//! it with an id `EPOCH.N` (the process's random epoch and a counter), keeps
//! the last [`RING`] events for `Last-Event-ID` resume, and broadcasts it.
//!
//! **Several servers.** With PostgreSQL, an emit that only one process sees
//! (a report taken from a shared subscription, a rollout tick by the lease
//! holder, an API call) is sent with `NOTIFY pyrite_events`; every process
//! `LISTEN`s and resolves it, so a subscriber of any process sees every
//! event. Emits every process makes by itself (device births and Last Wills
//! come to every server unshared) stay local. A lost `LISTEN` connection
//! sends subscribers a `resync`.

use crate::app::App;
use crate::store::{BundleRow, DeviceRow, RolloutDeviceRow, RolloutRow, now_ms};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::{broadcast, mpsc, watch};

/// Events kept for `Last-Event-ID` resume.
pub const RING: usize = 4096;
/// Events a subscriber may fall behind before it is dropped (with a `resync`).
pub const SUBSCRIBER_BUFFER: usize = 1024;
/// Emits queued for resolution before new ones are dropped.
const QUEUE: usize = 10_000;
/// The PostgreSQL notification channel.
const PG_CHANNEL: &str = "pyrite_events";
/// Member changes of one tick sent one by one; above this only the rollout's counts.
const MAX_MEMBER_EVENTS: usize = 200;
/// A NOTIFY payload must stay below PostgreSQL's 8000 bytes.
const MAX_NOTIFY: usize = 7000;

/// A device as the API shows it: stored fields, tags, desired bundle and
/// the derived `status` and `failing`.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DeviceView {
    /// Stored fields.
    #[serde(flatten)]
    pub device: DeviceRow,
    /// `online`, `offline` or `revoked`.
    pub status: String,
    /// Its latest deployment report is a failure (`failed`, `rolled_back`, `refused`).
    pub failing: bool,
    /// Tags.
    pub tags: Vec<String>,
    /// Bundle the server wants it to run.
    pub desired_bundle: Option<String>,
}

impl DeviceView {
    /// Builds the view of a stored device.
    pub fn new(device: DeviceRow, tags: Vec<String>, desired_bundle: Option<String>) -> Self {
        let status = if device.revoked != 0 {
            "revoked"
        } else if device.online != 0 {
            "online"
        } else {
            "offline"
        };
        let failing = matches!(
            device.deploy_state.as_deref(),
            Some("failed" | "rolled_back" | "refused")
        );
        DeviceView {
            status: status.into(),
            failing,
            device,
            tags,
            desired_bundle,
        }
    }

    /// Reads one device's view from the store.
    pub async fn load(app: &App, id: &str) -> crate::store::StoreResult<Option<DeviceView>> {
        let Some(d) = app.store.device(id).await? else {
            return Ok(None);
        };
        Ok(Some(DeviceView::new(
            d,
            app.store.device_tags(id).await?,
            app.store.desired_state(id).await?.map(|x| x.0),
        )))
    }
}

/// A rollout with its progress.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RolloutView {
    /// The rollout.
    #[serde(flatten)]
    pub rollout: RolloutRow,
    /// Devices per member state.
    pub counts: BTreeMap<String, usize>,
    /// Per-device progress (only in the single-rollout view).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub devices: Option<Vec<RolloutDeviceRow>>,
}

impl RolloutView {
    /// Reads a rollout's progress from the store.
    pub async fn load(
        app: &App,
        r: RolloutRow,
        with_devices: bool,
    ) -> crate::store::StoreResult<RolloutView> {
        let members = app.store.rollout_members(&r.id).await?;
        let mut counts = BTreeMap::new();
        for m in &members {
            *counts.entry(m.state.clone()).or_insert(0) += 1;
        }
        Ok(RolloutView {
            rollout: r,
            counts,
            devices: with_devices.then_some(members),
        })
    }
}

/// What went wrong in a failure report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Failure {
    /// Bundle the report is about.
    pub bundle: Option<String>,
    /// `failed`, `rolled_back` or `refused`.
    pub state: String,
    /// Traceback, refusal reason or detail.
    pub error: Option<String>,
    /// When it arrived (Unix ms).
    pub at: i64,
}

/// A `device` event: the device as `GET /api/v1/devices/{id}` shows it, plus
/// what changed and, for a failure, the failure.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DeviceEvent {
    /// `online`, `offline`, `report` (a deployment report: reported bundle
    /// and state), `failure`, `enrolled`, `tags`, `revoked` or `deleted`.
    pub change: String,
    /// The failure, for `change` = `failure`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure: Option<Failure>,
    /// The device after the change (before it, for `deleted`).
    #[serde(flatten)]
    pub device: DeviceView,
}

/// A `bundle` event.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BundleEvent {
    /// `uploaded` (also for one built by the server) or `deleted`.
    pub change: String,
    /// The bundle.
    #[serde(flatten)]
    pub bundle: BundleRow,
}

/// A `resync` event: events were lost for this subscriber (it fell behind,
/// resumed from an id the server no longer has, or the server lost its
/// connection to the other servers); re-read what is shown.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ResyncEvent {
    /// Why.
    pub reason: String,
}

/// One event of `GET /api/v1/events`. The SSE event name is the variant
/// (`device`, `rollout`, `rollout_device`, `bundle`, `resync`), the data its JSON.
// Events travel in an `Arc` once stamped: the size of the biggest variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(tag = "event", content = "data", rename_all = "snake_case")]
pub enum FleetEvent {
    /// A device came online, went offline, reported, failed, enrolled, changed tags, ...
    Device(DeviceEvent),
    /// A rollout was created, progressed or changed state (with its counts).
    Rollout(RolloutView),
    /// One device's progress in a rollout changed.
    RolloutDevice(RolloutDeviceRow),
    /// A bundle was uploaded, built or deleted.
    Bundle(BundleEvent),
    /// Events were lost: re-read.
    Resync(ResyncEvent),
}

impl FleetEvent {
    /// The SSE event name.
    pub fn name(&self) -> &'static str {
        match self {
            FleetEvent::Device(_) => "device",
            FleetEvent::Rollout(_) => "rollout",
            FleetEvent::RolloutDevice(_) => "rollout_device",
            FleetEvent::Bundle(_) => "bundle",
            FleetEvent::Resync(_) => "resync",
        }
    }

    /// The SSE data (JSON of the variant's content).
    pub fn data(&self) -> String {
        let v = match self {
            FleetEvent::Device(e) => serde_json::to_string(e),
            FleetEvent::Rollout(e) => serde_json::to_string(e),
            FleetEvent::RolloutDevice(e) => serde_json::to_string(e),
            FleetEvent::Bundle(e) => serde_json::to_string(e),
            FleetEvent::Resync(e) => serde_json::to_string(e),
        };
        v.unwrap_or_else(|_| "{}".into())
    }
}

/// An event with its id.
#[derive(Debug, Clone)]
pub struct Stamped {
    /// Counter within this process's epoch.
    pub seq: u64,
    /// `EPOCH.SEQ`, the SSE id.
    pub id: String,
    /// The event.
    pub event: FleetEvent,
}

/// What a producer reports; resolved into a [`FleetEvent`] by the events task.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "k", rename_all = "snake_case")]
pub enum Emit {
    /// A device changed (read back from the store when resolved).
    Device {
        /// Device id.
        id: String,
        /// What changed (see [`DeviceEvent::change`]).
        change: String,
        /// For a failure.
        #[serde(default)]
        failure: Option<Failure>,
    },
    /// A device was deleted (its last view travels with the event).
    DeviceDeleted {
        /// Device id.
        id: String,
        /// The device's JSON before deletion.
        view: serde_json::Value,
    },
    /// A rollout changed; `members` are member rows that changed.
    Rollout {
        /// Rollout id.
        id: String,
        /// Changed member rows (empty when many changed: the counts say it).
        #[serde(default)]
        members: Vec<RolloutDeviceRow>,
    },
    /// A bundle was uploaded or deleted.
    Bundle {
        /// `uploaded` or `deleted`.
        change: String,
        /// The bundle.
        bundle: BundleRow,
    },
}

/// The event hub of one process.
pub struct Events {
    tx: mpsc::Sender<(Emit, bool)>,
    rx: Mutex<Option<mpsc::Receiver<(Emit, bool)>>>,
    live: broadcast::Sender<Arc<Stamped>>,
    ring: Mutex<VecDeque<Arc<Stamped>>>,
    seq: AtomicU64,
    /// This process's random epoch (first part of every event id).
    pub epoch: String,
    /// Emits dropped because the queue was full.
    pub dropped: AtomicU64,
    /// Events delivered to subscribers since start.
    pub delivered: AtomicU64,
}

impl Default for Events {
    fn default() -> Self {
        Self::new()
    }
}

impl Events {
    /// A hub; start its task with [`run`].
    pub fn new() -> Events {
        let (tx, rx) = mpsc::channel(QUEUE);
        Events {
            tx,
            rx: Mutex::new(Some(rx)),
            live: broadcast::channel(SUBSCRIBER_BUFFER).0,
            ring: Mutex::new(VecDeque::with_capacity(RING)),
            seq: AtomicU64::new(0),
            epoch: crate::secrets::random_hex(4),
            dropped: AtomicU64::new(0),
            delivered: AtomicU64::new(0),
        }
    }

    /// Queues an event seen by this process only (shared with the other
    /// servers through PostgreSQL). Never blocks.
    pub fn emit(&self, e: Emit) {
        self.queue(e, true);
    }

    /// Queues an event every server derives by itself (kept local). Never blocks.
    pub fn emit_local(&self, e: Emit) {
        self.queue(e, false);
    }

    fn queue(&self, e: Emit, share: bool) {
        if self.tx.try_send((e, share)).is_err() {
            self.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Subscribes: the live receiver, and the events after `last_id` still
    /// kept (`Err` when `last_id` is from another epoch or too old: resync).
    #[allow(clippy::type_complexity)]
    pub fn subscribe(
        &self,
        last_id: Option<&str>,
    ) -> (
        broadcast::Receiver<Arc<Stamped>>,
        Result<Vec<Arc<Stamped>>, String>,
    ) {
        // Subscribe before reading the ring: nothing falls between the two
        // (duplicates are skipped by sequence number).
        let rx = self.live.subscribe();
        let Some(last) = last_id else {
            return (rx, Ok(Vec::new()));
        };
        let parsed = last
            .split_once('.')
            .filter(|(epoch, _)| *epoch == self.epoch)
            .and_then(|(_, n)| n.parse::<u64>().ok());
        let Some(n) = parsed else {
            return (
                rx,
                Err(format!(
                    "event {last} is from another server or an earlier run"
                )),
            );
        };
        let ring = self.ring.lock().unwrap_or_else(|e| e.into_inner());
        let oldest = ring
            .front()
            .map(|s| s.seq)
            .unwrap_or(self.seq.load(Ordering::SeqCst) + 1);
        if n + 1 < oldest {
            return (rx, Err(format!("events after {last} are no longer kept")));
        }
        (rx, Ok(ring.iter().filter(|s| s.seq > n).cloned().collect()))
    }

    /// Stamps and delivers a resolved event to this process's subscribers.
    pub fn deliver(&self, event: FleetEvent) {
        let seq = self.seq.fetch_add(1, Ordering::SeqCst) + 1;
        let s = Arc::new(Stamped {
            seq,
            id: format!("{}.{seq}", self.epoch),
            event,
        });
        {
            let mut ring = self.ring.lock().unwrap_or_else(|e| e.into_inner());
            if ring.len() == RING {
                ring.pop_front();
            }
            ring.push_back(s.clone());
        }
        self.delivered.fetch_add(1, Ordering::Relaxed);
        let _ = self.live.send(s);
    }

    /// Subscribers connected now.
    pub fn subscribers(&self) -> usize {
        self.live.receiver_count()
    }
}

/// Turns an emit into the events it stands for.
async fn resolve(app: &App, e: Emit) -> Vec<FleetEvent> {
    match e {
        Emit::Device {
            id,
            change,
            failure,
        } => match DeviceView::load(app, &id).await {
            Ok(Some(device)) => vec![FleetEvent::Device(DeviceEvent {
                change,
                failure,
                device,
            })],
            Ok(None) => vec![],
            Err(e) => {
                tracing::warn!(device = %id, "device event: {e}");
                vec![]
            }
        },
        Emit::DeviceDeleted { id, view } => match serde_json::from_value::<DeletedDevice>(view) {
            Ok(d) => vec![FleetEvent::Device(DeviceEvent {
                change: "deleted".into(),
                failure: None,
                device: d.into_view(),
            })],
            Err(e) => {
                tracing::warn!(device = %id, "deleted-device event: {e}");
                vec![]
            }
        },
        Emit::Rollout { id, members } => {
            let mut out: Vec<FleetEvent> =
                members.into_iter().map(FleetEvent::RolloutDevice).collect();
            match app.store.rollout(&id).await {
                Ok(Some(r)) => match RolloutView::load(app, r, false).await {
                    Ok(v) => out.push(FleetEvent::Rollout(v)),
                    Err(e) => tracing::warn!(rollout = %id, "rollout event: {e}"),
                },
                Ok(None) => {}
                Err(e) => tracing::warn!(rollout = %id, "rollout event: {e}"),
            }
            out
        }
        Emit::Bundle { change, bundle } => vec![FleetEvent::Bundle(BundleEvent { change, bundle })],
    }
}

/// The stored fields of a deleted device, as carried by [`Emit::DeviceDeleted`].
#[derive(Debug, Deserialize)]
struct DeletedDevice {
    id: String,
    #[serde(default)]
    revoked: i64,
    #[serde(default)]
    online: i64,
    #[serde(default)]
    last_seen: Option<i64>,
    #[serde(default)]
    enrolled_at: i64,
    #[serde(default)]
    running_bundle: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
}

impl DeletedDevice {
    fn into_view(self) -> DeviceView {
        let row = DeviceRow {
            id: self.id,
            mqtt_password_hash: String::new(),
            revoked: self.revoked,
            online: self.online,
            last_seen: self.last_seen,
            enrolled_at: self.enrolled_at,
            agent_version: None,
            interpreter_version: None,
            protocol_version: None,
            running_bundle: self.running_bundle,
            running_sequence: None,
            deploy_state: None,
            deploy_bundle: None,
            deploy_error: None,
            deploy_updated_at: None,
            info: "{}".into(),
            key_set_sequence: 0,
        };
        DeviceView::new(row, self.tags, None)
    }
}

/// Makes an emit small enough for one NOTIFY (long texts are cut; member
/// lists are dropped: the rollout's counts still say it).
fn notify_payload(e: &Emit) -> Option<String> {
    let text = serde_json::to_string(e).ok()?;
    if text.len() <= MAX_NOTIFY {
        return Some(text);
    }
    let mut e = e.clone();
    match &mut e {
        Emit::Device {
            failure: Some(f), ..
        } => {
            if let Some(err) = &mut f.error {
                let keep = err.len().saturating_sub(MAX_NOTIFY / 2);
                let start = err.ceil_char_boundary(keep);
                *err = err[start..].to_string();
            }
        }
        Emit::Rollout { members, .. } => members.clear(),
        Emit::DeviceDeleted { view, .. } => {
            let id = view.get("id").cloned().unwrap_or_default();
            *view = serde_json::json!({ "id": id });
        }
        _ => {}
    }
    serde_json::to_string(&e)
        .ok()
        .filter(|t| t.len() <= MAX_NOTIFY)
}

/// Resolves and delivers emits until shutdown; with PostgreSQL, also sends
/// shared emits with NOTIFY and delivers what every server notifies.
pub async fn run(app: Arc<App>, mut shutdown: watch::Receiver<bool>) {
    let Some(mut rx) = app
        .events
        .rx
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .take()
    else {
        return;
    };
    let pg = match &app.store {
        crate::store::Store::Postgres(p) => Some(p.clone()),
        crate::store::Store::Sqlite(_) => None,
    };
    if let Some(pool) = pg.clone() {
        tokio::spawn(listen(app.clone(), pool, shutdown.clone()));
    }
    loop {
        let (emit, share) = tokio::select! {
            _ = shutdown.changed() => return,
            m = rx.recv() => match m {
                Some(m) => m,
                None => return,
            },
        };
        if share && let Some(pool) = &pg {
            let Some(payload) = notify_payload(&emit) else {
                tracing::warn!("event too large to share: {emit:?}");
                continue;
            };
            if let Err(e) = sqlx::query("SELECT pg_notify($1, $2)")
                .bind(PG_CHANNEL)
                .bind(payload)
                .execute(pool)
                .await
            {
                tracing::warn!("sharing an event: {e}");
            }
            continue;
        }
        for ev in resolve(&app, emit).await {
            app.events.deliver(ev);
        }
    }
}

/// Delivers the events every server notifies (PostgreSQL `LISTEN`).
async fn listen(app: Arc<App>, pool: sqlx::PgPool, mut shutdown: watch::Receiver<bool>) {
    let mut backoff = std::time::Duration::from_millis(200);
    loop {
        let mut listener = match sqlx::postgres::PgListener::connect_with(&pool).await {
            Ok(l) => l,
            Err(e) => {
                tracing::warn!("events: LISTEN connection: {e}");
                tokio::select! {
                    _ = shutdown.changed() => return,
                    _ = tokio::time::sleep(backoff) => {}
                }
                backoff = (backoff * 2).min(std::time::Duration::from_secs(5));
                continue;
            }
        };
        if let Err(e) = listener
            .listen_all([PG_CHANNEL, crate::store::LOG_CHANNEL])
            .await
        {
            tracing::warn!("events: LISTEN: {e}");
            continue;
        }
        backoff = std::time::Duration::from_millis(200);
        loop {
            let n = tokio::select! {
                _ = shutdown.changed() => return,
                n = listener.try_recv() => n,
            };
            match n {
                Ok(Some(n)) if n.channel() == crate::store::LOG_CHANNEL => {
                    // Some server committed log lines: live log streams read on.
                    app.log_wake.send_modify(|g| *g = g.wrapping_add(1));
                }
                Ok(Some(n)) => match serde_json::from_str::<Emit>(n.payload()) {
                    Ok(emit) => {
                        for ev in resolve(&app, emit).await {
                            app.events.deliver(ev);
                        }
                    }
                    Err(e) => tracing::warn!("events: unreadable notification: {e}"),
                },
                Ok(None) | Err(_) => {
                    // The connection dropped: notifications in between are lost.
                    tracing::warn!("events: LISTEN connection lost; subscribers resync");
                    // Log streams lose nothing (they read the store): just look again.
                    app.log_wake.send_modify(|g| *g = g.wrapping_add(1));
                    app.events.deliver(FleetEvent::Resync(ResyncEvent {
                        reason: "the server lost its connection to the other servers' events"
                            .into(),
                    }));
                    break;
                }
            }
        }
    }
}

/// Emits for the member rows and state a rollout tick changed.
pub fn rollout_changed(app: &App, id: &str, changed: &[RolloutDeviceRow]) {
    let members = if changed.len() <= MAX_MEMBER_EVENTS {
        changed.to_vec()
    } else {
        Vec::new()
    };
    app.events.emit(Emit::Rollout {
        id: id.to_string(),
        members,
    });
}

/// A failure from a report's fields, stamped now.
pub fn failure(bundle: Option<String>, state: &str, error: Option<String>) -> Failure {
    Failure {
        bundle,
        state: state.to_string(),
        error,
        at: now_ms(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resync() -> FleetEvent {
        FleetEvent::Resync(ResyncEvent { reason: "x".into() })
    }

    #[test]
    fn resume_from_last_event_id_or_resync() {
        let ev = Events::new();
        for _ in 0..5 {
            ev.deliver(resync());
        }
        let id3 = format!("{}.3", ev.epoch);
        let (_rx, kept) = ev.subscribe(Some(&id3));
        let seqs: Vec<u64> = kept.unwrap().iter().map(|s| s.seq).collect();
        assert_eq!(seqs, [4, 5]);
        let (_rx, kept) = ev.subscribe(Some("other.3"));
        assert!(kept.is_err(), "another epoch means resync");
        let (_rx, kept) = ev.subscribe(Some("garbage"));
        assert!(kept.is_err());
        let (_rx, kept) = ev.subscribe(None);
        assert!(kept.unwrap().is_empty());
    }

    #[test]
    fn ring_forgets_old_events() {
        let ev = Events::new();
        for _ in 0..RING + 10 {
            ev.deliver(resync());
        }
        let (_rx, kept) = ev.subscribe(Some(&format!("{}.1", ev.epoch)));
        assert!(kept.is_err(), "event 2.. are gone");
        let last = format!("{}.{}", ev.epoch, RING + 9);
        let (_rx, kept) = ev.subscribe(Some(&last));
        assert_eq!(kept.unwrap().len(), 1);
    }

    #[test]
    fn a_slow_subscriber_lags_and_never_blocks_delivery() {
        let ev = Events::new();
        let (mut rx, _) = ev.subscribe(None);
        for _ in 0..SUBSCRIBER_BUFFER * 3 {
            ev.deliver(resync());
        }
        assert!(matches!(
            rx.try_recv(),
            Err(broadcast::error::TryRecvError::Lagged(_))
        ));
    }

    #[test]
    fn oversize_failures_are_cut_to_fit_a_notify() {
        let e = Emit::Device {
            id: "d".into(),
            change: "failure".into(),
            failure: Some(Failure {
                bundle: None,
                state: "failed".into(),
                error: Some("é".repeat(6000)),
                at: 0,
            }),
        };
        let p = notify_payload(&e).unwrap();
        assert!(p.len() <= MAX_NOTIFY);
        assert!(serde_json::from_str::<Emit>(&p).is_ok());
    }

    #[test]
    fn event_names_and_data() {
        let e = resync();
        assert_eq!(e.name(), "resync");
        assert_eq!(e.data(), r#"{"reason":"x"}"#);
    }
}
