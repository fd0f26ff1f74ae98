//! Whole-bundle operations on bytes in memory: [`inspect`] (parse, no trust) and [`verify`]
//! (the streaming verifier run over the whole buffer).

use alloc::vec::Vec;
use core::fmt;
use core::ops::Range;

use sha2::{Digest, Sha256};

use super::error::BundleError;
use super::format::{HEADER_LEN, SIGNATURE_BLOCK_LEN};
use super::manifest::{FileEntry, Manifest};
use super::verifier::{StreamingVerifier, VerifiedBundle, parse_header};
use crate::keys::{KeyId, TrustedKeys};

/// A parsed bundle borrowing its bytes. From [`inspect`] it is NOT verified: only well-formed.
#[derive(Debug, Clone)]
pub struct BundleView<'a> {
    /// The manifest.
    pub manifest: Manifest,
    /// The manifest's canonical bytes.
    pub manifest_bytes: &'a [u8],
    /// Key id in the signature block.
    pub key_id: KeyId,
    /// The signature.
    pub signature: [u8; 64],
    /// sha256 of the whole bundle file.
    pub sha256: [u8; 32],
    /// Size of the bundle file.
    pub size: usize,
    bytes: &'a [u8],
    ranges: Vec<Range<usize>>,
}

impl<'a> BundleView<'a> {
    /// Each file with its bytes, in manifest order.
    pub fn files(&self) -> impl Iterator<Item = (&FileEntry, &'a [u8])> + '_ {
        let bytes = self.bytes;
        self.manifest
            .files
            .iter()
            .zip(self.ranges.iter())
            .map(move |(e, r)| (e, &bytes[r.clone()]))
    }

    /// The bytes of the file at `path`.
    pub fn file(&self, path: &str) -> Option<&'a [u8]> {
        let i = self.manifest.files.iter().position(|f| f.path == path)?;
        Some(&self.bytes[self.ranges[i].clone()])
    }

    /// Whether every file's bytes match their sha256 (an inspection-time check; [`verify`]
    /// does it as part of verification).
    pub fn files_match(&self) -> bool {
        self.files()
            .all(|(e, b)| <[u8; 32]>::from(Sha256::digest(b)) == e.sha256)
    }
}

/// Parses a bundle without checking the signature or hashes (for `bundle inspect`, and for
/// loading a bundle that was verified when it was installed). Refuses a malformed layout.
pub fn inspect(bytes: &[u8]) -> Result<BundleView<'_>, BundleError> {
    if bytes.len() < HEADER_LEN {
        return Err(BundleError::Truncated {
            received: bytes.len() as u64,
            expected: 0,
        });
    }
    let mut header = [0u8; HEADER_LEN];
    header.copy_from_slice(&bytes[..HEADER_LEN]);
    let mlen = parse_header(&header)?;
    let sig_start = HEADER_LEN + mlen;
    let files_start = sig_start + SIGNATURE_BLOCK_LEN;
    if bytes.len() < files_start {
        return Err(BundleError::Truncated {
            received: bytes.len() as u64,
            expected: 0,
        });
    }
    let manifest_bytes = &bytes[HEADER_LEN..sig_start];
    let manifest = Manifest::decode(manifest_bytes)?;
    let mut id = [0u8; 8];
    id.copy_from_slice(&bytes[sig_start..sig_start + 8]);
    let mut signature = [0u8; 64];
    signature.copy_from_slice(&bytes[sig_start + 8..files_start]);
    let expected = files_start as u64 + manifest.files_size();
    if (bytes.len() as u64) < expected {
        return Err(BundleError::Truncated {
            received: bytes.len() as u64,
            expected,
        });
    }
    if (bytes.len() as u64) > expected {
        return Err(BundleError::Malformed("data after the last file"));
    }
    let mut ranges = Vec::with_capacity(manifest.files.len());
    let mut at = files_start;
    for f in &manifest.files {
        let end = at + f.size as usize;
        ranges.push(at..end);
        at = end;
    }
    Ok(BundleView {
        manifest,
        manifest_bytes,
        key_id: KeyId(id),
        signature,
        sha256: Sha256::digest(bytes).into(),
        size: bytes.len(),
        bytes,
        ranges,
    })
}

/// Verifies a whole bundle in memory: same checks, same errors as the streaming verifier.
pub fn verify(
    bytes: &[u8],
    trusted: &TrustedKeys,
    installed_sequence: u64,
) -> Result<VerifiedBundle, BundleError> {
    let mut v = StreamingVerifier::new(trusted.clone(), installed_sequence);
    v.feed(bytes)?;
    v.finish()
}

impl fmt::Display for BundleView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "bundle:          {} bytes", self.size)?;
        writeln!(f, "sha256:          {}", crate::keys::to_hex(&self.sha256))?;
        write!(f, "{}", self.manifest)?;
        writeln!(
            f,
            "signature:       by key {} (not checked by inspect)",
            self.key_id
        )?;
        if !self.files_match() {
            writeln!(f, "WARNING:         file bytes do not match their hashes")?;
        }
        Ok(())
    }
}
