//! Gets past the signature: builds and signs a bundle from the input (so the verifier's file
//! streaming is exercised), then tampers with it at input-chosen places. The untouched bundle
//! must verify; whole and streamed verdicts must agree; a changed bundle must be refused.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pyrite_protocol::bundle::{BundleBuilder, StreamingVerifier, verify};
use pyrite_protocol::keys::{SecretKey, TrustedKeys};

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let (ctl, body) = data.split_at(4);
    let key = SecretKey::from_seed(&[1; 32]);
    let trusted = TrustedKeys::new([key.public_key()]).unwrap();
    // Files: body split in up to 4 parts at input-chosen points.
    let mut b = BundleBuilder::new("fz", "1", 2);
    let parts = usize::from(ctl[0] % 4) + 1;
    let mut rest = body;
    for i in 0..parts {
        let take = if i + 1 == parts {
            rest.len()
        } else {
            rest.len().min(usize::from(ctl[1]) * (i + 1))
        };
        let (file, r) = rest.split_at(take);
        rest = r;
        let path = if i == 0 {
            "main.py".to_string()
        } else {
            format!("f{i}.bin")
        };
        b.add_file(path, file.to_vec()).unwrap();
    }
    let good = b.sign(&key).unwrap();
    let step = usize::from(ctl[2]).max(1);
    let stream = |bytes: &[u8]| {
        let mut v = StreamingVerifier::new(trusted.clone(), 1);
        for c in bytes.chunks(step) {
            v.feed(c)?;
        }
        v.finish()
    };
    assert!(verify(&good, &trusted, 1).is_ok());
    assert!(stream(&good).is_ok());
    // Tamper: flip one byte, or truncate, or append, chosen by ctl[3].
    let mut bad = good.clone();
    let at = (usize::from(ctl[1]) * 131 + usize::from(ctl[2])) % bad.len();
    match ctl[3] % 3 {
        0 => bad[at] ^= ctl[3] | 1,
        1 => bad.truncate(at),
        _ => bad.push(ctl[3]),
    }
    let whole = verify(&bad, &trusted, 1);
    assert_eq!(whole.is_ok(), stream(&bad).is_ok());
    assert!(whole.is_err(), "tampered bundle accepted");
});
