//! The agent's MQTT link: one broker session (PROTOCOL.md §4) over an embassy-net TCP socket,
//! moving the sans-IO agent's actions out and the broker's messages in, and giving the agent
//! its slices of time in between.
//!
//! `run` returns only when the agent asks for a reboot; connection losses are handled inside
//! with the protocol's jittered exponential backoff (1 s doubling to 60 s, ±25 %).

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use embassy_futures::select::{Either, select};
use embassy_futures::yield_now;
use embassy_net::tcp::TcpSocket;
use embassy_net::{IpEndpoint, Stack};
use embassy_time::{Duration, Instant, Timer};
use minimq::TopicFilter;
use minimq::{Buffers, ConfigBuilder, Connection, Publication, QoS, Session, Will};
use pyrite_agent_core::engine::EngineFactory;
use pyrite_agent_core::flash::Flash;
use pyrite_agent_core::{Action, Agent, Event};
use pyrite_protocol::keys::TrustedKeys;
use pyrite_protocol::limits;

/// Broker session settings (from enrollment).
pub struct LinkConfig<'a> {
    /// Where the broker is.
    pub broker: IpEndpoint,
    /// MQTT client id (= device id).
    pub client_id: &'a str,
    /// MQTT username (= device id).
    pub username: &'a str,
    /// MQTT password.
    pub password: &'a str,
    /// Keep-alive in seconds.
    pub keep_alive_s: u16,
    /// Seed for the backoff jitter (anything device-specific).
    pub jitter_seed: u32,
}

/// What the link needs from the port besides the network: a log line sink and a way to
/// persist a rotated trusted key set.
pub trait PortHooks {
    /// One line of the port's own log (its console).
    fn log(&mut self, line: &str);
    /// A verified key rotation: keep `keys` (key-set `sequence`) for every later boot.
    fn persist_trusted_keys(&mut self, keys: &TrustedKeys, sequence: u64);
}

/// How the link ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkEnd {
    /// The agent asked for a device restart.
    Reboot,
}

/// Receive room: the largest message is a chunk frame (header + 4096 bytes) plus the topic.
const MQTT_RX: usize = limits::MAX_CHUNK_SIZE + 1024;
/// Transmit room: QoS 1 messages stay here until acknowledged; JSON payloads are up to 8 KiB.
const MQTT_TX: usize = 3 * limits::MAX_JSON_MESSAGE;

/// Milliseconds on the port's monotonic clock (the agent's time base).
pub fn now_ms() -> u64 {
    Instant::now().as_millis()
}

/// Runs the agent over the broker until it asks for a reboot.
pub async fn run<F: Flash, G: EngineFactory>(
    stack: Stack<'_>,
    config: &LinkConfig<'_>,
    agent: &mut Agent<F, G>,
    hooks: &mut impl PortHooks,
) -> LinkEnd {
    let mut backoff_ms: u64 = 1_000;
    let mut rng = config.jitter_seed | 1;
    let mut tcp_rx = vec![0u8; 4096];
    let mut tcp_tx = vec![0u8; 4096];
    let mut mqtt_rx = vec![0u8; MQTT_RX];
    let mut mqtt_tx = vec![0u8; MQTT_TX];
    loop {
        stack.wait_config_up().await;
        let outcome = session(
            stack,
            config,
            agent,
            &mut tcp_rx,
            &mut tcp_tx,
            &mut mqtt_rx,
            &mut mqtt_tx,
            hooks,
        )
        .await;
        agent.handle(now_ms(), Event::Disconnected);
        let Err(ended) = outcome;
        match ended {
            SessionError::Reboot => return LinkEnd::Reboot,
            SessionError::Connected(why) => {
                hooks.log(why);
                backoff_ms = 1_000;
            }
            SessionError::NotConnected(why) => hooks.log(why),
        }
        // Keep the app running while offline: it must not stop because the network did.
        let wait_until = now_ms() + jitter(backoff_ms, &mut rng);
        while now_ms() < wait_until {
            let next = agent.poll(now_ms()).clamp(now_ms(), wait_until);
            if offline_actions(agent, hooks) {
                return LinkEnd::Reboot;
            }
            if next <= now_ms() {
                yield_now().await;
            } else {
                Timer::at(Instant::from_millis(next)).await;
            }
        }
        backoff_ms = (backoff_ms * 2).min(60_000);
    }
}

