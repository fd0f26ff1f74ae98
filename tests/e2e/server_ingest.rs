//! Telemetry ingestion under load: a burst far larger than the server's
//! ingest queue, sent while the database refuses writes, is stored
//! completely once the database is back (back-pressure instead of drops), on
//! SQLite with the embedded broker and on PostgreSQL with Mosquitto; and the
//! ingest throughput benchmark (ignored test, prints points/s).

#[path = "server_support.rs"]
mod support;

use pyrite_e2e::{ENV_MOSQUITTO, ENV_POSTGRES, service_from_env};
use pyrite_protocol::messages::{Series, TelemetryBatch};
use pyrite_protocol::topics::TopicKind;
use sqlx::Connection;
use std::time::Instant;
use support::*;

/// Where the fleet keeps its data: SQLite in the data folder or a PostgreSQL URL.
#[derive(Clone)]
enum Db {
    Sqlite,
    Postgres(String),
}

impl Db {
    fn url(&self, s: &Server) -> String {
        match self {
            Db::Sqlite => format!("sqlite:{}", s.data.join("pyrite.db").display()),
            Db::Postgres(url) => url.clone(),
        }
    }
}

/// A database connection holding a lock that keeps the server's batch writer
/// from committing telemetry (SQLite: the write lock; PostgreSQL: the
/// `telemetry` table) until [`WriterStall::release`].
enum WriterStall {
    Sqlite(sqlx::SqliteConnection),
    Postgres(sqlx::PgConnection),
}

impl WriterStall {
    async fn hold(db: &Db, s: &Server) -> WriterStall {
        let url = db.url(s);
        match db {
            Db::Sqlite => {
                let mut c = sqlx::SqliteConnection::connect(&url).await.unwrap();
                sqlx::raw_sql("BEGIN IMMEDIATE")
                    .execute(&mut c)
                    .await
                    .unwrap();
                WriterStall::Sqlite(c)
            }
            Db::Postgres(_) => {
                let mut c = sqlx::PgConnection::connect(&url).await.unwrap();
                sqlx::raw_sql("BEGIN; LOCK TABLE telemetry IN EXCLUSIVE MODE")
                    .execute(&mut c)
                    .await
                    .unwrap();
                WriterStall::Postgres(c)
            }
        }
    }

    async fn release(self) {
        match self {
            WriterStall::Sqlite(mut c) => {
                sqlx::raw_sql("ROLLBACK").execute(&mut c).await.unwrap();
                c.close().await.unwrap();
            }
            WriterStall::Postgres(mut c) => {
                sqlx::raw_sql("ROLLBACK").execute(&mut c).await.unwrap();
                c.close().await.unwrap();
            }
        }
    }
}

/// Rows of `metric` in the server's telemetry table, counted in the database itself.
async fn stored_rows(db: &Db, s: &Server, metric: &str) -> i64 {
    let q = "SELECT COUNT(*) FROM telemetry WHERE metric = $1";
    let url = db.url(s);
    match db {
        Db::Postgres(_) => {
            let mut c = sqlx::PgConnection::connect(&url).await.unwrap();
            let (n,): (i64,) = sqlx::query_as(q)
                .bind(metric)
                .fetch_one(&mut c)
                .await
                .unwrap();
            n
        }
        Db::Sqlite => {
            let mut c = sqlx::SqliteConnection::connect(&format!("{url}?mode=ro"))
                .await
                .unwrap();
            let (n,): (i64,) = sqlx::query_as(q)
                .bind(metric)
                .fetch_one(&mut c)
                .await
                .unwrap();
            n
        }
    }
}

/// One telemetry batch of `n` points of `metric`, each with its own timestamp.
fn batch(metric: &str, first: u64, n: u64) -> Vec<u8> {
    let batch = TelemetryBatch {
        sent_at: 10_000_000,
        series: vec![Series {
            name: metric.into(),
            points: (first..first + n).map(|t| (t, t as f64)).collect(),
        }],
    };
    pyrite_protocol::messages::encode(&batch).unwrap()
}

/// Enrolls and connects `n` devices named `{prefix}{i}` (retrying while an
/// external broker reloads its password file).
async fn publishers(s: &Server, port: u16, prefix: &str, n: usize) -> Vec<PumpedDevice> {
    let mut out = Vec::new();
    for i in 0..n {
        let e = s.enroll(&format!("{prefix}{i}")).await;
        out.push(FakeDevice::pumped(&e, port).await);
    }
    out
}

