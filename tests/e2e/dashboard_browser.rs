//! The dashboard in a real browser: Debian's Chromium (`PYRITE_TEST_CHROMIUM`)
//! driven by playwright-core through `dashboard/e2e/flow.mjs` — sign in, the
//! overview, the device list, a device's live charts, its REPL, bundles, a
//! canary rollout watched to the end, and the phone layout — saving a
//! screenshot of each page under `dashboard/screenshots/tmp/<test>/`.
//!
//! Two servers are driven:
//! - `dashboard_flow_against_real_server`: `pyrite-fleet serve --dev` on free
//!   ports. The steps asserted are chosen from what that server offers (checked
//!   over HTTP first, and printed): sign-in and the device list always; a
//!   device's charts and REPL once simulated devices enroll; bundles once the
//!   server can build one; the canary rollout when it has both. While the
//!   server does not serve the dashboard at `/` yet, `vite preview` serves the
//!   same build in front of it (forwarding `/api`), so the API is still real.
//!   With the server's SSE streams (`/api/v1/events`, the telemetry stream) every
//!   live badge must read "Live" (`--expect-live`).
//! - `dashboard_flow_against_api_mock`: `dashboard/e2e/mock-api.mjs`, which
//!   answers with the server's JSON shapes and streams, so every step of the
//!   flow is asserted on every run, plus `live`: changes show up as they
//!   happen, and after the streams drop the page reconnects and re-reads.
//! - `dashboard_device_list_with_10000_devices`: the mock with 10,000 devices;
//!   the list pages, searches, filters and sorts on the server, keeps its
//!   filters in the URL, and stays live.
//!
//! Both need Node.js and npm (as building the dashboard does) and skip with a
//! `SKIPPED` line when `PYRITE_TEST_CHROMIUM` is unset.

use pyrite_e2e::{ENV_CHROMIUM, free_port, service_from_env, workspace_root};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A child process killed (by its own handle) when the test ends, pass or fail.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn dashboard_dir() -> PathBuf {
    workspace_root().join("dashboard")
}

/// A fresh folder under the system temp dir, removed by the caller.
fn temp_dir(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let dir = std::env::temp_dir().join(format!("pyrite-{name}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

/// Makes sure `dashboard/node_modules` has playwright-core (and Vite): `npm ci` otherwise.
fn npm_ready() {
    let dir = dashboard_dir();
    if dir.join("node_modules/playwright-core").is_dir() && dir.join("node_modules/vite").is_dir() {
        return;
    }
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&dir)
        .status()
        .expect("npm is needed for the dashboard tests (apt-get install nodejs npm)");
    assert!(status.success(), "npm ci in dashboard/ failed");
}

/// Where a test's screenshots go: `dashboard/screenshots/tmp/<test>` (not in git).
fn screenshot_dir(test: &str) -> PathBuf {
    dashboard_dir().join("screenshots/tmp").join(test)
}

/// Reads a child's stdout lines on a thread, so waiting for a line can time out.
fn line_reader(child: &mut Child) -> mpsc::Receiver<String> {
    let stdout = child.stdout.take().expect("piped stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// Waits for the first line matching `pick`; returns what it picked and the lines seen.
fn wait_for_line<T>(
    rx: &mpsc::Receiver<String>,
    timeout: Duration,
    mut pick: impl FnMut(&str) -> Option<T>,
) -> Result<T, String> {
    let deadline = Instant::now() + timeout;
    let mut seen = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) => {
                if let Some(v) = pick(&line) {
                    return Ok(v);
                }
                seen.push(line);
            }
            Err(_) => return Err(seen.join("\n")),
        }
    }
}

/// A minimal HTTP/1.1 request over a fresh connection: (status, body).
fn http(
    addr: &str,
    method: &str,
    path: &str,
    token: &str,
    body: Option<&str>,
) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let body = body.unwrap_or("");
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Ok((status, body))
}

/// Status line and headers of a streaming endpoint (an SSE stream never ends).
fn http_head_of_stream(addr: &str, path: &str, token: &str) -> std::io::Result<String> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(3)))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
    )?;
    let mut buf = [0u8; 2048];
    let mut got = Vec::new();
    while !String::from_utf8_lossy(&got).contains("\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
        }
    }
    Ok(String::from_utf8_lossy(&got).into_owned())
}

/// The id of the first device `GET /api/v1/devices?limit=1` lists, if any.
fn first_device_id(addr: &str, token: &str) -> Option<String> {
    let (status, body) = http(addr, "GET", "/api/v1/devices?limit=1", token, None).ok()?;
    if status != 200 {
        return None;
    }
    // `"id":"…"` of the first device (paged `{items:[…]}` or a bare array alike).
    let rest = &body[body.find("\"id\":\"")? + 6..];
    Some(rest[..rest.find('"')?].to_string())
}

