//! `pyrite-fleet serve`: opens the store, bootstraps secrets, starts the
//! broker (embedded, with its ACL proxy, or an external one), the ingest
//! loop, the rollout ticker, retention, and the HTTP API; stops cleanly on
//! Ctrl-C / SIGTERM.

use crate::app::{App, Counters, Settings};
use crate::mqtt::client::{BrokerLogin, MqttHandle};
use crate::mqtt::embedded::EmbeddedBroker;
use crate::mqtt::proxy::{self, Connections, DeviceAuth, Upstream};
use crate::services::batch::IngestQueue;
use crate::services::bundle_files::BundleFiles;
use crate::services::repl::ReplHub;
use crate::services::{desired, devices, events, ingest, retention, rollouts};
use crate::store::Store;
use anyhow::Context;
use pyrite_protocol::keys::SecretKey;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// Options of `serve` (see `--help`).
#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// HTTP API and dashboard address.
    #[arg(long, default_value = "127.0.0.1:8080", env = "PYRITE_HTTP")]
    pub http: String,
    /// Embedded MQTT broker address (devices connect here).
    #[arg(long, default_value = "0.0.0.0:1883", env = "PYRITE_MQTT")]
    pub mqtt: String,
    /// Use an existing broker instead of the embedded one: mqtt://[USER:PASS@]HOST:PORT.
    /// Without USER:PASS the server logs in as `pyrite-server` with the password
    /// `mosquitto-config` wrote.
    #[arg(long, env = "PYRITE_BROKER")]
    pub broker: Option<String>,
    /// Database URL: sqlite:PATH or postgres://... (default: SQLite in the data folder).
    #[arg(long, env = "PYRITE_DATABASE")]
    pub database: Option<String>,
    /// Data folder: bundles, keys, admin token, SQLite database.
    #[arg(long, default_value = "./pyrite-data", env = "PYRITE_DATA")]
    pub data: PathBuf,
    /// Try-it mode: temporary data folder, free ports if the defaults are taken,
    /// simulated devices, tokens and dashboard URL printed.
    #[arg(long)]
    pub dev: bool,
    /// Hold no signing key: only bundles signed elsewhere with a trusted key are accepted.
    #[arg(long)]
    pub no_server_key: bool,
    /// Broker address devices are told at enrollment (HOST:PORT); default: the
    /// host they enrolled through and the MQTT port.
    #[arg(long, env = "PYRITE_PUBLIC_MQTT")]
    pub public_mqtt: Option<String>,
    /// Days of telemetry and logs kept (the API can change it).
    #[arg(long, default_value_t = 30)]
    pub retention_days: i64,
    /// Telemetry points and log lines queued for the database writer at most.
    /// When it is full, ingestion waits (and the broker holds or slows device
    /// messages) instead of dropping anything.
    #[arg(long, default_value_t = crate::services::batch::DEFAULT_QUEUE, env = "PYRITE_INGEST_QUEUE")]
    pub ingest_queue: usize,
    /// Seconds between device heartbeats, told at enrollment.
    #[arg(long, default_value_t = 30)]
    pub heartbeat_interval: u32,
    /// With an external Mosquitto: keep its password file in this folder
    /// current as devices enroll or are revoked.
    #[arg(long)]
    pub mosquitto_dir: Option<PathBuf>,
    /// With --mosquitto-dir: Mosquitto's pid file, signalled (SIGHUP) to reload.
    #[arg(long)]
    pub mosquitto_pid_file: Option<PathBuf>,
    /// Number of simulated devices with --dev.
    #[arg(long, default_value_t = 3)]
    pub dev_devices: usize,
    /// PEM certificate chain for TLS: the API is also served over HTTPS on
    /// --https, and --mqtts may add a TLS device listener (needs --tls-key).
    #[arg(long, env = "PYRITE_TLS_CERT", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// PEM private key of --tls-cert.
    #[arg(long, env = "PYRITE_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// HTTPS address of the API and dashboard (with --tls-cert). The plain
    /// --http listener stays (by default on loopback only, for the local CLI).
    #[arg(long, default_value = "0.0.0.0:8443", env = "PYRITE_HTTPS")]
    pub https: String,
    /// Embedded broker: also accept devices over MQTT with TLS on this address
    /// (with --tls-cert). Devices that enroll over HTTPS are told to use it.
    #[arg(long, env = "PYRITE_MQTTS", requires = "tls_cert")]
    pub mqtts: Option<String>,
}

