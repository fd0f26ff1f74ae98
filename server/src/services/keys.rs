//! Key rotation (PROTOCOL.md §11): replacing the fleet's trusted bundle keys
//! on every enrolled device.
//!
//! A rotation is a new complete key set with a higher key-set sequence,
//! signed by a key of the current set: by the server's own key when it is
//! trusted (`POST /api/v1/keys/rotate` with `add`/`retire`), or offline by
//! the operator (`keys rotate --sign-with KEY`, which posts the signed
//! message). The server checks it exactly as a device will, stores it
//! (`key_sets`), makes the new set the one new enrollments receive, and
//! publishes it retained on every device's `down/keys`.
//!
//! Devices acknowledge by announcing the new sequence in their birth
//! message (the agent sends one right after applying a rotation). A device
//! whose birth announces an older sequence (offline during one or more
//! rotations, or behind a broker that lost its retained messages) is sent
//! every rotation it missed, oldest first, so each one is signed by a key it
//! already trusts.

use crate::app::App;
use crate::error::ApiError;
use crate::store::{KeySetRow, NewTrustedKey, TrustedKeyRow, now_ms};
use pyrite_protocol::DeviceId;
use pyrite_protocol::keys::{PublicKey, TrustedKeys};
use pyrite_protocol::limits::MAX_TRUSTED_KEYS;
use pyrite_protocol::messages;
use pyrite_protocol::rotation;
use pyrite_protocol::topics::TopicKind;
use serde::{Deserialize, Serialize};

/// Most pending device ids listed in a status.
const PENDING_LISTED: i64 = 100;

/// A key to add, with the name to record for it.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct AddKey {
    /// The public key's text form (`pyrite-ed25519-pub:...`, a `.pub` file's content).
    pub public_key: String,
    /// A name for it (default: its key id).
    #[serde(default)]
    pub name: Option<String>,
}

/// A rotation request: either the change (`add`/`retire`, signed by the
/// server's key) or a rotation signed elsewhere (`rotation`; `add` then only
/// names its new keys).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct RotateRequest {
    /// Keys to trust from now on.
    #[serde(default)]
    pub add: Vec<AddKey>,
    /// Key ids (16 hex digits) to stop trusting.
    #[serde(default)]
    pub retire: Vec<String>,
    /// A signed `KeyRotation` message (PROTOCOL.md §11), made offline.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub rotation: Option<serde_json::Value>,
}

/// The fleet's key set and how far devices have taken it up.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct KeyStatus {
    /// Current key-set sequence (0: never rotated).
    pub sequence: i64,
    /// The keys the fleet trusts now.
    pub keys: Vec<TrustedKeyRow>,
    /// Key id that signed the current set (none before the first rotation).
    pub signer: Option<String>,
    /// When the current set was made (Unix ms; none before the first rotation).
    pub rotated_at: Option<i64>,
    /// Non-revoked devices.
    pub devices: i64,
    /// Of those, devices that announced the current sequence (or enrolled with it).
    pub acknowledged: i64,
    /// Up to 100 device ids that have not yet, sorted.
    pub pending: Vec<String>,
}

/// The current key-set sequence (0 before the first rotation).
pub async fn current_sequence(app: &App) -> Result<i64, ApiError> {
    Ok(app.store.latest_key_set().await?.map_or(0, |r| r.sequence))
}

/// The status of the fleet's keys.
pub async fn status(app: &App) -> Result<KeyStatus, ApiError> {
    let latest = app.store.latest_key_set().await?;
    let sequence = latest.as_ref().map_or(0, |r| r.sequence);
    let (devices, acknowledged) = app.store.key_ack_counts(sequence).await?;
    Ok(KeyStatus {
        sequence,
        keys: app.store.trusted_keys().await?,
        signer: latest.as_ref().map(|r| r.signer.clone()),
        rotated_at: latest.as_ref().map(|r| r.created_at),
        devices,
        acknowledged,
        pending: app
            .store
            .key_pending_devices(sequence, PENDING_LISTED)
            .await?,
    })
}

fn parse_key(text: &str) -> Result<PublicKey, ApiError> {
    PublicKey::from_text(text)
        .or_else(|_| PublicKey::from_base64(text.trim()))
        .map_err(|e| ApiError::invalid(format!("public key {text:?}: {e}")))
}

/// The new key set of an `add`/`retire` request applied to `current`.
pub fn next_set(
    current: &[PublicKey],
    add: &[PublicKey],
    retire: &[String],
) -> Result<Vec<PublicKey>, ApiError> {
    for r in retire {
        if !current.iter().any(|k| k.id().to_string() == *r) {
            return Err(ApiError::invalid(format!(
                "key {r} is not in the fleet's trusted set"
            )));
        }
    }
    let mut next: Vec<PublicKey> = current
        .iter()
        .filter(|k| !retire.contains(&k.id().to_string()))
        .copied()
        .collect();
    for k in add {
        if !next.contains(k) {
            next.push(*k);
        }
    }
    if next.is_empty() {
        return Err(ApiError::invalid(
            "the new key set would be empty: add a key before retiring the last one",
        ));
    }
    if next.len() > MAX_TRUSTED_KEYS {
        return Err(ApiError::invalid(format!(
            "a key set holds at most {MAX_TRUSTED_KEYS} keys"
        )));
    }
    if next.len() == current.len() && next.iter().all(|k| current.contains(k)) {
        return Err(ApiError::invalid("the key set would not change"));
    }
    Ok(next)
}

