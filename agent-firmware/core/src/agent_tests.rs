//! The agent driven by scripted events against a fake server, with the
//! scripted engine and a fault-injecting flash.

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use alloc::{format, vec};

use pyrite_protocol::DeviceId;
use pyrite_protocol::chunk::ChunkFrame;
use pyrite_protocol::keys::{SecretKey, TrustedKeys};
use pyrite_protocol::messages::{
    self, AppState, BundleRef, Command, CommandKind, DesiredState, RefusalReason, ReplIn, ReplOut,
    Report, ReportState,
};
use pyrite_protocol::topics::{self, DeviceTopic, TopicKind};
use sha2::{Digest as _, Sha256};

use crate::agent::{Action, Agent, AgentConfig, Event};
use crate::factory::install_factory_bundle;
use crate::fake_engine::FakeEngineFactory;
use crate::flash::RamFlash;
use crate::test_support::build_bundle;

const FLEET_KEY: [u8; 32] = [7; 32];
const ROGUE_KEY: [u8; 32] = [9; 32];

fn device() -> DeviceId {
    DeviceId::new("dev-1").unwrap()
}

fn trusted() -> TrustedKeys {
    TrustedKeys::new([SecretKey::from_seed(&FLEET_KEY).public_key()]).unwrap()
}

fn bundle(seq: u64, main: &str) -> Vec<u8> {
    build_bundle(
        &SecretKey::from_seed(&FLEET_KEY),
        "app",
        &format!("1.{seq}"),
        seq,
        &[("main.py", main.as_bytes())],
    )
}

fn sha(b: &[u8]) -> [u8; 32] {
    Sha256::digest(b).into()
}

fn hex(d: &[u8; 32]) -> String {
    pyrite_protocol::keys::to_hex(d)
}

/// A scripted world: one agent, a fake server holding bundles and the
/// retained desired state, a clock.
struct Rig {
    agent: Option<Agent<RamFlash, FakeEngineFactory>>,
    config: AgentConfig,
    now: u64,
    connected: bool,
    /// Everything the agent published, in order.
    sent: Vec<(TopicKind, Vec<u8>)>,
    bundles: BTreeMap<[u8; 32], Vec<u8>>,
    desired: Option<Vec<u8>>,
    /// Answer chunk requests (false simulates a server that went quiet).
    serve_chunks: bool,
    /// Stop serving after this many frames (for interrupted downloads).
    frames_left: Option<usize>,
    chunk_requests: Vec<messages::ChunkRequest>,
    boots: usize,
    rebooted: bool,
    persisted_keys: Vec<(TrustedKeys, u64)>,
}

fn flash_with_v1(page: usize, pages: usize) -> (RamFlash, Vec<u8>) {
    let mut flash = RamFlash::new(page, pages);
    let v1 = bundle(1, "print v1 running\nsleep 1000\nagain");
    assert!(install_factory_bundle(&mut flash, &trusted(), "0.1.0", &v1).unwrap());
    (flash, v1)
}

impl Rig {
    fn new(flash: RamFlash) -> Rig {
        let mut config = AgentConfig::new(device(), trusted());
        config.interpreter_version = "0.1.0".into();
        config.grace_period_ms = 5_000;
        config.heartbeat_interval_ms = 2_000;
        config.progress_persist_bytes = 256;
        config.chunk_size = 100;
        config.chunk_window = 4;
        let mut rig = Rig {
            agent: None,
            config,
            now: 1_000,
            connected: false,
            sent: Vec::new(),
            bundles: BTreeMap::new(),
            desired: None,
            serve_chunks: true,
            frames_left: None,
            chunk_requests: Vec::new(),
            boots: 0,
            rebooted: false,
            persisted_keys: Vec::new(),
        };
        rig.boot(flash);
        rig
    }

    fn boot(&mut self, flash: RamFlash) {
        self.boots += 1;
        self.connected = false;
        match Agent::boot(
            self.config.clone(),
            flash,
            FakeEngineFactory::default(),
            self.now,
        ) {
            Ok(a) => self.agent = Some(a),
            Err(e) => panic!("boot failed: {e}"),
        }
    }

    fn agent(&mut self) -> &mut Agent<RamFlash, FakeEngineFactory> {
        self.agent.as_mut().unwrap()
    }

