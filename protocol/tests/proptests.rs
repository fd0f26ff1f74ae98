//! Property tests: no decoder panics on any input, and the streaming verifier agrees with
//! whole-buffer verification for every way of cutting the stream.
//!
//! Case counts: `DECODER_CASES` (10,000) random inputs per decoder property, `BUNDLE_CASES`
//! (2,000) random bundles per bundle property. Run with `cargo test -p pyrite-protocol --test
//! proptests` (add `--release` to go faster; PROPTEST_CASES overrides nothing here, the counts
//! are fixed so the figures in the report are what ran).

use proptest::prelude::*;
use pyrite_protocol::bundle::{BundleBuilder, Manifest, StreamingVerifier, inspect, verify};
use pyrite_protocol::chunk::ChunkFrame;
use pyrite_protocol::keys::{KeyId, PublicKey, SecretKey, TrustedKeys};
use pyrite_protocol::messages::{self, *};
use pyrite_protocol::topics::DeviceTopic;

const DECODER_CASES: u32 = 10_000;
const BUNDLE_CASES: u32 = 2_000;

fn valid_messages() -> Vec<Vec<u8>> {
    let sha = "ab".repeat(32);
    let sk = SecretKey::from_seed(&[5; 32]);
    let rot = pyrite_protocol::rotation::sign_key_rotation(3, vec![sk.public_key()], &sk).unwrap();
    vec![
        br#"{"protocol":1,"state":"online","agent_version":"0.1.0","interpreter_version":"0.1.0","platform":"linux","free_ram":1000,"free_flash":2000,"running":{"app":"a","version":"1","sequence":3,"sha256":"SHA"},"app_state":"running"}"#.to_vec(),
        br#"{"uptime_ms":5,"free_ram":9,"running":null,"app_state":"none","rssi":-50}"#.to_vec(),
        br#"{"protocol":1,"deployment":"d1","bundle":{"sha256":"SHA","size":100,"sequence":2,"app":"x","version":"1"}}"#.to_vec(),
        br#"{"protocol":1,"deployment":"d1","sha256":"SHA","sequence":2,"state":"refused","reason":"bad_signature","detail":"x"}"#.to_vec(),
        br#"{"sha256":"SHA","offset":0,"chunk_size":2048,"count":8}"#.to_vec(),
        br#"{"sent_at":10,"lines":[{"t":1,"level":"info","source":"script","msg":"hi"}],"dropped":0}"#.to_vec(),
        br#"{"sent_at":10,"series":[{"name":"temp","points":[[1,2.5],[2,3]]}]}"#.to_vec(),
        br#"{"type":"input","session":"s","seq":0,"data":"1+1\n"}"#.to_vec(),
        br#"{"type":"output","session":"s","seq":0,"data":"2\n"}"#.to_vec(),
        br#"{"id":"c1","command":"reboot"}"#.to_vec(),
        br#"{"id":"c1","ok":false,"error":"no"}"#.to_vec(),
        messages::encode(&rot).unwrap(),
        br#"{"device_id":"d-1","enroll_token":"t","agent_version":"1","interpreter_version":"1","protocol":1}"#.to_vec(),
    ]
    .into_iter()
    .map(|m| String::from_utf8(m).unwrap().replace("SHA", &sha).into_bytes())
    .collect()
}

/// Runs every decoder on `b`; none may panic. Returns how many accepted it.
fn decode_all(b: &[u8]) -> usize {
    let mut ok = 0;
    ok += decode_status(b).is_ok() as usize;
    ok += decode_heartbeat(b).is_ok() as usize;
    ok += decode_desired(b).is_ok() as usize;
    ok += decode_report(b).is_ok() as usize;
    ok += decode_chunk_request(b).is_ok() as usize;
    ok += decode_log_batch(b).is_ok() as usize;
    ok += decode_telemetry(b).is_ok() as usize;
    ok += decode_repl_in(b).is_ok() as usize;
    ok += decode_repl_out(b).is_ok() as usize;
    ok += decode_command(b).is_ok() as usize;
    ok += decode_command_ack(b).is_ok() as usize;
    ok += decode_key_rotation(b).is_ok() as usize;
    ok += decode_enroll_request(b).is_ok() as usize;
    ok += decode_enroll_response(b).is_ok() as usize;
    ok += ChunkFrame::decode(b).is_ok() as usize;
    ok += Manifest::decode(b).is_ok() as usize;
    ok += inspect(b).is_ok() as usize;
    let trusted = TrustedKeys::new([SecretKey::from_seed(&[1; 32]).public_key()]).unwrap();
    ok += verify(b, &trusted, 0).is_ok() as usize;
    if let Ok(s) = std::str::from_utf8(b) {
        ok += DeviceTopic::parse(s).is_ok() as usize;
        ok += PublicKey::from_text(s).is_ok() as usize;
        ok += SecretKey::from_text(s).is_ok() as usize;
        ok += KeyId::from_hex(s).is_ok() as usize;
    }
    ok
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Insert(usize, u8),
    Delete(usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1u8..).prop_map(|(i, m)| Mutation::Flip(i, m)),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Insert(i, b)),
        any::<usize>().prop_map(Mutation::Delete),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(mut v: Vec<u8>, muts: &[Mutation]) -> Vec<u8> {
    for m in muts {
        let n = v.len().max(1);
        match *m {
            Mutation::Flip(i, x) => {
                if !v.is_empty() {
                    v[i % n] ^= x;
                }
            }
            Mutation::Insert(i, b) => v.insert(i % (v.len() + 1), b),
            Mutation::Delete(i) => {
                if !v.is_empty() {
                    v.remove(i % n);
                }
            }
            Mutation::Truncate(i) => v.truncate(i % n),
        }
    }
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: DECODER_CASES, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn decoders_never_panic_on_random_bytes(b in proptest::collection::vec(any::<u8>(), 0..600)) {
        decode_all(&b);
    }

    #[test]
    fn decoders_never_panic_on_mutated_valid_messages(
        which in 0usize..13,
        muts in proptest::collection::vec(mutation(), 1..6),
    ) {
        let base = valid_messages().swap_remove(which);
        decode_all(&apply(base, &muts));
    }

    #[test]
    fn decoders_never_panic_on_random_text(s in "\\PC{0,300}") {
        decode_all(s.as_bytes());
    }

    #[test]
    fn chunk_frames_round_trip(sha in any::<[u8; 32]>(), total in 1u32..=4_194_304, off in any::<u32>(), len in 1usize..=4096) {
        let payload = vec![0xA5u8; len];
        let f = ChunkFrame { bundle_sha256: sha, offset: off % total, total_len: total, payload: &payload };
        match f.encode() {
            Ok(bytes) => prop_assert_eq!(ChunkFrame::decode(&bytes).unwrap(), f),
            Err(_) => prop_assert!(u64::from(f.offset) + len as u64 > u64::from(total)),
        }
    }
}

