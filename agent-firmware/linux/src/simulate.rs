//! Many simulated devices in one process: each its own agent, interpreter
//! (with its own heap), flash store and MQTT connection.
//!
//! Devices are spread over a few worker threads, each running a
//! current-thread tokio runtime with a `LocalSet`: interpreters are not
//! `Send`, and this keeps the simulator independent of the caller's
//! runtime, so [`run`] works from inside another tokio runtime (the
//! server's `serve --dev`).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use anyhow::Context;
use pyrite_agent_core::flash::RamFlash;
use pyrite_protocol::DeviceId;
use pyrite_protocol::keys::TrustedKeys;
use tokio::sync::watch;

use crate::device::{BrokerSettings, Stats, run_device};
use crate::enrollment;
use crate::factory_app::FactoryApp;
use crate::file_flash::FileFlash;
use crate::runtime::{DeviceRuntime, boot_agent, link_rssi};

/// What to simulate.
#[derive(Debug, Clone)]
pub struct SimOptions {
    /// Server base URL (`http://host:port`) to enroll with; `None` with `broker` set runs
    /// devices without a server (anonymous MQTT, only the factory app).
    pub server_url: Option<String>,
    /// The fleet's enrollment token (needed when devices are not enrolled yet).
    pub enroll_token: Option<String>,
    /// `mqtt://host:port` of a broker to use instead of the one enrollment names.
    pub broker: Option<String>,
    /// How many devices.
    pub count: usize,
    /// Device ids are `{id_prefix}-{n}` with n from 1, zero-padded to 4 digits.
    pub id_prefix: String,
    /// Keep each device's credentials and flash image in `{state_dir}/{id}/`, so devices
    /// survive a restart of the simulator; `None` keeps everything in RAM.
    pub state_dir: Option<PathBuf>,
    /// Interpreter heap per device, bytes (a limit: a device uses what its app allocates).
    /// The default, 64 KiB, is what the chip ports give an app.
    pub heap_bytes: usize,
    /// Bytes of emulated flash per device (two slots share it).
    pub flash_bytes: usize,
    /// A folder with `main.py` installed on every device at first boot, signed by a key
    /// made for this run (a "factory image"); lets the simulator run apps without a server.
    pub app: Option<PathBuf>,
    /// What `fleet.config()` returns on every device (JSON object text).
    pub app_config: Option<String>,
    /// Worker threads (0 = one per CPU).
    pub threads: usize,
    /// Log throughput figures every this often.
    pub stats_interval: Option<Duration>,
}

impl Default for SimOptions {
    fn default() -> Self {
        SimOptions {
            server_url: None,
            enroll_token: None,
            broker: None,
            count: 1,
            id_prefix: String::from("sim"),
            state_dir: None,
            heap_bytes: 64 * 1024,
            flash_bytes: 2 * 1024 * 1024,
            app: None,
            app_config: None,
            threads: 0,
            stats_interval: None,
        }
    }
}

/// Figures of a finished simulation.
#[derive(Debug, Clone, Copy)]
pub struct SimReport {
    /// Messages devices published.
    pub published: u64,
    /// Messages devices received.
    pub received: u64,
    /// How long it ran.
    pub elapsed: Duration,
}

/// Runs the simulation until the returned future is dropped (or fails).
///
/// ```no_run
/// # async fn demo() -> anyhow::Result<()> {
/// use pyrite_agent::simulate::{SimOptions, run};
/// let opts = SimOptions {
///     server_url: Some("http://127.0.0.1:8080".into()),
///     enroll_token: Some("TOKEN".into()),
///     count: 3,
///     id_prefix: "dev".into(),
///     ..SimOptions::default()
/// };
/// let devices = tokio::spawn(run(opts)); // abort() the handle to stop them
/// # devices.abort(); Ok(()) }
/// ```
pub async fn run(opts: SimOptions) -> anyhow::Result<()> {
    let (_tx, rx) = watch::channel(false);
    run_until(opts, rx).await.map(|_| ())
}

/// Flips the shutdown flag when dropped, so dropping [`run`]'s future stops the workers.
struct StopOnDrop(watch::Sender<bool>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        let _ = self.0.send(true);
    }
}

