//! The running server's shared state, handed to HTTP handlers, the MQTT
//! ingest loop and the background tasks.

use crate::mqtt::client::MqttHandle;
use crate::mqtt::proxy::Connections;
use crate::services::batch::{IngestQueue, WriterStats};
use crate::services::bundle_files::BundleFiles;
use crate::services::events::Events;
use crate::services::live::LiveHub;
use crate::services::repl::ReplHub;
use crate::store::Store;
use pyrite_protocol::keys::SecretKey;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use tokio::sync::{Notify, watch};

/// Settings that shape behaviour (from the command line).
#[derive(Debug, Clone)]
pub struct Settings {
    /// Data folder (bundles, keys, the SQLite file, the admin token).
    pub data_dir: PathBuf,
    /// Broker host a device should use (`None` = the host it enrolled through).
    pub device_mqtt_host: Option<String>,
    /// Broker port a device should use.
    pub device_mqtt_port: u16,
    /// Seconds between device heartbeats (told at enrollment).
    pub heartbeat_interval_s: u32,
    /// Days of telemetry and logs kept.
    pub retention_days: i64,
    /// Folder where Mosquitto's password file is kept current (external broker).
    pub mosquitto_dir: Option<PathBuf>,
    /// PID file of the Mosquitto to signal (SIGHUP) after rewriting its files.
    pub mosquitto_pid_file: Option<PathBuf>,
    /// Port of the embedded broker's TLS device listener (`--mqtts`), told to
    /// devices that enroll over HTTPS.
    pub device_mqtts_port: Option<u16>,
}

/// Counters for `/metrics`.
#[derive(Default)]
pub struct Counters {
    /// MQTT messages refused (malformed, oversize, unknown device, wrong topic).
    pub rejected: AtomicU64,
    /// What the batch writer stored, gave up and how far behind it is.
    pub writer: WriterStats,
    /// MQTT messages in and out per second, over the last few seconds.
    pub rates: MessageRates,
}

/// How many one-second samples [`MessageRates`] keeps: rates are averaged
/// over the last ten seconds.
const RATE_SAMPLES: usize = 11;

/// Recent totals of MQTT messages in and out, sampled once a second, for the
/// per-second gauges of `/metrics` (the `_total` counters serve `rate()` in
/// Prometheus; these read right with `curl` or a dashboard without one).
#[derive(Default)]
pub struct MessageRates {
    samples: std::sync::Mutex<std::collections::VecDeque<(std::time::Instant, u64, u64)>>,
}

impl MessageRates {
    /// Records the totals (in, out) at `at`.
    pub fn sample(&self, at: std::time::Instant, received: u64, sent: u64) {
        let mut s = self
            .samples
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        s.push_back((at, received, sent));
        while s.len() > RATE_SAMPLES {
            s.pop_front();
        }
    }

    /// Messages (in, out) per second between the oldest and newest samples;
    /// zero until two samples exist.
    pub fn per_second(&self) -> (f64, f64) {
        let s = self
            .samples
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let (Some(first), Some(last)) = (s.front(), s.back()) else {
            return (0.0, 0.0);
        };
        let secs = last.0.duration_since(first.0).as_secs_f64();
        if secs <= 0.0 {
            return (0.0, 0.0);
        }
        (
            last.1.saturating_sub(first.1) as f64 / secs,
            last.2.saturating_sub(first.2) as f64 / secs,
        )
    }
}

/// Samples the MQTT message totals into [`Counters::rates`] once a second until shutdown.
pub async fn sample_message_rates(app: AppRef, mut shutdown: watch::Receiver<bool>) {
    use std::sync::atomic::Ordering;
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => app.counters.rates.sample(
                std::time::Instant::now(),
                app.mqtt.received.load(Ordering::Relaxed),
                app.mqtt.sent.load(Ordering::Relaxed),
            ),
            _ = shutdown.changed() => return,
        }
    }
}

