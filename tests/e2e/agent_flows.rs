//! The real `pyrite-agent` against a real `pyrite-fleet serve`, beyond
//! `agent_fleet.rs`: the whole device flow parameterised over the server's
//! backend (defaults: embedded broker and SQLite; PostgreSQL + Mosquitto when
//! `PYRITE_TEST_POSTGRES_URL` and `PYRITE_TEST_MOSQUITTO` are set): a
//! deployment whose output, telemetry and heartbeat (boot count, uptime, free
//! heap, RSSI) reach the server, a raising bundle rolled back with its
//! traceback, tampered, unsigned and older-sequence bundles refused while the
//! old app keeps running, `kill -9` in the middle of a download; a remote
//! REPL session (a line, Ctrl-C of an infinite loop, a live app's globals)
//! through the server's WebSocket; and a Mosquitto restart during which a
//! deployment is made, after which every agent reconnects and converges.
//!
//! The kill -9 flow of `agent_fleet.rs` is covered here again on both backends;
//! that older test goes once this one has run in CI for a while.

#[path = "server_support.rs"]
mod support;

#[path = "agent_support.rs"]
mod agent_support;

use std::path::Path;
use std::time::{Duration, Instant};

use agent_support::*;
use serde_json::{Value, json};
use support::{Backend, Fleet, Killed, Server, server_signed_bundle};