    /// Power-cycles the device (RAM lost, flash kept).
    fn reboot(&mut self) {
        let mut flash = self.agent.take().unwrap().into_flash();
        flash.power_on();
        self.now += 100;
        self.boot(flash);
    }

    fn connect(&mut self) {
        self.connected = true;
        let now = self.now;
        self.agent().handle(now, Event::Connected);
        self.drain();
        if let Some(d) = self.desired.clone() {
            self.deliver(TopicKind::Desired, &d);
        }
    }

    fn disconnect(&mut self) {
        self.connected = false;
        let now = self.now;
        self.agent().handle(now, Event::Disconnected);
    }

    fn deliver(&mut self, kind: TopicKind, payload: &[u8]) {
        let topic = topics::topic(&device(), kind);
        let now = self.now;
        self.agent().handle(
            now,
            Event::Message {
                topic: &topic,
                payload,
            },
        );
        self.drain();
    }

    fn deploy(&mut self, deployment: &str, bundle: &[u8], sequence: u64) {
        let digest = sha(bundle);
        self.bundles.insert(digest, bundle.to_vec());
        self.deploy_ref(deployment, &hex(&digest), bundle.len() as u32, sequence);
    }

    fn deploy_ref(&mut self, deployment: &str, sha256: &str, size: u32, sequence: u64) {
        let desired = DesiredState {
            protocol: 1,
            deployment: deployment.to_string(),
            bundle: Some(BundleRef {
                sha256: sha256.to_string(),
                size,
                sequence,
                app: "app".into(),
                version: "x".into(),
            }),
        };
        let bytes = messages::encode(&desired).unwrap();
        self.desired = Some(bytes.clone());
        if self.connected {
            self.deliver(TopicKind::Desired, &bytes);
        }
    }

    /// Performs the agent's actions; the fake server answers chunk requests.
    fn drain(&mut self) {
        let mut answers: Vec<Vec<u8>> = Vec::new();
        while let Some(action) = self.agent().next_action() {
            match action {
                Action::Publish { topic, payload, .. } => {
                    let kind = DeviceTopic::parse(&topic).unwrap().kind;
                    if kind == TopicKind::ChunkRequest {
                        let req = messages::decode_chunk_request(&payload).unwrap();
                        self.chunk_requests.push(req.clone());
                        if self.serve_chunks {
                            answers.extend(self.frames_for(&req));
                        }
                    }
                    assert!(self.connected, "published {kind:?} while offline");
                    self.sent.push((kind, payload));
                }
                Action::Subscribe { topics } => {
                    assert!(topics.iter().all(|t| t.contains("/down/")))
                }
                Action::Reboot => self.rebooted = true,
                Action::PersistTrustedKeys { keys, sequence } => {
                    self.persisted_keys.push((keys, sequence))
                }
            }
        }
        for frame in answers {
            if !self.connected {
                break;
            }
            if let Some(left) = &mut self.frames_left {
                if *left == 0 {
                    break;
                }
                *left -= 1;
            }
            self.deliver(TopicKind::ChunkData, &frame);
        }
    }

    fn frames_for(&self, req: &messages::ChunkRequest) -> Vec<Vec<u8>> {
        let digest = messages::sha256_from_hex(&req.sha256).unwrap();
        let Some(bytes) = self.bundles.get(&digest) else {
            return vec![];
        };
        let mut out = Vec::new();
        let mut at = req.offset as usize;
        for _ in 0..req.count {
            if at >= bytes.len() {
                break;
            }
            let end = (at + req.chunk_size as usize).min(bytes.len());
            let frame = ChunkFrame {
                bundle_sha256: digest,
                offset: at as u32,
                total_len: bytes.len() as u32,
                payload: &bytes[at..end],
            };
            out.push(frame.encode().unwrap());
            at = end;
        }
        out
    }

    /// Advances the clock by `ms`, polling as the agent asks.
    fn run_for(&mut self, ms: u64) {
        let end = self.now + ms;
        loop {
            let now = self.now;
            let next = self.agent().poll(now);
            self.drain();
            if self.now >= end {
                break;
            }
            self.now = if next <= self.now {
                self.now + 1
            } else {
                next.min(end)
            };
        }
    }