/// Checks, stores and pushes a rotation; returns the new status.
pub async fn rotate(app: &App, req: RotateRequest) -> Result<KeyStatus, ApiError> {
    let current = super::devices::trusted_keys(&app.store).await?;
    let current_set = TrustedKeys::new(current.iter().copied())
        .map_err(|e| ApiError::Internal(format!("stored key set: {e}")))?;
    let sequence = current_sequence(app).await?;
    let mut names: Vec<(PublicKey, Option<String>)> = Vec::new();
    for a in &req.add {
        names.push((parse_key(&a.public_key)?, a.name.clone()));
    }
    let msg = match &req.rotation {
        Some(v) => {
            // Through the protocol's decoder: its size and shape limits apply.
            let bytes = serde_json::to_vec(v).map_err(|e| ApiError::invalid(e.to_string()))?;
            let msg = messages::decode_key_rotation(&bytes)
                .map_err(|e| ApiError::invalid(format!("rotation: {e}")))?;
            if msg.sequence != (sequence as u64).saturating_add(1) {
                return Err(ApiError::Conflict(format!(
                    "the rotation has sequence {}, the fleet is at {sequence}: sign one with {}",
                    msg.sequence,
                    sequence + 1
                )));
            }
            // Exactly what a device that trusts the current set will check.
            rotation::verify_key_rotation(&msg, &current_set, sequence as u64)
                .map_err(|e| ApiError::invalid(format!("rotation refused: {e}")))?;
            msg
        }
        None => {
            let add: Vec<PublicKey> = names.iter().map(|(k, _)| *k).collect();
            let next = next_set(&current, &add, &req.retire)?;
            let Some(key) = &app.server_key else {
                return Err(ApiError::Unavailable(
                    "this server holds no signing key: sign the rotation with a trusted key \
                     (`pyrite-fleet keys rotate --sign-with KEY.key`)"
                        .into(),
                ));
            };
            if current_set.get(&key.public_key().id()).is_none() {
                return Err(ApiError::Unavailable(
                    "the server's key is not in the fleet's trusted set: sign the rotation \
                     with a trusted key (`pyrite-fleet keys rotate --sign-with KEY.key`)"
                        .into(),
                ));
            }
            rotation::sign_key_rotation((sequence as u64).saturating_add(1), next, key)
                .map_err(|e| ApiError::invalid(e.to_string()))?
        }
    };
    let old_names = app.store.trusted_keys().await?;
    let keys: Vec<NewTrustedKey> = msg
        .keys
        .iter()
        .map(|k| {
            let id = k.id().to_string();
            let name = names
                .iter()
                .find(|(n, _)| n == k)
                .and_then(|(_, name)| name.clone())
                .or_else(|| {
                    old_names
                        .iter()
                        .find(|r| r.key_id == id)
                        .map(|r| r.name.clone())
                })
                .unwrap_or_else(|| id.clone());
            (id, k.to_text(), name)
        })
        .collect();
    let text = String::from_utf8(
        messages::encode(&msg).map_err(|e| ApiError::Internal(format!("encoding: {e}")))?,
    )
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    let row = KeySetRow {
        sequence: i64::try_from(msg.sequence)
            .map_err(|_| ApiError::invalid("sequence too large"))?,
        message: text,
        signer: msg.signer.to_string(),
        created_at: now_ms(),
    };
    if !app.store.apply_key_rotation(&row, &keys).await? {
        return Err(ApiError::Conflict(format!(
            "key set {} exists already (a concurrent rotation)",
            row.sequence
        )));
    }
    let retired: Vec<String> = current
        .iter()
        .filter(|k| !msg.keys.contains(k))
        .map(|k| k.id().to_string())
        .collect();
    tracing::info!(
        sequence = row.sequence,
        signer = %row.signer,
        keys = ?keys.iter().map(|k| &k.0).collect::<Vec<_>>(),
        retired = ?retired,
        "trusted key set rotated"
    );
    let devices = app.store.active_device_ids().await?;
    let mut sent = 0usize;
    for d in &devices {
        match publish(app, d, &row).await {
            Ok(()) => sent += 1,
            Err(e) => tracing::warn!(device = %d, "publishing the key rotation: {e:#}"),
        }
    }
    tracing::info!(
        sequence = row.sequence,
        devices = sent,
        "key rotation published"
    );
    status(app).await
}

async fn publish(app: &App, device: &str, row: &KeySetRow) -> anyhow::Result<()> {
    let id = DeviceId::new(device).map_err(|e| anyhow::anyhow!("device id {device:?}: {e}"))?;
    app.mqtt
        .publish_to(&id, TopicKind::Keys, row.message.clone().into_bytes())
        .await
}

