//! Batched ingestion: telemetry points and log lines go through a bounded
//! queue to one writer task that inserts them in multi-row transactions
//! (a batch is at most [`BATCH_ITEMS`] items and waits at most
//! [`BATCH_INTERVAL`]).
//!
//! Nothing is dropped for being late: a full queue makes [`IngestQueue::push`]
//! wait for room, which stops the ingest loop, which stops the MQTT session
//! reading, which pushes back on the broker (ARCHITECTURE.md, "Ingest"). A
//! batch the database refuses is retried with backoff before it is given up.

use crate::store::{LogRow, Store, StoreError, TelemetryPoint};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::mpsc::error::TrySendError;
use tokio::sync::{mpsc, watch};

/// One item to store.
#[derive(Debug)]
pub enum IngestItem {
    /// A telemetry sample.
    Point(TelemetryPoint),
    /// A log line.
    Log(LogRow),
}

/// Most items in one batch (one transaction per kind).
pub const BATCH_ITEMS: usize = 5_000;
/// Longest a queued item waits for its batch to fill.
pub const BATCH_INTERVAL: Duration = Duration::from_millis(250);
/// Queue capacity unless `serve --ingest-queue` says otherwise.
pub const DEFAULT_QUEUE: usize = 100_000;
/// Tries of one batch before it is given up (about 20 s of backoff).
const MAX_ATTEMPTS: u32 = 10;
/// Tries of one batch while the server shuts down.
const MAX_ATTEMPTS_CLOSING: u32 = 3;
/// Wait after a batch's first refusal (doubling, at most [`MAX_BACKOFF`]).
const FIRST_BACKOFF: Duration = Duration::from_millis(100);
/// Longest wait between two tries of a batch.
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// The queue was closed: the server is shutting down.
#[derive(Debug, thiserror::Error)]
#[error("the ingest queue is closed (server shutting down)")]
pub struct QueueClosed;

/// Sender side of the batch writer; cheap to clone.
#[derive(Clone)]
pub struct IngestQueue {
    tx: mpsc::Sender<(Instant, IngestItem)>,
    capacity: usize,
    /// Pushes that found the queue full and waited for room.
    pub waits: Arc<AtomicU64>,
    /// Total time pushes spent waiting for room (µs).
    pub waited_us: Arc<AtomicU64>,
}

/// Where the writer reports what it did.
#[derive(Clone, Default)]
pub struct WriterStats {
    /// Telemetry points stored.
    pub points: Arc<AtomicU64>,
    /// Log lines stored.
    pub logs: Arc<AtomicU64>,
    /// Items given up after the database refused their batch [`MAX_ATTEMPTS`] times.
    pub failed: Arc<AtomicU64>,
    /// Time from the device message's arrival to the commit of the oldest
    /// item of the last batch (ms).
    pub lag_ms: Arc<AtomicU64>,
    /// Arrival of the oldest item the writer holds and has not committed
    /// (none while everything taken is committed): the current ingest lag
    /// grows from it while the database is slow or away.
    pub pending_since: Arc<std::sync::Mutex<Option<Instant>>>,
}

impl WriterStats {
    /// Age of the oldest telemetry point or log line the writer holds
    /// uncommitted; zero when it holds none.
    pub fn current_lag(&self) -> Duration {
        let since = *self
            .pending_since
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        since.map_or(Duration::ZERO, |t| t.elapsed())
    }

    fn set_pending(&self, since: Option<Instant>) {
        *self
            .pending_since
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = since;
    }
}

impl IngestQueue {
    /// Starts the writer task over a queue of `capacity` items. It drains and
    /// flushes everything when `shutdown` flips, then ends; await the
    /// returned handle for that.
    pub fn start(
        store: Store,
        capacity: usize,
        log_wake: watch::Sender<u64>,
        stats: WriterStats,
        shutdown: watch::Receiver<bool>,
    ) -> (IngestQueue, tokio::task::JoinHandle<()>) {
        let capacity = capacity.max(1);
        let (tx, rx) = mpsc::channel::<(Instant, IngestItem)>(capacity);
        let writer = Writer {
            store,
            log_wake,
            stats,
        };
        let task = tokio::spawn(writer.run(rx, shutdown));
        let queue = IngestQueue {
            tx,
            capacity,
            waits: Arc::default(),
            waited_us: Arc::default(),
        };
        (queue, task)
    }

