//! The device-facing MQTT listener of the embedded broker: an MQTT-aware
//! proxy in front of rumqttd.
//!
//! rumqttd authenticates but has no per-topic ACL, so devices never reach it
//! directly. Each device connection is read packet by packet:
//! - CONNECT: the username must equal the client id, name an enrolled,
//!   non-revoked device, and the password must match its hash; a Last Will
//!   must be on the device's own topics. The CONNECT is then re-encoded with
//!   the broker's internal secret (rumqttd accepts only that), so a device
//!   that finds the internal port still cannot log in there.
//! - PUBLISH and SUBSCRIBE outside the device's own topics: the connection
//!   is closed and the attempt logged (see [`super::acl`]).
//! - Everything else, and all broker-to-device traffic, is copied verbatim.

use super::acl;
use super::codec::{self, CodecError};
use bytes::BytesMut;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Mutex, watch};

/// Largest packet a device may send (bundle chunks go the other way).
pub const MAX_DEVICE_PACKET: usize = 256 * 1024;
/// Time a new connection has to send its CONNECT.
const CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Decides whether a device's credentials are good.
pub trait DeviceAuth: Send + Sync + 'static {
    /// True when `device_id` is enrolled, not revoked, and `password` matches.
    fn check(
        &self,
        device_id: &str,
        password: &[u8],
    ) -> impl std::future::Future<Output = bool> + Send;
}

/// Live device connections, for kicking a revoked device and counting.
#[derive(Default)]
pub struct Connections {
    next: AtomicU64,
    live: Mutex<HashMap<String, (u64, watch::Sender<bool>)>>,
    /// Packets refused for leaving the device's topics (for `/metrics`).
    pub refused: AtomicU64,
}

impl Connections {
    /// Closes the connection of `device_id`, if it has one.
    pub async fn kick(&self, device_id: &str) -> bool {
        match self.live.lock().await.remove(device_id) {
            Some((_, tx)) => {
                let _ = tx.send(true);
                true
            }
            None => false,
        }
    }

    /// Number of devices connected now.
    pub async fn count(&self) -> usize {
        self.live.lock().await.len()
    }

    async fn register(&self, device_id: &str) -> (u64, watch::Receiver<bool>) {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = watch::channel(false);
        // A second connection with the same id replaces the first, as in MQTT.
        if let Some((_, old)) = self
            .live
            .lock()
            .await
            .insert(device_id.to_string(), (id, tx))
        {
            let _ = old.send(true);
        }
        (id, rx)
    }

    async fn unregister(&self, device_id: &str, id: u64) {
        let mut live = self.live.lock().await;
        if live.get(device_id).map(|e| e.0) == Some(id) {
            live.remove(device_id);
        }
    }
}

/// Where the proxy forwards to.
#[derive(Clone, Debug)]
pub struct Upstream {
    /// rumqttd's internal MQTT 3.1.1 listener.
    pub v4: SocketAddr,
    /// rumqttd's internal MQTT 5 listener.
    pub v5: SocketAddr,
    /// The password rumqttd accepts.
    pub secret: String,
}

/// Accepts device connections on `listener` until `shutdown` flips; with
/// `tls`, each connection first completes a TLS handshake (in its own task).
pub async fn run<A: DeviceAuth>(
    listener: TcpListener,
    tls: Option<tokio_rustls::TlsAcceptor>,
    upstream: Upstream,
    auth: Arc<A>,
    conns: Arc<Connections>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        tokio::select! {
            _ = shutdown.changed() => return,
            accepted = listener.accept() => match accepted {
                Ok((sock, peer)) => {
                    let _ = sock.set_nodelay(true);
                    let (up, auth, conns) = (upstream.clone(), auth.clone(), conns.clone());
                    let tls = tls.clone();
                    tokio::spawn(async move {
                        let r = match tls {
                            None => serve_device(sock, peer, up, auth, conns).await,
                            Some(acceptor) => match crate::tls::handshake(&acceptor, sock).await {
                                Ok(s) => serve_device(s, peer, up, auth, conns).await,
                                Err(e) => Err(ProxyError::Io(e)),
                            },
                        };
                        if let Err(e) = r {
                            tracing::info!(%peer, "mqtt connection closed: {e}");
                        }
                    });
                }
                Err(e) => {
                    tracing::warn!("mqtt accept failed: {e}");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                }
            }
        }
    }
}

