//! The embedded broker: rumqttd on its own thread, listening only on
//! loopback ports that accept nothing but the per-process internal secret.
//! Devices reach it through [`super::proxy`], which enforces the ACL.

use rumqttd::{Broker, Config, ConnectionSettings, RouterConfig, ServerSettings};
use std::collections::HashMap;
use std::net::{SocketAddr, TcpListener};
use std::time::Duration;

/// Where the internal broker listens.
#[derive(Debug, Clone)]
pub struct EmbeddedBroker {
    /// MQTT 3.1.1 listener (loopback).
    pub v4: SocketAddr,
    /// MQTT 5 listener (loopback).
    pub v5: SocketAddr,
    /// The only password it accepts.
    pub secret: String,
}

fn free_loopback_port() -> std::io::Result<SocketAddr> {
    TcpListener::bind("127.0.0.1:0")?.local_addr()
}

fn listener(name: &str, addr: SocketAddr, secret: &str) -> ServerSettings {
    let mut connections = ConnectionSettings {
        connection_timeout_ms: 10_000,
        max_payload_size: 512 * 1024,
        max_inflight_count: 256,
        auth: None,
        external_auth: None,
        dynamic_filters: true,
    };
    let secret = secret.to_string();
    connections.set_auth_handler(move |_client_id: String, _user: String, pass: String| {
        let ok = crate::secrets::constant_time_eq(pass.as_bytes(), secret.as_bytes());
        async move { ok }
    });
    ServerSettings {
        name: name.to_string(),
        listen: addr,
        tls: None,
        next_connection_delay_ms: 0,
        connections,
    }
}

impl EmbeddedBroker {
    /// Starts rumqttd on a dedicated thread and waits until it accepts
    /// connections. rumqttd has no shutdown: the thread ends with the process.
    pub fn start(max_connections: usize) -> anyhow::Result<EmbeddedBroker> {
        let secret = crate::secrets::random_hex(24);
        let v4 = free_loopback_port()?;
        let v5 = free_loopback_port()?;
        let config = Config {
            id: 0,
            router: RouterConfig {
                max_connections,
                max_outgoing_packet_count: 1024,
                max_segment_size: 32 * 1024 * 1024,
                max_segment_count: 10,
                ..Default::default()
            },
            v4: Some(HashMap::from([(
                "internal-v4".to_string(),
                listener("internal-v4", v4, &secret),
            )])),
            v5: Some(HashMap::from([(
                "internal-v5".to_string(),
                listener("internal-v5", v5, &secret),
            )])),
            ..Default::default()
        };
        std::thread::Builder::new()
            .name("rumqttd".into())
            .spawn(move || {
                let mut broker = Broker::new(config);
                if let Err(e) = broker.start() {
                    tracing::error!("embedded broker stopped: {e}");
                }
            })?;
        // Wait for the listener to come up.
        for _ in 0..200 {
            if std::net::TcpStream::connect_timeout(&v4, Duration::from_millis(100)).is_ok() {
                return Ok(EmbeddedBroker { v4, v5, secret });
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        anyhow::bail!("embedded broker did not start listening on {v4}")
    }
}
