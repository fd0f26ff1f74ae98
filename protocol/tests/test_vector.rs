//! The test vector of PROTOCOL.md appendix A: a third party's encoder must produce these
//! exact bytes (Ed25519 signatures are deterministic), and its decoder must accept them.

use pyrite_protocol::bundle::{BundleBuilder, verify};
use pyrite_protocol::keys::{PublicKey, SecretKey, TrustedKeys, to_hex};

const PUBLIC_KEY: &str = "pyrite-ed25519-pub:iojj3XQJ8ZX9UtstPLpdcspnCb8dlBIb83SIAbQPb1w=";
const KEY_ID: &str = "34750f98bd59fcfc";
const BUNDLE_HEX: &str = "5059524200010000006501000464656d6f0005312e302e30000000000000000500076d61696e2e70790005302e312e30000000006924810034750f98bd59fcfc000100076d61696e2e707900000009c2d6e9060cbe8dee44279258cc8677d7a20ec16eeeccfedd09b840283efd368534750f98bd59fcfc6d7ecc7561ebb995e4494562d36cd4c4adcf849956078d851b9e613e164853fe02349220ee9a7f48f4a9fb7337a0c7e35378634e0a0f5fcbe2edcb5cf664820e7072696e7428343229";

#[test]
fn builder_reproduces_the_published_vector() {
    let key = SecretKey::from_seed(&[1; 32]);
    assert_eq!(key.public_key().to_text(), PUBLIC_KEY);
    assert_eq!(key.public_key().id().to_string(), KEY_ID);
    let mut b = BundleBuilder::new("demo", "1.0.0", 5);
    b.created_at(1_764_000_000);
    b.add_file("main.py", b"print(42)".to_vec()).unwrap();
    assert_eq!(to_hex(&b.sign(&key).unwrap()), BUNDLE_HEX);
}

#[test]
fn the_published_vector_verifies() {
    let mut bytes = vec![0u8; BUNDLE_HEX.len() / 2];
    pyrite_protocol::keys::decode_hex(BUNDLE_HEX, &mut bytes).unwrap();
    let trusted = TrustedKeys::new([PublicKey::from_text(PUBLIC_KEY).unwrap()]).unwrap();
    let v = verify(&bytes, &trusted, 4).unwrap();
    assert_eq!(v.manifest.app, "demo");
    assert_eq!(v.manifest.created_at, 1_764_000_000);
    assert_eq!(v.size, 192);
}
