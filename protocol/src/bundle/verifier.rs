//! Verifying a bundle as a stream: fed the file's bytes in chunks of any size, it checks the
//! signature before any file byte is accepted and each file's hash as it ends, holding only
//! the manifest (≤ [`MAX_MANIFEST_SIZE`]) and two sha256 states in RAM — never the files.

use alloc::string::String;
use alloc::vec::Vec;

use sha2::{Digest, Sha256};

use super::error::BundleError;
use super::format::{
    BUNDLE_FORMAT_VERSION, BUNDLE_MAGIC, HEADER_LEN, SIGNATURE_BLOCK_LEN, signed_message,
};
use super::manifest::{FileEntry, Manifest, parse_version};
use crate::keys::{KeyId, TrustedKeys};
use crate::limits::{MAX_BUNDLE_SIZE, MAX_MANIFEST_SIZE};

/// Progress the verifier reports to its caller while it consumes bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerifyEvent<'a> {
    /// The manifest's signature verified with a trusted key and its sequence, size and
    /// interpreter version are acceptable. No file byte was accepted before this.
    ManifestVerified(&'a Manifest),
    /// The bytes of file `index` start.
    FileStart {
        /// Index in `manifest.files`.
        index: usize,
        /// The file.
        entry: &'a FileEntry,
    },
    /// Bytes of file `index` at `offset` within it. Not yet known good: they are checked
    /// when the file ends (write them to an inactive slot, never run them before `finish`).
    FileData {
        /// Index in `manifest.files`.
        index: usize,
        /// Offset of `data` within the file.
        offset: u32,
        /// The bytes.
        data: &'a [u8],
    },
    /// File `index` ended and matched its sha256.
    FileComplete {
        /// Index in `manifest.files`.
        index: usize,
        /// The file.
        entry: &'a FileEntry,
    },
}

/// What a successful verification established.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedBundle {
    /// The signed manifest.
    pub manifest: Manifest,
    /// sha256 of the whole bundle file.
    pub sha256: [u8; 32],
    /// Size of the bundle file.
    pub size: u64,
    /// Id of the key that signed it.
    pub key_id: KeyId,
}

enum Stage {
    /// Collecting the fixed header.
    Header { buf: [u8; HEADER_LEN], have: usize },
    /// Collecting `need` manifest bytes.
    Manifest { buf: Vec<u8>, need: usize },
    /// Collecting the signature block.
    Signature {
        manifest_bytes: Vec<u8>,
        buf: [u8; SIGNATURE_BLOCK_LEN],
        have: usize,
    },
    /// Streaming file `index`, `done` of its bytes seen.
    Files {
        manifest: Manifest,
        key_id: KeyId,
        index: usize,
        done: u32,
        hasher: Sha256,
    },
    /// Every file ended and matched.
    Done { manifest: Manifest, key_id: KeyId },
    /// A refusal happened; it is repeated for every later call.
    Failed(BundleError),
}

/// Verifies a bundle fed in chunks of any size. See the module docs for what it holds.
///
/// ```text
/// let mut v = StreamingVerifier::new(trusted, installed_sequence)
///     .max_bundle_size(slot_size)
///     .interpreter_version("0.1.0")
///     .expected_sha256(desired_sha);
/// for chunk in chunks { v.feed_with(chunk, &mut |ev| write_to_slot(ev))?; }
/// let verified = v.finish()?;   // only now may the slot be marked bootable
/// ```
pub struct StreamingVerifier {
    trusted: TrustedKeys,
    installed_sequence: u64,
    max_bundle_size: u32,
    interpreter: Option<(u32, u32, u32)>,
    interpreter_text: String,
    expected_sha256: Option<[u8; 32]>,
    expected_len: Option<u64>,
    whole: Sha256,
    received: u64,
    /// Bytes before the first file (header + manifest + signature block), once known.
    prefix_len: u64,
    stage: Stage,
}