/// Devices publish a telemetry burst several times larger than every buffer
/// of the server (ingest queue, the writer's batch, the MQTT channel) while
/// the database refuses the writer; once the database is back every point is
/// stored, none twice, nothing given up.
async fn burst_is_stored_completely(name: &str, db: Db, mosquitto: Option<&str>) {
    let data = temp_dir(name);
    let broker = mosquitto.map(|bin| {
        let database = match &db {
            Db::Postgres(url) => Some(url.as_str()),
            Db::Sqlite => None,
        };
        Mosquitto::start(bin, &data, database)
    });
    let queue = 1_000;
    let mut args = vec!["--ingest-queue".to_string(), queue.to_string()];
    if let Db::Postgres(url) = &db {
        args.extend(["--database".to_string(), url.clone()]);
    }
    if let Some(b) = &broker {
        args.extend(b.serve_args());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let s = Server::start_in(data, &args).await;
    let port = broker.as_ref().map_or(s.mqtt_port, |b| b.port);

    // 8 devices x 200 messages x 20 points = 32,000 points: 32 times the
    // queue, about 3 times queue + writer batch + MQTT channel together.
    let (devices, messages, per) = (8usize, 200u64, 20u64);
    let total = devices as u64 * messages * per;
    let pubs = publishers(&s, port, "burst", devices).await;

    let stall = WriterStall::hold(&db, &s).await;
    let mut senders = Vec::new();
    for p in &pubs {
        let (client, id) = (p.client.clone(), p.id.clone());
        senders.push(tokio::spawn(async move {
            let topic = pyrite_protocol::topics::topic(&id, TopicKind::Telemetry);
            for m in 0..messages {
                // QoS 0, as devices publish telemetry (PROTOCOL.md).
                client
                    .publish(
                        &topic,
                        rumqttc::QoS::AtMostOnce,
                        false,
                        batch("burst", m * per, per),
                    )
                    .await
                    .unwrap();
            }
        }));
    }
    // The queue fills and ingestion waits for the writer instead of dropping.
    let full = |v| v == queue as f64;
    wait_metric(&s, "pyrite_ingest_queue_depth", "a full queue", full).await;
    wait_metric(
        &s,
        "pyrite_ingest_backpressure_waits_total",
        "a wait",
        |v| v > 0.0,
    )
    .await;
    // The first full reading can come before the writer has gathered its batch (it empties
    // the queue into it, then blocks on the held database): once it is held, the queue fills
    // again and stays full, and nothing is stored.
    wait_metric(
        &s,
        "pyrite_ingest_queue_depth",
        "a full queue while held",
        full,
    )
    .await;
    let m = s.metrics().await;
    assert_eq!(metric(&m, "pyrite_telemetry_points_stored_total"), 0.0);
    // The ingest lag is the age of what waits uncommitted: it grows while the writer is held.
    wait_metric(
        &s,
        "pyrite_ingest_lag_seconds",
        "the ingest lag to grow while the writer is held",
        |v| v >= 1.0,
    )
    .await;
    println!(
        "{name}: writer stalled, queue full; {} of {} messages taken from the broker so far",
        metric(&m, "pyrite_mqtt_messages_in_total"),
        devices as u64 * messages
    );
    for t in senders {
        t.await.unwrap();
    }
    stall.release().await;

    let stored = wait_metric(
        &s,
        "pyrite_telemetry_points_stored_total",
        "every point stored",
        |v| v >= total as f64,
    )
    .await;
    assert_eq!(stored, total as f64);
    assert_eq!(
        stored_rows(&db, &s, "burst").await,
        total as i64,
        "rows in the database"
    );
    let m = s.metrics().await;
    assert_eq!(metric(&m, "pyrite_ingest_failed_total"), 0.0);
    assert_eq!(metric(&m, "pyrite_mqtt_messages_rejected_total"), 0.0);
    assert_eq!(metric(&m, "pyrite_ingest_queue_depth"), 0.0);
    assert_eq!(
        metric(&m, "pyrite_ingest_lag_seconds"),
        0.0,
        "nothing waits uncommitted once every point is stored"
    );
    for p in pubs {
        p.pump.abort();
    }
    drop(s);
    drop(broker);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn burst_larger_than_the_queue_is_stored_completely_sqlite_embedded() {
    burst_is_stored_completely("burst-sqlite", Db::Sqlite, None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn burst_larger_than_the_queue_is_stored_completely_postgres_mosquitto() {
    let test = "burst_larger_than_the_queue_is_stored_completely_postgres_mosquitto";
    let Some(base) = service_from_env(ENV_POSTGRES, test) else {
        return;
    };
    let Some(mosquitto) = service_from_env(ENV_MOSQUITTO, test) else {
        return;
    };
    let (url, name) = fresh_db(&base, "pyrite_burst").await;
    burst_is_stored_completely("burst-pg", Db::Postgres(url), Some(&mosquitto)).await;
    drop_db(&base, &name).await;
}

/// CPU seconds (user + system) a process has used so far, from `/proc`.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name (which may contain spaces) in parentheses.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after the name;
    // the kernel counts them in USER_HZ, 100 per second on Linux.
    (ticks(11) + ticks(12)) / 100.0
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

/// End to end ingest throughput: `devices` MQTT clients publish telemetry
/// batches (256 points, QoS 1, as fast as the broker takes them) and the
/// clock runs from the first publish until the server's writer has
/// committed every point; the count is then checked in the database itself.
/// Prints points/s, messages/s, the server's CPU use and the machine's load.
async fn ingest_throughput(label: &str, db: Db) {
    let mut args = Vec::new();
    if let Db::Postgres(url) = &db {
        args.extend(["--database", url.as_str()]);
    }
    let s = Server::start("bench", &args).await;
    let (devices, batches, per_batch) = (20usize, 100u64, 256u64);
    let pubs = publishers(&s, s.mqtt_port, "bench", devices).await;
    let go = std::sync::Arc::new(tokio::sync::Semaphore::new(0));
    let mut tasks = Vec::new();
    for p in &pubs {
        let (client, id, go) = (p.client.clone(), p.id.clone(), go.clone());
        tasks.push(tokio::spawn(async move {
            // Every device is connected before the clock starts.
            let _permit = go.acquire().await.unwrap();
            let topic = pyrite_protocol::topics::topic(&id, TopicKind::Telemetry);
            for b in 0..batches {
                let payload = batch("load", b * per_batch, per_batch);
                client
                    .publish(&topic, rumqttc::QoS::AtLeastOnce, false, payload)
                    .await
                    .unwrap();
            }
        }));
    }
    let total = (devices as u64 * batches * per_batch) as f64;
    let pid = s.child.id();
    let load_before = load_average();
    let cpu_before = cpu_seconds(pid);
    let start = Instant::now();
    go.add_permits(devices);
    let stored = wait_metric(
        &s,
        "pyrite_telemetry_points_stored_total",
        "every point stored",
        |v| v >= total,
    )
    .await;
    let secs = start.elapsed().as_secs_f64();
    let cpu = cpu_seconds(pid) - cpu_before;
    let load_after = load_average();
    let m = s.metrics().await;
    let rows = stored_rows(&db, &s, "load").await;
    println!(
        "INGEST {label}: messages in {}, lag {} s, back-pressure waits {} ({} s), failed {}",
        metric(&m, "pyrite_mqtt_messages_in_total"),
        metric(&m, "pyrite_ingest_lag_seconds"),
        metric(&m, "pyrite_ingest_backpressure_waits_total"),
        metric(&m, "pyrite_ingest_backpressure_seconds_total"),
        metric(&m, "pyrite_ingest_failed_total"),
    );
    println!(
        "INGEST {label}: {rows} rows of {total} points in {secs:.2}s = {:.0} points/s, {:.0} messages/s; \
         server CPU {cpu:.2}s = {:.0}% of one core; load average {load_before} -> {load_after}",
        stored / secs,
        (devices as u64 * batches) as f64 / secs,
        100.0 * cpu / secs
    );
    for t in tasks {
        t.abort();
    }
    for p in pubs {
        p.pump.abort();
    }
    assert_eq!(stored, total);
    assert_eq!(rows as f64, total, "rows in the database");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "benchmark: run with --run-ignored only --no-capture"]
async fn ingest_throughput_sqlite() {
    ingest_throughput("sqlite", Db::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "benchmark: run with --run-ignored only --no-capture"]
async fn ingest_throughput_postgres() {
    let Some(base) = service_from_env(ENV_POSTGRES, "ingest_throughput_postgres") else {
        return;
    };
    let (url, name) = fresh_db(&base, "pyrite_e2e").await;
    ingest_throughput("postgres", Db::Postgres(url)).await;
    drop_db(&base, &name).await;
}