/// Everything the server's tasks share.
pub struct App {
    /// The database.
    pub store: Store,
    /// Settings.
    pub settings: Settings,
    /// The server's MQTT session.
    pub mqtt: MqttHandle,
    /// Device connections of the embedded broker (`None` with an external broker).
    pub conns: Option<Arc<Connections>>,
    /// Bundle files, content-addressed.
    pub bundles: BundleFiles,
    /// The server's signing key (`None` with `--no-server-key`).
    pub server_key: Option<SecretKey>,
    /// Bumped whenever log lines were committed (by this process's writer,
    /// or by another server: PostgreSQL `NOTIFY`); live log streams then read
    /// the store past their cursor.
    pub log_wake: watch::Sender<u64>,
    /// Batched telemetry/log writer.
    pub ingest: IngestQueue,
    /// Remote REPL sessions.
    pub repl: ReplHub,
    /// Fleet events for `GET /api/v1/events`.
    pub events: Events,
    /// Live per-device telemetry and log streams.
    pub live: Arc<LiveHub>,
    /// Wakes the rollout ticker early (a report arrived, an operator acted).
    pub tick: Notify,
    /// Counters.
    pub counters: Counters,
    /// This process's id for database leases.
    pub instance: String,
    /// Process start (for `/metrics` rates).
    pub started: std::time::Instant,
}

/// Shared handle.
pub type AppRef = Arc<App>;

#[cfg(test)]
impl App {
    /// An app over `store` for tests: no broker (publishes queue up), bundle
    /// files in `data`, the batch writer running.
    pub fn for_tests(store: Store, data: &std::path::Path) -> Arc<App> {
        let (stop, shutdown) = crate::shutdown::channel();
        // Tests never shut these tasks down (a dropped sender would).
        std::mem::forget(stop);
        let (in_tx, _in_rx) = tokio::sync::mpsc::channel(16);
        let login = crate::mqtt::client::BrokerLogin {
            host: "127.0.0.1".into(),
            port: 9,
            username: "test".into(),
            password: "test".into(),
            shared: false,
        };
        let mqtt = MqttHandle::start(login, in_tx, shutdown.clone());
        let log_wake = watch::Sender::new(0);
        let counters = Counters::default();
        let (ingest, _writer) = IngestQueue::start(
            store.clone(),
            crate::services::batch::DEFAULT_QUEUE,
            log_wake.clone(),
            counters.writer.clone(),
            shutdown,
        );
        Arc::new(App {
            store,
            settings: Settings {
                data_dir: data.to_path_buf(),
                device_mqtt_host: None,
                device_mqtt_port: 1883,
                heartbeat_interval_s: 30,
                retention_days: 30,
                mosquitto_dir: None,
                mosquitto_pid_file: None,
                device_mqtts_port: None,
            },
            mqtt,
            conns: None,
            bundles: BundleFiles::open(data).expect("bundle folder"),
            server_key: None,
            log_wake,
            ingest,
            repl: ReplHub::default(),
            events: Events::new(),
            live: Arc::new(LiveHub::default()),
            tick: Notify::new(),
            counters,
            instance: "test".into(),
            started: std::time::Instant::now(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::MessageRates;
    use std::time::{Duration, Instant};

    #[test]
    fn rates_average_over_the_window() {
        let r = MessageRates::default();
        assert_eq!(r.per_second(), (0.0, 0.0));
        let t0 = Instant::now();
        r.sample(t0, 100, 10);
        assert_eq!(r.per_second(), (0.0, 0.0), "one sample is no rate");
        r.sample(t0 + Duration::from_secs(2), 300, 14);
        assert_eq!(r.per_second(), (100.0, 2.0));
        // Old samples leave the window: 20 more seconds at 5 in/s, nothing out.
        for i in 1..=20u64 {
            r.sample(t0 + Duration::from_secs(2 + i), 300 + 5 * i, 14);
        }
        assert_eq!(r.per_second(), (5.0, 0.0));
    }
}
