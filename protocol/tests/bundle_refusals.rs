//! Every refusal reason of the bundle verifier, and single-byte tampering anywhere.

use pyrite_protocol::bundle::format::{HEADER_LEN, SIGNATURE_BLOCK_LEN};
use pyrite_protocol::bundle::{
    BundleBuilder, BundleError, StreamingVerifier, VerifyEvent, inspect, verify,
};
use pyrite_protocol::keys::{SecretKey, TrustedKeys};
use pyrite_protocol::messages::RefusalReason;
use sha2::{Digest, Sha256};

fn key(n: u8) -> SecretKey {
    SecretKey::from_seed(&[n; 32])
}

fn trusted(k: &SecretKey) -> TrustedKeys {
    TrustedKeys::new([k.public_key()]).unwrap()
}

fn small_bundle(k: &SecretKey, seq: u64) -> Vec<u8> {
    let mut b = BundleBuilder::new("demo", "1.0.0", seq);
    b.created_at(1_764_000_000);
    b.add_file("main.py", b"import util\nprint(util.X)\n".to_vec())
        .unwrap();
    b.add_file("util.py", b"X = 42\n".to_vec()).unwrap();
    b.add_file("empty.txt", Vec::new()).unwrap();
    b.sign(k).unwrap()
}

#[test]
fn valid_bundle_verifies_whole_and_streamed() {
    let k = key(1);
    let bytes = small_bundle(&k, 5);
    let v = verify(&bytes, &trusted(&k), 4).unwrap();
    assert_eq!(v.manifest.sequence, 5);
    assert_eq!(v.sha256, <[u8; 32]>::from(Sha256::digest(&bytes)));
    assert_eq!(v.size, bytes.len() as u64);

    // One byte at a time, collecting events.
    let mut s = StreamingVerifier::new(trusted(&k), 4)
        .interpreter_version("0.1.0")
        .expected_sha256(v.sha256)
        .expected_len(bytes.len() as u64);
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut completed = Vec::new();
    let mut manifest_seen_at = None;
    for (i, b) in bytes.iter().enumerate() {
        s.feed_with(std::slice::from_ref(b), &mut |ev| match ev {
            VerifyEvent::ManifestVerified(_) => manifest_seen_at = Some(i),
            VerifyEvent::FileStart { entry, .. } => files.push((entry.path.clone(), Vec::new())),
            VerifyEvent::FileData { data, offset, .. } => {
                let f = files.last_mut().unwrap();
                assert_eq!(offset as usize, f.1.len());
                f.1.extend_from_slice(data);
            }
            VerifyEvent::FileComplete { entry, .. } => completed.push(entry.path.clone()),
        })
        .unwrap();
    }
    let out = s.finish().unwrap();
    assert_eq!(out, v);
    // The manifest verified exactly when the signature block ended, before any file byte.
    let mlen = u32::from_be_bytes(bytes[6..10].try_into().unwrap()) as usize;
    assert_eq!(
        manifest_seen_at,
        Some(HEADER_LEN + mlen + SIGNATURE_BLOCK_LEN - 1)
    );
    assert_eq!(completed, ["empty.txt", "main.py", "util.py"]);
    assert_eq!(
        files[1],
        ("main.py".into(), b"import util\nprint(util.X)\n".to_vec())
    );
    assert_eq!(files[0].1, b"");
}

#[test]
fn refuses_bad_signature() {
    let k = key(1);
    let mut bytes = small_bundle(&k, 5);
    let mlen = u32::from_be_bytes(bytes[6..10].try_into().unwrap()) as usize;
    bytes[HEADER_LEN + mlen + 8 + 10] ^= 1;
    let e = verify(&bytes, &trusted(&k), 0).unwrap_err();
    assert_eq!(e, BundleError::BadSignature);
    assert_eq!(e.reason(), RefusalReason::BadSignature);
}