/// Why a device connection ended.
#[derive(Debug, thiserror::Error)]
enum ProxyError {
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
    #[error("protocol: {0}")]
    Codec(#[from] CodecError),
    #[error("no CONNECT within the timeout")]
    ConnectTimeout,
    #[error("refused login for client {0:?}")]
    Refused(String),
    #[error("device {device} tried {what} outside its topics: {topic:?}")]
    Forbidden {
        device: String,
        what: &'static str,
        topic: String,
    },
}

async fn read_packet<R: tokio::io::AsyncRead + Unpin>(
    sock: &mut R,
    buf: &mut BytesMut,
) -> Result<Option<bytes::Bytes>, ProxyError> {
    loop {
        if let Some(p) = codec::take_packet(buf, MAX_DEVICE_PACKET)? {
            return Ok(Some(p));
        }
        if sock.read_buf(buf).await? == 0 {
            return Ok(None);
        }
    }
}

async fn serve_device<A, S>(
    sock: S,
    peer: SocketAddr,
    up: Upstream,
    auth: Arc<A>,
    conns: Arc<Connections>,
) -> Result<(), ProxyError>
where
    A: DeviceAuth,
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let (mut rd, mut wr) = tokio::io::split(sock);
    let mut buf = BytesMut::with_capacity(4096);
    let first = tokio::time::timeout(CONNECT_TIMEOUT, read_packet(&mut rd, &mut buf))
        .await
        .map_err(|_| ProxyError::ConnectTimeout)??;
    let Some(first) = first else { return Ok(()) };
    let connect = codec::parse_connect(&first)?;
    let device = connect.client_id.clone();
    let creds_ok = connect.username.as_deref() == Some(device.as_str())
        && acl::valid_device_id(&device)
        && match &connect.password {
            Some(pw) => auth.check(&device, pw).await,
            None => false,
        };
    if !creds_ok {
        let _ = wr.write_all(&codec::connack_refused(connect.level)).await;
        return Err(ProxyError::Refused(device));
    }
    if let Some(will) = &connect.will_topic
        && !acl::may_publish(&device, will)
    {
        conns.refused.fetch_add(1, Ordering::Relaxed);
        let _ = wr.write_all(&codec::connack_refused(connect.level)).await;
        return Err(ProxyError::Forbidden {
            device,
            what: "a last will",
            topic: will.clone(),
        });
    }
    let target = if connect.level == 5 { up.v5 } else { up.v4 };
    let upstream = TcpStream::connect(target).await?;
    let _ = upstream.set_nodelay(true);
    let (mut up_rd, mut up_wr) = upstream.into_split();
    up_wr
        .write_all(&connect.encode_with_credentials(&device, up.secret.as_bytes())?)
        .await?;
    let (conn_id, mut kicked) = conns.register(&device).await;
    tracing::info!(%peer, device = %device, "device connected");

    let level = connect.level;
    let dev = device.clone();
    let conns2 = conns.clone();
    let inbound = async move {
        loop {
            let Some(pkt) = read_packet(&mut rd, &mut buf).await? else {
                return Ok(());
            };
            match pkt.first().map(|b| b >> 4) {
                Some(codec::PUBLISH) => {
                    let topic = codec::publish_topic(&pkt)?;
                    if !acl::may_publish(&dev, topic) {
                        conns2.refused.fetch_add(1, Ordering::Relaxed);
                        return Err(ProxyError::Forbidden {
                            device: dev,
                            what: "to publish",
                            topic: topic.into(),
                        });
                    }
                }
                Some(codec::SUBSCRIBE) => {
                    for f in codec::subscribe_filters(&pkt, level)? {
                        if !acl::may_subscribe(&dev, f) {
                            conns2.refused.fetch_add(1, Ordering::Relaxed);
                            return Err(ProxyError::Forbidden {
                                device: dev,
                                what: "to subscribe",
                                topic: f.into(),
                            });
                        }
                    }
                }
                Some(codec::CONNECT) => return Err(CodecError::Malformed("second CONNECT").into()),
                _ => {}
            }
            up_wr.write_all(&pkt).await?;
        }
    };
    let outbound = async move {
        tokio::io::copy(&mut up_rd, &mut wr).await?;
        Ok::<(), ProxyError>(())
    };
    let result = tokio::select! {
        r = inbound => r,
        r = outbound => r,
        _ = kicked.changed() => {
            tracing::info!(device = %device, "device disconnected by the server");
            Ok(())
        }
    };
    conns.unregister(&device, conn_id).await;
    if let Err(ProxyError::Forbidden { .. }) = &result {
        tracing::warn!(device = %device, "{}", result.as_ref().err().map(|e| e.to_string()).unwrap_or_default());
    }
    result
}
