//! One device: the agent core driven by a real MQTT connection (rumqttc),
//! a clock, and a reconnect loop with jittered exponential backoff.
//!
//! The loop moves bytes between the broker and the sans-IO core, and calls
//! [`Agent::poll`] whenever it asked, so scripts run in slices between
//! network events. It never blocks: publishes go through `try_publish` and
//! wait in a local queue when the client's channel is full.

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use pyrite_agent_core::engine::EngineFactory;
use pyrite_agent_core::flash::Flash;
use pyrite_agent_core::{Action, Agent, AgentConfig, Event};
use pyrite_protocol::keys::TrustedKeys;
use rumqttc::{AsyncClient, LastWill, MqttOptions, Packet, QoS};
use tokio::sync::watch;

use crate::backoff::Backoff;

/// Where and how to reach the broker.
#[derive(Debug, Clone)]
pub struct BrokerSettings {
    /// Host name or address.
    pub host: String,
    /// TCP port.
    pub port: u16,
    /// MQTT username and password, if the broker wants them.
    pub credentials: Option<(String, String)>,
    /// Keep-alive in seconds.
    pub keep_alive_s: u16,
}

/// Counters shared by every device of a process (for the simulator's figures).
#[derive(Debug, Default)]
pub struct Stats {
    /// Messages published by devices.
    pub published: AtomicU64,
    /// Messages received by devices.
    pub received: AtomicU64,
    /// Payload bytes published.
    pub bytes_published: AtomicU64,
    /// Devices currently connected.
    pub connected: AtomicU64,
    /// Successful connections (first ones and reconnections).
    pub connects: AtomicU64,
}

/// A monotonic millisecond clock starting at the process's first use.
pub fn now_ms(origin: Instant) -> u64 {
    origin.elapsed().as_millis() as u64
}

fn qos(level: u8) -> QoS {
    if level == 0 {
        QoS::AtMostOnce
    } else {
        QoS::AtLeastOnce
    }
}