enum SessionError {
    /// The agent asked for a restart.
    Reboot,
    /// Failed before CONNACK (backoff grows).
    NotConnected(&'static str),
    /// A session that was up ended (backoff restarts).
    Connected(&'static str),
}

#[allow(clippy::too_many_arguments)]
async fn session<F: Flash, G: EngineFactory>(
    stack: Stack<'_>,
    config: &LinkConfig<'_>,
    agent: &mut Agent<F, G>,
    tcp_rx: &mut [u8],
    tcp_tx: &mut [u8],
    mqtt_rx: &mut [u8],
    mqtt_tx: &mut [u8],
    hooks: &mut impl PortHooks,
) -> Result<core::convert::Infallible, SessionError> {
    let mut socket = TcpSocket::new(stack, tcp_rx, tcp_tx);
    socket.set_timeout(Some(Duration::from_secs(
        u64::from(config.keep_alive_s).max(10) * 2,
    )));
    socket
        .connect(config.broker)
        .await
        .map_err(|_| SessionError::NotConnected("mqtt: TCP connect to the broker failed"))?;

    let (will_topic, will_payload) = agent.last_will();
    let will = Will::new(&will_topic, &will_payload, &[])
        .map_err(|_| SessionError::NotConnected("mqtt: last will rejected"))?
        .retained()
        .qos(QoS::AtLeastOnce);
    let mqtt_config = ConfigBuilder::new(Buffers::new(mqtt_rx, mqtt_tx))
        .client_id(config.client_id)
        .and_then(|c| c.auth(config.username, config.password.as_bytes()))
        .and_then(|c| c.will(will))
        .map_err(|_| SessionError::NotConnected("mqtt: client settings rejected"))?
        .keepalive_interval(config.keep_alive_s);
    let mut session = Session::new(mqtt_config);
    let mut conn = session
        .connect(socket)
        .await
        .map_err(|_| SessionError::NotConnected("mqtt: broker refused the session"))?;
    hooks.log("mqtt: connected");
    agent.handle(now_ms(), Event::Connected);

    loop {
        let now = now_ms();
        let next = agent.poll(now);
        if perform_actions(&mut conn, agent, hooks).await? {
            // What the actions led to (acks, new state) may make more work due at once.
            continue;
        }
        // Busy app: look at the socket once, then give the app its next slice.
        let received = if next <= now {
            match select(conn.poll(), yield_now()).await {
                Either::First(r) => Some(r),
                Either::Second(()) => None,
            }
        } else {
            match select(conn.poll(), Timer::at(Instant::from_millis(next))).await {
                Either::First(r) => Some(r),
                Either::Second(()) => None,
            }
        };
        match received {
            None | Some(Ok(None)) => {}
            Some(Ok(Some(message))) => agent.handle(
                now_ms(),
                Event::Message {
                    topic: message.topic(),
                    payload: message.payload(),
                },
            ),
            Some(Err(_)) => return Err(SessionError::Connected("mqtt: connection lost")),
        }
    }
}

/// Performs every queued action; returns whether there was any. A reboot request ends the
/// session with [`SessionError::Reboot`].
async fn perform_actions<F: Flash, G: EngineFactory, IO: minimq::Io>(
    conn: &mut Connection<'_, '_, IO>,
    agent: &mut Agent<F, G>,
    hooks: &mut impl PortHooks,
) -> Result<bool, SessionError> {
    let mut any = false;
    while let Some(action) = agent.next_action() {
        any = true;
        match action {
            Action::Subscribe { topics } => subscribe(conn, agent, &topics).await?,
            Action::Publish {
                topic,
                payload,
                qos,
                retain,
            } => publish(conn, agent, &topic, &payload, qos, retain).await?,
            Action::Reboot => {
                // A clean goodbye; the Last Will would say "offline" anyway.
                conn.disconnect().await.ok();
                return Err(SessionError::Reboot);
            }
            Action::PersistTrustedKeys { keys, sequence } => {
                hooks.persist_trusted_keys(&keys, sequence)
            }
        }
    }
    Ok(any)
}

/// While offline the agent's publishes have nowhere to go; it keeps its own bounded buffers of
/// what matters (reports, logs) and re-sends state on the next connection. Local actions
/// (persisting keys, rebooting) still happen; returns whether a reboot was asked.
fn offline_actions<F: Flash, G: EngineFactory>(
    agent: &mut Agent<F, G>,
    hooks: &mut impl PortHooks,
) -> bool {
    while let Some(action) = agent.next_action() {
        match action {
            Action::PersistTrustedKeys { keys, sequence } => {
                hooks.persist_trusted_keys(&keys, sequence)
            }
            Action::Reboot => return true,
            Action::Subscribe { .. } | Action::Publish { .. } => {}
        }
    }
    false
}

async fn subscribe<F: Flash, G: EngineFactory, IO: minimq::Io>(
    conn: &mut Connection<'_, '_, IO>,
    agent: &mut Agent<F, G>,
    topics: &[String],
) -> Result<(), SessionError> {
    let filters: Vec<TopicFilter<'_>> = topics.iter().map(|t| TopicFilter::new(t)).collect();
    for _ in 0..1000 {
        match conn.subscribe(&filters, &[]).await {
            Ok(_) => return Ok(()),
            Err(minimq::Error::NotReady) => pump(conn, agent).await?,
            Err(_) => break,
        }
    }
    Err(SessionError::Connected("mqtt: subscribe failed"))
}

async fn publish<F: Flash, G: EngineFactory, IO: minimq::Io>(
    conn: &mut Connection<'_, '_, IO>,
    agent: &mut Agent<F, G>,
    topic: &str,
    payload: &[u8],
    qos: u8,
    retain: bool,
) -> Result<(), SessionError> {
    let qos = if qos == 0 {
        QoS::AtMostOnce
    } else {
        QoS::AtLeastOnce
    };
    for _ in 0..1000 {
        if !conn.can_publish(qos) {
            pump(conn, agent).await?;
            continue;
        }
        let mut publication = Publication::new(topic, payload).qos(qos);
        if retain {
            publication = publication.retain();
        }
        match conn.publish(publication).await {
            Ok(_) => return Ok(()),
            Err(minimq::PubError::Session(minimq::Error::NotReady)) => pump(conn, agent).await?,
            // A message the broker cannot take (too large) is dropped, not fatal.
            Err(minimq::PubError::Session(minimq::Error::Resource(_))) => return Ok(()),
            Err(_) => return Err(SessionError::Connected("mqtt: publish failed")),
        }
    }
    Err(SessionError::Connected(
        "mqtt: publish never became possible",
    ))
}

/// Waits for session progress (acks), handing any message that arrives meanwhile to the agent.
async fn pump<F: Flash, G: EngineFactory, IO: minimq::Io>(
    conn: &mut Connection<'_, '_, IO>,
    agent: &mut Agent<F, G>,
) -> Result<(), SessionError> {
    match conn.poll().await {
        Ok(Some(message)) => {
            agent.handle(
                now_ms(),
                Event::Message {
                    topic: message.topic(),
                    payload: message.payload(),
                },
            );
            Ok(())
        }
        Ok(None) => Ok(()),
        Err(_) => Err(SessionError::Connected("mqtt: connection lost")),
    }
}

/// `base` ± 25 %, from a xorshift generator.
fn jitter(base: u64, state: &mut u32) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 17;
    *state ^= *state << 5;
    let spread = base / 2;
    base - base / 4 + u64::from(*state) % spread.max(1)
}

#[cfg(test)]
mod tests {
    use super::jitter;

    #[test]
    fn jitter_stays_within_a_quarter() {
        let mut state = 12345;
        for base in [1_000u64, 2_000, 60_000] {
            for _ in 0..1000 {
                let j = jitter(base, &mut state);
                assert!(
                    j >= base - base / 4 && j < base + base / 4,
                    "{j} for {base}"
                );
            }
        }
    }
}
