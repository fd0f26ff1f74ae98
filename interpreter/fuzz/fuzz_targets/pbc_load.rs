//! Any bytes through the `.pbc` loader (header, payload parser, bytecode verifier), and what
//! it accepts through the VM: an error, never a panic. The first half of the corpus should be
//! real `.pbc` files (`pyrite compile`), which libFuzzer then mutates; a mutated payload
//! fails the CRC, so inputs starting with `!` get their header (length, CRC) recomputed
//! to reach the parser and the verifier.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pyrite::{Config, Host, Interpreter, RunOutcome};

struct Null;
impl Host for Null {
    fn write_out(&mut self, _: &str) {}
    fn write_err(&mut self, _: &str) {}
    fn now_ms(&mut self) -> u64 {
        0
    }
    fn read_file(&mut self, _: &str) -> Option<Vec<u8>> {
        None
    }
    fn as_any(&mut self) -> &mut dyn std::any::Any {
        self
    }
}

fuzz_target!(|data: &[u8]| {
    let mut bytes = data.to_vec();
    if bytes.first() == Some(&b'!') && bytes.len() >= 17 {
        bytes.remove(0);
        let payload = bytes[16..].to_vec();
        bytes[8..12].copy_from_slice(&(payload.len() as u32).to_le_bytes());
        bytes[12..16].copy_from_slice(&pyrite::pbc::crc32(&payload).to_le_bytes());
    }
    let config = Config {
        heap_bytes: 8 << 20,
        max_depth: 100,
    };
    let mut it = Interpreter::new(config, Box::new(Null));
    if pyrite::pbc::start(&mut it, "fuzz.pbc", &bytes).is_ok() {
        for _ in 0..20 {
            match it.run(10_000) {
                RunOutcome::Yielded | RunOutcome::Sleeping { .. } => {}
                RunOutcome::Done | RunOutcome::Error(_) => break,
            }
        }
    }
});
