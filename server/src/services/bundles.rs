//! Bundles: upload of signed bundles (verified against the fleet's trusted
//! keys before anything is stored), building and signing from files with
//! the server's key, listing, inspecting and deleting.

use super::bundle_format;
use super::events::Emit;
use crate::app::App;
use crate::error::ApiError;
use crate::store::BundleRow;
use serde::Deserialize;

/// Stores a signed bundle after verifying it. Returns its row and whether it was new.
pub async fn upload(app: &App, bytes: &[u8]) -> Result<(BundleRow, bool), ApiError> {
    let trusted = super::devices::trusted_keys(&app.store).await?;
    if trusted.is_empty() {
        return Err(ApiError::BundleRejected(
            "the fleet trusts no key yet (`pyrite-fleet keys trust NAME.pub`)".into(),
        ));
    }
    let info = bundle_format::verify(bytes, &trusted).map_err(ApiError::BundleRejected)?;
    let sha = app.bundles.put(bytes).await?;
    // Also in the database: another server sharing it serves chunks from there.
    app.store.put_bundle_blob(&sha, bytes).await?;
    let row = BundleRow {
        sha256: sha,
        app: info.app,
        version: info.version,
        sequence: i64::try_from(info.sequence)
            .map_err(|_| ApiError::BundleRejected("sequence too large".into()))?,
        size: bytes.len() as i64,
        key_id: info.key_id,
        manifest: info.manifest_json,
        created_at: crate::store::now_ms(),
    };
    let new = app.store.insert_bundle(&row).await?;
    if new {
        tracing::info!(sha = %row.sha256, app = %row.app, version = %row.version, "bundle stored");
    }
    let stored = app.store.bundle(&row.sha256).await?.unwrap_or(row);
    if new {
        app.events.emit(Emit::Bundle {
            change: "uploaded".into(),
            bundle: stored.clone(),
        });
    }
    Ok((stored, new))
}

/// One file of a bundle to build.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct BuildFile {
    /// Path inside the bundle (`main.py`, `lib/x.py`).
    pub path: String,
    /// File content, base64.
    pub content_base64: String,
}

/// A request to build and sign a bundle with the server's key.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct BuildRequest {
    /// App name.
    pub app: String,
    /// Version string (default: a timestamp).
    #[serde(default)]
    pub version: Option<String>,
    /// Entry point (default `main.py`).
    #[serde(default)]
    pub entry: Option<String>,
    /// Sequence (default: one above the highest stored for this app).
    #[serde(default)]
    pub sequence: Option<u64>,
    /// The files.
    pub files: Vec<BuildFile>,
}

/// Builds, signs (server key) and stores a bundle.
pub async fn build(app: &App, req: BuildRequest) -> Result<(BundleRow, bool), ApiError> {
    use base64::Engine;
    let Some(key) = &app.server_key else {
        return Err(ApiError::Unavailable(
            "this server holds no signing key (--no-server-key): build and sign the bundle yourself".into(),
        ));
    };
    let mut files = Vec::with_capacity(req.files.len());
    for f in req.files {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(f.content_base64.as_bytes())
            .map_err(|_| ApiError::invalid(format!("file {}: content is not base64", f.path)))?;
        files.push((f.path, bytes));
    }
    let sequence = match req.sequence {
        Some(s) => s,
        // Above every stored build of the app, and at least the Unix time as
        // `bundle build` uses, so a server-built bundle is newer than one built offline earlier.
        None => (app.store.max_sequence(&req.app).await?.max(0) as u64 + 1)
            .max(chrono::Utc::now().timestamp().max(1) as u64),
    };
    let version = req
        .version
        .unwrap_or_else(|| chrono::Utc::now().format("%Y%m%d.%H%M%S").to_string());
    let entry = req.entry.unwrap_or_else(|| "main.py".into());
    let bytes = bundle_format::build(&req.app, &version, &entry, sequence, files, key)
        .map_err(ApiError::invalid)?;
    upload(app, &bytes).await
}

/// Makes sure the bundle file is in this server's data folder, copying it
/// from the database (stored there by whichever server received it).
/// Returns false when neither has it.
pub async fn ensure_local(app: &App, sha: &str) -> Result<bool, ApiError> {
    if app.bundles.exists(sha).await {
        return Ok(true);
    }
    match app.store.bundle_blob(sha).await? {
        Some(bytes) if super::bundle_files::sha256_hex(&bytes) == sha => {
            app.bundles.put(&bytes).await?;
            tracing::info!(sha, "bundle file copied from the database");
            Ok(true)
        }
        Some(_) => {
            tracing::error!(sha, "stored bundle bytes do not match their hash");
            Ok(false)
        }
        None => Ok(false),
    }
}

/// Deletes a bundle unless a device or an unfinished rollout still wants it.
pub async fn delete(app: &App, sha: &str) -> Result<(), ApiError> {
    let Some(row) = app.store.bundle(sha).await? else {
        return Err(ApiError::NotFound(format!("bundle {sha}")));
    };
    if app.store.bundle_in_use(sha).await? {
        return Err(ApiError::Conflict(format!(
            "bundle {sha} is in use by a device's desired state or a rollout"
        )));
    }
    app.store.delete_bundle(sha).await?;
    app.bundles.delete(sha).await?;
    app.events.emit(Emit::Bundle {
        change: "deleted".into(),
        bundle: row,
    });
    Ok(())
}