    /// Queues an item that arrived at `received`, waiting for room when the
    /// writer is behind (that wait is the back-pressure).
    pub async fn push(&self, received: Instant, item: IngestItem) -> Result<(), QueueClosed> {
        match self.tx.try_send((received, item)) {
            Ok(()) => Ok(()),
            Err(TrySendError::Closed(_)) => Err(QueueClosed),
            Err(TrySendError::Full(entry)) => {
                let start = Instant::now();
                self.waits.fetch_add(1, Ordering::Relaxed);
                let sent = self.tx.send(entry).await;
                let us = u64::try_from(start.elapsed().as_micros()).unwrap_or(u64::MAX);
                self.waited_us.fetch_add(us, Ordering::Relaxed);
                sent.map_err(|_| QueueClosed)
            }
        }
    }

    /// Items queued now, not yet taken by the writer.
    pub fn depth(&self) -> usize {
        self.capacity.saturating_sub(self.tx.capacity())
    }

    /// Most items the queue holds.
    pub fn capacity(&self) -> usize {
        self.capacity
    }
}

/// The one task that commits batches.
struct Writer {
    store: Store,
    log_wake: watch::Sender<u64>,
    stats: WriterStats,
}

/// One batch being filled.
#[derive(Default)]
struct Batch {
    points: Vec<TelemetryPoint>,
    logs: Vec<LogRow>,
    oldest: Option<Instant>,
}

impl Batch {
    fn add(&mut self, received: Instant, item: IngestItem) {
        self.oldest = Some(self.oldest.map_or(received, |o| o.min(received)));
        match item {
            IngestItem::Point(p) => self.points.push(p),
            IngestItem::Log(l) => self.logs.push(l),
        }
    }

    fn len(&self) -> usize {
        self.points.len() + self.logs.len()
    }
}

impl Writer {
    async fn run(
        self,
        mut rx: mpsc::Receiver<(Instant, IngestItem)>,
        mut shutdown: watch::Receiver<bool>,
    ) {
        let mut batch = Batch::default();
        let mut incoming = Vec::with_capacity(BATCH_ITEMS);
        let mut closing = false;
        loop {
            // Fill the batch: up to BATCH_ITEMS, or whatever came within
            // BATCH_INTERVAL of its first item, or everything at shutdown.
            let mut deadline = None;
            while batch.len() < BATCH_ITEMS && !closing {
                let room = BATCH_ITEMS - batch.len();
                let due = deadline.unwrap_or_else(tokio::time::Instant::now);
                tokio::select! {
                    n = rx.recv_many(&mut incoming, room) => {
                        if n == 0 {
                            closing = true;
                        }
                        for (at, item) in incoming.drain(..) {
                            batch.add(at, item);
                        }
                        if deadline.is_none() {
                            self.stats.set_pending(batch.oldest);
                        }
                        deadline.get_or_insert_with(|| tokio::time::Instant::now() + BATCH_INTERVAL);
                    }
                    _ = tokio::time::sleep_until(due), if deadline.is_some() => break,
                    _ = shutdown.changed() => {
                        closing = true;
                        // Take what is queued; pushes from now on fail.
                        rx.close();
                    }
                }
            }
            if closing {
                while let Ok((at, item)) = rx.try_recv() {
                    batch.add(at, item);
                }
            }
            self.stats.set_pending(batch.oldest);
            self.flush(&mut batch, closing).await;
            self.stats.set_pending(None);
            if closing {
                return;
            }
        }
    }

