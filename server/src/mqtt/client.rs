//! The server's own MQTT session (to the embedded broker or an external one):
//! subscribes to every device's `up/` topics, hands incoming messages to the
//! ingest loop, and publishes desired states, chunks, REPL input, commands.
//!
//! Flow control: the session waits for room in the ingest loop's channel
//! before it reads on (so a busy server stops reading and the broker holds
//! or slows the rest), and QoS 1 messages are acknowledged by the ingest
//! loop once handled (manual acks), not on arrival.

use pyrite_protocol::topics;
use rumqttc::{AsyncClient, Event, MqttOptions, Packet, Publish, QoS};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, watch};

/// One message a device published.
#[derive(Debug)]
pub struct Incoming {
    /// Topic it arrived on.
    pub topic: String,
    /// Payload bytes.
    pub payload: bytes::Bytes,
    /// When the server's session read it (ingest lag runs from here).
    pub received: Instant,
    /// The broker's delivery to acknowledge once the message is handled
    /// (`None` for QoS 0 and for messages made up in tests).
    pub ack: Option<PendingAck>,
}

#[cfg(test)]
impl Incoming {
    /// A message on `topic` that needs no acknowledgement.
    pub fn new(topic: impl Into<String>, payload: impl Into<bytes::Bytes>) -> Incoming {
        Incoming {
            topic: topic.into(),
            payload: payload.into(),
            received: Instant::now(),
            ack: None,
        }
    }
}

/// A QoS 1 delivery not yet acknowledged to the broker.
#[derive(Debug)]
pub struct PendingAck {
    client: AsyncClient,
    /// Only `pkid` and `qos` matter to an acknowledgement.
    publish: Publish,
}

impl PendingAck {
    /// Acknowledges the delivery. Never waits: when the session's request
    /// queue is full the ack is sent from a task of its own, so the ingest
    /// loop cannot block on a session that is itself waiting for the loop.
    pub fn send(self) {
        match self.client.try_ack(&self.publish) {
            Ok(()) => {}
            Err(rumqttc::ClientError::TryRequest(_)) => {
                tokio::spawn(async move {
                    if let Err(e) = self.client.ack(&self.publish).await {
                        tracing::debug!("acknowledging a delivery: {e}");
                    }
                });
            }
            Err(e) => tracing::debug!("acknowledging a delivery: {e}"),
        }
    }
}

/// How to reach the broker as the server.
#[derive(Debug, Clone)]
pub struct BrokerLogin {
    /// Host.
    pub host: String,
    /// Port.
    pub port: u16,
    /// Username.
    pub username: String,
    /// Password.
    pub password: String,
    /// Use `$share/...` subscriptions (several servers on one broker).
    pub shared: bool,
}

/// Handle for publishing; cheap to clone.
#[derive(Clone)]
pub struct MqttHandle {
    client: AsyncClient,
    connected: Arc<AtomicBool>,
    /// Messages published by the server.
    pub sent: Arc<AtomicU64>,
    /// Messages received from devices.
    pub received: Arc<AtomicU64>,
}

/// Device messages read from the broker but not yet taken by the ingest loop.
pub const INCOMING_QUEUE: usize = 256;

/// Maximum packet the server accepts or sends.
const MAX_PACKET: usize = 512 * 1024;

