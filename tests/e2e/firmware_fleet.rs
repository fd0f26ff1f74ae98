//! The emulated Cortex-M4 as a fleet device, end to end against a real `pyrite-fleet serve`
//! (embedded broker): the board enrolls over HTTP and joins over MQTT (its own LAN9118 driver,
//! embassy-net, minimq), a signed bundle rolled out by the server is downloaded in chunks,
//! verified and run by the interpreter on the board, its output and telemetry reach the server,
//! and a bundle that raises is rolled back on the board to the previous one.
//!
//! The board reaches the server only through QEMU's `guestfwd` relays to 127.0.0.1, on the same
//! port numbers as on the host (so the enrollment answer's broker port is right as it is).

#[path = "server_support.rs"]
mod server_support;
#[path = "firmware_support.rs"]
mod support;

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use server_support::Server;

const DEVICE: &str = "fw-m4";

const APP_V1: &str = "\
import fleet
import machine
import time
print('hello from the emulated cortex-m4')
adc = machine.ADC(0)
led = machine.Pin('LED', machine.Pin.OUT)
n = 0
while True:
    raw = adc.read_u16()
    led.toggle()
    celsius = (raw / 65535 * 3.3 - 0.5) * 100
    fleet.publish('temp_c', celsius)
    n = n + 1
    if n == 1:
        fleet.log('first reading ' + str(round(celsius, 1)))
    time.sleep(0.5)
";

const APP_V2_FAILS: &str = "\
print('v2 starting')
def calibrate(readings):
    return readings['offset']
calibrate({})
";

/// A bundle signed with the server's key (small: the whole of it fits the board's RAM).
fn bundle(data: &Path, version: &str, sequence: u64, main: &str) -> Vec<u8> {
    let key = pyrite_protocol::keyfile::read_secret_key(&data.join("server.key")).unwrap();
    let mut b = pyrite_protocol::bundle::BundleBuilder::new("fwapp", version, sequence);
    b.add_file("main.py", main.as_bytes().to_vec()).unwrap();
    b.sign(&key).unwrap()
}

async fn upload(s: &Server, bytes: Vec<u8>) -> String {
    let (st, row) = s.post_bytes("/api/v1/bundles", bytes).await;
    assert!(st == 201 || st == 200, "upload: {st} {row}");
    row["sha256"].as_str().unwrap().to_string()
}

