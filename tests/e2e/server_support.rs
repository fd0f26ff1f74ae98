//! Shared helpers for the fleet-server end-to-end tests: start a real
//! `pyrite-fleet serve` on free ports, talk to its API, and act as a device
//! over MQTT with rumqttc.
#![allow(dead_code)]

use pyrite_e2e::free_port;
use pyrite_protocol::DeviceId;
use pyrite_protocol::enroll::{EnrollRequest, EnrollResponse};
use pyrite_protocol::messages::{self, Birth, Message};
use pyrite_protocol::topics::{self, TopicKind};
use rumqttc::{AsyncClient, Event, EventLoop, MqttOptions, Packet, QoS};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The `pyrite-fleet` binary next to this test's executable (or
/// `PYRITE_FLEET_BIN`, e.g. a release build for the ingest benchmark).
pub fn fleet_binary() -> PathBuf {
    if let Ok(p) = std::env::var("PYRITE_FLEET_BIN")
        && !p.is_empty()
    {
        return PathBuf::from(p);
    }
    let exe = std::env::current_exe().expect("current exe");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>");
    let bin = profile_dir.join(format!("pyrite-fleet{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.is_file(),
        "{} is missing: build it with `cargo build -p pyrite-fleet`",
        bin.display()
    );
    bin
}

/// Runs `pyrite-fleet` as the operator CLI against `s` with `token`; its output, whatever the exit.
pub fn cli_as(s: &Server, token: &str, args: &[&str]) -> std::process::Output {
    Command::new(fleet_binary())
        .args(["--server", &s.base, "--token", token])
        .args(args)
        .output()
        .expect("run pyrite-fleet")
}

/// Runs `pyrite-fleet` as the operator CLI against `s` with the admin token;
/// returns stdout, and fails the test when the command fails.
pub fn cli(s: &Server, args: &[&str]) -> String {
    let out = cli_as(s, &s.token, args);
    assert!(
        out.status.success(),
        "pyrite-fleet {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The value of the metric line `name` (with its labels, if any) in a
/// Prometheus text; 0 when absent.
pub fn metric(text: &str, name: &str) -> f64 {
    text.lines()
        .find_map(|l| {
            l.strip_prefix(name)
                .and_then(|v| v.strip_prefix(' '))
                .and_then(|v| v.trim().parse().ok())
        })
        .unwrap_or(0.0)
}

/// Polls `/metrics` until `done` holds for the value of `name`; returns it.
pub async fn wait_metric(s: &Server, name: &str, what: &str, done: impl Fn(f64) -> bool) -> f64 {
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        let v = metric(&s.metrics().await, name);
        if done(v) {
            return v;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}: {name} = {v}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A fresh temporary folder.
pub fn temp_dir(name: &str) -> PathBuf {
    let n = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let d = std::env::temp_dir().join(format!("pyrite-e2e-{name}-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A running server process (killed on drop).
pub struct Server {
    /// The process.
    pub child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// Device-facing MQTT port.
    pub mqtt_port: u16,
    /// Data folder.
    pub data: PathBuf,
    /// Admin token.
    pub token: String,
    /// HTTP client.
    pub http: reqwest::Client,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts `serve` with the embedded broker (unless `extra` names one) on free ports.
    pub async fn start(name: &str, extra: &[&str]) -> Server {
        let data = temp_dir(name);
        Self::start_in(data, extra).await
    }

    /// Starts `serve` with a given data folder. Free ports are picked before the server binds
    /// them, so another process may take one in between: a server that exits because its port
    /// was taken is started again on new ports (a few times).
    pub async fn start_in(data: PathBuf, extra: &[&str]) -> Server {
        let mut attempt = 1;
        loop {
            match Self::try_start_in(&data, extra).await {
                Ok(server) => return server,
                Err(log) if attempt < 4 && log.contains("Address already in use") => attempt += 1,
                Err(log) => panic!("server exited; log:\n{log}"),
            }
        }
    }

    /// One start: the server, or its log when it exited before it was up.
    async fn try_start_in(data: &Path, extra: &[&str]) -> Result<Server, String> {
        let data = data.to_path_buf();
        let http_port = free_port().unwrap();
        let mqtt_port = free_port().unwrap();
        let log = std::fs::File::create(data.join("server.log")).unwrap();
        // `serve` writes this file once it holds its ports; a restart in the
        // same folder must not be fooled by the previous server's copy.
        let url_file = data.join("server-url");
        let _ = std::fs::remove_file(&url_file);
        let mut child = Command::new(fleet_binary())
            .arg("serve")
            .arg("--http")
            .arg(format!("127.0.0.1:{http_port}"))
            .arg("--mqtt")
            .arg(format!("127.0.0.1:{mqtt_port}"))
            .arg("--data")
            .arg(&data)
            .args(extra)
            .env("RUST_LOG", "info,pyrite_fleet=debug")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start pyrite-fleet serve");
        let base = format!("http://127.0.0.1:{http_port}");
        let http = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            // Free ports are picked before the server binds them: another
            // process may take one in between. Only a live server that wrote
            // our URL is ours (a healthy answer alone may come from a stranger).
            if let Ok(Some(status)) = child.try_wait() {
                return Err(format!("({status})\n{}", read_log(&data)));
            }
            let ours = std::fs::read_to_string(&url_file).is_ok_and(|u| u.trim() == base);
            if ours
                && let Ok(r) = http.get(format!("{base}/healthz")).send().await
                && r.status().is_success()
            {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "server did not become healthy; log:\n{}",
                read_log(&data)
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let token = std::fs::read_to_string(data.join("admin-token"))
            .unwrap()
            .trim()
            .to_string();
        Ok(Server {
            child,
            base,
            mqtt_port,
            data,
            token,
            http,
        })
    }

    /// The server's log so far.
    pub fn log(&self) -> String {
        read_log(&self.data)
    }

    /// The whole server log so far.
    pub fn full_log(&self) -> String {
        std::fs::read_to_string(self.data.join("server.log")).unwrap_or_default()
    }

    /// The Prometheus metrics text.
    pub async fn metrics(&self) -> String {
        self.http
            .get(format!("{}/metrics", self.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// GET with the admin token; returns (status, JSON).
    pub async fn get(&self, path: &str) -> (u16, Value) {
        let r = self
            .http
            .get(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        let st = r.status().as_u16();
        (st, r.json().await.unwrap_or(Value::Null))
    }

    /// POST JSON with the admin token.
    pub async fn post(&self, path: &str, body: &Value) -> (u16, Value) {
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .await
            .unwrap();
        let st = r.status().as_u16();
        (st, r.json().await.unwrap_or(Value::Null))
    }

    /// POST bytes with the admin token.
    pub async fn post_bytes(&self, path: &str, body: Vec<u8>) -> (u16, Value) {
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .body(body)
            .send()
            .await
            .unwrap();
        let st = r.status().as_u16();
        (st, r.json().await.unwrap_or(Value::Null))
    }

    /// PUT JSON with the admin token.
    pub async fn put(&self, path: &str, body: &Value) -> (u16, Value) {
        let r = self
            .http
            .put(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .await
            .unwrap();
        let st = r.status().as_u16();
        (st, r.json().await.unwrap_or(Value::Null))
    }

    /// The fleet enrollment token.
    pub async fn enroll_token(&self) -> String {
        self.get("/api/v1/enroll-token").await.1["enroll_token"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// Enrolls a device; returns the HTTP status and the response.
    pub async fn enroll_with(&self, id: &str, token: &str) -> (u16, Option<EnrollResponse>) {
        let req = EnrollRequest {
            device_id: DeviceId::new(id).unwrap(),
            enroll_token: token.into(),
            agent_version: "0.1.0".into(),
            interpreter_version: "0.1.0".into(),
            protocol: pyrite_protocol::PROTOCOL_VERSION,
        };
        let r = self
            .http
            .post(format!("{}/api/v1/enroll", self.base))
            .json(&req)
            .send()
            .await
            .unwrap();
        let st = r.status().as_u16();
        let body = r.bytes().await.unwrap();
        (st, messages::decode_enroll_response(&body).ok())
    }

    /// Enrolls a device with the right token.
    pub async fn enroll(&self, id: &str) -> EnrollResponse {
        let t = self.enroll_token().await;
        let (st, resp) = self.enroll_with(id, &t).await;
        assert_eq!(st, 200, "enroll {id}");
        resp.unwrap()
    }

    /// Waits until `f` holds for the device's JSON (polling the API).
    pub async fn wait_device(&self, id: &str, what: &str, f: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let (st, v) = self.get(&format!("/api/v1/devices/{id}")).await;
            if st == 200 && f(&v) {
                return v;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {id}: {what}; last {v}\nlog:\n{}",
                self.log()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until `f` holds for a rollout's JSON.
    pub async fn wait_rollout(&self, id: &str, what: &str, f: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let (_, v) = self.get(&format!("/api/v1/rollouts/{id}")).await;
            if f(&v) {
                return v;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for rollout {id}: {what}; last {v}\nlog:\n{}",
                self.log()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

fn read_log(data: &Path) -> String {
    let s = std::fs::read_to_string(data.join("server.log")).unwrap_or_default();
    let n = s.len().saturating_sub(6000);
    s[s.floor_char_boundary(n)..].to_string()
}

/// Publishes a protocol message on a device topic with its protocol QoS and retain flag.
pub async fn send_msg<T: Message>(client: &AsyncClient, id: &DeviceId, kind: TopicKind, msg: &T) {
    let qos = if kind.qos() == 0 {
        QoS::AtMostOnce
    } else {
        QoS::AtLeastOnce
    };
    client
        .publish(
            topics::topic(id, kind),
            qos,
            kind.retained(),
            messages::encode(msg).unwrap(),
        )
        .await
        .unwrap();
}

/// A birth message of a test device running nothing.
pub fn birth_message() -> Birth {
    Birth {
        protocol: 1,
        state: "online".into(),
        agent_version: "0.1.0".into(),
        interpreter_version: "0.1.0".into(),
        platform: "test".into(),
        free_ram: 1000,
        free_flash: 2000,
        max_bundle_size: None,
        running: None,
        app_state: messages::AppState::None,
        key_set_sequence: 0,
        boot_count: 1,
    }
}

/// A fake device speaking MQTT with rumqttc.
pub struct FakeDevice {
    /// Its id.
    pub id: DeviceId,
    /// Publishing handle.
    pub client: AsyncClient,
    /// Its event loop (poll it).
    pub events: EventLoop,
}

/// A connected device whose event loop runs in `pump` ([`FakeDevice::pumped`]).
pub struct PumpedDevice {
    /// Its id.
    pub id: DeviceId,
    /// Publishing handle.
    pub client: AsyncClient,
    /// The task polling its event loop (abort it to drop the connection).
    pub pump: tokio::task::JoinHandle<()>,
}

/// Connection outcome of a device.
#[derive(Debug, PartialEq, Eq)]
pub enum Connected {
    /// CONNACK accepted.
    Yes,
    /// Refused or the connection closed.
    No(String),
}

impl FakeDevice {
    /// Creates the client (not yet connected: poll with [`FakeDevice::connect`]).
    pub fn new(id: &str, username: &str, password: &str, port: u16) -> FakeDevice {
        let did = DeviceId::new(id).unwrap();
        let mut o = MqttOptions::new(id, "127.0.0.1", port);
        o.set_credentials(username, password);
        o.set_keep_alive(Duration::from_secs(10));
        o.set_max_packet_size(64 * 1024, 64 * 1024);
        o.set_last_will(rumqttc::LastWill::new(
            topics::topic(&did, TopicKind::Status),
            topics::OFFLINE_PAYLOAD.to_vec(),
            QoS::AtLeastOnce,
            true,
        ));
        let (client, events) = AsyncClient::new(o, 100);
        FakeDevice {
            id: did,
            client,
            events,
        }
    }

    /// From an enrollment response.
    pub fn enrolled(resp: &EnrollResponse, port: u16) -> FakeDevice {
        FakeDevice::new(
            resp.device_id.as_str(),
            &resp.mqtt.username,
            &resp.mqtt.password,
            port,
        )
    }

    /// Polls until CONNACK or an error.
    pub async fn connect(&mut self) -> Connected {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            match tokio::time::timeout_at(deadline, self.events.poll()).await {
                Ok(Ok(Event::Incoming(Packet::ConnAck(a)))) => {
                    return if a.code == rumqttc::ConnectReturnCode::Success {
                        Connected::Yes
                    } else {
                        Connected::No(format!("{:?}", a.code))
                    };
                }
                Ok(Ok(_)) => {}
                Ok(Err(e)) => return Connected::No(e.to_string()),
                Err(_) => return Connected::No("timeout".into()),
            }
        }
    }

    /// An enrolled device, connected: retried for up to 20 s while an
    /// external broker reloads its password file after the enrollment.
    pub async fn connected(e: &EnrollResponse, port: u16) -> FakeDevice {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let mut d = FakeDevice::enrolled(e, port);
            match d.connect().await {
                Connected::Yes => return d,
                Connected::No(why) => {
                    assert!(
                        Instant::now() < deadline,
                        "{} never connected: {why}",
                        e.device_id
                    );
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            }
        }
    }

    /// An enrolled device, connected (as [`FakeDevice::connected`]), its
    /// event loop polled by a task of its own: its publishes go out and its
    /// acks come in while the test does other things.
    pub async fn pumped(e: &EnrollResponse, port: u16) -> PumpedDevice {
        let FakeDevice {
            id,
            client,
            mut events,
        } = FakeDevice::connected(e, port).await;
        let pump = tokio::spawn(async move { while events.poll().await.is_ok() {} });
        PumpedDevice { id, client, pump }
    }

    /// The topic of a kind for this device.
    pub fn topic(&self, kind: TopicKind) -> String {
        topics::topic(&self.id, kind)
    }

    /// Publishes a protocol message on one of its topics.
    pub async fn send<T: Message>(&self, kind: TopicKind, msg: &T) {
        send_msg(&self.client, &self.id, kind, msg).await
    }

    /// Publishes its birth message.
    pub async fn birth(&self, running: Option<messages::BundleInfo>) {
        let mut b = birth_message();
        b.running = running;
        self.send(TopicKind::Status, &b).await;
    }

    /// Polls events until a publish arrives (or `timeout`); returns (topic, payload).
    pub async fn next_publish(&mut self, timeout: Duration) -> Option<(String, Vec<u8>)> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            match tokio::time::timeout_at(deadline, self.events.poll()).await {
                Ok(Ok(Event::Incoming(Packet::Publish(p)))) => {
                    return Some((p.topic.clone(), p.payload.to_vec()));
                }
                Ok(Ok(_)) => {}
                Ok(Err(_)) => return None,
                Err(_) => return None,
            }
        }
    }

    /// Polls until the connection fails (true) or `timeout` passes with it up (false).
    pub async fn is_disconnected_within(&mut self, timeout: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            match tokio::time::timeout_at(deadline, self.events.poll()).await {
                Ok(Ok(_)) => {}
                Ok(Err(_)) => return true,
                Err(_) => return false,
            }
        }
    }

    /// Keeps the connection serviced for a while (sends queued publishes).
    pub async fn pump(&mut self, d: Duration) {
        let _ = self.is_disconnected_within(d).await;
    }
}

/// How a simulated device answers a deployment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Downloads, reports `running`, then `healthy`.
    Healthy,
    /// Downloads, reports `running`, then `failed` with a traceback.
    Fails,
}

/// What a simulated device saw (sent to the test).
#[derive(Debug, Clone)]
pub enum Seen {
    /// A desired state arrived.
    Desired(messages::DesiredState),
    /// A bundle was downloaded completely; its sha256 matched.
    Downloaded(String),
    /// A REPL input.
    Repl(messages::ReplIn),
}

/// Runs a minimal device: birth, subscribe to its `down/#`, follow desired
/// states (chunked download, sha check, report), answer REPL sessions by
/// echoing input. Events go to the returned channel.
pub fn spawn_agent(
    dev: FakeDevice,
    outcome: Outcome,
) -> (
    tokio::task::JoinHandle<()>,
    tokio::sync::mpsc::UnboundedReceiver<Seen>,
) {
    use pyrite_protocol::chunk::ChunkFrame;
    use pyrite_protocol::messages::{ChunkRequest, ReplIn, ReplOut, Report, ReportState};
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let h = tokio::spawn(async move {
        let FakeDevice {
            id: did,
            client,
            mut events,
        } = dev;
        let filter = format!("{}/down/#", topics::device_root(&did));
        client.subscribe(filter, QoS::AtLeastOnce).await.unwrap();
        send_msg(&client, &did, TopicKind::Status, &birth_message()).await;
        let mut download: Option<(messages::BundleRef, String, Vec<u8>)> = None;
        let report = |state: ReportState,
                      b: &messages::BundleRef,
                      deployment: &str,
                      tb: Option<&str>| Report {
            protocol: 1,
            deployment: deployment.to_string(),
            sha256: Some(b.sha256.clone()),
            sequence: Some(b.sequence),
            state,
            reason: None,
            detail: None,
            traceback: tb.map(str::to_string),
            progress: None,
            uptime_ms: 1000,
        };
        let mut out_seq = 0u32;
        loop {
            let ev = match events.poll().await {
                Ok(e) => e,
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(200)).await;
                    continue;
                }
            };
            let Event::Incoming(Packet::Publish(p)) = ev else {
                continue;
            };
            let Ok(t) = topics::parse(&p.topic) else {
                continue;
            };
            match t.kind {
                TopicKind::Desired => {
                    let Ok(d) = messages::decode_desired(&p.payload) else {
                        continue;
                    };
                    let _ = tx.send(Seen::Desired(d.clone()));
                    if let Some(b) = d.bundle {
                        let req = ChunkRequest {
                            sha256: b.sha256.clone(),
                            offset: 0,
                            chunk_size: 2048,
                            count: 16,
                        };
                        send_msg(&client, &did, TopicKind::ChunkRequest, &req).await;
                        download = Some((b, d.deployment, Vec::new()));
                    }
                }
                TopicKind::ChunkData => {
                    let Some((b, deployment, buf)) = download.as_mut() else {
                        continue;
                    };
                    let Ok(f) = ChunkFrame::decode(&p.payload) else {
                        continue;
                    };
                    if f.offset as usize != buf.len() {
                        continue;
                    }
                    buf.extend_from_slice(f.payload);
                    if buf.len() as u32 == f.total_len {
                        use sha2_check::sha256_hex;
                        let sha = sha256_hex(buf);
                        assert_eq!(sha, b.sha256, "downloaded bundle hash");
                        let _ = tx.send(Seen::Downloaded(sha));
                        let (b, deployment) = (b.clone(), deployment.clone());
                        download = None;
                        send_msg(
                            &client,
                            &did,
                            TopicKind::Report,
                            &report(ReportState::Running, &b, &deployment, None),
                        )
                        .await;
                        match outcome {
                            Outcome::Healthy => {
                                send_msg(
                                    &client,
                                    &did,
                                    TopicKind::Report,
                                    &report(ReportState::Healthy, &b, &deployment, None),
                                )
                                .await
                            }
                            Outcome::Fails => {
                                let tb = "Traceback (most recent call last):\n  File \"main.py\", line 1\nZeroDivisionError: division by zero";
                                send_msg(
                                    &client,
                                    &did,
                                    TopicKind::Report,
                                    &report(ReportState::Failed, &b, &deployment, Some(tb)),
                                )
                                .await
                            }
                        }
                    } else if (buf.len() as u32).is_multiple_of(2048 * 16) {
                        let req = ChunkRequest {
                            sha256: b.sha256.clone(),
                            offset: buf.len() as u32,
                            chunk_size: 2048,
                            count: 16,
                        };
                        send_msg(&client, &did, TopicKind::ChunkRequest, &req).await;
                    }
                }
                TopicKind::ReplIn => {
                    let Ok(m) = messages::decode_repl_in(&p.payload) else {
                        continue;
                    };
                    let _ = tx.send(Seen::Repl(m.clone()));
                    let reply = match m {
                        ReplIn::Open { session } => Some(ReplOut::Opened {
                            session,
                            banner: "Pyrite test\n>>> ".into(),
                        }),
                        ReplIn::Input { session, data, .. } => {
                            out_seq += 1;
                            Some(ReplOut::Output {
                                session,
                                seq: out_seq,
                                data: format!("echo:{data}"),
                            })
                        }
                        ReplIn::Interrupt { session, .. } => {
                            out_seq += 1;
                            Some(ReplOut::Output {
                                session,
                                seq: out_seq,
                                data: "KeyboardInterrupt\n".into(),
                            })
                        }
                        _ => None,
                    };
                    if let Some(r) = reply {
                        send_msg(&client, &did, TopicKind::ReplOut, &r).await;
                    }
                }
                _ => {}
            }
        }
    });
    (h, rx)
}

/// sha256 via the protocol's bundle inspection helpers (no extra dependency).
pub mod sha2_check {
    /// Lowercase hex sha256 of bytes.
    pub fn sha256_hex(b: &[u8]) -> String {
        use sha2::Digest;
        pyrite_protocol::keys::to_hex(&sha2::Sha256::digest(b))
    }
}

/// Waits for a `Seen` matching `f`.
pub async fn wait_seen(
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<Seen>,
    what: &str,
    f: impl Fn(&Seen) -> bool,
) -> Seen {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        match tokio::time::timeout_at(deadline, rx.recv()).await {
            Ok(Some(s)) if f(&s) => return s,
            Ok(Some(_)) => {}
            _ => panic!("device never saw {what}"),
        }
    }
}

/// Builds a bundle signed with the server's key from its data folder.
pub fn server_signed_bundle(
    data: &Path,
    app: &str,
    version: &str,
    sequence: u64,
    main: &str,
) -> Vec<u8> {
    let key = pyrite_protocol::keyfile::read_secret_key(&data.join("server.key")).unwrap();
    let mut b = pyrite_protocol::bundle::BundleBuilder::new(app, version, sequence);
    b.add_file("main.py", main.as_bytes().to_vec()).unwrap();
    // A bigger file so the download takes several chunk windows.
    b.add_file(
        "data.bin",
        (0..100_000u32)
            .map(|i| (i % 251) as u8)
            .collect::<Vec<u8>>(),
    )
    .unwrap();
    b.sign(&key).unwrap()
}

/// One Server-Sent Event.
#[derive(Debug, Clone, Default)]
pub struct SseEvent {
    /// `id:` field.
    pub id: Option<String>,
    /// `event:` field (`message` when absent).
    pub event: String,
    /// `data:` lines joined.
    pub data: String,
    /// A comment line (`: text`), for comment-only blocks.
    pub comment: Option<String>,
}

impl SseEvent {
    /// The data as JSON (`Null` if it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.data).unwrap_or(Value::Null)
    }
}

/// A reader of an SSE response.
pub struct SseStream {
    resp: reqwest::Response,
    buf: String,
}

impl SseStream {
    /// Opens `path` of `server` as an SSE stream (optionally resuming after `last_id`).
    pub async fn open(server: &Server, path: &str, last_id: Option<&str>) -> SseStream {
        let mut req = server
            .http
            .get(format!("{}{path}", server.base))
            .bearer_auth(&server.token);
        if let Some(id) = last_id {
            req = req.header("Last-Event-ID", id);
        }
        let resp = req.send().await.unwrap();
        assert_eq!(resp.status().as_u16(), 200, "open {path}");
        SseStream {
            resp,
            buf: String::new(),
        }
    }

    /// The next event or comment block, or `None` when the stream ends or
    /// nothing arrives within `timeout`.
    pub async fn next(&mut self, timeout: Duration) -> Option<SseEvent> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            if let Some(i) = self.buf.find("\n\n") {
                let block: String = self.buf.drain(..i + 2).collect();
                let mut ev = SseEvent {
                    event: "message".into(),
                    ..Default::default()
                };
                let mut data = Vec::new();
                for line in block.lines() {
                    if let Some(c) = line.strip_prefix(':') {
                        ev.comment = Some(c.trim().to_string());
                    } else if let Some((k, v)) = line.split_once(':') {
                        let v = v.strip_prefix(' ').unwrap_or(v);
                        match k {
                            "id" => ev.id = Some(v.to_string()),
                            "event" => ev.event = v.to_string(),
                            "data" => data.push(v.to_string()),
                            _ => {}
                        }
                    }
                }
                ev.data = data.join("\n");
                return Some(ev);
            }
            match tokio::time::timeout_at(deadline, self.resp.chunk()).await {
                Ok(Ok(Some(c))) => self.buf.push_str(&String::from_utf8_lossy(&c)),
                _ => return None,
            }
        }
    }

    /// Waits for the first event named `name` whose JSON satisfies `f`
    /// (skipping others); panics after 30 s.
    pub async fn wait(&mut self, name: &str, what: &str, f: impl Fn(&Value) -> bool) -> SseEvent {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.next(left).await {
                Some(e) if e.event == name && f(&e.json()) => return e,
                Some(_) => {}
                None => panic!("no {name} event: {what}"),
            }
        }
    }
}

/// On a broker that filters rather than disconnects (Mosquitto's ACL): the
/// device `d2` (connected) subscribes to `victim`'s commands and to every
/// device's reports and publishes `victim`'s status as offline; then `victim`
/// (`d1`, subscribed to its own commands) is sent a command. `d1` must get it,
/// `d2` nothing, and `victim`'s record stays online.
pub async fn check_neighbour_cannot_reach(
    s: &Server,
    d1: &mut FakeDevice,
    d2: &mut FakeDevice,
    victim: &str,
) {
    let down = format!("pyrite/v1/dev/{victim}/down/#");
    for topic in [down.as_str(), "pyrite/v1/dev/+/up/#"] {
        d2.client.subscribe(topic, QoS::AtLeastOnce).await.unwrap();
    }
    d2.client
        .publish(
            format!("pyrite/v1/dev/{victim}/up/status"),
            QoS::AtLeastOnce,
            true,
            b"offline".to_vec(),
        )
        .await
        .unwrap();
    d2.pump(Duration::from_millis(500)).await;
    let (st, _) = s
        .post(
            &format!("/api/v1/devices/{victim}/commands"),
            &serde_json::json!({"command": "resend_state"}),
        )
        .await;
    assert_eq!(st, 202);
    let cmd = format!("pyrite/v1/dev/{victim}/down/cmd");
    let got = d1.next_publish(Duration::from_secs(5)).await;
    assert!(
        got.is_some_and(|(t, _)| t == cmd),
        "{victim} gets its own command"
    );
    assert_eq!(
        d2.next_publish(Duration::from_secs(2)).await,
        None,
        "a neighbour must not see {victim}'s traffic"
    );
    // The offline status, had it passed, is handled at once; give it time.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (_, v) = s.get(&format!("/api/v1/devices/{victim}")).await;
    assert_eq!(v["online"], 1, "a neighbour must not mark {victim} offline");
}

/// Declares a pair of tests that run `body(backend)`: `embedded` on the
/// embedded defaults (SQLite, the embedded broker) and `postgres_mosquitto` on
/// PostgreSQL and Mosquitto, which prints that it was skipped unless the
/// environment names both (`Backend::postgres_mosquitto`).
#[allow(unused_macros)]
macro_rules! on_both_backends {
    ($embedded:ident, $postgres_mosquitto:ident, $body:path) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
        async fn $embedded() {
            $body(Backend::Embedded).await;
        }

        #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
        async fn $postgres_mosquitto() {
            let Some(backend) = Backend::postgres_mosquitto(stringify!($postgres_mosquitto)) else {
                return;
            };
            $body(backend).await;
        }
    };
}
#[allow(unused_imports)]
pub(crate) use on_both_backends;

/// A fresh, empty database on the PostgreSQL server named by `base` (a URL
/// whose query string, if any, is kept): its URL and its name, which starts
/// with `prefix`. Drop it with [`drop_db`].
pub async fn fresh_db(base: &str, prefix: &str) -> (String, String) {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let name = format!("{prefix}_{}_{}", std::process::id(), nanos % 1_000_000_000);
    let admin = sqlx::PgPool::connect(base).await.expect("connect postgres");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&admin)
        .await
        .expect("create database");
    admin.close().await;
    let (head, query) = base.split_once('?').unwrap_or((base, ""));
    let root = &head[..head.rfind('/').expect("database URL with a path")];
    let url = if query.is_empty() {
        format!("{root}/{name}")
    } else {
        format!("{root}/{name}?{query}")
    };
    (url, name)
}

/// Drops a database made by [`fresh_db`], closing its other connections.
pub async fn drop_db(base: &str, name: &str) {
    if let Ok(admin) = sqlx::PgPool::connect(base).await {
        let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
        )))
        .execute(&admin)
        .await;
        admin.close().await;
    }
}

/// A child process killed (SIGKILL) when dropped.
pub struct Killed(pub Child);

impl Drop for Killed {
    fn drop(&mut self) {
        self.0.kill().ok();
        self.0.wait().ok();
    }
}

/// A Mosquitto broker configured by `pyrite-fleet mosquitto-config` (password
/// file and per-device ACL), on a fixed port so it can be restarted in place.
pub struct Mosquitto {
    binary: String,
    /// The folder of `mosquitto.conf`, `passwords` and `acl` (`--mosquitto-dir`).
    pub conf_dir: PathBuf,
    log: PathBuf,
    /// Its listener port.
    pub port: u16,
    /// The pid file the server signals to reload passwords.
    pub pid_file: PathBuf,
    child: Option<Killed>,
}

impl Mosquitto {
    /// Writes the configuration for the server data folder `data` (and
    /// `database`, when the fleet is not on SQLite there) and starts the broker.
    pub fn start(binary: &str, data: &Path, database: Option<&str>) -> Mosquitto {
        let conf_dir = data.join("mosquitto");
        let port = pyrite_e2e::free_port().expect("free port");
        let st = Command::new(fleet_binary())
            .args([
                "mosquitto-config",
                "--port",
                &port.to_string(),
                "--bind",
                "127.0.0.1",
                "--out",
            ])
            .arg(&conf_dir)
            .arg("--data")
            .arg(data)
            .args(database.map(|db| ["--database", db]).into_iter().flatten())
            .status()
            .expect("pyrite-fleet mosquitto-config");
        assert!(st.success(), "mosquitto-config failed");
        // Test-only additions: run as the current user, and a pid file for reloads.
        let pid_file = conf_dir.join("mosquitto.pid");
        let conf_path = conf_dir.join("mosquitto.conf");
        let mut conf = std::fs::read_to_string(&conf_path).expect("mosquitto.conf");
        conf.push_str(&format!("user root\npid_file {}\n", pid_file.display()));
        std::fs::write(&conf_path, conf).expect("mosquitto.conf");
        let mut m = Mosquitto {
            binary: binary.to_string(),
            log: data.join("mosquitto.log"),
            conf_dir,
            port,
            pid_file,
            child: None,
        };
        m.spawn();
        m
    }

    fn spawn(&mut self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .expect("mosquitto log");
        let child = Command::new(&self.binary)
            .arg("-c")
            .arg(self.conf_dir.join("mosquitto.conf"))
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start mosquitto");
        self.child = Some(Killed(child));
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err()
            || !self.pid_file.exists()
        {
            assert!(
                Instant::now() < deadline,
                "mosquitto did not listen on {}",
                self.port
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// `mqtt://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("mqtt://127.0.0.1:{}", self.port)
    }

    /// `serve` arguments for a fleet on this broker: `--broker`, and the
    /// folder and pid file to keep its password file current.
    pub fn serve_args(&self) -> Vec<String> {
        vec![
            "--broker".into(),
            self.url(),
            "--mosquitto-dir".into(),
            self.conf_dir.display().to_string(),
            "--mosquitto-pid-file".into(),
            self.pid_file.display().to_string(),
        ]
    }

    /// Kills the broker (SIGKILL): every client loses its connection.
    pub fn kill(&mut self) {
        self.child = None;
        std::fs::remove_file(&self.pid_file).ok();
    }

    /// Starts it again on the same port with the same configuration.
    pub fn restart(&mut self) {
        self.kill();
        self.spawn();
    }
}

/// Where the fleet server keeps its data and which broker devices use: the
/// issue asks for the same suites on SQLite with the embedded broker and on
/// PostgreSQL with Mosquitto.
#[derive(Debug, Clone)]
pub enum Backend {
    /// `serve` defaults: embedded broker, SQLite.
    Embedded,
    /// SQLite and a real Mosquitto (the named executable).
    Mosquitto(String),
    /// PostgreSQL (a fresh database on the server named by the URL) and Mosquitto.
    PostgresMosquitto {
        /// Base URL of the PostgreSQL server (`PYRITE_TEST_POSTGRES_URL`).
        postgres: String,
        /// The `mosquitto` executable.
        mosquitto: String,
    },
}

impl Backend {
    /// The backend named by the test's environment, or `None` (printing that
    /// the test was skipped) when a service it needs is not configured.
    pub fn postgres_mosquitto(test: &str) -> Option<Backend> {
        let mosquitto = pyrite_e2e::service_from_env(pyrite_e2e::ENV_MOSQUITTO, test)?;
        let postgres = pyrite_e2e::service_from_env(pyrite_e2e::ENV_POSTGRES, test)?;
        Some(Backend::PostgresMosquitto {
            postgres,
            mosquitto,
        })
    }
}

/// A running fleet: the server and, with Mosquitto, its broker (and database).
pub struct Fleet {
    /// The server (dropped first: killed before the broker).
    pub server: Server,
    /// The external broker, if any.
    pub mosquitto: Option<Mosquitto>,
    /// PostgreSQL base URL and the database made for this test, dropped by [`Fleet::finish`].
    database: Option<(String, String)>,
}

impl Fleet {
    /// Starts a server on `backend` with a fresh data folder.
    pub async fn start(name: &str, backend: &Backend) -> Fleet {
        let data = temp_dir(name);
        let mut extra: Vec<String> = Vec::new();
        let mut database = None;
        let mosquitto = match backend {
            Backend::Embedded => None,
            Backend::Mosquitto(bin) => Some(Mosquitto::start(bin, &data, None)),
            Backend::PostgresMosquitto {
                postgres,
                mosquitto,
            } => {
                let (url, db) = fresh_db(postgres, "pyrite_e2e").await;
                let broker = Mosquitto::start(mosquitto, &data, Some(&url));
                extra.extend(["--database".to_string(), url]);
                database = Some((postgres.clone(), db));
                Some(broker)
            }
        };
        if let Some(m) = &mosquitto {
            extra.extend(m.serve_args());
        }
        let args: Vec<&str> = extra.iter().map(String::as_str).collect();
        let server = Server::start_in(data, &args).await;
        Fleet {
            server,
            mosquitto,
            database,
        }
    }

    /// The port devices connect to: Mosquitto's, or the embedded broker's.
    pub fn mqtt_port(&self) -> u16 {
        self.mosquitto
            .as_ref()
            .map_or(self.server.mqtt_port, |m| m.port)
    }

    /// Stops everything and drops the test's database.
    pub async fn finish(self) {
        let Fleet {
            server,
            mosquitto,
            database,
        } = self;
        drop(server);
        drop(mosquitto);
        if let Some((base, name)) = database {
            drop_db(&base, &name).await;
        }
    }
}
