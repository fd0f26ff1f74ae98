//! The whole device on any chip with an embassy-net stack and a flash-like store: enrollment
//! (once; the answer is kept in the store's last page), the agent booted on the rest of the
//! store, and the MQTT link. A port calls [`run`] after bringing up its network.

use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;
use core::cell::RefCell;
use core::net::{Ipv4Addr, SocketAddrV4};

use embassy_net::{IpAddress, IpEndpoint, Stack};
use embassy_time::{Duration, Timer};
use pyrite_agent_core::engine::EngineFactory;
use pyrite_agent_core::flash::{Flash, FlashError};
use pyrite_agent_core::{Agent, AgentConfig};
use pyrite_protocol::DeviceId;
use pyrite_protocol::enroll::EnrollResponse;
use pyrite_protocol::keys::TrustedKeys;

use crate::link::{self, LinkConfig, LinkEnd, PortHooks};
use crate::window::Window;
use crate::{enroll, record};

/// What a port provisions (from its command line, or compiled in).
pub struct DeviceSettings<'a> {
    /// The device id.
    pub device_id: &'a str,
    /// The fleet server's HTTP address as this device reaches it.
    pub server: SocketAddrV4,
    /// The enrollment token (used on the first boot only).
    pub token: &'a str,
    /// Platform name for the birth message.
    pub platform: &'a str,
    /// The interpreter's version (`pyrite::VERSION` when the port runs the interpreter).
    pub interpreter_version: &'a str,
    /// Seed for jitter (anything device-specific, e.g. from the MAC).
    pub seed: u32,
}

/// Why the device cannot run (a provisioning problem the operator must fix).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceError(pub String);

impl core::fmt::Display for DeviceError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Enrolls if needed, boots the agent on `flash` and runs it until it asks for a reboot.
pub async fn run<F: Flash, G: EngineFactory>(
    stack: Stack<'_>,
    mut flash: F,
    factory: G,
    settings: &DeviceSettings<'_>,
    mut log: impl FnMut(&str),
) -> Result<LinkEnd, DeviceError> {
    let device_id = DeviceId::new(settings.device_id)
        .map_err(|_| DeviceError(String::from("invalid device id ([A-Za-z0-9_-], 1 to 64)")))?;
    stack.wait_config_up().await;

    let enrollment = match record::read(&mut flash).and_then(|json| enroll::parse(&json).ok()) {
        Some(saved) => {
            log("enroll: using saved credentials");
            saved
        }
        None => {
            let (response, json) = enroll_until_done(stack, &device_id, settings, &mut log).await;
            if record::write(&mut flash, &json).is_err() {
                log("enroll: could not save the enrollment (will enroll again next boot)");
            }
            response
        }
    };
    let link_config = broker_of(&enrollment, settings)?;
    let trusted = TrustedKeys::new(enrollment.trusted_keys.iter().cloned())
        .map_err(|_| DeviceError(String::from("the enrollment's trusted keys are not usable")))?;
    let mut config = AgentConfig::new(device_id, trusted);
    config.key_set_sequence = enrollment.key_set_sequence;
    config.platform = String::from(settings.platform);
    config.agent_version = String::from(env!("CARGO_PKG_VERSION"));
    config.interpreter_version = String::from(settings.interpreter_version);
    config.heartbeat_interval_ms = u64::from(enrollment.heartbeat_interval_s).max(1) * 1000;

    let pages = record::record_page(&flash);
    let shared = SharedFlash(Rc::new(RefCell::new(flash)));
    let store = Window::new(shared.clone(), pages);
    let mut agent = Agent::boot(config, store, factory, link::now_ms())
        .map_err(|e| DeviceError(format!("agent: {e}")))?;
    log("agent: booted");
    let mut hooks = Hooks {
        flash: shared,
        enrollment: enrollment.clone(),
        log,
    };
    let link_config = LinkConfig {
        broker: link_config.0,
        client_id: &enrollment.mqtt.client_id,
        username: &enrollment.mqtt.username,
        password: &enrollment.mqtt.password,
        keep_alive_s: enrollment.mqtt.keep_alive_s,
        jitter_seed: settings.seed,
    };
    Ok(link::run(stack, &link_config, &mut agent, &mut hooks).await)
}

/// One flash shared by the agent (through a [`Window`]) and the enrollment record.
struct SharedFlash<F>(Rc<RefCell<F>>);

impl<F> Clone for SharedFlash<F> {
    fn clone(&self) -> Self {
        SharedFlash(self.0.clone())
    }
}

impl<F: Flash> Flash for SharedFlash<F> {
    fn page_size(&self) -> usize {
        self.0.borrow().page_size()
    }
    fn page_count(&self) -> usize {
        self.0.borrow().page_count()
    }
    fn read(&mut self, offset: usize, buf: &mut [u8]) -> Result<(), FlashError> {
        self.0.borrow_mut().read(offset, buf)
    }
    fn erase_page(&mut self, page: usize) -> Result<(), FlashError> {
        self.0.borrow_mut().erase_page(page)
    }
    fn program(&mut self, offset: usize, data: &[u8]) -> Result<(), FlashError> {
        self.0.borrow_mut().program(offset, data)
    }
}

struct Hooks<F, L> {
    flash: SharedFlash<F>,
    enrollment: EnrollResponse,
    log: L,
}

impl<F: Flash, L: FnMut(&str)> PortHooks for Hooks<F, L> {
    fn log(&mut self, line: &str) {
        (self.log)(line)
    }

    fn persist_trusted_keys(&mut self, keys: &TrustedKeys, sequence: u64) {
        self.enrollment.trusted_keys = keys.keys().to_vec();
        self.enrollment.key_set_sequence = sequence;
        let saved = serde_json::to_vec(&self.enrollment)
            .ok()
            .map(|json| record::write(&mut self.flash, &json));
        match saved {
            Some(Ok(())) => (self.log)("agent: rotated trusted keys saved"),
            _ => (self.log)("agent: could not save the rotated trusted keys"),
        }
    }
}

async fn enroll_until_done(
    stack: Stack<'_>,
    device_id: &DeviceId,
    settings: &DeviceSettings<'_>,
    log: &mut impl FnMut(&str),
) -> (EnrollResponse, alloc::vec::Vec<u8>) {
    let host = format!("{}", settings.server);
    let mut delay_s = 2;
    loop {
        match enroll::enroll(
            stack,
            IpEndpoint::from(settings.server),
            &host,
            device_id,
            settings.token,
            env!("CARGO_PKG_VERSION"),
            settings.interpreter_version,
        )
        .await
        {
            Ok(done) => {
                log("enroll: enrolled");
                return done;
            }
            Err(e) => log(&format!("{e}")),
        }
        Timer::after(Duration::from_secs(delay_s)).await;
        delay_s = (delay_s * 2).min(60);
    }
}

fn broker_of(
    enrollment: &EnrollResponse,
    settings: &DeviceSettings<'_>,
) -> Result<(IpEndpoint,), DeviceError> {
    let ip: Ipv4Addr = match &enrollment.mqtt.host {
        None => *settings.server.ip(),
        Some(host) => host.parse().map_err(|_| {
            DeviceError(format!(
                "broker host {host:?} must be an IPv4 address on this device"
            ))
        })?,
    };
    if enrollment.mqtt.tls {
        return Err(DeviceError(String::from(
            "TLS to the broker is not supported on this device",
        )));
    }
    Ok((IpEndpoint::new(IpAddress::Ipv4(ip), enrollment.mqtt.port),))
}
