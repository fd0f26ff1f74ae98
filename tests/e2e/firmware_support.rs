//! Helpers shared by the firmware tests: building the QEMU Cortex-M4 images and running them.
//!
//! The firmware is its own cargo workspace (agent-firmware/ports/qemu-m4), built here with an
//! explicit target directory: `PYRITE_FIRMWARE_TARGET_DIR`, else `target/firmware` at the root.

#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

/// The QEMU system emulator the firmware runs in.
pub const QEMU: &str = "qemu-system-arm";

/// Finds `name` on PATH.
pub fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// Returns QEMU's path, or prints a SKIPPED line for `test` when it is not installed.
pub fn qemu_or_skip(test: &str) -> Option<PathBuf> {
    let found = which(QEMU);
    if found.is_none() {
        println!("SKIPPED {test}: {QEMU} is not installed (apt-get install qemu-system-arm)");
    }
    found
}

/// The port's folder.
pub fn port_dir() -> PathBuf {
    pyrite_e2e::workspace_root().join("agent-firmware/ports/qemu-m4")
}

/// Builds one firmware binary (release profile: size-optimised, as flashed) and returns the ELF.
pub fn build_firmware(bin: &str) -> Result<PathBuf> {
    let target_dir = std::env::var_os("PYRITE_FIRMWARE_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| pyrite_e2e::workspace_root().join("target/firmware"));
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(port_dir())
        .env("CARGO_TARGET_DIR", &target_dir)
        .args(["build", "--release", "--bin", bin])
        .status()
        .context("running cargo to build the firmware")?;
    if !status.success() {
        bail!("building firmware binary {bin} failed: {status}");
    }
    Ok(target_dir.join("thumbv7em-none-eabihf/release").join(bin))
}

/// What a QEMU run printed and how it ended.
pub struct Run {
    /// The semihosting console output.
    pub stdout: String,
    /// QEMU's own diagnostics.
    pub stderr: String,
    /// `None` when the run was killed at the deadline.
    pub status: Option<ExitStatus>,
}

impl Run {
    /// Whether the firmware exited with status 0 before the deadline.
    pub fn success(&self) -> bool {
        self.status.is_some_and(|s| s.success())
    }
}

/// The address the board reaches the host's relayed ports at.
pub const HOST_FROM_BOARD: &str = "10.0.2.100";

/// The QEMU command line for the mps2-an386 board, with `append` as the firmware's arguments
/// and a user-mode NIC (`restrict=on`) on which each `(board_port, host_port)` of `forwards`
/// relays 10.0.2.100:`board_port` to 127.0.0.1:`host_port` (socat, one per connection);
/// nothing else leaves QEMU. No forwards: no NIC at all.
pub fn qemu_command(
    qemu: &Path,
    elf: &Path,
    append: &str,
    forwards: &[(u16, u16)],
    workdir: &Path,
) -> Command {
    let mut cmd = Command::new(qemu);
    cmd.current_dir(workdir)
        .args(["-machine", "mps2-an386", "-cpu", "cortex-m4", "-nographic"])
        .args(["-semihosting-config", "enable=on,target=native"])
        .arg("-kernel")
        .arg(elf)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if !append.is_empty() {
        cmd.args(["-append", append]);
    }
    if forwards.is_empty() {
        cmd.args(["-nic", "none"]);
    } else {
        let mut nic = String::from("user,restrict=on");
        for (board, host) in forwards {
            nic.push_str(&format!(
                ",guestfwd=tcp:{HOST_FROM_BOARD}:{board}-cmd:socat - TCP:127.0.0.1:{host}"
            ));
        }
        cmd.args(["-nic", &nic]);
    }
    cmd
}

/// Runs `cmd` to completion or kills it at `timeout`. Output is drained while it runs (a full
/// pipe would stall the board).
pub fn run_with_timeout(mut cmd: Command, timeout: Duration) -> Result<Run> {
    let mut child = cmd.spawn().context("starting qemu")?;
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            if let Some(mut pipe) = pipe {
                let mut bytes = Vec::new();
                pipe.read_to_end(&mut bytes).ok();
                text = String::from_utf8_lossy(&bytes).into_owned();
            }
            text
        })
    };
    let out = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let err = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let status = wait_deadline(&mut child, timeout)?;
    Ok(Run {
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
        status,
    })
}

/// Waits for `child` until `timeout`, then kills it (returning `None`).
pub fn wait_deadline(child: &mut Child, timeout: Duration) -> Result<Option<ExitStatus>> {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        if start.elapsed() > timeout {
            child.kill().ok();
            child.wait().ok();
            return Ok(None);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A process killed when dropped (brokers, servers).
pub struct Guard(pub Child);

impl Drop for Guard {
    fn drop(&mut self) {
        self.0.kill().ok();
        self.0.wait().ok();
    }
}

/// Starts Mosquitto (path from `PYRITE_TEST_MOSQUITTO`) on a free loopback port; waits until
/// it accepts connections. Returns the guard and the port.
pub fn start_mosquitto(binary: &str, workdir: &Path) -> Result<(Guard, u16)> {
    let port = pyrite_e2e::free_port()?;
    let conf = workdir.join("mosquitto.conf");
    std::fs::write(
        &conf,
        format!("listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n"),
    )?;
    let child = Command::new(binary)
        .arg("-c")
        .arg(&conf)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .with_context(|| format!("starting {binary}"))?;
    let guard = Guard(child);
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if start.elapsed() > Duration::from_secs(10) {
            bail!("mosquitto did not listen on {port}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok((guard, port))
}

/// A fresh scratch folder under the system temp dir.
pub fn scratch_dir(name: &str) -> Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!(
        "pyrite-{name}-{}-{}",
        std::process::id(),
        Instant::now().elapsed().as_nanos()
    ));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