    fn reports(&self) -> Vec<Report> {
        self.sent
            .iter()
            .filter(|(k, _)| *k == TopicKind::Report)
            .map(|(_, p)| messages::decode_report(p).unwrap())
            .collect()
    }

    fn states(&self) -> Vec<ReportState> {
        self.reports().iter().map(|r| r.state).collect()
    }

    fn log_text(&self) -> String {
        let mut s = String::new();
        for (k, p) in &self.sent {
            if *k == TopicKind::Log {
                for l in messages::decode_log_batch(p).unwrap().lines {
                    s.push_str(&l.msg);
                    s.push('\n');
                }
            }
        }
        s
    }

    fn running_sha(&mut self) -> Option<String> {
        self.agent().running_bundle().map(|b| b.sha256.clone())
    }

    fn clear(&mut self) {
        self.sent.clear();
        self.chunk_requests.clear();
    }
}

#[test]
fn deploy_downloads_verifies_switches_runs_and_confirms() {
    let (flash, v1) = flash_with_v1(256, 2 + 2 * 40);
    let mut rig = Rig::new(flash);
    rig.connect();
    rig.run_for(100);
    assert_eq!(rig.running_sha(), Some(hex(&sha(&v1))));
    assert!(rig.log_text().contains("v1 running"), "{}", rig.log_text());
    let v2 = bundle(
        2,
        "print hello from v2\npublish temp 21.5\nsleep 500\nagain",
    );
    rig.clear();
    rig.deploy("d-2", &v2, 2);
    rig.run_for(200);
    let states = rig.states();
    assert_eq!(
        states.first(),
        Some(&ReportState::Downloading),
        "{states:?}"
    );
    for s in [
        ReportState::Verifying,
        ReportState::Installed,
        ReportState::Running,
    ] {
        assert!(states.contains(&s), "{s:?} missing in {states:?}");
    }
    assert!(!states.contains(&ReportState::Healthy));
    assert_eq!(rig.running_sha(), Some(hex(&sha(&v2))));
    rig.run_for(6_000);
    assert!(rig.states().contains(&ReportState::Healthy));
    assert!(rig.reports().iter().all(|r| r.deployment == "d-2"));
    assert!(rig.agent().metadata().confirmed);
    assert!(rig.log_text().contains("hello from v2"));
    let telemetry: Vec<_> = rig
        .sent
        .iter()
        .filter(|(k, _)| *k == TopicKind::Telemetry)
        .map(|(_, p)| messages::decode_telemetry(p).unwrap())
        .collect();
    assert!(telemetry.iter().any(|b| {
        b.series
            .iter()
            .any(|s| s.name == "temp" && s.points[0].1 == 21.5)
    }));
    assert!(rig.sent.iter().any(|(k, _)| *k == TopicKind::Heartbeat));
    // The same desired state again (reconnect): nothing downloaded, state re-reported.
    rig.clear();
    rig.disconnect();
    rig.connect();
    rig.run_for(10);
    assert!(rig.chunk_requests.is_empty());
    assert_eq!(rig.states(), vec![ReportState::Healthy]);
}

#[test]
fn a_raising_bundle_is_rolled_back_with_its_traceback_and_not_retried() {
    let (flash, v1) = flash_with_v1(256, 2 + 2 * 40);
    let mut rig = Rig::new(flash);
    rig.connect();
    let bad = bundle(2, "print starting\nraise ValueError sensor missing");
    rig.deploy("d-bad", &bad, 2);
    rig.run_for(500);
    let reports = rig.reports();
    let failed = reports
        .iter()
        .find(|r| r.state == ReportState::Failed)
        .expect("failed report");
    assert!(
        failed
            .traceback
            .as_deref()
            .unwrap()
            .contains("ValueError: sensor missing")
    );
    let rolled = reports
        .iter()
        .find(|r| r.state == ReportState::RolledBack)
        .expect("rolled_back report");
    assert_eq!(rolled.sha256.as_deref(), Some(hex(&sha(&bad)).as_str()));
    assert!(rolled.traceback.as_deref().unwrap().contains("ValueError"));
    assert_eq!(rig.running_sha(), Some(hex(&sha(&v1))));
    assert_eq!(rig.agent().app_state(), AppState::Running);
    assert!(rig.log_text().contains("ValueError: sensor missing"));
    // Retained desired state re-delivered: no new download, a refusal report.
    rig.clear();
    rig.disconnect();
    rig.connect();
    rig.run_for(100);
    assert!(rig.chunk_requests.is_empty());
    assert_eq!(rig.running_sha(), Some(hex(&sha(&v1))));
    // Survives a reboot too.
    rig.reboot();
    rig.connect();
    rig.run_for(100);
    assert!(rig.chunk_requests.is_empty());
    assert_eq!(rig.running_sha(), Some(hex(&sha(&v1))));
    // A fixed, newer bundle is accepted.
    let v3 = bundle(3, "print fixed\nsleep 100\nagain");
    rig.deploy("d-3", &v3, 3);
    rig.run_for(500);
    assert_eq!(rig.running_sha(), Some(hex(&sha(&v3))));
}

