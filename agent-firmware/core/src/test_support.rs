//! Bundles for the agent's tests, built with the protocol's builder.

use alloc::vec::Vec;

use pyrite_protocol::bundle::BundleBuilder;
use pyrite_protocol::bundle::format::HEADER_LEN;
use pyrite_protocol::keys::SecretKey;

/// A signed bundle of `files` (the first one is the entry point).
pub fn build_bundle(
    key: &SecretKey,
    app: &str,
    version: &str,
    sequence: u64,
    files: &[(&str, &[u8])],
) -> Vec<u8> {
    let mut b = BundleBuilder::new(app, version, sequence);
    for (path, bytes) in files {
        b.add_file(*path, bytes.to_vec()).expect("valid test file");
    }
    b.entry(files[0].0);
    b.sign(key).expect("valid test bundle")
}

/// Offset of the first signature byte in a bundle.
pub fn signature_offset(bundle: &[u8]) -> usize {
    let manifest_len = u32::from_be_bytes([bundle[6], bundle[7], bundle[8], bundle[9]]) as usize;
    HEADER_LEN + manifest_len + 8
}
