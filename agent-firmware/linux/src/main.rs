//! `pyrite-agent`: the device agent on Linux (`--server ... --id ... --state ...`),
//! or many simulated devices in one process (`simulate --count N`).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use pyrite_agent::device::{BrokerSettings, Stats, run_device};
use pyrite_agent::factory_app::FactoryApp;
use pyrite_agent::file_flash::FileFlash;
use pyrite_agent::runtime::{DeviceRuntime, boot_agent, link_rssi};
use pyrite_agent::simulate::{SimOptions, run_until};
use pyrite_agent::{enrollment, parse_broker_url};
use pyrite_protocol::DeviceId;
use pyrite_protocol::keys::{PublicKey, TrustedKeys};
use tokio::sync::watch;

/// The Pyrite device agent.
#[derive(Parser, Debug)]
#[command(
    name = "pyrite-agent",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    device: DeviceArgs,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run N simulated devices in this process (each its own interpreter, heap and store).
    Simulate(SimulateArgs),
}

#[derive(Args, Debug)]
struct DeviceArgs {
    /// Fleet server base URL, e.g. http://127.0.0.1:8080 (enrollment).
    #[arg(long, env = "PYRITE_SERVER")]
    server: Option<String>,
    /// Enrollment token (only needed the first time; credentials are kept in --state).
    #[arg(long, env = "PYRITE_ENROLL_TOKEN")]
    enroll_token: Option<String>,
    /// This device's id ([A-Za-z0-9_-], 1..=64).
    #[arg(long)]
    id: Option<String>,
    /// Folder for credentials and the flash image (bundles, metadata).
    #[arg(long)]
    state: Option<PathBuf>,
    /// Use this broker (mqtt://host:port) instead of the one enrollment names; without
    /// --server the device connects anonymously and trusts only --trust keys.
    #[arg(long)]
    broker: Option<String>,
    /// Extra trusted public key file (NAME.pub); repeatable.
    #[arg(long)]
    trust: Vec<PathBuf>,
    /// Install this app folder (with main.py) at first boot, signed by a key made for it.
    #[arg(long)]
    app: Option<PathBuf>,
    /// What `fleet.config()` returns to the app (a JSON object).
    #[arg(long)]
    app_config: Option<String>,
    /// Interpreter heap in bytes (64 KiB, as a microcontroller gives an app).
    #[arg(long, default_value_t = 64 * 1024)]
    heap: usize,
    /// Size of the emulated flash in bytes (two bundle slots share it).
    #[arg(long, default_value_t = 4 * 1024 * 1024)]
    flash: usize,
}

#[derive(Args, Debug)]
struct SimulateArgs {
    /// How many devices.
    #[arg(long, default_value_t = 3)]
    count: usize,
    /// Fleet server base URL to enroll with.
    #[arg(long, env = "PYRITE_SERVER")]
    server: Option<String>,
    /// Enrollment token.
    #[arg(long, env = "PYRITE_ENROLL_TOKEN")]
    enroll_token: Option<String>,
    /// Broker to use (mqtt://host:port); alone, devices run without a server.
    #[arg(long)]
    broker: Option<String>,
    /// Device ids are PREFIX-0001, PREFIX-0002, ...
    #[arg(long, default_value = "sim")]
    id_prefix: String,
    /// Keep credentials and flash images in DIR/{id}/ (else in RAM).
    #[arg(long)]
    state: Option<PathBuf>,
    /// App folder installed on every device at first boot.
    #[arg(long)]
    app: Option<PathBuf>,
    /// What `fleet.config()` returns to every app (a JSON object).
    #[arg(long)]
    app_config: Option<String>,
    /// Interpreter heap per device, bytes (64 KiB, as a microcontroller gives an app).
    #[arg(long, default_value_t = 64 * 1024)]
    heap: usize,
    /// Emulated flash per device, bytes.
    #[arg(long, default_value_t = 2 * 1024 * 1024)]
    flash: usize,
    /// Worker threads (0 = one per CPU).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Print figures every this many seconds.
    #[arg(long)]
    stats_every: Option<u64>,
    /// Stop after this many seconds (default: run until Ctrl-C).
    #[arg(long)]
    duration: Option<u64>,
}

fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,rumqttc=warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Simulate(args)) => simulate(args),
        None => run_one(cli.device),
    }
}

fn shutdown_on_ctrl_c(rt: &tokio::runtime::Runtime) -> watch::Receiver<bool> {
    let (tx, rx) = watch::channel(false);
    rt.spawn(async move {
        let _ = tokio::signal::ctrl_c().await;
        let _ = tx.send(true);
    });
    rx
}

