//! Live per-device telemetry, for `GET /api/v1/devices/{id}/telemetry/stream`.
//!
//! Only watched devices cost anything: a device without a watcher is one
//! map lookup per message. With one server (embedded broker) the ingest
//! loop feeds the hub. With several servers (external broker, shared
//! subscriptions) a message reaches only one of them, so each server keeps a
//! second, unshared MQTT session (`pyrite-watch-*`) that subscribes to
//! `up/telemetry` and `up/heartbeat` of exactly the devices its clients
//! watch, and feeds the hub from there (the ingest loop then does not, so
//! nothing arrives twice). A watcher of such a server is ready once the
//! broker has acknowledged that subscription ([`Watcher::subscribed`]), so a
//! client that publishes right after the stream says `ready` loses nothing.
//! Live logs do not come through here: the log
//! stream reads the store (`http/timeseries.rs`), so its ids are the stored
//! ids on every server.

use crate::mqtt::client::BrokerLogin;
use crate::store::{LogRow, TelemetryPoint, now_ms};
use pyrite_protocol::messages;
use pyrite_protocol::topics::{self, TopicKind};
use rumqttc::{AsyncClient, Event, MqttOptions, Outgoing, Packet, QoS, SubscribeFilter};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;
use tokio::sync::{broadcast, watch};

/// Buffered items per watched device before a slow watcher lags.
const BUFFER: usize = 1024;

/// What one device's watchers receive.
#[derive(Debug, Clone)]
pub enum LiveItem {
    /// Points of one message.
    Points(Arc<Vec<TelemetryPoint>>),
}

struct Slot {
    tx: broadcast::Sender<LiveItem>,
    watchers: usize,
    /// True once the broker acknowledged the watch subscription (at once
    /// when the ingest loop feeds the hub).
    subscribed: watch::Sender<bool>,
}

/// The watch session's subscriptions on their way to the broker. rumqttc
/// does not say which packet id a subscribe request gets, but it sends
/// requests in the order they were queued and reports each as
/// `Outgoing::Subscribe(pkid)`; so the devices are queued here in that same
/// order (under the slots lock) and matched to their SUBACK by packet id.
#[derive(Default)]
struct PendingSubscribes {
    /// Devices whose SUBSCRIBE is queued but not yet sent.
    queued: VecDeque<String>,
    /// Sent SUBSCRIBEs by packet id, awaiting their SUBACK.
    sent: HashMap<u16, String>,
}

/// The hub of one process.
pub struct LiveHub {
    slots: Mutex<HashMap<String, Slot>>,
    pending: Mutex<PendingSubscribes>,
    /// The unshared watch session (several servers only).
    client: OnceLock<AsyncClient>,
}

impl Default for LiveHub {
    fn default() -> Self {
        LiveHub {
            slots: Mutex::new(HashMap::new()),
            pending: Mutex::new(PendingSubscribes::default()),
            client: OnceLock::new(),
        }
    }
}

/// How long a new watcher waits for the broker to acknowledge its
/// subscription before it reports ready anyway (a broker that never answers
/// must not hang the stream).
const SUBSCRIBE_WAIT: Duration = Duration::from_secs(5);

/// A watcher of one device; stops watching when dropped.
pub struct Watcher {
    hub: Arc<LiveHub>,
    device: String,
    /// Items as they arrive.
    pub rx: broadcast::Receiver<LiveItem>,
    subscribed: watch::Receiver<bool>,
}

impl Watcher {
    /// Waits until the device's messages reach this watcher: at once with one
    /// server; with several, when the broker acknowledged the watch
    /// subscription (or after [`SUBSCRIBE_WAIT`], with a warning).
    pub async fn subscribed(&mut self) {
        let ok = tokio::time::timeout(SUBSCRIBE_WAIT, self.subscribed.wait_for(|s| *s)).await;
        if !matches!(ok, Ok(Ok(_))) {
            tracing::warn!(device = %self.device, "watch subscription not acknowledged; streaming anyway");
        }
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.hub.release(&self.device);
    }
}

