//! The remote REPL WebSocket: `GET /api/v1/devices/{id}/repl` bridges a
//! client to the device's `down/repl` / `up/repl` topics.
//!
//! Client → server text frames: `{"type":"input","data":"..."}`,
//! `{"type":"interrupt","app":false}`, `{"type":"close"}`.
//! Server → client: `{"type":"opened","banner":"..."}`,
//! `{"type":"output","data":"..."}`, `{"type":"closed","reason":"..."}`,
//! `{"type":"error","message":"..."}`.

use super::auth::Writer;
use crate::app::AppRef;
use crate::error::ApiError;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, State};
use axum::response::Response;
use pyrite_protocol::DeviceId;
use pyrite_protocol::messages::{ReplIn, ReplOut, encode};
use pyrite_protocol::topics::TopicKind;
use serde::Deserialize;
use serde_json::json;
use std::time::Duration;

/// A client frame.
#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum ClientFrame {
    Input {
        data: String,
    },
    Interrupt {
        #[serde(default)]
        app: bool,
    },
    Close,
}

/// Opens a REPL session on a device (WebSocket upgrade).
#[utoipa::path(get, path = "/api/v1/devices/{id}/repl", tag = "repl", params(("id" = String, Path, description = "device id")),
    responses((status = 403, body = crate::error::ErrorBody, description = "a read-only token"), (status = 101, description = "WebSocket of JSON frames"), (status = 404, body = crate::error::ErrorBody)))]
pub async fn repl(
    _: Writer,
    State(app): State<AppRef>,
    Path(id): Path<String>,
    ws: WebSocketUpgrade,
) -> Result<Response, ApiError> {
    let device = app
        .store
        .device(&id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("device {id}")))?;
    if device.revoked != 0 {
        return Err(ApiError::Conflict(format!("device {id} is revoked")));
    }
    let dev = DeviceId::new(&id).map_err(|e| ApiError::invalid(e.to_string()))?;
    Ok(ws.on_upgrade(move |socket| async move {
        if let Err(e) = bridge(app, dev, socket).await {
            tracing::info!("REPL session ended: {e:#}");
        }
    }))
}

async fn send_in(app: &AppRef, dev: &DeviceId, msg: &ReplIn) -> anyhow::Result<()> {
    app.mqtt
        .publish_to(dev, TopicKind::ReplIn, encode(msg)?)
        .await
}

async fn bridge(app: AppRef, dev: DeviceId, mut ws: WebSocket) -> anyhow::Result<()> {
    let session = format!("s-{}", crate::secrets::random_hex(6));
    let mut rx = app.repl.open(dev.as_str(), &session).await;
    send_in(
        &app,
        &dev,
        &ReplIn::Open {
            session: session.clone(),
        },
    )
    .await?;
    tracing::info!(device = %dev, session = %session, "REPL session opening");
    let mut seq = 0u32;
    let mut opened = false;
    let open_deadline = tokio::time::sleep(Duration::from_secs(15));
    tokio::pin!(open_deadline);
    let result = loop {
        tokio::select! {
            _ = &mut open_deadline, if !opened => {
                let _ = ws.send(Message::Text(json!({"type":"error","message":"the device did not answer (offline?)"}).to_string().into())).await;
                break Ok(());
            }
            out = rx.recv() => {
                let Some(out) = out else { break Ok(()) };
                let frame = match out {
                    ReplOut::Opened { banner, .. } => { opened = true; json!({"type":"opened","banner":banner}) }
                    ReplOut::Output { seq: s, data, .. } => {
                        send_in(&app, &dev, &ReplIn::Ack { session: session.clone(), seq: s }).await?;
                        json!({"type":"output","data":data})
                    }
                    ReplOut::Closed { reason, .. } => {
                        let _ = ws.send(Message::Text(json!({"type":"closed","reason":reason}).to_string().into())).await;
                        break Ok(());
                    }
                };
                if ws.send(Message::Text(frame.to_string().into())).await.is_err() {
                    break Ok(());
                }
            }
            msg = ws.recv() => {
                let text = match msg {
                    Some(Ok(Message::Text(t))) => t.to_string(),
                    Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break Ok(()),
                    Some(Ok(_)) => continue,
                };
                match serde_json::from_str::<ClientFrame>(&text) {
                    Ok(ClientFrame::Input { data }) => {
                        // Split long input into protocol-sized messages on char boundaries.
                        for part in chunk_str(&data, pyrite_protocol::limits::MAX_REPL_DATA) {
                            send_in(&app, &dev, &ReplIn::Input { session: session.clone(), seq, data: part.to_string() }).await?;
                            seq = seq.wrapping_add(1);
                        }
                    }
                    Ok(ClientFrame::Interrupt { app: whole_app }) => {
                        send_in(&app, &dev, &ReplIn::Interrupt { session: session.clone(), app: whole_app }).await?;
                    }
                    Ok(ClientFrame::Close) => break Ok(()),
                    Err(e) => {
                        let _ = ws.send(Message::Text(json!({"type":"error","message":format!("bad frame: {e}")}).to_string().into())).await;
                    }
                }
            }
        }
    };
    let _ = send_in(
        &app,
        &dev,
        &ReplIn::Close {
            session: session.clone(),
        },
    )
    .await;
    app.repl.close(dev.as_str(), &session).await;
    result
}

/// Splits `s` into pieces of at most `max` bytes on char boundaries.
fn chunk_str(s: &str, max: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s;
    while !rest.is_empty() {
        let mut end = rest.len().min(max);
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        out.push(&rest[..end]);
        rest = &rest[end..];
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn chunks_respect_char_boundaries() {
        let s = "aé".repeat(1000);
        let parts = super::chunk_str(&s, 7);
        assert!(parts.iter().all(|p| p.len() <= 7));
        assert_eq!(parts.concat(), s);
    }
}
