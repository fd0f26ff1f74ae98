//! Opening an MQTT v5 session to the broker over an embassy-net TCP socket.

use embassy_net::tcp::TcpSocket;
use embassy_net::{IpEndpoint, Stack};
use embassy_time::Duration;
use minimq::{Buffers, ConfigBuilder, Publication, QoS, Session};

/// Why talking to the broker failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkError {
    /// The TCP connection could not be opened.
    Connect,
    /// The client id does not fit minimq's fixed storage.
    ClientId,
    /// The broker refused or dropped the MQTT session.
    Session,
    /// A publish could not be sent or was not acknowledged.
    Publish,
}

impl core::fmt::Display for LinkError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            LinkError::Connect => "TCP connect to the broker failed",
            LinkError::ClientId => "client id too long",
            LinkError::Session => "MQTT session refused or lost",
            LinkError::Publish => "MQTT publish failed",
        })
    }
}

/// Publishes one retained message with QoS 1 and waits for the broker's acknowledgement:
/// the smallest end-to-end proof that a board's network stack reaches the broker.
pub async fn publish_once(
    stack: Stack<'_>,
    broker: IpEndpoint,
    client_id: &str,
    topic: &str,
    payload: &[u8],
) -> Result<(), LinkError> {
    stack.wait_config_up().await;
    let mut rx = [0u8; 1024];
    let mut tx = [0u8; 1024];
    let mut socket = TcpSocket::new(stack, &mut rx, &mut tx);
    socket.set_timeout(Some(Duration::from_secs(10)));
    socket
        .connect(broker)
        .await
        .map_err(|_| LinkError::Connect)?;

    let mut mqtt_rx = [0u8; 512];
    let mut mqtt_tx = [0u8; 512];
    let config = ConfigBuilder::new(Buffers::new(&mut mqtt_rx, &mut mqtt_tx))
        .client_id(client_id)
        .map_err(|_| LinkError::ClientId)?;
    let mut session = Session::new(config);
    let mut conn = session
        .connect(socket)
        .await
        .map_err(|_| LinkError::Session)?;
    let op = conn
        .publish(
            Publication::new(topic, payload)
                .qos(QoS::AtLeastOnce)
                .retain(),
        )
        .await
        .map_err(|_| LinkError::Publish)?
        .ok_or(LinkError::Publish)?;
    while conn.is_pending(&op) {
        conn.poll().await.map_err(|_| LinkError::Session)?;
    }
    // A failed goodbye changes nothing: the message is already acknowledged.
    conn.disconnect().await.ok();
    Ok(())
}