#[test]
fn refusals_tampered_unsigned_unknown_key_older_and_wrong_hash() {
    let (flash, v1) = flash_with_v1(256, 2 + 2 * 40);
    let mut rig = Rig::new(flash);
    rig.connect();
    let v1_sha = hex(&sha(&v1));

    let expect_refusal = |rig: &mut Rig, reason: RefusalReason| {
        let r = rig
            .reports()
            .into_iter()
            .find(|r| r.state == ReportState::Refused);
        let r = r.unwrap_or_else(|| panic!("no refusal; states {:?}", rig.states()));
        assert_eq!(r.reason, Some(reason), "{r:?}");
        assert_eq!(rig.running_sha(), Some(v1_sha.clone()));
        assert_eq!(rig.agent().app_state(), AppState::Running);
        assert!(!rig.states().contains(&ReportState::Installed));
        rig.clear();
    };

    // A file byte flipped after signing.
    let mut tampered = bundle(5, "print tampered");
    let last = tampered.len() - 3;
    tampered[last] ^= 0x20;
    rig.deploy("t", &tampered, 5);
    rig.run_for(300);
    expect_refusal(&mut rig, RefusalReason::FileHashMismatch);

    // Signed by a key the device does not trust.
    let rogue = build_bundle(
        &SecretKey::from_seed(&ROGUE_KEY),
        "app",
        "6",
        6,
        &[("main.py", b"print rogue")],
    );
    rig.deploy("u", &rogue, 6);
    rig.run_for(300);
    expect_refusal(&mut rig, RefusalReason::UnknownKey);

    // The signature itself altered.
    let mut bad_sig = bundle(7, "print badsig");
    let sig_at = crate::test_support::signature_offset(&bad_sig);
    bad_sig[sig_at] ^= 1;
    rig.deploy("s", &bad_sig, 7);
    rig.run_for(300);
    expect_refusal(&mut rig, RefusalReason::BadSignature);

    // Announced as newer, but the signed manifest says older than installed.
    let old_inside = bundle(1, "print old");
    rig.deploy("o", &old_inside, 8);
    rig.run_for(300);
    expect_refusal(&mut rig, RefusalReason::SequenceNotNewer);

    // Announced older: refused before downloading anything.
    let older = bundle(1, "print older");
    rig.deploy("o2", &older, 1);
    rig.run_for(300);
    assert!(rig.chunk_requests.is_empty());
    expect_refusal(&mut rig, RefusalReason::SequenceNotNewer);

    // The file is not the one the desired state names.
    let real = bundle(9, "print nine");
    let other = bundle(10, "print ten");
    rig.bundles.insert(sha(&other), real.clone());
    rig.deploy_ref("h", &hex(&sha(&other)), real.len() as u32, 10);
    rig.run_for(300);
    expect_refusal(&mut rig, RefusalReason::BundleHashMismatch);

    // Too large for a slot.
    rig.deploy_ref("big", &hex(&[1; 32]), 1_000_000, 11);
    rig.run_for(10);
    expect_refusal(&mut rig, RefusalReason::TooLarge);
}