fn watch_topics(device: &str) -> Vec<String> {
    match pyrite_protocol::DeviceId::new(device) {
        Ok(id) => [TopicKind::Telemetry, TopicKind::Heartbeat]
            .into_iter()
            .map(|k| topics::topic(&id, k))
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// Queues one SUBSCRIBE for all of a device's watch topics and notes it in
/// `pending`; the caller holds the slots lock, which keeps `pending.queued`
/// in the order the requests reach the event loop.
fn subscribe_device(client: &AsyncClient, pending: &Mutex<PendingSubscribes>, device: &str) {
    let filters: Vec<SubscribeFilter> = watch_topics(device)
        .into_iter()
        .map(|t| SubscribeFilter::new(t, QoS::AtMostOnce))
        .collect();
    if filters.is_empty() {
        return;
    }
    match client.try_subscribe_many(filters) {
        Ok(()) => lock(pending).queued.push_back(device.to_string()),
        Err(e) => tracing::warn!(device, "watch subscribe: {e}"),
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl LiveHub {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Slot>> {
        lock(&self.slots)
    }

    /// Whether the ingest loop feeds the hub (one server) or the watch session does.
    pub fn fed_by_ingest(&self) -> bool {
        self.client.get().is_none()
    }

    /// Starts watching a device.
    pub fn watch(self: &Arc<Self>, device: &str) -> Watcher {
        let client = self.client.get();
        let mut slots = self.lock();
        let slot = slots.entry(device.to_string()).or_insert_with(|| Slot {
            tx: broadcast::channel(BUFFER).0,
            watchers: 0,
            subscribed: watch::channel(client.is_none()).0,
        });
        slot.watchers += 1;
        let (rx, subscribed) = (slot.tx.subscribe(), slot.subscribed.subscribe());
        if slot.watchers == 1
            && let Some(c) = client
        {
            subscribe_device(c, &self.pending, device);
        }
        drop(slots);
        Watcher {
            hub: self.clone(),
            device: device.to_string(),
            rx,
            subscribed,
        }
    }

    /// The watch session sent a SUBSCRIBE with packet id `pkid`.
    fn subscribe_sent(&self, pkid: u16) {
        let mut p = lock(&self.pending);
        if let Some(d) = p.queued.pop_front() {
            p.sent.insert(pkid, d);
        }
    }

    /// The broker acknowledged the SUBSCRIBE with packet id `pkid`.
    fn subscribe_acked(&self, pkid: u16) {
        let device = lock(&self.pending).sent.remove(&pkid);
        if let Some(d) = device
            && let Some(s) = self.lock().get(&d)
        {
            s.subscribed.send_replace(true);
        }
    }

    fn release(&self, device: &str) {
        let last = {
            let mut slots = self.lock();
            match slots.get_mut(device) {
                Some(s) if s.watchers > 1 => {
                    s.watchers -= 1;
                    false
                }
                Some(_) => {
                    slots.remove(device);
                    true
                }
                None => false,
            }
        };
        if last && let Some(c) = self.client.get() {
            for t in watch_topics(device) {
                let _ = c.try_unsubscribe(t);
            }
        }
    }

    /// Whether anyone watches `device`.
    pub fn is_watched(&self, device: &str) -> bool {
        self.lock().contains_key(device)
    }

    /// Hands an item to a device's watchers (if any; never blocks).
    pub fn publish(&self, device: &str, item: impl FnOnce() -> LiveItem) {
        if let Some(s) = self.lock().get(device) {
            let _ = s.tx.send(item());
        }
    }

    /// Starts the unshared watch session (several servers on one broker).
    pub fn start_watch_session(
        self: &Arc<Self>,
        login: &BrokerLogin,
        mut shutdown: watch::Receiver<bool>,
    ) {
        let id = format!("pyrite-watch-{}", crate::secrets::random_hex(4));
        let mut opts = MqttOptions::new(id, login.host.clone(), login.port);
        opts.set_credentials(login.username.clone(), login.password.clone());
        opts.set_keep_alive(Duration::from_secs(20));
        opts.set_max_packet_size(64 * 1024, 64 * 1024);
        opts.set_clean_session(true);
        let (client, mut eventloop) = AsyncClient::new(opts, 1024);
        let _ = self.client.set(client.clone());
        let hub = self.clone();
        tokio::spawn(async move {
            let mut backoff = Duration::from_millis(100);
            loop {
                let ev = tokio::select! {
                    _ = shutdown.changed() => {
                        let _ = client.disconnect().await;
                        return;
                    }
                    e = eventloop.poll() => e,
                };
                match ev {
                    Ok(Event::Incoming(Packet::ConnAck(_))) => {
                        backoff = Duration::from_millis(100);
                        // A clean session forgets subscriptions: watch again.
                        // Acknowledgements of the old connection never come.
                        let slots = hub.lock();
                        *lock(&hub.pending) = PendingSubscribes::default();
                        for d in slots.keys() {
                            subscribe_device(&client, &hub.pending, d);
                        }
                    }
                    Ok(Event::Outgoing(Outgoing::Subscribe(pkid))) => hub.subscribe_sent(pkid),
                    Ok(Event::Incoming(Packet::SubAck(ack))) => hub.subscribe_acked(ack.pkid),
                    Ok(Event::Incoming(Packet::Publish(p))) => {
                        hub.feed(&p.topic, &p.payload, now_ms());
                    }
                    Ok(_) => {}
                    Err(e) => {
                        tracing::warn!("watch session: {e}; retrying in {backoff:?}");
                        tokio::time::sleep(backoff).await;
                        backoff = (backoff * 2).min(Duration::from_secs(5));
                    }
                }
            }
        });
    }

    /// Decodes a device message from the watch session and hands it on.
    fn feed(&self, topic: &str, payload: &[u8], now: i64) {
        let Ok(t) = topics::parse(topic) else {
            return;
        };
        let device = t.device_id;
        if payload.len() > t.kind.max_payload() || !self.is_watched(device) {
            return;
        }
        match t.kind {
            TopicKind::Telemetry => {
                if let Ok(b) = messages::decode_telemetry(payload) {
                    let pts = telemetry_points(device, &b, now);
                    self.publish(device, || LiveItem::Points(Arc::new(pts)));
                }
            }
            TopicKind::Heartbeat => {
                if let Ok(h) = messages::decode_heartbeat(payload) {
                    let pts = heartbeat_points(device, &h, now);
                    self.publish(device, || LiveItem::Points(Arc::new(pts)));
                }
            }
            _ => {}
        }
    }
}

/// Converts a device-uptime timestamp into server time, given the batch's
/// `sent_at` (also uptime) and the arrival time.
pub fn to_server_time(t: u64, sent_at: u64, arrived: i64) -> i64 {
    let age = sent_at.saturating_sub(t).min(7 * 86_400_000) as i64;
    arrived - age
}

/// The points of a telemetry batch, in server time.
pub fn telemetry_points(
    device: &str,
    b: &messages::TelemetryBatch,
    now: i64,
) -> Vec<TelemetryPoint> {
    let mut out = Vec::new();
    for s in &b.series {
        for (t, v) in &s.points {
            out.push(TelemetryPoint {
                device_id: device.to_string(),
                metric: s.name.clone(),
                ts: to_server_time(*t, b.sent_at, now),
                value: *v,
            });
        }
    }
    out
}

/// The metrics a heartbeat carries, as points at `now`.
pub fn heartbeat_points(device: &str, h: &messages::Heartbeat, now: i64) -> Vec<TelemetryPoint> {
    let mut out = Vec::with_capacity(6);
    let mut point = |metric: &str, value: f64| {
        out.push(TelemetryPoint {
            device_id: device.to_string(),
            metric: metric.to_string(),
            ts: now,
            value,
        })
    };
    point("uptime_s", h.uptime_ms as f64 / 1000.0);
    point("free_ram", h.free_ram as f64);
    if let Some(f) = h.free_flash {
        point("free_flash", f as f64);
    }
    if let Some(r) = h.rssi {
        point("rssi", r as f64);
    }
    point("reconnects", h.reconnects as f64);
    point(
        "app_running",
        if h.app_state == messages::AppState::Running {
            1.0
        } else {
            0.0
        },
    );
    out
}

/// The lines of a log batch as (unstored) rows, in server time.
pub fn log_rows(device: &str, b: messages::LogBatch, now: i64) -> Vec<LogRow> {
    b.lines
        .into_iter()
        .map(|l| LogRow {
            id: 0,
            device_id: device.to_string(),
            ts: to_server_time(l.t, b.sent_at, now),
            level: serde_json::to_value(l.level)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_else(|| "info".into()),
            message: l.msg,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uptime_stamps_become_server_time() {
        assert_eq!(to_server_time(9_000, 10_000, 1_000_000), 999_000);
        // A timestamp "after" sending (clock glitch) counts as now.
        assert_eq!(to_server_time(11_000, 10_000, 1_000_000), 1_000_000);
    }

    #[test]
    fn only_watched_devices_get_items_and_watching_ends_on_drop() {
        let hub = Arc::new(LiveHub::default());
        assert!(hub.fed_by_ingest());
        let mut w = hub.watch("d1");
        let mut called = false;
        hub.publish("d2", || {
            called = true;
            LiveItem::Points(Arc::new(vec![]))
        });
        assert!(!called, "an unwatched device costs no item");
        let p = TelemetryPoint {
            device_id: "d1".into(),
            metric: "temp".into(),
            ts: 5,
            value: 21.5,
        };
        hub.publish("d1", || LiveItem::Points(Arc::new(vec![p.clone()])));
        match w.rx.try_recv() {
            Ok(LiveItem::Points(pts)) => assert_eq!(pts[0], p),
            other => panic!("expected points, got {other:?}"),
        }
        let w2 = hub.watch("d1");
        drop(w);
        assert!(hub.is_watched("d1"));
        drop(w2);
        assert!(!hub.is_watched("d1"));
    }

    #[test]
    fn watch_session_messages_are_decoded() {
        let hub = Arc::new(LiveHub::default());
        let mut w = hub.watch("d1");
        let topic = "pyrite/v1/dev/d1/up/telemetry";
        hub.feed(
            topic,
            br#"{"sent_at":2000,"series":[{"name":"temp","points":[[1000,20.5]]}]}"#,
            10_000,
        );
        hub.feed(topic, b"not json", 10_000);
        match w.rx.try_recv() {
            Ok(LiveItem::Points(pts)) => {
                assert_eq!(
                    (pts[0].metric.as_str(), pts[0].ts, pts[0].value),
                    ("temp", 9_000, 20.5)
                )
            }
            other => panic!("expected points, got {other:?}"),
        }
        assert!(w.rx.try_recv().is_err(), "a malformed payload is dropped");
    }
}