    /// Commits the batch (points, then logs), retrying each part with backoff.
    async fn flush(&self, batch: &mut Batch, closing: bool) {
        let attempts = if closing {
            MAX_ATTEMPTS_CLOSING
        } else {
            MAX_ATTEMPTS
        };
        if !batch.points.is_empty() {
            let n = batch.points.len() as u64;
            let store = &self.store;
            let points = &batch.points;
            if retry("telemetry", attempts, FIRST_BACKOFF, || {
                store.insert_telemetry(points)
            })
            .await
            {
                self.stats.points.fetch_add(n, Ordering::Relaxed);
            } else {
                self.stats.failed.fetch_add(n, Ordering::Relaxed);
            }
            batch.points.clear();
        }
        if !batch.logs.is_empty() {
            let n = batch.logs.len() as u64;
            let store = &self.store;
            let logs = &batch.logs;
            if retry("logs", attempts, FIRST_BACKOFF, || store.insert_logs(logs)).await {
                self.stats.logs.fetch_add(n, Ordering::Relaxed);
                // Live log streams read what was committed from the store.
                self.log_wake.send_modify(|g| *g = g.wrapping_add(1));
            } else {
                self.stats.failed.fetch_add(n, Ordering::Relaxed);
            }
            batch.logs.clear();
        }
        if let Some(t) = batch.oldest.take() {
            let ms = u64::try_from(t.elapsed().as_millis()).unwrap_or(u64::MAX);
            self.stats.lag_ms.store(ms, Ordering::Relaxed);
        }
    }
}

/// Runs `insert` until it succeeds or `attempts` tries failed (waiting
/// `backoff` after the first failure, doubling, at most [`MAX_BACKOFF`]). A database that is briefly away
/// (restart, failover, a locked SQLite file) costs time, not data: the queue
/// fills meanwhile and back-pressure holds the rest upstream.
async fn retry<F, Fut>(what: &str, attempts: u32, mut backoff: Duration, mut insert: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<(), StoreError>>,
{
    for attempt in 1..=attempts {
        match insert().await {
            Ok(()) => return true,
            Err(e) if attempt < attempts => {
                tracing::warn!(
                    attempt,
                    "storing {what} failed, retrying in {backoff:?}: {e}"
                );
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(MAX_BACKOFF);
            }
            Err(e) => {
                tracing::error!(attempt, "storing {what} failed, batch given up: {e}");
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicU32;

    #[tokio::test]
    async fn retry_succeeds_after_failures_and_gives_up_after_the_last_attempt() {
        let calls = AtomicU32::new(0);
        let flaky = || {
            let n = calls.fetch_add(1, Ordering::Relaxed);
            async move {
                if n < 2 {
                    Err(StoreError::UnsupportedUrl)
                } else {
                    Ok(())
                }
            }
        };
        assert!(retry("test", 5, Duration::from_millis(1), flaky).await);
        assert_eq!(calls.load(Ordering::Relaxed), 3);

        let calls = AtomicU32::new(0);
        let broken = || {
            calls.fetch_add(1, Ordering::Relaxed);
            async { Err(StoreError::UnsupportedUrl) }
        };
        assert!(!retry("test", 4, Duration::from_millis(1), broken).await);
        assert_eq!(calls.load(Ordering::Relaxed), 4);
    }

    #[tokio::test]
    async fn a_full_queue_waits_for_room_instead_of_dropping() {
        // A queue of 2 with no writer draining it: the third push waits.
        let (tx, mut rx) = mpsc::channel(2);
        let q = IngestQueue {
            tx,
            capacity: 2,
            waits: Arc::default(),
            waited_us: Arc::default(),
        };
        let log = |i: i64| {
            IngestItem::Log(LogRow {
                id: i,
                device_id: "d".into(),
                ts: i,
                level: "info".into(),
                message: String::new(),
            })
        };
        q.push(Instant::now(), log(1)).await.unwrap();
        q.push(Instant::now(), log(2)).await.unwrap();
        assert_eq!(q.depth(), 2);
        let third = tokio::spawn({
            let q = q.clone();
            async move { q.push(Instant::now(), log(3)).await }
        });
        // The pusher stays blocked until the consumer takes one.
        while q.waits.load(Ordering::Relaxed) == 0 {
            tokio::task::yield_now().await;
        }
        assert!(!third.is_finished());
        let mut ids = Vec::new();
        for _ in 0..3 {
            match rx.recv().await {
                Some((_, IngestItem::Log(l))) => ids.push(l.id),
                other => panic!("unexpected {other:?}"),
            }
        }
        third.await.unwrap().unwrap();
        assert_eq!(ids, [1, 2, 3], "all three, in order, none dropped");
        drop(rx);
        assert!(q.push(Instant::now(), log(4)).await.is_err(), "closed");
    }
}
