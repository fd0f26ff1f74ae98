//! The real `pyrite-agent` with a bare Mosquitto (no server): it runs the
//! sample sensor app installed at first boot, its telemetry reaches the
//! broker, it reconnects after the broker restarts, and after `kill -9` it
//! comes back running the same verified app.
//!
//! Needs `PYRITE_TEST_MOSQUITTO` and `cargo build -p pyrite-agent` first.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use pyrite_protocol::messages::{self, Status};
use pyrite_protocol::topics::{self, TopicKind};
use rumqttc::{AsyncClient, Event, MqttOptions, Packet, QoS};

/// A child process killed (SIGKILL) when dropped.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        self.0.kill().ok();
        self.0.wait().ok();
    }
}

fn agent_binary() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let bin = exe
        .parent()?
        .parent()?
        .join(format!("pyrite-agent{}", std::env::consts::EXE_SUFFIX));
    bin.is_file().then_some(bin)
}

fn start_mosquitto(binary: &str, dir: &Path, port: u16) -> Killed {
    let conf = dir.join("mosquitto.conf");
    std::fs::write(
        &conf,
        format!("listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n"),
    )
    .expect("mosquitto.conf");
    let child = Command::new(binary)
        .arg("-c")
        .arg(&conf)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start mosquitto");
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "mosquitto did not listen on {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Killed(child)
}

fn start_agent(bin: &Path, port: u16, state: &Path) -> Killed {
    let app = pyrite_e2e::workspace_root().join("examples/sensor");
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(state.with_extension("log"))
        .expect("log");
    let child = Command::new(bin)
        .args([
            "--broker",
            &format!("mqtt://127.0.0.1:{port}"),
            "--id",
            "m1",
            "--state",
        ])
        .arg(state)
        .arg("--app")
        .arg(&app)
        .args(["--app-config", r#"{"interval_s": 1}"#])
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("start pyrite-agent");
    Killed(child)
}

/// What the test watches on the broker.
#[derive(Debug)]
enum Seen {
    Online(Option<String>),
    Offline,
    Temperature,
}

async fn watcher(port: u16) -> tokio::sync::mpsc::UnboundedReceiver<Seen> {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let mut opts = MqttOptions::new(format!("watcher-{}", std::process::id()), "127.0.0.1", port);
    opts.set_keep_alive(Duration::from_secs(5));
    let (client, mut events) = AsyncClient::new(opts, 16);
    tokio::spawn(async move {
        loop {
            match events.poll().await {
                Ok(Event::Incoming(Packet::ConnAck(_))) => {
                    for kind in [TopicKind::Status, TopicKind::Telemetry] {
                        let _ = client
                            .subscribe(topics::all_devices_filter(kind), QoS::AtLeastOnce)
                            .await;
                    }
                }
                Ok(Event::Incoming(Packet::Publish(p))) => {
                    let Ok(t) = topics::parse(&p.topic) else {
                        continue;
                    };
                    if t.device_id != "m1" {
                        continue;
                    }
                    let seen = match t.kind {
                        TopicKind::Status => match messages::decode_status(&p.payload) {
                            Ok(Status::Online(b)) => Seen::Online(b.running.map(|r| r.sha256)),
                            Ok(Status::Offline) => Seen::Offline,
                            Err(_) => continue,
                        },
                        TopicKind::Telemetry => match messages::decode_telemetry(&p.payload) {
                            Ok(b) if b.series.iter().any(|s| s.name == "temp_c") => {
                                Seen::Temperature
                            }
                            _ => continue,
                        },
                        _ => continue,
                    };
                    if tx.send(seen).is_err() {
                        return;
                    }
                }
                Ok(_) => {}
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        }
    });
    rx
}

async fn wait_for(
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<Seen>,
    what: &str,
    f: impl Fn(&Seen) -> bool,
) -> Seen {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        match tokio::time::timeout_at(deadline, rx.recv()).await {
            Ok(Some(s)) if f(&s) => return s,
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => panic!("timed out waiting for {what}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn agent_runs_reconnects_and_survives_kill_9_with_mosquitto() {
    let test = "agent_runs_reconnects_and_survives_kill_9_with_mosquitto";
    let Some(mosquitto) = pyrite_e2e::service_from_env(pyrite_e2e::ENV_MOSQUITTO, test) else {
        return;
    };
    // `cargo nextest run --workspace` builds it (pyrite-agent has its own CLI tests);
    // a missing binary is a broken setup, not a reason to skip.
    let Some(bin) = agent_binary() else {
        panic!("{test}: the pyrite-agent binary is missing: run `cargo build -p pyrite-agent`");
    };
    let dir = std::env::temp_dir().join(format!("pyrite-agent-mosq-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let port = pyrite_e2e::free_port().expect("free port");
    let mut broker = start_mosquitto(&mosquitto, &dir, port);
    let mut seen = watcher(port).await;
    let state = dir.join("m1");
    let mut agent = start_agent(&bin, port, &state);

    let Seen::Online(Some(sha)) = wait_for(&mut seen, "birth with the factory app", |s| {
        matches!(s, Seen::Online(Some(_)))
    })
    .await
    else {
        unreachable!()
    };
    wait_for(&mut seen, "temp_c telemetry", |s| {
        matches!(s, Seen::Temperature)
    })
    .await;

    // The broker restarts: the agent reconnects on its own and says so with a new birth.
    drop(broker);
    broker = start_mosquitto(&mosquitto, &dir, port);
    let mut seen = watcher(port).await;
    wait_for(
        &mut seen,
        "birth after the broker restart",
        |s| matches!(s, Seen::Online(Some(h)) if *h == sha),
    )
    .await;
    wait_for(&mut seen, "telemetry after the broker restart", |s| {
        matches!(s, Seen::Temperature)
    })
    .await;

    // kill -9: the broker publishes the Last Will; the restarted agent runs the same app.
    drop(agent);
    wait_for(&mut seen, "the Last Will", |s| matches!(s, Seen::Offline)).await;
    agent = start_agent(&bin, port, &state);
    wait_for(
        &mut seen,
        "birth after kill -9",
        |s| matches!(s, Seen::Online(Some(h)) if *h == sha),
    )
    .await;
    wait_for(&mut seen, "telemetry after kill -9", |s| {
        matches!(s, Seen::Temperature)
    })
    .await;
    drop(agent);
    drop(broker);
    std::fs::remove_dir_all(&dir).ok();
}
