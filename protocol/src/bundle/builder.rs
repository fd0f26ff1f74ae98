//! Building and signing a bundle from files in memory.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use sha2::{Digest, Sha256};

use super::error::BundleError;
use super::format::{BUNDLE_FORMAT_VERSION, BUNDLE_MAGIC, signed_message};
use super::manifest::{FileEntry, Manifest, validate_path};
use crate::keys::SecretKey;
use crate::limits::{MAX_BUNDLE_SIZE, MAX_FILES};

/// Default entry point.
pub const DEFAULT_ENTRY: &str = "main.py";
/// Default minimum interpreter version.
pub const DEFAULT_MIN_INTERPRETER: &str = "0.1.0";

/// Collects files and manifest fields, then signs: `BundleBuilder::new(app, version, seq)`,
/// `add_file` for each file, `sign(&key)` → the bundle file's bytes.
#[derive(Debug, Clone)]
pub struct BundleBuilder {
    app: String,
    version: String,
    sequence: u64,
    entry: String,
    min_interpreter: String,
    created_at: u64,
    files: BTreeMap<String, Vec<u8>>,
}

impl BundleBuilder {
    /// A builder with entry `main.py`, min interpreter `0.1.0` and created-at 0 (set it with
    /// [`BundleBuilder::created_at`]: the no_std core has no clock).
    pub fn new(app: impl Into<String>, version: impl Into<String>, sequence: u64) -> Self {
        BundleBuilder {
            app: app.into(),
            version: version.into(),
            sequence,
            entry: String::from(DEFAULT_ENTRY),
            min_interpreter: String::from(DEFAULT_MIN_INTERPRETER),
            created_at: 0,
            files: BTreeMap::new(),
        }
    }

    /// Sets the entry point path.
    pub fn entry(&mut self, path: impl Into<String>) -> &mut Self {
        self.entry = path.into();
        self
    }

    /// Sets the minimum interpreter version (`MAJOR.MINOR.PATCH`).
    pub fn min_interpreter(&mut self, version: impl Into<String>) -> &mut Self {
        self.min_interpreter = version.into();
        self
    }

    /// Sets the creation time (Unix seconds).
    pub fn created_at(&mut self, unix_seconds: u64) -> &mut Self {
        self.created_at = unix_seconds;
        self
    }

    /// Adds a file. Refuses a path that breaks the rules, a duplicate, or a file over the
    /// bundle limit.
    pub fn add_file(
        &mut self,
        path: impl Into<String>,
        bytes: impl Into<Vec<u8>>,
    ) -> Result<&mut Self, BundleError> {
        let path = path.into();
        validate_path(&path)?;
        let bytes = bytes.into();
        if bytes.len() as u64 > u64::from(MAX_BUNDLE_SIZE) {
            return Err(BundleError::TooLarge {
                size: bytes.len() as u64,
                max: u64::from(MAX_BUNDLE_SIZE),
            });
        }
        if self.files.contains_key(&path) {
            return Err(BundleError::Malformed("duplicate path"));
        }
        if self.files.len() >= MAX_FILES {
            return Err(BundleError::Malformed("too many files"));
        }
        self.files.insert(path, bytes);
        Ok(self)
    }

    /// The manifest this builder would sign with `key`.
    pub fn manifest(&self, key: &SecretKey) -> Manifest {
        Manifest {
            app: self.app.clone(),
            version: self.version.clone(),
            sequence: self.sequence,
            entry: self.entry.clone(),
            min_interpreter: self.min_interpreter.clone(),
            created_at: self.created_at,
            key_id: key.public_key().id(),
            files: self
                .files
                .iter()
                .map(|(path, bytes)| FileEntry {
                    path: path.clone(),
                    size: bytes.len() as u32,
                    sha256: Sha256::digest(bytes).into(),
                })
                .collect(),
        }
    }

    /// Signs and lays out the bundle file.
    pub fn sign(&self, key: &SecretKey) -> Result<Vec<u8>, BundleError> {
        let manifest = self.manifest(key);
        let manifest_bytes = manifest.encode()?;
        let total = manifest.bundle_size(manifest_bytes.len());
        if total > u64::from(MAX_BUNDLE_SIZE) {
            return Err(BundleError::TooLarge {
                size: total,
                max: u64::from(MAX_BUNDLE_SIZE),
            });
        }
        let signature = key.sign(&signed_message(&manifest_bytes));
        let mut out = Vec::with_capacity(total as usize);
        out.extend_from_slice(&BUNDLE_MAGIC);
        out.extend_from_slice(&BUNDLE_FORMAT_VERSION.to_be_bytes());
        out.extend_from_slice(&(manifest_bytes.len() as u32).to_be_bytes());
        out.extend_from_slice(&manifest_bytes);
        out.extend_from_slice(&manifest.key_id.0);
        out.extend_from_slice(&signature);
        for bytes in self.files.values() {
            out.extend_from_slice(bytes);
        }
        Ok(out)
    }
}
