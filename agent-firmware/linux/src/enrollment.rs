//! Enrolling once over HTTP and keeping the credentials in the state folder.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use pyrite_protocol::enroll::{ENROLL_PATH, EnrollRequest, EnrollResponse};
use pyrite_protocol::{DeviceId, PROTOCOL_VERSION, messages};
use serde::{Deserialize, Serialize};

/// What a device keeps after enrolling (`credentials.json` in its state folder).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Credentials {
    /// Base URL of the server it enrolled with.
    pub server: String,
    /// The server's answer: broker, MQTT credentials, trusted keys.
    pub enrollment: EnrollResponse,
}

impl Credentials {
    /// Broker host: the one enrollment named, else the server URL's host.
    pub fn broker_host(&self) -> anyhow::Result<String> {
        if let Some(h) = &self.enrollment.mqtt.host {
            return Ok(h.clone());
        }
        let url = reqwest::Url::parse(&self.server)
            .with_context(|| format!("server URL {:?}", self.server))?;
        match url.host_str() {
            Some(h) => Ok(h.trim_start_matches('[').trim_end_matches(']').to_string()),
            None => bail!("server URL {:?} has no host", self.server),
        }
    }
}

/// File name of the credentials inside a state folder.
pub const CREDENTIALS_FILE: &str = "credentials.json";

fn credentials_path(state_dir: &Path) -> PathBuf {
    state_dir.join(CREDENTIALS_FILE)
}

/// Loads saved credentials, `None` when the device never enrolled.
pub fn load(state_dir: &Path) -> anyhow::Result<Option<Credentials>> {
    let path = credentials_path(state_dir);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    let creds: Credentials =
        serde_json::from_slice(&bytes).with_context(|| format!("parsing {}", path.display()))?;
    Ok(Some(creds))
}

/// Saves credentials atomically (temporary file, fsync, rename), readable
/// by the owner only: they hold the MQTT password.
pub fn save(state_dir: &Path, creds: &Credentials) -> anyhow::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::create_dir_all(state_dir)
        .with_context(|| format!("creating {}", state_dir.display()))?;
    let path = credentials_path(state_dir);
    let tmp = state_dir.join(format!("{CREDENTIALS_FILE}.tmp"));
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&tmp)
        .with_context(|| format!("writing {}", tmp.display()))?;
    f.write_all(&serde_json::to_vec_pretty(creds)?)?;
    f.sync_all()?;
    std::fs::rename(&tmp, &path).with_context(|| format!("renaming to {}", path.display()))?;
    if let Ok(dir) = std::fs::File::open(state_dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// Records a rotated trusted key set in the saved credentials, so the next
/// start trusts it (logs and carries on when there is nothing to update).
pub fn save_trusted_keys(
    state_dir: &Path,
    keys: &pyrite_protocol::keys::TrustedKeys,
    sequence: u64,
) {
    let result = (|| -> anyhow::Result<()> {
        let Some(mut creds) = load(state_dir)? else {
            return Ok(());
        };
        creds.enrollment.trusted_keys = keys.keys().to_vec();
        creds.enrollment.key_set_sequence = sequence;
        save(state_dir, &creds)
    })();
    if let Err(e) = result {
        tracing::error!(
            "saving the rotated key set in {}: {e:#}",
            state_dir.display()
        );
    }
}

/// `POST {server}/api/v1/enroll`.
pub async fn enroll(
    http: &reqwest::Client,
    server: &str,
    token: &str,
    id: &DeviceId,
) -> anyhow::Result<Credentials> {
    let request = EnrollRequest {
        device_id: id.clone(),
        enroll_token: token.to_string(),
        agent_version: env!("CARGO_PKG_VERSION").to_string(),
        interpreter_version: pyrite::VERSION.to_string(),
        protocol: PROTOCOL_VERSION,
    };
    let url = format!("{}{ENROLL_PATH}", server.trim_end_matches('/'));
    let body = messages::encode(&request)?;
    let resp = http
        .post(&url)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .with_context(|| format!("POST {url}"))?;
    let status = resp.status();
    let bytes = resp
        .bytes()
        .await
        .with_context(|| format!("reading the answer of {url}"))?;
    if !status.is_success() {
        let text = String::from_utf8_lossy(&bytes);
        bail!("enrollment refused by {url}: {status}: {}", text.trim());
    }
    let enrollment =
        messages::decode_enroll_response(&bytes).with_context(|| format!("answer of {url}"))?;
    if enrollment.device_id != *id {
        bail!("server enrolled {} instead of {id}", enrollment.device_id);
    }
    if enrollment.trusted_keys.is_empty() {
        bail!("server sent no trusted key: this device could never accept a bundle");
    }
    Ok(Credentials {
        server: server.trim_end_matches('/').to_string(),
        enrollment,
    })
}

/// Saved credentials, or a fresh enrollment saved for next time.
pub async fn load_or_enroll(
    http: &reqwest::Client,
    state_dir: &Path,
    server: &str,
    token: Option<&str>,
    id: &DeviceId,
) -> anyhow::Result<Credentials> {
    if let Some(c) = load(state_dir)? {
        if c.enrollment.device_id != *id {
            bail!(
                "{} holds the credentials of {}, not {id}; use another --state folder",
                state_dir.display(),
                c.enrollment.device_id
            );
        }
        return Ok(c);
    }
    let Some(token) = token else {
        bail!(
            "{} has no credentials yet: pass --enroll-token to enroll",
            state_dir.display()
        );
    };
    let creds = enroll(http, server, token, id).await?;
    save(state_dir, &creds)?;
    Ok(creds)
}
