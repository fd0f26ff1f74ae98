//! Constants of the bundle container layout (see `PROTOCOL.md` §13).
//!
//! ```text
//! 0     4   magic "PYRB"
//! 4     2   container format version = 1 (u16 BE)
//! 6     4   M = manifest length (u32 BE), 1..=MAX_MANIFEST_SIZE
//! 10    M   manifest, canonical bytes
//! 10+M  8   key id of the signing key
//! 18+M  64  Ed25519 signature over SIGNATURE_CONTEXT || manifest
//! 82+M  ..  file bytes, concatenated in manifest order; nothing after
//! ```

/// First four bytes of a bundle file.
pub const BUNDLE_MAGIC: [u8; 4] = *b"PYRB";
/// Container format version this crate writes and reads.
pub const BUNDLE_FORMAT_VERSION: u16 = 1;
/// Bytes before the manifest: magic, version, manifest length.
pub const HEADER_LEN: usize = 10;
/// Bytes of the signature block: key id + Ed25519 signature.
pub const SIGNATURE_BLOCK_LEN: usize = 8 + 64;
/// Domain-separation prefix of the signed message (17 bytes, ending in NUL), so a bundle
/// signature can never be taken for a key-rotation signature or anything else.
pub const SIGNATURE_CONTEXT: &[u8] = b"pyrite-bundle-v1\0";

/// The exact bytes an Ed25519 bundle signature covers.
pub fn signed_message(manifest: &[u8]) -> alloc::vec::Vec<u8> {
    let mut m = alloc::vec::Vec::with_capacity(SIGNATURE_CONTEXT.len() + manifest.len());
    m.extend_from_slice(SIGNATURE_CONTEXT);
    m.extend_from_slice(manifest);
    m
}