#[test]
fn a_crash_loop_is_rolled_back_by_the_boot_counter() {
    let (flash, v1) = flash_with_v1(256, 2 + 2 * 40);
    let mut rig = Rig::new(flash);
    rig.connect();
    // v2 "hangs the device": it never fails in Python, the device resets.
    let v2 = bundle(2, "spin");
    rig.deploy("d", &v2, 2);
    rig.run_for(300);
    assert_eq!(rig.running_sha(), Some(hex(&sha(&v2))));
    for _ in 0..rig.config.max_boot_attempts {
        rig.reboot();
        rig.run_for(100); // well inside the grace period
    }
    assert_eq!(
        rig.running_sha(),
        Some(hex(&sha(&v1))),
        "rolled back after the crash loop"
    );
    rig.clear();
    rig.connect();
    rig.run_for(100);
    let states = rig.states();
    assert!(states.contains(&ReportState::RolledBack), "{states:?}");
    assert!(
        rig.chunk_requests.is_empty(),
        "the crash-looping bundle is not fetched again"
    );
}

#[test]
fn a_looping_app_never_blocks_the_agent() {
    let (flash, _) = flash_with_v1(256, 2 + 2 * 40);
    let mut rig = Rig::new(flash);
    rig.connect();
    let v2 = bundle(2, "spin");
    rig.deploy("d", &v2, 2);
    rig.run_for(300);
    let v3 = bundle(3, "print three");
    rig.deploy("d3", &v3, 3);
    rig.run_for(300);
    assert_eq!(rig.running_sha(), Some(hex(&sha(&v3))));
}

#[test]
fn a_download_resumes_after_a_disconnect_and_after_a_reboot() {
    let (flash, _) = flash_with_v1(256, 2 + 2 * 40);
    let mut rig = Rig::new(flash);
    rig.connect();
    let filler: String = (0..60)
        .map(|i| format!("print line {i} of filler text\n"))
        .collect();
    let v2 = bundle(2, &filler);
    assert!(v2.len() > 1500);
    rig.frames_left = Some(8);
    rig.deploy("d", &v2, 2);
    rig.run_for(10);
    rig.disconnect();
    rig.frames_left = Some(6);
    rig.clear();
    rig.connect();
    rig.run_for(10);
    assert_eq!(
        rig.chunk_requests.first().map(|r| r.offset),
        Some(800),
        "resumed where it stopped"
    );
    // Power cut: only the persisted prefix (whole pages) survives.
    rig.reboot();
    rig.frames_left = None;
    rig.clear();
    rig.connect();
    rig.run_for(500);
    let first = rig.chunk_requests.first().unwrap().offset;
    assert!(
        first > 0 && first.is_multiple_of(256),
        "resumed from persisted page boundary, got {first}"
    );
    assert_eq!(rig.running_sha(), Some(hex(&sha(&v2))));
}

#[test]
fn a_silent_server_gets_re_requests_then_a_download_refusal() {
    let (flash, _) = flash_with_v1(256, 2 + 2 * 40);
    let mut rig = Rig::new(flash);
    rig.connect();
    rig.serve_chunks = false;
    let v2 = bundle(2, "print two");
    rig.deploy("d", &v2, 2);
    rig.run_for(70_000);
    assert_eq!(
        rig.chunk_requests.len(),
        1 + rig.config.chunk_retries as usize
    );
    let r = rig
        .reports()
        .into_iter()
        .find(|r| r.state == ReportState::Refused)
        .unwrap();
    assert_eq!(r.reason, Some(RefusalReason::Download));
    // The server answers again: a reconnect (desired re-delivered) resumes.
    rig.serve_chunks = true;
    rig.disconnect();
    rig.connect();
    rig.run_for(300);
    assert_eq!(rig.running_sha(), Some(hex(&sha(&v2))));
}

