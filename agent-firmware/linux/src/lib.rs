//! `pyrite-agent`: the Pyrite device agent on a Linux host, and a simulator
//! of many devices in one process.
//!
//! The agent's logic is the platform-free core (`pyrite-agent-core`); this
//! crate adds what a Linux host has: a real MQTT connection (rumqttc) with
//! jittered exponential backoff ([`device`]), a flash image in a file that
//! survives `kill -9` at any instant ([`file_flash`]), enrollment over HTTP
//! with credentials kept in a state folder ([`enrollment`]), and simulated
//! hardware ([`sim_hal`]).
//!
//! # Simulating devices from another program
//!
//! [`simulate::run`] runs N devices until its future is dropped; it spawns
//! its own worker threads, so it can be awaited or spawned from inside any
//! tokio runtime (this is how `pyrite-fleet serve --dev` gets its devices):
//!
//! ```no_run
//! # async fn demo() -> anyhow::Result<()> {
//! use pyrite_agent::simulate::{SimOptions, run};
//! let handle = tokio::spawn(run(SimOptions {
//!     server_url: Some("http://127.0.0.1:8080".into()),
//!     enroll_token: Some("the-fleet-enroll-token".into()),
//!     count: 3,
//!     id_prefix: "dev".into(),
//!     state_dir: Some("/tmp/pyrite-dev/devices".into()),
//!     ..SimOptions::default()
//! }));
//! // ... later: handle.abort() stops every simulated device.
//! # handle.abort(); Ok(()) }
//! ```
//!
//! Each device enrolls once (`POST /api/v1/enroll`, kept in
//! `{state_dir}/{id}/credentials.json`), connects to the broker enrollment
//! names (or `broker`), and then follows the desired state like any device.
//! [`examples_dir`] locates the sample apps for a server that wants to
//! deploy one.

pub mod backoff;
pub mod device;
pub mod enrollment;
pub mod factory_app;
pub mod file_flash;
pub mod runtime;
pub mod sim_hal;
pub mod simulate;

use anyhow::{Context, bail};

/// The `examples/` folder of the source tree this crate was built from
/// (sample apps: `sensor`, `crash`, `async-blink`).
pub fn examples_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

/// Parses `mqtt://host:port` (port defaults to 1883).
pub fn parse_broker_url(url: &str) -> anyhow::Result<(String, u16)> {
    let rest = url
        .strip_prefix("mqtt://")
        .or_else(|| url.strip_prefix("tcp://"))
        .unwrap_or(url);
    let rest = rest.trim_end_matches('/');
    if rest.is_empty() {
        bail!("broker URL {url:?} has no host");
    }
    // [v6]:port, host:port, or host
    if let Some(v6) = rest.strip_prefix('[') {
        let (host, after) = v6.split_once(']').context("unclosed [ in broker URL")?;
        let port = match after.strip_prefix(':') {
            Some(p) => p.parse().with_context(|| format!("port in {url:?}"))?,
            None => 1883,
        };
        return Ok((host.to_string(), port));
    }
    match rest.rsplit_once(':') {
        Some((host, port)) => Ok((
            host.to_string(),
            port.parse().with_context(|| format!("port in {url:?}"))?,
        )),
        None => Ok((rest.to_string(), 1883)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broker_urls() {
        assert_eq!(
            parse_broker_url("mqtt://127.0.0.1:1884").unwrap(),
            ("127.0.0.1".into(), 1884)
        );
        assert_eq!(
            parse_broker_url("broker.local").unwrap(),
            ("broker.local".into(), 1883)
        );
        assert_eq!(
            parse_broker_url("mqtt://[::1]:99").unwrap(),
            ("::1".into(), 99)
        );
        assert!(parse_broker_url("mqtt://").is_err());
        assert!(parse_broker_url("mqtt://h:notaport").is_err());
    }
}