/// Runs the simulation until `shutdown` turns true; returns its figures.
pub async fn run_until(
    opts: SimOptions,
    mut shutdown: watch::Receiver<bool>,
) -> anyhow::Result<SimReport> {
    if opts.count == 0 {
        anyhow::bail!("--count must be at least 1");
    }
    if opts.server_url.is_none() && opts.broker.is_none() {
        anyhow::bail!("give --server (to enroll) or --broker (to run without a server)");
    }
    let factory_app = match &opts.app {
        Some(dir) => {
            // With a state folder, devices outlive this run: keep the key that
            // signed their factory app so it still verifies at their next boot.
            let key_file = match &opts.state_dir {
                Some(state) => {
                    std::fs::create_dir_all(state)?;
                    Some(state.join("factory.key"))
                }
                None => None,
            };
            let app = FactoryApp::build(dir, key_file.as_deref())
                .with_context(|| format!("building {}", dir.display()))?;
            Some(Arc::new(app))
        }
        None => None,
    };
    let threads = if opts.threads == 0 {
        std::thread::available_parallelism().map_or(2, |n| n.get())
    } else {
        opts.threads
    }
    .min(opts.count);
    let stats = Arc::new(Stats::default());
    let (stop_tx, stop_rx) = watch::channel(false);
    let stop = StopOnDrop(stop_tx);
    let started = Instant::now();
    let mut workers = Vec::new();
    for worker in 0..threads {
        let ids: Vec<usize> = (1..=opts.count).filter(|n| n % threads == worker).collect();
        let opts = opts.clone();
        let stats = stats.clone();
        let stop_rx = stop_rx.clone();
        let factory_app = factory_app.clone();
        let (done_tx, done_rx) = tokio::sync::oneshot::channel::<anyhow::Result<()>>();
        std::thread::Builder::new()
            .name(format!("sim-worker-{worker}"))
            .spawn(move || {
                let result = worker_main(opts, ids, stats, stop_rx, factory_app);
                let _ = done_tx.send(result);
            })
            .context("starting a simulator thread")?;
        workers.push(done_rx);
    }
    let mut last = (Instant::now(), 0u64);
    let interval = opts.stats_interval.unwrap_or(Duration::from_secs(3600));
    let mut ticker = tokio::time::interval(interval);
    ticker.tick().await;
    let mut workers_done = futures_join(workers);
    loop {
        tokio::select! {
            res = &mut workers_done => {
                res?;
                break;
            }
            _ = shutdown.changed() => {
                if *shutdown.borrow() {
                    let _ = stop.0.send(true);
                }
            }
            _ = ticker.tick(), if opts.stats_interval.is_some() => {
                let published = stats.published.load(Ordering::Relaxed);
                let rate = (published - last.1) as f64 / last.0.elapsed().as_secs_f64();
                last = (Instant::now(), published);
                tracing::info!(
                    connected = stats.connected.load(Ordering::Relaxed),
                    published,
                    received = stats.received.load(Ordering::Relaxed),
                    "simulator: {rate:.0} msgs/s published"
                );
            }
        }
    }
    drop(stop);
    Ok(SimReport {
        published: stats.published.load(Ordering::Relaxed),
        received: stats.received.load(Ordering::Relaxed),
        elapsed: started.elapsed(),
    })
}