/// Checks device credentials against the store for the embedded broker's proxy.
struct StoreAuth {
    store: Store,
}

impl DeviceAuth for StoreAuth {
    async fn check(&self, device_id: &str, password: &[u8]) -> bool {
        let Ok(pw) = std::str::from_utf8(password) else {
            return false;
        };
        match self.store.device(device_id).await {
            Ok(Some(d)) if d.revoked == 0 => {
                crate::secrets::mosquitto_verify(pw, &d.mqtt_password_hash)
            }
            Ok(_) => false,
            Err(e) => {
                tracing::error!("device auth lookup failed: {e}");
                false
            }
        }
    }
}

/// Writes a secret file readable by the owner only.
pub fn write_secret_file(path: &Path, content: &str) -> std::io::Result<()> {
    std::fs::write(path, content)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}

/// Loads or creates the server's signing key in the data folder and trusts it.
async fn server_key(store: &Store, data: &Path) -> anyhow::Result<SecretKey> {
    let path = data.join("server.key");
    let key = if path.exists() {
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        SecretKey::from_text(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?
    } else {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|e| anyhow::anyhow!("OS random source: {e}"))?;
        let key = SecretKey::from_seed(&seed);
        write_secret_file(&path, &format!("{}\n", key.to_text()))?;
        std::fs::write(
            data.join("server.pub"),
            format!("{}\n", key.public_key().to_text()),
        )?;
        tracing::info!("created the server signing key {}", path.display());
        key
    };
    let public = key.public_key();
    store
        .trust_key(&public.id().to_string(), &public.to_text(), "server")
        .await?;
    Ok(key)
}

/// Where devices connect: the embedded broker's listeners (plain, and TLS
/// with `--mqtts`), bound at start, or an external broker's URL.
enum BrokerSide<'a> {
    Embedded(TcpListener, Option<TcpListener>),
    External(&'a str),
}

/// Binds `addr`, or in dev mode a free port on the same host when it is taken.
async fn bind(addr: &str, dev: bool, what: &str) -> anyhow::Result<TcpListener> {
    match TcpListener::bind(addr).await {
        Ok(l) => Ok(l),
        Err(e) if dev => {
            let host = addr.rsplit_once(':').map(|(h, _)| h).unwrap_or("127.0.0.1");
            let l = TcpListener::bind(format!("{host}:0")).await?;
            println!(
                "{what}: {addr} is taken ({e}); using {} instead",
                l.local_addr()?
            );
            Ok(l)
        }
        Err(e) => Err(anyhow::anyhow!("cannot listen for {what} on {addr}: {e}")),
    }
}

/// Parses `mqtt://[USER:PASS@]HOST:PORT`.
/// Optional (user, password), host and port of a broker URL.
type BrokerUrl = (Option<(String, String)>, String, u16);

fn parse_broker_url(url: &str) -> anyhow::Result<BrokerUrl> {
    let rest = url
        .strip_prefix("mqtt://")
        .ok_or_else(|| anyhow::anyhow!("--broker must be mqtt://HOST:PORT"))?;
    let rest = rest.trim_end_matches('/');
    let (creds, hostport) = match rest.rsplit_once('@') {
        Some((c, h)) => {
            let (u, p) = c
                .split_once(':')
                .ok_or_else(|| anyhow::anyhow!("--broker credentials must be USER:PASS"))?;
            (Some((u.to_string(), p.to_string())), h)
        }
        None => (None, rest),
    };
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) => (h.to_string(), p.parse::<u16>().context("--broker port")?),
        None => (hostport.to_string(), 1883),
    };
    if host.is_empty() {
        anyhow::bail!("--broker needs a host");
    }
    Ok((creds, host, port))
}

