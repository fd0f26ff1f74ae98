//! Everything devices publish, handled by topic kind. Each message is
//! checked (topic, known device, size, schema) before it touches the store;
//! anything wrong is counted, logged and dropped.

use super::batch::IngestItem;
use super::events::{self, Emit};
use super::live::{self, LiveItem};
use super::{chunks, desired};
use crate::app::App;
use crate::mqtt::client::Incoming;
use crate::store::{DeviceUpdate, LogRow, ReportRow, now_ms};
use pyrite_protocol::messages::{self, Status};
use pyrite_protocol::topics::{DeviceTopic, Direction, TopicKind};
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};
use tokio::sync::{Mutex, mpsc};

/// How long "device X is enrolled and not revoked" is trusted without asking the database.
const KNOWN_TTL: Duration = Duration::from_secs(5);

/// Cache of which device ids are enrolled and not revoked.
#[derive(Default)]
pub struct KnownDevices {
    map: Mutex<HashMap<String, (bool, Instant)>>,
}

impl KnownDevices {
    async fn allowed(&self, app: &App, id: &str) -> bool {
        if let Some((ok, at)) = self.map.lock().await.get(id)
            && at.elapsed() < KNOWN_TTL
        {
            return *ok;
        }
        let ok = matches!(app.store.device(id).await, Ok(Some(d)) if d.revoked == 0);
        self.map
            .lock()
            .await
            .insert(id.to_string(), (ok, Instant::now()));
        ok
    }
}

/// Handles incoming messages until the channel closes. Chunk requests and
/// REPL output are served inline (latency matters); the rest is cheap or batched.
/// A message is acknowledged to the broker once handled (stored, queued for
/// the writer, or rejected), so the broker's in-flight window is the bound
/// on what this server holds unacknowledged.
pub async fn run(app: Arc<App>, mut rx: mpsc::Receiver<Incoming>) {
    let known = KnownDevices::default();
    while let Some(mut msg) = rx.recv().await {
        let ack = msg.ack.take();
        if let Err(reason) = handle(&app, &known, &msg).await {
            app.counters.rejected.fetch_add(1, Ordering::Relaxed);
            tracing::warn!(topic = %msg.topic, len = msg.payload.len(), "rejected device message: {reason}");
        }
        if let Some(ack) = ack {
            ack.send();
        }
    }
}