/// Cuts the power at every flash write of a deployment; after every cut the
/// device boots a verified bundle (the old or the new one), never anything
/// else, and converges to the new one once the desired state comes again.
#[test]
fn power_cut_at_every_write_of_a_deployment_never_bricks() {
    let v2 = bundle(2, "print v2\nsleep 100\nagain");
    let (v1_sha, v2_sha) = {
        let (_, v1) = flash_with_v1(256, 2 + 2 * 8);
        (hex(&sha(&v1)), hex(&sha(&v2)))
    };
    // Count the write units of an uninterrupted deployment.
    let total = {
        let (flash, _) = flash_with_v1(256, 2 + 2 * 8);
        let mut rig = Rig::new(flash);
        // Only the deployment's writes (the boot wrote its boot count).
        let base = rig.agent().flash().units_done();
        rig.connect();
        rig.deploy("d", &v2, 2);
        rig.run_for(6_000);
        assert_eq!(rig.running_sha(), Some(v2_sha.clone()));
        rig.agent().flash().units_done() - base
    };
    assert!(total > 500, "{total}");
    for cut in 0..total {
        let (flash, _) = flash_with_v1(256, 2 + 2 * 8);
        let mut rig = Rig::new(flash);
        rig.connect();
        rig.agent.as_mut().unwrap().flash_mut().cut_power_after(cut);
        rig.deploy("d", &v2, 2);
        rig.run_for(6_000);
        assert!(
            rig.agent().flash().power_was_cut(),
            "cut {cut} of {total} never happened"
        );
        rig.reboot();
        let running = rig.running_sha();
        assert!(
            running == Some(v1_sha.clone()) || running == Some(v2_sha.clone()),
            "cut at {cut}: runs {running:?}"
        );
        assert_eq!(rig.agent().app_state(), AppState::Running, "cut at {cut}");
        rig.connect();
        rig.run_for(6_000);
        assert_eq!(
            rig.running_sha(),
            Some(v2_sha.clone()),
            "cut at {cut}: did not converge; {:?}",
            rig.states()
        );
    }
}

#[test]
fn repl_runs_between_app_slices_and_ctrl_c_interrupts_it() {
    let (flash, _) = flash_with_v1(256, 2 + 2 * 40);
    let mut rig = Rig::new(flash);
    rig.connect();
    let open = |s: &str| messages::encode(&ReplIn::Open { session: s.into() }).unwrap();
    let input = |seq: u32, d: &str| {
        messages::encode(&ReplIn::Input {
            session: "s".into(),
            seq,
            data: d.into(),
        })
        .unwrap()
    };
    rig.deliver(TopicKind::ReplIn, &open("s"));
    rig.deliver(TopicKind::ReplIn, &input(0, "print 42\n"));
    rig.run_for(50);
    let out = repl_output(&rig);
    assert!(out.starts_with("Pyrite"), "{out}");
    assert!(out.contains("42\n>>> "), "{out}");
    // An infinite loop in the REPL: the app keeps running between its slices.
    rig.clear();
    rig.deliver(TopicKind::ReplIn, &input(1, "spin\n"));
    rig.run_for(3_000);
    assert!(
        rig.log_text().contains("v1 running"),
        "app starved by the REPL"
    );
    let ctrl_c = messages::encode(&ReplIn::Interrupt {
        session: "s".into(),
        app: false,
    })
    .unwrap();
    rig.deliver(TopicKind::ReplIn, &ctrl_c);
    rig.run_for(50);
    let out = repl_output(&rig);
    assert!(out.contains("KeyboardInterrupt"), "{out}");
    assert!(out.ends_with(">>> "), "{out}");
    assert_eq!(rig.agent().app_state(), AppState::Running);
    // A repeated input seq is dropped.
    rig.clear();
    rig.deliver(TopicKind::ReplIn, &input(1, "print again\n"));
    rig.run_for(50);
    assert!(!repl_output(&rig).contains("again"));
    // Opening a new session replaces the old one.
    rig.deliver(TopicKind::ReplIn, &open("t"));
    let closed = rig.sent.iter().any(|(k, p)| {
        *k == TopicKind::ReplOut && matches!(messages::decode_repl_out(p).unwrap(), ReplOut::Closed { ref reason, .. } if reason == "replaced")
    });
    assert!(closed);
}

fn repl_output(rig: &Rig) -> String {
    let mut s = String::new();
    for (k, p) in &rig.sent {
        if *k == TopicKind::ReplOut {
            match messages::decode_repl_out(p).unwrap() {
                ReplOut::Opened { banner, .. } => s.push_str(&banner),
                ReplOut::Output { data, .. } => s.push_str(&data),
                ReplOut::Closed { .. } => {}
            }
        }
    }
    s
}