/// Runs the server until a shutdown signal.
pub async fn run(mut args: ServeArgs) -> anyhow::Result<()> {
    if args.dev {
        let dir =
            std::env::temp_dir().join(format!("pyrite-dev-{}", crate::secrets::random_hex(4)));
        args.data = dir;
    }
    std::fs::create_dir_all(&args.data)
        .with_context(|| format!("creating {}", args.data.display()))?;
    let data = std::fs::canonicalize(&args.data)?;
    let db_url = args
        .database
        .clone()
        .unwrap_or_else(|| Store::sqlite_url_for(&data));
    let store = Store::connect(&db_url)
        .await
        .with_context(|| "opening the database")?;
    tracing::info!(
        backend = if store.is_postgres() {
            "postgres"
        } else {
            "sqlite"
        },
        "database ready"
    );

    // First start: admin token (printed once), enrollment token, server key.
    let mut first_admin_token = None;
    if store.api_token_count().await? == 0 {
        let token = crate::secrets::new_token("pyr_admin");
        let made = store
            .insert_api_token(
                &crate::secrets::random_hex(6),
                "admin",
                crate::store::TokenRole::Admin,
                &crate::secrets::token_hash(&token),
            )
            .await?;
        if made {
            write_secret_file(&data.join("admin-token"), &format!("{token}\n"))?;
            first_admin_token = Some(token);
        } else {
            // Several servers started at once on one fresh database: the
            // first one's admin token stands (written to its data folder).
            tracing::warn!("another server created the admin token first");
        }
    }
    let enroll_token = store
        .init_setting(
            devices::ENROLL_TOKEN_KEY,
            &crate::secrets::new_token("pyr_enroll"),
        )
        .await?;
    let server_key = if args.no_server_key {
        None
    } else {
        Some(server_key(&store, &data).await?)
    };

    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(c), Some(k)) => Some((
            crate::tls::acceptor(c, k, true)?,
            crate::tls::acceptor(c, k, false)?,
        )),
        _ => None,
    };
    if args.mqtts.is_some() && args.broker.is_some() {
        anyhow::bail!(
            "--mqtts is for the embedded broker; configure TLS on the external broker itself"
        );
    }

    let (shutdown_tx, shutdown) = crate::shutdown::channel();
    tokio::spawn(crate::shutdown::on_signal(shutdown_tx.clone()));

    // The public listeners are bound before the embedded broker picks its internal ports: it
    // takes free ports from the kernel, which may hand out one the operator named but nobody
    // held yet (seen in CI: the broker took the port `--http` was about to bind).
    // The TLS listeners too: a taken --https or --mqtts port is an error at start, not a race.
    let http = bind(&args.http, args.dev, "HTTP").await?;
    let https_listener = match &tls {
        Some(_) => Some(bind(&args.https, args.dev, "HTTPS").await?),
        None => None,
    };
    let broker_side = match &args.broker {
        None => {
            let plain = bind(&args.mqtt, args.dev, "MQTT").await?;
            let tls_listener = match (&args.mqtts, &tls) {
                (Some(addr), Some(_)) => Some(bind(addr, args.dev, "MQTT over TLS").await?),
                _ => None,
            };
            BrokerSide::Embedded(plain, tls_listener)
        }
        Some(url) => BrokerSide::External(url),
    };

    // MQTT.
    let mut mqtts_port = None;
    let (conns, login, device_port) = match broker_side {
        BrokerSide::Embedded(listener, mqtts_listener) => {
            let broker = EmbeddedBroker::start(100_000)?;
            let mqtt_addr = listener.local_addr()?;
            let conns = Arc::new(Connections::default());
            let upstream = Upstream {
                v4: broker.v4,
                v5: broker.v5,
                secret: broker.secret.clone(),
            };
            let auth = Arc::new(StoreAuth {
                store: store.clone(),
            });
            tokio::spawn(proxy::run(
                listener,
                None,
                upstream.clone(),
                auth.clone(),
                conns.clone(),
                shutdown.clone(),
            ));
            if let (Some(listener), Some((_, mqtt_tls))) = (mqtts_listener, &tls) {
                let local = listener.local_addr()?;
                mqtts_port = Some(local.port());
                tokio::spawn(proxy::run(
                    listener,
                    Some(mqtt_tls.clone()),
                    upstream,
                    auth,
                    conns.clone(),
                    shutdown.clone(),
                ));
                println!("MQTT broker (embedded) listening with TLS on {local}");
            }
            store.mark_all_offline().await?;
            println!("MQTT broker (embedded) listening on {mqtt_addr}");
            let login = BrokerLogin {
                host: broker.v4.ip().to_string(),
                port: broker.v4.port(),
                username: "pyrite-server".into(),
                password: broker.secret.clone(),
                shared: false,
            };
            (Some(conns), login, mqtt_addr.port())
        }
        BrokerSide::External(url) => {
            let (creds, host, port) = parse_broker_url(url)?;
            let (username, password) = match creds {
                Some(c) => c,
                None => (
                    crate::mqtt::mosquitto::SERVER_USERNAME.to_string(),
                    store
                        .init_setting(
                            devices::BROKER_PASSWORD_KEY,
                            &crate::secrets::random_hex(18),
                        )
                        .await?,
                ),
            };
            println!("MQTT broker (external) at {host}:{port}");
            (
                None,
                BrokerLogin {
                    host,
                    port,
                    username,
                    password,
                    shared: true,
                },
                port,
            )
        }
    };
    let (device_mqtt_host, device_mqtt_port) = match &args.public_mqtt {
        Some(hp) => match hp.rsplit_once(':') {
            Some((h, p)) => (
                Some(h.to_string()),
                p.parse().context("--public-mqtt port")?,
            ),
            None => (Some(hp.clone()), device_port),
        },
        None => (None, device_port),
    };
    // Small on purpose: what the ingest loop cannot take yet stays with the
    // broker (ARCHITECTURE.md, "Ingest"), not in this process's memory.
    let (in_tx, in_rx) = mpsc::channel(crate::mqtt::client::INCOMING_QUEUE);
    let shared_broker = login.shared;
    let watch_login = login.clone();
    let mqtt = MqttHandle::start(login, in_tx, shutdown.clone());

    let log_wake = tokio::sync::watch::Sender::new(0u64);
    let counters = Counters::default();
    let (ingest_queue, writer) = IngestQueue::start(
        store.clone(),
        args.ingest_queue,
        log_wake.clone(),
        counters.writer.clone(),
        shutdown.clone(),
    );
    let app = Arc::new(App {
        store: store.clone(),
        settings: Settings {
            data_dir: data.clone(),
            device_mqtt_host,
            device_mqtt_port,
            heartbeat_interval_s: args.heartbeat_interval.max(1),
            retention_days: args.retention_days.max(1),
            mosquitto_dir: args.mosquitto_dir.clone(),
            mosquitto_pid_file: args.mosquitto_pid_file.clone(),
            device_mqtts_port: mqtts_port,
        },
        mqtt,
        conns,
        bundles: BundleFiles::open(&data)?,
        server_key,
        log_wake,
        ingest: ingest_queue,
        repl: ReplHub::default(),
        events: Default::default(),
        live: Default::default(),
        tick: Default::default(),
        counters,
        instance: format!("{}-{}", std::process::id(), crate::secrets::random_hex(4)),
        started: std::time::Instant::now(),
    });
    devices::sync_mosquitto(&app).await;

    if shared_broker {
        // Several servers may share the broker: live streams come from an
        // unshared session of this process (services/live.rs).
        app.live.start_watch_session(&watch_login, shutdown.clone());
    }
    tokio::spawn(events::run(app.clone(), shutdown.clone()));
    tokio::spawn(ingest::run(app.clone(), in_rx));
    tokio::spawn(rollouts::run_ticker(app.clone(), shutdown.clone()));
    tokio::spawn(retention::run(app.clone(), shutdown.clone()));
    tokio::spawn(crate::app::sample_message_rates(
        app.clone(),
        shutdown.clone(),
    ));
    {
        // Retained desired states live only in the embedded broker's memory:
        // publish them again once the session is up.
        let app = app.clone();
        tokio::spawn(async move {
            for _ in 0..100 {
                if app.mqtt.is_connected() {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            match desired::publish_all(&app).await {
                Ok(n) if n > 0 => tracing::info!("re-published {n} desired states"),
                Err(e) => tracing::warn!("re-publishing desired states: {e:#}"),
                _ => {}
            }
        });
    }

    let http_addr: SocketAddr = http.local_addr()?;
    let base = format!("http://{http_addr}");
    std::fs::write(data.join("server-url"), format!("{base}\n"))?;
    println!("HTTP API on {base}/api/v1 (OpenAPI: {base}/api/v1/openapi.json)");
    println!("data folder: {}", data.display());
    if let Some(t) = &first_admin_token {
        println!(
            "admin token (shown once; also in {}): {t}",
            data.join("admin-token").display()
        );
        println!("dashboard: {base}/?token={t}");
    }
    if args.dev {
        println!("enrollment token: {enroll_token}");
        println!(
            "join a device: pyrite-agent --server {base} --enroll-token {enroll_token} --id my-device --state ./my-device"
        );
        crate::dev::start_simulated_devices(
            app.clone(),
            &base,
            &enroll_token,
            args.dev_devices,
            shutdown.clone(),
        );
    }

    let router = crate::http::router(app.clone());
    let https = match (https_listener, &tls) {
        (Some(listener), Some((acceptor, _))) => {
            let addr = listener.local_addr()?;
            println!("HTTPS API on https://{addr}/api/v1");
            let listener = crate::tls::TlsListener::new(listener, acceptor.clone())?;
            // Enrollment over HTTPS learns that the device can speak TLS.
            let router = router.clone().layer(axum::Extension(crate::http::ViaTls));
            let mut stop = shutdown.clone();
            Some(tokio::spawn(async move {
                use axum::serve::ListenerExt;
                axum::serve(
                    listener.tap_io(|_| {}),
                    router.into_make_service_with_connect_info::<SocketAddr>(),
                )
                .with_graceful_shutdown(async move {
                    let _ = stop.changed().await;
                })
                .await
            }))
        }
        _ => None,
    };
    let mut stop = shutdown.clone();
    axum::serve(
        http,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        let _ = stop.changed().await;
    })
    .await?;
    if let Some(h) = https {
        let _ = shutdown_tx.send(true);
        match h.await {
            Ok(Err(e)) => tracing::warn!("https server: {e}"),
            Err(e) => tracing::warn!("https server task: {e}"),
            Ok(Ok(())) => {}
        }
    }
    let _ = shutdown_tx.send(true);
    // Let the writer flush what is queued.
    let _ = tokio::time::timeout(std::time::Duration::from_secs(10), writer).await;
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::parse_broker_url;

    #[test]
    fn broker_urls() {
        assert_eq!(
            parse_broker_url("mqtt://h:1884").unwrap(),
            (None, "h".into(), 1884)
        );
        assert_eq!(
            parse_broker_url("mqtt://h").unwrap(),
            (None, "h".into(), 1883)
        );
        assert_eq!(
            parse_broker_url("mqtt://u:p@h:1").unwrap(),
            (Some(("u".into(), "p".into())), "h".into(), 1)
        );
        assert!(parse_broker_url("http://h").is_err());
        assert!(parse_broker_url("mqtt://h:x").is_err());
    }
}