/// Handles one device message: checks it, stores what it says, and tells
/// live watchers and the event stream.
pub(crate) async fn handle(
    app: &Arc<App>,
    known: &KnownDevices,
    msg: &Incoming,
) -> Result<(), String> {
    let topic = DeviceTopic::parse(&msg.topic).map_err(|e| format!("topic: {e}"))?;
    if topic.kind.direction() != Direction::Up {
        return Ok(()); // our own publications echoed back
    }
    if msg.payload.len() > topic.kind.max_payload() {
        return Err(format!(
            "payload of {} bytes is over the limit",
            msg.payload.len()
        ));
    }
    let device = topic.device_id;
    if !known.allowed(app, device).await {
        return Err(format!("unknown or revoked device {device}"));
    }
    let now = now_ms();
    let err = |e: pyrite_protocol::ProtocolError| e.to_string();
    match topic.kind {
        TopicKind::Status => match messages::decode_status(&msg.payload).map_err(err)? {
            Status::Offline => {
                update(
                    app,
                    device,
                    DeviceUpdate {
                        online: Some(false),
                        ..Default::default()
                    },
                )
                .await?;
                tracing::info!(device, "device offline");
                // Every server takes `up/status` unshared: each tells its own subscribers.
                app.events.emit_local(Emit::Device {
                    id: device.to_string(),
                    change: "offline".into(),
                    failure: None,
                });
            }
            Status::Online(b) => {
                let info = serde_json::json!({
                    "platform": b.platform, "free_ram": b.free_ram, "free_flash": b.free_flash,
                    "max_bundle_size": b.max_bundle_size, "app_state": b.app_state,
                    "key_set_sequence": b.key_set_sequence, "boot_count": b.boot_count,
                });
                let key_seq = b.key_set_sequence;
                let u = DeviceUpdate {
                    online: Some(true),
                    key_set_sequence: Some(i64::try_from(key_seq).unwrap_or(i64::MAX)),
                    agent_version: Some(b.agent_version),
                    interpreter_version: Some(b.interpreter_version),
                    protocol_version: Some(b.protocol as i64),
                    running_bundle: b.running.as_ref().map(|r| r.sha256.clone()),
                    running_sequence: b.running.as_ref().map(|r| r.sequence as i64),
                    info: Some(info.to_string()),
                    ..Default::default()
                };
                update(app, device, u).await?;
                tracing::info!(device, "device online");
                app.events.emit_local(Emit::Device {
                    id: device.to_string(),
                    change: "online".into(),
                    failure: None,
                });
                // Converge even if the broker lost the retained desired state.
                if matches!(app.store.desired_state(device).await, Ok(Some(_)))
                    && let Err(e) = desired::publish(app, device).await
                {
                    tracing::warn!(device, "republishing desired state: {e}");
                }
                // A device behind the fleet's key set gets the rotations it missed.
                if let Err(e) = super::keys::converge(app, device, key_seq).await {
                    tracing::warn!(device, "sending missed key rotations: {e:#}");
                }
                app.tick.notify_one();
            }
        },
        TopicKind::Heartbeat => {
            let h = messages::decode_heartbeat(&msg.payload).map_err(err)?;
            // Back from a silence long enough to count as offline: say so.
            let back = matches!(app.store.mark_online_if_offline(device).await, Ok(true));
            let u = DeviceUpdate {
                online: Some(true),
                running_bundle: h.running.as_ref().map(|r| r.sha256.clone()),
                running_sequence: h.running.as_ref().map(|r| r.sequence as i64),
                ..Default::default()
            };
            update(app, device, u).await?;
            if back {
                app.events.emit(Emit::Device {
                    id: device.to_string(),
                    change: "online".into(),
                    failure: None,
                });
            }
            let points = live::heartbeat_points(device, &h, now);
            if app.live.fed_by_ingest() {
                app.live
                    .publish(device, || LiveItem::Points(Arc::new(points.clone())));
            }
            queue(app, msg, points.into_iter().map(IngestItem::Point)).await?;
        }
        TopicKind::Report => {
            let r = messages::decode_report(&msg.payload).map_err(err)?;
            let state = serde_json::to_value(r.state)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string));
            let state = state.unwrap_or_else(|| "unknown".into());
            let error = match (&r.reason, &r.traceback, &r.detail) {
                (Some(reason), _, detail) => Some(match detail {
                    Some(d) => format!("{}: {d}", reason.code()),
                    None => reason.code().to_string(),
                }),
                (None, Some(tb), _) => Some(tb.clone()),
                (None, None, Some(d)) => Some(d.clone()),
                _ => None,
            };
            let mut u = DeviceUpdate {
                online: Some(true),
                ..Default::default()
            };
            if matches!(state.as_str(), "running" | "healthy")
                && let (Some(sha), Some(seq)) = (&r.sha256, r.sequence)
            {
                u.running_bundle = Some(sha.clone());
                u.running_sequence = Some(seq as i64);
            }
            u.deploy = Some((state.clone(), r.sha256.clone(), error.clone()));
            update(app, device, u).await?;
            // Every report is kept: the rollout planner must see a failure
            // even when the rollback's reports follow it within milliseconds.
            let row = ReportRow {
                id: 0,
                device_id: device.to_string(),
                bundle_sha256: r.sha256.clone(),
                sequence: r.sequence.map(|s| s as i64),
                state: state.clone(),
                error: error.clone(),
                at: now,
            };
            if let Err(e) = app.store.insert_report(&row).await {
                tracing::error!(device, "storing a deployment report: {e}");
            }
            tracing::info!(device, state = %state, bundle = ?r.sha256, "deployment report");
            let failed = matches!(state.as_str(), "failed" | "refused" | "rolled_back");
            if let Some(e) = error.as_ref().filter(|_| failed) {
                let line = IngestItem::Log(LogRow {
                    id: 0,
                    device_id: device.to_string(),
                    ts: now,
                    level: "error".into(),
                    message: format!("deployment {state}: {e}"),
                });
                queue(app, msg, [line]).await?;
            }
            app.events.emit(Emit::Device {
                id: device.to_string(),
                change: if failed { "failure" } else { "report" }.into(),
                failure: failed.then(|| events::failure(r.sha256.clone(), &state, error.clone())),
            });
            app.tick.notify_one();
        }
        TopicKind::ChunkRequest => {
            let req = messages::decode_chunk_request(&msg.payload).map_err(err)?;
            chunks::serve(app, device, &req).await?;
        }
        TopicKind::Log => {
            let batch = messages::decode_log_batch(&msg.payload).map_err(err)?;
            let dropped = batch.dropped;
            let lines = live::log_rows(device, batch, now);
            queue(app, msg, lines.into_iter().map(IngestItem::Log)).await?;
            if dropped > 0 {
                tracing::info!(device, dropped, "device dropped log lines");
            }
        }
        TopicKind::Telemetry => {
            let batch = messages::decode_telemetry(&msg.payload).map_err(err)?;
            let points = live::telemetry_points(device, &batch, now);
            if app.live.fed_by_ingest() {
                app.live
                    .publish(device, || LiveItem::Points(Arc::new(points.clone())));
            }
            queue(app, msg, points.into_iter().map(IngestItem::Point)).await?;
        }
        TopicKind::ReplOut => {
            let out = messages::decode_repl_out(&msg.payload).map_err(err)?;
            app.repl.deliver(device, out).await;
        }
        TopicKind::CommandAck => {
            let ack = messages::decode_command_ack(&msg.payload).map_err(err)?;
            tracing::info!(device, id = %ack.id, ok = ack.ok, error = ?ack.error, "command acknowledged");
        }
        _ => {}
    }
    Ok(())
}

/// Hands items to the batch writer, waiting for room when it is behind.
async fn queue(
    app: &App,
    msg: &Incoming,
    items: impl IntoIterator<Item = IngestItem>,
) -> Result<(), String> {
    for item in items {
        app.ingest
            .push(msg.received, item)
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

async fn update(app: &App, device: &str, u: DeviceUpdate) -> Result<(), String> {
    match app.store.update_device(device, &u).await {
        Ok(true) => Ok(()),
        Ok(false) => Err(format!("unknown device {device}")),
        Err(e) => {
            tracing::error!(device, "storing device update: {e}");
            Ok(())
        }
    }
}