#[test]
fn commands_stop_start_resend_and_reboot_are_acked() {
    let (flash, _) = flash_with_v1(256, 2 + 2 * 40);
    let mut rig = Rig::new(flash);
    rig.connect();
    let cmd = |id: &str, k: CommandKind| {
        messages::encode(&Command {
            id: id.into(),
            command: k,
        })
        .unwrap()
    };
    rig.deliver(TopicKind::Command, &cmd("c1", CommandKind::Stop));
    assert_eq!(rig.agent().app_state(), AppState::Stopped);
    // Stop survives a reboot.
    rig.reboot();
    assert_eq!(rig.agent().app_state(), AppState::Stopped);
    rig.connect();
    rig.deliver(TopicKind::Command, &cmd("c2", CommandKind::Start));
    assert_eq!(rig.agent().app_state(), AppState::Running);
    rig.clear();
    rig.deliver(TopicKind::Command, &cmd("c3", CommandKind::ResendState));
    assert!(rig.sent.iter().any(|(k, _)| *k == TopicKind::Status));
    rig.deliver(TopicKind::Command, &cmd("c4", CommandKind::Reboot));
    assert!(rig.rebooted);
    let acks: Vec<_> = rig
        .sent
        .iter()
        .filter(|(k, _)| *k == TopicKind::CommandAck)
        .map(|(_, p)| messages::decode_command_ack(p).unwrap())
        .collect();
    assert!(acks.iter().all(|a| a.ok), "{acks:?}");
    // Unknown command kinds get a negative ack; a repeated id is ignored.
    rig.clear();
    rig.deliver(
        TopicKind::Command,
        br#"{"id":"c5","command":"self_destruct"}"#,
    );
    rig.deliver(
        TopicKind::Command,
        br#"{"id":"c5","command":"self_destruct"}"#,
    );
    let acks: Vec<_> = rig
        .sent
        .iter()
        .filter(|(k, _)| *k == TopicKind::CommandAck)
        .collect();
    assert_eq!(acks.len(), 1);
    assert!(!messages::decode_command_ack(&acks[0].1).unwrap().ok);
}

#[test]
fn logs_are_buffered_while_offline_and_garbage_is_ignored() {
    let (flash, _) = flash_with_v1(256, 2 + 2 * 40);
    let mut rig = Rig::new(flash);
    rig.run_for(3_500);
    assert!(rig.sent.is_empty());
    rig.connect();
    rig.run_for(10);
    assert_eq!(rig.log_text().matches("v1 running").count(), 4);
    // Garbage on every topic never panics and changes nothing.
    for kind in TopicKind::ALL {
        for junk in [
            &b""[..],
            b"{",
            b"\xff\xfe",
            b"null",
            br#"{"type":"input"}"#,
            &[0u8; 5000][..],
        ] {
            rig.deliver(kind, junk);
        }
    }
    let now = rig.now;
    rig.agent().handle(
        now,
        Event::Message {
            topic: "pyrite/v1/dev/other/down/cmd",
            payload: b"{}",
        },
    );
    rig.agent().handle(
        now,
        Event::Message {
            topic: "not/a/topic",
            payload: b"{}",
        },
    );
    rig.run_for(100);
    assert_eq!(rig.agent().app_state(), AppState::Running);
}