#[test]
fn valid_messages_decode() {
    // The seeds of the mutation test are themselves valid, so mutations start from deep inside
    // the accepted language.
    for m in valid_messages() {
        assert!(decode_all(&m) >= 1, "{}", String::from_utf8_lossy(&m));
    }
}

fn path() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("main.py".to_string()),
        "[a-z]{1,8}\\.py",
        "[a-z]{1,5}/[a-z]{1,8}\\.(py|txt|bin)",
    ]
}

fn bundle_case() -> impl Strategy<Value = (Vec<(String, Vec<u8>)>, u64)> {
    (
        proptest::collection::btree_map(
            path(),
            proptest::collection::vec(any::<u8>(), 0..1500),
            0..5,
        ),
        1u64..1000,
    )
        .prop_map(|(mut files, seq)| {
            files
                .entry("main.py".into())
                .or_insert_with(|| b"print(1)".to_vec());
            (files.into_iter().collect(), seq)
        })
}

fn build(files: &[(String, Vec<u8>)], seq: u64, key: &SecretKey) -> Vec<u8> {
    let mut b = BundleBuilder::new("prop", "1.0", seq);
    for (p, d) in files {
        b.add_file(p.clone(), d.clone()).unwrap();
    }
    b.sign(key).unwrap()
}

fn streamed(
    bytes: &[u8],
    cuts: &[usize],
    trusted: &TrustedKeys,
    installed: u64,
) -> Result<pyrite_protocol::bundle::VerifiedBundle, pyrite_protocol::bundle::BundleError> {
    let mut points: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
    points.push(0);
    points.push(bytes.len());
    points.sort_unstable();
    let mut v = StreamingVerifier::new(trusted.clone(), installed);
    for w in points.windows(2) {
        v.feed(&bytes[w[0]..w[1]])?;
    }
    v.finish()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: BUNDLE_CASES, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn streaming_equals_whole_for_any_split(
        (files, seq) in bundle_case(),
        cuts in proptest::collection::vec(any::<usize>(), 0..40),
        installed in 0u64..1000,
    ) {
        let key = SecretKey::from_seed(&[7; 32]);
        let trusted = TrustedKeys::new([key.public_key()]).unwrap();
        let bytes = build(&files, seq, &key);
        let whole = verify(&bytes, &trusted, installed);
        let s = streamed(&bytes, &cuts, &trusted, installed);
        prop_assert_eq!(&s, &whole);
        prop_assert_eq!(whole.is_ok(), seq > installed);
        if let Ok(v) = whole {
            let view = inspect(&bytes).unwrap();
            for (p, d) in &files {
                prop_assert_eq!(view.file(p).unwrap(), &d[..]);
            }
            prop_assert_eq!(v.manifest, view.manifest);
        }
    }

    #[test]
    fn tampered_bundles_are_refused_identically_streamed_and_whole(
        (files, seq) in bundle_case(),
        muts in proptest::collection::vec(mutation(), 1..4),
        cuts in proptest::collection::vec(any::<usize>(), 0..20),
    ) {
        let key = SecretKey::from_seed(&[7; 32]);
        let trusted = TrustedKeys::new([key.public_key()]).unwrap();
        let bytes = build(&files, seq, &key);
        let t = apply(bytes.clone(), &muts);
        let whole = verify(&t, &trusted, 0);
        prop_assert_eq!(&streamed(&t, &cuts, &trusted, 0), &whole);
        // A changed bundle never verifies (a mutation sequence may cancel out: then equal bytes).
        if t != bytes {
            prop_assert!(whole.is_err(), "tampered bundle accepted");
        }
        inspect(&t).ok();
    }
}
