//! Adapter to the protocol crate's bundle format: verification of an
//! uploaded bundle and building + signing one from files.

use pyrite_protocol::bundle::{self, BundleBuilder};
use pyrite_protocol::keys::{PublicKey, SecretKey, TrustedKeys};

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

/// Verifies a whole bundle (signature by a trusted key, every file hash,
/// layout and limits). The error is the protocol's refusal, one line.
pub fn verify(bytes: &[u8], trusted: &[PublicKey]) -> Result<VerifiedBundle, String> {
    let keys = TrustedKeys::new(trusted.iter().copied()).map_err(|e| e.to_string())?;
    let v =
        bundle::verify(bytes, &keys, 0).map_err(|e| format!("{} ({})", e, e.reason().code()))?;
    Ok(VerifiedBundle {
        app: v.manifest.app.clone(),
        version: v.manifest.version.clone(),
        sequence: v.manifest.sequence,
        key_id: v.key_id.to_string(),
        manifest_json: serde_json::to_string(&v.manifest).map_err(|e| e.to_string())?,
    })
}

/// Builds and signs a bundle.
pub fn build(
    app: &str,
    version: &str,
    entry: &str,
    sequence: u64,
    files: Vec<(String, Vec<u8>)>,
    key: &SecretKey,
) -> Result<Vec<u8>, String> {
    let mut b = BundleBuilder::new(app, version, sequence);
    b.entry(entry)
        .created_at(chrono::Utc::now().timestamp().max(0) as u64);
    for (path, bytes) in files {
        b.add_file(path.clone(), bytes)
            .map_err(|e| format!("{path}: {e}"))?;
    }
    b.sign(key).map_err(|e| e.to_string())
}

/// A human-readable description of a bundle (manifest, files), unverified.
pub fn inspect(bytes: &[u8]) -> Result<String, String> {
    bundle::inspect(bytes)
        .map(|v| v.to_string())
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: u8) -> SecretKey {
        SecretKey::from_seed(&[n; 32])
    }

    #[test]
    fn build_then_verify_and_refusals() {
        let k = key(1);
        let bytes = build(
            "demo",
            "1.0",
            "main.py",
            3,
            vec![("main.py".into(), b"print(1)".to_vec())],
            &k,
        )
        .unwrap();
        let v = verify(&bytes, &[k.public_key()]).unwrap();
        assert_eq!(
            (v.app.as_str(), v.version.as_str(), v.sequence),
            ("demo", "1.0", 3)
        );
        assert!(v.manifest_json.contains("main.py"));
        assert!(
            verify(&bytes, &[key(2).public_key()])
                .unwrap_err()
                .contains("unknown_key")
        );
        let mut bad = bytes.clone();
        let last = bad.len() - 1;
        bad[last] ^= 1;
        assert!(verify(&bad, &[k.public_key()]).is_err());
        assert!(verify(b"garbage", &[k.public_key()]).is_err());
        assert!(inspect(&bytes).unwrap().contains("demo"));
    }
}