/// Waits for the rollout to end as `rolled_back` after the device refused
/// the bundle; returns the device's error at the server.
async fn refused(s: &Server, rollout_id: &str) -> String {
    let halted = s
        .wait_rollout(rollout_id, "refused bundle rolled back", |v| {
            v["state"] == "rolled_back"
        })
        .await;
    halted["devices"][0]["error"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

/// Rewrites the stored copy of a bundle at the server (as a compromised
/// server or disk would), keeping its name (the sha256 devices are told).
fn tamper_stored(data: &Path, sha: &str, f: impl FnOnce(&mut Vec<u8>)) {
    let path = data.join("bundles").join(format!("{sha}.bundle"));
    let mut bytes = std::fs::read(&path).expect("stored bundle");
    f(&mut bytes);
    std::fs::write(&path, bytes).expect("rewrite stored bundle");
}

/// Offset of the signature in a bundle file (after the manifest, PROTOCOL.md §13).
fn signature_offset(bundle: &[u8]) -> usize {
    let m = u32::from_be_bytes(bundle[6..10].try_into().expect("header")) as usize;
    18 + m
}

/// The whole device flow on one backend.
async fn agent_flow(test: &str, backend: Backend) {
    let Some(bin) = agent_binary() else {
        panic!("{test}: the pyrite-agent binary is missing: run `cargo build -p pyrite-agent`");
    };
    let fleet = Fleet::start("agent-e2e", &backend).await;
    let s = &fleet.server;
    let token = s.enroll_token().await;
    let state = s.data.join("dev-a1");
    let args = ["--app-config", r#"{"interval_s": 1}"#];
    let mut agent = start_agent(&bin, s, &token, "a1", &state, &args);
    s.wait_device("a1", "online", |v| v["online"] == 1).await;
    assert!(
        state.join("credentials.json").is_file(),
        "credentials kept in --state"
    );

    // 1. The sample sensor app: its output and telemetry reach the server.
    let sha1 = upload(s, bundle_with(&s.data, "sensor", 1, &example("sensor"))).await;
    let r1 = rollout(s, &sha1, "a1").await;
    s.wait_rollout(&r1, "sensor rollout completed", |v| {
        v["state"] == "completed"
    })
    .await;
    s.wait_device("a1", "running the sensor app", |v| {
        v["running_bundle"] == sha1.as_str()
    })
    .await;
    wait_until(
        "sensor output in the device log",
        Duration::from_secs(20),
        || async { log_contains(s, "a1", "sensor app on a1").await },
    )
    .await;
    wait_telemetry_above(s, "a1", "temp_c", 0).await;

    // The birth and the heartbeat: boot count, uptime, free heap, link quality.
    let dev = s
        .wait_device("a1", "birth with a boot count", |v| {
            device_info(v)["boot_count"].as_u64().unwrap_or(0) >= 1
        })
        .await;
    // The birth is sent before the app starts (its app_state is "none"); the
    // heartbeat's app_running metric below says the app runs.
    assert!(device_info(&dev)["free_flash"].as_u64().is_some(), "{dev}");
    for metric in ["uptime_s", "free_ram", "rssi", "app_running"] {
        wait_telemetry_above(s, "a1", metric, 0).await;
    }

    // 2. An app that raises: rolled back on the device, traceback at the server.
    let sha2 = upload(s, bundle_with(&s.data, "crash", 2, &example("crash"))).await;
    let r2 = rollout(s, &sha2, "a1").await;
    let halted = s
        .wait_rollout(&r2, "crash rollout rolled back", |v| {
            v["state"] == "rolled_back"
        })
        .await;
    let dev = &halted["devices"][0];
    assert!(
        dev["error"].as_str().unwrap_or("").contains("KeyError"),
        "traceback reaches the server: {halted}"
    );
    s.wait_device("a1", "back on the sensor app", |v| {
        v["running_bundle"] == sha1.as_str()
    })
    .await;
    wait_until(
        "traceback in the device log",
        Duration::from_secs(20),
        || async { log_contains(s, "a1", "read_channel").await },
    )
    .await;

    // 3. Bundles the device must refuse, each while the sensor app keeps running.
    // A file byte changed after signing (the server's stored copy tampered with).
    let sha = upload(s, bundle_with(&s.data, "sensor", 4, &example("sensor"))).await;
    tamper_stored(&s.data, &sha, |b| {
        let last = b.len() - 1;
        b[last] ^= 0x20;
    });
    let r = rollout(s, &sha, "a1").await;
    let error = refused(s, &r).await;
    assert!(error.contains("file_hash_mismatch"), "tampered: {error}");
    // The signature wiped: an unsigned bundle.
    let sha = upload(s, bundle_with(&s.data, "sensor", 5, &example("sensor"))).await;
    tamper_stored(&s.data, &sha, |b| {
        let at = signature_offset(b) + 8;
        b[at..at + 64].fill(0);
    });
    let r = rollout(s, &sha, "a1").await;
    let error = refused(s, &r).await;
    assert!(error.contains("bad_signature"), "unsigned: {error}");
    // Validly signed but older than what the device installed (sequence 2).
    let older = format!("{}\n# rebuilt\n", example("sensor"));
    let sha = upload(s, bundle_with(&s.data, "sensor", 2, &older)).await;
    let r = rollout(s, &sha, "a1").await;
    let error = refused(s, &r).await;
    assert!(error.contains("sequence_not_newer"), "older: {error}");
    // The old app never stopped: still running, still publishing.
    let dev = s
        .wait_device("a1", "still on the sensor app", |v| {
            v["running_bundle"] == sha1.as_str()
        })
        .await;
    let before = telemetry_count(s, "a1", "temp_c").await;
    wait_telemetry_above(s, "a1", "temp_c", before).await;
    // The birth is sent before the app starts (its app_state is "none"); the
    // heartbeat's app_running metric below says the app runs.
    assert!(device_info(&dev)["free_flash"].as_u64().is_some(), "{dev}");

    // 4. kill -9 in the middle of a download of a large bundle, then restart.
    let big = server_signed_bundle(
        &s.data,
        "big",
        "6.0",
        6,
        "print('v6 running')\nimport time\nwhile True:\n    time.sleep(1)\n",
    );
    let sha6 = upload(s, big).await;
    let r6 = rollout(s, &sha6, "a1").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    drop(agent); // SIGKILL
    let (_, v) = s.get("/api/v1/devices/a1").await;
    println!("after kill -9: {v}");
    agent = start_agent(&bin, s, &token, "a1", &state, &args);
    // Right after the restart it runs a complete, verified bundle: the old one or the new one.
    s.wait_device("a1", "online again", |v| {
        v["online"] == 1
            && (v["running_bundle"] == sha1.as_str() || v["running_bundle"] == sha6.as_str())
    })
    .await;
    s.wait_rollout(&r6, "big rollout completed after the restart", |v| {
        v["state"] == "completed"
    })
    .await;
    s.wait_device("a1", "running v6", |v| v["running_bundle"] == sha6.as_str())
        .await;
    let dev = s
        .wait_device("a1", "a second boot counted", |v| {
            device_info(v)["boot_count"].as_u64().unwrap_or(0) >= 2
        })
        .await;
    println!("after the restart: {dev}");
    drop(agent);
    fleet.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn agent_flow_on_embedded_defaults() {
    agent_flow("agent_flow_on_embedded_defaults", Backend::Embedded).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn agent_flow_on_postgres_and_mosquitto() {
    let test = "agent_flow_on_postgres_and_mosquitto";
    let Some(backend) = Backend::postgres_mosquitto(test) else {
        return;
    };
    agent_flow(test, backend).await;
}

/// A REPL session over the server's WebSocket, collecting the device's output.
struct Repl {
    ws: tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >,
    /// Output received and not yet consumed by [`Repl::expect`].
    text: String,
}

impl Repl {
    async fn open(s: &Server, device: &str) -> (Repl, String) {
        let url = format!(
            "{}/api/v1/devices/{device}/repl?token={}",
            s.base.replace("http://", "ws://"),
            s.token
        );
        let (ws, _) = tokio_tungstenite::connect_async(url.as_str())
            .await
            .expect("REPL WebSocket");
        let mut repl = Repl {
            ws,
            text: String::new(),
        };
        let opened = repl.frame().await;
        assert_eq!(opened["type"], "opened", "{opened}");
        let banner = opened["banner"].as_str().unwrap_or("").to_string();
        (repl, banner)
    }

    async fn frame(&mut self) -> Value {
        use futures_util::StreamExt;
        use tokio_tungstenite::tungstenite::Message;
        loop {
            let m = tokio::time::timeout(Duration::from_secs(30), self.ws.next())
                .await
                .expect("a REPL frame within 30 s")
                .expect("REPL WebSocket open")
                .expect("REPL WebSocket frame");
            if let Message::Text(t) = m {
                return serde_json::from_str(&t).expect("JSON frame");
            }
        }
    }

    async fn send(&mut self, frame: Value) {
        use futures_util::SinkExt;
        use tokio_tungstenite::tungstenite::Message;
        self.ws
            .send(Message::Text(frame.to_string().into()))
            .await
            .expect("send to the REPL");
    }

    async fn input(&mut self, data: &str) {
        self.send(json!({"type": "input", "data": data})).await;
    }

    /// Reads output until it contains `needle`; returns (and consumes) the
    /// output up to and including it.
    async fn expect(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(at) = self.text.find(needle) {
                let rest = self.text.split_off(at + needle.len());
                return std::mem::replace(&mut self.text, rest);
            }
            assert!(
                Instant::now() < deadline,
                "REPL output never contained {needle:?}; got {:?}",
                self.text
            );
            let f = self.frame().await;
            match f["type"].as_str() {
                Some("output") => self.text.push_str(f["data"].as_str().unwrap_or("")),
                Some("closed") | Some("error") => panic!("REPL ended: {f}"),
                _ => {}
            }
        }
    }

    /// Evaluates an expression that prints an integer; returns it.
    async fn int(&mut self, expr: &str) -> i64 {
        self.input(&format!("print('=', {expr})\n")).await;
        let out = self.expect(">>> ").await;
        let line = out
            .lines()
            .find_map(|l| l.strip_prefix("= "))
            .unwrap_or_else(|| panic!("no value of {expr} in {out:?}"));
        line.trim()
            .parse()
            .unwrap_or_else(|_| panic!("{expr} printed {line:?}"))
    }

    /// Evaluates `expr` until it exceeds `floor` (the app changes it between
    /// REPL lines); panics after 30 s.
    async fn wait_int_above(&mut self, expr: &str, floor: i64) -> i64 {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let v = self.int(expr).await;
            if v > floor {
                return v;
            }
            assert!(
                Instant::now() < deadline,
                "{expr} stayed at {v}: the app does not run while the REPL is open"
            );
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn agent_repl_round_trip_interrupt_and_live_globals() {
    let test = "agent_repl_round_trip_interrupt_and_live_globals";
    let Some(bin) = agent_binary() else {
        panic!("{test}: the pyrite-agent binary is missing: run `cargo build -p pyrite-agent`");
    };
    let fleet = Fleet::start("agent-repl", &Backend::Embedded).await;
    let s = &fleet.server;
    let token = s.enroll_token().await;
    let state = s.data.join("dev-r1");
    let agent = start_agent(
        &bin,
        s,
        &token,
        "r1",
        &state,
        &["--app-config", r#"{"interval_s": 1}"#],
    );
    s.wait_device("r1", "online", |v| v["online"] == 1).await;
    let sha = upload(s, bundle_with(&s.data, "sensor", 1, &example("sensor"))).await;
    let r = rollout(s, &sha, "r1").await;
    s.wait_rollout(&r, "sensor rollout completed", |v| {
        v["state"] == "completed"
    })
    .await;
    wait_telemetry_above(s, "r1", "temp_c", 0).await;

    let (mut repl, banner) = Repl::open(s, "r1").await;
    assert!(
        banner.contains("r1") && banner.ends_with(">>> "),
        "{banner:?}"
    );

    // A line round trip.
    repl.input("6 * 7\n").await;
    let out = repl.expect(">>> ").await;
    assert_eq!(out.trim_end_matches(">>> "), "42\n", "{out:?}");

    // The live app's globals, read between its slices while it keeps running.
    assert_eq!(repl.int("interval").await, 1);
    let count1 = repl.int("count").await;
    let points = telemetry_count(s, "r1", "temp_c").await;
    wait_telemetry_above(s, "r1", "temp_c", points).await;
    repl.wait_int_above("count", count1).await;

    // An infinite loop, seen running, then Ctrl-C.
    repl.input("n = 0\nwhile True:\n    n += 1\n    if n == 1:\n        print('spinning')\n\n")
        .await;
    repl.expect("spinning\n").await;
    repl.send(json!({"type": "interrupt", "app": false})).await;
    let out = repl.expect(">>> ").await;
    assert!(out.contains("KeyboardInterrupt"), "{out:?}");
    // The prompt works again, the loop had spun, and the app was not interrupted.
    assert!(repl.int("n").await > 1);
    let count3 = repl.int("count").await;
    let points = telemetry_count(s, "r1", "temp_c").await;
    wait_telemetry_above(s, "r1", "temp_c", points).await;
    repl.wait_int_above("count", count3).await;
    let dev = s
        .wait_device("r1", "still running", |v| v["online"] == 1)
        .await;
    assert_eq!(dev["running_bundle"], sha.as_str(), "{dev}");

    repl.send(json!({"type": "close"})).await;
    drop(agent);
    fleet.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broker_restart_every_agent_reconnects_and_converges() {
    let test = "broker_restart_every_agent_reconnects_and_converges";
    let Some(mosquitto) = pyrite_e2e::service_from_env(pyrite_e2e::ENV_MOSQUITTO, test) else {
        return;
    };
    let Some(bin) = agent_binary() else {
        panic!("{test}: the pyrite-agent binary is missing: run `cargo build -p pyrite-agent`");
    };
    let mut fleet = Fleet::start("agent-broker-restart", &Backend::Mosquitto(mosquitto)).await;
    let token = fleet.server.enroll_token().await;
    let ids = ["br1", "br2", "br3"];
    let agents: Vec<Killed> = ids
        .iter()
        .map(|id| {
            let state = fleet.server.data.join(format!("dev-{id}"));
            start_agent(&bin, &fleet.server, &token, id, &state, &[])
        })
        .collect();
    let s = &fleet.server;
    for id in ids {
        s.wait_device(id, "online through Mosquitto", |v| v["online"] == 1)
            .await;
    }
    let sha1 = upload(
        s,
        bundle_with(
            &s.data,
            "tick",
            1,
            "import time\nprint('v1')\nwhile True:\n    time.sleep(1)\n",
        ),
    )
    .await;
    let r1 = rollout(s, &sha1, "all").await;
    s.wait_rollout(&r1, "first rollout completed", |v| {
        v["state"] == "completed"
    })
    .await;

    // The broker goes down; a deployment is made while it is down.
    fleet.mosquitto.as_mut().expect("broker").kill();
    let s = &fleet.server;
    let sha2 = upload(
        s,
        bundle_with(
            &s.data,
            "tick",
            2,
            "import time\nprint('v2')\nwhile True:\n    time.sleep(1)\n",
        ),
    )
    .await;
    let r2 = rollout(s, &sha2, "all").await;
    // Long enough for every agent to fail a reconnection or two.
    tokio::time::sleep(Duration::from_secs(3)).await;
    fleet.mosquitto.as_mut().expect("broker").restart();
    let s = &fleet.server;

    // Every agent reconnects on its own and converges on the new bundle.
    s.wait_rollout(&r2, "rollout made during the outage completed", |v| {
        v["state"] == "completed"
    })
    .await;
    for id in ids {
        s.wait_device(id, "running the bundle deployed during the outage", |v| {
            v["online"] == 1 && v["running_bundle"] == sha2.as_str()
        })
        .await;
        wait_until(
            "the agent's reconnection in its log",
            Duration::from_secs(20),
            || async { log_contains(s, id, "reconnected to broker").await },
        )
        .await;
    }
    drop(agents);
    fleet.finish().await;
}
