//! Batched ingestion: telemetry points and log lines go through a bounded
//! channel to one writer task that inserts them in multi-row transactions
//! (every 250 ms or 5,000 items, whichever comes first).

use crate::store::{LogRow, Store, TelemetryPoint};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::{broadcast, mpsc, watch};

/// One item to store.
#[derive(Debug)]
pub enum IngestItem {
    /// A telemetry sample.
    Point(TelemetryPoint),
    /// A log line.
    Log(LogRow),
}

/// Sender side of the batch writer.
#[derive(Clone)]
pub struct IngestQueue {
    tx: mpsc::Sender<(Instant, IngestItem)>,
    /// Items dropped because the queue was full (backpressure: never block MQTT).
    pub dropped: Arc<AtomicU64>,
}

const FLUSH_EVERY: Duration = Duration::from_millis(250);
const FLUSH_ITEMS: usize = 5_000;
const QUEUE: usize = 100_000;

/// Where the writer reports what it stored.
pub struct WriterStats {
    /// Telemetry points stored.
    pub points: Arc<AtomicU64>,
    /// Log lines stored.
    pub logs: Arc<AtomicU64>,
    /// Age of the oldest item of the last batch (ms).
    pub lag_ms: Arc<AtomicU64>,
}

impl IngestQueue {
    /// Starts the writer task. It drains and flushes everything when
    /// `shutdown` flips, then ends; await the returned handle for that.
    pub fn start(
        store: Store,
        log_events: broadcast::Sender<LogRow>,
        stats: WriterStats,
        mut shutdown: watch::Receiver<bool>,
    ) -> (IngestQueue, tokio::task::JoinHandle<()>) {
        let (tx, mut rx) = mpsc::channel::<(Instant, IngestItem)>(QUEUE);
        let task = tokio::spawn(async move {
            let mut points = Vec::new();
            let mut logs = Vec::new();
            let mut oldest: Option<Instant> = None;
            let mut timer = tokio::time::interval(FLUSH_EVERY);
            let mut closing = false;
            loop {
                tokio::select! {
                    item = rx.recv() => match item {
                        Some((t, item)) => {
                            oldest.get_or_insert(t);
                            match item {
                                IngestItem::Point(p) => points.push(p),
                                IngestItem::Log(l) => logs.push(l),
                            }
                            if points.len() + logs.len() < FLUSH_ITEMS {
                                continue;
                            }
                        }
                        None => closing = true,
                    },
                    _ = timer.tick() => {}
                    _ = shutdown.changed(), if !closing => {
                        closing = true;
                        rx.close();
                        while let Ok((_, item)) = rx.try_recv() {
                            match item {
                                IngestItem::Point(p) => points.push(p),
                                IngestItem::Log(l) => logs.push(l),
                            }
                        }
                    }
                }
                if let Some(t) = oldest.take() {
                    stats
                        .lag_ms
                        .store(t.elapsed().as_millis() as u64, Ordering::Relaxed);
                }
                if !points.is_empty() {
                    match store.insert_telemetry(&points).await {
                        Ok(()) => {
                            stats
                                .points
                                .fetch_add(points.len() as u64, Ordering::Relaxed);
                        }
                        Err(e) => {
                            tracing::error!(n = points.len(), "storing telemetry failed: {e}")
                        }
                    }
                    points.clear();
                }
                if !logs.is_empty() {
                    match store.insert_logs(&logs).await {
                        Ok(()) => {
                            stats.logs.fetch_add(logs.len() as u64, Ordering::Relaxed);
                            // Followers need ids: read back what was just stored.
                            publish_logs(&store, &log_events, &logs).await;
                        }
                        Err(e) => tracing::error!(n = logs.len(), "storing logs failed: {e}"),
                    }
                    logs.clear();
                }
                if closing {
                    return;
                }
            }
        });
        (
            IngestQueue {
                tx,
                dropped: Arc::new(AtomicU64::new(0)),
            },
            task,
        )
    }

    /// Queues an item; drops it (and counts) when the writer is far behind.
    pub fn push(&self, item: IngestItem) {
        if self.tx.try_send((Instant::now(), item)).is_err() {
            self.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// Sends the newly stored lines, with their ids, to live followers.
async fn publish_logs(store: &Store, events: &broadcast::Sender<LogRow>, logs: &[LogRow]) {
    if events.receiver_count() == 0 {
        return;
    }
    let mut devices: Vec<&str> = logs.iter().map(|l| l.device_id.as_str()).collect();
    devices.sort_unstable();
    devices.dedup();
    for d in devices {
        let n = logs.iter().filter(|l| l.device_id == d).count() as i64;
        if let Ok(rows) = store.logs(d, 0, n, true).await {
            for r in rows {
                let _ = events.send(r);
            }
        }
    }
}