fn simulate(args: SimulateArgs) -> anyhow::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let mut shutdown = shutdown_on_ctrl_c(&rt);
    let opts = SimOptions {
        server_url: args.server,
        enroll_token: args.enroll_token,
        broker: args.broker,
        count: args.count,
        id_prefix: args.id_prefix,
        state_dir: args.state,
        heap_bytes: args.heap,
        flash_bytes: args.flash,
        app: args.app,
        app_config: args.app_config,
        threads: args.threads,
        stats_interval: args.stats_every.map(Duration::from_secs),
    };
    let duration = args.duration;
    let report = rt.block_on(async move {
        let (tx, rx) = watch::channel(false);
        tokio::spawn(async move {
            match duration {
                Some(s) => {
                    tokio::select! {
                        _ = tokio::time::sleep(Duration::from_secs(s)) => {}
                        _ = shutdown.changed() => {}
                    }
                }
                None => {
                    let _ = shutdown.changed().await;
                }
            }
            let _ = tx.send(true);
        });
        run_until(opts, rx).await
    })?;
    let secs = report.elapsed.as_secs_f64();
    println!(
        "simulated {} devices for {secs:.1} s: {} messages published ({:.0}/s), {} received",
        args.count,
        report.published,
        report.published as f64 / secs,
        report.received
    );
    Ok(())
}

fn run_one(args: DeviceArgs) -> anyhow::Result<()> {
    let id = DeviceId::new(args.id.clone().context("--id is required")?).context("--id")?;
    let state = args.state.clone().context("--state is required")?;
    std::fs::create_dir_all(&state).with_context(|| format!("creating {}", state.display()))?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let shutdown = shutdown_on_ctrl_c(&rt);
    let local = tokio::task::LocalSet::new();
    local.block_on(&rt, async move {
        let http = reqwest::Client::builder().timeout(Duration::from_secs(30)).build()?;
        let (mut broker, mut keys, key_seq, heartbeat) = match &args.server {
            Some(server) => {
                let creds = enroll_with_retry(&http, &state, server, args.enroll_token.as_deref(), &id).await?;
                let broker = BrokerSettings {
                    host: creds.broker_host()?,
                    port: creds.enrollment.mqtt.port,
                    credentials: Some((creds.enrollment.mqtt.username.clone(), creds.enrollment.mqtt.password.clone())),
                    keep_alive_s: creds.enrollment.mqtt.keep_alive_s,
                };
                let keys = TrustedKeys::new(creds.enrollment.trusted_keys.iter().cloned())?;
                (broker, keys, creds.enrollment.key_set_sequence, creds.enrollment.heartbeat_interval_s)
            }
            None => {
                let url = args.broker.as_deref().context("give --server (or --broker to run without a server)")?;
                let (host, port) = parse_broker_url(url)?;
                (BrokerSettings { host, port, credentials: None, keep_alive_s: 30 }, TrustedKeys::new([])?, 0, 30)
            }
        };
        if let (Some(url), Some(_)) = (&args.broker, &args.server) {
            let (host, port) = parse_broker_url(url)?;
            broker.host = host;
            broker.port = port;
        }
        for path in &args.trust {
            let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
            keys.insert(PublicKey::from_text(&text).with_context(|| format!("key in {}", path.display()))?)?;
        }
        let factory_app = match &args.app {
            Some(dir) => {
                let app = FactoryApp::build(dir, Some(&state.join("factory.key")))
                    .with_context(|| format!("building {}", dir.display()))?;
                keys.insert(app.public_key())?;
                Some(Arc::new(app))
            }
            None => None,
        };
        let runtime = DeviceRuntime {
            id: id.clone(),
            keys,
            key_set_sequence: key_seq,
            heartbeat_interval_s: heartbeat,
            heap_bytes: args.heap,
            platform: format!("linux-{}", std::env::consts::ARCH),
            factory_app,
            app_config_json: args.app_config.clone(),
        };
        let page_size = 4096;
        let flash = FileFlash::open(&state.join("flash.img"), page_size, (args.flash / page_size).max(4), true)
            .with_context(|| format!("opening {}", state.join("flash.img").display()))?;
        tracing::info!(device = %id, broker = %format!("{}:{}", broker.host, broker.port), "starting");
        let origin = std::time::Instant::now();
        let agent = boot_agent(&runtime, flash, 0)?;
        let keys_dir = state.clone();
        let persist = move |keys: &TrustedKeys, seq: u64| enrollment::save_trusted_keys(&keys_dir, keys, seq);
        let rssi = link_rssi(&runtime);
        run_device(broker, agent, origin, persist, rssi, Arc::new(Stats::default()), shutdown).await
    })
}

/// Enrolls, retrying with backoff while the server is unreachable (a device
/// may boot before its server); a refusal (bad token) is final.
async fn enroll_with_retry(
    http: &reqwest::Client,
    state: &std::path::Path,
    server: &str,
    token: Option<&str>,
    id: &DeviceId,
) -> anyhow::Result<enrollment::Credentials> {
    let mut backoff = pyrite_agent::backoff::Backoff::default();
    loop {
        match enrollment::load_or_enroll(http, state, server, token, id).await {
            Ok(c) => return Ok(c),
            Err(e) if is_connect_error(&e) => {
                let delay = backoff.next_delay();
                tracing::warn!("enrollment: {e:#}; retrying in {delay:?}");
                tokio::time::sleep(delay).await;
            }
            Err(e) => return Err(e),
        }
    }
}

fn is_connect_error(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<reqwest::Error>()
            .is_some_and(|r| r.is_connect() || r.is_timeout())
    })
}