#[test]
fn key_rotation_signed_by_a_trusted_key_replaces_the_set() {
    use pyrite_protocol::rotation::sign_key_rotation;
    let (flash, _) = flash_with_v1(256, 2 + 2 * 40);
    let mut rig = Rig::new(flash);
    rig.connect();
    let new_key = SecretKey::from_seed(&[3; 32]);
    // Signed by a key the device does not trust: ignored.
    let rogue = sign_key_rotation(
        1,
        vec![new_key.public_key()],
        &SecretKey::from_seed(&ROGUE_KEY),
    )
    .unwrap();
    rig.deliver(TopicKind::Keys, &messages::encode(&rogue).unwrap());
    assert!(rig.persisted_keys.is_empty());
    let good = sign_key_rotation(
        1,
        vec![new_key.public_key()],
        &SecretKey::from_seed(&FLEET_KEY),
    )
    .unwrap();
    rig.deliver(TopicKind::Keys, &messages::encode(&good).unwrap());
    rig.run_for(600);
    assert_eq!(rig.persisted_keys.len(), 1, "{}", rig.log_text());
    assert_eq!(rig.persisted_keys[0].1, 1);
    // A replay of the same (retained) message changes nothing.
    rig.deliver(TopicKind::Keys, &messages::encode(&good).unwrap());
    assert_eq!(rig.persisted_keys.len(), 1);
    // Bundles signed by the old key are now refused, by the new key accepted.
    rig.clear();
    rig.deploy("old-key", &bundle(2, "print old key"), 2);
    rig.run_for(300);
    let r = rig
        .reports()
        .into_iter()
        .find(|r| r.state == ReportState::Refused)
        .unwrap();
    assert_eq!(r.reason, Some(RefusalReason::UnknownKey));
    let v3 = build_bundle(&new_key, "app", "3", 3, &[("main.py", b"print new key")]);
    rig.deploy("new-key", &v3, 3);
    rig.run_for(300);
    assert_eq!(rig.running_sha(), Some(hex(&sha(&v3))));
    // Rebooting in place keeps the rotated set (the flash still holds v3, signed by it).
    let agent = rig.agent.take().unwrap();
    rig.agent = Some(agent.reboot(rig.now).unwrap());
    assert_eq!(rig.running_sha(), Some(hex(&sha(&v3))));
}

#[test]
fn an_idle_repl_session_is_closed() {
    let (flash, _) = flash_with_v1(256, 2 + 2 * 40);
    let mut rig = Rig::new(flash);
    rig.connect();
    rig.deliver(
        TopicKind::ReplIn,
        &messages::encode(&ReplIn::Open {
            session: "s".into(),
        })
        .unwrap(),
    );
    rig.run_for(11 * 60 * 1000);
    let closed = rig.sent.iter().any(|(k, p)| {
        *k == TopicKind::ReplOut
            && matches!(messages::decode_repl_out(p).unwrap(), ReplOut::Closed { ref reason, .. } if reason == "idle")
    });
    assert!(closed);
}

#[test]
fn birth_counts_boots_and_heartbeat_reports_uptime_heap_bundle_and_rssi() {
    let (flash, v1) = flash_with_v1(256, 2 + 2 * 40);
    let mut rig = Rig::new(flash);
    let births = |rig: &Rig| -> Vec<messages::Birth> {
        rig.sent
            .iter()
            .filter(|(k, _)| *k == TopicKind::Status)
            .filter_map(|(_, p)| match messages::decode_status(p) {
                Ok(messages::Status::Online(b)) => Some(*b),
                _ => None,
            })
            .collect()
    };
    let heartbeats = |rig: &Rig| -> Vec<messages::Heartbeat> {
        rig.sent
            .iter()
            .filter(|(k, _)| *k == TopicKind::Heartbeat)
            .map(|(_, p)| messages::decode_heartbeat(p).unwrap())
            .collect()
    };
    rig.connect();
    rig.run_for(100);
    assert_eq!(births(&rig).last().unwrap().boot_count, 1);
    let hb = heartbeats(&rig)
        .pop()
        .expect("a heartbeat right after connecting");
    assert_eq!(hb.rssi, None, "no link quality measured yet");
    assert_eq!(hb.app_state, AppState::Running);
    assert_eq!(
        hb.running.as_ref().map(|r| r.sha256.clone()),
        Some(hex(&sha(&v1)))
    );
    rig.agent().set_rssi(Some(-67));
    rig.clear();
    rig.run_for(2_500);
    let hb = heartbeats(&rig).pop().expect("a heartbeat every 2 s");
    assert_eq!(hb.rssi, Some(-67));
    assert!(hb.uptime_ms >= 2_000, "{hb:?}");
    assert_eq!(hb.reconnects, 0);
    // Every boot is counted, on flash.
    for expected in 2..=4 {
        rig.reboot();
        rig.clear();
        rig.connect();
        assert_eq!(births(&rig).last().unwrap().boot_count, expected);
        assert_eq!(rig.agent().metadata().boot_count, expected);
    }
    // A reconnection shows in the heartbeat.
    rig.disconnect();
    rig.connect();
    rig.run_for(100);
    assert_eq!(heartbeats(&rig).pop().unwrap().reconnects, 1);
}