async fn wait_for(
    s: &Server,
    what: &str,
    secs: u64,
    mut f: impl AsyncFnMut(&Server) -> Option<Value>,
) -> Value {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if let Some(v) = f(s).await {
            return v;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}\nserver log:\n{}",
            s.log()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn firmware_device_joins_fleet_runs_bundle_and_rolls_back() {
    let test = "firmware_device_joins_fleet_runs_bundle_and_rolls_back";
    let Some(qemu) = support::qemu_or_skip(test) else {
        return;
    };
    assert!(
        support::which("socat").is_some(),
        "socat is needed for QEMU's guestfwd"
    );
    let elf = tokio::task::spawn_blocking(|| support::build_firmware("agent"))
        .await
        .unwrap()
        .unwrap();

    let s = Server::start("fw-fleet", &[]).await;
    let http_port: u16 = s.base.rsplit(':').next().unwrap().parse().unwrap();
    let token = s.enroll_token().await;
    let dir = support::scratch_dir("fw-fleet").unwrap();
    let console_path = dir.join("console.log");
    let append = format!(
        "id={DEVICE} server={}:{http_port} token={token}",
        support::HOST_FROM_BOARD
    );
    let mut cmd = support::qemu_command(
        &qemu,
        &elf,
        &append,
        &[(http_port, http_port), (s.mqtt_port, s.mqtt_port)],
        &dir,
    );
    cmd.stdout(Stdio::from(std::fs::File::create(&console_path).unwrap()));
    let _board = support::Guard(cmd.spawn().expect("starting qemu"));
    let console = || std::fs::read_to_string(&console_path).unwrap_or_default();

    // It enrolls and comes online.
    let v = wait_for(&s, "the board online", 60, async |s| {
        let (st, v) = s.get(&format!("/api/v1/devices/{DEVICE}")).await;
        (st == 200 && v["online"] == 1).then_some(v)
    })
    .await;
    // The birth message's facts (platform, free RAM, ...) are kept with the device.
    assert!(
        v.to_string().contains("qemu-mps2-an386-cortex-m4"),
        "{v}\nconsole:\n{}",
        console()
    );

    // v1 is rolled out, downloaded, verified and run on the board.
    let sha1 = upload(&s, bundle(&s.data, "1.0", 1, APP_V1)).await;
    let (st, r) = s
        .post(
            "/api/v1/rollouts",
            &json!({"bundle": sha1, "target": DEVICE, "grace_secs": 2}),
        )
        .await;
    assert_eq!(st, 201, "{r}");
    let rid = r["id"].as_str().unwrap().to_string();
    let done = s
        .wait_rollout(&rid, "v1 completed", |v| {
            v["state"] == "completed" || v["state"] == "rolled_back"
        })
        .await;
    assert_eq!(
        done["state"],
        "completed",
        "{done}\nconsole:\n{}",
        console()
    );
    s.wait_device(DEVICE, "running v1", |v| {
        v["running_bundle"] == sha1.as_str()
    })
    .await;

    // Its output and telemetry reach the server.
    wait_for(&s, "the app's output in the device log", 30, async |s| {
        let (_, logs) = s.get(&format!("/api/v1/devices/{DEVICE}/logs")).await;
        let text = logs.to_string();
        (text.contains("hello from the emulated cortex-m4") && text.contains("first reading"))
            .then_some(logs)
    })
    .await;
    let telemetry = wait_for(&s, "temp_c telemetry", 30, async |s| {
        let (_, t) = s
            .get(&format!(
                "/api/v1/devices/{DEVICE}/telemetry?metric=temp_c&since=1h&bucket=1h"
            ))
            .await;
        let count: i64 = t["buckets"]
            .as_array()?
            .iter()
            .filter_map(|b| b["count"].as_i64())
            .sum();
        (count >= 2).then_some(t)
    })
    .await;
    let avg = telemetry["buckets"][0]["avg"].as_f64().unwrap_or(f64::NAN);
    assert!(
        (19.0..=25.0).contains(&avg),
        "the simulated sensor reads 20-24 C: {telemetry}"
    );

    // v2 raises: the board rolls back to v1 and the failure reaches the server.
    let sha2 = upload(&s, bundle(&s.data, "2.0", 2, APP_V2_FAILS)).await;
    let (st, r) = s
        .post(
            "/api/v1/rollouts",
            &json!({"bundle": sha2, "target": DEVICE, "grace_secs": 5}),
        )
        .await;
    assert_eq!(st, 201, "{r}");
    let rid2 = r["id"].as_str().unwrap().to_string();
    let halted = s
        .wait_rollout(&rid2, "v2 rolled back", |v| v["state"] == "rolled_back")
        .await;
    assert!(
        halted["reason"].as_str().unwrap_or("").contains("fail"),
        "{halted}"
    );
    s.wait_device(DEVICE, "back on v1", |v| {
        v["running_bundle"] == sha1.as_str()
    })
    .await;
    wait_for(&s, "the v2 traceback in the device log", 30, async |s| {
        let (_, logs) = s.get(&format!("/api/v1/devices/{DEVICE}/logs")).await;
        logs.to_string().contains("KeyError").then_some(logs)
    })
    .await;

    // A remote REPL line round-trips, in the running app's globals (`n` counts its readings).
    let mut repl = std::process::Command::new(server_support::fleet_binary())
        .args(["repl", DEVICE])
        .env("PYRITE_SERVER", &s.base)
        .env("PYRITE_TOKEN", &s.token)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starting pyrite-fleet repl");
    {
        use std::io::Write;
        let stdin = repl.stdin.as_mut().unwrap();
        stdin
            .write_all(b"print(6 * 7)\nprint('n>0', n > 0)\n")
            .unwrap();
    }
    let stdout = repl.stdout.take().unwrap();
    let transcript = tokio::task::spawn_blocking(move || {
        use std::io::BufRead;
        let mut seen = String::new();
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            seen.push_str(&line);
            seen.push('\n');
            if seen.contains("n>0 True") {
                break;
            }
        }
        seen
    });
    let transcript = tokio::time::timeout(Duration::from_secs(30), transcript).await;
    repl.kill().ok();
    repl.wait().ok();
    let transcript = transcript.expect("the REPL answered within 30 s").unwrap();
    assert!(
        transcript.contains("42") && transcript.contains("n>0 True"),
        "{transcript}"
    );
    std::fs::remove_dir_all(&dir).ok();
}
