//! Every JSON decoder, the chunk frame, topics and key text on arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pyrite_protocol::chunk::ChunkFrame;
use pyrite_protocol::keys::{KeyId, PublicKey, SecretKey};
use pyrite_protocol::messages::*;
use pyrite_protocol::topics::DeviceTopic;

fuzz_target!(|b: &[u8]| {
    let _ = decode_status(b);
    let _ = decode_heartbeat(b);
    let _ = decode_desired(b);
    let _ = decode_report(b);
    let _ = decode_chunk_request(b);
    let _ = decode_log_batch(b);
    let _ = decode_telemetry(b);
    let _ = decode_repl_in(b);
    let _ = decode_repl_out(b);
    let _ = decode_command(b);
    let _ = decode_command_ack(b);
    let _ = decode_key_rotation(b);
    let _ = decode_enroll_request(b);
    let _ = decode_enroll_response(b);
    if let Ok(f) = ChunkFrame::decode(b) {
        assert_eq!(f.encode().unwrap(), b);
    }
    if let Ok(s) = std::str::from_utf8(b) {
        let _ = DeviceTopic::parse(s);
        let _ = PublicKey::from_text(s);
        let _ = SecretKey::from_text(s);
        let _ = KeyId::from_hex(s);
    }
});
