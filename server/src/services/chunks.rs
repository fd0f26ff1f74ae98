//! Serving bundle chunks to a device over MQTT: one `down/chunk` frame per
//! requested chunk of the window. Stateless on the server, so a device
//! resumes a download after a disconnect by asking from its saved offset.

use crate::app::App;
use pyrite_protocol::DeviceId;
use pyrite_protocol::chunk::ChunkFrame;
use pyrite_protocol::messages::{ChunkRequest, sha256_from_hex};
use pyrite_protocol::topics::TopicKind;

/// Answers one chunk request. Only bundles that are stored are served; a
/// device may ask for any of them (they are signed and not secret).
pub async fn serve(app: &App, device: &str, req: &ChunkRequest) -> Result<(), String> {
    let id = DeviceId::new(device).map_err(|e| e.to_string())?;
    let sha = sha256_from_hex(&req.sha256).map_err(|e| e.to_string())?;
    // Another server may have received the bundle: fetch it from the database.
    if !super::bundles::ensure_local(app, &req.sha256)
        .await
        .map_err(|e| format!("bundle {}: {e}", req.sha256))?
    {
        return Err(format!("chunk request for unknown bundle {}", req.sha256));
    }
    let mut offset = req.offset as u64;
    for _ in 0..req.count {
        let read = app
            .bundles
            .read_range(&req.sha256, offset, req.chunk_size as usize)
            .await
            .map_err(|e| format!("reading bundle {}: {e}", req.sha256))?;
        let Some((bytes, total)) = read else {
            return Err(format!("chunk request for unknown bundle {}", req.sha256));
        };
        if bytes.is_empty() {
            break; // past the end
        }
        let frame = ChunkFrame {
            bundle_sha256: sha,
            offset: offset as u32,
            total_len: u32::try_from(total).map_err(|_| "bundle too large".to_string())?,
            payload: &bytes,
        }
        .encode()
        .map_err(|e| e.to_string())?;
        app.mqtt
            .publish_to(&id, TopicKind::ChunkData, frame)
            .await
            .map_err(|e| format!("publishing chunk: {e}"))?;
        offset += bytes.len() as u64;
    }
    Ok(())
}