/// Standard base64 (for the server's bundle-build request).
fn base64(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Runs `flow.mjs` and asserts that it passed every requested step.
fn run_flow(chromium: &str, base: &str, token: &str, steps: &[&str], extra: &[&str], test: &str) {
    let shots = screenshot_dir(test);
    let _ = std::fs::remove_dir_all(&shots);
    let mut cmd = Command::new("node");
    cmd.current_dir(dashboard_dir())
        .arg("e2e/flow.mjs")
        .args(["--base", base, "--token", token, "--chromium", chromium])
        .arg("--screenshots")
        .arg(&shots)
        .args(["--steps", &steps.join(",")])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let child = cmd.spawn().expect("node is needed for the dashboard tests");
    let mut guard = Guard(child);
    let deadline = Instant::now() + Duration::from_secs(300);
    let status = loop {
        if let Some(s) = guard.0.try_wait().expect("wait for node") {
            break s;
        }
        assert!(
            Instant::now() < deadline,
            "{test}: the browser flow ran for more than 5 minutes"
        );
        std::thread::sleep(Duration::from_millis(200));
    };
    let mut out = String::new();
    let mut err = String::new();
    if let Some(mut s) = guard.0.stdout.take() {
        let _ = s.read_to_string(&mut out);
    }
    if let Some(mut s) = guard.0.stderr.take() {
        let _ = s.read_to_string(&mut err);
    }
    println!("{out}");
    assert!(
        status.success(),
        "{test}: the browser flow failed\n{out}\n{err}"
    );
    for step in steps {
        assert!(
            out.contains(&format!("STEP ok {step}\n")),
            "{test}: step {step} did not run\n{out}"
        );
    }
    assert!(
        out.contains("FLOW PASSED"),
        "{test}: no FLOW PASSED line\n{out}"
    );
    for step in steps {
        if *step == "login" || *step == "overview" || *step == "devices" {
            let png = shots.join(format!("{step}.png"));
            assert!(png.is_file(), "{test}: no screenshot {}", png.display());
        }
    }
}

/// Builds the dashboard with Vite into `out` (what build.rs embeds, built fresh).
fn vite_build(out: &Path) {
    let status = Command::new("node")
        .current_dir(dashboard_dir())
        .args([
            "node_modules/vite/bin/vite.js",
            "build",
            "--logLevel",
            "warn",
            "--emptyOutDir",
            "--outDir",
        ])
        .arg(out)
        .status()
        .expect("run vite");
    assert!(status.success(), "vite build failed");
}

/// Starts `e2e/mock-api.mjs` with `devices` simulated devices serving the build in `dist`;
/// returns its guard, base URL and token.
fn start_mock(dist: &Path, devices: usize) -> (Guard, String, String) {
    let port = free_port().expect("free port").to_string();
    let mut child = Command::new("node")
        .current_dir(dashboard_dir())
        .args([
            "e2e/mock-api.mjs",
            "--port",
            &port,
            "--devices",
            &devices.to_string(),
            "--step-ms",
            "150",
            "--dist",
        ])
        .arg(dist)
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the mock API");
    let lines = line_reader(&mut child);
    let guard = Guard(child);
    let (base, token) = wait_for_line(&lines, Duration::from_secs(20), |l| {
        let rest = l.strip_prefix("MOCK_READY ")?;
        let (b, t) = rest.split_once(' ')?;
        Some((b.to_string(), t.to_string()))
    })
    .unwrap_or_else(|seen| panic!("the mock API did not start:\n{seen}"));
    (guard, base, token)
}

#[test]
fn dashboard_flow_against_api_mock() {
    let test = "dashboard_flow_against_api_mock";
    let Some(chromium) = service_from_env(ENV_CHROMIUM, test) else {
        return;
    };
    npm_ready();
    let dist = temp_dir("dashboard-dist");
    vite_build(&dist);
    let (_mock, base, token) = start_mock(&dist, 12);
    run_flow(
        &chromium,
        &base,
        &token,
        &[
            "login", "overview", "devices", "device", "repl", "bundles", "rollout", "live", "phone",
        ],
        &["--expect-live"],
        test,
    );
    let _ = std::fs::remove_dir_all(&dist);
}

/// The device list with 10,000 devices: it pages, searches, filters and sorts on the
/// server (the mock implements the agreed query parameters), keeps the filters in the
/// URL, and stays live.
#[test]
fn dashboard_device_list_with_10000_devices() {
    let test = "dashboard_device_list_with_10000_devices";
    let Some(chromium) = service_from_env(ENV_CHROMIUM, test) else {
        return;
    };
    npm_ready();
    let dist = temp_dir("dashboard-dist-10k");
    vite_build(&dist);
    let (_mock, base, token) = start_mock(&dist, 10_000);
    run_flow(
        &chromium,
        &base,
        &token,
        &["overview", "scale", "live"],
        &["--expect-devices", "10000", "--expect-live"],
        test,
    );
    let _ = std::fs::remove_dir_all(&dist);
}

/// The `pyrite-fleet` binary next to this test's executable (cargo and nextest
/// build the workspace's binaries before its tests).
fn fleet_binary() -> PathBuf {
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

#[test]
fn dashboard_flow_against_real_server() {
    let test = "dashboard_flow_against_real_server";
    let Some(chromium) = service_from_env(ENV_CHROMIUM, test) else {
        return;
    };
    npm_ready();
    let data = temp_dir("dashboard-serve");
    let http_port = free_port().expect("free port");
    let mqtt_port = free_port().expect("free port");
    let addr = format!("127.0.0.1:{http_port}");
    let mut child = Command::new(fleet_binary())
        .args([
            "serve",
            "--dev",
            "--heartbeat-interval",
            "2",
            "--http",
            &addr,
            "--mqtt",
            &format!("127.0.0.1:{mqtt_port}"),
            "--data",
        ])
        .arg(&data)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start pyrite-fleet serve --dev");
    let lines = line_reader(&mut child);
    let _server = Guard(child);

    // `serve --dev` prints the dashboard URL with the admin token, as Jupyter does.
    let url = wait_for_line(&lines, Duration::from_secs(60), |l| {
        l.split_whitespace()
            .find(|w| w.starts_with("http") && w.contains("?token="))
            .map(str::to_string)
    })
    .unwrap_or_else(|seen| panic!("serve --dev printed no dashboard URL with ?token=:\n{seen}"));
    let enroll_token = wait_for_line(&lines, Duration::from_secs(10), |l| {
        l.strip_prefix("enrollment token: ")
            .map(|t| t.trim().to_string())
    })
    .ok();
    let (base, token) = url.split_once("/?token=").expect("URL with /?token=");
    let (base, token) = (base.to_string(), token.to_string());
    assert_eq!(
        base,
        format!("http://{addr}"),
        "the dashboard URL names the HTTP address"
    );

    // The dashboard is served at `/` from the binary.
    let deadline = Instant::now() + Duration::from_secs(20);
    let (status, page) = loop {
        match http(&addr, "GET", "/", &token, None) {
            Ok(r) => break r,
            Err(e) => {
                assert!(
                    Instant::now() < deadline,
                    "the server does not answer on {addr}: {e}"
                );
                std::thread::sleep(Duration::from_millis(200));
            }
        }
    };
    // Until pyrite-fleet mounts the embedded dashboard (dashboard/src/lib.rs shows how), the
    // same build is served by Vite's preview server, which forwards /api to this server.
    let mut _preview = None;
    let mut dist_dir = None;
    let base = if status == 404 {
        println!(
            "{test}: GET / is 404 (the dashboard is not mounted yet): serving it with `vite preview` in front of the server"
        );
        let dist = temp_dir("dashboard-preview");
        vite_build(&dist);
        let port = free_port().expect("free port");
        let child = Command::new("node")
            .current_dir(dashboard_dir())
            .env("PYRITE_SERVER", &base)
            .args([
                "node_modules/vite/bin/vite.js",
                "preview",
                "--host",
                "127.0.0.1",
                "--strictPort",
                "--port",
            ])
            .arg(port.to_string())
            .arg("--outDir")
            .arg(&dist)
            .stdout(Stdio::null())
            .spawn()
            .expect("start vite preview");
        _preview = Some(Guard(child));
        dist_dir = Some(dist);
        let preview = format!("127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            match http(&preview, "GET", "/", &token, None) {
                Ok((200, page)) if page.contains("<div id=\"app\">") => break,
                other => {
                    assert!(
                        Instant::now() < deadline,
                        "vite preview did not come up: {other:?}"
                    );
                    std::thread::sleep(Duration::from_millis(300));
                }
            }
        }
        format!("http://{preview}")
    } else {
        assert_eq!(status, 200, "GET / answered {status}");
        assert!(
            page.contains("<div id=\"app\">"),
            "GET / is not the dashboard:\n{page}"
        );
        base
    };

    // Which steps this server supports, checked over its API.
    let mut steps = vec!["login", "overview", "devices", "phone"];
    // Heartbeats of a real server's devices may be 30 s apart: allow for two.
    let mut extra: Vec<&str> = vec!["--live-timeout", "90000"];
    let mut not_asserted = Vec::new();
    let count_devices = || {
        let (s, body) =
            http(&addr, "GET", "/api/v1/devices", &token, None).expect("GET /api/v1/devices");
        assert_eq!(s, 200, "GET /api/v1/devices answered {s}: {body}");
        body.matches("\"enrolled_at\"").count()
    };
    let wait_devices = |secs: u64| {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let n = count_devices();
            if n > 0 || Instant::now() > deadline {
                break n;
            }
            std::thread::sleep(Duration::from_millis(500));
        }
    };
    let mut devices = wait_devices(10);
    // `serve --dev` without its in-process simulator: enroll simulated devices with the
    // agent's own simulator (built next to pyrite-fleet), running the sensor example.
    let agent =
        fleet_binary().with_file_name(format!("pyrite-agent{}", std::env::consts::EXE_SUFFIX));
    let mut _agents = None;
    if devices == 0
        && let (true, Some(enroll)) = (agent.is_file(), &enroll_token)
    {
        println!("{test}: no simulated device yet; starting `pyrite-agent simulate --count 3`");
        let child = Command::new(&agent)
            .args([
                "simulate",
                "--count",
                "3",
                "--server",
                &base,
                "--enroll-token",
                enroll,
                "--app",
            ])
            .arg(workspace_root().join("examples/sensor"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start pyrite-agent simulate");
        _agents = Some(Guard(child));
        devices = wait_devices(40);
    }
    if devices == 0 {
        extra.push("--allow-empty");
        not_asserted.push("device, repl (no simulated device enrolled within 30 s)");
    } else {
        steps.extend(["device", "repl"]);
    }
    // A sequence above whatever the simulated devices were started with (they refuse
    // older): `serve --dev` signs its sample app with the build time in Unix seconds.
    let sequence = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
        + 3600;
    let files = format!(
        "{{\"app\":\"dash-test\",\"version\":\"1.0.0\",\"sequence\":{sequence},\"files\":[{{\"path\":\"main.py\",\"content_base64\":\"{}\"}}]}}",
        base64(b"import time\nprint('dashboard test app')\nwhile True:\n    time.sleep(1)\n")
    );
    let (s, body) = http(&addr, "POST", "/api/v1/bundles/build", &token, Some(&files))
        .expect("POST /api/v1/bundles/build");
    let have_bundle = s == 200 || s == 201;
    if have_bundle {
        steps.push("bundles");
    } else {
        not_asserted.push("bundles (the server could not build one)");
        println!("bundle build answered {s}: {body}");
    }
    // The live streams: with both, every live badge must turn "Live" (the device page's
    // charts, log tail and status, the rollout page's progress) — nothing re-reads on a timer.
    let events = http_head_of_stream(&addr, "/api/v1/events", &token).unwrap_or_default();
    let first_device = first_device_id(&addr, &token);
    let telemetry = first_device
        .as_deref()
        .map(|id| {
            http_head_of_stream(
                &addr,
                &format!("/api/v1/devices/{id}/telemetry/stream"),
                &token,
            )
            .unwrap_or_default()
        })
        .unwrap_or_default();
    let streams = events.contains("text/event-stream") && telemetry.contains("text/event-stream");
    println!(
        "{test}: /api/v1/events {}, telemetry stream {}",
        if events.contains("text/event-stream") {
            "streams"
        } else {
            "is missing"
        },
        if telemetry.contains("text/event-stream") {
            "streams"
        } else {
            "is missing"
        },
    );
    if streams {
        extra.push("--expect-live");
    } else {
        not_asserted.push("live badges (the server lacks /api/v1/events or the telemetry stream)");
    }
    if have_bundle && devices > 0 {
        steps.push("rollout");
    } else {
        not_asserted.push("rollout (needs an enrolled device and a bundle)");
    }
    println!("{test}: asserting steps {steps:?}");
    for n in &not_asserted {
        println!("{test}: not asserted on this server: {n}");
    }
    run_flow(&chromium, &base, &token, &steps, &extra, test);
    let _ = std::fs::remove_dir_all(&data);
    if let Some(dist) = dist_dir {
        let _ = std::fs::remove_dir_all(dist);
    }
}

#[test]
fn base64_matches_rfc4648_vectors() {
    for (input, want) in [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foobar", "Zm9vYmFy"),
    ] {
        assert_eq!(base64(input.as_bytes()), want);
    }
}
