//! The emulated Cortex-M4 reaches an MQTT broker on this machine: LAN9118 driver, embassy-net
//! (DHCP from QEMU's user network), TCP through QEMU's guestfwd, and minimq (MQTT v5).

#[path = "firmware_support.rs"]
mod support;

use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::{Context, Result, ensure};

#[test]
fn firmware_publishes_hello_to_mosquitto() -> Result<()> {
    let test = "firmware_publishes_hello_to_mosquitto";
    let Some(qemu) = support::qemu_or_skip(test) else {
        return Ok(());
    };
    let Some(mosquitto) = pyrite_e2e::service_from_env(pyrite_e2e::ENV_MOSQUITTO, test) else {
        return Ok(());
    };
    let Some(mosquitto_sub) = support::which("mosquitto_sub") else {
        println!("SKIPPED {test}: mosquitto_sub is not on PATH");
        return Ok(());
    };
    ensure!(
        support::which("socat").is_some(),
        "socat is needed for QEMU's guestfwd (apt-get install socat)"
    );

    let elf = support::build_firmware("mqtt_hello")?;
    let dir = support::scratch_dir("fw-mqtt")?;
    let (_broker, port) = support::start_mosquitto(&mosquitto, &dir)?;
    let topic = format!("pyrite/test/firmware/{}", std::process::id());

    let cmd = support::qemu_command(&qemu, &elf, &topic, &[(1883, port)], &dir);
    let run = support::run_with_timeout(cmd, Duration::from_secs(60))?;
    println!("{}", run.stdout);
    ensure!(
        run.success(),
        "firmware failed: {:?}\nstdout:\n{}\nstderr:\n{}",
        run.status,
        run.stdout,
        run.stderr
    );
    ensure!(
        run.stdout.contains("dhcp: address 10.0.2.15"),
        "no DHCP lease in {}",
        run.stdout
    );

    // The hello is retained, so a subscriber started now still receives it from the broker.
    let output = Command::new(mosquitto_sub)
        .args(["-h", "127.0.0.1", "-p", &port.to_string(), "-t", &topic])
        .args(["-C", "1", "-W", "10", "-V", "mqttv5"])
        .stderr(Stdio::inherit())
        .output()
        .context("running mosquitto_sub")?;
    let received = String::from_utf8_lossy(&output.stdout);
    ensure!(
        received.trim() == "hello from pyrite on a Cortex-M4",
        "broker holds {received:?} on {topic}"
    );
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}