#[test]
fn refuses_unknown_key() {
    let bytes = small_bundle(&key(2), 5);
    let e = verify(&bytes, &trusted(&key(1)), 0).unwrap_err();
    assert!(matches!(e, BundleError::UnknownKey { key_id } if key_id == key(2).public_key().id()));
    assert_eq!(e.reason(), RefusalReason::UnknownKey);
    // An empty trust set accepts nothing.
    let e = verify(&bytes, &TrustedKeys::default(), 0).unwrap_err();
    assert_eq!(e.reason(), RefusalReason::UnknownKey);
}

#[test]
fn refuses_file_hash_mismatch() {
    let k = key(1);
    let mut bytes = small_bundle(&k, 5);
    let n = bytes.len();
    bytes[n - 2] ^= 0x20; // inside util.py, the last file
    let e = verify(&bytes, &trusted(&k), 0).unwrap_err();
    assert_eq!(
        e,
        BundleError::FileHashMismatch {
            path: "util.py".into()
        }
    );
    assert_eq!(e.reason(), RefusalReason::FileHashMismatch);
}

#[test]
fn refuses_sequence_not_newer() {
    let k = key(1);
    let bytes = small_bundle(&k, 5);
    for installed in [5, 6, u64::MAX] {
        let e = verify(&bytes, &trusted(&k), installed).unwrap_err();
        assert_eq!(e, BundleError::SequenceNotNewer { got: 5, installed });
        assert_eq!(e.reason(), RefusalReason::SequenceNotNewer);
    }
}

#[test]
fn refuses_too_large() {
    let k = key(1);
    let bytes = small_bundle(&k, 5);
    let limit = bytes.len() as u32 - 1;
    let mut s = StreamingVerifier::new(trusted(&k), 0).max_bundle_size(limit);
    let e = s.feed(&bytes).unwrap_err();
    assert!(matches!(e, BundleError::TooLarge { .. }));
    assert_eq!(e.reason(), RefusalReason::TooLarge);
    // Also refused from the signed manifest's total, before the file bytes arrive.
    let mut s = StreamingVerifier::new(trusted(&k), 0).max_bundle_size(limit);
    let mlen = u32::from_be_bytes(bytes[6..10].try_into().unwrap()) as usize;
    let e = s
        .feed(&bytes[..HEADER_LEN + mlen + SIGNATURE_BLOCK_LEN])
        .unwrap_err();
    assert!(matches!(e, BundleError::TooLarge { .. }));
    // And from an announced size above the limit, at once.
    let mut s = StreamingVerifier::new(trusted(&k), 0)
        .max_bundle_size(100)
        .expected_len(101);
    assert!(matches!(s.feed(&[]), Err(BundleError::TooLarge { .. })));
    // An oversized file is refused by the builder.
    let mut b = BundleBuilder::new("big", "1", 1);
    assert!(matches!(
        b.add_file("main.py", vec![0u8; 4 * 1024 * 1024 + 1]),
        Err(BundleError::TooLarge { .. })
    ));
}

#[test]
fn refuses_interpreter_too_old() {
    let k = key(1);
    let mut b = BundleBuilder::new("demo", "1", 1);
    b.min_interpreter("0.3.0");
    b.add_file("main.py", b"pass".to_vec()).unwrap();
    let bytes = b.sign(&k).unwrap();
    let mut s = StreamingVerifier::new(trusted(&k), 0).interpreter_version("0.2.9-dev");
    let e = s.feed(&bytes).unwrap_err();
    assert_eq!(e.reason(), RefusalReason::InterpreterTooOld);
    let mut s = StreamingVerifier::new(trusted(&k), 0).interpreter_version("0.3.0");
    s.feed(&bytes).unwrap();
    s.finish().unwrap();
}