impl MqttHandle {
    /// Connects (in the background, retrying forever) and returns the
    /// publishing handle; incoming device messages go to `tx`.
    pub fn start(
        login: BrokerLogin,
        tx: mpsc::Sender<Incoming>,
        mut shutdown: watch::Receiver<bool>,
    ) -> MqttHandle {
        let client_id = format!("pyrite-server-{}", crate::secrets::random_hex(4));
        let mut opts = MqttOptions::new(client_id, login.host.clone(), login.port);
        opts.set_credentials(login.username.clone(), login.password.clone());
        opts.set_keep_alive(Duration::from_secs(20));
        opts.set_max_packet_size(MAX_PACKET, MAX_PACKET);
        opts.set_clean_session(true);
        opts.set_inflight(200);
        // Acknowledged by the ingest loop once handled (see the module doc).
        opts.set_manual_acks(true);
        let (client, mut eventloop) = AsyncClient::new(opts, 4096);
        let handle = MqttHandle {
            client: client.clone(),
            connected: Arc::new(AtomicBool::new(false)),
            sent: Arc::new(AtomicU64::new(0)),
            received: Arc::new(AtomicU64::new(0)),
        };
        let (connected, received) = (handle.connected.clone(), handle.received.clone());
        tokio::spawn(async move {
            let mut backoff = Duration::from_millis(100);
            loop {
                let event = tokio::select! {
                    _ = shutdown.changed() => {
                        let _ = client.disconnect().await;
                        return;
                    }
                    e = eventloop.poll() => e,
                };
                match event {
                    Ok(Event::Incoming(Packet::ConnAck(_))) => {
                        tracing::info!(
                            "server connected to the broker at {}:{}",
                            login.host,
                            login.port
                        );
                        connected.store(true, Ordering::SeqCst);
                        backoff = Duration::from_millis(100);
                        let subs = subscriptions(login.shared);
                        let c = client.clone();
                        tokio::spawn(async move {
                            for f in subs {
                                if let Err(e) = c.subscribe(f.clone(), QoS::AtLeastOnce).await {
                                    tracing::error!("subscribe {f}: {e}");
                                }
                            }
                        });
                    }
                    Ok(Event::Incoming(Packet::Publish(p))) => {
                        received.fetch_add(1, Ordering::Relaxed);
                        let ack = (p.qos != QoS::AtMostOnce).then(|| {
                            let mut publish = Publish::new("", p.qos, Vec::new());
                            publish.pkid = p.pkid;
                            PendingAck {
                                client: client.clone(),
                                publish,
                            }
                        });
                        let msg = Incoming {
                            topic: p.topic,
                            payload: p.payload,
                            received: Instant::now(),
                            ack,
                        };
                        // Waits while the ingest loop is behind: the session
                        // reads nothing more until there is room.
                        if tx.send(msg).await.is_err() {
                            return;
                        }
                    }
                    Ok(_) => {}
                    Err(e) => {
                        connected.store(false, Ordering::SeqCst);
                        tracing::warn!("broker connection: {e}; retrying in {backoff:?}");
                        tokio::time::sleep(backoff).await;
                        backoff = (backoff * 2).min(Duration::from_secs(5));
                    }
                }
            }
        });
        handle
    }

    /// Whether the session is up.
    pub fn is_connected(&self) -> bool {
        self.connected.load(Ordering::SeqCst)
    }

    /// Publishes a message.
    pub async fn publish(
        &self,
        topic: String,
        qos: u8,
        retain: bool,
        payload: Vec<u8>,
    ) -> anyhow::Result<()> {
        let qos = match qos {
            0 => QoS::AtMostOnce,
            1 => QoS::AtLeastOnce,
            _ => QoS::ExactlyOnce,
        };
        self.client.publish(topic, qos, retain, payload).await?;
        self.sent.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Publishes on a device topic with the QoS and retain flag the protocol gives it.
    pub async fn publish_to(
        &self,
        device: &pyrite_protocol::DeviceId,
        kind: topics::TopicKind,
        payload: Vec<u8>,
    ) -> anyhow::Result<()> {
        self.publish(
            topics::topic(device, kind),
            kind.qos(),
            kind.retained(),
            payload,
        )
        .await
    }
}

/// What the server subscribes to. Status is always unshared: each server
/// wants the retained births at start, and applying one twice is harmless.
fn subscriptions(shared: bool) -> Vec<String> {
    let status = topics::all_devices_filter(topics::TopicKind::Status);
    if !shared {
        return topics::server_subscriptions();
    }
    let mut subs: Vec<String> = topics::server_shared_subscriptions()
        .into_iter()
        .filter(|f| !f.ends_with(&status))
        .collect();
    subs.push(status);
    subs
}