impl StreamingVerifier {
    /// A verifier accepting bundles signed by `trusted` with a sequence above
    /// `installed_sequence` (0 when nothing is installed), up to [`MAX_BUNDLE_SIZE`].
    pub fn new(trusted: TrustedKeys, installed_sequence: u64) -> Self {
        StreamingVerifier {
            trusted,
            installed_sequence,
            max_bundle_size: MAX_BUNDLE_SIZE,
            interpreter: None,
            interpreter_text: String::new(),
            expected_sha256: None,
            expected_len: None,
            whole: Sha256::new(),
            received: 0,
            prefix_len: 0,
            stage: Stage::Header {
                buf: [0; HEADER_LEN],
                have: 0,
            },
        }
    }

    /// Lowers the size limit (e.g. to the device's slot size). Values above
    /// [`MAX_BUNDLE_SIZE`] are clamped to it.
    pub fn max_bundle_size(mut self, max: u32) -> Self {
        self.max_bundle_size = max.min(MAX_BUNDLE_SIZE);
        self
    }

    /// Refuses manifests whose `min_interpreter` is above `version` (`MAJOR.MINOR.PATCH`).
    /// An unparsable `version` refuses every manifest.
    pub fn interpreter_version(mut self, version: &str) -> Self {
        self.interpreter = Some(parse_version(version).unwrap_or((0, 0, 0)));
        self.interpreter_text = String::from(version);
        self
    }

    /// Requires the whole file to hash to `sha256` (the desired state's), checked in `finish`.
    pub fn expected_sha256(mut self, sha256: [u8; 32]) -> Self {
        self.expected_sha256 = Some(sha256);
        self
    }

    /// Requires the whole file to be exactly `len` bytes (the desired state's `size`).
    /// A `len` above the size limit is refused at the first `feed`.
    pub fn expected_len(mut self, len: u64) -> Self {
        self.expected_len = Some(len);
        self
    }

    /// Bytes consumed so far.
    pub fn received(&self) -> u64 {
        self.received
    }

    /// The verified manifest, once the signature checked.
    pub fn manifest(&self) -> Option<&Manifest> {
        match &self.stage {
            Stage::Files { manifest, .. } | Stage::Done { manifest, .. } => Some(manifest),
            _ => None,
        }
    }

    /// Total size of the bundle as its verified manifest states it.
    pub fn total_len(&self) -> Option<u64> {
        match &self.stage {
            Stage::Files { manifest, .. } | Stage::Done { manifest, .. } => {
                Some(self.prefix_len + manifest.files_size())
            }
            _ => None,
        }
    }

    /// Feeds the next bytes of the bundle, ignoring events.
    pub fn feed(&mut self, data: &[u8]) -> Result<(), BundleError> {
        self.feed_with(data, &mut |_| {})
    }

