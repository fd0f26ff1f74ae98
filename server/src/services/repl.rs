//! Remote REPL sessions: an operator's WebSocket is bridged to a device's
//! `down/repl` / `up/repl` topics. The hub routes device output to the
//! session that owns it; output is acknowledged as it is forwarded, which
//! is the flow control the protocol asks for.

use pyrite_protocol::messages::ReplOut;
use std::collections::HashMap;
use tokio::sync::{Mutex, mpsc};

/// Open sessions by (device, session id).
#[derive(Default)]
pub struct ReplHub {
    sessions: Mutex<HashMap<(String, String), mpsc::Sender<ReplOut>>>,
}

fn session_of(out: &ReplOut) -> &str {
    match out {
        ReplOut::Opened { session, .. }
        | ReplOut::Output { session, .. }
        | ReplOut::Closed { session, .. } => session,
    }
}

impl ReplHub {
    /// Registers a session; output for it arrives on the returned receiver.
    pub async fn open(&self, device: &str, session: &str) -> mpsc::Receiver<ReplOut> {
        let (tx, rx) = mpsc::channel(256);
        self.sessions
            .lock()
            .await
            .insert((device.to_string(), session.to_string()), tx);
        rx
    }

    /// Forgets a session.
    pub async fn close(&self, device: &str, session: &str) {
        self.sessions
            .lock()
            .await
            .remove(&(device.to_string(), session.to_string()));
    }

    /// Routes one message from a device; output for no known session is dropped.
    pub async fn deliver(&self, device: &str, out: ReplOut) {
        let key = (device.to_string(), session_of(&out).to_string());
        let tx = self.sessions.lock().await.get(&key).cloned();
        match tx {
            Some(tx) => {
                if tx.send(out).await.is_err() {
                    self.sessions.lock().await.remove(&key);
                }
            }
            None => tracing::debug!(device, session = %key.1, "REPL output for no open session"),
        }
    }

    /// Open sessions (for `/metrics`).
    pub async fn count(&self) -> usize {
        self.sessions.lock().await.len()
    }
}