#[test]
fn refuses_bundle_hash_mismatch_and_truncation_and_trailing_data() {
    let k = key(1);
    let bytes = small_bundle(&k, 5);
    let mut s = StreamingVerifier::new(trusted(&k), 0).expected_sha256([0; 32]);
    s.feed(&bytes).unwrap();
    assert_eq!(s.finish().unwrap_err(), BundleError::BundleHashMismatch);

    for cut in [0, 5, HEADER_LEN, 40, bytes.len() - 1] {
        let mut s = StreamingVerifier::new(trusted(&k), 0);
        s.feed(&bytes[..cut]).unwrap();
        let e = s.finish().unwrap_err();
        assert!(matches!(e, BundleError::Truncated { .. }), "{cut}: {e:?}");
        assert_eq!(e.reason(), RefusalReason::Malformed);
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert_eq!(
        verify(&longer, &trusted(&k), 0).unwrap_err(),
        BundleError::Malformed("data after the last file")
    );
    // Errors are sticky: feeding more after a refusal repeats it.
    let mut s = StreamingVerifier::new(trusted(&key(9)), 0);
    let e1 = s.feed(&bytes).unwrap_err();
    assert_eq!(s.feed(b"more").unwrap_err(), e1);
    assert_eq!(s.finish().unwrap_err(), e1);
}

#[test]
fn refuses_announced_size_mismatch() {
    let k = key(1);
    let bytes = small_bundle(&k, 5);
    let mut s = StreamingVerifier::new(trusted(&k), 0).expected_len(bytes.len() as u64 + 1);
    assert!(matches!(s.feed(&bytes), Err(BundleError::Malformed(_))));
}

#[test]
fn every_single_byte_flip_is_refused() {
    let k = key(1);
    let bytes = small_bundle(&k, 5);
    let trusted = trusted(&k);
    assert!(verify(&bytes, &trusted, 0).is_ok());
    let mlen = u32::from_be_bytes(bytes[6..10].try_into().unwrap()) as usize;
    let files_start = HEADER_LEN + mlen + SIGNATURE_BLOCK_LEN;
    let mut by_region = [0usize; 4];
    for i in 0..bytes.len() {
        for mask in [0x01u8, 0x80, 0xff] {
            let mut t = bytes.clone();
            t[i] ^= mask;
            let r = verify(&t, &trusted, 0);
            assert!(r.is_err(), "flip {mask:#x} at byte {i} was accepted");
            // The streaming verifier agrees with whole-buffer verification.
            let mut s = StreamingVerifier::new(trusted.clone(), 0);
            let streamed = s
                .feed(&t[..i + 1])
                .and_then(|_| s.feed(&t[i + 1..]))
                .and_then(|_| s.finish());
            assert_eq!(streamed.map(|_| ()), r.map(|_| ()));
        }
        let region = if i < HEADER_LEN {
            0
        } else if i < HEADER_LEN + mlen {
            1
        } else if i < files_start {
            2
        } else {
            3
        };
        by_region[region] += 1;
    }
    println!(
        "byte flips refused: {} tampered bundles ({} bytes x 3 masks; header {}, manifest {}, signature {}, files {})",
        bytes.len() * 3,
        bytes.len(),
        by_region[0],
        by_region[1],
        by_region[2],
        by_region[3]
    );
    // Header, manifest, signature block and file bytes were all covered.
    assert!(by_region.iter().all(|&n| n > 0), "{by_region:?}");
    assert_eq!(by_region[2], SIGNATURE_BLOCK_LEN);
}

#[test]
fn inspect_parses_without_trust() {
    let k = key(3);
    let bytes = small_bundle(&k, 9);
    let view = inspect(&bytes).unwrap();
    assert_eq!(view.manifest.sequence, 9);
    assert_eq!(view.key_id, k.public_key().id());
    assert!(view.files_match());
    assert_eq!(view.file("util.py").unwrap(), b"X = 42\n");
    let text = view.to_string();
    assert!(text.contains("demo") && text.contains("util.py") && text.contains("2025-11-24"));
    let mut t = bytes.clone();
    let n = t.len();
    t[n - 1] ^= 1;
    let v = inspect(&t).unwrap();
    assert!(!v.files_match());
    assert!(inspect(&bytes[..bytes.len() - 1]).is_err());
    assert!(inspect(b"PYRB").is_err());
    assert!(inspect(b"").is_err());
}