/// Waits for every worker; the first error wins.
fn futures_join(
    workers: Vec<tokio::sync::oneshot::Receiver<anyhow::Result<()>>>,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = anyhow::Result<()>> + Send>> {
    Box::pin(async move {
        for w in workers {
            match w.await {
                Ok(r) => r?,
                Err(_) => anyhow::bail!("a simulator thread ended without an answer"),
            }
        }
        Ok(())
    })
}

fn worker_main(
    opts: SimOptions,
    ids: Vec<usize>,
    stats: Arc<Stats>,
    stop: watch::Receiver<bool>,
    factory_app: Option<Arc<FactoryApp>>,
) -> anyhow::Result<()> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let local = tokio::task::LocalSet::new();
    local.block_on(&rt, async move {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .build()?;
        let mut tasks = tokio::task::JoinSet::new();
        for n in ids {
            let id = DeviceId::new(format!("{}-{n:04}", opts.id_prefix))
                .context("device id from --id-prefix")?;
            let opts = opts.clone();
            let stats = stats.clone();
            let stop = stop.clone();
            let http = http.clone();
            let factory_app = factory_app.clone();
            tasks.spawn_local(async move {
                if let Err(e) =
                    simulate_device(&opts, id.clone(), &http, stats, stop, factory_app).await
                {
                    tracing::error!(device = %id, "simulated device stopped: {e:#}");
                }
            });
        }
        while tasks.join_next().await.is_some() {}
        Ok(())
    })
}

async fn simulate_device(
    opts: &SimOptions,
    id: DeviceId,
    http: &reqwest::Client,
    stats: Arc<Stats>,
    stop: watch::Receiver<bool>,
    factory_app: Option<Arc<FactoryApp>>,
) -> anyhow::Result<()> {
    let device_dir = opts.state_dir.as_ref().map(|d| d.join(id.as_str()));
    let (broker, mut keys, key_seq, heartbeat_s) = match &opts.server_url {
        Some(server) => {
            let creds = match &device_dir {
                Some(dir) => {
                    enrollment::load_or_enroll(http, dir, server, opts.enroll_token.as_deref(), &id)
                        .await?
                }
                None => {
                    let token = opts
                        .enroll_token
                        .as_deref()
                        .context("--enroll-token is needed to enroll")?;
                    enrollment::enroll(http, server, token, &id).await?
                }
            };
            let mut broker = BrokerSettings {
                host: creds.broker_host()?,
                port: creds.enrollment.mqtt.port,
                credentials: Some((
                    creds.enrollment.mqtt.username.clone(),
                    creds.enrollment.mqtt.password.clone(),
                )),
                keep_alive_s: creds.enrollment.mqtt.keep_alive_s,
            };
            if let Some(url) = &opts.broker {
                let (host, port) = crate::parse_broker_url(url)?;
                broker.host = host;
                broker.port = port;
            }
            let keys = TrustedKeys::new(creds.enrollment.trusted_keys.iter().cloned())?;
            (
                broker,
                keys,
                creds.enrollment.key_set_sequence,
                creds.enrollment.heartbeat_interval_s,
            )
        }
        None => {
            let url = opts
                .broker
                .as_deref()
                .context("--broker is needed without --server")?;
            let (host, port) = crate::parse_broker_url(url)?;
            (
                BrokerSettings {
                    host,
                    port,
                    credentials: None,
                    keep_alive_s: 30,
                },
                TrustedKeys::new([])?,
                0,
                30,
            )
        }
    };
    if let Some(app) = &factory_app {
        keys.insert(app.public_key())?;
    }
    let runtime = DeviceRuntime {
        id: id.clone(),
        keys,
        key_set_sequence: key_seq,
        heartbeat_interval_s: heartbeat_s,
        heap_bytes: opts.heap_bytes,
        platform: String::from("simulated"),
        factory_app,
        app_config_json: opts.app_config.clone(),
    };
    let page_size = 4096;
    let pages = (opts.flash_bytes / page_size).max(4);
    let origin = Instant::now();
    let keys_dir = device_dir.clone();
    let persist = move |keys: &TrustedKeys, seq: u64| {
        if let Some(dir) = &keys_dir {
            enrollment::save_trusted_keys(dir, keys, seq);
        }
    };
    let rssi = link_rssi(&runtime);
    match device_dir {
        Some(dir) => {
            std::fs::create_dir_all(&dir)?;
            let flash = FileFlash::open(&dir.join("flash.img"), page_size, pages, false)?;
            let agent = boot_agent(&runtime, flash, 0)?;
            run_device(broker, agent, origin, persist, rssi, stats, stop).await
        }
        None => {
            let agent = boot_agent(&runtime, RamFlash::new(page_size, pages), 0)?;
            run_device(broker, agent, origin, persist, rssi, stats, stop).await
        }
    }
}
