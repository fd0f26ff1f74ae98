//! Devices: enrollment with the fleet token, revocation, tags, and keeping
//! an external Mosquitto's password file in step with enrollments.

use super::events::Emit;
use crate::app::App;
use crate::error::ApiError;
use crate::mqtt::mosquitto;
use crate::store::Store;
use pyrite_protocol::enroll::{EnrollRequest, EnrollResponse, MqttSettings};
use pyrite_protocol::keys::PublicKey;
use pyrite_protocol::{PROTOCOL_VERSION, topics};

/// Settings key of the fleet enrollment token.
pub const ENROLL_TOKEN_KEY: &str = "enroll_token";
/// Settings key of the server's password on an external broker.
pub const BROKER_PASSWORD_KEY: &str = "broker_password";

/// The fleet's trusted keys, parsed.
pub async fn trusted_keys(store: &Store) -> Result<Vec<PublicKey>, ApiError> {
    let mut keys = Vec::new();
    for k in store.trusted_keys().await? {
        match PublicKey::from_text(&k.public_key) {
            Ok(p) => keys.push(p),
            Err(e) => tracing::error!(key = %k.key_id, "stored trusted key unreadable: {e}"),
        }
    }
    Ok(keys)
}

/// Enrolls a device: checks the fleet token, creates (or re-keys) the
/// device with fresh MQTT credentials, and answers with them and the trusted keys.
pub async fn enroll(
    app: &App,
    req: EnrollRequest,
    host_seen: Option<String>,
    via_tls: bool,
) -> Result<EnrollResponse, ApiError> {
    let token = app
        .store
        .setting(ENROLL_TOKEN_KEY)
        .await?
        .unwrap_or_default();
    if token.is_empty()
        || !crate::secrets::constant_time_eq(token.as_bytes(), req.enroll_token.as_bytes())
    {
        tracing::warn!(device = %req.device_id, "enrollment refused: bad token");
        return Err(ApiError::BadEnrollToken);
    }
    let id = req.device_id.as_str();
    let password = crate::secrets::random_hex(18);
    app.store
        .upsert_device_credentials(id, &crate::secrets::mosquitto_hash(&password))
        .await?;
    // The device receives the current key set, so it is at the current
    // rotation already (the retained rotation on `down/keys` is not newer).
    let key_set_sequence = super::keys::current_sequence(app).await?;
    app.store
        .set_device_key_set_sequence(id, key_set_sequence)
        .await?;
    if let Some(conns) = &app.conns {
        // Old credentials are void: drop a session that used them.
        conns.kick(id).await;
    }
    sync_mosquitto(app).await;
    tracing::info!(device = id, agent = %req.agent_version, "device enrolled");
    app.events.emit(Emit::Device {
        id: id.to_string(),
        change: "enrolled".into(),
        failure: None,
    });
    app.tick.notify_one();
    // A device that enrolled over HTTPS speaks TLS: send it to the TLS listener.
    let (port, tls) = match app.settings.device_mqtts_port {
        Some(p) if via_tls => (p, true),
        _ => (app.settings.device_mqtt_port, false),
    };
    Ok(EnrollResponse {
        protocol: PROTOCOL_VERSION,
        device_id: req.device_id.clone(),
        mqtt: MqttSettings {
            host: app.settings.device_mqtt_host.clone().or(host_seen),
            port,
            tls,
            username: id.to_string(),
            password,
            client_id: id.to_string(),
            keep_alive_s: 30,
        },
        trusted_keys: trusted_keys(&app.store).await?,
        key_set_sequence: key_set_sequence as u64,
        topic_root: topics::device_root(&req.device_id),
        heartbeat_interval_s: app.settings.heartbeat_interval_s,
    })
}

/// Revokes a device's credentials and disconnects it.
pub async fn revoke(app: &App, id: &str) -> Result<(), ApiError> {
    if !app.store.revoke_device(id).await? {
        return Err(ApiError::NotFound(format!("device {id}")));
    }
    if let Some(conns) = &app.conns {
        conns.kick(id).await;
    }
    sync_mosquitto(app).await;
    tracing::info!(device = id, "device revoked");
    app.events.emit(Emit::Device {
        id: id.to_string(),
        change: "revoked".into(),
        failure: None,
    });
    Ok(())
}

/// Rewrites the external Mosquitto's files (when `--mosquitto-dir` is set)
/// and asks it to reload. Failures are logged: enrollment still succeeds.
pub async fn sync_mosquitto(app: &App) {
    let Some(dir) = &app.settings.mosquitto_dir else {
        return;
    };
    if let Err(e) = write_mosquitto(&app.store, dir, None).await {
        tracing::error!("updating Mosquitto files in {}: {e:#}", dir.display());
        return;
    }
    if let Some(pid_file) = &app.settings.mosquitto_pid_file {
        match std::fs::read_to_string(pid_file).map(|s| s.trim().to_string()) {
            Ok(pid) if pid.chars().all(|c| c.is_ascii_digit()) && !pid.is_empty() => {
                let st = tokio::process::Command::new("kill")
                    .arg("-HUP")
                    .arg(&pid)
                    .status()
                    .await;
                if !matches!(st, Ok(s) if s.success()) {
                    tracing::error!("could not signal Mosquitto (pid {pid})");
                }
            }
            _ => tracing::error!("unreadable Mosquitto pid file {}", pid_file.display()),
        }
    }
}

/// Writes the password file for the fleet in `store` and, given a listener
/// (`bind` address, port), `mosquitto.conf` and `acl` too.
pub async fn write_mosquitto(
    store: &Store,
    dir: &std::path::Path,
    listener: Option<(Option<&str>, u16)>,
) -> anyhow::Result<()> {
    let pw = store
        .init_setting(BROKER_PASSWORD_KEY, &crate::secrets::random_hex(18))
        .await?;
    let devices: Vec<(String, String)> = store
        .devices(None)
        .await?
        .into_iter()
        .filter(|d| d.revoked == 0)
        .map(|d| (d.id, d.mqtt_password_hash))
        .collect();
    let server_hash = crate::secrets::mosquitto_hash(&pw);
    match listener {
        Some((bind, port)) => mosquitto::write_files(dir, bind, port, &server_hash, &devices)?,
        None => mosquitto::write_passwords(dir, &server_hash, &devices)?,
    }
    Ok(())
}
