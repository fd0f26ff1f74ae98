//! Bundle verification as the agent uses it: the protocol's streaming
//! verifier fed chunk by chunk (during a download, or from a slot at boot),
//! with refusals mapped to what the agent reports, and the files of a
//! verified bundle collected when it is loaded to run.

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use pyrite_protocol::bundle::{BundleError, StreamingVerifier, VerifyEvent};
use pyrite_protocol::keys::TrustedKeys;
use pyrite_protocol::messages::RefusalReason;

use crate::metadata::Digest;

/// Why a bundle was refused, as reported to the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// Machine-readable reason.
    pub reason: RefusalReason,
    /// Human-readable detail.
    pub detail: String,
}

impl Refusal {
    /// A refusal with a detail text.
    pub fn new(reason: RefusalReason, detail: impl Into<String>) -> Self {
        Refusal {
            reason,
            detail: detail.into(),
        }
    }
}

impl From<BundleError> for Refusal {
    fn from(e: BundleError) -> Self {
        Refusal {
            reason: e.reason(),
            detail: e.to_string(),
        }
    }
}

/// What the agent needs from a verified manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestSummary {
    /// App name.
    pub app: String,
    /// Version string.
    pub version: String,
    /// Anti-rollback sequence.
    pub sequence: u64,
    /// Path of the entry point.
    pub entry: String,
}

/// A verified bundle's content, ready to run.
#[derive(Debug, Clone)]
pub struct LoadedBundle {
    /// Its manifest.
    pub manifest: ManifestSummary,
    /// Files by path.
    pub files: BTreeMap<String, Vec<u8>>,
}

/// A bundle's files by path.
pub type BundleFiles = BTreeMap<String, Vec<u8>>;

/// A bundle being verified as its bytes arrive.
pub struct BundleStream {
    verifier: StreamingVerifier,
    /// Files collected when loading to run (never during a download).
    files: Option<BTreeMap<String, Vec<u8>>>,
    /// Path of the file whose bytes are streaming (they may span feeds).
    current: Option<String>,
}

impl BundleStream {
    /// Verifies a bundle of `len` bytes whose whole-file SHA-256 must be
    /// `digest`, signed by one of `keys`, with a sequence above `installed_sequence`,
    /// runnable by interpreter version `interpreter`.
    pub fn new(
        keys: TrustedKeys,
        installed_sequence: u64,
        len: u32,
        digest: Digest,
        interpreter: &str,
    ) -> Self {
        let verifier = StreamingVerifier::new(keys, installed_sequence)
            .max_bundle_size(len)
            .interpreter_version(interpreter)
            .expected_len(u64::from(len))
            .expected_sha256(digest);
        BundleStream {
            verifier,
            files: None,
            current: None,
        }
    }

    /// Also keeps every file's bytes (to run the bundle once verified).
    pub fn collecting_files(mut self) -> Self {
        self.files = Some(BTreeMap::new());
        self
    }

    /// Feeds the next bytes.
    pub fn feed(&mut self, data: &[u8]) -> Result<(), Refusal> {
        match &mut self.files {
            None => self.verifier.feed(data)?,
            Some(files) => {
                let current = &mut self.current;
                self.verifier.feed_with(data, &mut |ev| match ev {
                    VerifyEvent::FileStart { entry, .. } => {
                        files.insert(entry.path.clone(), Vec::with_capacity(entry.size as usize));
                        *current = Some(entry.path.clone());
                    }
                    VerifyEvent::FileData { data, .. } => {
                        if let Some(bytes) = current.as_ref().and_then(|p| files.get_mut(p)) {
                            bytes.extend_from_slice(data);
                        }
                    }
                    _ => {}
                })?
            }
        }
        Ok(())
    }

    /// Ends the stream: the bundle verified completely, or why not.
    pub fn finish(self) -> Result<(ManifestSummary, Option<BundleFiles>), Refusal> {
        let verified = self.verifier.finish()?;
        let m = verified.manifest;
        Ok((
            ManifestSummary {
                app: m.app,
                version: m.version,
                sequence: m.sequence,
                entry: m.entry,
            },
            self.files,
        ))
    }
}

/// Hex of a digest.
pub fn digest_hex(d: &Digest) -> String {
    pyrite_protocol::keys::to_hex(d)
}