    /// Feeds the next bytes of the bundle; `on_event` sees the manifest once verified and
    /// every file's bytes as they pass. After an error, every call returns the same error.
    pub fn feed_with(
        &mut self,
        data: &[u8],
        on_event: &mut dyn FnMut(VerifyEvent<'_>),
    ) -> Result<(), BundleError> {
        if let Stage::Failed(e) = &self.stage {
            return Err(e.clone());
        }
        let result = self.step(data, on_event);
        if let Err(e) = &result {
            self.stage = Stage::Failed(e.clone());
        }
        result
    }

    fn limit(&self) -> u64 {
        u64::from(self.max_bundle_size)
    }

    fn step(
        &mut self,
        mut data: &[u8],
        on_event: &mut dyn FnMut(VerifyEvent<'_>),
    ) -> Result<(), BundleError> {
        if let Some(len) = self.expected_len
            && len > self.limit()
        {
            return Err(BundleError::TooLarge {
                size: len,
                max: self.limit(),
            });
        }
        let new_total = self.received.saturating_add(data.len() as u64);
        if new_total > self.limit() {
            return Err(BundleError::TooLarge {
                size: new_total,
                max: self.limit(),
            });
        }
        self.whole.update(data);
        self.received = new_total;

        while !data.is_empty() || self.at_empty_file() {
            let mut all_done = false;
            match &mut self.stage {
                Stage::Header { buf, have } => {
                    let n = (HEADER_LEN - *have).min(data.len());
                    buf[*have..*have + n].copy_from_slice(&data[..n]);
                    *have += n;
                    data = &data[n..];
                    if *have == HEADER_LEN {
                        let need = parse_header(buf)?;
                        self.stage = Stage::Manifest {
                            buf: Vec::with_capacity(need.min(1024)),
                            need,
                        };
                    }
                }
                Stage::Manifest { buf, need } => {
                    let n = (*need - buf.len()).min(data.len());
                    buf.extend_from_slice(&data[..n]);
                    data = &data[n..];
                    if buf.len() == *need {
                        let manifest_bytes = core::mem::take(buf);
                        self.stage = Stage::Signature {
                            manifest_bytes,
                            buf: [0; SIGNATURE_BLOCK_LEN],
                            have: 0,
                        };
                    }
                }
                Stage::Signature {
                    manifest_bytes,
                    buf,
                    have,
                } => {
                    let n = (SIGNATURE_BLOCK_LEN - *have).min(data.len());
                    buf[*have..*have + n].copy_from_slice(&data[..n]);
                    *have += n;
                    data = &data[n..];
                    if *have == SIGNATURE_BLOCK_LEN {
                        let manifest_bytes = core::mem::take(manifest_bytes);
                        let block = *buf;
                        let (manifest, key_id) =
                            self.check_signed_manifest(&manifest_bytes, &block)?;
                        self.prefix_len =
                            (HEADER_LEN + manifest_bytes.len() + SIGNATURE_BLOCK_LEN) as u64;
                        drop(manifest_bytes);
                        on_event(VerifyEvent::ManifestVerified(&manifest));
                        on_event(VerifyEvent::FileStart {
                            index: 0,
                            entry: &manifest.files[0],
                        });
                        self.stage = Stage::Files {
                            manifest,
                            key_id,
                            index: 0,
                            done: 0,
                            hasher: Sha256::new(),
                        };
                    }
                }
                Stage::Files {
                    manifest,
                    index,
                    done,
                    hasher,
                    ..
                } => {
                    let entry = &manifest.files[*index];
                    let n = ((entry.size - *done) as usize).min(data.len());
                    if n > 0 {
                        hasher.update(&data[..n]);
                        on_event(VerifyEvent::FileData {
                            index: *index,
                            offset: *done,
                            data: &data[..n],
                        });
                        *done += n as u32;
                        data = &data[n..];
                    }
                    if *done == entry.size {
                        let digest: [u8; 32] = core::mem::take(hasher).finalize().into();
                        if digest != entry.sha256 {
                            return Err(BundleError::FileHashMismatch {
                                path: entry.path.clone(),
                            });
                        }
                        on_event(VerifyEvent::FileComplete {
                            index: *index,
                            entry,
                        });
                        if *index + 1 < manifest.files.len() {
                            *index += 1;
                            *done = 0;
                            on_event(VerifyEvent::FileStart {
                                index: *index,
                                entry: &manifest.files[*index],
                            });
                        } else {
                            all_done = true;
                        }
                    }
                }
                Stage::Done { .. } => {
                    return Err(BundleError::Malformed("data after the last file"));
                }
                Stage::Failed(e) => return Err(e.clone()),
            }
            if all_done {
                let stage = core::mem::replace(
                    &mut self.stage,
                    Stage::Failed(BundleError::Malformed("internal state")),
                );
                if let Stage::Files {
                    manifest, key_id, ..
                } = stage
                {
                    self.stage = Stage::Done { manifest, key_id };
                }
            }
        }
        Ok(())
    }

    /// Whether the current file is empty and still to be completed (empty files consume no
    /// bytes, so the loop must visit them without data).
    fn at_empty_file(&self) -> bool {
        matches!(&self.stage, Stage::Files { manifest, index, done: 0, .. } if manifest.files[*index].size == 0)
    }

    fn check_signed_manifest(
        &self,
        manifest_bytes: &[u8],
        block: &[u8; SIGNATURE_BLOCK_LEN],
    ) -> Result<(Manifest, KeyId), BundleError> {
        let manifest = Manifest::decode(manifest_bytes)?;
        let mut id = [0u8; 8];
        id.copy_from_slice(&block[..8]);
        let key_id = KeyId(id);
        let mut sig = [0u8; 64];
        sig.copy_from_slice(&block[8..]);
        let key = self
            .trusted
            .get(&key_id)
            .ok_or(BundleError::UnknownKey { key_id })?;
        if !key.verify(&signed_message(manifest_bytes), &sig) {
            return Err(BundleError::BadSignature);
        }
        // Signed, so the manifest's claims can now be trusted and checked.
        if manifest.key_id != key_id {
            return Err(BundleError::Malformed(
                "manifest key id differs from the signature's",
            ));
        }
        let total = (HEADER_LEN + manifest_bytes.len() + SIGNATURE_BLOCK_LEN) as u64
            + manifest.files_size();
        if total > self.limit() {
            return Err(BundleError::TooLarge {
                size: total,
                max: self.limit(),
            });
        }
        if let Some(len) = self.expected_len
            && len != total
        {
            return Err(BundleError::Malformed(
                "bundle size differs from the announced size",
            ));
        }
        if manifest.sequence <= self.installed_sequence {
            return Err(BundleError::SequenceNotNewer {
                got: manifest.sequence,
                installed: self.installed_sequence,
            });
        }
        if let Some(have) = self.interpreter {
            // `validate` guaranteed min_interpreter parses.
            let need = parse_version(&manifest.min_interpreter).unwrap_or((u32::MAX, 0, 0));
            if need > have {
                return Err(BundleError::InterpreterTooOld {
                    required: manifest.min_interpreter.clone(),
                    have: self.interpreter_text.clone(),
                });
            }
        }
        Ok((manifest, key_id))
    }

    /// Ends the stream: Ok only if every file arrived and matched, nothing followed, and the
    /// whole file hashed to the expected sha256 (when one was given).
    pub fn finish(self) -> Result<VerifiedBundle, BundleError> {
        let (manifest, key_id) = match self.stage {
            Stage::Failed(e) => return Err(e),
            Stage::Done { manifest, key_id } => (manifest, key_id),
            Stage::Files { manifest, .. } => {
                return Err(BundleError::Truncated {
                    received: self.received,
                    expected: self.prefix_len + manifest.files_size(),
                });
            }
            _ => {
                return Err(BundleError::Truncated {
                    received: self.received,
                    expected: 0,
                });
            }
        };
        let sha256: [u8; 32] = self.whole.finalize().into();
        if let Some(expected) = self.expected_sha256
            && expected != sha256
        {
            return Err(BundleError::BundleHashMismatch);
        }
        Ok(VerifiedBundle {
            manifest,
            sha256,
            size: self.received,
            key_id,
        })
    }
}

/// Checks the fixed header and returns the manifest length.
pub(crate) fn parse_header(h: &[u8; HEADER_LEN]) -> Result<usize, BundleError> {
    if h[0..4] != BUNDLE_MAGIC {
        return Err(BundleError::Malformed("not a Pyrite bundle (bad magic)"));
    }
    if u16::from_be_bytes([h[4], h[5]]) != BUNDLE_FORMAT_VERSION {
        return Err(BundleError::Malformed("unsupported bundle format version"));
    }
    let len = u32::from_be_bytes([h[6], h[7], h[8], h[9]]) as usize;
    if len == 0 {
        return Err(BundleError::Malformed("empty manifest"));
    }
    if len > MAX_MANIFEST_SIZE {
        return Err(BundleError::TooLarge {
            size: len as u64,
            max: MAX_MANIFEST_SIZE as u64,
        });
    }
    Ok(len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_stays_small() {
        // 432 bytes on thumbv7em-none-eabihf (PROTOCOL.md §13); the host's 64-bit layout is
        // larger. Guard against an accidental buffer growing the state.
        let size = core::mem::size_of::<StreamingVerifier>();
        assert!(size <= 640, "StreamingVerifier is {size} bytes");
    }
}
