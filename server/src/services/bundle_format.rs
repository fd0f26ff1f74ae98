//! Adapter to the protocol crate's bundle format: verification of an
//! uploaded bundle and building + signing one from files.

use pyrite_protocol::keys::{PublicKey, SecretKey};

/// What the server records about a verified bundle.
#[derive(Debug, Clone)]
pub struct VerifiedBundle {
    /// App name.
    pub app: String,
    /// Version string.
    pub version: String,
    /// Anti-rollback sequence.
    pub sequence: u64,
    /// Id of the signing key.
    pub key_id: String,
    /// The manifest as JSON.
    pub manifest_json: String,
}

/// Verifies a whole bundle against trusted keys.
pub fn verify(_bytes: &[u8], _trusted: &[PublicKey]) -> Result<VerifiedBundle, String> {
    Err("bundle verification is not available in this build yet".into())
}

/// Builds and signs a bundle.
pub fn build(
    _app: &str,
    _version: &str,
    _entry: &str,
    _sequence: u64,
    _files: Vec<(String, Vec<u8>)>,
    _key: &SecretKey,
) -> Result<Vec<u8>, String> {
    Err("bundle building is not available in this build yet".into())
}

/// A human-readable description of a bundle (manifest, files), unverified.
pub fn inspect(_bytes: &[u8]) -> Result<String, String> {
    Err("bundle inspection is not available in this build yet".into())
}
