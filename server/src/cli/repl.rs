//! `pyrite-fleet repl DEVICE`: a terminal on the device's REPL over the
//! server's WebSocket. Lines typed go to the device; Ctrl-C interrupts what
//! the device runs; Ctrl-D (end of input) closes the session.

use super::client::Client;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::io::Write;
use std::process::ExitCode;
use tokio::io::AsyncBufReadExt;
use tokio_tungstenite::tungstenite::Message;

/// Runs the session until the device closes it or input ends.
pub async fn run(client: &Client, device: &str) -> anyhow::Result<ExitCode> {
    let url = client.ws_url(&format!("/api/v1/devices/{device}/repl"));
    let (ws, _) = tokio_tungstenite::connect_async(url.as_str())
        .await
        .map_err(|e| anyhow::anyhow!("opening the REPL of {device}: {e}"))?;
    let (mut tx, mut rx) = ws.split();
    let mut lines = tokio::io::BufReader::new(tokio::io::stdin()).lines();
    eprintln!("connecting to {device} (Ctrl-C interrupts the device, Ctrl-D quits)");
    let mut stdin_open = true;
    loop {
        tokio::select! {
            msg = rx.next() => {
                let Some(Ok(msg)) = msg else { break };
                let Message::Text(t) = msg else { continue };
                let v: Value = serde_json::from_str(&t).unwrap_or_default();
                match v["type"].as_str() {
                    Some("opened") => { print!("{}", v["banner"].as_str().unwrap_or("")); }
                    Some("output") => { print!("{}", v["data"].as_str().unwrap_or("")); }
                    Some("closed") => { eprintln!("\n[session closed: {}]", v["reason"].as_str().unwrap_or("")); break; }
                    Some("error") => { eprintln!("\n[error: {}]", v["message"].as_str().unwrap_or("")); return Ok(ExitCode::FAILURE); }
                    _ => {}
                }
                let _ = std::io::stdout().flush();
            }
            line = lines.next_line(), if stdin_open => match line {
                Ok(Some(l)) => { tx.send(Message::Text(json!({"type":"input","data": format!("{l}\n")}).to_string().into())).await?; }
                _ => {
                    stdin_open = false;
                    tx.send(Message::Text(json!({"type":"close"}).to_string().into())).await?;
                }
            },
            _ = tokio::signal::ctrl_c() => {
                tx.send(Message::Text(json!({"type":"interrupt"}).to_string().into())).await?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