/// Runs one device until `shutdown` turns true. `origin` is the clock the
/// agent was booted with; `persist_keys` saves a rotated trusted key set;
/// `rssi` measures the link's signal strength (dBm) for the heartbeat.
#[allow(clippy::too_many_arguments)]
pub async fn run_device<F, G, K, R>(
    broker: BrokerSettings,
    mut agent: Agent<F, G>,
    origin: Instant,
    mut persist_keys: K,
    mut rssi: R,
    stats: Arc<Stats>,
    mut shutdown: watch::Receiver<bool>,
) -> anyhow::Result<()>
where
    F: Flash,
    G: EngineFactory,
    K: FnMut(&TrustedKeys, u64),
    R: FnMut() -> Option<i32>,
{
    let device_id = agent_client_id(&agent);
    let mut backoff = Backoff::default();
    'session: loop {
        let mut options = MqttOptions::new(device_id.clone(), broker.host.clone(), broker.port);
        options.set_keep_alive(Duration::from_secs(u64::from(broker.keep_alive_s.max(5))));
        options.set_clean_session(true);
        options.set_max_packet_size(64 * 1024, 64 * 1024);
        if let Some((user, pass)) = &broker.credentials {
            options.set_credentials(user.clone(), pass.clone());
        }
        let (will_topic, will_payload) = agent.last_will();
        options.set_last_will(LastWill::new(
            will_topic,
            will_payload,
            QoS::AtLeastOnce,
            true,
        ));
        let (client, mut eventloop) = AsyncClient::new(options, 256);
        let mut pending: VecDeque<Action> = VecDeque::new();
        let mut reconnect_at: Option<Instant> = None;
        let mut connected = false;
        loop {
            if *shutdown.borrow() {
                if connected {
                    // Say goodbye ourselves (the Last Will is for unclean exits).
                    agent.going_offline();
                    while let Some(Action::Publish {
                        topic,
                        payload,
                        qos: level,
                        retain,
                    }) = agent.next_action()
                    {
                        let _ = client.try_publish(topic, qos(level), retain, payload);
                    }
                    let _ = client.try_disconnect();
                    let _ = tokio::time::timeout(Duration::from_millis(500), async {
                        while eventloop.poll().await.is_ok() {}
                    })
                    .await;
                }
                if connected {
                    stats.connected.fetch_sub(1, Ordering::Relaxed);
                }
                return Ok(());
            }
            let now = now_ms(origin);
            agent.set_rssi(if connected { rssi() } else { None });
            let deadline = agent.poll(now);
            while let Some(a) = agent.next_action() {
                pending.push_back(a);
            }
            let mut reboot = false;
            while let Some(action) = pending.pop_front() {
                match action {
                    Action::Publish {
                        topic,
                        payload,
                        qos: level,
                        retain,
                    } => {
                        let len = payload.len() as u64;
                        match client.try_publish(topic.clone(), qos(level), retain, payload.clone())
                        {
                            Ok(()) => {
                                stats.published.fetch_add(1, Ordering::Relaxed);
                                stats.bytes_published.fetch_add(len, Ordering::Relaxed);
                            }
                            Err(_) => {
                                // Channel full: keep it for after the event loop ran.
                                pending.push_front(Action::Publish {
                                    topic,
                                    payload,
                                    qos: level,
                                    retain,
                                });
                                break;
                            }
                        }
                    }
                    Action::Subscribe { topics } => {
                        let filters: Vec<rumqttc::SubscribeFilter> = topics
                            .into_iter()
                            .map(|t| rumqttc::SubscribeFilter::new(t, QoS::AtLeastOnce))
                            .collect();
                        if client.try_subscribe_many(filters.clone()).is_err() {
                            pending.push_front(Action::Subscribe {
                                topics: filters.into_iter().map(|f| f.path).collect(),
                            });
                            break;
                        }
                    }
                    Action::Reboot => reboot = true,
                    Action::PersistTrustedKeys { keys, sequence } => persist_keys(&keys, sequence),
                }
            }
            if reboot {
                tracing::info!(device = %device_id, "rebooting on command");
                let _ = client.try_disconnect();
                if connected {
                    stats.connected.fetch_sub(1, Ordering::Relaxed);
                }
                // Let the disconnect (and the ack before it) go out.
                let _ = tokio::time::timeout(Duration::from_millis(500), async {
                    while eventloop.poll().await.is_ok() {}
                })
                .await;
                agent = agent
                    .reboot(now_ms(origin))
                    .map_err(|e| anyhow::anyhow!("rebooting: {e}"))?;
                continue 'session;
            }
            let now = now_ms(origin);
            let busy = deadline <= now;
            if busy {
                // A script has more to do: let other devices and the network run first.
                tokio::task::yield_now().await;
            }
            let wait = if busy {
                Duration::ZERO
            } else {
                Duration::from_millis((deadline - now).min(1_000))
            };
            let may_poll_network = reconnect_at.is_none_or(|t| Instant::now() >= t);
            tokio::select! {
                ev = eventloop.poll(), if may_poll_network => {
                    reconnect_at = None;
                    let now = now_ms(origin);
                    match ev {
                        Ok(rumqttc::Event::Incoming(Packet::Publish(p))) => {
                            stats.received.fetch_add(1, Ordering::Relaxed);
                            agent.handle(now, Event::Message { topic: &p.topic, payload: &p.payload });
                        }
                        Ok(rumqttc::Event::Incoming(Packet::ConnAck(ack))) => {
                            if ack.code == rumqttc::ConnectReturnCode::Success {
                                backoff.reset();
                                connected = true;
                                stats.connected.fetch_add(1, Ordering::Relaxed);
                                stats.connects.fetch_add(1, Ordering::Relaxed);
                                tracing::debug!(device = %device_id, "connected");
                                agent.handle(now, Event::Connected);
                            }
                        }
                        Ok(_) => {}
                        Err(e) => {
                            if connected {
                                stats.connected.fetch_sub(1, Ordering::Relaxed);
                                tracing::warn!(device = %device_id, "connection lost: {e}");
                            } else {
                                tracing::debug!(device = %device_id, "cannot connect: {e}");
                            }
                            connected = false;
                            agent.handle(now, Event::Disconnected);
                            // Publishes queued in the client died with the connection;
                            // the agent re-sends what matters after reconnecting.
                            reconnect_at = Some(Instant::now() + backoff.next_delay());
                        }
                    }
                }
                _ = tokio::time::sleep(wait) => {}
                _ = shutdown.changed() => {}
            }
        }
    }
}

fn agent_client_id<F: Flash, G: EngineFactory>(agent: &Agent<F, G>) -> String {
    agent.device_id().to_string()
}

/// The agent configuration every Linux device starts from.
pub fn base_config(
    id: pyrite_protocol::DeviceId,
    keys: pyrite_protocol::keys::TrustedKeys,
    platform: &str,
) -> AgentConfig {
    let mut c = AgentConfig::new(id, keys);
    c.platform = platform.to_string();
    c
}