/// Brings a device that announced key-set `announced` up to date: every
/// rotation above it, oldest first (the last one stays retained).
pub async fn converge(app: &App, device: &str, announced: u64) -> anyhow::Result<usize> {
    let announced = i64::try_from(announced).unwrap_or(i64::MAX);
    let missed = app.store.key_sets_after(announced).await?;
    for row in &missed {
        publish(app, device, row).await?;
    }
    if !missed.is_empty() {
        tracing::info!(
            device,
            from = announced,
            to = missed.last().map_or(announced, |r| r.sequence),
            "sent the key rotations a device missed"
        );
    }
    Ok(missed.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use pyrite_protocol::messages::KeyRotation;

    fn decode(row: &KeySetRow) -> Option<KeyRotation> {
        messages::decode_key_rotation(row.message.as_bytes()).ok()
    }
    use pyrite_protocol::keys::SecretKey;

    fn key(n: u8) -> PublicKey {
        SecretKey::from_seed(&[n; 32]).public_key()
    }

    #[test]
    fn next_set_adds_retires_and_refuses_no_ops() {
        let (a, b, c) = (key(1), key(2), key(3));
        let set = next_set(&[a, b], &[c], &[a.id().to_string()]).unwrap();
        assert_eq!(set, vec![b, c]);
        assert!(next_set(&[a], &[], &[a.id().to_string()]).is_err(), "empty");
        assert!(next_set(&[a], &[a], &[]).is_err(), "unchanged");
        assert!(
            next_set(&[a], &[b], &[c.id().to_string()]).is_err(),
            "retiring a key not in the set"
        );
        let many: Vec<PublicKey> = (10..27).map(key).collect();
        assert!(next_set(&[a], &many, &[]).is_err(), "over 16 keys");
    }

    #[tokio::test]
    async fn rotation_is_signed_stored_and_checked_like_a_device_would() {
        let store = crate::store::testing::sqlite().await;
        let dir = tempfile::tempdir().unwrap();
        let server = SecretKey::from_seed(&[7; 32]);
        let offline = SecretKey::from_seed(&[8; 32]);
        let new = SecretKey::from_seed(&[9; 32]);
        let p = server.public_key();
        store
            .trust_key(&p.id().to_string(), &p.to_text(), "server")
            .await
            .unwrap();
        store.upsert_device_credentials("d1", "x").await.unwrap();
        let mut app = App::for_tests(store.clone(), dir.path());
        std::sync::Arc::get_mut(&mut app).unwrap().server_key = Some(server.clone());

        // Server-signed: add a key, keep the server's.
        let st = rotate(
            &app,
            RotateRequest {
                add: vec![AddKey {
                    public_key: offline.public_key().to_text(),
                    name: Some("offline".into()),
                }],
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(st.sequence, 1);
        assert_eq!(st.keys.len(), 2);
        assert_eq!((st.devices, st.acknowledged), (1, 0));
        assert_eq!(st.pending, vec!["d1".to_string()]);
        let row = store.latest_key_set().await.unwrap().unwrap();
        let msg = decode(&row).unwrap();
        // A device that trusts only the server's key accepts it.
        let device_set = TrustedKeys::new([p]).unwrap();
        assert!(rotation::verify_key_rotation(&msg, &device_set, 0).is_ok());

        // Signed offline by the new key, retiring the server's key.
        let signed = rotation::sign_key_rotation(2, vec![offline.public_key()], &offline).unwrap();
        let st = rotate(
            &app,
            RotateRequest {
                rotation: Some(serde_json::to_value(&signed).unwrap()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(st.sequence, 2);
        assert_eq!(st.keys.len(), 1);
        assert_eq!(st.keys[0].name, "offline", "a kept key keeps its name");
        assert_eq!(store.key_sets_after(0).await.unwrap().len(), 2);

        // The server's key is retired: it cannot sign the next rotation.
        let err = rotate(
            &app,
            RotateRequest {
                add: vec![AddKey {
                    public_key: new.public_key().to_text(),
                    name: None,
                }],
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
        assert!(matches!(err, ApiError::Unavailable(_)), "{err:?}");
        // A replayed or forged rotation is refused and changes nothing.
        let replay = rotate(
            &app,
            RotateRequest {
                rotation: Some(serde_json::to_value(&signed).unwrap()),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
        assert!(matches!(replay, ApiError::Conflict(_)), "{replay:?}");
        let forged = rotation::sign_key_rotation(3, vec![new.public_key()], &new).unwrap();
        let err = rotate(
            &app,
            RotateRequest {
                rotation: Some(serde_json::to_value(&forged).unwrap()),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
        assert!(matches!(err, ApiError::Invalid(_)), "{err:?}");
        assert_eq!(status(&app).await.unwrap().sequence, 2);

        // The device announces sequence 2: acknowledged.
        store.set_device_key_set_sequence("d1", 2).await.unwrap();
        let st = status(&app).await.unwrap();
        assert_eq!((st.devices, st.acknowledged), (1, 1));
        assert!(st.pending.is_empty());
    }
}
