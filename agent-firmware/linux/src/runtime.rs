//! What a Linux device boots with: its identity and keys, the interpreter
//! engine with the simulated hardware, and an optional factory app.

use std::sync::Arc;

use anyhow::Context;
use pyrite_agent_core::Agent;
use pyrite_agent_core::factory::install_factory_bundle;
use pyrite_agent_core::flash::Flash;
use pyrite_agent_core::pyrite_engine::PyriteEngineFactory;
use pyrite_protocol::DeviceId;
use pyrite_protocol::keys::TrustedKeys;

use crate::device::base_config;
use crate::factory_app::FactoryApp;
use crate::sim_hal::SimHal;

/// Everything needed to (re)boot one device's agent.
#[derive(Clone)]
pub struct DeviceRuntime {
    /// Device id.
    pub id: DeviceId,
    /// Trusted bundle keys.
    pub keys: TrustedKeys,
    /// Sequence of the key set.
    pub key_set_sequence: u64,
    /// Seconds between heartbeats.
    pub heartbeat_interval_s: u32,
    /// Interpreter heap, bytes.
    pub heap_bytes: usize,
    /// Platform name in the birth message.
    pub platform: String,
    /// App installed at first boot, if any.
    pub factory_app: Option<Arc<FactoryApp>>,
    /// What `fleet.config()` returns (JSON object), if set.
    pub app_config_json: Option<String>,
}

/// The engine factory Linux devices use: the Pyrite interpreter over simulated hardware.
pub type LinuxEngineFactory = PyriteEngineFactory<SimHal>;

fn seed_of(id: &str) -> u64 {
    // FNV-1a: a stable per-device seed for the simulated sensor curves.
    id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The link-quality probe of a device: a plausible, slowly wandering RSSI
/// from its simulated radio (Linux hosts have no radio to ask).
pub fn link_rssi(rt: &DeviceRuntime) -> impl FnMut() -> Option<i32> + use<> {
    let mut radio = SimHal::new(seed_of(rt.id.as_str()).rotate_left(17));
    move || radio.rssi()
}

/// Boots the agent on `flash` (installing the factory app on a blank device first).
pub fn boot_agent<F: Flash>(
    rt: &DeviceRuntime,
    mut flash: F,
    now_ms: u64,
) -> anyhow::Result<Agent<F, LinuxEngineFactory>> {
    if let Some(app) = &rt.factory_app {
        install_factory_bundle(&mut flash, &rt.keys, pyrite::VERSION, &app.bundle)
            .map_err(|r| anyhow::anyhow!("factory app refused: {:?}: {}", r.reason, r.detail))?;
    }
    let mut config = base_config(rt.id.clone(), rt.keys.clone(), &rt.platform);
    config.key_set_sequence = rt.key_set_sequence;
    config.heartbeat_interval_ms = u64::from(rt.heartbeat_interval_s.max(1)) * 1000;
    config.interpreter_version = pyrite::VERSION.to_string();
    if let Some(json) = &rt.app_config_json {
        config.app_config_json = json.clone();
    }
    if let Some(ms) = std::env::var("PYRITE_AGENT_GRACE_MS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        config.grace_period_ms = ms;
    }
    let factory = PyriteEngineFactory::new(SimHal::new(seed_of(rt.id.as_str())), rt.heap_bytes);
    Agent::boot(config, flash, factory, now_ms)
        .map_err(|e| anyhow::anyhow!("{e}"))
        .context("booting the agent")
}
