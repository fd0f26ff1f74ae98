//! Every JSON example in PROTOCOL.md decodes with the crate, so the spec and the code cannot
//! drift apart silently.

use pyrite_protocol::keys::{SecretKey, TrustedKeys};
use pyrite_protocol::messages::*;

const SPEC: &str = include_str!("../PROTOCOL.md");

fn json_examples() -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = SPEC;
    while let Some(start) = rest.find("```json\n") {
        let body = &rest[start + 8..];
        let end = body.find("```").expect("closed code block");
        for v in serde_json::Deserializer::from_str(&body[..end]).into_iter::<serde_json::Value>() {
            out.push(v.expect("example is valid JSON").to_string());
        }
        rest = &body[end..];
    }
    out
}

/// Names of the decoders that accept `b`.
fn accepted_by(b: &[u8]) -> Vec<&'static str> {
    let mut v = Vec::new();
    let mut t = |ok: bool, name| {
        if ok {
            v.push(name)
        }
    };
    t(matches!(decode_status(b), Ok(Status::Online(_))), "birth");
    t(decode_heartbeat(b).is_ok(), "heartbeat");
    t(decode_desired(b).is_ok(), "desired");
    t(decode_report(b).is_ok(), "report");
    t(decode_chunk_request(b).is_ok(), "chunk_request");
    t(decode_log_batch(b).is_ok(), "log");
    t(decode_telemetry(b).is_ok(), "telemetry");
    t(decode_repl_in(b).is_ok(), "repl_in");
    t(decode_repl_out(b).is_ok(), "repl_out");
    t(decode_command(b).is_ok(), "command");
    t(decode_command_ack(b).is_ok(), "command_ack");
    t(decode_key_rotation(b).is_ok(), "keys");
    t(decode_enroll_request(b).is_ok(), "enroll_request");
    t(decode_enroll_response(b).is_ok(), "enroll_response");
    v
}

#[test]
fn every_json_example_in_the_spec_decodes() {
    let examples = json_examples();
    assert!(
        examples.len() >= 15,
        "found only {} examples",
        examples.len()
    );
    let mut kinds = std::collections::BTreeSet::new();
    for e in &examples {
        let by = accepted_by(e.as_bytes());
        assert!(!by.is_empty(), "no decoder accepts the spec example {e}");
        kinds.extend(by);
    }
    for k in [
        "birth",
        "heartbeat",
        "desired",
        "report",
        "chunk_request",
        "log",
        "telemetry",
        "repl_in",
        "repl_out",
        "keys",
        "command",
        "command_ack",
        "enroll_request",
        "enroll_response",
    ] {
        assert!(kinds.contains(k), "the spec has no example of {k}");
    }
}

#[test]
fn the_spec_key_rotation_example_verifies() {
    let rotation = json_examples()
        .into_iter()
        .find_map(|e| decode_key_rotation(e.as_bytes()).ok())
        .expect("a key rotation example");
    let trusted = TrustedKeys::new([SecretKey::from_seed(&[1; 32]).public_key()]).unwrap();
    let set = pyrite_protocol::rotation::verify_key_rotation(&rotation, &trusted, 0).unwrap();
    assert_eq!(set.len(), 2);
}
